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
    records_keep_every_version(&*fresh().await).await;
    contracts_number_step_and_amend(&*fresh().await).await;
    bookings_and_shipments(&*fresh().await).await;
    documents_revisions_checks_and_finalising(&*fresh().await).await;
    receipts_ledger_outbox_and_tasks(&*fresh().await).await;
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

fn product_write(sku: &str, name: &str) -> RecordWrite {
    RecordWrite {
        kind: RecordKind::Product,
        key: sku.into(),
        parent_id: None,
        search_text: format!("{sku} {name}").to_lowercase(),
        doc: serde_json::json!({"sku": sku, "name_en": name, "packages": [{"net_kg": "18"}]}),
    }
}

pub async fn records_keep_every_version(s: &dyn Store) {
    let r = s
        .create_record(product_write("FUJI-80", "Fuji apples"), &ctx(0))
        .await
        .unwrap();
    assert_eq!(r.version, 1);
    assert_eq!(s.record(RecordKind::Product, r.id).await.unwrap(), r);
    assert!(matches!(
        s.record(RecordKind::LetterOfCredit, r.id).await,
        Err(StoreError::NotFound { .. })
    ));
    match s.create_record(product_write("FUJI-80", "again"), &ctx(1)).await {
        Err(StoreError::Duplicate { field: "sku", .. }) => {}
        other => panic!("duplicate SKU must be refused, got {other:?}"),
    }
    let r2 = s
        .update_record(
            RecordKind::Product,
            r.id,
            1,
            product_write("FUJI-80", "Fuji apples, fresh"),
            &ctx(2),
        )
        .await
        .unwrap();
    assert_eq!(r2.version, 2);
    assert!(matches!(
        s.update_record(
            RecordKind::Product,
            r.id,
            1,
            product_write("FUJI-80", "lost"),
            &ctx(3)
        )
        .await,
        Err(StoreError::Conflict {
            expected: 1,
            current: 2
        })
    ));
    let revs = s.record_revisions(RecordKind::Product, r.id).await.unwrap();
    assert_eq!(revs.iter().map(|r| r.version).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(revs[0].doc["name_en"], "Fuji apples");
    // All or nothing: the second row's duplicate SKU leaves the first unsaved.
    assert!(
        s.create_records(
            vec![product_write("PEAR-1", "Pears"), product_write("FUJI-80", "dup")],
            &ctx(4)
        )
        .await
        .is_err()
    );
    assert_eq!(s.count_records(RecordKind::Product).await.unwrap(), 1);
    assert_eq!(
        s.create_records(
            vec![
                product_write("PEAR-1", "Ya pears"),
                product_write("GALA-1", "Gala")
            ],
            &ctx(5)
        )
        .await
        .unwrap(),
        2
    );
    let found = s
        .list_records(&RecordQuery {
            kind: RecordKind::Product,
            search: Some("PEAR".into()),
            parent_id: None,
            limit: 10,
            offset: 0,
        })
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        vec!["PEAR-1"]
    );
    let all = s
        .list_records(&RecordQuery {
            kind: RecordKind::Product,
            search: None,
            parent_id: None,
            limit: 10,
            offset: 0,
        })
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        vec!["FUJI-80", "GALA-1", "PEAR-1"]
    );
    s.delete_record(RecordKind::Product, r.id, 2, &ctx(6))
        .await
        .unwrap();
    let ev = s
        .audit_events(&AuditQuery {
            entity_type: Some("product".into()),
            entity_id: Some(r.id),
            before_seq: None,
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(
        ev.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["delete", "update", "create"]
    );
    assert!(ev[1].changes.contains_key("name_en"));
}

fn actor_ctx(user: &User, minute: u32) -> WriteContext {
    WriteContext {
        actor: Actor::user(user.id, &user.email),
        at: Utc.with_ymd_and_hms(2026, 11, 27, 9, minute, 0).unwrap(),
    }
}

pub async fn contracts_number_step_and_amend(s: &dyn Store) {
    use gendan_domain::contract::{ContractAction, ContractState, NumberPattern};
    use gendan_domain::role::Role;
    let user = |email: &str, role: Role| NewUser {
        email: email.into(),
        display_name: email.into(),
        role,
        locale: "en".into(),
        password_hash: "x".into(),
    };
    let author = s
        .create_user(user("m@x.cn", Role::Merchandiser), &ctx(0))
        .await
        .unwrap();
    let manager = s
        .create_user(user("boss@x.cn", Role::SalesManager), &ctx(0))
        .await
        .unwrap();
    let buyer = s
        .create_party(party("customer", "Fresh BV", None), &ctx(0))
        .await
        .unwrap();
    let bank = s.create_party(party("bank", "ABN", None), &ctx(0)).await.unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let new = |buyer_id| NewContract {
        pattern: NumberPattern::parse("SC-{yyyy}-{seq:04}").unwrap(),
        contract_date: date,
        buyer_id,
        search_text: "fresh bv".into(),
        doc: serde_json::json!({"lines": [{"quantity": "1800"}]}),
    };
    assert!(matches!(
        s.create_contract(new(bank.id), &actor_ctx(&author, 0)).await,
        Err(StoreError::Invalid(_))
    ));
    let c1 = s
        .create_contract(new(buyer.id), &actor_ctx(&author, 1))
        .await
        .unwrap();
    let c2 = s
        .create_contract(new(buyer.id), &actor_ctx(&author, 2))
        .await
        .unwrap();
    assert_eq!(c1.number, "SC-2026-0001", "the refused creation used no number");
    assert_eq!(c2.number, "SC-2026-0002");
    assert_eq!((c1.state, c1.revision, c1.version), (ContractState::Draft, 1, 1));
    let step = |action, role, reason: Option<&str>| ContractStep {
        action,
        role,
        reason: reason.map(Into::into),
        detail: serde_json::json!({}),
        amendment: None,
        attachment: None,
    };
    let c = s
        .contract_step(
            c1.id,
            1,
            step(ContractAction::Submit, Role::Merchandiser, None),
            &actor_ctx(&author, 3),
        )
        .await
        .unwrap();
    assert_eq!((c.state, c.version), (ContractState::Submitted, 2));
    // The author may not approve; a merchandiser may not either; nothing changes.
    match s
        .contract_step(
            c1.id,
            2,
            step(ContractAction::Approve, Role::SalesManager, None),
            &actor_ctx(&author, 4),
        )
        .await
    {
        Err(StoreError::Transition(t)) => assert!(t.0.iter().any(|e| matches!(
            e,
            gendan_domain::contract::TransitionError::AuthorMayNotDecide { .. }
        ))),
        other => panic!("four eyes: {other:?}"),
    }
    assert_eq!(s.contract(c1.id).await.unwrap().state, ContractState::Submitted);
    let c = s
        .contract_step(
            c1.id,
            2,
            step(ContractAction::Approve, Role::SalesManager, None),
            &actor_ctx(&manager, 5),
        )
        .await
        .unwrap();
    assert_eq!(c.state, ContractState::Approved);
    // Editing an approved contract is refused; amending makes revision 2, back to draft.
    let edit = ContractEdit {
        contract_date: date,
        buyer_id: buyer.id,
        search_text: "fresh bv".into(),
        doc: serde_json::json!({"lines": [{"quantity": "2000"}]}),
    };
    assert!(matches!(
        s.update_contract(c1.id, 3, edit.clone(), &actor_ctx(&author, 6))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let mut amend = step(ContractAction::Amend, Role::Merchandiser, None);
    amend.amendment = Some(edit);
    let c = s
        .contract_step(c1.id, 3, amend, &actor_ctx(&author, 7))
        .await
        .unwrap();
    assert_eq!((c.state, c.revision), (ContractState::Draft, 2));
    assert_eq!(c.doc["lines"][0]["quantity"], "2000");
    let revs = s.contract_revisions(c1.id).await.unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(
        revs[0].doc["lines"][0]["quantity"], "1800",
        "revision 1 is kept as it was"
    );
    // Confirm needs the countersigned copy, kept as an attachment.
    for (i, (a, who)) in [
        (ContractAction::Submit, &author),
        (ContractAction::Approve, &manager),
        (ContractAction::Send, &author),
    ]
    .into_iter()
    .enumerate()
    {
        let role = if who.id == manager.id {
            Role::SalesManager
        } else {
            Role::Merchandiser
        };
        let v = s.contract(c1.id).await.unwrap().version;
        s.contract_step(c1.id, v, step(a, role, None), &actor_ctx(who, 8 + i as u32))
            .await
            .unwrap();
    }
    let v = s.contract(c1.id).await.unwrap().version;
    assert!(matches!(
        s.contract_step(
            c1.id,
            v,
            step(ContractAction::Confirm, Role::Merchandiser, None),
            &actor_ctx(&author, 20)
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    let mut confirm = step(ContractAction::Confirm, Role::Merchandiser, None);
    confirm.attachment = Some(NewAttachment {
        purpose: "countersigned".into(),
        file_name: "signed.pdf".into(),
        content_type: "application/pdf".into(),
        data: b"%PDF-1.4 signed".to_vec(),
    });
    let c = s
        .contract_step(c1.id, v, confirm, &actor_ctx(&author, 21))
        .await
        .unwrap();
    assert_eq!(c.state, ContractState::Confirmed);
    let atts = s.attachments("contract", c1.id).await.unwrap();
    assert_eq!(atts.len(), 1);
    let (_, data) = s.attachment_data(atts[0].id).await.unwrap();
    assert_eq!(data, b"%PDF-1.4 signed");
    let events = s.contract_events(c1.id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec![
            "create", "submit", "approve", "amend", "submit", "approve", "send", "confirm"
        ]
    );
    assert_eq!(
        events.last().unwrap().to_state,
        c.state.as_str(),
        "the state is the last fact's"
    );
    // Cancel needs a reason.
    match s
        .contract_step(
            c2.id,
            1,
            step(ContractAction::Cancel, Role::SalesManager, None),
            &actor_ctx(&manager, 30),
        )
        .await
    {
        Err(StoreError::Transition(_)) => {}
        other => panic!("reason required: {other:?}"),
    }
    let c = s
        .contract_step(
            c2.id,
            1,
            step(ContractAction::Cancel, Role::SalesManager, Some("buyer withdrew")),
            &actor_ctx(&manager, 31),
        )
        .await
        .unwrap();
    assert_eq!(c.state, ContractState::Cancelled);
    let counts = s.count_contracts_by_state().await.unwrap();
    assert_eq!(
        counts,
        vec![(ContractState::Cancelled, 1), (ContractState::Confirmed, 1)]
    );
    let listed = s
        .list_contracts(&ContractQuery {
            buyer_id: Some(buyer.id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert!(s.verify_audit_chain().await.unwrap().first_broken.is_none());
}

/// Bookings are numbered without gaps, keep every version, refuse stale versions and what
/// their check refuses; confirming opens the shipment, whose changes run under the check
/// and leave events; cancelling the booking cancels the shipment; tracking links are found
/// by their hash until revoked.
pub async fn bookings_and_shipments(s: &dyn Store) {
    use gendan_domain::shipment::BookingState;
    let buyer = s
        .create_party(party("customer", "Fresh BV", None), &ctx(0))
        .await
        .unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let new = || NewBooking {
        customer_id: buyer.id,
        date,
        search_text: "fresh bv fuji".into(),
        doc: serde_json::json!({"request": {"instruction_ids": ["a"]}}),
    };
    let ok = |_: &[BookingRecord], _: Option<&ShipmentRecord>| Ok(());
    let refuse = |others: &[BookingRecord], _: Option<&ShipmentRecord>| {
        if others.is_empty() {
            Ok(())
        } else {
            Err(gendan_domain::ValidationErrors::single(
                "instruction_ids[0]",
                "partial_not_allowed",
                format!("already on {}", others[0].number),
            ))
        }
    };
    let b1 = s.create_booking(new(), &refuse, &ctx(1)).await.unwrap();
    assert_eq!(
        (b1.number.as_str(), b1.state, b1.version),
        ("BK2026-0001", BookingState::Requested, 1)
    );
    // The check sees the buyer's other bookings; a refusal uses no number.
    assert!(matches!(
        s.create_booking(new(), &refuse, &ctx(2)).await,
        Err(StoreError::Invalid(_))
    ));
    let b2 = s.create_booking(new(), &ok, &ctx(2)).await.unwrap();
    assert_eq!(b2.number, "BK2026-0002");
    let found = s
        .list_bookings(&BookingQuery {
            search: Some("FUJI".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 2);

    let change = |state, doc: serde_json::Value, open: bool| BookingChange {
        action: if open { "confirm".into() } else { "edit".into() },
        state,
        doc: doc.clone(),
        search_text: "fresh bv".into(),
        reason: None,
        open_shipment: open.then(|| ShipmentWrite {
            doc: serde_json::json!({"containers": []}),
            stage: "booked".into(),
            search_text: "maersk".into(),
            detail: serde_json::json!({}),
        }),
    };
    let confirmed_doc = serde_json::json!({"request": {"instruction_ids": ["a"]}, "confirmation": {"vessel": "MAERSK KOWLOON"}});
    assert!(matches!(
        s.update_booking(
            b1.id,
            7,
            change(BookingState::Confirmed, confirmed_doc.clone(), true),
            &ok,
            &ctx(3)
        )
        .await,
        Err(StoreError::Conflict {
            expected: 7,
            current: 1
        })
    ));
    let b1 = s
        .update_booking(
            b1.id,
            1,
            change(BookingState::Confirmed, confirmed_doc.clone(), true),
            &ok,
            &ctx(3),
        )
        .await
        .unwrap();
    assert_eq!((b1.state, b1.version), (BookingState::Confirmed, 2));
    let revs = s.booking_revisions(b1.id).await.unwrap();
    assert_eq!(
        revs.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["create", "confirm"]
    );
    assert_eq!(
        revs[0].doc["confirmation"],
        serde_json::Value::Null,
        "the first version is kept as it was"
    );
    let sh = s
        .list_shipments(&ShipmentQuery {
            booking_id: Some(b1.id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(sh.len(), 1);
    let sh = &sh[0];
    assert_eq!(
        (sh.number.as_str(), sh.stage.as_str(), sh.customer_id),
        ("SH2026-0001", "booked", buyer.id)
    );

    // A change computed under the lock; a refused one changes nothing.
    let add = |cur: &ShipmentRecord, others: &[ShipmentRecord]| {
        assert!(others.is_empty(), "no other shipment of this buyer yet");
        let mut doc = cur.doc.clone();
        doc["containers"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!("MSKU9070323"));
        Ok(ShipmentWrite {
            doc,
            stage: "stuffed".into(),
            search_text: "msku9070323".into(),
            detail: serde_json::json!({"container": "MSKU9070323"}),
        })
    };
    let no = |_: &ShipmentRecord, _: &[ShipmentRecord]| {
        Err(gendan_domain::ValidationErrors::single(
            "number",
            "check_digit",
            "expected 3",
        ))
    };
    assert!(matches!(
        s.change_shipment(sh.id, None, "container_added", &no, &ctx(4))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.change_shipment(sh.id, Some(9), "container_added", &add, &ctx(4))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let after = s
        .change_shipment(sh.id, Some(1), "container_added", &add, &ctx(4))
        .await
        .unwrap();
    assert_eq!((after.version, after.stage.as_str()), (2, "stuffed"));
    let by_container = s
        .list_shipments(&ShipmentQuery {
            search: Some("MSKU9070323".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_container.len(), 1);
    let events = s.shipment_events(sh.id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["open", "container_added"]
    );
    assert_eq!(s.customer_shipments(buyer.id).await.unwrap().len(), 1);

    // Tracking links: by hash, until revoked.
    let link = s
        .create_tracking_link(
            NewTrackingLink {
                shipment_id: sh.id,
                token_hash: "ab".repeat(32),
                documents: vec!["shipping_advice".into()],
                expires_at: ctx(0).at + Duration::days(10),
            },
            &ctx(5),
        )
        .await
        .unwrap();
    let got = s.tracking_link_by_token(&"ab".repeat(32)).await.unwrap().unwrap();
    assert_eq!(
        (got.id, got.documents.clone()),
        (link.id, vec!["shipping_advice".to_string()])
    );
    assert!(got.is_valid(ctx(6).at));
    assert!(
        s.tracking_link_by_token(&"cd".repeat(32))
            .await
            .unwrap()
            .is_none()
    );
    let revoked = s.revoke_tracking_link(link.id, &ctx(6)).await.unwrap();
    assert!(!revoked.is_valid(ctx(7).at));
    assert!(matches!(
        s.revoke_tracking_link(link.id, &ctx(7)).await,
        Err(StoreError::NotFound { .. })
    ));

    // Cancelling the booking cancels its shipment, which then changes no more.
    let b1 = s
        .update_booking(
            b1.id,
            2,
            BookingChange {
                action: "cancel".into(),
                reason: Some("postponed".into()),
                ..change(BookingState::Cancelled, confirmed_doc.clone(), false)
            },
            &refuse,
            &ctx(8),
        )
        .await
        .unwrap();
    assert_eq!(b1.state, BookingState::Cancelled);
    assert_eq!(s.shipment(sh.id).await.unwrap().stage, "cancelled");
    assert!(matches!(
        s.change_shipment(sh.id, None, "container_added", &add, &ctx(9))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.update_booking(
            b1.id,
            3,
            change(BookingState::Requested, confirmed_doc, false),
            &ok,
            &ctx(9)
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(s.customer_shipments(buyer.id).await.unwrap().is_empty());
    let audit = s.verify_audit_chain().await.unwrap();
    assert!(audit.first_broken.is_none());
}

/// Documents are numbered by kind and year, keep every revision, record checks only against
/// the current revision, become final only when the rule allows it on the checks committed,
/// and are not changed once sent.
pub async fn documents_revisions_checks_and_finalising(s: &dyn Store) {
    use gendan_domain::contract::NumberPattern;
    use gendan_domain::trade_document::{
        Check, CheckPolicy, CheckResult, CheckerKind, TradeDocumentKind, may_finalise,
    };
    let buyer = s
        .create_party(party("customer", "Fresh BV", None), &ctx(0))
        .await
        .unwrap();
    let ok = |_: &[BookingRecord], _: Option<&ShipmentRecord>| Ok(());
    let b = s
        .create_booking(
            NewBooking {
                customer_id: buyer.id,
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                search_text: String::new(),
                doc: serde_json::json!({}),
            },
            &ok,
            &ctx(1),
        )
        .await
        .unwrap();
    let b = s
        .update_booking(
            b.id,
            1,
            BookingChange {
                action: "confirm".into(),
                state: gendan_domain::shipment::BookingState::Confirmed,
                doc: serde_json::json!({"confirmation": {}}),
                search_text: String::new(),
                reason: None,
                open_shipment: Some(ShipmentWrite {
                    doc: serde_json::json!({}),
                    stage: "booked".into(),
                    search_text: String::new(),
                    detail: serde_json::json!({}),
                }),
            },
            &ok,
            &ctx(2),
        )
        .await
        .unwrap();
    let shipment = s
        .list_shipments(&ShipmentQuery {
            booking_id: Some(b.id),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .remove(0);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let new = |kind, number: Option<&str>| NewDocument {
        shipment_id: shipment.id,
        kind,
        pattern: Some(NumberPattern::parse("INV{yyyy}-{seq:04}").unwrap()),
        number: number.map(Into::into),
        number_field: Some("number"),
        date,
        doc: serde_json::json!({"total_amount": "38709.00"}),
    };
    let inv = s
        .create_document(new(TradeDocumentKind::CommercialInvoice, None), &ctx(3))
        .await
        .unwrap();
    assert_eq!(
        (inv.number.as_str(), inv.revision, inv.version),
        ("INV2026-0001", 1, 1)
    );
    assert_eq!(
        inv.doc["number"], "INV2026-0001",
        "the document carries its number"
    );
    // One generated invoice per shipment: a second one is refused and takes no number.
    assert!(matches!(
        s.create_document(new(TradeDocumentKind::CommercialInvoice, None), &ctx(3))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let bl = s
        .create_document(
            new(TradeDocumentKind::BillOfLading, Some("MAEU262514789")),
            &ctx(3),
        )
        .await
        .unwrap();
    assert_eq!(bl.number, "MAEU262514789");
    let listed = s
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment.id),
            kind: Some(TradeDocumentKind::CommercialInvoice),
            limit: 10,
            offset: 0,
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    let check = |who: u128, revision, result| Check {
        revision,
        kind: CheckerKind::Person,
        user_id: Some(uuid::Uuid::from_u128(who)),
        by: format!("user{who}"),
        compared: "invoice against contract".into(),
        result,
        note: None,
        at: ctx(4).at,
    };
    let rule = |rec: &DocumentRecord, checks: &[Check]| {
        may_finalise(&CheckPolicy::default(), checks, rec.revision)
            .map_err(|e| gendan_domain::ValidationErrors::single("checks", e.code(), e.to_string()))
    };
    let inv = s
        .add_check(inv.id, check(1, 1, CheckResult::Passed), &ctx(4))
        .await
        .unwrap();
    assert!(matches!(
        s.finalise_document(inv.id, inv.version, &rule, &ctx(5)).await,
        Err(StoreError::Invalid(_))
    ));
    // A revision voids the checks; a check of the old revision is refused.
    let inv = s
        .revise_document(
            inv.id,
            inv.version,
            serde_json::json!({"total_amount": "38710.00"}),
            &ctx(5),
        )
        .await
        .unwrap();
    assert_eq!(inv.revision, 2);
    assert!(matches!(
        s.add_check(inv.id, check(2, 1, CheckResult::Passed), &ctx(6))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let inv = s
        .add_check(inv.id, check(1, 2, CheckResult::Passed), &ctx(6))
        .await
        .unwrap();
    assert!(matches!(
        s.finalise_document(inv.id, inv.version, &rule, &ctx(7)).await,
        Err(StoreError::Invalid(_))
    ));
    let inv = s
        .add_check(inv.id, check(2, 2, CheckResult::Passed), &ctx(7))
        .await
        .unwrap();
    assert!(matches!(
        s.finalise_document(inv.id, inv.version - 1, &rule, &ctx(8)).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.mark_document_sent(inv.id, inv.version, &ctx(8)).await,
        Err(StoreError::Invalid(_))
    ));
    let inv = s
        .finalise_document(inv.id, inv.version, &rule, &ctx(8))
        .await
        .unwrap();
    assert!(inv.is_final());
    let inv = s.mark_document_sent(inv.id, inv.version, &ctx(9)).await.unwrap();
    assert!(inv.sent_at.is_some());
    assert!(matches!(
        s.revise_document(
            inv.id,
            inv.version,
            serde_json::json!({"total_amount": "1"}),
            &ctx(10)
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(s.document_checks(inv.id).await.unwrap().len(), 3);
    // A scan is kept with the document, outside any public path, and found again; a sent
    // document takes none.
    let scan = || crate::NewAttachment {
        purpose: "scan".into(),
        file_name: "bl-draft.pdf".into(),
        content_type: "application/pdf".into(),
        data: b"%PDF-1.4 scan".to_vec(),
    };
    assert!(matches!(
        s.attach_scan(inv.id, scan(), &ctx(11)).await,
        Err(StoreError::Invalid(_))
    ));
    let (after, aid) = s.attach_scan(bl.id, scan(), &ctx(11)).await.unwrap();
    assert_eq!(after.version, bl.version + 1);
    let scans = s.attachments("trade_document", bl.id).await.unwrap();
    assert_eq!(scans.len(), 1);
    assert_eq!(scans[0].id, aid);
    assert_eq!(scans[0].purpose, "scan:revision-1");
    assert_eq!(s.attachment_data(aid).await.unwrap().1, b"%PDF-1.4 scan");
    let revs = s.document_revisions(inv.id).await.unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(
        revs[0].doc["total_amount"], "38709.00",
        "the first revision is kept as it was"
    );

    // The cross-check: a run is kept with its report, and the system checks it implies go
    // into the verification logs — not for a superseded revision, nor a sent document.
    let system = |revision: i64, result| Check {
        revision,
        kind: CheckerKind::System,
        user_id: None,
        by: "system".into(),
        compared: "the cross-check of the set".into(),
        result,
        note: None,
        at: ctx(12).at,
    };
    let bl = s.document(bl.id).await.unwrap();
    let checks_before = s.document_checks(bl.id).await.unwrap().len();
    let run = s
        .record_check_run(
            NewCheckRun {
                shipment_id: shipment.id,
                trigger: "change".into(),
                blocking: 1,
                warnings: 0,
                report: serde_json::json!({"findings": [{"rule": "X-PKG-COUNT"}]}),
            },
            vec![
                (bl.id, system(bl.revision, CheckResult::Failed)),
                (bl.id, system(bl.revision + 1, CheckResult::Passed)),
                (inv.id, system(inv.revision, CheckResult::Passed)),
            ],
            &ctx(12),
        )
        .await
        .unwrap();
    assert_eq!(run.blocking, 1);
    let open = s.open_check_runs(10).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, run.id);
    let bl_checks = s.document_checks(bl.id).await.unwrap();
    assert_eq!(
        bl_checks.len(),
        checks_before + 1,
        "only the current revision's check"
    );
    assert_eq!(bl_checks.last().unwrap().result, CheckResult::Failed);
    assert_eq!(
        s.document_checks(inv.id).await.unwrap().len(),
        3,
        "a sent document is not checked again"
    );
    assert_eq!(
        s.document(bl.id).await.unwrap().version,
        bl.version,
        "a system check leaves the document's version"
    );
    s.record_check_run(
        NewCheckRun {
            shipment_id: shipment.id,
            trigger: "daily".into(),
            blocking: 0,
            warnings: 0,
            report: serde_json::json!({"findings": []}),
        },
        vec![],
        &ctx(13),
    )
    .await
    .unwrap();
    let runs = s.check_runs(shipment.id, 10).await.unwrap();
    assert_eq!(runs.len(), 2);
    assert!(
        s.open_check_runs(10).await.unwrap().is_empty(),
        "the latest run left nothing open"
    );
    assert_eq!(runs[0].trigger, "daily", "newest first");
    assert_eq!(runs[1].report["findings"][0]["rule"], "X-PKG-COUNT");

    // A decision on a finding is kept and audited.
    let d = s
        .decide_finding(
            NewFindingDecision {
                shipment_id: shipment.id,
                rule: "BL-REEFER-SETPOINT".into(),
                fingerprint: "BL-REEFER-SETPOINT|bills_of_lading[0].containers[0].reefer_setpoint_c=1.0"
                    .into(),
                decision: "accepted".into(),
                reason: "buyer asked for +1.0 °C by e-mail".into(),
                user_id: uuid::Uuid::nil(),
                by: "Li Na".into(),
            },
            &ctx(14),
        )
        .await
        .unwrap();
    let all = s.finding_decisions(shipment.id).await.unwrap();
    assert_eq!(all, vec![d]);

    // A job is claimed once per day.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert!(s.claim_job("doccheck_daily", day, ctx(15).at).await.unwrap());
    assert!(!s.claim_job("doccheck_daily", day, ctx(16).at).await.unwrap());
    s.finish_job("doccheck_daily", day, "3 sets checked", ctx(17).at)
        .await
        .unwrap();
    assert!(
        s.claim_job("doccheck_daily", day.succ_opt().unwrap(), ctx(18).at)
            .await
            .unwrap()
    );

    // Dispatches: created under the shipment's lock after the caller's check of the earlier
    // ones; steps under the dispatch's lock, versioned, each kept.
    let originals_free = |earlier: &[DispatchRecord]| -> Result<(), gendan_domain::ValidationErrors> {
        if earlier.iter().any(|d| d.state != "returned") {
            Err(gendan_domain::ValidationErrors::single(
                "documents",
                "originals_already_sent",
                "the originals went already",
            ))
        } else {
            Ok(())
        }
    };
    let new_dispatch = || NewDispatch {
        shipment_id: shipment.id,
        kind: "courier".into(),
        doc: serde_json::json!({"courier": "dhl", "documents": [{"document": "bl", "originals": 3, "copies": 0}]}),
    };
    let d = s
        .create_dispatch(new_dispatch(), "Li Na", &originals_free, &ctx(19))
        .await
        .unwrap();
    assert_eq!((d.state.as_str(), d.version), ("prepared", 1));
    assert!(matches!(
        s.create_dispatch(new_dispatch(), "Li Na", &originals_free, &ctx(19))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let any = |_: &DispatchRecord| Ok(());
    assert!(matches!(
        s.step_dispatch(d.id, 0, "sent", None, None, "Li Na", &any, &ctx(20))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let d = s
        .step_dispatch(
            d.id,
            1,
            "sent",
            Some("picked up"),
            Some(serde_json::json!({"courier": "dhl", "waybill": "1234567891"})),
            "Li Na",
            &any,
            &ctx(20),
        )
        .await
        .unwrap();
    assert_eq!((d.state.as_str(), d.version), ("sent", 2));
    assert_eq!(d.doc["waybill"], "1234567891");
    let refuse = |_: &DispatchRecord| {
        Err(gendan_domain::ValidationErrors::single(
            "state",
            "not_allowed",
            "no",
        ))
    };
    assert!(matches!(
        s.step_dispatch(d.id, 2, "paid", None, None, "Li Na", &refuse, &ctx(21))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let d = s
        .step_dispatch(
            d.id,
            2,
            "returned",
            Some("refused by the buyer"),
            None,
            "Li Na",
            &any,
            &ctx(21),
        )
        .await
        .unwrap();
    assert_eq!(d.doc["waybill"], "1234567891", "no new data: kept");
    let again = s
        .create_dispatch(new_dispatch(), "Li Na", &originals_free, &ctx(22))
        .await
        .unwrap();
    let all = s.list_dispatches(Some(shipment.id), 10).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, again.id, "newest first");
    assert_eq!(s.list_dispatches(None, 10).await.unwrap().len(), 2);
    let steps = s.dispatch_events(d.id).await.unwrap();
    let path: Vec<(Option<&str>, &str)> = steps
        .iter()
        .map(|e| (e.from_state.as_deref(), e.to_state.as_str()))
        .collect();
    assert_eq!(
        path,
        vec![
            (None, "prepared"),
            (Some("prepared"), "sent"),
            (Some("sent"), "returned")
        ]
    );
    assert_eq!(steps[2].note.as_deref(), Some("refused by the buyer"));
    assert!(matches!(
        s.dispatch(uuid::Uuid::nil()).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(s.verify_audit_chain().await.unwrap().first_broken.is_none());
}

pub async fn receipts_ledger_outbox_and_tasks(s: &dyn Store) {
    use gendan_domain::money::{Currency, Money};
    use gendan_domain::receivable::ReceiptInput;
    let buyer = s
        .create_party(party("customer", "Fresh BV", None), &ctx(0))
        .await
        .unwrap();
    let other = s
        .create_party(party("customer", "Other BV", None), &ctx(0))
        .await
        .unwrap();
    let usd = Currency::parse("USD").unwrap();
    let m = |a: &str| Money::new(a.parse().unwrap(), usd).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let receipt = ReceiptInput {
        amount: "1000.00".into(),
        currency: "USD".into(),
        value_date: "2026-11-26".into(),
        bank_reference: "FT2633012345".into(),
        bank_charges: Some("15".into()),
        exchange_rate: Some("7.1234".into()),
    }
    .validate(Currency::parse("CNY").unwrap(), today)
    .unwrap();
    // The check sees the ledger with the new receipt and entries in it: here, an
    // instalment of 600 may not take more than 600, a receipt no more than its amount.
    let cap = |l: &Ledger| -> Result<(), gendan_domain::ValidationErrors> {
        let on_0: rust_decimal::Decimal = l
            .entries
            .iter()
            .filter(|e| e.instalment == Some(0))
            .map(|e| e.amount.amount)
            .sum();
        if on_0 > "600".parse().unwrap() {
            return Err(gendan_domain::ValidationErrors::single(
                "allocations[0].amount",
                "above_open_amount",
                "only 600 open",
            ));
        }
        for r in &l.receipts {
            let used: rust_decimal::Decimal = l
                .entries
                .iter()
                .filter(|e| e.receipt_id == Some(r.id))
                .map(|e| e.amount.amount)
                .sum();
            if used > r.receipt.amount.amount {
                return Err(gendan_domain::ValidationErrors::single(
                    "allocations",
                    "above_receipt",
                    "more than received",
                ));
            }
        }
        Ok(())
    };
    let rid = uuid::Uuid::now_v7();
    let entry = |kind: &str, instalment: Option<i64>, receipt_id, amount: &str| NewReceivableEntry {
        kind: kind.into(),
        contract_id: None,
        instalment,
        receipt_id,
        amount: m(amount),
        reason: (kind == "write_off").then(|| "bank charges borne by us".to_string()),
    };
    // Refused as a whole: neither the receipt nor the entry is written.
    let refused = s
        .post_receivables(
            buyer.id,
            Some(NewReceipt {
                id: rid,
                receipt: receipt.clone(),
                note: None,
            }),
            vec![entry("allocation", Some(0), Some(rid), "700")],
            "Wang Fang",
            &cap,
            &ctx(1),
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    assert!(s.list_receipts(Some(buyer.id), 10).await.unwrap().is_empty());
    assert!(
        s.receivable_entries(Some(buyer.id), None)
            .await
            .unwrap()
            .is_empty()
    );
    let made = s
        .post_receivables(
            buyer.id,
            Some(NewReceipt {
                id: rid,
                receipt: receipt.clone(),
                note: Some("deposit".into()),
            }),
            vec![entry("allocation", Some(0), Some(rid), "590")],
            "Wang Fang",
            &cap,
            &ctx(2),
        )
        .await
        .unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].amount, m("590"));
    let back = s.receipt(rid).await.unwrap();
    assert_eq!(back.receipt, receipt, "decimals and the rate kept exactly");
    assert_eq!(back.note.as_deref(), Some("deposit"));
    // The second posting sees the first: 590 + 20 > 600.
    assert!(matches!(
        s.post_receivables(
            buyer.id,
            None,
            vec![entry("allocation", Some(0), Some(rid), "20")],
            "Wang Fang",
            &cap,
            &ctx(3)
        )
        .await,
        Err(StoreError::Invalid(_))
    ));
    s.post_receivables(
        buyer.id,
        None,
        vec![entry("write_off", Some(0), None, "10")],
        "Wang Fang",
        &cap,
        &ctx(4),
    )
    .await
    .unwrap();
    let all = s.receivable_entries(Some(buyer.id), None).await.unwrap();
    assert_eq!(
        all.iter()
            .map(|e| (e.kind.as_str(), e.amount.amount.to_string()))
            .collect::<Vec<_>>(),
        vec![("allocation", "590".to_string()), ("write_off", "10".to_string())]
    );
    assert_eq!(all[1].reason.as_deref(), Some("bank charges borne by us"));
    assert!(
        s.receivable_entries(Some(other.id), None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.list_receipts(None, 10).await.unwrap().len(), 1);
    assert!(matches!(
        s.receipt(uuid::Uuid::nil()).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.post_receivables(uuid::Uuid::nil(), None, vec![], "x", &cap, &ctx(5))
            .await,
        Err(StoreError::NotFound { .. })
    ));

    // The outbox and tasks: each key once.
    let msg = |key: &str| NewOutboxMessage {
        kind: "payment_reminder".into(),
        dedupe_key: key.into(),
        to_address: "jan@example.nl".into(),
        lang: "en".into(),
        subject: "Payment reminder".into(),
        body: "Dear Jan".into(),
        entity_type: "contract".into(),
        entity_id: buyer.id,
    };
    let task = |key: &str| NewTask {
        kind: "payment_escalation".into(),
        dedupe_key: key.into(),
        role: "sales_manager".into(),
        title: "Overdue 15 days".into(),
        entity_type: "contract".into(),
        entity_id: buyer.id,
        due: Some(today),
    };
    assert_eq!(
        s.enqueue(vec![msg("a"), msg("b")], vec![task("t")], &ctx(6))
            .await
            .unwrap(),
        (2, 1)
    );
    assert_eq!(
        s.enqueue(vec![msg("a")], vec![task("t")], &ctx(7)).await.unwrap(),
        (0, 0),
        "a second daily run makes nothing twice"
    );
    assert_eq!(s.outbox(Some(buyer.id), 10).await.unwrap().len(), 2);
    assert!(s.outbox(Some(other.id), 10).await.unwrap().is_empty());
    let t = s.tasks(Some("sales_manager"), None, 10).await.unwrap();
    assert_eq!((t.len(), t[0].state.as_str(), t[0].due), (1, "open", Some(today)));
    assert!(s.tasks(Some("finance"), None, 10).await.unwrap().is_empty());
    assert!(matches!(
        s.finish_task(t[0].id, 2, &ctx(8)).await,
        Err(StoreError::Conflict { .. })
    ));
    let done = s.finish_task(t[0].id, 1, &ctx(8)).await.unwrap();
    assert_eq!((done.state.as_str(), done.version), ("done", 2));
    assert_eq!(s.tasks(None, Some(buyer.id), 10).await.unwrap()[0].state, "done");
    assert!(s.verify_audit_chain().await.unwrap().first_broken.is_none());
}
