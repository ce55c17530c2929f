//! Gendan's storage on SQLite (embedded, the default) and PostgreSQL (scale-out).
//!
//! Both backends run the same SQL text: queries use `$1`-style parameters, which SQLite
//! also understands, and types that sqlx maps on both (UUID, timestamps, JSON). The code is
//! written once in [`sql_store!`] and stamped out per backend, because `sqlx::Any` cannot
//! carry UUIDs and timestamps. What differs lives in each backend's module: the migrations
//! (`migrations/sqlite`, `migrations/postgres`), how a write transaction begins, and how
//! the audit chain's head is locked.

#[macro_use]
mod common;
#[macro_use]
mod trade;
#[macro_use]
mod instruction;
#[macro_use]
mod shipment;
#[macro_use]
mod document;
#[macro_use]
mod receivable;
pub mod postgres;
pub mod sqlite;

use gendan_store::Store;
use std::path::Path;
use std::sync::Arc;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Open the store a URL names: `postgres://…` or `postgresql://…` for PostgreSQL,
/// `sqlite://path` for a SQLite file; without a URL, `data_dir/gendan.db`.
/// Runs the backend's migrations.
pub async fn open(url: Option<&str>, data_dir: &Path) -> Result<Arc<dyn Store>, String> {
    match url {
        Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
            Ok(Arc::new(PgStore::connect(u).await?))
        }
        Some(u) if u.starts_with("sqlite:") => {
            let path = u.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
            Ok(Arc::new(SqliteStore::open(Path::new(path)).await?))
        }
        Some(u) => Err(format!(
            "database URL `{}` is neither postgres://… nor sqlite://…",
            u.split('@').next_back().unwrap_or(u)
        )),
        None => {
            std::fs::create_dir_all(data_dir)
                .map_err(|e| format!("cannot create data directory {}: {e}", data_dir.display()))?;
            Ok(Arc::new(SqliteStore::open(&data_dir.join("gendan.db")).await?))
        }
    }
}

/// Fresh databases for tests: a new SQLite file, or a new PostgreSQL database on the
/// server `GENDAN_TEST_DATABASE_URL` names.
pub mod testing {
    use super::*;
    use sqlx::Connection;

    /// The PostgreSQL server URL tests should use, if any.
    pub fn postgres_url() -> Option<String> {
        std::env::var("GENDAN_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
    }

    /// Create an empty database `gendan_test_<uuid>` on the server `server_url` names and
    /// return its URL.
    pub async fn create_postgres_database(server_url: &str) -> Result<String, String> {
        let name = format!("gendan_test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = sqlx::PgConnection::connect(server_url)
            .await
            .map_err(|e| format!("cannot reach PostgreSQL at GENDAN_TEST_DATABASE_URL: {e}"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .map_err(|e| format!("cannot create test database: {e}"))?;
        let (base, query) = match server_url.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (server_url, String::new()),
        };
        let without_db = match base.rfind('/') {
            Some(i) if i > "postgres://".len() => &base[..i],
            _ => base,
        };
        Ok(format!("{without_db}/{name}{query}"))
    }

    /// The URL of a fresh, empty database: a new PostgreSQL database when
    /// `GENDAN_TEST_DATABASE_URL` is set, else a SQLite file in `dir`.
    pub async fn fresh_database_url(dir: &Path) -> String {
        match postgres_url() {
            Some(url) => create_postgres_database(&url)
                .await
                .expect("PostgreSQL test database"),
            None => format!("sqlite://{}", dir.join("gendan.db").display()),
        }
    }

    /// A fresh, migrated store on [`fresh_database_url`].
    pub async fn fresh_store(dir: &Path) -> Arc<dyn Store> {
        let url = fresh_database_url(dir).await;
        open(Some(&url), dir).await.expect("open the test database")
    }
}
