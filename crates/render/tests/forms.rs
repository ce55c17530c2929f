//! The boxed trade forms (shipping instruction 提单补料, certificate of origin and
//! phytosanitary applications, insurance declaration), the bill of exchange (汇票), the
//! letterhead, stamp and signature images, and the bundle of many documents in one PDF: the
//! PDFs read back with poppler's pdftotext, pdfinfo and pdftoppm (poppler-utils must be
//! installed: without it these tests fail, they do not skip).
//!
//! With `GENDAN_TRADE_OUT=DIR` set, the PDFs are also written to `DIR` for a look.

mod common;

use common::{
    assert_contains_all, jpeg_of, logo_png, loose, page_count, page_size, pdftotext, pdftotext_page,
    signature_png, stamp_png,
};
use gendan_render::{
    BundleKind, BundlePart, DraftDocument, Fonts, FormColumn, FormDocument, FormField, FormTable,
    RenderError, Renderer, TradeParty, sample_draft, sample_form, sample_forms, sample_invoice,
    sample_packing_list,
};

fn renderer() -> Renderer {
    Renderer::new(Fonts::system().expect("fonts (install fonts-noto-cjk)"))
}

fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("GENDAN_TRADE_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).expect("write sample");
    }
}

fn form_pdf(doc: &FormDocument, name: &str) -> Vec<u8> {
    let pdf = renderer().render_form_pdf(doc).expect("render form");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    keep(name, &pdf);
    pdf
}

fn draft_pdf(doc: &DraftDocument, name: &str) -> Vec<u8> {
    let pdf = renderer().render_draft_pdf(doc).expect("render draft");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    keep(name, &pdf);
    pdf
}

/// Not a decodable image, but starts like a PNG.
fn broken_png() -> Vec<u8> {
    let mut bytes = stamp_png();
    bytes.truncate(60);
    bytes
}

/// The sample shipping instruction with every label stripped to its English part.
fn english(mut doc: FormDocument) -> FormDocument {
    fn en(label: &str) -> String {
        label
            .split(['\n', ' '])
            .filter(|w| !w.chars().any(|c| ('\u{2E80}'..='\u{9FFF}').contains(&c)))
            .collect::<Vec<_>>()
            .join(" ")
    }
    doc.language = "en".to_owned();
    doc.title = en(&doc.title);
    for f in doc
        .references
        .iter_mut()
        .chain(&mut doc.fields)
        .chain(&mut doc.paragraphs)
    {
        f.label = en(&f.label);
    }
    for p in &mut doc.parties {
        p.label = en(&p.label);
    }
    if let Some(table) = &mut doc.table {
        table.title = table.title.as_deref().map(en);
        for c in &mut table.columns {
            c.label = en(&c.label);
        }
    }
    doc
}

// ---------------------------------------------------------------- forms

#[test]
fn shipping_instruction_prints_parties_references_fields_containers_and_marks() {
    let mut doc = sample_form();
    doc.letterhead_png = Some(logo_png());
    doc.stamp_png = Some(stamp_png());
    doc.signature_png = Some(signature_png());
    let pdf = form_pdf(&doc, "shipping_instruction.pdf");
    assert!(page_count(&pdf) <= 2, "{} pages", page_count(&pdf));
    let text = pdftotext(&pdf);
    let mut expected = vec![
        "提单补料",
        "SHIPPING INSTRUCTION",
        "Yantai Golden Orchard Fruit Import & Export Co., Ltd.",
        "烟台金果园水果进出口有限公司",
        "编号 No.",
        "SI2026-0011",
        "日期 Date",
        "2026-12-18",
        "订舱号 Booking No.",
        "MAEU 263451987",
        "信用证号 L/C No.",
        "ENBD-LC-2026-778812",
        "托运人 Shipper",
        "收货人 Consignee",
        "TO ORDER OF EMIRATES NBD BANK P.J.S.C., DUBAI",
        "通知人 Notify Party",
        "AL MADINA FRESH FRUIT TRADING L.L.C.",
        "船名航次 Vessel / Voyage",
        "MAERSK KOWLOON / 447W",
        "Qingdao, China (CNTAO)",
        "Jebel Ali, U.A.E. (AEJEA)",
        "FREIGHT PREPAID 运费预付",
        "3/3 ORIGINALS",
        "2 × 40' RH",
        "+0.5 °C",
        "集装箱 Containers",
        "Container No.",
        "Seal No.",
        "唛头 Shipping Marks",
        "PRODUCT OF CHINA",
        "货物描述 Description of Goods",
        "SHIPPER'S LOAD, COUNT AND SEAL",
        "签章 For and on behalf of",
        "Li Na 李娜",
    ];
    let list = sample_packing_list(3, 2);
    for c in &list.containers {
        expected.extend([c.number.as_str(), c.seal.as_str(), c.gross.as_str()]);
    }
    expected.extend([list.totals.gross.as_str(), list.totals.measurement.as_str()]);
    assert_contains_all(&text, &expected);
}

