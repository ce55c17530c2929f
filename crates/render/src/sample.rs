//! Realistic samples: a Yantai apple exporter selling to a Rotterdam importer, the
//! instruction its departments work from, and the letters, trade documents, forms and draft
//! of a reefer shipment to Dubai.

use crate::form::{DraftDocument, FormColumn, FormDocument, FormField, FormParty, FormTable};
use crate::instruction::{InstructionDocLine, InstructionDocument, LabelValue, SectionBlock};
use crate::letter::LetterDocument;
use crate::model::{BankBlock, ContractDocument, ContractLine, PartyBlock, Term};
use crate::trade_docs::{
    ContainerRow, InvoiceDocLine, InvoiceDocument, PackingDocLine, PackingListDocument, PackingTotals,
    TradeParty,
};

const VARIETIES: [(&str, &str); 4] = [
    ("Fresh Fuji Apples", "新鲜富士苹果"),
    ("Fresh Royal Gala Apples", "新鲜嘎啦苹果"),
    ("Fresh Organic Fuji Apples", "有机富士苹果"),
    ("Fresh Qinguan Apples", "新鲜秦冠苹果"),
];
const COUNTS: [u32; 7] = [64, 72, 80, 88, 100, 113, 125];
const NET_KG_PER_CARTON: u64 = 18;

/// A contract with `lines` lines of apples (at least one), totals and English words that
/// match the lines, the usual clauses (with Chinese) and one bank account. No images.
pub fn sample_contract(lines: usize) -> ContractDocument {
    let lines = lines.max(1);
    let mut total_cartons: u64 = 0;
    let mut total_cents: u64 = 0;
    let contract_lines = (0..lines)
        .map(|i| {
            let (en, zh) = VARIETIES[i % VARIETIES.len()];
            let count = COUNTS[(i * 3) % COUNTS.len()];
            let cartons = if i == 0 {
                1_800
            } else {
                300 + (i as u64 * 37 % 9) * 50
            };
            let price_cents = 2_400 + (i as u64 * 13 % 7) * 50;
            let amount_cents = cartons * price_cents;
            total_cartons += cartons;
            total_cents += amount_cents;
            ContractLine {
                no: i as u32 + 1,
                description_en: en.to_owned(),
                description_zh: Some(zh.to_owned()),
                spec: Some(format!(
                    "Count {count}, Grade A, red colour ≥ 85%, Brix ≥ 13°; 规格：{count}个/箱，一级果"
                )),
                hs_code: Some("0808.10.00".to_owned()),
                packing: Some("Carton, 18 kg net, tray-packed 纸箱，净重18公斤".to_owned()),
                quantity: group(cartons),
                unit: "CTNS".to_owned(),
                unit_price: money(price_cents),
                amount: money(amount_cents),
            }
        })
        .collect();

    let seller = PartyBlock {
        name_en: "Yantai Golden Orchard Fruit Import & Export Co., Ltd.".to_owned(),
        name_zh: Some("烟台金果园水果进出口有限公司".to_owned()),
        address_lines: vec![
            "No. 88 Changjiang Road, Economic and Technological Development Zone".to_owned(),
            "Yantai, Shandong 264006, China".to_owned(),
        ],
        contact_lines: vec![
            "Tel +86 535 612 3456".to_owned(),
            "sales@golden-orchard.example".to_owned(),
        ],
    };
    let buyer = PartyBlock {
        name_en: "Van der Berg Fresh Imports B.V.".to_owned(),
        name_zh: None,
        address_lines: vec![
            "Marconistraat 16".to_owned(),
            "3029 AK Rotterdam, Netherlands".to_owned(),
        ],
        contact_lines: vec![
            "Tel +31 10 123 4567".to_owned(),
            "purchasing@vdberg-fresh.example".to_owned(),
        ],
    };
    let notify = PartyBlock {
        name_en: "Maasvlakte Reefer Logistics B.V.".to_owned(),
        name_zh: None,
        address_lines: vec![
            "Europaweg 910".to_owned(),
            "3199 LC Rotterdam, Netherlands".to_owned(),
        ],
        contact_lines: vec!["imports@mrl.example".to_owned()],
    };

    let term = |en: &str, zh: &str, text: &str| Term {
        label_en: en.to_owned(),
        label_zh: zh.to_owned(),
        text: text.to_owned(),
    };
    let terms = vec![
        term(
            "Quality",
            "品质",
            "As per the specification above; fruit firm, clean, free from decay and pests. \
             品质以上述规格为准，果实坚实、洁净、无腐烂、无病虫害。",
        ),
        term(
            "Packing",
            "包装",
            "Standard export cartons of 18 kg net, tray-packed, 80 cartons per pallet, \
             suitable for long-distance reefer transport.\n\
             标准出口纸箱，每箱净重18公斤，托盘包装，每托80箱，适合远洋冷藏运输。",
        ),
        term("Shipping marks", "唛头", "At the Seller's option. 由卖方决定。"),
        term(
            "Time of shipment",
            "装运期",
            "Not later than 2027-01-15, in 40' reefer containers set at -0.5 °C to +1 °C. \
             2027年1月15日前装运，40英尺冷藏集装箱，温度设定-0.5 °C至+1 °C。",
        ),
        term(
            "Ports",
            "装运港及目的港",
            "From Yantai, China to Rotterdam, Netherlands. Partial shipments allowed; \
             transshipment not allowed. 由中国烟台港至荷兰鹿特丹港，允许分批装运，不允许转运。",
        ),
        term(
            "Insurance",
            "保险",
            "Covered by the Seller for 110% of the invoice value against all risks, \
             Institute Cargo Clauses (A). 由卖方按发票金额的110%投保一切险（ICC A条款）。",
        ),
        term(
            "Payment",
            "付款条件",
            "30% T/T deposit within 7 days after signing; 70% T/T against copy B/L.\n\
             合同签订后7日内电汇30%定金；70%余款凭提单副本电汇支付。",
        ),
        term(
            "Documents",
            "单据",
            "Commercial invoice in 3 originals; packing list; full set of clean on board \
             bills of lading; certificate of origin; phytosanitary certificate; insurance policy.\n\
             商业发票一式三份；装箱单；全套清洁已装船提单；原产地证；植物检疫证书；保险单。",
        ),
        term(
            "Inspection",
            "检验",
            "The phytosanitary certificate issued by China Customs at the port of loading \
             is final as to quality and condition at loading. \
             以装运港中国海关出具的植物检疫证书作为装运时品质和状况的最终依据。",
        ),
        term(
            "Claims",
            "索赔",
            "Any claim on quality must reach the Seller within 7 days after the goods \
             arrive at the port of destination, with a survey report of a recognised \
             surveyor. 品质异议须于货到目的港后7日内提出，并附公认检验机构的检验报告。",
        ),
        term(
            "Force majeure",
            "不可抗力",
            "Neither party is liable for delay or failure caused by force majeure; the \
             affected party informs the other without delay. \
             因不可抗力造成的延误或不能履约，双方均不承担责任，受影响方应及时通知对方。",
        ),
        term(
            "Arbitration",
            "仲裁",
            "Disputes not settled by negotiation go to the China International Economic and \
             Trade Arbitration Commission (CIETAC), Beijing; its award is final and binding \
             on both parties. 协商不成的争议提交中国国际经济贸易仲裁委员会（北京）仲裁，\
             裁决为终局的，对双方均有约束力。",
        ),
    ];

    ContractDocument {
        number: "SC-2026-0007".to_owned(),
        revision: 1,
        date: "2026-11-30".to_owned(),
        place_of_signing: Some("Yantai, China".to_owned()),
        seller,
        buyer,
        consignee: None,
        notify: Some(notify),
        currency: "USD".to_owned(),
        price_term: "CIF Rotterdam, Netherlands (Incoterms® 2020)".to_owned(),
        lines: contract_lines,
        total_quantities: vec![
            format!("{} CTNS", group(total_cartons)),
            format!("{}.000 KGS", group(total_cartons * NET_KG_PER_CARTON)),
        ],
        total_amount: format!("USD {}", money(total_cents)),
        amount_in_words_en: format!("SAY US DOLLARS {} ONLY", words_en(total_cents)),
        amount_in_words_zh: None,
        terms,
        bank_accounts: vec![BankBlock {
            beneficiary: "Yantai Golden Orchard Fruit Import & Export Co., Ltd.".to_owned(),
            bank_name: "Bank of China, Yantai Branch".to_owned(),
            bank_address: Some("No. 166 Jiefang Road, Zhifu District, Yantai, China".to_owned()),
            account_no: "2345 6789 0123 4567 89".to_owned(),
            swift: Some("BKCHCNBJ500".to_owned()),
            currency: Some("USD".to_owned()),
        }],
        logo_png: None,
        stamp_png: None,
        seller_signatory: Some("Wang Li 王丽, General Manager".to_owned()),
        buyer_signatory: Some("Jan van der Berg, Director".to_owned()),
    }
}

