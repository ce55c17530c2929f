//! Isometric SVG view of a load plan, layer by layer (issue 4). Pure: placements in, SVG text out.
//!
//! [`isometric`] draws the container (its far walls and floor shaded, its near edges as a
//! wireframe over the load, the door end outlined and labelled) and every placed box as
//! three shaded faces, seen from above the door end on the `y = 0` side. [`floor_plan`]
//! draws the same boxes from above. Both put each box in its own
//! `<g class="step" data-step="k">`, where `k` is the loading step it belongs to (the steps
//! of [`crate::single::sequence`]: runs of boxes with the same distance from the front
//! wall, in placement order), so a page can show steps 1..k only. Each box has a `<title>`
//! (id, position, size) and each cargo id a colour (in the order of `plan.placed`), shown in
//! a legend with its count. The output depends only on the plan and the options.
//!
//! The boxes are drawn back to front (painter's algorithm) in a topological order of the
//! "is behind" relation between boxes whose outlines overlap on the screen: with a parallel
//! projection along a direction that has no zero component, two disjoint axis-aligned
//! boxes whose projections overlap are separated along some axis, and every such axis
//! puts them in the same order (a simple sort by a depth key is not enough: a wide box in
//! front of a narrow one can have its centre farther away). Pairs are found through a
//! screen grid, so large plans stay near linear.

use std::collections::{BinaryHeap, HashMap};
use std::fmt::Write as _;

use crate::model::{LoadPlan, Placement};

/// How to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgOptions {
    /// Width of the picture in pixels (the height follows from the container's shape).
    pub width: u32,
    /// Label at the front wall (x = 0).
    pub front_label: String,
    /// Label at the door end (x = inner length).
    pub door_label: String,
    /// Show the legend (colour, id and count per cargo id) and the inner size below.
    pub legend: bool,
    /// An `id` attribute for the root element.
    pub id: Option<String>,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            width: 960,
            front_label: "front wall".into(),
            door_label: "door".into(),
            legend: true,
            id: None,
        }
    }
}

/// The viewer sits in this direction from the load (+x: the door end, −y: the near side,
/// +z: above). Integers, so that the screen-overlap tests below are exact.
const VIEW: [i64; 3] = [2, -3, 2];

/// Margin around the drawing, in pixels.
const MARGIN: f64 = 24.0;
const LEGEND_ROW: f64 = 20.0;
const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// Escape text for XML content or a quoted attribute. Characters XML 1.0 cannot carry
/// (control characters other than tab, line feed and carriage return) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// The loading step (1-based) of each placement: a new step starts where the distance
/// from the front wall changes, as in [`crate::single::sequence`].
pub fn steps(placements: &[Placement]) -> Vec<u32> {
    let mut out = Vec::with_capacity(placements.len());
    let mut step = 0;
    let mut last = None;
    for p in placements {
        if last != Some(p.x) {
            step += 1;
            last = Some(p.x);
        }
        out.push(step);
    }
    out
}

/// How many loading steps the placements make (the largest of [`steps`]).
pub fn step_count(placements: &[Placement]) -> u32 {
    steps(placements).last().copied().unwrap_or(0)
}

// ---------------------------------------------------------------- colours

/// A colour-blind-friendly palette for the first ten cargo ids.
const PALETTE: [(u8, u8, u8); 10] = [
    (0x4e, 0x79, 0xa7),
    (0xf2, 0x8e, 0x2b),
    (0x59, 0xa1, 0x4f),
    (0xe1, 0x57, 0x59),
    (0x76, 0xb7, 0xb2),
    (0xed, 0xc9, 0x48),
    (0xb0, 0x7a, 0xa1),
    (0xff, 0x9d, 0xa7),
    (0x9c, 0x75, 0x5f),
    (0xba, 0xb0, 0xac),
];

type Rgb = (u8, u8, u8);

fn hsl(h: f64, s: f64, l: f64) -> Rgb {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = (h / 60.0) % 6.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let f = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    (f(r), f(g), f(b))
}

/// The base colour of the k-th cargo id.
fn colour(k: usize) -> Rgb {
    match PALETTE.get(k) {
        Some(&c) => c,
        None => hsl((k as f64 * 137.507_764) % 360.0, 0.55, 0.55),
    }
}

/// Mix towards white (t > 0) or black (t < 0).
fn shade((r, g, b): Rgb, t: f64) -> String {
    let f = |v: u8| {
        let v = v as f64;
        let out = if t >= 0.0 {
            v + (255.0 - v) * t
        } else {
            v * (1.0 + t)
        };
        out.round().clamp(0.0, 255.0) as u8
    };
    format!("#{:02x}{:02x}{:02x}", f(r), f(g), f(b))
}

/// Cargo ids in legend order (the plan's `placed`, then any other id in placement order),
/// with their counts.
fn legend_entries(plan: &LoadPlan) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = plan.placed.iter().map(|p| (p.id.clone(), p.count)).collect();
    for p in &plan.placements {
        if !out.iter().any(|(id, _)| *id == p.id) {
            let n = plan.placements.iter().filter(|q| q.id == p.id).count() as u64;
            out.push((p.id.clone(), n));
        }
    }
    out
}

