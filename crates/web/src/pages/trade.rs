//! Pages for products, customer profiles, our company, contracts, letters of credit and
//! imports. Forms name their fields by JSON path (see [`super::forms`]) and post the same
//! input the API takes; the use cases are those of [`crate::trade`].

use super::forms::{FieldTypes, FormState, form_to_json, from_form};
use super::{Chrome, DocPrefix, HistoryRow, history_rows, render, render_status};
use crate::AppState;
use crate::api::trade::download;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::trade::{self, ContractView, CreditView, ImportKind, ImportReport, ProductView, StepInput};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gendan_domain::ValidationErrors;
use gendan_domain::company::CompanyProfileInput;
use gendan_domain::contract::{ContractAction, ContractState, QuantityUnit};
use gendan_domain::documents::DocumentKind;
use gendan_domain::incoterm::Incoterm;
use gendan_domain::letter_of_credit::{AvailableBy, LetterOfCreditInput};
use gendan_domain::party::{Party, PartyKind};
use gendan_domain::product::{PackageKind, ProductInput};
use gendan_domain::profile::{CustomerHabits, CustomerProfileInput};
use gendan_domain::sales_contract::ContractInput;
use gendan_store::{AuditQuery, ContractQuery, PartyQuery, RecordKind};
use serde::Deserialize;
use uuid::Uuid;

pub(super) type Pairs = Vec<(String, String)>;

pub(super) const TYPES: FieldTypes = FieldTypes {
    bools: &[
        "partial_shipments",
        "transhipment",
        "about",
        "this_side_up",
        "check_person_and_system",
    ],
    ints: &[
        "originals",
        "copies",
        "tenor_days",
        "presentation_days",
        "shelf_life_days",
        "size_mm",
        "check_people",
        "reminder_escalate_after_days",
    ],
};

/// An API error as form errors and a message.
/// An API error as form errors and a message in the user's language. On a version conflict
/// the form keeps what was typed but takes the current version, so saving again is a
/// deliberate overwrite of the newer record, after the message said so.
pub(super) fn form_errors(form: FormState, e: &ApiError, me: &CurrentUser) -> FormState {
    let i = crate::i18n::I18n::new(&me.user.locale);
    let mut f = form.with_errors(&ValidationErrors(e.errors.clone()), &i);
    f.message = error_message(&i, e);
    if let Some(v) = e.current_version {
        f.values.insert("version".into(), v.to_string());
    }
    f
}

/// The translated sentence for an error code, with the English detail when there is no
/// translation.
pub(super) fn error_message(i: &crate::i18n::I18n, e: &ApiError) -> String {
    i.try_t(&format!("error-{}", e.code))
        .unwrap_or_else(|| e.detail.clone())
}

pub(super) fn version_of(pairs: &Pairs) -> i64 {
    pairs
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

pub(super) fn status_of(e: &ApiError) -> StatusCode {
    if e.status.is_client_error() {
        e.status
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    }
}

pub(super) async fn history(st: &AppState, me: &CurrentUser, entity: &str, id: Uuid) -> Vec<HistoryRow> {
    let i = crate::i18n::I18n::new(&me.user.locale);
    let events = st
        .store
        .audit_events(&AuditQuery {
            entity_type: Some(entity.into()),
            entity_id: Some(id),
            before_seq: None,
            limit: 50,
        })
        .await
        .unwrap_or_default();
    history_rows(&i, events)
}

pub(super) async fn parties_of(st: &AppState, kind: PartyKind) -> Vec<(String, String)> {
    st.store
        .list_parties(&PartyQuery {
            kind: Some(kind),
            limit: 500,
            ..Default::default()
        })
        .await
        .map(|p| p.items)
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.id.to_string(), p.data.display_name().to_string()))
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub offset: Option<u32>,
}

// ---------------------------------------------------------------- products

#[derive(Template)]
#[template(path = "products_list.html")]
struct ProductsPage {
    c: Chrome,
    items: Vec<ProductView>,
    q: String,
}

pub async fn products(State(st): State<AppState>, me: CurrentUser, Query(p): Query<ListQuery>) -> Response {
    let c = Chrome::for_user(&me, "/products", "products-title");
    match trade::list_products(&st, p.q.clone(), 200, p.offset.unwrap_or(0)).await {
        Ok(items) => render(&ProductsPage {
            c,
            items,
            q: p.q.unwrap_or_default(),
        }),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "product_form.html")]
struct ProductPage {
    c: Chrome,
    id: String,
    form: FormState,
    package_kinds: Vec<&'static str>,
    history: Vec<HistoryRow>,
    /// Container codes, and per package: its name and (count, binding limit) per container.
    containers: Vec<String>,
    cartons: Vec<PackageRow>,
}

/// A package's name and, per container type, (count, what limits it).
type PackageRow = (String, Vec<(String, String)>);

/// How many of each package fit each container type (装箱量), from the load planner.
fn cartons_per_container(
    i: &crate::i18n::I18n,
    p: &gendan_domain::product::ProductData,
) -> (Vec<String>, Vec<PackageRow>) {
    let types = gendan_loadplan::container_types();
    let codes = types.iter().map(|t| t.code.clone()).collect();
    let rows = p
        .packages
        .iter()
        .map(|k| {
            let cells = types
                .iter()
                .map(|t| {
                    let input = gendan_loadplan::LoadPlanInput {
                        container: gendan_loadplan::ContainerSpec::Type { code: t.code.clone() },
                        cargo: vec![trade::package_cargo(k.name.clone(), k)],
                        support: gendan_loadplan::Support::Full,
                        time_limit_ms: 200,
                        seed: 1,
                    };
                    gendan_loadplan::solve(&input)
                        .map(|plan| {
                            let n: u64 = plan.placed.iter().map(|c| c.count).sum();
                            (n.to_string(), super::loadplan::limit_text(i, plan.binding_limit))
                        })
                        .unwrap_or_else(|_| ("—".into(), String::new()))
                })
                .collect();
            (k.name.clone(), cells)
        })
        .collect();
    (codes, rows)
}

