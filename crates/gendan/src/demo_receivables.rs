//! The demo's dispatches, receipts and closed orders (issue 9): every shipment with a
//! document set is dispatched the way its contract's terms want (by courier for T/T, through
//! the banks for D/P and D/A, as a presentation under an L/C). Shipments already arrived are
//! paid in full (the order closes by itself), in full with the cargo released by telex, or
//! short by the bank charges the buyer deducted; the others wait with the balance overdue.
//! All through the web use cases, so the rules are the app's own.

use anyhow::anyhow;
use chrono::{Days, NaiveDate};
use gendan_domain::role::Role;
use gendan_domain::shipment::{MilestoneKind, ShipmentData};
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
    let (docs, finance, manager) = (
        user(&*store, Role::Documentation).await?,
        user(&*store, Role::Finance).await?,
        user(&*store, Role::SalesManager).await?,
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
            if input
                .collection
                .as_ref()
                .is_some_and(|c| c.release.trim().eq_ignore_ascii_case("D/A"))
            {
                step(
                    &st,
                    &docs,
                    d.id,
                    "accepted",
                    (on_board + Days::new(19)).min(today),
                )
                .await?;
            }
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
        // The demo keeps a shipment at every stage: only those already arrived are paid off
        // (two ways in turn, and one short), the others wait with their balance overdue.
        let delivered = matches!(s.stage.as_str(), "arrived" | "released");
        let way = if delivered {
            n += 1;
            [1, 0, 3][(n - 1) % 3]
        } else {
            2
        };
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
        // Paid in full: the cargo is released by telex.
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
    // Orders closed before Gendan followed them were paid in full; of the confirmed orders
    // waiting for their goods, every other one has paid its deposit (the rest are overdue).
    let rep = rcv::report(
        &st,
        &ReceivableQuery {
            include_closed: Some(true),
            ..Default::default()
        },
    )
    .await
    .map_err(api)?;
    let mut waiting = 0usize;
    for o in &rep.orders {
        let old = o.state == gendan_domain::contract::ContractState::Closed;
        let untouched =
            o.paid.amount.is_zero() && o.open_reasons.iter().any(|r| r == "documents_not_dispatched");
        if !untouched || o.open.amount.is_zero() {
            continue;
        }
        let pay: Vec<&rcv::InstalmentView> = if old {
            o.instalments.iter().collect()
        } else if o.state == gendan_domain::contract::ContractState::Confirmed {
            waiting += 1;
            if waiting.is_multiple_of(2) {
                continue;
            }
            o.instalments
                .iter()
                .filter(|i| i.basis == "contract_confirmed" && i.due.is_some())
                .collect()
        } else {
            continue;
        };
        for i in pay {
            let value = i.due.map_or(today, |d| (d + Days::new(4)).min(today));
            rcv::record_receipt(
                &st,
                &finance,
                &NewReceiptInput {
                    customer_id: Some(i.customer_id),
                    receipt: gendan_domain::receivable::ReceiptInput {
                        amount: i.open.amount.to_string(),
                        currency: i.open.currency.to_string(),
                        value_date: value.to_string(),
                        bank_reference: format!(
                            "FT{}{:02}{}",
                            value.format("%y%j"),
                            i.index,
                            i.contract_number.replace(['-', ' '], "")
                        ),
                        bank_charges: Some("20.00".into()),
                        exchange_rate: (i.open.currency.as_str() != "CNY").then(|| "7.0987".to_string()),
                    },
                    allocations: vec![AllocationInput {
                        contract_id: Some(i.contract_id),
                        instalment: Some(i.index),
                        amount: i.open.amount.to_string(),
                    }],
                    auto_allocate: Some(false),
                    note: None,
                },
            )
            .await
            .map_err(api)?;
        }
    }
    rcv::close_all_done(&st).await.map_err(api)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use gendan_domain::clock::ManualClock;
    use gendan_web::receivables::{self as rcv, ReceivableQuery};

    #[tokio::test]
    async fn the_demo_has_dispatches_of_every_kind_closed_orders_one_short_paid_and_one_overdue() {
        let dir = tempfile::tempdir().unwrap();
        let store = gendan_store_sql::testing::fresh_store(dir.path()).await;
        let clock = ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap());
        assert!(crate::demo::ensure(&store, &clock).await.unwrap());
        let st = gendan_web::AppState::new(
            store.clone(),
            std::sync::Arc::new(ManualClock::new(gendan_domain::clock::Clock::now(&clock))),
            gendan_web::WebConfig::default(),
        );
        let dispatches = gendan_web::dispatches::list(&st, None, 100).await.unwrap();
        let kinds: std::collections::BTreeSet<&str> = dispatches.iter().map(|d| d.kind.as_str()).collect();
        assert!(kinds.len() >= 2, "dispatches of several kinds: {kinds:?}");
        assert!(
            dispatches.iter().all(|d| d.state != "prepared"),
            "every demo dispatch went"
        );
        let rep = rcv::report(
            &st,
            &ReceivableQuery {
                include_closed: Some(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let closed = rep
            .orders
            .iter()
            .filter(|o| o.state == gendan_domain::contract::ContractState::Closed && o.open.amount.is_zero())
            .count();
        assert!(closed >= 2, "several orders closed: {closed}");
        assert!(rep.instalments.iter().any(|i| i.short_paid), "one is short-paid");
        assert!(
            rep.instalments.iter().any(|i| i.days_overdue > 0),
            "one is overdue"
        );
        let methods: std::collections::BTreeSet<String> = rep
            .orders
            .iter()
            .flat_map(|o| o.instalments.iter())
            .map(|i| i.wording.split_whitespace().skip(1).take(1).collect::<String>())
            .collect();
        assert!(
            methods.len() >= 4,
            "orders under T/T, D/P, D/A and L/C: {methods:?}"
        );
        assert!(
            dispatches.iter().any(|d| d.state == "accepted"),
            "a D/A draft accepted: {dispatches:?}"
        );
        assert!(!rcv::receipts(&st, None, 100).await.unwrap().is_empty());
    }
}
