//! Bookings (订舱) and shipments (出运) as use cases shared by the API and the pages: the
//! booking request pre-filled from issued instructions, the carrier's confirmation (which
//! opens the shipment), containers with their ISO 6346 numbers, stuffing and VGM, milestones,
//! the roll-up of shipped quantities to instruction and contract, the work-queue alerts, the
//! booking request and the shipping advice as PDF and e-mail text, and customer tracking links.
//!
//! The rules are `gendan_domain::shipment`'s; the store runs the ones that span shipments
//! under the buyer's row lock.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::documents::grouped;
use crate::error::ApiError;
use crate::i18n::I18n;
use crate::instructions::decode;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::contract::LineFigures;
use gendan_domain::instruction::{InstructionData, InstructionState};
use gendan_domain::letter_of_credit::LetterOfCreditData;
use gendan_domain::money::{Currency, Money};
use gendan_domain::port::Port;
use gendan_domain::production::ProgressStatus;
use gendan_domain::profile::CustomerProfile;
use gendan_domain::sales_contract::ContractData;
use gendan_domain::shipment::{
    self, AdviceSent, AlertInput, BookedInstruction, BookingConfirmation, BookingConfirmationInput,
    BookingData, BookingFinding, BookingRequest, BookingRequestInput, BookingState, Container,
    ContainerInput, ContainerSpec, LineBalance, Milestone, MilestoneContext, MilestoneInput, MilestoneKind,
    MilestoneSource, ReeferComparison, ShipmentAlert, ShipmentData, ShipmentDetailsInput, StuffingContext,
};
use gendan_render::{LabelValue, LetterDocument};
use gendan_store::{
    BookingChange, BookingQuery, BookingRecord, InstructionRecord, NewBooking, NewTrackingLink, RecordKind,
    RecordQuery, ShipmentQuery, ShipmentRecord, ShipmentWrite, TrackingLink,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// Most days a tracking link stays valid.
pub const MAX_TRACKING_DAYS: u32 = 180;
/// Documents a tracking link may share.
pub const SHAREABLE: [&str; 2] = ["shipping_advice", "sales_contract"];

fn encode<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(e.to_string()))
}

/// A container type from the load planner's table, as the shipment rules need it.
pub fn container_spec(code: &str) -> Option<ContainerSpec> {
    gendan_loadplan::container_type(code).map(|t| ContainerSpec {
        code: t.code.clone(),
        tare_kg: t.tare_kg,
        max_gross_kg: t.max_gross_kg,
        reefer: t.reefer,
    })
}

fn port_label(code: &str) -> String {
    match Port::lookup(code) {
        Some(p) => format!("{} ({})", p.name_ascii, p.code),
        None => code.to_string(),
    }
}

async fn party_name(st: &AppState, id: Uuid) -> String {
    match st.store.party(id).await {
        Ok(p) => p.data.display_name().to_string(),
        Err(_) => id.to_string(),
    }
}

// ---------------------------------------------------------------- instructions of a booking

/// An instruction a booking ships, with its contract.
pub struct Carried {
    pub record: InstructionRecord,
    pub data: InstructionData,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub contract: ContractData,
}

async fn carried(st: &AppState, ids: &[Uuid]) -> Result<Vec<Carried>, ApiError> {
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let record = match st.store.instruction(*id).await {
            Ok(r) => r,
            Err(gendan_store::StoreError::NotFound { .. }) => {
                return Err(ApiError::validation(ValidationErrors::single(
                    format!("instruction_ids[{i}]"),
                    "not_found",
                    "no such instruction",
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let data: InstructionData = decode(record.id, &record.doc)?;
        let c = st.store.contract(record.contract_id).await?;
        let contract: ContractData = decode(c.id, &c.doc)?;
        out.push(Carried {
            contract_id: c.id,
            contract_number: c.number,
            record,
            data,
            contract,
        });
    }
    Ok(out)
}

fn booked_instructions<'a>(items: &'a [Carried], others: &[BookingRecord]) -> Vec<BookedInstruction<'a>> {
    items
        .iter()
        .map(|c| BookedInstruction {
            id: c.record.id,
            number: &c.record.number,
            state: c.record.state,
            buyer_id: c.contract.buyer_id,
            data: &c.data,
            contract: &c.contract,
            booked_elsewhere: others
                .iter()
                .filter(|b| {
                    b.doc["request"]["instruction_ids"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(&c.record.id.to_string())))
                })
                .map(|b| b.number.clone())
                .collect(),
        })
        .collect()
}

// ---------------------------------------------------------------- bookings

/// Make a booking request from issued instructions of one buyer. Without `request` it is
/// pre-filled from the instructions (containers, reefer settings, ETD window, ports,
/// forwarder, goods).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBookingInput {
    #[serde(default)]
    pub instruction_ids: Vec<Uuid>,
    #[serde(default)]
    pub request: Option<BookingRequestInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveBookingInput {
    pub request: BookingRequestInput,
    /// Why the request changed after confirmation (kept in the history).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBookingInput {
    pub confirmation: BookingConfirmationInput,
    /// The day the carrier confirmed (the booked milestone), YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub confirmed_on: Option<String>,
    /// Why a confirmation changed (vessel rolled, new cut-offs), kept in the history.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBookingInput {
    pub reason: String,
}

/// An instruction as a booking or shipment names it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstructionRef {
    pub id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub latest_shipment: NaiveDate,
    pub partial_shipments: bool,
}

fn instruction_ref(c: &Carried) -> InstructionRef {
    InstructionRef {
        id: c.record.id,
        number: c.record.number.clone(),
        contract_id: c.contract_id,
        contract_number: c.contract_number.clone(),
        latest_shipment: c.contract.shipment_latest,
        partial_shipments: c.contract.partial_shipments,
    }
}

