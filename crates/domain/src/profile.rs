//! Knowing the customer (熟悉客户): a customer's defaults, the documents they need, their
//! checklist of special requirements, and the habits their orders show.
//!
//! The profile is what a merchandiser would otherwise keep in their head or a notebook: the
//! seed's "熟悉客户" step. Its defaults prefill every new contract for the customer, and its
//! checklist is copied onto every contract (and later every instruction).

use crate::documents::{
    DocumentRequirement, DocumentRequirementInput, clean_opt, validate_checklist, validate_documents,
};
use crate::error::ValidationErrors;
use crate::incoterm::{TermWithPlace, TermWithPlaceInput};
use crate::money::Currency;
use crate::payment::{PaymentTerms, PaymentTermsInput};
use crate::port::Port;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Largest more-or-less tolerance accepted (UCP 600 art. 30(a) "about" is 10 %).
pub const MAX_MORE_OR_LESS: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// How documents reach the buyer (交单方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryRoute {
    /// Couriered straight to the buyer (T/T terms).
    Courier,
    /// Through the banks (D/P, D/A, L/C).
    Bank,
}

/// Where the documents go and through whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentDelivery {
    pub route: DeliveryRoute,
    /// The courier or the bank (a party).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_party_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A customer's profile (客户档案), validated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<TermWithPlaceInput>))]
    pub incoterm: Option<TermWithPlace>,
    /// UN/LOCODE
    pub port_of_loading: Option<String>,
    /// UN/LOCODE
    pub port_of_discharge: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "USD"))]
    pub currency: Option<Currency>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::payment::UncheckedTerms>))]
    pub payment_terms: Option<PaymentTerms>,
    /// Percent, e.g. `5` for ±5 %.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "5"))]
    pub more_or_less_pct: Option<Decimal>,
    pub documents: Vec<DocumentRequirement>,
    pub consignee_wording: Option<String>,
    pub notify_wording: Option<String>,
    pub marks: Option<String>,
    pub label_instructions: Option<String>,
    /// The language documents are made out in, e.g. `English`, `English and Russian`.
    pub document_language: Option<String>,
    pub document_delivery: Option<DocumentDelivery>,
    /// Preferences and special requirements, copied onto every contract.
    pub checklist: Vec<String>,
}

/// Delivery as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentDeliveryInput {
    /// courier or bank
    #[serde(default)]
    pub route: String,
    #[serde(default)]
    pub via_party_id: Option<Uuid>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A customer profile as sent; every field may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfileInput {
    #[serde(default)]
    pub incoterm: Option<TermWithPlaceInput>,
    #[serde(default)]
    pub port_of_loading: Option<String>,
    #[serde(default)]
    pub port_of_discharge: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub payment_terms: Option<PaymentTermsInput>,
    #[serde(default)]
    pub more_or_less_pct: Option<String>,
    #[serde(default)]
    pub documents: Vec<DocumentRequirementInput>,
    #[serde(default)]
    pub consignee_wording: Option<String>,
    #[serde(default)]
    pub notify_wording: Option<String>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub label_instructions: Option<String>,
    #[serde(default)]
    pub document_language: Option<String>,
    #[serde(default)]
    pub document_delivery: Option<DocumentDeliveryInput>,
    #[serde(default)]
    pub checklist: Vec<String>,
}

/// A UN/LOCODE that must be in the shipped list: `unknown_port` otherwise.
pub fn validate_port(errs: &mut ValidationErrors, field: &str, v: &Option<String>) -> Option<String> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    match Port::lookup(v) {
        Some(p) => Some(p.code.clone()),
        None => {
            errs.push(
                field,
                "unknown_port",
                format!("`{v}` is not a known UN/LOCODE port"),
            );
            None
        }
    }
}

/// An ISO 4217 code: `invalid_currency` otherwise.
pub fn validate_currency(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<Currency> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(field, "required", "the currency is required");
        return None;
    }
    match Currency::parse(v) {
        Ok(c) => Some(c),
        Err(why) => {
            errs.push(field, "invalid_currency", format!("`{v}`: {why}"));
            None
        }
    }
}

