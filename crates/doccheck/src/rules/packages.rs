//! §2.5 Packages, weights, marks.
//!
//! The totals of the set's documents must not conflict (UCP 600 art. 14(d), ISBP 745 M6).
//! Where several documents show a figure, the one most of the others agree with is taken
//! as the reference, so a finding names the odd document rather than every other one.

use gendan_domain::document_set::BillOfLading;
use rust_decimal::Decimal;

use crate::text;
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

/// A document that shows a total; `Bls` is the sum over all bills of lading, `Bl(i)` one
/// bill of lading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Doc {
    Invoice,
    PackingList,
    Bls,
    Bl(usize),
    Co,
    Advice,
}

impl Doc {
    fn en(self, cx: &Ctx) -> String {
        match self {
            Doc::Invoice => "the invoice".into(),
            Doc::PackingList => "the packing list".into(),
            Doc::Bls if cx.set.bills_of_lading.len() == 1 => "the bill of lading".into(),
            Doc::Bls => format!("the {} bills of lading together", cx.set.bills_of_lading.len()),
            Doc::Bl(i) => format!("bill of lading {}", i + 1),
            Doc::Co => "the certificate of origin".into(),
            Doc::Advice => "the shipping advice".into(),
        }
    }
    fn zh(self, cx: &Ctx) -> String {
        match self {
            Doc::Invoice => "发票".into(),
            Doc::PackingList => "装箱单".into(),
            Doc::Bls if cx.set.bills_of_lading.len() == 1 => "提单".into(),
            Doc::Bls => format!("{} 份提单合计", cx.set.bills_of_lading.len()),
            Doc::Bl(i) => format!("第 {} 份提单", i + 1),
            Doc::Co => "原产地证".into(),
            Doc::Advice => "装船通知".into(),
        }
    }
    fn key(self) -> &'static str {
        match self {
            Doc::Invoice => "invoice",
            Doc::PackingList => "packing_list",
            Doc::Bls | Doc::Bl(_) => "bills_of_lading",
            Doc::Co => "certificate_of_origin",
            Doc::Advice => "shipping_advice",
        }
    }
    /// Adds the field `name` this document shows (for `Bls`, every B/L's own figure).
    fn field(
        self,
        hit: Hit,
        cx: &Ctx,
        name: &str,
        value: Option<String>,
        per_bl: fn(&BillOfLading) -> Option<String>,
    ) -> Hit {
        match self {
            Doc::Bls => {
                let mut hit = hit;
                for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
                    hit = hit.field(format!("bills_of_lading[{i}].{name}"), per_bl(bl));
                }
                hit
            }
            Doc::Bl(i) => hit.field(format!("bills_of_lading[{i}].{name}"), value),
            d => hit.field(format!("{}.{name}", d.key()), value),
        }
    }
}

/// The pairs of shown values that disagree: (reference, other). The reference is the value
/// most of the others agree with (the first on a tie). Because rounding is not transitive,
/// two values that both agree with the reference but not with each other are reported too.
/// `None` when fewer than two documents show the figure.
fn disagreements<T>(vals: &[Option<T>], agree: impl Fn(&T, &T) -> bool) -> Option<Vec<(usize, usize)>> {
    vals.iter().flatten().nth(1)?;
    let mut best = 0;
    let mut best_n = 0;
    for (i, a) in vals.iter().enumerate() {
        let Some(a) = a else { continue };
        let n = vals.iter().flatten().filter(|b| agree(a, b)).count();
        if n > best_n {
            best = i;
            best_n = n;
        }
    }
    let mut out = Vec::new();
    let Some(r) = vals[best].as_ref() else {
        return Some(out);
    };
    for (j, b) in vals.iter().enumerate() {
        if let Some(b) = b
            && j != best
            && !agree(r, b)
        {
            out.push((best, j));
        }
    }
    for i in 0..vals.len() {
        for j in i + 1..vals.len() {
            if i == best || j == best {
                continue;
            }
            if let (Some(a), Some(b)) = (&vals[i], &vals[j])
                && agree(r, a)
                && agree(r, b)
                && !agree(a, b)
            {
                out.push((i, j));
            }
        }
    }
    Some(out)
}

/// A sum too large to compute (beyond `u32` packages or a decimal's range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TooLarge;

