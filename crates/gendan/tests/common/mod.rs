//! Test harness: the real server on a random port over a fresh database (SQLite file, or a
//! new PostgreSQL database when GENDAN_TEST_DATABASE_URL is set).
#![allow(dead_code)]

pub mod api;
pub mod html;

use chrono::{TimeZone, Utc};
use gendan_domain::audit::Actor;
use gendan_domain::clock::{Clock, ManualClock};
use gendan_domain::role::Role;
use gendan_store::{NewUser, Store, WriteContext};
use serde_json::{Value, json};
use std::sync::Arc;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    /// The database this server uses; another server can open it too.
    pub db_url: String,
    pub store: Arc<dyn Store>,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = gendan_store_sql::testing::fresh_database_url(dir.path()).await;
    spawn_app_on(url, dir).await
}

/// A server on an existing database (a second copy behind the same load balancer).
pub async fn spawn_app_on(db_url: String, dir: tempfile::TempDir) -> TestApp {
    let store = gendan_store_sql::open(Some(&db_url), dir.path()).await.unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = gendan_web::AppState::new(store.clone(), clock.clone(), gendan_web::WebConfig::default());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        gendan_web::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    TestApp {
        base: format!("http://{addr}"),
        db_url,
        store,
        clock,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
        _shutdown: tx,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Add a user of `role` directly through the store, as `<role>@test.example`.
    pub async fn add_user(&self, role: Role) -> String {
        self.add_user_as(role, &format!("{}@test.example", role.as_str()))
            .await
    }

    /// Add a user of `role` with this e-mail directly through the store.
    pub async fn add_user_as(&self, role: Role, email: &str) -> String {
        let hash = gendan_web::auth::hash_password(PASSWORD).unwrap();
        let ctx = WriteContext {
            actor: Actor::system(),
            at: self.clock.now(),
        };
        let user = NewUser {
            email: email.to_string(),
            display_name: role.as_str().into(),
            role,
            locale: "en".into(),
            password_hash: hash,
        };
        self.store.create_user(user, &ctx).await.unwrap();
        email.to_string()
    }

    /// A bearer token for a new user of `role`, through the API.
    pub async fn token(&self, role: Role) -> String {
        let email = self.add_user(role).await;
        let r = self
            .http
            .post(self.url("/api/v1/auth/tokens"))
            .json(&json!({"email": email, "password": PASSWORD, "name": "test"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "token for {role}");
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub fn get(&self, token: &str, path: &str) -> reqwest::RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(token)
    }

    pub fn post(&self, token: &str, path: &str) -> reqwest::RequestBuilder {
        self.http.post(self.url(path)).bearer_auth(token)
    }

    pub fn patch(&self, token: &str, path: &str) -> reqwest::RequestBuilder {
        self.http.patch(self.url(path)).bearer_auth(token)
    }

    pub fn delete(&self, token: &str, path: &str) -> reqwest::RequestBuilder {
        self.http.delete(self.url(path)).bearer_auth(token)
    }

    /// Create a party through the API; returns its JSON.
    pub async fn create_party(&self, token: &str, body: Value) -> Value {
        let r = self
            .post(token, "/api/v1/parties")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, 201, "{v}");
        v
    }

    /// A browser-like client signed in as a new user `web.<role>@test.example`:
    /// (client, csrf token).
    pub async fn web_session(&self, role: Role) -> (reqwest::Client, String) {
        let email = self
            .add_user_as(role, &format!("web.{}@test.example", role.as_str()))
            .await;
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = c
            .post(self.url("/login"))
            .form(&[("email", email.as_str()), ("password", PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "login as {role}");
        let html = c.get(self.url("/")).send().await.unwrap().text().await.unwrap();
        (c, csrf_from(&html))
    }
}

/// The CSRF token a page carries in its `hx-headers`.
pub fn csrf_from(html: &str) -> String {
    let i = html
        .find("x-csrf-token\": \"")
        .expect("page carries a CSRF token")
        + "x-csrf-token\": \"".len();
    html[i..i + 64].to_string()
}

pub fn bank(name: &str) -> Value {
    json!({
        "kind": "bank",
        "name_latin": name,
        "name_zh": "中国银行烟台分行",
        "bic": "BKCHCNBJ500",
        "addresses": [{"line1": "166 Jiefang Road", "city": "Yantai", "country": "CN"}],
        "contacts": [{"name": "Wang Fang", "email": "wang.fang@example.cn", "phone": "+86 535 123 4567"}]
    })
}

pub fn customer(name: &str, country: &str) -> Value {
    json!({
        "kind": "customer",
        "name_latin": name,
        "addresses": [{"line1": "Marconistraat 16", "city": "Rotterdam", "country": country}]
    })
}

impl TestApp {
    /// A token for a user that already exists.
    pub async fn token_for_existing(&self, email: &str) -> String {
        let r = self
            .http
            .post(self.url("/api/v1/auth/tokens"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// The text of a PDF as `pdftotext` (poppler-utils) reads it back.
pub fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
