//! The content of a sales contract (销售合同内容): header terms, lines, payment, documents.
//! [`ContractInput::validate`] turns what a person typed into [`ContractData`], reporting
//! every bad field at once; the figures are computed by [`crate::contract`].

use crate::contract::{LineError, LineFigures, QuantityUnit, total};
use crate::documents::{
    DocumentRequirement, DocumentRequirementInput, clean_opt, clean_text, validate_checklist,
    validate_date as date, validate_documents,
};
use crate::error::ValidationErrors;
use crate::hs::HsCode;
use crate::incoterm::{Incoterm, TermWithPlace, TermWithPlaceInput};
use crate::money::{Currency, Money};
use crate::payment::{PaymentTerms, PaymentTermsInput};
use crate::profile::{MAX_MORE_OR_LESS, validate_currency, validate_percent, validate_port};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most lines one contract may have.
pub const MAX_LINES: usize = 500;
/// Incoterms® 2020 CIF A5 / CIP A5: cover at least 110 % of the contract price.
pub const MIN_INSURANCE_PERCENT: Decimal = Decimal::from_parts(110, 0, 0, false, 0);

/// Insurance the seller buys under CIF or CIP (保险).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Insurance {
    /// Percent of the invoice value covered, at least 110 (Incoterms® 2020 A5).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "110"))]
    pub percent: Decimal,
    /// The risks covered, e.g. `Institute Cargo Clauses (A)`.
    pub risks: String,
}

impl Insurance {
    pub fn english_wording(&self) -> String {
        format!(
            "TO BE COVERED BY THE SELLER FOR {}% OF THE INVOICE VALUE AGAINST {}",
            self.percent.normalize(),
            self.risks.to_uppercase()
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InsuranceInput {
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub risks: String,
}

/// One contract line (合同明细).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<Uuid>,
    pub description_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<String>,
    /// Variety, grade, size/count as agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "080810"))]
    pub hs_code: Option<HsCode>,
    /// The package, e.g. `18 kg carton`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    #[serde(flatten)]
    pub figures: LineFigures,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractLineInput {
    #[serde(default)]
    pub product_id: Option<Uuid>,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub description_zh: Option<String>,
    #[serde(default)]
    pub spec: Option<String>,
    #[serde(default)]
    pub hs_code: Option<String>,
    #[serde(default)]
    pub package: Option<String>,
    /// A decimal string, at most three decimals.
    #[serde(default)]
    pub quantity: String,
    /// carton, kg, metric_ton, piece, bundle, bag, pallet
    #[serde(default)]
    pub unit: String,
    /// A decimal string, at most four decimals, in the contract's currency.
    #[serde(default)]
    pub unit_price: String,
}

/// A contract's validated content: one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractData {
    pub date: NaiveDate,
    pub buyer_id: Uuid,
    pub consignee_id: Option<Uuid>,
    pub notify_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    #[cfg_attr(feature = "openapi", schema(value_type = TermWithPlaceInput))]
    pub incoterm: TermWithPlace,
    /// UN/LOCODE
    pub port_of_loading: Option<String>,
    /// UN/LOCODE
    pub port_of_discharge: Option<String>,
    pub shipment_earliest: Option<NaiveDate>,
    pub shipment_latest: NaiveDate,
    pub partial_shipments: bool,
    pub transhipment: bool,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "5"))]
    pub more_or_less_pct: Decimal,
    pub packing: Option<String>,
    pub marks: Option<String>,
    pub insurance: Option<Insurance>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::payment::UncheckedTerms))]
    pub payment_terms: PaymentTerms,
    pub documents: Vec<DocumentRequirement>,
    /// The customer's checklist and anything agreed for this contract.
    pub special_requirements: Vec<String>,
    pub lines: Vec<ContractLine>,
    pub remarks: Option<String>,
}

impl ContractData {
    pub fn figures(&self) -> Vec<LineFigures> {
        self.lines.iter().map(|l| l.figures).collect()
    }
    /// The sum of the rounded line amounts.
    pub fn total(&self) -> Money {
        total(&self.figures(), self.currency)
    }
    /// Quantity per unit, in the order the units first appear.
    pub fn total_quantities(&self) -> Vec<(QuantityUnit, Decimal)> {
        let mut out: Vec<(QuantityUnit, Decimal)> = Vec::new();
        for l in &self.lines {
            match out.iter_mut().find(|(u, _)| *u == l.figures.unit) {
                Some((_, q)) => *q += l.figures.quantity,
                None => out.push((l.figures.unit, l.figures.quantity)),
            }
        }
        out
    }
}

