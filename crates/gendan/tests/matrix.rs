//! The role matrix decides every endpoint and page: this walks every route in the access
//! table for every role, and checks the table against the OpenAPI document.

mod common;

use common::*;
use gendan_domain::role::Role;
use gendan_web::routes::{Access, ROUTES};
use serde_json::Value;
use std::collections::BTreeSet;

fn concrete(path: &str) -> String {
    path.replace("{id}", "0190f5a0-0000-7000-8000-000000000001")
        .replace("{file}", "app.css")
        .replace("{*rest}", "index.html")
}

#[tokio::test]
async fn every_route_for_every_role() {
    let app = spawn_app().await;
    let mut tokens = Vec::new();
    let mut sessions = Vec::new();
    for role in Role::ALL {
        tokens.push((role, app.token(role).await));
        let (c, csrf) = app.web_session(role).await;
        sessions.push((role, c, csrf));
    }
    let anon = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut checked = 0;
    // Signing out last, so that the sessions live through the walk.
    let mut routes: Vec<_> = ROUTES.iter().collect();
    routes.sort_by_key(|r| r.path == "/logout");
    for route in routes {
        let url = app.url(&concrete(route.path));
        let method: reqwest::Method = route.method.parse().unwrap();
        match route.access {
            Access::Public | Access::PublicPage => {
                let r = anon.request(method.clone(), &url).send().await.unwrap();
                let s = r.status().as_u16();
                assert!(
                    s != 401 && s != 403 && s < 500,
                    "{} {} anonymous got {s}",
                    route.method,
                    route.path
                );
            }
            Access::Api(perm) => {
                let r = anon.request(method.clone(), &url).send().await.unwrap();
                assert_eq!(r.status(), 401, "{} {} without a token", route.method, route.path);
                for (role, t) in &tokens {
                    let r = app
                        .http
                        .request(method.clone(), &url)
                        .bearer_auth(t)
                        .send()
                        .await
                        .unwrap();
                    let s = r.status().as_u16();
                    if role.allows(perm) {
                        assert!(
                            s != 401 && s != 403 && s < 500,
                            "{} {} as {role} got {s}",
                            route.method,
                            route.path
                        );
                    } else {
                        assert_eq!(s, 403, "{} {} as {role}", route.method, route.path);
                    }
                    checked += 1;
                }
            }
            Access::Page(perm) => {
                let r = anon.request(method.clone(), &url).send().await.unwrap();
                assert_eq!(
                    r.status(),
                    303,
                    "{} {} signed out redirects to the login",
                    route.method,
                    route.path
                );
                for (role, c, csrf) in &sessions {
                    let r = c
                        .request(method.clone(), &url)
                        .header("x-csrf-token", csrf)
                        .send()
                        .await
                        .unwrap();
                    let s = r.status().as_u16();
                    if role.allows(perm) {
                        assert!(
                            s != 401 && s != 403 && s < 500,
                            "{} {} as {role} got {s}",
                            route.method,
                            route.path
                        );
                    } else {
                        assert_eq!(s, 403, "{} {} as {role}", route.method, route.path);
                    }
                    checked += 1;
                }
            }
        }
    }
    let guarded = ROUTES
        .iter()
        .filter(|r| matches!(r.access, Access::Api(_) | Access::Page(_)))
        .count();
    assert!(guarded >= 25);
    assert_eq!(
        checked,
        guarded * Role::ALL.len(),
        "every guarded route was tried with every role"
    );
}

#[tokio::test]
async fn state_changing_pages_need_the_csrf_token() {
    let app = spawn_app().await;
    let (c, csrf) = app.web_session(Role::Admin).await;
    let form = [("kind", "courier"), ("name_latin", "DHL Express")];
    let r = c.post(app.url("/parties")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 403, "no token");
    let r = c
        .post(app.url("/parties"))
        .form(&[
            ("kind", "courier"),
            ("name_latin", "DHL"),
            ("_csrf", "0".repeat(64).as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "wrong token");
    let r = c
        .post(app.url("/parties"))
        .form(&[
            ("kind", "courier"),
            ("name_latin", "DHL Express"),
            ("_csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "right token");
    let r = c
        .post(app.url("/language"))
        .form(&[("lang", "zh-CN")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "the language switch of a signed-in user needs the token too"
    );
}

#[tokio::test]
async fn openapi_documents_exactly_the_api_routes() {
    let app = spawn_app().await;
    let doc: Value = app
        .http
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "OpenAPI 3.1");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in ["get", "post", "put", "patch", "delete"] {
            if item.get(m).is_some() {
                documented.insert((m.to_uppercase(), path.clone()));
            }
        }
    }
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/") || r.path == "/healthz")
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(missing.is_empty(), "routes missing from OpenAPI: {missing:?}");
    assert!(
        extra.is_empty(),
        "documented but not in the access table: {extra:?}"
    );
    let docs = app.http.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(
        docs.text().await.unwrap().contains("swagger"),
        "docs served from the binary"
    );
}
