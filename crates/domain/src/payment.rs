//! Payment terms (付款方式) as data: instalments, each a percentage of the contract value paid
//! by a method when something happens ("30% T/T deposit on contract, 70% T/T against copy of
//! B/L"). The receivables schedule, the reminders and the way documents are dispatched all
//! follow from them.
//!
//! Methods and their rules: telegraphic transfer (T/T, 电汇); documentary collection under
//! ICC URC 522, documents against payment (D/P, 付款交单) or against acceptance (D/A, 承兑交单);
//! documentary credit under ICC UCP 600, at sight (即期信用证) or usance (远期信用证).
//!
//! # Which trigger goes with which method
//!
//! | method | allowed triggers |
//! | --- | --- |
//! | T/T | on contract, before production, against copy of B/L, N days after B/L date, on arrival |
//! | D/P | at sight against documents (D/P at sight) |
//! | D/A N days | N days after B/L date, or at sight against documents (N days after sight) |
//! | L/C at sight | at sight against documents |
//! | L/C usance N days | N days after B/L date, or at sight against documents (N days after sight) |
//!
//! Reasons: a T/T is a plain bank transfer, so it is tied to a contract event, never to a
//! bank's presentation of documents. D/P and a sight L/C pay when the bank presents the
//! documents, nothing else. D/A and a usance L/C pay at a tenor counted either from the B/L
//! date or from sight; the tenor is the method's `days`, and a trigger that also counts days
//! must count the same ones.
//!
//! # Rules for the whole terms
//!
//! One to [`MAX_INSTALMENTS`] instalments; each percentage above 0 with at most two
//! decimals, together exactly 100; day counts from 1 to 360; no method and trigger twice
//! (merge them); and the original documents go one way only: D/P, D/A and L/C do not mix
//! (the two L/C methods together are one mixed-payment credit and are allowed). A T/T
//! deposit before a documentary balance is allowed and common.

use crate::error::ValidationErrors;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

#[cfg(feature = "openapi")]
schema_as!(PaymentTerms, UncheckedTerms);

/// Most instalments in one set of terms.
pub const MAX_INSTALMENTS: usize = 10;
/// Longest tenor in days we accept.
pub const MAX_DAYS: u16 = 360;

/// How an instalment is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentMethod {
    /// Telegraphic transfer (T/T, 电汇).
    Tt,
    /// Documents against payment (D/P, 付款交单), URC 522.
    Dp,
    /// Documents against acceptance (D/A, 承兑交单) of a draft at `days`, URC 522.
    Da { days: u16 },
    /// Irrevocable documentary credit payable at sight (即期信用证), UCP 600.
    LcSight,
    /// Irrevocable documentary credit payable at `days` (远期信用证), UCP 600.
    LcUsance { days: u16 },
}

/// The method kinds as [`InstalmentInput::method`] takes them.
pub const METHOD_KINDS: [&str; 5] = ["tt", "dp", "da", "lc_sight", "lc_usance"];

impl PaymentMethod {
    /// The kind without its days, as in [`METHOD_KINDS`].
    pub fn kind(&self) -> &'static str {
        match self {
            PaymentMethod::Tt => "tt",
            PaymentMethod::Dp => "dp",
            PaymentMethod::Da { .. } => "da",
            PaymentMethod::LcSight => "lc_sight",
            PaymentMethod::LcUsance { .. } => "lc_usance",
        }
    }

    /// The tenor of a D/A or usance L/C.
    pub fn days(&self) -> Option<u16> {
        match self {
            PaymentMethod::Da { days } | PaymentMethod::LcUsance { days } => Some(*days),
            _ => None,
        }
    }

    /// Whether the shipping documents go through the banks (collection or credit) rather
    /// than straight to the buyer.
    pub fn is_documentary(&self) -> bool {
        !matches!(self, PaymentMethod::Tt)
    }

    /// Whether `trigger` makes sense with this method (see the module's table).
    pub fn allows(&self, trigger: &PaymentTrigger) -> bool {
        use PaymentTrigger as T;
        match self {
            PaymentMethod::Tt => !matches!(trigger, T::AtSightAgainstDocuments),
            PaymentMethod::Dp | PaymentMethod::LcSight => matches!(trigger, T::AtSightAgainstDocuments),
            PaymentMethod::Da { .. } | PaymentMethod::LcUsance { .. } => {
                matches!(trigger, T::AtSightAgainstDocuments | T::DaysAfterBlDate { .. })
            }
        }
    }

    fn route(&self) -> DocumentRoute {
        match self {
            PaymentMethod::Tt => DocumentRoute::Direct,
            PaymentMethod::Dp | PaymentMethod::Da { .. } => DocumentRoute::Collection,
            PaymentMethod::LcSight | PaymentMethod::LcUsance { .. } => DocumentRoute::LetterOfCredit,
        }
    }
}

