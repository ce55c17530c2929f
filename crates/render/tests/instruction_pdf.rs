//! The instruction PDF (生产指令单), read back with poppler's pdftotext (poppler-utils must be
//! installed: without it these tests fail, they do not skip).

mod common;

use common::{assert_contains_all, loose, page_count, pdffonts, pdftotext, pdftotext_page};
use gendan_render::{
    Fonts, InstructionDocLine, InstructionDocument, LabelValue, RenderError, Renderer, SectionBlock,
    sample_instruction,
};

const CHINESE_SECTION_TITLES: [&str; 5] = ["生产指令单", "生产部", "仓库", "单证部", "船务部"];

fn renderer() -> Renderer {
    Renderer::new(Fonts::system().expect("fonts (install fonts-noto-cjk)"))
}

fn render(doc: &InstructionDocument) -> Vec<u8> {
    let pdf = renderer().render_instruction_pdf(doc).expect("render");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    pdf
}

fn row(label: &str, value: &str) -> LabelValue {
    LabelValue {
        label: label.to_owned(),
        value: value.to_owned(),
        changed: false,
    }
}

/// The sample with English labels and values, as the caller fills them for `language: en`.
fn english_sample() -> InstructionDocument {
    let mut doc = sample_instruction(3);
    doc.language = "en".to_owned();
    doc.company = "Yantai Golden Orchard Fruit Import & Export Co., Ltd.".to_owned();
    doc.issued_by = Some("Li Na (sales)".to_owned());
    doc.revision_note =
        Some("Rev. 2 supersedes Rev. 1; changed: production.due_date, lines[0].quantity".to_owned());
    doc.footer = "Internal use only".to_owned();
    for (i, line) in doc.lines.iter_mut().enumerate() {
        line.description = "Fresh Fuji Apples".to_owned();
        line.spec = "Count 80, Grade A".to_owned();
        line.package = "Carton, 18 kg net".to_owned();
        line.quantity = if i == 0 {
            "1,428 cartons".to_owned()
        } else {
            "350 cartons".to_owned()
        };
        line.supplier = None;
    }
    let section = |rows: Vec<LabelValue>, checklist: &[&str]| {
        Some(SectionBlock {
            rows,
            checklist: checklist.iter().map(|s| (*s).to_owned()).collect(),
            acknowledged_by: None,
        })
    };
    doc.production = section(
        vec![
            row("Packing", "Export cartons, 18 kg net, 80 per pallet"),
            LabelValue {
                changed: true,
                ..row("Due date", "2026-12-18")
            },
        ],
        &["Origin label in every carton"],
    );
    doc.production.as_mut().unwrap().acknowledged_by =
        Some("Wang Fang (production) 2026-11-30 10:12".to_owned());
    doc.warehouse = section(vec![row("Storage", "Cold room 3, 0 to 1 °C")], &[]);
    doc.documentation = section(
        vec![row("Payment", "30% T/T deposit received")],
        &[
            "Commercial invoice",
            "Packing list",
            "B/L",
            "Certificate of origin (Form E)",
            "Phytosanitary certificate",
        ],
    );
    doc.shipping = section(
        vec![
            row("Container", "40RH reefer × 2"),
            row("Set point", "0.5 °C"),
            row("Fresh air", "25 m³/h"),
            row("Humidity", "90 %"),
        ],
        &[],
    );
    doc
}

