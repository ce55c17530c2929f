//! The use cases of issue 9 after the documents leave: receivables (应收) computed from each
//! contract's payment terms and the trade events recorded so far, receipts (收汇) applied to
//! instalments, short and over payments written off with a reason or carried as a credit,
//! reminders (催款) into the outbox and the work queues with escalation, and the order that
//! closes by itself (结案) when it is delivered, dispatched and paid.
//!
//! Nothing owed is stored: every view recomputes the schedule from the facts
//! (`gendan_domain::receivable::schedule`), so a changed event (a B/L date, a dispatch
//! accepted) moves the due dates at once. Receipts and ledger entries are stored facts,
//! posted under the customer's row lock after the whole ledger is checked.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use gendan_domain::ValidationErrors;
use gendan_domain::contract::{ContractAction, ContractState};
use gendan_domain::money::{Currency, Money};
use gendan_domain::party::Party;
use gendan_domain::receivable::{
    AgingBucket, LC_EXAMINATION_DAYS, ReceiptInput, Reminder, TradeEvents, allocate, open_reasons,
    reminders_on, schedule_on,
};
use gendan_domain::sales_contract::ContractData;
use gendan_domain::shipment::{BookingData, MilestoneKind, ShipmentData};
use gendan_store::{
    ContractQuery, ContractRecord, ContractStep, DispatchRecord, InstructionQuery, InstructionRecord, Ledger,
    NewOutboxMessage, NewReceipt, NewReceivableEntry, NewTask, ReceiptRecord, ReceivableEntry,
    ShipmentRecord, WriteContext,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::instructions::decode;

/// The company's base currency: receipts are converted into it at the bank's rate.
pub const BASE_CURRENCY: &str = "CNY";

pub fn base_currency() -> Currency {
    Currency::parse(BASE_CURRENCY).expect("CNY is ISO 4217")
}

/// Everything recorded about one order (a contract) that the receivables hang on.
pub struct OrderFacts {
    pub contract: ContractRecord,
    pub data: ContractData,
    pub buyer: Party,
    pub instructions: Vec<InstructionRecord>,
    pub shipments: Vec<(ShipmentRecord, ShipmentData)>,
    pub dispatches: Vec<DispatchRecord>,
    pub confirmed_on: Option<NaiveDate>,
    /// The earliest day a B/L of the order's shipments was marked sent as a document.
    pub bl_copy_sent: Option<NaiveDate>,
    /// Whether every active instruction of the contract is on a shipment.
    pub all_instructions_shipped: bool,
    /// Shipments whose set has a B/L (their dispatch must carry its originals, or the
    /// cargo be released by telex or sea waybill).
    pub shipments_with_bl: Vec<Uuid>,
    /// What was invoiced, once every instruction shipped on shipments of this contract
    /// alone, each with its commercial invoice (the receivables then follow the invoices).
    pub invoiced: Option<Money>,
    pub events: TradeEvents,
}

/// The date a dispatch reached `state` (the date the person gave, else the day recorded).
pub fn dispatch_date(d: &DispatchRecord, state: &str) -> Option<NaiveDate> {
    d.doc
        .get("dates")
        .and_then(|m| m.get(state))
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether a dispatch sends (a copy or an original of) the bill of lading.
fn sends_bl(d: &DispatchRecord) -> bool {
    d.doc
        .get("documents")
        .and_then(|v| v.as_array())
        .is_some_and(|docs| {
            docs.iter().any(|x| {
                x.get("kind").and_then(|k| k.as_str()) == Some("bill_of_lading")
                    && (x.get("originals").and_then(|n| n.as_u64()).unwrap_or(0) > 0
                        || x.get("copies").and_then(|n| n.as_u64()).unwrap_or(0) > 0)
            })
        })
}

/// Whether a dispatch sends originals of the bill of lading (control of the goods).
pub fn sends_bl_originals(d: &DispatchRecord) -> bool {
    d.doc
        .get("documents")
        .and_then(|v| v.as_array())
        .is_some_and(|docs| {
            docs.iter().any(|x| {
                x.get("kind").and_then(|k| k.as_str()) == Some("bill_of_lading")
                    && x.get("originals").and_then(|n| n.as_u64()).unwrap_or(0) > 0
            })
        })
}

/// The trade events of an order, each the earliest among its shipments (a second shipment
/// does not move an instalment already due).
fn trade_events(f: &OrderFacts) -> TradeEvents {
    let mut e = TradeEvents {
        contract_confirmed: f.confirmed_on,
        production_start: f
            .instructions
            .iter()
            .filter_map(|i| i.issued_at.map(|t| t.date_naive()))
            .min(),
        ..Default::default()
    };
    for (_, data) in &f.shipments {
        // The milestone as last recorded (a corrected date replaces the first one).
        let on = |k: MilestoneKind| {
            data.milestones
                .iter()
                .filter(|m| m.kind == k)
                .max_by_key(|m| m.recorded_at)
                .map(|m| m.date)
        };
        e.bl_date = earliest(e.bl_date, data.on_board());
        e.arrived = earliest(
            e.arrived,
            on(MilestoneKind::Arrived).or(on(MilestoneKind::Released)),
        );
    }
    for d in &f.dispatches {
        // A returned dispatch keeps what happened before it came back (a D/P presentation
        // the drawee refused was still presented).
        if sends_bl(d) && d.state != "returned" {
            e.copy_bl_sent = earliest(e.copy_bl_sent, dispatch_date(d, "sent"));
        }
        let presented = match d.kind.as_str() {
            // The nominated or issuing bank has the documents when we hand them over.
            "lc_presentation" => dispatch_date(d, "sent"),
            // The collecting bank presents them to the drawee on receipt (URC 522 art. 6).
            "collection" => dispatch_date(d, "received"),
            _ => None,
        };
        e.documents_presented = earliest(e.documents_presented, presented);
        e.accepted = earliest(e.accepted, dispatch_date(d, "accepted"));
    }
    // A copy of the B/L sent to the buyer as a document (by e-mail) counts too.
    e.copy_bl_sent = earliest(e.copy_bl_sent, f.bl_copy_sent);
    e
}

async fn shipments_of(
    st: &AppState,
    buyer_id: Uuid,
    instruction_ids: &[Uuid],
    cache: &mut HashMap<Uuid, Vec<(ShipmentRecord, BookingData)>>,
) -> Result<(Vec<(ShipmentRecord, ShipmentData)>, Vec<Uuid>, bool), ApiError> {
    if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(buyer_id) {
        let mut all = Vec::new();
        for s in st.store.customer_shipments(buyer_id).await? {
            if s.stage == "cancelled" {
                continue;
            }
            let b = st.store.booking(s.booking_id).await?;
            let bd: BookingData = decode(b.id, &b.doc)?;
            all.push((s, bd));
        }
        slot.insert(all);
    }
    let mut out = Vec::new();
    let mut carried = Vec::new();
    // Whether the shipments carry this contract's goods alone.
    let mut exclusive = true;
    for (s, b) in cache.get(&buyer_id).into_iter().flatten() {
        if b.request
            .instruction_ids
            .iter()
            .any(|i| instruction_ids.contains(i))
        {
            out.push((s.clone(), decode(s.id, &s.doc)?));
            carried.extend(b.request.instruction_ids.iter().copied());
            exclusive &= b
                .request
                .instruction_ids
                .iter()
                .all(|i| instruction_ids.contains(i));
        }
    }
    Ok((out, carried, exclusive))
}

async fn facts_with(
    st: &AppState,
    contract: ContractRecord,
    cache: &mut HashMap<Uuid, Vec<(ShipmentRecord, BookingData)>>,
) -> Result<OrderFacts, ApiError> {
    let data: ContractData = decode(contract.id, &contract.doc)?;
    let buyer = st.store.party(contract.buyer_id).await?;
    let instructions: Vec<InstructionRecord> = st
        .store
        .list_instructions(&InstructionQuery {
            contract_id: Some(contract.id),
            limit: 1000,
            ..Default::default()
        })
        .await?
        .into_iter()
        .filter(|i| i.state.as_str() != "cancelled")
        .collect();
    let ids: Vec<Uuid> = instructions.iter().map(|i| i.id).collect();
    let (shipments, carried, exclusive) = shipments_of(st, contract.buyer_id, &ids, cache).await?;
    let all_instructions_shipped = !ids.is_empty() && ids.iter().all(|i| carried.contains(i));
    let mut dispatches = Vec::new();
    let mut bl_copy_sent = None;
    let mut shipments_with_bl = Vec::new();
    let mut invoiced = (all_instructions_shipped && exclusive && !shipments.is_empty()).then_some(Money {
        amount: Decimal::ZERO,
        currency: data.currency,
    });
    for (s, _) in &shipments {
        if invoiced.is_some() {
            let inv = st
                .store
                .list_documents(&gendan_store::DocumentQuery {
                    shipment_id: Some(s.id),
                    kind: Some(gendan_domain::trade_document::TradeDocumentKind::CommercialInvoice),
                    limit: 5,
                    offset: 0,
                })
                .await?
                .into_iter()
                .next()
                .and_then(|d| serde_json::from_value::<gendan_domain::document_set::Invoice>(d.doc).ok())
                .filter(|i| i.currency.eq_ignore_ascii_case(data.currency.as_str()));
            invoiced = match (invoiced, inv) {
                (Some(m), Some(i)) => Some(Money {
                    amount: m.amount + i.total_amount,
                    currency: m.currency,
                }),
                _ => None,
            };
        }
        dispatches.extend(st.store.list_dispatches(Some(s.id), 1000).await?);
        let bls = st
            .store
            .list_documents(&gendan_store::DocumentQuery {
                shipment_id: Some(s.id),
                kind: Some(gendan_domain::trade_document::TradeDocumentKind::BillOfLading),
                limit: 50,
                offset: 0,
            })
            .await?;
        if !bls.is_empty() {
            shipments_with_bl.push(s.id);
        }
        for b in bls {
            bl_copy_sent = earliest(bl_copy_sent, b.sent_at.map(|t| t.date_naive()));
        }
    }
    let confirmed_on = st
        .store
        .contract_events(contract.id)
        .await?
        .iter()
        .filter(|e| e.to_state == "confirmed" && e.action == "confirm")
        .map(|e| e.at.date_naive())
        .min();
    let mut f = OrderFacts {
        contract,
        data,
        buyer,
        instructions,
        shipments,
        dispatches,
        confirmed_on,
        bl_copy_sent,
        all_instructions_shipped,
        shipments_with_bl,
        invoiced,
        events: TradeEvents::default(),
    };
    f.events = trade_events(&f);
    Ok(f)
}

pub async fn order_facts(st: &AppState, contract_id: Uuid) -> Result<OrderFacts, ApiError> {
    let c = st.store.contract(contract_id).await?;
    facts_with(st, c, &mut HashMap::new()).await
}

/// Whether a contract has receivables at all: once sent to the buyer and not cancelled.
fn receivable_state(s: ContractState) -> bool {
    matches!(
        s,
        ContractState::Sent | ContractState::Confirmed | ContractState::Closed
    )
}

/// One instalment as it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstalmentView {
    pub contract_id: Uuid,
    pub contract_number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    /// The instalment's position in the payment terms (what allocations name).
    pub index: usize,
    /// `30% T/T on contract`.
    pub wording: String,
    pub amount: Money,
    /// What it waits for (`contract_confirmed`, `bl_date`, `copy_bl_sent`,
    /// `documents_presented`, `acceptance`, …) and the days counted from it.
    pub basis: String,
    pub days_after: u32,
    /// None: the event has not happened yet.
    pub due: Option<NaiveDate>,
    pub paid: Money,
    pub written_off: Money,
    pub open: Money,
    /// Days past due while open (0 when not overdue).
    pub days_overdue: i64,
    /// `not_due`, `current`, `days_1_30`, `days_31_60`, `days_61_90`, `over_90`; `settled`.
    pub bucket: String,
    /// Part paid, the rest still open.
    pub short_paid: bool,
}

/// An order's receivables: the schedule with what was paid and written off, and why it is
/// still open.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderReceivables {
    pub contract_id: Uuid,
    pub contract_number: String,
    pub state: ContractState,
    pub customer_id: Uuid,
    pub customer_name: String,
    /// The contract's value.
    pub total: Money,
    /// What was invoiced, once all of it shipped on its own shipments; the instalments after
    /// shipment then follow it.
    pub invoiced: Option<Money>,
    pub paid: Money,
    pub written_off: Money,
    pub open: Money,
    pub overdue: Money,
    #[schema(value_type = Object)]
    pub events: TradeEvents,
    pub instalments: Vec<InstalmentView>,
    /// `shipments_not_delivered`, `documents_not_dispatched`, `receivables_open`; empty:
    /// the order may close.
    pub open_reasons: Vec<String>,
}

