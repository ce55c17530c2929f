//! One product in one container: the best floor pattern times layers over every allowed
//! orientation, optionally topped by layers in another orientation, limited by quantity,
//! payload and the stacking limit; with its upper bound.

use std::collections::HashMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::floor::{self, FloorPattern};
use crate::model::{
    BindingLimit, Container, Item, LoadPlan, Orientation, PlacedCount, Placement, Problem, Support, Warning,
    orientations,
};
use crate::reefer;

/// A vertical choice: which dimension stands up, its height, the footprint and its floor
/// pattern.
struct Vertical {
    h: u32,
    a: u32,
    b: u32,
    pattern: FloorPattern,
    /// Whole layers that fit in the usable height.
    layers: u32,
}

/// A stack of layer groups from the floor up: (vertical index, number of layers).
#[derive(Debug, Clone)]
struct Candidate {
    parts: Vec<(usize, u32)>,
    geom: u64,
}

/// ⌊count of cargo a payload carries⌋, exactly.
pub fn weight_cap(payload: Decimal, gross: Decimal) -> u64 {
    if gross <= Decimal::ZERO {
        return u64::MAX;
    }
    let mut n = (payload / gross).floor().to_u64().unwrap_or(u64::MAX);
    while n > 0 && Decimal::from(n) * gross > payload {
        n -= 1;
    }
    n
}

/// The most boxes in one column: the bottom one carries (k−1)·gross ≤ max_stack.
pub fn stack_cap(max_stack: Option<Decimal>, gross: Decimal) -> u32 {
    match max_stack {
        None => u32::MAX,
        Some(m) => weight_cap(m, gross).saturating_add(1).min(u32::MAX as u64) as u32,
    }
}

/// The largest sum of `dims` (each used any number of times) that is ≤ limit.
fn raster_max(limit: u32, dims: &[u32]) -> u32 {
    let n = limit as usize + 1;
    let mut reach = vec![false; n];
    reach[0] = true;
    let mut best = 0;
    for v in 0..n {
        if reach[v] {
            best = v;
            for &d in dims {
                if d > 0 && v + d as usize <= limit as usize {
                    reach[v + d as usize] = true;
                }
            }
        }
    }
    best as u32
}

fn verticals(c: &Container, item: &Item, door: bool) -> Vec<Vertical> {
    let os: Vec<Orientation> = orientations(item.size, item.upright_axes)
        .into_iter()
        .filter(|o| o.fits_inside(c) && (!door || o.passes_door(c)))
        .collect();
    let mut out: Vec<Vertical> = Vec::new();
    for v in 0..3 {
        let mine: Vec<&Orientation> = os.iter().filter(|o| o.vertical_axis == v).collect();
        let Some(first) = mine.first() else { continue };
        let (a, b, h) = (first.l, first.w, first.h);
        if out
            .iter()
            .any(|o| o.h == h && ((o.a, o.b) == (a, b) || (o.a, o.b) == (b, a)))
        {
            continue;
        }
        let allow = [
            mine.iter().any(|o| (o.l, o.w) == (a, b)),
            mine.iter().any(|o| (o.l, o.w) == (b, a)),
        ];
        let pattern = floor::best_pattern(c.inner[0], c.inner[1], a, b, allow);
        out.push(Vertical {
            h,
            a,
            b,
            layers: c.inner[2] / h,
            pattern,
        });
    }
    out
}

fn candidates(vs: &[Vertical], height: u32, kmax: u32) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, v) in vs.iter().enumerate() {
        let n = v.layers.min(kmax);
        out.push(Candidate {
            parts: vec![(i, n)],
            geom: v.pattern.count as u64 * n as u64,
        });
        for (j, u) in vs.iter().enumerate() {
            if i == j {
                continue;
            }
            for k in 1..n {
                let rest = height - k * v.h;
                let m = (rest / u.h).min(kmax - k);
                if m == 0 {
                    continue;
                }
                out.push(Candidate {
                    parts: vec![(i, k), (j, m)],
                    geom: v.pattern.count as u64 * k as u64 + u.pattern.count as u64 * m as u64,
                });
            }
        }
    }
    out
}

fn build(vs: &[Vertical], cand: &Candidate, id: &str) -> Vec<Placement> {
    let mut out = Vec::with_capacity(cand.geom.min(crate::model::MAX_BOXES) as usize);
    let mut z = 0;
    for &(vi, layers) in &cand.parts {
        let v = &vs[vi];
        for _ in 0..layers {
            for r in &v.pattern.rects {
                out.push(Placement {
                    id: id.to_string(),
                    x: r.x,
                    y: r.y,
                    z,
                    l: r.l,
                    w: r.w,
                    h: v.h,
                });
            }
            z += v.h;
        }
    }
    out
}

