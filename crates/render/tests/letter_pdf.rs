//! The trade letters (booking request 订舱委托书, shipping advice 装船通知), read back with
//! poppler's pdftotext (poppler-utils must be installed: without it these tests fail, they do
//! not skip).
//!
//! With `GENDAN_LETTER_OUT=DIR` set, the two samples are also written to
//! `DIR/letter_booking.pdf` and `DIR/letter_advice.pdf` (and the 60-container advice to
//! `DIR/letter_long.pdf`) for a look.

mod common;

use common::{assert_contains_all, loose, page_count, pdffonts, pdftotext, pdftotext_page};
use gendan_render::{Fonts, LabelValue, LetterDocument, Renderer, sample_letter};

fn renderer() -> Renderer {
    Renderer::new(Fonts::system().expect("fonts (install fonts-noto-cjk)"))
}

fn render(doc: &LetterDocument) -> Vec<u8> {
    let pdf = renderer().render_letter_pdf(doc).expect("render");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    pdf
}

/// The text of the PDF with its physical layout kept (`pdftotext -layout`): a table row
/// reads as one line.
fn pdftotext_layout(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("cannot run pdftotext: these tests need poppler-utils");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("poppler prints UTF-8")
}

/// The whitespace-normalised line of `text` that starts with `start`.
#[track_caller]
fn line_starting(text: &str, start: &str) -> String {
    text.lines()
        .map(common::flat)
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}:\n{text}"))
}

fn row(label: &str, value: &str) -> LabelValue {
    LabelValue {
        label: label.to_owned(),
        value: value.to_owned(),
        changed: false,
    }
}

#[test]
fn booking_request_prints_bilingual_labels_containers_and_reefer_settings() {
    let doc = sample_letter("booking_request");
    let pdf = render(&doc);
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            "Yantai Golden Orchard Fruit Import & Export Co., Ltd.",
            "烟台金果园水果进出口有限公司",
            "订舱委托书 BOOKING REQUEST",
            "编号 No.",
            "BK2026-0003",
            "日期 Date",
            "2026-11-30",
            "致 To",
            "Qingdao Ocean Link Logistics Co., Ltd.",
            "收件人 Attn.",
            "贵司好！兹委托贵司代为订舱",
            "托运人 Shipper",
            "YANTAI GOLDEN ORCHARD FRUIT IMPORT & EXPORT CO., LTD.",
            "收货人 Consignee",
            "通知人 Notify Party",
            "AL MADINA FRESH FRUIT TRADING L.L.C.",
            "起运港 Port of Loading",
            "CNTAO Qingdao",
            "目的港 Port of Discharge",
            "AEJEA Jebel Ali",
            "船期 ETD",
            "2026-12-20 至 2026-12-27",
            "FRESH FUJI APPLES",
            "冷藏要求 Reefer",
            "+0.5 °C",
            "30 m³/h",
            "RH 90 %",
            "集装箱及冷藏设置 Containers and Reefer Settings",
            "箱型 Type",
            "40' RH",
            "1,190",
            "23,205",
            "合计 Total 2 × 40' RH",
            "2,380",
            "46,410",
            "李娜 Li Na",
            "订舱委托书 BK2026-0003",
            "1/1",
        ],
    );
    let fonts = pdffonts(&pdf);
    assert!(fonts.contains("CJK"), "no CJK font embedded:\n{fonts}");
    let layout = pdftotext_layout(&pdf);
    assert_eq!(
        loose(&line_starting(&layout, "1 ")),
        loose("1 40' RH +0.5 °C 30 m³/h 90 % 1,190 23,205 2026-12-18 烟台3号冷库")
    );
}

#[test]
fn shipping_advice_prints_the_references_amount_containers_and_totals() {
    let doc = sample_letter("shipping_advice");
    let pdf = render(&doc);
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            "Yantai Golden Orchard Fruit Import & Export Co., Ltd.",
            "SHIPPING ADVICE",
            "SA2026-0005",
            "Attn.",
            "Mr. Omar Haddad",
            "Dear Mr. Haddad,",
            "Contract No.",
            "SC-2026-0011",
            "L/C No.",
            "ENBD-LC-2026-778812",
            "Invoice No.",
            "INV-2026-0011",
            "USD 49,980.00",
            "MAERSK KOWLOON / 447W",
            "MAEU 246813579",
            "2027-01-14",
            "Jebel Ali, U.A.E. (AEJEA)",
            "FRESH FUJI APPLES",
            "42,840.00 kg",
            "46,410.00 kg",
            "Containers",
            "Container No.",
            "Seal No.",
            "Gross kg",
            "MSKU 907032 3",
            "MNBU 338214 6",
            "ML-CN4471285",
            "Please arrange insurance",
            "Yours faithfully,",
            "Li Na",
            "Shipping advice SA2026-0005",
            "1/1",
        ],
    );
    // Each container is one table row, and the totals row comes after them.
    let layout = pdftotext_layout(&pdf);
    assert_eq!(
        line_starting(&layout, "Container No."),
        "Container No. Seal No. Type Packages Net kg Gross kg"
    );
    assert_eq!(
        line_starting(&layout, "MSKU"),
        "MSKU 907032 3 ML-CN4471285 40' RH 1,190 21,420 23,205"
    );
    assert_eq!(
        line_starting(&layout, "Total"),
        "Total 2 × 40' RH 2,380 42,840 46,410"
    );
    assert!(layout.find("MNBU 338214 6") < layout.find("Total"), "{layout}");
    // Newlines in values are kept: the shipping marks print one per line.
    for line in text.lines() {
        assert!(
            !(line.contains("AL MADINA") && line.contains("JEBEL ALI")),
            "shipping marks run together: {line:?}"
        );
    }
    // An English letter leads with the Latin face; the Chinese one is only a fallback.
    assert!(
        !text.contains("订舱"),
        "Chinese text in the English advice:\n{text}"
    );
}

