//! Time is injected: logic asks a [`Clock`], never the wall. Tests use [`FixedClock`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Asia/Shanghai, the calendar the district works on.
    fn today_local(&self) -> NaiveDate {
        self.now().with_timezone(&Shanghai).date_naive()
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(AtomicI64::new(at.timestamp_millis()))
    }

    /// A clock at an RFC 3339 instant, e.g. `"2026-11-25T10:00:00+08:00"`.
    pub fn at(rfc3339: &str) -> Self {
        let t = DateTime::parse_from_rfc3339(rfc3339).expect("a valid RFC 3339 instant");
        FixedClock::new(t.with_timezone(&Utc))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        self.0.store(at.timestamp_millis(), Ordering::SeqCst);
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.0.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.load(Ordering::SeqCst)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_date_is_shanghai() {
        // 17:00 UTC on the 25th is 01:00 on the 26th in Shanghai.
        let c = FixedClock::at("2026-11-25T17:00:00Z");
        assert_eq!(
            c.today_local(),
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
        );
        c.advance(chrono::Duration::days(1));
        assert_eq!(
            c.today_local(),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
    }
}
