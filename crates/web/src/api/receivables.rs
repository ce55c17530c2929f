//! Dispatch, collection and close over HTTP (issue 9): dispatches of document sets, the
//! export collection instruction as PDF, receivables with aging, receipts and their
//! allocations, write-offs, payment reminders, and the order's walkthrough.

use super::json::ApiJson;
use super::trade::download;
use super::trade_documents::DocLangParams;
use super::{etag, if_match};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::dispatches::{self as dsp, DispatchStepInput, DispatchView, NewDispatchInput, ReleaseInput};
use crate::error::{ApiError, Problem};
use crate::receivables::{
    self as rcv, AllocateInput, NewReceiptInput, OrderOrReceipt, PaymentHabit, ReceiptView, ReceivableQuery,
    ReceivablesReport, ReminderRun, WriteOffInput,
};
use crate::walkthrough::{self, Walkthrough};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DispatchListParams {
    /// Only this shipment's dispatches.
    pub shipment_id: Option<Uuid>,
    pub limit: Option<u32>,
}

/// Dispatches of document sets, newest first.
#[utoipa::path(get, path = "/api/v1/dispatches", tag = "dispatches", security(("bearer" = [])),
    params(DispatchListParams), responses((status = 200, body = Vec<DispatchView>)))]
pub async fn list_dispatches(
    State(st): State<AppState>,
    Query(p): Query<DispatchListParams>,
) -> Result<Json<Vec<DispatchView>>, ApiError> {
    Ok(Json(dsp::list(&st, p.shipment_id, p.limit.unwrap_or(100)).await?))
}

