//! The instruction (指令, also 生产通知单/出运通知): the internal order every department works
//! from, made from an approved sales contract. It has a line per contract line it ships and a
//! section per department; each department acknowledges its section, a change after issue
//! makes a new revision that everyone acknowledges again, and [`check`] compares it with the
//! contract and the letter of credit before it is issued.
//!
//! The seed: "the whole company works from the instruction we make, so not a single field may
//! be wrong".

use crate::contract::QuantityUnit;
use crate::documents::{
    DocumentKind, DocumentRequirement, DocumentRequirementInput, clean_opt, validate_checklist,
    validate_date, validate_documents,
};
use crate::error::ValidationErrors;
use crate::letter_of_credit::LetterOfCreditData;
use crate::product::{ProductData, ReeferSettings, reefer_commodity};
use crate::role::Role;
use crate::sales_contract::ContractData;
use crate::units::Celsius;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use uuid::Uuid;

/// Most lines one instruction may have (a contract has at most 500).
pub const MAX_LINES: usize = 500;
/// Most containers one instruction books.
pub const MAX_CONTAINERS: u32 = 500;

/// A department that works from the instruction and acknowledges its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Department {
    /// 生产部 (planning and the workshop)
    Production,
    /// 仓库
    Warehouse,
    /// 单证部
    Documentation,
    /// 船务部
    Shipping,
}

impl Department {
    pub const ALL: [Department; 4] = [
        Department::Production,
        Department::Warehouse,
        Department::Documentation,
        Department::Shipping,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Department::Production => "production",
            Department::Warehouse => "warehouse",
            Department::Documentation => "documentation",
            Department::Shipping => "shipping",
        }
    }
    pub fn parse(s: &str) -> Option<Department> {
        Department::ALL.into_iter().find(|d| d.as_str() == s.trim())
    }
    pub fn name_zh(&self) -> &'static str {
        match self {
            Department::Production => "生产部",
            Department::Warehouse => "仓库",
            Department::Documentation => "单证部",
            Department::Shipping => "船务部",
        }
    }
    pub fn name_en(&self) -> &'static str {
        match self {
            Department::Production => "Production",
            Department::Warehouse => "Warehouse",
            Department::Documentation => "Documentation",
            Department::Shipping => "Shipping",
        }
    }
    /// The role whose people acknowledge this section (the warehouse belongs to the
    /// production role: 生产/计划/仓库).
    pub fn role(&self) -> Role {
        match self {
            Department::Production | Department::Warehouse => Role::Production,
            Department::Documentation => Role::Documentation,
            Department::Shipping => Role::Shipping,
        }
    }
}

impl fmt::Display for Department {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an instruction stands. Acknowledgements and progress are facts recorded against a
/// revision; whether every department has acknowledged is derived from them, not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InstructionState {
    /// Being written; edited in place, not yet seen by the departments.
    Draft,
    /// Issued: the departments work from its current revision.
    Issued,
    /// Withdrawn; its quantities no longer count against the contract.
    Cancelled,
}

impl InstructionState {
    pub const ALL: [InstructionState; 3] = [
        InstructionState::Draft,
        InstructionState::Issued,
        InstructionState::Cancelled,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            InstructionState::Draft => "draft",
            InstructionState::Issued => "issued",
            InstructionState::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<InstructionState> {
        InstructionState::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}

impl fmt::Display for InstructionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an acknowledgement or a progress report was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcknowledgeError {
    #[error("only an issued instruction is acknowledged; this one is {0}")]
    NotIssued(InstructionState),
    #[error("revision {given} is superseded: the current revision is {current}")]
    Superseded { given: i64, current: i64 },
    #[error("the {department} section is acknowledged by the {expected} role, not by {role}")]
    WrongRole {
        department: Department,
        expected: Role,
        role: Role,
    },
    #[error("the {0} section of this revision is already acknowledged")]
    AlreadyAcknowledged(Department),
}

impl AcknowledgeError {
    pub fn code(&self) -> &'static str {
        match self {
            AcknowledgeError::NotIssued(_) => "not_issued",
            AcknowledgeError::Superseded { .. } => "superseded_revision",
            AcknowledgeError::WrongRole { .. } => "wrong_role",
            AcknowledgeError::AlreadyAcknowledged(_) => "already_acknowledged",
        }
    }
}

/// May `role` acknowledge `department` of `revision`? `done` are the departments that have
/// already acknowledged the current revision.
pub fn may_acknowledge(
    state: InstructionState,
    current_revision: i64,
    revision: i64,
    department: Department,
    role: Role,
    done: &[Department],
) -> Result<(), AcknowledgeError> {
    if state != InstructionState::Issued {
        return Err(AcknowledgeError::NotIssued(state));
    }
    if revision != current_revision {
        return Err(AcknowledgeError::Superseded {
            given: revision,
            current: current_revision,
        });
    }
    if role != department.role() {
        return Err(AcknowledgeError::WrongRole {
            department,
            expected: department.role(),
            role,
        });
    }
    if done.contains(&department) {
        return Err(AcknowledgeError::AlreadyAcknowledged(department));
    }
    Ok(())
}

/// A progress report or supplier entry names the revision it was made against; a superseded
/// revision is refused so nobody works from an old quantity.
pub fn check_current_revision(
    state: InstructionState,
    current_revision: i64,
    revision: i64,
) -> Result<(), AcknowledgeError> {
    if state != InstructionState::Issued {
        return Err(AcknowledgeError::NotIssued(state));
    }
    if revision != current_revision {
        return Err(AcknowledgeError::Superseded {
            given: revision,
            current: current_revision,
        });
    }
    Ok(())
}

/// One line of the instruction: which contract line, how much of it this instruction ships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionLine {
    /// Index of the contract line (0-based) this line ships.
    pub contract_line: u32,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub spec: Option<String>,
    /// Package type name (`Carton 18 kg`).
    pub package: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1428"))]
    pub quantity: Decimal,
    pub unit: QuantityUnit,
    /// Outsourced production (外协): the supplier who makes this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_id: Option<Uuid>,
}

