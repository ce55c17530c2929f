//! The issue 3 pages through real HTTP: products, customer profiles, our company, contracts
//! with their steps, revisions and downloads, letters of credit, imports, in both languages.
//! Forms are read from the rendered pages and posted back the way a browser would send them,
//! so what a page renders must round-trip. The real server on a random port over a fresh
//! database each test (SQLite, or PostgreSQL when GENDAN_TEST_DATABASE_URL is set).

mod common;

use common::api::base64;
use common::html::*;
use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};

// ---------------------------------------------------------------- HTTP helpers

const BOUNDARY: &str = "gendan-test-boundary-7MA4YWxkTrZu0gW";

/// A multipart/form-data body: text fields, then files (field, file name, content type, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &str, &[u8])]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, file_name, ct, data) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {ct}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

async fn post_multipart(
    c: &reqwest::Client,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> (u16, String, String) {
    let (ct, body) = multipart(fields, files);
    let r = c
        .post(app.url(path))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    response_parts(r).await
}

/// Submit (as `author`) and approve (as a sales manager) a draft through the API.
async fn agree(app: &TestApp, author: &str, id: &str) {
    let sm = match app
        .store
        .list_users()
        .await
        .unwrap()
        .iter()
        .find(|u| u.role == Role::SalesManager)
    {
        Some(u) => app.token_for_existing(&u.email).await,
        None => app.token(Role::SalesManager).await,
    };
    for (who, action) in [(author, "submit"), (sm.as_str(), "approve")] {
        let v = api_get(app, who, &format!("/api/v1/contracts/{id}")).await["version"]
            .as_i64()
            .unwrap();
        let r = app
            .post(who, &format!("/api/v1/contracts/{id}/{action}"))
            .header("If-Match", format!("\"{v}\""))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{action}: {}", r.text().await.unwrap());
    }
}

async fn api_get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = app.get(token, path).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.unwrap()
}

async fn api_post(app: &TestApp, token: &str, path: &str, body: &Value) -> Value {
    let r = app.post(token, path).json(body).send().await.unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "POST {path}: {v}");
    v
}

async fn product_count(app: &TestApp, token: &str) -> usize {
    api_get(app, token, "/api/v1/products?limit=100").await["items"]
        .as_array()
        .unwrap()
        .len()
}

/// The `version` a step form on the contract page carries.
fn step_version(html: &str, id: &str, action: &str) -> String {
    let marker = format!("action=\"/contracts/{id}/step/{action}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {action} step on the page:\n{html}"));
    let rest = &html[at..];
    let v =
        rest.find("name=\"version\" value=\"").expect("version field") + "name=\"version\" value=\"".len();
    rest[v..v + rest[v..].find('"').unwrap()].to_string()
}

/// The id at the end of a `/things/{id}` location.
fn id_of(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_string()
}

// ---------------------------------------------------------------- fixtures

fn fuji() -> Value {
    json!({
        "sku": "FUJI-80-18",
        "name_en": "Fresh Fuji Apples",
        "name_zh": "富士苹果",
        "hs_code": "080810",
        "origin": "CN",
        "variety": "Fuji",
        "grade": "Grade A",
        "size": "80-100",
        "packages": [{
            "name": "18kg carton", "kind": "carton", "net_kg": "18", "gross_kg": "19.2",
            "size_mm": [500, 300, 280], "this_side_up": true
        }],
        "reefer": {}
    })
}

fn contract_body(buyer_id: &str, product_id: &str) -> Value {
    json!({
        "buyer_id": buyer_id,
        "currency": "USD",
        "incoterm": {"term": "CIF", "port": "NLRTM"},
        "port_of_loading": "CNQDG",
        "port_of_discharge": "NLRTM",
        "shipment_latest": "2027-01-31",
        "insurance": {"percent": "110", "risks": "ICC (A)"},
        "payment_terms": {"instalments": [
            {"percent": "30", "method": "tt", "trigger": "on_contract"},
            {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}
        ]},
        "documents": [{"kind": "commercial_invoice", "originals": 3}],
        "lines": [{"product_id": product_id, "quantity": "1800", "unit": "carton", "unit_price": "21.505"}]
    })
}

