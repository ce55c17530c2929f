//! The shipping documents of an export: the commercial invoice (商业发票) and the packing list
//! (装箱单), laid out after the UN Layout Key for trade documents (UNECE Recommendation 1):
//! seller top left, consignee/buyer under it, number, date and references top right,
//! transport in the middle band, then the goods, totals, marks, words, declarations and the
//! signature at the foot.
//!
//! The view models are plain, already formatted strings printed as given; the PDF templates
//! are `invoice.typ` and `packing_list.typ` (see [`Renderer`](crate::Renderer)), the
//! spreadsheets are written here ([`render_invoice_xlsx`], [`render_packing_list_xlsx`]).
//! The fixed labels are printed in Chinese and English when `language` is `"zh"`, in
//! English otherwise.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet};
use serde::{Deserialize, Serialize};

use crate::RenderError;

/// A party as printed on a shipping document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TradeParty {
    /// The name; newlines are kept (e.g. the English name and the Chinese one).
    pub name: String,
    /// Address and contact lines, one printed line each.
    pub address_lines: Vec<String>,
}

/// A commercial invoice (商业发票), ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InvoiceDocument {
    /// `"zh"` (labels in Chinese and English) or `"en"` (English only).
    pub language: String,
    /// The title, e.g. `COMMERCIAL INVOICE` or `商业发票 COMMERCIAL INVOICE`.
    pub title: String,
    /// The seller / exporter; also the letterhead.
    pub seller: TradeParty,
    /// The buyer.
    pub buyer: TradeParty,
    /// The consignee, when it is not the buyer.
    pub consignee: Option<TradeParty>,
    /// Invoice number, e.g. `CI2026-0005`.
    pub number: String,
    /// Invoice date, formatted, e.g. `2026-12-21`.
    pub date: String,
    /// The sales contracts invoiced, e.g. `["SC-2026-0007"]`.
    pub contract_numbers: Vec<String>,
    /// The documentary credit, e.g. `LC-ENBD-26-04471`.
    pub lc_number: Option<String>,
    /// Delivery term with its place, e.g. `CFR Jebel Ali (Incoterms® 2020)`.
    pub incoterm: String,
    /// Payment terms as printed.
    pub payment_terms: String,
    /// Vessel and voyage, e.g. `MSC AURORA V.652W`.
    pub vessel: String,
    /// Port of loading, e.g. `Qingdao, China`.
    pub port_of_loading: String,
    /// Port of discharge, e.g. `Jebel Ali, UAE`.
    pub port_of_discharge: String,
    /// Country of origin, e.g. `China`.
    pub origin: String,
    /// The goods.
    pub lines: Vec<InvoiceDocLine>,
    /// Charges added under the goods (label, amount without currency), e.g.
    /// `("Freight", "3,200.00")`.
    pub charges: Vec<(String, String)>,
    /// ISO 4217 code printed over the price columns, e.g. `USD`.
    pub currency: String,
    /// Total quantities, one per unit, e.g. `["2,380 CTNS"]`.
    pub total_quantity_lines: Vec<String>,
    /// The invoice total without currency, e.g. `61,880.00`.
    pub total_amount: String,
    /// A deposit already received, without currency.
    pub deposit_received: Option<String>,
    /// What remains to be paid, without currency.
    pub balance_due: Option<String>,
    /// The total in words, e.g. `SAY US DOLLARS SIXTY-ONE THOUSAND … ONLY`.
    pub amount_in_words: String,
    /// Total packages, e.g. `2,380 CARTONS`.
    pub packages_total: String,
    /// Total net weight with unit, e.g. `42,840.000 KGS`.
    pub net_weight: String,
    /// Total gross weight with unit.
    pub gross_weight: String,
    /// Shipping marks (newlines kept).
    pub marks: String,
    /// Declarations and certifications, one paragraph each.
    pub declarations: Vec<String>,
    /// Who signs, e.g. `Li Na, Export Manager` (newlines kept).
    pub signatory: String,
    /// The seller's logo (PNG or JPEG bytes), printed at the top beside the seller's name.
    pub letterhead_png: Option<Vec<u8>>,
    /// The seller's stamp (PNG, JPEG, GIF, WebP or SVG bytes), printed over the signature.
    pub stamp_png: Option<Vec<u8>>,
    /// A handwritten signature (PNG or JPEG bytes), printed on the signature line under the
    /// stamp.
    pub signature_png: Option<Vec<u8>>,
    /// Printed at the foot of every page.
    pub footer: String,
}

