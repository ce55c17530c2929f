//! The cross-check (单证审核) in the app: a shipment's set (as `GET …/document-set` exports
//! it) runs through `gendan_doccheck::check` whenever one of its documents changes, when a
//! person asks, after a decision on a finding, and once a day (the `jobs` table) for every
//! set not yet sent. Each run is kept with its report; the documents of the set get a system
//! check in their verification log (failed while a blocking finding that names the document
//! is open), which `trade_document::may_finalise` reads: a blocking finding keeps a document
//! from becoming final until it is fixed or a sales manager overrides it with a reason. A
//! warning may be accepted with a reason by anyone who checks documents. Decisions hold for
//! the finding as it was (same rule, same fields, same values); a changed finding is open
//! again.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::trade_documents::export_set;
use chrono::{DateTime, Utc};
use gendan_doccheck::{Finding, NotApplicable, Options, Report, Severity};
use gendan_domain::ValidationErrors;
use gendan_domain::audit::Actor;
use gendan_domain::role::Role;
use gendan_domain::trade_document::{self as td, Check, CheckResult, CheckerKind, TradeDocumentKind};
use gendan_store::{
    DocumentQuery, DocumentRecord, FindingDecision, NewCheckRun, NewFindingDecision, WriteContext,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The daily job's name in the `jobs` table.
pub const DAILY_JOB: &str = "document_checks_daily";

/// Where a finding stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingState {
    Open,
    /// A warning accepted with a reason.
    Accepted,
    /// A blocking finding overridden by a sales manager with a reason.
    Overridden,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionView {
    pub decision: String,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl From<&FindingDecision> for DecisionView {
    fn from(d: &FindingDecision) -> Self {
        DecisionView {
            decision: d.decision.clone(),
            reason: d.reason.clone(),
            by: d.by.clone(),
            at: d.at,
        }
    }
}

/// A finding with where it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingView {
    #[serde(flatten)]
    pub finding: Finding,
    /// Identifies this finding (rule, fields and values) for a decision.
    pub fingerprint: String,
    pub state: FindingState,
    pub decision: Option<DecisionView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunInfo {
    pub id: Uuid,
    /// `change`, `manual`, `decision` or `daily`.
    pub trigger: String,
    pub ran_at: DateTime<Utc>,
}

/// A shipment's documents as the latest run saw them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShipmentCheckView {
    pub shipment_id: Uuid,
    /// The latest run; none before the set has an invoice.
    pub run: Option<RunInfo>,
    /// Open blocking findings and open warnings.
    pub blocking: usize,
    pub warnings: usize,
    pub findings: Vec<FindingView>,
    pub not_applicable: Vec<NotApplicable>,
    pub passed: usize,
}

/// A finding's identity: its rule with the fields and values it names, sorted.
pub fn fingerprint(f: &Finding) -> String {
    let mut parts: Vec<String> = f
        .fields
        .iter()
        .map(|v| format!("{}={}", v.path, v.value.as_deref().unwrap_or("")))
        .collect();
    parts.sort();
    let mut s = f.rule.clone();
    for p in parts {
        s.push('|');
        s.push_str(&p);
    }
    s
}

fn annotate(
    shipment_id: Uuid,
    run: Option<RunInfo>,
    report: Report,
    decisions: &[FindingDecision],
) -> ShipmentCheckView {
    let findings: Vec<FindingView> = report
        .findings
        .into_iter()
        .map(|f| {
            let fp = fingerprint(&f);
            let wanted = match f.severity {
                Severity::Blocking => "overridden",
                Severity::Warning => "accepted",
            };
            let d = decisions
                .iter()
                .rev()
                .find(|d| d.fingerprint == fp && d.decision == wanted);
            let state = match (d, f.severity) {
                (None, _) => FindingState::Open,
                (Some(_), Severity::Blocking) => FindingState::Overridden,
                (Some(_), Severity::Warning) => FindingState::Accepted,
            };
            FindingView {
                finding: f,
                fingerprint: fp,
                state,
                decision: d.map(DecisionView::from),
            }
        })
        .collect();
    let open = |s: Severity| {
        findings
            .iter()
            .filter(|f| f.state == FindingState::Open && f.finding.severity == s)
            .count()
    };
    ShipmentCheckView {
        shipment_id,
        run,
        blocking: open(Severity::Blocking),
        warnings: open(Severity::Warning),
        not_applicable: report.not_applicable,
        passed: report.passed.len(),
        findings,
    }
}

/// A report made outside any shipment (the standalone check page): every finding open.
pub fn standalone_view(report: Report) -> ShipmentCheckView {
    annotate(Uuid::nil(), None, report, &[])
}

/// The key a document has in the interchange format, as findings name it
/// (`bills_of_lading[1]`); documents the format does not carry (the shipping instruction,
/// the applications, the insurance declaration) have none and get no system check.
fn set_key(kind: TradeDocumentKind, bl_index: usize) -> Option<String> {
    Some(
        match kind {
            TradeDocumentKind::CommercialInvoice => "invoice",
            TradeDocumentKind::PackingList => "packing_list",
            TradeDocumentKind::BillOfLading => return Some(format!("bills_of_lading[{bl_index}]")),
            TradeDocumentKind::CertificateOfOrigin => "certificate_of_origin",
            TradeDocumentKind::PhytosanitaryCertificate => "phytosanitary_certificate",
            TradeDocumentKind::InsuranceCertificate => "insurance_certificate",
            TradeDocumentKind::Draft => "draft",
            _ => return None,
        }
        .to_string(),
    )
}

/// The finding names the document (`bills_of_lading[]` names every B/L).
fn names(f: &Finding, key: &str) -> bool {
    f.documents.iter().any(|d| {
        d == key
            || (d == "bills_of_lading[]" && key.starts_with("bills_of_lading["))
            || (d == "bills_of_lading" && key.starts_with("bills_of_lading["))
    })
}

async fn documents_of(st: &AppState, shipment_id: Uuid) -> Result<Vec<DocumentRecord>, ApiError> {
    Ok(st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: None,
            limit: 500,
            offset: 0,
        })
        .await?)
}

