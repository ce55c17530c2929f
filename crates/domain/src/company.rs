//! Our company (本公司): the seller on every contract and document, edited by an admin.

use crate::bic::Bic;
use crate::contract::NumberPattern;
use crate::documents::{clean_opt, clean_text};
use crate::error::ValidationErrors;
use crate::money::Currency;
use crate::trade_document::{CheckPolicy, TradeDocumentKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default contract number pattern.
pub const DEFAULT_CONTRACT_PATTERN: &str = "SC-{yyyy}-{seq:04}";
/// 指令 numbers: `ZL2026-0007`.
pub const DEFAULT_INSTRUCTION_PATTERN: &str = "ZL{yyyy}-{seq:04}";

fn default_instruction_pattern() -> NumberPattern {
    NumberPattern::parse(DEFAULT_INSTRUCTION_PATTERN).expect("valid")
}
/// Largest logo or stamp image, base64 text included.
pub const MAX_IMAGE_BASE64: usize = 700_000;

/// A bank account payments go to (收款账户).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccount {
    pub beneficiary: String,
    pub bank_name: String,
    pub bank_address: Option<String>,
    pub account_no: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "BKCHCNBJ500"))]
    pub swift: Option<Bic>,
    /// The currency the account takes; `None` for any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "USD"))]
    pub currency: Option<Currency>,
}

/// Our company's profile, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyProfile {
    pub name_en: String,
    pub name_zh: Option<String>,
    pub address_en: String,
    pub address_zh: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub bank_accounts: Vec<BankAccount>,
    /// Who signs contracts for the seller.
    pub signatory: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "SC-{yyyy}-{seq:04}"))]
    pub contract_number_pattern: NumberPattern,
    /// How instructions (指令) are numbered; stored profiles without it use the default.
    #[serde(default = "default_instruction_pattern")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "ZL{yyyy}-{seq:4}"))]
    pub instruction_number_pattern: NumberPattern,
    /// PNG, base64.
    pub logo_png: Option<String>,
    /// PNG, base64: the company chop printed over the seller's signature.
    pub stamp_png: Option<String>,
    /// PNG, base64: the handwritten signature printed on the documents' signature line.
    #[serde(default)]
    pub signature_png: Option<String>,
    /// How each kind of generated trade document is numbered, where it differs from
    /// [`default_document_pattern`].
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub document_number_patterns: BTreeMap<TradeDocumentKind, NumberPattern>,
    /// Which checks make a trade document final (default: two people, or one person and a
    /// clean system check).
    #[serde(default)]
    pub check_policy: CheckPolicy,
    /// When payment reminders (催款) go out and when the sales manager is told.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub reminders: crate::receivable::ReminderRule,
}

/// The number pattern of a generated trade document unless the company sets its own:
/// `CI2026-0001` for invoices, `PL…`, `SI…`, `COA…`, `PQA…`, `INS…`, `DR…`.
pub fn default_document_pattern(kind: TradeDocumentKind) -> NumberPattern {
    let prefix = match kind {
        TradeDocumentKind::CommercialInvoice => "CI",
        TradeDocumentKind::PackingList => "PL",
        TradeDocumentKind::ShippingInstruction => "SI",
        TradeDocumentKind::CertificateOfOriginApplication => "COA",
        TradeDocumentKind::PhytosanitaryApplication => "PQA",
        TradeDocumentKind::InsuranceDeclaration => "INS",
        TradeDocumentKind::Draft => "DR",
        _ => "DOC",
    };
    NumberPattern::parse(&format!("{prefix}{{yyyy}}-{{seq:04}}")).expect("valid")
}

impl CompanyProfile {
    /// The pattern a generated document of `kind` is numbered with.
    pub fn document_pattern(&self, kind: TradeDocumentKind) -> NumberPattern {
        self.document_number_patterns
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| default_document_pattern(kind))
    }
}

