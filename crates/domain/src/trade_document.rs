//! Trade documents (单证): which documents Gendan makes from data and which it records as
//! received, their lifecycle (draft → checked → final → sent) and the verification rules.
//!
//! The seed: one wrong figure on an invoice costs more than anyone can estimate, so every
//! document is checked several times before it is sent. Each check is a recorded fact (who,
//! when, what was compared, the result) against one revision; a new revision voids the
//! checks of the earlier ones. A document becomes final only after the configured checks —
//! by default two passed checks by two different people, or one person's passed check plus a
//! clean system check (the cross-check) — and never while the latest system check or a
//! person's latest check of the revision failed.

use crate::role::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A kind of trade document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TradeDocumentKind {
    /// 商业发票
    CommercialInvoice,
    /// 装箱单
    PackingList,
    /// 提单补料 (shipping instruction to the forwarder)
    ShippingInstruction,
    /// 原产地证申请 (the data for the certificate of origin application)
    CertificateOfOriginApplication,
    /// 植检申请 (the data for the phytosanitary certificate application)
    PhytosanitaryApplication,
    /// 投保单 (insurance declaration)
    InsuranceDeclaration,
    /// 汇票 (draft, bill of exchange) for collections and credits
    Draft,
    /// 提单 (draft or final, from the forwarder or carrier) — received
    BillOfLading,
    /// 原产地证 as issued — received
    CertificateOfOrigin,
    /// 植物检疫证书 as issued — received
    PhytosanitaryCertificate,
    /// 保险单 as issued — received
    InsuranceCertificate,
}

impl TradeDocumentKind {
    pub const ALL: [TradeDocumentKind; 11] = [
        TradeDocumentKind::CommercialInvoice,
        TradeDocumentKind::PackingList,
        TradeDocumentKind::ShippingInstruction,
        TradeDocumentKind::CertificateOfOriginApplication,
        TradeDocumentKind::PhytosanitaryApplication,
        TradeDocumentKind::InsuranceDeclaration,
        TradeDocumentKind::Draft,
        TradeDocumentKind::BillOfLading,
        TradeDocumentKind::CertificateOfOrigin,
        TradeDocumentKind::PhytosanitaryCertificate,
        TradeDocumentKind::InsuranceCertificate,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            TradeDocumentKind::CommercialInvoice => "commercial_invoice",
            TradeDocumentKind::PackingList => "packing_list",
            TradeDocumentKind::ShippingInstruction => "shipping_instruction",
            TradeDocumentKind::CertificateOfOriginApplication => "certificate_of_origin_application",
            TradeDocumentKind::PhytosanitaryApplication => "phytosanitary_application",
            TradeDocumentKind::InsuranceDeclaration => "insurance_declaration",
            TradeDocumentKind::Draft => "draft",
            TradeDocumentKind::BillOfLading => "bill_of_lading",
            TradeDocumentKind::CertificateOfOrigin => "certificate_of_origin",
            TradeDocumentKind::PhytosanitaryCertificate => "phytosanitary_certificate",
            TradeDocumentKind::InsuranceCertificate => "insurance_certificate",
        }
    }
    pub fn parse(s: &str) -> Option<TradeDocumentKind> {
        TradeDocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
    /// Made by Gendan from the recorded data (the others are recorded as received).
    pub fn is_generated(&self) -> bool {
        !self.is_received()
    }
    pub fn is_received(&self) -> bool {
        matches!(
            self,
            TradeDocumentKind::BillOfLading
                | TradeDocumentKind::CertificateOfOrigin
                | TradeDocumentKind::PhytosanitaryCertificate
                | TradeDocumentKind::InsuranceCertificate
        )
    }
    /// Customers and forwarders ask for these in Excel too.
    pub fn has_xlsx(&self) -> bool {
        matches!(
            self,
            TradeDocumentKind::CommercialInvoice | TradeDocumentKind::PackingList
        )
    }
}

/// Where a document stands. Derived from the recorded facts of its current revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentState {
    Draft,
    /// The configured checks have passed; it may be made final.
    Checked,
    Final,
    Sent,
}

