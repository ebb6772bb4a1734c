//! All SQL lives here. One pool type per engine behind [`Db`]; every query is written once, in
//! SQL that SQLite and PostgreSQL both accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT … DO UPDATE`), and [`on_db!`] runs it on whichever pool is configured.

mod complaints;
mod dialogues;
mod outbox;
mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{PgPool, SqlitePool};

pub use complaints::{
    ChangeOutcome, ComplaintRow, DialogueSave, EventRow, FilingNotices, NewAttachment,
    NewComplaint, StatusChange,
};
pub use dialogues::DialogueRow;
pub use outbox::{NewNotice, OutboxRow};
pub use users::UserRow;

/// Runs the same expression on either pool: `on_db!(db, pool => query.fetch_one(pool).await)`.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::storage::Db::Sqlite($pool) => $body,
            $crate::storage::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs a block in a transaction on either pool and commits it if the block returns `Ok`.
/// SQLite transactions begin IMMEDIATE: they take the write lock at once, so a second writer
/// waits for the busy timeout instead of failing when it upgrades a read lock.
macro_rules! in_tx {
    ($db:expr, $tx:ident => $body:block) => {
        match $db {
            $crate::storage::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::storage::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}
pub(crate) use {in_tx, on_db};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported DATABASE_URL {0:?}: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DepartmentRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub chat_id: Option<i64>,
}

/// A connection pool on one of the two engines.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Db {
    /// Connects to `url` and runs the migrations. `sqlite://FILE` creates the file if needed
    /// and uses WAL, foreign keys and a busy timeout; `sqlite::memory:` is for tests.
    pub async fn connect(url: &str) -> Result<Db> {
        let db = if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let opts = if memory {
                opts
            } else {
                opts.journal_mode(SqliteJournalMode::Wal)
            };
            // An in-memory database lives in its one connection: keep exactly one, forever.
            let pool = if memory {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
            } else {
                SqlitePoolOptions::new().max_connections(4)
            };
            Db::Sqlite(
                pool.acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)?;
            Db::Postgres(Self::pg_pool(opts).await?)
        } else {
            return Err(StorageError::UnsupportedUrl(url.to_owned()));
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Connects to PostgreSQL with every table in `schema` (created if missing): how tests get
    /// a database of their own on a shared server.
    pub async fn connect_postgres_schema(url: &str, schema: &str) -> Result<Db> {
        let base = PgConnectOptions::from_str(url)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(base.clone())
            .await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .execute(&admin)
            .await?;
        admin.close().await;
        let opts = base.options([("search_path", schema)]);
        let db = Db::Postgres(Self::pg_pool(opts).await?);
        db.migrate().await?;
        Ok(db)
    }

    async fn pg_pool(opts: PgConnectOptions) -> Result<PgPool> {
        Ok(PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?)
    }

    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }

    /// Whether this Telegram update was handled before (a redelivery).
    pub async fn update_seen(&self, update_id: i64) -> Result<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM processed_updates WHERE update_id = $1";
        let n: i64 =
            on_db!(self, pool => sqlx::query_scalar(SQL).bind(update_id).fetch_one(pool).await?);
        Ok(n > 0)
    }

    /// Records a Telegram update id; `false` if it was recorded before (a duplicate delivery).
    pub async fn first_delivery(&self, update_id: i64, now_ms: i64) -> Result<bool> {
        const SQL: &str = "INSERT INTO processed_updates (update_id, at) VALUES ($1, $2) \
                           ON CONFLICT (update_id) DO NOTHING";
        let done = on_db!(self, pool => sqlx::query(SQL)
            .bind(update_id)
            .bind(now_ms)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Forgets update ids older than `before_ms`: Telegram redelivers only recent updates.
    pub async fn prune_processed_updates(&self, before_ms: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM processed_updates WHERE at < $1";
        Ok(
            on_db!(self, pool => sqlx::query(SQL).bind(before_ms).execute(pool).await?.rows_affected()),
        )
    }

    /// Inserts or renames a department; an existing department keeps its bound chat.
    pub async fn upsert_department(&self, code: &str, name_zh: &str, name_en: &str) -> Result<()> {
        const SQL: &str = "INSERT INTO departments (code, name_zh, name_en) VALUES ($1, $2, $3) \
                           ON CONFLICT (code) DO UPDATE \
                           SET name_zh = excluded.name_zh, name_en = excluded.name_en";
        on_db!(self, pool => sqlx::query(SQL)
            .bind(code)
            .bind(name_zh)
            .bind(name_en)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Binds a department's group chat (where its new complaints are announced).
    pub async fn bind_department_chat(&self, code: &str, chat_id: Option<i64>) -> Result<bool> {
        const SQL: &str = "UPDATE departments SET chat_id = $1 WHERE code = $2";
        let n = on_db!(self, pool => sqlx::query(SQL)
            .bind(chat_id)
            .bind(code)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    pub async fn departments(&self) -> Result<Vec<DepartmentRow>> {
        const SQL: &str = "SELECT code, name_zh, name_en, chat_id FROM departments ORDER BY code";
        Ok(on_db!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }
}
