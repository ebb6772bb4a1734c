//! The official working-day calendar: which days the district's offices work, and time limits
//! counted in working days and office hours. Pure: no I/O, no clock — every moment is given.
//!
//! # Where the days come from
//! Each year the State Council publishes a notice (国务院办公厅关于某年部分节假日安排的通知):
//! the public holidays, and the weekend days made working days to bridge them (调休, 补班). A
//! [`Notice`] is one such year in the JSON shape of the holiday-cn project
//! (`{"year", "papers", "days": [{"name", "date", "isOffDay"}]}`); the notices of 2023–2026 are
//! embedded ([`embedded_notices`]), newer ones are loaded at run time and overlay them
//! ([`Calendar::new`]: a later notice of the same year wins). A day listed with `isOffDay: true`
//! is a holiday; listed with `isOffDay: false` it is a working day even on a weekend (a
//! make-up day); an unlisted weekday is a working day; an unlisted Saturday or Sunday is not.
//!
//! # A year with no notice yet
//! It does not become Monday–Friday. It keeps the holidays that the law fixes
//! (《全国年节及纪念日放假办法》 as amended in 2024, in force since 2025): 1 January; the Spring
//! Festival eve and the first three days of the first lunar month; Qingming; 1–2 May; the Dragon
//! Boat Festival (fifth day of the fifth lunar month); the Mid-Autumn Festival (fifteenth day of
//! the eighth); 1–3 October. The law also says that a holiday falling on a Saturday or Sunday is
//! made up on a working day (补假): here it is the next weekday that is no holiday, and so is a
//! holiday that falls on a day another holiday already takes (Mid-Autumn on 1 October, as in
//! 2020 and 2031). That gives a year without a notice the same number of working days a notice
//! will give it — true of the 2025 and 2026 notices, which a test checks — though not on the
//! same dates, since the notice also moves days (调休). The lunar dates and Qingming come from
//! the `tyme4rs` crate (6tail's astronomical calendar, MIT): it matches every festival in the
//! 2023–2026 notices, agrees day for day with an independent table-based crate
//! (`chinese-lunisolar-calendar`) for 2023–2040, and places the leap month of 2033 correctly
//! (Mid-Autumn on 8 September 2033, the "2033 problem" that trips simple algorithms); a test pins
//! its dates for 2027–2035. Every day of such a year is *provisional*
//! ([`Calendar::is_provisional`], [`Day::provisional`], [`Due::provisional`]): staff are told the
//! date is 暂按法定节假日计算. So is the last week of December when the next year has no notice:
//! that notice may move the days around New Year's Day (the 2019 notice made 29 December 2018 a
//! working day and 31 December a holiday).
//!
//! # Office hours and due moments
//! Offices work 8:30–17:30, Asia/Shanghai ([`OPENS`], [`CLOSES`]). A limit of N working days
//! ends at 17:30 of a working day, computed by [`Calendar::due`]: a moment outside office hours
//! (before 8:30, after 17:30, or on a day that is not a working day) counts as received when the
//! office next opens, and the working day on which a moment, so moved, falls is day 0 — not
//! counted, as the day a period starts is not; the limit ends at 17:30 of the Nth working day
//! after day 0. So a complaint dispatched at 10:00 on Friday 13 February 2026 with 7 working
//! days ends on Monday 2 March 2026 at 17:30: day 0 is the Friday; then the make-up Saturday
//! 14 February (1), the Spring Festival holiday 15–23 February, 24–27 February (2–5), the
//! make-up Saturday 28 February (6) and Monday 2 March (7). Dispatched at 23:00 that Friday
//! instead, the office next opens on Saturday 14 February, a make-up day: that is day 0, and
//! 7 working days end on 3 March.
//!
//! # Elapsed working time, pauses
//! Time limits also need how much of a limit is used ("80% used", "1 working day left") and
//! clocks that stop while the department waits for the complainant. Both are counted in
//! working milliseconds: office hours on working days only ([`Calendar::working_ms_between`],
//! signed, additive: `w(a, c) == w(a, b) + w(b, c)`). A pause is exact: when a clock stopped at
//! `p` resumes at `r`, the new due moment is
//! `add_working_ms(due, working_ms_between(p, r))` ([`Calendar::add_working_ms`]) — the
//! department gets back exactly the office time it spent waiting, no more (a whole office day
//! is 9 hours, [`OFFICE_DAY_MS`], so a wait of whole office days keeps the due moment at
//! 17:30; a shorter one lands within the day).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Shanghai;