/// One line of goods on the invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InvoiceDocLine {
    /// Line number as printed.
    pub no: u32,
    /// The marks of this line, when they differ per line.
    pub marks_and_numbers: Option<String>,
    /// What the goods are (newlines kept).
    pub description: String,
    /// HS code, e.g. `0808.10.00`.
    pub hs_code: String,
    /// Quantity, formatted, e.g. `1,190`.
    pub quantity: String,
    /// Unit, e.g. `CTNS`.
    pub unit: String,
    /// Unit price without currency, e.g. `26.00`.
    pub unit_price: String,
    /// Line amount without currency, e.g. `30,940.00`.
    pub amount: String,
    /// Packages, e.g. `1,190 CTNS`.
    pub packages: String,
}

/// A packing list (装箱单), ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackingListDocument {
    /// `"zh"` (labels in Chinese and English) or `"en"` (English only).
    pub language: String,
    /// The title, e.g. `PACKING LIST`.
    pub title: String,
    /// The seller / exporter; also the letterhead.
    pub seller: TradeParty,
    /// The buyer.
    pub buyer: TradeParty,
    /// The consignee, when it is not the buyer.
    pub consignee: Option<TradeParty>,
    /// Packing list number, e.g. `PL2026-0005`.
    pub number: String,
    /// Date, formatted.
    pub date: String,
    /// The invoice this list belongs to.
    pub invoice_number: String,
    /// The sales contracts.
    pub contract_numbers: Vec<String>,
    /// The documentary credit.
    pub lc_number: Option<String>,
    /// Vessel and voyage.
    pub vessel: String,
    /// Port of loading.
    pub port_of_loading: String,
    /// Port of discharge.
    pub port_of_discharge: String,
    /// The unit of every weight column, e.g. `KGS`.
    pub weight_unit: String,
    /// The unit of the measurement column, e.g. `CBM`.
    pub measurement_unit: String,
    /// What was packed, container by container.
    pub lines: Vec<PackingDocLine>,
    /// One row per container.
    pub containers: Vec<ContainerRow>,
    /// The grand totals.
    pub totals: PackingTotals,
    /// Shipping marks (newlines kept).
    pub marks: String,
    /// Who signs (newlines kept).
    pub signatory: String,
    /// The seller's logo (PNG or JPEG bytes), printed at the top beside the seller's name.
    pub letterhead_png: Option<Vec<u8>>,
    /// The seller's stamp, printed over the signature.
    pub stamp_png: Option<Vec<u8>>,
    /// A handwritten signature (PNG or JPEG bytes), printed on the signature line under the
    /// stamp.
    pub signature_png: Option<Vec<u8>>,
    /// Printed at the foot of every page.
    pub footer: String,
}

/// One packed line: some goods in one container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackingDocLine {
    /// Container number, e.g. `MSCU1234565`.
    pub container: String,
    /// Seal number.
    pub seal: String,
    /// What the goods are (newlines kept).
    pub description: String,
    /// Number of packages, formatted, e.g. `1,190`.
    pub packages: String,
    /// Kind of package, e.g. `CTNS`.
    pub package_type: String,
    /// Net weight of one package, e.g. `18.00`.
    pub net_per_package: String,
    /// Gross weight of one package.
    pub gross_per_package: String,
    /// Net weight of the line.
    pub net: String,
    /// Gross weight of the line.
    pub gross: String,
    /// Volume of the line.
    pub measurement: String,
}

