//! Storage of the trade's records: products, customer profiles, our company profile, letters
//! of credit (as versioned JSON documents with every revision kept), and sales contracts
//! with their revisions, transitions, attachments and gap-free numbers.

use crate::{StoreResult, WriteContext};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::audit::FieldValues;
use gendan_domain::contract::{ContractAction, ContractState, NumberPattern, TransitionError};
use gendan_domain::role::Role;
use serde::Serialize;
use uuid::Uuid;

/// What kind of document a [`Record`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// 产品; key: the SKU
    Product,
    /// 客户档案; key: the customer's id; parent: the customer
    CustomerProfile,
    /// 本公司; key: `self`
    Company,
    /// 信用证; key: the credit number; parent: the contract
    LetterOfCredit,
    /// 客户库存: a customer's reported stock of a product; key: its own id; parent: the
    /// customer
    StockReport,
}

impl RecordKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            RecordKind::Product => "product",
            RecordKind::CustomerProfile => "customer_profile",
            RecordKind::Company => "company",
            RecordKind::LetterOfCredit => "letter_of_credit",
            RecordKind::StockReport => "stock_report",
        }
    }
    /// The field a duplicate key is reported on.
    pub fn key_field(&self) -> &'static str {
        match self {
            RecordKind::Product => "sku",
            RecordKind::CustomerProfile => "customer_id",
            RecordKind::Company => "company",
            RecordKind::LetterOfCredit => "number",
            RecordKind::StockReport => "id",
        }
    }
}

/// A versioned JSON document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub id: Uuid,
    #[serde(skip)]
    pub kind: RecordKind,
    pub key: String,
    pub parent_id: Option<Uuid>,
    pub version: i64,
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A record to create or the new content of one.
#[derive(Debug, Clone)]
pub struct RecordWrite {
    pub kind: RecordKind,
    pub key: String,
    pub parent_id: Option<Uuid>,
    /// Lower-case text the list's search looks in.
    pub search_text: String,
    pub doc: serde_json::Value,
}

/// One stored version of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordRevision {
    pub version: i64,
    pub doc: serde_json::Value,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct RecordQuery {
    pub kind: RecordKind,
    pub search: Option<String>,
    pub parent_id: Option<Uuid>,
    pub limit: u32,
    pub offset: u32,
}

/// A sales contract as stored: the current revision's content and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractRecord {
    pub id: Uuid,
    pub number: String,
    pub state: ContractState,
    /// 1 for the original; each amendment adds one.
    pub revision: i64,
    pub version: i64,
    pub buyer_id: Uuid,
    pub contract_date: NaiveDate,
    /// Who wrote the current revision (the four-eyes rule keeps them from approving it).
    pub author_id: Option<Uuid>,
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewContract {
    pub pattern: NumberPattern,
    pub contract_date: NaiveDate,
    pub buyer_id: Uuid,
    pub search_text: String,
    pub doc: serde_json::Value,
}

/// New content for the current revision (draft or rejected contracts only).
#[derive(Debug, Clone)]
pub struct ContractEdit {
    pub contract_date: NaiveDate,
    pub buyer_id: Uuid,
    pub search_text: String,
    pub doc: serde_json::Value,
}

/// A file kept with a record (the countersigned contract, later scans and PDFs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: Uuid,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub purpose: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub purpose: String,
    pub file_name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A step taken on a contract.
#[derive(Debug, Clone)]
pub struct ContractStep {
    pub action: ContractAction,
    pub role: Role,
    pub reason: Option<String>,
    /// How and to whom it was sent, and the like.
    pub detail: serde_json::Value,
    /// The amended content (amend only).
    pub amendment: Option<ContractEdit>,
    /// The countersigned copy (confirm).
    pub attachment: Option<NewAttachment>,
}

/// A recorded transition (the facts the state is derived from).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractEvent {
    pub seq: i64,
    pub revision: i64,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub actor_id: Option<Uuid>,
    pub actor: String,
    pub reason: Option<String>,
    pub detail: serde_json::Value,
    pub at: DateTime<Utc>,
}