/// Dispatch a shipment's documents (寄单): by courier (`courier`, with the carrier and its
/// air waybill checked against the carrier's format), through the banks with an export
/// collection instruction (`collection`, URC 522: the amount must be the draft's), or as an
/// L/C presentation (`lc_presentation`, with the days left in the presentation period).
/// Refused (422) while the cross-check has an open blocking finding, or when originals that
/// went already would go again.
#[utoipa::path(post, path = "/api/v1/dispatches", tag = "dispatches", security(("bearer" = [])),
    request_body = NewDispatchInput,
    responses((status = 201, body = DispatchView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_dispatch(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<NewDispatchInput>,
) -> Result<Response, ApiError> {
    let v = dsp::create(&st, &me, &input).await?;
    Ok((StatusCode::CREATED, etag(v.version), Json(v)).into_response())
}

/// One dispatch with its steps.
#[utoipa::path(get, path = "/api/v1/dispatches/{id}", tag = "dispatches", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = DispatchView), (status = 404, body = Problem)))]
pub async fn get_dispatch(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let v = dsp::get(&st, id).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Move a dispatch on (`If-Match` required): sent (a courier needs its waybill), received,
/// accepted, paid, or returned, with the day it happened. Due dates follow; an order that is
/// delivered, dispatched and paid closes.
#[utoipa::path(post, path = "/api/v1/dispatches/{id}/steps", tag = "dispatches", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = DispatchStepInput,
    responses((status = 200, body = DispatchView), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn step_dispatch(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<DispatchStepInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = dsp::step(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Record the telex release (电放) or sea waybill release (`If-Match` required); refused
/// while the balance of the shipment's orders is open.
#[utoipa::path(post, path = "/api/v1/dispatches/{id}/release", tag = "dispatches", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = ReleaseInput,
    responses((status = 200, body = DispatchView), (status = 409, body = Problem), (status = 422, body = Problem),
              (status = 428, body = Problem)))]
pub async fn release_dispatch(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ReleaseInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = dsp::release(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// The export collection instruction (出口托收委托书) as a PDF for the remitting bank.
#[utoipa::path(get, path = "/api/v1/dispatches/{id}/collection-instruction/pdf", tag = "dispatches", security(("bearer" = [])),
    params(("id" = Uuid, Path), DocLangParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn collection_instruction_pdf(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DocLangParams>,
) -> Result<Response, ApiError> {
    let (name, bytes) = dsp::collection_pdf(&st, id, p.lang.as_deref().unwrap_or("en")).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// Receivables computed from each order's payment terms and recorded events: every
/// instalment with its due date (none until its event happened), paid, written off and
/// open; aging per customer; credits (receipts not yet applied). Filter by customer,
/// contract, or `overdue=true`.
#[utoipa::path(get, path = "/api/v1/receivables", tag = "receivables", security(("bearer" = [])),
    params(ReceivableQuery), responses((status = 200, body = ReceivablesReport), (status = 404, body = Problem)))]
pub async fn list_receivables(
    State(st): State<AppState>,
    Query(q): Query<ReceivableQuery>,
) -> Result<Json<ReceivablesReport>, ApiError> {
    let q = ReceivableQuery {
        include_closed: q.include_closed.or(q.contract_id.map(|_| true)),
        ..q
    };
    Ok(Json(rcv::report(&st, &q).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReceiptListParams {
    pub customer_id: Option<Uuid>,
    pub limit: Option<u32>,
}

/// Receipts, newest value date first, with what each was applied to and what is left.
#[utoipa::path(get, path = "/api/v1/receipts", tag = "receivables", security(("bearer" = [])),
    params(ReceiptListParams), responses((status = 200, body = Vec<ReceiptView>)))]
pub async fn list_receipts(
    State(st): State<AppState>,
    Query(p): Query<ReceiptListParams>,
) -> Result<Json<Vec<ReceiptView>>, ApiError> {
    Ok(Json(
        rcv::receipts(&st, p.customer_id, p.limit.unwrap_or(200)).await?,
    ))
}

/// Record money received (收汇): amount, currency, value date (at most a day ahead), bank
/// reference, bank charges, the rate to CNY (required for another currency); applied as
/// given in `allocations`, else to the oldest open instalments. What is left stays as a
/// credit. Refused as a whole (nothing recorded) when a field or an allocation is wrong.
#[utoipa::path(post, path = "/api/v1/receipts", tag = "receivables", security(("bearer" = [])),
    request_body = NewReceiptInput,
    responses((status = 201, body = ReceiptView), (status = 422, body = Problem)))]
pub async fn create_receipt(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<NewReceiptInput>,
) -> Result<Response, ApiError> {
    let v = rcv::record_receipt(&st, &me, &input).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// One receipt.
#[utoipa::path(get, path = "/api/v1/receipts/{id}", tag = "receivables", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ReceiptView), (status = 404, body = Problem)))]
pub async fn get_receipt(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<ReceiptView>, ApiError> {
    Ok(Json(rcv::receipt(&st, id).await?))
}

/// Apply what is left of a receipt (a credit) to instalments; never more than is open or
/// than is left.
#[utoipa::path(post, path = "/api/v1/receipts/{id}/allocations", tag = "receivables", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AllocateInput,
    responses((status = 200, body = ReceiptView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn allocate_receipt(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<AllocateInput>,
) -> Result<Json<ReceiptView>, ApiError> {
    Ok(Json(rcv::allocate_receipt(&st, &me, id, &input).await?))
}

/// Write off, with a reason, what is left of an instalment (a short payment) or of a
/// receipt (an over payment not kept as a credit).
#[utoipa::path(post, path = "/api/v1/write-offs", tag = "receivables", security(("bearer" = [])),
    request_body = WriteOffInput,
    responses((status = 200, body = OrderOrReceipt), (status = 422, body = Problem)))]
pub async fn create_write_off(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<WriteOffInput>,
) -> Result<Json<OrderOrReceipt>, ApiError> {
    Ok(Json(rcv::write_off(&st, &me, &input).await?))
}

/// Make today's payment reminders now (administrators; the server makes them once a day):
/// e-mails in the outbox in the customer's language, tasks for finance, escalations to the
/// sales managers; orders that are done close.
#[utoipa::path(post, path = "/api/v1/jobs/payment-reminders", tag = "receivables", security(("bearer" = [])),
    responses((status = 200, body = ReminderRun), (status = 403, body = Problem)))]
pub async fn run_payment_reminders(State(st): State<AppState>) -> Result<Json<ReminderRun>, ApiError> {
    Ok(Json(rcv::run_reminders(&st, true).await?))
}

/// How a customer pays: instalments paid on time, the average days late, overdue and
/// short-paid instalments, and the aging of what is open.
#[utoipa::path(get, path = "/api/v1/customers/{id}/payment-habit", tag = "receivables", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = PaymentHabit), (status = 404, body = Problem)))]
pub async fn payment_habit(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<PaymentHabit>, ApiError> {
    st.store.party(id).await?;
    Ok(Json(rcv::payment_habit(&st, id).await?))
}

/// The order's walkthrough (跟单记录): every event and document from the contract to the
/// last payment in time order, with who, when and a link, and the audit chain verified.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/walkthrough", tag = "receivables", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Walkthrough), (status = 404, body = Problem)))]
pub async fn contract_walkthrough(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Walkthrough>, ApiError> {
    Ok(Json(walkthrough::build(&st, id).await?))
}

/// The walkthrough as a PDF.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/walkthrough/pdf", tag = "receivables", security(("bearer" = [])),
    params(("id" = Uuid, Path), DocLangParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn contract_walkthrough_pdf(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DocLangParams>,
) -> Result<Response, ApiError> {
    let (name, bytes) = walkthrough::pdf(&st, id, p.lang.as_deref().unwrap_or("en")).await?;
    Ok(download("application/pdf", &name, bytes))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TaskParams {
    /// The queue: `finance`, `sales_manager`, `merchandiser`, …
    pub role: Option<String>,
    /// Only the tasks of this order (contract id).
    pub entity_id: Option<Uuid>,
}

/// Tasks the reminders put in the work queues (open first, newest first).
#[utoipa::path(get, path = "/api/v1/tasks", tag = "receivables", security(("bearer" = [])),
    params(TaskParams), responses((status = 200, body = Vec<Object>)))]
pub async fn list_tasks(
    State(st): State<AppState>,
    Query(p): Query<TaskParams>,
) -> Result<Json<Vec<gendan_store::Task>>, ApiError> {
    Ok(Json(rcv::tasks(&st, p.role.as_deref(), p.entity_id).await?))
}

/// Mark a task done (`If-Match` required): someone of its role, a sales manager or an
/// administrator.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/done", tag = "receivables", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = Object), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 428, body = Problem)))]
pub async fn finish_task(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let t = rcv::finish_task(&st, &me, id, expected).await?;
    Ok((etag(t.version), Json(t)).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxParams {
    /// Only the messages about this order (contract id).
    pub entity_id: Option<Uuid>,
}

/// Messages waiting in the outbox (payment reminders to buyers, escalations), newest first.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "receivables", security(("bearer" = [])),
    params(OutboxParams), responses((status = 200, body = Vec<Object>)))]
pub async fn list_outbox(
    State(st): State<AppState>,
    Query(p): Query<OutboxParams>,
) -> Result<Json<Vec<gendan_store::OutboxMessage>>, ApiError> {
    Ok(Json(st.store.outbox(p.entity_id, 500).await?))
}
