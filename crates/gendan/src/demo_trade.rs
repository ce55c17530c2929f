//! `gendan demo`, the trade (issue 3): our company, the products, the customers' profiles, a
//! season of sales contracts in every state (one of them amended), and a letter of credit that
//! differs from its contract.
//!
//! Everything is validated by the domain and written through the store by the demo user whose
//! job it is (the admin keeps the company profile, the merchandiser drafts, the sales manager
//! approves, finance closes), so the audit trail reads like a real season. All names, account
//! numbers and addresses are fictional; e-mail addresses use reserved example domains.
//!
//! Quantities are whole containers: a 40' reefer takes 1,288 cartons of 500 × 300 × 280 mm
//! (23 × 7 on the floor, 8 layers below the load line), or 1,960 of the 10 kg carton.

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use gendan_domain::audit::Actor;
use gendan_domain::clock::Clock;
use gendan_domain::company::{BankAccountInput, CompanyProfile, CompanyProfileInput};
use gendan_domain::contract::ContractAction;
use gendan_domain::documents::DocumentRequirementInput;
use gendan_domain::incoterm::TermWithPlaceInput;
use gendan_domain::letter_of_credit::LetterOfCreditInput;
use gendan_domain::party::{Party, PartyKind};
use gendan_domain::payment::{InstalmentInput, PaymentTermsInput};
use gendan_domain::product::{PackageInput, ProductData, ProductInput, ReeferInput};
use gendan_domain::profile::{CustomerProfile, CustomerProfileInput, DocumentDeliveryInput};
use gendan_domain::role::Role;
use gendan_domain::sales_contract::{ContractData, ContractInput, ContractLineInput};
use gendan_store::{
    ContractEdit, ContractRecord, ContractStep, NewAttachment, NewContract, PartyQuery, RecordKind,
    RecordWrite, Store, User, WriteContext,
};
use std::collections::HashMap;
use uuid::Uuid;

// Customers of demo_data.rs, by the Latin name printed on documents.
pub(crate) const NIEUWE_MAAS: &str = "Nieuwe Maas Fruit Import B.V.";
pub(crate) const SUMBER_SEGAR: &str = "PT Sumber Segar Buah Nusantara";
pub(crate) const AL_SAHWA: &str = "Al Sahwa Fresh Fruits Trading L.L.C.";
pub(crate) const PRIMFRUKT: &str = "OOO Primorskaya Fruktovaya Kompaniya";
pub(crate) const PADMA: &str = "Padma Fresh Fruit Importers Ltd.";
pub(crate) const SAIGON_GREEN: &str = "Sai Gon Green Fruit Trading Co., Ltd.";

/// The countersigned copy attached when a demo contract is confirmed.
const COUNTERSIGNED: &[u8] = b"%PDF-1.4 countersigned demo\n%%EOF\n";

fn s(v: &str) -> String {
    v.to_string()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a demo date")
}

// ---------------------------------------------------------------- our company

/// Our company (本公司): the seller on every demo contract.
pub fn company() -> CompanyProfileInput {
    let account = |currency: &str, account_no: &str| BankAccountInput {
        beneficiary: s("Yantai Harvest Fruit Co., Ltd."),
        bank_name: s("Bank of China Limited, Yantai Branch"),
        bank_address: some("No. 166 Jiefang Road, Zhifu District, Yantai, Shandong 264001, China"),
        account_no: s(account_no),
        swift: some("BKCHCNBJ500"),
        currency: some(currency),
    };
    CompanyProfileInput {
        name_en: s("Yantai Harvest Fruit Co., Ltd."),
        name_zh: some("烟台丰收果业有限公司"),
        address_en: s("No. 18 Guoyuan Road, Fushan District, Yantai, Shandong 265500, China"),
        address_zh: some("山东省烟台市福山区果园路18号 邮编265500"),
        phone: some("+86 535 621 8800"),
        email: some("export@yantai-harvest.example.com"),
        bank_accounts: vec![
            account("USD", "2371 5800 1888 0016"),
            account("EUR", "2371 5800 1888 0024"),
        ],
        signatory: some("孙建国 Sun Jianguo, General Manager"),
        contract_number_pattern: some("SC-{yyyy}-{seq:04}"),
        instruction_number_pattern: some("ZL{yyyy}-{seq:04}"),
        logo_png: None,
        stamp_png: None,
        ..Default::default()
    }
}

// ---------------------------------------------------------------- products

fn package(
    name: &str,
    kind: &str,
    net: &str,
    gross: &str,
    size_mm: [u32; 3],
    max_stack: Option<&str>,
) -> PackageInput {
    PackageInput {
        name: s(name),
        kind: s(kind),
        net_kg: s(net),
        gross_kg: s(gross),
        size_mm,
        this_side_up: kind != "bag",
        max_stack_kg: max_stack.map(s),
    }
}

/// The standard export carton: 18 kg net, 19.2 kg gross, 500 × 300 × 280 mm.
fn carton_18kg() -> PackageInput {
    package(
        "18 kg carton",
        "carton",
        "18",
        "19.2",
        [500, 300, 280],
        Some("400"),
    )
}

#[allow(clippy::too_many_arguments)]
fn fruit(
    sku: &str,
    name_zh: &str,
    name_en: &str,
    hs_code: &str,
    botanical_name: &str,
    variety: &str,
    grade: &str,
    size: &str,
    shelf_life_days: u32,
    packages: Vec<PackageInput>,
) -> ProductInput {
    ProductInput {
        sku: s(sku),
        name_zh: some(name_zh),
        name_en: s(name_en),
        hs_code: s(hs_code),
        botanical_name: some(botanical_name),
        origin: s("CN"),
        variety: some(variety),
        grade: some(grade),
        size: some(size),
        shelf_life_days: Some(shelf_life_days),
        packages,
        // The carrier guideline for the HS code: apples 0.5 °C, pears -0.5 °C.
        reefer: Some(ReeferInput::default()),
    }
}