/// Run the check over the shipment's set now and keep the run; `None` while the set has no
/// commercial invoice (there is nothing to check against yet).
pub async fn run(
    st: &AppState,
    shipment_id: Uuid,
    trigger: &str,
) -> Result<Option<ShipmentCheckView>, ApiError> {
    let docs = documents_of(st, shipment_id).await?;
    if !docs
        .iter()
        .any(|d| d.kind == TradeDocumentKind::CommercialInvoice)
    {
        return Ok(None);
    }
    let set = export_set(st, shipment_id).await?;
    let report = gendan_doccheck::check(&set, &Options::default());
    let decisions = st.store.finding_decisions(shipment_id).await?;
    let stored = serde_json::to_value(&report).map_err(|e| ApiError::internal(e.to_string()))?;
    let view = annotate(shipment_id, None, report, &decisions);
    let ctx = WriteContext {
        actor: Actor::system(),
        at: st.clock.now(),
    };
    // The system check of each document of the set, where it differs from the latest one
    // of its current revision.
    let mut system_checks = Vec::new();
    let mut bl_index = 0;
    for d in &docs {
        let Some(key) = set_key(d.kind, bl_index) else {
            continue;
        };
        if d.kind == TradeDocumentKind::BillOfLading {
            bl_index += 1;
        }
        if d.sent_at.is_some() {
            continue;
        }
        let open: Vec<&str> = view
            .findings
            .iter()
            .filter(|f| {
                f.state == FindingState::Open
                    && f.finding.severity == Severity::Blocking
                    && names(&f.finding, &key)
            })
            .map(|f| f.finding.rule.as_str())
            .collect();
        let result = if open.is_empty() {
            CheckResult::Passed
        } else {
            CheckResult::Failed
        };
        let note = (!open.is_empty()).then(|| format!("blocking: {}", open.join(", ")));
        let checks = st.store.document_checks(d.id).await?;
        let latest = checks
            .iter()
            .rev()
            .find(|c| c.kind == CheckerKind::System && c.revision == d.revision);
        if latest.is_some_and(|c| c.result == result && c.note == note) {
            continue;
        }
        system_checks.push((
            d.id,
            Check {
                revision: d.revision,
                kind: CheckerKind::System,
                user_id: None,
                by: "system".into(),
                compared: format!(
                    "the cross-check of the set ({} rules) against the contract{}",
                    gendan_doccheck::rules().len(),
                    if set.lc.is_some() { ", the L/C" } else { "" }
                ),
                result,
                note,
                at: ctx.at,
            },
        ));
    }
    let kept = st
        .store
        .record_check_run(
            NewCheckRun {
                shipment_id,
                trigger: trigger.to_string(),
                blocking: view.blocking as i64,
                warnings: view.warnings as i64,
                report: stored,
            },
            system_checks,
            &ctx,
        )
        .await?;
    Ok(Some(ShipmentCheckView {
        run: Some(RunInfo {
            id: kept.id,
            trigger: kept.trigger,
            ran_at: kept.ran_at,
        }),
        ..view
    }))
}

