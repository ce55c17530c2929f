//! The trade API end to end (issue 3): products, customer profiles, our company, sales
//! contracts with their steps, letters of credit with their differences, reference data and
//! the audit trail. The real server on a random port over a fresh database each test (SQLite,
//! or PostgreSQL when GENDAN_TEST_DATABASE_URL is set).

mod common;

use common::api::*;
use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};

#[test]
fn the_base64_helper_is_standard_base64() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"M"), "TQ==");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"\xff\xfe\xfd\x00"), "//79AA==");
}

// ---------------------------------------------------------------- products

#[tokio::test]
async fn product_crud_with_etags_search_revisions_and_delete() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;

    let r = app
        .post(&t, "/api/v1/products")
        .json(&fuji())
        .send()
        .await
        .unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let r = read(r).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    let p = r.body;
    let id = str_of(&p, "id").to_string();
    assert_eq!(location, format!("/api/v1/products/{id}"));
    assert_eq!(p["version"], 1);
    assert_eq!(p["sku"], "FUJI-80-18");
    assert_eq!(p["name_zh"], "富士苹果");
    assert_eq!(p["origin"], "CN");
    assert!(str_of(&p, "hs_code").starts_with("080810"), "{}", p["hs_code"]);
    let pkg = &p["packages"][0];
    assert_eq!(pkg["kind"], "carton");
    assert_eq!(pkg["net"], "18");
    assert_eq!(pkg["gross"], "19.2");
    assert_eq!(
        pkg["dimensions"],
        json!({"length": 500, "width": 300, "height": 280})
    );
    // `reefer: {}` takes the apple guideline's defaults.
    assert_eq!(decimal(&p["reefer"]["set_point"]), "0.5", "{}", p["reefer"]);
    assert_eq!(decimal(&p["reefer"]["fresh_air_m3h"]), "10", "{}", p["reefer"]);
    assert_eq!(decimal(&p["reefer"]["humidity_pct"]), "92.5", "{}", p["reefer"]);

    let r = get(&app, &t, &location).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    assert_eq!(r.body, p);

    // Replace without If-Match: 428.
    let mut changed = fuji();
    changed["grade"] = json!("Grade AA");
    changed["packages"][0]["gross_kg"] = json!("19.5");
    let r = put(&app, &t, &location, None, &changed).await;
    assert_problem(&r, 428, "precondition_required");
    let r = read(
        app.http
            .put(app.url(&location))
            .bearer_auth(&t)
            .header("If-Match", "\"one\"")
            .json(&changed)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&r, 400, "invalid_if_match");

    let r = put(&app, &t, &location, Some(1), &changed).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"2\""));
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.body["grade"], "Grade AA");
    assert_eq!(r.body["packages"][0]["gross"], "19.5");

    // A stale replace changes nothing.
    let mut lost = fuji();
    lost["grade"] = json!("lost update");
    let r = put(&app, &t, &location, Some(1), &lost).await;
    assert_problem(&r, 409, "version_conflict");
    assert_eq!(r.body["current_version"], 2);
    assert_eq!(r.etag.as_deref(), Some("\"2\""));
    let now = get(&app, &t, &location).await.body;
    assert_eq!(now["grade"], "Grade AA", "the stale write changed nothing");
    assert_eq!(now["version"], 2);

    // Search by SKU, English name (any case) and Chinese name.
    let mut pear = fuji();
    pear["sku"] = json!("PEAR-YALI-18");
    pear["name_en"] = json!("Fresh Ya Pears");
    pear["name_zh"] = json!("鸭梨");
    pear["hs_code"] = json!("080830");
    pear["variety"] = json!("Yali");
    assert_eq!(post(&app, &t, "/api/v1/products", &pear).await.status, 201);
    let skus = |r: &Resp| -> Vec<String> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["sku"].as_str().unwrap().to_string())
            .collect()
    };
    let all = get(&app, &t, "/api/v1/products").await;
    assert_eq!(skus(&all), ["FUJI-80-18", "PEAR-YALI-18"]);
    for q in ["fuji", "FUJI", "Fresh%20Fuji", "%E5%AF%8C%E5%A3%AB"] {
        let r = get(&app, &t, &format!("/api/v1/products?q={q}")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(skus(&r), ["FUJI-80-18"], "q={q}");
    }
    let r = get(&app, &t, "/api/v1/products?q=pear").await;
    assert_eq!(skus(&r), ["PEAR-YALI-18"]);
    for q in ["mango", "%25", "_"] {
        let r = get(&app, &t, &format!("/api/v1/products?q={q}")).await;
        assert!(skus(&r).is_empty(), "q={q}: {}", r.body);
    }
    let r = get(&app, &t, "/api/v1/products?limit=0").await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "limit", Some("out_of_range"));

    // Every version is kept.
    let r = get(&app, &t, &format!("{location}/revisions")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let revs = r.body["items"].as_array().unwrap();
    assert_eq!(
        revs.iter()
            .map(|v| v["version"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(revs[0]["doc"]["grade"], "Grade A");
    assert_eq!(revs[1]["doc"]["grade"], "Grade AA");

    // Delete: without If-Match and stale refused, current accepted, then gone.
    let r = read(app.delete(&t, &location).send().await.unwrap()).await;
    assert_problem(&r, 428, "precondition_required");
    let r = delete(&app, &t, &location, 1).await;
    assert_problem(&r, 409, "version_conflict");
    let r = delete(&app, &t, &location, 2).await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert_problem(&get(&app, &t, &location).await, 404, "not_found");
    assert_problem(
        &get(&app, &t, &format!("{location}/revisions")).await,
        404,
        "not_found",
    );
    let all = get(&app, &t, "/api/v1/products").await;
    assert_eq!(skus(&all), ["PEAR-YALI-18"]);
}

#[tokio::test]
async fn product_validation_names_fields_and_duplicates_are_refused() {
    let app = spawn_app().await;
    let t = app.token(Role::Documentation).await;
    let r = post(&app, &t, "/api/v1/products", &fuji()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = str_of(&r.body, "id").to_string();

    // The same SKU again.
    let r = post(&app, &t, "/api/v1/products", &fuji()).await;
    assert_problem(&r, 409, "duplicate");
    assert_field(&r.body, "sku", Some("duplicate"));

    // Renaming another product onto a taken SKU.
    let mut pear = fuji();
    pear["sku"] = json!("PEAR-YALI-18");
    let r = post(&app, &t, "/api/v1/products", &pear).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let pear_id = str_of(&r.body, "id").to_string();
    let r = put(&app, &t, &format!("/api/v1/products/{pear_id}"), Some(1), &fuji()).await;
    assert_problem(&r, 409, "duplicate");
    assert_field(&r.body, "sku", Some("duplicate"));

    // Bad HS code and a negative gross weight: 422 naming both, nothing stored.
    let mut bad = fuji();
    bad["sku"] = json!("BAD-1");
    bad["hs_code"] = json!("0808");
    bad["packages"][0]["gross_kg"] = json!("-19.2");
    let r = post(&app, &t, "/api/v1/products", &bad).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "hs_code", Some("invalid_hs_code"));
    assert_field(&r.body, "packages[0].gross_kg", None);

    let mut bad = fuji();
    bad["sku"] = json!(" ");
    bad["origin"] = json!("XX");
    bad["packages"][0]["kind"] = json!("box");
    bad["packages"][0]["size_mm"] = json!([500, 0, 280]);
    let r = post(&app, &t, "/api/v1/products", &bad).await;
    assert_problem(&r, 422, "validation_failed");
    for f in ["sku", "origin", "packages[0].kind", "packages[0].size_mm"] {
        assert_field(&r.body, f, None);
    }

    // An unknown field is refused, not ignored.
    let mut extra = fuji();
    extra["sku"] = json!("EXTRA-1");
    extra["colour"] = json!("red");
    let r = post(&app, &t, "/api/v1/products", &extra).await;
    assert_eq!(r.status, 422, "{}", r.body);

    // An invalid replace leaves the product as it was.
    let mut bad = fuji();
    bad["hs_code"] = json!("9999");
    let r = put(&app, &t, &format!("/api/v1/products/{id}"), Some(1), &bad).await;
    assert_problem(&r, 422, "validation_failed");
    let now = get(&app, &t, &format!("/api/v1/products/{id}")).await;
    assert_eq!(now.body["version"], 1);

    let all = get(&app, &t, "/api/v1/products").await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn viewers_read_products_but_cannot_write_them() {
    let app = spawn_app().await;
    let m = app.token(Role::Merchandiser).await;
    let id = create_product(&app, &m).await;
    let v = app.token(Role::Viewer).await;
    let r = post(&app, &v, "/api/v1/products", &fuji()).await;
    assert_problem(&r, 403, "forbidden");
    let r = put(&app, &v, &format!("/api/v1/products/{id}"), Some(1), &fuji()).await;
    assert_problem(&r, 403, "forbidden");
    let r = delete(&app, &v, &format!("/api/v1/products/{id}"), 1).await;
    assert_problem(&r, 403, "forbidden");
    let r = get(&app, &v, &format!("/api/v1/products/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Viewers cannot write contracts either.
    let r = post(&app, &v, "/api/v1/contracts", &json!({})).await;
    assert_problem(&r, 403, "forbidden");
    // Without a token: 401.
    let r = read(app.http.get(app.url("/api/v1/products")).send().await.unwrap()).await;
    assert_problem(&r, 401, "unauthorized");
}

// ---------------------------------------------------------------- customer profiles

fn profile_body() -> Value {
    json!({
        "incoterm": {"term": "CIF", "port": "NLRTM"},
        "port_of_loading": "CNQDG",
        "port_of_discharge": "NLRTM",
        "currency": "USD",
        "payment_terms": tt_30_70(),
        "more_or_less_pct": "5",
        "documents": [
            {"kind": "commercial_invoice", "originals": 3},
            {"kind": "phytosanitary_certificate", "originals": 1}
        ],
        "checklist": ["Label every carton with the PLU sticker"]
    })
}

#[tokio::test]
async fn customer_profile_is_saved_and_prefills_the_contract_template() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &t).await;
    let path = format!("/api/v1/customers/{buyer}/profile");

    let r = get(&app, &t, &path).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"0\""));
    assert_eq!(r.body["version"], 0);
    assert_eq!(r.body["customer_id"], buyer.as_str());
    assert_eq!(r.body["customer_name"], "Fresh Fruit Trading B.V.");
    let empty = &r.body["profile"];
    assert!(empty["currency"].is_null(), "{empty}");
    assert!(empty["incoterm"].is_null(), "{empty}");
    assert_eq!(empty["documents"], json!([]));
    assert_eq!(empty["checklist"], json!([]));
    assert_eq!(r.body["habits"]["orders"], 0);
    assert_eq!(r.body["contract_template"]["buyer_id"], buyer.as_str());

    let r = put(&app, &t, &path, None, &profile_body()).await;
    assert_problem(&r, 428, "precondition_required");

    let r = put(&app, &t, &path, Some(0), &profile_body()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    let v = r.body;
    assert_eq!(v["version"], 1);
    assert_eq!(v["profile"]["currency"], "USD");
    assert_eq!(v["profile"]["port_of_loading"], "CNQDG");
    assert_eq!(v["profile"]["more_or_less_pct"], "5");
    assert_eq!(v["profile"]["documents"].as_array().unwrap().len(), 2);
    let tpl = &v["contract_template"];
    assert_eq!(tpl["buyer_id"], buyer.as_str());
    assert_eq!(tpl["currency"], "USD");
    assert_eq!(tpl["incoterm"]["term"], "CIF");
    assert_eq!(tpl["incoterm"]["port"], "NLRTM");
    assert_eq!(tpl["port_of_loading"], "CNQDG");
    assert_eq!(tpl["port_of_discharge"], "NLRTM");
    assert_eq!(tpl["more_or_less_pct"], "5");
    assert_eq!(
        tpl["special_requirements"],
        json!(["Label every carton with the PLU sticker"])
    );
    assert_eq!(tpl["payment_terms"]["instalments"].as_array().unwrap().len(), 2);
    assert_eq!(tpl["documents"].as_array().unwrap().len(), 2);
    assert_eq!(tpl["insurance"]["percent"], "110", "CIF: the seller insures");

    // GET shows the same.
    let r = get(&app, &t, &path).await;
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    assert_eq!(r.body["profile"], v["profile"]);

    // Saving with "0" again is stale now.
    let mut other = profile_body();
    other["currency"] = json!("EUR");
    let r = put(&app, &t, &path, Some(0), &other).await;
    assert_problem(&r, 409, "version_conflict");
    assert_eq!(r.body["current_version"], 1);
    let r = get(&app, &t, &path).await;
    assert_eq!(r.body["profile"]["currency"], "USD", "unchanged");

    // The template, with lines and a shipment date added, is a valid contract that
    // carries the checklist.
    let product = create_product(&app, &t).await;
    let mut c = v["contract_template"].clone();
    c["shipment_latest"] = json!("2027-01-31");
    c["lines"] = json!([{
        "product_id": product, "quantity": "1800", "unit": "carton", "unit_price": "21.505"
    }]);
    let r = post(&app, &t, "/api/v1/contracts", &c).await;
    assert_eq!(r.status, 201, "the prefilled template is postable: {}", r.body);
    assert_eq!(
        r.body["contract"]["special_requirements"],
        json!(["Label every carton with the PLU sticker"])
    );
    assert_eq!(
        r.body["contract"]["lines"][0]["description_en"],
        "Fresh Fuji Apples"
    );

    // A draft is not an order yet: habits count agreed (approved and later) contracts.
    let r = get(&app, &t, &path).await;
    assert_eq!(r.body["habits"]["orders"], 0, "{}", r.body["habits"]);
}

#[tokio::test]
async fn bad_profiles_are_refused_and_only_customers_have_one() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &t).await;
    let path = format!("/api/v1/customers/{buyer}/profile");

    let mut bad = profile_body();
    bad["port_of_loading"] = json!("ZZZZZ");
    bad["currency"] = json!("USX");
    bad["payment_terms"]["instalments"][1]["percent"] = json!("60");
    let r = put(&app, &t, &path, Some(0), &bad).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "port_of_loading", Some("unknown_port"));
    assert_field(&r.body, "currency", Some("invalid_currency"));
    assert!(
        field_errors(&r.body)
            .iter()
            .any(|(f, c)| f.starts_with("payment_terms.") && c == "sum_not_100"),
        "{}",
        r.body
    );
    let r = get(&app, &t, &path).await;
    assert_eq!(r.body["version"], 0, "nothing was saved");

    // A bank is not a customer: its profile does not exist.
    let bank_party = app.create_party(&t, bank("Bank of China Yantai Branch")).await;
    let bank_path = format!("/api/v1/customers/{}/profile", str_of(&bank_party, "id"));
    assert_problem(&get(&app, &t, &bank_path).await, 404, "not_found");
    let r = put(&app, &t, &bank_path, Some(0), &profile_body()).await;
    assert_problem(&r, 404, "not_found");
    let nobody = "/api/v1/customers/01900000-0000-7000-8000-000000000000/profile";
    assert_problem(&get(&app, &t, nobody).await, 404, "not_found");

    // A viewer may read but not save.
    let v = app.token(Role::Viewer).await;
    assert_eq!(get(&app, &v, &path).await.status, 200);
    let r = put(&app, &v, &path, Some(0), &profile_body()).await;
    assert_problem(&r, 403, "forbidden");
}