impl Default for CompanyProfile {
    fn default() -> Self {
        CompanyProfile {
            name_en: "Our Company".into(),
            name_zh: None,
            address_en: String::new(),
            address_zh: None,
            phone: None,
            email: None,
            bank_accounts: Vec::new(),
            signatory: None,
            contract_number_pattern: NumberPattern::parse(DEFAULT_CONTRACT_PATTERN).expect("valid"),
            instruction_number_pattern: default_instruction_pattern(),
            logo_png: None,
            stamp_png: None,
            signature_png: None,
            document_number_patterns: BTreeMap::new(),
            check_policy: CheckPolicy::default(),
            reminders: crate::receivable::ReminderRule::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccountInput {
    #[serde(default)]
    pub beneficiary: String,
    #[serde(default)]
    pub bank_name: String,
    #[serde(default)]
    pub bank_address: Option<String>,
    #[serde(default)]
    pub account_no: String,
    #[serde(default)]
    pub swift: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyProfileInput {
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub address_en: String,
    #[serde(default)]
    pub address_zh: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub bank_accounts: Vec<BankAccountInput>,
    #[serde(default)]
    pub signatory: Option<String>,
    #[serde(default)]
    pub contract_number_pattern: Option<String>,
    #[serde(default)]
    pub instruction_number_pattern: Option<String>,
    /// PNG as base64; leave out to keep none.
    #[serde(default)]
    pub logo_png: Option<String>,
    #[serde(default)]
    pub stamp_png: Option<String>,
    #[serde(default)]
    pub signature_png: Option<String>,
    /// Number patterns per generated document kind (`{"commercial_invoice": "INV{yy}{seq:05}"}`);
    /// an empty value or a kind left out uses the default.
    #[serde(default)]
    pub document_number_patterns: BTreeMap<String, Option<String>>,
    /// People whose passed checks make a document final (1 to 5; default 2).
    #[serde(default)]
    pub check_people: Option<u8>,
    /// One person plus a clean system check is also enough (default yes).
    #[serde(default)]
    pub check_person_and_system: Option<bool>,
    /// Days before the due date a payment reminder goes out, e.g. `7,1` (default).
    #[serde(default)]
    pub reminder_days_before: Option<String>,
    /// Days after the due date, e.g. `1,7,14` (default).
    #[serde(default)]
    pub reminder_days_after: Option<String>,
    /// Days overdue after which the sales manager is told (default 15).
    #[serde(default)]
    pub reminder_escalate_after_days: Option<u32>,
}

impl From<&CompanyProfile> for CompanyProfileInput {
    fn from(c: &CompanyProfile) -> Self {
        CompanyProfileInput {
            name_en: c.name_en.clone(),
            name_zh: c.name_zh.clone(),
            address_en: c.address_en.clone(),
            address_zh: c.address_zh.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            bank_accounts: c
                .bank_accounts
                .iter()
                .map(|b| BankAccountInput {
                    beneficiary: b.beneficiary.clone(),
                    bank_name: b.bank_name.clone(),
                    bank_address: b.bank_address.clone(),
                    account_no: b.account_no.clone(),
                    swift: b.swift.as_ref().map(|s| s.to_string()),
                    currency: b.currency.map(|c| c.to_string()),
                })
                .collect(),
            signatory: c.signatory.clone(),
            contract_number_pattern: Some(c.contract_number_pattern.to_string()),
            instruction_number_pattern: Some(c.instruction_number_pattern.to_string()),
            logo_png: c.logo_png.clone(),
            stamp_png: c.stamp_png.clone(),
            signature_png: c.signature_png.clone(),
            document_number_patterns: c
                .document_number_patterns
                .iter()
                .map(|(k, p)| (k.as_str().to_string(), Some(p.to_string())))
                .collect(),
            check_people: Some(c.check_policy.people),
            check_person_and_system: Some(c.check_policy.person_and_system),
            reminder_days_before: Some(days_text(&c.reminders.days_before)),
            reminder_days_after: Some(days_text(&c.reminders.days_after)),
            reminder_escalate_after_days: Some(c.reminders.escalate_after_days),
        }
    }
}

fn days_text(days: &[u32]) -> String {
    days.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// `7, 1` → `[7, 1]`: whole days from 1 to 365, at most ten.
fn days_list(errs: &mut ValidationErrors, field: &str, v: &Option<String>, default: Vec<u32>) -> Vec<u32> {
    let Some(v) = v.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return default;
    };
    let mut out = Vec::new();
    for part in v.split([',', '，', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<u32>() {
            Ok(d) if (1..=365).contains(&d) => {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
            _ => {
                errs.push(
                    field,
                    "invalid_days",
                    format!("`{part}` is not a number of days from 1 to 365"),
                );
                return default;
            }
        }
    }
    if out.len() > 10 {
        errs.push(field, "too_many", "at most ten days");
    }
    out
}

fn image(errs: &mut ValidationErrors, field: &str, v: &Option<String>) -> Option<String> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if v.len() > MAX_IMAGE_BASE64 {
        errs.push(field, "too_large", "the image must be at most 500 KB");
        return None;
    }
    // PNG signature \x89PNG in base64 always starts with `iVBORw0KGgo`.
    if !v.starts_with("iVBORw0KGgo")
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        errs.push(field, "not_png", "the image must be a PNG file");
        return None;
    }
    Some(v.to_string())
}

impl CompanyProfileInput {
    pub fn validate(&self) -> Result<CompanyProfile, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let name_en = clean_text(&mut errs, "name_en", &self.name_en, 200);
        if name_en.is_empty() {
            errs.push("name_en", "required", "the company's English name is required");
        }
        let address_en = clean_text(&mut errs, "address_en", &self.address_en, 500);
        if address_en.is_empty() {
            errs.push(
                "address_en",
                "required",
                "the company's English address is required",
            );
        }
        let mut bank_accounts = Vec::new();
        for (i, b) in self.bank_accounts.iter().enumerate() {
            let f = |n: &str| format!("bank_accounts[{i}].{n}");
            let beneficiary = clean_text(&mut errs, &f("beneficiary"), &b.beneficiary, 200);
            let bank_name = clean_text(&mut errs, &f("bank_name"), &b.bank_name, 200);
            let account_no = clean_text(&mut errs, &f("account_no"), &b.account_no, 50);
            for (n, v) in [
                ("beneficiary", &beneficiary),
                ("bank_name", &bank_name),
                ("account_no", &account_no),
            ] {
                if v.is_empty() {
                    errs.push(f(n), "required", "required");
                }
            }
            let swift = match b.swift.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => match Bic::parse(s) {
                    Ok(b) => Some(b),
                    Err(why) => {
                        errs.push(f("swift"), "invalid_bic", why.to_string());
                        None
                    }
                },
                _ => None,
            };
            let currency = match b.currency.as_deref().map(str::trim) {
                Some(c) if !c.is_empty() => crate::profile::validate_currency(&mut errs, &f("currency"), c),
                _ => None,
            };
            bank_accounts.push(BankAccount {
                beneficiary,
                bank_name,
                bank_address: clean_opt(&mut errs, &f("bank_address"), &b.bank_address, 300),
                account_no,
                swift,
                currency,
            });
        }
        let contract_number_pattern = match self.contract_number_pattern.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => NumberPattern::parse(p)
                .map_err(|why| errs.push("contract_number_pattern", "invalid_pattern", why))
                .ok(),
            _ => NumberPattern::parse(DEFAULT_CONTRACT_PATTERN).ok(),
        };
        let instruction_number_pattern = match self.instruction_number_pattern.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => NumberPattern::parse(p)
                .map_err(|why| errs.push("instruction_number_pattern", "invalid_pattern", why))
                .ok(),
            _ => Some(default_instruction_pattern()),
        };
        let mut document_number_patterns = BTreeMap::new();
        for (k, p) in &self.document_number_patterns {
            let field = format!("document_number_patterns.{k}");
            let Some(kind) = TradeDocumentKind::parse(k).filter(|k| k.is_generated()) else {
                errs.push(
                    &field,
                    "invalid_choice",
                    format!("`{k}` is not a generated document kind"),
                );
                continue;
            };
            let Some(p) = p.as_deref().map(str::trim).filter(|p| !p.is_empty()) else {
                continue;
            };
            match NumberPattern::parse(p) {
                Ok(p) => {
                    document_number_patterns.insert(kind, p);
                }
                Err(why) => errs.push(&field, "invalid_pattern", why),
            }
        }
        let people = self.check_people.unwrap_or(2);
        if !(1..=5).contains(&people) {
            errs.push("check_people", "out_of_range", "from 1 to 5 people");
        }
        let default_rule = crate::receivable::ReminderRule::default();
        let reminders = crate::receivable::ReminderRule {
            days_before: days_list(
                &mut errs,
                "reminder_days_before",
                &self.reminder_days_before,
                default_rule.days_before,
            ),
            days_after: days_list(
                &mut errs,
                "reminder_days_after",
                &self.reminder_days_after,
                default_rule.days_after,
            ),
            escalate_after_days: match self.reminder_escalate_after_days {
                Some(d) if (1..=365).contains(&d) => d,
                Some(_) => {
                    errs.push(
                        "reminder_escalate_after_days",
                        "out_of_range",
                        "from 1 to 365 days",
                    );
                    default_rule.escalate_after_days
                }
                None => default_rule.escalate_after_days,
            },
        };
        let email = clean_opt(&mut errs, "email", &self.email, 200);
        if let Some(e) = &email
            && !crate::party::is_plausible_email(e)
        {
            errs.push(
                "email",
                "invalid_email",
                format!("`{e}` is not an e-mail address"),
            );
        }
        let profile = CompanyProfile {
            name_zh: clean_opt(&mut errs, "name_zh", &self.name_zh, 200),
            address_zh: clean_opt(&mut errs, "address_zh", &self.address_zh, 500),
            phone: clean_opt(&mut errs, "phone", &self.phone, 50),
            signatory: clean_opt(&mut errs, "signatory", &self.signatory, 100),
            logo_png: image(&mut errs, "logo_png", &self.logo_png),
            stamp_png: image(&mut errs, "stamp_png", &self.stamp_png),
            signature_png: image(&mut errs, "signature_png", &self.signature_png),
            document_number_patterns,
            check_policy: CheckPolicy {
                people,
                person_and_system: self.check_person_and_system.unwrap_or(true),
            },
            reminders,
            name_en,
            address_en,
            email,
            bank_accounts,
            contract_number_pattern: contract_number_pattern.unwrap_or_default(),
            instruction_number_pattern: instruction_number_pattern
                .unwrap_or_else(default_instruction_pattern),
        };
        errs.into_result()?;
        Ok(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_bad_fields() {
        let e = CompanyProfileInput {
            contract_number_pattern: Some("SC-{nope}".into()),
            bank_accounts: vec![BankAccountInput {
                swift: Some("XX".into()),
                ..Default::default()
            }],
            logo_png: Some("R0lGODlh".into()),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "name_en",
            "address_en",
            "bank_accounts[0].beneficiary",
            "bank_accounts[0].swift",
            "contract_number_pattern",
            "logo_png",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }
}
