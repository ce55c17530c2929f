//! Property tests of the single-product solver.

mod common;

use common::*;
use gendan_loadplan::single::first_unsupported;
use gendan_loadplan::{LoadPlanInput, Support, solve};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn input_strategy() -> impl Strategy<Value = LoadPlanInput> {
    (
        (300i64..3000, 200i64..1500, 200i64..1500),
        (150i64..=1500, 150i64..=1500),
        1u32..5000,
        (60i64..800, 60i64..800, 60i64..800),
        1u32..500,
        prop::array::uniform3(any::<bool>()).prop_filter("one upright axis", |a| a.iter().any(|&b| b)),
        prop::option::of(0u32..300),
        prop::option::of(0u32..3000),
        any::<bool>(),
    )
        .prop_map(
            |(inner, door, payload, size, gross_dg, upright, quantity, stack_dg, full)| {
                let mut it = item(
                    "P",
                    [size.0, size.1, size.2],
                    &Decimal::new(gross_dg as i64, 1).to_string(),
                    upright,
                );
                it.quantity = quantity;
                it.max_stack_kg = stack_dg.map(|s| Decimal::new(s as i64, 1).to_string());
                let mut input = custom(
                    [inner.0, inner.1, inner.2],
                    [door.0.min(inner.1), door.1.min(inner.2)],
                    &payload.to_string(),
                    vec![it],
                );
                input.support = if full { Support::Full } else { Support::None };
                input
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn single_product_plans_are_feasible(input in input_strategy()) {
        let problem = match input.validate() {
            Ok(p) => p,
            Err(_) => return Ok(()),
        };
        let plan = solve(&input).unwrap();
        let c = &problem.container;
        let it = &problem.items[0];
        check_geometry(&plan, c.inner);
        let count = plan.placed[0].count;
        prop_assert_eq!(count, plan.placements.len() as u64);
        prop_assert!(count <= plan.upper_bound_count);
        prop_assert_eq!(plan.proven_optimal, count == plan.upper_bound_count);
        if let Some(q) = it.quantity {
            prop_assert!(count <= q as u64);
        }
        prop_assert!(Decimal::from(count) * it.gross_kg <= c.payload_kg);
        let s = it.size;
        for p in &plan.placements {
            prop_assert!(p.w <= c.door[0] && p.h <= c.door[1], "{:?} does not pass the door", p);
            let ok = (0..3).any(|v| {
                let (i, j) = match v { 0 => (1, 2), 1 => (0, 2), _ => (0, 1) };
                it.upright_axes[v]
                    && p.h == s[v]
                    && ((p.l, p.w) == (s[i], s[j]) || (p.l, p.w) == (s[j], s[i]))
            });
            prop_assert!(ok, "{:?} is not an allowed orientation of {:?} {:?}", p, s, it.upright_axes);
        }
        if problem.support == Support::Full {
            prop_assert_eq!(first_unsupported(&plan.placements), None);
        }
        if let Some(m) = it.max_stack_kg {
            // boxes standing exactly on top of each other form columns within the limit
            let kmax = gendan_loadplan::single::stack_cap(Some(m), it.gross_kg) as u64;
            let mut tops: std::collections::HashMap<(u32, u32), u64> = Default::default();
            for p in &plan.placements {
                *tops.entry((p.x, p.y)).or_default() += 1;
            }
            let pure = plan.placements.iter().all(|p| p.h == plan.placements[0].h);
            if pure {
                prop_assert!(tops.values().all(|&n| n <= kmax));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Boxes that tile the container exactly are found and proven optimal.
    #[test]
    fn exact_tilings_are_proven_optimal(
        l in 50u32..400, w in 50u32..400, h in 50u32..400, nx in 1u32..8, ny in 1u32..6, nz in 1u32..6,
    ) {
        let input = custom(
            [(l * nx) as i64, (w * ny) as i64, (h * nz) as i64],
            [(w * ny) as i64, (h * nz) as i64],
            "100000",
            vec![item("E", [l as i64, w as i64, h as i64], "1", [false, false, true])],
        );
        let plan = solve(&input).unwrap();
        prop_assert_eq!(plan.placed[0].count, (nx * ny * nz) as u64);
        prop_assert!(plan.proven_optimal);
        prop_assert_eq!(plan.volume_utilisation.to_string(), "1.0000");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Floor patterns: inside the floor, no overlap, within the bound, at least as good as
    /// the better homogeneous pattern, orientations as allowed.
    #[test]
    fn floor_patterns_are_feasible(
        length in 1u32..3000, width in 1u32..1500, a in 40u32..700, b in 40u32..700, allow in 0usize..3,
    ) {
        let allow = [[true, true], [true, false], [false, true]][allow];
        let p = gendan_loadplan::floor::best_pattern(length, width, a, b, allow);
        prop_assert_eq!(p.rects.len() as u32, p.count);
        prop_assert!(p.count <= p.bound);
        for (k, r) in p.rects.iter().enumerate() {
            prop_assert!(r.x + r.l <= length && r.y + r.w <= width);
            prop_assert!((allow[0] && (r.l, r.w) == (a, b)) || (allow[1] && (r.l, r.w) == (b, a)));
            for s in &p.rects[k + 1..] {
                prop_assert!(r.x + r.l <= s.x || s.x + s.l <= r.x || r.y + r.w <= s.y || s.y + s.w <= r.y);
            }
        }
        let h0 = if allow[0] { (length / a) * (width / b) } else { 0 };
        let h1 = if allow[1] { (length / b) * (width / a) } else { 0 };
        prop_assert!(p.count >= h0.max(h1));
    }
}
