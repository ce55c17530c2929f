//! Products sheet → [`ProductInput`]s, one per SKU, validated by the domain.

use crate::columns::{Layout, PRODUCT_COLUMNS, parse_bool};
use crate::rows::{Cells, RowErrors, country_text, whole_number};
use crate::{ImportError, Preview, RowError, Table};
use gendan_domain::hs::HsCode;
use gendan_domain::product::{PackageInput, PackageKind, ProductData, ProductInput, ReeferInput};
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// One product of the file: the sheet rows it came from (in file order; the package rows
/// are those whose package columns hold a value), what was read, and the validated product
/// when the rows have no error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedProduct {
    pub rows: Vec<usize>,
    pub input: ProductInput,
    pub data: Option<ProductData>,
}

// Positions in PRODUCT_COLUMNS (checked by a test).
const SKU: usize = 0;
const NAME_ZH: usize = 1;
const NAME_EN: usize = 2;
const HS_CODE: usize = 3;
const BOTANICAL: usize = 4;
const ORIGIN: usize = 5;
const VARIETY: usize = 6;
const GRADE: usize = 7;
const SIZE: usize = 8;
const SHELF_LIFE: usize = 9;
const PACKAGE_NAME: usize = 10;
const PACKAGE_KIND: usize = 11;
const NET: usize = 12;
const GROSS: usize = 13;
const LENGTH: usize = 14;
const WIDTH: usize = 15;
const HEIGHT: usize = 16;
const UPRIGHT: usize = 17;
const MAX_STACK: usize = 18;
const REEFER: usize = 19;
const SET_POINT: usize = 20;
const FRESH_AIR: usize = 21;
const HUMIDITY: usize = 22;

/// Columns that describe the product (equal or empty on every row of one SKU).
const PRODUCT_LEVEL: [usize; 14] = [
    SKU, NAME_ZH, NAME_EN, HS_CODE, BOTANICAL, ORIGIN, VARIETY, GRADE, SIZE, SHELF_LIFE, REEFER, SET_POINT,
    FRESH_AIR, HUMIDITY,
];
/// Columns that describe one package type (one per row).
const PACKAGE_LEVEL: [usize; 9] = [
    PACKAGE_NAME,
    PACKAGE_KIND,
    NET,
    GROSS,
    LENGTH,
    WIDTH,
    HEIGHT,
    UPRIGHT,
    MAX_STACK,
];

/// Group the rows by SKU (rows need not be adjacent), build one [`ProductInput`] per SKU
/// with one package per row, validate it, and map every domain error back to its row and
/// column (`packages[1].gross_kg` → the product's second package row, column `gross_kg`).
///
/// Row errors besides the domain's: `conflicting_value` (a product column differs between
/// rows of one SKU), `duplicate_package` (a package name twice in one SKU),
/// `invalid_number`, `invalid_boolean`, `required` (a dimension), `reefer_off` (reefer
/// settings on a row that says reefer `no`), `cell_error` (`#N/A` and other Excel errors).
///
/// Fails only for file-level problems: unknown, missing or doubled columns.
pub fn products(table: &Table) -> Result<Preview<ImportedProduct>, ImportError> {
    let layout = Layout::resolve(table, PRODUCT_COLUMNS, &[])?;
    let cells = Cells::new(&layout);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_sku: HashMap<&str, usize> = HashMap::new();
    for (ri, (_, row)) in table.rows.iter().enumerate() {
        let sku = cells.get(row, SKU);
        if sku.is_empty() {
            groups.push(vec![ri]);
            continue;
        }
        match by_sku.entry(sku) {
            Entry::Occupied(e) => groups[*e.get()].push(ri),
            Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push(vec![ri]);
            }
        }
    }
    let mut errors = Vec::new();
    let items = groups
        .iter()
        .map(|g| product(table, &layout, &cells, g, &mut errors))
        .collect();
    errors.sort_by_key(|e: &RowError| e.row);
    Ok(Preview {
        items,
        errors,
        rows_read: table.rows.len(),
    })
}

