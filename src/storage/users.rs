//! People: complainants, staff, supervisors, admins.

use super::{on_db, Db, Result};
use crate::domain::{Principal, Role};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub lang: Option<String>,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub department: Option<String>,
    pub unreachable: bool,
    pub is_admin: bool,
    pub is_lead: bool,
}

impl UserRow {
    /// The person's rights as stored now.
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            role: self.role,
            department: self.department.clone(),
            lead: self.is_lead,
            admin: self.is_admin,
        }
    }
}

pub(super) const COLUMNS: &str =
    "id, display_name, lang, role, department, unreachable, is_admin, is_lead";

impl Db {
    /// Creates the user on first contact, refreshes the display name later, and returns the row.
    pub async fn ensure_user(&self, id: i64, display_name: &str, now_ms: i64) -> Result<UserRow> {
        let sql = format!(
            "INSERT INTO users (id, display_name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, unreachable = FALSE \
             RETURNING {COLUMNS}"
        );
        Ok(on_db!(self, pool => sqlx::query_as(&sql)
            .bind(id)
            .bind(display_name)
            .bind(now_ms)
            .fetch_one(pool)
            .await?))
    }

    pub async fn user(&self, id: i64) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?))
    }

    pub async fn set_user_lang(&self, id: i64, lang: &str) -> Result<()> {
        on_db!(self, pool => sqlx::query("UPDATE users SET lang = $1 WHERE id = $2")
            .bind(lang)
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Makes the listed Telegram ids admins (from `YINGSHANG_ADMINS` at start).
    pub async fn ensure_admins(&self, ids: &[i64], now_ms: i64) -> Result<()> {
        for id in ids {
            on_db!(self, pool => sqlx::query(
                "INSERT INTO users (id, is_admin, created_at) VALUES ($1, TRUE, $2) \
                 ON CONFLICT (id) DO UPDATE SET is_admin = TRUE",
            )
            .bind(id)
            .bind(now_ms)
            .execute(pool)
            .await?
            .rows_affected());
        }
        Ok(())
    }

    /// Marks a user the bot can no longer reach (they blocked it); cleared when they write again.
    pub async fn mark_unreachable(&self, chat_id: i64) -> Result<()> {
        on_db!(self, pool => sqlx::query("UPDATE users SET unreachable = TRUE WHERE id = $1")
            .bind(chat_id)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }
}

impl Db {
    /// Gives a person a role (and for staff a department and whether they lead it); creates the
    /// person if they never wrote to the bot.
    pub async fn set_role(
        &self,
        user_id: i64,
        role: Role,
        department: Option<&str>,
        lead: bool,
        now_ms: i64,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO users (id, role, department, is_lead, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE \
             SET role = excluded.role, department = excluded.department, is_lead = excluded.is_lead";
        on_db!(self, pool => sqlx::query(SQL)
            .bind(user_id)
            .bind(role.code())
            .bind(department)
            .bind(lead)
            .bind(now_ms)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }
}
