//! Templates users fill in, and large sample files for benchmarks.

use crate::columns::{CUSTOMER_COLUMNS, Column, PRODUCT_COLUMNS};
use crate::table::excel_number;
use rust_xlsxwriter::{Color, Format as CellFormat, FormatAlign, Workbook, XlsxError};

/// A cell of a template or sample row.
#[derive(Clone, Copy)]
enum V<'a> {
    Text(&'a str),
    Number(f64),
    Empty,
}

use V::{Empty, Number as N, Text as T};

/// An example product row (one 18 kg carton of Fuji apples with explicit reefer settings,
/// or one 15 kg carton of Ya pears taking the guideline's), in PRODUCT_COLUMNS order.
fn product_row(pear: bool, sku: &str) -> [V<'_>; 23] {
    if pear {
        [
            T(sku),
            T("鸭梨"),
            T("Fresh Ya Pears"),
            T("0808300000"),
            T("Pyrus bretschneideri"),
            T("CN"),
            T("Yali"),
            T("Grade A"),
            T("96-120"),
            N(150.0),
            T("15kg carton"),
            T("carton"),
            N(15.0),
            N(16.1),
            N(490.0),
            N(330.0),
            N(250.0),
            T("yes"),
            N(350.0),
            T("yes"),
            Empty,
            Empty,
            Empty,
        ]
    } else {
        [
            T(sku),
            T("红富士苹果"),
            T("Fresh Fuji Apples"),
            T("0808100000"),
            T("Malus domestica"),
            T("CN"),
            T("Fuji"),
            T("Grade A"),
            T("80-100"),
            N(180.0),
            T("18kg carton"),
            T("carton"),
            N(18.0),
            N(19.2),
            N(500.0),
            N(300.0),
            N(280.0),
            T("yes"),
            N(400.0),
            T("yes"),
            N(0.5),
            N(10.0),
            N(90.0),
        ]
    }
}

fn customer_rows() -> [[V<'static>; 14]; 2] {
    [
        [
            T("Van den Berg Fresh Fruit B.V."),
            Empty,
            Empty,
            T("Marconistraat 16"),
            Empty,
            T("Rotterdam"),
            T("South Holland"),
            T("3029 AK"),
            T("NL"),
            T("Pieter van den Berg"),
            T("pieter@vdberg-fruit.example"),
            T("+31 10 123 4567"),
            T("WhatsApp +31 6 1234 5678"),
            T("Buys Fuji 80-100 in 18 kg cartons.\nPays by T/T, 30% in advance."),
        ],
        [
            T("Al Noor Foodstuff Trading LLC"),
            T("阿尔努尔食品贸易有限责任公司"),
            Empty,
            T("Warehouse 12, Al Aweer Central Fruit and Vegetable Market"),
            Empty,
            T("Dubai"),
            T("Dubai"),
            Empty,
            T("AE"),
            T("Ahmed Khan"),
            T("ahmed@alnoor.example"),
            T("+971 4 320 1234"),
            T("WeChat alnoor_fruit"),
            T("L/C at sight."),
        ],
    ]
}

/// Columns kept as text in the templates, so Excel leaves leading zeros and ranges alone.
const TEXT_COLUMNS: [&str; 5] = ["sku", "hs_code", "size", "postal_code", "phone"];

const PRODUCT_NOTES: [(&str, &str); 5] = [
    (
        "第一行是列名（英文键或中文列名均可），请勿修改或增加未知列。",
        "Keep the first row: it names the columns (the English keys or the Chinese labels); unknown columns are refused.",
    ),
    (
        "每行一种包装；货号相同的行组成一个产品（产品各列在这些行上须相同或留空）。",
        "One row per package type; rows with the same SKU form one product (its product columns must be equal or empty on those rows).",
    ),
    (
        "冷藏填“是”而设定温度、新风量、湿度留空时，按 HS 编码采用推荐设定。",
        "Reefer yes with set point, fresh air and humidity empty takes the guideline settings for the HS code.",
    ),
    (
        "只有全部行都无误时才会导入；错误信息会指出行号和列名。",
        "Nothing is imported unless every row is valid; each error names its row and column.",
    ),
    (
        "请用您的数据替换示例行。最多 50,000 行。",
        "Replace the example rows with your own. At most 50,000 rows.",
    ),
];

const CUSTOMER_NOTES: [(&str, &str); 4] = [
    (
        "第一行是列名（英文键或中文列名均可），请勿修改或增加未知列。",
        "Keep the first row: it names the columns (the English keys or the Chinese labels); unknown columns are refused.",
    ),
    (
        "每行一个客户，含一个地址和一个联系人（可留空）。同名客户只能出现一次。",
        "One row per customer, with one address and one contact (both optional). A name may appear only once.",
    ),
    (
        "只有全部行都无误时才会导入；错误信息会指出行号和列名。",
        "Nothing is imported unless every row is valid; each error names its row and column.",
    ),
    (
        "请用您的数据替换示例行。最多 50,000 行。",
        "Replace the example rows with your own. At most 50,000 rows.",
    ),
];

fn workbook<'a>(
    sheet: &str,
    columns: &[Column],
    rows: impl Iterator<Item = &'a [V<'a>]>,
    notes: Option<&[(&str, &str)]>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = CellFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let text = CellFormat::new().set_num_format("@");
    let wrap = CellFormat::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, col.key, &bold)?;
        ws.set_column_width(c, col.key.len().max(12) as f64 + 2.0)?;
        if TEXT_COLUMNS.contains(&col.key) {
            ws.set_column_format(c, &text)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in rows.enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            match v {
                V::Text(s) => {
                    ws.write_string(r, c as u16, *s)?;
                }
                V::Number(n) => {
                    ws.write_number(r, c as u16, *n)?;
                }
                V::Empty => {}
            }
        }
    }
    if let Some(notes) = notes {
        let ws = wb.add_worksheet();
        ws.set_name("说明 Notes")?;
        ws.set_column_width(0, 18)?;
        ws.set_column_width(1, 14)?;
        ws.set_column_width(2, 12)?;
        ws.set_column_width(3, 50)?;
        ws.set_column_width(4, 60)?;
        let mut r = 0u32;
        for (zh, en) in notes {
            ws.write_string(r, 0, *zh)?;
            ws.write_string(r + 1, 0, *en)?;
            r += 2;
        }
        r += 1;
        for (c, h) in ["列 column", "中文列名", "必填 required", "说明", "Description"]
            .into_iter()
            .enumerate()
        {
            ws.write_string_with_format(r, c as u16, h, &bold)?;
        }
        for col in columns {
            r += 1;
            ws.write_string(r, 0, col.key)?;
            ws.write_string(r, 1, col.label_zh)?;
            ws.write_string(r, 2, if col.required { "是 yes" } else { "" })?;
            ws.write_string_with_format(r, 3, col.help_zh, &wrap)?;
            ws.write_string_with_format(r, 4, col.help_en, &wrap)?;
        }
    }
    wb.save_to_buffer()
}

