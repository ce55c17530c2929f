//! Reefer advice (冷藏建议) from ../data/reefer-commodities.csv (a copy of
//! ../shared/data/reefer-commodities.csv): set point, ventilation and humidity per commodity,
//! and warnings for commodities that must not share a container.

use std::str::FromStr;
use std::sync::OnceLock;

use gendan_domain::csv;
use rust_decimal::Decimal;

use crate::model::Warning;

const REEFER: &str = include_str!("../data/reefer-commodities.csv");

/// How much ethylene a commodity gives off, or how sensitive it is to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
    Extreme,
}

impl Level {
    fn parse(s: &str) -> Level {
        match s.trim() {
            "very_low" => Level::VeryLow,
            "medium" => Level::Medium,
            "high" => Level::High,
            "very_high" => Level::VeryHigh,
            "extreme" => Level::Extreme,
            _ => Level::Low,
        }
    }
}

/// One row of the guideline table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommodityAdvice {
    pub commodity: String,
    pub name_zh: String,
    pub hs6: String,
    pub set_point_c: Decimal,
    pub range_c: (Decimal, Decimal),
    pub fresh_air_m3h: (Decimal, Decimal),
    pub humidity_pct: (Decimal, Decimal),
    pub dehumidify: bool,
    pub ethylene_production: Level,
    pub ethylene_sensitivity: Level,
    pub notes: String,
}

/// Every commodity in the guideline table.
pub fn commodities() -> &'static [CommodityAdvice] {
    static T: OnceLock<Vec<CommodityAdvice>> = OnceLock::new();
    T.get_or_init(|| {
        let d = |s: &str| Decimal::from_str(s.trim()).unwrap_or_default();
        csv::records(REEFER)
            .filter(|r| r.len() >= 15)
            .map(|r| CommodityAdvice {
                commodity: r[0].clone(),
                name_zh: r[1].clone(),
                hs6: r[3].clone(),
                set_point_c: d(&r[4]),
                range_c: (d(&r[5]), d(&r[6])),
                fresh_air_m3h: (d(&r[7]), d(&r[8])),
                humidity_pct: (d(&r[9]), d(&r[10])),
                dehumidify: r[11].trim() == "on",
                ethylene_production: Level::parse(&r[12]),
                ethylene_sensitivity: Level::parse(&r[13]),
                notes: r[14].clone(),
            })
            .collect()
    })
}

/// A commodity by key (`apple`) or HS subheading (`080810`), case-insensitive.
pub fn commodity(key: &str) -> Option<&'static CommodityAdvice> {
    let key = key.trim().to_lowercase();
    commodities().iter().find(|c| c.commodity == key || c.hs6 == key)
}

fn producer(c: &CommodityAdvice) -> bool {
    c.ethylene_production >= Level::High
}

fn sensitive(c: &CommodityAdvice) -> bool {
    c.ethylene_sensitivity >= Level::High
}

/// Advice and warnings for the commodities of one load (`(cargo id, commodity)` pairs, each
/// commodity already known to the table): per commodity its recommended setting when the
/// container is a reefer (`reefer_setting`), `not_reefer` when it is not, and for every pair
/// `temperature_ranges_do_not_overlap` or `ethylene_conflict`.
pub fn advice(reefer: bool, loaded: &[(&str, &'static CommodityAdvice)]) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (id, c) in loaded {
        if seen.contains(&c.commodity.as_str()) {
            continue;
        }
        seen.push(&c.commodity);
        if reefer {
            out.push(Warning::new(
                "reefer_setting",
                format!(
                    "{id} ({}): set point {} °C (range {} to {} °C), fresh air {}–{} m³/h, humidity {}–{} %, dehumidification {}{}",
                    c.commodity,
                    c.set_point_c,
                    c.range_c.0,
                    c.range_c.1,
                    c.fresh_air_m3h.0,
                    c.fresh_air_m3h.1,
                    c.humidity_pct.0,
                    c.humidity_pct.1,
                    if c.dehumidify { "on" } else { "off" },
                    if c.notes.is_empty() { String::new() } else { format!("; {}", c.notes) },
                ),
            ));
        } else {
            out.push(Warning::new(
                "not_reefer",
                format!(
                    "{id} ({}) needs {} °C but the container is not a reefer",
                    c.commodity, c.set_point_c
                ),
            ));
        }
    }
    for (i, (id_a, a)) in loaded.iter().enumerate() {
        for (id_b, b) in &loaded[i + 1..] {
            if a.commodity == b.commodity {
                continue;
            }
            if a.range_c.1 < b.range_c.0 || b.range_c.1 < a.range_c.0 {
                out.push(Warning::new(
                    "temperature_ranges_do_not_overlap",
                    format!(
                        "{id_a} ({}, {} to {} °C) and {id_b} ({}, {} to {} °C) have no common temperature",
                        a.commodity, a.range_c.0, a.range_c.1, b.commodity, b.range_c.0, b.range_c.1
                    ),
                ));
            }
            for (p, pid, s, sid) in [(a, id_a, b, id_b), (b, id_b, a, id_a)] {
                if producer(p) && sensitive(s) {
                    out.push(Warning::new(
                        "ethylene_conflict",
                        format!(
                            "{pid} ({}) gives off ethylene and {sid} ({}) is sensitive to it",
                            p.commodity, s.commodity
                        ),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_reads_ethylene_columns() {
        let apple = commodity("080810").unwrap();
        assert_eq!(apple.commodity, "apple");
        assert_eq!(apple.ethylene_production, Level::High);
        assert_eq!(
            commodity("Kiwifruit").unwrap().ethylene_sensitivity,
            Level::Extreme
        );
        assert_eq!(commodities().len(), 7);
    }

    #[test]
    fn apple_with_kiwifruit_warns_ethylene_and_ginger_with_apple_warns_temperature() {
        let apple = commodity("apple").unwrap();
        let kiwi = commodity("kiwifruit").unwrap();
        let ginger = commodity("ginger").unwrap();
        let w = advice(true, &[("A", apple), ("K", kiwi)]);
        assert!(w.iter().any(|w| w.code == "ethylene_conflict"));
        assert!(!w.iter().any(|w| w.code == "temperature_ranges_do_not_overlap"));
        let w = advice(true, &[("A", apple), ("G", ginger)]);
        assert!(w.iter().any(|w| w.code == "temperature_ranges_do_not_overlap"));
        let w = advice(true, &[("A", apple)]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "reefer_setting");
        let w = advice(false, &[("A", apple)]);
        assert_eq!(w[0].code, "not_reefer");
    }
}
