//! Validated user input: the complaint text, phone numbers, company names.

/// The longest complaint text taken in one message; longer texts are refused with a hint to
/// split them with /add (Telegram's own limit is 4096, and the reply quotes parts of it).
pub const MAX_TEXT_CHARS: usize = 3000;

/// The longest company name accepted.
pub const MAX_COMPANY_CHARS: usize = 100;

/// Maps a full-width ASCII character (as typed on a Chinese keyboard) to its half-width form.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the text is empty")]
    Empty,
    #[error("the text has {0} characters")]
    TooLong(usize),
}

/// A complaint's description (or an addition to it): trimmed, not empty, not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintText(String);

impl ComplaintText {
    pub fn parse(raw: &str) -> Result<Self, TextError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(TextError::Empty);
        }
        let n = trimmed.chars().count();
        if n > MAX_TEXT_CHARS {
            return Err(TextError::TooLong(n));
        }
        Ok(ComplaintText(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A contact phone number: a Chinese mobile (11 digits starting with 1), a landline with area
/// code (e.g. 024-12345678), or an international number starting with +.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Option<Phone> {
        let s: String = raw.trim().chars().map(halfwidth).collect();
        if s.is_empty() || s.len() > 24 {
            return None;
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'))
        {
            return None;
        }
        if s[1..].contains('+') {
            return None;
        }
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        let valid = if let Some(intl) = s.strip_prefix('+') {
            let d: String = intl.chars().filter(|c| c.is_ascii_digit()).collect();
            (8..=15).contains(&d.len())
        } else if digits.len() == 11 && digits.starts_with('1') && !s.contains(['-', '(']) {
            digits.as_bytes()[1].is_ascii_digit() && digits.as_bytes()[1] >= b'3'
        } else {
            // Landline: area code starting with 0, then 7-8 digits.
            digits.starts_with('0') && (10..=12).contains(&digits.len())
        };
        valid.then(|| Phone(s.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company name as given: trimmed, on one line, not too long.
pub fn company_name(raw: &str) -> Option<String> {
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = one_line.chars().count();
    (1..=MAX_COMPANY_CHARS).contains(&n).then_some(one_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complaint_text_is_trimmed_and_bounded() {
        assert_eq!(
            ComplaintText::parse("  拖欠工程款 \n").unwrap().as_str(),
            "拖欠工程款"
        );
        assert_eq!(ComplaintText::parse(" \n\t "), Err(TextError::Empty));
        let long = "款".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            ComplaintText::parse(&long),
            Err(TextError::TooLong(MAX_TEXT_CHARS + 1))
        );
        assert!(ComplaintText::parse(&"款".repeat(MAX_TEXT_CHARS)).is_ok());
    }

    #[test]
    fn phones_people_give_are_accepted() {
        for ok in [
            "13812345678",
            "138 1234 5678",
            "１３８１２３４５６７８",
            "024-12345678",
            "(024)12345678",
            "0411-8765432",
            "+86 138 1234 5678",
            "+44 20 7946 0958",
        ] {
            assert!(Phone::parse(ok).is_some(), "{ok}");
        }
    }

    #[test]
    fn nonsense_phones_are_refused() {
        for bad in [
            "",
            "12345",
            "1381234567",
            "138123456789",
            "12812345678",
            "abc",
            "13812345678x",
            "+1 23",
            "24-1234567",
            "1+3812345678",
            "我的电话",
        ] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn company_names_are_one_line_and_bounded() {
        assert_eq!(
            company_name("  沈阳 某某\n有限公司 ").as_deref(),
            Some("沈阳 某某 有限公司")
        );
        assert!(company_name("   ").is_none());
        assert!(company_name(&"公".repeat(101)).is_none());
    }
}