// ---------------------------------------------------------------- contracts

#[tokio::test]
async fn contracts_are_numbered_totalled_and_filled_from_the_product() {
    let app = spawn_app().await;
    let (m, c, body) = draft_contract(&app).await;
    assert_eq!(c["number"], "SC-2026-0001");
    assert_eq!(c["state"], "draft");
    assert_eq!(c["revision"], 1);
    assert_eq!(c["version"], 1);
    assert_eq!(c["buyer_name"], "Fresh Fruit Trading B.V.");
    assert_eq!(c["contract"]["date"], "2026-11-27", "today by the test clock");
    assert_eq!(c["total"]["amount"], "38709.00");
    assert_eq!(c["total"]["currency"], "USD");
    assert_eq!(c["line_amounts"], json!(["38709.00"]));
    let words = str_of(&c, "total_in_words");
    assert!(words.starts_with("SAY US DOLLARS"), "{words}");
    assert!(words.contains("THIRTY"), "{words}");
    assert!(c["total_in_chinese"].is_null());
    let line = &c["contract"]["lines"][0];
    assert_eq!(
        line["description_en"], "Fresh Fuji Apples",
        "filled from the product"
    );
    assert_eq!(line["description_zh"], "富士苹果");
    assert!(str_of(line, "hs_code").starts_with("080810"), "{line}");
    assert_eq!(line["quantity"], "1800");
    assert_eq!(line["unit_price"], "21.505");
    assert_eq!(c["total_quantities"][0]["quantity"], "1800");
    assert_eq!(c["total_quantities"][0]["unit"], "carton");
    assert!(
        str_of(&c, "incoterm_wording").starts_with("CIF"),
        "{}",
        c["incoterm_wording"]
    );
    assert!(
        c["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("submit"))
    );

    let id = str_of(&c, "id");
    let r = get(&app, &m, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    assert_eq!(r.body["number"], "SC-2026-0001");

    let r = post(&app, &m, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["number"], "SC-2026-0002");

    // The list: newest first; search by number and by filters.
    let r = get(&app, &m, "/api/v1/contracts").await;
    let numbers: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["SC-2026-0002", "SC-2026-0001"]);
    let r = get(&app, &m, "/api/v1/contracts?q=sc-2026-0001").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let r = get(&app, &m, "/api/v1/contracts?q=fuji&state=draft").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2);
    let r = get(&app, &m, "/api/v1/contracts?state=approved").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0);
    let r = get(&app, &m, "/api/v1/contracts?state=happy").await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "state", Some("invalid_choice"));

    // Editing a draft (If-Match) keeps the number.
    let mut edited = body.clone();
    edited["lines"][0]["quantity"] = json!("1000");
    let r = put(&app, &m, &format!("/api/v1/contracts/{id}"), Some(1), &edited).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.body["number"], "SC-2026-0001");
    assert_eq!(r.body["total"]["amount"], "21505.00");
    let r = put(&app, &m, &format!("/api/v1/contracts/{id}"), Some(1), &body).await;
    assert_problem(&r, 409, "version_conflict");
}

