//! §2.1 Dates and presentation.

use chrono::NaiveDate;
use gendan_domain::document_set::BillOfLading;

use crate::calendar::{add_days, next_banking_day, sub_days};
use crate::text;
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

/// The reason a rule cannot run when a date it computes lies outside the calendar.
fn out_of_calendar() -> Outcome {
    not_applicable(
        "A date to compute lies beyond the range of the calendar.",
        "计算所得日期超出日历范围，无法计算。",
    )
}

/// DATE-LATE-SHIPMENT: the date of shipment (on-board date, else B/L issue date; the
/// latest of several B/Ls) after the latest shipment date: the credit's 44C, else the last
/// day of its 44D period, else its "on or about" date plus five days (art. 3), else the
/// contract's. The same day complies; never extended for bank holidays. UCP 600 art.
/// 20(a)(ii), 29(c), 31(b).
static LATE_SHIPMENT: Rule = Rule {
    id: "DATE-LATE-SHIPMENT",
    severity: Severity::Blocking,
    title_en: "Shipped after the latest shipment date",
    title_zh: "装运日晚于最迟装运期",
    source: "UCP 600 art. 20(a)(ii), 29(c), 31(b)",
    run: late_shipment,
};

fn late_shipment(cx: &Ctx) -> Outcome {
    let Some(shipped) = cx.shipment_date else {
        return not_applicable(
            "No bill of lading: no date of shipment.",
            "无提单，无法确定装运日。",
        );
    };
    // 44C; else the last day of the 44D period; else "on or about" plus five days (art.
    // 3); else the contract's.
    let lc = cx.lc();
    let (latest, path, value, tolerance) = if let Some(d) = lc.and_then(|l| l.latest_shipment_date) {
        (d, "lc.latest_shipment_date", d, None)
    } else if let Some(p) = lc.and_then(|l| l.shipment_period.as_ref()) {
        (
            p.to,
            "lc.shipment_period.to",
            p.to,
            Some("art. 3: \"to\" includes the date mentioned"),
        )
    } else if let Some(d) = lc.and_then(|l| l.shipment_on_or_about) {
        let Some(last) = add_days(d, 5) else {
            return out_of_calendar();
        };
        (
            last,
            "lc.shipment_on_or_about",
            d,
            Some("art. 3: \"on or about\" = five calendar days before until five after, both ends included"),
        )
    } else {
        let d = cx.set.contract.shipment_latest;
        (d, "contract.shipment_latest", d, None)
    };
    let mut hits = Vec::new();
    if shipped > latest {
        hits.push(
            Hit::new(
                format!("Shipped on {shipped}, after the latest shipment date {latest}."),
                format!("装运日 {shipped} 晚于最迟装运期 {latest}。"),
            )
            .field("bills_of_lading[].shipment_date", Some(shipped))
            .field(path, Some(value))
            .tolerance(match tolerance {
                Some(t) => format!("{t}; not extended (art. 29(c))"),
                None => "none: the latest shipment date is not extended (art. 29(c))".to_string(),
            }),
        );
    }
    Outcome::Checked(hits)
}

/// The date of shipment and the path of the field it comes from: the on-board notation's
/// date, else the issue date, of the B/L with the latest of them (UCP 600 art. 20(a)(ii),
/// 31(b)).
fn shipment(cx: &Ctx) -> Option<(NaiveDate, String)> {
    let mut best: Option<(NaiveDate, String)> = None;
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        let (d, path) = bl_date(i, bl);
        if best.as_ref().is_none_or(|(b, _)| d > *b) {
            best = Some((d, path));
        }
    }
    best
}

/// The on-board date (else the issue date) of one B/L and the path of its field.
fn bl_date(i: usize, bl: &BillOfLading) -> (NaiveDate, String) {
    match &bl.on_board_notation {
        Some(n) => (n.date, format!("bills_of_lading[{i}].on_board_notation.date")),
        None => (bl.issue_date, format!("bills_of_lading[{i}].issue_date")),
    }
}

