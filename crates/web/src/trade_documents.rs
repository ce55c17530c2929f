//! Trade documents (单证) as use cases shared by the API and the pages: the whole set of a
//! shipment generated from the recorded data with one action (commercial invoice, packing
//! list, shipping instruction, certificate of origin and phytosanitary applications, insurance
//! declaration, draft), documents received from others recorded with their data and scans,
//! the verification log (a person's checks; the system check is the cross-check engine's),
//! final and sent, the set exported and imported in the interchange format, and the set as
//! one PDF or a zip.
//!
//! Every generated document is stored as data (`gendan_domain::document_set` and
//! `gendan_domain::shipping_documents` types) and printed on request in the customer's
//! language; regenerating a document whose data changed makes a new revision (which voids
//! its checks), regenerating an unchanged one changes nothing, and a sent document is never
//! changed.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::documents::grouped;
use crate::error::ApiError;
use crate::instructions::decode;
use crate::shipments::{ShipmentContext, letter_language, shipment_context};
use chrono::NaiveDate;
use gendan_domain::ValidationErrors;
use gendan_domain::company::CompanyProfile;
use gendan_domain::country::{CountryCode, country_name};
use gendan_domain::document_set as ds;
use gendan_domain::invoice::{self, Source};
use gendan_domain::letter_of_credit::LetterOfCreditData;
use gendan_domain::party::Party;
use gendan_domain::payment::PaymentMethod;
use gendan_domain::product::ProductData;
use gendan_domain::profile::CustomerProfile;
use gendan_domain::shipping_documents as sd;
use gendan_domain::trade_document::{
    self as td, Check, CheckResult, CheckerKind, DocumentState, TradeDocumentKind,
};
use gendan_store::{DocumentQuery, DocumentRecord, NewAttachment, NewDocument, RecordKind, RecordQuery};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Largest scan of a received document (PDF, JPEG or PNG).
pub const MAX_SCAN: usize = 1_500_000;

/// The generated kinds in the order a set is made (each may use the ones before it).
pub const GENERATED: [TradeDocumentKind; 7] = [
    TradeDocumentKind::CommercialInvoice,
    TradeDocumentKind::PackingList,
    TradeDocumentKind::ShippingInstruction,
    TradeDocumentKind::CertificateOfOriginApplication,
    TradeDocumentKind::PhytosanitaryApplication,
    TradeDocumentKind::InsuranceDeclaration,
    TradeDocumentKind::Draft,
];

/// The field of each generated document that carries its number.
fn number_field(kind: TradeDocumentKind) -> &'static str {
    match kind {
        TradeDocumentKind::CertificateOfOriginApplication | TradeDocumentKind::PhytosanitaryApplication => {
            "application_number"
        }
        TradeDocumentKind::InsuranceDeclaration => "declaration_number",
        _ => "number",
    }
}

/// A document as the API and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub shipment_number: String,
    pub kind: TradeDocumentKind,
    pub number: String,
    pub revision: i64,
    pub version: i64,
    pub state: DocumentState,
    pub received: bool,
    pub has_xlsx: bool,
    /// The document's data in the interchange format.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub checks: Vec<Check>,
    /// Why it may not be made final yet (`not_enough_checks`…), or none.
    pub finalise_blocked_by: Option<String>,
    pub scans: Vec<ScanView>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl DocumentView {
    pub fn state_as_str(&self) -> &'static str {
        self.state.as_str()
    }
    /// The current revision's checks, newest first.
    pub fn current_checks(&self) -> Vec<&Check> {
        self.checks
            .iter()
            .filter(|c| c.revision == self.revision)
            .rev()
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScanView {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

async fn policy(st: &AppState) -> Result<CompanyProfile, ApiError> {
    Ok(crate::trade::company(st).await?.company)
}

pub async fn view(st: &AppState, rec: DocumentRecord) -> Result<DocumentView, ApiError> {
    let company = policy(st).await?;
    let checks = st.store.document_checks(rec.id).await?;
    let state = td::state(
        &company.check_policy,
        &checks,
        rec.revision,
        rec.is_final(),
        rec.sent_at.is_some(),
    );
    let blocked = if rec.is_final() {
        None
    } else {
        td::may_finalise(&company.check_policy, &checks, rec.revision)
            .err()
            .map(|e| e.code().to_string())
    };
    let shipment_number = st
        .store
        .shipment(rec.shipment_id)
        .await
        .map(|s| s.number)
        .unwrap_or_default();
    let scans = st
        .store
        .attachments("trade_document", rec.id)
        .await?
        .into_iter()
        .map(|a| ScanView {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
            uploaded_by: a.uploaded_by,
            at: a.at,
        })
        .collect();
    Ok(DocumentView {
        id: rec.id,
        shipment_id: rec.shipment_id,
        shipment_number,
        kind: rec.kind,
        number: rec.number.clone(),
        revision: rec.revision,
        version: rec.version,
        state,
        received: rec.kind.is_received(),
        has_xlsx: rec.kind.has_xlsx(),
        data: rec.doc.clone(),
        checks,
        finalise_blocked_by: blocked,
        scans,
        sent_at: rec.sent_at,
        updated_at: rec.updated_at,
    })
}

/// Documents, newest first, by shipment and kind.
pub async fn list(
    st: &AppState,
    shipment: Option<Uuid>,
    kind: Option<TradeDocumentKind>,
) -> Result<Vec<DocumentView>, ApiError> {
    let recs = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: shipment,
            kind,
            limit: 500,
            offset: 0,
        })
        .await?;
    let mut out = Vec::new();
    for r in recs {
        out.push(view(st, r).await?);
    }
    Ok(out)
}

// ---------------------------------------------------------------- the data behind a set