fn zero(c: Currency) -> Money {
    Money {
        amount: Decimal::ZERO,
        currency: c,
    }
}

fn add(m: &mut Money, d: Decimal) {
    m.amount += d;
}

/// The receivables of one order from its facts and its ledger entries.
pub fn order_receivables(f: &OrderFacts, entries: &[ReceivableEntry], today: NaiveDate) -> OrderReceivables {
    let total = f.data.total();
    let cur = total.currency;
    let lines = schedule_on(
        &f.data.payment_terms,
        total,
        f.invoiced,
        &f.events,
        LC_EXAMINATION_DAYS,
    );
    let mut out = OrderReceivables {
        contract_id: f.contract.id,
        contract_number: f.contract.number.clone(),
        state: f.contract.state,
        customer_id: f.buyer.id,
        customer_name: f.buyer.data.display_name().to_string(),
        total,
        invoiced: f.invoiced,
        paid: zero(cur),
        written_off: zero(cur),
        open: zero(cur),
        overdue: zero(cur),
        events: f.events,
        instalments: Vec::new(),
        open_reasons: Vec::new(),
    };
    for l in lines {
        let mine = |kind: &str| -> Decimal {
            entries
                .iter()
                .filter(|e| {
                    e.contract_id == Some(f.contract.id)
                        && e.instalment == Some(l.index as i64)
                        && e.kind == kind
                })
                .map(|e| e.amount.amount)
                .sum()
        };
        let (paid, written_off) = (mine("allocation"), mine("write_off"));
        let open = (l.amount.amount - paid - written_off).max(Decimal::ZERO);
        let days_overdue = match l.due {
            Some(d) if open > Decimal::ZERO && d < today => (today - d).num_days(),
            _ => 0,
        };
        let bucket = if open == Decimal::ZERO {
            "settled"
        } else {
            AgingBucket::of(l.due, today).as_str()
        };
        add(&mut out.paid, paid);
        add(&mut out.written_off, written_off);
        add(&mut out.open, open);
        if days_overdue > 0 {
            add(&mut out.overdue, open);
        }
        out.instalments.push(InstalmentView {
            contract_id: f.contract.id,
            contract_number: f.contract.number.clone(),
            customer_id: f.buyer.id,
            customer_name: f.buyer.data.display_name().to_string(),
            index: l.index,
            wording: l.instalment.english_wording(),
            amount: l.amount,
            basis: l.basis.as_str().to_string(),
            days_after: l.days_after,
            due: l.due,
            paid: Money {
                amount: paid,
                currency: cur,
            },
            written_off: Money {
                amount: written_off,
                currency: cur,
            },
            open: Money {
                amount: open,
                currency: cur,
            },
            days_overdue,
            bucket: bucket.to_string(),
            short_paid: paid > Decimal::ZERO && open > Decimal::ZERO,
        });
    }
    // Delivered: every instruction of the contract shipped, and every shipment arrived.
    let delivered = f.all_instructions_shipped
        && !f.shipments.is_empty()
        && f.shipments
            .iter()
            .all(|(s, _)| matches!(s.stage.as_str(), "arrived" | "released"));
    // Dispatched: each shipment's documents went (not returned); where the set has a B/L,
    // its originals went or the cargo was released by telex or sea waybill.
    let dispatched = !f.shipments.is_empty()
        && f.shipments.iter().all(|(s, _)| {
            let went = |d: &&DispatchRecord| {
                d.shipment_id == s.id && !matches!(d.state.as_str(), "prepared" | "returned")
            };
            if f.shipments_with_bl.contains(&s.id) {
                f.dispatches
                    .iter()
                    .filter(went)
                    .any(|d| sends_bl_originals(d) || d.doc.get("release").is_some_and(|r| !r.is_null()))
            } else {
                f.dispatches.iter().any(|d| went(&d))
            }
        });
    out.open_reasons = open_reasons(delivered, dispatched, out.open.amount)
        .into_iter()
        .map(String::from)
        .collect();
    out
}

