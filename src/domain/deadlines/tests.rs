//! Time limits on the real calendar: a Wednesday filing, the Spring Festival 2026, a paused
//! clock, a transfer, a reopening, an extension, and when the watcher warns, chases, escalates.

use super::*;
use crate::domain::limits::default_limits;
use crate::domain::{Category, Rating};

fn t(rfc3339: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

fn cal() -> Calendar {
    Calendar::embedded()
}

fn facts(status: Status, dispatched: i64, d: Deadlines) -> Facts {
    Facts {
        status,
        owner: 1,
        department: Some("caizheng".into()),
        handler: Some("caizheng".into()),
        assignee: None,
        reopened_before: false,
        extension_pending: false,
        extension_granted: false,
        dispatched_at: Some(dispatched),
        accepted_at: None,
        paused_at: None,
        resolved_at: None,
        returns: 0,
        extension_days: None,
        deadlines: d,
    }
}

const FILED: &str = "2026-11-25T10:00:00+08:00";

#[test]
fn a_wednesday_morning_filing_counts_that_day_as_day_zero() {
    let d = Deadlines::dispatched(t(FILED), &default_limits(Category::Credit), &cal());
    assert_eq!(d.accept_due, Some(t("2026-11-26T17:30:00+08:00")));
    assert_eq!(d.return_until, Some(t("2026-11-27T17:30:00+08:00")));
    assert_eq!(d.resolve_due, Some(t("2026-12-16T17:30:00+08:00")));
    assert!(!d.provisional);
    let approval = Deadlines::dispatched(t(FILED), &default_limits(Category::Approval), &cal());
    assert_eq!(approval.resolve_due, Some(t("2026-12-04T17:30:00+08:00")));
}

#[test]
fn a_friday_night_before_the_spring_festival_starts_after_it() {
    let night = Deadlines::dispatched(
        t("2026-02-13T23:00:00+08:00"),
        &default_limits(Category::Credit),
        &cal(),
    );
    // The make-up Saturday (14 February) is day 0; the holiday runs to the 23rd.
    assert_eq!(night.accept_due, Some(t("2026-02-24T17:30:00+08:00")));
    let morning = Deadlines::dispatched(
        t("2026-02-13T10:00:00+08:00"),
        &default_limits(Category::Approval),
        &cal(),
    );
    assert_eq!(morning.resolve_due, Some(t("2026-03-02T17:30:00+08:00")));
}

#[test]
fn a_year_without_a_notice_is_provisional() {
    let d = Deadlines::dispatched(
        t("2027-09-27T10:00:00+08:00"),
        &default_limits(Category::Credit),
        &cal(),
    );
    assert!(d.provisional, "October 2027 is counted on the law alone");
}

#[test]
fn waiting_for_the_complainant_moves_the_resolve_limit_by_the_office_time_waited() {
    let limits = default_limits(Category::Credit);
    let d = Deadlines::dispatched(t(FILED), &limits, &cal());
    let mut waiting = facts(Status::AwaitingInfo, t(FILED), d);
    // Asked on Thursday at 17:00, answered on Monday at 9:30: half an hour on Thursday, all of
    // Friday, an hour on Monday — 10.5 office hours.
    waiting.paused_at = Some(t("2026-11-26T17:00:00+08:00"));
    let answered = facts(Status::Accepted, t(FILED), d);
    let after = d.advance(
        &Action::AddInfo {
            text: "合同编号".into(),
            files: 0,
        },
        &waiting,
        &answered,
        t("2026-11-30T09:30:00+08:00"),
        &limits,
        &cal(),
    );
    // 16 December 17:30 + 10.5 office hours = 18 December 10:00.
    assert_eq!(after.resolve_due, Some(t("2026-12-18T10:00:00+08:00")));
}

#[test]
fn a_transfer_restarts_the_accept_limit_but_not_the_resolve_limit() {
    let limits = default_limits(Category::Credit);
    let d = Deadlines::dispatched(t(FILED), &limits, &cal());
    let before = facts(Status::Accepted, t(FILED), d);
    let now = t("2026-11-30T11:00:00+08:00");
    let mut after = facts(Status::Submitted, now, d);
    after.handler = Some("weijian".into());
    let moved = d.advance(
        &Action::Transfer {
            department: "weijian".into(),
            reason: "诊所".into(),
        },
        &before,
        &after,
        now,
        &limits,
        &cal(),
    );
    assert_eq!(moved.accept_due, Some(t("2026-12-01T17:30:00+08:00")));
    assert_eq!(moved.return_until, Some(t("2026-12-02T17:30:00+08:00")));
    assert_eq!(
        moved.resolve_due, d.resolve_due,
        "the complainant has waited already"
    );
}

#[test]
fn reopening_gives_a_fresh_limit_and_an_extension_adds_working_days() {
    let limits = default_limits(Category::Credit);
    let d = Deadlines::dispatched(t(FILED), &limits, &cal());
    let resolved = facts(Status::Resolved, t(FILED), d);
    let now = t("2026-12-01T10:00:00+08:00");
    let reopened = d.advance(
        &Action::Rate {
            rating: Rating::NotSatisfied,
        },
        &resolved,
        &facts(Status::Reopened, now, d),
        now,
        &limits,
        &cal(),
    );
    assert!(reopened.fresh);
    assert_eq!(reopened.resolve_due, Some(t("2026-12-22T17:30:00+08:00")));

    let mut asked = facts(Status::Accepted, t(FILED), d);
    asked.extension_days = Some(5);
    let granted = d.advance(
        &Action::DecideExtension { approve: true },
        &asked,
        &facts(Status::Accepted, t(FILED), d),
        now,
        &limits,
        &cal(),
    );
    assert_eq!(granted.resolve_due, Some(t("2026-12-23T17:30:00+08:00")));
    let refused = d.advance(
        &Action::DecideExtension { approve: false },
        &asked,
        &facts(Status::Accepted, t(FILED), d),
        now,
        &limits,
        &cal(),
    );
    assert_eq!(refused.resolve_due, d.resolve_due);
}

#[test]
fn the_watcher_warns_chases_and_escalates_the_running_limit() {
    let d = Deadlines::dispatched(t(FILED), &default_limits(Category::Credit), &cal());
    // Not accepted yet: the one-day accept limit runs (16.5 office hours from Wednesday 10:00
    // to Thursday 17:30). One working day left — Thursday's opening — comes before 80%
    // (Thursday 14:12).
    let submitted = facts(Status::Submitted, t(FILED), d);
    let a = alerts(&submitted, &d, &cal());
    assert_eq!(
        a.iter()
            .map(|a| (a.limit, a.level, a.at))
            .collect::<Vec<_>>(),
        [
            (
                Limit::Accept,
                Level::Warning,
                t("2026-11-26T08:30:00+08:00")
            ),
            (Limit::Accept, Level::Chase, t("2026-11-26T17:30:00+08:00")),
            (
                Limit::Accept,
                Level::Escalation,
                t("2026-12-03T17:30:00+08:00")
            ),
        ]
    );
    // Accepted: the resolve limit runs; one working day left comes before 80%.
    let mut accepted = submitted.clone();
    accepted.status = Status::Accepted;
    accepted.accepted_at = Some(t(FILED));
    // 142.5 office hours to 16 December 17:30: 80% (114 h) is 11 December 16:00, before
    // the last day's opening.
    let a = alerts(&accepted, &d, &cal());
    assert_eq!(a[0].limit, Limit::Resolve);
    assert_eq!(a[0].at, t("2026-12-11T16:00:00+08:00"), "80% comes first");
    assert_eq!(a[1].at, t("2026-12-16T17:30:00+08:00"));
    assert_eq!(
        a[2].at,
        t("2026-12-23T17:30:00+08:00"),
        "5 working days later"
    );
    // Waiting for the complainant: no alerts, the clock is stopped.
    let mut waiting = accepted.clone();
    waiting.status = Status::AwaitingInfo;
    assert!(alerts(&waiting, &d, &cal()).is_empty());
    assert_eq!(
        next_alert(&accepted, &d, &cal(), t("2026-12-12T10:00:00+08:00")),
        Some(t("2026-12-16T17:30:00+08:00"))
    );
}

#[test]
fn standing_shows_in_time_warned_and_overdue() {
    let d = Deadlines::dispatched(t(FILED), &default_limits(Category::Credit), &cal());
    let f = facts(Status::Submitted, t(FILED), d);
    let at = |s| standing(&f, &d, &cal(), t(s)).map(|(_, s, _)| s);
    assert_eq!(at("2026-11-25T11:00:00+08:00"), Some(Standing::InTime));
    assert_eq!(at("2026-11-26T08:30:00+08:00"), Some(Standing::Warned));
    assert_eq!(at("2026-11-27T09:00:00+08:00"), Some(Standing::Overdue));
    let (_, _, left) = standing(&f, &d, &cal(), t("2026-11-26T16:30:00+08:00")).unwrap();
    assert_eq!(left, 3_600_000, "an office hour left");
}
