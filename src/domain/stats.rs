//! Weekly statistics as plain data: what the report says, computed elsewhere from the event log
//! (see `service::report`), rendered as text, a chart and CSV by the report's views. No I/O.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::Category;

/// An ISO week (Monday–Sunday), e.g. 2026-W47.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// The week a date falls in.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// Its Monday.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    /// The week before.
    pub fn previous(self) -> IsoWeek {
        IsoWeek::of(self.monday() - Duration::days(7))
    }

    /// Parses `2026-W47` (also `2026W47`, `2026-w47`).
    pub fn parse(s: &str) -> Option<IsoWeek> {
        let s = s.trim().to_ascii_uppercase();
        let (year, week) = s.split_once('W')?;
        let year: i32 = year.trim_end_matches('-').parse().ok()?;
        let week: u32 = week.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(IsoWeek::of(monday))
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// New complaints of one category: this week and the week before.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryFigures {
    pub category: Category,
    pub this_week: i64,
    pub last_week: i64,
    /// Categories the complainant corrected at filing (picked another than proposed), and
    /// complaints staff moved to another department (transfer, re-dispatch after 退单).
    pub corrected_by_complainants: i64,
    pub corrected_by_staff: i64,
}

/// One department's week (or the district's, summed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DepartmentFigures {
    pub code: String,
    pub name: String,
    /// Complaints that reached the department this week (filed to it, dispatched or
    /// transferred to it).
    pub received: i64,
    /// Accepted (签收) this week, and of those within the accept limit.
    pub accepted: i64,
    pub accepted_in_time: i64,
    /// Returned (退单) this week.
    pub returned: i64,
    /// Answered (答复) this week — counted where it was answered — and of those in time.
    pub resolved: i64,
    pub resolved_in_time: i64,
    /// Open at the end of the week and past their running limit.
    pub overdue_now: i64,
    /// Handling time of this week's answers, in working days on the calendar, the time waiting
    /// for the complainant excluded: mean and median.
    pub mean_days: Option<f64>,
    pub median_days: Option<f64>,
    pub extensions_requested: i64,
    pub extensions_granted: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub not_satisfied: i64,
    /// Reopened (重办) this week.
    pub reopened: i64,
}

impl DepartmentFigures {
    /// Resolved in time, as a share of resolved.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.resolved > 0).then(|| self.resolved_in_time as f64 / self.resolved as f64)
    }

    /// Satisfied or basically satisfied, as a share of those rated.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        let rated = self.satisfied + self.basically_satisfied + self.not_satisfied;
        (rated > 0).then(|| (self.satisfied + self.basically_satisfied) as f64 / rated as f64)
    }
}

/// Everything one weekly report says.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekReport {
    pub week: IsoWeek,
    /// Sent after its Monday morning (the bot was down then).
    pub late: bool,
    pub categories: Vec<CategoryFigures>,
    pub departments: Vec<DepartmentFigures>,
    /// The district: all departments summed.
    pub district: DepartmentFigures,
    /// Messages answered as not a business-environment complaint.
    pub out_of_scope: i64,
    /// Complaints accusing the handling department's own officials, filed this week.
    pub conflicts: i64,
    /// The district's on-time rate (resolved in time / resolved) over the last weeks, oldest
    /// first, this week last.
    pub trend: Vec<(IsoWeek, Option<f64>)>,
}

/// The median of some values.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_parse_print_and_step_back() {
        let w = IsoWeek::parse("2026-W47").unwrap();
        assert_eq!(w.to_string(), "2026-W47");
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 16).unwrap());
        assert_eq!(w.previous().to_string(), "2026-W46");
        assert_eq!(
            IsoWeek::parse("2027w1").unwrap().previous().to_string(),
            "2026-W53"
        );
        assert_eq!(IsoWeek::parse("2026-W60"), None);
        assert_eq!(
            IsoWeek::of(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).to_string(),
            "2026-W47",
            "a Sunday belongs to the week it ends"
        );
    }

    #[test]
    fn medians_and_rates() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
        let d = DepartmentFigures {
            resolved: 4,
            resolved_in_time: 3,
            satisfied: 1,
            basically_satisfied: 1,
            not_satisfied: 2,
            ..Default::default()
        };
        assert_eq!(d.on_time_rate(), Some(0.75));
        assert_eq!(d.satisfaction_rate(), Some(0.5));
    }
}
