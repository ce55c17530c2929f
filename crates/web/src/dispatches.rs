//! Dispatch of a shipment's documents (寄单), issue 9: by courier with the air waybill
//! checked against the carrier's format, through the banks with an export collection
//! instruction (出口托收委托书, URC 522), or as an L/C presentation with the days left.
//!
//! A dispatch is refused while the cross-check of the set has an open blocking finding (a
//! sales manager's override closes one, issue 8); originals go once (checked under the
//! shipment's row lock against every dispatch not returned). Each step — sent, received,
//! accepted, paid, returned — is kept with its date, and the telex or sea waybill release is
//! recorded once the buyer's balance is paid. Every step may move a due date, so the orders
//! of the shipment are checked for closing after it.

use chrono::NaiveDate;
use gendan_domain::ValidationErrors;
use gendan_domain::dispatch::{
    CollectionInstructionInput, Courier, DispatchState, OriginalsSent, PresentationWindow, check_originals,
    presentation_window,
};
use gendan_domain::document_set as ds;
use gendan_domain::payment::{PaymentMethod, PaymentTrigger};
use gendan_domain::trade_document::TradeDocumentKind;
use gendan_store::{DispatchEvent, DispatchRecord, DocumentQuery, DocumentRecord, NewDispatch};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;

pub const KINDS: [&str; 3] = ["courier", "collection", "lc_presentation"];

/// One document in a dispatch: how many originals and copies go.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchDocumentInput {
    pub document_id: Option<Uuid>,
    #[serde(default)]
    pub originals: u32,
    #[serde(default)]
    pub copies: u32,
}

/// A new dispatch as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDispatchInput {
    pub shipment_id: Option<Uuid>,
    /// `courier`, `collection` (through the banks) or `lc_presentation`.
    #[serde(default)]
    pub kind: String,
    /// `dhl`, `tnt`, `fedex`, `ups`, `ems`, `sf` (required for `courier`).
    #[serde(default)]
    pub courier: Option<String>,
    /// The air waybill number, when known now (else on the step to `sent`).
    #[serde(default)]
    pub waybill: Option<String>,
    /// To whom (name and address) for a courier; the bank for a presentation.
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub documents: Vec<DispatchDocumentInput>,
    /// The export collection instruction (required for `collection`); its documents are
    /// the dispatch's.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub collection: Option<CollectionInstructionInput>,
    #[serde(default)]
    pub note: Option<String>,
    /// A sales manager sends the B/L originals to the buyer before the money is in (or
    /// outside the banks under documentary terms) with this reason.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// A step of a dispatch.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchStepInput {
    /// `sent`, `received`, `accepted`, `paid`, `returned`.
    #[serde(default)]
    pub to: String,
    /// The day it happened (default today; never in the future).
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub courier: Option<String>,
    #[serde(default)]
    pub waybill: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The cargo released to the buyer without original B/Ls once paid.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseInput {
    /// `telex_release` (电放) or `sea_waybill` (海运单).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

/// A document as a dispatch names it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DispatchedDocument {
    pub document_id: Uuid,
    pub kind: String,
    pub number: String,
    pub originals: u32,
    pub copies: u32,
}

/// A dispatch as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DispatchView {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub shipment_number: String,
    pub kind: String,
    pub state: String,
    pub version: i64,
    pub courier: Option<String>,
    pub waybill: Option<String>,
    pub recipient: Option<String>,
    pub documents: Vec<DispatchedDocument>,
    #[schema(value_type = Option<Object>)]
    pub collection: Option<CollectionInstructionInput>,
    /// For an L/C presentation: the last day and the days left (as of today).
    #[schema(value_type = Option<Object>)]
    pub presentation: Option<PresentationWindow>,
    pub letter_of_credit_number: Option<String>,
    /// The day each state was reached.
    #[schema(value_type = Object)]
    pub dates: serde_json::Value,
    #[schema(value_type = Option<Object>)]
    pub release: Option<serde_json::Value>,
    pub note: Option<String>,
    /// The B/L originals sent before payment on a sales manager's decision: who, why.
    #[schema(value_type = Option<Object>)]
    pub overridden: Option<serde_json::Value>,
    /// The states it may go to next.
    pub next: Vec<String>,
    pub events: Vec<DispatchEventView>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DispatchEventView {
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: Option<String>,
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl From<DispatchEvent> for DispatchEventView {
    fn from(e: DispatchEvent) -> Self {
        DispatchEventView {
            from_state: e.from_state,
            to_state: e.to_state,
            note: e.note,
            by: e.by,
            at: e.at,
        }
    }
}

fn parse_state(s: &str) -> Option<DispatchState> {
    [
        DispatchState::Prepared,
        DispatchState::Sent,
        DispatchState::Received,
        DispatchState::Accepted,
        DispatchState::Paid,
        DispatchState::Returned,
    ]
    .into_iter()
    .find(|x| x.as_str() == s.trim())
}

const STATES: [&str; 6] = ["prepared", "sent", "received", "accepted", "paid", "returned"];

fn text(errs: &mut ValidationErrors, field: &str, v: &Option<String>, max: usize) -> Option<String> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if v.chars().count() > max {
        errs.push(field, "too_long", format!("at most {max} characters"));
        return None;
    }
    Some(v.to_string())
}

