//! Timings of the single-product solver: `cargo bench -p gendan-loadplan --bench single`.
//! FUJI-18 (500×300×280 mm, 19.2 kg, this side up, 400 kg on top) in 40RH, 20RF and 40HC.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gendan_loadplan::{CargoItem, ContainerSpec, LoadPlanInput, Support, solve};

fn input(container: &str, upright: [bool; 3]) -> LoadPlanInput {
    sized(container, [500, 300, 280], upright)
}

fn sized(container: &str, size: [i64; 3], upright: [bool; 3]) -> LoadPlanInput {
    LoadPlanInput {
        container: ContainerSpec::Type {
            code: container.to_string(),
        },
        cargo: vec![CargoItem {
            id: "FUJI-18".into(),
            size_mm: size,
            gross_kg: "19.2".into(),
            quantity: None,
            upright_axes: upright,
            max_stack_kg: Some("400".into()),
            commodity: Some("apple".into()),
        }],
        support: Support::Full,
        time_limit_ms: 2000,
        seed: 1,
    }
}

fn main() {
    floor_timings();
    let mut cases = Vec::new();
    for upright in [[false, false, true], [true, true, true]] {
        for c in ["40RH", "20RF", "40HC"] {
            cases.push(("FUJI-18 500x300x280", c, input(c, upright)));
        }
    }
    // Awkward sizes (many raster points): the work caps keep these bounded.
    for (name, size) in [("137x141x100", [137, 141, 100]), ("230x190x170", [230, 190, 170])] {
        let mut inp = sized("40HC", size, [true, true, true]);
        inp.cargo[0].gross_kg = "0.1".into();
        inp.cargo[0].max_stack_kg = None;
        cases.push((name, "40HC", inp));
    }
    {
        for (name, c, inp) in cases {
            let upright = inp.cargo[0].upright_axes;
            let plan = solve(&inp).expect("valid");
            let mut runs = 0u32;
            let mut best = Duration::MAX;
            let start = Instant::now();
            while runs < 20 || start.elapsed() < Duration::from_millis(500) {
                let t = Instant::now();
                black_box(solve(black_box(&inp)).expect("valid"));
                best = best.min(t.elapsed());
                runs += 1;
            }
            let mean = start.elapsed() / runs;
            println!(
                "{name} upright={upright:?} in {c}: count {} (bound {}, {}optimal, {:?}), mean {:.3} ms, best {:.3} ms over {runs} runs",
                plan.placed[0].count,
                plan.upper_bound_count,
                if plan.proven_optimal {
                    "proven "
                } else {
                    "not proven "
                },
                plan.binding_limit,
                mean.as_secs_f64() * 1e3,
                best.as_secs_f64() * 1e3,
            );
        }
    }
}

/// Floor patterns alone (the dominant cost), for the footprints of FUJI-18 in any orientation.
#[allow(dead_code)]
fn floor_timings() {
    for (l, w) in [(11580, 2290), (5450, 2290), (12032, 2352)] {
        for (a, b) in [(500, 300), (500, 280), (300, 280)] {
            let t = Instant::now();
            let p = gendan_loadplan::floor::best_pattern(l, w, a, b, [true, true]);
            println!(
                "  floor {l}x{w}, {a}x{b}: {} per layer (bound {}, {:?}) in {:.3} ms",
                p.count,
                p.bound,
                p.kind,
                t.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}
