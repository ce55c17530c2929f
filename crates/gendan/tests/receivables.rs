//! Dispatch, collection and close over HTTP (issue 9), end to end against the real server
//! over a fresh database (SQLite, or PostgreSQL when GENDAN_TEST_DATABASE_URL is set): a
//! full order (customer, product, contract submitted, approved by another person, sent and
//! confirmed; instruction issued; booking confirmed opening the shipment; containers stuffed;
//! the trade documents generated), then the documents dispatched by courier and through the
//! banks, the receivables schedule following the events, receipts applied, short and over
//! payments, the order closing by itself and reopened with a reason, the walkthrough, the
//! payment reminders on the manual clock, and who may do what.

mod common;
#[path = "common/docs.rs"]
mod docs;

use chrono::{Duration, TimeZone, Utc};
use common::api::*;
use common::*;
use docs::*;
use gendan_domain::role::Role;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

// ---------------------------------------------------------------- set-up

fn tt_30_70_copy_bl() -> Value {
    json!({"instalments": [
        {"percent": "30", "method": "tt", "trigger": "on_contract"},
        {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}
    ]})
}

fn tt_30_dp_70() -> Value {
    json!({"instalments": [
        {"percent": "30", "method": "tt", "trigger": "on_contract"},
        {"percent": "70", "method": "dp", "trigger": "at_sight_against_documents"}
    ]})
}

/// A buyer with a contact who reads e-mail (the reminders go to it).
async fn buyer(app: &TestApp, t: &str) -> String {
    let mut body = customer("Fresh Fruit Trading B.V.", "NL");
    body["contacts"] = json!([{"name": "Jan de Vries", "email": "jan@freshfruit.example"}]);
    let p = app.create_party(t, body).await;
    str_of(&p, "id").to_string()
}

