//! The document cross-check (单证审核) over HTTP: the same engine as `gendan check`.

use super::json::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::document_checks::{self as dc, DailyRun, DecisionInput, OpenSet, ShipmentCheckView};
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use gendan_doccheck::Report;
use gendan_domain::ValidationErrors;
use uuid::Uuid;

/// Cross-check a document set. The body is a set in the interchange format
/// (document-set.md: contract, L/C, invoice, packing list, B/Ls, certificates, insurance,
/// shipping advice, draft, collection instruction, presentation); the answer every finding
/// (rule id, severity, documents and fields with their values, tolerance applied, message
/// in English and Chinese, source), the rules that could not run and why, and the rules
/// that passed. A set that does not have the format's shape is a 422 naming the field.
#[utoipa::path(post, path = "/api/v1/document-checks", tag = "document_checks", security(("bearer" = [])),
    request_body(content = Object, description = "a document set (document-set.md)"),
    responses((status = 200, body = Report, description = "findings, not applicable, passed"),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn create_document_check(
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Json<Report>, ApiError> {
    let set = gendan_doccheck::input::set_from_value(body).map_err(|e| {
        let field = if e.field.is_empty() {
            "body".to_string()
        } else {
            e.field
        };
        let code = if e.reason.starts_with("missing field") {
            "required"
        } else {
            "invalid_value"
        };
        ApiError::validation(ValidationErrors::single(field, code, e.reason))
    })?;
    Ok(Json(gendan_doccheck::check(
        &set,
        &gendan_doccheck::Options::default(),
    )))
}

/// The latest cross-check of a shipment's set: every finding with where it stands (open,
/// accepted, overridden, with the decision), the rules that could not run, how many passed.
#[utoipa::path(get, path = "/api/v1/shipments/{id}/document-checks", tag = "document_checks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ShipmentCheckView), (status = 404, body = Problem)))]
pub async fn shipment_document_checks(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<ShipmentCheckView>, ApiError> {
    Ok(Json(dc::latest(&st, id).await?))
}

/// Run the cross-check of a shipment's set now (it also runs whenever a document of the
/// set changes, and daily); the documents' system checks follow the findings.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/document-checks", tag = "document_checks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ShipmentCheckView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn run_shipment_document_checks(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<ShipmentCheckView>, ApiError> {
    Ok(Json(dc::run_now(&st, &me, id).await?))
}

/// Decide on a finding of the latest run, with a reason: a warning is accepted by anyone who
/// checks documents; a blocking finding is overridden only by a sales manager (403
/// otherwise). Audited; the check runs again.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/document-checks/decisions", tag = "document_checks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = DecisionInput,
    responses((status = 200, body = ShipmentCheckView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn decide_document_finding(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<ShipmentCheckView>, ApiError> {
    Ok(Json(dc::decide(&st, &me, id, &input).await?))
}

/// Run the daily cross-check of every set not yet sent now (administrators; the server runs
/// it once a day by itself).
#[utoipa::path(post, path = "/api/v1/jobs/daily-document-checks", tag = "document_checks", security(("bearer" = [])),
    responses((status = 200, body = DailyRun), (status = 403, body = Problem)))]
pub async fn run_daily_document_checks(State(st): State<AppState>) -> Result<Json<DailyRun>, ApiError> {
    Ok(Json(dc::run_daily(&st, true).await?))
}

/// The sets whose latest cross-check left findings open (blocking first): the documents
/// part of the work queue.
#[utoipa::path(get, path = "/api/v1/document-checks/open", tag = "document_checks", security(("bearer" = [])),
    responses((status = 200, body = Vec<OpenSet>)))]
pub async fn open_document_checks(State(st): State<AppState>) -> Result<Json<Vec<OpenSet>>, ApiError> {
    Ok(Json(dc::open_sets(&st, 200).await?))
}