/// 生产部: what to make, how to pack and mark it, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductionSection {
    /// Production (packed and in the warehouse) due.
    pub due_date: NaiveDate,
    pub packing: Option<String>,
    /// Shipping marks (唛头) exactly as printed on the packages.
    pub marks: Option<String>,
    /// Label text (标签).
    pub label_text: Option<String>,
    /// The customer's special requirements, each to be ticked off.
    pub checklist: Vec<String>,
    pub notes: Option<String>,
}

/// 仓库: storage and loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WarehouseSection {
    /// Storage conditions (`cold store 0 °C, 90 % RH`).
    pub storage: Option<String>,
    pub notes: Option<String>,
}

/// 单证部: documents to prepare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentationSection {
    pub documents: Vec<DocumentRequirement>,
    /// Certificate of origin form (`Form E`, `general`…), when one is required.
    pub certificate_of_origin_form: Option<String>,
    /// A phytosanitary certificate is to be applied for (IPPC ISPM 12).
    pub phytosanitary: bool,
    /// Inspection before shipment (by whom, what).
    pub inspection: Option<String>,
    pub notes: Option<String>,
}

/// 船务部: booking and loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingSection {
    /// ISO 6346 size-type or trade code (`40RH`, `20GP`).
    pub container_type: Option<String>,
    pub container_count: Option<u32>,
    pub reefer: Option<ReeferSettings>,
    pub etd_from: NaiveDate,
    pub etd_to: NaiveDate,
    pub forwarder_id: Option<Uuid>,
    pub port_of_loading: Option<String>,
    pub port_of_discharge: Option<String>,
    pub notes: Option<String>,
}

/// An instruction's content (one revision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionData {
    pub contract_id: Uuid,
    pub lines: Vec<InstructionLine>,
    pub production: ProductionSection,
    pub warehouse: WarehouseSection,
    pub documentation: DocumentationSection,
    pub shipping: ShippingSection,
    pub remarks: Option<String>,
}

