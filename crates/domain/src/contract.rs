//! The sales contract (销售合同, S/C): lines and their amounts, the contract's state machine
//! with who may move it, and contract numbers from a pattern.
//!
//! Amounts: each line's amount is quantity × unit price rounded half-up (away from zero at
//! the midpoint) to the currency's minor unit (ISO 4217); the total is the sum of the rounded
//! lines, so the total always equals what the lines print.

use crate::money::{Currency, Money};
use crate::role::Role;
use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most decimal places a unit price may have (e.g. USD 1.2345 per kg).
pub const MAX_PRICE_DECIMALS: u32 = 4;
/// Most decimal places a quantity may have (e.g. 12.345 MT).
pub const MAX_QUANTITY_DECIMALS: u32 = 3;
/// Largest quantity and largest unit price on a line: a billion of either. Their product
/// and the sum of 500 such lines stay far inside what a `Decimal` holds, so the arithmetic
/// of amounts and totals cannot overflow.
pub const MAX_LINE_FIGURE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// The unit a contract line is counted in (数量单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum QuantityUnit {
    Carton,
    Kg,
    /// Metric ton (1,000 kg), "MT" on documents.
    MetricTon,
    Piece,
    Bundle,
    Bag,
    Pallet,
}

impl QuantityUnit {
    pub const ALL: [QuantityUnit; 7] = [
        QuantityUnit::Carton,
        QuantityUnit::Kg,
        QuantityUnit::MetricTon,
        QuantityUnit::Piece,
        QuantityUnit::Bundle,
        QuantityUnit::Bag,
        QuantityUnit::Pallet,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            QuantityUnit::Carton => "carton",
            QuantityUnit::Kg => "kg",
            QuantityUnit::MetricTon => "metric_ton",
            QuantityUnit::Piece => "piece",
            QuantityUnit::Bundle => "bundle",
            QuantityUnit::Bag => "bag",
            QuantityUnit::Pallet => "pallet",
        }
    }
    pub fn parse(s: &str) -> Option<QuantityUnit> {
        QuantityUnit::ALL.into_iter().find(|u| u.as_str() == s.trim())
    }
    /// As printed on documents: `CTNS`, `KGS`, `MT`, `PCS`, `BDLS`, `BAGS`, `PLTS`.
    pub fn document_abbreviation(&self) -> &'static str {
        match self {
            QuantityUnit::Carton => "CTNS",
            QuantityUnit::Kg => "KGS",
            QuantityUnit::MetricTon => "MT",
            QuantityUnit::Piece => "PCS",
            QuantityUnit::Bundle => "BDLS",
            QuantityUnit::Bag => "BAGS",
            QuantityUnit::Pallet => "PLTS",
        }
    }
}

/// A unit as typed into `field`: `required` when empty, `invalid_choice` naming the units
/// otherwise.
pub fn validate_unit(errs: &mut crate::ValidationErrors, field: &str, v: &str) -> Option<QuantityUnit> {
    let unit = QuantityUnit::parse(v);
    if unit.is_none() {
        if v.trim().is_empty() {
            errs.push(field, "required", "the unit is required");
        } else {
            errs.push(
                field,
                "invalid_choice",
                format!(
                    "`{}` is not a unit; use one of {}",
                    v.trim(),
                    QuantityUnit::ALL.map(|u| u.as_str()).join(", ")
                ),
            );
        }
    }
    unit
}

/// Why a line's figures are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("the quantity must be more than 0")]
    QuantityNotPositive,
    #[error("the quantity has more than {MAX_QUANTITY_DECIMALS} decimal places")]
    QuantityTooPrecise,
    #[error("the unit price must be more than 0")]
    PriceNotPositive,
    #[error("the unit price has more than {MAX_PRICE_DECIMALS} decimal places")]
    PriceTooPrecise,
    #[error("the quantity is more than {MAX_LINE_FIGURE}")]
    QuantityTooLarge,
    #[error("the unit price is more than {MAX_LINE_FIGURE}")]
    PriceTooLarge,
}

