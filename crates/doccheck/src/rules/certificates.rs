//! §2.7 Insurance (CIF/CIP) and §2.8 certificate of origin and phytosanitary certificate.

use gendan_domain::country::{CountryCode, country_name};
use gendan_domain::document_set::{InsuranceTerms, OriginRequirement, Port};
use gendan_domain::port::Port as KnownPort;

use crate::text::{self, company, norm, same_company, same_package_kind, vessel, weights_agree};
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

// ---------------------------------------------------------------------------------------
// Helpers

/// The words of a text, upper case, split at anything that is not a letter or a digit.
fn upper_words(up: &str) -> impl Iterator<Item = &str> {
    up.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// `words` holds `phrase` (a run of whole words, already split) somewhere.
fn has_phrase(words: &[&str], phrase: &[&str]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The country of a place: its own, else the first two letters of its UN/LOCODE.
fn port_country(p: &Port) -> Option<&str> {
    nonempty(&p.country)
        .or_else(|| nonempty(&p.unlocode).and_then(|c| c.get(..2)))
        .or_else(|| nonempty(&p.any_port_in_country))
}

fn same_country(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x.eq_ignore_ascii_case(y))
}

/// The first part of a place name (`QINGDAO` of `QINGDAO, CHINA`), normalised.
fn place_head(name: &str) -> String {
    norm(name.split(',').next().unwrap_or(name))
}

/// Two places bear the same name (its first part, before any comma).
fn same_place_name(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (x, y) = (place_head(a), place_head(b));
            !x.is_empty() && x == y
        }
        _ => false,
    }
}

/// A port as printed in a message: `QINGDAO, CHINA (CNTAO)`.
fn show_port(p: &Port) -> String {
    match (nonempty(&p.name), nonempty(&p.unlocode)) {
        (Some(n), Some(c)) => format!("{n} ({c})"),
        (Some(n), None) => n.to_string(),
        (None, Some(c)) => c.to_string(),
        (None, None) => match nonempty(&p.any_port_in_country) {
            Some(c) => format!("any port in {c}"),
            None => nonempty(&p.country).unwrap_or("?").to_string(),
        },
    }
}

// ---------------------------------------------------------------------------------------
// §2.7 Insurance

/// The insurance rules' common precondition: a CIF/CIP sale with an insurance document.
fn insurance<'a>(cx: &Ctx<'a>) -> Result<&'a gendan_domain::document_set::InsuranceCertificate, Outcome> {
    if !cx.seller_insures() {
        return Err(not_applicable(
            "Not a CIF/CIP sale: the seller does not insure.",
            "非 CIF/CIP 成交，卖方不负责投保。",
        ));
    }
    cx.set
        .insurance_certificate
        .as_ref()
        .ok_or_else(|| not_applicable("No insurance certificate in the set.", "单据中无保险单。"))
}

/// An end of the insured route agrees with the port it must cover: the same port (by
/// UN/LOCODE, or by name where a code is missing), any place in the country of a port
/// range, or an inland place (not a sea port, by its code or, without one, by its name) in
/// the port's country, which extends the cover (UCP 600 art. 28(f)(iii)).
fn route_end_ok(place: &Port, port: &Port) -> bool {
    if let Some(c) = nonempty(&port.any_port_in_country) {
        return port_country(place).is_none_or(|pc| pc.eq_ignore_ascii_case(c));
    }
    let (pc, rc) = (nonempty(&place.unlocode), nonempty(&port.unlocode));
    match (pc, rc) {
        (Some(a), Some(b)) if text::same_port_code(a, b) => return true,
        (Some(_), Some(_)) => {}
        _ if same_place_name(nonempty(&place.name), nonempty(&port.name)) => return true,
        _ => {}
    }
    let is_port = match pc {
        Some(c) => KnownPort::lookup(c).is_some(),
        None => known_port_by_name(place),
    };
    !is_port && same_country(port_country(place), port_country(port))
}

/// A place without a UN/LOCODE whose name (its first part, before any comma) is the name of
/// a known sea port of its country: `SHANGHAI, CHINA` is the port of Shanghai, not an
/// inland place; `YANTAI WAREHOUSE, CHINA` or `ZHENGZHOU, CHINA` is inland.
fn known_port_by_name(place: &Port) -> bool {
    let (Some(name), Some(country)) = (nonempty(&place.name), port_country(place)) else {
        return false;
    };
    let head = place_head(name);
    if head.is_empty() {
        return false;
    }
    KnownPort::search(&head, 5).iter().any(|p| {
        p.country.as_str().eq_ignore_ascii_case(country)
            && (norm(&p.name) == head || norm(&p.name_ascii) == head)
    })
}

/// INS-ROUTE: the insured route starts at a port other than the port of loading, or ends
/// at a port other than the port of discharge, of the B/L (else of the credit, else of the
/// contract), compared by UN/LOCODE. An inland place in the same country extends the cover
/// and complies. CIF/CIP only. UCP 600 art. 28(f)(iii).
static INS_ROUTE: Rule = Rule {
    id: "INS-ROUTE",
    severity: Severity::Blocking,
    title_en: "Insured route does not cover the ports of loading and discharge",
    title_zh: "保险起讫地点与装卸港不符",
    source: "UCP 600 art. 28(f)(iii)",
    run: ins_route,
};

fn ins_route(cx: &Ctx) -> Outcome {
    let ins = match insurance(cx) {
        Ok(i) => i,
        Err(na) => return na,
    };
    if ins.from.is_none() && ins.to.is_none() {
        return not_applicable(
            "The insurance certificate shows no route (from/to).",
            "保险单未显示起讫地点。",
        );
    }
    let mut checked = false;
    let mut hits = Vec::new();
    for loading in [true, false] {
        let Some(place) = (if loading { &ins.from } else { &ins.to }) else {
            continue;
        };
        let (ins_path, what_en, what_zh) = if loading {
            ("insurance_certificate.from", "port of loading", "装货港")
        } else {
            ("insurance_certificate.to", "port of discharge", "卸货港")
        };
        // The B/Ls' ports; else the credit's; else the contract's.
        let mut refs: Vec<(String, &Port)> = Vec::new();
        for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
            let p = if loading {
                &bl.port_of_loading
            } else {
                &bl.port_of_discharge
            };
            if let Some(p) = p {
                let field = if loading {
                    "port_of_loading"
                } else {
                    "port_of_discharge"
                };
                refs.push((format!("bills_of_lading[{i}].{field}"), p));
            }
        }
        if refs.is_empty() {
            let lc_port = cx.lc().and_then(|l| {
                if loading {
                    l.port_of_loading.as_ref()
                } else {
                    l.port_of_discharge.as_ref()
                }
            });
            let c = &cx.set.contract;
            let contract_port = if loading {
                c.port_of_loading.as_ref()
            } else {
                c.port_of_discharge.as_ref()
            };
            let field = if loading {
                "port_of_loading"
            } else {
                "port_of_discharge"
            };
            if let Some(p) = lc_port {
                refs.push((format!("lc.{field}"), p));
            } else if let Some(p) = contract_port {
                refs.push((format!("contract.{field}"), p));
            }
        }
        for (path, port) in refs {
            checked = true;
            if !route_end_ok(place, port) {
                let (p, r) = (show_port(place), show_port(port));
                let (en, zh) = if loading {
                    (
                        format!(
                            "The insurance cover starts at {p}, not at the {what_en} {r} nor an inland \
                             place in its country."
                        ),
                        format!("保险起运地 {p} 既非{what_zh} {r}，也非该国内陆地点。"),
                    )
                } else {
                    (
                        format!(
                            "The insurance cover ends at {p}, not at the {what_en} {r} nor an inland \
                             place in its country."
                        ),
                        format!("保险目的地 {p} 既非{what_zh} {r}，也非该国内陆地点。"),
                    )
                };
                hits.push(
                    Hit::new(en, zh)
                        .field(ins_path, Some(show_port(place)))
                        .field(path, Some(show_port(port))),
                );
            }
        }
    }
    if !checked {
        return not_applicable(
            "No port of loading or discharge to compare the insured route with.",
            "无装货港或卸货港可与保险起讫地点比较。",
        );
    }
    Outcome::Checked(hits)
}

