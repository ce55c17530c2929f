//! The contract spreadsheet, read back with calamine.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use gendan_render::{render_contract_xlsx, sample_contract};

fn read(bytes: Vec<u8>) -> calamine::Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx opens");
    assert_eq!(workbook.sheet_names(), vec!["Contract".to_owned()]);
    workbook.worksheet_range("Contract").expect("sheet")
}

fn row_labelled(range: &calamine::Range<Data>, label: &str) -> u32 {
    range
        .rows()
        .position(|row| matches!(row.first(), Some(Data::String(s)) if s == label))
        .map(|i| i as u32 + range.start().expect("non-empty").0)
        .unwrap_or_else(|| panic!("no row labelled {label:?}"))
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn contract_sheet_has_number_lines_and_totals() {
    let mut doc = sample_contract(100);
    doc.amount_in_words_zh = Some("人民币肆万叁仟贰佰元整".to_owned());
    doc.revision = 2;
    let range = read(render_contract_xlsx(&doc).expect("xlsx"));

    assert_eq!(
        cell(&range, 0, 0),
        Data::String("SALES CONTRACT 销售合同".to_owned())
    );
    let number_row = row_labelled(&range, "No. 合同号");
    assert_eq!(cell(&range, number_row, 1), Data::String(doc.number.clone()));
    assert_eq!(cell(&range, number_row, 3), Data::String(doc.date.clone()));
    let amendment = row_labelled(&range, "Amendment 修改");
    assert_eq!(
        cell(&range, amendment, 1),
        Data::String("Amendment 1 / 第1次修改".to_owned())
    );

    // The goods table: numbers where the text is a plain number, text otherwise.
    let header = row_labelled(&range, "No.\n序号");
    assert_eq!(
        cell(&range, header, 6),
        Data::String("Unit Price\n单价 (USD)".to_owned())
    );
    let first = header + 1;
    assert_eq!(cell(&range, first, 0), Data::Float(1.0));
    assert!(cell(&range, first, 1).to_string().contains("新鲜富士苹果"));
    assert_eq!(cell(&range, first, 2), Data::String("0808.10.00".to_owned()));
    assert_eq!(cell(&range, first, 4), Data::Float(1800.0));
    assert_eq!(cell(&range, first, 5), Data::String("CTNS".to_owned()));
    assert_eq!(cell(&range, first, 6), Data::Float(24.0));
    assert_eq!(cell(&range, first, 7), Data::Float(43_200.0));
    let last = header + 100;
    assert_eq!(cell(&range, last, 0), Data::Float(100.0));
    let amount: f64 = doc.lines[99].amount.replace(',', "").parse().unwrap();
    assert_eq!(cell(&range, last, 7), Data::Float(amount));

    let total = row_labelled(&range, "TOTAL 合计");
    assert_eq!(total, last + 1);
    let expected_total: f64 = doc
        .total_amount
        .trim_start_matches("USD ")
        .replace(',', "")
        .parse()
        .unwrap();
    assert_eq!(cell(&range, total, 6), Data::Float(expected_total));
    assert_eq!(
        cell(&range, total, 4),
        Data::String(doc.total_quantities.join("\n"))
    );
    let words = row_labelled(&range, "In words 大写");
    assert_eq!(
        cell(&range, words, 1),
        Data::String(doc.amount_in_words_en.clone())
    );
    let zh = row_labelled(&range, "大写金额");
    assert_eq!(
        cell(&range, zh, 1),
        Data::String("人民币肆万叁仟贰佰元整".to_owned())
    );
    let payment = row_labelled(&range, "7. Payment 付款条件");
    assert!(
        cell(&range, payment, 1)
            .to_string()
            .contains("70% T/T against copy B/L")
    );
    let account = row_labelled(&range, "Account No. 账号");
    assert_eq!(
        cell(&range, account, 1),
        Data::String(doc.bank_accounts[0].account_no.clone())
    );
}

#[test]
fn text_that_is_not_a_plain_number_stays_text() {
    let mut doc = sample_contract(1);
    doc.lines[0].quantity = "approx. 1,800".to_owned();
    doc.lines[0].amount = "1.800,00".to_owned();
    doc.lines[0].description_en = "Müller & Co. #1 [test] $5 *x* _y_ @z <w>".to_owned();
    let range = read(render_contract_xlsx(&doc).expect("xlsx"));
    let row = row_labelled(&range, "No.\n序号") + 1;
    assert_eq!(cell(&range, row, 4), Data::String("approx. 1,800".to_owned()));
    assert_eq!(cell(&range, row, 7), Data::String("1.800,00".to_owned()));
    assert!(
        cell(&range, row, 1)
            .to_string()
            .starts_with("Müller & Co. #1 [test] $5 *x* _y_ @z <w>")
    );
}