/// The outcome of a rule that meets a figure too large to compute.
fn too_large() -> Outcome {
    not_applicable(
        "A figure is too large to compute.",
        "单据中的数字过大，无法计算。",
    )
}

/// A figure that can be added up without overflowing: package counts and weights.
trait Figure: Copy {
    const ZERO: Self;
    fn plus(self, other: Self) -> Option<Self>;
}

impl Figure for u32 {
    const ZERO: u32 = 0;
    fn plus(self, other: u32) -> Option<u32> {
        self.checked_add(other)
    }
}

impl Figure for Decimal {
    const ZERO: Decimal = Decimal::ZERO;
    fn plus(self, other: Decimal) -> Option<Decimal> {
        self.checked_add(other)
    }
}

/// The sum of the figures: `Ok(None)` when one of them is missing, `Err` when the sum is
/// too large to compute.
fn checked_sum<T: Figure>(figures: impl IntoIterator<Item = Option<T>>) -> Result<Option<T>, TooLarge> {
    let mut total = T::ZERO;
    for f in figures {
        let Some(f) = f else { return Ok(None) };
        total = total.plus(f).ok_or(TooLarge)?;
    }
    Ok(Some(total))
}

/// The sum of a figure over the bills of lading: `Ok(None)` without a B/L or when one of
/// them does not show it; `Err` when the sum is too large to compute.
fn bl_sum<T: Figure>(cx: &Ctx, f: impl Fn(&BillOfLading) -> Option<T>) -> Result<Option<T>, TooLarge> {
    if cx.set.bills_of_lading.is_empty() {
        return Ok(None);
    }
    checked_sum(cx.set.bills_of_lading.iter().map(f))
}

// ---------------------------------------------------------------------------------------

/// X-PKG-COUNT: the total number of packages on the invoice, packing list, bill(s) of
/// lading (summed over the B/Ls), certificate of origin and shipping advice. Any
/// difference fires, off by one included. The phytosanitary certificate is PHYTO-QTY's.
/// ISBP 745 M6; UCP 600 art. 14(d).
static PKG_COUNT: Rule = Rule {
    id: "X-PKG-COUNT",
    severity: Severity::Blocking,
    title_en: "Number of packages differs between documents",
    title_zh: "各单据件数不一致",
    source: "ISBP 745 M6; UCP 600 art. 14(d)",
    run: pkg_count,
};

const TOTALS_DOCS: [Doc; 5] = [Doc::Invoice, Doc::PackingList, Doc::Bls, Doc::Co, Doc::Advice];

fn pkg_count(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let Ok(bls) = bl_sum(cx, |b| b.packages_total) else {
        return too_large();
    };
    let vals = [
        s.invoice.packages_total,
        s.packing_list.as_ref().map(|p| p.packages_total),
        bls,
        s.certificate_of_origin.as_ref().and_then(|c| c.packages_total),
        s.shipping_advice.as_ref().and_then(|a| a.packages_total),
    ];
    let Some(pairs) = disagreements(&vals, |a, b| a == b) else {
        return not_applicable(
            "Fewer than two documents show a total number of packages.",
            "显示总件数的单据少于两份，无法比对。",
        );
    };
    let hits = pairs
        .into_iter()
        .map(|(r, o)| {
            let (dr, dother) = (TOTALS_DOCS[r], TOTALS_DOCS[o]);
            let (vr, vo) = (vals[r].unwrap_or(0), vals[o].unwrap_or(0));
            let hit = Hit::new(
                format!(
                    "Total number of packages differs: {} {vo}, {} {vr}.",
                    dother.en(cx),
                    dr.en(cx)
                ),
                format!("总件数不符：{}为 {vo}，{}为 {vr}。", dother.zh(cx), dr.zh(cx)),
            );
            let per_bl = |b: &BillOfLading| b.packages_total.map(|n| n.to_string());
            let hit = dr.field(hit, cx, "packages_total", Some(vr.to_string()), per_bl);
            dother.field(hit, cx, "packages_total", Some(vo.to_string()), per_bl)
        })
        .collect();
    Outcome::Checked(hits)
}

