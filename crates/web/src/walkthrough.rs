//! The order's walkthrough report (跟单记录), issue 9: every recorded event and document of
//! one order, from the contract to the last payment, in time order, with who and when and a
//! link to each — the contract's steps, the instructions and their acknowledgements, the
//! production reports, bookings, shipment milestones, every trade document's revisions,
//! checks and sending, the cross-check runs and decisions, dispatches, receipts and
//! write-offs, reminders, the close — and the audit chain verified. On screen and as PDF.
//!
//! Nothing here is stored: the report is read from the append-only facts each time.

use chrono::{DateTime, Utc};
use gendan_store::DocumentQuery;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::error::ApiError;
use crate::receivables::{OrderReceivables, order_facts, order_receivables};

/// One line of the walkthrough.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WalkthroughEntry {
    pub at: DateTime<Utc>,
    /// `contract`, `instruction`, `production`, `booking`, `shipment`, `document`,
    /// `cross_check`, `dispatch`, `receivable`, `reminder`.
    pub stage: String,
    /// What happened, in English (the page translates the stage).
    pub what: String,
    pub who: String,
    /// The number of the thing it happened to (contract, instruction, shipment, document).
    pub reference: String,
    /// The page of the thing.
    pub link: Option<String>,
}

/// The audit chain as verified when the report was made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChainCheck {
    pub events_checked: u64,
    pub intact: bool,
    /// Where it breaks, if it does.
    pub first_broken: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Walkthrough {
    pub contract_id: Uuid,
    pub contract_number: String,
    pub customer_name: String,
    pub state: String,
    pub generated_at: DateTime<Utc>,
    pub receivables: OrderReceivables,
    pub entries: Vec<WalkthroughEntry>,
    pub chain: ChainCheck,
}

fn entry(
    at: DateTime<Utc>,
    stage: &str,
    what: impl Into<String>,
    who: &str,
    reference: &str,
    link: Option<String>,
) -> WalkthroughEntry {
    WalkthroughEntry {
        at,
        stage: stage.into(),
        what: what.into(),
        who: who.into(),
        reference: reference.into(),
        link,
    }
}

