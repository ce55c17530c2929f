//! Trade documents end to end (issue 7): a shipment's set generated from the stuffed
//! containers and agreeing with them, printed as PDF (English and Chinese) and .xlsx, checked
//! by people under the verification rules before it is final and sent, received documents
//! recorded with their scans, the set exported and imported in the interchange format, the
//! set as one PDF and as a zip, and the generation's progress streamed. The real server on a
//! random port over a fresh database each test (SQLite, or PostgreSQL when
//! GENDAN_TEST_DATABASE_URL is set).

mod common;
#[path = "common/docs.rs"]
mod docs;

use chrono::Duration;
use common::api::*;
use common::*;
use docs::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

/// The date the documents are generated with; their numbers carry its year.
const DOC_DATE: &str = "2026-11-27";

fn year() -> &'static str {
    &DOC_DATE[..4]
}

/// The first number of the year for a generated kind's default pattern (`CI2026-0001`).
fn first_number(prefix: &str) -> String {
    format!("{prefix}{}-0001", year())
}

fn dated() -> Value {
    json!({"date": DOC_DATE})
}

/// The kinds Gendan generates, in the order a set is made.
const GENERATED: [&str; 7] = [
    "commercial_invoice",
    "packing_list",
    "shipping_instruction",
    "certificate_of_origin_application",
    "phytosanitary_application",
    "insurance_declaration",
    "draft",
];

fn kinds_of(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| str_of(d, "kind").to_string())
        .collect()
}

fn check(revision: i64, result: &str, note: Option<&str>) -> Value {
    json!({
        "revision": revision,
        "compared": "against the contract, the packing list and the containers stuffed",
        "result": result,
        "note": note,
    })
}

async fn add_check(app: &TestApp, t: &str, id: &str, body: &Value) -> Resp {
    post(app, t, &format!("/api/v1/documents/{id}/checks"), body).await
}

/// Documents that require a certificate of origin and a phytosanitary certificate.
fn co_and_phyto() -> Value {
    json!([
        {"kind": "commercial_invoice", "originals": 3},
        {"kind": "certificate_of_origin", "originals": 1},
        {"kind": "phytosanitary_certificate", "originals": 1}
    ])
}