/// Offices open at 8:30, Asia/Shanghai.
pub const OPENS: NaiveTime = hm(8, 30);
/// Offices close at 17:30, Asia/Shanghai: a due moment is this time of a working day.
pub const CLOSES: NaiveTime = hm(17, 30);
/// One office day, 8:30–17:30, in milliseconds.
pub const OFFICE_DAY_MS: i64 = 9 * 3_600_000;

/// The years a notice may be for, and for which the lunar holidays are computed (the years
/// `chinese-lunisolar-calendar` tables; the comparison above covers 2023–2040). Outside them a
/// year without a notice keeps only the holidays fixed by Gregorian date.
pub const YEARS: RangeInclusive<i32> = 1901..=2100;

const fn hm(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(t) => t,
        None => panic!("a valid time of day"),
    }
}

/// The notices shipped in the binary, as (file, text). `config/holidays/LICENSE` is
/// holiday-cn's licence for them.
pub const EMBEDDED: [(&str, &str); 4] = [
    (
        "config/holidays/2023.json",
        include_str!("../../config/holidays/2023.json"),
    ),
    (
        "config/holidays/2024.json",
        include_str!("../../config/holidays/2024.json"),
    ),
    (
        "config/holidays/2025.json",
        include_str!("../../config/holidays/2025.json"),
    ),
    (
        "config/holidays/2026.json",
        include_str!("../../config/holidays/2026.json"),
    ),
];

/// The embedded notices, parsed once per process.
pub fn embedded_notices() -> &'static [Notice] {
    static NOTICES: OnceLock<Vec<Notice>> = OnceLock::new();
    NOTICES.get_or_init(|| {
        EMBEDDED
            .iter()
            // The embedded files are part of the source; a unit test parses every one.
            .map(|(file, text)| Notice::parse(text).unwrap_or_else(|e| panic!("{file}: {e}")))
            .collect()
    })
}

/// One year's official holiday notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub year: i32,
    /// Where it was published (gov.cn addresses).
    pub papers: Vec<String>,
    /// The days it lists, in the order given; no date twice.
    pub days: Vec<NoticeDay>,
}

/// A day a notice lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDay {
    /// The holiday it belongs to, e.g. 春节 or 国庆节、中秋节.
    pub name: String,
    pub date: NaiveDate,
    /// `true`: a holiday; `false`: a working day (a make-up day when it is a weekend).
    pub off: bool,
}

/// Why a notice's text is refused, in words that name the problem (the caller names the file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("not valid JSON ({0})")]
    Json(String),
    #[error("not a holiday notice: {0}")]
    Shape(String),
    #[error("year {0} is outside {first}–{last}", first = YEARS.start(), last = YEARS.end())]
    Year(i64),
    #[error(
        "the {0} notice lists no days: it is not published yet, or the file is not the notice"
    )]
    Empty(i32),
    #[error("day {index}: {date:?} is not a date (YYYY-MM-DD)")]
    BadDate { index: usize, date: String },
    #[error(
        "day {index}: {date} is not in {year} (only the December before may be listed, \
         for New Year's Day)"
    )]
    OutsideYear {
        index: usize,
        date: NaiveDate,
        year: i32,
    },
    #[error("day {index}: {date} has no name")]
    NoName { index: usize, date: NaiveDate },
    #[error("{0} is listed twice")]
    Duplicate(NaiveDate),
}

#[derive(serde::Deserialize)]
struct RawNotice {
    year: i64,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<RawDay>,
}

#[derive(serde::Deserialize)]
struct RawDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

