//! The calendar on real dates, checkable against the State Council notices by hand.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A moment as Shanghai reads it.
fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn cal() -> Calendar {
    Calendar::embedded()
}

/// `due` as text: "2026-03-02 17:30" or "… provisional".
fn due(c: &Calendar, from: &str, days: u32) -> String {
    let due = c.due(t(from), days);
    let p = if due.provisional { " provisional" } else { "" };
    format!("{}{p}", local(due.at))
}

const H: i64 = 3_600_000;

#[test]
fn the_embedded_notices_are_2023_to_2026() {
    let c = cal();
    let years: Vec<i32> = c.notices().map(|n| n.year).collect();
    assert_eq!(years, [2023, 2024, 2025, 2026]);
    let sizes: Vec<usize> = c.notices().map(|n| n.days.len()).collect();
    assert_eq!(sizes, [34, 36, 33, 39]);
    assert!(c.notice(2026).unwrap().papers[0].contains("gov.cn"));
    assert!(c.is_provisional(2027) && !c.is_provisional(2026));
    // The 2023 notice begins on 31 December 2022 (a Saturday, so off either way).
    assert_eq!(c.day(d("2022-12-31")).kind, DayKind::Holiday("元旦"));
}

#[test]
fn spring_festival_2026_with_its_make_up_saturdays() {
    let c = cal();
    let kind = |s: &str| c.day(d(s)).kind;
    assert_eq!(kind("2026-02-13"), DayKind::Weekday);
    assert_eq!(
        kind("2026-02-14"),
        DayKind::MakeUp("春节"),
        "a Saturday worked"
    );
    for day in 15..=23 {
        let date = format!("2026-02-{day}");
        assert_eq!(kind(&date), DayKind::Holiday("春节"), "{date}");
        assert!(!c.is_working_day(d(&date)));
    }
    assert_eq!(kind("2026-02-24"), DayKind::Weekday);
    assert_eq!(
        kind("2026-02-28"),
        DayKind::MakeUp("春节"),
        "a Saturday worked"
    );
    assert_eq!(kind("2026-03-01"), DayKind::Weekend);
    assert!(c.is_working_day(d("2026-02-14")) && c.is_working_day(d("2026-02-28")));
    let feb = c.month(2026, 2).unwrap();
    assert_eq!(feb.len(), 28);
    // 20 weekdays, 6 of them holidays, 2 Saturdays worked.
    assert_eq!(feb.iter().filter(|d| d.is_working()).count(), 16);
    assert!(feb.iter().all(|d| !d.provisional));
    assert_eq!(c.next_working_day(d("2026-02-14")), d("2026-02-24"));
    assert_eq!(c.working_days_between(d("2026-02-13"), d("2026-03-02")), 7);
    assert_eq!(c.working_days_between(d("2026-03-02"), d("2026-02-13")), -7);
    assert_eq!(c.add_working_days(d("2026-02-13"), 0), d("2026-02-13"));
}

#[test]
fn the_issue_example_10_00_on_13_february_2026_plus_7() {
    // Day 0 is Friday the 13th; 14 Feb (make-up Saturday) is 1, 24–27 Feb are 2–5, 28 Feb
    // (make-up Saturday) is 6, Monday 2 March is 7.
    assert_eq!(
        due(&cal(), "2026-02-13T10:00:00+08:00", 7),
        "2026-03-02 17:30"
    );
}

#[test]
fn day_0_is_the_working_day_of_the_moment_or_the_next_one() {
    let c = cal();
    // During office hours, before them, and at 17:30 itself: that day is day 0.
    assert_eq!(due(&c, "2026-03-03T10:00:00+08:00", 0), "2026-03-03 17:30");
    assert_eq!(due(&c, "2026-03-03T07:00:00+08:00", 1), "2026-03-04 17:30");
    assert_eq!(due(&c, "2026-03-03T17:30:00+08:00", 1), "2026-03-04 17:30");
    // After 17:30: the next working day is day 0.
    assert_eq!(due(&c, "2026-03-03T17:30:01+08:00", 1), "2026-03-05 17:30");
    // On a holiday: the first working day after it is day 0.
    assert_eq!(due(&c, "2026-02-18T10:00:00+08:00", 1), "2026-02-25 17:30");
    // The moment is read in Shanghai: 20:00 UTC on 2 March is 04:00 on 3 March there.
    assert_eq!(due(&c, "2026-03-02T20:00:00Z", 0), "2026-03-03 17:30");
}

