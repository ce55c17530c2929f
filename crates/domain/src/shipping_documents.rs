//! The shipping documents made after the invoice and the packing list, from the same data and
//! never retyped: the shipping instruction to the forwarder (提单补料), the application data of
//! the certificate of origin (原产地证申请) and of the phytosanitary certificate (植检申请), the
//! insurance declaration (投保单) and the draft (汇票). Their figures (packages, weights,
//! measurement, amounts) are taken from the invoice and packing list they accompany, so the
//! set agrees with itself by construction; parties and wording follow the credit when there is
//! one (UCP 600 art. 14(j), 20, 28), else the contract.
//!
//! Also here: the contract and the credit in the interchange format (`document_set`), for the
//! export of a shipment's set.

use crate::document_set as ds;
use crate::documents::{DocumentKind, DocumentRequirement};
use crate::incoterm::Incoterm;
use crate::invoice::{Source, common, port};
use crate::letter_of_credit::LetterOfCreditData;
use crate::money::Money;
use crate::payment::PaymentMethod;
use crate::sales_contract::ContractData;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

mod dec {
    pub use rust_decimal::serde::str::{deserialize, serialize};
}
mod dec_opt {
    pub use rust_decimal::serde::str_option::{deserialize, serialize};
}

/// Why a document of the set is not made for this shipment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotRequired {
    #[error("no certificate of origin is required by the contract, the credit or the instruction")]
    CertificateOfOrigin,
    #[error("no phytosanitary certificate is required for these goods")]
    Phytosanitary,
    #[error(
        "the seller does not insure under this incoterm, and neither the contract nor the credit asks for insurance"
    )]
    Insurance,
    #[error("the payment terms need no draft (T/T only)")]
    Draft,
}

impl NotRequired {
    pub fn code(&self) -> &'static str {
        match self {
            NotRequired::CertificateOfOrigin => "co_not_required",
            NotRequired::Phytosanitary => "phyto_not_required",
            NotRequired::Insurance => "insurance_not_required",
            NotRequired::Draft => "draft_not_required",
        }
    }
}

/// The shipping instruction to the forwarder (提单补料): what the bill of lading must say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingInstruction {
    pub number: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub booking_number: Option<String>,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub forwarder: Option<ds::Party>,
    pub shipper: ds::Party,
    /// The consignee as the B/L must show it: a party's name or `TO ORDER`, `TO ORDER OF …`.
    pub consignee: String,
    #[serde(default)]
    pub consignee_party: Option<ds::Party>,
    #[serde(default)]
    pub notify: Option<ds::Party>,
    /// The notify wording the credit demands, when it gives one.
    #[serde(default)]
    pub notify_wording: Option<String>,
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub voyage: Option<String>,
    pub port_of_loading: ds::Port,
    pub port_of_discharge: ds::Port,
    pub goods_description: String,
    #[serde(default)]
    pub hs_codes: Vec<String>,
    #[serde(default)]
    pub marks: Option<String>,
    pub packages_total: u32,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(with = "dec")]
    pub gross_weight_kg: Decimal,
    #[serde(with = "dec")]
    pub net_weight_kg: Decimal,
    #[serde(default, with = "dec_opt")]
    pub measurement_cbm: Option<Decimal>,
    pub containers: Vec<ds::BlContainer>,
    /// `PREPAID` or `COLLECT`, per the incoterm.
    pub freight: String,
    /// `SHIPPED ON BOARD`.
    pub bl_type: String,
    pub originals: u32,
    pub copies: u32,
    #[serde(default)]
    pub lc_number: Option<String>,
    #[serde(default)]
    pub contract_numbers: Vec<String>,
    #[serde(default)]
    pub invoice_number: Option<String>,
    #[serde(default)]
    pub remarks: Vec<String>,
}

/// One line of goods on a certificate of origin application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginLine {
    pub description: String,
    #[serde(default)]
    pub hs_code: Option<String>,
    #[serde(with = "dec")]
    pub quantity: Decimal,
    pub unit: String,
    #[serde(default)]
    pub packages: Option<u32>,
    /// The origin criterion of the form (`WO` wholly obtained for Form E and RCEP, `P` for
    /// Form A); `None` when it must be confirmed by the documentation clerk.
    #[serde(default)]
    pub origin_criterion: Option<String>,
}

