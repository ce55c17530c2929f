//! The trade's records in SQL, written once for both backends like [`sql_store!`].

use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::contract::ContractState;
use gendan_store::{ContractRecord, Record, RecordKind, StoreError};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
pub(crate) struct RecordRow {
    pub id: Uuid,
    pub key: String,
    pub parent_id: Option<Uuid>,
    pub version: i64,
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const RECORD_COLUMNS: &str = "id, key, parent_id, version, doc, created_at, updated_at";

pub(crate) fn parse_doc(id: Uuid, doc: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Backend(format!("{id} has a bad stored document: {e}")))
}

pub(crate) fn to_doc(v: &serde_json::Value) -> String {
    v.to_string()
}

impl RecordRow {
    pub fn into_record(self, kind: RecordKind) -> Result<Record, StoreError> {
        Ok(Record {
            doc: parse_doc(self.id, &self.doc)?,
            id: self.id,
            kind,
            key: self.key,
            parent_id: self.parent_id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ContractRow {
    pub id: Uuid,
    pub number: String,
    pub state: String,
    pub revision: i64,
    pub version: i64,
    pub buyer_id: Uuid,
    pub contract_date: String,
    pub author_id: Option<Uuid>,
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const CONTRACT_COLUMNS: &str =
    "id, number, state, revision, version, buyer_id, contract_date, author_id, doc, created_at, updated_at";

pub(crate) fn parse_state(s: &str) -> Result<ContractState, StoreError> {
    ContractState::ALL
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| StoreError::Backend(format!("bad stored contract state `{s}`")))
}

impl ContractRow {
    pub fn into_contract(self) -> Result<ContractRecord, StoreError> {
        Ok(ContractRecord {
            doc: parse_doc(self.id, &self.doc)?,
            state: parse_state(&self.state)?,
            contract_date: NaiveDate::parse_from_str(&self.contract_date, "%Y-%m-%d")
                .map_err(|e| StoreError::Backend(e.to_string()))?,
            id: self.id,
            number: self.number,
            revision: self.revision,
            version: self.version,
            buyer_id: self.buyer_id,
            author_id: self.author_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(data);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

macro_rules! trade_store {
    ($Store:ident, $Db:ty, lock_suffix = $lock:literal) => {
        #[allow(dead_code)]
        impl $Store {
            async fn fetch_record(
                conn: &mut <$Db as sqlx::Database>::Connection,
                kind: gendan_store::RecordKind,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<gendan_store::Record> {
                use $crate::trade::*;
                let row: Option<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {RECORD_COLUMNS} FROM records WHERE kind = $1 AND id = $2"
                )))
                .bind(kind.as_str())
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: kind.as_str(),
                    id: id.to_string(),
                })?
                .into_record(kind)
            }

            async fn insert_record(
                tx: &mut sqlx::Transaction<'static, $Db>,
                w: &gendan_store::RecordWrite,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<uuid::Uuid> {
                use $crate::trade::*;
                let id = gendan_domain::id::new_id();
                let doc = to_doc(&w.doc);
                sqlx::query(
                    "INSERT INTO records (id, kind, key, parent_id, version, doc, search_text, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $7)",
                )
                .bind(id)
                .bind(w.kind.as_str())
                .bind(&w.key)
                .bind(w.parent_id)
                .bind(&doc)
                .bind(&w.search_text)
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err_unique(w.kind.key_field(), &w.key))?;
                sqlx::query("INSERT INTO record_revisions (record_id, version, doc, actor, at) VALUES ($1, 1, $2, $3, $4)")
                    .bind(id)
                    .bind(&doc)
                    .bind(&ctx.actor.label)
                    .bind(ctx.at)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(id)
            }

            fn record_created_event(
                ctx: &gendan_store::WriteContext,
                id: uuid::Uuid,
                w: &gendan_store::RecordWrite,
            ) -> gendan_domain::audit::NewAuditEvent {
                let changes = gendan_domain::audit::diff(&Default::default(), &gendan_store::flatten(&w.doc));
                Self::audit(ctx, w.kind.as_str(), id, "create", changes)
            }

            async fn lock_contract(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<gendan_store::ContractRecord> {
                use $crate::trade::*;
                let row: Option<ContractRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {CONTRACT_COLUMNS} FROM contracts WHERE id = $1{}",
                    $lock
                )))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "contract",
                    id: id.to_string(),
                })?
                .into_contract()
            }

            async fn fetch_contract(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<gendan_store::ContractRecord> {
                use $crate::trade::*;
                let row: Option<ContractRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {CONTRACT_COLUMNS} FROM contracts WHERE id = $1"
                )))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "contract",
                    id: id.to_string(),
                })?
                .into_contract()
            }

            /// Keep a revision's content: who wrote it and when.
            async fn insert_revision(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                revision: i64,
                doc: &str,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO contract_revisions (contract_id, revision, doc, author_id, author, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(revision)
                .bind(doc)
                .bind(ctx.actor.user_id)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn check_buyer(
                tx: &mut sqlx::Transaction<'static, $Db>,
                buyer_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<()> {
                let kind: Option<(String,)> = sqlx::query_as("SELECT kind FROM parties WHERE id = $1")
                    .bind(buyer_id)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err($crate::common::db_err)?;
                match kind {
                    Some((k,)) if k == "customer" => Ok(()),
                    Some(_) => Err(gendan_domain::ValidationErrors::single(
                        "buyer_id",
                        "not_a_customer",
                        "the buyer must be a customer",
                    )
                    .into()),
                    None => Err(gendan_domain::ValidationErrors::single(
                        "buyer_id",
                        "not_found",
                        format!("no party {buyer_id}"),
                    )
                    .into()),
                }
            }

            #[allow(clippy::too_many_arguments)]
            async fn insert_contract_event(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                revision: i64,
                action: &str,
                from: &str,
                to: &str,
                reason: Option<&str>,
                detail: &serde_json::Value,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO contract_events (contract_id, revision, action, from_state, to_state, actor_id, actor, \
                     reason, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(id)
                .bind(revision)
                .bind(action)
                .bind(from)
                .bind(to)
                .bind(ctx.actor.user_id)
                .bind(&ctx.actor.label)
                .bind(reason)
                .bind(detail.to_string())
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl gendan_store::TradeStore for $Store {
            async fn create_record(
                &self,
                w: gendan_store::RecordWrite,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::Record> {
                let mut tx = self.begin_write().await?;
                let id = Self::insert_record(&mut tx, &w, ctx).await?;
                Self::append_audit(&mut tx, vec![Self::record_created_event(ctx, id, &w)]).await?;
                let rec = Self::fetch_record(&mut tx, w.kind, id).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(rec)
            }

            async fn create_records(
                &self,
                ws: Vec<gendan_store::RecordWrite>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<usize> {
                // Many rows per statement: one round trip per chunk, not per row.
                const CHUNK: usize = 250;
                let mut tx = self.begin_write().await?;
                let ids: Vec<uuid::Uuid> = ws.iter().map(|_| gendan_domain::id::new_id()).collect();
                let docs: Vec<String> = ws.iter().map(|w| $crate::trade::to_doc(&w.doc)).collect();
                for (chunk, start) in ws.chunks(CHUNK).zip((0..).step_by(CHUNK)) {
                    let mut b = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO records (id, kind, key, parent_id, version, doc, search_text, created_at, updated_at) ",
                    );
                    b.push_values(chunk.iter().enumerate(), |mut row, (i, w)| {
                        row.push_bind(ids[start + i])
                            .push_bind(w.kind.as_str())
                            .push_bind(&w.key)
                            .push_bind(w.parent_id)
                            .push_bind(1i64)
                            .push_bind(&docs[start + i])
                            .push_bind(&w.search_text)
                            .push_bind(ctx.at)
                            .push_bind(ctx.at);
                    });
                    b.build().execute(&mut *tx).await.map_err(|e| match &e {
                        sqlx::Error::Database(d) if d.is_unique_violation() => {
                            // Name the first key of the chunk that is taken or repeated.
                            let value = chunk
                                .iter()
                                .map(|w| w.key.clone())
                                .find(|k| chunk.iter().filter(|w| &w.key == k).count() > 1)
                                .unwrap_or_else(|| chunk.first().map(|w| w.key.clone()).unwrap_or_default());
                            gendan_store::StoreError::Duplicate { field: chunk[0].kind.key_field(), value }
                        }
                        _ => $crate::common::db_err(e),
                    })?;
                    let mut b = sqlx::QueryBuilder::<$Db>::new(
                        "INSERT INTO record_revisions (record_id, version, doc, actor, at) ",
                    );
                    b.push_values(chunk.iter().enumerate(), |mut row, (i, _)| {
                        row.push_bind(ids[start + i])
                            .push_bind(1i64)
                            .push_bind(&docs[start + i])
                            .push_bind(&ctx.actor.label)
                            .push_bind(ctx.at);
                    });
                    b.build().execute(&mut *tx).await.map_err($crate::common::db_err)?;
                }
                let events = ws
                    .iter()
                    .zip(&ids)
                    .map(|(w, id)| Self::record_created_event(ctx, *id, w))
                    .collect();
                Self::append_audit(&mut tx, events).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(ws.len())
            }

            async fn record(
                &self,
                kind: gendan_store::RecordKind,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<gendan_store::Record> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_record(&mut conn, kind, id).await
            }

            async fn record_by_key(
                &self,
                kind: gendan_store::RecordKind,
                key: &str,
            ) -> gendan_store::StoreResult<Option<gendan_store::Record>> {
                use $crate::trade::*;
                let row: Option<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {RECORD_COLUMNS} FROM records WHERE kind = $1 AND key = $2"
                )))
                .bind(kind.as_str())
                .bind(key)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                row.map(|r| r.into_record(kind)).transpose()
            }

            async fn list_records(
                &self,
                q: &gendan_store::RecordQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_store::Record>> {
                use $crate::trade::*;
                let mut b = sqlx::QueryBuilder::<$Db>::new(format!("SELECT {RECORD_COLUMNS} FROM records WHERE kind = "));
                b.push_bind(q.kind.as_str());
                if let Some(p) = q.parent_id {
                    b.push(" AND parent_id = ").push_bind(p);
                }
                if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    b.push(" AND search_text LIKE ")
                        .push_bind($crate::common::like_pattern(s))
                        .push(" ESCAPE '\\'");
                }
                b.push(" ORDER BY key, id LIMIT ")
                    .push_bind(i64::from(q.limit.max(1)))
                    .push(" OFFSET ")
                    .push_bind(i64::from(q.offset));
                let rows: Vec<RecordRow> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err($crate::common::db_err)?;
                rows.into_iter().map(|r| r.into_record(q.kind)).collect()
            }

            async fn record_keys(&self, kind: gendan_store::RecordKind) -> gendan_store::StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as("SELECT key FROM records WHERE kind = $1")
                    .bind(kind.as_str())
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(rows.into_iter().map(|(k,)| k).collect())
            }

            async fn count_records(&self, kind: gendan_store::RecordKind) -> gendan_store::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM records WHERE kind = $1")
                    .bind(kind.as_str())
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(n)
            }

            async fn update_record(
                &self,
                kind: gendan_store::RecordKind,
                id: uuid::Uuid,
                expected_version: i64,
                w: gendan_store::RecordWrite,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::Record> {
                use $crate::trade::*;
                let mut tx = self.begin_write().await?;
                let _: Option<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT version FROM records WHERE id = $1{}",
                    $lock
                )))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let before = Self::fetch_record(&mut tx, kind, id).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: before.version,
                    });
                }
                let changes = gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &gendan_store::flatten(&w.doc));
                if changes.is_empty() && before.key == w.key && before.parent_id == w.parent_id {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(before);
                }
                let doc = to_doc(&w.doc);
                sqlx::query(
                    "UPDATE records SET version = version + 1, key = $1, parent_id = $2, doc = $3, search_text = $4, \
                     updated_at = $5 WHERE id = $6 AND version = $7",
                )
                .bind(&w.key)
                .bind(w.parent_id)
                .bind(&doc)
                .bind(&w.search_text)
                .bind(ctx.at)
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err_unique(kind.key_field(), &w.key))?;
                sqlx::query("INSERT INTO record_revisions (record_id, version, doc, actor, at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(expected_version + 1)
                    .bind(&doc)
                    .bind(&ctx.actor.label)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                Self::append_audit(&mut tx, vec![Self::audit(ctx, kind.as_str(), id, "update", changes)]).await?;
                let after = Self::fetch_record(&mut tx, kind, id).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn delete_record(
                &self,
                kind: gendan_store::RecordKind,
                id: uuid::Uuid,
                expected_version: i64,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let before = Self::fetch_record(&mut tx, kind, id).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: before.version,
                    });
                }
                let res = sqlx::query("DELETE FROM records WHERE id = $1 AND version = $2")
                    .bind(id)
                    .bind(expected_version)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                if res.rows_affected() != 1 {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: expected_version + 1,
                    });
                }
                let changes = gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &Default::default());
                Self::append_audit(&mut tx, vec![Self::audit(ctx, kind.as_str(), id, "delete", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn record_revisions(
                &self,
                kind: gendan_store::RecordKind,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::RecordRevision>> {
                let _ = kind;
                let rows: Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT version, doc, actor, at FROM record_revisions WHERE record_id = $1 ORDER BY version",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(version, doc, actor, at)| {
                        Ok(gendan_store::RecordRevision {
                            version,
                            doc: $crate::trade::parse_doc(id, &doc)?,
                            actor,
                            at,
                        })
                    })
                    .collect()
            }

            async fn create_contract(
                &self,
                c: gendan_store::NewContract,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ContractRecord> {
                use chrono::Datelike;
                let mut tx = self.begin_write().await?;
                Self::check_buyer(&mut tx, c.buyer_id).await?;
                // The upsert takes the row lock: concurrent creators of the same year queue
                // here, and a rolled-back creation gives its number back.
                let scope = format!("contract:{}", c.contract_date.year());
                let (seq,): (i64,) = sqlx::query_as(
                    "INSERT INTO number_sequences (scope, last) VALUES ($1, 1) \
                     ON CONFLICT (scope) DO UPDATE SET last = number_sequences.last + 1 RETURNING last",
                )
                .bind(&scope)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let number = c.pattern.format(c.contract_date, u32::try_from(seq).unwrap_or(u32::MAX));
                let id = gendan_domain::id::new_id();
                let doc = $crate::trade::to_doc(&c.doc);
                sqlx::query(
                    "INSERT INTO contracts (id, number, state, revision, version, buyer_id, contract_date, author_id, \
                     doc, search_text, created_at, updated_at) VALUES ($1, $2, 'draft', 1, 1, $3, $4, $5, $6, $7, $8, $8)",
                )
                .bind(id)
                .bind(&number)
                .bind(c.buyer_id)
                .bind(c.contract_date.to_string())
                .bind(ctx.actor.user_id)
                .bind(&doc)
                .bind(format!("{} {}", number.to_lowercase(), c.search_text))
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err_unique("number", &number))?;
                Self::insert_revision(&mut tx, id, 1, &doc, ctx).await?;
                Self::insert_contract_event(&mut tx, id, 1, "create", "", "draft", None, &serde_json::json!({}), ctx)
                    .await?;
                let mut values = gendan_store::flatten(&c.doc);
                values.insert("number".into(), number.clone());
                values.insert("state".into(), "draft".into());
                let changes = gendan_domain::audit::diff(&Default::default(), &values);
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "contract", id, "create", changes)]).await?;
                let rec = Self::fetch_contract(&mut tx, id).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(rec)
            }

            async fn contract(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::ContractRecord> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_contract(&mut conn, id).await
            }

            async fn list_contracts(
                &self,
                q: &gendan_store::ContractQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ContractRecord>> {
                use $crate::trade::*;
                let mut b =
                    sqlx::QueryBuilder::<$Db>::new(format!("SELECT {CONTRACT_COLUMNS} FROM contracts WHERE 1 = 1"));
                if let Some(s) = q.state {
                    b.push(" AND state = ").push_bind(s.as_str());
                }
                if let Some(p) = q.buyer_id {
                    b.push(" AND buyer_id = ").push_bind(p);
                }
                if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    b.push(" AND search_text LIKE ")
                        .push_bind($crate::common::like_pattern(s))
                        .push(" ESCAPE '\\'");
                }
                // Newest first; ids are UUIDv7, so within a day the later-created comes first (the
                // number cannot sort: its sequence need not be zero-padded).
                b.push(" ORDER BY contract_date DESC, id DESC LIMIT ")
                    .push_bind(i64::from(q.limit.max(1)))
                    .push(" OFFSET ")
                    .push_bind(i64::from(q.offset));
                let rows: Vec<ContractRow> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err($crate::common::db_err)?;
                rows.into_iter().map(ContractRow::into_contract).collect()
            }

            async fn count_contracts_by_state(
                &self,
            ) -> gendan_store::StoreResult<Vec<(gendan_domain::contract::ContractState, i64)>> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT state, COUNT(*) FROM contracts GROUP BY state ORDER BY state")
                        .fetch_all(&self.pool)
                        .await
                        .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(s, n)| Ok(($crate::trade::parse_state(&s)?, n)))
                    .collect()
            }

            async fn update_contract(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                e: gendan_store::ContractEdit,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ContractRecord> {
                let mut tx = self.begin_write().await?;
                let before = Self::lock_contract(&mut tx, id).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: before.version,
                    });
                }
                if !before.state.is_editable() {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "not_editable",
                        format!("a contract that is {} is changed by an amendment, not edited", before.state),
                    )
                    .into());
                }
                Self::check_buyer(&mut tx, e.buyer_id).await?;
                let changes =
                    gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &gendan_store::flatten(&e.doc));
                if changes.is_empty() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(before);
                }
                let doc = $crate::trade::to_doc(&e.doc);
                // A rejected revision is kept as it was decided: editing it starts the next
                // revision, back in draft. A draft is edited in place.
                let (revision, state) = if before.state == gendan_domain::contract::ContractState::Rejected {
                    (before.revision + 1, gendan_domain::contract::ContractState::Draft)
                } else {
                    (before.revision, before.state)
                };
                sqlx::query(
                    "UPDATE contracts SET version = version + 1, buyer_id = $1, contract_date = $2, doc = $3, \
                     search_text = $4, updated_at = $5, author_id = $6, revision = $7, state = $8 WHERE id = $9",
                )
                .bind(e.buyer_id)
                .bind(e.contract_date.to_string())
                .bind(&doc)
                .bind(format!("{} {}", before.number.to_lowercase(), e.search_text))
                .bind(ctx.at)
                .bind(ctx.actor.user_id)
                .bind(revision)
                .bind(state.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                if revision == before.revision {
                    sqlx::query(
                        "UPDATE contract_revisions SET doc = $1, author_id = $2, author = $3 \
                         WHERE contract_id = $4 AND revision = $5",
                    )
                    .bind(&doc)
                    .bind(ctx.actor.user_id)
                    .bind(&ctx.actor.label)
                    .bind(id)
                    .bind(revision)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                } else {
                    Self::insert_revision(&mut tx, id, revision, &doc, ctx).await?;
                }
                // The edit is a recorded fact: who wrote this revision is who may not decide on it.
                Self::insert_contract_event(
                    &mut tx,
                    id,
                    revision,
                    "edit",
                    before.state.as_str(),
                    state.as_str(),
                    None,
                    &serde_json::json!({}),
                    ctx,
                )
                .await?;
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "contract", id, "update", changes)]).await?;
                let after = Self::fetch_contract(&mut tx, id).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn contract_step(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                step: gendan_store::ContractStep,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ContractRecord> {
                use gendan_domain::contract::{ContractAction, TransitionRequest, transition};
                let mut tx = self.begin_write().await?;
                let before = Self::lock_contract(&mut tx, id).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: before.version,
                    });
                }
                // Four eyes: whoever created, edited or amended the current revision does not
                // decide on it.
                let is_author = match ctx.actor.user_id {
                    None => false,
                    Some(uid) => {
                        let (n,): (i64,) = sqlx::query_as(
                            "SELECT COUNT(*) FROM contract_events WHERE contract_id = $1 AND revision = $2 \
                             AND action IN ('create', 'edit', 'amend') AND actor_id = $3",
                        )
                        .bind(id)
                        .bind(before.revision)
                        .bind(uid)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::common::db_err)?;
                        n > 0 || before.author_id == Some(uid)
                    }
                };
                let to = transition(
                    before.state,
                    &TransitionRequest {
                        action: step.action,
                        role: step.role,
                        is_author,
                        reason: step.reason.as_deref(),
                    },
                )
                .map_err(gendan_store::TransitionRefused)?;
                if step.action == ContractAction::Confirm && step.attachment.is_none() {
                    return Err(gendan_domain::ValidationErrors::single(
                        "countersigned",
                        "required",
                        "confirming needs the countersigned copy",
                    )
                    .into());
                }
                let mut detail = step.detail.clone();
                if let Some(a) = &step.attachment {
                    let aid = gendan_domain::id::new_id();
                    sqlx::query(
                        "INSERT INTO attachments (id, entity_type, entity_id, purpose, file_name, content_type, size, \
                         sha256, data, uploaded_by, at) VALUES ($1, 'contract', $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(aid)
                    .bind(id)
                    .bind(&a.purpose)
                    .bind(&a.file_name)
                    .bind(&a.content_type)
                    .bind(a.data.len() as i64)
                    .bind($crate::trade::sha256_hex(&a.data))
                    .bind(&a.data)
                    .bind(&ctx.actor.label)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    if let serde_json::Value::Object(m) = &mut detail {
                        m.insert("attachment_id".into(), serde_json::Value::String(aid.to_string()));
                        m.insert("file_name".into(), serde_json::Value::String(a.file_name.clone()));
                    }
                }
                let mut revision = before.revision;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "state".into(),
                    gendan_domain::audit::FieldChange {
                        before: Some(before.state.as_str().into()),
                        after: Some(to.as_str().into()),
                    },
                );
                if let Some(r) = &step.reason {
                    changes.insert(
                        "reason".into(),
                        gendan_domain::audit::FieldChange { before: None, after: Some(r.clone()) },
                    );
                }
                match (&step.action, &step.amendment) {
                    (ContractAction::Amend, Some(e)) => {
                        Self::check_buyer(&mut tx, e.buyer_id).await?;
                        revision += 1;
                        let doc = $crate::trade::to_doc(&e.doc);
                        for (k, v) in gendan_domain::audit::diff(
                            &gendan_store::flatten(&before.doc),
                            &gendan_store::flatten(&e.doc),
                        ) {
                            changes.insert(k, v);
                        }
                        changes.insert(
                            "revision".into(),
                            gendan_domain::audit::FieldChange {
                                before: Some(before.revision.to_string()),
                                after: Some(revision.to_string()),
                            },
                        );
                        Self::insert_revision(&mut tx, id, revision, &doc, ctx).await?;
                        sqlx::query(
                            "UPDATE contracts SET revision = $1, doc = $2, buyer_id = $3, contract_date = $4, \
                             search_text = $5, author_id = $6 WHERE id = $7",
                        )
                        .bind(revision)
                        .bind(&doc)
                        .bind(e.buyer_id)
                        .bind(e.contract_date.to_string())
                        .bind(format!("{} {}", before.number.to_lowercase(), e.search_text))
                        .bind(ctx.actor.user_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::common::db_err)?;
                    }
                    (ContractAction::Amend, None) => {
                        return Err(gendan_domain::ValidationErrors::single(
                            "contract",
                            "required",
                            "an amendment needs the amended contract",
                        )
                        .into());
                    }
                    _ => {}
                }
                sqlx::query("UPDATE contracts SET state = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                    .bind(to.as_str())
                    .bind(ctx.at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                Self::insert_contract_event(
                    &mut tx,
                    id,
                    revision,
                    step.action.as_str(),
                    before.state.as_str(),
                    to.as_str(),
                    step.reason.as_deref(),
                    &detail,
                    ctx,
                )
                .await?;
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "contract", id, step.action.as_str(), changes)])
                    .await?;
                let after = Self::fetch_contract(&mut tx, id).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn contract_revisions(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ContractRevision>> {
                let rows: Vec<(i64, String, Option<uuid::Uuid>, String, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(
                        "SELECT revision, doc, author_id, author, created_at FROM contract_revisions \
                         WHERE contract_id = $1 ORDER BY revision",
                    )
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(revision, doc, author_id, author, created_at)| {
                        Ok(gendan_store::ContractRevision {
                            revision,
                            doc: $crate::trade::parse_doc(id, &doc)?,
                            author_id,
                            author,
                            created_at,
                        })
                    })
                    .collect()
            }

            async fn count_revisions_with_product(&self, product_id: uuid::Uuid) -> gendan_store::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM contract_revisions WHERE doc LIKE $1")
                    .bind(format!("%\"product_id\":\"{product_id}\"%"))
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(n)
            }

            async fn contract_events(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ContractEvent>> {
                #[allow(clippy::type_complexity)]
                let rows: Vec<(
                    i64,
                    i64,
                    String,
                    String,
                    String,
                    Option<uuid::Uuid>,
                    String,
                    Option<String>,
                    String,
                    chrono::DateTime<chrono::Utc>,
                )> = sqlx::query_as(
                    "SELECT seq, revision, action, from_state, to_state, actor_id, actor, reason, detail, at \
                     FROM contract_events WHERE contract_id = $1 ORDER BY seq",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(seq, revision, action, from_state, to_state, actor_id, actor, reason, detail, at)| {
                        Ok(gendan_store::ContractEvent {
                            seq,
                            revision,
                            action,
                            from_state,
                            to_state,
                            actor_id,
                            actor,
                            reason,
                            detail: $crate::trade::parse_doc(id, &detail)?,
                            at,
                        })
                    })
                    .collect()
            }

            async fn attachments(
                &self,
                entity_type: &str,
                entity_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::Attachment>> {
                #[allow(clippy::type_complexity)]
                let rows: Vec<(uuid::Uuid, String, String, String, i64, String, String, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(
                        "SELECT id, purpose, file_name, content_type, size, sha256, uploaded_by, at FROM attachments \
                         WHERE entity_type = $1 AND entity_id = $2 ORDER BY at, id",
                    )
                    .bind(entity_type)
                    .bind(entity_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, purpose, file_name, content_type, size, sha256, uploaded_by, at)| gendan_store::Attachment {
                        id,
                        entity_type: entity_type.to_string(),
                        entity_id,
                        purpose,
                        file_name,
                        content_type,
                        size,
                        sha256,
                        uploaded_by,
                        at,
                    })
                    .collect())
            }

            async fn attachment_data(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<(gendan_store::Attachment, Vec<u8>)> {
                #[allow(clippy::type_complexity)]
                let row: Option<(
                    String,
                    uuid::Uuid,
                    String,
                    String,
                    String,
                    i64,
                    String,
                    String,
                    chrono::DateTime<chrono::Utc>,
                    Vec<u8>,
                )> = sqlx::query_as(
                    "SELECT entity_type, entity_id, purpose, file_name, content_type, size, sha256, uploaded_by, at, data \
                     FROM attachments WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                let (entity_type, entity_id, purpose, file_name, content_type, size, sha256, uploaded_by, at, data) =
                    row.ok_or_else(|| gendan_store::StoreError::NotFound {
                        entity: "attachment",
                        id: id.to_string(),
                    })?;
                Ok((
                    gendan_store::Attachment {
                        id,
                        entity_type,
                        entity_id,
                        purpose,
                        file_name,
                        content_type,
                        size,
                        sha256,
                        uploaded_by,
                        at,
                    },
                    data,
                ))
            }
        }
    };
}
