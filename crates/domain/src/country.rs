//! Countries by ISO 3166-1 alpha-2 code (国家代码).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 249 officially assigned ISO 3166-1 alpha-2 codes.
const ASSIGNED: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// An ISO 3166-1 alpha-2 country code, upper case, known to be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "NL"))]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parse a code; lower case is accepted and upper-cased.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let up = s.trim().to_ascii_uppercase();
        if up.len() != 2 || !up.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("must be two letters (ISO 3166-1 alpha-2)");
        }
        if !ASSIGNED.split(' ').any(|c| c == up) {
            return Err("is not an assigned ISO 3166-1 alpha-2 country code");
        }
        let b = up.as_bytes();
        Ok(Self([b[0], b[1]]))
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
    fn parses_known_and_refuses_unknown() {
        assert_eq!(CountryCode::parse("nl").unwrap().as_str(), "NL");
        assert!(CountryCode::parse("XX").is_err());
        assert!(CountryCode::parse("NLD").is_err());
        assert!(CountryCode::parse("").is_err());
    }
}
