//! Countries by ISO 3166-1 alpha-2 code (国家代码).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 249 officially assigned ISO 3166-1 alpha-2 codes.
const ASSIGNED: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Binary search in [`ASSIGNED`], which is sorted, in its 3-byte slots ("AD ", "AE ", …).
fn is_assigned(code: [u8; 2]) -> bool {
    let table = ASSIGNED.as_bytes();
    let (mut lo, mut hi) = (0, table.len().div_ceil(3));
    while lo < hi {
        let mid = (lo + hi) / 2;
        match table[mid * 3..mid * 3 + 2].cmp(&code[..]) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// An ISO 3166-1 alpha-2 country code, upper case, known to be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "NL"))]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parse a code; lower case is accepted and upper-cased.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let t = s.trim().as_bytes();
        if t.len() != 2 || !t.iter().all(|b| b.is_ascii_alphabetic()) {
            return Err("must be two letters (ISO 3166-1 alpha-2)");
        }
        let code = [t[0].to_ascii_uppercase(), t[1].to_ascii_uppercase()];
        if !is_assigned(code) {
            return Err("is not an assigned ISO 3166-1 alpha-2 country code");
        }
        Ok(Self(code))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ascii")
    }
    /// Every assigned code, in alphabetical order.
    pub fn all() -> impl Iterator<Item = CountryCode> {
        ASSIGNED
            .split(' ')
            .map(|c| CountryCode::parse(c).expect("table is valid"))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        CountryCode::parse(&s).map_err(|e| format!("`{s}` {e}"))
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_249_codes() {
        assert_eq!(CountryCode::all().count(), 249);
    }

    #[test]
    fn table_is_sorted_for_the_binary_search() {
        let codes: Vec<&str> = ASSIGNED.split(' ').collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert!(
            codes
                .iter()
                .all(|c| is_assigned([c.as_bytes()[0], c.as_bytes()[1]]))
        );
    }

    #[test]
    fn parses_known_and_refuses_unknown() {
        assert_eq!(CountryCode::parse("nl").unwrap().as_str(), "NL");
        assert!(CountryCode::parse("XX").is_err());
        assert!(CountryCode::parse("NLD").is_err());
        assert!(CountryCode::parse("").is_err());
    }
}
