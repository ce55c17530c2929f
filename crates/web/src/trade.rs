//! The trade's use cases shared by the API and the pages: products, customer profiles, our
//! company, sales contracts and letters of credit. Each function checks references, calls the
//! domain's validation and the store, and returns the view the API serialises and the pages
//! render.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::company::{CompanyProfile, CompanyProfileInput};
use gendan_domain::contract::{ContractAction, ContractState, TransitionRequest, transition};
use gendan_domain::letter_of_credit::{LcDifference, LetterOfCreditData, LetterOfCreditInput, differences};
use gendan_domain::money::Money;
use gendan_domain::party::{Party, PartyKind};
use gendan_domain::product::{PackageType, ProductData, ProductInput};
use gendan_domain::profile::{CustomerHabits, CustomerProfile, CustomerProfileInput, OrderLineFact, habits};
use gendan_domain::sales_contract::{ContractData, ContractInput};
use gendan_store::{
    ContractEdit, ContractQuery, ContractRecord, ContractStep, NewAttachment, NewContract, Record,
    RecordKind, RecordQuery, RecordWrite, StoreError,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

fn decode<T: serde::de::DeserializeOwned>(id: Uuid, v: &serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(v.clone())
        .map_err(|e| ApiError::internal(format!("stored record {id} is unreadable: {e}")))
}

fn encode<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(e.to_string()))
}

// ---------------------------------------------------------------- products

/// A product with its record metadata.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductView {
    pub id: Uuid,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten)]
    pub product: ProductData,
}

fn product_view(r: &Record) -> Result<ProductView, ApiError> {
    Ok(ProductView {
        id: r.id,
        version: r.version,
        created_at: r.created_at,
        updated_at: r.updated_at,
        product: decode(r.id, &r.doc)?,
    })
}

pub fn product_write(p: &ProductData) -> Result<RecordWrite, ApiError> {
    Ok(RecordWrite {
        kind: RecordKind::Product,
        key: p.sku.clone(),
        parent_id: None,
        search_text: format!(
            "{} {} {} {} {}",
            p.sku,
            p.name_en,
            p.name_zh.as_deref().unwrap_or(""),
            p.hs_code.as_str(),
            p.variety.as_deref().unwrap_or("")
        )
        .to_lowercase(),
        doc: encode(p)?,
    })
}

pub async fn list_products(
    st: &AppState,
    q: Option<String>,
    limit: u32,
    offset: u32,
) -> Result<Vec<ProductView>, ApiError> {
    st.store
        .list_records(&RecordQuery {
            kind: RecordKind::Product,
            search: q,
            parent_id: None,
            limit,
            offset,
        })
        .await?
        .iter()
        .map(product_view)
        .collect()
}

pub async fn product(st: &AppState, id: Uuid) -> Result<ProductView, ApiError> {
    product_view(&st.store.record(RecordKind::Product, id).await?)
}

pub async fn create_product(
    st: &AppState,
    me: &CurrentUser,
    input: &ProductInput,
) -> Result<ProductView, ApiError> {
    let data = input.validate()?;
    product_view(
        &st.store
            .create_record(product_write(&data)?, &me.write_context(st))
            .await?,
    )
}

pub async fn update_product(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &ProductInput,
) -> Result<ProductView, ApiError> {
    let data = input.validate()?;
    product_view(
        &st.store
            .update_record(
                RecordKind::Product,
                id,
                expected,
                product_write(&data)?,
                &me.write_context(st),
            )
            .await?,
    )
}

/// Delete a product no contract names (contracts keep what they agreed).
pub async fn delete_product(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
) -> Result<(), ApiError> {
    let n = st.store.count_revisions_with_product(id).await?;
    if n > 0 {
        return Err(StoreError::InUse(format!(
            "{n} contract revision(s) name this product; it cannot be deleted"
        ))
        .into());
    }
    st.store
        .delete_record(RecordKind::Product, id, expected, &me.write_context(st))
        .await?;
    Ok(())
}