/// Which receivables to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct ReceivableQuery {
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    /// Only instalments past due and open.
    #[serde(default)]
    pub overdue: Option<bool>,
    /// Closed orders too (default: yes when a contract is named, else no).
    #[serde(default)]
    pub include_closed: Option<bool>,
}

/// Aging of what is open, per customer and currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgingRow {
    pub customer_id: Uuid,
    pub customer_name: String,
    #[schema(value_type = String)]
    pub currency: Currency,
    /// Open amount per bucket: `not_due`, `current`, `days_1_30`, `days_31_60`, `days_61_90`, `over_90`.
    #[schema(value_type = BTreeMap<String, String>)]
    pub buckets: BTreeMap<String, Decimal>,
    #[schema(value_type = String)]
    pub total: Decimal,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReceivablesReport {
    pub as_of: NaiveDate,
    pub orders: Vec<OrderReceivables>,
    /// The instalments that match (all of the orders', or the overdue ones).
    pub instalments: Vec<InstalmentView>,
    pub aging: Vec<AgingRow>,
    /// Receipts with money not yet applied (over payments carried as a credit).
    pub credits: Vec<ReceiptView>,
}

/// The orders with receivables that `q` names.
pub async fn orders(st: &AppState, q: &ReceivableQuery) -> Result<Vec<OrderReceivables>, ApiError> {
    let today = st.clock.today();
    let contracts: Vec<ContractRecord> = match q.contract_id {
        Some(id) => vec![st.store.contract(id).await?],
        None => st
            .store
            .list_contracts(&ContractQuery {
                buyer_id: q.customer_id,
                limit: 10_000,
                ..Default::default()
            })
            .await?
            .into_iter()
            .filter(|c| receivable_state(c.state))
            .filter(|c| q.include_closed.unwrap_or(false) || c.state != ContractState::Closed)
            .collect(),
    };
    let entries = st.store.receivable_entries(q.customer_id, q.contract_id).await?;
    let mut cache = HashMap::new();
    let mut out = Vec::new();
    for c in contracts {
        if q.customer_id.is_some_and(|id| id != c.buyer_id) {
            continue;
        }
        let f = facts_with(st, c, &mut cache).await?;
        out.push(order_receivables(&f, &entries, today));
    }
    Ok(out)
}