/// After a document of the set changed: run the check; a failure is logged, never undoes
/// the change that was already committed.
pub async fn after_change(st: &AppState, shipment_id: Uuid) {
    if let Err(e) = run(st, shipment_id, "change").await {
        tracing::warn!(%shipment_id, error = ?e, "the cross-check after a change did not run");
    }
}

/// The latest run with the decisions made since.
pub async fn latest(st: &AppState, shipment_id: Uuid) -> Result<ShipmentCheckView, ApiError> {
    st.store.shipment(shipment_id).await?;
    let runs = st.store.check_runs(shipment_id, 1).await?;
    let decisions = st.store.finding_decisions(shipment_id).await?;
    Ok(match runs.into_iter().next() {
        Some(r) => {
            let report: Report =
                serde_json::from_value(r.report).map_err(|e| ApiError::internal(e.to_string()))?;
            annotate(
                shipment_id,
                Some(RunInfo {
                    id: r.id,
                    trigger: r.trigger,
                    ran_at: r.ran_at,
                }),
                report,
                &decisions,
            )
        }
        None => annotate(shipment_id, None, Report::default(), &decisions),
    })
}

/// Run the check now on a person's request.
pub async fn run_now(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
) -> Result<ShipmentCheckView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not check trade documents"));
    }
    st.store.shipment(shipment_id).await?;
    match run(st, shipment_id, "manual").await? {
        Some(v) => Ok(v),
        None => Err(ValidationErrors::single(
            "invoice",
            "no_invoice",
            "the shipment has no commercial invoice yet: generate the documents first",
        )
        .into()),
    }
}

/// A decision on a finding of the latest run.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// The finding's `fingerprint` as the latest run reported it.
    pub fingerprint: String,
    /// Why the finding may stand (required).
    pub reason: String,
}

/// Accept a warning (anyone who checks documents) or override a blocking finding (a sales
/// manager), with a reason; the check runs again so the documents' system checks follow.
pub async fn decide(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    input: &DecisionInput,
) -> Result<ShipmentCheckView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden(
            "your role does not decide on document findings",
        ));
    }
    let mut errs = ValidationErrors::new();
    let reason = input.reason.trim();
    if reason.is_empty() {
        errs.push("reason", "required", "say why the finding may stand");
    } else if reason.chars().count() > 2000 {
        errs.push("reason", "too_long", "at most 2000 characters");
    }
    errs.into_result()?;
    let current = latest(st, shipment_id).await?;
    let Some(f) = current
        .findings
        .iter()
        .find(|f| f.fingerprint == input.fingerprint)
    else {
        return Err(ValidationErrors::single(
            "fingerprint",
            "unknown_finding",
            "the latest check has no such finding (it may have been fixed): reload",
        )
        .into());
    };
    if f.state != FindingState::Open {
        return Err(ValidationErrors::single(
            "fingerprint",
            "already_decided",
            "this finding was decided already",
        )
        .into());
    }
    let decision = match f.finding.severity {
        Severity::Warning => "accepted",
        Severity::Blocking => {
            if me.user.role != Role::SalesManager {
                return Err(ApiError::forbidden(
                    "only a sales manager overrides a blocking finding",
                ));
            }
            "overridden"
        }
    };
    let ctx = me.write_context(st);
    st.store
        .decide_finding(
            NewFindingDecision {
                shipment_id,
                rule: f.finding.rule.clone(),
                fingerprint: f.fingerprint.clone(),
                decision: decision.into(),
                reason: reason.to_string(),
                user_id: me.user.id,
                by: crate::shipments::signer_name(st, &me.user.email).await,
            },
            &ctx,
        )
        .await?;
    match run(st, shipment_id, "decision").await? {
        Some(v) => Ok(v),
        None => latest(st, shipment_id).await,
    }
}