/// One package type of a product as a carton for the load planner: its outer size, gross
/// weight, stacking limit, and "this side up" as only the height standing vertical. The
/// product page's packages per container and the load-plan page both plan from this.
pub fn package_cargo(id: impl Into<String>, k: &PackageType) -> gendan_loadplan::CargoItem {
    gendan_loadplan::CargoItem {
        id: id.into(),
        size_mm: [
            k.dimensions.length as i64,
            k.dimensions.width as i64,
            k.dimensions.height as i64,
        ],
        gross_kg: k.gross.0.to_string(),
        quantity: None,
        upright_axes: if k.this_side_up {
            [false, false, true]
        } else {
            [true, true, true]
        },
        max_stack_kg: k.max_stack.map(|m| m.0.to_string()),
        commodity: None,
    }
}

/// The reefer guideline commodity of a product (by its HS subheading), if the table has it.
pub fn reefer_commodity(p: &ProductData) -> Option<&'static gendan_loadplan::reefer::CommodityAdvice> {
    gendan_loadplan::reefer::commodity(p.hs_code.subheading())
}

// ---------------------------------------------------------------- customer profiles

/// A customer's profile and the habits their contracts show.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    pub customer_id: Uuid,
    pub customer_name: String,
    /// 0 while no profile was saved; send it as `If-Match` to save.
    pub version: i64,
    pub profile: CustomerProfile,
    pub habits: CustomerHabits,
    /// A new contract for this customer, prefilled from the profile.
    pub contract_template: ContractInput,
}

async fn customer(st: &AppState, id: Uuid) -> Result<Party, ApiError> {
    let p = st.store.party(id).await?;
    if p.data.kind != PartyKind::Customer {
        return Err(ApiError::not_found(format!("party {id} is not a customer")));
    }
    Ok(p)
}

