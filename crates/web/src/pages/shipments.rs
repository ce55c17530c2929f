//! Pages for bookings (订舱) and shipments (出运): the booking list with the issued
//! instructions still to book, the booking request pre-filled from its instructions, the
//! booking with its findings, the carrier's confirmation, the letter to the forwarder and its
//! history; the shipment list with the on-time rate and the open alerts; the shipment page
//! (stage bar, cut-offs, containers with their VGM, milestones, balances, the shipping
//! advice, tracking links, history); and the customer's tracking page behind its token.
//!
//! The use cases are [`crate::shipments`]'s; forms post the API's input by JSON path
//! (`request.containers[0].count`, `lines[1].packages`), so each error lands next to its
//! field and nothing typed is lost.

use super::forms::{FieldTypes, FormState, form_to_json, from_form};
use super::trade::{Pairs, error_message, form_errors, history, parties_of, status_of, version_of};
use super::{Chrome, HistoryRow, render, render_status};
use crate::AppState;
use crate::api::trade::download;
use crate::auth::CurrentUser;
use crate::documents::grouped;
use crate::error::ApiError;
use crate::i18n::I18n;
use crate::instructions::{self as ins, decode};
use crate::shipments::{
    self as sh, BookingView, CancelBookingInput, ConfirmBookingInput, CreateBookingInput, LetterText,
    OnTimeDelivery, PublicTracking, SaveBookingInput, SendAdviceInput, ShipmentView, TrackingLinkCreated,
    TrackingLinkInput,
};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::instruction::{InstructionData, InstructionState};
use gendan_domain::party::PartyKind;
use gendan_domain::port::Port;
use gendan_domain::product::ProductData;
use gendan_domain::shipment::{
    BookingConfirmation, BookingConfirmationInput, BookingData, BookingRequest, BookingRequestInput,
    BookingState, Container, ContainerInput, Milestone, MilestoneInput, MilestoneKind, MilestoneSource,
    ShipmentData, ShipmentDetailsInput,
};
use gendan_store::{BookingQuery, InstructionQuery, RecordKind, ShipmentQuery, TrackingLink};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// The container types a booking asks for (the load planner's table).
const CONTAINER_TYPES: [&str; 6] = ["20GP", "40GP", "40HC", "45HC", "20RF", "40RH"];

/// Booking and shipment forms: whole numbers by leaf name.
const TYPES: FieldTypes = FieldTypes {
    bools: &[],
    ints: &["count", "free_days", "line", "days_valid"],
};

fn i18n(me: &CurrentUser) -> I18n {
    I18n::new(&me.user.locale)
}

