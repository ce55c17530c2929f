//! Property tests: a set made consistent from one shipment raises no blocking finding, and
//! changing one figure on one document raises the rule that guards it.
//!
//! The shipment varies: cartons (200–3000), unit price, gross weight per carton, one to
//! three containers, the day of shipment within the credit's window. Every document of the
//! apples CFR L/C set is rewritten from those figures (contract, credit, invoice with its
//! words, packing list per container, B/L with its containers, certificate of origin,
//! phytosanitary certificate, shipping advice, draft).

use gendan_doccheck::{Options, Severity, check};
use gendan_domain::document_set::DocumentSet;
use gendan_domain::money::{Currency, Money};
use gendan_domain::shipment::check_digit;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const BASE: &str = include_str!("cases/clean/apples-cfr-lc-clean.json");

#[derive(Debug, Clone)]
struct Shipment {
    cartons: u32,
    price_cents: i64,
    gross_dg: i64,
    containers: usize,
    ship_day: u32,
}

fn shipments() -> impl Strategy<Value = Shipment> {
    (200u32..3000, 1000i64..6000, 185i64..210, 1usize..=3, 1u32..=20).prop_map(
        |(cartons, price_cents, gross_dg, containers, ship_day)| Shipment {
            cartons: cartons.max(containers as u32),
            price_cents,
            gross_dg,
            containers,
            ship_day,
        },
    )
}

fn words(amount: Decimal) -> String {
    let m = Money::new(amount, Currency::parse("USD").unwrap()).unwrap();
    gendan_domain::words::amount_in_english(&m).unwrap()
}

fn container_number(i: usize) -> String {
    let first = format!("OSLU51206{i}");
    format!("{first}{}", check_digit(&first).unwrap())
}

/// Replace every string equal to `from` anywhere in the value.
fn replace_text(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::String(s) if s.contains(from) => *s = s.replace(from, to),
        Value::Array(a) => a.iter_mut().for_each(|x| replace_text(x, from, to)),
        Value::Object(o) => o.values_mut().for_each(|x| replace_text(x, from, to)),
        _ => {}
    }
}

/// The apples set rewritten consistently for this shipment.
fn consistent(s: &Shipment) -> Value {
    let mut v: Value = serde_json::from_str(BASE).unwrap();
    let c = Decimal::from(s.cartons);
    let price = Decimal::new(s.price_cents, 2);
    let amount = (c * price).round_dp(2);
    let net_per = Decimal::new(1800, 2);
    let gross_per = Decimal::new(s.gross_dg * 10, 2);
    let net = (c * net_per).round_dp(2);
    let gross = (c * gross_per).round_dp(2);
    replace_text(&mut v, "C/NO. 1-1320", &format!("C/NO. 1-{}", s.cartons));
    let date = format!("2025-10-{:02}", s.ship_day);

    v["contract"]["lines"][0]["quantity"] = json!(c.to_string());
    v["contract"]["lines"][0]["unit_price"] = json!(price.to_string());
    v["contract"]["lines"][0]["amount"] = json!(amount.to_string());
    v["contract"]["total_amount"] = json!(amount.to_string());
    v["lc"]["amount"] = json!(amount.to_string());
    v["lc"]["goods"]["quantity"] = json!(c.to_string());
    v["lc"]["goods"]["unit_price"] = json!(price.to_string());

    let inv = &mut v["invoice"];
    inv["lines"][0]["quantity"] = json!(c.to_string());
    inv["lines"][0]["unit_price"] = json!(price.to_string());
    inv["lines"][0]["amount"] = json!(amount.to_string());
    inv["lines"][0]["packages"] = json!(s.cartons);
    inv["total_amount"] = json!(amount.to_string());
    inv["amount_in_words"] = json!(words(amount));
    inv["packages_total"] = json!(s.cartons);
    inv["net_weight_kg"] = json!(net.to_string());
    inv["gross_weight_kg"] = json!(gross.to_string());

    // Cartons spread over the containers, the remainder in the first.
    let per = s.cartons / s.containers as u32;
    let counts: Vec<u32> = (0..s.containers)
        .map(|i| {
            if i == 0 {
                s.cartons - per * (s.containers as u32 - 1)
            } else {
                per
            }
        })
        .collect();
    let pl_line0 = v["packing_list"]["lines"][0].clone();
    let bl_ctr0 = v["bills_of_lading"][0]["containers"][0].clone();
    let mut pl_lines = Vec::new();
    let mut pl_ctrs = Vec::new();
    let mut bl_ctrs = Vec::new();
    let mut sa_ctrs = Vec::new();
    for (i, n) in counts.iter().enumerate() {
        let number = container_number(i);
        let seal = format!("OSL25088{i:02}");
        let k = Decimal::from(*n);
        let (kn, kg) = ((k * net_per).round_dp(2), (k * gross_per).round_dp(2));
        let mut l = pl_line0.clone();
        l["packages"] = json!(n);
        l["net_per_package_kg"] = json!(net_per.to_string());
        l["gross_per_package_kg"] = json!(gross_per.to_string());
        l["net_weight_kg"] = json!(kn.to_string());
        l["gross_weight_kg"] = json!(kg.to_string());
        l["container_no"] = json!(number);
        pl_lines.push(l);
        pl_ctrs
            .push(json!({"number": number, "seal": seal, "packages": n, "gross_weight_kg": kg.to_string()}));
        let mut b = bl_ctr0.clone();
        b["number"] = json!(number);
        b["seal"] = json!(seal);
        b["packages"] = json!(n);
        b["gross_weight_kg"] = json!(kg.to_string());
        bl_ctrs.push(b);
        sa_ctrs.push(json!({"number": number, "seal": seal}));
    }
    let pl = &mut v["packing_list"];
    pl["lines"] = json!(pl_lines);
    pl["containers"] = json!(pl_ctrs);
    pl["packages_total"] = json!(s.cartons);
    pl["net_weight_kg"] = json!(net.to_string());
    pl["gross_weight_kg"] = json!(gross.to_string());

    let bl = &mut v["bills_of_lading"][0];
    bl["containers"] = json!(bl_ctrs);
    bl["packages_total"] = json!(s.cartons);
    bl["gross_weight_kg"] = json!(gross.to_string());
    bl["issue_date"] = json!(date);
    bl["on_board_notation"]["date"] = json!(date);

    let co = &mut v["certificate_of_origin"];
    co["packages_total"] = json!(s.cartons);
    if !co["gross_weight_kg"].is_null() {
        co["gross_weight_kg"] = json!(gross.to_string());
    }
    if !co["net_weight_kg"].is_null() {
        co["net_weight_kg"] = json!(net.to_string());
    }
    let ph = &mut v["phytosanitary_certificate"];
    ph["quantity_declared"]["packages"] = json!(s.cartons);
    ph["quantity_declared"]["net_weight_kg"] = json!(net.to_string());
    // Inspected the day before shipment, issued the same day.
    let before = format!(
        "2025-{}",
        if s.ship_day == 1 {
            "09-30".to_string()
        } else {
            format!("10-{:02}", s.ship_day - 1)
        }
    );
    ph["inspection_date"] = json!(before);
    ph["issue_date"] = json!(before);

    let sa = &mut v["shipping_advice"];
    sa["invoice_amount"] = json!(amount.to_string());
    sa["containers"] = json!(sa_ctrs);
    sa["packages_total"] = json!(s.cartons);
    sa["gross_weight_kg"] = json!(gross.to_string());
    sa["net_weight_kg"] = json!(net.to_string());
    sa["etd"] = json!(date);
    sa["date"] = json!(format!("2025-10-{:02}", s.ship_day + 1));

    v["draft"]["amount"] = json!(amount.to_string());
    v["draft"]["amount_in_words"] = json!(words(amount));
    v
}