#[test]
fn english_form_prints_fixed_labels_in_english_only() {
    let doc = english(sample_form());
    assert_eq!(doc.title, "SHIPPING INSTRUCTION");
    let text = pdftotext(&form_pdf(&doc, "shipping_instruction_en.pdf"));
    assert_contains_all(
        &text,
        &[
            "SHIPPING INSTRUCTION",
            "No.",
            "Date",
            "Booking No.",
            "Shipper",
            "Notify Party",
            "Freight",
            "Containers",
            "For and on behalf of",
            "SI2026-0011",
        ],
    );
    let text = loose(&text);
    for zh in ["编号", "日期", "签章", "托运人", "集装箱"] {
        assert!(!text.contains(zh), "{zh} printed on an English form:\n{text}");
    }
}

#[test]
fn every_sample_form_renders_with_its_number_title_and_table() {
    let forms = sample_forms();
    assert_eq!(forms.len(), 4);
    let names = [
        "si.pdf",
        "co_application.pdf",
        "phyto_application.pdf",
        "insurance.pdf",
    ];
    for (doc, name) in forms.iter().zip(names) {
        let text = pdftotext(&form_pdf(doc, name));
        let title: Vec<&str> = doc.title.lines().collect();
        let mut expected = vec![doc.number.as_str(), doc.date.as_str()];
        expected.extend(title);
        if let Some(table) = &doc.table {
            expected.push(table.title.as_deref().unwrap());
            expected.push(table.rows.last().unwrap().last().unwrap());
        }
        expected.extend(doc.fields.iter().map(|f| f.label.as_str()));
        assert_contains_all(&text, &expected);
    }
    let text = loose(&pdftotext(&form_pdf(&forms[1], "co_application.pdf")));
    assert!(text.contains("WHOLLY OBTAINED") && text.contains("CCPIT YANTAI SUB-COUNCIL"));
    let text = loose(&pdftotext(&form_pdf(&forms[3], "insurance.pdf")));
    assert!(text.contains("110% OF INVOICE VALUE"), "{text}");
}

#[test]
fn a_bare_form_leaves_the_empty_parts_out() {
    let doc = FormDocument {
        language: "en".to_owned(),
        title: "RECEIVED DOCUMENT".to_owned(),
        paragraphs: vec![FormField::new(
            "Recorded data",
            "B/L MAEU263451987\nissued 2026-12-22",
        )],
        ..FormDocument::default()
    };
    let pdf = form_pdf(&doc, "bare_form.pdf");
    assert_eq!(page_count(&pdf), 1);
    let text = loose(&pdftotext(&pdf));
    assert!(text.contains("RECEIVED DOCUMENT") && text.contains("B/L MAEU263451987 issued 2026-12-22"));
    for absent in ["No.", "Date", "For and on behalf of"] {
        assert!(!text.contains(absent), "{absent} printed on a bare form:\n{text}");
    }
}

#[test]
fn long_form_table_spans_pages_with_its_header_repeated() {
    let mut doc = english(sample_form());
    let table = doc.table.as_mut().unwrap();
    let proto = table.rows[0].clone();
    table.rows = (0..150)
        .map(|i| {
            let mut row = proto.clone();
            row[0] = format!("ROW{i:03}");
            row
        })
        .collect();
    let pdf = form_pdf(&doc, "form_long.pdf");
    let pages = page_count(&pdf);
    assert!(pages >= 3, "150 rows on {pages} pages");
    for page in 1..=pages {
        let text = loose(&pdftotext_page(&pdf, page));
        if text.contains("ROW") {
            assert!(
                text.contains("Container No."),
                "page {page} has rows but no header:\n{text}"
            );
        }
        assert!(text.contains(&format!("{page}/{pages}")), "page {page}:\n{text}");
    }
    let all = loose(&pdftotext(&pdf));
    assert!(all.contains("ROW000") && all.contains("ROW149") && all.contains("For and on behalf of"));
}