#[test]
fn a_long_table_breaks_across_pages_with_the_header_repeated() {
    let mut doc = sample_letter("shipping_advice");
    doc.table = (0..60)
        .map(|i| {
            vec![
                format!("TCLU {:06} {}", 100_000 + i * 7, i % 10),
                format!("ML-CN{}", 4_471_300 + i),
                "40' RH".to_owned(),
                "1,190".to_owned(),
                "21,420".to_owned(),
                "23,205".to_owned(),
            ]
        })
        .collect();
    doc.totals = vec![
        "Total".to_owned(),
        String::new(),
        "60 × 40' RH".to_owned(),
        "71,400".to_owned(),
        "1,285,200".to_owned(),
        "1,392,300".to_owned(),
    ];
    let pdf = render(&doc);
    if let Some(dir) = std::env::var_os("GENDAN_LETTER_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("letter_long.pdf"), &pdf).expect("write");
    }
    let pages = page_count(&pdf);
    assert!(pages >= 2, "60 containers on {pages} page(s)");
    let page2 = loose(&pdftotext_page(&pdf, 2));
    let header_at = page2.find("Container No.").expect("header repeated on page 2");
    let container_at = page2.find("TCLU").expect("a container on page 2");
    assert!(header_at < container_at, "header before the rows:\n{page2}");
    assert!(page2.contains(&format!("2/{pages}")), "page number:\n{page2}");
    let all = pdftotext(&pdf);
    assert_contains_all(
        &all,
        &["TCLU 100000 0", "TCLU 100413 9", "1,392,300", "Yours faithfully,"],
    );
    // Every container once, none lost or doubled at the break.
    assert_eq!(loose(&all).matches("TCLU").count(), 60);
}

#[test]
fn user_text_prints_literally_and_never_runs_as_markup() {
    let mut doc = sample_letter("shipping_advice");
    doc.company = "#set page(width: 1cm)".to_owned();
    doc.title = "*bold* _it_".to_owned();
    doc.header[0].value = "SA-#1 [a] *b*".to_owned();
    doc.intro = Some("$x$ and $ a + b $".to_owned());
    doc.rows
        .push(row("= Heading", "#panic(\"boom\")\n]#strong[x][\n- not a list"));
    doc.table_title = Some("#context here()".to_owned());
    doc.columns[0] = "@ref <lbl>".to_owned();
    doc.table[0][1] = "\\ `raw` //x".to_owned();
    doc.totals[0] = "#{1 + 1}".to_owned();
    doc.closing = Some("#import \"@preview/x:0.1.0\": *".to_owned());
    doc.signature = "#let x = 1\n/* c */".to_owned();
    doc.footer = "#pagebreak()".to_owned();
    let pdf = render(&doc);
    assert_eq!(
        page_count(&pdf),
        1,
        "markup ran: the letter is no longer one page"
    );
    assert_contains_all(
        &pdftotext(&pdf),
        &[
            "#set page(width: 1cm)",
            "*bold* _it_",
            "SA-#1 [a] *b*",
            "$x$ and $ a + b $",
            "= Heading",
            "#panic(\"boom\")",
            "]#strong[x][",
            "- not a list",
            "#context here()",
            "@ref <lbl>",
            "\\ `raw` //x",
            "#{1 + 1}",
            "#import \"@preview/x:0.1.0\": *",
            "#let x = 1",
            "/* c */",
            "#pagebreak()",
        ],
    );
}

#[test]
fn a_plain_letter_without_table_or_paragraphs_renders() {
    let doc = LetterDocument {
        kind: "shipping_advice".to_owned(),
        language: "en".to_owned(),
        company: "ACME Ltd.".to_owned(),
        title: "SHIPPING ADVICE".to_owned(),
        header: vec![row("No.", "SA-1")],
        rows: vec![row("Vessel", "EVER GIVEN / 001E")],
        // Ragged rows are cut or padded to the columns.
        columns: vec!["A".to_owned(), "B".to_owned()],
        numeric_columns: vec![1, 7],
        table: vec![
            vec!["a1".to_owned()],
            vec!["b1".to_owned(), "b2".to_owned(), "b3".to_owned()],
        ],
        ..LetterDocument::default()
    };
    let text = pdftotext(&render(&doc));
    assert_contains_all(
        &text,
        &["ACME Ltd.", "SA-1", "EVER GIVEN / 001E", "a1", "b2", "1/1"],
    );
    assert!(!text.contains("b3"), "{text}");

    let bare = LetterDocument {
        title: "NOTICE".to_owned(),
        ..LetterDocument::default()
    };
    assert_contains_all(&pdftotext(&render(&bare)), &["NOTICE", "1/1"]);
}

#[test]
fn same_letter_gives_the_same_bytes_and_samples_can_be_written_out() {
    let renderer = renderer();
    let booking = sample_letter("booking_request");
    let a = renderer.render_letter_pdf(&booking).expect("first");
    let b = renderer.render_letter_pdf(&booking).expect("second");
    assert!(a == b, "rendering is deterministic");
    if let Some(dir) = std::env::var_os("GENDAN_LETTER_OUT") {
        let dir = std::path::PathBuf::from(dir);
        let advice = renderer
            .render_letter_pdf(&sample_letter("shipping_advice"))
            .expect("advice");
        std::fs::write(dir.join("letter_booking.pdf"), &a).expect("write booking");
        std::fs::write(dir.join("letter_advice.pdf"), advice).expect("write advice");
    }
}