#[tokio::test]
async fn bad_contract_input_names_each_field_and_creates_nothing() {
    let app = spawn_app().await;
    let m = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &m).await;
    let product = create_product(&app, &m).await;
    let good = contract_body(&buyer, &product);

    type Change = fn(&mut Value);
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        (
            "quantity 0",
            |c| c["lines"][0]["quantity"] = json!("0"),
            "lines[0].quantity",
            "not_positive",
        ),
        (
            "five decimals",
            |c| c["lines"][0]["unit_price"] = json!("1.23456"),
            "lines[0].unit_price",
            "too_precise",
        ),
        (
            "currency",
            |c| c["currency"] = json!("XYZ"),
            "currency",
            "invalid_currency",
        ),
        (
            "port",
            |c| c["port_of_loading"] = json!("ZZZZZ"),
            "port_of_loading",
            "unknown_port",
        ),
        (
            "FOB at a town",
            |c| {
                c["incoterm"] = json!({"term": "FOB", "place": "Yantai town", "country": "CN"});
                c["insurance"] = Value::Null;
            },
            "incoterm.place",
            "place_not_a_port",
        ),
        (
            "dates",
            |c| c["shipment_earliest"] = json!("2027-02-15"),
            "shipment_latest",
            "before_earliest",
        ),
        (
            "instalments",
            |c| c["payment_terms"]["instalments"][1]["percent"] = json!("60"),
            "payment_terms.instalments",
            "sum_not_100",
        ),
        (
            "insurance",
            |c| c["insurance"]["percent"] = json!("100"),
            "insurance.percent",
            "insurance_too_low",
        ),
        ("no lines", |c| c["lines"] = json!([]), "lines", "no_lines"),
        (
            "unknown product",
            |c| c["lines"][0]["product_id"] = json!("01900000-0000-7000-8000-000000000000"),
            "lines[0].product_id",
            "not_found",
        ),
    ];
    for (name, change, field, code) in &cases {
        let mut c = good.clone();
        change(&mut c);
        let r = post(&app, &m, "/api/v1/contracts", &c).await;
        assert_problem(&r, 422, "validation_failed");
        assert_field(&r.body, field, Some(code));
        assert!(!field_errors(&r.body).is_empty(), "{name}: errors are listed");
    }

    // All at once: every field named in one answer.
    let mut c = good.clone();
    for (_, change, _, _) in cases.iter().take(4) {
        change(&mut c);
    }
    c["shipment_earliest"] = json!("2027-02-15");
    c["payment_terms"]["instalments"][1]["percent"] = json!("60");
    let r = post(&app, &m, "/api/v1/contracts", &c).await;
    assert_problem(&r, 422, "validation_failed");
    for (field, code) in [
        ("lines[0].quantity", "not_positive"),
        ("lines[0].unit_price", "too_precise"),
        ("currency", "invalid_currency"),
        ("port_of_loading", "unknown_port"),
        ("shipment_latest", "before_earliest"),
    ] {
        assert_field(&r.body, field, Some(code));
    }
    assert!(
        field_errors(&r.body)
            .iter()
            .any(|(f, c)| f.starts_with("payment_terms") && c == "sum_not_100"),
        "{}",
        r.body
    );

    // A buyer that is not a customer.
    let bank_party = app.create_party(&m, bank("Bank of China Yantai Branch")).await;
    let mut c = good.clone();
    c["buyer_id"] = bank_party["id"].clone();
    let r = post(&app, &m, "/api/v1/contracts", &c).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "buyer_id", Some("wrong_party_kind"));

    // Nothing was created, and no number was used up.
    let r = get(&app, &m, "/api/v1/contracts").await;
    assert_eq!(r.body["items"], json!([]));
    let r = post(&app, &m, "/api/v1/contracts", &good).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["number"], "SC-2026-0001", "no gap after refused input");
}

