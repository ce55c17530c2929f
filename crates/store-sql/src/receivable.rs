//! Receipts, the receivables ledger, the outbox and tasks in SQL, written once for both
//! backends like [`sql_store!`].

use chrono::{DateTime, NaiveDate, Utc};
use gendan_domain::money::{Currency, Money};
use gendan_store::{OutboxMessage, ReceiptRecord, ReceivableEntry, StoreError, Task};
use uuid::Uuid;

fn bad(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("bad stored value: {e}"))
}

pub(crate) fn money(amount: &str, currency: &str) -> Result<Money, StoreError> {
    Ok(Money {
        amount: amount.parse().map_err(bad)?,
        currency: Currency::parse(currency).map_err(bad)?,
    })
}

#[derive(sqlx::FromRow)]
pub(crate) struct ReceiptRow {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub doc: String,
    pub note: Option<String>,
    pub by_name: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) const RECEIPT_COLUMNS: &str = "id, customer_id, doc, note, by_name, created_at";

impl ReceiptRow {
    pub fn into_record(self) -> Result<ReceiptRecord, StoreError> {
        Ok(ReceiptRecord {
            receipt: serde_json::from_str(&self.doc).map_err(bad)?,
            id: self.id,
            customer_id: self.customer_id,
            note: self.note,
            by: self.by_name,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    pub seq: i64,
    pub customer_id: Uuid,
    pub kind: String,
    pub contract_id: Option<Uuid>,
    pub instalment: Option<i64>,
    pub receipt_id: Option<Uuid>,
    pub amount: String,
    pub currency: String,
    pub reason: Option<String>,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

pub(crate) const ENTRY_COLUMNS: &str =
    "seq, customer_id, kind, contract_id, instalment, receipt_id, amount, currency, reason, by_name, at";

impl EntryRow {
    pub fn into_record(self) -> Result<ReceivableEntry, StoreError> {
        Ok(ReceivableEntry {
            amount: money(&self.amount, &self.currency)?,
            seq: self.seq,
            customer_id: self.customer_id,
            kind: self.kind,
            contract_id: self.contract_id,
            instalment: self.instalment,
            receipt_id: self.receipt_id,
            reason: self.reason,
            by: self.by_name,
            at: self.at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRow {
    pub id: Uuid,
    pub kind: String,
    pub dedupe_key: String,
    pub to_address: String,
    pub lang: String,
    pub subject: String,
    pub body: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub state: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) const OUTBOX_COLUMNS: &str =
    "id, kind, dedupe_key, to_address, lang, subject, body, entity_type, entity_id, state, created_at";

impl From<OutboxRow> for OutboxMessage {
    fn from(r: OutboxRow) -> Self {
        OutboxMessage {
            id: r.id,
            kind: r.kind,
            dedupe_key: r.dedupe_key,
            to_address: r.to_address,
            lang: r.lang,
            subject: r.subject,
            body: r.body,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            state: r.state,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    pub id: Uuid,
    pub kind: String,
    pub dedupe_key: String,
    pub role: String,
    pub title: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub due: Option<NaiveDate>,
    pub state: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

pub(crate) const TASK_COLUMNS: &str =
    "id, kind, dedupe_key, role, title, entity_type, entity_id, due, state, version, created_at";

impl From<TaskRow> for Task {
    fn from(r: TaskRow) -> Self {
        Task {
            id: r.id,
            kind: r.kind,
            dedupe_key: r.dedupe_key,
            role: r.role,
            title: r.title,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            due: r.due,
            state: r.state,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

macro_rules! receivable_store {
    ($Store:ident, $Db:ty, lock_suffix = $lock:literal) => {
        #[async_trait::async_trait]
        impl gendan_store::ReceivableStore for $Store {
            async fn post_receivables(
                &self,
                customer_id: uuid::Uuid,
                receipt: Option<gendan_store::NewReceipt>,
                entries: Vec<gendan_store::NewReceivableEntry>,
                by: &str,
                check: gendan_store::LedgerCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ReceivableEntry>> {
                use $crate::receivable::*;
                let mut tx = self.begin_write().await?;
                Self::lock_customer(&mut tx, customer_id).await?;
                let receipts: Vec<ReceiptRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {RECEIPT_COLUMNS} FROM receipts WHERE customer_id = $1 ORDER BY value_date, created_at, id"
                )))
                .bind(customer_id)
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {ENTRY_COLUMNS} FROM receivable_entries WHERE customer_id = $1 ORDER BY seq"
                )))
                .bind(customer_id)
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut ledger = gendan_store::Ledger {
                    receipts: receipts.into_iter().map(ReceiptRow::into_record).collect::<Result<_, _>>()?,
                    entries: rows.into_iter().map(EntryRow::into_record).collect::<Result<_, _>>()?,
                };
                if let Some(r) = &receipt {
                    ledger.receipts.push(gendan_store::ReceiptRecord {
                        id: r.id,
                        customer_id,
                        receipt: r.receipt.clone(),
                        note: r.note.clone(),
                        by: by.to_string(),
                        created_at: ctx.at,
                    });
                }
                let next = ledger.entries.last().map_or(0, |e| e.seq) + 1;
                for (k, e) in entries.iter().enumerate() {
                    ledger.entries.push(gendan_store::ReceivableEntry {
                        seq: next + k as i64,
                        customer_id,
                        kind: e.kind.clone(),
                        contract_id: e.contract_id,
                        instalment: e.instalment,
                        receipt_id: e.receipt_id,
                        amount: e.amount,
                        reason: e.reason.clone(),
                        by: by.to_string(),
                        at: ctx.at,
                    });
                }
                check(&ledger)?;
                let mut audit = Vec::new();
                if let Some(r) = &receipt {
                    let doc = serde_json::to_string(&r.receipt).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                    sqlx::query(
                        "INSERT INTO receipts (id, customer_id, currency, value_date, bank_reference, doc, note, by_name, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(r.id)
                    .bind(customer_id)
                    .bind(r.receipt.amount.currency.as_str())
                    .bind(r.receipt.value_date)
                    .bind(&r.receipt.bank_reference)
                    .bind(&doc)
                    .bind(r.note.as_deref())
                    .bind(by)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    let mut changes = gendan_domain::audit::Changes::new();
                    changes.insert("customer_id".into(), $crate::instruction::change(None, Some(&customer_id.to_string())));
                    changes.insert("receipt".into(), $crate::instruction::change(None, Some(&doc)));
                    audit.push(Self::audit(ctx, "receipt", r.id, "create", changes));
                }
                let mut out = Vec::new();
                for e in &entries {
                    let (seq,): (i64,) = sqlx::query_as(
                        "INSERT INTO receivable_entries (customer_id, kind, contract_id, instalment, receipt_id, amount, currency, reason, by_name, at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq",
                    )
                    .bind(customer_id)
                    .bind(&e.kind)
                    .bind(e.contract_id)
                    .bind(e.instalment)
                    .bind(e.receipt_id)
                    .bind(e.amount.amount.to_string())
                    .bind(e.amount.currency.as_str())
                    .bind(e.reason.as_deref())
                    .bind(by)
                    .bind(ctx.at)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    let rec = gendan_store::ReceivableEntry {
                        seq,
                        customer_id,
                        kind: e.kind.clone(),
                        contract_id: e.contract_id,
                        instalment: e.instalment,
                        receipt_id: e.receipt_id,
                        amount: e.amount,
                        reason: e.reason.clone(),
                        by: by.to_string(),
                        at: ctx.at,
                    };
                    let after = serde_json::to_string(&rec).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                    let mut changes = gendan_domain::audit::Changes::new();
                    changes.insert("entry".into(), $crate::instruction::change(None, Some(&after)));
                    audit.push(Self::audit(
                        ctx,
                        "receivable",
                        e.contract_id.or(e.receipt_id).unwrap_or(customer_id),
                        &e.kind,
                        changes,
                    ));
                    out.push(rec);
                }
                Self::append_audit(&mut tx, audit).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(out)
            }

            async fn receipt(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::ReceiptRecord> {
                use $crate::receivable::*;
                let row: Option<ReceiptRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {RECEIPT_COLUMNS} FROM receipts WHERE id = $1"
                )))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "receipt",
                    id: id.to_string(),
                })?
                .into_record()
            }

            async fn list_receipts(
                &self,
                customer_id: Option<uuid::Uuid>,
                limit: u32,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ReceiptRecord>> {
                use $crate::receivable::*;
                let rows: Vec<ReceiptRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {RECEIPT_COLUMNS} FROM receipts WHERE ($1 IS NULL OR customer_id = $1) \
                     ORDER BY value_date DESC, created_at DESC, id DESC LIMIT $2"
                )))
                .bind(customer_id)
                .bind(i64::from(limit.clamp(1, 5000)))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(ReceiptRow::into_record).collect()
            }

            async fn receivable_entries(
                &self,
                customer_id: Option<uuid::Uuid>,
                contract_id: Option<uuid::Uuid>,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ReceivableEntry>> {
                use $crate::receivable::*;
                let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {ENTRY_COLUMNS} FROM receivable_entries \
                     WHERE ($1 IS NULL OR customer_id = $1) AND ($2 IS NULL OR contract_id = $2) ORDER BY seq"
                )))
                .bind(customer_id)
                .bind(contract_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(EntryRow::into_record).collect()
            }

            async fn enqueue(
                &self,
                messages: Vec<gendan_store::NewOutboxMessage>,
                tasks: Vec<gendan_store::NewTask>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<(usize, usize)> {
                let mut tx = self.begin_write().await?;
                let mut audit = Vec::new();
                let (mut made_m, mut made_t) = (0, 0);
                for m in &messages {
                    let id = uuid::Uuid::now_v7();
                    let done = sqlx::query(
                        "INSERT INTO outbox (id, kind, dedupe_key, to_address, lang, subject, body, entity_type, entity_id, state, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10) ON CONFLICT (dedupe_key) DO NOTHING",
                    )
                    .bind(id)
                    .bind(&m.kind)
                    .bind(&m.dedupe_key)
                    .bind(&m.to_address)
                    .bind(&m.lang)
                    .bind(&m.subject)
                    .bind(&m.body)
                    .bind(&m.entity_type)
                    .bind(m.entity_id)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    if done.rows_affected() == 1 {
                        made_m += 1;
                        let mut changes = gendan_domain::audit::Changes::new();
                        changes.insert("kind".into(), $crate::instruction::change(None, Some(&m.kind)));
                        changes.insert("to".into(), $crate::instruction::change(None, Some(&m.to_address)));
                        changes.insert("subject".into(), $crate::instruction::change(None, Some(&m.subject)));
                        audit.push(Self::audit(ctx, "outbox", id, "queue", changes));
                    }
                }
                for t in &tasks {
                    let id = uuid::Uuid::now_v7();
                    let done = sqlx::query(
                        "INSERT INTO tasks (id, kind, dedupe_key, role, title, entity_type, entity_id, due, state, version, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', 1, $9) ON CONFLICT (dedupe_key) DO NOTHING",
                    )
                    .bind(id)
                    .bind(&t.kind)
                    .bind(&t.dedupe_key)
                    .bind(&t.role)
                    .bind(&t.title)
                    .bind(&t.entity_type)
                    .bind(t.entity_id)
                    .bind(t.due)
                    .bind(ctx.at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                    if done.rows_affected() == 1 {
                        made_t += 1;
                        let mut changes = gendan_domain::audit::Changes::new();
                        changes.insert("kind".into(), $crate::instruction::change(None, Some(&t.kind)));
                        changes.insert("role".into(), $crate::instruction::change(None, Some(&t.role)));
                        changes.insert("title".into(), $crate::instruction::change(None, Some(&t.title)));
                        audit.push(Self::audit(ctx, "task", id, "create", changes));
                    }
                }
                if !audit.is_empty() {
                    Self::append_audit(&mut tx, audit).await?;
                }
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok((made_m, made_t))
            }

            async fn outbox(
                &self,
                entity_id: Option<uuid::Uuid>,
                limit: u32,
            ) -> gendan_store::StoreResult<Vec<gendan_store::OutboxMessage>> {
                use $crate::receivable::*;
                let rows: Vec<OutboxRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE ($1 IS NULL OR entity_id = $1) ORDER BY created_at DESC, id DESC LIMIT $2"
                )))
                .bind(entity_id)
                .bind(i64::from(limit.clamp(1, 5000)))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn tasks(
                &self,
                role: Option<&str>,
                entity_id: Option<uuid::Uuid>,
                limit: u32,
            ) -> gendan_store::StoreResult<Vec<gendan_store::Task>> {
                use $crate::receivable::*;
                let rows: Vec<TaskRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {TASK_COLUMNS} FROM tasks WHERE ($1 IS NULL OR role = $1) AND ($2 IS NULL OR entity_id = $2) \
                     ORDER BY CASE WHEN state = 'open' THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT $3"
                )))
                .bind(role)
                .bind(entity_id)
                .bind(i64::from(limit.clamp(1, 5000)))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn finish_task(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::Task> {
                use $crate::receivable::*;
                let mut tx = self.begin_write().await?;
                let row: Option<TaskRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {TASK_COLUMNS} FROM tasks WHERE id = $1{}",
                    $lock
                )))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let task: gendan_store::Task = row
                    .ok_or_else(|| gendan_store::StoreError::NotFound {
                        entity: "task",
                        id: id.to_string(),
                    })?
                    .into();
                if task.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: task.version,
                    });
                }
                sqlx::query("UPDATE tasks SET state = 'done', version = version + 1 WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert("state".into(), $crate::instruction::change(Some(&task.state), Some("done")));
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "task", id, "finish", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(gendan_store::Task {
                    state: "done".into(),
                    version: task.version + 1,
                    ..task
                })
            }
        }
    };
}