/// One revision of a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractRevision {
    pub revision: i64,
    pub doc: serde_json::Value,
    pub author_id: Option<Uuid>,
    pub author: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct ContractQuery {
    pub state: Option<ContractState>,
    pub buyer_id: Option<Uuid>,
    pub search: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// Why a contract step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
pub struct TransitionRefused(pub Vec<TransitionError>);

/// The trade's records.
#[async_trait]
pub trait TradeStore: Send + Sync {
    async fn create_record(&self, w: RecordWrite, ctx: &WriteContext) -> StoreResult<Record>;
    /// Many records in one transaction (imports): all or nothing.
    async fn create_records(&self, w: Vec<RecordWrite>, ctx: &WriteContext) -> StoreResult<usize>;
    async fn record(&self, kind: RecordKind, id: Uuid) -> StoreResult<Record>;
    async fn record_by_key(&self, kind: RecordKind, key: &str) -> StoreResult<Option<Record>>;
    async fn list_records(&self, q: &RecordQuery) -> StoreResult<Vec<Record>>;
    async fn count_records(&self, kind: RecordKind) -> StoreResult<i64>;
    /// Every key of a kind (imports check a whole file against it at once).
    async fn record_keys(&self, kind: RecordKind) -> StoreResult<Vec<String>>;
    async fn update_record(
        &self,
        kind: RecordKind,
        id: Uuid,
        expected_version: i64,
        w: RecordWrite,
        ctx: &WriteContext,
    ) -> StoreResult<Record>;
    async fn delete_record(
        &self,
        kind: RecordKind,
        id: Uuid,
        expected_version: i64,
        ctx: &WriteContext,
    ) -> StoreResult<()>;
    /// Every version, oldest first.
    async fn record_revisions(&self, kind: RecordKind, id: Uuid) -> StoreResult<Vec<RecordRevision>>;

    /// Create a draft with the next number of its year (no gaps, even concurrently).
    async fn create_contract(&self, c: NewContract, ctx: &WriteContext) -> StoreResult<ContractRecord>;
    async fn contract(&self, id: Uuid) -> StoreResult<ContractRecord>;
    async fn list_contracts(&self, q: &ContractQuery) -> StoreResult<Vec<ContractRecord>>;
    async fn count_contracts_by_state(&self) -> StoreResult<Vec<(ContractState, i64)>>;
    /// Edit the current revision of a draft or rejected contract.
    async fn update_contract(
        &self,
        id: Uuid,
        expected_version: i64,
        e: ContractEdit,
        ctx: &WriteContext,
    ) -> StoreResult<ContractRecord>;
    /// Take a step; the state machine of `gendan_domain::contract` decides, under the row lock.
    async fn contract_step(
        &self,
        id: Uuid,
        expected_version: i64,
        step: ContractStep,
        ctx: &WriteContext,
    ) -> StoreResult<ContractRecord>;
    async fn contract_revisions(&self, id: Uuid) -> StoreResult<Vec<ContractRevision>>;
    /// How many contract revisions name this product on a line.
    async fn count_revisions_with_product(&self, product_id: Uuid) -> StoreResult<i64>;
    async fn contract_events(&self, id: Uuid) -> StoreResult<Vec<ContractEvent>>;

    async fn attachments(&self, entity_type: &str, entity_id: Uuid) -> StoreResult<Vec<Attachment>>;
    async fn attachment_data(&self, id: Uuid) -> StoreResult<(Attachment, Vec<u8>)>;
}

/// A JSON document flattened to field paths (`lines[0].quantity`) and display values, the
/// form the audit trail and revision diffs compare.
pub fn flatten(v: &serde_json::Value) -> FieldValues {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut FieldValues) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => {
                out.insert(prefix.to_string(), s.clone());
            }
            other => {
                out.insert(prefix.to_string(), other.to_string());
            }
        }
    }
    let mut out = FieldValues::new();
    walk("", v, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_names_paths() {
        let v = serde_json::json!({"a": {"b": [1, "x", null]}, "c": true});
        let f = flatten(&v);
        assert_eq!(f.get("a.b[0]").map(String::as_str), Some("1"));
        assert_eq!(f.get("a.b[1]").map(String::as_str), Some("x"));
        assert_eq!(f.get("c").map(String::as_str), Some("true"));
        assert_eq!(f.len(), 3);
    }
}