/// X-PKG-UNIT: the kind of package on the invoice, packing list, each bill of lading,
/// certificate of origin (CARTONS vs BUNDLES vs PALLETS), after the ISBP A1
/// abbreviations; the generic PACKAGES matches any kind. UCP 600 art. 14(d); ISBP 745 A1.
static PKG_UNIT: Rule = Rule {
    id: "X-PKG-UNIT",
    severity: Severity::Blocking,
    title_en: "Kind of package differs between documents",
    title_zh: "各单据包装种类不一致",
    source: "UCP 600 art. 14(d); ISBP 745 A1",
    run: pkg_unit,
};

fn pkg_unit(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let mut docs: Vec<(Doc, Option<&str>)> = Vec::with_capacity(4 + s.bills_of_lading.len());
    docs.push((Doc::Invoice, s.invoice.package_type.as_deref()));
    docs.push((
        Doc::PackingList,
        s.packing_list.as_ref().and_then(|p| p.package_type.as_deref()),
    ));
    for (i, b) in s.bills_of_lading.iter().enumerate() {
        docs.push((Doc::Bl(i), b.package_type.as_deref()));
    }
    docs.push((
        Doc::Co,
        s.certificate_of_origin
            .as_ref()
            .and_then(|c| c.package_type.as_deref()),
    ));
    let vals: Vec<Option<String>> = docs
        .iter()
        .map(|(_, v)| v.filter(|v| !v.trim().is_empty()).map(text::unit))
        .collect();
    let Some(pairs) = disagreements(&vals, |a, b| a == b || a == "PACKAGES" || b == "PACKAGES") else {
        return not_applicable(
            "Fewer than two documents show a kind of package.",
            "显示包装种类的单据少于两份，无法比对。",
        );
    };
    let hits = pairs
        .into_iter()
        .map(|(r, o)| {
            let ((dr, wr), (dother, wo)) = (docs[r], docs[o]);
            let (wr, wo) = (wr.unwrap_or(""), wo.unwrap_or(""));
            let hit = Hit::new(
                format!(
                    "Kind of package differs: {} \"{wo}\", {} \"{wr}\".",
                    dother.en(cx),
                    dr.en(cx)
                ),
                format!("包装种类不符：{}为“{wo}”，{}为“{wr}”。", dother.zh(cx), dr.zh(cx)),
            );
            let none = |_: &BillOfLading| None;
            let hit = dr.field(hit, cx, "package_type", Some(wr.to_string()), none);
            dother.field(hit, cx, "package_type", Some(wo.to_string()), none)
        })
        .collect();
    Outcome::Checked(hits)
}

const ROUNDING: &str = "§0: weights compared after rounding both to the coarser number of decimals shown \
                        (whole kilos not a conflict, DOCDEX 241)";

/// `precision[i]`, where given, is the number of decimals `vals[i]` is compared at instead
/// of its own (a sum keeps the coarsest precision of what it adds up).
fn weight_hits(
    cx: &Ctx,
    what: (&str, &str),
    docs: &[Doc],
    vals: &[Option<Decimal>],
    precision: &[Option<u32>],
    name: &str,
    per_bl: fn(&BillOfLading) -> Option<String>,
) -> Option<Vec<Hit>> {
    let shown: Vec<Option<(Decimal, u32)>> = vals
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.map(|v| {
                let p = precision.get(i).copied().flatten().unwrap_or(v.scale());
                (v, p.min(v.scale()))
            })
        })
        .collect();
    let pairs = disagreements(&shown, |a, b| text::weights_agree_at(a.0, a.1, b.0, b.1))?;
    let hits = pairs
        .into_iter()
        .map(|(r, o)| {
            let (dr, dother) = (docs[r], docs[o]);
            let (vr, vo) = (vals[r].unwrap_or_default(), vals[o].unwrap_or_default());
            let hit = Hit::new(
                format!(
                    "Total {} differs: {} {vo} kg, {} {vr} kg.",
                    what.0,
                    dother.en(cx),
                    dr.en(cx)
                ),
                format!(
                    "总{}不符：{}为 {vo} 公斤，{}为 {vr} 公斤。",
                    what.1,
                    dother.zh(cx),
                    dr.zh(cx)
                ),
            )
            .tolerance(ROUNDING);
            let hit = dr.field(hit, cx, name, Some(vr.to_string()), per_bl);
            dother.field(hit, cx, name, Some(vo.to_string()), per_bl)
        })
        .collect();
    Some(hits)
}