/// One container's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ContainerRow {
    /// Container number.
    pub number: String,
    /// Seal number.
    pub seal: String,
    /// Container type, e.g. `40' RH`.
    #[serde(rename = "type")]
    pub container_type: String,
    /// Packages in it, formatted.
    pub packages: String,
    /// Net weight.
    pub net: String,
    /// Gross weight.
    pub gross: String,
    /// Volume.
    pub measurement: String,
}

/// The grand totals of a packing list, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackingTotals {
    /// Total packages, e.g. `4,760 CTNS`.
    pub packages: String,
    /// Total net weight.
    pub net: String,
    /// Total gross weight.
    pub gross: String,
    /// Total volume.
    pub measurement: String,
}

// ---------------------------------------------------------------- spreadsheets

const HEADER_FILL: u32 = 0xDCE4EE;
const ACCENT: u32 = 0x1F3A5F;

struct Formats {
    title: Format,
    label: Format,
    text: Format,
    bold: Format,
    head: Format,
    cell: Format,
    cell_right: Format,
    total_label: Format,
    total: Format,
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
            label: wrap.clone().set_bold().set_font_color(Color::RGB(ACCENT)),
            text: wrap.clone(),
            bold: wrap.clone().set_bold(),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL)),
            cell_right: cell.clone().set_align(FormatAlign::Right),
            total_label: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_background_color(Color::RGB(HEADER_FILL)),
            total: cell.clone().set_bold().set_align(FormatAlign::Right),
            cell,
        }
    }
}

/// A fixed label: `中文 English` for Chinese documents, English otherwise.
fn label(language: &str, zh: &str, en: &str) -> String {
    if language.to_ascii_lowercase().starts_with("zh") {
        format!("{zh} {en}")
    } else {
        en.to_owned()
    }
}

/// A sheet of `widths.len()` columns with a title row; returns the first free row.
fn start_sheet(
    sheet: &mut Worksheet,
    f: &Formats,
    name: &str,
    title: &str,
    widths: &[f64],
) -> Result<u32, RenderError> {
    sheet.set_name(name)?;
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let last = widths.len() as u16 - 1;
    sheet.merge_range(0, 0, 0, last, title, &f.title)?;
    sheet.set_row_height(0, 24)?;
    Ok(2)
}

/// Printed landscape on A4, as wide as one page; the file's bytes.
fn finish_sheet(mut workbook: Workbook) -> Result<Vec<u8>, RenderError> {
    let sheet = workbook.worksheet_from_index(0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    Ok(workbook.save_to_buffer()?)
}

/// Label in A, the value over B..=last.
fn write_row(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    last: u16,
    label: &str,
    value: &str,
) -> Result<(), RenderError> {
    sheet.write_string_with_format(row, 0, label, &f.label)?;
    if last > 1 {
        sheet.merge_range(row, 1, row, last, value, &f.text)?;
    } else {
        sheet.write_string_with_format(row, 1, value, &f.text)?;
    }
    let lines = value.lines().count().max(1);
    if lines > 1 {
        sheet.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// One [`write_row`] per field from `row` on; returns the first free row.
fn write_rows(
    sheet: &mut Worksheet,
    f: &Formats,
    mut row: u32,
    last: u16,
    fields: &[(String, String)],
) -> Result<u32, RenderError> {
    for (label, value) in fields {
        write_row(sheet, f, row, last, label, value)?;
        row += 1;
    }
    Ok(row)
}

/// The headings of a table at `row`. The main table's row is taller and stays in view
/// (frozen) while scrolling.
fn write_header(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    titles: &[String],
    main: bool,
) -> Result<(), RenderError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, title, &f.head)?;
    }
    if main {
        sheet.set_row_height(row, 30)?;
        sheet.set_freeze_panes(row + 1, 0)?;
    }
    Ok(())
}

/// The header fields every trade document opens with, in the UN Layout Key's order: the
/// parties, the document's own references (number, date…), the contracts and the credit,
/// `terms` (delivery, payment), then the transport.
struct HeadFields<'a> {
    language: &'a str,
    seller: &'a TradeParty,
    buyer: &'a TradeParty,
    consignee: Option<&'a TradeParty>,
    own: Vec<(String, String)>,
    contract_numbers: &'a [String],
    lc_number: Option<&'a str>,
    terms: Vec<(String, String)>,
    vessel: &'a str,
    port_of_loading: &'a str,
    port_of_discharge: &'a str,
}

