//! The commercial invoice (商业发票) and the packing list (装箱单): the PDFs read back with
//! poppler's pdftotext (poppler-utils must be installed: without it these tests fail, they do
//! not skip), the spreadsheets read back with calamine.
//!
//! With `GENDAN_TRADE_OUT=DIR` set, the samples are also written to `DIR/invoice.pdf`,
//! `DIR/invoice_en.pdf`, `DIR/invoice_long.pdf` and `DIR/packing_list.pdf` for a look.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{assert_contains_all, loose, page_count, pdftotext, pdftotext_page, stamp_png};
use gendan_render::{
    Fonts, InvoiceDocument, PackingListDocument, Renderer, render_invoice_xlsx, render_packing_list_xlsx,
    sample_invoice, sample_packing_list,
};

fn renderer() -> Renderer {
    Renderer::new(Fonts::system().expect("fonts (install fonts-noto-cjk)"))
}

fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("GENDAN_TRADE_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).expect("write sample");
    }
}

fn invoice_pdf(doc: &InvoiceDocument, name: &str) -> Vec<u8> {
    let pdf = renderer().render_invoice_pdf(doc).expect("render invoice");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    keep(name, &pdf);
    pdf
}

fn packing_list_pdf(doc: &PackingListDocument, name: &str) -> Vec<u8> {
    let pdf = renderer()
        .render_packing_list_pdf(doc)
        .expect("render packing list");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    keep(name, &pdf);
    pdf
}

#[test]
fn invoice_prints_parties_references_transport_goods_totals_and_words() {
    let mut doc = sample_invoice(3, 2);
    doc.stamp_png = Some(stamp_png());
    let pdf = invoice_pdf(&doc, "invoice.pdf");
    assert_eq!(page_count(&pdf), 1);
    let text = pdftotext(&pdf);
    let mut expected = vec![
        "商业发票",
        "COMMERCIAL INVOICE",
        "卖方/出口商 Seller / Exporter",
        "Yantai Golden Orchard Fruit Import & Export Co., Ltd.",
        "烟台金果园水果进出口有限公司",
        "买方 Buyer",
        "AL MADINA FRESH FRUIT TRADING L.L.C.",
        "收货人 Consignee",
        "TO THE ORDER OF EMIRATES NBD BANK P.J.S.C.",
        "发票号 Invoice No.",
        "CI2026-0011",
        "合同号 Contract No.",
        "SC-2026-0011",
        "信用证号 L/C No.",
        "ENBD-LC-2026-778812",
        "贸易术语 Terms of Delivery",
        "CFR Jebel Ali",
        "付款条件 Terms of Payment",
        "船名航次 Vessel / Voyage",
        "MAERSK KOWLOON / 447W",
        "Qingdao, China (CNTAO)",
        "Jebel Ali, U.A.E. (AEJEA)",
        "0808.10.00",
        "海运费",
        "合计 Total",
        "已收定金 Deposit Received",
        "应付余额 Balance Due",
        "大写金额 Amount in Words",
        "唛头 Shipping Marks",
        "PRODUCT OF CHINA",
        "总净重 Total Net Weight",
        "声明 Declarations",
        "Li Na 李娜",
    ];
    let total = format!("USD {}", doc.total_amount);
    let deposit = format!("USD {}", doc.deposit_received.clone().unwrap());
    let balance = format!("USD {}", doc.balance_due.clone().unwrap());
    for value in [
        &doc.total_quantity_lines[0],
        &total,
        &deposit,
        &balance,
        &doc.amount_in_words,
        &doc.net_weight,
        &doc.gross_weight,
        &doc.lines[2].amount,
        &doc.charges[0].1,
    ] {
        expected.push(value);
    }
    assert_contains_all(&text, &expected);
}

#[test]
fn english_invoice_prints_english_labels_only() {
    let mut doc = sample_invoice(2, 1);
    doc.language = "en".to_owned();
    doc.title = "COMMERCIAL INVOICE".to_owned();
    let text = pdftotext(&invoice_pdf(&doc, "invoice_en.pdf"));
    assert_contains_all(
        &text,
        &[
            "Invoice No.",
            "Seller / Exporter",
            "Amount in Words",
            "Balance Due",
        ],
    );
    let text = loose(&text);
    for zh in ["发票号", "卖方", "大写金额", "合计"] {
        assert!(!text.contains(zh), "{zh} printed on an English invoice:\n{text}");
    }
}