const VARIETIES_ZH: [&str; 4] = ["新鲜富士苹果", "新鲜嘎啦苹果", "有机富士苹果", "新鲜秦冠苹果"];
const SUPPLIERS: [Option<&str>; 3] = [Some("栖霞市苹果专业合作社"), None, Some("蓬莱果园种植基地")];

/// Revision 2 of the Chinese instruction for the sample contract: `lines` lines of apples
/// (at least one; the first, 80 count, changed), all four departments' sections (production
/// and warehouse acknowledged), and changes in the production due date and the first
/// line's quantity.
pub fn sample_instruction(lines: usize) -> InstructionDocument {
    let lines = lines.max(1);
    let mut total_cartons: u64 = 0;
    let doc_lines = (0..lines)
        .map(|i| {
            let count = if i == 0 {
                80
            } else {
                COUNTS[(i * 3) % COUNTS.len()]
            };
            let cartons = if i == 0 {
                1_428
            } else {
                300 + (i as u64 * 37 % 9) * 50
            };
            total_cartons += cartons;
            InstructionDocLine {
                no: i as u32 + 1,
                description: VARIETIES_ZH[i % VARIETIES_ZH.len()].to_owned(),
                spec: format!("{count}个/箱，一级果，着色≥85%，糖度≥13°"),
                package: "纸箱，净重18公斤，托盘包装".to_owned(),
                quantity: format!("{} 箱", group(cartons)),
                supplier: SUPPLIERS[i % SUPPLIERS.len()].map(str::to_owned),
                changed: i == 0,
            }
        })
        .collect();
    let row = |label: &str, value: &str| LabelValue {
        label: label.to_owned(),
        value: value.to_owned(),
        changed: false,
    };
    let changed = |label: &str, value: &str| LabelValue {
        changed: true,
        ..row(label, value)
    };
    let pallets = total_cartons.div_ceil(80);

    let production = SectionBlock {
        rows: vec![
            row("品名", "新鲜富士苹果等（见货物明细）"),
            row(
                "数量",
                &format!("合计 {} 箱，{} 托", group(total_cartons), group(pallets)),
            ),
            row("包装", "出口纸箱，每箱净重18公斤，带托盘格；每托80箱，熏蒸木托盘"),
            row(
                "唛头",
                "VDB FRESH\nROTTERDAM\nC/NO. 1-UP\nPRODUCT OF CHINA\n中国山东烟台",
            ),
            changed("交期", "2026-12-18 前完成挑选、包装并预冷"),
            row("质量要求", "一级果，果面洁净，无碰压伤、无腐烂、无病虫害"),
        ],
        checklist: vec![
            "每箱内贴产地及包装厂标签（中英文）".to_owned(),
            "包装前抽检农残，检测报告随货交单证".to_owned(),
            "包装后4小时内进冷库预冷至1 °C以下".to_owned(),
            "托盘四角加护角并打包带加固".to_owned(),
        ],
        acknowledged_by: Some("王芳 (production) 2026-11-30 10:12".to_owned()),
    };
    let warehouse = SectionBlock {
        rows: vec![
            row("入库", "2026-12-18 前入3号冷库，分区堆放，标明合同号"),
            row("存储温度", "0 至 1 °C，相对湿度 90 %"),
            row("出库装柜", "2026-12-21 08:00 在冷库月台装柜，每柜 20 托"),
            row("装柜记录", "每柜拍照（空柜、半柜、满柜、铅封），记录果温"),
        ],
        checklist: vec!["装柜前确认冷藏箱已预冷至设定温度".to_owned()],
        acknowledged_by: Some("赵强 (warehouse) 2026-11-30 14:05".to_owned()),
    };
    let documentation = SectionBlock {
        rows: vec![
            row("付款方式", "30% T/T 定金已收；70% 凭提单副本电汇"),
            row("报检", "2026-12-19 向烟台海关申报出境植物检疫"),
            row("寄单", "正本单据于开船后 3 个工作日内快递客户"),
        ],
        checklist: vec![
            "商业发票 Commercial invoice 一式三份".to_owned(),
            "装箱单 Packing list".to_owned(),
            "全套清洁已装船提单 B/L".to_owned(),
            "原产地证 Certificate of origin（FORM E）".to_owned(),
            "植物检疫证书 Phytosanitary certificate".to_owned(),
        ],
        acknowledged_by: None,
    };
    let shipping = SectionBlock {
        rows: vec![
            row("装运港 / 目的港", "中国烟台 Yantai → 荷兰鹿特丹 Rotterdam"),
            row("船公司 / 订舱号", "中远海运 COSCO SHIPPING / COSU6412345670"),
            row("箱型箱量", "40RH 冷藏集装箱 × 2"),
            row("设定温度", "0.5 °C"),
            row("新风量", "25 m³/h"),
            row("湿度", "90 %"),
            row("截关 / 开船", "2026-12-23 截关，预计 2026-12-25 开船"),
            row("装运期限", "2027-01-15 前"),
        ],
        checklist: vec!["提单注明：SHIPPER'S LOAD, COUNT AND SEAL; TEMPERATURE SET AT +0.5 °C".to_owned()],
        acknowledged_by: None,
    };

    InstructionDocument {
        language: "zh".to_owned(),
        department: None,
        number: "ZL2026-0007".to_owned(),
        revision: 2,
        revision_note: Some("第2版替代第1版；变更：生产交期、第1行数量".to_owned()),
        contract_number: "SC-2026-0007".to_owned(),
        customer: "Van der Berg Fresh Imports B.V.".to_owned(),
        issued_at: Some("2026-11-30".to_owned()),
        issued_by: Some("李娜（业务）".to_owned()),
        company: "烟台金果园水果进出口有限公司".to_owned(),
        changed_fields: vec!["production.due_date".to_owned(), "lines[0].quantity".to_owned()],
        lines: doc_lines,
        production: Some(production),
        warehouse: Some(warehouse),
        documentation: Some(documentation),
        shipping: Some(shipping),
        footer: "内部文件，仅限本公司使用 · 如有疑问请联系业务员李娜 0535-6123456".to_owned(),
    }
}