pub async fn report(st: &AppState, q: &ReceivableQuery) -> Result<ReceivablesReport, ApiError> {
    let today = st.clock.today();
    let orders = orders(st, q).await?;
    let overdue_only = q.overdue.unwrap_or(false);
    let instalments: Vec<InstalmentView> = orders
        .iter()
        .flat_map(|o| o.instalments.iter())
        .filter(|i| !overdue_only || i.days_overdue > 0)
        .cloned()
        .collect();
    let mut aging: BTreeMap<(String, Uuid, String), AgingRow> = BTreeMap::new();
    for i in orders.iter().flat_map(|o| o.instalments.iter()) {
        if i.open.amount == Decimal::ZERO {
            continue;
        }
        let row = aging
            .entry((
                i.customer_name.clone(),
                i.customer_id,
                i.open.currency.to_string(),
            ))
            .or_insert_with(|| AgingRow {
                customer_id: i.customer_id,
                customer_name: i.customer_name.clone(),
                currency: i.open.currency,
                buckets: AgingBucket::ALL
                    .iter()
                    .map(|b| (b.as_str().to_string(), Decimal::ZERO))
                    .collect(),
                total: Decimal::ZERO,
            });
        *row.buckets.entry(i.bucket.clone()).or_default() += i.open.amount;
        row.total += i.open.amount;
    }
    // The credits of the customer asked about (or of the contract's buyer).
    let credit_customer = match (q.customer_id, orders.first()) {
        (Some(c), _) => Some(c),
        (None, Some(o)) if q.contract_id.is_some() => Some(o.customer_id),
        _ => None,
    };
    let credits = receipts(st, credit_customer, 1000)
        .await?
        .into_iter()
        .filter(|r| r.unapplied.amount > Decimal::ZERO)
        .collect();
    Ok(ReceivablesReport {
        as_of: today,
        orders,
        instalments,
        aging: aging.into_values().collect(),
        credits,
    })
}

/// A receipt with what it was applied to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReceiptView {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub amount: Money,
    pub value_date: NaiveDate,
    pub bank_reference: String,
    pub bank_charges: Money,
    /// What reached our account: the amount less the charges.
    pub credited: Money,
    #[schema(value_type = String)]
    pub exchange_rate: Decimal,
    /// The amount in the base currency (CNY) at the bank's rate.
    pub in_base: Money,
    pub allocations: Vec<AllocationView>,
    /// Written off from the receipt (an over payment not kept as a credit).
    pub written_off: Money,
    /// Not applied yet: a credit for the customer.
    pub unapplied: Money,
    pub note: Option<String>,
    pub by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllocationView {
    pub contract_id: Option<Uuid>,
    pub contract_number: String,
    pub instalment: Option<i64>,
    pub amount: Money,
    pub at: chrono::DateTime<chrono::Utc>,
}

async fn receipt_view(
    st: &AppState,
    r: ReceiptRecord,
    entries: &[ReceivableEntry],
    names: &mut HashMap<Uuid, String>,
) -> Result<ReceiptView, ApiError> {
    let cur = r.receipt.amount.currency;
    let mut allocations = Vec::new();
    let mut written_off = zero(cur);
    let mut used = Decimal::ZERO;
    for e in entries.iter().filter(|e| e.receipt_id == Some(r.id)) {
        used += e.amount.amount;
        if e.kind == "write_off" {
            add(&mut written_off, e.amount.amount);
            continue;
        }
        let number = match e.contract_id {
            Some(c) => match names.get(&c) {
                Some(n) => n.clone(),
                None => {
                    let n = st.store.contract(c).await.map(|c| c.number).unwrap_or_default();
                    names.insert(c, n.clone());
                    n
                }
            },
            None => String::new(),
        };
        allocations.push(AllocationView {
            contract_id: e.contract_id,
            contract_number: number,
            instalment: e.instalment,
            amount: e.amount,
            at: e.at,
        });
    }
    let customer_name = match names.get(&r.customer_id) {
        Some(n) => n.clone(),
        None => {
            let n = st
                .store
                .party(r.customer_id)
                .await
                .map(|p| p.data.display_name().to_string())
                .unwrap_or_default();
            names.insert(r.customer_id, n.clone());
            n
        }
    };
    Ok(ReceiptView {
        id: r.id,
        customer_id: r.customer_id,
        customer_name,
        amount: r.receipt.amount,
        value_date: r.receipt.value_date,
        bank_reference: r.receipt.bank_reference.clone(),
        bank_charges: r.receipt.bank_charges,
        credited: r.receipt.credited(),
        exchange_rate: r.receipt.exchange_rate,
        in_base: r.receipt.in_base(),
        allocations,
        written_off,
        unapplied: Money {
            amount: r.receipt.amount.amount - used,
            currency: cur,
        },
        note: r.note,
        by: r.by,
        created_at: r.created_at,
    })
}

pub async fn receipts(
    st: &AppState,
    customer_id: Option<Uuid>,
    limit: u32,
) -> Result<Vec<ReceiptView>, ApiError> {
    let rs = st.store.list_receipts(customer_id, limit).await?;
    let entries = st.store.receivable_entries(customer_id, None).await?;
    let mut names = HashMap::new();
    let mut out = Vec::new();
    for r in rs {
        out.push(receipt_view(st, r, &entries, &mut names).await?);
    }
    Ok(out)
}

pub async fn receipt(st: &AppState, id: Uuid) -> Result<ReceiptView, ApiError> {
    let r = st.store.receipt(id).await?;
    let entries = st.store.receivable_entries(Some(r.customer_id), None).await?;
    receipt_view(st, r, &entries, &mut HashMap::new()).await
}

/// Part of a receipt applied to one instalment of one contract.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocationInput {
    pub contract_id: Option<Uuid>,
    /// The instalment's index in the contract's payment terms (0 = the first).
    pub instalment: Option<usize>,
    /// e.g. `11612.70`.
    #[serde(default)]
    pub amount: String,
}

/// A receipt as typed, with what to apply it to (nothing: the oldest due first).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReceiptInput {
    pub customer_id: Option<Uuid>,
    #[serde(flatten)]
    #[schema(inline, value_type = Object)]
    pub receipt: ReceiptInput,
    #[serde(default)]
    pub allocations: Vec<AllocationInput>,
    /// Apply to the oldest open instalments when no allocation is given (default yes).
    #[serde(default)]
    pub auto_allocate: Option<bool>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The open instalments of a customer, numbered for `allocate`, with the amounts each may