/// One shipment: the B/Ls on the same vessel and voyage (a B/L that does not show one of
/// them joins the first shipment it does not contradict).
struct Shipment {
    vessel: Option<String>,
    voyage: Option<String>,
    /// The latest date of its B/Ls (UCP 600 art. 31(b)) and the field it comes from.
    date: NaiveDate,
    path: String,
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.filter(|v| !v.trim().is_empty())
}

/// The shipments of the set: B/Ls on different vessels or voyages are different (partial)
/// shipments, each dated by the latest of its B/Ls (art. 31(b)).
fn shipments(cx: &Ctx) -> Vec<Shipment> {
    let mut out: Vec<Shipment> = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        let vessel = non_blank(bl.on_board_notation.as_ref().and_then(|n| n.vessel.as_deref()))
            .or(non_blank(bl.vessel.as_deref()))
            .map(text::vessel);
        let voyage = non_blank(bl.voyage.as_deref()).map(text::voyage);
        let (date, path) = bl_date(i, bl);
        let agrees = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        match out
            .iter_mut()
            .find(|s| agrees(&s.vessel, &vessel) && agrees(&s.voyage, &voyage))
        {
            Some(s) => {
                if s.vessel.is_none() {
                    s.vessel = vessel;
                }
                if s.voyage.is_none() {
                    s.voyage = voyage;
                }
                if date > s.date {
                    s.date = date;
                    s.path = path;
                }
            }
            None => out.push(Shipment {
                vessel,
                voyage,
                date,
                path,
            }),
        }
    }
    out
}

/// The date of the first shipment: with B/Ls on different vessels or voyages (partial
/// shipments) the earliest of their dates, each the latest of its vessel and voyage (UCP
/// 600 art. 31(b); ISBP 745 E19(c)); with the number of shipments.
fn first_shipment(cx: &Ctx) -> Option<(NaiveDate, String, usize)> {
    let all = shipments(cx);
    let n = all.len();
    all.into_iter()
        .min_by_key(|s| s.date)
        .map(|s| (s.date, s.path, n))
}

fn no_bl() -> Outcome {
    not_applicable(
        "No bill of lading: no date of shipment.",
        "无提单，无法确定装运日。",
    )
}

/// Calendar days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// DATE-EARLY-SHIPMENT: the date of shipment before the first permitted day: under a
/// credit, its "on or about" date less five days, else the first day of its shipment
/// period; without a credit (or when it states neither), the contract's earliest shipment
/// date. The first day itself complies. With B/Ls on different vessels or voyages (partial
/// shipments), the earliest of those shipments counts. UCP 600 art. 3 ("from" includes the
/// date, "on or about" is five calendar days either side), 31(b).
static EARLY_SHIPMENT: Rule = Rule {
    id: "DATE-EARLY-SHIPMENT",
    severity: Severity::Blocking,
    title_en: "Shipped before the first permitted shipment day",
    title_zh: "装运日早于最早装运期",
    source: "UCP 600 art. 3",
    run: early_shipment,
};

fn early_shipment(cx: &Ctx) -> Outcome {
    let Some((shipped, ship_path, _)) = first_shipment(cx) else {
        return no_bl();
    };
    let lc = cx.lc();
    let (first, path, value, tolerance) = if let Some(d) = lc.and_then(|l| l.shipment_on_or_about) {
        let Some(first) = sub_days(d, 5) else {
            return out_of_calendar();
        };
        (
            first,
            "lc.shipment_on_or_about",
            d,
            "art. 3: \"on or about\" = five calendar days before until five after, both ends included",
        )
    } else if let Some(p) = lc.and_then(|l| l.shipment_period.as_ref()) {
        (
            p.from,
            "lc.shipment_period.from",
            p.from,
            "art. 3: \"from\" includes the date mentioned",
        )
    } else if let Some(d) = cx.set.contract.shipment_earliest {
        (
            d,
            "contract.shipment_earliest",
            d,
            "the earliest shipment date itself complies",
        )
    } else {
        return not_applicable(
            "Neither the credit nor the contract sets a first shipment day.",
            "信用证和合同均未规定最早装运期。",
        );
    };
    let mut hits = Vec::new();
    if shipped < first {
        hits.push(
            Hit::new(
                format!("Shipped on {shipped}, before the first permitted shipment day {first}."),
                format!("装运日 {shipped} 早于允许的最早装运日 {first}。"),
            )
            .field(ship_path, Some(shipped))
            .field(path, Some(value))
            .tolerance(tolerance),
        );
    }
    Outcome::Checked(hits)
}

