//! The JSON API end to end: the real server on a random port, a fresh database.

mod common;

use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};

#[tokio::test]
async fn healthz_answers_once_the_database_does() {
    let app = spawn_app().await;
    let r = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"status": "ok"}));
}

#[tokio::test]
async fn tokens_are_created_listed_and_revoked() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    assert!(t.starts_with("gdn_"));
    let me: Value = app
        .get(&t, "/api/v1/me")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "merchandiser");
    let list: Value = app
        .get(&t, "/api/v1/auth/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("token").is_none(), "secrets are never listed");
    let id = list[0]["id"].as_str().unwrap();
    let r = app
        .delete(&t, &format!("/api/v1/auth/tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app.get(&t, "/api/v1/me").send().await.unwrap();
    assert_eq!(r.status(), 401, "a revoked token stops working at once");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn failed_logins_are_throttled_then_allowed_again() {
    let app = spawn_app().await;
    let email = app.add_user(Role::Finance).await;
    let attempt = |pw: &'static str| {
        app.http
            .post(app.url("/api/v1/auth/tokens"))
            .json(&json!({"email": email, "password": pw}))
            .send()
    };
    for _ in 0..5 {
        let r = attempt("wrong password").await.unwrap();
        assert_eq!(r.status(), 401);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["code"], "invalid_credentials");
    }
    let r = attempt(PASSWORD).await.unwrap();
    assert_eq!(r.status(), 429, "even the right password waits after 5 failures");
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "too_many_login_attempts"
    );
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(attempt(PASSWORD).await.unwrap().status(), 201);
}

