//! Bookings (订舱), shipments (出运), containers, milestones, the shipping advice, tracking
//! links and the on-time delivery measure.

use super::json::ApiJson;
use super::trade::download;
use super::{etag, if_match};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, Problem};
use crate::shipments::{
    self as sh, BookingView, CancelBookingInput, ConfirmBookingInput, CreateBookingInput, LetterText,
    OnTimeDelivery, SaveBookingInput, SendAdviceInput, ShipmentView, TrackingLinkCreated, TrackingLinkInput,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::shipment::{
    BookingData, BookingRequestInput, BookingState, ContainerInput, Milestone, MilestoneInput, ShipmentAlert,
    ShipmentData, ShipmentDetailsInput,
};
use gendan_store::{BookingQuery, ShipmentQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BookingListParams {
    pub customer_id: Option<Uuid>,
    /// requested, confirmed, cancelled
    pub state: Option<String>,
    /// Number, customer, instruction or contract number, vessel, booking number, goods.
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// A booking in a list.
#[derive(Serialize, ToSchema)]
pub struct BookingSummary {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub state: BookingState,
    pub version: i64,
    pub instruction_ids: Vec<Uuid>,
    pub etd_from: NaiveDate,
    pub etd_to: NaiveDate,
    pub vessel: Option<String>,
    pub etd: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct BookingList {
    pub items: Vec<BookingSummary>,
    pub limit: u32,
    pub offset: u32,
}

fn bad_state(field: &str, allowed: &str) -> ApiError {
    ApiError::validation(ValidationErrors::single(
        field,
        "invalid_choice",
        format!("use {allowed}"),
    ))
}

/// Bookings, newest first.
#[utoipa::path(get, path = "/api/v1/bookings", tag = "shipments", security(("bearer" = [])),
    params(BookingListParams), responses((status = 200, body = BookingList), (status = 400, body = Problem)))]
pub async fn list_bookings(
    State(st): State<AppState>,
    Query(p): Query<BookingListParams>,
) -> Result<Json<BookingList>, ApiError> {
    let state = match p.state.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(
            BookingState::parse(s).ok_or_else(|| bad_state("state", "requested, confirmed or cancelled"))?,
        ),
        None => None,
    };
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let offset = p.offset.unwrap_or(0);
    let recs = sh::list_bookings(
        &st,
        &BookingQuery {
            customer_id: p.customer_id,
            state,
            search: p.q,
            limit,
            offset,
        },
    )
    .await?;
    let mut items = Vec::new();
    for r in recs {
        let d: BookingData = crate::instructions::decode(r.id, &r.doc)?;
        items.push(BookingSummary {
            id: r.id,
            number: r.number,
            customer_id: r.customer_id,
            state: r.state,
            version: r.version,
            instruction_ids: d.request.instruction_ids,
            etd_from: d.request.etd_from,
            etd_to: d.request.etd_to,
            vessel: d
                .confirmation
                .as_ref()
                .map(|c| format!("{} / {}", c.vessel, c.voyage)),
            etd: d.confirmation.as_ref().map(|c| c.etd),
            updated_at: r.updated_at,
        });
    }
    Ok(Json(BookingList { items, limit, offset }))
}

/// Make a booking request with a forwarder from issued instructions of one buyer. Without
/// `request` it is pre-filled from the instructions. A draft or cancelled instruction (422
/// `not_issued`), instructions of two buyers (`mixed_buyers`), or an instruction already
/// booked where its contract forbids partial shipments (`partial_not_allowed`) are refused.
#[utoipa::path(post, path = "/api/v1/bookings", tag = "shipments", security(("bearer" = [])),
    request_body = CreateBookingInput,
    responses((status = 201, body = BookingView), (status = 422, body = Problem)))]
pub async fn create_booking(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<CreateBookingInput>,
) -> Result<Response, ApiError> {
    let v = sh::create_booking(&st, &me, &input).await?;
    Ok((
        StatusCode::CREATED,
        etag(v.version),
        [(header::LOCATION, format!("/api/v1/bookings/{}", v.id))],
        Json(v),
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PrefillParams {
    /// Comma-separated instruction ids.
    pub instruction_ids: String,
}

/// The booking request Gendan would pre-fill from these instructions (nothing is saved).
#[utoipa::path(get, path = "/api/v1/bookings/draft", tag = "shipments", security(("bearer" = [])),
    params(PrefillParams), responses((status = 200, body = BookingRequestInput), (status = 422, body = Problem)))]
pub async fn booking_draft(
    State(st): State<AppState>,
    Query(p): Query<PrefillParams>,
) -> Result<Json<BookingRequestInput>, ApiError> {
    let mut ids = Vec::new();
    for (i, s) in p
        .instruction_ids
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        ids.push(Uuid::parse_str(s).map_err(|_| {
            ApiError::validation(ValidationErrors::single(
                format!("instruction_ids[{i}]"),
                "invalid_id",
                format!("`{s}` is not an id"),
            ))
        })?);
    }
    Ok(Json(sh::prefill_booking(&st, &ids).await?))
}

