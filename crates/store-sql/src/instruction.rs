//! Instructions, progress entries and supplier links in SQL, written once for both backends
//! like [`sql_store!`] and [`trade_store!`].

use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::instruction::{Department, InstructionState};
use gendan_domain::role::Role;
use gendan_store::{
    EntrySource, InstructionEvent, InstructionRecord, ProgressEntry, StoreError, SupplierLink,
};
use uuid::Uuid;

use crate::trade::parse_doc;

#[derive(sqlx::FromRow)]
pub(crate) struct InstructionRow {
    pub id: Uuid,
    pub number: String,
    pub contract_id: Uuid,
    pub state: String,
    pub revision: i64,
    pub version: i64,
    pub doc: String,
    pub issued_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const INSTRUCTION_COLUMNS: &str =
    "id, number, contract_id, state, revision, version, doc, issued_at, created_at, updated_at";

impl InstructionRow {
    pub fn into_record(self) -> Result<InstructionRecord, StoreError> {
        Ok(InstructionRecord {
            doc: parse_doc(self.id, &self.doc)?,
            state: InstructionState::parse(&self.state).ok_or_else(|| {
                StoreError::Backend(format!("bad stored instruction state `{}`", self.state))
            })?,
            id: self.id,
            number: self.number,
            contract_id: self.contract_id,
            revision: self.revision,
            version: self.version,
            issued_at: self.issued_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub seq: i64,
    pub revision: i64,
    pub action: String,
    pub department: Option<String>,
    pub actor_id: Option<Uuid>,
    pub actor: String,
    pub role: Option<String>,
    pub reason: Option<String>,
    pub detail: String,
    pub at: DateTime<Utc>,
}

pub(crate) const EVENT_COLUMNS: &str =
    "seq, revision, action, department, actor_id, actor, role, reason, detail, at";

impl EventRow {
    pub fn into_event(self) -> Result<InstructionEvent, StoreError> {
        Ok(InstructionEvent {
            detail: serde_json::from_str(&self.detail).map_err(|e| StoreError::Backend(e.to_string()))?,
            department: self.department.as_deref().and_then(Department::parse),
            role: self.role.as_deref().and_then(|r| Role::parse(r).ok()),
            seq: self.seq,
            revision: self.revision,
            action: self.action,
            actor_id: self.actor_id,
            actor: self.actor,
            reason: self.reason,
            at: self.at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    pub id: Uuid,
    pub instruction_id: Uuid,
    pub revision: i64,
    pub line: i64,
    pub date: String,
    pub doc: String,
    pub source: String,
    pub supplier_id: Option<Uuid>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

pub(crate) const ENTRY_COLUMNS: &str =
    "id, instruction_id, revision, line, date, doc, source, supplier_id, actor, at";

impl EntryRow {
    pub fn into_entry(self) -> Result<ProgressEntry, StoreError> {
        Ok(ProgressEntry {
            doc: parse_doc(self.id, &self.doc)?,
            date: NaiveDate::parse_from_str(&self.date, "%Y-%m-%d")
                .map_err(|e| StoreError::Backend(e.to_string()))?,
            source: if self.source == "supplier" {
                EntrySource::Supplier
            } else {
                EntrySource::User
            },
            id: self.id,
            instruction_id: self.instruction_id,
            revision: self.revision,
            line: self.line,
            supplier_id: self.supplier_id,
            actor: self.actor,
            at: self.at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct LinkRow {
    pub id: Uuid,
    pub instruction_id: Uuid,
    pub supplier_id: Uuid,
    pub lines: String,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) const LINK_COLUMNS: &str =
    "id, instruction_id, supplier_id, lines, expires_at, revoked_at, created_by, created_at";

impl LinkRow {
    pub fn into_link(self) -> Result<SupplierLink, StoreError> {
        Ok(SupplierLink {
            lines: serde_json::from_str(&self.lines).map_err(|e| StoreError::Backend(e.to_string()))?,
            id: self.id,
            instruction_id: self.instruction_id,
            supplier_id: self.supplier_id,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

pub(crate) fn change(before: Option<&str>, after: Option<&str>) -> gendan_domain::audit::FieldChange {
    gendan_domain::audit::FieldChange {
        before: before.map(str::to_string),
        after: after.map(str::to_string),
    }
}

macro_rules! instruction_store {
    ($Store:ident, $Db:ty, lock_suffix = $lock:literal) => {
        #[allow(dead_code)]
        impl $Store {
            async fn fetch_instruction(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
                lock: bool,
            ) -> gendan_store::StoreResult<gendan_store::InstructionRecord> {
                use $crate::instruction::*;
                let row: Option<InstructionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {INSTRUCTION_COLUMNS} FROM instructions WHERE id = $1{}",
                    if lock { $lock } else { "" }
                )))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "instruction",
                    id: id.to_string(),
                })?
                .into_record()
            }

            /// The contract (row-locked) and its other active instructions, for the limits.
            async fn run_limits(
                tx: &mut sqlx::Transaction<'static, $Db>,
                contract_id: uuid::Uuid,
                except: Option<uuid::Uuid>,
                limits: gendan_store::LimitCheck<'_>,
            ) -> gendan_store::StoreResult<()> {
                use $crate::instruction::*;
                let contract = Self::lock_contract(tx, contract_id).await?;
                let rows: Vec<InstructionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {INSTRUCTION_COLUMNS} FROM instructions WHERE contract_id = $1 AND state <> 'cancelled' \
                     ORDER BY id"
                )))
                .bind(contract_id)
                .fetch_all(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                let others = rows
                    .into_iter()
                    .filter(|r| Some(r.id) != except)
                    .map(InstructionRow::into_record)
                    .collect::<Result<Vec<_>, _>>()?;
                limits(&contract, &others)?;
                Ok(())
            }

            // One argument per column of the event row, as `insert_contract_event`.
            #[allow(clippy::too_many_arguments)]
            async fn insert_instruction_event(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                revision: i64,
                action: &str,
                department: Option<gendan_domain::instruction::Department>,
                role: Option<gendan_domain::role::Role>,
                reason: Option<&str>,
                detail: &serde_json::Value,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::InstructionEvent> {
                use $crate::instruction::*;
                let row: EventRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO instruction_events (instruction_id, revision, action, department, actor_id, actor, \
                     role, reason, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {EVENT_COLUMNS}"
                )))
                .bind(id)
                .bind(revision)
                .bind(action)
                .bind(department.map(|d| d.as_str()))
                .bind(ctx.actor.user_id)
                .bind(&ctx.actor.label)
                .bind(role.map(|r| r.as_str()))
                .bind(reason)
                .bind(detail.to_string())
                .bind(ctx.at)
                .fetch_one(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                row.into_event()
            }

            async fn insert_instruction_revision(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                revision: i64,
                doc: &str,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO instruction_revisions (instruction_id, revision, doc, author, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(revision)
                .bind(doc)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                Ok(())
            }

            /// Entries and links name lines by position: those lines stay where they are.
            async fn check_lines_in_use(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                before: &serde_json::Value,
                after: &serde_json::Value,
            ) -> gendan_store::StoreResult<()> {
                let used: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT line FROM progress_entries WHERE instruction_id = $1")
                    .bind(id)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let links: Vec<(String, uuid::Uuid)> = sqlx::query_as(
                    "SELECT lines, supplier_id FROM supplier_links WHERE instruction_id = $1 AND revoked_at IS NULL",
                )
                .bind(id)
                .fetch_all(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                let line = |doc: &serde_json::Value, i: i64| doc["lines"].get(i as usize).cloned();
                let mut errs = gendan_domain::ValidationErrors::new();
                let mut lines: Vec<i64> = used.into_iter().map(|(l,)| l).collect();
                for (ls, _) in &links {
                    lines.extend(serde_json::from_str::<Vec<i64>>(ls).unwrap_or_default());
                }
                lines.sort_unstable();
                lines.dedup();
                for i in lines {
                    let (a, b) = (line(before, i), line(after, i));
                    if b.as_ref().map(|b| &b["contract_line"]) != a.as_ref().map(|a| &a["contract_line"]) {
                        errs.push(
                            format!("lines[{i}]"),
                            "line_in_use",
                            format!(
                                "line {} has progress reports or a supplier link: keep it in its place \
                                 (add new lines after the existing ones)",
                                i + 1
                            ),
                        );
                    }
                }
                for (ls, supplier) in links {
                    for i in serde_json::from_str::<Vec<i64>>(&ls).unwrap_or_default() {
                        let now = line(after, i).map(|l| l["supplier_id"].as_str().unwrap_or_default().to_string());
                        if now.as_deref() != Some(supplier.to_string().as_str()) {
                            errs.push(
                                format!("lines[{i}].supplier_id"),
                                "line_in_use",
                                format!("line {} is reported on through a supplier link: revoke it first", i + 1),
                            );
                        }
                    }
                }
                errs.into_result()?;
                Ok(())
            }

            fn check_instruction_version(
                rec: &gendan_store::InstructionRecord,
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
        impl gendan_store::InstructionStore for $Store {
            async fn create_instruction(
                &self,
                n: gendan_store::NewInstruction,
                limits: gendan_store::LimitCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::InstructionRecord> {
                use chrono::Datelike;
                let mut tx = self.begin_write().await?;
                Self::run_limits(&mut tx, n.contract_id, None, limits).await?;
                let scope = format!("instruction:{}", n.date.year());
                let (seq,): (i64,) = sqlx::query_as(
                    "INSERT INTO number_sequences (scope, last) VALUES ($1, 1) \
                     ON CONFLICT (scope) DO UPDATE SET last = number_sequences.last + 1 RETURNING last",
                )
                .bind(&scope)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let number = n.pattern.format(n.date, u32::try_from(seq).unwrap_or(u32::MAX));
                let id = gendan_domain::id::new_id();
                let doc = $crate::trade::to_doc(&n.doc);
                sqlx::query(
                    "INSERT INTO instructions (id, number, contract_id, state, revision, version, doc, search_text, \
                     issued_at, created_at, updated_at) VALUES ($1, $2, $3, 'draft', 1, 1, $4, $5, NULL, $6, $6)",
                )
                .bind(id)
                .bind(&number)
                .bind(n.contract_id)
                .bind(&doc)
                .bind(format!("{} {}", number.to_lowercase(), n.search_text))
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err_unique("number", &number))?;
                Self::insert_instruction_revision(&mut tx, id, 1, &doc, ctx).await?;
                Self::insert_instruction_event(&mut tx, id, 1, "create", None, None, None, &serde_json::json!({}), ctx)
                    .await?;
                let mut values = gendan_store::flatten(&n.doc);
                values.insert("number".into(), number.clone());
                values.insert("state".into(), "draft".into());
                let changes = gendan_domain::audit::diff(&Default::default(), &values);
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "instruction", id, "create", changes)]).await?;
                let rec = Self::fetch_instruction(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(rec)
            }

            async fn instruction(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::InstructionRecord> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_instruction(&mut conn, id, false).await
            }

            async fn list_instructions(
                &self,
                q: &gendan_store::InstructionQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_store::InstructionRecord>> {
                use $crate::instruction::*;
                let mut b = sqlx::QueryBuilder::<$Db>::new(format!(
                    "SELECT {INSTRUCTION_COLUMNS} FROM instructions WHERE 1 = 1"
                ));
                if let Some(c) = q.contract_id {
                    b.push(" AND contract_id = ").push_bind(c);
                }
                if let Some(s) = q.state {
                    b.push(" AND state = ").push_bind(s.as_str());
                }
                if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    b.push(" AND search_text LIKE ")
                        .push_bind($crate::common::like_pattern(s))
                        .push(" ESCAPE '\\'");
                }
                b.push(" ORDER BY id DESC LIMIT ")
                    .push_bind(i64::from(q.limit.max(1)))
                    .push(" OFFSET ")
                    .push_bind(i64::from(q.offset));
                let rows: Vec<InstructionRow> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err($crate::common::db_err)?;
                rows.into_iter().map(InstructionRow::into_record).collect()
            }

            async fn count_instructions_by_state(
                &self,
            ) -> gendan_store::StoreResult<Vec<(gendan_domain::instruction::InstructionState, i64)>> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT state, COUNT(*) FROM instructions GROUP BY state ORDER BY state")
                        .fetch_all(&self.pool)
                        .await
                        .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(s, n)| {
                        gendan_domain::instruction::InstructionState::parse(&s)
                            .map(|s| (s, n))
                            .ok_or_else(|| gendan_store::StoreError::Backend(format!("bad state `{s}`")))
                    })
                    .collect()
            }

            async fn update_instruction(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                e: gendan_store::InstructionEdit,
                limits: gendan_store::LimitCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::InstructionRecord> {
                use gendan_domain::instruction::InstructionState;
                let mut tx = self.begin_write().await?;
                let before = Self::fetch_instruction(&mut tx, id, true).await?;
                Self::check_instruction_version(&before, expected_version)?;
                if before.state == InstructionState::Cancelled {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "not_editable",
                        "a cancelled instruction is not changed",
                    )
                    .into());
                }
                Self::run_limits(&mut tx, before.contract_id, Some(id), limits).await?;
                Self::check_lines_in_use(&mut tx, id, &before.doc, &e.doc).await?;
                let mut changes =
                    gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &gendan_store::flatten(&e.doc));
                if changes.is_empty() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(before);
                }
                let doc = $crate::trade::to_doc(&e.doc);
                // A draft is edited in place; an issued instruction gets its next revision,
                // and its acknowledgements (recorded per revision) start again.
                let revision = if before.state == InstructionState::Draft {
                    sqlx::query(
                        "UPDATE instruction_revisions SET doc = $1, author = $2, created_at = $3 \
                         WHERE instruction_id = $4 AND revision = $5",
                    )
                    .bind(&doc)
                    .bind(&ctx.actor.label)
                    .bind(ctx.at)
                    .bind(id)
                    .bind(before.revision)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    before.revision
                } else {
                    let r = before.revision + 1;
                    Self::insert_instruction_revision(&mut tx, id, r, &doc, ctx).await?;
                    changes.insert(
                        "revision".into(),
                        $crate::instruction::change(
                            Some(&before.revision.to_string()),
                            Some(&r.to_string()),
                        ),
                    );
                    r
                };
                sqlx::query(
                    "UPDATE instructions SET doc = $1, search_text = $2, revision = $3, version = version + 1, \
                     updated_at = $4 WHERE id = $5",
                )
                .bind(&doc)
                .bind(format!("{} {}", before.number.to_lowercase(), e.search_text))
                .bind(revision)
                .bind(ctx.at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let action = if revision == before.revision { "edit" } else { "revise" };
                Self::insert_instruction_event(&mut tx, id, revision, action, None, None, e.reason.as_deref(), &e.detail, ctx)
                    .await?;
                if let Some(r) = &e.reason {
                    changes.insert("reason".into(), $crate::instruction::change(None, Some(r)));
                }
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "instruction", id, action, changes)]).await?;
                let after = Self::fetch_instruction(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn issue_instruction(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                detail: serde_json::Value,
                reason: Option<String>,
                limits: gendan_store::LimitCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::InstructionRecord> {
                use gendan_domain::instruction::InstructionState;
                let mut tx = self.begin_write().await?;
                let before = Self::fetch_instruction(&mut tx, id, true).await?;
                Self::check_instruction_version(&before, expected_version)?;
                if before.state != InstructionState::Draft {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "not_draft",
                        format!("only a draft is issued; this instruction is {}", before.state),
                    )
                    .into());
                }
                Self::run_limits(&mut tx, before.contract_id, Some(id), limits).await?;
                sqlx::query(
                    "UPDATE instructions SET state = 'issued', issued_at = $1, version = version + 1, updated_at = $1 \
                     WHERE id = $2",
                )
                .bind(ctx.at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                Self::insert_instruction_event(&mut tx, id, before.revision, "issue", None, None, reason.as_deref(), &detail, ctx)
                    .await?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("state".into(), $crate::instruction::change(Some("draft"), Some("issued")));
                if let Some(r) = &reason {
                    changes.insert("override_reason".into(), $crate::instruction::change(None, Some(r)));
                }
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "instruction", id, "issue", changes)]).await?;
                let after = Self::fetch_instruction(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn cancel_instruction(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                reason: String,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::InstructionRecord> {
                use gendan_domain::instruction::InstructionState;
                let mut tx = self.begin_write().await?;
                let before = Self::fetch_instruction(&mut tx, id, true).await?;
                Self::check_instruction_version(&before, expected_version)?;
                if before.state == InstructionState::Cancelled {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "already_cancelled",
                        "this instruction is already cancelled",
                    )
                    .into());
                }
                if reason.trim().is_empty() {
                    return Err(gendan_domain::ValidationErrors::single(
                        "reason",
                        "required",
                        "cancelling needs a reason",
                    )
                    .into());
                }
                sqlx::query("UPDATE instructions SET state = 'cancelled', version = version + 1, updated_at = $1 WHERE id = $2")
                    .bind(ctx.at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                Self::insert_instruction_event(
                    &mut tx,
                    id,
                    before.revision,
                    "cancel",
                    None,
                    None,
                    Some(reason.trim()),
                    &serde_json::json!({}),
                    ctx,
                )
                .await?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "state".into(),
                    $crate::instruction::change(Some(before.state.as_str()), Some("cancelled")),
                );
                changes.insert("reason".into(), $crate::instruction::change(None, Some(reason.trim())));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "instruction", id, "cancel", changes)]).await?;
                let after = Self::fetch_instruction(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn acknowledge_instruction(
                &self,
                id: uuid::Uuid,
                revision: i64,
                department: gendan_domain::instruction::Department,
                role: gendan_domain::role::Role,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::InstructionEvent> {
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_instruction(&mut tx, id, true).await?;
                let done: Vec<(Option<String>,)> = sqlx::query_as(
                    "SELECT department FROM instruction_events WHERE instruction_id = $1 AND revision = $2 \
                     AND action = 'acknowledge'",
                )
                .bind(id)
                .bind(rec.revision)
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let done: Vec<_> = done
                    .into_iter()
                    .filter_map(|(d,)| d.as_deref().and_then(gendan_domain::instruction::Department::parse))
                    .collect();
                gendan_domain::instruction::may_acknowledge(rec.state, rec.revision, revision, department, role, &done)
                    .map_err(|e| {
                        let field = match e {
                            gendan_domain::instruction::AcknowledgeError::Superseded { .. } => "revision",
                            gendan_domain::instruction::AcknowledgeError::NotIssued(_) => "state",
                            _ => "department",
                        };
                        gendan_domain::ValidationErrors::single(field, e.code(), e.to_string())
                    })?;
                let ev = Self::insert_instruction_event(
                    &mut tx,
                    id,
                    revision,
                    "acknowledge",
                    Some(department),
                    Some(role),
                    None,
                    &serde_json::json!({}),
                    ctx,
                )
                .await?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    format!("acknowledged.{}", department.as_str()),
                    $crate::instruction::change(None, Some(&format!("revision {revision}"))),
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "instruction", id, "acknowledge", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(ev)
            }

            async fn instruction_events(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::InstructionEvent>> {
                use $crate::instruction::*;
                let rows: Vec<EventRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {EVENT_COLUMNS} FROM instruction_events WHERE instruction_id = $1 ORDER BY seq"
                )))
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(EventRow::into_event).collect()
            }

            async fn instruction_revisions(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::InstructionRevision>> {
                let rows: Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT revision, doc, author, created_at FROM instruction_revisions WHERE instruction_id = $1 \
                     ORDER BY revision",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .map(|(revision, doc, author, created_at)| {
                        Ok(gendan_store::InstructionRevision {
                            doc: $crate::trade::parse_doc(id, &doc)?,
                            revision,
                            author,
                            created_at,
                        })
                    })
                    .collect()
            }

            async fn add_progress_entry(
                &self,
                instruction_id: uuid::Uuid,
                e: gendan_store::NewProgressEntry,
                check: gendan_store::EntryCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ProgressEntry> {
                use $crate::instruction::*;
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_instruction(&mut tx, instruction_id, true).await?;
                gendan_domain::instruction::check_current_revision(rec.state, rec.revision, e.revision).map_err(|err| {
                    gendan_domain::ValidationErrors::single(
                        if matches!(err, gendan_domain::instruction::AcknowledgeError::NotIssued(_)) {
                            "state"
                        } else {
                            "revision"
                        },
                        err.code(),
                        err.to_string(),
                    )
                })?;
                let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {ENTRY_COLUMNS} FROM progress_entries WHERE instruction_id = $1 AND line = $2 \
                     ORDER BY date, id"
                )))
                .bind(instruction_id)
                .bind(e.line)
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let existing = rows.into_iter().map(EntryRow::into_entry).collect::<Result<Vec<_>, _>>()?;
                if let Some(link_id) = e.supplier_link_id {
                    let row: Option<LinkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "SELECT {LINK_COLUMNS} FROM supplier_links WHERE id = $1 AND instruction_id = $2"
                    )))
                    .bind(link_id)
                    .bind(instruction_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    let usable = match row {
                        Some(r) => {
                            let l = r.into_link()?;
                            l.is_valid(ctx.at) && l.lines.contains(&e.line) && Some(l.supplier_id) == e.supplier_id
                        }
                        None => false,
                    };
                    if !usable {
                        return Err(gendan_store::StoreError::NotFound {
                            entity: "supplier_link",
                            id: link_id.to_string(),
                        });
                    }
                }
                check(&rec, &existing)?;
                let id = gendan_domain::id::new_id();
                let mut doc = e.doc.clone();
                let mut photo_ids = Vec::new();
                for p in &e.photos {
                    let aid = gendan_domain::id::new_id();
                    sqlx::query(
                        "INSERT INTO attachments (id, entity_type, entity_id, purpose, file_name, content_type, size, \
                         sha256, data, uploaded_by, at) VALUES ($1, 'progress_entry', $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(aid)
                    .bind(id)
                    .bind(&p.purpose)
                    .bind(&p.file_name)
                    .bind(&p.content_type)
                    .bind(p.data.len() as i64)
                    .bind($crate::trade::sha256_hex(&p.data))
                    .bind(&p.data)
                    .bind(&ctx.actor.label)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    photo_ids.push(serde_json::Value::String(aid.to_string()));
                }
                if let serde_json::Value::Object(m) = &mut doc
                    && !photo_ids.is_empty()
                {
                    m.insert("photos".into(), serde_json::Value::Array(photo_ids));
                }
                let row: EntryRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO progress_entries (id, instruction_id, revision, line, date, doc, source, supplier_id, \
                     actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {ENTRY_COLUMNS}"
                )))
                .bind(id)
                .bind(instruction_id)
                .bind(e.revision)
                .bind(e.line)
                .bind(e.date.to_string())
                .bind($crate::trade::to_doc(&doc))
                .bind(e.source.as_str())
                .bind(e.supplier_id)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut values = gendan_store::flatten(&doc);
                values.insert("line".into(), e.line.to_string());
                values.insert("date".into(), e.date.to_string());
                values.insert("revision".into(), e.revision.to_string());
                values.insert("source".into(), e.source.as_str().into());
                let changes = gendan_domain::audit::diff(&Default::default(), &values);
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "progress_entry", id, "create", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                row.into_entry()
            }

            async fn progress_entries(
                &self,
                instruction_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ProgressEntry>> {
                use $crate::instruction::*;
                let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {ENTRY_COLUMNS} FROM progress_entries WHERE instruction_id = $1 ORDER BY date, id"
                )))
                .bind(instruction_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(EntryRow::into_entry).collect()
            }

            async fn all_progress_entries(&self) -> gendan_store::StoreResult<Vec<gendan_store::ProgressEntry>> {
                use $crate::instruction::*;
                let cols = ENTRY_COLUMNS
                    .split(", ")
                    .map(|c| format!("e.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {cols} FROM progress_entries e ORDER BY e.instruction_id, e.date, e.id"
                )))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(EntryRow::into_entry).collect()
            }

            async fn create_supplier_link(
                &self,
                l: gendan_store::NewSupplierLink,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::SupplierLink> {
                use $crate::instruction::*;
                let mut tx = self.begin_write().await?;
                let rec = Self::fetch_instruction(&mut tx, l.instruction_id, true).await?;
                if rec.state == gendan_domain::instruction::InstructionState::Cancelled {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "cancelled",
                        "the instruction is cancelled",
                    )
                    .into());
                }
                let id = gendan_domain::id::new_id();
                let lines = serde_json::to_string(&l.lines).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                let row: LinkRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO supplier_links (id, token_hash, instruction_id, supplier_id, lines, expires_at, \
                     revoked_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8) \
                     RETURNING {LINK_COLUMNS}"
                )))
                .bind(id)
                .bind(&l.token_hash)
                .bind(l.instruction_id)
                .bind(l.supplier_id)
                .bind(&lines)
                .bind(l.expires_at)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("instruction_id".into(), change(None, Some(&l.instruction_id.to_string())));
                changes.insert("supplier_id".into(), change(None, Some(&l.supplier_id.to_string())));
                changes.insert("lines".into(), change(None, Some(&lines)));
                changes.insert("expires_at".into(), change(None, Some(&l.expires_at.to_rfc3339())));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "supplier_link", id, "create", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                row.into_link()
            }

            async fn supplier_link_by_token(
                &self,
                token_hash: &str,
            ) -> gendan_store::StoreResult<Option<gendan_store::SupplierLink>> {
                use $crate::instruction::*;
                let row: Option<LinkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {LINK_COLUMNS} FROM supplier_links WHERE token_hash = $1"
                )))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                row.map(LinkRow::into_link).transpose()
            }

            async fn supplier_links(
                &self,
                instruction_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::SupplierLink>> {
                use $crate::instruction::*;
                let rows: Vec<LinkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {LINK_COLUMNS} FROM supplier_links WHERE instruction_id = $1 ORDER BY id"
                )))
                .bind(instruction_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(LinkRow::into_link).collect()
            }

            async fn revoke_supplier_link(
                &self,
                id: uuid::Uuid,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::SupplierLink> {
                use $crate::instruction::*;
                let mut tx = self.begin_write().await?;
                let row: Option<LinkRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "UPDATE supplier_links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING {LINK_COLUMNS}"
                )))
                .bind(ctx.at)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let Some(row) = row else {
                    return Err(gendan_store::StoreError::NotFound {
                        entity: "supplier_link",
                        id: id.to_string(),
                    });
                };
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("revoked_at".into(), change(None, Some(&ctx.at.to_rfc3339())));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "supplier_link", id, "revoke", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                row.into_link()
            }
        }
    };
}
