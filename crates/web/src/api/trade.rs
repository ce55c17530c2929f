//! Products, customer profiles, our company, sales contracts and letters of credit.

use super::json::ApiJson;
use super::{etag, if_match};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, Problem};
use crate::trade::{
    self, CompanyView, ContractView, CreditView, ProductView, ProfileView, RevisionDiff, StepInput,
};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::company::CompanyProfileInput;
use gendan_domain::contract::{ContractAction, ContractState};
use gendan_domain::letter_of_credit::LetterOfCreditInput;
use gendan_domain::port::Port;
use gendan_domain::product::ProductInput;
use gendan_domain::profile::CustomerProfileInput;
use gendan_domain::sales_contract::ContractInput;
use gendan_store::{ContractEvent, ContractQuery, ContractRevision, RecordKind, RecordRevision};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const MAX_LIMIT: u32 = 500;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Search text (SKU, names, numbers).
    pub q: Option<String>,
    /// Page size, 1–500 (default 50).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u32>,
}

fn page(limit: Option<u32>, q: &Option<String>) -> Result<u32, ApiError> {
    let mut errs = ValidationErrors::new();
    let limit = limit.unwrap_or(50);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errs.push(
            "limit",
            "out_of_range",
            format!("must be between 1 and {MAX_LIMIT}"),
        );
    }
    if q.as_ref()
        .is_some_and(|q| q.chars().count() > 200 || q.chars().any(char::is_control))
    {
        errs.push(
            "q",
            "invalid_text",
            "at most 200 characters, no control characters",
        );
    }
    errs.into_result()?;
    Ok(limit)
}

#[derive(Serialize, ToSchema)]
pub struct ProductList {
    pub items: Vec<ProductView>,
}

/// Products with their package types and reefer settings.
#[utoipa::path(get, path = "/api/v1/products", tag = "products", security(("bearer" = [])), params(ListParams),
    responses((status = 200, body = ProductList), (status = 422, body = Problem)))]
