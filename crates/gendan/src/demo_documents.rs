//! The demo's trade documents (单证): complete sets for the shipments already stuffed, in
//! several states — one sent (invoice checked by two people, final and sent; the forwarder's
//! final B/L, the certificate of origin and the phytosanitary certificate received with their
//! scans), one checked once and waiting for the second check with the draft B/L received, and
//! the others freshly generated. Everything goes through the web use cases
//! (`gendan_web::trade_documents`), so the numbers, checks and rules are the app's own.

use anyhow::{Context, anyhow};
use gendan_domain::document_set as ds;
use gendan_domain::role::Role;
use gendan_domain::shipping_documents::ShippingInstruction;
use gendan_domain::trade_document::{CheckResult, TradeDocumentKind as K};
use gendan_store::{ShipmentQuery, Store};
use gendan_web::auth::{CurrentUser, Via};
use gendan_web::document_print;
use gendan_web::error::ApiError;
use gendan_web::trade_documents::{self as tdocs, CheckInput, DocumentView, GenerateInput, ReceivedInput};
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

/// The B/L the forwarder sends back for our shipping instruction: what we asked for, on
/// board on the sailing date, signed for the carrier.
fn bill_of_lading(
    si: &ShippingInstruction,
    number: &str,
    on_board: chrono::NaiveDate,
    final_copy: bool,
) -> ds::BillOfLading {
    ds::BillOfLading {
        number: number.to_string(),
        carrier: si.carrier.clone(),
        signed_by: Some(ds::Signature {
            name: format!(
                "{} AS CARRIER",
                si.carrier.clone().unwrap_or_default().to_uppercase()
            ),
            capacity: "CARRIER".into(),
        }),
        bl_type: "SHIPPED".into(),
        issue_date: on_board,
        on_board_notation: None,
        shipper: si.shipper.clone(),
        consignee: si.consignee.clone(),
        consignee_party: si.consignee_party.clone(),
        notify: si.notify.clone(),
        vessel: si.vessel.clone(),
        voyage: si.voyage.clone(),
        intended_vessel: false,
        port_of_loading: Some(si.port_of_loading.clone()),
        port_of_discharge: Some(si.port_of_discharge.clone()),
        transhipment: false,
        port_of_transhipment: None,
        goods_description: Some(si.goods_description.clone()),
        packages_total: Some(si.packages_total),
        package_type: si.package_type.clone(),
        gross_weight_kg: Some(si.gross_weight_kg),
        measurement_cbm: si.measurement_cbm,
        containers: si.containers.clone(),
        marks: si.marks.clone(),
        freight: Some(si.freight.clone()),
        clauses: vec![],
        originals_issued: final_copy.then_some(si.originals),
        originals_presented: None,
        lc_number: si.lc_number.clone(),
    }
}

async fn doc(st: &AppState, docs: &[DocumentView], kind: K) -> anyhow::Result<DocumentView> {
    let v = docs
        .iter()
        .find(|d| d.kind == kind)
        .ok_or_else(|| anyhow!("the demo set has no {}", kind.as_str()))?;
    tdocs::view(st, st.store.document(v.id).await?).await.map_err(api)
}

async fn check(
    st: &AppState,
    who: &CurrentUser,
    d: &DocumentView,
    compared: &str,
) -> anyhow::Result<DocumentView> {
    tdocs::add_check(
        st,
        who,
        d.id,
        &CheckInput {
            revision: d.revision,
            compared: compared.into(),
            result: CheckResult::Passed,
            note: None,
        },
    )
    .await
    .map_err(api)
}

/// Record a received document with its scan: the recorded data printed as the forwarder's
/// or the authority's paper would be, a real PDF.
async fn receive(
    st: &AppState,
    who: &CurrentUser,
    shipment: uuid::Uuid,
    kind: K,
    data: serde_json::Value,
    scan_name: &str,
) -> anyhow::Result<DocumentView> {
    let v = tdocs::record_received(
        st,
        who,
        shipment,
        &ReceivedInput {
            kind,
            data,
            scan: None,
        },
    )
    .await
    .map_err(api)?;
    let rec = st.store.document(v.id).await?;
    let bytes = document_print::pdf(st, &rec, Some("en")).await.map_err(api)?;
    let scan = tdocs::decode_scan("scan", scan_name, Ok(bytes)).map_err(|e| anyhow!("{e:?}"))?;
    tdocs::attach(st, who, v.id, scan).await.map_err(api)
}