/// X-GROSS-WEIGHT: the total gross weight on the packing list, bill(s) of lading (summed),
/// invoice, certificate of origin and shipping advice, where shown. Rounding tolerance of
/// §0 only; the sum of the B/L weights is as precise as the coarsest of them (`12672` +
/// `12671.60` is compared in whole kilos). ISBP 745 M6.
static GROSS_WEIGHT: Rule = Rule {
    id: "X-GROSS-WEIGHT",
    severity: Severity::Blocking,
    title_en: "Gross weight differs between documents",
    title_zh: "各单据毛重不一致",
    source: "ISBP 745 M6; UCP 600 art. 14(d)",
    run: gross_weight,
};

fn gross_weight(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let Ok(bls) = bl_sum(cx, |b| b.gross_weight_kg) else {
        return too_large();
    };
    let vals = [
        s.invoice.gross_weight_kg,
        s.packing_list.as_ref().and_then(|p| p.gross_weight_kg),
        bls,
        s.certificate_of_origin.as_ref().and_then(|c| c.gross_weight_kg),
        s.shipping_advice.as_ref().and_then(|a| a.gross_weight_kg),
    ];
    // The B/L sum is compared at the coarsest precision of the B/L weights.
    let bl_precision = s
        .bills_of_lading
        .iter()
        .filter_map(|b| b.gross_weight_kg.map(|w| w.scale()))
        .min();
    match weight_hits(
        cx,
        ("gross weight", "毛重"),
        &TOTALS_DOCS,
        &vals,
        &[None, None, bl_precision, None, None],
        "gross_weight_kg",
        |b| b.gross_weight_kg.map(|w| w.to_string()),
    ) {
        Some(hits) => Outcome::Checked(hits),
        None => not_applicable(
            "Fewer than two documents show a total gross weight.",
            "显示总毛重的单据少于两份，无法比对。",
        ),
    }
}

/// X-NET-WEIGHT: the total net weight on the invoice, packing list, certificate of origin
/// and shipping advice. Rounding tolerance of §0 only; the phytosanitary certificate is
/// PHYTO-QTY's. ISBP 745 M6.
static NET_WEIGHT: Rule = Rule {
    id: "X-NET-WEIGHT",
    severity: Severity::Blocking,
    title_en: "Net weight differs between documents",
    title_zh: "各单据净重不一致",
    source: "ISBP 745 M6; UCP 600 art. 14(d)",
    run: net_weight,
};

const NET_DOCS: [Doc; 4] = [Doc::Invoice, Doc::PackingList, Doc::Co, Doc::Advice];

fn net_weight(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let vals = [
        s.invoice.net_weight_kg,
        s.packing_list.as_ref().and_then(|p| p.net_weight_kg),
        s.certificate_of_origin.as_ref().and_then(|c| c.net_weight_kg),
        s.shipping_advice.as_ref().and_then(|a| a.net_weight_kg),
    ];
    match weight_hits(
        cx,
        ("net weight", "净重"),
        &NET_DOCS,
        &vals,
        &[],
        "net_weight_kg",
        |_| None,
    ) {
        Some(hits) => Outcome::Checked(hits),
        None => not_applicable(
            "Fewer than two documents show a total net weight.",
            "显示总净重的单据少于两份，无法比对。",
        ),
    }
}

/// PL-ARITH: the packing list's own arithmetic: per line packages × net (gross) per
/// package = line net (gross); the lines add up to the totals of packages, net and gross
/// weight; the containers' packages add up to the total. Tolerance 0.01 kg. ISBP 745 A22
/// (banks do not compute; the exporter should).
static PL_ARITH: Rule = Rule {
    id: "PL-ARITH",
    severity: Severity::Warning,
    title_en: "Packing list does not add up",
    title_zh: "装箱单计算错误",
    source: "ISBP 745 A22",
    run: pl_arith,
};

const PL_TOLERANCE: &str = "±0.01 kg (PL-ARITH)";

