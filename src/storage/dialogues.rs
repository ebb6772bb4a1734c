//! Where each conversation stands (JSON of `service::dialogue::State`), per (chat, user) and
//! versioned so that two updates racing on one conversation cannot both apply. The Telegram
//! update that moved it is recorded in the same transaction, so a redelivered update is
//! recognised whatever moment a crash came at.

use super::{in_tx, on_db, Db, Result};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DialogueRow {
    pub state: String,
    pub version: i64,
    pub updated_at: i64,
}

/// A conversation's new state, saved only if it is still at `expected_version`, together with
/// the update that caused it.
#[derive(Debug, Clone, Copy)]
pub struct DialogueSave<'a> {
    pub chat_id: i64,
    pub user_id: i64,
    pub state: &'a str,
    pub expected_version: i64,
    /// The Telegram update being handled, recorded as handled in the same transaction.
    pub update_id: Option<i64>,
}

/// The versioned upsert: `$4` is the version the caller loaded (0 when there was no row).
pub(super) const SAVE_SQL: &str =
    "INSERT INTO dialogues (chat_id, user_id, state, version, updated_at) \
     VALUES ($1, $2, $3, $4 + 1, $5) \
     ON CONFLICT (chat_id, user_id) DO UPDATE \
     SET state = excluded.state, version = excluded.version, updated_at = excluded.updated_at \
     WHERE dialogues.version = $4";

/// Records an update as handled; no row when it was recorded before.
pub(super) const SEEN_SQL: &str = "INSERT INTO processed_updates (update_id, at) VALUES ($1, $2) \
     ON CONFLICT (update_id) DO NOTHING";

/// Inside an open transaction: records the update (if any) and saves the dialogue. Evaluates to
/// `false` when either was there first — a redelivered update, or another update of the same
/// conversation — and then the caller must not commit. A macro because the transaction's type
/// differs between the engines.
macro_rules! save_dialogue_in {
    ($tx:ident, $save:expr, $now_ms:expr) => {{
        let save: &$crate::storage::DialogueSave<'_> = $save;
        let first = match save.update_id {
            Some(id) => {
                sqlx::query($crate::storage::dialogues::SEEN_SQL)
                    .bind(id)
                    .bind($now_ms)
                    .execute(&mut *$tx)
                    .await?
                    .rows_affected()
                    == 1
            }
            None => true,
        };
        first
            && sqlx::query($crate::storage::dialogues::SAVE_SQL)
                .bind(save.chat_id)
                .bind(save.user_id)
                .bind(save.state)
                .bind(save.expected_version)
                .bind($now_ms)
                .execute(&mut *$tx)
                .await?
                .rows_affected()
                == 1
    }};
}
pub(crate) use save_dialogue_in;

impl Db {
    pub async fn dialogue(&self, chat_id: i64, user_id: i64) -> Result<Option<DialogueRow>> {
        const SQL: &str = "SELECT state, version, updated_at FROM dialogues \
             WHERE chat_id = $1 AND user_id = $2";
        Ok(
            on_db!(self, pool => sqlx::query_as(SQL).bind(chat_id).bind(user_id).fetch_optional(pool).await?),
        )
    }

    /// Saves the state if the stored version is still the expected one, and records the
    /// update, in one transaction. Returns `false` (and writes nothing) when another update of
    /// this conversation, or this very update, got there first.
    pub async fn save_dialogue(&self, save: &DialogueSave<'_>, now_ms: i64) -> Result<bool> {
        Ok(in_tx!(self, tx => {
            if !save_dialogue_in!(tx, save, now_ms) {
                return Ok(false);
            }
            true
        }))
    }
}
