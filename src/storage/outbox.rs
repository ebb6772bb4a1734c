//! The notification outbox: rows written in the same transaction as the change they announce,
//! sent by the outbox worker (and, for a reply to the person who just acted, at once by the
//! front). A row is claimed, just before it is sent, by pushing its `next_attempt_at` forward
//! (a lease), so several instances can run the worker without sending a row twice, except after
//! a crash between Telegram's OK and `mark_sent`.

use super::{in_tx, on_db, Db, Result};

/// What a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// A message (HTML, maybe with buttons).
    Text,
    /// A complaint's card in a chat: sent once, then edited in place whenever it is queued
    /// again; only the newest waiting version is sent.
    Card,
    /// A picture (the payload holds its bytes; the text is its caption).
    Photo,
    /// A file (a CSV, say): payload and name; the text is its caption.
    Document,
}

impl NoticeKind {
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Text => "text",
            NoticeKind::Card => "card",
            NoticeKind::Photo => "photo",
            NoticeKind::Document => "document",
        }
    }
}

impl TryFrom<String> for NoticeKind {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        [
            NoticeKind::Text,
            NoticeKind::Card,
            NoticeKind::Photo,
            NoticeKind::Document,
        ]
        .into_iter()
        .find(|k| k.code() == s)
        .ok_or_else(|| format!("unknown notice kind {s:?}"))
    }
}

/// A notice to queue with a change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotice {
    pub chat_id: i64,
    pub kind: NoticeKind,
    pub html: String,
    /// Inline buttons as JSON rows of `{"label", "data"}`.
    pub buttons: Option<String>,
    /// Names the notice, so that producing it twice stores it once.
    pub dedupe_key: Option<String>,
    /// Kept from the worker this long after it is written, because the front sends it itself
    /// at once (the reply to the person who just acted); the worker takes it only if that
    /// fails or the process dies first.
    pub hold_ms: i64,
    /// The complaint a card shows.
    pub complaint_id: Option<i64>,
    /// A photo's or document's file name and bytes.
    pub file: Option<(String, Vec<u8>)>,
}

impl NewNotice {
    /// A plain message to `chat_id`, sent by the worker.
    pub fn text(chat_id: i64, html: String, dedupe_key: Option<String>) -> NewNotice {
        NewNotice {
            chat_id,
            kind: NoticeKind::Text,
            html,
            buttons: None,
            dedupe_key,
            hold_ms: 0,
            complaint_id: None,
            file: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub chat_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: NoticeKind,
    pub text: String,
    pub buttons: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub complaint_id: Option<i64>,
    pub file_name: Option<String>,
    pub payload: Option<Vec<u8>>,
}

const ROW_COLUMNS: &str = "id, chat_id, kind, text, buttons, attempts, next_attempt_at, \
     complaint_id, file_name, payload";

/// `$1` chat, `$2` html, `$3` buttons, `$4` dedupe key, `$5` now, `$6` first attempt, `$7`
/// kind, `$8` complaint, `$9` file name, `$10` payload.
pub(super) const INSERT_NOTICE_SQL: &str = "INSERT INTO outbox \
     (chat_id, text, buttons, dedupe_key, created_at, next_attempt_at, kind, complaint_id, \
     file_name, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

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
                .bind(n.kind.code())
                .bind(n.complaint_id)
                .bind(n.file.as_ref().map(|(name, _)| name.as_str()))
                .bind(n.file.as_ref().map(|(_, bytes)| bytes.as_slice()))
                .fetch_optional(&mut *$tx)
                .await?;
            ids.push(id);
        }
        ids
    }};
}
pub(super) use insert_notices;

impl Db {
    /// Queues notices on their own (outside any change); returns their ids (`None` for one
    /// queued before under the same dedupe key).
    pub async fn enqueue_notices(
        &self,
        notices: &[NewNotice],
        now_ms: i64,
    ) -> Result<Vec<Option<i64>>> {
        Ok(in_tx!(self, tx => { insert_notices!(tx, notices, now_ms) }))
    }

