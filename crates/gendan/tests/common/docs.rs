//! Helpers for the trade documents tests (issue 7): a shipment opened by a confirmed booking
//! and stuffed with containers (the flow of `shipments.rs`), generation, downloads, and the
//! PDF, spreadsheet and zip read back.
#![allow(dead_code)]

use crate::common::api::*;
use crate::common::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::str::FromStr;

/// The example document set of the interchange format (apples, CFR, L/C, clean).
pub const EXAMPLE_SET: &str = include_str!("../../../domain/data/document-sets/apples-cfr-lc-clean.json");

/// A valid 2×2 RGB PNG.
pub const PNG: [u8; 73] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a, 0x73, 0x00,
    0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x44, 0x0c, 0x10,
    0x0a, 0x00, 0x1f, 0xee, 0x03, 0xfd, 0x8b, 0x5f, 0x14, 0xd4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

pub fn version(v: &Value) -> i64 {
    v["version"]
        .as_i64()
        .unwrap_or_else(|| panic!("no version in {v}"))
}

pub fn dec(v: &Value) -> Decimal {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{v} is not a decimal string"));
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub async fn post_if(app: &TestApp, t: &str, path: &str, v: i64, body: &Value) -> Resp {
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

/// A container stuffed with `packages` cartons of the instruction's first line (18 kg net,
/// 19.2 kg gross each), sealed with `seal`.
pub struct Packed {
    pub number: &'static str,
    pub seal: &'static str,
    pub packages: u32,
}

impl Packed {
    pub fn net(&self) -> Decimal {
        Decimal::from(self.packages) * Decimal::from(18)
    }
    pub fn gross(&self) -> Decimal {
        Decimal::from(self.packages) * Decimal::from_str("19.2").unwrap()
    }
    pub fn body(&self, instruction: &Value) -> Value {
        json!({
            "number": self.number,
            "container_type": "40RH",
            "seals": [self.seal],
            "stuffed_on": "2026-11-27",
            "reefer_set_point_c": "0.5",
            "lines": [{
                "instruction_id": str_of(instruction, "id"),
                "line": 0,
                "packages": self.packages.to_string(),
                "net_kg": self.net().to_string(),
                "gross_kg": self.gross().to_string()
            }]
        })
    }
}

/// A shipment with its contract, instruction and the containers stuffed into it.
pub struct Stuffed {
    pub app: TestApp,
    pub t: Team,
    /// The approved contract as the API shows it.
    pub contract: Value,
    pub instruction: Value,
    /// The shipment as last seen.
    pub shipment: Value,
    pub boxes: Vec<Packed>,
}

impl Stuffed {
    pub fn sid(&self) -> &str {
        str_of(&self.shipment, "id")
    }
    /// Σ packages over the containers stuffed.
    pub fn packages(&self) -> u32 {
        self.boxes.iter().map(|b| b.packages).sum()
    }
    pub fn net(&self) -> Decimal {
        self.boxes.iter().map(Packed::net).sum()
    }
    pub fn gross(&self) -> Decimal {
        self.boxes.iter().map(Packed::gross).sum()
    }
    /// The contract's unit price of its first (only) line.
    pub fn unit_price(&self) -> Decimal {
        dec(&self.contract["contract"]["lines"][0]["unit_price"])
    }
}

/// A contract for Fuji apples (CIF Rotterdam, insured 110 % ICC (A), T/T 30/70, partial
/// shipments allowed) requiring `documents`, approved; its instruction issued, booked with a
/// forwarder and confirmed (which opens the shipment), and `boxes` stuffed.
pub async fn stuffed_shipment(documents: Value, boxes: Vec<Packed>) -> Stuffed {
    let app = spawn_app().await;
    let t = team(&app).await;
    let buyer = create_customer(&app, &t.merch).await;
    let product = create_product(&app, &t.merch).await;
    let mut body = contract_body(&buyer, &product);
    body["partial_shipments"] = json!(true);
    body["marks"] = json!("FRESH FRUIT\nROTTERDAM\nC/NO. 1-UP");
    body["documents"] = documents;
    let r = post(&app, &t.merch, "/api/v1/contracts", &body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = str_of(&r.body, "id").to_string();
    let r = step(&app, &t.merch, &id, "submit", version(&r.body), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = step(&app, &t.manager, &id, "approve", version(&r.body), &json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let contract = r.body;
    ship_contract(app, t, contract, boxes).await
}

/// A contract (approved or later) with its instruction issued, booked with a forwarder and
/// confirmed by the carrier (which opens the shipment), and `boxes` stuffed.
pub async fn ship_contract(app: TestApp, t: Team, contract: Value, boxes: Vec<Packed>) -> Stuffed {
    let id = str_of(&contract, "id").to_string();

    // The instruction, pre-filled from the contract, issued.
    let r = post(
        &app,
        &t.merch,
        "/api/v1/instructions",
        &json!({"contract_id": id}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post_if(
        &app,
        &t.merch,
        &format!("/api/v1/instructions/{}/issue", str_of(&r.body, "id")),
        version(&r.body),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let instruction = r.body;

    // Booked with a forwarder and confirmed by the carrier: the shipment opens.
    let fw = app
        .create_party(
            &t.merch,
            json!({
                "kind": "forwarder",
                "name_latin": "Qingdao Ocean Link Logistics Co., Ltd.",
                "addresses": [{"line1": "Hong Kong Middle Road 6", "city": "Qingdao", "country": "CN"}],
                "contacts": [{"name": "Zhang Wei", "email": "booking@oceanlink.example"}]
            }),
        )
        .await;
    let draft = get(
        &app,
        &t.shipping,
        &format!(
            "/api/v1/bookings/draft?instruction_ids={}",
            str_of(&instruction, "id")
        ),
    )
    .await;
    assert_eq!(draft.status, 200, "{}", draft.body);
    let mut req = draft.body;
    req["forwarder_id"] = json!(str_of(&fw, "id"));
    let b = post(&app, &t.shipping, "/api/v1/bookings", &json!({"request": req})).await;
    assert_eq!(b.status, 201, "{}", b.body);
    let b = post_if(
        &app,
        &t.shipping,
        &format!("/api/v1/bookings/{}/confirm", str_of(&b.body, "id")),
        version(&b.body),
        &json!({"confirmation": {
            "carrier": "Maersk",
            "vessel": "MAERSK KOWLOON",
            "voyage": "447W",
            "booking_number": "MAEU262514789",
            "etd": "2026-11-30",
            "eta": "2027-01-02",
            "si_cutoff": "2026-11-28T12:00",
            "vgm_cutoff": "2026-11-29T12:00",
            "cy_cutoff": "2026-11-29 18:00",
            "documents_cutoff": "2026-11-29T16:00",
            "free_days": 14
        }}),
    )
    .await;
    assert_eq!(b.status, 200, "{}", b.body);
    let sid = str_of(&b.body, "shipment_id").to_string();
    let mut shipment = get(&app, &t.shipping, &format!("/api/v1/shipments/{sid}"))
        .await
        .body;
    for k in &boxes {
        let r = post(
            &app,
            &t.shipping,
            &format!("/api/v1/shipments/{sid}/containers"),
            &k.body(&instruction),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        shipment = r.body;
    }
    Stuffed {
        app,
        t,
        contract,
        instruction,
        shipment,
        boxes,
    }
}

/// The three containers most tests stuff: 1000 + 790 + … cartons.
pub fn two_boxes() -> Vec<Packed> {
    vec![
        Packed {
            number: "MSKU9070323",
            seal: "ML1234567",
            packages: 1000,
        },
        Packed {
            number: "TGHU7611307",
            seal: "ML7654321",
            packages: 790,
        },
    ]
}

/// Generate the shipment's documents; asserts 200 and returns the report.
pub async fn generate(app: &TestApp, t: &str, sid: &str, body: &Value) -> Value {
    let r = post(
        app,
        t,
        &format!("/api/v1/shipments/{sid}/documents/generate"),
        body,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["shipment_id"], sid);
    r.body
}

/// The entry of `kind` in a generation report.
pub fn entry<'a>(report: &'a Value, kind: &str) -> &'a Value {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {report}"))
}

/// A document as the API shows it.
pub async fn document(app: &TestApp, t: &str, id: &str) -> Value {
    let r = get(app, t, &format!("/api/v1/documents/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.etag.as_deref(),
        Some(quoted(version(&r.body)).as_str()),
        "the ETag is the version"
    );
    r.body
}

/// The shipment's documents (all kinds).
pub async fn documents_of(app: &TestApp, t: &str, sid: &str) -> Vec<Value> {
    let r = get(app, t, &format!("/api/v1/documents?shipment_id={sid}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

/// (status, content type, content disposition, body) of a download.
pub async fn download(app: &TestApp, t: &str, path: &str) -> (u16, String, String, Vec<u8>) {
    let r = app.get(t, path).send().await.unwrap();
    let status = r.status().as_u16();
    let h = |n: &str| {
        r.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let ct = h("content-type");
    let cd = h("content-disposition");
    (status, ct, cd, r.bytes().await.unwrap().to_vec())
}

/// A PDF downloaded: asserts 200 and `application/pdf`.
pub async fn pdf(app: &TestApp, t: &str, path: &str) -> Vec<u8> {
    let (status, ct, _, bytes) = download(app, t, path).await;
    assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&bytes));
    assert_eq!(ct, "application/pdf", "{path}");
    assert!(bytes.starts_with(b"%PDF"), "{path} is not a PDF");
    bytes
}

fn poppler(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let mut cmd = std::process::Command::new(tool);
    cmd.args(args).arg(&file);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is installed: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF as `pdftotext -layout` reads it.
pub fn layout_text(bytes: &[u8]) -> String {
    poppler("pdftotext", &["-layout"], bytes)
}

/// The page count `pdfinfo` reports.
pub fn page_count(bytes: &[u8]) -> usize {
    let info = poppler("pdfinfo", &[], bytes);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap_or_else(|| panic!("no page count in {info}"))
        .trim()
        .parse()
        .unwrap()
}

/// `38493.95` → `38,493.95` (two decimals, thousands separated).
pub fn grouped(d: Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap();
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |rest| ("-", rest));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

/// Every cell of every sheet of a workbook, as (sheet, row, column, value).
pub fn xlsx_cells(bytes: Vec<u8>) -> Vec<(String, u32, u32, calamine::Data)> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an .xlsx workbook");
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("a sheet");
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            out.push((name.clone(), r0 + r as u32, c0 + c as u32, v.clone()));
        }
    }
    out
}

/// The entries of a zip: (name, bytes).
pub fn unzip(bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().expect("a file name").to_string(), data)
        })
        .collect()
}

/// The example set's first B/L, as the carrier would issue it for `shipment`'s containers.
pub fn bill_of_lading(number: &str, s: &Stuffed) -> Value {
    let set: Value = serde_json::from_str(EXAMPLE_SET).unwrap();
    let mut bl = set["bills_of_lading"][0].clone();
    bl["number"] = json!(number);
    bl["vessel"] = json!("MAERSK KOWLOON");
    bl["voyage"] = json!("447W");
    bl["on_board_notation"]["vessel"] = json!("MAERSK KOWLOON");
    bl["packages_total"] = json!(s.packages());
    bl["gross_weight_kg"] = json!(s.gross().to_string());
    bl["containers"] = Value::Array(
        s.boxes
            .iter()
            .map(|b| {
                json!({
                    "number": b.number,
                    "seal": b.seal,
                    "type": "40RH",
                    "packages": b.packages,
                    "gross_weight_kg": b.gross().to_string(),
                    "reefer_setpoint_c": "0.5"
                })
            })
            .collect(),
    );
    bl
}

/// The example set's certificate of origin with this number.
pub fn certificate_of_origin(number: &str) -> Value {
    let set: Value = serde_json::from_str(EXAMPLE_SET).unwrap();
    let mut co = set["certificate_of_origin"].clone();
    co["number"] = json!(number);
    co
}

pub fn scan(file_name: &str, data: &[u8]) -> Value {
    json!({"file_name": file_name, "data_base64": base64(data)})
}
