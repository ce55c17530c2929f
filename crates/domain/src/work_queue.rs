//! The work queue (工作序列表), issue 10 (started): what each person has to do today,
//! derived by pure rules from the state of the orders and the date — never typed by hand.
//!
//! The caller gathers the facts of each open order ([`OrderFacts`]); [`derive`] turns them
//! into [`WorkItem`]s, each for one role's queue, with its deadline and the order's value;
//! [`sort_by_urgency`] orders them (overdue first, then the nearest deadline, then the
//! larger value). A task disappears by itself when its fact changes: nothing is stored but
//! the snoozes people give with a reason ([`Snooze`]).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::contract::ContractState;
use crate::role::Role;

/// Every kind of task the queue knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    ContractToSubmit,
    ContractToApprove,
    ContractToSend,
    ContractToConfirm,
    InstructionToIssue,
    InstructionToAcknowledge,
    ProductionBehind,
    BookingToMake,
    SiCutoff,
    VgmCutoff,
    CyCutoff,
    DocumentsToGenerate,
    DocumentsToCheck,
    DocumentsToFinalise,
    CrossCheckFindings,
    ShippingAdviceToSend,
    DocumentsToDispatch,
    LcPresentationDeadline,
    InstalmentDue,
    InstalmentOverdue,
    CustomerStockLow,
}

impl TaskKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::ContractToSubmit => "contract_to_submit",
            TaskKind::ContractToApprove => "contract_to_approve",
            TaskKind::ContractToSend => "contract_to_send",
            TaskKind::ContractToConfirm => "contract_to_confirm",
            TaskKind::InstructionToIssue => "instruction_to_issue",
            TaskKind::InstructionToAcknowledge => "instruction_to_acknowledge",
            TaskKind::ProductionBehind => "production_behind",
            TaskKind::BookingToMake => "booking_to_make",
            TaskKind::SiCutoff => "si_cutoff",
            TaskKind::VgmCutoff => "vgm_cutoff",
            TaskKind::CyCutoff => "cy_cutoff",
            TaskKind::DocumentsToGenerate => "documents_to_generate",
            TaskKind::DocumentsToCheck => "documents_to_check",
            TaskKind::DocumentsToFinalise => "documents_to_finalise",
            TaskKind::CrossCheckFindings => "cross_check_findings",
            TaskKind::ShippingAdviceToSend => "shipping_advice_to_send",
            TaskKind::DocumentsToDispatch => "documents_to_dispatch",
            TaskKind::LcPresentationDeadline => "lc_presentation_deadline",
            TaskKind::InstalmentDue => "instalment_due",
            TaskKind::InstalmentOverdue => "instalment_overdue",
            TaskKind::CustomerStockLow => "customer_stock_low",
        }
    }

    /// The role whose queue the task is in.
    pub fn role(self) -> Role {
        use TaskKind::*;
        match self {
            ContractToApprove => Role::SalesManager,
            ContractToSubmit | ContractToSend | ContractToConfirm | InstructionToIssue | ProductionBehind
            | CustomerStockLow => Role::Merchandiser,
            InstructionToAcknowledge => Role::Production,
            BookingToMake | SiCutoff | VgmCutoff | CyCutoff | ShippingAdviceToSend => Role::Shipping,
            DocumentsToGenerate
            | DocumentsToCheck
            | DocumentsToFinalise
            | CrossCheckFindings
            | DocumentsToDispatch
            | LcPresentationDeadline => Role::Documentation,
            InstalmentDue | InstalmentOverdue => Role::Finance,
        }
    }

    /// The stage of the walkthrough it belongs to (for filtering).
    pub fn stage(self) -> &'static str {
        use TaskKind::*;
        match self {
            ContractToSubmit | ContractToApprove | ContractToSend | ContractToConfirm => "contract",
            InstructionToIssue | InstructionToAcknowledge | ProductionBehind | CustomerStockLow => {
                "production"
            }
            BookingToMake | SiCutoff | VgmCutoff | CyCutoff | ShippingAdviceToSend => "shipment",
            DocumentsToGenerate | DocumentsToCheck | DocumentsToFinalise | CrossCheckFindings => "documents",
            DocumentsToDispatch | LcPresentationDeadline => "dispatch",
            InstalmentDue | InstalmentOverdue => "payment",
        }
    }
}