impl InstructionData {
    /// Quantity per contract line index.
    pub fn quantities(&self) -> HashMap<u32, Decimal> {
        let mut m = HashMap::new();
        for l in &self.lines {
            *m.entry(l.contract_line).or_insert(Decimal::ZERO) += l.quantity;
        }
        m
    }
    /// The section of one department as field paths and values (for the department's PDF
    /// and for highlighting what a revision changed).
    pub fn section_prefix(d: Department) -> &'static str {
        d.as_str()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionLineInput {
    #[serde(default)]
    pub contract_line: u32,
    #[serde(default)]
    pub product_id: Option<Uuid>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub spec: Option<String>,
    #[serde(default)]
    pub package: Option<String>,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub supplier_id: Option<Uuid>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductionSectionInput {
    #[serde(default)]
    pub due_date: String,
    #[serde(default)]
    pub packing: Option<String>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub label_text: Option<String>,
    #[serde(default)]
    pub checklist: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WarehouseSectionInput {
    #[serde(default)]
    pub storage: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentationSectionInput {
    #[serde(default)]
    pub documents: Vec<DocumentRequirementInput>,
    #[serde(default)]
    pub certificate_of_origin_form: Option<String>,
    #[serde(default)]
    pub phytosanitary: bool,
    #[serde(default)]
    pub inspection: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReeferSettingsInput {
    #[serde(default)]
    pub set_point_c: String,
    #[serde(default)]
    pub fresh_air_m3h: String,
    #[serde(default)]
    pub humidity_pct: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingSectionInput {
    #[serde(default)]
    pub container_type: Option<String>,
    #[serde(default)]
    pub container_count: Option<u32>,
    /// Absent or all fields empty: no reefer.
    #[serde(default)]
    pub reefer: Option<ReeferSettingsInput>,
    #[serde(default)]
    pub etd_from: String,
    #[serde(default)]
    pub etd_to: String,
    #[serde(default)]
    pub forwarder_id: Option<Uuid>,
    #[serde(default)]
    pub port_of_loading: Option<String>,
    #[serde(default)]
    pub port_of_discharge: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// An instruction as a person, a form or an API client sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionInput {
    #[serde(default)]
    pub contract_id: Option<Uuid>,
    #[serde(default)]
    pub lines: Vec<InstructionLineInput>,
    #[serde(default)]
    pub production: ProductionSectionInput,
    #[serde(default)]
    pub warehouse: WarehouseSectionInput,
    #[serde(default)]
    pub documentation: DocumentationSectionInput,
    #[serde(default)]
    pub shipping: ShippingSectionInput,
    #[serde(default)]
    pub remarks: Option<String>,
}

impl InstructionInput {
    /// Validate everything at once. Codes: `required`, `invalid_number`, `not_positive`,
    /// `too_precise`, `out_of_range`, `invalid_choice`, `invalid_date`, `no_lines`,
    /// `too_many_lines`, `before_etd_from`, `too_long`, `control_characters`,
    /// `duplicate_document`. Checks against the contract are [`check`]'s.
    pub fn validate(&self) -> Result<InstructionData, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        if self.contract_id.is_none() {
            errs.push("contract_id", "required", "the contract is required");
        }
        if self.lines.is_empty() {
            errs.push("lines", "no_lines", "an instruction needs at least one line");
        }
        if self.lines.len() > MAX_LINES {
            errs.push("lines", "too_many_lines", format!("at most {MAX_LINES} lines"));
        }
        let mut lines = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let f = |n: &str| format!("lines[{i}].{n}");
            let description = crate::documents::clean_text(&mut errs, &f("description"), &l.description, 500);
            if description.is_empty() {
                errs.push(f("description"), "required", "the description is required");
            }
            let spec = clean_opt(&mut errs, &f("spec"), &l.spec, 500);
            let package = clean_opt(&mut errs, &f("package"), &l.package, 200);
            let unit = crate::contract::validate_unit(&mut errs, &f("unit"), &l.unit);
            let quantity = match crate::product::decimal(
                &mut errs,
                &f("quantity"),
                &l.quantity,
                3,
                Decimal::MIN,
                Decimal::from(1_000_000_000u64),
            ) {
                Some(q) if q <= Decimal::ZERO => {
                    errs.push(
                        f("quantity"),
                        "not_positive",
                        "the quantity must be more than zero",
                    );
                    None
                }
                q => q,
            };
            if let (Some(quantity), Some(unit)) = (quantity, unit) {
                lines.push(InstructionLine {
                    contract_line: l.contract_line,
                    product_id: l.product_id,
                    description,
                    spec,
                    package,
                    quantity,
                    unit,
                    supplier_id: l.supplier_id,
                });
            }
        }
        let p = &self.production;
        let due_date = validate_date(&mut errs, "production.due_date", &p.due_date);
        let production_packing = clean_opt(&mut errs, "production.packing", &p.packing, 2000);
        let marks = clean_opt(&mut errs, "production.marks", &p.marks, 1000);
        let label_text = clean_opt(&mut errs, "production.label_text", &p.label_text, 2000);
        let checklist = validate_checklist(&mut errs, "production.checklist", &p.checklist);
        let production_notes = clean_opt(&mut errs, "production.notes", &p.notes, 5000);
        let storage = clean_opt(&mut errs, "warehouse.storage", &self.warehouse.storage, 500);
        let warehouse_notes = clean_opt(&mut errs, "warehouse.notes", &self.warehouse.notes, 5000);
        let d = &self.documentation;
        let documents = validate_documents(&mut errs, "documentation.documents", &d.documents);
        let co_form = clean_opt(
            &mut errs,
            "documentation.certificate_of_origin_form",
            &d.certificate_of_origin_form,
            200,
        );
        let inspection = clean_opt(&mut errs, "documentation.inspection", &d.inspection, 1000);
        let documentation_notes = clean_opt(&mut errs, "documentation.notes", &d.notes, 5000);
        let s = &self.shipping;
        let container_type = clean_opt(&mut errs, "shipping.container_type", &s.container_type, 10);
        if let Some(n) = s.container_count
            && (n == 0 || n > MAX_CONTAINERS)
        {
            errs.push(
                "shipping.container_count",
                "out_of_range",
                format!("between 1 and {MAX_CONTAINERS} containers"),
            );
        }
        let reefer = match &s.reefer {
            Some(r)
                if !(r.set_point_c.trim().is_empty()
                    && r.fresh_air_m3h.trim().is_empty()
                    && r.humidity_pct.as_deref().is_none_or(|h| h.trim().is_empty())) =>
            {
                let sp = crate::product::decimal(
                    &mut errs,
                    "shipping.reefer.set_point_c",
                    &r.set_point_c,
                    1,
                    Decimal::from(-35),
                    Decimal::from(30),
                );
                let fa = crate::product::decimal(
                    &mut errs,
                    "shipping.reefer.fresh_air_m3h",
                    &r.fresh_air_m3h,
                    0,
                    Decimal::ZERO,
                    Decimal::from(300),
                );
                let hu = match &r.humidity_pct {
                    Some(h) if !h.trim().is_empty() => crate::product::decimal(
                        &mut errs,
                        "shipping.reefer.humidity_pct",
                        h,
                        1,
                        Decimal::from(50),
                        Decimal::from(100),
                    ),
                    _ => None,
                };
                match (sp, fa) {
                    (Some(sp), Some(fa)) => Some(ReeferSettings {
                        set_point: Celsius(sp),
                        fresh_air_m3h: fa,
                        humidity_pct: hu,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        let etd_from = validate_date(&mut errs, "shipping.etd_from", &s.etd_from);
        let etd_to = validate_date(&mut errs, "shipping.etd_to", &s.etd_to);
        if let (Some(a), Some(b)) = (etd_from, etd_to)
            && b < a
        {
            errs.push(
                "shipping.etd_to",
                "before_etd_from",
                format!("the end of the ETD window {b} is before its start {a}"),
            );
        }
        let port_of_loading =
            crate::profile::validate_port(&mut errs, "shipping.port_of_loading", &s.port_of_loading);
        let port_of_discharge =
            crate::profile::validate_port(&mut errs, "shipping.port_of_discharge", &s.port_of_discharge);
        let shipping_notes = clean_opt(&mut errs, "shipping.notes", &s.notes, 5000);
        let remarks = clean_opt(&mut errs, "remarks", &self.remarks, 5000);
        errs.into_result()?;
        Ok(InstructionData {
            contract_id: self.contract_id.expect("checked"),
            lines,
            production: ProductionSection {
                due_date: due_date.expect("checked"),
                packing: production_packing,
                marks,
                label_text,
                checklist,
                notes: production_notes,
            },
            warehouse: WarehouseSection {
                storage,
                notes: warehouse_notes,
            },
            documentation: DocumentationSection {
                documents,
                certificate_of_origin_form: co_form,
                phytosanitary: d.phytosanitary,
                inspection,
                notes: documentation_notes,
            },
            shipping: ShippingSection {
                container_type,
                container_count: s.container_count,
                reefer,
                etd_from: etd_from.expect("checked"),
                etd_to: etd_to.expect("checked"),
                forwarder_id: s.forwarder_id,
                port_of_loading,
                port_of_discharge,
                notes: shipping_notes,
            },
            remarks,
        })
    }

    /// A new instruction pre-filled from the contract and the customer profile: every
    /// contract line with what is still open of it (`shipped_before`: quantities of the other
    /// instructions per contract line), the contract's packing, marks, documents and special
    /// requirements plus the profile's checklist and label text, the products' reefer
    /// settings, an ETD window ending at the latest shipment date and production due a week
    /// before the window opens.
    pub fn from_contract(
        contract_id: Uuid,
        c: &ContractData,
        profile: Option<&crate::profile::CustomerProfile>,
        products: &HashMap<Uuid, ProductData>,
        shipped_before: &HashMap<u32, Decimal>,
        today: NaiveDate,
    ) -> InstructionInput {
        let lines = c
            .lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let i = u32::try_from(i).ok()?;
                let open = l.figures.quantity - shipped_before.get(&i).copied().unwrap_or_default();
                (open > Decimal::ZERO).then(|| InstructionLineInput {
                    contract_line: i,
                    product_id: l.product_id,
                    description: match &l.description_zh {
                        Some(zh) => format!("{} {}", l.description_en, zh),
                        None => l.description_en.clone(),
                    },
                    spec: l.spec.clone(),
                    package: l.package.clone(),
                    quantity: open.normalize().to_string(),
                    unit: l.figures.unit.as_str().to_string(),
                    supplier_id: None,
                })
            })
            .collect();
        let mut checklist = c.special_requirements.clone();
        if let Some(p) = profile {
            for item in &p.checklist {
                if !checklist.iter().any(|c| c == item) {
                    checklist.push(item.clone());
                }
            }
        }
        let earliest = c.shipment_earliest.unwrap_or(today).max(today);
        let etd_from = earliest.min(c.shipment_latest);
        let etd_to = c.shipment_latest;
        let due = etd_from - chrono::Duration::days(7);
        let reefer = c
            .lines
            .iter()
            .filter_map(|l| l.product_id.and_then(|id| products.get(&id)))
            .find_map(|p| p.reefer.clone())
            .map(|r| ReeferSettingsInput {
                set_point_c: r.set_point.0.normalize().to_string(),
                fresh_air_m3h: r.fresh_air_m3h.normalize().to_string(),
                humidity_pct: r.humidity_pct.map(|h| h.normalize().to_string()),
            });
        let co_form = c
            .documents
            .iter()
            .find(|d| d.kind == DocumentKind::CertificateOfOrigin)
            .map(|d| d.form.clone().unwrap_or_else(|| "general".into()));
        let storage = reefer.as_ref().map(|r| {
            format!(
                "cold store {} °C{}",
                r.set_point_c,
                r.humidity_pct
                    .as_ref()
                    .map(|h| format!(", {h} % RH"))
                    .unwrap_or_default()
            )
        });
        InstructionInput {
            contract_id: Some(contract_id),
            lines,
            production: ProductionSectionInput {
                due_date: due.max(today).to_string(),
                packing: c.packing.clone(),
                marks: c.marks.clone(),
                label_text: profile.and_then(|p| p.label_instructions.clone()),
                checklist,
                notes: None,
            },
            warehouse: WarehouseSectionInput { storage, notes: None },
            documentation: DocumentationSectionInput {
                documents: c.documents.iter().map(DocumentRequirementInput::from).collect(),
                certificate_of_origin_form: co_form,
                phytosanitary: c
                    .documents
                    .iter()
                    .any(|d| d.kind == DocumentKind::PhytosanitaryCertificate),
                inspection: c
                    .documents
                    .iter()
                    .find(|d| d.kind == DocumentKind::InspectionCertificate)
                    .map(|d| {
                        d.form
                            .clone()
                            .unwrap_or_else(|| "inspection before shipment".into())
                    }),
                notes: None,
            },
            shipping: ShippingSectionInput {
                container_type: None,
                container_count: None,
                reefer,
                etd_from: etd_from.to_string(),
                etd_to: etd_to.to_string(),
                forwarder_id: None,
                port_of_loading: c.port_of_loading.clone(),
                port_of_discharge: c.port_of_discharge.clone(),
                notes: None,
            },
            remarks: None,
        }
    }
}

impl From<&InstructionData> for InstructionInput {
    /// The input that validates back to `d` (the form of an instruction to edit).
    fn from(d: &InstructionData) -> Self {
        InstructionInput {
            contract_id: Some(d.contract_id),
            lines: d
                .lines
                .iter()
                .map(|l| InstructionLineInput {
                    contract_line: l.contract_line,
                    product_id: l.product_id,
                    description: l.description.clone(),
                    spec: l.spec.clone(),
                    package: l.package.clone(),
                    quantity: l.quantity.normalize().to_string(),
                    unit: l.unit.as_str().into(),
                    supplier_id: l.supplier_id,
                })
                .collect(),
            production: ProductionSectionInput {
                due_date: d.production.due_date.to_string(),
                packing: d.production.packing.clone(),
                marks: d.production.marks.clone(),
                label_text: d.production.label_text.clone(),
                checklist: d.production.checklist.clone(),
                notes: d.production.notes.clone(),
            },
            warehouse: WarehouseSectionInput {
                storage: d.warehouse.storage.clone(),
                notes: d.warehouse.notes.clone(),
            },
            documentation: DocumentationSectionInput {
                documents: d
                    .documentation
                    .documents
                    .iter()
                    .map(DocumentRequirementInput::from)
                    .collect(),
                certificate_of_origin_form: d.documentation.certificate_of_origin_form.clone(),
                phytosanitary: d.documentation.phytosanitary,
                inspection: d.documentation.inspection.clone(),
                notes: d.documentation.notes.clone(),
            },
            shipping: ShippingSectionInput {
                container_type: d.shipping.container_type.clone(),
                container_count: d.shipping.container_count,
                reefer: d.shipping.reefer.as_ref().map(|r| ReeferSettingsInput {
                    set_point_c: r.set_point.0.normalize().to_string(),
                    fresh_air_m3h: r.fresh_air_m3h.normalize().to_string(),
                    humidity_pct: r.humidity_pct.map(|h| h.normalize().to_string()),
                }),
                etd_from: d.shipping.etd_from.to_string(),
                etd_to: d.shipping.etd_to.to_string(),
                forwarder_id: d.shipping.forwarder_id,
                port_of_loading: d.shipping.port_of_loading.clone(),
                port_of_discharge: d.shipping.port_of_discharge.clone(),
                notes: d.shipping.notes.clone(),
            },
            remarks: d.remarks.clone(),
        }
    }
}

/// The most a contract line may ship in all: its quantity plus the more-or-less tolerance
/// (UCP 600 art. 30(a)/(b) when a credit is involved).
pub fn line_ceiling(quantity: Decimal, more_or_less_pct: Decimal) -> Decimal {
    quantity * (Decimal::ONE_HUNDRED + more_or_less_pct) / Decimal::ONE_HUNDRED
}

/// The least a contract line must ship when partial shipments are not allowed.
pub fn line_floor(quantity: Decimal, more_or_less_pct: Decimal) -> Decimal {
    quantity * (Decimal::ONE_HUNDRED - more_or_less_pct) / Decimal::ONE_HUNDRED
}

/// The hard limits checked on every save, not overridable: each line names a contract line
/// with the same unit, quantities across the contract's active instructions stay within the
/// contract plus its tolerance, and a contract that forbids partial shipments has one active
/// instruction. `others` are the contract's other instructions that are not cancelled.
pub fn check_limits(
    d: &InstructionData,
    c: &ContractData,
    others: &[InstructionData],
) -> Result<(), ValidationErrors> {
    let mut errs = ValidationErrors::new();
    for (i, l) in d.lines.iter().enumerate() {
        match c.lines.get(l.contract_line as usize) {
            None => errs.push(
                format!("lines[{i}].contract_line"),
                "not_in_contract",
                format!(
                    "the contract has {} line(s); line {} does not exist",
                    c.lines.len(),
                    l.contract_line + 1
                ),
            ),
            Some(cl) if cl.figures.unit != l.unit => errs.push(
                format!("lines[{i}].unit"),
                "unit_differs",
                format!(
                    "contract line {} is in {}, not {}",
                    l.contract_line + 1,
                    cl.figures.unit.as_str(),
                    l.unit.as_str()
                ),
            ),
            Some(_) => {}
        }
    }
    let mine = d.quantities();
    let mut theirs: HashMap<u32, Decimal> = HashMap::new();
    for o in others {
        for (k, v) in o.quantities() {
            *theirs.entry(k).or_default() += v;
        }
    }
    for (i, l) in d.lines.iter().enumerate() {
        let Some(cl) = c.lines.get(l.contract_line as usize) else {
            continue;
        };
        // Report once per contract line, on its first instruction line.
        if d.lines.iter().position(|x| x.contract_line == l.contract_line) != Some(i) {
            continue;
        }
        let ceiling = line_ceiling(cl.figures.quantity, c.more_or_less_pct);
        let total = mine[&l.contract_line] + theirs.get(&l.contract_line).copied().unwrap_or_default();
        if total > ceiling {
            errs.push(
                format!("lines[{i}].quantity"),
                "over_contract",
                format!(
                    "contract line {} is {} {} with {} % more or less, at most {}; with the other \
                     instructions ({}) this makes {}",
                    l.contract_line + 1,
                    cl.figures.quantity.normalize(),
                    cl.figures.unit.as_str(),
                    c.more_or_less_pct.normalize(),
                    ceiling.normalize(),
                    theirs
                        .get(&l.contract_line)
                        .copied()
                        .unwrap_or_default()
                        .normalize(),
                    total.normalize()
                ),
            );
        }
    }
    if !c.partial_shipments && !others.is_empty() {
        errs.push(
            "contract_id",
            "partial_not_allowed",
            "the contract does not allow partial shipments and already has an instruction",
        );
    }
    errs.into_result()
}

/// How bad a finding is: a blocking one stops issue unless a sales manager overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    Blocking,
    Warning,
}

/// One way the instruction disagrees with its contract, its credit or its products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// Stable code (`marks_differ`), translated by the interface.
    pub code: String,
    pub severity: Severity,
    /// The instruction field (`production.marks`, `lines[0].spec`).
    pub field: String,
    /// What the contract, credit or product says.
    pub expected: String,
    /// What the instruction says.
    pub found: String,
    /// Where the rule comes from.
    pub source: String,
}

/// What [`check`] compares the instruction with.
pub struct CheckInput<'a> {
    pub instruction: &'a InstructionData,
    pub contract: &'a ContractData,
    /// The credit opened for the contract, if any (its terms prevail for the documents).
    pub credit: Option<&'a LetterOfCreditData>,
    /// The products the lines name.
    pub products: &'a HashMap<Uuid, ProductData>,
    /// The contract's other instructions that are not cancelled.
    pub others: &'a [InstructionData],
}

fn norm(s: &Option<String>) -> String {
    s.as_deref()
        .unwrap_or("")
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn show(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}

/// The consistency check before issue (指令审核): every finding, never only the first.
///
/// Codes (blocking unless marked warning): `over_contract`, `not_in_contract`, `unit_differs`,
/// `partial_not_allowed` (a second instruction, or less than the contract's quantity minus its
/// tolerance, where partial shipments are not allowed: contract clause / UCP 600 art. 31),
/// `product_differs`, `description_differs` (warning), `spec_differs`, `package_differs` (warning), `marks_differ`, `packing_differs` (warning),
/// `checklist_missing`, `etd_after_latest_shipment`, `etd_before_earliest_shipment`
/// (warning), `etd_after_credit_latest_shipment` (UCP 600 art. 6(d), 14(c)),
/// `credit_expires_before_presentation` (warning, art. 14(c), 29), `due_after_etd` (warning),
/// `port_differs`, `reefer_missing`, `reefer_not_needed` (warning), `reefer_outside_range`,
/// `reefer_differs_from_product` (warning), `document_missing`, `certificate_form_differs`,
/// `phytosanitary_missing` (ISPM 12).
pub fn check(x: &CheckInput<'_>) -> Vec<Finding> {
    use Severity::*;
    let d = x.instruction;
    let c = x.contract;
    let mut out = Vec::new();
    let mut push =
        |code: &str, sev: Severity, field: String, expected: String, found: String, source: &str| {
            out.push(Finding {
                code: code.into(),
                severity: sev,
                field,
                expected,
                found,
                source: source.into(),
            })
        };
    if let Err(e) = check_limits(d, c, x.others) {
        for fe in e.0 {
            push(
                &fe.code,
                Blocking,
                fe.field,
                String::new(),
                fe.message,
                "sales contract: quantity, more or less, partial shipments",
            );
        }
    }
    let partial_allowed = c.partial_shipments && x.credit.is_none_or(|lc| lc.partial_shipments);
    if !partial_allowed {
        let mine = d.quantities();
        for (i, cl) in c.lines.iter().enumerate() {
            let got = mine.get(&(i as u32)).copied().unwrap_or_default();
            let floor = line_floor(cl.figures.quantity, c.more_or_less_pct);
            if got < floor {
                push(
                    "partial_not_allowed",
                    Blocking,
                    d.lines
                        .iter()
                        .position(|l| l.contract_line as usize == i)
                        .map(|p| format!("lines[{p}].quantity"))
                        .unwrap_or_else(|| "lines".into()),
                    format!("≥ {} {}", floor.normalize(), cl.figures.unit.as_str()),
                    format!("{} {}", got.normalize(), cl.figures.unit.as_str()),
                    "partial shipments not allowed (contract; UCP 600 art. 31)",
                );
            }
        }
    }
    for (i, l) in d.lines.iter().enumerate() {
        let Some(cl) = c.lines.get(l.contract_line as usize) else {
            continue;
        };
        if l.product_id != cl.product_id {
            push(
                "product_differs",
                Blocking,
                format!("lines[{i}].product_id"),
                cl.product_id.map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
                l.product_id.map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
                "sales contract line",
            );
        }
        // The description may add the Chinese name, but must carry the contract's words.
        let desc = l.description.to_lowercase();
        if !desc.contains(&cl.description_en.trim().to_lowercase())
            && !cl
                .description_zh
                .as_deref()
                .is_some_and(|zh| !zh.trim().is_empty() && desc.contains(&zh.trim().to_lowercase()))
        {
            push(
                "description_differs",
                Warning,
                format!("lines[{i}].description"),
                cl.description_en.clone(),
                l.description.clone(),
                "sales contract line",
            );
        }
        if norm(&l.spec) != norm(&cl.spec) {
            push(
                "spec_differs",
                Blocking,
                format!("lines[{i}].spec"),
                show(&cl.spec),
                show(&l.spec),
                "sales contract line",
            );
        }
        if norm(&l.package) != norm(&cl.package) {
            push(
                "package_differs",
                Warning,
                format!("lines[{i}].package"),
                show(&cl.package),
                show(&l.package),
                "sales contract line",
            );
        }
    }
    if norm(&d.production.marks) != norm(&c.marks) {
        push(
            "marks_differ",
            Blocking,
            "production.marks".into(),
            show(&c.marks),
            show(&d.production.marks),
            "sales contract: shipping marks",
        );
    }
    if c.packing.is_some() && norm(&d.production.packing) != norm(&c.packing) {
        push(
            "packing_differs",
            Warning,
            "production.packing".into(),
            show(&c.packing),
            show(&d.production.packing),
            "sales contract: packing",
        );
    }
    let mut required: Vec<(String, &str)> = c
        .special_requirements
        .iter()
        .map(|s| (s.clone(), "sales contract: special requirements"))
        .collect();
    if let Some(lc) = x.credit {
        for s in &lc.special_conditions {
            required.push((
                s.clone(),
                "letter of credit: additional conditions (MT700 field 47A)",
            ));
        }
    }
    for (req, source) in required {
        let have = d
            .production
            .checklist
            .iter()
            .any(|c| norm(&Some(c.clone())) == norm(&Some(req.clone())));
        if !have {
            push(
                "checklist_missing",
                Blocking,
                "production.checklist".into(),
                req,
                "—".into(),
                source,
            );
        }
    }
    let s = &d.shipping;
    if s.etd_to > c.shipment_latest {
        push(
            "etd_after_latest_shipment",
            Blocking,
            "shipping.etd_to".into(),
            format!("≤ {}", c.shipment_latest),
            s.etd_to.to_string(),
            "sales contract: latest date of shipment",
        );
    }
    if let Some(e) = c.shipment_earliest
        && s.etd_from < e
    {
        push(
            "etd_before_earliest_shipment",
            Warning,
            "shipping.etd_from".into(),
            format!("≥ {e}"),
            s.etd_from.to_string(),
            "sales contract: earliest date of shipment",
        );
    }
    if let Some(lc) = x.credit {
        if s.etd_to > lc.latest_shipment {
            push(
                "etd_after_credit_latest_shipment",
                Blocking,
                "shipping.etd_to".into(),
                format!("≤ {} (L/C {})", lc.latest_shipment, lc.number),
                s.etd_to.to_string(),
                "UCP 600 art. 14(c); MT700 field 44C",
            );
        }
        let last_presentation = s.etd_to + chrono::Duration::days(i64::from(lc.presentation_days));
        if last_presentation > lc.expiry_date {
            push(
                "credit_expires_before_presentation",
                Warning,
                "shipping.etd_to".into(),
                format!(
                    "ETD + {} days ≤ expiry {} (L/C {})",
                    lc.presentation_days, lc.expiry_date, lc.number
                ),
                format!("{} + {} = {}", s.etd_to, lc.presentation_days, last_presentation),
                "UCP 600 art. 6(d), 14(c), 29",
            );
        }
    }
    if d.production.due_date > s.etd_from {
        push(
            "due_after_etd",
            Warning,
            "production.due_date".into(),
            format!("≤ {}", s.etd_from),
            d.production.due_date.to_string(),
            "production must be ready before the ETD window opens",
        );
    }
    let ports = [
        ("port_of_loading", &s.port_of_loading, &c.port_of_loading),
        ("port_of_discharge", &s.port_of_discharge, &c.port_of_discharge),
    ];
    for (name, mine, theirs) in ports {
        if theirs.is_some() && mine != theirs {
            push(
                "port_differs",
                Blocking,
                format!("shipping.{name}"),
                show(theirs),
                show(mine),
                "sales contract: ports",
            );
        }
    }
    // Reefer settings against the products' defaults and the carrier guideline ranges.
    let reefer_products: Vec<&ProductData> = d
        .lines
        .iter()
        .filter_map(|l| l.product_id.and_then(|id| x.products.get(&id)))
        .filter(|p| p.reefer.is_some())
        .collect();
    match (&s.reefer, reefer_products.first()) {
        (None, Some(p)) => push(
            "reefer_missing",
            Blocking,
            "shipping.reefer".into(),
            reefer_text(p.reefer.as_ref().expect("filtered")),
            "—".into(),
            &format!("product {} needs a reefer container", p.sku),
        ),
        (Some(r), None) if !d.lines.is_empty() && d.lines.iter().all(|l| l.product_id.is_some()) => push(
            "reefer_not_needed",
            Warning,
            "shipping.reefer".into(),
            "—".into(),
            reefer_text(r),
            "no product on the instruction needs a reefer",
        ),
        (Some(r), Some(_)) => {
            for p in &reefer_products {
                let default = p.reefer.as_ref().expect("filtered");
                if let Some(g) = reefer_commodity(p.hs_code.subheading())
                    && (r.set_point.0 < g.range.0.0 || r.set_point.0 > g.range.1.0)
                {
                    push(
                        "reefer_outside_range",
                        Blocking,
                        "shipping.reefer.set_point_c".into(),
                        format!("{} … {} °C ({})", g.range.0, g.range.1, g.commodity),
                        format!("{} °C", r.set_point),
                        "carrier reefer guideline (data/reefer-commodities.csv)",
                    );
                }
                if r != default {
                    push(
                        "reefer_differs_from_product",
                        Warning,
                        "shipping.reefer".into(),
                        reefer_text(default),
                        reefer_text(r),
                        &format!("product {} reefer settings", p.sku),
                    );
                }
            }
        }
        _ => {}
    }
    // Documents: every one the contract, and the credit where there is one, asks for.
    let mut wanted: Vec<(&DocumentRequirement, &str)> = c
        .documents
        .iter()
        .map(|r| (r, "sales contract: documents required"))
        .collect();
    if let Some(lc) = x.credit {
        for r in &lc.documents {
            wanted.push((r, "letter of credit: documents required (MT700 field 46A)"));
        }
    }
    let docs = &d.documentation;
    for (r, source) in wanted {
        let have = docs.documents.iter().find(|h| h.kind == r.kind);
        match have {
            None => push(
                "document_missing",
                Blocking,
                "documentation.documents".into(),
                r.english_wording(),
                "—".into(),
                source,
            ),
            Some(h) if h.originals < r.originals || h.copies < r.copies => push(
                "document_missing",
                Blocking,
                "documentation.documents".into(),
                r.english_wording(),
                h.english_wording(),
                source,
            ),
            Some(_) => {}
        }
        if r.kind == DocumentKind::CertificateOfOrigin
            && let Some(form) = &r.form
            && norm(&Some(form.to_lowercase()))
                != norm(&docs.certificate_of_origin_form.as_ref().map(|f| f.to_lowercase()))
        {
            push(
                "certificate_form_differs",
                Blocking,
                "documentation.certificate_of_origin_form".into(),
                form.clone(),
                show(&docs.certificate_of_origin_form),
                source,
            );
        }
        if r.kind == DocumentKind::PhytosanitaryCertificate && !docs.phytosanitary {
            push(
                "phytosanitary_missing",
                Blocking,
                "documentation.phytosanitary".into(),
                "yes".into(),
                "no".into(),
                "IPPC ISPM 12; documents required",
            );
        }
    }
    out
}

fn reefer_text(r: &ReeferSettings) -> String {
    let mut s = format!("{} °C, {} m³/h", r.set_point, r.fresh_air_m3h.normalize());
    if let Some(h) = r.humidity_pct {
        s.push_str(&format!(", {} % RH", h.normalize()));
    }
    s
}

/// Whether any finding blocks issue.
pub fn has_blocking(f: &[Finding]) -> bool {
    f.iter().any(|f| f.severity == Severity::Blocking)
}

/// Who may issue with open blocking findings: a sales manager, with a reason.
pub fn may_override(role: Role, reason: Option<&str>) -> Result<(), &'static str> {
    if role != Role::SalesManager {
        return Err("only a sales manager may issue an instruction with blocking findings");
    }
    if reason.is_none_or(|r| r.trim().is_empty()) {
        return Err("an override needs a reason");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sales_contract::ContractInput;

    fn contract(partial: bool) -> ContractData {
        let input: ContractInput = serde_json::from_value(serde_json::json!({
            "date": "2026-11-01",
            "buyer_id": "018f0000-0000-7000-8000-000000000001",
            "currency": "USD",
            "incoterm": {"term": "FOB", "port": "CNTAO"},
            "port_of_loading": "CNTAO",
            "port_of_discharge": "NLRTM",
            "shipment_earliest": "2026-12-01",
            "shipment_latest": "2026-12-31",
            "partial_shipments": partial,
            "more_or_less_pct": "5",
            "marks": "N/M",
            "payment_terms": {"instalments": [{"percent": "100", "method": "tt", "trigger": "on_contract"}]},
            "documents": [{"kind": "commercial_invoice", "originals": 3, "copies": 0},
                          {"kind": "certificate_of_origin", "originals": 1, "copies": 1, "form": "Form E"},
                          {"kind": "phytosanitary_certificate", "originals": 1, "copies": 0}],
            "special_requirements": ["Label each carton in Dutch"],
            "lines": [{"description_en": "Fresh Fuji apples", "spec": "80 count", "quantity": "1000", "unit": "carton", "unit_price": "20"}]
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        input
            .validate(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    fn id() -> Uuid {
        Uuid::parse_str("018f0000-0000-7000-8000-0000000000aa").unwrap()
    }

    fn prefilled(c: &ContractData) -> InstructionData {
        InstructionInput::from_contract(id(), c, None, &HashMap::new(), &HashMap::new(), today())
            .validate()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn check_of(d: &InstructionData, c: &ContractData, others: &[InstructionData]) -> Vec<Finding> {
        check(&CheckInput {
            instruction: d,
            contract: c,
            credit: None,
            products: &HashMap::new(),
            others,
        })
    }

    #[test]
    fn a_prefilled_instruction_agrees_with_its_contract() {
        let c = contract(true);
        let d = prefilled(&c);
        assert_eq!(d.lines[0].quantity, Decimal::from(1000));
        assert_eq!(
            d.documentation.certificate_of_origin_form.as_deref(),
            Some("Form E")
        );
        assert!(d.documentation.phytosanitary);
        assert_eq!(d.shipping.etd_to, c.shipment_latest);
        let f = check_of(&d, &c, &[]);
        assert!(f.is_empty(), "{f:?}");
        // and it round-trips through its input
        assert_eq!(InstructionInput::from(&d).validate().unwrap(), d);
    }

    #[test]
    fn every_disagreement_is_found() {
        let c = contract(false);
        let mut d = prefilled(&c);
        d.lines[0].quantity = Decimal::from(900);
        d.lines[0].spec = Some("90 count".into());
        d.lines[0].description = "Gala apples".into();
        d.lines[0].product_id = Some(id());
        d.production.marks = Some("G/M".into());
        d.production.checklist.clear();
        d.shipping.etd_to = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        d.documentation
            .documents
            .retain(|x| x.kind != DocumentKind::CommercialInvoice);
        d.documentation.certificate_of_origin_form = Some("general".into());
        d.documentation.phytosanitary = false;
        let codes: Vec<String> = check_of(&d, &c, &[]).into_iter().map(|f| f.code).collect();
        for want in [
            "partial_not_allowed",
            "product_differs",
            "description_differs",
            "spec_differs",
            "marks_differ",
            "checklist_missing",
            "etd_after_latest_shipment",
            "document_missing",
            "certificate_form_differs",
            "phytosanitary_missing",
        ] {
            assert!(codes.iter().any(|c| c == want), "{want} missing from {codes:?}");
        }
    }

    #[test]
    fn quantities_across_instructions_stay_within_the_tolerance() {
        let c = contract(true);
        let mut a = prefilled(&c);
        a.lines[0].quantity = Decimal::from(600);
        let mut b = a.clone();
        b.lines[0].quantity = Decimal::from(450);
        // 600 + 450 = 1050 = 1000 + 5 %: allowed
        assert!(check_limits(&b, &c, std::slice::from_ref(&a)).is_ok());
        b.lines[0].quantity = Decimal::from(451);
        let e = check_limits(&b, &c, std::slice::from_ref(&a)).unwrap_err();
        assert_eq!(e.0[0].code, "over_contract");
        assert_eq!(e.0[0].field, "lines[0].quantity");
        // no partial shipments: a second instruction is refused outright
        let c2 = contract(false);
        let e = check_limits(&b, &c2, &[a]).unwrap_err();
        assert!(e.0.iter().any(|x| x.code == "partial_not_allowed"));
    }

    #[test]
    fn acknowledgement_rules() {
        use Department::*;
        let ok = may_acknowledge(
            InstructionState::Issued,
            2,
            2,
            Shipping,
            Role::Shipping,
            &[Production],
        );
        assert!(ok.is_ok());
        assert_eq!(
            may_acknowledge(InstructionState::Issued, 2, 1, Shipping, Role::Shipping, &[])
                .unwrap_err()
                .code(),
            "superseded_revision"
        );
        assert_eq!(
            may_acknowledge(InstructionState::Issued, 1, 1, Shipping, Role::Documentation, &[])
                .unwrap_err()
                .code(),
            "wrong_role"
        );
        assert_eq!(
            may_acknowledge(InstructionState::Draft, 1, 1, Warehouse, Role::Production, &[])
                .unwrap_err()
                .code(),
            "not_issued"
        );
        assert_eq!(
            may_acknowledge(
                InstructionState::Issued,
                1,
                1,
                Warehouse,
                Role::Production,
                &[Warehouse]
            )
            .unwrap_err()
            .code(),
            "already_acknowledged"
        );
        assert!(may_override(Role::Merchandiser, Some("customer agreed")).is_err());
        assert!(may_override(Role::SalesManager, Some("  ")).is_err());
        assert!(may_override(Role::SalesManager, Some("customer agreed by mail")).is_ok());
    }

    #[test]
    fn bad_input_names_every_field() {
        let input = InstructionInput {
            contract_id: None,
            lines: vec![InstructionLineInput {
                quantity: "-5".into(),
                unit: "bucket".into(),
                ..Default::default()
            }],
            shipping: ShippingSectionInput {
                etd_from: "2026-12-10".into(),
                etd_to: "2026-12-01".into(),
                container_count: Some(0),
                ..Default::default()
            },
            ..Default::default()
        };
        let e = input.validate().unwrap_err();
        let fields: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        for want in [
            ("contract_id", "required"),
            ("lines[0].quantity", "not_positive"),
            ("lines[0].unit", "invalid_choice"),
            ("lines[0].description", "required"),
            ("production.due_date", "required"),
            ("shipping.etd_to", "before_etd_from"),
            ("shipping.container_count", "out_of_range"),
        ] {
            assert!(fields.contains(&want), "{want:?} missing from {fields:?}");
        }
    }
}