#[tokio::test]
async fn party_crud_with_etags_and_if_match() {
    let app = spawn_app().await;
    let t = app.token(Role::SalesManager).await;
    let r = app
        .post(&t, "/api/v1/parties")
        .json(&bank("Bank of China Yantai Branch"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["bic"], "BKCHCNBJ500");
    assert_eq!(loc, format!("/api/v1/parties/{}", p["id"].as_str().unwrap()));

    let r = app.get(&t, &loc).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["etag"], "\"1\"");

    let r = app
        .patch(&t, &loc)
        .json(&json!({"notes": "remitting bank"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 428, "a change without If-Match is refused");
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "precondition_required");

    let r = app
        .patch(&t, &loc)
        .header("If-Match", "\"1\"")
        .json(&json!({"notes": "remitting bank"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["etag"], "\"2\"");

    let r = app
        .patch(&t, &loc)
        .header("If-Match", "\"1\"")
        .json(&json!({"notes": "lost update"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let pr: Value = r.json().await.unwrap();
    assert_eq!(pr["code"], "version_conflict");
    assert_eq!(pr["current_version"], 2);
    let now: Value = app.get(&t, &loc).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["notes"], "remitting bank", "the stale write changed nothing");
    let admin = app.token(Role::Admin).await;
    let events: Value = app
        .get(
            &admin,
            &format!("/api/v1/audit?entity_id={}", p["id"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        events["items"].as_array().unwrap().len(),
        2,
        "create and one update; the refused write left no event"
    );

    let r = app
        .patch(&t, &loc)
        .header("If-Match", "\"2\"")
        .json(&json!({"name_zh": null}))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert!(v["name_zh"].is_null(), "null clears: {v}");

    let r = app
        .delete(&t, &loc)
        .header("If-Match", "\"2\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "stale delete");
    let r = app
        .delete(&t, &loc)
        .header("If-Match", "\"3\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = app.get(&t, &loc).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn validation_names_every_bad_field_and_changes_nothing() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let mut b = bank("Bad Bank");
    b["bic"] = json!("BKCHXXBJ");
    b["addresses"][0]["country"] = json!("XX");
    b["contacts"][0]["email"] = json!("not-an-email");
    let r = app.post(&t, "/api/v1/parties").json(&b).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["code"], "validation_failed");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"bic")
            && fields.contains(&"addresses[0].country")
            && fields.contains(&"contacts[0].email"),
        "{fields:?}"
    );
    let list: Value = app
        .get(&t, "/api/v1/parties")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn hostile_input_gets_4xx_never_5xx_and_changes_nothing() {
    let app = spawn_app().await;
    let t = app.token(Role::Admin).await;
    let send = |body: Vec<u8>, ct: &'static str| {
        app.post(&t, "/api/v1/parties")
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let cases: Vec<(Vec<u8>, &str, u16, &str)> = vec![
        (b"{\"kind\": ".to_vec(), "application/json", 400, "malformed_json"),
        (
            b"{\"kind\": \"bank\"".to_vec(),
            "application/json",
            400,
            "malformed_json",
        ),
        (
            vec![b'"', 0xff, 0xfe, b'"'],
            "application/json",
            400,
            "malformed_json",
        ),
        (
            br#"{"kind": 5}"#.to_vec(),
            "application/json",
            422,
            "invalid_body",
        ),
        (
            br#"{"kind": "bank", "nmae_latin": "x"}"#.to_vec(),
            "application/json",
            422,
            "invalid_body",
        ),
        (
            br#"{"kind": "bank", "addresses": [{"city": 7}]}"#.to_vec(),
            "application/json",
            422,
            "invalid_body",
        ),
        (br#"[]"#.to_vec(), "application/json", 422, "invalid_body"),
        (
            br#"{"kind": "bank", "name_latin": "a\u0000b"}"#.to_vec(),
            "application/json",
            422,
            "invalid_body",
        ),
        (
            b"kind=bank".to_vec(),
            "application/x-www-form-urlencoded",
            415,
            "unsupported_media_type",
        ),
        (
            vec![b' '; 3 * 1024 * 1024],
            "application/json",
            413,
            "payload_too_large",
        ),
    ];
    for (body, ct, status, code) in cases {
        let r = send(body.clone(), ct).await.unwrap();
        assert_eq!(
            r.status().as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&body[..body.len().min(60)])
        );
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["code"], code);
    }
    let r = send(
        br#"{"kind": "bank", "addresses": [{"city": 7}]}"#.to_vec(),
        "application/json",
    )
    .await
    .unwrap();
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "addresses[0].city", "{p}");

    // Injection strings are data: stored and searched literally.
    let evil = "Robert'); DROP TABLE parties;-- <script>alert(1)</script> #[x] %_";
    let created = app.create_party(&t, customer(evil, "NL")).await;
    assert_eq!(created["name_latin"], evil);
    for q in [evil, "' OR 1=1 --", "%", "\\", "\u{0}"] {
        let r = app
            .get(&t, "/api/v1/parties")
            .query(&[("q", q)])
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success() || r.status().is_client_error(),
            "{q}: {}",
            r.status()
        );
    }
    let found: Value = app
        .get(&t, "/api/v1/parties")
        .query(&[("q", "drop table")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let all: Value = app
        .get(&t, "/api/v1/parties")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        all["items"].as_array().unwrap().len(),
        1,
        "only the one valid party exists"
    );

    // The framework's own rejections are problems too.
    for (method, path, status) in [
        ("GET", "/api/v1/parties/not-a-uuid", 400),
        ("GET", "/api/v1/nothing-here", 404),
        ("PUT", "/api/v1/parties", 405),
        ("GET", "/api/v1/parties?limit=0", 422),
        ("GET", "/api/v1/parties?limit=abc", 400),
        ("GET", "/api/v1/parties?sort=evil", 422),
        ("GET", "/api/v1/parties?cursor=zz", 422),
        ("GET", "/api/v1/parties?unknown=1", 400),
    ] {
        let r = app
            .http
            .request(method.parse().unwrap(), app.url(path))
            .bearer_auth(&t)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "{method} {path}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        let p: Value = r.json().await.unwrap();
        assert!(p["code"].as_str().is_some_and(|c| !c.is_empty()));
    }
}

#[tokio::test]
async fn a_customer_with_consignees_cannot_be_deleted() {
    let app = spawn_app().await;
    let t = app.token(Role::Admin).await;
    let c = app
        .create_party(&t, customer("Holland Fresh Fruit BV", "NL"))
        .await;
    let cid = c["id"].as_str().unwrap();
    let mut cons = customer("Holland Fresh Fruit Warehouse", "NL");
    cons["kind"] = json!("consignee");
    cons["customer_id"] = json!(cid);
    app.create_party(&t, cons).await;
    let r = app
        .delete(&t, &format!("/api/v1/parties/{cid}"))
        .header("If-Match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "in_use");
    assert_eq!(
        app.get(&t, &format!("/api/v1/parties/{cid}"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let of: Value = app
        .get(&t, &format!("/api/v1/parties?customer_id={cid}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(of["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn lists_page_filter_search_and_sort() {
    let app = spawn_app().await;
    let t = app.token(Role::Documentation).await;
    for (i, n) in ["Delta", "Alpha", "Echo", "Bravo", "Charlie", "Foxtrot", "Golf"]
        .iter()
        .enumerate()
    {
        let mut b = customer(&format!("{n} Trading"), "ID");
        if i == 2 {
            b["name_zh"] = json!("回声贸易");
        }
        if i == 6 {
            b["kind"] = json!("forwarder");
        }
        app.create_party(&t, b).await;
    }
    let mut names = Vec::new();
    let mut url = "/api/v1/parties?limit=3".to_string();
    loop {
        let page: Value = app.get(&t, &url).send().await.unwrap().json().await.unwrap();
        names.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name_latin"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/parties?limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(names.len(), 7);
    assert_eq!(names[0], "Alpha Trading");
    assert_eq!(names[6], "Golf Trading");
    let desc: Value = app
        .get(&t, "/api/v1/parties?sort=-name&limit=1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(desc["items"][0]["name_latin"], "Golf Trading");
    let fw: Value = app
        .get(&t, "/api/v1/parties?kind=forwarder")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fw["items"].as_array().unwrap().len(), 1);
    let zh: Value = app
        .get(&t, "/api/v1/parties")
        .query(&[("q", "回声")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(zh["items"][0]["name_latin"], "Echo Trading");
    let ci: Value = app
        .get(&t, "/api/v1/parties?q=bRaVo")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ci["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn every_write_is_in_the_audit_trail_with_before_and_after() {
    let app = spawn_app().await;
    let t = app.token(Role::Admin).await;
    let p = app.create_party(&t, customer("Dubai Fresh LLC", "AE")).await;
    let id = p["id"].as_str().unwrap();
    app.patch(&t, &format!("/api/v1/parties/{id}"))
        .header("If-Match", "\"1\"")
        .json(&json!({"name_latin": "Dubai Fresh Fruits LLC"}))
        .send()
        .await
        .unwrap();
    let a: Value = app
        .get(&t, &format!("/api/v1/audit?entity_type=party&entity_id={id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = a["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["action"], "update");
    assert_eq!(items[0]["actor"]["label"], "admin@test.example");
    assert_eq!(items[0]["changes"]["name_latin"]["before"], "Dubai Fresh LLC");
    assert_eq!(
        items[0]["changes"]["name_latin"]["after"],
        "Dubai Fresh Fruits LLC"
    );
    assert_eq!(items[0]["prev_hash"], items[1]["hash"]);
    let v: Value = app
        .get(&t, "/api/v1/audit/verify")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let viewer = app.token(Role::Viewer).await;
    assert_eq!(
        app.get(&viewer, "/api/v1/audit").send().await.unwrap().status(),
        403
    );
}

#[tokio::test]
async fn admins_add_users_and_others_may_not() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let body = json!({"email": "new.hire@test.example", "display_name": "New Hire", "role": "shipping", "password": "long enough pw"});
    let r = app
        .post(&admin, "/api/v1/users")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = app
        .post(&admin, "/api/v1/users")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409, "duplicate e-mail");
    let bad = json!({"email": "x", "display_name": "", "role": "boss", "password": "short"});
    let p: Value = app
        .post(&admin, "/api/v1/users")
        .json(&bad)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["errors"].as_array().unwrap().len(), 4, "{p}");
    let m = app.token(Role::Merchandiser).await;
    assert_eq!(
        app.post(&m, "/api/v1/users")
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

/// Two servers on one database, as behind a load balancer: a token made on one works on the
/// other, concurrent edits of one version through both let exactly one win, and the audit
/// chain stays whole.
#[tokio::test]
async fn two_servers_share_one_database_without_lost_updates() {
    let a = spawn_app().await;
    let b = spawn_app_on(a.db_url.clone(), tempfile::tempdir().unwrap()).await;
    let t = a.token(Role::Merchandiser).await;
    assert_eq!(
        b.get(&t, "/api/v1/me").send().await.unwrap().status(),
        200,
        "token from server A works on B"
    );
    let p = a
        .create_party(&t, customer("Saigon Fruit Import JSC", "VN"))
        .await;
    let path = format!("/api/v1/parties/{}", p["id"].as_str().unwrap());
    for round in 1..=5 {
        let version = format!("\"{round}\"");
        let mut handles = Vec::new();
        for (i, app) in [&a, &b, &a, &b].into_iter().enumerate() {
            let req = app
                .patch(&t, &path)
                .header("If-Match", version.clone())
                .json(&json!({"notes": format!("round {round} writer {i}")}));
            handles.push(tokio::spawn(async move {
                req.send().await.unwrap().status().as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for h in handles {
            statuses.push(h.await.unwrap());
        }
        statuses.sort();
        assert_eq!(
            statuses,
            vec![200, 409, 409, 409],
            "round {round}: exactly one write lands"
        );
    }
    let now: Value = b.get(&t, &path).send().await.unwrap().json().await.unwrap();
    assert_eq!(now["version"], 6);
    let admin = b.token(Role::Admin).await;
    let v: Value = a
        .get(&admin, "/api/v1/audit/verify")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let hist: Value = a
        .get(
            &admin,
            &format!(
                "/api/v1/audit?entity_type=party&entity_id={}",
                p["id"].as_str().unwrap()
            ),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        hist["items"].as_array().unwrap().len(),
        6,
        "one create and five accepted updates"
    );
}