/// One change in a booking's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BookingHistoryEntry {
    pub version: i64,
    pub action: String,
    pub state: BookingState,
    /// Field paths that changed from the version before.
    pub changed_fields: Vec<String>,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BookingView {
    pub id: Uuid,
    pub number: String,
    pub state: BookingState,
    pub version: i64,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub forwarder_name: String,
    pub instructions: Vec<InstructionRef>,
    pub request: BookingRequest,
    pub confirmation: Option<BookingConfirmation>,
    /// Where the booking disagrees with its instructions and contracts.
    pub findings: Vec<BookingFinding>,
    pub shipment_id: Option<Uuid>,
    pub shipment_number: Option<String>,
    pub history: Vec<BookingHistoryEntry>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn booking_search(number_hint: &str, customer: &str, items: &[Carried], b: &BookingData) -> String {
    let mut s = format!("{number_hint} {customer}");
    for c in items {
        s.push_str(&format!(" {} {}", c.record.number, c.contract_number));
    }
    if let Some(c) = &b.confirmation {
        s.push_str(&format!(
            " {} {} {} {}",
            c.carrier, c.vessel, c.voyage, c.booking_number
        ));
    }
    s.push(' ');
    s.push_str(&b.request.commodity);
    s.to_lowercase()
}

async fn check_forwarder(st: &AppState, id: Uuid) -> Result<(), ApiError> {
    match st.store.party(id).await {
        Ok(p) if p.data.kind == gendan_domain::party::PartyKind::Forwarder => Ok(()),
        Ok(_) => Err(ApiError::validation(ValidationErrors::single(
            "forwarder_id",
            "not_a_forwarder",
            "that party is not a forwarder",
        ))),
        Err(_) => Err(ApiError::validation(ValidationErrors::single(
            "forwarder_id",
            "not_found",
            "no such party",
        ))),
    }
}

fn under(prefix: &str, mut e: ApiError) -> ApiError {
    for f in &mut e.errors {
        f.field = format!("{prefix}.{}", f.field);
    }
    e
}

pub async fn prefill_booking(st: &AppState, ids: &[Uuid]) -> Result<BookingRequestInput, ApiError> {
    let items = carried(st, ids).await?;
    let v: Vec<(Uuid, &InstructionData, &ContractData)> = items
        .iter()
        .map(|c| (c.record.id, &c.data, &c.contract))
        .collect();
    Ok(BookingRequestInput::from_instructions(&v))
}

pub async fn create_booking(
    st: &AppState,
    me: &CurrentUser,
    input: &CreateBookingInput,
) -> Result<BookingView, ApiError> {
    let mut req = match &input.request {
        Some(r) => r.clone(),
        None => {
            if input.instruction_ids.is_empty() {
                return Err(ApiError::validation(ValidationErrors::single(
                    "instruction_ids",
                    "no_instructions",
                    "a booking ships at least one instruction",
                )));
            }
            prefill_booking(st, &input.instruction_ids).await?
        }
    };
    if req.instruction_ids.is_empty() {
        req.instruction_ids = input.instruction_ids.clone();
    }
    // Errors name the request's fields as the API names them (`request.etd_to`).
    let wrap = |e: ApiError| under("request", e);
    let request = req
        .validate(&container_spec)
        .map_err(|e| wrap(ApiError::validation(e)))?;
    check_forwarder(st, request.forwarder_id).await.map_err(wrap)?;
    let items = carried(st, &request.instruction_ids).await.map_err(wrap)?;
    let customer_id = items
        .first()
        .map(|c| c.contract.buyer_id)
        .expect("validated: one or more");
    let data = BookingData {
        request,
        confirmation: None,
    };
    let customer = party_name(st, customer_id).await;
    let search = booking_search("", &customer, &items, &data);
    let check = |others: &[BookingRecord], _: Option<&ShipmentRecord>| {
        shipment::check_booking(&booked_instructions(&items, others))
    };
    let rec = st
        .store
        .create_booking(
            NewBooking {
                customer_id,
                date: st.clock.today(),
                search_text: search,
                doc: encode(&data)?,
            },
            &check,
            &me.write_context(st),
        )
        .await
        .map_err(|e| wrap(e.into()))?;
    booking_view(st, &rec).await
}

pub async fn booking_view(st: &AppState, rec: &BookingRecord) -> Result<BookingView, ApiError> {
    let data: BookingData = decode(rec.id, &rec.doc)?;
    let items = carried(st, &data.request.instruction_ids).await?;
    let findings = shipment::booking_findings(&data, &booked_instructions(&items, &[]));
    let shipment = st
        .store
        .list_shipments(&ShipmentQuery {
            booking_id: Some(rec.id),
            limit: 1,
            ..Default::default()
        })
        .await?
        .into_iter()
        .next();
    let revisions = st.store.booking_revisions(rec.id).await?;
    let mut history = Vec::new();
    let mut prev: Option<&serde_json::Value> = None;
    for r in &revisions {
        let changed_fields = match prev {
            Some(p) => crate::trade::revision_diff(p, &r.doc)
                .into_iter()
                .map(|d| d.field)
                .collect(),
            None => Vec::new(),
        };
        history.push(BookingHistoryEntry {
            version: r.version,
            action: r.action.clone(),
            state: r.state,
            changed_fields,
            reason: r.reason.clone(),
            actor: r.actor.clone(),
            at: r.at,
        });
        prev = Some(&r.doc);
    }
    history.reverse();
    Ok(BookingView {
        id: rec.id,
        number: rec.number.clone(),
        state: rec.state,
        version: rec.version,
        customer_id: rec.customer_id,
        customer_name: party_name(st, rec.customer_id).await,
        forwarder_name: party_name(st, data.request.forwarder_id).await,
        instructions: items.iter().map(instruction_ref).collect(),
        request: data.request,
        confirmation: data.confirmation,
        findings,
        shipment_id: shipment.as_ref().map(|s| s.id),
        shipment_number: shipment.map(|s| s.number),
        history,
        created_at: rec.created_at,
        updated_at: rec.updated_at,
    })
}

// The booking, who, and the new state, document and reason of the change.
#[allow(clippy::too_many_arguments)]
async fn change_booking(
    st: &AppState,
    me: &CurrentUser,
    rec: &BookingRecord,
    expected_version: i64,
    action: &str,
    state: BookingState,
    data: &BookingData,
    reason: Option<String>,
    booked_on: Option<NaiveDate>,
) -> Result<BookingView, ApiError> {
    let items = carried(st, &data.request.instruction_ids).await?;
    let customer = party_name(st, rec.customer_id).await;
    let rec_ids: Vec<Uuid> = decode::<BookingData>(rec.id, &rec.doc)?.request.instruction_ids;
    let open_shipment = match (state, rec.state) {
        (BookingState::Confirmed, BookingState::Requested) => {
            let today = booked_on.unwrap_or_else(|| st.clock.today());
            let doc = ShipmentData {
                milestones: vec![Milestone {
                    kind: MilestoneKind::Booked,
                    date: today,
                    source: MilestoneSource::Forwarder,
                    note: data
                        .confirmation
                        .as_ref()
                        .map(|c| format!("{} {}", c.carrier, c.booking_number)),
                    recorded_by: me.actor().label,
                    recorded_at: st.clock.now(),
                }],
                ..Default::default()
            };
            Some(ShipmentWrite {
                stage: doc.stage().into(),
                search_text: booking_search("", &customer, &items, data),
                doc: encode(&doc)?,
                detail: serde_json::json!({ "booking": rec.number }),
            })
        }
        _ => None,
    };
    let buyers_ok = items.iter().all(|c| c.contract.buyer_id == rec.customer_id);
    if !buyers_ok {
        return Err(ApiError::validation(ValidationErrors::single(
            "request.instruction_ids",
            "mixed_buyers",
            "every instruction of a booking is for its buyer",
        )));
    }
    let ids = data.request.instruction_ids.clone();
    let check = |others: &[BookingRecord], own: Option<&ShipmentRecord>| {
        shipment::check_booking(&booked_instructions(&items, others))?;
        // What is stuffed in the booking's shipment stays booked; once on board, the
        // instructions it carries are fixed.
        if let Some(d) = own.and_then(decode_data) {
            let stuffed: Vec<Uuid> = d
                .containers
                .iter()
                .flat_map(|k| k.lines.iter().map(|l| l.instruction_id))
                .collect();
            if let Some(gone) = stuffed.iter().find(|i| !ids.contains(i)) {
                return Err(ValidationErrors::single(
                    "request.instruction_ids",
                    "in_use",
                    format!(
                        "instruction {gone} has goods stuffed on this booking's shipment: take them out of the containers first"
                    ),
                ));
            }
            if d.on_board().is_some() && !ids.iter().all(|i| rec_ids.contains(i)) {
                return Err(ValidationErrors::single(
                    "request.instruction_ids",
                    "already_on_board",
                    "the goods are on board: the instructions of this booking are fixed",
                ));
            }
        }
        Ok(())
    };
    let after = st
        .store
        .update_booking(
            rec.id,
            expected_version,
            BookingChange {
                action: action.into(),
                state,
                doc: encode(data)?,
                search_text: booking_search("", &customer, &items, data),
                reason,
                open_shipment,
            },
            &check,
            &me.write_context(st),
        )
        .await?;
    booking_view(st, &after).await
}

fn clean_reason(field: &str, r: &Option<String>, required: bool) -> Result<Option<String>, ApiError> {
    let r = r.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match r {
        None if required => Err(ApiError::validation(ValidationErrors::single(
            field,
            "required",
            "give the reason",
        ))),
        Some(s) if s.chars().count() > 1000 || s.chars().any(char::is_control) => {
            Err(ApiError::validation(ValidationErrors::single(
                field,
                "invalid_text",
                "at most 1000 characters, no control characters",
            )))
        }
        r => Ok(r.map(str::to_string)),
    }
}

pub async fn save_booking(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected_version: i64,
    input: &SaveBookingInput,
) -> Result<BookingView, ApiError> {
    let rec = st.store.booking(id).await?;
    let mut data: BookingData = decode(rec.id, &rec.doc)?;
    let request = input
        .request
        .validate(&container_spec)
        .map_err(|e| under("request", ApiError::validation(e)))?;
    check_forwarder(st, request.forwarder_id)
        .await
        .map_err(|e| under("request", e))?;
    let reason = clean_reason("reason", &input.reason, false)?;
    data.request = request;
    let action = if rec.state == BookingState::Confirmed {
        "amend"
    } else {
        "edit"
    };
    change_booking(
        st,
        me,
        &rec,
        expected_version,
        action,
        rec.state,
        &data,
        reason,
        None,
    )
    .await
    .map_err(|e| {
        let mut e = e;
        for f in &mut e.errors {
            if f.field.starts_with("instruction_ids") {
                f.field = format!("request.{}", f.field);
            }
        }
        e
    })
}

pub async fn confirm_booking(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected_version: i64,
    input: &ConfirmBookingInput,
) -> Result<BookingView, ApiError> {
    let rec = st.store.booking(id).await?;
    let mut data: BookingData = decode(rec.id, &rec.doc)?;
    let c = input
        .confirmation
        .validate()
        .map_err(|e| under("confirmation", ApiError::validation(e)))?;
    let reason = clean_reason("reason", &input.reason, false)?;
    let booked_on = match input.confirmed_on.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => {
            let mut errs = ValidationErrors::new();
            let date = gendan_domain::documents::validate_date(&mut errs, "confirmed_on", d);
            if let Some(date) = date {
                if date > st.clock.today() {
                    errs.push("confirmed_on", "in_future", format!("{date} is after today"));
                }
                if date < rec.created_at.date_naive() {
                    errs.push(
                        "confirmed_on",
                        "out_of_order",
                        format!(
                            "{date} is before the booking was requested on {}",
                            rec.created_at.date_naive()
                        ),
                    );
                }
            }
            errs.into_result()?;
            date
        }
        _ => None,
    };
    let action = if data.confirmation.is_some() {
        "reconfirm"
    } else {
        "confirm"
    };
    data.confirmation = Some(c);
    change_booking(
        st,
        me,
        &rec,
        expected_version,
        action,
        BookingState::Confirmed,
        &data,
        reason,
        booked_on,
    )
    .await
}