/// One of the two trade letters of a shipment of 2 × 40' reefers of Fresh Fuji Apples from
/// Qingdao to Jebel Ali:
///
/// - `"booking_request"`: the booking request (订舱委托书) to the Qingdao forwarder, in
///   Chinese with bilingual labels; shipper, consignee, ports, ETD window, goods, and the
///   containers with their reefer settings (+0.5 °C, vent 30 m³/h, RH 90 %) as the table.
/// - `"shipping_advice"`: the English shipping advice to the customer; contract, L/C and
///   invoice numbers, the amount `USD 49,980.00`, vessel, B/L, dates, goods, and the two
///   containers with a totals row.
///
/// # Panics
///
/// On any other `kind`.
pub fn sample_letter(kind: &str) -> LetterDocument {
    match kind {
        "booking_request" => sample_booking_request(),
        "shipping_advice" => sample_shipping_advice(),
        other => panic!("unknown letter kind {other:?}; expected booking_request or shipping_advice"),
    }
}

fn label_values(rows: &[(&str, &str)]) -> Vec<LabelValue> {
    rows.iter()
        .map(|(label, value)| LabelValue {
            label: (*label).to_owned(),
            value: (*value).to_owned(),
            changed: false,
        })
        .collect()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| (*s).to_owned()).collect()
}

fn sample_booking_request() -> LetterDocument {
    LetterDocument {
        kind: "booking_request".to_owned(),
        language: "zh".to_owned(),
        company: "Yantai Golden Orchard Fruit Import & Export Co., Ltd.".to_owned(),
        company_address: "烟台金果园水果进出口有限公司 · 山东省烟台市芝罘区果园路88号 264000\n\
                          电话 Tel +86 535 612 3456 · 传真 Fax +86 535 612 3457 · export@goldenorchard.cn"
            .to_owned(),
        title: "订舱委托书 BOOKING REQUEST".to_owned(),
        header: label_values(&[
            ("编号 No.", "BK2026-0003"),
            ("日期 Date", "2026-11-30"),
            (
                "致 To",
                "青岛远洋联运物流有限公司 Qingdao Ocean Link Logistics Co., Ltd.",
            ),
            ("收件人 Attn.", "张女士（订舱部）Ms. Zhang"),
        ]),
        intro: Some(
            "贵司好！兹委托贵司代为订舱，货物及要求如下。请确认舱位并于24小时内回传订舱确认（S/O），\
             注明船名航次、截关及截放箱时间。"
                .to_owned(),
        ),
        rows: label_values(&[
            (
                "托运人 Shipper",
                "YANTAI GOLDEN ORCHARD FRUIT IMPORT & EXPORT CO., LTD.\n\
                 NO. 88 GUOYUAN ROAD, ZHIFU DISTRICT, YANTAI, SHANDONG 264000, CHINA\n\
                 TEL +86 535 612 3456",
            ),
            (
                "收货人 Consignee",
                "TO THE ORDER OF EMIRATES NBD BANK PJSC, DUBAI",
            ),
            (
                "通知人 Notify Party",
                "AL MADINA FRESH FRUIT TRADING L.L.C.\n\
                 SHED NO. 14, AL AWEER CENTRAL FRUIT & VEGETABLE MARKET, DUBAI, U.A.E.\n\
                 TEL +971 4 320 1234",
            ),
            ("起运港 Port of Loading", "CNTAO Qingdao 青岛"),
            ("目的港 Port of Discharge", "AEJEA Jebel Ali 杰贝阿里"),
            ("船期 ETD", "2026-12-20 至 2026-12-27"),
            ("船公司 Carrier", "MAERSK 优先 / CMA CGM"),
            ("运输条款 Service", "CY – CY"),
            ("运费条款 Freight", "FREIGHT PREPAID 运费预付"),
            ("贸易条款 Incoterms", "CFR Jebel Ali"),
            ("箱型箱量 Equipment", "2 × 40' RH 冷藏高柜"),
            (
                "品名 Description",
                "FRESH FUJI APPLES 新鲜富士苹果\nHS CODE 0808.10.00",
            ),
            ("件数 Packages", "2,380 CTNS 纸箱（40 托 pallets）"),
            ("毛重 Gross Weight", "46,410 KGS"),
            ("体积 Measurement", "114.24 CBM"),
            ("危险品 Dangerous Goods", "否 No"),
            (
                "冷藏要求 Reefer",
                "温度 Set point +0.5 °C · 通风 Vent 30 m³/h · 湿度 RH 90 %\n\
                 空箱须提前预冷至设定温度，请提供 PTI 检测记录",
            ),
            (
                "提单要求 B/L",
                "正本三份；提单注明 \"SHIPPER'S LOAD, COUNT AND SEAL; TEMPERATURE SET AT +0.5 °C, \
                 VENT 30 CBM/H, HUMIDITY 90 %\"",
            ),
        ]),
        table_title: Some("集装箱及冷藏设置 Containers and Reefer Settings".to_owned()),
        columns: strings(&[
            "序号 No.",
            "箱型 Type",
            "温度 Set Temp.",
            "通风 Vent",
            "湿度 RH",
            "件数 Ctns",
            "毛重 G.W. kg",
            "装箱 Stuffing",
        ]),
        numeric_columns: vec![0, 5, 6],
        table: vec![
            strings(&[
                "1",
                "40' RH",
                "+0.5 °C",
                "30 m³/h",
                "90 %",
                "1,190",
                "23,205",
                "2026-12-18 烟台3号冷库",
            ]),
            strings(&[
                "2",
                "40' RH",
                "+0.5 °C",
                "30 m³/h",
                "90 %",
                "1,190",
                "23,205",
                "2026-12-19 烟台3号冷库",
            ]),
        ],
        totals: strings(&["", "合计 Total 2 × 40' RH", "", "", "", "2,380", "46,410", ""]),
        closing: Some(
            "拖车请于装箱日前一天到烟台3号冷库提空箱，并确认冷机运转正常；装箱后请及时还重箱进港。\
             如有任何疑问，请与我司业务员联系。谢谢！"
                .to_owned(),
        ),
        signature: "烟台金果园水果进出口有限公司\n（盖章 Company stamp）\n\n\
                    业务员 Merchandiser：李娜 Li Na\n电话 0535-6123456 · 手机 138 6385 1234"
            .to_owned(),
        footer: "Yantai Golden Orchard Fruit Import & Export Co., Ltd. · 订舱委托书 BK2026-0003".to_owned(),
    }
}

