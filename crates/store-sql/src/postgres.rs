//! PostgreSQL backend: several app servers may share one database. The audit chain's
//! head row is locked `FOR UPDATE` so that all servers append to one chain in one order.

use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

sql_store!(
    /// Gendan on PostgreSQL.
    PgStore,
    sqlx::Postgres,
    backend = "postgres",
    begin = begin(),
    lock_suffix = " FOR UPDATE",
    concat_agg = "string_agg(doc, ',' ORDER BY {order})"
);

trade_store!(PgStore, sqlx::Postgres, lock_suffix = " FOR UPDATE");
instruction_store!(PgStore, sqlx::Postgres, lock_suffix = " FOR UPDATE");
shipment_store!(PgStore, sqlx::Postgres, lock_suffix = " FOR UPDATE");
document_store!(PgStore, sqlx::Postgres, lock_suffix = " FOR UPDATE");
receivable_store!(PgStore, sqlx::Postgres, lock_suffix = " FOR UPDATE");

impl PgStore {
    /// Connect and run the migrations.
    pub async fn connect(url: &str) -> Result<Self, String> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| format!("migrating PostgreSQL failed: {e}"))?;
        Ok(Self { pool })
    }

    /// The pool, for tests that need to reach around the store.
    pub fn pool(&self) -> &sqlx::PgPool {
        &self.pool
    }
}
