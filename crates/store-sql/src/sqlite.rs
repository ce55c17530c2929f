//! SQLite backend: one file, WAL journal, foreign keys on, busy timeout; writes begin with
//! `BEGIN IMMEDIATE` so the write lock is taken up front and concurrent writers queue
//! instead of failing with SQLITE_BUSY halfway through.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

sql_store!(
    /// Gendan on an embedded SQLite file.
    SqliteStore,
    sqlx::Sqlite,
    backend = "sqlite",
    begin = begin_with("BEGIN IMMEDIATE"),
    lock_suffix = "",
    // SQLite feeds the aggregate in the subquery's index order, so no sorter is needed
    // (the `{order}` is for PostgreSQL, which may not keep the order otherwise).
    concat_agg = "group_concat(doc, ',') /* {order} */"
);

trade_store!(SqliteStore, sqlx::Sqlite, lock_suffix = "");
instruction_store!(SqliteStore, sqlx::Sqlite, lock_suffix = "");
shipment_store!(SqliteStore, sqlx::Sqlite, lock_suffix = "");
document_store!(SqliteStore, sqlx::Sqlite, lock_suffix = "");
receivable_store!(SqliteStore, sqlx::Sqlite, lock_suffix = "");

impl SqliteStore {
    /// Open (creating if needed) the database file and run the migrations.
    pub async fn open(path: &Path) -> Result<Self, String> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-8000")
            .pragma("mmap_size", "268435456");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .connect_with(opts)
            .await
            .map_err(|e| format!("cannot open SQLite database {}: {e}", path.display()))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| format!("migrating {} failed: {e}", path.display()))?;
        Ok(Self { pool })
    }
}
