//! The commercial invoice (商业发票) and the packing list (装箱单) generated from the recorded
//! data, never retyped: the contract (prices, terms, marks), the instructions carried and the
//! shipment (what was stuffed in which container, vessel, ports). Every figure is computed:
//! line amounts are quantity × unit price rounded half-up to the currency's minor unit, totals
//! are sums, weights and packages come from the containers, measurement from the products'
//! packages. The output is the interchange format of `document_set`.

use crate::contract::LineFigures;
use crate::document_set as ds;
use crate::instruction::InstructionData;
use crate::letter_of_credit::LetterOfCreditData;
use crate::money::{Currency, Money};
use crate::product::ProductData;
use crate::sales_contract::ContractData;
use crate::shipment::{BookingData, ShipmentData};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// An instruction the shipment carries, with its contract.
pub struct Carried<'a> {
    pub id: Uuid,
    pub number: &'a str,
    pub data: &'a InstructionData,
    pub contract_number: &'a str,
    pub contract: &'a ContractData,
}

/// Everything the invoice and packing list are made from.
pub struct Source<'a> {
    pub seller: ds::Party,
    pub buyer: ds::Party,
    pub carried: &'a [Carried<'a>],
    pub shipment: &'a ShipmentData,
    pub booking: &'a BookingData,
    pub products: &'a HashMap<Uuid, ProductData>,
    /// The documentary credit, when the contract is paid by one (its latest revision).
    pub credit: Option<&'a LetterOfCreditData>,
    /// Deposit received under T/T terms, in the invoice currency.
    pub deposit_received: Option<Decimal>,
    /// The contract's consignee and notify party, when they are not the buyer.
    pub consignee: Option<ds::Party>,
    pub notify: Option<ds::Party>,
    /// The forwarder the shipping instruction goes to.
    pub forwarder: Option<ds::Party>,
    /// Our bank (the payee of a draft: the remitting or negotiating bank).
    pub our_bank: Option<String>,
}

impl Source<'_> {
    /// The credit's number, when the contract is paid by one.
    pub fn credit_number(&self) -> Option<String> {
        self.credit.map(|c| c.number.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error("nothing is stuffed in the shipment's containers yet")]
    NothingStuffed,
    #[error(
        "the contracts of this shipment are in different currencies ({0} and {1}): one invoice per currency"
    )]
    MixedCurrencies(Currency, Currency),
    #[error("container goods name instruction {0}, which the shipment does not carry")]
    UnknownInstruction(Uuid),
    #[error("the amount cannot be written in words: {0}")]
    Words(String),
}

impl GenerateError {
    pub fn code(&self) -> &'static str {
        match self {
            GenerateError::NothingStuffed => "nothing_stuffed",
            GenerateError::MixedCurrencies(..) => "mixed_currencies",
            GenerateError::UnknownInstruction(_) => "unknown_instruction",
            GenerateError::Words(_) => "amount_in_words",
        }
    }
}

/// A port as documents show it: the UN/LOCODE name without diacritics and the country.
pub fn port(code: &str) -> ds::Port {
    match crate::port::Port::lookup(code) {
        Some(p) => ds::Port {
            name: Some(p.name_ascii.to_uppercase()),
            unlocode: Some(p.code.clone()),
            country: Some(p.country.to_string()),
            any_port_in_country: None,
        },
        None => ds::Port {
            name: Some(code.to_string()),
            unlocode: Some(code.to_string()),
            country: None,
            any_port_in_country: None,
        },
    }
}

/// What a line of goods is, per (instruction, line): description, HS code, unit, price,
/// package type and per-package weights and volume.
struct LineFacts {
    description: String,
    hs_code: Option<String>,
    unit: String,
    unit_price: Decimal,
    unit_kind: crate::contract::QuantityUnit,
    package_type: Option<String>,
    net_per_package: Option<Decimal>,
    gross_per_package: Option<Decimal>,
    volume_per_package: Option<Decimal>,
}

