//! Documents generated from data, never retyped: the sales contract as PDF and .xlsx.
//! The mapping from the domain to the printed view model lives here; typesetting is
//! `gendan-render`'s. The renderer (fonts, typst library) is built once, on first use.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::trade::{self, ContractView};
use gendan_domain::country::country_name;
use gendan_domain::party::Party;
use gendan_domain::port::Port;
use gendan_render::{BankBlock, ContractDocument, ContractLine, PartyBlock, Renderer, Term};
use rust_decimal::Decimal;
use std::sync::{Arc, OnceLock};
use uuid::Uuid;

static RENDERER: OnceLock<Result<Arc<Renderer>, String>> = OnceLock::new();
/// At most two PDFs are typeset at once (one per core); further requests wait their turn.
static RENDER_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The shared renderer; loading the fonts takes a moment the first time.
pub async fn renderer() -> Result<Arc<Renderer>, ApiError> {
    if let Some(r) = RENDERER.get() {
        return r.clone().map_err(ApiError::internal);
    }
    let built = tokio::task::spawn_blocking(|| {
        gendan_render::Fonts::system()
            .map(|f| Arc::new(Renderer::new(f)))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let r = RENDERER.get_or_init(|| built);
    r.clone().map_err(ApiError::internal)
}

/// Load the fonts and typeset a small sample once, so the first real request does not pay
/// for it (the server calls this in the background at start; tests do not).
pub async fn warm_up() {
    match renderer().await {
        Ok(r) => {
            let _ = tokio::task::spawn_blocking(move || {
                r.render_contract_pdf(&gendan_render::sample_contract(3))
            })
            .await;
        }
        Err(e) => tracing::warn!(error = %e.detail, "contract PDFs will not render"),
    }
}

/// `12,345.60`: thousands separated, the decimals as given.
pub fn grouped(d: Decimal) -> String {
    let s = d.to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn party_block(p: &Party) -> PartyBlock {
    let d = &p.data;
    PartyBlock {
        name_en: d
            .name_latin
            .clone()
            .unwrap_or_else(|| d.display_name().to_string()),
        name_zh: d.name_zh.clone().filter(|_| d.name_latin.is_some()),
        address_lines: d
            .addresses
            .iter()
            .take(1)
            .flat_map(|a| {
                let mut v = vec![a.line1.clone()];
                if let Some(l2) = &a.line2 {
                    v.push(l2.clone());
                }
                let city = [
                    Some(a.postal_code.clone().unwrap_or_default()),
                    Some(a.city.clone()),
                    a.region.clone(),
                ]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
                v.push(city);
                v.push(country_name(a.country).to_uppercase());
                v
            })
            .collect(),
        contact_lines: d
            .contacts
            .iter()
            .take(1)
            .map(|c| {
                [Some(c.name.clone()), c.phone.clone(), c.email.clone()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .collect(),
    }
}

fn port_name(code: &Option<String>) -> String {
    code.as_deref()
        .and_then(Port::lookup)
        .map(|p| p.to_string())
        .unwrap_or_else(|| code.clone().unwrap_or_default())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "ALLOWED 允许"
    } else {
        "NOT ALLOWED 不允许"
    }
}

/// The printed contract for a contract view.
pub async fn contract_document(st: &AppState, v: &ContractView) -> Result<ContractDocument, ApiError> {
    use base64::Engine;
    let company = trade::company(st).await?.company;
    let d = &v.contract;
    let buyer = st.store.party(d.buyer_id).await?;
    let party = |id: Option<Uuid>| async move {
        match id {
            Some(id) => st.store.party(id).await.ok(),
            None => None,
        }
    };
    let consignee = party(d.consignee_id).await;
    let notify = party(d.notify_id).await;
    let cur = d.currency;
    let lines = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| ContractLine {
            no: i as u32 + 1,
            description_en: l.description_en.clone(),
            description_zh: l.description_zh.clone(),
            spec: l.spec.clone(),
            hs_code: l.hs_code.as_ref().map(|h| h.as_str().to_string()),
            packing: l.package.clone(),
            quantity: grouped(l.figures.quantity.normalize()),
            unit: l.figures.unit.document_abbreviation().to_string(),
            unit_price: grouped(l.figures.unit_price),
            amount: grouped(l.figures.amount(cur).amount),
        })
        .collect();
    let shipment = match d.shipment_earliest {
        Some(e) => format!("BETWEEN {e} AND {} 装运期", d.shipment_latest),
        None => format!("NOT LATER THAN {} 最迟装运期", d.shipment_latest),
    };
    let mut terms = vec![
        Term {
            label_en: "Trade term".into(),
            label_zh: "贸易术语".into(),
            text: v.incoterm_wording.clone(),
        },
        Term {
            label_en: "Port of loading / discharge".into(),
            label_zh: "装运港 / 目的港".into(),
            text: format!(
                "{} → {}",
                port_name(&d.port_of_loading),
                port_name(&d.port_of_discharge)
            ),
        },
        Term {
            label_en: "Time of shipment".into(),
            label_zh: "装运期".into(),
            text: shipment,
        },
        Term {
            label_en: "Partial shipments / transhipment".into(),
            label_zh: "分批装运 / 转运".into(),
            text: format!("{} / {}", yes_no(d.partial_shipments), yes_no(d.transhipment)),
        },
    ];
    if d.more_or_less_pct > Decimal::ZERO {
        terms.push(Term {
            label_en: "More or less".into(),
            label_zh: "溢短装".into(),
            text: format!(
                "{}% MORE OR LESS IN QUANTITY AND AMOUNT AT THE SELLER'S OPTION 卖方可溢短装{}%",
                d.more_or_less_pct.normalize(),
                d.more_or_less_pct.normalize()
            ),
        });
    }
    if let Some(p) = &d.packing {
        terms.push(Term {
            label_en: "Packing".into(),
            label_zh: "包装".into(),
            text: p.clone(),
        });
    }
    if let Some(m) = &d.marks {
        terms.push(Term {
            label_en: "Shipping marks".into(),
            label_zh: "唛头".into(),
            text: m.clone(),
        });
    }
    if let Some(i) = &d.insurance {
        terms.push(Term {
            label_en: "Insurance".into(),
            label_zh: "保险".into(),
            text: i.english_wording(),
        });
    }
    terms.push(Term {
        label_en: "Payment".into(),
        label_zh: "付款条件".into(),
        text: v.payment_terms_wording.clone(),
    });
    if !d.documents.is_empty() {
        terms.push(Term {
            label_en: "Documents required".into(),
            label_zh: "单据要求".into(),
            text: d
                .documents
                .iter()
                .enumerate()
                .map(|(i, doc)| format!("{}. {} {}", i + 1, doc.english_wording(), doc.kind.name_zh()))
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    if !d.special_requirements.is_empty() {
        terms.push(Term {
            label_en: "Special requirements".into(),
            label_zh: "特别要求".into(),
            text: d.special_requirements.join("\n"),
        });
    }
    if let Some(r) = &d.remarks {
        terms.push(Term {
            label_en: "Remarks".into(),
            label_zh: "备注".into(),
            text: r.clone(),
        });
    }
    let b64 = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
    };
    let accounts: Vec<BankBlock> = company
        .bank_accounts
        .iter()
        .filter(|a| a.currency.is_none_or(|c| c == cur))
        .map(|a| BankBlock {
            beneficiary: a.beneficiary.clone(),
            bank_name: a.bank_name.clone(),
            bank_address: a.bank_address.clone(),
            account_no: a.account_no.clone(),
            swift: a.swift.as_ref().map(|s| s.to_string()),
            currency: a.currency.map(|c| c.to_string()),
        })
        .collect();
    Ok(ContractDocument {
        number: v.number.clone(),
        revision: u32::try_from(v.revision).unwrap_or(1),
        date: d.date.to_string(),
        place_of_signing: None,
        seller: PartyBlock {
            name_en: company.name_en.clone(),
            name_zh: company.name_zh.clone(),
            address_lines: [Some(company.address_en.clone()), company.address_zh.clone()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect(),
            contact_lines: [company.phone.clone(), company.email.clone()]
                .into_iter()
                .flatten()
                .collect(),
        },
        buyer: party_block(&buyer),
        consignee: consignee.as_ref().map(party_block),
        notify: notify.as_ref().map(party_block),
        currency: cur.to_string(),
        price_term: v.incoterm_wording.clone(),
        lines,
        total_quantities: v
            .total_quantities
            .iter()
            .map(|q| {
                format!(
                    "{} {}",
                    grouped(q.quantity.parse().unwrap_or_default()),
                    q.abbreviation
                )
            })
            .collect(),
        total_amount: format!("{} {}", cur, grouped(v.total.amount)),
        amount_in_words_en: v.total_in_words.clone(),
        amount_in_words_zh: v.total_in_chinese.clone(),
        terms,
        bank_accounts: accounts,
        logo_png: b64(&company.logo_png),
        stamp_png: b64(&company.stamp_png),
        seller_signatory: company.signatory.clone(),
        buyer_signatory: buyer.data.contacts.first().map(|c| c.name.clone()),
    })
}

async fn view(st: &AppState, me: &CurrentUser, id: Uuid) -> Result<ContractView, ApiError> {
    let rec = st.store.contract(id).await?;
    trade::contract_view(st, me, &rec).await
}

fn file_name(v: &ContractView, ext: &str) -> String {
    if v.revision > 1 {
        format!("{}-rev{}.{ext}", v.number, v.revision)
    } else {
        format!("{}.{ext}", v.number)
    }
}

/// One of the two render slots, held while a document is typeset.
pub async fn render_slot() -> Option<tokio::sync::SemaphorePermit<'static>> {
    RENDER_SLOTS.acquire().await.ok()
}

/// Typeset an instruction (one of the two render slots, off the async threads).
pub async fn render_instruction(doc: gendan_render::InstructionDocument) -> Result<Vec<u8>, ApiError> {
    let r = renderer().await?;
    let _slot = RENDER_SLOTS
        .acquire()
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || r.render_instruction_pdf(&doc))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .map_err(|e| ApiError::internal(e.to_string()))
}

/// Typeset with the shared renderer in one of the two render slots, off the async threads.
pub async fn render_with<F>(f: F) -> Result<Vec<u8>, ApiError>
where
    F: FnOnce(&Renderer) -> Result<Vec<u8>, gendan_render::RenderError> + Send + 'static,
{
    let r = renderer().await?;
    let _slot = RENDER_SLOTS
        .acquire()
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || f(&r))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .map_err(|e| ApiError::internal(e.to_string()))
}

/// The contract as a PDF: (file name, bytes).
pub async fn contract_pdf(st: &AppState, me: &CurrentUser, id: Uuid) -> Result<(String, Vec<u8>), ApiError> {
    let v = view(st, me, id).await?;
    let doc = contract_document(st, &v).await?;
    let r = renderer().await?;
    let _slot = RENDER_SLOTS
        .acquire()
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let bytes = tokio::task::spawn_blocking(move || r.render_contract_pdf(&doc))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((file_name(&v, "pdf"), bytes))
}

/// The contract as a PDF for the customer (a tracking link shares it): (file name, bytes).
pub async fn contract_pdf_outside(st: &AppState, id: Uuid) -> Result<(String, Vec<u8>), ApiError> {
    let rec = st.store.contract(id).await?;
    let v = trade::contract_view_outside(st, &rec).await?;
    let doc = contract_document(st, &v).await?;
    let bytes = render_with(move |r| r.render_contract_pdf(&doc)).await?;
    Ok((file_name(&v, "pdf"), bytes))
}

/// The contract as an .xlsx workbook: (file name, bytes).
pub async fn contract_xlsx(st: &AppState, me: &CurrentUser, id: Uuid) -> Result<(String, Vec<u8>), ApiError> {
    let v = view(st, me, id).await?;
    let doc = contract_document(st, &v).await?;
    let bytes = gendan_render::render_contract_xlsx(&doc).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((file_name(&v, "xlsx"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(grouped(Decimal::new(4320000, 2)), "43,200.00");
        assert_eq!(grouped(Decimal::new(1800, 0)), "1,800");
        assert_eq!(grouped(Decimal::new(999, 0)), "999");
        assert_eq!(grouped(Decimal::new(-1234567, 1)), "-123,456.7");
    }
}
