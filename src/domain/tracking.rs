//! Tracking numbers: `YS-YYYYMMDD-NNNN`, the Asia/Shanghai date of filing and a per-day sequence.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// A complaint's public number, readable aloud over the phone: `YS-20261125-0042`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TrackingNo {
    pub date: NaiveDate,
    /// 1-based sequence within the day; printed with at least four digits.
    pub seq: u32,
}

impl TrackingNo {
    pub fn new(date: NaiveDate, seq: u32) -> Self {
        TrackingNo { date, seq }
    }

    /// The date as the integer `YYYYMMDD`, as stored in the database.
    pub fn day_key(&self) -> i64 {
        day_key(self.date)
    }
}

/// A date as the integer `YYYYMMDD`.
pub fn day_key(date: NaiveDate) -> i64 {
    use chrono::Datelike;
    date.year() as i64 * 10_000 + date.month() as i64 * 100 + date.day() as i64
}

impl fmt::Display for TrackingNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "YS-{}-{:04}", self.date.format("%Y%m%d"), self.seq)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a tracking number: {0:?}")]
pub struct BadTrackingNo(pub String);

impl FromStr for TrackingNo {
    type Err = BadTrackingNo;

    /// Accepts any letter case, with or without `YS-`, and tolerates spaces, full-width digits
    /// and a missing dash before the sequence (`ys20261125 42`), as people type numbers.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = || BadTrackingNo(input.to_owned());
        let cleaned: String = input
            .trim()
            .chars()
            .map(crate::domain::text::halfwidth)
            .filter(|c| !c.is_whitespace() && *c != '#' && *c != '＃')
            .collect::<String>()
            .to_ascii_uppercase();
        let rest = cleaned.strip_prefix("YS").unwrap_or(&cleaned);
        let rest = rest.trim_start_matches('-');
        // Only digits and dashes remain in a real number; this also keeps the byte-indexed
        // split below on character boundaries.
        if !rest.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(bad());
        }
        let (date_part, seq_part) = match rest.split_once('-') {
            Some((d, s)) => (d, s),
            None if rest.len() > 8 => rest.split_at(8),
            None => return Err(bad()),
        };
        if date_part.len() != 8 || !date_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if seq_part.is_empty() || !seq_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let date = NaiveDate::parse_from_str(date_part, "%Y%m%d").map_err(|_| bad())?;
        let seq: u32 = seq_part.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(TrackingNo { date, seq })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_with_four_digits_and_more_when_needed() {
        assert_eq!(
            TrackingNo::new(d(2026, 11, 25), 42).to_string(),
            "YS-20261125-0042"
        );
        assert_eq!(
            TrackingNo::new(d(2026, 1, 2), 12345).to_string(),
            "YS-20260102-12345"
        );
    }

    #[test]
    fn parses_what_people_type() {
        let want = TrackingNo::new(d(2026, 11, 25), 42);
        for s in [
            "YS-20261125-0042",
            "ys-20261125-0042",
            "20261125-0042",
            "Ys-20261125-42",
            " YS-20261125-0042 ",
            "ＹＳ－２０２６１１２５－００４２",
            "#YS-20261125-0042",
            "ys202611250042",
        ] {
            assert_eq!(s.parse::<TrackingNo>(), Ok(want), "{s}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "YS-",
            "YS-2026-0042",
            "YS-20261332-0001",
            "YS-20261125-",
            "YS-20261125-00x2",
            "YS-20261125-0000",
            "hello",
            "审批局",
            "我的投诉",
            "202611２５x",
            "ys-20261125-٣",
        ] {
            assert!(s.parse::<TrackingNo>().is_err(), "{s}");
        }
    }

    #[test]
    fn day_key_is_the_digits() {
        assert_eq!(day_key(d(2026, 11, 5)), 20261105);
    }
}
