//! The calendar in effect: the embedded notices overlaid by those loaded into the database
//! (a stored year wins), built by the same code for the CLI and for the time limits.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::Datelike;

use super::{Service, ServiceError};
use crate::domain::calendar::{embedded_notices, Calendar, Notice};
use crate::storage::{CalendarNoticeRow, Db, StorageError};

/// The effective calendar on `db`: the embedded notices, and over them the stored ones. Read
/// afresh each time (a few rows), so a notice loaded by any instance counts at once.
pub async fn effective(db: &Db) -> Result<Calendar, ServiceError> {
    let stored = stored_notices(db).await?;
    Ok(Calendar::new(
        embedded_notices().iter().chain(stored.iter()),
    ))
}

/// The notices stored in the database. One that no longer parses is corrupt data: it was
/// checked by the same code when it was stored.
pub async fn stored_notices(db: &Db) -> Result<Vec<Notice>, ServiceError> {
    let mut notices = Vec::new();
    for row in db.calendar_notices().await? {
        let notice = Notice::parse(&row.notice).map_err(|e| {
            StorageError::Corrupt(format!("the stored {} holiday notice: {e}", row.year))
        })?;
        if notice.year != row.year {
            return Err(StorageError::Corrupt(format!(
                "the holiday notice stored for {} is for {}",
                row.year, notice.year
            ))
            .into());
        }
        notices.push(notice);
    }
    Ok(notices)
}

/// Stores a checked notice (`text` is what `notice` was parsed from); returns the notice it
/// replaces in the database, if any.
pub async fn store_notice(
    db: &Db,
    notice: &Notice,
    text: &str,
    now_ms: i64,
    loaded_by: &str,
) -> Result<Option<CalendarNoticeRow>, ServiceError> {
    Ok(db
        .store_calendar_notice(notice.year, text, now_ms, loaded_by)
        .await?)
}

/// Logs a warning for each of `years` that has no notice in `calendar`, once per process and
/// year: due dates there are provisional until an admin loads the notice. Returns the years
/// warned about now.
pub fn warn_missing_notices(calendar: &Calendar, years: impl IntoIterator<Item = i32>) -> Vec<i32> {
    static WARNED: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());
    // A poisoned lock only means another thread panicked while inserting; the set is fine.
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    let mut now = Vec::new();
    for year in years {
        if calendar.is_provisional(year) && warned.insert(year) {
            tracing::warn!(
                "no official holiday notice for {year}: its working days are provisional \
                 (statutory holidays only, 暂按法定节假日计算); once it is published, load it \
                 with `yingshang calendar load FILE.json`"
            );
            now.push(year);
        }
    }
    now
}

/// How long a built calendar is used before the stored notices are read again: a notice loaded
/// by any instance counts everywhere within this time.
const CALENDAR_TTL_MS: i64 = 60_000;

/// The calendar a service uses, and when it was built.
#[derive(Debug, Default)]
pub struct CalendarCache(Mutex<Option<(Arc<Calendar>, i64)>>);

impl Service {
    /// The calendar in effect (see [`effective`]), for the time limits: built again at most
    /// once a minute. Logs a warning, once per process and year, while this year or the next
    /// has no notice: the bot's due dates there are provisional until an admin loads it.
    pub async fn calendar(&self) -> Result<Arc<Calendar>, ServiceError> {
        let now = self.now_ms();
        {
            // A poisoned lock only means another task panicked holding it; the value is fine.
            let cached = self.calendar.0.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((calendar, built)) = cached.as_ref() {
                if (now - built).abs() < CALENDAR_TTL_MS {
                    return Ok(calendar.clone());
                }
            }
        }
        let calendar = Arc::new(effective(&self.db).await?);
        let year = self.clock.today_local().year();
        warn_missing_notices(&calendar, [year, year + 1]);
        *self.calendar.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((calendar.clone(), now));
        Ok(calendar)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTICE_2027: &str = r#"{"year": 2027, "papers": [], "days": [
        {"name": "国庆节", "date": "2027-10-01", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-09", "isOffDay": false}
    ]}"#;

    use chrono::NaiveDate;

    #[tokio::test]
    async fn stored_notices_overlay_the_embedded_ones() {
        let db = Db::connect("sqlite::memory:").await.unwrap();
        let before = effective(&db).await.unwrap();
        assert!(before.is_provisional(2027));
        assert!(!before.is_provisional(2026));

        let notice = Notice::parse(NOTICE_2027).unwrap();
        let replaced = store_notice(&db, &notice, NOTICE_2027, 5, "test")
            .await
            .unwrap();
        assert_eq!(replaced, None);
        let after = effective(&db).await.unwrap();
        assert!(!after.is_provisional(2027));
        let oct9 = NaiveDate::from_ymd_opt(2027, 10, 9).unwrap();
        assert!(after.is_working_day(oct9), "a make-up Saturday");

        // Loaded again: the first is returned, the second kept.
        let replaced = store_notice(&db, &notice, NOTICE_2027, 7, "again")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((replaced.year, replaced.loaded_at), (2027, 5));
        assert_eq!(replaced.loaded_by, "test");
        let rows = db.calendar_notices().await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].loaded_by, "again");
    }

    #[test]
    fn a_missing_notice_is_warned_about_once() {
        let calendar = Calendar::embedded();
        // Years no other test of this process warns about.
        assert_eq!(
            warn_missing_notices(&calendar, [2026, 2091, 2092]),
            [2091, 2092]
        );
        assert!(warn_missing_notices(&calendar, [2091]).is_empty());
    }
}
