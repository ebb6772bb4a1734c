//! All SQL lives here. One pool type per engine behind [`Db`]; every query is written once, in
//! SQL that SQLite and PostgreSQL both accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT … DO UPDATE`), and [`on_db!`] runs it on whichever pool is configured.

mod calendar;
mod complaints;
mod dialogues;
mod org;
mod outbox;
mod staff;
mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{PgPool, SqlitePool};

pub use calendar::CalendarNoticeRow;
pub use complaints::{
    ChangeOutcome, ComplaintRow, EventRow, FilingNotices, NewAttachment, NewComplaint, Schedule,
    StatusChange,
};
pub use dialogues::{DialogueRow, DialogueSave};
pub use org::{Appointment, Binding, BotChatRow, BotStatus, NewInvite, Recorded};
pub use outbox::{NewNotice, NoticeKind, OutboxRow};
pub use staff::{PromptRow, QueueOnly, QueueQuery};
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

/// Errors of the storage layer. The connection variants say which database, in plain words,
/// with a hint; they carry the cause as text (not as a `source`), because the cause has already
/// been put into words and would otherwise be printed twice.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error(transparent)]
    Sqlx(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// The URL shown has its password replaced by `***`.
    #[error("unsupported DATABASE_URL {0:?}: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
    #[error("DATABASE_URL {url:?} is not valid: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("DATABASE_URL {0:?} names no file: give one, e.g. sqlite://yingshang.db")]
    NoSqliteFile(String),
    /// The SQLite file cannot be created (`action` "create") or opened ("open").
    #[error("cannot {action} {file} in {dir}: {reason} — {hint}")]
    SqliteFile {
        action: &'static str,
        file: String,
        dir: String,
        reason: String,
        hint: &'static str,
    },
    #[error(
        "cannot reach PostgreSQL at {place}: {reason} — check that the server is running \
         and DATABASE_URL"
    )]
    PgUnreachable { place: String, reason: String },
    #[error(
        "PostgreSQL at {place} has no database {database:?} — create it \
         (createdb {database}) or fix DATABASE_URL"
    )]
    PgNoDatabase { place: String, database: String },
    #[error("PostgreSQL at {place} refused the connection: {reason} — {hint}")]
    PgRefused {
        place: String,
        reason: String,
        hint: &'static str,
    },
    #[error("cannot migrate the database {database}: {reason}")]
    Migration { database: String, reason: String },
}

/// A stored value that does not decode (a status code no version knows, a broken column) is
/// corrupt data, not a database failure: it is named as such.
impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::ColumnDecode { index, source } => {
                StorageError::Corrupt(format!("column {index}: {source}"))
            }
            e => StorageError::Sqlx(e),
        }
    }
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

/// How long the first PostgreSQL connection may take. sqlx's pool retries a refused
/// connection until its acquire timeout and then says only "pool timed out"; one direct
/// connection first gives the real cause, quickly.
const PG_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// What [`Db::connect_with_report`] did: which database, whether it was created, which
/// migrations it applied. Its Display is the line `yingshang migrate` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectReport {
    pub engine: &'static str,
    /// The database as an operator names it: the SQLite file as given in the URL, or
    /// `DB on HOST:PORT`.
    pub database: String,
    /// A SQLite file that did not exist before.
    pub created: bool,
    /// The migrations applied now, as (version, description).
    pub applied: Vec<(i64, String)>,
    /// The migrations the schema has in all.
    pub total: usize,
}