/// DATE-PRESENTATION-PERIOD: under a credit, the presentation later than the date of
/// shipment plus the presentation period (48; 21 days when the credit is silent), the last
/// day extended to the next banking day when the bank is closed on it. Day 21 complies, day
/// 22 does not. With B/Ls on different vessels or voyages (partial shipments) the period
/// runs from the earliest of those shipments (ISBP 745 E19(c)). UCP 600 art. 14(c), 29(a).
static PRESENTATION_PERIOD: Rule = Rule {
    id: "DATE-PRESENTATION-PERIOD",
    severity: Severity::Blocking,
    title_en: "Presented after the presentation period",
    title_zh: "超过交单期交单",
    source: "UCP 600 art. 14(c), 29(a)",
    run: presentation_period,
};

fn presentation_period(cx: &Ctx) -> Outcome {
    let Some(lc) = cx.lc() else {
        return not_applicable(
            "No letter of credit: no presentation period.",
            "无信用证，不适用交单期。",
        );
    };
    let Some((shipped, ship_path, count)) = first_shipment(cx) else {
        return no_bl();
    };
    let days = lc.presentation_period_days.unwrap_or(21);
    let Some((period, last)) =
        add_days(shipped, days).and_then(|p| Some((p, next_banking_day(p, &lc.bank_closed_dates)?)))
    else {
        return out_of_calendar();
    };
    let presented = cx.set.presentation.date;
    let mut hits = Vec::new();
    if presented > last {
        let after = days_between(shipped, presented);
        let mut hit = Hit::new(
            format!(
                "Presented on {presented}, {after} days after shipment on {shipped}; the last day for \
                 presentation was {last} ({days} days after shipment)."
            ),
            format!(
                "交单日 {presented} 为装运日 {shipped} 后第 {after} 天，超过交单期（装运后 {days} 天），\
                 最迟交单日为 {last}。"
            ),
        )
        .field("presentation.date", Some(presented))
        .field(ship_path, Some(shipped))
        .field(
            "lc.presentation_period_days",
            Some(match lc.presentation_period_days {
                Some(d) => d.to_string(),
                None => "21 (art. 14(c) default)".to_string(),
            }),
        );
        let mut notes = Vec::new();
        if count > 1 {
            notes.push(format!(
                "ISBP 745 E19(c): counted from the earliest of {count} shipments on different vessels or voyages"
            ));
        }
        if last != period {
            notes.push(format!(
                "art. 29(a): day {days} ({period}) is a bank closing day, extended to {last}"
            ));
        }
        if !notes.is_empty() {
            hit = hit.tolerance(notes.join("; "));
        }
        hits.push(hit);
    }
    Outcome::Checked(hits)
}

/// DATE-LC-EXPIRY: under a credit, the presentation later than its expiry date, the expiry
/// extended to the next banking day when the bank is closed on it. UCP 600 art. 6(d)(i),
/// 6(e), 29(a).
static LC_EXPIRY: Rule = Rule {
    id: "DATE-LC-EXPIRY",
    severity: Severity::Blocking,
    title_en: "Presented after the credit expired",
    title_zh: "信用证过期后交单",
    source: "UCP 600 art. 6(d)(i), 6(e), 29(a)",
    run: lc_expiry,
};

