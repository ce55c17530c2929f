//! A real browser (Debian's chromium through chromedriver) signs in, switches the language,
//! creates a party and finds it in the list. Ignored by default because it needs chromium;
//! `.ci/run` runs it with `--run-ignored only` and fails when chromium or chromedriver is
//! missing.

mod common;
#[path = "common/docs.rs"]
mod docs;

use common::*;
use fantoccini::{ClientBuilder, Locator};
use gendan_domain::role::Role;
use std::time::Duration;

struct Driver(std::process::Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_chromedriver() -> (Driver, String) {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    assert!(
        std::path::Path::new(&bin).exists(),
        "chromedriver not found at {bin}: apt-get install chromium chromium-driver"
    );
    let port = free_port();
    let driver = Driver(
        std::process::Command::new(&bin)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return (driver, url);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

async fn wait_for_text(c: &fantoccini::Client, needle: &str) -> String {
    for _ in 0..50 {
        let src = c.source().await.unwrap();
        if src.contains(needle) {
            return src;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("page never showed {needle:?}: {}", c.source().await.unwrap());
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_signs_in_switches_language_creates_and_finds_a_party() {
    let app = spawn_app().await;
    let email = app.add_user(Role::Merchandiser).await;
    let (_driver, wd) = start_chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=en-US",
                format!("--user-data-dir={}", profile.path().display())
            ]
        }
    });
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let c = ClientBuilder::new(connector)
        .capabilities(caps.as_object().unwrap().clone())
        .connect(&wd)
        .await
        .expect("connect to chromedriver");

    c.goto(&app.url("/parties")).await.unwrap();
    assert!(
        c.current_url().await.unwrap().path().starts_with("/login"),
        "signed out: sent to the login page"
    );
    c.find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys(&email)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit].primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "New party").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/parties",
        "back where the visitor wanted to go"
    );

    c.find(Locator::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "新建往来单位").await;

    c.find(Locator::Id("new-party"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "id=\"party-form\"").await;
    let name = "PT Segar Buah Nusantara";
    c.find(Locator::Id("name_latin"))
        .await
        .unwrap()
        .send_keys(name)
        .await
        .unwrap();
    c.find(Locator::Id("name_zh"))
        .await
        .unwrap()
        .send_keys("印尼鲜果公司")
        .await
        .unwrap();
    c.find(Locator::Css("input[name='addresses[0].line1']"))
        .await
        .unwrap()
        .send_keys("Jl. Pluit Raya 12")
        .await
        .unwrap();
    c.find(Locator::Css("input[name='addresses[0].city']"))
        .await
        .unwrap()
        .send_keys("Jakarta")
        .await
        .unwrap();
    c.find(Locator::Css("input[name='addresses[0].country']"))
        .await
        .unwrap()
        .send_keys("ID")
        .await
        .unwrap();
    c.find(Locator::Css("input[name='contacts[0].name']"))
        .await
        .unwrap()
        .send_keys("Budi Santoso")
        .await
        .unwrap();
    c.find(Locator::Id("save")).await.unwrap().click().await.unwrap();
    wait_for_text(&c, "修改记录").await;
    assert!(c.current_url().await.unwrap().path().starts_with("/parties/"));

    for i in 0..3 {
        app.create_party(
            &app.token_for_existing(&email).await,
            customer(&format!("Other Buyer {i}"), "VN"),
        )
        .await;
    }
    c.goto(&app.url("/parties")).await.unwrap();
    wait_for_text(&c, "Other Buyer 2").await;
    c.find(Locator::Id("search"))
        .await
        .unwrap()
        .send_keys("鲜果")
        .await
        .unwrap();
    for _ in 0..50 {
        let src = c.source().await.unwrap();
        if src.contains(name) && !src.contains("Other Buyer") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let src = c.source().await.unwrap();
    assert!(
        src.contains(name) && !src.contains("Other Buyer"),
        "search by the Chinese name finds only the new party"
    );
    assert!(
        c.current_url()
            .await
            .unwrap()
            .query()
            .unwrap_or("")
            .contains("q="),
        "the filter is in the URL"
    );

    if let Ok(path) = std::env::var("GENDAN_SCREENSHOT") {
        c.goto(&app.url("/parties")).await.unwrap();
        wait_for_text(&c, "Other Buyer 2").await;
        std::fs::write(path, c.screenshot().await.unwrap()).unwrap();
    }
    c.close().await.unwrap();
}

async fn browser(profile: &std::path::Path, wd: &str) -> fantoccini::Client {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=en-US",
                format!("--user-data-dir={}", profile.display())
            ]
        }
    });
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps.as_object().unwrap().clone())
        .connect(wd)
        .await
        .expect("connect to chromedriver")
}