impl std::fmt::Display for ConnectReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize| if n == 1 { "migration" } else { "migrations" };
        let list = || {
            self.applied
                .iter()
                .map(|(v, d)| format!("{v:04} {d}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (db, engine, n) = (&self.database, self.engine, self.applied.len());
        if self.created {
            write!(
                f,
                "created the database {db} ({engine}) and applied {n} {}: {}",
                plural(n),
                list()
            )
        } else if n > 0 {
            write!(
                f,
                "applied {n} {} to the database {db} ({engine}): {}",
                plural(n),
                list()
            )
        } else {
            let total = self.total;
            write!(
                f,
                "database {db} is up to date ({engine}, {total} {})",
                plural(total)
            )
        }
    }
}

impl Db {
    /// Connects to `url` and runs the migrations. `sqlite://FILE` creates the file if needed
    /// and uses WAL, foreign keys and a busy timeout; `sqlite::memory:` is for tests.
    pub async fn connect(url: &str) -> Result<Db> {
        Ok(Db::connect_with_report(url).await?.0)
    }

    /// [`Db::connect`], also saying what it did (for `yingshang migrate`).
    pub async fn connect_with_report(url: &str) -> Result<(Db, ConnectReport)> {
        let (db, database, created) = if url.starts_with("sqlite:") {
            Db::connect_sqlite(url).await?
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url).map_err(|e| bad_url(url, e))?;
            let database = format!("{} on {}", pg_database(&opts), pg_place(&opts));
            (Db::Postgres(Self::pg_pool(opts).await?), database, false)
        } else {
            return Err(StorageError::UnsupportedUrl(redacted(url)));
        };
        let (applied, total) = db.apply_migrations().await.map_err(|e| match e {
            StorageError::Migrate(e) => StorageError::Migration {
                database: database.clone(),
                reason: crate::config::one_line(&e.to_string()),
            },
            other => other,
        })?;
        let report = ConnectReport {
            engine: db.engine(),
            database,
            created,
            applied,
            total,
        };
        Ok((db, report))
    }

    /// Opens a SQLite database: the pool, the name to show, whether the file is new.
    async fn connect_sqlite(url: &str) -> Result<(Db, String, bool)> {
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let opts = SqliteConnectOptions::from_str(url).map_err(|e| bad_url(url, e))?;
        let path = opts.get_filename().to_path_buf();
        // Without this check SQLite would open a private temporary database for an empty
        // name, and everything stored would vanish at exit.
        if !memory && path.as_os_str().is_empty() {
            return Err(StorageError::NoSqliteFile(redacted(url)));
        }
        let existed = !memory && path.exists();
        let opts = opts
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
        let pool = match pool
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await
        {
            Ok(pool) => pool,
            Err(e) if memory => return Err(e.into()),
            Err(e) => return Err(sqlite_file_error(&path, existed, &e)),
        };
        let name = if memory {
            "in memory".to_owned()
        } else {
            path.display().to_string()
        };
        Ok((Db::Sqlite(pool), name, !memory && !existed))
    }

    /// Connects to PostgreSQL with every table in `schema` (created if missing): how tests get
    /// a database of their own on a shared server.
    pub async fn connect_postgres_schema(url: &str, schema: &str) -> Result<Db> {
        let base = PgConnectOptions::from_str(url).map_err(|e| bad_url(url, e))?;
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
        use sqlx::{ConnectOptions, Connection};
        // One connection by hand first: its error names the real cause (refused, no such
        // database, wrong password) within PG_CONNECT_TIMEOUT.
        match tokio::time::timeout(PG_CONNECT_TIMEOUT, opts.connect()).await {
            Err(_) => {
                return Err(StorageError::PgUnreachable {
                    place: pg_place(&opts),
                    reason: format!("no answer within {} s", PG_CONNECT_TIMEOUT.as_secs()),
                })
            }
            Ok(Err(e)) => return Err(pg_connect_error(&opts, e)),
            Ok(Ok(conn)) => {
                // Only a probe; failing to say goodbye to the server changes nothing.
                let _ = conn.close().await;
            }
        }
        Ok(PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?)
    }

    pub async fn migrate(&self) -> Result<()> {
        self.apply_migrations().await.map(|_| ())
    }

    /// Runs the migrations; returns those applied now (version, description) and how many the
    /// schema has in all.
    async fn apply_migrations(&self) -> Result<(Vec<(i64, String)>, usize)> {
        match self {
            Db::Sqlite(pool) => run_migrations(&sqlx::migrate!("migrations/sqlite"), pool).await,
            Db::Postgres(pool) => {
                run_migrations(&sqlx::migrate!("migrations/postgres"), pool).await
            }
        }
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

/// Runs `migrator` on `pool`, noting which migrations were missing before.
async fn run_migrations<DB>(
    migrator: &sqlx::migrate::Migrator,
    pool: &sqlx::Pool<DB>,
) -> Result<(Vec<(i64, String)>, usize)>
where
    DB: sqlx::Database,
    DB::Connection: sqlx::migrate::Migrate,
{
    use sqlx::migrate::Migrate;
    let before: std::collections::HashSet<i64> = {
        let mut conn = pool.acquire().await?;
        // What `run` does first anyway; a new database has no table to list yet.
        conn.ensure_migrations_table().await?;
        conn.list_applied_migrations()
            .await?
            .into_iter()
            .map(|m| m.version)
            .collect()
    };
    migrator.run(pool).await?;
    let ups = migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration());
    let total = ups.clone().count();
    let applied = ups
        .filter(|m| !before.contains(&m.version))
        .map(|m| (m.version, m.description.to_string()))
        .collect();
    Ok((applied, total))
}

/// A URL sqlx could not parse; the reason without sqlx's "error with configuration" prefix.
fn bad_url(url: &str, e: sqlx::Error) -> StorageError {
    let reason = match e {
        sqlx::Error::Configuration(inner) => inner.to_string(),
        other => other.to_string(),
    };
    StorageError::BadUrl {
        url: redacted(url),
        reason: crate::config::one_line(&reason),
    }
}

/// The URL with its password, if any, replaced by `***`: error messages end up in logs.
fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_owned();
    };
    match rest[..at].find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end],
            &rest[..colon],
            &rest[at..]
        ),
        None => url.to_owned(),
    }
}

