//! The rules file: weighted terms per category and per out-of-scope kind, departments and their
//! aliases, keyword routes and the conflict-of-interest terms. The default is embedded from
//! `config/rules.toml`; an override file (`YINGSHANG_RULES`) is merged on top of it.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::{parse_toml, TomlError};
use crate::domain::Category;

/// The rules file as written. See `config/rules.toml` for the meaning of each part.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    #[serde(default)]
    pub categories: BTreeMap<Category, CategoryRules>,
    #[serde(default)]
    pub out_of_scope: BTreeMap<OutOfScope, TermWeights>,
    #[serde(default)]
    pub departments: BTreeMap<String, DepartmentInfo>,
    #[serde(default)]
    pub routes: Vec<Route>,
    #[serde(default)]
    pub conflict: ConflictRules,
    /// Time limits in working days: `[limits.default]` for all, `[limits.<category>]` for
    /// one category (DESIGN.md's defaults apply where nothing is said).
    #[serde(default)]
    pub limits: BTreeMap<String, LimitDays>,
}

/// Time limits in working days, each optional (what is not given keeps its default).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitDays {
    pub accept: Option<u32>,
    #[serde(rename = "return")]
    pub return_: Option<u32>,
    pub resolve: Option<u32>,
    pub rating: Option<u32>,
    pub extension_max: Option<u32>,
}

