//! Receivables (应收账款) and receipts (收汇): what the buyer owes and when, from the
//! contract's payment terms and the trade events recorded so far; money received applied to
//! it; how late it is.
//!
//! The schedule follows the terms (`payment::PaymentTerms`), one line per instalment:
//!
//! | instalment | falls due |
//! | --- | --- |
//! | T/T on contract (deposit, 定金) | when the contract is confirmed |
//! | T/T before production | when production is to start |
//! | T/T against copy of B/L | when the copy B/L is sent to the buyer |
//! | T/T N days after B/L date | B/L date + N |
//! | T/T on arrival | when the goods arrive |
//! | D/P at sight (URC 522) | when the collecting bank presents the documents |
//! | D/A N days after B/L date | B/L date + N |
//! | D/A N days after sight | the drawee's acceptance + N |
//! | L/C at sight (UCP 600) | presentation + the bank's examination days (art. 14(b): at most five banking days) |
//! | L/C usance N days | B/L date + N, or acceptance (else presentation) + N after sight |
//!
//! An instalment whose event has not happened has no due date yet; the schedule is computed
//! again whenever an event changes, so it is never stored by hand. The amounts are the
//! contract value times each percentage, rounded to the currency's minor unit, the last
//! instalment taking the rounding so that the schedule always sums to the contract value.

use crate::error::ValidationErrors;
use crate::money::{Currency, Money};
use crate::payment::{Instalment, PaymentMethod, PaymentTerms, PaymentTrigger};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The trade events the due dates hang on, as recorded (none is required).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeEvents {
    /// The contract was confirmed by the buyer (签约确认).
    pub contract_confirmed: Option<NaiveDate>,
    /// Production starts (or is planned to).
    pub production_start: Option<NaiveDate>,
    /// The date of the bill of lading (on board).
    pub bl_date: Option<NaiveDate>,
    /// The copy of the B/L went to the buyer.
    pub copy_bl_sent: Option<NaiveDate>,
    /// The documents were presented to the drawee (collection) or the bank (L/C).
    pub documents_presented: Option<NaiveDate>,
    /// The drawee accepted the draft (D/A), or the bank accepted a usance drawing.
    pub accepted: Option<NaiveDate>,
    /// The goods arrived at destination.
    pub arrived: Option<NaiveDate>,
}

/// The event an instalment waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueBasis {
    ContractConfirmed,
    ProductionStart,
    BlDate,
    CopyBlSent,
    DocumentsPresented,
    Acceptance,
    Arrival,
}

impl DueBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DueBasis::ContractConfirmed => "contract_confirmed",
            DueBasis::ProductionStart => "production_start",
            DueBasis::BlDate => "bl_date",
            DueBasis::CopyBlSent => "copy_bl_sent",
            DueBasis::DocumentsPresented => "documents_presented",
            DueBasis::Acceptance => "acceptance",
            DueBasis::Arrival => "arrival",
        }
    }
}

/// One line of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleLine {
    /// The instalment's position in the terms.
    pub index: usize,
    pub instalment: Instalment,
    pub amount: Money,
    /// What it waits for, and the days counted from it.
    pub basis: DueBasis,
    pub days_after: u32,
    /// The due date, once the event happened.
    pub due: Option<NaiveDate>,
}

/// Banking days a bank takes to examine an L/C presentation before it pays at sight (UCP 600
/// art. 14(b): a maximum of five banking days following the day of presentation).
pub const LC_EXAMINATION_DAYS: u32 = 5;

/// What an instalment waits for and how many days after.
fn basis(i: &Instalment, lc_examination_days: u32) -> (DueBasis, u32) {
    use PaymentMethod as M;
    use PaymentTrigger as T;
    match (i.method, i.trigger) {
        (_, T::OnContract) => (DueBasis::ContractConfirmed, 0),
        (_, T::BeforeProduction) => (DueBasis::ProductionStart, 0),
        (_, T::AgainstCopyBl) => (DueBasis::CopyBlSent, 0),
        (_, T::DaysAfterBlDate { days }) => (DueBasis::BlDate, u32::from(days)),
        (_, T::OnArrival) => (DueBasis::Arrival, 0),
        (M::Da { days }, T::AtSightAgainstDocuments) | (M::LcUsance { days }, T::AtSightAgainstDocuments) => {
            (DueBasis::Acceptance, u32::from(days))
        }
        (M::LcSight, T::AtSightAgainstDocuments) => (DueBasis::DocumentsPresented, lc_examination_days),
        (_, T::AtSightAgainstDocuments) => (DueBasis::DocumentsPresented, 0),
    }
}

