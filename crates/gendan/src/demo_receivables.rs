//! The demo's dispatches, receipts and closed orders (issue 9): every shipment with a
//! document set is dispatched the way its contract's terms want (by courier for T/T, through
//! the banks for D/P and D/A, as a presentation under an L/C), and paid in one of four ways —
//! in full and delivered (the order closes by itself), short by the bank charges the buyer
//! deducted, not at all on the balance (overdue), or in full with the cargo released by telex.
//! All through the web use cases, so the rules are the app's own.

use anyhow::anyhow;
use chrono::{Days, NaiveDate};
use gendan_domain::role::Role;
use gendan_domain::shipment::{MilestoneInput, MilestoneKind, ShipmentData};
use gendan_store::{ShipmentQuery, Store};
use gendan_web::auth::{CurrentUser, Via};
use gendan_web::dispatches::{self as dsp, DispatchStepInput};
use gendan_web::error::ApiError;
use gendan_web::receivables::{self as rcv, AllocationInput, NewReceiptInput, ReceivableQuery};
use gendan_web::{AppState, WebConfig};
use std::sync::Arc;

fn api(e: ApiError) -> anyhow::Error {
    anyhow!("{} {}: {:?}", e.code, e.detail, e.errors)
}

async fn user(store: &dyn Store, r: Role) -> anyhow::Result<CurrentUser> {
    let u = store
        .list_users()
        .await?
        .into_iter()
        .find(|u| u.role == r)
        .ok_or_else(|| anyhow!("the demo has no {r} user"))?;
    Ok(CurrentUser {
        user: u,
        via: Via::Token,
    })
}

async fn step(
    st: &AppState,
    me: &CurrentUser,
    id: uuid::Uuid,
    to: &str,
    date: NaiveDate,
) -> anyhow::Result<()> {
    let d = dsp::get(st, id).await.map_err(api)?;
    dsp::step(
        st,
        me,
        id,
        d.version,
        &DispatchStepInput {
            to: to.into(),
            date: Some(date.to_string()),
            ..Default::default()
        },
    )
    .await
    .map_err(api)?;
    Ok(())
}

