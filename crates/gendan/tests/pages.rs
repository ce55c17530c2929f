//! The web pages through real HTTP: sign in, language, parties, conflicts, history.

mod common;

use common::*;
use gendan_domain::role::Role;

#[tokio::test]
async fn signed_out_visitors_are_sent_to_the_login_page() {
    let app = spawn_app().await;
    let r = app.http.get(app.url("/parties?kind=bank")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fparties%3Fkind%3Dbank");
    let login = app
        .http
        .get(app.url("/login"))
        .header("accept-language", "en-GB,en")
        .send()
        .await
        .unwrap();
    assert!(login.text().await.unwrap().contains("Sign in"));
    let login = app
        .http
        .get(app.url("/login"))
        .header("accept-language", "zh-CN,zh")
        .send()
        .await
        .unwrap();
    assert!(login.text().await.unwrap().contains("登录"));
}

#[tokio::test]
async fn session_cookie_is_http_only_and_lax_and_wrong_passwords_are_refused() {
    let app = spawn_app().await;
    let email = app.add_user(Role::Merchandiser).await;
    let r = app
        .http
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", "nope nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .http
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("gendan_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP: not Secure");
    let r = app
        .http
        .post(app.url("/login"))
        .header("x-forwarded-proto", "https")
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("gendan_session="))
        .unwrap();
    assert!(cookie.contains("Secure"), "behind TLS: Secure");
}

#[tokio::test]
async fn language_switch_is_remembered_per_user() {
    let app = spawn_app().await;
    let (c, csrf) = app.web_session(Role::Merchandiser).await;
    let en = c
        .get(app.url("/parties"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("New party"), "starts in English");
    let r = c
        .post(app.url("/language"))
        .form(&[("lang", "zh-CN"), ("next", "/parties"), ("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let zh = c
        .get(app.url("/parties"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.contains("新建往来单位"), "switched to Chinese");
    let creds = app
        .store
        .user_credentials("web.merchandiser@test.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        creds.user.locale, "zh-CN",
        "stored on the user, so every device follows"
    );
}

#[tokio::test]
async fn create_edit_conflict_and_delete_through_the_pages() {
    let app = spawn_app().await;
    let (c, csrf) = app.web_session(Role::SalesManager).await;
    let form = |extra: &[(&str, &str)]| {
        let mut f: Vec<(String, String)> = vec![
            ("_csrf".into(), csrf.clone()),
            ("kind".into(), "bank".into()),
            ("name_latin".into(), "ABN AMRO Bank N.V.".into()),
            ("bic".into(), "ABNANL2A".into()),
            ("addresses[0].line1".into(), "Coolsingel 93".into()),
            ("addresses[0].city".into(), "Rotterdam".into()),
            ("addresses[0].country".into(), "NL".into()),
        ];
        for (k, v) in extra {
            f.retain(|(kk, _)| kk != k);
            f.push((k.to_string(), v.to_string()));
        }
        f
    };
    // Bad input: the page names the field, keeps what was typed, saves nothing.
    let r = c
        .post(app.url("/parties"))
        .form(&form(&[("bic", "NOTABIC1X"), ("addresses[0].country", "ZZ")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Not a valid SWIFT BIC") && html.contains("Not an ISO 3166 country code"),
        "{html}"
    );
    assert!(html.contains("value=\"Coolsingel 93\""), "typed values are kept");
    let r = c.post(app.url("/parties")).form(&form(&[])).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let list = c
        .get(app.url("/parties?q=abn"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("ABN AMRO Bank N.V."));

    let r = c
        .post(app.url(&loc))
        .form(&form(&[("version", "1"), ("name_latin", "ABN AMRO Bank")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = c
        .post(app.url(&loc))
        .form(&form(&[("version", "1"), ("name_latin", "Stale Edit")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("version 2") && html.contains("value=\"Stale Edit\""),
        "conflict is explained and nothing typed is lost"
    );

    assert!(
        html.contains("name=\"version\" value=\"2\""),
        "the form now carries the current version"
    );
    let show = c.get(app.url(&loc)).send().await.unwrap().text().await.unwrap();
    assert!(
        show.contains("<td class=\"before\">ABN AMRO Bank N.V.</td><td class=\"after\">ABN AMRO Bank</td>"),
        "history panel shows the change before and after: {show}"
    );
    // Saving again, knowingly, puts the user's values over the other change.
    let r = c
        .post(app.url(&loc))
        .form(&form(&[("version", "2"), ("name_latin", "Stale Edit")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    let r = c
        .post(app.url(&format!("{loc}/delete")))
        .form(&[("_csrf", csrf.as_str()), ("version", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(c.get(app.url(&loc)).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn cross_site_posts_are_refused_even_to_the_login() {
    let app = spawn_app().await;
    let email = app.add_user(Role::Viewer).await;
    let host = app.base.trim_start_matches("http://").to_string();
    let form = [("email", email.as_str()), ("password", PASSWORD)];
    let r = app
        .http
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a login form on another site");
    let r = app
        .http
        .post(app.url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .http
        .post(app.url("/login"))
        .header("origin", format!("http://{host}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "our own origin is fine");
}
