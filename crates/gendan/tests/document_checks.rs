//! The cross-check in the app (issue 8): it runs whenever a document of a shipment's set
//! changes and once a day; its findings show with where they stand; a blocking finding keeps
//! a document from becoming final until a sales manager overrides it with a reason; a
//! warning is accepted with a reason; every decision is audited. The real server over a
//! fresh database (SQLite, or PostgreSQL when GENDAN_TEST_DATABASE_URL is set).

mod common;
#[path = "common/docs.rs"]
mod docs;

use common::api::*;
use common::html::*;
use common::*;
use docs::*;
use serde_json::{Value, json};

fn co_and_phyto() -> Value {
    json!([
        {"kind": "commercial_invoice", "originals": 3},
        {"kind": "certificate_of_origin", "originals": 1},
        {"kind": "phytosanitary_certificate", "originals": 1}
    ])
}

fn finding<'a>(view: &'a Value, rule: &str) -> &'a Value {
    view["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {view}"))
}

fn check(revision: i64) -> Value {
    json!({"revision": revision, "compared": "against the contract and the containers stuffed", "result": "passed"})
}

#[tokio::test]
async fn findings_block_final_until_overridden_and_warnings_are_accepted() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let report = generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    let inv_id = str_of(entry(&report, "commercial_invoice"), "id").to_string();
    let path = format!("/api/v1/shipments/{sid}/document-checks");

    // The set was checked as it was made, and agrees with itself.
    let v = get(app, &t.merch, &path).await;
    assert_eq!(v.status, 200, "{}", v.body);
    assert_eq!(v.body["run"]["trigger"], "change");
    assert_eq!(v.body["findings"], json!([]), "{}", v.body);
    assert!(v.body["passed"].as_u64().unwrap() > 20, "{}", v.body);
    assert!(!v.body["not_applicable"].as_array().unwrap().is_empty());
    let inv = document(app, &t.documentation, &inv_id).await;
    let system: Vec<&Value> = inv["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "system")
        .collect();
    assert_eq!(system.len(), 1, "{}", inv["checks"]);
    assert_eq!(system[0]["result"], "passed");

    // The carrier's B/L: other marks than the invoice (blocking) and +1.0 °C on one reefer
    // where the instruction says +0.5 °C (a warning). Recording it runs the check.
    let mut bl = bill_of_lading("MAEU262514789", &s);
    bl["containers"][0]["reefer_setpoint_c"] = json!("1.0");
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents"),
        &json!({"kind": "bill_of_lading", "data": bl}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let v = get(app, &t.merch, &path).await.body;
    let marks = finding(&v, "X-MARKS");
    assert_eq!(marks["severity"], "blocking");
    assert_eq!(marks["state"], "open");
    assert!(
        marks["documents"].as_array().unwrap().contains(&json!("invoice")),
        "{marks}"
    );
    assert!(
        marks["message"]["zh"].as_str().unwrap().contains("唛头"),
        "{marks}"
    );
    let reefer = finding(&v, "BL-REEFER-SETPOINT");
    assert_eq!(reefer["severity"], "warning");
    assert!(reefer["fields"].to_string().contains("1.0"), "{reefer}");
    assert_eq!(v["warnings"], 1, "{v}");
    let blocking = v["blocking"].as_u64().unwrap();
    assert!(blocking >= 1);
    // The set is in the queue of sets to deal with, blocking rules first.
    let open = get(app, &t.merch, "/api/v1/document-checks/open").await;
    assert_eq!(open.status, 200, "{}", open.body);
    let q = &open.body[0];
    assert_eq!(q["shipment_id"], sid.as_str());
    assert_eq!(q["blocking"], blocking);
    assert!(q["rules"].as_array().unwrap().contains(&json!("X-MARKS")), "{q}");
    assert_eq!(
        q["rules"].as_array().unwrap().last().unwrap(),
        "BL-REEFER-SETPOINT",
        "the warning last: {q}"
    );

    // Two people check the invoice, yet it does not become final: its system check failed.
    for who in [&t.documentation, &t.merch] {
        let r = post(app, who, &format!("/api/v1/documents/{inv_id}/checks"), &check(1)).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let inv = document(app, &t.documentation, &inv_id).await;
    assert_eq!(
        inv["finalise_blocked_by"], "system_check_failed",
        "{}",
        inv["checks"]
    );
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{inv_id}/finalise"),
        version(&inv),
        &json!({}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "checks", Some("system_check_failed"));

    // A warning is accepted with a reason, by the documentation clerk.
    let decide = |who: &str, fp: &Value, reason: &str| {
        let body = json!({"fingerprint": fp, "reason": reason});
        let who = who.to_string();
        let path = format!("{path}/decisions");
        async move { post(app, &who, &path, &body).await }
    };
    let r = decide(&t.documentation, &reefer["fingerprint"], "  ").await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "reason", Some("required"));
    let r = decide(
        &t.documentation,
        &reefer["fingerprint"],
        "the buyer asked for +1.0 °C in his e-mail of 20 Nov",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let f = finding(&r.body, "BL-REEFER-SETPOINT");
    assert_eq!(f["state"], "accepted");
    assert!(f["decision"]["reason"].as_str().unwrap().contains("+1.0"));
    assert_eq!(r.body["warnings"], 0);
    assert_eq!(r.body["run"]["trigger"], "decision");
    let r = decide(&t.documentation, &reefer["fingerprint"], "again").await;
    assert_field(&r.body, "fingerprint", Some("already_decided"));

    // A blocking finding: not the clerk's to wave through; the sales manager overrides it.
    let r = decide(
        &t.documentation,
        &marks["fingerprint"],
        "the buyer accepts the carrier's marks",
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = decide(&t.manager, &json!("X-MARKS|invoice.marks=nothing"), "why").await;
    assert_field(&r.body, "fingerprint", Some("unknown_finding"));
    let r = decide(
        &t.manager,
        &marks["fingerprint"],
        "the buyer accepts the carrier's marks (call of 27 Nov)",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(finding(&r.body, "X-MARKS")["state"], "overridden");
    assert_eq!(r.body["blocking"].as_u64().unwrap(), blocking - 1);

    // The invoice's system check is clean again: it becomes final.
    let inv = document(app, &t.documentation, &inv_id).await;
    let last_system = inv["checks"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|c| c["kind"] == "system")
        .unwrap()
        .clone();
    assert_eq!(last_system["result"], "passed", "{}", inv["checks"]);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{inv_id}/finalise"),
        version(&inv),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "final");

    // Every decision is in the audit trail with its reason.
    let admin = app.token(gendan_domain::role::Role::Admin).await;
    let audit = get(
        app,
        &admin,
        &format!("/api/v1/audit?entity_type=shipment&entity_id={sid}"),
    )
    .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    let text = audit.body.to_string();
    assert!(
        text.contains("override_finding") && text.contains("call of 27 Nov"),
        "{text}"
    );
    assert!(
        text.contains("accept_finding") && text.contains("cross_check"),
        "{text}"
    );

    // The daily run checks every set not yet sent (administrators may start it now).
    let r = post(
        app,
        &t.documentation,
        "/api/v1/jobs/daily-document-checks",
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post(app, &admin, "/api/v1/jobs/daily-document-checks", &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["ran"], true);
    assert_eq!(r.body["checked"], 1);
    let v = get(app, &t.merch, &path).await.body;
    assert_eq!(v["run"]["trigger"], "daily");
    assert_eq!(
        finding(&v, "X-MARKS")["state"],
        "overridden",
        "decisions hold across runs"
    );
}

#[tokio::test]
async fn a_shipment_without_documents_has_no_run_and_cannot_be_checked_yet() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let path = format!("/api/v1/shipments/{sid}/document-checks");
    let v = get(app, &t.merch, &path).await;
    assert_eq!(v.status, 200);
    assert!(v.body["run"].is_null());
    let r = post(app, &t.documentation, &path, &json!({})).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "invoice", Some("no_invoice"));
    let r = post(app, &t.production, &path, &json!({})).await;
    assert_eq!(r.status, 403);
    generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    let r = post(app, &t.documentation, &path, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["run"]["trigger"], "manual");
    let r = get(
        app,
        &t.merch,
        "/api/v1/shipments/00000000-0000-0000-0000-000000000000/document-checks",
    )
    .await;
    assert_eq!(r.status, 404);
}

/// A multipart body by hand (the page's form): (content type, bytes).
fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "gendan-test-boundary-xc";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The `<tr>` of the finding of `rule` on a page.
fn row<'a>(page: &'a str, rule: &str) -> &'a str {
    let i = page
        .find(&format!("data-rule=\"{rule}\""))
        .unwrap_or_else(|| panic!("no {rule} row in {page}"));
    let rest = &page[i..];
    &rest[..rest.find("</tr>").unwrap()]
}