/// A percentage `0..=max` with at most two decimals.
pub fn validate_percent(errs: &mut ValidationErrors, field: &str, v: &str, max: Decimal) -> Option<Decimal> {
    let t = v.trim().trim_end_matches('%').trim();
    match crate::units::parse_decimal(t) {
        Err(_) => {
            errs.push(field, "invalid_number", format!("`{}` is not a number", v.trim()));
            None
        }
        Ok(d) if d.normalize().scale() > 2 => {
            errs.push(field, "too_precise", "at most two decimal places");
            None
        }
        Ok(d) if d < Decimal::ZERO || d > max => {
            errs.push(field, "out_of_range", format!("must be between 0 and {max}"));
            None
        }
        Ok(d) => Some(d.normalize()),
    }
}

impl CustomerProfileInput {
    /// Validate everything and return the profile, or every field error.
    pub fn validate(&self) -> Result<CustomerProfile, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let incoterm = match &self.incoterm {
            Some(t) if !t.term.trim().is_empty() => match t.validate() {
                Ok(t) => Some(t),
                Err(e) => {
                    errs.nest("incoterm", e);
                    None
                }
            },
            _ => None,
        };
        let port_of_loading = validate_port(&mut errs, "port_of_loading", &self.port_of_loading);
        let port_of_discharge = validate_port(&mut errs, "port_of_discharge", &self.port_of_discharge);
        let currency = match self.currency.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => validate_currency(&mut errs, "currency", c),
            _ => None,
        };
        let payment_terms = match &self.payment_terms {
            Some(p) if !p.instalments.is_empty() => match p.validate() {
                Ok(t) => Some(t),
                Err(e) => {
                    errs.nest("payment_terms", e);
                    None
                }
            },
            _ => None,
        };
        let more_or_less_pct = match self.more_or_less_pct.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => validate_percent(&mut errs, "more_or_less_pct", m, MAX_MORE_OR_LESS),
            _ => None,
        };
        let documents = validate_documents(&mut errs, "documents", &self.documents);
        let consignee_wording = clean_opt(&mut errs, "consignee_wording", &self.consignee_wording, 1000);
        let notify_wording = clean_opt(&mut errs, "notify_wording", &self.notify_wording, 1000);
        let marks = clean_opt(&mut errs, "marks", &self.marks, 1000);
        let label_instructions = clean_opt(&mut errs, "label_instructions", &self.label_instructions, 2000);
        let document_language = clean_opt(&mut errs, "document_language", &self.document_language, 100);
        let document_delivery = match &self.document_delivery {
            Some(d) if !d.route.trim().is_empty() => {
                let route = match d.route.trim() {
                    "courier" => Some(DeliveryRoute::Courier),
                    "bank" => Some(DeliveryRoute::Bank),
                    other => {
                        errs.push(
                            "document_delivery.route",
                            "invalid_choice",
                            format!("`{other}` is not a route; use courier or bank"),
                        );
                        None
                    }
                };
                let note = clean_opt(&mut errs, "document_delivery.note", &d.note, 500);
                route.map(|route| DocumentDelivery {
                    route,
                    via_party_id: d.via_party_id,
                    note,
                })
            }
            _ => None,
        };
        let checklist = validate_checklist(&mut errs, "checklist", &self.checklist);
        errs.into_result()?;
        Ok(CustomerProfile {
            incoterm,
            port_of_loading,
            port_of_discharge,
            currency,
            payment_terms,
            more_or_less_pct,
            documents,
            consignee_wording,
            notify_wording,
            marks,
            label_instructions,
            document_language,
            document_delivery,
            checklist,
        })
    }
}

/// One past order line, as the habits need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineFact {
    pub contract_date: NaiveDate,
    /// The product's SKU or, without a product, the description.
    pub product: String,
    pub spec: Option<String>,
    pub quantity: Decimal,
    pub unit: &'static str,
}

/// What a customer usually orders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductHabit {
    pub product: String,
    pub spec: Option<String>,
    /// How many contracts had it.
    pub orders: u32,
    /// The median quantity per contract.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub usual_quantity: Decimal,
    pub unit: String,
}

/// Habits learned from a customer's contracts (客户习惯).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerHabits {
    pub orders: u32,
    pub first_order: Option<NaiveDate>,
    pub last_order: Option<NaiveDate>,
    /// The median number of days between consecutive orders (two orders at least).
    pub order_interval_days: Option<i64>,
    /// Last order + the usual interval.
    pub next_order_expected: Option<NaiveDate>,
    pub products: Vec<ProductHabit>,
    /// Average days paid after the due date; needs payments (a later stage).
    pub average_days_paid_late: Option<Decimal>,
}

fn median(mut v: Vec<Decimal>) -> Decimal {
    v.sort();
    let n = v.len();
    if n == 0 {
        Decimal::ZERO
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        ((v[n / 2 - 1] + v[n / 2]) / Decimal::TWO).normalize()
    }
}

