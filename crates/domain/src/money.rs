//! Money (金额): an exact decimal amount with its ISO 4217 currency. Never `f64`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Active ISO 4217 currency codes with their minor units (decimal places).
/// Codes with 0, 3 or 4 minor units are listed apart; every other code here has 2.
const TWO_DECIMALS: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWG";
const ZERO_DECIMALS: &str = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE_DECIMALS: &str = "BHD IQD JOD KWD LYD OMR TND";
const FOUR_DECIMALS: &str = "CLF UYW";

/// An ISO 4217 currency code (币种).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "USD"))]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let up = s.trim().to_ascii_uppercase();
        if up.len() != 3 || !up.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("must be three letters (ISO 4217)");
        }
        if minor_units_of(&up).is_none() {
            return Err("is not an active ISO 4217 currency code");
        }
        let b = up.as_bytes();
        Ok(Self([b[0], b[1], b[2]]))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ascii")
    }
    /// Every active currency, sorted by code.
    pub fn all() -> impl Iterator<Item = Currency> {
        let mut codes: Vec<&str> = [TWO_DECIMALS, ZERO_DECIMALS, THREE_DECIMALS, FOUR_DECIMALS]
            .into_iter()
            .flat_map(|l| l.split(' '))
            .filter(|c| c.len() == 3)
            .collect();
        codes.sort_unstable();
        codes.into_iter().filter_map(|c| Currency::parse(c).ok())
    }
    /// Number of decimal places of the minor unit (USD 2, JPY 0, KWD 3).
    pub fn minor_units(&self) -> u32 {
        minor_units_of(self.as_str()).expect("validated on parse")
    }
}

fn minor_units_of(code: &str) -> Option<u32> {
    let has = |list: &str| list.split(' ').any(|c| c == code);
    if has(TWO_DECIMALS) {
        Some(2)
    } else if has(ZERO_DECIMALS) {
        Some(0)
    } else if has(THREE_DECIMALS) {
        Some(3)
    } else if has(FOUR_DECIMALS) {
        Some(4)
    } else {
        None
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Currency::parse(&s).map_err(|e| format!("`{s}` {e}"))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

/// An amount of money in one currency. The amount is exact; arithmetic across
/// currencies is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12345.60"))]
    pub amount: Decimal,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("{amount} has more decimal places than {currency} allows ({allowed})")]
    TooPrecise {
        amount: Decimal,
        currency: Currency,
        allowed: u32,
    },
}

impl Money {
    /// An amount that must fit the currency's minor unit (no fractions of a cent).
    pub fn new(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let allowed = currency.minor_units();
        if amount.normalize().scale() > allowed {
            return Err(MoneyError::TooPrecise {
                amount,
                currency,
                allowed,
            });
        }
        Ok(Self { amount, currency })
    }
    pub fn zero(currency: Currency) -> Self {
        Self {
            amount: Decimal::ZERO,
            currency,
        }
    }
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        Ok(Money {
            amount: self.amount + other.amount,
            currency: self.currency,
        })
    }
    /// The amount in minor units (cents) for storage as a scaled integer.
    pub fn to_minor(&self) -> i64 {
        let scaled = self.amount * Decimal::from(10i64.pow(self.currency.minor_units()));
        scaled.trunc().try_into().expect("amount fits in i64 minor units")
    }
    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money {
            amount: Decimal::new(minor, currency.minor_units()),
            currency,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dp = self.currency.minor_units();
        write!(f, "{} {:.*}", self.currency, dp as usize, self.amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(usd().minor_units(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().minor_units(), 3);
        assert!(Currency::parse("ABC").is_err());
    }

    #[test]
    fn exact_sums_and_minor_round_trip() {
        let a = Money::new(Decimal::from_str("0.10").unwrap(), usd()).unwrap();
        let b = Money::new(Decimal::from_str("0.20").unwrap(), usd()).unwrap();
        let s = a.checked_add(b).unwrap();
        assert_eq!(s.amount, Decimal::from_str("0.30").unwrap());
        assert_eq!(s.to_minor(), 30);
        assert_eq!(Money::from_minor(30, usd()), s);
        assert_eq!(s.to_string(), "USD 0.30");
    }

    #[test]
    fn refuses_fractions_of_the_minor_unit_and_mixed_currencies() {
        assert!(Money::new(Decimal::from_str("1.005").unwrap(), usd()).is_err());
        let eur = Money::zero(Currency::parse("EUR").unwrap());
        assert!(Money::zero(usd()).checked_add(eur).is_err());
    }
}
