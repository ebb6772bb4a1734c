//! Text normalisation and feature extraction shared by the rules and the learned model.

use crate::domain::text::halfwidth;

/// Lower-cases, maps full-width ASCII to half-width, turns every run of characters that are
/// neither letters nor digits (punctuation, spaces, emoji) into one space, and pads with a space
/// at both ends, so that an English rule term written as `" fee "` matches the whole word only.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars().map(halfwidth) {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
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

fn is_cjk(c: char) -> bool {
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
