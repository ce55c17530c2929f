//! Trade documents (单证): generate a shipment's set, list and read documents, their PDF and
//! .xlsx, checks, final and sent, received documents with scans, the set exported and
//! imported in the interchange format, the set as one PDF or a zip.

use super::json::ApiJson;
use super::trade::download;
use super::{etag, if_match};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::document_print as print;
use crate::error::{ApiError, Problem};
use crate::trade_documents::{
    self as tdocs, CheckInput, DocumentView, GenerateInput, GenerateReport, ImportReport, ReceivedInput,
    RevisionView, ScanInput,
};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::trade_document::TradeDocumentKind;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DocumentListParams {
    pub shipment_id: Option<Uuid>,
    /// commercial_invoice, packing_list, shipping_instruction, certificate_of_origin_application,
    /// phytosanitary_application, insurance_declaration, draft, bill_of_lading,
    /// certificate_of_origin, phytosanitary_certificate, insurance_certificate
    pub kind: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DocLangParams {
    /// `en` or `zh`; the customer's document language when left out.
    pub lang: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// The shipment the set belongs to; found by the set's invoice number when left out.
    pub shipment_id: Option<Uuid>,
}

fn kind_param(k: Option<&str>) -> Result<Option<TradeDocumentKind>, ApiError> {
    match k.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => TradeDocumentKind::parse(s).map(Some).ok_or_else(|| {
            ValidationErrors::single("kind", "invalid_choice", format!("`{s}` is not a document kind")).into()
        }),
    }
}

/// Documents, newest first, filtered by shipment and kind.
#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", security(("bearer" = [])),
    params(DocumentListParams), responses((status = 200, body = Vec<DocumentView>), (status = 422, body = Problem)))]
pub async fn list_documents(
    State(st): State<AppState>,
    Query(p): Query<DocumentListParams>,
) -> Result<Json<Vec<DocumentView>>, ApiError> {
    let kind = kind_param(p.kind.as_deref())?;
    Ok(Json(tdocs::list(&st, p.shipment_id, kind).await?))
}

/// One document with its data, state, verification log and scans.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = DocumentView), (status = 404, body = Problem)))]
pub async fn get_document(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let v = tdocs::view(&st, st.store.document(id).await?).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Every revision and what it changed against the one before.
#[utoipa::path(get, path = "/api/v1/documents/{id}/revisions", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Vec<RevisionView>), (status = 404, body = Problem)))]
pub async fn document_revisions(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<RevisionView>>, ApiError> {
    Ok(Json(tdocs::revisions(&st, id).await?))
}

/// The document as a PDF, in the customer's language unless `lang` says otherwise.
#[utoipa::path(get, path = "/api/v1/documents/{id}/pdf", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), DocLangParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn document_pdf(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DocLangParams>,
) -> Result<Response, ApiError> {
    let rec = st.store.document(id).await?;
    let bytes = print::pdf(&st, &rec, p.lang.as_deref()).await?;
    Ok(download("application/pdf", &print::file_name(&rec, "pdf"), bytes))
}

/// The invoice or packing list as an .xlsx workbook.
#[utoipa::path(get, path = "/api/v1/documents/{id}/xlsx", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), DocLangParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = Problem)))]
pub async fn document_xlsx(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DocLangParams>,
) -> Result<Response, ApiError> {
    let rec = st.store.document(id).await?;
    let bytes = print::xlsx(&st, &rec, p.lang.as_deref()).await?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &print::file_name(&rec, "xlsx"),
        bytes,
    ))
}

/// Record a person's check of the current revision: what was compared and the result.
#[utoipa::path(post, path = "/api/v1/documents/{id}/checks", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CheckInput,
    responses((status = 201, body = DocumentView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn post_check(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<CheckInput>,
) -> Result<Response, ApiError> {
    let v = tdocs::add_check(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, etag(v.version), Json(v)).into_response())
}

/// Make the current revision final (`If-Match`), when the configured checks allow it.
#[utoipa::path(post, path = "/api/v1/documents/{id}/finalise", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = DocumentView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn finalise_document(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let v = tdocs::finalise(&st, &me, id, if_match(&headers)?).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Record that the final document was sent (`If-Match`); it is not changed afterwards.
#[utoipa::path(post, path = "/api/v1/documents/{id}/sent", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    responses((status = 200, body = DocumentView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn mark_document_sent(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let v = tdocs::mark_sent(&st, &me, id, if_match(&headers)?).await?;
    Ok((etag(v.version), Json(v)).into_response())
}

