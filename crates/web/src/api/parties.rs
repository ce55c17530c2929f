//! Parties: customers, consignees, notify parties, forwarders, carriers, banks, couriers,
//! suppliers.

use super::json::ApiJson;
use super::{etag, if_match};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::party::{Party, PartyInput, PartyKind, PartyPatch};
use gendan_store::{PartyCursor, PartyQuery, PartySort};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Page size, 1–500 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// customer, consignee, notify_party, forwarder, carrier, bank, courier, supplier
    pub kind: Option<String>,
    /// Search either name (Chinese or Latin), case-insensitive.
    pub q: Option<String>,
    /// `name` (default), `-name`, `created`, `-created`
    pub sort: Option<String>,
    /// Consignees and notify parties of this customer.
    pub customer_id: Option<Uuid>,
}

#[derive(Serialize, ToSchema)]
pub struct PartyList {
    pub items: Vec<Party>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Encode a cursor for URLs: `<uuid>.<hex of the sort key>`.
pub fn encode_cursor(c: &PartyCursor) -> String {
    let hex: String = c.key.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("{}.{hex}", c.id.simple())
}

pub fn decode_cursor(s: &str) -> Option<PartyCursor> {
    let (id, hex) = s.split_once('.')?;
    let id = Uuid::parse_str(id).ok()?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    Some(PartyCursor {
        key: String::from_utf8(bytes?).ok()?,
        id,
    })
}

/// Turn list parameters into a store query, reporting every bad one.
pub fn party_query(p: &ListParams) -> Result<PartyQuery, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errs.push(
            "limit",
            "out_of_range",
            format!("must be between 1 and {MAX_LIMIT}"),
        );
    }
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => {
            let parsed = PartyKind::parse(k);
            if parsed.is_none() {
                errs.push("kind", "invalid_choice", format!("`{k}` is not a party kind"));
            }
            parsed
        }
    };
    let sort = match p.sort.as_deref().filter(|s| !s.is_empty()) {
        None => PartySort::default(),
        Some(s) => PartySort::parse(s).unwrap_or_else(|| {
            errs.push("sort", "invalid_choice", "use name, -name, created or -created");
            PartySort::default()
        }),
    };
    let after = match p.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let d = decode_cursor(c);
            if d.is_none() {
                errs.push(
                    "cursor",
                    "invalid_cursor",
                    "use next_cursor from the previous page",
                );
            }
            d
        }
    };
    if p.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        errs.push("q", "too_long", "must be at most 200 characters");
    }
    if p.q.as_ref().is_some_and(|q| q.chars().any(char::is_control)) {
        errs.push("q", "control_characters", "must not contain control characters");
    }
    errs.into_result()?;
    Ok(PartyQuery {
        kind,
        search: p.q.clone(),
        customer_id: p.customer_id,
        sort,
        limit,
        after,
    })
}

/// List parties, a page at a time, filtered, searched and sorted.
#[utoipa::path(get, path = "/api/v1/parties", tag = "parties", security(("bearer" = [])), params(ListParams),
    responses((status = 200, body = PartyList), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn list_parties(
    State(st): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    let q = party_query(&p)?;
    // The database hands back the page already encoded (each party's stored document,
    // aggregated in order), so the rows are neither decoded nor encoded again here.
    let page = st.store.list_parties_json(&q).await?;
    let next = match &page.next {
        Some(c) => serde_json::to_string(&encode_cursor(c)).map_err(|e| ApiError::internal(e.to_string()))?,
        None => "null".to_string(),
    };
    let body = format!("{{\"items\":{},\"next_cursor\":{next}}}", page.items_json);
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Create a party. Every invalid field is reported at once (422).
#[utoipa::path(post, path = "/api/v1/parties", tag = "parties", security(("bearer" = [])), request_body = PartyInput,
    responses((status = 201, body = Party, headers(("ETag" = String))), (status = 400, body = Problem),
              (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_party(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(input): ApiJson<PartyInput>,
) -> Result<Response, ApiError> {
    let data = input.validate()?;
    let p = st.store.create_party(data, &me.write_context(&st)).await?;
    let location = format!("/api/v1/parties/{}", p.id);
    Ok((
        StatusCode::CREATED,
        etag(p.version),
        [(header::LOCATION, location)],
        Json(p),
    )
        .into_response())
}

/// One party; its `ETag` is the version to send back in `If-Match`.
#[utoipa::path(get, path = "/api/v1/parties/{id}", tag = "parties", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Party, headers(("ETag" = String))), (status = 404, body = Problem)))]
pub async fn get_party(State(st): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let p = st.store.party(id).await?;
    Ok((etag(p.version), Json(p)).into_response())
}

/// Change a party. `If-Match: "<version>"` is required (428 without); a stale version gets
/// 409 with the current version and changes nothing.
#[utoipa::path(patch, path = "/api/v1/parties/{id}", tag = "parties", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "the ETag from GET, e.g. \"3\"")),
    request_body = PartyPatch,
    responses((status = 200, body = Party, headers(("ETag" = String))), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn patch_party(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<PartyPatch>,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let current = st.store.party(id).await?;
    if current.version != expected {
        return Err(gendan_store::StoreError::Conflict {
            expected,
            current: current.version,
        }
        .into());
    }
    let data = patch.apply(&current.data).validate()?;
    let p = st
        .store
        .update_party(id, expected, data, &me.write_context(&st))
        .await?;
    Ok((etag(p.version), Json(p)).into_response())
}

/// Delete a party. Refused (409 `in_use`) while other records refer to it.
#[utoipa::path(delete, path = "/api/v1/parties/{id}", tag = "parties", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "the ETag from GET")),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 428, body = Problem)))]
pub async fn delete_party(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let expected = if_match(&headers)?;
    st.store
        .delete_party(id, expected, &me.write_context(&st))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_any_key() {
        let c = PartyCursor {
            key: "烟台 fruit & co.".into(),
            id: Uuid::now_v7(),
        };
        assert_eq!(decode_cursor(&encode_cursor(&c)), Some(c));
        assert_eq!(decode_cursor("garbage"), None);
        assert_eq!(decode_cursor("0190a0b0-0000-7000-8000-000000000000.zz"), None);
    }
}
