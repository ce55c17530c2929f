//! The document cross-check engine (单证审核): reads one shipment's document set in the
//! interchange format (`gendan_domain::document_set`, ../shared/spec/document-set.md) and
//! runs every rule of ../shared/spec/doccheck-rules.md over it, the way a bank examiner
//! would (UCP 600, ISBP 745/821, URC 522, ISPM 12, ISO 6346).
//!
//! Pure: no I/O, no clock. Every rule reports either "not applicable" (a document or field
//! it reads is absent — never a silent pass) or the list of its findings (empty = complies).
//! All rules run; all findings are returned, never only the first.

pub use gendan_domain::calendar;
pub mod input;
mod rules;
pub mod text;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gendan_domain::document_set::{Credit, DocumentSet};
use serde::{Deserialize, Serialize};

/// How serious a finding is (doccheck-rules.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    /// A bank would refuse the presentation, or the buyer, customs or the plant-health
    /// authority would reject the document. Stops "final" and "dispatch".
    Blocking,
    /// Not a reason for refusal, but almost always a real error worth fixing.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Warning => "warning",
        }
    }
}

/// A sentence in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// One field a finding read: its path in the interchange format and the value it holds
/// there, as written (`invoice.total_amount` = `"32472.60"`); `None` when absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldValue {
    pub path: String,
    pub value: Option<String>,
}

/// One discrepancy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// The stable rule id of doccheck-rules.md (`X-PKG-COUNT`).
    pub rule: String,
    pub severity: Severity,
    /// The documents involved, by their key in the set (`invoice`, `bills_of_lading[0]`).
    pub documents: Vec<String>,
    /// The fields compared, with their values.
    pub fields: Vec<FieldValue>,
    /// The tolerance applied, with its source (`art. 30(b) ±5 % applied`), if any.
    pub tolerance: Option<String>,
    /// What is wrong, in English and Chinese.
    pub message: Text,
    /// The article or paragraph the rule comes from.
    pub source: String,
}

/// A rule that could not run on this set, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotApplicable {
    pub rule: String,
    pub reason: Text,
}

/// Everything one run found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub findings: Vec<Finding>,
    pub not_applicable: Vec<NotApplicable>,
    /// Rules that ran and found nothing.
    pub passed: Vec<String>,
}

impl Report {
    pub fn blocking(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Blocking)
            .count()
    }
    pub fn has_blocking(&self) -> bool {
        self.blocking() > 0
    }
    pub fn fired(&self, rule: &str) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }
    pub fn is_not_applicable(&self, rule: &str) -> bool {
        self.not_applicable.iter().any(|n| n.rule == rule)
    }
}

/// Settings a company or customer can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Raise or lower a rule's severity (doccheck-rules.md §4: "severity can be raised per
    /// customer").
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// PHYTO-INSPECTION-STALE: days between inspection and shipment the importing country
    /// accepts (ISPM 12 leaves it to the importer; 14 is common).
    #[serde(default = "default_phyto_days")]
    pub phyto_validity_days: u32,
    /// PHYTO-INSPECTION-STALE counts from the issue date instead of the inspection date.
    #[serde(default)]
    pub phyto_counts_from_issue: bool,
}

fn default_phyto_days() -> u32 {
    14
}

impl Default for Options {
    fn default() -> Self {
        Options {
            severity: BTreeMap::new(),
            phyto_validity_days: default_phyto_days(),
            phyto_counts_from_issue: false,
        }
    }
}

/// What one rule does.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line saying what the rule checks.
    pub title_en: &'static str,
    pub title_zh: &'static str,
    /// The article or paragraph (UCP 600, ISBP, URC 522, ISPM 12, ISO 6346) it comes from.
    pub source: &'static str,
    pub run: fn(&Ctx) -> Outcome,
}

/// The result of one rule on one set.
pub enum Outcome {
    NotApplicable(Text),
    Checked(Vec<Hit>),
}

/// A finding as a rule reports it; the engine adds the rule's id, severity and source.
#[derive(Debug, Clone)]
pub struct Hit {
    pub documents: Vec<String>,
    pub fields: Vec<FieldValue>,
    pub tolerance: Option<String>,
    pub message: Text,
    /// A severity other than the rule's own, where the rule says so for this context
    /// (BL-FREIGHT-TERM is a warning under a credit that asks for no freight wording).
    pub severity: Option<Severity>,
}