#[tokio::test]
async fn a_generated_set_agrees_with_the_shipment() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());

    // Nothing generated yet; shipping does not make documents.
    assert!(documents_of(app, &t.documentation, &sid).await.is_empty());
    let r = post(
        app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/documents/generate"),
        &dated(),
    )
    .await;
    assert_problem(&r, 403, "forbidden");
    // A received kind is not generated; a bad date is named.
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents/generate"),
        &json!({"kinds": ["bill_of_lading"], "date": "27/11/2026"}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "kinds", Some("not_generated"));
    assert_field(&r.body, "date", Some("invalid_date"));
    assert!(documents_of(app, &t.documentation, &sid).await.is_empty());

    let report = generate(app, &t.documentation, &sid, &dated()).await;
    assert_eq!(kinds_of(&report), GENERATED, "{report}");
    // The terms: CIF with insurance, a certificate of origin and a phytosanitary certificate
    // required, T/T only (no draft).
    for (kind, prefix) in [
        ("commercial_invoice", "CI"),
        ("packing_list", "PL"),
        ("shipping_instruction", "SI"),
        ("certificate_of_origin_application", "COA"),
        ("phytosanitary_application", "PQA"),
        ("insurance_declaration", "INS"),
    ] {
        let e = entry(&report, kind);
        assert_eq!(e["outcome"], "created", "{e}");
        assert_eq!(e["revision"], 1, "{e}");
        assert_eq!(e["number"], first_number(prefix).as_str(), "{e}");
        assert!(e["reason"].is_null(), "{e}");
    }
    let draft = entry(&report, "draft");
    assert_eq!(draft["outcome"], "skipped", "{draft}");
    assert_eq!(draft["reason"], "draft_not_required", "T/T only: {draft}");
    assert!(draft["id"].is_null(), "{draft}");

    let listed = documents_of(app, &t.documentation, &sid).await;
    assert_eq!(listed.len(), 6);
    let r = get(
        app,
        &t.documentation,
        &format!("/api/v1/documents?shipment_id={sid}&kind=packing_list"),
    )
    .await;
    assert_eq!(r.body.as_array().unwrap().len(), 1, "{}", r.body);
    let r = get(app, &t.documentation, "/api/v1/documents?kind=invoice").await;
    assert_field(&r.body, "kind", Some("invalid_choice"));

    // The invoice: Σ quantity × price of the contract over what was stuffed.
    let ci = document(
        app,
        &t.documentation,
        str_of(entry(&report, "commercial_invoice"), "id"),
    )
    .await;
    assert_eq!(ci["kind"], "commercial_invoice");
    assert_eq!(ci["state"], "draft");
    assert_eq!(ci["received"], false);
    assert_eq!(ci["has_xlsx"], true);
    assert_eq!(ci["finalise_blocked_by"], "not_enough_checks");
    assert_eq!(ci["shipment_number"], s.shipment["number"]);
    let inv = &ci["data"];
    assert_eq!(inv["number"], ci["number"]);
    assert_eq!(inv["date"], DOC_DATE);
    assert_eq!(inv["currency"], "USD");
    assert_eq!(inv["contract_number"], s.contract["number"]);
    let lines = inv["lines"].as_array().unwrap();
    let mut quantity = Decimal::ZERO;
    for l in lines {
        assert_eq!(
            dec(&l["amount"]),
            (dec(&l["quantity"]) * dec(&l["unit_price"]))
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
            "{l}"
        );
        assert_eq!(dec(&l["unit_price"]), s.unit_price(), "{l}");
        quantity += dec(&l["quantity"]);
    }
    let total = dec(&inv["total_amount"]);
    assert_eq!(total, lines.iter().map(|l| dec(&l["amount"])).sum::<Decimal>());
    assert_eq!(quantity, Decimal::from(s.packages()), "cartons stuffed");
    let expected_total = (Decimal::from(s.packages()) * s.unit_price())
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(total, expected_total);
    assert_eq!(inv["packages_total"], s.packages());
    assert_eq!(dec(&inv["net_weight_kg"]), s.net());
    assert_eq!(dec(&inv["gross_weight_kg"]), s.gross());
    // The agreed deposit (30 % on contract under T/T 30/70) and the balance.
    let deposit = (total * Decimal::from(30) / Decimal::from(100))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(dec(&inv["deposit_received"]), deposit);
    assert_eq!(dec(&inv["balance_due"]), total - deposit);

    // The packing list: the containers stuffed, with their seals.
    let pl = document(
        app,
        &t.documentation,
        str_of(entry(&report, "packing_list"), "id"),
    )
    .await;
    let pld = &pl["data"];
    assert_eq!(pld["number"], pl["number"]);
    assert_eq!(pld["invoice_number"], ci["number"]);
    let containers = pld["containers"].as_array().unwrap();
    assert_eq!(containers.len(), s.boxes.len());
    for (c, b) in containers.iter().zip(&s.boxes) {
        assert_eq!(c["number"], b.number);
        assert_eq!(c["seal"], b.seal);
        assert_eq!(c["packages"], b.packages);
        assert_eq!(dec(&c["gross_weight_kg"]), b.gross());
        // 500 × 300 × 280 mm cartons: 0.042 m³ each.
        assert_eq!(
            dec(&c["measurement_cbm"]),
            Decimal::from(b.packages) * Decimal::new(42, 3)
        );
    }
    for l in pld["lines"].as_array().unwrap() {
        assert_eq!(
            dec(&l["measurement_cbm"]),
            Decimal::from(l["packages"].as_u64().unwrap()) * Decimal::new(42, 3),
            "{l}"
        );
    }
    assert_eq!(
        dec(&pld["measurement_cbm"]),
        Decimal::from(s.packages()) * Decimal::new(42, 3)
    );
    assert_eq!(pld["packages_total"], s.packages());
    assert_eq!(dec(&pld["net_weight_kg"]), s.net());
    assert_eq!(dec(&pld["gross_weight_kg"]), s.gross());

    // The shipping instruction agrees with the packing list.
    let si = document(
        app,
        &t.documentation,
        str_of(entry(&report, "shipping_instruction"), "id"),
    )
    .await;
    let sid_ = &si["data"];
    assert_eq!(sid_["number"], si["number"]);
    assert_eq!(sid_["invoice_number"], ci["number"]);
    assert_eq!(sid_["booking_number"], "MAEU262514789");
    assert_eq!(sid_["packages_total"], pld["packages_total"]);
    assert_eq!(dec(&sid_["gross_weight_kg"]), dec(&pld["gross_weight_kg"]));
    assert_eq!(dec(&sid_["net_weight_kg"]), dec(&pld["net_weight_kg"]));
    let si_boxes: Vec<(&Value, &Value)> = sid_["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (&c["number"], &c["seal"]))
        .collect();
    let pl_boxes: Vec<(&Value, &Value)> = containers.iter().map(|c| (&c["number"], &c["seal"])).collect();
    assert_eq!(si_boxes, pl_boxes);

    // The certificate applications and the insurance declaration follow the invoice.
    let co = document(
        app,
        &t.documentation,
        str_of(entry(&report, "certificate_of_origin_application"), "id"),
    )
    .await;
    assert_eq!(co["data"]["application_number"], co["number"]);
    assert_eq!(co["data"]["invoice_number"], ci["number"]);
    assert_eq!(co["data"]["invoice_date"], ci["data"]["date"]);
    assert_eq!(co["data"]["packages_total"], s.packages());
    let pq = document(
        app,
        &t.documentation,
        str_of(entry(&report, "phytosanitary_application"), "id"),
    )
    .await;
    assert_eq!(pq["data"]["application_number"], pq["number"]);
    assert_eq!(pq["data"]["quantity_declared"]["packages"], s.packages());
    let ins = document(
        app,
        &t.documentation,
        str_of(entry(&report, "insurance_declaration"), "id"),
    )
    .await;
    assert_eq!(ins["data"]["declaration_number"], ins["number"]);
    assert_eq!(dec(&ins["data"]["cif_value"]), total);
    // 110 % of the CIF value, rounded up to the whole dollar.
    assert_eq!(
        dec(&ins["data"]["insured_amount"]),
        (total * Decimal::from(110) / Decimal::from(100))
            .round_dp_with_strategy(0, RoundingStrategy::AwayFromZero)
    );

    // Regenerated without a change: nothing changes, the skipped stay skipped.
    let again = generate(app, &t.documentation, &sid, &dated()).await;
    for e in again["documents"].as_array().unwrap() {
        let first = entry(&report, str_of(e, "kind"));
        if first["outcome"] == "skipped" {
            assert_eq!(e["outcome"], "skipped", "{e}");
            assert_eq!(e["reason"], first["reason"], "{e}");
        } else {
            assert_eq!(e["outcome"], "unchanged", "{e}");
            assert_eq!(e["revision"], 1, "{e}");
            assert_eq!(e["id"], first["id"], "{e}");
            assert_eq!(e["number"], first["number"], "{e}");
        }
    }
    // Nor on another day with no date given: a document keeps the date it was made with.
    app.clock.advance(Duration::days(1));
    let next_day = generate(app, &t.documentation, &sid, &json!({})).await;
    // The certificate of origin application still names the invoice's date.
    let co = document(app, &t.documentation, str_of(&co, "id")).await;
    assert_eq!(
        co["data"]["invoice_date"], DOC_DATE,
        "the invoice is dated {DOC_DATE}: {}",
        co["data"]
    );
    for e in next_day["documents"].as_array().unwrap() {
        if e["kind"] == "draft" {
            continue;
        }
        // On failure, say what the new revision changed.
        let changed = if e["outcome"] == "unchanged" {
            Value::Null
        } else {
            get(
                app,
                &t.documentation,
                &format!("/api/v1/documents/{}/revisions", str_of(e, "id")),
            )
            .await
            .body
        };
        assert_eq!(e["outcome"], "unchanged", "{e}: {changed}");
        assert_eq!(e["revision"], 1, "{e}");
    }
    assert_eq!(documents_of(app, &t.documentation, &sid).await.len(), 6);
    let ci = document(app, &t.documentation, str_of(&ci, "id")).await;
    assert_eq!(ci["data"]["date"], DOC_DATE);
}