/// When an instalment falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentTrigger {
    /// On signing the contract (签约, the deposit, 定金).
    OnContract,
    /// Before production starts (投产前).
    BeforeProduction,
    /// Against a copy of the bill of lading (见提单副本).
    AgainstCopyBl,
    /// When the bank presents the documents (见单即付 / 即期).
    AtSightAgainstDocuments,
    /// `days` after the date of the bill of lading (提单日后 N 天).
    DaysAfterBlDate { days: u16 },
    /// On arrival of the goods at destination (货到).
    OnArrival,
}

/// The trigger kinds as [`InstalmentInput::trigger`] takes them.
pub const TRIGGER_KINDS: [&str; 6] = [
    "on_contract",
    "before_production",
    "against_copy_bl",
    "at_sight_against_documents",
    "days_after_bl_date",
    "on_arrival",
];

impl PaymentTrigger {
    /// The kind without its days, as in [`TRIGGER_KINDS`].
    pub fn kind(&self) -> &'static str {
        match self {
            PaymentTrigger::OnContract => "on_contract",
            PaymentTrigger::BeforeProduction => "before_production",
            PaymentTrigger::AgainstCopyBl => "against_copy_bl",
            PaymentTrigger::AtSightAgainstDocuments => "at_sight_against_documents",
            PaymentTrigger::DaysAfterBlDate { .. } => "days_after_bl_date",
            PaymentTrigger::OnArrival => "on_arrival",
        }
    }

    pub fn days(&self) -> Option<u16> {
        match self {
            PaymentTrigger::DaysAfterBlDate { days } => Some(*days),
            _ => None,
        }
    }

    /// Due before the goods are shipped (a deposit or prepayment).
    pub fn is_before_shipment(&self) -> bool {
        matches!(
            self,
            PaymentTrigger::OnContract | PaymentTrigger::BeforeProduction
        )
    }
}

/// How the original shipping documents travel under the terms (see the domain guide,
/// stage 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentRoute {
    /// T/T only: straight to the buyer, originals once the money is in.
    Direct,
    /// D/P or D/A: through the remitting and collecting banks (URC 522).
    Collection,
    /// L/C: presented to the nominated bank (UCP 600).
    LetterOfCredit,
}

/// One instalment: `percent` of the contract value, paid by `method` when `trigger` happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instalment {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "30"))]
    pub percent: Decimal,
    pub method: PaymentMethod,
    pub trigger: PaymentTrigger,
}

fn days_phrase(days: u16) -> String {
    if days == 1 {
        "1 DAY".to_string()
    } else {
        format!("{days} DAYS")
    }
}

impl Instalment {
    /// The instalment's standard English wording: `30% T/T DEPOSIT ON CONTRACT`.
    pub fn english_wording(&self) -> String {
        use PaymentMethod as M;
        use PaymentTrigger as T;
        let percent = self.percent.normalize();
        let tenor = |days: u16| match self.trigger {
            T::AtSightAgainstDocuments => format!("{} AFTER SIGHT", days_phrase(days)),
            _ => format!("{} AFTER B/L DATE", days_phrase(days)),
        };
        let body = match (self.method, self.trigger) {
            (M::Tt, T::OnContract) if percent == Decimal::ONE_HUNDRED => {
                "T/T IN ADVANCE ON CONTRACT".to_string()
            }
            (M::Tt, T::OnContract) => "T/T DEPOSIT ON CONTRACT".to_string(),
            (M::Tt, T::BeforeProduction) => "T/T BEFORE PRODUCTION".to_string(),
            (M::Tt, T::AgainstCopyBl) => "T/T AGAINST COPY OF B/L".to_string(),
            (M::Tt, T::AtSightAgainstDocuments) => "T/T AGAINST DOCUMENTS".to_string(),
            (M::Tt, T::DaysAfterBlDate { days }) => format!("T/T {} AFTER B/L DATE", days_phrase(days)),
            (M::Tt, T::OnArrival) => "T/T ON ARRIVAL OF GOODS".to_string(),
            (M::Dp, _) => "D/P AT SIGHT".to_string(),
            (M::Da { days }, _) => format!("D/A {}", tenor(days)),
            (M::LcSight, _) => "IRREVOCABLE L/C AT SIGHT".to_string(),
            (M::LcUsance { days }, _) => format!("IRREVOCABLE L/C AT {}", tenor(days)),
        };
        format!("{percent}% {body}")
    }
}