fn sample_shipping_advice() -> LetterDocument {
    LetterDocument {
        kind: "shipping_advice".to_owned(),
        language: "en".to_owned(),
        company: "Yantai Golden Orchard Fruit Import & Export Co., Ltd.".to_owned(),
        company_address: "No. 88 Guoyuan Road, Zhifu District, Yantai, Shandong 264000, China\n\
                          Tel +86 535 612 3456 · Fax +86 535 612 3457 · export@goldenorchard.cn"
            .to_owned(),
        title: "SHIPPING ADVICE".to_owned(),
        header: label_values(&[
            ("No.", "SA2026-0005"),
            ("Date", "2026-12-24"),
            ("To", "Al Madina Fresh Fruit Trading L.L.C., Dubai, U.A.E."),
            ("Attn.", "Mr. Omar Haddad, Purchasing Manager"),
        ]),
        intro: Some(
            "Dear Mr. Haddad,\nWe are pleased to advise that the goods under the contract below \
             have been shipped as follows:"
                .to_owned(),
        ),
        rows: label_values(&[
            ("Contract No.", "SC-2026-0011"),
            ("L/C No.", "ENBD-LC-2026-778812"),
            ("Invoice No.", "INV-2026-0011"),
            ("Invoice Amount", "USD 49,980.00"),
            ("Vessel / Voyage", "MAERSK KOWLOON / 447W"),
            ("B/L No.", "MAEU 246813579"),
            ("Port of Loading", "Qingdao, China (CNTAO)"),
            ("Port of Discharge", "Jebel Ali, U.A.E. (AEJEA)"),
            ("ETD", "2026-12-24"),
            ("ETA", "2027-01-14"),
            (
                "Description of Goods",
                "FRESH FUJI APPLES\nCount 80/88/100, Grade A, 18 kg net per carton\nHS code 0808.10.00",
            ),
            ("Packages", "2,380 cartons on 40 pallets"),
            ("Net Weight", "42,840.00 kg"),
            ("Gross Weight", "46,410.00 kg"),
            ("Measurement", "114.24 m³"),
            ("Reefer Settings", "+0.5 °C, vent 30 m³/h, RH 90 %"),
            (
                "Shipping Marks",
                "AL MADINA\nJEBEL ALI\nC/NO. 1-2380\nPRODUCT OF CHINA",
            ),
        ]),
        table_title: Some("Containers".to_owned()),
        columns: strings(&[
            "Container No.",
            "Seal No.",
            "Type",
            "Packages",
            "Net kg",
            "Gross kg",
        ]),
        numeric_columns: vec![3, 4, 5],
        table: vec![
            strings(&[
                "MSKU 907032 3",
                "ML-CN4471285",
                "40' RH",
                "1,190",
                "21,420",
                "23,205",
            ]),
            strings(&[
                "MNBU 338214 6",
                "ML-CN4471286",
                "40' RH",
                "1,190",
                "21,420",
                "23,205",
            ]),
        ],
        totals: strings(&["Total", "", "2 × 40' RH", "2,380", "42,840", "46,410"]),
        closing: Some(
            "Copies of the commercial invoice, packing list, bill of lading, certificate of origin and \
             phytosanitary certificate are attached; the originals will be presented through the bank \
             under the L/C. Please arrange insurance and customs clearance accordingly.\n\
             We thank you for your order and look forward to your continued business."
                .to_owned(),
        ),
        signature: "Yours faithfully,\nfor Yantai Golden Orchard Fruit Import & Export Co., Ltd.\n\n\n\
                    Li Na\nExport Merchandiser · Tel +86 535 612 3456 · lina@goldenorchard.cn"
            .to_owned(),
        footer: "Yantai Golden Orchard Fruit Import & Export Co., Ltd. · Shipping advice SA2026-0005"
            .to_owned(),
    }
}

/// One shipped line of the trade-document samples: variety, count, cartons, price in cents.
struct TradeLine {
    en: &'static str,
    zh: &'static str,
    count: u32,
    cartons: u64,
    price_cents: u64,
}

fn trade_lines(lines: usize) -> Vec<TradeLine> {
    (0..lines.max(1))
        .map(|i| {
            let (en, zh) = VARIETIES[i % VARIETIES.len()];
            TradeLine {
                en,
                zh,
                count: COUNTS[(i * 3) % COUNTS.len()],
                cartons: if i == 0 {
                    1_190
                } else {
                    200 + (i as u64 * 37 % 9) * 40
                },
                price_cents: 2_600 + (i as u64 * 13 % 7) * 50,
            }
        })
        .collect()
}

/// The container (index) line `i` of `lines` is stuffed in, the lines split evenly in order.
fn container_of(i: usize, lines: usize, containers: usize) -> usize {
    i * containers / lines
}

/// An ISO 6346 container number with its check digit, e.g. `MSKU1234565`.
fn container_number(owner: &str, serial: u32) -> String {
    let base = format!("{owner}{serial:06}");
    let value = |c: char| -> u32 {
        match c {
            '0'..='9' => c as u32 - '0' as u32,
            _ => {
                // A = 10, skipping multiples of 11.
                let mut v = 10;
                for _ in 'A'..c {
                    v += 1;
                    if v % 11 == 0 {
                        v += 1;
                    }
                }
                v
            }
        }
    };
    let sum: u32 = base.chars().enumerate().map(|(i, c)| value(c) << i).sum();
    format!("{base}{}", sum % 11 % 10)
}

/// Grams → `1,234.500` (kilograms, three decimals).
fn kilos(grams: u64) -> String {
    format!("{}.{:03}", group(grams / 1000), grams % 1000)
}

/// Cubic centimetres → `12.345` (cubic metres, three decimals).
fn cubic_metres(cm3: u64) -> String {
    let litres = cm3 / 1000;
    format!("{}.{:03}", group(litres / 1000), litres % 1000)
}

const NET_G_PER_CARTON: u64 = 18_000;
const GROSS_G_PER_CARTON: u64 = 19_500;
/// 500 × 300 × 280 mm.
const CM3_PER_CARTON: u64 = 42_000;

fn trade_seller() -> TradeParty {
    TradeParty {
        name: "Yantai Golden Orchard Fruit Import & Export Co., Ltd.\n烟台金果园水果进出口有限公司"
            .to_owned(),
        address_lines: vec![
            "No. 88 Guoyuan Road, Zhifu District, Yantai, Shandong 264000, China".to_owned(),
            "Tel +86 535 612 3456 · export@goldenorchard.cn".to_owned(),
        ],
    }
}

fn trade_buyer() -> TradeParty {
    TradeParty {
        name: "AL MADINA FRESH FRUIT TRADING L.L.C.".to_owned(),
        address_lines: vec![
            "Shed No. 14, Al Aweer Central Fruit & Vegetable Market".to_owned(),
            "P.O. Box 52814, Dubai, U.A.E.".to_owned(),
        ],
    }
}

const TRADE_MARKS: &str = "AL MADINA\nJEBEL ALI\nC/NO. 1-UP\nPRODUCT OF CHINA";