/// The products (产品): Shandong apples and pears, and Korla pears bought in from Xinjiang.
pub fn products() -> Vec<ProductInput> {
    const APPLE: &str = "0808.10.00";
    const PEAR: &str = "0808.30.00";
    vec![
        fruit(
            "FUJI-80-18",
            "富士苹果",
            "Fresh Fuji Apples",
            APPLE,
            "Malus domestica",
            "Red Fuji",
            "Grade A",
            "80/88/100 count",
            180,
            vec![carton_18kg()],
        ),
        fruit(
            "FUJI-100-10",
            "富士苹果（10公斤装）",
            "Fresh Fuji Apples, 10 kg pack",
            APPLE,
            "Malus domestica",
            "Red Fuji",
            "Grade A",
            "100/113 count",
            180,
            vec![package(
                "10 kg carton",
                "carton",
                "10",
                "10.8",
                [400, 300, 230],
                Some("250"),
            )],
        ),
        fruit(
            "FUJI-80-PLT",
            "富士苹果（托盘装）",
            "Fresh Fuji Apples, palletised",
            APPLE,
            "Malus domestica",
            "Red Fuji",
            "Grade A (EU Class I)",
            "80/88 count",
            180,
            vec![
                carton_18kg(),
                // 8 cartons a layer on a 1200 × 1000 pallet, 7 layers: 56 cartons.
                package(
                    "pallet of 56 cartons",
                    "pallet",
                    "1008",
                    "1100.2",
                    [1200, 1000, 2110],
                    None,
                ),
            ],
        ),
        fruit(
            "GALA-18",
            "嘎啦苹果",
            "Fresh Gala Apples",
            APPLE,
            "Malus domestica",
            "Royal Gala",
            "Grade A",
            "88/100/113 count",
            90,
            vec![carton_18kg()],
        ),
        fruit(
            "YAPEAR-18",
            "鸭梨",
            "Fresh Ya Pears",
            PEAR,
            "Pyrus bretschneideri",
            "Ya Li",
            "Grade A, each fruit paper-wrapped in a foam net",
            "72/80/96 count",
            150,
            vec![package(
                "18 kg carton",
                "carton",
                "18",
                "19.3",
                [500, 300, 280],
                Some("400"),
            )],
        ),
        fruit(
            "KORLA-5",
            "库尔勒香梨",
            "Fresh Korla Fragrant Pears",
            PEAR,
            "Pyrus sinkiangensis",
            "Korla Xiangli",
            "Grade A",
            "40/45/50 count",
            150,
            vec![package(
                "5 kg gift carton",
                "carton",
                "5",
                "5.6",
                [400, 300, 150],
                Some("150"),
            )],
        ),
        fruit(
            "HUANGGUAN-18",
            "黄冠梨",
            "Fresh Huangguan Pears",
            PEAR,
            "Pyrus bretschneideri",
            "Huangguan",
            "Grade A",
            "60/72/80 count",
            120,
            vec![
                package(
                    "18 kg carton",
                    "carton",
                    "18",
                    "19.3",
                    [500, 300, 280],
                    Some("400"),
                ),
                package(
                    "10 kg carton",
                    "carton",
                    "10",
                    "10.8",
                    [400, 300, 230],
                    Some("250"),
                ),
            ],
        ),
        fruit(
            "APPLE-PROC-BAG20",
            "加工用苹果",
            "Fresh Apples, Processing Grade",
            APPLE,
            "Malus domestica",
            "Fuji",
            "Processing grade",
            "65 mm+",
            60,
            vec![package(
                "20 kg mesh bag",
                "bag",
                "20",
                "20.15",
                [700, 450, 200],
                None,
            )],
        ),
    ]
}

/// What the product list's search looks in (as the API writes it).
fn product_search_text(p: &ProductData) -> String {
    format!(
        "{} {} {} {} {}",
        p.sku,
        p.name_en,
        p.name_zh.as_deref().unwrap_or(""),
        p.hs_code.as_str(),
        p.variety.as_deref().unwrap_or("")
    )
    .to_lowercase()
}

// ---------------------------------------------------------------- customer profiles

fn doc(
    kind: &str,
    originals: u8,
    copies: u8,
    form: Option<&str>,
    wording: Option<&str>,
) -> DocumentRequirementInput {
    DocumentRequirementInput {
        kind: s(kind),
        originals,
        copies,
        form: form.map(s),
        wording: wording.map(s),
    }
}

fn instalment(percent: &str, method: &str, trigger: &str) -> InstalmentInput {
    InstalmentInput {
        percent: s(percent),
        method: s(method),
        trigger: s(trigger),
        days: None,
    }
}

fn terms(instalments: Vec<InstalmentInput>) -> Option<PaymentTermsInput> {
    Some(PaymentTermsInput { instalments })
}

fn term(term: &str, port: &str) -> Option<TermWithPlaceInput> {
    Some(TermWithPlaceInput {
        term: s(term),
        port: some(port),
        ..Default::default()
    })
}

