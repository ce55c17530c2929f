//! Trade documents and their verification log in SQL, written once for both backends like
//! [`sql_store!`] and [`shipment_store!`].

use chrono::{DateTime, Utc};
use gendan_domain::trade_document::TradeDocumentKind;
use gendan_store::{DocumentRecord, StoreError};
use uuid::Uuid;

use crate::trade::parse_doc;

#[derive(sqlx::FromRow)]
pub(crate) struct DocumentRow {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub kind: String,
    pub number: String,
    pub revision: i64,
    pub version: i64,
    pub final_revision: Option<i64>,
    pub sent_at: Option<DateTime<Utc>>,
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const DOCUMENT_COLUMNS: &str =
    "id, shipment_id, kind, number, revision, version, final_revision, sent_at, doc, created_at, updated_at";

impl DocumentRow {
    pub fn into_record(self) -> Result<DocumentRecord, StoreError> {
        Ok(DocumentRecord {
            doc: parse_doc(self.id, &self.doc)?,
            kind: TradeDocumentKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Backend(format!("bad stored document kind `{}`", self.kind)))?,
            id: self.id,
            shipment_id: self.shipment_id,
            number: self.number,
            revision: self.revision,
            version: self.version,
            final_revision: self.final_revision,
            sent_at: self.sent_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DispatchRow {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub kind: String,
    pub state: String,
    pub version: i64,
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const DISPATCH_COLUMNS: &str =
    "id, shipment_id, kind, state, version, doc, created_at, updated_at";

impl DispatchRow {
    pub fn into_record(self) -> Result<gendan_store::DispatchRecord, StoreError> {
        Ok(gendan_store::DispatchRecord {
            doc: parse_doc(self.id, &self.doc)?,
            id: self.id,
            shipment_id: self.shipment_id,
            kind: self.kind,
            state: self.state,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

macro_rules! document_store {
    ($Store:ident, $Db:ty, lock_suffix = $lock:literal) => {
        #[allow(dead_code)]
        impl $Store {
            async fn fetch_document(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
                lock: bool,
            ) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                use $crate::document::*;
                let row: Option<DocumentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM trade_documents WHERE id = $1{}",
                    if lock { $lock } else { "" }
                )))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "document",
                    id: id.to_string(),
                })?
                .into_record()
            }

            async fn all_checks(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_domain::trade_document::Check>> {
                let rows: Vec<(String,)> =
                    sqlx::query_as("SELECT doc FROM trade_document_checks WHERE document_id = $1 ORDER BY seq")
                        .bind(id)
                        .fetch_all(&mut *conn)
                        .await
                        .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(d,)| serde_json::from_str(&d).map_err(|e| gendan_store::StoreError::Backend(e.to_string())))
                    .collect()
            }

            /// Append a check to a document's verification log; the check as stored.
            async fn insert_check(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
                check: &gendan_domain::trade_document::Check,
                at: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<String> {
                let doc = serde_json::to_string(check).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                sqlx::query("INSERT INTO trade_document_checks (document_id, revision, doc, at) VALUES ($1, $2, $3, $4)")
                    .bind(id)
                    .bind(check.revision)
                    .bind(&doc)
                    .bind(at)
                    .execute(&mut *conn)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(doc)
            }

            async fn fetch_dispatch(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
                lock: bool,
            ) -> gendan_store::StoreResult<gendan_store::DispatchRecord> {
                use $crate::document::*;
                let row: Option<DispatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {DISPATCH_COLUMNS} FROM dispatches WHERE id = $1{}",
                    if lock { $lock } else { "" }
                )))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "dispatch",
                    id: id.to_string(),
                })?
                .into_record()
            }