/// A party as documents show it: Latin name, one address line, the country.
pub fn doc_party(p: &Party) -> ds::Party {
    let d = &p.data;
    let a = d.addresses.first();
    ds::Party {
        name: d
            .name_latin
            .clone()
            .unwrap_or_else(|| d.display_name().to_string())
            .to_uppercase(),
        address: a
            .map(|a| {
                [
                    Some(a.line1.clone()),
                    a.line2.clone(),
                    Some(a.city.clone()),
                    a.region.clone(),
                    a.postal_code.clone(),
                ]
                .into_iter()
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ")
                .to_uppercase()
            })
            .unwrap_or_default(),
        country: a.map(|a| a.country.to_string()).unwrap_or_default(),
    }
}

fn company_party(c: &CompanyProfile) -> ds::Party {
    ds::Party {
        name: c.name_en.to_uppercase(),
        address: c.address_en.to_uppercase(),
        country: "CN".into(),
    }
}

/// Everything a shipment's documents are made from, loaded once.
pub struct SetData {
    pub cx: ShipmentContext,
    pub company: CompanyProfile,
    pub seller: ds::Party,
    pub buyer: ds::Party,
    pub consignee: Option<ds::Party>,
    pub notify: Option<ds::Party>,
    pub forwarder: Option<ds::Party>,
    pub products: HashMap<Uuid, ProductData>,
    pub credit: Option<LetterOfCreditData>,
    pub our_bank: Option<String>,
    pub profile: Option<CustomerProfile>,
}

async fn latest_credit(st: &AppState, contract_id: Uuid) -> Result<Option<LetterOfCreditData>, ApiError> {
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
    match credits.iter().max_by_key(|r| r.created_at) {
        Some(r) => Ok(Some(decode(r.id, &r.doc)?)),
        None => Ok(None),
    }
}

pub async fn load(st: &AppState, shipment_id: Uuid) -> Result<SetData, ApiError> {
    let cx = shipment_context(st, shipment_id).await?;
    let company = policy(st).await?;
    let buyer_party = st.store.party(cx.record.customer_id).await?;
    let first = cx.items.first();
    let party_of = |id: Option<Uuid>| async move {
        match id {
            Some(id) => st.store.party(id).await.ok().map(|p| doc_party(&p)),
            None => None,
        }
    };
    let consignee = party_of(first.and_then(|c| c.contract.consignee_id)).await;
    let notify = party_of(first.and_then(|c| c.contract.notify_id)).await;
    let forwarder = party_of(Some(cx.booking_data.request.forwarder_id)).await;
    let mut products = HashMap::new();
    for c in &cx.items {
        for l in &c.data.lines {
            if let Some(id) = l.product_id
                && !products.contains_key(&id)
                && let Ok(r) = st.store.record(RecordKind::Product, id).await
            {
                products.insert(id, decode::<ProductData>(r.id, &r.doc)?);
            }
        }
    }
    let credit = match first {
        Some(c) => latest_credit(st, c.contract_id).await?,
        None => None,
    };
    let currency = first.map(|c| c.contract.currency);
    let our_bank = company
        .bank_accounts
        .iter()
        .find(|a| a.currency.is_none() || a.currency == currency)
        .map(|a| a.bank_name.clone());
    let profile = match st
        .store
        .record_by_key(RecordKind::CustomerProfile, &cx.record.customer_id.to_string())
        .await?
    {
        Some(r) => Some(decode::<CustomerProfile>(r.id, &r.doc)?),
        None => None,
    };
    Ok(SetData {
        seller: company_party(&company),
        buyer: doc_party(&buyer_party),
        consignee,
        notify,
        forwarder,
        products,
        credit,
        our_bank,
        profile,
        company,
        cx,
    })
}

/// What a printed document shows besides its interchange-format data (terms, parties,
/// transport, container types), kept with each revision under `print` so that a document
/// printed again later shows what was checked and sent, not today's data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintContext {
    pub payment_terms: String,
    pub seller: ds::Party,
    pub buyer: ds::Party,
    #[serde(default)]
    pub consignee: Option<ds::Party>,
    pub vessel: String,
    pub port_of_loading: ds::Port,
    pub port_of_discharge: ds::Port,
    pub contract_numbers: Vec<String>,
    pub containers: Vec<PrintContainer>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintContainer {
    pub number: String,
    pub container_type: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub net_kg: Decimal,
}

impl PrintContext {
    /// The context kept with a document, else (a document stored before contexts were kept)
    /// the shipment's as it is now.
    pub fn of(doc: &serde_json::Value, set: &SetData) -> PrintContext {
        doc.get("print")
            .and_then(|p| serde_json::from_value(p.clone()).ok())
            .unwrap_or_else(|| set.print_context())
    }
}

impl SetData {
    pub fn print_context(&self) -> PrintContext {
        let conf = self.cx.booking_data.confirmation.as_ref();
        let mut contract_numbers: Vec<String> = Vec::new();
        for c in &self.cx.items {
            if !contract_numbers.contains(&c.contract_number) {
                contract_numbers.push(c.contract_number.clone());
            }
        }
        PrintContext {
            payment_terms: self
                .cx
                .items
                .first()
                .map(|c| c.contract.payment_terms.english_wording())
                .unwrap_or_default(),
            seller: self.seller.clone(),
            buyer: self.buyer.clone(),
            consignee: self.consignee.clone(),
            vessel: conf
                .map(|c| format!("{} V.{}", c.vessel, c.voyage))
                .unwrap_or_default(),
            port_of_loading: invoice::port(&self.cx.booking_data.request.port_of_loading),
            port_of_discharge: invoice::port(&self.cx.booking_data.request.port_of_discharge),
            contract_numbers,
            containers: self
                .cx
                .data
                .containers
                .iter()
                .map(|k| PrintContainer {
                    number: k.number.to_string(),
                    container_type: k.container_type.clone(),
                    net_kg: k.net_kg(),
                })
                .collect(),
        }
    }

