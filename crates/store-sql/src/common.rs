//! The SQL both backends share: row types, error mapping and the [`sql_store!`] macro that
//! writes the whole `Store` implementation once for each sqlx database type.

use chrono::{DateTime, Utc};
use gendan_domain::audit::{Actor, AuditEvent, Changes};
use gendan_domain::party::{Address, Contact, Party, PartyData, PartyKind};
use gendan_domain::role::Role;
use gendan_store::{ApiToken, StoreError, User};
use sqlx::types::Json;
use uuid::Uuid;

/// Map a driver error; constraint violations become the store's own errors.
pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e
        && d.is_foreign_key_violation()
    {
        return StoreError::InUse(format!("other records refer to this one ({})", d.message()));
    }
    StoreError::Backend(e.to_string())
}

/// Like [`db_err`], naming the field whose unique value is taken.
pub(crate) fn db_err_unique(field: &'static str, value: &str) -> impl FnOnce(sqlx::Error) -> StoreError {
    let value = value.to_string();
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate { field, value },
        _ => db_err(e),
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub locale: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl UserRow {
    pub fn into_user(self) -> Result<User, StoreError> {
        Ok(User {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            role: Role::parse(&self.role).map_err(StoreError::Backend)?,
            locale: self.locale,
            version: self.version,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CredentialsRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id_hash: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    #[sqlx(flatten)]
    pub user: UserRow,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PartyRow {
    pub id: Uuid,
    pub version: i64,
    pub kind: String,
    pub name_zh: Option<String>,
    pub name_latin: Option<String>,
    pub bic: Option<String>,
    pub customer_id: Option<Uuid>,
    pub addresses: Json<Vec<Address>>,
    pub contacts: Json<Vec<Contact>>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sort_name: String,
}

pub(crate) const PARTY_COLUMNS: &str = "id, version, kind, name_zh, name_latin, bic, customer_id, addresses, \
     contacts, notes, created_at, updated_at, sort_name";

impl PartyRow {
    pub fn into_party(self) -> Result<Party, StoreError> {
        let bad = |what: &str| StoreError::Backend(format!("party {} has a bad stored {what}", self.id));
        Ok(Party {
            id: self.id,
            version: self.version,
            data: PartyData {
                kind: PartyKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
                name_zh: self.name_zh.clone(),
                name_latin: self.name_latin.clone(),
                bic: match &self.bic {
                    Some(b) => Some(gendan_domain::bic::Bic::parse(b).map_err(|_| bad("bic"))?),
                    None => None,
                },
                customer_id: self.customer_id,
                addresses: self.addresses.0,
                contacts: self.contacts.0,
                notes: self.notes,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The party as the API shows it, stored beside the columns for list pages.
pub(crate) fn party_doc(p: &Party) -> Result<String, StoreError> {
    serde_json::to_string(p).map_err(|e| StoreError::Backend(e.to_string()))
}

/// The ORDER BY of a party list.
pub(crate) fn party_order(sort: gendan_store::PartySort) -> &'static str {
    use gendan_store::PartySort::*;
    match sort {
        NameAsc => "sort_name ASC, id ASC",
        NameDesc => "sort_name DESC, id DESC",
        CreatedAsc => "id ASC",
        CreatedDesc => "id DESC",
    }
}

/// Lower-case text both names are searched in.
pub(crate) fn search_text(d: &PartyData) -> String {
    format!(
        "{} {}",
        d.name_latin.as_deref().unwrap_or(""),
        d.name_zh.as_deref().unwrap_or("")
    )
    .to_lowercase()
}

/// A LIKE pattern matching `s` anywhere, with `%`, `_` and `\` escaped.
pub(crate) fn like_pattern(s: &str) -> String {
    let mut p = String::from("%");
    for c in s.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub action: String,
    pub changes: String,
    pub prev_hash: String,
    pub hash: String,
}

pub(crate) const AUDIT_COLUMNS: &str =
    "seq, id, at, actor_id, actor, entity_type, entity_id, action, changes, prev_hash, hash";

impl AuditRow {
    /// The stored event. Unreadable `changes` text (tampering) still yields an event, with
    /// the raw text kept under `<unreadable>`, so that verification reports it as altered.
    pub fn into_event(self) -> AuditEvent {
        let changes: Changes = serde_json::from_str(&self.changes).unwrap_or_else(|_| {
            let mut c = Changes::new();
            c.insert(
                "<unreadable>".into(),
                gendan_domain::audit::FieldChange {
                    before: None,
                    after: Some(self.changes.clone()),
                },
            );
            c
        });
        AuditEvent {
            id: self.id,
            seq: self.seq,
            at: self.at,
            actor: Actor {
                user_id: self.actor_id,
                label: self.actor,
            },
            entity_type: self.entity_type,
            entity_id: self.entity_id,
            action: self.action,
            changes,
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

/// Writes the whole `gendan_store::Store` implementation for one sqlx database type.
///
/// * `begin`: the pool method (and arguments) that starts a write transaction.
/// * `lock_suffix`: appended to a `SELECT` to lock the rows it reads.
/// * `concat_agg`: the dialect's aggregate joining a page's `doc`s with commas in `{order}`
///   (SQLite keeps the order of its ordered input; the conformance suite checks every sort).
macro_rules! sql_store {
    (
        $(#[$meta:meta])*
        $Store:ident,
        $Db:ty,
        backend = $backend:literal,
        begin = $begin:ident ( $($begin_arg:expr),* ),
        lock_suffix = $lock:literal,
        concat_agg = $concat_agg:literal
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $Store {
            pub(crate) pool: sqlx::Pool<$Db>,
        }

        #[allow(dead_code)]
        impl $Store {
            /// The pool, for tests and tools that reach around the store.
            pub fn raw_pool(&self) -> &sqlx::Pool<$Db> {
                &self.pool
            }

            async fn begin_write(&self) -> gendan_store::StoreResult<sqlx::Transaction<'static, $Db>> {
                self.pool.$begin($($begin_arg),*).await.map_err($crate::common::db_err)
            }

            /// Append events to the hash chain inside the caller's transaction. The head row
            /// is locked first, so concurrent writers chain one after another.
            async fn append_audit(
                tx: &mut sqlx::Transaction<'static, $Db>,
                events: Vec<gendan_domain::audit::NewAuditEvent>,
            ) -> gendan_store::StoreResult<Vec<gendan_domain::audit::AuditEvent>> {
                use $crate::common::db_err;
                let (mut seq, mut hash): (i64, String) =
                    sqlx::query_as(concat!("SELECT seq, hash FROM audit_head WHERE id = 1", $lock))
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(db_err)?;
                let mut out = Vec::with_capacity(events.len());
                let mut changes_json = Vec::with_capacity(events.len());
                for ev in events {
                    let sealed = ev.seal(gendan_domain::id::new_id(), seq, &hash);
                    changes_json.push(
                        serde_json::to_string(&sealed.changes)
                            .map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?,
                    );
                    seq = sealed.seq;
                    hash = sealed.hash.clone();
                    out.push(sealed);
                }
                // Many events per statement (imports write thousands at once).
                for (chunk, changes) in out.chunks(200).zip(changes_json.chunks(200)) {
                    let mut b = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO audit_events (seq, id, at, actor_id, actor, entity_type, entity_id, \
                         action, changes, prev_hash, hash) ",
                    );
                    b.push_values(chunk.iter().zip(changes), |mut row, (sealed, ch)| {
                        row.push_bind(sealed.seq)
                            .push_bind(sealed.id)
                            .push_bind(sealed.at)
                            .push_bind(sealed.actor.user_id)
                            .push_bind(&sealed.actor.label)
                            .push_bind(&sealed.entity_type)
                            .push_bind(sealed.entity_id)
                            .push_bind(&sealed.action)
                            .push_bind(ch)
                            .push_bind(&sealed.prev_hash)
                            .push_bind(&sealed.hash);
                    });
                    b.build().execute(&mut **tx).await.map_err(db_err)?;
                }
                sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                    .bind(seq)
                    .bind(&hash)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_err)?;
                Ok(out)
            }

            fn audit(
                ctx: &gendan_store::WriteContext,
                entity_type: &str,
                entity_id: uuid::Uuid,
                action: &str,
                changes: gendan_domain::audit::Changes,
            ) -> gendan_domain::audit::NewAuditEvent {
                gendan_domain::audit::NewAuditEvent {
                    at: ctx.at,
                    actor: ctx.actor.clone(),
                    entity_type: entity_type.to_string(),
                    entity_id,
                    action: action.to_string(),
                    changes,
                }
            }

            async fn fetch_user(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<gendan_store::User> {
                use $crate::common::*;
                let row: Option<UserRow> = sqlx::query_as(
                    "SELECT id, email, display_name, role, locale, version, created_at FROM users WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound { entity: "user", id: id.to_string() })?
                    .into_user()
            }

            async fn fetch_party(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<gendan_domain::party::Party> {
                use $crate::common::*;
                let sql = format!("SELECT {PARTY_COLUMNS} FROM parties WHERE id = $1");
                let row: Option<PartyRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound { entity: "party", id: id.to_string() })?
                    .into_party()
            }

            /// The WHERE conditions of a party list (filters and the cursor).
            fn push_party_filters(b: &mut sqlx::QueryBuilder<$Db>, q: &gendan_store::PartyQuery) {
                use $crate::common::*;
                use gendan_store::PartySort;
                if let Some(k) = q.kind {
                    b.push(" AND kind = ").push_bind(k.as_str());
                }
                if let Some(c) = q.customer_id {
                    b.push(" AND customer_id = ").push_bind(c);
                }
                if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    b.push(" AND search_text LIKE ").push_bind(like_pattern(s)).push(" ESCAPE '\\'");
                }
                if let Some(c) = &q.after {
                    match q.sort {
                        PartySort::NameAsc => {
                            b.push(" AND (sort_name > ").push_bind(c.key.clone());
                            b.push(" OR (sort_name = ").push_bind(c.key.clone());
                            b.push(" AND id > ").push_bind(c.id).push("))");
                        }
                        PartySort::NameDesc => {
                            b.push(" AND (sort_name < ").push_bind(c.key.clone());
                            b.push(" OR (sort_name = ").push_bind(c.key.clone());
                            b.push(" AND id < ").push_bind(c.id).push("))");
                        }
                        PartySort::CreatedAsc => {
                            b.push(" AND id > ").push_bind(c.id);
                        }
                        PartySort::CreatedDesc => {
                            b.push(" AND id < ").push_bind(c.id);
                        }
                    }
                }
            }

            /// Lock a party row for the rest of the transaction (PostgreSQL; SQLite's
            /// `BEGIN IMMEDIATE` already holds the database's write lock).
            async fn lock_party(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<()> {
                let _: Option<(uuid::Uuid,)> = sqlx::query_as(concat!("SELECT id FROM parties WHERE id = $1", $lock))
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(())
            }

            /// A consignee's or notify party's customer must exist and be a customer.
            async fn check_customer_ref(
                conn: &mut <$Db as sqlx::Database>::Connection,
                data: &gendan_domain::party::PartyData,
            ) -> gendan_store::StoreResult<()> {
                use $crate::common::*;
                if let Some(cid) = data.customer_id {
                    // Locked (PostgreSQL) so that the customer cannot stop being one meanwhile.
                    let kind: Option<(String,)> = sqlx::query_as(concat!("SELECT kind FROM parties WHERE id = $1", $lock))
                        .bind(cid)
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(db_err)?;
                    match kind {
                        None => {
                            return Err(gendan_domain::ValidationErrors::single(
                                "customer_id",
                                "not_found",
                                format!("no party {cid}"),
                            )
                            .into())
                        }
                        Some((k,)) if k != "customer" => {
                            return Err(gendan_domain::ValidationErrors::single(
                                "customer_id",
                                "not_a_customer",
                                format!("party {cid} is a {k}, not a customer"),
                            )
                            .into())
                        }
                        _ => {}
                    }
                }
                Ok(())
            }

            async fn insert_party(
                conn: &mut <$Db as sqlx::Database>::Connection,
                data: gendan_domain::party::PartyData,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_domain::party::Party> {
                use $crate::common::*;
                let p = gendan_domain::party::Party {
                    id: gendan_domain::id::new_id(),
                    version: 1,
                    data,
                    created_at: ctx.at,
                    updated_at: ctx.at,
                };
                sqlx::query(
                    "INSERT INTO parties (id, version, kind, name_zh, name_latin, sort_name, search_text, bic, \
                     customer_id, addresses, contacts, notes, created_at, updated_at, doc) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                )
                .bind(p.id)
                .bind(p.version)
                .bind(p.data.kind.as_str())
                .bind(&p.data.name_zh)
                .bind(&p.data.name_latin)
                .bind(p.data.sort_name())
                .bind(search_text(&p.data))
                .bind(p.data.bic.as_ref().map(|b| b.to_string()))
                .bind(p.data.customer_id)
                .bind(sqlx::types::Json(&p.data.addresses))
                .bind(sqlx::types::Json(&p.data.contacts))
                .bind(&p.data.notes)
                .bind(p.created_at)
                .bind(p.updated_at)
                .bind(party_doc(&p)?)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
                Ok(p)
            }
        }

        #[async_trait::async_trait]
        impl gendan_store::Store for $Store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn ping(&self) -> gendan_store::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await.map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn count_users(&self) -> gendan_store::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(n)
            }

            async fn create_user(
                &self,
                u: gendan_store::NewUser,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::User> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                let email = u.email.trim().to_lowercase();
                let user = gendan_store::User {
                    id: gendan_domain::id::new_id(),
                    email: email.clone(),
                    display_name: u.display_name,
                    role: u.role,
                    locale: u.locale,
                    version: 1,
                    created_at: ctx.at,
                };
                sqlx::query(
                    "INSERT INTO users (id, email, display_name, role, locale, password_hash, version, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(user.id)
                .bind(&user.email)
                .bind(&user.display_name)
                .bind(user.role.as_str())
                .bind(&user.locale)
                .bind(&u.password_hash)
                .bind(user.version)
                .bind(ctx.at)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err(db_err_unique("email", &email))?;
                let mut f = gendan_domain::audit::FieldValues::new();
                f.insert("email".into(), user.email.clone());
                f.insert("display_name".into(), user.display_name.clone());
                f.insert("role".into(), user.role.to_string());
                f.insert("locale".into(), user.locale.clone());
                Self::append_audit(
                    &mut tx,
                    vec![Self::audit(ctx, "user", user.id, "create", gendan_domain::audit::created(&f))],
                )
                .await?;
                tx.commit().await.map_err(db_err)?;
                Ok(user)
            }

            async fn user_credentials(
                &self,
                email: &str,
            ) -> gendan_store::StoreResult<Option<gendan_store::UserCredentials>> {
                use $crate::common::*;
                let row: Option<CredentialsRow> = sqlx::query_as(
                    "SELECT id, email, display_name, role, locale, version, created_at, password_hash \
                     FROM users WHERE email = $1",
                )
                .bind(email.trim().to_lowercase())
                .fetch_optional(&self.pool)
                .await
                .map_err(db_err)?;
                match row {
                    None => Ok(None),
                    Some(r) => Ok(Some(gendan_store::UserCredentials {
                        password_hash: r.password_hash,
                        user: r.user.into_user()?,
                    })),
                }
            }

            async fn list_users(&self) -> gendan_store::StoreResult<Vec<gendan_store::User>> {
                use $crate::common::*;
                let rows: Vec<UserRow> = sqlx::query_as(
                    "SELECT id, email, display_name, role, locale, version, created_at FROM users ORDER BY email",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(db_err)?;
                rows.into_iter().map(UserRow::into_user).collect()
            }

            async fn set_user_locale(
                &self,
                user_id: uuid::Uuid,
                locale: &str,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::User> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                let before = Self::fetch_user(&mut tx, user_id).await?;
                if before.locale == locale {
                    tx.rollback().await.map_err(db_err)?;
                    return Ok(before);
                }
                sqlx::query("UPDATE users SET locale = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                    .bind(locale)
                    .bind(ctx.at)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "locale".into(),
                    gendan_domain::audit::FieldChange {
                        before: Some(before.locale.clone()),
                        after: Some(locale.to_string()),
                    },
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "user", user_id, "update", changes)]).await?;
                let after = Self::fetch_user(&mut tx, user_id).await?;
                tx.commit().await.map_err(db_err)?;
                Ok(after)
            }

            async fn record_login_failure(
                &self,
                email: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query("INSERT INTO login_failures (email, at) VALUES ($1, $2)")
                    .bind(email.trim().to_lowercase())
                    .bind(at)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                // Failures older than a day no longer matter to any throttling window.
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(at - chrono::Duration::days(1))
                    .execute(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn count_login_failures(
                &self,
                email: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<i64> {
                let (n,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2")
                        .bind(email.trim().to_lowercase())
                        .bind(since)
                        .fetch_one(&self.pool)
                        .await
                        .map_err($crate::common::db_err)?;
                Ok(n)
            }

            async fn clear_login_failures(&self, email: &str) -> gendan_store::StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE email = $1")
                    .bind(email.trim().to_lowercase())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn create_session(
                &self,
                id_hash: &str,
                csrf_token: &str,
                user_id: uuid::Uuid,
                created_at: chrono::DateTime<chrono::Utc>,
                expires_at: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<()> {
                use $crate::common::*;
                // Expired sessions are swept as new ones are made.
                sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                    .bind(created_at)
                    .execute(&self.pool)
                    .await
                    .map_err(db_err)?;
                sqlx::query(
                    "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id_hash)
                .bind(user_id)
                .bind(csrf_token)
                .bind(created_at)
                .bind(expires_at)
                .execute(&self.pool)
                .await
                .map_err(db_err)?;
                Ok(())
            }

            async fn session(
                &self,
                id_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<Option<gendan_store::Session>> {
                use $crate::common::*;
                let row: Option<SessionRow> = sqlx::query_as(
                    "SELECT s.id_hash, s.csrf_token, s.expires_at, u.id, u.email, u.display_name, u.role, \
                     u.locale, u.version, u.created_at \
                     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2",
                )
                .bind(id_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_err)?;
                match row {
                    None => Ok(None),
                    Some(r) => Ok(Some(gendan_store::Session {
                        id_hash: r.id_hash,
                        csrf_token: r.csrf_token,
                        expires_at: r.expires_at,
                        user: r.user.into_user()?,
                    })),
                }
            }

            async fn delete_session(&self, id_hash: &str) -> gendan_store::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn create_token(
                &self,
                user_id: uuid::Uuid,
                name: &str,
                token_hash: &str,
                expires_at: Option<chrono::DateTime<chrono::Utc>>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ApiToken> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                let t = gendan_store::ApiToken {
                    id: gendan_domain::id::new_id(),
                    user_id,
                    name: name.to_string(),
                    created_at: ctx.at,
                    expires_at,
                    revoked_at: None,
                };
                sqlx::query(
                    "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(t.id)
                .bind(user_id)
                .bind(&t.name)
                .bind(token_hash)
                .bind(t.created_at)
                .bind(t.expires_at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
                let mut f = gendan_domain::audit::FieldValues::new();
                f.insert("name".into(), t.name.clone());
                f.insert("user_id".into(), user_id.to_string());
                if let Some(e) = t.expires_at {
                    f.insert("expires_at".into(), e.to_rfc3339());
                }
                Self::append_audit(
                    &mut tx,
                    vec![Self::audit(ctx, "api_token", t.id, "create", gendan_domain::audit::created(&f))],
                )
                .await?;
                tx.commit().await.map_err(db_err)?;
                Ok(t)
            }

            async fn token_user(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<Option<gendan_store::User>> {
                use $crate::common::*;
                let row: Option<UserRow> = sqlx::query_as(
                    "SELECT u.id, u.email, u.display_name, u.role, u.locale, u.version, u.created_at \
                     FROM api_tokens t JOIN users u ON u.id = t.user_id \
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_err)?;
                row.map(UserRow::into_user).transpose()
            }

            async fn list_tokens(&self, user_id: uuid::Uuid) -> gendan_store::StoreResult<Vec<gendan_store::ApiToken>> {
                use $crate::common::*;
                let rows: Vec<TokenRow> = sqlx::query_as(
                    "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens \
                     WHERE user_id = $1 ORDER BY id DESC",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await
                .map_err(db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn revoke_token(
                &self,
                user_id: uuid::Uuid,
                token_id: uuid::Uuid,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ApiToken> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                let row: Option<TokenRow> = sqlx::query_as(
                    "SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens \
                     WHERE id = $1 AND user_id = $2",
                )
                .bind(token_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
                let mut t: gendan_store::ApiToken = row
                    .ok_or_else(|| gendan_store::StoreError::NotFound { entity: "api_token", id: token_id.to_string() })?
                    .into();
                if t.revoked_at.is_some() {
                    tx.rollback().await.map_err(db_err)?;
                    return Ok(t);
                }
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
                    .bind(ctx.at)
                    .bind(token_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                t.revoked_at = Some(ctx.at);
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "revoked_at".into(),
                    gendan_domain::audit::FieldChange { before: None, after: Some(ctx.at.to_rfc3339()) },
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "api_token", token_id, "revoke", changes)]).await?;
                tx.commit().await.map_err(db_err)?;
                Ok(t)
            }

            async fn create_party(
                &self,
                data: gendan_domain::party::PartyData,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_domain::party::Party> {
                let mut v = self.create_parties(vec![data], ctx).await?;
                Ok(v.remove(0))
            }

            async fn create_parties(
                &self,
                data: Vec<gendan_domain::party::PartyData>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<Vec<gendan_domain::party::Party>> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                let mut out = Vec::with_capacity(data.len());
                let mut events = Vec::with_capacity(data.len());
                for d in data {
                    Self::check_customer_ref(&mut tx, &d).await?;
                    let p = Self::insert_party(&mut tx, d, ctx).await?;
                    events.push(Self::audit(
                        ctx,
                        "party",
                        p.id,
                        "create",
                        gendan_domain::audit::created(&p.data.field_values()),
                    ));
                    out.push(p);
                }
                Self::append_audit(&mut tx, events).await?;
                tx.commit().await.map_err(db_err)?;
                Ok(out)
            }

            async fn party(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_domain::party::Party> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_party(&mut conn, id).await
            }

            async fn count_parties_by_kind(
                &self,
            ) -> gendan_store::StoreResult<Vec<(gendan_domain::party::PartyKind, i64)>> {
                let rows: Vec<(String, i64)> = sqlx::query_as("SELECT kind, COUNT(*) FROM parties GROUP BY kind")
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(rows
                    .into_iter()
                    .filter_map(|(k, n)| gendan_domain::party::PartyKind::parse(&k).map(|k| (k, n)))
                    .collect())
            }

            async fn list_parties(
                &self,
                q: &gendan_store::PartyQuery,
            ) -> gendan_store::StoreResult<gendan_store::PartyPage> {
                use $crate::common::*;
                let limit = q.limit.clamp(1, 500) as i64;
                let mut b = sqlx::QueryBuilder::<$Db>::new(format!("SELECT {PARTY_COLUMNS} FROM parties WHERE 1 = 1"));
                Self::push_party_filters(&mut b, q);
                b.push(" ORDER BY ").push(party_order(q.sort));
                b.push(" LIMIT ").push_bind(limit + 1);
                let rows: Vec<PartyRow> = b.build_query_as().fetch_all(&self.pool).await.map_err(db_err)?;
                let has_more = rows.len() as i64 > limit;
                let mut items = Vec::with_capacity(rows.len());
                let mut next = None;
                for (i, r) in rows.into_iter().enumerate() {
                    if i as i64 == limit {
                        break;
                    }
                    if has_more && i as i64 == limit - 1 {
                        next = Some(gendan_store::PartyCursor { key: r.sort_name.clone(), id: r.id });
                    }
                    items.push(r.into_party()?);
                }
                Ok(gendan_store::PartyPage { items, next })
            }

            async fn list_parties_json(
                &self,
                q: &gendan_store::PartyQuery,
            ) -> gendan_store::StoreResult<gendan_store::PartyJsonPage> {
                use $crate::common::*;
                // One statement: the first row is the page, the database's join of the stored
                // documents into one JSON array (no per-row decoding); the rows after it are
                // the page's last row and the one after it, if any (index-only), which give
                // the next page's cursor.
                let limit = q.limit.clamp(1, 500) as i64;
                let order = party_order(q.sort);
                let mut b = sqlx::QueryBuilder::<$Db>::new(format!(
                    "SELECT 0 AS part, '[' || COALESCE({}, '') || ']' AS items, NULL AS sort_name, NULL AS id \
                     FROM (SELECT doc, sort_name, id FROM parties WHERE 1 = 1",
                    format!($concat_agg, order = order),
                ));
                Self::push_party_filters(&mut b, q);
                b.push(" ORDER BY ").push(order).push(" LIMIT ").push(limit).push(") page");
                b.push(" UNION ALL SELECT 1, NULL, sort_name, id FROM (SELECT sort_name, id FROM parties WHERE 1 = 1");
                Self::push_party_filters(&mut b, q);
                b.push(" ORDER BY ").push(order).push(" LIMIT 2 OFFSET ").push(limit - 1).push(") edge");
                let rows: Vec<(i32, Option<String>, Option<String>, Option<uuid::Uuid>)> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err(db_err)?;
                let items_json = rows.iter().find(|r| r.0 == 0).and_then(|r| r.1.clone()).unwrap_or_else(|| "[]".into());
                let edge: Vec<_> = rows.iter().filter(|r| r.0 == 1).collect();
                let next = match edge.as_slice() {
                    [last, _following] => match (&last.2, last.3) {
                        (Some(key), Some(id)) => Some(gendan_store::PartyCursor { key: key.clone(), id }),
                        _ => None,
                    },
                    _ => None,
                };
                Ok(gendan_store::PartyJsonPage { items_json, next })
            }

            async fn update_party(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                data: gendan_domain::party::PartyData,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_domain::party::Party> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                Self::lock_party(&mut tx, id).await?;
                let before = Self::fetch_party(&mut tx, id).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict { expected: expected_version, current: before.version });
                }
                if data.customer_id == Some(id) {
                    return Err(gendan_domain::ValidationErrors::single(
                        "customer_id",
                        "self_reference",
                        "a party cannot belong to itself",
                    )
                    .into());
                }
                Self::check_customer_ref(&mut tx, &data).await?;
                if before.data.kind == gendan_domain::party::PartyKind::Customer
                    && data.kind != gendan_domain::party::PartyKind::Customer
                {
                    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM parties WHERE customer_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    if n > 0 {
                        return Err(gendan_domain::ValidationErrors::single(
                            "kind",
                            "in_use",
                            format!("{n} consignees or notify parties belong to this customer"),
                        )
                        .into());
                    }
                }
                let changes = gendan_domain::audit::diff(&before.data.field_values(), &data.field_values());
                if changes.is_empty() {
                    tx.rollback().await.map_err(db_err)?;
                    return Ok(before);
                }
                let res = sqlx::query(
                    "UPDATE parties SET version = version + 1, kind = $1, name_zh = $2, name_latin = $3, \
                     sort_name = $4, search_text = $5, bic = $6, customer_id = $7, addresses = $8, contacts = $9, \
                     notes = $10, updated_at = $11, doc = $14 WHERE id = $12 AND version = $13",
                )
                .bind(data.kind.as_str())
                .bind(&data.name_zh)
                .bind(&data.name_latin)
                .bind(data.sort_name())
                .bind(search_text(&data))
                .bind(data.bic.as_ref().map(|b| b.to_string()))
                .bind(data.customer_id)
                .bind(sqlx::types::Json(&data.addresses))
                .bind(sqlx::types::Json(&data.contacts))
                .bind(&data.notes)
                .bind(ctx.at)
                .bind(id)
                .bind(expected_version)
                .bind(party_doc(&gendan_domain::party::Party {
                    id,
                    version: expected_version + 1,
                    data: data.clone(),
                    created_at: before.created_at,
                    updated_at: ctx.at,
                })?)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
                if res.rows_affected() != 1 {
                    let current = Self::fetch_party(&mut tx, id).await?;
                    return Err(gendan_store::StoreError::Conflict { expected: expected_version, current: current.version });
                }
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "party", id, "update", changes)]).await?;
                let after = Self::fetch_party(&mut tx, id).await?;
                tx.commit().await.map_err(db_err)?;
                Ok(after)
            }

            async fn delete_party(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                use $crate::common::*;
                let mut tx = self.begin_write().await?;
                Self::lock_party(&mut tx, id).await?;
                let before = Self::fetch_party(&mut tx, id).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict { expected: expected_version, current: before.version });
                }
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM parties WHERE customer_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                if n > 0 {
                    return Err(gendan_store::StoreError::InUse(format!(
                        "{n} consignee(s) or notify part(ies) belong to this customer; delete or move them first"
                    )));
                }
                let res = sqlx::query("DELETE FROM parties WHERE id = $1 AND version = $2")
                    .bind(id)
                    .bind(expected_version)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                if res.rows_affected() != 1 {
                    let current = Self::fetch_party(&mut tx, id).await?;
                    return Err(gendan_store::StoreError::Conflict { expected: expected_version, current: current.version });
                }
                Self::append_audit(
                    &mut tx,
                    vec![Self::audit(ctx, "party", id, "delete", gendan_domain::audit::deleted(&before.data.field_values()))],
                )
                .await?;
                tx.commit().await.map_err(db_err)?;
                Ok(())
            }

            async fn audit_events(
                &self,
                q: &gendan_store::AuditQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_domain::audit::AuditEvent>> {
                use $crate::common::*;
                let mut b = sqlx::QueryBuilder::<$Db>::new(format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE 1 = 1"));
                if let Some(t) = &q.entity_type {
                    b.push(" AND entity_type = ").push_bind(t.clone());
                }
                if let Some(id) = q.entity_id {
                    b.push(" AND entity_id = ").push_bind(id);
                }
                if let Some(s) = q.before_seq {
                    b.push(" AND seq < ").push_bind(s);
                }
                b.push(" ORDER BY seq DESC LIMIT ").push_bind(q.limit.clamp(1, 1000) as i64);
                let rows: Vec<AuditRow> = b.build_query_as().fetch_all(&self.pool).await.map_err(db_err)?;
                Ok(rows.into_iter().map(AuditRow::into_event).collect())
            }

            async fn verify_audit_chain(&self) -> gendan_store::StoreResult<gendan_store::ChainReport> {
                use $crate::common::*;
                // Read the head first and verify up to it: events appended while we walk are
                // left for the next run instead of looking like a truncated chain.
                let (head_seq, head_hash): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(db_err)?;
                let mut verifier = gendan_domain::audit::ChainVerifier::default();
                let mut last_seq = 0i64;
                let mut last_hash = gendan_domain::audit::GENESIS_HASH.to_string();
                loop {
                    let sql = format!(
                        "SELECT {AUDIT_COLUMNS} FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 5000"
                    );
                    let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(last_seq)
                        .bind(head_seq)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    if rows.is_empty() {
                        break;
                    }
                    for r in rows {
                        let ev = r.into_event();
                        if let Err(b) = verifier.check(&ev) {
                            return Ok(gendan_store::ChainReport {
                                events_checked: verifier.checked(),
                                first_broken: Some(b),
                            });
                        }
                        last_seq = ev.seq;
                        last_hash = ev.hash;
                    }
                }
                let first_broken = if head_seq != last_seq || head_hash != last_hash {
                    Some(gendan_domain::audit::BrokenLink {
                        seq: last_seq + 1,
                        event_id: None,
                        reason: format!(
                            "the chain ends at event {last_seq} but its head records event {head_seq}: events were removed from the end"
                        ),
                    })
                } else {
                    None
                };
                Ok(gendan_store::ChainReport { events_checked: verifier.checked(), first_broken })
            }
        }
    };
}
