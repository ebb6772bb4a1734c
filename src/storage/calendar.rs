//! Holiday notices loaded at run time (`yingshang calendar load`): one per year, as JSON text.
//! Checking and parsing them is the domain's ([`crate::domain::Notice`]); this file only keeps
//! them.

use super::{in_tx, on_db, Db, Result};

/// A stored notice.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CalendarNoticeRow {
    pub year: i32,
    /// The JSON text as loaded.
    pub notice: String,
    /// Epoch ms.
    pub loaded_at: i64,
    pub loaded_by: String,
}

const COLUMNS: &str = "year, notice, loaded_at, loaded_by";

impl Db {
    /// Every stored notice, by year.
    pub async fn calendar_notices(&self) -> Result<Vec<CalendarNoticeRow>> {
        let sql = format!("SELECT {COLUMNS} FROM calendar_notices ORDER BY year");
        Ok(on_db!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
    }

    /// Stores a year's notice, replacing the one stored before, which it returns.
    pub async fn store_calendar_notice(
        &self,
        year: i32,
        notice: &str,
        now_ms: i64,
        loaded_by: &str,
    ) -> Result<Option<CalendarNoticeRow>> {
        let select = format!("SELECT {COLUMNS} FROM calendar_notices WHERE year = $1");
        const UPSERT: &str = "INSERT INTO calendar_notices (year, notice, loaded_at, loaded_by) \
                              VALUES ($1, $2, $3, $4) \
                              ON CONFLICT (year) DO UPDATE SET notice = excluded.notice, \
                              loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by";
        let before = in_tx!(self, tx => {
            let before: Option<CalendarNoticeRow> = sqlx::query_as(&select)
                .bind(year)
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(UPSERT)
                .bind(year)
                .bind(notice)
                .bind(now_ms)
                .bind(loaded_by)
                .execute(&mut *tx)
                .await?;
            before
        });
        Ok(before)
    }
}