impl Hit {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Hit {
        Hit {
            documents: Vec::new(),
            fields: Vec::new(),
            tolerance: None,
            message: Text::new(en, zh),
            severity: None,
        }
    }
    /// A document involved (its key in the set).
    pub fn doc(mut self, key: impl Into<String>) -> Hit {
        let key = key.into();
        if !self.documents.contains(&key) {
            self.documents.push(key);
        }
        self
    }
    /// A field compared and its value. The document it belongs to (the path up to the
    /// first `.`) is added to the documents.
    pub fn field(mut self, path: impl Into<String>, value: Option<impl ToString>) -> Hit {
        let path = path.into();
        let doc = path.split('.').next().unwrap_or(&path).to_string();
        self = self.doc(doc);
        self.fields.push(FieldValue {
            path,
            value: value.map(|v| v.to_string()),
        });
        self
    }
    pub fn tolerance(mut self, t: impl Into<String>) -> Hit {
        self.tolerance = Some(t.into());
        self
    }
    pub fn severity(mut self, s: Severity) -> Hit {
        self.severity = Some(s);
        self
    }
}

/// What every rule reads: the set, the options, and figures derived once.
pub struct Ctx<'a> {
    pub set: &'a DocumentSet,
    pub options: &'a Options,
    /// The date of shipment (UCP 600 art. 20(a)(ii), 31(b)): the latest on-board date
    /// (else issue date) over the B/Ls; `None` without a B/L.
    pub shipment_date: Option<NaiveDate>,
    /// Amounts in words read once per run (three rules read the draft's).
    words: std::cell::RefCell<Vec<(String, WordsRead)>>,
}

/// An amount in words as read: the currency words and the amount, or why it cannot be read.
pub type WordsRead = Result<(String, rust_decimal::Decimal), String>;

impl<'a> Ctx<'a> {
    pub fn new(set: &'a DocumentSet, options: &'a Options) -> Ctx<'a> {
        Ctx {
            set,
            options,
            shipment_date: set.shipment_date(),
            words: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// `words` read by `read`, once per run.
    pub fn amount_in_words(&self, words: &str, read: fn(&str) -> WordsRead) -> WordsRead {
        if let Some((_, r)) = self.words.borrow().iter().find(|(w, _)| w == words) {
            return r.clone();
        }
        let r = read(words);
        self.words.borrow_mut().push((words.to_string(), r.clone()));
        r
    }
    pub fn lc(&self) -> Option<&'a Credit> {
        self.set.lc.as_ref()
    }

    /// The sale is CIF or CIP (the credit's, the contract's or the invoice's trade term):
    /// the seller insures, and the insurance rules apply (doccheck-rules.md §3).
    pub fn seller_insures(&self) -> bool {
        fn cif_cip(term: &str) -> bool {
            let t = term.trim_start();
            let head = t.get(..3).unwrap_or("");
            (head.eq_ignore_ascii_case("CIF") || head.eq_ignore_ascii_case("CIP"))
                && t[3..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric())
        }
        cif_cip(&self.set.contract.incoterm.term)
            || self
                .set
                .invoice
                .incoterm
                .as_ref()
                .is_some_and(|i| cif_cip(&i.term))
            || self
                .lc()
                .and_then(|l| l.goods.incoterm.as_ref())
                .is_some_and(|i| cif_cip(&i.term))
    }
}

/// Shorthand for "not applicable" with its reason.
pub fn not_applicable(en: impl Into<String>, zh: impl Into<String>) -> Outcome {
    Outcome::NotApplicable(Text::new(en, zh))
}

/// Every rule, in the order of doccheck-rules.md.
pub fn rules() -> &'static [&'static Rule] {
    &rules::ALL
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.id == id)
}

/// Run every rule over the set.
pub fn check(set: &DocumentSet, options: &Options) -> Report {
    let cx = Ctx::new(set, options);
    let mut report = Report::default();
    for rule in rules::ALL.iter() {
        match (rule.run)(&cx) {
            Outcome::NotApplicable(reason) => report.not_applicable.push(NotApplicable {
                rule: rule.id.to_string(),
                reason,
            }),
            Outcome::Checked(hits) if hits.is_empty() => report.passed.push(rule.id.to_string()),
            Outcome::Checked(hits) => {
                let configured = options.severity.get(rule.id).copied();
                for h in hits {
                    report.findings.push(Finding {
                        rule: rule.id.to_string(),
                        severity: configured.or(h.severity).unwrap_or(rule.severity),
                        documents: h.documents,
                        fields: h.fields,
                        tolerance: h.tolerance,
                        message: h.message,
                        source: rule.source.to_string(),
                    });
                }
            }
        }
    }
    // Blocking first; within a severity, the catalogue's order (stable sort).
    report.findings.sort_by_key(|f| f.severity);
    report
}