/// One shipment of an order, as far as the queue cares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentFacts {
    pub id: Uuid,
    pub number: String,
    pub si_cutoff: Option<NaiveDate>,
    pub si_sent: bool,
    pub vgm_cutoff: Option<NaiveDate>,
    pub vgm_declared: bool,
    pub cy_cutoff: Option<NaiveDate>,
    pub gated_in: bool,
    pub stuffed: bool,
    pub on_board: Option<NaiveDate>,
    pub has_documents: bool,
    /// Generated documents still draft (a check missing) and checked ones not final.
    pub documents_to_check: usize,
    pub documents_to_finalise: usize,
    pub open_blocking: usize,
    pub advice_sent: bool,
    pub dispatched: bool,
    /// The last day for an L/C presentation, while not presented.
    pub lc_last_day: Option<NaiveDate>,
}

/// One instruction of an order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructionFacts {
    pub id: Uuid,
    pub number: String,
    pub issued: bool,
    /// Departments that have not acknowledged the current revision.
    pub unacknowledged: usize,
    pub behind_plan: bool,
    pub booked: bool,
    /// The latest shipment date it must make.
    pub ship_by: Option<NaiveDate>,
}

/// What is known of one open order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub contract_id: Uuid,
    pub contract_number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub state: ContractState,
    /// The order's value (in its currency; compared only within a queue's ordering).
    pub value: Decimal,
    pub contract_date: NaiveDate,
    pub instructions: Vec<InstructionFacts>,
    pub shipments: Vec<ShipmentFacts>,
    /// Open instalments: index, due date, open amount.
    pub instalments: Vec<(usize, Option<NaiveDate>, Decimal)>,
    /// The customer's stock covers fewer days than the lead time.
    pub customer_stock_low: bool,
}

/// A task in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub kind: TaskKind,
    pub role: Role,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    /// What it is about (the contract, an instruction, a shipment, an instalment).
    pub subject: String,
    /// The page that resolves it.
    pub link: String,
    pub deadline: Option<NaiveDate>,
    pub value: Decimal,
    /// Identifies the task across days (for snoozes): kind and subject.
    pub key: String,
}

/// Days before a cut-off the task appears.
pub const CUTOFF_NOTICE_DAYS: i64 = 3;
/// Days before an instalment falls due the task appears.
pub const DUE_NOTICE_DAYS: i64 = 7;