/// Per cargo id: (top, side, end) fill colours.
fn fills(entries: &[(String, u64)]) -> HashMap<&str, [String; 3]> {
    entries
        .iter()
        .enumerate()
        .map(|(k, (id, _))| {
            let c = colour(k);
            (id.as_str(), [shade(c, 0.35), shade(c, 0.0), shade(c, -0.28)])
        })
        .collect()
}

// ---------------------------------------------------------------- painter's order

/// A box's extent on the three screen functionals that vanish on the view direction and
/// one axis each (`2y + 3z`, `x − z`, `3x + 2y` for the view (2, −3, 2)); two projections
/// overlap exactly when all three intervals overlap.
fn extents(p: &Placement) -> [(i64, i64); 3] {
    let [x0, y0, z0] = [p.x as i64, p.y as i64, p.z as i64];
    let [x1, y1, z1] = [x0 + p.l as i64, y0 + p.w as i64, z0 + p.h as i64];
    let [a, b, c] = VIEW;
    // Each functional is u·coord1 + v·coord2 with u·view1 + v·view2 = 0.
    let f = |u: i64, lo1: i64, hi1: i64, v: i64, lo2: i64, hi2: i64| {
        let (p1, q1) = if u >= 0 {
            (u * lo1, u * hi1)
        } else {
            (u * hi1, u * lo1)
        };
        let (p2, q2) = if v >= 0 {
            (v * lo2, v * hi2)
        } else {
            (v * hi2, v * lo2)
        };
        (p1 + p2, q1 + q2)
    };
    [
        f(c, y0, y1, -b, z0, z1),
        f(c, x0, x1, -a, z0, z1),
        f(-b, x0, x1, a, y0, y1),
    ]
}

fn overlap(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether `a` lies behind `b` along some axis (on the side away from the viewer).
fn behind(a: &Placement, b: &Placement) -> bool {
    let ax1 = a.x as i64 + a.l as i64;
    let ay1 = a.y as i64 + a.w as i64;
    let az1 = a.z as i64 + a.h as i64;
    let bx1 = b.x as i64 + b.l as i64;
    let by1 = b.y as i64 + b.w as i64;
    let bz1 = b.z as i64 + b.h as i64;
    let along = |view: i64, a0: i64, a1: i64, b0: i64, b1: i64| {
        if view > 0 { a1 <= b0 } else { a0 >= b1 }
    };
    along(VIEW[0], a.x as i64, ax1, b.x as i64, bx1)
        || along(VIEW[1], a.y as i64, ay1, b.y as i64, by1)
        || along(VIEW[2], a.z as i64, az1, b.z as i64, bz1)
}

/// Twice the distance of a box's centre towards the viewer (larger: nearer).
fn depth(p: &Placement) -> i64 {
    let c = [
        2 * p.x as i64 + p.l as i64,
        2 * p.y as i64 + p.w as i64,
        2 * p.z as i64 + p.h as i64,
    ];
    c[0] * VIEW[0] + c[1] * VIEW[1] + c[2] * VIEW[2]
}

/// The order to draw the placements in, back to front: every box after each box it
/// overlaps on the screen and lies in front of; otherwise farthest first. Boxes that
/// intersect (not a valid plan) are ordered by depth; a cycle (impossible for disjoint
/// boxes) is broken at its farthest box.
pub fn paint_order(ps: &[Placement]) -> Vec<usize> {
    let n = ps.len();
    if n == 0 {
        return Vec::new();
    }
    let ext: Vec<[(i64, i64); 3]> = ps.iter().map(extents).collect();
    let keys: Vec<i64> = ps.iter().map(depth).collect();
    // A grid over the first and third functionals, cells about one typical box wide.
    let (ga, gb) = (0usize, 2usize);
    let typical = |g: usize| {
        let mut v: Vec<i64> = ext.iter().map(|e| e[g].1 - e[g].0).collect();
        v.sort_unstable();
        v[v.len() / 2].max(1)
    };
    let lo = |g: usize| ext.iter().map(|e| e[g].0).min().unwrap_or(0);
    let hi = |g: usize| ext.iter().map(|e| e[g].1).max().unwrap_or(0);
    let cells = |g: usize| -> (i64, i64, usize) {
        let (l, h) = (lo(g), hi(g));
        let mut size = typical(g);
        while (h - l) / size + 1 > 512 {
            size *= 2;
        }
        (l, size, ((h - l) / size + 1) as usize)
    };
    let (la, sa, na) = cells(ga);
    let (lb, sb, nb) = cells(gb);
    let span = |e: &[(i64, i64); 3]| {
        let a0 = ((e[ga].0 - la) / sa) as usize;
        let a1 = (((e[ga].1 - la) / sa) as usize).min(na - 1);
        let b0 = ((e[gb].0 - lb) / sb) as usize;
        let b1 = (((e[gb].1 - lb) / sb) as usize).min(nb - 1);
        (a0, a1, b0, b1)
    };
    let mut grid: Vec<Vec<u32>> = vec![Vec::new(); na * nb];
    let spans: Vec<(usize, usize, usize, usize)> = ext.iter().map(span).collect();
    for (i, &(a0, a1, b0, b1)) in spans.iter().enumerate() {
        for a in a0..=a1 {
            for b in b0..=b1 {
                grid[a * nb + b].push(i as u32);
            }
        }
    }
    let mut after: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut waiting = vec![0u32; n];
    for a in 0..na {
        for b in 0..nb {
            let cell = &grid[a * nb + b];
            for (k, &i) in cell.iter().enumerate() {
                let (i, si) = (i as usize, spans[i as usize]);
                for &j in &cell[k + 1..] {
                    let (j, sj) = (j as usize, spans[j as usize]);
                    // Test each pair once: in the first cell both cover.
                    if (si.0.max(sj.0), si.2.max(sj.2)) != (a, b) {
                        continue;
                    }
                    if !(0..3).all(|g| overlap(ext[i][g], ext[j][g])) {
                        continue;
                    }
                    let (first, second) = if behind(&ps[i], &ps[j]) {
                        (i, j)
                    } else if behind(&ps[j], &ps[i]) {
                        (j, i)
                    } else if (keys[i], i) <= (keys[j], j) {
                        (i, j)
                    } else {
                        (j, i)
                    };
                    after[first].push(second as u32);
                    waiting[second] += 1;
                }
            }
        }
    }
    drop(grid);
    // Kahn's algorithm, farthest ready box first.
    let mut ready: BinaryHeap<std::cmp::Reverse<(i64, usize)>> = (0..n)
        .filter(|&i| waiting[i] == 0)
        .map(|i| std::cmp::Reverse((keys[i], i)))
        .collect();
    let mut by_depth: Vec<usize> = (0..n).collect();
    by_depth.sort_by_key(|&i| (keys[i], i));
    let mut next_fallback = 0;
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let i = match ready.pop() {
            Some(std::cmp::Reverse((_, i))) => i,
            None => {
                while done[by_depth[next_fallback]] {
                    next_fallback += 1;
                }
                by_depth[next_fallback]
            }
        };
        if done[i] {
            continue;
        }
        done[i] = true;
        order.push(i);
        for &j in &after[i] {
            let j = j as usize;
            waiting[j] = waiting[j].saturating_sub(1);
            if waiting[j] == 0 && !done[j] {
                ready.push(std::cmp::Reverse((keys[j], j)));
            }
        }
    }
    order
}