/// Validated payment terms: see the module documentation for the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedTerms", into = "UncheckedTerms")]
pub struct PaymentTerms {
    instalments: Vec<Instalment>,
}

/// The stored form of [`PaymentTerms`], checked on the way in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UncheckedTerms {
    pub instalments: Vec<Instalment>,
}

impl TryFrom<UncheckedTerms> for PaymentTerms {
    type Error = ValidationErrors;
    fn try_from(u: UncheckedTerms) -> Result<Self, ValidationErrors> {
        PaymentTerms::new(u.instalments)
    }
}

impl From<PaymentTerms> for UncheckedTerms {
    fn from(t: PaymentTerms) -> Self {
        UncheckedTerms {
            instalments: t.instalments,
        }
    }
}

fn field(i: usize, k: &str) -> String {
    format!("instalments[{i}].{k}")
}

fn check_count(errs: &mut ValidationErrors, n: usize) {
    if n == 0 {
        errs.push("instalments", "required", "at least one instalment is required");
    } else if n > MAX_INSTALMENTS {
        errs.push(
            "instalments",
            "too_many_instalments",
            format!("at most {MAX_INSTALMENTS} instalments, not {n}"),
        );
    }
}

fn check_percent(errs: &mut ValidationErrors, i: usize, p: Decimal) {
    if p <= Decimal::ZERO {
        errs.push(
            field(i, "percent"),
            "not_positive",
            format!("{p}% must be above 0"),
        );
    } else if p.normalize().scale() > 2 {
        errs.push(
            field(i, "percent"),
            "too_precise",
            format!("{p}% has more than two decimals"),
        );
    }
}

fn check_days_range(errs: &mut ValidationErrors, i: usize, days: u64) {
    if days == 0 || days > u64::from(MAX_DAYS) {
        errs.push(
            field(i, "days"),
            "days_out_of_range",
            format!("{days} days: use 1 to {MAX_DAYS}"),
        );
    }
}

fn check_combination(errs: &mut ValidationErrors, i: usize, m: &PaymentMethod, t: &PaymentTrigger) {
    if !m.allows(t) {
        let allowed = match m {
            PaymentMethod::Tt => {
                "on_contract, before_production, against_copy_bl, days_after_bl_date or on_arrival"
            }
            PaymentMethod::Dp | PaymentMethod::LcSight => "at_sight_against_documents",
            PaymentMethod::Da { .. } | PaymentMethod::LcUsance { .. } => {
                "days_after_bl_date or at_sight_against_documents"
            }
        };
        errs.push(
            field(i, "trigger"),
            "trigger_not_allowed",
            format!("{} cannot be paid {}; use {allowed}", m.kind(), t.kind()),
        );
    }
}

fn check_sum(errs: &mut ValidationErrors, percents: impl Iterator<Item = Decimal>) {
    let sum: Decimal = percents.sum();
    if sum != Decimal::ONE_HUNDRED {
        errs.push(
            "instalments",
            "sum_not_100",
            format!("the percentages add up to {}%, not 100%", sum.normalize()),
        );
    }
}

/// Rules across instalments: no duplicate method and trigger, one document route.
fn check_set<'a>(errs: &mut ValidationErrors, items: impl Iterator<Item = (usize, &'a Instalment)>) {
    let mut seen: Vec<(PaymentMethod, PaymentTrigger)> = Vec::new();
    let mut routes: Vec<(PaymentMethod, DocumentRoute)> = Vec::new();
    let mut conflict_reported = false;
    for (i, inst) in items {
        if seen.contains(&(inst.method, inst.trigger)) {
            errs.push(
                format!("instalments[{i}]"),
                "duplicate_instalment",
                "the same method and trigger appear twice; merge them into one instalment",
            );
        }
        seen.push((inst.method, inst.trigger));
        if !inst.method.is_documentary() {
            continue;
        }
        // D/P and D/A are both collections but release the documents differently.
        let clash = routes.iter().find(|(m, r)| {
            *r != inst.method.route() || (*r == DocumentRoute::Collection && m.kind() != inst.method.kind())
        });
        if let Some((other, _)) = clash
            && !conflict_reported
        {
            errs.push(
                field(i, "method"),
                "conflicting_document_methods",
                format!(
                    "{} and {} cannot share one set of documents; use one of D/P, D/A or L/C",
                    other.kind(),
                    inst.method.kind()
                ),
            );
            conflict_reported = true;
        }
        routes.push((inst.method, inst.method.route()));
    }
}

