//! What would give away an anonymous complainant: a phone number, an ID-card number or their
//! own name written into the description. The complainant is shown what was found before filing
//! and may have it masked; a masked description is all the department ever sees.

use super::text::halfwidth;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Phone,
    IdCard,
    Name,
}

/// One piece of identifying text: its kind and where it stands (byte offsets into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Found {
    /// The found text with most of it hidden, safe to show back: `139…`, `2101…`.
    pub fn preview(&self, text: &str) -> String {
        let found = &text[self.start..self.end];
        match self.kind {
            Kind::Name => found.to_owned(),
            Kind::Phone => found.chars().take(3).chain(['…']).collect(),
            Kind::IdCard => found.chars().take(4).chain(['…']).collect(),
        }
    }
}

/// Everything in `text` that identifies the person: numbers that are phones or ID cards, and
/// `names` (the person's own names) where they stand as names. Sorted by position, no overlaps.
pub fn find(text: &str, names: &[&str]) -> Vec<Found> {
    let mut found = numbers(text);
    for name in names {
        let name = name.trim();
        // A one-letter or one-character "name" would match everywhere, and digits in a name
        // ("user 308") are no name on their own.
        if name.chars().count() < 2 || name.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        found.extend(name_spans(text, name));
    }
    // At one position the longest wins ("Li Wei" over "Li").
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        match out.last() {
            Some(prev) if f.start < prev.end => {}
            _ => out.push(f),
        }
    }
    out
}

/// The text with every found piece replaced by as many `*` as it has characters.
pub fn mask(text: &str, found: &[Found]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.start]);
        out.extend(std::iter::repeat_n(
            '*',
            text[f.start..f.end].chars().count(),
        ));
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Runs of digits (full-width too), with single spaces or dashes inside, classified by what
/// their digits look like. Amounts ("38000元", "200万") are neither.
fn numbers(text: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_digit = |c: char| halfwidth(c).is_ascii_digit();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // A "+" directly before the digits belongs to the number (+86 …).
        let plus = chars[i].1 == '+' && chars.get(i + 1).is_some_and(|(_, c)| is_digit(*c));
        if !is_digit(chars[i].1) && !plus {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = if plus { i + 1 } else { i };
        let mut digits = String::new();
        while end < chars.len() {
            let c = halfwidth(chars[end].1);
            if c.is_ascii_digit() {
                digits.push(c);
                end += 1;
            } else if matches!(c, ' ' | '-')
                && chars.get(end + 1).is_some_and(|(_, n)| is_digit(*n))
                && !digits.is_empty()
            {
                end += 1;
            } else if matches!(c, 'x' | 'X') && digits.len() == 17 {
                // The check character of an ID card.
                digits.push('X');
                end += 1;
                break;
            } else {
                break;
            }
        }
        let kind = classify_digits(&digits);
        if let Some(kind) = kind {
            let byte_end = chars.get(end).map_or(text.len(), |(b, _)| *b);
            out.push(Found {
                kind,
                start: chars[start].0,
                end: byte_end,
            });
        }
        i = end.max(i + 1);
    }
    out
}

fn classify_digits(d: &str) -> Option<Kind> {
    let mobile = |s: &str| {
        let b = s.as_bytes();
        b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
    };
    match d.len() {
        18 if d[..17].bytes().all(|b| b.is_ascii_digit()) => Some(Kind::IdCard),
        15 if !d.starts_with('0') && !d.starts_with("86") => Some(Kind::IdCard),
        11 if mobile(d) => Some(Kind::Phone),
        13 if d.starts_with("86") && mobile(&d[2..]) => Some(Kind::Phone),
        10..=12 if d.starts_with('0') => Some(Kind::Phone),
        _ => None,
    }
}

/// Where `name` occurs in `text`, ignoring case; a Latin-script name only as a whole word.
fn name_spans(text: &str, name: &str) -> Vec<Found> {
    let lower_text = text.to_lowercase();
    let lower_name = name.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; then only exact matches are safe.
    let (haystack, needle) = if lower_text.len() == text.len() && lower_name.len() == name.len() {
        (lower_text.as_str(), lower_name.as_str())
    } else {
        (text, name)
    };
    let latin = name.chars().all(|c| c.is_ascii() || !c.is_alphabetic());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = haystack[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        // Only Latin letters and digits continue a Latin word ("我是Li Wei" is the name).
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        if !latin || (boundary(before) && boundary(after)) {
            out.push(Found {
                kind: Kind::Name,
                start,
                end,
            });
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, names: &[&str]) -> Vec<(Kind, String)> {
        find(text, names)
            .into_iter()
            .map(|f| (f.kind, text[f.start..f.end].to_owned()))
            .collect()
    }

    #[test]
    fn phones_id_cards_and_own_names_are_found() {
        let text = "我是张伟，电话139 1234 5678，身份证21010219800101123X，座机024-12345678";
        assert_eq!(
            kinds(text, &["张伟"]),
            vec![
                (Kind::Name, "张伟".into()),
                (Kind::Phone, "139 1234 5678".into()),
                (Kind::IdCard, "21010219800101123X".into()),
                (Kind::Phone, "024-12345678".into()),
            ]
        );
        assert_eq!(
            kinds("Call Li Wei on +86 13912345678", &["Li Wei"]),
            vec![
                (Kind::Name, "Li Wei".into()),
                (Kind::Phone, "+86 13912345678".into())
            ]
        );
    }

    #[test]
    fn amounts_dates_and_words_containing_a_name_are_not() {
        assert!(find("欠款38000元，2026年3月至今，合同编号20260301", &["Li"]).is_empty());
        assert!(find("the licence was refused", &["Li"]).is_empty());
        assert_eq!(
            kinds("我是Li Wei", &["Li Wei", "Li", "Wei"]),
            vec![(Kind::Name, "Li Wei".into())]
        );
        assert!(find("拖欠200万元", &["x"]).is_empty());
    }

    #[test]
    fn masking_hides_every_character_and_nothing_else() {
        let text = "张伟的电话13912345678。";
        let found = find(text, &["张伟"]);
        assert_eq!(mask(text, &found), "**的电话***********。");
        assert_eq!(found[1].preview(text), "139…");
    }
}