/// The application data of a certificate of origin (原产地证申请).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateOfOriginApplication {
    #[serde(flatten)]
    pub certificate: ds::CertificateOfOrigin,
    /// The application's own number (the certificate's is given by the issuer).
    pub application_number: String,
    pub date: NaiveDate,
    /// ISO 3166 alpha-2 of the importing country.
    pub importing_country: String,
    pub lines: Vec<OriginLine>,
    #[serde(default)]
    pub remarks: Vec<String>,
}

/// The application data of a phytosanitary certificate (植检申请, IPPC ISPM 12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhytosanitaryApplication {
    #[serde(flatten)]
    pub certificate: ds::PhytosanitaryCertificate,
    pub application_number: String,
    pub date: NaiveDate,
}

/// The insurance declaration (投保单) to the insurer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceDeclaration {
    #[serde(flatten)]
    pub cover: ds::InsuranceCertificate,
    pub declaration_number: String,
    pub date: NaiveDate,
    pub invoice_number: String,
    /// The CIF (or CIP) value the insured amount is based on: the invoice's gross amount.
    #[serde(with = "dec")]
    pub cif_value: Decimal,
    /// Percent of the CIF value insured (110 unless the contract or credit says otherwise).
    #[serde(with = "dec")]
    pub percent: Decimal,
    pub goods_description: String,
    #[serde(default)]
    pub marks: Option<String>,
    pub packages_total: u32,
    #[serde(default)]
    pub package_type: Option<String>,
}

/// The draft (bill of exchange, 汇票) with what it is drawn under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillOfExchange {
    #[serde(flatten)]
    pub draft: ds::Draft,
    /// `DRAWN UNDER …`: the credit, or the contract for a collection.
    pub drawn_under: String,
    /// Where it is drawn (the seller's city).
    pub place: String,
}

fn requirement<'a>(src: &'a Source<'_>, kind: DocumentKind) -> Option<&'a DocumentRequirement> {
    let from_credit = src
        .credit
        .and_then(|c| c.documents.iter().find(|d| d.kind == kind));
    from_credit.or_else(|| {
        src.carried.iter().find_map(|c| {
            c.data
                .documentation
                .documents
                .iter()
                .find(|d| d.kind == kind)
                .or_else(|| c.contract.documents.iter().find(|d| d.kind == kind))
        })
    })
}

fn first_contract<'a>(src: &'a Source<'_>) -> Option<&'a ContractData> {
    src.carried.first().map(|c| c.contract)
}

fn methods(src: &Source<'_>) -> Vec<(Decimal, PaymentMethod)> {
    first_contract(src)
        .map(|c| {
            c.payment_terms
                .instalments()
                .iter()
                .map(|i| (i.percent, i.method))
                .collect()
        })
        .unwrap_or_default()
}

fn is_collection(src: &Source<'_>) -> bool {
    methods(src)
        .iter()
        .any(|(_, m)| matches!(m, PaymentMethod::Dp | PaymentMethod::Da { .. }))
}

fn contract_numbers(src: &Source<'_>) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for c in src.carried {
        if !v.iter().any(|n| n == c.contract_number) {
            v.push(c.contract_number.to_string());
        }
    }
    v
}

/// The goods as one description (the invoice lines' descriptions, one per line).
fn goods_description(invoice: &ds::Invoice) -> String {
    let mut v: Vec<&str> = Vec::new();
    for l in &invoice.lines {
        if !v.contains(&l.description.as_str()) {
            v.push(&l.description);
        }
    }
    v.join("\n")
}

fn hs_codes(invoice: &ds::Invoice) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for h in invoice.lines.iter().filter_map(|l| l.hs_code.clone()) {
        if !v.contains(&h) {
            v.push(h);
        }
    }
    v
}

fn incoterm(src: &Source<'_>) -> Option<Incoterm> {
    first_contract(src).map(|c| c.incoterm.term())
}

/// The consignee as the B/L must show it: the credit's wording (UCP 600 art. 14(j) lets the
/// credit fix it), `TO ORDER` for a collection (the bank holds title until paid, URC 522),
/// else the contract's consignee or the buyer.
fn bl_consignee(src: &Source<'_>) -> (String, Option<ds::Party>) {
    if let Some(w) = src.credit.and_then(|c| c.consignee_wording.clone()) {
        return (w.to_uppercase(), None);
    }
    if is_collection(src) {
        return ("TO ORDER".into(), None);
    }
    let p = src.consignee.clone().unwrap_or_else(|| src.buyer.clone());
    (p.name.clone(), Some(p))
}

