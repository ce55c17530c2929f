//! Printing trade documents: the stored data of each document mapped to the view models of
//! `gendan-render` (PDF for every kind, .xlsx for the invoice and the packing list), in the
//! customer's language, with the company's letterhead, stamp and signature; and a shipment's
//! whole set as one PDF or one zip.

use crate::AppState;
use crate::documents::{grouped, renderer};
use crate::error::ApiError;
use crate::trade_documents::{self as tdocs, SetData};
use gendan_domain::company::CompanyProfile;
use gendan_domain::document_set as ds;
use gendan_domain::shipping_documents as sd;
use gendan_domain::trade_document::TradeDocumentKind as K;
use gendan_render::{
    BundleKind, BundlePart, ContainerRow, DraftDocument, FormColumn, FormDocument, FormField, FormParty,
    FormTable, InvoiceDocLine, InvoiceDocument, PackingDocLine, PackingListDocument, PackingTotals,
    TradeParty,
};
use gendan_store::{DocumentQuery, DocumentRecord};
use rust_decimal::Decimal;
use std::io::Write;
use uuid::Uuid;

/// `发票号 Invoice No.` in Chinese, `Invoice No.` otherwise.
fn l(zh: bool, zh_text: &str, en: &str) -> String {
    if zh {
        format!("{zh_text} {en}")
    } else {
        en.to_string()
    }
}

fn party(p: &ds::Party) -> TradeParty {
    let mut lines: Vec<String> = Vec::new();
    if !p.address.is_empty() {
        lines.push(p.address.clone());
    }
    if !p.country.is_empty() {
        lines.push(tdocs::country_label(&p.country).to_uppercase());
    }
    TradeParty {
        name: p.name.clone(),
        address_lines: lines,
    }
}

fn port(p: &Option<ds::Port>) -> String {
    p.as_ref()
        .map(|p| {
            let name = p.name.clone().unwrap_or_default();
            match &p.country {
                Some(c) => format!("{name}, {}", tdocs::country_label(c).to_uppercase()),
                None => name,
            }
        })
        .unwrap_or_default()
}

fn kg(d: Option<Decimal>) -> String {
    d.map(|d| format!("{} KGS", grouped(d.round_dp(3))))
        .unwrap_or_default()
}

fn cbm(d: Option<Decimal>) -> String {
    d.map(|d| format!("{} CBM", grouped(d.round_dp(3))))
        .unwrap_or_default()
}

fn image(b: &Option<String>) -> Option<Vec<u8>> {
    use base64::Engine;
    b.as_deref()
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
}

struct Look {
    zh: bool,
    language: String,
    letterhead: Option<Vec<u8>>,
    stamp: Option<Vec<u8>>,
    signature: Option<Vec<u8>>,
    signatory: String,
    footer: String,
}