#[test]
fn a_friday_night_dispatch_before_a_long_holiday_counts_from_after_it() {
    let c = cal();
    // 2024: Friday 9 February is the last working day before the Spring Festival (10–17 Feb);
    // Sunday 18 February is worked.
    assert_eq!(due(&c, "2024-02-09T10:00:00+08:00", 1), "2024-02-18 17:30");
    assert_eq!(due(&c, "2024-02-09T23:00:00+08:00", 1), "2024-02-19 17:30");
    // 2026: at 23:00 on Friday 13 February the office next opens on the make-up Saturday.
    assert_eq!(due(&c, "2026-02-13T23:00:00+08:00", 0), "2026-02-14 17:30");
    assert_eq!(due(&c, "2026-02-13T23:00:00+08:00", 7), "2026-03-03 17:30");
}

#[test]
fn national_day_2025_merged_with_mid_autumn() {
    let c = cal();
    let kind = |s: &str| c.day(d(s)).kind;
    assert_eq!(
        kind("2025-09-28"),
        DayKind::MakeUp("国庆节、中秋节"),
        "a Sunday"
    );
    assert_eq!(kind("2025-09-30"), DayKind::Weekday);
    for day in 1..=8 {
        let date = format!("2025-10-0{day}");
        assert_eq!(kind(&date), DayKind::Holiday("国庆节、中秋节"), "{date}");
    }
    assert_eq!(kind("2025-10-09"), DayKind::Weekday);
    assert_eq!(
        kind("2025-10-11"),
        DayKind::MakeUp("国庆节、中秋节"),
        "a Saturday"
    );
    assert_eq!(kind("2025-10-12"), DayKind::Weekend);
    assert_eq!(due(&c, "2025-09-30T10:00:00+08:00", 1), "2025-10-09 17:30");
    assert_eq!(due(&c, "2025-09-30T10:00:00+08:00", 3), "2025-10-11 17:30");
    assert_eq!(due(&c, "2025-09-30T18:00:00+08:00", 3), "2025-10-13 17:30");
    // The 15-day resolve limit from 10:00 on Friday 26 September 2025.
    assert_eq!(due(&c, "2025-09-26T10:00:00+08:00", 15), "2025-10-23 17:30");
}