/// The shipping instruction (提单补料) from the invoice and packing list of the shipment.
pub fn shipping_instruction(
    src: &Source<'_>,
    invoice: &ds::Invoice,
    packing_list: &ds::PackingList,
    number: &str,
    date: NaiveDate,
) -> ShippingInstruction {
    let conf = src.booking.confirmation.as_ref();
    let (consignee, consignee_party) = bl_consignee(src);
    let notify_wording = src
        .credit
        .and_then(|c| c.notify_wording.clone())
        .map(|w| w.to_uppercase());
    let notify = if notify_wording.is_some() {
        None
    } else {
        src.notify.clone().or_else(|| {
            // An order B/L needs someone to tell of the arrival: the buyer.
            consignee_party.is_none().then(|| src.buyer.clone())
        })
    };
    let bl = requirement(src, DocumentKind::BillOfLading);
    let originals = bl.map(|r| u32::from(r.originals)).filter(|n| *n > 0).unwrap_or(3);
    let copies = bl.map(|r| u32::from(r.copies)).unwrap_or(0);
    let reefer = src.booking.request.reefer.as_ref();
    let containers = src
        .shipment
        .containers
        .iter()
        .map(|k| ds::BlContainer {
            number: k.number.to_string(),
            seal: (!k.seals.is_empty()).then(|| k.seals.join(" / ")),
            container_type: Some(k.container_type.clone()),
            packages: Some(u32::try_from(k.packages()).unwrap_or(u32::MAX)),
            gross_weight_kg: Some(k.gross_kg()),
            reefer_setpoint_c: reefer
                .filter(|_| k.container_type.get(2..3) == Some("R"))
                .map(|r| r.set_point.0),
        })
        .collect();
    let mut remarks = Vec::new();
    if let Some(r) = reefer {
        remarks.push(format!(
            "REEFER: TEMPERATURE SET AT {} °C, VENTILATION {} M3/H",
            signed(r.set_point.0),
            r.fresh_air_m3h.normalize()
        ));
    }
    if let Some(lc) = src.credit {
        remarks.push(format!("L/C NO. {} TO BE SHOWN ON THE B/L", lc.number));
    }
    if let Some(t) = conf.and_then(|c| c.transhipment_port.as_deref()) {
        remarks.push(format!("TRANSHIPMENT AT {}", port(t).name.unwrap_or_default()));
    }
    ShippingInstruction {
        number: number.into(),
        date,
        booking_number: conf.map(|c| c.booking_number.clone()),
        carrier: conf.map(|c| c.carrier.clone()),
        forwarder: src.forwarder.clone(),
        shipper: src.seller.clone(),
        consignee,
        consignee_party,
        notify,
        notify_wording,
        vessel: conf.map(|c| c.vessel.clone()),
        voyage: conf.map(|c| c.voyage.clone()),
        port_of_loading: port(&src.booking.request.port_of_loading),
        port_of_discharge: port(&src.booking.request.port_of_discharge),
        goods_description: goods_description(invoice),
        hs_codes: hs_codes(invoice),
        marks: packing_list.marks.clone(),
        packages_total: packing_list.packages_total,
        package_type: packing_list.package_type.clone(),
        gross_weight_kg: packing_list.gross_weight_kg.unwrap_or_default(),
        net_weight_kg: packing_list.net_weight_kg.unwrap_or_default(),
        measurement_cbm: packing_list.measurement_cbm,
        containers,
        freight: match incoterm(src) {
            Some(t) if !t.seller_pays_main_carriage() => "COLLECT".into(),
            _ => "PREPAID".into(),
        },
        bl_type: "SHIPPED ON BOARD".into(),
        originals,
        copies,
        lc_number: src.credit_number(),
        contract_numbers: contract_numbers(src),
        invoice_number: Some(invoice.number.clone()),
        remarks,
    }
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", d.normalize())
    } else {
        d.normalize().to_string()
    }
}

/// The form of certificate of origin asked for (credit, instruction, contract), if any.
pub fn origin_form(src: &Source<'_>) -> Option<String> {
    requirement(src, DocumentKind::CertificateOfOrigin)
        .map(|r| r.form.clone().unwrap_or_else(|| "GENERAL".into()))
        .or_else(|| {
            src.carried
                .iter()
                .find_map(|c| c.data.documentation.certificate_of_origin_form.clone())
        })
}

