//! The organisation: one-time invite codes, roles given and taken, admins, department chat
//! bindings and the group chats the bot is in.
//!
//! Every change made for a Telegram update records that update as handled in its own
//! transaction (a redelivery, or a second instance, then changes nothing); such a call answers
//! [`Recorded::Repeated`].

use super::users::{UserRow, COLUMNS};
use super::{in_tx, on_db, Db, Result, StorageError};
use crate::domain::Role;

/// A change made for an update, or the update was handled before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded<T> {
    Done(T),
    /// This very update was handled before (a redelivery): nothing was changed.
    Repeated,
}

/// What an invite makes of the person who uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appointment {
    /// Staff of a department; a lead also receives chases and the department's figures.
    Staff { department: String, lead: bool },
    /// A supervisor: every queue, extensions, escalations.
    Supervisor,
}

impl Appointment {
    /// The `invites.role` code.
    pub fn code(&self) -> &'static str {
        match self {
            Appointment::Staff { lead: false, .. } => "staff",
            Appointment::Staff { lead: true, .. } => "lead",
            Appointment::Supervisor => "supervisor",
        }
    }

    pub fn department(&self) -> Option<&str> {
        match self {
            Appointment::Staff { department, .. } => Some(department),
            Appointment::Supervisor => None,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Appointment::Staff { .. } => Role::Staff,
            Appointment::Supervisor => Role::Supervisor,
        }
    }

    pub fn lead(&self) -> bool {
        matches!(self, Appointment::Staff { lead: true, .. })
    }

    /// From a stored invite: its role code and department.
    fn from_row(role: &str, department: Option<String>) -> Result<Appointment> {
        match (role, department) {
            ("staff", Some(department)) => Ok(Appointment::Staff {
                department,
                lead: false,
            }),
            ("lead", Some(department)) => Ok(Appointment::Staff {
                department,
                lead: true,
            }),
            ("supervisor", None) => Ok(Appointment::Supervisor),
            (role, department) => Err(StorageError::Corrupt(format!(
                "invite for role {role:?} with department {department:?}"
            ))),
        }
    }
}

/// A one-time code to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvite {
    pub code: String,
    pub appointment: Appointment,
    pub created_by: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

/// What binding a chat to a department changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The chat the department had before, if another one.
    pub replaced_chat: Option<i64>,
    /// The departments this chat was bound to before (one chat serves one department).
    pub moved_from: Vec<String>,
}

/// The bot's standing in a chat, as Telegram reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BotStatus {
    Member,
    Administrator,
    Left,
    Kicked,
}

impl BotStatus {
    pub const ALL: [BotStatus; 4] = [
        BotStatus::Member,
        BotStatus::Administrator,
        BotStatus::Left,
        BotStatus::Kicked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BotStatus::Member => "member",
            BotStatus::Administrator => "administrator",
            BotStatus::Left => "left",
            BotStatus::Kicked => "kicked",
        }
    }

    /// Whether the bot is in the chat (and can post there).
    pub fn present(self) -> bool {
        matches!(self, BotStatus::Member | BotStatus::Administrator)
    }
}