#[test]
fn provisional_2027_keeps_the_statutory_holidays() {
    let c = cal();
    let kind = |s: &str| c.day(d(s)).kind;
    assert!(c.is_provisional(2027));
    assert!(c.day(d("2027-03-03")).provisional);
    assert_eq!(kind("2027-01-01"), DayKind::Holiday("元旦"), "a Friday");
    assert_eq!(kind("2027-01-04"), DayKind::Weekday);
    // Spring Festival: eve Friday 5 February to Monday 8 February; Saturday and Sunday are
    // made up on the 9th and 10th.
    for s in ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"] {
        assert_eq!(kind(s), DayKind::Holiday("春节"), "{s}");
    }
    assert_eq!(kind("2027-02-09"), DayKind::Holiday("春节（补假）"));
    assert_eq!(kind("2027-02-10"), DayKind::Holiday("春节（补假）"));
    assert_eq!(kind("2027-02-11"), DayKind::Weekday);
    assert_eq!(kind("2027-04-05"), DayKind::Holiday("清明节"));
    // 1–2 May are a Saturday and a Sunday: made up on Monday and Tuesday.
    assert_eq!(kind("2027-05-01"), DayKind::Holiday("劳动节"));
    assert_eq!(kind("2027-05-03"), DayKind::Holiday("劳动节（补假）"));
    assert_eq!(kind("2027-05-04"), DayKind::Holiday("劳动节（补假）"));
    assert_eq!(kind("2027-05-05"), DayKind::Weekday);
    assert_eq!(kind("2027-06-09"), DayKind::Holiday("端午节"));
    assert_eq!(kind("2027-09-15"), DayKind::Holiday("中秋节"));
    for s in ["2027-10-01", "2027-10-02", "2027-10-03"] {
        assert_eq!(kind(s), DayKind::Holiday("国庆节"), "{s}");
    }
    // 2 and 3 October are a Saturday and a Sunday: made up on the 4th and 5th.
    assert_eq!(kind("2027-10-04"), DayKind::Holiday("国庆节（补假）"));
    assert_eq!(kind("2027-10-05"), DayKind::Holiday("国庆节（补假）"));
    assert_eq!(kind("2027-10-06"), DayKind::Weekday);
    // No make-up working days without a notice: Saturdays stay off.
    assert_eq!(kind("2027-10-09"), DayKind::Weekend);
    // Tuesday 28 September + 5: 29, 30 Sep, 6, 7, 8 Oct — and provisional.
    assert_eq!(
        due(&c, "2027-09-28T10:00:00+08:00", 5),
        "2027-10-08 17:30 provisional"
    );
    assert_eq!(
        c.missing_notices_between(d("2027-09-28"), d("2027-10-08")),
        [2027]
    );
    // 13 weekdays off, as in the years with a notice.
    let off = d("2027-01-01")
        .iter_days()
        .take_while(|x| x.year() == 2027)
        .filter(|x| !is_weekend(*x) && !c.is_working_day(*x))
        .count();
    assert_eq!(off, 13);
}

#[test]
fn the_last_week_of_december_waits_for_the_next_notice() {
    let c = cal();
    assert!(!c.is_provisional_date(d("2026-12-24")));
    assert!(c.is_provisional_date(d("2026-12-25")));
    assert_eq!(due(&c, "2026-12-01T10:00:00+08:00", 5), "2026-12-08 17:30");
    // 1 Dec + 19 ends on Monday 28 December: the 2027 notice may still move it.
    assert_eq!(
        due(&c, "2026-12-01T10:00:00+08:00", 19),
        "2026-12-28 17:30 provisional"
    );
    assert_eq!(
        c.missing_notices_between(d("2026-12-01"), d("2026-12-28")),
        [2027]
    );
    // The end of the year is a normal week until then; 1 January 2027 is off by law.
    assert_eq!(
        due(&c, "2026-12-30T10:00:00+08:00", 2),
        "2027-01-04 17:30 provisional"
    );
}

#[test]
fn a_loaded_notice_replaces_the_law_and_the_embedded_one() {
    let notice = Notice::parse(
        r#"{"year": 2027, "papers": [], "days": [
            {"name": "国庆节", "date": "2027-10-01", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-04", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-05", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-06", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-07", "isOffDay": true},
            {"name": "国庆节", "date": "2027-10-09", "isOffDay": false}
        ]}"#,
    )
    .unwrap();
    let c = Calendar::new(embedded_notices().iter().chain([&notice]));
    assert!(!c.is_provisional(2027));
    // Not listed: Mid-Autumn is no longer assumed; a Saturday worked is.
    assert_eq!(c.day(d("2027-09-15")).kind, DayKind::Weekday);
    assert_eq!(c.day(d("2027-10-09")).kind, DayKind::MakeUp("国庆节"));
    assert_eq!(due(&c, "2027-09-28T10:00:00+08:00", 5), "2027-10-11 17:30");

    // A year loaded again replaces the embedded notice.
    let changed = Notice::parse(
        r#"{"year": 2026, "days": [{"name": "测试", "date": "2026-03-02", "isOffDay": true}]}"#,
    )
    .unwrap();
    let c = Calendar::new(embedded_notices().iter().chain([&changed]));
    assert_eq!(c.day(d("2026-03-02")).kind, DayKind::Holiday("测试"));
    assert_eq!(c.day(d("2026-02-18")).kind, DayKind::Weekday);
}