fn fingerprint_in(row: &str) -> String {
    let m = "name=\"fingerprint\" value=\"";
    let i = row.find(m).expect("a decision form") + m.len();
    let v = &row[i..];
    // The page escapes the value as HTML.
    v[..v.find('"').unwrap()]
        .replace("&#x3d;", "=")
        .replace("&#61;", "=")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[tokio::test]
async fn the_documents_page_shows_findings_and_takes_decisions_in_both_languages() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    let mut bl = bill_of_lading("MAEU262514789", &s);
    bl["containers"][0]["reefer_setpoint_c"] = json!("1.0");
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents"),
        &json!({"kind": "bill_of_lading", "data": bl}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);

    let (clerk, csrf) = app.web_session(gendan_domain::role::Role::Documentation).await;
    let set_path = format!("/shipments/{sid}/documents");
    let page = html(&clerk, app, &set_path).await;
    assert!(page.contains("id=\"cross-check\""), "{page}");
    let marks = row(&page, "X-MARKS");
    assert!(
        marks.contains("data-state=\"open\"") && marks.contains("data-severity=\"blocking\""),
        "{marks}"
    );
    assert!(
        !marks.contains("name=\"fingerprint\""),
        "the clerk does not override: {marks}"
    );
    let reefer = row(&page, "BL-REEFER-SETPOINT");
    assert!(
        reefer.contains("bills_of_lading[0].containers[0].reefer_setpoint_c"),
        "{reefer}"
    );

    // The clerk accepts the warning with a reason.
    let fp = fingerprint_in(reefer);
    let (status, location, body) = post_form(
        &clerk,
        app,
        &format!("/shipments/{sid}/documents/findings"),
        &vec![
            ("_csrf".into(), csrf.clone()),
            ("fingerprint".into(), fp),
            ("reason".into(), "buyer's e-mail of 20 Nov".into()),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert!(location.ends_with("#cross-check"), "{location}");
    let page = html(&clerk, app, &set_path).await;
    let reefer = row(&page, "BL-REEFER-SETPOINT");
    assert!(
        reefer.contains("data-state=\"accepted\"") && reefer.contains("buyer"),
        "{reefer}"
    );

    // The sales manager sees the override form, in Chinese too, and overrides.
    let (manager, mcsrf) = app.web_session(gendan_domain::role::Role::SalesManager).await;
    for lang in ["en", "zh-CN"] {
        switch_language(&manager, app, &mcsrf, lang).await;
        let page = html(&manager, app, &set_path).await;
        assert_eq!(raw_keys(&page), Vec::<String>::new(), "{lang}");
        if lang == "zh-CN" {
            assert!(
                page.contains("单证审核") && page.contains("放行（销售经理）"),
                "{page}"
            );
            assert!(row(&page, "X-MARKS").contains("唛头"), "the finding in Chinese");
        }
    }
    let page = html(&manager, app, &set_path).await;
    let fp = fingerprint_in(row(&page, "X-MARKS"));
    let (status, _, body) = post_form(
        &manager,
        app,
        &format!("/shipments/{sid}/documents/findings"),
        &vec![
            ("_csrf".into(), mcsrf.clone()),
            ("fingerprint".into(), fp.clone()),
            ("reason".into(), "  ".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "a reason is needed: {body}");
    let (status, _, body) = post_form(
        &manager,
        app,
        &format!("/shipments/{sid}/documents/findings"),
        &vec![
            ("_csrf".into(), mcsrf.clone()),
            ("fingerprint".into(), fp),
            ("reason".into(), "the buyer takes the carrier's marks".into()),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let page = html(&manager, app, &set_path).await;
    assert!(row(&page, "X-MARKS").contains("data-state=\"overridden\""));
    // The shipment page says where the set stands, with a link to the findings.
    let shipment = html(&manager, app, &format!("/shipments/{sid}")).await;
    let i = shipment
        .find("id=\"cross-check-summary\"")
        .expect("the summary on the shipment page");
    let summary = &shipment[i..i + 300];
    assert!(summary.contains("警告 0"), "the manager reads Chinese: {summary}");

    // The dashboard lists the set among those with findings to deal with.
    let dash = html(&clerk, app, "/").await;
    let i = dash.find("id=\"xc-queue\"").expect("the queue on the dashboard");
    assert!(
        dash[i..].contains(&format!("/shipments/{sid}/documents#cross-check")),
        "{dash}"
    );

    // "Check now" runs it again.
    let (status, _, body) = post_form(
        &clerk,
        app,
        &format!("/shipments/{sid}/documents/check"),
        &vec![("_csrf".into(), csrf.clone())],
    )
    .await;
    assert_eq!(status, 303, "{body}");
}

#[tokio::test]
async fn the_check_page_reads_a_set_and_names_a_bad_field() {
    let app = spawn_app().await;
    let (c, csrf) = app.web_session(gendan_domain::role::Role::Viewer).await;
    // A set with one package too many on a document (a case file of the engine).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../doccheck/tests/cases/X-PKG-COUNT");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let fires = files
        .iter()
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("fires-"))
        .unwrap();
    let text = std::fs::read_to_string(fires).unwrap();
    for lang in ["en", "zh-CN"] {
        switch_language(&c, &app, &csrf, lang).await;
        let page = html(&c, &app, "/document-checks").await;
        assert_eq!(raw_keys(&page), Vec::<String>::new(), "{lang}");
    }
    switch_language(&c, &app, &csrf, "en").await;
    let (ct, body) = multipart(&[("_csrf", &csrf), ("set", &text)]);
    let r = c
        .post(app.url("/document-checks"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(
        row(&page, "X-PKG-COUNT").contains("data-severity=\"blocking\""),
        "{page}"
    );
    assert!(
        !page.contains("name=\"fingerprint\""),
        "nothing to decide on a file"
    );
    assert_eq!(raw_keys(&page), Vec::<String>::new());

    let bad = text.replacen("\"total_amount\": \"", "\"total_amount\": 1, \"x\": \"", 1);
    let (ct, body) = multipart(&[("_csrf", &csrf), ("set", &bad)]);
    let r = c
        .post(app.url("/document-checks"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("contract.total_amount") || page.contains("total_amount"),
        "{page}"
    );
}