/// What one line of risks covers.
#[derive(Default, Clone, Copy)]
struct Cover {
    /// Main cover: 3 = ICC (A) / all risks, 2 = ICC (B) / WPA, 1 = ICC (C) / FPA.
    level: u8,
    war: bool,
    strikes: bool,
    /// "Usual risks", "customary risks": imprecise terms (art. 28(g)).
    imprecise: bool,
}

impl Cover {
    fn recognised(&self) -> bool {
        self.level > 0 || self.war || self.strikes || self.imprecise
    }
}

/// The words of a line of risks with `I.C.C.` (split into `I`, `C`, `C`) read as `ICC`.
fn join_initials<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if words[i..].starts_with(&["I", "C", "C"]) {
            out.push("ICC");
            i += 3;
        } else {
            out.push(words[i]);
            i += 1;
        }
    }
    out
}

/// Reads a line of risks: `ICC (A)`, `I.C.C. (A)`, `INSTITUTE CARGO CLAUSES (A)`, `ALL
/// RISKS`, `WPA`, `FPA`, `INSTITUTE WAR CLAUSES (CARGO)`, `SRCC`, ... Anything after
/// `EXCLUDING`/`EXCEPT` does not count.
fn read_cover(words: &[&str]) -> Cover {
    let words = &join_initials(words)[..];
    let mut c = Cover::default();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let prev = if i > 0 { words[i - 1] } else { "" };
        let next = words.get(i + 1).copied().unwrap_or("");
        match w {
            "EXCLUDING" | "EXCLUDE" | "EXCLUDED" | "EXCLUDES" | "EXCEPT" | "EXCEPTING" | "EXCL"
            | "WITHOUT" => break,
            "A" if matches!(prev, "ICC" | "CLAUSES" | "CLAUSE") => c.level = 3,
            "B" if matches!(prev, "ICC" | "CLAUSES" | "CLAUSE") => c.level = c.level.max(2),
            "C" if matches!(prev, "ICC" | "CLAUSES" | "CLAUSE") => c.level = c.level.max(1),
            "ICCA" => c.level = 3,
            "ICCB" => c.level = c.level.max(2),
            "ICCC" => c.level = c.level.max(1),
            "ALL" if matches!(next, "RISKS" | "RISK") => c.level = 3,
            "WPA" | "WA" => c.level = c.level.max(2),
            "WITH" if matches!(next, "PARTICULAR" | "AVERAGE") => c.level = c.level.max(2),
            "FPA" => c.level = c.level.max(1),
            "FREE" if matches!(next, "FROM" | "OF") && words.get(i + 2) == Some(&"PARTICULAR") => {
                c.level = c.level.max(1);
                // "PARTICULAR AVERAGE" is read here, not again as WPA.
                i += 3;
            }
            "WAR" => c.war = true,
            "STRIKE" | "STRIKES" | "SRCC" | "RIOTS" => c.strikes = true,
            "USUAL" | "CUSTOMARY" if matches!(next, "RISKS" | "RISK") => c.imprecise = true,
            _ => {}
        }
        i += 1;
    }
    c
}

/// INS-RISKS: a risk the credit (or, when it is silent, the contract) requires that the
/// insurance document does not cover. ICC (A) and "all risks" satisfy each other (ISBP 745
/// K17) and cover what ICC (B)/(C), WPA and FPA cover (`I.C.C. (A)` is `ICC (A)`);
/// imprecise terms ("usual risks") are not checked (art. 28(g)). CIF/CIP only. UCP 600 art.
/// 28(g)-(j); ISBP 745 K.
static INS_RISKS: Rule = Rule {
    id: "INS-RISKS",
    severity: Severity::Blocking,
    title_en: "Required insurance risks not covered",
    title_zh: "保险险别不符合要求",
    source: "UCP 600 art. 28(g)-(j); ISBP 745 K",
    run: ins_risks,
};

