//! The audit trail: events per entity, and the chain verification.

use crate::AppState;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Query, State};
use gendan_domain::ValidationErrors;
use gendan_domain::audit::{AuditEvent, BrokenLink};
use gendan_store::AuditQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// `party`, `user`, `api_token`, …
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    /// Events before this sequence number (paging, newest first).
    pub before: Option<i64>,
    /// 1–1000, default 100.
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditEvent>,
    /// Pass as `before` for the next page.
    pub next_before: Option<i64>,
}

/// Audit events, newest first, with the fields each changed before and after.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditParams),
    responses((status = 200, body = AuditList), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_audit(
    State(st): State<AppState>,
    Query(p): Query<AuditParams>,
) -> Result<Json<AuditList>, ApiError> {
    if p.entity_type
        .as_ref()
        .is_some_and(|t| t.len() > 50 || !t.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    {
        return Err(ValidationErrors::single(
            "entity_type",
            "invalid_value",
            "use a record type such as party",
        )
        .into());
    }
    let limit = p.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ValidationErrors::single("limit", "out_of_range", "must be between 1 and 1000").into());
    }
    let items = st
        .store
        .audit_events(&AuditQuery {
            entity_type: p.entity_type,
            entity_id: p.entity_id,
            before_seq: p.before,
            limit,
        })
        .await?;
    let next_before = if items.len() as u32 == limit {
        items.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(Json(AuditList { items, next_before }))
}

#[derive(Serialize, ToSchema)]
pub struct ChainVerification {
    pub ok: bool,
    pub events_checked: u64,
    pub first_broken: Option<BrokenLink>,
}

/// Walk the whole hash chain and name the first broken link (admin only).
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", security(("bearer" = [])),
    responses((status = 200, body = ChainVerification), (status = 403, body = Problem)))]
pub async fn verify_audit(State(st): State<AppState>) -> Result<Json<ChainVerification>, ApiError> {
    let r = st.store.verify_audit_chain().await?;
    Ok(Json(ChainVerification {
        ok: r.first_broken.is_none(),
        events_checked: r.events_checked,
        first_broken: r.first_broken,
    }))
}