/// A contract as a person or API client sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractInput {
    /// YYYY-MM-DD; today when left out.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub buyer_id: Option<Uuid>,
    #[serde(default)]
    pub consignee_id: Option<Uuid>,
    #[serde(default)]
    pub notify_id: Option<Uuid>,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub incoterm: TermWithPlaceInput,
    #[serde(default)]
    pub port_of_loading: Option<String>,
    #[serde(default)]
    pub port_of_discharge: Option<String>,
    #[serde(default)]
    pub shipment_earliest: Option<String>,
    #[serde(default)]
    pub shipment_latest: String,
    #[serde(default)]
    pub partial_shipments: bool,
    #[serde(default)]
    pub transhipment: bool,
    #[serde(default)]
    pub more_or_less_pct: Option<String>,
    #[serde(default)]
    pub packing: Option<String>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub insurance: Option<InsuranceInput>,
    #[serde(default)]
    pub payment_terms: PaymentTermsInput,
    #[serde(default)]
    pub documents: Vec<DocumentRequirementInput>,
    #[serde(default)]
    pub special_requirements: Vec<String>,
    #[serde(default)]
    pub lines: Vec<ContractLineInput>,
    #[serde(default)]
    pub remarks: Option<String>,
}

fn decimal(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<Decimal> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(field, "required", "a number is required");
        return None;
    }
    match crate::units::parse_decimal(v) {
        Ok(d) => Some(d),
        Err(why) => {
            errs.push(field, "invalid_number", format!("`{v}` {why}"));
            None
        }
    }
}

impl From<&ContractData> for ContractInput {
    /// The input that validates back to `d`: the form of a contract to edit or amend.
    fn from(d: &ContractData) -> Self {
        ContractInput {
            date: Some(d.date.to_string()),
            buyer_id: Some(d.buyer_id),
            consignee_id: d.consignee_id,
            notify_id: d.notify_id,
            currency: d.currency.to_string(),
            incoterm: d.incoterm.clone().into(),
            port_of_loading: d.port_of_loading.clone(),
            port_of_discharge: d.port_of_discharge.clone(),
            shipment_earliest: d.shipment_earliest.map(|e| e.to_string()),
            shipment_latest: d.shipment_latest.to_string(),
            partial_shipments: d.partial_shipments,
            transhipment: d.transhipment,
            more_or_less_pct: Some(d.more_or_less_pct.normalize().to_string()),
            packing: d.packing.clone(),
            marks: d.marks.clone(),
            insurance: d.insurance.as_ref().map(|i| InsuranceInput {
                percent: i.percent.normalize().to_string(),
                risks: i.risks.clone(),
            }),
            payment_terms: (&d.payment_terms).into(),
            documents: d.documents.iter().map(Into::into).collect(),
            special_requirements: d.special_requirements.clone(),
            lines: d
                .lines
                .iter()
                .map(|l| ContractLineInput {
                    product_id: l.product_id,
                    description_en: l.description_en.clone(),
                    description_zh: l.description_zh.clone(),
                    spec: l.spec.clone(),
                    hs_code: l.hs_code.as_ref().map(|h| h.as_str().to_string()),
                    package: l.package.clone(),
                    quantity: l.figures.quantity.normalize().to_string(),
                    unit: l.figures.unit.as_str().to_string(),
                    unit_price: l.figures.unit_price.to_string(),
                })
                .collect(),
            remarks: d.remarks.clone(),
        }
    }
}

impl ContractInput {
    /// A new contract for `buyer_id` prefilled from the customer's profile: currency, term,
    /// ports, payment terms, tolerance, documents, marks, and the checklist as special
    /// requirements.
    pub fn from_profile(buyer_id: Uuid, p: &crate::profile::CustomerProfile) -> ContractInput {
        ContractInput {
            buyer_id: Some(buyer_id),
            currency: p.currency.map(|c| c.to_string()).unwrap_or_default(),
            incoterm: p.incoterm.as_ref().map(Into::into).unwrap_or_default(),
            port_of_loading: p.port_of_loading.clone(),
            port_of_discharge: p.port_of_discharge.clone(),
            more_or_less_pct: p.more_or_less_pct.map(|m| m.to_string()),
            marks: p.marks.clone(),
            insurance: p
                .incoterm
                .as_ref()
                .filter(|t| t.term().seller_insures())
                .map(|_| InsuranceInput {
                    percent: "110".into(),
                    risks: "Institute Cargo Clauses (A)".into(),
                }),
            payment_terms: p.payment_terms.as_ref().map(Into::into).unwrap_or_default(),
            documents: p.documents.iter().map(Into::into).collect(),
            special_requirements: p.checklist.clone(),
            ..Default::default()
        }
    }

