//! Known optima and limits of the single-product solver.

mod common;

use common::*;
use gendan_loadplan::single::first_unsupported;
use gendan_loadplan::{BindingLimit, LoadPlan, solve};
use rust_decimal::Decimal;

const UP: [bool; 3] = [false, false, true];
const ANY: [bool; 3] = [true, true, true];

fn fuji() -> gendan_loadplan::CargoItem {
    let mut i = item("FUJI-18", [500, 300, 280], "19.2", UP);
    i.max_stack_kg = Some("400".into());
    i
}

#[test]
fn fuji_in_40rh_is_168_per_layer_times_8_layers_and_proven_optimal() {
    let plan = solve(&typed("40RH", vec![fuji()])).unwrap();
    check_geometry(&plan, [11580, 2290, 2450]);
    assert_eq!(plan.placed[0].count, 168 * 8);
    assert_eq!(plan.upper_bound_count, 1344);
    assert!(plan.proven_optimal);
    assert_eq!(plan.binding_limit, BindingLimit::Volume);
    assert!(plan.placements.iter().all(|p| p.h == 280 && p.z + p.h <= 2450));
    assert_eq!(first_unsupported(&plan.placements), None);
    // 1344 × 19.2 = 25804.8 of 29400 kg
    assert_eq!(plan.weight_utilisation, Decimal::new(8777, 4));
    assert_eq!(plan.weight_utilisation.to_string(), "0.8777");
}

#[test]
fn exact_tiling_fills_the_container() {
    let plan = solve(&custom(
        [1000, 600, 900],
        [600, 900],
        "1000",
        vec![item("T", [500, 300, 300], "1", ANY)],
    ))
    .unwrap();
    check_geometry(&plan, [1000, 600, 900]);
    assert_eq!(plan.placed[0].count, 12);
    assert!(plan.proven_optimal);
    assert_eq!(plan.volume_utilisation.to_string(), "1.0000");
    assert_eq!(plan.weight_utilisation.to_string(), "0.0120");
}

#[test]
fn weight_binds_when_cartons_are_heavy() {
    let mut i = fuji();
    i.gross_kg = "30".into();
    i.max_stack_kg = None;
    let plan = solve(&typed("40RH", vec![i])).unwrap();
    check_geometry(&plan, [11580, 2290, 2450]);
    assert_eq!(plan.placed[0].count, 980);
    assert_eq!(plan.binding_limit, BindingLimit::Weight);
    assert_eq!(plan.upper_bound_count, 980);
    assert!(plan.proven_optimal);
    assert_eq!(plan.weight_utilisation.to_string(), "1.0000");
    assert_eq!(first_unsupported(&plan.placements), None);
}

#[test]
fn quantity_binds_when_fewer_are_available() {
    let mut i = fuji();
    i.quantity = Some(100);
    let plan = solve(&typed("40HC", vec![i])).unwrap();
    assert_eq!(plan.placed[0].count, 100);
    assert_eq!(plan.binding_limit, BindingLimit::Count);
    assert!(plan.proven_optimal);
    // loaded from the front wall
    assert!(plan.placements.iter().all(|p| p.x < 12032 / 2));
    assert_eq!(first_unsupported(&plan.placements), None);
}

#[test]
fn max_stack_limits_the_columns() {
    let mut i = fuji();
    i.max_stack_kg = Some("38.4".into()); // two cartons on the bottom one: columns of 3
    let plan = solve(&typed("40RH", vec![i])).unwrap();
    assert_eq!(plan.placed[0].count, 168 * 3);
    assert!(plan.placements.iter().all(|p| p.z < 3 * 280));
    assert!(plan.warnings.iter().any(|w| w.code == "stack_limited"));
    assert!(!plan.proven_optimal);
}

#[test]
fn door_binds_when_the_better_orientation_does_not_pass() {
    let plan = solve(&custom(
        [2000, 1000, 1000],
        [500, 1000],
        "1000",
        vec![item("D", [900, 400, 400], "1", UP)],
    ))
    .unwrap();
    check_geometry(&plan, [2000, 1000, 1000]);
    assert_eq!(plan.placed[0].count, 8);
    assert!(plan.placements.iter().all(|p| p.w <= 500));
    assert_eq!(plan.binding_limit, BindingLimit::Door);
}

#[test]
fn a_top_layer_in_another_orientation_adds_cartons() {
    let plan = solve(&custom(
        [1200, 900, 500],
        [900, 500],
        "1000",
        vec![item("M", [400, 300, 200], "1", ANY)],
    ))
    .unwrap();
    check_geometry(&plan, [1200, 900, 500]);
    assert!(plan.placed[0].count > 18, "{}", plan.placed[0].count);
    let heights: std::collections::BTreeSet<u32> = plan.placements.iter().map(|p| p.h).collect();
    assert!(heights.len() > 1);
    assert_eq!(first_unsupported(&plan.placements), None);
    assert!(plan.placed[0].count <= plan.upper_bound_count);
}

#[test]
fn reefer_cargo_gets_its_settings() {
    let mut i = fuji();
    i.commodity = Some("apple".into());
    let plan = solve(&typed("20RF", vec![i.clone()])).unwrap();
    check_geometry(&plan, [5450, 2290, 2160]);
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.code == "reefer_setting" && w.message.contains("0.5 °C"))
    );
    let plan = solve(&typed("40HC", vec![i])).unwrap();
    assert!(plan.warnings.iter().any(|w| w.code == "not_reefer"));
}

#[test]
fn the_issue_example_round_trips_as_json() {
    let json = r#"{
      "container": {"type": "40RH"},
      "cargo": [
        {"id": "FUJI-18", "size_mm": [500, 300, 280], "gross_kg": "19.2",
         "quantity": null, "upright_axes": [false, false, true], "max_stack_kg": "400"}
      ],
      "support": "full",
      "time_limit_ms": 2000,
      "seed": 1
    }"#;
    let input = gendan_loadplan::parse_input(json).unwrap();
    let plan = solve(&input).unwrap();
    let out = serde_json::to_value(&plan).unwrap();
    assert_eq!(out["placed"][0]["id"], "FUJI-18");
    assert_eq!(out["placed"][0]["count"], 1344);
    assert_eq!(out["binding_limit"], "volume");
    assert_eq!(out["volume_utilisation"], "0.8688");
    assert_eq!(out["weight_utilisation"], "0.8777");
    assert_eq!(out["proven_optimal"], true);
    assert_eq!(
        out["placements"][0],
        serde_json::json!({"id": "FUJI-18", "x": 0, "y": 0, "z": 0, "l": 500, "w": 300, "h": 280})
    );
    assert!(out["sequence"][0].as_str().unwrap().starts_with("1. x 0 mm"));
    let back: LoadPlan = serde_json::from_value(out).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn several_cargo_types_are_planned_together() {
    let mut b = item("B", [400, 300, 200], "10", ANY);
    b.quantity = Some(10);
    let mut input = typed("40HC", vec![fuji(), b]);
    input.time_limit_ms = 300;
    let plan = solve(&input).unwrap();
    check_geometry(&plan, [12032, 2352, 2698]);
    assert_eq!(plan.placed[1].count, 10, "{:?}", plan.placed);
    assert!(plan.placed[0].count > 1000, "{:?}", plan.placed);
}