fn ins_risks(cx: &Ctx) -> Outcome {
    let ins = match insurance(cx) {
        Ok(i) => i,
        Err(na) => return na,
    };
    let required: Option<(&InsuranceTerms, &str)> = cx
        .lc()
        .and_then(|l| l.insurance_required.as_ref())
        .filter(|t| !t.risks.is_empty())
        .map(|t| (t, "lc.insurance_required.risks"))
        .or_else(|| {
            cx.set
                .contract
                .insurance
                .as_ref()
                .filter(|t| !t.risks.is_empty())
                .map(|t| (t, "contract.insurance.risks"))
        });
    let Some((terms, req_path)) = required else {
        return not_applicable(
            "Neither the credit nor the contract names the risks to insure.",
            "信用证和合同均未规定投保险别。",
        );
    };
    let covered_up: Vec<String> = ins.risks.iter().map(|r| r.to_uppercase()).collect();
    let covered_words: Vec<Vec<&str>> = covered_up.iter().map(|u| upper_words(u).collect()).collect();
    let mut covered = Cover::default();
    for w in &covered_words {
        let c = read_cover(w);
        covered.level = covered.level.max(c.level);
        covered.war |= c.war;
        covered.strikes |= c.strikes;
    }
    let covered_list = ins.risks.join("; ");
    let mut hits = Vec::new();
    for (i, risk) in terms.risks.iter().enumerate() {
        let up = risk.to_uppercase();
        let words: Vec<&str> = upper_words(&up).collect();
        let need = read_cover(&words);
        let ok = if need.imprecise {
            true
        } else if need.recognised() {
            need.level <= covered.level && (!need.war || covered.war) && (!need.strikes || covered.strikes)
        } else {
            covered_words.iter().any(|c| has_phrase(c, &words))
        };
        if !ok {
            hits.push(
                Hit::new(
                    format!(
                        "The insurance certificate does not cover \"{risk}\" (covers: {}).",
                        if covered_list.is_empty() {
                            "nothing stated"
                        } else {
                            &covered_list
                        }
                    ),
                    format!(
                        "保险单未承保所要求的险别“{risk}”（已承保：{}）。",
                        if covered_list.is_empty() {
                            "未注明"
                        } else {
                            &covered_list
                        }
                    ),
                )
                .field(format!("{req_path}[{i}]"), Some(risk))
                .field("insurance_certificate.risks", Some(&covered_list)),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// §2.8 Certificate of origin

/// The words that name a form of certificate of origin: `FORM E` → `E`; `NON-PREFERENTIAL`,
/// `ORDINARY` → `GENERAL`.
fn form_words(up: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let words: Vec<&str> = upper_words(up).collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        match w {
            "CERTIFICATE" | "OF" | "ORIGIN" | "FORM" | "CO" | "C" | "O" | "ANY" => {}
            "NON" if words.get(i + 1) == Some(&"PREFERENTIAL") => {
                out.push("GENERAL");
                i += 1;
            }
            "NONPREFERENTIAL" | "ORDINARY" => out.push("GENERAL"),
            w => out.push(w),
        }
        i += 1;
    }
    out
}

/// Kinds of issuer a credit or contract names.
fn is_ccpit(up: &str) -> bool {
    let w: Vec<&str> = upper_words(up).collect();
    w.contains(&"CCPIT")
        || w.contains(&"CCOIC")
        || has_phrase(&w, &["PROMOTION", "OF", "INTERNATIONAL", "TRADE"])
        || has_phrase(&w, &["CHINA", "CHAMBER", "OF", "INTERNATIONAL", "COMMERCE"])
}

fn is_chamber(up: &str) -> bool {
    is_ccpit(up) || upper_words(up).any(|w| w == "CHAMBER")
}

fn is_customs(up: &str) -> bool {
    let w: Vec<&str> = upper_words(up).collect();
    w.iter()
        .any(|w| matches!(*w, "CUSTOMS" | "GACC" | "CIQ" | "AQSIQ"))
        || has_phrase(&w, &["INSPECTION", "AND", "QUARANTINE"])
}

/// A chamber of commerce "or the like" (ISBP 745 L3(c)): chambers, customs, trade
/// departments, associations of industry, councils, authorities.
fn is_chamber_type(up: &str) -> bool {
    is_chamber(up)
        || is_customs(up)
        || upper_words(up).any(|w| {
            matches!(
                w,
                "ASSOCIATION" | "MINISTRY" | "AUTHORITY" | "COUNCIL" | "DEPARTMENT"
            )
        })
}

/// CO-ISSUER-FORM: the certificate of origin in another form, or by another issuer, than
/// the credit (else the contract) requires. A chamber-type issuer satisfies "issued by the
/// beneficiary/exporter" when the certificate names them. ISBP 745/821 L2, L3.
static CO_ISSUER_FORM: Rule = Rule {
    id: "CO-ISSUER-FORM",
    severity: Severity::Blocking,
    title_en: "Certificate of origin not in the required form or by the required issuer",
    title_zh: "原产地证格式或签发机构不符合要求",
    source: "ISBP 745/821 L2, L3",
    run: co_issuer_form,
};

fn co_issuer_form(cx: &Ctx) -> Outcome {
    let Some(co) = &cx.set.certificate_of_origin else {
        return not_applicable("No certificate of origin in the set.", "单据中无原产地证。");
    };
    let required: Option<(&OriginRequirement, &str)> = cx
        .lc()
        .and_then(|l| l.co_required.as_ref())
        .map(|r| (r, "lc.co_required"))
        .or_else(|| {
            cx.set
                .contract
                .required_co
                .as_ref()
                .map(|r| (r, "contract.required_co"))
        });
    let Some((req, req_path)) = required else {
        return not_applicable(
            "Neither the credit nor the contract requires a form or issuer of certificate of origin.",
            "信用证和合同均未规定原产地证的格式或签发机构。",
        );
    };
    let mut hits = Vec::new();

    let req_form_up = req.form.to_uppercase();
    let need = form_words(&req_form_up);
    if !need.is_empty() {
        let form_up = co.form.to_uppercase();
        let has = form_words(&form_up);
        if !need.iter().all(|w| has.contains(w)) {
            hits.push(
                Hit::new(
                    format!(
                        "The certificate of origin is in the form \"{}\"; \"{}\" is required.",
                        co.form, req.form
                    ),
                    format!("原产地证格式为“{}”，要求为“{}”。", co.form, req.form),
                )
                .field("certificate_of_origin.form", Some(&co.form))
                .field(format!("{req_path}.form"), Some(&req.form)),
            );
        }
    }

    if let (Some(wanted), Some(issuer)) = (nonempty(&req.issuer), nonempty(&co.issuer)) {
        let issuer_up = issuer.to_uppercase();
        let wanted_up = wanted.to_uppercase().replace('/', " OR ");
        let exporter_named = {
            let ex = &co.exporter.name;
            same_company(ex, &cx.set.contract.seller.name)
                || cx.lc().is_some_and(|l| same_company(ex, &l.beneficiary.name))
        };
        let issuer_is_exporter = same_company(issuer, &co.exporter.name)
            || same_company(issuer, &cx.set.contract.seller.name)
            || cx.lc().is_some_and(|l| same_company(issuer, &l.beneficiary.name));
        let mut any_alternative = false;
        let ok = wanted_up.split(" OR ").any(|alt| {
            let words: Vec<&str> = upper_words(alt).filter(|w| *w != "AND").collect();
            if words.is_empty() {
                return false;
            }
            any_alternative = true;
            let has = |k: &[&str]| words.iter().any(|w| k.contains(w));
            if has(&["BENEFICIARY", "EXPORTER", "SELLER", "MANUFACTURER", "SHIPPER"]) {
                issuer_is_exporter || (is_chamber_type(&issuer_up) && exporter_named)
            } else if is_ccpit(alt) {
                is_ccpit(&issuer_up)
            } else if has(&["CHAMBER"]) {
                is_chamber(&issuer_up)
            } else if is_customs(alt) {
                is_customs(&issuer_up)
            } else if words == ["ANY"] || has(&["COMPETENT", "AUTHORITY", "AUTHORITIES", "GOVERNMENT"]) {
                is_chamber_type(&issuer_up) || words == ["ANY"]
            } else {
                let named = company(alt);
                !named.is_empty() && company(issuer).contains(&named)
            }
        });
        if any_alternative && !ok {
            hits.push(
                Hit::new(
                    format!(
                        "The certificate of origin is issued by {issuer}; it must be issued by {wanted}."
                    ),
                    format!("原产地证签发机构为 {issuer}，要求由 {wanted} 签发。"),
                )
                .field("certificate_of_origin.issuer", Some(issuer))
                .field(format!("{req_path}.issuer"), Some(wanted)),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// §2.8 Phytosanitary certificate

fn no_phyto() -> Outcome {
    not_applicable(
        "No phytosanitary certificate in the set.",
        "单据中无植物检疫证书。",
    )
}

/// A commodity and the botanical names (genus, accepted species; no species = any species
/// of the genus) it is certified under.
struct Crop {
    /// Names of the produce, singular, one phrase per entry.
    names: &'static [&'static [&'static str]],
    english: &'static str,
    botanical: &'static [(&'static str, &'static [&'static str])],
}

/// The produce a phytosanitary certificate commonly names. Phrases of several words first
/// (`SWEET POTATO` before `POTATO`, `CUSTARD APPLE` before `APPLE`).
static CROPS: &[Crop] = &[
    Crop {
        names: &[&["CUSTARD", "APPLE"], &["SUGAR", "APPLE"]],
        english: "custard apples",
        botanical: &[("annona", &[])],
    },
    Crop {
        names: &[&["ROSE", "APPLE"], &["WAX", "APPLE"]],
        english: "wax apples",
        botanical: &[("syzygium", &[])],
    },
    Crop {
        names: &[&["PRICKLY", "PEAR"]],
        english: "prickly pears",
        botanical: &[("opuntia", &[])],
    },
    Crop {
        names: &[&["AVOCADO"], &["ALLIGATOR", "PEAR"], &["AVOCADO", "PEAR"]],
        english: "avocados",
        botanical: &[("persea", &["americana"])],
    },
    Crop {
        names: &[&["SWEET", "POTATO"]],
        english: "sweet potatoes",
        botanical: &[("ipomoea", &["batatas"])],
    },
    Crop {
        names: &[&["CHINESE", "CABBAGE"], &["NAPA", "CABBAGE"]],
        english: "Chinese cabbage",
        botanical: &[("brassica", &["rapa", "pekinensis", "campestris"])],
    },
    Crop {
        names: &[
            &["MANDARIN", "ORANGE"],
            &["MANDARIN"],
            &["TANGERINE"],
            &["SATSUMA"],
            &["CLEMENTINE"],
        ],
        english: "mandarins",
        botanical: &[(
            "citrus",
            &[
                "reticulata",
                "unshiu",
                "clementina",
                "deliciosa",
                "tangerina",
                "nobilis",
            ],
        )],
    },
    Crop {
        names: &[&["APPLE"]],
        english: "apples",
        botanical: &[("malus", &["domestica", "pumila"])],
    },
    Crop {
        names: &[&["PEAR"], &["NASHI"]],
        english: "pears",
        botanical: &[("pyrus", &[])],
    },
    Crop {
        names: &[&["ORANGE"]],
        english: "oranges",
        botanical: &[("citrus", &["sinensis"])],
    },
    Crop {
        names: &[&["LEMON"]],
        english: "lemons",
        botanical: &[("citrus", &["limon"])],
    },
    Crop {
        names: &[&["LIME"]],
        english: "limes",
        botanical: &[("citrus", &["aurantiifolia", "latifolia"])],
    },
    Crop {
        names: &[&["GRAPEFRUIT"]],
        english: "grapefruit",
        botanical: &[("citrus", &["paradisi"])],
    },
    Crop {
        names: &[&["POMELO"], &["PUMMELO"]],
        english: "pomelos",
        botanical: &[("citrus", &["maxima", "grandis"])],
    },
    Crop {
        names: &[&["GRAPE"]],
        english: "grapes",
        botanical: &[("vitis", &["vinifera", "labrusca"])],
    },
    Crop {
        names: &[&["KIWI"], &["KIWIFRUIT"]],
        english: "kiwifruit",
        botanical: &[("actinidia", &["deliciosa", "chinensis"])],
    },
    Crop {
        names: &[&["CHERRY"]],
        english: "cherries",
        botanical: &[("prunus", &["avium", "cerasus"])],
    },
    Crop {
        names: &[&["PEACH"], &["NECTARINE"]],
        english: "peaches",
        botanical: &[("prunus", &["persica"])],
    },
    Crop {
        names: &[&["PLUM"]],
        english: "plums",
        botanical: &[("prunus", &["salicina", "domestica"])],
    },
    Crop {
        names: &[&["APRICOT"]],
        english: "apricots",
        botanical: &[("prunus", &["armeniaca"])],
    },
    Crop {
        names: &[&["LYCHEE"], &["LITCHI"]],
        english: "lychees",
        botanical: &[("litchi", &["chinensis"])],
    },
    Crop {
        names: &[&["LONGAN"]],
        english: "longans",
        botanical: &[("dimocarpus", &["longan"])],
    },
    Crop {
        names: &[&["JUJUBE"]],
        english: "jujubes",
        botanical: &[("ziziphus", &["jujuba"]), ("zizyphus", &["jujuba"])],
    },
    Crop {
        names: &[&["PERSIMMON"]],
        english: "persimmons",
        botanical: &[("diospyros", &["kaki"])],
    },
    Crop {
        names: &[&["POMEGRANATE"]],
        english: "pomegranates",
        botanical: &[("punica", &["granatum"])],
    },
    Crop {
        names: &[&["MANGO"]],
        english: "mangoes",
        botanical: &[("mangifera", &["indica"])],
    },
    Crop {
        names: &[&["PINEAPPLE"]],
        english: "pineapples",
        botanical: &[("ananas", &["comosus"])],
    },
    Crop {
        names: &[&["BANANA"]],
        english: "bananas",
        botanical: &[("musa", &[])],
    },
    Crop {
        names: &[&["STRAWBERRY"]],
        english: "strawberries",
        botanical: &[("fragaria", &["ananassa"])],
    },
    Crop {
        names: &[&["BLUEBERRY"]],
        english: "blueberries",
        botanical: &[("vaccinium", &[])],
    },
    Crop {
        names: &[&["WATERMELON"]],
        english: "watermelons",
        botanical: &[("citrullus", &["lanatus"])],
    },
    Crop {
        names: &[&["MELON"]],
        english: "melons",
        botanical: &[("cucumis", &["melo"])],
    },
    Crop {
        names: &[&["GARLIC"]],
        english: "garlic",
        botanical: &[("allium", &["sativum"])],
    },
    Crop {
        names: &[&["ONION"]],
        english: "onions",
        botanical: &[("allium", &["cepa"])],
    },
    Crop {
        names: &[&["GINGER"]],
        english: "ginger",
        botanical: &[("zingiber", &["officinale"])],
    },
    Crop {
        names: &[&["POTATO"]],
        english: "potatoes",
        botanical: &[("solanum", &["tuberosum"])],
    },
    Crop {
        names: &[&["TOMATO"]],
        english: "tomatoes",
        botanical: &[("solanum", &["lycopersicum"]), ("lycopersicon", &["esculentum"])],
    },
    Crop {
        names: &[&["CARROT"]],
        english: "carrots",
        botanical: &[("daucus", &["carota"])],
    },
    Crop {
        names: &[&["CABBAGE"], &["BROCCOLI"], &["CAULIFLOWER"]],
        english: "cabbages",
        botanical: &[("brassica", &["oleracea"])],
    },
    Crop {
        names: &[&["WALNUT"]],
        english: "walnuts",
        botanical: &[("juglans", &["regia"])],
    },
    Crop {
        names: &[&["CHESTNUT"]],
        english: "chestnuts",
        botanical: &[("castanea", &[])],
    },
    Crop {
        names: &[&["PEANUT"], &["GROUNDNUT"]],
        english: "peanuts",
        botanical: &[("arachis", &["hypogaea"])],
    },
    Crop {
        names: &[&["SOYBEAN"], &["SOYA"]],
        english: "soybeans",
        botanical: &[("glycine", &["max"])],
    },
    Crop {
        names: &[&["RICE"]],
        english: "rice",
        botanical: &[("oryza", &["sativa"])],
    },
    Crop {
        names: &[&["WHEAT"]],
        english: "wheat",
        botanical: &[("triticum", &[])],
    },
    Crop {
        names: &[&["MAIZE"], &["CORN"]],
        english: "maize",
        botanical: &[("zea", &["mays"])],
    },
    Crop {
        names: &[&["SHIITAKE"]],
        english: "shiitake",
        botanical: &[("lentinula", &["edodes"]), ("lentinus", &["edodes"])],
    },
];

/// `word` is `key` or its plural (`APPLES`, `PEACHES`, `CHERRIES`, `POTATOES`).
fn word_is(word: &str, key: &str) -> bool {
    if let Some(rest) = word.strip_prefix(key) {
        return matches!(rest, "" | "S" | "ES");
    }
    key.strip_suffix('Y')
        .is_some_and(|stem| word.strip_prefix(stem) == Some("IES"))
}

/// The crops a text names, each once, in table order.
fn crops_named(text: &str) -> Vec<&'static Crop> {
    let up = text.to_uppercase();
    let words: Vec<&str> = upper_words(&up).collect();
    let mut used = vec![false; words.len()];
    let mut found: Vec<&'static Crop> = Vec::new();
    for crop in CROPS {
        for phrase in crop.names {
            let n = phrase.len();
            if n > words.len() {
                continue;
            }
            for start in 0..=words.len() - n {
                if (0..n).all(|k| !used[start + k] && word_is(words[start + k], phrase[k])) {
                    used[start..start + n].iter_mut().for_each(|u| *u = true);
                    if !found.iter().any(|c| std::ptr::eq(*c, crop)) {
                        found.push(crop);
                    }
                }
            }
        }
    }
    found
}

/// The genus and species of each name in a botanical-name field, lower case: author
/// abbreviations (`Borkh.`, `Mill.`, `(Suckow)`), the hybrid sign `×` (or `x`) and what
/// follows the species (`var.`, cultivars) are ignored. `spp.`/`sp.` give no species.
fn botanical_names(field: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for part in field.split([',', ';', '/', '+', '&']) {
        // "Malus domestica and Pyrus pyrifolia"
        let mut rest = part;
        loop {
            let (one, more) = match rest.find(" and ").or_else(|| rest.find(" AND ")) {
                Some(i) => (&rest[..i], Some(&rest[i + 5..])),
                None => (rest, None),
            };
            let mut words = one
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '×'))
                .filter(|w| !w.is_empty());
            if let Some(genus) = words.next() {
                let genus = genus.trim_start_matches('×');
                let species = words
                    .find(|w| !matches!(*w, "×" | "x" | "X"))
                    .map(|w| w.trim_start_matches('×').to_lowercase())
                    .filter(|s| !matches!(s.as_str(), "spp" | "sp" | "species"));
                if genus.chars().all(char::is_alphabetic) && !genus.is_empty() {
                    out.push((genus.to_lowercase(), species));
                }
            }
            match more {
                Some(m) => rest = m,
                None => break,
            }
        }
    }
    out
}

fn push_alt(out: &mut String, s: &str) {
    if !out.is_empty() {
        out.push_str(" / ");
    }
    out.push_str(s);
}

fn crop_accepts(crop: &Crop, genus: &str, species: Option<&str>) -> bool {
    crop.botanical
        .iter()
        .any(|(g, sp)| *g == genus && (sp.is_empty() || species.is_some_and(|s| sp.contains(&s))))
}

/// PHYTO-BOTANICAL: the botanical name is not a name of the produce certified: genus and
/// species compared, author abbreviations and the hybrid sign ignored (apples: *Malus
/// domestica* = *Malus pumila* = *Malus × domestica*; pears: any *Pyrus*). ISPM 12 model
/// certificate, "botanical name of plants".
static PHYTO_BOTANICAL: Rule = Rule {
    id: "PHYTO-BOTANICAL",
    severity: Severity::Blocking,
    title_en: "Botanical name does not match the produce",
    title_zh: "植物学名与产品不符",
    source: "ISPM 12 (model phytosanitary certificate: botanical name of plants)",
    run: phyto_botanical,
};

fn phyto_botanical(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return no_phyto();
    };
    let Some(field) = nonempty(&ph.botanical_name) else {
        return not_applicable(
            "The phytosanitary certificate shows no botanical name.",
            "植物检疫证书未显示植物学名。",
        );
    };
    let mut produce_path = "phytosanitary_certificate.name_of_produce".to_string();
    let mut produce_text = ph.name_of_produce.as_str();
    let mut crops = crops_named(produce_text);
    if crops.is_empty() {
        for (i, line) in cx.set.invoice.lines.iter().enumerate() {
            let found = crops_named(&line.description);
            if !found.is_empty() {
                produce_path = format!("invoice.lines[{i}].description");
                produce_text = &line.description;
                crops = found;
                break;
            }
        }
    }
    if crops.is_empty() {
        return not_applicable(
            "The produce is not one whose botanical name the checker knows.",
            "产品不在本检查已知植物学名的范围内。",
        );
    }
    let names = botanical_names(field);
    if names.is_empty() {
        return not_applicable(
            "The botanical name field names no genus.",
            "植物学名栏未写明属名。",
        );
    }
    let mut hits = Vec::new();
    let expected = |c: &Crop| {
        let mut out = String::new();
        for (g, sp) in c.botanical {
            let mut g = g.to_string();
            if let Some(first) = g.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            if sp.is_empty() {
                push_alt(&mut out, &format!("{g} spp."));
            }
            for s in *sp {
                push_alt(&mut out, &format!("{g} {s}"));
            }
        }
        out
    };
    for (genus, species) in &names {
        if !crops.iter().any(|c| crop_accepts(c, genus, species.as_deref())) {
            let want = crops.iter().map(|c| expected(c)).collect::<Vec<_>>().join(", ");
            hits.push(
                Hit::new(
                    format!(
                        "The botanical name \"{field}\" is not a name of the produce \"{produce_text}\" \
                         (expected {want})."
                    ),
                    format!("植物学名“{field}”与产品“{produce_text}”不符（应为 {want}）。"),
                )
                .field("phytosanitary_certificate.botanical_name", Some(field))
                .field(produce_path.clone(), Some(produce_text)),
            );
        }
    }
    if hits.is_empty() || crops.len() > 1 {
        for c in &crops {
            if !names.iter().any(|(g, s)| crop_accepts(c, g, s.as_deref())) {
                let want = expected(c);
                hits.push(
                    Hit::new(
                        format!(
                            "The botanical name \"{field}\" does not name the {} certified (expected {want}).",
                            c.english
                        ),
                        format!("植物学名“{field}”未列明所检疫的产品（应为 {want}）。"),
                    )
                    .field("phytosanitary_certificate.botanical_name", Some(field))
                    .field(produce_path.clone(), Some(produce_text)),
                );
            }
        }
    }
    Outcome::Checked(hits)
}

/// PHYTO-QTY: the certificate's number and kind of packages or net quantity declared
/// differs from the packing list (else the invoice); weights after rounding to the coarser
/// number of decimals shown. A phytosanitary certificate describes this consignment: any
/// difference fires. ISPM 12 model fields; ISBP 745 Q6(b) not applicable.
static PHYTO_QTY: Rule = Rule {
    id: "PHYTO-QTY",
    severity: Severity::Blocking,
    title_en: "Phytosanitary quantity differs from the packing list / invoice",
    title_zh: "植物检疫证书数量与装箱单/发票不符",
    source: "ISPM 12 model certificate; ISBP 745 Q6(b)",
    run: phyto_qty,
};

fn phyto_qty(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return no_phyto();
    };
    let q = &ph.quantity_declared;
    let set = cx.set;
    let pl = set.packing_list.as_ref();
    let inv = &set.invoice;
    let mut checked = false;
    let mut hits = Vec::new();

    if let Some(n) = q.packages {
        let other = pl
            .map(|p| {
                (
                    p.packages_total,
                    "packing_list.packages_total",
                    "packing list",
                    "装箱单",
                )
            })
            .or_else(|| {
                inv.packages_total
                    .map(|t| (t, "invoice.packages_total", "invoice", "发票"))
            });
        if let Some((m, path, doc_en, doc_zh)) = other {
            checked = true;
            if n != m {
                hits.push(
                    Hit::new(
                        format!("The phytosanitary certificate declares {n} packages, the {doc_en} {m}."),
                        format!("植物检疫证书申报件数为 {n}，{doc_zh}为 {m}。"),
                    )
                    .field("phytosanitary_certificate.quantity_declared.packages", Some(n))
                    .field(path, Some(m)),
                );
            }
        }
    }

    if let Some(kind) = nonempty(&q.package_type) {
        let other = pl
            .and_then(|p| nonempty(&p.package_type))
            .map(|k| (k, "packing_list.package_type", "packing list", "装箱单"))
            .or_else(|| nonempty(&inv.package_type).map(|k| (k, "invoice.package_type", "invoice", "发票")));
        if let Some((k, path, doc_en, doc_zh)) = other {
            checked = true;
            if !same_package_kind(kind, k) {
                hits.push(
                    Hit::new(
                        format!(
                            "The phytosanitary certificate declares packages as {kind}, the {doc_en} as {k}."
                        ),
                        format!("植物检疫证书包装种类为 {kind}，{doc_zh}为 {k}。"),
                    )
                    .field(
                        "phytosanitary_certificate.quantity_declared.package_type",
                        Some(kind),
                    )
                    .field(path, Some(k)),
                );
            }
        }
    }

    if let Some(net) = q.net_weight_kg {
        let other = pl
            .and_then(|p| p.net_weight_kg)
            .map(|w| (w, "packing_list.net_weight_kg", "packing list", "装箱单"))
            .or_else(|| {
                inv.net_weight_kg
                    .map(|w| (w, "invoice.net_weight_kg", "invoice", "发票"))
            });
        if let Some((w, path, doc_en, doc_zh)) = other {
            checked = true;
            if !weights_agree(net, w) {
                hits.push(
                    Hit::new(
                        format!("The phytosanitary certificate declares {net} kg net, the {doc_en} {w} kg."),
                        format!("植物检疫证书申报净重 {net} 千克，{doc_zh}为 {w} 千克。"),
                    )
                    .field(
                        "phytosanitary_certificate.quantity_declared.net_weight_kg",
                        Some(net),
                    )
                    .field(path, Some(w))
                    .tolerance("§0: weights compared after rounding to the coarser number of decimals shown"),
                );
            }
        }
    }

    if !checked {
        return not_applicable(
            "No quantity on the phytosanitary certificate to compare with the packing list or invoice.",
            "植物检疫证书无可与装箱单或发票比较的数量。",
        );
    }
    Outcome::Checked(hits)
}