impl ProductPage {
    fn k(&self, group: &str, n: &usize, field: &str) -> String {
        format!("{group}[{n}].{field}")
    }
}

async fn product_page(
    st: &AppState,
    me: &CurrentUser,
    id: Option<Uuid>,
    form: FormState,
    status: StatusCode,
) -> Response {
    let title = if id.is_some() {
        "product-edit"
    } else {
        "product-new"
    };
    let c = Chrome::for_user(me, "/products", title);
    let history = match id {
        Some(id) => history(st, me, "product", id).await,
        None => Vec::new(),
    };
    let (containers, cartons) = match id {
        Some(id) => match trade::product(st, id).await {
            Ok(p) => {
                let i = crate::i18n::I18n::new(&me.user.locale);
                tokio::task::spawn_blocking(move || cartons_per_container(&i, &p.product))
                    .await
                    .unwrap_or_default()
            }
            Err(_) => Default::default(),
        },
        None => Default::default(),
    };
    render_status(
        status,
        &ProductPage {
            c,
            id: id.map(|i| i.to_string()).unwrap_or_default(),
            form,
            package_kinds: PackageKind::ALL.iter().map(|k| k.as_str()).collect(),
            history,
            containers,
            cartons,
        },
    )
}

pub async fn product_new(State(st): State<AppState>, me: CurrentUser) -> Response {
    let mut input = ProductInput {
        origin: "CN".into(),
        ..Default::default()
    };
    input.packages.push(Default::default());
    product_page(&st, &me, None, FormState::from_input(&input), StatusCode::OK).await
}

pub async fn product_show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match trade::product(&st, id).await {
        Ok(p) => {
            let mut form = FormState::from_input(&product_input(&p));
            form.values.insert("version".into(), p.version.to_string());
            product_page(&st, &me, Some(id), form, StatusCode::OK).await
        }
        Err(e) => e.into_response(),
    }
}

fn product_input(p: &ProductView) -> ProductInput {
    let d = &p.product;
    ProductInput {
        sku: d.sku.clone(),
        name_zh: d.name_zh.clone(),
        name_en: d.name_en.clone(),
        hs_code: d.hs_code.as_str().to_string(),
        botanical_name: d.botanical_name.clone(),
        origin: d.origin.as_str().to_string(),
        variety: d.variety.clone(),
        grade: d.grade.clone(),
        size: d.size.clone(),
        shelf_life_days: d.shelf_life_days,
        packages: d
            .packages
            .iter()
            .map(|k| gendan_domain::product::PackageInput {
                name: k.name.clone(),
                kind: k.kind.as_str().to_string(),
                net_kg: k.net.0.to_string(),
                gross_kg: k.gross.0.to_string(),
                size_mm: [k.dimensions.length, k.dimensions.width, k.dimensions.height],
                this_side_up: k.this_side_up,
                max_stack_kg: k.max_stack.map(|m| m.0.to_string()),
            })
            .collect(),
        reefer: d.reefer.as_ref().map(|r| gendan_domain::product::ReeferInput {
            set_point_c: r.set_point.0.to_string(),
            fresh_air_m3h: r.fresh_air_m3h.to_string(),
            humidity_pct: r.humidity_pct.map(|h| h.to_string()),
        }),
    }
}

fn product_from(pairs: &Pairs) -> Result<ProductInput, ValidationErrors> {
    let mut v = form_to_json(pairs, &TYPES, &["size_mm"]);
    // The reefer box: unticked means no reefer; ticked with blanks means the defaults.
    let reefer_on = pairs.iter().any(|(k, v)| k == "_reefer" && v == "on");
    if let Some(m) = v.as_object_mut() {
        if reefer_on {
            m.entry("reefer").or_insert_with(|| serde_json::json!({}));
        } else {
            m.remove("reefer");
        }
    }
    from_form(v)
}

