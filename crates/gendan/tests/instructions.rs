//! Instructions (指令) and production follow-up end to end (issue 5): made from an approved
//! contract, checked, issued, acknowledged per department, revised, reported on by the
//! production team and by an outsourced supplier through its link, customer stock and the
//! shipment priority list, the department PDFs. The real server on a random port over a fresh
//! database each test (SQLite, or PostgreSQL when GENDAN_TEST_DATABASE_URL is set).

mod common;

use common::api::*;
use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};

fn version(v: &Value) -> i64 {
    v["version"].as_i64().unwrap()
}

async fn post_if(app: &TestApp, t: &str, path: &str, v: i64, body: &Value) -> Resp {
    read(
        app.post(t, path)
            .header("If-Match", quoted(v))
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// A pre-filled instruction for the contract, as a draft.
async fn make(app: &TestApp, t: &str, contract_id: &str) -> Resp {
    post(
        app,
        t,
        "/api/v1/instructions",
        &json!({"contract_id": contract_id}),
    )
    .await
}

async fn issue(app: &TestApp, t: &str, ins: &Value, reason: Option<&str>) -> Resp {
    let body = match reason {
        Some(r) => json!({"override_reason": r}),
        None => json!({}),
    };
    post_if(
        app,
        t,
        &format!("/api/v1/instructions/{}/issue", str_of(ins, "id")),
        version(ins),
        &body,
    )
    .await
}

async fn ack(app: &TestApp, t: &str, id: &str, department: &str, revision: i64) -> Resp {
    post(
        app,
        t,
        &format!("/api/v1/instructions/{id}/acknowledge"),
        &json!({"department": department, "revision": revision}),
    )
    .await
}

fn acknowledged(v: &Value, department: &str) -> bool {
    v["acknowledgements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["department"] == department)
        .unwrap()["acknowledged"]
        .as_bool()
        .unwrap()
}

/// The instruction's content as an editable input (the API's own shape).
fn as_input(v: &Value) -> Value {
    let mut i = v["instruction"].clone();
    let lines = i["lines"].as_array_mut().unwrap();
    for l in lines {
        if l["supplier_id"].is_null() {
            l.as_object_mut().unwrap().remove("supplier_id");
        }
    }
    if let Some(r) = i["shipping"]["reefer"].as_object().cloned() {
        i["shipping"]["reefer"] = json!({
            "set_point_c": r["set_point"],
            "fresh_air_m3h": r["fresh_air_m3h"],
            "humidity_pct": r["humidity_pct"],
        });
    }
    i
}

async fn entry(app: &TestApp, t: &str, id: &str, body: Value) -> Resp {
    post(app, t, &format!("/api/v1/instructions/{id}/progress"), &body).await
}

#[tokio::test]
async fn an_instruction_is_prefilled_issued_acknowledged_and_revised() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let cid = str_of(&c, "id");

    // Pre-filled from the contract, the customer and the product.
    let r = make(&app, &t.merch, cid).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.body;
    let id = str_of(&v, "id").to_string();
    assert_eq!(v["number"], "ZL2026-0001");
    assert_eq!(v["state"], "draft");
    assert_eq!(v["status"], "draft");
    assert_eq!(v["revision"], 1);
    assert_eq!(decimal(&v["instruction"]["lines"][0]["quantity"]), "1800");
    assert_eq!(
        v["instruction"]["production"]["marks"],
        "FRESH FRUIT\nROTTERDAM\nC/NO. 1-UP"
    );
    assert_eq!(
        v["instruction"]["production"]["checklist"][0],
        "Label each carton in Dutch"
    );
    assert_eq!(v["instruction"]["shipping"]["etd_to"], "2027-01-31");
    assert_eq!(v["instruction"]["shipping"]["port_of_loading"], "CNQDG");
    assert!(
        v["instruction"]["shipping"]["reefer"]["set_point"].is_string(),
        "{v}"
    );
    assert_eq!(v["findings"], json!([]), "a pre-filled instruction agrees");
    let s = &v["container_suggestion"];
    assert_eq!(s["container_type"], "40RH", "{v}");
    assert!(s["count"].as_u64().unwrap() >= 1);

    // Acknowledging a draft is refused; production may not issue.
    assert_problem(
        &ack(&app, &t.production, &id, "production", 1).await,
        422,
        "validation_failed",
    );
    assert_problem(&issue(&app, &t.production, &v, None).await, 403, "forbidden");
    let r = issue(&app, &t.merch, &v, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "issued");
    assert_eq!(r.body["status"], "awaiting_acknowledgement");

    // Each department acknowledges its own section, by its role.
    let r = ack(&app, &t.production, &id, "production", 1).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(acknowledged(&r.body, "production"));
    assert!(!acknowledged(&r.body, "shipping"));
    assert_problem(
        &ack(&app, &t.shipping, &id, "documentation", 1).await,
        403,
        "wrong_role",
    );
    assert_problem(&ack(&app, &t.merch, &id, "shipping", 1).await, 403, "forbidden");
    let r = ack(&app, &t.documentation, &id, "documentation", 1).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = ack(&app, &t.production, &id, "production", 1).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "department", Some("already_acknowledged"));
    assert_problem(
        &ack(&app, &t.production, &id, "kitchen", 1).await,
        422,
        "validation_failed",
    );
    for (tok, d) in [(&t.production, "warehouse"), (&t.shipping, "shipping")] {
        assert_eq!(ack(&app, tok, &id, d, 1).await.status, 200);
    }
    let r = get(&app, &t.merch, &format!("/api/v1/instructions/{id}")).await;
    assert_eq!(r.body["status"], "acknowledged");

    // A change after issue is revision 2: the differences are named and everyone
    // acknowledges again.
    let mut input = as_input(&r.body);
    input["production"]["due_date"] = json!("2026-12-20");
    input["lines"][0]["quantity"] = json!("1750");
    let r = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}"),
        Some(version(&r.body)),
        &json!({"instruction": input}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["revision"], 2);
    let changed: Vec<&str> = r.body["changed_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(changed.contains(&"production.due_date"), "{changed:?}");
    assert!(changed.contains(&"lines[0].quantity"), "{changed:?}");
    assert_eq!(r.body["status"], "awaiting_acknowledgement");
    for d in ["production", "warehouse", "documentation", "shipping"] {
        assert!(!acknowledged(&r.body, d), "{d} must acknowledge revision 2");
    }
    // The old revision is superseded for acknowledgements and reports alike.
    let r = ack(&app, &t.production, &id, "production", 1).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "revision", Some("superseded_revision"));
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 1, "line": 0, "packed": "10"}),
    )
    .await;
    assert_field(&r.body, "revision", Some("superseded_revision"));
    assert_eq!(ack(&app, &t.production, &id, "production", 2).await.status, 200);
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 2, "line": 0, "packed": "10"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);

    // The diff and the history say what happened.
    let r = get(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/diff?from=1&to=2"),
    )
    .await;
    assert_eq!(r.status, 200);
    let fields: Vec<&str> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"production.due_date"), "{fields:?}");
    let r = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/history")).await;
    let actions: Vec<&str> = r.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "issue",
            "acknowledge",
            "acknowledge",
            "acknowledge",
            "acknowledge",
            "revise",
            "acknowledge"
        ]
    );
    assert_eq!(r.body["revisions"].as_array().unwrap().len(), 2);
    let audit = audit_actions(&app, &t.manager, "instruction", &id).await;
    assert_eq!(audit.first().map(String::as_str), Some("create"));
    assert!(audit.contains(&"revise".to_string()) && audit.contains(&"acknowledge".to_string()));

    // A stale If-Match changes nothing.
    let r = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}"),
        Some(1),
        &json!({"instruction": input}),
    )
    .await;
    assert_problem(&r, 409, "version_conflict");
}