#[tokio::test]
async fn contract_steps_from_draft_to_confirmed_then_amended() {
    let app = spawn_app().await;
    let (m, c, body) = draft_contract(&app).await;
    let id = str_of(&c, "id").to_string();
    let sm = app.token(Role::SalesManager).await;

    let r = step(&app, &m, &id, "submit", 1, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "submitted");
    assert_eq!(r.etag.as_deref(), Some("\"2\""));

    // The author, a merchandiser, may not approve their own contract.
    let r = step(&app, &m, &id, "approve", 2, &json!({})).await;
    assert_problem(&r, 403, "transition_forbidden");
    assert_field(&r.body, "role", Some("role_not_allowed"));
    assert_field(&r.body, "author", Some("author_may_not_decide"));
    let r = get(&app, &m, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(r.body["state"], "submitted", "unchanged");
    assert_eq!(r.body["version"], 2);

    let r = step(&app, &sm, &id, "approve", 2, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "approved");
    assert_eq!(r.body["version"], 3);

    // An approved contract is amended, not edited.
    let mut edited = body.clone();
    edited["lines"][0]["quantity"] = json!("1900");
    let r = put(&app, &m, &format!("/api/v1/contracts/{id}"), Some(3), &edited).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "state", Some("not_editable"));

    // send needs how and to whom.
    let r = step(&app, &m, &id, "send", 3, &json!({})).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "sent_via", Some("required"));
    assert_field(&r.body, "sent_to", Some("required"));
    let r = step(
        &app,
        &m,
        &id,
        "send",
        3,
        &json!({"sent_via": "pigeon", "sent_to": "buyer@example.nl"}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "sent_via", Some("invalid_choice"));
    let r = step(
        &app,
        &m,
        &id,
        "send",
        3,
        &json!({"sent_via": "email", "sent_to": "buyer@example.nl"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "sent");
    assert_eq!(r.body["version"], 4);

    // confirm needs the countersigned copy.
    let r = step(&app, &m, &id, "confirm", 4, &json!({})).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "countersigned", Some("required"));
    let upload = |name: &str, ct: &str, data: &str| json!({"countersigned": {"file_name": name, "content_type": ct, "data_base64": data}});
    let r = step(
        &app,
        &m,
        &id,
        "confirm",
        4,
        &upload("signed.pdf", "application/pdf", "not base64!"),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "countersigned.data_base64", Some("invalid_base64"));
    let r = step(
        &app,
        &m,
        &id,
        "confirm",
        4,
        &upload("../signed.pdf", "text/plain", &base64(b"x")),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "countersigned.file_name", Some("invalid_file_name"));
    assert_field(&r.body, "countersigned.content_type", Some("invalid_choice"));
    let big = vec![b'%'; 1_500_001];
    let r = step(
        &app,
        &m,
        &id,
        "confirm",
        4,
        &upload("big.pdf", "application/pdf", &base64(&big)),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "countersigned.data_base64", Some("too_large"));
    let r = get(&app, &m, &format!("/api/v1/contracts/{id}/history")).await;
    assert_eq!(r.body["attachments"], json!([]), "refused uploads are not kept");
    let pdf: Vec<u8> = b"%PDF-1.4\n% countersigned by the buyer \xe2\x9c\x93\n%%EOF\n".to_vec();
    let r = step(
        &app,
        &m,
        &id,
        "confirm",
        4,
        &json!({"countersigned": {
            "file_name": "signed.pdf",
            "content_type": "application/pdf",
            "data_base64": base64(&pdf)
        }}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "confirmed");
    assert_eq!(r.body["version"], 5);

    let r = get(&app, &m, &format!("/api/v1/contracts/{id}/history")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let h = r.body;
    let actions: Vec<&str> = h["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "submit", "approve", "send", "confirm"]);
    let sent = &h["events"][3];
    assert_eq!(sent["detail"]["sent_via"], "email", "{sent}");
    assert_eq!(sent["detail"]["sent_to"], "buyer@example.nl", "{sent}");
    assert_eq!(sent["from_state"], "approved");
    assert_eq!(sent["to_state"], "sent");
    assert_eq!(h["revisions"].as_array().unwrap().len(), 1);
    let atts = h["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 1, "{h}");
    assert_eq!(atts[0]["file_name"], "signed.pdf");
    assert_eq!(atts[0]["content_type"], "application/pdf");
    assert_eq!(atts[0]["size"], pdf.len());
    let att_id = str_of(&atts[0], "id");
    let r = app
        .get(&m, &format!("/api/v1/attachments/{att_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("signed.pdf")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), pdf.as_slice(), "same bytes");
    let r = get(
        &app,
        &m,
        "/api/v1/attachments/01900000-0000-7000-8000-000000000000",
    )
    .await;
    assert_problem(&r, 404, "not_found");

    // Only finance and the managers close a confirmed contract; a merchandiser may amend.
    let fin = app.token(Role::Finance).await;
    let r = get(&app, &fin, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(r.body["allowed_actions"], json!(["close"]));
    let r = get(&app, &m, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(r.body["allowed_actions"], json!(["amend"]));

    // Amend: a new revision, back to draft.
    let mut amended = body.clone();
    amended["lines"][0]["quantity"] = json!("2000");
    let r = step(&app, &m, &id, "amend", 5, &json!({"contract": amended})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["revision"], 2);
    assert_eq!(r.body["state"], "draft");
    assert_eq!(r.body["number"], "SC-2026-0001", "an amendment keeps the number");
    assert_eq!(r.body["total"]["amount"], "43010.00");
    let version = r.body["version"].as_i64().unwrap();

    let r = get(&app, &m, &format!("/api/v1/contracts/{id}/diff?from=1&to=2")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let diffs = r.body.as_array().unwrap();
    let q = diffs
        .iter()
        .find(|d| d["field"] == "lines[0].quantity")
        .unwrap_or_else(|| panic!("quantity is listed: {}", r.body));
    assert_eq!(q["from"], "1800");
    assert_eq!(q["to"], "2000");
    assert!(
        diffs
            .iter()
            .all(|d| str_of(d, "field").starts_with("lines[0].quantity")),
        "only the quantity changed: {}",
        r.body
    );
    let r = get(&app, &m, &format!("/api/v1/contracts/{id}/diff?from=1&to=3")).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "to", Some("not_found"));

    let r = get(&app, &m, &format!("/api/v1/contracts/{id}/history")).await;
    assert_eq!(r.body["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["revisions"][0]["doc"]["lines"][0]["quantity"], "1800");
    assert_eq!(r.body["revisions"][1]["doc"]["lines"][0]["quantity"], "2000");

    // The amendment needs approval again, by someone else.
    let r = step(&app, &m, &id, "submit", version, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(&app, &sm, &id, "approve", version + 1, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "approved");
    assert_eq!(r.body["revision"], 2);
}

#[tokio::test]
async fn refused_contract_steps_change_nothing() {
    let app = spawn_app().await;
    let (m, c, body) = draft_contract(&app).await;
    let id = str_of(&c, "id").to_string();
    let sm = app.token(Role::SalesManager).await;
    let fin = app.token(Role::Finance).await;

    // Approve from draft: wrong state.
    let r = step(&app, &sm, &id, "approve", 1, &json!({})).await;
    assert_problem(&r, 409, "transition_not_allowed");
    assert_field(&r.body, "state", Some("not_from_state"));

    // Unknown action: 404.
    let r = step(&app, &m, &id, "frobnicate", 1, &json!({})).await;
    assert_problem(&r, 404, "not_found");

    // Unknown contract: 404.
    let r = step(
        &app,
        &m,
        "01900000-0000-7000-8000-000000000000",
        "submit",
        1,
        &json!({}),
    )
    .await;
    assert_problem(&r, 404, "not_found");

    // Without If-Match: 428; stale: 409.
    let r = read(
        app.post(&m, &format!("/api/v1/contracts/{id}/submit"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&r, 428, "precondition_required");
    let r = step(&app, &m, &id, "submit", 7, &json!({})).await;
    assert_problem(&r, 409, "version_conflict");
    assert_eq!(r.body["current_version"], 1);

    // Finance may close but not submit.
    let r = step(&app, &fin, &id, "submit", 1, &json!({})).await;
    assert_problem(&r, 403, "transition_forbidden");

    let r = get(&app, &m, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(r.body["state"], "draft");
    assert_eq!(r.body["version"], 1, "no refused step changed the contract");
    let h = get(&app, &m, &format!("/api/v1/contracts/{id}/history")).await;
    assert_eq!(h.body["events"].as_array().unwrap().len(), 1, "only create");

    // Reject needs a reason.
    let r = step(&app, &m, &id, "submit", 1, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(&app, &sm, &id, "reject", 2, &json!({})).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "reason", Some("required"));
    let r = step(&app, &sm, &id, "reject", 2, &json!({"reason": "   "})).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "reason", Some("required"));
    let r = step(
        &app,
        &sm,
        &id,
        "reject",
        2,
        &json!({"reason": "price below our floor for Grade A"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "rejected");

    // A rejected contract can be edited: the rejected revision is kept, the edit is the
    // next revision, back in draft, to be submitted again.
    let mut edited = body.clone();
    edited["lines"][0]["unit_price"] = json!("22.00");
    let r = put(&app, &m, &format!("/api/v1/contracts/{id}"), Some(3), &edited).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "draft");
    assert_eq!(r.body["revision"], 2);
    assert_eq!(r.body["total"]["amount"], "39600.00");

    // Cancel needs a reason, and only a manager cancels.
    let r = step(&app, &sm, &id, "cancel", 4, &json!({})).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "reason", Some("required"));
    let r = step(&app, &m, &id, "cancel", 4, &json!({"reason": "buyer withdrew"})).await;
    assert_problem(&r, 403, "transition_forbidden");
    let r = step(&app, &sm, &id, "cancel", 4, &json!({"reason": "buyer withdrew"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "cancelled");
    assert_eq!(r.body["allowed_actions"], json!([]));
    let h = get(&app, &m, &format!("/api/v1/contracts/{id}/history")).await;
    let events = h.body["events"].as_array().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last["action"], "cancel");
    assert_eq!(last["reason"], "buyer withdrew");
    let reject = events.iter().find(|e| e["action"] == "reject").unwrap();
    assert_eq!(reject["reason"], "price below our floor for Grade A");

    // A cancelled contract is no habit of the customer.
    let buyer = str_of(&c["contract"], "buyer_id");
    let r = get(&app, &m, &format!("/api/v1/customers/{buyer}/profile")).await;
    assert_eq!(r.body["habits"]["orders"], 0, "{}", r.body["habits"]);

    // Nothing moves a cancelled contract.
    let r = step(&app, &m, &id, "submit", 5, &json!({})).await;
    assert_problem(&r, 409, "transition_not_allowed");
}

#[tokio::test]
async fn a_sales_manager_does_not_approve_their_own_contract() {
    let app = spawn_app().await;
    let sm = app.token(Role::SalesManager).await;
    let other = app
        .token_for_existing(
            &app.add_user_as(Role::SalesManager, "second.sm@test.example")
                .await,
        )
        .await;
    let buyer = create_customer(&app, &sm).await;
    let product = create_product(&app, &sm).await;
    let r = post(&app, &sm, "/api/v1/contracts", &contract_body(&buyer, &product)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = str_of(&r.body, "id").to_string();
    assert_eq!(step(&app, &sm, &id, "submit", 1, &json!({})).await.status, 200);
    let r = step(&app, &sm, &id, "approve", 2, &json!({})).await;
    assert_problem(&r, 403, "transition_forbidden");
    assert_field(&r.body, "author", Some("author_may_not_decide"));
    let r = get(&app, &sm, &format!("/api/v1/contracts/{id}")).await;
    assert!(
        !r.body["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("approve")),
        "the author is not offered approve: {}",
        r.body["allowed_actions"]
    );
    let r = step(&app, &other, &id, "approve", 2, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "approved");
}

// ---------------------------------------------------------------- letters of credit

#[tokio::test]
async fn letters_of_credit_list_their_differences_and_keep_amendments() {
    let app = spawn_app().await;
    let (m, c, _) = draft_contract(&app).await;
    let contract_id = str_of(&c, "id").to_string();
    let d = app.token(Role::Documentation).await;

    let r = post(&app, &d, "/api/v1/letters-of-credit", &credit_body(&contract_id)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    let lc = r.body;
    let lc_id = str_of(&lc, "id").to_string();
    assert_eq!(lc["contract_number"], "SC-2026-0001");
    assert_eq!(lc["credit"]["amount"], "38000.00");
    assert_eq!(lc["max_amount"], "39900.00");
    let rules = |v: &Value| -> Vec<String> {
        v["differences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let found = rules(&lc);
    for rule in ["LC-AMOUNT", "LC-LATEST-SHIPMENT", "LC-DOCUMENTS"] {
        assert!(found.iter().any(|r| r == rule), "{rule} missing from {found:?}");
    }
    let diff = |v: &Value, rule: &str| -> Value {
        v["differences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let shipment = diff(&lc, "LC-LATEST-SHIPMENT");
    assert_eq!(shipment["severity"], "blocking", "{shipment}");
    assert_eq!(shipment["contract"], "2027-01-31");
    assert_eq!(shipment["letter_of_credit"], "2027-01-15");
    let docs = diff(&lc, "LC-DOCUMENTS");
    assert_eq!(docs["field"], "documents[phytosanitary_certificate]", "{docs}");
    assert_eq!(
        lc["differences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "LC-DOCUMENTS")
            .count(),
        1,
        "the invoice matches the contract: {}",
        lc["differences"]
    );

    let path = format!("/api/v1/letters-of-credit/{lc_id}");
    let r = get(&app, &m, &path).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    let r = get(
        &app,
        &m,
        &format!("/api/v1/letters-of-credit?contract_id={contract_id}"),
    )
    .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let r = get(&app, &m, "/api/v1/letters-of-credit?q=abn").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);

    // An amendment brings the amount to the contract value.
    let mut amended = credit_body(&contract_id);
    amended["amount"] = json!("38709.00");
    let r = put(&app, &d, &path, None, &amended).await;
    assert_problem(&r, 428, "precondition_required");
    let r = put(&app, &d, &path, Some(1), &amended).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"2\""));
    let found = rules(&r.body);
    assert!(!found.iter().any(|r| r == "LC-AMOUNT"), "{found:?}");
    assert!(found.iter().any(|r| r == "LC-LATEST-SHIPMENT"), "{found:?}");
    assert!(found.iter().any(|r| r == "LC-DOCUMENTS"), "{found:?}");
    let r = put(&app, &d, &path, Some(1), &credit_body(&contract_id)).await;
    assert_problem(&r, 409, "version_conflict");

    let r = get(&app, &m, &format!("{path}/revisions")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let revs = r.body["items"].as_array().unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0]["doc"]["amount"], "38000.00");
    assert_eq!(revs[1]["doc"]["amount"], "38709.00");
}

#[tokio::test]
async fn letter_of_credit_duplicates_and_bad_input_are_refused() {
    let app = spawn_app().await;
    let (m, c, _) = draft_contract(&app).await;
    let contract_id = str_of(&c, "id").to_string();
    let r = post(&app, &m, "/api/v1/letters-of-credit", &credit_body(&contract_id)).await;
    assert_eq!(r.status, 201, "{}", r.body);

    let r = post(&app, &m, "/api/v1/letters-of-credit", &credit_body(&contract_id)).await;
    assert_problem(&r, 409, "duplicate");
    assert_field(&r.body, "number", Some("duplicate"));

    let mut bad = credit_body("01900000-0000-7000-8000-000000000000");
    bad["number"] = json!("LC-OTHER-1");
    bad["about"] = json!(true);
    let r = post(&app, &m, "/api/v1/letters-of-credit", &bad).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "about", Some("about_with_tolerance"));
    assert_field(&r.body, "contract_id", Some("not_found"));

    let mut bad = credit_body(&contract_id);
    bad["number"] = json!("LC-OTHER-2");
    bad["expiry_date"] = json!("2026-11-30");
    bad["currency"] = json!("USX");
    bad["amount"] = json!("-5");
    bad["available_by"] = json!("cash");
    let r = post(&app, &m, "/api/v1/letters-of-credit", &bad).await;
    assert_problem(&r, 422, "validation_failed");
    for (f, code) in [
        ("expiry_date", "before_issue"),
        ("currency", "invalid_currency"),
        ("amount", "not_positive"),
        ("available_by", "invalid_choice"),
    ] {
        assert_field(&r.body, f, Some(code));
    }

    let r = get(&app, &m, "/api/v1/letters-of-credit").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "only the first");

    let v = app.token(Role::Viewer).await;
    let mut other = credit_body(&contract_id);
    other["number"] = json!("LC-VIEWER");
    let r = post(&app, &v, "/api/v1/letters-of-credit", &other).await;
    assert_problem(&r, 403, "forbidden");
}

// ---------------------------------------------------------------- company

#[tokio::test]
async fn company_profile_sets_the_contract_number_pattern() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let m = app.token(Role::Merchandiser).await;

    let r = get(&app, &m, "/api/v1/company").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"0\""));
    assert_eq!(r.body["version"], 0);
    assert_eq!(r.body["company"]["contract_number_pattern"], "SC-{yyyy}-{seq:04}");

    let company = json!({
        "name_en": "Yantai Golden Orchard Import & Export Co., Ltd.",
        "name_zh": "烟台金果园进出口有限公司",
        "address_en": "88 Binhai Road, Laishan District, Yantai, Shandong, China",
        "contract_number_pattern": "YT{yy}-{seq:03}",
        "bank_accounts": [{
            "beneficiary": "Yantai Golden Orchard Import & Export Co., Ltd.",
            "bank_name": "Bank of China Yantai Branch",
            "account_no": "2178 0000 1234 5678",
            "swift": "BKCHCNBJ500",
            "currency": "USD"
        }]
    });
    let r = put(&app, &m, "/api/v1/company", Some(0), &company).await;
    assert_problem(&r, 403, "forbidden");

    let mut bad = company.clone();
    bad["contract_number_pattern"] = json!("YT-{year}");
    let r = put(&app, &admin, "/api/v1/company", Some(0), &bad).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "contract_number_pattern", None);

    let r = put(&app, &admin, "/api/v1/company", None, &company).await;
    assert_problem(&r, 428, "precondition_required");
    let r = put(&app, &admin, "/api/v1/company", Some(0), &company).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.etag.as_deref(), Some("\"1\""));
    assert_eq!(r.body["version"], 1);
    assert_eq!(r.body["company"]["contract_number_pattern"], "YT{yy}-{seq:03}");
    assert_eq!(r.body["company"]["name_zh"], "烟台金果园进出口有限公司");
    let r = put(&app, &admin, "/api/v1/company", Some(0), &company).await;
    assert_problem(&r, 409, "version_conflict");

    let buyer = create_customer(&app, &m).await;
    let product = create_product(&app, &m).await;
    let body = contract_body(&buyer, &product);
    let r = post(&app, &m, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["number"], "YT26-001");
    let r = post(&app, &m, "/api/v1/contracts", &body).await;
    assert_eq!(r.body["number"], "YT26-002");
}

// ---------------------------------------------------------------- reference data

#[tokio::test]
async fn ports_and_currencies_come_from_the_embedded_lists() {
    let app = spawn_app().await;
    let t = app.token(Role::Viewer).await;
    let r = get(&app, &t, "/api/v1/ports?q=rotterdam").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ports = r.body.as_array().unwrap();
    let rtm = ports
        .iter()
        .find(|p| p["code"] == "NLRTM")
        .unwrap_or_else(|| panic!("NLRTM in {}", r.body));
    assert_eq!(rtm["country"], "NL");
    assert_eq!(ports[0]["code"], "NLRTM", "the name prefix ranks first");
    let r = get(&app, &t, "/api/v1/ports?q=nlrtm").await;
    assert_eq!(r.body[0]["code"], "NLRTM");
    let r = get(&app, &t, "/api/v1/ports?q=rotterdam&limit=1").await;
    assert_eq!(r.body.as_array().unwrap().len(), 1);

    let r = get(&app, &t, "/api/v1/currencies").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let cur = r.body.as_array().unwrap();
    let units = |code: &str| {
        cur.iter()
            .find(|c| c["code"] == code)
            .unwrap_or_else(|| panic!("{code} listed"))["minor_units"]
            .clone()
    };
    assert_eq!(units("USD"), 2);
    assert_eq!(units("JPY"), 0);
    assert_eq!(units("CNY"), 2);
    assert!(!cur.iter().any(|c| c["code"] == "USX"));
}

// ---------------------------------------------------------------- audit

#[tokio::test]
async fn every_trade_write_is_in_the_audit_trail() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (m, c, _) = draft_contract(&app).await;
    let contract_id = str_of(&c, "id").to_string();
    let sm = app.token(Role::SalesManager).await;
    assert_eq!(
        step(&app, &m, &contract_id, "submit", 1, &json!({})).await.status,
        200
    );
    assert_eq!(
        step(&app, &sm, &contract_id, "approve", 2, &json!({}))
            .await
            .status,
        200
    );

    // Product: create, update, delete.
    let r = post(&app, &m, "/api/v1/products", &{
        let mut p = fuji();
        p["sku"] = json!("AUDIT-1");
        p
    })
    .await;
    let product_id = str_of(&r.body, "id").to_string();
    let mut changed = fuji();
    changed["sku"] = json!("AUDIT-1");
    changed["grade"] = json!("Grade B");
    let path = format!("/api/v1/products/{product_id}");
    assert_eq!(put(&app, &m, &path, Some(1), &changed).await.status, 200);
    assert_eq!(delete(&app, &m, &path, 2).await.status, 204);

    // Profile, company, credit.
    let buyer = str_of(&c["contract"], "buyer_id").to_string();
    let r = put(
        &app,
        &m,
        &format!("/api/v1/customers/{buyer}/profile"),
        Some(0),
        &profile_body(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = put(
        &app,
        &admin,
        "/api/v1/company",
        Some(0),
        &json!({"name_en": "Yantai Golden Orchard", "address_en": "88 Binhai Road, Yantai"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(&app, &m, "/api/v1/letters-of-credit", &credit_body(&contract_id)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let lc_id = str_of(&r.body, "id").to_string();
    let mut amended = credit_body(&contract_id);
    amended["amount"] = json!("38709.00");
    let r = put(
        &app,
        &m,
        &format!("/api/v1/letters-of-credit/{lc_id}"),
        Some(1),
        &amended,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // A refused step leaves no event.
    let r = step(&app, &m, &contract_id, "approve", 3, &json!({})).await;
    assert_eq!(r.status, 409, "{}", r.body);

    let contract_events = audit_actions(&app, &admin, "contract", &contract_id).await;
    assert_eq!(contract_events, ["create", "submit", "approve"]);
    let all = get(&app, &admin, "/api/v1/audit?entity_type=contract").await;
    let e = &all.body["items"].as_array().unwrap()[0];
    assert_eq!(e["action"], "approve", "newest first");
    assert_eq!(e["changes"]["state"]["before"], "submitted", "{e}");
    assert_eq!(e["changes"]["state"]["after"], "approved", "{e}");
    assert_eq!(
        audit_actions(&app, &admin, "product", &product_id).await,
        ["create", "update", "delete"]
    );
    assert_eq!(
        audit_actions(&app, &admin, "letter_of_credit", &lc_id).await,
        ["create", "update"]
    );
    let r = get(&app, &admin, "/api/v1/audit?entity_type=customer_profile").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.body);
    let r = get(&app, &admin, "/api/v1/audit?entity_type=company").await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.body);

    let r = get(&app, &admin, "/api/v1/audit/verify").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["ok"], true, "{}", r.body);
}

// ---------------------------------------------------------------- numbering and concurrency

#[tokio::test]
async fn contract_numbers_count_per_year_of_the_contract_date() {
    let app = spawn_app().await;
    let (m, c, body) = draft_contract(&app).await;
    assert_eq!(c["number"], "SC-2026-0001");
    let mut next_year = body.clone();
    next_year["date"] = json!("2027-01-04");
    let r = post(&app, &m, "/api/v1/contracts", &next_year).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["number"], "SC-2027-0001");
    assert_eq!(r.body["contract"]["date"], "2027-01-04");
    let r = post(&app, &m, "/api/v1/contracts", &body).await;
    assert_eq!(r.body["number"], "SC-2026-0002");
}

#[tokio::test]
async fn a_number_pattern_without_a_year_never_repeats_a_number() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let r = put(
        &app,
        &admin,
        "/api/v1/company",
        Some(0),
        &json!({
            "name_en": "Yantai Golden Orchard",
            "address_en": "88 Binhai Road, Yantai",
            "contract_number_pattern": "YT-{seq:03}"
        }),
    )
    .await;
    // The sequence restarts every year: a pattern without the year is either refused, or
    // (if accepted) must still give unique numbers.
    if r.status == 422 {
        assert_problem(&r, 422, "validation_failed");
        assert_field(&r.body, "contract_number_pattern", Some("invalid_pattern"));
        let r = get(&app, &admin, "/api/v1/company").await;
        assert_eq!(r.body["version"], 0, "nothing saved");
        let (_, c, _) = draft_contract(&app).await;
        assert_eq!(c["number"], "SC-2026-0001");
        return;
    }
    assert_eq!(r.status, 200, "{}", r.body);
    let (m, c, body) = draft_contract(&app).await;
    assert_eq!(c["number"], "YT-001");
    let mut next_year = body.clone();
    next_year["date"] = json!("2027-01-04");
    let r = post(&app, &m, "/api/v1/contracts", &next_year).await;
    assert_eq!(
        r.status, 201,
        "a 2027 contract cannot be created under a year-less pattern: {}",
        r.body
    );
    assert_ne!(r.body["number"], "YT-001");
}

#[tokio::test]
async fn concurrent_contract_creations_get_distinct_numbers_without_gaps() {
    let app = spawn_app().await;
    let m = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &m).await;
    let product = create_product(&app, &m).await;
    let body = contract_body(&buyer, &product);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let rb = app.post(&m, "/api/v1/contracts").json(&body);
        tasks.push(tokio::spawn(async move { read(rb.send().await.unwrap()).await }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 201, "{}", r.body);
        numbers.push(str_of(&r.body, "number").to_string());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=8).map(|n| format!("SC-2026-{n:04}")).collect();
    assert_eq!(numbers, expected);
}

#[tokio::test]
async fn concurrent_steps_on_one_version_let_exactly_one_through() {
    let app = spawn_app().await;
    let (m, c, _) = draft_contract(&app).await;
    let id = str_of(&c, "id").to_string();
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let rb = app
            .post(&m, &format!("/api/v1/contracts/{id}/submit"))
            .header("If-Match", quoted(1))
            .json(&json!({}));
        tasks.push(tokio::spawn(async move { read(rb.send().await.unwrap()).await }));
    }
    let mut ok = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => ok += 1,
            _ => assert_problem(&r, 409, "version_conflict"),
        }
    }
    assert_eq!(ok, 1);
    let h = get(&app, &m, &format!("/api/v1/contracts/{id}/history")).await;
    let actions: Vec<&str> = h.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "submit"]);
}

#[tokio::test]
async fn concurrent_first_saves_of_a_profile_let_exactly_one_through() {
    let app = spawn_app().await;
    let m = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &m).await;
    let path = format!("/api/v1/customers/{buyer}/profile");
    let mut tasks = Vec::new();
    for i in 0..8 {
        let mut body = profile_body();
        body["checklist"] = json!([format!("writer {i}")]);
        let rb = app
            .http
            .put(app.url(&path))
            .bearer_auth(&m)
            .header("If-Match", quoted(0))
            .json(&body);
        tasks.push(tokio::spawn(async move { read(rb.send().await.unwrap()).await }));
    }
    let mut ok = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => ok += 1,
            _ => {
                // A lost race on the first save is a stale version like any other.
                assert_problem(&r, 409, "version_conflict");
                assert_eq!(r.body["current_version"], 1, "{}", r.body);
            }
        }
    }
    assert_eq!(ok, 1);
    let r = get(&app, &m, &path).await;
    assert_eq!(r.body["version"], 1);
}

#[tokio::test]
async fn concurrent_first_saves_of_the_company_let_exactly_one_through() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let body = json!({"name_en": format!("Writer {i}"), "address_en": "88 Binhai Road, Yantai"});
        let rb = app
            .http
            .put(app.url("/api/v1/company"))
            .bearer_auth(&admin)
            .header("If-Match", quoted(0))
            .json(&body);
        tasks.push(tokio::spawn(async move { read(rb.send().await.unwrap()).await }));
    }
    let mut ok = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => ok += 1,
            _ => {
                assert_problem(&r, 409, "version_conflict");
                assert_eq!(r.body["current_version"], 1, "{}", r.body);
            }
        }
    }
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn the_contract_list_is_newest_first_with_an_unpadded_sequence() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let r = put(
        &app,
        &admin,
        "/api/v1/company",
        Some(0),
        &json!({
            "name_en": "Yantai Golden Orchard",
            "address_en": "88 Binhai Road, Yantai",
            "contract_number_pattern": "YT{yy}-{seq}"
        }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let m = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &m).await;
    let product = create_product(&app, &m).await;
    let body = contract_body(&buyer, &product);
    for n in 1..=10 {
        let r = post(&app, &m, "/api/v1/contracts", &body).await;
        assert_eq!(r.body["number"], format!("YT26-{n}"));
    }
    let r = get(&app, &m, "/api/v1/contracts?limit=3").await;
    let numbers: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["YT26-10", "YT26-9", "YT26-8"], "newest first");
}