fn event(e: &TradeEvents, b: DueBasis) -> Option<NaiveDate> {
    match b {
        DueBasis::ContractConfirmed => e.contract_confirmed,
        DueBasis::ProductionStart => e.production_start,
        DueBasis::BlDate => e.bl_date,
        DueBasis::CopyBlSent => e.copy_bl_sent,
        DueBasis::DocumentsPresented => e.documents_presented,
        // A usance drawing not yet accepted counts from the presentation.
        DueBasis::Acceptance => e.accepted.or(e.documents_presented),
        DueBasis::Arrival => e.arrived,
    }
}

/// The instalments' amounts: `total × percent / 100` rounded half up to the currency's
/// minor unit; the last takes the difference, so they sum to `total` exactly.
pub fn split(terms: &PaymentTerms, total: Money) -> Vec<Money> {
    let dp = total.currency.minor_units();
    let n = terms.instalments().len();
    let mut out = Vec::with_capacity(n);
    let mut given = Decimal::ZERO;
    for (k, i) in terms.instalments().iter().enumerate() {
        let amount = if k + 1 == n {
            total.amount - given
        } else {
            (total.amount * i.percent / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        };
        given += amount;
        out.push(Money {
            amount,
            currency: total.currency,
        });
    }
    out
}

/// The instalments' amounts once the goods are invoiced: what falls due before shipment
/// (deposit, before production) stays the contract's share, and the rest of the invoiced
/// value (`invoiced` less those) is shared by the other instalments in their proportions —
/// as the invoice's balance due is computed — the last taking the rounding. So the schedule
/// sums to the invoiced value (never below what fell due before shipment).
pub fn split_invoiced(terms: &PaymentTerms, total: Money, invoiced: Money) -> Vec<Money> {
    let by_contract = split(terms, total);
    let ins = terms.instalments();
    let before: Decimal = ins
        .iter()
        .zip(&by_contract)
        .filter(|(i, _)| i.trigger.is_before_shipment())
        .map(|(_, m)| m.amount)
        .sum();
    let after_pct: Decimal = ins
        .iter()
        .filter(|i| !i.trigger.is_before_shipment())
        .map(|i| i.percent)
        .sum();
    let rest = (invoiced.amount - before).max(Decimal::ZERO);
    let last_after = ins.iter().rposition(|i| !i.trigger.is_before_shipment());
    let dp = total.currency.minor_units();
    let mut given = Decimal::ZERO;
    ins.iter()
        .zip(by_contract)
        .enumerate()
        .map(|(k, (i, m))| {
            if i.trigger.is_before_shipment() || after_pct.is_zero() {
                return m;
            }
            let amount = if Some(k) == last_after {
                rest - given
            } else {
                (rest * i.percent / after_pct)
                    .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            };
            given += amount;
            Money {
                amount,
                currency: total.currency,
            }
        })
        .collect()
}

/// The schedule for a contract of value `total` under `terms`, as the events stand.
pub fn schedule(
    terms: &PaymentTerms,
    total: Money,
    events: &TradeEvents,
    lc_examination_days: u32,
) -> Vec<ScheduleLine> {
    schedule_on(terms, total, None, events, lc_examination_days)
}

/// The schedule on the invoiced value once the goods are invoiced (`invoiced`), else on the
/// contract's (see [`split_invoiced`]).
pub fn schedule_on(
    terms: &PaymentTerms,
    total: Money,
    invoiced: Option<Money>,
    events: &TradeEvents,
    lc_examination_days: u32,
) -> Vec<ScheduleLine> {
    let amounts = match invoiced {
        Some(inv) if inv.currency == total.currency => split_invoiced(terms, total, inv),
        _ => split(terms, total),
    };
    amounts
        .into_iter()
        .zip(terms.instalments())
        .enumerate()
        .map(|(index, (amount, i))| {
            let (basis, days_after) = basis(i, lc_examination_days);
            let due = event(events, basis).and_then(|d| {
                if basis == DueBasis::DocumentsPresented && days_after > 0 {
                    // The bank's examination: banking days after the day of presentation
                    // (UCP 600 art. 14(b)).
                    crate::calendar::add_banking_days(d, days_after, &[])
                } else {
                    d.checked_add_days(Days::new(u64::from(days_after)))
                }
            });
            ScheduleLine {
                index,
                instalment: *i,
                amount,
                basis,
                days_after,
                due,
            }
        })
        .collect()
}

/// How late an open amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBucket {
    /// No due date yet (its event has not happened).
    NotYetDue,
    /// Due today or later.
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBucket {
    pub const ALL: [AgingBucket; 6] = [
        AgingBucket::NotYetDue,
        AgingBucket::Current,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Over90,
    ];

    /// The bucket of an amount due on `due`, seen on `today`.
    pub fn of(due: Option<NaiveDate>, today: NaiveDate) -> AgingBucket {
        let Some(due) = due else {
            return AgingBucket::NotYetDue;
        };
        match (today - due).num_days() {
            d if d <= 0 => AgingBucket::Current,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgingBucket::NotYetDue => "not_yet_due",
            AgingBucket::Current => "current",
            AgingBucket::Days1To30 => "days_1_30",
            AgingBucket::Days31To60 => "days_31_60",
            AgingBucket::Days61To90 => "days_61_90",
            AgingBucket::Over90 => "over_90",
        }
    }
}

/// Open amounts per bucket (one currency).
pub fn aging(open: &[(Option<NaiveDate>, Money)], today: NaiveDate) -> Vec<(AgingBucket, Decimal)> {
    AgingBucket::ALL
        .iter()
        .map(|b| {
            let sum = open
                .iter()
                .filter(|(due, _)| AgingBucket::of(*due, today) == *b)
                .map(|(_, m)| m.amount)
                .sum();
            (*b, sum)
        })
        .collect()
}

/// Money received from the buyer (收汇), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptInput {
    /// The amount the buyer sent (before our bank's charges).
    pub amount: String,
    pub currency: String,
    /// The value date the bank credited it.
    pub value_date: String,
    pub bank_reference: String,
    /// Charges the banks deducted (in the receipt's currency); default 0.
    #[serde(default)]
    pub bank_charges: Option<String>,
    /// Units of the company's base currency per unit of the receipt's currency; required
    /// unless the receipt is in the base currency.
    #[serde(default)]
    pub exchange_rate: Option<String>,
}