    /// The deposit under T/T terms: the instalments paid by T/T before shipment (on
    /// contract, before production), as a share of `total`. Receipts (issue 9) will replace
    /// the agreed figure with the money actually received.
    fn deposit(&self, total: Decimal) -> Option<Decimal> {
        use gendan_domain::payment::PaymentTrigger as T;
        let c = self.cx.items.first()?;
        let pct: Decimal = c
            .contract
            .payment_terms
            .instalments()
            .iter()
            .filter(|i| {
                i.method == PaymentMethod::Tt && matches!(i.trigger, T::OnContract | T::BeforeProduction)
            })
            .map(|i| i.percent)
            .sum();
        (pct > Decimal::ZERO && pct < Decimal::from(100)).then(|| {
            (total * pct / Decimal::from(100)).round_dp_with_strategy(
                c.contract.currency.minor_units(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            )
        })
    }

    /// Calls `f` with the generation source.
    pub fn with_source<R>(&self, deposit: Option<Decimal>, f: impl FnOnce(&Source<'_>) -> R) -> R {
        let carried: Vec<invoice::Carried<'_>> = self
            .cx
            .items
            .iter()
            .map(|c| invoice::Carried {
                id: c.record.id,
                number: &c.record.number,
                data: &c.data,
                contract_number: &c.contract_number,
                contract: &c.contract,
            })
            .collect();
        let src = Source {
            seller: self.seller.clone(),
            buyer: self.buyer.clone(),
            carried: &carried,
            shipment: &self.cx.data,
            booking: &self.cx.booking_data,
            products: &self.products,
            credit: self.credit.as_ref(),
            deposit_received: deposit,
            consignee: self.consignee.clone(),
            notify: self.notify.clone(),
            forwarder: self.forwarder.clone(),
            our_bank: self.our_bank.clone(),
        };
        f(&src)
    }

    pub fn language(&self, param: Option<&str>) -> String {
        letter_language(param, self.profile.as_ref())
    }
}

// ---------------------------------------------------------------- generating a set

/// What to generate; everything applicable when `kinds` is empty.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateInput {
    #[serde(default)]
    pub kinds: Vec<TradeDocumentKind>,
    /// The date the documents carry (YYYY-MM-DD); today when left out.
    #[serde(default)]
    pub date: Option<String>,
    /// The deposit received under T/T terms, in the invoice currency; the agreed deposit when
    /// left out.
    #[serde(default)]
    pub deposit_received: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Revised,
    Unchanged,
    /// Not made: not required for this shipment, or already sent.
    Skipped,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GeneratedDocument {
    pub kind: TradeDocumentKind,
    pub outcome: Outcome,
    pub id: Option<Uuid>,
    pub number: Option<String>,
    pub revision: Option<i64>,
    /// Why it was skipped (`draft_not_required`, `already_sent`…).
    pub reason: Option<String>,
}

/// One step of a long generation, for a progress bar.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GenerateProgress {
    pub done: usize,
    pub total: usize,
    pub kind: TradeDocumentKind,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GenerateReport {
    pub shipment_id: Uuid,
    pub documents: Vec<GeneratedDocument>,
}

fn to_value<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(e.to_string()))
}

fn parse_date(errs: &mut ValidationErrors, field: &str, v: Option<&str>, today: NaiveDate) -> NaiveDate {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| {
            errs.push(field, "invalid_date", format!("`{s}` is not a date (YYYY-MM-DD)"));
            today
        }),
    }
}

/// Generate (or bring up to date) the shipment's documents. `progress` is told after each.
pub async fn generate(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    input: &GenerateInput,
    progress: &(dyn Fn(GenerateProgress) + Send + Sync),
) -> Result<GenerateReport, ApiError> {
    let report = generate_set(st, me, shipment_id, input, progress).await?;
    crate::document_checks::after_change(st, shipment_id).await;
    Ok(report)
}

