//! Helpers and fixtures for the JSON API tests: requests with ETags, problem assertions,
//! and the products, customers and contracts the trade tests start from.
#![allow(dead_code)]

use super::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};

// ---------------------------------------------------------------- helpers

/// A response read once: status, ETag, content type and the body as JSON (or `Null`).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub etag: Option<String>,
    pub content_type: String,
    pub body: Value,
}

pub async fn read(r: reqwest::Response) -> Resp {
    let status = r.status().as_u16();
    let header = |name: &str| r.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    let etag = header("etag");
    let content_type = header("content-type").unwrap_or_default();
    let bytes = r.bytes().await.unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Resp {
        status,
        etag,
        content_type,
        body,
    }
}

pub fn quoted(version: i64) -> String {
    format!("\"{version}\"")
}

pub async fn get(app: &TestApp, t: &str, path: &str) -> Resp {
    read(app.get(t, path).send().await.unwrap()).await
}

pub async fn post(app: &TestApp, t: &str, path: &str, body: &Value) -> Resp {
    read(app.post(t, path).json(body).send().await.unwrap()).await
}

pub async fn put(app: &TestApp, t: &str, path: &str, if_match: Option<i64>, body: &Value) -> Resp {
    let mut rb = app.http.put(app.url(path)).bearer_auth(t).json(body);
    if let Some(v) = if_match {
        rb = rb.header("If-Match", quoted(v));
    }
    read(rb.send().await.unwrap()).await
}