impl Notice {
    /// Parses and checks a notice: the year is one this calendar knows, every date is a date of
    /// that year (or of the December before: a New Year's holiday may begin there, as on
    /// 31 December 2022), no date is listed twice, and at least one day is listed (holiday-cn
    /// publishes an empty file for a year whose notice is not out yet). Other keys (`$schema`,
    /// `$id`) are ignored; a leading byte-order mark is allowed.
    pub fn parse(text: &str) -> Result<Notice, NoticeError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawNotice = serde_json::from_str(text).map_err(|e| {
            // serde_json's messages are one line: "missing field `year` at line 1 column 2".
            if e.is_data() {
                NoticeError::Shape(e.to_string())
            } else {
                NoticeError::Json(e.to_string())
            }
        })?;
        let year = i32::try_from(raw.year)
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or(NoticeError::Year(raw.year))?;
        if raw.days.is_empty() {
            return Err(NoticeError::Empty(year));
        }
        let mut seen = BTreeSet::new();
        let mut days = Vec::with_capacity(raw.days.len());
        for (i, d) in raw.days.into_iter().enumerate() {
            let index = i + 1;
            let date = (d.date.len() == 10)
                .then(|| NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok())
                .flatten()
                .ok_or_else(|| NoticeError::BadDate {
                    index,
                    date: d.date.clone(),
                })?;
            let december_before = date.year() == year - 1 && date.month() == 12;
            if date.year() != year && !december_before {
                return Err(NoticeError::OutsideYear { index, date, year });
            }
            let name = d.name.trim();
            if name.is_empty() {
                return Err(NoticeError::NoName { index, date });
            }
            if !seen.insert(date) {
                return Err(NoticeError::Duplicate(date));
            }
            days.push(NoticeDay {
                name: name.to_owned(),
                date,
                off: d.is_off_day,
            });
        }
        Ok(Notice {
            year,
            papers: raw.papers,
            days,
        })
    }

    /// How many listed days are holidays.
    pub fn off_days(&self) -> usize {
        self.days.iter().filter(|d| d.off).count()
    }

    /// How many listed days are working days (make-up days).
    pub fn working_days(&self) -> usize {
        self.days.len() - self.off_days()
    }
}

/// What a date is on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind<'a> {
    /// A Monday to Friday that no notice lists: a working day.
    Weekday,
    /// A Saturday or Sunday that no notice lists: off.
    Weekend,
    /// Off: listed as a holiday by a notice, or, in a year with no notice, a holiday the law
    /// fixes (or its 补假, named e.g. 劳动节（补假）).
    Holiday(&'a str),
    /// A working day by a notice, though a Saturday or Sunday (补班): named for the holiday it
    /// bridges.
    MakeUp(&'a str),
}

/// One date on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day<'a> {
    pub date: NaiveDate,
    pub kind: DayKind<'a>,
    /// Not from a notice: see [`Calendar::is_provisional_date`].
    pub provisional: bool,
}

impl Day<'_> {
    pub fn is_working(&self) -> bool {
        matches!(self.kind, DayKind::Weekday | DayKind::MakeUp(_))
    }
}

/// A moment a limit ends (or a moment reached by adding working time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub at: DateTime<Utc>,
    /// Some date counted through, from the start to `at`, has no notice yet: the moment may
    /// move when the notice is published (暂按法定节假日计算).
    pub provisional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Listed {
    off: bool,
    name: String,
}

/// The working-day calendar: notices by year, and the law for years without one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    notices: BTreeMap<i32, Notice>,
    /// Every day the notices list. A date two notices list (a December day listed by the next
    /// year's notice too) takes the later year's word, the newer information.
    listed: BTreeMap<NaiveDate, Listed>,
}