// ---------------------------------------------------------------- drawing

/// Write a number with at most one decimal.
fn num(out: &mut String, v: f64) {
    let t = (v * 10.0).round() as i64;
    if t < 0 {
        out.push('-');
    }
    let a = t.unsigned_abs();
    let _ = write!(out, "{}", a / 10);
    if !a.is_multiple_of(10) {
        let _ = write!(out, ".{}", a % 10);
    }
}

fn points(out: &mut String, pts: &[(f64, f64)]) {
    for (k, &(x, y)) in pts.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        num(out, x);
        out.push(',');
        num(out, y);
    }
}

/// A parallel projection to the screen (y down), scaled and shifted.
struct Projection {
    right: [f64; 3],
    up: [f64; 3],
    scale: f64,
    dx: f64,
    dy: f64,
}

impl Projection {
    fn raw(&self, p: [f64; 3]) -> (f64, f64) {
        let d = |v: [f64; 3]| v[0] * p[0] + v[1] * p[1] + v[2] * p[2];
        (d(self.right), -d(self.up))
    }
    fn pt(&self, p: [f64; 3]) -> (f64, f64) {
        let (x, y) = self.raw(p);
        (x * self.scale + self.dx, y * self.scale + self.dy)
    }
}

fn norm(v: [f64; 3]) -> [f64; 3] {
    let l = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    [v[0] / l, v[1] / l, v[2] / l]
}

fn isometric_projection() -> Projection {
    let d = VIEW.map(|v| v as f64);
    // Looking along −d: right = (−d) × z, up = right × (−d).
    let right = norm([-d[1], d[0], 0.0]);
    let f = [-d[0], -d[1], -d[2]];
    let up = norm([
        right[1] * f[2] - right[2] * f[1],
        right[2] * f[0] - right[0] * f[2],
        right[0] * f[1] - right[1] * f[0],
    ]);
    Projection {
        right,
        up,
        scale: 1.0,
        dx: 0.0,
        dy: 0.0,
    }
}

fn corners(p: &Placement) -> ([f64; 3], [f64; 3]) {
    let a = [p.x as f64, p.y as f64, p.z as f64];
    (a, [a[0] + p.l as f64, a[1] + p.w as f64, a[2] + p.h as f64])
}

