//! Storage of trade documents (单证): each document's revisions (all kept), its verification
//! log (every check, by a person or by the system, against one revision; append-only) and
//! the steps that make it final and sent. Whether a document may be made final is the
//! caller's rule (`gendan_domain::trade_document::may_finalise`), run under the document's
//! row lock on the checks committed so far.

use crate::{StoreResult, WriteContext};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::contract::NumberPattern;
use gendan_domain::trade_document::{Check, TradeDocumentKind};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRecord {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub kind: TradeDocumentKind,
    pub number: String,
    /// 1 for the first; each change adds one and voids the checks of the earlier ones.
    pub revision: i64,
    pub version: i64,
    /// The revision made final, if the current one is.
    pub final_revision: Option<i64>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The document's data (`gendan_domain::document_set` types).
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl DocumentRecord {
    /// Final: the current revision was made final (a new revision undoes it).
    pub fn is_final(&self) -> bool {
        self.final_revision == Some(self.revision)
    }
}

#[derive(Debug, Clone)]
pub struct NewDocument {
    pub shipment_id: Uuid,
    pub kind: TradeDocumentKind,
    /// The number pattern of this kind (`INV{yyyy}-{seq:04}`); received documents keep the
    /// number they carry (`number`).
    pub pattern: Option<NumberPattern>,
    pub number: Option<String>,
    /// The top-level field of `doc` the number is written into (`number`,
    /// `application_number`…), so the document carries the number it was given.
    pub number_field: Option<&'static str>,
    pub date: NaiveDate,
    pub doc: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRevision {
    pub revision: i64,
    pub doc: serde_json::Value,
    pub author: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    pub shipment_id: Option<Uuid>,
    pub kind: Option<TradeDocumentKind>,
    pub limit: u32,
    pub offset: u32,
}

/// One run of the cross-check (单证审核) over a shipment's set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRun {
    pub id: Uuid,
    pub shipment_id: Uuid,
    /// What started it: `change` (a document of the set changed), `daily`, `manual`.
    pub trigger: String,
    pub ran_at: DateTime<Utc>,
    /// Blocking findings not overridden, warnings not accepted, when it ran.
    pub blocking: i64,
    pub warnings: i64,
    /// The engine's report (`gendan_doccheck::Report`).
    pub report: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct NewCheckRun {
    pub shipment_id: Uuid,
    pub trigger: String,
    pub blocking: i64,
    pub warnings: i64,
    pub report: serde_json::Value,
}

/// A person's decision on one finding: a warning accepted, or a blocking finding overridden
/// by a sales manager, with the reason. It holds for the finding with this fingerprint (the
/// rule with the same fields and values); a finding that changes needs a new decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingDecision {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub rule: String,
    pub fingerprint: String,
    /// `accepted` (a warning) or `overridden` (a blocking finding).
    pub decision: String,
    pub reason: String,
    pub user_id: Uuid,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewFindingDecision {
    pub shipment_id: Uuid,
    pub rule: String,
    pub fingerprint: String,
    pub decision: String,
    pub reason: String,
    pub user_id: Uuid,
    pub by: String,
}

/// A dispatch of a shipment's documents (寄单): by courier, through the banks with a
/// collection instruction, or as an L/C presentation. `doc` holds what went to whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchRecord {
    pub id: Uuid,
    pub shipment_id: Uuid,
    /// `courier`, `collection` or `lc_presentation`.
    pub kind: String,
    /// `gendan_domain::dispatch::DispatchState` as text.
    pub state: String,
    pub version: i64,
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewDispatch {
    pub shipment_id: Uuid,
    pub kind: String,
    pub doc: serde_json::Value,
}

/// One step of a dispatch (append-only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchEvent {
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The rule a new dispatch must pass, run under the shipment's row lock with the
/// shipment's earlier dispatches (originals go once: `gendan_domain::dispatch::check_originals`).
pub type DispatchCheck<'a> = &'a (dyn Fn(&[DispatchRecord]) -> Result<(), ValidationErrors> + Send + Sync);

/// The rule that decides whether a dispatch may take a step, given it as it is.
pub type DispatchStep<'a> = &'a (dyn Fn(&DispatchRecord) -> Result<(), ValidationErrors> + Send + Sync);

/// The rule that decides whether the current revision may be made final, given its checks.
pub type FinaliseCheck<'a> =
    &'a (dyn Fn(&DocumentRecord, &[Check]) -> Result<(), ValidationErrors> + Send + Sync);

#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// A new document with its first revision; a generated one gets the next number of its
    /// kind and year (no gaps).
    async fn create_document(&self, n: NewDocument, ctx: &WriteContext) -> StoreResult<DocumentRecord>;
    async fn document(&self, id: Uuid) -> StoreResult<DocumentRecord>;
    async fn list_documents(&self, q: &DocumentQuery) -> StoreResult<Vec<DocumentRecord>>;
    /// A new revision (its checks start again); a sent document is not changed.
    async fn revise_document(
        &self,
        id: Uuid,
        expected_version: i64,
        doc: serde_json::Value,
        ctx: &WriteContext,
    ) -> StoreResult<DocumentRecord>;
    async fn document_revisions(&self, id: Uuid) -> StoreResult<Vec<DocumentRevision>>;
    /// Record a check of the current revision (a check naming another revision is refused).
    async fn add_check(&self, id: Uuid, check: Check, ctx: &WriteContext) -> StoreResult<DocumentRecord>;
    /// The verification log, oldest first.
    async fn document_checks(&self, id: Uuid) -> StoreResult<Vec<Check>>;
    /// Make the current revision final when `rule` allows it on the checks recorded.
    async fn finalise_document(
        &self,
        id: Uuid,
        expected_version: i64,
        rule: FinaliseCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<DocumentRecord>;
    /// Attach a scan (a received document's PDF or image) to the current revision; stored in
    /// the database, never under a public path.
    async fn attach_scan(
        &self,
        id: Uuid,
        scan: crate::NewAttachment,
        ctx: &WriteContext,
    ) -> StoreResult<(DocumentRecord, Uuid)>;
    /// Record that the final document was sent.
    async fn mark_document_sent(
        &self,
        id: Uuid,
        expected_version: i64,
        ctx: &WriteContext,
    ) -> StoreResult<DocumentRecord>;
    /// Keep a run of the cross-check, and append the system checks it implies to those
    /// documents' verification logs in the same transaction (a check naming a revision that
    /// is no longer current is left out: the next run judges the new one).
    async fn record_check_run(
        &self,
        run: NewCheckRun,
        system_checks: Vec<(Uuid, Check)>,
        ctx: &WriteContext,
    ) -> StoreResult<CheckRun>;
    /// A shipment's runs, newest first.
    async fn check_runs(&self, shipment_id: Uuid, limit: u32) -> StoreResult<Vec<CheckRun>>;
    /// Each shipment's latest run where it left open findings (blocking first, then by
    /// warnings), at most `limit`: the sets someone has to look at.
    async fn open_check_runs(&self, limit: u32) -> StoreResult<Vec<CheckRun>>;
    /// Record a decision on a finding (audited).
    async fn decide_finding(&self, d: NewFindingDecision, ctx: &WriteContext)
    -> StoreResult<FindingDecision>;
    /// A shipment's decisions, oldest first.
    async fn finding_decisions(&self, shipment_id: Uuid) -> StoreResult<Vec<FindingDecision>>;
    /// Claim the job `name` for `day`: true the first time (the caller runs it), false when
    /// it was claimed already (by this or another instance).
    async fn claim_job(&self, name: &str, day: NaiveDate, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Record how a claimed job ended.
    async fn finish_job(
        &self,
        name: &str,
        day: NaiveDate,
        result: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// A new dispatch, `prepared`, if `check` passes on the shipment's dispatches so far
    /// (decided under the shipment's row lock, so two dispatches at once cannot both send
    /// the same originals).
    async fn create_dispatch(
        &self,
        n: NewDispatch,
        by: &str,
        check: DispatchCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<DispatchRecord>;
    async fn dispatch(&self, id: Uuid) -> StoreResult<DispatchRecord>;
    /// Dispatches, newest first, of one shipment or of all.
    async fn list_dispatches(
        &self,
        shipment_id: Option<Uuid>,
        limit: u32,
    ) -> StoreResult<Vec<DispatchRecord>>;
    /// Move a dispatch to `to_state` when `rule` allows it (checked under its row lock);
    /// `doc` replaces its data when given (the courier's waybill once sent, say).
    #[allow(clippy::too_many_arguments)]
    async fn step_dispatch(
        &self,
        id: Uuid,
        expected_version: i64,
        to_state: &str,
        note: Option<&str>,
        doc: Option<serde_json::Value>,
        by: &str,
        rule: DispatchStep<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<DispatchRecord>;
    /// A dispatch's steps, oldest first.
    async fn dispatch_events(&self, id: Uuid) -> StoreResult<Vec<DispatchEvent>>;
}