fn lc_expiry(cx: &Ctx) -> Outcome {
    let Some(lc) = cx.lc() else {
        return not_applicable("No letter of credit: no expiry date.", "无信用证，不适用有效期。");
    };
    let expiry = lc.expiry_date;
    let Some(last) = next_banking_day(expiry, &lc.bank_closed_dates) else {
        return out_of_calendar();
    };
    let presented = cx.set.presentation.date;
    let mut hits = Vec::new();
    if presented > last {
        let mut hit = Hit::new(
            format!("Presented on {presented}, after the credit expired on {last}."),
            format!("交单日 {presented} 晚于信用证有效期 {last}。"),
        )
        .field("presentation.date", Some(presented))
        .field("lc.expiry_date", Some(expiry));
        if last != expiry {
            hit = hit.tolerance(format!(
                "art. 29(a): the expiry date {expiry} is a bank closing day, extended to {last}"
            ));
        }
        hits.push(hit);
    }
    Outcome::Checked(hits)
}

/// DATE-DOC-AFTER-PRESENTATION: a document of the set dated after the presentation, one
/// finding per such document. A document dated before the credit was issued is fine.
/// UCP 600 art. 14(i).
static DOC_AFTER_PRESENTATION: Rule = Rule {
    id: "DATE-DOC-AFTER-PRESENTATION",
    severity: Severity::Blocking,
    title_en: "Document dated after the presentation",
    title_zh: "单据出单日晚于交单日",
    source: "UCP 600 art. 14(i)",
    run: doc_after_presentation,
};

fn doc_after_presentation(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let presented = set.presentation.date;
    let mut hits = Vec::new();
    let mut check = |path: &str, name_en: &str, name_zh: &str, date: Option<NaiveDate>| {
        if let Some(d) = date
            && d > presented
        {
            hits.push(
                Hit::new(
                    format!("The {name_en} is dated {d}, after the presentation on {presented}."),
                    format!("{name_zh}日期 {d} 晚于交单日 {presented}。"),
                )
                .field(path, Some(d))
                .field("presentation.date", Some(presented)),
            );
        }
    };
    check(
        "invoice.date",
        "commercial invoice",
        "商业发票",
        Some(set.invoice.date),
    );
    if let Some(pl) = &set.packing_list {
        check("packing_list.date", "packing list", "装箱单", Some(pl.date));
    }
    for (i, bl) in set.bills_of_lading.iter().enumerate() {
        check(
            &format!("bills_of_lading[{i}].issue_date"),
            "bill of lading",
            "提单",
            Some(bl.issue_date),
        );
    }
    if let Some(co) = &set.certificate_of_origin {
        check(
            "certificate_of_origin.issue_date",
            "certificate of origin",
            "原产地证",
            co.issue_date,
        );
    }
    if let Some(ph) = &set.phytosanitary_certificate {
        check(
            "phytosanitary_certificate.issue_date",
            "phytosanitary certificate",
            "植物检疫证书",
            ph.issue_date,
        );
    }
    if let Some(ins) = &set.insurance_certificate {
        check(
            "insurance_certificate.issue_date",
            "insurance certificate",
            "保险单",
            ins.issue_date,
        );
    }
    if let Some(sa) = &set.shipping_advice {
        check(
            "shipping_advice.date",
            "shipping advice",
            "装船通知",
            Some(sa.date),
        );
    }
    if let Some(dr) = &set.draft {
        check("draft.date", "draft", "汇票", Some(dr.date));
    }
    if let Some(ci) = &set.collection_instruction {
        check(
            "collection_instruction.date",
            "collection instruction",
            "托收委托书",
            Some(ci.date),
        );
    }
    Outcome::Checked(hits)
}

/// INS-DATE: the insurance document dated after the date of shipment, unless it states
/// that cover is effective from a date not later than the shipment ("warehouse to
/// warehouse" wording alone does not cure it). CIF/CIP only. UCP 600 art. 28(e); ISBP 745
/// K section.
static INS_DATE: Rule = Rule {
    id: "INS-DATE",
    severity: Severity::Blocking,
    title_en: "Insurance document dated after shipment",
    title_zh: "保险单日期晚于装运日",
    source: "UCP 600 art. 28(e); ISBP 745 K",
    run: ins_date,
};