impl Calendar {
    /// A calendar of these notices; of two notices for one year, the later in the sequence wins
    /// (so stored notices given after the embedded ones replace them).
    pub fn new<'a>(notices: impl IntoIterator<Item = &'a Notice>) -> Calendar {
        let mut by_year = BTreeMap::new();
        for n in notices {
            by_year.insert(n.year, n.clone());
        }
        let mut listed = BTreeMap::new();
        for n in by_year.values() {
            for d in &n.days {
                listed.insert(
                    d.date,
                    Listed {
                        off: d.off,
                        name: d.name.clone(),
                    },
                );
            }
        }
        Calendar {
            notices: by_year,
            listed,
        }
    }

    /// The calendar of the embedded notices alone.
    pub fn embedded() -> Calendar {
        Calendar::new(embedded_notices())
    }

    /// The notice this calendar has for `year`.
    pub fn notice(&self, year: i32) -> Option<&Notice> {
        self.notices.get(&year)
    }

    /// The notices, by year.
    pub fn notices(&self) -> impl Iterator<Item = &Notice> {
        self.notices.values()
    }

    /// The year has no notice: its working days follow the law alone and may still change.
    pub fn is_provisional(&self, year: i32) -> bool {
        !self.notices.contains_key(&year)
    }

    /// The date's working status may change when a notice is published: its year has none, or
    /// it is in the last week of December (25–31) and the next year has none.
    pub fn is_provisional_date(&self, date: NaiveDate) -> bool {
        self.is_provisional(date.year())
            || (date.month() == 12 && date.day() >= 25 && self.is_provisional(date.year() + 1))
    }

    /// The years whose missing notice makes some date from `a` to `b` (either order, both
    /// included) provisional, in order.
    pub fn missing_notices_between(&self, a: NaiveDate, b: NaiveDate) -> Vec<i32> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let mut years = BTreeSet::new();
        for y in a.year()..=b.year() {
            if self.is_provisional(y) {
                years.insert(y);
            }
            let tail = NaiveDate::from_ymd_opt(y, 12, 25);
            if tail.is_some_and(|t| b >= t) && self.is_provisional(y + 1) {
                years.insert(y + 1);
            }
        }
        years.into_iter().collect()
    }

    /// Some date from `a` to `b` (either order, both included) is provisional.
    pub fn is_provisional_between(&self, a: NaiveDate, b: NaiveDate) -> bool {
        !self.missing_notices_between(a, b).is_empty()
    }

    /// What `date` is.
    pub fn day(&self, date: NaiveDate) -> Day<'_> {
        Day {
            date,
            kind: self.kind(date),
            provisional: self.is_provisional_date(date),
        }
    }

    fn kind(&self, date: NaiveDate) -> DayKind<'_> {
        match self.listed.get(&date) {
            Some(l) if l.off => DayKind::Holiday(&l.name),
            Some(l) => DayKind::MakeUp(&l.name),
            None => match self.is_provisional(date.year()) {
                true => match statutory_holiday(date) {
                    Some(name) => DayKind::Holiday(name),
                    None => plain(date),
                },
                false => plain(date),
            },
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        matches!(self.kind(date), DayKind::Weekday | DayKind::MakeUp(_))
    }

    /// The first working day after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        self.add_working_days(date, 1)
    }

    /// The `n`th working day after `date` (`date` itself is not counted; `n = 0` gives `date`).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            let Some(next) = d.succ_opt() else { return d };
            d = next;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The working days after `a` up to and including `b`; negative when `b` is before `a`.
    /// E.g. "5 working days after the limit passed" is
    /// `working_days_between(due_date, today) >= 5`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        a.iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter(|d| self.is_working_day(*d))
            .count() as i64
    }

    /// The moment `working_days` working days from `from` end: 17:30 (Asia/Shanghai) of the
    /// `working_days`th working day after day 0. Day 0 is the working day on which `from`
    /// falls, if `from` is no later than 17:30; otherwise (after 17:30, or on a day that is not
    /// a working day) the next working day, when the office next opens. See the module
    /// documentation for the worked example (2026-02-13 10:00 + 7 → 2026-03-02 17:30).
    pub fn due(&self, from: DateTime<Utc>, working_days: u32) -> Due {
        let local = from.with_timezone(&Shanghai);
        let date = local.date_naive();
        let day0 = if local.time() <= CLOSES && self.is_working_day(date) {
            date
        } else {
            self.next_working_day(date)
        };
        let last = self.add_working_days(day0, working_days);
        Due {
            at: closes_at(last),
            provisional: self.is_provisional_between(date, last),
        }
    }

    /// The office time (8:30–17:30 of working days) from `a` to `b`, in milliseconds; negative
    /// when `b` is before `a`. Additive, so the share of a limit used at `now` is
    /// `working_ms_between(start, now) / working_ms_between(start, due)`, and the time left is
    /// `working_ms_between(now, due)` (negative once it has passed).
    pub fn working_ms_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b < a {
            return -self.working_ms_between(b, a);
        }
        let last = local_date(b);
        let mut total = 0;
        for d in local_date(a).iter_days().take_while(|d| *d <= last) {
            if !self.is_working_day(d) {
                continue;
            }
            let start = opens_at(d).max(a);
            let end = closes_at(d).min(b);
            if end > start {
                total += (end - start).num_milliseconds();
            }
        }
        total
    }

    /// The moment at which `ms` milliseconds of office time after `from` have passed — the
    /// inverse of [`Calendar::working_ms_between`]: `working_ms_between(from, at) == ms`.
    /// When that moment is an office day's end, it is that day's 17:30 (not the next opening),
    /// so adding whole office days to a due moment keeps it at 17:30. `ms = 0` gives `from`
    /// itself; a negative `ms` goes back in time (to the earliest such moment: an opening).
    /// `provisional` covers the dates from `from` to the result.
    pub fn add_working_ms(&self, from: DateTime<Utc>, ms: i64) -> Due {
        let at = match ms.signum() {
            0 => from,
            1 => self.forward(from, ms),
            _ => self.backward(from, -ms),
        };
        Due {
            at,
            provisional: self.is_provisional_between(local_date(from), local_date(at)),
        }
    }

    fn forward(&self, from: DateTime<Utc>, ms: i64) -> DateTime<Utc> {
        let mut left = ms;
        let mut d = local_date(from);
        loop {
            if self.is_working_day(d) {
                let start = opens_at(d).max(from);
                let end = closes_at(d);
                if end > start {
                    let here = (end - start).num_milliseconds();
                    if left <= here {
                        return start + Duration::milliseconds(left);
                    }
                    left -= here;
                }
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => return closes_at(d),
            }
        }
    }

    fn backward(&self, from: DateTime<Utc>, ms: i64) -> DateTime<Utc> {
        let mut left = ms;
        let mut d = local_date(from);
        loop {
            if self.is_working_day(d) {
                let start = opens_at(d);
                let end = closes_at(d).min(from);
                if end > start {
                    let here = (end - start).num_milliseconds();
                    if left <= here {
                        return end - Duration::milliseconds(left);
                    }
                    left -= here;
                }
            }
            match d.pred_opt() {
                Some(prev) => d = prev,
                None => return opens_at(d),
            }
        }
    }

    /// Every day of a month (`month` 1–12), for `yingshang calendar show`; `None` for a month
    /// that does not exist.
    pub fn month(&self, year: i32, month: u32) -> Option<Vec<Day<'_>>> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(
            first
                .iter_days()
                .take_while(|d| d.month() == month)
                .map(|d| self.day(d))
                .collect(),
        )
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn plain(date: NaiveDate) -> DayKind<'static> {
    if is_weekend(date) {
        DayKind::Weekend
    } else {
        DayKind::Weekday
    }
}

