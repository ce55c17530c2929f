//! Reading files: format detection, xlsx cells, CSV dialects, limits.

mod common;

use common::{C, xlsx};
use gendan_import::*;
use rust_xlsxwriter::{Format as CellFormat, Workbook};

#[test]
fn format_is_detected_from_the_bytes() {
    let book = xlsx(&[vec![C::S("sku")]]);
    assert_eq!(Format::detect(None, &book).unwrap(), Format::Xlsx);
    assert_eq!(Format::detect(Some("whatever.csv"), &book).unwrap(), Format::Xlsx);
    assert_eq!(
        Format::detect(Some("p.csv"), b"sku,name_en\n").unwrap(),
        Format::Csv
    );
    assert_eq!(Format::detect(None, b"sku;name_en\n").unwrap(), Format::Csv);
    assert_eq!(Format::detect(None, b"").unwrap_err(), ImportError::Empty);
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert_eq!(
        Format::detect(Some("old.xls"), &ole).unwrap_err().code(),
        "unsupported_format"
    );
    assert_eq!(
        Format::detect(Some("a.ods"), &book).unwrap_err().code(),
        "unsupported_format"
    );
    assert_eq!(
        Format::detect(Some("fake.XLSX"), b"sku\n").unwrap_err().code(),
        "unreadable"
    );
    assert_eq!("XLSX".parse::<Format>().unwrap(), Format::Xlsx);
    assert_eq!(".csv".parse::<Format>().unwrap(), Format::Csv);
}

#[test]
fn a_zip_that_is_no_workbook_is_unreadable() {
    let e = read_table(b"PK\x03\x04garbage", Format::Xlsx).unwrap_err();
    assert_eq!(e.code(), "unreadable", "{e}");
}

#[test]
fn xlsx_numbers_stay_exact_and_dates_are_iso() {
    let mut wb = Workbook::new();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let datetime = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    let ws = wb.add_worksheet();
    for (c, h) in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 19.2).unwrap();
    ws.write_number(1, 1, 500.0).unwrap();
    ws.write_number(1, 2, 0.1 + 0.2).unwrap();
    ws.write_number(1, 3, 1234567.891).unwrap();
    ws.write_number(1, 4, -0.5).unwrap();
    ws.write_number_with_format(1, 5, 45943.0, &date).unwrap(); // 2025-10-13
    ws.write_number_with_format(1, 6, 45943.5, &datetime).unwrap();
    ws.write_boolean(1, 7, true).unwrap();
    ws.write_string(1, 8, "0808100000").unwrap();
    ws.write_number(1, 9, 16.1).unwrap();
    let t = read_table(&wb.save_to_buffer().unwrap(), Format::Xlsx).unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].0, 2);
    assert_eq!(
        t.rows[0].1,
        [
            "19.2",
            "500",
            "0.3",
            "1234567.891",
            "-0.5",
            "2025-10-13",
            "2025-10-13T12:00:00",
            "TRUE",
            "0808100000",
            "16.1"
        ]
    );
}

#[test]
fn xlsx_row_numbers_are_the_sheets_and_empty_rows_are_skipped() {
    let rows = vec![
        vec![],
        vec![C::Blank, C::S("sku"), C::S("name_en")], // header on row 2, from column B
        vec![C::Blank, C::S("A"), C::S("Apple")],
        vec![],
        vec![C::Blank, C::S("  "), C::Blank], // whitespace only: empty
        vec![C::Blank, C::S("B"), C::N(7.0)],
        vec![],
        vec![],
    ];
    let t = read_table(&xlsx(&rows), Format::Xlsx).unwrap();
    assert_eq!(t.headers, ["", "sku", "name_en"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0], (3, vec!["".to_string(), "A".into(), "Apple".into()]));
    assert_eq!(t.rows[1], (6, vec!["".to_string(), "B".into(), "7".into()]));
}

