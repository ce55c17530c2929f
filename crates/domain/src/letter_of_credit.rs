//! Letters of credit (信用证, L/C) as the advising bank hands them over, and the list of
//! every way a credit differs from its contract ([`differences`]), so the merchandiser can
//! ask for an amendment before production, not at the bank counter.
//!
//! Field numbers are those of the SWIFT MT700 message; rules cite UCP 600.

use crate::contract::QuantityUnit;
use crate::documents::{
    DocumentRequirement, DocumentRequirementInput, clean_opt, clean_text, validate_checklist,
    validate_date as date, validate_documents,
};
use crate::error::ValidationErrors;
use crate::money::Currency;
use crate::payment::PaymentMethod;
use crate::profile::{validate_currency, validate_percent, validate_port};
use crate::sales_contract::ContractData;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// UCP 600 art. 14(c): documents presented within 21 days after shipment unless the credit
/// says otherwise.
pub const DEFAULT_PRESENTATION_DAYS: u16 = 21;
/// Largest amount, quantity or price a credit may state.
const MAX_FIGURE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// UCP 600 art. 30(a): "about" allows 10 % more or less.
pub const ABOUT_TOLERANCE: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// Field 41a "available with … by".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AvailableBy {
    Payment,
    Acceptance,
    Negotiation,
    DeferredPayment,
    MixedPayment,
}

impl AvailableBy {
    pub const ALL: [AvailableBy; 5] = [
        AvailableBy::Payment,
        AvailableBy::Acceptance,
        AvailableBy::Negotiation,
        AvailableBy::DeferredPayment,
        AvailableBy::MixedPayment,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            AvailableBy::Payment => "payment",
            AvailableBy::Acceptance => "acceptance",
            AvailableBy::Negotiation => "negotiation",
            AvailableBy::DeferredPayment => "deferred_payment",
            AvailableBy::MixedPayment => "mixed_payment",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }
}

/// A credit's validated content: one revision (the original or an amendment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterOfCreditData {
    pub contract_id: Uuid,
    /// 20: documentary credit number
    pub number: String,
    /// 52a: issuing bank (name and BIC as written)
    pub issuing_bank: String,
    /// 57a / the bank that advised it
    pub advising_bank: Option<String>,
    /// 31C
    pub issue_date: NaiveDate,
    /// 31D: date and place of expiry
    pub expiry_date: NaiveDate,
    pub expiry_place: String,
    /// 32B
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "38709.00"))]
    pub amount: Decimal,
    /// 39A: percentage credit amount tolerance, plus / minus
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tolerance_plus_pct: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tolerance_minus_pct: Decimal,
    /// "about" / "approximately" before the amount (UCP 600 art. 30(a): ±10 %).
    pub about: bool,
    /// 41a
    pub available_by: AvailableBy,
    /// 42C: draft tenor in days after sight / B/L date; `None` = at sight.
    pub tenor_days: Option<u16>,
    /// 44C
    pub latest_shipment: NaiveDate,
    /// 48: days after shipment for presentation
    pub presentation_days: u16,
    /// 43P / 43T: allowed?
    pub partial_shipments: bool,
    pub transhipment: bool,
    /// 44E / 44F (UN/LOCODE)
    pub port_of_loading: Option<String>,
    pub port_of_discharge: Option<String>,
    /// 45A
    pub goods_description: String,
    /// Quantity and unit price as 45A states them, when it does.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub quantity: Option<Decimal>,
    pub quantity_unit: Option<QuantityUnit>,
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub unit_price: Option<Decimal>,
    /// 46A
    pub documents: Vec<DocumentRequirement>,
    pub consignee_wording: Option<String>,
    pub notify_wording: Option<String>,
    /// 47A
    pub special_conditions: Vec<String>,
}