fn pl_arith(cx: &Ctx) -> Outcome {
    let Some(pl) = cx.set.packing_list.as_ref() else {
        return not_applicable("No packing list.", "无装箱单。");
    };
    let tol = Decimal::new(1, 2);
    let mut hits = Vec::new();
    for (i, line) in pl.lines.iter().enumerate() {
        let n = Decimal::from(line.packages);
        for (per, total, what, field, per_field) in [
            (
                line.net_per_package_kg,
                line.net_weight_kg,
                ("net", "净重"),
                "net_weight_kg",
                "net_per_package_kg",
            ),
            (
                line.gross_per_package_kg,
                line.gross_weight_kg,
                ("gross", "毛重"),
                "gross_weight_kg",
                "gross_per_package_kg",
            ),
        ] {
            let (Some(per), Some(total)) = (per, total) else {
                continue;
            };
            let Some(expected) = n.checked_mul(per) else {
                return too_large();
            };
            let Some(diff) = expected.checked_sub(total) else {
                return too_large();
            };
            if diff.abs() > tol {
                hits.push(
                    Hit::new(
                        format!(
                            "Packing list line {}: {} × {per} kg = {expected} kg, but the line shows a {} weight of {total} kg.",
                            i + 1,
                            line.packages,
                            what.0
                        ),
                        format!(
                            "装箱单第 {} 行：{} 件 × {per} 公斤 = {expected} 公斤，但该行{}为 {total} 公斤。",
                            i + 1,
                            line.packages,
                            what.1
                        ),
                    )
                    .field(format!("packing_list.lines[{i}].packages"), Some(line.packages))
                    .field(format!("packing_list.lines[{i}].{per_field}"), Some(per))
                    .field(format!("packing_list.lines[{i}].{field}"), Some(total))
                    .tolerance(PL_TOLERANCE),
                );
            }
        }
    }
    if !pl.lines.is_empty() {
        let Ok(Some(sum)) = checked_sum(pl.lines.iter().map(|l| Some(l.packages))) else {
            return too_large();
        };
        if sum != pl.packages_total {
            hits.push(
                Hit::new(
                    format!(
                        "The packing list lines add up to {sum} packages, the total shows {}.",
                        pl.packages_total
                    ),
                    format!("装箱单各行件数合计 {sum}，总件数为 {}。", pl.packages_total),
                )
                .field("packing_list.lines[].packages", Some(sum))
                .field("packing_list.packages_total", Some(pl.packages_total)),
            );
        }
        let (Ok(net_sum), Ok(gross_sum)) = (
            checked_sum(pl.lines.iter().map(|l| l.net_weight_kg)),
            checked_sum(pl.lines.iter().map(|l| l.gross_weight_kg)),
        ) else {
            return too_large();
        };
        for (lines_sum, total, what, field) in [
            (net_sum, pl.net_weight_kg, ("net", "净重"), "net_weight_kg"),
            (
                gross_sum,
                pl.gross_weight_kg,
                ("gross", "毛重"),
                "gross_weight_kg",
            ),
        ] {
            let (Some(sum), Some(total)) = (lines_sum, total) else {
                continue;
            };
            let Some(diff) = sum.checked_sub(total) else {
                return too_large();
            };
            if diff.abs() > tol {
                hits.push(
                    Hit::new(
                        format!(
                            "The packing list lines add up to a {} weight of {sum} kg, the total shows {total} kg.",
                            what.0
                        ),
                        format!("装箱单各行{}合计 {sum} 公斤，总{}为 {total} 公斤。", what.1, what.1),
                    )
                    .field(format!("packing_list.lines[].{field}"), Some(sum))
                    .field(format!("packing_list.{field}"), Some(total))
                    .tolerance(PL_TOLERANCE),
                );
            }
        }
    }
    let Ok(containers_sum) = checked_sum(pl.containers.iter().map(|c| c.packages)) else {
        return too_large();
    };
    if !pl.containers.is_empty()
        && let Some(sum) = containers_sum
        && sum != pl.packages_total
    {
        hits.push(
            Hit::new(
                format!(
                    "The packing list's containers hold {sum} packages together, the total shows {}.",
                    pl.packages_total
                ),
                format!("装箱单各集装箱件数合计 {sum}，总件数为 {}。", pl.packages_total),
            )
            .field("packing_list.containers[].packages", Some(sum))
            .field("packing_list.packages_total", Some(pl.packages_total)),
        );
    }
    Outcome::Checked(hits)
}

/// PL-GW-LT-NW: a gross weight lower than the net weight on any document (packing list
/// totals and lines, invoice, certificate of origin, shipping advice): gross is net plus
/// tare. Equal weights do not fire.
static GW_LT_NW: Rule = Rule {
    id: "PL-GW-LT-NW",
    severity: Severity::Blocking,
    title_en: "Gross weight lower than net weight",
    title_zh: "毛重小于净重",
    source: "Definition of gross weight (net + tare); UCP 600 art. 14(d)",
    run: gw_lt_nw,
};