fn day(errs: &mut ValidationErrors, field: &str, v: &Option<String>, today: NaiveDate) -> NaiveDate {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => match s.parse::<NaiveDate>() {
            Ok(d) if d > today => {
                errs.push(field, "future_date", format!("{d} has not come yet"));
                today
            }
            Ok(d) => d,
            Err(_) => {
                errs.push(field, "invalid_date", "a date as YYYY-MM-DD");
                today
            }
        },
    }
}

/// The originals a document has: as issued (B/L, insurance), else as the contract or credit
/// requires them, else one.
fn issued_originals(d: &DocumentRecord, required: &[(String, u32)]) -> u32 {
    if let Some(n) = d.doc.get("originals_issued").and_then(|v| v.as_u64()) {
        return n as u32;
    }
    if d.kind == TradeDocumentKind::Draft {
        return 2;
    }
    required
        .iter()
        .filter(|(k, _)| k == d.kind.as_str())
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(1)
        .max(1)
}

async fn set_documents(st: &AppState, shipment_id: Uuid) -> Result<Vec<DocumentRecord>, ApiError> {
    Ok(st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: None,
            limit: 500,
            offset: 0,
        })
        .await?)
}

fn earlier_originals(all: &[DispatchRecord]) -> Vec<(DispatchState, Vec<OriginalsSent>)> {
    all.iter()
        .map(|d| {
            let state = parse_state(&d.state).unwrap_or(DispatchState::Prepared);
            let docs: Vec<DispatchedDocument> =
                serde_json::from_value(d.doc.get("documents").cloned().unwrap_or_default())
                    .unwrap_or_default();
            (
                state,
                docs.into_iter()
                    .map(|x| OriginalsSent {
                        document: x.document_id.to_string(),
                        originals: x.originals,
                        copies: x.copies,
                    })
                    .collect(),
            )
        })
        .collect()
}

/// A document of the set as the dispatch form offers it.
pub struct SetDoc {
    pub k: usize,
    pub error: String,
    pub id: Uuid,
    pub kind: String,
    pub kind_name: String,
    pub number: String,
    pub state: String,
    pub originals: u32,
    pub copies: u32,
}

