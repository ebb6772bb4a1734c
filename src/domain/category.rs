//! The seven business-environment categories and their stable codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the seven environments of the rectification report, or `None` for a message that is
/// not a business-environment complaint. The codes are stable: they are stored in the database,
/// written by `yingshang classify` and used in the rules file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Development,
    Credit,
    Enforcement,
    Approval,
    Supervision,
    Intermediary,
    Competition,
    None,
}

impl Category {
    /// The seven real categories, in the order of the report.
    pub const SEVEN: [Category; 7] = [
        Category::Development,
        Category::Credit,
        Category::Enforcement,
        Category::Approval,
        Category::Supervision,
        Category::Intermediary,
        Category::Competition,
    ];

    /// The seven categories followed by `None`: every label the classifier can give.
    pub const ALL: [Category; 8] = [
        Category::Development,
        Category::Credit,
        Category::Enforcement,
        Category::Approval,
        Category::Supervision,
        Category::Intermediary,
        Category::Competition,
        Category::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Development => "development",
            Category::Credit => "credit",
            Category::Enforcement => "enforcement",
            Category::Approval => "approval",
            Category::Supervision => "supervision",
            Category::Intermediary => "intermediary",
            Category::Competition => "competition",
            Category::None => "none",
        }
    }

    /// Position in [`Category::ALL`]; used as a dense index by the classifier.
    pub fn index(self) -> usize {
        Category::ALL.iter().position(|c| *c == self).unwrap_or(7)
    }

    pub fn is_complaint(self) -> bool {
        self != Category::None
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown category code {0:?}")]
pub struct UnknownCategory(pub String);

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.code() == s.trim())
            .ok_or_else(|| UnknownCategory(s.to_owned()))
    }
}

/// Storage reads codes as strings; a code that is not one is a corrupt row.
impl TryFrom<String> for Category {
    type Error = UnknownCategory;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_distinct() {
        for c in Category::ALL {
            assert_eq!(c.code().parse::<Category>(), Ok(c));
            assert_eq!(Category::ALL[c.index()], c);
        }
        assert!("health".parse::<Category>().is_err());
    }

    #[test]
    fn serde_uses_the_codes() {
        let json = serde_json::to_string(&Category::Intermediary).unwrap();
        assert_eq!(json, "\"intermediary\"");
        let back: Category = serde_json::from_str("\"none\"").unwrap();
        assert_eq!(back, Category::None);
    }
}