fn csv_field(out: &mut String, v: &V<'_>) {
    match v {
        V::Empty => {}
        V::Number(n) => out.push_str(&excel_number(*n)),
        V::Text(s) => {
            if s.contains([',', ';', '"', '\n', '\r']) || s.trim() != *s {
                out.push('"');
                out.push_str(&s.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(s);
            }
        }
    }
}

/// CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese correctly), `,`
/// separated, CRLF line ends.
fn csv<'a>(columns: &[Column], rows: impl Iterator<Item = &'a [V<'a>]>) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<&str> = columns.iter().map(|c| c.key).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, v);
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

const WRITE: &str = "writing a workbook in memory does not fail";

fn example_products() -> [[V<'static>; 23]; 2] {
    [product_row(false, "FUJI-80-18"), product_row(true, "YALI-96-15")]
}

/// The products template: sheet `Products 产品` with the header row (English keys) and two
/// example rows (Fuji apples in an 18 kg carton, Ya pears in a 15 kg carton) that import
/// cleanly, and sheet `说明 Notes` explaining every column in Chinese and English.
pub fn product_template_xlsx() -> Vec<u8> {
    let rows = example_products();
    workbook(
        "Products 产品",
        PRODUCT_COLUMNS,
        rows.iter().map(|r| r.as_slice()),
        Some(&PRODUCT_NOTES),
    )
    .expect(WRITE)
}

/// The customers template: sheet `Customers 客户` with the header row and two example
/// customers (Rotterdam, Dubai), and sheet `说明 Notes`.
pub fn customer_template_xlsx() -> Vec<u8> {
    let rows = customer_rows();
    workbook(
        "Customers 客户",
        CUSTOMER_COLUMNS,
        rows.iter().map(|r| r.as_slice()),
        Some(&CUSTOMER_NOTES),
    )
    .expect(WRITE)
}

/// The products template as CSV (UTF-8 with BOM): header row and the two example rows.
pub fn product_template_csv() -> Vec<u8> {
    let rows = example_products();
    csv(PRODUCT_COLUMNS, rows.iter().map(|r| r.as_slice()))
}

/// The customers template as CSV (UTF-8 with BOM): header row and the two example rows.
pub fn customer_template_csv() -> Vec<u8> {
    let rows = customer_rows();
    csv(CUSTOMER_COLUMNS, rows.iter().map(|r| r.as_slice()))
}

fn sample_skus(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("SKU-{i:06}")).collect()
}

/// A products workbook of `n` valid rows with distinct SKUs (apples and pears in turn),
/// for benchmarks.
pub fn sample_products_xlsx(n: usize) -> Vec<u8> {
    let skus = sample_skus(n);
    let rows: Vec<[V<'_>; 23]> = skus
        .iter()
        .enumerate()
        .map(|(i, s)| product_row(i % 2 == 1, s))
        .collect();
    workbook(
        "Products 产品",
        PRODUCT_COLUMNS,
        rows.iter().map(|r| r.as_slice()),
        None,
    )
    .expect(WRITE)
}

/// The same `n` rows as [`sample_products_xlsx`], as CSV.
pub fn sample_products_csv(n: usize) -> Vec<u8> {
    let skus = sample_skus(n);
    let rows: Vec<[V<'_>; 23]> = skus
        .iter()
        .enumerate()
        .map(|(i, s)| product_row(i % 2 == 1, s))
        .collect();
    csv(PRODUCT_COLUMNS, rows.iter().map(|r| r.as_slice()))
}
