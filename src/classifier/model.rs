//! The learned part of the classifier: a multinomial naive Bayes model over the features of
//! [`super::normalize::features`], trained at start-up on the project's own labelled examples
//! (`config/examples.jsonl`). Training takes milliseconds, so no trained weights are stored.

use std::collections::HashMap;

use serde::Deserialize;

use super::normalize::{features, normalize};
use crate::domain::Category;

const CLASSES: usize = Category::ALL.len();
/// Additive smoothing; small, because most features are rare.
const ALPHA: f64 = 0.1;

/// One labelled example, as a line of `examples.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    pub text: String,
    pub category: Category,
    #[serde(default)]
    pub department: Option<String>,
}

/// Parses JSON lines of examples; blank lines are skipped, a bad line is an error naming it.
pub fn parse_examples(jsonl: &str) -> Result<Vec<Example>, String> {
    super::eval::parse_labelled_lines(jsonl).map_err(|e| e.to_string())
}

#[derive(Debug, Clone)]
pub struct Model {
    /// Feature → per-class log P(feature | class).
    log_likelihood: HashMap<String, [f64; CLASSES]>,
    /// Per-class log P(unseen feature | class).
    log_unseen: [f64; CLASSES],
    log_prior: [f64; CLASSES],
}

impl Model {
    pub fn train(examples: &[Example]) -> Model {
        let mut counts: HashMap<String, [f64; CLASSES]> = HashMap::new();
        let mut totals = [0.0f64; CLASSES];
        let mut docs = [0.0f64; CLASSES];
        for ex in examples {
            let c = ex.category.index();
            docs[c] += 1.0;
            for f in features(&normalize(&ex.text)) {
                counts.entry(f).or_insert([0.0; CLASSES])[c] += 1.0;
                totals[c] += 1.0;
            }
        }
        let vocab = counts.len().max(1) as f64;
        let n_docs: f64 = docs.iter().sum::<f64>().max(1.0);
        let mut log_prior = [0.0; CLASSES];
        let mut log_unseen = [0.0; CLASSES];
        for c in 0..CLASSES {
            // A flattened prior: the examples' class sizes say little about real traffic.
            log_prior[c] = ((docs[c] + 1.0) / (n_docs + CLASSES as f64)).ln() * 0.5;
            log_unseen[c] = (ALPHA / (totals[c] + ALPHA * vocab)).ln();
        }
        let log_likelihood = counts
            .into_iter()
            .map(|(f, n)| {
                let mut ll = [0.0; CLASSES];
                for c in 0..CLASSES {
                    ll[c] = ((n[c] + ALPHA) / (totals[c] + ALPHA * vocab)).ln();
                }
                (f, ll)
            })
            .collect();
        Model {
            log_likelihood,
            log_unseen,
            log_prior,
        }
    }

    /// Per-class scores: the log posterior divided by the square root of the number of known
    /// features, so long and short texts produce scores on a comparable scale.
    pub fn scores(&self, normalized: &str) -> [f64; CLASSES] {
        let mut s = self.log_prior;
        let mut known = 0usize;
        for f in features(normalized) {
            if let Some(ll) = self.log_likelihood.get(&f) {
                known += 1;
                for c in 0..CLASSES {
                    s[c] += ll[c] - self.log_unseen[c];
                }
            }
        }
        let scale = (known.max(1) as f64).sqrt();
        for v in &mut s {
            *v /= scale;
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.log_likelihood.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str, category: Category) -> Example {
        Example {
            text: text.into(),
            category,
            department: None,
        }
    }

    #[test]
    fn learns_to_separate_two_classes() {
        let model = Model::train(&[
            ex("工程款拖欠两年", Category::Credit),
            ex("政府欠款不还", Category::Credit),
            ex("审批超期三个月", Category::Approval),
            ex("办证来回跑好几趟", Category::Approval),
        ]);
        let s = model.scores(&normalize("欠款一直拖着"));
        assert!(s[Category::Credit.index()] > s[Category::Approval.index()]);
        let s = model.scores(&normalize("审批跑了好几趟"));
        assert!(s[Category::Approval.index()] > s[Category::Credit.index()]);
    }

    #[test]
    fn bad_example_lines_are_named() {
        let err = parse_examples("{\"text\":\"a\",\"category\":\"credit\"}\n\n{oops}").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
    }
}