/// A customer's profile and, for its document route, the bank or courier that carries the
/// documents (found by kind and name once the parties exist).
pub struct DemoProfile {
    pub customer: &'static str,
    pub delivery_via: Option<(PartyKind, &'static str)>,
    pub input: CustomerProfileInput,
}

/// The customers' profiles (客户档案): what a merchandiser knows about each of them.
pub fn profiles() -> Vec<DemoProfile> {
    let checklist = |items: &[&str]| items.iter().map(|i| s(i)).collect::<Vec<_>>();
    vec![
        DemoProfile {
            customer: NIEUWE_MAAS,
            delivery_via: Some((PartyKind::Bank, "Bank of China")),
            input: CustomerProfileInput {
                incoterm: term("CFR", "NLRTM"),
                port_of_loading: some("CNQDG"),
                port_of_discharge: some("NLRTM"),
                currency: some("USD"),
                payment_terms: terms(vec![instalment("100", "dp", "at_sight_against_documents")]),
                more_or_less_pct: some("5"),
                documents: vec![
                    doc("commercial_invoice", 3, 3, None, None),
                    doc("packing_list", 3, 3, None, None),
                    doc(
                        "bill_of_lading",
                        3,
                        3,
                        Some("to order, blank endorsed"),
                        Some("marked freight prepaid, notify Nieuwe Maas Fruit Import B.V."),
                    ),
                    doc("certificate_of_origin", 1, 1, Some("general (CCPIT)"), None),
                    doc(
                        "phytosanitary_certificate",
                        1,
                        1,
                        None,
                        Some("stating the orchard and packing house registration numbers"),
                    ),
                ],
                consignee_wording: some("TO ORDER"),
                notify_wording: some(
                    "NIEUWE MAAS FRUIT IMPORT B.V., VIERHAVENSSTRAAT 52, 3029 BG ROTTERDAM, THE NETHERLANDS",
                ),
                marks: some("NIEUWE MAAS\nROTTERDAM\nPRODUCT OF CHINA\nC/NO. 1-UP"),
                label_instructions: some(
                    "Dutch and English carton label: variety, class, count, net weight, packing date, \
                     packer code, \"Product of China\"; GGN on every carton.",
                ),
                document_language: some("English"),
                document_delivery: Some(DocumentDeliveryInput {
                    route: s("bank"),
                    via_party_id: None,
                    note: some("D/P at sight through ABN AMRO Bank N.V., Rotterdam (ABNANL2A)"),
                }),
                checklist: checklist(&[
                    "GLOBALG.A.P. number (GGN) of the orchard on the packing list",
                    "Pulp temperature at loading 1 °C or below; photograph the probe reading",
                    "Two USB temperature loggers in the door end of the container",
                    "Pallets ISPM 15 marked (heat treated)",
                ]),
            },
        },
        DemoProfile {
            customer: SUMBER_SEGAR,
            delivery_via: Some((PartyKind::Bank, "Bank of China")),
            input: CustomerProfileInput {
                incoterm: term("CFR", "IDJKT"),
                port_of_loading: some("CNQDG"),
                port_of_discharge: some("IDJKT"),
                currency: some("USD"),
                payment_terms: terms(vec![instalment("100", "lc_sight", "at_sight_against_documents")]),
                more_or_less_pct: some("5"),
                documents: vec![
                    doc(
                        "commercial_invoice",
                        3,
                        3,
                        None,
                        Some("stating the RIPH and import approval (PI) numbers"),
                    ),
                    doc("packing_list", 3, 3, None, None),
                    doc(
                        "bill_of_lading",
                        3,
                        2,
                        Some("to order of the issuing bank"),
                        Some("marked freight prepaid, notify the applicant"),
                    ),
                    doc("certificate_of_origin", 1, 1, Some("Form E (ACFTA)"), None),
                    doc(
                        "phytosanitary_certificate",
                        1,
                        1,
                        None,
                        Some("stating the registered orchard and packing house numbers"),
                    ),
                ],
                consignee_wording: some("TO THE ORDER OF THE ISSUING BANK"),
                notify_wording: some(
                    "PT SUMBER SEGAR BUAH NUSANTARA, JL. PLUIT RAYA NO. 88, PENJARINGAN, JAKARTA UTARA, INDONESIA",
                ),
                marks: some("SSBN\nJAKARTA\nFUJI APPLE\nPRODUCT OF CHINA"),
                label_instructions: some(
                    "Bahasa Indonesia sticker on every carton: nama produk, berat bersih, negara asal, \
                     importer name and address.",
                ),
                document_language: some("English"),
                document_delivery: Some(DocumentDeliveryInput {
                    route: s("bank"),
                    via_party_id: None,
                    note: some("Present under the L/C within its presentation period"),
                }),
                checklist: checklist(&[
                    "Orchard and packing house registered with the Indonesian Agricultural Quarantine Agency",
                    "Extra cartons before Chinese New Year: confirm the January slot in November",
                ]),
            },
        },
        DemoProfile {
            customer: AL_SAHWA,
            delivery_via: Some((PartyKind::Courier, "DHL")),
            input: CustomerProfileInput {
                incoterm: term("CFR", "AEJEA"),
                port_of_loading: some("CNQDG"),
                port_of_discharge: some("AEJEA"),
                currency: some("USD"),
                payment_terms: terms(vec![
                    instalment("30", "tt", "on_contract"),
                    instalment("70", "tt", "against_copy_bl"),
                ]),
                more_or_less_pct: some("5"),
                documents: vec![
                    doc("commercial_invoice", 3, 2, None, None),
                    doc("packing_list", 3, 2, None, None),
                    doc("bill_of_lading", 3, 3, Some("to order of the shipper"), None),
                    doc(
                        "certificate_of_origin",
                        1,
                        1,
                        Some("general (CCPIT)"),
                        Some("legalised by the UAE consulate"),
                    ),
                    doc("phytosanitary_certificate", 1, 1, None, None),
                ],
                consignee_wording: some("TO ORDER OF SHIPPER"),
                notify_wording: some(
                    "AL SAHWA FRESH FRUITS TRADING L.L.C., SHOP NO. 214, AL AWEER CENTRAL FRUIT AND VEGETABLE \
                     MARKET, DUBAI, U.A.E.",
                ),
                marks: some("AL SAHWA\nJEBEL ALI\nPRODUCT OF CHINA"),
                label_instructions: some(
                    "Arabic and English labels: product, variety, count, net weight, production and expiry \
                     dates, country of origin.",
                ),
                document_language: some("English"),
                document_delivery: Some(DocumentDeliveryInput {
                    route: s("courier"),
                    via_party_id: None,
                    note: some("Originals by DHL once the 70 % balance is in"),
                }),
                checklist: checklist(&[
                    "Certificate of origin legalised by the UAE consulate before dispatch",
                    "Production and expiry dates printed on every carton",
                    "Mixed loads: Fuji at the door end, pears at the nose",
                ]),
            },
        },
        DemoProfile {
            customer: PRIMFRUKT,
            delivery_via: Some((PartyKind::Bank, "Bank of China")),
            input: CustomerProfileInput {
                incoterm: term("FOB", "CNQDG"),
                port_of_loading: some("CNQDG"),
                port_of_discharge: some("RUVVO"),
                currency: some("CNY"),
                // A deposit, and the balance on acceptance of a 60-day draft (D/A).
                payment_terms: terms(vec![
                    instalment("30", "tt", "on_contract"),
                    InstalmentInput {
                        days: some("60"),
                        ..instalment("70", "da", "at_sight_against_documents")
                    },
                ]),
                more_or_less_pct: some("3"),
                documents: vec![
                    doc("commercial_invoice", 3, 2, None, Some("in English and Russian")),
                    doc("packing_list", 3, 2, None, Some("in English and Russian")),
                    doc("bill_of_lading", 0, 3, Some("telex release"), None),
                    doc("certificate_of_origin", 1, 1, Some("general (CCPIT)"), None),
                    doc(
                        "phytosanitary_certificate",
                        1,
                        1,
                        None,
                        Some("stating the Rosselkhoznadzor registration number of the packing house"),
                    ),
                ],
                consignee_wording: some(
                    "OOO PRIMORSKAYA FRUKTOVAYA KOMPANIYA, UL. SVETLANSKAYA 115, VLADIVOSTOK",
                ),
                notify_wording: some("SAME AS CONSIGNEE"),
                marks: some("PFK\nVLADIVOSTOK\nMADE IN CHINA"),
                label_instructions: some(
                    "Russian label on every carton (product, net weight, packing date, origin).",
                ),
                document_language: some("English and Russian"),
                document_delivery: Some(DocumentDeliveryInput {
                    route: s("courier"),
                    via_party_id: None,
                    note: some("Telex release once the full amount is received"),
                }),
                checklist: checklist(&[
                    "Packing house must be on the Rosselkhoznadzor list for Russia",
                    "Buyer nominates the vessel (FOB): wait for the booking before trucking",
                ]),
            },
        },
        DemoProfile {
            customer: PADMA,
            delivery_via: Some((PartyKind::Bank, "Bank of China")),
            input: CustomerProfileInput {
                incoterm: term("CFR", "BDCGP"),
                port_of_loading: some("CNQDG"),
                port_of_discharge: some("BDCGP"),
                currency: some("USD"),
                payment_terms: terms(vec![instalment("100", "lc_sight", "at_sight_against_documents")]),
                more_or_less_pct: some("10"),
                documents: vec![
                    doc("commercial_invoice", 3, 3, None, None),
                    doc("packing_list", 3, 3, None, None),
                    doc(
                        "bill_of_lading",
                        3,
                        3,
                        Some("to order of Dutch-Bangla Bank PLC"),
                        Some("notify the applicant and Karnaphuli C&F Agency"),
                    ),
                    doc("certificate_of_origin", 1, 1, Some("general (CCPIT)"), None),
                    doc("phytosanitary_certificate", 1, 1, None, None),
                    doc(
                        "inspection_certificate",
                        1,
                        1,
                        Some("radioactivity test (CIQ)"),
                        None,
                    ),
                ],
                consignee_wording: some("TO THE ORDER OF DUTCH-BANGLA BANK PLC, AGRABAD BRANCH, CHATTOGRAM"),
                notify_wording: some(
                    "PADMA FRESH FRUIT IMPORTERS LTD., HOUSE 14, ROAD 3, AGRABAD, CHATTOGRAM",
                ),
                marks: some("PFFI\nCHATTOGRAM\nPRODUCT OF CHINA"),
                label_instructions: None,
                document_language: some("English"),
                document_delivery: Some(DocumentDeliveryInput {
                    route: s("bank"),
                    via_party_id: None,
                    note: None,
                }),
                checklist: checklist(&[
                    "L/C number and date on every document",
                    "Radioactivity test certificate from the customs laboratory",
                ]),
            },
        },
        DemoProfile {
            customer: SAIGON_GREEN,
            delivery_via: Some((PartyKind::Courier, "SF Express")),
            input: CustomerProfileInput {
                incoterm: term("CIF", "VNCLI"),
                port_of_loading: some("CNQDG"),
                port_of_discharge: some("VNCLI"),
                currency: some("USD"),
                payment_terms: terms(vec![
                    instalment("20", "tt", "on_contract"),
                    instalment("80", "tt", "against_copy_bl"),
                ]),
                more_or_less_pct: some("5"),
                documents: vec![
                    doc("commercial_invoice", 3, 2, None, None),
                    doc("packing_list", 3, 2, None, None),
                    doc("bill_of_lading", 0, 3, Some("telex release"), None),
                    doc("certificate_of_origin", 1, 1, Some("Form E (ACFTA)"), None),
                    doc(
                        "phytosanitary_certificate",
                        1,
                        1,
                        None,
                        Some("stating the plant quarantine import permit number"),
                    ),
                    doc(
                        "insurance_certificate",
                        2,
                        0,
                        None,
                        Some("blank endorsed, claims payable in Vietnam"),
                    ),
                ],
                consignee_wording: some(
                    "SAI GON GREEN FRUIT TRADING CO., LTD., THU DUC CITY, HO CHI MINH CITY",
                ),
                notify_wording: some("SAME AS CONSIGNEE"),
                marks: some("SGG\nHO CHI MINH\nPRODUCT OF CHINA"),
                label_instructions: some(
                    "Vietnamese sub-label: product, importer, net weight, origin, dates.",
                ),
                document_language: some("English"),
                document_delivery: Some(DocumentDeliveryInput {
                    route: s("courier"),
                    via_party_id: None,
                    note: some("Form E original by SF International; telex release after the balance"),
                }),
                checklist: checklist(&[
                    "Plant quarantine import permit number on the phytosanitary certificate",
                    "Ship three weeks before Tet at the latest",
                ]),
            },
        },
    ]
}

// ---------------------------------------------------------------- contracts

/// One line of a demo contract.
pub struct DemoLine {
    pub sku: &'static str,
    /// `None`: the product's variety, grade and size.
    pub spec: Option<&'static str>,
    pub quantity: &'static str,
    pub unit_price: &'static str,
}

pub(crate) fn line(
    sku: &'static str,
    spec: Option<&'static str>,
    quantity: &'static str,
    unit_price: &'static str,
) -> DemoLine {
    DemoLine {
        sku,
        spec,
        quantity,
        unit_price,
    }
}

/// Where a demo contract ends up, and how it got there.
pub enum Fate {
    Draft,
    Submitted,
    Approved,
    Rejected(&'static str),
    Sent,
    Confirmed,
    Closed,
    /// Cancelled by the sales manager after approval.
    Cancelled(&'static str),
    /// Approved, amended with these line quantities (revision 2), submitted and approved again.
    Amended(Vec<&'static str>),
}

/// A demo sales contract.
pub struct DemoContract {
    pub customer: &'static str,
    pub date: NaiveDate,
    pub currency: &'static str,
    pub shipment_earliest: NaiveDate,
    pub shipment_latest: NaiveDate,
    pub transhipment: bool,
    pub lines: Vec<DemoLine>,
    pub remarks: Option<&'static str>,
    pub fate: Fate,
    /// Whether the customer's letter of credit ([`credit`]) is recorded against it.
    pub letter_of_credit: bool,
}

/// The 2026 season's contracts, in date order (so the numbers follow the dates).
pub fn contracts() -> Vec<DemoContract> {
    let c = |customer, date, currency, ship: (NaiveDate, NaiveDate), lines, fate| DemoContract {
        customer,
        date,
        currency,
        shipment_earliest: ship.0,
        shipment_latest: ship.1,
        transhipment: false,
        lines,
        remarks: None,
        fate,
        letter_of_credit: false,
    };
    vec![
        DemoContract {
            remarks: Some("Tet shipment: must arrive in Cat Lai before 10 February 2026."),
            ..c(
                SAIGON_GREEN,
                date(2026, 1, 6),
                "USD",
                (date(2026, 1, 12), date(2026, 1, 25)),
                vec![
                    line(
                        "FUJI-100-10",
                        Some("Red Fuji, Grade A, 80/88 count, gift carton"),
                        "1200",
                        "16.50",
                    ),
                    line("YAPEAR-18", None, "600", "20.40"),
                ],
                Fate::Closed,
            )
        },
        c(
            NIEUWE_MAAS,
            date(2026, 1, 12),
            "USD",
            (date(2026, 1, 26), date(2026, 2, 10)),
            vec![line(
                "FUJI-80-18",
                Some("Red Fuji, Grade A, 80/88 count"),
                "1288",
                "24.50",
            )],
            Fate::Closed,
        ),
        c(
            PRIMFRUKT,
            date(2026, 1, 20),
            "CNY",
            (date(2026, 1, 27), date(2026, 2, 8)),
            vec![
                line(
                    "FUJI-80-18",
                    Some("Red Fuji, Grade A, 80/88 count"),
                    "644",
                    "172.00",
                ),
                line("HUANGGUAN-18", None, "644", "118.00"),
            ],
            Fate::Confirmed,
        ),
        DemoContract {
            remarks: Some("Mixed 40' reefer: Fuji at the door end, pears at the nose."),
            ..c(
                AL_SAHWA,
                date(2026, 2, 5),
                "USD",
                (date(2026, 2, 20), date(2026, 3, 10)),
                vec![
                    line(
                        "FUJI-80-18",
                        Some("Red Fuji, Grade A, 88/100 count"),
                        "644",
                        "23.80",
                    ),
                    line("YAPEAR-18", None, "644", "19.60"),
                ],
                // The buyer wants more apples in the same container.
                Fate::Amended(vec!["840", "448"]),
            )
        },
        c(
            NIEUWE_MAAS,
            date(2026, 2, 16),
            "USD",
            (date(2026, 3, 2), date(2026, 3, 16)),
            vec![
                line(
                    "FUJI-80-18",
                    Some("Red Fuji, Grade A, 80/88 count"),
                    "700",
                    "24.50",
                ),
                line("YAPEAR-18", Some("Ya Li, Grade A, 72/80 count"), "588", "20.80"),
            ],
            Fate::Confirmed,
        ),
        DemoContract {
            letter_of_credit: true,
            ..c(
                SUMBER_SEGAR,
                date(2026, 3, 2),
                "USD",
                (date(2026, 3, 25), date(2026, 4, 15)),
                vec![line("FUJI-100-10", None, "1960", "14.20")],
                Fate::Confirmed,
            )
        },
        c(
            PRIMFRUKT,
            date(2026, 3, 10),
            "CNY",
            (date(2026, 3, 20), date(2026, 3, 31)),
            vec![line(
                "FUJI-80-18",
                Some("Red Fuji, Grade A, 80/88 count"),
                "1288",
                "170.00",
            )],
            Fate::Cancelled("The buyer postponed: their Vladivostok cold store is full until mid-April."),
        ),
        c(
            NIEUWE_MAAS,
            date(2026, 3, 23),
            "USD",
            (date(2026, 4, 6), date(2026, 4, 20)),
            vec![line(
                "FUJI-80-18",
                Some("Red Fuji, Grade A, 80/88 count"),
                "1288",
                "25.20",
            )],
            Fate::Sent,
        ),
        c(
            AL_SAHWA,
            date(2026, 4, 10),
            "USD",
            (date(2026, 4, 25), date(2026, 5, 15)),
            vec![line("GALA-18", None, "1288", "19.50")],
            Fate::Rejected(
                "USD 19.50 is below this season's floor of USD 21.00 for Gala in 18 kg cartons; renegotiate.",
            ),
        ),
        DemoContract {
            remarks: Some(
                "Priced in EUR at the buyer's request for a German supermarket programme; 20 pallets.",
            ),
            ..c(
                NIEUWE_MAAS,
                date(2026, 4, 27),
                "EUR",
                (date(2026, 5, 11), date(2026, 5, 25)),
                vec![line("FUJI-80-PLT", None, "1120", "23.40")],
                Fate::Approved,
            )
        },
        c(
            SUMBER_SEGAR,
            date(2026, 5, 6),
            "USD",
            (date(2026, 5, 25), date(2026, 6, 15)),
            vec![
                line("FUJI-100-10", None, "1400", "14.60"),
                line("KORLA-5", None, "1100", "9.80"),
            ],
            Fate::Submitted,
        ),
        DemoContract {
            transhipment: true,
            ..c(
                PADMA,
                date(2026, 5, 12),
                "USD",
                (date(2026, 6, 1), date(2026, 6, 20)),
                vec![line("YAPEAR-18", None, "1288", "19.20")],
                Fate::Draft,
            )
        },
    ]
}

/// The parties a contract refers to.
pub struct ContractParties<'a> {
    pub buyer_id: Uuid,
    pub consignee_id: Option<Uuid>,
    pub notify_id: Option<Uuid>,
    pub profile: &'a CustomerProfile,
}

/// The contract as the merchandiser fills it in: prefilled from the customer's profile, the
/// lines from the products (id, names, HS code, spec, package).
pub fn contract_input(
    c: &DemoContract,
    parties: &ContractParties<'_>,
    products: &HashMap<String, (Uuid, ProductData)>,
    quantities: Option<&[&str]>,
) -> anyhow::Result<ContractInput> {
    let mut inp = ContractInput::from_profile(parties.buyer_id, parties.profile);
    inp.date = Some(c.date.to_string());
    inp.consignee_id = parties.consignee_id;
    inp.notify_id = parties.notify_id;
    inp.currency = s(c.currency);
    inp.shipment_earliest = Some(c.shipment_earliest.to_string());
    inp.shipment_latest = c.shipment_latest.to_string();
    inp.partial_shipments = false;
    inp.transhipment = c.transhipment;
    inp.remarks = c.remarks.map(s);
    let mut packing = Vec::new();
    for (i, l) in c.lines.iter().enumerate() {
        let (id, p) = products
            .get(l.sku)
            .ok_or_else(|| anyhow!("demo product {} is missing", l.sku))?;
        let pkg = p
            .packages
            .first()
            .ok_or_else(|| anyhow!("demo product {} has no package", l.sku))?;
        let spec = l.spec.map(s).unwrap_or_else(|| {
            [p.variety.as_deref(), p.grade.as_deref(), p.size.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        });
        let d = &pkg.dimensions;
        packing.push(format!(
            "{}: {} kg net, {} kg gross, {} × {} × {} mm{}",
            p.name_en,
            pkg.net.0.normalize(),
            pkg.gross.0.normalize(),
            d.length,
            d.width,
            d.height,
            p.packages
                .get(1)
                .map(|pallet| format!(", on {}", pallet.name))
                .unwrap_or_default()
        ));
        inp.lines.push(ContractLineInput {
            product_id: Some(*id),
            description_en: p.name_en.clone(),
            description_zh: p.name_zh.clone(),
            spec: Some(spec),
            hs_code: Some(p.hs_code.as_str().to_string()),
            package: Some(pkg.name.clone()),
            quantity: s(quantities.and_then(|q| q.get(i)).copied().unwrap_or(l.quantity)),
            unit: s("carton"),
            unit_price: s(l.unit_price),
        });
    }
    inp.packing = Some(format!(
        "Export cartons, this side up, in 40' reefer containers. {}.",
        packing.join("; ")
    ));
    Ok(inp)
}

/// The Indonesian buyer's L/C as the advising bank handed it over. It differs from the
/// contract on purpose: the amount is short, the latest shipment date is earlier, and it asks
/// for a beneficiary's certificate the contract does not.
pub fn credit(contract_id: Uuid) -> LetterOfCreditInput {
    LetterOfCreditInput {
        contract_id: Some(contract_id),
        number: s("0451LC2600317"),
        issuing_bank: s("PT Bank Mandiri (Persero) Tbk, Jakarta (BMRIIDJA)"),
        advising_bank: some("Industrial and Commercial Bank of China Limited, Yantai Branch (ICBKCNBJSDG)"),
        issue_date: s("2026-03-09"),
        expiry_date: s("2026-04-26"),
        expiry_place: s("China"),
        currency: s("USD"),
        amount: s("26500.00"),
        tolerance_plus_pct: some("5"),
        tolerance_minus_pct: some("5"),
        about: false,
        available_by: s("negotiation"),
        tenor_days: None,
        latest_shipment: s("2026-04-05"),
        presentation_days: Some(21),
        partial_shipments: false,
        transhipment: false,
        port_of_loading: some("CNQDG"),
        port_of_discharge: some("IDJKT"),
        goods_description: s(
            "1,960 CARTONS FRESH FUJI APPLES, GRADE A, 100/113 COUNT, 10 KG NET PER CARTON, \
             AT USD 14.20 PER CARTON CFR JAKARTA INCOTERMS 2020",
        ),
        quantity: some("1960"),
        quantity_unit: some("carton"),
        unit_price: some("14.20"),
        documents: vec![
            doc(
                "commercial_invoice",
                3,
                3,
                None,
                Some("stating the RIPH and import approval (PI) numbers"),
            ),
            doc("packing_list", 3, 3, None, None),
            doc(
                "bill_of_lading",
                3,
                2,
                Some("to order of the issuing bank"),
                Some("marked freight prepaid, notify the applicant"),
            ),
            doc("certificate_of_origin", 1, 1, Some("Form E (ACFTA)"), None),
            doc(
                "phytosanitary_certificate",
                1,
                1,
                None,
                Some("stating the registered orchard and packing house numbers"),
            ),
            doc(
                "beneficiary_certificate",
                1,
                0,
                None,
                Some(
                    "certifying that one set of non-negotiable documents was sent to the applicant by courier within 3 days after shipment",
                ),
            ),
        ],
        consignee_wording: some("TO THE ORDER OF PT BANK MANDIRI (PERSERO) TBK"),
        notify_wording: some("PT SUMBER SEGAR BUAH NUSANTARA, JL. PLUIT RAYA NO. 88, JAKARTA UTARA"),
        special_conditions: vec![
            s("ALL DOCUMENTS MUST SHOW THIS CREDIT NUMBER"),
            s(
                "A DISCREPANCY FEE OF USD 80.00 WILL BE DEDUCTED FROM THE PROCEEDS FOR EACH DISCREPANT PRESENTATION",
            ),
        ],
    }
}

// ---------------------------------------------------------------- writing it

pub(crate) fn search_text(buyer: &Party, d: &ContractData) -> String {
    format!(
        "{} {}",
        buyer.data.sort_name(),
        d.lines
            .iter()
            .map(|l| l.description_en.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    )
    .to_lowercase()
}

pub(crate) struct Steps<'a> {
    pub store: &'a dyn Store,
    pub clock: &'a dyn Clock,
}

impl Steps<'_> {
    pub(crate) fn ctx(&self, u: &User) -> WriteContext {
        WriteContext {
            actor: Actor::user(u.id, &u.email),
            at: self.clock.now(),
        }
    }

    pub(crate) async fn step(
        &self,
        c: ContractRecord,
        action: ContractAction,
        by: &User,
        reason: Option<&str>,
        detail: serde_json::Value,
        amendment: Option<ContractEdit>,
    ) -> anyhow::Result<ContractRecord> {
        let attachment = (action == ContractAction::Confirm).then(|| NewAttachment {
            purpose: s("countersigned"),
            file_name: format!("{}-countersigned.pdf", c.number),
            content_type: s("application/pdf"),
            data: COUNTERSIGNED.to_vec(),
        });
        let number = c.number.clone();
        self.store
            .contract_step(
                c.id,
                c.version,
                ContractStep {
                    action,
                    role: by.role,
                    reason: reason.map(s),
                    detail,
                    amendment,
                    attachment,
                },
                &self.ctx(by),
            )
            .await
            .with_context(|| format!("demo contract {number}: {}", action.as_str()))
    }
}

/// The demo users by role.
struct Team {
    admin: User,
    merchandiser: User,
    manager: User,
    documentation: User,
    finance: User,
}

impl Team {
    fn from(users: &[User]) -> anyhow::Result<Team> {
        let find = |role: Role| {
            users
                .iter()
                .find(|u| u.role == role)
                .cloned()
                .ok_or_else(|| anyhow!("the demo has no {} user", role.as_str()))
        };
        Ok(Team {
            admin: find(Role::Admin)?,
            merchandiser: find(Role::Merchandiser)?,
            manager: find(Role::SalesManager)?,
            documentation: find(Role::Documentation)?,
            finance: find(Role::Finance)?,
        })
    }
}

async fn parties(store: &dyn Store, q: PartyQuery) -> anyhow::Result<Vec<Party>> {
    Ok(store.list_parties(&PartyQuery { limit: 500, ..q }).await?.items)
}

/// Write the trade part of the demo; called by [`crate::demo::ensure`] once the users and
/// parties exist.
pub async fn ensure(store: &dyn Store, clock: &dyn Clock) -> anyhow::Result<()> {
    let team = Team::from(&store.list_users().await?)?;
    let steps = Steps { store, clock };

    // Our company, kept by the admin.
    let company: CompanyProfile = company().validate()?;
    store
        .create_record(
            RecordWrite {
                kind: RecordKind::Company,
                key: s("self"),
                parent_id: None,
                search_text: String::new(),
                doc: serde_json::to_value(&company)?,
            },
            &steps.ctx(&team.admin),
        )
        .await?;

    // Products, entered by the merchandiser.
    let mut catalogue = HashMap::new();
    for p in products() {
        let data = p.validate()?;
        let r = store
            .create_record(
                RecordWrite {
                    kind: RecordKind::Product,
                    key: data.sku.clone(),
                    parent_id: None,
                    search_text: product_search_text(&data),
                    doc: serde_json::to_value(&data)?,
                },
                &steps.ctx(&team.merchandiser),
            )
            .await?;
        catalogue.insert(data.sku.clone(), (r.id, data));
    }

    // Customer profiles.
    let customers = parties(
        store,
        PartyQuery {
            kind: Some(PartyKind::Customer),
            ..Default::default()
        },
    )
    .await?;
    let customer = |name: &str| {
        customers
            .iter()
            .find(|p| p.data.name_latin.as_deref() == Some(name))
            .ok_or_else(|| anyhow!("demo customer {name} is missing"))
    };
    let mut profiles_by_customer: HashMap<Uuid, CustomerProfile> = HashMap::new();
    for mut dp in profiles() {
        let buyer = customer(dp.customer)?;
        if let (Some((kind, name)), Some(d)) = (dp.delivery_via, dp.input.document_delivery.as_mut()) {
            let via = parties(
                store,
                PartyQuery {
                    kind: Some(kind),
                    search: Some(s(name)),
                    ..Default::default()
                },
            )
            .await?;
            d.via_party_id = via
                .iter()
                .find(|p| p.data.display_name().starts_with(name))
                .map(|p| p.id);
        }
        let profile = dp.input.validate()?;
        store
            .create_record(
                RecordWrite {
                    kind: RecordKind::CustomerProfile,
                    key: buyer.id.to_string(),
                    parent_id: Some(buyer.id),
                    search_text: String::new(),
                    doc: serde_json::to_value(&profile)?,
                },
                &steps.ctx(&team.merchandiser),
            )
            .await?;
        profiles_by_customer.insert(buyer.id, profile);
    }

    // The season's contracts: drafted by the merchandiser, decided by the sales manager.
    let (merch, manager) = (&team.merchandiser, &team.manager);
    let none = || serde_json::json!({});
    for dc in contracts() {
        let buyer = customer(dc.customer)?;
        let profile = profiles_by_customer
            .get(&buyer.id)
            .ok_or_else(|| anyhow!("demo customer {} has no profile", dc.customer))?;
        let own = |kind| {
            parties(
                store,
                PartyQuery {
                    kind: Some(kind),
                    customer_id: Some(buyer.id),
                    ..Default::default()
                },
            )
        };
        let cp = ContractParties {
            buyer_id: buyer.id,
            consignee_id: own(PartyKind::Consignee).await?.first().map(|p| p.id),
            notify_id: own(PartyKind::NotifyParty).await?.first().map(|p| p.id),
            profile,
        };
        let data = contract_input(&dc, &cp, &catalogue, None)?.validate(dc.date)?;
        let mut c = store
            .create_contract(
                NewContract {
                    pattern: company.contract_number_pattern.clone(),
                    contract_date: data.date,
                    buyer_id: buyer.id,
                    search_text: search_text(buyer, &data),
                    doc: serde_json::to_value(&data)?,
                },
                &steps.ctx(merch),
            )
            .await?;
        if matches!(dc.fate, Fate::Draft) {
            continue;
        }
        c = steps
            .step(c, ContractAction::Submit, merch, None, none(), None)
            .await?;
        match &dc.fate {
            Fate::Submitted => continue,
            Fate::Rejected(why) => {
                steps
                    .step(c, ContractAction::Reject, manager, Some(why), none(), None)
                    .await?;
                continue;
            }
            _ => {}
        }
        c = steps
            .step(c, ContractAction::Approve, manager, None, none(), None)
            .await?;
        match &dc.fate {
            Fate::Approved => continue,
            Fate::Cancelled(why) => {
                steps
                    .step(c, ContractAction::Cancel, manager, Some(why), none(), None)
                    .await?;
                continue;
            }
            Fate::Amended(quantities) => {
                let amended =
                    contract_input(&dc, &cp, &catalogue, Some(quantities.as_slice()))?.validate(dc.date)?;
                let edit = ContractEdit {
                    contract_date: amended.date,
                    buyer_id: buyer.id,
                    search_text: search_text(buyer, &amended),
                    doc: serde_json::to_value(&amended)?,
                };
                let note = serde_json::json!({"note": "the buyer wants more apples and fewer pears in the same reefer"});
                c = steps
                    .step(c, ContractAction::Amend, merch, None, note, Some(edit))
                    .await?;
                c = steps
                    .step(c, ContractAction::Submit, merch, None, none(), None)
                    .await?;
                steps
                    .step(c, ContractAction::Approve, manager, None, none(), None)
                    .await?;
                continue;
            }
            _ => {}
        }
        let sent_to = buyer
            .data
            .contacts
            .iter()
            .find_map(|k| k.email.clone())
            .unwrap_or_else(|| buyer.data.display_name().to_string());
        let detail = serde_json::json!({"sent_via": "email", "sent_to": sent_to});
        c = steps
            .step(c, ContractAction::Send, merch, None, detail, None)
            .await?;
        if matches!(dc.fate, Fate::Sent) {
            continue;
        }
        c = steps
            .step(c, ContractAction::Confirm, merch, None, none(), None)
            .await?;
        if dc.letter_of_credit {
            let lc = credit(c.id).validate()?;
            store
                .create_record(
                    RecordWrite {
                        kind: RecordKind::LetterOfCredit,
                        key: lc.number.clone(),
                        parent_id: Some(c.id),
                        search_text: format!("{} {}", lc.number, lc.issuing_bank).to_lowercase(),
                        doc: serde_json::to_value(&lc)?,
                    },
                    &steps.ctx(&team.documentation),
                )
                .await?;
        }
        if matches!(dc.fate, Fate::Closed) {
            steps
                .step(c, ContractAction::Close, &team.finance, None, none(), None)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use gendan_domain::clock::ManualClock;
    use gendan_domain::contract::ContractState;
    use gendan_domain::letter_of_credit::{LetterOfCreditData, differences};
    use gendan_domain::port::Port;
    use gendan_domain::profile::{OrderLineFact, habits};
    use gendan_domain::words::amount_in_chinese_capitals;

    fn validated_products() -> HashMap<String, (Uuid, ProductData)> {
        products()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let d = p.validate().unwrap_or_else(|e| panic!("{}: {e:?}", p.sku));
                (d.sku.clone(), (Uuid::from_u128(i as u128 + 1), d))
            })
            .collect()
    }

    #[test]
    fn every_demo_input_validates() {
        let company = company().validate().unwrap();
        assert_eq!(company.bank_accounts.len(), 2);
        let products = validated_products();
        assert!(products.len() >= 6);
        assert!(products.values().all(|(_, p)| p.reefer.is_some()));
        let names: Vec<String> = crate::demo_data::customers()
            .iter()
            .filter_map(|c| c.customer.name_latin.clone())
            .collect();
        let mut profiles_by_name = HashMap::new();
        for dp in profiles() {
            assert!(
                names.iter().any(|n| n == dp.customer),
                "{} is a demo customer",
                dp.customer
            );
            let p = dp
                .input
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e:?}", dp.customer));
            for port in [&p.port_of_loading, &p.port_of_discharge].into_iter().flatten() {
                assert!(Port::lookup(port).is_some(), "{port}");
            }
            profiles_by_name.insert(dp.customer, p);
        }
        assert!(profiles_by_name.len() >= 3);
        let mut credit_checked = false;
        for (i, dc) in contracts().iter().enumerate() {
            let cp = ContractParties {
                buyer_id: Uuid::from_u128(1000 + i as u128),
                consignee_id: None,
                notify_id: None,
                profile: &profiles_by_name[dc.customer],
            };
            let data = contract_input(dc, &cp, &products, None)
                .unwrap()
                .validate(dc.date)
                .unwrap_or_else(|e| panic!("contract {i} for {}: {e:?}", dc.customer));
            if let Fate::Amended(q) = &dc.fate {
                let amended = contract_input(dc, &cp, &products, Some(q.as_slice()))
                    .unwrap()
                    .validate(dc.date)
                    .unwrap();
                assert_ne!(amended.total_quantities(), vec![]);
                assert_ne!(amended.lines, data.lines, "the amendment changes the quantities");
            }
            if dc.letter_of_credit {
                let lc = credit(Uuid::nil()).validate().unwrap();
                let rules: Vec<_> = differences(&lc, &data).iter().map(|d| d.rule).collect();
                assert_eq!(rules, vec!["LC-AMOUNT", "LC-LATEST-SHIPMENT", "LC-DOCUMENTS"]);
                credit_checked = true;
            }
        }
        assert!(credit_checked);
    }

    #[tokio::test]
    async fn the_demo_has_every_contract_state_an_amendment_and_a_differing_credit() {
        let dir = tempfile::tempdir().unwrap();
        let store = gendan_store_sql::testing::fresh_store(dir.path()).await;
        let clock = ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 5, 14, 8, 30, 0).unwrap());
        assert!(crate::demo::ensure(&store, &clock).await.unwrap());
        assert!(
            !crate::demo::ensure(&store, &clock).await.unwrap(),
            "reused, not doubled"
        );

