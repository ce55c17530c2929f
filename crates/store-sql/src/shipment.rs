//! Bookings, shipments and tracking links in SQL, written once for both backends like
//! [`sql_store!`] and [`instruction_store!`].

use chrono::{DateTime, Utc};
use gendan_domain::shipment::BookingState;
use gendan_store::{BookingRecord, BookingRevision, ShipmentEvent, ShipmentRecord, StoreError, TrackingLink};
use uuid::Uuid;

use crate::trade::parse_doc;

fn state(s: &str) -> Result<BookingState, StoreError> {
    BookingState::parse(s).ok_or_else(|| StoreError::Backend(format!("bad stored booking state `{s}`")))
}

fn json(s: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Backend(e.to_string()))
}

#[derive(sqlx::FromRow)]
pub(crate) struct BookingRow {
    pub id: Uuid,
    pub number: String,
    pub customer_id: Uuid,
    pub state: String,
    pub version: i64,
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const BOOKING_COLUMNS: &str =
    "id, number, customer_id, state, version, doc, created_at, updated_at";

impl BookingRow {
    pub fn into_record(self) -> Result<BookingRecord, StoreError> {
        Ok(BookingRecord {
            doc: parse_doc(self.id, &self.doc)?,
            state: state(&self.state)?,
            id: self.id,
            number: self.number,
            customer_id: self.customer_id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct BookingRevisionRow {
    pub version: i64,
    pub action: String,
    pub state: String,
    pub doc: String,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl BookingRevisionRow {
    pub fn into_revision(self) -> Result<BookingRevision, StoreError> {
        Ok(BookingRevision {
            doc: json(&self.doc)?,
            state: state(&self.state)?,
            version: self.version,
            action: self.action,
            reason: self.reason,
            actor: self.actor,
            at: self.at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ShipmentRow {
    pub id: Uuid,
    pub number: String,
    pub booking_id: Uuid,
    pub customer_id: Uuid,
    pub stage: String,
    pub version: i64,
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) const SHIPMENT_COLUMNS: &str =
    "id, number, booking_id, customer_id, stage, version, doc, created_at, updated_at";

impl ShipmentRow {
    pub fn into_record(self) -> Result<ShipmentRecord, StoreError> {
        Ok(ShipmentRecord {
            doc: parse_doc(self.id, &self.doc)?,
            id: self.id,
            number: self.number,
            booking_id: self.booking_id,
            customer_id: self.customer_id,
            stage: self.stage,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ShipmentEventRow {
    pub seq: i64,
    pub action: String,
    pub detail: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl ShipmentEventRow {
    pub fn into_event(self) -> Result<ShipmentEvent, StoreError> {
        Ok(ShipmentEvent {
            detail: json(&self.detail)?,
            seq: self.seq,
            action: self.action,
            actor: self.actor,
            at: self.at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TrackingRow {
    pub id: Uuid,
    pub shipment_id: Uuid,
    pub documents: String,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

pub(crate) const TRACKING_COLUMNS: &str =
    "id, shipment_id, documents, expires_at, revoked_at, created_by, created_at";

impl TrackingRow {
    pub fn into_link(self) -> Result<TrackingLink, StoreError> {
        Ok(TrackingLink {
            documents: serde_json::from_str(&self.documents)
                .map_err(|e| StoreError::Backend(e.to_string()))?,
            id: self.id,
            shipment_id: self.shipment_id,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

macro_rules! shipment_store {
    ($Store:ident, $Db:ty, lock_suffix = $lock:literal) => {
        #[allow(dead_code)]
        impl $Store {
            async fn fetch_booking(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
                lock: bool,
            ) -> gendan_store::StoreResult<gendan_store::BookingRecord> {
                use $crate::shipment::*;
                let row: Option<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1{}",
                    if lock { $lock } else { "" }
                )))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "booking",
                    id: id.to_string(),
                })?
                .into_record()
            }

            async fn fetch_shipment(
                conn: &mut <$Db as sqlx::Database>::Connection,
                id: uuid::Uuid,
                lock: bool,
            ) -> gendan_store::StoreResult<gendan_store::ShipmentRecord> {
                use $crate::shipment::*;
                let row: Option<ShipmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE id = $1{}",
                    if lock { $lock } else { "" }
                )))
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "shipment",
                    id: id.to_string(),
                })?
                .into_record()
            }

            /// Lock the buyer's row: every booking and shipment write of one buyer queues here.
            async fn lock_customer(
                tx: &mut sqlx::Transaction<'static, $Db>,
                customer_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<()> {
                let row: Option<(uuid::Uuid,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT id FROM parties WHERE id = $1{}",
                    $lock
                )))
                .bind(customer_id)
                .fetch_optional(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                row.ok_or_else(|| gendan_store::StoreError::NotFound {
                    entity: "party",
                    id: customer_id.to_string(),
                })?;
                Ok(())
            }

            async fn active_bookings(
                tx: &mut sqlx::Transaction<'static, $Db>,
                customer_id: uuid::Uuid,
                except: Option<uuid::Uuid>,
            ) -> gendan_store::StoreResult<Vec<gendan_store::BookingRecord>> {
                use $crate::shipment::*;
                let rows: Vec<BookingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {BOOKING_COLUMNS} FROM bookings WHERE customer_id = $1 AND state <> 'cancelled' ORDER BY id"
                )))
                .bind(customer_id)
                .fetch_all(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter()
                    .filter(|r| Some(r.id) != except)
                    .map(BookingRow::into_record)
                    .collect()
            }

            async fn active_shipments(
                conn: &mut <$Db as sqlx::Database>::Connection,
                customer_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ShipmentRecord>> {
                use $crate::shipment::*;
                let rows: Vec<ShipmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE customer_id = $1 AND stage <> 'cancelled' ORDER BY id"
                )))
                .bind(customer_id)
                .fetch_all(&mut *conn)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(ShipmentRow::into_record).collect()
            }

            // One argument per column of the revision row.
            #[allow(clippy::too_many_arguments)]
            async fn insert_booking_revision(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                version: i64,
                action: &str,
                state: gendan_domain::shipment::BookingState,
                doc: &str,
                reason: Option<&str>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO booking_revisions (booking_id, version, action, state, doc, reason, actor, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id)
                .bind(version)
                .bind(action)
                .bind(state.as_str())
                .bind(doc)
                .bind(reason)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn insert_shipment_event(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: uuid::Uuid,
                action: &str,
                detail: &serde_json::Value,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO shipment_events (shipment_id, action, detail, actor, at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(action)
                .bind(detail.to_string())
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                Ok(())
            }

            async fn next_number(
                tx: &mut sqlx::Transaction<'static, $Db>,
                prefix: &str,
                year: i32,
            ) -> gendan_store::StoreResult<String> {
                let scope = format!("{}:{year}", prefix.to_lowercase());
                let (seq,): (i64,) = sqlx::query_as(
                    "INSERT INTO number_sequences (scope, last) VALUES ($1, 1) \
                     ON CONFLICT (scope) DO UPDATE SET last = number_sequences.last + 1 RETURNING last",
                )
                .bind(&scope)
                .fetch_one(&mut **tx)
                .await
                .map_err($crate::common::db_err)?;
                Ok(format!("{prefix}{year}-{seq:04}"))
            }

            /// Open the shipment of a booking just confirmed.
            async fn open_shipment(
                tx: &mut sqlx::Transaction<'static, $Db>,
                booking: &gendan_store::BookingRecord,
                w: &gendan_store::ShipmentWrite,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<uuid::Uuid> {
                use chrono::Datelike;
                let number = Self::next_number(tx, "SH", ctx.at.year()).await?;
                let id = gendan_domain::id::new_id();
                let doc = $crate::trade::to_doc(&w.doc);
                sqlx::query(
                    "INSERT INTO shipments (id, number, booking_id, customer_id, stage, version, doc, search_text, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $8)",
                )
                .bind(id)
                .bind(&number)
                .bind(booking.id)
                .bind(booking.customer_id)
                .bind(&w.stage)
                .bind(&doc)
                .bind(format!("{} {} {}", number.to_lowercase(), booking.number.to_lowercase(), w.search_text))
                .bind(ctx.at)
                .execute(&mut **tx)
                .await
                .map_err($crate::common::db_err_unique("number", &number))?;
                Self::insert_shipment_event(tx, id, "open", &w.detail, ctx).await?;
                let mut values = gendan_store::flatten(&w.doc);
                values.insert("number".into(), number.clone());
                values.insert("stage".into(), w.stage.clone());
                let changes = gendan_domain::audit::diff(&Default::default(), &values);
                Self::append_audit(tx, vec![Self::audit(ctx, "shipment", id, "open", changes)]).await?;
                Ok(id)
            }
        }

        #[async_trait::async_trait]
        impl gendan_store::ShipmentStore for $Store {
            async fn create_booking(
                &self,
                n: gendan_store::NewBooking,
                check: gendan_store::BookingCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::BookingRecord> {
                use chrono::Datelike;
                let mut tx = self.begin_write().await?;
                Self::lock_customer(&mut tx, n.customer_id).await?;
                let others = Self::active_bookings(&mut tx, n.customer_id, None).await?;
                check(&others, None)?;
                let number = Self::next_number(&mut tx, "BK", n.date.year()).await?;
                let id = gendan_domain::id::new_id();
                let doc = $crate::trade::to_doc(&n.doc);
                sqlx::query(
                    "INSERT INTO bookings (id, number, customer_id, state, version, doc, search_text, created_at, \
                     updated_at) VALUES ($1, $2, $3, 'requested', 1, $4, $5, $6, $6)",
                )
                .bind(id)
                .bind(&number)
                .bind(n.customer_id)
                .bind(&doc)
                .bind(format!("{} {}", number.to_lowercase(), n.search_text))
                .bind(ctx.at)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err_unique("number", &number))?;
                Self::insert_booking_revision(
                    &mut tx,
                    id,
                    1,
                    "create",
                    gendan_domain::shipment::BookingState::Requested,
                    &doc,
                    None,
                    ctx,
                )
                .await?;
                let mut values = gendan_store::flatten(&n.doc);
                values.insert("number".into(), number.clone());
                values.insert("state".into(), "requested".into());
                let changes = gendan_domain::audit::diff(&Default::default(), &values);
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "booking", id, "create", changes)]).await?;
                let rec = Self::fetch_booking(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(rec)
            }

            async fn booking(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::BookingRecord> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_booking(&mut conn, id, false).await
            }

            async fn list_bookings(
                &self,
                q: &gendan_store::BookingQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_store::BookingRecord>> {
                use $crate::shipment::*;
                let mut b =
                    sqlx::QueryBuilder::<$Db>::new(format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE 1 = 1"));
                if let Some(c) = q.customer_id {
                    b.push(" AND customer_id = ").push_bind(c);
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
                let rows: Vec<BookingRow> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err($crate::common::db_err)?;
                rows.into_iter().map(BookingRow::into_record).collect()
            }

            async fn update_booking(
                &self,
                id: uuid::Uuid,
                expected_version: i64,
                c: gendan_store::BookingChange,
                check: gendan_store::BookingCheck<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::BookingRecord> {
                use gendan_domain::shipment::BookingState;
                use $crate::shipment::*;
                let mut tx = self.begin_write().await?;
                let peek = Self::fetch_booking(&mut tx, id, false).await?;
                Self::lock_customer(&mut tx, peek.customer_id).await?;
                let before = Self::fetch_booking(&mut tx, id, true).await?;
                if before.version != expected_version {
                    return Err(gendan_store::StoreError::Conflict {
                        expected: expected_version,
                        current: before.version,
                    });
                }
                if before.state == BookingState::Cancelled {
                    return Err(gendan_domain::ValidationErrors::single(
                        "state",
                        "cancelled",
                        "a cancelled booking is not changed",
                    )
                    .into());
                }
                let others = Self::active_bookings(&mut tx, before.customer_id, Some(id)).await?;
                let shipment: Option<ShipmentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE booking_id = $1"
                )))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let shipment = shipment.map(ShipmentRow::into_record).transpose()?;
                if c.state != BookingState::Cancelled {
                    check(&others, shipment.as_ref())?;
                }
                let mut changes =
                    gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &gendan_store::flatten(&c.doc));
                if before.state != c.state {
                    changes.insert(
                        "state".into(),
                        $crate::instruction::change(Some(before.state.as_str()), Some(c.state.as_str())),
                    );
                }
                if changes.is_empty() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(before);
                }
                if let Some(r) = &c.reason {
                    changes.insert("reason".into(), $crate::instruction::change(None, Some(r)));
                }
                let doc = $crate::trade::to_doc(&c.doc);
                let version = before.version + 1;
                sqlx::query(
                    "UPDATE bookings SET state = $1, doc = $2, search_text = $3, version = $4, updated_at = $5 \
                     WHERE id = $6",
                )
                .bind(c.state.as_str())
                .bind(&doc)
                .bind(format!("{} {}", before.number.to_lowercase(), c.search_text))
                .bind(version)
                .bind(ctx.at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                Self::insert_booking_revision(&mut tx, id, version, &c.action, c.state, &doc, c.reason.as_deref(), ctx)
                    .await?;
                let mut audits = vec![Self::audit(ctx, "booking", id, &c.action, changes)];
                match (&shipment, c.state) {
                    (Some(s), BookingState::Cancelled) if s.stage != "cancelled" => {
                        let on_board = ["on_board", "transhipped", "arrived", "released"];
                        if on_board.contains(&s.stage.as_str()) {
                            return Err(gendan_domain::ValidationErrors::single(
                                "state",
                                "already_shipped",
                                format!("shipment {} is already on board: the booking is not cancelled", s.number),
                            )
                            .into());
                        }
                        sqlx::query(
                            "UPDATE shipments SET stage = 'cancelled', version = version + 1, updated_at = $1 WHERE id = $2",
                        )
                        .bind(ctx.at)
                        .bind(s.id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::common::db_err)?;
                        let detail = serde_json::json!({ "reason": c.reason, "booking": before.number });
                        Self::insert_shipment_event(&mut tx, s.id, "cancel", &detail, ctx).await?;
                        let mut ch = gendan_domain::audit::Changes::new();
                        ch.insert(
                            "stage".into(),
                            $crate::instruction::change(Some(&s.stage), Some("cancelled")),
                        );
                        audits.push(Self::audit(ctx, "shipment", s.id, "cancel", ch));
                    }
                    (None, BookingState::Confirmed) => {
                        if let Some(w) = &c.open_shipment {
                            let after = Self::fetch_booking(&mut tx, id, false).await?;
                            Self::open_shipment(&mut tx, &after, w, ctx).await?;
                        }
                    }
                    _ => {}
                }
                Self::append_audit(&mut tx, audits).await?;
                let after = Self::fetch_booking(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn booking_revisions(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::BookingRevision>> {
                use $crate::shipment::*;
                let rows: Vec<BookingRevisionRow> = sqlx::query_as(
                    "SELECT version, action, state, doc, reason, actor, at FROM booking_revisions \
                     WHERE booking_id = $1 ORDER BY version",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(BookingRevisionRow::into_revision).collect()
            }

            async fn shipment(&self, id: uuid::Uuid) -> gendan_store::StoreResult<gendan_store::ShipmentRecord> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::fetch_shipment(&mut conn, id, false).await
            }

            async fn list_shipments(
                &self,
                q: &gendan_store::ShipmentQuery,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ShipmentRecord>> {
                use $crate::shipment::*;
                let mut b =
                    sqlx::QueryBuilder::<$Db>::new(format!("SELECT {SHIPMENT_COLUMNS} FROM shipments WHERE 1 = 1"));
                if let Some(c) = q.customer_id {
                    b.push(" AND customer_id = ").push_bind(c);
                }
                if let Some(c) = q.booking_id {
                    b.push(" AND booking_id = ").push_bind(c);
                }
                if let Some(s) = q.stage.as_deref() {
                    b.push(" AND stage = ").push_bind(s.to_string());
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
                let rows: Vec<ShipmentRow> =
                    b.build_query_as().fetch_all(&self.pool).await.map_err($crate::common::db_err)?;
                rows.into_iter().map(ShipmentRow::into_record).collect()
            }

            async fn customer_shipments(
                &self,
                customer_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ShipmentRecord>> {
                let mut conn = self.pool.acquire().await.map_err($crate::common::db_err)?;
                Self::active_shipments(&mut conn, customer_id).await
            }

            async fn change_shipment(
                &self,
                id: uuid::Uuid,
                expected_version: Option<i64>,
                action: &str,
                change: gendan_store::ShipmentChange<'_>,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::ShipmentRecord> {
                let mut tx = self.begin_write().await?;
                let peek = Self::fetch_shipment(&mut tx, id, false).await?;
                Self::lock_customer(&mut tx, peek.customer_id).await?;
                let before = Self::fetch_shipment(&mut tx, id, true).await?;
                if let Some(expected) = expected_version
                    && before.version != expected
                {
                    return Err(gendan_store::StoreError::Conflict {
                        expected,
                        current: before.version,
                    });
                }
                if before.stage == "cancelled" {
                    return Err(gendan_domain::ValidationErrors::single(
                        "stage",
                        "cancelled",
                        "a cancelled shipment is not changed",
                    )
                    .into());
                }
                let others: Vec<gendan_store::ShipmentRecord> = Self::active_shipments(&mut tx, before.customer_id)
                    .await?
                    .into_iter()
                    .filter(|s| s.id != id)
                    .collect();
                let w = change(&before, &others)?;
                let mut changes =
                    gendan_domain::audit::diff(&gendan_store::flatten(&before.doc), &gendan_store::flatten(&w.doc));
                if before.stage != w.stage {
                    changes.insert(
                        "stage".into(),
                        $crate::instruction::change(Some(&before.stage), Some(&w.stage)),
                    );
                }
                if changes.is_empty() {
                    tx.rollback().await.map_err($crate::common::db_err)?;
                    return Ok(before);
                }
                sqlx::query(
                    "UPDATE shipments SET stage = $1, doc = $2, search_text = $3, version = version + 1, \
                     updated_at = $4 WHERE id = $5",
                )
                .bind(&w.stage)
                .bind($crate::trade::to_doc(&w.doc))
                .bind(format!("{} {}", before.number.to_lowercase(), w.search_text))
                .bind(ctx.at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                Self::insert_shipment_event(&mut tx, id, action, &w.detail, ctx).await?;
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "shipment", id, action, changes)]).await?;
                let after = Self::fetch_shipment(&mut tx, id, false).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                Ok(after)
            }

            async fn shipment_events(
                &self,
                id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::ShipmentEvent>> {
                use $crate::shipment::*;
                let rows: Vec<ShipmentEventRow> = sqlx::query_as(
                    "SELECT seq, action, detail, actor, at FROM shipment_events WHERE shipment_id = $1 ORDER BY seq",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(ShipmentEventRow::into_event).collect()
            }

            async fn create_tracking_link(
                &self,
                l: gendan_store::NewTrackingLink,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::TrackingLink> {
                use $crate::shipment::*;
                let mut tx = self.begin_write().await?;
                let s = Self::fetch_shipment(&mut tx, l.shipment_id, true).await?;
                if s.stage == "cancelled" {
                    return Err(gendan_domain::ValidationErrors::single(
                        "stage",
                        "cancelled",
                        "the shipment is cancelled",
                    )
                    .into());
                }
                let id = gendan_domain::id::new_id();
                let documents =
                    serde_json::to_string(&l.documents).map_err(|e| gendan_store::StoreError::Backend(e.to_string()))?;
                let row: TrackingRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO tracking_links (id, token_hash, shipment_id, documents, expires_at, revoked_at, \
                     created_by, created_at) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) RETURNING {TRACKING_COLUMNS}"
                )))
                .bind(id)
                .bind(&l.token_hash)
                .bind(l.shipment_id)
                .bind(&documents)
                .bind(l.expires_at)
                .bind(&ctx.actor.label)
                .bind(ctx.at)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "shipment_id".into(),
                    $crate::instruction::change(None, Some(&l.shipment_id.to_string())),
                );
                changes.insert("documents".into(), $crate::instruction::change(None, Some(&documents)));
                changes.insert(
                    "expires_at".into(),
                    $crate::instruction::change(None, Some(&l.expires_at.to_rfc3339())),
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "tracking_link", id, "create", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                row.into_link()
            }

            async fn tracking_link_by_token(
                &self,
                token_hash: &str,
            ) -> gendan_store::StoreResult<Option<gendan_store::TrackingLink>> {
                use $crate::shipment::*;
                let row: Option<TrackingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {TRACKING_COLUMNS} FROM tracking_links WHERE token_hash = $1"
                )))
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                row.map(TrackingRow::into_link).transpose()
            }

            async fn tracking_links(
                &self,
                shipment_id: uuid::Uuid,
            ) -> gendan_store::StoreResult<Vec<gendan_store::TrackingLink>> {
                use $crate::shipment::*;
                let rows: Vec<TrackingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT {TRACKING_COLUMNS} FROM tracking_links WHERE shipment_id = $1 ORDER BY id"
                )))
                .bind(shipment_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::common::db_err)?;
                rows.into_iter().map(TrackingRow::into_link).collect()
            }

            async fn revoke_tracking_link(
                &self,
                id: uuid::Uuid,
                ctx: &gendan_store::WriteContext,
            ) -> gendan_store::StoreResult<gendan_store::TrackingLink> {
                use $crate::shipment::*;
                let mut tx = self.begin_write().await?;
                let row: Option<TrackingRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "UPDATE tracking_links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL \
                     RETURNING {TRACKING_COLUMNS}"
                )))
                .bind(ctx.at)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::common::db_err)?;
                let Some(row) = row else {
                    return Err(gendan_store::StoreError::NotFound {
                        entity: "tracking_link",
                        id: id.to_string(),
                    });
                };
                let mut changes = gendan_domain::audit::Changes::new();
                changes.insert(
                    "revoked_at".into(),
                    $crate::instruction::change(None, Some(&ctx.at.to_rfc3339())),
                );
                Self::append_audit(&mut tx, vec![Self::audit(ctx, "tracking_link", id, "revoke", changes)]).await?;
                tx.commit().await.map_err($crate::common::db_err)?;
                row.into_link()
            }
        }
    };
}
