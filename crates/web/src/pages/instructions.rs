//! Pages for instructions (指令), production follow-up, customer stock, and the supplier's
//! page behind its link. The use cases are those of [`crate::instructions`] and
//! [`crate::production`]; forms post the API's input by JSON path.

use super::forms::{FormState, form_to_json, from_form};
use super::trade::{
    Pairs, documents_to_rows, error_message, form_errors, history, keep_required_documents, parties_of,
    split_checklist, status_of, version_of,
};
use super::{Chrome, DocPrefix, HistoryRow, render, render_status};
use crate::AppState;
use crate::api::trade::download;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::i18n::I18n;
use crate::instructions::{
    self as ins, AcknowledgeInput, CancelInput, CreateInstructionInput, InstructionView, IssueInput,
    SaveInstructionInput,
};
use crate::production::{
    self as prod, CustomerStockView, PriorityRow, ProgressInput, ProgressView, StockReportInput, StockRow,
    SupplierLinkCreated,
};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gendan_domain::audit::Actor;
use gendan_domain::contract::QuantityUnit;
use gendan_domain::documents::DocumentKind;
use gendan_domain::instruction::{Department, InstructionData, InstructionInput, InstructionState};
use gendan_domain::party::PartyKind;
use gendan_domain::production::{ProgressPoint, ProgressStatus};
use gendan_store::{InstructionQuery, SupplierLink, WriteContext};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

fn i18n(me: &CurrentUser) -> I18n {
    I18n::new(&me.user.locale)
}