/// Fit the projection of `pts` into `width` pixels; the drawing's height in pixels.
fn fit(proj: &mut Projection, pts: impl Iterator<Item = [f64; 3]>, width: f64, top: f64) -> f64 {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pts {
        let (x, y) = proj.raw(p);
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    if x0 > x1 {
        (x0, y0, x1, y1) = (0.0, 0.0, 1.0, 1.0);
    }
    let w = (x1 - x0).max(1.0);
    proj.scale = ((width - 2.0 * MARGIN) / w).max(1e-9);
    proj.dx = MARGIN - x0 * proj.scale;
    proj.dy = top - y0 * proj.scale;
    (y1 - y0) * proj.scale
}

/// The legend's rows: (swatch colour, text) laid out left to right, wrapped at `width`.
fn legend_layout(items: &[(String, String)], width: f64) -> Vec<Vec<(f64, String, String)>> {
    let mut rows: Vec<Vec<(f64, String, String)>> = vec![Vec::new()];
    let mut x = MARGIN;
    for (fill, text) in items {
        let text_w: f64 = text
            .chars()
            .map(|c| if (c as u32) > 0x2e7f { 13.0 } else { 7.0 })
            .sum();
        let w = if fill.is_empty() { text_w } else { 18.0 + text_w } + 20.0;
        if x + w > width - MARGIN && x > MARGIN {
            rows.push(Vec::new());
            x = MARGIN;
        }
        rows.last_mut()
            .expect("a row")
            .push((x, fill.clone(), text.clone()));
        x += w;
    }
    rows
}

fn open_svg(out: &mut String, width: f64, height: f64, opts: &SvgOptions, class: &str, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{label}\" font-family=\"{FONT}\" font-size=\"12\"",
        w = width.ceil() as u64,
        h = height.ceil() as u64,
        label = escape(label),
    );
    if let Some(id) = &opts.id {
        let _ = write!(out, " id=\"{}\"", escape(id));
    }
    out.push_str(">\n");
}

/// The legend's rows, where the legend starts and the whole picture's height, for a drawing
/// that ends at `drawing_bottom`.
#[allow(clippy::type_complexity)]
fn legend_block(
    plan: &LoadPlan,
    inner_mm: [u32; 3],
    fills: &HashMap<&str, [String; 3]>,
    opts: &SvgOptions,
    width: f64,
    drawing_bottom: f64,
) -> (Vec<Vec<(f64, String, String)>>, f64, f64) {
    let legend_top = drawing_bottom + MARGIN;
    if !opts.legend {
        return (Vec::new(), legend_top, drawing_bottom + MARGIN);
    }
    let rows = legend_layout(&legend_items(plan, inner_mm, fills), width);
    let height = legend_top + rows.len() as f64 * LEGEND_ROW + 8.0;
    (rows, legend_top, height)
}

fn legend_items(
    plan: &LoadPlan,
    inner_mm: [u32; 3],
    fills: &HashMap<&str, [String; 3]>,
) -> Vec<(String, String)> {
    let mut items = vec![(
        String::new(),
        format!("{} × {} × {} mm", inner_mm[0], inner_mm[1], inner_mm[2]),
    )];
    for (id, count) in legend_entries(plan) {
        let fill = fills.get(id.as_str()).map(|f| f[1].clone()).unwrap_or_default();
        items.push((fill, format!("{id} × {count}")));
    }
    items
}

fn write_legend(out: &mut String, rows: &[Vec<(f64, String, String)>], top: f64) {
    out.push_str("<g class=\"legend\">\n");
    for (r, row) in rows.iter().enumerate() {
        let y = top + r as f64 * LEGEND_ROW;
        for (x, fill, text) in row {
            let mut tx = *x;
            if !fill.is_empty() {
                out.push_str("<rect x=\"");
                num(out, *x);
                out.push_str("\" y=\"");
                num(out, y);
                let _ = writeln!(
                    out,
                    "\" width=\"12\" height=\"12\" fill=\"{fill}\" stroke=\"#1d2430\" stroke-width=\"0.5\"/>"
                );
                tx += 18.0;
            }
            out.push_str("<text x=\"");
            num(out, tx);
            out.push_str("\" y=\"");
            num(out, y + 10.5);
            let _ = writeln!(out, "\" fill=\"#1d2430\">{}</text>", escape(text));
        }
    }
    out.push_str("</g>\n");
}

fn box_title(out: &mut String, p: &Placement) {
    let _ = write!(
        out,
        "<title>{} · x {} y {} z {} · {} × {} × {} mm</title>",
        escape(&p.id),
        p.x,
        p.y,
        p.z,
        p.l,
        p.w,
        p.h
    );
}

