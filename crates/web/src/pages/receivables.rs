//! Pages of issue 9: dispatching a shipment's documents (寄单), each dispatch with its steps,
//! release and collection instruction; receivables with aging and write-offs; receipts
//! (收汇) with their allocations; the order's walkthrough (跟单记录).

use super::documents::{get, message};
use super::forms::{FieldTypes, FormState, form_to_json, from_form};
use super::trade::{Pairs, status_of};
use super::{Chrome, render, render_status};
use crate::AppState;
use crate::api::trade::download;
use crate::auth::CurrentUser;
use crate::dispatches::{
    self as dsp, DispatchStepInput, DispatchView, NewDispatchInput, ReleaseInput, SetDoc,
};
use crate::error::ApiError;
use crate::i18n::I18n;
use crate::receivables::{
    self as rcv, AllocateInput, AllocationInput, InstalmentView, NewReceiptInput, ReceiptView,
    ReceivableQuery, ReceivablesReport, WriteOffInput,
};
use crate::walkthrough::{self, Walkthrough};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gendan_domain::receivable::ReceiptInput;
use serde::Deserialize;
use uuid::Uuid;

fn version_of(pairs: &Pairs) -> i64 {
    get(pairs, "version").and_then(|v| v.parse().ok()).unwrap_or(0)
}

// ------------------------------------------------------------------ dispatches

#[derive(Template)]
#[template(path = "dispatches_list.html")]
struct DispatchesPage {
    c: Chrome,
    rows: Vec<DispatchView>,
}

pub async fn dispatches(State(st): State<AppState>, me: CurrentUser) -> Response {
    match dsp::list(&st, None, 200).await {
        Ok(rows) => render(&DispatchesPage {
            c: Chrome::for_user(&me, "/dispatches", "dispatches-title"),
            rows,
        }),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "dispatch_form.html")]
struct DispatchForm {
    c: Chrome,
    shipment_id: Uuid,
    shipment_number: String,
    blocking: usize,
    warnings: usize,
    has_credit: bool,
    docs: Vec<SetDoc>,
    f: FormState,
    error: String,
    earlier: Vec<DispatchView>,
}

const DISPATCH_TYPES: FieldTypes = FieldTypes {
    bools: &["protest"],
    ints: &["originals", "copies"],
};

async fn dispatch_form(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    f: Option<FormState>,
    error: String,
    status: StatusCode,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let (input, mut docs, has_credit) = match dsp::defaults(st, shipment_id).await {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    for d in &mut docs {
        d.kind_name = i.t(&format!("doc-kind-{}", d.kind));
        if let Some(f) = &f {
            let o = format!("documents[{}].originals", d.k);
            d.originals = f.v(&o).parse().unwrap_or(0);
            d.copies = f.v(&format!("documents[{}].copies", d.k)).parse().unwrap_or(0);
            d.error = [
                f.err(&format!("documents[{}]", d.k)),
                f.err(&o),
                f.err(&format!("documents[{}].document_id", d.k)),
            ]
            .into_iter()
            .filter(|e| !e.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        }
    }
    let check = crate::document_checks::latest(st, shipment_id).await.ok();
    let number = st
        .store
        .shipment(shipment_id)
        .await
        .map(|s| s.number)
        .unwrap_or_default();
    render_status(
        status,
        &DispatchForm {
            c: Chrome::for_user(me, &format!("/shipments/{shipment_id}/dispatch"), "dispatch-new"),
            shipment_id,
            shipment_number: number,
            blocking: check.as_ref().map_or(0, |c| c.blocking),
            warnings: check.as_ref().map_or(0, |c| c.warnings),
            has_credit,
            docs,
            f: f.unwrap_or_else(|| FormState::from_input(&input)),
            error,
            earlier: dsp::list(st, Some(shipment_id), 50).await.unwrap_or_default(),
        },
    )
}

pub async fn dispatch_new(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    dispatch_form(&st, &me, id, None, String::new(), StatusCode::OK).await
}

pub async fn dispatch_create(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let mut v = form_to_json(&pairs, &DISPATCH_TYPES, &[]);
    v["shipment_id"] = id.to_string().into();
    if let Some(docs) = v.get_mut("documents").and_then(|d| d.as_array_mut()) {
        docs.retain(|d| {
            d.get("originals").and_then(|x| x.as_u64()).unwrap_or(0) > 0
                || d.get("copies").and_then(|x| x.as_u64()).unwrap_or(0) > 0
        });
    }
    if v.get("kind").and_then(|k| k.as_str()) != Some("collection")
        && let Some(m) = v.as_object_mut()
    {
        m.remove("collection");
    }
    let i = I18n::new(&me.user.locale);
    let res = match from_form::<NewDispatchInput>(v) {
        Ok(input) => dsp::create(&st, &me, &input).await,
        Err(e) => Err(e.into()),
    };
    match res {
        Ok(d) => Redirect::to(&format!("/dispatches/{}", d.id)).into_response(),
        Err(e) => {
            let f = FormState::from_pairs(&pairs).with_errors(&ValidationErrorsOf(&e).get(), &i);
            let m = message(&me, &e);
            dispatch_form(&st, &me, id, Some(f), m, status_of(&e)).await
        }
    }
}

/// The field errors of an API error, for a form.
struct ValidationErrorsOf<'a>(&'a ApiError);

impl ValidationErrorsOf<'_> {
    fn get(&self) -> gendan_domain::ValidationErrors {
        let mut v = gendan_domain::ValidationErrors::new();
        for f in &self.0.errors {
            // The receipt form picks the contract and instalment in one select.
            let field = match f.field.strip_suffix(".instalment") {
                Some(row) if row.starts_with("allocations[") => format!("{row}.target"),
                _ => f.field.clone(),
            };
            v.push(field, &f.code, f.message.clone());
        }
        v
    }
}