fn product(
    table: &Table,
    layout: &Layout,
    cells: &Cells,
    group: &[usize],
    out: &mut Vec<RowError>,
) -> ImportedProduct {
    let row_no = |ri: usize| table.rows[ri].0;
    let row = |ri: usize| table.rows[ri].1.as_slice();
    let mut errs = RowErrors::new(layout);
    for &ri in group {
        errs.cell_errors(row_no(ri), row(ri), cells);
    }
    // Product columns: the first value given; a different one later is a conflict.
    let mut value: [&str; PRODUCT_COLUMNS.len()] = [""; PRODUCT_COLUMNS.len()];
    let mut source: [usize; PRODUCT_COLUMNS.len()] = [group[0]; PRODUCT_COLUMNS.len()];
    for k in PRODUCT_LEVEL {
        for &ri in group {
            let v = cells.get(row(ri), k);
            if v.is_empty() {
                continue;
            }
            if value[k].is_empty() {
                value[k] = v;
                source[k] = ri;
            } else if !same_value(k, value[k], v) {
                errs.push(
                    row_no(ri),
                    Some(k),
                    "conflicting_value",
                    format!(
                        "SKU {} has `{}` here but `{}` on row {}; repeat the same value or leave it empty",
                        value[SKU],
                        v,
                        value[k],
                        row_no(source[k])
                    ),
                );
            }
        }
    }
    let opt = |k: usize| Some(value[k].to_string()).filter(|s| !s.is_empty());
    let shelf_life_days = match whole_number(value[SHELF_LIFE]) {
        Ok(n) => n,
        Err(()) => {
            errs.push(
                row_no(source[SHELF_LIFE]),
                Some(SHELF_LIFE),
                "invalid_number",
                format!("`{}` is not a whole number of days", value[SHELF_LIFE]),
            );
            None
        }
    };
    // Packages: one per row whose package columns hold anything.
    let package_rows: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&ri| PACKAGE_LEVEL.iter().any(|&k| !cells.get(row(ri), k).is_empty()))
        .collect();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut packages = Vec::with_capacity(package_rows.len());
    for &ri in &package_rows {
        let (n, r) = (row_no(ri), row(ri));
        let name = cells.get(r, PACKAGE_NAME);
        if !name.is_empty() {
            match names.entry(name.to_lowercase()) {
                Entry::Occupied(e) => errs.push(
                    n,
                    Some(PACKAGE_NAME),
                    "duplicate_package",
                    format!(
                        "package `{name}` of SKU {} is already on row {}",
                        value[SKU],
                        e.get()
                    ),
                ),
                Entry::Vacant(e) => {
                    e.insert(n);
                }
            }
        }
        let mut size_mm = [0u32; 3];
        for (d, k) in [LENGTH, WIDTH, HEIGHT].into_iter().enumerate() {
            let v = cells.get(r, k);
            match whole_number(v) {
                Ok(Some(mm)) => size_mm[d] = mm,
                Ok(None) => errs.push(
                    n,
                    Some(k),
                    "required",
                    "the dimension in whole millimetres is required",
                ),
                Err(()) => errs.push(
                    n,
                    Some(k),
                    "invalid_number",
                    format!("`{v}` is not a whole number of millimetres"),
                ),
            }
        }
        let this_side_up = match parse_bool(cells.get(r, UPRIGHT)) {
            Ok(b) => b.unwrap_or(false),
            Err(()) => {
                errs.bad_bool(n, UPRIGHT, cells.get(r, UPRIGHT));
                false
            }
        };
        packages.push(PackageInput {
            name: name.to_string(),
            kind: package_kind(cells.get(r, PACKAGE_KIND)),
            net_kg: cells.get(r, NET).to_string(),
            gross_kg: cells.get(r, GROSS).to_string(),
            size_mm,
            this_side_up,
            max_stack_kg: Some(cells.get(r, MAX_STACK).to_string()).filter(|s| !s.is_empty()),
        });
    }
    // Reefer: `yes`, or any setting given, means a reefer; settings left empty mean the
    // commodity's guideline.
    let settings = [SET_POINT, FRESH_AIR, HUMIDITY];
    let any_setting = settings.iter().any(|&k| !value[k].is_empty());
    let reefer_flag = match parse_bool(value[REEFER]) {
        Ok(b) => b,
        Err(()) => {
            errs.bad_bool(row_no(source[REEFER]), REEFER, value[REEFER]);
            None
        }
    };
    let reefer = match reefer_flag {
        Some(false) => {
            if let Some(&k) = settings.iter().find(|&&k| !value[k].is_empty()) {
                errs.push(
                    row_no(source[k]),
                    Some(k),
                    "reefer_off",
                    "reefer is `no` but a reefer setting is given; say yes or clear the setting",
                );
            }
            None
        }
        Some(true) => Some(()),
        None if any_setting => Some(()),
        None => None,
    }
    .map(|()| ReeferInput {
        set_point_c: value[SET_POINT].to_string(),
        fresh_air_m3h: value[FRESH_AIR].to_string(),
        humidity_pct: opt(HUMIDITY),
    });
    let input = ProductInput {
        sku: value[SKU].to_string(),
        name_zh: opt(NAME_ZH),
        name_en: value[NAME_EN].to_string(),
        hs_code: hs_code_text(value[HS_CODE]),
        botanical_name: opt(BOTANICAL),
        origin: country_text(value[ORIGIN]),
        variety: opt(VARIETY),
        grade: opt(GRADE),
        size: opt(SIZE),
        shelf_life_days,
        packages,
        reefer,
    };
    let data = match input.validate() {
        Ok(d) => Some(d),
        Err(v) => {
            for e in v.0 {
                let (ri, keys) = locate(&e.field, &input, &package_rows, &source, group[0], &value);
                for k in keys {
                    errs.domain(row_no(ri), k, &e);
                }
            }
            None
        }
    };
    let data = data.filter(|_| errs.is_empty());
    errs.drain_into(out);
    ImportedProduct {
        rows: group.iter().map(|&ri| row_no(ri)).collect(),
        input,
        data,
    }
}