/// Attach a scan (PDF, JPEG or PNG, at most 1.5 MB; the type is read from the content).
#[utoipa::path(post, path = "/api/v1/documents/{id}/scans", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ScanInput,
    responses((status = 201, body = DocumentView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn post_scan(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ScanInput>,
) -> Result<Response, ApiError> {
    let v = tdocs::attach_base64(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, etag(v.version), Json(v)).into_response())
}

/// A scan of a document, as stored.
#[utoipa::path(get, path = "/api/v1/documents/{id}/scans/{scan_id}", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("scan_id" = Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn get_scan(
    State(st): State<AppState>,
    Path((id, scan_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    scan_response(&st, id, scan_id).await
}

pub async fn scan_response(st: &AppState, id: Uuid, scan_id: Uuid) -> Result<Response, ApiError> {
    let (a, bytes) = st.store.attachment_data(scan_id).await?;
    if a.entity_type != "trade_document" || a.entity_id != id {
        return Err(ApiError::not_found("no such scan on this document"));
    }
    Ok(download(&a.content_type, &a.file_name, bytes))
}

/// Generate (or bring up to date) the shipment's documents: invoice, packing list, shipping
/// instruction, and the certificate applications, insurance declaration and draft the terms
/// call for. With `Accept: application/x-ndjson` the progress is streamed, one JSON line per
/// document, the report last.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/documents/generate", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = GenerateInput,
    responses((status = 200, body = GenerateReport), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn generate_documents(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<GenerateInput>,
) -> Result<Response, ApiError> {
    let streamed = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-ndjson"));
    if !streamed {
        let report = tdocs::generate(&st, &me, id, &input, &|_| {}).await?;
        return Ok(Json(report).into_response());
    }
    Ok(stream_generation(st, me, id, input))
}

/// The generation as a stream of JSON lines: `{"progress": …}` after each document, then
/// `{"report": …}` or `{"error": <problem>}`.
pub fn stream_generation(st: AppState, me: CurrentUser, id: Uuid, input: GenerateInput) -> Response {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        let progress_tx = tx.clone();
        let progress = move |p: tdocs::GenerateProgress| {
            let line = serde_json::json!({"progress": p}).to_string();
            let _ = progress_tx.send(line + "\n");
        };
        let line = match tdocs::generate(&st, &me, id, &input, &progress).await {
            Ok(r) => serde_json::json!({"report": r}),
            Err(e) => serde_json::json!({"error": e.problem()}),
        };
        let _ = tx.send(line.to_string() + "\n");
    });
    let stream =
        tokio_stream::wrappers::UnboundedReceiverStream::new(rx).map(Ok::<_, std::convert::Infallible>);
    (
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response()
}

use tokio_stream::StreamExt;

/// Record a document received from others (B/L, certificate of origin, phytosanitary or
/// insurance certificate) with its data and optionally its scan; a second one with the same
/// number is a new revision of the first.
#[utoipa::path(post, path = "/api/v1/shipments/{id}/documents", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ReceivedInput,
    responses((status = 201, body = DocumentView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn post_received(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ReceivedInput>,
) -> Result<Response, ApiError> {
    let v = tdocs::record_received(&st, &me, id, &input).await?;
    Ok((StatusCode::CREATED, etag(v.version), Json(v)).into_response())
}

/// The shipment's documents in the interchange format (document-set.md).
#[utoipa::path(get, path = "/api/v1/shipments/{id}/document-set", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "application/json", body = Object), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn export_document_set(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let set = tdocs::export_set(&st, id).await?;
    Ok(Json(set).into_response())
}

/// Import a document set in the interchange format: its received documents (B/Ls,
/// certificates) are recorded on the shipment. Nothing is written when any part is invalid.
#[utoipa::path(post, path = "/api/v1/document-sets", tag = "documents", security(("bearer" = [])),
    params(ImportParams), request_body(content = Object, content_type = "application/json"),
    responses((status = 201, body = ImportReport), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn import_document_set(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(p): Query<ImportParams>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Response, ApiError> {
    let r = tdocs::import_set(&st, &me, p.shipment_id, &body).await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// The whole set as one PDF (each received document followed by its scans).
#[utoipa::path(get, path = "/api/v1/shipments/{id}/documents/pdf", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), DocLangParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn set_pdf(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DocLangParams>,
) -> Result<Response, ApiError> {
    let number = st.store.shipment(id).await?.number;
    let bytes = print::bundle_pdf(&st, id, p.lang.as_deref()).await?;
    Ok(download(
        "application/pdf",
        &format!("{number}-documents.pdf"),
        bytes,
    ))
}

/// The whole set as a zip: PDFs, .xlsx, scans and document-set.json.
#[utoipa::path(get, path = "/api/v1/shipments/{id}/documents/zip", tag = "documents", security(("bearer" = [])),
    params(("id" = Uuid, Path), DocLangParams),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn set_zip(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DocLangParams>,
) -> Result<Response, ApiError> {
    let number = st.store.shipment(id).await?.number;
    let bytes = print::bundle_zip(&st, id, p.lang.as_deref()).await?;
    Ok(download(
        "application/zip",
        &format!("{number}-documents.zip"),
        bytes,
    ))
}