/// The dispatch form pre-filled from the set: the documents with the originals the credit or
/// contract asks for, the collection instruction from our company, our bank, the buyer and
/// the draft.
pub async fn defaults(
    st: &AppState,
    shipment_id: Uuid,
) -> Result<(NewDispatchInput, Vec<SetDoc>, bool), ApiError> {
    let set = crate::trade_documents::load(st, shipment_id).await?;
    let docs = crate::trade_documents::list(st, Some(shipment_id), None).await?;
    let required = |kind: &str| -> (u32, u32) {
        set.cx
            .items
            .iter()
            .flat_map(|c| c.contract.documents.iter())
            .chain(set.credit.iter().flat_map(|l| l.documents.iter()))
            .filter(|d| d.kind.as_str() == kind)
            .map(|d| (u32::from(d.originals), u32::from(d.copies)))
            .next_back()
            .unwrap_or((0, 0))
    };
    let mut rows = Vec::new();
    let mut input = NewDispatchInput {
        shipment_id: Some(shipment_id),
        kind: if set.credit.is_some() {
            "lc_presentation".into()
        } else {
            "courier".into()
        },
        courier: Some("dhl".into()),
        ..Default::default()
    };
    for d in &docs {
        // The applications and the shipping instruction stay with us.
        if matches!(
            d.kind,
            TradeDocumentKind::ShippingInstruction
                | TradeDocumentKind::CertificateOfOriginApplication
                | TradeDocumentKind::PhytosanitaryApplication
                | TradeDocumentKind::InsuranceDeclaration
        ) {
            continue;
        }
        let (o, c) = required(d.kind.as_str());
        let originals = d
            .data
            .get("originals_issued")
            .and_then(|v| v.as_u64())
            .map(|n| n as u32)
            .unwrap_or(o.max(1));
        rows.push(SetDoc {
            k: rows.len(),
            error: String::new(),
            id: d.id,
            kind: d.kind.as_str().into(),
            kind_name: String::new(),
            number: d.number.clone(),
            state: d.state.as_str().into(),
            originals,
            copies: c,
        });
        input.documents.push(DispatchDocumentInput {
            document_id: Some(d.id),
            originals,
            copies: c,
        });
    }
    let draft = docs.iter().find(|d| d.kind == TradeDocumentKind::Draft);
    let terms = set.cx.items.first().map(|c| c.contract.payment_terms.clone());
    let da_days = terms.as_ref().and_then(|t| {
        t.instalments().iter().find_map(|i| match (i.method, i.trigger) {
            (PaymentMethod::Da { .. }, PaymentTrigger::DaysAfterBlDate { days }) => Some((days, "B/L DATE")),
            (PaymentMethod::Da { days }, _) => Some((days, "SIGHT")),
            _ => None,
        })
    });
    let bank = set.company.bank_accounts.first();
    let ci = gendan_domain::dispatch::CollectionInstructionInput {
        remitting_bank: gendan_domain::dispatch::BankInput {
            name: bank.map(|b| b.bank_name.clone()).unwrap_or_default(),
            address: bank.and_then(|b| b.bank_address.clone()).unwrap_or_default(),
            bic: bank
                .and_then(|b| b.swift.as_ref().map(|s| s.to_string()))
                .unwrap_or_default(),
        },
        collecting_bank: Default::default(),
        principal: gendan_domain::dispatch::PartyInput {
            name: set.company.name_en.clone(),
            address: set.company.address_en.clone(),
        },
        drawee: gendan_domain::dispatch::PartyInput {
            name: set.buyer.name.clone(),
            address: [
                set.buyer.address.clone(),
                crate::trade_documents::country_label(&set.buyer.country).to_uppercase(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        },
        currency: draft
            .and_then(|d| d.data.get("currency").and_then(|v| v.as_str()).map(String::from))
            .unwrap_or_default(),
        amount: draft
            .and_then(|d| {
                d.data
                    .get("amount")
                    .map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string()))
            })
            .unwrap_or_default(),
        release: if da_days.is_some() {
            "D/A".into()
        } else {
            "D/P".into()
        },
        tenor: match da_days {
            Some((n, from)) => format!("{n} DAYS AFTER {from}"),
            None => "AT SIGHT".into(),
        },
        charges: "drawee".into(),
        protest: false,
        case_of_need: None,
        interest: None,
        documents: Vec::new(),
    };
    if terms.is_some_and(|t| {
        t.instalments().iter().any(|i| {
            matches!(
                i.method,
                gendan_domain::payment::PaymentMethod::Dp | gendan_domain::payment::PaymentMethod::Da { .. }
            )
        })
    }) && set.credit.is_none()
    {
        input.kind = "collection".into();
    }
    input.collection = Some(ci);
    Ok((input, rows, set.credit.is_some()))
}

