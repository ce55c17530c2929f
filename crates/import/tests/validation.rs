//! Products and customers: every row error names its sheet row and the column as the file
//! writes it.

mod common;

use common::*;
use gendan_import::*;

fn table(lines: &[&str]) -> Table {
    let mut rows = text_rows(lines).into_iter();
    let headers = rows.next().unwrap();
    Table {
        headers,
        rows: rows.enumerate().map(|(i, r)| (i + 2, r)).collect(),
    }
}

fn err(row: usize, column: &str, code: &str) -> (usize, String, String) {
    (row, column.to_string(), code.to_string())
}

#[test]
fn generated_xlsx_with_several_errors_reports_each_row_and_column() {
    let s = C::S;
    let n = C::N;
    let header: Vec<C> = PRODUCT_HEADER.split('|').map(C::S).collect();
    let row = |sku: &'static str,
               name_en: &'static str,
               hs: C<'static>,
               origin: &'static str,
               package: &'static str,
               kind: &'static str,
               (net, gross): (f64, f64),
               length: C<'static>,
               upright: C<'static>| {
        vec![
            s(sku),
            C::Blank,
            s(name_en),
            hs,
            C::Blank,
            s(origin),
            C::Blank,
            C::Blank,
            C::Blank,
            n(180.0),
            s(package),
            s(kind),
            n(net),
            n(gross),
            length,
            n(300.0),
            n(280.0),
            upright,
            C::Blank,
            s("yes"),
        ]
    };
    let rows = vec![
        header,
        // 2: fine
        row(
            "FUJI",
            "Fresh Fuji Apples",
            s("0808100000"),
            "CN",
            "18kg carton",
            "carton",
            (18.0, 19.2),
            n(500.0),
            C::B(true),
        ),
        // 3: second package of FUJI, gross below net
        row(
            "FUJI",
            "",
            C::Blank,
            "",
            "9kg carton",
            "carton",
            (18.0, 17.0),
            n(400.0),
            C::Blank,
        ),
        // 4: HS code of four digits
        row(
            "PEAR",
            "Fresh Pears",
            s("0808"),
            "CN",
            "15kg carton",
            "carton",
            (15.0, 16.1),
            n(490.0),
            s("no"),
        ),
        // 5: empty
        vec![],
        // 6: unknown country, length not a number, upright neither yes nor no
        row(
            "KIWI",
            "Kiwifruit",
            s("0810500000"),
            "XX",
            "10kg tray",
            "carton",
            (10.0, 10.8),
            s("abc"),
            s("maybe"),
        ),
        // 7: third FUJI row with another English name and a made-up package kind
        row(
            "FUJI",
            "Fuji Apples",
            C::Blank,
            "",
            "box of 12",
            "box",
            (18.0, 19.0),
            n(400.0),
            C::Blank,
        ),
        // 8: no SKU
        row(
            "",
            "Nameless",
            s("0808100000"),
            "CN",
            "18kg carton",
            "carton",
            (18.0, 19.2),
            n(500.0),
            C::Blank,
        ),
        // 9: HS code as a number lost its leading zero: restored, fine
        row(
            "APPLE2",
            "Apples",
            n(808100000.0),
            "China",
            "18kg carton",
            "Cartons",
            (18.0, 19.2),
            n(500.0),
            s("是"),
        ),
    ];
    let p = import_products(&xlsx(&rows), Format::Xlsx).unwrap();
    assert_eq!(p.rows_read, 7);
    assert_eq!(
        located(&p.errors),
        vec![
            err(3, "gross_kg", "less_than_net"),
            err(4, "hs_code", "invalid_hs_code"),
            err(6, "length_mm", "invalid_number"),
            err(6, "origin", "invalid_country"),
            err(6, "this_side_up", "invalid_boolean"),
            err(7, "name_en", "conflicting_value"),
            err(7, "package_kind", "invalid_choice"),
            err(8, "sku", "required"),
        ],
        "{:#?}",
        p.errors
    );
    let skus: Vec<(&str, &[usize])> = p
        .items
        .iter()
        .map(|i| (i.input.sku.as_str(), i.rows.as_slice()))
        .collect();
    assert_eq!(
        skus,
        [
            ("FUJI", &[2, 3, 7][..]),
            ("PEAR", &[4][..]),
            ("KIWI", &[6][..]),
            ("", &[8][..]),
            ("APPLE2", &[9][..])
        ]
    );
    let fuji = &p.items[0];
    assert_eq!(fuji.input.packages.len(), 3);
    assert!(fuji.data.is_none());
    let apple2 = p.items[4].data.as_ref().expect("row 9 is valid");
    assert_eq!(apple2.hs_code.as_str(), "0808100000");
    assert_eq!(apple2.origin.as_str(), "CN");
    assert_eq!(apple2.packages[0].kind.as_str(), "carton");
    assert!(apple2.packages[0].this_side_up);
    // Errors come sorted by row and serialise for the API.
    assert!(p.errors.windows(2).all(|w| w[0].row <= w[1].row));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["errors"][0]["row"], 3);
    assert_eq!(json["errors"][0]["column"], "gross_kg");
    assert!(p.into_valid().is_err());
}

