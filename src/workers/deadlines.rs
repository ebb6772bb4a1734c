//! The deadline watcher and the daily digest.
//!
//! The watcher reads the complaints whose `next_alert_at` has come (an indexed column, set by
//! every change), queues the alerts that are due — each stored once by its dedupe key, so two
//! instances or a restart send nothing twice — and writes when to look next. A complaint that
//! moved on meanwhile is left alone: the change that moved it set its schedule.
//!
//! The digest goes to each department group at 9:00 on working days: what is due today, what
//! is overdue, what waits for the complainant, what nobody has taken — once a day per group.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;

use super::{Job, Next};
use crate::domain::calendar::local_date;
use crate::service::Service;

/// Complaints looked at per round.
const BATCH: i64 = 100;
/// The watcher looks at least this often (alerts are due to the minute, not the second).
const WATCH_EVERY: Duration = Duration::from_secs(60);

pub struct DeadlineWatch {
    pub svc: Service,
}

impl Job for DeadlineWatch {
    fn name(&self) -> &'static str {
        "deadlines"
    }

    async fn step(&self, now: DateTime<Utc>) -> anyhow::Result<Next> {
        let now_ms = now.timestamp_millis();
        let calendar = self.svc.calendar().await?;
        let due = self.svc.db.alerts_due(now_ms, BATCH).await?;
        for row in &due {
            let (_, notices, next) = self.svc.alert_notices(row, &calendar, now_ms).await?;
            self.svc
                .db
                .record_alerts(row.id, row.version, &notices, next, now_ms)
                .await?;
        }
        if !due.is_empty() {
            self.svc.wake.notify_one();
        }
        Ok(if due.len() as i64 == BATCH {
            Next::Now
        } else {
            Next::After(WATCH_EVERY)
        })
    }
}

/// When the digest goes out, Asia/Shanghai.
pub const DIGEST_AT: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

pub struct DailyDigest {
    pub svc: Service,
}

impl Job for DailyDigest {
    fn name(&self) -> &'static str {
        "digest"
    }

    async fn step(&self, now: DateTime<Utc>) -> anyhow::Result<Next> {
        let calendar = self.svc.calendar().await?;
        let today = local_date(now);
        let at = |date: chrono::NaiveDate| {
            Shanghai
                .from_local_datetime(&date.and_time(DIGEST_AT))
                .single()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now)
        };
        // Today's digest once 9:00 has come on a working day (a late start still sends it:
        // the day's dedupe key keeps it to once).
        if calendar.is_working_day(today) && now >= at(today) {
            self.svc.send_digests(today, &calendar).await?;
        }
        let next_day = calendar.next_working_day(today);
        let next = if calendar.is_working_day(today) && now < at(today) {
            at(today)
        } else {
            at(next_day)
        };
        let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
        // Woken early by other work, it simply looks again.
        Ok(Next::After(wait.max(Duration::from_secs(1))))
    }
}