impl PaymentTerms {
    /// Check every rule and return the terms, or every error found.
    pub fn new(instalments: Vec<Instalment>) -> Result<Self, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        check_count(&mut errs, instalments.len());
        for (i, inst) in instalments.iter().enumerate() {
            check_percent(&mut errs, i, inst.percent);
            let (md, td) = (inst.method.days(), inst.trigger.days());
            for d in md.iter().chain(td.iter().filter(|d| Some(**d) != md)) {
                check_days_range(&mut errs, i, u64::from(*d));
            }
            if let (Some(a), Some(b)) = (md, td)
                && a != b
            {
                errs.push(
                    field(i, "days"),
                    "days_mismatch",
                    format!("the method's tenor is {a} days but the trigger counts {b}"),
                );
            }
            check_combination(&mut errs, i, &inst.method, &inst.trigger);
        }
        if !instalments.is_empty() {
            check_sum(&mut errs, instalments.iter().map(|i| i.percent));
        }
        check_set(&mut errs, instalments.iter().enumerate());
        errs.into_result()?;
        Ok(Self { instalments })
    }

    pub fn instalments(&self) -> &[Instalment] {
        &self.instalments
    }

    /// The standard English wording, instalments joined by `, `:
    /// `30% T/T DEPOSIT ON CONTRACT, 70% T/T AGAINST COPY OF B/L`.
    pub fn english_wording(&self) -> String {
        self.instalments
            .iter()
            .map(Instalment::english_wording)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The share due before shipment (deposit and prepayment).
    pub fn percent_before_shipment(&self) -> Decimal {
        self.instalments
            .iter()
            .filter(|i| i.trigger.is_before_shipment())
            .map(|i| i.percent)
            .sum()
    }

    /// How the original documents travel: through the banks when any instalment is a
    /// collection or a credit, else straight to the buyer.
    pub fn document_route(&self) -> DocumentRoute {
        self.instalments
            .iter()
            .map(|i| i.method.route())
            .find(|r| *r != DocumentRoute::Direct)
            .unwrap_or(DocumentRoute::Direct)
    }
}

impl fmt::Display for PaymentTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english_wording())
    }
}

/// Payment terms as a user or API client sends them, validated as a whole by
/// [`PaymentTermsInput::validate`], which reports every bad field at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentTermsInput {
    #[serde(default)]
    pub instalments: Vec<InstalmentInput>,
}

/// One instalment as sent: `{"percent": "30", "method": "tt", "trigger": "on_contract"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstalmentInput {
    /// A decimal string, at most two decimals, e.g. `30` or `33.33`; a trailing `%` is
    /// accepted.
    #[serde(default)]
    pub percent: String,
    /// tt, dp, da, lc_sight, lc_usance
    #[serde(default)]
    pub method: String,
    /// on_contract, before_production, against_copy_bl, at_sight_against_documents,
    /// days_after_bl_date, on_arrival
    #[serde(default)]
    pub trigger: String,
    /// The tenor of D/A and usance L/C, or the N of `days_after_bl_date`; one number serves
    /// both. A JSON number or a string.
    #[serde(
        default,
        deserialize_with = "number_or_text",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "60"))]
    pub days: Option<String>,
}

/// Accept `60` as well as `"60"`.
fn number_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(i64),
        Text(String),
    }
    Ok(Option::<NumberOrText>::deserialize(d)?.map(|v| match v {
        NumberOrText::Number(n) => n.to_string(),
        NumberOrText::Text(s) => s,
    }))
}

/// Lower case, letters and digits only: `L/C at sight` → `lcatsight`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A method kind and whether it carries days.
fn parse_method(s: &str) -> Option<(&'static str, bool)> {
    Some(match squash(s).as_str() {
        "tt" => ("tt", false),
        "dp" => ("dp", false),
        "da" => ("da", true),
        "lcsight" | "lcatsight" => ("lc_sight", false),
        "lcusance" => ("lc_usance", true),
        _ => return None,
    })
}

fn parse_trigger(s: &str) -> Option<(&'static str, bool)> {
    let q = squash(s);
    TRIGGER_KINDS
        .into_iter()
        .find(|k| squash(k) == q)
        .map(|k| (k, k == "days_after_bl_date"))
}