/// A product a contract names is kept: deleting it is refused and changes nothing.
#[tokio::test]
async fn a_product_named_by_a_contract_is_not_deleted() {
    let app = spawn_app().await;
    let (_m, _contract, body) = draft_contract(&app).await;
    let product_id = body["lines"][0]["product_id"].as_str().unwrap().to_string();
    let admin = app.token(Role::Admin).await;
    let r = delete(&app, &admin, &format!("/api/v1/products/{product_id}"), 1).await;
    assert_problem(&r, 409, "in_use");
    let r = get(&app, &admin, &format!("/api/v1/products/{product_id}")).await;
    assert_eq!(r.status, 200, "the product is still there");
}

/// Four eyes cannot be dodged by letting someone else touch the draft: whoever created or
/// edited the current revision does not approve it.
#[tokio::test]
async fn whoever_wrote_part_of_a_revision_does_not_approve_it() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let m = app.token(Role::Merchandiser).await;
    let buyer = create_customer(&app, &admin).await;
    let product = create_product(&app, &admin).await;
    let mut body = contract_body(&buyer, &product);
    let r = post(&app, &admin, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = str_of(&r.body, "id").to_string();
    body["remarks"] = json!("one word changed");
    let r = put(&app, &m, &format!("/api/v1/contracts/{id}"), Some(1), &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(&app, &admin, &id, "submit", 2, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(&app, &admin, &id, "approve", 3, &json!({})).await;
    assert_problem(&r, 403, "transition_forbidden");
    let manager = app.token(Role::SalesManager).await;
    let r = step(&app, &manager, &id, "approve", 3, &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// Editing a rejected contract keeps the rejected revision and starts the next one.
#[tokio::test]
async fn editing_a_rejected_contract_keeps_what_was_rejected() {
    let app = spawn_app().await;
    let (m, c, mut body) = draft_contract(&app).await;
    let id = str_of(&c, "id").to_string();
    let manager = app.token(Role::SalesManager).await;
    assert_eq!(step(&app, &m, &id, "submit", 1, &json!({})).await.status, 200);
    let r = step(
        &app,
        &manager,
        &id,
        "reject",
        2,
        &json!({"reason": "price too low"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    body["lines"][0]["unit_price"] = json!("23.00");
    let r = put(&app, &m, &format!("/api/v1/contracts/{id}"), Some(3), &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["revision"], 2);
    assert_eq!(r.body["state"], "draft");
    let d = get(&app, &m, &format!("/api/v1/contracts/{id}/diff?from=1&to=2")).await;
    assert!(d.body.to_string().contains("unit_price"), "{}", d.body);
}