/// A credit as typed from the advice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterOfCreditInput {
    #[serde(default)]
    pub contract_id: Option<Uuid>,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub issuing_bank: String,
    #[serde(default)]
    pub advising_bank: Option<String>,
    #[serde(default)]
    pub issue_date: String,
    #[serde(default)]
    pub expiry_date: String,
    #[serde(default)]
    pub expiry_place: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub tolerance_plus_pct: Option<String>,
    #[serde(default)]
    pub tolerance_minus_pct: Option<String>,
    #[serde(default)]
    pub about: bool,
    /// payment, acceptance, negotiation, deferred_payment, mixed_payment
    #[serde(default)]
    pub available_by: String,
    /// Empty or 0 for sight.
    #[serde(default)]
    pub tenor_days: Option<u16>,
    #[serde(default)]
    pub latest_shipment: String,
    #[serde(default)]
    pub presentation_days: Option<u16>,
    #[serde(default)]
    pub partial_shipments: bool,
    #[serde(default)]
    pub transhipment: bool,
    #[serde(default)]
    pub port_of_loading: Option<String>,
    #[serde(default)]
    pub port_of_discharge: Option<String>,
    #[serde(default)]
    pub goods_description: String,
    #[serde(default)]
    pub quantity: Option<String>,
    #[serde(default)]
    pub quantity_unit: Option<String>,
    #[serde(default)]
    pub unit_price: Option<String>,
    #[serde(default)]
    pub documents: Vec<DocumentRequirementInput>,
    #[serde(default)]
    pub consignee_wording: Option<String>,
    #[serde(default)]
    pub notify_wording: Option<String>,
    #[serde(default)]
    pub special_conditions: Vec<String>,
}

fn positive(errs: &mut ValidationErrors, field: &str, v: &str, dp: u32) -> Option<Decimal> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(field, "required", "a number is required");
        return None;
    }
    match crate::units::parse_decimal(v) {
        Err(why) => {
            errs.push(field, "invalid_number", format!("`{v}` {why}"));
            None
        }
        Ok(d) if d <= Decimal::ZERO => {
            errs.push(field, "not_positive", "must be more than 0");
            None
        }
        Ok(d) if d.normalize().scale() > dp => {
            errs.push(field, "too_precise", format!("at most {dp} decimal places"));
            None
        }
        Ok(d) if d > MAX_FIGURE => {
            errs.push(field, "out_of_range", format!("at most {MAX_FIGURE}"));
            None
        }
        Ok(d) => Some(d),
    }
}

impl From<&LetterOfCreditData> for LetterOfCreditInput {
    fn from(d: &LetterOfCreditData) -> Self {
        LetterOfCreditInput {
            contract_id: Some(d.contract_id),
            number: d.number.clone(),
            issuing_bank: d.issuing_bank.clone(),
            advising_bank: d.advising_bank.clone(),
            issue_date: d.issue_date.to_string(),
            expiry_date: d.expiry_date.to_string(),
            expiry_place: d.expiry_place.clone(),
            currency: d.currency.to_string(),
            amount: d.amount.to_string(),
            tolerance_plus_pct: Some(d.tolerance_plus_pct.to_string()),
            tolerance_minus_pct: Some(d.tolerance_minus_pct.to_string()),
            about: d.about,
            available_by: d.available_by.as_str().to_string(),
            tenor_days: d.tenor_days,
            latest_shipment: d.latest_shipment.to_string(),
            presentation_days: Some(d.presentation_days),
            partial_shipments: d.partial_shipments,
            transhipment: d.transhipment,
            port_of_loading: d.port_of_loading.clone(),
            port_of_discharge: d.port_of_discharge.clone(),
            goods_description: d.goods_description.clone(),
            quantity: d.quantity.map(|q| q.to_string()),
            quantity_unit: d.quantity_unit.map(|u| u.as_str().to_string()),
            unit_price: d.unit_price.map(|p| p.to_string()),
            documents: d.documents.iter().map(Into::into).collect(),
            consignee_wording: d.consignee_wording.clone(),
            notify_wording: d.notify_wording.clone(),
            special_conditions: d.special_conditions.clone(),
        }
    }
}

