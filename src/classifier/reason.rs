//! The reason shown to the complainant ("依据：您提到了“…”"): the words that led to the
//! classification, as the person wrote them — whole words, original case and width, never a
//! rule's stem ("licen") or a lone Chinese character ("趟").

use super::normalize::{is_cjk, Mapped};
use crate::domain::text::halfwidth;

/// Items in the reason, at most.
pub const MAX_ITEMS: usize = 5;
/// The longest word a Latin-script match is widened to; a longer run of letters and digits (a
/// link, a code) is not a word to quote, so the match is left out of the reason.
const MAX_WORD_CHARS: usize = 30;
/// Overlapping or touching matches are shown as one phrase, up to this width (a Chinese
/// character counts two, so 16 of them or about five English words).
const MAX_PHRASE_WIDTH: usize = 32;
/// A one-character measure word is shown with the count before it ("跑了五趟", "好几趟").
const MEASURE_WORDS: &str = "趟次回遍";
const NUMERALS: &str = "0123456789〇零一二三四五六七八九十百两几多好数";
/// Verbs shown in front of a count: "跑了五趟", "去三趟".
const COUNT_VERBS: &str = "跑去来走找";

/// The original byte range to show for a match at `start..end` of the normalised text, or
/// `None` when the match makes no sensible reason on its own (a lone character).
pub fn shown_range(
    text: &str,
    mapped: &Mapped,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let (s, e) = mapped.original_range(text, start, end)?;
    let (s, e) = widen(text, s, e)?;
    if text[s..e].chars().nth(1).is_some() {
        Some((s, e))
    } else {
        with_count(text, s, e)
    }
}

fn is_word_char(c: char) -> bool {
    let c = halfwidth(c);
    c.is_alphanumeric() && !is_cjk(c)
}

/// Apostrophes and hyphens inside a word: "didn't", "sub-district".
fn is_joiner(c: char) -> bool {
    matches!(halfwidth(c), '\'' | '’' | '‘' | '-' | '‐' | '‑')
}

/// Widens a range that begins or ends inside a Latin-script word to the whole word.
fn widen(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (mut s, mut e) = (start, end);
    if text[s..].chars().next().is_some_and(is_word_char) {
        let mut steps = 0;
        loop {
            let mut before = text[..s].chars().rev();
            match (before.next(), before.next()) {
                (Some(c), _) if is_word_char(c) => s -= c.len_utf8(),
                (Some(j), Some(c)) if is_joiner(j) && is_word_char(c) => {
                    s -= j.len_utf8() + c.len_utf8()
                }
                _ => break,
            }
            steps += 1;
            if steps > MAX_WORD_CHARS {
                return None;
            }
        }
    }
    if text[..e].chars().next_back().is_some_and(is_word_char) {
        let mut steps = 0;
        loop {
            let mut after = text[e..].chars();
            match (after.next(), after.next()) {
                (Some(c), _) if is_word_char(c) => e += c.len_utf8(),
                (Some(j), Some(c)) if is_joiner(j) && is_word_char(c) => {
                    e += j.len_utf8() + c.len_utf8()
                }
                _ => break,
            }
            steps += 1;
            if steps > MAX_WORD_CHARS {
                return None;
            }
        }
    }
    Some((s, e))
}

/// A lone measure word with the count (and the verb) before it; any other lone character is
/// left out.
fn with_count(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let c = text[start..end].chars().next()?;
    if !MEASURE_WORDS.contains(c) {
        return None;
    }
    let mut s = start;
    let mut numerals = 0;
    while let Some(p) = text[..s].chars().next_back() {
        if numerals == 6 || !NUMERALS.contains(halfwidth(p)) {
            break;
        }
        s -= p.len_utf8();
        numerals += 1;
    }
    if numerals == 0 {
        return None;
    }
    let mut before = text[..s].chars().rev();
    match (before.next(), before.next()) {
        (Some('了'), Some(v)) if COUNT_VERBS.contains(v) => s -= '了'.len_utf8() + v.len_utf8(),
        (Some(v), _) if COUNT_VERBS.contains(v) => s -= v.len_utf8(),
        _ => {}
    }
    Some((s, end))
}

/// How a new range stands to one already in the reason.
enum Relation {
    /// Something else lies between them.
    Apart,
    /// Only white space lies between them, and together they would be too long.
    Touches,
    /// They overlap, and together they would be too long.
    Overlaps,
    /// Together they make one phrase, this one.
    Joins((usize, usize)),
}

/// The reason being put together: original ranges, strongest first, overlapping or touching
/// matches ("审批局" + "窗口", "approval" + "window") joined into one phrase, repeats and parts
/// of what is already shown left out.
pub struct Reason<'a> {
    text: &'a str,
    items: Vec<(usize, usize)>,
}