/// The priced part of a contract line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineFigures {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1428"))]
    pub quantity: Decimal,
    pub unit: QuantityUnit,
    /// Price per unit, in the contract's currency.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "21.50"))]
    pub unit_price: Decimal,
}

impl LineFigures {
    pub fn new(quantity: Decimal, unit: QuantityUnit, unit_price: Decimal) -> Result<Self, Vec<LineError>> {
        let mut errs = Vec::new();
        if quantity <= Decimal::ZERO {
            errs.push(LineError::QuantityNotPositive);
        }
        if quantity.normalize().scale() > MAX_QUANTITY_DECIMALS {
            errs.push(LineError::QuantityTooPrecise);
        }
        if unit_price <= Decimal::ZERO {
            errs.push(LineError::PriceNotPositive);
        }
        if unit_price.normalize().scale() > MAX_PRICE_DECIMALS {
            errs.push(LineError::PriceTooPrecise);
        }
        if quantity > MAX_LINE_FIGURE {
            errs.push(LineError::QuantityTooLarge);
        }
        if unit_price > MAX_LINE_FIGURE {
            errs.push(LineError::PriceTooLarge);
        }
        if errs.is_empty() {
            Ok(Self {
                quantity,
                unit,
                unit_price,
            })
        } else {
            Err(errs)
        }
    }

    /// quantity × unit price, rounded half-up to the currency's minor unit.
    pub fn amount(&self, currency: Currency) -> Money {
        let exact = self.quantity * self.unit_price;
        let mut rounded =
            exact.round_dp_with_strategy(currency.minor_units(), RoundingStrategy::MidpointAwayFromZero);
        // Always the currency's decimals: USD 39600.00, not 39600.
        rounded.rescale(currency.minor_units());
        Money {
            amount: rounded,
            currency,
        }
    }
}

/// The contract total: the sum of the rounded line amounts.
pub fn total(lines: &[LineFigures], currency: Currency) -> Money {
    lines.iter().fold(Money::zero(currency), |sum, l| Money {
        amount: sum.amount + l.amount(currency).amount,
        currency,
    })
}

/// Where a contract stands (合同状态). Derived from the recorded transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ContractState {
    Draft,
    Submitted,
    Approved,
    Rejected,
    Sent,
    Confirmed,
    Closed,
    Cancelled,
}

impl ContractState {
    pub const ALL: [ContractState; 8] = [
        ContractState::Draft,
        ContractState::Submitted,
        ContractState::Approved,
        ContractState::Rejected,
        ContractState::Sent,
        ContractState::Confirmed,
        ContractState::Closed,
        ContractState::Cancelled,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            ContractState::Draft => "draft",
            ContractState::Submitted => "submitted",
            ContractState::Approved => "approved",
            ContractState::Rejected => "rejected",
            ContractState::Sent => "sent",
            ContractState::Confirmed => "confirmed",
            ContractState::Closed => "closed",
            ContractState::Cancelled => "cancelled",
        }
    }
    /// Whether the contract's content may be edited in place (otherwise: amend).
    pub fn is_editable(&self) -> bool {
        matches!(self, ContractState::Draft | ContractState::Rejected)
    }
}

impl fmt::Display for ContractState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step in a contract's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ContractAction {
    Submit,
    Approve,
    Reject,
    Send,
    Confirm,
    Close,
    Cancel,
    /// Change an approved contract: a new revision, back to draft, to be approved again.
    Amend,
    /// Open a closed order again (结案后重开), always with a reason.
    Reopen,
}