impl LetterOfCreditInput {
    /// Validate everything, or return every field error.
    pub fn validate(&self) -> Result<LetterOfCreditData, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        if self.contract_id.is_none() {
            errs.push("contract_id", "required", "the contract is required");
        }
        let number = clean_text(&mut errs, "number", &self.number, 35);
        if number.is_empty() {
            errs.push("number", "required", "the credit number (field 20) is required");
        }
        let issuing_bank = clean_text(&mut errs, "issuing_bank", &self.issuing_bank, 500);
        if issuing_bank.is_empty() {
            errs.push(
                "issuing_bank",
                "required",
                "the issuing bank (field 52a) is required",
            );
        }
        let advising_bank = clean_opt(&mut errs, "advising_bank", &self.advising_bank, 500);
        let issue_date = date(&mut errs, "issue_date", &self.issue_date);
        let expiry_date = date(&mut errs, "expiry_date", &self.expiry_date);
        if let (Some(i), Some(e)) = (issue_date, expiry_date)
            && e < i
        {
            errs.push(
                "expiry_date",
                "before_issue",
                "the credit expires before it is issued",
            );
        }
        let expiry_place = clean_text(&mut errs, "expiry_place", &self.expiry_place, 100);
        if expiry_place.is_empty() {
            errs.push(
                "expiry_place",
                "required",
                "the place of expiry (field 31D) is required",
            );
        }
        let currency = validate_currency(&mut errs, "currency", &self.currency);
        let amount = positive(
            &mut errs,
            "amount",
            &self.amount,
            currency.map_or(2, |c| c.minor_units()),
        );
        let pct = |errs: &mut ValidationErrors, field: &str, v: &Option<String>| match v
            .as_deref()
            .map(str::trim)
        {
            Some(s) if !s.is_empty() => validate_percent(errs, field, s, Decimal::ONE_HUNDRED),
            _ => Some(Decimal::ZERO),
        };
        let plus = pct(&mut errs, "tolerance_plus_pct", &self.tolerance_plus_pct);
        let minus = pct(&mut errs, "tolerance_minus_pct", &self.tolerance_minus_pct);
        if self.about && (plus != Some(Decimal::ZERO) || minus != Some(Decimal::ZERO)) {
            errs.push(
                "about",
                "about_with_tolerance",
                "give either a 39A tolerance or \"about\", not both",
            );
        }
        let available_by = AvailableBy::parse(&self.available_by);
        if available_by.is_none() {
            errs.push(
                "available_by",
                if self.available_by.trim().is_empty() {
                    "required"
                } else {
                    "invalid_choice"
                },
                "use payment, acceptance, negotiation, deferred_payment or mixed_payment",
            );
        }
        let latest_shipment = date(&mut errs, "latest_shipment", &self.latest_shipment);
        if let (Some(l), Some(e)) = (latest_shipment, expiry_date)
            && l > e
        {
            errs.push(
                "latest_shipment",
                "after_expiry",
                "the latest shipment date is after the expiry date",
            );
        }
        let presentation_days = self.presentation_days.unwrap_or(DEFAULT_PRESENTATION_DAYS);
        if presentation_days == 0 || presentation_days > 180 {
            errs.push("presentation_days", "out_of_range", "between 1 and 180 days");
        }
        let port_of_loading = validate_port(&mut errs, "port_of_loading", &self.port_of_loading);
        let port_of_discharge = validate_port(&mut errs, "port_of_discharge", &self.port_of_discharge);
        let goods_description = clean_text(&mut errs, "goods_description", &self.goods_description, 6500);
        if goods_description.is_empty() {
            errs.push(
                "goods_description",
                "required",
                "the goods description (field 45A) is required",
            );
        }
        let quantity = match self.quantity.as_deref().map(str::trim) {
            Some(q) if !q.is_empty() => positive(&mut errs, "quantity", q, 3),
            _ => None,
        };
        let quantity_unit = match self.quantity_unit.as_deref().map(str::trim) {
            Some(u) if !u.is_empty() => {
                let unit = QuantityUnit::parse(u);
                if unit.is_none() {
                    errs.push("quantity_unit", "invalid_choice", format!("`{u}` is not a unit"));
                }
                unit
            }
            _ => None,
        };
        if quantity.is_some() && quantity_unit.is_none() && !errs.0.iter().any(|e| e.field == "quantity_unit")
        {
            errs.push("quantity_unit", "required", "a quantity needs its unit");
        }
        let unit_price = match self.unit_price.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => positive(&mut errs, "unit_price", p, 4),
            _ => None,
        };
        let documents = validate_documents(&mut errs, "documents", &self.documents);
        let consignee_wording = clean_opt(&mut errs, "consignee_wording", &self.consignee_wording, 1000);
        let notify_wording = clean_opt(&mut errs, "notify_wording", &self.notify_wording, 1000);
        let special_conditions =
            validate_checklist(&mut errs, "special_conditions", &self.special_conditions);
        errs.into_result()?;
        Ok(LetterOfCreditData {
            contract_id: self.contract_id.expect("checked"),
            number,
            issuing_bank,
            advising_bank,
            issue_date: issue_date.expect("checked"),
            expiry_date: expiry_date.expect("checked"),
            expiry_place,
            currency: currency.expect("checked"),
            amount: amount.expect("checked"),
            tolerance_plus_pct: plus.expect("checked"),
            tolerance_minus_pct: minus.expect("checked"),
            about: self.about,
            available_by: available_by.expect("checked"),
            tenor_days: self.tenor_days.filter(|d| *d > 0),
            latest_shipment: latest_shipment.expect("checked"),
            presentation_days,
            partial_shipments: self.partial_shipments,
            transhipment: self.transhipment,
            port_of_loading,
            port_of_discharge,
            goods_description,
            quantity,
            quantity_unit,
            unit_price,
            documents,
            consignee_wording,
            notify_wording,
            special_conditions,
        })
    }
}

