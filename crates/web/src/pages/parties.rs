//! Party pages: list (search, filter by kind, sort, pages), show with history, create,
//! edit (with the version, so a stale edit is caught) and delete.

use super::{Chrome, HistoryRow, history_rows, render, render_status};
use crate::AppState;
use crate::api::parties::{ListParams, encode_cursor, party_query};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::i18n::I18n;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::party::{AddressInput, ContactInput, Party, PartyInput, PartyKind};
use gendan_store::{AuditQuery, PartyQuery, StoreError};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The fewest address and contact blocks the form offers; it always shows every existing
/// block and one blank block more.
const MIN_ADDRESS_SLOTS: usize = 2;
const MIN_CONTACT_SLOTS: usize = 3;

/// How many `group[N].…` blocks the submitted or stored values hold (highest N + 1).
fn blocks_in(values: &HashMap<String, String>, group: &str) -> usize {
    values
        .keys()
        .filter_map(|k| {
            k.strip_prefix(group)?
                .strip_prefix('[')?
                .split(']')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .filter(|n| *n < 100)
        .map(|n| n + 1)
        .max()
        .unwrap_or(0)
}

#[derive(Template)]
#[template(path = "parties_list.html")]
struct ListPage {
    c: Chrome,
    items: Vec<Party>,
    kinds: Vec<(String, String)>,
    q: String,
    kind: String,
    sort: String,
    next_url: String,
    is_first: bool,
    error: String,
}

impl ListPage {
    fn kind_name(&self, k: &PartyKind) -> String {
        self.c.i.t(&format!("kind-{}", k.as_str()))
    }
    fn sort_url(&self, s: &str) -> String {
        list_url(&self.q, &self.kind, s, None)
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn list_url(q: &str, kind: &str, sort: &str, cursor: Option<&str>) -> String {
    let mut u = format!("/parties?q={}&kind={}&sort={}", enc(q), enc(kind), enc(sort));
    if let Some(c) = cursor {
        u.push_str("&cursor=");
        u.push_str(&enc(c));
    }
    u
}

fn kind_options(i: &I18n) -> Vec<(String, String)> {
    PartyKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), i.t(&format!("kind-{}", k.as_str()))))
        .collect()
}

pub async fn list(State(st): State<AppState>, me: CurrentUser, Query(p): Query<ListParams>) -> Response {
    let c = Chrome::for_user(&me, "/parties", "parties-title");
    let q = p.q.clone().unwrap_or_default();
    let kind = p.kind.clone().unwrap_or_default();
    let sort = p
        .sort
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "name".into());
    let (items, next_url, error) = match party_query(&p) {
        Err(errs) => (
            Vec::new(),
            String::new(),
            errs.0
                .iter()
                .map(|e| c.i.field_error(&e.code, &e.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Ok(query) => match st.store.list_parties(&query).await {
            Ok(page) => {
                let next = page
                    .next
                    .as_ref()
                    .map(|n| list_url(&q, &kind, &sort, Some(&encode_cursor(n))))
                    .unwrap_or_default();
                (page.items, next, String::new())
            }
            Err(e) => return ApiError::from(e).into_response(),
        },
    };
    let kinds = kind_options(&c.i);
    let is_first = p.cursor.as_deref().unwrap_or("").is_empty();
    render(&ListPage {
        c,
        items,
        kinds,
        q,
        kind,
        sort,
        next_url,
        is_first,
        error,
    })
}

/// The party form's state: the values typed and the errors per field.
pub struct PartyForm {
    pub values: HashMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub general_error: String,
}

impl PartyForm {
    pub fn v(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }
    pub fn err(&self, k: &str) -> &str {
        self.errors.get(k).map(String::as_str).unwrap_or("")
    }
    pub fn selected(&self, k: &str, option: &str) -> bool {
        self.v(k) == option
    }
    fn from_input(i: &PartyInput, version: Option<i64>) -> Self {
        let mut v = HashMap::new();
        v.insert("kind".into(), i.kind.clone());
        v.insert("name_zh".into(), i.name_zh.clone().unwrap_or_default());
        v.insert("name_latin".into(), i.name_latin.clone().unwrap_or_default());
        v.insert("bic".into(), i.bic.clone().unwrap_or_default());
        v.insert(
            "customer_id".into(),
            i.customer_id.map(|c| c.to_string()).unwrap_or_default(),
        );
        v.insert("notes".into(), i.notes.clone().unwrap_or_default());
        for (n, a) in i.addresses.iter().enumerate() {
            let mut put = |k: &str, val: &str| {
                v.insert(format!("addresses[{n}].{k}"), val.to_string());
            };
            put("label", a.label.as_deref().unwrap_or(""));
            put("line1", &a.line1);
            put("line2", a.line2.as_deref().unwrap_or(""));
            put("city", &a.city);
            put("region", a.region.as_deref().unwrap_or(""));
            put("postal_code", a.postal_code.as_deref().unwrap_or(""));
            put("country", &a.country);
        }
        for (n, ct) in i.contacts.iter().enumerate() {
            let mut put = |k: &str, val: &str| {
                v.insert(format!("contacts[{n}].{k}"), val.to_string());
            };
            put("name", &ct.name);
            put("email", ct.email.as_deref().unwrap_or(""));
            put("phone", ct.phone.as_deref().unwrap_or(""));
            put("messenger", ct.messenger.as_deref().unwrap_or(""));
        }
        if let Some(ver) = version {
            v.insert("version".into(), ver.to_string());
        }
        Self {
            values: v,
            errors: BTreeMap::new(),
            general_error: String::new(),
        }
    }
}

/// Read the posted form into a party input. Empty address and contact blocks are skipped
/// (fill the blocks from the top: kept blocks are numbered in order).
fn input_from_form(f: &HashMap<String, String>) -> Result<PartyInput, ValidationErrors> {
    let get = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let opt = |k: &str| Some(get(k)).filter(|s| !s.is_empty());
    let customer_id = match opt("customer_id") {
        None => None,
        Some(s) => Some(Uuid::parse_str(&s).map_err(|_| {
            ValidationErrors::single("customer_id", "invalid_value", format!("`{s}` is not a party id"))
        })?),
    };
    let mut addresses = Vec::new();
    for n in 0..blocks_in(f, "addresses") {
        let k = |f: &str| format!("addresses[{n}].{f}");
        let a = AddressInput {
            label: opt(&k("label")),
            line1: get(&k("line1")),
            line2: opt(&k("line2")),
            city: get(&k("city")),
            region: opt(&k("region")),
            postal_code: opt(&k("postal_code")),
            country: get(&k("country")),
        };
        if a != AddressInput::default() {
            addresses.push(a);
        }
    }
    let mut contacts = Vec::new();
    for n in 0..blocks_in(f, "contacts") {
        let k = |f: &str| format!("contacts[{n}].{f}");
        let c = ContactInput {
            name: get(&k("name")),
            email: opt(&k("email")),
            phone: opt(&k("phone")),
            messenger: opt(&k("messenger")),
        };
        if c != ContactInput::default() {
            contacts.push(c);
        }
    }
    Ok(PartyInput {
        kind: get("kind"),
        name_zh: opt("name_zh"),
        name_latin: opt("name_latin"),
        bic: opt("bic"),
        customer_id,
        addresses,
        contacts,
        notes: Some(f.get("notes").cloned().unwrap_or_default()),
    })
}

#[derive(Template)]
#[template(path = "party_form.html")]
struct FormPage {
    c: Chrome,
    form: PartyForm,
    party_id: String,
    kinds: Vec<(String, String)>,
    customers: Vec<(String, String)>,
    countries: Vec<String>,
    address_slots: Vec<usize>,
    contact_slots: Vec<usize>,
    address_fields: Vec<&'static str>,
    contact_fields: Vec<&'static str>,
}

impl FormPage {
    /// `addresses[1].city`
    fn slot_key(&self, group: &str, n: &usize, field: &str) -> String {
        format!("{group}[{n}].{field}")
    }
    /// The label of `address-city`, `contact-email`, …
    fn field_label(&self, group: &str, field: &str) -> String {
        self.c.i.t(&format!("{group}-{field}"))
    }
}

async fn form_page(
    st: &AppState,
    me: &CurrentUser,
    form: PartyForm,
    party_id: Option<Uuid>,
    status: StatusCode,
) -> Response {
    let title = if party_id.is_some() {
        "parties-edit"
    } else {
        "parties-new"
    };
    let c = Chrome::for_user(me, "/parties", title);
    let mut customers: Vec<(String, String)> = st
        .store
        .list_parties(&PartyQuery {
            kind: Some(PartyKind::Customer),
            limit: 500,
            ..Default::default()
        })
        .await
        .map(|p| {
            p.items
                .into_iter()
                .map(|p| (p.id.to_string(), p.data.display_name().to_string()))
                .collect()
        })
        .unwrap_or_default();
    // The party's own customer is always a choice, even beyond the first 500.
    let current = form.v("customer_id").to_string();
    if !current.is_empty()
        && !customers.iter().any(|(id, _)| *id == current)
        && let Ok(cid) = Uuid::parse_str(&current)
        && let Ok(c) = st.store.party(cid).await
    {
        customers.insert(0, (current, c.data.display_name().to_string()));
    }
    let address_slots = (0..(blocks_in(&form.values, "addresses") + 1).max(MIN_ADDRESS_SLOTS)).collect();
    let contact_slots = (0..(blocks_in(&form.values, "contacts") + 1).max(MIN_CONTACT_SLOTS)).collect();
    let kinds = kind_options(&c.i);
    render_status(
        status,
        &FormPage {
            c,
            form,
            party_id: party_id.map(|i| i.to_string()).unwrap_or_default(),
            kinds,
            customers,
            countries: gendan_domain::country::CountryCode::all()
                .map(|c| c.to_string())
                .collect(),
            address_slots,
            contact_slots,
            address_fields: vec!["label", "line1", "line2", "city", "region", "postal_code"],
            contact_fields: vec!["name", "email", "phone", "messenger"],
        },
    )
}

fn with_errors(i: &I18n, mut form: PartyForm, errs: &ValidationErrors) -> PartyForm {
    for e in &errs.0 {
        form.errors
            .insert(e.field.clone(), i.field_error(&e.code, &e.message));
    }
    form.general_error = i.t("form-has-errors");
    form
}

#[derive(serde::Deserialize)]
pub struct NewParams {
    kind: Option<String>,
    customer_id: Option<Uuid>,
}

pub async fn new_form(State(st): State<AppState>, me: CurrentUser, Query(p): Query<NewParams>) -> Response {
    let input = PartyInput {
        kind: p.kind.unwrap_or_else(|| "customer".into()),
        customer_id: p.customer_id,
        ..Default::default()
    };
    form_page(
        &st,
        &me,
        PartyForm::from_input(&input, None),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn create(
    State(st): State<AppState>,
    me: CurrentUser,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let form = PartyForm {
        values: f.clone(),
        errors: BTreeMap::new(),
        general_error: String::new(),
    };
    let data = match input_from_form(&f).and_then(|inp| inp.validate()) {
        Ok(d) => d,
        Err(errs) => {
            return form_page(
                &st,
                &me,
                with_errors(&i, form, &errs),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match st.store.create_party(data, &me.write_context(&st)).await {
        Ok(p) => Redirect::to(&format!("/parties/{}", p.id)).into_response(),
        Err(StoreError::Invalid(errs)) => {
            form_page(
                &st,
                &me,
                with_errors(&i, form, &errs),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "party_show.html")]
struct ShowPage {
    c: Chrome,
    p: Party,
    kind_name: String,
    customer: Option<Party>,
    belonging: Vec<Party>,
    history: Vec<HistoryRow>,
    error: String,
    is_customer: bool,
    habit: Option<crate::receivables::PaymentHabit>,
}

impl ShowPage {
    fn kind_of(&self, k: &PartyKind) -> String {
        self.c.i.t(&format!("kind-{}", k.as_str()))
    }
}

async fn show_page(st: &AppState, me: &CurrentUser, id: Uuid, error: String, status: StatusCode) -> Response {
    let p = match st.store.party(id).await {
        Ok(p) => p,
        Err(e) => return page_error(me, e),
    };
    let c = Chrome::for_user(me, "/parties", "parties-title");
    let customer = match p.data.customer_id {
        Some(cid) => st.store.party(cid).await.ok(),
        None => None,
    };
    let belonging = if p.data.kind == PartyKind::Customer {
        st.store
            .list_parties(&PartyQuery {
                customer_id: Some(id),
                limit: 100,
                ..Default::default()
            })
            .await
            .map(|pg| pg.items)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let events = if c.can("audit_read") {
        st.store
            .audit_events(&AuditQuery {
                entity_type: Some("party".into()),
                entity_id: Some(id),
                limit: 50,
                ..Default::default()
            })
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let history = history_rows(&c.i, events);
    let kind_name = c.i.t(&format!("kind-{}", p.data.kind.as_str()));
    let is_customer = p.data.kind == PartyKind::Customer;
    let habit = if is_customer {
        crate::receivables::payment_habit(st, id).await.ok()
    } else {
        None
    };
    render_status(
        status,
        &ShowPage {
            c,
            p,
            kind_name,
            customer,
            belonging,
            history,
            error,
            is_customer,
            habit,
        },
    )
}

fn page_error(me: &CurrentUser, e: StoreError) -> Response {
    let i = I18n::new(&me.user.locale);
    let api = ApiError::from(e);
    let status = api.status;
    let msg = i.error(api.code, &api.detail);
    (status, axum::response::Html(format!(
        "<!doctype html><meta charset=utf-8><title>{status}</title><link rel=stylesheet href=/assets/app.css>\
         <main class=narrow><h1>{}</h1><p>{}</p><p><a href=\"/parties\">{}</a></p></main>",
        status.as_u16(),
        askama::filters::escape(&msg, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default(),
        i.t("parties-back"),
    )))
        .into_response()
}

pub async fn show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    show_page(&st, &me, id, String::new(), StatusCode::OK).await
}

pub async fn edit_form(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match st.store.party(id).await {
        Ok(p) => {
            let form = PartyForm::from_input(&PartyInput::from(&p.data), Some(p.version));
            form_page(&st, &me, form, Some(id), StatusCode::OK).await
        }
        Err(e) => page_error(&me, e),
    }
}

pub async fn update(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let form = PartyForm {
        values: f.clone(),
        errors: BTreeMap::new(),
        general_error: String::new(),
    };
    let Some(version) = f.get("version").and_then(|v| v.parse::<i64>().ok()) else {
        return (StatusCode::BAD_REQUEST, "missing version").into_response();
    };
    let data = match input_from_form(&f).and_then(|inp| inp.validate()) {
        Ok(d) => d,
        Err(errs) => {
            return form_page(
                &st,
                &me,
                with_errors(&i, form, &errs),
                Some(id),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match st
        .store
        .update_party(id, version, data, &me.write_context(&st))
        .await
    {
        Ok(p) => Redirect::to(&format!("/parties/{}", p.id)).into_response(),
        Err(StoreError::Invalid(errs)) => {
            form_page(
                &st,
                &me,
                with_errors(&i, form, &errs),
                Some(id),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Conflict { current, .. }) => {
            // Keep what the user typed; tell them someone else saved in between.
            let mut form = form;
            // The form now carries the current version: saving again applies these values
            // over the other person's change, knowingly.
            form.values.insert("version".into(), current.to_string());
            form.general_error = i.t_args("parties-conflict", &[("version", current.to_string())]);
            form_page(&st, &me, form, Some(id), StatusCode::CONFLICT).await
        }
        Err(e) => page_error(&me, e),
    }
}

pub async fn delete(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let Some(version) = f.get("version").and_then(|v| v.parse::<i64>().ok()) else {
        return (StatusCode::BAD_REQUEST, "missing version").into_response();
    };
    match st.store.delete_party(id, version, &me.write_context(&st)).await {
        Ok(()) => Redirect::to("/parties").into_response(),
        Err(StoreError::InUse(msg)) => {
            show_page(
                &st,
                &me,
                id,
                format!("{} ({msg})", i.t("parties-in-use")),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(StoreError::Conflict { current, .. }) => {
            let msg = i.t_args("parties-conflict", &[("version", current.to_string())]);
            show_page(&st, &me, id, msg, StatusCode::CONFLICT).await
        }
        Err(e) => page_error(&me, e),
    }
}