/// A contract for 1800 cartons of Fuji apples at USD 21.505 (USD 38,709.00) under `terms`,
/// submitted by the merchandiser, approved by the sales manager (four eyes), sent to the
/// buyer and confirmed with the countersigned copy (today, on the app's clock).
async fn confirmed_contract(app: &TestApp, t: &Team, terms: Value) -> Value {
    let buyer = buyer(app, &t.merch).await;
    let product = create_product(app, &t.merch).await;
    let mut body = contract_body(&buyer, &product);
    body["partial_shipments"] = json!(true);
    body["marks"] = json!("FRESH FRUIT\nROTTERDAM\nC/NO. 1-UP");
    body["payment_terms"] = terms;
    let r = post(app, &t.merch, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = str_of(&r.body, "id").to_string();
    let r = step(app, &t.merch, &id, "submit", version(&r.body), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(app, &t.merch, &id, "approve", version(&r.body), &json!({})).await;
    assert_eq!(r.status, 403, "the author does not approve: {}", r.body);
    let r = get(app, &t.merch, &format!("/api/v1/contracts/{id}")).await;
    let r = step(app, &t.manager, &id, "approve", version(&r.body), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(
        app,
        &t.merch,
        &id,
        "send",
        version(&r.body),
        &json!({"sent_via": "email", "sent_to": "jan@freshfruit.example"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let pdf: Vec<u8> = b"%PDF-1.4\n% countersigned by the buyer\n%%EOF\n".to_vec();
    let r = step(
        app,
        &t.merch,
        &id,
        "confirm",
        version(&r.body),
        &json!({"countersigned": {
            "file_name": "signed.pdf",
            "content_type": "application/pdf",
            "data_base64": base64(&pdf)
        }}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "confirmed");
    r.body
}

/// A confirmed order under `terms`, its instruction issued, booked and confirmed by the
/// carrier (which opens the shipment), and two containers stuffed (1000 + 790 cartons).
async fn shipped_order(terms: Value) -> Stuffed {
    let app = spawn_app().await;
    let t = team(&app).await;
    let contract = confirmed_contract(&app, &t, terms).await;
    ship_contract(app, t, contract, two_boxes()).await
}

async fn milestone(app: &TestApp, t: &str, sid: &str, kind: &str, date: &str) -> Value {
    let r = post(
        app,
        t,
        &format!("/api/v1/shipments/{sid}/milestones"),
        &json!({"kind": kind, "date": date, "source": "forwarder", "note": "seen on the carrier's site"}),
    )
    .await;
    assert_eq!(r.status, 201, "{kind} {date}: {}", r.body);
    r.body
}

/// Set the app's clock to 08:00 UTC on this day.
fn set_day(app: &TestApp, y: i32, m: u32, d: u32) {
    app.clock.set(Utc.with_ymd_and_hms(y, m, d, 8, 0, 0).unwrap());
}

/// The receivables of one contract: (the order, the report).
async fn receivables_of(app: &TestApp, t: &str, contract_id: &str) -> (Value, Value) {
    let r = get(app, t, &format!("/api/v1/receivables?contract_id={contract_id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let orders = r.body["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{}", r.body);
    (orders[0].clone(), r.body)
}

fn instalment(order: &Value, index: usize) -> &Value {
    let i = &order["instalments"][index];
    assert_eq!(i["index"], index, "{order}");
    i
}

fn money(v: &Value) -> Decimal {
    dec(&v["amount"])
}

/// A decimal the API wrote as a string or as a number.
fn any_decimal(v: &Value) -> Decimal {
    match v {
        Value::String(s) => Decimal::from_str(s).unwrap(),
        Value::Number(n) => Decimal::from_str(&n.to_string()).unwrap(),
        other => panic!("{other} is not a decimal"),
    }
}

async fn contract_state(app: &TestApp, t: &str, id: &str) -> (String, i64) {
    let r = get(app, t, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    (str_of(&r.body, "state").to_string(), version(&r.body))
}

async fn dispatches(app: &TestApp, t: &str, sid: &str) -> Vec<Value> {
    let r = get(app, t, &format!("/api/v1/dispatches?shipment_id={sid}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

async fn receipts(app: &TestApp, t: &str) -> Vec<Value> {
    let r = get(app, t, "/api/v1/receipts").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

fn doc_id<'a>(docs: &'a [Value], kind: &str) -> &'a str {
    let d = docs
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in the set"));
    str_of(d, "id")
}

/// Assert a 422 naming `field` with `code`.
#[track_caller]
fn assert_422(r: &Resp, field: &str, code: &str) {
    assert_problem(r, 422, "validation_failed");
    assert_field(&r.body, field, Some(code));
}

/// A DHL air waybill with its check digit (the first nine digits modulo 7).
const DHL_OK: &str = "1234567891";
const DHL_BAD: &str = "1234567890";

// ---------------------------------------------------------------- the T/T order

/// T/T 30 % on contract + 70 % against the copy B/L: the schedule follows the confirmation
/// and the courier dispatch; bad dispatches and receipts are refused and change nothing;
/// a short payment is written off, an over payment stays as a credit; the order closes by
/// itself once delivered, dispatched and paid, is reopened only with a reason, and its
/// walkthrough tells it all in time order.
#[tokio::test]
async fn a_tt_order_from_deposit_to_close() {
    let s = shipped_order(tt_30_70_copy_bl()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let cid = str_of(&s.contract, "id").to_string();
    let number = str_of(&s.contract, "number").to_string();
    let customer_id = str_of(&s.contract["contract"], "buyer_id").to_string();
    let finance = app.token(Role::Finance).await;
    let viewer = app.token(Role::Viewer).await;

    // 1. The schedule as confirmed on 27 Nov: the deposit is due that day, the balance has
    // no due date until the copy B/L goes; the instalments sum to the contract's value.
    let (o, _) = receivables_of(app, &finance, &cid).await;
    let total = money(&o["total"]);
    assert_eq!(
        total,
        Decimal::from_str("38709.00").unwrap(),
        "1800 × 21.505: {o}"
    );
    assert_eq!(o["state"], "confirmed");
    let deposit = instalment(&o, 0);
    let balance = instalment(&o, 1);
    assert_eq!(deposit["basis"], "contract_confirmed", "{deposit}");
    assert_eq!(deposit["due"], "2026-11-27", "{deposit}");
    assert_eq!(money(&deposit["amount"]), Decimal::from_str("11612.70").unwrap());
    assert_eq!(balance["basis"], "copy_bl_sent", "{balance}");
    assert!(balance["due"].is_null(), "{balance}");
    assert_eq!(balance["bucket"], "not_yet_due", "{balance}");
    assert_eq!(money(&balance["amount"]), Decimal::from_str("27096.30").unwrap());
    let amounts: Decimal = o["instalments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| money(&i["amount"]))
        .sum();
    assert_eq!(amounts, total, "the instalments sum to the total exactly");
    assert_eq!(money(&o["open"]), total);
    assert!(o["invoiced"].is_null(), "nothing invoiced yet: {o}");

    // The documents are made, the goods go on board, the carrier's B/L is recorded.
    generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    milestone(app, &t.shipping, &sid, "gated_in", "2026-11-27").await;
    milestone(app, &t.shipping, &sid, "on_board", "2026-11-27").await;
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents"),
        &json!({"kind": "bill_of_lading", "data": bill_of_lading("MAEU262514789", &s)}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let docs = documents_of(app, &t.documentation, &sid).await;
    // Invoiced (the one instruction on this one shipment): the deposit stays the contract's,
    // the balance is the invoice's total less it, as the invoice's balance due says.
    let inv = docs.iter().find(|d| d["kind"] == "commercial_invoice").unwrap();
    let invoiced = any_decimal(&inv["data"]["total_amount"]);
    let (o, _) = receivables_of(app, &finance, &cid).await;
    assert_eq!(money(&o["invoiced"]), invoiced, "{o}");
    assert_eq!(
        money(&instalment(&o, 0)["amount"]),
        Decimal::from_str("11612.70").unwrap()
    );
    let balance_amount = money(&instalment(&o, 1)["amount"]);
    assert_eq!(
        balance_amount,
        invoiced - Decimal::from_str("11612.70").unwrap(),
        "{o}"
    );
    let total = invoiced;
    let bl = doc_id(&docs, "bill_of_lading").to_string();
    let inv = doc_id(&docs, "commercial_invoice").to_string();
    let courier = |waybill: Option<&str>, originals: u32| {
        json!({
            "shipment_id": sid,
            "kind": "courier",
            "courier": "dhl",
            "waybill": waybill,
            "recipient": "Fresh Fruit Trading B.V., Marconistraat 16, Rotterdam, NL",
            "documents": [
                {"document_id": bl, "originals": originals, "copies": 2},
                {"document_id": inv, "originals": 3, "copies": 2}
            ],
            "note": "full set of originals to the buyer"
        })
    };

    // 3. The carrier's B/L bears other marks than the invoice: a blocking finding keeps the
    // set from going until a sales manager overrides it.
    let checks = get(app, &t.merch, &format!("/api/v1/shipments/{sid}/document-checks"))
        .await
        .body;
    assert!(checks["blocking"].as_u64().unwrap() >= 1, "{checks}");
    let r = post(app, &t.documentation, "/api/v1/dispatches", &courier(None, 3)).await;
    assert_422(&r, "documents", "blocking_findings");
    assert!(
        dispatches(app, &t.merch, &sid).await.is_empty(),
        "nothing dispatched"
    );
    for f in checks["findings"].as_array().unwrap() {
        if f["severity"] == "blocking" && f["state"] == "open" {
            let r = post(
                app,
                &t.manager,
                &format!("/api/v1/shipments/{sid}/document-checks/decisions"),
                &json!({"fingerprint": f["fingerprint"], "reason": "the buyer accepts the carrier's B/L as issued"}),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
    }
    let checks = get(app, &t.merch, &format!("/api/v1/shipments/{sid}/document-checks"))
        .await
        .body;
    assert_eq!(checks["blocking"], 0, "{checks}");

    // 2. A DHL waybill with a wrong check digit is refused, naming the field.
    let r = post(
        app,
        &t.documentation,
        "/api/v1/dispatches",
        &courier(Some(DHL_BAD), 3),
    )
    .await;
    assert_422(&r, "waybill", "invalid_waybill");
    assert!(
        dispatches(app, &t.merch, &sid).await.is_empty(),
        "nothing dispatched"
    );

    // The B/L originals are the goods: by courier before the money is in only on a sales
    // manager's decision with a reason.
    let r = post(app, &t.documentation, "/api/v1/dispatches", &courier(None, 3)).await;
    assert_422(&r, "documents", "originals_before_payment");
    let mut decided = courier(None, 3);
    decided["override_reason"] = json!("long-standing buyer, deposit received; agreed by phone");
    let r = post(app, &t.documentation, "/api/v1/dispatches", &decided).await;
    assert_422(&r, "override_reason", "override_not_allowed");
    assert!(
        dispatches(app, &t.merch, &sid).await.is_empty(),
        "nothing dispatched"
    );
    // The set goes by DHL (waybill to come): prepared; the balance is not due yet.
    let r = post(app, &t.manager, "/api/v1/dispatches", &decided).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.body["overridden"]["reason"],
        "long-standing buyer, deposit received; agreed by phone"
    );
    assert_eq!(r.etag.as_deref(), Some(quoted(version(&r.body)).as_str()));
    let d = r.body;
    let did = str_of(&d, "id").to_string();
    assert_eq!(d["state"], "prepared");
    assert_eq!(d["kind"], "courier");
    assert_eq!(d["courier"], "dhl");
    assert_eq!(d["dates"]["prepared"], "2026-11-27");
    let kinds: Vec<&str> = d["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["bill_of_lading", "commercial_invoice"], "{d}");
    let (o, _) = receivables_of(app, &finance, &cid).await;
    assert!(instalment(&o, 1)["due"].is_null(), "prepared is not sent: {o}");

    // 2. The B/L's three originals went already: a second dispatch of one is refused; a
    // copy alone may go.
    let second = json!({
        "shipment_id": sid,
        "kind": "courier",
        "courier": "dhl",
        "documents": [{"document_id": bl, "originals": 1, "copies": 0}]
    });
    let r = post(app, &t.merch, "/api/v1/dispatches", &second).await;
    assert_422(&r, "documents[0].originals", "originals_already_sent");
    let listed = dispatches(app, &t.merch, &sid).await;
    assert_eq!(listed.len(), 1, "still the one dispatch: {listed:?}");

    // 2. A courier dispatch is not sent without its waybill.
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/steps"),
        version(&d),
        &json!({"to": "sent", "date": "2026-11-27"}),
    )
    .await;
    assert_422(&r, "waybill", "required");
    let r = get(app, &t.merch, &format!("/api/v1/dispatches/{did}")).await;
    assert_eq!(r.body["state"], "prepared", "unchanged: {}", r.body);
    assert_eq!(version(&r.body), version(&d), "unchanged");
    assert!(r.body["dates"]["sent"].is_null());

    // 1. Sent on 1 December (recorded on the 3rd) with its waybill: the balance is due that
    // day.
    set_day(app, 2026, 12, 3);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/steps"),
        version(&d),
        &json!({"to": "sent", "date": "2026-12-01", "waybill": "12 3456 7891", "note": "handed to DHL"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.body;
    assert_eq!(d["state"], "sent");
    assert_eq!(d["waybill"], DHL_OK, "kept in its compact form");
    assert_eq!(d["dates"]["sent"], "2026-12-01");
    let (o, _) = receivables_of(app, &finance, &cid).await;
    assert_eq!(instalment(&o, 1)["due"], "2026-12-01", "{o}");
    assert_eq!(instalment(&o, 0)["due"], "2026-11-27", "{o}");
    assert_eq!(instalment(&o, 0)["days_overdue"], 6, "{o}");
    assert_eq!(instalment(&o, 0)["bucket"], "days_1_30", "{o}");
    assert_eq!(o["events"]["copy_bl_sent"], "2026-12-01", "{o}");
    let r = get(
        app,
        &finance,
        &format!("/api/v1/receivables?customer_id={customer_id}&overdue=true"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["instalments"].as_array().unwrap().len(),
        2,
        "both are overdue: {}",
        r.body
    );
    let before = receivables_of(app, &finance, &cid).await.0;

    // 2. Bad receipts are refused as a whole, naming the field; nothing is recorded.
    let receipt = |amount: &str, value_date: &str, rate: Option<&str>, allocations: Value| {
        json!({
            "customer_id": customer_id,
            "amount": amount,
            "currency": "USD",
            "value_date": value_date,
            "bank_reference": "BOC-YT-20261202-001",
            "bank_charges": "0",
            "exchange_rate": rate,
            "allocations": allocations,
            "note": "deposit"
        })
    };
    let to = |instalment: usize, amount: &str| json!([{"contract_id": cid, "instalment": instalment, "amount": amount}]);
    let r = post(
        app,
        &finance,
        "/api/v1/receipts",
        &receipt("11562.70", "2026-12-02", None, to(0, "11562.70")),
    )
    .await;
    assert_422(&r, "exchange_rate", "rate_required");
    let r = post(
        app,
        &finance,
        "/api/v1/receipts",
        &receipt("11562.70", "2026-12-06", Some("7.1000"), to(0, "11562.70")),
    )
    .await;
    assert_422(&r, "value_date", "future_date");
    let r = post(
        app,
        &finance,
        "/api/v1/receipts",
        &receipt("20000.00", "2026-12-02", Some("7.1000"), to(0, "20000.00")),
    )
    .await;
    assert_422(&r, "allocations[0].amount", "above_open_amount");
    // 7. A viewer may not record money.
    let r = post(
        app,
        &viewer,
        "/api/v1/receipts",
        &receipt("11562.70", "2026-12-02", Some("7.1000"), to(0, "11562.70")),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(receipts(app, &finance).await.is_empty(), "nothing recorded");
    let after = receivables_of(app, &finance, &cid).await.0;
    assert_eq!(after["instalments"], before["instalments"], "nothing applied");
    assert_eq!(money(&after["paid"]), Decimal::ZERO);

    // 4. The buyer pays the deposit USD 50 short: the instalment is short paid, 50 open.
    let r = post(
        app,
        &finance,
        "/api/v1/receipts",
        &receipt("11562.70", "2026-12-02", Some("7.1000"), to(0, "11562.70")),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let first = r.body;
    assert_eq!(money(&first["unapplied"]), Decimal::ZERO, "{first}");
    assert_eq!(
        money(&first["in_base"]),
        Decimal::from_str("82095.17").unwrap(),
        "11562.70 × 7.1 in CNY: {first}"
    );
    assert_eq!(first["in_base"]["currency"], "CNY");
    let (o, _) = receivables_of(app, &finance, &cid).await;
    let dep = instalment(&o, 0);
    assert_eq!(dep["short_paid"], true, "{dep}");
    assert_eq!(money(&dep["paid"]), Decimal::from_str("11562.70").unwrap());
    assert_eq!(money(&dep["open"]), Decimal::from(50), "{dep}");
    assert_eq!(money(&o["open"]), total - Decimal::from_str("11562.70").unwrap());

    // A write-off needs a reason; with one it closes the instalment.
    let wo = json!({"contract_id": cid, "instalment": 0, "reason": "  "});
    let r = post(app, &finance, "/api/v1/write-offs", &wo).await;
    assert_422(&r, "reason", "required");
    let r = post(
        app,
        &finance,
        "/api/v1/write-offs",
        &json!({"contract_id": cid, "instalment": 0, "reason": "bank charges the buyer's bank deducted"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let dep = instalment(&r.body, 0);
    assert_eq!(money(&dep["open"]), Decimal::ZERO, "{dep}");
    assert_eq!(money(&dep["written_off"]), Decimal::from(50), "{dep}");
    assert_eq!(dep["short_paid"], false, "{dep}");
    assert_eq!(dep["bucket"], "settled", "{dep}");
    let r = post(
        app,
        &finance,
        "/api/v1/write-offs",
        &json!({"contract_id": cid, "instalment": 0, "reason": "again"}),
    )
    .await;
    assert_422(&r, "amount", "above_open_amount");

    // The cargo is not released while the balance is open.
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/release"),
        version(&d),
        &json!({"kind": "telex_release", "reference": "MAEU-TLX-0001"}),
    )
    .await;
    assert_422(&r, "kind", "balance_open");

    // The goods arrive: delivered, dispatched, only the balance keeps the order open.
    set_day(app, 2026, 12, 20);
    milestone(app, &t.shipping, &sid, "arrived", "2026-12-20").await;
    let (o, _) = receivables_of(app, &finance, &cid).await;
    assert_eq!(o["open_reasons"], json!(["receivables_open"]), "{o}");
    assert_eq!(contract_state(app, &t.merch, &cid).await.0, "confirmed");

    // 4. The buyer pays USD 100 too much for the balance: applied to the balance (the
    // oldest open), the rest kept as a credit. 5. The order is done and closes by itself.
    let over = balance_amount + Decimal::from(100);
    let r = post(
        app,
        &finance,
        "/api/v1/receipts",
        &json!({
            "customer_id": customer_id,
            "amount": over.to_string(),
            "currency": "USD",
            "value_date": "2026-12-19",
            "bank_reference": "BOC-YT-20261219-007",
            "bank_charges": "25.00",
            "exchange_rate": "7.0800",
            "note": "balance"
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let second = r.body;
    let rid = str_of(&second, "id").to_string();
    assert_eq!(money(&second["unapplied"]), Decimal::from(100), "{second}");
    assert_eq!(money(&second["credited"]), over - Decimal::from(25), "{second}");
    let allocs = second["allocations"].as_array().unwrap();
    assert_eq!(allocs.len(), 1, "{second}");
    assert_eq!(allocs[0]["instalment"], 1);
    assert_eq!(money(&allocs[0]["amount"]), balance_amount);
    let (o, report) = receivables_of(app, &finance, &cid).await;
    assert_eq!(money(&o["open"]), Decimal::ZERO, "{o}");
    assert_eq!(money(&o["paid"]), total - Decimal::from(50), "{o}");
    assert_eq!(money(&o["written_off"]), Decimal::from(50), "{o}");
    assert_eq!(o["open_reasons"], json!([]), "{o}");
    assert_eq!(o["state"], "closed", "{o}");
    let credit = report["credits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == rid.as_str())
        .unwrap_or_else(|| panic!("the over payment is a credit: {report}"));
    assert_eq!(money(&credit["unapplied"]), Decimal::from(100));
    let (state, cv) = contract_state(app, &t.merch, &cid).await;
    assert_eq!(state, "closed", "delivered, dispatched and paid");
    let r = get(
        app,
        &finance,
        &format!("/api/v1/receivables?customer_id={customer_id}"),
    )
    .await;
    assert!(
        r.body["orders"].as_array().unwrap().is_empty(),
        "a closed order is not listed by default: {}",
        r.body
    );
    let listed = receipts(app, &finance).await;
    assert_eq!(listed.len(), 2, "{listed:?}");

    // 4. How the buyer pays: two instalments paid, 5 and 18 days late.
    let r = get(
        app,
        &t.merch,
        &format!("/api/v1/customers/{customer_id}/payment-habit"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["instalments_paid"], 2, "{}", r.body);
    assert_eq!(r.body["paid_on_time"], 0, "{}", r.body);
    assert_eq!(
        any_decimal(&r.body["average_days_late"]),
        Decimal::from_str("11.5").unwrap(),
        "{}",
        r.body
    );
    assert_eq!(r.body["short_paid"], 0, "{}", r.body);
    let r = get(
        app,
        &t.merch,
        "/api/v1/customers/00000000-0000-0000-0000-000000000000/payment-habit",
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);

    // Paid: the telex release is recorded, once.
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/release"),
        version(&d),
        &json!({"kind": "telex_release", "reference": "MAEU-TLX-0001"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["release"]["kind"], "telex_release", "{}", r.body);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/release"),
        version(&r.body),
        &json!({"kind": "telex_release"}),
    )
    .await;
    assert_422(&r, "kind", "already_released");

    // 5. Reopened only with a reason, by finance: confirmed again.
    let r = step(app, &finance, &cid, "reopen", cv, &json!({})).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_field(&r.body, "reason", None);
    assert_eq!(
        contract_state(app, &t.merch, &cid).await,
        ("closed".to_string(), cv)
    );
    let r = step(
        app,
        &finance,
        &cid,
        "reopen",
        cv,
        &json!({"reason": "the buyer claims 20 cartons bruised"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "confirmed");

    // 5. The walkthrough: in time order, from the contract to the payments, chain intact.
    let r = get(app, &t.merch, &format!("/api/v1/contracts/{cid}/walkthrough")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let w = r.body;
    assert_eq!(w["contract_number"], number.as_str());
    assert_eq!(w["state"], "confirmed");
    assert_eq!(w["chain"]["intact"], true, "{}", w["chain"]);
    assert!(w["chain"]["events_checked"].as_u64().unwrap() > 0);
    let entries = w["entries"].as_array().unwrap();
    let at: Vec<chrono::DateTime<Utc>> = entries.iter().map(|e| str_of(e, "at").parse().unwrap()).collect();
    assert!(
        at.windows(2).all(|p| p[0] <= p[1]),
        "entries in time order: {at:?}"
    );
    for stage in [
        "contract",
        "instruction",
        "shipment",
        "document",
        "dispatch",
        "receivable",
    ] {
        assert!(
            entries.iter().any(|e| e["stage"] == stage),
            "a {stage} entry in {entries:?}"
        );
    }
    let whats: Vec<&str> = entries.iter().map(|e| e["what"].as_str().unwrap()).collect();
    assert!(
        whats
            .iter()
            .any(|w| w.contains("close") && w.contains("closed by itself")),
        "{whats:?}"
    );
    assert!(
        whats
            .iter()
            .any(|w| w.contains("reopen") && w.contains("bruised")),
        "{whats:?}"
    );
    assert!(
        whats
            .iter()
            .any(|w| w.contains("written off") && w.contains("bank charges")),
        "{whats:?}"
    );
    assert!(whats.iter().any(|w| w.contains("DHL 1234567891")), "{whats:?}");
    // The first entry is the contract's creation, the receipts come after the dispatch.
    assert_eq!(entries[0]["stage"], "contract", "{:?}", entries[0]);
    let first_dispatch = entries.iter().position(|e| e["stage"] == "dispatch").unwrap();
    let first_receipt = entries.iter().position(|e| e["stage"] == "receivable").unwrap();
    assert!(first_dispatch < first_receipt);
    let bytes = pdf(app, &t.merch, &format!("/api/v1/contracts/{cid}/walkthrough/pdf")).await;
    let text = pdf_text(&bytes);
    assert!(text.contains(&number), "{text}");
}

// ---------------------------------------------------------------- the collection

fn bank(name: &str, address: &str, bic: &str) -> Value {
    json!({"name": name, "address": address, "bic": bic})
}

/// 30 % T/T on contract + 70 % D/P at sight: the documents go through the banks with an
/// export collection instruction whose amount is the draft's; the instruction is checked
/// field by field and printed; the D/P instalment falls due when the collecting bank has
/// the documents.
#[tokio::test]
async fn an_lc_presentation_shows_the_days_left_and_the_bank_pays_five_banking_days_later() {
    let s = shipped_order(json!({"instalments": [
        {"percent": "100", "method": "lc_sight", "trigger": "at_sight_against_documents"}
    ]}))
    .await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let cid = str_of(&s.contract, "id").to_string();
    let body = json!({"shipment_id": sid, "kind": "lc_presentation", "documents": []});
    // Without a credit recorded against the contract there is nothing to present under.
    generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    let docs = documents_of(app, &t.documentation, &sid).await;
    let inv = doc_id(&docs, "commercial_invoice").to_string();
    let mut body = body;
    body["documents"] = json!([{"document_id": inv, "originals": 3, "copies": 1}]);
    let r = post(app, &t.documentation, "/api/v1/dispatches", &body).await;
    assert_422(&r, "kind", "no_credit");
    let r = post(app, &t.merch, "/api/v1/letters-of-credit", &credit_body(&cid)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Not shipped yet: nothing to present.
    let r = post(app, &t.documentation, "/api/v1/dispatches", &body).await;
    assert_422(&r, "kind", "not_shipped");
    milestone(app, &t.shipping, &sid, "gated_in", "2026-11-27").await;
    milestone(app, &t.shipping, &sid, "on_board", "2026-11-27").await;
    generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    let checks = get(app, &t.merch, &format!("/api/v1/shipments/{sid}/document-checks"))
        .await
        .body;
    for f in checks["findings"].as_array().unwrap() {
        if f["severity"] == "blocking" && f["state"] == "open" {
            let r = post(
                app,
                &t.manager,
                &format!("/api/v1/shipments/{sid}/document-checks/decisions"),
                &json!({"fingerprint": f["fingerprint"], "reason": "amended by the buyer's bank"}),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
    }
    let r = post(app, &t.documentation, "/api/v1/dispatches", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let d = r.body;
    assert_eq!(d["letter_of_credit_number"], "LC-NL-2026-0042", "{d}");
    // UCP 600 art. 14(c): 21 days after shipment when the credit states no period;
    // 2026-12-18 is a Friday, a banking day.
    assert_eq!(d["presentation"]["last_day"], "2026-12-18", "{d}");
    assert_eq!(d["presentation"]["days_left"], 21, "{d}");
    assert_eq!(d["presentation"]["expiry_first"], false, "{d}");
    // Presented on Monday 30 November: paid five banking days later, Monday 7 December.
    set_day(app, 2026, 12, 1);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{}/steps", str_of(&d, "id")),
        version(&d),
        &json!({"to": "sent", "date": "2026-11-30"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["presentation"]["days_left"], 17,
        "the days left count down: {}",
        r.body
    );
    let (o, _) = receivables_of(app, &t.merch, &cid).await;
    let lc = instalment(&o, 0);
    assert_eq!(lc["basis"], "documents_presented", "{lc}");
    assert_eq!(lc["due"], "2026-12-07", "{lc}");
}

#[tokio::test]
async fn a_dp_collection_is_checked_printed_and_moves_the_due_date() {
    let s = shipped_order(tt_30_dp_70()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let cid = str_of(&s.contract, "id").to_string();
    let report = generate(app, &t.documentation, &sid, &json!({"date": "2026-11-27"})).await;
    let draft = document(app, &t.documentation, str_of(entry(&report, "draft"), "id")).await;
    let amount = dec(&draft["data"]["amount"]);
    assert_eq!(draft["data"]["currency"], "USD", "{}", draft["data"]);
    let inv = document(
        app,
        &t.documentation,
        str_of(entry(&report, "commercial_invoice"), "id"),
    )
    .await;
    assert_eq!(
        amount,
        dec(&inv["data"]["balance_due"]),
        "the draft draws the balance"
    );

    let (o, _) = receivables_of(app, &t.merch, &cid).await;
    let dp = instalment(&o, 1);
    assert_eq!(dp["basis"], "documents_presented", "{dp}");
    assert!(dp["due"].is_null(), "{dp}");

    let docs = documents_of(app, &t.documentation, &sid).await;
    let collection = |drawee_address: &str, amount: String| {
        json!({
            "shipment_id": sid,
            "kind": "collection",
            "recipient": "Bank of China, Yantai Branch",
            "documents": [
                {"document_id": doc_id(&docs, "draft"), "originals": 2, "copies": 0},
                {"document_id": doc_id(&docs, "commercial_invoice"), "originals": 3, "copies": 2},
                {"document_id": doc_id(&docs, "packing_list"), "originals": 1, "copies": 2}
            ],
            "collection": {
                "remitting_bank": bank("Bank of China, Yantai Branch", "166 Jiefang Road\nYantai, Shandong, China", "BKCHCNBJ500"),
                "collecting_bank": bank("ABN AMRO Bank N.V.", "Coolsingel 93\nRotterdam, Netherlands", "ABNANL2A"),
                "principal": {"name": "Yantai Golden Orchard Fruit Co., Ltd.", "address": "No. 88 Guoyuan Road, Qixia, Yantai, China"},
                "drawee": {"name": "Fresh Fruit Trading B.V.", "address": drawee_address},
                "currency": "USD",
                "amount": amount,
                "release": "D/P",
                "tenor": "AT SIGHT",
                "charges": "drawee",
                "protest": true,
                "case_of_need": null,
                "interest": null,
                "documents": []
            },
            "note": "D/P at sight"
        })
    };
    let address = "Marconistraat 16\n3029 AK Rotterdam, Netherlands";

    // 2. Without the drawee's address (URC 522 art. 4(c)(i)); with another amount than the
    // draft's: refused, nothing recorded.
    let r = post(
        app,
        &t.documentation,
        "/api/v1/dispatches",
        &collection("", amount.to_string()),
    )
    .await;
    assert_422(&r, "collection.drawee.address", "required");
    let r = post(
        app,
        &t.documentation,
        "/api/v1/dispatches",
        &collection(address, (amount + Decimal::ONE).to_string()),
    )
    .await;
    assert_422(&r, "collection.amount", "amount_differs");
    assert!(dispatches(app, &t.merch, &sid).await.is_empty());
    let r = get(app, &t.merch, "/api/v1/dispatches").await;
    assert_eq!(r.body, json!([]), "nothing recorded anywhere");

    // The right one is recorded and printed for the remitting bank.
    let r = post(
        app,
        &t.documentation,
        "/api/v1/dispatches",
        &collection(address, amount.to_string()),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let d = r.body;
    let did = str_of(&d, "id").to_string();
    assert_eq!(d["kind"], "collection");
    assert_eq!(d["collection"]["drawee"]["name"], "Fresh Fruit Trading B.V.");
    assert_eq!(
        d["collection"]["documents"].as_array().unwrap().len(),
        3,
        "the instruction lists the dispatch's documents: {}",
        d["collection"]
    );
    let bytes = pdf(
        app,
        &t.merch,
        &format!("/api/v1/dispatches/{did}/collection-instruction/pdf"),
    )
    .await;
    // The words as read back, however the form wraps its lines.
    let text = pdf_text(&bytes).split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "EXPORT COLLECTION INSTRUCTION",
        "Fresh Fruit Trading B.V.",
        "Marconistraat 16",
        "3029 AK Rotterdam",
        "Yantai Golden Orchard Fruit Co., Ltd.",
        "DR2026-0001",
        &format!("USD {}", grouped(amount)),
        "URC 522",
        "522",
        "BKCHCNBJ500",
        "ABNANL2A",
        "D/P",
        "AT SIGHT",
        "DRAWEE'S ACCOUNT",
    ] {
        assert!(text.contains(want), "`{want}` in the instruction: {text}");
    }
    // An unknown dispatch has no instruction to print.
    let r = get(
        app,
        &t.merch,
        "/api/v1/dispatches/00000000-0000-0000-0000-000000000000/collection-instruction/pdf",
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);

    // 1. Sent on the 28th, with the collecting bank on 2 December: the D/P instalment is due
    // the day the bank has the documents to present.
    set_day(app, 2026, 12, 4);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/steps"),
        version(&d),
        &json!({"to": "sent", "date": "2026-11-28"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = r.body;
    let (o, _) = receivables_of(app, &t.merch, &cid).await;
    assert!(instalment(&o, 1)["due"].is_null(), "sent is not presented: {o}");
    // A stale version is refused; a date in the future too.
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/steps"),
        version(&d) - 1,
        &json!({"to": "received", "date": "2026-12-02"}),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/steps"),
        version(&d),
        &json!({"to": "received", "date": "2026-12-05"}),
    )
    .await;
    assert_422(&r, "date", "future_date");
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/dispatches/{did}/steps"),
        version(&d),
        &json!({"to": "received", "date": "2026-12-02"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "received");
    let (o, _) = receivables_of(app, &t.merch, &cid).await;
    let dp = instalment(&o, 1);
    assert_eq!(dp["due"], "2026-12-02", "{dp}");
    assert_eq!(dp["days_overdue"], 2, "{dp}");
    assert_eq!(o["events"]["documents_presented"], "2026-12-02", "{o}");
}

// ---------------------------------------------------------------- reminders

/// The deposit due on 27 Nov and unpaid: a reminder to the buyer and a task for finance the
/// day after, each once however often the job runs; the sales manager told after 15 days.
#[tokio::test]
async fn payment_reminders_go_once_and_escalate() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let admin = app.token(Role::Admin).await;
    let finance = app.token(Role::Finance).await;
    let c = confirmed_contract(&app, &t, tt_30_70_copy_bl()).await;
    let cid = str_of(&c, "id").to_string();
    let number = str_of(&c, "number").to_string();
    let run = |who: String| {
        let app = &app;
        async move { post(app, &who, "/api/v1/jobs/payment-reminders", &json!({})).await }
    };

    // Due today: nothing to remind yet; only administrators start the job.
    let r = run(finance.clone()).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = run(admin.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["day"], "2026-11-27");
    assert_eq!(r.body["messages"], 0, "{}", r.body);
    assert_eq!(r.body["orders_checked"], 1, "{}", r.body);

    // A day overdue: the buyer's contact gets a reminder, finance a task to chase it.
    app.clock.advance(Duration::days(1));
    let r = get(&app, &finance, "/api/v1/receivables?overdue=true").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let overdue = r.body["instalments"].as_array().unwrap();
    assert_eq!(overdue.len(), 1, "{}", r.body);
    assert_eq!(overdue[0]["index"], 0);
    assert_eq!(overdue[0]["days_overdue"], 1);
    assert_eq!(
        any_decimal(&r.body["aging"][0]["buckets"]["days_1_30"]),
        Decimal::from_str("11612.70").unwrap(),
        "{}",
        r.body["aging"]
    );
    let r = run(admin.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["day"], "2026-11-28");
    assert_eq!(r.body["messages"], 1, "{}", r.body);
    assert_eq!(r.body["tasks"], 1, "{}", r.body);
    // Again the same day: nothing new.
    let r = run(admin.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["messages"], 0, "{}", r.body);
    assert_eq!(r.body["tasks"], 0, "{}", r.body);

    // Fifteen days overdue, no run in between: the 14-day reminder is caught up (an e-mail
    // to the buyer and a task for finance) and the sales manager is told (an e-mail and a
    // task).
    app.clock.advance(Duration::days(14));
    let r = run(admin.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["day"], "2026-12-12");
    assert_eq!(
        r.body["messages"], 2,
        "the buyer and one sales manager: {}",
        r.body
    );
    assert_eq!(r.body["tasks"], 2, "{}", r.body);
    let r = run(admin.clone()).await;
    assert_eq!(r.body["messages"], 0, "{}", r.body);

    // The walkthrough shows the reminders sent.
    let w = get(&app, &t.merch, &format!("/api/v1/contracts/{cid}/walkthrough")).await;
    assert_eq!(w.status, 200, "{}", w.body);
    let reminders: Vec<&Value> = w.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["stage"] == "reminder")
        .collect();
    let (tasks, mails): (Vec<&Value>, Vec<&Value>) = reminders
        .iter()
        .partition(|e| e["what"].as_str().unwrap().starts_with("task for"));
    assert_eq!(mails.len(), 3, "{reminders:?}");
    assert_eq!(
        tasks.len(),
        3,
        "a chase task each time and the escalation: {reminders:?}"
    );
    let text = serde_json::to_string(&reminders).unwrap();
    assert!(
        text.contains("jan@freshfruit.example")
            && text.contains(&format!("Payment overdue: contract {number}")),
        "{text}"
    );
    assert!(text.contains("sales_manager@test.example"), "{text}");

    // The work queues and the outbox: finance's chase tasks, done once by finance (not by
    // shipping); the messages about the order.
    let r = get(&app, &finance, "/api/v1/tasks?role=finance").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let open: Vec<&Value> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["state"] == "open")
        .collect();
    assert_eq!(open.len(), 2, "{}", r.body);
    let task = open[0].clone();
    let path = format!("/api/v1/tasks/{}/done", str_of(&task, "id"));
    let r = post_if(&app, &t.shipping, &path, version(&task), &json!({})).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post_if(&app, &finance, &path, version(&task) + 1, &json!({})).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = post_if(&app, &finance, &path, version(&task), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "done");
    let r = get(&app, &t.merch, &format!("/api/v1/outbox?entity_id={cid}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body.as_array().unwrap().len(), 3, "{}", r.body);
    // The dashboard shows finance the task still open.
    let (web, _) = app.web_session(Role::Finance).await;
    let home = web.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("id=\"task-list\""), "the dashboard lists the tasks");
    assert!(home.contains(&number), "{home}");
    let outbox = web
        .get(app.url("/outbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(outbox.contains("jan@freshfruit.example"), "{outbox}");
}

// ---------------------------------------------------------------- permissions

/// Who may record money and dispatch documents.
#[tokio::test]
async fn only_finance_and_managers_record_money_and_only_trade_roles_dispatch() {
    let app = spawn_app().await;
    let merch = app.token(Role::Merchandiser).await;
    let customer_id = create_customer(&app, &merch).await;
    let body = json!({
        "customer_id": customer_id,
        "amount": "100.00",
        "currency": "CNY",
        "value_date": "2026-11-27",
        "bank_reference": "REF-1"
    });
    for role in [Role::Viewer, Role::Merchandiser, Role::Shipping, Role::Production] {
        let t = if role == Role::Merchandiser {
            merch.clone()
        } else {
            app.token(role).await
        };
        let r = post(&app, &t, "/api/v1/receipts", &body).await;
        assert_eq!(r.status, 403, "{role}: {}", r.body);
        let r = post(
            &app,
            &t,
            "/api/v1/write-offs",
            &json!({"receipt_id": "00000000-0000-0000-0000-000000000000", "reason": "x"}),
        )
        .await;
        assert_eq!(r.status, 403, "{role}: {}", r.body);
    }
    let viewer = app.token_for_existing("viewer@test.example").await;
    let r = post(
        &app,
        &viewer,
        "/api/v1/dispatches",
        &json!({"shipment_id": "00000000-0000-0000-0000-000000000000", "kind": "courier"}),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = get(&app, &viewer, "/api/v1/receipts").await;
    assert_eq!(r.status, 200, "a viewer reads: {}", r.body);
    assert_eq!(r.body, json!([]));

    // Finance records a receipt in the base currency (no rate needed): a credit.
    let finance = app.token(Role::Finance).await;
    let r = post(&app, &finance, "/api/v1/receipts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(money(&r.body["unapplied"]), Decimal::from(100));
    assert_eq!(dec(&r.body["exchange_rate"]), Decimal::ONE);
    // The same bank reference on the same day twice is one receipt.
    let r = post(&app, &finance, "/api/v1/receipts", &body).await;
    assert_422(&r, "bank_reference", "duplicate_receipt");
    assert_eq!(receipts(&app, &viewer).await.len(), 1);
    // Without a session: 401.
    let r = app
        .http
        .post(app.url("/api/v1/receipts"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
