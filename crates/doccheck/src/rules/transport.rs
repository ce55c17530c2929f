//! §2.6 Transport document.
//!
//! Every rule runs over every bill of lading of the set (a set may carry several).

use gendan_domain::document_set::{BillOfLading, Port};
use gendan_domain::shipment::check_digit;

use crate::text;
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

fn no_bl() -> Outcome {
    not_applicable("No bill of lading in the set.", "单据中无提单。")
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The vessel the goods are on: the on-board notation's vessel when it names one, else the
/// B/L's vessel; with the path it was read from.
fn bl_vessel(i: usize, bl: &BillOfLading) -> Option<(String, &str)> {
    if let Some(v) = bl
        .on_board_notation
        .as_ref()
        .and_then(|n| n.vessel.as_deref())
        .filter(|v| !is_blank(v))
    {
        return Some((format!("bills_of_lading[{i}].on_board_notation.vessel"), v));
    }
    bl.vessel
        .as_deref()
        .filter(|v| !is_blank(v))
        .map(|v| (format!("bills_of_lading[{i}].vessel"), v))
}

fn bl_vessel_str(bl: &BillOfLading) -> Option<&str> {
    bl.on_board_notation
        .as_ref()
        .and_then(|n| n.vessel.as_deref())
        .filter(|v| !is_blank(v))
        .or(bl.vessel.as_deref().filter(|v| !is_blank(v)))
}

// ---------------------------------------------------------------------------------------
// BL-ON-BOARD

/// BL-ON-BOARD: a "received for shipment" B/L without a dated on-board notation. UCP 600
/// art. 20(a)(ii); ISBP 745 E6.
static ON_BOARD: Rule = Rule {
    id: "BL-ON-BOARD",
    severity: Severity::Blocking,
    title_en: "Received-for-shipment B/L without on-board notation",
    title_zh: "备运提单无已装船批注",
    source: "UCP 600 art. 20(a)(ii); ISBP 745 E6",
    run: on_board,
};

fn is_shipped(bl: &BillOfLading) -> bool {
    bl.bl_type
        .trim()
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("SHIPPED"))
}