/// still take.
struct OpenBook {
    /// (contract, instalment) by key.
    keys: Vec<(Uuid, usize)>,
    open: Vec<(usize, Option<NaiveDate>, Money)>,
    /// Each instalment's scheduled amount (the ledger check's cap).
    caps: HashMap<(Uuid, i64), Decimal>,
}

async fn open_book(st: &AppState, customer_id: Uuid) -> Result<OpenBook, ApiError> {
    let orders = orders(
        st,
        &ReceivableQuery {
            customer_id: Some(customer_id),
            include_closed: Some(true),
            ..Default::default()
        },
    )
    .await?;
    let mut b = OpenBook {
        keys: Vec::new(),
        open: Vec::new(),
        caps: HashMap::new(),
    };
    for o in &orders {
        for i in &o.instalments {
            b.caps.insert((o.contract_id, i.index as i64), i.amount.amount);
            let k = b.keys.len();
            b.keys.push((o.contract_id, i.index));
            b.open.push((k, i.due, i.open));
        }
    }
    Ok(b)
}

/// The ledger rule, checked under the customer's lock on what is committed: no instalment
/// takes more than its scheduled amount, no receipt gives more than it brought.
fn ledger_rule(
    caps: HashMap<(Uuid, i64), Decimal>,
) -> impl Fn(&Ledger) -> Result<(), ValidationErrors> + Send + Sync {
    move |l: &Ledger| {
        let mut errs = ValidationErrors::new();
        let mut per: HashMap<(Uuid, i64), Decimal> = HashMap::new();
        for e in &l.entries {
            if let (Some(c), Some(i)) = (e.contract_id, e.instalment) {
                *per.entry((c, i)).or_default() += e.amount.amount;
            }
        }
        for (k, sum) in &per {
            if let Some(cap) = caps.get(k)
                && sum > cap
            {
                errs.push(
                    "allocations",
                    "above_open_amount",
                    format!("instalment {} would take {sum} of {cap}", k.1 + 1),
                );
            }
        }
        for r in &l.receipts {
            let used: Decimal = l
                .entries
                .iter()
                .filter(|e| e.receipt_id == Some(r.id))
                .map(|e| e.amount.amount)
                .sum();
            if used > r.receipt.amount.amount {
                errs.push(
                    "allocations",
                    "above_receipt",
                    format!("more than the {} received", r.receipt.amount),
                );
            }
            if l.receipts.iter().any(|o| {
                o.id != r.id
                    && o.receipt
                        .bank_reference
                        .eq_ignore_ascii_case(&r.receipt.bank_reference)
                    && o.receipt.value_date == r.receipt.value_date
            }) {
                errs.push(
                    "bank_reference",
                    "duplicate_receipt",
                    format!(
                        "{} of {} is recorded already",
                        r.receipt.bank_reference, r.receipt.value_date
                    ),
                );
                break;
            }
        }
        errs.into_result()
    }
}

fn allocation_entries(
    book: &OpenBook,
    money: Money,
    wanted: &[AllocationInput],
    auto: bool,
    receipt_id: Uuid,
) -> Result<Vec<NewReceivableEntry>, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let mut keyed = Vec::new();
    for (k, a) in wanted.iter().enumerate() {
        let amount = match a.amount.trim().parse::<Decimal>() {
            Ok(d) => d,
            Err(_) => {
                errs.push(format!("allocations[{k}].amount"), "invalid_amount", "an amount");
                continue;
            }
        };
        if amount.scale() > money.currency.minor_units() {
            errs.push(
                format!("allocations[{k}].amount"),
                "too_precise",
                format!("{} has {} decimals", money.currency, money.currency.minor_units()),
            );
        }
        let (Some(c), Some(i)) = (a.contract_id, a.instalment) else {
            errs.push(
                format!("allocations[{k}].instalment"),
                "required",
                "the contract and the instalment",
            );
            continue;
        };
        match book.keys.iter().position(|x| *x == (c, i)) {
            Some(key) => keyed.push((key, amount)),
            // A key nothing has: allocate reports it as unknown.
            None => keyed.push((usize::MAX - k, amount)),
        }
    }
    errs.into_result()?;
    if wanted.is_empty() && !auto {
        return Ok(Vec::new());
    }
    let (allocs, _left) = allocate(&book.open, money, &keyed)?;
    Ok(allocs
        .into_iter()
        .map(|a| {
            let (c, i) = book.keys[a.index];
            NewReceivableEntry {
                kind: "allocation".into(),
                contract_id: Some(c),
                instalment: Some(i as i64),
                receipt_id: Some(receipt_id),
                amount: a.amount,
                reason: None,
            }
        })
        .collect())
}

fn by(me: &CurrentUser) -> String {
    me.user.display_name.clone()
}

fn ctx(st: &AppState, me: &CurrentUser) -> WriteContext {
    me.write_context(st)
}

fn note(errs: &mut ValidationErrors, field: &str, v: &Option<String>, required: bool) -> Option<String> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match v {
        None if required => {
            errs.push(field, "required", "say why");
            None
        }
        None => None,
        Some(s) if s.chars().count() > 1000 || s.chars().any(char::is_control) => {
            errs.push(
                field,
                "invalid_text",
                "at most 1000 characters, no control characters",
            );
            None
        }
        Some(s) => Some(s.to_string()),
    }
}

/// Record a receipt and apply it: as asked, or to the oldest open instalments. Refused as a
/// whole (nothing recorded) when a field is wrong or an allocation does not fit.
pub async fn record_receipt(
    st: &AppState,
    me: &CurrentUser,
    input: &NewReceiptInput,
) -> Result<ReceiptView, ApiError> {
    let mut errs = ValidationErrors::new();
    let customer = match input.customer_id {
        None => {
            errs.push("customer_id", "required", "whose money it is");
            None
        }
        Some(id) => match st.store.party(id).await {
            Ok(p) if p.data.kind.as_str() == "customer" => Some(p),
            Ok(_) => {
                errs.push("customer_id", "not_a_customer", "the party is not a customer");
                None
            }
            Err(_) => {
                errs.push("customer_id", "not_found", "no such customer");
                None
            }
        },
    };
    let typed = input
        .receipt
        .validate(base_currency(), st.clock.today())
        .map_err(|e| errs.extend(e))
        .ok();
    let note = note(&mut errs, "note", &input.note, false);
    errs.into_result()?;
    let (Some(customer), Some(checked)) = (customer, typed) else {
        return Err(ApiError::internal("checked above"));
    };
    let book = open_book(st, customer.id).await?;
    let id = Uuid::now_v7();
    let entries = allocation_entries(
        &book,
        checked.amount,
        &input.allocations,
        input.auto_allocate.unwrap_or(true),
        id,
    )?;
    let touched: Vec<Uuid> = entries.iter().filter_map(|e| e.contract_id).collect();
    let rule = ledger_rule(book.caps);
    st.store
        .post_receivables(
            customer.id,
            Some(NewReceipt {
                id,
                receipt: checked,
                note,
            }),
            entries,
            &by(me),
            &rule,
            &ctx(st, me),
        )
        .await?;
    for c in dedup(touched) {
        close_if_done(st, c).await;
    }
    receipt(st, id).await
}

