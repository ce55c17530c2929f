//! Errors as RFC 9457 problem details (`application/problem+json`), with a stable
//! snake_case `code` the web pages translate and per-field `errors` for validation.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gendan_domain::{FieldError, ValidationErrors};
use gendan_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem details object (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:gendan:problem:<code>`
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    /// Stable snake_case code, e.g. `validation_failed`, `version_conflict`.
    pub code: String,
    pub detail: String,
    /// Per-field errors (validation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// On `version_conflict`: the version the resource has now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

/// An API error; turns into a problem+json response.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub current_version: Option<i64>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            current_version: None,
            retry_after: None,
        }
    }
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }
    pub fn validation(errs: ValidationErrors) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("{} field(s) are invalid", errs.0.len()),
        );
        e.errors = errs.0;
        e
    }
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", detail)
    }

    pub fn problem(&self) -> Problem {
        Problem {
            type_uri: format!("urn:gendan:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error").to_string(),
            status: self.status.as_u16(),
            code: self.code.to_string(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
            current_version: self.current_version,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity, id } => Self::not_found(format!("{entity} {id} does not exist")),
            StoreError::Conflict { expected, current } => {
                let mut e = Self::new(
                    StatusCode::CONFLICT,
                    "version_conflict",
                    format!(
                        "you edited version {expected} but the current version is {current}; \
                         reload, reapply your change and send If-Match: \"{current}\""
                    ),
                );
                e.current_version = Some(current);
                e
            }
            StoreError::InUse(msg) => Self::new(StatusCode::CONFLICT, "in_use", msg),
            StoreError::Duplicate { field, value } => {
                let mut e = Self::new(
                    StatusCode::CONFLICT,
                    "duplicate",
                    format!("{field} `{value}` is already taken"),
                );
                e.errors.push(FieldError {
                    field: field.to_string(),
                    code: "duplicate".into(),
                    message: format!("`{value}` is already taken"),
                });
                e
            }
            StoreError::Invalid(v) => Self::validation(v),
            StoreError::Transition(t) => {
                use gendan_domain::contract::TransitionError as T;
                let (status, code) = if t.0.iter().any(|e| matches!(e, T::NotFromState { .. })) {
                    (StatusCode::CONFLICT, "transition_not_allowed")
                } else if t
                    .0
                    .iter()
                    .any(|e| matches!(e, T::RoleNotAllowed { .. } | T::AuthorMayNotDecide { .. }))
                {
                    (StatusCode::FORBIDDEN, "transition_forbidden")
                } else {
                    (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
                };
                let mut e = Self::new(status, code, t.to_string());
                for x in &t.0 {
                    let (field, code) = match x {
                        T::NotFromState { .. } => ("state", "not_from_state"),
                        T::RoleNotAllowed { .. } => ("role", "role_not_allowed"),
                        T::AuthorMayNotDecide { .. } => ("author", "author_may_not_decide"),
                        T::ReasonRequired { .. } => ("reason", "required"),
                    };
                    e.errors.push(FieldError {
                        field: field.into(),
                        code: code.into(),
                        message: x.to_string(),
                    });
                }
                e
            }
            StoreError::Backend(msg) => {
                tracing::error!(error = %msg, "store error");
                Self::internal("the database failed to answer; nothing was changed")
            }
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(v: ValidationErrors) -> Self {
        Self::validation(v)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(v) = self.current_version
            && let Ok(h) = HeaderValue::from_str(&format!("\"{v}\""))
        {
            res.headers_mut().insert(header::ETAG, h);
        }
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

/// The stable code for an HTTP status that arrived without a problem body.
fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        411 => "length_required",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable_entity",
        428 => "precondition_required",
        429 => "too_many_requests",
        s if s >= 500 => "internal_error",
        _ => "error",
    }
}

/// Every 4xx/5xx under `/api` leaves as problem+json, also those produced by the
/// framework itself (unknown route, wrong method, rejected path parameters, timeouts).
pub async fn problem_for_api_errors(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let detail = match std::str::from_utf8(&text) {
        Ok(t) if !t.trim().is_empty() && status.is_client_error() => t.trim().to_string(),
        _ => status.canonical_reason().unwrap_or("error").to_string(),
    };
    let mut out = ApiError::new(status, code_for(status), detail).into_response();
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

/// 404 for any path no route matches: problem+json under `/api`, a page elsewhere.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(format!("no such endpoint: {}", uri.path())).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            axum::response::Html(
                "<!doctype html><title>404</title><h1>404</h1><p><a href=\"/\">Gendan</a></p>",
            ),
        )
            .into_response()
    }
}

/// A panic in a handler becomes a 500 problem; the process keeps serving.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::internal("an internal error occurred; nothing was changed").into_response()
}
