//! Mixed cargo (several carton types in one container): block building with a beam search.
//!
//! The approach of the strongest published container-loading heuristics, written for this
//! crate: Fanslau & Bortfeldt, "A tree search algorithm for solving the container loading
//! problem", INFORMS J. Computing 22(2), 2010 (simple and general blocks, residual spaces,
//! the anchor corner); Araya & Riff, "A beam search approach to the container loading
//! problem", Computers & OR 43, 2014 (beam search whose nodes are valued by a greedy
//! completion, widened while time remains); Zhu & Lim, "A new iterative-doubling
//! Greedy–Lookahead algorithm for the single container loading problem", EJOR 222(3), 2012
//! (the space choice by corner distance).
//!
//! - **Blocks**: a simple block is nx × ny × nz boxes of one type in one orientation; a
//!   general block joins two blocks along x, y or z when the boxes fill at least
//!   [`MIN_FILL_PER_MILLE`] of the joined cuboid. With full support, joined blocks keep a flat,
//!   fully covered top rectangle (the packing area) and a block only goes on top of the
//!   packing area of the one below.
//! - **Spaces**: the empty part of the container as maximal cuboids. The next space is the one
//!   nearest a container corner (sorted corner distances compared lexicographically, then the
//!   larger volume); a block goes into its corner nearest the container corner, on the
//!   space's floor. With full support, the space above a block covers only the block's
//!   packing area, so every space's floor is fully supported by induction.
//! - **Search**: a greedy completion places the largest feasible block into the chosen space
//!   until no space is left. The beam search keeps the `width` best partial loads by the
//!   value of their greedy completion, expands each with its best blocks, and doubles the
//!   width each round until the time limit; the best completion seen is the result. No
//!   randomness: the same input gives the same plan when the same rounds complete (and the
//!   seed picks among equally good rankings so that two runs with different seeds may
//!   explore differently).
//! - **Limits**: quantities, payload (total weight), door (each box's placed width and height
//!   pass the door), and the stacking limit as a pressure budget: a carton rated to carry
//!   `max_stack_kg` on its top face of area A accepts at most max_stack_kg / A on it, and
//!   whatever rests on a block uses up the budget of the block below.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{
    BindingLimit, Container, Item, LoadPlan, PlacedCount, Placement, Problem, Support, Warning, orientations,
};
use crate::reefer;

/// The least share of a general block's cuboid its boxes fill.
pub const MIN_FILL_PER_MILLE: u64 = 980;
/// The most blocks generated for one problem.
pub const MAX_BLOCKS: usize = 10_000;
/// The most joins tried while generating blocks: a fixed amount of work, so that the block
/// set does not depend on the clock (the time limit only stops it on tiny limits).
pub const MAX_JOIN_TRIES: u64 = 4_000_000;
/// Pressure unit: milligrams per square millimetre × 1000.
const PRESSURE_SCALE: u128 = 1000;
/// No stacking limit.
const UNLIMITED: u64 = u64::MAX;

/// How hard to search (tests fix the rounds to make the result independent of the clock).
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// Stop searching after this much time on `clock`.
    pub time_limit: Option<Duration>,
    /// Stop after this many beam-search rounds (width 1, 2, 4, …).
    pub max_rounds: Option<u32>,
    /// The time that counts: wall-clock time by default ([`wall_clock`]); the benchmark
    /// passes the thread's CPU time so that other work on the machine does not shorten a run.
    pub clock: fn() -> Duration,
}

impl Effort {
    /// Search until `time_limit` of wall-clock time has passed.
    pub fn wall(time_limit: Duration) -> Effort {
        Effort {
            time_limit: Some(time_limit),
            max_rounds: None,
            clock: wall_clock,
        }
    }

    /// Search exactly `rounds` rounds, whatever the time (a reproducible effort).
    pub fn rounds(rounds: u32) -> Effort {
        Effort {
            time_limit: None,
            max_rounds: Some(rounds),
            clock: wall_clock,
        }
    }
}

/// Time since the first call in this process, monotonic.
pub fn wall_clock() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// A deadline on an effort's clock.
#[derive(Clone, Copy)]
struct Deadline {
    at: Option<Duration>,
    clock: fn() -> Duration,
}

impl Deadline {
    fn passed(&self) -> bool {
        self.at.is_some_and(|at| (self.clock)() >= at)
    }
}

#[derive(Debug, Clone)]
struct BoxType {
    /// Allowed orientations (l, w, h) that fit inside and pass the door.
    orients: Vec<[u32; 3]>,
    avail: u32,
    /// Milligrams, rounded up.
    weight: u64,
    vol: u64,
    /// What a box is worth to the search: its volume, times a large priority for cartons
    /// with a quantity when other cartons are "as many as fit", so that the ordered cartons
    /// go in first and the fillers take the room that is left.
    value: u64,
    /// Milligrams the top face carries, rounded down.
    max_stack: Option<u64>,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Simple { t: u32, o: [u32; 3], n: [u32; 3] },
    Pair { a: u32, b: u32, axis: u8 },
}