fn dedup(mut v: Vec<Uuid>) -> Vec<Uuid> {
    v.sort();
    v.dedup();
    v
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocateInput {
    pub allocations: Vec<AllocationInput>,
}

/// Apply what is left of a receipt (a credit) to instalments.
pub async fn allocate_receipt(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &AllocateInput,
) -> Result<ReceiptView, ApiError> {
    let r = receipt(st, id).await?;
    if input.allocations.is_empty() {
        return Err(
            ValidationErrors::single("allocations", "required", "what to apply the credit to").into(),
        );
    }
    let book = open_book(st, r.customer_id).await?;
    let entries = allocation_entries(&book, r.unapplied, &input.allocations, false, id)?;
    let touched: Vec<Uuid> = entries.iter().filter_map(|e| e.contract_id).collect();
    let rule = ledger_rule(book.caps);
    st.store
        .post_receivables(r.customer_id, None, entries, &by(me), &rule, &ctx(st, me))
        .await?;
    for c in dedup(touched) {
        close_if_done(st, c).await;
    }
    receipt(st, id).await
}

/// A write-off: what is left open of an instalment (a short payment: bank charges the buyer
/// deducted, a claim settled) or of a receipt (an over payment not kept as a credit).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteOffInput {
    pub contract_id: Option<Uuid>,
    pub instalment: Option<usize>,
    pub receipt_id: Option<Uuid>,
    /// Default: all that is open.
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

pub async fn write_off(
    st: &AppState,
    me: &CurrentUser,
    input: &WriteOffInput,
) -> Result<OrderOrReceipt, ApiError> {
    let mut errs = ValidationErrors::new();
    let reason = note(&mut errs, "reason", &input.reason, true);
    let amount = match input.amount.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<Decimal>() {
            Ok(d) if d > Decimal::ZERO => Some(d),
            Ok(_) => {
                errs.push("amount", "not_positive", "more than zero");
                None
            }
            Err(_) => {
                errs.push("amount", "invalid_amount", "an amount");
                None
            }
        },
    };
    match (input.contract_id, input.instalment, input.receipt_id) {
        (Some(c), Some(i), None) => {
            let f = order_facts(st, c).await?;
            let entries = st.store.receivable_entries(Some(f.buyer.id), Some(c)).await?;
            let o = order_receivables(&f, &entries, st.clock.today());
            let Some(line) = o.instalments.iter().find(|l| l.index == i) else {
                errs.push("instalment", "unknown_instalment", "no such instalment");
                return Err(errs.into());
            };
            let take = amount.unwrap_or(line.open.amount);
            if take > line.open.amount || line.open.amount == Decimal::ZERO {
                errs.push(
                    "amount",
                    "above_open_amount",
                    format!("only {} is open", line.open),
                );
            }
            if take.scale() > line.open.currency.minor_units() {
                errs.push("amount", "too_precise", "more decimals than the currency has");
            }
            errs.into_result()?;
            let book = open_book(st, f.buyer.id).await?;
            let rule = ledger_rule(book.caps);
            st.store
                .post_receivables(
                    f.buyer.id,
                    None,
                    vec![NewReceivableEntry {
                        kind: "write_off".into(),
                        contract_id: Some(c),
                        instalment: Some(i as i64),
                        receipt_id: None,
                        amount: Money {
                            amount: take,
                            currency: line.open.currency,
                        },
                        reason,
                    }],
                    &by(me),
                    &rule,
                    &ctx(st, me),
                )
                .await?;
            close_if_done(st, c).await;
            let f = order_facts(st, c).await?;
            let entries = st.store.receivable_entries(Some(f.buyer.id), Some(c)).await?;
            Ok(OrderOrReceipt::Order(Box::new(order_receivables(
                &f,
                &entries,
                st.clock.today(),
            ))))
        }
        (None, None, Some(rid)) => {
            let r = receipt(st, rid).await?;
            let take = amount.unwrap_or(r.unapplied.amount);
            if take > r.unapplied.amount || r.unapplied.amount == Decimal::ZERO {
                errs.push(
                    "amount",
                    "above_unapplied",
                    format!("only {} is unapplied", r.unapplied),
                );
            }
            errs.into_result()?;
            let book = open_book(st, r.customer_id).await?;
            let rule = ledger_rule(book.caps);
            st.store
                .post_receivables(
                    r.customer_id,
                    None,
                    vec![NewReceivableEntry {
                        kind: "write_off".into(),
                        contract_id: None,
                        instalment: None,
                        receipt_id: Some(rid),
                        amount: Money {
                            amount: take,
                            currency: r.unapplied.currency,
                        },
                        reason,
                    }],
                    &by(me),
                    &rule,
                    &ctx(st, me),
                )
                .await?;
            Ok(OrderOrReceipt::Receipt(Box::new(receipt(st, rid).await?)))
        }
        _ => {
            errs.push(
                "contract_id",
                "required",
                "a contract with its instalment, or a receipt",
            );
            Err(errs.into())
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum OrderOrReceipt {
    Order(Box<OrderReceivables>),
    Receipt(Box<ReceiptView>),
}

/// Close the order when it is delivered, dispatched and paid (结案), as the system; a
/// failure is logged, never shown to whoever made the last change.
pub async fn close_if_done(st: &AppState, contract_id: Uuid) {
    if let Err(e) = try_close(st, contract_id).await {
        tracing::warn!(error = ?e, %contract_id, "closing the order failed");
    }
}

async fn try_close(st: &AppState, contract_id: Uuid) -> Result<bool, ApiError> {
    let f = order_facts(st, contract_id).await?;
    if f.contract.state != ContractState::Confirmed {
        return Ok(false);
    }
    let entries = st
        .store
        .receivable_entries(Some(f.buyer.id), Some(contract_id))
        .await?;
    let o = order_receivables(&f, &entries, st.clock.today());
    if !o.open_reasons.is_empty() {
        return Ok(false);
    }
    // Reopened with a reason: it closes again only after something new happened to it.
    let reopened = st
        .store
        .contract_events(contract_id)
        .await?
        .into_iter()
        .filter(|e| e.action == "reopen")
        .map(|e| e.at)
        .max();
    if let Some(at) = reopened {
        let newer = entries.iter().any(|e| e.at > at)
            || f.dispatches.iter().any(|d| d.updated_at > at)
            || f.shipments.iter().any(|(s, _)| s.updated_at > at);
        if !newer {
            return Ok(false);
        }
    }
    let ctx = WriteContext {
        actor: gendan_domain::audit::Actor::system(),
        at: st.clock.now(),
    };
    st.store
        .contract_step(
            contract_id,
            f.contract.version,
            ContractStep {
                action: ContractAction::Close,
                role: gendan_domain::role::Role::Admin,
                reason: None,
                detail: serde_json::json!({
                    "note": "closed by itself: delivered, documents dispatched, receivables settled",
                    "paid": o.paid.to_string(),
                    "written_off": o.written_off.to_string(),
                }),
                amendment: None,
                attachment: None,
            },
            &ctx,
        )
        .await?;
    Ok(true)
}

/// Close every order that is done (the daily run, and after the demo is made).
pub async fn close_all_done(st: &AppState) -> Result<usize, ApiError> {
    let mut n = 0;
    for c in st
        .store
        .list_contracts(&ContractQuery {
            state: Some(ContractState::Confirmed),
            limit: 10_000,
            ..Default::default()
        })
        .await?
    {
        match try_close(st, c.id).await {
            Ok(true) => n += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = ?e, contract = %c.number, "closing the order failed"),
        }
    }
    Ok(n)
}

/// The customer's language for letters: Chinese where the customer reads it.
pub fn customer_lang(p: &Party) -> &'static str {
    let zh_country = p
        .data
        .addresses
        .first()
        .is_some_and(|a| matches!(a.country.as_str(), "CN" | "HK" | "TW" | "MO" | "SG"));
    if zh_country { "zh-CN" } else { "en" }
}

fn reminder_text(
    lang: &str,
    r: &Reminder,
    o: &OrderReceivables,
    i: &InstalmentView,
    contact: &str,
) -> (String, String) {
    let due = i.due.map(|d| d.to_string()).unwrap_or_default();
    let zh = lang == "zh-CN";
    match (r, zh) {
        (Reminder::Upcoming { days, .. }, false) => (
            format!("Payment due in {days} days: contract {}", o.contract_number),
            format!(
                "Dear {contact},\n\nA friendly reminder that {} ({}) under our contract {} falls due on {due}.\n\nThank you for arranging the payment in time.\n\nBest regards",
                i.open, i.wording, o.contract_number
            ),
        ),
        (Reminder::Upcoming { days, .. }, true) => (
            format!("付款提醒：合同 {} 还有 {days} 天到期", o.contract_number),
            format!(
                "{contact} 您好：\n\n合同 {} 项下 {}（{}）将于 {due} 到期，请安排按时付款。\n\n谢谢！",
                o.contract_number, i.open, i.wording
            ),
        ),
        (_, false) => (
            format!("Payment overdue: contract {}", o.contract_number),
            format!(
                "Dear {contact},\n\nOur records show that {} ({}) under contract {} was due on {due} and is now {} days overdue.\n\nPlease let us have the payment, or the bank's reference if it is on its way.\n\nBest regards",
                i.open, i.wording, o.contract_number, i.days_overdue
            ),
        ),
        (_, true) => (
            format!("逾期付款提醒：合同 {}", o.contract_number),
            format!(
                "{contact} 您好：\n\n合同 {} 项下 {}（{}）已于 {due} 到期，现已逾期 {} 天。请尽快安排付款；如已付款，请告知银行业务编号。\n\n谢谢！",
                o.contract_number, i.open, i.wording, i.days_overdue
            ),
        ),
    }
}

/// What a reminder run made.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ReminderRun {
    pub day: NaiveDate,
    pub orders_checked: usize,
    pub messages: usize,
    pub tasks: usize,
    pub closed: usize,
}