/// The tasks an order gives on `today`.
pub fn derive(o: &OrderFacts, today: NaiveDate) -> Vec<WorkItem> {
    let mut out = Vec::new();
    let mut push = |kind: TaskKind, subject: &str, link: String, deadline: Option<NaiveDate>| {
        out.push(WorkItem {
            kind,
            role: kind.role(),
            contract_id: o.contract_id,
            contract_number: o.contract_number.clone(),
            customer_id: o.customer_id,
            customer_name: o.customer_name.clone(),
            subject: subject.to_string(),
            key: format!("{}:{subject}", kind.as_str()),
            link,
            deadline,
            value: o.value,
        });
    };
    let contract = format!("/contracts/{}", o.contract_id);
    match o.state {
        ContractState::Draft | ContractState::Rejected => push(
            TaskKind::ContractToSubmit,
            &o.contract_number,
            contract.clone(),
            None,
        ),
        ContractState::Submitted => push(
            TaskKind::ContractToApprove,
            &o.contract_number,
            contract.clone(),
            None,
        ),
        ContractState::Approved => push(
            TaskKind::ContractToSend,
            &o.contract_number,
            contract.clone(),
            None,
        ),
        ContractState::Sent => push(
            TaskKind::ContractToConfirm,
            &o.contract_number,
            contract.clone(),
            None,
        ),
        ContractState::Closed | ContractState::Cancelled => return out,
        ContractState::Confirmed => {}
    }
    if o.customer_stock_low {
        push(
            TaskKind::CustomerStockLow,
            &o.customer_name,
            format!("/customers/{}/stock", o.customer_id),
            None,
        );
    }
    for i in &o.instructions {
        let link = format!("/instructions/{}", i.id);
        if !i.issued {
            if matches!(
                o.state,
                ContractState::Confirmed | ContractState::Approved | ContractState::Sent
            ) {
                push(TaskKind::InstructionToIssue, &i.number, link, i.ship_by);
            }
            continue;
        }
        if i.unacknowledged > 0 {
            push(
                TaskKind::InstructionToAcknowledge,
                &i.number,
                link.clone(),
                i.ship_by,
            );
        }
        if i.behind_plan {
            push(TaskKind::ProductionBehind, &i.number, link.clone(), i.ship_by);
        }
        if !i.booked {
            push(
                TaskKind::BookingToMake,
                &i.number,
                "/bookings/new".into(),
                i.ship_by,
            );
        }
    }
    let soon = |d: Option<NaiveDate>, notice: i64| d.is_some_and(|d| (d - today).num_days() <= notice);
    for s in &o.shipments {
        let link = format!("/shipments/{}", s.id);
        let docs = format!("/shipments/{}/documents", s.id);
        if s.on_board.is_none() {
            if !s.si_sent && soon(s.si_cutoff, CUTOFF_NOTICE_DAYS) {
                push(TaskKind::SiCutoff, &s.number, link.clone(), s.si_cutoff);
            }
            if !s.vgm_declared && soon(s.vgm_cutoff, CUTOFF_NOTICE_DAYS) {
                push(TaskKind::VgmCutoff, &s.number, link.clone(), s.vgm_cutoff);
            }
            if !s.gated_in && soon(s.cy_cutoff, CUTOFF_NOTICE_DAYS) {
                push(TaskKind::CyCutoff, &s.number, link.clone(), s.cy_cutoff);
            }
        }
        if s.stuffed && !s.has_documents {
            push(
                TaskKind::DocumentsToGenerate,
                &s.number,
                docs.clone(),
                s.si_cutoff,
            );
        }
        if s.documents_to_check > 0 {
            push(TaskKind::DocumentsToCheck, &s.number, docs.clone(), None);
        }
        if s.documents_to_finalise > 0 {
            push(TaskKind::DocumentsToFinalise, &s.number, docs.clone(), None);
        }
        if s.open_blocking > 0 {
            push(
                TaskKind::CrossCheckFindings,
                &s.number,
                format!("{docs}#cross-check"),
                None,
            );
        }
        if let Some(d) = s.on_board {
            if !s.advice_sent {
                push(TaskKind::ShippingAdviceToSend, &s.number, link.clone(), Some(d));
            }
            if !s.dispatched && s.has_documents {
                push(
                    TaskKind::DocumentsToDispatch,
                    &s.number,
                    format!("/shipments/{}/dispatch", s.id),
                    s.lc_last_day,
                );
            }
        }
        if let Some(last) = s.lc_last_day
            && !s.dispatched
        {
            push(
                TaskKind::LcPresentationDeadline,
                &s.number,
                docs.clone(),
                Some(last),
            );
        }
    }
    for (index, due, open) in &o.instalments {
        if *open <= Decimal::ZERO {
            continue;
        }
        let subject = format!("{} #{}", o.contract_number, index + 1);
        match due {
            Some(d) if *d < today => push(
                TaskKind::InstalmentOverdue,
                &subject,
                "/receivables?overdue=1".into(),
                Some(*d),
            ),
            Some(d) if (*d - today).num_days() <= DUE_NOTICE_DAYS => {
                push(TaskKind::InstalmentDue, &subject, "/receivables".into(), Some(*d))
            }
            _ => {}
        }
    }
    out
}

/// Most urgent first: past deadlines, then the nearest deadline, then tasks without one;
/// within a day the larger order first.
pub fn sort_by_urgency(items: &mut [WorkItem]) {
    items.sort_by(|a, b| {
        (
            a.deadline.is_none(),
            a.deadline,
            std::cmp::Reverse(a.value),
            a.kind,
            &a.key,
        )
            .cmp(&(
                b.deadline.is_none(),
                b.deadline,
                std::cmp::Reverse(b.value),
                b.kind,
                &b.key,
            ))
    });
}

/// A person set a task aside until a day, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snooze {
    pub key: String,
    pub contract_id: Uuid,
    pub until: NaiveDate,
    pub reason: String,
}

