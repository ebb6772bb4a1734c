//! `yingshang classify --eval`: accuracy of the classifier on a labelled JSON-lines file.

use std::fmt::{self, Write as _};

use serde::Deserialize;

use super::Classifier;
use crate::domain::Category;

/// One labelled line: the fields of `complaints-dev.jsonl`, plus optional conflict labels.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    pub text: String,
    pub category: Category,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub conflict_of_interest: Option<bool>,
    #[serde(default)]
    pub handler: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Miss {
    pub id: String,
    pub text: String,
    pub want: String,
    pub got: String,
}

#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub total: usize,
    pub top1: usize,
    pub top2: usize,
    /// Lines whose department was right (a `none` line is right when no department is given).
    pub department: usize,
    /// confusion[want][got], indexed by `Category::index`.
    pub confusion: [[usize; 8]; 8],
    /// Conflict of interest: true positives, false positives, false negatives, lines labelled.
    pub conflict: (usize, usize, usize, usize),
    pub handler: (usize, usize),
    pub misses: Vec<Miss>,
}

impl EvalReport {
    pub fn top1_rate(&self) -> f64 {
        ratio(self.top1, self.total)
    }
    pub fn top2_rate(&self) -> f64 {
        ratio(self.top2, self.total)
    }
    pub fn department_rate(&self) -> f64 {
        ratio(self.department, self.total)
    }
    pub fn conflict_precision(&self) -> f64 {
        let (tp, fp, _, _) = self.conflict;
        ratio(tp, tp + fp)
    }
    pub fn conflict_recall(&self) -> f64 {
        let (tp, _, fneg, _) = self.conflict;
        ratio(tp, tp + fneg)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A labelled file's line that cannot be used: its 1-based number and the problem. The caller
/// knows the file and prints `FILE:LINE: problem`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// Parses the labelled lines; a bad line is an error naming its number.
pub fn parse_labelled(jsonl: &str) -> Result<Vec<Labelled>, BadLine> {
    parse_labelled_lines(jsonl)
}

/// Parses JSON lines with a `category` code each (blank lines skipped). Checked step by step
/// rather than by serde alone, so that the problem reads plainly: serde_json would say
/// "unknown variant" and "at line 1 column 40" (the line of the one-line text it was given).
pub fn parse_labelled_lines<T: serde::de::DeserializeOwned>(
    jsonl: &str,
) -> Result<Vec<T>, BadLine> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            parse_labelled_line(l).map_err(|problem| BadLine {
                line: i + 1,
                problem,
            })
        })
        .collect()
}

fn parse_labelled_line<T: serde::de::DeserializeOwned>(line: &str) -> Result<T, String> {
    use serde_json::Value;
    let value: Value = serde_json::from_str(line).map_err(|e| {
        format!(
            "not valid JSON ({}, column {})",
            json_problem(&e),
            e.column()
        )
    })?;
    let Value::Object(obj) = &value else {
        return Err("not a JSON object".to_owned());
    };
    match obj.get("text") {
        Some(Value::String(_)) => {}
        Some(_) => return Err("\"text\" is not a string".to_owned()),
        None => return Err("no \"text\"".to_owned()),
    }
    match obj.get("category") {
        Some(Value::String(code)) => {
            if code.parse::<Category>().is_err() {
                let codes: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
                return Err(format!(
                    "unknown category {code:?} (the codes are {})",
                    codes.join(", ")
                ));
            }
        }
        Some(_) => return Err("\"category\" is not a string".to_owned()),
        None => return Err("no \"category\"".to_owned()),
    }
    serde_json::from_value(value).map_err(|e| json_problem(&e))
}