#[derive(Template)]
#[template(path = "dispatch_show.html")]
struct DispatchShow {
    c: Chrome,
    kind_name: String,
    state_name: String,
    d: DispatchView,
    error: String,
    states: Vec<(String, String)>,
    today: String,
}

impl DispatchShow {
    fn override_text(&self) -> String {
        let o = self.d.overridden.clone().unwrap_or_default();
        format!(
            "{} — {}",
            o.get("by").and_then(|v| v.as_str()).unwrap_or(""),
            o.get("reason").and_then(|v| v.as_str()).unwrap_or("")
        )
    }
    fn release_text(&self) -> String {
        let r = self.d.release.clone().unwrap_or_default();
        let g = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let kind = match g("kind").as_str() {
            "telex_release" => self.c.i.t("dispatch-telex"),
            "sea_waybill" => self.c.i.t("dispatch-sea-waybill"),
            k => k.to_string(),
        };
        format!("{kind} {} · {} · {}", g("reference"), g("date"), g("by"))
    }
}

async fn dispatch_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    error: String,
    status: StatusCode,
) -> Response {
    let i = I18n::new(&me.user.locale);
    match dsp::get(st, id).await {
        Ok(d) => render_status(
            status,
            &DispatchShow {
                c: Chrome::for_user(me, "/dispatches", "dispatch-title"),
                kind_name: i.t(&format!("dispatch-kind-{}", d.kind)),
                state_name: i.t(&format!("dispatch-state-{}", d.state)),
                states: d
                    .next
                    .iter()
                    .map(|s| (s.clone(), i.t(&format!("dispatch-state-{s}"))))
                    .collect(),
                d,
                error,
                today: st.clock.today().to_string(),
            },
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn dispatch_show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    dispatch_page(&st, &me, id, String::new(), StatusCode::OK).await
}

pub async fn dispatch_step(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = DispatchStepInput {
        to: get(&pairs, "to").unwrap_or_default(),
        date: get(&pairs, "date"),
        courier: get(&pairs, "courier"),
        waybill: get(&pairs, "waybill"),
        note: get(&pairs, "note"),
    };
    match dsp::step(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/dispatches/{id}")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            dispatch_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

pub async fn dispatch_release(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = ReleaseInput {
        kind: get(&pairs, "kind").unwrap_or_default(),
        reference: get(&pairs, "reference"),
        date: get(&pairs, "date"),
    };
    match dsp::release(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/dispatches/{id}")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            dispatch_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LangParams {
    pub lang: Option<String>,
}

pub async fn collection_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(p): Query<LangParams>,
) -> Response {
    let lang = p.lang.unwrap_or_else(|| {
        if me.user.locale.starts_with("zh") {
            "zh".into()
        } else {
            "en".into()
        }
    });
    match dsp::collection_pdf(&st, id, &lang).await {
        Ok((name, bytes)) => download("application/pdf", &name, bytes),
        Err(e) => e.into_response(),
    }
}

// ------------------------------------------------------------------ receivables

#[derive(Template)]
#[template(path = "receivables.html")]
struct ReceivablesPage {
    c: Chrome,
    r: ReceivablesReport,
    customers: Vec<(Uuid, String)>,
    customer: String,
    overdue: bool,
    closed: bool,
    error: String,
    buckets: Vec<(&'static str, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ReceivablesParams {
    pub customer_id: Option<String>,
    pub overdue: Option<String>,
    pub closed: Option<String>,
}

impl ReceivablesPage {
    fn bucket(&self, a: &rcv::AgingRow, b: &str) -> String {
        a.buckets
            .get(b)
            .filter(|v| !v.is_zero())
            .map(|v| v.to_string())
            .unwrap_or_default()
    }
}

async fn customers(st: &AppState) -> Vec<(Uuid, String)> {
    let mut out: Vec<(Uuid, String)> = st
        .store
        .list_contracts(&gendan_store::ContractQuery {
            limit: 10_000,
            ..Default::default()
        })
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.buyer_id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|id| (id, String::new()))
        .collect();
    for (id, name) in &mut out {
        *name = st
            .store
            .party(*id)
            .await
            .map(|p| p.data.display_name().to_string())
            .unwrap_or_default();
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

async fn receivables_page(
    st: &AppState,
    me: &CurrentUser,
    p: ReceivablesParams,
    error: String,
    status: StatusCode,
) -> Response {
    let i = I18n::new(&me.user.locale);
    let customer_id = p.customer_id.as_deref().and_then(|s| s.parse::<Uuid>().ok());
    let q = ReceivableQuery {
        customer_id,
        contract_id: None,
        overdue: Some(p.overdue.is_some()),
        include_closed: Some(p.closed.is_some()),
    };
    match rcv::report(st, &q).await {
        Ok(r) => render_status(
            status,
            &ReceivablesPage {
                c: Chrome::for_user(me, "/receivables", "receivables-title"),
                r,
                customers: customers(st).await,
                customer: customer_id.map(|c| c.to_string()).unwrap_or_default(),
                overdue: p.overdue.is_some(),
                closed: p.closed.is_some(),
                error,
                buckets: gendan_domain::receivable::AgingBucket::ALL
                    .iter()
                    .map(|b| (b.as_str(), i.t(&format!("aging-{}", b.as_str()))))
                    .collect(),
            },
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn receivables(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(p): Query<ReceivablesParams>,
) -> Response {
    receivables_page(&st, &me, p, String::new(), StatusCode::OK).await
}

pub async fn write_off(State(st): State<AppState>, me: CurrentUser, Form(pairs): Form<Pairs>) -> Response {
    let input = WriteOffInput {
        contract_id: get(&pairs, "contract_id").and_then(|s| s.parse().ok()),
        instalment: get(&pairs, "instalment").and_then(|s| s.parse().ok()),
        receipt_id: get(&pairs, "receipt_id").and_then(|s| s.parse().ok()),
        amount: get(&pairs, "amount"),
        reason: get(&pairs, "reason"),
    };
    match rcv::write_off(&st, &me, &input).await {
        Ok(_) => match input.receipt_id {
            Some(r) => Redirect::to(&format!("/receipts/{r}")).into_response(),
            None => Redirect::to("/receivables?closed=1").into_response(),
        },
        Err(e) => {
            let m = message(&me, &e);
            receivables_page(&st, &me, ReceivablesParams::default(), m, status_of(&e)).await
        }
    }
}

// ------------------------------------------------------------------ receipts

#[derive(Template)]
#[template(path = "receipts.html")]
struct ReceiptsPage {
    c: Chrome,
    rows: Vec<ReceiptView>,
    customers: Vec<(Uuid, String)>,
    open: Vec<InstalmentView>,
    f: FormState,
    error: String,
    today: String,
}

async fn receipts_page(
    st: &AppState,
    me: &CurrentUser,
    f: Option<FormState>,
    error: String,
    status: StatusCode,
) -> Response {
    let rows = match rcv::receipts(st, None, 200).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let open = rcv::report(st, &ReceivableQuery::default())
        .await
        .map(|r| {
            r.instalments
                .into_iter()
                .filter(|i| i.open.amount > rust_decimal::Decimal::ZERO)
                .collect()
        })
        .unwrap_or_default();
    let today = st.clock.today().to_string();
    render_status(
        status,
        &ReceiptsPage {
            c: Chrome::for_user(me, "/receipts", "receipts-title"),
            rows,
            customers: customers(st).await,
            open,
            f: f.unwrap_or_else(|| {
                FormState::from_input(&NewReceiptInput {
                    receipt: ReceiptInput {
                        currency: "USD".into(),
                        value_date: today.clone(),
                        ..Default::default()
                    },
                    ..Default::default()
                })
            }),
            error,
            today,
        },
    )
}

pub async fn receipts(State(st): State<AppState>, me: CurrentUser) -> Response {
    receipts_page(&st, &me, None, String::new(), StatusCode::OK).await
}

/// `allocations[k].target` = `<contract id>:<instalment>` from the form's select.
fn allocations_of(pairs: &Pairs) -> Vec<AllocationInput> {
    let mut out = Vec::new();
    for k in 0..20 {
        let target = get(pairs, &format!("allocations[{k}].target"));
        let amount = get(pairs, &format!("allocations[{k}].amount"));
        if target.is_none() && amount.is_none() {
            continue;
        }
        let (c, i) = target
            .as_deref()
            .and_then(|t| t.split_once(':'))
            .map(|(c, i)| (c.parse().ok(), i.parse().ok()))
            .unwrap_or((None, None));
        out.push(AllocationInput {
            contract_id: c,
            instalment: i,
            amount: amount.unwrap_or_default(),
        });
    }
    out
}

pub async fn receipt_create(
    State(st): State<AppState>,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = NewReceiptInput {
        customer_id: get(&pairs, "customer_id").and_then(|s| s.parse().ok()),
        receipt: ReceiptInput {
            amount: get(&pairs, "amount").unwrap_or_default(),
            currency: get(&pairs, "currency").unwrap_or_default(),
            value_date: get(&pairs, "value_date").unwrap_or_default(),
            bank_reference: get(&pairs, "bank_reference").unwrap_or_default(),
            bank_charges: get(&pairs, "bank_charges"),
            exchange_rate: get(&pairs, "exchange_rate"),
        },
        allocations: allocations_of(&pairs),
        auto_allocate: Some(true),
        note: get(&pairs, "note"),
    };
    match rcv::record_receipt(&st, &me, &input).await {
        Ok(r) => Redirect::to(&format!("/receipts/{}", r.id)).into_response(),
        Err(e) => {
            let i = I18n::new(&me.user.locale);
            let f = FormState::from_pairs(&pairs).with_errors(&ValidationErrorsOf(&e).get(), &i);
            let m = message(&me, &e);
            receipts_page(&st, &me, Some(f), m, status_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "receipt_show.html")]
struct ReceiptShow {
    c: Chrome,
    r: ReceiptView,
    open: Vec<InstalmentView>,
    error: String,
}

async fn receipt_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    error: String,
    status: StatusCode,
) -> Response {
    let r = match rcv::receipt(st, id).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let open = rcv::report(
        st,
        &ReceivableQuery {
            customer_id: Some(r.customer_id),
            ..Default::default()
        },
    )
    .await
    .map(|x| {
        x.instalments
            .into_iter()
            .filter(|i| i.open.amount > rust_decimal::Decimal::ZERO && i.open.currency == r.amount.currency)
            .collect()
    })
    .unwrap_or_default();
    render_status(
        status,
        &ReceiptShow {
            c: Chrome::for_user(me, "/receipts", "receipt-title"),
            r,
            open,
            error,
        },
    )
}

pub async fn receipt_show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    receipt_page(&st, &me, id, String::new(), StatusCode::OK).await
}

pub async fn receipt_allocate(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let input = AllocateInput {
        allocations: allocations_of(&pairs),
    };
    match rcv::allocate_receipt(&st, &me, id, &input).await {
        Ok(_) => Redirect::to(&format!("/receipts/{id}")).into_response(),
        Err(e) => {
            let m = message(&me, &e);
            receipt_page(&st, &me, id, m, status_of(&e)).await
        }
    }
}

// ------------------------------------------------------------------ walkthrough

#[derive(Template)]
#[template(path = "walkthrough.html")]
struct WalkthroughPage {
    c: Chrome,
    state_name: String,
    w: Walkthrough,
}

pub async fn walkthrough(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match walkthrough::build(&st, id).await {
        Ok(w) => render(&WalkthroughPage {
            state_name: I18n::new(&me.user.locale).t(&format!("state-{}", w.state)),
            c: Chrome::for_user(&me, &format!("/contracts/{id}/walkthrough"), "walkthrough-title"),
            w,
        }),
        Err(e) => e.into_response(),
    }
}

pub async fn walkthrough_pdf(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(p): Query<LangParams>,
) -> Response {
    let lang = p.lang.unwrap_or_else(|| {
        if me.user.locale.starts_with("zh") {
            "zh".into()
        } else {
            "en".into()
        }
    });
    match walkthrough::pdf(&st, id, &lang).await {
        Ok((name, bytes)) => download("application/pdf", &name, bytes),
        Err(e) => e.into_response(),
    }
}

// ------------------------------------------------------------------ tasks and outbox

pub async fn task_done(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    match rcv::finish_task(&st, &me, id, version_of(&pairs)).await {
        Ok(_) => Redirect::to("/#tasks").into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    c: Chrome,
    rows: Vec<gendan_store::OutboxMessage>,
}

pub async fn outbox(State(st): State<AppState>, me: CurrentUser) -> Response {
    match st.store.outbox(None, 300).await {
        Ok(rows) => render(&OutboxPage {
            c: Chrome::for_user(&me, "/outbox", "outbox-title"),
            rows,
        }),
        Err(e) => ApiError::from(e).into_response(),
    }
}