    /// Validate everything; `today` fills a missing date. Codes include `required`,
    /// `invalid_currency`, `unknown_port`, `place_not_a_port`, `required_for_term`,
    /// `port_mismatch`, `before_earliest`, `not_positive`, `too_precise`, `sum_not_100`,
    /// `insurance_too_low`, `not_for_term`, `no_lines`, `too_many_lines`.
    pub fn validate(&self, today: NaiveDate) -> Result<ContractData, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let date_v = match self.date.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => date(&mut errs, "date", d),
            _ => Some(today),
        };
        if self.buyer_id.is_none() {
            errs.push("buyer_id", "required", "the buyer is required");
        }
        let currency = validate_currency(&mut errs, "currency", &self.currency);
        let incoterm = match self.incoterm.validate() {
            Ok(t) => Some(t),
            Err(e) => {
                errs.nest("incoterm", e);
                None
            }
        };
        let port_of_loading = validate_port(&mut errs, "port_of_loading", &self.port_of_loading);
        let port_of_discharge = validate_port(&mut errs, "port_of_discharge", &self.port_of_discharge);
        if let Some(t) = &incoterm {
            check_ports(
                &mut errs,
                t,
                &self.port_of_loading,
                &self.port_of_discharge,
                &port_of_loading,
                &port_of_discharge,
            );
        }
        let earliest = match self.shipment_earliest.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => date(&mut errs, "shipment_earliest", d),
            _ => None,
        };
        let latest = date(&mut errs, "shipment_latest", &self.shipment_latest);
        if let (Some(e), Some(l)) = (earliest, latest)
            && l < e
        {
            errs.push(
                "shipment_latest",
                "before_earliest",
                format!("the latest shipment date {l} is before the earliest {e}"),
            );
        }
        let more_or_less_pct = match self.more_or_less_pct.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => validate_percent(&mut errs, "more_or_less_pct", m, MAX_MORE_OR_LESS),
            _ => Some(Decimal::ZERO),
        };
        let packing = clean_opt(&mut errs, "packing", &self.packing, 2000);
        let marks = clean_opt(&mut errs, "marks", &self.marks, 1000);
        let insurance = self.validate_insurance(&mut errs, incoterm.as_ref());
        let payment_terms = match self.payment_terms.validate() {
            Ok(p) => Some(p),
            Err(e) => {
                errs.nest("payment_terms", e);
                None
            }
        };
        let documents = validate_documents(&mut errs, "documents", &self.documents);
        let special_requirements =
            validate_checklist(&mut errs, "special_requirements", &self.special_requirements);
        let lines = self.validate_lines(&mut errs);
        let remarks = clean_opt(&mut errs, "remarks", &self.remarks, 5000);
        errs.into_result()?;
        Ok(ContractData {
            date: date_v.expect("checked"),
            buyer_id: self.buyer_id.expect("checked"),
            consignee_id: self.consignee_id,
            notify_id: self.notify_id,
            currency: currency.expect("checked"),
            incoterm: incoterm.expect("checked"),
            port_of_loading,
            port_of_discharge,
            shipment_earliest: earliest,
            shipment_latest: latest.expect("checked"),
            partial_shipments: self.partial_shipments,
            transhipment: self.transhipment,
            more_or_less_pct: more_or_less_pct.expect("checked"),
            packing,
            marks,
            insurance,
            payment_terms: payment_terms.expect("checked"),
            documents,
            special_requirements,
            lines,
            remarks,
        })
    }

    fn validate_insurance(
        &self,
        errs: &mut ValidationErrors,
        term: Option<&TermWithPlace>,
    ) -> Option<Insurance> {
        let seller_insures = term.is_some_and(|t| t.term().seller_insures());
        let given = self
            .insurance
            .as_ref()
            .filter(|i| !(i.percent.trim().is_empty() && i.risks.trim().is_empty()));
        match (given, seller_insures) {
            (None, true) => {
                errs.push(
                    "insurance",
                    "required_for_term",
                    format!(
                        "{} makes the seller insure the goods: give the percentage and the risks",
                        term.map(|t| t.term().as_str()).unwrap_or_default()
                    ),
                );
                None
            }
            (None, false) => None,
            (Some(_), false) => {
                errs.push(
                    "insurance",
                    "not_for_term",
                    "only CIF and CIP make the seller insure the goods (Incoterms® 2020 A5)",
                );
                None
            }
            (Some(i), true) => {
                let percent = validate_percent(errs, "insurance.percent", &i.percent, Decimal::from(200));
                if let Some(p) = percent
                    && p < MIN_INSURANCE_PERCENT
                {
                    errs.push(
                        "insurance.percent",
                        "insurance_too_low",
                        "Incoterms® 2020 A5 requires at least 110 % of the contract price",
                    );
                }
                let risks = clean_text(errs, "insurance.risks", &i.risks, 500);
                if risks.is_empty() {
                    errs.push(
                        "insurance.risks",
                        "required",
                        "name the risks covered, e.g. ICC (A)",
                    );
                }
                percent.map(|percent| Insurance { percent, risks })
            }
        }
    }

    fn validate_lines(&self, errs: &mut ValidationErrors) -> Vec<ContractLine> {
        if self.lines.is_empty() {
            errs.push("lines", "no_lines", "a contract needs at least one line");
        }
        if self.lines.len() > MAX_LINES {
            errs.push("lines", "too_many_lines", format!("at most {MAX_LINES} lines"));
        }
        let mut out = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let f = |n: &str| format!("lines[{i}].{n}");
            let description_en = clean_text(errs, &f("description_en"), &l.description_en, 500);
            if description_en.is_empty() {
                errs.push(
                    f("description_en"),
                    "required",
                    "the English description is required",
                );
            }
            let description_zh = clean_opt(errs, &f("description_zh"), &l.description_zh, 500);
            let spec = clean_opt(errs, &f("spec"), &l.spec, 500);
            let package = clean_opt(errs, &f("package"), &l.package, 200);
            let hs_code = match l.hs_code.as_deref().map(str::trim) {
                Some(h) if !h.is_empty() => match HsCode::parse(h) {
                    Ok(c) => Some(c),
                    Err(why) => {
                        errs.push(f("hs_code"), "invalid_hs_code", why);
                        None
                    }
                },
                _ => None,
            };
            let unit = crate::contract::validate_unit(errs, &f("unit"), &l.unit);
            let quantity = decimal(errs, &f("quantity"), &l.quantity);
            let unit_price = decimal(errs, &f("unit_price"), &l.unit_price);
            if let (Some(q), Some(p)) = (quantity, unit_price) {
                match LineFigures::new(q, unit.unwrap_or(QuantityUnit::Carton), p) {
                    Ok(figures) => {
                        if unit.is_some() {
                            out.push(ContractLine {
                                product_id: l.product_id,
                                description_en,
                                description_zh,
                                spec,
                                hs_code,
                                package,
                                figures,
                            });
                        }
                    }
                    Err(line_errs) => {
                        for e in line_errs {
                            let (field, code) = match e {
                                LineError::QuantityNotPositive => ("quantity", "not_positive"),
                                LineError::QuantityTooPrecise => ("quantity", "too_precise"),
                                LineError::PriceNotPositive => ("unit_price", "not_positive"),
                                LineError::PriceTooPrecise => ("unit_price", "too_precise"),
                                LineError::QuantityTooLarge => ("quantity", "out_of_range"),
                                LineError::PriceTooLarge => ("unit_price", "out_of_range"),
                            };
                            errs.push(f(field), code, e.to_string());
                        }
                    }
                }
            }
        }
        out
    }
}