/// The tasks not snoozed on `today` (a snooze ends on its day).
pub fn without_snoozed(items: Vec<WorkItem>, snoozes: &[Snooze], today: NaiveDate) -> Vec<WorkItem> {
    items
        .into_iter()
        .filter(|i| {
            !snoozes
                .iter()
                .any(|s| s.key == i.key && s.contract_id == i.contract_id && s.until > today)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn order(state: ContractState) -> OrderFacts {
        OrderFacts {
            contract_id: Uuid::from_u128(1),
            contract_number: "SC-2026-0001".into(),
            customer_id: Uuid::from_u128(2),
            customer_name: "Fresh BV".into(),
            state,
            value: Decimal::from(38_709),
            contract_date: d("2026-11-01"),
            instructions: Vec::new(),
            shipments: Vec::new(),
            instalments: Vec::new(),
            customer_stock_low: false,
        }
    }

    fn kinds(items: &[WorkItem]) -> Vec<TaskKind> {
        items.iter().map(|i| i.kind).collect()
    }

    #[test]
    fn a_contract_waits_for_the_next_person() {
        let today = d("2026-11-30");
        assert_eq!(
            kinds(&derive(&order(ContractState::Draft), today)),
            [TaskKind::ContractToSubmit]
        );
        let t = derive(&order(ContractState::Submitted), today);
        assert_eq!(
            (t[0].kind, t[0].role),
            (TaskKind::ContractToApprove, Role::SalesManager)
        );
        assert!(derive(&order(ContractState::Closed), today).is_empty());
    }

    #[test]
    fn a_cutoff_appears_three_days_before_and_goes_when_the_fact_is_recorded() {
        let mut o = order(ContractState::Confirmed);
        o.shipments.push(ShipmentFacts {
            number: "SH2026-0001".into(),
            si_cutoff: Some(d("2026-12-04")),
            ..Default::default()
        });
        assert!(derive(&o, d("2026-11-30")).is_empty(), "five days ahead: not yet");
        assert_eq!(kinds(&derive(&o, d("2026-12-01"))), [TaskKind::SiCutoff]);
        o.shipments[0].si_sent = true;
        assert!(
            derive(&o, d("2026-12-01")).is_empty(),
            "the SI went: the task is gone"
        );
    }

    #[test]
    fn instalments_come_due_then_overdue_and_the_most_urgent_leads() {
        let mut o = order(ContractState::Confirmed);
        o.instalments = vec![
            (0, Some(d("2026-11-20")), Decimal::from(100)),
            (1, Some(d("2026-12-05")), Decimal::from(900)),
            (2, None, Decimal::from(5)),
        ];
        let mut items = derive(&o, d("2026-11-30"));
        assert_eq!(
            kinds(&items),
            [TaskKind::InstalmentOverdue, TaskKind::InstalmentDue]
        );
        let mut other = order(ContractState::Draft);
        other.contract_id = Uuid::from_u128(9);
        items.extend(derive(&other, d("2026-11-30")));
        sort_by_urgency(&mut items);
        assert_eq!(
            kinds(&items),
            [
                TaskKind::InstalmentOverdue,
                TaskKind::InstalmentDue,
                TaskKind::ContractToSubmit
            ],
            "past deadline first, the task without one last"
        );
        let snoozed = without_snoozed(
            items.clone(),
            &[Snooze {
                key: items[0].key.clone(),
                contract_id: items[0].contract_id,
                until: d("2026-12-02"),
                reason: "the buyer's bank confirmed the transfer".into(),
            }],
            d("2026-11-30"),
        );
        assert_eq!(snoozed.len(), 2);
        assert_eq!(
            without_snoozed(items.clone(), &[], d("2026-11-30")).len(),
            3,
            "no snooze, nothing hidden"
        );
    }

    #[test]
    fn a_shipped_set_is_advised_dispatched_and_presented_in_time() {
        let mut o = order(ContractState::Confirmed);
        o.shipments.push(ShipmentFacts {
            number: "SH2026-0002".into(),
            stuffed: true,
            on_board: Some(d("2026-11-27")),
            has_documents: true,
            open_blocking: 1,
            lc_last_day: Some(d("2026-12-18")),
            ..Default::default()
        });
        let t = derive(&o, d("2026-11-30"));
        assert_eq!(
            kinds(&t),
            [
                TaskKind::CrossCheckFindings,
                TaskKind::ShippingAdviceToSend,
                TaskKind::DocumentsToDispatch,
                TaskKind::LcPresentationDeadline
            ]
        );
        o.shipments[0].dispatched = true;
        o.shipments[0].advice_sent = true;
        o.shipments[0].open_blocking = 0;
        assert!(derive(&o, d("2026-11-30")).is_empty());
    }
}