            fn check_document_version(
                rec: &gendan_store::DocumentRecord,
                expected: i64,
            ) -> gendan_store::StoreResult<()> {
                if rec.version != expected {
                    return Err(gendan_store::StoreError::Conflict {
                        expected,
                        current: rec.version,
                    });
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl gendan_store::DocumentStore for $Store {
            async fn create_document(
                &self,
                n: gendan_store::NewDocument,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                use chrono::Datelike;
                let mut tx = self.begin_write().await?;
                // The shipment's row lock: two generations at once make one set, not two.
                Self::fetch_shipment(&mut tx, n.shipment_id, true).await?;
                if n.pattern.is_some() {
                    let (count,): (i64,) =
                        sqlx::query_as("SELECT COUNT(*) FROM trade_documents WHERE shipment_id = $1 AND kind = $2")
                            .bind(n.shipment_id)
                            .bind(n.kind.as_str())
                            .fetch_one(&mut *tx)
                            .await
                            .map_err($crate::common::db_err)?;
                    if count > 0 {
                        return Err(gendan_domain::ValidationErrors::single(
                            "kind",
                            "already_generated",
                            format!("the shipment has its {} already: it is revised, not made again", n.kind.as_str()),
                        )
                        .into());
                    }
                }
                let number = match (&n.pattern, &n.number) {
                    (_, Some(given)) => given.clone(),
                    (Some(p), None) => {
                        let scope = format!("document:{}:{}", n.kind.as_str(), n.date.year());
                        let (seq,): (i64,) = sqlx::query_as(
                            "INSERT INTO number_sequences (scope, last) VALUES ($1, 1) \
                             ON CONFLICT (scope) DO UPDATE SET last = number_sequences.last + 1 RETURNING last",
                        )
                        .bind(&scope)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::common::db_err)?;
                        p.format(n.date, u32::try_from(seq).unwrap_or(u32::MAX))
                    }
                    (None, None) => {
                        return Err(gendan_domain::ValidationErrors::single(
                            "number",
                            "required",
                            "a received document keeps its own number",
                        )
                        .into());
                    }
                };
                let id = gendan_domain::id::new_id();
                let mut n = n;
                if let (Some(field), serde_json::Value::Object(m)) = (n.number_field, &mut n.doc) {
                    m.insert(field.to_string(), serde_json::Value::String(number.clone()));
                }
                let doc = $crate::trade::to_doc(&n.doc);
                sqlx::query(
                    "INSERT INTO trade_documents (id, shipment_id, kind, number, revision, version, final_revision, \
                     sent_at, doc, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, 1, NULL, NULL, $5, $6, $6)",
                )
                .bind(id)
                .bind(n.shipment_id)
                .bind(n.kind.as_str())
                .bind(&number)
                .bind(&doc)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err_unique("number", &number))?;
                sqlx::query(
                    "INSERT INTO trade_document_revisions (document_id, revision, doc, author, at) \
                     VALUES ($1, 1, $2, $3, $4)",
                )
                .bind(id)
                .bind(&doc)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut values = gendan_store::flatten(&n.doc);
                values.insert("number".into(), number.clone());
                values.insert("kind".into(), n.kind.as_str().into());
                let changes = gendan_domain::audit::diff(&Default::default(), &values);
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "document", id, "create", changes)]).await?;
                let rec = Self::fetch_document(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(rec)
            }

            async fn document(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_document(&mut conn, id, false).await
            }

            async fn list_documents(
                &self,
                q: &gendan_store::DocumentQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_store::DocumentRecord>> {
                use $crate::document::*;
                let mut b = sqlx::QueryBuilder::<$Db>::new(format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM trade_documents WHERE 1 = 1"
                ));
                if let Some(s) = q.shipment_id {
                    b.push(" AND shipment_id = ").push_bind(s);
                }
                if let Some(k) = q.kind {
                    b.push(" AND kind = ").push_bind(k.as_str());
                }
                b.push(" ORDER BY id DESC LIMIT ")
                    .push_bind(i64::from(q.limit.max(1)))
                    .push(" OFFSET ")
                    .push_bind(i64::from(q.offset));
                let rows: Vec<DocumentRow> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err($crate::common::db_err)?;
                rows.into_iter().map(DocumentRow::into_record).collect()
            }