pub async fn product_save(
    State(st): State<AppState>,
    me: CurrentUser,
    id: Option<Path<Uuid>>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let id = id.map(|p| p.0);
    let form = FormState::from_pairs(&pairs);
    let input = match product_from(&pairs) {
        Ok(i) => i,
        Err(errs) => {
            return product_page(
                &st,
                &me,
                id,
                form.with_errors(&errs, &crate::i18n::I18n::new(&me.user.locale)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let res = match id {
        None => trade::create_product(&st, &me, &input).await,
        Some(id) => trade::update_product(&st, &me, id, version_of(&pairs), &input).await,
    };
    match res {
        Ok(p) => Redirect::to(&format!("/products/{}", p.id)).into_response(),
        Err(e) => product_page(&st, &me, id, form_errors(form, &e, &me), status_of(&e)).await,
    }
}

pub async fn product_create(st: State<AppState>, me: CurrentUser, f: Form<Pairs>) -> Response {
    product_save(st, me, None, f).await
}

pub async fn product_update(
    st: State<AppState>,
    me: CurrentUser,
    id: Path<Uuid>,
    f: Form<Pairs>,
) -> Response {
    product_save(st, me, Some(id), f).await
}

pub async fn product_delete(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    match st
        .store
        .delete_record(
            RecordKind::Product,
            id,
            version_of(&pairs),
            &me.write_context(&st),
        )
        .await
    {
        Ok(()) => Redirect::to("/products").into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

// ---------------------------------------------------------------- customer profile

#[derive(Template)]
#[template(path = "customer_profile.html")]
struct ProfilePage {
    c: Chrome,
    customer_id: String,
    customer_name: String,
    form: FormState,
    habits: CustomerHabits,
    document_kinds: Vec<(usize, &'static str)>,
    incoterms: Vec<&'static str>,
    banks: Vec<(String, String)>,
    history: Vec<HistoryRow>,
}

/// Put stored documents into the fixed rows (one per kind) the form shows.
pub(super) fn documents_to_rows(form: &mut FormState, prefix: &str) {
    let n = form.rows(prefix);
    let mut moved = std::collections::HashMap::new();
    for i in 0..n {
        let kind = form.v(&format!("{prefix}[{i}].kind")).to_string();
        if let Some(row) = DocumentKind::ALL.iter().position(|k| k.as_str() == kind) {
            for f in ["kind", "originals", "copies", "form", "wording"] {
                if let Some(v) = form.values.get(&format!("{prefix}[{i}].{f}")) {
                    moved.insert(format!("{prefix}[{row}].{f}"), v.clone());
                }
            }
        }
    }
    form.values.retain(|k, _| !k.starts_with(&format!("{prefix}[")));
    form.values.extend(moved);
}

/// Drop document rows the user left at zero (the form lists every kind).
pub(super) fn keep_required_documents(pairs: &Pairs, prefix: &str) -> Pairs {
    let zero = |i: &str| {
        ["originals", "copies"].iter().all(|f| {
            pairs
                .iter()
                .find(|(k, _)| k == &format!("{prefix}[{i}].{f}"))
                .is_none_or(|(_, v)| v.trim().is_empty() || v.trim() == "0")
        })
    };
    pairs
        .iter()
        .filter(|(k, _)| {
            match k
                .strip_prefix(&format!("{prefix}["))
                .and_then(|r| r.split(']').next())
            {
                Some(i) => !zero(i),
                None => true,
            }
        })
        .cloned()
        .collect()
}

async fn profile_page(
    st: &AppState,
    me: &CurrentUser,
    customer_id: Uuid,
    form: Option<FormState>,
    status: StatusCode,
) -> Response {
    let view = match trade::profile(st, customer_id).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let form = form.unwrap_or_else(|| {
        let mut f = FormState::from_input(&profile_input(&view.profile));
        documents_to_rows(&mut f, "documents");
        f.values.insert("version".into(), view.version.to_string());
        f
    });
    let mut banks = parties_of(st, PartyKind::Bank).await;
    banks.extend(parties_of(st, PartyKind::Courier).await);
    let rec_id = st
        .store
        .record_by_key(RecordKind::CustomerProfile, &customer_id.to_string())
        .await
        .ok()
        .flatten()
        .map(|r| r.id);
    let history = match rec_id {
        Some(id) => history(st, me, "customer_profile", id).await,
        None => Vec::new(),
    };
    render_status(
        status,
        &ProfilePage {
            c: Chrome::for_user(me, "/parties", "profile-title"),
            customer_id: customer_id.to_string(),
            customer_name: view.customer_name,
            form,
            habits: view.habits,
            document_kinds: DocumentKind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| (i, k.as_str()))
                .collect(),
            incoterms: Incoterm::ALL.iter().map(|t| t.as_str()).collect(),
            banks,
            history,
        },
    )
}

fn profile_input(p: &gendan_domain::profile::CustomerProfile) -> CustomerProfileInput {
    CustomerProfileInput {
        incoterm: p.incoterm.as_ref().map(Into::into),
        port_of_loading: p.port_of_loading.clone(),
        port_of_discharge: p.port_of_discharge.clone(),
        currency: p.currency.map(|c| c.to_string()),
        payment_terms: p.payment_terms.as_ref().map(Into::into),
        more_or_less_pct: p.more_or_less_pct.map(|m| m.to_string()),
        documents: p.documents.iter().map(Into::into).collect(),
        consignee_wording: p.consignee_wording.clone(),
        notify_wording: p.notify_wording.clone(),
        marks: p.marks.clone(),
        label_instructions: p.label_instructions.clone(),
        document_language: p.document_language.clone(),
        document_delivery: p.document_delivery.as_ref().map(|d| {
            gendan_domain::profile::DocumentDeliveryInput {
                route: match d.route {
                    gendan_domain::profile::DeliveryRoute::Courier => "courier".into(),
                    gendan_domain::profile::DeliveryRoute::Bank => "bank".into(),
                },
                via_party_id: d.via_party_id,
                note: d.note.clone(),
            }
        }),
        checklist: p.checklist.clone(),
    }
}

pub async fn profile_show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    profile_page(&st, &me, id, None, StatusCode::OK).await
}

/// The checklist textarea holds one item per line.
pub(super) fn split_checklist(pairs: &Pairs, field: &str) -> Pairs {
    let mut out: Pairs = Vec::new();
    let mut n = 0;
    for (k, v) in pairs {
        if k == &format!("_{field}") {
            for line in v.lines().map(str::trim).filter(|l| !l.is_empty()) {
                out.push((format!("{field}[{n}]"), line.to_string()));
                n += 1;
            }
        } else {
            out.push((k.clone(), v.clone()));
        }
    }
    out
}

pub async fn profile_save(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let cleaned = split_checklist(&keep_required_documents(&pairs, "documents"), "checklist");
    let input: CustomerProfileInput = match from_form(form_to_json(&cleaned, &TYPES, &[])) {
        Ok(i) => i,
        Err(errs) => {
            return profile_page(
                &st,
                &me,
                id,
                Some(form.with_errors(&errs, &crate::i18n::I18n::new(&me.user.locale))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match trade::put_profile(&st, &me, id, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to(&format!("/customers/{id}/profile")).into_response(),
        Err(e) => profile_page(&st, &me, id, Some(form_errors(form, &e, &me)), status_of(&e)).await,
    }
}

// ---------------------------------------------------------------- company

#[derive(Template)]
#[template(path = "company.html")]
struct CompanyPage {
    c: Chrome,
    form: FormState,
    has_logo: bool,
    has_stamp: bool,
    has_signature: bool,
}

impl CompanyPage {
    fn k(&self, group: &str, n: &usize, field: &str) -> String {
        format!("{group}[{n}].{field}")
    }
    /// The generated document kinds whose number pattern can be set.
    fn document_kinds(&self) -> Vec<&'static str> {
        gendan_domain::trade_document::TradeDocumentKind::ALL
            .into_iter()
            .filter(|k| k.is_generated())
            .map(|k| k.as_str())
            .collect()
    }
}

pub async fn company_show(State(st): State<AppState>, me: CurrentUser) -> Response {
    match trade::company(&st).await {
        Ok(v) => {
            let input = CompanyProfileInput::from(&v.company);
            let mut form = FormState::from_input(&CompanyProfileInput {
                logo_png: None,
                stamp_png: None,
                signature_png: None,
                ..input
            });
            form.values.insert("version".into(), v.version.to_string());
            render(&CompanyPage {
                c: Chrome::for_user(&me, "/company", "company-title"),
                form,
                has_logo: v.company.logo_png.is_some(),
                has_stamp: v.company.stamp_png.is_some(),
                has_signature: v.company.signature_png.is_some(),
            })
        }
        Err(e) => e.into_response(),
    }
}

/// The company form is multipart (logo and stamp files).
pub async fn company_save(State(st): State<AppState>, me: CurrentUser, mut mp: Multipart) -> Response {
    use base64::Engine;
    let mut pairs: Pairs = Vec::new();
    let mut images: Vec<(String, Vec<u8>)> = Vec::new();
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if name == "logo_file" || name == "stamp_file" || name == "signature_file" {
            if let Ok(b) = field.bytes().await
                && !b.is_empty()
            {
                images.push((name, b.to_vec()));
            }
        } else if let Ok(t) = field.text().await {
            pairs.push((name, t));
        }
    }
    if !pairs.iter().any(|(k, v)| k == "_csrf" && v == me.csrf_token()) {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let current = match trade::company(&st).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let form = FormState::from_pairs(&pairs);
    let mut input: CompanyProfileInput = match from_form(form_to_json(&pairs, &TYPES, &[])) {
        Ok(i) => i,
        Err(errs) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CompanyPage {
                    c: Chrome::for_user(&me, "/company", "company-title"),
                    form: form.with_errors(&errs, &crate::i18n::I18n::new(&me.user.locale)),
                    has_logo: current.company.logo_png.is_some(),
                    has_stamp: current.company.stamp_png.is_some(),
                    has_signature: current.company.signature_png.is_some(),
                },
            );
        }
    };
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    input.logo_png = current.company.logo_png.clone();
    input.stamp_png = current.company.stamp_png.clone();
    input.signature_png = current.company.signature_png.clone();
    for (name, bytes) in &images {
        match name.as_str() {
            "logo_file" => input.logo_png = Some(b64(bytes)),
            "signature_file" => input.signature_png = Some(b64(bytes)),
            _ => input.stamp_png = Some(b64(bytes)),
        }
    }
    if pairs.iter().any(|(k, _)| k == "_remove_signature") {
        input.signature_png = None;
    }
    if pairs.iter().any(|(k, _)| k == "_remove_logo") {
        input.logo_png = None;
    }
    if pairs.iter().any(|(k, _)| k == "_remove_stamp") {
        input.stamp_png = None;
    }
    match trade::put_company(&st, &me, version_of(&pairs), &input).await {
        Ok(_) => Redirect::to("/company").into_response(),
        Err(e) => render_status(
            status_of(&e),
            &CompanyPage {
                c: Chrome::for_user(&me, "/company", "company-title"),
                form: form_errors(form, &e, &me),
                has_logo: current.company.logo_png.is_some(),
                has_stamp: current.company.stamp_png.is_some(),
                has_signature: current.company.signature_png.is_some(),
            },
        ),
    }
}

// ---------------------------------------------------------------- contracts

#[derive(Template)]
#[template(path = "contracts_list.html")]
struct ContractsPage {
    c: Chrome,
    items: Vec<ContractView>,
    q: String,
    state: String,
    states: Vec<&'static str>,
    customers: Vec<(String, String)>,
}

pub async fn contracts(State(st): State<AppState>, me: CurrentUser, Query(p): Query<ListQuery>) -> Response {
    let c = Chrome::for_user(&me, "/contracts", "contracts-title");
    let state = p.state.clone().unwrap_or_default();
    let recs = match st
        .store
        .list_contracts(&ContractQuery {
            state: ContractState::ALL.into_iter().find(|s| s.as_str() == state),
            search: p.q.clone(),
            limit: 200,
            offset: p.offset.unwrap_or(0),
            ..Default::default()
        })
        .await
    {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut items = Vec::new();
    for r in &recs {
        match trade::contract_view(&st, &me, r).await {
            Ok(v) => items.push(v),
            Err(e) => return e.into_response(),
        }
    }
    render(&ContractsPage {
        c,
        items,
        q: p.q.unwrap_or_default(),
        state,
        states: ContractState::ALL.iter().map(|s| s.as_str()).collect(),
        customers: parties_of(&st, PartyKind::Customer).await,
    })
}

#[derive(Template)]
#[template(path = "contract_form.html")]
struct ContractFormPage {
    c: Chrome,
    id: String,
    number: String,
    form: FormState,
    customers: Vec<(String, String)>,
    consignees: Vec<(String, String)>,
    notifies: Vec<(String, String)>,
    products: Vec<(String, String)>,
    incoterms: Vec<&'static str>,
    units: Vec<&'static str>,
    document_kinds: Vec<(usize, &'static str)>,
    amending: bool,
}

async fn contract_form_page(
    st: &AppState,
    me: &CurrentUser,
    id: Option<Uuid>,
    number: String,
    form: FormState,
    amending: bool,
    status: StatusCode,
) -> Response {
    let products = trade::list_products(st, None, 500, 0)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} · {}", p.product.sku, p.product.name_en),
            )
        })
        .collect();
    let title = if amending {
        "contract-amend"
    } else if id.is_some() {
        "contract-edit"
    } else {
        "contract-new"
    };
    render_status(
        status,
        &ContractFormPage {
            c: Chrome::for_user(me, "/contracts", title),
            id: id.map(|i| i.to_string()).unwrap_or_default(),
            number,
            form,
            customers: parties_of(st, PartyKind::Customer).await,
            // The same kinds validation accepts: a consignee may be the buyer itself, a notify
            // party may be the consignee or the buyer.
            consignees: [
                parties_of(st, PartyKind::Consignee).await,
                parties_of(st, PartyKind::Customer).await,
            ]
            .concat(),
            notifies: [
                parties_of(st, PartyKind::NotifyParty).await,
                parties_of(st, PartyKind::Consignee).await,
                parties_of(st, PartyKind::Customer).await,
            ]
            .concat(),
            products,
            incoterms: Incoterm::ALL.iter().map(|t| t.as_str()).collect(),
            units: QuantityUnit::ALL.iter().map(|u| u.as_str()).collect(),
            document_kinds: DocumentKind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| (i, k.as_str()))
                .collect(),
            amending,
        },
    )
}

fn contract_form_state(input: &ContractInput) -> FormState {
    let mut f = FormState::from_input(input);
    documents_to_rows(&mut f, "documents");
    f.values.insert(
        "_special_requirements".into(),
        input.special_requirements.join("\n"),
    );
    f
}

#[derive(Debug, Default, Deserialize)]
pub struct NewContractQuery {
    #[serde(default)]
    pub buyer_id: Option<Uuid>,
}

/// A new contract; with `buyer_id`, prefilled from the customer's profile.
pub async fn contract_new(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(q): Query<NewContractQuery>,
) -> Response {
    let mut input = match q.buyer_id {
        Some(b) => match trade::profile(&st, b).await {
            Ok(p) => p.contract_template,
            Err(e) => return e.into_response(),
        },
        None => ContractInput::default(),
    };
    input.date = Some(st.clock.now().date_naive().to_string());
    contract_form_page(
        &st,
        &me,
        None,
        String::new(),
        contract_form_state(&input),
        false,
        StatusCode::OK,
    )
    .await
}

fn contract_from(pairs: &Pairs) -> Result<ContractInput, ValidationErrors> {
    let cleaned = split_checklist(
        &keep_required_documents(pairs, "documents"),
        "special_requirements",
    );
    let mut v = form_to_json(&cleaned, &TYPES, &[]);
    // An insurance block left empty is no insurance.
    if let Some(m) = v.as_object_mut()
        && m.get("insurance")
            .is_some_and(|i| i.as_object().is_none_or(|o| o.is_empty()))
    {
        m.remove("insurance");
    }
    from_form(v)
}

pub async fn contract_create(
    State(st): State<AppState>,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let input = match contract_from(&pairs) {
        Ok(i) => i,
        Err(errs) => {
            return contract_form_page(
                &st,
                &me,
                None,
                String::new(),
                form.with_errors(&errs, &crate::i18n::I18n::new(&me.user.locale)),
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match trade::create_contract(&st, &me, &input).await {
        Ok(c) => Redirect::to(&format!("/contracts/{}", c.id)).into_response(),
        Err(e) => {
            contract_form_page(
                &st,
                &me,
                None,
                String::new(),
                form_errors(form, &e, &me),
                false,
                status_of(&e),
            )
            .await
        }
    }
}

pub async fn contract_edit(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    let rec = match st.store.contract(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let view = match trade::contract_view(&st, &me, &rec).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let amending = !rec.state.is_editable();
    let mut form = contract_form_state(&ContractInput::from(&view.contract));
    form.values.insert("version".into(), rec.version.to_string());
    contract_form_page(&st, &me, Some(id), rec.number, form, amending, StatusCode::OK).await
}

/// Save the edit of a draft, or — for an approved, sent or confirmed contract — the
/// amendment (a new revision, back to draft).
pub async fn contract_update(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    let form = FormState::from_pairs(&pairs);
    let rec = match st.store.contract(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let amending = !rec.state.is_editable();
    let input = match contract_from(&pairs) {
        Ok(i) => i,
        Err(errs) => {
            return contract_form_page(
                &st,
                &me,
                Some(id),
                rec.number,
                form.with_errors(&errs, &crate::i18n::I18n::new(&me.user.locale)),
                amending,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let res = if amending {
        trade::step_contract(
            &st,
            &me,
            id,
            version_of(&pairs),
            ContractAction::Amend,
            &StepInput {
                contract: Some(input),
                ..Default::default()
            },
        )
        .await
    } else {
        trade::update_contract(&st, &me, id, version_of(&pairs), &input).await
    };
    match res {
        Ok(c) => Redirect::to(&format!("/contracts/{}", c.id)).into_response(),
        Err(e) => {
            contract_form_page(
                &st,
                &me,
                Some(id),
                rec.number,
                form_errors(form, &e, &me),
                amending,
                status_of(&e),
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "contract_show.html")]
struct ContractPage {
    c: Chrome,
    v: ContractView,
    consignee: Option<Party>,
    notify: Option<Party>,
    credits: Vec<CreditView>,
    events: Vec<gendan_store::ContractEvent>,
    revisions: Vec<i64>,
    diff: Vec<trade::RevisionDiff>,
    diff_from: i64,
    diff_to: i64,
    attachments: Vec<gendan_store::Attachment>,
    instructions: Vec<gendan_store::InstructionRecord>,
    error: String,
    history: Vec<HistoryRow>,
}

impl ContractPage {
    fn may_instruct(&self) -> bool {
        crate::instructions::INSTRUCTABLE.contains(&self.v.state) && self.c.can("instruction_write")
    }
    fn state_name(&self, s: &str) -> String {
        self.c.i.t(&format!("state-{s}"))
    }
    fn action_name(&self, a: &ContractAction) -> String {
        self.c.i.t(&format!("step-{}", a.as_str()))
    }
    fn can_edit(&self) -> bool {
        self.v.state.is_editable() && self.c.can("contract_write")
    }
    fn line_amount(&self, i: &usize) -> &str {
        self.v.line_amounts.get(*i).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DiffQuery {
    #[serde(default)]
    pub from: Option<i64>,
    #[serde(default)]
    pub to: Option<i64>,
}

async fn contract_page(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    q: DiffQuery,
    error: String,
    status: StatusCode,
) -> Response {
    let rec = match st.store.contract(id).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let v = match trade::contract_view(st, me, &rec).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let party = |pid: Option<Uuid>| async move {
        match pid {
            Some(p) => st.store.party(p).await.ok(),
            None => None,
        }
    };
    let consignee = party(v.contract.consignee_id).await;
    let notify = party(v.contract.notify_id).await;
    let credits = trade::credits(st, Some(id), None, 50, 0)
        .await
        .unwrap_or_default();
    let events = st.store.contract_events(id).await.unwrap_or_default();
    let revisions: Vec<i64> = (1..=rec.revision).collect();
    let diff_to = q.to.unwrap_or(rec.revision);
    let diff_from = q.from.unwrap_or((diff_to - 1).max(1));
    let diff = if diff_from != diff_to {
        trade::contract_diff(st, id, diff_from, diff_to)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let attachments = st.store.attachments("contract", id).await.unwrap_or_default();
    let instructions = st
        .store
        .list_instructions(&gendan_store::InstructionQuery {
            contract_id: Some(id),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    let history = history(st, me, "contract", id).await;
    let c = Chrome::for_user(me, "/contracts", "contract-title");
    render_status(
        status,
        &ContractPage {
            c,
            v,
            consignee,
            notify,
            credits,
            events,
            revisions,
            diff,
            diff_from,
            diff_to,
            attachments,
            instructions,
            error,
            history,
        },
    )
}

pub async fn contract_show(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Query(q): Query<DiffQuery>,
) -> Response {
    contract_page(&st, &me, id, q, String::new(), StatusCode::OK).await
}

/// A step from the contract page: a form (multipart for the countersigned copy).
pub async fn contract_step(
    State(st): State<AppState>,
    me: CurrentUser,
    Path((id, action)): Path<(Uuid, String)>,
    mut mp: Multipart,
) -> Response {
    use base64::Engine;
    let Some(action) = ContractAction::parse(&action) else {
        return ApiError::not_found("no such step").into_response();
    };
    let mut pairs: Pairs = Vec::new();
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if name == "countersigned" {
            let fname = field.file_name().unwrap_or("countersigned").to_string();
            let ct = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            if let Ok(b) = field.bytes().await
                && !b.is_empty()
            {
                file = Some((fname, ct, b.to_vec()));
            }
        } else if let Ok(t) = field.text().await {
            pairs.push((name, t));
        }
    }
    if !pairs.iter().any(|(k, v)| k == "_csrf" && v == me.csrf_token()) {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.trim().is_empty())
    };
    let input = StepInput {
        reason: get("reason"),
        sent_via: get("sent_via"),
        sent_to: get("sent_to"),
        note: get("note"),
        countersigned: file.map(|(file_name, content_type, data)| trade::UploadInput {
            file_name,
            content_type,
            data_base64: base64::engine::general_purpose::STANDARD.encode(data),
        }),
        contract: None,
    };
    match trade::step_contract(&st, &me, id, version_of(&pairs), action, &input).await {
        Ok(c) if action == ContractAction::Amend => {
            Redirect::to(&format!("/contracts/{}/edit", c.id)).into_response()
        }
        Ok(c) => Redirect::to(&format!("/contracts/{}", c.id)).into_response(),
        Err(e) => {
            let i = crate::i18n::I18n::new(&me.user.locale);
            let msg = if e.errors.is_empty() {
                error_message(&i, &e)
            } else {
                e.errors
                    .iter()
                    .map(|x| i.field_error(&x.code, &x.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            contract_page(&st, &me, id, DiffQuery::default(), msg, status_of(&e)).await
        }
    }
}

pub async fn contract_pdf(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match crate::documents::contract_pdf(&st, &me, id).await {
        Ok((name, bytes)) => download("application/pdf", &name, bytes),
        Err(e) => e.into_response(),
    }
}

pub async fn contract_xlsx(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match crate::documents::contract_xlsx(&st, &me, id).await {
        Ok((name, bytes)) => download(trade::XLSX, &name, bytes),
        Err(e) => e.into_response(),
    }
}

pub async fn attachment(State(st): State<AppState>, Path(id): Path<Uuid>) -> Response {
    match st.store.attachment_data(id).await {
        Ok((a, data)) => download(&a.content_type, &a.file_name, data),
        Err(e) => ApiError::from(e).into_response(),
    }
}

// ---------------------------------------------------------------- letters of credit

#[derive(Template)]
#[template(path = "credits_list.html")]
struct CreditsPage {
    c: Chrome,
    items: Vec<CreditView>,
    q: String,
}

pub async fn credits(State(st): State<AppState>, me: CurrentUser, Query(p): Query<ListQuery>) -> Response {
    match trade::credits(&st, None, p.q.clone(), 200, p.offset.unwrap_or(0)).await {
        Ok(items) => render(&CreditsPage {
            c: Chrome::for_user(&me, "/letters-of-credit", "credits-title"),
            items,
            q: p.q.unwrap_or_default(),
        }),
        Err(e) => e.into_response(),
    }
}

#[derive(Template)]
#[template(path = "credit_form.html")]
struct CreditFormPage {
    c: Chrome,
    id: String,
    form: FormState,
    contracts: Vec<(String, String)>,
    units: Vec<&'static str>,
    available: Vec<&'static str>,
    document_kinds: Vec<(usize, &'static str)>,
    view: Option<CreditView>,
    revisions: Vec<gendan_store::RecordRevision>,
}

async fn credit_page(
    st: &AppState,
    me: &CurrentUser,
    id: Option<Uuid>,
    form: FormState,
    status: StatusCode,
) -> Response {
    let contracts = st
        .store
        .list_contracts(&ContractQuery {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.id.to_string(), format!("{} ({})", c.number, c.state)))
        .collect();
    let (view, revisions) = match id {
        Some(id) => match st.store.record(RecordKind::LetterOfCredit, id).await {
            Ok(r) => (
                trade::credit_view(st, &r).await.ok(),
                st.store
                    .record_revisions(RecordKind::LetterOfCredit, id)
                    .await
                    .unwrap_or_default(),
            ),
            Err(e) => return ApiError::from(e).into_response(),
        },
        None => (None, Vec::new()),
    };
    render_status(
        status,
        &CreditFormPage {
            c: Chrome::for_user(
                me,
                "/letters-of-credit",
                if id.is_some() {
                    "credit-title"
                } else {
                    "credit-new"
                },
            ),
            id: id.map(|i| i.to_string()).unwrap_or_default(),
            form,
            contracts,
            units: QuantityUnit::ALL.iter().map(|u| u.as_str()).collect(),
            available: AvailableBy::ALL.iter().map(|a| a.as_str()).collect(),
            document_kinds: DocumentKind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| (i, k.as_str()))
                .collect(),
            view,
            revisions,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct NewCreditQuery {
    #[serde(default)]
    pub contract_id: Option<Uuid>,
}

/// A new credit; with `contract_id`, prefilled from the contract so only what differs needs typing.
pub async fn credit_new(
    State(st): State<AppState>,
    me: CurrentUser,
    Query(q): Query<NewCreditQuery>,
) -> Response {
    let mut input = LetterOfCreditInput {
        contract_id: q.contract_id,
        available_by: "negotiation".into(),
        presentation_days: Some(21),
        ..Default::default()
    };
    if let Some(cid) = q.contract_id
        && let Ok(rec) = st.store.contract(cid).await
        && let Ok(v) = trade::contract_view(&st, &me, &rec).await
    {
        let d = &v.contract;
        input.currency = d.currency.to_string();
        // The part payable by L/C (the whole value unless the terms split it).
        let share: rust_decimal::Decimal = d
            .payment_terms
            .instalments()
            .iter()
            .filter(|i| i.method.kind().starts_with("lc_"))
            .map(|i| i.percent)
            .sum();
        let amount = if share.is_zero() || share == rust_decimal::Decimal::ONE_HUNDRED {
            v.total.amount
        } else {
            let mut a = (v.total.amount * share / rust_decimal::Decimal::ONE_HUNDRED).round_dp_with_strategy(
                d.currency.minor_units(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            a.rescale(d.currency.minor_units());
            a
        };
        input.amount = amount.to_string();
        input.latest_shipment = d.shipment_latest.to_string();
        input.port_of_loading = d.port_of_loading.clone();
        input.port_of_discharge = d.port_of_discharge.clone();
        input.partial_shipments = d.partial_shipments;
        input.transhipment = d.transhipment;
        input.goods_description = d
            .lines
            .iter()
            .map(|l| l.description_en.to_uppercase())
            .collect::<Vec<_>>()
            .join("; ");
        input.documents = d.documents.iter().map(Into::into).collect();
    }
    let mut form = FormState::from_input(&input);
    documents_to_rows(&mut form, "documents");
    credit_page(&st, &me, None, form, StatusCode::OK).await
}

pub async fn credit_show(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match st.store.record(RecordKind::LetterOfCredit, id).await {
        Ok(r) => {
            let data: LetterOfCreditInput = match serde_json::from_value::<
                gendan_domain::letter_of_credit::LetterOfCreditData,
            >(r.doc.clone())
            {
                Ok(d) => (&d).into(),
                Err(e) => return ApiError::internal(e.to_string()).into_response(),
            };
            let mut form = FormState::from_input(&data);
            documents_to_rows(&mut form, "documents");
            form.values.insert("version".into(), r.version.to_string());
            credit_page(&st, &me, Some(id), form, StatusCode::OK).await
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

async fn credit_save(st: AppState, me: CurrentUser, id: Option<Uuid>, pairs: Pairs) -> Response {
    let form = FormState::from_pairs(&pairs);
    let cleaned = split_checklist(
        &keep_required_documents(&pairs, "documents"),
        "special_conditions",
    );
    let input: LetterOfCreditInput = match from_form(form_to_json(&cleaned, &TYPES, &[])) {
        Ok(i) => i,
        Err(errs) => {
            return credit_page(
                &st,
                &me,
                id,
                form.with_errors(&errs, &crate::i18n::I18n::new(&me.user.locale)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let res = match id {
        None => trade::create_credit(&st, &me, &input).await,
        Some(id) => trade::update_credit(&st, &me, id, version_of(&pairs), &input).await,
    };
    match res {
        Ok(c) => Redirect::to(&format!("/letters-of-credit/{}", c.id)).into_response(),
        Err(e) => credit_page(&st, &me, id, form_errors(form, &e, &me), status_of(&e)).await,
    }
}

pub async fn credit_create(
    State(st): State<AppState>,
    me: CurrentUser,
    Form(pairs): Form<Pairs>,
) -> Response {
    credit_save(st, me, None, pairs).await
}

pub async fn credit_update(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> Response {
    credit_save(st, me, Some(id), pairs).await
}

// ---------------------------------------------------------------- imports

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    c: Chrome,
    report: Option<ImportReport>,
    error: String,
}

pub async fn imports(me: CurrentUser) -> Response {
    render(&ImportsPage {
        c: Chrome::for_user(&me, "/imports", "imports-title"),
        report: None,
        error: String::new(),
    })
}

/// Upload a file: preview (every bad cell named) or, with `commit`, save all rows or none.
pub async fn import_upload(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(kind): Path<String>,
    mut mp: Multipart,
) -> Response {
    let Some(kind) = ImportKind::parse(&kind) else {
        return ApiError::not_found("import products or customers").into_response();
    };
    let mut csrf_ok = false;
    let mut commit = false;
    let mut file: Option<(Option<String>, Vec<u8>)> = None;
    let mut error = String::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                match name.as_str() {
                    "file" => {
                        let fname = field.file_name().map(str::to_string);
                        match field.bytes().await {
                            Ok(b) => file = Some((fname, b.to_vec())),
                            Err(e) => error = e.to_string(),
                        }
                    }
                    "_csrf" => csrf_ok = field.text().await.is_ok_and(|t| t == me.csrf_token()),
                    "commit" => commit = field.text().await.is_ok_and(|t| t == "1"),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(e) => {
                error = e.to_string();
                break;
            }
        }
    }
    if !csrf_ok {
        return ApiError::forbidden("the form's CSRF token is missing or wrong; reload the page")
            .into_response();
    }
    let c = Chrome::for_user(&me, "/imports", "imports-title");
    let Some((fname, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let error = if error.is_empty() {
            c.i.t("imports-no-file")
        } else {
            error
        };
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ImportsPage {
                c,
                report: None,
                error,
            },
        );
    };
    match trade::import_file(&st, &me.write_context(&st), kind, fname, bytes, commit).await {
        Ok(report) => {
            let status = if report.errors.is_empty() && report.file_error.is_none() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            render_status(
                status,
                &ImportsPage {
                    c,
                    report: Some(report),
                    error: String::new(),
                },
            )
        }
        Err(e) => render_status(
            status_of(&e),
            &ImportsPage {
                c,
                report: None,
                error: e.detail,
            },
        ),
    }
}

pub async fn import_template(Path((kind, format)): Path<(String, String)>) -> Response {
    match ImportKind::parse(&kind).and_then(|k| trade::import_template(k, &format)) {
        Some((ct, name, bytes)) => download(ct, &name, bytes),
        None => ApiError::not_found("no such template").into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PortQuery {
    #[serde(default)]
    pub q: String,
}

/// `<option>`s for the port fields' suggestion list.
pub async fn port_options(Query(p): Query<PortQuery>) -> Response {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    let q: String = p.q.chars().take(50).collect();
    let html: String = gendan_domain::port::Port::search(&q, 20)
        .into_iter()
        .map(|port| {
            format!(
                "<option value=\"{}\">{}</option>",
                esc(&port.code),
                esc(&port.to_string())
            )
        })
        .collect();
    (
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

impl DocPrefix for ProfilePage {}
impl DocPrefix for ContractFormPage {}
impl DocPrefix for CreditFormPage {}