#[test]
fn a_table_row_without_one_cell_per_column_is_an_error() {
    let mut doc = sample_form();
    doc.table = Some(FormTable {
        title: None,
        columns: vec![FormColumn::text("A"), FormColumn::numeric("B")],
        rows: vec![vec!["1".to_owned(), "2".to_owned(), "3".to_owned()]],
        totals: None,
    });
    let err = renderer().render_form_pdf(&doc).unwrap_err();
    assert!(matches!(err, RenderError::Document(_)), "{err}");
}

#[test]
fn markup_in_form_and_draft_values_prints_literally() {
    let nasty = r#"*bold* _em_ #set text(red) $x^2$ <lbl> @ref \ [x] `raw` // not a comment"#;
    let mut doc = english(sample_form());
    doc.number = "SI#2026*01".to_owned();
    doc.fields[0].value = nasty.to_owned();
    doc.paragraphs[0].label = "#{ panic() }".to_owned();
    doc.table.as_mut().unwrap().rows[0][0] = "= Heading? ]) #panic()".to_owned();
    let text = pdftotext(&form_pdf(&doc, "form_markup.pdf"));
    assert_contains_all(
        &text,
        &[nasty, "SI#2026*01", "#{ panic() }", "= Heading? ]) #panic()"],
    );

    let mut draft = sample_draft();
    draft.payee = nasty.to_owned();
    draft.tenor = "#{ panic() } DAYS AFTER B/L DATE".to_owned();
    let text = pdftotext(&draft_pdf(&draft, "draft_markup.pdf"));
    assert_contains_all(&text, &[nasty, "#{ panic() } DAYS AFTER B/L DATE"]);
}

// ---------------------------------------------------------------- draft

#[test]
fn draft_prints_first_and_second_of_exchange_on_one_sheet() {
    let mut doc = sample_draft();
    doc.letterhead_png = Some(logo_png());
    doc.stamp_png = Some(stamp_png());
    doc.signature_png = Some(signature_png());
    let pdf = draft_pdf(&doc, "draft.pdf");
    assert_eq!(page_count(&pdf), 1);
    let text = pdftotext(&pdf);
    let amount = format!("USD {}", doc.amount);
    assert_contains_all(
        &text,
        &[
            "汇票",
            "BILL OF EXCHANGE",
            "号码 No.",
            "CI2026-0011",
            "YANTAI, CHINA, 2026-12-21",
            "汇票金额 Exchange for",
            &amount,
            "见票 At",
            "sight of this FIRST of Exchange (SECOND of the same tenor and date being unpaid)",
            "sight of this SECOND of Exchange (FIRST of the same tenor and date being unpaid)",
            "（本汇票之副本未付）",
            "（本汇票之正本未付）",
            "付交 pay to the order of",
            "BANK OF CHINA, YANTAI BRANCH",
            "金额 the sum of",
            &doc.amount_in_words,
            "Drawn under",
            "IRREVOCABLE L/C NO. ENBD",
            "LC-2026-778812 DATED 2026-11-12",
            "此致 付款人 To (drawee)",
            "EMIRATES NBD BANK P.J.S.C.",
            "出票人 For and on behalf of",
            "Yantai Golden Orchard Fruit Import & Export Co., Ltd.",
            "Li Na 李娜, Export Manager",
        ],
    );
    // Both parts, each with its own copy of the amount.
    let flat = loose(&text);
    assert_eq!(flat.matches(&loose(&amount)).count(), 2, "{flat}");
    assert_contains_all(&text, &["FIRST 正本", "SECOND 副本"]);
}