async fn generate_set(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    input: &GenerateInput,
    progress: &(dyn Fn(GenerateProgress) + Send + Sync),
) -> Result<GenerateReport, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not make trade documents"));
    }
    let today = st.clock.now().date_naive();
    let mut errs = ValidationErrors::new();
    let date = parse_date(&mut errs, "date", input.date.as_deref(), today);
    let deposit_given = match input
        .deposit_received
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match s.parse::<Decimal>() {
            Ok(d) if d >= Decimal::ZERO => Some(d),
            _ => {
                errs.push(
                    "deposit_received",
                    "invalid_amount",
                    format!("`{s}` is not an amount"),
                );
                None
            }
        },
    };
    for k in &input.kinds {
        if !k.is_generated() {
            errs.push(
                "kinds",
                "not_generated",
                format!("{} is received, not generated", k.as_str()),
            );
        }
    }
    errs.into_result()?;
    let data = load(st, shipment_id).await?;
    let existing = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: None,
            limit: 500,
            offset: 0,
        })
        .await?;
    let wanted: Vec<TradeDocumentKind> = GENERATED
        .into_iter()
        .filter(|k| input.kinds.is_empty() || input.kinds.contains(k))
        .collect();
    // The invoice and packing list everything else is derived from: the stored ones when
    // they are not regenerated now.
    let current = |kind| existing.iter().find(|d| d.kind == kind);
    let ctx = me.write_context(st);
    let mut report = Vec::new();
    let mut invoice_doc: Option<ds::Invoice> = current(TradeDocumentKind::CommercialInvoice)
        .and_then(|d| serde_json::from_value(d.doc.clone()).ok());
    let mut packing_doc: Option<ds::PackingList> =
        current(TradeDocumentKind::PackingList).and_then(|d| serde_json::from_value(d.doc.clone()).ok());
    let total_steps = wanted.len();
    let print = data.print_context();
    for (step, kind) in wanted.iter().copied().enumerate() {
        let existing_doc = current(kind);
        let number = existing_doc
            .map(|d| d.number.clone())
            .unwrap_or_else(|| "—".into());
        let made: Result<serde_json::Value, String> = match kind {
            TradeDocumentKind::CommercialInvoice => {
                let given = existing_doc
                    .map(|d| d.number.clone())
                    .or_else(|| data.cx.data.invoice_number.clone())
                    .unwrap_or_default();
                let r = data.with_source(None, |src| invoice::invoice(src, &given, date));
                match r {
                    Ok(mut inv) => {
                        if deposit_given.is_some_and(|d| d > inv.total_amount) {
                            return Err(ValidationErrors::single(
                                "deposit_received",
                                "deposit_above_total",
                                format!("the deposit is more than the invoice total {}", inv.total_amount),
                            )
                            .into());
                        }
                        let deposit = deposit_given.or_else(|| data.deposit(inv.total_amount));
                        inv.deposit_received = deposit;
                        inv.balance_due = deposit.map(|d| inv.total_amount - d);
                        let v = to_value(&inv)?;
                        invoice_doc = Some(inv);
                        Ok(v)
                    }
                    Err(e) => {
                        return Err(ValidationErrors::single("shipment", e.code(), e.to_string()).into());
                    }
                }
            }
            TradeDocumentKind::PackingList => {
                let Some(inv_no) = invoice_doc.as_ref().map(|i| i.number.clone()) else {
                    return Err(ValidationErrors::single(
                        "kinds",
                        "invoice_first",
                        "make the commercial invoice first: the packing list names it",
                    )
                    .into());
                };
                match data.with_source(None, |src| invoice::packing_list(src, &number, &inv_no, date)) {
                    Ok(pl) => {
                        let v = to_value(&pl)?;
                        packing_doc = Some(pl);
                        Ok(v)
                    }
                    Err(e) => {
                        return Err(ValidationErrors::single("shipment", e.code(), e.to_string()).into());
                    }
                }
            }
            _ => {
                let (Some(inv), Some(pl)) = (&invoice_doc, &packing_doc) else {
                    return Err(ValidationErrors::single(
                        "kinds",
                        "invoice_first",
                        "make the commercial invoice and the packing list first",
                    )
                    .into());
                };
                data.with_source(None, |src| -> Result<serde_json::Value, String> {
                    let v = match kind {
                        TradeDocumentKind::ShippingInstruction => {
                            serde_json::to_value(sd::shipping_instruction(src, inv, pl, &number, date))
                        }
                        TradeDocumentKind::CertificateOfOriginApplication => {
                            match sd::certificate_of_origin_application(src, inv, &number, date) {
                                Ok(d) => serde_json::to_value(d),
                                Err(e) => return Err(e.code().to_string()),
                            }
                        }
                        TradeDocumentKind::PhytosanitaryApplication => {
                            match sd::phytosanitary_application(src, inv, pl, &number, date) {
                                Ok(d) => serde_json::to_value(d),
                                Err(e) => return Err(e.code().to_string()),
                            }
                        }
                        TradeDocumentKind::InsuranceDeclaration => {
                            match sd::insurance_declaration(src, inv, &number, date) {
                                Ok(d) => serde_json::to_value(d),
                                Err(e) => return Err(e.code().to_string()),
                            }
                        }
                        _ => match sd::draft(src, inv, &number, date) {
                            Ok(d) => serde_json::to_value(d),
                            Err(e) => return Err(e.code().to_string()),
                        },
                    };
                    v.map_err(|e| e.to_string())
                })
            }
        };
        let made = made.map(|mut doc| {
            if let serde_json::Value::Object(m) = &mut doc {
                m.insert("print".into(), serde_json::to_value(&print).unwrap_or_default());
            }
            doc
        });
        let entry = match made {
            Err(reason) => GeneratedDocument {
                kind,
                outcome: Outcome::Skipped,
                id: existing_doc.map(|d| d.id),
                number: existing_doc.map(|d| d.number.clone()),
                revision: existing_doc.map(|d| d.revision),
                reason: Some(reason),
            },
            Ok(doc) => match existing_doc {
                Some(d) if d.sent_at.is_some() => GeneratedDocument {
                    kind,
                    outcome: Outcome::Skipped,
                    id: Some(d.id),
                    number: Some(d.number.clone()),
                    revision: Some(d.revision),
                    reason: Some("already_sent".into()),
                },
                Some(d) => {
                    // Regenerated data keeps the document's date unless the figures change.
                    let mut doc = doc;
                    if input.date.as_deref().is_none_or(|d| d.trim().is_empty()) {
                        keep_date(&mut doc, &d.doc);
                    }
                    let after = st.store.revise_document(d.id, d.version, doc, &ctx).await?;
                    GeneratedDocument {
                        kind,
                        outcome: if after.revision == d.revision {
                            Outcome::Unchanged
                        } else {
                            Outcome::Revised
                        },
                        id: Some(after.id),
                        number: Some(after.number.clone()),
                        revision: Some(after.revision),
                        reason: None,
                    }
                }
                None => {
                    let given = (kind == TradeDocumentKind::CommercialInvoice)
                        .then(|| data.cx.data.invoice_number.clone())
                        .flatten();
                    let rec = st
                        .store
                        .create_document(
                            NewDocument {
                                shipment_id,
                                kind,
                                pattern: Some(data.company.document_pattern(kind)),
                                number: given,
                                number_field: Some(number_field(kind)),
                                date,
                                doc,
                            },
                            &ctx,
                        )
                        .await?;
                    // Later documents name the invoice by its number.
                    if kind == TradeDocumentKind::CommercialInvoice
                        && let Some(inv) = invoice_doc.as_mut()
                    {
                        inv.number = rec.number.clone();
                    }
                    if kind == TradeDocumentKind::PackingList
                        && let Some(pl) = packing_doc.as_mut()
                    {
                        pl.number = rec.number.clone();
                    }
                    GeneratedDocument {
                        kind,
                        outcome: Outcome::Created,
                        id: Some(rec.id),
                        number: Some(rec.number.clone()),
                        revision: Some(rec.revision),
                        reason: None,
                    }
                }
            },
        };
        // What follows is derived from the invoice and packing list as stored (a sent one is
        // kept, a regenerated one keeps its date), never from figures no document shows.
        if let (Some(doc_id), TradeDocumentKind::CommercialInvoice | TradeDocumentKind::PackingList) =
            (entry.id, kind)
        {
            let stored = st.store.document(doc_id).await?;
            if kind == TradeDocumentKind::CommercialInvoice {
                invoice_doc = serde_json::from_value(stored.doc).ok();
            } else {
                packing_doc = serde_json::from_value(stored.doc).ok();
            }
        }
        report.push(entry);
        progress(GenerateProgress {
            done: step + 1,
            total: total_steps,
            kind,
        });
    }
    Ok(GenerateReport {
        shipment_id,
        documents: report,
    })
}

