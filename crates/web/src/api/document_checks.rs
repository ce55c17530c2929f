//! The document cross-check (单证审核) over HTTP: the same engine as `gendan check`.

use super::json::ApiJson;
use crate::error::{ApiError, Problem};
use axum::Json;
use gendan_doccheck::Report;
use gendan_domain::ValidationErrors;

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