fn on_board(cx: &Ctx) -> Outcome {
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        if !is_shipped(bl) && bl.on_board_notation.is_none() {
            hits.push(
                Hit::new(
                    format!(
                        "Bill of lading {} is a \"{}\" B/L without a dated on-board notation.",
                        bl.number, bl.bl_type
                    ),
                    format!(
                        "提单 {} 为备运提单（{}），无注明日期的已装船批注。",
                        bl.number, bl.bl_type
                    ),
                )
                .field(format!("bills_of_lading[{i}].type"), Some(&bl.bl_type))
                .field(format!("bills_of_lading[{i}].on_board_notation"), None::<String>),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-INTENDED-VESSEL

/// BL-INTENDED-VESSEL: the B/L shows an "intended" vessel (or an "intended" port of
/// loading) and the on-board notation does not name the actual vessel (port). UCP 600
/// art. 20(a)(ii)–(iii).
static INTENDED_VESSEL: Rule = Rule {
    id: "BL-INTENDED-VESSEL",
    severity: Severity::Blocking,
    title_en: "Intended vessel or port without the actual one on board",
    title_zh: "预期船名/装运港未经已装船批注确认",
    source: "UCP 600 art. 20(a)(ii)-(iii)",
    run: intended_vessel,
};

fn says_intended(s: Option<&str>) -> bool {
    s.is_some_and(|s| text::norm(s).contains("INTENDED"))
}

fn intended_vessel(cx: &Ctx) -> Outcome {
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        let notation = bl.on_board_notation.as_ref();
        if bl.intended_vessel || says_intended(bl.vessel.as_deref()) {
            let actual = notation
                .and_then(|n| n.vessel.as_deref())
                .filter(|v| !is_blank(v));
            if actual.is_none() {
                let v = bl.vessel.as_deref().unwrap_or("");
                hits.push(
                    Hit::new(
                        format!(
                            "Bill of lading {} names an intended vessel ({v}) and its on-board notation does not name the vessel the goods were loaded on.",
                            bl.number
                        ),
                        format!("提单 {} 显示预期船名（{v}），已装船批注未注明实际船名。", bl.number),
                    )
                    .field(format!("bills_of_lading[{i}].intended_vessel"), Some(bl.intended_vessel))
                    .field(format!("bills_of_lading[{i}].vessel"), bl.vessel.as_ref())
                    .field(format!("bills_of_lading[{i}].on_board_notation.vessel"), None::<String>),
                );
            }
        }
        let pol_name = bl.port_of_loading.as_ref().and_then(|p| p.name.as_deref());
        if says_intended(pol_name) && notation.and_then(|n| n.port.as_ref()).is_none() {
            let p = pol_name.unwrap_or("");
            hits.push(
                Hit::new(
                    format!(
                        "Bill of lading {} names an intended port of loading ({p}) and its on-board notation does not name the port the goods were loaded at.",
                        bl.number
                    ),
                    format!("提单 {} 显示预期装运港（{p}），已装船批注未注明实际装运港。", bl.number),
                )
                .field(format!("bills_of_lading[{i}].port_of_loading.name"), pol_name)
                .field(format!("bills_of_lading[{i}].on_board_notation.port"), None::<String>),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-CLEAN, BL-ON-DECK

/// BL-CLEAN: a clause that expressly declares a defective condition of the goods or their
/// packaging ("2 CARTONS TORN", "PACKING WET"). The clause kind is authoritative
/// (document-set.md): `DEFECT` fires; every other kind — "shipper's load, stow and count"
/// and "said to contain" (`SLAC`, `STC`), `OTHER` — does not. Only a clause without a kind
/// (blank) is read: it fires when its text states a defect outright, not when it hedges
/// ("may", "liable", "if any"). UCP 600 art. 27 (art. 26(b) for SLAC/STC).
static CLEAN: Rule = Rule {
    id: "BL-CLEAN",
    severity: Severity::Blocking,
    title_en: "B/L is not clean (defect clause)",
    title_zh: "不清洁提单（货物/包装缺陷批注）",
    source: "UCP 600 art. 27; art. 26(b)",
    run: clean,
};

/// Words that state a defective condition of goods or packaging.
const DEFECT_WORDS: &[&str] = &[
    "TORN",
    "WET",
    "DAMP",
    "STAINED",
    "DAMAGED",
    "BROKEN",
    "DENTED",
    "CRUSHED",
    "LEAKING",
    "LEAKED",
    "RUSTY",
    "RUSTED",
    "MOULDY",
    "MOLDY",
    "ROTTEN",
    "HOLED",
    "PUNCTURED",
    "INSUFFICIENT",
    "INADEQUATE",
    "DEFECTIVE",
    "CONTAMINATED",
    "SPOILED",
];

/// Words that make a clause a reservation rather than a statement of a defect.
const HEDGES: &[&str] = &[
    "MAY",
    "MIGHT",
    "COULD",
    "LIABLE",
    "LIABILITY",
    "RESPONSIBLE",
    "RESPONSIBILITY",
    "RISK",
    "IF",
    "UNLESS",
    "CLAIM",
    "CLAIMS",
];

fn words_of(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The text of a clause without a kind states a defect outright.
fn states_defect(clause: &str) -> bool {
    let n = text::norm(clause);
    if words_of(&n).any(|w| HEDGES.contains(&w)) {
        return false;
    }
    let mut prev = "";
    for w in words_of(&n) {
        if DEFECT_WORDS.contains(&w) && !matches!(prev, "NO" | "NOT" | "WITHOUT" | "NON") {
            return true;
        }
        prev = w;
    }
    n.contains("NOT SUFFICIENT") || n.contains("NOT ADEQUATE")
}

/// A clause kind compared without case, and with `-` or a space for `_`.
fn kind_is(kind: &str, want: &str) -> bool {
    let kind = kind.trim();
    kind.len() == want.len()
        && kind.bytes().zip(want.bytes()).all(|(a, b)| {
            let a = if a == b'-' || a == b' ' {
                b'_'
            } else {
                a.to_ascii_uppercase()
            };
            a == b
        })
}

fn clean(cx: &Ctx) -> Outcome {
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        for (j, c) in bl.clauses.iter().enumerate() {
            let defect = if is_blank(&c.kind) {
                states_defect(&c.text)
            } else {
                kind_is(&c.kind, "DEFECT")
            };
            if defect {
                hits.push(
                    Hit::new(
                        format!(
                            "Bill of lading {} carries a clause declaring a defective condition: \"{}\".",
                            bl.number,
                            text::norm(&c.text)
                        ),
                        format!(
                            "提单 {} 有货物或包装缺陷批注：“{}”，为不清洁提单。",
                            bl.number,
                            text::norm(&c.text)
                        ),
                    )
                    .field(format!("bills_of_lading[{i}].clauses[{j}].text"), Some(&c.text))
                    .field(format!("bills_of_lading[{i}].clauses[{j}].kind"), Some(&c.kind)),
                );
            }
        }
    }
    Outcome::Checked(hits)
}

/// BL-ON-DECK: the B/L states the goods are (or will be) loaded on deck; "may be carried
/// on deck" does not fire. The clause kind is authoritative (document-set.md): `ON_DECK_IS`
/// fires, every other kind (`ON_DECK_MAY`, `OTHER` …) does not; only a clause without a
/// kind (blank) is read, and fires when its text puts the goods on deck without a "may".
/// UCP 600 art. 26(a).
static ON_DECK: Rule = Rule {
    id: "BL-ON-DECK",
    severity: Severity::Blocking,
    title_en: "Goods loaded on deck",
    title_zh: "货装甲板",
    source: "UCP 600 art. 26(a)",
    run: on_deck,
};

fn states_on_deck(clause: &str) -> bool {
    let n = text::norm(clause);
    if !n.contains("ON DECK") || n.contains("NOT ON DECK") || n.contains("UNDER DECK") {
        return false;
    }
    !words_of(&n).any(|w| matches!(w, "MAY" | "MIGHT" | "OPTION" | "LIBERTY"))
}

fn on_deck(cx: &Ctx) -> Outcome {
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        for (j, c) in bl.clauses.iter().enumerate() {
            let on_deck = if is_blank(&c.kind) {
                states_on_deck(&c.text)
            } else {
                kind_is(&c.kind, "ON_DECK_IS")
            };
            if on_deck {
                hits.push(
                    Hit::new(
                        format!(
                            "Bill of lading {} states the goods are loaded on deck: \"{}\".",
                            bl.number,
                            text::norm(&c.text)
                        ),
                        format!("提单 {} 表明货物装于甲板：“{}”。", bl.number, text::norm(&c.text)),
                    )
                    .field(format!("bills_of_lading[{i}].clauses[{j}].text"), Some(&c.text))
                    .field(format!("bills_of_lading[{i}].clauses[{j}].kind"), Some(&c.kind)),
                );
            }
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-FULL-SET

/// BL-FULL-SET: fewer originals presented than issued ("3/3"); also what gives control of
/// the goods under D/P. UCP 600 art. 20(a)(iv).
static FULL_SET: Rule = Rule {
    id: "BL-FULL-SET",
    severity: Severity::Blocking,
    title_en: "Full set of original B/Ls not presented",
    title_zh: "未提交全套正本提单",
    source: "UCP 600 art. 20(a)(iv)",
    run: full_set,
};

fn full_set(cx: &Ctx) -> Outcome {
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut checked = false;
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        let (Some(issued), Some(presented)) = (bl.originals_issued, bl.originals_presented) else {
            continue;
        };
        checked = true;
        if presented < issued {
            hits.push(
                Hit::new(
                    format!(
                        "Bill of lading {}: {presented} of the {issued} originals issued are presented, not the full set.",
                        bl.number
                    ),
                    format!("提单 {} 签发正本 {issued} 份，仅提交 {presented} 份，非全套。", bl.number),
                )
                .field(format!("bills_of_lading[{i}].originals_issued"), Some(issued))
                .field(format!("bills_of_lading[{i}].originals_presented"), Some(presented)),
            );
        }
    }
    if !checked {
        return not_applicable(
            "No bill of lading shows how many originals were issued and presented.",
            "提单未显示正本签发份数及提交份数。",
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-CARRIER-SIGNATURE

/// BL-CARRIER-SIGNATURE: the carrier is not named, or the B/L is signed without a capacity
/// (carrier, master, or a named agent for the carrier or the master). UCP 600 art.
/// 20(a)(i).
static CARRIER_SIGNATURE: Rule = Rule {
    id: "BL-CARRIER-SIGNATURE",
    severity: Severity::Blocking,
    title_en: "Carrier not named or signature without capacity",
    title_zh: "未显示承运人名称或签署人身份",
    source: "UCP 600 art. 20(a)(i)",
    run: carrier_signature,
};

fn carrier_signature(cx: &Ctx) -> Outcome {
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        if bl.carrier.as_deref().is_none_or(is_blank) {
            hits.push(
                Hit::new(
                    format!("Bill of lading {} does not name the carrier.", bl.number),
                    format!("提单 {} 未显示承运人名称。", bl.number),
                )
                .field(format!("bills_of_lading[{i}].carrier"), bl.carrier.as_ref()),
            );
        }
        let Some(sig) = &bl.signed_by else {
            hits.push(
                Hit::new(
                    format!("Bill of lading {} is not signed.", bl.number),
                    format!("提单 {} 未经签署。", bl.number),
                )
                .field(format!("bills_of_lading[{i}].signed_by"), None::<String>),
            );
            continue;
        };
        let cap = text::norm(&sig.capacity);
        let for_whom = words_of(&cap).any(|w| w == "CARRIER" || w == "MASTER");
        let agent = words_of(&cap).any(|w| w == "AGENT" || w == "AGENTS");
        let problem = if cap.is_empty() {
            Some((
                "it is signed without stating in what capacity",
                "签署人未注明身份",
            ))
        } else if !for_whom {
            Some((
                "the capacity stated is not carrier, master or agent for the carrier or master",
                "签署身份不是承运人、船长或其代理人",
            ))
        } else if agent && is_blank(&sig.name) {
            Some(("the agent who signs is not named", "签署代理人未具名"))
        } else {
            None
        };
        if let Some((en, zh)) = problem {
            hits.push(
                Hit::new(
                    format!(
                        "Bill of lading {}: {en} (signed by \"{}\", capacity \"{}\").",
                        bl.number, sig.name, sig.capacity
                    ),
                    format!(
                        "提单 {}：{zh}（签署人“{}”，身份“{}”）。",
                        bl.number, sig.name, sig.capacity
                    ),
                )
                .field(format!("bills_of_lading[{i}].signed_by.name"), Some(&sig.name))
                .field(
                    format!("bills_of_lading[{i}].signed_by.capacity"),
                    Some(&sig.capacity),
                ),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-PORT-LOADING, X-PORT-DISCHARGE

fn alnum_upper(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !is_blank(s))
}

/// The country a port or range is in: its country, the range's country, else the first
/// two letters of its UN/LOCODE.
fn port_country(p: &Port) -> Option<&str> {
    non_blank(p.any_port_in_country.as_deref())
        .or(non_blank(p.country.as_deref()))
        .or(non_blank(p.unlocode.as_deref()).and_then(|l| l.trim().get(..2)))
        .map(str::trim)
}

/// Whether two ports (or a port and a range) agree: a range accepts any port of its
/// country (ISBP A2); ports compare by UN/LOCODE, else by name (up to the first comma).
/// `None` when they cannot be compared.
fn ports_agree(a: &Port, b: &Port) -> Option<bool> {
    if non_blank(a.any_port_in_country.as_deref()).is_some()
        || non_blank(b.any_port_in_country.as_deref()).is_some()
    {
        let (x, y) = (port_country(a)?, port_country(b)?);
        return Some(x.eq_ignore_ascii_case(y));
    }
    if let (Some(x), Some(y)) = (non_blank(a.unlocode.as_deref()), non_blank(b.unlocode.as_deref())) {
        return Some(text::same_port_code(x, y));
    }
    let (x, y) = (non_blank(a.name.as_deref())?, non_blank(b.name.as_deref())?);
    let first = |s: &str| text::norm(s.split(',').next().unwrap_or(s));
    Some(first(x) == first(y))
}

fn port_shown(p: &Port) -> String {
    if let Some(c) = non_blank(p.any_port_in_country.as_deref()) {
        return format!("ANY PORT IN {c}");
    }
    match (non_blank(p.unlocode.as_deref()), non_blank(p.name.as_deref())) {
        (Some(l), Some(n)) => format!("{l} ({n})"),
        (Some(l), None) => l.to_string(),
        (None, Some(n)) => n.to_string(),
        (None, None) => "?".to_string(),
    }
}

/// Adds a port's identifying field: the range, the UN/LOCODE, else the name.
fn port_field(hit: Hit, prefix: &str, p: &Port) -> Hit {
    if let Some(c) = non_blank(p.any_port_in_country.as_deref()) {
        hit.field(format!("{prefix}.any_port_in_country"), Some(c))
    } else if let Some(l) = non_blank(p.unlocode.as_deref()) {
        hit.field(format!("{prefix}.unlocode"), Some(l))
    } else {
        hit.field(format!("{prefix}.name"), p.name.as_ref())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Leg {
    Loading,
    Discharge,
}

impl Leg {
    fn en(self) -> &'static str {
        match self {
            Leg::Loading => "port of loading",
            Leg::Discharge => "port of discharge",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Leg::Loading => "装运港",
            Leg::Discharge => "卸货港",
        }
    }
    fn field(self) -> &'static str {
        match self {
            Leg::Loading => "port_of_loading",
            Leg::Discharge => "port_of_discharge",
        }
    }
}

/// The B/L's port for this leg: for loading, the on-board notation's port if it names one.
fn bl_port(i: usize, bl: &BillOfLading, leg: Leg) -> Option<(String, &Port)> {
    match leg {
        Leg::Loading => {
            if let Some(p) = bl.on_board_notation.as_ref().and_then(|n| n.port.as_ref()) {
                return Some((format!("bills_of_lading[{i}].on_board_notation.port"), p));
            }
            bl.port_of_loading
                .as_ref()
                .map(|p| (format!("bills_of_lading[{i}].port_of_loading"), p))
        }
        Leg::Discharge => bl
            .port_of_discharge
            .as_ref()
            .map(|p| (format!("bills_of_lading[{i}].port_of_discharge"), p)),
    }
}

/// X-PORT-LOADING: the B/L port of loading (the on-board notation's port if given) vs the
/// credit's 44E, else the contract; the invoice, certificate of origin and shipping advice
/// must not conflict with the B/L. By UN/LOCODE; a range accepts any port of its country.
/// The insurance route is INS-ROUTE's. UCP 600 art. 20(a)(iii); ISBP 745 A2 (ranges).
static PORT_LOADING: Rule = Rule {
    id: "X-PORT-LOADING",
    severity: Severity::Blocking,
    title_en: "Port of loading differs from the credit/contract or between documents",
    title_zh: "装运港与信用证/合同或其他单据不符",
    source: "UCP 600 art. 20(a)(iii); ISBP 745 A2",
    run: port_loading,
};

/// X-PORT-DISCHARGE: the same for the port of discharge vs the credit's 44F, else the
/// contract. UCP 600 art. 20(a)(iii).
static PORT_DISCHARGE: Rule = Rule {
    id: "X-PORT-DISCHARGE",
    severity: Severity::Blocking,
    title_en: "Port of discharge differs from the credit/contract or between documents",
    title_zh: "卸货港与信用证/合同或其他单据不符",
    source: "UCP 600 art. 20(a)(iii)",
    run: port_discharge,
};

fn port_loading(cx: &Ctx) -> Outcome {
    ports(cx, Leg::Loading)
}

fn port_discharge(cx: &Ctx) -> Outcome {
    ports(cx, Leg::Discharge)
}

fn ports(cx: &Ctx, leg: Leg) -> Outcome {
    let s = cx.set;
    if s.bills_of_lading.is_empty() {
        return no_bl();
    }
    let pick = |p: &Port| -> bool {
        non_blank(p.unlocode.as_deref()).is_some()
            || non_blank(p.name.as_deref()).is_some()
            || non_blank(p.any_port_in_country.as_deref()).is_some()
    };
    let bl_ports: Vec<(String, &Port)> = s
        .bills_of_lading
        .iter()
        .enumerate()
        .filter_map(|(i, b)| bl_port(i, b, leg))
        .filter(|(_, p)| pick(p))
        .collect();
    if bl_ports.is_empty() {
        return not_applicable(
            format!("No bill of lading shows a {}.", leg.en()),
            format!("提单未显示{}。", leg.zh()),
        );
    }
    let lc_port = cx.lc().and_then(|lc| match leg {
        Leg::Loading => lc.port_of_loading.as_ref(),
        Leg::Discharge => lc.port_of_discharge.as_ref(),
    });
    let contract_port = match leg {
        Leg::Loading => s.contract.port_of_loading.as_ref(),
        Leg::Discharge => s.contract.port_of_discharge.as_ref(),
    };
    let required = match (lc_port.filter(|p| pick(p)), contract_port.filter(|p| pick(p))) {
        (Some(p), _) => Some(("lc", "the credit", "信用证", p)),
        (None, Some(p)) => Some(("contract", "the contract", "合同", p)),
        (None, None) => None,
    };
    let field = leg.field();
    let others: [(&str, &str, &str, Option<&Port>); 3] = [
        (
            "invoice",
            "The invoice",
            "发票",
            match leg {
                Leg::Loading => s.invoice.port_of_loading.as_ref(),
                Leg::Discharge => s.invoice.port_of_discharge.as_ref(),
            },
        ),
        (
            "certificate_of_origin.transport",
            "The certificate of origin",
            "原产地证",
            s.certificate_of_origin
                .as_ref()
                .and_then(|c| c.transport.as_ref())
                .and_then(|t| match leg {
                    Leg::Loading => t.port_of_loading.as_ref(),
                    Leg::Discharge => t.port_of_discharge.as_ref(),
                }),
        ),
        (
            "shipping_advice",
            "The shipping advice",
            "装船通知",
            s.shipping_advice.as_ref().and_then(|a| match leg {
                Leg::Loading => a.port_of_loading.as_ref(),
                Leg::Discharge => a.port_of_discharge.as_ref(),
            }),
        ),
    ];
    if required.is_none() && others.iter().all(|o| o.3.is_none_or(|p| !pick(p))) {
        return not_applicable(
            format!(
                "Neither the credit nor the contract nor another document shows a {} to compare with the B/L.",
                leg.en()
            ),
            format!("信用证、合同及其他单据均未显示{}，无法与提单比对。", leg.zh()),
        );
    }
    let mut hits = Vec::new();
    let mut bl_off = false;
    if let Some((key, en, zh, req)) = required {
        for (path, p) in &bl_ports {
            if ports_agree(req, p) == Some(false) {
                bl_off = true;
                let hit = Hit::new(
                    format!(
                        "The B/L shows the {} {}, {en} requires {}.",
                        leg.en(),
                        port_shown(p),
                        port_shown(req)
                    ),
                    format!(
                        "提单{}为 {}，{zh}规定为 {}。",
                        leg.zh(),
                        port_shown(p),
                        port_shown(req)
                    ),
                );
                let hit = port_field(hit, path, p);
                hits.push(port_field(hit, &format!("{key}.{field}"), req));
            }
        }
    }
    for (key, en, zh, port) in others {
        let Some(port) = port.filter(|p| pick(p)) else {
            continue;
        };
        // A document showing the required port where the B/L does not: the B/L's finding
        // above says it; one wrong port, one finding.
        if bl_off && required.is_some_and(|r| ports_agree(r.3, port) == Some(true)) {
            continue;
        }
        let mut first_conflict = None;
        let mut agrees = false;
        for (path, p) in &bl_ports {
            match ports_agree(p, port) {
                Some(true) => agrees = true,
                Some(false) if first_conflict.is_none() => first_conflict = Some((path, *p)),
                _ => {}
            }
        }
        if agrees {
            continue;
        }
        if let Some((path, p)) = first_conflict {
            let hit = Hit::new(
                format!(
                    "{en} shows the {} {}, the B/L {}.",
                    leg.en(),
                    port_shown(port),
                    port_shown(p)
                ),
                format!(
                    "{zh}{}为 {}，提单为 {}，不一致。",
                    leg.zh(),
                    port_shown(port),
                    port_shown(p)
                ),
            );
            let hit = port_field(hit, path, p);
            hits.push(port_field(hit, &format!("{key}.{field}"), port));
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// LC-PARTIAL-SHIPMENT, LC-TRANSHIPMENT

fn not_allowed(s: &str) -> bool {
    let n = text::norm(s);
    n.starts_with("NOT") || n.starts_with("PROHIBITED")
}

/// LC-PARTIAL-SHIPMENT: the credit prohibits partial shipments and the set has more than
/// one B/L on different vessels or voyages (or to different destinations; a voyage written
/// into the vessel field is split off as for X-VESSEL-VOYAGE). Several B/Ls on
/// the same vessel and voyage to the same destination are not a partial shipment. UCP 600
/// art. 31(b).
static PARTIAL_SHIPMENT: Rule = Rule {
    id: "LC-PARTIAL-SHIPMENT",
    severity: Severity::Blocking,
    title_en: "Partial shipment under a credit that prohibits it",
    title_zh: "信用证禁止分批装运而分批装运",
    source: "UCP 600 art. 31(b)",
    run: partial_shipment,
};

fn partial_shipment(cx: &Ctx) -> Outcome {
    let Some(lc) = cx.lc() else {
        return not_applicable("No letter of credit.", "无信用证。");
    };
    if !not_allowed(&lc.partial_shipments) {
        return not_applicable("The credit allows partial shipments.", "信用证允许分批装运。");
    }
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    let first = &bls[0];
    let (v0, y0) = bl_trip(first);
    for (i, bl) in bls.iter().enumerate().skip(1) {
        let (v, y) = bl_trip(bl);
        let vessel_differs = match (&v0, &v) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        };
        let voyage_differs = match (&y0, &y) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        };
        let dest_differs = match (&first.port_of_discharge, &bl.port_of_discharge) {
            (Some(a), Some(b)) => ports_agree(a, b) == Some(false),
            _ => false,
        };
        if !(vessel_differs || voyage_differs || dest_differs) {
            continue;
        }
        let shown = |b: &BillOfLading, voyage: &str, to: &str| {
            format!(
                "{} {voyage} {}{to}{}",
                bl_vessel_str(b).unwrap_or("?"),
                b.voyage.as_deref().unwrap_or("?"),
                b.port_of_discharge
                    .as_ref()
                    .map(port_shown)
                    .unwrap_or_else(|| "?".into())
            )
        };
        let mut hit = Hit::new(
            format!(
                "The credit prohibits partial shipments, but bill of lading {} ({}) and bill of lading {} ({}) are not one shipment on the same vessel and voyage to the same destination.",
                first.number,
                shown(first, "voyage", " to "),
                bl.number,
                shown(bl, "voyage", " to "),
            ),
            format!(
                "信用证禁止分批装运，但提单 {}（{}）与提单 {}（{}）并非同一船名航次、同一目的港，构成分批装运。",
                first.number,
                shown(first, "航次", "，至 "),
                bl.number,
                shown(bl, "航次", "，至 "),
            ),
        )
        .field("lc.partial_shipments", Some(&lc.partial_shipments));
        for (k, b) in [(0, first), (i, bl)] {
            if vessel_differs && let Some((path, v)) = bl_vessel(k, b) {
                hit = hit.field(path, Some(v));
            }
            if voyage_differs {
                hit = hit.field(format!("bills_of_lading[{k}].voyage"), b.voyage.as_ref());
            }
            if dest_differs && let Some(p) = &b.port_of_discharge {
                hit = port_field(hit, &format!("bills_of_lading[{k}].port_of_discharge"), p);
            }
        }
        hits.push(hit);
    }
    Outcome::Checked(hits)
}

/// LC-TRANSHIPMENT: the credit prohibits transhipment and a B/L shows transhipment of goods
/// that are not in containers. Containerised goods do not fire (art. 20(c)(ii)); a clause
/// reserving the right to tranship is disregarded (art. 20(d)). UCP 600 art. 20(c)–(d).
static TRANSHIPMENT: Rule = Rule {
    id: "LC-TRANSHIPMENT",
    severity: Severity::Blocking,
    title_en: "Transhipment of goods not in containers under a credit that prohibits it",
    title_zh: "信用证禁止转运而非集装箱货物转运",
    source: "UCP 600 art. 20(c)-(d)",
    run: transhipment,
};

fn transhipment(cx: &Ctx) -> Outcome {
    let Some(lc) = cx.lc() else {
        return not_applicable("No letter of credit.", "无信用证。");
    };
    if !not_allowed(&lc.transhipment) {
        return not_applicable("The credit allows transhipment.", "信用证允许转运。");
    }
    let bls = &cx.set.bills_of_lading;
    if bls.is_empty() {
        return no_bl();
    }
    let mut hits = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        let tranship_port = bl.port_of_transhipment.as_ref();
        if !(bl.transhipment || tranship_port.is_some()) || !bl.containers.is_empty() {
            continue;
        }
        let at = tranship_port.map(port_shown).unwrap_or_default();
        let mut hit = Hit::new(
            format!(
                "The credit prohibits transhipment, and bill of lading {} shows transhipment{}{at} of goods not shipped in containers.",
                bl.number,
                if at.is_empty() { "" } else { " at " }
            ),
            format!(
                "信用证禁止转运，而提单 {} 显示非集装箱货物{}{at}转运。",
                bl.number,
                if at.is_empty() { "" } else { "在 " }
            ),
        )
        .field("lc.transhipment", Some(&lc.transhipment))
        .field(format!("bills_of_lading[{i}].transhipment"), Some(bl.transhipment))
        .field(format!("bills_of_lading[{i}].containers"), Some("[]"));
        if let Some(p) = tranship_port {
            hit = port_field(hit, &format!("bills_of_lading[{i}].port_of_transhipment"), p);
        }
        hits.push(hit);
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// CTR-ISO6346

/// CTR-ISO6346: every container number on every document is an ISO 6346 number: owner
/// code (three letters) + category U/J/Z + six-digit serial + check digit (letters A=10,
/// B=12, … skipping multiples of 11; weight 2^i from the left; sum mod 11, then mod 10:
/// CSQU305438 → 3). Container numbers in free-text marks are checked when they are
/// written as one 11-character word.
static ISO6346: Rule = Rule {
    id: "CTR-ISO6346",
    severity: Severity::Blocking,
    title_en: "Container number fails the ISO 6346 check",
    title_zh: "集装箱号不符合 ISO 6346 校验",
    source: "ISO 6346",
    run: iso6346,
};

/// Why a container number is not a valid ISO 6346 number, in English and Chinese.
fn iso6346_error(raw: &str) -> Option<(String, String)> {
    let mut buf = [0u8; 11];
    let mut n = 0;
    for c in raw.chars().filter(char::is_ascii_alphanumeric) {
        if n < 11 {
            buf[n] = c.to_ascii_uppercase() as u8;
        }
        n += 1;
    }
    if n != 11 {
        return Some((
            format!("has {n} letters and digits, not 11"),
            format!("共 {n} 位字母数字，应为 11 位"),
        ));
    }
    if !buf[..3].iter().all(u8::is_ascii_uppercase) {
        return Some((
            "does not start with a three-letter owner code".into(),
            "前三位箱主代码应为字母".into(),
        ));
    }
    if !matches!(buf[3], b'U' | b'J' | b'Z') {
        return Some((
            format!("has the category identifier {}, not U, J or Z", buf[3] as char),
            format!("第四位设备类别代码为 {}，应为 U、J 或 Z", buf[3] as char),
        ));
    }
    if !buf[4..].iter().all(u8::is_ascii_digit) {
        return Some((
            "does not have a six-digit serial number and a check digit".into(),
            "后七位应为六位序列号加一位校验码".into(),
        ));
    }
    let first_ten = std::str::from_utf8(&buf[..10]).ok()?;
    let expected = check_digit(first_ten)?;
    let given = buf[10] - b'0';
    if expected != given {
        return Some((
            format!("has the check digit {given}, the ISO 6346 check digit is {expected}"),
            format!("校验码为 {given}，按 ISO 6346 计算应为 {expected}"),
        ));
    }
    None
}

/// Words in free text shaped like a container number (three letters, U/J/Z, seven digits).
fn container_words(s: &str) -> impl Iterator<Item = &str> {
    words_of(s).filter(|w| {
        let b = w.as_bytes();
        b.len() == 11
            && b[..3].iter().all(u8::is_ascii_alphabetic)
            && matches!(b[3].to_ascii_uppercase(), b'U' | b'J' | b'Z')
            && b[4..].iter().all(u8::is_ascii_digit)
    })
}

fn iso6346(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let mut seen = false;
    let mut hits = Vec::new();
    let mut check = |path: &dyn Fn() -> String, doc_en: &str, doc_zh: &str, raw: &str| {
        if is_blank(raw) {
            return;
        }
        seen = true;
        if let Some((en, zh)) = iso6346_error(raw) {
            hits.push(
                Hit::new(
                    format!("Container number {raw} on {doc_en} {en}."),
                    format!("{doc_zh}上的集装箱号 {raw} {zh}。"),
                )
                .field(path(), Some(raw)),
            );
        }
    };
    for (i, bl) in s.bills_of_lading.iter().enumerate() {
        for (j, c) in bl.containers.iter().enumerate() {
            check(
                &|| format!("bills_of_lading[{i}].containers[{j}].number"),
                "the bill of lading",
                "提单",
                &c.number,
            );
        }
        if let Some(m) = &bl.marks {
            for w in container_words(m) {
                check(
                    &|| format!("bills_of_lading[{i}].marks"),
                    "the bill of lading",
                    "提单",
                    w,
                );
            }
        }
    }
    if let Some(pl) = &s.packing_list {
        for (j, c) in pl.containers.iter().enumerate() {
            check(
                &|| format!("packing_list.containers[{j}].number"),
                "the packing list",
                "装箱单",
                &c.number,
            );
        }
        for (j, l) in pl.lines.iter().enumerate() {
            if let Some(n) = &l.container_no {
                check(
                    &|| format!("packing_list.lines[{j}].container_no"),
                    "the packing list",
                    "装箱单",
                    n,
                );
            }
        }
        if let Some(m) = &pl.marks {
            for w in container_words(m) {
                check(&|| "packing_list.marks".into(), "the packing list", "装箱单", w);
            }
        }
    }
    if let Some(a) = &s.shipping_advice {
        for (j, c) in a.containers.iter().enumerate() {
            check(
                &|| format!("shipping_advice.containers[{j}].number"),
                "the shipping advice",
                "装船通知",
                &c.number,
            );
        }
    }
    if let Some(m) = &s.invoice.marks {
        for w in container_words(m) {
            check(&|| "invoice.marks".into(), "the invoice", "发票", w);
        }
    }
    if let Some(m) = s.certificate_of_origin.as_ref().and_then(|c| c.marks.as_ref()) {
        for w in container_words(m) {
            check(
                &|| "certificate_of_origin.marks".into(),
                "the certificate of origin",
                "原产地证",
                w,
            );
        }
    }
    if let Some(m) = s
        .phytosanitary_certificate
        .as_ref()
        .and_then(|p| p.distinguishing_marks.as_ref())
    {
        for w in container_words(m) {
            check(
                &|| "phytosanitary_certificate.distinguishing_marks".into(),
                "the phytosanitary certificate",
                "植物检疫证书",
                w,
            );
        }
    }
    if !seen {
        return not_applicable("No document shows a container number.", "单据均未显示集装箱号。");
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-CONTAINER-SET, X-SEAL

/// X-CONTAINER-SET: the set of container numbers (spaces, hyphens and check-digit box
/// removed) on the bill(s) of lading, packing list and shipping advice. Fires when the sets
/// differ. UCP 600 art. 14(d).
static CONTAINER_SET: Rule = Rule {
    id: "X-CONTAINER-SET",
    severity: Severity::Blocking,
    title_en: "Container numbers differ between documents",
    title_zh: "各单据集装箱号不一致",
    source: "UCP 600 art. 14(d)",
    run: container_set,
};

fn sorted_set<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = it.filter(|s| !is_blank(s)).map(text::container).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn container_set(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let bl = sorted_set(
        s.bills_of_lading
            .iter()
            .flat_map(|b| b.containers.iter().map(|c| c.number.as_str())),
    );
    let pl = s
        .packing_list
        .as_ref()
        .map(|p| {
            sorted_set(
                p.containers
                    .iter()
                    .map(|c| c.number.as_str())
                    .chain(p.lines.iter().filter_map(|l| l.container_no.as_deref())),
            )
        })
        .unwrap_or_default();
    let adv = s
        .shipping_advice
        .as_ref()
        .map(|a| sorted_set(a.containers.iter().map(|c| c.number.as_str())))
        .unwrap_or_default();
    let docs: [(&str, &str, &str, &Vec<String>); 3] = [
        (
            "bills_of_lading[].containers[].number",
            "the bill(s) of lading",
            "提单",
            &bl,
        ),
        (
            "packing_list.containers[].number",
            "the packing list",
            "装箱单",
            &pl,
        ),
        (
            "shipping_advice.containers[].number",
            "the shipping advice",
            "装船通知",
            &adv,
        ),
    ];
    let shown: Vec<usize> = (0..3).filter(|&k| !docs[k].3.is_empty()).collect();
    if shown.len() < 2 {
        return not_applicable(
            "Fewer than two of the B/L, packing list and shipping advice show container numbers.",
            "提单、装箱单、装船通知中显示集装箱号的少于两份，无法比对。",
        );
    }
    // The reference: the set most of the others show (the B/L first on a tie).
    let r = *shown
        .iter()
        .max_by_key(|&&k| {
            (
                shown.iter().filter(|&&o| docs[o].3 == docs[k].3).count(),
                std::cmp::Reverse(k),
            )
        })
        .unwrap_or(&shown[0]);
    let (rpath, ren, rzh, rset) = docs[r];
    let mut hits = Vec::new();
    for &k in &shown {
        let (path, en, zh, set) = docs[k];
        if k == r || set == rset {
            continue;
        }
        let missing: Vec<&str> = rset
            .iter()
            .filter(|c| !set.contains(c))
            .map(String::as_str)
            .collect();
        let extra: Vec<&str> = set
            .iter()
            .filter(|c| !rset.contains(c))
            .map(String::as_str)
            .collect();
        let mut en_parts = Vec::new();
        let mut zh_parts = Vec::new();
        if !missing.is_empty() {
            en_parts.push(format!("lacks {}", missing.join(", ")));
            zh_parts.push(format!("缺少 {}", missing.join("、")));
        }
        if !extra.is_empty() {
            en_parts.push(format!("shows {} not on {ren}", extra.join(", ")));
            zh_parts.push(format!("多出{rzh}所无的 {}", extra.join("、")));
        }
        hits.push(
            Hit::new(
                format!(
                    "Compared with {ren} ({}), {en} ({}) {}.",
                    rset.join(", "),
                    set.join(", "),
                    en_parts.join(" and ")
                ),
                format!(
                    "与{rzh}（{}）相比，{zh}（{}）{}。",
                    rset.join("、"),
                    set.join("、"),
                    zh_parts.join("，")
                ),
            )
            .field(rpath, Some(rset.join(",")))
            .field(path, Some(set.join(","))),
        );
    }
    Outcome::Checked(hits)
}

/// X-SEAL: the seal number of each container on the B/L vs the packing list vs the
/// shipping advice, where both show one. A seal field may hold several seals (carrier and
/// shipper seal: `OSL2508817 / CN123456`, split on `/ , ; &`, spaces and AND); the two
/// documents' seals are compared as sets and conflict only when neither set contains the
/// other (a B/L with carrier and shipper seal vs a packing list with the carrier seal
/// complies). UCP 600 art. 14(d).
static SEAL: Rule = Rule {
    id: "X-SEAL",
    severity: Severity::Blocking,
    title_en: "Seal number differs between documents",
    title_zh: "各单据封条号不一致",
    source: "UCP 600 art. 14(d)",
    run: seal,
};

struct Sealed<'a> {
    doc: u8, // 0 B/L, 1 packing list, 2 shipping advice
    path: (usize, usize),
    number: String,
    seal: &'a str,
}

impl Sealed<'_> {
    fn path(&self) -> String {
        match self.doc {
            0 => format!(
                "bills_of_lading[{}].containers[{}].seal",
                self.path.0, self.path.1
            ),
            1 => format!("packing_list.containers[{}].seal", self.path.1),
            _ => format!("shipping_advice.containers[{}].seal", self.path.1),
        }
    }
    fn en(&self) -> &'static str {
        ["the bill of lading", "the packing list", "the shipping advice"][self.doc as usize]
    }
    fn zh(&self) -> &'static str {
        ["提单", "装箱单", "装船通知"][self.doc as usize]
    }
}

/// The seals a seal field holds, upper case, letters and digits only, sorted: split on
/// `/ , ; &`, spaces and the word AND; `SEAL`, `NO.` labels dropped; a part without a digit
/// (`OSL` in `OSL 2508817`) joined to the next.
fn seal_set(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for part in s.split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | ';' | '&')) {
        let p: String = alnum_upper(part).collect();
        if p.is_empty()
            || matches!(
                p.as_str(),
                "AND" | "SEAL" | "SEALS" | "NO" | "NOS" | "NR" | "NUMBER"
            )
        {
            continue;
        }
        pending.push_str(&p);
        if p.bytes().any(|c| c.is_ascii_digit()) {
            out.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        match out.last_mut() {
            Some(last) => last.push_str(&pending),
            None => out.push(pending),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Two seal fields agree: the same seal written alike, or one's seals all among the other's.
fn seals_agree(a: &str, b: &str) -> bool {
    if alnum_upper(a).eq(alnum_upper(b)) {
        return true;
    }
    let (x, y) = (seal_set(a), seal_set(b));
    x.iter().all(|s| y.contains(s)) || y.iter().all(|s| x.contains(s))
}

fn seal(cx: &Ctx) -> Outcome {
    let s = cx.set;
    let mut all: Vec<Sealed> = Vec::new();
    for (i, bl) in s.bills_of_lading.iter().enumerate() {
        for (j, c) in bl.containers.iter().enumerate() {
            if let Some(seal) = non_blank(c.seal.as_deref()) {
                all.push(Sealed {
                    doc: 0,
                    path: (i, j),
                    number: text::container(&c.number),
                    seal,
                });
            }
        }
    }
    if let Some(pl) = &s.packing_list {
        for (j, c) in pl.containers.iter().enumerate() {
            if let Some(seal) = non_blank(c.seal.as_deref()) {
                all.push(Sealed {
                    doc: 1,
                    path: (0, j),
                    number: text::container(&c.number),
                    seal,
                });
            }
        }
    }
    if let Some(a) = &s.shipping_advice {
        for (j, c) in a.containers.iter().enumerate() {
            if let Some(seal) = non_blank(c.seal.as_deref()) {
                all.push(Sealed {
                    doc: 2,
                    path: (0, j),
                    number: text::container(&c.number),
                    seal,
                });
            }
        }
    }
    let mut compared = false;
    let mut hits = Vec::new();
    for (k, e) in all.iter().enumerate() {
        if e.doc == 0 {
            continue;
        }
        // Compared with the B/L's seal for this container, else (shipping advice) the
        // packing list's.
        let reference = all
            .iter()
            .find(|r| r.doc == 0 && r.number == e.number)
            .or_else(|| {
                all.iter()
                    .take(k)
                    .find(|r| r.doc == 1 && e.doc == 2 && r.number == e.number)
            });
        let Some(r) = reference else { continue };
        compared = true;
        if !seals_agree(r.seal, e.seal) {
            hits.push(
                Hit::new(
                    format!(
                        "Container {}: {} shows seal {}, {} shows seal {}.",
                        e.number,
                        e.en(),
                        e.seal,
                        r.en(),
                        r.seal
                    ),
                    format!(
                        "集装箱 {}：{}封条号为 {}，{}为 {}，不一致。",
                        e.number,
                        e.zh(),
                        e.seal,
                        r.zh(),
                        r.seal
                    ),
                )
                .field(r.path(), Some(r.seal))
                .field(e.path(), Some(e.seal)),
            );
        }
    }
    if !compared {
        return not_applicable(
            "No container shows a seal number on two of the B/L, packing list and shipping advice.",
            "无集装箱在提单、装箱单、装船通知中的两份上同时显示封条号。",
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-VESSEL-VOYAGE

/// X-VESSEL-VOYAGE: the vessel (the on-board notation's if given) and voyage on the B/L vs
/// the shipping advice, insurance document, the certificate of origin's transport details
/// and the invoice's vessel. A voyage written into any vessel field (`HANSA QINGDAO
/// V.2514W`, `… V2514W`, `… VOY. NO. 2514W`, `…/2514W`, or ending in the B/L's voyage) is
/// split off and read as the voyage where the document has no voyage field of its own.
/// Vessel names compared without "M/V", "MV", "M.V."; voyages without "V.", "VOY", "VOY.
/// NO.". The phytosanitary certificate is PHYTO-CONVEYANCE's. UCP 600 art. 14(d).
static VESSEL_VOYAGE: Rule = Rule {
    id: "X-VESSEL-VOYAGE",
    severity: Severity::Blocking,
    title_en: "Vessel or voyage differs from the B/L",
    title_zh: "船名或航次与提单不符",
    source: "UCP 600 art. 14(d)",
    run: vessel_voyage,
};

/// A document's key, its name in English and Chinese, the vessel and voyage it shows.
type VesselShown<'a> = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'a str>,
    Option<&'a str>,
);

/// A vessel written with its voyage in one field (`MAERSK KOWLOON V.447W`,
/// `M/V HANSA QINGDAO VOY. 2514W`, `HANSA QINGDAO VOY.NO. 2514W`, `HANSA QINGDAO V2514W`,
/// `HANSA QINGDAO/2514W`, or `HANSA QINGDAO 2514W` where `2514W` is a voyage in `known`,
/// normalised by [`text::voyage`]): the vessel, and the voyage when one is written.
fn split_vessel_voyage<'a>(s: &'a str, known: &[String]) -> (&'a str, Option<&'a str>) {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let split = |i: usize, len: usize| {
        let (vessel, voyage) = (t[..i].trim(), t[i + len..].trim());
        (!vessel.is_empty() && !voyage.is_empty() && !voyage.contains(char::is_whitespace))
            .then_some((vessel, Some(voyage)))
    };
    for marker in [
        " VOY. NO. ",
        " VOY. NO.",
        " VOY.NO. ",
        " VOY.NO.",
        " VOY NO. ",
        " VOY NO.",
        " VOY NO ",
        " VOYAGE ",
        " VOY. ",
        " VOY.",
        " VOY ",
        " V. ",
        " V.",
        " V ",
    ] {
        if let Some(i) = upper.rfind(marker)
            && let Some(r) = split(i, marker.len())
        {
            return r;
        }
    }
    // `HANSA QINGDAO/2514W`, `HANSA QINGDAO / V.2514W` (not the `/` of `M/V`).
    if let Some(i) = upper.rfind('/')
        && let Some(r) = split(i, 1)
        && r.1.is_some_and(|y| y.bytes().any(|c| c.is_ascii_digit()))
    {
        return r;
    }
    // The last word: `V` and a digit (`V2514W`), or a voyage the B/Ls show.
    if let Some(i) = upper.rfind(|c: char| c.is_ascii_whitespace()) {
        let last = &upper[i + 1..];
        let b = last.as_bytes();
        let v_number = b.len() > 1 && b[0] == b'V' && b[1].is_ascii_digit();
        if (v_number || known.iter().any(|k| !k.is_empty() && *k == text::voyage(last)))
            && let Some(r) = split(i, 1)
        {
            return r;
        }
    }
    (t, None)
}

/// A document's vessel field and voyage field read together: the vessel without a voyage
/// written into it, and the voyage field, else the voyage written into the vessel field.
fn vessel_and_voyage<'a>(
    vessel: Option<&'a str>,
    voyage: Option<&'a str>,
    known: &[String],
) -> (Option<&'a str>, Option<&'a str>) {
    let (v, in_field) = match non_blank(vessel) {
        Some(v) => {
            let (v, y) = split_vessel_voyage(v, known);
            (non_blank(Some(v)), y)
        }
        None => (None, None),
    };
    (v, non_blank(voyage).or(in_field))
}

/// A B/L's vessel (the on-board notation's if given) and voyage, normalised, with a voyage
/// written into the vessel field split off.
fn bl_trip(bl: &BillOfLading) -> (Option<String>, Option<String>) {
    let known: Vec<String> = non_blank(bl.voyage.as_deref())
        .map(text::voyage)
        .into_iter()
        .collect();
    let (v, y) = vessel_and_voyage(bl_vessel_str(bl), bl.voyage.as_deref(), &known);
    (v.map(text::vessel), y.map(text::voyage))
}

/// A B/L's index, vessel and voyage normalised, and its voyage as written with the path of
/// the field it was read from.
type BlTrip<'a> = (usize, Option<String>, Option<String>, Option<(String, &'a str)>);

fn vessel_voyage(cx: &Ctx) -> Outcome {
    let s = cx.set;
    if s.bills_of_lading.is_empty() {
        return no_bl();
    }
    // Per B/L: (index, vessel normalised, voyage normalised, the voyage as written and the
    // field it was read from).
    let bls: Vec<BlTrip> = s
        .bills_of_lading
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (v, y) = bl_trip(b);
            let shown = match non_blank(b.voyage.as_deref()) {
                Some(y) => Some((format!("bills_of_lading[{i}].voyage"), y)),
                None => bl_vessel(i, b).and_then(|(path, v)| {
                    let known: Vec<String> = Vec::new();
                    split_vessel_voyage(v, &known).1.map(|y| (path, y))
                }),
            };
            (i, v, y, shown)
        })
        .filter(|(_, v, y, _)| v.is_some() || y.is_some())
        .collect();
    if bls.is_empty() {
        return not_applicable(
            "No bill of lading shows a vessel or voyage.",
            "提单未显示船名或航次。",
        );
    }
    // The B/Ls' voyages: a vessel field of another document that ends in one of them
    // (`HANSA QINGDAO 2514W`) carries the voyage.
    let known: Vec<String> = bls.iter().filter_map(|b| b.2.clone()).collect();
    let co = s
        .certificate_of_origin
        .as_ref()
        .and_then(|c| c.transport.as_ref());
    let ins = s.insurance_certificate.as_ref();
    let adv = s.shipping_advice.as_ref();
    let others: [VesselShown; 4] = [
        (
            "shipping_advice",
            "The shipping advice",
            "装船通知",
            adv.and_then(|a| a.vessel.as_deref()),
            adv.and_then(|a| a.voyage.as_deref()),
        ),
        (
            "insurance_certificate",
            "The insurance certificate",
            "保险单",
            ins.and_then(|a| a.vessel.as_deref()),
            ins.and_then(|a| a.voyage.as_deref()),
        ),
        (
            "certificate_of_origin.transport",
            "The certificate of origin",
            "原产地证",
            co.and_then(|a| a.vessel.as_deref()),
            co.and_then(|a| a.voyage.as_deref()),
        ),
        // The invoice has one field for both: `MAERSK KOWLOON V.447W`.
        (
            "invoice",
            "The invoice",
            "发票",
            s.invoice.vessel.as_deref(),
            None,
        ),
    ];
    let mut compared = false;
    let mut hits = Vec::new();
    for (key, en, zh, vessel_field, voyage_field) in others {
        let (vessel, voyage) = vessel_and_voyage(vessel_field, voyage_field, &known);
        let voyage_path = if non_blank(voyage_field).is_some() {
            format!("{key}.voyage")
        } else {
            format!("{key}.vessel")
        };
        // The B/Ls this document can be speaking of: those on its vessel.
        let mut on_vessel: Vec<usize> = Vec::new();
        if let Some(v) = vessel {
            let nv = text::vessel(v);
            let mut any = false;
            for (k, (_, bv, _, _)) in bls.iter().enumerate() {
                if let Some(bv) = bv {
                    any = true;
                    if *bv == nv {
                        on_vessel.push(k);
                    }
                }
            }
            if any {
                compared = true;
                if on_vessel.is_empty() {
                    let (i, _, _, _) = bls[0];
                    let b = &s.bills_of_lading[i];
                    let (path, bv) = bl_vessel(i, b).unwrap_or_default();
                    let mut hit = Hit::new(
                        format!("{en} shows the vessel {v}, the B/L {bv}."),
                        format!("{zh}船名为 {v}，提单为 {bv}，不一致。"),
                    );
                    if !path.is_empty() {
                        hit = hit.field(path, Some(bv));
                    }
                    hits.push(hit.field(format!("{key}.vessel"), vessel_field));
                }
            }
        }
        if let Some(y) = voyage {
            let ny = text::voyage(y);
            let candidates: Vec<usize> = if on_vessel.is_empty() {
                (0..bls.len()).collect()
            } else {
                on_vessel
            };
            let with_voyage: Vec<usize> = candidates.into_iter().filter(|&k| bls[k].2.is_some()).collect();
            if with_voyage.is_empty() {
                continue;
            }
            compared = true;
            if !with_voyage
                .iter()
                .any(|&k| bls[k].2.as_deref() == Some(ny.as_str()))
            {
                let (bpath, by) = bls[with_voyage[0]].3.clone().unwrap_or_default();
                let mut hit = Hit::new(
                    format!("{en} shows the voyage {y}, the B/L {by}."),
                    format!("{zh}航次为 {y}，提单为 {by}，不一致。"),
                );
                if !bpath.is_empty() {
                    hit = hit.field(bpath, Some(by));
                }
                let shown = if non_blank(voyage_field).is_some() {
                    y
                } else {
                    vessel_field.unwrap_or(y)
                };
                hits.push(hit.field(voyage_path, Some(shown)));
            }
        }
    }
    if !compared {
        return not_applicable(
            "No other document shows a vessel or voyage to compare with the B/L.",
            "其他单据均未显示船名或航次，无法与提单比对。",
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-REEFER-SETPOINT

/// BL-REEFER-SETPOINT: the reefer set temperature of each container on the B/L vs the
/// contract's set point (apples typically 0 to +1 °C). Any difference fires. Source: the
/// contract/booking; carrier B/L reefer data.
static REEFER_SETPOINT: Rule = Rule {
    id: "BL-REEFER-SETPOINT",
    severity: Severity::Warning,
    title_en: "Reefer set temperature differs from the contract",
    title_zh: "冷藏箱设定温度与合同不符",
    source: "Contract/booking; carrier B/L reefer data",
    run: reefer_setpoint,
};

fn reefer_setpoint(cx: &Ctx) -> Outcome {
    let Some(want) = cx
        .set
        .contract
        .container
        .as_ref()
        .and_then(|c| c.reefer_setpoint_c)
    else {
        return not_applicable(
            "The contract sets no reefer temperature.",
            "合同未规定冷藏箱设定温度。",
        );
    };
    let mut compared = false;
    let mut hits = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        for (j, c) in bl.containers.iter().enumerate() {
            let Some(set) = c.reefer_setpoint_c else { continue };
            compared = true;
            if set != want {
                hits.push(
                    Hit::new(
                        format!(
                            "Container {} on bill of lading {} is set at {set} °C, the contract requires {want} °C.",
                            c.number, bl.number
                        ),
                        format!(
                            "提单 {} 集装箱 {} 设定温度为 {set} °C，合同规定为 {want} °C。",
                            bl.number, c.number
                        ),
                    )
                    .field(format!("bills_of_lading[{i}].containers[{j}].reefer_setpoint_c"), Some(set))
                    .field("contract.container.reefer_setpoint_c", Some(want)),
                );
            }
        }
    }
    if !compared {
        return not_applicable(
            "No container on the B/L shows a reefer set temperature.",
            "提单集装箱未显示冷藏设定温度。",
        );
    }
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[
    &ON_BOARD,
    &INTENDED_VESSEL,
    &CLEAN,
    &ON_DECK,
    &FULL_SET,
    &CARRIER_SIGNATURE,
    &PORT_LOADING,
    &PORT_DISCHARGE,
    &PARTIAL_SHIPMENT,
    &TRANSHIPMENT,
    &ISO6346,
    &CONTAINER_SET,
    &SEAL,
    &VESSEL_VOYAGE,
    &REEFER_SETPOINT,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso6346_check_digits() {
        assert_eq!(iso6346_error("CSQU3054383"), None);
        assert_eq!(iso6346_error("CSQU 305438-3"), None);
        assert_eq!(iso6346_error("OSLU5120641"), None);
        assert!(iso6346_error("CSQU3054384").is_some());
        assert!(iso6346_error("CSQA3054383").is_some());
        assert!(iso6346_error("CSQU305438").is_some());
    }

    #[test]
    fn container_numbers_in_free_text() {
        let words: Vec<&str> = container_words("RFI/25-118 / OSLU5120641 C/NO. 1-1320").collect();
        assert_eq!(words, vec!["OSLU5120641"]);
    }

    #[test]
    fn vessel_and_voyage_in_one_field() {
        let none: &[String] = &[];
        assert_eq!(
            split_vessel_voyage("MAERSK KOWLOON V.447W", none),
            ("MAERSK KOWLOON", Some("447W"))
        );
        assert_eq!(
            split_vessel_voyage("M/V HANSA QINGDAO VOY. 2514W", none),
            ("M/V HANSA QINGDAO", Some("2514W"))
        );
        assert_eq!(
            split_vessel_voyage("HANSA QINGDAO", none),
            ("HANSA QINGDAO", None)
        );
        assert_eq!(
            split_vessel_voyage("V. SHIPS STAR", none),
            ("V. SHIPS STAR", None)
        );
        assert_eq!(
            split_vessel_voyage("M/V HANSA QINGDAO", none),
            ("M/V HANSA QINGDAO", None)
        );
        assert_eq!(
            split_vessel_voyage("HANSA QINGDAO V2514W", none),
            ("HANSA QINGDAO", Some("V2514W"))
        );
        assert_eq!(
            split_vessel_voyage("HANSA QINGDAO VOY.NO. 2514W", none),
            ("HANSA QINGDAO", Some("2514W"))
        );
        assert_eq!(
            split_vessel_voyage("HANSA QINGDAO VOY NO 2514W", none),
            ("HANSA QINGDAO", Some("2514W"))
        );
        assert_eq!(
            split_vessel_voyage("M.V.HANSA QINGDAO/2514W", none),
            ("M.V.HANSA QINGDAO", Some("2514W"))
        );
        let known = ["2514W".to_string()];
        assert_eq!(
            split_vessel_voyage("HANSA QINGDAO 2514W", &known),
            ("HANSA QINGDAO", Some("2514W"))
        );
        assert_eq!(
            split_vessel_voyage("HANSA QINGDAO 2514W", none),
            ("HANSA QINGDAO 2514W", None)
        );
    }

    #[test]
    fn defect_wording() {
        assert!(states_defect("2 CARTONS TORN"));
        assert!(states_defect("packing wet"));
        assert!(states_defect("PACKAGING NOT SUFFICIENT FOR THE SEA JOURNEY"));
        assert!(!states_defect(
            "PACKAGING MAY NOT BE SUFFICIENT FOR THE SEA JOURNEY"
        ));
        assert!(!states_defect("SHIPPER'S LOAD, STOW AND COUNT. SAID TO CONTAIN."));
        assert!(!states_defect("NO DAMAGE OBSERVED"));
        assert!(states_on_deck("CARGO STOWED ON DECK AT SHIPPER'S RISK"));
        assert!(!states_on_deck("GOODS MAY BE CARRIED ON DECK"));
    }

    #[test]
    fn ports_and_ranges() {
        let p = |l: &str| Port {
            unlocode: Some(l.into()),
            country: Some(l[..2].into()),
            ..Port::default()
        };
        let range = Port {
            any_port_in_country: Some("CN".into()),
            ..Port::default()
        };
        assert_eq!(ports_agree(&range, &p("CNSHA")), Some(true));
        assert_eq!(ports_agree(&range, &p("KRPUS")), Some(false));
        assert_eq!(ports_agree(&p("CN TAO"), &p("CNTAO")), Some(true));
        assert_eq!(ports_agree(&p("CNTAO"), &p("CNSHA")), Some(false));
    }
}
