//! Property tests of mixed loads: whatever the cartons, the plan is physically sound
//! (`check::violations` finds nothing), counts match placements, and the same input with the
//! same effort gives the same plan.

mod common;

use common::*;
use gendan_loadplan::mixed::Effort;
use gendan_loadplan::{CargoItem, LoadPlanInput, Support, check, solve_problem_with};
use proptest::prelude::*;

fn effort(rounds: u32) -> Effort {
    Effort::rounds(rounds)
}

fn cargo() -> impl Strategy<Value = CargoItem> {
    (
        (150i64..900, 150i64..700, 100i64..600),
        1u32..200,
        prop::option::of(1u32..60),
        any::<[bool; 3]>(),
        prop::option::of(0u32..400),
    )
        .prop_map(|((l, w, h), grams, qty, mut up, stack)| {
            if !up.iter().any(|&b| b) {
                up[2] = true;
            }
            let mut c = item(
                "x",
                [l, w, h],
                &format!("{}.{:03}", grams / 10, (grams % 10) * 100),
                up,
            );
            c.quantity = qty;
            c.max_stack_kg = stack.map(|s| s.to_string());
            c
        })
}

fn input() -> impl Strategy<Value = LoadPlanInput> {
    (
        (1200i64..4000, 900i64..2400, 900i64..2400),
        prop::collection::vec(cargo(), 2..6),
        any::<bool>(),
        1u32..3000,
    )
        .prop_map(|((l, w, h), mut cargo, full, payload)| {
            for (i, c) in cargo.iter_mut().enumerate() {
                c.id = format!("C{i}");
                // keep every carton inside the container in at least its first allowed way
                c.size_mm = [c.size_mm[0].min(l), c.size_mm[1].min(w), c.size_mm[2].min(h)];
            }
            // a door narrower and lower than the inside, as on real boxes
            let mut inp = custom([l, w, h], [w * 9 / 10, h * 9 / 10], &payload.to_string(), cargo);
            inp.support = if full { Support::Full } else { Support::None };
            inp
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn mixed_plans_are_sound_and_deterministic(inp in input()) {
        // a random orientation rule may leave a carton no way to fit: such inputs are refused
        let problem = inp.validate();
        prop_assume!(problem.is_ok());
        let problem = problem.unwrap();
        let plan = solve_problem_with(&problem, effort(3)).unwrap();
        let bad = check::violations(&problem, &plan);
        prop_assert!(bad.is_empty(), "{:?}", bad);
        let placed: u64 = plan.placed.iter().map(|p| p.count).sum();
        prop_assert_eq!(placed, plan.placements.len() as u64);
        prop_assert!(placed <= plan.upper_bound_count);
        let again = solve_problem_with(&problem, effort(3)).unwrap();
        prop_assert_eq!(again, plan);
    }
}

#[test]
fn two_types_that_tile_the_container_fill_it() {
    // 1200 × 800 × 600: four 600×400×300 and eight 300×400×300 fill it exactly.
    let mut a = item("A", [600, 400, 300], "10", [false, false, true]);
    a.quantity = Some(4);
    let mut b = item("B", [300, 400, 300], "5", [false, false, true]);
    b.quantity = Some(8);
    let inp = custom([1200, 800, 600], [800, 600], "1000", vec![a, b]);
    let problem = inp.validate().unwrap();
    let plan = solve_problem_with(&problem, effort(4)).unwrap();
    assert!(check::violations(&problem, &plan).is_empty());
    assert_eq!(plan.volume_utilisation.to_string(), "1.0000");
    assert!(plan.proven_optimal);
    assert_eq!(plan.weight_utilisation.to_string(), "0.0800");
}

#[test]
fn payload_and_stacking_limits_hold_in_mixed_loads() {
    // Heavy cartons: the payload allows 40 of A; B may carry 15 kg on top.
    let mut a = item("A", [500, 400, 300], "50", [false, false, true]);
    a.quantity = Some(100);
    let mut b = item("B", [500, 400, 300], "10", [false, false, true]);
    b.quantity = Some(100);
    b.max_stack_kg = Some("15".into());
    let inp = custom([3000, 2000, 1500], [2000, 1500], "2000", vec![a, b]);
    let problem = inp.validate().unwrap();
    let plan = solve_problem_with(&problem, effort(4)).unwrap();
    let bad = check::violations(&problem, &plan);
    assert!(bad.is_empty(), "{bad:?}");
    let weight: u64 = plan
        .placed
        .iter()
        .map(|p| p.count * if p.id == "A" { 50 } else { 10 })
        .sum();
    assert!(weight <= 2000);
    assert!(plan.placements.len() > 40, "{:?}", plan.placed);
}

#[test]
fn the_seed_is_honoured_and_results_repeat() {
    let mut a = item("A", [610, 410, 290], "12", [false, false, true]);
    a.quantity = Some(60);
    let mut b = item("B", [330, 270, 240], "6", [true, true, true]);
    b.quantity = Some(90);
    let mut inp = custom([2400, 2300, 2200], [2300, 2200], "10000", vec![a, b]);
    for seed in [0, 1, 7] {
        inp.seed = seed;
        let problem = inp.validate().unwrap();
        let one = solve_problem_with(&problem, effort(3)).unwrap();
        let two = solve_problem_with(&problem, effort(3)).unwrap();
        assert_eq!(one, two, "seed {seed}");
        assert!(check::violations(&problem, &one).is_empty());
    }
}

#[test]
fn the_checker_finds_overlap_float_overload_and_overweight() {
    use gendan_loadplan::{BindingLimit, LoadPlan, PlacedCount, Placement};
    let mut a = item("A", [100, 100, 100], "10", [false, false, true]);
    a.max_stack_kg = Some("5".into());
    let problem = custom([300, 100, 300], [100, 300], "25", vec![a])
        .validate()
        .unwrap();
    let at = |x, z| Placement {
        id: "A".into(),
        x,
        y: 0,
        z,
        l: 100,
        w: 100,
        h: 100,
    };
    let plan = |ps: Vec<Placement>| LoadPlan {
        placed: vec![PlacedCount {
            id: "A".into(),
            count: ps.len() as u64,
        }],
        volume_utilisation: Default::default(),
        weight_utilisation: Default::default(),
        binding_limit: BindingLimit::Volume,
        upper_bound_count: 0,
        proven_optimal: false,
        placements: ps,
        sequence: vec![],
        warnings: vec![],
    };
    let found = |ps| check::violations(&problem, &plan(ps)).join("; ");
    assert!(found(vec![at(0, 0), at(50, 0)]).contains("overlap"));
    assert!(found(vec![at(0, 200)]).contains("not fully supported"));
    assert!(found(vec![at(0, 0), at(0, 100)]).contains("carries 10"));
    assert!(found(vec![at(0, 0), at(100, 0), at(200, 0)]).contains("exceeds the payload"));
    assert!(found(vec![at(250, 0)]).contains("outside"));
    assert_eq!(found(vec![at(0, 0), at(100, 0)]), "");
}

#[test]
fn a_mixed_reefer_load_warns_of_ethylene_and_temperature_conflicts() {
    let mut apple = item("FUJI", [500, 300, 280], "19.2", [false, false, true]);
    apple.quantity = Some(200);
    apple.commodity = Some("apple".into());
    let mut kiwi = item("KIWI", [400, 300, 150], "4", [false, false, true]);
    kiwi.quantity = Some(100);
    kiwi.commodity = Some("kiwifruit".into());
    let mut ginger = item("GINGER", [400, 300, 200], "12", [false, false, true]);
    ginger.quantity = Some(50);
    ginger.commodity = Some("ginger".into());
    let inp = typed("40RH", vec![apple, kiwi, ginger]);
    let problem = inp.validate().unwrap();
    let plan = solve_problem_with(&problem, effort(2)).unwrap();
    assert!(check::violations(&problem, &plan).is_empty());
    let codes: Vec<&str> = plan.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"ethylene_conflict"), "{codes:?}");
    assert!(codes.contains(&"temperature_ranges_do_not_overlap"), "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == "reefer_setting").count(), 3);
    // everything fits in a 40 ft reefer: the quantities bind
    assert_eq!(plan.binding_limit, gendan_loadplan::BindingLimit::Count);
    assert!(plan.proven_optimal);
}

#[test]
fn a_load_that_fits_entirely_returns_at_once() {
    let mut a = item("A", [600, 400, 300], "10", [false, false, true]);
    a.quantity = Some(50);
    let mut b = item("B", [400, 300, 250], "8", [false, false, true]);
    b.quantity = Some(70);
    let mut inp = typed("40HC", vec![a, b]);
    inp.time_limit_ms = 60_000;
    let started = std::time::Instant::now();
    let plan = gendan_loadplan::solve(&inp).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(plan.binding_limit, gendan_loadplan::BindingLimit::Count);
    assert_eq!(plan.placements.len(), 120);
}

#[test]
fn ordered_cartons_go_in_before_the_as_many_as_fit_filler() {
    let mut fuji = item("FUJI", [500, 300, 280], "19.2", [false, false, true]);
    fuji.quantity = None;
    fuji.max_stack_kg = Some("400".into());
    let mut pear = item("PEAR", [500, 300, 250], "16", [false, false, true]);
    pear.quantity = Some(10);
    let mut inp = typed("40RH", vec![fuji, pear]);
    inp.seed = 1;
    let problem = inp.validate().unwrap();
    for rounds in [1, 3] {
        let plan = solve_problem_with(&problem, effort(rounds)).unwrap();
        assert!(check::violations(&problem, &plan).is_empty());
        assert_eq!(plan.placed[1].count, 10, "{:?}", plan.placed);
        assert!(plan.placed[0].count > 1200, "{:?}", plan.placed);
    }
}
