//! The documents a buyer or a credit asks for (单据要求): which ones, how many originals
//! and copies, and in what form. Shared by the customer profile, the contract and the L/C.

use crate::error::ValidationErrors;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most originals or copies of one document anyone asks for.
pub const MAX_PIECES: u8 = 20;
const MAX_WORDING: usize = 2_000;

/// A trade document kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    /// 商业发票
    CommercialInvoice,
    /// 装箱单
    PackingList,
    /// 提单 (marine / ocean bill of lading)
    BillOfLading,
    /// 原产地证 (form in [`DocumentRequirement::form`]: general, Form E, Form A…)
    CertificateOfOrigin,
    /// 植物检疫证书 (IPPC ISPM 12)
    PhytosanitaryCertificate,
    /// 保险单 / 保险凭证
    InsuranceCertificate,
    /// 检验证书
    InspectionCertificate,
    /// 装运通知
    ShippingAdvice,
    /// 受益人证明
    BeneficiaryCertificate,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 9] = [
        DocumentKind::CommercialInvoice,
        DocumentKind::PackingList,
        DocumentKind::BillOfLading,
        DocumentKind::CertificateOfOrigin,
        DocumentKind::PhytosanitaryCertificate,
        DocumentKind::InsuranceCertificate,
        DocumentKind::InspectionCertificate,
        DocumentKind::ShippingAdvice,
        DocumentKind::BeneficiaryCertificate,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::CommercialInvoice => "commercial_invoice",
            DocumentKind::PackingList => "packing_list",
            DocumentKind::BillOfLading => "bill_of_lading",
            DocumentKind::CertificateOfOrigin => "certificate_of_origin",
            DocumentKind::PhytosanitaryCertificate => "phytosanitary_certificate",
            DocumentKind::InsuranceCertificate => "insurance_certificate",
            DocumentKind::InspectionCertificate => "inspection_certificate",
            DocumentKind::ShippingAdvice => "shipping_advice",
            DocumentKind::BeneficiaryCertificate => "beneficiary_certificate",
        }
    }
    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    /// As a contract or credit names it.
    pub fn name_en(&self) -> &'static str {
        match self {
            DocumentKind::CommercialInvoice => "Signed commercial invoice",
            DocumentKind::PackingList => "Packing list",
            DocumentKind::BillOfLading => "Full set of clean on board ocean bills of lading",
            DocumentKind::CertificateOfOrigin => "Certificate of origin",
            DocumentKind::PhytosanitaryCertificate => "Phytosanitary certificate",
            DocumentKind::InsuranceCertificate => "Insurance policy / certificate",
            DocumentKind::InspectionCertificate => "Inspection certificate",
            DocumentKind::ShippingAdvice => "Shipping advice",
            DocumentKind::BeneficiaryCertificate => "Beneficiary's certificate",
        }
    }
    pub fn name_zh(&self) -> &'static str {
        match self {
            DocumentKind::CommercialInvoice => "商业发票",
            DocumentKind::PackingList => "装箱单",
            DocumentKind::BillOfLading => "全套清洁已装船海运提单",
            DocumentKind::CertificateOfOrigin => "原产地证书",
            DocumentKind::PhytosanitaryCertificate => "植物检疫证书",
            DocumentKind::InsuranceCertificate => "保险单",
            DocumentKind::InspectionCertificate => "检验证书",
            DocumentKind::ShippingAdvice => "装运通知",
            DocumentKind::BeneficiaryCertificate => "受益人证明",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One required document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentRequirement {
    pub kind: DocumentKind,
    pub originals: u8,
    pub copies: u8,
    /// The certificate's form or issuer (`Form E`, `CCPIT`), the B/L's `to order`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Wording the document must carry, as the buyer or the credit words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
}

impl DocumentRequirement {
    /// `Signed commercial invoice in 3 originals and 2 copies`.
    pub fn english_wording(&self) -> String {
        let mut s = self.kind.name_en().to_string();
        if let Some(f) = &self.form {
            s.push_str(&format!(" ({f})"));
        }
        match (self.originals, self.copies) {
            (0, 0) => {}
            (o, 0) => s.push_str(&format!(" in {o} original{}", plural(o))),
            (0, c) => s.push_str(&format!(" in {c} cop{}", if c == 1 { "y" } else { "ies" })),
            (o, c) => s.push_str(&format!(
                " in {o} original{} and {c} cop{}",
                plural(o),
                if c == 1 { "y" } else { "ies" }
            )),
        }
        if let Some(w) = &self.wording {
            s.push_str(&format!(", {w}"));
        }
        s
    }
}

fn plural(n: u8) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A required document as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentRequirementInput {
    /// commercial_invoice, packing_list, bill_of_lading, certificate_of_origin,
    /// phytosanitary_certificate, insurance_certificate, inspection_certificate,
    /// shipping_advice, beneficiary_certificate
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub originals: u8,
    #[serde(default)]
    pub copies: u8,
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub wording: Option<String>,
}

impl From<&DocumentRequirement> for DocumentRequirementInput {
    fn from(d: &DocumentRequirement) -> Self {
        DocumentRequirementInput {
            kind: d.kind.as_str().to_string(),
            originals: d.originals,
            copies: d.copies,
            form: d.form.clone(),
            wording: d.wording.clone(),
        }
    }
}

/// Trimmed text, at most `max` characters, no control characters other than newlines.
pub(crate) fn clean_text(errs: &mut ValidationErrors, field: &str, v: &str, max: usize) -> String {
    let v = v.trim();
    if v.chars().count() > max {
        errs.push(field, "too_long", format!("must be at most {max} characters"));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errs.push(field, "control_characters", "must not contain control characters");
    }
    v.replace("\r\n", "\n")
}

pub(crate) fn clean_opt(
    errs: &mut ValidationErrors,
    field: &str,
    v: &Option<String>,
    max: usize,
) -> Option<String> {
    v.as_ref()
        .map(|s| clean_text(errs, field, s, max))
        .filter(|s| !s.is_empty())
}

/// Validate a list of required documents under `field` (`documents`): each kind once.
pub fn validate_documents(
    errs: &mut ValidationErrors,
    field: &str,
    input: &[DocumentRequirementInput],
) -> Vec<DocumentRequirement> {
    let mut out: Vec<DocumentRequirement> = Vec::new();
    for (i, d) in input.iter().enumerate() {
        let f = |name: &str| format!("{field}[{i}].{name}");
        let kind = DocumentKind::parse(&d.kind);
        if kind.is_none() {
            if d.kind.trim().is_empty() {
                errs.push(f("kind"), "required", "the document kind is required");
            } else {
                errs.push(
                    f("kind"),
                    "invalid_choice",
                    format!(
                        "`{}` is not a document kind; use one of {}",
                        d.kind.trim(),
                        DocumentKind::ALL.map(|k| k.as_str()).join(", ")
                    ),
                );
            }
        }
        if d.originals > MAX_PIECES {
            errs.push(f("originals"), "out_of_range", format!("at most {MAX_PIECES}"));
        }
        if d.copies > MAX_PIECES {
            errs.push(f("copies"), "out_of_range", format!("at most {MAX_PIECES}"));
        }
        let form = clean_opt(errs, &f("form"), &d.form, 200);
        let wording = clean_opt(errs, &f("wording"), &d.wording, MAX_WORDING);
        if let Some(kind) = kind {
            if out.iter().any(|o| o.kind == kind) {
                errs.push(
                    f("kind"),
                    "duplicate_document",
                    format!("{kind} is listed twice; give originals and copies in one entry"),
                );
                continue;
            }
            out.push(DocumentRequirement {
                kind,
                originals: d.originals,
                copies: d.copies,
                form,
                wording,
            });
        }
    }
    out
}

/// A required date as `YYYY-MM-DD`: `required` when empty, `invalid_date` otherwise.
pub fn validate_date(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<chrono::NaiveDate> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(field, "required", "a date is required");
        return None;
    }
    chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| errs.push(field, "invalid_date", format!("`{v}` is not a date (YYYY-MM-DD)")))
        .ok()
}