/// The row (index into the table) and columns a domain field path points at.
fn locate(
    field: &str,
    input: &ProductInput,
    package_rows: &[usize],
    source: &[usize],
    first: usize,
    value: &[&str],
) -> (usize, Vec<Option<usize>>) {
    if let Some(rest) = field.strip_prefix("packages[")
        && let Some((i, sub)) = rest.split_once("].")
        && let Ok(i) = i.parse::<usize>()
        && let Some(&ri) = package_rows.get(i)
    {
        let k = match sub {
            "name" => PACKAGE_NAME,
            "kind" => PACKAGE_KIND,
            "net_kg" => NET,
            "gross_kg" => GROSS,
            "max_stack_kg" => MAX_STACK,
            "this_side_up" => UPRIGHT,
            "size_mm" => {
                let bad: Vec<Option<usize>> = [LENGTH, WIDTH, HEIGHT]
                    .into_iter()
                    .zip(input.packages[i].size_mm)
                    .filter(|(_, mm)| *mm == 0 || *mm > 20_000)
                    .map(|(k, _)| Some(k))
                    .collect();
                return (ri, if bad.is_empty() { vec![Some(LENGTH)] } else { bad });
            }
            _ => return (ri, vec![None]),
        };
        return (ri, vec![Some(k)]);
    }
    let key = field.strip_prefix("reefer.").unwrap_or(field);
    match PRODUCT_COLUMNS.iter().position(|c| c.key == key) {
        Some(k) if value[k].is_empty() && field.starts_with("reefer.") && !value[REEFER].is_empty() => {
            (source[REEFER], vec![Some(k)])
        }
        Some(k) => (source[k], vec![Some(k)]),
        None => (first, vec![None]),
    }
}

