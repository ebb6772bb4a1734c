//! The notification outbox: rows written in the same transaction as the change they announce,
//! sent by the outbox worker (and, for a reply to the person who just acted, at once by the
//! front). A row is claimed, just before it is sent, by pushing its `next_attempt_at` forward
//! (a lease), so several instances can run the worker without sending a row twice, except after
//! a crash between Telegram's OK and `mark_sent`.

use super::{on_db, Db, Result};

/// A notice to queue with a change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotice {
    pub chat_id: i64,
    pub html: String,
    /// Inline buttons as JSON rows of `{"label", "data"}`.
    pub buttons: Option<String>,
    /// Names the notice, so that producing it twice stores it once.
    pub dedupe_key: Option<String>,
    /// Kept from the worker this long after it is written, because the front sends it itself
    /// at once (the reply to the person who just acted); the worker takes it only if that
    /// fails or the process dies first.
    pub hold_ms: i64,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub chat_id: i64,
    pub text: String,
    pub buttons: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: i64,
}

/// `$1` chat, `$2` html, `$3` buttons, `$4` dedupe key, `$5` now, `$6` first attempt.
pub(super) const INSERT_NOTICE_SQL: &str = "INSERT INTO outbox \
     (chat_id, text, buttons, dedupe_key, created_at, next_attempt_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

/// Queues notices inside an open transaction; evaluates to their ids (`None` for a notice that
/// was queued before under the same dedupe key). A macro for the same reason as
/// `insert_attachments!`: the transaction's type differs between the engines.
macro_rules! insert_notices {
    ($tx:ident, $notices:expr, $now_ms:expr) => {{
        let mut ids: Vec<Option<i64>> = Vec::new();
        for n in $notices {
            let id: Option<i64> = sqlx::query_scalar(INSERT_NOTICE_SQL)
                .bind(n.chat_id)
                .bind(&n.html)
                .bind(&n.buttons)
                .bind(&n.dedupe_key)
                .bind($now_ms)
                .bind($now_ms + n.hold_ms)
                .fetch_optional(&mut *$tx)
                .await?;
            ids.push(id);
        }
        ids
    }};
}
pub(super) use insert_notices;

impl Db {
    pub async fn enqueue(&self, chat_id: i64, text: &str, now_ms: i64) -> Result<()> {
        const SQL: &str = "INSERT INTO outbox (chat_id, text, created_at, next_attempt_at) \
             VALUES ($1, $2, $3, $3)";
        on_db!(self, pool => sqlx::query(SQL).bind(chat_id).bind(text).bind(now_ms).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Up to `limit` rows due at `now_ms`, oldest first; not yet claimed.
    pub async fn due_notices(&self, now_ms: i64, limit: i64) -> Result<Vec<OutboxRow>> {
        const SQL: &str = "SELECT id, chat_id, text, buttons, attempts, next_attempt_at \
             FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2";
        Ok(
            on_db!(self, pool => sqlx::query_as(SQL).bind(now_ms).bind(limit).fetch_all(pool).await?),
        )
    }

    /// Claims a due row until `until_ms`; `false` if another worker took it meanwhile.
    pub async fn claim_notice(&self, row: &OutboxRow, until_ms: i64) -> Result<bool> {
        const SQL: &str = "UPDATE outbox SET next_attempt_at = $1 \
             WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL AND failed_at IS NULL";
        let n = on_db!(self, pool => sqlx::query(SQL)
            .bind(until_ms)
            .bind(row.id)
            .bind(row.next_attempt_at)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Delivered; `message_id` is the Telegram message it became.
    pub async fn mark_sent(&self, id: i64, now_ms: i64, message_id: Option<i64>) -> Result<()> {
        const SQL: &str = "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, \
             sent_message_id = $3 WHERE id = $2";
        on_db!(self, pool => sqlx::query(SQL).bind(now_ms).bind(id).bind(message_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Delivery is impossible (blocked, chat gone): keep the row for the record, never retry.
    pub async fn mark_failed(&self, id: i64, now_ms: i64, error: &str) -> Result<()> {
        const SQL: &str = "UPDATE outbox SET failed_at = $1, attempts = attempts + 1, \
             last_error = $2 WHERE id = $3";
        on_db!(self, pool => sqlx::query(SQL).bind(now_ms).bind(error).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// A transient failure: try again at `next_at`.
    pub async fn reschedule(&self, id: i64, next_at: i64, error: &str) -> Result<()> {
        const SQL: &str = "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1, \
             last_error = $2 WHERE id = $3";
        on_db!(self, pool => sqlx::query(SQL).bind(next_at).bind(error).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Gives a row back, due at `at`, without counting an attempt.
    pub async fn release(&self, id: i64, at: i64) -> Result<()> {
        const SQL: &str =
            "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND sent_at IS NULL";
        on_db!(self, pool => sqlx::query(SQL).bind(at).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// A group became a supergroup with a new id: bound departments and waiting notifications
    /// follow it.
    pub async fn migrate_chat(&self, old: i64, new: i64) -> Result<()> {
        const DEPARTMENTS: &str = "UPDATE departments SET chat_id = $1 WHERE chat_id = $2";
        const PENDING: &str = "UPDATE outbox SET chat_id = $1 \
             WHERE chat_id = $2 AND sent_at IS NULL AND failed_at IS NULL";
        on_db!(self, pool => sqlx::query(DEPARTMENTS).bind(new).bind(old).execute(pool).await?.rows_affected());
        on_db!(self, pool => sqlx::query(PENDING).bind(new).bind(old).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Rows not yet sent nor failed (for tests and the admin's view).
    pub async fn pending_outbox(&self) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
        Ok(on_db!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?))
    }

    /// The texts queued for one chat, oldest first, with whether each was sent (for tests and
    /// the admin's view).
    pub async fn notices_for(&self, chat_id: i64) -> Result<Vec<(String, bool)>> {
        const SQL: &str =
            "SELECT text, sent_at IS NOT NULL FROM outbox WHERE chat_id = $1 ORDER BY id";
        Ok(on_db!(self, pool => sqlx::query_as(SQL).bind(chat_id).fetch_all(pool).await?))
    }
}