#[test]
fn chinese_instruction_prints_labels_header_lines_and_all_sections() {
    let doc = sample_instruction(3);
    let pdf = render(&doc);
    let text = pdftotext(&pdf);
    assert_contains_all(
        &text,
        &[
            "烟台金果园水果进出口有限公司",
            "生产指令单",
            "指令编号",
            "ZL2026-0007",
            "第 2 版",
            "SC-2026-0007",
            "Van der Berg Fresh Imports B.V.",
            "2026-11-30",
            "李娜（业务）",
            "序号",
            "品名",
            "规格",
            "包装",
            "数量",
            "供应商",
            "新鲜富士苹果",
            "80个/箱",
            "1,428 箱",
            &doc.lines[1].quantity,
            &doc.lines[2].quantity,
            "栖霞市苹果专业合作社",
            "生产部",
            "仓库",
            "单证部",
            "船务部",
            "唛头",
            "交期",
            "PRODUCT OF CHINA",
            "特殊要求",
            "包装后4小时内进冷库预冷至1 °C以下",
            "签收确认",
            "王芳 (production) 2026-11-30 10:12",
            "植物检疫证书 Phytosanitary certificate",
            "原产地证 Certificate of origin（FORM E）",
            "40RH 冷藏集装箱 × 2",
            "0.5 °C",
            "25 m³/h",
            "90 %",
            "内部文件，仅限本公司使用",
            "ZL2026-0007 · 第 2 版 · 第 1 /",
        ],
    );
    let fonts = pdffonts(&pdf);
    assert!(fonts.contains("CJK"), "no CJK font embedded:\n{fonts}");
    for english in [
        "Production instruction",
        "Warehouse",
        "Instruction No.",
        "Changes in this revision",
    ] {
        assert!(
            !text.contains(english),
            "English label {english:?} in the Chinese PDF:\n{text}"
        );
    }
}

#[test]
fn english_instruction_prints_english_labels_only() {
    let doc = english_sample();
    let text = pdftotext(&render(&doc));
    assert_contains_all(
        &text,
        &[
            "Yantai Golden Orchard Fruit Import & Export Co., Ltd.",
            "Production instruction",
            "Instruction No.",
            "ZL2026-0007",
            "Rev. 2",
            "Contract No.",
            "Customer",
            "Description",
            "Quantity",
            "1,428 cartons",
            "Production",
            "Warehouse",
            "Documentation",
            "Shipping",
            "Special requirements",
            "Changes in this revision",
            "Acknowledged by: Wang Fang (production) 2026-11-30 10:12",
            "Signature",
            "Certificate of origin (Form E)",
            "Phytosanitary certificate",
            "Page 1 of 1",
        ],
    );
    for zh in CHINESE_SECTION_TITLES
        .iter()
        .chain(&["指令编号", "数量", "特殊要求", "签收确认", "本版变更"])
    {
        assert!(
            !text.contains(zh),
            "Chinese label {zh:?} in the English PDF:\n{text}"
        );
    }
}

#[test]
fn a_department_copy_shows_only_that_section() {
    let mut doc = sample_instruction(3);
    doc.department = Some("shipping".to_owned());
    let text = pdftotext(&render(&doc));
    assert_contains_all(
        &text,
        &[
            "生产指令单 — 船务部",
            "ZL2026-0007",
            "1,428 箱",
            "装运港 / 目的港",
            "中远海运 COSCO SHIPPING / COSU6412345670",
            "设定温度",
            "0.5 °C",
            "新风量",
            "25 m³/h",
            "湿度",
            "lines[0].quantity",
        ],
    );
    for other in [
        "生产部",
        "仓库",
        "单证部",
        "唛头",
        "植物检疫证书",
        "王芳",
        "production.due_date",
    ] {
        assert!(!text.contains(other), "{other:?} in the shipping copy:\n{text}");
    }

    let mut english = english_sample();
    english.department = Some("documentation".to_owned());
    let text = pdftotext(&render(&english));
    assert_contains_all(
        &text,
        &[
            "Production instruction — Documentation",
            "Phytosanitary certificate",
        ],
    );
    assert!(!text.contains("Set point"), "{text}");
}

#[test]
fn a_department_without_a_section_says_so_and_an_unknown_one_is_an_error() {
    let mut doc = sample_instruction(1);
    doc.department = Some("warehouse".to_owned());
    doc.warehouse = None;
    assert_contains_all(
        &pdftotext(&render(&doc)),
        &["生产指令单 — 仓库", "本部门无指令。"],
    );

    doc.department = Some("canteen".to_owned());
    let err = renderer().render_instruction_pdf(&doc).unwrap_err();
    assert!(matches!(err, RenderError::Typst(_)), "{err}");
    assert!(err.to_string().contains("canteen"), "{err}");
}

