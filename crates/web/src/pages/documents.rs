//! Trade document pages (单证): a shipment's set (generate with progress, download as one PDF
//! or zip, export and import the set, record received documents with scans), each document
//! (its data, PDF and Excel, verification log, check, final, sent, revisions with what each
//! changed, scans) and the list of all documents.

use super::trade::{Pairs, error_message, status_of};
use super::{Chrome, render, render_status};
use crate::AppState;
use crate::api::trade::download;
use crate::auth::CurrentUser;
use crate::document_checks as dc;
use crate::document_print as print;
use crate::error::ApiError;
use crate::i18n::I18n;
use crate::trade_documents::{
    self as tdocs, CheckInput, DocumentView, GenerateInput, ReceivedInput, RevisionView,
};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::trade_document::{CheckResult, TradeDocumentKind};
use serde::Deserialize;
use uuid::Uuid;

pub(super) fn get(pairs: &Pairs, k: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The text of an error for the page, in the user's language.
pub(super) fn message(me: &CurrentUser, e: &ApiError) -> String {
    let i = I18n::new(&me.user.locale);
    let mut m = error_message(&i, e);
    if m.is_empty() {
        m = e.detail.clone();
    }
    for f in &e.errors {
        let t = i
            .try_t(&format!("invalid-{}", f.code))
            .unwrap_or_else(|| f.message.clone());
        m.push_str(&format!(" · {}: {t}", f.field));
    }
    m
}

pub struct Row {
    pub v: DocumentView,
    pub kind_name: String,
    pub state_name: String,
}

fn rows(i: &I18n, docs: Vec<DocumentView>) -> Vec<Row> {
    docs.into_iter()
        .map(|v| Row {
            kind_name: tdocs::kind_label(i, v.kind),
            state_name: i.t(&format!("doc-state-{}", v.state_as_str())),
            v,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "documents_set.html")]
struct SetPage {
    c: Chrome,
    shipment_id: Uuid,
    shipment_number: String,
    rows: Vec<Row>,
    lang: String,
    error: String,
    notice: String,
    received_kinds: Vec<(&'static str, String)>,
    received_data: String,
    /// The latest cross-check, when the set has been checked.
    check: Option<CheckSection>,
}

/// One finding as the page shows it.
pub struct FindingRow {
    pub severity: &'static str,
    pub severity_name: String,
    pub rule: String,
    pub message: String,
    pub fields: Vec<(String, String)>,
    pub tolerance: String,
    pub source: String,
    pub state: &'static str,
    pub state_name: String,
    /// `by · when · reason` of the decision, if any.
    pub decision: String,
    pub fingerprint: String,
    /// Whether this user may decide on it here (open, and a warning for anyone who checks
    /// documents, a blocking finding for a sales manager).
    pub decidable: bool,
}

/// A cross-check's findings for the page (the set's latest run, or a set checked on the
/// standalone page).
pub struct CheckSection {
    pub ran: String,
    pub trigger: String,
    pub blocking: usize,
    pub warnings: usize,
    pub passed: usize,
    pub findings: Vec<FindingRow>,
    pub not_applicable: Vec<(String, String)>,
    /// Where decisions are posted (empty: no decisions on this page).
    pub decide_action: String,
}

fn check_section(
    i: &I18n,
    zh: bool,
    role: Option<gendan_domain::role::Role>,
    v: dc::ShipmentCheckView,
    decide_action: String,
) -> CheckSection {
    use gendan_doccheck::Severity;
    let pick = |t: &gendan_doccheck::Text| if zh { t.zh.clone() } else { t.en.clone() };
    let may_check = role.is_some_and(gendan_domain::trade_document::may_check);
    let manager = role == Some(gendan_domain::role::Role::SalesManager);
    CheckSection {
        ran: v
            .run
            .as_ref()
            .map(|r| r.ran_at.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default(),
        trigger: v
            .run
            .as_ref()
            .map(|r| i.t(&format!("xc-trigger-{}", r.trigger)))
            .unwrap_or_default(),
        blocking: v.blocking,
        warnings: v.warnings,
        passed: v.passed,
        findings: v
            .findings
            .into_iter()
            .map(|f| {
                let (severity, state) = (
                    f.finding.severity.as_str(),
                    match f.state {
                        dc::FindingState::Open => "open",
                        dc::FindingState::Accepted => "accepted",
                        dc::FindingState::Overridden => "overridden",
                    },
                );
                let decidable = !decide_action.is_empty()
                    && f.state == dc::FindingState::Open
                    && match f.finding.severity {
                        Severity::Warning => may_check,
                        Severity::Blocking => manager,
                    };
                FindingRow {
                    severity,
                    severity_name: i.t(&format!("xc-severity-{severity}")),
                    rule: f.finding.rule.clone(),
                    message: pick(&f.finding.message),
                    fields: f
                        .finding
                        .fields
                        .iter()
                        .map(|x| (x.path.clone(), x.value.clone().unwrap_or_else(|| "—".into())))
                        .collect(),
                    tolerance: f.finding.tolerance.clone().unwrap_or_default(),
                    source: f.finding.source.clone(),
                    state,
                    state_name: i.t(&format!("xc-state-{state}")),
                    decision: f
                        .decision
                        .as_ref()
                        .map(|d| format!("{} · {} · {}", d.by, d.at.format("%Y-%m-%d %H:%M"), d.reason))
                        .unwrap_or_default(),
                    fingerprint: f.fingerprint,
                    decidable,
                }
            })
            .collect(),
        not_applicable: v
            .not_applicable
            .iter()
            .map(|n| (n.rule.clone(), pick(&n.reason)))
            .collect(),
        decide_action,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SetQuery {
    pub lang: Option<String>,
    pub generated: Option<String>,
}

struct SetMessages {
    error: String,
    notice: String,
    data: String,
    lang: Option<String>,
}

impl SetMessages {
    fn error(error: String, data: String) -> Self {
        SetMessages {
            error,
            notice: String::new(),
            data,
            lang: None,
        }
    }
}

async fn set_page(st: &AppState, me: &CurrentUser, id: Uuid, m: SetMessages, status: StatusCode) -> Response {
    let SetMessages {
        error,
        notice,
        data,
        lang: lang_param,
    } = m;
    let i = I18n::new(&me.user.locale);
    let shipment = match st.store.shipment(id).await {
        Ok(s) => s,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let docs = match tdocs::list(st, Some(id), None).await {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let mut rows = rows(&i, docs);
    rows.sort_by_key(|r| (r.v.kind, r.v.number.clone()));
    let lang = match tdocs::load(st, id).await {
        Ok(s) => s.language(lang_param.as_deref()),
        Err(_) => "en".into(),
    };
    let check = match dc::latest(st, id).await {
        Ok(v) if v.run.is_some() => Some(check_section(
            &i,
            me.user.locale.starts_with("zh"),
            Some(me.user.role),
            v,
            format!("/shipments/{id}/documents/findings"),
        )),
        Ok(_) => None,
        Err(e) => return e.into_response(),
    };
    render_status(
        status,
        &SetPage {
            c: Chrome::for_user(me, "/shipments", "docs-set"),
            shipment_id: id,
            shipment_number: shipment.number,
            rows,
            lang,
            error,
            notice,
            received_kinds: TradeDocumentKind::ALL
                .into_iter()
                .filter(|k| k.is_received())
                .map(|k| (k.as_str(), tdocs::kind_label(&i, k)))
                .collect(),
            received_data: data,
            check,
        },
    )
}

/// Run the cross-check of the set now.
pub async fn check_run(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match dc::run_now(&st, &me, id).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}/documents#cross-check")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            set_page(&st, &me, id, SetMessages::error(m, String::new()), status_of(&e)).await
        }
    }
}

/// Accept a warning or override a blocking finding, with the reason typed.
pub async fn finding_decide(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = dc::DecisionInput {
        fingerprint: get(&pairs, "fingerprint").unwrap_or_default(),
        reason: get(&pairs, "reason").unwrap_or_default(),
    };
    match dc::decide(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}/documents#cross-check")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            set_page(&st, &me, id, SetMessages::error(m, String::new()), status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "document_check.html")]
struct CheckPage {
    c: Chrome,
    error: String,
    text: String,
    check: Option<CheckSection>,
}

/// The cross-check of a document set from a file (the page behind `gendan check`): upload or
/// paste a set in the interchange format, see every finding.
pub async fn check_page(me: CurrentUser) -> Response {
    render(&CheckPage {
        c: Chrome::for_user(&me, "/document-checks", "xc-page-title"),
        error: String::new(),
        text: String::new(),
        check: None,
    })
}

pub async fn check_submit(me: CurrentUser, mp: Multipart) -> Response {
    let (pairs, file) = multipart(mp).await;
    if !csrf_ok(&me, &pairs) {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let i = I18n::new(&me.user.locale);
    let text = match file {
        Some((_, _, bytes)) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).into_owned(),
        _ => get(&pairs, "set").unwrap_or_default(),
    };
    let page = |error: String, check: Option<CheckSection>, status: StatusCode| {
        render_status(
            status,
            &CheckPage {
                c: Chrome::for_user(&me, "/document-checks", "xc-page-title"),
                error,
                text: text.clone(),
                check,
            },
        )
    };
    if text.trim().is_empty() {
        return page(i.t("xc-page-empty"), None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match gendan_doccheck::input::read_set(&text) {
        Err(e) => page(
            format!("{}: {e}", i.t("xc-page-invalid")),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(set) => {
            let report = gendan_doccheck::check(&set, &gendan_doccheck::Options::default());
            let view = dc::standalone_view(report);
            let section = check_section(
                &i,
                me.user.locale.starts_with("zh"),
                Some(me.user.role),
                view,
                String::new(),
            );
            page(String::new(), Some(section), StatusCode::OK)
        }
    }
}

pub async fn set_show(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<SetQuery>,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let notice = if q.generated.is_some() {
        i.t("docs-generated")
    } else {
        String::new()
    };
    let m = SetMessages {
        error: String::new(),
        notice,
        data: String::new(),
        lang: q.lang,
    };
    set_page(&st, &me, id, m, StatusCode::OK).await
}

/// Generate the set. Scripts ask for `application/x-ndjson` and show the progress; without
/// scripts the page waits and comes back to the set.
pub async fn generate(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = GenerateInput {
        kinds: Vec::new(),
        date: get(&pairs, "date"),
        deposit_received: get(&pairs, "deposit_received"),
    };
    let streamed = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-ndjson"));
    if streamed {
        return crate::api::trade_documents::stream_generation(st, me, id, input);
    }
    match tdocs::generate(&st, &me, id, &input, &|_| {}).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}/documents?generated=1")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            set_page(&st, &me, id, SetMessages::error(m, String::new()), status_of(&e)).await
        }
    }
}

/// Read a multipart form: text fields and at most one file (`name`, bytes).
async fn multipart(mut mp: Multipart) -> (Pairs, Option<(String, String, Vec<u8>)>) {
    let mut pairs = Vec::new();
    let mut file = None;
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if let Some(fname) = field.file_name().map(str::to_string) {
            if let Ok(b) = field.bytes().await
                && !b.is_empty()
            {
                file = Some((name, fname, b.to_vec()));
            }
        } else if let Ok(t) = field.text().await {
            pairs.push((name, t));
        }
    }
    (pairs, file)
}

fn csrf_ok(me: &CurrentUser, pairs: &Pairs) -> bool {
    pairs.iter().any(|(k, v)| k == "_csrf" && v == me.csrf_token())
}

pub async fn received(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Response {
    let (pairs, file) = multipart(mp).await;
    if !csrf_ok(&me, &pairs) {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let text = get(&pairs, "data").unwrap_or_default();
    let kind = get(&pairs, "kind").and_then(|k| TradeDocumentKind::parse(&k));
    let r = async {
        let kind = kind.ok_or_else(|| {
            ApiError::from(ValidationErrors::single(
                "kind",
                "invalid_choice",
                "choose the document",
            ))
        })?;
        let data: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| ApiError::from(ValidationErrors::single("data", "invalid_value", e.to_string())))?;
        let scan = file.map(|(_, name, bytes)| {
            use base64::Engine;
            tdocs::ScanInput {
                file_name: name,
                data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            }
        });
        tdocs::record_received(&st, &me, id, &ReceivedInput { kind, data, scan }).await
    }
    .await;
    match r {
        Ok(v) => Redirect::to(&format!("/documents/{}", v.id)).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            set_page(&st, &me, id, SetMessages::error(m, text), status_of(&e)).await
        }
    }
}

pub async fn import(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Response {
    let (pairs, file) = multipart(mp).await;
    if !csrf_ok(&me, &pairs) {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let body: Result<serde_json::Value, ApiError> = match file {
        None => Err(ValidationErrors::single("file", "required", "choose a document set file").into()),
        Some((_, _, bytes)) => serde_json::from_slice(&bytes)
            .map_err(|e| ValidationErrors::single("file", "invalid_value", e.to_string()).into()),
    };
    let r = match body {
        Ok(b) => tdocs::import_set(&st, &me, Some(id), &b).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Redirect::to(&format!("/shipments/{id}/documents")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            set_page(&st, &me, id, SetMessages::error(m, String::new()), status_of(&e)).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

pub async fn set_pdf(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<LangQuery>,
) -> Response {
    match print::bundle_pdf(&st, id, q.lang.as_deref()).await {
        Ok(b) => download("application/pdf", &format!("{id}-documents.pdf"), b),
        Err(e) => e.into_response(),
    }
}

pub async fn set_zip(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<LangQuery>,
) -> Response {
    match print::bundle_zip(&st, id, q.lang.as_deref()).await {
        Ok(b) => download("application/zip", &format!("{id}-documents.zip"), b),
        Err(e) => e.into_response(),
    }
}

pub async fn set_json(State(st): State<AppState>, Path(id): Path<Uuid>) -> Response {
    match tdocs::export_set(&st, id).await {
        Ok(s) => match serde_json::to_vec_pretty(&s) {
            Ok(b) => download("application/json", "document-set.json", b),
            Err(e) => ApiError::internal(e.to_string()).into_response(),
        },
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------- one document

#[derive(Template)]
#[template(path = "document_show.html")]
struct DocumentPage {
    c: Chrome,
    v: DocumentView,
    kind_name: String,
    state_name: String,
    blocked: String,
    facts: Vec<(String, String)>,
    revisions: Vec<RevisionView>,
    lang: String,
    error: String,
}

/// The document's data as label/value rows (flattened field paths).
fn facts(v: &DocumentView) -> Vec<(String, String)> {
    gendan_store::flatten(&v.data)
        .into_iter()
        .filter(|(_, val)| !val.is_empty())
        .collect()
}

async fn document_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    error: String,
    status: StatusCode,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let rec = match st.store.document(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let shipment_id = rec.shipment_id;
    let v = match tdocs::view(st, rec).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let revisions = tdocs::revisions(st, id).await.unwrap_or_default();
    let lang = match tdocs::load(st, shipment_id).await {
        Ok(s) => s.language(None),
        Err(_) => "en".into(),
    };
    render_status(
        status,
        &DocumentPage {
            c: Chrome::for_user(me, "/shipments", "docs-title"),
            kind_name: tdocs::kind_label(&i, v.kind),
            state_name: i.t(&format!("doc-state-{}", v.state_as_str())),
            blocked: v
                .finalise_blocked_by
                .as_deref()
                .map(|c| i.t(&format!("invalid-{c}")))
                .unwrap_or_default(),
            facts: facts(&v),
            revisions,
            lang,
            error,
            v,
        },
    )
}

pub async fn document_show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    document_page(&st, &me, id, String::new(), StatusCode::OK).await
}

pub async fn check(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = CheckInput {
        revision: get(&pairs, "revision").and_then(|r| r.parse().ok()).unwrap_or(0),
        compared: get(&pairs, "compared").unwrap_or_default(),
        result: if get(&pairs, "result").as_deref() == Some("failed") {
            CheckResult::Failed
        } else {
            CheckResult::Passed
        },
        note: get(&pairs, "note"),
    };
    match tdocs::add_check(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/documents/{id}#log")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            document_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

fn version(pairs: &Pairs) -> i64 {
    get(pairs, "version").and_then(|v| v.parse().ok()).unwrap_or(0)
}

pub async fn finalise(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    match tdocs::finalise(&st, &me, id, version(&pairs)).await {
        Ok(_) => Redirect::to(&format!("/documents/{id}")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            document_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

pub async fn sent(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    match tdocs::mark_sent(&st, &me, id, version(&pairs)).await {
        Ok(_) => Redirect::to(&format!("/documents/{id}")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            document_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

pub async fn scan_add(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Response {
    let (pairs, file) = multipart(mp).await;
    if !csrf_ok(&me, &pairs) {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let r = match file {
        None => Err(ValidationErrors::single("scan", "required", "choose a file").into()),
        Some((_, name, bytes)) => match tdocs::decode_scan("scan", &name, Ok(bytes)) {
            Ok(scan) => tdocs::attach(&st, &me, id, scan).await,
            Err(e) => Err(e.into()),
        },
    };
    match r {
        Ok(_) => Redirect::to(&format!("/documents/{id}#scans")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            document_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

pub async fn scan_get(State(st): State<AppState>, Path((id, scan_id)): Path<(Uuid, Uuid)>) -> Response {
    match crate::api::trade_documents::scan_response(&st, id, scan_id).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

pub async fn pdf(State(st): State<AppState>, Path(id): Path<Uuid>, Query(q): Query<LangQuery>) -> Response {
    let rec = match st.store.document(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    match print::pdf(&st, &rec, q.lang.as_deref()).await {
        Ok(b) => download("application/pdf", &print::file_name(&rec, "pdf"), b),
        Err(e) => e.into_response(),
    }
}

pub async fn xlsx(State(st): State<AppState>, Path(id): Path<Uuid>, Query(q): Query<LangQuery>) -> Response {
    let rec = match st.store.document(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    match print::xlsx(&st, &rec, q.lang.as_deref()).await {
        Ok(b) => download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &print::file_name(&rec, "xlsx"),
            b,
        ),
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------- all documents

#[derive(Template)]
#[template(path = "documents_list.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<Row>,
    kind: String,
    kinds: Vec<(&'static str, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub kind: Option<String>,
}

pub async fn list(State(st): State<AppState>, me: CurrentUser, Query(q): Query<ListQuery>) -> Response {
    let i = I18n::new(&me.user.locale);
    let kind = q.kind.as_deref().and_then(TradeDocumentKind::parse);
    let docs = match tdocs::list(&st, None, kind).await {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    render(&ListPage {
        c: Chrome::for_user(&me, "/documents", "docs-title"),
        rows: rows(&i, docs),
        kind: kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        kinds: TradeDocumentKind::ALL
            .into_iter()
            .map(|k| (k.as_str(), tdocs::kind_label(&i, k)))
            .collect(),
    })
}
