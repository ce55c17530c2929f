#![allow(dead_code)]

use gendan_loadplan::{CargoItem, ContainerSpec, LoadPlan, LoadPlanInput, Placement, Support};

pub fn item(id: &str, size: [i64; 3], gross: &str, upright: [bool; 3]) -> CargoItem {
    CargoItem {
        id: id.into(),
        size_mm: size,
        gross_kg: gross.into(),
        quantity: None,
        upright_axes: upright,
        max_stack_kg: None,
        commodity: None,
    }
}

pub fn typed(code: &str, cargo: Vec<CargoItem>) -> LoadPlanInput {
    LoadPlanInput {
        container: ContainerSpec::Type { code: code.into() },
        cargo,
        support: Support::Full,
        time_limit_ms: 2000,
        seed: 1,
    }
}

pub fn custom(inner: [i64; 3], door: [i64; 2], payload: &str, cargo: Vec<CargoItem>) -> LoadPlanInput {
    LoadPlanInput {
        container: ContainerSpec::Custom {
            inner_mm: inner,
            door_mm: door,
            payload_kg: payload.into(),
        },
        cargo,
        support: Support::Full,
        time_limit_ms: 2000,
        seed: 1,
    }
}

pub fn overlap(a: &Placement, b: &Placement) -> bool {
    a.x < b.x + b.l
        && b.x < a.x + a.l
        && a.y < b.y + b.w
        && b.y < a.y + a.w
        && a.z < b.z + b.h
        && b.z < a.z + a.h
}

/// Panics unless no two boxes overlap and every box lies inside `inner`.
pub fn check_geometry(plan: &LoadPlan, inner: [u32; 3]) {
    for (i, p) in plan.placements.iter().enumerate() {
        assert!(
            p.x + p.l <= inner[0] && p.y + p.w <= inner[1] && p.z + p.h <= inner[2],
            "{p:?} outside"
        );
        for q in &plan.placements[i + 1..] {
            assert!(!overlap(p, q), "{p:?} overlaps {q:?}");
        }
    }
    let total: u64 = plan.placed.iter().map(|p| p.count).sum();
    assert_eq!(total, plan.placements.len() as u64);
}