fn ins_date(cx: &Ctx) -> Outcome {
    if !cx.seller_insures() {
        return not_applicable(
            "Not a CIF/CIP sale: the seller does not insure.",
            "非 CIF/CIP 成交，卖方不负责投保。",
        );
    }
    let Some(ins) = &cx.set.insurance_certificate else {
        return not_applicable("No insurance certificate in the set.", "单据中无保险单。");
    };
    let Some(issued) = ins.issue_date else {
        return not_applicable("The insurance certificate shows no date.", "保险单未显示日期。");
    };
    let Some((shipped, ship_path)) = shipment(cx) else {
        return no_bl();
    };
    let mut hits = Vec::new();
    let cured = ins.cover_effective_date.is_some_and(|c| c <= shipped);
    if issued > shipped && !cured {
        let (en, zh) = match ins.cover_effective_date {
            Some(c) => (
                format!(
                    "The insurance certificate is dated {issued}, after shipment on {shipped}, and \
                     cover is effective only from {c}."
                ),
                format!("保险单日期 {issued} 晚于装运日 {shipped}，且保险责任自 {c} 起才生效。"),
            ),
            None => (
                format!(
                    "The insurance certificate is dated {issued}, after shipment on {shipped}, and \
                     does not state that cover is effective from shipment."
                ),
                format!("保险单日期 {issued} 晚于装运日 {shipped}，且未注明保险责任自装运日起生效。"),
            ),
        };
        hits.push(
            Hit::new(en, zh)
                .field("insurance_certificate.issue_date", Some(issued))
                .field(
                    "insurance_certificate.cover_effective_date",
                    ins.cover_effective_date,
                )
                .field(ship_path, Some(shipped)),
        );
    }
    Outcome::Checked(hits)
}

/// PHYTO-DATE-AFTER-SHIPMENT: the phytosanitary inspection (the issue date when no
/// inspection date is shown) after the date of shipment. A certificate issued after
/// shipment is fine when it shows the inspection on or before shipment. ISBP 745 Q2.
static PHYTO_DATE_AFTER_SHIPMENT: Rule = Rule {
    id: "PHYTO-DATE-AFTER-SHIPMENT",
    severity: Severity::Blocking,
    title_en: "Phytosanitary inspection after shipment",
    title_zh: "植物检疫日期晚于装运日",
    source: "ISBP 745 Q2",
    run: phyto_date_after_shipment,
};

fn phyto_date_after_shipment(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return not_applicable(
            "No phytosanitary certificate in the set.",
            "单据中无植物检疫证书。",
        );
    };
    let (date, path, en, zh) = match (ph.inspection_date, ph.issue_date) {
        (Some(d), _) => (
            d,
            "phytosanitary_certificate.inspection_date",
            "inspected",
            "检疫日期",
        ),
        (None, Some(d)) => (
            d,
            "phytosanitary_certificate.issue_date",
            "issued (no inspection date shown)",
            "签发日期（未显示检疫日期）",
        ),
        (None, None) => {
            return not_applicable(
                "The phytosanitary certificate shows neither an inspection nor an issue date.",
                "植物检疫证书既无检疫日期也无签发日期。",
            );
        }
    };
    let Some((shipped, ship_path)) = shipment(cx) else {
        return no_bl();
    };
    let mut hits = Vec::new();
    if date > shipped {
        hits.push(
            Hit::new(
                format!("The phytosanitary certificate was {en} on {date}, after shipment on {shipped}."),
                format!("植物检疫证书{zh} {date} 晚于装运日 {shipped}。"),
            )
            .field(path, Some(date))
            .field(ship_path, Some(shipped)),
        );
    }
    Outcome::Checked(hits)
}