        let by_state: HashMap<ContractState, i64> = store
            .count_contracts_by_state()
            .await
            .unwrap()
            .into_iter()
            .collect();
        for state in ContractState::ALL {
            assert!(
                by_state.get(&state).is_some_and(|n| *n > 0),
                "no {state} contract: {by_state:?}"
            );
        }
        let all = store
            .list_contracts(&gendan_store::ContractQuery {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        // The season's contracts, the four winter ones the instructions are made from, and the
        // autumn ones the shipments are made from.
        assert_eq!(
            all.len(),
            contracts().len() + 4 + crate::demo_shipments::CONTRACTS
        );
        let amended: Vec<_> = all.iter().filter(|c| c.revision == 2).collect();
        assert_eq!(amended.len(), 1);
        assert_eq!(amended[0].state, ContractState::Approved);
        assert_eq!(store.contract_revisions(amended[0].id).await.unwrap().len(), 2);

        assert!(store.count_records(RecordKind::Product).await.unwrap() >= 6);
        assert!(store.count_records(RecordKind::CustomerProfile).await.unwrap() >= 3);
        assert!(
            store
                .record_by_key(RecordKind::Company, "self")
                .await
                .unwrap()
                .is_some()
        );

        let lc = store
            .record_by_key(RecordKind::LetterOfCredit, "0451LC2600317")
            .await
            .unwrap()
            .expect("the demo L/C");
        let credit: LetterOfCreditData = serde_json::from_value(lc.doc).unwrap();
        let contract = store.contract(lc.parent_id.unwrap()).await.unwrap();
        assert_eq!(contract.state, ContractState::Confirmed);
        let data: ContractData = serde_json::from_value(contract.doc).unwrap();
        assert!(!differences(&credit, &data).is_empty());

        // The Dutch customer orders every five weeks; the Russian one in yuan (大写 on the page).
        let customers = store
            .list_parties(&PartyQuery {
                kind: Some(PartyKind::Customer),
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap()
            .items;
        let dutch = customers
            .iter()
            .find(|p| p.data.display_name() == NIEUWE_MAAS)
            .unwrap();
        let mut facts = Vec::new();
        for c in all
            .iter()
            .filter(|c| c.buyer_id == dutch.id && c.state != ContractState::Cancelled)
            // The season's contracts of this module (the instructions' winter contracts are
            // dated around the clock's today).
            .filter(|c| {
                contracts()
                    .iter()
                    .any(|dc| dc.customer == NIEUWE_MAAS && dc.date == c.contract_date)
            })
        {
            let d: ContractData = serde_json::from_value(c.doc.clone()).unwrap();
            facts.extend(d.lines.iter().map(|l| OrderLineFact {
                contract_date: d.date,
                product: l.description_en.clone(),
                spec: l.spec.clone(),
                quantity: l.figures.quantity,
                unit: l.figures.unit.as_str(),
            }));
        }
        let h = habits(&facts);
        assert_eq!((h.orders, h.order_interval_days), (4, Some(35)), "{h:?}");
        let yuan: Vec<ContractData> = all
            .iter()
            .map(|c| serde_json::from_value::<ContractData>(c.doc.clone()).unwrap())
            .filter(|d| d.currency.as_str() == "CNY")
            .collect();
        assert!(!yuan.is_empty());
        let words = amount_in_chinese_capitals(&yuan[0].total()).unwrap();
        assert!(words.starts_with("人民币"), "{words}");

        let report = store.verify_audit_chain().await.unwrap();
        assert!(report.first_broken.is_none(), "{report:?}");
        assert!(report.events_checked > 50);
    }
}