#[tokio::test]
async fn blocking_findings_need_a_sales_managers_reasoned_override() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let draft = make(&app, &t.merch, str_of(&c, "id")).await.body;
    let id = str_of(&draft, "id").to_string();
    let mut input = as_input(&draft);
    input["production"]["marks"] = json!("N/M");
    input["shipping"]["etd_to"] = json!("2027-02-10");
    input["production"]["checklist"] = json!([]);
    input["documentation"]["documents"] = json!([]);
    let r = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}"),
        Some(version(&draft)),
        &json!({"instruction": input}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let codes: Vec<&str> = r.body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for want in [
        "marks_differ",
        "etd_after_latest_shipment",
        "checklist_missing",
        "document_missing",
    ] {
        assert!(codes.contains(&want), "{want} in {codes:?}");
    }
    let f = r.body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "marks_differ")
        .unwrap();
    assert_eq!(f["severity"], "blocking");
    assert_eq!(f["field"], "production.marks");
    assert!(f["message"].as_str().unwrap().contains("N/M"), "{f}");
    let v = r.body;

    // The merchandiser cannot issue it; nor can a sales manager without a reason.
    let r = issue(&app, &t.merch, &v, Some("customer agreed")).await;
    assert_problem(&r, 422, "blocking_findings");
    assert_field(&r.body, "production.marks", Some("marks_differ"));
    assert_field(&r.body, "shipping.etd_to", Some("etd_after_latest_shipment"));
    assert_problem(&issue(&app, &t.manager, &v, None).await, 422, "blocking_findings");
    assert_eq!(
        get(&app, &t.merch, &format!("/api/v1/instructions/{id}"))
            .await
            .body["state"],
        "draft"
    );
    // With a reason, the sales manager's override is kept and audited.
    let r = issue(
        &app,
        &t.manager,
        &v,
        Some("Buyer confirmed neutral marks by e-mail of 26 Nov"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["override_reason"],
        "Buyer confirmed neutral marks by e-mail of 26 Nov"
    );
    let audit = get(
        &app,
        &t.manager,
        &format!("/api/v1/audit?entity_type=instruction&entity_id={id}"),
    )
    .await;
    let issued = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "issue")
        .unwrap()
        .clone();
    assert!(
        issued.to_string().contains("Buyer confirmed neutral marks"),
        "{issued}"
    );
}

