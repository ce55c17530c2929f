//! Floor patterns (the 2D pallet/floor loading problem): as many rectangles a×b (turned by
//! 90° where allowed) as possible on an L×W floor, in integer arithmetic.
//!
//! - Guillotine patterns: a dynamic programme over the raster points (the sums i·a + j·b
//!   that fit) in both directions, each rectangle either filled homogeneously or cut in two
//!   (recursive two-block patterns, which contain every first-order pattern).
//! - The five-block non-guillotine pattern (Smith & De Cani; Bischoff & Dowsland): four
//!   blocks in a pinwheel around a centre block, each block filled by the best guillotine
//!   pattern of its size.
//!
//! The better of the two is kept; the area bound on the raster-reduced floor often proves it
//! optimal.

/// A rectangle on the floor: x along the length, y across.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub l: u32,
    pub w: u32,
}

/// Which family the pattern came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    Empty,
    Homogeneous,
    Guillotine,
    FiveBlock,
}

/// A floor pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorPattern {
    pub count: u32,
    pub rects: Vec<Rect>,
    pub kind: PatternKind,
    /// ⌊r(L)·r(W) / ab⌋ with r the largest raster point: no pattern holds more.
    pub bound: u32,
}

/// The raster points of `limit` for pieces `a` and `b`, ascending, and for every v ≤ limit
/// the index of the largest raster point ≤ v.
fn raster(limit: u32, a: u32, b: u32) -> (Vec<u32>, Vec<u32>) {
    let n = limit as usize + 1;
    let mut reach = vec![false; n];
    reach[0] = true;
    for v in 0..n {
        if reach[v] {
            for d in [a as usize, b as usize] {
                if v + d < n {
                    reach[v + d] = true;
                }
            }
        }
    }
    let mut pts = Vec::new();
    let mut idx = vec![0u32; n];
    for v in 0..n {
        if reach[v] {
            pts.push(v as u32);
        }
        idx[v] = pts.len() as u32 - 1;
    }
    (pts, idx)
}

#[derive(Debug, Clone, Copy)]
enum Choice {
    /// Homogeneous, unturned (a along x) or turned.
    Homog(bool),
    /// Cut across x at raster index i.
    V(u32),
    /// Cut across y at raster index j.
    H(u32),
}

struct Guillotine {
    a: u32,
    b: u32,
    xs: Vec<u32>,
    ys: Vec<u32>,
    rx: Vec<u32>,
    ry: Vec<u32>,
    val: Vec<u32>,
    choice: Vec<Choice>,
}

/// Above this many cut evaluations the guillotine programme keeps homogeneous fillings only
/// (tiny boxes in a big container, where they are near-optimal anyway).
const MAX_DP_WORK: u64 = 10_000_000;
/// Above this many raster cells the table keeps only the whole floor.
const MAX_TABLE: u64 = 1_000_000;
/// Above this many pinwheel evaluations the five-block search is skipped.
const MAX_FIVE_BLOCK_WORK: u64 = 4_000_000;

impl Guillotine {
    fn new(length: u32, width: u32, a: u32, b: u32, allow: [bool; 2]) -> Self {
        let (mut xs, mut rx) = raster(length, a, b);
        let (mut ys, mut ry) = raster(width, a, b);
        if xs.len() as u64 * ys.len() as u64 > MAX_TABLE {
            // Tiny pieces: keep only the whole floor (homogeneous fillings).
            for (pts, idx) in [(&mut xs, &mut rx), (&mut ys, &mut ry)] {
                let last = *pts.last().unwrap_or(&0);
                *pts = vec![0, last];
                for (v, i) in idx.iter_mut().enumerate() {
                    *i = u32::from(v as u32 >= last && last > 0);
                }
            }
        }
        let (nx, ny) = (xs.len(), ys.len());
        let mut g = Guillotine {
            a,
            b,
            xs,
            ys,
            rx,
            ry,
            val: vec![0; nx * ny],
            choice: vec![Choice::Homog(false); nx * ny],
        };
        let cuts = (nx as u64) * (ny as u64) * (nx as u64 + ny as u64) / 2;
        let with_cuts = cuts <= MAX_DP_WORK;
        for i in 0..nx {
            for j in 0..ny {
                let (x, y) = (g.xs[i], g.ys[j]);
                let mut best = 0;
                let mut ch = Choice::Homog(false);
                if allow[0] && (x / a) * (y / b) > best {
                    best = (x / a) * (y / b);
                    ch = Choice::Homog(false);
                }
                if allow[1] && (x / b) * (y / a) > best {
                    best = (x / b) * (y / a);
                    ch = Choice::Homog(true);
                }
                if with_cuts {
                    for i1 in 1..i {
                        let x1 = g.xs[i1];
                        if 2 * x1 > x {
                            break;
                        }
                        let i2 = g.rx[(x - x1) as usize] as usize;
                        let v = g.val[i1 * ny + j] + g.val[i2 * ny + j];
                        if v > best {
                            best = v;
                            ch = Choice::V(i1 as u32);
                        }
                    }
                    for j1 in 1..j {
                        let y1 = g.ys[j1];
                        if 2 * y1 > y {
                            break;
                        }
                        let j2 = g.ry[(y - y1) as usize] as usize;
                        let v = g.val[i * ny + j1] + g.val[i * ny + j2];
                        if v > best {
                            best = v;
                            ch = Choice::H(j1 as u32);
                        }
                    }
                }
                g.val[i * ny + j] = best;
                g.choice[i * ny + j] = ch;
            }
        }
        g
    }