/// A regenerated document keeps the date it was first made with, so regenerating unchanged
/// figures on another day is not a new revision.
fn keep_date(new: &mut serde_json::Value, old: &serde_json::Value) {
    if let (serde_json::Value::Object(n), serde_json::Value::Object(o)) = (new, old) {
        for k in ["date", "issue_date"] {
            if let (Some(v), true) = (o.get(k), n.contains_key(k)) {
                n.insert(k.to_string(), v.clone());
            }
        }
    }
}

// ---------------------------------------------------------------- checks, final, sent

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInput {
    /// The revision checked (the current one; a check of an older revision is refused).
    pub revision: i64,
    /// What was compared, e.g. `invoice against contract SC-2026-0017 and the packing list`.
    pub compared: String,
    /// `passed` or `failed`.
    pub result: CheckResult,
    #[serde(default)]
    pub note: Option<String>,
}

pub async fn add_check(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &CheckInput,
) -> Result<DocumentView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not check trade documents"));
    }
    let mut errs = ValidationErrors::new();
    let compared = input.compared.trim();
    if compared.is_empty() {
        errs.push("compared", "required", "say what you compared the document with");
    } else if compared.chars().count() > 500 {
        errs.push("compared", "too_long", "at most 500 characters");
    }
    let note = input.note.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if note.is_some_and(|n| n.chars().count() > 2000) {
        errs.push("note", "too_long", "at most 2000 characters");
    }
    if input.result == CheckResult::Failed && note.is_none() {
        errs.push("note", "required", "say what is wrong");
    }
    errs.into_result()?;
    let rec = st.store.document(id).await?;
    if rec.sent_at.is_some() {
        return Err(ValidationErrors::single("state", "already_sent", "the document was sent").into());
    }
    let ctx = me.write_context(st);
    let check = Check {
        revision: input.revision,
        kind: CheckerKind::Person,
        user_id: Some(me.user.id),
        by: crate::shipments::signer_name(st, &me.user.email).await,
        compared: compared.to_string(),
        result: input.result,
        note: note.map(str::to_string),
        at: ctx.at,
    };
    let rec = st.store.add_check(id, check, &ctx).await?;
    view(st, rec).await
}

pub async fn finalise(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    version: i64,
) -> Result<DocumentView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not make documents final"));
    }
    let policy = policy(st).await?.check_policy;
    let rule = move |rec: &DocumentRecord, checks: &[Check]| -> Result<(), ValidationErrors> {
        td::may_finalise(&policy, checks, rec.revision)
            .map_err(|e| ValidationErrors::single("checks", e.code(), e.to_string()))
    };
    let rec = st
        .store
        .finalise_document(id, version, &rule, &me.write_context(st))
        .await?;
    view(st, rec).await
}

pub async fn mark_sent(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    version: i64,
) -> Result<DocumentView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not send documents"));
    }
    let rec = st
        .store
        .mark_document_sent(id, version, &me.write_context(st))
        .await?;
    view(st, rec).await
}

/// A revision and what it changed against the one before, field by field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionView {
    pub revision: i64,
    pub author: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub async fn revisions(st: &AppState, id: Uuid) -> Result<Vec<RevisionView>, ApiError> {
    let revs = st.store.document_revisions(id).await?;
    let mut out = Vec::new();
    let mut before = Default::default();
    for r in revs {
        let after = gendan_store::flatten(&r.doc);
        let changes = gendan_domain::audit::diff(&before, &after)
            .into_iter()
            .map(|(field, c)| FieldChange {
                field,
                before: c.before,
                after: c.after,
            })
            .collect();
        out.push(RevisionView {
            revision: r.revision,
            author: r.author,
            at: r.at,
            changes,
        });
        before = after;
    }
    Ok(out)
}

// ---------------------------------------------------------------- received documents

/// A scan as sent (base64).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanInput {
    pub file_name: String,
    pub data_base64: String,
}

/// A document received from others: its kind, its data in the interchange format
/// (`bill_of_lading`: a B/L object; `certificate_of_origin`, `phytosanitary_certificate`,
/// `insurance_certificate`) and optionally its scan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceivedInput {
    pub kind: TradeDocumentKind,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    #[serde(default)]
    pub scan: Option<ScanInput>,
}

/// What a scan's bytes are, from their first bytes (never from the name): PDF, JPEG or PNG.
pub fn sniff_scan(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        crate::production::sniff_image(data)
    }
}

/// A scan checked: base64, size, a plain name, and content that is a PDF, JPEG or PNG.
pub fn decode_scan(
    field: &str,
    file_name: &str,
    bytes: Result<Vec<u8>, String>,
) -> Result<NewAttachment, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let name = file_name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.contains(['/', '\\', '\0']) {
        errs.push(
            format!("{field}.file_name"),
            "invalid_file_name",
            "a plain file name, at most 200 characters",
        );
    }
    let data = match bytes {
        Ok(d) => d,
        Err(e) => {
            errs.push(format!("{field}.data_base64"), "invalid_base64", e);
            Vec::new()
        }
    };
    let mut content_type = "";
    if data.is_empty() {
        errs.push(format!("{field}.data_base64"), "required", "the file is empty");
    } else if data.len() > MAX_SCAN {
        errs.push(format!("{field}.data_base64"), "too_large", "at most 1.5 MB");
    } else {
        match sniff_scan(&data) {
            Some(ct) => content_type = ct,
            None => errs.push(
                format!("{field}.data_base64"),
                "not_a_scan",
                "a scan is a PDF, JPEG or PNG file (judged by its content, not its name)",
            ),
        }
    }
    errs.into_result()?;
    Ok(NewAttachment {
        purpose: "scan".into(),
        file_name: name.to_string(),
        content_type: content_type.to_string(),
        data,
    })
}