fn facts(src: &Source<'_>, instruction: Uuid, line: u32) -> Result<LineFacts, GenerateError> {
    let c = src
        .carried
        .iter()
        .find(|c| c.id == instruction)
        .ok_or(GenerateError::UnknownInstruction(instruction))?;
    let il = c
        .data
        .lines
        .get(line as usize)
        .ok_or(GenerateError::UnknownInstruction(instruction))?;
    let cl = c.contract.lines.get(il.contract_line as usize);
    let product = il.product_id.and_then(|p| src.products.get(&p));
    let package = product.and_then(|p| {
        p.packages
            .iter()
            .find(|k| il.package.as_deref() == Some(k.name.as_str()))
            .or(p.packages.first())
    });
    let description = match (&cl, &il.spec) {
        (Some(cl), _) => match &cl.spec {
            Some(s) => format!("{}, {}", cl.description_en, s),
            None => cl.description_en.clone(),
        },
        (None, Some(s)) => format!("{}, {}", il.description, s),
        (None, None) => il.description.clone(),
    };
    Ok(LineFacts {
        description: description.to_uppercase(),
        hs_code: cl
            .and_then(|cl| cl.hs_code.as_ref())
            .map(|h| h.to_string())
            .or_else(|| product.map(|p| p.hs_code.to_string())),
        unit: il.unit.document_abbreviation().to_string(),
        unit_price: cl.map(|cl| cl.figures.unit_price).unwrap_or_default(),
        unit_kind: il.unit,
        package_type: package.map(|k| format!("{}S", k.kind.as_str().to_uppercase())),
        net_per_package: package.map(|k| k.net.0),
        gross_per_package: package.map(|k| k.gross.0),
        volume_per_package: package.map(|k| k.volume().0),
    })
}

pub(crate) fn currency(src: &Source<'_>) -> Result<Currency, GenerateError> {
    let mut cur: Option<Currency> = None;
    for c in src.carried {
        match cur {
            None => cur = Some(c.contract.currency),
            Some(x) if x != c.contract.currency => {
                return Err(GenerateError::MixedCurrencies(x, c.contract.currency));
            }
            _ => {}
        }
    }
    cur.ok_or(GenerateError::NothingStuffed)
}

/// One value when every item agrees, else none (`CARTONS` for an all-carton shipment).
pub(crate) fn common<T: PartialEq + Clone>(v: impl Iterator<Item = Option<T>>) -> Option<T> {
    let mut out: Option<T> = None;
    for x in v {
        let x = x?;
        match &out {
            None => out = Some(x),
            Some(o) if *o != x => return None,
            _ => {}
        }
    }
    out
}