/// A few names of countries as documents write them besides the ISO short name.
fn country_alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "HOLLAND" | "THE NETHERLANDS" => "NL",
        "USA" | "U S A" | "UNITED STATES OF AMERICA" | "UNITED STATES" | "US" => "US",
        "UK" | "U K" | "GREAT BRITAIN" | "UNITED KINGDOM" | "BRITAIN" | "ENGLAND" => "GB",
        "KOREA" | "REPUBLIC OF KOREA" | "SOUTH KOREA" => "KR",
        "UAE" | "U A E" | "UNITED ARAB EMIRATES" => "AE",
        "PR CHINA" | "P R CHINA" | "PEOPLE S REPUBLIC OF CHINA" | "CHINA" => "CN",
        _ => return None,
    })
}

/// A text that names only a country, and that country's code.
fn country_only(text: &str, hint: Option<&str>) -> Option<String> {
    let up = text.to_uppercase();
    let words: Vec<&str> = upper_words(&up).collect();
    let joined = words.join(" ");
    if joined.is_empty() {
        return hint.map(|h| h.to_ascii_uppercase());
    }
    if let Some(c) = country_alias(&joined) {
        return Some(c.to_string());
    }
    let plain = joined.strip_prefix("THE ").unwrap_or(&joined);
    if plain.len() == 2 && CountryCode::parse(plain).is_ok() {
        return Some(plain.to_string());
    }
    // Compare with the name of the hinted country (its own, or the discharge country).
    let h = hint?;
    let code = CountryCode::parse(h).ok()?;
    let name = country_name(code).to_uppercase();
    let name_words: Vec<&str> = upper_words(&name).collect();
    (name_words.join(" ") == plain).then(|| code.as_str().to_string())
}