impl LetterOfCreditData {
    /// The most the credit pays: amount + 39A plus tolerance, or +10 % for "about".
    pub fn max_amount(&self) -> Decimal {
        let pct = if self.about {
            ABOUT_TOLERANCE
        } else {
            self.tolerance_plus_pct
        };
        self.amount + self.amount * pct / Decimal::ONE_HUNDRED
    }
}

/// One way a credit differs from its contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LcDifference {
    /// Stable id, e.g. `LC-AMOUNT`.
    pub rule: &'static str,
    /// The credit's field, e.g. `amount`, `documents[phytosanitary_certificate]`.
    pub field: String,
    pub contract: String,
    pub letter_of_credit: String,
    /// `blocking`: documents made to the contract would be refused or the goods cannot be
    /// shipped as agreed; `warning`: worth an amendment or a question.
    pub severity: &'static str,
    pub message: String,
    /// Where the rule comes from.
    pub source: &'static str,
}

fn yes_no(b: bool) -> String {
    if b { "allowed".into() } else { "not allowed".into() }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}

/// Every difference between a credit and its contract, in a fixed order: currency, amount,
/// tolerance, quantity, unit price, shipment date, expiry, ports, partial shipments,
/// transhipment, payment, documents.
pub fn differences(lc: &LetterOfCreditData, c: &ContractData) -> Vec<LcDifference> {
    let mut out = Vec::new();
    let mut push =
        |rule, field: &str, contract: String, credit: String, severity, message: String, source| {
            out.push(LcDifference {
                rule,
                field: field.to_string(),
                contract,
                letter_of_credit: credit,
                severity,
                message,
                source,
            })
        };
    let total = c.total();
    // The part of the contract value payable by L/C (e.g. 70 % after a 30 % T/T deposit),
    // rounded half-up to the currency's minor unit.
    let lc_share: Decimal = c
        .payment_terms
        .instalments()
        .iter()
        .filter(|i| matches!(i.method, PaymentMethod::LcSight | PaymentMethod::LcUsance { .. }))
        .map(|i| i.percent)
        .sum();
    let share = if lc_share.is_zero() {
        Decimal::ONE_HUNDRED
    } else {
        lc_share
    };
    let mut expected = (total.amount * share / Decimal::ONE_HUNDRED).round_dp_with_strategy(
        c.currency.minor_units(),
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    expected.rescale(c.currency.minor_units());
    if lc.currency != c.currency {
        push(
            "LC-CURRENCY",
            "currency",
            c.currency.to_string(),
            lc.currency.to_string(),
            "blocking",
            "the credit is in another currency than the contract".into(),
            "UCP 600 art. 18(a)(iii); sales contract",
        );
    } else if lc.amount != expected {
        let short = lc.max_amount() < expected;
        push(
            "LC-AMOUNT",
            "amount",
            if share == Decimal::ONE_HUNDRED {
                format!("{} {}", c.currency, expected)
            } else {
                format!(
                    "{} {} ({}% of {})",
                    c.currency,
                    expected,
                    share.normalize(),
                    total.amount
                )
            },
            format!("{} {}", lc.currency, lc.amount),
            if short { "blocking" } else { "warning" },
            if short {
                "the credit, with its tolerance, does not cover the contract value".into()
            } else {
                "the credit amount differs from the contract value".into()
            },
            "UCP 600 art. 18(b), 30(a)-(b); sales contract",
        );
    }
    let lc_tol = if lc.about {
        ABOUT_TOLERANCE
    } else {
        lc.tolerance_plus_pct.min(lc.tolerance_minus_pct)
    };
    if c.more_or_less_pct > Decimal::ZERO && lc_tol < c.more_or_less_pct {
        push(
            "LC-TOLERANCE",
            "tolerance_plus_pct",
            format!("±{}%", c.more_or_less_pct.normalize()),
            if lc.about {
                "about (±10%)".into()
            } else {
                format!(
                    "+{}% / -{}%",
                    lc.tolerance_plus_pct.normalize(),
                    lc.tolerance_minus_pct.normalize()
                )
            },
            "warning",
            "the contract's more-or-less is wider than the credit's amount tolerance".into(),
            "UCP 600 art. 30(a)-(b)",
        );
    }
    if let (Some(q), Some(unit)) = (lc.quantity, lc.quantity_unit) {
        let contract_q = c
            .total_quantities()
            .into_iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, q)| q);
        if contract_q != Some(q) {
            push(
                "LC-QUANTITY",
                "quantity",
                contract_q.map_or_else(
                    || format!("no quantity in {}", unit.document_abbreviation()),
                    |cq| format!("{} {}", cq.normalize(), unit.document_abbreviation()),
                ),
                format!("{} {}", q.normalize(), unit.document_abbreviation()),
                "blocking",
                "the quantity in the credit is not the contract quantity".into(),
                "UCP 600 art. 30(a)-(b); sales contract",
            );
        }
    }
    if let Some(p) = lc.unit_price {
        for (i, l) in c.lines.iter().enumerate() {
            if l.figures.unit_price != p {
                push(
                    "LC-UNIT-PRICE",
                    &format!("unit_price (line {})", i + 1),
                    format!("{} {}", c.currency, l.figures.unit_price),
                    format!("{} {}", lc.currency, p),
                    "blocking",
                    format!("line {} of the contract has another unit price", i + 1),
                    "UCP 600 art. 18(a), 30(a); sales contract",
                );
            }
        }
    }
    if lc.latest_shipment != c.shipment_latest {
        let earlier = lc.latest_shipment < c.shipment_latest;
        push(
            "LC-LATEST-SHIPMENT",
            "latest_shipment",
            c.shipment_latest.to_string(),
            lc.latest_shipment.to_string(),
            if earlier { "blocking" } else { "warning" },
            if earlier {
                "the credit's latest shipment date is earlier than the contract's".into()
            } else {
                "the credit's latest shipment date differs from the contract's".into()
            },
            "UCP 600 art. 14(c), 29; sales contract",
        );
    }
    let last_presentation = lc
        .latest_shipment
        .checked_add_signed(chrono::Duration::days(i64::from(lc.presentation_days)));
    if last_presentation.is_some_and(|d| d > lc.expiry_date) {
        let room = (lc.expiry_date - lc.latest_shipment).num_days();
        push(
            "LC-EXPIRY",
            "expiry_date",
            format!(
                "latest shipment {} + {} days",
                lc.latest_shipment, lc.presentation_days
            ),
            lc.expiry_date.to_string(),
            "warning",
            format!(
                "only {room} days between the latest shipment and expiry; the presentation period is {} days",
                lc.presentation_days
            ),
            "UCP 600 art. 6(d), 14(c), 29(a)",
        );
    }
    for (rule, field, cv, lv) in [
        (
            "LC-PORT-LOADING",
            "port_of_loading",
            &c.port_of_loading,
            &lc.port_of_loading,
        ),
        (
            "LC-PORT-DISCHARGE",
            "port_of_discharge",
            &c.port_of_discharge,
            &lc.port_of_discharge,
        ),
    ] {
        if lv.is_some() && lv != cv {
            push(
                rule,
                field,
                opt(cv),
                opt(lv),
                "blocking",
                "the credit names another port than the contract".into(),
                "UCP 600 art. 20(a)(iii); sales contract",
            );
        }
    }
    if lc.partial_shipments != c.partial_shipments {
        push(
            "LC-PARTIAL",
            "partial_shipments",
            yes_no(c.partial_shipments),
            yes_no(lc.partial_shipments),
            if c.partial_shipments && !lc.partial_shipments {
                "blocking"
            } else {
                "warning"
            },
            "partial shipments differ".into(),
            "UCP 600 art. 31",
        );
    }
    if lc.transhipment != c.transhipment {
        push(
            "LC-TRANSHIPMENT",
            "transhipment",
            yes_no(c.transhipment),
            yes_no(lc.transhipment),
            if c.transhipment && !lc.transhipment {
                "blocking"
            } else {
                "warning"
            },
            "transhipment differs".into(),
            "UCP 600 art. 20(c)",
        );
    }
    let lc_payment = c
        .payment_terms
        .instalments()
        .iter()
        .find(|i| matches!(i.method, PaymentMethod::LcSight | PaymentMethod::LcUsance { .. }));
    match lc_payment {
        None => push(
            "LC-PAYMENT",
            "available_by",
            c.payment_terms.english_wording(),
            "documentary credit".into(),
            "warning",
            "the contract's payment terms do not call for a letter of credit".into(),
            "sales contract",
        ),
        Some(i) => {
            let contract_days = i.method.days();
            if contract_days != lc.tenor_days {
                let days = |d: Option<u16>| d.map_or_else(|| "at sight".to_string(), |d| format!("{d} days"));
                push(
                    "LC-TENOR",
                    "tenor_days",
                    days(contract_days),
                    days(lc.tenor_days),
                    "blocking",
                    "the draft tenor differs from the contract's payment terms".into(),
                    "UCP 600 art. 6(c), 7; sales contract",
                );
            }
        }
    }
    for d in &lc.documents {
        match c.documents.iter().find(|x| x.kind == d.kind) {
            None => push(
                "LC-DOCUMENTS",
                &format!("documents[{}]", d.kind),
                "not required".into(),
                d.english_wording(),
                "blocking",
                format!(
                    "the credit asks for a {} the contract does not",
                    d.kind.name_en().to_lowercase()
                ),
                "UCP 600 art. 14(a); sales contract",
            ),
            Some(x) if x.originals != d.originals || x.copies != d.copies || x.form != d.form => push(
                "LC-DOCUMENTS",
                &format!("documents[{}]", d.kind),
                x.english_wording(),
                d.english_wording(),
                "warning",
                "the credit asks for the document differently (originals, copies or form)".into(),
                "UCP 600 art. 14(a), 17",
            ),
            Some(_) => {}
        }
    }
    for x in &c.documents {
        if !lc.documents.iter().any(|d| d.kind == x.kind) {
            push(
                "LC-DOCUMENTS",
                &format!("documents[{}]", x.kind),
                x.english_wording(),
                "not required".into(),
                "warning",
                format!(
                    "the contract asks for a {} the credit does not",
                    x.kind.name_en().to_lowercase()
                ),
                "UCP 600 art. 14(g); sales contract",
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::DocumentKind;
    use crate::incoterm::TermWithPlaceInput;
    use crate::payment::{InstalmentInput, PaymentTermsInput};
    use crate::sales_contract::{ContractInput, ContractLineInput, InsuranceInput};

    fn contract() -> ContractData {
        ContractInput {
            buyer_id: Some(Uuid::nil()),
            currency: "USD".into(),
            incoterm: TermWithPlaceInput {
                term: "CIF".into(),
                port: Some("NLRTM".into()),
                ..Default::default()
            },
            port_of_loading: Some("CNQDG".into()),
            port_of_discharge: Some("NLRTM".into()),
            shipment_latest: "2026-12-31".into(),
            more_or_less_pct: Some("5".into()),
            insurance: Some(InsuranceInput {
                percent: "110".into(),
                risks: "ICC (A)".into(),
            }),
            payment_terms: PaymentTermsInput {
                instalments: vec![InstalmentInput {
                    percent: "100".into(),
                    method: "lc_sight".into(),
                    trigger: "at_sight_against_documents".into(),
                    days: None,
                }],
            },
            documents: vec![DocumentRequirementInput {
                kind: "commercial_invoice".into(),
                originals: 3,
                ..Default::default()
            }],
            lines: vec![ContractLineInput {
                description_en: "Fresh Fuji apples".into(),
                quantity: "1800".into(),
                unit: "carton".into(),
                unit_price: "21.50".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
        .validate(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        .unwrap()
    }

    fn credit() -> LetterOfCreditInput {
        LetterOfCreditInput {
            contract_id: Some(Uuid::nil()),
            number: "LC-0001".into(),
            issuing_bank: "ABN AMRO".into(),
            issue_date: "2026-12-01".into(),
            expiry_date: "2027-01-31".into(),
            expiry_place: "China".into(),
            currency: "USD".into(),
            amount: "38700.00".into(),
            tolerance_plus_pct: Some("5".into()),
            tolerance_minus_pct: Some("5".into()),
            available_by: "negotiation".into(),
            latest_shipment: "2026-12-31".into(),
            port_of_loading: Some("CNQDG".into()),
            port_of_discharge: Some("NLRTM".into()),
            goods_description: "FRESH FUJI APPLES".into(),
            quantity: Some("1800".into()),
            quantity_unit: Some("carton".into()),
            unit_price: Some("21.50".into()),
            documents: vec![DocumentRequirementInput {
                kind: "commercial_invoice".into(),
                originals: 3,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_matching_credit_has_no_differences() {
        let lc = credit().validate().unwrap();
        assert_eq!(differences(&lc, &contract()), vec![]);
    }

    #[test]
    fn every_difference_is_listed() {
        let mut inp = credit();
        inp.amount = "30000".into();
        inp.quantity = Some("1500".into());
        inp.unit_price = Some("20".into());
        inp.latest_shipment = "2026-12-20".into();
        inp.expiry_date = "2026-12-28".into();
        inp.port_of_discharge = Some("DEHAM".into());
        inp.tenor_days = Some(60);
        inp.documents.push(DocumentRequirementInput {
            kind: "phytosanitary_certificate".into(),
            originals: 1,
            ..Default::default()
        });
        let lc = inp.validate().unwrap();
        let rules: Vec<_> = differences(&lc, &contract()).iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            vec![
                "LC-AMOUNT",
                "LC-QUANTITY",
                "LC-UNIT-PRICE",
                "LC-LATEST-SHIPMENT",
                "LC-EXPIRY",
                "LC-PORT-DISCHARGE",
                "LC-TENOR",
                "LC-DOCUMENTS"
            ]
        );
        let amount = &differences(&lc, &contract())[0];
        assert_eq!(amount.severity, "blocking");
        assert_eq!(amount.contract, "USD 38700.00");
        let _ = DocumentKind::ALL;
    }

    #[test]
    fn a_credit_for_the_lc_part_of_split_terms_matches() {
        // 30 % T/T deposit, 70 % L/C at sight: the credit covers 70 % of 38,700.00.
        let mut c = contract();
        c.payment_terms = PaymentTermsInput {
            instalments: vec![
                InstalmentInput {
                    percent: "30".into(),
                    method: "tt".into(),
                    trigger: "on_contract".into(),
                    days: None,
                },
                InstalmentInput {
                    percent: "70".into(),
                    method: "lc_sight".into(),
                    trigger: "at_sight_against_documents".into(),
                    days: None,
                },
            ],
        }
        .validate()
        .unwrap();
        let mut inp = credit();
        inp.amount = "27090.00".into();
        let lc = inp.validate().unwrap();
        assert!(differences(&lc, &c).iter().all(|d| d.rule != "LC-AMOUNT"));
        inp.amount = "38700.00".into();
        let lc = inp.validate().unwrap();
        let amount = differences(&lc, &c)
            .into_iter()
            .find(|d| d.rule == "LC-AMOUNT")
            .unwrap();
        assert_eq!(amount.severity, "warning", "more than the L/C part is not short");
        assert!(amount.contract.contains("70% of 38700.00"), "{}", amount.contract);
    }

    #[test]
    fn bad_credit_input_names_fields() {
        let mut inp = credit();
        inp.amount = "-1".into();
        inp.latest_shipment = "2027-03-01".into();
        inp.available_by = "cash".into();
        inp.about = true;
        let e = inp.validate().unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["amount", "about", "available_by", "latest_shipment"]);
    }
}