#[derive(Debug, Clone)]
struct Block {
    dim: [u32; 3],
    vol: u64,
    /// The boxes' worth (see `BoxType::value`).
    value: u64,
    weight: u64,
    /// (type, count), sorted by type.
    req: Vec<(u32, u32)>,
    kind: Kind,
    /// The fully covered rectangle of the top face, from the block's origin corner.
    top: [u32; 2],
    /// Pressure budget left on the top face.
    top_budget: u64,
    /// Pressure the block puts on what it stands on.
    pressure: u64,
    /// Area of the boxes touching the block's bottom.
    base_area: u64,
}

/// What makes two blocks the same for the search: their size and the boxes they use.
type BlockKey = ([u32; 3], Vec<(u32, u32)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Space {
    lo: [u32; 3],
    hi: [u32; 3],
    budget: u64,
}

impl Space {
    fn size(&self, k: usize) -> u32 {
        self.hi[k] - self.lo[k]
    }
    fn volume(&self) -> u64 {
        (0..3).map(|k| self.size(k) as u64).product()
    }
    fn contains(&self, o: &Space) -> bool {
        (0..3).all(|k| self.lo[k] <= o.lo[k] && o.hi[k] <= self.hi[k]) && self.budget >= o.budget
    }
}

#[derive(Debug, Clone)]
struct State {
    spaces: Vec<Space>,
    remaining: Vec<u32>,
    weight_left: u64,
    /// The worth of what is loaded (see `BoxType::value`).
    value: u64,
    placed: Vec<(u32, [u32; 3])>,
}

impl State {
    /// Identifies the load (what is left and where), whatever order it was built in.
    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut spaces: Vec<([u32; 3], [u32; 3])> = self.spaces.iter().map(|s| (s.lo, s.hi)).collect();
        spaces.sort_unstable();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.remaining.hash(&mut h);
        spaces.hash(&mut h);
        let mut placed: Vec<(u32, [u32; 3])> = self.placed.clone();
        placed.sort_unstable();
        placed.hash(&mut h);
        h.finish()
    }
}

/// How a search round ended.
enum Round {
    /// Every branch was explored: wider beams find nothing new.
    Exhausted,
    /// Some branches were cut: a wider beam may find more.
    Widen,
    OutOfTime,
    /// Every carton is loaded: nothing better exists.
    Complete,
}

/// A block set: how full a general block must be, and how many blocks at most.
#[derive(Debug, Clone, Copy)]
struct Config {
    /// Per mille of the joined cuboid the boxes fill.
    min_fill: u64,
    max_blocks: usize,
}

/// The block set for a problem. Exact joins (100 % full) when each carton type has many
/// cartons: there are plenty, and a partly empty join only wastes room. The more the types
/// and the fewer the cartons of each, the fewer exact joins exist and the more a nearly full
/// join is worth: 99 % from 2 to 6 cartons per type, [`MIN_FILL_PER_MILLE`] below (chosen on
/// samples of the BR classes, see BENCHMARKS.md).
fn configs_for(p: &Problem) -> Vec<Config> {
    let types = p.items.len().max(1) as u64;
    let cont_vol: u64 = p.container.inner.iter().map(|&d| d as u64).product();
    let cartons: u64 = p
        .items
        .iter()
        .map(|it| {
            it.quantity.map_or(
                cont_vol / it.size.iter().map(|&d| d as u64).product::<u64>().max(1),
                u64::from,
            )
        })
        .sum();
    let min_fill = match cartons * 10 / types {
        60.. => 1000,
        20..60 => 990,
        _ => MIN_FILL_PER_MILLE,
    };
    vec![Config {
        min_fill,
        max_blocks: MAX_BLOCKS,
    }]
}

/// The solver's view of a problem.
struct Solver {
    cont: [u32; 3],
    support: Support,
    types: Vec<BoxType>,
    blocks: Vec<Block>,
    /// Rank offset per block, from the seed: among blocks of equal volume the seed decides.
    tie: Vec<u32>,
    /// Per axis, for each length up to the container's, the longest sum of box sides along
    /// that axis that fits in it.
    fill: [Vec<u32>; 3],
    config: Config,
}

fn mg_up(kg: Decimal) -> u64 {
    (kg * Decimal::from(1_000_000))
        .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity)
        .to_u64()
        .unwrap_or(u64::MAX)
}

fn mg_down(kg: Decimal) -> u64 {
    (kg * Decimal::from(1_000_000))
        .floor()
        .to_u64()
        .unwrap_or(u64::MAX)
}

fn pressure_of(weight_mg: u64, area: u64) -> u64 {
    if area == 0 {
        return UNLIMITED;
    }
    (weight_mg as u128 * PRESSURE_SCALE)
        .div_ceil(area as u128)
        .min(u64::MAX as u128 - 1) as u64
}