/// The plan drawn isometrically in a container of inner size `inner_mm` (length from the
/// front wall to the door, width, height), as a standalone SVG document.
pub fn isometric(plan: &LoadPlan, inner_mm: [u32; 3], opts: &SvgOptions) -> String {
    let [cl, cw, ch] = inner_mm.map(|v| v as f64);
    let mut proj = isometric_projection();
    let width = opts.width.max(200) as f64;
    let container = [
        [0.0, 0.0, 0.0],
        [cl, 0.0, 0.0],
        [0.0, cw, 0.0],
        [cl, cw, 0.0],
        [0.0, 0.0, ch],
        [cl, 0.0, ch],
        [0.0, cw, ch],
        [cl, cw, ch],
    ];
    let boxes = plan.placements.iter().flat_map(|p| {
        let (a, b) = corners(p);
        [a, b, [a[0], b[1], b[2]], [b[0], a[1], a[2]]]
    });
    let top = MARGIN + 8.0;
    let drawing_h = fit(&mut proj, container.into_iter().chain(boxes), width, top);
    let entries = legend_entries(plan);
    let fills = fills(&entries);
    let (legend_rows, legend_top, height) =
        legend_block(plan, inner_mm, &fills, opts, width, top + drawing_h);
    let mut out = String::with_capacity(400 + plan.placements.len() * 360);
    open_svg(
        &mut out,
        width,
        height,
        opts,
        "loadplan-view isometric",
        &format!("{} × {} × {} mm", inner_mm[0], inner_mm[1], inner_mm[2]),
    );
    let v = |x: f64, y: f64, z: f64| proj.pt([x, y, z]);
    // The far walls and the floor, behind everything.
    out.push_str("<g class=\"container\" fill=\"#eef2f7\" stroke=\"#8a97a8\" stroke-width=\"0.8\">\n");
    for face in [
        [v(0.0, 0.0, 0.0), v(cl, 0.0, 0.0), v(cl, cw, 0.0), v(0.0, cw, 0.0)],
        [v(0.0, cw, 0.0), v(cl, cw, 0.0), v(cl, cw, ch), v(0.0, cw, ch)],
        [v(0.0, 0.0, 0.0), v(0.0, cw, 0.0), v(0.0, cw, ch), v(0.0, 0.0, ch)],
    ] {
        out.push_str("<path d=\"M");
        points(&mut out, &face);
        out.push_str(" Z\"/>\n");
    }
    out.push_str("</g>\n");
    // The boxes, back to front.
    let step = steps(&plan.placements);
    out.push_str("<g class=\"boxes\" stroke=\"#1d2430\" stroke-opacity=\"0.6\" stroke-width=\"0.6\" stroke-linejoin=\"round\">\n");
    for i in paint_order(&plan.placements) {
        let p = &plan.placements[i];
        let ([x0, y0, z0], [x1, y1, z1]) = corners(p);
        let fill = fills.get(p.id.as_str()).cloned().unwrap_or_else(|| {
            let c = colour(0);
            [shade(c, 0.35), shade(c, 0.0), shade(c, -0.28)]
        });
        let _ = write!(out, "<g class=\"step\" data-step=\"{}\">", step[i]);
        box_title(&mut out, p);
        let faces = [
            [v(x0, y0, z1), v(x1, y0, z1), v(x1, y1, z1), v(x0, y1, z1)],
            [v(x0, y0, z0), v(x1, y0, z0), v(x1, y0, z1), v(x0, y0, z1)],
            [v(x1, y0, z0), v(x1, y1, z0), v(x1, y1, z1), v(x1, y0, z1)],
        ];
        for (face, f) in faces.iter().zip(&fill) {
            out.push_str("<polygon points=\"");
            points(&mut out, face);
            let _ = write!(out, "\" fill=\"{f}\"/>");
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    // The near edges as a wireframe over the load, the door end outlined.
    out.push_str("<g class=\"outline\" fill=\"none\" stroke=\"#5d6b7e\" stroke-width=\"0.8\" stroke-dasharray=\"4 3\">\n");
    for edge in [
        [v(0.0, 0.0, 0.0), v(cl, 0.0, 0.0)],
        [v(0.0, 0.0, ch), v(cl, 0.0, ch)],
        [v(0.0, cw, ch), v(cl, cw, ch)],
        [v(0.0, 0.0, 0.0), v(0.0, 0.0, ch)],
        [v(0.0, 0.0, ch), v(0.0, cw, ch)],
    ] {
        out.push_str("<path d=\"M");
        points(&mut out, &edge);
        out.push_str("\"/>\n");
    }
    out.push_str("</g>\n");
    out.push_str("<path class=\"door\" fill=\"none\" stroke=\"#d9822b\" stroke-width=\"2\" d=\"M");
    points(
        &mut out,
        &[v(cl, 0.0, 0.0), v(cl, cw, 0.0), v(cl, cw, ch), v(cl, 0.0, ch)],
    );
    out.push_str(" Z\"/>\n");
    // Labels outside the container: the front wall's above its far top corner, the door's
    // below its sill.
    let label = |out: &mut String, (x, y): (f64, f64), anchor: &str, fill: &str, text: &str| {
        out.push_str("<text x=\"");
        num(out, x);
        out.push_str("\" y=\"");
        num(out, y);
        let _ = writeln!(
            out,
            "\" text-anchor=\"{anchor}\" fill=\"{fill}\" font-weight=\"600\">{}</text>",
            escape(text)
        );
    };
    let (fx, fy) = v(0.0, cw, ch);
    label(
        &mut out,
        (fx - 6.0, fy - 6.0),
        "end",
        "#5d6b7e",
        &opts.front_label,
    );
    let (dx, dy) = v(cl, cw / 2.0, 0.0);
    label(&mut out, (dx, dy + 18.0), "middle", "#b5651d", &opts.door_label);
    if opts.legend {
        write_legend(&mut out, &legend_rows, legend_top);
    }
    out.push_str("</svg>\n");
    out
}

/// The plan seen from above (x to the right from the front wall to the door, y = 0 at the
/// bottom), higher boxes over lower ones, as a standalone SVG document.
pub fn floor_plan(plan: &LoadPlan, inner_mm: [u32; 3], opts: &SvgOptions) -> String {
    let [cl, cw, _] = inner_mm.map(|v| v as f64);
    let width = opts.width.max(200) as f64;
    let reach_x = plan
        .placements
        .iter()
        .map(|p| (p.x + p.l) as f64)
        .fold(cl, f64::max)
        .max(1.0);
    let reach_y = plan
        .placements
        .iter()
        .map(|p| (p.y + p.w) as f64)
        .fold(cw, f64::max);
    let scale = (width - 2.0 * MARGIN) / reach_x;
    let top = MARGIN + 8.0;
    let drawing_h = reach_y * scale;
    let entries = legend_entries(plan);
    let fills = fills(&entries);
    let (legend_rows, legend_top, height) =
        legend_block(plan, inner_mm, &fills, opts, width, top + drawing_h);
    let sx = |x: f64| MARGIN + x * scale;
    let sy = |y: f64| top + (reach_y - y) * scale;
    let mut out = String::with_capacity(400 + plan.placements.len() * 200);
    open_svg(
        &mut out,
        width,
        height,
        opts,
        "loadplan-view floor-plan",
        &format!("{} × {} mm", inner_mm[0], inner_mm[1]),
    );
    let rect = |out: &mut String, x0: f64, y0: f64, x1: f64, y1: f64| {
        out.push_str("x=\"");
        num(out, sx(x0));
        out.push_str("\" y=\"");
        num(out, sy(y1));
        out.push_str("\" width=\"");
        num(out, (x1 - x0) * scale);
        out.push_str("\" height=\"");
        num(out, (y1 - y0) * scale);
        out.push('"');
    };
    out.push_str("<rect class=\"container\" fill=\"#eef2f7\" stroke=\"#8a97a8\" stroke-width=\"0.8\" ");
    rect(&mut out, 0.0, 0.0, cl, cw);
    out.push_str("/>\n");
    let step = steps(&plan.placements);
    let mut order: Vec<usize> = (0..plan.placements.len()).collect();
    order.sort_by_key(|&i| (plan.placements[i].z, i));
    out.push_str("<g class=\"boxes\" stroke=\"#1d2430\" stroke-opacity=\"0.6\" stroke-width=\"0.6\">\n");
    for i in order {
        let p = &plan.placements[i];
        let ([x0, y0, _], [x1, y1, _]) = corners(p);
        let fill = fills
            .get(p.id.as_str())
            .map(|f| f[0].clone())
            .unwrap_or_else(|| shade(colour(0), 0.35));
        let _ = write!(out, "<g class=\"step\" data-step=\"{}\">", step[i]);
        box_title(&mut out, p);
        out.push_str("<rect ");
        rect(&mut out, x0, y0, x1, y1);
        let _ = write!(out, " fill=\"{fill}\"/>");
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    out.push_str("<path class=\"door\" fill=\"none\" stroke=\"#d9822b\" stroke-width=\"3\" d=\"M");
    points(&mut out, &[(sx(cl), sy(0.0)), (sx(cl), sy(cw))]);
    out.push_str("\"/>\n");
    for (x, anchor, fill, text) in [
        (sx(0.0), "start", "#5d6b7e", &opts.front_label),
        (sx(cl), "end", "#b5651d", &opts.door_label),
    ] {
        out.push_str("<text x=\"");
        num(&mut out, x);
        out.push_str("\" y=\"");
        num(&mut out, top - 6.0);
        let _ = writeln!(
            out,
            "\" text-anchor=\"{anchor}\" fill=\"{fill}\" font-weight=\"600\">{}</text>",
            escape(text)
        );
    }
    if opts.legend {
        write_legend(&mut out, &legend_rows, legend_top);
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BindingLimit, PlacedCount};
    use rust_decimal::Decimal;

    fn b(id: &str, x: u32, y: u32, z: u32, l: u32, w: u32, h: u32) -> Placement {
        Placement {
            id: id.into(),
            x,
            y,
            z,
            l,
            w,
            h,
        }
    }

    fn plan(placements: Vec<Placement>) -> LoadPlan {
        let mut placed: Vec<PlacedCount> = Vec::new();
        for p in &placements {
            match placed.iter_mut().find(|c| c.id == p.id) {
                Some(c) => c.count += 1,
                None => placed.push(PlacedCount {
                    id: p.id.clone(),
                    count: 1,
                }),
            }
        }
        LoadPlan {
            placed,
            volume_utilisation: Decimal::ZERO,
            weight_utilisation: Decimal::ZERO,
            binding_limit: BindingLimit::Volume,
            upper_bound_count: 0,
            proven_optimal: false,
            sequence: crate::single::sequence(&placements),
            placements,
            warnings: Vec::new(),
        }
    }

    /// A small XML well-formedness check: balanced tags, quoted attributes, known entities,
    /// one root; returns the element names in document order.
    fn check_xml(s: &str) -> Vec<String> {
        let mut stack: Vec<String> = Vec::new();
        let mut names = Vec::new();
        let mut roots = 0;
        let mut i = 0;
        let bytes = s.as_bytes();
        let check_text = |t: &str| {
            let mut rest = t;
            while let Some(a) = rest.find('&') {
                let semi = rest[a..].find(';').expect("entity ends with ;") + a;
                let e = &rest[a + 1..semi];
                assert!(
                    matches!(e, "amp" | "lt" | "gt" | "quot" | "apos") || e.starts_with('#'),
                    "unknown entity &{e};"
                );
                rest = &rest[semi + 1..];
            }
        };
        while i < s.len() {
            let Some(lt) = s[i..].find('<') else {
                assert!(
                    s[i..].trim().is_empty() || !stack.is_empty(),
                    "text after the root"
                );
                check_text(&s[i..]);
                break;
            };
            let text = &s[i..i + lt];
            if stack.is_empty() {
                assert!(text.trim().is_empty(), "text outside the root: {text:?}");
            }
            check_text(text);
            let start = i + lt;
            // Find the end of the tag, respecting quotes.
            let mut j = start + 1;
            let mut quote = None;
            while j < s.len() {
                let c = bytes[j];
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => assert_ne!(c, b'<', "< inside an attribute"),
                    None if c == b'"' || c == b'\'' => quote = Some(c),
                    None if c == b'>' => break,
                    None => {}
                }
                j += 1;
            }
            assert!(j < s.len(), "unclosed tag");
            let tag = &s[start + 1..j];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().expect("closing tag without an open one");
                assert_eq!(open, name.trim(), "mismatched tags");
            } else {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
                let name = &body[..name_end];
                assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
                // Attributes: name="value" pairs.
                let mut rest = body[name_end..].trim();
                let mut seen = Vec::new();
                while !rest.is_empty() {
                    let eq = rest.find('=').expect("attribute with a value");
                    let an = rest[..eq].trim();
                    assert!(!seen.contains(&an), "duplicate attribute {an}");
                    seen.push(an);
                    let after = &rest[eq + 1..];
                    let q = after.chars().next().expect("a quote");
                    assert!(q == '"' || q == '\'', "unquoted attribute {an}");
                    let close = after[1..].find(q).expect("closing quote") + 1;
                    check_text(&after[1..close]);
                    rest = after[close + 1..].trim_start();
                }
                if stack.is_empty() {
                    roots += 1;
                }
                names.push(name.to_string());
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            i = j + 1;
        }
        assert!(stack.is_empty(), "unclosed elements {stack:?}");
        assert_eq!(roots, 1, "one root element");
        names
    }

    fn count(s: &str, pat: &str) -> usize {
        s.matches(pat).count()
    }

    #[test]
    fn a_plan_is_well_formed_svg_with_three_faces_a_title_and_a_step_per_box() {
        let ps = vec![
            b("A", 0, 0, 0, 500, 300, 280),
            b("A", 0, 300, 0, 500, 300, 280),
            b("A", 0, 0, 280, 500, 300, 280),
            b("B", 500, 0, 0, 400, 400, 400),
            b("B", 900, 0, 0, 400, 400, 400),
        ];
        let svg = isometric(&plan(ps.clone()), [2000, 1000, 1000], &SvgOptions::default());
        let names = check_xml(&svg);
        assert_eq!(names[0], "svg");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("viewBox=\"0 0 960 ") && svg.contains("width=\"960\""));
        assert_eq!(count(&svg, "<polygon"), 3 * ps.len());
        assert_eq!(count(&svg, "<g class=\"step\""), ps.len());
        assert_eq!(count(&svg, "<title>"), ps.len());
        assert_eq!(count(&svg, "data-step=\"1\""), 3);
        assert_eq!(count(&svg, "data-step=\"2\""), 1);
        assert_eq!(count(&svg, "data-step=\"3\""), 1);
        assert!(svg.contains("<title>B · x 900 y 0 z 0 · 400 × 400 × 400 mm</title>"));
        assert!(svg.contains(">A × 3</text>") && svg.contains(">B × 2</text>"));
        assert!(svg.contains(">2000 × 1000 × 1000 mm</text>"));
        assert!(svg.contains(">door</text>") && svg.contains(">front wall</text>"));
        // Two colours, three shades each.
        let fills: std::collections::BTreeSet<&str> = svg
            .match_indices("<polygon")
            .map(|(i, _)| {
                let f = &svg[i..];
                let a = f.find("fill=\"").unwrap() + 6;
                &f[a..a + 7]
            })
            .collect();
        assert_eq!(fills.len(), 6, "{fills:?}");
        // Deterministic.
        assert_eq!(
            svg,
            isometric(&plan(ps.clone()), [2000, 1000, 1000], &SvgOptions::default())
        );
        let top = floor_plan(&plan(ps.clone()), [2000, 1000, 1000], &SvgOptions::default());
        check_xml(&top);
        assert_eq!(count(&top, "<g class=\"step\""), ps.len());
    }

    #[test]
    fn ids_and_labels_are_escaped() {
        let ps = vec![b("A&B <\"x\"> 'y' \u{1}", 0, 0, 0, 100, 100, 100)];
        let opts = SvgOptions {
            door_label: "门 <door>".into(),
            id: Some("v\"1".into()),
            ..Default::default()
        };
        for svg in [
            isometric(&plan(ps.clone()), [1000, 500, 500], &opts),
            floor_plan(&plan(ps.clone()), [1000, 500, 500], &opts),
        ] {
            check_xml(&svg);
            assert!(
                svg.contains("A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos; \u{fffd}"),
                "{svg}"
            );
            assert!(!svg.contains("A&B") && !svg.contains('\u{1}'));
            assert!(svg.contains("门 &lt;door&gt;"));
            assert!(svg.contains("id=\"v&quot;1\""));
        }
    }

    #[test]
    fn an_empty_plan_is_just_the_container() {
        let svg = isometric(&plan(Vec::new()), [12032, 2352, 2698], &SvgOptions::default());
        check_xml(&svg);
        assert_eq!(count(&svg, "<polygon"), 0);
        assert_eq!(count(&svg, "class=\"step\""), 0);
        assert!(svg.contains("class=\"container\"") && svg.contains("class=\"door\""));
        assert!(svg.contains(">12032 × 2352 × 2698 mm</text>"));
        let top = floor_plan(&plan(Vec::new()), [12032, 2352, 2698], &SvgOptions::default());
        check_xml(&top);
        assert_eq!(count(&top, "class=\"step\""), 0);
        assert_eq!(step_count(&[]), 0);
    }

    #[test]
    fn steps_follow_the_loading_sequence() {
        let ps = vec![
            b("A", 0, 0, 0, 10, 10, 10),
            b("A", 0, 10, 0, 10, 10, 10),
            b("A", 10, 0, 0, 10, 10, 10),
            b("B", 20, 0, 0, 10, 10, 10),
            b("B", 20, 0, 10, 10, 10, 10),
        ];
        assert_eq!(steps(&ps), [1, 1, 2, 3, 3]);
        assert_eq!(step_count(&ps) as usize, crate::single::sequence(&ps).len());
    }

    /// Every pair of boxes whose outlines overlap on the screen is drawn back to front.
    fn assert_painter_order(ps: &[Placement]) {
        let order = paint_order(ps);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..ps.len()).collect::<Vec<_>>(), "a permutation");
        let mut rank = vec![0; ps.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let ext: Vec<_> = ps.iter().map(extents).collect();
        for i in 0..ps.len() {
            for j in 0..ps.len() {
                if i != j && (0..3).all(|g| overlap(ext[i][g], ext[j][g])) && behind(&ps[i], &ps[j]) {
                    assert!(
                        !behind(&ps[j], &ps[i]),
                        "inconsistent pair {:?} {:?}",
                        ps[i],
                        ps[j]
                    );
                    assert!(rank[i] < rank[j], "{:?} must be drawn before {:?}", ps[i], ps[j]);
                }
            }
        }
    }

    #[test]
    fn a_wide_box_in_front_is_drawn_after_the_narrow_one_behind_it() {
        // B stands in front of A (nearer the door) and reaches far across: its centre is
        // farther from the viewer than A's, so a depth sort would draw it first.
        let a = b("A", 0, 400, 0, 100, 100, 100);
        let wide = b("B", 100, 0, 0, 100, 3000, 100);
        assert!(depth(&wide) < depth(&a), "the depth key alone gets this wrong");
        for ps in [vec![a.clone(), wide.clone()], vec![wide.clone(), a.clone()]] {
            assert_painter_order(&ps);
            let svg = isometric(&plan(ps), [3000, 3000, 1000], &SvgOptions::default());
            assert!(
                svg.find("<title>A ").unwrap() < svg.find("<title>B ").unwrap(),
                "A first"
            );
        }
    }

    /// Disjoint boxes from cutting a container at random (guillotine cuts), some removed.
    fn random_boxes(seed: u64, n: usize) -> Vec<Placement> {
        let mut s = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut rnd = |m: u32| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 33) % m as u64) as u32
        };
        let mut boxes = vec![[0u32, 0, 0, 3000, 2000, 1500]];
        while boxes.len() < n {
            let k = rnd(boxes.len() as u32) as usize;
            let bx = boxes[k];
            let axis = rnd(3) as usize;
            let len = bx[3 + axis];
            if len < 40 {
                continue;
            }
            let cut = 10 + rnd(len - 20);
            let mut a = bx;
            let mut c = bx;
            a[3 + axis] = cut;
            c[axis] += cut;
            c[3 + axis] = len - cut;
            boxes[k] = a;
            boxes.push(c);
        }
        boxes
            .into_iter()
            .filter(|_| rnd(5) != 0)
            .map(|v| b("R", v[0], v[1], v[2], v[3], v[4], v[5]))
            .collect()
    }

    #[test]
    fn random_disjoint_boxes_are_drawn_back_to_front() {
        for seed in 0..40 {
            assert_painter_order(&random_boxes(seed, 60));
        }
        assert_painter_order(&random_boxes(99, 600));
    }

    #[test]
    fn a_planned_container_is_drawn_back_to_front() {
        let input = crate::parse_input(
            r#"{"container": {"type": "20GP"}, "cargo": [{"id": "C", "size_mm": [600, 400, 350],
                "gross_kg": "10", "upright_axes": [true, true, true]}]}"#,
        )
        .unwrap();
        let problem = input.validate().unwrap();
        let plan = crate::solve_problem(&problem).unwrap();
        assert!(plan.placements.len() > 100);
        assert_painter_order(&plan.placements);
        let svg = isometric(&plan, problem.container.inner, &SvgOptions::default());
        check_xml(&svg);
        assert_eq!(count(&svg, "<polygon"), 3 * plan.placements.len());
        assert_eq!(step_count(&plan.placements) as usize, plan.sequence.len());
    }
}