/// Validate a checklist: non-empty lines, each at most 500 characters, at most 50 lines.
pub fn validate_checklist(errs: &mut ValidationErrors, field: &str, input: &[String]) -> Vec<String> {
    if input.len() > 50 {
        errs.push(field, "too_many", "at most 50 items");
    }
    input
        .iter()
        .enumerate()
        .map(|(i, s)| clean_text(errs, &format!("{field}[{i}]"), s, 500))
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_counts_originals_and_copies() {
        let d = DocumentRequirement {
            kind: DocumentKind::CommercialInvoice,
            originals: 3,
            copies: 1,
            form: None,
            wording: None,
        };
        assert_eq!(
            d.english_wording(),
            "Signed commercial invoice in 3 originals and 1 copy"
        );
    }

    #[test]
    fn duplicates_and_unknown_kinds_are_refused() {
        let mut errs = ValidationErrors::new();
        let inp = vec![
            DocumentRequirementInput {
                kind: "packing_list".into(),
                originals: 1,
                ..Default::default()
            },
            DocumentRequirementInput {
                kind: "packing_list".into(),
                ..Default::default()
            },
            DocumentRequirementInput {
                kind: "visa".into(),
                originals: 30,
                ..Default::default()
            },
        ];
        let out = validate_documents(&mut errs, "documents", &inp);
        assert_eq!(out.len(), 1);
        let fields: Vec<_> = errs
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("documents[1].kind", "duplicate_document"),
                ("documents[2].kind", "invalid_choice"),
                ("documents[2].originals", "out_of_range"),
            ]
        );
    }
}