#[test]
fn chinese_headers_are_accepted_and_named_in_errors() {
    let header = "货号|中文品名|英文品名|HS编码|原产国|包装名称|包装种类|净重kg|毛重 (kg)|长mm|宽mm|高mm|此面向上|冷藏";
    let t = table(&[
        header,
        "FUJI|红富士|Fresh Fuji Apples|0808.10.00.00|CN|18kg carton|纸箱|18|17|500|300|280|是|是",
        "YALI|鸭梨|Fresh Ya Pears|0808300000|CN|15kg carton|carton|15|16.1|490|330|250|否|否",
    ]);
    let p = products(&t).unwrap();
    assert_eq!(located(&p.errors), vec![err(2, "毛重 (kg)", "less_than_net")]);
    assert_eq!(p.items[0].input.packages[0].kind, "carton");
    let pear = p.items[1].data.as_ref().unwrap();
    assert!(pear.reefer.is_none());
    assert!(!pear.packages[0].this_side_up);
    // The same file as CSV reads the same.
    let csv = csv_of(&[
        header,
        "YALI|鸭梨|Fresh Ya Pears|0808300000|CN|15kg carton|carton|15|16.1|490|330|250|否|否",
    ]);
    let p = import_products(&csv, Format::Csv).unwrap();
    assert!(p.is_valid(), "{:?}", p.errors);
}

#[test]
fn unknown_missing_and_doubled_columns_are_file_errors() {
    let t = table(&[
        "sku|货号|name_en|colour|hs_code|origin|package_name|package_kind|net_kg|length_mm|width_mm|height_mm|-",
        "A|A|x|red|0808100000|CN|c|carton|1|1|1|1|stray",
    ]);
    let e = products(&t).unwrap_err();
    assert_eq!(
        e,
        ImportError::Columns {
            unknown: vec!["colour".into()],
            missing: vec!["gross_kg".into()],
            duplicate: vec!["货号".into()],
            unnamed: vec!["M".into()],
        }
    );
    let msg = e.to_string();
    assert!(msg.contains("`colour`") && msg.contains("`gross_kg`"), "{msg}");
    assert_eq!(e.code(), "columns");
    assert_eq!(serde_json::to_value(&e).unwrap()["code"], "columns");
    // Customers need a name column; a value right of the last header is refused.
    let t = table(&["city|country", "Rotterdam|NL|extra"]);
    assert_eq!(
        customers(&t).unwrap_err(),
        ImportError::Columns {
            unknown: vec![],
            missing: vec!["name_latin".into()],
            duplicate: vec![],
            unnamed: vec!["C".into()],
        }
    );
}

#[test]
fn rows_of_one_sku_must_agree_and_packages_must_differ() {
    let t = table(&[
        PRODUCT_HEADER,
        &fuji("FUJI", "18kg carton"),
        &fuji("PEAR", "15kg carton").replace("0808100000", "0808300000"),
        // FUJI again, not adjacent: a second package, but another HS code
        &fuji("FUJI", "9kg carton").replace("0808100000", "0808300000"),
        // FUJI's 18kg carton again, identical
        &fuji("FUJI", "18kg carton"),
        // repeated product columns left empty: fine
        "FUJI|-|-|-|-|-|-|-|-|-|20kg bin|bin|20|21|600|400|300|-|-|-|-|-|-",
    ]);
    let p = products(&t).unwrap();
    assert_eq!(
        located(&p.errors),
        vec![
            err(4, "hs_code", "conflicting_value"),
            err(5, "package_name", "duplicate_package")
        ]
    );
    assert!(p.errors[0].message.contains("row 2"), "{}", p.errors[0].message);
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.items[0].rows, [2, 4, 5, 6]);
    assert!(p.items[0].data.is_none());
    assert!(p.items[1].data.is_some());
}

#[test]
fn same_sku_on_several_rows_is_one_product_with_several_packages() {
    let t = table(&[
        PRODUCT_HEADER,
        &fuji("FUJI", "18kg carton"),
        &fuji("PEAR", "15kg carton").replace("0808100000", "0808300000"),
        "FUJI|-|-|0808.10.00 00|-|cn|-|-|-|180.0|10kg carton|carton|10|10.8|400|300|200|no|-|-|-|-|-",
    ]);
    let p = products(&t).unwrap();
    assert!(p.is_valid(), "{:#?}", p.errors);
    let products = p.into_valid().unwrap();
    assert_eq!(products.len(), 2);
    assert_eq!(products[0].packages.len(), 2);
    assert_eq!(products[0].packages[1].name, "10kg carton");
    assert_eq!(products[0].packages[1].dimensions.height, 200);
}

