//! Instructions (指令), production progress, supplier links, warehouse stock, customer
//! stock and the shipment priority list.

use super::json::ApiJson;
use super::trade::download;
use super::{etag, if_match};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, Problem};
use crate::instructions::{
    self as ins, AcknowledgeInput, CancelInput, CreateInstructionInput, FindingView, InstructionView,
    IssueInput, SaveInstructionInput,
};
use crate::production::{
    self as prod, CustomerStockView, EntryView, PriorityRow, ProgressInput, ProgressView, StockReportInput,
    StockRow, SupplierLinkCreated, SupplierLinkInput,
};
use crate::trade::RevisionDiff;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::instruction::{InstructionInput, InstructionState};
use gendan_store::{InstructionEvent, InstructionQuery, InstructionRevision, SupplierLink};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InstructionListParams {
    pub contract_id: Option<Uuid>,
    /// draft, issued, cancelled
    pub state: Option<String>,
    /// Number, contract number, customer or goods.
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// An instruction in a list.
#[derive(Serialize, ToSchema)]
pub struct InstructionSummary {
    pub id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub state: InstructionState,
    pub revision: i64,
    pub version: i64,
    pub etd_from: String,
    pub etd_to: String,
    pub due_date: String,
}

#[derive(Serialize, ToSchema)]
pub struct InstructionList {
    pub items: Vec<InstructionSummary>,
    pub limit: u32,
    pub offset: u32,
}

/// Instructions, newest first.
#[utoipa::path(get, path = "/api/v1/instructions", tag = "instructions", security(("bearer" = [])),
    params(InstructionListParams), responses((status = 200, body = InstructionList), (status = 400, body = Problem)))]
pub async fn list_instructions(
    State(st): State<AppState>,
    Query(p): Query<InstructionListParams>,
) -> Result<Json<InstructionList>, ApiError> {
    let state = match p.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(InstructionState::parse(s).ok_or_else(|| {
            ApiError::validation(ValidationErrors::single(
                "state",
                "invalid_choice",
                "use draft, issued or cancelled",
            ))
        })?),
        None => None,
    };
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let offset = p.offset.unwrap_or(0);
    let recs = ins::list(
        &st,
        &InstructionQuery {
            contract_id: p.contract_id,
            state,
            search: p.q,
            limit,
            offset,
        },
    )
    .await?;
    let items = recs
        .into_iter()
        .map(|r| {
            let d = &r.doc;
            let s = |a: &str, b: &str| d[a][b].as_str().unwrap_or_default().to_string();
            InstructionSummary {
                etd_from: s("shipping", "etd_from"),
                etd_to: s("shipping", "etd_to"),
                due_date: s("production", "due_date"),
                id: r.id,
                number: r.number,
                contract_id: r.contract_id,
                state: r.state,
                revision: r.revision,
                version: r.version,
            }
        })
        .collect();
    Ok(Json(InstructionList { items, limit, offset }))
}

