//! Storage traits of Gendan (存储接口).
//!
//! Every backend implements [`Store`]; [`conformance`] is the one suite every backend
//! passes. Architecture Invariant: every write goes through a store method that checks the
//! expected version and appends the audit event in the same transaction.

pub mod conformance;
pub mod document;
pub mod instruction;
pub mod receivable;
pub mod shipment;
pub mod trade;

pub use document::*;
pub use instruction::*;
pub use receivable::*;
pub use shipment::*;
pub use trade::*;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::audit::{Actor, AuditEvent, BrokenLink};
use gendan_domain::party::{Party, PartyData, PartyKind};
use gendan_domain::role::Role;
use serde::Serialize;
use uuid::Uuid;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    /// The caller's version is stale; nothing was changed.
    #[error("version conflict: expected {expected}, current is {current}")]
    Conflict { expected: i64, current: i64 },
    /// Other records refer to this one; nothing was deleted.
    #[error("{0}")]
    InUse(String),
    /// A unique value is taken.
    #[error("{field} `{value}` is already taken")]
    Duplicate { field: &'static str, value: String },
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// A contract step the state machine refuses; nothing was changed.
    #[error(transparent)]
    Transition(#[from] trade::TransitionRefused),
    #[error("database error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Who writes and when: every write carries it into its audit event.
#[derive(Debug, Clone)]
pub struct WriteContext {
    pub actor: Actor,
    pub at: DateTime<Utc>,
}

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// `zh-CN` or `en`.
    pub locale: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// A user with the password hash, for login only.
#[derive(Debug, Clone)]
pub struct UserCredentials {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub locale: String,
    /// argon2id PHC string; the store never sees a password.
    pub password_hash: String,
}

/// A web session (server side; the cookie holds only its random id).
#[derive(Debug, Clone)]
pub struct Session {
    /// SHA-256 of the cookie value.
    pub id_hash: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: DateTime<Utc>,
}

/// An API bearer token's metadata (the secret is only shown once, at creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// How a party list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartySort {
    #[default]
    NameAsc,
    NameDesc,
    CreatedAsc,
    CreatedDesc,
}

impl PartySort {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "name" => Self::NameAsc,
            "-name" => Self::NameDesc,
            "created" => Self::CreatedAsc,
            "-created" => Self::CreatedDesc,
            _ => return None,
        })
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::NameAsc => "name",
            Self::NameDesc => "-name",
            Self::CreatedAsc => "created",
            Self::CreatedDesc => "-created",
        }
    }
}

/// Where the previous page ended: the sort key and id of its last row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyCursor {
    pub key: String,
    pub id: Uuid,
}

#[derive(Debug, Clone, Default)]
pub struct PartyQuery {
    pub kind: Option<PartyKind>,
    /// Matches either name, case-insensitively, anywhere in the name.
    pub search: Option<String>,
    /// Only consignees and notify parties of this customer.
    pub customer_id: Option<Uuid>,
    pub sort: PartySort,
    pub limit: u32,
    pub after: Option<PartyCursor>,
}

/// A page of parties and the cursor of the next page, if any.
#[derive(Debug, Clone)]
pub struct PartyPage {
    pub items: Vec<Party>,
    pub next: Option<PartyCursor>,
}

/// A page of parties already encoded as the API's JSON array (the `doc` of each party,
/// aggregated by the database), and the cursor of the next page.
#[derive(Debug, Clone)]
pub struct PartyJsonPage {
    pub items_json: String,
    pub next: Option<PartyCursor>,
}

/// Filter for the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    /// Events with `seq` below this (newest first paging).
    pub before_seq: Option<i64>,
    pub limit: u32,
}

/// Result of walking the whole audit chain.
#[derive(Debug, Clone, Serialize)]
pub struct ChainReport {
    pub events_checked: u64,
    pub first_broken: Option<BrokenLink>,
}

/// Everything Gendan keeps.
#[async_trait]
pub trait Store:
    TradeStore + InstructionStore + ShipmentStore + DocumentStore + ReceivableStore + Send + Sync + 'static
{
    /// `postgres` or `sqlite`.
    fn backend(&self) -> &'static str;
    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;

    // users
    async fn count_users(&self) -> StoreResult<i64>;
    async fn create_user(&self, u: NewUser, ctx: &WriteContext) -> StoreResult<User>;
    async fn user_credentials(&self, email: &str) -> StoreResult<Option<UserCredentials>>;
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    async fn set_user_locale(&self, user_id: Uuid, locale: &str, ctx: &WriteContext) -> StoreResult<User>;

    // login throttling
    async fn record_login_failure(&self, email: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn count_login_failures(&self, email: &str, since: DateTime<Utc>) -> StoreResult<i64>;
    async fn clear_login_failures(&self, email: &str) -> StoreResult<()>;

    // sessions
    async fn create_session(
        &self,
        id_hash: &str,
        csrf_token: &str,
        user_id: Uuid,
        created_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The live session with this id hash (expired ones are not returned).
    async fn session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>>;
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;

    // API tokens
    async fn create_token(
        &self,
        user_id: Uuid,
        name: &str,
        token_hash: &str,
        expires_at: Option<DateTime<Utc>>,
        ctx: &WriteContext,
    ) -> StoreResult<ApiToken>;
    /// The user of a live (not revoked, not expired) token.
    async fn token_user(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<User>>;
    async fn list_tokens(&self, user_id: Uuid) -> StoreResult<Vec<ApiToken>>;
    async fn revoke_token(&self, user_id: Uuid, token_id: Uuid, ctx: &WriteContext) -> StoreResult<ApiToken>;

    // parties
    async fn create_party(&self, data: PartyData, ctx: &WriteContext) -> StoreResult<Party>;
    /// Many parties in one transaction (seeding, imports): all or nothing.
    async fn create_parties(&self, data: Vec<PartyData>, ctx: &WriteContext) -> StoreResult<Vec<Party>>;
    async fn party(&self, id: Uuid) -> StoreResult<Party>;
    /// How many parties of each kind exist (kinds with none are left out).
    async fn count_parties_by_kind(&self) -> StoreResult<Vec<(PartyKind, i64)>>;
    async fn list_parties(&self, q: &PartyQuery) -> StoreResult<PartyPage>;
    /// The same page as [`Store::list_parties`], as JSON text built by the database.
    async fn list_parties_json(&self, q: &PartyQuery) -> StoreResult<PartyJsonPage>;
    async fn update_party(
        &self,
        id: Uuid,
        expected_version: i64,
        data: PartyData,
        ctx: &WriteContext,
    ) -> StoreResult<Party>;
    async fn delete_party(&self, id: Uuid, expected_version: i64, ctx: &WriteContext) -> StoreResult<()>;

    // audit
    async fn audit_events(&self, q: &AuditQuery) -> StoreResult<Vec<AuditEvent>>;
    /// Walk the whole chain in order and report the first broken link.
    async fn verify_audit_chain(&self) -> StoreResult<ChainReport>;
}
