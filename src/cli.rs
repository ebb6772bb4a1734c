//! The command line: `run`, `console`, `classify`, `migrate`, `department`, `admin`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use crate::classifier::eval::{evaluate, parse_labelled};
use crate::classifier::{Classification, Classifier};
use crate::clock::SystemClock;
use crate::config::{io_reason, one_line, Config};
use crate::i18n::{I18n, Lang};
use crate::service::Service;
use crate::storage::Db;

#[derive(Debug, Parser)]
#[command(
    name = "yingshang",
    version,
    about = "Business-environment complaints bot (营商环境投诉)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Run the Telegram bot (needs TELOXIDE_TOKEN).
    Run,
    /// Play the bot's conversation in this terminal, on the configured database.
    Console {
        /// The Telegram-like user id of the person speaking.
        #[arg(long, default_value_t = 1)]
        user: i64,
        /// Language of the conversation: zh or en.
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Classify text: JSON lines {"id","text"} on stdin, or one TEXT argument, or --eval FILE.
    Classify {
        /// Print an accuracy report for a labelled JSON-lines file instead.
        #[arg(long, value_name = "FILE.jsonl")]
        eval: Option<PathBuf>,
        /// One text to classify.
        text: Option<String>,
    },
    /// Create or upgrade the database schema and exit.
    Migrate,
    /// Departments: list them, or bind a department's group chat (new complaints are
    /// announced there).
    Department {
        #[command(subcommand)]
        action: DepartmentCmd,
    },
    /// Admins (who set up the organisation from Telegram): grant or revoke the right by
    /// Telegram id, or list them. Works before the bot first runs.
    Admin {
        #[command(subcommand)]
        action: AdminCmd,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCmd {
    /// Make a Telegram user an admin (they need not have written to the bot yet).
    Grant { telegram_id: i64 },
    /// Take the admin right away (their role, if any, stays).
    Revoke { telegram_id: i64 },
    /// List the admins.
    List,
}

/// `yingshang admin …`: returns what to print. `env_admins` are the ids `YINGSHANG_ADMINS`
/// makes admins at every start (a revoke of one of them does not last).
pub async fn admin(svc: &Service, action: AdminCmd, env_admins: &[i64]) -> anyhow::Result<String> {
    let now = svc.now_ms();
    Ok(match action {
        AdminCmd::Grant { telegram_id: id } => {
            if svc.db.grant_admin(id, now).await? {
                format!("{id} is an admin now\n")
            } else {
                format!("{id} was an admin already\n")
            }
        }
        AdminCmd::Revoke { telegram_id: id } => {
            let mut out = if svc.db.revoke_admin(id).await? {
                format!("{id} is no longer an admin\n")
            } else {
                format!("{id} was not an admin\n")
            };
            if env_admins.contains(&id) {
                out.push_str(&format!(
                    "note: the configured admins (YINGSHANG_ADMINS or yingshang.toml) list {id}, \
                     which makes them an admin again at every start; remove it there\n"
                ));
            }
            out
        }
        AdminCmd::List => {
            let mut out = String::new();
            for u in svc
                .db
                .people(None)
                .await?
                .into_iter()
                .filter(|u| u.is_admin)
            {
                out.push_str(&format!("{:<14} {}\n", u.id, u.display_name));
            }
            if out.is_empty() {
                out.push_str("no admins yet: yingshang admin grant TELEGRAM-ID\n");
            }
            out
        }
    })
}

#[derive(Debug, Subcommand)]
pub enum DepartmentCmd {
    /// List the departments with their bound chats.
    List,
    /// Bind a department's group chat, by the chat's Telegram id (e.g. -1001234567890).
    Bind {
        code: String,
        #[arg(allow_negative_numbers = true)]
        chat_id: i64,
    },
    /// Remove a department's chat binding.
    Unbind { code: String },
}

/// `yingshang department …`: returns what to print.
pub async fn department(svc: &Service, action: DepartmentCmd) -> anyhow::Result<String> {
    let (code, chat) = match action {
        DepartmentCmd::List => {
            let mut out = String::new();
            for d in svc.db.departments().await? {
                let chat = d.chat_id.map_or("-".to_owned(), |c| c.to_string());
                out.push_str(&format!("{:<10} {:<16} {}\n", d.code, chat, d.name_zh));
            }
            return Ok(out);
        }
        DepartmentCmd::Bind { code, chat_id } => (code, Some(chat_id)),
        DepartmentCmd::Unbind { code } => (code, None),
    };
    if !svc.db.bind_department_chat(&code, chat).await? {
        anyhow::bail!("no department {code:?}; `yingshang department list` shows them");
    }
    Ok(match chat {
        Some(c) => format!("{code} announces new complaints in chat {c}\n"),
        None => format!("{code} has no chat now\n"),
    })
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language {s:?}: use zh or en"))
}

/// Everything a running front needs: database (migrated, departments seeded, admins set),
/// classifier, locales, the real clock.
pub async fn service(config: &Config) -> anyhow::Result<Service> {
    let classifier = load_classifier(config)?;
    let db = Db::connect(&config.database_url).await?;
    let svc = Service::new(db, classifier, Arc::new(I18n::new()), Arc::new(SystemClock));
    svc.seed_departments().await?;
    svc.db.ensure_admins(&config.admins, svc.now_ms()).await?;
    Ok(svc)
}

pub fn load_classifier(config: &Config) -> anyhow::Result<Arc<Classifier>> {
    Ok(Arc::new(Classifier::load(config.rules.as_deref())?))
}

/// The JSON object `yingshang classify` prints for one text (DESIGN.md's contract).
pub fn classification_json(id: Value, c: &Classification) -> Value {
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    json!({
        "id": id,
        "category": c.category.code(),
        "department": c.department,
        "confidence": round(c.confidence),
        "candidates": c.candidates.iter()
            .map(|(cat, s)| json!({"category": cat.code(), "score": round(*s)}))
            .collect::<Vec<_>>(),
        "matched": c.matched,
        "conflict_of_interest": c.conflict_of_interest,
        "handler": c.handler,
    })
}

/// One output line for one input line: the classification, or an error object.
pub fn classify_line(classifier: &Classifier, line: &str) -> Value {
    let parsed: Result<Value, _> = serde_json::from_str(line);
    let Ok(obj) = parsed else {
        return json!({"id": null, "error": "not valid JSON"});
    };
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    match obj.get("text").and_then(Value::as_str) {
        Some(text) => classification_json(id, &classifier.classify(text)),
        None => json!({"id": id, "error": "no \"text\" string"}),
    }
}

/// `yingshang classify`: stdin to stdout, one line each, flushed as it goes.
pub fn classify_stream(
    classifier: &Classifier,
    input: impl BufRead,
    mut out: impl Write,
) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(out, "{}", classify_line(classifier, &line))?;
        out.flush()?;
    }
    Ok(())
}