/// A commercial invoice for `lines` lines of apples (at least one) shipped in `containers`
/// 40' reefers (at least one), Qingdao to Jebel Ali, CFR, in USD with freight shown as a
/// charge, a 30 % deposit and the balance under an L/C; totals, weights and words match the
/// lines. Bilingual labels (`language` `zh`). No stamp.
pub fn sample_invoice(lines: usize, containers: usize) -> InvoiceDocument {
    let trade = trade_lines(lines);
    let containers = containers.max(1) as u64;
    let mut cartons = 0;
    let mut goods_cents = 0;
    let doc_lines = trade
        .iter()
        .enumerate()
        .map(|(i, t)| {
            cartons += t.cartons;
            goods_cents += t.cartons * t.price_cents;
            InvoiceDocLine {
                no: i as u32 + 1,
                marks_and_numbers: None,
                description: format!(
                    "{} {}\nCount {}, Grade A, 18 kg net per carton",
                    t.en.to_uppercase(),
                    t.zh,
                    t.count
                ),
                hs_code: "0808.10.00".to_owned(),
                quantity: group(t.cartons),
                unit: "CTNS".to_owned(),
                unit_price: money(t.price_cents),
                amount: money(t.cartons * t.price_cents),
                packages: format!("{} CTNS", group(t.cartons)),
            }
        })
        .collect();
    let freight_cents = 320_000 * containers;
    let total_cents = goods_cents + freight_cents;
    let deposit_cents = total_cents * 30 / 100;
    InvoiceDocument {
        language: "zh".to_owned(),
        title: "商业发票\nCOMMERCIAL INVOICE".to_owned(),
        seller: trade_seller(),
        buyer: trade_buyer(),
        consignee: Some(TradeParty {
            name: "TO THE ORDER OF EMIRATES NBD BANK P.J.S.C.".to_owned(),
            address_lines: vec!["Baniyas Road, Deira, Dubai, U.A.E.".to_owned()],
        }),
        number: "CI2026-0011".to_owned(),
        date: "2026-12-21".to_owned(),
        contract_numbers: vec!["SC-2026-0011".to_owned()],
        lc_number: Some("ENBD-LC-2026-778812".to_owned()),
        incoterm: "CFR Jebel Ali, U.A.E. (Incoterms® 2020)".to_owned(),
        payment_terms: "30% T/T in advance, 70% by irrevocable documentary credit at sight".to_owned(),
        vessel: "MAERSK KOWLOON / 447W".to_owned(),
        port_of_loading: "Qingdao, China (CNTAO)".to_owned(),
        port_of_discharge: "Jebel Ali, U.A.E. (AEJEA)".to_owned(),
        origin: "China 中国".to_owned(),
        lines: doc_lines,
        charges: vec![(
            format!("Ocean freight Qingdao–Jebel Ali, {containers} × 40' RH 海运费"),
            money(freight_cents),
        )],
        currency: "USD".to_owned(),
        total_quantity_lines: vec![format!("{} CTNS", group(cartons))],
        total_amount: money(total_cents),
        deposit_received: Some(money(deposit_cents)),
        balance_due: Some(money(total_cents - deposit_cents)),
        amount_in_words: format!("SAY US DOLLARS {} ONLY", words_en(total_cents)),
        packages_total: format!("{} CARTONS", group(cartons)),
        net_weight: format!("{} KGS", kilos(cartons * NET_G_PER_CARTON)),
        gross_weight: format!("{} KGS", kilos(cartons * GROSS_G_PER_CARTON)),
        marks: TRADE_MARKS.to_owned(),
        declarations: vec![
            "We hereby certify that the goods described above are of Chinese origin and that this \
             invoice is true and correct. 兹证明上述货物原产于中国，本发票内容真实无误。"
                .to_owned(),
            format!(
                "Shipped under L/C No. ENBD-LC-2026-778812 dated 2026-11-12 issued by Emirates NBD Bank \
                 P.J.S.C., Dubai; {containers} × 40' reefer containers at +0.5 °C."
            ),
        ],
        signatory: "Li Na 李娜\nExport Manager 出口部经理".to_owned(),
        letterhead_png: None,
        stamp_png: None,
        signature_png: None,
        footer: "Yantai Golden Orchard Fruit Import & Export Co., Ltd. · Commercial invoice 商业发票"
            .to_owned(),
    }
}

/// The packing list of [`sample_invoice`]`(lines, containers)`: the same lines split in
/// order over `containers` 40' reefers with ISO 6346 numbers and seals, per-line and
/// per-container weights and measurement (18 kg net, 19.5 kg gross, 0.042 m³ per carton),
/// totals that match. Bilingual labels (`language` `zh`). No stamp.
pub fn sample_packing_list(lines: usize, containers: usize) -> PackingListDocument {
    let trade = trade_lines(lines);
    let containers = containers.max(1);
    let numbers: Vec<(String, String)> = (0..containers)
        .map(|c| {
            (
                container_number("MSKU", 812_340 + 17 * c as u32),
                format!("ML-CN{:07}", 4_417_020 + 3 * c as u32),
            )
        })
        .collect();
    let mut per_container = vec![0u64; containers];
    let doc_lines = trade
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let c = container_of(i, trade.len(), containers);
            per_container[c] += t.cartons;
            PackingDocLine {
                container: numbers[c].0.clone(),
                seal: numbers[c].1.clone(),
                description: format!("{} {}, Count {}", t.en.to_uppercase(), t.zh, t.count),
                packages: group(t.cartons),
                package_type: "CTNS".to_owned(),
                net_per_package: kilos(NET_G_PER_CARTON),
                gross_per_package: kilos(GROSS_G_PER_CARTON),
                net: kilos(t.cartons * NET_G_PER_CARTON),
                gross: kilos(t.cartons * GROSS_G_PER_CARTON),
                measurement: cubic_metres(t.cartons * CM3_PER_CARTON),
            }
        })
        .collect();
    let container_rows = numbers
        .iter()
        .zip(&per_container)
        .map(|((number, seal), &cartons)| ContainerRow {
            number: number.clone(),
            seal: seal.clone(),
            container_type: "40' RH".to_owned(),
            packages: group(cartons),
            net: kilos(cartons * NET_G_PER_CARTON),
            gross: kilos(cartons * GROSS_G_PER_CARTON),
            measurement: cubic_metres(cartons * CM3_PER_CARTON),
        })
        .collect();
    let cartons: u64 = per_container.iter().sum();
    PackingListDocument {
        language: "zh".to_owned(),
        title: "装箱单\nPACKING LIST".to_owned(),
        seller: trade_seller(),
        buyer: trade_buyer(),
        consignee: None,
        number: "PL2026-0011".to_owned(),
        date: "2026-12-21".to_owned(),
        invoice_number: "CI2026-0011".to_owned(),
        contract_numbers: vec!["SC-2026-0011".to_owned()],
        lc_number: Some("ENBD-LC-2026-778812".to_owned()),
        vessel: "MAERSK KOWLOON / 447W".to_owned(),
        port_of_loading: "Qingdao, China (CNTAO)".to_owned(),
        port_of_discharge: "Jebel Ali, U.A.E. (AEJEA)".to_owned(),
        weight_unit: "KGS".to_owned(),
        measurement_unit: "CBM".to_owned(),
        lines: doc_lines,
        containers: container_rows,
        totals: PackingTotals {
            packages: format!("{} CTNS", group(cartons)),
            net: kilos(cartons * NET_G_PER_CARTON),
            gross: kilos(cartons * GROSS_G_PER_CARTON),
            measurement: cubic_metres(cartons * CM3_PER_CARTON),
        },
        marks: TRADE_MARKS.to_owned(),
        signatory: "Li Na 李娜\nExport Manager 出口部经理".to_owned(),
        letterhead_png: None,
        stamp_png: None,
        signature_png: None,
        footer: "Yantai Golden Orchard Fruit Import & Export Co., Ltd. · Packing list 装箱单".to_owned(),
    }
}

// ---------------------------------------------------------------- forms and draft

const SI_NUMBER: &str = "SI2026-0011";
const LC_CLAUSE: &str = "L/C No. ENBD-LC-2026-778812 dated 2026-11-12";

fn fields(rows: &[(&str, &str)]) -> Vec<FormField> {
    rows.iter()
        .map(|(label, value)| FormField::new(*label, *value))
        .collect()
}

fn form_party(label: &str, party: TradeParty) -> FormParty {
    FormParty {
        label: label.to_owned(),
        party,
    }
}

/// The digits of a formatted number: `1,710` → 1710, `61,880.00` → 6188000 (cents).
fn digits(amount: &str) -> u64 {
    amount.replace([',', '.'], "").parse().expect("sample amount")
}

/// The issuer of every sample form: the exporter, with its Chinese name.
fn form_issuer() -> TradeParty {
    let mut issuer = trade_seller();
    issuer.address_lines[0].push_str(" · 山东省烟台市芝罘区果园路88号");
    issuer
}

/// A form of the sample shipment with the common parts filled in.
fn sample_form_base(title: &str, number: &str, date: &str, footer: &str) -> FormDocument {
    FormDocument {
        language: "zh".to_owned(),
        title: title.to_owned(),
        issuer: form_issuer(),
        letterhead_png: None,
        number: number.to_owned(),
        date: date.to_owned(),
        signatory: "Li Na 李娜\nExport Merchandiser 业务员 · Tel +86 535 612 3456".to_owned(),
        stamp_png: None,
        signature_png: None,
        footer: format!("Yantai Golden Orchard Fruit Import & Export Co., Ltd. · {footer} {number}"),
        ..FormDocument::default()
    }
}