/// A receipt checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub amount: Money,
    pub value_date: NaiveDate,
    pub bank_reference: String,
    pub bank_charges: Money,
    /// Base-currency units per unit; 1 for the base currency.
    pub exchange_rate: Decimal,
    pub base_currency: Currency,
}

impl Receipt {
    /// What reached our account: the amount less the charges.
    pub fn credited(&self) -> Money {
        Money {
            amount: self.amount.amount - self.bank_charges.amount,
            currency: self.amount.currency,
        }
    }
    /// The amount in the base currency, rounded to its minor unit.
    pub fn in_base(&self) -> Money {
        Money {
            amount: (self.amount.amount * self.exchange_rate).round_dp_with_strategy(
                self.base_currency.minor_units(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            ),
            currency: self.base_currency,
        }
    }
}

fn decimal(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<Decimal> {
    match v.trim().parse::<Decimal>() {
        Ok(d) => Some(d),
        Err(_) => {
            errs.push(field, "invalid_amount", format!("`{}` is not a number", v.trim()));
            None
        }
    }
}

impl ReceiptInput {
    /// Check every field; `today` bounds the value date (at most one day ahead, for a
    /// bank in another time zone).
    pub fn validate(&self, base: Currency, today: NaiveDate) -> Result<Receipt, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let currency = match Currency::parse(self.currency.trim()) {
            Ok(c) => Some(c),
            Err(e) => {
                errs.push("currency", "invalid_currency", e);
                None
            }
        };
        let amount = decimal(&mut errs, "amount", &self.amount);
        if amount.is_some_and(|a| a <= Decimal::ZERO) {
            errs.push("amount", "not_positive", "a receipt is more than zero");
        }
        let charges = match self
            .bank_charges
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Some(Decimal::ZERO),
            Some(s) => decimal(&mut errs, "bank_charges", s),
        };
        if charges.is_some_and(|c| c < Decimal::ZERO) {
            errs.push("bank_charges", "negative", "charges are not negative");
        }
        if let (Some(a), Some(c)) = (amount, charges)
            && c >= a
            && a > Decimal::ZERO
        {
            errs.push(
                "bank_charges",
                "above_amount",
                "the charges take the whole amount",
            );
        }
        let value_date = match NaiveDate::parse_from_str(self.value_date.trim(), "%Y-%m-%d") {
            Ok(d) if d > today + Days::new(1) => {
                errs.push(
                    "value_date",
                    "future_date",
                    format!("{d} is more than a day ahead"),
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errs.push("value_date", "invalid_date", "a date as YYYY-MM-DD");
                None
            }
        };
        let reference = self.bank_reference.trim();
        if reference.is_empty() {
            errs.push("bank_reference", "required", "the bank's reference of the credit");
        } else if reference.chars().count() > 100 {
            errs.push("bank_reference", "too_long", "at most 100 characters");
        }
        let rate = match (
            currency,
            self.exchange_rate
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
        ) {
            (Some(c), None) if c == base => Some(Decimal::ONE),
            (Some(c), None) => {
                errs.push(
                    "exchange_rate",
                    "rate_required",
                    format!("no rate from {c} to {base}: give the bank's rate"),
                );
                None
            }
            (_, Some(s)) => {
                let r = decimal(&mut errs, "exchange_rate", s);
                if r.is_some_and(|r| r <= Decimal::ZERO) {
                    errs.push("exchange_rate", "not_positive", "a rate is more than zero");
                } else if currency == Some(base) && r.is_some_and(|r| r != Decimal::ONE) {
                    errs.push(
                        "exchange_rate",
                        "rate_not_one",
                        format!("a receipt in {base} has no rate (or 1)"),
                    );
                }
                r
            }
            (None, None) => None,
        };
        let mut money = |field: &str, d: Option<Decimal>| -> Option<Money> {
            let (d, c) = (d?, currency?);
            match Money::new(d, c) {
                Ok(m) => Some(m),
                Err(e) => {
                    errs.push(field, "too_precise", e.to_string());
                    None
                }
            }
        };
        let amount = money("amount", amount);
        let charges = money("bank_charges", charges);
        errs.into_result()?;
        match (amount, charges, value_date, rate) {
            (Some(amount), Some(bank_charges), Some(value_date), Some(exchange_rate)) => Ok(Receipt {
                amount,
                value_date,
                bank_reference: reference.to_string(),
                bank_charges,
                exchange_rate,
                base_currency: base,
            }),
            _ => Err(ValidationErrors::single(
                "receipt",
                "invalid",
                "the receipt could not be read",
            )),
        }
    }
}

/// Part of a receipt applied to one instalment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The instalment's index in the schedule.
    pub index: usize,
    pub amount: Money,
}