pub async fn build(st: &AppState, contract_id: Uuid) -> Result<Walkthrough, ApiError> {
    let f = order_facts(st, contract_id).await?;
    let c = &f.contract;
    let mut out = Vec::new();
    let clink = Some(format!("/contracts/{}", c.id));
    for e in st.store.contract_events(c.id).await? {
        let mut what = if e.from_state.is_empty() {
            format!("contract {} (revision {})", e.action, e.revision)
        } else {
            format!(
                "contract {}: {} → {} (revision {})",
                e.action, e.from_state, e.to_state, e.revision
            )
        };
        if let Some(r) = &e.reason {
            what.push_str(&format!(" — {r}"));
        }
        if let Some(n) = e.detail.get("note").and_then(|v| v.as_str()) {
            what.push_str(&format!(" — {n}"));
        }
        out.push(entry(e.at, "contract", what, &e.actor, &c.number, clink.clone()));
    }
    for i in &f.instructions {
        let link = Some(format!("/instructions/{}", i.id));
        for e in st.store.instruction_events(i.id).await? {
            let mut what = format!("instruction {} (revision {})", e.action, e.revision);
            if let Some(d) = e.department {
                what.push_str(&format!(" — {}", d.as_str()));
            }
            if let Some(r) = &e.reason {
                what.push_str(&format!(" — {r}"));
            }
            out.push(entry(
                e.at,
                "instruction",
                what,
                &e.actor,
                &i.number,
                link.clone(),
            ));
        }
        for p in st.store.progress_entries(i.id).await? {
            let qty = p
                .doc
                .get("quantity")
                .or_else(|| p.doc.get("produced"))
                .map(|v| v.to_string().trim_matches('"').to_string())
                .unwrap_or_default();
            out.push(entry(
                p.at,
                "production",
                format!("progress on line {} for {}: {qty}", p.line + 1, p.date),
                &p.actor,
                &i.number,
                link.clone(),
            ));
        }
    }
    let mut bookings = Vec::new();
    for (s, _) in &f.shipments {
        if !bookings.contains(&s.booking_id) {
            bookings.push(s.booking_id);
            let b = st.store.booking(s.booking_id).await?;
            let link = Some(format!("/bookings/{}", b.id));
            for r in st.store.booking_revisions(b.id).await? {
                let mut what = format!("booking {} ({})", r.action, r.state.as_str());
                if let Some(x) = &r.reason {
                    what.push_str(&format!(" — {x}"));
                }
                out.push(entry(r.at, "booking", what, &r.actor, &b.number, link.clone()));
            }
        }
        let slink = Some(format!("/shipments/{}", s.id));
        for e in st.store.shipment_events(s.id).await? {
            let detail = match &e.detail {
                serde_json::Value::Object(m) if !m.is_empty() => {
                    let parts: Vec<String> = m
                        .iter()
                        .filter(|(_, v)| v.is_string() || v.is_number())
                        .take(4)
                        .map(|(k, v)| format!("{k}: {}", v.to_string().trim_matches('"')))
                        .collect();
                    if parts.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", parts.join(", "))
                    }
                }
                _ => String::new(),
            };
            out.push(entry(
                e.at,
                "shipment",
                format!("shipment {}{detail}", e.action.replace('_', " ")),
                &e.actor,
                &s.number,
                slink.clone(),
            ));
        }
        let docs = st
            .store
            .list_documents(&DocumentQuery {
                shipment_id: Some(s.id),
                kind: None,
                limit: 500,
                offset: 0,
            })
            .await?;
        for d in &docs {
            let link = Some(format!("/documents/{}", d.id));
            let kind = d.kind.as_str().replace('_', " ");
            for r in st.store.document_revisions(d.id).await? {
                let what = if r.revision == 1 {
                    format!("{kind} made")
                } else {
                    format!("{kind} revised (revision {})", r.revision)
                };
                out.push(entry(r.at, "document", what, &r.author, &d.number, link.clone()));
            }
            for ch in st.store.document_checks(d.id).await? {
                let who = if ch.by.is_empty() {
                    "system"
                } else {
                    ch.by.as_str()
                };
                let mut what = format!(
                    "{kind} checked by {} against {}: {} (revision {})",
                    match ch.kind {
                        gendan_domain::trade_document::CheckerKind::Person => "a person",
                        gendan_domain::trade_document::CheckerKind::System => "the system",
                    },
                    ch.compared,
                    match ch.result {
                        gendan_domain::trade_document::CheckResult::Passed => "passed",
                        gendan_domain::trade_document::CheckResult::Failed => "failed",
                    },
                    ch.revision
                );
                if let Some(n) = &ch.note {
                    what.push_str(&format!(" — {n}"));
                }
                out.push(entry(ch.at, "document", what, who, &d.number, link.clone()));
            }
            if let Some(sent) = d.sent_at {
                out.push(entry(
                    sent,
                    "document",
                    format!("{kind} sent"),
                    "",
                    &d.number,
                    link.clone(),
                ));
            }
        }
        for r in st.store.check_runs(s.id, 1000).await? {
            out.push(entry(
                r.ran_at,
                "cross_check",
                format!(
                    "cross-check ({}): {} blocking, {} warnings open",
                    r.trigger, r.blocking, r.warnings
                ),
                "system",
                &s.number,
                Some(format!("/shipments/{}/documents#cross-check", s.id)),
            ));
        }
        for d in st.store.finding_decisions(s.id).await? {
            out.push(entry(
                d.at,
                "cross_check",
                format!("finding {} {} — {}", d.rule, d.decision, d.reason),
                &d.by,
                &s.number,
                Some(format!("/shipments/{}/documents#cross-check", s.id)),
            ));
        }
    }
    for d in &f.dispatches {
        let number = f
            .shipments
            .iter()
            .find(|(s, _)| s.id == d.shipment_id)
            .map(|(s, _)| s.number.clone())
            .unwrap_or_default();
        let link = Some(format!("/dispatches/{}", d.id));
        let how = match d.kind.as_str() {
            "courier" => format!(
                "by {} {}",
                d.doc
                    .get("courier")
                    .and_then(|v| v.as_str())
                    .unwrap_or("courier")
                    .to_uppercase(),
                d.doc.get("waybill").and_then(|v| v.as_str()).unwrap_or("")
            ),
            "collection" => "through the banks (collection)".to_string(),
            _ => "as an L/C presentation".to_string(),
        };
        for e in st.store.dispatch_events(d.id).await? {
            let mut what = match e.from_state {
                None => format!("documents dispatch prepared {how}"),
                Some(ref from) if *from == e.to_state => format!("documents dispatch {how}"),
                Some(ref from) => format!("documents dispatch {how}: {from} → {}", e.to_state),
            };
            // The day it happened, as the person gave it.
            if e.from_state.as_deref() != Some(e.to_state.as_str())
                && let Some(day) = crate::receivables::dispatch_date(d, &e.to_state)
                && day != e.at.date_naive()
            {
                what.push_str(&format!(" (on {day})"));
            }
            if let Some(n) = &e.note {
                what.push_str(&format!(" — {n}"));
            }
            out.push(entry(e.at, "dispatch", what, &e.by, &number, link.clone()));
        }
    }
    let entries = st.store.receivable_entries(Some(f.buyer.id), None).await?;
    let mut receipts_named = Vec::new();
    for e in entries.iter().filter(|e| e.contract_id == Some(c.id)) {
        if let Some(r) = e.receipt_id
            && !receipts_named.contains(&r)
        {
            receipts_named.push(r);
            let rec = st.store.receipt(r).await?;
            out.push(entry(
                rec.created_at,
                "receivable",
                format!(
                    "receipt {} value {} ({}), charges {}",
                    rec.receipt.amount,
                    rec.receipt.value_date,
                    rec.receipt.bank_reference,
                    rec.receipt.bank_charges
                ),
                &rec.by,
                &rec.receipt.bank_reference,
                Some(format!("/receipts/{}", rec.id)),
            ));
        }
        let what = match e.kind.as_str() {
            "allocation" => format!(
                "{} applied to instalment {}",
                e.amount,
                e.instalment.map(|i| i + 1).unwrap_or(0)
            ),
            _ => format!(
                "{} written off on instalment {} — {}",
                e.amount,
                e.instalment.map(|i| i + 1).unwrap_or(0),
                e.reason.clone().unwrap_or_default()
            ),
        };
        out.push(entry(
            e.at,
            "receivable",
            what,
            &e.by,
            &c.number,
            Some("/receivables".into()),
        ));
    }
    for m in st.store.outbox(Some(c.id), 1000).await? {
        out.push(entry(
            m.created_at,
            "reminder",
            format!("{} to {}: {}", m.kind.replace('_', " "), m.to_address, m.subject),
            "system",
            &c.number,
            None,
        ));
    }
    for t in st.store.tasks(None, Some(c.id), 1000).await? {
        out.push(entry(
            t.created_at,
            "reminder",
            format!("task for {}: {} ({})", t.role.replace('_', " "), t.title, t.state),
            "system",
            &c.number,
            None,
        ));
    }
    out.sort_by_key(|a| a.at);
    let chain = st.store.verify_audit_chain().await?;
    let receivables = order_receivables(&f, &entries, st.clock.today());
    Ok(Walkthrough {
        contract_id: c.id,
        contract_number: c.number.clone(),
        customer_name: f.buyer.data.display_name().to_string(),
        state: c.state.as_str().to_string(),
        generated_at: st.clock.now(),
        receivables,
        entries: out,
        chain: ChainCheck {
            events_checked: chain.events_checked,
            intact: chain.first_broken.is_none(),
            first_broken: chain
                .first_broken
                .map(|b| format!("event {}: {}", b.seq, b.reason)),
        },
    })
}