/// Why a SQLite file could not be opened, found by looking at the file system: SQLite itself
/// says only "unable to open database file", whatever the cause.
fn sqlite_file_error(path: &std::path::Path, existed: bool, err: &sqlx::Error) -> StorageError {
    use crate::config::io_reason;
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let dir = std::path::absolute(&parent).unwrap_or_else(|_| parent.clone());
    let reason = if existed {
        if path.is_dir() {
            Some("it is a directory".to_owned())
        } else if err.to_string().contains("file is not a database") {
            Some("it is not a SQLite database".to_owned())
        } else {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(path)
                .err()
                .map(|e| io_reason(&e))
        }
    } else if !dir.exists() {
        // The nearest ancestor that exists tells "missing" from "a file in the way".
        match dir.ancestors().skip(1).find(|a| a.exists()) {
            Some(a) if !a.is_dir() => Some(format!("{} is not a directory", a.display())),
            _ => Some("no such directory".to_owned()),
        }
    } else if !dir.is_dir() {
        Some("not a directory".to_owned())
    } else {
        // Try what SQLite tried; the operating system's answer is the real cause. A probe
        // that succeeds is removed again at once.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            // SQLite got as far as creating the file: the cause lies elsewhere, and SQLite's
            // own message is all there is.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
            Err(e) => Some(io_reason(&e)),
            Ok(_) => {
                let _ = std::fs::remove_file(path);
                None
            }
        }
    };
    let reason = reason.unwrap_or_else(|| {
        let text = err
            .as_database_error()
            .map_or_else(|| err.to_string(), |d| d.message().to_owned());
        crate::config::one_line(&text)
    });
    StorageError::SqliteFile {
        action: if existed { "open" } else { "create" },
        file,
        dir: dir.display().to_string(),
        reason,
        hint: if path.is_absolute() {
            "check the path in DATABASE_URL"
        } else {
            "run from a writable directory or set DATABASE_URL"
        },
    }
}

fn pg_place(opts: &PgConnectOptions) -> String {
    match opts.get_socket() {
        Some(socket) => socket.display().to_string(),
        None => format!("{}:{}", opts.get_host(), opts.get_port()),
    }
}

/// The database PostgreSQL will open: the one named, or by default the user's own.
fn pg_database(opts: &PgConnectOptions) -> String {
    opts.get_database()
        .unwrap_or(opts.get_username())
        .to_owned()
}

/// The first connection's failure, named: unreachable server, missing database, refusal.
fn pg_connect_error(opts: &PgConnectOptions, err: sqlx::Error) -> StorageError {
    let place = pg_place(opts);
    match err {
        sqlx::Error::Io(e) => StorageError::PgUnreachable {
            place,
            reason: crate::config::io_reason(&e),
        },
        sqlx::Error::Database(d) if d.code().as_deref() == Some("3D000") => {
            StorageError::PgNoDatabase {
                place,
                database: pg_database(opts),
            }
        }
        // 28000 invalid authorization, 28P01 wrong password.
        sqlx::Error::Database(d) if d.code().is_some_and(|c| c.starts_with("28")) => {
            StorageError::PgRefused {
                place,
                reason: crate::config::one_line(d.message()),
                hint: "check the user and password in DATABASE_URL",
            }
        }
        sqlx::Error::Database(d) => StorageError::PgRefused {
            place,
            reason: crate::config::one_line(d.message()),
            hint: "check DATABASE_URL",
        },
        sqlx::Error::Tls(e) => StorageError::PgRefused {
            place,
            reason: crate::config::one_line(&format!("TLS: {e}")),
            hint: "check sslmode in DATABASE_URL",
        },
        other => StorageError::PgUnreachable {
            place,
            reason: crate::config::one_line(&other.to_string()),
        },
    }
}

#[cfg(test)]
mod connect_tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redacted("postgres://u:secret@h:5/db"),
            "postgres://u:***@h:5/db"
        );
        assert_eq!(redacted("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redacted("mysql://x"), "mysql://x");
        assert_eq!(redacted("sqlite://a@b:c.db"), "sqlite://a@b:c.db");
    }

    #[test]
    fn the_report_says_what_was_done() {
        let mut r = ConnectReport {
            engine: "sqlite",
            database: "yingshang.db".into(),
            created: true,
            applied: vec![(1, "init".into())],
            total: 1,
        };
        assert_eq!(
            r.to_string(),
            "created the database yingshang.db (sqlite) and applied 1 migration: 0001 init"
        );
        r.created = false;
        r.applied.push((2, "outbox".into()));
        r.total = 2;
        assert_eq!(
            r.to_string(),
            "applied 2 migrations to the database yingshang.db (sqlite): 0001 init, 0002 outbox"
        );
        r.applied.clear();
        assert_eq!(
            r.to_string(),
            "database yingshang.db is up to date (sqlite, 2 migrations)"
        );
    }

    #[tokio::test]
    async fn a_memory_database_is_migrated_and_says_so() {
        let (_db, r) = Db::connect_with_report("sqlite::memory:").await.unwrap();
        assert_eq!(r.applied.len(), r.total);
        assert!(!r.created);
    }
}