/// Record a dispatch of a shipment's documents (prepared).
pub async fn create(
    st: &AppState,
    me: &CurrentUser,
    input: &NewDispatchInput,
) -> Result<DispatchView, ApiError> {
    let mut errs = ValidationErrors::new();
    let today = st.clock.today();
    let Some(shipment_id) = input.shipment_id else {
        return Err(
            ValidationErrors::single("shipment_id", "required", "the shipment whose documents go").into(),
        );
    };
    let set = crate::trade_documents::load(st, shipment_id).await?;
    let kind = input.kind.trim();
    if !KINDS.contains(&kind) {
        errs.push("kind", "invalid_choice", "courier, collection or lc_presentation");
    }
    let courier = match text(&mut errs, "courier", &input.courier, 20) {
        Some(c) => match Courier::parse(&c) {
            Some(c) => Some(c),
            None => {
                errs.push("courier", "invalid_choice", "dhl, tnt, fedex, ups, ems or sf");
                None
            }
        },
        None if kind == "courier" => {
            errs.push("courier", "required", "which courier takes the documents");
            None
        }
        None => None,
    };
    let waybill = match (courier, text(&mut errs, "waybill", &input.waybill, 40)) {
        (Some(c), Some(w)) => match c.check_waybill(&w) {
            Ok(w) => Some(w),
            Err(why) => {
                errs.push("waybill", "invalid_waybill", why);
                None
            }
        },
        (None, Some(w)) => Some(w),
        (_, None) => None,
    };
    let recipient = text(&mut errs, "recipient", &input.recipient, 500);
    let note = text(&mut errs, "note", &input.note, 1000);
    // The documents, which must be the set's.
    let docs = set_documents(st, shipment_id).await?;
    let required: Vec<(String, u32)> = set
        .cx
        .items
        .iter()
        .flat_map(|c| c.contract.documents.iter())
        .map(|d| (d.kind.as_str().to_string(), u32::from(d.originals)))
        .chain(
            set.credit
                .iter()
                .flat_map(|l| l.documents.iter())
                .map(|d| (d.kind.as_str().to_string(), u32::from(d.originals))),
        )
        .collect();
    if input.documents.is_empty() {
        errs.push(
            "documents",
            "required",
            "the documents that go, with originals and copies",
        );
    }
    let mut chosen = Vec::new();
    for (k, d) in input.documents.iter().enumerate() {
        let Some(rec) = d.document_id.and_then(|id| docs.iter().find(|x| x.id == id)) else {
            errs.push(
                format!("documents[{k}].document_id"),
                "unknown_document",
                "not a document of this shipment's set",
            );
            continue;
        };
        if d.originals == 0 && d.copies == 0 {
            errs.push(
                format!("documents[{k}]"),
                "nothing_enclosed",
                "originals or copies",
            );
        }
        if d.originals > 10 || d.copies > 20 {
            errs.push(
                format!("documents[{k}]"),
                "out_of_range",
                "at most 10 originals and 20 copies",
            );
        }
        chosen.push((
            DispatchedDocument {
                document_id: rec.id,
                kind: rec.kind.as_str().to_string(),
                number: rec.number.clone(),
                originals: d.originals,
                copies: d.copies,
            },
            issued_originals(rec, &required),
        ));
    }
    // Through the banks: the instruction checked field by field, the amount the draft's.
    let mut collection = None;
    if kind == "collection" {
        match &input.collection {
            None => errs.push(
                "collection",
                "required",
                "the export collection instruction (URC 522)",
            ),
            Some(ci) => {
                let draft = docs.iter().find(|d| d.kind == TradeDocumentKind::Draft);
                match draft.and_then(|d| serde_json::from_value::<ds::Draft>(d.doc.clone()).ok()) {
                    None => errs.push(
                        "collection.amount",
                        "no_draft",
                        "the set has no draft (bill of exchange): generate the documents first",
                    ),
                    Some(dr) => {
                        let mut ci = ci.clone();
                        ci.documents = chosen
                            .iter()
                            .map(|(d, _)| OriginalsSent {
                                document: format!("{} {}", d.kind, d.number),
                                originals: d.originals,
                                copies: d.copies,
                            })
                            .collect();
                        match ci.validate(dr.amount, &dr.currency) {
                            Ok(()) => collection = Some(ci),
                            Err(e) => errs.nest("collection", e),
                        }
                    }
                }
            }
        }
    } else if input.collection.is_some() {
        errs.push(
            "collection",
            "not_a_collection",
            "only a dispatch through the banks has a collection instruction",
        );
    }
    // As an L/C presentation: the days left.
    let mut presentation = None;
    let mut lc_number = None;
    if kind == "lc_presentation" {
        match &set.credit {
            None => errs.push(
                "kind",
                "no_credit",
                "the shipment's contract has no letter of credit",
            ),
            Some(lc) => {
                lc_number = Some(lc.number.clone());
                let bl = set.cx.data.on_board();
                match bl {
                    None => errs.push("kind", "not_shipped", "no on-board date yet: nothing to present"),
                    Some(bl) => {
                        presentation = presentation_window(
                            bl,
                            Some(u32::from(lc.presentation_days)),
                            lc.expiry_date,
                            &[],
                            today,
                        );
                    }
                }
            }
        }
    }
    // Through the banks, the release the terms ask for.
    let terms: Vec<&gendan_domain::payment::PaymentTerms> =
        set.cx.items.iter().map(|c| &c.contract.payment_terms).collect();
    let wants_da = terms
        .iter()
        .flat_map(|t| t.instalments())
        .any(|i| matches!(i.method, PaymentMethod::Da { .. }));
    let wants_dp = terms
        .iter()
        .flat_map(|t| t.instalments())
        .any(|i| matches!(i.method, PaymentMethod::Dp));
    if let Some(ci) = &collection {
        let release = ci.release.trim().to_ascii_uppercase();
        if (wants_da && !wants_dp && release != "D/A") || (wants_dp && !wants_da && release != "D/P") {
            errs.push(
                "collection.release",
                "release_differs_from_terms",
                format!(
                    "the contract's terms are {}",
                    if wants_da { "D/A" } else { "D/P" }
                ),
            );
        }
    }
    let override_reason = text(&mut errs, "override_reason", &input.override_reason, 1000);
    errs.into_result()?;
    // The cross-check must be clean of open blocking findings.
    let mut check = crate::document_checks::latest(st, shipment_id).await?;
    if check.run.is_none()
        && let Some(v) = crate::document_checks::run(st, shipment_id, "dispatch").await?
    {
        check = v;
    }
    if check.blocking > 0 {
        return Err(ValidationErrors::single(
            "documents",
            "blocking_findings",
            format!(
                "the cross-check has {} open blocking finding(s): correct the documents, or a sales manager overrides them with a reason",
                check.blocking
            ),
        )
        .into());
    }
    // Originals that went already, named before anything else (checked again under the lock).
    let earlier = st.store.list_dispatches(Some(shipment_id), 1000).await?;
    let issued_now: Vec<(String, u32)> = chosen
        .iter()
        .map(|(d, n)| (d.document_id.to_string(), *n))
        .collect();
    let sent_now: Vec<OriginalsSent> = chosen
        .iter()
        .map(|(d, _)| OriginalsSent {
            document: d.document_id.to_string(),
            originals: d.originals,
            copies: d.copies,
        })
        .collect();
    check_originals(&issued_now, &earlier_originals(&earlier), &sent_now)?;
    // The B/L originals are the goods: by courier to the buyer only once paid, and never
    // around the banks under documentary terms — unless a sales manager decides so.
    let mut overridden = None;
    if kind == "courier"
        && chosen
            .iter()
            .any(|(d, _)| d.kind == "bill_of_lading" && d.originals > 0)
    {
        let mut why = Vec::new();
        if terms
            .iter()
            .flat_map(|t| t.instalments())
            .any(|i| i.method.is_documentary())
        {
            why.push(
                "the terms are documentary (D/P, D/A or L/C): the originals go through the banks".to_string(),
            );
        }
        for c in set
            .cx
            .items
            .iter()
            .map(|c| c.contract_id)
            .collect::<std::collections::BTreeSet<_>>()
        {
            let f = crate::receivables::order_facts(st, c).await?;
            let entries = st.store.receivable_entries(Some(f.buyer.id), Some(c)).await?;
            let o = crate::receivables::order_receivables(&f, &entries, today);
            if o.open.amount > Decimal::ZERO {
                why.push(format!("{} is still open on {}", o.open, o.contract_number));
            }
        }
        if !why.is_empty() {
            let manager = matches!(
                me.user.role,
                gendan_domain::role::Role::SalesManager | gendan_domain::role::Role::Admin
            );
            match (&override_reason, manager) {
                (Some(r), true) => {
                    overridden =
                        Some(serde_json::json!({"by": me.user.display_name, "reason": r, "why": why}))
                }
                (Some(_), false) => {
                    return Err(ValidationErrors::single(
                        "override_reason",
                        "override_not_allowed",
                        "only a sales manager sends the originals before payment",
                    )
                    .into());
                }
                (None, _) => {
                    return Err(ValidationErrors::single(
                        "documents",
                        "originals_before_payment",
                        format!("the B/L originals give control of the goods: {}", why.join("; ")),
                    )
                    .into());
                }
            }
        }
    }
    let issued: Vec<(String, u32)> = chosen
        .iter()
        .map(|(d, n)| (d.document_id.to_string(), *n))
        .collect();
    let now: Vec<OriginalsSent> = chosen
        .iter()
        .map(|(d, _)| OriginalsSent {
            document: d.document_id.to_string(),
            originals: d.originals,
            copies: d.copies,
        })
        .collect();
    let documents: Vec<DispatchedDocument> = chosen.into_iter().map(|(d, _)| d).collect();
    let doc = serde_json::json!({
        "courier": courier.map(|c| c.as_str()),
        "waybill": waybill,
        "recipient": recipient,
        "documents": documents,
        "collection": collection,
        "letter_of_credit_number": lc_number,
        "presentation": presentation,
        "expiry": presentation.and_then(|w| today.checked_add_signed(chrono::Duration::days(w.days_to_expiry))),
                "note": note,
        "override": overridden,
        "dates": {"prepared": today.to_string()},
        "cross_check": {"run_id": check.run.as_ref().map(|r| r.id), "blocking": check.blocking, "warnings": check.warnings},
    });
    let rule = move |earlier: &[DispatchRecord]| check_originals(&issued, &earlier_originals(earlier), &now);
    let rec = st
        .store
        .create_dispatch(
            NewDispatch {
                shipment_id,
                kind: kind.to_string(),
                doc,
            },
            &me.user.display_name,
            &rule,
            &me.write_context(st),
        )
        .await?;
    view(st, rec).await
}