/// Two values of product column `k` on rows of one SKU say the same.
fn same_value(k: usize, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match k {
        HS_CODE => {
            let digits = |s: &str| s.chars().filter(|c| !matches!(c, '.' | ' ')).collect::<String>();
            digits(&hs_code_text(a)) == digits(&hs_code_text(b))
        }
        ORIGIN => country_text(a).eq_ignore_ascii_case(&country_text(b)),
        REEFER => parse_bool(a).is_ok_and(|x| parse_bool(b) == Ok(x)),
        SHELF_LIFE | SET_POINT | FRESH_AIR | HUMIDITY => {
            matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// An HS code as typed, with the leading zero Excel drops from codes of chapters 01-09
/// (`808100000` → `0808100000`) put back when only that makes it valid.
fn hs_code_text(s: &str) -> String {
    if (5..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && HsCode::parse(s).is_err() {
        let padded = format!("0{s}");
        if HsCode::parse(&padded).is_ok() {
            return padded;
        }
    }
    s.to_string()
}

/// The package kind's key from `Carton`, `cartons` or `纸箱`; anything else as given (the
/// domain then names the choices).
fn package_kind(s: &str) -> String {
    let l = s.trim().to_lowercase();
    let zh = match l.as_str() {
        "纸箱" => "carton",
        "捆" => "bundle",
        "袋" => "bag",
        "板条箱" | "木条箱" => "crate",
        "木箱" => "case",
        "大箱" | "周转箱" => "bin",
        "桶" => "drum",
        "托盘" => "pallet",
        _ => "",
    };
    if !zh.is_empty() {
        return zh.to_string();
    }
    if PackageKind::parse(&l).is_some() {
        return l;
    }
    if let Some(singular) = l.strip_suffix('s')
        && PackageKind::parse(singular).is_some()
    {
        return singular.to_string();
    }
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_positions_match_the_list() {
        let keys = [
            (SKU, "sku"),
            (NAME_ZH, "name_zh"),
            (NAME_EN, "name_en"),
            (HS_CODE, "hs_code"),
            (BOTANICAL, "botanical_name"),
            (ORIGIN, "origin"),
            (VARIETY, "variety"),
            (GRADE, "grade"),
            (SIZE, "size"),
            (SHELF_LIFE, "shelf_life_days"),
            (PACKAGE_NAME, "package_name"),
            (PACKAGE_KIND, "package_kind"),
            (NET, "net_kg"),
            (GROSS, "gross_kg"),
            (LENGTH, "length_mm"),
            (WIDTH, "width_mm"),
            (HEIGHT, "height_mm"),
            (UPRIGHT, "this_side_up"),
            (MAX_STACK, "max_stack_kg"),
            (REEFER, "reefer"),
            (SET_POINT, "set_point_c"),
            (FRESH_AIR, "fresh_air_m3h"),
            (HUMIDITY, "humidity_pct"),
        ];
        assert_eq!(keys.len(), PRODUCT_COLUMNS.len());
        for (i, k) in keys {
            assert_eq!(PRODUCT_COLUMNS[i].key, k);
        }
        let mut all: Vec<usize> = PRODUCT_LEVEL.iter().chain(&PACKAGE_LEVEL).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..PRODUCT_COLUMNS.len()).collect::<Vec<_>>());
    }

    #[test]
    fn excel_drops_the_leading_zero_of_hs_codes() {
        assert_eq!(hs_code_text("808100000"), "0808100000");
        assert_eq!(hs_code_text("80810"), "080810");
        assert_eq!(hs_code_text("0808100000"), "0808100000");
        assert_eq!(hs_code_text("12"), "12");
    }

    #[test]
    fn package_kinds_in_other_words() {
        assert_eq!(package_kind("Cartons"), "carton");
        assert_eq!(package_kind("纸箱"), "carton");
        assert_eq!(package_kind(" PALLET "), "pallet");
        assert_eq!(package_kind("box"), "box");
    }
}