pub fn eval_file(classifier: &Classifier, path: &std::path::Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {}", path.display(), io_reason(&e)))?;
    let lines = parse_labelled(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.problem))?;
    Ok(evaluate(classifier, &lines).to_string())
}

/// An error as the one line an operator reads: the chain of causes joined by ": ", each said
/// once. Wrappers often repeat their source — `#[error(transparent)]`, or a message that
/// embeds `{0}` while also returning it as `source()` (sqlx's "error communicating with
/// database: …" does) — so a cause already contained in what was said is left out.
pub fn error_line(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = one_line(&cause.to_string());
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_said_once() {
        // sqlx's Io variant embeds its source in its message and returns it as source() too;
        // StorageError wraps it transparently: three links, one cause.
        let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let e = anyhow::Error::from(crate::storage::StorageError::Sqlx(sqlx::Error::Io(io)));
        assert_eq!(
            error_line(&e),
            "error communicating with database: connection refused"
        );
        let e = e.context("cannot list the departments");
        assert_eq!(
            error_line(&e),
            "cannot list the departments: error communicating with database: connection refused"
        );
    }

    #[test]
    fn a_multi_line_message_becomes_one_line() {
        let e = anyhow::anyhow!("first\n  second\n");
        assert_eq!(error_line(&e), "first; second");
    }
}
