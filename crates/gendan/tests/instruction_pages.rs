//! The instruction pages as a browser uses them (issue 5): make an instruction from the
//! contract page, issue it, acknowledge a section as its department, report progress with a
//! photo, see the check's findings and the revision highlights, the production overview,
//! customer stock, and the supplier's page — in English and Chinese, with no raw keys.

mod common;

use common::api::*;
use common::html::*;
use common::*;
use gendan_domain::role::Role;
use serde_json::json;

/// A multipart body by hand (the page's progress form): (content type, bytes).
fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "gendan-test-boundary-7d2f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    c: &reqwest::Client,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let (ct, body) = multipart(fields);
    response_parts(
        c.post(app.url(path))
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn value_in<'a>(html: &'a str, marker: &str) -> &'a str {
    let i = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in page"))
        + marker.len();
    let rest = &html[i..];
    &rest[..rest.find('"').unwrap()]
}

#[tokio::test]
async fn from_the_contract_page_to_issued_acknowledged_and_reported() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let cid = str_of(&c, "id").to_string();
    let (merch, csrf) = app.web_session(Role::Merchandiser).await;

    // The contract page offers the instruction; the button makes a pre-filled draft.
    let page = html(&merch, &app, &format!("/contracts/{cid}")).await;
    assert!(
        page.contains("id=\"new-instruction\""),
        "approved contracts offer an instruction"
    );
    let (status, location, _) = post_form(
        &merch,
        &app,
        "/instructions",
        &vec![
            ("_csrf".into(), csrf.clone()),
            ("contract_id".into(), cid.clone()),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/instructions/"), "{location}");
    let page = html(&merch, &app, &location).await;
    assert!(page.contains("ZL2026-0001"));
    assert!(
        page.contains("id=\"no-findings\""),
        "a pre-filled instruction agrees with its contract"
    );
    assert!(
        page.contains("FRESH FRUIT"),
        "the marks are on the production section"
    );
    assert_eq!(raw_keys(&page), Vec::<String>::new());

    // The edit form round-trips and a bad field is named next to it.
    let edit = html(&merch, &app, &format!("{location}/edit")).await;
    let mut f = form_fields(&edit, "instruction-form");
    assert_eq!(
        field(&f, "production.marks"),
        "FRESH FRUIT\nROTTERDAM\nC/NO. 1-UP"
    );
    set(&mut f, "lines[0].quantity", "-4");
    let (status, _, body) = post_form(&merch, &app, &location, &f).await;
    assert_eq!(status, 422);
    assert!(
        field_error(&body, "lines[0].quantity").is_some(),
        "the error sits at the field"
    );
    set(&mut f, "lines[0].quantity", "1800");
    set(&mut f, "production.marks", "N/M");
    let (status, _, _) = post_form(&merch, &app, &location, &f).await;
    assert_eq!(status, 303);
    let page = html(&merch, &app, &location).await;
    assert!(
        page.contains("finding-marks_differ"),
        "the changed marks are a blocking finding"
    );
    let version = value_in(&page, "name=\"version\" value=\"").to_string();
    // Issuing with a blocking finding is refused for the merchandiser, with the reason.
    let (status, _, body) = post_form(
        &merch,
        &app,
        &format!("{location}/issue"),
        &vec![
            ("_csrf".into(), csrf.clone()),
            ("version".into(), version.clone()),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("production.marks"), "the finding is named");
    // Put the marks back and issue.
    let edit = html(&merch, &app, &format!("{location}/edit")).await;
    let mut f = form_fields(&edit, "instruction-form");
    set(&mut f, "production.marks", "FRESH FRUIT\nROTTERDAM\nC/NO. 1-UP");
    assert_eq!(post_form(&merch, &app, &location, &f).await.0, 303);
    let page = html(&merch, &app, &location).await;
    let version = value_in(&page, "name=\"version\" value=\"").to_string();
    let (status, _, _) = post_form(
        &merch,
        &app,
        &format!("{location}/issue"),
        &vec![("_csrf".into(), csrf.clone()), ("version".into(), version)],
    )
    .await;
    assert_eq!(status, 303);

    // Production sees its acknowledge button (and only its own); after it, a tick.
    let (prod, pcsrf) = app.web_session(Role::Production).await;
    let page = html(&prod, &app, &location).await;
    assert!(page.contains("id=\"acknowledge-production\""));
    assert!(page.contains("id=\"acknowledge-warehouse\""));
    assert!(!page.contains("id=\"acknowledge-shipping\""));
    let (status, _, _) = post_form(
        &prod,
        &app,
        &format!("{location}/acknowledge"),
        &vec![
            ("_csrf".into(), pcsrf.clone()),
            ("department".into(), "production".into()),
            ("revision".into(), "1".into()),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let page = html(&prod, &app, &location).await;
    assert!(!page.contains("id=\"acknowledge-production\""));
    assert!(
        page.contains("id=\"ack-production\" class=\"acked\""),
        "production has acknowledged"
    );
    assert!(
        page.contains("id=\"ack-shipping\" class=\"pending\""),
        "shipping has not"
    );

    // Progress through the page's multipart form; a bad figure comes back with its reason.
    let (status, _, body) = post_multipart(
        &prod,
        &app,
        &format!("{location}/progress"),
        &[
            ("_csrf", &pcsrf),
            ("revision", "1"),
            ("line", "0"),
            ("packed", "-1"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("id=\"step-error\""), "{body}");
    let (status, _, _) = post_multipart(
        &prod,
        &app,
        &format!("{location}/progress"),
        &[
            ("_csrf", &pcsrf),
            ("revision", "1"),
            ("line", "0"),
            ("date", "2026-11-27"),
            ("packed", "300"),
            ("to_warehouse", "280"),
            ("notes", "first day"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let page = html(&prod, &app, &location).await;
    assert!(page.contains("first day"));
    assert!(
        page.contains("<svg class=\"chart\""),
        "planned against actual is drawn"
    );

    // The production overview and the stock pages render, with no raw keys, in both languages.
    for lang in ["en", "zh-CN"] {
        switch_language(&merch, &app, &csrf, lang).await;
        for path in [
            "/instructions".to_string(),
            location.clone(),
            format!("{location}/edit"),
            "/production".into(),
            format!("/customers/{}/stock", c["contract"]["buyer_id"].as_str().unwrap()),
        ] {
            let page = html(&merch, &app, &path).await;
            assert_eq!(raw_keys(&page), Vec::<String>::new(), "{lang} {path}");
        }
    }
    let page = html(&merch, &app, &location).await;
    assert!(
        page.contains("生产部") && page.contains("船务部"),
        "Chinese department names"
    );
}

#[tokio::test]
async fn a_revision_is_highlighted_and_the_supplier_page_stands_alone() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let supplier = app
        .create_party(&t.merch, json!({"kind": "supplier", "name_latin": "Qixia Cuiping Cooperative", "addresses": [{"line1": "18 Cuiping Road", "city": "Qixia", "country": "CN"}]}))
        .await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let v = post(
        &app,
        &t.merch,
        "/api/v1/instructions",
        &json!({"contract_id": c["id"]}),
    )
    .await
    .body;
    let id = str_of(&v, "id").to_string();
    let (merch, csrf) = app.web_session(Role::Merchandiser).await;
    let location = format!("/instructions/{id}");
    let edit = html(&merch, &app, &format!("{location}/edit")).await;
    let mut f = form_fields(&edit, "instruction-form");
    set(&mut f, "lines[0].supplier_id", str_of(&supplier, "id"));
    assert_eq!(post_form(&merch, &app, &location, &f).await.0, 303);
    let page = html(&merch, &app, &location).await;
    let version = value_in(&page, "name=\"version\" value=\"").to_string();
    let issue = vec![("_csrf".into(), csrf.clone()), ("version".into(), version)];
    assert_eq!(
        post_form(&merch, &app, &format!("{location}/issue"), &issue)
            .await
            .0,
        303
    );

    // A change after issue: the form says so, the page highlights it.
    let edit = html(&merch, &app, &format!("{location}/edit")).await;
    assert!(edit.contains("id=\"revision-hint\""));
    let mut f = form_fields(&edit, "instruction-form");
    set(&mut f, "production.due_date", "2026-12-21");
    assert_eq!(post_form(&merch, &app, &location, &f).await.0, 303);
    let page = html(&merch, &app, &location).await;
    assert!(page.contains("data-revision=\"2\""));
    assert!(page.contains("id=\"changed-fields\""));
    assert!(
        page.contains("changed\" data-field=\"production.due_date\""),
        "the changed value is marked"
    );

    // A sales manager saves a revision with a blocking finding, giving the reason in the form.
    let (manager, _) = app.web_session(Role::SalesManager).await;
    let edit = html(&manager, &app, &format!("{location}/edit")).await;
    assert!(edit.contains("id=\"override_reason\""));
    let mut f = form_fields(&edit, "instruction-form");
    set(&mut f, "production.marks", "N/M");
    let (status, _, body) = post_form(&manager, &app, &location, &f).await;
    assert_eq!(status, 422, "without a reason it is refused");
    assert!(body.contains("production.marks"), "the finding is named");
    set(
        &mut f,
        "_override_reason",
        "Buyer agreed to neutral marks by phone",
    );
    let (status, _, body) = post_form(&manager, &app, &location, &f).await;
    assert_eq!(status, 303, "{body}");
    let page = html(&merch, &app, &location).await;
    assert!(page.contains("data-revision=\"3\""));
    assert!(
        page.contains("Buyer agreed to neutral marks by phone"),
        "the override is shown"
    );

    // A supplier link: shown once, then the supplier's page works without signing in.
    let (status, _, page) = post_form(
        &merch,
        &app,
        &format!("{location}/supplier-links"),
        &vec![
            ("_csrf".into(), csrf.clone()),
            ("supplier_id".into(), str_of(&supplier, "id").into()),
            ("days_valid".into(), "10".into()),
        ],
    )
    .await;
    assert_eq!(status, 201);
    let path = {
        let i = page.find("id=\"new-link-path\">").unwrap() + "id=\"new-link-path\">".len();
        page[i..i + page[i..].find('<').unwrap()].to_string()
    };
    assert!(path.starts_with("/supplier/"));
    let again = html(&merch, &app, &location).await;
    assert!(!again.contains(&path), "the token is shown only once");
    let anon = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = anon.get(app.url(&path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("Qixia Cuiping Cooperative"));
    assert!(!body.contains("/logout"), "no signed-in chrome");
    assert_eq!(raw_keys(&body), Vec::<String>::new());
    // Reporting against a superseded revision is refused on the supplier's page too.
    let (status, _, body) = post_multipart(
        &anon,
        &app,
        &path,
        &[("revision", "1"), ("line", "0"), ("packed", "5")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, location2, _) = post_multipart(
        &anon,
        &app,
        &path,
        &[
            ("revision", "3"),
            ("line", "0"),
            ("packed", "5"),
            ("to_warehouse", "5"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location2.ends_with("?saved=1"));
}

#[tokio::test]
async fn a_line_left_out_of_the_form_keeps_the_errors_on_their_own_rows() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let second = json!({"description_en": "Fresh Fuji apples, small", "spec": "100 count", "quantity": "200", "unit": "carton", "unit_price": "19"});
    let c = approved_contract(&app, &t, true, vec![second]).await;
    let v = post(
        &app,
        &t.merch,
        "/api/v1/instructions",
        &json!({"contract_id": c["id"]}),
    )
    .await
    .body;
    let location = format!("/instructions/{}", str_of(&v, "id"));
    let (merch, _) = app.web_session(Role::Merchandiser).await;
    let edit = html(&merch, &app, &format!("{location}/edit")).await;
    let mut f = form_fields(&edit, "instruction-form");
    // The first line is left out of this instruction; the second gets a bad quantity.
    set(&mut f, "lines[0].quantity", "");
    set(&mut f, "lines[1].quantity", "-3");
    let (status, _, body) = post_form(&merch, &app, &location, &f).await;
    assert_eq!(status, 422);
    // The error printed in the field's own table cell, if any.
    let cell_error = |name: &str| {
        let i = body.find(&format!("name=\"{name}\"")).unwrap();
        body[i..i + body[i..].find("</td>").unwrap()].contains("field-error")
    };
    assert!(cell_error("lines[1].quantity"), "on the second row");
    assert!(!cell_error("lines[0].quantity"), "not on the first");
    // Leaving it out works.
    set(&mut f, "lines[1].quantity", "150");
    assert_eq!(post_form(&merch, &app, &location, &f).await.0, 303);
    let v = get(&app, &t.merch, &format!("/api/v1{location}")).await.body;
    let lines = v["instruction"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["contract_line"], 1);
    assert_eq!(decimal(&lines[0]["quantity"]), "150");
}
