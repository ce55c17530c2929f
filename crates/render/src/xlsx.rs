//! The sales contract as a spreadsheet: one sheet "Contract".
//!
//! Layout (columns A–H = the goods table's columns):
//! a header block of single-line rows (title, number, date, parties, price term), the goods
//! table with its header row frozen (with the few rows above it), totals, amounts in words, terms, bank details and the signatories.
//! Strings that are plainly numbers (`1,800`, `24.00`, `USD 43,200.00`) become numeric cells
//! whose number format shows them as given; anything else stays text.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::RenderError;
use crate::model::{ContractDocument, PartyBlock};

const LAST_COL: u16 = 7;
const WIDTHS: [f64; 8] = [22.0, 44.0, 12.0, 24.0, 12.0, 8.0, 14.0, 18.0];
const HEADER_FILL: u32 = 0xDCE4EE;
const ACCENT: u32 = 0x1F3A5F;

struct Formats {
    title: Format,
    label: Format,
    label_wrap: Format,
    text: Format,
    bold: Format,
    line: Format,
    bold_line: Format,
    head: Format,
    cell: Format,
    cell_center: Format,
    cell_right: Format,
    total_label: Format,
}

impl Formats {
    fn new() -> Self {
        let wrap = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_font_name("Arial");
        let cell = wrap.clone().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_name("Arial")
                .set_font_color(Color::RGB(ACCENT)),
            label: Format::new()
                .set_font_name("Arial")
                .set_bold()
                .set_font_color(Color::RGB(ACCENT)),
            label_wrap: wrap.clone().set_bold().set_font_color(Color::RGB(ACCENT)),
            text: wrap.clone(),
            bold: wrap.clone().set_bold(),
            line: Format::new().set_font_name("Arial"),
            bold_line: Format::new().set_font_name("Arial").set_bold(),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL)),
            cell_center: cell.clone().set_align(FormatAlign::Center),
            cell_right: cell.clone().set_align(FormatAlign::Right),
            total_label: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_background_color(Color::RGB(HEADER_FILL)),
            cell,
        }
    }
}