fn get(pairs: &Pairs, k: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// An error as one sentence for a page: its field errors in the reader's language, or its
/// translated sentence.
fn message(i: &I18n, e: &ApiError) -> String {
    if e.errors.is_empty() {
        error_message(i, e)
    } else {
        e.errors
            .iter()
            .map(|x| format!("{}: {}", x.field, i.field_error(&x.code, &x.message)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A field path as an element id: `lines[0].packages` → `lines-0-packages`.
pub fn dom_id(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .replace("--", "-")
        .trim_end_matches('-')
        .to_string()
}

fn kg(d: Decimal) -> String {
    grouped(d.round_dp(3).normalize())
}

fn qty(d: Decimal) -> String {
    grouped(d.normalize())
}

fn port_name(code: &str) -> String {
    match Port::lookup(code) {
        Some(p) => format!("{} ({})", p.name_ascii, p.code),
        None => code.to_string(),
    }
}

fn dt(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn at(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Party names, each looked up once per page.
struct Names<'a> {
    st: &'a AppState,
    map: HashMap<Uuid, String>,
}

impl<'a> Names<'a> {
    fn new(st: &'a AppState) -> Self {
        Self {
            st,
            map: HashMap::new(),
        }
    }
    async fn get(&mut self, id: Uuid) -> String {
        if let Some(n) = self.map.get(&id) {
            return n.clone();
        }
        let n = match self.st.store.party(id).await {
            Ok(p) => p.data.display_name().to_string(),
            Err(_) => id.to_string(),
        };
        self.map.insert(id, n.clone());
        n
    }
}

#[derive(Template)]
#[template(path = "instruction_error.html")]
struct ErrorPage {
    c: Chrome,
    message: String,
    back: String,
}

fn error_page(
    me: &CurrentUser,
    path: &str,
    title: &str,
    status: StatusCode,
    message: String,
    back: &str,
) -> Response {
    render_status(
        status,
        &ErrorPage {
            c: Chrome::for_user(me, path, title),
            message,
            back: back.to_string(),
        },
    )
}

/// The reader's words for a stage (`booked` … `released`, `cancelled`).
fn stage_name(i: &I18n, stage: &str) -> String {
    if stage == "cancelled" {
        i.t("shipment-cancelled")
    } else {
        i.t(&format!("milestone-{stage}"))
    }
}

/// One step of a stage bar.
pub struct StageStep {
    pub kind: &'static str,
    pub name: String,
    pub date: String,
    /// `done`, `current`, `skipped` (passed without a record, e.g. no transhipment), `todo`.
    pub state: &'static str,
}

/// The stage bar: each milestone with its date; `stage` is the shipment's stage (a container
/// recorded as stuffed counts as stuffing, dated by its stuffing date).
fn stage_steps(
    i: &I18n,
    current: &[Milestone],
    stage: &str,
    stuffed_on: Option<NaiveDate>,
) -> Vec<StageStep> {
    let reached = MilestoneKind::parse(stage).or_else(|| current.iter().map(|m| m.kind).max());
    MilestoneKind::ALL
        .iter()
        .map(|k| {
            let mut date = current.iter().find(|m| m.kind == *k).map(|m| m.date);
            if *k == MilestoneKind::Stuffed && date.is_none() && reached.is_some_and(|r| r >= *k) {
                date = stuffed_on;
            }
            let state = if Some(*k) == reached {
                "current"
            } else if date.is_some() {
                "done"
            } else if reached.is_some_and(|r| *k < r) {
                "skipped"
            } else {
                "todo"
            };
            StageStep {
                kind: k.as_str(),
                name: i.t(&format!("milestone-{}", k.as_str())),
                date: date.map(|d| d.to_string()).unwrap_or_default(),
                state,
            }
        })
        .collect()
}

/// The last stuffing date of the containers that hold goods.
fn stuffed_on(containers: &[Container]) -> Option<NaiveDate> {
    containers
        .iter()
        .filter(|c| !c.lines.is_empty())
        .filter_map(|c| c.stuffed_on)
        .max()
}

// ================================================================ bookings

#[derive(Debug, Default, Deserialize)]
pub struct BookingListQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
}

pub struct BookingRow {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub customer: String,
    pub instructions: Vec<(Uuid, String)>,
    pub containers: String,
    pub etd_window: String,
    pub vessel: String,
    pub etd: String,
    pub state: &'static str,
    pub shipment: Option<(Uuid, String)>,
}

/// An issued instruction the "new booking" panel offers.
pub struct OpenInstruction {
    pub id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub etd_window: String,
    pub containers: String,
    pub route: String,
    /// Bookings (not cancelled) that already ship it.
    pub booked_on: Vec<String>,
}

pub struct CustomerGroup {
    pub customer_id: Uuid,
    pub customer: String,
    pub items: Vec<OpenInstruction>,
}

#[derive(Template)]
#[template(path = "bookings_list.html")]
struct BookingsPage {
    c: Chrome,
    rows: Vec<BookingRow>,
    q: String,
    state: String,
    groups: Vec<CustomerGroup>,
}

impl BookingsPage {
    /// An issued instruction waiting for its first booking (the panel opens for it).
    fn any_unbooked(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.items.iter().any(|i| i.booked_on.is_empty()))
    }
}

fn containers_text(r: &BookingRequest) -> String {
    r.containers
        .iter()
        .map(|c| format!("{} × {}", c.count, c.container_type))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn bookings(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(p): Query<BookingListQuery>,
) -> Response {
    let c = Chrome::for_user(&me, "/bookings", "bookings-title");
    let state = p.state.as_deref().and_then(BookingState::parse);
    let search = p.q.clone().filter(|q| !q.trim().is_empty());
    let recs = match sh::list_bookings(
        &st,
        &BookingQuery {
            state,
            search,
            limit: 200,
            ..Default::default()
        },
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let shipments: HashMap<Uuid, (Uuid, String)> = st
        .store
        .list_shipments(&ShipmentQuery {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.booking_id, (s.id, s.number)))
        .collect();
    let mut names = Names::new(&st);
    let mut numbers: HashMap<Uuid, String> = HashMap::new();
    let mut rows = Vec::new();
    for r in &recs {
        let Ok(d) = decode::<BookingData>(r.id, &r.doc) else {
            continue;
        };
        let mut instructions = Vec::new();
        for iid in &d.request.instruction_ids {
            let n = match numbers.get(iid) {
                Some(n) => n.clone(),
                None => {
                    let n = st
                        .store
                        .instruction(*iid)
                        .await
                        .map(|x| x.number)
                        .unwrap_or_else(|_| iid.to_string());
                    numbers.insert(*iid, n.clone());
                    n
                }
            };
            instructions.push((*iid, n));
        }
        let conf = d.confirmation.as_ref();
        rows.push(BookingRow {
            id: r.id,
            number: r.number.clone(),
            customer_id: r.customer_id,
            customer: names.get(r.customer_id).await,
            instructions,
            containers: containers_text(&d.request),
            etd_window: format!("{} – {}", d.request.etd_from, d.request.etd_to),
            vessel: conf
                .map(|c| format!("{} {} / {}", c.carrier, c.vessel, c.voyage))
                .unwrap_or_default(),
            etd: conf.map(|c| c.etd.to_string()).unwrap_or_default(),
            state: r.state.as_str(),
            shipment: shipments.get(&r.id).cloned(),
        });
    }
    let groups = if c.can("shipment_write") {
        open_instructions(&st, &mut names).await
    } else {
        Vec::new()
    };
    render(&BookingsPage {
        c,
        rows,
        q: p.q.unwrap_or_default(),
        state: p.state.unwrap_or_default(),
        groups,
    })
}

/// Issued instructions, grouped by customer, with the bookings that already ship them.
async fn open_instructions(st: &AppState, names: &mut Names<'_>) -> Vec<CustomerGroup> {
    let recs = ins::list(
        st,
        &InstructionQuery {
            state: Some(InstructionState::Issued),
            limit: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap_or_default();
    let mut booked: HashMap<String, Vec<String>> = HashMap::new();
    for b in st
        .store
        .list_bookings(&BookingQuery {
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap_or_default()
    {
        if b.state == BookingState::Cancelled {
            continue;
        }
        for v in b.doc["request"]["instruction_ids"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(s) = v.as_str() {
                booked.entry(s.to_string()).or_default().push(b.number.clone());
            }
        }
    }
    let mut groups: Vec<CustomerGroup> = Vec::new();
    for r in recs {
        let Ok(d) = decode::<InstructionData>(r.id, &r.doc) else {
            continue;
        };
        let Ok(contract) = st.store.contract(r.contract_id).await else {
            continue;
        };
        let s = &d.shipping;
        let item = OpenInstruction {
            id: r.id,
            number: r.number.clone(),
            contract_id: contract.id,
            contract_number: contract.number.clone(),
            etd_window: format!("{} – {}", s.etd_from, s.etd_to),
            containers: match (&s.container_type, s.container_count) {
                (Some(t), Some(n)) => format!("{n} × {t}"),
                (Some(t), None) => t.clone(),
                _ => String::new(),
            },
            route: format!(
                "{} → {}",
                s.port_of_loading.as_deref().unwrap_or("—"),
                s.port_of_discharge.as_deref().unwrap_or("—")
            ),
            booked_on: booked.get(&r.id.to_string()).cloned().unwrap_or_default(),
        };
        match groups.iter_mut().find(|g| g.customer_id == contract.buyer_id) {
            Some(g) => g.items.push(item),
            None => groups.push(CustomerGroup {
                customer_id: contract.buyer_id,
                customer: names.get(contract.buyer_id).await,
                items: vec![item],
            }),
        }
    }
    groups.sort_by(|a, b| a.customer.cmp(&b.customer));
    groups
}

// ---------------------------------------------------------------- booking form

/// An instruction the booking form ships, as the form shows it.
pub struct FormInstruction {
    pub k: usize,
    pub id: String,
    pub number: String,
    pub contract_id: String,
    pub contract_number: String,
    pub customer: String,
    pub etd_window: String,
}

#[derive(Template)]
#[template(path = "booking_form.html")]
struct BookingFormPage {
    c: Chrome,
    form: FormState,
    /// The booking being edited; none for a new one.
    edit_id: Option<Uuid>,
    number: String,
    confirmed: bool,
    instructions: Vec<FormInstruction>,
    forwarders: Vec<(String, String)>,
    container_slots: Vec<usize>,
    container_types: Vec<&'static str>,
}

impl BookingFormPage {
    fn ck(&self, n: &usize, field: &str) -> String {
        format!("request.containers[{n}].{field}")
    }
    fn ik(&self, n: &usize) -> String {
        format!("request.instruction_ids[{n}]")
    }
    fn action(&self) -> String {
        match self.edit_id {
            Some(id) => format!("/bookings/{id}"),
            None => "/bookings".into(),
        }
    }
    fn back(&self) -> String {
        match self.edit_id {
            Some(id) => format!("/bookings/{id}"),
            None => "/bookings".into(),
        }
    }
    fn id_of(&self, path: &str) -> String {
        dom_id(path)
    }
}

async fn booking_form_page(
    st: &AppState,
    me: &CurrentUser,
    edit: Option<(Uuid, String, bool)>,
    form: FormState,
    status: StatusCode,
) -> Response {
    let title = if edit.is_some() {
        "booking-edit"
    } else {
        "booking-new"
    };
    let mut names = Names::new(st);
    let mut instructions = Vec::new();
    for k in 0..form.rows("request.instruction_ids") {
        let raw = form.v(&format!("request.instruction_ids[{k}]")).to_string();
        let mut fi = FormInstruction {
            k,
            id: raw.clone(),
            number: raw.clone(),
            contract_id: String::new(),
            contract_number: String::new(),
            customer: String::new(),
            etd_window: String::new(),
        };
        if let Ok(id) = raw.parse::<Uuid>()
            && let Ok(r) = st.store.instruction(id).await
        {
            fi.number = r.number.clone();
            if let Ok(d) = decode::<InstructionData>(r.id, &r.doc) {
                fi.etd_window = format!("{} – {}", d.shipping.etd_from, d.shipping.etd_to);
            }
            if let Ok(c) = st.store.contract(r.contract_id).await {
                fi.contract_id = c.id.to_string();
                fi.contract_number = c.number.clone();
                fi.customer = names.get(c.buyer_id).await;
            }
        }
        instructions.push(fi);
    }
    let container_slots = form.slots("request.containers", 1, 2);
    let (edit_id, number, confirmed) = match edit {
        Some((id, n, c)) => (Some(id), n, c),
        None => (None, String::new(), false),
    };
    render_status(
        status,
        &BookingFormPage {
            c: Chrome::for_user(me, "/bookings", title),
            form,
            edit_id,
            number,
            confirmed,
            instructions,
            forwarders: parties_of(st, PartyKind::Forwarder).await,
            container_slots,
            container_types: CONTAINER_TYPES.to_vec(),
        },
    )
}

/// The instruction ids of `/bookings/new?instruction_ids=a,b` (or the parameter repeated,
/// as checkboxes post it).
fn ids_from_query(q: &[(String, String)]) -> Result<Vec<Uuid>, String> {
    let mut ids = Vec::new();
    for (k, v) in q {
        if k != "instruction_ids" {
            continue;
        }
        for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let id: Uuid = s.parse().map_err(|_| s.to_string())?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

pub async fn booking_new(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let i = i18n(&me);
    let ids = match ids_from_query(&q) {
        Ok(ids) if !ids.is_empty() => ids,
        Ok(_) => {
            return error_page(
                &me,
                "/bookings",
                "booking-new",
                StatusCode::UNPROCESSABLE_ENTITY,
                i.t("booking-choose-instructions"),
                "/bookings",
            );
        }
        Err(bad) => {
            return error_page(
                &me,
                "/bookings",
                "booking-new",
                StatusCode::BAD_REQUEST,
                format!("{}: {bad}", i.t("invalid-invalid_id")),
                "/bookings",
            );
        }
    };
    match sh::prefill_booking(&st, &ids).await {
        Ok(input) => {
            let form = FormState::from_input(&json!({ "request": input }));
            booking_form_page(&st, &me, None, form, StatusCode::OK).await
        }
        Err(e) => error_page(
            &me,
            "/bookings",
            "booking-new",
            status_of(&e),
            message(&i, &e),
            "/bookings",
        ),
    }
}

/// The booking request the form describes, errors naming `request.…`.
fn request_from(pairs: &Pairs) -> Result<CreateBookingInput, ValidationErrors> {
    let v = form_to_json(pairs, &TYPES, &[]);
    let request = v.get("request").cloned().unwrap_or_else(|| json!({}));
    from_form(json!({ "request": request }))
}

pub async fn booking_create(
    State(st): State<AppState>,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let input = match request_from(&pairs) {
        Ok(i) => i,
        Err(errs) => {
            let f = form.with_errors(&errs, &i18n(&me));
            return booking_form_page(&st, &me, None, f, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match sh::create_booking(&st, &me, &input).await {
        Ok(v) => Redirect::to(&format!("/bookings/{}", v.id)).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            booking_form_page(&st, &me, None, f, status_of(&e)).await
        }
    }
}

pub async fn booking_edit(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    let rec = match st.store.booking(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let d: BookingData = match decode(rec.id, &rec.doc) {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    let mut form = FormState::from_input(&json!({ "request": BookingRequestInput::from(&d.request) }));
    form.values.insert("version".into(), rec.version.to_string());
    let confirmed = rec.state == BookingState::Confirmed;
    booking_form_page(&st, &me, Some((id, rec.number, confirmed)), form, StatusCode::OK).await
}

pub async fn booking_save(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let rec = match st.store.booking(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let edit = Some((id, rec.number.clone(), rec.state == BookingState::Confirmed));
    let form = FormState::from_pairs(&pairs);
    let input = match request_from(&pairs) {
        Ok(i) => SaveBookingInput {
            request: i.request.unwrap_or_default(),
            reason: get(&pairs, "reason"),
        },
        Err(errs) => {
            let f = form.with_errors(&errs, &i18n(&me));
            return booking_form_page(&st, &me, edit, f, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match sh::save_booking(&st, &me, id, version_of(&pairs), &input).await {
        Ok(v) => Redirect::to(&format!("/bookings/{}", v.id)).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            booking_form_page(&st, &me, edit, f, status_of(&e)).await
        }
    }
}

// ---------------------------------------------------------------- booking page

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    pub lang: Option<String>,
}

pub struct Fact {
    pub id: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "booking_show.html")]
struct BookingShowPage {
    c: Chrome,
    v: BookingView,
    request: Vec<Fact>,
    confirmation: Vec<Fact>,
    confirm: FormState,
    cancel: FormState,
    carriers: Vec<(String, String)>,
    letter: Option<LetterText>,
    letter_error: String,
    lang: String,
    error: String,
}

impl BookingShowPage {
    fn state_name(&self) -> String {
        self.c.i.t(&format!("booking-state-{}", self.v.state.as_str()))
    }
    fn state_of(&self, s: &BookingState) -> String {
        self.c.i.t(&format!("booking-state-{}", s.as_str()))
    }
    fn action_name(&self, a: &str) -> String {
        self.c
            .i
            .try_t(&format!("booking-action-{a}"))
            .unwrap_or_else(|| a.to_string())
    }
    fn finding_text(&self, code: &str) -> String {
        self.c
            .i
            .try_t(&format!("booking-finding-{code}"))
            .unwrap_or_else(|| code.to_string())
    }
    fn is_open(&self) -> bool {
        self.v.state != BookingState::Cancelled
    }
    fn is_confirmed(&self) -> bool {
        self.v.state == BookingState::Confirmed
    }
    fn id_of(&self, path: &str) -> String {
        dom_id(path)
    }
}

fn reefer_text(i: &I18n, r: &gendan_domain::product::ReeferSettings) -> String {
    let mut s = format!(
        "{} {} °C · {} {} m³/h",
        i.t("letter-set-point"),
        r.set_point.0.normalize(),
        i.t("letter-fresh-air"),
        r.fresh_air_m3h.normalize()
    );
    if let Some(h) = r.humidity_pct {
        s.push_str(&format!(" · {} {} %", i.t("letter-humidity"), h.normalize()));
    }
    s
}

fn request_facts(i: &I18n, v: &BookingView) -> Vec<Fact> {
    let r = &v.request;
    let mut out = vec![
        Fact {
            id: "forwarder",
            label: i.t("booking-forwarder"),
            value: v.forwarder_name.clone(),
        },
        Fact {
            id: "containers",
            label: i.t("booking-containers"),
            value: containers_text(r),
        },
    ];
    if let Some(x) = &r.reefer {
        out.push(Fact {
            id: "reefer",
            label: i.t("booking-reefer"),
            value: reefer_text(i, x),
        });
    }
    out.push(Fact {
        id: "etd-window",
        label: i.t("booking-etd-window"),
        value: format!("{} – {}", r.etd_from, r.etd_to),
    });
    out.push(Fact {
        id: "pol",
        label: i.t("booking-port_of_loading"),
        value: port_name(&r.port_of_loading),
    });
    out.push(Fact {
        id: "pod",
        label: i.t("booking-port_of_discharge"),
        value: port_name(&r.port_of_discharge),
    });
    out.push(Fact {
        id: "commodity",
        label: i.t("booking-commodity"),
        value: r.commodity.clone(),
    });
    if let Some(x) = &r.remarks {
        out.push(Fact {
            id: "remarks",
            label: i.t("contract-remarks"),
            value: x.clone(),
        });
    }
    out
}

fn confirmation_facts(i: &I18n, c: &BookingConfirmation) -> Vec<Fact> {
    let mut out = vec![
        Fact {
            id: "carrier",
            label: i.t("booking-carrier"),
            value: c.carrier.clone(),
        },
        Fact {
            id: "vessel",
            label: i.t("booking-vessel-voyage"),
            value: format!("{} / {}", c.vessel, c.voyage),
        },
        Fact {
            id: "booking-number",
            label: i.t("booking-booking_number"),
            value: c.booking_number.clone(),
        },
        Fact {
            id: "etd",
            label: "ETD".into(),
            value: c.etd.to_string(),
        },
        Fact {
            id: "eta",
            label: "ETA".into(),
            value: c.eta.to_string(),
        },
        Fact {
            id: "si-cutoff",
            label: i.t("booking-si_cutoff"),
            value: dt(&c.si_cutoff),
        },
        Fact {
            id: "vgm-cutoff",
            label: i.t("booking-vgm_cutoff"),
            value: dt(&c.vgm_cutoff),
        },
        Fact {
            id: "cy-cutoff",
            label: i.t("booking-cy_cutoff"),
            value: dt(&c.cy_cutoff),
        },
    ];
    if let Some(d) = &c.documents_cutoff {
        out.push(Fact {
            id: "documents-cutoff",
            label: i.t("booking-documents_cutoff"),
            value: dt(d),
        });
    }
    out.push(Fact {
        id: "free-days",
        label: i.t("booking-free_days"),
        value: c.free_days.to_string(),
    });
    if let Some(t) = &c.transhipment_port {
        out.push(Fact {
            id: "transhipment",
            label: i.t("booking-transhipment_port"),
            value: port_name(t),
        });
    }
    out
}

/// The forms of a booking page, each with what was typed and its errors.
#[derive(Default)]
struct BookingForms {
    confirm: Option<FormState>,
    cancel: Option<FormState>,
}

async fn booking_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    lang: Option<String>,
    forms: BookingForms,
    error: String,
    status: StatusCode,
) -> Response {
    let rec = match st.store.booking(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let v = match sh::booking_view(st, &rec).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let c = Chrome::for_user(me, "/bookings", "booking-title");
    let lang = match lang.as_deref() {
        Some(l) if l.starts_with("en") => "en".to_string(),
        _ => "zh".to_string(),
    };
    let (letter, letter_error) = match sh::booking_letter(st, &me.user.display_name, id, Some(&lang)).await {
        Ok((_, t)) => (Some(t), String::new()),
        Err(e) => (None, message(&c.i, &e)),
    };
    let confirm = forms.confirm.unwrap_or_else(|| {
        let mut f = match &v.confirmation {
            Some(x) => FormState::from_input(&json!({ "confirmation": BookingConfirmationInput::from(x) })),
            None => FormState::default(),
        };
        if f.v("confirmation.free_days").is_empty() {
            f.values.insert("confirmation.free_days".into(), "14".into());
        }
        f
    });
    let cancel = forms.cancel.unwrap_or_default();
    render_status(
        status,
        &BookingShowPage {
            request: request_facts(&c.i, &v),
            confirmation: v
                .confirmation
                .as_ref()
                .map(|x| confirmation_facts(&c.i, x))
                .unwrap_or_default(),
            carriers: parties_of(st, PartyKind::Carrier).await,
            c,
            v,
            confirm,
            cancel,
            letter,
            letter_error,
            lang,
            error,
        },
    )
}

pub async fn booking_show(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<LangQuery>,
) -> Response {
    booking_page(
        &st,
        &me,
        id,
        q.lang,
        BookingForms::default(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn booking_confirm(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let v = form_to_json(&pairs, &TYPES, &[]);
    let parsed: Result<ConfirmBookingInput, ValidationErrors> = from_form(json!({
        "confirmation": v.get("confirmation").cloned().unwrap_or_else(|| json!({})),
    }));
    let input = match parsed {
        Ok(mut i) => {
            i.reason = get(&pairs, "reason");
            i.confirmed_on = get(&pairs, "confirmed_on");
            i
        }
        Err(errs) => {
            let f = form.with_errors(&errs, &i18n(&me));
            let forms = BookingForms {
                confirm: Some(f),
                ..Default::default()
            };
            return booking_page(
                &st,
                &me,
                id,
                None,
                forms,
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match sh::confirm_booking(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/bookings/{id}")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let msg = f.message.clone();
            let forms = BookingForms {
                confirm: Some(f),
                ..Default::default()
            };
            booking_page(&st, &me, id, None, forms, msg, status_of(&e)).await
        }
    }
}

pub async fn booking_cancel(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let input = CancelBookingInput {
        reason: get(&pairs, "reason").unwrap_or_default(),
    };
    match sh::cancel_booking(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/bookings/{id}")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let msg = f.message.clone();
            let forms = BookingForms {
                cancel: Some(f),
                ..Default::default()
            };
            booking_page(&st, &me, id, None, forms, msg, status_of(&e)).await
        }
    }
}

pub async fn booking_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<LangQuery>,
) -> Response {
    let (doc, _) = match sh::booking_letter(&st, &me.user.display_name, id, q.lang.as_deref()).await {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let name = format!(
        "{}-booking-request-{}.pdf",
        doc.header.first().map(|h| h.value.clone()).unwrap_or_default(),
        doc.language
    );
    match sh::render_letter(doc).await {
        Ok(bytes) => download("application/pdf", &name, bytes),
        Err(e) => e.into_response(),
    }
}

// ================================================================ shipments

#[derive(Debug, Default, Deserialize)]
pub struct ShipmentListQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
}

pub struct ShipmentRow {
    pub id: Uuid,
    pub number: String,
    pub booking_id: Uuid,
    pub booking_number: String,
    pub customer_id: Uuid,
    pub customer: String,
    pub vessel: String,
    pub etd: String,
    pub eta: String,
    pub stage: String,
    pub stage_name: String,
    pub containers: usize,
    pub containers_booked: u32,
    /// Fewer containers recorded than booked.
    pub short: bool,
    pub on_board: String,
    /// `on_time`, `late`, or empty before on board.
    pub on_time: &'static str,
    pub bl_number: String,
}

/// An open alert as a list shows it.
pub struct AlertRow {
    pub shipment_id: Uuid,
    pub shipment_number: String,
    pub code: String,
    pub text: String,
    pub subject: String,
    pub due: String,
    /// The due time has passed.
    pub overdue: bool,
}

/// An alert's subject in the reader's language: the rules write "N container(s) not yet
/// recorded" after the container numbers; the subject of an SI alert is its due time, which
/// the row shows already.
fn alert_subject(i: &I18n, subject: &str, due: &str) -> String {
    if subject == due {
        return String::new();
    }
    subject
        .split(", ")
        .map(|part| match part.strip_suffix(" container(s) not yet recorded") {
            Some(n) => i.t_args("shipment-alert-unrecorded", &[("n", n.to_string())]),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn alert_rows(
    i: &I18n,
    now: NaiveDateTime,
    list: Vec<(Uuid, String, gendan_domain::shipment::ShipmentAlert)>,
) -> Vec<AlertRow> {
    list.into_iter()
        .map(|(sid, number, a)| {
            let due = a.due.as_ref().map(dt).unwrap_or_default();
            AlertRow {
                shipment_id: sid,
                shipment_number: number,
                text: i
                    .try_t(&format!("shipment-alert-{}", a.code))
                    .unwrap_or_else(|| a.message.clone()),
                subject: alert_subject(i, &a.subject, &due),
                code: a.code,
                overdue: a.due.is_some_and(|d| d < now),
                due,
            }
        })
        .collect()
}

/// The on-time delivery rate as a tile shows it.
pub struct OnTimeTile {
    pub shipped: usize,
    pub on_time: usize,
    pub rate: String,
    pub late: Vec<(Uuid, String, i64)>,
}

fn on_time_tile(o: &OnTimeDelivery) -> OnTimeTile {
    OnTimeTile {
        shipped: o.shipped,
        on_time: o.on_time,
        rate: o.rate_pct.map(|r| format!("{r} %")).unwrap_or_else(|| "—".into()),
        late: o
            .late
            .iter()
            .map(|l| (l.shipment_id, l.number.clone(), l.days_late))
            .collect(),
    }
}

/// The open shipment alerts and the on-time rate, for the shipment list and the dashboard.
pub async fn overview(st: &AppState, i: &I18n) -> (Vec<AlertRow>, Option<OnTimeTile>) {
    let alerts = sh::alerts(st)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(s, a)| (s.id, s.number, a))
        .collect();
    let now = st.clock.now().naive_utc();
    let on_time = sh::on_time_delivery(st).await.ok().map(|o| on_time_tile(&o));
    (alert_rows(i, now, alerts), on_time)
}

#[derive(Template)]
#[template(path = "shipments_list.html")]
struct ShipmentsPage {
    c: Chrome,
    rows: Vec<ShipmentRow>,
    q: String,
    stage: String,
    stages: Vec<(&'static str, String)>,
    alerts: Vec<AlertRow>,
    on_time: Option<OnTimeTile>,
}

pub async fn shipments(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(p): Query<ShipmentListQuery>,
) -> Response {
    let c = Chrome::for_user(&me, "/shipments", "shipments-title");
    let stage = p
        .stage
        .as_deref()
        .map(str::trim)
        .filter(|s| crate::api::shipments::STAGES.contains(s))
        .map(str::to_string);
    let recs = match st
        .store
        .list_shipments(&ShipmentQuery {
            stage,
            search: p.q.clone().filter(|q| !q.trim().is_empty()),
            limit: 200,
            ..Default::default()
        })
        .await
    {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let (alerts, on_time) = overview(&st, &c.i).await;
    let late: Vec<Uuid> = on_time
        .as_ref()
        .map(|o| o.late.iter().map(|l| l.0).collect())
        .unwrap_or_default();
    let mut names = Names::new(&st);
    let mut rows = Vec::new();
    for r in &recs {
        let Ok(d) = decode::<ShipmentData>(r.id, &r.doc) else {
            continue;
        };
        let (booking_number, bd) = match st.store.booking(r.booking_id).await {
            Ok(b) => (b.number.clone(), decode::<BookingData>(b.id, &b.doc).ok()),
            Err(_) => (String::new(), None),
        };
        let conf = bd.as_ref().and_then(|b| b.confirmation.as_ref());
        let on_board = d.on_board();
        let containers_booked: u32 = bd
            .as_ref()
            .map(|b| b.request.containers.iter().map(|c| c.count).sum())
            .unwrap_or(0);
        rows.push(ShipmentRow {
            id: r.id,
            number: r.number.clone(),
            booking_id: r.booking_id,
            booking_number,
            customer_id: r.customer_id,
            customer: names.get(r.customer_id).await,
            vessel: conf
                .map(|c| format!("{} / {}", c.vessel, c.voyage))
                .unwrap_or_default(),
            etd: conf.map(|c| c.etd.to_string()).unwrap_or_default(),
            eta: conf.map(|c| c.eta.to_string()).unwrap_or_default(),
            stage_name: stage_name(&c.i, &r.stage),
            stage: r.stage.clone(),
            containers: d.containers.len(),
            containers_booked,
            short: (d.containers.len() as u32) < containers_booked,
            on_board: on_board.map(|d| d.to_string()).unwrap_or_default(),
            on_time: match on_board {
                None => "",
                Some(_) if late.contains(&r.id) => "late",
                Some(_) => "on_time",
            },
            bl_number: d.bl_number.clone().unwrap_or_default(),
        });
    }
    let stages = crate::api::shipments::STAGES
        .iter()
        .map(|s| (*s, stage_name(&c.i, s)))
        .collect();
    render(&ShipmentsPage {
        c,
        rows,
        q: p.q.unwrap_or_default(),
        stage: p.stage.unwrap_or_default(),
        stages,
        alerts,
        on_time,
    })
}

// ---------------------------------------------------------------- shipment page

/// A cut-off and how near it is.
pub struct Cutoff {
    pub id: &'static str,
    pub label: String,
    pub at: String,
    /// `overdue`, `near` (within 48 hours), or empty.
    pub class: &'static str,
    pub note: String,
}

fn span_text(i: &I18n, minutes: i64) -> String {
    let hours = minutes / 60;
    if hours < 48 {
        i.t_args("cutoff-hours", &[("n", hours.max(0).to_string())])
    } else {
        i.t_args("cutoff-days", &[("n", (hours / 24).to_string())])
    }
}

fn cutoffs(i: &I18n, c: &BookingConfirmation, now: NaiveDateTime, on_board: bool) -> Vec<Cutoff> {
    let list = [
        ("si", "booking-si_cutoff", Some(c.si_cutoff)),
        ("vgm", "booking-vgm_cutoff", Some(c.vgm_cutoff)),
        ("cy", "booking-cy_cutoff", Some(c.cy_cutoff)),
        ("documents", "booking-documents_cutoff", c.documents_cutoff),
    ];
    list.into_iter()
        .filter_map(|(id, key, t)| {
            let t = t?;
            let (class, note) = if on_board {
                ("", String::new())
            } else if t < now {
                let m = (now - t).num_minutes();
                (
                    "overdue",
                    i.t_args("cutoff-overdue", &[("time", span_text(i, m))]),
                )
            } else {
                let m = (t - now).num_minutes();
                let class = if m <= 48 * 60 { "near" } else { "" };
                (class, i.t_args("cutoff-due-in", &[("time", span_text(i, m))]))
            };
            Some(Cutoff {
                id,
                label: i.t(key),
                at: dt(&t),
                class,
                note,
            })
        })
        .collect()
}

pub struct VgmCell {
    pub verified: String,
    pub detail: String,
    pub by: String,
    pub on: String,
}

pub struct ReeferCell {
    pub recorded: String,
    pub instructed: String,
    pub status: String,
    pub text: String,
}

pub struct ContainerRow {
    pub id: Uuid,
    pub number: String,
    pub container_type: String,
    pub seals: String,
    pub tare: String,
    pub stuffed_on: String,
    pub packages: String,
    pub net: String,
    pub gross: String,
    pub contents: String,
    pub vgm: Option<VgmCell>,
    pub reefer: Option<ReeferCell>,
    pub reefer_type: bool,
}

/// One instruction line the container form offers a block for.
pub struct LineSlot {
    pub k: usize,
    pub instruction_id: Uuid,
    pub line: usize,
    pub number: String,
    pub description: String,
    pub unit: String,
    pub progress: String,
    /// Weights per package, when the product knows them (`18 / 19.2 kg`).
    pub per_package: String,
    pub quantity_hint: String,
}

/// A balance line with its status in words.
pub struct BalanceRow {
    pub description: String,
    pub unit: String,
    pub ordered: String,
    pub stuffed: String,
    pub shipped: String,
    pub balance: String,
    pub tolerance: String,
    pub status: &'static str,
    pub status_name: String,
}

pub struct BalanceGroup {
    pub title: String,
    /// Where the tables' numbers link: `instructions` or `contracts`.
    pub prefix: &'static str,
    pub tables: Vec<BalanceTable>,
}

pub struct BalanceTable {
    pub id: Uuid,
    pub number: String,
    pub note: String,
    pub rows: Vec<BalanceRow>,
}

pub struct LinkRow {
    pub id: Uuid,
    pub created: String,
    pub created_by: String,
    pub expires: String,
    pub documents: String,
    pub state: &'static str,
    pub state_name: String,
}

pub struct InstructionRow {
    pub id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub latest_shipment: String,
    pub partial: bool,
}

/// The forms of a shipment page, each with what was typed and its errors.
#[derive(Default)]
struct ShipmentForms {
    container: Option<FormState>,
    /// The container being edited.
    editing: Option<Uuid>,
    milestone: Option<FormState>,
    details: Option<FormState>,
    advice: Option<FormState>,
    link: Option<FormState>,
    created_link: Option<TrackingLinkCreated>,
}

#[derive(Template)]
#[template(path = "shipment_show.html")]
struct ShipmentShowPage {
    c: Chrome,
    v: ShipmentView,
    stage_name: String,
    steps: Vec<StageStep>,
    cutoffs: Vec<Cutoff>,
    alerts: Vec<AlertRow>,
    facts: Vec<Fact>,
    instructions: Vec<InstructionRow>,
    containers: Vec<ContainerRow>,
    slots: Vec<LineSlot>,
    container_form: FormState,
    editing: Option<Uuid>,
    editing_number: String,
    milestones: Vec<(Milestone, bool)>,
    milestone_form: FormState,
    details_form: FormState,
    advice_form: FormState,
    link_form: FormState,
    balance_groups: Vec<BalanceGroup>,
    letter: Option<LetterText>,
    letter_error: String,
    lang: String,
    links: Vec<LinkRow>,
    created_link: Option<TrackingLinkCreated>,
    history: Vec<HistoryRow>,
    error: String,
    totals: Vec<String>,
    reefer_expected: String,
    container_types: Vec<&'static str>,
    milestone_kinds: Vec<(&'static str, String)>,
    sources: Vec<(&'static str, String)>,
    /// Open blocking findings and warnings of the set's latest cross-check, once it ran.
    cross_check: Option<(usize, usize)>,
}

impl ShipmentShowPage {
    fn lk(&self, k: &usize, field: &str) -> String {
        format!("lines[{k}].{field}")
    }
    fn id_of(&self, path: &str) -> String {
        dom_id(path)
    }
    fn writable(&self) -> bool {
        self.c.can("shipment_write") && self.v.stage != "cancelled"
    }
    /// Containers change until the goods are on board.
    fn containers_open(&self) -> bool {
        self.writable() && self.v.on_board.is_none()
    }
    fn source_name(&self, s: &MilestoneSource) -> String {
        self.c.i.t(&format!("milestone-source-{}", s.as_str()))
    }
    fn kind_name(&self, k: &MilestoneKind) -> String {
        self.c.i.t(&format!("milestone-{}", k.as_str()))
    }
    fn container_action(&self) -> String {
        match self.editing {
            Some(cid) => format!("/shipments/{}/containers/{cid}", self.v.id),
            None => format!("/shipments/{}/containers", self.v.id),
        }
    }
    fn is_editing(&self, id: &Uuid) -> bool {
        self.editing == Some(*id)
    }
}

fn balance_rows(i: &I18n, lines: &[gendan_domain::shipment::LineBalance]) -> Vec<BalanceRow> {
    lines
        .iter()
        .map(|l| {
            let status = match l.status {
                gendan_domain::shipment::BalanceStatus::Open => "open",
                gendan_domain::shipment::BalanceStatus::WithinTolerance => "within_tolerance",
                gendan_domain::shipment::BalanceStatus::Over => "over",
            };
            BalanceRow {
                description: l.description.clone(),
                unit: i.t(&format!("unit-{}", l.unit.as_str())),
                ordered: qty(l.ordered),
                stuffed: qty(l.stuffed),
                shipped: qty(l.shipped),
                balance: qty(l.balance),
                tolerance: format!("± {} %", l.more_or_less_pct.normalize()),
                status,
                status_name: i.t(&format!("balance-{status}")),
            }
        })
        .collect()
}

/// Net and gross kg per package of each carried instruction line, from its product.
async fn package_weights(st: &AppState, items: &[sh::Carried]) -> HashMap<(Uuid, usize), (Decimal, Decimal)> {
    let mut out = HashMap::new();
    let mut products: HashMap<Uuid, Option<ProductData>> = HashMap::new();
    for c in items {
        for (n, l) in c.data.lines.iter().enumerate() {
            let Some(pid) = l.product_id else { continue };
            if let std::collections::hash_map::Entry::Vacant(e) = products.entry(pid) {
                let p = match st.store.record(RecordKind::Product, pid).await {
                    Ok(r) => decode::<ProductData>(r.id, &r.doc).ok(),
                    Err(_) => None,
                };
                e.insert(p);
            }
            let Some(Some(p)) = products.get(&pid) else {
                continue;
            };
            let pk = p
                .packages
                .iter()
                .find(|k| l.package.as_deref().is_some_and(|n| n == k.name))
                .or(p.packages.first());
            if let Some(pk) = pk {
                out.insert((c.record.id, n), (pk.net.0, pk.gross.0));
            }
        }
    }
    out
}

fn line_slots(
    i: &I18n,
    items: &[sh::Carried],
    v: &ShipmentView,
    weights: &HashMap<(Uuid, usize), (Decimal, Decimal)>,
) -> Vec<LineSlot> {
    let mut out = Vec::new();
    for c in items {
        let bal = v.balances.iter().find(|b| b.instruction_id == c.record.id);
        for (n, l) in c.data.lines.iter().enumerate() {
            let unit = i.t(&format!("unit-{}", l.unit.as_str()));
            let progress = match bal.and_then(|b| b.lines.get(n)) {
                Some(b) => i.t_args(
                    "container-line-progress",
                    &[
                        ("ordered", format!("{} {unit}", qty(b.ordered))),
                        ("stuffed", qty(b.stuffed)),
                        ("shipped", qty(b.shipped)),
                    ],
                ),
                None => format!("{} {unit}", qty(l.quantity)),
            };
            let by_weight = matches!(
                l.unit,
                gendan_domain::contract::QuantityUnit::Kg | gendan_domain::contract::QuantityUnit::MetricTon
            );
            out.push(LineSlot {
                k: out.len(),
                instruction_id: c.record.id,
                line: n,
                number: c.record.number.clone(),
                description: match &l.spec {
                    Some(s) => format!("{} {s}", l.description),
                    None => l.description.clone(),
                },
                unit,
                progress,
                per_package: weights
                    .get(&(c.record.id, n))
                    .map(|(net, gross)| {
                        i.t_args(
                            "container-per-package",
                            &[("net", kg(*net)), ("gross", kg(*gross))],
                        )
                    })
                    .unwrap_or_default(),
                quantity_hint: if by_weight {
                    i.t("container-quantity-by-weight")
                } else {
                    i.t("container-quantity-by-packages")
                },
            });
        }
    }
    out
}

/// The container form for a new container: the first booked type, the signer and today.
fn new_container_form(me: &CurrentUser, v: &ShipmentView, today: &str) -> FormState {
    let mut f = FormState::default();
    if let Some(t) = v.request.containers.first() {
        f.values.insert("container_type".into(), t.container_type.clone());
    }
    f.values
        .insert("vgm.declared_by".into(), me.user.display_name.clone());
    f.values.insert("vgm.declared_on".into(), today.to_string());
    f
}

/// The container form for an existing container: its values on the form's line blocks.
/// Figures the page computes (weights from the product's package, the quantity from the
/// packages or the net weight) stay empty, so a changed package count computes them again.
fn edit_container_form(
    c: &Container,
    slots: &[LineSlot],
    version: i64,
    weights: &HashMap<(Uuid, usize), (Decimal, Decimal)>,
) -> FormState {
    let input = ContainerInput::from(c);
    let mut f = FormState::default();
    let mut set = |k: &str, v: String| {
        f.values.insert(k.to_string(), v);
    };
    set("version", version.to_string());
    set("number", input.number.clone());
    set("container_type", input.container_type.clone());
    for (n, s) in input.seals.iter().enumerate() {
        set(&format!("seals[{n}]"), s.clone());
    }
    set("tare_kg", input.tare_kg.clone().unwrap_or_default());
    set("stuffed_on", input.stuffed_on.clone().unwrap_or_default());
    set(
        "reefer_set_point_c",
        input.reefer_set_point_c.clone().unwrap_or_default(),
    );
    for s in slots {
        if let Some(l) = c
            .lines
            .iter()
            .find(|l| l.instruction_id == s.instruction_id && l.line as usize == s.line)
        {
            let packages = Decimal::from(l.packages);
            let per = weights.get(&(s.instruction_id, s.line));
            set(&format!("lines[{}].packages", s.k), l.packages.to_string());
            if per.is_none_or(|(net, _)| *net * packages != l.net_kg) {
                set(
                    &format!("lines[{}].net_kg", s.k),
                    l.net_kg.normalize().to_string(),
                );
            }
            if per.is_none_or(|(_, gross)| *gross * packages != l.gross_kg) {
                set(
                    &format!("lines[{}].gross_kg", s.k),
                    l.gross_kg.normalize().to_string(),
                );
            }
            let defaults = [packages, l.net_kg, l.net_kg / Decimal::from(1000)];
            if !defaults.contains(&l.quantity) {
                set(
                    &format!("lines[{}].quantity", s.k),
                    l.quantity.normalize().to_string(),
                );
            }
        }
    }
    if let Some(vg) = &input.vgm {
        set("_vgm", "on".into());
        set("vgm.declared_by", vg.declared_by.clone());
        set("vgm.declared_on", vg.declared_on.clone());
        set("vgm.dunnage_kg", vg.dunnage_kg.clone().unwrap_or_default());
    }
    f
}

/// The milestone that usually comes next.
fn next_milestone(v: &ShipmentView) -> &'static str {
    let reached = v.current_milestones.iter().map(|m| m.kind).max();
    let tranship = v
        .confirmation
        .as_ref()
        .is_some_and(|c| c.transhipment_port.is_some());
    MilestoneKind::ALL
        .into_iter()
        .find(|k| reached.is_none_or(|r| *k > r) && (*k != MilestoneKind::Transhipped || tranship))
        .unwrap_or(MilestoneKind::Released)
        .as_str()
}

async fn shipment_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    lang: Option<String>,
    forms: ShipmentForms,
    error: String,
    status: StatusCode,
) -> Response {
    let v = match sh::shipment_view(st, id).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let cx = match sh::shipment_context(st, id).await {
        Ok(cx) => cx,
        Err(e) => return e.into_response(),
    };
    let c = Chrome::for_user(me, "/shipments", "shipment-title");
    let i = &c.i;
    let now = st.clock.now();
    let today = st.clock.today().to_string();
    let steps = stage_steps(
        i,
        &v.current_milestones,
        &v.stage,
        stuffed_on(&cx.data.containers),
    );
    let cutoffs = v
        .confirmation
        .as_ref()
        .map(|x| cutoffs(i, x, now.naive_utc(), v.on_board.is_some()))
        .unwrap_or_default();
    let alerts = alert_rows(
        i,
        now.naive_utc(),
        v.alerts
            .iter()
            .map(|a| (v.id, v.number.clone(), a.clone()))
            .collect(),
    );
    let conf = v.confirmation.as_ref();
    let mut facts = vec![
        Fact {
            id: "customer",
            label: i.t("contract-buyer"),
            value: v.customer_name.clone(),
        },
        Fact {
            id: "forwarder",
            label: i.t("booking-forwarder"),
            value: v.forwarder_name.clone(),
        },
        Fact {
            id: "carrier",
            label: i.t("booking-carrier"),
            value: conf.map(|c| c.carrier.clone()).unwrap_or_else(|| "—".into()),
        },
        Fact {
            id: "vessel",
            label: i.t("booking-vessel-voyage"),
            value: conf
                .map(|c| format!("{} / {}", c.vessel, c.voyage))
                .unwrap_or_else(|| "—".into()),
        },
        Fact {
            id: "carrier-booking",
            label: i.t("booking-booking_number"),
            value: conf
                .map(|c| c.booking_number.clone())
                .unwrap_or_else(|| "—".into()),
        },
        Fact {
            id: "route",
            label: i.t("shipment-route"),
            value: format!(
                "{} → {}",
                port_name(&v.request.port_of_loading),
                port_name(&v.request.port_of_discharge)
            ),
        },
        Fact {
            id: "etd",
            label: "ETD".into(),
            value: conf.map(|c| c.etd.to_string()).unwrap_or_else(|| "—".into()),
        },
        Fact {
            id: "eta",
            label: "ETA".into(),
            value: conf.map(|c| c.eta.to_string()).unwrap_or_else(|| "—".into()),
        },
    ];
    if let Some(ob) = v.on_board {
        let latest = v.instructions.iter().map(|r| r.latest_shipment).min();
        let mut value = ob.to_string();
        if let Some(l) = latest {
            let late = (ob - l).num_days();
            value.push_str(&format!(" · {} {l}", i.t("contract-shipment_latest")));
            if late > 0 {
                value.push_str(&format!(" (+{late} {})", i.t("kpi-days")));
            }
        }
        facts.push(Fact {
            id: "on-board",
            label: i.t("milestone-on_board"),
            value,
        });
    }
    facts.push(Fact {
        id: "bl",
        label: i.t("shipment-bl_number"),
        value: v.bl_number.clone().unwrap_or_else(|| "—".into()),
    });
    if let Some(t) = conf.and_then(|c| c.transhipment_port.as_ref()) {
        facts.push(Fact {
            id: "transhipment",
            label: i.t("booking-transhipment_port"),
            value: port_name(t),
        });
    }
    if let Some(c) = conf {
        facts.push(Fact {
            id: "free-days",
            label: i.t("booking-free_days"),
            value: c.free_days.to_string(),
        });
    }
    if !v.invoice_amounts.is_empty() {
        facts.push(Fact {
            id: "invoice-amount",
            label: i.t("shipment-invoice-amount"),
            value: v
                .invoice_amounts
                .iter()
                .map(|m| {
                    format!(
                        "{} {}",
                        m.currency,
                        grouped(m.amount.round_dp(m.currency.minor_units()))
                    )
                })
                .collect::<Vec<_>>()
                .join(" + "),
        });
    }
    let instructions = v
        .instructions
        .iter()
        .map(|r| InstructionRow {
            id: r.id,
            number: r.number.clone(),
            contract_id: r.contract_id,
            contract_number: r.contract_number.clone(),
            latest_shipment: r.latest_shipment.to_string(),
            partial: r.partial_shipments,
        })
        .collect();
    let containers: Vec<ContainerRow> = v
        .containers
        .iter()
        .map(|k| {
            let ct = &k.container;
            let contents = ct
                .lines
                .iter()
                .map(|l| {
                    let number = v
                        .instructions
                        .iter()
                        .find(|r| r.id == l.instruction_id)
                        .map(|r| r.number.clone())
                        .unwrap_or_default();
                    format!("{number} #{}: {}", l.line + 1, grouped(Decimal::from(l.packages)))
                })
                .collect::<Vec<_>>()
                .join("; ");
            let reefer = match v.reefer.iter().find(|r| r.container == ct.number) {
                Some(r) => Some(ReeferCell {
                    recorded: r
                        .recorded
                        .map(|x| format!("{} °C", x.0.normalize()))
                        .unwrap_or_else(|| "—".into()),
                    instructed: r
                        .instructed
                        .map(|x| format!("{} °C", x.0.normalize()))
                        .unwrap_or_else(|| "—".into()),
                    text: i.t(&format!("reefer-{}", r.status)),
                    status: r.status.clone(),
                }),
                None => ct.reefer_set_point.map(|x| ReeferCell {
                    recorded: format!("{} °C", x.0.normalize()),
                    instructed: "—".into(),
                    status: String::new(),
                    text: String::new(),
                }),
            };
            ContainerRow {
                id: ct.id,
                number: ct.number.spaced(),
                container_type: ct.container_type.clone(),
                seals: ct.seals.join(", "),
                tare: kg(ct.tare_kg),
                stuffed_on: ct.stuffed_on.map(|d| d.to_string()).unwrap_or_default(),
                packages: grouped(Decimal::from(k.packages)),
                net: kg(k.net_kg),
                gross: kg(k.gross_kg),
                contents,
                vgm: ct.vgm.as_ref().map(|g| VgmCell {
                    verified: kg(g.verified_gross_kg),
                    detail: i.t_args(
                        "container-vgm-detail",
                        &[
                            ("cargo", kg(g.cargo_gross_kg)),
                            ("dunnage", kg(g.dunnage_kg)),
                            ("tare", kg(g.tare_kg)),
                        ],
                    ),
                    by: g.declared_by.clone(),
                    on: g.declared_on.to_string(),
                }),
                reefer,
                reefer_type: k.reefer,
            }
        })
        .collect();
    let weights = package_weights(st, &cx.items).await;
    let slots = line_slots(i, &cx.items, &v, &weights);
    let editing = forms.editing;
    let editing_number = editing
        .and_then(|e| v.containers.iter().find(|k| k.container.id == e))
        .map(|k| k.container.number.spaced())
        .unwrap_or_default();
    let container_form = forms
        .container
        .unwrap_or_else(|| new_container_form(me, &v, &today));
    let superseded: Vec<bool> = v
        .milestones
        .iter()
        .enumerate()
        .map(|(n, m)| v.milestones[n + 1..].iter().any(|x| x.kind == m.kind))
        .collect();
    let milestones = v.milestones.iter().cloned().zip(superseded).rev().collect();
    let milestone_form = forms.milestone.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values.insert("kind".into(), next_milestone(&v).into());
        f.values.insert("date".into(), today.clone());
        f.values.insert("source".into(), "own".into());
        f
    });
    let details_form = forms.details.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values
            .insert("bl_number".into(), v.bl_number.clone().unwrap_or_default());
        f.values.insert(
            "invoice_number".into(),
            v.invoice_number.clone().unwrap_or_default(),
        );
        f
    });
    let (letter, letter_error) =
        match sh::shipping_advice(st, &me.user.display_name, id, lang.as_deref()).await {
            Ok((_, t)) => (Some(t), String::new()),
            Err(e) => (None, message(i, &e)),
        };
    let lang = letter
        .as_ref()
        .map(|l| l.language.clone())
        .unwrap_or_else(|| "en".into());
    let advice_form = forms.advice.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values.insert(
            "to".into(),
            letter.as_ref().and_then(|l| l.to.clone()).unwrap_or_default(),
        );
        f.values.insert("language".into(), lang.clone());
        f
    });
    let link_form = forms.link.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.values.insert("days_valid".into(), "60".into());
        f.values.insert("documents.shipping_advice".into(), "on".into());
        f
    });
    let links = v
        .tracking_links
        .iter()
        .map(|l| link_row(i, &l.link, now))
        .collect();
    let balances: Vec<BalanceTable> = v
        .balances
        .iter()
        .map(|b| BalanceTable {
            id: b.instruction_id,
            number: b.number.clone(),
            note: String::new(),
            rows: balance_rows(i, &b.lines),
        })
        .collect();
    let contract_balances: Vec<BalanceTable> = v
        .contract_balances
        .iter()
        .map(|b| BalanceTable {
            id: b.contract_id,
            number: b.number.clone(),
            note: if b.partial_shipments {
                i.t("contract-partial-allowed")
            } else {
                i.t("contract-partial-forbidden")
            },
            rows: balance_rows(i, &b.lines),
        })
        .collect();
    let totals = vec![
        i.t_args(
            "shipment-containers-recorded",
            &[
                ("recorded", v.totals.containers.to_string()),
                ("booked", v.totals.containers_booked.to_string()),
            ],
        ),
        i.t_args(
            "shipment-packages",
            &[("n", grouped(Decimal::from(v.totals.packages)))],
        ),
        format!("{} {} kg", i.t("advice-net"), kg(v.totals.net_kg)),
        format!("{} {} kg", i.t("advice-gross"), kg(v.totals.gross_kg)),
    ];
    let reefer_expected = cx
        .items
        .iter()
        .find_map(|c| c.data.shipping.reefer.as_ref())
        .or(v.request.reefer.as_ref())
        .map(|r| format!("{} °C", r.set_point.0.normalize()))
        .unwrap_or_default();
    let history = history(st, me, "shipment", id).await;
    let milestone_kinds = MilestoneKind::ALL
        .iter()
        .map(|k| (k.as_str(), i.t(&format!("milestone-{}", k.as_str()))))
        .collect();
    let sources = MilestoneSource::ALL
        .iter()
        .map(|s| (s.as_str(), i.t(&format!("milestone-source-{}", s.as_str()))))
        .collect();
    let cross_check = crate::document_checks::latest(st, id)
        .await
        .ok()
        .filter(|x| x.run.is_some())
        .map(|x| (x.blocking, x.warnings));
    render_status(
        status,
        &ShipmentShowPage {
            stage_name: stage_name(i, &v.stage),
            steps,
            cutoffs,
            alerts,
            facts,
            instructions,
            containers,
            slots,
            container_form,
            editing,
            editing_number,
            milestones,
            milestone_form,
            details_form,
            advice_form,
            link_form,
            balance_groups: vec![
                BalanceGroup {
                    title: i.t("shipment-balance-instructions"),
                    prefix: "instructions",
                    tables: balances,
                },
                BalanceGroup {
                    title: i.t("shipment-balance-contracts"),
                    prefix: "contracts",
                    tables: contract_balances,
                },
            ],
            letter,
            letter_error,
            lang,
            links,
            created_link: forms.created_link,
            history,
            error,
            totals,
            reefer_expected,
            container_types: CONTAINER_TYPES.to_vec(),
            milestone_kinds,
            sources,
            cross_check,
            v,
            c,
        },
    )
}

fn link_row(i: &I18n, l: &TrackingLink, now: DateTime<Utc>) -> LinkRow {
    let state = if l.revoked_at.is_some() {
        "revoked"
    } else if l.expires_at <= now {
        "expired"
    } else {
        "active"
    };
    LinkRow {
        id: l.id,
        created: at(&l.created_at),
        created_by: l.created_by.clone(),
        expires: at(&l.expires_at),
        documents: l
            .documents
            .iter()
            .map(|d| i.t(&format!("tracking-doc-{d}")))
            .collect::<Vec<_>>()
            .join(", "),
        state,
        state_name: i.t(&format!("link-{state}")),
    }
}

pub async fn shipment_show(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<LangQuery>,
) -> Response {
    shipment_page(
        &st,
        &me,
        id,
        q.lang,
        ShipmentForms::default(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

/// B/L and invoice numbers.
pub async fn shipment_save(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let input = ShipmentDetailsInput {
        bl_number: get(&pairs, "bl_number"),
        invoice_number: get(&pairs, "invoice_number"),
    };
    match sh::save_details(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}#details")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                details: Some(f),
                ..Default::default()
            };
            shipment_page(&st, &me, id, None, forms, String::new(), status_of(&e)).await
        }
    }
}

/// The container the form describes. Line blocks left without packages are not part of it;
/// net and gross weights left empty are computed from the product's package.
fn container_from(
    pairs: &Pairs,
    weights: &HashMap<(Uuid, usize), (Decimal, Decimal)>,
) -> Result<ContainerInput, ValidationErrors> {
    let mut v = form_to_json(pairs, &TYPES, &[]);
    let declare = pairs.iter().any(|(k, x)| k == "_vgm" && !x.trim().is_empty());
    if let Some(obj) = v.as_object_mut() {
        if declare {
            obj.entry("vgm").or_insert_with(|| json!({}));
        } else {
            obj.remove("vgm");
        }
        if let Some(lines) = obj.get_mut("lines").and_then(Value::as_array_mut) {
            lines.retain(|l| {
                l.get("packages")
                    .and_then(Value::as_str)
                    .is_some_and(|p| !p.trim().is_empty())
            });
            for l in lines.iter_mut() {
                let key = (
                    l.get("instruction_id")
                        .and_then(Value::as_str)
                        .and_then(|s| s.parse::<Uuid>().ok()),
                    l.get("line").and_then(Value::as_u64),
                );
                let packages = l
                    .get("packages")
                    .and_then(Value::as_str)
                    .and_then(|p| p.trim().parse::<Decimal>().ok());
                // Only a plausible count is multiplied out (the use case refuses the rest).
                let packages = packages.filter(|p| *p > Decimal::ZERO && *p <= Decimal::from(1_000_000));
                if let ((Some(iid), Some(n)), Some(p)) = (key, packages)
                    && let Some((net, gross)) = weights.get(&(iid, n as usize))
                    && let Some(o) = l.as_object_mut()
                {
                    if !o.contains_key("net_kg") {
                        o.insert("net_kg".into(), Value::String((net * p).normalize().to_string()));
                    }
                    if !o.contains_key("gross_kg") {
                        o.insert(
                            "gross_kg".into(),
                            Value::String((gross * p).normalize().to_string()),
                        );
                    }
                }
            }
        }
    }
    from_form(v)
}

async fn container_weights(st: &AppState, id: Uuid) -> HashMap<(Uuid, usize), (Decimal, Decimal)> {
    match sh::shipment_context(st, id).await {
        Ok(cx) => package_weights(st, &cx.items).await,
        Err(_) => HashMap::new(),
    }
}

fn container_form_state(pairs: &Pairs) -> FormState {
    let mut f = FormState::from_pairs(pairs);
    f.kept_when.push(("lines", "packages"));
    f
}

pub async fn container_add(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = container_form_state(&pairs);
    let weights = container_weights(&st, id).await;
    let result = match container_from(&pairs, &weights) {
        Ok(input) => sh::add_container(&st, &me, id, &input).await.map(|_| ()),
        Err(errs) => Err(ApiError::validation(errs)),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/shipments/{id}#containers")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                container: Some(f),
                ..Default::default()
            };
            shipment_page(&st, &me, id, None, forms, String::new(), status_of(&e)).await
        }
    }
}

pub async fn container_edit(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, container_id)): Path<(Uuid, Uuid)>,
) -> Response {
    let cx = match sh::shipment_context(&st, id).await {
        Ok(cx) => cx,
        Err(e) => return e.into_response(),
    };
    let Some(container) = cx.data.containers.iter().find(|c| c.id == container_id).cloned() else {
        return ApiError::not_found(format!("container {container_id} is not on this shipment"))
            .into_response();
    };
    let v = match sh::shipment_view(&st, id).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let i = i18n(&me);
    let weights = package_weights(&st, &cx.items).await;
    let slots = line_slots(&i, &cx.items, &v, &weights);
    let form = edit_container_form(&container, &slots, v.version, &weights);
    let forms = ShipmentForms {
        container: Some(form),
        editing: Some(container_id),
        ..Default::default()
    };
    shipment_page(&st, &me, id, None, forms, String::new(), StatusCode::OK).await
}

pub async fn container_update(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, container_id)): Path<(Uuid, Uuid)>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = container_form_state(&pairs);
    let weights = container_weights(&st, id).await;
    let result = match container_from(&pairs, &weights) {
        Ok(input) => sh::update_container(&st, &me, id, container_id, version_of(&pairs), &input)
            .await
            .map(|_| ()),
        Err(errs) => Err(ApiError::validation(errs)),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/shipments/{id}#containers")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                container: Some(f),
                editing: Some(container_id),
                ..Default::default()
            };
            shipment_page(&st, &me, id, None, forms, String::new(), status_of(&e)).await
        }
    }
}

pub async fn container_remove(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, container_id)): Path<(Uuid, Uuid)>,
    Form(pairs): Form<Pairs>,
) -> Response {
    match sh::remove_container(&st, &me, id, container_id, version_of(&pairs)).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}#containers")).into_response(),
        Err(e) => {
            let msg = message(&i18n(&me), &e);
            shipment_page(&st, &me, id, None, ShipmentForms::default(), msg, status_of(&e)).await
        }
    }
}

pub async fn milestone_add(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let s = |k: &str| get(&pairs, k).unwrap_or_default();
    let input = MilestoneInput {
        kind: s("kind"),
        date: s("date"),
        source: s("source"),
        note: get(&pairs, "note"),
    };
    match sh::add_milestone(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}#milestones")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                milestone: Some(f),
                ..Default::default()
            };
            shipment_page(&st, &me, id, None, forms, String::new(), status_of(&e)).await
        }
    }
}

pub async fn advice_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<LangQuery>,
) -> Response {
    let (doc, _) = match sh::shipping_advice(&st, &me.user.display_name, id, q.lang.as_deref()).await {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let name = format!(
        "{}-shipping-advice-{}.pdf",
        doc.header.first().map(|h| h.value.clone()).unwrap_or_default(),
        doc.language
    );
    match sh::render_letter(doc).await {
        Ok(bytes) => download("application/pdf", &name, bytes),
        Err(e) => e.into_response(),
    }
}

pub async fn advice_send(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let input = SendAdviceInput {
        to: get(&pairs, "to"),
        language: get(&pairs, "language"),
    };
    match sh::send_advice(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/shipments/{id}#advice")).into_response(),
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                advice: Some(f),
                ..Default::default()
            };
            shipment_page(&st, &me, id, input.language, forms, String::new(), status_of(&e)).await
        }
    }
}