/// A booking with its instructions, the findings against them, its shipment and its history.
#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = BookingView), (status = 404, body = Problem)))]
pub async fn get_booking(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let rec = st.store.booking(id).await?;
    let v = sh::booking_view(&st, &rec).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Change the booking request (`If-Match` required); after confirmation the change is an
/// amendment kept in the history.
#[utoipa::path(put, path = "/api/v1/bookings/{id}", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = SaveBookingInput,
    responses((status = 200, body = BookingView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_booking(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<SaveBookingInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = sh::save_booking(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Record the carrier's confirmation (`If-Match` required): carrier, vessel, voyage, booking
/// number, ETD/ETA, cut-offs, free days. The first confirmation opens the shipment; a later
/// one (vessel rolled, new cut-offs) is kept in the history.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/confirm", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = ConfirmBookingInput,
    responses((status = 200, body = BookingView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn confirm_booking(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ConfirmBookingInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = sh::confirm_booking(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Cancel a booking with a reason (`If-Match` required); its shipment is cancelled with it,
/// refused once the goods are on board.
#[utoipa::path(post, path = "/api/v1/bookings/{id}/cancel", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = CancelBookingInput,
    responses((status = 200, body = BookingView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn cancel_booking(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CancelBookingInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = sh::cancel_booking(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LangParams {
    /// `en` or `zh`; the default depends on the letter.
    pub lang: Option<String>,
}

/// The booking request (订舱委托书) as a PDF, Chinese with English by default.
#[utoipa::path(get, path = "/api/v1/bookings/{id}/request/pdf", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), LangParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn booking_request_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(p): Query<LangParams>,
) -> Result<Response, ApiError> {
    let (doc, _) = sh::booking_letter(&st, &me.user.display_name, id, p.lang.as_deref()).await?;
    let name = format!(
        "{}-booking-request.pdf",
        doc.header.first().map(|h| h.value.clone()).unwrap_or_default()
    );
    let bytes = sh::render_letter(doc).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// The booking request as e-mail text (subject and body) for the forwarder.
#[utoipa::path(get, path = "/api/v1/bookings/{id}/request/email", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), LangParams), responses((status = 200, body = LetterText), (status = 404, body = Problem)))]
pub async fn booking_request_email(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(p): Query<LangParams>,
) -> Result<Json<LetterText>, ApiError> {
    Ok(Json(
        sh::booking_letter(&st, &me.user.display_name, id, p.lang.as_deref())
            .await?
            .1,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ShipmentListParams {
    pub customer_id: Option<Uuid>,
    /// booked, empty_picked_up, stuffed, gated_in, on_board, transhipped, arrived, released,
    /// cancelled
    pub stage: Option<String>,
    /// Number, booking, customer, instruction or contract, vessel, B/L, container number.
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ShipmentSummary {
    pub id: Uuid,
    pub number: String,
    pub booking_id: Uuid,
    pub customer_id: Uuid,
    pub stage: String,
    pub version: i64,
    pub containers: usize,
    pub bl_number: Option<String>,
    pub on_board: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ShipmentList {
    pub items: Vec<ShipmentSummary>,
    pub limit: u32,
    pub offset: u32,
}

pub const STAGES: [&str; 9] = [
    "booked",
    "empty_picked_up",
    "stuffed",
    "gated_in",
    "on_board",
    "transhipped",
    "arrived",
    "released",
    "cancelled",
];

/// Shipments, newest first.
#[utoipa::path(get, path = "/api/v1/shipments", tag = "shipments", security(("bearer" = [])),
    params(ShipmentListParams), responses((status = 200, body = ShipmentList), (status = 400, body = Problem)))]
pub async fn list_shipments(
    State(st): State<AppState>,
    Query(p): Query<ShipmentListParams>,
) -> Result<Json<ShipmentList>, ApiError> {
    let stage = match p.stage.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if STAGES.contains(&s) => Some(s.to_string()),
        Some(_) => return Err(bad_state("stage", &STAGES.join(", "))),
        None => None,
    };
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    let offset = p.offset.unwrap_or(0);
    let recs = st
        .store
        .list_shipments(&ShipmentQuery {
            customer_id: p.customer_id,
            booking_id: None,
            stage,
            search: p.q,
            limit,
            offset,
        })
        .await?;
    let mut items = Vec::new();
    for r in recs {
        let d: ShipmentData = crate::instructions::decode(r.id, &r.doc)?;
        items.push(ShipmentSummary {
            id: r.id,
            number: r.number,
            booking_id: r.booking_id,
            customer_id: r.customer_id,
            stage: r.stage,
            version: r.version,
            containers: d.containers.len(),
            bl_number: d.bl_number.clone(),
            on_board: d.on_board(),
            updated_at: r.updated_at,
        });
    }
    Ok(Json(ShipmentList { items, limit, offset }))
}

/// A shipment: vessel and cut-offs (from its booking), containers with VGM and reefer
/// comparison, milestones, the roll-up to instructions and contracts, alerts, advices sent
/// and tracking links.
#[utoipa::path(get, path = "/api/v1/shipments/{id}", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ShipmentView), (status = 404, body = Problem)))]
pub async fn get_shipment(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let v = sh::shipment_view(&st, id).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Record the B/L number and the invoice number (`If-Match` required).
#[utoipa::path(put, path = "/api/v1/shipments/{id}", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = ShipmentDetailsInput,
    responses((status = 200, body = ShipmentView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_shipment(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ShipmentDetailsInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = sh::save_details(&st, &me, id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// The shipment's containers.
#[utoipa::path(get, path = "/api/v1/shipments/{id}/containers", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<sh::ContainerView>), (status = 404, body = Problem)))]
pub async fn list_containers(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<sh::ContainerView>>, ApiError> {
    Ok(Json(sh::shipment_view(&st, id).await?.containers))
}

/// Add a container: its ISO 6346 number (a wrong check digit answers 422 `check_digit`
/// naming the expected digit), type, seals, tare, what was stuffed per instruction line, the
/// VGM (SOLAS method 2: cargo gross + dunnage + tare, never above the type's maximum gross)
/// and the reefer set point found. More than instructed plus the tolerance across every
/// shipment is refused (`over_instructed`).
#[utoipa::path(post, path = "/api/v1/shipments/{id}/containers", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ContainerInput,
    responses((status = 201, body = ShipmentView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_container(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ContainerInput>,
) -> Result<Response, ApiError> {
    let v = sh::add_container(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, etag(v.version), Json(v)).into_response())
}

/// Replace a container's record (`If-Match`: the shipment's version).
#[utoipa::path(put, path = "/api/v1/shipments/{id}/containers/{container_id}", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("container_id" = Uuid, Path), ("If-Match" = String, Header)), request_body = ContainerInput,
    responses((status = 200, body = ShipmentView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_container(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, container_id)): Path<(Uuid, Uuid)>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ContainerInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = sh::update_container(&st, &me, id, container_id, expected, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Take a container off the shipment (`If-Match`: the shipment's version); refused once on
/// board.
#[utoipa::path(delete, path = "/api/v1/shipments/{id}/containers/{container_id}", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("container_id" = Uuid, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = ShipmentView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn delete_container(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, container_id)): Path<(Uuid, Uuid)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let v = sh::remove_container(&st, &me, id, container_id, expected).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Every milestone record of the shipment, in the order recorded.
#[utoipa::path(get, path = "/api/v1/shipments/{id}/milestones", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<Milestone>), (status = 404, body = Problem)))]
pub async fn list_milestones(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<Milestone>>, ApiError> {
    let cx = sh::shipment_context(&st, id).await?;
    Ok(Json(cx.data.milestones))
}

/// Record a milestone with its date, source and note. A date in the future, out of order (an
/// on-board date before stuffing: `out_of_order`), or on board with less than the contract
/// requires where partial shipments are forbidden (`partial_not_allowed`) is refused. A later
/// record of the same kind corrects the earlier one; both are kept.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/milestones", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = MilestoneInput,
    responses((status = 201, body = ShipmentView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_milestone(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> Result<Response, ApiError> {
    let v = sh::add_milestone(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, etag(v.version), Json(v)).into_response())
}

/// The shipping advice (装船通知) as e-mail text in the customer's language (or `lang`).
#[utoipa::path(get, path = "/api/v1/shipments/{id}/shipping-advice", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), LangParams), responses((status = 200, body = LetterText), (status = 404, body = Problem)))]
pub async fn shipping_advice_text(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(p): Query<LangParams>,
) -> Result<Json<LetterText>, ApiError> {
    Ok(Json(
        sh::shipping_advice(&st, &me.user.display_name, id, p.lang.as_deref())
            .await?
            .1,
    ))
}

/// The shipping advice as a PDF: contract and L/C numbers, invoice number and amount, vessel
/// and voyage, B/L number, ETD/ETA, ports, containers and seals, packages, weights, goods.
#[utoipa::path(get, path = "/api/v1/shipments/{id}/shipping-advice/pdf", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path), LangParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn shipping_advice_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(p): Query<LangParams>,
) -> Result<Response, ApiError> {
    let (doc, _) = sh::shipping_advice(&st, &me.user.display_name, id, p.lang.as_deref()).await?;
    let name = format!(
        "{}-shipping-advice.pdf",
        doc.header.first().map(|h| h.value.clone()).unwrap_or_default()
    );
    let bytes = sh::render_letter(doc).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// Record that the shipping advice was sent (to whom, in which language); the event is kept
/// with the shipment.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/shipping-advice/send", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SendAdviceInput,
    responses((status = 200, body = ShipmentView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn send_shipping_advice(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<SendAdviceInput>,
) -> Result<Response, ApiError> {
    let v = sh::send_advice(&st, &me, id, &input).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// The shipment's tracking links (never their tokens).
#[utoipa::path(get, path = "/api/v1/shipments/{id}/tracking-links", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<sh::TrackingLinkView>), (status = 404, body = Problem)))]
pub async fn list_tracking_links(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<sh::TrackingLinkView>>, ApiError> {
    Ok(Json(sh::shipment_view(&st, id).await?.tracking_links))
}

/// A customer tracking link: an unguessable token (shown once, only its hash is kept),
/// expiring, revocable, showing the milestones, the ETA and only the documents chosen here.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/tracking-links", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = TrackingLinkInput,
    responses((status = 201, body = TrackingLinkCreated), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create_tracking_link(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<TrackingLinkInput>,
) -> Result<Response, ApiError> {
    let created = sh::create_tracking_link(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct Revoked {
    pub id: Uuid,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Revoke a tracking link at once.
#[utoipa::path(post, path = "/api/v1/tracking-links/{id}/revoke", tag = "shipments", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Revoked), (status = 404, body = Problem)))]
pub async fn revoke_tracking_link(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Revoked>, ApiError> {
    let l = st.store.revoke_tracking_link(id, &me.write_context(&st)).await?;
    Ok(Json(Revoked {
        id: l.id,
        revoked_at: l.revoked_at,
    }))
}

/// The on-time delivery rate (交期达成率): shipments on board by their contracts' latest
/// shipment date, of all shipments on board, with the late ones.
#[utoipa::path(get, path = "/api/v1/kpis/on-time-delivery", tag = "shipments", security(("bearer" = [])),
    responses((status = 200, body = OnTimeDelivery)))]
pub async fn on_time_delivery(State(st): State<AppState>) -> Result<Json<OnTimeDelivery>, ApiError> {
    Ok(Json(sh::on_time_delivery(&st).await?))
}

#[derive(Serialize, ToSchema)]
pub struct ShipmentAlertRow {
    pub shipment_id: Uuid,
    pub shipment_number: String,
    #[serde(flatten)]
    pub alert: ShipmentAlert,
}

/// Every open shipment's alerts for the work queue: SI cut-off tomorrow, VGM missing before
/// its cut-off, vessel sailing within 2 days with production not ready, ETD after the latest
/// shipment date.
#[utoipa::path(get, path = "/api/v1/shipment-alerts", tag = "shipments", security(("bearer" = [])),
    responses((status = 200, body = Vec<ShipmentAlertRow>)))]
pub async fn shipment_alerts(State(st): State<AppState>) -> Result<Json<Vec<ShipmentAlertRow>>, ApiError> {
    Ok(Json(
        sh::alerts(&st)
            .await?
            .into_iter()
            .map(|(s, alert)| ShipmentAlertRow {
                shipment_id: s.id,
                shipment_number: s.number,
                alert,
            })
            .collect(),
    ))
}