pub const REMINDER_JOB: &str = "payment_reminders";

/// Today's reminders: e-mails to buyers in the outbox, tasks for finance, escalations to the
/// sales managers; each made once (their keys name the day count), also across instances.
pub async fn run_reminders(st: &AppState, force: bool) -> Result<ReminderRun, ApiError> {
    let day = st.clock.today();
    if !force && !st.store.claim_job(REMINDER_JOB, day, st.clock.now()).await? {
        return Ok(ReminderRun {
            day,
            ..Default::default()
        });
    }
    let rule = crate::trade::company(st)
        .await
        .map(|c| c.company.reminders)
        .unwrap_or_default();
    let managers: Vec<String> = st
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.role == gendan_domain::role::Role::SalesManager)
        .map(|u| u.email)
        .collect();
    let orders = orders(st, &ReceivableQuery::default()).await?;
    let mut messages = Vec::new();
    let mut tasks = Vec::new();
    let mut parties: HashMap<Uuid, Party> = HashMap::new();
    for o in &orders {
        let open: Vec<(usize, Option<NaiveDate>, Decimal)> = o
            .instalments
            .iter()
            .map(|i| (i.index, i.due, i.open.amount))
            .collect();
        let due = reminders_on(&rule, &open, day);
        if due.is_empty() {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = parties.entry(o.customer_id) {
            slot.insert(st.store.party(o.customer_id).await?);
        }
        let p = &parties[&o.customer_id];
        let lang = customer_lang(p);
        let contact = p.data.contacts.iter().find(|c| c.email.is_some());
        for r in due {
            let (index, days, kind) = match r {
                Reminder::Upcoming { index, days } => (index, days, "upcoming"),
                Reminder::Overdue { index, days } => (index, days, "overdue"),
                Reminder::Escalate { index, days } => (index, days, "escalate"),
            };
            let Some(i) = o.instalments.iter().find(|i| i.index == index) else {
                continue;
            };
            let key = format!("{}:{index}:{kind}:{days}", o.contract_id);
            if kind == "escalate" {
                let title = format!(
                    "{} {}: {} overdue {days} days — instalment {} ({})",
                    o.customer_name,
                    o.contract_number,
                    i.open,
                    index + 1,
                    i.wording
                );
                tasks.push(NewTask {
                    kind: "payment_escalation".into(),
                    dedupe_key: format!("escalation:{key}"),
                    role: "sales_manager".into(),
                    title: title.clone(),
                    entity_type: "contract".into(),
                    entity_id: o.contract_id,
                    due: Some(day),
                });
                for m in &managers {
                    messages.push(NewOutboxMessage {
                        kind: "payment_escalation".into(),
                        dedupe_key: format!("escalation:{key}:{m}"),
                        to_address: m.clone(),
                        lang: "zh-CN".into(),
                        subject: format!("逾期未收款 Overdue payment: {}", o.contract_number),
                        body: title.clone(),
                        entity_type: "contract".into(),
                        entity_id: o.contract_id,
                    });
                }
                continue;
            }
            let name = contact
                .map(|c| c.name.as_str())
                .unwrap_or(o.customer_name.as_str());
            let (subject, body) = reminder_text(lang, &r, o, i, name);
            match contact.and_then(|c| c.email.clone()) {
                Some(to) => messages.push(NewOutboxMessage {
                    kind: "payment_reminder".into(),
                    dedupe_key: format!("reminder:{key}"),
                    to_address: to,
                    lang: lang.into(),
                    subject,
                    body,
                    entity_type: "contract".into(),
                    entity_id: o.contract_id,
                }),
                None => tasks.push(NewTask {
                    kind: "payment_reminder_no_email".into(),
                    dedupe_key: format!("noemail:{key}"),
                    role: "merchandiser".into(),
                    title: format!(
                        "{}: no e-mail address for the payment reminder of {}",
                        o.customer_name, o.contract_number
                    ),
                    entity_type: "contract".into(),
                    entity_id: o.contract_id,
                    due: Some(day),
                }),
            }
            if kind == "overdue" {
                tasks.push(NewTask {
                    kind: "payment_chase".into(),
                    dedupe_key: format!("chase:{key}"),
                    role: "finance".into(),
                    title: format!(
                        "{} {}: {} overdue {days} days — instalment {} ({})",
                        o.customer_name,
                        o.contract_number,
                        i.open,
                        index + 1,
                        i.wording
                    ),
                    entity_type: "contract".into(),
                    entity_id: o.contract_id,
                    due: Some(day),
                });
            }
        }
    }
    let ctx = WriteContext {
        actor: gendan_domain::audit::Actor::system(),
        at: st.clock.now(),
    };
    let (m, t) = st.store.enqueue(messages, tasks, &ctx).await?;
    let closed = close_all_done(st).await?;
    let out = ReminderRun {
        day,
        orders_checked: orders.len(),
        messages: m,
        tasks: t,
        closed,
    };
    if !force {
        st.store
            .finish_job(
                REMINDER_JOB,
                day,
                &format!("{m} reminders, {t} tasks, {closed} orders closed"),
                st.clock.now(),
            )
            .await?;
    }
    Ok(out)
}