fn get(pairs: &Pairs, k: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn csrf_ok(pairs: &Pairs, me: &CurrentUser) -> bool {
    pairs.iter().any(|(k, v)| k == "_csrf" && v == me.csrf_token())
}

fn bad_csrf() -> Response {
    ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page").into_response()
}

/// The message of an error for a page: its field errors in the user's language, or its
/// sentence.
fn message(i: &I18n, e: &ApiError) -> String {
    if e.errors.is_empty() {
        error_message(i, e)
    } else {
        e.errors
            .iter()
            .map(|x| format!("{}: {}", x.field, i.field_error(&x.code, &x.message)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A production alert in the reader's language.
fn alert_text(i: &I18n, a: &gendan_domain::production::ProgressAlert) -> String {
    let line = a.line.map(|l| format!("#{} ", l + 1)).unwrap_or_default();
    format!(
        "{line}{}",
        i.t_args(
            &format!("alert-{}", a.code),
            &[
                ("deadline", a.deadline.to_string()),
                (
                    "forecast",
                    a.forecast.map(|f| f.to_string()).unwrap_or_else(|| "—".into())
                ),
            ],
        )
    )
}

// ---------------------------------------------------------------- list

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub contract_id: Option<Uuid>,
}

pub struct ListRow {
    pub id: Uuid,
    pub number: String,
    pub contract_number: String,
    pub customer: String,
    pub status: &'static str,
    pub revision: i64,
    pub etd: String,
    pub due: String,
    pub progress: &'static str,
}

#[derive(Template)]
#[template(path = "instructions_list.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<ListRow>,
    q: String,
    state: String,
}

pub async fn list(State(st): State<AppState>, me: CurrentUser, Query(p): Query<ListQuery>) -> Response {
    let state = p.state.as_deref().and_then(InstructionState::parse);
    let recs = match ins::list(
        &st,
        &InstructionQuery {
            contract_id: p.contract_id,
            state,
            search: p.q.clone(),
            limit: 200,
            offset: 0,
        },
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let mut rows = Vec::new();
    for r in &recs {
        let Ok(d) = ins::decode::<InstructionData>(r.id, &r.doc) else {
            continue;
        };
        let (contract_number, customer) = match st.store.contract(r.contract_id).await {
            Ok(c) => {
                let name = st
                    .store
                    .party(c.buyer_id)
                    .await
                    .map(|p| p.data.display_name().to_string())
                    .unwrap_or_default();
                (c.number, name)
            }
            Err(_) => (String::new(), String::new()),
        };
        let events = st.store.instruction_events(r.id).await.unwrap_or_default();
        let acks = ins::acknowledgements(r, &events);
        let progress = if r.state == InstructionState::Issued {
            prod::progress(&st, r.id)
                .await
                .map(|p| p.overall.status.as_str())
                .unwrap_or("")
        } else {
            ""
        };
        rows.push(ListRow {
            id: r.id,
            number: r.number.clone(),
            contract_number,
            customer,
            status: ins::status(r, &acks).as_str(),
            revision: r.revision,
            etd: format!("{} – {}", d.shipping.etd_from, d.shipping.etd_to),
            due: d.production.due_date.to_string(),
            progress,
        });
    }
    render(&ListPage {
        c: Chrome::for_user(&me, "/instructions", "instructions-title"),
        rows,
        q: p.q.unwrap_or_default(),
        state: p.state.unwrap_or_default(),
    })
}

/// From the contract page: make a pre-filled draft and open it.
pub async fn create(State(st): State<AppState>, me: CurrentUser, Form(pairs): Form<Pairs>) -> Response {
    let contract_id = get(&pairs, "contract_id").and_then(|c| c.parse().ok());
    match ins::create(
        &st,
        &me,
        &CreateInstructionInput {
            contract_id,
            instruction: None,
        },
    )
    .await
    {
        Ok(v) => Redirect::to(&format!("/instructions/{}", v.id)).into_response(),
        Err(e) => {
            let i = i18n(&me);
            let back = contract_id
                .map(|c| format!("/contracts/{c}"))
                .unwrap_or("/contracts".into());
            let page = ErrorPage {
                c: Chrome::for_user(&me, "/instructions", "instruction-new"),
                message: message(&i, &e),
                back,
            };
            render_status(status_of(&e), &page)
        }
    }
}

#[derive(Template)]
#[template(path = "instruction_error.html")]
struct ErrorPage {
    c: Chrome,
    message: String,
    back: String,
}

// ---------------------------------------------------------------- show

pub struct SectionView {
    pub department: Department,
    pub rows: Vec<ins::SectionRow>,
    pub checklist: Vec<String>,
    pub acknowledged: bool,
    pub by: String,
    pub at: String,
    /// The signed-in user may acknowledge it now.
    pub can_acknowledge: bool,
}

pub struct LineChart {
    pub line: usize,
    pub svg: String,
}

#[derive(Template)]
#[template(path = "instruction_show.html")]
struct ShowPage {
    c: Chrome,
    v: InstructionView,
    sections: Vec<SectionView>,
    suppliers: Vec<(String, String)>,
    supplier_names: std::collections::HashMap<Uuid, String>,
    progress: Option<ProgressView>,
    charts: Vec<LineChart>,
    links: Vec<SupplierLink>,
    created_link: Option<SupplierLinkCreated>,
    history: Vec<HistoryRow>,
    events: Vec<gendan_store::InstructionEvent>,
    error: String,
    now: chrono::DateTime<chrono::Utc>,
}

impl ShowPage {
    fn status_name(&self) -> String {
        self.c
            .i
            .t(&format!("instruction-status-{}", self.v.status.as_str()))
    }
    fn dept_name(&self, d: &Department) -> String {
        self.c.i.t(&format!("department-{}", d.as_str()))
    }
    fn role_name(&self, r: gendan_domain::role::Role) -> String {
        self.c.i.t(&format!("role-{}", r.as_str()))
    }
    fn finding_text(&self, f: &ins::FindingView) -> String {
        ins::finding_message(&self.c.i, &f.finding)
    }
    fn unit(&self, u: &QuantityUnit) -> String {
        self.c.i.t(&format!("unit-{}", u.as_str()))
    }
    fn changed(&self, path: &str) -> bool {
        self.v.changed_fields.iter().any(|c| c.starts_with(path))
    }
    fn line_changed(&self, n: &usize) -> bool {
        self.changed(&format!("lines[{n}]."))
    }
    fn progress_name(&self, s: &ProgressStatus) -> String {
        self.c.i.t(&format!("progress-{}", s.as_str()))
    }
    fn supplier_name(&self, id: &Option<Uuid>) -> String {
        id.and_then(|i| self.supplier_names.get(&i).cloned())
            .unwrap_or_default()
    }
    fn alert_text(&self, a: &gendan_domain::production::ProgressAlert) -> String {
        alert_text(&self.c.i, a)
    }
    fn is_issued(&self) -> bool {
        self.v.state == InstructionState::Issued
    }
    fn is_draft(&self) -> bool {
        self.v.state == InstructionState::Draft
    }
    fn may_override(&self) -> bool {
        self.c.role == Some(gendan_domain::role::Role::SalesManager)
    }
    fn yes_no(&self, b: &Option<bool>) -> String {
        match b {
            Some(true) => self.c.i.t("loadplan-yes"),
            Some(false) => self.c.i.t("loadplan-no"),
            None => "—".into(),
        }
    }
    fn link_state(&self, l: &SupplierLink) -> String {
        if l.revoked_at.is_some() {
            self.c.i.t("link-revoked")
        } else if l.expires_at <= self.now {
            self.c.i.t("link-expired")
        } else {
            self.c.i.t("link-active")
        }
    }
}

/// Planned against actual as a small server-rendered SVG line chart.
pub fn progress_svg(series: &[ProgressPoint], ordered: Decimal, i: &I18n) -> String {
    const W: i64 = 560;
    const H: i64 = 180;
    const PAD: i64 = 30;
    if series.is_empty() {
        return String::new();
    }
    let max = series
        .iter()
        .flat_map(|p| [p.planned, p.actual])
        .chain([ordered])
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    let n = series.len().max(2) as i64 - 1;
    let x = |k: usize| PAD + (W - 2 * PAD) * k as i64 / n.max(1);
    let y = |v: Decimal| {
        let frac = v / max * Decimal::from(H - 2 * PAD);
        H - PAD - frac.round().to_string().parse::<i64>().unwrap_or(0)
    };
    let line = |f: &dyn Fn(&ProgressPoint) -> Decimal| {
        series
            .iter()
            .enumerate()
            .map(|(k, p)| format!("{},{}", x(k), y(f(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = series.first().map(|p| p.date.to_string()).unwrap_or_default();
    let last = series.last().map(|p| p.date.to_string()).unwrap_or_default();
    let esc = |s: String| s.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        r##"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{planned_l} / {actual_l}">
<line x1="{PAD}" y1="{base}" x2="{right}" y2="{base}" class="axis"/>
<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{base}" class="axis"/>
<line x1="{PAD}" y1="{top}" x2="{right}" y2="{top}" class="target"/>
<polyline points="{planned}" class="planned" fill="none"/>
<polyline points="{actual}" class="actual" fill="none"/>
<text x="{PAD}" y="{label_y}" class="tick">{first}</text>
<text x="{right}" y="{label_y}" class="tick" text-anchor="end">{last}</text>
<text x="{right}" y="{top_label}" class="tick" text-anchor="end">{ordered}</text>
<text x="{legend_x}" y="14" class="legend planned">— {planned_l}</text>
<text x="{legend_x2}" y="14" class="legend actual">— {actual_l}</text>
</svg>"##,
        base = H - PAD,
        right = W - PAD,
        top = y(ordered),
        top_label = y(ordered) - 4,
        planned = line(&|p| p.planned),
        actual = line(&|p| p.actual),
        label_y = H - 10,
        legend_x = PAD,
        legend_x2 = PAD + 150,
        ordered = ordered.normalize(),
        planned_l = esc(i.t("progress-planned")),
        actual_l = esc(i.t("progress-actual")),
    )
}

async fn show_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    error: String,
    created_link: Option<SupplierLinkCreated>,
    status: StatusCode,
) -> Response {
    let rec = match st.store.instruction(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let v = match ins::view(st, &rec).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let c = Chrome::for_user(me, "/instructions", "instruction-title");
    let forwarder = match v.instruction.shipping.forwarder_id {
        Some(f) => st
            .store
            .party(f)
            .await
            .ok()
            .map(|p| p.data.display_name().to_string()),
        None => None,
    };
    let sections = Department::ALL
        .into_iter()
        .map(|d| {
            let ack = v.acknowledgements.iter().find(|a| a.department == d);
            let acknowledged = ack.is_some_and(|a| a.acknowledged);
            SectionView {
                department: d,
                rows: ins::section_rows(&c.i, &v.instruction, d, forwarder.as_deref(), &v.changed_fields),
                checklist: if d == Department::Production {
                    v.instruction.production.checklist.clone()
                } else {
                    Vec::new()
                },
                acknowledged,
                by: ack.and_then(|a| a.by.clone()).unwrap_or_default(),
                at: ack
                    .and_then(|a| a.at)
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
                can_acknowledge: !acknowledged
                    && v.state == InstructionState::Issued
                    && me.user.role == d.role(),
            }
        })
        .collect();
    let suppliers = parties_of(st, PartyKind::Supplier).await;
    let supplier_names = suppliers
        .iter()
        .filter_map(|(id, name)| Some((id.parse().ok()?, name.clone())))
        .collect();
    let progress = if v.state == InstructionState::Draft {
        None
    } else {
        prod::progress(st, id).await.ok()
    };
    let charts = progress
        .as_ref()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| LineChart {
                    line: l.line,
                    svg: progress_svg(&l.assessment.series, l.ordered, &c.i),
                })
                .collect()
        })
        .unwrap_or_default();
    let links = st.store.supplier_links(id).await.unwrap_or_default();
    let events = st.store.instruction_events(id).await.unwrap_or_default();
    let history = history(st, me, "instruction", id).await;
    render_status(
        status,
        &ShowPage {
            c,
            v,
            sections,
            suppliers,
            supplier_names,
            progress,
            charts,
            links,
            created_link,
            history,
            events,
            error,
            now: st.clock.now(),
        },
    )
}

pub async fn show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    show_page(&st, &me, id, String::new(), None, StatusCode::OK).await
}

pub async fn issue(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    if !csrf_ok(&pairs, &me) {
        return bad_csrf();
    }
    let input = IssueInput {
        override_reason: get(&pairs, "override_reason"),
    };
    match ins::issue(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/instructions/{id}")).into_response(),
        Err(e) => show_page(&st, &me, id, message(&i18n(&me), &e), None, status_of(&e)).await,
    }
}

pub async fn acknowledge(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    if !csrf_ok(&pairs, &me) {
        return bad_csrf();
    }
    let input = AcknowledgeInput {
        department: get(&pairs, "department").unwrap_or_default(),
        revision: get(&pairs, "revision").and_then(|r| r.parse().ok()).unwrap_or(0),
    };
    match ins::acknowledge(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/instructions/{id}")).into_response(),
        Err(e) => show_page(&st, &me, id, message(&i18n(&me), &e), None, status_of(&e)).await,
    }
}

pub async fn cancel(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    if !csrf_ok(&pairs, &me) {
        return bad_csrf();
    }
    let input = CancelInput {
        reason: get(&pairs, "reason").unwrap_or_default(),
    };
    match ins::cancel(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/instructions/{id}")).into_response(),
        Err(e) => show_page(&st, &me, id, message(&i18n(&me), &e), None, status_of(&e)).await,
    }
}

/// Read a multipart progress form: its fields and the photos.
async fn read_progress_form(mut mp: Multipart) -> (Pairs, Vec<crate::trade::UploadInput>) {
    use base64::Engine;
    let mut pairs: Pairs = Vec::new();
    let mut photos = Vec::new();
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if name == "photos" {
            let file_name = field.file_name().unwrap_or("photo").to_string();
            let content_type = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            if let Ok(b) = field.bytes().await
                && !b.is_empty()
            {
                photos.push(crate::trade::UploadInput {
                    file_name,
                    content_type,
                    data_base64: base64::engine::general_purpose::STANDARD.encode(b),
                });
            }
        } else if let Ok(t) = field.text().await {
            pairs.push((name, t));
        }
    }
    (pairs, photos)
}

fn progress_input(pairs: &Pairs, photos: Vec<crate::trade::UploadInput>) -> ProgressInput {
    let s = |k: &str| get(pairs, k).unwrap_or_default();
    ProgressInput {
        revision: s("revision").parse().unwrap_or(0),
        line: s("line").parse().unwrap_or(u32::MAX),
        date: s("date"),
        produced: s("produced"),
        packed: s("packed"),
        inspected_pass: s("inspected_pass"),
        inspected_fail: s("inspected_fail"),
        to_warehouse: s("to_warehouse"),
        notes: get(pairs, "notes"),
        correction: get(pairs, "correction").is_some_and(|c| c == "on"),
        photos,
    }
}

pub async fn progress(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Response {
    let (pairs, photos) = read_progress_form(mp).await;
    if !csrf_ok(&pairs, &me) {
        return bad_csrf();
    }
    let input = progress_input(&pairs, photos);
    match prod::add_entry(&st, &me.write_context(&st), id, &input, None).await {
        Ok(_) => Redirect::to(&format!("/instructions/{id}#progress")).into_response(),
        Err(e) => show_page(&st, &me, id, message(&i18n(&me), &e), None, status_of(&e)).await,
    }
}

pub async fn create_link(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    if !csrf_ok(&pairs, &me) {
        return bad_csrf();
    }
    let input = prod::SupplierLinkInput {
        supplier_id: get(&pairs, "supplier_id").and_then(|s| s.parse().ok()),
        lines: None,
        days_valid: get(&pairs, "days_valid").and_then(|d| d.parse().ok()),
    };
    match prod::create_link(&st, &me, id, &input).await {
        // The token is shown on this answer only, never again.
        Ok(l) => show_page(&st, &me, id, String::new(), Some(l), StatusCode::CREATED).await,
        Err(e) => show_page(&st, &me, id, message(&i18n(&me), &e), None, status_of(&e)).await,
    }
}

pub async fn revoke_link(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    if !csrf_ok(&pairs, &me) {
        return bad_csrf();
    }
    let back = get(&pairs, "instruction_id").unwrap_or_default();
    match st.store.revoke_supplier_link(id, &me.write_context(&st)).await {
        Ok(l) => Redirect::to(&format!("/instructions/{}#suppliers", l.instruction_id)).into_response(),
        Err(e) => match back.parse() {
            Ok(iid) => {
                show_page(
                    &st,
                    &me,
                    iid,
                    message(&i18n(&me), &e.into()),
                    None,
                    StatusCode::NOT_FOUND,
                )
                .await
            }
            Err(_) => ApiError::from(e).into_response(),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PdfQuery {
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

pub async fn pdf(State(st): State<AppState>, Path(id): Path<Uuid>, Query(q): Query<PdfQuery>) -> Response {
    match ins::pdf(&st, id, q.department.as_deref(), q.lang.as_deref()).await {
        Ok((name, bytes)) => download("application/pdf", &name, bytes),
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------- edit

#[derive(Template)]
#[template(path = "instruction_form.html")]
struct FormPage {
    c: Chrome,
    id: String,
    number: String,
    issued: bool,
    form: FormState,
    lines: Vec<usize>,
    suppliers: Vec<(String, String)>,
    forwarders: Vec<(String, String)>,
    units: Vec<&'static str>,
    document_kinds: Vec<(usize, &'static str)>,
    may_override: bool,
}

impl DocPrefix for FormPage {
    fn doc_prefix(&self) -> &'static str {
        "documentation.documents"
    }
}

impl FormPage {
    fn k(&self, n: &usize, field: &str) -> String {
        format!("lines[{n}].{field}")
    }
}

fn form_state(input: &InstructionInput) -> FormState {
    let mut f = FormState::from_input(input);
    documents_to_rows(&mut f, "documentation.documents");
    f.values.insert(
        "_production.checklist".into(),
        input.production.checklist.join("\n"),
    );
    f
}

async fn form_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    form: FormState,
    status: StatusCode,
) -> Response {
    let rec = match st.store.instruction(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let n = form.rows("lines");
    render_status(
        status,
        &FormPage {
            c: Chrome::for_user(me, "/instructions", "instruction-edit"),
            id: id.to_string(),
            number: rec.number,
            issued: rec.state == InstructionState::Issued,
            lines: (0..n).collect(),
            form,
            suppliers: parties_of(st, PartyKind::Supplier).await,
            forwarders: parties_of(st, PartyKind::Forwarder).await,
            units: QuantityUnit::ALL.iter().map(|u| u.as_str()).collect(),
            document_kinds: DocumentKind::ALL.iter().map(|k| k.as_str()).enumerate().collect(),
            may_override: me.user.role == gendan_domain::role::Role::SalesManager,
        },
    )
}

pub async fn edit(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    let rec = match st.store.instruction(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let data: InstructionData = match ins::decode(rec.id, &rec.doc) {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let mut form = form_state(&InstructionInput::from(&data));
    form.values.insert("version".into(), rec.version.to_string());
    form_page(&st, &me, id, form, StatusCode::OK).await
}

const FORM_TYPES_BOOLS: &[&str] = &["phytosanitary"];

fn instruction_from(pairs: &Pairs) -> Result<InstructionInput, gendan_domain::ValidationErrors> {
    let cleaned = split_checklist(
        &keep_required_documents(pairs, "documentation.documents"),
        "production.checklist",
    );
    let types = super::forms::FieldTypes {
        bools: FORM_TYPES_BOOLS,
        ints: &["originals", "copies", "contract_line", "container_count"],
    };
    let mut v = form_to_json(&cleaned, &types, &[]);
    // Every line's fields are posted, so a line without a quantity is a removed one.
    if let Some(lines) = v.get_mut("lines").and_then(|l| l.as_array_mut()) {
        lines.retain(|l| {
            l.get("quantity")
                .and_then(|q| q.as_str())
                .is_some_and(|q| !q.trim().is_empty())
        });
    }
    from_form(v)
}

pub async fn update(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let mut form = FormState::from_pairs(&pairs);
    form.kept_when.push(("lines", "quantity"));
    let input = match instruction_from(&pairs) {
        Ok(i) => i,
        Err(errs) => {
            let f = form.with_errors(&errs, &i18n(&me));
            return form_page(&st, &me, id, f, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let save = SaveInstructionInput {
        instruction: input,
        override_reason: get(&pairs, "_override_reason"),
    };
    match ins::save(&st, &me, id, version_of(&pairs), &save).await {
        Ok(v) => Redirect::to(&format!("/instructions/{}", v.id)).into_response(),
        Err(mut e) => {
            for f in &mut e.errors {
                f.field = f.field.trim_start_matches("instruction.").to_string();
            }
            let f = form_errors(form, &e, &me);
            form_page(&st, &me, id, f, status_of(&e)).await
        }
    }
}

// ---------------------------------------------------------------- production overview

#[derive(Template)]
#[template(path = "production.html")]
struct ProductionPage {
    c: Chrome,
    priority: Vec<PriorityRow>,
    alerts: Vec<(String, Uuid, String, String)>,
    stock: Vec<StockRow>,
}

impl ProductionPage {
    fn progress_name(&self, s: &ProgressStatus) -> String {
        self.c.i.t(&format!("progress-{}", s.as_str()))
    }
    fn reason_name(&self, r: &gendan_domain::production::PriorityReason) -> String {
        let k = serde_json::to_value(r)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.c.i.t(&format!("priority-{k}"))
    }
    fn unit(&self, u: &str) -> String {
        self.c.i.t(&format!("unit-{u}"))
    }
}

pub async fn production(State(st): State<AppState>, me: CurrentUser) -> Response {
    let c = Chrome::for_user(&me, "/production", "production-title");
    let priority = prod::shipping_priority(&st).await.unwrap_or_default();
    let alerts = prod::alerts(&st)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(rec, p)| {
            let status = c.i.t(&format!("progress-{}", p.status.as_str()));
            let detail = p
                .alerts
                .iter()
                .map(|a| alert_text(&c.i, a))
                .collect::<Vec<_>>()
                .join("; ");
            (rec.number, rec.id, status, detail)
        })
        .collect();
    let stock = prod::warehouse_stock(&st).await.unwrap_or_default();
    render(&ProductionPage {
        c,
        priority,
        alerts,
        stock,
    })
}

// ---------------------------------------------------------------- customer stock

#[derive(Template)]
#[template(path = "customer_stock.html")]
struct StockPage {
    c: Chrome,
    customer_id: Uuid,
    customer: String,
    reports: Vec<CustomerStockView>,
    products: Vec<(String, String)>,
    units: Vec<&'static str>,
    form: FormState,
}

impl StockPage {
    fn unit(&self, u: &str) -> String {
        self.c.i.t(&format!("unit-{u}"))
    }
}

async fn stock_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    form: FormState,
    status: StatusCode,
) -> Response {
    let customer = match st.store.party(id).await {
        Ok(p) => p.data.display_name().to_string(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let reports = prod::customer_stock(st, id).await.unwrap_or_default();
    let products = crate::trade::list_products(st, None, 500, 0)
        .await
        .map(|ps| {
            ps.into_iter()
                .map(|p| {
                    (
                        p.id.to_string(),
                        format!("{} {}", p.product.sku, p.product.name_en),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    render_status(
        status,
        &StockPage {
            c: Chrome::for_user(me, "/production", "stock-title"),
            customer_id: id,
            customer,
            reports,
            products,
            units: QuantityUnit::ALL.iter().map(|u| u.as_str()).collect(),
            form,
        },
    )
}

pub async fn customer_stock(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    let mut form = FormState::default();
    form.values.insert("unit".into(), "carton".into());
    stock_page(&st, &me, id, form, StatusCode::OK).await
}

pub async fn customer_stock_add(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let s = |k: &str| get(&pairs, k).unwrap_or_default();
    let input = StockReportInput {
        product_id: get(&pairs, "product_id").and_then(|p| p.parse().ok()),
        product: get(&pairs, "product"),
        unit: s("unit"),
        quantity: s("quantity"),
        consumption_per_day: s("consumption_per_day"),
        date: s("date"),
    };
    match prod::add_stock_report(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/customers/{id}/stock")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            stock_page(&st, &me, id, f, status_of(&e)).await
        }
    }
}

// ---------------------------------------------------------------- supplier link

#[derive(Template)]
#[template(path = "supplier.html")]
struct SupplierPage {
    c: Chrome,
    token: String,
    supplier: String,
    number: String,
    revision: i64,
    expires: String,
    lines: Vec<(usize, String, String, String)>,
    progress: Vec<(usize, String, String)>,
    error: String,
    saved: bool,
}

async fn supplier_page(
    st: &AppState,
    i: I18n,
    token: &str,
    error: String,
    saved: bool,
    status: StatusCode,
) -> Response {
    let link = match prod::link_for_token(st, token).await {
        Ok(l) => l,
        Err(_) => {
            let page = SupplierGone {
                c: Chrome::anonymous(i, "/supplier", "supplier-title"),
            };
            return render_status(StatusCode::NOT_FOUND, &page);
        }
    };
    let (rec, view) = match st.store.instruction(link.instruction_id).await {
        Ok(r) => {
            let p = prod::progress(st, r.id).await.ok();
            (r, p)
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let d: InstructionData = match ins::decode(rec.id, &rec.doc) {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let supplier = st
        .store
        .party(link.supplier_id)
        .await
        .map(|p| p.data.display_name().to_string())
        .unwrap_or_default();
    let lines = d
        .lines
        .iter()
        .enumerate()
        .filter(|(n, _)| link.lines.contains(&(*n as i64)))
        .map(|(n, l)| {
            (
                n,
                l.description.clone(),
                l.spec.clone().unwrap_or_default(),
                format!(
                    "{} {}",
                    l.quantity.normalize(),
                    i.t(&format!("unit-{}", l.unit.as_str()))
                ),
            )
        })
        .collect();
    let progress = view
        .map(|p| {
            p.lines
                .iter()
                .filter(|l| link.lines.contains(&(l.line as i64)))
                .map(|l| {
                    (
                        l.line,
                        format!("{}", l.assessment.totals.to_warehouse.normalize()),
                        i.t(&format!("progress-{}", l.assessment.status.as_str())),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    render_status(
        status,
        &SupplierPage {
            c: Chrome::anonymous(i, &format!("/supplier/{token}"), "supplier-title"),
            token: token.to_string(),
            supplier,
            number: rec.number,
            revision: rec.revision,
            expires: link.expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            lines,
            progress,
            error,
            saved,
        },
    )
}

#[derive(Template)]
#[template(path = "supplier_gone.html")]
struct SupplierGone {
    c: Chrome,
}

#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    pub saved: Option<u8>,
}

pub async fn supplier_show(
    State(st): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Response {
    let i = crate::i18n::from_headers(&headers);
    supplier_page(&st, i, &token, String::new(), q.saved.is_some(), StatusCode::OK).await
}

/// A supplier's report through its link: no sign-in; the link decides the lines.
pub async fn supplier_submit(
    State(st): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(token): Path<String>,
    mp: Multipart,
) -> Response {
    let i = crate::i18n::from_headers(&headers);
    let link = match prod::link_for_token(&st, &token).await {
        Ok(l) => l,
        Err(_) => {
            let page = SupplierGone {
                c: Chrome::anonymous(i, "/supplier", "supplier-title"),
            };
            return render_status(StatusCode::NOT_FOUND, &page);
        }
    };
    let (pairs, photos) = read_progress_form(mp).await;
    let input = progress_input(&pairs, photos);
    let supplier = st
        .store
        .party(link.supplier_id)
        .await
        .map(|p| p.data.display_name().to_string())
        .unwrap_or_else(|_| link.supplier_id.to_string());
    let ctx = WriteContext {
        actor: Actor {
            user_id: None,
            label: format!("supplier {supplier} (link {})", link.id),
        },
        at: st.clock.now(),
    };
    match prod::add_entry(&st, &ctx, link.instruction_id, &input, Some(&link)).await {
        Ok(_) => Redirect::to(&format!("/supplier/{token}?saved=1")).into_response(),
        Err(e) => {
            let msg = message(&i, &e);
            supplier_page(&st, i, &token, msg, false, status_of(&e)).await
        }
    }
}
