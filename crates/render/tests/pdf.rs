//! The contract PDF, read back with poppler's pdftotext (poppler-utils must be installed:
//! without it these tests fail, they do not skip).

mod common;

use std::path::{Path, PathBuf};

use common::{assert_contains_all, flat, loose, normalise, page_count, pdffonts, pdftotext, pdftotext_page};
use gendan_render::{ContractDocument, Fonts, PartyBlock, RenderError, Renderer, Term, sample_contract};

const HOSTILE: &str = "Müller & Co. #1 [test] $5 *x* _y_ @z <w>";

fn renderer() -> Renderer {
    Renderer::new(Fonts::system().expect("fonts (install fonts-noto-cjk)"))
}

fn render(doc: &ContractDocument) -> Vec<u8> {
    let pdf = renderer().render_contract_pdf(doc).expect("render");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    pdf
}

#[test]
fn three_line_contract_reads_back_in_english_and_chinese() {
    let mut doc = sample_contract(3);
    doc.logo_png = Some(common::logo_png());
    doc.stamp_png = Some(common::stamp_png());
    let pdf = render(&doc);
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            "SALES CONTRACT",
            "销售合同",
            "卖方",
            "买方",
            "THE SELLER 卖方",
            "THE BUYER 买方",
            "新鲜富士苹果",
            "烟台金果园水果进出口有限公司",
            "SC-2026-0007",
            "2026-11-30",
            "CIF Rotterdam, Netherlands (Incoterms® 2020)",
            &doc.total_amount,
            &doc.amount_in_words_en,
            "43,200.00",
            "30% T/T deposit within 7 days after signing; 70% T/T against copy B/L.",
            "合同签订后7日内电汇30%定金",
            "BKCHCNBJ500",
            "Wang Li 王丽, General Manager",
            "SC-2026-0007 · Page 1 of",
            &doc.total_quantities[0],
            &doc.total_quantities[1],
        ],
    );
    assert!(!text.contains("Amendment"), "an original shows no amendment");

    // The Chinese is drawn with an embedded CJK font, not boxes.
    let fonts = pdffonts(&pdf);
    assert!(fonts.contains("CJK"), "no CJK font embedded:\n{fonts}");
}

#[test]
fn user_text_prints_literally_and_never_runs_as_markup() {
    let mut doc = sample_contract(2);
    doc.buyer = PartyBlock {
        name_en: HOSTILE.to_owned(),
        name_zh: Some("#set page(width: 1cm)".to_owned()),
        address_lines: vec!["]#panic(\"boom\")[".to_owned()],
        contact_lines: vec!["\\ `raw` = $x^2$ // not a comment".to_owned()],
    };
    doc.lines[1].description_en = HOSTILE.to_owned();
    doc.terms.push(Term {
        label_en: "Special #strong[terms]".to_owned(),
        label_zh: "特别条款 <label>".to_owned(),
        text: format!("{HOSTILE}\n#import \"@preview/x:0.1.0\": *\n- not a list"),
    });
    doc.buyer_signatory = Some("@ref <lbl> #{1 + 1}".to_owned());
    let text = pdftotext(&render(&doc));
    assert_contains_all(
        &text,
        &[
            HOSTILE,
            "#set page(width: 1cm)",
            "]#panic(\"boom\")[",
            "\\ `raw` = $x^2$ // not a comment",
            "Special #strong[terms] 特别条款 <label>:",
            "#import \"@preview/x:0.1.0\": *",
            "- not a list",
            "@ref <lbl> #{1 + 1}",
        ],
    );
    assert!(
        loose(&text).matches(HOSTILE).count() >= 4,
        "buyer block, goods line, clause and signature each print it:\n{text}"
    );
}

#[test]
fn cny_amendment_prints_chinese_capitals_and_amendment_number() {
    let mut doc = sample_contract(3);
    doc.revision = 3;
    doc.currency = "CNY".to_owned();
    doc.price_term = "FOB Yantai, China (Incoterms® 2020)".to_owned();
    doc.total_amount = "CNY 43,200.00".to_owned();
    doc.amount_in_words_en = "SAY CHINESE YUAN FORTY-THREE THOUSAND TWO HUNDRED ONLY".to_owned();
    doc.amount_in_words_zh = Some("人民币肆万叁仟贰佰元整".to_owned());
    let text = pdftotext(&render(&doc));
    assert_contains_all(
        &text,
        &[
            "人民币肆万叁仟贰佰元整",
            "大写金额",
            "CNY 43,200.00",
            "单价 (CNY)",
            "FOB Yantai, China (Incoterms® 2020)",
            "SAY CHINESE YUAN FORTY-THREE THOUSAND TWO HUNDRED ONLY",
            "Amendment 2 / 第2次修改",
        ],
    );
}