impl DocumentState {
    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentState::Draft => "draft",
            DocumentState::Checked => "checked",
            DocumentState::Final => "final",
            DocumentState::Sent => "sent",
        }
    }
}

/// Who checked: a person, or the system's cross-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CheckerKind {
    Person,
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CheckResult {
    Passed,
    Failed,
}

/// One check of one revision: a line of the verification log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Check {
    pub revision: i64,
    pub kind: CheckerKind,
    /// The person (absent for the system).
    pub user_id: Option<Uuid>,
    pub by: String,
    /// What was compared (`invoice against contract SC-2026-0017 and L/C NHB25LC04417`).
    pub compared: String,
    pub result: CheckResult,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// How many checks make a document final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckPolicy {
    /// Passed checks by this many different people suffice (default 2).
    pub people: u8,
    /// Or one person's passed check with a clean system check (default yes).
    pub person_and_system: bool,
}

impl Default for CheckPolicy {
    fn default() -> Self {
        CheckPolicy {
            people: 2,
            person_and_system: true,
        }
    }
}

/// Why a document may not be made final yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FinaliseError {
    #[error("the system check of revision {revision} found problems: fix them and check again")]
    SystemCheckFailed { revision: i64 },
    #[error("{by}'s latest check of revision {revision} failed")]
    PersonCheckFailed { revision: i64, by: String },
    #[error(
        "revision {revision} has {people} passed check(s) by different people and {system} clean system check(s); it needs {needed}"
    )]
    NotEnoughChecks {
        revision: i64,
        people: usize,
        system: usize,
        needed: String,
    },
}

impl FinaliseError {
    pub fn code(&self) -> &'static str {
        match self {
            FinaliseError::SystemCheckFailed { .. } => "system_check_failed",
            FinaliseError::PersonCheckFailed { .. } => "check_failed",
            FinaliseError::NotEnoughChecks { .. } => "not_enough_checks",
        }
    }
}

/// The checks of `revision` that count: each person's latest, and the latest system check.
pub fn current_checks(checks: &[Check], revision: i64) -> (Vec<&Check>, Option<&Check>) {
    let mut people: Vec<&Check> = Vec::new();
    let mut system: Option<&Check> = None;
    for c in checks.iter().filter(|c| c.revision == revision) {
        match c.kind {
            CheckerKind::System => system = Some(c),
            CheckerKind::Person => {
                people.retain(|p| p.user_id != c.user_id);
                people.push(c);
            }
        }
    }
    (people, system)
}

/// Whether `revision` may be made final under `policy` (checks of earlier revisions do not
/// count: a new revision voids them).
pub fn may_finalise(policy: &CheckPolicy, checks: &[Check], revision: i64) -> Result<(), FinaliseError> {
    let (people, system) = current_checks(checks, revision);
    if let Some(s) = system
        && s.result == CheckResult::Failed
    {
        return Err(FinaliseError::SystemCheckFailed { revision });
    }
    if let Some(p) = people.iter().find(|p| p.result == CheckResult::Failed) {
        return Err(FinaliseError::PersonCheckFailed {
            revision,
            by: p.by.clone(),
        });
    }
    let passed = people.len();
    let system_clean = system.is_some_and(|s| s.result == CheckResult::Passed);
    let enough = passed >= usize::from(policy.people.max(1))
        || (policy.person_and_system && passed >= 1 && system_clean);
    if enough {
        return Ok(());
    }
    Err(FinaliseError::NotEnoughChecks {
        revision,
        people: passed,
        system: usize::from(system_clean),
        needed: if policy.person_and_system {
            format!(
                "{} people, or one person and a clean system check",
                policy.people.max(1)
            )
        } else {
            format!("{} people", policy.people.max(1))
        },
    })
}

/// The state of a document from its facts: sent and finalised are recorded steps; checked
/// follows from the checks of the current revision.
pub fn state(
    policy: &CheckPolicy,
    checks: &[Check],
    revision: i64,
    finalised: bool,
    sent: bool,
) -> DocumentState {
    if sent {
        DocumentState::Sent
    } else if finalised {
        DocumentState::Final
    } else if may_finalise(policy, checks, revision).is_ok() {
        DocumentState::Checked
    } else {
        DocumentState::Draft
    }
}