/// PHYTO-POINT-OF-ENTRY: the declared point of entry is not the B/L's port of discharge: a
/// named port must be that port (by UN/LOCODE); an entry naming only a country must name
/// the discharge country. ISPM 12 model field "declared point of entry".
static PHYTO_POINT_OF_ENTRY: Rule = Rule {
    id: "PHYTO-POINT-OF-ENTRY",
    severity: Severity::Blocking,
    title_en: "Phytosanitary point of entry is not the port of discharge",
    title_zh: "植物检疫证书入境口岸与卸货港不符",
    source: "ISPM 12 (model phytosanitary certificate: declared point of entry)",
    run: phyto_point_of_entry,
};

fn phyto_point_of_entry(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return no_phyto();
    };
    let Some(poe) = &ph.point_of_entry else {
        return not_applicable(
            "The phytosanitary certificate declares no point of entry.",
            "植物检疫证书未申报入境口岸。",
        );
    };
    let poe_code = nonempty(&poe.unlocode);
    let poe_country = nonempty(&poe.country).or_else(|| poe_code.and_then(|c| c.get(..2)));
    let mut checked = false;
    let mut hits = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        let Some(pod) = &bl.port_of_discharge else {
            continue;
        };
        checked = true;
        let pod_country = port_country(pod);
        let ok = match poe_code {
            Some(code) => match nonempty(&pod.unlocode) {
                Some(pc) => text::same_port_code(code, pc),
                None => same_place_name(Some(&poe.text), nonempty(&pod.name)),
            },
            None => match country_only(&poe.text, poe_country.or(pod_country)) {
                Some(c) => same_country(Some(&c), pod_country),
                None => {
                    same_place_name(Some(&poe.text), nonempty(&pod.name))
                        && (poe_country.is_none() || same_country(poe_country, pod_country))
                }
            },
        };
        if !ok {
            let p = show_port(pod);
            let shown = match poe_code {
                Some(c) => format!("{} ({c})", poe.text),
                None => poe.text.clone(),
            };
            let other_country = poe_country.is_some() && !same_country(poe_country, pod_country);
            let (en, zh) = if other_country {
                (
                    format!(
                        "The phytosanitary certificate declares entry at {shown}, in another country \
                         than the port of discharge {p}."
                    ),
                    format!("植物检疫证书申报入境口岸 {shown} 与卸货港 {p} 不在同一国家。"),
                )
            } else {
                (
                    format!(
                        "The phytosanitary certificate declares entry at {shown}, not the port of \
                         discharge {p}."
                    ),
                    format!("植物检疫证书申报入境口岸 {shown} 与卸货港 {p} 不符。"),
                )
            };
            hits.push(
                Hit::new(en, zh)
                    .field("phytosanitary_certificate.point_of_entry", Some(shown))
                    .field(format!("bills_of_lading[{i}].port_of_discharge"), Some(p)),
            );
        }
    }
    if !checked {
        return not_applicable(
            "No bill of lading with a port of discharge.",
            "无载明卸货港的提单。",
        );
    }
    Outcome::Checked(hits)
}