/// PHYTO-INSPECTION-STALE: more days between the phytosanitary inspection (or the issue
/// date, where the importing country counts from issue: `Options::phyto_counts_from_issue`)
/// and the date of shipment than the importing country accepts
/// (`Options::phyto_validity_days`, 14 by default). ISPM 12 "duration of validity".
static PHYTO_INSPECTION_STALE: Rule = Rule {
    id: "PHYTO-INSPECTION-STALE",
    severity: Severity::Warning,
    title_en: "Phytosanitary inspection too long before shipment",
    title_zh: "植物检疫距装运日过久",
    source: "ISPM 12 (duration of validity)",
    run: phyto_inspection_stale,
};

fn phyto_inspection_stale(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return not_applicable(
            "No phytosanitary certificate in the set.",
            "单据中无植物检疫证书。",
        );
    };
    let from_issue = cx.options.phyto_counts_from_issue;
    // Counting from the inspection, a certificate that shows none is counted from its issue
    // date, which is never earlier: a stale issue date means a stale inspection.
    let counted = if from_issue {
        ph.issue_date
            .map(|d| (d, "phytosanitary_certificate.issue_date", "issued", "签发"))
    } else {
        match (ph.inspection_date, ph.issue_date) {
            (Some(d), _) => Some((
                d,
                "phytosanitary_certificate.inspection_date",
                "inspected",
                "检疫",
            )),
            (None, Some(d)) => Some((
                d,
                "phytosanitary_certificate.issue_date",
                "issued (no inspection date shown)",
                "签发（未显示检疫日期）",
            )),
            (None, None) => None,
        }
    };
    let Some((date, path, en, zh)) = counted else {
        return not_applicable(
            "The phytosanitary certificate shows no date to count from.",
            "植物检疫证书无可计算的日期。",
        );
    };
    let Some((shipped, ship_path)) = shipment(cx) else {
        return no_bl();
    };
    let limit = cx.options.phyto_validity_days;
    let gap = days_between(date, shipped);
    let mut hits = Vec::new();
    if gap > i64::from(limit) {
        hits.push(
            Hit::new(
                format!(
                    "The phytosanitary certificate was {en} on {date}, {gap} days before shipment on \
                     {shipped}; the importing country accepts {limit} days."
                ),
                format!(
                    "植物检疫证书于 {date} {zh}，距装运日 {shipped} 已 {gap} 天，超过进口国允许的 {limit} 天。"
                ),
            )
            .field(path, Some(date))
            .field(ship_path, Some(shipped))
            .tolerance(format!(
                "{limit} days from {} to shipment (importing country's rule; ISPM 12)",
                if from_issue { "issue" } else { "inspection" }
            )),
        );
    }
    Outcome::Checked(hits)
}

/// ADV-TIMING: the shipping advice sent later after shipment than the credit (47A) or, when
/// it is silent, the contract allows. Not applicable without such a deadline. LC 47A
/// practice; ISBP 745 preliminary considerations; Incoterms 2020 A10.
static ADV_TIMING: Rule = Rule {
    id: "ADV-TIMING",
    severity: Severity::Blocking,
    title_en: "Shipping advice sent too late",
    title_zh: "装船通知发出过迟",
    source: "LC 47A; ISBP 745 preliminary considerations; Incoterms 2020 A10",
    run: adv_timing,
};