impl HeadFields<'_> {
    fn rows(self) -> Vec<(String, String)> {
        let l = |zh: &str, en: &str| label(self.language, zh, en);
        let mut fields = vec![
            (l("卖方", "Seller / Exporter"), party_text(self.seller)),
            (l("买方", "Buyer"), party_text(self.buyer)),
        ];
        if let Some(consignee) = self.consignee {
            fields.push((l("收货人", "Consignee"), party_text(consignee)));
        }
        fields.extend(self.own);
        fields.push((l("合同号", "Contract No."), self.contract_numbers.join(", ")));
        if let Some(lc) = self.lc_number {
            fields.push((l("信用证号", "L/C No."), lc.to_owned()));
        }
        fields.extend(self.terms);
        fields.extend([
            (l("船名航次", "Vessel / Voyage"), self.vessel.to_owned()),
            (l("装运港", "Port of Loading"), self.port_of_loading.to_owned()),
            (
                l("目的港", "Port of Discharge"),
                self.port_of_discharge.to_owned(),
            ),
        ]);
        fields
    }
}

fn party_text(party: &TradeParty) -> String {
    std::iter::once(party.name.as_str())
        .chain(party.address_lines.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The commercial invoice as an `.xlsx` file (one sheet named "Invoice"): the header fields
/// as label/value rows, the goods table (quantities, prices and amounts as numbers), the
/// charges and the total as a `SUM` formula over amounts and charges (with its value cached),
/// then words, weights, marks, declarations and the signatory.
pub fn render_invoice_xlsx(doc: &InvoiceDocument) -> Result<Vec<u8>, RenderError> {
    const WIDTHS: [f64; 9] = [22.0, 18.0, 40.0, 12.0, 12.0, 8.0, 13.0, 16.0, 16.0];
    const LAST: u16 = 8;
    let lang = doc.language.as_str();
    let l = |zh: &str, en: &str| label(lang, zh, en);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let f = Formats::new();
    let row = start_sheet(sheet, &f, "Invoice", &doc.title, &WIDTHS)?;

    let head = HeadFields {
        language: lang,
        seller: &doc.seller,
        buyer: &doc.buyer,
        consignee: doc.consignee.as_ref(),
        own: vec![
            (l("发票号", "Invoice No."), doc.number.clone()),
            (l("日期", "Date"), doc.date.clone()),
        ],
        contract_numbers: &doc.contract_numbers,
        lc_number: doc.lc_number.as_deref(),
        terms: vec![
            (l("贸易术语", "Terms of Delivery"), doc.incoterm.clone()),
            (l("付款条件", "Terms of Payment"), doc.payment_terms.clone()),
        ],
        vessel: &doc.vessel,
        port_of_loading: &doc.port_of_loading,
        port_of_discharge: &doc.port_of_discharge,
    };
    let mut fields = head.rows();
    fields.push((l("原产地", "Country of Origin"), doc.origin.clone()));
    let mut row = write_rows(sheet, &f, row, LAST, &fields)? + 1;

    let cur = &doc.currency;
    let header = [
        l("序号", "No."),
        l("唛头", "Marks & Nos."),
        l("品名", "Description of Goods"),
        l("海关编码", "HS Code"),
        l("数量", "Quantity"),
        l("单位", "Unit"),
        format!("{} ({cur})", l("单价", "Unit Price")),
        format!("{} ({cur})", l("金额", "Amount")),
        l("件数", "Packages"),
    ];
    write_header(sheet, &f, row, &header, true)?;
    row += 1;

    let first = row;
    let mut all_numeric = true;
    for line in &doc.lines {
        sheet.write_number_with_format(row, 0, f64::from(line.no), &f.cell)?;
        sheet.write_string_with_format(row, 1, line.marks_and_numbers.as_deref().unwrap_or(""), &f.cell)?;
        sheet.write_string_with_format(row, 2, &line.description, &f.cell)?;
        sheet.write_string_with_format(row, 3, &line.hs_code, &f.cell)?;
        write_amount(sheet, row, 4, &line.quantity, &f.cell_right)?;
        sheet.write_string_with_format(row, 5, &line.unit, &f.cell)?;
        write_amount(sheet, row, 6, &line.unit_price, &f.cell_right)?;
        all_numeric &= write_amount(sheet, row, 7, &line.amount, &f.cell_right)?;
        sheet.write_string_with_format(row, 8, &line.packages, &f.cell)?;
        let lines = line.description.lines().count().max(1);
        if lines > 1 {
            sheet.set_row_height(row, 15.0 * lines as f64)?;
        }
        row += 1;
    }
    for (label, amount) in &doc.charges {
        sheet.merge_range(row, 0, row, 6, label, &f.total_label)?;
        all_numeric &= write_amount(sheet, row, 7, amount, &f.cell_right)?;
        sheet.write_blank(row, 8, &f.cell)?;
        row += 1;
    }

    // Totals: quantities as text (there may be several units), the amount as a formula.
    sheet.merge_range(row, 0, row, 3, &l("合计", "TOTAL"), &f.total_label)?;
    let quantities = doc.total_quantity_lines.join("\n");
    sheet.merge_range(row, 4, row, 6, &quantities, &f.total)?;
    write_total(sheet, &f, row, 7, &doc.total_amount, first, all_numeric)?;
    sheet.write_string_with_format(row, 8, &doc.packages_total, &f.total)?;
    sheet.set_row_height(row, 15.0 * doc.total_quantity_lines.len().max(1) as f64)?;
    row += 1;
    let payments = [
        (l("已收定金", "Deposit Received"), &doc.deposit_received),
        (l("应付余额", "Balance Due"), &doc.balance_due),
    ];
    for (label, amount) in payments {
        if let Some(amount) = amount {
            sheet.merge_range(row, 0, row, 6, &label, &f.total_label)?;
            write_amount(sheet, row, 7, amount, &f.total)?;
            row += 1;
        }
    }
    row += 1;

    let mut fields = vec![
        (l("大写金额", "Amount in Words"), doc.amount_in_words.clone()),
        (l("总件数", "Total Packages"), doc.packages_total.clone()),
        (l("总净重", "Total Net Weight"), doc.net_weight.clone()),
        (l("总毛重", "Total Gross Weight"), doc.gross_weight.clone()),
        (l("唛头", "Shipping Marks"), doc.marks.clone()),
    ];
    for (i, declaration) in doc.declarations.iter().enumerate() {
        let label = if i == 0 {
            l("声明", "Declarations")
        } else {
            String::new()
        };
        fields.push((label, declaration.clone()));
    }
    fields.push((l("签字", "Signature"), doc.signatory.clone()));
    write_rows(sheet, &f, row, LAST, &fields)?;
    finish_sheet(workbook)
}

/// The packing list as an `.xlsx` file (one sheet named "Packing List"): the header fields,
/// the packed lines (packages, weights and measurement as numbers) with totals, the
/// containers with totals, marks and the signatory. Totals are `SUM` formulas over the
/// column with the document's value cached when every cell is a number, else the value.
pub fn render_packing_list_xlsx(doc: &PackingListDocument) -> Result<Vec<u8>, RenderError> {
    const WIDTHS: [f64; 10] = [22.0, 14.0, 36.0, 11.0, 9.0, 11.0, 11.0, 13.0, 13.0, 12.0];
    const LAST: u16 = 9;
    let lang = doc.language.as_str();
    let l = |zh: &str, en: &str| label(lang, zh, en);
    let wu = &doc.weight_unit;
    let mu = &doc.measurement_unit;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let f = Formats::new();
    let row = start_sheet(sheet, &f, "Packing List", &doc.title, &WIDTHS)?;

    let head = HeadFields {
        language: lang,
        seller: &doc.seller,
        buyer: &doc.buyer,
        consignee: doc.consignee.as_ref(),
        own: vec![
            (l("装箱单号", "Packing List No."), doc.number.clone()),
            (l("日期", "Date"), doc.date.clone()),
            (l("发票号", "Invoice No."), doc.invoice_number.clone()),
        ],
        contract_numbers: &doc.contract_numbers,
        lc_number: doc.lc_number.as_deref(),
        terms: Vec::new(),
        vessel: &doc.vessel,
        port_of_loading: &doc.port_of_loading,
        port_of_discharge: &doc.port_of_discharge,
    };
    let mut row = write_rows(sheet, &f, row, LAST, &head.rows())? + 1;

    let header = [
        l("箱号", "Container No."),
        l("封号", "Seal No."),
        l("品名", "Description of Goods"),
        l("件数", "Packages"),
        l("包装", "Type"),
        format!("{} ({wu})", l("每件净重", "N.W./Pkg")),
        format!("{} ({wu})", l("每件毛重", "G.W./Pkg")),
        format!("{} ({wu})", l("净重", "N.W.")),
        format!("{} ({wu})", l("毛重", "G.W.")),
        format!("{} ({mu})", l("体积", "Meas.")),
    ];
    write_header(sheet, &f, row, &header, true)?;
    row += 1;
    let first = row;
    let mut numeric = [true; 4];
    for line in &doc.lines {
        sheet.write_string_with_format(row, 0, &line.container, &f.cell)?;
        sheet.write_string_with_format(row, 1, &line.seal, &f.cell)?;
        sheet.write_string_with_format(row, 2, &line.description, &f.cell)?;
        numeric[0] &= write_amount(sheet, row, 3, &line.packages, &f.cell_right)?;
        sheet.write_string_with_format(row, 4, &line.package_type, &f.cell)?;
        write_amount(sheet, row, 5, &line.net_per_package, &f.cell_right)?;
        write_amount(sheet, row, 6, &line.gross_per_package, &f.cell_right)?;
        numeric[1] &= write_amount(sheet, row, 7, &line.net, &f.cell_right)?;
        numeric[2] &= write_amount(sheet, row, 8, &line.gross, &f.cell_right)?;
        numeric[3] &= write_amount(sheet, row, 9, &line.measurement, &f.cell_right)?;
        row += 1;
    }
    let t = &doc.totals;
    sheet.merge_range(row, 0, row, 2, &l("合计", "TOTAL"), &f.total_label)?;
    let totals = [(3, &t.packages), (7, &t.net), (8, &t.gross), (9, &t.measurement)];
    for ((col, value), numeric) in totals.into_iter().zip(numeric) {
        write_total(sheet, &f, row, col, value, first, numeric)?;
    }
    for col in [4, 5, 6] {
        sheet.write_blank(row, col, &f.total)?;
    }
    row += 2;

    // Containers.
    sheet.merge_range(row, 0, row, LAST, &l("集装箱明细", "Containers"), &f.bold)?;
    row += 1;
    let header = [
        l("箱号", "Container No."),
        l("封号", "Seal No."),
        l("箱型", "Type"),
        l("件数", "Packages"),
        format!("{} ({wu})", l("净重", "N.W.")),
        format!("{} ({wu})", l("毛重", "G.W.")),
        format!("{} ({mu})", l("体积", "Meas.")),
    ];
    write_header(sheet, &f, row, &header, false)?;
    row += 1;
    let first = row;
    let mut numeric = [true; 4];
    for c in &doc.containers {
        sheet.write_string_with_format(row, 0, &c.number, &f.cell)?;
        sheet.write_string_with_format(row, 1, &c.seal, &f.cell)?;
        sheet.write_string_with_format(row, 2, &c.container_type, &f.cell)?;
        numeric[0] &= write_amount(sheet, row, 3, &c.packages, &f.cell_right)?;
        numeric[1] &= write_amount(sheet, row, 4, &c.net, &f.cell_right)?;
        numeric[2] &= write_amount(sheet, row, 5, &c.gross, &f.cell_right)?;
        numeric[3] &= write_amount(sheet, row, 6, &c.measurement, &f.cell_right)?;
        row += 1;
    }
    sheet.merge_range(row, 0, row, 2, &l("合计", "TOTAL"), &f.total_label)?;
    let totals = [(3, &t.packages), (4, &t.net), (5, &t.gross), (6, &t.measurement)];
    for ((col, value), numeric) in totals.into_iter().zip(numeric) {
        write_total(sheet, &f, row, col, value, first, numeric)?;
    }
    row += 2;

    let fields = [
        (l("唛头", "Shipping Marks"), doc.marks.clone()),
        (l("签字", "Signature"), doc.signatory.clone()),
    ];
    write_rows(sheet, &f, row, LAST, &fields)?;
    finish_sheet(workbook)
}

/// A total at (`row`, `col`): `SUM` over the rows `first..row` of the column with the
/// document's value cached, when the column is all numbers and the total is one (perhaps
/// followed by its unit); else as given.
fn write_total(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    value: &str,
    first: u32,
    numeric: bool,
) -> Result<(), RenderError> {
    // A total may carry its unit (`4,760 CTNS`): the number with the unit in its format.
    let (amount, unit) = match value.trim().split_once(' ') {
        Some((number, unit)) if !unit.contains('"') && parse_amount(number).is_some() => {
            (parse_amount(number), unit)
        }
        _ => (parse_amount(value), ""),
    };
    match amount {
        Some((number, decimals)) if numeric && row > first => {
            let mut num_format = number_format(decimals);
            if !unit.is_empty() {
                num_format.push_str(&format!("\" {}\"", unit.trim()));
            }
            let format = f.total.clone().set_num_format(num_format);
            let name = column_name(col);
            let formula = Formula::new(format!("=SUM({name}{}:{name}{})", first + 1, row))
                .set_result(number.to_string());
            sheet.write_formula_with_format(row, col, formula, &format)?;
        }
        _ => {
            write_amount(sheet, row, col, value, &f.total)?;
        }
    }
    Ok(())
}

/// `0` → `A`; the sheets here have fewer than 26 columns.
fn column_name(col: u16) -> char {
    char::from(b'A' + col as u8)
}

/// Writes `text` as a number when it plainly is one (keeping its decimals), else as text.
/// Returns whether it was a number.
fn write_amount(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<bool, RenderError> {
    match parse_amount(text) {
        Some((value, decimals)) => {
            let format = format.clone().set_num_format(number_format(decimals));
            sheet.write_number_with_format(row, col, value, &format)?;
            Ok(true)
        }
        None => {
            sheet.write_string_with_format(row, col, text, format)?;
            Ok(false)
        }
    }
}

fn number_format(decimals: usize) -> String {
    if decimals == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    }
}

/// `1,800`, `-12.50`, `24.000` → (value, decimals); thousands separators must be in groups
/// of three. Anything else (`0808.10.00`, `1.800,00`, `1,190 CTNS`) is not a plain number.
fn parse_amount(text: &str) -> Option<(f64, usize)> {
    let number = text.trim();
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
        && (groups.len() == 1 || groups[0].len() <= 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !groups_ok {
        return None;
    }
    let plain: String = number.chars().filter(|c| *c != ',').collect();
    Some((plain.parse().ok()?, frac.map_or(0, str::len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_and_other_text_does_not() {
        assert_eq!(parse_amount("1,800"), Some((1800.0, 0)));
        assert_eq!(parse_amount("-12.50"), Some((-12.5, 2)));
        assert_eq!(parse_amount("61,880.00"), Some((61880.0, 2)));
        for text in ["0808.10.00", "1.800,00", "1,190 CTNS", "", "12,34", "5."] {
            assert_eq!(parse_amount(text), None, "{text}");
        }
    }

    #[test]
    fn labels_are_bilingual_only_in_chinese() {
        assert_eq!(label("zh", "发票号", "Invoice No."), "发票号 Invoice No.");
        assert_eq!(label("en", "发票号", "Invoice No."), "Invoice No.");
        assert_eq!(column_name(7), 'H');
    }
}