/// Where a document shows a gross and a net weight.
#[derive(Clone, Copy)]
enum Weighed {
    Invoice,
    PackingList,
    PlLine(usize),
    Co,
    Advice,
}

impl Weighed {
    fn path(self) -> String {
        match self {
            Weighed::Invoice => "invoice".into(),
            Weighed::PackingList => "packing_list".into(),
            Weighed::PlLine(i) => format!("packing_list.lines[{i}]"),
            Weighed::Co => "certificate_of_origin".into(),
            Weighed::Advice => "shipping_advice".into(),
        }
    }
    fn en(self) -> String {
        match self {
            Weighed::Invoice => "Invoice".into(),
            Weighed::PackingList => "Packing list".into(),
            Weighed::PlLine(i) => format!("Packing list line {}", i + 1),
            Weighed::Co => "Certificate of origin".into(),
            Weighed::Advice => "Shipping advice".into(),
        }
    }
    fn zh(self) -> String {
        match self {
            Weighed::Invoice => "发票".into(),
            Weighed::PackingList => "装箱单".into(),
            Weighed::PlLine(i) => format!("装箱单第 {} 行", i + 1),
            Weighed::Co => "原产地证".into(),
            Weighed::Advice => "装船通知".into(),
        }
    }
}

fn gw_lt_nw(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let mut shown: Vec<(Weighed, Option<Decimal>, Option<Decimal>)> = Vec::with_capacity(8);
    shown.push((
        Weighed::Invoice,
        s.invoice.gross_weight_kg,
        s.invoice.net_weight_kg,
    ));
    if let Some(pl) = &s.packing_list {
        shown.push((Weighed::PackingList, pl.gross_weight_kg, pl.net_weight_kg));
        for (i, l) in pl.lines.iter().enumerate() {
            shown.push((Weighed::PlLine(i), l.gross_weight_kg, l.net_weight_kg));
        }
    }
    if let Some(co) = &s.certificate_of_origin {
        shown.push((Weighed::Co, co.gross_weight_kg, co.net_weight_kg));
    }
    if let Some(a) = &s.shipping_advice {
        shown.push((Weighed::Advice, a.gross_weight_kg, a.net_weight_kg));
    }
    let mut checked = false;
    let mut hits = Vec::new();
    for (w, gross, net) in shown {
        let (Some(g), Some(n)) = (gross, net) else {
            continue;
        };
        checked = true;
        if g < n {
            let p = w.path();
            hits.push(
                Hit::new(
                    format!("{}: gross weight {g} kg is lower than net weight {n} kg.", w.en()),
                    format!("{}：毛重 {g} 公斤小于净重 {n} 公斤。", w.zh()),
                )
                .field(format!("{p}.gross_weight_kg"), Some(g))
                .field(format!("{p}.net_weight_kg"), Some(n)),
            );
        }
    }
    if !checked {
        return not_applicable(
            "No document shows both a gross and a net weight.",
            "无单据同时显示毛重和净重。",
        );
    }
    Outcome::Checked(hits)
}

/// X-MARKS: the shipping marks on the invoice, packing list, each bill of lading and the
/// certificate of origin, compared after normalisation (case, spacing, line breaks,
/// `.`/`,`, ISBP A1 abbreviations); "N/M" only matches "N/M". Carrier B/Ls commonly add the
/// container and seal numbers to the marks (`… C/NO. 1-1320 OSLU5120641/OSL2508817`): data
/// on a transport document may add to the marks (ISBP 745 E, paragraph number to verify),
/// so B/L marks that equal the others once the set's container and seal numbers (with
/// their `CONTAINER` / `SEAL` / `NO.` labels) are removed comply. The phytosanitary
/// certificate's distinguishing marks are not compared (they often carry container
/// numbers). UCP 600 art. 14(d).
static MARKS: Rule = Rule {
    id: "X-MARKS",
    severity: Severity::Blocking,
    title_en: "Shipping marks differ between documents",
    title_zh: "各单据唛头不一致",
    source: "UCP 600 art. 14(d); UN FAL standard shipping mark",
    run: marks,
};

/// Marks for comparison: normalised like free text, then without any space (layout on the
/// document is not part of the mark).
fn mark_key(s: &str) -> String {
    let mut w = text::words(s);
    w.retain(|c| c != ' ');
    w
}

