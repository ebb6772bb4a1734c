//! A complaint's time limits as moments on the working-day calendar, how each action moves
//! them, and when the deadline watcher must warn, chase (催办) and escalate (通报). Pure: the
//! calendar and the limits are passed in; moments are epoch milliseconds.
//!
//! The rules (DESIGN.md, "Time limits"): accept (签收) within `accept` working days of dispatch;
//! return (退单) only within `return` working days of dispatch; resolve (办结) within `resolve`
//! working days of dispatch. A transfer or a re-dispatch restarts the accept and return limits
//! for the new department but not the resolve limit (the complainant has waited already).
//! While the department waits for the complainant the clock stops: when the answer comes, the
//! resolve limit moves by the working time spent waiting. Reopening (重办) gives a fresh resolve
//! limit. A granted extension adds its working days to the resolve limit. An answer opens the
//! rating window (回访).

use chrono::{DateTime, Utc};

use super::calendar::{Calendar, Due, OFFICE_DAY_MS};
use super::limits::Limits;
use super::{Action, Facts, Status};

/// The limits of one complaint, as moments (epoch ms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadlines {
    /// 签收 by then (counted from the latest dispatch).
    pub accept_due: Option<i64>,
    /// 退单 allowed until then.
    pub return_until: Option<i64>,
    /// 办结 by then.
    pub resolve_due: Option<i64>,
    /// 回访: rated by then, or closed.
    pub rating_due: Option<i64>,
    /// Some limit counts through a year whose holiday notice is not published yet
    /// (暂按法定节假日计算).
    pub provisional: bool,
    /// The resolve limit is a fresh one, given when the complaint was reopened.
    pub fresh: bool,
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

impl Deadlines {
    /// The limits of a complaint dispatched at `now` (filed, or dispatched to its first
    /// department).
    pub fn dispatched(now: i64, limits: &Limits, cal: &Calendar) -> Deadlines {
        let accept = cal.due(at(now), limits.accept_days);
        let returns = cal.due(at(now), limits.return_days);
        let resolve = cal.due(at(now), limits.resolve_days);
        Deadlines {
            accept_due: Some(ms(accept.at)),
            return_until: Some(ms(returns.at)),
            resolve_due: Some(ms(resolve.at)),
            rating_due: None,
            provisional: accept.provisional || returns.provisional || resolve.provisional,
            fresh: false,
        }
    }

    /// The limits after `action` took the complaint from `before` to `after` at `now`.
    pub fn advance(
        &self,
        action: &Action,
        before: &Facts,
        after: &Facts,
        now: i64,
        limits: &Limits,
        cal: &Calendar,
    ) -> Deadlines {
        let mut d = *self;
        let from_now = |days| cal.due(at(now), days);
        // A stopped clock runs again when the waiting ends, however it ends (the answer, a
        // transfer, an answer to the complaint): the resolve limit moves by the office time
        // spent waiting.
        if before.status == Status::AwaitingInfo && after.status != Status::AwaitingInfo {
            if let (Some(due), Some(paused)) = (d.resolve_due, before.paused_at) {
                let waited = cal.working_ms_between(at(paused), at(now)).max(0);
                d.set_resolve(cal.add_working_ms(at(due), waited));
            }
        }
        match action {
            // A new department starts its own accept and return limits; the resolve limit
            // stays (the complainant has waited already), or starts for one that had none.
            Action::Transfer { .. } | Action::Dispatch { .. } => {
                d.set_accept(from_now(limits.accept_days), from_now(limits.return_days));
                if d.resolve_due.is_none() {
                    d.set_resolve(from_now(limits.resolve_days));
                }
            }
            Action::DecideExtension { approve: true } => {
                if let (Some(due), Some(days)) = (d.resolve_due, before.extension_days) {
                    d.set_resolve(cal.add_working_ms(at(due), i64::from(days) * OFFICE_DAY_MS));
                }
            }
            Action::Resolve { .. } => {
                let window = from_now(limits.rating_days);
                d.provisional |= window.provisional;
                d.rating_due = Some(ms(window.at));
            }
            // 重办: a fresh limit to accept and resolve it again, marked as such.
            Action::Rate { .. } if after.status == Status::Reopened => {
                d.set_accept(from_now(limits.accept_days), from_now(limits.return_days));
                d.set_resolve(from_now(limits.resolve_days));
                d.rating_due = None;
                d.fresh = true;
            }
            _ => {}
        }
        d
    }

