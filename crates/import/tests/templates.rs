//! The templates and sample files import without a single error.

use calamine::{Reader, Xlsx};
use gendan_import::*;
use std::io::Cursor;
use std::str::FromStr;

fn dec(s: &str) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from_str(s).unwrap()
}

fn check_products(p: Preview<ImportedProduct>) {
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    assert_eq!(p.rows_read, 2);
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.items[0].rows, vec![2]);
    assert_eq!(p.items[1].rows, vec![3]);
    let products = p.into_valid().unwrap();
    let fuji = &products[0];
    assert_eq!(fuji.sku, "FUJI-80-18");
    assert_eq!(fuji.hs_code.as_str(), "0808100000");
    assert_eq!(fuji.packages[0].gross.0, dec("19.2"));
    assert_eq!(fuji.packages[0].net.0, dec("18"));
    assert_eq!(fuji.packages[0].dimensions.length, 500);
    assert!(fuji.packages[0].this_side_up);
    assert_eq!(fuji.reefer.as_ref().unwrap().set_point.0, dec("0.5"));
    assert_eq!(fuji.reefer.as_ref().unwrap().humidity_pct, Some(dec("90")));
    let pear = &products[1];
    assert_eq!(pear.name_zh.as_deref(), Some("鸭梨"));
    assert_eq!(pear.packages[0].gross.0, dec("16.1"));
    // Reefer `yes` with empty settings: the pear guideline.
    assert_eq!(pear.reefer.as_ref().unwrap().set_point.0, dec("-1"));
}

#[test]
fn product_template_xlsx_imports_cleanly() {
    let bytes = product_template_xlsx();
    assert_eq!(
        Format::detect(Some("products.xlsx"), &bytes).unwrap(),
        Format::Xlsx
    );
    check_products(import_products(&bytes, Format::Xlsx).unwrap());
}

#[test]
fn product_template_csv_imports_cleanly() {
    let bytes = product_template_csv();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    assert_eq!(Format::detect(Some("products.csv"), &bytes).unwrap(), Format::Csv);
    check_products(import_products(&bytes, Format::Csv).unwrap());
}

fn check_customers(p: Preview<ImportedCustomer>) {
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    assert_eq!(p.items.iter().map(|c| c.row).collect::<Vec<_>>(), vec![2, 3]);
    let c = p.into_valid().unwrap();
    assert_eq!(c[0].kind.as_str(), "customer");
    assert_eq!(c[0].name_latin.as_deref(), Some("Van den Berg Fresh Fruit B.V."));
    assert_eq!(c[0].addresses[0].country.as_str(), "NL");
    assert_eq!(c[0].addresses[0].postal_code.as_deref(), Some("3029 AK"));
    assert_eq!(c[0].contacts[0].phone.as_deref(), Some("+31 10 123 4567"));
    assert!(c[0].notes.contains('\n'), "multi-line notes survive");
    assert_eq!(c[1].name_zh.as_deref(), Some("阿尔努尔食品贸易有限责任公司"));
    assert_eq!(c[1].addresses[0].country.as_str(), "AE");
}

#[test]
fn customer_template_xlsx_imports_cleanly() {
    check_customers(import_customers(&customer_template_xlsx(), Format::Xlsx).unwrap());
}

#[test]
fn customer_template_csv_imports_cleanly() {
    check_customers(import_customers(&customer_template_csv(), Format::Csv).unwrap());
}

#[test]
fn xlsx_templates_explain_every_column_in_a_notes_sheet() {
    for (bytes, columns) in [
        (product_template_xlsx(), PRODUCT_COLUMNS),
        (customer_template_xlsx(), CUSTOMER_COLUMNS),
    ] {
        let mut wb = Xlsx::new(Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        assert_eq!(names.len(), 2, "{names:?}");
        let notes = wb.worksheet_range(&names[1]).unwrap();
        let text: Vec<String> = notes.cells().map(|(_, _, v)| v.to_string()).collect();
        for c in columns {
            assert!(text.iter().any(|t| t == c.key), "{} missing from notes", c.key);
            assert!(
                text.iter().any(|t| t == c.label_zh),
                "{} missing from notes",
                c.label_zh
            );
            assert!(text.iter().any(|t| t == c.help_en));
        }
        let data = wb.worksheet_range(&names[0]).unwrap();
        let header: Vec<String> = data
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|v| v.to_string())
            .collect();
        assert_eq!(header, columns.iter().map(|c| c.key).collect::<Vec<_>>());
    }
}

#[test]
fn sample_files_are_valid_with_distinct_skus_and_agree() {
    let x = sample_products_xlsx(40);
    let c = sample_products_csv(40);
    let tx = read_table(&x, Format::Xlsx).unwrap();
    let tc = read_table(&c, Format::Csv).unwrap();
    assert_eq!(tx, tc, "the xlsx and the CSV read the same");
    let p = products(&tx).unwrap();
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    assert_eq!(p.items.len(), 40);
    let mut skus: Vec<_> = p.items.iter().map(|i| i.input.sku.clone()).collect();
    skus.dedup();
    assert_eq!(skus.len(), 40);
    assert!(p.items.iter().all(|i| i.data.is_some()));
}