/// Who may record a check of a document: the people who make and send documents.
pub fn may_check(role: Role) -> bool {
    matches!(
        role,
        Role::Documentation | Role::Merchandiser | Role::SalesManager | Role::Admin
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn person(revision: i64, who: u128, result: CheckResult) -> Check {
        Check {
            revision,
            kind: CheckerKind::Person,
            user_id: Some(Uuid::from_u128(who)),
            by: format!("user{who}"),
            compared: "invoice against contract".into(),
            result,
            note: None,
            at: at(),
        }
    }

    fn system(revision: i64, result: CheckResult) -> Check {
        Check {
            revision,
            kind: CheckerKind::System,
            user_id: None,
            by: "system".into(),
            compared: "cross-check".into(),
            result,
            note: None,
            at: at(),
        }
    }

    use CheckResult::{Failed, Passed};

    #[test]
    fn two_people_or_one_and_the_system() {
        let p = CheckPolicy::default();
        assert_eq!(may_finalise(&p, &[], 1).unwrap_err().code(), "not_enough_checks");
        assert!(may_finalise(&p, &[person(1, 1, Passed)], 1).is_err());
        // The same person twice is one person.
        assert!(may_finalise(&p, &[person(1, 1, Passed), person(1, 1, Passed)], 1).is_err());
        assert!(may_finalise(&p, &[person(1, 1, Passed), person(1, 2, Passed)], 1).is_ok());
        assert!(may_finalise(&p, &[person(1, 1, Passed), system(1, Passed)], 1).is_ok());
        let strict = CheckPolicy {
            people: 2,
            person_and_system: false,
        };
        assert!(may_finalise(&strict, &[person(1, 1, Passed), system(1, Passed)], 1).is_err());
    }

    #[test]
    fn a_new_revision_voids_the_checks() {
        let p = CheckPolicy::default();
        let checks = [person(1, 1, Passed), person(1, 2, Passed)];
        assert!(may_finalise(&p, &checks, 1).is_ok());
        assert_eq!(
            may_finalise(&p, &checks, 2).unwrap_err().code(),
            "not_enough_checks"
        );
        assert_eq!(state(&p, &checks, 2, false, false), DocumentState::Draft);
        assert_eq!(state(&p, &checks, 1, false, false), DocumentState::Checked);
    }

    #[test]
    fn failures_block_until_checked_again() {
        let p = CheckPolicy::default();
        let mut checks = vec![person(1, 1, Passed), person(1, 2, Failed)];
        assert_eq!(may_finalise(&p, &checks, 1).unwrap_err().code(), "check_failed");
        // The person who found the problem checks again once it is fixed.
        checks.push(person(1, 2, Passed));
        assert!(may_finalise(&p, &checks, 1).is_ok());
        // A failed system check blocks even two people.
        checks.push(system(1, Failed));
        assert_eq!(
            may_finalise(&p, &checks, 1).unwrap_err().code(),
            "system_check_failed"
        );
        checks.push(system(1, Passed));
        assert!(may_finalise(&p, &checks, 1).is_ok());
    }

    #[test]
    fn state_follows_the_facts() {
        let p = CheckPolicy::default();
        assert_eq!(state(&p, &[], 1, true, false), DocumentState::Final);
        assert_eq!(state(&p, &[], 1, true, true), DocumentState::Sent);
    }

    #[test]
    fn kinds_round_trip_and_split_into_made_and_received() {
        for k in TradeDocumentKind::ALL {
            assert_eq!(TradeDocumentKind::parse(k.as_str()), Some(k));
        }
        let made = TradeDocumentKind::ALL.iter().filter(|k| k.is_generated()).count();
        assert_eq!(made, 7);
        assert!(TradeDocumentKind::CommercialInvoice.has_xlsx());
        assert!(!TradeDocumentKind::BillOfLading.has_xlsx());
        assert!(may_check(Role::Documentation) && !may_check(Role::Production) && !may_check(Role::Viewer));
    }
}