/// The containers of the sample packing list as a form table with totals.
fn container_table(list: &PackingListDocument) -> FormTable {
    let t = &list.totals;
    FormTable {
        title: Some("集装箱 Containers".to_owned()),
        columns: vec![
            FormColumn::text("箱号\nContainer No."),
            FormColumn::text("封号\nSeal No."),
            FormColumn::text("箱型\nType"),
            FormColumn::numeric("件数\nPackages"),
            FormColumn::numeric("净重\nN.W. (KGS)"),
            FormColumn::numeric("毛重\nG.W. (KGS)"),
            FormColumn::numeric("体积\nMeas. (CBM)"),
        ],
        rows: list
            .containers
            .iter()
            .map(|c| {
                vec![
                    c.number.clone(),
                    c.seal.clone(),
                    c.container_type.clone(),
                    c.packages.clone(),
                    c.net.clone(),
                    c.gross.clone(),
                    c.measurement.clone(),
                ]
            })
            .collect(),
        totals: Some(vec![
            format!("合计 Total {} × 40' RH", list.containers.len()),
            String::new(),
            String::new(),
            t.packages.clone(),
            t.net.clone(),
            t.gross.clone(),
            t.measurement.clone(),
        ]),
    }
}

/// The shipping instruction (提单补料) to the forwarder for the B/L of the sample shipment:
/// 1,710 cartons of apples from Yantai in 2 × 40' reefers (numbers and seals of
/// [`sample_packing_list`]`(3, 2)`), Qingdao to Jebel Ali on MAERSK KOWLOON / 447W,
/// consignee "TO ORDER OF EMIRATES NBD BANK P.J.S.C.", freight prepaid, 3/3 originals,
/// marks and reefer settings; Chinese with bilingual labels. No images.
pub fn sample_form() -> FormDocument {
    let list = sample_packing_list(3, 2);
    let t = &list.totals;
    let mut notify = trade_buyer();
    let cartons = digits(t.packages.trim_end_matches(" CTNS"));
    let packages = format!("{} ({} CARTONS ONLY)", t.packages, integer_words(cartons));
    notify
        .address_lines
        .push("Tel +971 4 320 1234 · Attn. Mr. Khalid Rahman".to_owned());
    FormDocument {
        references: fields(&[
            ("订舱号 Booking No.", "MAEU 263451987"),
            ("合同号 Contract No.", "SC-2026-0011"),
            ("发票号 Invoice No.", "CI2026-0011"),
            ("信用证号 L/C No.", "ENBD-LC-2026-778812"),
            (
                "致 To",
                "青岛远洋联运物流有限公司\nQingdao Ocean Link Logistics Co., Ltd.\nAttn. Ms. Zhang 张女士",
            ),
        ]),
        parties: vec![
            form_party("托运人 Shipper", trade_seller()),
            form_party(
                "收货人 Consignee",
                TradeParty {
                    name: "TO ORDER OF EMIRATES NBD BANK P.J.S.C., DUBAI".to_owned(),
                    address_lines: Vec::new(),
                },
            ),
            form_party("通知人 Notify Party", notify),
        ],
        fields: fields(&[
            ("船公司 Carrier", "MAERSK A/S"),
            ("船名航次 Vessel / Voyage", list.vessel.as_str()),
            ("装运港 Port of Loading", list.port_of_loading.as_str()),
            ("卸货港 Port of Discharge", list.port_of_discharge.as_str()),
            ("运费条款 Freight", "FREIGHT PREPAID 运费预付"),
            ("运输条款 Service", "CY – CY"),
            (
                "提单类型 B/L Type",
                "CLEAN ON BOARD OCEAN BILL OF LADING\n清洁已装船海运提单",
            ),
            ("正本份数 Originals", "3/3 ORIGINALS 正本三份 · 3 COPIES 副本三份"),
            ("箱型箱量 Equipment", "2 × 40' RH 冷藏高柜"),
            (
                "冷藏设置 Reefer Settings",
                "+0.5 °C · VENT 30 CBM/H · RH 90 %\n温度 +0.5 °C，通风 30 m³/h，湿度 90 %",
            ),
            ("件数 Packages", packages.as_str()),
            ("毛重 Gross Weight", &*format!("{} KGS", t.gross)),
            ("净重 Net Weight", &*format!("{} KGS", t.net)),
            ("体积 Measurement", &*format!("{} CBM", t.measurement)),
        ]),
        table: Some(container_table(&list)),
        paragraphs: fields(&[
            ("唛头 Shipping Marks", TRADE_MARKS),
            (
                "货物描述 Description of Goods",
                "FRESH APPLES 新鲜苹果 (FUJI, ROYAL GALA, ORGANIC FUJI)\n\
                 HS CODE 0808.10.00 · PACKED IN CARTONS OF 18 KGS NET ON 40 PALLETS\n\
                 SHIPPER'S LOAD, COUNT AND SEAL · SAID TO CONTAIN",
            ),
            (
                "提单注明 To Be Shown on the B/L",
                "L/C NO. ENBD-LC-2026-778812 DATED 2026-11-12\n\
                 TEMPERATURE SET AT +0.5 °C, VENT 30 CBM/H, HUMIDITY 90 %\n\
                 FREIGHT PREPAID · CLEAN ON BOARD",
            ),
            (
                "备注 Remarks",
                "请于开船后两个工作日内发送提单草稿供我司确认，确认后方可出正本提单。\n\
                 Please send the draft B/L for our confirmation within 2 working days after sailing; \
                 originals to be released only after our confirmation.",
            ),
        ]),
        ..sample_form_base(
            "提单补料\nSHIPPING INSTRUCTION",
            SI_NUMBER,
            "2026-12-18",
            "提单补料 Shipping instruction",
        )
    }
}