/// Goods of HS chapters 01–14 (live animals, meat, fish, dairy, plants, fruit, vegetables,
/// cereals) grown or raised in the exporting country are wholly obtained: `WO` on Form E
/// (ACFTA Rules of Origin, rule 3) and RCEP (art. 3.3), `P` on Form A (GSP). For other goods
/// the criterion depends on the materials and must be confirmed.
fn origin_criterion(form: &str, hs_code: Option<&str>) -> Option<String> {
    let chapter: u32 = hs_code.and_then(|h| h.get(..2)).and_then(|c| c.parse().ok())?;
    if !(1..=14).contains(&chapter) {
        return None;
    }
    let f = form.to_uppercase();
    if f.contains("FORM A") {
        Some("P".into())
    } else if f.contains("FORM E") || f.contains("RCEP") || f.contains("FORM F") {
        Some("WO".into())
    } else {
        None
    }
}

/// The certificate of origin application from the invoice.
pub fn certificate_of_origin_application(
    src: &Source<'_>,
    invoice: &ds::Invoice,
    number: &str,
    date: NaiveDate,
) -> Result<CertificateOfOriginApplication, NotRequired> {
    let form = origin_form(src).ok_or(NotRequired::CertificateOfOrigin)?;
    let issuer = src
        .credit
        .and_then(|c| {
            c.documents
                .iter()
                .find(|d| d.kind == DocumentKind::CertificateOfOrigin)
                .and_then(|d| d.wording.clone())
        })
        .or_else(|| {
            let f = form.to_uppercase();
            Some(if f == "GENERAL" || f.contains("CCPIT") {
                "CCPIT".to_string()
            } else {
                "CHINA CUSTOMS".to_string()
            })
        });
    let consignee = src.consignee.clone().unwrap_or_else(|| src.buyer.clone());
    let lines: Vec<OriginLine> = invoice
        .lines
        .iter()
        .map(|l| OriginLine {
            description: l.description.clone(),
            hs_code: l.hs_code.clone(),
            quantity: l.quantity,
            unit: l.unit.clone(),
            packages: l.packages,
            origin_criterion: origin_criterion(&form, l.hs_code.as_deref()),
        })
        .collect();
    let mut remarks = Vec::new();
    if lines.iter().any(|l| l.origin_criterion.is_none()) && form.to_uppercase() != "GENERAL" {
        remarks.push("ORIGIN CRITERION TO BE CONFIRMED FOR THE LINES LEFT BLANK".into());
    }
    let conf = src.booking.confirmation.as_ref();
    Ok(CertificateOfOriginApplication {
        certificate: ds::CertificateOfOrigin {
            number: None,
            form: form.clone(),
            issuer,
            issue_date: None,
            exporter: src.seller.clone(),
            consignee: consignee.clone(),
            country_of_origin: invoice
                .country_of_origin
                .clone()
                .unwrap_or_else(|| src.seller.country.clone()),
            goods_description: goods_description(invoice),
            hs_code: common(invoice.lines.iter().map(|l| l.hs_code.clone())),
            packages_total: invoice.packages_total,
            package_type: invoice.package_type.clone(),
            gross_weight_kg: invoice.gross_weight_kg,
            net_weight_kg: invoice.net_weight_kg,
            marks: invoice.marks.clone(),
            invoice_number: Some(invoice.number.clone()),
            invoice_date: Some(invoice.date),
            transport: Some(ds::Transport {
                vessel: conf.map(|c| c.vessel.clone()),
                voyage: conf.map(|c| c.voyage.clone()),
                port_of_loading: invoice.port_of_loading.clone(),
                port_of_discharge: invoice.port_of_discharge.clone(),
            }),
        },
        application_number: number.into(),
        date,
        importing_country: invoice
            .port_of_discharge
            .as_ref()
            .and_then(|p| p.country.clone())
            .unwrap_or_else(|| consignee.country.clone()),
        lines,
        remarks,
    })
}

/// Whether the goods need a phytosanitary certificate (IPPC ISPM 12): the credit, the
/// contract or the instruction asks for one. Whether a plant product needs one depends on the
/// importing country's rules, so it is never assumed from the HS code.
fn needs_phyto(src: &Source<'_>) -> bool {
    requirement(src, DocumentKind::PhytosanitaryCertificate).is_some()
        || src.carried.iter().any(|c| c.data.documentation.phytosanitary)
}