/// Make an instruction (a draft) from an approved, sent or confirmed contract. Without
/// `instruction` it is pre-filled from the contract, the customer profile and the products,
/// with what is still open of each contract line. Quantities across the contract's
/// instructions never exceed the contract plus its tolerance (422 `over_contract`); a
/// contract without partial shipments has one instruction (422 `partial_not_allowed`).
#[utoipa::path(post, path = "/api/v1/instructions", tag = "instructions", security(("bearer" = [])),
    request_body = CreateInstructionInput,
    responses((status = 201, body = InstructionView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_instruction(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<CreateInstructionInput>,
) -> Result<Response, ApiError> {
    let v = ins::create(&st, &me, &input).await?;
    Ok((
        StatusCode::CREATED,
        etag(v.version),
        [(header::LOCATION, format!("/api/v1/instructions/{}", v.id))],
        Json(v),
    )
        .into_response())
}

/// An instruction with its current revision, the acknowledgements of that revision, what
/// changed from the previous one, and the check's findings.
#[utoipa::path(get, path = "/api/v1/instructions/{id}", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = InstructionView), (status = 404, body = Problem)))]
pub async fn get_instruction(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let rec = st.store.instruction(id).await?;
    let v = ins::view(&st, &rec).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Change an instruction (`If-Match` required). A draft is edited in place; an issued one
/// gets the next revision, which every department acknowledges again. Blocking findings
/// refuse a new revision (422 `blocking_findings`) unless a sales manager gives
/// `override_reason`.
#[utoipa::path(put, path = "/api/v1/instructions/{id}", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = SaveInstructionInput,
    responses((status = 200, body = InstructionView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_instruction(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<SaveInstructionInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = ins::save(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Issue a draft to the departments (`If-Match` required). The check runs first; with a
/// blocking finding only a sales manager may issue, giving `override_reason` (audited).
#[utoipa::path(post, path = "/api/v1/instructions/{id}/issue", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = IssueInput,
    responses((status = 200, body = InstructionView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn issue_instruction(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<IssueInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = ins::issue(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// A department acknowledges its section of the current revision: production and
/// warehouse by the production role, documentation and shipping by theirs (403
/// `wrong_role` otherwise). A superseded revision is refused (422 `superseded_revision`).
#[utoipa::path(post, path = "/api/v1/instructions/{id}/acknowledge", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AcknowledgeInput,
    responses((status = 200, body = InstructionView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn acknowledge_instruction(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<AcknowledgeInput>,
) -> Result<Response, ApiError> {
    let v = ins::acknowledge(&st, &me, id, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Cancel an instruction with a reason (`If-Match` required); its quantities no longer count
/// against the contract.
#[utoipa::path(post, path = "/api/v1/instructions/{id}/cancel", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = CancelInput,
    responses((status = 200, body = InstructionView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn cancel_instruction(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CancelInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = ins::cancel(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// The consistency check against the contract, the L/C and the products, as of now.
#[utoipa::path(get, path = "/api/v1/instructions/{id}/check", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<FindingView>), (status = 404, body = Problem)))]
pub async fn check_instruction(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<FindingView>>, ApiError> {
    Ok(Json(ins::findings(&st, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct InstructionHistory {
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<InstructionEvent>,
    #[schema(value_type = Vec<Object>)]
    pub revisions: Vec<InstructionRevision>,
}

/// Every recorded step (create, edit, issue, revise, acknowledge, cancel) and every revision.
#[utoipa::path(get, path = "/api/v1/instructions/{id}/history", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = InstructionHistory), (status = 404, body = Problem)))]
pub async fn instruction_history(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<InstructionHistory>, ApiError> {
    st.store.instruction(id).await?;
    Ok(Json(InstructionHistory {
        events: st.store.instruction_events(id).await?,
        revisions: st.store.instruction_revisions(id).await?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RevisionPair {
    pub from: i64,
    pub to: i64,
}

/// Field by field, what differs between two revisions.
#[utoipa::path(get, path = "/api/v1/instructions/{id}/diff", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path), RevisionPair), responses((status = 200, body = Vec<RevisionDiff>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn instruction_diff(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<RevisionPair>,
) -> Result<Json<Vec<RevisionDiff>>, ApiError> {
    Ok(Json(ins::diff(&st, id, p.from, p.to).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PdfParams {
    /// production, warehouse, documentation, shipping; all four sections when absent.
    pub department: Option<String>,
    /// zh (default) or en
    pub lang: Option<String>,
}

/// The instruction as a PDF: the whole of it, or one department's copy; Chinese by
/// default, English with `lang=en`.
#[utoipa::path(get, path = "/api/v1/instructions/{id}/pdf", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path), PdfParams), responses((status = 200, content_type = "application/pdf"), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn instruction_pdf(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<PdfParams>,
) -> Result<Response, ApiError> {
    let (name, bytes) = ins::pdf(&st, id, p.department.as_deref(), p.lang.as_deref()).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// The form of a new instruction for a contract, pre-filled from the contract, the customer
/// profile and the products (nothing is stored).
#[utoipa::path(get, path = "/api/v1/contracts/{id}/instruction-draft", tag = "instructions", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = InstructionInput), (status = 404, body = Problem)))]
pub async fn instruction_draft(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<InstructionInput>, ApiError> {
    Ok(Json(ins::prefill(&st, id, None).await?))
}

/// Planned against actual per line, the forecast ready date from the recent rate, whether
/// it makes the ETD and the latest shipment date, the alerts, and every entry.
#[utoipa::path(get, path = "/api/v1/instructions/{id}/progress", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ProgressView), (status = 404, body = Problem)))]
pub async fn get_progress(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<ProgressView>, ApiError> {
    Ok(Json(prod::progress(&st, id).await?))
}

/// Report one day's production for one line against the current revision: produced,
/// packed, inspected (pass/fail, notes, photos), moved to the warehouse. Refused (nothing
/// stored): negative figures, more packed than ordered plus tolerance, a superseded revision.
#[utoipa::path(post, path = "/api/v1/instructions/{id}/progress", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ProgressInput,
    responses((status = 201, body = EntryView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn post_progress(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ProgressInput>,
) -> Result<Response, ApiError> {
    let e = prod::add_entry(&st, &me.write_context(&st), id, &input, None).await?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

/// The supplier links of an instruction (tokens are never shown again).
#[utoipa::path(get, path = "/api/v1/instructions/{id}/supplier-links", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<Object>), (status = 404, body = Problem)))]
pub async fn list_supplier_links(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<SupplierLink>>, ApiError> {
    st.store.instruction(id).await?;
    Ok(Json(st.store.supplier_links(id).await?))
}

/// A link an outsourced supplier reports progress through without signing in: unguessable
/// (256 bits), expiring, limited to the supplier's lines, revocable. The token is in this
/// answer only.
#[utoipa::path(post, path = "/api/v1/instructions/{id}/supplier-links", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SupplierLinkInput,
    responses((status = 201, body = SupplierLinkCreated), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_supplier_link(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<SupplierLinkInput>,
) -> Result<Response, ApiError> {
    let l = prod::create_link(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, Json(l)).into_response())
}

/// Revoke a supplier link at once.
#[utoipa::path(post, path = "/api/v1/supplier-links/{id}/revoke", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn revoke_supplier_link(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<SupplierLink>, ApiError> {
    Ok(Json(
        st.store.revoke_supplier_link(id, &me.write_context(&st)).await?,
    ))
}

/// Goods in the warehouse per product, spec and package, available to ship: what went in less
/// what was stuffed into containers of shipments that are not cancelled.
#[utoipa::path(get, path = "/api/v1/warehouse-stock", tag = "production", security(("bearer" = [])),
    responses((status = 200, body = Vec<StockRow>)))]
pub async fn warehouse_stock(State(st): State<AppState>) -> Result<Json<Vec<StockRow>>, ApiError> {
    Ok(Json(prod::warehouse_stock(&st).await?))
}

/// A customer's reported stock, newest first, with the days of cover as of today.
#[utoipa::path(get, path = "/api/v1/customers/{id}/stock", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<CustomerStockView>), (status = 404, body = Problem)))]
pub async fn get_customer_stock(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<CustomerStockView>>, ApiError> {
    Ok(Json(prod::customer_stock(&st, id).await?))
}

/// Record a customer's stock report (quantity on a date, consumption per day).
#[utoipa::path(post, path = "/api/v1/customers/{id}/stock", tag = "production", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = StockReportInput,
    responses((status = 201, body = CustomerStockView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn post_customer_stock(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<StockReportInput>,
) -> Result<Response, ApiError> {
    let v = prod::add_stock_report(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// Issued instructions across customers in the order they should ship: the customer whose
/// stock runs out first, then the earliest latest shipment date, then the ETD.
#[utoipa::path(get, path = "/api/v1/shipping-priority", tag = "production", security(("bearer" = [])),
    responses((status = 200, body = Vec<PriorityRow>)))]
pub async fn shipping_priority(State(st): State<AppState>) -> Result<Json<Vec<PriorityRow>>, ApiError> {
    Ok(Json(prod::shipping_priority(&st).await?))
}

/// An issued instruction whose production is behind plan or late.
#[derive(Serialize, ToSchema)]
pub struct ProductionAlert {
    pub instruction_id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub progress: gendan_domain::production::InstructionProgress,
}

/// Issued instructions whose production is behind plan or will miss the ETD or the latest
/// shipment date, with their alerts (the work queue's production feed).
#[utoipa::path(get, path = "/api/v1/production-alerts", tag = "production", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProductionAlert>)))]
pub async fn production_alerts(State(st): State<AppState>) -> Result<Json<Vec<ProductionAlert>>, ApiError> {
    Ok(Json(
        prod::alerts(&st)
            .await?
            .into_iter()
            .map(|(rec, progress)| ProductionAlert {
                instruction_id: rec.id,
                number: rec.number,
                contract_id: rec.contract_id,
                progress,
            })
            .collect(),
    ))
}