            async fn revise_document(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                doc: serde_json::Value,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                let mut tx = self.begin_write().await?;
                let before = Self::fetch_document(&mut tx, id, true).await?;
                Self::check_document_version(&before, expected_version)?;
                if before.sent_at.is_some() {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "already_sent",
                        "the document was sent: it is not changed",
                    )
                    .into());
                }
                let mut changes =
                    gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &gendan_store::flatten(&doc));
                if changes.is_empty() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(before);
                }
                let revision = before.revision + 1;
                let text = $crate::trade::to_doc(&doc);
                sqlx::query(
                    "INSERT INTO trade_document_revisions (document_id, revision, doc, author, at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(revision)
                .bind(&text)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                sqlx::query(
                    "UPDATE trade_documents SET doc = $1, revision = $2, version = version + 1, updated_at = $3 \
                     WHERE id = $4",
                )
                .bind(&text)
                .bind(revision)
                .bind(ctx.at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                changes.insert(
                    "revision".into(),
                    $crate::instruction::change(Some(&before.revision.to_string()), Some(&revision.to_string())),
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "document", id, "revise", changes)]).await?;
                let after = Self::fetch_document(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn document_revisions(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::DocumentRevision>> {
                let rows: Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT revision, doc, author, at FROM trade_document_revisions WHERE document_id = $1 \
                     ORDER BY revision",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(revision, doc, author, at)| {
                        Ok(gendan_store::DocumentRevision {
                            doc: $crate::trade::parse_doc(id, &doc)?,
                            revision,
                            author,
                            at,
                        })
                    })
                    .collect()
            }

            async fn add_check(
                &self,
                id: uuid::Uuid,
                check: gendan_domain::trade_document::Check,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_document(&mut tx, id, true).await?;
                if check.revision != rec.revision {
                    return Err(gendan_domain::ValidationErrors::single(
                        "revision",
                        "superseded_revision",
                        format!(
                            "revision {} is superseded: check revision {}",
                            check.revision, rec.revision
                        ),
                    )
                    .into());
                }
                let doc = Self::insert_check(&mut tx, id, &check, ctx.at).await?;
                sqlx::query("UPDATE trade_documents SET version = version + 1, updated_at = $1 WHERE id = $2")
                    .bind(ctx.at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("check".into(), $crate::instruction::change(None, Some(&doc)));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "document", id, "check", changes)]).await?;
                let after = Self::fetch_document(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn document_checks(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_domain::trade_document::Check>> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::all_checks(&mut conn, id).await
            }

            async fn finalise_document(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                rule: gendan_store::FinaliseCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_document(&mut tx, id, true).await?;
                Self::check_document_version(&rec, expected_version)?;
                if rec.is_final() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(rec);
                }
                let checks = Self::all_checks(&mut tx, id).await?;
                rule(&rec, &checks)?;
                sqlx::query(
                    "UPDATE trade_documents SET final_revision = revision, version = version + 1, updated_at = $1 \
                     WHERE id = $2",
                )
                .bind(ctx.at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "final_revision".into(),
                    $crate::instruction::change(
                        rec.final_revision.map(|r| r.to_string()).as_deref(),
                        Some(&rec.revision.to_string()),
                    ),
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "document", id, "finalise", changes)]).await?;
                let after = Self::fetch_document(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn attach_scan(
                &self,
                id: uuid::Uuid,
                scan: gendan_store::NewAttachment,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<(gendan_store::DocumentRecord, uuid::Uuid)> {
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_document(&mut tx, id, true).await?;
                if rec.sent_at.is_some() {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "already_sent",
                        "the document was sent: it is not changed",
                    )
                    .into());
                }
                let aid = gendan_domain::id::new_id();
                let sha = $crate::trade::sha256_hex(&scan.data);
                sqlx::query(
                    "INSERT INTO attachments (id, entity_type, entity_id, purpose, file_name, content_type, size, \
                     sha256, data, uploaded_by, at) VALUES ($1, 'trade_document', $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(aid)
                .bind(id)
                .bind(format!("{}:revision-{}", scan.purpose, rec.revision))
                .bind(&scan.file_name)
                .bind(&scan.content_type)
                .bind(scan.data.len() as i64)
                .bind(&sha)
                .bind(&scan.data)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                sqlx::query("UPDATE trade_documents SET version = version + 1, updated_at = $1 WHERE id = $2")
                    .bind(ctx.at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "scan".into(),
                    $crate::instruction::change(None, Some(&format!("{} ({}, sha256 {sha})", scan.file_name, scan.content_type))),
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "document", id, "attach", changes)]).await?;
                let after = Self::fetch_document(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok((after, aid))
            }

            async fn mark_document_sent(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DocumentRecord> {
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_document(&mut tx, id, true).await?;
                Self::check_document_version(&rec, expected_version)?;
                if !rec.is_final() {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "not_final",
                        "only a final document is sent",
                    )
                    .into());
                }
                if rec.sent_at.is_some() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(rec);
                }
                sqlx::query("UPDATE trade_documents SET sent_at = $1, version = version + 1, updated_at = $1 WHERE id = $2")
                    .bind(ctx.at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("sent_at".into(), $crate::instruction::change(None, Some(&ctx.at.to_rfc3339())));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "document", id, "send", changes)]).await?;
                let after = Self::fetch_document(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn record_check_run(
                &self,
                run: gendan_store::NewCheckRun,
                system_checks: Vec<(uuid::Uuid, gendan_domain::trade_document::Check)>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::CheckRun> {
                let mut tx = self.begin_write().await?;
                let id = uuid::Uuid::now_v7();
                let report = serde_json::to_string(&run.report)
                    .map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO document_check_runs (id, shipment_id, trigger, ran_at, blocking, warnings, report) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(run.shipment_id)
                .bind(&run.trigger)
                .bind(ctx.at)
                .bind(run.blocking)
                .bind(run.warnings)
                .bind(&report)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut events = Vec::new();
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("trigger".into(), $crate::instruction::change(None, Some(&run.trigger)));
                changes.insert("blocking".into(), $crate::instruction::change(None, Some(&run.blocking.to_string())));
                changes.insert("warnings".into(), $crate::instruction::change(None, Some(&run.warnings.to_string())));
                events.push(Self::audit(ctx, "shipment", run.shipment_id, "cross_check", changes));
                for (doc_id, check) in system_checks {
                    let rec = Self::fetch_document(&mut tx, doc_id, true).await?;
                    if rec.revision != check.revision || rec.sent_at.is_some() {
                        continue;
                    }
                    let doc = Self::insert_check(&mut tx, doc_id, &check, ctx.at).await?;
                    // The document itself is unchanged: its version stays, so the system's
                    // check never turns a person's edit into a conflict.
                    sqlx::query("UPDATE trade_documents SET updated_at = $1 WHERE id = $2")
                        .bind(ctx.at)
                        .bind(doc_id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::common::db_err)?;
                    let mut changes = gendan_domain::audit::Changes::new();
                    changes.insert("check".into(), $crate::instruction::change(None, Some(&doc)));
                    events.push(Self::audit(ctx, "document", doc_id, "check", changes));
                }
                Self::append_audit(&mut tx, events).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(gendan_store::CheckRun {
                    id,
                    shipment_id: run.shipment_id,
                    trigger: run.trigger,
                    ran_at: ctx.at,
                    blocking: run.blocking,
                    warnings: run.warnings,
                    report: run.report,
                })
            }

            async fn check_runs(
                &self,
                shipment_id: uuid::Uuid,
                limit: u32,
            ) -> gendan_store::StoreResult<Vec<gendan_store::CheckRun>> {
                type Row = (uuid::Uuid, uuid::Uuid, String, chrono::DateTime<chrono::Utc>, i64, i64, String);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT id, shipment_id, trigger, ran_at, blocking, warnings, report FROM document_check_runs \
                     WHERE shipment_id = $1 ORDER BY ran_at DESC, id DESC LIMIT $2",
                )
                .bind(shipment_id)
                .bind(i64::from(limit.clamp(1, 1000)))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(id, shipment_id, trigger, ran_at, blocking, warnings, report)| {
                        Ok(gendan_store::CheckRun {
                            id,
                            shipment_id,
                            trigger,
                            ran_at,
                            blocking,
                            warnings,
                            report: serde_json::from_str(&report)
                                .map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?,
                        })
                    })
                    .collect()
            }

            async fn open_check_runs(&self, limit: u32) -> gendan_store::StoreResult<Vec<gendan_store::CheckRun>> {
                type Row = (uuid::Uuid, uuid::Uuid, String, chrono::DateTime<chrono::Utc>, i64, i64, String);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT r.id, r.shipment_id, r.trigger, r.ran_at, r.blocking, r.warnings, r.report \
                     FROM document_check_runs r \
                     WHERE (r.blocking > 0 OR r.warnings > 0) \
                       AND NOT EXISTS (SELECT 1 FROM document_check_runs n WHERE n.shipment_id = r.shipment_id \
                                       AND (n.ran_at > r.ran_at OR (n.ran_at = r.ran_at AND n.id > r.id))) \
                     ORDER BY r.blocking DESC, r.warnings DESC, r.ran_at DESC LIMIT $1",
                )
                .bind(i64::from(limit.clamp(1, 1000)))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(id, shipment_id, trigger, ran_at, blocking, warnings, report)| {
                        Ok(gendan_store::CheckRun {
                            id,
                            shipment_id,
                            trigger,
                            ran_at,
                            blocking,
                            warnings,
                            report: serde_json::from_str(&report)
                                .map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?,
                        })
                    })
                    .collect()
            }

            async fn decide_finding(
                &self,
                d: gendan_store::NewFindingDecision,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::FindingDecision> {
                let mut tx = self.begin_write().await?;
                let id = uuid::Uuid::now_v7();
                sqlx::query(
                    "INSERT INTO document_finding_decisions \
                     (id, shipment_id, rule, fingerprint, decision, reason, user_id, by_name, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(id)
                .bind(d.shipment_id)
                .bind(&d.rule)
                .bind(&d.fingerprint)
                .bind(&d.decision)
                .bind(&d.reason)
                .bind(d.user_id)
                .bind(&d.by)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("rule".into(), $crate::instruction::change(None, Some(&d.rule)));
                changes.insert("finding".into(), $crate::instruction::change(None, Some(&d.fingerprint)));
                changes.insert("reason".into(), $crate::instruction::change(None, Some(&d.reason)));
                let action = if d.decision == "overridden" { "override_finding" } else { "accept_finding" };
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "shipment", d.shipment_id, action, changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(gendan_store::FindingDecision {
                    id,
                    shipment_id: d.shipment_id,
                    rule: d.rule,
                    fingerprint: d.fingerprint,
                    decision: d.decision,
                    reason: d.reason,
                    user_id: d.user_id,
                    by: d.by,
                    at: ctx.at,
                })
            }

            async fn finding_decisions(
                &self,
                shipment_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::FindingDecision>> {
                type Row = (
                    uuid::Uuid,
                    uuid::Uuid,
                    String,
                    String,
                    String,
                    String,
                    uuid::Uuid,
                    String,
                    chrono::DateTime<chrono::Utc>,
                );
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT id, shipment_id, rule, fingerprint, decision, reason, user_id, by_name, at \
                     FROM document_finding_decisions WHERE shipment_id = $1 ORDER BY at, id",
                )
                .bind(shipment_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, shipment_id, rule, fingerprint, decision, reason, user_id, by, at)| {
                        gendan_store::FindingDecision {
                            id,
                            shipment_id,
                            rule,
                            fingerprint,
                            decision,
                            reason,
                            user_id,
                            by,
                            at,
                        }
                    })
                    .collect())
            }

            async fn claim_job(
                &self,
                name: &str,
                day: chrono::NaiveDate,
                at: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO jobs (name, day, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(name)
                .bind(day)
                .bind(at)
                .execute(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn finish_job(
                &self,
                name: &str,
                day: chrono::NaiveDate,
                result: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query("UPDATE jobs SET finished_at = $1, result = $2 WHERE name = $3 AND day = $4")
                    .bind(at)
                    .bind(result)
                    .bind(name)
                    .bind(day)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn create_dispatch(
                &self,
                n: gendan_store::NewDispatch,
                by: &str,
                check: gendan_store::DispatchCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DispatchRecord> {
                use $crate::document::{DISPATCH_COLUMNS, DispatchRow};
                let mut tx = self.begin_write().await?;
                Self::fetch_shipment(&mut tx, n.shipment_id, true).await?;
                let rows: Vec<DispatchRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {DISPATCH_COLUMNS} FROM dispatches WHERE shipment_id = $1 ORDER BY created_at, id"
                )))
                .bind(n.shipment_id)
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let earlier = rows.into_iter().map(DispatchRow::into_record).collect::<Result<Vec<_>, _>>()?;
                check(&earlier)?;
                let id = uuid::Uuid::now_v7();
                let doc = serde_json::to_string(&n.doc).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO dispatches (id, shipment_id, kind, state, version, doc, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'prepared', 1, $4, $5, $5)",
                )
                .bind(id)
                .bind(n.shipment_id)
                .bind(&n.kind)
                .bind(&doc)
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                sqlx::query("INSERT INTO dispatch_events (dispatch_id, from_state, to_state, note, by_name, at) VALUES ($1, NULL, 'prepared', NULL, $2, $3)")
                    .bind(id)
                    .bind(by)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("kind".into(), $crate::instruction::change(None, Some(&n.kind)));
                changes.insert("doc".into(), $crate::instruction::change(None, Some(&doc)));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "dispatch", id, "create", changes)]).await?;
                let rec = Self::fetch_dispatch(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(rec)
            }

            async fn dispatch(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::DispatchRecord> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_dispatch(&mut conn, id, false).await
            }

            async fn list_dispatches(
                &self,
                shipment_id: Option<uuid::Uuid>,
                limit: u32,
            ) -> gendan_store::StoreResult<Vec<gendan_store::DispatchRecord>> {
                use $crate::document::{DISPATCH_COLUMNS, DispatchRow};
                let limit = i64::from(limit.clamp(1, 1000));
                let rows: Vec<DispatchRow> = match shipment_id {
                    Some(s) => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {DISPATCH_COLUMNS} FROM dispatches WHERE shipment_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
                    )))
                    .bind(s)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await,
                    None => sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {DISPATCH_COLUMNS} FROM dispatches ORDER BY created_at DESC, id DESC LIMIT $1"
                    )))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await,
                }
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(DispatchRow::into_record).collect()
            }

            async fn step_dispatch(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                to_state: &str,
                note: Option<&str>,
                doc: Option<serde_json::Value>,
                by: &str,
                rule: gendan_store::DispatchStep<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::DispatchRecord> {
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_dispatch(&mut tx, id, true).await?;
                if rec.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: rec.version,
                    });
                }
                rule(&rec)?;
                let new_doc = match &doc {
                    Some(d) => Some(serde_json::to_string(d).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?),
                    None => None,
                };
                sqlx::query(
                    "UPDATE dispatches SET state = $1, version = version + 1, updated_at = $2, doc = COALESCE($3, doc) WHERE id = $4",
                )
                .bind(to_state)
                .bind(ctx.at)
                .bind(new_doc.as_deref())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                sqlx::query("INSERT INTO dispatch_events (dispatch_id, from_state, to_state, note, by_name, at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(id)
                    .bind(&rec.state)
                    .bind(to_state)
                    .bind(note)
                    .bind(by)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("state".into(), $crate::instruction::change(Some(&rec.state), Some(to_state)));
                if let Some(d) = &new_doc {
                    let before = serde_json::to_string(&rec.doc).unwrap_or_default();
                    changes.insert("doc".into(), $crate::instruction::change(Some(&before), Some(d)));
                }
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "dispatch", id, "step", changes)]).await?;
                let after = Self::fetch_dispatch(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn dispatch_events(&self, id: uuid::Uuid) -> gendan_store::StoreResult<Vec<gendan_store::DispatchEvent>> {
                type Row = (Option<String>, String, Option<String>, String, chrono::DateTime<chrono::Utc>);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT from_state, to_state, note, by_name, at FROM dispatch_events WHERE dispatch_id = $1 ORDER BY seq",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(from_state, to_state, note, by, at)| gendan_store::DispatchEvent {
                        from_state,
                        to_state,
                        note,
                        by,
                        at,
                    })
                    .collect())
            }
        }
    };
}