impl<'a> Reason<'a> {
    pub fn new(text: &'a str) -> Reason<'a> {
        Reason {
            text,
            items: Vec::new(),
        }
    }

    /// Offers one range; it is added only while the reason has fewer than `limit` items.
    pub fn offer(&mut self, range: (usize, usize), limit: usize) {
        for i in 0..self.items.len() {
            match self.relation(self.items[i], range) {
                Relation::Apart | Relation::Touches => continue,
                Relation::Overlaps => return,
                Relation::Joins(joined) => {
                    self.items[i] = joined;
                    self.coalesce(i);
                    return;
                }
            }
        }
        let (s, e) = range;
        let text = self.text;
        if self.items.len() >= limit {
            return;
        }
        let new = clean(&text[s..e]).to_lowercase();
        let repeats = self.items.iter().any(|(a, b)| {
            let old = clean(&text[*a..*b]).to_lowercase();
            old.contains(&new) || new.contains(&old)
        });
        if !repeats {
            self.items.push((s, e));
        }
    }

    fn relation(&self, a: (usize, usize), b: (usize, usize)) -> Relation {
        let text = self.text;
        let gap = if b.1 <= a.0 {
            Some(&text[b.1..a.0])
        } else if a.1 <= b.0 {
            Some(&text[a.1..b.0])
        } else {
            None
        };
        let overlaps = match gap {
            None => true,
            Some(g) if g.chars().all(char::is_whitespace) => false,
            Some(_) => return Relation::Apart,
        };
        let joined = (a.0.min(b.0), a.1.max(b.1));
        if width(&text[joined.0..joined.1]) <= MAX_PHRASE_WIDTH {
            Relation::Joins(joined)
        } else if overlaps {
            Relation::Overlaps
        } else {
            Relation::Touches
        }
    }

    /// After item `i` grew: joins the items it now overlaps or touches into it.
    fn coalesce(&mut self, mut i: usize) {
        let mut j = 0;
        while j < self.items.len() {
            if j != i {
                if let Relation::Joins(joined) = self.relation(self.items[i], self.items[j]) {
                    self.items[i] = joined;
                    self.items.remove(j);
                    if j < i {
                        i -= 1;
                    }
                    j = 0;
                    continue;
                }
            }
            j += 1;
        }
    }

    pub fn into_strings(self) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(self.items.len());
        for (s, e) in self.items {
            let shown = clean(&self.text[s..e]);
            if !out.contains(&shown) {
                out.push(shown);
            }
        }
        out
    }
}

fn width(s: &str) -> usize {
    s.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

/// The words as written, with each run of white space (a line break, a double space) as one
/// space.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, term: &str) -> Option<String> {
        let mapped = Mapped::new(text);
        let start = mapped
            .normalized
            .find(term)
            .expect("the term is in the text");
        let (s, e) = shown_range(text, &mapped, start, start + term.len())?;
        Some(text[s..e].to_owned())
    }

    #[test]
    fn latin_matches_become_whole_words_as_written() {
        assert_eq!(
            shown("The LICENCE was refused", "licen").as_deref(),
            Some("LICENCE")
        );
        assert_eq!(
            shown("licensing took a year", "licen").as_deref(),
            Some("licensing")
        );
        assert_eq!(
            shown("They didn't reply.", "didn t").as_deref(),
            Some("didn't")
        );
        assert_eq!(
            shown("They didn’t reply.", "didn t").as_deref(),
            Some("didn’t")
        );
        assert_eq!(
            shown("a re-inspection again", "inspect").as_deref(),
            Some("re-inspection")
        );
        assert_eq!(shown("Ｆｅｅｓ again", " fee").as_deref(), Some("Ｆｅｅｓ"));
        assert_eq!(shown("打12315没用", "12315").as_deref(), Some("12315"));
        assert_eq!(
            shown("the sub-district office", "sub district").as_deref(),
            Some("sub-district")
        );
        let link = format!("see {}fee{}", "x".repeat(40), "y".repeat(5));
        assert_eq!(shown(&link, "fee"), None, "a link is not a word");
    }

    #[test]
    fn a_lone_chinese_character_is_shown_only_as_a_count() {
        assert_eq!(shown("来回跑了五趟", "趟").as_deref(), Some("跑了五趟"));
        assert_eq!(shown("去了好几趟", "趟").as_deref(), Some("去了好几趟"));
        assert_eq!(shown("光窗口就３趟", "趟").as_deref(), Some("３趟"));
        assert_eq!(shown("这趟白来了", "趟"), None);
        assert_eq!(shown("又被罚了", "罚"), None);
        assert_eq!(shown("拖欠工程款", "拖欠").as_deref(), Some("拖欠"));
    }

    #[test]
    fn overlaps_join_and_repeats_are_left_out() {
        let text = "拖欠工程款，工程款拖欠两年";
        let mut r = Reason::new(text);
        let at = |t: &str| {
            let s = text.find(t).unwrap();
            (s, s + t.len())
        };
        r.offer(at("拖欠工程"), 5);
        r.offer(at("工程款"), 5);
        r.offer(at("两年"), 5);
        r.offer(at("拖欠"), 5);
        r.offer(at("拖欠两年"), 5);
        assert_eq!(r.into_strings(), ["拖欠工程款", "拖欠两年"]);
    }

    #[test]
    fn touching_matches_read_as_one_phrase() {
        let text = "审批局窗口的人说  Approval\nwindow clerk";
        let at = |t: &str| {
            let s = text.find(t).unwrap();
            (s, s + t.len())
        };
        let mut r = Reason::new(text);
        r.offer(at("审批局"), 5);
        r.offer(at("的人"), 5);
        r.offer(at("窗口"), 5);
        r.offer(at("clerk"), 5);
        r.offer(at("Approval"), 5);
        r.offer(at("window"), 5);
        assert_eq!(
            r.into_strings(),
            ["审批局窗口的人", "Approval window clerk"]
        );
    }
}