fn budget_of(carry_mg: u64, area: u64) -> u64 {
    if area == 0 {
        return 0;
    }
    ((carry_mg as u128 * PRESSURE_SCALE) / area as u128).min(u64::MAX as u128 - 1) as u64
}

fn sub_budget(budget: u64, pressure: u64) -> u64 {
    if budget == UNLIMITED {
        UNLIMITED
    } else {
        budget.saturating_sub(pressure)
    }
}

/// A small deterministic generator (SplitMix64) for the seed's tie-breaking.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Solver {
    fn new(p: &Problem, config: Config, deadline: Deadline) -> Solver {
        let c = &p.container;
        let cont_vol: u64 = c.inner.iter().map(|&d| d as u64).product();
        let fillers = p.items.iter().any(|it| it.quantity.is_none());
        let priority: u64 = if fillers && p.items.iter().any(|it| it.quantity.is_some()) {
            (i64::MAX as u64 / 4 / cont_vol.max(1)).clamp(1, 1 << 20)
        } else {
            1
        };
        let types = p
            .items
            .iter()
            .map(|it: &Item| {
                let orients: Vec<[u32; 3]> = orientations(it.size, it.upright_axes)
                    .into_iter()
                    .filter(|o| o.fits_inside(c) && o.passes_door(c))
                    .map(|o| [o.l, o.w, o.h])
                    .collect();
                let vol: u64 = it.size.iter().map(|&d| d as u64).product();
                let avail = match it.quantity {
                    Some(q) => q,
                    None => (cont_vol / vol.max(1)).min(u32::MAX as u64) as u32,
                };
                BoxType {
                    orients,
                    avail,
                    weight: mg_up(it.gross_kg),
                    vol,
                    value: if it.quantity.is_some() {
                        priority * vol
                    } else {
                        vol
                    },
                    max_stack: it.max_stack_kg.map(mg_down),
                }
            })
            .collect();
        let mut s = Solver {
            cont: c.inner,
            support: p.support,
            types,
            blocks: Vec::new(),
            tie: Vec::new(),
            fill: [Vec::new(), Vec::new(), Vec::new()],
            config,
        };
        for k in 0..3 {
            let mut sides: Vec<u32> = s
                .types
                .iter()
                .filter(|t| t.avail > 0)
                .flat_map(|t| {
                    t.orients
                        .iter()
                        .flat_map(move |o| if k == 2 { vec![o[2]] } else { vec![o[0], o[1]] })
                })
                .collect();
            sides.sort_unstable();
            sides.dedup();
            s.fill[k] = raster_fill(s.cont[k], &sides);
        }
        s.generate_blocks(deadline);
        let mut rng = p.seed;
        s.tie = (0..s.blocks.len())
            .map(|_| (splitmix(&mut rng) >> 40) as u32)
            .collect();
        if p.seed != 0 {
            // Stable sort keeps the volume order and lets the seed decide among equals.
            let mut idx: Vec<usize> = (0..s.blocks.len()).collect();
            idx.sort_by_key(|&i| (std::cmp::Reverse(s.blocks[i].value), s.tie[i]));
            s.reorder(&idx);
        }
        s
    }

    fn reorder(&mut self, idx: &[usize]) {
        let mut pos = vec![0u32; idx.len()];
        for (new, &old) in idx.iter().enumerate() {
            pos[old] = new as u32;
        }
        let mut blocks: Vec<Block> = idx.iter().map(|&i| self.blocks[i].clone()).collect();
        for b in &mut blocks {
            if let Kind::Pair { a, b: bb, .. } = &mut b.kind {
                *a = pos[*a as usize];
                *bb = pos[*bb as usize];
            }
        }
        self.blocks = blocks;
    }

    fn simple_blocks(&self) -> Vec<Block> {
        let mut out = Vec::new();
        for (t, ty) in self.types.iter().enumerate() {
            if ty.avail == 0 {
                continue;
            }
            for &o in &ty.orients {
                let area = o[0] as u64 * o[1] as u64;
                let max_z = match ty.max_stack {
                    None => self.cont[2] / o[2],
                    Some(m) => {
                        let k = m.checked_div(ty.weight).unwrap_or(u64::MAX);
                        (self.cont[2] / o[2]).min(k.saturating_add(1).min(u32::MAX as u64) as u32)
                    }
                };
                for nz in 1..=max_z {
                    for ny in 1..=self.cont[1] / o[1] {
                        if nz as u64 * ny as u64 > ty.avail as u64 {
                            break;
                        }
                        for nx in 1..=self.cont[0] / o[0] {
                            let n = nx as u64 * ny as u64 * nz as u64;
                            if n > ty.avail as u64 {
                                break;
                            }
                            let per_column = ty.weight * nz as u64;
                            let top_budget = match ty.max_stack {
                                None => UNLIMITED,
                                Some(m) => budget_of(m - ty.weight * (nz as u64 - 1), area),
                            };
                            let base = area * nx as u64 * ny as u64;
                            out.push(Block {
                                dim: [o[0] * nx, o[1] * ny, o[2] * nz],
                                vol: ty.vol * n,
                                value: ty.value * n,
                                weight: ty.weight * n,
                                req: vec![(t as u32, n as u32)],
                                kind: Kind::Simple {
                                    t: t as u32,
                                    o,
                                    n: [nx, ny, nz],
                                },
                                top: [o[0] * nx, o[1] * ny],
                                top_budget,
                                pressure: pressure_of(per_column, area),
                                base_area: base,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    fn join(&self, ia: usize, ib: usize, axis: usize) -> Option<Block> {
        let a = &self.blocks[ia];
        let b = &self.blocks[ib];
        let full = self.support == Support::Full;
        let mut dim = [0u32; 3];
        #[allow(clippy::needless_range_loop)] // three parallel arrays by axis
        for k in 0..3 {
            dim[k] = if k == axis {
                a.dim[k] + b.dim[k]
            } else {
                a.dim[k].max(b.dim[k])
            };
            if dim[k] > self.cont[k] {
                return None;
            }
        }
        let cuboid = dim.iter().map(|&d| d as u64).product::<u64>();
        let vol = a.vol + b.vol;
        let value = a.value + b.value;
        if vol * 1000 < cuboid * self.config.min_fill {
            return None;
        }
        let req = merge_req(&a.req, &b.req);
        if req.iter().any(|&(t, n)| n > self.types[t as usize].avail) {
            return None;
        }
        let (top, top_budget, pressure, base_area) = match axis {
            0 | 1 => {
                let (along, across) = (axis, 1 - axis);
                if full && (a.dim[2] != b.dim[2] || a.top[along] != a.dim[along]) {
                    return None;
                }
                let mut top = [0u32; 2];
                top[along] = a.dim[along] + b.top[along];
                top[across] = a.top[across].min(b.top[across]);
                let base_area = a.base_area + b.base_area;
                let pressure = pressure_of(a.weight + b.weight, base_area).max(a.pressure.max(b.pressure));
                (top, a.top_budget.min(b.top_budget), pressure, base_area)
            }
            _ => {
                if full && (b.dim[0] > a.top[0] || b.dim[1] > a.top[1]) {
                    return None;
                }
                if b.pressure > a.top_budget {
                    return None;
                }
                // Under b, a's columns carry b's pressure on top of their own.
                let pressure = a.pressure.saturating_add(b.pressure);
                (
                    b.top,
                    b.top_budget.min(sub_budget(a.top_budget, b.pressure)),
                    pressure,
                    a.base_area,
                )
            }
        };
        Some(Block {
            dim,
            vol,
            value,
            weight: a.weight + b.weight,
            req,
            kind: Kind::Pair {
                a: ia as u32,
                b: ib as u32,
                axis: axis as u8,
            },
            top,
            top_budget,
            pressure,
            base_area,
        })
    }

    /// Simple blocks, then general blocks joined pairwise in rounds, at most [`MAX_BLOCKS`],
    /// sorted by volume (largest first).
    fn generate_blocks(&mut self, deadline: Deadline) {
        let mut blocks = self.simple_blocks();
        let key = |b: &Block| (b.dim, b.req.clone());
        let mut seen: HashSet<BlockKey> = HashSet::new();
        blocks.retain(|b| seen.insert(key(b)));
        if blocks.len() > MAX_BLOCKS {
            sort_blocks(&mut blocks);
            blocks.truncate(MAX_BLOCKS);
            seen = blocks.iter().map(key).collect();
        }
        self.blocks = blocks;
        let mut from = 0;
        let maxb = self.config.max_blocks;
        let mut tries: u64 = 0;
        while self.blocks.len() < maxb && tries < MAX_JOIN_TRIES && !deadline.passed() {
            let to = self.blocks.len();
            // Partners along an axis: blocks whose first cross dimension is within the fill
            // ratio of this one's (a thinner partner could not keep the joined block full).
            let mut by_cross: [Vec<(u32, u32)>; 3] = [Vec::new(), Vec::new(), Vec::new()];
            for (axis, list) in by_cross.iter_mut().enumerate() {
                let c = (axis + 1) % 3;
                *list = (0..to).map(|j| (self.blocks[j].dim[c], j as u32)).collect();
                list.sort_unstable();
            }
            let mut fresh = Vec::new();
            'outer: for i in 0..to {
                for (axis, list) in by_cross.iter().enumerate() {
                    let c = (axis + 1) % 3;
                    let d = self.blocks[i].dim[c] as u64;
                    let lo = (d * self.config.min_fill).div_ceil(1000) as u32;
                    let hi = (d * 1000 / self.config.min_fill) as u32;
                    let start = list.partition_point(|x| x.0 < lo);
                    for &(dj, j) in &list[start..] {
                        if dj > hi {
                            break;
                        }
                        let j = j as usize;
                        if i < from && j < from {
                            continue;
                        }
                        tries += 1;
                        if tries >= MAX_JOIN_TRIES {
                            break 'outer;
                        }
                        if let Some(b) = self.join(i, j, axis)
                            && seen.insert(key(&b))
                        {
                            fresh.push(b);
                            if to + fresh.len() >= maxb {
                                break 'outer;
                            }
                        }
                    }
                }
            }
            if fresh.is_empty() {
                break;
            }
            from = to;
            self.blocks.extend(fresh);
        }
        let mut idx: Vec<usize> = (0..self.blocks.len()).collect();
        idx.sort_by_key(|&i| std::cmp::Reverse(self.blocks[i].value));
        self.reorder(&idx);
    }

    fn root(&self, payload: u64) -> State {
        State {
            spaces: vec![Space {
                lo: [0, 0, 0],
                hi: self.cont,
                budget: UNLIMITED,
            }],
            remaining: self.types.iter().map(|t| t.avail).collect(),
            weight_left: payload,
            value: 0,
            placed: Vec::new(),
        }
    }

    /// The least side and volume of any remaining box (for dropping useless spaces).
    fn smallest(&self, s: &State) -> Option<(u32, u64)> {
        let mut side = u32::MAX;
        let mut vol = u64::MAX;
        for (t, ty) in self.types.iter().enumerate() {
            if s.remaining[t] == 0 || ty.weight > s.weight_left || ty.orients.is_empty() {
                continue;
            }
            for o in &ty.orients {
                side = side.min(o[0]).min(o[1]).min(o[2]);
            }
            vol = vol.min(ty.vol);
        }
        (side != u32::MAX).then_some((side, vol))
    }

    fn fits(&self, s: &State, sp: &Space, b: &Block) -> bool {
        b.dim[0] <= sp.size(0)
            && b.dim[1] <= sp.size(1)
            && b.dim[2] <= sp.size(2)
            && b.weight <= s.weight_left
            && b.pressure <= sp.budget
            && b.req.iter().all(|&(t, n)| s.remaining[t as usize] >= n)
    }

    /// The space to fill next: nearest a container corner, then the largest.
    fn pick_space(&self, s: &State) -> Option<usize> {
        let mut best: Option<(usize, [u32; 3], u64)> = None;
        for (i, sp) in s.spaces.iter().enumerate() {
            let mut d = [
                sp.lo[0].min(self.cont[0] - sp.hi[0]),
                sp.lo[1].min(self.cont[1] - sp.hi[1]),
                sp.lo[2],
            ];
            d.sort_unstable();
            let v = sp.volume();
            let better = match &best {
                None => true,
                Some((_, bd, bv)) => d < *bd || (d == *bd && v > *bv),
            };
            if better {
                best = Some((i, d, v));
            }
        }
        best.map(|b| b.0)
    }

    /// The value of putting block `b` into space `sp`: the boxes' volume less the slabs beside
    /// it that no combination of box sides can fill (lengths off the raster of box sides).
    fn score(&self, sp: &Space, b: &Block) -> i64 {
        let s = [sp.size(0) as i64, sp.size(1) as i64, sp.size(2) as i64];
        let mut lost = 0i64;
        for k in 0..3 {
            let r = (sp.size(k) - b.dim[k]) as usize;
            let waste = r as i64 - self.fill[k][r] as i64;
            if waste > 0 {
                let (i, j) = ((k + 1) % 3, (k + 2) % 3);
                lost += waste * s[i] * s[j];
            }
        }
        b.value as i64 - lost
    }

    /// Up to `k` feasible blocks for space `si`, best first.
    fn candidates(&self, s: &State, si: usize, k: usize, out: &mut Vec<u32>) {
        out.clear();
        let sp = &s.spaces[si];
        let mut scored: Vec<(i64, u32)> = Vec::with_capacity(k + 1);
        for (i, b) in self.blocks.iter().enumerate() {
            if scored.len() == k && (b.value as i64) <= scored[k - 1].0 {
                break;
            }
            if !self.fits(s, sp, b) {
                continue;
            }
            let v = self.score(sp, b);
            if scored.len() == k && v <= scored[k - 1].0 {
                continue;
            }
            let at = scored.iter().position(|x| x.0 < v).unwrap_or(scored.len());
            scored.insert(at, (v, i as u32));
            scored.truncate(k);
        }
        out.extend(scored.iter().map(|x| x.1));
    }

    /// Put block `bi` into space `si` at the space's corner nearest a container corner.
    fn place(&self, s: &mut State, si: usize, bi: u32) {
        let b = &self.blocks[bi as usize];
        let sp = s.spaces[si];
        let mut pos = [0u32; 3];
        #[allow(clippy::needless_range_loop)] // four parallel arrays by axis
        for k in 0..2 {
            pos[k] = if sp.lo[k] <= self.cont[k] - sp.hi[k] {
                sp.lo[k]
            } else {
                sp.hi[k] - b.dim[k]
            };
        }
        pos[2] = sp.lo[2];
        for &(t, n) in &b.req {
            s.remaining[t as usize] -= n;
        }
        s.weight_left -= b.weight;
        s.value += b.value;
        s.placed.push((bi, pos));
        let hi = [pos[0] + b.dim[0], pos[1] + b.dim[1], pos[2] + b.dim[2]];
        let above_budget = b.top_budget.min(sub_budget(sp.budget, b.pressure));
        let min = self.smallest(s);
        let mut kept: Vec<Space> = Vec::with_capacity(s.spaces.len() + 8);
        let mut fresh: Vec<Space> = Vec::new();
        for o in &s.spaces {
            let overlaps = (0..3).all(|k| o.lo[k] < hi[k] && pos[k] < o.hi[k]);
            if !overlaps {
                kept.push(*o);
                continue;
            }
            for k in 0..3 {
                if o.lo[k] < pos[k] {
                    let mut n = *o;
                    n.hi[k] = pos[k];
                    fresh.push(n);
                }
                if hi[k] < o.hi[k] {
                    let mut n = *o;
                    n.lo[k] = hi[k];
                    if k == 2 {
                        n.budget = n.budget.min(above_budget);
                        if self.support == Support::Full {
                            n.lo[0] = o.lo[0].max(pos[0]);
                            n.hi[0] = o.hi[0].min(pos[0] + b.top[0]);
                            n.lo[1] = o.lo[1].max(pos[1]);
                            n.hi[1] = o.hi[1].min(pos[1] + b.top[1]);
                            if n.lo[0] >= n.hi[0] || n.lo[1] >= n.hi[1] {
                                continue;
                            }
                        }
                    }
                    fresh.push(n);
                }
            }
        }
        let useful = |n: &Space| match min {
            None => false,
            Some((side, vol)) => (0..3).all(|k| n.size(k) >= side) && n.volume() >= vol,
        };
        kept.retain(useful);
        fresh.retain(useful);
        // Drop fresh spaces inside another space (the kept ones are maximal already).
        let mut out = kept;
        for i in 0..fresh.len() {
            let n = fresh[i];
            let inside = out.iter().any(|o| o.contains(&n))
                || fresh
                    .iter()
                    .enumerate()
                    .any(|(j, o)| j != i && o.contains(&n) && (o != &n || j < i));
            if !inside {
                out.push(n);
            }
        }
        s.spaces = out;
    }

    /// Fill the state greedily: the next space gets its largest feasible block, or is dropped.
    fn greedy(&self, s: &mut State, buf: &mut Vec<u32>) {
        while let Some(si) = self.pick_space(s) {
            self.candidates(s, si, 1, buf);
            match buf.first() {
                Some(&bi) => self.place(s, si, bi),
                None => {
                    s.spaces.swap_remove(si);
                }
            }
        }
    }

    /// Choose the next space of a partial load and its candidate blocks (dropping spaces
    /// that take no block).
    fn expand(&self, s: &mut State, k: usize, buf: &mut Vec<u32>) -> Option<usize> {
        while let Some(si) = self.pick_space(s) {
            self.candidates(s, si, k, buf);
            if buf.is_empty() {
                s.spaces.swap_remove(si);
            } else {
                return Some(si);
            }
        }
        None
    }

    /// One beam-search round of the given width from `root`, improving `best`.
    fn round(
        &self,
        root: &State,
        width: usize,
        deadline: Deadline,
        best: &mut State,
        buf: &mut Vec<u32>,
    ) -> Round {
        let branch = width.max(2);
        let mut beam = vec![root.clone()];
        let mut pruned = false;
        while !beam.is_empty() {
            let mut children: Vec<(u64, State)> = Vec::new();
            for node in &beam {
                let mut node = node.clone();
                let Some(si) = self.expand(&mut node, branch, buf) else {
                    continue;
                };
                let cands = buf.clone();
                if cands.len() == branch {
                    pruned = true;
                }
                for bi in cands {
                    if deadline.passed() {
                        return Round::OutOfTime;
                    }
                    let mut child = node.clone();
                    self.place(&mut child, si, bi);
                    let mut done = child.clone();
                    self.greedy(&mut done, buf);
                    if done.value > best.value {
                        *best = done.clone();
                        if best.remaining.iter().all(|&r| r == 0) {
                            return Round::Complete;
                        }
                    }
                    children.push((done.value, child));
                }
            }
            children.sort_by_key(|(v, c)| (std::cmp::Reverse(*v), std::cmp::Reverse(c.value)));
            // The same load reached by placing blocks in another order is kept once.
            let mut keys = HashSet::new();
            children.retain(|(_, c)| keys.insert(c.fingerprint()));
            if children.len() > width {
                pruned = true;
                children.truncate(width);
            }
            beam = children.into_iter().map(|(_, c)| c).collect();
        }
        if pruned { Round::Widen } else { Round::Exhausted }
    }

    fn emit(&self, bi: u32, pos: [u32; 3], ids: &[&str], out: &mut Vec<Placement>) {
        match self.blocks[bi as usize].kind {
            Kind::Simple { t, o, n } => {
                for i in 0..n[0] {
                    for j in 0..n[1] {
                        for k in 0..n[2] {
                            out.push(Placement {
                                id: ids[t as usize].to_string(),
                                x: pos[0] + i * o[0],
                                y: pos[1] + j * o[1],
                                z: pos[2] + k * o[2],
                                l: o[0],
                                w: o[1],
                                h: o[2],
                            });
                        }
                    }
                }
            }
            Kind::Pair { a, b, axis } => {
                self.emit(a, pos, ids, out);
                let mut p = pos;
                p[axis as usize] += self.blocks[a as usize].dim[axis as usize];
                self.emit(b, p, ids, out);
            }
        }
    }
}

/// For every length up to `limit`, the longest sum of `sides` (each any number of times) that
/// fits in it.
fn raster_fill(limit: u32, sides: &[u32]) -> Vec<u32> {
    let n = limit as usize + 1;
    let mut reach = vec![false; n];
    reach[0] = true;
    for v in 0..n {
        if reach[v] {
            for &d in sides {
                let e = v + d as usize;
                if d > 0 && e < n {
                    reach[e] = true;
                }
            }
        }
    }
    let mut out = vec![0u32; n];
    let mut last = 0;
    for v in 0..n {
        if reach[v] {
            last = v as u32;
        }
        out[v] = last;
    }
    out
}

fn merge_req(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

fn sort_blocks(blocks: &mut [Block]) {
    blocks.sort_by_key(|b| std::cmp::Reverse(b.value));
}

/// Place the boxes of a validated problem with several cargo types (any number works,
/// one included), within `effort`.
pub fn solve_mixed(p: &Problem, effort: Effort) -> LoadPlan {
    let t0 = (effort.clock)();
    let at = |part: u32, of: u32| Deadline {
        at: effort.time_limit.map(|l| t0 + l * part / of),
        clock: effort.clock,
    };
    // Block generation takes at most a fifth of the time.
    let cfgs = configs_for(p);
    let n = cfgs.len() as u32;
    let solvers: Vec<Solver> = cfgs
        .iter()
        .enumerate()
        .map(|(i, &c)| Solver::new(p, c, at(i as u32 + 1, 5 * n)))
        .collect();
    let payload = mg_down(p.container.payload_kg);
    let deadline = at(1, 1);
    let mut buf = Vec::new();
    let roots: Vec<State> = solvers.iter().map(|s| s.root(payload)).collect();
    let mut bests: Vec<State> = solvers
        .iter()
        .zip(&roots)
        .map(|(s, r)| {
            let mut b = r.clone();
            s.greedy(&mut b, &mut buf);
            b
        })
        .collect();
    // Nothing to search when the greedy loads everything.
    let mut active: Vec<bool> = bests.iter().map(|b| b.remaining.iter().any(|&r| r > 0)).collect();
    let mut width = 1usize;
    let mut round = 0u32;
    'search: while active.iter().any(|&a| a) && effort.max_rounds.is_none_or(|m| round < m) {
        round += 1;
        for i in 0..solvers.len() {
            if !active[i] {
                continue;
            }
            match solvers[i].round(&roots[i], width, deadline, &mut bests[i], &mut buf) {
                Round::Exhausted => active[i] = false,
                Round::Widen => {}
                Round::OutOfTime | Round::Complete => break 'search,
            }
        }
        width *= 2;
    }
    let mut pick = 0;
    for i in 1..bests.len() {
        if bests[i].value > bests[pick].value {
            pick = i;
        }
    }
    let (solver, best) = (&solvers[pick], &bests[pick]);
    let ids: Vec<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
    let mut placements = Vec::new();
    for &(bi, pos) in &best.placed {
        solver.emit(bi, pos, &ids, &mut placements);
    }
    loading_order(&mut placements);
    report(p, placements, &best.remaining)
}

/// Order boxes for loading: from the front wall to the door, each box after every box it
/// rests on (a box resting on boxes nearer the door waits for them).
pub fn loading_order(ps: &mut Vec<Placement>) {
    ps.sort_by_key(|p| (p.x, p.z, p.y));
    let n = ps.len();
    // Supporters of each box: boxes whose top is this box's bottom and overlap its footprint.
    let mut by_top: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
    for (i, p) in ps.iter().enumerate() {
        by_top.entry(p.z + p.h).or_default().push(i);
    }
    let mut waiting = vec![0usize; n];
    let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in ps.iter().enumerate() {
        if p.z == 0 {
            continue;
        }
        for &j in by_top.get(&p.z).map(Vec::as_slice).unwrap_or(&[]) {
            let q = &ps[j];
            let ox = p.x < q.x + q.l && q.x < p.x + p.l;
            let oy = p.y < q.y + q.w && q.y < p.y + p.w;
            if ox && oy {
                waiting[i] += 1;
                dependants[j].push(i);
            }
        }
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
        .filter(|&i| waiting[i] == 0)
        .map(std::cmp::Reverse)
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse(i)) = ready.pop() {
        order.push(i);
        for &d in &dependants[i] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.push(std::cmp::Reverse(d));
            }
        }
    }
    let sorted: Vec<Placement> = order.into_iter().map(|i| ps[i].clone()).collect();
    *ps = sorted;
}

fn ratio(num: u128, den: u128) -> Decimal {
    if den == 0 {
        return Decimal::new(0, 4);
    }
    let mut r = (Decimal::from_i128_with_scale(num as i128, 0)
        / Decimal::from_i128_with_scale(den as i128, 0))
    .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(4);
    r
}

/// Counts, utilisation, binding limit, bound and warnings of a mixed plan.
fn report(p: &Problem, placements: Vec<Placement>, remaining: &[u32]) -> LoadPlan {
    let c = &p.container;
    let mut counts = vec![0u64; p.items.len()];
    for pl in &placements {
        if let Some(i) = p.items.iter().position(|it| it.id == pl.id) {
            counts[i] += 1;
        }
    }
    let vol = |d: [u32; 3]| d.iter().map(|&v| v as u128).product::<u128>();
    let cont_vol = vol(c.inner);
    let placed_vol: u128 = p
        .items
        .iter()
        .zip(&counts)
        .map(|(it, &n)| vol(it.size) * n as u128)
        .sum();
    let weight: Decimal = p
        .items
        .iter()
        .zip(&counts)
        .map(|(it, &n)| it.gross_kg * Decimal::from(n))
        .sum();
    let mut weight_utilisation =
        (weight / c.payload_kg).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    weight_utilisation.rescale(4);
    let all_placed = p
        .items
        .iter()
        .zip(&counts)
        .all(|(it, &n)| it.quantity.is_some_and(|q| q as u64 == n));
    let left = c.payload_kg - weight;
    let weight_bound = p
        .items
        .iter()
        .zip(remaining)
        .filter(|(_, r)| **r > 0)
        .all(|(it, _)| it.gross_kg > left);
    let binding_limit = if all_placed {
        BindingLimit::Count
    } else if weight_bound {
        BindingLimit::Weight
    } else {
        BindingLimit::Volume
    };
    let upper_bound_count = upper_bound(p);
    let total: u64 = counts.iter().sum();
    let mut warnings = Vec::new();
    for (it, &n) in p.items.iter().zip(&counts) {
        if n == 0 {
            warnings.push(Warning::new(
                "nothing_placed",
                format!("{}: no carton was placed", it.id),
            ));
        } else if let Some(q) = it.quantity
            && (q as u64) > n
        {
            warnings.push(Warning::new(
                "not_all_placed",
                format!("{}: {} of {} cartons placed", it.id, n, q),
            ));
        }
    }
    let loaded: Vec<(&str, &'static reefer::CommodityAdvice)> = p
        .items
        .iter()
        .zip(&counts)
        .filter(|(_, n)| **n > 0)
        .filter_map(|(it, _)| it.commodity.map(|c| (it.id.as_str(), c)))
        .collect();
    warnings.extend(reefer::advice(c.reefer, &loaded));
    let sequence = crate::single::sequence(&placements);
    LoadPlan {
        placed: p
            .items
            .iter()
            .zip(&counts)
            .map(|(it, &n)| PlacedCount {
                id: it.id.clone(),
                count: n,
            })
            .collect(),
        volume_utilisation: ratio(placed_vol, cont_vol),
        weight_utilisation,
        binding_limit,
        upper_bound_count,
        proven_optimal: total == upper_bound_count,
        placements,
        sequence,
        warnings,
    }
}

/// The most boxes any plan can hold: the smallest boxes first until the volume is used up,
/// the lightest first until the payload is used up, and the quantities available.
pub fn upper_bound(p: &Problem) -> u64 {
    let c: &Container = &p.container;
    let cont_vol: u128 = c.inner.iter().map(|&d| d as u128).product();
    let mut by_vol: Vec<(u128, Option<u32>)> = p
        .items
        .iter()
        .map(|it| (it.size.iter().map(|&d| d as u128).product(), it.quantity))
        .collect();
    by_vol.sort();
    let take = |list: &[(u128, Option<u32>)], cap: u128| -> u64 {
        let mut left = cap;
        let mut n: u64 = 0;
        for &(each, q) in list {
            if each == 0 {
                return u64::MAX;
            }
            let fit = left / each;
            let k = q.map_or(fit, |q| fit.min(q as u128));
            n = n.saturating_add(k.min(u64::MAX as u128) as u64);
            left -= k * each;
            if q.is_none() {
                break;
            }
        }
        n
    };
    let volume_bound = take(&by_vol, cont_vol);
    // Rounded the generous way: boxes lighter, payload heavier.
    let mut by_weight: Vec<(u128, Option<u32>)> = p
        .items
        .iter()
        .map(|it| (mg_down(it.gross_kg) as u128, it.quantity))
        .collect();
    by_weight.sort();
    let weight_bound = if by_weight.iter().any(|w| w.0 == 0) {
        u64::MAX
    } else {
        take(&by_weight, mg_up(c.payload_kg) as u128)
    };
    volume_bound.min(weight_bound)
}