#[tokio::test]
async fn pdf_text_in_english_and_chinese() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let report = generate(app, &t.documentation, &sid, &dated()).await;
    let ci = document(
        app,
        &t.documentation,
        str_of(entry(&report, "commercial_invoice"), "id"),
    )
    .await;
    let pl = document(
        app,
        &t.documentation,
        str_of(entry(&report, "packing_list"), "id"),
    )
    .await;
    let si = document(
        app,
        &t.documentation,
        str_of(entry(&report, "shipping_instruction"), "id"),
    )
    .await;
    let number = str_of(&ci, "number");
    let total = grouped(dec(&ci["data"]["total_amount"]));
    assert!(total.contains(','), "{total} has a thousands separator");

    // The invoice in English: its number and the total with thousands separators.
    let (status, ct, disposition, bytes) = download(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{}/pdf?lang=en", str_of(&ci, "id")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(ct, "application/pdf");
    assert!(disposition.contains(&format!("{number}.pdf")), "{disposition}");
    let text = layout_text(&bytes);
    for want in ["COMMERCIAL INVOICE", number, total.as_str()] {
        assert!(text.contains(want), "{want} missing from the invoice: {text}");
    }
    assert!(!text.contains("商业发票"), "English only: {text}");
    // In Chinese.
    let zh = layout_text(
        &pdf(
            app,
            &t.documentation,
            &format!("/api/v1/documents/{}/pdf?lang=zh", str_of(&ci, "id")),
        )
        .await,
    );
    for want in ["商业发票", number, total.as_str()] {
        assert!(zh.contains(want), "{want} missing from the Chinese invoice: {zh}");
    }

    // The packing list shows the containers stuffed.
    let text = layout_text(
        &pdf(
            app,
            &t.documentation,
            &format!("/api/v1/documents/{}/pdf", str_of(&pl, "id")),
        )
        .await,
    );
    assert!(text.contains(str_of(&pl, "number")), "{text}");
    for b in &s.boxes {
        assert!(
            text.contains(b.number),
            "{} missing from the packing list: {text}",
            b.number
        );
        assert!(
            text.contains(b.seal),
            "{} missing from the packing list: {text}",
            b.seal
        );
        // Each container's measurement (1000 cartons × 0.042 m³ = 42.000).
        let m3 = (Decimal::from(b.packages) * Decimal::new(42, 3))
            .round_dp(3)
            .to_string();
        assert!(
            text.contains(&m3),
            "{m3} m³ missing from the packing list: {text}"
        );
    }

    // The shipping instruction: 提单补料 in Chinese, SHIPPING INSTRUCTION in English.
    let zh = layout_text(
        &pdf(
            app,
            &t.documentation,
            &format!("/api/v1/documents/{}/pdf?lang=zh", str_of(&si, "id")),
        )
        .await,
    );
    assert!(zh.contains("提单补料"), "{zh}");
    assert!(zh.contains(str_of(&si, "number")), "{zh}");
    let en = layout_text(
        &pdf(
            app,
            &t.documentation,
            &format!("/api/v1/documents/{}/pdf?lang=en", str_of(&si, "id")),
        )
        .await,
    );
    assert!(en.contains("SHIPPING INSTRUCTION"), "{en}");
    assert!(!en.contains("提单补料"), "{en}");
    for b in &s.boxes {
        assert!(en.contains(b.number), "{} missing from the SI: {en}", b.number);
    }

    // Every generated kind prints.
    for e in report["documents"].as_array().unwrap() {
        if e["outcome"] != "skipped" {
            let text = layout_text(
                &pdf(
                    app,
                    &t.documentation,
                    &format!("/api/v1/documents/{}/pdf", str_of(e, "id")),
                )
                .await,
            );
            assert!(text.contains(str_of(e, "number")), "{e}: {text}");
        }
    }
    // An unknown document is a 404.
    let (status, _, _, _) = download(
        app,
        &t.documentation,
        "/api/v1/documents/00000000-0000-0000-0000-000000000000/pdf",
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn xlsx_reads_back() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let report = generate(app, &t.documentation, &sid, &dated()).await;
    let ci = document(
        app,
        &t.documentation,
        str_of(entry(&report, "commercial_invoice"), "id"),
    )
    .await;
    let total = dec(&ci["data"]["total_amount"]);
    let total_f: f64 = total.to_string().parse().unwrap();

    let (status, ct, disposition, bytes) = download(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{}/xlsx", str_of(&ci, "id")),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        ct,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        disposition.contains(&format!("{}.xlsx", str_of(&ci, "number"))),
        "{disposition}"
    );
    let cells = xlsx_cells(bytes);
    assert!(
        cells
            .iter()
            .any(|(_, _, _, v)| matches!(v, calamine::Data::String(x) if x.contains(str_of(&ci, "number")))),
        "the invoice number is in the sheet: {cells:?}"
    );
    assert!(
        cells.iter().any(|(_, _, _, v)| match v {
            calamine::Data::Float(f) => (f - total_f).abs() < 0.005,
            calamine::Data::String(x) => x.contains(&grouped(total)),
            _ => false,
        }),
        "the total {total} is in the sheet: {cells:?}"
    );

    // The packing list's sheet lists the containers.
    let pl = entry(&report, "packing_list");
    let (status, _, _, bytes) = download(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{}/xlsx", str_of(pl, "id")),
    )
    .await;
    assert_eq!(status, 200);
    let cells = xlsx_cells(bytes);
    for b in &s.boxes {
        assert!(
            cells
                .iter()
                .any(|(_, _, _, v)| matches!(v, calamine::Data::String(x) if x.contains(b.number))),
            "{} is in the packing list sheet",
            b.number
        );
    }

    // A shipping instruction has no spreadsheet.
    let si = entry(&report, "shipping_instruction");
    let r = get(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{}/xlsx", str_of(si, "id")),
    )
    .await;
    assert_problem(&r, 404, "not_found");
}

#[tokio::test]
async fn verification_rules() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    // Under the default policy one person with the clean system check would do; this
    // company wants two people.
    let admin = app.token(gendan_domain::role::Role::Admin).await;
    let cur = get(app, &admin, "/api/v1/company").await;
    let company = json!({
        "name_en": "Yantai Golden Orchard Import & Export Co., Ltd.",
        "address_en": "88 Binhai Road, Laishan District, Yantai, Shandong, China",
        "check_person_and_system": false
    });
    let r = put(app, &admin, "/api/v1/company", Some(version(&cur.body)), &company).await;
    assert_eq!(r.status, 200, "{}", r.body);

    let report = generate(app, &t.documentation, &sid, &dated()).await;
    let ci_id = str_of(entry(&report, "commercial_invoice"), "id").to_string();
    let pl_id = str_of(entry(&report, "packing_list"), "id").to_string();

    // Production does not check documents.
    let r = add_check(app, &t.production, &ci_id, &check(1, "passed", None)).await;
    assert_problem(&r, 403, "forbidden");
    // A failed check says what is wrong.
    let r = add_check(app, &t.documentation, &ci_id, &check(1, "failed", None)).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "note", Some("required"));
    let r = add_check(app, &t.documentation, &ci_id, &check(1, "failed", Some("  "))).await;
    assert_field(&r.body, "note", Some("required"));
    // Only the system's clean check so far: the cross-check ran as the set was made.
    let checks = document(app, &t.documentation, &ci_id).await["checks"].clone();
    assert_eq!(checks.as_array().unwrap().len(), 1, "{checks}");
    assert_eq!(checks[0]["kind"], "system");
    assert_eq!(checks[0]["result"], "passed");

    // One person's passed check is not enough, nor the same person twice.
    let r = add_check(app, &t.documentation, &ci_id, &check(1, "passed", None)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["state"], "draft");
    assert_eq!(r.body["finalise_blocked_by"], "not_enough_checks");
    assert_eq!(r.body["checks"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["checks"][1]["revision"], 1);
    assert_eq!(r.body["checks"][1]["result"], "passed");
    assert_eq!(r.body["checks"][1]["kind"], "person");
    let r = add_check(app, &t.documentation, &ci_id, &check(1, "passed", None)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["state"], "draft");
    assert_eq!(r.body["finalise_blocked_by"], "not_enough_checks");
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{ci_id}/finalise"),
        version(&r.body),
        &json!({}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "checks", Some("not_enough_checks"));
    assert_eq!(document(app, &t.documentation, &ci_id).await["state"], "draft");

    // A second person: checked.
    let r = add_check(app, &t.merch, &ci_id, &check(1, "passed", None)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["state"], "checked");
    assert!(r.body["finalise_blocked_by"].is_null(), "{}", r.body);
    let checked = r.body;

    // Final: If-Match required, a stale version refused.
    let r = read(
        app.post(&t.documentation, &format!("/api/v1/documents/{ci_id}/finalise"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&r, 428, "precondition_required");
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{ci_id}/finalise"),
        version(&checked) - 1,
        &json!({}),
    )
    .await;
    assert_problem(&r, 409, "version_conflict");
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{ci_id}/finalise"),
        version(&checked),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "final");
    assert_eq!(r.etag.as_deref(), Some(quoted(version(&r.body)).as_str()));
    let fin = r.body;

    // A packing list that is not final is not sent.
    let pl = document(app, &t.documentation, &pl_id).await;
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{pl_id}/sent"),
        version(&pl),
        &json!({}),
    )
    .await;
    assert_field(&r.body, "state", Some("not_final"));

    // Sent: If-Match required; then nothing is checked on it any more.
    let r = read(
        app.post(&t.documentation, &format!("/api/v1/documents/{ci_id}/sent"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&r, 428, "precondition_required");
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{ci_id}/sent"),
        version(&fin),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["state"], "sent");
    assert!(r.body["sent_at"].is_string(), "{}", r.body);
    let sent = r.body;
    let r = add_check(app, &t.merch, &ci_id, &check(1, "passed", None)).await;
    assert_field(&r.body, "state", Some("already_sent"));

    // The packing list is checked by two people at revision 1.
    for who in [&t.documentation, &t.manager] {
        let r = add_check(app, who, &pl_id, &check(1, "passed", None)).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    assert_eq!(document(app, &t.documentation, &pl_id).await["state"], "checked");

    // A milestone changes no document: the sent invoice is skipped, the rest unchanged.
    let r = post(
        app,
        &t.shipping,
        &format!("/api/v1/shipments/{sid}/milestones"),
        &json!({"kind": "gated_in", "date": "2026-11-27", "source": "forwarder", "note": "gate-in seen"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let again = generate(app, &t.documentation, &sid, &dated()).await;
    let e = entry(&again, "commercial_invoice");
    assert_eq!(e["outcome"], "skipped", "{e}");
    assert_eq!(e["reason"], "already_sent", "{e}");
    for e in again["documents"].as_array().unwrap() {
        if e["kind"] != "commercial_invoice" && e["kind"] != "draft" {
            assert_eq!(e["outcome"], "unchanged", "{e}");
        }
    }

    // Fewer cartons in the second container: the figures change.
    let shipment = get(app, &t.shipping, &format!("/api/v1/shipments/{sid}"))
        .await
        .body;
    let second = shipment["containers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["number"] == s.boxes[1].number)
        .unwrap();
    let smaller = Packed {
        number: s.boxes[1].number,
        seal: s.boxes[1].seal,
        packages: s.boxes[1].packages - 90,
    };
    let r = read(
        app.http
            .put(app.url(&format!(
                "/api/v1/shipments/{sid}/containers/{}",
                str_of(second, "id")
            )))
            .bearer_auth(&t.shipping)
            .header("If-Match", quoted(version(&shipment)))
            .json(&smaller.body(&s.instruction))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let new_packages = s.boxes[0].packages + smaller.packages;
    assert_eq!(r.body["totals"]["packages"], new_packages);

    let after = generate(app, &t.documentation, &sid, &dated()).await;
    // The sent invoice is untouched.
    let e = entry(&after, "commercial_invoice");
    assert_eq!(e["outcome"], "skipped", "{e}");
    assert_eq!(e["reason"], "already_sent", "{e}");
    assert_eq!(e["revision"], 1, "{e}");
    let inv = document(app, &t.documentation, &ci_id).await;
    assert_eq!(inv["state"], "sent");
    assert_eq!(inv["revision"], 1);
    assert_eq!(inv["data"], sent["data"]);
    assert_eq!(inv["data"]["packages_total"], s.packages());
    let r = get(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{ci_id}/revisions"),
    )
    .await;
    assert_eq!(r.body.as_array().unwrap().len(), 1, "{}", r.body);

    // The packing list is revised: its checks no longer count.
    let e = entry(&after, "packing_list");
    assert_eq!(e["outcome"], "revised", "{e}");
    assert_eq!(e["revision"], 2, "{e}");
    assert_eq!(e["number"], pl["number"], "the number is kept: {e}");
    let pl2 = document(app, &t.documentation, &pl_id).await;
    assert_eq!(pl2["revision"], 2);
    assert_eq!(pl2["state"], "draft");
    assert_eq!(pl2["data"]["packages_total"], new_packages);
    let log = pl2["checks"].as_array().unwrap();
    assert_eq!(
        log.iter().filter(|c| c["kind"] == "person").count(),
        2,
        "the log keeps the earlier checks"
    );
    // The sent invoice still shows the old count: the cross-check finds the packing list
    // at odds with it, and its system check of revision 2 failed.
    assert_eq!(pl2["finalise_blocked_by"], "system_check_failed");
    let last = log.last().unwrap();
    assert_eq!(
        (&last["kind"], &last["revision"], &last["result"]),
        (&json!("system"), &json!(2), &json!("failed"))
    );
    assert!(last["note"].as_str().unwrap().contains("X-PKG-COUNT"), "{last}");
    let r = add_check(app, &t.merch, &pl_id, &check(1, "passed", None)).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "revision", Some("superseded_revision"));
    assert_eq!(
        document(app, &t.documentation, &pl_id).await["checks"]
            .as_array()
            .unwrap()
            .len(),
        log.len(),
        "nothing was added"
    );
    let r = add_check(app, &t.merch, &pl_id, &check(2, "passed", None)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["state"], "draft", "one person at revision 2");
    // The revisions say what changed.
    let r = get(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{pl_id}/revisions"),
    )
    .await;
    let revs = r.body.as_array().unwrap();
    assert_eq!(revs.len(), 2, "{}", r.body);
    assert_eq!(revs[1]["revision"], 2);
    assert!(
        revs[1]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "packages_total"
                && c["before"].as_str().and_then(|v| v.parse::<u32>().ok()) == Some(s.packages())
                && c["after"].as_str().and_then(|v| v.parse::<u32>().ok()) == Some(new_packages)),
        "{}",
        revs[1]
    );
    // The shipping instruction follows: revised too.
    assert_eq!(entry(&after, "shipping_instruction")["outcome"], "revised");
    // What is derived from the invoice follows the invoice as stored and sent, not figures
    // the sent invoice does not show.
    let ins = document(
        app,
        &t.documentation,
        str_of(entry(&after, "insurance_declaration"), "id"),
    )
    .await;
    let co = document(
        app,
        &t.documentation,
        str_of(entry(&after, "certificate_of_origin_application"), "id"),
    )
    .await;
    assert_eq!(co["data"]["invoice_number"], inv["number"]);
    assert_eq!(
        co["data"]["packages_total"], inv["data"]["packages_total"],
        "the application names invoice {} and must carry its figures",
        inv["number"]
    );
    assert_eq!(
        dec(&ins["data"]["cif_value"]),
        dec(&inv["data"]["total_amount"]),
        "the insured value is based on the invoice sent"
    );
}

#[tokio::test]
async fn received_documents_and_scans() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let path = format!("/api/v1/shipments/{sid}/documents");
    let count = || async { documents_of(app, &t.documentation, &sid).await.len() };

    // A B/L with a PNG scan named like a PDF: the type is read from the content.
    let bl = bill_of_lading("MAEU262514789", &s);
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "bill_of_lading", "data": bl, "scan": scan("bl-original.pdf", &PNG)}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let doc = r.body;
    assert_eq!(doc["kind"], "bill_of_lading");
    assert_eq!(doc["number"], "MAEU262514789");
    assert_eq!(doc["received"], true);
    assert_eq!(doc["has_xlsx"], false);
    assert_eq!(doc["revision"], 1);
    assert_eq!(doc["state"], "draft");
    assert_eq!(doc["data"]["containers"][1]["number"], s.boxes[1].number);
    let scans = doc["scans"].as_array().unwrap();
    assert_eq!(scans.len(), 1);
    assert_eq!(scans[0]["file_name"], "bl-original.pdf");
    assert_eq!(scans[0]["content_type"], "image/png");
    assert_eq!(scans[0]["size"], PNG.len());
    let id = str_of(&doc, "id").to_string();
    // It downloads back byte for byte.
    let (status, ct, _, bytes) = download(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{id}/scans/{}", str_of(&scans[0], "id")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(ct, "image/png");
    assert_eq!(bytes, PNG);
    assert_eq!(count().await, 1);

    // Refused, and nothing written: a text file as a scan…
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "bill_of_lading", "data": bill_of_lading("MAEU262514790", &s),
                "scan": scan("bl.pdf", b"this is not a scan")}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "scan.data_base64", Some("not_a_scan"));
    // … a scan over 1.5 MB …
    let mut big = PNG.to_vec();
    big.resize(1_500_001, 0);
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "bill_of_lading", "data": bill_of_lading("MAEU262514790", &s),
                "scan": scan("bl.png", &big)}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "scan.data_base64", Some("too_large"));
    // … a B/L without its number, or with an empty one …
    let mut no_number = bill_of_lading("x", &s);
    no_number["number"] = json!("");
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "bill_of_lading", "data": no_number}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "data.number", Some("required"));
    no_number.as_object_mut().unwrap().remove("number");
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "bill_of_lading", "data": no_number}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "data.number", None);
    // … a kind Gendan makes itself …
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "commercial_invoice", "data": {"number": "INV-1"}}),
    )
    .await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "kind", Some("not_received"));
    // … and a role that does not record documents.
    let r = post(
        app,
        &t.production,
        &path,
        &json!({"kind": "bill_of_lading", "data": bill_of_lading("MAEU262514790", &s)}),
    )
    .await;
    assert_problem(&r, 403, "forbidden");
    assert_eq!(count().await, 1, "nothing was written");

    // A scan added later: a JPEG named .png is stored as a JPEG; a text file is refused.
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00];
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{id}/scans"),
        &scan("page2.png", &jpeg),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let scans = r.body["scans"].as_array().unwrap().clone();
    assert_eq!(scans.len(), 2);
    let added = scans.iter().find(|x| x["file_name"] == "page2.png").unwrap();
    assert_eq!(added["content_type"], "image/jpeg");
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{id}/scans"),
        &scan("page3.pdf", b"plain text"),
    )
    .await;
    assert_field(&r.body, "scan.data_base64", Some("not_a_scan"));
    assert_eq!(
        document(app, &t.documentation, &id).await["scans"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A scan is found only under its own document.
    let other = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "certificate_of_origin", "data": certificate_of_origin("26C3706A0001")}),
    )
    .await;
    assert_eq!(other.status, 201, "{}", other.body);
    let r = get(
        app,
        &t.documentation,
        &format!(
            "/api/v1/documents/{}/scans/{}",
            str_of(&other.body, "id"),
            str_of(&scans[0], "id")
        ),
    )
    .await;
    assert_eq!(r.status, 404);

    // The same B/L number again is a new revision of it, not a second B/L.
    let mut corrected = bill_of_lading("MAEU262514789", &s);
    corrected["freight"] = json!("COLLECT");
    let r = post(
        app,
        &t.documentation,
        &path,
        &json!({"kind": "bill_of_lading", "data": corrected}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["id"], id.as_str());
    assert_eq!(r.body["revision"], 2);
    assert_eq!(r.body["data"]["freight"], "COLLECT");
    assert_eq!(count().await, 2);
}