/// A valid 1×1 RGB PNG, built here (signature, IHDR, a stored-deflate IDAT, IEND).
fn tiny_png() -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
    }
    let raw = [0u8, 0xC0, 0x20, 0x30]; // filter 0, one red pixel
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    let mut zlib = vec![0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF];
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[test]
fn the_helpers_read_forms_like_a_browser() {
    let html = r#"<p>x</p><form method="post" action="/x" id="f">
      <input type="hidden" name="_csrf" value="tok">
      <label>A <input name="a" value="1 &amp; 2" data-field="a"><small class="field-error">Bad &quot;a&quot;</small></label>
      <input type="checkbox" name="on" value="on" checked><input type="checkbox" name="off" value="on">
      <select name="s"><option value="">—</option><option value="b" selected>B</option></select>
      <select name="t"><option>CIF</option><option selected>FOB</option></select>
      <select name="u"><option value="">—</option><option value="x">X</option></select>
      <input type="file" name="file"><button type="submit" name="commit" value="1">Go</button>
      <textarea name="ta" rows="3">
one
two</textarea>
    </form>"#;
    let f = form_fields(html, "f");
    assert_eq!(
        f,
        [
            ("_csrf", "tok"),
            ("a", "1 & 2"),
            ("on", "on"),
            ("s", "b"),
            ("t", "FOB"),
            ("u", ""),
            ("ta", "one\ntwo"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(field_error(html, "a").as_deref(), Some("Bad \"a\""));
    assert_eq!(field_error(html, "s"), None);
    assert_eq!(
        raw_keys(
            "<p title=\"contract-number\">state-draft, doc-nothing and e-mail</p><b class=\"state-draft\">SC-2026-0001</b>"
        ),
        ["contract-number", "doc-nothing", "state-draft"]
    );
    let png = tiny_png();
    assert!(base64(&png).starts_with("iVBORw0KGgo"));
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(
        unescape("a &#38; b &#x27;c&#39; &quot;d&quot; &lt;&gt; & e;"),
        "a & b 'c' \"d\" <> & e;"
    );
}

// ---------------------------------------------------------------- 1. products

/// The new-product form filled in as a user would.
fn product_form(new_page: &str) -> Fields {
    let mut f = form_fields(new_page, "product-form");
    for (k, v) in [
        ("sku", "FUJI-80-18"),
        ("name_en", "Fresh Fuji Apples"),
        ("name_zh", "富士苹果"),
        ("hs_code", "080810"),
        ("variety", "Fuji"),
        ("grade", "Grade A"),
        ("packages[0].name", "18kg carton"),
        ("packages[0].kind", "carton"),
        ("packages[0].net_kg", "18"),
        ("packages[0].gross_kg", "19.2"),
        ("packages[0].size_mm[0]", "500"),
        ("packages[0].size_mm[1]", "300"),
        ("packages[0].size_mm[2]", "280"),
        ("packages[0].this_side_up", "on"),
        ("_reefer", "on"),
        ("reefer.set_point_c", "0.5"),
        ("reefer.fresh_air_m3h", "10"),
        ("reefer.humidity_pct", "92"),
    ] {
        set(&mut f, k, v);
    }
    f
}

#[tokio::test]
async fn products_list_form_errors_create_conflict_and_roles() {
    let app = spawn_app().await;
    let t = app.token(Role::Viewer).await;
    let (c, csrf) = app.web_session(Role::Merchandiser).await;

    let en = html(&c, &app, "/products").await;
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(en.contains("Products") && en.contains("New product") && en.contains("No products yet."));
    switch_language(&c, &app, &csrf, "zh-CN").await;
    let zh = html(&c, &app, "/products").await;
    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(
        zh.contains("产品") && zh.contains("新建产品") && zh.contains("还没有产品。"),
        "{zh}"
    );
    switch_language(&c, &app, &csrf, "en").await;

    let new_page = html(&c, &app, "/products/new").await;
    assert_eq!(
        field(&form_fields(&new_page, "product-form"), "origin"),
        "CN",
        "origin defaults to China"
    );

    // A bad HS code and a negative gross weight: 422, each error beside its field, nothing lost.
    let mut bad = product_form(&new_page);
    set(&mut bad, "hs_code", "0808");
    set(&mut bad, "packages[0].gross_kg", "-19.2");
    let (status, _, body) = post_form(&c, &app, "/products", &bad).await;
    assert_eq!(status, 422, "{body}");
    let hs = field_error(&body, "hs_code").unwrap_or_else(|| panic!("no error beside hs_code: {body}"));
    assert!(hs.starts_with("Bad HS code"), "{hs}");
    assert!(
        field_error(&body, "packages[0].gross_kg").is_some(),
        "no error beside the gross weight: {body}"
    );
    assert_eq!(
        field_error(&body, "name_en"),
        None,
        "only the bad fields are marked"
    );
    let kept = form_fields(&body, "product-form");
    for (k, v) in [
        ("hs_code", "0808"),
        ("packages[0].gross_kg", "-19.2"),
        ("name_en", "Fresh Fuji Apples"),
        ("name_zh", "富士苹果"),
        ("packages[0].size_mm[1]", "300"),
        ("packages[0].kind", "carton"),
        ("_reefer", "on"),
        ("packages[0].this_side_up", "on"),
    ] {
        assert_eq!(field(&kept, k), v, "typed value of {k} is kept");
    }
    assert_eq!(product_count(&app, &t).await, 0, "nothing saved");

    // The same form corrected: saved, and the product page shows it.
    let (status, loc, body) = post_form(&c, &app, "/products", &product_form(&new_page)).await;
    assert_eq!(status, 303, "{body}");
    assert!(loc.starts_with("/products/"), "{loc}");
    let id = id_of(&loc);
    let show = html(&c, &app, &loc).await;
    assert!(show.contains("FUJI-80-18"), "{show}");
    let shown = form_fields(&show, "product-form");
    assert_eq!(field(&shown, "name_en"), "Fresh Fuji Apples");
    assert_eq!(field(&shown, "name_zh"), "富士苹果");
    assert_eq!(field(&shown, "packages[0].kind"), "carton");
    assert_eq!(field(&shown, "packages[0].size_mm[0]"), "500");
    assert_eq!(
        field(&shown, "_reefer"),
        "on",
        "reefer settings from the guideline"
    );
    assert!(!field(&shown, "reefer.set_point_c").is_empty(), "{shown:?}");
    assert_eq!(field(&shown, "version"), "1");
    let list = html(&c, &app, "/products").await;
    assert!(list.contains(&format!("href=\"/products/{id}\"")) && list.contains("Fresh Fuji Apples"));

    // Edit the page's form (version 1): saved. The same stale form again: 409, nothing changed.
    let mut edit = shown.clone();
    set(&mut edit, "grade", "Grade AA");
    let (status, loc2, body) = post_form(&c, &app, &loc, &edit).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(loc2, loc);
    let mut stale = shown.clone();
    set(&mut stale, "grade", "Stale grade");
    let (status, _, body) = post_form(&c, &app, &loc, &stale).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains("id=\"form-error\""),
        "the conflict is explained: {body}"
    );
    assert_eq!(
        field(&form_fields(&body, "product-form"), "grade"),
        "Stale grade",
        "what was typed is not lost"
    );
    let p = api_get(&app, &t, &format!("/api/v1/products/{id}")).await;
    assert_eq!(p["version"], 2, "{p}");
    assert_eq!(p["grade"], "Grade AA", "{p}");

    // A viewer may look but not save.
    let (v, vcsrf) = app.web_session(Role::Viewer).await;
    assert_eq!(page(&v, &app, &loc).await.0, 200);
    let mut f = product_form(&new_page);
    set(&mut f, "_csrf", &vcsrf);
    set(&mut f, "sku", "VIEWER-1");
    let (status, _, _) = post_form(&v, &app, "/products", &f).await;
    assert_eq!(status, 403);
    set(&mut edit, "_csrf", &vcsrf);
    set(&mut edit, "version", "2");
    let (status, _, _) = post_form(&v, &app, &loc, &edit).await;
    assert_eq!(status, 403);
    assert_eq!(product_count(&app, &t).await, 1);
    let p = api_get(&app, &t, &format!("/api/v1/products/{id}")).await;
    assert_eq!(p["version"], 2);
}

#[tokio::test]

async fn a_product_with_guideline_reefer_settings_can_be_saved_again_from_its_page() {
    let app = spawn_app().await;
    let (c, _) = app.web_session(Role::Merchandiser).await;
    let new_page = html(&c, &app, "/products/new").await;
    let mut f = product_form(&new_page);
    for k in [
        "reefer.set_point_c",
        "reefer.fresh_air_m3h",
        "reefer.humidity_pct",
    ] {
        set(&mut f, k, "");
    }
    let (status, loc, body) = post_form(&c, &app, "/products", &f).await;
    assert_eq!(status, 303, "{body}");
    let shown = form_fields(&html(&c, &app, &loc).await, "product-form");
    assert_eq!(
        field(&shown, "reefer.set_point_c"),
        "0.5",
        "the guideline for apples"
    );
    let mut edit = shown.clone();
    set(&mut edit, "grade", "Grade AA");
    let (status, _, body) = post_form(&c, &app, &loc, &edit).await;
    assert_eq!(status, 303, "only the grade changed: {body}");
}

#[tokio::test]

async fn a_product_conflict_page_lets_the_user_save_their_values_knowingly() {
    let app = spawn_app().await;
    let (c, _) = app.web_session(Role::Merchandiser).await;
    let new_page = html(&c, &app, "/products/new").await;
    let (_, loc, _) = post_form(&c, &app, "/products", &product_form(&new_page)).await;
    let shown = form_fields(&html(&c, &app, &loc).await, "product-form");
    let mut first = shown.clone();
    set(&mut first, "grade", "Grade AA");
    assert_eq!(post_form(&c, &app, &loc, &first).await.0, 303);
    let mut stale = shown.clone();
    set(&mut stale, "grade", "Mine");
    let (status, _, body) = post_form(&c, &app, &loc, &stale).await;
    assert_eq!(status, 409);
    let again = form_fields(&body, "product-form");
    assert_eq!(
        field(&again, "version"),
        "2",
        "the form carries the current version"
    );
    assert_eq!(post_form(&c, &app, &loc, &again).await.0, 303);
}

// ---------------------------------------------------------------- 2. customer profiles

#[tokio::test]
async fn customer_profile_form_checklist_habits_sum_error_and_contract_prefill() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let buyer = app
        .create_party(&t, customer("Fresh Fruit Trading B.V.", "NL"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (c, _) = app.web_session(Role::Merchandiser).await;
    let path = format!("/customers/{buyer}/profile");

    let empty = html(&c, &app, &path).await;
    assert!(empty.contains("Fresh Fruit Trading B.V.") && empty.contains("Habits from the contracts"));
    let mut f = form_fields(&empty, "profile-form");
    assert_eq!(field(&f, "version"), "0");
    assert_eq!(
        field(&f, "documents[0].kind"),
        "commercial_invoice",
        "document rows follow DocumentKind order"
    );
    for (k, v) in [
        ("incoterm.term", "CIF"),
        ("incoterm.port", "NLRTM"),
        ("port_of_loading", "CNQDG"),
        ("port_of_discharge", "NLRTM"),
        ("currency", "USD"),
        ("payment_terms.instalments[0].percent", "30"),
        ("payment_terms.instalments[0].method", "tt"),
        ("payment_terms.instalments[0].trigger", "on_contract"),
        ("payment_terms.instalments[1].percent", "70"),
        ("payment_terms.instalments[1].method", "tt"),
        ("payment_terms.instalments[1].trigger", "against_copy_bl"),
        ("documents[0].originals", "3"),
        (
            "_checklist",
            "Label every carton with the PLU sticker\r\n\r\n  Photos of every pallet before loading  \r\n",
        ),
    ] {
        set(&mut f, k, v);
    }
    let good = f.clone();

    // 30 + 60 is not 100: 422, the sum error shown, nothing saved.
    set(&mut f, "payment_terms.instalments[1].percent", "60");
    let (status, _, body) = post_form(&c, &app, &path, &f).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Does not add up to 100%"), "{body}");
    assert!(body.contains("add up to 90%"), "{body}");
    let kept = form_fields(&body, "profile-form");
    assert_eq!(field(&kept, "payment_terms.instalments[1].percent"), "60");
    assert!(field(&kept, "_checklist").contains("Photos of every pallet"));
    let api = api_get(&app, &t, &format!("/api/v1/customers/{buyer}/profile")).await;
    assert_eq!(api["version"], 0, "nothing saved: {api}");

    let (status, loc, body) = post_form(&c, &app, &path, &good).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(loc, path);
    let api = api_get(&app, &t, &format!("/api/v1/customers/{buyer}/profile")).await;
    assert_eq!(api["version"], 1);
    let p = &api["profile"];
    assert_eq!(p["currency"], "USD");
    assert_eq!(p["incoterm"]["term"], "CIF", "{p}");
    assert_eq!(
        p["checklist"],
        json!([
            "Label every carton with the PLU sticker",
            "Photos of every pallet before loading"
        ])
    );
    assert_eq!(
        p["documents"].as_array().unwrap().len(),
        1,
        "only rows with a count: {p}"
    );
    assert_eq!(p["documents"][0]["kind"], "commercial_invoice");
    assert_eq!(p["payment_terms"]["instalments"].as_array().unwrap().len(), 2);

    let shown = html(&c, &app, &path).await;
    let sf = form_fields(&shown, "profile-form");
    assert_eq!(field(&sf, "version"), "1");
    assert_eq!(field(&sf, "currency"), "USD");
    assert_eq!(field(&sf, "incoterm.term"), "CIF");
    assert_eq!(field(&sf, "documents[0].originals"), "3");
    assert_eq!(field(&sf, "payment_terms.instalments[1].percent"), "70");
    let checklist = field(&sf, "_checklist");
    assert!(
        checklist.contains("Label every carton with the PLU sticker")
            && checklist.contains("Photos of every pallet before loading"),
        "{checklist}"
    );
    let habits = &shown[shown.find("id=\"habits\"").unwrap()..];
    assert!(habits.contains("<dt>Orders</dt><dd>0</dd>"), "{habits}");

    // A new contract for the customer is prefilled from the profile.
    let new = html(&c, &app, &format!("/contracts/new?buyer_id={buyer}")).await;
    let mut cf = form_fields(&new, "contract-form");
    assert_eq!(field(&cf, "buyer_id"), buyer);
    assert_eq!(field(&cf, "currency"), "USD");
    assert_eq!(field(&cf, "incoterm.term"), "CIF");
    assert_eq!(field(&cf, "incoterm.port"), "NLRTM");
    assert_eq!(field(&cf, "payment_terms.instalments[0].percent"), "30");
    assert_eq!(field(&cf, "documents[0].originals"), "3");
    assert_eq!(field(&cf, "date"), "2026-11-27", "today by the clock");
    let sr = field(&cf, "_special_requirements");
    assert_eq!(
        sr.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>(),
        [
            "Label every carton with the PLU sticker",
            "Photos of every pallet before loading"
        ],
    );

    // Posted with a line and a date, the prefilled form is a contract carrying the checklist.
    let product = api_post(&app, &t, "/api/v1/products", &fuji()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (k, v) in [
        ("shipment_latest", "2027-01-31"),
        ("lines[0].product_id", product.as_str()),
        ("lines[0].quantity", "1800"),
        ("lines[0].unit", "carton"),
        ("lines[0].unit_price", "21.505"),
    ] {
        set(&mut cf, k, v);
    }
    let (status, loc, body) = post_form(&c, &app, "/contracts", &cf).await;
    assert_eq!(status, 303, "{body}");
    let contract = api_get(&app, &t, &format!("/api/v1/contracts/{}", id_of(&loc))).await;
    assert_eq!(
        contract["contract"]["special_requirements"],
        json!([
            "Label every carton with the PLU sticker",
            "Photos of every pallet before loading"
        ])
    );
    assert_eq!(contract["contract"]["incoterm"]["term"], "CIF");

    // Habits count agreed contracts: submit and approve it.
    let shown = html(&c, &app, &path).await;
    let habits = &shown[shown.find("id=\"habits\"").unwrap()..shown.find("id=\"profile-form\"").unwrap()];
    assert!(
        habits.contains("<dt>Orders</dt><dd>0</dd>"),
        "a draft is no order yet: {habits}"
    );
    agree(&app, &t, &id_of(&loc)).await;
    let shown = html(&c, &app, &path).await;
    let habits = &shown[shown.find("id=\"habits\"").unwrap()..shown.find("id=\"profile-form\"").unwrap()];
    assert!(habits.contains("<dt>Orders</dt><dd>1</dd>"), "{habits}");
    assert!(
        habits.contains("<dt>Last order</dt><dd>2026-11-27</dd>"),
        "{habits}"
    );

    // A contract through the API dated two weeks earlier: the habits show two orders, the
    // interval, the next order expected and the usual product and quantity.
    let mut earlier = contract_body(&buyer, &product);
    earlier["date"] = json!("2026-11-13");
    let r = api_post(&app, &t, "/api/v1/contracts", &earlier).await;
    assert_eq!(r["number"], "SC-2026-0002");
    agree(&app, &t, r["id"].as_str().unwrap()).await;
    let shown = html(&c, &app, &path).await;
    let habits = &shown[shown.find("id=\"habits\"").unwrap()..shown.find("id=\"profile-form\"").unwrap()];
    assert!(habits.contains("<dt>Orders</dt><dd>2</dd>"), "{habits}");
    assert!(
        habits.contains("<dt>Last order</dt><dd>2026-11-27</dd>"),
        "{habits}"
    );
    assert!(
        habits.contains("<dd>14 days</dd>"),
        "the usual interval: {habits}"
    );
    assert!(habits.contains("id=\"next-order\">2026-12-11<"), "{habits}");
    assert!(
        habits.contains(
            "<td>Fresh Fuji Apples</td><td>Fuji, Grade A, 80-100</td><td class=\"num\">2</td><td class=\"num\">1800 cartons</td>"
        ),
        "the usual product and quantity: {habits}"
    );
}

// ---------------------------------------------------------------- 3. company

#[tokio::test]
async fn company_form_is_multipart_with_a_logo_and_only_for_admins() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let (admin, csrf) = app.web_session(Role::Admin).await;

    let page0 = html(&admin, &app, "/company").await;
    assert!(page0.contains("Our company") && page0.contains("enctype=\"multipart/form-data\""));
    let f0 = form_fields(&page0, "company-form");
    assert_eq!(field(&f0, "version"), "0");
    assert_eq!(field(&f0, "contract_number_pattern"), "SC-{yyyy}-{seq:04}");

    let png = tiny_png();
    let fields = [
        ("_csrf", csrf.as_str()),
        ("version", "0"),
        ("name_en", "Yantai Golden Orchard Import & Export Co., Ltd."),
        ("name_zh", "烟台金果园进出口有限公司"),
        (
            "address_en",
            "88 Binhai Road, Laishan District, Yantai, Shandong, China",
        ),
        ("contract_number_pattern", "YT{yy}-{seq:03}"),
    ];
    let logo: [(&str, &str, &str, &[u8]); 1] = [("logo_file", "logo.png", "image/png", &png)];

    // Without the form's token, or by a merchandiser: refused, nothing saved.
    let no_csrf: Vec<(&str, &str)> = fields.iter().copied().filter(|(k, _)| *k != "_csrf").collect();
    let (status, _, _) = post_multipart(&admin, &app, "/company", &no_csrf, &logo).await;
    assert_eq!(status, 403);
    let (m, mcsrf) = app.web_session(Role::Merchandiser).await;
    let mut mf = fields.to_vec();
    mf[0] = ("_csrf", mcsrf.as_str());
    let (status, _, body) = post_multipart(&m, &app, "/company", &mf, &logo).await;
    assert_eq!(status, 403, "{body}");
    let mpage = html(&m, &app, "/company").await;
    assert!(
        !mpage.contains("id=\"save\""),
        "no save button for a merchandiser"
    );
    assert_eq!(api_get(&app, &t, "/api/v1/company").await["version"], 0);

    let (status, loc, body) = post_multipart(&admin, &app, "/company", &fields, &logo).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(loc, "/company");
    let v = api_get(&app, &t, "/api/v1/company").await;
    assert_eq!(v["version"], 1, "{v}");
    assert_eq!(v["company"]["contract_number_pattern"], "YT{yy}-{seq:03}");
    assert_eq!(v["company"]["name_zh"], "烟台金果园进出口有限公司");
    assert_eq!(v["company"]["logo_png"], base64(&png).as_str(), "{v}");
    assert!(v["company"]["stamp_png"].is_null());

    let page1 = html(&admin, &app, "/company").await;
    let f1 = form_fields(&page1, "company-form");
    assert_eq!(field(&f1, "version"), "1");
    assert_eq!(
        field(&f1, "name_en"),
        "Yantai Golden Orchard Import & Export Co., Ltd."
    );
    assert!(
        page1.contains("name=\"_remove_logo\""),
        "the logo is there and can be removed"
    );

    // Saving again without a file keeps the logo; a stale version changes nothing.
    let mut again = fields.to_vec();
    again[1] = ("version", "1");
    again[2] = ("name_en", "Yantai Golden Orchard Co., Ltd.");
    let (status, _, body) = post_multipart(&admin, &app, "/company", &again, &[]).await;
    assert_eq!(status, 303, "{body}");
    let v = api_get(&app, &t, "/api/v1/company").await;
    assert_eq!(v["version"], 2);
    assert_eq!(v["company"]["logo_png"], base64(&png).as_str(), "kept");
    let (status, _, body) = post_multipart(&admin, &app, "/company", &again, &[]).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(api_get(&app, &t, "/api/v1/company").await["version"], 2);

    // Not a PNG: the page names the logo.
    let mut bad = again.clone();
    bad[1] = ("version", "2");
    let (status, _, body) = post_multipart(
        &admin,
        &app,
        "/company",
        &bad,
        &[("logo_file", "logo.gif", "image/gif", b"GIF89a\x01\x00\x01\x00")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("field-error"), "{body}");
    assert_eq!(api_get(&app, &t, "/api/v1/company").await["version"], 2);

    // The pattern numbers the next contract, and the PDF carries the logo.
    let buyer = app
        .create_party(&t, customer("Fresh Fruit Trading B.V.", "NL"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let product = api_post(&app, &t, "/api/v1/products", &fuji()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cv = api_post(&app, &t, "/api/v1/contracts", &contract_body(&buyer, &product)).await;
    assert_eq!(cv["number"], "YT26-001");
    let id = cv["id"].as_str().unwrap();
    let show = html(&admin, &app, &format!("/contracts/{id}")).await;
    assert!(show.contains("YT26-001"));
    let r = admin
        .get(app.url(&format!("/contracts/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));

    // Removing the logo.
    let mut remove = again.clone();
    remove[1] = ("version", "2");
    remove.push(("_remove_logo", "on"));
    let (status, _, body) = post_multipart(&admin, &app, "/company", &remove, &[]).await;
    assert_eq!(status, 303, "{body}");
    assert!(api_get(&app, &t, "/api/v1/company").await["company"]["logo_png"].is_null());
}

// ---------------------------------------------------------------- 4. contracts

/// A customer and a product through the API; (buyer id, product id).
async fn buyer_and_product(app: &TestApp, t: &str) -> (String, String) {
    let buyer = app
        .create_party(t, customer("Fresh Fruit Trading B.V.", "NL"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let product = api_post(app, t, "/api/v1/products", &fuji()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    (buyer, product)
}

/// The new-contract page's form filled in: FOB Qingdao, 100% T/T on contract, one line.
fn contract_form(new_page: &str, buyer: &str, product: &str) -> Fields {
    let mut f = form_fields(new_page, "contract-form");
    for (k, v) in [
        ("buyer_id", buyer),
        ("currency", "USD"),
        ("incoterm.term", "FOB"),
        ("incoterm.port", "CNQDG"),
        ("port_of_loading", "CNQDG"),
        ("port_of_discharge", "NLRTM"),
        ("shipment_latest", "2027-01-31"),
        ("payment_terms.instalments[0].percent", "100"),
        ("payment_terms.instalments[0].method", "tt"),
        ("payment_terms.instalments[0].trigger", "on_contract"),
        ("lines[0].product_id", product),
        ("lines[0].quantity", "1800"),
        ("lines[0].unit", "carton"),
        ("lines[0].unit_price", "21.505"),
    ] {
        set(&mut f, k, v);
    }
    f
}

async fn step(
    c: &reqwest::Client,
    app: &TestApp,
    csrf: &str,
    id: &str,
    action: &str,
    version: &str,
) -> (u16, String, String) {
    post_multipart(
        c,
        app,
        &format!("/contracts/{id}/step/{action}"),
        &[("_csrf", csrf), ("version", version)],
        &[],
    )
    .await
}

#[tokio::test]
async fn contract_form_steps_amendment_diff_and_downloads() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let (buyer, product) = buyer_and_product(&app, &t).await;
    let (m, mcsrf) = app.web_session(Role::Merchandiser).await;

    let list = html(&m, &app, "/contracts").await;
    assert!(list.contains("Sales contracts") && list.contains("Fresh Fruit Trading B.V."));
    let new = html(&m, &app, "/contracts/new").await;
    let f = contract_form(&new, &buyer, &product);

    // A bad line names its field and saves nothing.
    let mut bad = f.clone();
    set(&mut bad, "lines[0].quantity", "0");
    let (status, _, body) = post_form(&m, &app, "/contracts", &bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("lines[0].quantity"), "{body}");
    assert_eq!(
        field(&form_fields(&body, "contract-form"), "lines[0].unit_price"),
        "21.505",
        "kept"
    );
    let none = api_get(&app, &t, "/api/v1/contracts").await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);

    let (status, loc, body) = post_form(&m, &app, "/contracts", &f).await;
    assert_eq!(status, 303, "{body}");
    assert!(loc.starts_with("/contracts/"), "{loc}");
    let id = id_of(&loc);
    let show = html(&m, &app, &loc).await;
    assert!(show.contains("SC-2026-0001"), "{show}");
    assert!(show.contains("id=\"total\">USD 38709.00<"), "{show}");
    let words = &show[show.find("id=\"words\"").unwrap()..];
    assert!(
        words.contains("SAY US DOLLARS") && words.contains("THIRTY"),
        "{words}"
    );
    assert!(show.contains("id=\"state\">Draft<"), "{show}");
    assert!(
        show.contains("Fresh Fuji Apples"),
        "description filled from the product"
    );
    assert!(show.contains("FOB"), "{show}");
    assert!(show.contains("CNQDG") && show.contains("NLRTM"));
    let api = api_get(&app, &t, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(
        api["contract"]["payment_terms"]["instalments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(
        api["contract"]["insurance"].is_null(),
        "an empty insurance block is none: {api}"
    );

    // Submit (multipart with the token and version).
    let version = step_version(&show, &id, "submit");
    assert_eq!(version, "1");
    let (status, _, body) = post_multipart(
        &m,
        &app,
        &format!("/contracts/{id}/step/submit"),
        &[("version", version.as_str())],
        &[],
    )
    .await;
    assert_eq!(status, 403, "no token, no step: {body}");
    let (status, loc2, body) = step(&m, &app, &mcsrf, &id, "submit", &version).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(loc2, loc);
    let show = html(&m, &app, &loc).await;
    assert!(show.contains("id=\"state\">Submitted<"), "{show}");
    assert!(
        !show.contains("step/approve"),
        "the author is not offered approval"
    );

    // The author may not approve: 403 and the reason on the page.
    let (status, _, body) = step(&m, &app, &mcsrf, &id, "approve", "2").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("id=\"step-error\""), "{body}");
    assert!(body.contains("may not approve"), "{body}");
    assert!(body.contains("id=\"state\">Submitted<"));

    // A sales manager approves.
    let (sm, smcsrf) = app.web_session(Role::SalesManager).await;
    let show = html(&sm, &app, &loc).await;
    let version = step_version(&show, &id, "approve");
    let (status, _, body) = step(&sm, &app, &smcsrf, &id, "approve", &version).await;
    assert_eq!(status, 303, "{body}");
    let show = html(&m, &app, &loc).await;
    assert!(show.contains("id=\"state\">Approved<"), "{show}");
    assert!(show.contains("Approve"), "the step is listed");

    // Amend: the edit page says so, and saving makes revision 2 in draft.
    let edit = html(&m, &app, &format!("/contracts/{id}/edit")).await;
    assert!(edit.contains("This contract was approved"), "{edit}");
    assert!(edit.contains("Save amendment"));
    let mut ef = form_fields(&edit, "contract-form");
    assert_eq!(field(&ef, "lines[0].quantity"), "1800");
    assert_eq!(field(&ef, "incoterm.term"), "FOB");
    set(&mut ef, "lines[0].quantity", "1000");
    let (status, loc3, body) = post_form(&m, &app, &format!("/contracts/{id}"), &ef).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(loc3, loc);
    let api = api_get(&app, &t, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(api["revision"], 2, "{api}");
    assert_eq!(api["state"], "draft");
    assert_eq!(api["number"], "SC-2026-0001", "an amendment keeps the number");
    assert_eq!(api["total"]["amount"], "21505.00");
    let show = html(&m, &app, &loc).await;
    assert!(show.contains("id=\"state\">Draft<"));
    assert!(show.contains("Rev. 2"), "{show}");

    let diff = html(&m, &app, &format!("/contracts/{id}?from=1&to=2")).await;
    let table = &diff[diff
        .find("id=\"diff\"")
        .unwrap_or_else(|| panic!("no diff table: {diff}"))..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains(
            "<td><code>lines[0].quantity</code></td><td class=\"before\">1800</td><td class=\"after\">1000</td>"
        ),
        "{table}"
    );
    assert!(!table.contains("port_of_loading"), "only what changed: {table}");

    let r = m
        .get(app.url(&format!("/contracts/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let r = m
        .get(app.url(&format!("/contracts/{id}/xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], XLSX);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx"),
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));

    // Revision 2 is a draft again: its page edits in place (no amendment), once per version.
    let edit = html(&m, &app, &format!("/contracts/{id}/edit")).await;
    assert!(!edit.contains("This contract was approved"), "{edit}");
    let mut ef = form_fields(&edit, "contract-form");
    assert_eq!(field(&ef, "version"), api["version"].to_string());
    set(&mut ef, "lines[0].unit_price", "22.50");
    let (status, _, body) = post_form(&m, &app, &format!("/contracts/{id}"), &ef).await;
    assert_eq!(status, 303, "{body}");
    set(&mut ef, "lines[0].unit_price", "23");
    let (status, _, body) = post_form(&m, &app, &format!("/contracts/{id}"), &ef).await;
    assert_eq!(status, 409, "{body}");
    let api2 = api_get(&app, &t, &format!("/api/v1/contracts/{id}")).await;
    assert_eq!(api2["revision"], 2, "{api2}");
    assert_eq!(api2["total"]["amount"], "22500.00");

    // A viewer reads the page but gets no step buttons and may not edit.
    let (v, vcsrf) = app.web_session(Role::Viewer).await;
    let show = html(&v, &app, &loc).await;
    assert!(!show.contains("id=\"steps\"") && !show.contains("id=\"edit\""));
    let (status, _, _) = step(&v, &app, &vcsrf, &id, "submit", "5").await;
    assert_eq!(status, 403);
    assert_eq!(page(&v, &app, &format!("/contracts/{id}/edit")).await.0, 403);
}

#[tokio::test]
async fn contract_is_sent_and_confirmed_with_the_countersigned_copy_uploaded() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let sm = app.token(Role::SalesManager).await;
    let (buyer, product) = buyer_and_product(&app, &t).await;
    let cv = api_post(&app, &t, "/api/v1/contracts", &contract_body(&buyer, &product)).await;
    let id = cv["id"].as_str().unwrap().to_string();
    for (tok, action, version) in [(&t, "submit", 1), (&sm, "approve", 2)] {
        let r = app
            .post(tok, &format!("/api/v1/contracts/{id}/{action}"))
            .header("If-Match", format!("\"{version}\""))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{action}");
    }
    let (m, csrf) = app.web_session(Role::Merchandiser).await;
    let path = format!("/contracts/{id}");
    let show = html(&m, &app, &path).await;
    let version = step_version(&show, &id, "send");
    assert!(show.contains("name=\"sent_to\""));

    // Sending needs to say to whom.
    let (status, _, body) = post_multipart(
        &m,
        &app,
        &format!("{path}/step/send"),
        &[("_csrf", &csrf), ("version", &version), ("sent_via", "email")],
        &[],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("id=\"step-error\""), "{body}");
    let (status, _, body) = post_multipart(
        &m,
        &app,
        &format!("{path}/step/send"),
        &[
            ("_csrf", &csrf),
            ("version", &version),
            ("sent_via", "email"),
            ("sent_to", "pieter@vdberg-fruit.example"),
        ],
        &[],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let show = html(&m, &app, &path).await;
    assert!(show.contains("id=\"state\">Sent<"), "{show}");
    assert!(
        show.contains("pieter@vdberg-fruit.example"),
        "the step's detail is listed"
    );

    // Confirming needs the countersigned copy; with it, the file is kept and downloadable.
    let version = step_version(&show, &id, "confirm");
    let (status, _, body) = step(&m, &app, &csrf, &id, "confirm", &version).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("countersigned copy"), "{body}");
    let signed = b"%PDF-1.4\n% countersigned by the buyer\n%%EOF\n";
    let (status, _, body) = post_multipart(
        &m,
        &app,
        &format!("{path}/step/confirm"),
        &[("_csrf", &csrf), ("version", &version)],
        &[(
            "countersigned",
            "SC-2026-0001 signed.pdf",
            "application/pdf",
            signed,
        )],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let show = html(&m, &app, &path).await;
    assert!(show.contains("id=\"state\">Confirmed<"), "{show}");
    let at = show
        .find("href=\"/attachments/")
        .unwrap_or_else(|| panic!("the attachment is listed: {show}"));
    let href = &show[at + "href=\"".len()..];
    let href = &href[..href.find('"').unwrap()];
    assert!(show.contains("SC-2026-0001 signed.pdf"));
    let r = m.get(app.url(href)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(&r.bytes().await.unwrap()[..], &signed[..]);
}

#[tokio::test]

async fn whole_amounts_are_shown_with_the_currency_minor_units() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let (buyer, product) = buyer_and_product(&app, &t).await;
    let mut body = contract_body(&buyer, &product);
    body["lines"][0]["unit_price"] = json!("22");
    let cv = api_post(&app, &t, "/api/v1/contracts", &body).await;
    assert_eq!(cv["total"]["amount"], "39600.00", "{cv}");
    assert_eq!(cv["line_amounts"], json!(["39600.00"]));
    let (c, _) = app.web_session(Role::Merchandiser).await;
    let show = html(&c, &app, &format!("/contracts/{}", cv["id"].as_str().unwrap())).await;
    assert!(show.contains("id=\"total\">USD 39600.00<"), "{show}");
}

// ---------------------------------------------------------------- 5. letters of credit

#[tokio::test]
async fn letter_of_credit_prefilled_from_the_contract_shows_its_differences() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let (buyer, product) = buyer_and_product(&app, &t).await;
    let cv = api_post(&app, &t, "/api/v1/contracts", &contract_body(&buyer, &product)).await;
    let contract_id = cv["id"].as_str().unwrap().to_string();
    let (d, _) = app.web_session(Role::Documentation).await;

    let list = html(&d, &app, "/letters-of-credit").await;
    assert!(list.contains("Letters of credit"));
    let new = html(
        &d,
        &app,
        &format!("/letters-of-credit/new?contract_id={contract_id}"),
    )
    .await;
    let mut f = form_fields(&new, "credit-form");
    assert_eq!(field(&f, "contract_id"), contract_id);
    assert_eq!(field(&f, "amount"), "38709.00");
    assert_eq!(field(&f, "currency"), "USD");
    assert_eq!(field(&f, "port_of_loading"), "CNQDG");
    assert_eq!(field(&f, "port_of_discharge"), "NLRTM");
    assert_eq!(field(&f, "latest_shipment"), "2027-01-31");
    assert_eq!(field(&f, "documents[0].originals"), "3");
    assert!(
        field(&f, "goods_description").contains("FRESH FUJI APPLES"),
        "{f:?}"
    );

    // Bad input: every field named, nothing saved.
    let mut bad = f.clone();
    set(&mut bad, "amount", "-5");
    let (status, _, body) = post_form(&d, &app, "/letters-of-credit", &bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(field_error(&body, "amount").is_some(), "{body}");
    assert!(
        field_error(&body, "number").is_some(),
        "the number is required: {body}"
    );

    for (k, v) in [
        ("number", "LC-NL-2026-0042"),
        ("issuing_bank", "ABN AMRO Bank N.V., Amsterdam (ABNANL2A)"),
        ("issue_date", "2026-12-01"),
        ("expiry_date", "2027-03-15"),
        ("expiry_place", "China"),
        ("amount", "38000.00"),
    ] {
        set(&mut f, k, v);
    }
    let (status, loc, body) = post_form(&d, &app, "/letters-of-credit", &f).await;
    assert_eq!(status, 303, "{body}");
    assert!(loc.starts_with("/letters-of-credit/"), "{loc}");
    let show = html(&d, &app, &loc).await;
    assert!(show.contains("LC-NL-2026-0042") && show.contains("SC-2026-0001"));
    let diffs = &show[show.find("id=\"differences\"").unwrap()..show.find("id=\"credit-form\"").unwrap()];
    assert!(diffs.contains("LC-AMOUNT"), "{diffs}");
    assert!(
        diffs.contains("38709.00") && diffs.contains("38000.00"),
        "{diffs}"
    );
    assert!(!diffs.contains("LC-PORT"), "the ports agree: {diffs}");
    let sf = form_fields(&show, "credit-form");
    assert_eq!(field(&sf, "version"), "1");
    assert_eq!(field(&sf, "amount"), "38000.00");

    let contract = html(&d, &app, &format!("/contracts/{contract_id}")).await;
    let section = &contract[contract
        .find("id=\"credit-LC-NL-2026-0042\"")
        .unwrap_or_else(|| panic!("the contract lists its credit: {contract}"))..];
    assert!(section[..section.find("</section>").unwrap()].contains("LC-AMOUNT"));
    let list = html(&d, &app, "/letters-of-credit").await;
    assert!(list.contains("LC-NL-2026-0042"));

    // An amendment to the contract value clears the amount difference.
    let mut amend = sf.clone();
    set(&mut amend, "amount", "38709.00");
    let (status, _, body) = post_form(&d, &app, &loc, &amend).await;
    assert_eq!(status, 303, "{body}");
    let show = html(&d, &app, &loc).await;
    let diffs = &show[show.find("id=\"differences\"").unwrap()..show.find("id=\"credit-form\"").unwrap()];
    assert!(!diffs.contains("LC-AMOUNT"), "{diffs}");
    let (status, _, _) = post_form(&d, &app, &loc, &amend).await;
    assert_eq!(status, 409, "the same version again is stale");
}

// ---------------------------------------------------------------- 6. imports

#[tokio::test]
async fn imports_preview_commit_and_refuse_bad_rows_through_the_page() {
    let app = spawn_app().await;
    let t = app.token(Role::Viewer).await;
    let (m, csrf) = app.web_session(Role::Merchandiser).await;

    let page0 = html(&m, &app, "/imports").await;
    assert!(page0.contains("id=\"upload-products\"") && page0.contains("enctype=\"multipart/form-data\""));
    let r = m
        .get(app.url("/imports/products/template/xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], XLSX);
    let xlsx = r.bytes().await.unwrap().to_vec();
    assert!(xlsx.starts_with(b"PK"));

    let file: [(&str, &str, &str, &[u8]); 1] = [("file", "products.xlsx", XLSX, &xlsx)];
    let (status, _, body) = post_multipart(
        &m,
        &app,
        "/imports/products",
        &[("_csrf", csrf.as_str()), ("commit", "0")],
        &file,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("id=\"import-report\""), "{body}");
    assert!(body.contains("id=\"error-count\">0<"), "{body}");
    assert!(body.contains("Every row is valid"), "{body}");
    assert!(
        body.contains("FUJI-80-18") && body.contains("YALI-96-15"),
        "the sample: {body}"
    );
    assert!(!body.contains("id=\"import-done\""));
    assert_eq!(product_count(&app, &t).await, 0, "a preview saves nothing");

    // Without the form's token: refused.
    let (status, _, _) = post_multipart(&m, &app, "/imports/products", &[("commit", "1")], &file).await;
    assert_eq!(status, 403);
    assert_eq!(product_count(&app, &t).await, 0);

    let (status, _, body) = post_multipart(
        &m,
        &app,
        "/imports/products",
        &[("_csrf", csrf.as_str()), ("commit", "1")],
        &file,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("id=\"import-done\""), "{body}");
    assert!(body.contains("Saved: 2"), "{body}");
    assert_eq!(product_count(&app, &t).await, 2);

    // A CSV (the template with new SKUs) whose second product has a bad origin: 422 with the
    // row and the column, nothing saved.
    let r = m
        .get(app.url("/imports/products/template/csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let csv = r.text().await.unwrap();
    assert!(csv.contains("Pyrus bretschneideri,CN,"), "{csv}");
    let bad = csv
        .replace("FUJI-80-18", "FUJI-NEW-1")
        .replace("YALI-96-15", "YALI-NEW-2")
        .replace("Pyrus bretschneideri,CN,", "Pyrus bretschneideri,ZZ,");
    let (status, _, body) = post_multipart(
        &m,
        &app,
        "/imports/products",
        &[("_csrf", csrf.as_str()), ("commit", "1")],
        &[("file", "products.csv", "text/csv", bad.as_bytes())],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let errors = &body[body
        .find("id=\"import-errors\"")
        .unwrap_or_else(|| panic!("no error table: {body}"))..];
    assert!(
        errors.contains("<td class=\"num\">3</td><td><code>origin</code></td>"),
        "row 3 (header is row 1), column origin: {errors}"
    );
    assert!(body.contains("id=\"error-count\">1<"), "{body}");
    assert!(body.contains("Nothing was saved"), "{body}");
    assert!(!body.contains("id=\"import-done\""));
    assert_eq!(product_count(&app, &t).await, 2, "nothing saved");

    // The same SKUs again: each named as a duplicate, nothing saved.
    let (status, _, body) = post_multipart(
        &m,
        &app,
        "/imports/products",
        &[("_csrf", csrf.as_str()), ("commit", "1")],
        &file,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("<code>sku</code>"), "{body}");
    assert_eq!(product_count(&app, &t).await, 2);

    // No file at all.
    let (status, _, body) = post_multipart(
        &m,
        &app,
        "/imports/products",
        &[("_csrf", csrf.as_str()), ("commit", "0")],
        &[],
    )
    .await;
    assert_eq!(status, 422, "{body}");

    // A viewer may download the template but not import.
    let (v, vcsrf) = app.web_session(Role::Viewer).await;
    assert_eq!(page(&v, &app, "/imports").await.0, 403);
    assert_eq!(page(&v, &app, "/imports/products/template/csv").await.0, 200);
    let (status, _, _) = post_multipart(
        &v,
        &app,
        "/imports/products",
        &[("_csrf", vcsrf.as_str()), ("commit", "1")],
        &file,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(product_count(&app, &t).await, 2);
}

#[tokio::test]

async fn trade_form_alerts_are_in_the_user_language() {
    let app = spawn_app().await;
    let (c, csrf) = app.web_session(Role::Merchandiser).await;
    switch_language(&c, &app, &csrf, "zh-CN").await;
    let new_page = html(&c, &app, "/products/new").await;
    let mut bad = product_form(&new_page);
    set(&mut bad, "hs_code", "0808");
    let (status, _, body) = post_form(&c, &app, "/products", &bad).await;
    assert_eq!(status, 422);
    let alert = &body[body.find("id=\"form-error\"").unwrap()..];
    let alert = &alert[..alert.find("</div>").unwrap()];
    assert!(alert.contains("部分字段无效"), "{alert}");
    assert!(!alert.contains("field(s) are invalid"), "{alert}");

    let (_, loc, _) = post_form(&c, &app, "/products", &product_form(&new_page)).await;
    let shown = form_fields(&html(&c, &app, &loc).await, "product-form");
    assert_eq!(post_form(&c, &app, &loc, &shown).await.0, 303);
    let mut first = shown.clone();
    set(&mut first, "grade", "Grade AA");
    assert_eq!(post_form(&c, &app, &loc, &first).await.0, 303);
    let (status, _, body) = post_form(&c, &app, &loc, &shown).await;
    assert_eq!(status, 409);
    assert!(body.contains("在此期间其他人已修改该记录"), "{body}");
}

// ---------------------------------------------------------------- round trips

/// The JSON without what every save changes.
fn content(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["version", "updated_at", "created_at", "allowed_actions"] {
            m.remove(k);
        }
    }
    v
}

async fn api_put(app: &TestApp, token: &str, path: &str, version: i64, body: &Value) -> Value {
    let r = app
        .http
        .put(app.url(path))
        .bearer_auth(token)
        .header("If-Match", format!("\"{version}\""))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "PUT {path}: {v}");
    v
}

/// Every edit page, saved without a change, stores exactly what it showed: nothing is lost
/// or altered on the way through the form.
#[tokio::test]
async fn every_form_saved_unchanged_keeps_the_record_as_it_was() {
    let app = spawn_app().await;
    let t = app.token(Role::Admin).await;
    let (c, _) = app.web_session(Role::Admin).await;
    let party = |kind: &str, name: &str| {
        let mut p = customer(name, "NL");
        p["kind"] = json!(kind);
        p
    };
    let buyer = app
        .create_party(&t, party("customer", "Fresh Fruit Trading B.V."))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let consignee = app
        .create_party(&t, party("consignee", "Rotterdam Cold Stores B.V."))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let notify = app
        .create_party(&t, party("notify_party", "Van Dijk Customs Brokers"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bank = app
        .create_party(&t, common::bank("Bank of China Yantai Branch"))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Product: two packages, explicit reefer settings, shelf life, stack weight.
    let mut p = fuji();
    p["botanical_name"] = json!("Malus domestica");
    p["shelf_life_days"] = json!(180);
    p["reefer"] = json!({"set_point_c": "0.5", "fresh_air_m3h": "10", "humidity_pct": "92"});
    p["packages"][0]["max_stack_kg"] = json!("400");
    p["packages"].as_array_mut().unwrap().push(
        json!({"name": "10kg bin", "kind": "bin", "net_kg": "10", "gross_kg": "10.8",
            "size_mm": [400, 300, 200], "this_side_up": false}),
    );
    let product = api_post(&app, &t, "/api/v1/products", &p).await;
    let pid = product["id"].as_str().unwrap().to_string();
    let path = format!("/products/{pid}");
    let f = form_fields(&html(&c, &app, &path).await, "product-form");
    let (status, _, body) = post_form(&c, &app, &path, &f).await;
    assert_eq!(status, 303, "product: {body}");
    let after = api_get(&app, &t, &format!("/api/v1/products/{pid}")).await;
    assert_eq!(content(&after), content(&product), "product");

    // Customer profile: every field.
    let profile_path = format!("/api/v1/customers/{buyer}/profile");
    let before = api_put(
        &app,
        &t,
        &profile_path,
        0,
        &json!({
            "incoterm": {"term": "CIF", "port": "NLRTM"},
            "port_of_loading": "CNQDG",
            "port_of_discharge": "NLRTM",
            "currency": "USD",
            "payment_terms": {"instalments": [
                {"percent": "30", "method": "tt", "trigger": "on_contract"},
                {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}
            ]},
            "more_or_less_pct": "5",
            "documents": [
                {"kind": "commercial_invoice", "originals": 3, "copies": 2, "wording": "signed, showing the L/C number"},
                {"kind": "certificate_of_origin", "originals": 1, "form": "Form A"},
                {"kind": "phytosanitary_certificate", "originals": 1}
            ],
            "consignee_wording": "TO ORDER OF ABN AMRO BANK N.V.",
            "notify_wording": "Fresh Fruit Trading B.V., Rotterdam",
            "marks": "FFT / ROTTERDAM / C/NO. 1-UP",
            "label_instructions": "PLU sticker on every fruit",
            "document_language": "en",
            "document_delivery": {"route": "bank", "via_party_id": bank, "note": "DHL to the bank"},
            "checklist": ["Label every carton with the PLU sticker", "Photos of every pallet"]
        }),
    )
    .await;
    let page_path = format!("/customers/{buyer}/profile");
    let f = form_fields(&html(&c, &app, &page_path).await, "profile-form");
    let (status, _, body) = post_form(&c, &app, &page_path, &f).await;
    assert_eq!(status, 303, "profile: {body}");
    let after = api_get(&app, &t, &profile_path).await;
    assert_eq!(after["profile"], before["profile"], "profile");

    // Company: names, contacts, two bank accounts.
    let before = api_put(
        &app,
        &t,
        "/api/v1/company",
        0,
        &json!({
            "name_en": "Yantai Golden Orchard Import & Export Co., Ltd.",
            "name_zh": "烟台金果园进出口有限公司",
            "address_en": "88 Binhai Road, Laishan District,\nYantai, Shandong, China",
            "address_zh": "山东省烟台市莱山区滨海路88号",
            "phone": "+86 535 123 4567",
            "email": "sales@golden-orchard.example",
            "signatory": "Li Wei",
            "contract_number_pattern": "YT{yy}-{seq:03}",
            "logo_png": base64(&tiny_png()),
            "bank_accounts": [
                {"beneficiary": "Yantai Golden Orchard Import & Export Co., Ltd.", "bank_name": "Bank of China Yantai Branch",
                 "bank_address": "166 Jiefang Road, Yantai", "account_no": "2178 0000 1234 5678", "swift": "BKCHCNBJ500", "currency": "USD"},
                {"beneficiary": "Yantai Golden Orchard Import & Export Co., Ltd.", "bank_name": "Bank of China Yantai Branch",
                 "account_no": "2178 0000 1234 9999", "currency": "EUR"}
            ]
        }),
    )
    .await;
    let f = form_fields(&html(&c, &app, "/company").await, "company-form");
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, _, body) = post_multipart(&c, &app, "/company", &pairs, &[]).await;
    assert_eq!(status, 303, "company: {body}");
    let after = api_get(&app, &t, "/api/v1/company").await;
    assert_eq!(after["company"], before["company"], "company");

    // Contract: every field.
    let mut body = contract_body(&buyer, &pid);
    for (k, v) in [
        ("consignee_id", json!(consignee)),
        ("notify_id", json!(notify)),
        ("shipment_earliest", json!("2027-01-05")),
        ("partial_shipments", json!(true)),
        ("more_or_less_pct", json!("5")),
        ("packing", json!("18 kg cartons, 80 cartons per pallet")),
        ("marks", json!("FFT\nROTTERDAM\nC/NO. 1-UP")),
        ("remarks", json!("Pre-cooled to 1 °C before loading")),
        (
            "special_requirements",
            json!(["PLU stickers", "Photos of every pallet"]),
        ),
        (
            "documents",
            json!([
                {"kind": "commercial_invoice", "originals": 3, "copies": 2},
                {"kind": "packing_list", "originals": 0, "copies": 3},
                {"kind": "certificate_of_origin", "originals": 1, "form": "Form A", "wording": "issued by CCPIT"}
            ]),
        ),
    ] {
        body[k] = v;
    }
    body["lines"].as_array_mut().unwrap().push(json!({
        "description_en": "Fresh Ya Pears", "description_zh": "鸭梨", "spec": "Grade A, 96-120",
        "hs_code": "080830", "package": "15kg carton", "quantity": "600", "unit": "carton", "unit_price": "18.25"
    }));
    let cv = api_post(&app, &t, "/api/v1/contracts", &body).await;
    let cid = cv["id"].as_str().unwrap().to_string();
    let f = form_fields(
        &html(&c, &app, &format!("/contracts/{cid}/edit")).await,
        "contract-form",
    );
    let (status, _, page) = post_form(&c, &app, &format!("/contracts/{cid}"), &f).await;
    assert_eq!(status, 303, "contract: {page}");
    let after = api_get(&app, &t, &format!("/api/v1/contracts/{cid}")).await;
    assert_eq!(after["contract"], cv["contract"], "contract");
    assert_eq!(after["total"], cv["total"]);

    // Letter of credit: every field.
    let lc = api_post(
        &app,
        &t,
        "/api/v1/letters-of-credit",
        &json!({
            "contract_id": cid, "number": "LC-NL-2026-0042",
            "issuing_bank": "ABN AMRO Bank N.V., Amsterdam (ABNANL2A)", "advising_bank": "Bank of China Yantai Branch",
            "issue_date": "2026-12-01", "expiry_date": "2027-03-15", "expiry_place": "China",
            "currency": "USD", "amount": "49659.00", "tolerance_plus_pct": "5", "tolerance_minus_pct": "5",
            "available_by": "acceptance", "tenor_days": 30, "latest_shipment": "2027-01-31", "presentation_days": 15,
            "partial_shipments": true, "port_of_loading": "CNQDG", "port_of_discharge": "NLRTM",
            "goods_description": "FRESH FUJI APPLES; FRESH YA PEARS", "quantity": "2400", "quantity_unit": "carton",
            "documents": [
                {"kind": "commercial_invoice", "originals": 3, "copies": 2},
                {"kind": "bill_of_lading", "originals": 3, "wording": "full set, clean on board, marked freight prepaid"}
            ],
            "consignee_wording": "TO ORDER OF ABN AMRO BANK N.V.",
            "special_conditions": ["All documents in English", "Third party documents acceptable"]
        }),
    )
    .await;
    let lid = lc["id"].as_str().unwrap().to_string();
    let path = format!("/letters-of-credit/{lid}");
    let f = form_fields(&html(&c, &app, &path).await, "credit-form");
    let (status, _, page) = post_form(&c, &app, &path, &f).await;
    assert_eq!(status, 303, "credit: {page}");
    let after = api_get(&app, &t, &format!("/api/v1/letters-of-credit/{lid}")).await;
    assert_eq!(after["credit"], lc["credit"], "credit");
}

// ---------------------------------------------------------------- 7. both languages

#[tokio::test]
async fn every_trade_page_renders_in_both_languages_without_raw_keys() {
    let app = spawn_app().await;
    let t = app.token(Role::Admin).await;
    let (buyer, product) = buyer_and_product(&app, &t).await;
    let r = app
        .http
        .put(app.url(&format!("/api/v1/customers/{buyer}/profile")))
        .bearer_auth(&t)
        .header("If-Match", "\"0\"")
        .json(&json!({
            "incoterm": {"term": "CIF", "port": "NLRTM"},
            "currency": "USD",
            "payment_terms": {"instalments": [
                {"percent": "30", "method": "tt", "trigger": "on_contract"},
                {"percent": "70", "method": "tt", "trigger": "against_copy_bl"}
            ]},
            "documents": [{"kind": "phytosanitary_certificate", "originals": 1}],
            "checklist": ["PLU stickers"]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let cv = api_post(&app, &t, "/api/v1/contracts", &contract_body(&buyer, &product)).await;
    let cid = cv["id"].as_str().unwrap().to_string();
    // Approved by someone else, then amended: two revisions, events of every kind so far.
    let sm = app.token(Role::SalesManager).await;
    for (tok, action, version, body) in [
        (&t, "submit", 1, json!({})),
        (&sm, "approve", 2, json!({})),
        (&t, "amend", 3, json!({})),
    ] {
        let r = app
            .post(tok, &format!("/api/v1/contracts/{cid}/{action}"))
            .header("If-Match", format!("\"{version}\""))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{action}: {}", r.text().await.unwrap());
    }
    let mut changed = contract_body(&buyer, &product);
    changed["lines"][0]["quantity"] = json!("1000");
    let r = app
        .http
        .put(app.url(&format!("/api/v1/contracts/{cid}")))
        .bearer_auth(&t)
        .header("If-Match", "\"4\"")
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let lc = api_post(
        &app,
        &t,
        "/api/v1/letters-of-credit",
        &json!({
            "contract_id": cid, "number": "LC-1", "issuing_bank": "ABN AMRO Bank N.V.",
            "issue_date": "2026-12-01", "expiry_date": "2027-03-15", "expiry_place": "China",
            "currency": "USD", "amount": "20000.00", "available_by": "negotiation",
            "latest_shipment": "2027-01-15", "goods_description": "FRESH FUJI APPLES",
            "documents": [{"kind": "commercial_invoice", "originals": 3}]
        }),
    )
    .await;
    let lc_id = lc["id"].as_str().unwrap().to_string();

    let (c, csrf) = app.web_session(Role::Admin).await;
    let pages = [
        "/products".to_string(),
        "/products/new".into(),
        format!("/products/{product}"),
        format!("/customers/{buyer}/profile"),
        "/company".into(),
        "/contracts".into(),
        "/contracts/new".into(),
        format!("/contracts/new?buyer_id={buyer}"),
        format!("/contracts/{cid}"),
        format!("/contracts/{cid}?from=1&to=2"),
        format!("/contracts/{cid}/edit"),
        "/letters-of-credit".into(),
        "/letters-of-credit/new".into(),
        format!("/letters-of-credit/new?contract_id={cid}"),
        format!("/letters-of-credit/{lc_id}"),
        "/imports".into(),
    ];
    for (lang, title) in [("en", "Sales contract"), ("zh-CN", "销售合同")] {
        switch_language(&c, &app, &csrf, lang).await;
        for p in &pages {
            let body = html(&c, &app, p).await;
            assert!(body.contains(&format!("<html lang=\"{lang}\">")), "{p} in {lang}");
            let raw = raw_keys(&body);
            assert!(raw.is_empty(), "{p} in {lang} shows raw keys {raw:?}");
        }
        let show = html(&c, &app, &format!("/contracts/{cid}")).await;
        assert!(
            show.contains(&format!("<title>{title} · Gendan 跟单</title>")),
            "{show}"
        );
        let text = visible_text(&show);
        assert!(text.contains(title) && text.contains("SC-2026-0001"), "{text}");

        // Pages with errors: a bad product, a profile that does not add up, a bad import,
        // a refused step.
        let mut f = form_fields(&html(&c, &app, "/products/new").await, "product-form");
        set(&mut f, "hs_code", "0808");
        set(&mut f, "packages[0].gross_kg", "-1");
        let (status, _, body) = post_form(&c, &app, "/products", &f).await;
        assert_eq!(status, 422);
        assert_eq!(raw_keys(&body), Vec::<String>::new(), "product errors in {lang}");
        let bad_hs = field_error(&body, "hs_code").unwrap();
        if lang == "en" {
            assert!(bad_hs.starts_with("Bad HS code"), "{bad_hs}");
        } else {
            assert!(!bad_hs.starts_with("Bad HS code"), "translated: {bad_hs}");
        }
        let mut f = form_fields(
            &html(&c, &app, &format!("/customers/{buyer}/profile")).await,
            "profile-form",
        );
        set(&mut f, "payment_terms.instalments[1].percent", "60");
        let (status, _, body) = post_form(&c, &app, &format!("/customers/{buyer}/profile"), &f).await;
        assert_eq!(status, 422);
        assert_eq!(raw_keys(&body), Vec::<String>::new(), "profile errors in {lang}");
        assert!(
            body.contains(if lang == "en" {
                "Does not add up to 100%"
            } else {
                "合计不等于100%"
            }),
            "{body}"
        );
        let (status, _, body) = post_multipart(
            &c,
            &app,
            "/imports/products",
            &[("_csrf", csrf.as_str()), ("commit", "0")],
            &[(
                "file",
                "p.csv",
                "text/csv",
                b"sku,name_en,hs_code,origin\r\nX-1,Apples,0808,ZZ\r\n",
            )],
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(raw_keys(&body), Vec::<String>::new(), "import errors in {lang}");
        let (status, _, body) = step(&c, &app, &csrf, &cid, "close", "5").await;
        assert!(status == 409 || status == 403, "{status}: {body}");
        assert!(body.contains("id=\"step-error\""), "{body}");
        assert_eq!(raw_keys(&body), Vec::<String>::new(), "step error in {lang}");
    }
}

/// The product page shows how many of each package fit each container type.
#[tokio::test]
async fn product_page_shows_cartons_per_container() {
    let app = spawn_app().await;
    let t = app.token(Role::Merchandiser).await;
    let body = json!({
        "sku": "FUJI-18", "name_en": "Fresh Fuji apples", "hs_code": "080810", "origin": "CN",
        "packages": [{"name": "18 kg carton", "kind": "carton", "net_kg": "18", "gross_kg": "19.2",
                      "size_mm": [500, 300, 280], "this_side_up": true, "max_stack_kg": "400"}]
    });
    let p = api_post(&app, &t, "/api/v1/products", &body).await;
    let (c, _) = app.web_session(Role::Merchandiser).await;
    let page = html(&c, &app, &format!("/products/{}", p["id"].as_str().unwrap())).await;
    let section = &page[page
        .find("id=\"cartons-per-container\"")
        .expect("the section is shown")..];
    assert!(section.contains("40RH") && section.contains("20GP"), "{section}");
    // 168 cartons a layer on a 40' reefer floor, 8 layers under the reefer's load line.
    assert!(section.contains(">1344<"), "{section}");
}