impl LimitDays {
    fn apply(&self, l: &mut crate::domain::limits::Limits) {
        let set = |v: &mut u32, o: Option<u32>| {
            if let Some(o) = o {
                *v = o;
            }
        };
        set(&mut l.accept_days, self.accept);
        set(&mut l.return_days, self.return_);
        set(&mut l.resolve_days, self.resolve);
        set(&mut l.rating_days, self.rating);
        set(&mut l.extension_max_days, self.extension_max);
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRules {
    /// The department that handles the category unless a route says otherwise.
    pub department: Option<String>,
    #[serde(default)]
    pub terms: BTreeMap<String, f32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermWeights {
    #[serde(default)]
    pub terms: BTreeMap<String, f32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentInfo {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// Words a complainant uses to name this department or its officials.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A keyword override of a category's default department.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub department: String,
    /// The categories in which the route applies; empty means all seven.
    #[serde(default)]
    pub categories: Vec<Category>,
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictRules {
    /// Accusations of official misconduct: bribes, favours, favouritism, retaliation, threats.
    #[serde(default)]
    pub misconduct: Vec<String>,
    /// Requests that the department not handle the complaint itself.
    #[serde(default)]
    pub recusal: Vec<String>,
}

/// Kinds of message that are not business-environment complaints; each gets its own advice.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OutOfScope {
    Greeting,
    Consultation,
    Consumer,
    /// A private landlord: deposit, rent, eviction (not premises of a public body).
    Landlord,
    Wages,
    PrivateDebt,
    Neighbour,
    Spam,
}

impl OutOfScope {
    pub const ALL: [OutOfScope; 8] = [
        OutOfScope::Greeting,
        OutOfScope::Consultation,
        OutOfScope::Consumer,
        OutOfScope::Landlord,
        OutOfScope::Wages,
        OutOfScope::PrivateDebt,
        OutOfScope::Neighbour,
        OutOfScope::Spam,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OutOfScope::Greeting => "greeting",
            OutOfScope::Consultation => "consultation",
            OutOfScope::Consumer => "consumer",
            OutOfScope::Landlord => "landlord",
            OutOfScope::Wages => "wages",
            OutOfScope::PrivateDebt => "private_debt",
            OutOfScope::Neighbour => "neighbour",
            OutOfScope::Spam => "spam",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// `FILE:LINE: message`; the file is named by whoever read it.
    #[error(transparent)]
    Syntax(#[from] TomlError),
    #[error("the rules give no department for category {0}")]
    NoDepartment(Category),
    #[error("department {0:?} is used but not defined under [departments]")]
    UnknownDepartment(String),
    #[error("the rules need every category, and {0} is missing")]
    MissingCategory(Category),
    #[error("category none cannot have terms; use [out_of_scope.*]")]
    NoneCategory,
    #[error("[limits.{0}]: use [limits.default] or a category code")]
    UnknownLimits(String),
    #[error("[limits.{0}]: limits are at least 1 working day, an extension at most 60")]
    BadLimits(String),
}

impl RulesFile {
    /// Parses rules text of no particular file (tests, tools); errors name it "rules".
    pub fn parse(toml_text: &str) -> Result<RulesFile, RulesError> {
        RulesFile::parse_file("rules", toml_text)
    }

    /// Parses the text of the rules file `name`; a syntax error reads `NAME:LINE: message`.
    pub fn parse_file(name: &str, toml_text: &str) -> Result<RulesFile, RulesError> {
        Ok(parse_toml(name, toml_text)?)
    }

    /// Merges an override file on top of these rules: term weights are added or replaced (a
    /// weight of 0 removes a term), departments and category defaults replaced, the override's
    /// routes tried before the default ones, conflict terms added.
    pub fn merge(mut self, over: RulesFile) -> RulesFile {
        for (cat, rules) in over.categories {
            let mine = self.categories.entry(cat).or_default();
            if rules.department.is_some() {
                mine.department = rules.department;
            }
            merge_terms(&mut mine.terms, rules.terms);
        }
        for (kind, t) in over.out_of_scope {
            merge_terms(
                &mut self.out_of_scope.entry(kind).or_default().terms,
                t.terms,
            );
        }
        for (code, info) in over.departments {
            let mine = self.departments.entry(code).or_default();
            if !info.name_zh.is_empty() {
                mine.name_zh = info.name_zh;
            }
            if !info.name_en.is_empty() {
                mine.name_en = info.name_en;
            }
            mine.aliases.extend(info.aliases);
        }
        let mut routes = over.routes;
        routes.append(&mut self.routes);
        self.routes = routes;
        self.conflict.misconduct.extend(over.conflict.misconduct);
        self.conflict.recusal.extend(over.conflict.recusal);
        for (key, days) in over.limits {
            let mine = self.limits.entry(key).or_default();
            let keep = |o: Option<u32>, m: Option<u32>| o.or(m);
            *mine = LimitDays {
                accept: keep(days.accept, mine.accept),
                return_: keep(days.return_, mine.return_),
                resolve: keep(days.resolve, mine.resolve),
                rating: keep(days.rating, mine.rating),
                extension_max: keep(days.extension_max, mine.extension_max),
            };
        }
        self
    }

    /// The time limits of a category: DESIGN.md's defaults, then `[limits.default]`, then
    /// `[limits.<category>]`.
    pub fn limits(&self, category: Category) -> crate::domain::limits::Limits {
        let mut l = crate::domain::limits::default_limits(category);
        for key in ["default", category.code()] {
            if let Some(days) = self.limits.get(key) {
                days.apply(&mut l);
            }
        }
        l
    }

    /// Checks that the rules are complete and consistent.
    pub fn validate(&self) -> Result<(), RulesError> {
        if self.categories.contains_key(&Category::None) {
            return Err(RulesError::NoneCategory);
        }
        for cat in Category::SEVEN {
            let rules = self
                .categories
                .get(&cat)
                .ok_or(RulesError::MissingCategory(cat))?;
            let dep = rules
                .department
                .as_ref()
                .ok_or(RulesError::NoDepartment(cat))?;
            self.check_department(dep)?;
        }
        for route in &self.routes {
            self.check_department(&route.department)?;
        }
        for (key, days) in &self.limits {
            let known = key == "default" || key.parse::<Category>().is_ok_and(|c| c.is_complaint());
            if !known {
                return Err(RulesError::UnknownLimits(key.clone()));
            }
            let zero = [days.accept, days.return_, days.resolve, days.rating]
                .into_iter()
                .flatten()
                .any(|d| d == 0);
            if zero || days.extension_max.is_some_and(|d| d > 60) {
                return Err(RulesError::BadLimits(key.clone()));
            }
        }
        Ok(())
    }

    fn check_department(&self, code: &str) -> Result<(), RulesError> {
        if self.departments.contains_key(code) {
            Ok(())
        } else {
            Err(RulesError::UnknownDepartment(code.to_owned()))
        }
    }

    pub fn default_department(&self, cat: Category) -> Option<&str> {
        self.categories.get(&cat)?.department.as_deref()
    }
}

fn merge_terms(into: &mut BTreeMap<String, f32>, from: BTreeMap<String, f32>) {
    for (term, w) in from {
        if w == 0.0 {
            into.remove(&term);
        } else {
            into.insert(term, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
        [categories.credit]
        department = "caizheng"
        terms = { "拖欠" = 3, "工程款" = 2 }
        [departments.caizheng]
        name_zh = "区财政局"
        aliases = ["财政局"]
    "#;

    #[test]
    fn merge_adds_replaces_and_removes_terms() {
        let base = RulesFile::parse(SMALL).unwrap();
        let over = RulesFile::parse(
            r#"
            [categories.credit]
            terms = { "拖欠" = 0, "尾款" = 2 }
            [[routes]]
            department = "caizheng"
            terms = ["国企"]
            "#,
        )
        .unwrap();
        let merged = base.merge(over);
        let terms = &merged.categories[&Category::Credit].terms;
        assert!(!terms.contains_key("拖欠"));
        assert_eq!(terms["尾款"], 2.0);
        assert_eq!(
            merged.default_department(Category::Credit),
            Some("caizheng")
        );
        assert_eq!(merged.routes.len(), 1);
    }

    #[test]
    fn incomplete_rules_are_refused() {
        let rules = RulesFile::parse(SMALL).unwrap();
        assert!(matches!(
            rules.validate(),
            Err(RulesError::MissingCategory(_))
        ));
        assert!(RulesFile::parse("[categories.health]").is_err());
        assert!(RulesFile::parse("[categories.credit]\nweight = 3").is_err());
    }

    #[test]
    fn syntax_errors_name_the_file_and_line_once() {
        let err =
            RulesFile::parse_file("over.toml", "[categories.credit]\nweight = 3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "over.toml:2: unknown field `weight`, expected `department` or `terms`"
        );
        assert!(std::error::Error::source(&err).is_none());
    }
}