pub async fn cancel_booking(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected_version: i64,
    input: &CancelBookingInput,
) -> Result<BookingView, ApiError> {
    let rec = st.store.booking(id).await?;
    let data: BookingData = decode(rec.id, &rec.doc)?;
    let reason = clean_reason("reason", &Some(input.reason.clone()), true)?;
    change_booking(
        st,
        me,
        &rec,
        expected_version,
        "cancel",
        BookingState::Cancelled,
        &data,
        reason,
        None,
    )
    .await
}

pub async fn list_bookings(st: &AppState, q: &BookingQuery) -> Result<Vec<BookingRecord>, ApiError> {
    Ok(st.store.list_bookings(q).await?)
}

// ---------------------------------------------------------------- shipments

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContainerView {
    #[serde(flatten)]
    pub container: Container,
    pub packages: u64,
    #[schema(value_type = String)]
    pub net_kg: Decimal,
    #[schema(value_type = String)]
    pub gross_kg: Decimal,
    #[schema(value_type = String)]
    pub max_gross_kg: Option<Decimal>,
    pub reefer: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShipmentTotals {
    pub containers: usize,
    pub containers_booked: u32,
    pub packages: u64,
    #[schema(value_type = String)]
    pub net_kg: Decimal,
    #[schema(value_type = String)]
    pub gross_kg: Decimal,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstructionBalanceView {
    pub instruction_id: Uuid,
    pub number: String,
    pub lines: Vec<LineBalance>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractBalanceView {
    pub contract_id: Uuid,
    pub number: String,
    pub partial_shipments: bool,
    pub lines: Vec<LineBalance>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackingLinkView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub link: TrackingLink,
    pub valid: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShipmentView {
    pub id: Uuid,
    pub number: String,
    /// The furthest milestone reached, or `cancelled`.
    pub stage: String,
    pub version: i64,
    pub booking_id: Uuid,
    pub booking_number: String,
    pub booking_state: BookingState,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub forwarder_name: String,
    pub request: BookingRequest,
    pub confirmation: Option<BookingConfirmation>,
    pub instructions: Vec<InstructionRef>,
    pub bl_number: Option<String>,
    pub invoice_number: Option<String>,
    /// Stuffed quantities × the contracts' unit prices, per currency (computed).
    pub invoice_amounts: Vec<Money>,
    pub containers: Vec<ContainerView>,
    pub totals: ShipmentTotals,
    pub reefer: Vec<ReeferComparison>,
    /// Every milestone record, in the order recorded.
    pub milestones: Vec<Milestone>,
    /// The milestones in force (the last record of each kind), in step order.
    pub current_milestones: Vec<Milestone>,
    pub on_board: Option<NaiveDate>,
    /// On board by every carried contract's latest shipment date.
    pub on_time: Option<bool>,
    /// Combined: carries more than one instruction.
    pub combined: bool,
    /// Partial: a carried instruction also ships in another shipment.
    pub partial: bool,
    pub balances: Vec<InstructionBalanceView>,
    pub contract_balances: Vec<ContractBalanceView>,
    pub alerts: Vec<ShipmentAlert>,
    pub advices: Vec<AdviceSent>,
    pub tracking_links: Vec<TrackingLinkView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything a shipment's rules and views need.
pub struct ShipmentContext {
    pub record: ShipmentRecord,
    pub data: ShipmentData,
    pub booking: BookingRecord,
    pub booking_data: BookingData,
    pub items: Vec<Carried>,
}

impl ShipmentContext {
    fn instruction_map(&self) -> HashMap<Uuid, (&InstructionData, &ContractData)> {
        self.items
            .iter()
            .map(|c| (c.record.id, (&c.data, &c.contract)))
            .collect()
    }
}

pub async fn shipment_context(st: &AppState, id: Uuid) -> Result<ShipmentContext, ApiError> {
    let record = st.store.shipment(id).await?;
    let data: ShipmentData = decode(record.id, &record.doc)?;
    let booking = st.store.booking(record.booking_id).await?;
    let booking_data: BookingData = decode(booking.id, &booking.doc)?;
    let items = carried(st, &booking_data.request.instruction_ids).await?;
    Ok(ShipmentContext {
        record,
        data,
        booking,
        booking_data,
        items,
    })
}

fn decode_data(s: &ShipmentRecord) -> Option<ShipmentData> {
    serde_json::from_value(s.doc.clone()).ok()
}

/// Stuffed and shipped quantities per (instruction, line) over `shipments`.
fn totals_over(shipments: &[(ShipmentData, bool)]) -> (shipment::LineQuantities, shipment::LineQuantities) {
    shipment::stuffed_totals(shipments.iter().map(|(d, b)| (d.containers.as_slice(), *b)))
}

fn invoice_amounts(cx: &ShipmentContext) -> Vec<Money> {
    let mut by: BTreeMap<String, (Currency, Decimal)> = BTreeMap::new();
    for k in &cx.data.containers {
        for l in &k.lines {
            let Some(c) = cx.items.iter().find(|c| c.record.id == l.instruction_id) else {
                continue;
            };
            let Some(il) = c.data.lines.get(l.line as usize) else {
                continue;
            };
            let Some(cl) = c.contract.lines.get(il.contract_line as usize) else {
                continue;
            };
            let amount = LineFigures {
                quantity: l.quantity,
                unit: cl.figures.unit,
                unit_price: cl.figures.unit_price,
            }
            .amount(c.contract.currency);
            let e = by
                .entry(c.contract.currency.to_string())
                .or_insert((c.contract.currency, Decimal::ZERO));
            e.1 += amount.amount;
        }
    }
    by.into_values()
        .map(|(currency, amount)| Money { amount, currency })
        .collect()
}

async fn not_ready(st: &AppState, cx: &ShipmentContext) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for c in &cx.items {
        let p = crate::production::progress(st, c.record.id).await?;
        if p.overall.status != ProgressStatus::Ready {
            out.push(c.record.number.clone());
        }
    }
    Ok(out)
}

pub async fn shipment_view(st: &AppState, id: Uuid) -> Result<ShipmentView, ApiError> {
    let cx = shipment_context(st, id).await?;
    view_of(st, cx).await
}

async fn view_of(st: &AppState, cx: ShipmentContext) -> Result<ShipmentView, ApiError> {
    let today = st.clock.today();
    // Every shipment of the buyer that is not cancelled, this one included.
    let all: Vec<ShipmentRecord> = st.store.customer_shipments(cx.record.customer_id).await?;
    let mut datas: Vec<(ShipmentData, bool)> = Vec::new();
    let mut partial = false;
    let carried_ids: Vec<Uuid> = cx.items.iter().map(|c| c.record.id).collect();
    for s in &all {
        let Some(d) = decode_data(s) else { continue };
        let on_board = d.on_board().is_some();
        if s.id != cx.record.id
            && d.containers
                .iter()
                .flat_map(|k| &k.lines)
                .any(|l| carried_ids.contains(&l.instruction_id))
        {
            partial = true;
        }
        datas.push((d, on_board));
    }
    if cx.record.stage != "cancelled" && !all.iter().any(|s| s.id == cx.record.id) {
        datas.push((cx.data.clone(), cx.data.on_board().is_some()));
    }
    let (stuffed, shipped) = totals_over(&datas);
    // Partial also when the same instruction is on another active booking.
    if !partial {
        let others = st
            .store
            .list_bookings(&BookingQuery {
                customer_id: Some(cx.record.customer_id),
                limit: 1000,
                ..Default::default()
            })
            .await?;
        partial = others.iter().any(|b| {
            b.id != cx.booking.id
                && b.state != BookingState::Cancelled
                && b.doc["request"]["instruction_ids"].as_array().is_some_and(|a| {
                    a.iter()
                        .any(|v| carried_ids.iter().any(|c| v.as_str() == Some(&c.to_string())))
                })
        });
    }
    let balances = cx
        .items
        .iter()
        .map(|c| InstructionBalanceView {
            instruction_id: c.record.id,
            number: c.record.number.clone(),
            lines: shipment::instruction_balance(c.record.id, &c.data, &c.contract, &stuffed, &shipped),
        })
        .collect();
    let mut contract_balances = Vec::new();
    let mut seen: Vec<Uuid> = Vec::new();
    for c in &cx.items {
        if seen.contains(&c.contract_id) {
            continue;
        }
        seen.push(c.contract_id);
        let siblings = st
            .store
            .list_instructions(&gendan_store::InstructionQuery {
                contract_id: Some(c.contract_id),
                limit: 1000,
                ..Default::default()
            })
            .await?;
        let sibling_data: Vec<(Uuid, InstructionData)> = siblings
            .iter()
            .filter(|r| r.state != InstructionState::Cancelled)
            .map(|r| Ok((r.id, decode::<InstructionData>(r.id, &r.doc)?)))
            .collect::<Result<_, ApiError>>()?;
        let refs: Vec<(Uuid, &InstructionData)> = sibling_data.iter().map(|(i, d)| (*i, d)).collect();
        contract_balances.push(ContractBalanceView {
            contract_id: c.contract_id,
            number: c.contract_number.clone(),
            partial_shipments: c.contract.partial_shipments,
            lines: shipment::contract_balance(&c.contract, &refs, &stuffed, &shipped),
        });
    }
    let containers: Vec<ContainerView> = cx
        .data
        .containers
        .iter()
        .map(|k| {
            let spec = container_spec(&k.container_type);
            ContainerView {
                packages: k.packages(),
                net_kg: k.net_kg(),
                gross_kg: k.gross_kg(),
                max_gross_kg: spec.as_ref().map(|s| s.max_gross_kg),
                reefer: spec.is_some_and(|s| s.reefer),
                container: k.clone(),
            }
        })
        .collect();
    let booked: u32 = cx.booking_data.request.containers.iter().map(|c| c.count).sum();
    let totals = ShipmentTotals {
        containers: containers.len(),
        containers_booked: booked,
        packages: containers.iter().map(|c| c.packages).sum(),
        net_kg: containers.iter().map(|c| c.net_kg).sum(),
        gross_kg: containers.iter().map(|c| c.gross_kg).sum(),
    };
    // Each container against the instruction whose goods it holds (the booking's setting
    // when it holds none yet).
    let instructed = |k: &Container| {
        k.lines
            .iter()
            .find_map(|l| {
                cx.items
                    .iter()
                    .find(|c| c.record.id == l.instruction_id)
                    .and_then(|c| c.data.shipping.reefer.clone())
            })
            .or_else(|| cx.booking_data.request.reefer.clone())
    };
    let reefer = shipment::compare_reefer(&cx.data.containers, &instructed, &|t| {
        container_spec(t).is_some_and(|s| s.reefer)
    });
    let on_board = cx.data.on_board();
    let on_time = on_board.map(|d| {
        cx.items
            .iter()
            .all(|c| shipment::on_time(d, c.contract.shipment_latest))
    });
    let not_ready = if cx.record.stage == "cancelled" {
        Vec::new()
    } else {
        not_ready(st, &cx).await?
    };
    let contracts: Vec<(String, NaiveDate)> = {
        let mut v: Vec<(String, NaiveDate)> = Vec::new();
        for c in &cx.items {
            if !v.iter().any(|(n, _)| n == &c.contract_number) {
                v.push((c.contract_number.clone(), c.contract.shipment_latest));
            }
        }
        v
    };
    let alerts = if cx.record.stage == "cancelled" {
        Vec::new()
    } else {
        shipment::alerts(&AlertInput {
            confirmation: cx.booking_data.confirmation.as_ref(),
            containers: &cx.data.containers,
            milestones: &cx.data.milestones,
            containers_booked: booked,
            not_ready: &not_ready,
            contracts: &contracts,
            today,
        })
    };
    let now = st.clock.now();
    let tracking_links = st
        .store
        .tracking_links(cx.record.id)
        .await?
        .into_iter()
        .map(|l| TrackingLinkView {
            valid: l.is_valid(now),
            link: l,
        })
        .collect();
    Ok(ShipmentView {
        id: cx.record.id,
        number: cx.record.number.clone(),
        stage: cx.record.stage.clone(),
        version: cx.record.version,
        booking_id: cx.booking.id,
        booking_number: cx.booking.number.clone(),
        booking_state: cx.booking.state,
        customer_id: cx.record.customer_id,
        customer_name: party_name(st, cx.record.customer_id).await,
        forwarder_name: party_name(st, cx.booking_data.request.forwarder_id).await,
        instructions: cx.items.iter().map(instruction_ref).collect(),
        bl_number: cx.data.bl_number.clone(),
        invoice_number: cx.data.invoice_number.clone(),
        invoice_amounts: invoice_amounts(&cx),
        containers,
        totals,
        reefer,
        current_milestones: shipment::current_milestones(&cx.data.milestones)
            .into_iter()
            .cloned()
            .collect(),
        milestones: cx.data.milestones.clone(),
        on_board,
        on_time,
        combined: cx.items.len() > 1,
        partial,
        balances,
        contract_balances,
        alerts,
        advices: cx.data.advices.clone(),
        tracking_links,
        request: cx.booking_data.request.clone(),
        confirmation: cx.booking_data.confirmation.clone(),
        created_at: cx.record.created_at,
        updated_at: cx.record.updated_at,
    })
}

fn shipment_search(d: &ShipmentData) -> String {
    let mut s = String::new();
    if let Some(b) = &d.bl_number {
        s.push_str(b);
    }
    if let Some(i) = &d.invoice_number {
        s.push(' ');
        s.push_str(i);
    }
    for c in &d.containers {
        s.push(' ');
        s.push_str(c.number.as_str());
    }
    s.to_lowercase()
}

/// Apply a change to a shipment's document under the buyer's lock: `f` gets the current
/// document and the quantities stuffed in every other shipment, and returns the new document
/// and the event's detail.
async fn change<F>(
    st: &AppState,
    me: &CurrentUser,
    cx: &ShipmentContext,
    expected_version: Option<i64>,
    action: &str,
    f: F,
) -> Result<ShipmentView, ApiError>
where
    F: Fn(ShipmentData, &Elsewhere) -> Result<(ShipmentData, serde_json::Value), ValidationErrors>
        + Send
        + Sync,
{
    let booking_search_text = {
        let customer = party_name(st, cx.record.customer_id).await;
        booking_search("", &customer, &cx.items, &cx.booking_data)
    };
    let closure =
        |cur: &ShipmentRecord, others: &[ShipmentRecord]| -> Result<ShipmentWrite, ValidationErrors> {
            let data: ShipmentData = serde_json::from_value(cur.doc.clone())
                .map_err(|e| ValidationErrors::single("shipment", "unreadable", e.to_string()))?;
            let other: Vec<(ShipmentData, bool)> = others
                .iter()
                .filter_map(decode_data)
                .map(|d| {
                    let b = d.on_board().is_some();
                    (d, b)
                })
                .collect();
            let (stuffed, shipped) = totals_over(&other);
            // A container is on one voyage at a time: until its shipment has arrived.
            let containers_in_use = other
                .iter()
                .filter(|(d, _)| !matches!(d.stage(), "arrived" | "released"))
                .flat_map(|(d, _)| d.containers.iter().map(|k| k.number.clone()))
                .collect();
            let (new, detail) = f(
                data,
                &Elsewhere {
                    stuffed,
                    shipped,
                    containers_in_use,
                },
            )?;
            Ok(ShipmentWrite {
                stage: new.stage().into(),
                search_text: format!("{} {}", booking_search_text, shipment_search(&new)),
                doc: serde_json::to_value(&new)
                    .map_err(|e| ValidationErrors::single("shipment", "unencodable", e.to_string()))?,
                detail,
            })
        };
    let rec = st
        .store
        .change_shipment(
            cx.record.id,
            expected_version,
            action,
            &closure,
            &me.write_context(st),
        )
        .await?;
    shipment_view(st, rec.id).await
}

/// What the buyer's other shipments hold, as a change sees it under the lock.
struct Elsewhere {
    /// Stuffed and not yet on board, per (instruction, line).
    stuffed: shipment::LineQuantities,
    /// On board, per (instruction, line).
    shipped: shipment::LineQuantities,
    /// Containers on another shipment that has not arrived yet.
    containers_in_use: Vec<gendan_domain::shipment::ContainerNumber>,
}

/// Sum of both maps: everything stuffed elsewhere, on board or not.
fn all_elsewhere(
    a: &HashMap<(Uuid, u32), Decimal>,
    b: &HashMap<(Uuid, u32), Decimal>,
) -> HashMap<(Uuid, u32), Decimal> {
    let mut m = a.clone();
    for (k, v) in b {
        *m.entry(*k).or_default() += *v;
    }
    m
}

fn on_board_refusal(d: &ShipmentData, what: &str) -> Result<(), ValidationErrors> {
    if d.on_board().is_some() {
        return Err(ValidationErrors::single(
            "stage",
            "already_on_board",
            format!(
                "the goods are on board: the {what} is no longer changed (record a correction with the forwarder)"
            ),
        ));
    }
    Ok(())
}

pub async fn add_container(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &ContainerInput,
) -> Result<ShipmentView, ApiError> {
    let cx = shipment_context(st, id).await?;
    let map = cx.instruction_map();
    let today = st.clock.today();
    change(st, me, &cx, None, "container_added", |mut d, e| {
        on_board_refusal(&d, "container list")?;
        let elsewhere = all_elsewhere(&e.stuffed, &e.shipped);
        let mut here = elsewhere.clone();
        for k in &d.containers {
            for l in &k.lines {
                *here.entry((l.instruction_id, l.line)).or_default() += l.quantity;
            }
        }
        let numbers: Vec<_> = d.containers.iter().map(|c| c.number.clone()).collect();
        let mut c = input.validate(
            &container_spec,
            &StuffingContext {
                instructions: &map,
                stuffed_elsewhere: &here,
                other_numbers: &numbers,
                milestones: &d.milestones,
                today,
            },
        )?;
        if e.containers_in_use.contains(&c.number) {
            return Err(ValidationErrors::single(
                "number",
                "duplicate",
                format!("{} is on another shipment that has not arrived yet", c.number),
            ));
        }
        if d.containers.len() as u32 >= shipment::MAX_CONTAINERS {
            return Err(ValidationErrors::single(
                "number",
                "too_many",
                "too many containers on one shipment",
            ));
        }
        c.id = gendan_domain::id::new_id();
        let detail = serde_json::json!({ "container": c.number, "id": c.id });
        d.containers.push(c);
        Ok((d, detail))
    })
    .await
}

pub async fn update_container(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    container_id: Uuid,
    expected_version: i64,
    input: &ContainerInput,
) -> Result<ShipmentView, ApiError> {
    let cx = shipment_context(st, id).await?;
    if !cx.data.containers.iter().any(|c| c.id == container_id) {
        return Err(ApiError::not_found(format!(
            "container {container_id} is not on this shipment"
        )));
    }
    let map = cx.instruction_map();
    let today = st.clock.today();
    change(
        st,
        me,
        &cx,
        Some(expected_version),
        "container_changed",
        |mut d, e| {
            on_board_refusal(&d, "container")?;
            let Some(pos) = d.containers.iter().position(|c| c.id == container_id) else {
                return Err(ValidationErrors::single(
                    "container",
                    "not_found",
                    "the container was removed",
                ));
            };
            let mut here = all_elsewhere(&e.stuffed, &e.shipped);
            for k in d.containers.iter().filter(|k| k.id != container_id) {
                for l in &k.lines {
                    *here.entry((l.instruction_id, l.line)).or_default() += l.quantity;
                }
            }
            let numbers: Vec<_> = d
                .containers
                .iter()
                .filter(|c| c.id != container_id)
                .map(|c| c.number.clone())
                .collect();
            let mut c = input.validate(
                &container_spec,
                &StuffingContext {
                    instructions: &map,
                    stuffed_elsewhere: &here,
                    other_numbers: &numbers,
                    milestones: &d.milestones,
                    today,
                },
            )?;
            if e.containers_in_use.contains(&c.number) {
                return Err(ValidationErrors::single(
                    "number",
                    "duplicate",
                    format!("{} is on another shipment that has not arrived yet", c.number),
                ));
            }
            c.id = container_id;
            let detail = serde_json::json!({ "container": c.number, "id": c.id });
            d.containers[pos] = c;
            Ok((d, detail))
        },
    )
    .await
}

pub async fn remove_container(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    container_id: Uuid,
    expected_version: i64,
) -> Result<ShipmentView, ApiError> {
    let cx = shipment_context(st, id).await?;
    if !cx.data.containers.iter().any(|c| c.id == container_id) {
        return Err(ApiError::not_found(format!(
            "container {container_id} is not on this shipment"
        )));
    }
    change(
        st,
        me,
        &cx,
        Some(expected_version),
        "container_removed",
        |mut d, _| {
            on_board_refusal(&d, "container list")?;
            let before = d.containers.len();
            let number = d
                .containers
                .iter()
                .find(|c| c.id == container_id)
                .map(|c| c.number.clone());
            d.containers.retain(|c| c.id != container_id);
            if d.containers.len() == before {
                return Err(ValidationErrors::single(
                    "container",
                    "not_found",
                    "the container was removed",
                ));
            }
            Ok((d, serde_json::json!({ "container": number, "id": container_id })))
        },
    )
    .await
}

pub async fn add_milestone(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &MilestoneInput,
) -> Result<ShipmentView, ApiError> {
    let cx = shipment_context(st, id).await?;
    let map = cx.instruction_map();
    let today = st.clock.today();
    let now = st.clock.now();
    let actor = me.actor().label;
    let tp = cx
        .booking_data
        .confirmation
        .as_ref()
        .and_then(|c| c.transhipment_port.clone());
    change(st, me, &cx, None, "milestone", |mut d, e| {
        // Shipped for the partial-shipment rule: what is on board elsewhere plus this vessel.
        let mut with_this = e.shipped.clone();
        for k in &d.containers {
            for l in &k.lines {
                *with_this.entry((l.instruction_id, l.line)).or_default() += l.quantity;
            }
        }
        let (kind, date, source, note) = input.validate(&MilestoneContext {
            milestones: &d.milestones,
            containers: &d.containers,
            instructions: &map,
            shipped: &with_this,
            transhipment_port: tp.as_deref(),
            today,
        })?;
        let m = Milestone {
            kind,
            date,
            source,
            note,
            recorded_by: actor.clone(),
            recorded_at: now,
        };
        let detail = serde_json::json!({ "kind": kind, "date": date, "source": source, "note": m.note });
        d.milestones.push(m);
        Ok((d, detail))
    })
    .await
}

pub async fn save_details(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected_version: i64,
    input: &ShipmentDetailsInput,
) -> Result<ShipmentView, ApiError> {
    let (bl, inv) = input.validate().map_err(ApiError::validation)?;
    let cx = shipment_context(st, id).await?;
    change(st, me, &cx, Some(expected_version), "edit", |mut d, _| {
        d.bl_number = bl.clone();
        d.invoice_number = inv.clone();
        Ok((d, serde_json::json!({ "bl_number": bl, "invoice_number": inv })))
    })
    .await
}

// ---------------------------------------------------------------- letters

/// `en` or `zh` from a `lang` parameter, else from the customer's document language.
pub fn letter_language(param: Option<&str>, profile: Option<&CustomerProfile>) -> String {
    match param.map(str::trim) {
        Some(l) if l.starts_with("zh") => "zh".into(),
        Some(l) if l.starts_with("en") => "en".into(),
        _ => match profile.and_then(|p| p.document_language.as_deref()) {
            Some(l) if l.to_lowercase().starts_with("chinese") || l.contains("中文") => "zh".into(),
            _ => "en".into(),
        },
    }
}

fn locale(lang: &str) -> I18n {
    I18n::new(if lang == "zh" { "zh-CN" } else { "en" })
}

fn row(label: String, value: impl Into<String>) -> LabelValue {
    LabelValue {
        label,
        value: value.into(),
        changed: false,
    }
}

fn kg(d: Decimal) -> String {
    grouped(d.round_dp(3).normalize())
}

async fn company_lines(st: &AppState) -> Result<(String, String, String), ApiError> {
    let c = crate::trade::company(st).await?.company;
    let address = [Some(c.address_en.clone()), c.phone.clone(), c.email.clone()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Ok((c.name_en.clone(), c.name_zh.clone().unwrap_or_default(), address))
}

/// Who signs a letter: the person, then the company.
fn signature(person: &str, company: &str) -> String {
    [person, company]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The e-mail text of a letter: subject and body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LetterText {
    pub language: String,
    pub to: Option<String>,
    pub subject: String,
    pub body: String,
}

fn letter_text(doc: &LetterDocument, to: Option<String>, subject: String) -> LetterText {
    let mut body = String::new();
    if let Some(i) = &doc.intro {
        body.push_str(i);
        body.push_str("\n\n");
    }
    let width = doc
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    for r in &doc.rows {
        let mut lines = r.value.lines();
        let first = lines.next().unwrap_or("");
        body.push_str(&format!("{:<width$}  {first}\n", r.label, width = width));
        for l in lines {
            body.push_str(&format!("{:<width$}  {l}\n", "", width = width));
        }
    }
    if !doc.columns.is_empty() {
        body.push('\n');
        if let Some(t) = &doc.table_title {
            body.push_str(t);
            body.push('\n');
        }
        body.push_str(&doc.columns.join(" | "));
        body.push('\n');
        for r in &doc.table {
            body.push_str(&r.join(" | "));
            body.push('\n');
        }
        if !doc.totals.is_empty() {
            body.push_str(&doc.totals.join(" | "));
            body.push('\n');
        }
    }
    if let Some(c) = &doc.closing {
        body.push('\n');
        body.push_str(c);
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&doc.signature);
    body.push('\n');
    LetterText {
        language: doc.language.clone(),
        to,
        subject,
        body,
    }
}

fn reefer_text(r: &gendan_domain::product::ReeferSettings, i: &I18n) -> String {
    let mut s = format!(
        "{} {} °C, {} {} m³/h",
        i.t("letter-set-point"),
        r.set_point.0.normalize(),
        i.t("letter-fresh-air"),
        r.fresh_air_m3h.normalize()
    );
    if let Some(h) = r.humidity_pct {
        s.push_str(&format!(", {} {} %", i.t("letter-humidity"), h.normalize()));
    }
    s
}

/// The booking request (订舱委托书) in the forwarder's usual form: Chinese with English.
pub async fn booking_letter(
    st: &AppState,
    signer: &str,
    id: Uuid,
    lang: Option<&str>,
) -> Result<(LetterDocument, LetterText), ApiError> {
    let v = booking_view(st, &st.store.booking(id).await?).await?;
    let lang = match lang {
        Some(l) if l.starts_with("en") => "en",
        _ => "zh",
    };
    let i = locale(lang);
    let (name_en, name_zh, address) = company_lines(st).await?;
    let items = carried(st, &v.request.instruction_ids).await?;
    let first = items.first().map(|c| &c.contract);
    let consignee = match first.and_then(|c| c.consignee_id) {
        Some(p) => party_name(st, p).await,
        None => i.t("letter-to-order"),
    };
    let notify = match first.and_then(|c| c.notify_id) {
        Some(p) => party_name(st, p).await,
        None => v.customer_name.clone(),
    };
    let freight = match first.map(|c| c.incoterm.term().as_str()) {
        Some("CFR" | "CIF" | "CPT" | "CIP" | "DAP" | "DPU" | "DDP") => i.t("letter-freight-prepaid"),
        _ => i.t("letter-freight-collect"),
    };
    let mut packages = Decimal::ZERO;
    let mut gross = Decimal::ZERO;
    let mut volume = Decimal::ZERO;
    let mut hs: Vec<String> = Vec::new();
    for c in &items {
        for l in &c.data.lines {
            let cl = c.contract.lines.get(l.contract_line as usize);
            if let Some(h) = cl.and_then(|cl| cl.hs_code.as_ref()) {
                let h = h.to_string();
                if !hs.contains(&h) {
                    hs.push(h);
                }
            }
            // Weight and volume from the product's package, when the line counts packages.
            if let Some(pid) = l.product_id
                && let Ok(r) = st.store.record(RecordKind::Product, pid).await
                && let Ok(p) = decode::<gendan_domain::product::ProductData>(r.id, &r.doc)
            {
                let pk = p
                    .packages
                    .iter()
                    .find(|k| l.package.as_deref().is_some_and(|n| n == k.name))
                    .or(p.packages.first());
                if let Some(pk) = pk
                    && !matches!(
                        l.unit,
                        gendan_domain::contract::QuantityUnit::Kg
                            | gendan_domain::contract::QuantityUnit::MetricTon
                    )
                {
                    packages += l.quantity;
                    gross += pk.gross.0 * l.quantity;
                    volume += pk.volume().0 * l.quantity;
                }
            }
        }
    }
    let containers = v
        .request
        .containers
        .iter()
        .map(|c| format!("{} × {}", c.count, c.container_type))
        .collect::<Vec<_>>()
        .join(", ");
    let mut rows = vec![
        row(
            i.t("letter-shipper"),
            [name_zh.clone(), name_en.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        row(i.t("letter-consignee"), consignee),
        row(i.t("letter-notify"), notify),
        row(
            i.t("letter-port-of-loading"),
            port_label(&v.request.port_of_loading),
        ),
        row(
            i.t("letter-port-of-discharge"),
            port_label(&v.request.port_of_discharge),
        ),
        row(
            i.t("letter-etd-window"),
            format!("{} – {}", v.request.etd_from, v.request.etd_to),
        ),
        row(i.t("letter-containers"), containers),
    ];
    if let Some(r) = &v.request.reefer {
        rows.push(row(i.t("letter-reefer"), reefer_text(r, &i)));
    }
    rows.push(row(i.t("letter-commodity"), v.request.commodity.clone()));
    if !hs.is_empty() {
        rows.push(row(i.t("letter-hs-codes"), hs.join(", ")));
    }
    if packages > Decimal::ZERO {
        rows.push(row(i.t("letter-packages"), grouped(packages.normalize())));
        rows.push(row(i.t("letter-gross-weight"), format!("{} kg", kg(gross))));
        rows.push(row(
            i.t("letter-volume"),
            format!("{} m³", volume.round_dp(3).normalize()),
        ));
    }
    rows.push(row(i.t("letter-freight"), freight));
    rows.push(row(
        i.t("letter-references"),
        items
            .iter()
            .map(|c| format!("{} / {}", c.contract_number, c.record.number))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    if let Some(r) = &v.request.remarks {
        rows.push(row(i.t("letter-remarks"), r.clone()));
    }
    let doc = LetterDocument {
        kind: "booking_request".into(),
        language: lang.into(),
        company: if lang == "zh" && !name_zh.is_empty() {
            name_zh.clone()
        } else {
            name_en.clone()
        },
        company_address: address,
        title: i.t("letter-booking-title"),
        header: vec![
            row(i.t("letter-number"), v.number.clone()),
            row(i.t("letter-date"), st.clock.today().to_string()),
            row(i.t("letter-to"), v.forwarder_name.clone()),
        ],
        intro: Some(i.t("letter-booking-intro")),
        rows,
        table_title: None,
        columns: Vec::new(),
        numeric_columns: Vec::new(),
        table: Vec::new(),
        totals: Vec::new(),
        closing: Some(i.t("letter-booking-closing")),
        signature: signature(
            signer,
            if lang == "zh" && !name_zh.is_empty() {
                &name_zh
            } else {
                &name_en
            },
        ),
        footer: format!("{} · {}", v.number, i.t("letter-generated")),
    };
    let to = match st.store.party(v.request.forwarder_id).await {
        Ok(p) => p.data.contacts.iter().find_map(|c| c.email.clone()),
        Err(_) => None,
    };
    let subject = format!(
        "{} {} — {} → {} — {}",
        i.t("letter-booking-subject"),
        v.number,
        v.request.port_of_loading,
        v.request.port_of_discharge,
        containers_text(&v.request)
    );
    let text = letter_text(&doc, to, subject);
    Ok((doc, text))
}

fn containers_text(r: &BookingRequest) -> String {
    r.containers
        .iter()
        .map(|c| format!("{}x{}", c.count, c.container_type))
        .collect::<Vec<_>>()
        .join(" + ")
}

async fn credit_number(st: &AppState, contract_id: Uuid) -> Result<Option<String>, ApiError> {
    let credits = st
        .store
        .list_records(&RecordQuery {
            kind: RecordKind::LetterOfCredit,
            search: None,
            parent_id: Some(contract_id),
            limit: 50,
            offset: 0,
        })
        .await?;
    Ok(match credits.iter().max_by_key(|r| r.created_at) {
        Some(r) => Some(decode::<LetterOfCreditData>(r.id, &r.doc)?.number),
        None => None,
    })
}

/// The shipping advice (装船通知) generated from the shipment, in the customer's language.
pub async fn shipping_advice(
    st: &AppState,
    signer: &str,
    id: Uuid,
    lang: Option<&str>,
) -> Result<(LetterDocument, LetterText), ApiError> {
    let cx = shipment_context(st, id).await?;
    let profile = match st
        .store
        .record_by_key(RecordKind::CustomerProfile, &cx.record.customer_id.to_string())
        .await?
    {
        Some(r) => Some(decode::<CustomerProfile>(r.id, &r.doc)?),
        None => None,
    };
    let lang = letter_language(lang, profile.as_ref());
    let i = locale(&lang);
    let v = view_of(st, shipment_context(st, id).await?).await?;
    let (name_en, name_zh, address) = company_lines(st).await?;
    let company = if lang == "zh" && !name_zh.is_empty() {
        name_zh.clone()
    } else {
        name_en.clone()
    };
    let mut credits = Vec::new();
    for c in &cx.items {
        if let Some(n) = credit_number(st, c.contract_id).await?
            && !credits.contains(&n)
        {
            credits.push(n);
        }
    }
    let contracts: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for c in &cx.items {
            if !v.contains(&c.contract_number) {
                v.push(c.contract_number.clone());
            }
        }
        v
    };
    let conf = v.confirmation.as_ref();
    let dash = || "—".to_string();
    let mut goods: Vec<String> = Vec::new();
    for c in &cx.items {
        for (li, l) in c.data.lines.iter().enumerate() {
            let qty: Decimal = cx
                .data
                .containers
                .iter()
                .flat_map(|k| &k.lines)
                .filter(|s| s.instruction_id == c.record.id && s.line as usize == li)
                .map(|s| s.quantity)
                .sum();
            if qty > Decimal::ZERO {
                let spec = l.spec.as_ref().map(|s| format!(", {s}")).unwrap_or_default();
                goods.push(format!(
                    "{}{spec}: {} {}",
                    l.description,
                    grouped(qty.normalize()),
                    l.unit.document_abbreviation()
                ));
            }
        }
    }
    let mut rows = vec![
        row(i.t("advice-contract"), contracts.join(", ")),
        row(
            i.t("advice-credit"),
            if credits.is_empty() {
                dash()
            } else {
                credits.join(", ")
            },
        ),
        row(
            i.t("advice-invoice"),
            v.invoice_number.clone().unwrap_or_else(dash),
        ),
        row(
            i.t("advice-amount"),
            if v.invoice_amounts.is_empty() {
                dash()
            } else {
                v.invoice_amounts
                    .iter()
                    .map(|m| {
                        format!(
                            "{} {}",
                            m.currency,
                            grouped(m.amount.round_dp(m.currency.minor_units()))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            },
        ),
        row(
            i.t("advice-vessel"),
            conf.map(|c| format!("{} / {}", c.vessel, c.voyage))
                .unwrap_or_else(dash),
        ),
        row(i.t("advice-bl"), v.bl_number.clone().unwrap_or_else(dash)),
        row(
            i.t("advice-etd"),
            v.on_board
                .map(|d| format!("{d} ({})", i.t("advice-on-board")))
                .or(conf.map(|c| c.etd.to_string()))
                .unwrap_or_else(dash),
        ),
        row(
            i.t("advice-eta"),
            conf.map(|c| c.eta.to_string()).unwrap_or_else(dash),
        ),
        row(i.t("advice-pol"), port_label(&v.request.port_of_loading)),
        row(i.t("advice-pod"), port_label(&v.request.port_of_discharge)),
    ];
    if let Some(tp) = conf.and_then(|c| c.transhipment_port.as_ref()) {
        rows.push(row(i.t("advice-transhipment"), port_label(tp)));
    }
    rows.push(row(
        i.t("advice-goods"),
        if goods.is_empty() {
            dash()
        } else {
            goods.join("\n")
        },
    ));
    rows.push(row(
        i.t("advice-packages"),
        format!(
            "{} ({} {})",
            grouped(Decimal::from(v.totals.packages)),
            v.totals.containers,
            i.t("advice-containers-count")
        ),
    ));
    rows.push(row(
        i.t("advice-weights"),
        format!(
            "{} {} kg / {} {} kg",
            i.t("advice-net"),
            kg(v.totals.net_kg),
            i.t("advice-gross"),
            kg(v.totals.gross_kg)
        ),
    ));
    let table: Vec<Vec<String>> = v
        .containers
        .iter()
        .map(|c| {
            vec![
                c.container.number.spaced(),
                c.container.seals.join(", "),
                c.container.container_type.clone(),
                grouped(Decimal::from(c.packages)),
                kg(c.net_kg),
                kg(c.gross_kg),
            ]
        })
        .collect();
    let doc = LetterDocument {
        kind: "shipping_advice".into(),
        language: lang.clone(),
        company: company.clone(),
        company_address: address,
        title: i.t("advice-title"),
        header: vec![
            row(i.t("letter-number"), v.number.clone()),
            row(i.t("letter-date"), st.clock.today().to_string()),
            row(i.t("letter-to"), v.customer_name.clone()),
        ],
        intro: Some(i.t("advice-intro")),
        rows,
        table_title: Some(i.t("advice-containers")),
        columns: vec![
            i.t("advice-col-container"),
            i.t("advice-col-seal"),
            i.t("advice-col-type"),
            i.t("advice-col-packages"),
            i.t("advice-col-net"),
            i.t("advice-col-gross"),
        ],
        numeric_columns: vec![3, 4, 5],
        totals: if table.is_empty() {
            Vec::new()
        } else {
            vec![
                i.t("advice-total"),
                String::new(),
                String::new(),
                grouped(Decimal::from(v.totals.packages)),
                kg(v.totals.net_kg),
                kg(v.totals.gross_kg),
            ]
        },
        table,
        closing: Some(i.t("advice-closing")),
        signature: signature(signer, &company),
        footer: format!("{} · {}", v.number, i.t("letter-generated")),
    };
    let to = match st.store.party(cx.record.customer_id).await {
        Ok(p) => p.data.contacts.iter().find_map(|c| c.email.clone()),
        Err(_) => None,
    };
    let subject = format!(
        "{} — {} — {}",
        i.t("advice-subject"),
        contracts.join(", "),
        conf.map(|c| format!("{} {}", c.vessel, c.voyage))
            .unwrap_or_default()
    );
    let text = letter_text(&doc, to, subject);
    Ok((doc, text))
}

/// Typeset a letter (one of the two render slots, off the async threads).
pub async fn render_letter(doc: LetterDocument) -> Result<Vec<u8>, ApiError> {
    crate::documents::render_with(move |r| r.render_letter_pdf(&doc)).await
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendAdviceInput {
    /// The addressee's e-mail; empty: the customer's first contact with one.
    #[serde(default)]
    pub to: Option<String>,
    /// `en` or `zh`; empty: the customer's document language.
    #[serde(default)]
    pub language: Option<String>,
}

/// Record that the shipping advice went out (Gendan keeps the evidence; the mail itself goes
/// from the merchandiser's mailbox with the generated text and PDF).
pub async fn send_advice(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &SendAdviceInput,
) -> Result<ShipmentView, ApiError> {
    let (_, text) = shipping_advice(st, &me.user.display_name, id, input.language.as_deref()).await?;
    let to = input
        .to
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or(text.to.clone());
    let Some(to) = to else {
        return Err(ApiError::validation(ValidationErrors::single(
            "to",
            "required",
            "the customer has no contact e-mail: give the addressee",
        )));
    };
    if !gendan_domain::party::is_plausible_email(&to) || to.chars().count() > 200 {
        return Err(ApiError::validation(ValidationErrors::single(
            "to",
            "invalid_email",
            format!("`{to}` is not an e-mail address"),
        )));
    }
    let cx = shipment_context(st, id).await?;
    if cx.data.containers.is_empty() {
        return Err(ApiError::validation(ValidationErrors::single(
            "containers",
            "nothing_stuffed",
            "record the containers before advising the customer",
        )));
    }
    let advice = AdviceSent {
        to,
        language: text.language.clone(),
        subject: text.subject.clone(),
        sent_by: me.actor().label,
        sent_at: st.clock.now(),
    };
    change(st, me, &cx, None, "advice_sent", |mut d, _| {
        let detail = serde_json::to_value(&advice).unwrap_or_default();
        d.advices.push(advice.clone());
        Ok((d, detail))
    })
    .await
}

// ---------------------------------------------------------------- tracking links

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackingLinkInput {
    /// Documents the customer may download: `shipping_advice`, `sales_contract`.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Days the link stays valid (1–180, default 60).
    #[serde(default)]
    pub days_valid: Option<u32>,
}

/// A new link: the token is shown this once and only its hash is kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackingLinkCreated {
    #[schema(value_type = Object)]
    pub link: TrackingLink,
    pub token: String,
    /// The path to give the customer (`/track/<token>`).
    pub path: String,
}

pub async fn create_tracking_link(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &TrackingLinkInput,
) -> Result<TrackingLinkCreated, ApiError> {
    let mut errs = ValidationErrors::new();
    let mut documents: Vec<String> = Vec::new();
    for (i, d) in input.documents.iter().enumerate() {
        let d = d.trim();
        if !SHAREABLE.contains(&d) {
            errs.push(
                format!("documents[{i}]"),
                "invalid_choice",
                format!("use one of {}", SHAREABLE.join(", ")),
            );
        } else if !documents.iter().any(|x| x == d) {
            documents.push(d.to_string());
        }
    }
    let days = input.days_valid.unwrap_or(60);
    if !(1..=MAX_TRACKING_DAYS).contains(&days) {
        errs.push(
            "days_valid",
            "out_of_range",
            format!("between 1 and {MAX_TRACKING_DAYS} days"),
        );
    }
    errs.into_result()?;
    let token = crate::auth::random_secret("");
    let link = st
        .store
        .create_tracking_link(
            NewTrackingLink {
                shipment_id: id,
                token_hash: crate::production::token_hash(&token),
                documents,
                expires_at: st.clock.now() + Duration::days(i64::from(days)),
            },
            &me.write_context(st),
        )
        .await?;
    Ok(TrackingLinkCreated {
        link,
        path: format!("/track/{token}"),
        token,
    })
}

/// The link behind a token, if usable now. Unknown, revoked and expired tokens all answer
/// the same 404, so a guess learns nothing.
pub async fn tracking_link_for_token(st: &AppState, token: &str) -> Result<TrackingLink, ApiError> {
    let gone = || {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "link_invalid",
            "this link is unknown, expired or revoked; ask your contact for a new one",
        )
    };
    if token.len() < 20 || token.len() > 100 {
        return Err(gone());
    }
    let link = st
        .store
        .tracking_link_by_token(&crate::production::token_hash(token))
        .await?
        .ok_or_else(gone)?;
    if !link.is_valid(st.clock.now()) {
        return Err(gone());
    }
    // A cancelled shipment is not followed any more.
    if st.store.shipment(link.shipment_id).await?.stage == "cancelled" {
        return Err(gone());
    }
    Ok(link)
}

/// The name a letter is signed with for the person behind an actor label (their e-mail):
/// their display name, or nothing when they are gone (the company signs).
pub async fn signer_name(st: &AppState, actor_label: &str) -> String {
    st.store
        .list_users()
        .await
        .ok()
        .and_then(|us| us.into_iter().find(|u| u.email == actor_label))
        .map(|u| u.display_name)
        .unwrap_or_default()
}

/// What a customer sees through a tracking link: nothing else of the shipment.
#[derive(Debug, Clone, Serialize)]
pub struct PublicTracking {
    pub shipment_number: String,
    pub customer_name: String,
    pub vessel: Option<String>,
    pub port_of_loading: String,
    pub port_of_discharge: String,
    pub etd: Option<NaiveDate>,
    pub eta: Option<NaiveDate>,
    pub bl_number: Option<String>,
    pub milestones: Vec<Milestone>,
    pub containers: Vec<String>,
    pub documents: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

pub async fn public_tracking(st: &AppState, link: &TrackingLink) -> Result<PublicTracking, ApiError> {
    let cx = shipment_context(st, link.shipment_id).await?;
    let conf = cx.booking_data.confirmation.as_ref();
    Ok(PublicTracking {
        shipment_number: cx.record.number.clone(),
        customer_name: party_name(st, cx.record.customer_id).await,
        vessel: conf.map(|c| format!("{} / {}", c.vessel, c.voyage)),
        port_of_loading: port_label(&cx.booking_data.request.port_of_loading),
        port_of_discharge: port_label(&cx.booking_data.request.port_of_discharge),
        etd: cx.data.on_board().or(conf.map(|c| c.etd)),
        eta: conf.map(|c| c.eta),
        bl_number: cx.data.bl_number.clone(),
        milestones: shipment::current_milestones(&cx.data.milestones)
            .into_iter()
            .map(|m| Milestone {
                // What our people wrote for each other stays in.
                note: None,
                recorded_by: String::new(),
                ..m.clone()
            })
            .collect(),
        containers: cx.data.containers.iter().map(|c| c.number.spaced()).collect(),
        documents: link.documents.clone(),
        expires_at: link.expires_at,
    })
}

// ---------------------------------------------------------------- KPI and work queue

/// The on-time delivery rate (交期达成率): shipments on board by their contracts' latest
/// shipment date, of all shipments on board.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OnTimeDelivery {
    pub shipped: usize,
    pub on_time: usize,
    /// Percent, one decimal; absent when nothing has shipped.
    #[schema(value_type = Option<String>)]
    pub rate_pct: Option<Decimal>,
    pub late: Vec<LateShipment>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LateShipment {
    pub shipment_id: Uuid,
    pub number: String,
    pub on_board: NaiveDate,
    pub latest_shipment: NaiveDate,
    pub days_late: i64,
}

pub async fn on_time_delivery(st: &AppState) -> Result<OnTimeDelivery, ApiError> {
    let mut shipped = 0;
    let mut on_time = 0;
    let mut late = Vec::new();
    let mut offset = 0;
    loop {
        let page = st
            .store
            .list_shipments(&ShipmentQuery {
                limit: 500,
                offset,
                ..Default::default()
            })
            .await?;
        let n = page.len();
        for s in page {
            if s.stage == "cancelled" {
                continue;
            }
            let Some(d) = decode_data(&s) else { continue };
            let Some(ob) = d.on_board() else { continue };
            let b = st.store.booking(s.booking_id).await?;
            let bd: BookingData = decode(b.id, &b.doc)?;
            let items = carried(st, &bd.request.instruction_ids).await?;
            let latest = items
                .iter()
                .map(|c| c.contract.shipment_latest)
                .min()
                .unwrap_or(ob);
            shipped += 1;
            if shipment::on_time(ob, latest) {
                on_time += 1;
            } else {
                late.push(LateShipment {
                    shipment_id: s.id,
                    number: s.number.clone(),
                    on_board: ob,
                    latest_shipment: latest,
                    days_late: (ob - latest).num_days(),
                });
            }
        }
        if n < 500 {
            break;
        }
        offset += 500;
    }
    Ok(OnTimeDelivery {
        shipped,
        on_time,
        rate_pct: (shipped > 0).then(|| (Decimal::from(on_time * 100) / Decimal::from(shipped)).round_dp(1)),
        late,
    })
}

/// Every open shipment's alerts (the work queue's feed), most urgent first.
pub async fn alerts(st: &AppState) -> Result<Vec<(ShipmentRecord, ShipmentAlert)>, ApiError> {
    let mut out = Vec::new();
    // Only shipments not yet on board raise alerts; each open stage is read whole.
    let mut recs = Vec::new();
    for stage in ["booked", "empty_picked_up", "stuffed", "gated_in"] {
        let mut offset = 0;
        loop {
            let page = st
                .store
                .list_shipments(&ShipmentQuery {
                    stage: Some(stage.into()),
                    limit: 500,
                    offset,
                    ..Default::default()
                })
                .await?;
            let n = page.len();
            recs.extend(page);
            if n < 500 {
                break;
            }
            offset += 500;
        }
    }
    for s in recs {
        let v = shipment_view(st, s.id).await?;
        for a in v.alerts {
            out.push((s.clone(), a));
        }
    }
    out.sort_by_key(|(_, a)| a.due);
    Ok(out)
}