fn adv_timing(cx: &Ctx) -> Outcome {
    let (within, path) = match cx.lc().and_then(|l| l.shipping_advice_within_days) {
        Some(n) => (n, "lc.shipping_advice_within_days"),
        None => match cx.set.contract.shipping_advice_within_days {
            Some(n) => (n, "contract.shipping_advice_within_days"),
            None => {
                return not_applicable(
                    "Neither the credit nor the contract sets a deadline for the shipping advice.",
                    "信用证和合同均未规定装船通知的期限。",
                );
            }
        },
    };
    let Some(adv) = &cx.set.shipping_advice else {
        return not_applicable("No shipping advice in the set.", "单据中无装船通知。");
    };
    let Some((shipped, ship_path)) = shipment(cx) else {
        return no_bl();
    };
    let after = days_between(shipped, adv.date);
    let mut hits = Vec::new();
    if after > i64::from(within) {
        hits.push(
            Hit::new(
                format!(
                    "The shipping advice is dated {}, {after} days after shipment on {shipped}; it \
                     was due within {within} day{}.",
                    adv.date,
                    if within == 1 { "" } else { "s" }
                ),
                format!(
                    "装船通知日期 {} 为装运日 {shipped} 后第 {after} 天，超过规定的 {within} 天期限。",
                    adv.date
                ),
            )
            .field("shipping_advice.date", Some(adv.date))
            .field(ship_path, Some(shipped))
            .field(path, Some(within))
            .tolerance(format!(
                "{within} calendar day{} after shipment, the last day included",
                if within == 1 { "" } else { "s" }
            )),
        );
    }
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[
    &LATE_SHIPMENT,
    &EARLY_SHIPMENT,
    &PRESENTATION_PERIOD,
    &LC_EXPIRY,
    &DOC_AFTER_PRESENTATION,
    &INS_DATE,
    &PHYTO_DATE_AFTER_SHIPMENT,
    &PHYTO_INSPECTION_STALE,
    &ADV_TIMING,
];

#[cfg(test)]
mod tests {
    use crate::{Options, check};
    use gendan_domain::document_set::DocumentSet;

    const CFR: &str = include_str!("../../tests/cases/clean/apples-cfr-lc-clean.json");

    fn set() -> DocumentSet {
        serde_json::from_str(CFR).unwrap()
    }

    fn stale(set: &DocumentSet, options: &Options) -> bool {
        check(set, options).fired("PHYTO-INSPECTION-STALE")
    }

    #[test]
    fn phyto_staleness_counts_from_the_inspection_or_the_issue_as_configured() {
        // Shipped 2025-10-15; inspected 14 days before, issued 15 days before (a certificate
        // cannot be issued before its inspection in reality, but the count is what is tested).
        let mut s = set();
        let ph = s.phytosanitary_certificate.as_mut().unwrap();
        ph.inspection_date = Some("2025-10-01".parse().unwrap());
        ph.issue_date = Some("2025-09-30".parse().unwrap());
        assert!(!stale(&s, &Options::default()));
        let from_issue = Options {
            phyto_counts_from_issue: true,
            ..Options::default()
        };
        assert!(stale(&s, &from_issue));
        // Issued on the inspection day: no difference.
        s.phytosanitary_certificate.as_mut().unwrap().issue_date = Some("2025-10-01".parse().unwrap());
        assert!(!stale(&s, &from_issue));
        // Counting from issue needs an issue date.
        s.phytosanitary_certificate.as_mut().unwrap().issue_date = None;
        assert!(check(&s, &from_issue).is_not_applicable("PHYTO-INSPECTION-STALE"));
    }

    #[test]
    fn phyto_validity_is_the_importing_countrys() {
        let mut s = set();
        s.phytosanitary_certificate.as_mut().unwrap().inspection_date = Some("2025-10-05".parse().unwrap());
        assert!(!stale(&s, &Options::default()));
        let ten = Options {
            phyto_validity_days: 10,
            ..Options::default()
        };
        assert!(!stale(&s, &ten), "10 days exactly complies");
        let nine = Options {
            phyto_validity_days: 9,
            ..Options::default()
        };
        assert!(stale(&s, &nine));
    }

    #[test]
    fn one_finding_per_late_document() {
        let mut s = set();
        s.invoice.date = "2025-10-23".parse().unwrap();
        s.packing_list.as_mut().unwrap().date = "2025-10-23".parse().unwrap();
        s.draft.as_mut().unwrap().date = "2025-10-24".parse().unwrap();
        let r = check(&s, &Options::default());
        let n = r
            .findings
            .iter()
            .filter(|f| f.rule == "DATE-DOC-AFTER-PRESENTATION")
            .count();
        assert_eq!(n, 3);
    }

    #[test]
    fn dates_beyond_the_calendar_make_the_rules_not_applicable() {
        let mut s = set();
        s.lc.as_mut().unwrap().presentation_period_days = Some(4_000_000_000);
        let r = check(&s, &Options::default());
        assert!(r.is_not_applicable("DATE-PRESENTATION-PERIOD"));
        assert!(!r.fired("DATE-PRESENTATION-PERIOD"));
        // The last date the calendar holds, closed, as the expiry: no next banking day.
        let mut s = set();
        let lc = s.lc.as_mut().unwrap();
        lc.expiry_date = chrono::NaiveDate::MAX;
        lc.bank_closed_dates = vec![chrono::NaiveDate::MAX];
        assert!(check(&s, &Options::default()).is_not_applicable("DATE-LC-EXPIRY"));
        // "On or about" the last or the first date of the calendar.
        let mut s = set();
        let lc = s.lc.as_mut().unwrap();
        lc.latest_shipment_date = None;
        lc.shipment_on_or_about = Some(chrono::NaiveDate::MAX);
        assert!(check(&s, &Options::default()).is_not_applicable("DATE-LATE-SHIPMENT"));
        s.lc.as_mut().unwrap().shipment_on_or_about = Some(chrono::NaiveDate::MIN);
        assert!(check(&s, &Options::default()).is_not_applicable("DATE-EARLY-SHIPMENT"));
    }

    #[test]
    fn partial_shipments_count_from_the_earliest_vessel() {
        // A second B/L on another vessel, shipped 2025-09-30: the presentation period (21
        // days) runs from it, and it is before the contract's first day (2025-10-01).
        let mut s = set();
        let mut second = s.bills_of_lading[0].clone();
        second.number = "OSLQDRTM2510418".into();
        second.vessel = Some("COSCO SHIPPING ARIES".into());
        second.voyage = Some("031W".into());
        let n = second.on_board_notation.as_mut().unwrap();
        n.date = "2025-09-30".parse().unwrap();
        n.vessel = Some("COSCO SHIPPING ARIES".into());
        second.issue_date = "2025-09-30".parse().unwrap();
        s.bills_of_lading.push(second);
        let r = check(&s, &Options::default());
        assert!(r.fired("DATE-PRESENTATION-PERIOD"));
        assert!(r.fired("DATE-EARLY-SHIPMENT"));
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "DATE-PRESENTATION-PERIOD")
            .unwrap();
        assert!(
            f.fields
                .iter()
                .any(|v| v.path == "bills_of_lading[1].on_board_notation.date")
        );
        // The same vessel and voyage: one shipment, dated by the later B/L (art. 31(b)).
        let (vessel, voyage) = (
            s.bills_of_lading[0].vessel.clone(),
            s.bills_of_lading[0].voyage.clone(),
        );
        let b = &mut s.bills_of_lading[1];
        b.on_board_notation.as_mut().unwrap().vessel = vessel.clone();
        b.vessel = vessel;
        b.voyage = voyage;
        let r = check(&s, &Options::default());
        assert!(!r.fired("DATE-PRESENTATION-PERIOD"));
        assert!(!r.fired("DATE-EARLY-SHIPMENT"));
    }

    #[test]
    fn the_shipment_date_is_the_latest_bill_of_lading() {
        // A second B/L shipped later decides; its field is the one reported.
        let mut s = set();
        let mut second = s.bills_of_lading[0].clone();
        second.number = "OSLQDRTM2510418".into();
        second.on_board_notation.as_mut().unwrap().date = "2025-10-17".parse().unwrap();
        second.issue_date = "2025-10-17".parse().unwrap();
        s.bills_of_lading.push(second);
        s.shipping_advice.as_mut().unwrap().date = "2025-10-20".parse().unwrap();
        let r = check(&s, &Options::default());
        let f = r.findings.iter().find(|f| f.rule == "ADV-TIMING").unwrap();
        assert!(
            f.fields
                .iter()
                .any(|v| v.path == "bills_of_lading[1].on_board_notation.date")
        );
    }
}