/// serde_json's message without its " at line L column C" tail.
fn json_problem(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

pub fn evaluate(classifier: &Classifier, lines: &[Labelled]) -> EvalReport {
    let mut r = EvalReport::default();
    for (n, line) in lines.iter().enumerate() {
        let got = classifier.classify(&line.text);
        r.total += 1;
        r.confusion[line.category.index()][got.category.index()] += 1;
        let in_top2 = got
            .candidates
            .iter()
            .take(2)
            .any(|(c, _)| *c == line.category);
        if got.category == line.category {
            r.top1 += 1;
        }
        if in_top2 {
            r.top2 += 1;
        }
        if got.department == line.department {
            r.department += 1;
        }
        if let Some(want) = line.conflict_of_interest {
            r.conflict.3 += 1;
            match (want, got.conflict_of_interest) {
                (true, true) => r.conflict.0 += 1,
                (false, true) => r.conflict.1 += 1,
                (true, false) => r.conflict.2 += 1,
                (false, false) => {}
            }
        }
        if line.handler.is_some() || line.conflict_of_interest.is_some() {
            r.handler.1 += 1;
            if got.handler == line.handler {
                r.handler.0 += 1;
            }
        }
        let want_conflict = line
            .conflict_of_interest
            .unwrap_or(got.conflict_of_interest);
        if got.category != line.category
            || got.department != line.department
            || want_conflict != got.conflict_of_interest
        {
            let id = match &line.id {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => format!("line {}", n + 1),
            };
            r.misses.push(Miss {
                id,
                text: line.text.clone(),
                want: describe(
                    line.category,
                    line.department.as_deref(),
                    line.conflict_of_interest,
                ),
                got: describe(
                    got.category,
                    got.department.as_deref(),
                    Some(got.conflict_of_interest),
                ),
            });
        }
    }
    r
}

fn describe(c: Category, dep: Option<&str>, conflict: Option<bool>) -> String {
    let mut s = format!("{}/{}", c, dep.unwrap_or("-"));
    if conflict == Some(true) {
        s.push_str(" conflict");
    }
    s
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "lines: {}", self.total)?;
        writeln!(
            f,
            "top-1 category: {:.1}% ({}/{})",
            100.0 * self.top1_rate(),
            self.top1,
            self.total
        )?;
        writeln!(
            f,
            "top-2 category: {:.1}% ({}/{})",
            100.0 * self.top2_rate(),
            self.top2,
            self.total
        )?;
        writeln!(
            f,
            "department:     {:.1}% ({}/{})",
            100.0 * self.department_rate(),
            self.department,
            self.total
        )?;
        if self.conflict.3 > 0 {
            let (tp, fp, fneg, _) = self.conflict;
            writeln!(
                f,
                "conflict of interest: precision {:.1}%, recall {:.1}% (tp {tp}, fp {fp}, fn {fneg})",
                100.0 * self.conflict_precision(),
                100.0 * self.conflict_recall()
            )?;
            writeln!(
                f,
                "handler:        {:.1}% ({}/{})",
                100.0 * ratio(self.handler.0, self.handler.1),
                self.handler.0,
                self.handler.1
            )?;
        }
        writeln!(f, "\nper category      n   precision  recall")?;
        for c in Category::ALL {
            let i = c.index();
            let n: usize = self.confusion[i].iter().sum();
            let predicted: usize = (0..8).map(|w| self.confusion[w][i]).sum();
            let hit = self.confusion[i][i];
            writeln!(
                f,
                "  {:<13} {:>4}   {:>6.1}%  {:>6.1}%",
                c.code(),
                n,
                100.0 * ratio(hit, predicted),
                100.0 * ratio(hit, n)
            )?;
        }
        let mut header =
            String::from("\nconfusion (rows: labelled, columns: predicted)\n               ");
        for c in Category::ALL {
            let _ = write!(header, "{:>5}", &c.code()[..4]);
        }
        writeln!(f, "{header}")?;
        for want in Category::ALL {
            write!(f, "  {:<13}", want.code())?;
            for got in Category::ALL {
                write!(f, "{:>5}", self.confusion[want.index()][got.index()])?;
            }
            writeln!(f)?;
        }
        if !self.misses.is_empty() {
            writeln!(f, "\nmisses ({}):", self.misses.len())?;
            for m in &self.misses {
                let short: String = m.text.chars().take(70).collect();
                writeln!(
                    f,
                    "  {:<10} want {:<28} got {:<28} {}",
                    m.id, m.want, m.got, short
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(jsonl: &str) -> String {
        parse_labelled(jsonl).unwrap_err().to_string()
    }

    #[test]
    fn bad_lines_are_named_with_their_problem() {
        let good = r#"{"id":1,"text":"工程款拖欠","category":"credit","department":"caizheng"}"#;
        assert_eq!(
            parse_labelled(&format!("{good}\n\n{good}\n"))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            problem(&format!("{good}\n{{oops}}")),
            "line 2: not valid JSON (key must be a string, column 2)"
        );
        assert_eq!(
            problem(r#"{"text":"x","category":"health"}"#),
            "line 1: unknown category \"health\" (the codes are development, credit, \
             enforcement, approval, supervision, intermediary, competition, none)"
        );
        assert_eq!(problem(r#"{"category":"credit"}"#), "line 1: no \"text\"");
        assert_eq!(problem(r#"{"text":"x"}"#), "line 1: no \"category\"");
        assert_eq!(problem("[1]"), "line 1: not a JSON object");
        assert_eq!(
            problem(r#"{"text":"x","category":"credit","department":3}"#),
            "line 1: invalid type: integer `3`, expected a string"
        );
    }
}