#[test]
fn english_draft_of_one_after_bl_date_has_no_sight_and_no_chinese() {
    let mut doc = sample_draft();
    doc.language = "en".to_owned();
    doc.set_of = 1;
    doc.tenor = "AT 60 DAYS AFTER B/L DATE".to_owned();
    doc.drawn_under = "Contract SC-2026-0007, documents against payment".to_owned();
    doc.drawee = TradeParty {
        name: "AL MADINA FRESH FRUIT TRADING L.L.C.".to_owned(),
        address_lines: vec!["P.O. Box 52814, Dubai, U.A.E.".to_owned()],
    };
    let pdf = draft_pdf(&doc, "draft_en.pdf");
    assert_eq!(page_count(&pdf), 1);
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            "BILL OF EXCHANGE",
            "At 60 DAYS AFTER B/L DATE of this SOLE of Exchange pay to the order of",
            "Contract SC-2026-0007, documents against payment",
            "AL MADINA FRESH FRUIT TRADING L.L.C.",
            "To (drawee)",
        ],
    );
    let text = loose(&text);
    for absent in ["sight", "unpaid", "SECOND", "汇票", "见票", "出票人"] {
        assert!(!text.contains(absent), "{absent} on the draft:\n{text}");
    }
}

#[test]
fn draft_in_three_parts_takes_two_sheets_and_more_is_an_error() {
    let mut doc = sample_draft();
    doc.set_of = 3;
    let pdf = draft_pdf(&doc, "draft_3.pdf");
    assert_eq!(page_count(&pdf), 2);
    let second = loose(&pdftotext_page(&pdf, 2));
    assert!(
        second.contains("THIRD of Exchange (FIRST and SECOND of the same tenor and date being unpaid)"),
        "{second}"
    );
    doc.set_of = 4;
    let err = renderer().render_draft_pdf(&doc).unwrap_err();
    assert!(matches!(err, RenderError::Document(_)), "{err}");
}

// ---------------------------------------------------------------- images

#[test]
fn letterhead_stamp_and_signature_print_on_invoice_and_packing_list() {
    let r = renderer();
    let jpeg_logo = jpeg_of(&r.render_form_pdf(&sample_form()).unwrap(), 12);
    assert!(jpeg_logo.starts_with(&[0xFF, 0xD8]), "not a JPEG");
    for letterhead in [logo_png(), jpeg_logo] {
        let mut invoice = sample_invoice(3, 2);
        invoice.letterhead_png = Some(letterhead.clone());
        invoice.stamp_png = Some(stamp_png());
        invoice.signature_png = Some(signature_png());
        let pdf = r.render_invoice_pdf(&invoice).expect("invoice with images");
        keep("invoice_images.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        assert_contains_all(
            &pdftotext(&pdf),
            &["COMMERCIAL INVOICE", "CI2026-0011", "Li Na 李娜"],
        );

        let mut list = sample_packing_list(3, 2);
        list.letterhead_png = Some(letterhead);
        list.stamp_png = Some(stamp_png());
        list.signature_png = Some(signature_png());
        let pdf = r
            .render_packing_list_pdf(&list)
            .expect("packing list with images");
        keep("packing_list_images.pdf", &pdf);
        assert_eq!(page_count(&pdf), 1);
        assert_contains_all(&pdftotext(&pdf), &["PACKING LIST", "PL2026-0011"]);
    }
}

#[test]
fn a_broken_image_is_an_error_not_a_panic() {
    let r = renderer();
    let is_typst = |result: Result<Vec<u8>, RenderError>| matches!(result, Err(RenderError::Typst(_)));

    let mut invoice = sample_invoice(2, 1);
    invoice.letterhead_png = Some(broken_png());
    assert!(is_typst(r.render_invoice_pdf(&invoice)));
    invoice.letterhead_png = None;
    invoice.signature_png = Some(b"not an image at all".to_vec());
    assert!(is_typst(r.render_invoice_pdf(&invoice)));

    let mut list = sample_packing_list(2, 1);
    list.stamp_png = Some(broken_png());
    assert!(is_typst(r.render_packing_list_pdf(&list)));

    let mut form = sample_form();
    form.signature_png = Some(broken_png());
    assert!(is_typst(r.render_form_pdf(&form)));

    let mut draft = sample_draft();
    draft.letterhead_png = Some(Vec::new());
    assert!(is_typst(r.render_draft_pdf(&draft)));
}