#[test]
fn long_invoice_spans_pages_with_the_header_repeated_and_totals_at_the_end() {
    let doc = sample_invoice(100, 4);
    let pdf = invoice_pdf(&doc, "invoice_long.pdf");
    let pages = page_count(&pdf);
    assert!(pages >= 3, "100 lines on {pages} pages");
    for page in 1..=pages {
        let text = loose(&pdftotext_page(&pdf, page));
        // Every page carrying goods lines starts its table with the column headings.
        if page < pages || text.contains("0808.10.00") {
            assert!(
                text.contains("货物描述") && text.contains("Description of Goods"),
                "page {page}:\n{text}"
            );
            assert!(text.contains("Unit Price"), "page {page}:\n{text}");
        }
        assert!(
            text.contains(&format!("{page}/{pages}")),
            "page {page} has no page number:\n{text}"
        );
    }
    let all = pdftotext(&pdf);
    assert_contains_all(
        &all,
        &[
            &doc.total_amount,
            &doc.amount_in_words,
            &doc.lines[99].amount,
            &doc.packages_total,
        ],
    );
    let last = loose(&pdftotext_page(&pdf, pages));
    assert!(
        last.contains(&loose(&doc.amount_in_words)),
        "words not on the last page"
    );
}

#[test]
fn markup_in_values_prints_literally() {
    let nasty = r#"*bold* _em_ #set text(red) $x^2$ <lbl> @ref \ [x] `raw` // not a comment"#;
    let mut doc = sample_invoice(2, 1);
    doc.number = "CI#2026*01".to_owned();
    doc.lines[0].description = nasty.to_owned();
    doc.marks = nasty.to_owned();
    doc.buyer.name = "= Heading? ]) #panic()".to_owned();
    let text = pdftotext(&invoice_pdf(&doc, "invoice_markup.pdf"));
    assert_contains_all(&text, &[nasty, "CI#2026*01", "= Heading? ]) #panic()"]);

    let mut list = sample_packing_list(2, 1);
    list.containers[0].seal = nasty.to_owned();
    list.lines[0].description = "#{ panic() }".to_owned();
    let text = pdftotext(&packing_list_pdf(&list, "packing_list_markup.pdf"));
    assert_contains_all(&text, &[nasty, "#{ panic() }"]);
}

#[test]
fn packing_list_prints_containers_weights_and_totals() {
    let mut doc = sample_packing_list(12, 3);
    doc.stamp_png = Some(stamp_png());
    let pdf = packing_list_pdf(&doc, "packing_list.pdf");
    let text = pdftotext(&pdf);
    let mut expected = vec![
        "装箱单",
        "PACKING LIST",
        "装箱单号 Packing List No.",
        "PL2026-0011",
        "发票号 Invoice No.",
        "CI2026-0011",
        "信用证号 L/C No.",
        "船名航次 Vessel / Voyage",
        "MAERSK KOWLOON / 447W",
        "装箱明细 Packing Details",
        "集装箱明细 Containers",
        "合计 Total 3",
        "40' RH",
        "唛头 Shipping Marks",
        "AL MADINA",
    ];
    for c in &doc.containers {
        expected.extend([
            c.number.as_str(),
            c.seal.as_str(),
            c.packages.as_str(),
            c.gross.as_str(),
        ]);
    }
    let t = &doc.totals;
    expected.extend([
        t.packages.as_str(),
        t.net.as_str(),
        t.gross.as_str(),
        t.measurement.as_str(),
    ]);
    assert_contains_all(&text, &expected);
}

#[test]
fn long_packing_list_repeats_its_header() {
    let doc = sample_packing_list(100, 4);
    let pdf = packing_list_pdf(&doc, "packing_list_long.pdf");
    let pages = page_count(&pdf);
    assert!(pages >= 2, "100 lines on {pages} pages");
    for page in 2..=pages {
        let text = loose(&pdftotext_page(&pdf, page));
        if text.contains("MSKU") {
            assert!(
                text.contains("箱号") && text.contains("Container No."),
                "page {page}:\n{text}"
            );
        }
    }
    assert_contains_all(&pdftotext(&pdf), &[&doc.totals.gross, &doc.containers[3].number]);
}

// ---------------------------------------------------------------- spreadsheets

fn read(bytes: Vec<u8>, sheet: &str) -> calamine::Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx opens");
    assert_eq!(workbook.sheet_names(), vec![sheet.to_owned()]);
    workbook.worksheet_range(sheet).expect("sheet")
}

fn row_labelled(range: &calamine::Range<Data>, label: &str) -> u32 {
    range
        .rows()
        .position(|row| matches!(row.first(), Some(Data::String(s)) if s == label))
        .map(|i| i as u32 + range.start().expect("non-empty").0)
        .unwrap_or_else(|| panic!("no row labelled {label:?}"))
}