/// The four forms of the sample shipment, in the order a set is prepared: the shipping
/// instruction ([`sample_form`]), the certificate of origin application (原产地证申请, one
/// table row per invoice line of [`sample_invoice`]`(3, 2)`), the phytosanitary certificate
/// application (植检申请, no table) and the insurance declaration (投保单, 110 % of the
/// invoice value under ICC (A)). Chinese with bilingual labels; no images.
pub fn sample_forms() -> Vec<FormDocument> {
    let invoice = sample_invoice(3, 2);
    let list = sample_packing_list(3, 2);
    let t = &list.totals;
    let consignee = trade_buyer();
    let container_numbers = list
        .containers
        .iter()
        .map(|c| c.number.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let origin = FormDocument {
        references: fields(&[
            ("发票号 Invoice No.", "CI2026-0011"),
            ("发票日期 Invoice Date", "2026-12-21"),
            ("合同号 Contract No.", "SC-2026-0011"),
            ("信用证号 L/C No.", "ENBD-LC-2026-778812"),
        ]),
        parties: vec![
            form_party("出口商 Exporter", trade_seller()),
            form_party("收货人 Consignee", consignee.clone()),
        ],
        fields: fields(&[
            (
                "证书种类 Certificate",
                "一般原产地证书 CERTIFICATE OF ORIGIN (NON-PREFERENTIAL)",
            ),
            ("进口国 Importing Country", "U.A.E. 阿拉伯联合酋长国"),
            (
                "运输方式及路线 Means of Transport and Route",
                "FROM QINGDAO, CHINA TO JEBEL ALI, U.A.E. BY SEA",
            ),
            ("船名航次 Vessel / Voyage", list.vessel.as_str()),
            (
                "签证机构 Issuing Authority",
                "中国国际贸易促进委员会烟台市分会\nCCPIT YANTAI SUB-COUNCIL",
            ),
            ("证书份数 Copies", "1 ORIGINAL + 2 COPIES 正本一份，副本两份"),
        ]),
        table: Some(FormTable {
            title: Some("货物 Goods".to_owned()),
            columns: vec![
                FormColumn::numeric("项目\nItem"),
                FormColumn::text("货物描述\nDescription of Goods"),
                FormColumn::text("HS编码\nHS Code"),
                FormColumn::text("原产地标准\nOrigin Criterion"),
                FormColumn::numeric("数量\nQuantity"),
            ],
            rows: invoice
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.no.to_string(),
                        l.description.clone(),
                        l.hs_code.clone(),
                        "\"P\" 完全原产\nWHOLLY OBTAINED".to_owned(),
                        l.packages.clone(),
                    ]
                })
                .collect(),
            totals: Some(vec![
                String::new(),
                "合计 Total".to_owned(),
                String::new(),
                String::new(),
                t.packages.clone(),
            ]),
        }),
        paragraphs: fields(&[
            ("唛头 Marks and Numbers", TRADE_MARKS),
            (
                "申请人声明 Declaration by the Applicant",
                "本人被正式授权代表出口商办理和签署本申请书。本申请书及原产地证明书所列内容正确无误，\
                 所列货物原产于中华人民共和国，并符合《中华人民共和国进出口货物原产地条例》。\n\
                 The undersigned, duly authorised by the exporter, hereby declares that the above details and \
                 statements are correct, that all the goods were produced in China and that they comply with the \
                 Rules of Origin of the People's Republic of China.",
            ),
        ]),
        ..sample_form_base(
            "原产地证申请书\nAPPLICATION FOR CERTIFICATE OF ORIGIN",
            "CO2026-0011",
            "2026-12-19",
            "原产地证申请 CO application",
        )
    };
    let phyto = FormDocument {
        references: fields(&[
            ("合同号 Contract No.", "SC-2026-0011"),
            ("发票号 Invoice No.", "CI2026-0011"),
            ("报检单位登记号 Registration No.", "3706600123"),
        ]),
        parties: vec![
            form_party("发货人 Exporter", trade_seller()),
            form_party("收货人 Consignee", consignee.clone()),
        ],
        fields: fields(&[
            ("植物产品名称 Name of Produce", "FRESH APPLES 新鲜苹果"),
            ("植物学名 Botanical Name", "Malus domestica Borkh."),
            (
                "产地 Place of Origin",
                "Qixia, Yantai, Shandong, China 山东烟台栖霞",
            ),
            (
                "注册果园 / 包装厂 Orchard / Packing House",
                "3706GY0218 / 3706BZ0031",
            ),
            (
                "数量及包装 Quantity and Packing",
                &*format!("{} · {} KGS NET", t.packages, t.net),
            ),
            ("输往国家 Country of Destination", "U.A.E. 阿联酋"),
            ("入境口岸 Point of Entry", "JEBEL ALI"),
            (
                "运输工具 Means of Conveyance",
                &*format!("BY SEA · {}", list.vessel),
            ),
            ("集装箱 Containers", &*container_numbers),
            (
                "检验地点及日期 Place and Date of Inspection",
                "烟台3号冷库 Yantai Cold Store No. 3 · 2026-12-17",
            ),
        ]),
        paragraphs: fields(&[
            ("标记 Distinguishing Marks", TRADE_MARKS),
            (
                "附加声明 Additional Declaration",
                "The fruits in this consignment were produced in a registered orchard, packed in a registered \
                 packing house, and inspected and found free from Cydia pomonella and other quarantine pests \
                 of concern to the U.A.E.\n本批水果产自注册果园，经注册包装厂包装，经检疫未发现苹果蠹蛾及输入国关注的其他检疫性有害生物。",
            ),
            (
                "除害处理 Disinfestation Treatment",
                "无 None · 预冷至 +0.5 °C Pre-cooled to +0.5 °C",
            ),
        ]),
        ..sample_form_base(
            "植物检疫证书申请\nAPPLICATION FOR PHYTOSANITARY CERTIFICATE",
            "PQ2026-0011",
            "2026-12-16",
            "植检申请 Phytosanitary application",
        )
    };
    let insured_cents = digits(&invoice.total_amount) * 110 / 100;
    let insurance = FormDocument {
        references: fields(&[
            ("发票号 Invoice No.", "CI2026-0011"),
            ("合同号 Contract No.", "SC-2026-0011"),
            ("信用证号 L/C No.", "ENBD-LC-2026-778812"),
            ("预约保单号 Open Policy No.", "PICC-YT-OP-2026-0088"),
            (
                "致 To",
                "中国人民财产保险股份有限公司烟台市分公司\nPICC P&C YANTAI BRANCH",
            ),
        ]),
        parties: vec![form_party("被保险人 Insured", trade_seller())],
        fields: fields(&[
            (
                "保险金额 Amount Insured",
                &*format!(
                    "USD {} (110% OF INVOICE VALUE USD {})",
                    money(insured_cents),
                    invoice.total_amount
                ),
            ),
            ("船名航次 Vessel / Voyage", list.vessel.as_str()),
            ("航程 Voyage", "FROM QINGDAO, CHINA TO JEBEL ALI, U.A.E."),
            ("开航日期 Sailing on or about", "2026-12-22"),
            (
                "险别 Conditions",
                "INSTITUTE CARGO CLAUSES (A) 1/1/2009, INSTITUTE WAR AND STRIKES CLAUSES (CARGO), \
                 INCLUDING BREAKDOWN OF REFRIGERATING MACHINERY\n一切险、战争险及罢工险，含冷藏机器故障险",
            ),
            ("赔款地点 Claims Payable at", "DUBAI, U.A.E. IN USD"),
            ("保单份数 Originals", "2 ORIGINALS 正本两份"),
            (
                "检验代理 Survey Agent",
                "GULF SURVEY & LOSS ADJUSTERS L.L.C., DUBAI",
            ),
        ]),
        table: Some(FormTable {
            title: Some("保险货物 Goods Insured".to_owned()),
            columns: vec![
                FormColumn::text("货物描述\nDescription of Goods"),
                FormColumn::numeric("件数\nPackages"),
                FormColumn::numeric("发票金额\nInvoice Amount (USD)"),
            ],
            rows: invoice
                .lines
                .iter()
                .map(|l| vec![l.description.clone(), l.packages.clone(), l.amount.clone()])
                .chain(
                    invoice
                        .charges
                        .iter()
                        .map(|(label, amount)| vec![label.clone(), String::new(), amount.clone()]),
                )
                .collect(),
            totals: Some(vec![
                "合计 Total".to_owned(),
                invoice.packages_total.clone(),
                invoice.total_amount.clone(),
            ]),
        }),
        paragraphs: fields(&[
            ("标记 Marks", TRADE_MARKS),
            (
                "投保人声明 Declaration",
                "兹声明上述内容属实，本公司已阅读并同意保险条款。\n\
                 We declare the above particulars true and accept the conditions of the policy.",
            ),
        ]),
        ..sample_form_base(
            "投保单\nINSURANCE DECLARATION",
            "IN2026-0011",
            "2026-12-20",
            "投保单 Insurance declaration",
        )
    };
    vec![sample_form(), origin, phyto, insurance]
}