/// A set with open findings, for the work queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenSet {
    pub shipment_id: Uuid,
    pub shipment_number: String,
    pub blocking: usize,
    pub warnings: usize,
    /// The rules of the open findings, blocking first.
    pub rules: Vec<String>,
    pub ran_at: DateTime<Utc>,
}

/// The sets whose latest check left findings open, blocking ones first.
pub async fn open_sets(st: &AppState, limit: u32) -> Result<Vec<OpenSet>, ApiError> {
    let runs = st.store.open_check_runs(limit).await?;
    let mut out = Vec::with_capacity(runs.len());
    for r in runs {
        let report: Report =
            serde_json::from_value(r.report).map_err(|e| ApiError::internal(e.to_string()))?;
        let decisions = st.store.finding_decisions(r.shipment_id).await?;
        let v = annotate(r.shipment_id, None, report, &decisions);
        if v.blocking == 0 && v.warnings == 0 {
            continue;
        }
        let mut open: Vec<&FindingView> = v
            .findings
            .iter()
            .filter(|f| f.state == FindingState::Open)
            .collect();
        open.sort_by_key(|f| f.finding.severity);
        let mut rules: Vec<String> = Vec::new();
        for f in open {
            if !rules.contains(&f.finding.rule) {
                rules.push(f.finding.rule.clone());
            }
        }
        let number = st
            .store
            .shipment(r.shipment_id)
            .await
            .map(|s| s.number)
            .unwrap_or_default();
        out.push(OpenSet {
            shipment_id: r.shipment_id,
            shipment_number: number,
            blocking: v.blocking,
            warnings: v.warnings,
            rules,
            ran_at: r.ran_at,
        });
    }
    Ok(out)
}

/// What the daily job did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DailyRun {
    /// False when today's run had been claimed already (and `force` was not given).
    pub ran: bool,
    /// Shipments whose sets were checked.
    pub checked: usize,
    /// Of those, sets with open blocking findings.
    pub with_blocking: usize,
}

/// Check every set not yet sent: once a day (claimed in the `jobs` table, so one instance
/// runs it), or now when `force` (an administrator's request).
pub async fn run_daily(st: &AppState, force: bool) -> Result<DailyRun, ApiError> {
    let now = st.clock.now();
    let day = now.date_naive();
    if !force && !st.store.claim_job(DAILY_JOB, day, now).await? {
        return Ok(DailyRun {
            ran: false,
            checked: 0,
            with_blocking: 0,
        });
    }
    // Shipments with a document not yet sent.
    let mut open: Vec<Uuid> = Vec::new();
    let mut offset = 0;
    loop {
        let page = st
            .store
            .list_documents(&DocumentQuery {
                shipment_id: None,
                kind: None,
                limit: 500,
                offset,
            })
            .await?;
        for d in &page {
            if d.sent_at.is_none() && !open.contains(&d.shipment_id) {
                open.push(d.shipment_id);
            }
        }
        if page.len() < 500 {
            break;
        }
        offset += 500;
    }
    let mut out = DailyRun {
        ran: true,
        checked: 0,
        with_blocking: 0,
    };
    for id in open {
        match run(st, id, "daily").await {
            Ok(Some(v)) => {
                out.checked += 1;
                if v.blocking > 0 {
                    out.with_blocking += 1;
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(shipment_id = %id, error = ?e, "the daily cross-check of a set failed"),
        }
    }
    if !force {
        st.store
            .finish_job(
                DAILY_JOB,
                day,
                &format!(
                    "{} sets checked, {} with blocking findings",
                    out.checked, out.with_blocking
                ),
                st.clock.now(),
            )
            .await?;
    }
    Ok(out)
}

/// The server's daily loop: every ten minutes, run today's check if no instance has.
pub async fn daily_loop(st: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = run_daily(&st, false).await {
            tracing::warn!(error = ?e, "the daily cross-check did not run");
        }
    }
}