#[test]
fn csv_with_bom_semicolons_and_a_quoted_line_break() {
    let text = "\u{feff}sku;name_en;notes\r\nA;\"Apple; red\";\"line one\r\nline two\"\r\n\r\nB;Pear;\"say \"\"hi\"\"\"\r\n";
    let t = read_table(text.as_bytes(), Format::Csv).unwrap();
    assert_eq!(
        t.headers,
        ["sku", "name_en", "notes"],
        "BOM stripped, `;` detected"
    );
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].0, 2);
    assert_eq!(t.rows[0].1, ["A", "Apple; red", "line one\r\nline two"]);
    // The quoted line break does not start a row; the blank line does.
    assert_eq!(t.rows[1].0, 4);
    assert_eq!(t.rows[1].1, ["B", "Pear", "say \"hi\""]);
}

#[test]
fn csv_with_commas_and_blank_lines_before_the_header() {
    let t = read_table(b"\n\nsku,name_en\nA,\"x, y\"\n", Format::Csv).unwrap();
    assert_eq!(t.headers, ["sku", "name_en"]);
    assert_eq!(t.rows, vec![(4, vec!["A".to_string(), "x, y".to_string()])]);
    // Old Mac line ends.
    let t = read_table(b"sku\rA\r\rB", Format::Csv).unwrap();
    assert_eq!(t.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4]);
}

#[test]
fn csv_that_is_not_utf8_is_refused_with_the_line() {
    // "苹果" in GBK on line 3.
    let mut bytes = b"sku,name_zh\nA,ok\nB,".to_vec();
    bytes.extend([0xC6, 0xBB, 0xB9, 0xFB]);
    let e = read_table(&bytes, Format::Csv).unwrap_err();
    assert_eq!(e, ImportError::NotUtf8 { line: 3 });
    assert!(e.to_string().contains("CSV UTF-8"), "{e}");
    let utf16 = [0xFF, 0xFE, b's', 0, b'k', 0];
    assert_eq!(read_table(&utf16, Format::Csv).unwrap_err().code(), "not_utf8");
}

#[test]
fn files_without_a_header_are_refused() {
    assert_eq!(
        read_table(b"\n ,, \n", Format::Csv).unwrap_err(),
        ImportError::NoHeader
    );
    assert_eq!(
        read_table(&xlsx(&[]), Format::Xlsx).unwrap_err(),
        ImportError::NoHeader
    );
}

#[test]
fn row_limit_is_enforced() {
    let mut ok = String::from("sku\n");
    for i in 0..MAX_ROWS {
        ok.push_str(&format!("{i}\n"));
    }
    assert_eq!(
        read_table(ok.as_bytes(), Format::Csv).unwrap().rows.len(),
        MAX_ROWS
    );
    ok.push_str("one more\n");
    assert_eq!(
        read_table(ok.as_bytes(), Format::Csv).unwrap_err(),
        ImportError::TooManyRows { max: MAX_ROWS }
    );
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..=MAX_ROWS as u32 {
        ws.write_number(r, 0, r as f64).unwrap();
    }
    let book = wb.save_to_buffer().unwrap();
    assert_eq!(read_table(&book, Format::Xlsx).unwrap().rows.len(), MAX_ROWS);
    wb = Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..=MAX_ROWS as u32 + 1 {
        ws.write_number(r, 0, r as f64).unwrap();
    }
    let book = wb.save_to_buffer().unwrap();
    assert_eq!(
        read_table(&book, Format::Xlsx).unwrap_err(),
        ImportError::TooManyRows { max: MAX_ROWS }
    );
}

#[test]
fn column_and_size_limits_are_enforced() {
    let mut wide = vec![C::Blank; MAX_COLUMNS];
    wide[0] = C::S("sku");
    wide.push(C::S("far right"));
    let e = read_table(&xlsx(&[wide]), Format::Xlsx).unwrap_err();
    assert!(matches!(e, ImportError::TooManyColumns { row: 1, .. }), "{e:?}");
    let line = format!("sku{}x\n", ",".repeat(MAX_COLUMNS));
    assert_eq!(
        read_table(line.as_bytes(), Format::Csv).unwrap_err().code(),
        "too_many_columns"
    );
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    assert_eq!(read_table(&big, Format::Csv).unwrap_err().code(), "too_large");
}