/// The server's daily loop for reminders.
pub async fn daily_loop(st: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = run_reminders(&st, false).await {
            tracing::warn!(error = ?e, "the payment reminders did not run");
        }
    }
}

/// How a customer pays: on time or late, on average, over their settled instalments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentHabit {
    pub instalments_paid: usize,
    pub paid_on_time: usize,
    /// Average days paid after the due date (negative: early), over the paid instalments.
    #[schema(value_type = Option<String>)]
    pub average_days_late: Option<Decimal>,
    pub open_overdue: usize,
    pub short_paid: usize,
    pub aging: Vec<AgingRow>,
}

/// The customer's payment habit, from which receipt settled each instalment when.
pub async fn payment_habit(st: &AppState, customer_id: Uuid) -> Result<PaymentHabit, ApiError> {
    let rep = report(
        st,
        &ReceivableQuery {
            customer_id: Some(customer_id),
            include_closed: Some(true),
            ..Default::default()
        },
    )
    .await?;
    let entries = st.store.receivable_entries(Some(customer_id), None).await?;
    let receipts: HashMap<Uuid, NaiveDate> = st
        .store
        .list_receipts(Some(customer_id), 5000)
        .await?
        .into_iter()
        .map(|r| (r.id, r.receipt.value_date))
        .collect();
    let (mut paid, mut on_time, mut late_sum) = (0usize, 0usize, 0i64);
    for i in &rep.instalments {
        if i.open.amount > Decimal::ZERO || i.paid.amount == Decimal::ZERO {
            continue;
        }
        let Some(due) = i.due else { continue };
        let last = entries
            .iter()
            .filter(|e| {
                e.kind == "allocation"
                    && e.contract_id == Some(i.contract_id)
                    && e.instalment == Some(i.index as i64)
            })
            .filter_map(|e| e.receipt_id.and_then(|r| receipts.get(&r)))
            .max();
        if let Some(d) = last {
            paid += 1;
            let late = (*d - due).num_days();
            late_sum += late;
            if late <= 0 {
                on_time += 1;
            }
        }
    }
    Ok(PaymentHabit {
        instalments_paid: paid,
        paid_on_time: on_time,
        average_days_late: (paid > 0)
            .then(|| (Decimal::from(late_sum) / Decimal::from(paid as u64)).round_dp(1)),
        open_overdue: rep.instalments.iter().filter(|i| i.days_overdue > 0).count(),
        short_paid: rep.instalments.iter().filter(|i| i.short_paid).count(),
        aging: rep.aging,
    })
}

/// The open tasks of a role's queue (and those of one order), newest first.
pub async fn tasks(
    st: &AppState,
    role: Option<&str>,
    entity_id: Option<Uuid>,
) -> Result<Vec<gendan_store::Task>, ApiError> {
    Ok(st.store.tasks(role, entity_id, 500).await?)
}

/// Mark a task done: by someone of its role, or a sales manager or administrator.
pub async fn finish_task(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
) -> Result<gendan_store::Task, ApiError> {
    let task = st
        .store
        .tasks(None, None, 5000)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| ApiError::not_found(format!("task {id} not found")))?;
    let role = me.user.role;
    if task.role != role.as_str()
        && !matches!(
            role,
            gendan_domain::role::Role::SalesManager | gendan_domain::role::Role::Admin
        )
    {
        return Err(ApiError::forbidden(format!(
            "the task is in the {} queue",
            task.role
        )));
    }
    Ok(st.store.finish_task(id, expected, &me.write_context(st)).await?)
}