/// Words of a means of conveyance that name no vessel.
fn generic_conveyance_word(w: &str) -> bool {
    matches!(
        w,
        "BY" | "SEA"
            | "SEAFREIGHT"
            | "OCEAN"
            | "MARITIME"
            | "VESSEL"
            | "VESSELS"
            | "SHIP"
            | "SHIPS"
            | "SHIPMENT"
            | "M/V"
            | "MV"
            | "M.V"
            | "S.S"
            | "SS"
            | "MS"
            | "M/S"
            | "ON"
            | "BOARD"
            | "IN"
            | "CONTAINER"
            | "CONTAINERS"
            | "CONTAINERISED"
            | "CONTAINERIZED"
            | "REEFER"
            | "FCL"
            | "LCL"
            | "CARGO"
            | "FREIGHT"
            | "VIA"
            | "FROM"
            | "TO"
            | "AND"
            | "VOY"
            | "VOYAGE"
            | "V"
            | "NO"
            | "NUMBER"
            | "NAME"
            | "THE"
            | "OF"
            | "-"
    )
}

/// PHYTO-CONVEYANCE: the declared means of conveyance names a vessel other than the B/L's.
/// "BY SEA" or "VESSEL" alone complies. ISPM 12 model field "declared means of conveyance".
static PHYTO_CONVEYANCE: Rule = Rule {
    id: "PHYTO-CONVEYANCE",
    severity: Severity::Warning,
    title_en: "Phytosanitary means of conveyance names another vessel",
    title_zh: "植物检疫证书运输工具与提单船名不符",
    source: "ISPM 12 (model phytosanitary certificate: declared means of conveyance)",
    run: phyto_conveyance,
};