#[test]
fn domain_errors_on_later_packages_point_at_their_row() {
    let t = table(&[
        PRODUCT_HEADER,
        &fuji("FUJI", "18kg carton"),
        "FUJI|-|-|-|-|-|-|-|-|-|big bin|bin|300|310|0|1200|25000|-|-1|-|-|-|-",
    ]);
    let p = products(&t).unwrap();
    assert_eq!(
        located(&p.errors),
        vec![
            err(3, "height_mm", "out_of_range"),
            err(3, "length_mm", "out_of_range"),
            err(3, "max_stack_kg", "out_of_range"),
        ]
    );
}

#[test]
fn reefer_settings() {
    let t = table(&[
        PRODUCT_HEADER,
        // settings with reefer `no`
        &fuji("A", "c").replace("|yes|-|-|-", "|no|2|-|-"),
        // settings without saying yes: a reefer; fresh air missing
        &fuji("B", "c").replace("|yes|-|-|-", "|-|2|-|-"),
        // out of range
        &fuji("C", "c").replace("|yes|-|-|-", "|yes|-40|10|90"),
        // no guideline for the HS code (strawberries)
        &fuji("D", "c").replace("0808100000", "0810100000"),
        // explicit and valid
        &fuji("E", "c").replace("|yes|-|-|-", "|yes|1.5|30|-"),
        // #N/A from a lookup formula
        &fuji("F", "c").replace("|yes|-|-|-", "|#N/A|-|-|-"),
    ]);
    let p = products(&t).unwrap();
    assert_eq!(
        located(&p.errors),
        vec![
            err(2, "set_point_c", "reefer_off"),
            err(3, "fresh_air_m3h", "required"),
            err(4, "set_point_c", "out_of_range"),
            err(5, "set_point_c", "required"),
            err(7, "reefer", "cell_error"),
            err(7, "reefer", "invalid_boolean"),
        ],
        "{:#?}",
        p.errors
    );
    let e = p.items[4].data.as_ref().unwrap().reefer.as_ref().unwrap();
    assert_eq!(e.set_point.0.to_string(), "1.5");
    assert_eq!(e.humidity_pct, None);
}

const CUSTOMER_HEADER: &str = "name_latin|name_zh|bic|line1|line2|city|region|postal_code|country|contact_name|email|phone|messenger|notes";

#[test]
fn customer_errors_name_row_and_column() {
    let t = table(&[
        CUSTOMER_HEADER,
        "Van den Berg B.V.|-|-|Marconistraat 16|-|Rotterdam|-|3029 AK|NL|Pieter|pieter@vdb.example|+31 10 123 4567|-|-",
        "Bad Country Ltd|-|-|1 Main St|-|Nowhere|-|-|XX|-|-|-|-|-",
        "No Contact Name Ltd|-|-|-|-|-|-|-|-|-|not-an-email|12|-|-",
        "van den berg  b.v.|-|-|-|-|-|-|-|-|-|-|-|-|dup",
        "Bank Like Ltd|-|BKCHCNBJ500|-|-|-|-|-|-|-|-|-|-|-",
        "-|-|-|Street 1|-|-|-|-|Netherlands|-|-|-|-|-",
        "中文名有限公司|-|-|-|-|-|-|-|-|-|-|-|-|-",
        "Gulf Fruit LLC|海湾水果|-|Warehouse 3|-|Dubai|-|-|United Arab Emirates|-|-|-|-|-",
    ]);
    let p = customers(&t).unwrap();
    assert_eq!(
        located(&p.errors),
        vec![
            err(3, "country", "invalid_country"),
            err(4, "contact_name", "required"),
            err(4, "email", "invalid_email"),
            err(4, "phone", "invalid_phone"),
            err(5, "name_latin", "duplicate_customer"),
            err(6, "bic", "not_allowed"),
            err(7, "city", "required"),
            err(7, "name_latin", "required"),
            err(8, "name_latin", "not_latin"),
        ],
        "{:#?}",
        p.errors
    );
    assert!(p.items[0].data.is_some());
    let gulf = p.items[7].data.as_ref().unwrap();
    assert_eq!(gulf.addresses[0].country.as_str(), "AE");
    assert_eq!(p.items[5].input.addresses[0].country, "NL");
}

#[test]
fn customers_with_chinese_headers() {
    let t = table(&[
        "中文名称|地址|城市|国家|联系人|邮箱|备注",
        "烟台果业有限公司|芝罘区 1 号|Yantai|CN|王经理|wang@guoye.example|老客户",
        "烟台果业有限公司|-|-|-|-|-|-",
        "-|-|-|-|-|wrong|-",
    ]);
    let p = customers(&t).unwrap();
    assert_eq!(
        located(&p.errors),
        vec![
            err(3, "中文名称", "duplicate_customer"),
            err(4, "中文名称", "required"),
            err(4, "联系人", "required"),
            err(4, "邮箱", "invalid_email"),
        ],
        "{:#?}",
        p.errors
    );
    let d = p.items[0].data.as_ref().unwrap();
    assert_eq!(d.name_zh.as_deref(), Some("烟台果业有限公司"));
    assert_eq!(d.contacts[0].name, "王经理");
    assert_eq!(d.notes, "老客户");
}
