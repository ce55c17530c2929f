//! Independent checks of a plan against its problem: what the property tests and the
//! benchmark assert of every plan, written apart from the solvers so that a solver bug
//! cannot hide in a shared assumption.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::model::{LoadPlan, Placement, Problem, Support, orientations};

/// Every violation found (empty when the plan is sound): a box outside the container, two
/// boxes overlapping, an orientation the item does not allow, a box that does not pass the
/// door, a box not fully supported (with full support), counts that differ from the
/// placements or exceed the quantity, weight above the payload, and a carton carrying more
/// than its `max_stack_kg` (weight spread over the boxes below in proportion to contact area).
pub fn violations(p: &Problem, plan: &LoadPlan) -> Vec<String> {
    let mut out = Vec::new();
    let c = &p.container;
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for (i, b) in plan.placements.iter().enumerate() {
        *counts.entry(b.id.as_str()).or_default() += 1;
        let Some(item) = p.items.iter().find(|it| it.id == b.id) else {
            out.push(format!("box {i}: unknown id {:?}", b.id));
            continue;
        };
        if b.x + b.l > c.inner[0] || b.y + b.w > c.inner[1] || b.z + b.h > c.inner[2] {
            out.push(format!("box {i} ({}) lies outside the container", b.id));
        }
        let allowed = orientations(item.size, item.upright_axes)
            .iter()
            .any(|o| (o.l, o.w, o.h) == (b.l, b.w, b.h));
        if !allowed {
            out.push(format!("box {i} ({}) stands in an orientation not allowed", b.id));
        }
        if b.w > c.door[0] || b.h > c.door[1] {
            out.push(format!("box {i} ({}) does not pass the door as placed", b.id));
        }
    }
    for pc in &plan.placed {
        let n = counts.get(pc.id.as_str()).copied().unwrap_or(0);
        if n != pc.count {
            out.push(format!("{}: count {} but {} placements", pc.id, pc.count, n));
        }
        if let Some(q) = p
            .items
            .iter()
            .find(|it| it.id == pc.id)
            .and_then(|it| it.quantity)
            && pc.count > q as u64
        {
            out.push(format!("{}: {} placed but only {} available", pc.id, pc.count, q));
        }
    }
    out.extend(overlaps(&plan.placements));
    if p.support == Support::Full
        && let Some(i) = crate::single::first_unsupported(&plan.placements)
    {
        out.push(format!(
            "box {i} ({}) is not fully supported",
            plan.placements[i].id
        ));
    }
    let weight: Decimal = plan
        .placements
        .iter()
        .filter_map(|b| p.items.iter().find(|it| it.id == b.id))
        .map(|it| it.gross_kg)
        .sum();
    if weight > c.payload_kg {
        out.push(format!(
            "weight {weight} kg exceeds the payload {} kg",
            c.payload_kg
        ));
    }
    out.extend(overloaded(p, &plan.placements));
    out
}

fn overlaps(ps: &[Placement]) -> Vec<String> {
    let mut idx: Vec<usize> = (0..ps.len()).collect();
    idx.sort_by_key(|&i| ps[i].x);
    let mut out = Vec::new();
    for (k, &i) in idx.iter().enumerate() {
        let a = &ps[i];
        for &j in &idx[k + 1..] {
            let b = &ps[j];
            if b.x >= a.x + a.l {
                break;
            }
            if a.y < b.y + b.w && b.y < a.y + a.w && a.z < b.z + b.h && b.z < a.z + a.h {
                out.push(format!("boxes {i} and {j} overlap"));
            }
        }
    }
    out
}

/// Cartons loaded beyond their stacking limit. Each box passes its own weight and its load
/// to the boxes directly below it in proportion to the contact area, from the top down.
fn overloaded(p: &Problem, ps: &[Placement]) -> Vec<String> {
    if p.items.iter().all(|it| it.max_stack_kg.is_none()) {
        return Vec::new();
    }
    let gross: HashMap<&str, Decimal> = p.items.iter().map(|it| (it.id.as_str(), it.gross_kg)).collect();
    let limit: HashMap<&str, Option<Decimal>> = p
        .items
        .iter()
        .map(|it| (it.id.as_str(), it.max_stack_kg))
        .collect();
    let mut order: Vec<usize> = (0..ps.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(ps[i].z + ps[i].h));
    let mut by_top: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, b) in ps.iter().enumerate() {
        by_top.entry(b.z + b.h).or_default().push(i);
    }
    let mut load = vec![Decimal::ZERO; ps.len()];
    let mut out = Vec::new();
    for &i in &order {
        let b = &ps[i];
        if let Some(Some(m)) = limit.get(b.id.as_str())
            && load[i] > *m
        {
            out.push(format!(
                "box {i} ({}) carries {} kg, more than its {m} kg",
                b.id,
                load[i].round_dp(3)
            ));
        }
        let total = load[i] + gross.get(b.id.as_str()).copied().unwrap_or_default();
        let area = Decimal::from(b.l as u64 * b.w as u64);
        for &j in by_top.get(&b.z).map(Vec::as_slice).unwrap_or(&[]) {
            let q = &ps[j];
            let dx = (b.x + b.l).min(q.x + q.l).saturating_sub(b.x.max(q.x)) as u64;
            let dy = (b.y + b.w).min(q.y + q.w).saturating_sub(b.y.max(q.y)) as u64;
            if dx * dy > 0 {
                load[j] += total * Decimal::from(dx * dy) / area;
            }
        }
    }
    out
}