/// Sort placements into loading order: from the front wall to the door, bottom-up, left to
/// right.
pub fn loading_order(ps: &mut [Placement]) {
    ps.sort_by_key(|p| (p.x, p.z, p.y));
}

/// The index of the first box (in order) that does not rest fully on the floor or on the
/// tops of boxes, if any.
pub fn first_unsupported(ps: &[Placement]) -> Option<usize> {
    let mut by_top: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, p) in ps.iter().enumerate() {
        by_top.entry(p.z + p.h).or_default().push(i);
    }
    for (i, p) in ps.iter().enumerate() {
        if p.z == 0 {
            continue;
        }
        let mut covered: u64 = 0;
        for &j in by_top.get(&p.z).map(Vec::as_slice).unwrap_or(&[]) {
            let q = &ps[j];
            let dx = (p.x + p.l).min(q.x + q.l).saturating_sub(p.x.max(q.x));
            let dy = (p.y + p.w).min(q.y + q.w).saturating_sub(p.y.max(q.y));
            covered += dx as u64 * dy as u64;
        }
        if covered < p.l as u64 * p.w as u64 {
            return Some(i);
        }
    }
    None
}

/// Whether every rectangle of `upper` lies fully on rectangles of `lower` (both patterns on
/// the same floor, `lower`'s rectangles disjoint).
fn rests_fully_on(upper: &FloorPattern, lower: &FloorPattern) -> bool {
    upper.rects.iter().all(|p| {
        let covered: u64 = lower
            .rects
            .iter()
            .map(|q| {
                let dx = (p.x + p.l).min(q.x + q.l).saturating_sub(p.x.max(q.x));
                let dy = (p.y + p.w).min(q.y + q.w).saturating_sub(p.y.max(q.y));
                dx as u64 * dy as u64
            })
            .sum();
        covered == p.l as u64 * p.w as u64
    })
}

struct Geometry {
    placements: Vec<Placement>,
    geom: u64,
    stack_limited: bool,
}

fn best_geometry(c: &Container, item: &Item, door: bool, support: Support, cap: u64) -> Option<Geometry> {
    let vs = verticals(c, item, door);
    let kmax = stack_cap(item.max_stack_kg, item.gross_kg);
    let mut cands = candidates(&vs, c.inner[2], kmax);
    cands.sort_by_key(|k| {
        (
            std::cmp::Reverse(k.geom.min(cap)),
            k.parts.len(),
            std::cmp::Reverse(k.geom),
        )
    });
    let stack_limited = vs.iter().any(|v| v.layers > kmax);
    let mut rests_on: HashMap<(usize, usize), bool> = HashMap::new();
    for cand in &cands {
        let mixed = cand.parts.len() > 1;
        if support == Support::Full && mixed {
            let (lower, upper) = (cand.parts[0].0, cand.parts[1].0);
            let ok = *rests_on
                .entry((lower, upper))
                .or_insert_with(|| rests_fully_on(&vs[upper].pattern, &vs[lower].pattern));
            if !ok {
                continue;
            }
        }
        let mut ps = build(&vs, cand, &item.id);
        loading_order(&mut ps);
        let truncated = (ps.len() as u64) > cap;
        ps.truncate(cap.min(ps.len() as u64) as usize);
        if support == Support::Full && mixed && truncated && first_unsupported(&ps).is_some() {
            continue;
        }
        return Some(Geometry {
            placements: ps,
            geom: cand.geom,
            stack_limited,
        });
    }
    None
}

fn ratio(num: u128, den: u128) -> Decimal {
    if den == 0 {
        return Decimal::ZERO.round_dp(4);
    }
    let mut r = (Decimal::from_i128_with_scale(num as i128, 0)
        / Decimal::from_i128_with_scale(den as i128, 0))
    .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(4);
    r
}