/// The phytosanitary certificate application from the invoice and packing list.
pub fn phytosanitary_application(
    src: &Source<'_>,
    invoice: &ds::Invoice,
    packing_list: &ds::PackingList,
    number: &str,
    date: NaiveDate,
) -> Result<PhytosanitaryApplication, NotRequired> {
    if !needs_phyto(src) {
        return Err(NotRequired::Phytosanitary);
    }
    let mut botanical: Vec<String> = Vec::new();
    for c in src.carried {
        for l in &c.data.lines {
            if let Some(b) = l
                .product_id
                .and_then(|p| src.products.get(&p))
                .and_then(|p| p.botanical_name.clone())
                && !botanical.contains(&b)
            {
                botanical.push(b);
            }
        }
    }
    // Additional declarations: the wording the credit, instruction or contract gives for the
    // phytosanitary certificate, one per sentence.
    let additional_declarations = requirement(src, DocumentKind::PhytosanitaryCertificate)
        .and_then(|r| r.wording.clone())
        .map(|w| {
            w.split(['\n', ';'])
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let conf = src.booking.confirmation.as_ref();
    let discharge = port(&src.booking.request.port_of_discharge);
    let origin = invoice
        .country_of_origin
        .clone()
        .unwrap_or_else(|| src.seller.country.clone());
    let reefer = src.booking.request.reefer.as_ref();
    Ok(PhytosanitaryApplication {
        certificate: ds::PhytosanitaryCertificate {
            number: None,
            issuing_nppo: Some("GENERAL ADMINISTRATION OF CUSTOMS OF THE PEOPLE'S REPUBLIC OF CHINA".into())
                .filter(|_| src.seller.country == "CN"),
            place_of_issue: src.booking.request.port_of_loading.get(2..).map(|_| {
                port(&src.booking.request.port_of_loading)
                    .name
                    .unwrap_or_default()
            }),
            issue_date: None,
            inspection_date: None,
            exporter: src.seller.clone(),
            consignee: src.consignee.clone().unwrap_or_else(|| src.buyer.clone()),
            name_of_produce: goods_description(invoice),
            quantity_declared: ds::QuantityDeclared {
                packages: Some(packing_list.packages_total),
                package_type: packing_list.package_type.clone(),
                net_weight_kg: packing_list.net_weight_kg,
            },
            botanical_name: (!botanical.is_empty()).then(|| botanical.join("; ")),
            distinguishing_marks: packing_list.marks.clone(),
            place_of_origin: Some(ds::PlaceOfOrigin {
                text: crate::country::CountryCode::parse(&origin)
                    .map(|c| crate::country::country_name(c).to_uppercase())
                    .unwrap_or_else(|_| origin.clone()),
                country: Some(origin),
            }),
            means_of_conveyance: Some(match conf {
                Some(c) => format!("BY SEA, {} V.{}", c.vessel, c.voyage),
                None => "BY SEA".into(),
            }),
            point_of_entry: Some(ds::PointOfEntry {
                text: discharge.name.clone().unwrap_or_default(),
                unlocode: discharge.unlocode.clone(),
                country: discharge.country.clone(),
            }),
            treatment: reefer.map(|r| format!("COLD STORAGE AND TRANSPORT AT {} °C", signed(r.set_point.0))),
            additional_declarations,
        },
        application_number: number.into(),
        date,
    })
}

/// The percent of the CIF value to insure and the risks: the credit's, else the contract's,
/// else 110 % (UCP 600 art. 28(f)(ii); Incoterms® 2020 CIF/CIP A5) against Institute Cargo
/// Clauses (C) under CIF and (A) under CIP.
fn insurance_terms(src: &Source<'_>) -> Option<(Decimal, Vec<String>)> {
    let contract = first_contract(src)?;
    let term = contract.incoterm.term();
    if let Some(i) = &contract.insurance {
        return Some((i.percent, vec![i.risks.to_uppercase()]));
    }
    let lc_asks = src.credit.is_some_and(|c| {
        c.documents
            .iter()
            .any(|d| d.kind == DocumentKind::InsuranceCertificate)
    });
    if term.seller_insures() || lc_asks {
        let risks = if term == Incoterm::Cip {
            "INSTITUTE CARGO CLAUSES (A)"
        } else {
            "INSTITUTE CARGO CLAUSES (C)"
        };
        return Some((Decimal::from(110), vec![risks.to_string()]));
    }
    None
}

/// The insurance declaration: the insured amount is the invoice's gross value (the CIF or CIP
/// value, UCP 600 art. 28(f)(ii)) times the percent, rounded up to the whole currency unit so
/// that it is never below the minimum.
pub fn insurance_declaration(
    src: &Source<'_>,
    invoice: &ds::Invoice,
    number: &str,
    date: NaiveDate,
) -> Result<InsuranceDeclaration, NotRequired> {
    let (percent, risks) = insurance_terms(src).ok_or(NotRequired::Insurance)?;
    let cif_value = invoice.total_amount;
    let insured =
        (cif_value * percent / Decimal::from(100)).round_dp_with_strategy(0, RoundingStrategy::AwayFromZero);
    let conf = src.booking.confirmation.as_ref();
    let to = invoice.port_of_discharge.clone();
    Ok(InsuranceDeclaration {
        cover: ds::InsuranceCertificate {
            number: None,
            issuer: None,
            issue_date: None,
            cover_effective_date: None,
            assured: Some(src.seller.name.clone()),
            currency: invoice.currency.clone(),
            insured_amount: insured,
            risks,
            from: invoice.port_of_loading.clone(),
            claims_payable_at: to
                .as_ref()
                .and_then(|p| p.name.clone())
                .map(|n| format!("{n} IN {}", invoice.currency)),
            to,
            vessel: conf.map(|c| c.vessel.clone()),
            voyage: conf.map(|c| c.voyage.clone()),
            bl_number: src.shipment.bl_number.clone(),
            originals_issued: Some(2),
            notes: src
                .credit_number()
                .map(|n| vec![format!("L/C NO. {n}")])
                .unwrap_or_default(),
        },
        declaration_number: number.into(),
        date,
        invoice_number: invoice.number.clone(),
        cif_value,
        percent,
        goods_description: goods_description(invoice),
        marks: invoice.marks.clone(),
        packages_total: invoice.packages_total.unwrap_or_default(),
        package_type: invoice.package_type.clone(),
    })
}

/// The draft (汇票): drawn on the issuing bank under a credit (a credit must not be available
/// by drafts drawn on the applicant, UCP 600 art. 6(c)), on the buyer under a collection
/// (URC 522 art. 2), for the part of the invoice the documentary terms pay.
pub fn draft(
    src: &Source<'_>,
    invoice: &ds::Invoice,
    number: &str,
    date: NaiveDate,
) -> Result<BillOfExchange, NotRequired> {
    let documentary: Vec<(Decimal, PaymentMethod)> = methods(src)
        .into_iter()
        .filter(|(_, m)| !matches!(m, PaymentMethod::Tt))
        .collect();
    let (_, method) = *documentary.first().ok_or(NotRequired::Draft)?;
    let pct: Decimal = documentary.iter().map(|(p, _)| *p).sum();
    let cur = crate::money::Currency::parse(&invoice.currency).ok();
    let scale = cur.map(|c| c.minor_units()).unwrap_or(2);
    let amount = if pct == Decimal::from(100) {
        invoice.total_amount
    } else if let Some(balance) = invoice.balance_due {
        // A T/T deposit was received: the documents collect what the invoice says is due,
        // and with nothing left to collect there is no draft.
        if balance <= Decimal::ZERO {
            return Err(NotRequired::Draft);
        }
        balance
    } else {
        (invoice.total_amount * pct / Decimal::from(100))
            .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
    };
    let tenor = match (method, src.credit) {
        (_, Some(lc)) => match lc.tenor_days {
            Some(d) => format!("{d} DAYS AFTER SIGHT"),
            None => "AT SIGHT".into(),
        },
        (PaymentMethod::Da { days }, None) | (PaymentMethod::LcUsance { days }, None) => {
            format!("{days} DAYS AFTER SIGHT")
        }
        _ => "AT SIGHT".into(),
    };
    let (drawee, drawn_under) = match src.credit {
        Some(lc) => (
            ds::Party {
                name: lc.issuing_bank.to_uppercase(),
                address: String::new(),
                country: src.buyer.country.clone(),
            },
            format!(
                "DRAWN UNDER {} IRREVOCABLE DOCUMENTARY CREDIT NO. {} DATED {}",
                lc.issuing_bank.to_uppercase(),
                lc.number,
                lc.issue_date
            ),
        ),
        None => (
            src.buyer.clone(),
            format!(
                "DRAWN UNDER CONTRACT NO. {} FOR COLLECTION ({})",
                contract_numbers(src).join(", "),
                match method {
                    PaymentMethod::Da { .. } => "DOCUMENTS AGAINST ACCEPTANCE",
                    _ => "DOCUMENTS AGAINST PAYMENT",
                }
            ),
        ),
    };
    let words = cur.and_then(|c| crate::words::amount_in_english(&Money { amount, currency: c }).ok());
    Ok(BillOfExchange {
        draft: ds::Draft {
            number: number.into(),
            date,
            drawer: src.seller.clone(),
            drawee,
            payee: src.our_bank.clone().map(|b| b.to_uppercase()),
            tenor,
            currency: invoice.currency.clone(),
            amount,
            amount_in_words: words,
        },
        drawn_under,
        place: port(&src.booking.request.port_of_loading)
            .name
            .unwrap_or_default(),
    })
}

fn allowed(b: bool) -> String {
    if b { "ALLOWED" } else { "NOT ALLOWED" }.into()
}

/// The method and tenor in the interchange format (`TT`, `LC`, `DP`, `DA`, `TT+DP`).
fn payment(contract: &ContractData) -> ds::Payment {
    let inst = contract.payment_terms.instalments();
    let mut kinds: Vec<&str> = Vec::new();
    let mut tenor = None;
    let mut deposit = Decimal::ZERO;
    for i in inst {
        let k = match i.method {
            PaymentMethod::Tt => "TT",
            PaymentMethod::Dp => "DP",
            PaymentMethod::Da { .. } => "DA",
            PaymentMethod::LcSight | PaymentMethod::LcUsance { .. } => "LC",
        };
        match i.method {
            PaymentMethod::Tt if inst.len() > 1 => deposit += i.percent,
            PaymentMethod::Dp | PaymentMethod::LcSight => tenor = Some("AT SIGHT".to_string()),
            PaymentMethod::Da { days } | PaymentMethod::LcUsance { days } => {
                tenor = Some(format!("{days} DAYS AFTER SIGHT"))
            }
            _ => {}
        }
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    ds::Payment {
        method: kinds.join("+"),
        deposit_pct: (deposit > Decimal::ZERO).then_some(deposit),
        tenor,
    }
}

fn counts(reqs: &[DocumentRequirement]) -> Vec<ds::DocumentCount> {
    reqs.iter()
        .filter_map(|r| {
            let t = match r.kind {
                DocumentKind::CommercialInvoice => "INVOICE",
                DocumentKind::PackingList => "PACKING_LIST",
                DocumentKind::BillOfLading => "BL",
                DocumentKind::CertificateOfOrigin => "CO",
                DocumentKind::PhytosanitaryCertificate => "PHYTO",
                DocumentKind::InsuranceCertificate => "INSURANCE",
                DocumentKind::ShippingAdvice => "SHIPPING_ADVICE",
                _ => return None,
            };
            Some(ds::DocumentCount {
                document_type: t.into(),
                originals: u32::from(r.originals),
                copies: u32::from(r.copies),
            })
        })
        .collect()
}

/// A sales contract in the interchange format.
pub fn contract_for_set(
    number: &str,
    c: &ContractData,
    seller: ds::Party,
    buyer: ds::Party,
    country_of_origin: Option<String>,
) -> ds::Contract {
    let figures = c.figures();
    let cur = c.currency;
    let phyto = c
        .documents
        .iter()
        .find(|d| d.kind == DocumentKind::PhytosanitaryCertificate)
        .and_then(|d| d.wording.clone())
        .map(|w| {
            w.split(['\n', ';'])
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    ds::Contract {
        number: number.into(),
        date: c.date,
        seller,
        buyer,
        currency: cur.to_string(),
        lines: c
            .lines
            .iter()
            .zip(&figures)
            .map(|(l, f)| ds::ContractLine {
                description: match &l.spec {
                    Some(s) => format!("{}, {}", l.description_en, s).to_uppercase(),
                    None => l.description_en.to_uppercase(),
                },
                hs_code: l.hs_code.as_ref().map(|h| h.to_string()),
                quantity: f.quantity,
                unit: f.unit.document_abbreviation().into(),
                unit_price: f.unit_price,
                amount: f.amount(cur).amount,
            })
            .collect(),
        total_amount: c.total().amount,
        more_or_less_pct: c.more_or_less_pct,
        incoterm: ds::Incoterm {
            term: c.incoterm.term().as_str().into(),
            place: match c.incoterm.place() {
                crate::incoterm::NamedPlace::Port { port, .. } => port.name_ascii.to_uppercase(),
                crate::incoterm::NamedPlace::Place { name, .. } => name.to_uppercase(),
            },
            version: Some("INCOTERMS 2020".into()),
        },
        port_of_loading: c.port_of_loading.as_deref().map(port),
        port_of_discharge: c.port_of_discharge.as_deref().map(port),
        shipment_earliest: c.shipment_earliest,
        shipment_latest: c.shipment_latest,
        partial_shipments: allowed(c.partial_shipments),
        payment: payment(c),
        packing: c.packing.clone(),
        marks: c.marks.clone(),
        country_of_origin,
        container: None,
        insurance: c.insurance.as_ref().map(|i| ds::InsuranceTerms {
            pct: i.percent,
            risks: vec![i.risks.to_uppercase()],
        }),
        required_co: c
            .documents
            .iter()
            .find(|d| d.kind == DocumentKind::CertificateOfOrigin)
            .map(|d| ds::OriginRequirement {
                form: d.form.clone().unwrap_or_else(|| "GENERAL".into()),
                issuer: None,
            }),
        required_phyto_additional_declarations: phyto,
        shipping_advice_within_days: None,
        bl_consignee_instruction: {
            c.payment_terms
                .instalments()
                .iter()
                .any(|i| matches!(i.method, PaymentMethod::Dp | PaymentMethod::Da { .. }))
                .then(|| "TO ORDER".to_string())
        },
    }
}

/// A documentary credit in the interchange format (MT700 fields).
pub fn credit_for_set(lc: &LetterOfCreditData, applicant: ds::Party, beneficiary: ds::Party) -> ds::Credit {
    let co = lc
        .documents
        .iter()
        .find(|d| d.kind == DocumentKind::CertificateOfOrigin);
    ds::Credit {
        number: lc.number.clone(),
        issue_date: lc.issue_date,
        expiry_date: lc.expiry_date,
        expiry_place: Some(lc.expiry_place.clone()),
        issuing_bank: Some(lc.issuing_bank.clone()),
        applicant,
        beneficiary,
        currency: lc.currency.to_string(),
        amount: lc.amount,
        amount_qualifier: lc.about.then(|| "ABOUT".to_string()),
        tolerance_pct: (lc.tolerance_plus_pct > Decimal::ZERO || lc.tolerance_minus_pct > Decimal::ZERO)
            .then_some(ds::Tolerance {
                plus: lc.tolerance_plus_pct,
                minus: lc.tolerance_minus_pct,
            }),
        available_by: Some(lc.available_by.as_str().to_uppercase()),
        draft: Some(ds::DraftTerms {
            tenor: match lc.tenor_days {
                Some(d) => format!("{d} DAYS AFTER SIGHT"),
                None => "AT SIGHT".into(),
            },
            drawee: lc.issuing_bank.to_uppercase(),
        }),
        partial_shipments: allowed(lc.partial_shipments),
        transhipment: allowed(lc.transhipment),
        port_of_loading: lc.port_of_loading.as_deref().map(port),
        port_of_discharge: lc.port_of_discharge.as_deref().map(port),
        latest_shipment_date: Some(lc.latest_shipment),
        shipment_period: None,
        shipment_on_or_about: None,
        goods: ds::CreditGoods {
            description: lc.goods_description.clone(),
            quantity: lc.quantity,
            unit: lc.quantity_unit.map(|u| u.document_abbreviation().to_string()),
            quantity_qualifier: lc.about.then(|| "ABOUT".to_string()),
            quantity_in_packing_units: lc.quantity_unit.is_some_and(|u| {
                matches!(
                    u,
                    crate::contract::QuantityUnit::Carton
                        | crate::contract::QuantityUnit::Bundle
                        | crate::contract::QuantityUnit::Bag
                        | crate::contract::QuantityUnit::Pallet
                )
            }),
            unit_price: lc.unit_price,
            incoterm: None,
        },
        documents_required: counts(&lc.documents),
        bl_consignee_required: lc.consignee_wording.clone(),
        bl_notify_required: None,
        insurance_required: None,
        co_required: co.map(|d| ds::OriginRequirement {
            form: d.form.clone().unwrap_or_else(|| "GENERAL".into()),
            issuer: d.wording.clone(),
        }),
        presentation_period_days: Some(u32::from(lc.presentation_days)),
        excludes_art_14k: false,
        lc_number_on_all_documents: false,
        shipping_advice_within_days: None,
        bank_closed_dates: Vec::new(),
    }
}