fn b64_decode(s: &str) -> Result<Vec<u8>, String> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .map_err(|e| e.to_string())
}

/// A JSON shape error as a field error: the path under `prefix`, and a missing field named
/// itself (`data.number`, code `required`) rather than its parent.
pub fn shape_error(prefix: &str, e: serde_path_to_error::Error<serde_json::Error>) -> ValidationErrors {
    let path = e.path().to_string();
    let mut field = match (prefix.is_empty(), path.as_str()) {
        (true, ".") => String::new(),
        (true, p) => p.to_string(),
        (false, ".") => prefix.to_string(),
        (false, p) => format!("{prefix}.{p}"),
    };
    let message = e.inner().to_string();
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next())
        .map(str::to_string);
    match missing {
        Some(name) => {
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(&name);
            ValidationErrors::single(field, "required", message)
        }
        None => ValidationErrors::single(
            if field.is_empty() { "body".into() } else { field },
            "invalid_value",
            message,
        ),
    }
}

/// The received document's data checked against its kind's shape; returns its number.
pub fn check_received(kind: TradeDocumentKind, data: &serde_json::Value) -> Result<String, ValidationErrors> {
    fn shape<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, ValidationErrors> {
        serde_path_to_error::deserialize(v.clone()).map_err(|e| shape_error("data", e))
    }
    let number = match kind {
        TradeDocumentKind::BillOfLading => Some(shape::<ds::BillOfLading>(data)?.number),
        TradeDocumentKind::CertificateOfOrigin => shape::<ds::CertificateOfOrigin>(data)?.number,
        TradeDocumentKind::PhytosanitaryCertificate => shape::<ds::PhytosanitaryCertificate>(data)?.number,
        TradeDocumentKind::InsuranceCertificate => shape::<ds::InsuranceCertificate>(data)?.number,
        _ => {
            return Err(ValidationErrors::single(
                "kind",
                "not_received",
                format!(
                    "{} is generated by Gendan, not recorded as received",
                    kind.as_str()
                ),
            ));
        }
    };
    match number.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
        Some(n) if n.chars().count() <= 60 => Ok(n),
        Some(_) => Err(ValidationErrors::single(
            "data.number",
            "too_long",
            "at most 60 characters",
        )),
        None => Err(ValidationErrors::single(
            "data.number",
            "required",
            "a received document is recorded with the number it carries",
        )),
    }
}

/// Record a received document (or a new revision of it when one with that number exists).
pub async fn record_received(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    input: &ReceivedInput,
) -> Result<DocumentView, ApiError> {
    let view = record_received_document(st, me, shipment_id, input).await?;
    crate::document_checks::after_change(st, shipment_id).await;
    // The view again: the check may have added a system check to it.
    match st.store.document(view.id).await {
        Ok(rec) => self::view(st, rec).await,
        Err(_) => Ok(view),
    }
}

async fn record_received_document(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    input: &ReceivedInput,
) -> Result<DocumentView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not record documents"));
    }
    let mut errs = ValidationErrors::new();
    let number = check_received(input.kind, &input.data)
        .map_err(|e| errs.0.extend(e.0))
        .ok();
    let scan = input.scan.as_ref().and_then(|s| {
        decode_scan("scan", &s.file_name, b64_decode(&s.data_base64))
            .map_err(|e| errs.0.extend(e.0))
            .ok()
    });
    errs.into_result()?;
    let number = number.unwrap_or_default();
    st.store.shipment(shipment_id).await?;
    let rec = store_received(st, me, shipment_id, input.kind, &number, input.data.clone()).await?;
    let rec = match scan {
        Some(s) => st.store.attach_scan(rec.id, s, &me.write_context(st)).await?.0,
        None => rec,
    };
    view(st, rec).await
}

async fn store_received(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Uuid,
    kind: TradeDocumentKind,
    number: &str,
    data: serde_json::Value,
) -> Result<DocumentRecord, ApiError> {
    let ctx = me.write_context(st);
    let existing = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: Some(kind),
            limit: 100,
            offset: 0,
        })
        .await?
        .into_iter()
        .find(|d| d.number == number);
    Ok(match existing {
        Some(d) if gendan_store::flatten(&d.doc) == gendan_store::flatten(&data) => d,
        Some(d) => st.store.revise_document(d.id, d.version, data, &ctx).await?,
        None => {
            st.store
                .create_document(
                    NewDocument {
                        shipment_id,
                        kind,
                        pattern: None,
                        number: Some(number.to_string()),
                        number_field: None,
                        date: ctx.at.date_naive(),
                        doc: data,
                    },
                    &ctx,
                )
                .await?
        }
    })
}

pub async fn attach(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    scan: NewAttachment,
) -> Result<DocumentView, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not record documents"));
    }
    let rec = st.store.attach_scan(id, scan, &me.write_context(st)).await?.0;
    view(st, rec).await
}

pub async fn attach_base64(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &ScanInput,
) -> Result<DocumentView, ApiError> {
    let scan = decode_scan("scan", &input.file_name, b64_decode(&input.data_base64))?;
    attach(st, me, id, scan).await
}

// ---------------------------------------------------------------- the set, exported and imported

fn current_of(docs: &[DocumentRecord], kind: TradeDocumentKind) -> Option<&DocumentRecord> {
    docs.iter()
        .filter(|d| d.kind == kind)
        .max_by_key(|d| d.created_at)
}

fn read<T: serde::de::DeserializeOwned>(d: Option<&DocumentRecord>) -> Option<T> {
    d.and_then(|d| serde_json::from_value(d.doc.clone()).ok())
}

fn count(document_type: &str, originals: u32, copies: u32) -> ds::DocumentCount {
    ds::DocumentCount {
        document_type: document_type.into(),
        originals,
        copies,
    }
}