pub async fn ensure(store: Arc<dyn Store>, clock: &dyn gendan_domain::clock::Clock) -> anyhow::Result<()> {
    let st = AppState::new(
        store.clone(),
        Arc::new(gendan_domain::clock::ManualClock::new(clock.now())),
        WebConfig::default(),
    );
    let today = clock.today();
    let (docs, finance, manager, shipping) = (
        user(&*store, Role::Documentation).await?,
        user(&*store, Role::Finance).await?,
        user(&*store, Role::SalesManager).await?,
        user(&*store, Role::Merchandiser).await?,
    );
    let mut shipments = store
        .list_shipments(&ShipmentQuery {
            limit: 200,
            ..Default::default()
        })
        .await?;
    shipments.sort_by_key(|s| s.created_at);
    let mut n = 0usize;
    for s in &shipments {
        let data: ShipmentData = serde_json::from_value(s.doc.clone())?;
        let Some(on_board) = data
            .milestones
            .iter()
            .find(|m| m.kind == MilestoneKind::OnBoard)
            .map(|m| m.date)
        else {
            continue;
        };
        if gendan_web::trade_documents::list(&st, Some(s.id), None)
            .await
            .map_err(api)?
            .is_empty()
        {
            continue;
        }
        // Open blocking findings of the demo's sets are overridden by the sales manager.
        let check = gendan_web::document_checks::latest(&st, s.id)
            .await
            .map_err(api)?;
        for f in check.findings.iter().filter(|f| {
            f.state == gendan_web::document_checks::FindingState::Open
                && f.finding.severity == gendan_doccheck::Severity::Blocking
        }) {
            gendan_web::document_checks::decide(
                &st,
                &manager,
                s.id,
                &gendan_web::document_checks::DecisionInput {
                    fingerprint: f.fingerprint.clone(),
                    reason: "agreed with the buyer by e-mail; the bank was told".into(),
                },
            )
            .await
            .map_err(api)?;
        }
        let (mut input, _, _) = dsp::defaults(&st, s.id).await.map_err(api)?;
        if input.kind == "courier" {
            input.waybill = Some("1234567891".into());
            input.recipient = Some("The buyer's purchasing department".into());
        }
        if input.kind != "collection" {
            input.collection = None;
        } else if let Some(ci) = input.collection.as_mut() {
            ci.collecting_bank = gendan_domain::dispatch::BankInput {
                name: "ABN AMRO BANK N.V.".into(),
                address: "Gustav Mahlerlaan 10, 1082 PP Amsterdam, Netherlands".into(),
                bic: "ABNANL2A".into(),
            };
            if ci.remitting_bank.bic.trim().is_empty() {
                ci.remitting_bank = gendan_domain::dispatch::BankInput {
                    name: "BANK OF CHINA YANTAI BRANCH".into(),
                    address: "No. 166 Jiefang Road, Yantai, Shandong, China".into(),
                    bic: "BKCHCNBJ500".into(),
                };
            }
        }
        let kind = input.kind.clone();
        let d = match dsp::create(&st, &docs, &input).await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(shipment = %s.number, error = ?e.errors, "demo dispatch skipped");
                continue;
            }
        };
        let sent = (on_board + Days::new(3)).min(today);
        step(&st, &docs, d.id, "sent", sent).await?;
        if kind == "collection" {
            step(
                &st,
                &docs,
                d.id,
                "received",
                (on_board + Days::new(18)).min(today),
            )
            .await?;
        }
        // The money, in one of four ways.
        let contracts: Vec<uuid::Uuid> = {
            let cx = gendan_web::shipments::shipment_context(&st, s.id)
                .await
                .map_err(api)?;
            let mut v: Vec<uuid::Uuid> = cx.items.iter().map(|c| c.contract_id).collect();
            v.dedup();
            v
        };
        let way = n % 4;
        n += 1;
        for c in contracts {
            let rep = rcv::report(
                &st,
                &ReceivableQuery {
                    contract_id: Some(c),
                    include_closed: Some(true),
                    ..Default::default()
                },
            )
            .await
            .map_err(api)?;
            for i in rep.instalments.iter().filter(|i| !i.open.amount.is_zero()) {
                let Some(due) = i.due else { continue };
                let is_balance = i.index + 1 == rep.instalments.len() && rep.instalments.len() > 1;
                let amount = match way {
                    2 if is_balance || rep.instalments.len() == 1 => continue,
                    1 if is_balance || rep.instalments.len() == 1 => {
                        i.open.amount - rust_decimal::Decimal::new(3500, 2)
                    }
                    _ => i.open.amount,
                };
                let value = (due + Days::new(if way == 3 { 9 } else { 2 })).min(today);
                let rate = (i.open.currency.as_str() != "CNY").then(|| "7.1043".to_string());
                rcv::record_receipt(
                    &st,
                    &finance,
                    &NewReceiptInput {
                        customer_id: Some(i.customer_id),
                        receipt: gendan_domain::receivable::ReceiptInput {
                            amount: amount.to_string(),
                            currency: i.open.currency.to_string(),
                            value_date: value.to_string(),
                            bank_reference: format!(
                                "FT{}{:02}{}",
                                value.format("%y%j"),
                                i.index,
                                &i.contract_number.replace(['-', ' '], "")
                            ),
                            bank_charges: Some(if way == 1 { "0" } else { "15.00" }.into()),
                            exchange_rate: rate,
                        },
                        allocations: vec![AllocationInput {
                            contract_id: Some(c),
                            instalment: Some(i.index),
                            amount: amount.to_string(),
                        }],
                        auto_allocate: Some(false),
                        note: (way == 1 && is_balance)
                            .then(|| "the buyer deducted USD 35.00 bank charges".into()),
                    },
                )
                .await
                .map_err(api)?;
            }
        }
        // Paid orders are delivered: the cargo arrives and is released.
        if way == 0 || way == 3 {
            let eta = (on_board + Days::new(30)).min(today);
            for (kind, date) in [("arrived", eta), ("released", eta)] {
                if data.milestones.iter().any(|m| m.kind.as_str() == kind) {
                    continue;
                }
                gendan_web::shipments::add_milestone(
                    &st,
                    &shipping,
                    s.id,
                    &MilestoneInput {
                        kind: kind.into(),
                        date: date.to_string(),
                        source: "forwarder".into(),
                        note: None,
                    },
                )
                .await
                .map_err(api)?;
            }
            if way == 3 && kind == "courier" {
                let d = dsp::get(&st, d.id).await.map_err(api)?;
                let _ = dsp::release(
                    &st,
                    &docs,
                    d.id,
                    d.version,
                    &gendan_web::dispatches::ReleaseInput {
                        kind: "telex_release".into(),
                        reference: Some(format!("TLX-{}", s.number)),
                        date: None,
                    },
                )
                .await;
            }
        }
    }
    rcv::close_all_done(&st).await.map_err(api)?;
    Ok(())
}
