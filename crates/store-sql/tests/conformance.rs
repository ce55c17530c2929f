//! The store conformance suite on SQLite (always) and on PostgreSQL (when
//! `GENDAN_TEST_DATABASE_URL` is set; `.ci/run` sets it and fails if PostgreSQL is absent).

use gendan_store::Store;
use gendan_store_sql::testing::{create_postgres_database, fresh_store, postgres_url};
use gendan_store_sql::{PgStore, SqliteStore};
use std::sync::Arc;

#[tokio::test]
async fn conformance_on_the_configured_backend() {
    let dir = tempfile::tempdir().unwrap();
    let counter = std::sync::atomic::AtomicU32::new(0);
    gendan_store::conformance::run_all(|| {
        let sub = dir.path().join(
            counter
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                .to_string(),
        );
        std::fs::create_dir_all(&sub).unwrap();
        async move { fresh_store(&sub).await }
    })
    .await;
}

/// An event edited directly in the database (around the append-only trigger) is found.
#[tokio::test]
async fn verify_names_the_event_edited_behind_its_back() {
    let dir = tempfile::tempdir().unwrap();
    let forged = r#"{"name_latin":{"before":null,"after":"UPS"}}"#;
    let update = "UPDATE audit_events SET changes = $1 WHERE seq = 2";
    let store: Arc<dyn Store> = match postgres_url() {
        Some(url) => {
            let db = create_postgres_database(&url).await.unwrap();
            let s = PgStore::connect(&db).await.unwrap();
            write_three(&s).await;
            let pool = s.raw_pool();
            assert!(
                sqlx::query(update).bind(forged).execute(pool).await.is_err(),
                "the trigger refuses updates"
            );
            sqlx::query("DROP TRIGGER audit_events_no_change ON audit_events")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query(update).bind(forged).execute(pool).await.unwrap();
            Arc::new(s)
        }
        None => {
            let s = SqliteStore::open(&dir.path().join("gendan.db")).await.unwrap();
            write_three(&s).await;
            let pool = s.raw_pool();
            assert!(
                sqlx::query(update).bind(forged).execute(pool).await.is_err(),
                "the trigger refuses updates"
            );
            sqlx::query("DROP TRIGGER audit_events_no_update")
                .execute(pool)
                .await
                .unwrap();
            sqlx::query(update).bind(forged).execute(pool).await.unwrap();
            Arc::new(s)
        }
    };
    let report = store.verify_audit_chain().await.unwrap();
    let broken = report.first_broken.expect("verify must fail");
    assert_eq!(broken.seq, 2);
    assert_eq!(report.events_checked, 1);
}

async fn write_three(store: &dyn Store) {
    let ctx = gendan_store::WriteContext {
        actor: gendan_domain::audit::Actor::system(),
        at: chrono::DateTime::parse_from_rfc3339("2026-11-27T08:00:00Z")
            .unwrap()
            .to_utc(),
    };
    for n in ["DHL", "TNT", "FedEx"] {
        let d = gendan_domain::party::PartyInput {
            kind: "courier".into(),
            name_latin: Some(n.into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store.create_party(d, &ctx).await.unwrap();
    }
    assert!(store.verify_audit_chain().await.unwrap().first_broken.is_none());
}

/// Contract numbers have no gaps and no duplicates when many are created at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn contract_numbers_have_no_gaps_under_concurrency() {
    use gendan_domain::audit::Actor;
    use gendan_domain::contract::NumberPattern;
    use gendan_domain::party::{AddressInput, PartyInput};
    use gendan_store::{NewContract, WriteContext};
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path()).await;
    let ctx = WriteContext {
        actor: Actor::system(),
        at: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 1, 8, 0, 0).unwrap(),
    };
    let buyer = store
        .create_party(
            PartyInput {
                kind: "customer".into(),
                name_latin: Some("Fresh BV".into()),
                addresses: vec![AddressInput {
                    line1: "Kade 1".into(),
                    city: "Rotterdam".into(),
                    country: "NL".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }
            .validate()
            .unwrap(),
            &ctx,
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        let ctx = ctx.clone();
        tasks.push(tokio::spawn(async move {
            // Every fifth one is refused (a buyer that does not exist) and must not use a number.
            let buyer_id = if i % 5 == 4 {
                uuid::Uuid::now_v7()
            } else {
                buyer.id
            };
            store
                .create_contract(
                    NewContract {
                        pattern: NumberPattern::parse("SC-{yyyy}-{seq:04}").unwrap(),
                        contract_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                        buyer_id,
                        search_text: String::new(),
                        doc: serde_json::json!({}),
                    },
                    &ctx,
                )
                .await
                .map(|c| c.number)
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        if let Ok(n) = t.await.unwrap() {
            numbers.push(n);
        }
    }
    numbers.sort();
    let expected: Vec<String> = (1..=32).map(|i| format!("SC-2026-{i:04}")).collect();
    assert_eq!(numbers, expected);
}

/// The facts of bookings, shipments and documents are append-only: the database refuses to
/// change them.
#[tokio::test]
async fn booking_shipment_and_document_facts_are_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let statements = [
        "UPDATE booking_revisions SET action = 'edit'",
        "DELETE FROM booking_revisions",
        "UPDATE shipment_events SET action = 'edit'",
        "DELETE FROM shipment_events",
        "UPDATE trade_document_revisions SET author = 'x'",
        "DELETE FROM trade_document_revisions",
        "UPDATE trade_document_checks SET revision = 9",
        "DELETE FROM trade_document_checks",
        "UPDATE document_check_runs SET blocking = 0",
        "DELETE FROM document_check_runs",
        "UPDATE document_finding_decisions SET reason = 'x'",
        "DELETE FROM document_finding_decisions",
        "UPDATE dispatch_events SET note = 'x'",
        "DELETE FROM dispatch_events",
    ];
    match postgres_url() {
        Some(url) => {
            let db = create_postgres_database(&url).await.unwrap();
            let s = PgStore::connect(&db).await.unwrap();
            gendan_store::conformance::bookings_and_shipments(&s).await;
            gendan_store::conformance::documents_revisions_checks_and_finalising(&s).await;
            for q in statements {
                assert!(
                    sqlx::query(q).execute(s.raw_pool()).await.is_err(),
                    "{q} went through"
                );
            }
        }
        None => {
            let s = SqliteStore::open(&dir.path().join("gendan.db")).await.unwrap();
            gendan_store::conformance::bookings_and_shipments(&s).await;
            gendan_store::conformance::documents_revisions_checks_and_finalising(&s).await;
            for q in statements {
                assert!(
                    sqlx::query(q).execute(s.raw_pool()).await.is_err(),
                    "{q} went through"
                );
            }
        }
    }
}