    fn set_accept(&mut self, accept: Due, returns: Due) {
        self.provisional |= accept.provisional || returns.provisional;
        self.accept_due = Some(ms(accept.at));
        self.return_until = Some(ms(returns.at));
    }

    fn set_resolve(&mut self, resolve: Due) {
        self.provisional |= resolve.provisional;
        self.resolve_due = Some(ms(resolve.at));
    }
}

/// Which limit an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    Accept,
    Resolve,
}

impl Limit {
    pub fn code(self) -> &'static str {
        match self {
            Limit::Accept => "accept",
            Limit::Resolve => "resolve",
        }
    }
}

/// How far along a limit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 80% of the limit is used, or one working day is left.
    Warning,
    /// The limit has passed: 催办, to the department lead and the supervisors.
    Chase,
    /// Five working days after the limit, still open: 通报, to the leadership.
    Escalation,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Chase => "chase",
            Level::Escalation => "escalation",
        }
    }
}

/// One alert the watcher sends, at `at`, about the limit that ends at `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alert {
    pub limit: Limit,
    pub level: Level,
    pub at: i64,
    pub due: i64,
}

/// Working days after a limit that a still open complaint is escalated (通报).
pub const ESCALATE_AFTER_DAYS: i64 = 5;

/// The limit that runs now, with its start and end: the accept limit until accepted, then the
/// resolve limit; none while the department waits for the complainant (the clock is stopped)
/// or once the complaint is answered or closed.
pub fn running(f: &Facts, d: &Deadlines) -> Option<(Limit, i64, i64)> {
    let start = f.dispatched_at?;
    match f.status {
        Status::Submitted | Status::Reopened if f.handler.is_some() && f.accepted_at.is_none() => {
            d.accept_due.map(|due| (Limit::Accept, start, due))
        }
        Status::Submitted | Status::Accepted | Status::Reopened => {
            d.resolve_due.map(|due| (Limit::Resolve, start, due))
        }
        _ => None,
    }
}

/// The alerts of the running limit, in time order.
pub fn alerts(f: &Facts, d: &Deadlines, cal: &Calendar) -> Vec<Alert> {
    let Some((limit, start, due)) = running(f, d) else {
        return Vec::new();
    };
    let span = cal.working_ms_between(at(start), at(due)).max(0);
    let eighty = ms(cal.add_working_ms(at(start), span * 4 / 5).at);
    let day_left = ms(cal.add_working_ms(at(due), -OFFICE_DAY_MS).at);
    // Whichever comes first — but not before the limit has begun to run (for a one-day limit,
    // "one day left" is its start).
    let warn = if day_left > start {
        eighty.min(day_left)
    } else {
        eighty
    };
    let escalate = ms(cal
        .add_working_ms(at(due), ESCALATE_AFTER_DAYS * OFFICE_DAY_MS)
        .at);
    [
        (Level::Warning, warn),
        (Level::Chase, due),
        (Level::Escalation, escalate),
    ]
    .into_iter()
    .map(|(level, at)| Alert {
        limit,
        level,
        at,
        due,
    })
    .collect()
}

/// The first alert after `now`, if any: when the watcher must look at the complaint again.
pub fn next_alert(f: &Facts, d: &Deadlines, cal: &Calendar, now: i64) -> Option<i64> {
    alerts(f, d, cal)
        .into_iter()
        .map(|a| a.at)
        .find(|at| *at > now)
}

/// How a limit stands at `now`, for a card or a queue line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// 🟢 in time.
    InTime,
    /// 🟡 warned: 80% used or a working day left.
    Warned,
    /// 🔴 overdue.
    Overdue,
}

/// The running limit's standing at `now`, and the office time left (negative when overdue).
pub fn standing(
    f: &Facts,
    d: &Deadlines,
    cal: &Calendar,
    now: i64,
) -> Option<(Limit, Standing, i64)> {
    let (limit, _, due) = running(f, d)?;
    let left = cal.working_ms_between(at(now), at(due));
    let warned = alerts(f, d, cal)
        .iter()
        .any(|a| a.level == Level::Warning && a.at <= now);
    let standing = if now > due {
        Standing::Overdue
    } else if warned {
        Standing::Warned
    } else {
        Standing::InTime
    };
    Some((limit, standing, left))
}

#[cfg(test)]
mod tests;