/// The sales contract as an `.xlsx` file (one sheet named "Contract").
pub fn render_contract_xlsx(doc: &ContractDocument) -> Result<Vec<u8>, RenderError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Contract")?;
    let f = Formats::new();
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }

    // Header block.
    sheet.merge_range(0, 0, 0, LAST_COL, "SALES CONTRACT 销售合同", &f.title)?;
    sheet.set_row_height(0, 24)?;
    let mut row = 1;
    sheet.write_string_with_format(row, 0, "No. 合同号", &f.label)?;
    sheet.write_string_with_format(row, 1, &doc.number, &f.bold)?;
    sheet.write_string_with_format(row, 2, "Date 日期", &f.label)?;
    sheet.write_string_with_format(row, 3, &doc.date, &f.text)?;
    if let Some(place) = &doc.place_of_signing {
        sheet.write_string_with_format(row, 4, "Place 签约地点", &f.label)?;
        sheet.merge_range(row, 5, row, LAST_COL, place, &f.text)?;
    }
    row += 1;
    if doc.revision > 1 {
        let n = doc.revision - 1;
        sheet.write_string_with_format(row, 0, "Amendment 修改", &f.label)?;
        sheet.write_string_with_format(row, 1, format!("Amendment {n} / 第{n}次修改"), &f.bold)?;
        row += 1;
    }
    // One line per party, so the frozen rows above the goods table stay few and low.
    let parties = [
        ("Seller 卖方", Some(&doc.seller)),
        ("Buyer 买方", Some(&doc.buyer)),
        ("Consignee 收货人", doc.consignee.as_ref()),
        ("Notify 通知人", doc.notify.as_ref()),
    ];
    for (label, party) in parties {
        if let Some(party) = party {
            write_party(sheet, &f, row, label, party)?;
            row += 1;
        }
    }
    sheet.write_string_with_format(row, 0, "Price term 价格条款", &f.label)?;
    sheet.merge_range(row, 1, row, 3, &doc.price_term, &f.text)?;
    sheet.write_string_with_format(row, 4, "Currency 币种", &f.label)?;
    sheet.write_string_with_format(row, 5, &doc.currency, &f.bold)?;
    row += 2;

    // Goods table; the rows above and its header stay in view.
    let header = [
        "No.\n序号",
        "Description\n品名及规格",
        "HS Code\n海关编码",
        "Packing\n包装",
        "Quantity\n数量",
        "Unit\n单位",
        "Unit Price\n单价",
        "Amount\n金额",
    ];
    for (col, title) in header.iter().enumerate() {
        let title = match col {
            6 | 7 => format!("{title} ({})", doc.currency),
            _ => (*title).to_owned(),
        };
        sheet.write_string_with_format(row, col as u16, &title, &f.head)?;
    }
    sheet.set_row_height(row, 30)?;
    sheet.set_freeze_panes(row + 1, 0)?;
    row += 1;

    for line in &doc.lines {
        sheet.write_number_with_format(row, 0, f64::from(line.no), &f.cell_center)?;
        let mut description = line.description_en.clone();
        for extra in [&line.description_zh, &line.spec].into_iter().flatten() {
            description.push('\n');
            description.push_str(extra);
        }
        sheet.write_string_with_format(row, 1, &description, &f.cell)?;
        sheet.write_string_with_format(row, 2, line.hs_code.as_deref().unwrap_or(""), &f.cell)?;
        sheet.write_string_with_format(row, 3, line.packing.as_deref().unwrap_or(""), &f.cell)?;
        write_amount(sheet, row, 4, &line.quantity, &f.cell_right)?;
        sheet.write_string_with_format(row, 5, &line.unit, &f.cell_center)?;
        write_amount(sheet, row, 6, &line.unit_price, &f.cell_right)?;
        write_amount(sheet, row, 7, &line.amount, &f.cell_right)?;
        let height = row_height(&description, WIDTHS[1] as usize - 2).max(row_height(
            line.packing.as_deref().unwrap_or(""),
            WIDTHS[3] as usize - 2,
        ));
        sheet.set_row_height(row, height)?;
        row += 1;
    }

    // Totals.
    sheet.merge_range(row, 0, row, 3, "TOTAL 合计", &f.total_label)?;
    let total_format = f.cell_right.clone().set_bold();
    sheet.merge_range(row, 4, row, 5, &doc.total_quantities.join("\n"), &total_format)?;
    sheet.merge_range(row, 6, row, 7, "", &total_format)?;
    write_amount(sheet, row, 6, &doc.total_amount, &total_format)?;
    sheet.set_row_height(row, 15.0 * doc.total_quantities.len().max(1) as f64)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "In words 大写", &f.label)?;
    sheet.merge_range(row, 1, row, LAST_COL, &doc.amount_in_words_en, &f.bold)?;
    row += 1;
    if let Some(zh) = &doc.amount_in_words_zh {
        sheet.write_string_with_format(row, 0, "大写金额", &f.label)?;
        sheet.merge_range(row, 1, row, LAST_COL, zh, &f.bold)?;
        row += 1;
    }

    // Terms.
    if !doc.terms.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, "TERMS AND CONDITIONS 合同条款", &f.label)?;
        row += 1;
        for (i, term) in doc.terms.iter().enumerate() {
            let label = format!("{}. {} {}", i + 1, term.label_en, term.label_zh);
            sheet.write_string_with_format(row, 0, &label, &f.label_wrap)?;
            sheet.merge_range(row, 1, row, LAST_COL, &term.text, &f.text)?;
            let height = row_height(&term.text, 125).max(row_height(&label, 20));
            sheet.set_row_height(row, height)?;
            row += 1;
        }
    }

    // Bank details.
    if !doc.bank_accounts.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, "BANK INFORMATION 银行信息", &f.label)?;
        row += 1;
        for bank in &doc.bank_accounts {
            let fields = [
                ("Beneficiary 收款人", Some(&bank.beneficiary)),
                ("Bank 开户银行", Some(&bank.bank_name)),
                ("Bank address 银行地址", bank.bank_address.as_ref()),
                ("Account No. 账号", Some(&bank.account_no)),
                ("SWIFT/BIC", bank.swift.as_ref()),
                ("Currency 币种", bank.currency.as_ref()),
            ];
            for (label, value) in fields {
                if let Some(value) = value {
                    sheet.write_string_with_format(row, 0, label, &f.label)?;
                    sheet.merge_range(row, 1, row, LAST_COL, value, &f.text)?;
                    row += 1;
                }
            }
            row += 1;
        }
    }

    // Signatories.
    row += 1;
    sheet.write_string_with_format(row, 0, "THE SELLER 卖方", &f.label)?;
    sheet.write_string_with_format(row, 1, &doc.seller.name_en, &f.bold)?;
    sheet.write_string_with_format(row, 3, "THE BUYER 买方", &f.label)?;
    sheet.merge_range(row, 4, row, LAST_COL, &doc.buyer.name_en, &f.bold)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "Signed by 签字", &f.label)?;
    sheet.write_string_with_format(row, 1, doc.seller_signatory.as_deref().unwrap_or(""), &f.text)?;
    sheet.write_string_with_format(row, 3, "Signed by 签字", &f.label)?;
    sheet.merge_range(
        row,
        4,
        row,
        LAST_COL,
        doc.buyer_signatory.as_deref().unwrap_or(""),
        &f.text,
    )?;

    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    Ok(workbook.save_to_buffer()?)
}

