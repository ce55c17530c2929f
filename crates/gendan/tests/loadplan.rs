//! The load planner through the CLI and the API, on the real binary and server.

mod common;

use common::*;
use gendan_domain::role::Role;
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

fn fuji(container: &str) -> Value {
    json!({
        "container": {"type": container},
        "cargo": [{"id": "FUJI-18", "size_mm": [500, 300, 280], "gross_kg": "19.2",
                   "quantity": null, "upright_axes": [false, false, true], "max_stack_kg": "400",
                   "commodity": "apple"}],
        "support": "full", "time_limit_ms": 2000, "seed": 1
    })
}

fn loadplan(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gendan"))
        .arg("loadplan")
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

#[test]
fn cli_plans_fuji_apples_in_a_40ft_reefer() {
    let (code, out, err) = loadplan(&["-"], &fuji("40RH").to_string());
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    let count = plan["placed"][0]["count"].as_u64().unwrap();
    assert_eq!(plan["placements"].as_array().unwrap().len() as u64, count);
    assert!(
        count >= 1300,
        "a 40' reefer takes well over 1,300 such cartons: {count}"
    );
    assert!(count <= plan["upper_bound_count"].as_u64().unwrap());
    let (code, text, _) = loadplan(&["-", "--format", "text"], &fuji("40RH").to_string());
    assert_eq!(code, 0);
    assert!(text.contains(&format!("FUJI-18: {count}")), "{text}");
}

#[test]
fn cli_draws_the_load_as_svg_one_group_per_box() {
    let input = fuji("20RF").to_string();
    let (code, out, err) = loadplan(&["-"], &input);
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    let boxes = plan["placements"].as_array().unwrap().len();
    assert!(boxes > 400, "{boxes}");
    let (code, svg, err) = loadplan(&["-", "--format", "svg"], &input);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<g class=\"step\"").count(), boxes);
    assert_eq!(svg.matches("<polygon").count(), 3 * boxes);
    let steps = plan["sequence"].as_array().unwrap().len();
    assert!(svg.contains(&format!("data-step=\"{steps}\"")));
    assert!(!svg.contains(&format!("data-step=\"{}\"", steps + 1)));
    assert!(svg.contains("FUJI-18 × "), "legend with the count");
    let (code, _, err) = loadplan(&["-", "--format", "png"], &input);
    assert_eq!(code, 2);
    assert!(err.contains("--format"), "{err}");
}

#[test]
fn cli_refuses_bad_input_with_the_field_and_exit_2() {
    let mut bad = fuji("40XX");
    bad["cargo"][0]["size_mm"] = json!([0, 300, 280]);
    bad["cargo"][0]["gross_kg"] = json!("19,2");
    let (code, _, err) = loadplan(&["-"], &bad.to_string());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("container.type"), "{err}");
    assert!(err.contains("cargo[0].size_mm"), "{err}");
    assert!(err.contains("cargo[0].gross_kg"), "{err}");
    let (code, _, err) = loadplan(&["-"], "{not json");
    assert_eq!(code, 2);
    assert!(err.contains("line 1"), "{err}");
}

#[tokio::test]
async fn api_plans_a_load_and_names_bad_fields() {
    let app = spawn_app().await;
    let t = app.token(Role::Viewer).await;
    let r = app
        .post(&t, "/api/v1/loadplans")
        .json(&fuji("20RF"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let plan: Value = r.json().await.unwrap();
    assert!(
        plan["placed"][0]["count"].as_u64().unwrap() > 400,
        "{}",
        plan["placed"]
    );
    assert!(
        plan["warnings"].to_string().contains("reefer"),
        "reefer settings for apples: {}",
        plan["warnings"]
    );
    let mut bad = fuji("40RH");
    bad["cargo"][0]["size_mm"] = json!([13000, 3000, 3000]);
    let r = app.post(&t, "/api/v1/loadplans").json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert!(p["errors"].to_string().contains("cargo[0].size_mm"), "{p}");
    let mut two = fuji("40RH");
    two["cargo"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "PEAR", "size_mm": [500, 300, 250],
        "gross_kg": "16", "quantity": 10, "upright_axes": [false, false, true]}));
    two["time_limit_ms"] = json!(300);
    let r = app.post(&t, "/api/v1/loadplans").json(&two).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let p: Value = r.json().await.unwrap();
    assert_eq!(
        p["placed"][1],
        json!({"id": "PEAR", "count": 10}),
        "{}",
        p["placed"]
    );
    let fuji_count = p["placed"][0]["count"].as_u64().unwrap();
    assert!(fuji_count > 300, "{}", p["placed"]);
    assert_eq!(
        p["placements"].as_array().unwrap().len() as u64,
        fuji_count + 10,
        "every counted box is placed"
    );
}
