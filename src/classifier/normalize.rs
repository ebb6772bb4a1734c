//! Text normalisation and feature extraction shared by the rules and the learned model.

use crate::domain::text::halfwidth;

/// Lower-cases, maps full-width ASCII to half-width, turns every run of characters that are
/// neither letters nor digits (punctuation, spaces, emoji) into one space, and pads with a space
/// at both ends, so that an English rule term written as `" fee "` matches the whole word only.
pub fn normalize(text: &str) -> String {
    normalize_with(text, None)
}

/// A normalised text that remembers where each of its bytes came from in the original, so that
/// a match in the normalised text can be shown as the person wrote it.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub normalized: String,
    /// Per byte of `normalized`: the byte offset in the original of the character it came from
    /// (for a space standing for a run of punctuation, the run's first character; for the
    /// padding, 0 and the original's length).
    origin: Vec<u32>,
}

impl Mapped {
    pub fn new(text: &str) -> Mapped {
        let mut origin = Vec::with_capacity(text.len() + 2);
        let normalized = normalize_with(text, Some(&mut origin));
        Mapped { normalized, origin }
    }

    /// The original byte range of the normalised range `start..end`, leaving out the spaces at
    /// its ends; `None` if only spaces are left.
    pub fn original_range(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let bytes = self.normalized.as_bytes();
        let (mut s, mut e) = (start, end.min(bytes.len()));
        while s < e && bytes[s] == b' ' {
            s += 1;
        }
        while e > s && bytes[e - 1] == b' ' {
            e -= 1;
        }
        if s == e {
            return None;
        }
        let os = self.origin[s] as usize;
        let last = self.origin[e - 1] as usize;
        let oe = last + original[last..].chars().next().map_or(0, char::len_utf8);
        Some((os, oe))
    }
}

fn normalize_with(text: &str, mut origin: Option<&mut Vec<u32>>) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut mark = |out: &String, at: usize| {
        if let Some(o) = origin.as_deref_mut() {
            o.resize(out.len(), at as u32);
        }
    };
    out.push(' ');
    mark(&out, 0);
    for (i, c) in text.char_indices() {
        let c = halfwidth(c);
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            mark(&out, i);
        } else if !out.ends_with(' ') {
            out.push(' ');
            mark(&out, i);
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
        mark(&out, text.len());
    }
    out
}

/// Normalises a rule term the same way as a text, but keeps its own leading and trailing spaces
/// (they mark word boundaries) instead of padding.
pub fn normalize_term(term: &str) -> String {
    let lead = term.starts_with(' ');
    let trail = term.ends_with(' ') && term.trim().len() < term.len();
    let inner = normalize(term.trim());
    let inner = inner.trim();
    let mut out = String::new();
    if lead {
        out.push(' ');
    }
    out.push_str(inner);
    if trail {
        out.push(' ');
    }
    out
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The features the learned model sees: character 1- to 3-grams inside runs of Chinese
/// characters, and for other scripts whole words, word stems (first five letters) and word
/// pairs. Numbers are reduced to their length class, which keeps "3888元" and "5000元" alike.
pub fn features(normalized: &str) -> Vec<String> {
    let mut feats = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for token in normalized.split(' ').filter(|t| !t.is_empty()) {
        let mut run: Vec<char> = Vec::new();
        let mut latin = String::new();
        let flush_run = |run: &mut Vec<char>, feats: &mut Vec<String>| {
            for n in 1..=3 {
                for w in run.windows(n) {
                    feats.push(w.iter().collect());
                }
            }
            run.clear();
        };
        for c in token.chars() {
            if is_cjk(c) {
                if !latin.is_empty() {
                    words.push(std::mem::take(&mut latin));
                }
                run.push(c);
            } else {
                flush_run(&mut run, &mut feats);
                latin.push(c);
            }
        }
        flush_run(&mut run, &mut feats);
        if !latin.is_empty() {
            words.push(latin);
        }
    }
    let words: Vec<String> = words
        .into_iter()
        .map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                format!("#{}", w.len().min(6))
            } else {
                w
            }
        })
        .collect();
    for w in &words {
        if w.chars().count() >= 2 {
            feats.push(format!("w:{w}"));
            if w.chars().count() > 5 {
                feats.push(format!("s:{}", w.chars().take(5).collect::<String>()));
            }
        }
    }
    for pair in words.windows(2) {
        feats.push(format!("b:{} {}", pair[0], pair[1]));
    }
    feats.sort_unstable();
    feats.dedup();
    feats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_width_and_punctuation() {
        assert_eq!(normalize("Ｆｅｅ，收了 \"FEES\"!!"), " fee 收了 fees ");
        assert_eq!(normalize(""), " ");
        assert_eq!(normalize_term(" Fee "), " fee ");
        assert_eq!(normalize_term("好处费"), "好处费");
    }

    #[test]
    fn features_mix_char_ngrams_and_words() {
        let f = features(&normalize("拖欠款 unpaid invoices 3888"));
        for want in [
            "拖",
            "拖欠",
            "拖欠款",
            "w:unpaid",
            "w:invoices",
            "s:invoi",
            "b:unpaid invoices",
            "w:#4",
        ] {
            assert!(f.iter().any(|x| x == want), "missing {want} in {f:?}");
        }
    }
}