pub async fn ensure(store: Arc<dyn Store>, clock: &dyn gendan_domain::clock::Clock) -> anyhow::Result<()> {
    let st = AppState::new(
        store.clone(),
        Arc::new(gendan_domain::clock::ManualClock::new(clock.now())),
        WebConfig::default(),
    );
    let (docs, merch, manager) = (
        user(&*store, Role::Documentation).await?,
        user(&*store, Role::Merchandiser).await?,
        user(&*store, Role::SalesManager).await?,
    );
    let mut shipments = store
        .list_shipments(&ShipmentQuery {
            limit: 200,
            ..Default::default()
        })
        .await?;
    shipments.sort_by_key(|s| s.created_at);
    let mut made = 0;
    for s in &shipments {
        let data: gendan_domain::shipment::ShipmentData = serde_json::from_value(s.doc.clone())?;
        if data.containers.iter().all(|k| k.lines.is_empty()) {
            continue;
        }
        tdocs::generate(&st, &docs, s.id, &GenerateInput::default(), &|_| {})
            .await
            .map_err(api)
            .with_context(|| format!("documents of shipment {}", s.number))?;
        let set = tdocs::list(&st, Some(s.id), None).await.map_err(api)?;
        let si: ShippingInstruction =
            serde_json::from_value(doc(&st, &set, K::ShippingInstruction).await?.data)?;
        let bl_number = data
            .bl_number
            .clone()
            .unwrap_or_else(|| format!("DEMO{}", &s.number.replace(['-', ' '], "")));
        let sailed = data
            .milestones
            .iter()
            .find(|m| m.kind == gendan_domain::shipment::MilestoneKind::OnBoard)
            .map(|m| m.date);
        match made {
            0 => {
                // Sent: both checks, final, sent; the final B/L and the certificates received.
                let inv = doc(&st, &set, K::CommercialInvoice).await?;
                let inv = check(
                    &st,
                    &docs,
                    &inv,
                    "invoice against the contract, the instruction and the packing list",
                )
                .await?;
                let inv = check(
                    &st,
                    &merch,
                    &inv,
                    "invoice figures against the containers and the contract prices",
                )
                .await?;
                let inv = tdocs::finalise(&st, &manager, inv.id, inv.version)
                    .await
                    .map_err(api)?;
                tdocs::mark_sent(&st, &docs, inv.id, inv.version)
                    .await
                    .map_err(api)?;
                let pl = doc(&st, &set, K::PackingList).await?;
                let pl = check(
                    &st,
                    &docs,
                    &pl,
                    "packing list against the containers and the seals",
                )
                .await?;
                check(&st, &merch, &pl, "packing list against the invoice").await?;
                let on_board = sailed.unwrap_or(si.date);
                let mut bl = bill_of_lading(&si, &bl_number, on_board, true);
                bl.issue_date = on_board;
                receive(
                    &st,
                    &docs,
                    s.id,
                    K::BillOfLading,
                    serde_json::to_value(&bl)?,
                    "bl-final.pdf",
                )
                .await?;
                if let Ok(co) = doc(&st, &set, K::CertificateOfOriginApplication).await {
                    let mut c: ds::CertificateOfOrigin = serde_json::from_value(co.data.clone())?;
                    c.number = Some(format!(
                        "CCPIT{}{}",
                        on_board.format("%y"),
                        &co.number.replace(['-'], "")
                    ));
                    c.issue_date = Some(si.date);
                    receive(
                        &st,
                        &docs,
                        s.id,
                        K::CertificateOfOrigin,
                        serde_json::to_value(&c)?,
                        "co.pdf",
                    )
                    .await?;
                }
                if let Ok(ph) = doc(&st, &set, K::PhytosanitaryApplication).await {
                    let mut p: ds::PhytosanitaryCertificate = serde_json::from_value(ph.data.clone())?;
                    p.number = Some(format!("PQ{}", ph.number.replace(['-'], "")));
                    p.issue_date = Some(si.date);
                    p.inspection_date = Some(si.date);
                    receive(
                        &st,
                        &docs,
                        s.id,
                        K::PhytosanitaryCertificate,
                        serde_json::to_value(&p)?,
                        "phyto.pdf",
                    )
                    .await?;
                }
            }
            1 => {
                // Waiting for the second check; the forwarder's draft B/L is in.
                let inv = doc(&st, &set, K::CommercialInvoice).await?;
                check(&st, &docs, &inv, "invoice against the contract and the L/C").await?;
                let bl = bill_of_lading(&si, &bl_number, sailed.unwrap_or(si.date), false);
                receive(
                    &st,
                    &docs,
                    s.id,
                    K::BillOfLading,
                    serde_json::to_value(&bl)?,
                    "bl-draft.pdf",
                )
                .await?;
            }
            _ => {}
        }
        made += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use gendan_domain::clock::ManualClock;
    use gendan_domain::trade_document::{DocumentState, TradeDocumentKind as K};
    use gendan_store::DocumentQuery;

    #[tokio::test]
    async fn the_demo_has_document_sets_sent_half_checked_and_fresh_with_received_papers() {
        let dir = tempfile::tempdir().unwrap();
        let store = gendan_store_sql::testing::fresh_store(dir.path()).await;
        let clock = ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap());
        assert!(crate::demo::ensure(&store, &clock).await.unwrap());
        let st = gendan_web::AppState::new(
            store.clone(),
            std::sync::Arc::new(ManualClock::new(gendan_domain::clock::Clock::now(&clock))),
            gendan_web::WebConfig::default(),
        );
        let all = store
            .list_documents(&DocumentQuery {
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap();
        let mut states = Vec::new();
        for d in &all {
            states.push((
                d.kind,
                gendan_web::trade_documents::view(&st, d.clone())
                    .await
                    .unwrap()
                    .state,
            ));
        }
        assert!(
            states.contains(&(K::CommercialInvoice, DocumentState::Sent)),
            "{states:?}"
        );
        assert!(
            states.contains(&(K::CommercialInvoice, DocumentState::Draft)),
            "{states:?}"
        );
        assert!(
            states.contains(&(K::PackingList, DocumentState::Checked)),
            "{states:?}"
        );
        let bls: Vec<_> = all.iter().filter(|d| d.kind == K::BillOfLading).collect();
        assert_eq!(bls.len(), 2, "a final and a draft B/L");
        for b in bls {
            let scans = store.attachments("trade_document", b.id).await.unwrap();
            assert_eq!(scans.len(), 1);
            assert_eq!(scans[0].content_type, "application/pdf");
        }
        assert!(
            all.iter()
                .any(|d| d.kind == K::CertificateOfOrigin || d.kind == K::PhytosanitaryCertificate)
        );
        // Every demo set exports in the interchange format.
        let shipments: std::collections::BTreeSet<_> = all.iter().map(|d| d.shipment_id).collect();
        for s in shipments {
            let set = gendan_web::trade_documents::export_set(&st, s).await.unwrap();
            assert!(set.invoice.total_amount > rust_decimal::Decimal::ZERO);
        }
    }
}