/// The bill of exchange (汇票) of the sample shipment: the balance of
/// [`sample_invoice`]`(3, 2)` drawn at sight under the credit on Emirates NBD Bank, to the
/// order of Bank of China, Yantai Branch, as a set of two (FIRST and SECOND of exchange);
/// bilingual labels, no images.
pub fn sample_draft() -> DraftDocument {
    let invoice = sample_invoice(3, 2);
    let amount = invoice.balance_due.clone().expect("sample balance");
    DraftDocument {
        language: "zh".to_owned(),
        drawer: trade_seller(),
        letterhead_png: None,
        number: invoice.number.clone(),
        place_and_date: "YANTAI, CHINA, 2026-12-21".to_owned(),
        currency: "USD".to_owned(),
        amount_in_words: format!("SAY US DOLLARS {} ONLY", words_en(digits(&amount))),
        amount,
        tenor: "AT SIGHT".to_owned(),
        payee: "BANK OF CHINA, YANTAI BRANCH".to_owned(),
        drawn_under: format!(
            "EMIRATES NBD BANK P.J.S.C., DUBAI, IRREVOCABLE {}",
            LC_CLAUSE.to_uppercase()
        ),
        drawee: TradeParty {
            name: "EMIRATES NBD BANK P.J.S.C.".to_owned(),
            address_lines: vec![
                "Trade Finance Operations, Baniyas Road, Deira".to_owned(),
                "P.O. Box 777, Dubai, U.A.E.".to_owned(),
            ],
        },
        signatory: "Li Na 李娜, Export Manager".to_owned(),
        stamp_png: None,
        signature_png: None,
        set_of: 2,
    }
}

/// `1234567` → `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cents → `43,200.00`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", group(cents / 100), cents % 100)
}

/// Cents in English words: `FORTY-THREE THOUSAND TWO HUNDRED` (`… AND CENTS TWELVE`).
fn words_en(cents: u64) -> String {
    let dollars = integer_words(cents / 100);
    match cents % 100 {
        0 => dollars,
        c => format!("{dollars} AND CENTS {}", integer_words(c)),
    }
}

fn integer_words(n: u64) -> String {
    const SCALES: [(u64, &str); 3] = [
        (1_000_000_000, "BILLION"),
        (1_000_000, "MILLION"),
        (1_000, "THOUSAND"),
    ];
    if n == 0 {
        return "ZERO".to_owned();
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (scale, name) in SCALES {
        if rest >= scale {
            parts.push(format!("{} {name}", below_thousand(rest / scale)));
            rest %= scale;
        }
    }
    if rest > 0 {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

fn below_thousand(n: u64) -> String {
    const ONES: [&str; 20] = [
        "",
        "ONE",
        "TWO",
        "THREE",
        "FOUR",
        "FIVE",
        "SIX",
        "SEVEN",
        "EIGHT",
        "NINE",
        "TEN",
        "ELEVEN",
        "TWELVE",
        "THIRTEEN",
        "FOURTEEN",
        "FIFTEEN",
        "SIXTEEN",
        "SEVENTEEN",
        "EIGHTEEN",
        "NINETEEN",
    ];
    const TENS: [&str; 10] = [
        "", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY",
    ];
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} HUNDRED", ONES[(n / 100) as usize]));
    }
    let rest = (n % 100) as usize;
    if rest >= 20 {
        let tens = TENS[rest / 10];
        parts.push(match rest % 10 {
            0 => tens.to_owned(),
            ones => format!("{tens}-{}", ONES[ones]),
        });
    } else if rest > 0 {
        parts.push(ONES[rest].to_owned());
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_numbers() {
        assert_eq!(words_en(4_320_000), "FORTY-THREE THOUSAND TWO HUNDRED");
        assert_eq!(
            words_en(100_101_512),
            "ONE MILLION ONE THOUSAND FIFTEEN AND CENTS TWELVE"
        );
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(money(4_320_000), "43,200.00");
        assert_eq!(money(5), "0.05");
    }

    #[test]
    fn sample_totals_match_lines() {
        let doc = sample_contract(3);
        assert_eq!(doc.lines.len(), 3);
        assert_eq!(doc.lines[0].amount, "43,200.00");
        let cents: u64 = doc
            .lines
            .iter()
            .map(|l| l.amount.replace([',', '.'], "").parse::<u64>().unwrap())
            .sum();
        assert_eq!(doc.total_amount, format!("USD {}", money(cents)));
        assert!(doc.amount_in_words_en.starts_with("SAY US DOLLARS "));
        assert_eq!(sample_contract(100).lines.len(), 100);
    }

    #[test]
    fn sample_instruction_has_every_section() {
        let doc = sample_instruction(3);
        assert_eq!(doc.lines.len(), 3);
        assert_eq!(doc.lines[0].quantity, "1,428 箱");
        assert!(doc.lines[0].changed && !doc.lines[1].changed);
        for section in [&doc.production, &doc.warehouse, &doc.documentation, &doc.shipping] {
            assert!(section.as_ref().is_some_and(|s| !s.rows.is_empty()));
        }
        assert_eq!(sample_instruction(0).lines.len(), 1);
        assert_eq!(sample_instruction(60).lines.len(), 60);
    }

    #[test]
    fn trade_samples_add_up() {
        assert_eq!(container_number("CSQU", 305_438), "CSQU3054383");
        let invoice = sample_invoice(100, 4);
        assert_eq!(invoice.lines.len(), 100);
        let cents = |s: &str| s.replace([',', '.'], "").parse::<u64>().unwrap();
        let lines: u64 = invoice.lines.iter().map(|l| cents(&l.amount)).sum();
        let charges: u64 = invoice.charges.iter().map(|c| cents(&c.1)).sum();
        assert_eq!(cents(&invoice.total_amount), lines + charges);
        let list = sample_packing_list(100, 4);
        assert_eq!(list.containers.len(), 4);
        let packages: u64 = list.containers.iter().map(|c| cents(&c.packages)).sum();
        assert_eq!(format!("{} CTNS", group(packages)), list.totals.packages);
        assert_eq!(list.totals.packages, invoice.total_quantity_lines[0]);
        assert!(list.containers.iter().all(|c| c.packages != "0"));
    }

    #[test]
    fn sample_forms_and_draft_match_the_shipment() {
        let forms = sample_forms();
        assert_eq!(forms.len(), 4);
        assert_eq!(forms[0], sample_form());
        for form in &forms {
            form.check().expect("one cell per column");
            assert!(!form.number.is_empty() && !form.paragraphs.is_empty());
        }
        let list = sample_packing_list(3, 2);
        let table = forms[0].table.as_ref().unwrap();
        assert_eq!(table.rows.len(), list.containers.len());
        assert_eq!(table.totals.as_ref().unwrap()[5], list.totals.gross);
        let draft = sample_draft();
        assert_eq!(Some(draft.amount.clone()), sample_invoice(3, 2).balance_due);
        assert_eq!(draft.parts().unwrap().len(), 2);
        assert!(
            draft
                .amount_in_words
                .starts_with("SAY US DOLLARS THIRTY-SIX THOUSAND")
        );
    }

    #[test]
    fn sample_letters_have_full_tables() {
        for kind in ["booking_request", "shipping_advice"] {
            let doc = sample_letter(kind);
            assert_eq!(doc.kind, kind);
            assert!(!doc.columns.is_empty() && !doc.table.is_empty());
            for row in doc.table.iter().chain([&doc.totals]) {
                assert_eq!(row.len(), doc.columns.len(), "{kind}: {row:?}");
            }
            assert!(doc.numeric_columns.iter().all(|&i| i < doc.columns.len()));
        }
        assert!(
            sample_letter("shipping_advice")
                .rows
                .iter()
                .any(|r| r.value == "USD 49,980.00")
        );
    }
}