#[tokio::test]
async fn quantities_across_instructions_never_exceed_the_contract_plus_tolerance() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, true, vec![]).await;
    let cid = str_of(&c, "id");
    let (appr, merch) = (&app, t.merch.clone());
    let with_qty = |q: &str| {
        let q = q.to_string();
        let merch = merch.clone();
        async move {
            let mut draft = get(
                appr,
                &merch,
                &format!("/api/v1/contracts/{cid}/instruction-draft"),
            )
            .await
            .body;
            if draft["lines"].as_array().is_none_or(|l| l.is_empty()) {
                // Nothing open: ask for the first line anyway.
                draft["lines"] = json!([{"contract_line": 0, "description": "Fresh Fuji Apples", "quantity": "1", "unit": "carton"}]);
            }
            draft["lines"][0]["quantity"] = json!(q);
            post(
                appr,
                &merch,
                "/api/v1/instructions",
                &json!({"contract_id": cid, "instruction": draft}),
            )
            .await
        }
    };
    // 1800 cartons ±5 % → at most 1890 across instructions.
    let a = with_qty("1000").await;
    assert_eq!(a.status, 201, "{}", a.body);
    let b = with_qty("890").await;
    assert_eq!(b.status, 201, "{}", b.body);
    let r = with_qty("1").await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "instruction.lines[0].quantity", Some("over_contract"));
    let r = with_qty("-3").await;
    assert_field(&r.body, "instruction.lines[0].quantity", Some("not_positive"));
    let list = get(&app, &t.merch, &format!("/api/v1/instructions?contract_id={cid}")).await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        2,
        "nothing was created"
    );
    // The pre-filled draft offers only what is still open.
    let open = get(
        &app,
        &t.merch,
        &format!("/api/v1/contracts/{cid}/instruction-draft"),
    )
    .await;
    assert_eq!(open.body["lines"], json!([]), "nothing is open: {}", open.body);
    assert_field(
        &make(&app, &t.merch, cid).await.body,
        "contract_id",
        Some("nothing_open"),
    );
    // Cancelling one gives its quantity back.
    let r = post_if(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{}/cancel", str_of(&a.body, "id")),
        version(&a.body),
        &json!({"reason": ""}),
    )
    .await;
    assert_field(&r.body, "reason", Some("required"));
    let r = post_if(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{}/cancel", str_of(&a.body, "id")),
        version(&a.body),
        &json!({"reason": "split differently"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(with_qty("1000").await.status, 201);

    // Without partial shipments a contract has one instruction.
    let single = approved_contract(&app, &t, false, vec![]).await;
    let sid = str_of(&single, "id");
    assert_eq!(make(&app, &t.merch, sid).await.status, 201);
    let r = make(&app, &t.merch, sid).await;
    assert_field(&r.body, "contract_id", Some("partial_not_allowed"));
    // A draft contract gives no instruction.
    let buyer = create_customer(&app, &t.merch).await;
    let product = get(&app, &t.merch, "/api/v1/products?q=FUJI-80-18").await.body["items"][0]["id"].clone();
    let draft = post(
        &app,
        &t.merch,
        "/api/v1/contracts",
        &contract_body(&buyer, product.as_str().unwrap()),
    )
    .await;
    assert_eq!(draft.status, 201);
    let r = make(&app, &t.merch, str_of(&draft.body, "id")).await;
    assert_field(&r.body, "contract_id", Some("contract_not_approved"));
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
];

#[tokio::test]
async fn progress_reports_are_checked_and_bad_ones_change_nothing() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let v = make(&app, &t.merch, str_of(&c, "id")).await.body;
    let id = str_of(&v, "id").to_string();
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 1, "line": 0, "packed": "5"}),
    )
    .await;
    assert_field(&r.body, "state", Some("not_issued"));
    assert_eq!(issue(&app, &t.merch, &v, None).await.status, 200);

    let bad = [
        (
            json!({"revision": 1, "line": 0, "packed": "-5"}),
            "packed",
            "negative",
        ),
        (
            json!({"revision": 1, "line": 0, "packed": "1891"}),
            "packed",
            "over_ordered",
        ),
        (json!({"revision": 1, "line": 0}), "entry", "empty"),
        (
            json!({"revision": 1, "line": 0, "packed": "1", "date": "2026-12-01"}),
            "date",
            "future",
        ),
        (
            json!({"revision": 1, "line": 3, "packed": "1"}),
            "line",
            "not_in_instruction",
        ),
        (
            json!({"revision": 1, "line": 0, "packed": "ten"}),
            "packed",
            "invalid_number",
        ),
        (
            json!({"revision": 1, "line": 0, "packed": "10", "inspected_pass": "11"}),
            "inspected_pass",
            "inspected_over_packed",
        ),
        (
            json!({"revision": 1, "line": 0, "packed": "1", "photos": [{"file_name": "x.png", "content_type": "image/png", "data_base64": base64(b"not an image")}]}),
            "photos[0].data_base64",
            "not_an_image",
        ),
    ];
    for (body, field, code) in bad {
        let r = entry(&app, &t.production, &id, body.clone()).await;
        assert_problem(&r, 422, "validation_failed");
        assert_field(&r.body, field, Some(code));
    }
    // A viewer may not report.
    let viewer = app.token(Role::Viewer).await;
    assert_eq!(
        entry(
            &app,
            &viewer,
            &id,
            json!({"revision": 1, "line": 0, "packed": "1"})
        )
        .await
        .status,
        403
    );
    let p = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/progress")).await;
    assert_eq!(p.body["entries"], json!([]), "refused reports stored nothing");

    // Good reports add up; the limit counts everything packed so far.
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 1, "line": 0, "date": "2026-11-26", "produced": "1010", "packed": "1000",
               "inspected_pass": "990", "inspected_fail": "10", "to_warehouse": "900", "notes": "first 1000 packed",
               "photos": [{"file_name": "qc.png", "content_type": "image/jpeg", "data_base64": base64(PNG)}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["photos"].as_array().unwrap().len(), 1);
    let photo = r.body["photos"][0].as_str().unwrap().to_string();
    let r = read(
        app.get(&t.merch, &format!("/api/v1/attachments/{photo}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        r.content_type, "image/png",
        "the type is sniffed from the bytes, not taken from the sender"
    );
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 1, "line": 0, "packed": "891"}),
    )
    .await;
    assert_field(&r.body, "packed", Some("over_ordered"));
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 1, "line": 0, "packed": "890", "to_warehouse": "810"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);

    // A mistake is put right by a correction with a reason, never by editing.
    let fix = json!({"revision": 1, "line": 0, "correction": true, "packed": "-50", "to_warehouse": "-50"});
    assert_field(
        &entry(&app, &t.production, &id, fix.clone()).await.body,
        "notes",
        Some("required"),
    );
    let mut too_much = fix.clone();
    too_much["packed"] = json!("-2000");
    too_much["notes"] = json!("typo");
    assert_field(
        &entry(&app, &t.production, &id, too_much).await.body,
        "packed",
        Some("below_zero"),
    );
    let mut fix = fix;
    fix["notes"] = json!("50 cartons counted twice on the 26th");
    let r = entry(&app, &t.production, &id, fix).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["correction"], true);
    let r = entry(
        &app,
        &t.production,
        &id,
        json!({"revision": 1, "line": 0, "packed": "50", "to_warehouse": "50"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let p = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/progress")).await;
    assert_eq!(p.status, 200);
    assert_eq!(p.body["entries"].as_array().unwrap().len(), 4);
    let line = &p.body["lines"][0]["assessment"];
    assert_eq!(decimal(&line["totals"]["packed"]), "1890");
    assert_eq!(decimal(&line["totals"]["to_warehouse"]), "1710");
    assert_eq!(line["status"], "ready", "1710 ≥ 1800 − 5 %: {line}");
    assert_eq!(p.body["overall"]["status"], "ready");
    // The goods are in the warehouse, available to ship.
    let w = get(&app, &t.merch, "/api/v1/warehouse-stock").await;
    assert_eq!(w.status, 200);
    assert_eq!(decimal(&w.body[0]["in_warehouse"]), "1710", "{}", w.body);
    assert_eq!(w.body[0]["instructions"][0], v["number"]);
}

#[tokio::test]
async fn a_late_line_raises_an_alert_and_forecasts_from_the_recent_rate() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let v = make(&app, &t.merch, str_of(&c, "id")).await.body;
    let id = str_of(&v, "id").to_string();
    let v = issue(&app, &t.merch, &v, None).await.body;
    // 50 cartons a day for three days, then nothing; the due date is 2026-12-29.
    for d in ["2026-11-25", "2026-11-26", "2026-11-27"] {
        let r = entry(
            &app,
            &t.production,
            &id,
            json!({"revision": 1, "line": 0, "date": d, "packed": "50", "to_warehouse": "50"}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let p = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/progress"))
        .await
        .body;
    let a = &p["lines"][0]["assessment"];
    // 150 in, 1710 needed: 1560 left at 50 a day = 32 days from 2026-11-27.
    assert_eq!(a["forecast_ready"], "2026-12-29", "{a}");
    assert_eq!(p["overall"]["makes_etd"], true);
    // Three weeks later nothing more came in: late against the ETD and the latest shipment.
    app.clock.advance(chrono::Duration::days(21));
    let p = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/progress"))
        .await
        .body;
    assert_eq!(p["overall"]["status"], "late", "{p}");
    let codes: Vec<&str> = p["overall"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"misses_etd"), "{codes:?}");
    assert_eq!(v["number"], p["number"]);
}

#[tokio::test]
async fn supplier_links_are_limited_expiring_and_revocable() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let supplier = app
        .create_party(&t.merch, json!({"kind": "supplier", "name_latin": "Laiyang Pear Cooperative", "addresses": [{"line1": "8 Wulong River Road", "city": "Laiyang", "country": "CN"}]}))
        .await;
    let sid = str_of(&supplier, "id").to_string();
    let second = json!({"description_en": "Fresh Fuji apples, small", "spec": "100 count", "quantity": "200", "unit": "carton", "unit_price": "19"});
    let c = approved_contract(&app, &t, false, vec![second]).await;
    let draft = make(&app, &t.merch, str_of(&c, "id")).await.body;
    let id = str_of(&draft, "id").to_string();
    let mut input = as_input(&draft);
    input["lines"][0]["supplier_id"] = json!(sid);
    let v = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}"),
        Some(version(&draft)),
        &json!({"instruction": input}),
    )
    .await
    .body;
    let v = issue(&app, &t.merch, &v, None).await.body;
    assert_eq!(v["state"], "issued", "{v}");

    // A customer is not a supplier.
    let cust = create_customer(&app, &t.merch).await;
    let r = post(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/supplier-links"),
        &json!({"supplier_id": cust}),
    )
    .await;
    assert_field(&r.body, "supplier_id", Some("not_a_supplier"));
    let r = post(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/supplier-links"),
        &json!({"supplier_id": sid, "days_valid": 7}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["link"]["lines"], json!([0]), "only the supplier's line");
    let token = str_of(&r.body, "token").to_string();
    assert!(token.len() >= 64, "256 random bits");
    let link_id = str_of(&r.body["link"], "id").to_string();
    let listed = get(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/supplier-links"),
    )
    .await;
    assert!(
        !listed.body.to_string().contains(&token),
        "the token is never shown again"
    );

    // The supplier's page needs no sign-in and shows only its line.
    let anon = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = anon
        .get(app.url(&format!("/supplier/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(v["number"].as_str().unwrap()));
    assert!(html.contains("Laiyang Pear Cooperative"));
    assert!(
        !html.contains("Fresh Fuji apples, small"),
        "the other line is not shown"
    );
    let submit = |fields: Vec<(&'static str, String)>| {
        let mut form = reqwest::multipart::Form::new();
        for (k, val) in fields {
            form = form.text(k, val);
        }
        anon.post(app.url(&format!("/supplier/{token}")))
            .multipart(form)
            .send()
    };
    let r = submit(vec![
        ("revision", "1".into()),
        ("line", "1".into()),
        ("packed", "10".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 422, "not the supplier's line");
    let r = submit(vec![
        ("revision", "1".into()),
        ("line", "0".into()),
        ("packed", "-1".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let r = submit(vec![
        ("revision", "1".into()),
        ("line", "0".into()),
        ("packed", "120".into()),
        ("to_warehouse", "100".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    let p = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/progress"))
        .await
        .body;
    let entries = p["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "only the good report: {p}");
    assert_eq!(entries[0]["source"], "supplier");
    assert!(
        entries[0]["actor"]
            .as_str()
            .unwrap()
            .contains("Laiyang Pear Cooperative")
    );

    // The linked line stays in its place and with its supplier while the link lives.
    let cur = get(&app, &t.merch, &format!("/api/v1/instructions/{id}"))
        .await
        .body;
    let mut moved = as_input(&cur);
    let lines = moved["lines"].as_array_mut().unwrap();
    lines.swap(0, 1);
    let r = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}"),
        Some(version(&cur)),
        &json!({"instruction": moved}),
    )
    .await;
    assert_field(&r.body, "instruction.lines[0]", Some("line_in_use"));
    let mut other = as_input(&cur);
    other["lines"][0].as_object_mut().unwrap().remove("supplier_id");
    let r = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}"),
        Some(version(&cur)),
        &json!({"instruction": other}),
    )
    .await;
    assert_field(&r.body, "instruction.lines[0].supplier_id", Some("line_in_use"));
    assert_eq!(
        get(&app, &t.merch, &format!("/api/v1/instructions/{id}"))
            .await
            .body["revision"],
        1
    );

    // Revoked: gone at once, for reading and writing.
    let r = post(
        &app,
        &t.merch,
        &format!("/api/v1/supplier-links/{link_id}/revoke"),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        anon.get(app.url(&format!("/supplier/{token}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let r = submit(vec![
        ("revision", "1".into()),
        ("line", "0".into()),
        ("packed", "1".into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), 404);
    // Expired: a link for one day, two days later.
    let r = post(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/supplier-links"),
        &json!({"supplier_id": sid, "days_valid": 1}),
    )
    .await;
    let token2 = str_of(&r.body, "token").to_string();
    assert_eq!(
        anon.get(app.url(&format!("/supplier/{token2}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.clock.advance(chrono::Duration::days(2));
    assert_eq!(
        anon.get(app.url(&format!("/supplier/{token2}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        anon.get(app.url("/supplier/not-a-real-token-but-long-enough-to-look"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let r = post(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/supplier-links"),
        &json!({"supplier_id": sid, "days_valid": 400}),
    )
    .await;
    assert_field(&r.body, "days_valid", Some("out_of_range"));
    assert_eq!(
        get(&app, &t.merch, &format!("/api/v1/instructions/{id}/progress"))
            .await
            .body["entries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn customer_stock_ranks_what_ships_first() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let a = approved_contract(&app, &t, false, vec![]).await;
    let b = approved_contract(&app, &t, false, vec![]).await;
    let mut numbers = Vec::new();
    for c in [&a, &b] {
        let v = make(&app, &t.merch, str_of(c, "id")).await.body;
        let v = issue(&app, &t.merch, &v, None).await.body;
        numbers.push(v["number"].as_str().unwrap().to_string());
    }
    let product = get(&app, &t.merch, "/api/v1/products?q=FUJI-80-18").await.body["items"][0]["id"].clone();
    // Customer B runs out in 2 days, customer A has 100 days.
    let report = |q: &str, rate: &str| json!({"product_id": product, "unit": "carton", "quantity": q, "consumption_per_day": rate, "date": "2026-11-27"});
    let ra = post(
        &app,
        &t.merch,
        &format!(
            "/api/v1/customers/{}/stock",
            a["contract"]["buyer_id"].as_str().unwrap()
        ),
        &report("1000", "10"),
    )
    .await;
    assert_eq!(ra.status, 201, "{}", ra.body);
    assert_eq!(decimal(&ra.body["cover"]["days_of_cover"]), "100");
    let rb = post(
        &app,
        &t.merch,
        &format!(
            "/api/v1/customers/{}/stock",
            b["contract"]["buyer_id"].as_str().unwrap()
        ),
        &report("100", "50"),
    )
    .await;
    assert_eq!(rb.status, 201, "{}", rb.body);
    let p = get(&app, &t.merch, "/api/v1/shipping-priority").await;
    assert_eq!(p.status, 200);
    let order: Vec<&str> = p
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(order, [numbers[1].as_str(), numbers[0].as_str()]);
    assert_eq!(p.body[0]["reason"], "stock_runs_out");
    assert_eq!(p.body[0]["rank"], 1);
    // Bad stock reports are refused field by field; a supplier has no stock here.
    let buyer = a["contract"]["buyer_id"].as_str().unwrap();
    let r = post(
        &app,
        &t.merch,
        &format!("/api/v1/customers/{buyer}/stock"),
        &json!({"unit": "bucket", "quantity": "-1", "consumption_per_day": "x", "date": "2027-01-01"}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    for (f, code) in [
        ("quantity", "negative"),
        ("consumption_per_day", "invalid_number"),
        ("date", "future"),
        ("unit", "invalid_choice"),
        ("product_id", "required"),
    ] {
        assert_field(&r.body, f, Some(code));
    }
    let viewer = app.token(Role::Viewer).await;
    assert_eq!(
        post(
            &app,
            &viewer,
            &format!("/api/v1/customers/{buyer}/stock"),
            &report("1", "1")
        )
        .await
        .status,
        403
    );
    let listed = get(&app, &t.merch, &format!("/api/v1/customers/{buyer}/stock")).await;
    assert_eq!(
        listed.body.as_array().unwrap().len(),
        1,
        "the refused report is not there"
    );
}

#[tokio::test]
async fn the_instruction_pdf_is_chinese_by_default_and_per_department() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let v = make(&app, &t.merch, str_of(&c, "id")).await.body;
    let id = str_of(&v, "id");
    let pdf = |q: &'static str| {
        let path = format!("/api/v1/instructions/{id}/pdf{q}");
        let app = &app;
        let tok = t.production.clone();
        async move {
            let r = app.get(&tok, &path).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()["content-type"], "application/pdf");
            pdf_text(&r.bytes().await.unwrap())
        }
    };
    let zh = pdf("").await;
    assert!(zh.contains("ZL2026-0001"), "{zh}");
    assert!(zh.contains("生产部") && zh.contains("船务部"), "{zh}");
    assert!(zh.contains("FRESH FRUIT"), "the marks: {zh}");
    let en = pdf("?lang=en").await;
    assert!(en.contains("Production") && en.contains("Shipping"), "{en}");
    assert!(!en.contains("生产部"), "{en}");
    let shipping = pdf("?department=shipping").await;
    assert!(shipping.contains("船务部"), "{shipping}");
    assert!(
        !shipping.contains("生产交期"),
        "only the shipping section: {shipping}"
    );
    let r = get(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{id}/pdf?department=kitchen"),
    )
    .await;
    assert_field(&r.body, "department", Some("invalid_choice"));
}

/// Send every request at the same time; the answers in order.
async fn at_once(requests: impl Iterator<Item = reqwest::RequestBuilder>) -> Vec<Resp> {
    let tasks: Vec<_> = requests
        .map(|rb| tokio::spawn(async move { read(rb.send().await.unwrap()).await }))
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn concurrent_instructions_and_reports_never_take_more_than_the_contract() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, true, vec![]).await;
    let cid = str_of(&c, "id").to_string();
    let mut draft = get(
        &app,
        &t.merch,
        &format!("/api/v1/contracts/{cid}/instruction-draft"),
    )
    .await
    .body;
    draft["lines"][0]["quantity"] = json!("100");
    // 24 instructions of 100 cartons at once against 1800 ± 5 %: exactly 18 fit.
    let body = json!({"contract_id": cid, "instruction": draft});
    let results = at_once((0..24).map(|_| app.post(&t.merch, "/api/v1/instructions").json(&body))).await;
    let made: Vec<&Resp> = results.iter().filter(|r| r.status == 201).collect();
    assert_eq!(
        made.len(),
        18,
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in results.iter().filter(|r| r.status != 201) {
        assert_field(&r.body, "instruction.lines[0].quantity", Some("over_contract"));
    }
    let mut numbers: Vec<String> = made
        .iter()
        .map(|r| r.body["number"].as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=18).map(|n| format!("ZL2026-{n:04}")).collect();
    assert_eq!(numbers, expected, "numbers without gaps or repeats");

    // Ten reports of 200 packed at once against one line of 100 (+5 %): none may pass 105.
    let v = made[0].body.clone();
    let id = str_of(&v, "id").to_string();
    assert_eq!(issue(&app, &t.merch, &v, None).await.status, 200);
    let path = format!("/api/v1/instructions/{id}/progress");
    let report = json!({"revision": 1, "line": 0, "packed": "30"});
    let results = at_once((0..10).map(|_| app.post(&t.production, &path).json(&report))).await;
    let ok = results.iter().filter(|r| r.status == 201).count();
    assert_eq!(ok, 3, "3 × 30 = 90 ≤ 105 < 4 × 30");
    // Two acknowledgements of one section at once: one lands.
    let path = format!("/api/v1/instructions/{id}/acknowledge");
    let body = json!({"department": "production", "revision": 1});
    let results = at_once((0..2).map(|_| app.post(&t.production, &path).json(&body))).await;
    let mut statuses: Vec<u16> = results.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 422]);
    let h = get(&app, &t.merch, &format!("/api/v1/instructions/{id}/history"))
        .await
        .body;
    let acks = h["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "acknowledge")
        .count();
    assert_eq!(acks, 1);
}

#[tokio::test]
async fn instruction_numbers_follow_the_company_pattern() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let admin = app.token(Role::Admin).await;
    let company = json!({
        "name_en": "Yantai Golden Orchard Import & Export Co., Ltd.",
        "address_en": "88 Binhai Road, Laishan District, Yantai, Shandong, China",
        "instruction_number_pattern": "IN-{yy}{mm}-{seq:3}"
    });
    let mut bad = company.clone();
    bad["instruction_number_pattern"] = json!("IN-{day}");
    let r = put(&app, &admin, "/api/v1/company", Some(0), &bad).await;
    assert_field(&r.body, "instruction_number_pattern", Some("invalid_pattern"));
    let r = put(&app, &admin, "/api/v1/company", Some(0), &company).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = approved_contract(&app, &t, false, vec![]).await;
    let v = make(&app, &t.merch, str_of(&c, "id")).await;
    assert_eq!(v.status, 201, "{}", v.body);
    assert_eq!(v.body["number"], "IN-2611-001");
}
