//! The conformance suite every [`Store`] backend passes (Architecture Invariant 3).
//!
//! Each check takes a fresh, migrated, empty store. Backends call [`run_all`] from their
//! own tests; the same checks run on SQLite and on PostgreSQL.

use crate::*;
use chrono::{Duration, TimeZone, Utc};
use gendan_domain::audit::Actor;
use gendan_domain::party::{AddressInput, ContactInput, PartyInput};

fn ctx(minute: u32) -> WriteContext {
    WriteContext {
        actor: Actor::system(),
        at: Utc.with_ymd_and_hms(2026, 11, 27, 8, minute, 0).unwrap(),
    }
}

fn party(kind: &str, latin: &str, zh: Option<&str>) -> PartyData {
    PartyInput {
        kind: kind.into(),
        name_latin: Some(latin.into()),
        name_zh: zh.map(Into::into),
        bic: (kind == "bank").then(|| "ABNANL2A".to_string()),
        addresses: vec![AddressInput {
            line1: "Transportweg 1".into(),
            city: "Rotterdam".into(),
            country: "NL".into(),
            ..Default::default()
        }],
        contacts: vec![ContactInput {
            name: "Jan de Vries".into(),
            email: Some("jan@example.nl".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
    .validate()
    .expect("valid test party")
}

/// Run every check, each on its own fresh store from `fresh`.
pub async fn run_all<F, Fut>(fresh: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = std::sync::Arc<dyn Store>>,
{
    users_sessions_and_tokens(&*fresh().await).await;
    party_crud_with_versions(&*fresh().await).await;
    party_in_use_is_not_deleted(&*fresh().await).await;
    party_list_pages_filters_and_sorts(&*fresh().await).await;
    audit_chain_records_every_write(&*fresh().await).await;
}

pub async fn users_sessions_and_tokens(s: &dyn Store) {
    assert_eq!(s.count_users().await.unwrap(), 0);
    let u = s
        .create_user(
            NewUser {
                email: " Li.Na@Example.cn ".into(),
                display_name: "李娜".into(),
                role: Role::Merchandiser,
                locale: "zh-CN".into(),
                password_hash: "$argon2id$fake".into(),
            },
            &ctx(0),
        )
        .await
        .unwrap();
    assert_eq!(u.email, "li.na@example.cn");
    let dup = s
        .create_user(
            NewUser {
                email: "li.na@example.cn".into(),
                display_name: "x".into(),
                role: Role::Viewer,
                locale: "en".into(),
                password_hash: "x".into(),
            },
            &ctx(0),
        )
        .await;
    assert!(
        matches!(dup, Err(StoreError::Duplicate { field: "email", .. })),
        "{dup:?}"
    );
    let cred = s.user_credentials("LI.NA@example.cn").await.unwrap().unwrap();
    assert_eq!(cred.password_hash, "$argon2id$fake");
    assert_eq!(cred.user, u);

    let now = ctx(1).at;
    s.create_session("h1", "csrf1", u.id, now, now + Duration::hours(1))
        .await
        .unwrap();
    let sess = s.session("h1", now).await.unwrap().unwrap();
    assert_eq!(sess.user.id, u.id);
    assert_eq!(sess.csrf_token, "csrf1");
    assert!(
        s.session("h1", now + Duration::hours(2)).await.unwrap().is_none(),
        "expired"
    );
    s.delete_session("h1").await.unwrap();
    assert!(s.session("h1", now).await.unwrap().is_none());

    let t = s
        .create_token(u.id, "ci", "tokhash", None, &ctx(2))
        .await
        .unwrap();
    assert_eq!(s.token_user("tokhash", now).await.unwrap().unwrap().id, u.id);
    assert_eq!(s.list_tokens(u.id).await.unwrap().len(), 1);
    let r = s.revoke_token(u.id, t.id, &ctx(3)).await.unwrap();
    assert!(r.revoked_at.is_some());
    assert!(
        s.token_user("tokhash", now).await.unwrap().is_none(),
        "revoked token is refused"
    );
    let other = uuid::Uuid::now_v7();
    assert!(matches!(
        s.revoke_token(other, t.id, &ctx(3)).await,
        Err(StoreError::NotFound { .. })
    ));

    let u2 = s.set_user_locale(u.id, "en", &ctx(4)).await.unwrap();
    assert_eq!(u2.locale, "en");
    assert_eq!(u2.version, 2);

    let since = ctx(0).at;
    s.record_login_failure("li.na@example.cn", ctx(5).at)
        .await
        .unwrap();
    s.record_login_failure("li.na@example.cn", ctx(6).at)
        .await
        .unwrap();
    assert_eq!(
        s.count_login_failures("li.na@example.cn", since).await.unwrap(),
        2
    );
    assert_eq!(
        s.count_login_failures("li.na@example.cn", ctx(6).at)
            .await
            .unwrap(),
        1
    );
    s.clear_login_failures("li.na@example.cn").await.unwrap();
    assert_eq!(
        s.count_login_failures("li.na@example.cn", since).await.unwrap(),
        0
    );
}

pub async fn party_crud_with_versions(s: &dyn Store) {
    let p = s
        .create_party(party("bank", "ABN AMRO Bank", Some("荷兰银行")), &ctx(0))
        .await
        .unwrap();
    assert_eq!(p.version, 1);
    let got = s.party(p.id).await.unwrap();
    assert_eq!(got, p);

    let mut d = p.data.clone();
    d.notes = "Collecting bank for Dutch buyers".into();
    let p2 = s.update_party(p.id, 1, d.clone(), &ctx(1)).await.unwrap();
    assert_eq!(p2.version, 2);
    assert_eq!(p2.data.notes, d.notes);

    let mut stale = d.clone();
    stale.notes = "lost update".into();
    match s.update_party(p.id, 1, stale, &ctx(2)).await {
        Err(StoreError::Conflict {
            expected: 1,
            current: 2,
        }) => {}
        other => panic!("stale write must conflict, got {other:?}"),
    }
    assert_eq!(
        s.party(p.id).await.unwrap().data.notes,
        d.notes,
        "stale write changed nothing"
    );

    assert!(matches!(
        s.delete_party(p.id, 1, &ctx(3)).await,
        Err(StoreError::Conflict { .. })
    ));
    s.delete_party(p.id, 2, &ctx(3)).await.unwrap();
    assert!(matches!(s.party(p.id).await, Err(StoreError::NotFound { .. })));
}

pub async fn party_in_use_is_not_deleted(s: &dyn Store) {
    let c = s
        .create_party(party("customer", "Fresh BV", None), &ctx(0))
        .await
        .unwrap();
    let mut cons = party("consignee", "Fresh BV Warehouse", None);
    cons.customer_id = Some(c.id);
    let cons = s.create_party(cons, &ctx(1)).await.unwrap();
    match s.delete_party(c.id, 1, &ctx(2)).await {
        Err(StoreError::InUse(_)) => {}
        other => panic!("deleting a customer with consignees must be refused, got {other:?}"),
    }
    assert!(s.party(c.id).await.is_ok());
    let mut bad = party("notify_party", "Notify", None);
    bad.customer_id = Some(cons.id);
    assert!(matches!(
        s.create_party(bad, &ctx(3)).await,
        Err(StoreError::Invalid(_))
    ));
    s.delete_party(cons.id, 1, &ctx(4)).await.unwrap();
    s.delete_party(c.id, 1, &ctx(5)).await.unwrap();
}

pub async fn party_list_pages_filters_and_sorts(s: &dyn Store) {
    let mut all = Vec::new();
    for i in 0..25 {
        let kind = if i % 5 == 0 { "forwarder" } else { "customer" };
        all.push(party(
            kind,
            &format!("Party {i:02}"),
            (i == 7).then_some("烟台苹果"),
        ));
    }
    let created = s.create_parties(all, &ctx(0)).await.unwrap();
    assert_eq!(created.len(), 25);

    let mut seen = Vec::new();
    let mut q = PartyQuery {
        limit: 10,
        ..Default::default()
    };
    loop {
        let page = s.list_parties(&q).await.unwrap();
        seen.extend(page.items.iter().map(|p| p.data.display_name().to_string()));
        match page.next {
            Some(c) => q.after = Some(c),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen.len(), 25, "pages cover every party once");
    assert_eq!(seen, sorted, "sorted by name");

    let desc = s
        .list_parties(&PartyQuery {
            limit: 3,
            sort: PartySort::NameDesc,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(desc.items[0].data.display_name(), "Party 24");

    let fw = s
        .list_parties(&PartyQuery {
            limit: 100,
            kind: Some(PartyKind::Forwarder),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(fw.items.len(), 5);
    assert!(fw.next.is_none());

    let by_zh = s
        .list_parties(&PartyQuery {
            limit: 10,
            search: Some("苹果".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_zh.items.len(), 1);
    assert_eq!(by_zh.items[0].data.name_latin.as_deref(), Some("Party 07"));
    let by_latin = s
        .list_parties(&PartyQuery {
            limit: 10,
            search: Some("PARTY 1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_latin.items.len(), 10, "case-insensitive: Party 10..19");
    let wild = s
        .list_parties(&PartyQuery {
            limit: 10,
            search: Some("%".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(wild.items.len(), 0, "LIKE wildcards are matched literally");

    // The JSON pages (built by the database from each party's stored document) are the
    // typed pages, field for field, also after an update and with every filter and sort.
    let mut changed = created[3].data.clone();
    changed.notes = "changed after creation".into();
    s.update_party(created[3].id, 1, changed, &ctx(1)).await.unwrap();
    for sort in [
        PartySort::NameAsc,
        PartySort::NameDesc,
        PartySort::CreatedAsc,
        PartySort::CreatedDesc,
    ] {
        for (kind, search) in [
            (None, None),
            (Some(PartyKind::Customer), None),
            (None, Some("party 1".to_string())),
        ] {
            let mut q = PartyQuery {
                limit: 4,
                sort,
                kind,
                search,
                ..Default::default()
            };
            loop {
                let typed = s.list_parties(&q).await.unwrap();
                let json = s.list_parties_json(&q).await.unwrap();
                let expected = serde_json::to_value(&typed.items).unwrap();
                let got: serde_json::Value = serde_json::from_str(&json.items_json).unwrap();
                assert_eq!(got, expected, "{sort:?} {q:?}");
                assert_eq!(json.next, typed.next);
                match typed.next {
                    Some(c) => q.after = Some(c),
                    None => break,
                }
            }
        }
    }
    let empty = s
        .list_parties_json(&PartyQuery {
            limit: 5,
            search: Some("nothing like this".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(empty.items_json, "[]");
    assert!(empty.next.is_none());

    let newest = s
        .list_parties(&PartyQuery {
            limit: 1,
            sort: PartySort::CreatedDesc,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(newest.items[0].id, created[24].id);
}

pub async fn audit_chain_records_every_write(s: &dyn Store) {
    let p = s
        .create_party(
            party("carrier", "COSCO Shipping Lines", Some("中远海运")),
            &ctx(0),
        )
        .await
        .unwrap();
    let mut d = p.data.clone();
    d.name_latin = Some("COSCO SHIPPING Lines Co., Ltd.".into());
    s.update_party(p.id, 1, d, &ctx(1)).await.unwrap();
    let ev = s
        .audit_events(&AuditQuery {
            entity_type: Some("party".into()),
            entity_id: Some(p.id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].action, "update", "newest first");
    let ch = &ev[0].changes["name_latin"];
    assert_eq!(ch.before.as_deref(), Some("COSCO Shipping Lines"));
    assert_eq!(ch.after.as_deref(), Some("COSCO SHIPPING Lines Co., Ltd."));
    assert_eq!(ev[0].changes.len(), 1, "only the changed field");
    assert_eq!(ev[1].action, "create");
    assert_eq!(ev[0].prev_hash, ev[1].hash);
    let report = s.verify_audit_chain().await.unwrap();
    assert!(report.first_broken.is_none(), "{report:?}");
    assert_eq!(report.events_checked, 2);
}