/// Words that label a container or seal number in marks.
const CONTAINER_LABELS: &[&str] = &[
    "CONTAINER",
    "CONTAINERS",
    "CNTR",
    "CTNR",
    "CTR",
    "SEAL",
    "SEALS",
    "NO",
    "NOS",
    "NR",
    "NUMBER",
];

/// The container and seal numbers of the set (B/Ls, packing list, shipping advice), letters
/// and digits only, upper case; a seal field's several seals each.
fn container_ids(cx: &Ctx) -> Vec<String> {
    let s = cx.set;
    let mut raw: Vec<(&str, Option<&str>)> = Vec::new();
    for b in &s.bills_of_lading {
        raw.extend(
            b.containers
                .iter()
                .map(|c| (c.number.as_str(), c.seal.as_deref())),
        );
    }
    if let Some(pl) = &s.packing_list {
        raw.extend(
            pl.containers
                .iter()
                .map(|c| (c.number.as_str(), c.seal.as_deref())),
        );
    }
    if let Some(a) = &s.shipping_advice {
        raw.extend(
            a.containers
                .iter()
                .map(|c| (c.number.as_str(), c.seal.as_deref())),
        );
    }
    let mut ids: Vec<String> = Vec::new();
    for (number, seal) in raw {
        ids.push(text::container(number));
        for part in seal
            .unwrap_or("")
            .split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | ';' | '&'))
        {
            ids.push(text::container(part));
        }
    }
    ids.retain(|id| id.len() >= 4 && id.bytes().any(|c| c.is_ascii_digit()));
    ids.sort();
    ids.dedup();
    ids
}