#[test]
fn the_law_alone_gives_2025_and_2026_the_working_days_of_their_notices() {
    // The notices move days (调休) but, over a year, take exactly the statutory holidays and
    // their 补假 off: 13 weekdays in 2025 and in 2026.
    let noticed = cal();
    let law = Calendar::default();
    for year in [2025, 2026] {
        let count = |c: &Calendar| {
            d(&format!("{year}-01-01"))
                .iter_days()
                .take_while(|x| x.year() == year)
                .filter(|x| c.is_working_day(*x))
                .count()
        };
        assert_eq!(count(&law), count(&noticed), "{year}");
        // And every day the law fixes is off in the notice too.
        for (date, name) in statutory_holidays(year) {
            if !name.ends_with("（补假）") {
                assert!(!noticed.is_working_day(date), "{date} {name}");
            }
        }
    }
}

#[test]
fn lunar_holidays_2027_to_2035_are_pinned() {
    // From tyme4rs, checked against chinese-lunisolar-calendar: (new year, Qingming, Dragon
    // Boat, Mid-Autumn). 2033's leap month is the eleventh, so Mid-Autumn is 8 September.
    let expected = [
        (2027, "2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"),
        (2028, "2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"),
        (2029, "2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22"),
        (2030, "2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"),
        (2031, "2031-01-23", "2031-04-05", "2031-06-24", "2031-10-01"),
        (2032, "2032-02-11", "2032-04-04", "2032-06-12", "2032-09-19"),
        (2033, "2033-01-31", "2033-04-04", "2033-06-01", "2033-09-08"),
        (2034, "2034-02-19", "2034-04-05", "2034-06-20", "2034-09-27"),
        (2035, "2035-02-08", "2035-04-05", "2035-06-10", "2035-09-16"),
    ];
    for (year, new_year, qingming, dragon, moon) in expected {
        let days = lunar_holidays(year).unwrap();
        let on = |name| {
            days.iter()
                .filter(move |(_, n)| *n == name)
                .map(|(d, _)| *d)
        };
        let spring: Vec<NaiveDate> = on("春节").collect();
        let ny = d(new_year);
        assert_eq!(
            spring,
            [
                ny.pred_opt().unwrap(),
                ny,
                ny + Duration::days(1),
                ny + Duration::days(2)
            ]
        );
        assert_eq!(on("清明节").collect::<Vec<_>>(), [d(qingming)], "{year}");
        assert_eq!(on("端午节").collect::<Vec<_>>(), [d(dragon)], "{year}");
        assert_eq!(on("中秋节").collect::<Vec<_>>(), [d(moon)], "{year}");
    }
    // The same crate gives the festivals of the published notices.
    for (year, eve, qingming, dragon, moon) in [
        (2025, "2025-01-28", "2025-04-04", "2025-05-31", "2025-10-06"),
        (2026, "2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25"),
    ] {
        let days = lunar_holidays(year).unwrap();
        for date in [eve, qingming, dragon, moon] {
            assert!(days.iter().any(|(x, _)| *x == d(date)), "{date}");
        }
    }
}

#[test]
fn two_holidays_on_one_day_give_a_day_more() {
    // 2031: Mid-Autumn is 1 October, a Wednesday, a day of National Day (1–3 October); it is
    // made up on Monday the 6th (4–5 are a weekend).
    let days = statutory_holidays(2031);
    let oct: Vec<_> = days.iter().filter(|(d, _)| d.month() == 10).collect();
    assert_eq!(
        oct,
        [
            &(d("2031-10-01"), "国庆节"),
            &(d("2031-10-02"), "国庆节"),
            &(d("2031-10-03"), "国庆节"),
            &(d("2031-10-06"), "中秋节（补假）"),
        ]
    );
    // Each date once: 13 holidays on 12 dates, and 3 补假 (Saturday 25 January, Qingming on
    // Saturday 5 April, Mid-Autumn).
    let dates: BTreeSet<NaiveDate> = days.iter().map(|(d, _)| *d).collect();
    assert_eq!(dates.len(), days.len());
    assert_eq!(days.len(), 15);
    assert!(days.contains(&(d("2031-01-27"), "春节（补假）")));
    assert!(days.contains(&(d("2031-04-07"), "清明节（补假）")));
}

