//! Every field error with its path and code.

mod common;

use common::*;
use gendan_loadplan::{ContainerSpec, LoadPlanInput, SolveError, solve};

fn errors(input: &LoadPlanInput) -> Vec<(String, String)> {
    match input.validate() {
        Ok(_) => Vec::new(),
        Err(e) => e.0.into_iter().map(|f| (f.field, f.code)).collect(),
    }
}

fn has(errs: &[(String, String)], field: &str, code: &str) -> bool {
    errs.iter().any(|(f, c)| f == field && c == code)
}

#[test]
fn every_field_error_is_reported_with_its_path() {
    let mut a = item("A", [0, 300, -5], "19.2", [true, true, true]);
    a.max_stack_kg = Some("-1".into());
    let b = item("A", [100, 100, 100], "1,5", [true, true, true]);
    let c = item("C", [100, 100, 100], "-3", [false, false, false]);
    let mut d = item("D", [100, 100, 100], "1", [true, true, true]);
    d.commodity = Some("durian".into());
    let errs = errors(&typed("40XX", vec![a, b, c, d]));
    assert!(has(&errs, "container.type", "unknown_container_type"), "{errs:?}");
    assert!(has(&errs, "cargo[0].size_mm[0]", "zero_size"));
    assert!(has(&errs, "cargo[0].size_mm[2]", "negative_size"));
    assert!(has(&errs, "cargo[0].max_stack_kg", "negative"));
    assert!(has(&errs, "cargo[1].id", "duplicate_id"));
    assert!(has(&errs, "cargo[1].gross_kg", "malformed_decimal"));
    assert!(has(&errs, "cargo[2].gross_kg", "negative"));
    assert!(has(&errs, "cargo[2].upright_axes", "no_upright_axis"));
    assert!(has(&errs, "cargo[3].commodity", "unknown_commodity"));
}

#[test]
fn empty_cargo_and_bad_custom_container() {
    let mut input = custom([1000, 0, 1000], [-1, 900], "abc", vec![]);
    let errs = errors(&input);
    assert!(has(&errs, "cargo", "empty_cargo"));
    assert!(has(&errs, "container.inner_mm[1]", "zero_size"));
    assert!(has(&errs, "container.door_mm[0]", "negative_size"));
    assert!(has(&errs, "container.payload_kg", "malformed_decimal"));
    input.container = ContainerSpec::Custom {
        inner_mm: [1000, 1000, 1000],
        door_mm: [900, 900],
        payload_kg: "0".into(),
    };
    assert!(has(&errors(&input), "container.payload_kg", "not_positive"));
}

#[test]
fn a_box_larger_than_the_container_in_every_allowed_orientation_does_not_fit() {
    // 2500 mm upright does not fit a 2160 mm usable reefer height; lying down it would.
    let errs = errors(&typed(
        "20RF",
        vec![item("L", [600, 400, 2500], "5", [false, false, true])],
    ));
    assert!(has(&errs, "cargo[0].size_mm", "does_not_fit"), "{errs:?}");
    assert!(
        errors(&typed(
            "20RF",
            vec![item("L", [600, 400, 2500], "5", [true, true, true])]
        ))
        .is_empty()
    );
    let errs = errors(&typed(
        "40HC",
        vec![item("X", [13000, 400, 400], "5", [true, true, true])],
    ));
    assert!(has(&errs, "cargo[0].size_mm", "does_not_fit"));
}

#[test]
fn a_box_that_fits_inside_but_not_through_the_door_is_refused() {
    // 40HC: inner width 2352, door width 2340.
    let errs = errors(&typed(
        "40HC",
        vec![item("W", [2345, 2345, 1000], "5", [false, false, true])],
    ));
    assert!(has(&errs, "cargo[0].size_mm", "does_not_pass_door"), "{errs:?}");
}

#[test]
fn solve_returns_the_validation_errors() {
    let err = solve(&typed(
        "nope",
        vec![item("A", [1, 1, 1], "1", [true, true, true])],
    ))
    .unwrap_err();
    assert!(matches!(&err, SolveError::Invalid(e) if e.0[0].field == "container.type"));
    assert_eq!(err.code(), "validation_failed");
}

#[test]
fn malformed_json_decimal_in_container_type_is_unknown_type() {
    let input: LoadPlanInput =
        serde_json::from_str(r#"{"container": {"type": "20GP"}, "cargo": [{"id": "a", "size_mm": [1,2,3], "gross_kg": "x", "upright_axes": [true,true,true]}]}"#)
            .unwrap();
    let errs = errors(&input);
    assert!(has(&errs, "cargo[0].gross_kg", "malformed_decimal"));
}

#[test]
fn tiny_boxes_are_refused() {
    let mut tiny = item("S", [10, 10, 10], "0.01", [true, true, true]);
    tiny.quantity = Some(500);
    let errs = errors(&typed("40HC", vec![tiny]));
    assert!(has(&errs, "cargo[0].size_mm", "too_many_boxes"), "{errs:?}");
    let errs = errors(&typed(
        "40HC",
        vec![item("M", [1, 1, 1], "1", [true, true, true])],
    ));
    assert!(has(&errs, "cargo[0].size_mm", "too_many_boxes"));
    // 100 mm cubes in a 20GP: 58 × 23 × 23 = 30682 fit, below the limit.
    let plan = solve(&typed(
        "20GP",
        vec![item("C", [100, 100, 100], "0.1", [true, true, true])],
    ))
    .unwrap();
    assert_eq!(plan.placed[0].count, 30682);
    assert!(plan.proven_optimal);
}