impl TryFrom<String> for BotStatus {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        BotStatus::ALL
            .into_iter()
            .find(|b| b.code() == s)
            .ok_or_else(|| format!("unknown bot status {s:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BotChatRow {
    pub chat_id: i64,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: BotStatus,
    pub updated_at: i64,
}

/// Inside an open transaction: records update `$id` as handled, or returns
/// [`Recorded::Repeated`] from the enclosing function (dropping, so rolling back, the
/// transaction) when it was recorded before.
macro_rules! first_time_in {
    ($tx:ident, $update_id:expr, $now_ms:expr) => {
        if let Some(id) = $update_id {
            let first = sqlx::query(super::dialogues::SEEN_SQL)
                .bind(id)
                .bind($now_ms)
                .execute(&mut *$tx)
                .await?
                .rows_affected();
            if first != 1 {
                return Ok(Recorded::Repeated);
            }
        }
    };
}

impl Db {
    /// Stores a new invite code; `Done(false)` if the code exists already (draw another).
    pub async fn create_invite(
        &self,
        invite: &NewInvite,
        update_id: Option<i64>,
    ) -> Result<Recorded<bool>> {
        const SQL: &str = "INSERT INTO invites \
             (code, role, department, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING";
        Ok(in_tx!(self, tx => {
            first_time_in!(tx, update_id, invite.created_at);
            let n = sqlx::query(SQL)
                .bind(&invite.code)
                .bind(invite.appointment.code())
                .bind(invite.appointment.department())
                .bind(invite.created_by)
                .bind(invite.created_at)
                .bind(invite.expires_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                // Not recorded: the same update may try again with another code.
                return Ok(Recorded::Done(false));
            }
            Recorded::Done(true)
        }))
    }

    /// Uses invite `code` for `user_id`, once: the code must be unused and unexpired at
    /// `now_ms`, and the person gets its role and department in the same transaction.
    /// `Done(Some((appointment, who made the code)))`; `Done(None)` for a code that is unknown,
    /// used or expired (the caller cannot tell which).
    pub async fn use_invite(
        &self,
        code: &str,
        user_id: i64,
        now_ms: i64,
        update_id: Option<i64>,
    ) -> Result<Recorded<Option<(Appointment, i64)>>> {
        const CLAIM: &str = "UPDATE invites SET used_by = $2, used_at = $3 \
             WHERE code = $1 AND used_at IS NULL AND expires_at > $3 \
             RETURNING role, department, created_by";
        const APPOINT: &str = "INSERT INTO users \
             (id, role, department, is_lead, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET role = excluded.role, \
             department = excluded.department, is_lead = excluded.is_lead";
        Ok(in_tx!(self, tx => {
            first_time_in!(tx, update_id, now_ms);
            let claimed: Option<(String, Option<String>, i64)> = sqlx::query_as(CLAIM)
                .bind(code)
                .bind(user_id)
                .bind(now_ms)
                .fetch_optional(&mut *tx)
                .await?;
            match claimed {
                None => Recorded::Done(None),
                Some((role, department, created_by)) => {
                    let appointment = Appointment::from_row(&role, department)?;
                    sqlx::query(APPOINT)
                        .bind(user_id)
                        .bind(appointment.role().code())
                        .bind(appointment.department())
                        .bind(appointment.lead())
                        .bind(now_ms)
                        .execute(&mut *tx)
                        .await?;
                    Recorded::Done(Some((appointment, created_by)))
                }
            }
        }))
    }

    /// Makes `user_id` a complainant again (role, department and lead cleared; being an admin
    /// is kept). `Done(Some(before))` with the row as it was; `Done(None)` if there is no
    /// such person. Their complaints are not touched.
    pub async fn revoke_role(
        &self,
        user_id: i64,
        now_ms: i64,
        update_id: Option<i64>,
    ) -> Result<Recorded<Option<UserRow>>> {
        let select = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        let update = format!(
            "UPDATE users SET role = '{}', department = NULL, is_lead = FALSE WHERE id = $1",
            Role::Complainant.code()
        );
        Ok(in_tx!(self, tx => {
            first_time_in!(tx, update_id, now_ms);
            let before: Option<UserRow> = sqlx::query_as(&select)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if before.is_some() {
                sqlx::query(&update).bind(user_id).execute(&mut *tx).await?;
            }
            Recorded::Done(before)
        }))
    }

    /// Makes `user_id` an admin, creating the person if they never wrote (the command line
    /// works before the bot first runs). `false` if they were an admin already.
    pub async fn grant_admin(&self, user_id: i64, now_ms: i64) -> Result<bool> {
        const SQL: &str = "INSERT INTO users (id, is_admin, created_at) VALUES ($1, TRUE, $2) \
             ON CONFLICT (id) DO UPDATE SET is_admin = TRUE WHERE users.is_admin = FALSE";
        let n = on_db!(self, pool => sqlx::query(SQL)
            .bind(user_id)
            .bind(now_ms)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Takes the admin right from `user_id`; `false` if they were not an admin.
    pub async fn revoke_admin(&self, user_id: i64) -> Result<bool> {
        const SQL: &str = "UPDATE users SET is_admin = FALSE WHERE id = $1 AND is_admin = TRUE";
        let n = on_db!(self, pool => sqlx::query(SQL)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// The people with a role or the admin right (everyone but plain complainants), by role,
    /// department and name; only those of `department` when given.
    pub async fn people(&self, department: Option<&str>) -> Result<Vec<UserRow>> {
        let only = if department.is_some() {
            " AND department = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM users WHERE (role <> '{}' OR is_admin = TRUE){only} \
             ORDER BY role, department, is_lead DESC, display_name, id",
            Role::Complainant.code()
        );
        Ok(on_db!(self, pool => {
            let query = sqlx::query_as(&sql);
            let query = match department {
                Some(d) => query.bind(d),
                None => query,
            };
            query.fetch_all(pool).await?
        }))
    }

    /// Binds `chat_id` to department `code`: its new complaints are announced there. A chat
    /// serves one department: bindings of this chat to other departments are cleared.
    /// `Done(None)` if there is no such department.
    pub async fn bind_chat(
        &self,
        code: &str,
        chat_id: i64,
        now_ms: i64,
        update_id: Option<i64>,
    ) -> Result<Recorded<Option<Binding>>> {
        const CURRENT: &str = "SELECT chat_id FROM departments WHERE code = $1";
        const OTHERS: &str =
            "SELECT code FROM departments WHERE chat_id = $1 AND code <> $2 ORDER BY code";
        const CLEAR: &str =
            "UPDATE departments SET chat_id = NULL WHERE chat_id = $1 AND code <> $2";
        const BIND: &str = "UPDATE departments SET chat_id = $1 WHERE code = $2";
        Ok(in_tx!(self, tx => {
            first_time_in!(tx, update_id, now_ms);
            let current: Option<Option<i64>> = sqlx::query_scalar(CURRENT)
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
            match current {
                None => Recorded::Done(None),
                Some(current) => {
                    let moved_from: Vec<String> = sqlx::query_scalar(OTHERS)
                        .bind(chat_id)
                        .bind(code)
                        .fetch_all(&mut *tx)
                        .await?;
                    sqlx::query(CLEAR).bind(chat_id).bind(code).execute(&mut *tx).await?;
                    sqlx::query(BIND).bind(chat_id).bind(code).execute(&mut *tx).await?;
                    Recorded::Done(Some(Binding {
                        replaced_chat: current.filter(|c| *c != chat_id),
                        moved_from,
                    }))
                }
            }
        }))
    }

    /// The departments bound to `chat_id`.
    pub async fn departments_of_chat(&self, chat_id: i64) -> Result<Vec<String>> {
        const SQL: &str = "SELECT code FROM departments WHERE chat_id = $1 ORDER BY code";
        Ok(on_db!(self, pool => sqlx::query_scalar(SQL).bind(chat_id).fetch_all(pool).await?))
    }

    /// Records the bot's standing in a group chat. `true` when the bot came in or went out
    /// (or the chat is new to us), `false` for a change on the same side (a member made
    /// administrator) or a repeated report: so a notice about it is written once, even when two
    /// instances get the same update.
    pub async fn record_bot_chat(
        &self,
        chat_id: i64,
        title: &str,
        status: BotStatus,
        now_ms: i64,
    ) -> Result<bool> {
        let other_side: Vec<String> = BotStatus::ALL
            .into_iter()
            .filter(|s| s.present() != status.present())
            .map(|s| format!("'{}'", s.code()))
            .collect();
        // Only the side that changes can match: this update wins the change at most once.
        let cross = format!(
            "UPDATE bot_chats SET status = $2, title = $3, updated_at = $4 \
             WHERE chat_id = $1 AND status IN ({})",
            other_side.join(", ")
        );
        const NEW: &str = "INSERT INTO bot_chats (chat_id, title, status, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (chat_id) DO NOTHING";
        const SAME_SIDE: &str =
            "UPDATE bot_chats SET status = $2, title = $3, updated_at = $4 WHERE chat_id = $1";
        Ok(in_tx!(self, tx => {
            let crossed = sqlx::query(&cross)
                .bind(chat_id)
                .bind(status.code())
                .bind(title)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            let new = !crossed
                && sqlx::query(NEW)
                    .bind(chat_id)
                    .bind(title)
                    .bind(status.code())
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
            if !crossed && !new {
                sqlx::query(SAME_SIDE)
                    .bind(chat_id)
                    .bind(status.code())
                    .bind(title)
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?;
            }
            crossed || new
        }))
    }

    /// A group became a supergroup: what is known of the bot's standing there moves to the
    /// new id (unless the new id was reported on its own already).
    pub async fn migrate_bot_chat(&self, old: i64, new: i64, now_ms: i64) -> Result<()> {
        const COPY: &str = "INSERT INTO bot_chats (chat_id, title, status, updated_at) \
             SELECT $2, title, status, $3 FROM bot_chats WHERE chat_id = $1 \
             ON CONFLICT (chat_id) DO NOTHING";
        const FORGET: &str = "DELETE FROM bot_chats WHERE chat_id = $1";
        in_tx!(self, tx => {
            sqlx::query(COPY).bind(old).bind(new).bind(now_ms).execute(&mut *tx).await?;
            sqlx::query(FORGET).bind(old).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// The group chats the bot knows of, by id.
    pub async fn bot_chats(&self) -> Result<Vec<BotChatRow>> {
        const SQL: &str =
            "SELECT chat_id, title, status, updated_at FROM bot_chats ORDER BY chat_id";
        Ok(on_db!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }
}