pub async fn customer_habits(st: &AppState, customer_id: Uuid) -> Result<CustomerHabits, ApiError> {
    let contracts = st
        .store
        .list_contracts(&ContractQuery {
            buyer_id: Some(customer_id),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    let mut facts = Vec::new();
    // Orders are what was agreed: approved, sent, confirmed or closed contracts.
    for c in contracts.iter().filter(|c| {
        matches!(
            c.state,
            ContractState::Approved | ContractState::Sent | ContractState::Confirmed | ContractState::Closed
        )
    }) {
        let d: ContractData = decode(c.id, &c.doc)?;
        for l in &d.lines {
            facts.push(OrderLineFact {
                contract_date: d.date,
                product: l.description_en.clone(),
                spec: l.spec.clone(),
                quantity: l.figures.quantity,
                unit: l.figures.unit.as_str(),
            });
        }
    }
    Ok(habits(&facts))
}

pub async fn profile(st: &AppState, customer_id: Uuid) -> Result<ProfileView, ApiError> {
    let c = customer(st, customer_id).await?;
    let rec = st
        .store
        .record_by_key(RecordKind::CustomerProfile, &customer_id.to_string())
        .await?;
    let (version, profile) = match &rec {
        Some(r) => (r.version, decode(r.id, &r.doc)?),
        None => (0, CustomerProfile::default()),
    };
    Ok(ProfileView {
        customer_id,
        customer_name: c.data.display_name().to_string(),
        version,
        contract_template: ContractInput::from_profile(customer_id, &profile),
        profile,
        habits: customer_habits(st, customer_id).await?,
    })
}

async fn check_party_kind(
    st: &AppState,
    errs: &mut ValidationErrors,
    field: &str,
    id: Option<Uuid>,
    kinds: &[PartyKind],
) -> Result<Option<Party>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    match st.store.party(id).await {
        Ok(p) if kinds.contains(&p.data.kind) => Ok(Some(p)),
        Ok(p) => {
            errs.push(
                field,
                "wrong_party_kind",
                format!(
                    "{} is a {}; expected {}",
                    p.data.display_name(),
                    p.data.kind.as_str(),
                    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ")
                ),
            );
            Ok(None)
        }
        Err(StoreError::NotFound { .. }) => {
            errs.push(field, "not_found", format!("no party {id}"));
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn put_profile(
    st: &AppState,
    me: &CurrentUser,
    customer_id: Uuid,
    expected: i64,
    input: &CustomerProfileInput,
) -> Result<ProfileView, ApiError> {
    customer(st, customer_id).await?;
    let mut errs = ValidationErrors::new();
    let validated = input.validate();
    if let Some(d) = &input.document_delivery {
        check_party_kind(
            st,
            &mut errs,
            "document_delivery.via_party_id",
            d.via_party_id,
            &[PartyKind::Bank, PartyKind::Courier],
        )
        .await?;
    }
    let profile = match validated {
        Ok(p) => {
            errs.into_result()?;
            p
        }
        Err(mut e) => {
            e.0.extend(errs.0);
            return Err(e.into());
        }
    };
    let key = customer_id.to_string();
    let w = RecordWrite {
        kind: RecordKind::CustomerProfile,
        key: key.clone(),
        parent_id: Some(customer_id),
        search_text: String::new(),
        doc: encode(&profile)?,
    };
    let ctx = me.write_context(st);
    match st.store.record_by_key(RecordKind::CustomerProfile, &key).await? {
        None if expected == 0 => create_first(st, w, &ctx).await?,
        None => return Err(StoreError::Conflict { expected, current: 0 }.into()),
        Some(r) => {
            st.store
                .update_record(RecordKind::CustomerProfile, r.id, expected, w, &ctx)
                .await?;
        }
    }
    profile_view_after_write(st, customer_id).await
}

async fn profile_view_after_write(st: &AppState, customer_id: Uuid) -> Result<ProfileView, ApiError> {
    profile(st, customer_id).await
}

/// Create a one-per-key record (`If-Match: "0"`). Another writer who created it first makes
/// this a version conflict (with the version that writer made), not a duplicate.
async fn create_first(
    st: &AppState,
    w: RecordWrite,
    ctx: &gendan_store::WriteContext,
) -> Result<(), ApiError> {
    let (kind, key) = (w.kind, w.key.clone());
    match st.store.create_record(w, ctx).await {
        Ok(_) => Ok(()),
        Err(StoreError::Duplicate { .. }) => {
            let current = st.store.record_by_key(kind, &key).await?.map_or(1, |r| r.version);
            Err(StoreError::Conflict { expected: 0, current }.into())
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- company

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyView {
    /// 0 while the profile was never saved (defaults shown).
    pub version: i64,
    pub company: CompanyProfile,
}

pub async fn company(st: &AppState) -> Result<CompanyView, ApiError> {
    Ok(match st.store.record_by_key(RecordKind::Company, "self").await? {
        Some(r) => CompanyView {
            version: r.version,
            company: decode(r.id, &r.doc)?,
        },
        None => CompanyView {
            version: 0,
            company: CompanyProfile::default(),
        },
    })
}

pub async fn put_company(
    st: &AppState,
    me: &CurrentUser,
    expected: i64,
    input: &CompanyProfileInput,
) -> Result<CompanyView, ApiError> {
    let c = input.validate()?;
    let w = RecordWrite {
        kind: RecordKind::Company,
        key: "self".into(),
        parent_id: None,
        search_text: String::new(),
        doc: encode(&c)?,
    };
    let ctx = me.write_context(st);
    match st.store.record_by_key(RecordKind::Company, "self").await? {
        None if expected == 0 => create_first(st, w, &ctx).await?,
        None => return Err(StoreError::Conflict { expected, current: 0 }.into()),
        Some(r) => {
            st.store
                .update_record(RecordKind::Company, r.id, expected, w, &ctx)
                .await?;
        }
    }
    company(st).await
}

// ---------------------------------------------------------------- contracts

/// A quantity with its unit, e.g. `1800` `carton` (`CTNS`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuantityText {
    pub quantity: String,
    pub unit: String,
    pub abbreviation: String,
}

/// A sales contract as the API shows it: the current revision's content with the computed
/// figures and words, and the steps the caller may take now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractView {
    pub id: Uuid,
    pub number: String,
    pub state: ContractState,
    pub revision: i64,
    pub version: i64,
    pub buyer_name: String,
    pub contract: ContractData,
    /// Each line's amount, rounded half-up to the currency's minor unit.
    #[schema(value_type = Vec<String>)]
    pub line_amounts: Vec<String>,
    pub total: Money,
    pub total_quantities: Vec<QuantityText>,
    /// `SAY US DOLLARS … ONLY`
    pub total_in_words: String,
    /// 大写, for CNY contracts.
    pub total_in_chinese: Option<String>,
    pub incoterm_wording: String,
    pub payment_terms_wording: String,
    pub author_id: Option<Uuid>,
    /// Steps the caller may take now.
    pub allowed_actions: Vec<ContractAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn contract_view(
    st: &AppState,
    me: &CurrentUser,
    c: &ContractRecord,
) -> Result<ContractView, ApiError> {
    let data: ContractData = decode(c.id, &c.doc)?;
    let buyer_name = match st.store.party(c.buyer_id).await {
        Ok(p) => p.data.display_name().to_string(),
        Err(_) => c.buyer_id.to_string(),
    };
    Ok(contract_view_with(Some(me), c, data, buyer_name))
}

/// The contract as someone outside sees it (a customer through a tracking link): no steps.
pub async fn contract_view_outside(st: &AppState, c: &ContractRecord) -> Result<ContractView, ApiError> {
    let data: ContractData = decode(c.id, &c.doc)?;
    let buyer_name = match st.store.party(c.buyer_id).await {
        Ok(p) => p.data.display_name().to_string(),
        Err(_) => c.buyer_id.to_string(),
    };
    Ok(contract_view_with(None, c, data, buyer_name))
}

pub fn contract_view_with(
    viewer: Option<&CurrentUser>,
    c: &ContractRecord,
    data: ContractData,
    buyer_name: String,
) -> ContractView {
    let total = data.total();
    let allowed_actions = match viewer {
        None => Vec::new(),
        Some(me) => {
            let is_author = c.author_id == Some(me.user.id);
            ContractAction::ALL
                .into_iter()
                .filter(|a| {
                    transition(
                        c.state,
                        &TransitionRequest {
                            action: *a,
                            role: me.user.role,
                            is_author,
                            reason: Some("x"),
                        },
                    )
                    .is_ok()
                })
                .collect()
        }
    };
    ContractView {
        id: c.id,
        number: c.number.clone(),
        state: c.state,
        revision: c.revision,
        version: c.version,
        buyer_name,
        line_amounts: data
            .lines
            .iter()
            .map(|l| l.figures.amount(data.currency).amount.to_string())
            .collect(),
        total,
        total_quantities: data
            .total_quantities()
            .into_iter()
            .map(|(u, q)| QuantityText {
                quantity: q.normalize().to_string(),
                unit: u.as_str().into(),
                abbreviation: u.document_abbreviation().into(),
            })
            .collect(),
        total_in_words: gendan_domain::words::amount_in_english(&total).unwrap_or_default(),
        total_in_chinese: (data.currency.as_str() == "CNY")
            .then(|| gendan_domain::words::amount_in_chinese_capitals(&total).ok())
            .flatten(),
        incoterm_wording: data.incoterm.contract_wording(),
        payment_terms_wording: data.payment_terms.english_wording(),
        author_id: c.author_id,
        allowed_actions,
        created_at: c.created_at,
        updated_at: c.updated_at,
        contract: data,
    }
}

/// Fill blank line descriptions and HS codes from the products the lines name, then check
/// the parties and products referred to, then validate.
async fn validate_contract(st: &AppState, input: &ContractInput) -> Result<(ContractData, String), ApiError> {
    let mut input = input.clone();
    let mut errs = ValidationErrors::new();
    for (i, l) in input.lines.iter_mut().enumerate() {
        let Some(pid) = l.product_id else { continue };
        match st.store.record(RecordKind::Product, pid).await {
            Ok(r) => {
                let p: ProductData = decode(r.id, &r.doc)?;
                if l.description_en.trim().is_empty() {
                    l.description_en = p.name_en.clone();
                }
                if l.description_zh.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    l.description_zh = p.name_zh.clone();
                }
                if l.hs_code.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    l.hs_code = Some(p.hs_code.as_str().to_string());
                }
                if l.spec.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    let spec: Vec<&str> = [p.variety.as_deref(), p.grade.as_deref(), p.size.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    if !spec.is_empty() {
                        l.spec = Some(spec.join(", "));
                    }
                }
            }
            Err(StoreError::NotFound { .. }) => errs.push(
                format!("lines[{i}].product_id"),
                "not_found",
                format!("no product {pid}"),
            ),
            Err(e) => return Err(e.into()),
        }
    }
    let buyer = check_party_kind(st, &mut errs, "buyer_id", input.buyer_id, &[PartyKind::Customer]).await?;
    check_party_kind(
        st,
        &mut errs,
        "consignee_id",
        input.consignee_id,
        &[PartyKind::Consignee, PartyKind::Customer],
    )
    .await?;
    check_party_kind(
        st,
        &mut errs,
        "notify_id",
        input.notify_id,
        &[PartyKind::NotifyParty, PartyKind::Consignee, PartyKind::Customer],
    )
    .await?;
    let today = st.clock.now().date_naive();
    match input.validate(today) {
        Ok(d) => {
            errs.into_result()?;
            let search = format!(
                "{} {}",
                buyer.as_ref().map(|b| b.data.sort_name()).unwrap_or_default(),
                d.lines
                    .iter()
                    .map(|l| l.description_en.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .to_lowercase();
            Ok((d, search))
        }
        Err(mut e) => {
            e.0.extend(errs.0);
            Err(e.into())
        }
    }
}

pub async fn create_contract(
    st: &AppState,
    me: &CurrentUser,
    input: &ContractInput,
) -> Result<ContractView, ApiError> {
    let (data, search_text) = validate_contract(st, input).await?;
    let pattern = company(st).await?.company.contract_number_pattern;
    let rec = st
        .store
        .create_contract(
            NewContract {
                pattern,
                contract_date: data.date,
                buyer_id: data.buyer_id,
                search_text,
                doc: encode(&data)?,
            },
            &me.write_context(st),
        )
        .await?;
    contract_view(st, me, &rec).await
}

pub async fn update_contract(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &ContractInput,
) -> Result<ContractView, ApiError> {
    let (data, search_text) = validate_contract(st, input).await?;
    let rec = st
        .store
        .update_contract(
            id,
            expected,
            ContractEdit {
                contract_date: data.date,
                buyer_id: data.buyer_id,
                search_text,
                doc: encode(&data)?,
            },
            &me.write_context(st),
        )
        .await?;
    contract_view(st, me, &rec).await
}

/// A file sent as JSON.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadInput {
    pub file_name: String,
    /// e.g. `application/pdf`, `image/jpeg`
    pub content_type: String,
    /// The file's bytes, base64.
    pub data_base64: String,
}

/// Largest upload (the countersigned copy).
pub const MAX_UPLOAD: usize = 1_500_000;

pub fn decode_upload(u: &UploadInput) -> Result<NewAttachment, ApiError> {
    use base64::Engine;
    let mut errs = ValidationErrors::new();
    let data = base64::engine::general_purpose::STANDARD
        .decode(u.data_base64.trim())
        .map_err(|e| errs.push("countersigned.data_base64", "invalid_base64", e.to_string()))
        .ok();
    if data.as_ref().is_some_and(|d| d.is_empty()) {
        errs.push("countersigned.data_base64", "required", "the file is empty");
    }
    if data.as_ref().is_some_and(|d| d.len() > MAX_UPLOAD) {
        errs.push("countersigned.data_base64", "too_large", "at most 1.5 MB");
    }
    if u.file_name.trim().is_empty() || u.file_name.len() > 200 || u.file_name.contains(['/', '\\', '\0']) {
        errs.push(
            "countersigned.file_name",
            "invalid_file_name",
            "a plain file name, at most 200 characters",
        );
    }
    let ct = u.content_type.trim();
    if !matches!(ct, "application/pdf" | "image/jpeg" | "image/png") {
        errs.push(
            "countersigned.content_type",
            "invalid_choice",
            "application/pdf, image/jpeg or image/png",
        );
    }
    errs.into_result()?;
    Ok(NewAttachment {
        purpose: "countersigned".into(),
        file_name: u.file_name.trim().to_string(),
        content_type: ct.to_string(),
        data: data.unwrap_or_default(),
    })
}

/// What a step carries.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// Required to reject or cancel.
    #[serde(default)]
    pub reason: Option<String>,
    /// send: how it went (email, courier, fax, wechat, hand)
    #[serde(default)]
    pub sent_via: Option<String>,
    /// send: to whom (name or address)
    #[serde(default)]
    pub sent_to: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// confirm: the countersigned copy
    #[serde(default)]
    pub countersigned: Option<UploadInput>,
    /// amend: the amended contract (a new revision)
    #[serde(default)]
    pub contract: Option<ContractInput>,
}

pub const SEND_VIA: [&str; 5] = ["email", "courier", "fax", "wechat", "hand"];

pub async fn step_contract(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    action: ContractAction,
    input: &StepInput,
) -> Result<ContractView, ApiError> {
    let mut errs = ValidationErrors::new();
    let mut detail = serde_json::Map::new();
    let text = |errs: &mut ValidationErrors, field: &str, v: &Option<String>, max: usize| -> Option<String> {
        let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        if v.chars().count() > max || v.chars().any(char::is_control) {
            errs.push(
                field,
                "invalid_text",
                format!("at most {max} characters, no control characters"),
            );
        }
        Some(v.to_string())
    };
    let reason = text(&mut errs, "reason", &input.reason, 1000);
    if let Some(n) = text(&mut errs, "note", &input.note, 1000) {
        detail.insert("note".into(), n.into());
    }
    if action == ContractAction::Send {
        match text(&mut errs, "sent_via", &input.sent_via, 20) {
            Some(v) if SEND_VIA.contains(&v.as_str()) => {
                detail.insert("sent_via".into(), v.into());
            }
            Some(v) => errs.push(
                "sent_via",
                "invalid_choice",
                format!("`{v}`: use {}", SEND_VIA.join(", ")),
            ),
            None => errs.push("sent_via", "required", "say how the contract was sent"),
        }
        match text(&mut errs, "sent_to", &input.sent_to, 300) {
            Some(v) => {
                detail.insert("sent_to".into(), v.into());
            }
            None => errs.push("sent_to", "required", "say to whom the contract was sent"),
        }
    }
    let attachment = match (&input.countersigned, action) {
        (Some(u), ContractAction::Confirm) => Some(decode_upload(u)?),
        (None, ContractAction::Confirm) => {
            errs.push(
                "countersigned",
                "required",
                "confirming needs the countersigned copy",
            );
            None
        }
        _ => None,
    };
    let amendment = match (&input.contract, action) {
        (Some(c), ContractAction::Amend) => {
            let (data, search_text) = validate_contract(st, c).await?;
            Some(ContractEdit {
                contract_date: data.date,
                buyer_id: data.buyer_id,
                search_text,
                doc: encode(&data)?,
            })
        }
        (None, ContractAction::Amend) => {
            // Amend without new content: a new revision with the same content, to edit.
            let cur = st.store.contract(id).await?;
            let data: ContractData = decode(cur.id, &cur.doc)?;
            let buyer = st
                .store
                .party(data.buyer_id)
                .await
                .map(|b| b.data.sort_name())
                .unwrap_or_default();
            let search_text = format!(
                "{buyer} {}",
                data.lines
                    .iter()
                    .map(|l| l.description_en.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .to_lowercase();
            Some(ContractEdit {
                contract_date: data.date,
                buyer_id: data.buyer_id,
                search_text,
                doc: cur.doc.clone(),
            })
        }
        _ => None,
    };
    errs.into_result()?;
    let rec = st
        .store
        .contract_step(
            id,
            expected,
            ContractStep {
                action,
                role: me.user.role,
                reason,
                detail: serde_json::Value::Object(detail),
                amendment,
                attachment,
            },
            &me.write_context(st),
        )
        .await?;
    contract_view(st, me, &rec).await
}

/// One field that differs between two revisions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionDiff {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

pub async fn contract_diff(
    st: &AppState,
    id: Uuid,
    from: i64,
    to: i64,
) -> Result<Vec<RevisionDiff>, ApiError> {
    let revs = st.store.contract_revisions(id).await?;
    if revs.is_empty() {
        st.store.contract(id).await?;
    }
    let rev = |r: &gendan_store::ContractRevision| r.revision;
    let (a, b) = (
        find_revision(&revs, "from", from, rev)?,
        find_revision(&revs, "to", to, rev)?,
    );
    Ok(revision_diff(&a.doc, &b.doc))
}

/// Field by field, what differs between two revisions' documents.
pub fn revision_diff(a: &serde_json::Value, b: &serde_json::Value) -> Vec<RevisionDiff> {
    gendan_domain::audit::diff(&gendan_store::flatten(a), &gendan_store::flatten(b))
        .into_iter()
        .map(|(field, c)| RevisionDiff {
            field,
            from: c.before,
            to: c.after,
        })
        .collect()
}

/// Revision `n` of a list, or a `not_found` error on `field` (`from`, `to`).
pub fn find_revision<'a, T>(
    revs: &'a [T],
    field: &str,
    n: i64,
    revision: impl Fn(&T) -> i64,
) -> Result<&'a T, ApiError> {
    revs.iter().find(|r| revision(r) == n).ok_or_else(|| {
        ApiError::validation(ValidationErrors::single(
            field,
            "not_found",
            format!("no revision {n}"),
        ))
    })
}

// ---------------------------------------------------------------- letters of credit

/// A letter of credit with every difference from its contract.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditView {
    pub id: Uuid,
    pub version: i64,
    pub contract_number: String,
    pub credit: LetterOfCreditData,
    pub max_amount: String,
    pub differences: Vec<LcDifference>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn credit_view(st: &AppState, r: &Record) -> Result<CreditView, ApiError> {
    let credit: LetterOfCreditData = decode(r.id, &r.doc)?;
    let c = st.store.contract(credit.contract_id).await?;
    let contract: ContractData = decode(c.id, &c.doc)?;
    Ok(CreditView {
        id: r.id,
        version: r.version,
        contract_number: c.number,
        max_amount: {
            let mut m = credit.max_amount().round_dp_with_strategy(
                credit.currency.minor_units(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            m.rescale(credit.currency.minor_units());
            m.to_string()
        },
        differences: differences(&credit, &contract),
        credit,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

async fn credit_write(st: &AppState, input: &LetterOfCreditInput) -> Result<RecordWrite, ApiError> {
    let data = input.validate();
    let mut errs = ValidationErrors::new();
    if let Some(cid) = input.contract_id
        && let Err(StoreError::NotFound { .. }) = st.store.contract(cid).await
    {
        errs.push("contract_id", "not_found", format!("no contract {cid}"));
    }
    let data = match data {
        Ok(d) => {
            errs.into_result()?;
            d
        }
        Err(mut e) => {
            e.0.extend(errs.0);
            return Err(e.into());
        }
    };
    Ok(RecordWrite {
        kind: RecordKind::LetterOfCredit,
        key: data.number.clone(),
        parent_id: Some(data.contract_id),
        search_text: format!("{} {}", data.number, data.issuing_bank).to_lowercase(),
        doc: encode(&data)?,
    })
}

pub async fn create_credit(
    st: &AppState,
    me: &CurrentUser,
    input: &LetterOfCreditInput,
) -> Result<CreditView, ApiError> {
    let w = credit_write(st, input).await?;
    credit_view(st, &st.store.create_record(w, &me.write_context(st)).await?).await
}

/// An amendment: the credit's new content, kept as a new revision.
pub async fn update_credit(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &LetterOfCreditInput,
) -> Result<CreditView, ApiError> {
    let w = credit_write(st, input).await?;
    credit_view(
        st,
        &st.store
            .update_record(RecordKind::LetterOfCredit, id, expected, w, &me.write_context(st))
            .await?,
    )
    .await
}

pub async fn credits(
    st: &AppState,
    contract_id: Option<Uuid>,
    q: Option<String>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CreditView>, ApiError> {
    let recs = st
        .store
        .list_records(&RecordQuery {
            kind: RecordKind::LetterOfCredit,
            search: q,
            parent_id: contract_id,
            limit,
            offset,
        })
        .await?;
    let mut out = Vec::with_capacity(recs.len());
    for r in &recs {
        out.push(credit_view(st, r).await?);
    }
    Ok(out)
}

// ---------------------------------------------------------------- imports

/// What an import is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Products,
    Customers,
}

impl ImportKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "products" => Some(ImportKind::Products),
            "customers" => Some(ImportKind::Customers),
            _ => None,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            ImportKind::Products => "products",
            ImportKind::Customers => "customers",
        }
    }
}

/// One problem in one cell of the file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportRowError {
    /// The sheet's row number (1 = the header row).
    pub row: usize,
    /// The column header as written in the file.
    pub column: String,
    pub code: String,
    pub message: String,
}

/// The outcome of reading a file: a preview, or what was saved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// xlsx or csv
    pub format: String,
    pub rows_read: usize,
    /// Products (grouped rows) or customers found.
    pub items: usize,
    /// A problem with the file as a whole (unknown columns, not a spreadsheet…).
    pub file_error: Option<String>,
    pub errors: Vec<ImportRowError>,
    /// Whether the items were saved (only when asked to and every row is valid).
    pub committed: bool,
    pub saved: usize,
    /// The first items, for the preview table: [sku or name, name, detail].
    pub sample: Vec<[String; 3]>,
}

fn row_errors(errs: Vec<gendan_import::RowError>) -> Vec<ImportRowError> {
    errs.into_iter()
        .map(|e| ImportRowError {
            row: e.row,
            column: e.column,
            code: e.code,
            message: e.message,
        })
        .collect()
}

/// Read, validate and (with `commit`) save a file of products or customers: all rows or
/// none. A file with any bad row changes nothing and reports every bad cell.
pub async fn import_file(
    st: &AppState,
    ctx: &gendan_store::WriteContext,
    kind: ImportKind,
    file_name: Option<String>,
    bytes: Vec<u8>,
    commit: bool,
) -> Result<ImportReport, ApiError> {
    use gendan_import::Format;
    let format = Format::detect(file_name.as_deref(), &bytes)
        .map_err(|e| ApiError::validation(ValidationErrors::single("file", e.code(), e.to_string())))?;
    let mut report = ImportReport {
        kind,
        format: format.as_str().to_string(),
        rows_read: 0,
        items: 0,
        file_error: None,
        errors: Vec::new(),
        committed: false,
        saved: 0,
        sample: Vec::new(),
    };
    enum Parsed {
        Products(gendan_import::Preview<gendan_import::ImportedProduct>),
        Customers(gendan_import::Preview<gendan_import::ImportedCustomer>),
    }
    let parsed = tokio::task::spawn_blocking(move || match kind {
        ImportKind::Products => gendan_import::import_products(&bytes, format).map(Parsed::Products),
        ImportKind::Customers => gendan_import::import_customers(&bytes, format).map(Parsed::Customers),
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => {
            report.file_error = Some(e.to_string());
            return Ok(report);
        }
    };
    match parsed {
        Parsed::Products(p) => {
            report.rows_read = p.rows_read;
            report.items = p.items.len();
            let mut errors = row_errors(p.errors.clone());
            // SKUs already in the database would fail the whole import: name their rows now.
            let existing: std::collections::HashSet<String> = st
                .store
                .record_keys(RecordKind::Product)
                .await?
                .into_iter()
                .collect();
            for item in &p.items {
                let sku = item.input.sku.trim();
                if !sku.is_empty() && existing.contains(sku) {
                    errors.push(ImportRowError {
                        row: item.rows.first().copied().unwrap_or(0),
                        column: "sku".into(),
                        code: "duplicate".into(),
                        message: format!("a product with SKU `{sku}` exists already"),
                    });
                }
            }
            report.sample = p
                .items
                .iter()
                .take(20)
                .map(|i| {
                    [
                        i.input.sku.clone(),
                        i.input.name_en.clone(),
                        format!("{} · {} package(s)", i.input.hs_code, i.input.packages.len()),
                    ]
                })
                .collect();
            errors.sort_by_key(|e| e.row);
            report.errors = errors;
            if commit && report.errors.is_empty() {
                let products = p
                    .into_valid()
                    .map_err(|_| ApiError::internal("preview changed"))?;
                let writes = products
                    .iter()
                    .map(product_write)
                    .collect::<Result<Vec<_>, _>>()?;
                report.saved = st.store.create_records(writes, ctx).await?;
                report.committed = true;
            }
        }
        Parsed::Customers(p) => {
            report.rows_read = p.rows_read;
            report.items = p.items.len();
            report.errors = row_errors(p.errors.clone());
            report.sample = p
                .items
                .iter()
                .take(20)
                .map(|i| {
                    [
                        i.input.name_latin.clone().unwrap_or_default(),
                        i.input.name_zh.clone().unwrap_or_default(),
                        i.input
                            .addresses
                            .first()
                            .map(|a| format!("{} {}", a.country, a.city))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            if commit && report.errors.is_empty() {
                let parties = p
                    .into_valid()
                    .map_err(|_| ApiError::internal("preview changed"))?;
                report.saved = st.store.create_parties(parties, ctx).await?.len();
                report.committed = true;
            }
        }
    }
    Ok(report)
}

/// The template file for an import.
pub fn import_template(kind: ImportKind, format: &str) -> Option<(&'static str, String, Vec<u8>)> {
    let (ct, bytes) = match (kind, format) {
        (ImportKind::Products, "xlsx") => (XLSX, gendan_import::product_template_xlsx()),
        (ImportKind::Products, "csv") => ("text/csv; charset=utf-8", gendan_import::product_template_csv()),
        (ImportKind::Customers, "xlsx") => (XLSX, gendan_import::customer_template_xlsx()),
        (ImportKind::Customers, "csv") => ("text/csv; charset=utf-8", gendan_import::customer_template_csv()),
        _ => return None,
    };
    Some((ct, format!("gendan-{}-template.{format}", kind.as_str()), bytes))
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
