//! Recognising a repeated complaint (并单): the same person writing again about the same open
//! matter. Texts are compared by their character pairs, which works for Chinese and English
//! alike and tolerates reworded sentences.

use std::collections::HashSet;

/// Character pairs of the letters and digits of a text, lower-cased.
fn pairs(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How alike two texts are, in [0, 1]: the larger of the Dice coefficient of their character
/// pairs and (discounted) how much of the shorter text the longer one contains, so that a short
/// "still not paid" about a long original still counts.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (pa, pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return 0.0;
    }
    let common = pa.intersection(&pb).count() as f64;
    let dice = 2.0 * common / (pa.len() + pb.len()) as f64;
    let smaller = pa.len().min(pb.len());
    // A containment score means little for a handful of pairs.
    let overlap = if smaller >= 8 {
        0.8 * common / smaller as f64
    } else {
        0.0
    };
    dice.max(overlap)
}

/// At or above this, a new complaint in the same category is offered for merging.
pub const REPEAT_THRESHOLD: f64 = 0.4;

pub fn is_repeat(new_text: &str, open_text: &str) -> bool {
    similarity(new_text, open_text) >= REPEAT_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str =
        "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果";

    #[test]
    fn a_rewording_of_the_same_matter_is_a_repeat() {
        assert!(is_repeat(
            "区政府道路工程的工程款拖欠两年多了，财政一直说没钱，还是没结果",
            ORIGINAL
        ));
        assert!(is_repeat(
            "The road works payment from the district government is still not paid after two years",
            "The district government has still not paid for the road works we finished two years ago"
        ));
    }

    #[test]
    fn another_matter_is_not() {
        assert!(!is_repeat(
            "审批局窗口让我们补交材料，来回跑了五趟",
            ORIGINAL
        ));
        assert!(!is_repeat("街道的门市房租金涨了一倍", ORIGINAL));
        assert!(!is_repeat("", ORIGINAL));
        assert_eq!(similarity(ORIGINAL, ORIGINAL), 1.0);
    }
}