/// Apply `amount` to the open instalments: as asked (`wanted`: index and amount), or, when
/// nothing is asked, oldest due first. An allocation above an instalment's open amount, in
/// another currency, or to an instalment that does not exist is refused; what is left of
/// the receipt is returned as unapplied (an over payment, carried as a credit).
pub fn allocate(
    open: &[(usize, Option<NaiveDate>, Money)],
    amount: Money,
    wanted: &[(usize, Decimal)],
) -> Result<(Vec<Allocation>, Money), ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let mut left = amount.amount;
    let mut out = Vec::new();
    if wanted.is_empty() {
        let mut order: Vec<&(usize, Option<NaiveDate>, Money)> = open.iter().collect();
        // Instalments with a due date first, earliest first; then in their order.
        order.sort_by_key(|(i, due, _)| (due.is_none(), *due, *i));
        for (i, _, o) in order {
            if left <= Decimal::ZERO {
                break;
            }
            if o.currency != amount.currency || o.amount <= Decimal::ZERO {
                continue;
            }
            let take = left.min(o.amount);
            out.push(Allocation {
                index: *i,
                amount: Money {
                    amount: take,
                    currency: amount.currency,
                },
            });
            left -= take;
        }
    } else {
        for (k, (index, a)) in wanted.iter().enumerate() {
            let field = format!("allocations[{k}].amount");
            let Some((_, _, o)) = open.iter().find(|(i, _, _)| i == index) else {
                errs.push(
                    format!("allocations[{k}].instalment"),
                    "unknown_instalment",
                    "no such instalment",
                );
                continue;
            };
            if o.currency != amount.currency {
                errs.push(
                    field,
                    "currency_mismatch",
                    format!("the instalment is in {}", o.currency),
                );
                continue;
            }
            // Several lines for one instalment count together.
            let asked: Decimal = wanted[..=k]
                .iter()
                .filter(|(i, _)| i == index)
                .map(|(_, a)| *a)
                .sum();
            if *a <= Decimal::ZERO {
                errs.push(field, "not_positive", "an allocation is more than zero");
            } else if asked > o.amount {
                errs.push(field, "above_open_amount", format!("only {} is open", o));
            } else {
                left -= *a;
                out.push(Allocation {
                    index: *index,
                    amount: Money {
                        amount: *a,
                        currency: amount.currency,
                    },
                });
            }
        }
        if left < Decimal::ZERO {
            errs.push(
                "allocations",
                "above_receipt",
                format!("more than the {amount} received"),
            );
        }
    }
    errs.into_result()?;
    Ok((
        out,
        Money {
            amount: left,
            currency: amount.currency,
        },
    ))
}

