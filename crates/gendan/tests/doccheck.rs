//! The document cross-check through `gendan check` (the real binary) and
//! `POST /api/v1/document-checks` (the real server): every case file of
//! crates/doccheck/tests/cases runs through the CLI with the outcome its name says.

mod common;

use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn gendan_check(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gendan"))
        .arg("check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../doccheck/tests/cases")
}

fn clean() -> String {
    std::fs::read_to_string(cases().join("clean/apples-cfr-lc-clean.json")).unwrap()
}

#[test]
fn every_case_file_through_gendan_check() {
    let mut wrong = Vec::new();
    let mut count = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let id = dir.file_name().unwrap().to_str().unwrap().to_string();
        if !dir.is_dir() || id == "gen" {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            count += 1;
            let name = f.file_name().unwrap().to_str().unwrap().to_string();
            let (code, out, err) = gendan_check(&[f.to_str().unwrap(), "--format", "json"], "");
            let report: Value =
                serde_json::from_str(&out).unwrap_or_else(|e| panic!("{id}/{name}: {e}: {err}"));
            let findings = report["findings"].as_array().unwrap();
            let blocking = findings.iter().any(|x| x["severity"] == "blocking");
            // The exit code says whether anything blocks.
            if code != if blocking { 1 } else { 0 } {
                wrong.push(format!("{id}/{name}: exit {code} with blocking={blocking}"));
            }
            let fired = findings.iter().any(|x| x["rule"] == id.as_str());
            let na = report["not_applicable"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["rule"] == id.as_str());
            let ok = if id == "clean" {
                findings.is_empty() && code == 0
            } else if name.starts_with("fires-") {
                fired
            } else if name.starts_with("passes-") {
                !fired && !na
            } else {
                na && !fired
            };
            if !ok {
                wrong.push(format!("{id}/{name}: fired={fired} na={na}"));
            }
        }
    }
    assert!(count > 3, "case files found: {count}");
    assert!(wrong.is_empty(), "{count} cases, wrong:\n{}", wrong.join("\n"));
}

#[test]
fn text_output_in_english_and_chinese_and_exit_codes() {
    let mut set: Value = serde_json::from_str(&clean()).unwrap();
    for bl in set["bills_of_lading"].as_array_mut().unwrap() {
        bl["on_board_notation"]["date"] = json!("2025-10-21");
        bl["issue_date"] = json!("2025-10-21");
    }
    let (code, out, _) = gendan_check(&["-"], &set.to_string());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("BLOCKING") && out.contains("DATE-LATE-SHIPMENT"),
        "{out}"
    );
    assert!(
        out.contains("2025-10-21") && out.contains("lc.latest_shipment_date"),
        "{out}"
    );
    let (code, out, _) = gendan_check(&["-", "--lang", "zh"], &set.to_string());
    assert_eq!(code, 1);
    assert!(out.contains("最迟装运期"), "{out}");

    let (code, out, _) = gendan_check(&["-"], &clean());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 blocking"), "{out}");
}

#[test]
fn invalid_input_names_the_field_and_exits_2() {
    let mut set: Value = serde_json::from_str(&clean()).unwrap();
    set["invoice"]["total_amount"] = json!(32472.0);
    let (code, out, err) = gendan_check(&["-"], &set.to_string());
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("invoice.total_amount"), "{err}");
    let mut set: Value = serde_json::from_str(&clean()).unwrap();
    set["packing_list"].as_object_mut().unwrap().remove("number");
    let (code, _, err) = gendan_check(&["-"], &set.to_string());
    assert_eq!(code, 2);
    assert!(
        err.contains("packing_list.number") && err.contains("missing field"),
        "{err}"
    );
    let (code, _, err) = gendan_check(&["-", "--format", "xml"], &clean());
    assert_eq!(code, 2);
    assert!(err.contains("--format"), "{err}");
    let (code, _, err) = gendan_check(&["/nonexistent/set.json"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

#[tokio::test]
async fn the_api_checks_a_set_and_names_bad_fields() {
    let app = spawn_app().await;
    let t = app.token(Role::Viewer).await;
    let mut set: Value = serde_json::from_str(&clean()).unwrap();
    let r = app
        .post(&t, "/api/v1/document-checks")
        .json(&set)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["findings"], json!([]), "{report}");
    assert!(!report["passed"].as_array().unwrap().is_empty());

    for bl in set["bills_of_lading"].as_array_mut().unwrap() {
        bl["on_board_notation"]["date"] = json!("2025-10-21");
    }
    let r = app
        .post(&t, "/api/v1/document-checks")
        .json(&set)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report: Value = r.json().await.unwrap();
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DATE-LATE-SHIPMENT")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(f["severity"], "blocking");
    assert!(f["message"]["zh"].as_str().unwrap().contains("装运"), "{f}");
    assert!(f["source"].as_str().unwrap().contains("UCP 600"), "{f}");

    set["invoice"]["lines"][0]["amount"] = json!(32472.0);
    let r = app
        .post(&t, "/api/v1/document-checks")
        .json(&set)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert!(p["errors"].to_string().contains("invoice.lines[0].amount"), "{p}");

    let r = app
        .post("", "/api/v1/document-checks")
        .json(&set)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "a token is needed");
}
