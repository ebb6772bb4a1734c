//! The command line: `run`, `console`, `classify`, `migrate`, `department`, `calendar`,
//! `admin`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use crate::classifier::eval::{evaluate, parse_labelled};
use crate::classifier::{Classification, Classifier};
use crate::clock::{Clock, SystemClock};
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
    /// The working-day calendar: show a month, compute a due moment, load a year's notice.
    Calendar {
        #[command(subcommand)]
        action: CalendarCmd,
    },
    /// Admins (who set up the organisation from Telegram): grant or revoke the right by
    /// Telegram id, or list them. Works before the bot first runs.
    Admin {
        #[command(subcommand)]
        action: AdminCmd,
    },
    /// What the deadline watcher would send at a moment (warnings, chases, escalations, and
    /// to whom), without sending anything.
    Deadlines {
        /// The moment, e.g. 2026-02-13T17:00:00+08:00 (default: now).
        #[arg(long)]
        at: Option<String>,
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
pub enum CalendarCmd {
    /// Print a month: its working days, holidays (with their names) and make-up days.
    Show {
        #[arg(value_name = "YYYY-MM")]
        month: String,
    },
    /// Print when a limit of N working days from a moment ends (Asia/Shanghai), by the code
    /// the time limits use.
    Due {
        /// Where the limit starts: RFC 3339 (2026-02-13T10:00:00+08:00), or a Shanghai time
        /// (2026-02-13T10:00); now if not given.
        #[arg(long, value_name = "MOMENT")]
        from: Option<String>,
        /// The limit, in working days.
        #[arg(long, value_name = "N")]
        days: u32,
    },
    /// Check a year's holiday notice (holiday-cn's JSON shape: {"year", "papers", "days"})
    /// and store it in the database, for every instance.
    Load {
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
}

/// The longest limit `calendar due` computes: far beyond any limit, short of a long loop.
pub const MAX_DUE_DAYS: u32 = 1000;

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

/// `yingshang calendar …` on the configured database: returns what to print. Its arguments
/// are checked before the database is opened. What is provisional is said in the output
/// itself, so these commands log no warning about missing notices.
pub async fn calendar(
    config: &Config,
    action: CalendarCmd,
    clock: &dyn Clock,
) -> anyhow::Result<String> {
    use crate::service::calendar::{effective, store_notice};
    match action {
        CalendarCmd::Show { month } => {
            let (year, month) = parse_month(&month)?;
            let db = Db::connect(&config.database_url).await?;
            let cal = effective(&db).await?;
            db.close().await;
            Ok(month_text(&cal, year, month))
        }
        CalendarCmd::Due { from, days } => {
            let from = match from {
                Some(text) => parse_moment("--from", &text)?,
                None => clock.now(),
            };
            if days > MAX_DUE_DAYS {
                anyhow::bail!("--days {days} is more than {MAX_DUE_DAYS} working days");
            }
            let db = Db::connect(&config.database_url).await?;
            let cal = effective(&db).await?;
            db.close().await;
            let due = cal.due(from, days);
            let missing = cal.missing_notices_between(
                crate::domain::calendar::local_date(from),
                crate::domain::calendar::local_date(due.at),
            );
            Ok(format!("{}\n", due_text(&due, &missing)))
        }
        CalendarCmd::Load { file } => {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {name}: {}", io_reason(&e)))?;
            let notice =
                crate::domain::Notice::parse(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            let db = Db::connect(&config.database_url).await?;
            let now_ms = clock.now().timestamp_millis();
            let replaced = store_notice(&db, &notice, &text, now_ms, &loaded_by()).await?;
            db.close().await;
            let mut out = format!(
                "stored the {} notice: {} days ({} holidays, {} make-up working days)",
                notice.year,
                notice.days.len(),
                notice.off_days(),
                notice.working_days()
            );
            if let Some(before) = replaced {
                let at = chrono::DateTime::from_timestamp_millis(before.loaded_at)
                    .unwrap_or_default()
                    .with_timezone(&chrono_tz::Asia::Shanghai)
                    .format("%Y-%m-%d %H:%M");
                out.push_str(&format!(
                    "; it replaces the one loaded {at} by {}",
                    before.loaded_by
                ));
            } else if crate::domain::calendar::embedded_notices()
                .iter()
                .any(|n| n.year == notice.year)
            {
                out.push_str("; it replaces the embedded one");
            }
            out.push('\n');
            Ok(out)
        }
    }
}

/// Who is loading a notice from the command line, as stored with it.
fn loaded_by() -> String {
    match std::env::var("USER").or_else(|_| std::env::var("LOGNAME")) {
        Ok(user) if !user.is_empty() => format!("cli ({user})"),
        _ => "cli".to_owned(),
    }
}

/// `YYYY-MM`.
fn parse_month(s: &str) -> anyhow::Result<(i32, u32)> {
    let parsed = s.split_once('-').and_then(|(y, m)| {
        let ok = y.len() == 4 && m.len() == 2;
        let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        (ok && (1..=12).contains(&m)).then_some((y, m))
    });
    parsed.ok_or_else(|| anyhow::anyhow!("{s:?} is not a month: use YYYY-MM, e.g. 2026-02"))
}

/// An RFC 3339 moment, or a date and time without offset read in Asia/Shanghai.
/// `yingshang deadlines --at MOMENT`: the alerts due then and not sent yet, one a line.
pub async fn deadlines(svc: &Service, at: Option<&str>) -> anyhow::Result<String> {
    let at = match at {
        Some(s) => parse_moment("--at", s)?,
        None => chrono::Utc::now(),
    };
    let due = svc.alerts_at(at.timestamp_millis()).await?;
    let local = at.with_timezone(&chrono_tz::Asia::Shanghai);
    let mut out = format!(
        "{} (Asia/Shanghai): {} alert{} due\n",
        local.format("%Y-%m-%d %H:%M"),
        due.len(),
        if due.len() == 1 { "" } else { "s" }
    );
    for a in due {
        out.push_str(&format!(
            "{}  {:<8} {:<11} due {}  → {}\n",
            a.tracking,
            a.limit,
            a.level,
            a.due,
            a.to.join("; ")
        ));
    }
    Ok(out)
}

/// A moment given on the command line as `flag`: RFC 3339, or a local Asia/Shanghai time.
fn parse_moment(flag: &str, s: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
    .and_then(|t| chrono_tz::Asia::Shanghai.from_local_datetime(&t).earliest())
    .map(|t| t.with_timezone(&chrono::Utc))
    .ok_or_else(|| {
        anyhow::anyhow!(
            "{flag} {s:?} is not a moment: use RFC 3339, e.g. 2026-02-13T10:00:00+08:00"
        )
    })
}

/// A due moment as `calendar due` prints it: `2026-03-02 17:30` in Asia/Shanghai, and why it
/// may still move when it is provisional.
pub fn due_text(due: &crate::domain::Due, missing: &[i32]) -> String {
    let at = due
        .at
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    if !due.provisional {
        return at;
    }
    let years: Vec<String> = missing.iter().map(|y| y.to_string()).collect();
    format!(
        "{at} (provisional: no notice for {} yet — 暂按法定节假日计算)",
        years.join(", ")
    )
}

/// A month as `calendar show` prints it: a grid marking each day, then the holidays and the
/// make-up days by name.
pub fn month_text(cal: &crate::domain::Calendar, year: i32, month: u32) -> String {
    use crate::domain::DayKind;
    use chrono::Datelike;
    let Some(days) = cal.month(year, month) else {
        return String::new();
    };
    let mut out = match cal.notice(year) {
        Some(n) => {
            let paper = n
                .papers
                .first()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            format!("{year}-{month:02} on the {year} notice{paper}\n")
        }
        None => format!(
            "{year}-{month:02} provisional: no {year} notice yet, statutory holidays only \
             (暂按法定节假日计算)\n"
        ),
    };
    let provisional: Vec<u32> = days
        .iter()
        .filter(|d| d.provisional)
        .map(|d| d.date.day())
        .collect();
    if let (Some(_), Some(first), Some(last)) =
        (cal.notice(year), provisional.first(), provisional.last())
    {
        out.push_str(&format!(
            "{first}–{last} provisional: no {} notice yet, which may move days around New \
             Year's Day\n",
            year + 1
        ));
    }
    out.push_str(" Mo  Tu  We  Th  Fr  Sa  Su\n");
    let mut line = "    ".repeat(days[0].date.weekday().num_days_from_monday() as usize);
    for d in &days {
        let mark = match d.kind {
            DayKind::Weekday => ' ',
            DayKind::MakeUp(_) => '+',
            DayKind::Holiday(_) => '*',
            DayKind::Weekend => '.',
        };
        line.push_str(&format!("{:>3}{mark}", d.date.day()));
        if d.date.weekday() == chrono::Weekday::Sun {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clear();
        }
    }
    if !line.is_empty() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let working = days.iter().filter(|d| d.is_working()).count();
    out.push_str(&format!(
        "{working} working days (+ make-up working day, * holiday, . weekend)\n"
    ));
    // Holidays as runs of consecutive days with one name: "15–23 春节".
    let mut runs: Vec<(u32, u32, &str)> = Vec::new();
    for d in &days {
        if let DayKind::Holiday(name) = d.kind {
            let day = d.date.day();
            match runs.last_mut() {
                Some((_, last, n)) if *n == name && *last + 1 == day => *last = day,
                _ => runs.push((day, day, name)),
            }
        }
    }
    if !runs.is_empty() {
        let runs: Vec<String> = runs
            .iter()
            .map(|(a, b, name)| match a == b {
                true => format!("{a} {name}"),
                false => format!("{a}–{b} {name}"),
            })
            .collect();
        out.push_str(&format!("holidays: {}\n", runs.join(", ")));
    }
    let make_up: Vec<String> = days
        .iter()
        .filter_map(|d| match d.kind {
            DayKind::MakeUp(name) => Some(format!("{} {} {name}", d.date.day(), d.date.weekday())),
            _ => None,
        })
        .collect();
    if !make_up.is_empty() {
        out.push_str(&format!("make-up working days: {}\n", make_up.join(", ")));
    }
    out
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