/// When reminders (催款) go out for an instalment: days before it falls due, days after, and
/// after how many days overdue the sales manager is told (escalation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRule {
    pub days_before: Vec<u32>,
    pub days_after: Vec<u32>,
    pub escalate_after_days: u32,
}

impl Default for ReminderRule {
    /// A week and a day before; one, seven and fourteen days after; the manager after 15.
    fn default() -> Self {
        ReminderRule {
            days_before: vec![7, 1],
            days_after: vec![1, 7, 14],
            escalate_after_days: 15,
        }
    }
}

/// A reminder that falls on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reminder {
    /// `days` before the due date: a friendly note.
    Upcoming { index: usize, days: u32 },
    /// `days` overdue: a reminder to the buyer.
    Overdue { index: usize, days: u32 },
    /// Overdue past the escalation delay: the sales manager is told (once).
    Escalate { index: usize, days: u32 },
}

/// The reminders that apply on `today` to instalments still open (`open`: index, due date,
/// open amount > 0): for each, the latest threshold reached (a reminder is named by its
/// threshold, so the caller sends each once — and a day the server was down is caught up
/// the next day), and the escalation once the delay is reached.
pub fn reminders_on(
    rule: &ReminderRule,
    open: &[(usize, Option<NaiveDate>, Decimal)],
    today: NaiveDate,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for (index, due, left) in open {
        let (Some(due), true) = (due, *left > Decimal::ZERO) else {
            continue;
        };
        let late = (today - *due).num_days();
        if late < 0 {
            // The nearest threshold already reached (7 days before, then 1 day before).
            let left = u32::try_from(-late).unwrap_or(u32::MAX);
            if let Some(days) = rule.days_before.iter().copied().filter(|t| *t >= left).min() {
                out.push(Reminder::Upcoming { index: *index, days });
            }
        } else if late > 0 {
            let over = u32::try_from(late).unwrap_or(u32::MAX);
            if let Some(days) = rule.days_after.iter().copied().filter(|t| *t <= over).max() {
                out.push(Reminder::Overdue { index: *index, days });
            }
            if over >= rule.escalate_after_days {
                out.push(Reminder::Escalate {
                    index: *index,
                    days: rule.escalate_after_days,
                });
            }
        }
    }
    out
}

