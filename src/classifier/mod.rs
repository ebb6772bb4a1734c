//! The classifier: proposes a category and a department for a complaint, with the words that led
//! there, and recognises conflicts of interest and out-of-scope messages.
//!
//! Two parts work together. Weighted terms from the rules file (`config/rules.toml`) explain
//! themselves and are shown to the user as the reason; a naive Bayes model over character n-grams,
//! trained at start-up on the project's own labelled examples (`config/examples.jsonl`), catches
//! what people write without the textbook words. Routes and conflict terms are plain rules.

pub mod eval;
pub mod model;
pub mod normalize;
pub mod reason;
pub mod rules;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;

use crate::domain::Category;
use model::{parse_examples, Example, Model};
use normalize::{normalize_term, Mapped};
use reason::{shown_range, Reason, MAX_ITEMS};
pub use rules::{OutOfScope, RulesError, RulesFile};

/// The rules and examples shipped in the binary.
pub const DEFAULT_RULES: &str = include_str!("../../config/rules.toml");
pub const DEFAULT_EXAMPLES: &str = include_str!("../../config/examples.jsonl");

/// The handler code for conflicts of interest: the supervisors in the business-environment bureau.
pub const SUPERVISORS: &str = "yingshang";
/// The handler code when the business-environment bureau's own officials are accused.
pub const LEADERSHIP: &str = "leadership";

/// How much the learned model's scores and the rule scores count when they are combined
/// (tuned with `cargo run --example tune`).
pub const DEFAULT_WEIGHTS: Weights = Weights {
    model: 1.0,
    rules: 0.6,
    temperature: 1.25,
};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub model: f64,
    pub rules: f64,
    /// Softens the combined scores into probabilities; it changes the confidence, never the
    /// ranking. Chosen so that the confidence tracks the accuracy on held-out examples.
    pub temperature: f64,
}
/// Of the reason's items, how many are kept for the route and conflict terms when there are
/// more category terms than fit.
const ROUTE_ITEMS: usize = 2;

/// What a pattern found in the text stands for. One pattern can stand for several things (a
/// route term can also be a department alias).
#[derive(Debug, Clone, Copy)]
enum Role {
    Category(Category, f32),
    OutOfScope(OutOfScope, f32),
    Route(usize),
    Alias(usize),
    Misconduct,
    Recusal,
}

/// One pattern found in the normalised text, at its first place (byte range).
#[derive(Debug, Clone, Copy)]
struct Hit {
    pattern: usize,
    start: usize,
    end: usize,
}

/// The classifier's verdict on one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub category: Category,
    /// The responsible department after keyword routes; `None` for out-of-scope text.
    pub department: Option<String>,
    /// Probability of the top category, in [0, 1].
    pub confidence: f64,
    /// Every category and `none`, by descending score (scores sum to 1).
    pub candidates: Vec<(Category, f64)>,
    /// The words that led to the category and department, for the user to see: whole words
    /// and phrases as the person wrote them, strongest first, at most five.
    pub matched: Vec<String>,
    pub conflict_of_interest: bool,
    /// Who gets the complaint: the department, or the supervisors / leadership on a conflict.
    pub handler: Option<String>,
    /// For out-of-scope text, what kind of message it looks like (decides the advice given).
    pub out_of_scope: Option<OutOfScope>,
}

/// Department and handler for one category, as decided by routes and conflict rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Routing {
    pub department: Option<String>,
    pub conflict_of_interest: bool,
    pub handler: Option<String>,
    /// Route and conflict terms that decided it, as the person wrote them.
    pub matched: Vec<String>,
}

pub struct Classifier {
    rules: RulesFile,
    automaton: AhoCorasick,
    /// Per pattern: its spelling in the rules file and what it stands for.
    patterns: Vec<(String, Vec<Role>)>,
    model: Model,
    /// Department codes in the order used by `Role::Alias`.
    alias_departments: Vec<String>,
    weights: Weights,
}

#[derive(Debug, thiserror::Error)]
pub enum ClassifierError {
    #[error(transparent)]
    Rules(#[from] RulesError),
    #[error("examples: {0}")]
    Examples(String),
    #[error("could not build the term matcher: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    // The io error is rendered into the message rather than kept as a source, so that a
    // printer walking the chain does not say it twice.
    #[error("cannot read {path}: {}", crate::config::io_reason(.error))]
    Read { path: String, error: std::io::Error },
}

impl Classifier {
    /// The embedded rules and examples, with an optional override rules file on top.
    pub fn load(override_path: Option<&std::path::Path>) -> Result<Classifier, ClassifierError> {
        let mut rules = RulesFile::parse_file("config/rules.toml", DEFAULT_RULES)?;
        if let Some(path) = override_path {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|error| ClassifierError::Read {
                path: name.clone(),
                error,
            })?;
            rules = rules.merge(RulesFile::parse_file(&name, &text)?);
        }
        let examples = parse_examples(DEFAULT_EXAMPLES).map_err(ClassifierError::Examples)?;
        Classifier::new(rules, &examples)
    }