#[test]
fn changed_fields_are_listed_in_the_changes_box_and_marked() {
    let mut doc = sample_instruction(3);
    doc.changed_fields.push("shipping.reefer.set_point_c".to_owned());
    doc.changed_fields.push("customer".to_owned());
    let set_point = doc
        .shipping
        .as_mut()
        .unwrap()
        .rows
        .iter_mut()
        .find(|r| r.label == "设定温度")
        .unwrap();
    set_point.value = "-0.5 °C".to_owned();
    set_point.changed = true;
    let pdf = render(&doc);
    let text = loose(&pdftotext(&pdf));
    let changes_at = text.find("本版变更").expect("changes box");
    let box_text = &text[changes_at..text.find("货物明细").expect("goods title")];
    for field in [
        "production.due_date",
        "lines[0].quantity",
        "shipping.reefer.set_point_c",
        "customer",
    ] {
        assert!(
            box_text.contains(field),
            "{field} not in the changes box: {box_text}"
        );
    }
    assert!(box_text.contains("第2版替代第1版"), "{box_text}");
    // Customer, line 1, the due date and the set point carry a margin marker (plus the
    // markers of the box's list and its hint).
    let markers = text.matches('◆').count();
    assert!(markers >= 4 + 4, "{markers} markers:\n{text}");
    assert!(text.contains("-0.5 °C"), "{text}");

    // A first issue has no changes box.
    let mut first = sample_instruction(2);
    first.revision = 1;
    first.revision_note = None;
    first.changed_fields.clear();
    for line in &mut first.lines {
        line.changed = false;
    }
    for row in first.production.iter_mut().flat_map(|s| &mut s.rows) {
        row.changed = false;
    }
    let text = pdftotext(&render(&first));
    assert!(!text.contains("本版变更") && !text.contains('◆'), "{text}");
}

#[test]
fn user_text_prints_literally_and_never_runs_as_markup() {
    let mut doc = sample_instruction(2);
    doc.customer = "#panic(\"x\")".to_owned();
    doc.number = "ZL-#1 [a] *b*".to_owned();
    doc.lines[1] = InstructionDocLine {
        no: 2,
        description: "$x$ *bold* _it_".to_owned(),
        spec: "#set page(width: 1cm)".to_owned(),
        package: "]#panic(\"boom\")[".to_owned(),
        quantity: "@ref <lbl>".to_owned(),
        supplier: Some("\\ `raw` //x".to_owned()),
        changed: true,
    };
    doc.changed_fields.push("#strong[x]".to_owned());
    let shipping = doc.shipping.as_mut().unwrap();
    shipping.rows.push(LabelValue {
        label: "= Heading".to_owned(),
        value: "#{1 + 1} - not a list".to_owned(),
        changed: true,
    });
    shipping
        .checklist
        .push("#import \"@preview/x:0.1.0\": *".to_owned());
    shipping.acknowledged_by = Some("$ a + b $".to_owned());
    doc.footer = "#context here()".to_owned();
    let text = pdftotext(&render(&doc));
    assert_contains_all(
        &text,
        &[
            "#panic(\"x\")",
            "ZL-#1 [a] *b*",
            "$x$ *bold* _it_",
            "#set page(width: 1cm)",
            "]#panic(\"boom\")[",
            "@ref <lbl>",
            "\\ `raw` //x",
            "#strong[x]",
            "= Heading",
            "#{1 + 1} - not a list",
            "#import \"@preview/x:0.1.0\": *",
            "$ a + b $",
            "#context here()",
        ],
    );
}

#[test]
fn sixty_lines_paginate_with_the_table_header_repeated() {
    let doc = sample_instruction(60);
    let pdf = render(&doc);
    let pages = page_count(&pdf);
    assert!(pages >= 2, "60 lines on {pages} page(s)");
    let page2 = pdftotext_page(&pdf, 2);
    assert_contains_all(
        &page2,
        &["序号", "品名", "规格", "数量", &format!("第 2 / {pages} 页")],
    );
    let page2 = loose(&page2);
    let header_at = page2.find("序号").expect("header");
    let later_line = page2.find("苹果").expect("a goods line on page 2");
    assert!(header_at < later_line, "header before the lines:\n{page2}");
    let last = doc.lines.last().unwrap();
    assert_contains_all(&pdftotext(&pdf), &[&last.quantity, "船务部", "25 m³/h"]);
}

#[test]
fn same_instruction_gives_the_same_bytes() {
    let renderer = renderer();
    let doc = sample_instruction(4);
    let a = renderer.render_instruction_pdf(&doc).expect("first");
    let b = renderer.render_instruction_pdf(&doc).expect("second");
    assert!(a == b, "rendering is deterministic");
}