impl ContractAction {
    pub const ALL: [ContractAction; 9] = [
        ContractAction::Submit,
        ContractAction::Approve,
        ContractAction::Reject,
        ContractAction::Send,
        ContractAction::Confirm,
        ContractAction::Close,
        ContractAction::Cancel,
        ContractAction::Amend,
        ContractAction::Reopen,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            ContractAction::Submit => "submit",
            ContractAction::Approve => "approve",
            ContractAction::Reject => "reject",
            ContractAction::Send => "send",
            ContractAction::Confirm => "confirm",
            ContractAction::Close => "close",
            ContractAction::Cancel => "cancel",
            ContractAction::Amend => "amend",
            ContractAction::Reopen => "reopen",
        }
    }
    pub fn parse(s: &str) -> Option<ContractAction> {
        ContractAction::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }
    /// Whether the action must carry a reason (rejections and cancellations).
    pub fn needs_reason(&self) -> bool {
        matches!(
            self,
            ContractAction::Reject | ContractAction::Cancel | ContractAction::Reopen
        )
    }
    /// The states the action may start from, and where it leads.
    pub fn from_to(&self) -> (&'static [ContractState], ContractState) {
        use ContractState::*;
        match self {
            ContractAction::Submit => (&[Draft, Rejected], Submitted),
            ContractAction::Approve => (&[Submitted], Approved),
            ContractAction::Reject => (&[Submitted], Rejected),
            ContractAction::Send => (&[Approved], Sent),
            ContractAction::Confirm => (&[Sent], Confirmed),
            ContractAction::Close => (&[Confirmed], Closed),
            ContractAction::Cancel => (
                &[Draft, Submitted, Approved, Rejected, Sent, Confirmed],
                Cancelled,
            ),
            ContractAction::Amend => (&[Approved, Sent, Confirmed], Draft),
            ContractAction::Reopen => (&[Closed], Confirmed),
        }
    }
    /// The roles that may take the action.
    pub fn roles(&self) -> &'static [Role] {
        use Role::*;
        match self {
            ContractAction::Submit
            | ContractAction::Send
            | ContractAction::Confirm
            | ContractAction::Amend => &[Admin, SalesManager, Merchandiser],
            ContractAction::Approve | ContractAction::Reject | ContractAction::Cancel => {
                &[Admin, SalesManager]
            }
            ContractAction::Close | ContractAction::Reopen => &[Admin, SalesManager, Finance],
        }
    }
}

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a contract that is {from} cannot be {action}ed; allowed from: {allowed}")]
    NotFromState {
        from: ContractState,
        action: &'static str,
        allowed: String,
    },
    #[error("role {role} may not {action} a contract")]
    RoleNotAllowed { role: Role, action: &'static str },
    /// Four-eyes rule: whoever drafted or last amended a contract does not approve it.
    #[error("the author of a contract cannot {action} it; another sales manager must")]
    AuthorMayNotDecide { action: &'static str },
    #[error("a reason is required to {action} a contract")]
    ReasonRequired { action: &'static str },
}

/// Who asks for a transition and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRequest<'a> {
    pub action: ContractAction,
    pub role: Role,
    /// Whether the person asking is the author of the current revision.
    pub is_author: bool,
    pub reason: Option<&'a str>,
}

/// The state after `req`, or every reason it is refused.
pub fn transition(
    from: ContractState,
    req: &TransitionRequest<'_>,
) -> Result<ContractState, Vec<TransitionError>> {
    let action = req.action.as_str();
    let (allowed_from, to) = req.action.from_to();
    let mut errs = Vec::new();
    if !allowed_from.contains(&from) {
        errs.push(TransitionError::NotFromState {
            from,
            action,
            allowed: allowed_from
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    if !req.action.roles().contains(&req.role) {
        errs.push(TransitionError::RoleNotAllowed {
            role: req.role,
            action,
        });
    }
    if matches!(req.action, ContractAction::Approve | ContractAction::Reject) && req.is_author {
        errs.push(TransitionError::AuthorMayNotDecide { action });
    }
    if req.action.needs_reason() && req.reason.is_none_or(|r| r.trim().is_empty()) {
        errs.push(TransitionError::ReasonRequired { action });
    }
    if errs.is_empty() { Ok(to) } else { Err(errs) }
}

/// A contract number pattern such as `SC-{yyyy}-{seq:04}`: `{yyyy}`, `{yy}`, `{mm}` from the
/// contract date, and `{seq:N}` the sequence within the year, zero-padded to N digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumberPattern(String);

impl NumberPattern {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() || s.len() > 60 {
            return Err("a pattern has 1 to 60 characters".into());
        }
        let mut seq = 0;
        let mut year = false;
        let mut rest = s;
        while let Some(i) = rest.find('{') {
            let Some(j) = rest[i..].find('}') else {
                return Err(format!("`{s}`: a `{{` is not closed"));
            };
            let token = &rest[i + 1..i + j];
            match token {
                "yyyy" | "yy" => year = true,
                "mm" => {}
                t if t == "seq"
                    || t.strip_prefix("seq:")
                        .is_some_and(|w| w.parse::<u8>().is_ok_and(|w| (1..=9).contains(&w))) =>
                {
                    seq += 1
                }
                t => {
                    return Err(format!(
                        "`{{{t}}}` is not a pattern field; use {{yyyy}}, {{yy}}, {{mm}}, {{seq:N}}"
                    ));
                }
            }
            rest = &rest[i + j + 1..];
        }
        if rest.contains('}') || s.chars().any(|c| c.is_control() || c == '/') {
            return Err(format!(
                "`{s}` has a stray `}}` or a character not allowed in a number"
            ));
        }
        if seq != 1 {
            return Err("the pattern needs exactly one {seq} or {seq:N}".into());
        }
        // The sequence restarts every year, so the year must be part of the number, or the
        // first contract of a new year would repeat last year's first number.
        if !year {
            return Err("the pattern needs {yyyy} or {yy}: the sequence restarts every year".into());
        }
        Ok(Self(s.to_string()))
    }

    /// The number for the `seq`-th contract of the date's year.
    pub fn format(&self, date: NaiveDate, seq: u32) -> String {
        let mut out = String::new();
        let mut rest = self.0.as_str();
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let j = rest[i..].find('}').expect("validated");
            let token = &rest[i + 1..i + j];
            match token {
                "yyyy" => out.push_str(&format!("{:04}", date.year())),
                "yy" => out.push_str(&format!("{:02}", date.year() % 100)),
                "mm" => out.push_str(&format!("{:02}", date.month())),
                t => {
                    let width = t
                        .strip_prefix("seq:")
                        .and_then(|w| w.parse::<usize>().ok())
                        .unwrap_or(1);
                    out.push_str(&format!("{seq:0width$}"));
                }
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        out
    }
}

impl Default for NumberPattern {
    fn default() -> Self {
        NumberPattern("SC-{yyyy}-{seq:04}".to_string())
    }
}

impl fmt::Display for NumberPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for NumberPattern {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        NumberPattern::parse(&s)
    }
}

impl From<NumberPattern> for String {
    fn from(p: NumberPattern) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn line_amounts_round_half_up_to_the_minor_unit() {
        let l = LineFigures::new(d("3"), QuantityUnit::Kg, d("0.3350")).unwrap();
        assert_eq!(l.amount(usd()).amount, d("1.01"), "1.005 rounds up");
        let jpy = Currency::parse("JPY").unwrap();
        let l = LineFigures::new(d("1"), QuantityUnit::Piece, d("2.5")).unwrap();
        assert_eq!(l.amount(jpy).amount, d("3"));
        let kwd = Currency::parse("KWD").unwrap();
        let l = LineFigures::new(d("1.5"), QuantityUnit::MetricTon, d("0.3333")).unwrap();
        assert_eq!(l.amount(kwd).amount, d("0.500"));
    }

    #[test]
    fn bad_figures_name_every_reason() {
        let e = LineFigures::new(d("0"), QuantityUnit::Carton, d("1.23456")).unwrap_err();
        assert_eq!(
            e,
            vec![LineError::QuantityNotPositive, LineError::PriceTooPrecise]
        );
        let e = LineFigures::new(d("-1.0001"), QuantityUnit::Carton, d("-2")).unwrap_err();
        assert_eq!(e.len(), 3);
    }

    proptest! {
        #[test]
        fn total_is_the_sum_of_the_rounded_lines(
            raw in proptest::collection::vec((1u64..5_000_000, 1u64..10_000_000), 1..60)
        ) {
            let lines: Vec<LineFigures> = raw
                .iter()
                .map(|(q, p)| LineFigures::new(Decimal::new(*q as i64, 3), QuantityUnit::Kg, Decimal::new(*p as i64, 4)).unwrap())
                .collect();
            let t = total(&lines, usd());
            let sum: Decimal = lines.iter().map(|l| l.amount(usd()).amount).sum();
            prop_assert_eq!(t.amount, sum);
            prop_assert!(t.amount.scale() <= 2);
            let exact: Decimal = lines.iter().map(|l| l.quantity * l.unit_price).sum();
            prop_assert!((t.amount - exact).abs() <= Decimal::new(5, 3) * Decimal::from(lines.len()));
        }
    }

    /// Every action from every state by every role, as author and not: the table decides.
    #[test]
    fn every_transition_for_every_role() {
        let mut allowed = 0;
        for from in ContractState::ALL {
            for action in ContractAction::ALL {
                for role in Role::ALL {
                    for is_author in [false, true] {
                        let req = TransitionRequest {
                            action,
                            role,
                            is_author,
                            reason: Some("price changed"),
                        };
                        let r = transition(from, &req);
                        let (starts, to) = action.from_to();
                        let expect_ok = starts.contains(&from)
                            && action.roles().contains(&role)
                            && !(is_author
                                && matches!(action, ContractAction::Approve | ContractAction::Reject));
                        assert_eq!(
                            r.is_ok(),
                            expect_ok,
                            "{from} {action:?} by {role} (author {is_author}): {r:?}"
                        );
                        if let Ok(s) = r {
                            assert_eq!(s, to);
                            allowed += 1;
                        }
                    }
                }
            }
        }
        assert!(allowed > 40);
    }

    #[test]
    fn the_walkthrough_from_draft_to_closed() {
        let step = |from, action, role, is_author| {
            transition(
                from,
                &TransitionRequest {
                    action,
                    role,
                    is_author,
                    reason: None,
                },
            )
        };
        let s = step(
            ContractState::Draft,
            ContractAction::Submit,
            Role::Merchandiser,
            true,
        )
        .unwrap();
        assert!(
            step(s, ContractAction::Approve, Role::Merchandiser, false).is_err(),
            "not a manager"
        );
        let e = step(s, ContractAction::Approve, Role::SalesManager, true).unwrap_err();
        assert_eq!(e, vec![TransitionError::AuthorMayNotDecide { action: "approve" }]);
        let s = step(s, ContractAction::Approve, Role::SalesManager, false).unwrap();
        let s = step(s, ContractAction::Send, Role::Merchandiser, true).unwrap();
        let amended = step(s, ContractAction::Amend, Role::Merchandiser, true).unwrap();
        assert_eq!(amended, ContractState::Draft);
        let s = step(s, ContractAction::Confirm, Role::Merchandiser, true).unwrap();
        assert_eq!(
            step(s, ContractAction::Close, Role::Finance, false).unwrap(),
            ContractState::Closed
        );
        let e = step(
            ContractState::Closed,
            ContractAction::Reopen,
            Role::Finance,
            false,
        )
        .unwrap_err();
        assert_eq!(e.len(), 1, "reopening needs a reason: {e:?}");
        let e = step(ContractState::Closed, ContractAction::Cancel, Role::Viewer, false).unwrap_err();
        assert_eq!(e.len(), 3, "wrong state, wrong role, no reason: {e:?}");
    }

    #[test]
    fn numbers_follow_the_pattern() {
        let p = NumberPattern::parse("SC-{yyyy}-{seq:04}").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(p.format(day, 7), "SC-2026-0007");
        assert_eq!(p.format(day, 12345), "SC-2026-12345", "wider than the padding");
        let p = NumberPattern::parse("YT{yy}{mm}-{seq}").unwrap();
        assert_eq!(p.format(day, 3), "YT2611-3");
        for bad in [
            "SC-{yyyy}",
            "SC-{seq}-{seq}",
            "SC-{year}-{seq}",
            "SC-{seq",
            "SC/{seq}",
            "SC-{seq:0}",
            "SC-{mm}-{seq:04}",
            "",
        ] {
            assert!(NumberPattern::parse(bad).is_err(), "{bad}");
        }
    }
}