/// The commercial invoice: one line per instruction line stuffed, at the contract's price.
pub fn invoice(src: &Source<'_>, number: &str, date: NaiveDate) -> Result<ds::Invoice, GenerateError> {
    let cur = currency(src)?;
    // Quantities, packages and weights per (instruction, line), in the order stuffed.
    let mut order: Vec<(Uuid, u32)> = Vec::new();
    let mut sums: HashMap<(Uuid, u32), (Decimal, u32)> = HashMap::new();
    for k in &src.shipment.containers {
        for l in &k.lines {
            let key = (l.instruction_id, l.line);
            if !order.contains(&key) {
                order.push(key);
            }
            let e = sums.entry(key).or_default();
            e.0 += l.quantity;
            e.1 += l.packages;
        }
    }
    if order.is_empty() {
        return Err(GenerateError::NothingStuffed);
    }
    let mut lines = Vec::new();
    for key in &order {
        let f = facts(src, key.0, key.1)?;
        let (quantity, packages) = sums[key];
        let amount = LineFigures {
            quantity,
            unit: f.unit_kind,
            unit_price: f.unit_price,
        }
        .amount(cur)
        .amount;
        lines.push(ds::InvoiceLine {
            description: f.description,
            hs_code: f.hs_code,
            quantity,
            unit: f.unit,
            unit_price: f.unit_price,
            amount,
            packages: Some(packages),
            package_type: f.package_type,
        });
    }
    let total: Decimal = lines.iter().map(|l| l.amount).sum();
    let words = crate::words::amount_in_english(&Money {
        amount: total,
        currency: cur,
    })
    .map_err(|e| GenerateError::Words(e.to_string()))?;
    let first = src.carried.first().map(|c| c.contract);
    let contracts: Vec<&str> = {
        let mut v: Vec<&str> = Vec::new();
        for c in src.carried {
            if !v.contains(&c.contract_number) {
                v.push(c.contract_number);
            }
        }
        v
    };
    let marks = common(src.carried.iter().map(|c| {
        c.data
            .production
            .marks
            .clone()
            .or_else(|| c.contract.marks.clone())
    }));
    let origin = common(
        lines
            .iter()
            .zip(&order)
            .map(|(_, key)| origin_of(src, key.0, key.1)),
    );
    let conf = src.booking.confirmation.as_ref();
    Ok(ds::Invoice {
        number: number.to_string(),
        date,
        title: Some("COMMERCIAL INVOICE".into()),
        issuer: src.seller.clone(),
        buyer: src.buyer.clone(),
        currency: cur.to_string(),
        incoterm: first.map(|c| ds::Incoterm {
            term: c.incoterm.term().as_str().to_string(),
            place: match c.incoterm.place() {
                crate::incoterm::NamedPlace::Port { port, .. } => port.name_ascii.to_uppercase(),
                crate::incoterm::NamedPlace::Place { name, .. } => name.to_uppercase(),
            },
            version: Some("INCOTERMS 2020".into()),
        }),
        packages_total: Some(lines.iter().filter_map(|l| l.packages).sum()),
        package_type: common(lines.iter().map(|l| l.package_type.clone())),
        lines,
        charges: Vec::new(),
        total_amount: total,
        amount_in_words: Some(words),
        deposit_received: src.deposit_received,
        balance_due: src.deposit_received.map(|d| total - d),
        country_of_origin: origin,
        marks,
        net_weight_kg: Some(src.shipment.containers.iter().map(|k| k.net_kg()).sum()),
        gross_weight_kg: Some(src.shipment.containers.iter().map(|k| k.gross_kg()).sum()),
        port_of_loading: Some(port(&src.booking.request.port_of_loading)),
        port_of_discharge: Some(port(&src.booking.request.port_of_discharge)),
        vessel: conf.map(|c| format!("{} V.{}", c.vessel, c.voyage)),
        contract_number: Some(contracts.join(", ")),
        lc_number: src.credit_number(),
    })
}

fn origin_of(src: &Source<'_>, instruction: Uuid, line: u32) -> Option<String> {
    let c = src.carried.iter().find(|c| c.id == instruction)?;
    let il = c.data.lines.get(line as usize)?;
    let p = src.products.get(&il.product_id?)?;
    Some(p.origin.to_string())
}

