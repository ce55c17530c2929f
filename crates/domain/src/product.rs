//! Product knowledge (产品知识): what we sell, how it is packed, and how it travels in a
//! reefer container.

use crate::country::CountryCode;
use crate::csv;
use crate::error::ValidationErrors;
use crate::hs::HsCode;
use crate::units::{Celsius, CubicMetres, DimensionsMm, Kg};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use std::sync::OnceLock;

/// How goods are packed (包装种类), as the packing list and B/L name the packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PackageKind {
    Carton,
    Bundle,
    Bag,
    Crate,
    Case,
    Bin,
    Drum,
    Pallet,
}

impl PackageKind {
    pub const ALL: [PackageKind; 8] = [
        PackageKind::Carton,
        PackageKind::Bundle,
        PackageKind::Bag,
        PackageKind::Crate,
        PackageKind::Case,
        PackageKind::Bin,
        PackageKind::Drum,
        PackageKind::Pallet,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            PackageKind::Carton => "carton",
            PackageKind::Bundle => "bundle",
            PackageKind::Bag => "bag",
            PackageKind::Crate => "crate",
            PackageKind::Case => "case",
            PackageKind::Bin => "bin",
            PackageKind::Drum => "drum",
            PackageKind::Pallet => "pallet",
        }
    }
    pub fn parse(s: &str) -> Option<PackageKind> {
        PackageKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// One way a product is packed, e.g. "18 kg carton": 18 kg net, 19.2 kg gross,
/// 500 × 300 × 280 mm, this side up, at most 400 kg on top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageType {
    /// A short name, e.g. `18kg carton`.
    pub name: String,
    pub kind: PackageKind,
    pub net: Kg,
    pub gross: Kg,
    pub dimensions: DimensionsMm,
    /// May only stand upright (the package's height stays vertical).
    pub this_side_up: bool,
    /// The most weight that may rest on one package.
    pub max_stack: Option<Kg>,
}

impl PackageType {
    /// Measurement of one package.
    pub fn volume(&self) -> CubicMetres {
        self.dimensions.volume()
    }
    /// Tare of one package (packing material).
    pub fn tare(&self) -> Kg {
        Kg(self.gross.0 - self.net.0)
    }
}

/// Reefer settings for a cargo (冷藏箱设定): set point, fresh-air exchange and humidity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReeferSettings {
    pub set_point: Celsius,
    /// Fresh-air ventilation in m³/h (0: vents closed).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "30"))]
    pub fresh_air_m3h: Decimal,
    /// Relative humidity set point in %, where the unit controls humidity.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "90"))]
    pub humidity_pct: Option<Decimal>,
}

/// A carrier-style refrigeration guideline for one commodity, the default a product's
/// reefer settings start from (../shared/data/reefer-commodities.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReeferCommodity {
    pub commodity: String,
    pub name_zh: String,
    pub botanical_name: String,
    pub hs6: String,
    pub set_point: Celsius,
    pub range: (Celsius, Celsius),
    pub fresh_air_m3h: (Decimal, Decimal),
    pub humidity_pct: (Decimal, Decimal),
    pub dehumidify: bool,
    pub notes: String,
}

impl ReeferCommodity {
    /// The settings a new product of this commodity starts with: the set point, the
    /// lower end of the fresh-air range, and the middle of the humidity range.
    pub fn default_settings(&self) -> ReeferSettings {
        ReeferSettings {
            set_point: self.set_point,
            fresh_air_m3h: self.fresh_air_m3h.0,
            humidity_pct: Some((self.humidity_pct.0 + self.humidity_pct.1) / Decimal::TWO),
        }
    }
}

const REEFER: &str = include_str!("../data/reefer-commodities.csv");

/// Every commodity in the reefer guideline table.
pub fn reefer_commodities() -> &'static [ReeferCommodity] {
    static T: OnceLock<Vec<ReeferCommodity>> = OnceLock::new();
    T.get_or_init(|| {
        let d = |s: &str| Decimal::from_str(s.trim()).unwrap_or_default();
        csv::records(REEFER)
            .filter(|r| r.len() >= 15)
            .map(|r| ReeferCommodity {
                commodity: r[0].clone(),
                name_zh: r[1].clone(),
                botanical_name: r[2].clone(),
                hs6: r[3].clone(),
                set_point: Celsius(d(&r[4])),
                range: (Celsius(d(&r[5])), Celsius(d(&r[6]))),
                fresh_air_m3h: (d(&r[7]), d(&r[8])),
                humidity_pct: (d(&r[9]), d(&r[10])),
                dehumidify: r[11] == "on",
                notes: r[14].clone(),
            })
            .collect()
    })
}

