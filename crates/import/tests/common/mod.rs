//! Helpers shared by the integration tests.
#![allow(dead_code)]

use gendan_import::RowError;
use rust_xlsxwriter::Workbook;

/// A cell to write into a test workbook.
#[derive(Clone, Copy, Debug)]
pub enum C<'a> {
    S(&'a str),
    N(f64),
    B(bool),
    Blank,
}

/// A one-sheet workbook; `rows[0]` goes to sheet row 1.
pub fn xlsx(rows: &[Vec<C<'_>>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                C::S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::B(b) => {
                    ws.write_boolean(r, c, *b).unwrap();
                }
                C::Blank => {}
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Text cells from `|`-separated lines (`-` for an empty cell), for compact tables.
pub fn text_rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            l.split('|')
                .map(|c| {
                    if c.trim() == "-" {
                        String::new()
                    } else {
                        c.trim().to_string()
                    }
                })
                .collect()
        })
        .collect()
}

/// The English product header row.
pub const PRODUCT_HEADER: &str = "sku|name_zh|name_en|hs_code|botanical_name|origin|variety|grade|size|shelf_life_days|package_name|package_kind|net_kg|gross_kg|length_mm|width_mm|height_mm|this_side_up|max_stack_kg|reefer|set_point_c|fresh_air_m3h|humidity_pct";

/// A valid Fuji row for SKU `sku` and package `package` (fields as in PRODUCT_HEADER).
pub fn fuji(sku: &str, package: &str) -> String {
    format!(
        "{sku}|红富士苹果|Fresh Fuji Apples|0808100000|Malus domestica|CN|Fuji|Grade A|80-100|180|{package}|carton|18|19.2|500|300|280|yes|400|yes|-|-|-"
    )
}

/// CSV text from `|`-separated lines.
pub fn csv_of(lines: &[&str]) -> Vec<u8> {
    text_rows(lines)
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if c.contains([',', '"', '\n']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

/// (row, column, code) of each error, sorted.
pub fn located(errors: &[RowError]) -> Vec<(usize, String, String)> {
    let mut v: Vec<_> = errors
        .iter()
        .map(|e| (e.row, e.column.clone(), e.code.clone()))
        .collect();
    v.sort();
    v
}