/// The date of a moment in Asia/Shanghai.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Shanghai).date_naive()
}

/// 8:30 of `date` in Asia/Shanghai.
pub fn opens_at(date: NaiveDate) -> DateTime<Utc> {
    at_local(date, OPENS)
}

/// 17:30 of `date` in Asia/Shanghai: the end of that office day.
pub fn closes_at(date: NaiveDate) -> DateTime<Utc> {
    at_local(date, CLOSES)
}

fn at_local(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    // China has kept UTC+8 without daylight saving since 1991; the fallback only covers a
    // local time that the old daylight-saving rules skipped.
    Shanghai
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&(local - Duration::hours(8))))
}

/// The holiday the law fixes on `date` (or its 补假), for a year with no notice.
fn statutory_holiday(date: NaiveDate) -> Option<&'static str> {
    let find = |days: &[(NaiveDate, &'static str)]| {
        days.iter().find(|(d, _)| *d == date).map(|(_, name)| *name)
    };
    let year = date.year();
    if !YEARS.contains(&year) {
        return find(&statutory_holidays(year));
    }
    static MEMO: [OnceLock<Vec<(NaiveDate, &'static str)>>; 200] = [const { OnceLock::new() }; 200];
    let slot = &MEMO[(year - YEARS.start()) as usize];
    find(slot.get_or_init(|| statutory_holidays(year)))
}

/// The days off the law gives in `year`, by date, each date once: the holidays it fixes and
/// one 补假 for each that falls on a weekend or on a day already taken, on the next weekday
/// that is no holiday. Outside [`YEARS`] only the holidays fixed by Gregorian date.
pub fn statutory_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<(NaiveDate, &'static str)> = [
        (fixed(1, 1), "元旦"),
        (fixed(5, 1), "劳动节"),
        (fixed(5, 2), "劳动节"),
        (fixed(10, 1), "国庆节"),
        (fixed(10, 2), "国庆节"),
        (fixed(10, 3), "国庆节"),
    ]
    .into_iter()
    .filter_map(|(d, name)| Some((d?, name)))
    .collect();
    days.extend(lunar_holidays(year).into_iter().flatten());
    // Stable: of two holidays on one date, the one listed first keeps it.
    days.sort_by_key(|(d, _)| *d);
    let mut taken: BTreeSet<NaiveDate> = days.iter().map(|(d, _)| *d).collect();
    let mut out: Vec<(NaiveDate, &'static str)> = Vec::new();
    let mut owed = Vec::new();
    for (d, name) in days {
        if out.last().is_some_and(|(last, _)| *last == d) {
            owed.push((d, name));
            continue;
        }
        if is_weekend(d) {
            owed.push((d, name));
        }
        out.push((d, name));
    }
    for (d, name) in owed {
        let mut s = d;
        while let Some(next) = s.succ_opt() {
            s = next;
            if !is_weekend(s) && !taken.contains(&s) {
                taken.insert(s);
                out.push((s, substitute(name)));
                break;
            }
        }
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// A holiday's 补假, named for it.
fn substitute(name: &str) -> &'static str {
    match name {
        "元旦" => "元旦（补假）",
        "春节" => "春节（补假）",
        "清明节" => "清明节（补假）",
        "劳动节" => "劳动节（补假）",
        "端午节" => "端午节（补假）",
        "中秋节" => "中秋节（补假）",
        _ => "国庆节（补假）",
    }
}

/// The holidays of the lunar calendar (and Qingming, a solar term) in Gregorian `year`:
/// Spring Festival eve and days 1–3, Qingming, Dragon Boat, Mid-Autumn. `None` outside
/// [`YEARS`] or if the crate refuses a date.
fn lunar_holidays(year: i32) -> Option<Vec<(NaiveDate, &'static str)>> {
    use tyme4rs::tyme::lunar::LunarDay;
    use tyme4rs::tyme::solar::{SolarDay, SolarTerm};
    if !YEARS.contains(&year) {
        return None;
    }
    let gregorian = |d: SolarDay| {
        NaiveDate::from_ymd_opt(
            d.get_year() as i32,
            d.get_month() as u32,
            d.get_day() as u32,
        )
    };
    let lunar = |month: isize, day: usize| {
        LunarDay::new(year as isize, month, day)
            .ok()
            .and_then(|d| gregorian(d.get_solar_day()))
    };
    let new_year = lunar(1, 1)?;
    let qingming = SolarTerm::new(year as isize, "清明")
        .ok()
        .and_then(|t| gregorian(t.get_julian_day().get_solar_day()))?;
    let mut days: Vec<(NaiveDate, &'static str)> = (-1..=2)
        .map(|i| (new_year + Duration::days(i), "春节"))
        .collect();
    days.push((qingming, "清明节"));
    days.push((lunar(5, 5)?, "端午节"));
    days.push((lunar(8, 15)?, "中秋节"));
    Some(days)
}

#[cfg(test)]
mod tests;