fn build(method: &str, trigger: &str, days: u16) -> (PaymentMethod, PaymentTrigger) {
    let m = match method {
        "dp" => PaymentMethod::Dp,
        "da" => PaymentMethod::Da { days },
        "lc_sight" => PaymentMethod::LcSight,
        "lc_usance" => PaymentMethod::LcUsance { days },
        _ => PaymentMethod::Tt,
    };
    let t = match trigger {
        "before_production" => PaymentTrigger::BeforeProduction,
        "against_copy_bl" => PaymentTrigger::AgainstCopyBl,
        "at_sight_against_documents" => PaymentTrigger::AtSightAgainstDocuments,
        "days_after_bl_date" => PaymentTrigger::DaysAfterBlDate { days },
        "on_arrival" => PaymentTrigger::OnArrival,
        _ => PaymentTrigger::OnContract,
    };
    (m, t)
}

impl PaymentTermsInput {
    /// Validate everything and return the terms, or every field error. Codes: `required`,
    /// `invalid_percent`, `not_positive`, `too_precise`, `sum_not_100`, `invalid_choice`,
    /// `invalid_days`, `days_out_of_range`, `days_not_allowed`, `trigger_not_allowed`,
    /// `duplicate_instalment`, `conflicting_document_methods`, `too_many_instalments`.
    pub fn validate(&self) -> Result<PaymentTerms, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        check_count(&mut errs, self.instalments.len());
        let mut percents = Vec::new();
        let mut built = Vec::new();
        for (i, inp) in self.instalments.iter().enumerate() {
            let text = inp.percent.trim().trim_end_matches('%').trim();
            let percent = if text.is_empty() {
                errs.push(field(i, "percent"), "required", "the percentage is required");
                None
            } else {
                match crate::units::parse_decimal(text) {
                    Ok(p) => {
                        check_percent(&mut errs, i, p);
                        Some(p)
                    }
                    Err(_) => {
                        errs.push(
                            field(i, "percent"),
                            "invalid_percent",
                            format!("`{}` is not a number", inp.percent.trim()),
                        );
                        None
                    }
                }
            };
            percents.push(percent);
            let method = choice(
                &mut errs,
                i,
                "method",
                &inp.method,
                parse_method(&inp.method),
                &METHOD_KINDS,
            );
            let trigger = choice(
                &mut errs,
                i,
                "trigger",
                &inp.trigger,
                parse_trigger(&inp.trigger),
                &TRIGGER_KINDS,
            );
            let days_text = inp.days.as_deref().map(str::trim).filter(|d| !d.is_empty());
            let days = match days_text {
                None => None,
                Some(d) => match d.parse::<i64>() {
                    Ok(n) if n >= 0 => {
                        let n = n.unsigned_abs();
                        check_days_range(&mut errs, i, n);
                        u16::try_from(n).ok().filter(|n| (1..=MAX_DAYS).contains(n))
                    }
                    Ok(n) => {
                        errs.push(
                            field(i, "days"),
                            "days_out_of_range",
                            format!("{n} days: use 1 to {MAX_DAYS}"),
                        );
                        None
                    }
                    Err(_) => {
                        errs.push(
                            field(i, "days"),
                            "invalid_days",
                            format!("`{d}` is not a whole number"),
                        );
                        None
                    }
                },
            };
            let (Some((m, m_days)), Some((t, t_days))) = (method, trigger) else {
                continue;
            };
            let needs_days = m_days || t_days;
            if needs_days && days_text.is_none() {
                errs.push(
                    field(i, "days"),
                    "required",
                    format!("{} needs the number of days", if m_days { m } else { t }),
                );
                continue;
            }
            if !needs_days && days_text.is_some() {
                errs.push(
                    field(i, "days"),
                    "days_not_allowed",
                    format!("{m} paid {t} takes no number of days"),
                );
            }
            let (pm, pt) = build(m, t, days.unwrap_or(0));
            check_combination(&mut errs, i, &pm, &pt);
            if (needs_days && days.is_none()) || !pm.allows(&pt) {
                continue;
            }
            if let Some(p) = percent {
                built.push((
                    i,
                    Instalment {
                        percent: p,
                        method: pm,
                        trigger: pt,
                    },
                ));
            }
        }
        if !percents.is_empty() && percents.iter().all(Option::is_some) {
            check_sum(&mut errs, percents.iter().flatten().copied());
        }
        check_set(&mut errs, built.iter().map(|(i, inst)| (*i, inst)));
        errs.into_result()?;
        PaymentTerms::new(built.into_iter().map(|(_, inst)| inst).collect())
    }
}

