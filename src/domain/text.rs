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

/// Characters that show nothing: zero-width spaces and joiners, direction marks, the BOM,
/// soft hyphens, fillers. A message made only of them (and spaces) is empty.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Trims whitespace and invisible characters from both ends.
pub fn trim_visible(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
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
        let trimmed = trim_visible(raw);
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

/// A contact phone number, stored normalised so that the department can dial it and two
/// spellings of one number compare equal: a Chinese mobile as its 11 digits (`13812345678`,
/// also when given as `+86 138-1234-5678`), a landline as its digits with the area code
/// (`02412345678`), any other number as `+` and its digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Option<Phone> {
        let s: String = trim_visible(raw).chars().map(halfwidth).collect();
        if s.is_empty() || s.chars().count() > 24 {
            return None;
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'))
        {
            return None;
        }
        if s.get(1..).is_some_and(|rest| rest.contains('+')) {
            return None;
        }
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let domestic = match s.strip_prefix('+') {
            Some(_) => match digits.strip_prefix("86") {
                // +86 then a mobile, or a landline's area code without its leading 0.
                Some(national) if is_mobile(national) => return Some(Phone(national.to_owned())),
                // Area codes start with 2–9 once the leading 0 is dropped.
                Some(national)
                    if (9..=11).contains(&national.len()) && !national.starts_with(['0', '1']) =>
                {
                    format!("0{national}")
                }
                Some(_) => return None,
                None if (8..=15).contains(&digits.len()) => {
                    return Some(Phone(format!("+{digits}")))
                }
                None => return None,
            },
            // 0086 is how some people dial +86.
            None => match digits.strip_prefix("0086") {
                Some(national) if is_mobile(national) => return Some(Phone(national.to_owned())),
                Some(national) => format!("0{national}"),
                None => digits,
            },
        };
        if is_mobile(&domestic) && !s.contains('(') {
            return Some(Phone(domestic));
        }
        // Landline: area code starting with 0, then 7-8 digits.
        (domestic.starts_with('0') && (10..=12).contains(&domestic.len()))
            .then_some(Phone(domestic))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A mainland mobile number: 11 digits, `1` then 3–9.
fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && b[1] >= b'3'
}

/// A company name as given: trimmed, on one line, not too long.
pub fn company_name(raw: &str) -> Option<String> {
    one_line(raw, MAX_COMPANY_CHARS)
}

/// The longest contact name accepted.
pub const MAX_NAME_CHARS: usize = 50;

/// The name a complainant gives the department, as given: one line, bounded.
pub fn contact_name(raw: &str) -> Option<String> {
    one_line(raw, MAX_NAME_CHARS)
}

fn one_line(raw: &str, max: usize) -> Option<String> {
    let visible: String = raw.chars().filter(|c| !is_invisible(*c)).collect();
    let one_line = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = one_line.chars().count();
    (1..=max).contains(&n).then_some(one_line)
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
    fn phones_people_give_are_stored_normalised() {
        for (given, stored) in [
            ("13812345678", "13812345678"),
            ("138 1234 5678", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("１３８１２３４５６７８", "13812345678"),
            ("+86 138 1234 5678", "13812345678"),
            ("+8613812345678", "13812345678"),
            ("008613812345678", "13812345678"),
            ("024-12345678", "02412345678"),
            ("(024)12345678", "02412345678"),
            ("0411-8765432", "04118765432"),
            ("+86 24 1234 5678", "02412345678"),
            ("+44 20 7946 0958", "+442079460958"),
            ("\u{200B}13812345678 ", "13812345678"),
        ] {
            assert_eq!(
                Phone::parse(given).as_ref().map(Phone::as_str),
                Some(stored),
                "{given}"
            );
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
            "+86 12812345678",
            "+86 123",
        ] {
            assert!(Phone::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn invisible_characters_alone_are_empty() {
        for empty in [
            "\u{200B}",
            "\u{200B}\u{200C}\u{FEFF} \u{2060}",
            "\u{3164}",
            " \u{00AD} ",
        ] {
            assert_eq!(
                ComplaintText::parse(empty),
                Err(TextError::Empty),
                "{empty:?}"
            );
        }
        assert_eq!(
            ComplaintText::parse("\u{200B}审批超期\u{200B}")
                .unwrap()
                .as_str(),
            "审批超期"
        );
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