/// An order (contract) is closed (结案) when every shipment was delivered, every set of
/// documents dispatched and every instalment settled (paid, or the short payment written
/// off with a reason). The reasons it is still open, none when it may close.
pub fn open_reasons(
    shipments_delivered: bool,
    documents_dispatched: bool,
    open_amount: Decimal,
) -> Vec<&'static str> {
    let mut r = Vec::new();
    if !shipments_delivered {
        r.push("shipments_not_delivered");
    }
    if !documents_dispatched {
        r.push("documents_not_dispatched");
    }
    if open_amount > Decimal::ZERO {
        r.push("receivables_open");
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::PaymentTermsInput;
    use proptest::prelude::*;

    fn usd(s: &str) -> Money {
        Money::new(s.parse().unwrap(), Currency::parse("USD").unwrap()).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn terms(json: serde_json::Value) -> PaymentTerms {
        let input: PaymentTermsInput = serde_json::from_value(json).unwrap();
        input.validate().unwrap()
    }

    #[test]
    fn a_deposit_and_a_balance_against_copy_bl() {
        let t = terms(serde_json::json!({"instalments": [
            {"percent": "30", "method": "tt", "trigger": "on_contract"},
            {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}
        ]}));
        let mut e = TradeEvents {
            contract_confirmed: Some(d("2026-09-01")),
            ..Default::default()
        };
        let s = schedule(&t, usd("38709.01"), &e, LC_EXAMINATION_DAYS);
        assert_eq!(s[0].amount, usd("11612.70"));
        assert_eq!(s[1].amount, usd("27096.31"), "the balance takes the rounding");
        assert_eq!(s[0].due, Some(d("2026-09-01")));
        assert_eq!(s[1].due, None, "no copy B/L sent yet");
        e.copy_bl_sent = Some(d("2026-10-20"));
        let s = schedule(&t, usd("38709.01"), &e, LC_EXAMINATION_DAYS);
        assert_eq!(s[1].due, Some(d("2026-10-20")));
    }

    #[test]
    fn the_balance_follows_the_invoice() {
        let t = terms(serde_json::json!({"instalments": [
            {"percent": "30", "method": "tt", "trigger": "on_contract"},
            {"percent": "70", "method": "dp", "trigger": "at_sight_against_documents"}
        ]}));
        // Contracted 100,000; shipped 5 % less and invoiced 95,000: the deposit stays
        // 30,000, the D/P collects the invoice's balance 65,000.
        let s = schedule_on(&t, usd("100000"), Some(usd("95000")), &TradeEvents::default(), 5);
        assert_eq!((s[0].amount, s[1].amount), (usd("30000"), usd("65000")));
        // Nothing invoiced yet: the contract's shares.
        let s = schedule_on(&t, usd("100000"), None, &TradeEvents::default(), 5);
        assert_eq!((s[0].amount, s[1].amount), (usd("30000"), usd("70000")));
    }

    #[test]
    fn collections_and_credits() {
        let e = TradeEvents {
            bl_date: Some(d("2026-10-15")),
            documents_presented: Some(d("2026-11-02")),
            accepted: Some(d("2026-11-04")),
            ..Default::default()
        };
        let one = |json| {
            schedule(
                &terms(serde_json::json!({"instalments": [json]})),
                usd("1000"),
                &e,
                5,
            )[0]
            .due
        };
        assert_eq!(
            one(
                serde_json::json!({"percent": "100", "method": "dp", "trigger": "at_sight_against_documents"})
            ),
            Some(d("2026-11-02"))
        );
        assert_eq!(
            one(
                serde_json::json!({"percent": "100", "method": "da", "days": 60, "trigger": "days_after_bl_date"})
            ),
            Some(d("2026-12-14"))
        );
        assert_eq!(
            one(
                serde_json::json!({"percent": "100", "method": "da", "days": 30, "trigger": "at_sight_against_documents"})
            ),
            Some(d("2026-12-04")),
            "30 days after the acceptance"
        );
        assert_eq!(
            one(
                serde_json::json!({"percent": "100", "method": "lc_sight", "trigger": "at_sight_against_documents"})
            ),
            Some(d("2026-11-09")),
            "presented on Monday the 2nd: five banking days after it, the weekend not counted"
        );
    }

    #[test]
    fn aging_buckets() {
        let today = d("2026-11-30");
        assert_eq!(AgingBucket::of(None, today), AgingBucket::NotYetDue);
        assert_eq!(AgingBucket::of(Some(today), today), AgingBucket::Current);
        assert_eq!(
            AgingBucket::of(Some(d("2026-11-29")), today),
            AgingBucket::Days1To30
        );
        assert_eq!(
            AgingBucket::of(Some(d("2026-10-31")), today),
            AgingBucket::Days1To30
        );
        assert_eq!(
            AgingBucket::of(Some(d("2026-10-30")), today),
            AgingBucket::Days31To60
        );
        assert_eq!(AgingBucket::of(Some(d("2026-08-01")), today), AgingBucket::Over90);
        let a = aging(&[(Some(d("2026-11-01")), usd("100")), (None, usd("5"))], today);
        assert_eq!(a[2], (AgingBucket::Days1To30, Decimal::from(100)));
        assert_eq!(a[0], (AgingBucket::NotYetDue, Decimal::from(5)));
    }

    #[test]
    fn receipts_are_checked_field_by_field() {
        let base = Currency::parse("CNY").unwrap();
        let today = d("2026-11-30");
        let ok = ReceiptInput {
            amount: "11612.70".into(),
            currency: "USD".into(),
            value_date: "2026-11-28".into(),
            bank_reference: "BOC-FX-2611-0042".into(),
            bank_charges: Some("15".into()),
            exchange_rate: Some("7.1034".into()),
        };
        let r = ok.validate(base, today).unwrap();
        assert_eq!(r.credited(), usd("11597.70"));
        assert_eq!(r.in_base().amount, "82489.65".parse::<Decimal>().unwrap());
        let mut no_rate = ok.clone();
        no_rate.exchange_rate = None;
        let e = no_rate.validate(base, today).unwrap_err();
        assert_eq!(e.0[0].field, "exchange_rate");
        assert_eq!(e.0[0].code, "rate_required");
        let mut future = ok.clone();
        future.value_date = "2026-12-02".into();
        assert_eq!(future.validate(base, today).unwrap_err().0[0].code, "future_date");
        let mut tomorrow = ok.clone();
        tomorrow.value_date = "2026-12-01".into();
        assert!(tomorrow.validate(base, today).is_ok(), "one day ahead is allowed");
        let mut cents = ok;
        cents.amount = "1.001".into();
        cents.bank_charges = None;
        assert_eq!(cents.validate(base, today).unwrap_err().0[0].code, "too_precise");
    }

    #[test]
    fn reminders_fall_on_their_days_once() {
        let rule = ReminderRule::default();
        let open = [
            (0, Some(d("2026-12-07")), Decimal::from(100)),
            (1, Some(d("2026-11-15")), Decimal::from(5)),
            (2, None, Decimal::from(9)),
        ];
        let r = reminders_on(&rule, &open, d("2026-11-30"));
        // A week before the first; the second is 15 days late: its latest reminder is the
        // 14-day one (sent once by its name) and the sales manager is told; the third has
        // no due date yet.
        assert_eq!(
            r,
            vec![
                Reminder::Upcoming { index: 0, days: 7 },
                Reminder::Overdue { index: 1, days: 14 },
                Reminder::Escalate { index: 1, days: 15 }
            ]
        );
        // Five days before: still the 7-day reminder (caught up if it was missed).
        let soon = [(0, Some(d("2026-12-05")), Decimal::ONE)];
        assert_eq!(
            reminders_on(&rule, &soon, d("2026-11-30")),
            vec![Reminder::Upcoming { index: 0, days: 7 }]
        );
        // Twenty days before: nothing yet.
        let far = [(0, Some(d("2026-12-20")), Decimal::ONE)];
        assert!(reminders_on(&rule, &far, d("2026-11-30")).is_empty());
        // Paid: no reminder.
        let paid = [(0, Some(d("2026-11-29")), Decimal::ZERO)];
        assert!(reminders_on(&rule, &paid, d("2026-11-30")).is_empty());
        let one = [(0, Some(d("2026-11-29")), Decimal::ONE)];
        assert_eq!(
            reminders_on(&rule, &one, d("2026-11-30")),
            vec![Reminder::Overdue { index: 0, days: 1 }]
        );
    }

    #[test]
    fn an_order_closes_when_delivered_dispatched_and_paid() {
        assert!(open_reasons(true, true, Decimal::ZERO).is_empty());
        assert_eq!(
            open_reasons(true, false, Decimal::ONE),
            vec!["documents_not_dispatched", "receivables_open"]
        );
    }

    #[test]
    fn allocations_never_exceed_what_is_open() {
        let open = [(0, Some(d("2026-09-01")), usd("300")), (1, None, usd("700"))];
        let (a, left) = allocate(&open, usd("250"), &[]).unwrap();
        assert_eq!(
            a,
            vec![Allocation {
                index: 0,
                amount: usd("250")
            }]
        );
        assert_eq!(left, usd("0"));
        let (a, left) = allocate(&open, usd("1100"), &[]).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(left, usd("100"), "an over payment is left as a credit");
        let e = allocate(&open, usd("400"), &[(0, Decimal::from(301))]).unwrap_err();
        assert_eq!(e.0[0].code, "above_open_amount");
        let e = allocate(
            &open,
            usd("100"),
            &[(0, Decimal::from(60)), (1, Decimal::from(60))],
        )
        .unwrap_err();
        assert_eq!(e.0[0].code, "above_receipt");
        let e = allocate(&open, usd("100"), &[(7, Decimal::from(60))]).unwrap_err();
        assert_eq!(e.0[0].code, "unknown_instalment");
    }

    proptest! {
        /// Whatever the percentages and the value, the schedule sums to the contract value
        /// exactly, every amount fits the currency, and none is negative.
        #[test]
        fn the_schedule_always_sums_to_the_contract_total(
            cents in 1i64..10_000_000_000,
            parts in prop::collection::vec(1u32..10_000, 1..6),
        ) {
            // Percentages with two decimals summing to exactly 100.
            let sum: u32 = parts.iter().sum();
            let mut pct: Vec<Decimal> = parts.iter().map(|p| Decimal::new(i64::from(p * 10_000 / sum), 2)).collect();
            let short = Decimal::ONE_HUNDRED - pct.iter().copied().sum::<Decimal>();
            pct[0] += short;
            prop_assume!(pct.iter().all(|p| *p > Decimal::ZERO));
            let triggers = ["on_contract", "before_production", "against_copy_bl", "on_arrival", "days_after_bl_date"];
            let inst: Vec<serde_json::Value> = pct.iter().enumerate().map(|(k, p)| {
                let mut v = serde_json::json!({"percent": p.to_string(), "method": "tt", "trigger": triggers[k % 5]});
                if triggers[k % 5] == "days_after_bl_date" { v["days"] = serde_json::json!(30); }
                v
            }).collect();
            let input: PaymentTermsInput = serde_json::from_value(serde_json::json!({"instalments": inst})).unwrap();
            let Ok(t) = input.validate() else { return Ok(()); };
            let total = Money::from_minor(cents, Currency::parse("USD").unwrap());
            let s = schedule(&t, total, &TradeEvents::default(), 5);
            let sum: Decimal = s.iter().map(|l| l.amount.amount).sum();
            prop_assert_eq!(sum, total.amount);
            for l in &s {
                prop_assert!(l.amount.amount >= Decimal::ZERO, "{:?}", l);
                prop_assert!(l.amount.amount.normalize().scale() <= 2);
            }
            // Paying it all, oldest first, leaves nothing open and nothing over.
            let open: Vec<(usize, Option<NaiveDate>, Money)> = s.iter().map(|l| (l.index, l.due, l.amount)).collect();
            let (a, left) = allocate(&open, total, &[]).unwrap();
            let applied: Decimal = a.iter().map(|x| x.amount.amount).sum();
            prop_assert_eq!(applied, total.amount);
                        prop_assert_eq!(left.amount, Decimal::ZERO);
            for x in &a {
                let o = open.iter().find(|o| o.0 == x.index).unwrap();
                prop_assert!(x.amount.amount <= o.2.amount);
            }
            // Invoiced at up to ±10 %: the schedule sums to the invoiced value, the
            // instalments before shipment keep their contract amounts.
            let invoiced = Money::from_minor(cents * 9 / 10 + (cents / 5) * i64::from(parts[0] % 2), total.currency);
            let si = schedule_on(&t, total, Some(invoiced), &TradeEvents::default(), 5);
            let before: Decimal = s.iter().filter(|l| l.instalment.trigger.is_before_shipment()).map(|l| l.amount.amount).sum();
            let sum: Decimal = si.iter().map(|l| l.amount.amount).sum();
                        if s.iter().any(|l| !l.instalment.trigger.is_before_shipment()) {
                prop_assert_eq!(sum, invoiced.amount.max(before));
            } else {
                prop_assert_eq!(sum, total.amount, "all of it fell due before shipment");
            }
            for (a, b) in s.iter().zip(&si) {
                prop_assert!(b.amount.amount >= Decimal::ZERO);
                if a.instalment.trigger.is_before_shipment() {
                    prop_assert_eq!(a.amount, b.amount);
                }
            }
        }
    }
}