    /// The best count on a w×h rectangle (w ≤ length, h ≤ width).
    fn value(&self, w: u32, h: u32) -> u32 {
        let (i, j) = (self.rx[w as usize] as usize, self.ry[h as usize] as usize);
        self.val[i * self.ys.len() + j]
    }

    /// Append the rectangles of the best pattern of a w×h rectangle at (ox, oy).
    fn build(&self, w: u32, h: u32, ox: u32, oy: u32, out: &mut Vec<Rect>) {
        let (i, j) = (self.rx[w as usize] as usize, self.ry[h as usize] as usize);
        let (x, y) = (self.xs[i], self.ys[j]);
        match self.choice[i * self.ys.len() + j] {
            Choice::Homog(turned) => {
                if self.val[i * self.ys.len() + j] == 0 {
                    return;
                }
                let (pa, pb) = if turned {
                    (self.b, self.a)
                } else {
                    (self.a, self.b)
                };
                for p in 0..x / pa {
                    for q in 0..y / pb {
                        out.push(Rect {
                            x: ox + p * pa,
                            y: oy + q * pb,
                            l: pa,
                            w: pb,
                        });
                    }
                }
            }
            Choice::V(i1) => {
                let x1 = self.xs[i1 as usize];
                self.build(x1, y, ox, oy, out);
                self.build(x - x1, y, ox + x1, oy, out);
            }
            Choice::H(j1) => {
                let y1 = self.ys[j1 as usize];
                self.build(x, y1, ox, oy, out);
                self.build(x, y - y1, ox, oy + y1, out);
            }
        }
    }
}

/// The best pinwheel on len×width better than `beat`: four blocks around a centre,
/// B1 = [0,x1]×[0,y1], B2 = [x1,len]×[0,y2], B3 = [x2,len]×[y2,width], B4 = [0,x2]×[y1,width],
/// centre [x1,x2]×[y2,y1] (x1 ≤ x2, y2 ≤ y1), each block filled by its best guillotine
/// pattern. Stops early at `bound`. Returns the count and [len, x1, x2, y1, y2].
fn five_block(g: &Guillotine, len: u32, width: u32, beat: u32, bound: u32) -> Option<(u32, [u32; 5])> {
    let ab = g.a as u64 * g.b as u64;
    let mut best = beat;
    let mut found = None;
    let nx = g.rx[len as usize] as usize + 1;
    for ix1 in 0..nx {
        let x1 = g.xs[ix1];
        for &x2 in &g.xs[ix1..nx] {
            for (iy2, &y2) in g.ys.iter().enumerate() {
                let b2 = g.value(len - x1, y2);
                let b3 = g.value(len - x2, width - y2);
                // B1, B4 and the centre lie in [0,x2]×[y2,width] ∪ [0,x1]×[0,y2].
                let rest_area = x2 as u64 * (width - y2) as u64 + x1 as u64 * y2 as u64;
                if (b2 + b3) as u64 + rest_area / ab <= best as u64 {
                    continue;
                }
                for &y1 in &g.ys[iy2..] {
                    let v = g.value(x1, y1) + b2 + b3 + g.value(x2, width - y1) + g.value(x2 - x1, y1 - y2);
                    if v > best {
                        best = v;
                        found = Some((v, [len, x1, x2, y1, y2]));
                        if v >= bound {
                            return found;
                        }
                    }
                }
            }
        }
    }
    found
}