/// The marks without the container and seal numbers `ids` (and the labels and separators
/// around them): runs of words that are such numbers or labels, with at least one number,
/// are cut out. A container number written in two words (`OSLU 5120641`) counts too.
fn without_containers(marks: &str, ids: &[String]) -> String {
    let n = text::norm(marks);
    let is_sep = |c: char| c == ' ' || matches!(c, '/' | ',' | ';' | ':');
    // Words: (start, end) byte offsets in `n`.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in n.char_indices() {
        if is_sep(c) {
            if let Some(st) = start.take() {
                words.push((st, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        words.push((st, n.len()));
    }
    let key = |w: &(usize, usize)| text::container(&n[w.0..w.1]);
    let is_id = |k: &str| ids.iter().any(|id| id == k);
    // 0 other, 1 label, 2 container or seal number.
    let mut class: Vec<u8> = words
        .iter()
        .map(|w| {
            let k = key(w);
            if is_id(&k) {
                2
            } else if CONTAINER_LABELS.contains(&k.as_str()) || k.is_empty() {
                1
            } else {
                0
            }
        })
        .collect();
    for i in 0..words.len().saturating_sub(1) {
        if class[i] != 2 && class[i + 1] != 2 && is_id(&(key(&words[i]) + &key(&words[i + 1]))) {
            class[i] = 2;
            class[i + 1] = 2;
        }
    }
    let mut out = String::with_capacity(n.len());
    let mut kept_to = 0;
    let mut i = 0;
    while i < words.len() {
        if class[i] == 0 {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < words.len() && class[j] != 0 {
            j += 1;
        }
        if class[i..j].contains(&2) {
            // Cut from the end of the word before the run to the start of the word after it.
            let from = if i == 0 { 0 } else { words[i - 1].1 };
            let to = if j == words.len() { n.len() } else { words[j].0 };
            out.push_str(&n[kept_to..from]);
            out.push(' ');
            kept_to = to;
        }
        i = j;
    }
    out.push_str(&n[kept_to..]);
    out
}

fn marks(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let mut docs: Vec<(Doc, Option<&str>)> = Vec::with_capacity(3 + s.bills_of_lading.len());
    docs.push((Doc::Invoice, s.invoice.marks.as_deref()));
    docs.push((
        Doc::PackingList,
        s.packing_list.as_ref().and_then(|p| p.marks.as_deref()),
    ));
    for (i, b) in s.bills_of_lading.iter().enumerate() {
        docs.push((Doc::Bl(i), b.marks.as_deref()));
    }
    docs.push((
        Doc::Co,
        s.certificate_of_origin.as_ref().and_then(|c| c.marks.as_deref()),
    ));
    // Each document's marks as compared, and (B/Ls) without the set's container and seal
    // numbers; elsewhere the same.
    let ids = container_ids(cx);
    let vals: Vec<Option<(String, String)>> = docs
        .iter()
        .map(|(d, m)| {
            m.filter(|m| !m.trim().is_empty()).map(|m| {
                let key = mark_key(m);
                let bare = match d {
                    Doc::Bl(_) if !ids.is_empty() => mark_key(&without_containers(m, &ids)),
                    _ => key.clone(),
                };
                (key, bare)
            })
        })
        .collect();
    let Some(pairs) = disagreements(&vals, |a, b| a.0 == b.0 || a.1 == b.1) else {
        return not_applicable(
            "Fewer than two documents show shipping marks.",
            "显示唛头的单据少于两份，无法比对。",
        );
    };
    let hits = pairs
        .into_iter()
        .map(|(r, o)| {
            let ((dr, mr), (dother, mo)) = (docs[r], docs[o]);
            let (mr, mo) = (mr.unwrap_or(""), mo.unwrap_or(""));
            let hit = Hit::new(
                format!(
                    "Shipping marks differ: {} \"{}\", {} \"{}\".",
                    dother.en(cx),
                    text::norm(mo),
                    dr.en(cx),
                    text::norm(mr)
                ),
                format!(
                    "唛头不符：{}为“{}”，{}为“{}”。",
                    dother.zh(cx),
                    text::norm(mo),
                    dr.zh(cx),
                    text::norm(mr)
                ),
            );
            let none = |_: &BillOfLading| None;
            let hit = dr.field(hit, cx, "marks", Some(mr.to_string()), none);
            dother.field(hit, cx, "marks", Some(mo.to_string()), none)
        })
        .collect();
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[
    &PKG_COUNT,
    &PKG_UNIT,
    &GROSS_WEIGHT,
    &NET_WEIGHT,
    &PL_ARITH,
    &GW_LT_NW,
    &MARKS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_is_what_most_documents_show() {
        let v = [Some(1321), Some(1320), Some(1320), None, Some(1320)];
        assert_eq!(disagreements(&v, |a, b| a == b), Some(vec![(1, 0)]));
        assert_eq!(disagreements(&[Some(1), None], |a: &i32, b| a == b), None);
    }

    #[test]
    fn rounding_is_not_transitive_and_both_ends_are_reported() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let v = [Some(d("25344")), Some(d("25343.8")), Some(d("25344.4"))];
        let pairs = disagreements(&v, |a, b| text::weights_agree(*a, *b)).unwrap();
        assert_eq!(pairs, vec![(1, 2)]);
    }

    #[test]
    fn marks_ignore_layout_but_no_marks_is_its_own_mark() {
        assert_eq!(
            mark_key("rfi/25-118\nROTTERDAM\nC/NO. 1-1320"),
            mark_key("RFI/25-118 ROTTERDAM C/NO. 1-1320")
        );
        assert_ne!(mark_key("N/M"), mark_key("NO MARKS"));
        assert_eq!(mark_key("n/m"), mark_key("N/M"));
    }

    #[test]
    fn container_and_seal_numbers_are_cut_from_marks() {
        let ids = vec!["OSL2508817".to_string(), "OSLU5120641".to_string()];
        let reference = mark_key("RFI/25-118 ROTTERDAM C/NO. 1-1320");
        for bl in [
            "RFI/25-118 ROTTERDAM C/NO. 1-1320 OSLU5120641/OSL2508817",
            "RFI/25-118\nROTTERDAM\nC/NO. 1-1320\nCONTAINER NO. OSLU 512064-1 SEAL NO.: OSL2508817",
            "OSLU5120641 / OSL2508817 RFI/25-118 ROTTERDAM C/NO. 1-1320",
        ] {
            assert_eq!(mark_key(&without_containers(bl, &ids)), reference, "{bl}");
        }
        assert_ne!(
            mark_key(&without_containers(
                "RFI/25-118 ROTTERDAM C/NO. 1-1320 CSQU3054383",
                &ids
            )),
            reference
        );
        assert_ne!(
            mark_key(&without_containers(
                "RFI/25-181 ROTTERDAM C/NO. 1-1320 OSLU5120641",
                &ids
            )),
            reference
        );
    }
}