// ---------------------------------------------------------------- bundle

#[test]
fn bundle_has_every_page_of_every_part_in_order() {
    let r = renderer();
    let invoice = r.render_invoice_pdf(&sample_invoice(3, 2)).unwrap();
    let list = r.render_packing_list_pdf(&sample_packing_list(100, 4)).unwrap();
    let draft = r.render_draft_pdf(&sample_draft()).unwrap();
    let scan = jpeg_of(&draft, 40);
    let counts = [page_count(&invoice), page_count(&list), 1, 1, 1];
    assert!(counts[1] >= 2, "the packing list should span pages");
    let parts = vec![
        BundlePart {
            title: "Commercial invoice CI2026-0011".to_owned(),
            bytes: invoice,
            kind: BundleKind::Pdf,
        },
        BundlePart {
            title: "Packing list PL2026-0011".to_owned(),
            bytes: list,
            kind: BundleKind::Pdf,
        },
        BundlePart {
            title: "Certificate of origin (scan)".to_owned(),
            bytes: logo_png(),
            kind: BundleKind::Png,
        },
        BundlePart {
            title: "Draft (photo)".to_owned(),
            bytes: scan,
            kind: BundleKind::Jpeg,
        },
        BundlePart {
            title: "Signature specimen (wide scan)".to_owned(),
            bytes: signature_png(),
            kind: BundleKind::Png,
        },
    ];
    let pdf = r.render_bundle_pdf(&parts).expect("bundle");
    keep("bundle.pdf", &pdf);
    let pages = page_count(&pdf);
    assert_eq!(pages, counts.iter().sum::<u32>());
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &["CI2026-0011", "PL2026-0011", "COMMERCIAL INVOICE", "PACKING LIST"],
    );
    // In order: the invoice first, then the packing list; the images carry no text.
    let first = loose(&pdftotext_page(&pdf, 1));
    assert!(first.contains("COMMERCIAL INVOICE"), "{first}");
    let second = loose(&pdftotext_page(&pdf, 2));
    assert!(second.contains("PACKING LIST"), "{second}");
    assert!(!loose(&pdftotext_page(&pdf, pages - 1)).contains("PL2026-0011"));
    // PDF pages keep their size; images get an A4 page turned as they are.
    let a4 = |(w, h): (f64, f64)| ((w - 595.28).abs() < 1.0, (h - 841.89).abs() < 1.0);
    assert_eq!(a4(page_size(&pdf, 1)), (true, true));
    assert_eq!(
        a4(page_size(&pdf, pages - 1)),
        (true, true),
        "the photo, portrait"
    );
    let (w, h) = page_size(&pdf, pages);
    assert!(
        (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0,
        "wide scan on {w} x {h}"
    );
}

#[test]
fn a_part_that_cannot_be_read_is_an_error_naming_it() {
    let r = renderer();
    let good = BundlePart {
        title: "Invoice".to_owned(),
        bytes: r.render_invoice_pdf(&sample_invoice(2, 1)).unwrap(),
        kind: BundleKind::Pdf,
    };
    let bad = [
        (
            "B/L scan",
            b"%PDF-1.7 this is not really a PDF".to_vec(),
            BundleKind::Pdf,
        ),
        ("Empty upload", Vec::new(), BundleKind::Pdf),
        ("Phyto photo", broken_png(), BundleKind::Png),
        ("Word file", b"PK\x03\x04 docx".to_vec(), BundleKind::Jpeg),
        ("PDF sent as image", good.bytes.clone(), BundleKind::Png),
    ];
    for (title, bytes, kind) in bad {
        let parts = [
            good.clone(),
            BundlePart {
                title: title.to_owned(),
                bytes,
                kind,
            },
        ];
        match r.render_bundle_pdf(&parts) {
            Err(err @ RenderError::BundlePart { .. }) => {
                assert!(err.to_string().contains(title), "{err}");
            }
            other => panic!(
                "{title}: expected an error naming the part, got {:?}",
                other.map(|pdf| pdf.len())
            ),
        }
    }
    assert!(matches!(r.render_bundle_pdf(&[]), Err(RenderError::Document(_))));
}