/// The shipment's documents in the interchange format (../shared/spec/document-set.md).
pub async fn export_set(st: &AppState, shipment_id: Uuid) -> Result<ds::DocumentSet, ApiError> {
    let data = load(st, shipment_id).await?;
    let docs = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: None,
            limit: 500,
            offset: 0,
        })
        .await?;
    let invoice: ds::Invoice =
        read(current_of(&docs, TradeDocumentKind::CommercialInvoice)).ok_or_else(|| {
            ApiError::from(ValidationErrors::single(
                "invoice",
                "no_invoice",
                "the shipment has no commercial invoice yet: generate the documents first",
            ))
        })?;
    let first = data
        .cx
        .items
        .first()
        .ok_or_else(|| ApiError::internal("a shipment carries at least one instruction"))?;
    let mut contract = sd::contract_for_set(
        &first.contract_number,
        &first.contract,
        data.seller.clone(),
        data.buyer.clone(),
        invoice.country_of_origin.clone(),
    );
    // The containers the order asked for, with the reefer set point its instruction gives
    // (the carrier's B/L is checked against it: BL-REEFER-SETPOINT).
    let shipping = &first.data.shipping;
    contract.container = shipping
        .container_type
        .as_ref()
        .map(|t| ds::ContainerRequirement {
            count: data
                .cx
                .items
                .iter()
                .filter_map(|c| c.data.shipping.container_count)
                .sum(),
            container_type: t.clone(),
            reefer_setpoint_c: shipping.reefer.as_ref().map(|r| r.set_point.0),
        });
    let lc = data
        .credit
        .as_ref()
        .map(|c| sd::credit_for_set(c, data.buyer.clone(), data.seller.clone()));
    let packing_list: Option<ds::PackingList> = read(current_of(&docs, TradeDocumentKind::PackingList));
    let bills_of_lading: Vec<ds::BillOfLading> = docs
        .iter()
        .filter(|d| d.kind == TradeDocumentKind::BillOfLading)
        .filter_map(|d| serde_json::from_value(d.doc.clone()).ok())
        .collect();
    let certificate_of_origin: Option<ds::CertificateOfOrigin> =
        read(current_of(&docs, TradeDocumentKind::CertificateOfOrigin));
    let phytosanitary_certificate: Option<ds::PhytosanitaryCertificate> =
        read(current_of(&docs, TradeDocumentKind::PhytosanitaryCertificate));
    let insurance_certificate: Option<ds::InsuranceCertificate> =
        read(current_of(&docs, TradeDocumentKind::InsuranceCertificate));
    let draft: Option<sd::BillOfExchange> = read(current_of(&docs, TradeDocumentKind::Draft));
    let conf = data.cx.booking_data.confirmation.as_ref();
    let shipping_advice = data.cx.data.advices.last().map(|a| ds::ShippingAdvice {
        date: a.sent_at.date_naive(),
        to: data.buyer.clone(),
        invoice_number: Some(invoice.number.clone()),
        invoice_amount: Some(invoice.total_amount),
        currency: Some(invoice.currency.clone()),
        bl_number: data.cx.data.bl_number.clone(),
        vessel: conf.map(|c| c.vessel.clone()),
        voyage: conf.map(|c| c.voyage.clone()),
        etd: conf.map(|c| c.etd),
        eta: conf.map(|c| c.eta),
        port_of_loading: invoice.port_of_loading.clone(),
        port_of_discharge: invoice.port_of_discharge.clone(),
        containers: data
            .cx
            .data
            .containers
            .iter()
            .map(|k| ds::ContainerSeal {
                number: k.number.to_string(),
                seal: (!k.seals.is_empty()).then(|| k.seals.join(" / ")),
            })
            .collect(),
        packages_total: invoice.packages_total,
        gross_weight_kg: invoice.gross_weight_kg,
        net_weight_kg: invoice.net_weight_kg,
        goods_description: invoice.lines.first().map(|l| l.description.clone()),
    });
    let mut documents = vec![count("INVOICE", 3, 0)];
    if packing_list.is_some() {
        documents.push(count("PACKING_LIST", 3, 0));
    }
    if !bills_of_lading.is_empty() {
        let o = bills_of_lading
            .iter()
            .filter_map(|b| b.originals_issued)
            .max()
            .unwrap_or(3);
        documents.push(count("BL", o, 0));
    }
    if certificate_of_origin.is_some() {
        documents.push(count("CO", 1, 0));
    }
    if phytosanitary_certificate.is_some() {
        documents.push(count("PHYTO", 1, 0));
    }
    if insurance_certificate.is_some() {
        documents.push(count("INSURANCE", 2, 0));
    }
    if draft.is_some() {
        documents.insert(0, count("DRAFT", 2, 0));
    }
    Ok(ds::DocumentSet {
        contract,
        lc,
        invoice,
        packing_list,
        bills_of_lading,
        certificate_of_origin,
        phytosanitary_certificate,
        insurance_certificate,
        shipping_advice,
        draft: draft.map(|d| d.draft),
        collection_instruction: None,
        presentation: ds::Presentation {
            date: st.clock.now().date_naive(),
            documents,
        },
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    pub shipment_id: Uuid,
    /// The received documents created or revised.
    pub documents: Vec<GeneratedDocument>,
}

/// Import a document set: its received documents (B/Ls, certificate of origin, phytosanitary
/// and insurance certificates) are recorded on the shipment, found by `shipment_id` or else by
/// the set's invoice number. Everything is checked before anything is written.
pub async fn import_set(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Option<Uuid>,
    body: &serde_json::Value,
) -> Result<ImportReport, ApiError> {
    let report = import_documents(st, me, shipment_id, body).await?;
    crate::document_checks::after_change(st, report.shipment_id).await;
    Ok(report)
}

async fn import_documents(
    st: &AppState,
    me: &CurrentUser,
    shipment_id: Option<Uuid>,
    body: &serde_json::Value,
) -> Result<ImportReport, ApiError> {
    if !td::may_check(me.user.role) {
        return Err(ApiError::forbidden("your role does not record documents"));
    }
    let set: ds::DocumentSet =
        serde_path_to_error::deserialize(body.clone()).map_err(|e| ApiError::from(shape_error("", e)))?;
    let shipment_id = match shipment_id {
        Some(id) => {
            st.store.shipment(id).await?;
            id
        }
        None => {
            let found = st
                .store
                .list_documents(&DocumentQuery {
                    shipment_id: None,
                    kind: Some(TradeDocumentKind::CommercialInvoice),
                    limit: 10_000,
                    offset: 0,
                })
                .await?
                .into_iter()
                .find(|d| d.number == set.invoice.number);
            match found {
                Some(d) => d.shipment_id,
                None => {
                    return Err(ValidationErrors::single(
                        "invoice.number",
                        "unknown_invoice",
                        format!(
                            "no shipment has invoice {}: name the shipment (?shipment_id=)",
                            set.invoice.number
                        ),
                    )
                    .into());
                }
            }
        }
    };
    // The set is this shipment's: its invoice, when the shipment has one, is the set's.
    let invoices = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: Some(TradeDocumentKind::CommercialInvoice),
            limit: 10,
            offset: 0,
        })
        .await?;
    if !invoices.is_empty() && !invoices.iter().any(|d| d.number == set.invoice.number) {
        return Err(ValidationErrors::single(
            "invoice.number",
            "invoice_mismatch",
            format!(
                "the set is of invoice {}, the shipment's invoice is {}",
                set.invoice.number, invoices[0].number
            ),
        )
        .into());
    }
    let mut items: Vec<(TradeDocumentKind, String, serde_json::Value, String)> = Vec::new();
    let mut errs = ValidationErrors::new();
    for (i, b) in set.bills_of_lading.iter().enumerate() {
        if b.number.trim().is_empty() {
            errs.push(
                format!("bills_of_lading[{i}].number"),
                "required",
                "a B/L carries its number",
            );
        }
        items.push((
            TradeDocumentKind::BillOfLading,
            b.number.trim().to_string(),
            to_value(b)?,
            format!("bills_of_lading[{i}]"),
        ));
    }
    let mut one =
        |kind: TradeDocumentKind, field: &str, number: Option<&String>, v: serde_json::Value| match number
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            Some(n) => items.push((kind, n.to_string(), v, field.to_string())),
            None => errs.push(
                format!("{field}.number"),
                "required",
                "a received certificate carries its number",
            ),
        };
    if let Some(c) = &set.certificate_of_origin {
        one(
            TradeDocumentKind::CertificateOfOrigin,
            "certificate_of_origin",
            c.number.as_ref(),
            to_value(c)?,
        );
    }
    if let Some(c) = &set.phytosanitary_certificate {
        one(
            TradeDocumentKind::PhytosanitaryCertificate,
            "phytosanitary_certificate",
            c.number.as_ref(),
            to_value(c)?,
        );
    }
    if let Some(c) = &set.insurance_certificate {
        one(
            TradeDocumentKind::InsuranceCertificate,
            "insurance_certificate",
            c.number.as_ref(),
            to_value(c)?,
        );
    }
    // Each number once in the set, at most 60 characters.
    for (i, (kind, number, _, field)) in items.iter().enumerate() {
        if number.chars().count() > 60 {
            errs.push(format!("{field}.number"), "too_long", "at most 60 characters");
        }
        if items[..i].iter().any(|(k, n, _, _)| k == kind && n == number) {
            errs.push(
                format!("{field}.number"),
                "duplicate_in_set",
                format!("{} {number} is in the set twice", kind.as_str()),
            );
        }
    }
    // A number already recorded on another shipment is not filed here.
    for (kind, number, _, field) in &items {
        let elsewhere = st
            .store
            .list_documents(&DocumentQuery {
                shipment_id: None,
                kind: Some(*kind),
                limit: 10_000,
                offset: 0,
            })
            .await?
            .into_iter()
            .any(|d| d.number == *number && d.shipment_id != shipment_id);
        if elsewhere {
            errs.push(
                format!("{field}.number"),
                "number_elsewhere",
                format!("{} {number} belongs to another shipment", kind.as_str()),
            );
        }
    }
    // A document already sent is not changed: refuse the whole set before writing anything.
    let existing = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: None,
            limit: 500,
            offset: 0,
        })
        .await?;
    for (kind, number, v, field) in &items {
        if let Some(d) = existing.iter().find(|d| d.kind == *kind && d.number == *number)
            && d.sent_at.is_some()
            && gendan_store::flatten(&d.doc) != gendan_store::flatten(v)
        {
            errs.push(
                field.clone(),
                "already_sent",
                format!("{} {number} was sent: it is not changed", kind.as_str()),
            );
        }
    }
    errs.into_result()?;
    let mut documents = Vec::new();
    for (kind, number, v, _) in items {
        let before = st
            .store
            .list_documents(&DocumentQuery {
                shipment_id: Some(shipment_id),
                kind: Some(kind),
                limit: 100,
                offset: 0,
            })
            .await?
            .into_iter()
            .find(|d| d.number == number);
        let rec = store_received(st, me, shipment_id, kind, &number, v).await?;
        documents.push(GeneratedDocument {
            kind,
            outcome: match before {
                None => Outcome::Created,
                Some(b) if b.revision == rec.revision => Outcome::Unchanged,
                Some(_) => Outcome::Revised,
            },
            id: Some(rec.id),
            number: Some(rec.number),
            revision: Some(rec.revision),
            reason: None,
        });
    }
    Ok(ImportReport {
        shipment_id,
        documents,
    })
}

// ---------------------------------------------------------------- helpers for views

/// `Bill of lading` / `提单`.
pub fn kind_label(i: &crate::i18n::I18n, kind: TradeDocumentKind) -> String {
    i.t(&format!("doc-kind-{}", kind.as_str()))
}

pub fn country_label(code: &str) -> String {
    CountryCode::parse(code)
        .map(|c| country_name(c).to_string())
        .unwrap_or_else(|_| code.to_string())
}

pub fn money_text(d: Decimal) -> String {
    grouped(d)
}
