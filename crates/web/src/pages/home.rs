//! The dashboard: what exists now, what is behind (production, shipment alerts, the on-time
//! delivery rate), and what is coming.

use super::{Chrome, render};
use crate::AppState;
use crate::auth::CurrentUser;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use gendan_domain::party::PartyKind;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    c: Chrome,
    /// (kind, translated name, count)
    kinds: Vec<(String, String, i64)>,
    /// (state, translated name, count) of contracts
    states: Vec<(String, String, i64)>,
    /// (state, translated name, count) of instructions
    instructions: Vec<(String, String, i64)>,
    /// Issued instructions behind plan: (id, number, status name)
    behind: Vec<(uuid::Uuid, String, String)>,
    /// Open shipment alerts, most urgent first.
    shipment_alerts: Vec<super::shipments::AlertRow>,
    /// The on-time delivery rate; none when it could not be computed.
    on_time: Option<super::shipments::OnTimeTile>,
    /// Booking requests the carrier has not confirmed yet.
    bookings_requested: usize,
    /// Document sets whose cross-check left findings open, blocking first.
    open_sets: Vec<crate::document_checks::OpenSet>,
    /// Open tasks of the user's queue (payment reminders to chase, escalations).
    tasks: Vec<gendan_store::Task>,
}

/// Party counts per kind and the stages still to come.
pub async fn dashboard(State(st): State<AppState>, me: CurrentUser) -> Response {
    let c = Chrome::for_user(&me, "/", "nav-dashboard");
    let counts = st.store.count_parties_by_kind().await.unwrap_or_default();
    let kinds = PartyKind::ALL
        .into_iter()
        .map(|k| {
            let n = counts
                .iter()
                .find(|(kk, _)| *kk == k)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (k.as_str().to_string(), c.i.t(&format!("kind-{}", k.as_str())), n)
        })
        .collect();
    let by_state = st.store.count_contracts_by_state().await.unwrap_or_default();
    let states = gendan_domain::contract::ContractState::ALL
        .into_iter()
        .map(|s| {
            let n = by_state
                .iter()
                .find(|(x, _)| *x == s)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (s.as_str().to_string(), c.i.t(&format!("state-{}", s.as_str())), n)
        })
        .collect();
    let by_state = st.store.count_instructions_by_state().await.unwrap_or_default();
    let instructions = gendan_domain::instruction::InstructionState::ALL
        .into_iter()
        .map(|s| {
            let n = by_state
                .iter()
                .find(|(x, _)| *x == s)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (
                s.as_str().to_string(),
                c.i.t(&format!("instruction-state-{}", s.as_str())),
                n,
            )
        })
        .collect();
    let behind = crate::production::alerts(&st)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(rec, p)| {
            (
                rec.id,
                rec.number,
                c.i.t(&format!("progress-{}", p.status.as_str())),
            )
        })
        .collect();
    let (shipment_alerts, on_time) = super::shipments::overview(&st, &c.i).await;
    let bookings_requested = st
        .store
        .list_bookings(&gendan_store::BookingQuery {
            state: Some(gendan_domain::shipment::BookingState::Requested),
            limit: 1000,
            ..Default::default()
        })
        .await
        .map(|b| b.len())
        .unwrap_or(0);
    let open_sets = crate::document_checks::open_sets(&st, 20)
        .await
        .unwrap_or_default();
    let tasks = crate::receivables::tasks(&st, Some(me.user.role.as_str()), None)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.state == "open")
        .take(30)
        .collect();
    render(&Dashboard {
        tasks,
        open_sets,
        c,
        kinds,
        states,
        instructions,
        behind,
        shipment_alerts,
        on_time,
        bookings_requested,
    })
}