#[test]
fn working_time_counts_office_hours_on_working_days_only() {
    let c = cal();
    // Friday 13 Feb 2026 10:00 → Saturday 14 Feb 17:30: 7.5 h + 9 h.
    let (a, b) = (
        t("2026-02-13T10:00:00+08:00"),
        t("2026-02-14T17:30:00+08:00"),
    );
    assert_eq!(c.working_ms_between(a, b), 16 * H + H / 2);
    assert_eq!(c.working_ms_between(b, a), -(16 * H + H / 2));
    // Across the whole Spring Festival holiday and a night: only Tuesday morning counts.
    let (x, y) = (
        t("2026-02-14T17:30:00+08:00"),
        t("2026-02-24T09:30:00+08:00"),
    );
    assert_eq!(c.working_ms_between(x, y), H);
    // Additive.
    assert_eq!(c.working_ms_between(a, y), c.working_ms_between(a, b) + H);
    // 80% of the 1-day accept limit from Friday 10:00 (16.5 h) is used at 14:12 on Saturday.
    let limit = c.due(a, 1).at;
    assert_eq!(c.working_ms_between(a, limit), 16 * H + H / 2);
    let eighty = c.add_working_ms(a, (16 * H + H / 2) * 8 / 10);
    assert_eq!(local(eighty.at), "2026-02-14 14:12");
    // Time left: negative once the limit has passed.
    let late = t("2026-02-24T09:30:00+08:00");
    assert_eq!(c.working_ms_between(late, limit), -H);
    // Nights, weekends and holidays are nothing.
    let night = (
        t("2026-03-02T18:00:00+08:00"),
        t("2026-03-03T08:00:00+08:00"),
    );
    assert_eq!(c.working_ms_between(night.0, night.1), 0);
}

#[test]
fn adding_working_time_inverts_measuring_it() {
    let c = cal();
    let from = t("2026-02-13T15:00:00+08:00");
    // 2.5 h on Friday, 9 h on the make-up Saturday, then 24 Feb.
    let at = c.add_working_ms(from, 13 * H);
    assert_eq!(local(at.at), "2026-02-24 10:00");
    assert!(!at.provisional);
    assert_eq!(c.working_ms_between(from, at.at), 13 * H);
    // Landing on an office day's end gives its 17:30, not the next opening.
    let close = c.add_working_ms(t("2026-02-13T17:30:00+08:00"), OFFICE_DAY_MS);
    assert_eq!(local(close.at), "2026-02-14 17:30");
    // From outside office hours, the time starts when the office opens.
    let night = c.add_working_ms(t("2026-02-13T23:00:00+08:00"), H);
    assert_eq!(local(night.at), "2026-02-14 09:30");
    // Zero leaves the moment alone; negative goes back.
    assert_eq!(c.add_working_ms(from, 0).at, from);
    let back = c.add_working_ms(t("2026-02-24T10:00:00+08:00"), -13 * H);
    assert_eq!(local(back.at), "2026-02-13 15:00");
    // Into 2027 it is provisional.
    let far = c.add_working_ms(t("2026-12-31T10:00:00+08:00"), 2 * OFFICE_DAY_MS);
    assert_eq!(local(far.at), "2027-01-05 10:00");
    assert!(far.provisional);
}

