//! SWIFT BIC (Business Identifier Code) per ISO 9362.

use crate::country::CountryCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A Business Identifier Code, ISO 9362:2014: 4 alphanumeric characters of the party
/// prefix (banks use letters), 2 letters of an ISO 3166-1 country code, 2 alphanumeric
/// characters of the party suffix (location), and an optional 3-character branch code.
/// 8 or 11 characters; `XXX` is the primary office.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "BKCHCNBJ500"))]
pub struct Bic(String);

impl Bic {
    /// Parse a BIC, ignoring surrounding spaces and case.
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let up: String = s.trim().to_ascii_uppercase();
        if up.len() != 8 && up.len() != 11 {
            return Err("must have 8 or 11 characters (ISO 9362)");
        }
        let b = up.as_bytes();
        if !b.iter().all(|c| c.is_ascii_alphanumeric()) {
            return Err("may contain only letters and digits (ISO 9362)");
        }
        if !b[0..4].iter().all(|c| c.is_ascii_alphanumeric()) {
            return Err("party prefix (characters 1-4) must be alphanumeric (ISO 9362)");
        }
        if CountryCode::parse(&up[4..6]).is_err() {
            return Err("characters 5-6 must be an ISO 3166-1 country code (ISO 9362)");
        }
        Ok(Self(up))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The country the institution is in.
    pub fn country(&self) -> CountryCode {
        CountryCode::parse(&self.0[4..6]).expect("validated on parse")
    }
    /// A test-and-training BIC has `0` as the second character of the location code.
    pub fn is_test(&self) -> bool {
        self.0.as_bytes()[7] == b'0'
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Bic {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Bic::parse(&s).map_err(|e| format!("`{s}` {e}"))
    }
}

impl From<Bic> for String {
    fn from(b: Bic) -> String {
        b.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_bics() {
        for ok in [
            "BKCHCNBJ",
            "BKCHCNBJ500",
            "ICBKCNBJSDG",
            "ABNANL2A",
            "deutdeff",
            "BMRIIDJA",
        ] {
            assert!(Bic::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Bic::parse("abnanl2a").unwrap().country().as_str(), "NL");
    }

    #[test]
    fn refuses_malformed() {
        assert!(Bic::parse("BKCHCNB").is_err());
        assert!(Bic::parse("BKCHCNBJ5").is_err());
        assert!(Bic::parse("BKCHXXBJ").is_err(), "XX is no country");
        assert!(Bic::parse("BKCH-NBJ").is_err());
    }
}