/// The upper bound on the count: the smallest of the volume bound on the raster-reduced
/// container, the layer bound (when every orientation has the same height), the weight
/// bound and the quantity.
pub fn upper_bound(c: &Container, item: &Item) -> u64 {
    let os: Vec<Orientation> = orientations(item.size, item.upright_axes)
        .into_iter()
        .filter(|o| o.fits_inside(c))
        .collect();
    if os.is_empty() {
        return 0;
    }
    let horizontal: Vec<u32> = os.iter().flat_map(|o| [o.l, o.w]).collect();
    let vertical: Vec<u32> = os.iter().map(|o| o.h).collect();
    let vol = |l: u32, w: u32, h: u32| l as u128 * w as u128 * h as u128;
    let [s0, s1, s2] = item.size;
    let mut bound = (vol(
        raster_max(c.inner[0], &horizontal),
        raster_max(c.inner[1], &horizontal),
        raster_max(c.inner[2], &vertical),
    ) / vol(s0, s1, s2))
    .min(u64::MAX as u128) as u64;
    if vertical.iter().all(|&h| h == vertical[0]) {
        let (a, b) = (os[0].l, os[0].w);
        let f = floor::best_pattern(c.inner[0], c.inner[1], a, b, [true, true]).bound as u64;
        bound = bound.min(f * (c.inner[2] / vertical[0]) as u64);
    }
    bound = bound.min(weight_cap(c.payload_kg, item.gross_kg));
    if let Some(q) = item.quantity {
        bound = bound.min(q as u64);
    }
    bound
}

/// Plan one product in the problem's container.
pub fn solve_single(p: &Problem, item: &Item) -> LoadPlan {
    let c = &p.container;
    let weight_cap = weight_cap(c.payload_kg, item.gross_kg);
    let cap = item.quantity.map_or(u64::MAX, u64::from).min(weight_cap);
    let with_door = best_geometry(c, item, true, p.support, cap);
    let mut warnings = Vec::new();
    let (placements, geom, stack_limited) = match with_door {
        Some(g) => (g.placements, g.geom, g.stack_limited),
        None => (Vec::new(), 0, false),
    };
    let count = placements.len() as u64;
    let door_binding = count < cap && {
        let all = orientations(item.size, item.upright_axes);
        all.iter().any(|o| o.fits_inside(c) && !o.passes_door(c))
            && best_geometry(c, item, false, p.support, cap)
                .is_some_and(|g| g.placements.len() as u64 > count)
    };
    let binding_limit = if item.quantity.is_some_and(|q| count == q as u64) {
        BindingLimit::Count
    } else if count == weight_cap {
        BindingLimit::Weight
    } else if door_binding {
        BindingLimit::Door
    } else {
        BindingLimit::Volume
    };
    if stack_limited && count < cap && geom == count {
        warnings.push(Warning::new(
            "stack_limited",
            format!(
                "{}: max_stack_kg allows at most {} cartons in a column",
                item.id,
                stack_cap(item.max_stack_kg, item.gross_kg)
            ),
        ));
    }
    if count == 0 {
        warnings.push(Warning::new(
            "nothing_placed",
            format!("{}: no carton was placed", item.id),
        ));
    }
    if let Some(com) = item.commodity {
        warnings.extend(reefer::advice(c.reefer, &[(item.id.as_str(), com)]));
    }
    let [s0, s1, s2] = item.size;
    let box_vol = s0 as u128 * s1 as u128 * s2 as u128;
    let cont_vol = c.inner.iter().map(|&d| d as u128).product::<u128>();
    let volume_utilisation = ratio(count as u128 * box_vol, cont_vol);
    let mut weight_utilisation = (Decimal::from(count) * item.gross_kg / c.payload_kg)
        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    weight_utilisation.rescale(4);
    let upper_bound_count = upper_bound(c, item);
    let sequence = sequence(&placements);
    LoadPlan {
        placed: vec![PlacedCount {
            id: item.id.clone(),
            count,
        }],
        volume_utilisation,
        weight_utilisation,
        binding_limit,
        upper_bound_count,
        proven_optimal: count == upper_bound_count,
        placements,
        sequence,
        warnings,
    }
}

/// Loading steps: one per group of boxes with the same distance from the front wall.
pub fn sequence(ps: &[Placement]) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < ps.len() {
        let x = ps[k].x;
        let mut e = k;
        while e < ps.len() && ps[e].x == x {
            e += 1;
        }
        let mut ids: Vec<(&str, usize)> = Vec::new();
        for p in &ps[k..e] {
            match ids.iter_mut().find(|(i, _)| *i == p.id) {
                Some(n) => n.1 += 1,
                None => ids.push((&p.id, 1)),
            }
        }
        let what: Vec<String> = ids.iter().map(|(i, n)| format!("{n} × {i}")).collect();
        out.push(format!("{}. x {} mm: {}", out.len() + 1, x, what.join(", ")));
        k = e;
    }
    out
}
