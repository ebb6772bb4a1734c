//! The notification outbox: rows written in the same transaction as the change they announce,
//! sent by the outbox worker. A row is claimed by pushing its `next_attempt_at` forward (a
//! lease), so several instances can run the worker without sending a row twice, except after a
//! crash between Telegram's OK and `mark_sent`.

use super::{on_db, Db, Result};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub chat_id: i64,
    pub text: String,
    pub attempts: i32,
    pub next_attempt_at: i64,
}

impl Db {
    pub async fn enqueue(&self, chat_id: i64, text: &str, now_ms: i64) -> Result<()> {
        const SQL: &str = "INSERT INTO outbox (chat_id, text, created_at, next_attempt_at) \
             VALUES ($1, $2, $3, $3)";
        on_db!(self, pool => sqlx::query(SQL).bind(chat_id).bind(text).bind(now_ms).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Claims up to `limit` due rows for `lease_ms`; rows another worker claimed are skipped.
    pub async fn claim_due(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<OutboxRow>> {
        const DUE: &str = "SELECT id, chat_id, text, attempts, next_attempt_at FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2";
        const CLAIM: &str = "UPDATE outbox SET next_attempt_at = $1 \
             WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL";
        let due: Vec<OutboxRow> = on_db!(self, pool => sqlx::query_as(DUE).bind(now_ms).bind(limit).fetch_all(pool).await?);
        let mut claimed = Vec::with_capacity(due.len());
        for row in due {
            let n = on_db!(self, pool => sqlx::query(CLAIM)
                .bind(now_ms + lease_ms)
                .bind(row.id)
                .bind(row.next_attempt_at)
                .execute(pool)
                .await?
                .rows_affected());
            if n == 1 {
                claimed.push(row);
            }
        }
        Ok(claimed)
    }

    pub async fn mark_sent(&self, id: i64, now_ms: i64) -> Result<()> {
        const SQL: &str = "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2";
        on_db!(self, pool => sqlx::query(SQL).bind(now_ms).bind(id).execute(pool).await?.rows_affected());
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

    /// Gives a claimed row back, due at `at`, without counting an attempt.
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
}
