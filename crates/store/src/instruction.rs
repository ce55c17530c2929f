//! Storage of instructions (指令): their revisions, the events their state and
//! acknowledgements are derived from, production progress entries, and the supplier links
//! outsourced production reports through.

use crate::{ContractRecord, NewAttachment, StoreResult, WriteContext};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::contract::NumberPattern;
use gendan_domain::instruction::{Department, InstructionState};
use gendan_domain::role::Role;
use serde::Serialize;
use uuid::Uuid;

/// An instruction as stored: the current revision's content and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstructionRecord {
    pub id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub state: InstructionState,
    /// 1 for the first issue; each change after issue adds one.
    pub revision: i64,
    pub version: i64,
    pub doc: serde_json::Value,
    pub issued_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewInstruction {
    pub contract_id: Uuid,
    pub pattern: NumberPattern,
    /// The date the number's year and month come from.
    pub date: NaiveDate,
    pub search_text: String,
    pub doc: serde_json::Value,
}

/// New content: a draft is edited in place, an issued instruction gets a new revision.
#[derive(Debug, Clone)]
pub struct InstructionEdit {
    pub search_text: String,
    pub doc: serde_json::Value,
    /// The check's findings and any override (kept with the revision's event).
    pub detail: serde_json::Value,
    pub reason: Option<String>,
}

/// The hard limits (`gendan_domain::instruction::check_limits`), run inside the write
/// transaction with the contract row locked: the contract and its other active instructions.
pub type LimitCheck<'a> =
    &'a (dyn Fn(&ContractRecord, &[InstructionRecord]) -> Result<(), ValidationErrors> + Send + Sync);

/// A recorded fact about an instruction: create, edit, issue, revise, acknowledge, cancel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstructionEvent {
    pub seq: i64,
    pub revision: i64,
    pub action: String,
    pub department: Option<Department>,
    pub actor_id: Option<Uuid>,
    pub actor: String,
    pub role: Option<Role>,
    pub reason: Option<String>,
    pub detail: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstructionRevision {
    pub revision: i64,
    pub doc: serde_json::Value,
    pub author: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct InstructionQuery {
    pub contract_id: Option<Uuid>,
    pub state: Option<InstructionState>,
    pub search: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// Who reported a progress entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntrySource {
    /// A signed-in user.
    User,
    /// An outsourced supplier through its link.
    Supplier,
}

impl EntrySource {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntrySource::User => "user",
            EntrySource::Supplier => "supplier",
        }
    }
}

/// One day's report for one instruction line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressEntry {
    pub id: Uuid,
    pub instruction_id: Uuid,
    /// The revision it was reported against.
    pub revision: i64,
    /// Index of the instruction line.
    pub line: i64,
    pub date: NaiveDate,
    /// The figures and notes (`gendan_domain::production::DailyEntry` plus `notes`).
    pub doc: serde_json::Value,
    pub source: EntrySource,
    pub supplier_id: Option<Uuid>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewProgressEntry {
    pub revision: i64,
    pub line: i64,
    pub date: NaiveDate,
    pub doc: serde_json::Value,
    pub source: EntrySource,
    pub supplier_id: Option<Uuid>,
    /// The supplier link it came through: checked (not revoked, not expired, covering the
    /// line) in the same transaction as the insert.
    pub supplier_link_id: Option<Uuid>,
    /// Inspection photos.
    pub photos: Vec<NewAttachment>,
}

/// Checks a new entry against the instruction and the line's earlier entries, inside the
/// write transaction with the instruction row locked (so two reports cannot both pass a
/// limit that only one of them fits in).
pub type EntryCheck<'a> =
    &'a (dyn Fn(&InstructionRecord, &[ProgressEntry]) -> Result<(), ValidationErrors> + Send + Sync);

/// A link an outsourced supplier reports progress through without signing in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupplierLink {
    pub id: Uuid,
    pub instruction_id: Uuid,
    pub supplier_id: Uuid,
    /// The instruction lines (indexes) the supplier may report on.
    pub lines: Vec<i64>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl SupplierLink {
    /// Usable now: not revoked and not expired.
    pub fn is_valid(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

#[derive(Debug, Clone)]
pub struct NewSupplierLink {
    pub instruction_id: Uuid,
    pub supplier_id: Uuid,
    pub lines: Vec<i64>,
    /// SHA-256 of the token; the token itself is shown once and never stored.
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait InstructionStore: Send + Sync {
    /// Create a draft with the next number of its year (no gaps, even concurrently).
    async fn create_instruction(
        &self,
        n: NewInstruction,
        limits: LimitCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<InstructionRecord>;
    async fn instruction(&self, id: Uuid) -> StoreResult<InstructionRecord>;
    async fn list_instructions(&self, q: &InstructionQuery) -> StoreResult<Vec<InstructionRecord>>;
    async fn count_instructions_by_state(&self) -> StoreResult<Vec<(InstructionState, i64)>>;
    /// Edit a draft in place, or make the next revision of an issued instruction (its
    /// acknowledgements start again). Cancelled instructions are not edited. Progress
    /// entries and supplier links name lines by position, so a line they name keeps its
    /// place and contract line, and a linked line keeps its supplier (`line_in_use`).
    async fn update_instruction(
        &self,
        id: Uuid,
        expected_version: i64,
        e: InstructionEdit,
        limits: LimitCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<InstructionRecord>;
    /// Draft → issued. `detail` keeps the check's findings and the override, if any.
    async fn issue_instruction(
        &self,
        id: Uuid,
        expected_version: i64,
        detail: serde_json::Value,
        reason: Option<String>,
        limits: LimitCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<InstructionRecord>;
    async fn cancel_instruction(
        &self,
        id: Uuid,
        expected_version: i64,
        reason: String,
        ctx: &WriteContext,
    ) -> StoreResult<InstructionRecord>;
    /// Record that `department` has read `revision`; refused (nothing written) unless it is
    /// the current revision of an issued instruction and `role` is the department's.
    async fn acknowledge_instruction(
        &self,
        id: Uuid,
        revision: i64,
        department: Department,
        role: Role,
        ctx: &WriteContext,
    ) -> StoreResult<InstructionEvent>;
    async fn instruction_events(&self, id: Uuid) -> StoreResult<Vec<InstructionEvent>>;
    async fn instruction_revisions(&self, id: Uuid) -> StoreResult<Vec<InstructionRevision>>;

    /// Append a progress entry against the current revision of an issued instruction.
    async fn add_progress_entry(
        &self,
        instruction_id: Uuid,
        e: NewProgressEntry,
        check: EntryCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<ProgressEntry>;
    /// Every entry of an instruction, in date order.
    async fn progress_entries(&self, instruction_id: Uuid) -> StoreResult<Vec<ProgressEntry>>;
    /// Every entry of every instruction, in instruction and date order (warehouse stock: goods
    /// made for an instruction that was cancelled afterwards are still in the warehouse).
    async fn all_progress_entries(&self) -> StoreResult<Vec<ProgressEntry>>;

    async fn create_supplier_link(&self, l: NewSupplierLink, ctx: &WriteContext)
    -> StoreResult<SupplierLink>;
    async fn supplier_link_by_token(&self, token_hash: &str) -> StoreResult<Option<SupplierLink>>;
    async fn supplier_links(&self, instruction_id: Uuid) -> StoreResult<Vec<SupplierLink>>;
    async fn revoke_supplier_link(&self, id: Uuid, ctx: &WriteContext) -> StoreResult<SupplierLink>;
}