/// The best floor pattern found for a×b rectangles on a length×width floor. `allow[0]`:
/// a may lie along the length; `allow[1]`: b may lie along the length (turned).
pub fn best_pattern(length: u32, width: u32, a: u32, b: u32, allow: [bool; 2]) -> FloorPattern {
    let empty = |bound| FloorPattern {
        count: 0,
        rects: Vec::new(),
        kind: PatternKind::Empty,
        bound,
    };
    if a == 0 || b == 0 || !(allow[0] || allow[1]) {
        return empty(0);
    }
    let g = Guillotine::new(length, width, a, b, allow);
    let rl = *g.xs.last().unwrap_or(&0) as u64;
    let rw = *g.ys.last().unwrap_or(&0) as u64;
    let bound = (rl * rw / (a as u64 * b as u64)) as u32;
    let guillotine = g.value(length, width);
    let mut best_five: Option<(u32, [u32; 5])> = None;
    if guillotine < bound {
        // The pinwheel on a window [0, len] of the floor (the whole floor when affordable),
        // the rest of the floor behind it filled by the guillotine pattern.
        let ny = g.ys.len() as u64;
        let within = g.xs.iter().take_while(|&&x| {
            let nx = g.rx[x as usize] as u64 + 1;
            nx * nx * ny * ny / 4 <= MAX_FIVE_BLOCK_WORK
        });
        let len = within.last().copied().unwrap_or(0);
        if len > 0 {
            let rest = g.value(length - len, width);
            if let Some((v, params)) =
                five_block(&g, len, width, guillotine.saturating_sub(rest), bound - rest)
            {
                best_five = Some((v + rest, params));
            }
        }
    }
    let mut rects = Vec::new();
    let (count, kind) = match best_five {
        Some((v, [len, x1, x2, y1, y2])) => {
            g.build(x1, y1, 0, 0, &mut rects);
            g.build(len - x1, y2, x1, 0, &mut rects);
            g.build(len - x2, width - y2, x2, y2, &mut rects);
            g.build(length - len, width, len, 0, &mut rects);
            g.build(x2, width - y1, 0, y1, &mut rects);
            g.build(x2 - x1, y1 - y2, x1, y2, &mut rects);
            (v, PatternKind::FiveBlock)
        }
        None => {
            g.build(length, width, 0, 0, &mut rects);
            let homog = |p: u32, q: u32| (length / p) * (width / q);
            let h = if allow[0] { homog(a, b) } else { 0 }.max(if allow[1] { homog(b, a) } else { 0 });
            (
                guillotine,
                if h == guillotine {
                    PatternKind::Homogeneous
                } else {
                    PatternKind::Guillotine
                },
            )
        }
    };
    debug_assert_eq!(rects.len() as u32, count);
    if count == 0 {
        return empty(bound);
    }
    FloorPattern {
        count,
        rects,
        kind,
        bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(p: &FloorPattern, length: u32, width: u32) {
        assert_eq!(p.rects.len() as u32, p.count);
        for (k, r) in p.rects.iter().enumerate() {
            assert!(r.x + r.l <= length && r.y + r.w <= width, "{r:?} outside");
            for s in &p.rects[k + 1..] {
                let apart = r.x + r.l <= s.x || s.x + s.l <= r.x || r.y + r.w <= s.y || s.y + s.w <= r.y;
                assert!(apart, "{r:?} overlaps {s:?}");
            }
        }
        assert!(p.count <= p.bound);
    }

    #[test]
    fn cartons_500_by_300_on_a_40rh_floor_reach_the_raster_bound_168() {
        let p = best_pattern(11580, 2290, 500, 300, [true, true]);
        check(&p, 11580, 2290);
        assert_eq!(p.count, 168);
        assert_eq!(p.bound, 168);
    }

    #[test]
    fn exact_tiling_is_found() {
        let p = best_pattern(1200, 800, 400, 200, [true, true]);
        check(&p, 1200, 800);
        assert_eq!(p.count, 12);
        assert_eq!(p.kind, PatternKind::Homogeneous);
    }

    #[test]
    fn five_block_pinwheel_beats_guillotine_on_the_classic_instance() {
        // 3×1 pieces on a 5×5 square: guillotine cuts hold 7, the pinwheel around a 1×1
        // centre holds 8 = the area bound.
        let p = best_pattern(5, 5, 3, 1, [true, true]);
        check(&p, 5, 5);
        assert_eq!(p.kind, PatternKind::FiveBlock);
        assert_eq!(p.count, 8);
        let p = best_pattern(11, 11, 3, 1, [true, true]);
        check(&p, 11, 11);
        assert_eq!(p.count, 40);
    }

    #[test]
    fn orientation_restriction_is_obeyed() {
        let p = best_pattern(1000, 700, 300, 200, [false, true]);
        check(&p, 1000, 700);
        assert!(p.rects.iter().all(|r| r.l == 200 && r.w == 300));
        assert_eq!(p.count, 5 * 2);
    }
}
