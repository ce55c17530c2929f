//! The container table (../data/containers.csv, a copy of ../shared/data/containers.csv).

use std::str::FromStr;
use std::sync::OnceLock;

use gendan_domain::csv;
use rust_decimal::Decimal;

const CONTAINERS: &str = include_str!("../data/containers.csv");

/// One standard container type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerType {
    pub code: String,
    pub iso_size_type: String,
    pub description: String,
    /// Inner length, width and height in mm.
    pub inner_mm: [u32; 3],
    /// Height cargo may be stacked to (reefers: below the air-flow limit line).
    pub usable_height_mm: u32,
    /// Door opening: width and height in mm.
    pub door_mm: [u32; 2],
    pub tare_kg: Decimal,
    pub max_payload_kg: Decimal,
    pub max_gross_kg: Decimal,
    pub reefer: bool,
}

/// Every container type in the table.
pub fn container_types() -> &'static [ContainerType] {
    static T: OnceLock<Vec<ContainerType>> = OnceLock::new();
    T.get_or_init(|| {
        let n = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
        let d = |s: &str| Decimal::from_str(s.trim()).unwrap_or_default();
        csv::records(CONTAINERS)
            .filter(|r| r.len() >= 13)
            .map(|r| ContainerType {
                code: r[0].clone(),
                iso_size_type: r[1].clone(),
                description: r[2].clone(),
                inner_mm: [n(&r[3]), n(&r[4]), n(&r[5])],
                usable_height_mm: n(&r[6]),
                door_mm: [n(&r[7]), n(&r[8])],
                tare_kg: d(&r[9]),
                max_payload_kg: d(&r[10]),
                max_gross_kg: d(&r[11]),
                reefer: r[12].trim() == "true",
            })
            .collect()
    })
}

/// A container type by its code (`40RH`), case-insensitive.
pub fn container_type(code: &str) -> Option<&'static ContainerType> {
    let code = code.trim();
    container_types()
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_six_types_and_reefer_usable_height() {
        let codes: Vec<_> = container_types().iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["20GP", "40GP", "40HC", "45HC", "20RF", "40RH"]);
        let rh = container_type("40rh").unwrap();
        assert!(rh.reefer);
        assert_eq!(rh.inner_mm, [11580, 2290, 2550]);
        assert_eq!(rh.usable_height_mm, 2450);
        assert_eq!(rh.max_payload_kg, Decimal::from(29400));
        assert!(!container_type("40HC").unwrap().reefer);
    }
}