/// Product, spec and unit: what "the same product" means for habits.
type ProductKey = (String, Option<String>, &'static str);

/// Learn the habits from the lines of a customer's (not cancelled) contracts.
pub fn habits(lines: &[OrderLineFact]) -> CustomerHabits {
    let mut dates: Vec<NaiveDate> = lines.iter().map(|l| l.contract_date).collect();
    dates.sort();
    dates.dedup();
    let intervals: Vec<Decimal> = dates
        .windows(2)
        .map(|w| Decimal::from((w[1] - w[0]).num_days()))
        .collect();
    let order_interval_days = (!intervals.is_empty()).then(|| {
        median(intervals)
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .try_into()
            .unwrap_or(0i64)
    });
    let next_order_expected = match (dates.last(), order_interval_days) {
        (Some(last), Some(d)) => last.checked_add_signed(chrono::Duration::days(d)),
        _ => None,
    };
    // Sum per (product, spec, unit, contract date) first: one order's quantity.
    let mut per_order: std::collections::BTreeMap<ProductKey, Vec<(NaiveDate, Decimal)>> = Default::default();
    for l in lines {
        let e = per_order
            .entry((l.product.clone(), l.spec.clone(), l.unit))
            .or_default();
        match e.iter_mut().find(|(d, _)| *d == l.contract_date) {
            Some((_, q)) => *q += l.quantity,
            None => e.push((l.contract_date, l.quantity)),
        }
    }
    let mut products: Vec<ProductHabit> = per_order
        .into_iter()
        .map(|((product, spec, unit), orders)| ProductHabit {
            product,
            spec,
            orders: orders.len() as u32,
            usual_quantity: median(orders.iter().map(|(_, q)| *q).collect()).normalize(),
            unit: unit.to_string(),
        })
        .collect();
    products.sort_by(|a, b| b.orders.cmp(&a.orders).then_with(|| a.product.cmp(&b.product)));
    CustomerHabits {
        orders: dates.len() as u32,
        first_order: dates.first().copied(),
        last_order: dates.last().copied(),
        order_interval_days,
        next_order_expected,
        products,
        average_days_paid_late: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn empty_profile_is_valid() {
        assert_eq!(
            CustomerProfileInput::default().validate().unwrap(),
            CustomerProfile::default()
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let inp = CustomerProfileInput {
            port_of_loading: Some("XXXXX".into()),
            currency: Some("USX".into()),
            more_or_less_pct: Some("12".into()),
            payment_terms: Some(PaymentTermsInput {
                instalments: vec![crate::payment::InstalmentInput {
                    percent: "30".into(),
                    method: "tt".into(),
                    trigger: "on_contract".into(),
                    days: None,
                }],
            }),
            document_delivery: Some(DocumentDeliveryInput {
                route: "pigeon".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let errs = inp.validate().unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"port_of_loading"), "{fields:?}");
        assert!(fields.contains(&"currency"));
        assert!(fields.contains(&"more_or_less_pct"));
        assert!(
            fields.iter().any(|f| f.starts_with("payment_terms.")),
            "{fields:?}"
        );
        assert!(fields.contains(&"document_delivery.route"));
    }

    #[test]
    fn habits_take_the_median_interval_and_quantity() {
        let line = |date: &str, q: i64| OrderLineFact {
            contract_date: d(date),
            product: "FUJI-80".into(),
            spec: Some("80-100".into()),
            quantity: Decimal::from(q),
            unit: "carton",
        };
        let h = habits(&[
            line("2026-01-10", 1800),
            line("2026-02-09", 1000),
            line("2026-02-09", 800),
            line("2026-03-21", 1600),
        ]);
        assert_eq!(h.orders, 3);
        assert_eq!(h.order_interval_days, Some(35));
        assert_eq!(h.next_order_expected, Some(d("2026-04-25")));
        assert_eq!(h.products.len(), 1);
        assert_eq!(h.products[0].orders, 3);
        assert_eq!(h.products[0].usual_quantity, Decimal::from(1800));
    }

    #[test]
    fn one_order_has_no_interval() {
        let h = habits(&[OrderLineFact {
            contract_date: d("2026-01-10"),
            product: "X".into(),
            spec: None,
            quantity: Decimal::ONE,
            unit: "kg",
        }]);
        assert_eq!(h.order_interval_days, None);
        assert_eq!(h.next_order_expected, None);
    }
}
