//! A real browser (Debian's chromium through chromedriver) signs in, switches the language,
//! creates a party and finds it in the list. Ignored by default because it needs chromium;
//! `.ci/run` runs it with `--run-ignored only` and fails when chromium or chromedriver is
//! missing.

mod common;

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