/// Label in A, names in B, address and contacts on one line in C:H.
fn write_party(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    label: &str,
    party: &PartyBlock,
) -> Result<(), RenderError> {
    let name = match &party.name_zh {
        Some(zh) => format!("{} {zh}", party.name_en),
        None => party.name_en.clone(),
    };
    let details = party
        .address_lines
        .iter()
        .chain(&party.contact_lines)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    sheet.write_string_with_format(row, 0, label, &f.label)?;
    sheet.write_string_with_format(row, 1, &name, &f.bold_line)?;
    sheet.merge_range(row, 2, row, LAST_COL, &details, &f.line)?;
    Ok(())
}

/// Height for wrapped text in a merged range about `chars` characters wide.
fn row_height(text: &str, chars: usize) -> f64 {
    let lines: usize = text
        .lines()
        .map(|l| {
            // CJK characters are about twice as wide as Latin ones.
            let width: usize = l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            width.div_ceil(chars).max(1)
        })
        .sum();
    15.0 * lines.max(1) as f64
}

/// Writes `text` as a number when it plainly is one (keeping how it looks), else as text.
fn write_amount(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), RenderError> {
    match parse_amount(text) {
        Some(amount) => {
            let format = format.clone().set_num_format(amount.number_format());
            sheet.write_number_with_format(row, col, amount.value, &format)?;
        }
        None => {
            sheet.write_string_with_format(row, col, text, format)?;
        }
    }
    Ok(())
}

/// A number as printed: value, decimals, and an optional currency code before it.
#[derive(Debug, PartialEq)]
struct Amount<'a> {
    value: f64,
    decimals: usize,
    prefix: Option<&'a str>,
}

impl Amount<'_> {
    fn number_format(&self) -> String {
        let mut format = String::new();
        if let Some(prefix) = self.prefix {
            format.push('"');
            format.push_str(prefix);
            format.push_str(" \"");
        }
        format.push_str("#,##0");
        if self.decimals > 0 {
            format.push('.');
            format.push_str(&"0".repeat(self.decimals));
        }
        format
    }
}

/// `1,800`, `-12.50`, `24.000`, `USD 43,200.00`; thousands separators must be in groups of
/// three. Anything else (`0808.10.00`, `1.800,00`, `approx. 5`) is not a plain number.
fn parse_amount(text: &str) -> Option<Amount<'_>> {
    let text = text.trim();
    let (prefix, number) = match text.split_once(' ') {
        Some((code, rest)) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
            (Some(code), rest.trim())
        }
        Some(_) => return None,
        None => (None, text),
    };
    let unsigned = number.strip_prefix('-').unwrap_or(number);
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    if let Some(frac) = frac
        && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let groups_ok = !groups[0].is_empty()
        && groups[0].len() <= if groups.len() > 1 { 3 } else { usize::MAX }
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !groups_ok {
        return None;
    }
    let plain: String = number.chars().filter(|c| *c != ',').collect();
    let value: f64 = plain.parse().ok()?;
    Some(Amount {
        value,
        decimals: frac.map_or(0, str::len),
        prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_parse_with_their_look() {
        let a = parse_amount("1,800").unwrap();
        assert_eq!((a.value, a.decimals, a.prefix), (1800.0, 0, None));
        assert_eq!(a.number_format(), "#,##0");
        let a = parse_amount("USD 43,200.00").unwrap();
        assert_eq!((a.value, a.decimals, a.prefix), (43200.0, 2, Some("USD")));
        assert_eq!(a.number_format(), "\"USD \"#,##0.00");
        let a = parse_amount("-12.500").unwrap();
        assert_eq!((a.value, a.decimals), (-12.5, 3));
        assert_eq!(parse_amount("21600.000").unwrap().value, 21600.0);
    }

    #[test]
    fn other_strings_stay_text() {
        for text in [
            "0808.10.00",
            "1.800,00",
            "approx. 5",
            "12,34",
            "1,2345",
            "",
            "-",
            "usd 5",
            "USD",
            "5.",
            "1,800 CTNS",
        ] {
            assert_eq!(parse_amount(text), None, "{text}");
        }
    }
}
