//! The view model of a trade letter generated from a shipment: the booking request to the
//! forwarder (订舱委托书) and the shipping advice to the customer (装船通知). Plain, already
//! formatted strings in the document's language, printed as given; every label comes from the
//! caller, so one template serves every language and both letters.

use crate::instruction::LabelValue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LetterDocument {
    /// `booking_request` or `shipping_advice` (used in the PDF's identity only).
    pub kind: String,
    /// `"zh"` or `"en"`: which face leads (CJK or Latin) and the language tag of the PDF.
    pub language: String,
    /// Our company, printed at the top as the letterhead.
    pub company: String,
    /// Our company's address and contact lines (newlines kept).
    pub company_address: String,
    /// The title, e.g. `SHIPPING ADVICE` or `订舱委托书 BOOKING REQUEST`.
    pub title: String,
    /// Reference rows under the title: (label, value), e.g. (`No.`, `BK2026-0003`), (`Date`,
    /// `2026-11-30`), (`To`, `Qingdao Ocean Link Logistics`), (`Attn.`, `Ms. Zhang`).
    pub header: Vec<LabelValue>,
    /// An opening paragraph, e.g. `Dear Sirs, we are pleased to advise that …`.
    pub intro: Option<String>,
    /// The body: one row per field (label, value; newlines kept), in a two-column grid.
    pub rows: Vec<LabelValue>,
    /// A heading over the table, e.g. `Containers`.
    pub table_title: Option<String>,
    /// The table's column headings; no table when empty.
    pub columns: Vec<String>,
    /// Indexes of the columns that hold numbers (right-aligned).
    pub numeric_columns: Vec<usize>,
    /// The table's rows, each as long as `columns`.
    pub table: Vec<Vec<String>>,
    /// A totals row printed bold under the table, as long as `columns` (empty: none).
    pub totals: Vec<String>,
    /// A closing paragraph, e.g. `Please arrange insurance accordingly.`.
    pub closing: Option<String>,
    /// Who signs, e.g. `Li Na, Merchandiser` (newlines kept).
    pub signature: String,
    /// Printed at the foot of every page.
    pub footer: String,
}