/// FAS/FOB/CFR/CIF are sea terms: both ports are needed, and the named place is one of
/// them (FAS/FOB: the port of shipment; CFR/CIF: the port of destination — Incoterms® 2020).
fn check_ports(
    errs: &mut ValidationErrors,
    t: &TermWithPlace,
    pol_in: &Option<String>,
    pod_in: &Option<String>,
    pol: &Option<String>,
    pod: &Option<String>,
) {
    if !t.term().is_sea_only() {
        return;
    }
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    for (field, v) in [("port_of_loading", pol_in), ("port_of_discharge", pod_in)] {
        if blank(v) {
            errs.push(
                field,
                "required_for_term",
                format!("{} is a sea term: the port is required", t.term()),
            );
        }
    }
    let named = t.place().port().map(|p| p.code.as_str());
    let (expected, which) = match t.term() {
        Incoterm::Fas | Incoterm::Fob => (pol, "port of loading"),
        _ => (pod, "port of discharge"),
    };
    if let (Some(named), Some(expected)) = (named, expected)
        && named != expected
    {
        errs.push(
            "incoterm.port",
            "port_mismatch",
            format!("{} names {named}, but the {which} is {expected}", t.term()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::InstalmentInput;

    pub(crate) fn sample() -> ContractInput {
        ContractInput {
            date: Some("2026-11-30".into()),
            buyer_id: Some(Uuid::nil()),
            currency: "USD".into(),
            incoterm: TermWithPlaceInput {
                term: "CIF".into(),
                port: Some("NLRTM".into()),
                ..Default::default()
            },
            port_of_loading: Some("CNYNT".into()),
            port_of_discharge: Some("NLRTM".into()),
            shipment_earliest: Some("2026-12-10".into()),
            shipment_latest: "2026-12-31".into(),
            more_or_less_pct: Some("5".into()),
            insurance: Some(InsuranceInput {
                percent: "110".into(),
                risks: "Institute Cargo Clauses (A)".into(),
            }),
            payment_terms: PaymentTermsInput {
                instalments: vec![
                    InstalmentInput {
                        percent: "30".into(),
                        method: "tt".into(),
                        trigger: "on_contract".into(),
                        days: None,
                    },
                    InstalmentInput {
                        percent: "70".into(),
                        method: "tt".into(),
                        trigger: "against_copy_bl".into(),
                        days: None,
                    },
                ],
            },
            lines: vec![ContractLineInput {
                description_en: "Fresh Fuji apples".into(),
                hs_code: Some("080810".into()),
                quantity: "1800".into(),
                unit: "carton".into(),
                unit_price: "21.505".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    #[test]
    fn a_good_contract_validates_and_totals() {
        let d = sample().validate(today()).unwrap();
        assert_eq!(d.total().amount.to_string(), "38709.00");
        assert_eq!(ContractInput::from(&d).validate(today()).unwrap(), d);
    }

    fn codes(inp: &ContractInput) -> Vec<(String, String)> {
        inp.validate(today())
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn has(v: &[(String, String)], field: &str, code: &str) -> bool {
        v.iter().any(|(f, c)| f == field && c == code)
    }

    #[test]
    fn bad_input_names_every_field() {
        let mut inp = sample();
        inp.currency = "XYZ".into();
        inp.port_of_discharge = Some("ZZZZZ".into());
        inp.shipment_earliest = Some("2027-01-10".into());
        inp.lines[0].quantity = "0".into();
        inp.lines[0].unit_price = "1.23456".into();
        inp.payment_terms.instalments[1].percent = "60".into();
        inp.insurance.as_mut().unwrap().percent = "100".into();
        let v = codes(&inp);
        assert!(has(&v, "currency", "invalid_currency"), "{v:?}");
        assert!(has(&v, "port_of_discharge", "unknown_port"), "{v:?}");
        assert!(has(&v, "shipment_latest", "before_earliest"), "{v:?}");
        assert!(has(&v, "lines[0].quantity", "not_positive"), "{v:?}");
        assert!(has(&v, "lines[0].unit_price", "too_precise"), "{v:?}");
        assert!(
            has(&v, "payment_terms.instalments", "sum_not_100")
                || v.iter()
                    .any(|(f, c)| f.starts_with("payment_terms") && c == "sum_not_100"),
            "{v:?}"
        );
        assert!(has(&v, "insurance.percent", "insurance_too_low"), "{v:?}");
    }

    #[test]
    fn sea_terms_need_ports_and_the_named_port_must_match() {
        let mut inp = sample();
        inp.port_of_loading = None;
        inp.incoterm.port = Some("DEHAM".into());
        let v = codes(&inp);
        assert!(has(&v, "port_of_loading", "required_for_term"), "{v:?}");
        assert!(has(&v, "incoterm.port", "port_mismatch"), "{v:?}");
    }

    #[test]
    fn sea_term_with_a_town_is_the_wrong_kind_of_place() {
        let mut inp = sample();
        inp.incoterm = TermWithPlaceInput {
            term: "FOB".into(),
            place: Some("Yantai town".into()),
            country: Some("CN".into()),
            ..Default::default()
        };
        let v = codes(&inp);
        assert!(has(&v, "incoterm.place", "place_not_a_port"), "{v:?}");
    }

    #[test]
    fn insurance_belongs_to_cif_and_cip_only() {
        let mut inp = sample();
        inp.incoterm = TermWithPlaceInput {
            term: "FOB".into(),
            port: Some("CNYNT".into()),
            ..Default::default()
        };
        assert!(has(&codes(&inp), "insurance", "not_for_term"));
        inp.incoterm.term = "CIF".into();
        inp.incoterm.port = Some("NLRTM".into());
        inp.insurance = None;
        assert!(has(&codes(&inp), "insurance", "required_for_term"));
    }
}
