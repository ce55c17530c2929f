//! Storage of bookings (订舱) and shipments (出运): bookings with every version kept, shipments
//! whose containers, milestones and sent shipping advices live in one versioned document, the
//! append-only events that document's changes leave, and customer tracking links.
//!
//! The rules are the caller's (`gendan_domain::shipment`); the store runs them inside the
//! write transaction with the buyer's row locked, so two writers cannot both take the last
//! cartons of an instruction across two shipments.

use crate::{StoreResult, WriteContext};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::shipment::BookingState;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookingRecord {
    pub id: Uuid,
    pub number: String,
    /// The buyer whose instructions it ships.
    pub customer_id: Uuid,
    pub state: BookingState,
    pub version: i64,
    /// `gendan_domain::shipment::BookingData`.
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewBooking {
    pub customer_id: Uuid,
    /// The date the number's year comes from.
    pub date: NaiveDate,
    pub search_text: String,
    pub doc: serde_json::Value,
}

/// A booking as it was after one change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookingRevision {
    pub version: i64,
    /// create, edit, confirm, reconfirm, cancel
    pub action: String,
    pub state: BookingState,
    pub doc: serde_json::Value,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct BookingChange {
    pub action: String,
    pub state: BookingState,
    pub doc: serde_json::Value,
    pub search_text: String,
    pub reason: Option<String>,
    /// Confirming a booking that has no shipment yet opens it in the same transaction.
    pub open_shipment: Option<ShipmentWrite>,
}

#[derive(Debug, Clone, Default)]
pub struct BookingQuery {
    pub customer_id: Option<Uuid>,
    pub state: Option<BookingState>,
    pub search: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// The booking rules (`gendan_domain::shipment::check_booking`), run inside the write
/// transaction with the buyer's row locked, given the buyer's other bookings that are not
/// cancelled and the booking's own shipment, if it has one (what is stuffed in it stays
/// booked).
pub type BookingCheck<'a> =
    &'a (dyn Fn(&[BookingRecord], Option<&ShipmentRecord>) -> Result<(), ValidationErrors> + Send + Sync);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShipmentRecord {
    pub id: Uuid,
    pub number: String,
    pub booking_id: Uuid,
    pub customer_id: Uuid,
    /// The furthest milestone reached (`booked` … `released`), or `cancelled`.
    pub stage: String,
    pub version: i64,
    /// `gendan_domain::shipment::ShipmentData`.
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A shipment's new content, as a change computes it.
#[derive(Debug, Clone)]
pub struct ShipmentWrite {
    pub doc: serde_json::Value,
    pub stage: String,
    pub search_text: String,
    /// What the event records (the container, the milestone, the advice sent).
    pub detail: serde_json::Value,
}

/// Computes a shipment's new content from the current one and the buyer's other shipments
/// that are not cancelled, inside the write transaction with the buyer's row locked; an error
/// changes nothing.
pub type ShipmentChange<'a> =
    &'a (dyn Fn(&ShipmentRecord, &[ShipmentRecord]) -> Result<ShipmentWrite, ValidationErrors> + Send + Sync);

/// A recorded fact about a shipment: open, container added/changed/removed, milestone,
/// advice sent, edit, cancel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShipmentEvent {
    pub seq: i64,
    pub action: String,
    pub detail: serde_json::Value,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct ShipmentQuery {
    pub customer_id: Option<Uuid>,
    pub booking_id: Option<Uuid>,
    pub stage: Option<String>,
    pub search: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// A link a customer follows a shipment through without signing in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackingLink {
    pub id: Uuid,
    pub shipment_id: Uuid,
    /// The documents the merchandiser chose to share (`shipping_advice`, `sales_contract`).
    pub documents: Vec<String>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl TrackingLink {
    pub fn is_valid(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

#[derive(Debug, Clone)]
pub struct NewTrackingLink {
    pub shipment_id: Uuid,
    /// SHA-256 of the token; the token itself is shown once and never stored.
    pub token_hash: String,
    pub documents: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait ShipmentStore: Send + Sync {
    /// A booking request with the next number of its year (`BK2026-0001`).
    async fn create_booking(
        &self,
        n: NewBooking,
        check: BookingCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<BookingRecord>;
    async fn booking(&self, id: Uuid) -> StoreResult<BookingRecord>;
    async fn list_bookings(&self, q: &BookingQuery) -> StoreResult<Vec<BookingRecord>>;
    /// Change a booking (edit the request, confirm, change the confirmation, cancel); every
    /// version is kept. Confirming opens the shipment (`SH2026-0001`); cancelling the booking
    /// cancels its shipment, refused once its goods are on board. A cancelled booking is not
    /// changed.
    async fn update_booking(
        &self,
        id: Uuid,
        expected_version: i64,
        c: BookingChange,
        check: BookingCheck<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<BookingRecord>;
    async fn booking_revisions(&self, id: Uuid) -> StoreResult<Vec<BookingRevision>>;

    async fn shipment(&self, id: Uuid) -> StoreResult<ShipmentRecord>;
    async fn list_shipments(&self, q: &ShipmentQuery) -> StoreResult<Vec<ShipmentRecord>>;
    /// Every shipment of a buyer that is not cancelled (roll-ups).
    async fn customer_shipments(&self, customer_id: Uuid) -> StoreResult<Vec<ShipmentRecord>>;
    /// Apply `change` under the buyer's row lock; `expected_version` (when given) must be
    /// current. A cancelled shipment is not changed. Appends the event and the audit entry.
    async fn change_shipment(
        &self,
        id: Uuid,
        expected_version: Option<i64>,
        action: &str,
        change: ShipmentChange<'_>,
        ctx: &WriteContext,
    ) -> StoreResult<ShipmentRecord>;
    async fn shipment_events(&self, id: Uuid) -> StoreResult<Vec<ShipmentEvent>>;

    async fn create_tracking_link(&self, l: NewTrackingLink, ctx: &WriteContext)
    -> StoreResult<TrackingLink>;
    async fn tracking_link_by_token(&self, token_hash: &str) -> StoreResult<Option<TrackingLink>>;
    async fn tracking_links(&self, shipment_id: Uuid) -> StoreResult<Vec<TrackingLink>>;
    async fn revoke_tracking_link(&self, id: Uuid, ctx: &WriteContext) -> StoreResult<TrackingLink>;
}