#[tokio::test]
async fn the_set_exports_and_imports() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let export = format!("/api/v1/shipments/{sid}/document-set");
    let import = format!("/api/v1/document-sets?shipment_id={sid}");

    // No invoice, no set.
    let r = get(app, &t.documentation, &export).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "invoice", Some("no_invoice"));

    let report = generate(app, &t.documentation, &sid, &dated()).await;
    let ci = document(
        app,
        &t.documentation,
        str_of(entry(&report, "commercial_invoice"), "id"),
    )
    .await;
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents"),
        &json!({"kind": "bill_of_lading", "data": bill_of_lading("MAEU262514789", &s)}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let bl1 = r.body;

    let r = get(app, &t.documentation, &export).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let set = r.body;
    assert_eq!(set["invoice"]["total_amount"], ci["data"]["total_amount"]);
    assert_eq!(set["invoice"]["number"], ci["number"]);
    assert_eq!(set["contract"]["number"], s.contract["number"]);
    assert_eq!(
        set["packing_list"]["number"],
        entry(&report, "packing_list")["number"]
    );
    assert_eq!(set["packing_list"]["packages_total"], s.packages());
    assert_eq!(set["bills_of_lading"].as_array().unwrap().len(), 1);
    assert_eq!(set["bills_of_lading"][0]["number"], bl1["number"]);
    assert!(set["certificate_of_origin"].is_null(), "none received yet");
    let presented: Vec<&str> = set["presentation"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| str_of(d, "type"))
        .collect();
    for want in ["INVOICE", "PACKING_LIST", "BL"] {
        assert!(presented.contains(&want), "{want} in {presented:?}");
    }
    let before = documents_of(app, &t.documentation, &sid).await.len();

    // The certificate of origin and a second B/L come back in the set.
    let mut with_more = set.clone();
    with_more["certificate_of_origin"] = certificate_of_origin("26C3706A0001");
    let mut bl2 = bill_of_lading("MAEU262514790", &s);
    bl2["containers"] = json!([bl2["containers"][1].clone()]);
    with_more["bills_of_lading"].as_array_mut().unwrap().push(bl2);
    let r = post(app, &t.documentation, &import, &with_more).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["shipment_id"], sid.as_str());
    let outcome = |kind: &str, number: &str| -> Value {
        r.body["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == kind && d["number"] == number)
            .unwrap_or_else(|| panic!("no {kind} {number} in {}", r.body))["outcome"]
            .clone()
    };
    assert_eq!(outcome("bill_of_lading", "MAEU262514789"), "unchanged");
    assert_eq!(outcome("bill_of_lading", "MAEU262514790"), "created");
    assert_eq!(outcome("certificate_of_origin", "26C3706A0001"), "created");
    let docs = documents_of(app, &t.documentation, &sid).await;
    assert_eq!(docs.len(), before + 2);
    let co = docs
        .iter()
        .find(|d| d["kind"] == "certificate_of_origin")
        .unwrap();
    assert_eq!(co["received"], true);
    assert_eq!(co["data"]["form"], "GENERAL");
    let again = get(app, &t.documentation, &export).await.body;
    assert_eq!(again["bills_of_lading"].as_array().unwrap().len(), 2);
    assert_eq!(again["certificate_of_origin"]["number"], "26C3706A0001");

    // A decimal written as a JSON number is refused, and nothing of the set is recorded.
    let mut bad = again.clone();
    bad["invoice"]["total_amount"] = json!(38493.95);
    bad["bills_of_lading"]
        .as_array_mut()
        .unwrap()
        .push(bill_of_lading("MAEU262514791", &s));
    let r = post(app, &t.documentation, &import, &bad).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "invoice.total_amount", None);
    // A received certificate without its number: refused as a whole, the new B/L too.
    let mut bad = again.clone();
    bad["phytosanitary_certificate"] = {
        let example: Value = serde_json::from_str(EXAMPLE_SET).unwrap();
        let mut p = example["phytosanitary_certificate"].clone();
        p["number"] = Value::Null;
        p
    };
    bad["bills_of_lading"]
        .as_array_mut()
        .unwrap()
        .push(bill_of_lading("MAEU262514791", &s));
    let r = post(app, &t.documentation, &import, &bad).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "phytosanitary_certificate.number", Some("required"));
    assert_eq!(documents_of(app, &t.documentation, &sid).await.len(), before + 2);
    // Production may not import.
    let r = post(app, &t.production, &import, &again).await;
    assert_problem(&r, 403, "forbidden");

    // Without the shipment named, the set's invoice number finds it.
    let mut third = again.clone();
    third["bills_of_lading"]
        .as_array_mut()
        .unwrap()
        .push(bill_of_lading("MAEU262514791", &s));
    let r = post(app, &t.documentation, "/api/v1/document-sets", &third).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["shipment_id"], sid.as_str());
    assert!(
        r.body["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["number"] == "MAEU262514791" && d["outcome"] == "created"),
        "{}",
        r.body
    );
    assert_eq!(documents_of(app, &t.documentation, &sid).await.len(), before + 3);
    // An invoice number no shipment has is named.
    let mut stranger = third.clone();
    stranger["invoice"]["number"] = json!("CI1999-0001");
    let r = post(app, &t.documentation, "/api/v1/document-sets", &stranger).await;
    assert_problem(&r, 422, "validation_failed");
    assert_field(&r.body, "invoice.number", Some("unknown_invoice"));
    assert_eq!(documents_of(app, &t.documentation, &sid).await.len(), before + 3);

    // The example B/Ls differ from this shipment (marks, dates): the cross-check blocks them
    // until the sales manager lets the findings stand.
    let v = get(app, &t.merch, &format!("/api/v1/shipments/{sid}/document-checks"))
        .await
        .body;
    let open: Vec<Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "blocking" && f["state"] == "open")
        .cloned()
        .collect();
    assert!(!open.is_empty(), "{v}");
    for f in open {
        let r = post(
            app,
            &t.manager,
            &format!("/api/v1/shipments/{sid}/document-checks/decisions"),
            &json!({"fingerprint": f["fingerprint"], "reason": "the example B/L: accepted for the test"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }

    // The first B/L is checked, made final and sent: it is not changed any more.
    let bl1_id = str_of(&bl1, "id").to_string();
    for who in [&t.documentation, &t.merch] {
        let r = add_check(app, who, &bl1_id, &check(1, "passed", None)).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let cur = document(app, &t.documentation, &bl1_id).await;
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{bl1_id}/finalise"),
        version(&cur),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post_if(
        app,
        &t.documentation,
        &format!("/api/v1/documents/{bl1_id}/sent"),
        version(&r.body),
        &json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let count = documents_of(app, &t.documentation, &sid).await.len();
    let current = get(app, &t.documentation, &export).await.body;
    // A set that would change the sent B/L is refused as a whole: the new B/L listed before
    // it is not recorded either.
    let mut changing = current.clone();
    let bls = changing["bills_of_lading"].as_array_mut().unwrap();
    for b in bls.iter_mut() {
        if b["number"] == bl1["number"] {
            b["freight"] = json!("COLLECT");
        }
    }
    bls.insert(0, bill_of_lading("MAEU262514792", &s));
    let r = post(app, &t.documentation, &import, &changing).await;
    assert_problem(&r, 422, "validation_failed");
    assert!(
        field_errors(&r.body)
            .iter()
            .any(|(_, code)| code == "already_sent"),
        "{}",
        r.body
    );
    assert_eq!(
        documents_of(app, &t.documentation, &sid).await.len(),
        count,
        "nothing of a refused set is recorded"
    );
    // The same set again changes nothing, the sent B/L included.
    let r = post(app, &t.documentation, &import, &current).await;
    assert_eq!(r.status, 201, "{}", r.body);
    for d in r.body["documents"].as_array().unwrap() {
        assert_eq!(d["outcome"], "unchanged", "{d}");
    }
    let sent = document(app, &t.documentation, &bl1_id).await;
    assert_eq!(sent["state"], "sent");
    assert_eq!(sent["revision"], 1);
}

#[tokio::test]
async fn the_set_as_one_pdf_and_a_zip() {
    let s = stuffed_shipment(co_and_phyto(), two_boxes()).await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    // No documents yet: nothing to bundle.
    let (status, _, _, _) = download(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents/pdf"),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, _, _) = download(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents/zip"),
    )
    .await;
    assert_eq!(status, 404);

    generate(app, &t.documentation, &sid, &dated()).await;
    let r = post(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents"),
        &json!({"kind": "bill_of_lading", "data": bill_of_lading("MAEU262514789", &s),
                "scan": scan("bl.png", &PNG)}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let docs = documents_of(app, &t.documentation, &sid).await;
    assert!(docs.len() >= 2);

    // One PDF: at least a page per document, every number in it.
    let bundle = pdf(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents/pdf"),
    )
    .await;
    let pages = page_count(&bundle);
    assert!(pages >= docs.len(), "{pages} pages for {} documents", docs.len());
    let text = layout_text(&bundle);
    for d in &docs {
        assert!(
            text.contains(str_of(d, "number")),
            "{} missing from the bundle",
            d["number"]
        );
    }

    // The zip: a PDF per document, the invoice and packing list as .xlsx, the scan, the set.
    let (status, ct, disposition, bytes) = download(
        app,
        &t.documentation,
        &format!("/api/v1/shipments/{sid}/documents/zip"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(ct, "application/zip");
    assert!(disposition.contains(".zip"), "{disposition}");
    let files = unzip(bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let file = |name: &str| -> &Vec<u8> {
        &files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} not in {names:?}"))
            .1
    };
    for d in &docs {
        let kind = str_of(d, "kind");
        let number = str_of(d, "number");
        let pdf = file(&format!("{kind}/{number}.pdf"));
        assert!(pdf.starts_with(b"%PDF"), "{kind} {number}");
        assert!(layout_text(pdf).contains(number), "{kind} {number}");
        if d["has_xlsx"] == true {
            let cells = xlsx_cells(file(&format!("{kind}/{number}.xlsx")).clone());
            assert!(
                cells
                    .iter()
                    .any(|(_, _, _, v)| matches!(v, calamine::Data::String(x) if x.contains(number))),
                "{kind} {number} in its sheet"
            );
        }
    }
    let xlsx = names.iter().filter(|n| n.ends_with(".xlsx")).count();
    assert_eq!(xlsx, 2, "the invoice and the packing list: {names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("commercial_invoice/") && n.ends_with(".xlsx"))
            && names
                .iter()
                .any(|n| n.starts_with("packing_list/") && n.ends_with(".xlsx")),
        "{names:?}"
    );
    let scans: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| n.starts_with("bill_of_lading/scans/"))
        .collect();
    assert_eq!(scans.len(), 1, "{names:?}");
    assert_eq!(scans[0].1, PNG);
    let set: Value = serde_json::from_slice(file("document-set.json")).expect("the set as JSON");
    let ci = docs.iter().find(|d| d["kind"] == "commercial_invoice").unwrap();
    assert_eq!(set["invoice"]["number"], ci["number"]);
    assert_eq!(set["invoice"]["total_amount"], ci["data"]["total_amount"]);
    assert_eq!(set["bills_of_lading"][0]["number"], "MAEU262514789");
}

#[tokio::test]
async fn generation_streams_progress() {
    let s = stuffed_shipment(
        json!([{"kind": "commercial_invoice", "originals": 3}]),
        two_boxes(),
    )
    .await;
    let (app, t, sid) = (&s.app, &s.t, s.sid().to_string());
    let stream = |body: Value, sid: String| async move {
        let r = app
            .post(
                &t.documentation,
                &format!("/api/v1/shipments/{sid}/documents/generate"),
            )
            .header("Accept", "application/x-ndjson")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string()),
            Some("application/x-ndjson".into())
        );
        let text = r.text().await.unwrap();
        assert!(text.ends_with('\n'), "{text}");
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect::<Vec<Value>>()
    };

    let lines = stream(dated(), sid.clone()).await;
    let (last, progress) = lines.split_last().expect("lines");
    let report = &last["report"];
    assert!(report.is_object(), "the report comes last: {last}");
    assert_eq!(report["shipment_id"], sid.as_str());
    let k = report["documents"].as_array().unwrap().len();
    assert_eq!(progress.len(), k, "{lines:?}");
    for (i, p) in progress.iter().enumerate() {
        let p = &p["progress"];
        assert_eq!(p["done"], i + 1, "{p}");
        assert_eq!(p["total"], k, "{p}");
        assert_eq!(p["kind"], report["documents"][i]["kind"], "{p}");
    }
    assert_eq!(kinds_of(report), GENERATED);
    // Only an invoice required, CIF with insurance, T/T only.
    for (kind, reason) in [
        ("certificate_of_origin_application", "co_not_required"),
        ("phytosanitary_application", "phyto_not_required"),
        ("draft", "draft_not_required"),
    ] {
        let e = entry(report, kind);
        assert_eq!(e["outcome"], "skipped", "{e}");
        assert_eq!(e["reason"], reason, "{e}");
    }
    for kind in [
        "commercial_invoice",
        "packing_list",
        "shipping_instruction",
        "insurance_declaration",
    ] {
        assert_eq!(entry(report, kind)["outcome"], "created");
    }
    assert_eq!(documents_of(app, &t.documentation, &sid).await.len(), 4);

    // Two kinds asked for: two steps.
    let lines = stream(
        json!({"kinds": ["commercial_invoice", "packing_list"], "date": DOC_DATE}),
        sid.clone(),
    )
    .await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (i, l) in lines[..2].iter().enumerate() {
        assert_eq!(l["progress"]["done"], i + 1);
        assert_eq!(l["progress"]["total"], 2);
    }
    assert_eq!(lines[0]["progress"]["kind"], "commercial_invoice");
    assert_eq!(lines[1]["progress"]["kind"], "packing_list");
    let report = &lines[2]["report"];
    assert_eq!(kinds_of(report), ["commercial_invoice", "packing_list"]);
    for e in report["documents"].as_array().unwrap() {
        assert_eq!(e["outcome"], "unchanged", "{e}");
    }

    // An unknown shipment: the stream ends with the problem.
    let lines = stream(json!({}), "00000000-0000-0000-0000-000000000000".to_string()).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["error"]["status"], 404, "{lines:?}");
}

/// Two people pressing "generate" at once make one set: every kind once, one number each.
#[tokio::test]
async fn two_generations_at_once_make_one_set() {
    let s = stuffed_shipment(json!([]), two_boxes()).await;
    let (app, sid) = (&s.app, s.sid().to_string());
    let path = format!("/api/v1/shipments/{sid}/documents/generate");
    let empty = json!({});
    let (a, b) = tokio::join!(
        post(app, &s.t.documentation, &path, &empty),
        post(app, &s.t.merch, &path, &empty)
    );
    assert!(a.status == 200 || b.status == 200, "{} {}", a.body, b.body);
    for r in [&a, &b] {
        assert!(r.status == 200 || r.status == 422, "{}", r.body);
    }
    let docs = documents_of(app, &s.t.documentation, &sid).await;
    let mut kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    let all = kinds.len();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), all, "each kind once: {docs:?}");
    // Generating again afterwards changes nothing.
    let again = generate(app, &s.t.documentation, &sid, &json!({})).await;
    for d in again["documents"].as_array().unwrap() {
        assert_ne!(d["outcome"], "created", "{again}");
    }
}

/// A document keeps what it prints besides its data (terms, parties, vessel, container
/// types) with its revision, so a later change of the booking or contract does not change a
/// document already checked or sent.
#[tokio::test]
async fn a_document_keeps_what_it_prints() {
    let s = stuffed_shipment(json!([]), two_boxes()).await;
    let (app, sid) = (&s.app, s.sid().to_string());
    let report = generate(app, &s.t.documentation, &sid, &json!({})).await;
    let id = entry(&report, "packing_list")["id"].as_str().unwrap().to_string();
    let pl = document(app, &s.t.documentation, &id).await;
    let print = &pl["data"]["print"];
    assert!(!print["payment_terms"].as_str().unwrap().is_empty(), "{print}");
    assert_eq!(print["vessel"], "MAERSK KOWLOON V.447W", "{print}");
    let numbers: Vec<&str> = print["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    let ours: Vec<&str> = s.boxes.iter().map(|b| b.number).collect();
    assert_eq!(numbers, ours);
    for c in print["containers"].as_array().unwrap() {
        assert_eq!(c["container_type"], "40RH");
    }
    // The printed packing list shows the kept vessel.
    let text = layout_text(
        &pdf(
            app,
            &s.t.documentation,
            &format!("/api/v1/documents/{id}/pdf?lang=en"),
        )
        .await,
    );
    assert!(text.contains("MAERSK KOWLOON"), "{text}");
}