/// The guideline for a commodity by name (`apple`) or by its HS subheading (`080810`).
pub fn reefer_commodity(key: &str) -> Option<&'static ReeferCommodity> {
    let key = key.trim().to_lowercase();
    reefer_commodities()
        .iter()
        .find(|c| c.commodity == key || c.hs6 == key)
}

/// A product's validated content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductData {
    pub sku: String,
    pub name_zh: Option<String>,
    pub name_en: String,
    pub hs_code: HsCode,
    /// Required for plant products on phytosanitary certificates (ISPM 12).
    pub botanical_name: Option<String>,
    pub origin: CountryCode,
    pub variety: Option<String>,
    pub grade: Option<String>,
    /// Size or count, e.g. `80-100` (fruit per carton) or `75mm+`.
    pub size: Option<String>,
    pub shelf_life_days: Option<u32>,
    pub packages: Vec<PackageType>,
    pub reefer: Option<ReeferSettings>,
}

/// Package input as sent: decimals and numbers as strings, validated together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub net_kg: String,
    #[serde(default)]
    pub gross_kg: String,
    /// [length, width, height] in millimetres
    #[serde(default)]
    pub size_mm: [u32; 3],
    #[serde(default)]
    pub this_side_up: bool,
    #[serde(default)]
    pub max_stack_kg: Option<String>,
}

/// Reefer input; empty means "use the commodity's default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReeferInput {
    #[serde(default)]
    pub set_point_c: String,
    #[serde(default)]
    pub fresh_air_m3h: String,
    #[serde(default)]
    pub humidity_pct: Option<String>,
}

/// Product input as a user, an API client or an import row sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductInput {
    #[serde(default)]
    pub sku: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub hs_code: String,
    #[serde(default)]
    pub botanical_name: Option<String>,
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub variety: Option<String>,
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub size: Option<String>,
    #[serde(default)]
    pub shelf_life_days: Option<u32>,
    #[serde(default)]
    pub packages: Vec<PackageInput>,
    /// Absent: no reefer. `{}` with empty fields: the commodity's defaults by HS code.
    #[serde(default)]
    pub reefer: Option<ReeferInput>,
}

fn text(errs: &mut ValidationErrors, field: &str, v: &str, max: usize) -> String {
    let v = v.trim();
    if v.chars().count() > max {
        errs.push(field, "too_long", format!("must be at most {max} characters"));
    }
    if v.chars().any(char::is_control) {
        errs.push(field, "control_characters", "must not contain control characters");
    }
    v.to_string()
}

fn opt_text(errs: &mut ValidationErrors, field: &str, v: &Option<String>, max: usize) -> Option<String> {
    v.as_ref()
        .map(|s| text(errs, field, s, max))
        .filter(|s| !s.is_empty())
}

/// A decimal with at most `dp` places, within `min..=max`.
/// A decimal in `[min, max]` with at most `dp` places; `required`, `invalid_number`,
/// `too_precise` or `out_of_range` otherwise.
pub(crate) fn decimal(
    errs: &mut ValidationErrors,
    field: &str,
    s: &str,
    dp: u32,
    min: Decimal,
    max: Decimal,
) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty() {
        errs.push(field, "required", "a number is required");
        return None;
    }
    match crate::units::parse_decimal(s) {
        Err(_) => {
            errs.push(field, "invalid_number", format!("`{s}` is not a number"));
            None
        }
        Ok(d) if d.normalize().scale() > dp => {
            errs.push(
                field,
                "too_precise",
                format!("`{s}` has more than {dp} decimal places"),
            );
            None
        }
        Ok(d) if d < min || d > max => {
            errs.push(field, "out_of_range", format!("must be between {min} and {max}"));
            None
        }
        Ok(d) => Some(d),
    }
}