fn choice(
    errs: &mut ValidationErrors,
    i: usize,
    key: &str,
    text: &str,
    parsed: Option<(&'static str, bool)>,
    kinds: &[&str],
) -> Option<(&'static str, bool)> {
    if parsed.is_none() {
        if text.trim().is_empty() {
            errs.push(field(i, key), "required", format!("the {key} is required"));
        } else {
            errs.push(
                field(i, key),
                "invalid_choice",
                format!(
                    "`{}` is not a payment {key}; use one of {}",
                    text.trim(),
                    kinds.join(", ")
                ),
            );
        }
    }
    parsed
}

impl From<&PaymentTerms> for PaymentTermsInput {
    fn from(t: &PaymentTerms) -> Self {
        PaymentTermsInput {
            instalments: t
                .instalments
                .iter()
                .map(|i| InstalmentInput {
                    percent: i.percent.normalize().to_string(),
                    method: i.method.kind().to_string(),
                    trigger: i.trigger.kind().to_string(),
                    days: i.method.days().or(i.trigger.days()).map(|d| d.to_string()),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(percent: &str, method: &str, trigger: &str, days: Option<&str>) -> InstalmentInput {
        InstalmentInput {
            percent: percent.into(),
            method: method.into(),
            trigger: trigger.into(),
            days: days.map(Into::into),
        }
    }

    fn terms(list: Vec<InstalmentInput>) -> PaymentTermsInput {
        PaymentTermsInput { instalments: list }
    }

    fn wording(list: Vec<InstalmentInput>) -> String {
        terms(list).validate().unwrap().english_wording()
    }

    fn codes(list: Vec<InstalmentInput>) -> Vec<(String, String)> {
        terms(list)
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn one(field: &str, code: &str) -> Vec<(String, String)> {
        vec![(field.to_string(), code.to_string())]
    }

    #[test]
    fn deposit_and_balance_against_copy_bl() {
        let t = terms(vec![
            inst("30", "tt", "on_contract", None),
            inst("70%", "T/T", "against_copy_bl", None),
        ])
        .validate()
        .unwrap();
        assert_eq!(
            t.english_wording(),
            "30% T/T DEPOSIT ON CONTRACT, 70% T/T AGAINST COPY OF B/L"
        );
        assert_eq!(t.to_string(), t.english_wording());
        assert_eq!(t.percent_before_shipment(), Decimal::from(30));
        assert_eq!(t.document_route(), DocumentRoute::Direct);
    }

    #[test]
    fn standard_wordings() {
        assert_eq!(
            wording(vec![inst("100", "dp", "at_sight_against_documents", None)]),
            "100% D/P AT SIGHT"
        );
        assert_eq!(
            wording(vec![inst("100", "lc_sight", "at_sight_against_documents", None)]),
            "100% IRREVOCABLE L/C AT SIGHT"
        );
        assert_eq!(
            wording(vec![inst(
                "100",
                "L/C at sight",
                "at sight against documents",
                None
            )]),
            "100% IRREVOCABLE L/C AT SIGHT"
        );
        assert_eq!(
            wording(vec![inst("100", "da", "days_after_bl_date", Some("60"))]),
            "100% D/A 60 DAYS AFTER B/L DATE"
        );
        assert_eq!(
            wording(vec![inst("100", "da", "at_sight_against_documents", Some("30"))]),
            "100% D/A 30 DAYS AFTER SIGHT"
        );
        assert_eq!(
            wording(vec![inst("100", "lc_usance", "days_after_bl_date", Some("90"))]),
            "100% IRREVOCABLE L/C AT 90 DAYS AFTER B/L DATE"
        );
        assert_eq!(
            wording(vec![inst("100", "tt", "on_contract", None)]),
            "100% T/T IN ADVANCE ON CONTRACT"
        );
        assert_eq!(
            wording(vec![
                inst("20", "tt", "on_contract", None),
                inst("10.50", "tt", "before_production", None),
                inst("39.5", "tt", "days_after_bl_date", Some("1")),
                inst("30", "tt", "on_arrival", None),
            ]),
            "20% T/T DEPOSIT ON CONTRACT, 10.5% T/T BEFORE PRODUCTION, 39.5% T/T 1 DAY AFTER B/L DATE, \
             30% T/T ON ARRIVAL OF GOODS"
        );
        let t = terms(vec![
            inst("30", "tt", "on_contract", None),
            inst("70", "dp", "at_sight_against_documents", None),
        ])
        .validate()
        .unwrap();
        assert_eq!(
            t.english_wording(),
            "30% T/T DEPOSIT ON CONTRACT, 70% D/P AT SIGHT"
        );
        assert_eq!(t.document_route(), DocumentRoute::Collection);
        // One mixed-payment credit: sight and usance parts.
        let t = terms(vec![
            inst("50", "lc_sight", "at_sight_against_documents", None),
            inst("50", "lc_usance", "at_sight_against_documents", Some("90")),
        ])
        .validate()
        .unwrap();
        assert_eq!(
            t.english_wording(),
            "50% IRREVOCABLE L/C AT SIGHT, 50% IRREVOCABLE L/C AT 90 DAYS AFTER SIGHT"
        );
        assert_eq!(t.document_route(), DocumentRoute::LetterOfCredit);
    }

    #[test]
    fn refuses_empty_and_too_many() {
        assert_eq!(codes(vec![]), one("instalments", "required"));
        let many = (0..11).map(|_| inst("10", "tt", "on_contract", None)).collect();
        let c = codes(many);
        assert_eq!(
            c[0],
            ("instalments".to_string(), "too_many_instalments".to_string())
        );
    }

    #[test]
    fn refuses_bad_percentages() {
        let c = codes(vec![
            inst("", "tt", "on_contract", None),
            inst("abc", "tt", "against_copy_bl", None),
        ]);
        assert_eq!(
            c,
            [
                ("instalments[0].percent".to_string(), "required".to_string()),
                (
                    "instalments[1].percent".to_string(),
                    "invalid_percent".to_string()
                ),
            ]
        );
        let c = codes(vec![
            inst("0", "tt", "on_contract", None),
            inst("100", "tt", "against_copy_bl", None),
        ]);
        assert_eq!(c, one("instalments[0].percent", "not_positive"));
        let c = codes(vec![
            inst("-10", "tt", "on_contract", None),
            inst("110", "tt", "against_copy_bl", None),
        ]);
        assert_eq!(c, one("instalments[0].percent", "not_positive"));
        let c = codes(vec![
            inst("33.333", "tt", "on_contract", None),
            inst("66.667", "tt", "against_copy_bl", None),
        ]);
        assert_eq!(
            c,
            [
                ("instalments[0].percent".to_string(), "too_precise".to_string()),
                ("instalments[1].percent".to_string(), "too_precise".to_string()),
            ]
        );
        // Trailing zeros are not precision.
        assert!(
            terms(vec![inst("100.000", "tt", "on_contract", None)])
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn refuses_a_sum_other_than_100() {
        let c = codes(vec![
            inst("30", "tt", "on_contract", None),
            inst("60", "tt", "against_copy_bl", None),
        ]);
        assert_eq!(c, one("instalments", "sum_not_100"));
        let e = terms(vec![
            inst("30", "tt", "on_contract", None),
            inst("80", "tt", "against_copy_bl", None),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(e.0[0].message, "the percentages add up to 110%, not 100%");
    }

    #[test]
    fn refuses_unknown_or_missing_method_and_trigger() {
        let c = codes(vec![inst("100", "cash", "", None)]);
        assert_eq!(
            c,
            [
                ("instalments[0].method".to_string(), "invalid_choice".to_string()),
                ("instalments[0].trigger".to_string(), "required".to_string()),
            ]
        );
        let c = codes(vec![inst("100", "", "whenever", None)]);
        assert_eq!(
            c,
            [
                ("instalments[0].method".to_string(), "required".to_string()),
                ("instalments[0].trigger".to_string(), "invalid_choice".to_string()),
            ]
        );
    }

    #[test]
    fn refuses_bad_days() {
        assert_eq!(
            codes(vec![inst("100", "da", "days_after_bl_date", None)]),
            one("instalments[0].days", "required")
        );
        assert_eq!(
            codes(vec![inst("100", "tt", "days_after_bl_date", None)]),
            one("instalments[0].days", "required")
        );
        for bad in ["0", "361", "-5", "99999999999"] {
            assert_eq!(
                codes(vec![inst("100", "da", "days_after_bl_date", Some(bad))]),
                one("instalments[0].days", "days_out_of_range"),
                "{bad}"
            );
        }
        assert_eq!(
            codes(vec![inst(
                "100",
                "lc_usance",
                "days_after_bl_date",
                Some("sixty")
            )]),
            one("instalments[0].days", "invalid_days")
        );
        assert_eq!(
            codes(vec![inst("100", "tt", "on_contract", Some("30"))]),
            one("instalments[0].days", "days_not_allowed")
        );
        assert!(
            terms(vec![inst("100", "da", "days_after_bl_date", Some("360"))])
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn refuses_combinations_that_make_no_sense() {
        for (m, t, d) in [
            ("dp", "against_copy_bl", None),
            ("dp", "days_after_bl_date", Some("30")),
            ("lc_sight", "on_contract", None),
            ("lc_sight", "days_after_bl_date", Some("30")),
            ("da", "on_contract", Some("60")),
            ("da", "on_arrival", Some("60")),
            ("lc_usance", "before_production", Some("90")),
            ("tt", "at_sight_against_documents", None),
        ] {
            assert_eq!(
                codes(vec![inst("100", m, t, d)]),
                one("instalments[0].trigger", "trigger_not_allowed"),
                "{m} {t}"
            );
        }
    }

    #[test]
    fn refuses_duplicates_and_mixed_document_routes() {
        let c = codes(vec![
            inst("50", "tt", "on_contract", None),
            inst("50", "TT", "on contract", None),
        ]);
        assert_eq!(c, one("instalments[1]", "duplicate_instalment"));
        for (a, b) in [
            (("dp", None), ("lc_sight", None)),
            (("dp", None), ("da", Some("30"))),
            (("lc_usance", Some("30")), ("da", Some("30"))),
        ] {
            let c = codes(vec![
                inst("50", a.0, "at_sight_against_documents", a.1),
                inst("50", b.0, "at_sight_against_documents", b.1),
            ]);
            assert_eq!(
                c,
                one("instalments[1].method", "conflicting_document_methods"),
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn reports_every_error_at_once() {
        let c = codes(vec![
            inst("0.001", "dp", "on_contract", None),
            inst("x", "wire", "on_arrival", None),
            inst("10", "da", "days_after_bl_date", Some("400")),
        ]);
        let fields: Vec<_> = c.iter().map(|(f, c)| format!("{f}:{c}")).collect();
        assert_eq!(
            fields,
            [
                "instalments[0].percent:too_precise",
                "instalments[0].trigger:trigger_not_allowed",
                "instalments[1].percent:invalid_percent",
                "instalments[1].method:invalid_choice",
                "instalments[2].days:days_out_of_range",
            ]
        );
    }

    #[test]
    fn typed_terms_check_the_same_rules() {
        let ok = Instalment {
            percent: Decimal::ONE_HUNDRED,
            method: PaymentMethod::Da { days: 60 },
            trigger: PaymentTrigger::DaysAfterBlDate { days: 60 },
        };
        assert!(PaymentTerms::new(vec![ok]).is_ok());
        let bad = Instalment {
            percent: Decimal::new(1005, 1),
            method: PaymentMethod::LcUsance { days: 400 },
            trigger: PaymentTrigger::DaysAfterBlDate { days: 60 },
        };
        let e = PaymentTerms::new(vec![bad]).unwrap_err();
        let c: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            c,
            [
                ("instalments[0].days", "days_out_of_range"),
                ("instalments[0].days", "days_mismatch"),
                ("instalments", "sum_not_100"),
            ]
        );
        assert_eq!(PaymentTerms::new(vec![]).unwrap_err().0[0].code, "required");
    }

    #[test]
    fn serde_round_trips_and_checks_on_the_way_in() {
        let t = terms(vec![
            inst("30", "tt", "on_contract", None),
            inst("70", "da", "days_after_bl_date", Some("60")),
        ])
        .validate()
        .unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"instalments":[{"percent":"30","method":{"kind":"tt"},"trigger":{"kind":"on_contract"}},{"percent":"70","method":{"kind":"da","days":60},"trigger":{"kind":"days_after_bl_date","days":60}}]}"#
        );
        assert_eq!(serde_json::from_str::<PaymentTerms>(&json).unwrap(), t);
        let bad = json.replace(r#""70""#, r#""60""#);
        assert!(serde_json::from_str::<PaymentTerms>(&bad).is_err());
        // The input form, with days as a number or a string; unknown fields refused.
        let i: PaymentTermsInput = serde_json::from_str(
            r#"{"instalments":[{"percent":"100","method":"da","trigger":"days_after_bl_date","days":60}]}"#,
        )
        .unwrap();
        assert_eq!(i.instalments[0].days.as_deref(), Some("60"));
        assert_eq!(
            i.validate().unwrap().english_wording(),
            "100% D/A 60 DAYS AFTER B/L DATE"
        );
        assert!(serde_json::from_str::<PaymentTermsInput>(r#"{"instalments":[],"x":1}"#).is_err());
        assert!(
            serde_json::from_str::<PaymentTermsInput>(r#"{"instalments":[{"percent":"1","tenor":2}]}"#)
                .is_err()
        );
        // And back to the input form for editing.
        let back = PaymentTermsInput::from(&t);
        assert_eq!(back.validate().unwrap(), t);
        assert_eq!(back.instalments[1].days.as_deref(), Some("60"));
    }
}
