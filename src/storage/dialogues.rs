//! Where each private conversation stands (JSON of `service::dialogue::State`), versioned so
//! that two updates racing on one conversation cannot both apply.

use super::{on_db, Db, Result};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DialogueRow {
    pub state: String,
    pub version: i64,
    pub updated_at: i64,
}

/// The versioned upsert: `$3` is the version the caller loaded (0 when there was no row).
/// Shared with the transaction that files a complaint and resets the dialogue at once.
pub(super) const SAVE_SQL: &str = "INSERT INTO dialogues (user_id, state, version, updated_at) \
     VALUES ($1, $2, $3 + 1, $4) \
     ON CONFLICT (user_id) DO UPDATE \
     SET state = excluded.state, version = excluded.version, updated_at = excluded.updated_at \
     WHERE dialogues.version = $3";

impl Db {
    pub async fn dialogue(&self, user_id: i64) -> Result<Option<DialogueRow>> {
        const SQL: &str = "SELECT state, version, updated_at FROM dialogues WHERE user_id = $1";
        Ok(on_db!(self, pool => sqlx::query_as(SQL).bind(user_id).fetch_optional(pool).await?))
    }

    /// Saves the state if the stored version is still `expected`. Returns `false` when another
    /// update got there first.
    pub async fn save_dialogue(
        &self,
        user_id: i64,
        state: &str,
        expected: i64,
        now_ms: i64,
    ) -> Result<bool> {
        let n = on_db!(self, pool => sqlx::query(SAVE_SQL)
            .bind(user_id)
            .bind(state)
            .bind(expected)
            .bind(now_ms)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(n == 1)
    }
}
