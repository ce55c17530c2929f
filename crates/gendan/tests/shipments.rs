//! Bookings and shipments end to end (issue 6): a booking request pre-filled from issued
//! instructions, the carrier's confirmation opening the shipment, containers checked against
//! ISO 6346, the instruction and the container's rating, milestones in order, partial and
//! combined shipments rolling up to instruction and contract, the shipping advice as text and
//! PDF, customer tracking links, alerts and the on-time measure. The real server on a random
//! port over a fresh database each test (SQLite, or PostgreSQL when
//! GENDAN_TEST_DATABASE_URL is set).

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::api::*;
use common::*;
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

/// An issued instruction for the contract, pre-filled with everything still open.
async fn issued_instruction(app: &TestApp, t: &Team, contract_id: &str) -> Value {
    let r = post(
        app,
        &t.merch,
        "/api/v1/instructions",
        &json!({"contract_id": contract_id}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post_if(
        app,
        &t.merch,
        &format!("/api/v1/instructions/{}/issue", str_of(&r.body, "id")),
        version(&r.body),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

/// An issued instruction for a given quantity of the contract's first line.
async fn issued_instruction_for(app: &TestApp, t: &Team, contract_id: &str, quantity: &str) -> Value {
    let draft = get(
        app,
        &t.merch,
        &format!("/api/v1/contracts/{contract_id}/instruction-draft"),
    )
    .await;
    assert_eq!(draft.status, 200, "{}", draft.body);
    let mut input = draft.body.clone();
    input["lines"][0]["quantity"] = json!(quantity);
    let r = post(
        app,
        &t.merch,
        "/api/v1/instructions",
        &json!({"contract_id": contract_id, "instruction": input}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post_if(
        app,
        &t.merch,
        &format!("/api/v1/instructions/{}/issue", str_of(&r.body, "id")),
        version(&r.body),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

async fn forwarder(app: &TestApp, t: &str) -> String {
    let p = app
        .create_party(
            t,
            json!({
                "kind": "forwarder",
                "name_latin": "Qingdao Ocean Link Logistics Co., Ltd.",
                "addresses": [{"line1": "Hong Kong Middle Road 6", "city": "Qingdao", "country": "CN"}],
                "contacts": [{"name": "Zhang Wei", "email": "booking@oceanlink.example"}]
            }),
        )
        .await;
    str_of(&p, "id").to_string()
}

/// Book the instructions with the forwarder (pre-filled request).
async fn book(app: &TestApp, t: &str, instructions: &[&Value], forwarder_id: &str) -> Resp {
    let ids: Vec<&str> = instructions.iter().map(|i| str_of(i, "id")).collect();
    let draft = get(
        app,
        t,
        &format!("/api/v1/bookings/draft?instruction_ids={}", ids.join(",")),
    )
    .await;
    assert_eq!(draft.status, 200, "{}", draft.body);
    let mut req = draft.body;
    req["forwarder_id"] = json!(forwarder_id);
    post(app, t, "/api/v1/bookings", &json!({"request": req})).await
}

/// An instruction as the API shows it, as an input again, with its first line's quantity.
fn instruction_input(i: &Value, quantity: &str) -> Value {
    let mut i = i.clone();
    for l in i["lines"].as_array_mut().unwrap() {
        if l["supplier_id"].is_null() {
            l.as_object_mut().unwrap().remove("supplier_id");
        }
    }
    i["lines"][0]["quantity"] = json!(quantity);
    if let Some(r) = i["shipping"]["reefer"].as_object().cloned() {
        i["shipping"]["reefer"] = json!({
            "set_point_c": r["set_point"],
            "fresh_air_m3h": r["fresh_air_m3h"],
            "humidity_pct": r["humidity_pct"],
        });
    }
    i
}

/// A booking's request as the API shows it, as an input again.
fn booking_input(r: &Value) -> Value {
    let mut i = r.clone();
    if let Some(rf) = r["reefer"].as_object() {
        i["reefer"] = json!({
            "set_point_c": rf["set_point"],
            "fresh_air_m3h": rf["fresh_air_m3h"],
            "humidity_pct": rf.get("humidity_pct").cloned().unwrap_or(Value::Null),
        });
    }
    i
}

fn confirmation(etd: &str, eta: &str) -> Value {
    json!({
        "carrier": "Maersk",
        "vessel": "MAERSK KOWLOON",
        "voyage": "447W",
        "booking_number": "MAEU262514789",
        "etd": etd,
        "eta": eta,
        "si_cutoff": "2026-11-28T12:00",
        "vgm_cutoff": "2026-11-29T12:00",
        "cy_cutoff": "2026-11-29 18:00",
        "documents_cutoff": "2026-11-29T16:00",
        "free_days": 14
    })
}

async fn confirm(app: &TestApp, t: &str, booking: &Value, c: Value) -> Resp {
    post_if(
        app,
        t,
        &format!("/api/v1/bookings/{}/confirm", str_of(booking, "id")),
        version(booking),
        &json!({"confirmation": c}),
    )
    .await
}

/// A booking confirmed: (booking, shipment).
async fn confirmed(app: &TestApp, t: &str, instructions: &[&Value], forwarder_id: &str) -> (Value, Value) {
    let b = book(app, t, instructions, forwarder_id).await;
    assert_eq!(b.status, 201, "{}", b.body);
    let b = confirm(app, t, &b.body, confirmation("2026-11-30", "2027-01-02")).await;
    assert_eq!(b.status, 200, "{}", b.body);
    let sid = str_of(&b.body, "shipment_id");
    let s = get(app, t, &format!("/api/v1/shipments/{sid}")).await;
    assert_eq!(s.status, 200, "{}", s.body);
    (b.body, s.body)
}

fn container(number: &str, instruction: &Value, packages: u32) -> Value {
    container_on(number, instruction, packages, "2026-11-27")
}

fn container_on(number: &str, instruction: &Value, packages: u32, stuffed_on: &str) -> Value {
    let net = packages * 18;
    let gross = format!("{:.1}", f64::from(packages) * 19.2);
    json!({
        "number": number,
        "container_type": "40RH",
        "seals": ["ML1234567"],
        "stuffed_on": stuffed_on,
        "reefer_set_point_c": "0.5",
        "lines": [{
            "instruction_id": str_of(instruction, "id"),
            "line": 0,
            "packages": packages.to_string(),
            "net_kg": net.to_string(),
            "gross_kg": gross
        }]
    })
}

async fn add_container(app: &TestApp, t: &str, shipment: &Value, body: &Value) -> Resp {
    post(
        app,
        t,
        &format!("/api/v1/shipments/{}/containers", str_of(shipment, "id")),
        body,
    )
    .await
}

async fn milestone(app: &TestApp, t: &str, shipment: &Value, kind: &str, date: &str) -> Resp {
    post(
        app,
        t,
        &format!("/api/v1/shipments/{}/milestones", str_of(shipment, "id")),
        &json!({"kind": kind, "date": date, "source": "forwarder", "note": "seen on the carrier's site"}),
    )
    .await
}

async fn bytes(app: &TestApp, t: &str, path: &str) -> (u16, String, Vec<u8>) {
    let r = app.get(t, path).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_booking_is_confirmed_stuffed_shipped_and_advised() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let ins = issued_instruction(&app, &t, str_of(&c, "id")).await;
    let fw = forwarder(&app, &t.merch).await;

    // The request is pre-filled from the instruction: its containers, reefer and ports.
    let b = book(&app, &t.shipping, &[&ins], &fw).await;
    assert_eq!(b.status, 201, "{}", b.body);
    let b = b.body;
    assert_eq!(b["number"], "BK2026-0001");
    assert_eq!(b["state"], "requested");
    assert_eq!(b["request"]["containers"][0]["container_type"], "40RH", "{b}");
    assert_eq!(b["request"]["port_of_loading"], "CNQDG");
    assert_eq!(b["instructions"][0]["number"], ins["number"]);
    assert!(b["shipment_id"].is_null());

    // The request for the forwarder: e-mail text and PDF in its usual (Chinese) form.
    let r = get(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/request/email", str_of(&b, "id")),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let body = str_of(&r.body, "body");
    assert!(body.contains("40RH") && body.contains("CNQDG"), "{body}");
    assert!(body.contains("冷箱设置"), "{body}");
    assert_eq!(r.body["to"], "booking@oceanlink.example");
    let (status, ct, pdf) = bytes(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/request/pdf", str_of(&b, "id")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(ct, "application/pdf");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("BK2026-0001") && text.contains("订舱委托书"),
        "{text}"
    );

    // Confirmation: If-Match required; an ETA before the ETD is refused with its field.
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/confirm", str_of(&b, "id")),
        &json!({"confirmation": confirmation("2026-11-30", "2027-01-02")}),
    )
    .await;
    assert_problem(&r, 428, "precondition_required");
    // The carrier confirmed three days ago.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    let r = confirm(&app, &t.shipping, &b, confirmation("2026-11-30", "2026-11-20")).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "confirmation.eta", Some("eta_before_etd"));
    let r = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/confirm", str_of(&b, "id")),
        version(&b),
        &json!({"confirmation": confirmation("2026-11-30", "2027-01-02"), "confirmed_on": "2026-11-25"}),
    )
    .await;
    assert_field(&r.body, "confirmed_on", Some("in_future"));
    let r = confirm(&app, &t.shipping, &b, confirmation("2026-11-30", "2027-01-02")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let b = r.body;
    assert_eq!(b["state"], "confirmed");
    assert_eq!(b["confirmation"]["vessel"], "MAERSK KOWLOON");
    let sid = str_of(&b, "shipment_id").to_string();
    assert!(str_of(&b, "shipment_number").starts_with("SH2026-"));

    app.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap());
    let s = get(&app, &t.shipping, &format!("/api/v1/shipments/{sid}"))
        .await
        .body;
    assert_eq!(s["stage"], "booked");
    assert_eq!(s["milestones"][0]["date"], "2026-11-24");
    assert_eq!(s["milestones"][0]["kind"], "booked");
    assert_eq!(
        s["totals"]["containers_booked"].as_u64().unwrap(),
        b["request"]["containers"][0]["count"].as_u64().unwrap()
    );
    // The SI cut-off is tomorrow and no VGM is in: both are alerted.
    let codes: Vec<&str> = s["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"si_cutoff_tomorrow"), "{codes:?}");
    assert!(codes.contains(&"vgm_missing"), "{codes:?}");

    // A mistyped container number is refused naming the expected check digit; nothing changes.
    let mut k = container("MSKU9070324", &ins, 1000);
    k["vgm"] = json!({"declared_by": "Li Na", "declared_on": "2026-11-26"});
    let r = add_container(&app, &t.shipping, &s, &k).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "number", Some("check_digit"));
    let msg = r.body["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("expected check digit is 3"), "{msg}");
    let same = get(&app, &t.shipping, &format!("/api/v1/shipments/{sid}"))
        .await
        .body;
    assert_eq!(version(&same), version(&s));
    assert_eq!(same["containers"], json!([]));
    for (bad, code) in [
        ("MSK9070323", "invalid_container_number"),
        ("MSKX9070323", "invalid_equipment_category"),
        ("", "required"),
    ] {
        let mut k2 = k.clone();
        k2["number"] = json!(bad);
        let r = add_container(&app, &t.shipping, &s, &k2).await;
        assert_field(&r.body, "number", Some(code));
    }

    // VGM above the container's maximum gross (SOLAS method 2: cargo + dunnage + tare).
    let mut heavy = container("MSKU9070323", &ins, 1500);
    heavy["vgm"] = json!({"declared_by": "Li Na", "declared_on": "2026-11-26", "dunnage_kg": "1000"});
    let r = add_container(&app, &t.shipping, &s, &heavy).await;
    assert_field(&r.body, "vgm", Some("vgm_over_max_gross"));
    // More than instructed plus the tolerance (1800 + 5 % = 1890).
    let r = add_container(&app, &t.shipping, &s, &container("MSKU9070323", &ins, 1900)).await;
    assert_field(&r.body, "lines[0].quantity", Some("over_instructed"));

    // A quantity that disagrees with the packages is refused (it is computed).
    let mut odd = container("MSKU9070323", &ins, 1000);
    odd["lines"][0]["quantity"] = json!("1");
    let r = add_container(&app, &t.shipping, &s, &odd).await;
    assert_field(&r.body, "lines[0].quantity", Some("quantity_mismatch"));

    // Fixed: the container is recorded with its VGM computed.
    k["number"] = json!("msku 907032-3");
    let r = add_container(&app, &t.shipping, &s, &k).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s = r.body;
    let c0 = &s["containers"][0];
    assert_eq!(c0["number"], "MSKU9070323");
    assert_eq!(decimal(&c0["vgm"]["cargo_gross_kg"]), "19200");
    assert_eq!(
        decimal(&c0["vgm"]["verified_gross_kg"]),
        "23800",
        "19200 + 4600 tare"
    );
    assert_eq!(s["reefer"][0]["status"], "matches", "{}", s["reefer"]);
    // The same number twice on one shipment is refused.
    let r = add_container(&app, &t.shipping, &s, &container("MSKU9070323", &ins, 10)).await;
    assert_field(&r.body, "number", Some("duplicate"));
    // Another 800 cartons (1800 in all): within the instruction.
    let r = add_container(&app, &t.shipping, &s, &container("TGHU7611307", &ins, 800)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s = r.body;
    assert_eq!(s["totals"]["packages"], 1800);

    // Milestones in order; on board before stuffing is refused; a future date too.
    let r = milestone(&app, &t.shipping, &s, "on_board", "2026-11-25").await;
    assert_field(&r.body, "date", Some("out_of_order"));
    let r = milestone(&app, &t.shipping, &s, "on_board", "2026-12-25").await;
    assert_field(&r.body, "date", Some("in_future"));
    let r = milestone(&app, &t.shipping, &s, "arrived", "2026-11-27").await;
    assert_field(&r.body, "kind", Some("out_of_order"));
    let r = milestone(&app, &t.shipping, &s, "gated_in", "2026-11-27").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = milestone(&app, &t.shipping, &s, "on_board", "2026-11-27").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s = r.body;
    assert_eq!(s["stage"], "on_board");
    assert_eq!(s["on_board"], "2026-11-27");
    assert_eq!(s["on_time"], true);
    assert_eq!(s["alerts"], json!([]), "nothing is alerted once on board");
    // Rolled up: the instruction and the contract are shipped within tolerance.
    assert_eq!(decimal(&s["balances"][0]["lines"][0]["shipped"]), "1800");
    assert_eq!(s["balances"][0]["lines"][0]["status"], "within_tolerance");
    assert_eq!(
        s["contract_balances"][0]["lines"][0]["status"],
        "within_tolerance"
    );
    // Containers are fixed once on board.
    let cid = str_of(&s["containers"][0], "id").to_string();
    let r = read(
        app.delete(&t.shipping, &format!("/api/v1/shipments/{sid}/containers/{cid}"))
            .header("If-Match", quoted(version(&s)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_field(&r.body, "stage", Some("already_on_board"));

    // B/L and invoice numbers; a stale version is a conflict.
    let r = put(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}"),
        Some(version(&s) - 1),
        &json!({"bl_number": "maeu262514789"}),
    )
    .await;
    assert_problem(&r, 409, "version_conflict");
    let r = put(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}"),
        Some(version(&s)),
        &json!({"bl_number": "maeu262514789", "invoice_number": "INV-2026-0042"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["bl_number"], "MAEU262514789");
    // 1800 cartons × USD 21.505 = USD 38,709.00
    assert_eq!(decimal(&r.body["invoice_amounts"][0]["amount"]), "38709");

    // The shipping advice: text and PDF, in the customer's language (English).
    let r = get(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/shipping-advice"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let body = str_of(&r.body, "body");
    for want in [
        "MAERSK KOWLOON / 447W",
        "MAEU262514789",
        "INV-2026-0042",
        "USD 38,709.00",
        "MSKU 907032 3",
        "ML1234567",
        str_of(&c, "number"),
        "2027-01-02",
    ] {
        assert!(body.contains(want), "{want} missing from {body}");
    }
    let (status, _, pdf) = bytes(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/shipping-advice/pdf"),
    )
    .await;
    assert_eq!(status, 200);
    let text = pdf_text(&pdf);
    for want in [
        "SHIPPING ADVICE",
        "MAEU262514789",
        "USD 38,709.00",
        "TGHU 761130 7",
        "1,800",
    ] {
        assert!(text.contains(want), "{want} missing from the PDF: {text}");
    }
    let (_, _, pdf) = bytes(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/shipping-advice/pdf?lang=zh"),
    )
    .await;
    assert!(pdf_text(&pdf).contains("装船通知"));
    // Sending is recorded, with a bad address refused.
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/shipping-advice/send"),
        &json!({"to": "not an address"}),
    )
    .await;
    assert_field(&r.body, "to", Some("invalid_email"));
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/shipping-advice/send"),
        &json!({"to": "buyer@freshfruit.example"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["advices"][0]["to"], "buyer@freshfruit.example");
    assert_eq!(r.body["advices"][0]["language"], "en");
    let actions = audit_actions(&app, &t.manager, "shipment", &sid).await;
    for a in ["open", "container_added", "milestone", "edit", "advice_sent"] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited: {actions:?}");
    }

    // The on-time measure counts it.
    let r = get(&app, &t.manager, "/api/v1/kpis/on-time-delivery").await;
    assert_eq!(r.body["shipped"], 1);
    assert_eq!(r.body["on_time"], 1);
    assert_eq!(decimal(&r.body["rate_pct"]), "100");
}

#[tokio::test]
async fn a_tracking_link_shows_only_its_shipment_and_expires() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, true, vec![]).await;
    let ins = issued_instruction(&app, &t, str_of(&c, "id")).await;
    let fw = forwarder(&app, &t.merch).await;
    let (_, s) = confirmed(&app, &t.shipping, &[&ins], &fw).await;
    let sid = str_of(&s, "id").to_string();
    let r = add_container(&app, &t.shipping, &s, &container("CSQU3054383", &ins, 900)).await;
    assert_eq!(r.status, 201, "{}", r.body);

    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/tracking-links"),
        &json!({"documents": ["invoice"]}),
    )
    .await;
    assert_field(&r.body, "documents[0]", Some("invalid_choice"));
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/tracking-links"),
        &json!({"documents": ["shipping_advice"], "days_valid": 10}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let path = str_of(&r.body, "path").to_string();
    let token = str_of(&r.body, "token").to_string();
    assert!(token.len() >= 40, "unguessable: {token}");
    let link_id = str_of(&r.body["link"], "id").to_string();
    // The token is never shown again.
    let l = get(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/tracking-links"),
    )
    .await;
    assert!(!l.body.to_string().contains(&token));

    // Public: no sign-in; milestones, ETA, containers; only the shared document.
    let anon = reqwest::Client::new();
    let r = anon.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    for want in ["MAERSK KOWLOON", "2027-01-02", "CSQU 305438 3"] {
        assert!(html.contains(want), "{want} missing from the tracking page");
    }
    assert!(!html.contains("21.505"), "prices are not shown");
    let r = anon
        .get(app.url(&format!("{path}/documents/shipping_advice")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(pdf_text(&r.bytes().await.unwrap()).contains("SHIPPING ADVICE"));
    let r = anon
        .get(app.url(&format!("{path}/documents/sales_contract")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "not shared");
    // Nothing else is reachable with it: the API wants a sign-in.
    let r = anon
        .get(app.url(&format!("/api/v1/shipments/{sid}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // A guessed token and a revoked one answer the same 404.
    let r = anon
        .get(app.url("/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/tracking-links/{link_id}/revoke"),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = anon.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // Expiry.
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/tracking-links"),
        &json!({"days_valid": 1}),
    )
    .await;
    let path = str_of(&r.body, "path").to_string();
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), 200);
    app.clock.advance(Duration::days(2));
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn partial_shipments_are_refused_where_the_contract_forbids_them() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, false, vec![]).await;
    let ins = issued_instruction(&app, &t, str_of(&c, "id")).await;
    let fw = forwarder(&app, &t.merch).await;
    let (b, s) = confirmed(&app, &t.shipping, &[&ins], &fw).await;

    // A second booking of the same instruction is a partial shipment: refused, nothing saved.
    let r = book(&app, &t.shipping, &[&ins], &fw).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "request.instruction_ids[0]", Some("partial_not_allowed"));
    let list = get(&app, &t.shipping, "/api/v1/bookings").await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);

    // The goods are in the warehouse; what is stuffed leaves it.
    let r = post(
        &app,
        &t.production,
        &format!("/api/v1/instructions/{}/progress", str_of(&ins, "id")),
        &json!({"revision": 1, "line": 0, "date": "2026-11-26", "produced": "1800", "packed": "1800",
                "inspected_pass": "1800", "inspected_fail": "0", "to_warehouse": "1800"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let stock = |b: &Value| decimal(&b[0]["in_warehouse"]);
    let w = get(&app, &t.shipping, "/api/v1/warehouse-stock").await;
    assert_eq!(stock(&w.body), "1800", "{}", w.body);
    // On board with 1000 of 1800 cartons (less than 1800 − 5 %): refused.
    let r = add_container(&app, &t.shipping, &s, &container("CSQU3054383", &ins, 1000)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let w = get(&app, &t.shipping, "/api/v1/warehouse-stock").await;
    assert_eq!(stock(&w.body), "800", "{}", w.body);
    let r = milestone(&app, &t.shipping, &r.body, "on_board", "2026-11-27").await;
    assert_field(&r.body, "kind", Some("partial_not_allowed"));
    let s2 = get(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{}", str_of(&s, "id")),
    )
    .await
    .body;
    assert_eq!(s2["stage"], "stuffed", "a container stuffed counts as stuffing");
    assert_eq!(s2["partial"], false);

    // The instruction cannot ask for less than is stuffed, nor be cancelled.
    let cur = get(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{}", str_of(&ins, "id")),
    )
    .await
    .body;
    let r = put(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{}", str_of(&ins, "id")),
        Some(version(&cur)),
        &json!({"instruction": instruction_input(&cur["instruction"], "900")}),
    )
    .await;
    assert_field(&r.body, "instruction.lines[0].quantity", Some("below_stuffed"));
    let r = post_if(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{}/cancel", str_of(&ins, "id")),
        version(&cur),
        &json!({"reason": "customer cancelled"}),
    )
    .await;
    assert_field(&r.body, "state", Some("in_use"));

    // 1710 cartons (the floor) may go.
    let r = add_container(&app, &t.shipping, &s2, &container("TGHU7611307", &ins, 710)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = milestone(&app, &t.shipping, &r.body, "on_board", "2026-11-27").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["balances"][0]["lines"][0]["status"], "within_tolerance");

    // Cancelling a booking whose goods are on board is refused.
    let b = get(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}", str_of(&b, "id")),
    )
    .await
    .body;
    let r = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/cancel", str_of(&b, "id")),
        version(&b),
        &json!({"reason": "rolled"}),
    )
    .await;
    assert_field(&r.body, "state", Some("already_shipped"));
}

#[tokio::test]
async fn partial_and_combined_shipments_roll_up_to_instruction_and_contract() {
    let app = spawn_app().await;
    let t = team(&app).await;
    // Contract A allows partial shipments; contract B is for the same buyer.
    let a = approved_contract(&app, &t, true, vec![]).await;
    let buyer = str_of(&a["contract"], "buyer_id").to_string();
    let product = str_of(&a["contract"]["lines"][0], "product_id").to_string();
    let mut body = contract_body(&buyer, &product);
    body["lines"][0]["quantity"] = json!("500");
    body["partial_shipments"] = json!(true);
    let r = post(&app, &t.merch, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let bid = str_of(&r.body, "id").to_string();
    let r = step(&app, &t.merch, &bid, "submit", version(&r.body), &json!({})).await;
    let r = step(&app, &t.manager, &bid, "approve", version(&r.body), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ins_a = issued_instruction(&app, &t, str_of(&a, "id")).await;
    let ins_b = issued_instruction(&app, &t, &bid).await;
    let fw = forwarder(&app, &t.merch).await;

    // Another buyer's instruction may not join.
    let other = approved_contract(&app, &t, true, vec![]).await;
    let ins_other = issued_instruction_for(&app, &t, str_of(&other, "id"), "100").await;
    let r = book(&app, &t.shipping, &[&ins_a, &ins_other], &fw).await;
    assert_field(&r.body, "request.instruction_ids[1]", Some("mixed_buyers"));

    // Shipment 1 combines A and B; shipment 2 carries the rest of A (partial).
    let (_, s1) = confirmed(&app, &t.shipping, &[&ins_a, &ins_b], &fw).await;
    assert_eq!(s1["combined"], true);
    let mut k = container("CSQU3054383", &ins_a, 1000);
    k["lines"].as_array_mut().unwrap().push(json!({
        "instruction_id": str_of(&ins_b, "id"), "line": 0, "packages": "500", "net_kg": "9000", "gross_kg": "9600"
    }));
    let r = add_container(&app, &t.shipping, &s1, &k).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = milestone(&app, &t.shipping, &r.body, "on_board", "2026-11-27").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s1 = r.body;
    assert_eq!(decimal(&s1["balances"][0]["lines"][0]["balance"]), "800");
    assert_eq!(s1["balances"][0]["lines"][0]["status"], "open");
    assert_eq!(s1["balances"][1]["lines"][0]["status"], "within_tolerance");

    // Shipment 1's booking cannot drop instruction B: its goods are stuffed there.
    let b1 = get(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}", str_of(&s1, "booking_id")),
    )
    .await
    .body;
    let mut req = b1["request"].clone();
    req["instruction_ids"] = json!([str_of(&ins_a, "id")]);
    req["containers"][0]["count"] = json!(req["containers"][0]["count"]);
    let r = put(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}", str_of(&b1, "id")),
        Some(version(&b1)),
        &json!({"request": booking_input(&req)}),
    )
    .await;
    assert_field(&r.body, "request.instruction_ids", Some("in_use"));

    let (_, s2) = confirmed(&app, &t.shipping, &[&ins_a], &fw).await;
    assert_eq!(s2["partial"], true);
    // A container still at sea on shipment 1 cannot be on shipment 2 too.
    let r = add_container(&app, &t.shipping, &s2, &container("CSQU3054383", &ins_a, 10)).await;
    assert_field(&r.body, "number", Some("duplicate"));
    // Across both shipments no more than 1890 of A: 1000 + 900 is refused, 1000 + 800 fits.
    let r = add_container(&app, &t.shipping, &s2, &container("TGHU7611307", &ins_a, 900)).await;
    assert_field(&r.body, "lines[0].quantity", Some("over_instructed"));
    let r = add_container(&app, &t.shipping, &s2, &container("TGHU7611307", &ins_a, 800)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(decimal(&r.body["balances"][0]["lines"][0]["stuffed"]), "800");
    assert_eq!(decimal(&r.body["balances"][0]["lines"][0]["shipped"]), "1000");
    let r = milestone(&app, &t.shipping, &r.body, "on_board", "2026-11-27").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let s2 = r.body;
    assert_eq!(s2["partial"], true);
    assert_eq!(decimal(&s2["balances"][0]["lines"][0]["shipped"]), "1800");
    assert_eq!(decimal(&s2["contract_balances"][0]["lines"][0]["balance"]), "0");
    assert_eq!(
        s2["contract_balances"][0]["lines"][0]["status"],
        "within_tolerance"
    );

    // A late shipment counts against the on-time rate: contract latest 2027-01-31.
    app.clock.set(Utc.with_ymd_and_hms(2027, 1, 30, 8, 0, 0).unwrap());
    let (_, s3) = confirmed(&app, &t.shipping, &[&ins_b], &fw).await;
    app.clock.set(Utc.with_ymd_and_hms(2027, 2, 3, 8, 0, 0).unwrap());
    // Stuffed before the booking is out of order.
    let r = add_container(&app, &t.shipping, &s3, &container("MSKU9070323", &ins_b, 20)).await;
    assert_field(&r.body, "stuffed_on", Some("out_of_order"));
    let r = add_container(
        &app,
        &t.shipping,
        &s3,
        &container_on("MSKU9070323", &ins_b, 20, "2027-02-01"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = milestone(&app, &t.shipping, &r.body, "on_board", "2027-02-02").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["on_time"], false);
    let k = get(&app, &t.manager, "/api/v1/kpis/on-time-delivery").await.body;
    assert_eq!(k["shipped"], 3);
    assert_eq!(k["on_time"], 2);
    assert_eq!(decimal(&k["rate_pct"]), "66.7");
    assert_eq!(k["late"][0]["days_late"], 2);
}

#[tokio::test]
async fn bookings_keep_their_history_and_refuse_bad_input() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, true, vec![]).await;
    let ins = issued_instruction(&app, &t, str_of(&c, "id")).await;
    let fw = forwarder(&app, &t.merch).await;

    // Bad request: every field named at once.
    let r = post(
        &app,
        &t.shipping,
        "/api/v1/bookings",
        &json!({"request": {
            "instruction_ids": [str_of(&ins, "id")],
            "containers": [{"container_type": "50XX", "count": 0}],
            "etd_from": "2026-12-10", "etd_to": "2026-12-01",
            "port_of_loading": "ZZZZZ", "commodity": ""
        }}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    for (f, code) in [
        ("request.forwarder_id", "required"),
        ("request.containers[0].container_type", "unknown_container_type"),
        ("request.containers[0].count", "out_of_range"),
        ("request.etd_to", "before_etd_from"),
        ("request.port_of_loading", "unknown_port"),
        ("request.port_of_discharge", "required"),
        ("request.commodity", "required"),
    ] {
        assert_field(&r.body, f, Some(code));
    }
    // A reefer type without its settings.
    let draft = get(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/draft?instruction_ids={}", str_of(&ins, "id")),
    )
    .await
    .body;
    let mut req = draft.clone();
    req["forwarder_id"] = json!(fw);
    req["reefer"] = Value::Null;
    let r = post(&app, &t.shipping, "/api/v1/bookings", &json!({"request": req})).await;
    assert_field(&r.body, "request.reefer.set_point_c", Some("reefer_required"));
    // A forwarder that is not one; production may not book.
    let mut req = draft.clone();
    req["forwarder_id"] = json!(str_of(&c["contract"], "buyer_id"));
    let r = post(&app, &t.shipping, "/api/v1/bookings", &json!({"request": req})).await;
    assert_field(&r.body, "request.forwarder_id", Some("not_a_forwarder"));
    let r = book(&app, &t.production, &[&ins], &fw).await;
    assert_problem(&r, 403, "forbidden");
    assert_eq!(
        get(&app, &t.shipping, "/api/v1/bookings").await.body["items"],
        json!([])
    );

    // Confirmed, then rolled to another vessel: both versions are kept.
    let (b, _) = confirmed(&app, &t.shipping, &[&ins], &fw).await;
    let mut c2 = confirmation("2026-12-07", "2027-01-09");
    c2["vessel"] = json!("MAERSK KENSINGTON");
    c2["voyage"] = json!("449W");
    let r = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/confirm", str_of(&b, "id")),
        version(&b),
        &json!({"confirmation": c2, "reason": "rolled by the carrier"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let h = &r.body["history"];
    assert_eq!(h[0]["action"], "reconfirm");
    assert_eq!(h[0]["reason"], "rolled by the carrier");
    assert!(
        h[0]["changed_fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "confirmation.vessel"),
        "{h}"
    );
    assert_eq!(h[1]["action"], "confirm");
    assert_eq!(h[2]["action"], "create");
    // A stale confirmation is a conflict.
    let r = confirm(&app, &t.shipping, &b, confirmation("2026-12-07", "2027-01-09")).await;
    assert_problem(&r, 409, "version_conflict");
    // Several bad fields of a confirmation at once, each named.
    let cur = get(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}", str_of(&b, "id")),
    )
    .await
    .body;
    let r2 = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/confirm", str_of(&b, "id")),
        version(&cur),
        &json!({"confirmation": {"carrier": "", "vessel": "X", "voyage": "1", "booking_number": "B", "etd": "2026-11-28", "eta": "2027-01-09", "si_cutoff": "2026-11-27T10:00", "vgm_cutoff": "bad", "cy_cutoff": "2026-11-29T18:00"}}),
    )
    .await;
    assert_field(&r2.body, "confirmation.carrier", Some("required"));
    assert_field(&r2.body, "confirmation.vgm_cutoff", Some("invalid_datetime"));
    assert_field(&r2.body, "confirmation.cy_cutoff", Some("cutoff_after_etd"));

    // Cancelled with a reason: its shipment is cancelled too and no longer changes.
    let r = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/cancel", str_of(&b, "id")),
        version(&cur),
        &json!({"reason": ""}),
    )
    .await;
    assert_field(&r.body, "reason", Some("required"));
    // A tracking link stops working when the shipment is cancelled.
    let sid = str_of(&b, "shipment_id").to_string();
    let r = post(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/tracking-links"),
        &json!({}),
    )
    .await;
    let path = str_of(&r.body, "path").to_string();
    let anon = reqwest::Client::new();
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), 200);
    let r = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/cancel", str_of(&b, "id")),
        version(&cur),
        &json!({"reason": "customer postponed"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "cancelled");
    assert_eq!(anon.get(app.url(&path)).send().await.unwrap().status(), 404);
    let s = get(
        &app,
        &t.shipping,
        &format!("/api/v1/shipments/{}", str_of(&b, "shipment_id")),
    )
    .await
    .body;
    assert_eq!(s["stage"], "cancelled");
    let r = add_container(&app, &t.shipping, &s, &container("CSQU3054383", &ins, 10)).await;
    assert_field(&r.body, "stage", Some("cancelled"));
    // The instruction may be booked again.
    let r = book(&app, &t.shipping, &[&ins], &fw).await;
    assert_eq!(r.status, 201, "{}", r.body);
}

#[tokio::test]
async fn two_shipments_cannot_both_take_the_last_cartons() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let c = approved_contract(&app, &t, true, vec![]).await;
    let ins = issued_instruction(&app, &t, str_of(&c, "id")).await;
    let fw = forwarder(&app, &t.merch).await;
    let (_, s1) = confirmed(&app, &t.shipping, &[&ins], &fw).await;
    let (_, s2) = confirmed(&app, &t.shipping, &[&ins], &fw).await;
    // 1000 + 1000 is more than 1800 + 5 %: of two writers at once, one is refused.
    let k1 = container("CSQU3054383", &ins, 1000);
    let k2 = container("MSKU9070323", &ins, 1000);
    for _ in 0..3 {
        let (a, b) = tokio::join!(
            add_container(&app, &t.shipping, &s1, &k1),
            add_container(&app, &t.shipping, &s2, &k2),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [201, 422], "{} / {}", a.body, b.body);
        let failed = if a.status == 422 { &a } else { &b };
        assert_field(&failed.body, "lines[0].quantity", Some("over_instructed"));
        // Take the winner's container off again for the next round.
        let (won, sid) = if a.status == 201 {
            (&a.body, str_of(&s1, "id"))
        } else {
            (&b.body, str_of(&s2, "id"))
        };
        let cid = str_of(&won["containers"][0], "id");
        let r = read(
            app.delete(&t.shipping, &format!("/api/v1/shipments/{sid}/containers/{cid}"))
                .header("If-Match", quoted(version(won)))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["containers"], json!([]));
    }
}
