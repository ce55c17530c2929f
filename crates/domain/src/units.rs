//! Quantities with their units (计量单位). Weights and volumes are exact decimals, never
//! `f64`; dimensions are whole millimetres as package specifications give them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Mul};

/// A mass in kilograms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "19.2"))]
pub struct Kg(#[serde(with = "rust_decimal::serde::str")] pub Decimal);

/// A volume in cubic metres (measurement, CBM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "0.042"))]
pub struct CubicMetres(#[serde(with = "rust_decimal::serde::str")] pub Decimal);

/// A temperature in degrees Celsius.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "0.5"))]
pub struct Celsius(#[serde(with = "rust_decimal::serde::str")] pub Decimal);

/// Outside dimensions of a package, length × width × height in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionsMm {
    pub length: u32,
    pub width: u32,
    pub height: u32,
}

impl DimensionsMm {
    /// The volume, exact: mm³ / 10⁹ = m³.
    pub fn volume(&self) -> CubicMetres {
        let mm3 = Decimal::from(self.length) * Decimal::from(self.width) * Decimal::from(self.height);
        CubicMetres(mm3 / Decimal::from(1_000_000_000u64))
    }
}

impl Add for Kg {
    type Output = Kg;
    fn add(self, o: Kg) -> Kg {
        Kg(self.0 + o.0)
    }
}

impl Mul<Decimal> for Kg {
    type Output = Kg;
    fn mul(self, n: Decimal) -> Kg {
        Kg(self.0 * n)
    }
}

impl Add for CubicMetres {
    type Output = CubicMetres;
    fn add(self, o: CubicMetres) -> CubicMetres {
        CubicMetres(self.0 + o.0)
    }
}

impl Mul<Decimal> for CubicMetres {
    type Output = CubicMetres;
    fn mul(self, n: Decimal) -> CubicMetres {
        CubicMetres(self.0 * n)
    }
}

impl fmt::Display for Kg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} kg", self.0.normalize())
    }
}

impl fmt::Display for CubicMetres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} m³", self.0.normalize())
    }
}

impl fmt::Display for Celsius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} °C", self.0.normalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn carton_volume_and_totals_are_exact() {
        let carton = DimensionsMm {
            length: 500,
            width: 300,
            height: 280,
        };
        assert_eq!(carton.volume().0, Decimal::from_str("0.042").unwrap());
        let n = Decimal::from(1428);
        assert_eq!((carton.volume() * n).0, Decimal::from_str("59.976").unwrap());
        let gross = Kg(Decimal::from_str("19.2").unwrap()) * n;
        assert_eq!(gross.to_string(), "27417.6 kg");
    }
}

/// Read a decimal as a person types it: optional sign, digits, an optional `.` and decimals;
/// commas only as thousands separators in groups of three (`1,800.50`). Refused: exponents
/// (`2.15e1`), a decimal comma (`21,50` — ambiguous with thousands), more digits than a
/// `Decimal` holds exactly (never silently rounded).
pub fn parse_decimal(s: &str) -> Result<Decimal, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err("is empty");
    }
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return Err("is not a number");
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err("has a comma that is not a thousands separator (use . for decimals)");
        }
    }
    if !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err("is not a number");
    }
    let plain = t.replace(',', "");
    Decimal::from_str_exact(&plain).map_err(|_| "has more digits than can be kept exactly")
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_decimal("1,800.50").unwrap(), Decimal::new(180050, 2));
        assert_eq!(parse_decimal(" 21.50 ").unwrap(), Decimal::new(2150, 2));
        assert_eq!(parse_decimal("-5").unwrap(), Decimal::new(-5, 0));
        for bad in [
            "21,50",
            "1,5",
            "2.15e1",
            "1.",
            ".5",
            "1.00000000000000000000000000001",
            "abc",
            "1,80,000",
            "",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad}");
        }
    }
}