pub async fn delete(app: &TestApp, t: &str, path: &str, if_match: i64) -> Resp {
    read(
        app.delete(t, path)
            .header("If-Match", quoted(if_match))
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Take a contract step with `If-Match` and a JSON body.
pub async fn step(app: &TestApp, t: &str, id: &str, action: &str, version: i64, body: &Value) -> Resp {
    read(
        app.post(t, &format!("/api/v1/contracts/{id}/{action}"))
            .header("If-Match", quoted(version))
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Assert a problem+json answer with this status and code.
#[track_caller]
pub fn assert_problem(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json", "{}", r.body);
    assert_eq!(r.body["code"], code, "{}", r.body);
}

/// The `(field, code)` pairs of a problem's `errors`.
pub fn field_errors(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_string(),
                        e["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[track_caller]
pub fn assert_field(body: &Value, field: &str, code: Option<&str>) {
    let errs = field_errors(body);
    assert!(
        errs.iter()
            .any(|(f, c)| f == field && code.is_none_or(|code| c == code)),
        "expected error on `{field}` ({code:?}) in {errs:?}"
    );
}

/// A decimal string without trailing zeros (`92.50` → `92.5`, `10.0` → `10`).
pub fn decimal(v: &Value) -> String {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{v} is not a decimal string"));
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// Standard base64 (the harness has no base64 crate).
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Audit actions recorded for one entity, oldest first.
pub async fn audit_actions(app: &TestApp, t: &str, entity_type: &str, entity_id: &str) -> Vec<String> {
    let r = get(
        app,
        t,
        &format!("/api/v1/audit?entity_type={entity_type}&entity_id={entity_id}&limit=1000"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut items: Vec<(i64, String)> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["entity_type"], entity_type);
            (
                e["seq"].as_i64().unwrap(),
                e["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    items.sort();
    items.into_iter().map(|(_, a)| a).collect()
}

// ---------------------------------------------------------------- fixtures

pub fn fuji() -> Value {
    json!({
        "sku": "FUJI-80-18",
        "name_en": "Fresh Fuji Apples",
        "name_zh": "富士苹果",
        "hs_code": "080810",
        "botanical_name": "Malus domestica",
        "origin": "CN",
        "variety": "Fuji",
        "grade": "Grade A",
        "size": "80-100",
        "packages": [{
            "name": "18kg carton",
            "kind": "carton",
            "net_kg": "18",
            "gross_kg": "19.2",
            "size_mm": [500, 300, 280],
            "this_side_up": true
        }],
        "reefer": {}
    })
}

pub async fn create_product(app: &TestApp, t: &str) -> String {
    let r = post(app, t, "/api/v1/products", &fuji()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    str_of(&r.body, "id").to_string()
}

pub async fn create_customer(app: &TestApp, t: &str) -> String {
    let p = app
        .create_party(t, customer("Fresh Fruit Trading B.V.", "NL"))
        .await;
    str_of(&p, "id").to_string()
}

pub fn tt_30_70() -> Value {
    json!({"instalments": [
        {"percent": "30", "method": "tt", "trigger": "on_contract"},
        {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}
    ]})
}

pub fn contract_body(buyer_id: &str, product_id: &str) -> Value {
    json!({
        "buyer_id": buyer_id,
        "currency": "USD",
        "incoterm": {"term": "CIF", "port": "NLRTM"},
        "port_of_loading": "CNQDG",
        "port_of_discharge": "NLRTM",
        "shipment_earliest": "2027-01-05",
        "shipment_latest": "2027-01-31",
        "more_or_less_pct": "5",
        "insurance": {"percent": "110", "risks": "ICC (A)"},
        "payment_terms": tt_30_70(),
        "documents": [{"kind": "commercial_invoice", "originals": 3}],
        "lines": [{
            "product_id": product_id,
            "description_en": "",
            "quantity": "1800",
            "unit": "carton",
            "unit_price": "21.505"
        }]
    })
}

/// A customer, a product and a draft contract by a merchandiser: (merchandiser token,
/// contract JSON, contract body as sent).
pub async fn draft_contract(app: &TestApp) -> (String, Value, Value) {
    let m = app.token(Role::Merchandiser).await;
    let buyer = create_customer(app, &m).await;
    let product = create_product(app, &m).await;
    let body = contract_body(&buyer, &product);
    let r = post(app, &m, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    (m, r.body, body)
}

pub fn credit_body(contract_id: &str) -> Value {
    json!({
        "contract_id": contract_id,
        "number": "LC-NL-2026-0042",
        "issuing_bank": "ABN AMRO Bank N.V., Amsterdam (ABNANL2A)",
        "issue_date": "2026-12-01",
        "expiry_date": "2027-03-15",
        "expiry_place": "China",
        "currency": "USD",
        "amount": "38000.00",
        "tolerance_plus_pct": "5",
        "tolerance_minus_pct": "5",
        "available_by": "negotiation",
        "latest_shipment": "2027-01-15",
        "port_of_loading": "CNQDG",
        "port_of_discharge": "NLRTM",
        "goods_description": "1800 cartons of fresh Fuji apples, CIF Rotterdam Incoterms 2020",
        "documents": [
            {"kind": "commercial_invoice", "originals": 3},
            {"kind": "phytosanitary_certificate", "originals": 1}
        ]
    })
}

/// Tokens of one user per role the walkthrough needs.
pub struct Team {
    pub merch: String,
    pub manager: String,
    pub production: String,
    pub documentation: String,
    pub shipping: String,
}

pub async fn team(app: &TestApp) -> Team {
    Team {
        merch: app.token(Role::Merchandiser).await,
        manager: app.token(Role::SalesManager).await,
        production: app.token(Role::Production).await,
        documentation: app.token(Role::Documentation).await,
        shipping: app.token(Role::Shipping).await,
    }
}

/// An approved contract for 1800 cartons of Fuji (±5 %), shipment 2027-01-05 – 01-31; with
/// `lines` other lines as given. Returns the contract JSON.
pub async fn approved_contract(app: &TestApp, t: &Team, partial: bool, extra_lines: Vec<Value>) -> Value {
    let buyer = create_customer(app, &t.merch).await;
    let product = match get(app, &t.merch, "/api/v1/products?q=FUJI-80-18").await.body["items"]
        .as_array()
        .and_then(|a| a.first().cloned())
    {
        Some(p) => str_of(&p, "id").to_string(),
        None => create_product(app, &t.merch).await,
    };
    let mut body = contract_body(&buyer, &product);
    body["partial_shipments"] = json!(partial);
    body["marks"] = json!("FRESH FRUIT\nROTTERDAM\nC/NO. 1-UP");
    body["special_requirements"] = json!(["Label each carton in Dutch"]);
    for l in extra_lines {
        body["lines"].as_array_mut().unwrap().push(l);
    }
    let r = post(app, &t.merch, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = str_of(&r.body, "id").to_string();
    let r = step(
        app,
        &t.merch,
        &id,
        "submit",
        r.body["version"].as_i64().unwrap(),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(
        app,
        &t.manager,
        &id,
        "approve",
        r.body["version"].as_i64().unwrap(),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}