pub async fn view(st: &AppState, rec: DispatchRecord) -> Result<DispatchView, ApiError> {
    let shipment_number = st
        .store
        .shipment(rec.shipment_id)
        .await
        .map(|s| s.number)
        .unwrap_or_default();
    let events = st.store.dispatch_events(rec.id).await?;
    let state = parse_state(&rec.state);
    let next = STATES
        .iter()
        .filter(|s| state.is_some_and(|from| parse_state(s).is_some_and(|to| from.may_become(to))))
        .map(|s| s.to_string())
        .collect();
    let g = |k: &str| rec.doc.get(k).and_then(|v| v.as_str()).map(String::from);
    // The window as of today (it moves with the calendar).
    let presentation = match rec.doc.get("presentation") {
        Some(p) if !p.is_null() => serde_json::from_value::<PresentationWindow>(p.clone())
            .ok()
            .map(|w| {
                let today = st.clock.today();
                let expiry = rec
                    .doc
                    .get("expiry")
                    .and_then(|e| e.as_str())
                    .and_then(|e| e.parse::<NaiveDate>().ok());
                PresentationWindow {
                    days_left: (w.last_day - today).num_days(),
                    days_to_expiry: expiry.map_or(w.days_to_expiry, |e| (e - today).num_days()),
                    ..w
                }
            }),
        _ => None,
    };
    Ok(DispatchView {
        id: rec.id,
        shipment_id: rec.shipment_id,
        shipment_number,
        kind: rec.kind.clone(),
        state: rec.state.clone(),
        version: rec.version,
        courier: g("courier"),
        waybill: g("waybill"),
        recipient: g("recipient"),
        documents: serde_json::from_value(rec.doc.get("documents").cloned().unwrap_or_default())
            .unwrap_or_default(),
        collection: rec
            .doc
            .get("collection")
            .filter(|v| !v.is_null())
            .and_then(|v| serde_json::from_value(v.clone()).ok()),
        presentation,
        letter_of_credit_number: g("letter_of_credit_number"),
        dates: rec.doc.get("dates").cloned().unwrap_or_default(),
        release: rec.doc.get("release").filter(|v| !v.is_null()).cloned(),
        note: g("note"),
        overridden: rec.doc.get("override").filter(|v| !v.is_null()).cloned(),
        next,
        events: events.into_iter().map(Into::into).collect(),
        created_at: rec.created_at,
    })
}

