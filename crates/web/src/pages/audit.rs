//! The audit trail page: the latest events, newest first.

use super::{Chrome, HistoryRow, history_rows, render};
use crate::AppState;
use crate::auth::CurrentUser;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gendan_store::AuditQuery;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    rows: Vec<(String, String, HistoryRow)>,
    next_before: Option<i64>,
}

#[derive(Deserialize)]
pub struct Params {
    before: Option<i64>,
}

pub async fn page(State(st): State<AppState>, me: CurrentUser, Query(p): Query<Params>) -> Response {
    let c = Chrome::for_user(&me, "/audit", "nav-audit");
    let events = match st
        .store
        .audit_events(&AuditQuery {
            before_seq: p.before,
            limit: 100,
            ..Default::default()
        })
        .await
    {
        Ok(e) => e,
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    let next_before = if events.len() == 100 {
        events.last().map(|e| e.seq)
    } else {
        None
    };
    let entities: Vec<(String, String)> = events
        .iter()
        .map(|e| (e.entity_type.clone(), e.entity_id.to_string()))
        .collect();
    let rows = entities
        .into_iter()
        .zip(history_rows(&c.i, events))
        .map(|((t, id), r)| (t, id, r))
        .collect();
    render(&AuditPage { c, rows, next_before })
}