pub async fn link_create(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let mut form = FormState::from_pairs(&pairs);
    let documents: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "documents" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
        .collect();
    for d in &documents {
        form.values.insert(format!("documents.{d}"), "on".into());
    }
    let days = get(&pairs, "days_valid");
    let days_valid = match days.as_deref().map(str::parse::<u32>) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            let e = ApiError::validation(ValidationErrors::single(
                "days_valid",
                "invalid_number",
                "a whole number of days",
            ));
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                link: Some(f),
                ..Default::default()
            };
            return shipment_page(&st, &me, id, None, forms, String::new(), status_of(&e)).await;
        }
    };
    let input = TrackingLinkInput {
        documents,
        days_valid,
    };
    match sh::create_tracking_link(&st, &me, id, &input).await {
        // The token is in this answer only, never again.
        Ok(created) => {
            let forms = ShipmentForms {
                created_link: Some(created),
                ..Default::default()
            };
            shipment_page(&st, &me, id, None, forms, String::new(), StatusCode::CREATED).await
        }
        Err(e) => {
            let f = form_errors(form, &e, &me);
            let forms = ShipmentForms {
                link: Some(f),
                ..Default::default()
            };
            shipment_page(&st, &me, id, None, forms, String::new(), status_of(&e)).await
        }
    }
}