/// The walkthrough as a PDF (a boxed form with the events as a table).
pub async fn pdf(st: &AppState, contract_id: Uuid, lang: &str) -> Result<(String, Vec<u8>), ApiError> {
    use gendan_render::{FormColumn, FormDocument, FormField, FormTable};
    let w = build(st, contract_id).await?;
    let company = crate::trade::company(st).await?.company;
    let zh = lang.starts_with("zh");
    let l = |z: &str, e: &str| if zh { format!("{z} {e}") } else { e.to_string() };
    let r = &w.receivables;
    let doc = FormDocument {
        language: if zh { "zh".into() } else { "en".into() },
        title: l("跟单记录", "ORDER WALKTHROUGH"),
        issuer: gendan_render::TradeParty {
            name: company.name_en.clone(),
            address_lines: vec![company.address_en.clone()],
        },
        number: w.contract_number.clone(),
        date: w.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        references: vec![
            FormField::new(l("客户", "Customer"), w.customer_name.clone()),
            FormField::new(l("状态", "State"), w.state.clone()),
        ],
        fields: vec![
            FormField::new(l("合同金额", "Contract value"), r.total.to_string()),
            FormField::new(l("已收", "Paid"), r.paid.to_string()),
            FormField::new(l("核销", "Written off"), r.written_off.to_string()),
            FormField::new(l("未收", "Open"), r.open.to_string()),
            FormField::new(
                l("审计链", "Audit chain"),
                if w.chain.intact {
                    format!("{} — {} events", l("完整", "intact"), w.chain.events_checked)
                } else {
                    format!("BROKEN: {}", w.chain.first_broken.clone().unwrap_or_default())
                },
            ),
            FormField::new(l("记录条数", "Entries"), w.entries.len().to_string()),
        ],
        table: Some(FormTable {
            title: Some(l("全部记录（按时间）", "Every event in time order")),
            columns: vec![
                FormColumn::text(l("时间", "When (UTC)")),
                FormColumn::text(l("环节", "Stage")),
                FormColumn::text(l("内容", "What")),
                FormColumn::text(l("经办", "Who")),
                FormColumn::text(l("编号", "Reference")),
            ],
            rows: w
                .entries
                .iter()
                .map(|e| {
                    vec![
                        e.at.format("%Y-%m-%d %H:%M").to_string(),
                        e.stage.replace('_', " "),
                        e.what.clone(),
                        e.who.clone(),
                        e.reference.clone(),
                    ]
                })
                .collect(),
            totals: None,
        }),
        footer: format!("{} · {} · Gendan", company.name_en, w.contract_number),
        ..Default::default()
    };
    let bytes = crate::documents::render_with(move |r| r.render_form_pdf(&doc)).await?;
    Ok((format!("walkthrough-{}.pdf", w.contract_number), bytes))
}
