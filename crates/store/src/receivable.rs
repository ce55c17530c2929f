//! Receipts (收汇), what they were applied to, write-offs, and the outbox of reminders (催款)
//! with the tasks they put in people's work queues.
//!
//! The receivables themselves (what is owed, when) are never stored: they follow from the
//! contract's payment terms and the trade events (`gendan_domain::receivable::schedule`).
//! What is stored are facts: a receipt as the bank credited it, and ledger entries — an
//! allocation of (part of) a receipt to an instalment, or a write-off of what is left of an
//! instalment (a short payment) or of a receipt (an over payment) with its reason. Both
//! are append-only; a correction is a new entry with the opposite sign.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::money::Money;
use gendan_domain::receivable::Receipt;
use serde::Serialize;
use uuid::Uuid;

use crate::{StoreResult, WriteContext};

/// A receipt as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptRecord {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub receipt: Receipt,
    pub note: Option<String>,
    pub by: String,
    pub created_at: DateTime<Utc>,
}

/// A receipt to record; the caller chooses the id so that entries can name it.
#[derive(Debug, Clone)]
pub struct NewReceipt {
    pub id: Uuid,
    pub receipt: Receipt,
    pub note: Option<String>,
}

/// `allocation` (money of a receipt applied to an instalment) or `write_off` (an open
/// instalment or an unapplied receipt settled without money, with a reason).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceivableEntry {
    pub seq: i64,
    pub customer_id: Uuid,
    pub kind: String,
    pub contract_id: Option<Uuid>,
    /// The instalment's index in the contract's schedule.
    pub instalment: Option<i64>,
    pub receipt_id: Option<Uuid>,
    /// Negative: a correction of an earlier entry.
    pub amount: Money,
    pub reason: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewReceivableEntry {
    pub kind: String,
    pub contract_id: Option<Uuid>,
    pub instalment: Option<i64>,
    pub receipt_id: Option<Uuid>,
    pub amount: Money,
    pub reason: Option<String>,
}

/// One customer's receipts and entries, as committed plus what is being posted.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub receipts: Vec<ReceiptRecord>,
    pub entries: Vec<ReceivableEntry>,
}

/// The rule a posting must pass, run under the customer's row lock on the customer's whole
/// ledger with the new receipt and entries in it (so two postings at once cannot both take
/// the last of an instalment or of a receipt).
pub type LedgerCheck<'a> = &'a (dyn Fn(&Ledger) -> Result<(), ValidationErrors> + Send + Sync);

/// A message waiting in the outbox (e-mail to a customer or a colleague).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxMessage {
    pub id: Uuid,
    /// What made it: `payment_reminder`, `payment_escalation`, …
    pub kind: String,
    /// Makes a daily run idempotent: a second message with the same key is not made.
    pub dedupe_key: String,
    pub to_address: String,
    pub lang: String,
    pub subject: String,
    pub body: String,
    /// `contract`, `shipment`, … and its id.
    pub entity_type: String,
    pub entity_id: Uuid,
    /// `queued`, `sent`, `cancelled`.
    pub state: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewOutboxMessage {
    pub kind: String,
    pub dedupe_key: String,
    pub to_address: String,
    pub lang: String,
    pub subject: String,
    pub body: String,
    pub entity_type: String,
    pub entity_id: Uuid,
}

/// A task in a work queue (工作序列表): for a role, or one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub id: Uuid,
    pub kind: String,
    pub dedupe_key: String,
    /// The role whose queue it is in (`finance`, `sales_manager`, …).
    pub role: String,
    pub title: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub due: Option<NaiveDate>,
    /// `open` or `done`.
    pub state: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewTask {
    pub kind: String,
    pub dedupe_key: String,
    pub role: String,
    pub title: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub due: Option<NaiveDate>,
}

#[async_trait]
pub trait ReceivableStore: Send + Sync {
    /// Record a receipt (if any) and ledger entries of one customer in one transaction,
    /// under the customer's row lock, when `check` passes on the ledger with them in it;
    /// otherwise nothing is written. Returns the new entries.
    async fn post_receivables(
        &self,
        customer_id: Uuid,
        receipt: Option<NewReceipt>,
        entries: Vec<NewReceivableEntry>,
        by: &str,
        check: LedgerCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<Vec<ReceivableEntry>>;
    async fn receipt(&self, id: Uuid) -> StoreResult<ReceiptRecord>;
    /// Receipts, newest value date first, of one customer or all.
    async fn list_receipts(&self, customer_id: Option<Uuid>, limit: u32) -> StoreResult<Vec<ReceiptRecord>>;
    /// Ledger entries in the order written, of one customer and/or one contract.
    async fn receivable_entries(
        &self,
        customer_id: Option<Uuid>,
        contract_id: Option<Uuid>,
    ) -> StoreResult<Vec<ReceivableEntry>>;

    /// Queue messages and open tasks; one whose `dedupe_key` exists already is skipped
    /// (a daily run makes each reminder once, across instances). Returns how many of each
    /// were made.
    async fn enqueue(
        &self,
        messages: Vec<NewOutboxMessage>,
        tasks: Vec<NewTask>,
        ctx: &WriteContext,
    ) -> StoreResult<(usize, usize)>;
    /// Messages, newest first, optionally of one entity.
    async fn outbox(&self, entity_id: Option<Uuid>, limit: u32) -> StoreResult<Vec<OutboxMessage>>;
    /// Tasks, open first then newest, optionally of one role or one entity.
    async fn tasks(&self, role: Option<&str>, entity_id: Option<Uuid>, limit: u32) -> StoreResult<Vec<Task>>;
    /// Mark a task done (versioned).
    async fn finish_task(&self, id: Uuid, expected_version: i64, ctx: &WriteContext) -> StoreResult<Task>;
}