pub async fn link_revoke(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match st.store.revoke_tracking_link(id, &me.write_context(&st)).await {
        Ok(l) => Redirect::to(&format!("/shipments/{}#tracking", l.shipment_id)).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

// ================================================================ public tracking page

#[derive(Template)]
#[template(path = "tracking.html")]
struct TrackingPage {
    c: Chrome,
    token: String,
    t: PublicTracking,
    steps: Vec<StageStep>,
    documents: Vec<(String, String)>,
    expires: String,
}

#[derive(Template)]
#[template(path = "tracking_gone.html")]
struct TrackingGone {
    c: Chrome,
}

fn tracking_gone(i: I18n) -> Response {
    render_status(
        StatusCode::NOT_FOUND,
        &TrackingGone {
            c: Chrome::anonymous(i, "/track", "tracking-title"),
        },
    )
}

/// A customer's view of one shipment, through its link: no sign-in; milestones, vessel,
/// ports, dates, containers and the documents the merchandiser chose to share.
pub async fn tracking(State(st): State<AppState>, headers: HeaderMap, Path(token): Path<String>) -> Response {
    let i = crate::i18n::from_headers(&headers);
    let Ok(link) = sh::tracking_link_for_token(&st, &token).await else {
        return tracking_gone(i);
    };
    let t = match sh::public_tracking(&st, &link).await {
        Ok(t) => t,
        Err(_) => return tracking_gone(i),
    };
    let (stage, stuffed) = match sh::shipment_context(&st, link.shipment_id).await {
        Ok(cx) => (cx.data.stage().to_string(), stuffed_on(&cx.data.containers)),
        Err(_) => (String::new(), None),
    };
    let steps = stage_steps(&i, &t.milestones, &stage, stuffed);
    let documents = t
        .documents
        .iter()
        .map(|d| (d.clone(), i.t(&format!("tracking-doc-{d}"))))
        .collect();
    render(&TrackingPage {
        expires: t.expires_at.format("%Y-%m-%d").to_string(),
        c: Chrome::anonymous(i, &format!("/track/{token}"), "tracking-title"),
        token,
        t,
        steps,
        documents,
    })
}

/// A shared document through a tracking link; anything not shared answers like an unknown
/// link.
pub async fn tracking_document(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((token, kind)): Path<(String, String)>,
) -> Response {
    let i = crate::i18n::from_headers(&headers);
    let Ok(link) = sh::tracking_link_for_token(&st, &token).await else {
        return tracking_gone(i);
    };
    if !link.documents.contains(&kind) {
        return tracking_gone(i);
    }
    match kind.as_str() {
        "shipping_advice" => {
            let (doc, _) = match sh::shipping_advice(
                &st,
                &sh::signer_name(&st, &link.created_by).await,
                link.shipment_id,
                None,
            )
            .await
            {
                Ok(x) => x,
                Err(e) => return e.into_response(),
            };
            let name = format!(
                "{}-shipping-advice.pdf",
                doc.header.first().map(|h| h.value.clone()).unwrap_or_default()
            );
            match sh::render_letter(doc).await {
                Ok(bytes) => download("application/pdf", &name, bytes),
                Err(e) => e.into_response(),
            }
        }
        "sales_contract" => {
            let cx = match sh::shipment_context(&st, link.shipment_id).await {
                Ok(cx) => cx,
                Err(e) => return e.into_response(),
            };
            let Some(first) = cx.items.first() else {
                return tracking_gone(i);
            };
            match crate::documents::contract_pdf_outside(&st, first.contract_id).await {
                Ok((name, bytes)) => download("application/pdf", &name, bytes),
                Err(e) => e.into_response(),
            }
        }
        _ => tracking_gone(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_become_element_ids() {
        assert_eq!(dom_id("number"), "number");
        assert_eq!(dom_id("lines[0].packages"), "lines-0-packages");
        assert_eq!(
            dom_id("request.containers[1].count"),
            "request-containers-1-count"
        );
    }

    #[test]
    fn ids_come_comma_separated_or_repeated() {
        let a = "0190f5a0-0000-7000-8000-000000000001";
        let b = "0190f5a0-0000-7000-8000-000000000002";
        let q = vec![
            ("instruction_ids".to_string(), format!("{a},{b}")),
            ("instruction_ids".to_string(), a.to_string()),
        ];
        assert_eq!(ids_from_query(&q).unwrap().len(), 2);
        assert!(ids_from_query(&[("instruction_ids".into(), "x".into())]).is_err());
    }

    #[test]
    fn alert_subjects_are_translated() {
        let i = I18n::new("en");
        assert_eq!(
            alert_subject(&i, "CSQU3054383, 2 container(s) not yet recorded", ""),
            "CSQU3054383, 2 containers not yet recorded"
        );
        assert_eq!(alert_subject(&i, "2026-12-01 12:00", "2026-12-01 12:00"), "");
    }

    #[test]
    fn empty_line_blocks_are_dropped_and_weights_computed() {
        let iid = Uuid::nil();
        let pairs: Pairs = vec![
            ("_csrf".into(), "t".into()),
            ("number".into(), "CSQU3054383".into()),
            ("container_type".into(), "40RH".into()),
            ("lines[0].instruction_id".into(), iid.to_string()),
            ("lines[0].line".into(), "0".into()),
            ("lines[0].packages".into(), "".into()),
            ("lines[1].instruction_id".into(), iid.to_string()),
            ("lines[1].line".into(), "1".into()),
            ("lines[1].packages".into(), "10".into()),
            ("vgm.declared_by".into(), "Wang".into()),
        ];
        let mut w = HashMap::new();
        w.insert((iid, 1usize), (Decimal::new(18, 0), Decimal::new(192, 1)));
        let c = container_from(&pairs, &w).unwrap();
        assert_eq!(c.lines.len(), 1);
        assert_eq!(c.lines[0].line, Some(1));
        assert_eq!(c.lines[0].net_kg, "180");
        assert_eq!(c.lines[0].gross_kg, "192");
        assert!(c.vgm.is_none(), "VGM only when declared");
    }
}