pub async fn get(st: &AppState, id: Uuid) -> Result<DispatchView, ApiError> {
    let rec = st.store.dispatch(id).await?;
    view(st, rec).await
}

pub async fn list(
    st: &AppState,
    shipment_id: Option<Uuid>,
    limit: u32,
) -> Result<Vec<DispatchView>, ApiError> {
    let mut out = Vec::new();
    for d in st.store.list_dispatches(shipment_id, limit).await? {
        out.push(view(st, d).await?);
    }
    Ok(out)
}

/// The orders a shipment carries goods of.
async fn contracts_of(st: &AppState, shipment_id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    let cx = crate::shipments::shipment_context(st, shipment_id).await?;
    let mut ids: Vec<Uuid> = cx.items.iter().map(|c| c.contract_id).collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Move a dispatch on: sent (with the waybill for a courier), received, accepted, paid, or
/// returned; the day it happened is kept.
pub async fn step(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &DispatchStepInput,
) -> Result<DispatchView, ApiError> {
    let mut errs = ValidationErrors::new();
    let rec = st.store.dispatch(id).await?;
    let to = parse_state(&input.to);
    if to.is_none() {
        errs.push(
            "to",
            "invalid_choice",
            "sent, received, accepted, paid or returned",
        );
    }
    let date = day(&mut errs, "date", &input.date, st.clock.today());
    // A step does not happen before the one it follows.
    let latest = rec
        .doc
        .get("dates")
        .and_then(|d| d.as_object())
        .into_iter()
        .flat_map(|m| m.iter())
        // Recording the dispatch may come after the fact; the steps after it keep their order.
        .filter(|(k, _)| k.as_str() != "prepared")
        .filter_map(|(_, v)| v.as_str().and_then(|s| s.parse::<NaiveDate>().ok()))
        .max();
    if let Some(l) = latest
        && date < l
    {
        errs.push(
            "date",
            "before_previous_step",
            format!("the previous step was on {l}"),
        );
    }
    let note = text(&mut errs, "note", &input.note, 1000);
    let mut doc = rec.doc.clone();
    if let Some(c) = text(&mut errs, "courier", &input.courier, 20) {
        match Courier::parse(&c) {
            Some(c) => doc["courier"] = c.as_str().into(),
            None => errs.push("courier", "invalid_choice", "dhl, tnt, fedex, ups, ems or sf"),
        }
    }
    if let Some(w) = text(&mut errs, "waybill", &input.waybill, 40) {
        match doc
            .get("courier")
            .and_then(|c| c.as_str())
            .and_then(Courier::parse)
        {
            Some(c) => match c.check_waybill(&w) {
                Ok(w) => doc["waybill"] = w.into(),
                Err(why) => errs.push("waybill", "invalid_waybill", why),
            },
            None => doc["waybill"] = w.into(),
        }
    }
    if to == Some(DispatchState::Sent)
        && rec.kind == "courier"
        && doc
            .get("waybill")
            .and_then(|w| w.as_str())
            .is_none_or(str::is_empty)
    {
        errs.push("waybill", "required", "the air waybill number of the courier");
    }
    errs.into_result()?;
    let to = to.expect("checked");
    if !doc.get("dates").is_some_and(|d| d.is_object()) {
        doc["dates"] = serde_json::json!({});
    }
    doc["dates"][to.as_str()] = date.to_string().into();
    let rule = move |d: &DispatchRecord| {
        let from = parse_state(&d.state).unwrap_or(DispatchState::Prepared);
        if from.may_become(to) {
            Ok(())
        } else {
            Err(ValidationErrors::single(
                "to",
                "invalid_transition",
                format!(
                    "a dispatch that is {} cannot become {}",
                    from.as_str(),
                    to.as_str()
                ),
            ))
        }
    };
    let rec = st
        .store
        .step_dispatch(
            id,
            expected,
            to.as_str(),
            note.as_deref(),
            Some(doc),
            &me.user.display_name,
            &rule,
            &me.write_context(st),
        )
        .await?;
    for c in contracts_of(st, rec.shipment_id).await? {
        crate::receivables::close_if_done(st, c).await;
    }
    view(st, rec).await
}

/// Record the telex release (电放) or sea waybill release, only when every order of the
/// shipment is paid (nothing open).
pub async fn release(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &ReleaseInput,
) -> Result<DispatchView, ApiError> {
    let mut errs = ValidationErrors::new();
    let rec = st.store.dispatch(id).await?;
    let kind = input.kind.trim();
    if !matches!(kind, "telex_release" | "sea_waybill") {
        errs.push("kind", "invalid_choice", "telex_release or sea_waybill");
    }
    let reference = text(&mut errs, "reference", &input.reference, 100);
    let date = day(&mut errs, "date", &input.date, st.clock.today());
    if rec.doc.get("release").is_some_and(|r| !r.is_null()) {
        errs.push("kind", "already_released", "the release is recorded already");
    }
    errs.into_result()?;
    let mut open = Vec::new();
    for c in contracts_of(st, rec.shipment_id).await? {
        let f = crate::receivables::order_facts(st, c).await?;
        let entries = st.store.receivable_entries(Some(f.buyer.id), Some(c)).await?;
        let o = crate::receivables::order_receivables(&f, &entries, st.clock.today());
        if o.open.amount > Decimal::ZERO {
            open.push(format!("{} on {}", o.open, o.contract_number));
        }
    }
    if !open.is_empty() {
        return Err(ValidationErrors::single(
            "kind",
            "balance_open",
            format!(
                "{} still open: release the cargo once the balance is paid",
                open.join(", ")
            ),
        )
        .into());
    }
    let mut doc = rec.doc.clone();
    doc["release"] = serde_json::json!({
        "kind": kind,
        "reference": reference,
        "date": date.to_string(),
        "by": me.user.display_name,
    });
    let state = rec.state.clone();
    let same = |_: &DispatchRecord| Ok(());
    let rec = st
        .store
        .step_dispatch(
            id,
            expected,
            &state,
            Some(format!("{kind} {}", reference.unwrap_or_default()).trim()),
            Some(doc),
            &me.user.display_name,
            &same,
            &me.write_context(st),
        )
        .await?;
    view(st, rec).await
}

/// The export collection instruction (出口托收委托书) as the remitting bank expects it: the
/// banks with their BICs, principal and drawee with full addresses, the amount and currency,
/// D/P or D/A with the tenor, the documents enclosed with originals and copies, who pays the
/// charges, protest, case of need and interest, subject to URC 522.
pub async fn collection_pdf(st: &AppState, id: Uuid, lang: &str) -> Result<(String, Vec<u8>), ApiError> {
    use gendan_render::{FormColumn, FormDocument, FormField, FormParty, FormTable, TradeParty};
    let d = get(st, id).await?;
    let Some(ci) = d.collection.clone() else {
        return Err(ApiError::not_found("this dispatch has no collection instruction"));
    };
    let company = crate::trade::company(st).await?.company;
    let zh = lang.starts_with("zh");
    let l = |z: &str, e: &str| if zh { format!("{z} {e}") } else { e.to_string() };
    let image = |b: &Option<String>| {
        use base64::Engine;
        b.as_deref()
            .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
    };
    let lines = |s: &str| {
        s.lines()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let bank = |b: &gendan_domain::dispatch::BankInput| TradeParty {
        name: b.name.clone(),
        address_lines: {
            let mut v = lines(&b.address);
            v.push(format!("SWIFT BIC: {}", b.bic.trim().to_uppercase()));
            v
        },
    };
    let yes_no = |b: bool| if b { l("是", "YES") } else { l("否", "NO") };
    let doc = FormDocument {
        language: if zh { "zh".into() } else { "en".into() },
        title: l("出口托收委托书", "EXPORT COLLECTION INSTRUCTION"),
        issuer: TradeParty {
            name: company.name_en.clone(),
            address_lines: vec![company.address_en.clone()],
        },
        letterhead_png: image(&company.logo_png),
        number: d
            .documents
            .iter()
            .find(|x| x.kind == "commercial_invoice")
            .map(|x| x.number.clone())
            .unwrap_or_else(|| d.shipment_number.clone()),
        date: d
            .dates
            .get("prepared")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        references: vec![FormField::new(l("出运", "Shipment"), d.shipment_number.clone())],
        parties: vec![
            FormParty {
                label: l("托收行", "Remitting bank"),
                party: bank(&ci.remitting_bank),
            },
            FormParty {
                label: l("代收行", "Collecting bank"),
                party: bank(&ci.collecting_bank),
            },
            FormParty {
                label: l("委托人（出票人）", "Principal (drawer)"),
                party: TradeParty {
                    name: ci.principal.name.clone(),
                    address_lines: lines(&ci.principal.address),
                },
            },
            FormParty {
                label: l("付款人", "Drawee"),
                party: TradeParty {
                    name: ci.drawee.name.clone(),
                    address_lines: lines(&ci.drawee.address),
                },
            },
        ],
        fields: vec![
            FormField::new(
                l("金额", "Amount"),
                format!(
                    "{} {}",
                    ci.currency.trim().to_uppercase(),
                    ci.amount
                        .trim()
                        .parse::<Decimal>()
                        .map(crate::documents::grouped)
                        .unwrap_or_else(|_| ci.amount.clone())
                ),
            ),
            FormField::new(
                l("交单条件", "Release of documents"),
                format!("{} — {}", ci.release.trim().to_uppercase(), ci.tenor.trim().to_uppercase()),
            ),
            FormField::new(
                l("国外费用", "Charges outside the remitting country"),
                if ci.charges.trim().eq_ignore_ascii_case("drawee") {
                    l("由付款人承担", "FOR DRAWEE'S ACCOUNT")
                } else {
                    l("由委托人承担", "FOR DRAWER'S ACCOUNT")
                },
            ),
            FormField::new(l("拒付时作拒绝证书", "Protest for non-payment / non-acceptance"), yes_no(ci.protest)),
            FormField::new(l("需要时的代理", "Case of need"), ci.case_of_need.clone().unwrap_or_else(|| l("无", "NONE"))),
            FormField::new(l("利息", "Interest"), ci.interest.clone().unwrap_or_else(|| l("无", "NONE"))),
        ],
        table: Some(FormTable {
            title: Some(l("随附单据", "Documents enclosed")),
            columns: vec![
                FormColumn::text(l("单据", "Document")),
                FormColumn::text(l("编号", "Number")),
                FormColumn {
                    label: l("正本", "Originals"),
                    numeric: true,
                },
                FormColumn {
                    label: l("副本", "Copies"),
                    numeric: true,
                },
            ],
            rows: d
                .documents
                .iter()
                .map(|x| {
                    vec![
                        x.kind.replace('_', " ").to_uppercase(),
                        x.number.clone(),
                        x.originals.to_string(),
                        x.copies.to_string(),
                    ]
                })
                .collect(),
            totals: None,
        }),
        paragraphs: vec![FormField::new(
            l("指示", "Instructions"),
            format!(
                "{}\nPLEASE COLLECT THE ABOVE AMOUNT AGAINST {} AND REMIT THE PROCEEDS TO OUR ACCOUNT WITH YOU.\nSUBJECT TO THE UNIFORM RULES FOR COLLECTIONS, ICC PUBLICATION NO. 522.",
                if zh { "请按下列指示办理托收，适用国际商会第522号出版物《托收统一规则》。" } else { "" },
                if ci.release.trim().eq_ignore_ascii_case("D/A") {
                    "ACCEPTANCE (D/A)"
                } else {
                    "PAYMENT (D/P)"
                }
            )
            .trim()
            .to_string(),
        )],
        signatory: [Some(company.name_en.to_uppercase()), company.signatory.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n"),
        stamp_png: image(&company.stamp_png),
        signature_png: image(&company.signature_png),
        footer: format!("{} · {} · URC 522", company.name_en, d.shipment_number),
    };
    let bytes = crate::documents::render_with(move |r| r.render_form_pdf(&doc)).await?;
    Ok((format!("collection-instruction-{}.pdf", d.shipment_number), bytes))
}