fn rows_labelled(range: &calamine::Range<Data>, label: &str) -> Vec<u32> {
    let start = range.start().expect("non-empty").0;
    range
        .rows()
        .enumerate()
        .filter(|(_, row)| matches!(row.first(), Some(Data::String(s)) if s == label))
        .map(|(i, _)| i as u32 + start)
        .collect()
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn number(s: &str) -> f64 {
    s.split_whitespace()
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap()
}

#[test]
fn invoice_sheet_has_fields_numbers_and_totals() {
    let doc = sample_invoice(100, 4);
    let range = read(render_invoice_xlsx(&doc).expect("xlsx"), "Invoice");
    assert_eq!(cell(&range, 0, 0), Data::String(doc.title.clone()));
    let number_row = row_labelled(&range, "发票号 Invoice No.");
    assert_eq!(cell(&range, number_row, 1), Data::String(doc.number.clone()));
    let lc = row_labelled(&range, "信用证号 L/C No.");
    assert_eq!(
        cell(&range, lc, 1),
        Data::String("ENBD-LC-2026-778812".to_owned())
    );

    let header = row_labelled(&range, "序号 No.");
    let first = header + 1;
    assert_eq!(cell(&range, first, 0), Data::Float(1.0));
    assert_eq!(cell(&range, first, 3), Data::String("0808.10.00".to_owned()));
    assert_eq!(
        cell(&range, first, 4),
        Data::Float(number(&doc.lines[0].quantity))
    );
    assert_eq!(
        cell(&range, first, 6),
        Data::Float(number(&doc.lines[0].unit_price))
    );
    assert_eq!(cell(&range, first, 7), Data::Float(number(&doc.lines[0].amount)));
    assert_eq!(cell(&range, header + 100, 0), Data::Float(100.0));

    let total = row_labelled(&range, "合计 TOTAL");
    assert_eq!(cell(&range, total, 7), Data::Float(number(&doc.total_amount)));
    let formulas = {
        let mut workbook: Xlsx<_> =
            open_workbook_from_rs(Cursor::new(render_invoice_xlsx(&doc).unwrap())).unwrap();
        workbook.worksheet_formula("Invoice").unwrap()
    };
    let formula = formulas.get_value((total, 7)).cloned().unwrap_or_default();
    assert_eq!(formula, format!("SUM(H{}:H{})", first + 1, total));
    let balance = row_labelled(&range, "应付余额 Balance Due");
    assert_eq!(
        cell(&range, balance, 7),
        Data::Float(number(doc.balance_due.as_deref().unwrap()))
    );
    let words = row_labelled(&range, "大写金额 Amount in Words");
    assert_eq!(cell(&range, words, 1), Data::String(doc.amount_in_words.clone()));
}

#[test]
fn packing_list_sheet_has_lines_containers_and_totals() {
    let doc = sample_packing_list(100, 4);
    let range = read(render_packing_list_xlsx(&doc).expect("xlsx"), "Packing List");
    let number_row = row_labelled(&range, "装箱单号 Packing List No.");
    assert_eq!(cell(&range, number_row, 1), Data::String(doc.number.clone()));
    let headers = rows_labelled(&range, "箱号 Container No.");
    assert_eq!(headers.len(), 2, "lines table and containers table");
    let first = headers[0] + 1;
    assert_eq!(
        cell(&range, first, 0),
        Data::String(doc.lines[0].container.clone())
    );
    assert_eq!(
        cell(&range, first, 3),
        Data::Float(number(&doc.lines[0].packages))
    );
    assert_eq!(cell(&range, first, 8), Data::Float(number(&doc.lines[0].gross)));
    let totals = rows_labelled(&range, "合计 TOTAL");
    assert_eq!(totals.len(), 2);
    assert_eq!(
        cell(&range, totals[0], 3),
        Data::Float(number(&doc.totals.packages))
    );
    assert_eq!(cell(&range, totals[0], 8), Data::Float(number(&doc.totals.gross)));
    assert_eq!(
        cell(&range, totals[0], 9),
        Data::Float(number(&doc.totals.measurement))
    );
    for (i, c) in doc.containers.iter().enumerate() {
        let row = headers[1] + 1 + i as u32;
        assert_eq!(cell(&range, row, 0), Data::String(c.number.clone()));
        assert_eq!(cell(&range, row, 5), Data::Float(number(&c.gross)));
    }
    assert_eq!(cell(&range, totals[1], 5), Data::Float(number(&doc.totals.gross)));
}
