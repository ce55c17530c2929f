//! The view model of the internal production/shipping instruction (生产指令单): plain,
//! already formatted strings, printed as given.

use serde::{Deserialize, Serialize};

/// An internal instruction to the departments that produce, store, document and ship one
/// contract's goods, ready to print. Every fixed label of the template is printed in
/// [`language`](Self::language); the row labels of the sections come from the caller, who
/// fills them in the same language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InstructionDocument {
    /// `"zh"` (the default: an empty or unknown value prints Chinese) or `"en"`.
    pub language: String,
    /// One of [`InstructionDocument::DEPARTMENTS`]: print the header, the lines and only that
    /// department's section (the copy handed to that department). `None` prints all four.
    /// Any other value makes the render fail.
    pub department: Option<String>,
    /// Instruction number, e.g. `ZL2026-0007`.
    pub number: String,
    /// 1 = the first issue; every re-issue counts up.
    pub revision: i64,
    /// What this revision replaces and why, e.g.
    /// `Rev. 2 supersedes Rev. 1; changed: production.due_date, lines[0].quantity`.
    pub revision_note: Option<String>,
    /// The sales contract the instruction executes, e.g. `SC-2026-0007`.
    pub contract_number: String,
    /// The customer's name.
    pub customer: String,
    /// When the instruction was issued, formatted, e.g. `2026-11-30`.
    pub issued_at: Option<String>,
    /// Who issued it.
    pub issued_by: Option<String>,
    /// Our company's name, printed at the top.
    pub company: String,
    /// Paths of the fields changed since the previous revision, listed in the "changes in this
    /// revision" box. The header values `number`, `contract_number`, `customer`, `issued_at`
    /// and `issued_by` are marked when their name is in the list; lines and section rows are
    /// marked by their own `changed` flag. In a department's copy, paths of the other
    /// departments (`production.…`, `warehouse.…`, …) are left out of the box.
    pub changed_fields: Vec<String>,
    /// The goods.
    pub lines: Vec<InstructionDocLine>,
    /// The production department's section (生产部).
    pub production: Option<SectionBlock>,
    /// The warehouse's section (仓库).
    pub warehouse: Option<SectionBlock>,
    /// The documentation department's section (单证部).
    pub documentation: Option<SectionBlock>,
    /// The shipping department's section (船务部).
    pub shipping: Option<SectionBlock>,
    /// Printed at the foot of every page, e.g. `Internal use only`.
    pub footer: String,
}

impl InstructionDocument {
    /// The values [`department`](Self::department) may take, in the order the sections print.
    pub const DEPARTMENTS: [&'static str; 4] = ["production", "warehouse", "documentation", "shipping"];
}

/// One line of goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct InstructionDocLine {
    /// Line number as printed.
    pub no: u32,
    /// What the goods are, e.g. `新鲜富士苹果`.
    pub description: String,
    /// Specification, e.g. `80个/箱，一级果`.
    pub spec: String,
    /// Packing, e.g. `纸箱，净重18公斤`.
    pub package: String,
    /// Quantity with its unit, formatted, e.g. `1,428 cartons`.
    pub quantity: String,
    /// Who supplies the goods, when bought in.
    pub supplier: Option<String>,
    /// Something on this line changed since the previous revision: the line is marked.
    pub changed: bool,
}

/// One department's part of the instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SectionBlock {
    /// Label and value pairs, printed as a two-column table.
    pub rows: Vec<LabelValue>,
    /// Items to tick off (e.g. production's special requirements), printed with a box each.
    pub checklist: Vec<String>,
    /// Who acknowledged the section and when, e.g. `王芳 (production) 2026-11-30 10:12`;
    /// `None` prints an empty signature line.
    pub acknowledged_by: Option<String>,
}

/// One row of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LabelValue {
    /// The label, in the document's language, e.g. `交期`.
    pub label: String,
    /// The value; newlines are kept.
    pub value: String,
    /// The value changed since the previous revision: it is marked.
    pub changed: bool,
}