#[test]
fn hundred_lines_break_across_pages_and_repeat_the_header() {
    let doc = sample_contract(100);
    let pdf = render(&doc);
    let pages = page_count(&pdf);
    assert!(pages > 1, "100 lines on {pages} page(s)");
    // The header row is repeated on page 2, before the lines that continue there.
    let page2 = pdftotext_page(&pdf, 2);
    assert_contains_all(
        &page2,
        &[
            "Description",
            "品名及规格",
            "HS Code",
            "Unit Price",
            "单价 (USD)",
            "Amount",
            "CIF Rotterdam, Netherlands (Incoterms® 2020)",
            &format!("SC-2026-0007 · Page 2 of {pages}"),
        ],
    );
    let page2 = loose(&page2);
    let header_at = page2.find("Description").expect("header");
    let later_line = page2.find("Fresh ").expect("a goods line on page 2");
    assert!(header_at < later_line, "header before the lines:\n{page2}");
    assert_contains_all(
        &pdftotext(&pdf),
        &[&doc.total_amount, &doc.amount_in_words_en, &doc.lines[99].amount],
    );
}

#[test]
fn same_document_gives_the_same_bytes() {
    let renderer = renderer();
    let doc = sample_contract(5);
    let a = renderer.render_contract_pdf(&doc).expect("first");
    let b = renderer.render_contract_pdf(&doc).expect("second");
    assert!(a == b, "rendering is deterministic");
    let mut other = doc.clone();
    other.number = "SC-2026-0008".to_owned();
    let c = renderer.render_contract_pdf(&other).expect("other");
    assert!(
        flat(&pdftotext(&c)).contains("SC-2026-0008"),
        "warm render sees new data"
    );
}

#[test]
fn a_broken_image_is_an_error_not_a_panic() {
    let mut doc = sample_contract(1);
    doc.stamp_png = Some(b"not an image".to_vec());
    let err = renderer().render_contract_pdf(&doc).unwrap_err();
    assert!(matches!(err, RenderError::Typst(_)), "{err}");
}

#[test]
fn text_snapshot_of_three_line_contract() {
    let text = normalise(&pdftotext(&render(&sample_contract(3))));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/contract_3_lines.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, format!("{text}\n")).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1 to write it", path.display()));
    if expected.trim_end() != text {
        let first_difference = expected
            .trim_end()
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(text.lines().count()));
        panic!(
            "PDF text differs from {} at line {} (UPDATE_SNAPSHOTS=1 rewrites it)\n\
             expected: {:?}\n  actual: {:?}",
            path.display(),
            first_difference + 1,
            expected.lines().nth(first_difference),
            text.lines().nth(first_difference),
        );
    }
}

#[test]
fn fonts_without_cjk_are_refused_with_a_clear_message() {
    let empty = tempfile::tempdir().expect("temp dir");
    let err = Fonts::from_dirs(&[empty.path().to_path_buf()]).unwrap_err();
    assert!(matches!(err, RenderError::NoCjkFont { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("no CJK font found; install fonts-noto-cjk or set GENDAN_FONT_DIR"),
        "{err}"
    );
    let missing = Fonts::from_dirs(&[PathBuf::from("/nonexistent/gendan-fonts")]).unwrap_err();
    assert!(matches!(missing, RenderError::FontDir { .. }), "{missing}");
}

#[test]
fn system_fonts_pick_a_simplified_chinese_face() {
    let fonts = Fonts::system().expect("fonts");
    assert!(fonts.cjk_family().contains("SC"), "{fonts:?}");
    assert!(!fonts.is_empty());
    // The Latin text uses typst's embedded Libertinus Serif, the same on every machine.
    assert_eq!(fonts.latin_family(), "Libertinus Serif");
}

#[test]
fn a_font_directory_with_only_noto_sans_cjk_is_enough() {
    let ttc = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    assert!(
        ttc.is_file(),
        "{} is missing: apt-get install fonts-noto-cjk",
        ttc.display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink(ttc, dir.path().join("NotoSansCJK-Regular.ttc")).expect("link");
    let fonts = Fonts::from_dirs(&[dir.path().to_path_buf()]).expect("fonts");
    assert_eq!(fonts.cjk_family(), "Noto Sans CJK SC");
    assert_eq!(fonts.latin_family(), "Libertinus Serif");
    let families = fonts.families();
    assert!(families.contains(&"Noto Sans Mono CJK SC"), "{families:?}");
    // The collection's Japanese, Korean and Traditional faces are left out.
    assert!(
        !families
            .iter()
            .any(|f| f.ends_with(" JP") || f.ends_with(" KR") || f.ends_with(" TC") || f.ends_with(" HK")),
        "{families:?}"
    );
    let pdf = Renderer::new(fonts)
        .render_contract_pdf(&sample_contract(2))
        .expect("render");
    assert_contains_all(&pdftotext(&pdf), &["销售合同", "新鲜富士苹果"]);
    assert!(pdffonts(&pdf).contains("NotoSansCJK"), "{}", pdffonts(&pdf));
}