#[test]
fn a_pause_moves_the_due_moment_by_the_office_time_spent_waiting() {
    let c = cal();
    let dispatched = t("2026-02-13T10:00:00+08:00");
    let due = c.due(dispatched, 7).at;
    assert_eq!(local(due), "2026-03-02 17:30");
    // Waiting from Friday 15:00 to Tuesday 24 Feb 10:00 costs 13 office hours: one office day
    // (3 March) and 4 hours of 4 March.
    let (paused, resumed) = (
        t("2026-02-13T15:00:00+08:00"),
        t("2026-02-24T10:00:00+08:00"),
    );
    let spent = c.working_ms_between(paused, resumed);
    assert_eq!(spent, 13 * H);
    let moved = c.add_working_ms(due, spent);
    assert_eq!(local(moved.at), "2026-03-04 12:30");
    // The time left when the clock stopped is the time left when it resumes.
    assert_eq!(
        c.working_ms_between(paused, due),
        c.working_ms_between(resumed, moved.at)
    );
    // A wait within the holiday costs nothing.
    let within = c.working_ms_between(
        t("2026-02-15T09:00:00+08:00"),
        t("2026-02-23T16:00:00+08:00"),
    );
    assert_eq!(within, 0);
    assert_eq!(c.add_working_ms(due, within).at, due);
    // Whole office days keep the due moment at 17:30.
    let two_days = c.working_ms_between(
        t("2026-03-02T10:00:00+08:00"),
        t("2026-03-04T10:00:00+08:00"),
    );
    assert_eq!(
        local(c.add_working_ms(due, two_days).at),
        "2026-03-04 17:30"
    );
}

#[test]
fn notices_that_are_not_right_are_refused_with_the_reason() {
    let err = |s: &str| Notice::parse(s).unwrap_err().to_string();
    let day = |date: &str| format!(r#"{{"name": "春节", "date": "{date}", "isOffDay": true}}"#);
    let notice =
        |year: i64, days: &[String]| format!(r#"{{"year": {year}, "days": [{}]}}"#, days.join(","));
    assert_eq!(
        err("{oops"),
        "not valid JSON (key must be a string at line 1 column 2)"
    );
    assert_eq!(
        err(r#"{"days": []}"#),
        "not a holiday notice: missing field `year` at line 1 column 12"
    );
    assert_eq!(
        err(r#"{"year": 2027, "days": [{"name": "x", "date": "2027-01-01"}]}"#),
        "not a holiday notice: missing field `isOffDay` at line 1 column 59"
    );
    assert_eq!(
        err(&notice(2027, &[])),
        "the 2027 notice lists no days: it is not published yet, or the file is not the notice"
    );
    assert_eq!(
        err(&notice(27, &[day("0027-01-01")])),
        "year 27 is outside 1901–2100"
    );
    assert_eq!(
        err(&notice(2027, &[day("2027-01-01"), day("2027-02-30")])),
        "day 2: \"2027-02-30\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        err(&notice(2027, &[day("2027-1-1")])),
        "day 1: \"2027-1-1\" is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        err(&notice(2027, &[day("2026-10-01")])),
        "day 1: 2026-10-01 is not in 2027 (only the December before may be listed, for New \
         Year's Day)"
    );
    assert_eq!(
        err(&notice(
            2027,
            &[day("2027-02-06"), day("2027-02-07"), day("2027-02-06")]
        )),
        "2027-02-06 is listed twice"
    );
    assert_eq!(
        err(r#"{"year": 2027, "days": [{"name": " ", "date": "2027-01-01", "isOffDay": true}]}"#),
        "day 1: 2027-01-01 has no name"
    );
    // The December before is allowed, and a byte-order mark.
    let ok = Notice::parse(&format!("\u{feff}{}", notice(2027, &[day("2026-12-31")]))).unwrap();
    assert_eq!(ok.days[0].date, d("2026-12-31"));
    assert_eq!((ok.off_days(), ok.working_days()), (1, 0));
}

#[test]
fn far_years_do_not_panic() {
    let c = cal();
    assert_eq!(c.day(d("2201-01-01")).kind, DayKind::Holiday("元旦"));
    assert_eq!(c.month(2026, 13), None);
    let end = c.add_working_days(NaiveDate::MAX - Duration::days(3), 10);
    assert_eq!(end, NaiveDate::MAX);
}
