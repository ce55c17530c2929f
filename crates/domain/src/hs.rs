//! Harmonized System codes (HS 编码), WCO HS 2022: a product's tariff classification as
//! printed on invoices and certificates of origin. The first six digits are the international
//! subheading; countries extend them to 8 or 10 digits (China's customs code has 10).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

const HS2022: &str = include_str!("../data/hs-codes.csv");

/// One entry of the HS 2022 nomenclature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HsEntry {
    pub code: String,
    pub description: String,
    /// 2 (chapter), 4 (heading) or 6 (subheading).
    pub level: u8,
}

fn table() -> &'static HashMap<String, HsEntry> {
    static T: OnceLock<HashMap<String, HsEntry>> = OnceLock::new();
    T.get_or_init(|| {
        crate::csv::records(HS2022)
            .filter_map(|r| {
                let level = r.get(3)?.parse().ok()?;
                Some((
                    r[0].clone(),
                    HsEntry {
                        code: r[0].clone(),
                        description: r.get(1)?.clone(),
                        level,
                    },
                ))
            })
            .collect()
    })
}

/// The HS 2022 entry for a 2-, 4- or 6-digit code.
pub fn entry(code: &str) -> Option<&'static HsEntry> {
    table().get(code)
}

/// A validated HS code of 6 to 10 digits whose first six digits are an HS 2022 subheading.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "0808100000"))]
pub struct HsCode(String);

impl HsCode {
    /// Parse `0808.10`, `0808 10 00 00` or `0808100000`: dots and spaces are ignored.
    pub fn parse(s: &str) -> Result<Self, String> {
        let digits: String = s.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("`{s}` must be digits (dots and spaces allowed)"));
        }
        if !(6..=10).contains(&digits.len()) {
            return Err(format!(
                "`{s}` has {} digits; an HS code has 6 to 10",
                digits.len()
            ));
        }
        match entry(&digits[..6]) {
            Some(e) if e.level == 6 => Ok(Self(digits)),
            _ => Err(format!("`{}` is not an HS 2022 subheading", &digits[..6])),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The international six-digit subheading (what cross-checks compare, ISBP 745).
    pub fn subheading(&self) -> &str {
        &self.0[..6]
    }
    /// The HS 2022 description of the subheading.
    pub fn description(&self) -> &'static str {
        entry(self.subheading())
            .map(|e| e.description.as_str())
            .unwrap_or("")
    }
}

impl fmt::Display for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for HsCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        HsCode::parse(&s)
    }
}

impl From<HsCode> for String {
    fn from(h: HsCode) -> String {
        h.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_nomenclature_is_loaded() {
        let t = table();
        assert_eq!(t.values().filter(|e| e.level == 6).count(), 5613);
        assert_eq!(t.values().filter(|e| e.level == 4).count(), 1229);
    }

    #[test]
    fn apples_and_pears_parse_in_every_usual_form() {
        for s in ["080810", "0808.10", "0808.10.00", "0808100000", " 0808 30 "] {
            assert!(HsCode::parse(s).is_ok(), "{s}");
        }
        let pears = HsCode::parse("0808300000").unwrap();
        assert_eq!(pears.subheading(), "080830");
        assert!(pears.description().contains("pears"));
    }

    #[test]
    fn wrong_lengths_letters_and_unknown_subheadings_are_refused() {
        assert!(HsCode::parse("0808").is_err(), "a heading is not enough");
        assert!(HsCode::parse("08081000001").unwrap_err().contains("11 digits"));
        assert!(HsCode::parse("08081O").is_err());
        assert!(
            HsCode::parse("080899")
                .unwrap_err()
                .contains("not an HS 2022 subheading")
        );
        assert!(HsCode::parse("").is_err());
    }
}