fn phyto_conveyance(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return no_phyto();
    };
    let Some(text) = nonempty(&ph.means_of_conveyance) else {
        return not_applicable(
            "The phytosanitary certificate declares no means of conveyance.",
            "植物检疫证书未申报运输工具。",
        );
    };
    let bls = &cx.set.bills_of_lading;
    let mut vessels: Vec<(String, String)> = Vec::new();
    for (i, bl) in bls.iter().enumerate() {
        if let Some(v) = nonempty(&bl.vessel) {
            vessels.push((format!("bills_of_lading[{i}].vessel"), v.to_string()));
        }
        if let Some(v) = bl.on_board_notation.as_ref().and_then(|n| nonempty(&n.vessel)) {
            vessels.push((
                format!("bills_of_lading[{i}].on_board_notation.vessel"),
                v.to_string(),
            ));
        }
    }
    if vessels.is_empty() {
        return not_applicable("No vessel on a bill of lading.", "提单未显示船名。");
    }
    let up = norm(text);
    let words: Vec<&str> = up
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    // The words of the B/L vessel's name, wherever they stand, are accounted for.
    let mut used = vec![false; words.len()];
    for (_, v) in &vessels {
        let v = vessel(v);
        let vw: Vec<&str> = v.split_whitespace().collect();
        if vw.is_empty() || vw.len() > words.len() {
            continue;
        }
        for start in 0..=words.len() - vw.len() {
            if words[start..start + vw.len()] == vw[..] {
                used[start..start + vw.len()].iter_mut().for_each(|u| *u = true);
            }
        }
    }
    // Words that belong to the B/Ls (voyage, ports, containers) or name no vessel.
    let mut known: Vec<String> = Vec::new();
    for bl in bls {
        if let Some(v) = nonempty(&bl.voyage) {
            known.push(crate::text::voyage(v));
        }
        for p in [&bl.port_of_loading, &bl.port_of_discharge].into_iter().flatten() {
            if let Some(n) = nonempty(&p.name) {
                known.extend(upper_words(&n.to_uppercase()).map(str::to_string));
            }
        }
        for c in &bl.containers {
            known.push(crate::text::container(&c.number));
        }
    }
    let other: Vec<&str> = words
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(w, _)| *w)
        .filter(|w| {
            !generic_conveyance_word(w)
                && !w.chars().any(|c| c.is_ascii_digit())
                && w.chars().any(char::is_alphabetic)
                && !known.iter().any(|k| k == w || *k == crate::text::container(w))
        })
        .collect();
    let mut hits = Vec::new();
    if !other.is_empty() {
        let (path, v) = &vessels[0];
        hits.push(
            Hit::new(
                format!(
                    "The phytosanitary certificate declares the means of conveyance \"{text}\", which \
                     names a vessel other than the B/L vessel {v} ({}).",
                    other.join(" ")
                ),
                format!("植物检疫证书申报的运输工具“{text}”与提单船名 {v} 不符。"),
            )
            .field("phytosanitary_certificate.means_of_conveyance", Some(text))
            .field(path.clone(), Some(v)),
        );
    }
    Outcome::Checked(hits)
}

