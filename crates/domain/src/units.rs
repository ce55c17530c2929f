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