fn look(company: &CompanyProfile, language: &str, number: &str, revision: i64) -> Look {
    let zh = language == "zh";
    let company_name = if zh {
        company.name_zh.clone().unwrap_or_else(|| company.name_en.clone())
    } else {
        company.name_en.clone()
    };
    Look {
        zh,
        language: language.to_string(),
        letterhead: image(&company.logo_png),
        stamp: image(&company.stamp_png),
        signature: image(&company.signature_png),
        signatory: [Some(company.name_en.to_uppercase()), company.signatory.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n"),
        footer: format!("{company_name} · {number} · rev. {revision}"),
    }
}

fn data<T: serde::de::DeserializeOwned>(rec: &DocumentRecord) -> Result<T, ApiError> {
    serde_json::from_value(rec.doc.clone()).map_err(|e| {
        ApiError::internal(format!(
            "document {} is unreadable as {}: {e}",
            rec.id,
            rec.kind.as_str()
        ))
    })
}

pub fn invoice_document(
    rec: &DocumentRecord,
    set: &SetData,
    lang: &str,
) -> Result<InvoiceDocument, ApiError> {
    let inv: ds::Invoice = data(rec)?;
    let lk = look(&set.company, lang, &rec.number, rec.revision);
    let mut quantities: Vec<(String, Decimal)> = Vec::new();
    for line in &inv.lines {
        match quantities.iter_mut().find(|(u, _)| *u == line.unit) {
            Some((_, q)) => *q += line.quantity,
            None => quantities.push((line.unit.clone(), line.quantity)),
        }
    }
    let pc = tdocs::PrintContext::of(&rec.doc, set);
    let payment = pc.payment_terms.clone();
    let mut declarations = vec![l(
        lk.zh,
        "兹证明以上内容真实无误。",
        "WE HEREBY CERTIFY THAT THE ABOVE PARTICULARS ARE TRUE AND CORRECT.",
    )];
    if let Some(o) = &inv.country_of_origin {
        declarations.push(format!(
            "{} {}",
            l(lk.zh, "原产地：", "COUNTRY OF ORIGIN:"),
            tdocs::country_label(o).to_uppercase()
        ));
    }
    Ok(InvoiceDocument {
        language: lk.language.clone(),
        title: l(lk.zh, "商业发票", "COMMERCIAL INVOICE"),
        seller: party(&inv.issuer),
        buyer: party(&inv.buyer),
        consignee: pc.consignee.as_ref().map(party),
        number: inv.number.clone(),
        date: inv.date.to_string(),
        contract_numbers: inv
            .contract_number
            .as_deref()
            .map(|s| s.split(", ").map(str::to_string).collect())
            .unwrap_or_default(),
        lc_number: inv.lc_number.clone(),
        incoterm: inv
            .incoterm
            .as_ref()
            .map(|t| {
                format!(
                    "{} {} ({})",
                    t.term,
                    t.place,
                    t.version.clone().unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        payment_terms: payment,
        vessel: inv.vessel.clone().unwrap_or_default(),
        port_of_loading: port(&inv.port_of_loading),
        port_of_discharge: port(&inv.port_of_discharge),
        origin: inv
            .country_of_origin
            .as_deref()
            .map(|c| tdocs::country_label(c).to_uppercase())
            .unwrap_or_default(),
        lines: inv
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| InvoiceDocLine {
                no: u32::try_from(i + 1).unwrap_or(u32::MAX),
                marks_and_numbers: None,
                description: line.description.clone(),
                hs_code: line.hs_code.clone().unwrap_or_default(),
                quantity: grouped(line.quantity.normalize()),
                unit: line.unit.clone(),
                unit_price: grouped(line.unit_price),
                amount: grouped(line.amount),
                packages: match (line.packages, &line.package_type) {
                    (Some(p), Some(t)) => format!("{} {t}", grouped(Decimal::from(p))),
                    (Some(p), None) => grouped(Decimal::from(p)),
                    _ => String::new(),
                },
            })
            .collect(),
        charges: inv
            .charges
            .iter()
            .map(|c| (c.label.clone(), grouped(c.amount)))
            .collect(),
        currency: inv.currency.clone(),
        total_quantity_lines: quantities
            .iter()
            .map(|(u, q)| format!("{} {u}", grouped(q.normalize())))
            .collect(),
        total_amount: grouped(inv.total_amount),
        deposit_received: inv.deposit_received.map(grouped),
        balance_due: inv.balance_due.map(grouped),
        amount_in_words: inv.amount_in_words.clone().unwrap_or_default(),
        packages_total: match (inv.packages_total, &inv.package_type) {
            (Some(p), Some(t)) => format!("{} {t}", grouped(Decimal::from(p))),
            (Some(p), None) => format!("{} PACKAGES", grouped(Decimal::from(p))),
            _ => String::new(),
        },
        net_weight: kg(inv.net_weight_kg),
        gross_weight: kg(inv.gross_weight_kg),
        marks: inv.marks.clone().unwrap_or_else(|| "N/M".into()),
        declarations,
        signatory: lk.signatory,
        letterhead_png: lk.letterhead,
        stamp_png: lk.stamp,
        signature_png: lk.signature,
        footer: lk.footer,
    })
}

pub fn packing_list_document(
    rec: &DocumentRecord,
    set: &SetData,
    lang: &str,
) -> Result<PackingListDocument, ApiError> {
    let pl: ds::PackingList = data(rec)?;
    let lk = look(&set.company, lang, &rec.number, rec.revision);
    let pc = tdocs::PrintContext::of(&rec.doc, set);
    let types: std::collections::HashMap<String, (String, Decimal)> = pc
        .containers
        .iter()
        .map(|k| (k.number.clone(), (k.container_type.clone(), k.net_kg)))
        .collect();
    // m³ from the packages' outside dimensions, when the products have them.
    let volume = |d: Option<Decimal>| d.map(|d| grouped(d.round_dp(3))).unwrap_or_default();
    Ok(PackingListDocument {
        language: lk.language.clone(),
        title: l(lk.zh, "装箱单", "PACKING LIST"),
        seller: party(&pl.issuer),
        buyer: party(&pc.buyer),
        consignee: pc.consignee.as_ref().map(party),
        number: pl.number.clone(),
        date: pl.date.to_string(),
        invoice_number: pl.invoice_number.clone().unwrap_or_default(),
        contract_numbers: pc.contract_numbers.clone(),
        lc_number: pl.lc_number.clone(),
        vessel: pc.vessel.clone(),
        port_of_loading: port(&Some(pc.port_of_loading.clone())),
        port_of_discharge: port(&Some(pc.port_of_discharge.clone())),
        weight_unit: "KGS".into(),
        measurement_unit: "CBM".into(),
        lines: pl
            .lines
            .iter()
            .map(|line| PackingDocLine {
                container: line.container_no.clone().unwrap_or_default(),
                seal: line
                    .container_no
                    .as_ref()
                    .and_then(|n| pl.containers.iter().find(|c| &c.number == n))
                    .and_then(|c| c.seal.clone())
                    .unwrap_or_default(),
                description: line.description.clone(),
                packages: grouped(Decimal::from(line.packages)),
                package_type: line.package_type.clone().unwrap_or_default(),
                net_per_package: line
                    .net_per_package_kg
                    .map(|d| grouped(d.round_dp(3)))
                    .unwrap_or_default(),
                gross_per_package: line
                    .gross_per_package_kg
                    .map(|d| grouped(d.round_dp(3)))
                    .unwrap_or_default(),
                net: line
                    .net_weight_kg
                    .map(|d| grouped(d.round_dp(3)))
                    .unwrap_or_default(),
                gross: line
                    .gross_weight_kg
                    .map(|d| grouped(d.round_dp(3)))
                    .unwrap_or_default(),
                measurement: volume(line.measurement_cbm),
            })
            .collect(),
        containers: pl
            .containers
            .iter()
            .map(|c| ContainerRow {
                number: c.number.clone(),
                seal: c.seal.clone().unwrap_or_default(),
                container_type: types.get(&c.number).map(|t| t.0.clone()).unwrap_or_default(),
                packages: c.packages.map(|p| grouped(Decimal::from(p))).unwrap_or_default(),
                net: types
                    .get(&c.number)
                    .map(|t| grouped(t.1.round_dp(3)))
                    .unwrap_or_default(),
                gross: c
                    .gross_weight_kg
                    .map(|d| grouped(d.round_dp(3)))
                    .unwrap_or_default(),
                measurement: volume(c.measurement_cbm),
            })
            .collect(),
        totals: PackingTotals {
            packages: format!(
                "{} {}",
                grouped(Decimal::from(pl.packages_total)),
                pl.package_type.clone().unwrap_or_default()
            )
            .trim()
            .to_string(),
            net: pl
                .net_weight_kg
                .map(|d| grouped(d.round_dp(3)))
                .unwrap_or_default(),
            gross: pl
                .gross_weight_kg
                .map(|d| grouped(d.round_dp(3)))
                .unwrap_or_default(),
            measurement: pl
                .measurement_cbm
                .map(|d| grouped(d.round_dp(3)))
                .unwrap_or_default(),
        },
        marks: pl.marks.clone().unwrap_or_else(|| "N/M".into()),
        signatory: lk.signatory,
        letterhead_png: lk.letterhead,
        stamp_png: lk.stamp,
        signature_png: lk.signature,
        footer: lk.footer,
    })
}

fn base_form(rec: &DocumentRecord, set: &SetData, lang: &str, zh: &str, en: &str) -> (FormDocument, bool) {
    let lk = look(&set.company, lang, &rec.number, rec.revision);
    let zh_on = lk.zh;
    (
        FormDocument {
            language: lk.language,
            title: l(zh_on, zh, en),
            issuer: party(&tdocs::PrintContext::of(&rec.doc, set).seller),
            letterhead_png: lk.letterhead,
            number: rec.number.clone(),
            date: String::new(),
            signatory: lk.signatory,
            stamp_png: lk.stamp,
            signature_png: lk.signature,
            footer: lk.footer,
            ..Default::default()
        },
        zh_on,
    )
}

fn field(zh: bool, z: &str, e: &str, v: impl Into<String>) -> FormField {
    FormField::new(l(zh, z, e), v)
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn containers_table(zh: bool, rows: &[ds::BlContainer]) -> FormTable {
    FormTable {
        title: Some(l(zh, "集装箱", "CONTAINERS")),
        columns: vec![
            FormColumn::text(l(zh, "箱号", "Container No.")),
            FormColumn::text(l(zh, "封号", "Seal")),
            FormColumn::text(l(zh, "箱型", "Type")),
            FormColumn::numeric(l(zh, "件数", "Packages")),
            FormColumn::numeric(l(zh, "毛重 (KGS)", "Gross (KGS)")),
            FormColumn::text(l(zh, "温度", "Set point")),
        ],
        rows: rows
            .iter()
            .map(|c| {
                vec![
                    c.number.clone(),
                    opt(&c.seal),
                    opt(&c.container_type),
                    c.packages.map(|p| grouped(Decimal::from(p))).unwrap_or_default(),
                    c.gross_weight_kg
                        .map(|d| grouped(d.round_dp(3)))
                        .unwrap_or_default(),
                    c.reefer_setpoint_c
                        .map(|d| format!("{} °C", d.normalize()))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
        totals: None,
    }
}

/// The boxes under a form's table: marks, the goods, remarks when there are any.
fn goods_paragraphs(
    zh: bool,
    marks: &Option<String>,
    goods: Option<&str>,
    remarks: &[String],
) -> Vec<FormField> {
    let mut v = vec![field(
        zh,
        "唛头",
        "Marks and numbers",
        marks.clone().unwrap_or_else(|| "N/M".into()),
    )];
    if let Some(g) = goods {
        v.push(field(zh, "货物描述", "Description of goods", g));
    }
    if !remarks.is_empty() {
        v.push(field(zh, "备注", "Remarks", remarks.join("\n")));
    }
    v
}

fn si_form(rec: &DocumentRecord, set: &SetData, lang: &str) -> Result<FormDocument, ApiError> {
    let si: sd::ShippingInstruction = data(rec)?;
    let (mut f, zh) = base_form(rec, set, lang, "提单补料", "SHIPPING INSTRUCTION");
    f.date = si.date.to_string();
    f.references = vec![
        field(zh, "订舱号", "Booking No.", opt(&si.booking_number)),
        field(zh, "合同号", "Contract No.", si.contract_numbers.join(", ")),
        field(zh, "发票号", "Invoice No.", opt(&si.invoice_number)),
    ];
    if let Some(lc) = &si.lc_number {
        f.references.push(field(zh, "信用证号", "L/C No.", lc.clone()));
    }
    f.parties = vec![FormParty {
        label: l(zh, "发货人", "Shipper"),
        party: party(&si.shipper),
    }];
    f.parties.push(FormParty {
        label: l(zh, "收货人", "Consignee"),
        party: match &si.consignee_party {
            Some(p) => party(p),
            None => TradeParty {
                name: si.consignee.clone(),
                address_lines: vec![],
            },
        },
    });
    match (&si.notify_wording, &si.notify) {
        (Some(w), _) => f.parties.push(FormParty {
            label: l(zh, "通知人", "Notify party"),
            party: TradeParty {
                name: w.clone(),
                address_lines: vec![],
            },
        }),
        (None, Some(p)) => f.parties.push(FormParty {
            label: l(zh, "通知人", "Notify party"),
            party: party(p),
        }),
        _ => {}
    }
    if let Some(fw) = &si.forwarder {
        f.parties.push(FormParty {
            label: l(zh, "货代", "To (forwarder)"),
            party: party(fw),
        });
    }
    f.fields = vec![
        field(zh, "承运人", "Carrier", opt(&si.carrier)),
        field(
            zh,
            "船名航次",
            "Vessel / Voyage",
            match (&si.vessel, &si.voyage) {
                (Some(v), Some(y)) => format!("{v} V.{y}"),
                _ => String::new(),
            },
        ),
        field(
            zh,
            "装货港",
            "Port of loading",
            port(&Some(si.port_of_loading.clone())),
        ),
        field(
            zh,
            "卸货港",
            "Port of discharge",
            port(&Some(si.port_of_discharge.clone())),
        ),
        field(zh, "运费", "Freight", format!("FREIGHT {}", si.freight)),
        field(
            zh,
            "提单份数",
            "Originals / copies",
            format!(
                "{} ORIGINALS / {} COPIES — {}",
                si.originals, si.copies, si.bl_type
            ),
        ),
        field(
            zh,
            "件数",
            "Packages",
            format!(
                "{} {}",
                grouped(Decimal::from(si.packages_total)),
                opt(&si.package_type)
            ),
        ),
        field(
            zh,
            "毛重 / 净重",
            "Gross / net weight",
            format!(
                "{} / {}",
                kg(Some(si.gross_weight_kg)),
                kg(Some(si.net_weight_kg))
            ),
        ),
        field(zh, "体积", "Measurement", cbm(si.measurement_cbm)),
        field(zh, "HS 编码", "HS codes", si.hs_codes.join(", ")),
    ];
    f.table = Some(containers_table(zh, &si.containers));
    f.paragraphs = goods_paragraphs(zh, &si.marks, Some(&si.goods_description), &si.remarks);
    Ok(f)
}

fn co_form(rec: &DocumentRecord, set: &SetData, lang: &str) -> Result<FormDocument, ApiError> {
    let co: sd::CertificateOfOriginApplication = data(rec)?;
    let c = &co.certificate;
    let (mut f, zh) = base_form(
        rec,
        set,
        lang,
        "原产地证申请",
        "CERTIFICATE OF ORIGIN — APPLICATION",
    );
    f.date = co.date.to_string();
    f.references = vec![
        field(zh, "证书格式", "Form", c.form.clone()),
        field(zh, "签证机构", "Issuing body", opt(&c.issuer)),
        field(zh, "发票号", "Invoice No.", opt(&c.invoice_number)),
        field(
            zh,
            "发票日期",
            "Invoice date",
            c.invoice_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ];
    f.parties = vec![
        FormParty {
            label: l(zh, "出口商", "Exporter"),
            party: party(&c.exporter),
        },
        FormParty {
            label: l(zh, "收货人", "Consignee"),
            party: party(&c.consignee),
        },
    ];
    let t = c.transport.clone();
    f.fields = vec![
        field(
            zh,
            "原产国",
            "Country of origin",
            tdocs::country_label(&c.country_of_origin).to_uppercase(),
        ),
        field(
            zh,
            "进口国",
            "Importing country",
            tdocs::country_label(&co.importing_country).to_uppercase(),
        ),
        field(
            zh,
            "运输方式及路线",
            "Means of transport and route",
            t.as_ref()
                .map(|t| {
                    format!(
                        "BY SEA {} V.{} FROM {} TO {}",
                        opt(&t.vessel),
                        opt(&t.voyage),
                        port(&t.port_of_loading),
                        port(&t.port_of_discharge)
                    )
                })
                .unwrap_or_default(),
        ),
        field(
            zh,
            "毛重 / 净重",
            "Gross / net weight",
            format!("{} / {}", kg(c.gross_weight_kg), kg(c.net_weight_kg)),
        ),
    ];
    f.table = Some(FormTable {
        title: Some(l(zh, "货物", "GOODS")),
        columns: vec![
            FormColumn::text(l(zh, "货物描述", "Description")),
            FormColumn::text(l(zh, "HS 编码", "HS code")),
            FormColumn::numeric(l(zh, "数量", "Quantity")),
            FormColumn::numeric(l(zh, "件数", "Packages")),
            FormColumn::text(l(zh, "原产地标准", "Origin criterion")),
        ],
        rows: co
            .lines
            .iter()
            .map(|x| {
                vec![
                    x.description.clone(),
                    opt(&x.hs_code),
                    format!("{} {}", grouped(x.quantity.normalize()), x.unit),
                    x.packages.map(|p| grouped(Decimal::from(p))).unwrap_or_default(),
                    x.origin_criterion.clone().unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
        totals: None,
    });
    f.paragraphs = goods_paragraphs(zh, &c.marks, None, &co.remarks);
    Ok(f)
}

fn phyto_form(rec: &DocumentRecord, set: &SetData, lang: &str) -> Result<FormDocument, ApiError> {
    let app: sd::PhytosanitaryApplication = data(rec)?;
    let c = &app.certificate;
    let (mut f, zh) = base_form(
        rec,
        set,
        lang,
        "植物检疫证书申请",
        "PHYTOSANITARY CERTIFICATE — APPLICATION",
    );
    f.date = app.date.to_string();
    f.references = vec![
        field(
            zh,
            "签证机构",
            "Plant protection organisation",
            opt(&c.issuing_nppo),
        ),
        field(zh, "签证地点", "Place of issue", opt(&c.place_of_issue)),
    ];
    f.parties = vec![
        FormParty {
            label: l(zh, "出口商", "Exporter"),
            party: party(&c.exporter),
        },
        FormParty {
            label: l(zh, "收货人", "Consignee"),
            party: party(&c.consignee),
        },
    ];
    let q = &c.quantity_declared;
    f.fields = vec![
        field(zh, "植物学名", "Botanical name", opt(&c.botanical_name)),
        field(
            zh,
            "申报数量",
            "Quantity declared",
            format!(
                "{} {} / {} NET",
                q.packages.map(|p| grouped(Decimal::from(p))).unwrap_or_default(),
                opt(&q.package_type),
                kg(q.net_weight_kg)
            ),
        ),
        field(
            zh,
            "产地",
            "Place of origin",
            c.place_of_origin
                .as_ref()
                .map(|p| p.text.clone())
                .unwrap_or_default(),
        ),
        field(zh, "运输工具", "Means of conveyance", opt(&c.means_of_conveyance)),
        field(
            zh,
            "入境口岸",
            "Declared point of entry",
            c.point_of_entry
                .as_ref()
                .map(|p| p.text.clone())
                .unwrap_or_default(),
        ),
        field(
            zh,
            "处理",
            "Treatment",
            c.treatment.clone().unwrap_or_else(|| "—".into()),
        ),
    ];
    f.paragraphs = vec![
        field(zh, "产品名称", "Name of produce", c.name_of_produce.clone()),
        field(
            zh,
            "标记",
            "Distinguishing marks",
            c.distinguishing_marks.clone().unwrap_or_else(|| "N/M".into()),
        ),
    ];
    if !c.additional_declarations.is_empty() {
        f.paragraphs.push(field(
            zh,
            "附加声明",
            "Additional declarations",
            c.additional_declarations.join("\n"),
        ));
    }
    Ok(f)
}

fn insurance_form(rec: &DocumentRecord, set: &SetData, lang: &str) -> Result<FormDocument, ApiError> {
    let d: sd::InsuranceDeclaration = data(rec)?;
    let c = &d.cover;
    let (mut f, zh) = base_form(rec, set, lang, "投保单", "INSURANCE DECLARATION");
    f.date = d.date.to_string();
    f.references = vec![field(zh, "发票号", "Invoice No.", d.invoice_number.clone())];
    if let Some(b) = &c.bl_number {
        f.references.push(field(zh, "提单号", "B/L No.", b.clone()));
    }
    f.parties = vec![FormParty {
        label: l(zh, "被保险人", "Assured"),
        party: party(&tdocs::PrintContext::of(&rec.doc, set).seller),
    }];
    f.fields = vec![
        field(
            zh,
            "发票金额 (CIF)",
            "Invoice value (CIF)",
            format!("{} {}", c.currency, grouped(d.cif_value)),
        ),
        field(
            zh,
            "加成比例",
            "Percent insured",
            format!("{} %", d.percent.normalize()),
        ),
        field(
            zh,
            "保险金额",
            "Amount insured",
            format!("{} {}", c.currency, grouped(c.insured_amount)),
        ),
        field(zh, "承保险别", "Conditions", c.risks.join("\n")),
        field(zh, "起运港", "From", port(&c.from)),
        field(zh, "目的港", "To", port(&c.to)),
        field(
            zh,
            "船名航次",
            "Vessel / Voyage",
            format!("{} V.{}", opt(&c.vessel), opt(&c.voyage)),
        ),
        field(zh, "赔款偿付地点", "Claims payable at", opt(&c.claims_payable_at)),
        field(
            zh,
            "件数",
            "Packages",
            format!(
                "{} {}",
                grouped(Decimal::from(d.packages_total)),
                opt(&d.package_type)
            ),
        ),
        field(
            zh,
            "保单份数",
            "Originals",
            c.originals_issued.map(|o| o.to_string()).unwrap_or_default(),
        ),
    ];
    f.paragraphs = goods_paragraphs(zh, &d.marks, Some(&d.goods_description), &c.notes);
    Ok(f)
}

fn draft_document(rec: &DocumentRecord, set: &SetData, lang: &str) -> Result<DraftDocument, ApiError> {
    let b: sd::BillOfExchange = data(rec)?;
    let lk = look(&set.company, lang, &rec.number, rec.revision);
    Ok(DraftDocument {
        language: lk.language,
        drawer: party(&b.draft.drawer),
        letterhead_png: lk.letterhead,
        number: b.draft.number.clone(),
        place_and_date: format!("{}, {}", b.place, b.draft.date),
        currency: b.draft.currency.clone(),
        amount: grouped(b.draft.amount),
        amount_in_words: b.draft.amount_in_words.clone().unwrap_or_default(),
        tenor: b.draft.tenor.clone(),
        payee: b.draft.payee.clone().unwrap_or_default(),
        drawn_under: b.drawn_under.clone(),
        drawee: party(&b.draft.drawee),
        signatory: lk.signatory,
        stamp_png: lk.stamp,
        signature_png: lk.signature,
        set_of: 2,
    })
}

/// A received document's recorded data, printed as a form (its scan is the original).
fn received_form(rec: &DocumentRecord, set: &SetData, lang: &str) -> Result<FormDocument, ApiError> {
    let (title_zh, title_en) = match rec.kind {
        K::BillOfLading => ("提单（收到）", "BILL OF LADING — AS RECEIVED"),
        K::CertificateOfOrigin => ("原产地证（收到）", "CERTIFICATE OF ORIGIN — AS RECEIVED"),
        K::PhytosanitaryCertificate => ("植物检疫证书（收到）", "PHYTOSANITARY CERTIFICATE — AS RECEIVED"),
        _ => ("保险单（收到）", "INSURANCE CERTIFICATE — AS RECEIVED"),
    };
    let (mut f, zh) = base_form(rec, set, lang, title_zh, title_en);
    f.issuer = TradeParty::default();
    f.letterhead_png = None;
    f.stamp_png = None;
    f.signature_png = None;
    f.signatory = String::new();
    if rec.kind == K::BillOfLading {
        let b: ds::BillOfLading = data(rec)?;
        f.date = b.issue_date.to_string();
        f.references = vec![
            field(zh, "承运人", "Carrier", opt(&b.carrier)),
            field(zh, "类型", "Type", b.bl_type.clone()),
        ];
        f.parties = vec![
            FormParty {
                label: l(zh, "发货人", "Shipper"),
                party: party(&b.shipper),
            },
            FormParty {
                label: l(zh, "收货人", "Consignee"),
                party: match &b.consignee_party {
                    Some(p) => party(p),
                    None => TradeParty {
                        name: b.consignee.clone(),
                        address_lines: vec![],
                    },
                },
            },
        ];
        if let Some(n) = &b.notify {
            f.parties.push(FormParty {
                label: l(zh, "通知人", "Notify party"),
                party: party(n),
            });
        }
        f.fields = vec![
            field(
                zh,
                "船名航次",
                "Vessel / Voyage",
                format!("{} V.{}", opt(&b.vessel), opt(&b.voyage)),
            ),
            field(
                zh,
                "装船批注",
                "On board",
                b.on_board_notation
                    .as_ref()
                    .map(|n| n.date.to_string())
                    .unwrap_or_default(),
            ),
            field(zh, "装货港", "Port of loading", port(&b.port_of_loading)),
            field(zh, "卸货港", "Port of discharge", port(&b.port_of_discharge)),
            field(zh, "运费", "Freight", opt(&b.freight)),
            field(
                zh,
                "正本份数",
                "Originals issued",
                b.originals_issued.map(|o| o.to_string()).unwrap_or_default(),
            ),
            field(
                zh,
                "件数",
                "Packages",
                format!(
                    "{} {}",
                    b.packages_total
                        .map(|p| grouped(Decimal::from(p)))
                        .unwrap_or_default(),
                    opt(&b.package_type)
                ),
            ),
            field(
                zh,
                "毛重 / 体积",
                "Gross / measurement",
                format!("{} / {}", kg(b.gross_weight_kg), cbm(b.measurement_cbm)),
            ),
        ];
        f.table = Some(containers_table(zh, &b.containers));
        f.paragraphs = goods_paragraphs(zh, &b.marks, b.goods_description.as_deref(), &[]);
        if !b.clauses.is_empty() {
            f.paragraphs.push(field(
                zh,
                "批注",
                "Clauses",
                b.clauses
                    .iter()
                    .map(|c| format!("{} ({})", c.text, c.kind))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
    } else {
        // Certificates: every recorded field, in order.
        let flat = gendan_store::flatten(&rec.doc);
        f.fields = flat
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| FormField::new(k.clone(), v.clone()))
            .collect();
    }
    Ok(f)
}

/// The PDF of one document, in `lang` (`en`/`zh`; the customer's when none).
pub async fn pdf(st: &AppState, rec: &DocumentRecord, lang: Option<&str>) -> Result<Vec<u8>, ApiError> {
    let set = tdocs::load(st, rec.shipment_id).await?;
    pdf_with(&set, rec, &set.language(lang)).await
}

async fn pdf_with(set: &SetData, rec: &DocumentRecord, lang: &str) -> Result<Vec<u8>, ApiError> {
    enum Doc {
        Invoice(Box<InvoiceDocument>),
        Packing(Box<PackingListDocument>),
        Form(Box<FormDocument>),
        Draft(Box<DraftDocument>),
    }
    let doc = match rec.kind {
        K::CommercialInvoice => Doc::Invoice(Box::new(invoice_document(rec, set, lang)?)),
        K::PackingList => Doc::Packing(Box::new(packing_list_document(rec, set, lang)?)),
        K::ShippingInstruction => Doc::Form(Box::new(si_form(rec, set, lang)?)),
        K::CertificateOfOriginApplication => Doc::Form(Box::new(co_form(rec, set, lang)?)),
        K::PhytosanitaryApplication => Doc::Form(Box::new(phyto_form(rec, set, lang)?)),
        K::InsuranceDeclaration => Doc::Form(Box::new(insurance_form(rec, set, lang)?)),
        K::Draft => Doc::Draft(Box::new(draft_document(rec, set, lang)?)),
        _ => Doc::Form(Box::new(received_form(rec, set, lang)?)),
    };
    let r = renderer().await?;
    let _slot = crate::documents::render_slot().await;
    tokio::task::spawn_blocking(move || match doc {
        Doc::Invoice(d) => r.render_invoice_pdf(&d),
        Doc::Packing(d) => r.render_packing_list_pdf(&d),
        Doc::Form(d) => r.render_form_pdf(&d),
        Doc::Draft(d) => r.render_draft_pdf(&d),
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
    .map_err(|e| ApiError::internal(e.to_string()))
}

/// The .xlsx of an invoice or packing list.
pub async fn xlsx(st: &AppState, rec: &DocumentRecord, lang: Option<&str>) -> Result<Vec<u8>, ApiError> {
    let set = tdocs::load(st, rec.shipment_id).await?;
    let lang = set.language(lang);
    match rec.kind {
        K::CommercialInvoice => gendan_render::render_invoice_xlsx(&invoice_document(rec, &set, &lang)?),
        K::PackingList => gendan_render::render_packing_list_xlsx(&packing_list_document(rec, &set, &lang)?),
        _ => {
            return Err(ApiError::not_found(format!(
                "a {} has no spreadsheet: only the invoice and the packing list",
                rec.kind.as_str()
            )));
        }
    }
    .map_err(|e| ApiError::internal(e.to_string()))
}

/// File name of a document: `CI2026-0011-rev2.pdf`.
pub fn file_name(rec: &DocumentRecord, ext: &str) -> String {
    let safe: String = rec
        .number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if rec.revision > 1 {
        format!("{safe}-rev{}.{ext}", rec.revision)
    } else {
        format!("{safe}.{ext}")
    }
}

async fn set_documents(st: &AppState, shipment_id: Uuid) -> Result<Vec<DocumentRecord>, ApiError> {
    let mut docs = st
        .store
        .list_documents(&DocumentQuery {
            shipment_id: Some(shipment_id),
            kind: None,
            limit: 500,
            offset: 0,
        })
        .await?;
    // The order of the set: the kinds' order, oldest first within a kind.
    docs.sort_by_key(|d| (d.kind, d.created_at));
    Ok(docs)
}

/// The whole set as one PDF: every document printed, each received one followed by its scans.
pub async fn bundle_pdf(st: &AppState, shipment_id: Uuid, lang: Option<&str>) -> Result<Vec<u8>, ApiError> {
    let set = tdocs::load(st, shipment_id).await?;
    let lang = set.language(lang);
    let docs = set_documents(st, shipment_id).await?;
    if docs.is_empty() {
        return Err(ApiError::not_found("the shipment has no documents yet"));
    }
    // (part, is a scan)
    let mut parts: Vec<(BundlePart, bool)> = Vec::new();
    for d in &docs {
        parts.push((
            BundlePart {
                title: format!("{} {}", d.kind.as_str(), d.number),
                bytes: pdf_with(&set, d, &lang).await?,
                kind: BundleKind::Pdf,
            },
            false,
        ));
        for a in st.store.attachments("trade_document", d.id).await? {
            let (_, bytes) = st.store.attachment_data(a.id).await?;
            let kind = match a.content_type.as_str() {
                "application/pdf" => BundleKind::Pdf,
                "image/png" => BundleKind::Png,
                _ => BundleKind::Jpeg,
            };
            parts.push((
                BundlePart {
                    title: format!("{} {} — {}", d.kind.as_str(), d.number, a.file_name),
                    bytes,
                    kind,
                },
                true,
            ));
        }
    }
    let r = renderer().await?;
    let _slot = crate::documents::render_slot().await;
    tokio::task::spawn_blocking(move || {
        // A scan typst cannot read (an encrypted PDF from a bank) is left out, not the set:
        // the scans that can be read are tried one by one.
        let all: Vec<BundlePart> = parts.iter().map(|p| p.0.clone()).collect();
        match r.render_bundle_pdf(&all) {
            Ok(b) => Ok(b),
            Err(e) => {
                tracing::warn!(error = %e, "a scan could not go into the set's PDF");
                let mut kept = Vec::new();
                for (p, scan) in parts {
                    if !scan || r.render_bundle_pdf(std::slice::from_ref(&p)).is_ok() {
                        kept.push(p);
                    }
                }
                r.render_bundle_pdf(&kept)
            }
        }
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
    .map_err(|e| ApiError::internal(e.to_string()))
}

/// The whole set as a zip: each document's PDF (and .xlsx where there is one), the scans of
/// received documents, and `document-set.json` in the interchange format when there is an
/// invoice.
pub async fn bundle_zip(st: &AppState, shipment_id: Uuid, lang: Option<&str>) -> Result<Vec<u8>, ApiError> {
    let set = tdocs::load(st, shipment_id).await?;
    let lang_s = set.language(lang);
    let docs = set_documents(st, shipment_id).await?;
    if docs.is_empty() {
        return Err(ApiError::not_found("the shipment has no documents yet"));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for d in &docs {
        let dir = d.kind.as_str();
        files.push((
            format!("{dir}/{}", file_name(d, "pdf")),
            pdf_with(&set, d, &lang_s).await?,
        ));
        if d.kind.has_xlsx() {
            files.push((
                format!("{dir}/{}", file_name(d, "xlsx")),
                xlsx(st, d, Some(&lang_s)).await?,
            ));
        }
        for a in st.store.attachments("trade_document", d.id).await? {
            let (_, bytes) = st.store.attachment_data(a.id).await?;
            let safe: String = a
                .file_name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            files.push((format!("{dir}/scans/{}-{safe}", a.id), bytes));
        }
    }
    if let Ok(ds) = tdocs::export_set(st, shipment_id).await {
        let json = serde_json::to_vec_pretty(&ds).map_err(|e| ApiError::internal(e.to_string()))?;
        files.push(("document-set.json".into(), json));
    }
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts =
                zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            let mut used = std::collections::HashSet::new();
            for (name, bytes) in files {
                // Two numbers that clean to the same file name get -2, -3….
                let mut unique = name.clone();
                let mut n = 1;
                while !used.insert(unique.clone()) {
                    n += 1;
                    unique = match name.rsplit_once('.') {
                        Some((stem, ext)) => format!("{stem}-{n}.{ext}"),
                        None => format!("{name}-{n}"),
                    };
                }
                z.start_file(unique, opts).map_err(|e| e.to_string())?;
                z.write_all(&bytes).map_err(|e| e.to_string())?;
            }
            z.finish().map_err(|e| e.to_string())?;
        }
        Ok(buf.into_inner())
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
    .map_err(ApiError::internal)
}