fn set(v: &Value) -> DocumentSet {
    serde_json::from_value(v.clone()).unwrap()
}

fn bump(v: &mut Value, by: Decimal) {
    let d: Decimal = v.as_str().unwrap().parse().unwrap();
    *v = json!((d + by).to_string());
}

/// One figure changed on one document, and the rule that must catch it.
fn mutate(v: &mut Value, which: usize) -> &'static str {
    match which {
        0 => {
            let n = v["bills_of_lading"][0]["packages_total"].as_u64().unwrap();
            v["bills_of_lading"][0]["packages_total"] = json!(n + 1);
            "X-PKG-COUNT"
        }
        1 => {
            bump(&mut v["packing_list"]["gross_weight_kg"], Decimal::ONE);
            "X-GROSS-WEIGHT"
        }
        2 => {
            bump(&mut v["invoice"]["net_weight_kg"], -Decimal::ONE);
            "X-NET-WEIGHT"
        }
        3 => {
            bump(&mut v["invoice"]["lines"][0]["unit_price"], Decimal::new(1, 2));
            "INV-UNIT-PRICE"
        }
        4 => {
            bump(&mut v["draft"]["amount"], Decimal::new(1, 2));
            "DRAFT-WORDS-FIGURES"
        }
        5 => {
            let n = v["bills_of_lading"][0]["containers"][0]["number"]
                .as_str()
                .unwrap()
                .to_string();
            let last = n.chars().last().unwrap().to_digit(10).unwrap();
            let wrong = format!("{}{}", &n[..10], (last + 1) % 10);
            v["bills_of_lading"][0]["containers"][0]["number"] = json!(wrong);
            "CTR-ISO6346"
        }
        6 => {
            v["bills_of_lading"][0]["on_board_notation"]["date"] = json!("2025-10-21");
            "DATE-LATE-SHIPMENT"
        }
        7 => {
            let n = v["phytosanitary_certificate"]["quantity_declared"]["packages"]
                .as_u64()
                .unwrap();
            v["phytosanitary_certificate"]["quantity_declared"]["packages"] = json!(n - 1);
            "PHYTO-QTY"
        }
        8 => {
            v["shipping_advice"]["containers"][0]["seal"] = json!("OSL9999999");
            "X-SEAL"
        }
        9 => {
            let total: Decimal = v["invoice"]["total_amount"].as_str().unwrap().parse().unwrap();
            v["invoice"]["amount_in_words"] = json!(words(total + Decimal::ONE));
            "INV-WORDS-FIGURES"
        }
        10 => {
            bump(&mut v["invoice"]["total_amount"], Decimal::new(1, 2));
            "INV-TOTAL-SUM"
        }
        _ => {
            v["packing_list"]["containers"][0]["number"] = json!("CSQU3054383");
            "X-CONTAINER-SET"
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_consistent_set_raises_no_blocking_finding(s in shipments()) {
        let v = consistent(&s);
        let report = check(&set(&v), &Options::default());
        let blocking: Vec<_> = report.findings.iter().filter(|f| f.severity == Severity::Blocking).collect();
        prop_assert!(blocking.is_empty(), "{:?}: {:#?}", s, blocking);
        prop_assert!(report.findings.is_empty(), "not even a warning: {:#?}", report.findings);
    }

    #[test]
    fn one_changed_figure_raises_its_rule(s in shipments(), which in 0usize..12) {
        let mut v = consistent(&s);
        let rule = mutate(&mut v, which);
        let report = check(&set(&v), &Options::default());
        prop_assert!(report.fired(rule), "{} did not fire for {:?}: {:?}", rule, s,
            report.findings.iter().map(|f| &f.rule).collect::<Vec<_>>());
    }
}