pub async fn list_products(
    State(st): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<ProductList>, ApiError> {
    let limit = page(p.limit, &p.q)?;
    Ok(Json(ProductList {
        items: trade::list_products(&st, p.q, limit, p.offset.unwrap_or(0)).await?,
    }))
}

/// Create a product. Every invalid field is reported at once (422); a taken SKU is 409.
#[utoipa::path(post, path = "/api/v1/products", tag = "products", security(("bearer" = [])), request_body = ProductInput,
    responses((status = 201, body = ProductView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_product(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Response, ApiError> {
    let p = trade::create_product(&st, &me, &input).await?;
    Ok((
        StatusCode::CREATED,
        etag(p.version),
        [(header::LOCATION, format!("/api/v1/products/{}", p.id))],
        Json(p),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = Problem)))]
pub async fn get_product(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let p = trade::product(&st, id).await?;
    Ok((etag(p.version), Json(p)).into_response())
}

/// Replace a product's content (`If-Match` required).
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = ProductInput,
    responses((status = 200, body = ProductView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_product(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let p = trade::update_product(&st, &me, id, expected, &input).await?;
    Ok((etag(p.version), Json(p)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/products/{id}", tag = "products", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem), (status = 428, body = Problem)))]
pub async fn delete_product(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let expected = if_match(&headers)?;
    trade::delete_product(&st, &me, id, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct RecordRevisions {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<RecordRevision>,
}

/// Every version of a product, oldest first.
#[utoipa::path(get, path = "/api/v1/products/{id}/revisions", tag = "products", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = RecordRevisions), (status = 404, body = Problem)))]
pub async fn product_revisions(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<RecordRevisions>, ApiError> {
    st.store.record(RecordKind::Product, id).await?;
    Ok(Json(RecordRevisions {
        items: st.store.record_revisions(RecordKind::Product, id).await?,
    }))
}

/// A customer's profile (defaults, document requirements, checklist) and the habits their
/// contracts show, with a contract template prefilled from it.
#[utoipa::path(get, path = "/api/v1/customers/{id}/profile", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ProfileView), (status = 404, body = Problem)))]
pub async fn get_profile(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let p = trade::profile(&st, id).await?;
    Ok((etag(p.version), Json(p)).into_response())
}

/// Save a customer's profile. `If-Match: "0"` creates it; afterwards the current version.
#[utoipa::path(put, path = "/api/v1/customers/{id}/profile", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = CustomerProfileInput,
    responses((status = 200, body = ProfileView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_profile(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CustomerProfileInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let p = trade::put_profile(&st, &me, id, expected, &input).await?;
    Ok((etag(p.version), Json(p)).into_response())
}

/// Our company: the seller on every contract (names, address, bank accounts, logo, stamp,
/// contract number pattern).
#[utoipa::path(get, path = "/api/v1/company", tag = "company", security(("bearer" = [])),
    responses((status = 200, body = CompanyView)))]
pub async fn get_company(State(st): State<AppState>) -> Result<Response, ApiError> {
    let c = trade::company(&st).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

/// Save our company's profile (admin). `If-Match: "0"` the first time.
#[utoipa::path(put, path = "/api/v1/company", tag = "company", security(("bearer" = [])),
    params(("If-Match" = String, Header)), request_body = CompanyProfileInput,
    responses((status = 200, body = CompanyView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn put_company(
    State(st): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    ApiJson(input): ApiJson<CompanyProfileInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let c = trade::put_company(&st, &me, expected, &input).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ContractListParams {
    /// Number, buyer or goods.
    pub q: Option<String>,
    /// draft, submitted, approved, rejected, sent, confirmed, closed, cancelled
    pub state: Option<String>,
    pub buyer_id: Option<Uuid>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct ContractList {
    pub items: Vec<ContractView>,
}

/// Sales contracts, newest first.
#[utoipa::path(get, path = "/api/v1/contracts", tag = "contracts", security(("bearer" = [])), params(ContractListParams),
    responses((status = 200, body = ContractList), (status = 422, body = Problem)))]
pub async fn list_contracts(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(p): Query<ContractListParams>,
) -> Result<Json<ContractList>, ApiError> {
    let limit = page(p.limit, &p.q)?;
    let state = match p.state.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            ContractState::ALL
                .into_iter()
                .find(|x| x.as_str() == s)
                .ok_or_else(|| {
                    ApiError::validation(ValidationErrors::single(
                        "state",
                        "invalid_choice",
                        format!("`{s}` is not a contract state"),
                    ))
                })?,
        ),
    };
    let recs = st
        .store
        .list_contracts(&ContractQuery {
            state,
            buyer_id: p.buyer_id,
            search: p.q,
            limit,
            offset: p.offset.unwrap_or(0),
        })
        .await?;
    let mut items = Vec::with_capacity(recs.len());
    for r in &recs {
        items.push(trade::contract_view(&st, &me, r).await?);
    }
    Ok(Json(ContractList { items }))
}

/// Create a draft contract; its number comes from the company's pattern, gap-free per year.
#[utoipa::path(post, path = "/api/v1/contracts", tag = "contracts", security(("bearer" = [])), request_body = ContractInput,
    responses((status = 201, body = ContractView), (status = 422, body = Problem)))]
pub async fn create_contract(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<ContractInput>,
) -> Result<Response, ApiError> {
    let c = trade::create_contract(&st, &me, &input).await?;
    Ok((
        StatusCode::CREATED,
        etag(c.version),
        [(header::LOCATION, format!("/api/v1/contracts/{}", c.id))],
        Json(c),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}", tag = "contracts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ContractView), (status = 404, body = Problem)))]
pub async fn get_contract(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let rec = st.store.contract(id).await?;
    let c = trade::contract_view(&st, &me, &rec).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

/// Edit a draft or rejected contract (`If-Match` required). An approved, sent or confirmed
/// contract is changed by `POST …/amend`.
#[utoipa::path(put, path = "/api/v1/contracts/{id}", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = ContractInput,
    responses((status = 200, body = ContractView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_contract(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ContractInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let c = trade::update_contract(&st, &me, id, expected, &input).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

/// Take a step: submit, approve, reject (reason), send (sent_via, sent_to), confirm
/// (countersigned copy), close, cancel (reason), amend (the amended contract: a new revision
/// that needs approval again). Refused steps: 409 from the wrong state, 403 for the wrong
/// role or the author approving their own contract, 422 without a required reason.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/{action}", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("action" = ContractAction, Path), ("If-Match" = String, Header)), request_body = StepInput,
    responses((status = 200, body = ContractView), (status = 403, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn contract_step(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, action)): Path<(Uuid, String)>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<StepInput>,
) -> Result<Response, ApiError> {
    let action = ContractAction::parse(&action).ok_or_else(|| {
        ApiError::not_found(format!(
            "`{action}` is not a contract step; use {}",
            ContractAction::ALL.map(|a| a.as_str()).join(", ")
        ))
    })?;
    let expected = if_match(&headers)?;
    let c = trade::step_contract(&st, &me, id, expected, action, &input).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct ContractHistory {
    #[schema(value_type = Vec<Object>)]
    pub revisions: Vec<ContractRevision>,
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<ContractEvent>,
    #[schema(value_type = Vec<Object>)]
    pub attachments: Vec<gendan_store::Attachment>,
}

/// Every revision, every step taken (the facts the state comes from) and the attachments.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/history", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ContractHistory), (status = 404, body = Problem)))]
pub async fn contract_history(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<ContractHistory>, ApiError> {
    st.store.contract(id).await?;
    Ok(Json(ContractHistory {
        revisions: st.store.contract_revisions(id).await?,
        events: st.store.contract_events(id).await?,
        attachments: st.store.attachments("contract", id).await?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DiffParams {
    /// Revision number
    pub from: i64,
    /// Revision number
    pub to: i64,
}

/// The fields that differ between two revisions.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/diff", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path), DiffParams), responses((status = 200, body = Vec<RevisionDiff>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn contract_diff(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(p): Query<DiffParams>,
) -> Result<Json<Vec<RevisionDiff>>, ApiError> {
    Ok(Json(trade::contract_diff(&st, id, p.from, p.to).await?))
}

/// Download an attachment (the countersigned copy).
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn get_attachment(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let (a, data) = st.store.attachment_data(id).await?;
    Ok(download(&a.content_type, &a.file_name, data))
}

/// A file response with a safe `Content-Disposition`.
pub fn download(content_type: &str, file_name: &str, data: Vec<u8>) -> Response {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\""),
            ),
        ],
        data,
    )
        .into_response()
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CreditListParams {
    pub contract_id: Option<Uuid>,
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct CreditList {
    pub items: Vec<CreditView>,
}

/// Letters of credit, each with every difference from its contract.
#[utoipa::path(get, path = "/api/v1/letters-of-credit", tag = "letters_of_credit", security(("bearer" = [])),
    params(CreditListParams), responses((status = 200, body = CreditList)))]
pub async fn list_credits(
    State(st): State<AppState>,
    Query(p): Query<CreditListParams>,
) -> Result<Json<CreditList>, ApiError> {
    let limit = page(p.limit, &p.q)?;
    Ok(Json(CreditList {
        items: trade::credits(&st, p.contract_id, p.q, limit, p.offset.unwrap_or(0)).await?,
    }))
}

/// Record a letter of credit as advised, linked to its contract.
#[utoipa::path(post, path = "/api/v1/letters-of-credit", tag = "letters_of_credit", security(("bearer" = [])),
    request_body = LetterOfCreditInput, responses((status = 201, body = CreditView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_credit(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<LetterOfCreditInput>,
) -> Result<Response, ApiError> {
    let c = trade::create_credit(&st, &me, &input).await?;
    Ok((
        StatusCode::CREATED,
        etag(c.version),
        [(header::LOCATION, format!("/api/v1/letters-of-credit/{}", c.id))],
        Json(c),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/letters-of-credit/{id}", tag = "letters_of_credit", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CreditView), (status = 404, body = Problem)))]
pub async fn get_credit(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let r = st.store.record(RecordKind::LetterOfCredit, id).await?;
    let c = trade::credit_view(&st, &r).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

/// Record an amendment: the credit's new content becomes its next revision.
#[utoipa::path(put, path = "/api/v1/letters-of-credit/{id}", tag = "letters_of_credit", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = LetterOfCreditInput,
    responses((status = 200, body = CreditView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn put_credit(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LetterOfCreditInput>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let c = trade::update_credit(&st, &me, id, expected, &input).await?;
    Ok((etag(c.version), Json(c)).into_response())
}

/// Every revision (the original and each amendment), oldest first.
#[utoipa::path(get, path = "/api/v1/letters-of-credit/{id}/revisions", tag = "letters_of_credit", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = RecordRevisions), (status = 404, body = Problem)))]
pub async fn credit_revisions(
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<RecordRevisions>, ApiError> {
    st.store.record(RecordKind::LetterOfCredit, id).await?;
    Ok(Json(RecordRevisions {
        items: st.store.record_revisions(RecordKind::LetterOfCredit, id).await?,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PortParams {
    /// UN/LOCODE prefix or part of the name.
    pub q: String,
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct PortHit {
    pub code: String,
    pub name: String,
    pub country: String,
    pub country_name: String,
}

/// Search the UN/LOCODE ports shipped with the binary, by code or by name.
#[utoipa::path(get, path = "/api/v1/ports", tag = "reference", security(("bearer" = [])),
    params(PortParams), responses((status = 200, body = Vec<PortHit>)))]
pub async fn search_ports(Query(p): Query<PortParams>) -> Result<Json<Vec<PortHit>>, ApiError> {
    let limit = page(p.limit, &Some(p.q.clone()))?.min(100) as usize;
    Ok(Json(
        Port::search(&p.q, limit)
            .into_iter()
            .map(|port| PortHit {
                code: port.code.clone(),
                name: port.name.clone(),
                country: port.country.as_str().to_string(),
                country_name: port.country_name().to_string(),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CurrencyInfo {
    pub code: String,
    pub minor_units: u32,
}

/// ISO 4217 currencies with their minor units.
#[utoipa::path(get, path = "/api/v1/currencies", tag = "reference", security(("bearer" = [])),
    responses((status = 200, body = Vec<CurrencyInfo>)))]
pub async fn list_currencies() -> Json<Vec<CurrencyInfo>> {
    Json(
        gendan_domain::money::Currency::all()
            .map(|c| CurrencyInfo {
                code: c.as_str().to_string(),
                minor_units: c.minor_units(),
            })
            .collect(),
    )
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// The uploaded file's name (helps tell .csv from .xlsx).
    pub file_name: Option<String>,
    /// `true` saves when every row is valid; otherwise only a preview.
    pub commit: Option<bool>,
}

/// Import products or customers from an .xlsx or .csv file sent as the request body.
/// Without `commit=true` it is a preview; with it, all rows are saved or, if any row is bad,
/// none (every bad cell is named by row and column).
#[utoipa::path(post, path = "/api/v1/imports/{kind}", tag = "imports", security(("bearer" = [])),
    params(("kind" = String, Path, description = "products or customers"), ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = crate::trade::ImportReport), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(kind): Path<String>,
    Query(p): Query<ImportParams>,
    body: axum::body::Bytes,
) -> Result<Json<crate::trade::ImportReport>, ApiError> {
    let kind = crate::trade::ImportKind::parse(&kind)
        .ok_or_else(|| ApiError::not_found(format!("`{kind}`: import products or customers")))?;
    Ok(Json(
        crate::trade::import_file(
            &st,
            &me.write_context(&st),
            kind,
            p.file_name,
            body.to_vec(),
            p.commit.unwrap_or(false),
        )
        .await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TemplateParams {
    /// xlsx (default) or csv
    pub format: Option<String>,
}

/// The template to fill in, with example rows and a sheet explaining every column.
#[utoipa::path(get, path = "/api/v1/imports/{kind}/template", tag = "imports", security(("bearer" = [])),
    params(("kind" = String, Path, description = "products or customers"), TemplateParams),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn import_template(
    Path(kind): Path<String>,
    Query(p): Query<TemplateParams>,
) -> Result<Response, ApiError> {
    let format = p.format.unwrap_or_else(|| "xlsx".into());
    let (ct, name, bytes) = crate::trade::ImportKind::parse(&kind)
        .and_then(|k| crate::trade::import_template(k, &format))
        .ok_or_else(|| ApiError::not_found("use products or customers, and format xlsx or csv"))?;
    Ok(download(ct, &name, bytes))
}

/// The contract as a bilingual PDF (letterhead, parties, lines, terms, bank details,
/// signature blocks), rendered in the server.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/pdf", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, content_type = "application/pdf"), (status = 404, body = Problem)))]
pub async fn contract_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let (name, bytes) = crate::documents::contract_pdf(&st, &me, id).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// The contract as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/contracts/{id}/xlsx", tag = "contracts", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = Problem)))]
pub async fn contract_xlsx(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let (name, bytes) = crate::documents::contract_xlsx(&st, &me, id).await?;
    Ok(download(crate::trade::XLSX, &name, bytes))
}

#[derive(Serialize, ToSchema)]
pub struct CountryInfo {
    /// ISO 3166-1 alpha-2
    pub code: String,
    pub name: String,
}

/// ISO 3166-1 countries.
#[utoipa::path(get, path = "/api/v1/countries", tag = "reference", security(("bearer" = [])),
    responses((status = 200, body = Vec<CountryInfo>)))]
pub async fn list_countries() -> Json<Vec<CountryInfo>> {
    Json(
        gendan_domain::country::CountryCode::all()
            .map(|c| CountryInfo {
                code: c.as_str().to_string(),
                name: gendan_domain::country::country_name(c).to_string(),
            })
            .collect(),
    )
}