    /// Queues one plain message.
    pub async fn enqueue(&self, chat_id: i64, text: &str, now_ms: i64) -> Result<()> {
        self.enqueue_notices(&[NewNotice::text(chat_id, text.to_owned(), None)], now_ms)
            .await?;
        Ok(())
    }

    /// Up to `limit` rows due at `now_ms`, oldest first; not yet claimed.
    pub async fn due_notices(&self, now_ms: i64, limit: i64) -> Result<Vec<OutboxRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2"
        );
        Ok(
            on_db!(self, pool => sqlx::query_as(&sql).bind(now_ms).bind(limit).fetch_all(pool).await?),
        )
    }

    /// Whether a notice with this dedupe key was ever queued.
    pub async fn notice_exists(&self, dedupe_key: &str) -> Result<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM outbox WHERE dedupe_key = $1";
        let n: i64 =
            on_db!(self, pool => sqlx::query_scalar(SQL).bind(dedupe_key).fetch_one(pool).await?);
        Ok(n > 0)
    }

    /// What waits for one chat, unsent, oldest first (the console shows it itself).
    pub async fn unsent_for(&self, chat_id: i64) -> Result<Vec<OutboxRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM outbox \
             WHERE chat_id = $1 AND sent_at IS NULL AND failed_at IS NULL ORDER BY id"
        );
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(chat_id).fetch_all(pool).await?))
    }

    /// Whether a newer version of this card waits to be sent (then this one need not be).
    pub async fn newer_card_waiting(&self, row: &OutboxRow) -> Result<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM outbox WHERE kind = 'card' AND chat_id = $1 \
             AND complaint_id = $2 AND id > $3 AND sent_at IS NULL AND failed_at IS NULL";
        let n: i64 = on_db!(self, pool => sqlx::query_scalar(SQL)
            .bind(row.chat_id)
            .bind(row.complaint_id)
            .bind(row.id)
            .fetch_one(pool)
            .await?);
        Ok(n > 0)
    }

    /// The message showing the card of `complaint_id` in `chat_id`, if one was sent.
    pub async fn card_message(&self, chat_id: i64, complaint_id: i64) -> Result<Option<i64>> {
        const SQL: &str = "SELECT message_id FROM cards WHERE chat_id = $1 AND complaint_id = $2 \
             ORDER BY created_at DESC, message_id DESC LIMIT 1";
        Ok(
            on_db!(self, pool => sqlx::query_scalar(SQL).bind(chat_id).bind(complaint_id).fetch_optional(pool).await?),
        )
    }

    /// Records that `message_id` in `chat_id` shows the card of `complaint_id`.
    pub async fn record_card(
        &self,
        chat_id: i64,
        message_id: i64,
        complaint_id: i64,
        now_ms: i64,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO cards (chat_id, message_id, complaint_id, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (chat_id, message_id) DO NOTHING";
        on_db!(self, pool => sqlx::query(SQL)
            .bind(chat_id)
            .bind(message_id)
            .bind(complaint_id)
            .bind(now_ms)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The complaint whose card is the message `message_id` in `chat_id`: how a press on a
    /// card's button finds its complaint.
    pub async fn complaint_of_card(&self, chat_id: i64, message_id: i64) -> Result<Option<i64>> {
        const SQL: &str = "SELECT complaint_id FROM cards WHERE chat_id = $1 AND message_id = $2";
        Ok(
            on_db!(self, pool => sqlx::query_scalar(SQL).bind(chat_id).bind(message_id).fetch_optional(pool).await?),
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
        // The old group's messages cannot be edited any more: its cards are sent anew.
        const CARDS: &str = "DELETE FROM cards WHERE chat_id = $1";
        in_tx!(self, tx => {
            sqlx::query(DEPARTMENTS).bind(new).bind(old).execute(&mut *tx).await?;
            sqlx::query(PENDING).bind(new).bind(old).execute(&mut *tx).await?;
            sqlx::query(CARDS).bind(old).execute(&mut *tx).await?;
        });
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