/// The packing list: one line per container and instruction line, with per-package and
/// total weights, the containers with their seals, and the measurement from the packages'
/// outside dimensions.
pub fn packing_list(
    src: &Source<'_>,
    number: &str,
    invoice_number: &str,
    date: NaiveDate,
) -> Result<ds::PackingList, GenerateError> {
    let mut lines = Vec::new();
    let mut containers = Vec::new();
    let mut cbm = Decimal::ZERO;
    let mut cbm_known = true;
    for k in &src.shipment.containers {
        let mut container_cbm = Some(Decimal::ZERO);
        for l in &k.lines {
            let f = facts(src, l.instruction_id, l.line)?;
            let line_cbm = f.volume_per_package.map(|v| v * Decimal::from(l.packages));
            match line_cbm {
                Some(v) => cbm += v,
                None => cbm_known = false,
            }
            container_cbm = container_cbm.zip(line_cbm).map(|(a, b)| a + b);
            lines.push(ds::PackingLine {
                description: f.description,
                packages: l.packages,
                package_type: f.package_type,
                net_per_package_kg: f.net_per_package,
                gross_per_package_kg: f.gross_per_package,
                net_weight_kg: Some(l.net_kg),
                gross_weight_kg: Some(l.gross_kg),
                container_no: Some(k.number.to_string()),
                measurement_cbm: line_cbm.map(|v| v.round_dp(3)),
            });
        }
        containers.push(ds::PackedContainer {
            number: k.number.to_string(),
            seal: (!k.seals.is_empty()).then(|| k.seals.join(" / ")),
            packages: Some(u32::try_from(k.packages()).unwrap_or(u32::MAX)),
            gross_weight_kg: Some(k.gross_kg()),
            measurement_cbm: container_cbm
                .filter(|_| !k.lines.is_empty())
                .map(|v| v.round_dp(3)),
        });
    }
    if lines.is_empty() {
        return Err(GenerateError::NothingStuffed);
    }
    let marks = common(src.carried.iter().map(|c| {
        c.data
            .production
            .marks
            .clone()
            .or_else(|| c.contract.marks.clone())
    }));
    Ok(ds::PackingList {
        number: number.to_string(),
        date,
        issuer: src.seller.clone(),
        invoice_number: Some(invoice_number.to_string()),
        packages_total: lines.iter().map(|l| l.packages).sum(),
        package_type: common(lines.iter().map(|l| l.package_type.clone())),
        net_weight_kg: Some(lines.iter().filter_map(|l| l.net_weight_kg).sum()),
        gross_weight_kg: Some(lines.iter().filter_map(|l| l.gross_weight_kg).sum()),
        measurement_cbm: cbm_known.then(|| cbm.round_dp(3)),
        lines,
        marks,
        containers,
        lc_number: src.credit_number(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::QuantityUnit;
    use crate::instruction::{
        DocumentationSection, InstructionLine, ProductionSection, ShippingSection, WarehouseSection,
    };
    use crate::shipment::{BookingConfirmation, BookingRequest, Container, ContainerNumber, StuffedLine};
    use proptest::prelude::*;

    fn contract() -> ContractData {
        use crate::incoterm::TermWithPlaceInput;
        use crate::payment::{InstalmentInput, PaymentTermsInput};
        use crate::sales_contract::{ContractInput, ContractLineInput};
        let line =
            |d: &str, spec: Option<&str>, hs: &str, q: &str, unit: &str, price: &str| ContractLineInput {
                description_en: d.into(),
                spec: spec.map(Into::into),
                hs_code: Some(hs.into()),
                quantity: q.into(),
                unit: unit.into(),
                unit_price: price.into(),
                ..Default::default()
            };
        ContractInput {
            date: Some("2026-11-01".into()),
            buyer_id: Some(Uuid::nil()),
            currency: "USD".into(),
            incoterm: TermWithPlaceInput {
                term: "CFR".into(),
                port: Some("NLRTM".into()),
                ..Default::default()
            },
            port_of_loading: Some("CNQDG".into()),
            port_of_discharge: Some("NLRTM".into()),
            shipment_latest: "2027-01-31".into(),
            more_or_less_pct: Some("5".into()),
            marks: Some("FRESH FRUIT\nROTTERDAM".into()),
            payment_terms: PaymentTermsInput {
                instalments: vec![InstalmentInput {
                    percent: "100".into(),
                    method: "tt".into(),
                    trigger: "against_copy_bl".into(),
                    days: None,
                }],
            },
            lines: vec![
                line(
                    "Fresh Fuji Apples",
                    Some("80/88"),
                    "080810",
                    "1800",
                    "carton",
                    "21.505",
                ),
                line("Fresh Ya Pears", None, "080830", "20000", "kg", "1.125"),
            ],
            ..Default::default()
        }
        .validate(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .expect("a valid contract")
    }

    fn instruction(contract_id: Uuid) -> InstructionData {
        let line = |cl: u32, d: &str, q: u32, unit| InstructionLine {
            contract_line: cl,
            product_id: None,
            description: d.into(),
            spec: None,
            package: None,
            quantity: Decimal::from(q),
            unit,
            supplier_id: None,
        };
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        InstructionData {
            contract_id,
            lines: vec![
                line(0, "Fuji", 1800, QuantityUnit::Carton),
                line(1, "Ya pears", 20000, QuantityUnit::Kg),
            ],
            production: ProductionSection {
                due_date: d,
                packing: None,
                marks: None,
                label_text: None,
                checklist: vec![],
                notes: None,
            },
            warehouse: WarehouseSection {
                storage: None,
                notes: None,
            },
            documentation: DocumentationSection {
                documents: vec![],
                certificate_of_origin_form: None,
                phytosanitary: false,
                inspection: None,
                notes: None,
            },
            shipping: ShippingSection {
                container_type: None,
                container_count: None,
                reefer: None,
                etd_from: d,
                etd_to: d,
                forwarder_id: None,
                port_of_loading: None,
                port_of_discharge: None,
                notes: None,
            },
            remarks: None,
        }
    }

    fn booking() -> BookingData {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let t = d.and_hms_opt(12, 0, 0).unwrap();
        BookingData {
            request: BookingRequest {
                instruction_ids: vec![],
                forwarder_id: Uuid::nil(),
                containers: vec![],
                reefer: None,
                etd_from: d,
                etd_to: d,
                port_of_loading: "CNQDG".into(),
                port_of_discharge: "NLRTM".into(),
                commodity: "apples".into(),
                remarks: None,
            },
            confirmation: Some(BookingConfirmation {
                carrier: "Maersk".into(),
                vessel: "MAERSK KOWLOON".into(),
                voyage: "447W".into(),
                booking_number: "B1".into(),
                etd: d,
                eta: d,
                si_cutoff: t,
                vgm_cutoff: t,
                cy_cutoff: t,
                documents_cutoff: None,
                free_days: 0,
                transhipment_port: None,
            }),
        }
    }

    fn party(n: &str) -> ds::Party {
        ds::Party {
            name: n.into(),
            address: "x".into(),
            country: "CN".into(),
        }
    }

    const NUMBERS: [&str; 3] = ["MSKU9070323", "CSQU3054383", "TGHU7611307"];

    proptest! {
        /// Every figure of the invoice and the packing list agrees with the shipment: line
        /// amounts are quantity × price rounded to cents, totals are sums, packages and
        /// weights are the containers', and the two documents agree with each other.
        #[test]
        fn figures_agree_with_the_shipment(
            stuffing in prop::collection::vec((0usize..3, 1u32..700, 1u32..5000), 1..6)
        ) {
            let contract = contract();
            let iid = Uuid::from_u128(7);
            let data = instruction(Uuid::nil());
            let carried = [Carried { id: iid, number: "ZL2026-0001", data: &data, contract_number: "SC-2026-0001", contract: &contract }];
            let mut containers: Vec<Container> = Vec::new();
            for (ci, cartons, kilos) in &stuffing {
                let number = ContainerNumber::parse(NUMBERS[*ci]).unwrap();
                let lines = vec![
                    StuffedLine { instruction_id: iid, line: 0, packages: *cartons, quantity: Decimal::from(*cartons),
                        net_kg: Decimal::from(*cartons) * Decimal::from(18), gross_kg: Decimal::new(192, 1) * Decimal::from(*cartons) },
                    StuffedLine { instruction_id: iid, line: 1, packages: kilos / 10 + 1, quantity: Decimal::from(*kilos),
                        net_kg: Decimal::from(*kilos), gross_kg: Decimal::from(*kilos) + Decimal::from(kilos / 10 + 1) },
                ];
                match containers.iter_mut().find(|c| c.number == number) {
                    Some(c) => c.lines.extend(lines),
                    None => containers.push(Container { id: Uuid::nil(), number, container_type: "40RH".into(), seals: vec!["S1".into()],
                        tare_kg: Decimal::from(4600), stuffed_on: None, lines, vgm: None, reefer_set_point: None }),
                }
            }
            let shipment = ShipmentData { containers, ..Default::default() };
            let b = booking();
            let products = HashMap::new();
            let src = Source { seller: party("SELLER"), buyer: party("BUYER"), carried: &carried, shipment: &shipment,
                booking: &b, products: &products, credit: None, deposit_received: Some(Decimal::new(100000, 2)),
                consignee: None, notify: None, forwarder: None, our_bank: Some("BANK OF CHINA".into()) };
            let date = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
            let inv = invoice(&src, "INV-1", date).unwrap();
            let pl = packing_list(&src, "PL-1", "INV-1", date).unwrap();

            let cartons: u32 = stuffing.iter().map(|s| s.1).sum();
            let kilos: u32 = stuffing.iter().map(|s| s.2).sum();
            prop_assert_eq!(inv.lines.len(), 2);
            prop_assert_eq!(inv.lines[0].quantity, Decimal::from(cartons));
            prop_assert_eq!(inv.lines[1].quantity, Decimal::from(kilos));
            for l in &inv.lines {
                prop_assert_eq!(l.amount, (l.quantity * l.unit_price).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
            }
            let total: Decimal = inv.lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(inv.total_amount, total);
            prop_assert_eq!(inv.balance_due, Some(total - Decimal::new(100000, 2)));
            let words = crate::words::parse_english_amount(inv.amount_in_words.as_deref().unwrap()).unwrap();
            prop_assert_eq!(words.1, total);
            let net: Decimal = shipment.containers.iter().map(|c| c.net_kg()).sum();
            let gross: Decimal = shipment.containers.iter().map(|c| c.gross_kg()).sum();
            prop_assert_eq!(inv.net_weight_kg, Some(net));
            prop_assert_eq!(inv.gross_weight_kg, Some(gross));
            prop_assert_eq!(pl.net_weight_kg, Some(net));
            prop_assert_eq!(pl.gross_weight_kg, Some(gross));
            prop_assert_eq!(inv.packages_total, Some(pl.packages_total));
            prop_assert_eq!(pl.containers.len(), shipment.containers.len());
            let per_container: u32 = pl.containers.iter().filter_map(|c| c.packages).sum();
            prop_assert_eq!(per_container, pl.packages_total);
            prop_assert_eq!(inv.marks.as_deref(), Some("FRESH FRUIT\nROTTERDAM"));
            prop_assert_eq!(inv.port_of_discharge.as_ref().and_then(|p| p.unlocode.as_deref()), Some("NLRTM"));

            // The rest of the set takes its figures from the invoice and packing list.
            use crate::shipping_documents as sd;
            let si = sd::shipping_instruction(&src, &inv, &pl, "SI-1", date);
            prop_assert_eq!(si.packages_total, pl.packages_total);
            prop_assert_eq!(Some(si.gross_weight_kg), pl.gross_weight_kg);
            prop_assert_eq!(Some(si.net_weight_kg), pl.net_weight_kg);
            prop_assert_eq!(si.containers.len(), shipment.containers.len());
            let si_packages: u32 = si.containers.iter().filter_map(|c| c.packages).sum();
            prop_assert_eq!(si_packages, pl.packages_total);
            let si_gross: Decimal = si.containers.iter().filter_map(|c| c.gross_weight_kg).sum();
            prop_assert_eq!(si_gross, gross);
            prop_assert_eq!(si.freight.as_str(), "PREPAID", "CFR: the seller pays the freight");
            prop_assert_eq!(si.consignee.as_str(), "BUYER", "T/T: straight to the buyer");
            // T/T only: no draft; no insurance under CFR without a clause.
            prop_assert_eq!(sd::draft(&src, &inv, "D", date).unwrap_err(), sd::NotRequired::Draft);
            prop_assert_eq!(sd::insurance_declaration(&src, &inv, "I", date).unwrap_err(), sd::NotRequired::Insurance);

            // Under D/P with 30 % T/T deposit and insurance at 110 %: the draft is for the
            // 70 %, the consignee is to order, the insured amount at least 110 % of the value.
            let mut dp = contract.clone();
            dp.payment_terms = crate::payment::PaymentTerms::new(vec![
                crate::payment::Instalment { percent: Decimal::from(30), method: crate::payment::PaymentMethod::Tt, trigger: crate::payment::PaymentTrigger::OnContract },
                crate::payment::Instalment { percent: Decimal::from(70), method: crate::payment::PaymentMethod::Dp, trigger: crate::payment::PaymentTrigger::AtSightAgainstDocuments },
            ]).unwrap();
            dp.insurance = Some(crate::sales_contract::Insurance { percent: Decimal::from(110), risks: "Institute Cargo Clauses (A)".into() });
            let carried_dp = [Carried { id: iid, number: "ZL2026-0001", data: &data, contract_number: "SC-2026-0001", contract: &dp }];
            let src_dp = Source { carried: &carried_dp, ..src };
            // The deposit was received: the draft collects the balance the invoice shows, and
            // nothing when nothing is left …
            if inv.balance_due.is_some_and(|b| b <= Decimal::ZERO) {
                prop_assert_eq!(sd::draft(&src_dp, &inv, "D-0", date).unwrap_err(), sd::NotRequired::Draft);
            } else {
                let d = sd::draft(&src_dp, &inv, "D-1", date).unwrap();
                prop_assert_eq!(Some(d.draft.amount), inv.balance_due);
                let words = crate::words::parse_english_amount(d.draft.amount_in_words.as_deref().unwrap()).unwrap();
                prop_assert_eq!(words.1, d.draft.amount);
            }
            // … and without one, the documentary share of the total.
            let no_deposit = ds::Invoice { deposit_received: None, balance_due: None, ..inv.clone() };
            let d70 = sd::draft(&src_dp, &no_deposit, "D-2", date).unwrap();
            prop_assert_eq!(d70.draft.amount, (total * Decimal::new(7, 1)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
            prop_assert_eq!(d70.draft.drawee.name.as_str(), "BUYER");
            let words = crate::words::parse_english_amount(d70.draft.amount_in_words.as_deref().unwrap()).unwrap();
            prop_assert_eq!(words.1, d70.draft.amount);
            let si_dp = sd::shipping_instruction(&src_dp, &inv, &pl, "SI-2", date);
            prop_assert_eq!(si_dp.consignee.as_str(), "TO ORDER");
            prop_assert_eq!(si_dp.notify.as_ref().map(|p| p.name.as_str()), Some("BUYER"));
            let ins = sd::insurance_declaration(&src_dp, &inv, "I-1", date).unwrap();
            prop_assert!(ins.cover.insured_amount >= total * Decimal::new(11, 1));
            prop_assert!(ins.cover.insured_amount < total * Decimal::new(11, 1) + Decimal::ONE);
            prop_assert_eq!(ins.cover.insured_amount.scale(), 0);
        }
    }

    #[test]
    fn nothing_stuffed_is_said() {
        let contract = contract();
        let data = instruction(Uuid::nil());
        let carried = [Carried {
            id: Uuid::from_u128(7),
            number: "ZL",
            data: &data,
            contract_number: "SC",
            contract: &contract,
        }];
        let shipment = ShipmentData::default();
        let b = booking();
        let products = HashMap::new();
        let src = Source {
            seller: party("S"),
            buyer: party("B"),
            carried: &carried,
            shipment: &shipment,
            booking: &b,
            products: &products,
            credit: None,
            deposit_received: None,
            consignee: None,
            notify: None,
            forwarder: None,
            our_bank: None,
        };
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(invoice(&src, "I", d).unwrap_err().code(), "nothing_stuffed");
        assert_eq!(
            packing_list(&src, "P", "I", d).unwrap_err().code(),
            "nothing_stuffed"
        );
    }
}