    pub fn new(rules: RulesFile, examples: &[Example]) -> Result<Classifier, ClassifierError> {
        rules.validate()?;
        let mut patterns: Vec<(String, Vec<Role>)> = Vec::new();
        let mut add = |term: &str, role: Role| {
            let norm = normalize_term(term);
            if norm.trim().is_empty() {
                return;
            }
            match patterns.iter_mut().find(|(p, _)| *p == norm) {
                Some((_, roles)) => roles.push(role),
                None => patterns.push((norm, vec![role])),
            }
        };
        for (cat, r) in &rules.categories {
            for (term, w) in &r.terms {
                add(term, Role::Category(*cat, *w));
            }
        }
        for (kind, t) in &rules.out_of_scope {
            for (term, w) in &t.terms {
                add(term, Role::OutOfScope(*kind, *w));
            }
        }
        for (i, route) in rules.routes.iter().enumerate() {
            for term in &route.terms {
                add(term, Role::Route(i));
            }
        }
        let alias_departments: Vec<String> = rules.departments.keys().cloned().collect();
        for (i, info) in rules.departments.values().enumerate() {
            for alias in &info.aliases {
                add(alias, Role::Alias(i));
            }
        }
        for term in &rules.conflict.misconduct {
            add(term, Role::Misconduct);
        }
        for term in &rules.conflict.recusal {
            add(term, Role::Recusal);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(p, _)| p.as_str()))?;
        Ok(Classifier {
            rules,
            automaton,
            patterns,
            model: Model::train(examples),
            alias_departments,
            weights: DEFAULT_WEIGHTS,
        })
    }

    /// The same classifier with other combination weights (for tuning).
    pub fn with_weights(mut self, weights: Weights) -> Classifier {
        self.weights = weights;
        self
    }

    pub fn rules(&self) -> &RulesFile {
        &self.rules
    }

    /// The patterns found in a normalised text, each once, at its first place.
    fn hits(&self, normalized: &str) -> Vec<Hit> {
        let mut found: Vec<Hit> = self
            .automaton
            .find_overlapping_iter(normalized)
            .map(|m| Hit {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        found.sort_unstable_by_key(|h| (h.pattern, h.start));
        found.dedup_by_key(|h| h.pattern);
        found
    }

    pub fn classify(&self, text: &str) -> Classification {
        let mapped = Mapped::new(text);
        let norm = &mapped.normalized;
        let hits = self.hits(norm);

        let mut rule = [0.0f64; 8];
        let mut oos = [0.0f64; OutOfScope::ALL.len()];
        for h in &hits {
            for role in &self.patterns[h.pattern].1 {
                match *role {
                    Role::Category(c, w) => rule[c.index()] += w as f64,
                    Role::OutOfScope(k, w) => {
                        let i = OutOfScope::ALL.iter().position(|x| *x == k).unwrap_or(0);
                        oos[i] += w as f64;
                    }
                    _ => {}
                }
            }
        }
        let oos_best = oos.iter().cloned().fold(0.0, f64::max);
        rule[Category::None.index()] = oos_best;

        let learned = if self.model.is_empty() {
            [0.0; 8]
        } else {
            self.model.scores(norm)
        };
        let logits: Vec<f64> = (0..8)
            .map(|i| {
                (self.weights.model * learned[i] + self.weights.rules * rule[i])
                    / self.weights.temperature
            })
            .collect();
        let probs = softmax(&logits);
        let mut candidates: Vec<(Category, f64)> = Category::ALL
            .iter()
            .map(|c| (*c, probs[c.index()]))
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (category, confidence) = candidates[0];

        let out_of_scope = (category == Category::None).then(|| {
            let i = (0..oos.len())
                .max_by(|a, b| oos[*a].total_cmp(&oos[*b]))
                .filter(|i| oos[*i] > 0.0);
            i.map(|i| OutOfScope::ALL[i])
                .unwrap_or(OutOfScope::Consultation)
        });

        let (routing, route_hits) = self.route_hits(&hits, category);
        let shown = |h: &Hit| shown_range(text, &mapped, h.start, h.end);
        let route_items: Vec<(usize, usize)> = route_hits.iter().filter_map(shown).collect();
        let mut reason = Reason::new(text);
        let room = MAX_ITEMS - route_items.len().min(ROUTE_ITEMS);
        for h in self.reason_hits(&hits, category, out_of_scope) {
            if let Some(r) = shown(&h) {
                reason.offer(r, room);
            }
        }
        for r in route_items {
            reason.offer(r, MAX_ITEMS);
        }
        let matched = reason.into_strings();
        Classification {
            category,
            department: routing.department,
            confidence,
            candidates,
            matched,
            conflict_of_interest: routing.conflict_of_interest,
            handler: routing.handler,
            out_of_scope,
        }
    }

    /// The department and handler for `text` filed under `category` — used when the complainant
    /// picks another category than the one proposed.
    pub fn route(&self, text: &str, category: Category) -> Routing {
        let mapped = Mapped::new(text);
        let (mut routing, route_hits) = self.route_hits(&self.hits(&mapped.normalized), category);
        let mut reason = Reason::new(text);
        for h in &route_hits {
            if let Some(r) = shown_range(text, &mapped, h.start, h.end) {
                reason.offer(r, MAX_ITEMS);
            }
        }
        routing.matched = reason.into_strings();
        routing
    }

    /// The rule terms that speak for the chosen category, strongest first (a longer term
    /// before a shorter one of the same weight).
    fn reason_hits(&self, hits: &[Hit], category: Category, oos: Option<OutOfScope>) -> Vec<Hit> {
        let mut weighted: Vec<(f32, Hit)> = Vec::new();
        for h in hits {
            for role in &self.patterns[h.pattern].1 {
                let w = match (*role, oos) {
                    (Role::Category(c, w), None) if c == category && w > 0.0 => w,
                    (Role::OutOfScope(k, w), Some(kind)) if k == kind && w > 0.0 => w,
                    _ => continue,
                };
                weighted.push((w, *h));
            }
        }
        weighted.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then((b.1.end - b.1.start).cmp(&(a.1.end - a.1.start)))
        });
        weighted.into_iter().map(|(_, h)| h).collect()
    }

    /// The routing for a category, and the route and conflict terms that decided it (their
    /// places in the text, for the reason).
    fn route_hits(&self, hits: &[Hit], category: Category) -> (Routing, Vec<Hit>) {
        if category == Category::None {
            let routing = Routing {
                department: None,
                conflict_of_interest: false,
                handler: None,
                matched: Vec::new(),
            };
            return (routing, Vec::new());
        }
        let mut matched: Vec<Hit> = Vec::new();
        let mut department = self
            .rules
            .default_department(category)
            .unwrap_or(SUPERVISORS)
            .to_owned();
        // Routes are tried in file order; the first that applies to this category wins.
        let mut best: Option<(usize, Hit)> = None;
        let mut aliases = Vec::new();
        let mut misconduct = Vec::new();
        let mut recusal = Vec::new();
        for &h in hits {
            for role in &self.patterns[h.pattern].1 {
                match *role {
                    Role::Route(i) => {
                        let r = &self.rules.routes[i];
                        let applies = r.categories.is_empty() || r.categories.contains(&category);
                        if applies && best.is_none_or(|(b, _)| i < b) {
                            best = Some((i, h));
                        }
                    }
                    Role::Alias(d) => aliases.push((d, h)),
                    Role::Misconduct => misconduct.push(h),
                    Role::Recusal => recusal.push(h),
                    _ => {}
                }
            }
        }
        if let Some((i, h)) = best {
            department = self.rules.routes[i].department.clone();
            matched.push(h);
        }
        let names_department: Vec<Hit> = aliases
            .iter()
            .filter(|(d, _)| self.alias_departments[*d] == department)
            .map(|(_, h)| *h)
            .collect();
        let conflict =
            (!misconduct.is_empty() && !names_department.is_empty()) || !recusal.is_empty();
        if conflict {
            for h in misconduct.iter().chain(&recusal).chain(&names_department) {
                if !matched.iter().any(|m| m.pattern == h.pattern) {
                    matched.push(*h);
                }
            }
        }
        let handler = if !conflict {
            department.clone()
        } else if department == SUPERVISORS {
            LEADERSHIP.to_owned()
        } else {
            SUPERVISORS.to_owned()
        };
        let routing = Routing {
            department: Some(department),
            conflict_of_interest: conflict,
            handler: Some(handler),
            matched: Vec::new(),
        };
        (routing, matched)
    }
}

/// Parses JSON lines (blank lines skipped); a bad line is an error naming its number.
pub fn parse_jsonl<T: serde::de::DeserializeOwned>(jsonl: &str) -> Result<Vec<T>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests;