impl ProductInput {
    /// Validate everything and return the product, or every field error.
    pub fn validate(&self) -> Result<ProductData, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let sku = text(&mut errs, "sku", &self.sku, 50);
        if sku.is_empty() {
            errs.push("sku", "required", "the SKU is required");
        }
        let name_en = text(&mut errs, "name_en", &self.name_en, 200);
        if name_en.is_empty() {
            errs.push(
                "name_en",
                "required",
                "the English name is required (it is printed on documents)",
            );
        }
        let name_zh = opt_text(&mut errs, "name_zh", &self.name_zh, 200);
        let hs_code = HsCode::parse(&self.hs_code)
            .map_err(|e| errs.push("hs_code", "invalid_hs_code", e))
            .ok();
        let origin = CountryCode::parse(&self.origin)
            .map_err(|e| errs.push("origin", "invalid_country", format!("`{}` {e}", self.origin)))
            .ok();
        let botanical_name = opt_text(&mut errs, "botanical_name", &self.botanical_name, 200);
        let variety = opt_text(&mut errs, "variety", &self.variety, 100);
        let grade = opt_text(&mut errs, "grade", &self.grade, 100);
        let size = opt_text(&mut errs, "size", &self.size, 100);
        if self.shelf_life_days.is_some_and(|d| d == 0 || d > 3650) {
            errs.push(
                "shelf_life_days",
                "out_of_range",
                "must be between 1 and 3650 days",
            );
        }
        let (zero, tonne) = (Decimal::ZERO, Decimal::from(2000));
        let mut packages = Vec::new();
        for (i, p) in self.packages.iter().enumerate() {
            let f = |k: &str| format!("packages[{i}].{k}");
            let name = text(&mut errs, &f("name"), &p.name, 100);
            if name.is_empty() {
                errs.push(f("name"), "required", "name the package, e.g. `18kg carton`");
            }
            let kind = PackageKind::parse(&p.kind);
            if kind.is_none() {
                errs.push(
                    f("kind"),
                    "invalid_choice",
                    format!(
                        "`{}` is not a package kind; use one of {}",
                        p.kind,
                        PackageKind::ALL.map(|k| k.as_str()).join(", ")
                    ),
                );
            }
            let net = decimal(&mut errs, &f("net_kg"), &p.net_kg, 3, zero, tonne);
            let gross = decimal(&mut errs, &f("gross_kg"), &p.gross_kg, 3, zero, tonne);
            if net.is_some_and(|n| n <= zero) {
                errs.push(f("net_kg"), "out_of_range", "must be more than 0");
            }
            if let (Some(n), Some(g)) = (net, gross)
                && g < n
            {
                errs.push(
                    f("gross_kg"),
                    "less_than_net",
                    format!("gross {g} kg is less than net {n} kg"),
                );
            }
            if p.size_mm.iter().any(|d| *d == 0 || *d > 20_000) {
                errs.push(
                    f("size_mm"),
                    "out_of_range",
                    "each dimension must be between 1 and 20,000 mm",
                );
            }
            let max_stack = match &p.max_stack_kg {
                Some(s) if !s.trim().is_empty() => {
                    decimal(&mut errs, &f("max_stack_kg"), s, 3, zero, Decimal::from(100_000)).map(Kg)
                }
                _ => None,
            };
            if let (Some(kind), Some(net), Some(gross)) = (kind, net, gross) {
                packages.push(PackageType {
                    name,
                    kind,
                    net: Kg(net),
                    gross: Kg(gross),
                    dimensions: DimensionsMm {
                        length: p.size_mm[0],
                        width: p.size_mm[1],
                        height: p.size_mm[2],
                    },
                    this_side_up: p.this_side_up,
                    max_stack,
                });
            }
        }
        let reefer = match &self.reefer {
            None => None,
            Some(r) if r.set_point_c.trim().is_empty() && r.fresh_air_m3h.trim().is_empty() => {
                let found = hs_code.as_ref().and_then(|h| reefer_commodity(h.subheading()));
                if found.is_none() && hs_code.is_some() {
                    errs.push(
                        "reefer.set_point_c",
                        "required",
                        "no reefer guideline for this HS code: give the set point and fresh air",
                    );
                }
                found.map(|c| c.default_settings())
            }
            Some(r) => {
                let sp = decimal(
                    &mut errs,
                    "reefer.set_point_c",
                    &r.set_point_c,
                    1,
                    Decimal::from(-35),
                    Decimal::from(30),
                );
                let fa = decimal(
                    &mut errs,
                    "reefer.fresh_air_m3h",
                    &r.fresh_air_m3h,
                    0,
                    zero,
                    Decimal::from(300),
                );
                let hu = match &r.humidity_pct {
                    Some(h) if !h.trim().is_empty() => decimal(
                        &mut errs,
                        "reefer.humidity_pct",
                        h,
                        1,
                        Decimal::from(50),
                        Decimal::from(100),
                    ),
                    _ => None,
                };
                match (sp, fa) {
                    (Some(sp), Some(fa)) => Some(ReeferSettings {
                        set_point: Celsius(sp),
                        fresh_air_m3h: fa,
                        humidity_pct: hu,
                    }),
                    _ => None,
                }
            }
        };
        errs.into_result()?;
        Ok(ProductData {
            sku,
            name_zh,
            name_en,
            hs_code: hs_code.expect("checked"),
            botanical_name,
            origin: origin.expect("checked"),
            variety,
            grade,
            size,
            shelf_life_days: self.shelf_life_days,
            packages,
            reefer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fuji() -> ProductInput {
        ProductInput {
            sku: "FUJI-80-18".into(),
            name_zh: Some("红富士苹果".into()),
            name_en: "Fresh Fuji Apples".into(),
            hs_code: "0808.10.00".into(),
            botanical_name: Some("Malus domestica".into()),
            origin: "CN".into(),
            variety: Some("Fuji".into()),
            grade: Some("Grade A".into()),
            size: Some("80-100".into()),
            shelf_life_days: Some(180),
            packages: vec![PackageInput {
                name: "18kg carton".into(),
                kind: "carton".into(),
                net_kg: "18".into(),
                gross_kg: "19.2".into(),
                size_mm: [500, 300, 280],
                this_side_up: true,
                max_stack_kg: Some("400".into()),
            }],
            reefer: Some(ReeferInput::default()),
        }
    }

    #[test]
    fn an_apple_gets_the_guideline_reefer_settings() {
        let p = fuji().validate().unwrap();
        let r = p.reefer.unwrap();
        assert_eq!(r.set_point, Celsius(Decimal::from_str("0.5").unwrap()));
        assert_eq!(r.fresh_air_m3h, Decimal::from(10));
        assert_eq!(r.humidity_pct, Some(Decimal::from_str("92.5").unwrap()));
        let c = &p.packages[0];
        assert_eq!(c.tare(), Kg(Decimal::from_str("1.2").unwrap()));
        assert_eq!(c.volume(), CubicMetres(Decimal::from_str("0.042").unwrap()));
    }

    #[test]
    fn the_table_has_every_commodity() {
        assert_eq!(reefer_commodities().len(), 7);
        assert_eq!(reefer_commodity("080830").unwrap().commodity, "pear");
        assert_eq!(reefer_commodity("Kiwifruit").unwrap().name_zh, "猕猴桃");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut p = fuji();
        p.sku = " ".into();
        p.hs_code = "0808".into();
        p.origin = "XX".into();
        p.packages[0].gross_kg = "17".into();
        p.packages[0].net_kg = "18.0001".into();
        p.packages[0].kind = "box".into();
        p.packages[0].size_mm = [500, 0, 280];
        p.reefer = Some(ReeferInput {
            set_point_c: "-40".into(),
            fresh_air_m3h: "ten".into(),
            humidity_pct: None,
        });
        let errs = p.validate().unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "sku",
            "hs_code",
            "origin",
            "packages[0].kind",
            "packages[0].net_kg",
            "packages[0].size_mm",
            "reefer.set_point_c",
            "reefer.fresh_air_m3h",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn gross_below_net_is_refused() {
        let mut p = fuji();
        p.packages[0].gross_kg = "17.5".into();
        let e = p.validate().unwrap_err();
        assert_eq!(e.0[0].code, "less_than_net");
    }
}