async fn sign_in(c: &fantoccini::Client, app: &TestApp, email: &str) {
    c.goto(&app.url("/login")).await.unwrap();
    c.find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit].primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..50 {
        if !c.current_url().await.unwrap().path().starts_with("/login") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("sign-in failed for {email}");
}

/// Set a form field the way a person would end up with it (date inputs ignore typed ISO
/// dates in some locales, so values are set and `change` fired).
async fn set(c: &fantoccini::Client, selector: &str, value: &str) {
    let found = c
        .execute(
            "const el = document.querySelector(arguments[0]); if (!el) return false; \
             el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true})); return true;",
            vec![serde_json::json!(selector), serde_json::json!(value)],
        )
        .await
        .unwrap();
    assert_eq!(found, serde_json::json!(true), "field {selector} exists");
}

async fn click(c: &fantoccini::Client, id: &str) {
    c.find(Locator::Id(id)).await.unwrap().click().await.unwrap();
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_creates_submits_approves_and_downloads_a_contract() {
    let app = spawn_app().await;
    let merchandiser = app.add_user(Role::Merchandiser).await;
    let manager = app.add_user(Role::SalesManager).await;
    let admin = app.token(Role::Admin).await;
    let buyer = app
        .create_party(&admin, customer("Nieuwe Maas Fruit Import B.V.", "NL"))
        .await;
    let buyer_id = buyer["id"].as_str().unwrap().to_string();
    let product = app
        .post(&admin, "/api/v1/products")
        .json(&serde_json::json!({
            "sku": "FUJI-80", "name_en": "Fresh Fuji apples", "name_zh": "富士苹果", "hs_code": "080810",
            "origin": "CN", "variety": "Fuji", "size": "80",
            "packages": [{"name": "18 kg carton", "kind": "carton", "net_kg": "18", "gross_kg": "19.2",
                          "size_mm": [500, 300, 280]}],
            "reefer": {}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(product.status(), 201);
    let product: serde_json::Value = product.json().await.unwrap();
    let product_id = product["id"].as_str().unwrap().to_string();

    let (_driver, wd) = start_chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser(profile.path(), &wd).await;
    sign_in(&c, &app, &merchandiser).await;

    // A draft with one line from the product; a blank description is filled from it.
    c.goto(&app.url(&format!("/contracts/new?buyer_id={buyer_id}")))
        .await
        .unwrap();
    wait_for_text(&c, "id=\"contract-form\"").await;
    set(&c, "[name='currency']", "USD").await;
    set(&c, "[name='incoterm.term']", "FOB").await;
    set(&c, "[name='incoterm.port']", "CNQDG").await;
    set(&c, "[name='port_of_loading']", "CNQDG").await;
    set(&c, "[name='port_of_discharge']", "NLRTM").await;
    set(&c, "[name='shipment_latest']", "2026-12-31").await;
    set(&c, "[name='payment_terms.instalments[0].percent']", "30").await;
    set(&c, "[name='payment_terms.instalments[0].method']", "tt").await;
    set(&c, "[name='payment_terms.instalments[0].trigger']", "on_contract").await;
    set(&c, "[name='payment_terms.instalments[1].percent']", "70").await;
    set(&c, "[name='payment_terms.instalments[1].method']", "tt").await;
    set(
        &c,
        "[name='payment_terms.instalments[1].trigger']",
        "against_copy_bl",
    )
    .await;
    set(&c, "[name='lines[0].product_id']", &product_id).await;
    set(&c, "[name='lines[0].quantity']", "1288").await;
    set(&c, "[name='lines[0].unit']", "carton").await;
    // Too many decimals first: the form comes back naming the field, nothing is saved.
    set(&c, "[name='lines[0].unit_price']", "21.12345").await;
    click(&c, "save").await;
    wait_for_text(&c, "lines[0].unit_price").await;
    set(&c, "[name='lines[0].unit_price']", "21.50").await;
    click(&c, "save").await;
    let src = wait_for_text(&c, "SC-2026-0001").await;
    assert!(
        src.contains("Fresh Fuji apples"),
        "description filled from the product"
    );
    assert!(src.contains("27692.00"), "1288 × 21.50 = 27,692.00");
    assert!(src.contains("SAY US DOLLARS TWENTY-SEVEN THOUSAND SIX HUNDRED AND NINETY-TWO ONLY"));
    assert!(src.contains("30% T/T DEPOSIT ON CONTRACT"));
    let contract_url = c.current_url().await.unwrap();

    click(&c, "step-submit").await;
    wait_for_text(&c, "Submitted").await;
    assert!(
        c.find(Locator::Id("step-approve")).await.is_err(),
        "the author is not offered the approval"
    );

    // The sales manager approves in their own session.
    c.delete_all_cookies().await.unwrap();
    sign_in(&c, &app, &manager).await;
    c.goto(contract_url.as_str()).await.unwrap();
    wait_for_text(&c, "step-approve").await;
    click(&c, "step-approve").await;
    let src = wait_for_text(&c, "id=\"step-send\"").await;
    assert!(src.contains("Approved"), "approved");

    // Download the PDF as the signed-in browser would.
    let cookies = c.get_all_cookies().await.unwrap();
    let cookie = cookies
        .iter()
        .map(|k| format!("{}={}", k.name(), k.value()))
        .collect::<Vec<_>>()
        .join("; ");
    let href = c
        .find(Locator::Id("download-pdf"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let pdf = reqwest::Client::new()
        .get(app.url(&href))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contract.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SC-2026-0001"), "{text}");
    assert!(text.contains("销售合同"), "Chinese comes out: {text}");
    assert!(text.contains("富士苹果"), "{text}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_plans_a_mixed_load_and_steps_through_its_layers() {
    let app = spawn_app().await;
    let merchandiser = app.add_user(Role::Merchandiser).await;
    let (_driver, wd) = start_chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser(profile.path(), &wd).await;
    sign_in(&c, &app, &merchandiser).await;
    c.goto(&app.url("/loadplans")).await.unwrap();
    set(&c, "select[name='container.type']", "20RF").await;
    for (row, id, size, kg, qty) in [
        (0, "FUJI-18", ["500", "300", "280"], "19.2", "300"),
        (1, "PEAR-15", ["400", "300", "250"], "15", "120"),
    ] {
        set(&c, &format!("input[name='cargo[{row}].id']"), id).await;
        for (k, v) in size.iter().enumerate() {
            set(&c, &format!("input[name='cargo[{row}].size_mm[{k}]']"), v).await;
        }
        set(&c, &format!("input[name='cargo[{row}].gross_kg']"), kg).await;
        set(&c, &format!("input[name='cargo[{row}].quantity']"), qty).await;
    }
    click(&c, "plan").await;
    let page = wait_for_text(&c, "id=\"loadplan-result\"").await;
    assert!(page.contains("<svg"), "the isometric view is drawn");
    let cell = |id: &'static str| {
        let c = c.clone();
        async move {
            c.find(Locator::Css(&format!("tr[data-cargo='{id}'] .placed")))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let fuji: u32 = cell("FUJI-18").await.trim().parse().unwrap();
    let pear: u32 = cell("PEAR-15").await.trim().parse().unwrap();
    assert!(fuji > 250 && pear > 100, "FUJI {fuji}, PEAR {pear}");
    // The slider is shown by the script; at step 1 only the first step's boxes are visible.
    let visible = |n: u32| {
        let c = c.clone();
        async move {
            c.execute(
                "const r = document.getElementById('step-range'); r.value = arguments[0]; \
                 r.dispatchEvent(new Event('input')); \
                 return [...document.querySelectorAll('.loadplan-view.isometric .step')] \
                   .filter(g => g.style.display !== 'none').length;",
                vec![serde_json::json!(n)],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap()
        }
    };
    let hidden_attr = c
        .execute("return document.getElementById('loadplan-steps').hidden;", vec![])
        .await
        .unwrap();
    assert_eq!(
        hidden_attr,
        serde_json::json!(false),
        "the step control is visible with JS"
    );
    let max: u32 = c
        .find(Locator::Id("step-range"))
        .await
        .unwrap()
        .attr("max")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let all = visible(max).await;
    let first = visible(1).await;
    assert!(first > 0 && first < all, "step 1 shows {first} of {all} boxes");
    assert_eq!(all, (fuji + pear) as u64, "every placed box is drawn once");
    // GENDAN_SCREENSHOTS=docs keeps a picture of the page half loaded (for the README).
    if let Ok(dir) = std::env::var("GENDAN_SCREENSHOTS") {
        visible(max / 2).await;
        c.execute(
            "document.getElementById('loadplan-result').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
        let png = c.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join("load-plan.png"), png).unwrap();
    }
    c.close().await.unwrap();
}

/// Issue 5: a merchandiser makes and issues an instruction from the contract page, two
/// departments acknowledge their sections, production records a day's progress.
#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_issues_an_instruction_two_departments_acknowledge_and_progress_is_recorded() {
    let app = spawn_app().await;
    let t = common::api::team(&app).await;
    let contract = common::api::approved_contract(&app, &t, false, vec![]).await;
    let cid = contract["id"].as_str().unwrap().to_string();
    let (_driver, wd) = start_chromedriver().await;

    let profile = tempfile::tempdir().unwrap();
    let c = browser(profile.path(), &wd).await;
    sign_in(&c, &app, "merchandiser@test.example").await;
    c.goto(&app.url(&format!("/contracts/{cid}"))).await.unwrap();
    click(&c, "new-instruction").await;
    wait_for_text(&c, "id=\"issue\"").await;
    let url = c.current_url().await.unwrap();
    let path = url.path().to_string();
    assert!(path.starts_with("/instructions/"), "{path}");
    click(&c, "issue").await;
    wait_for_text(&c, "status-awaiting_acknowledgement").await;
    c.close().await.unwrap();

    for (email, dept) in [
        ("production@test.example", "production"),
        ("shipping@test.example", "shipping"),
    ] {
        let profile = tempfile::tempdir().unwrap();
        let c = browser(profile.path(), &wd).await;
        sign_in(&c, &app, email).await;
        c.goto(&app.url(&path)).await.unwrap();
        click(&c, &format!("acknowledge-{dept}")).await;
        wait_for_text(&c, &format!("id=\"ack-{dept}\" class=\"acked\"")).await;
        if dept == "production" {
            set(&c, "#entry-date", "2026-11-27").await;
            set(&c, "#entry-packed", "300").await;
            set(&c, "#entry-to_warehouse", "280").await;
            click(&c, "entry-save").await;
            wait_for_text(&c, "<svg class=\"chart\"").await;
            let src = wait_for_text(&c, ">280<").await;
            assert!(
                src.contains("id=\"progress-status\""),
                "the progress section shows its status"
            );
            // GENDAN_SCREENSHOTS=docs keeps a picture of the instruction page (for the README).
            if let Ok(dir) = std::env::var("GENDAN_SCREENSHOTS") {
                c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
                let png = c.screenshot().await.unwrap();
                std::fs::write(std::path::Path::new(&dir).join("instruction.png"), png).unwrap();
            }
        }
        c.close().await.unwrap();
    }

    // What the browser did is what the server recorded.
    let id = path.trim_start_matches("/instructions/");
    let v: serde_json::Value = app
        .get(&t.merch, &format!("/api/v1/instructions/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let acked: Vec<&str> = v["acknowledgements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["acknowledged"] == true)
        .map(|a| a["department"].as_str().unwrap())
        .collect();
    assert_eq!(acked, ["production", "shipping"]);
    let p: serde_json::Value = app
        .get(&t.merch, &format!("/api/v1/instructions/{id}/progress"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["entries"].as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p["entries"][0]["to_warehouse"], "280");
}

/// Set a field found by its `name` (form fields are named by JSON path).
async fn set_named(c: &fantoccini::Client, name: &str, value: &str) {
    set(c, &format!("[name=\"{name}\"]"), value).await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_books_stuffs_a_mistyped_container_fixes_it_and_sends_the_advice() {
    let app = spawn_app().await;
    let t = common::api::team(&app).await;
    let contract = common::api::approved_contract(&app, &t, false, vec![]).await;
    let cid = contract["id"].as_str().unwrap().to_string();
    // An issued instruction and a forwarder, through the API.
    let r = common::api::post(
        &app,
        &t.merch,
        "/api/v1/instructions",
        &serde_json::json!({"contract_id": cid}),
    )
    .await;
    let ins_id = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(&t.merch, &format!("/api/v1/instructions/{ins_id}/issue"))
        .header("If-Match", format!("\"{}\"", r.body["version"]))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let admin = app.token(Role::Admin).await;
    let fw = app
        .create_party(
            &admin,
            serde_json::json!({
                "kind": "forwarder",
                "name_latin": "Qingdao Ocean Link Logistics Co., Ltd.",
                "addresses": [{"line1": "Hong Kong Middle Road 6", "city": "Qingdao", "country": "CN"}]
            }),
        )
        .await;
    let fw_id = fw["id"].as_str().unwrap().to_string();

    let (_driver, wd) = start_chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser(profile.path(), &wd).await;
    sign_in(&c, &app, "shipping@test.example").await;

    // Book: pick the instruction on the bookings page, choose the forwarder, save.
    c.goto(&app.url("/bookings")).await.unwrap();
    wait_for_text(&c, &format!("pick-{ins_id}")).await;
    click(&c, &format!("pick-{ins_id}")).await;
    c.find(Locator::Css(&format!("#pick-{ins_id}")))
        .await
        .unwrap()
        .find(Locator::XPath("ancestor::form//button[@type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&c, "id=\"booking-form\"").await;
    set_named(&c, "request.forwarder_id", &fw_id).await;
    click(&c, "save").await;
    wait_for_text(&c, "id=\"confirm-form\"").await;
    let booking_path = c.current_url().await.unwrap().path().to_string();
    assert!(booking_path.starts_with("/bookings/"), "{booking_path}");

    // The carrier's confirmation opens the shipment.
    for (name, value) in [
        ("confirmation.carrier", "Maersk"),
        ("confirmation.vessel", "MAERSK KOWLOON"),
        ("confirmation.voyage", "447W"),
        ("confirmation.booking_number", "MAEU262514789"),
        ("confirmation.etd", "2026-11-30"),
        ("confirmation.eta", "2027-01-02"),
        ("confirmation.si_cutoff", "2026-11-28T12:00"),
        ("confirmation.vgm_cutoff", "2026-11-29T12:00"),
        ("confirmation.cy_cutoff", "2026-11-29T18:00"),
    ] {
        set_named(&c, name, value).await;
    }
    click(&c, "confirm-save").await;
    wait_for_text(&c, "id=\"shipment-link\"").await;
    click(&c, "shipment-link").await;
    wait_for_text(&c, "id=\"container-form\"").await;
    let shipment_path = c.current_url().await.unwrap().path().to_string();
    assert!(shipment_path.starts_with("/shipments/"), "{shipment_path}");

    // Stuff a container with a mistyped number: refused, the right digit named, typing kept.
    set_named(&c, "number", "MSKU 907032 4").await;
    set_named(&c, "container_type", "40RH").await;
    set_named(&c, "seals[0]", "ML1234567").await;
    set_named(&c, "stuffed_on", "2026-11-27").await;
    set_named(&c, "lines[0].packages", "1288").await;
    set_named(&c, "lines[0].net_kg", "23184").await;
    set_named(&c, "lines[0].gross_kg", "24729.6").await;
    click(&c, "container-save").await;
    let src = wait_for_text(&c, "id=\"error-number\"").await;
    let err = c
        .find(Locator::Id("error-number"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(err.contains('3'), "the expected check digit is named: {err}");
    let kept = c
        .find(Locator::Css("[name=\"lines[0].packages\"]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("1288"), "typed values are kept");
    assert!(!src.contains("MSKU 907032 3"), "nothing was saved");
    // Fixed.
    set_named(&c, "number", "MSKU 907032 3").await;
    click(&c, "container-save").await;
    wait_for_text(&c, "MSKU 907032 3").await;
    if let Ok(dir) = std::env::var("GENDAN_SCREENSHOTS") {
        c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
        let png = c.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join("shipment.png"), png).unwrap();
    }

    // Send the shipping advice.
    set(&c, "#advice-to-input", "buyer@freshfruit.example").await;
    click(&c, "advice-send").await;
    wait_for_text(&c, "buyer@freshfruit.example</td>").await;
    c.close().await.unwrap();

    // What the browser did is what the server recorded.
    let sid = shipment_path.trim_start_matches("/shipments/");
    let v = common::api::get(&app, &t.shipping, &format!("/api/v1/shipments/{sid}"))
        .await
        .body;
    assert_eq!(v["containers"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["containers"][0]["number"], "MSKU9070323");
    assert_eq!(v["advices"][0]["to"], "buyer@freshfruit.example");
    assert_eq!(v["confirmation"]["vessel"], "MAERSK KOWLOON");
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_generates_a_set_two_people_check_the_invoice_and_it_is_made_final() {
    let s = docs::stuffed_shipment(serde_json::json!([]), docs::two_boxes()).await;
    let (app, sid) = (&s.app, s.sid().to_string());
    // This company wants two people's checks (by default one person and the clean
    // cross-check would do).
    let admin = app.token(gendan_domain::role::Role::Admin).await;
    let r = app
        .http
        .put(app.url("/api/v1/company"))
        .bearer_auth(&admin)
        .header("If-Match", "\"0\"")
        .json(&serde_json::json!({
            "name_en": "Yantai Golden Orchard Import & Export Co., Ltd.",
            "address_en": "88 Binhai Road, Laishan District, Yantai, Shandong, China",
            "check_person_and_system": false
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let (_driver, wd) = start_chromedriver().await;
    let first_profile = tempfile::tempdir().unwrap();
    let c = browser(first_profile.path(), &wd).await;
    sign_in(&c, app, "documentation@test.example").await;

    // One action generates the whole set; the progress streams, then the set is listed.
    c.goto(&app.url(&format!("/shipments/{sid}/documents")))
        .await
        .unwrap();
    wait_for_text(&c, "id=\"generate\"").await;
    click(&c, "generate").await;
    let src = wait_for_text(&c, "id=\"docs-notice\"").await;
    for kind in ["commercial_invoice", "packing_list", "shipping_instruction"] {
        assert!(src.contains(&format!("data-kind=\"{kind}\"")), "{kind} listed");
    }
    let invoice_link = c
        .find(Locator::Css("tr[data-kind=\"commercial_invoice\"] a"))
        .await
        .unwrap();
    invoice_link.click().await.unwrap();
    wait_for_text(&c, "id=\"check-form\"").await;
    let doc_path = c.current_url().await.unwrap().path().to_string();

    // The first check: still draft, one more person needed.
    set(
        &c,
        "#check-compared",
        "invoice against the contract and the packing list",
    )
    .await;
    click(&c, "check-submit").await;
    // The log shows the check once the page came back (the list is on the page before too).
    let src = wait_for_text(&c, "invoice against the contract and the packing list").await;
    assert!(src.contains("id=\"checks\""));
    assert!(!src.contains("id=\"finalise\""), "one check is not enough");
    // The same person again does not make two people.
    set(&c, "#check-compared", "the amount in words once more").await;
    click(&c, "check-submit").await;
    wait_for_text(&c, "the amount in words once more").await;
    let src = c.source().await.unwrap();
    assert!(
        !src.contains("id=\"finalise\""),
        "the same person twice is not two people"
    );
    c.close().await.unwrap();

    // A second person checks it; now it may be made final.
    let second_profile = tempfile::tempdir().unwrap();
    let c = browser(second_profile.path(), &wd).await;
    sign_in(&c, app, "merchandiser@test.example").await;
    c.goto(&app.url(&doc_path)).await.unwrap();
    wait_for_text(&c, "id=\"check-form\"").await;
    set(
        &c,
        "#check-compared",
        "figures against the containers and the contract prices",
    )
    .await;
    click(&c, "check-submit").await;
    wait_for_text(&c, "id=\"finalise\"").await;
    if let Ok(dir) = std::env::var("GENDAN_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join("document.png"), png).unwrap();
    }
    click(&c, "finalise").await;
    wait_for_text(&c, "id=\"mark-sent\"").await;
    c.close().await.unwrap();

    // What the browser did is what the server recorded.
    let id = doc_path.trim_start_matches("/documents/");
    let v = docs::document(app, &s.t.documentation, id).await;
    assert_eq!(v["state"], "final", "{v}");
    let checks: Vec<&serde_json::Value> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "person")
        .collect();
    assert_eq!(checks.len(), 3);
    let people: std::collections::BTreeSet<&str> = checks.iter().map(|c| c["by"].as_str().unwrap()).collect();
    assert_eq!(people.len(), 2, "two different people: {people:?}");
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
async fn browser_dispatches_by_courier_records_the_payment_and_the_order_closes() {
    let s = docs::stuffed_shipment(serde_json::json!([]), docs::two_boxes()).await;
    let (app, sid) = (&s.app, s.sid().to_string());
    app.token(Role::Finance).await;
    let cid = s.contract["id"].as_str().unwrap().to_string();
    // Sent and countersigned: the deposit falls due.
    let r = common::api::step(
        app,
        &s.t.merch,
        &cid,
        "send",
        docs::version(&s.contract),
        &serde_json::json!({"sent_via": "email", "sent_to": "buyer@example.nl"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let pdf = common::api::base64(b"%PDF-1.4\n% countersigned\n%%EOF\n");
    let r = common::api::step(
        app,
        &s.t.merch,
        &cid,
        "confirm",
        docs::version(&r.body),
        &serde_json::json!({"countersigned": {"file_name": "signed.pdf", "content_type": "application/pdf", "data_base64": pdf}}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The set, shipped and arrived.
    docs::generate(app, &s.t.documentation, &sid, &serde_json::json!({})).await;
    let today = {
        use gendan_domain::clock::Clock;
        app.clock.today()
    };
    for (kind, days) in [("on_board", 0), ("arrived", 0)] {
        let r = common::api::post(
            app,
            &s.t.shipping,
            &format!("/api/v1/shipments/{sid}/milestones"),
            &serde_json::json!({"kind": kind, "date": (today - chrono::Days::new(days)).to_string(), "source": "forwarder"}),
        )
        .await;
        assert_eq!(r.status, 201, "{kind}: {}", r.body);
    }

    let (_driver, wd) = start_chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let c = browser(profile.path(), &wd).await;
    sign_in(&c, app, "documentation@test.example").await;
    // Dispatch by DHL: a mistyped air waybill is refused with the reason, the right one kept.
    c.goto(&app.url(&format!("/shipments/{sid}/dispatch")))
        .await
        .unwrap();
    wait_for_text(&c, "id=\"dispatch-form\"").await;
    set_named(&c, "waybill", "1234567890").await;
    click(&c, "dispatch-create").await;
    let src = wait_for_text(&c, "id=\"dispatch-error\"").await;
    assert!(src.contains("waybill"), "the field is named");
    set_named(&c, "waybill", "1234567891").await;
    click(&c, "dispatch-create").await;
    wait_for_text(&c, "id=\"dispatch-step-form\"").await;
    let dispatch_path = c.current_url().await.unwrap().path().to_string();
    click(&c, "dispatch-step").await;
    let src = wait_for_text(&c, "state-sent").await;
    assert!(src.contains("1234567891"), "the waybill is shown");
    c.close().await.unwrap();

    // Finance records the money; the order closes by itself.
    let total = s.contract["total"]["amount"].as_str().unwrap().to_string();
    let profile = tempfile::tempdir().unwrap();
    let c = browser(profile.path(), &wd).await;
    sign_in(&c, app, "finance@test.example").await;
    c.goto(&app.url("/receipts")).await.unwrap();
    wait_for_text(&c, "id=\"receipt-form\"").await;
    let customer = c
        .find(Locator::Css("#receipt-customer option:nth-child(2)"))
        .await
        .unwrap();
    customer.click().await.unwrap();
    set_named(&c, "amount", &total).await;
    set_named(&c, "bank_reference", "FT26335TEST01").await;
    set_named(&c, "exchange_rate", "7.1043").await;
    // No rate is refused first, nothing recorded.
    set_named(&c, "exchange_rate", "").await;
    click(&c, "receipt-save").await;
    let src = wait_for_text(&c, "id=\"receipt-error\"").await;
    assert!(src.contains("exchange_rate"), "the rate is asked for");
    set_named(&c, "exchange_rate", "7.1043").await;
    click(&c, "receipt-save").await;
    wait_for_text(&c, "id=\"receipt-facts\"").await;
    c.goto(&app.url(&format!("/contracts/{cid}"))).await.unwrap();
    let src = wait_for_text(&c, "id=\"state\"").await;
    assert!(src.contains("state-closed"), "the order closed by itself");
    c.goto(&app.url(&format!("/contracts/{cid}/walkthrough")))
        .await
        .unwrap();
    let src = wait_for_text(&c, "id=\"walkthrough\"").await;
    assert!(
        src.contains("stage-dispatch") && src.contains("stage-receivable"),
        "dispatch and payment are in the walkthrough"
    );
    assert!(
        src.contains("walkthrough-chain") && src.contains("class=\"ok\""),
        "the audit chain is intact"
    );
    if let Ok(dir) = std::env::var("GENDAN_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join("walkthrough.png"), png).unwrap();
    }
    c.close().await.unwrap();
    // What the browser did is what the server recorded.
    let r = common::api::get(app, &s.t.manager, &format!("/api/v1/contracts/{cid}")).await;
    assert_eq!(r.body["state"], "closed", "{}", r.body);
    let id = dispatch_path.trim_start_matches("/dispatches/");
    let r = common::api::get(app, &s.t.manager, &format!("/api/v1/dispatches/{id}")).await;
    assert_eq!(
        (r.body["state"].as_str(), r.body["waybill"].as_str()),
        (Some("sent"), Some("1234567891")),
        "{}",
        r.body
    );
    let r = common::api::get(app, &s.t.manager, "/api/v1/receipts").await;
    assert_eq!(
        r.body.as_array().map(Vec::len),
        Some(1),
        "the refused receipt left nothing: {}",
        r.body
    );
}