/// PHYTO-ADDITIONAL-DECLARATION: an additional declaration the contract (import permit)
/// requires that the certificate does not carry, one finding each; compared after
/// normalising case, spacing and punctuation. ISPM 12; IPPC art. V.3.
static PHYTO_ADDITIONAL_DECLARATION: Rule = Rule {
    id: "PHYTO-ADDITIONAL-DECLARATION",
    severity: Severity::Blocking,
    title_en: "Required additional declaration missing from the phytosanitary certificate",
    title_zh: "植物检疫证书缺少要求的附加声明",
    source: "ISPM 12; IPPC art. V.3",
    run: phyto_additional_declaration,
};

/// Text as a run of upper-case words separated by single spaces, with a space each side.
fn padded_words(s: &str) -> String {
    let up = s.to_uppercase();
    let mut out = String::with_capacity(up.len() + 2);
    out.push(' ');
    for w in upper_words(&up) {
        out.push_str(w);
        out.push(' ');
    }
    out
}

fn phyto_additional_declaration(cx: &Ctx) -> Outcome {
    let Some(ph) = &cx.set.phytosanitary_certificate else {
        return no_phyto();
    };
    let required = &cx.set.contract.required_phyto_additional_declarations;
    if required.iter().all(|r| r.trim().is_empty()) {
        return not_applicable(
            "The contract requires no additional declaration.",
            "合同未要求附加声明。",
        );
    }
    let present: Vec<String> = ph
        .additional_declarations
        .iter()
        .map(|d| padded_words(d))
        .collect();
    let shown = ph.additional_declarations.join(" | ");
    let mut hits = Vec::new();
    for (i, req) in required.iter().enumerate() {
        let want = padded_words(req);
        if want.trim().is_empty() {
            continue;
        }
        if !present.iter().any(|p| p.contains(&want)) {
            hits.push(
                Hit::new(
                    format!(
                        "The phytosanitary certificate does not carry the additional declaration \"{req}\"."
                    ),
                    format!("植物检疫证书缺少要求的附加声明：“{req}”。"),
                )
                .field(
                    format!("contract.required_phyto_additional_declarations[{i}]"),
                    Some(req),
                )
                .field(
                    "phytosanitary_certificate.additional_declarations",
                    Some(if shown.is_empty() { "(none)" } else { &shown }),
                ),
            );
        }
    }
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[
    &INS_ROUTE,
    &INS_RISKS,
    &CO_ISSUER_FORM,
    &PHYTO_BOTANICAL,
    &PHYTO_QTY,
    &PHYTO_POINT_OF_ENTRY,
    &PHYTO_CONVEYANCE,
    &PHYTO_ADDITIONAL_DECLARATION,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(s: &str) -> Cover {
        let up = s.to_uppercase();
        let w: Vec<&str> = upper_words(&up).collect();
        read_cover(&w)
    }

    #[test]
    fn risks_are_read_in_their_usual_spellings() {
        assert_eq!(cover("ICC (A)").level, 3);
        assert_eq!(cover("Institute Cargo Clauses (B) 1/1/2009").level, 2);
        assert_eq!(cover("ICC(C)").level, 1);
        assert_eq!(cover("ALL RISKS AS PER CIC 1/1/1981").level, 3);
        assert_eq!(cover("WITH PARTICULAR AVERAGE").level, 2);
        assert_eq!(cover("FREE FROM PARTICULAR AVERAGE").level, 1);
        assert!(cover("INSTITUTE WAR CLAUSES (CARGO)").war);
        assert!(!cover("INSTITUTE WAR CLAUSES (CARGO)").strikes);
        assert!(cover("SRCC").strikes);
        assert!(cover("STRIKES, RIOTS AND CIVIL COMMOTIONS").strikes);
        assert!(!cover("ICC (A) EXCLUDING WAR AND STRIKES").war);
        assert!(cover("USUAL RISKS").imprecise);
        assert!(!cover("WAREHOUSE TO WAREHOUSE").recognised());
    }

    #[test]
    fn botanical_names_ignore_authors_and_the_hybrid_sign() {
        let n = |s: &str| botanical_names(s);
        let md = ("malus".to_string(), Some("domestica".to_string()));
        assert_eq!(n("Malus domestica Borkh."), vec![md.clone()]);
        assert_eq!(n("Malus × domestica Borkh."), vec![md.clone()]);
        assert_eq!(n("Malus ×domestica"), vec![md.clone()]);
        assert_eq!(n("MALUS X DOMESTICA"), vec![md.clone()]);
        assert_eq!(n("Malus domestica (Suckow) Borkh."), vec![md]);
        assert_eq!(n("Pyrus spp."), vec![("pyrus".to_string(), None)]);
        assert_eq!(n("Malus domestica, Pyrus pyrifolia").len(), 2);
        let apple = crops_named("FRESH APPLES (FUJI)");
        assert_eq!(apple.len(), 1);
        assert!(crop_accepts(apple[0], "malus", Some("pumila")));
        assert!(!crop_accepts(apple[0], "pyrus", Some("pyrifolia")));
        let pear = crops_named("FRESH YA PEARS");
        assert!(crop_accepts(pear[0], "pyrus", Some("bretschneideri")));
        assert!(crop_accepts(pear[0], "pyrus", None));
        // Pineapples are not apples; sweet potatoes are not potatoes.
        assert_eq!(crops_named("PINEAPPLES")[0].english, "pineapples");
        assert_eq!(crops_named("SWEET POTATOES").len(), 1);
        assert_eq!(crops_named("CHERRIES")[0].english, "cherries");
    }

    #[test]
    fn ports_by_code_and_trade_alias() {
        assert!(text::same_port_code("CNTAO", "cnqdg"));
        assert!(text::same_port_code("NL RTM", "NLRTM"));
        assert!(!text::same_port_code("CNTAO", "CNSHA"));
        let port = |name: &str, code: Option<&str>, country: &str| Port {
            name: Some(name.into()),
            unlocode: code.map(Into::into),
            country: Some(country.into()),
            any_port_in_country: None,
        };
        let tao = port("QINGDAO, CHINA", Some("CNTAO"), "CN");
        assert!(route_end_ok(&port("QINGDAO", None, "CN"), &tao));
        assert!(route_end_ok(&port("FACTORY, QIXIA", None, "CN"), &tao));
        assert!(!route_end_ok(&port("SHANGHAI", Some("CNSHA"), "CN"), &tao));
        assert!(!route_end_ok(&port("BUSAN WAREHOUSE", None, "KR"), &tao));
    }

    #[test]
    fn forms_and_countries() {
        assert_eq!(form_words("FORM E"), vec!["E"]);
        assert_eq!(form_words("CERTIFICATE OF ORIGIN FORM E"), vec!["E"]);
        assert_eq!(form_words("NON-PREFERENTIAL C/O"), vec!["GENERAL"]);
        assert!(form_words("CERTIFICATE OF ORIGIN").is_empty());
        assert_eq!(country_only("THE NETHERLANDS", None).as_deref(), Some("NL"));
        assert_eq!(country_only("Belgium", Some("BE")).as_deref(), Some("BE"));
        assert_eq!(country_only("ROTTERDAM, NETHERLANDS", Some("NL")), None);
    }
}
