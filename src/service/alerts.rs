//! What the deadline watcher tells whom: a warning to the department's group and the assignee
//! when 80% of a limit is used or a working day is left; on the day it passes, a chase (催办)
//! to the department's leads and the supervisors; five working days later, still open, a
//! report (通报) to the leadership. Each once per complaint, limit, level and due moment — the
//! notices' dedupe keys say so, whichever instance or restart produces them.

use super::cards::{CardExtras, GROUP_LANG};
use super::{Button, Callback, Reply, Service, ServiceError};
use crate::classifier::{LEADERSHIP, SUPERVISORS};
use crate::domain::calendar::Calendar;
use crate::domain::deadlines::{alerts, next_alert, Alert, Level};
use crate::i18n::{msg, Arg, Lang};
use crate::storage::{ComplaintRow, NewNotice, NoticeKind, QueueOnly, QueueQuery};

impl Service {
    /// The alerts due by `now` for `row`, as notices, and when the watcher must look again.
    pub async fn alert_notices(
        &self,
        row: &ComplaintRow,
        cal: &Calendar,
        now: i64,
    ) -> Result<(Vec<Alert>, Vec<NewNotice>, Option<i64>), ServiceError> {
        let facts = row.facts();
        let due: Vec<Alert> = alerts(&facts, &facts.deadlines, cal)
            .into_iter()
            .filter(|a| a.at <= now)
            .collect();
        let next = next_alert(&facts, &facts.deadlines, cal, now);
        let mut out = Vec::new();
        for alert in &due {
            out.extend(self.alert_notice(row, alert, cal, now).await?);
        }
        // The card shows the limit's new standing (🟡, 🔴), where the complaint is handled.
        if let (Some(last), Some(handler)) = (due.last(), row.handler.as_deref()) {
            if let Some(chat) = self.db.department_chat(handler).await? {
                let extras: CardExtras = self.card_extras(row).await?;
                let card = self.card(GROUP_LANG, row, &extras, cal, now);
                out.push(NewNotice {
                    kind: NoticeKind::Card,
                    complaint_id: Some(row.id),
                    buttons: card.buttons_json(),
                    ..NewNotice::text(chat, card.html, Some(format!("{}:card", key(row, last))))
                });
            }
        }
        Ok((due, out, next))
    }

    async fn alert_notice(
        &self,
        row: &ComplaintRow,
        alert: &Alert,
        cal: &Calendar,
        now: i64,
    ) -> Result<Vec<NewNotice>, ServiceError> {
        let handler = row.handler.as_deref().unwrap_or(SUPERVISORS);
        let text = |lang: Lang| {
            let id = match alert.level {
                Level::Warning => msg::ALERT_WARNING,
                Level::Chase => msg::ALERT_CHASE,
                Level::Escalation => msg::ALERT_ESCALATION,
            };
            let left = cal.working_ms_between(
                chrono::DateTime::from_timestamp_millis(now).unwrap_or_default(),
                chrono::DateTime::from_timestamp_millis(alert.due).unwrap_or_default(),
            );
            self.i18n.t(
                lang,
                id,
                &[
                    ("tracking", Arg::from(row.tracking_no.as_str())),
                    ("limit", Arg::from(alert.limit.code())),
                    ("due", Arg::from(self.due_text(lang, alert.due))),
                    ("left", Arg::from(self.left_text(lang, left))),
                    ("department", Arg::from(self.department_name(lang, handler))),
                ],
            )
        };
        let key = key(row, alert);
        let mut out = Vec::new();
        let mut to = |chat: i64, lang: Lang, who: &str| {
            out.push(NewNotice::text(
                chat,
                text(lang),
                Some(format!("{key}:{who}:{chat}")),
            ));
        };
        match alert.level {
            Level::Warning => {
                if let Some(chat) = self.db.department_chat(handler).await? {
                    to(chat, GROUP_LANG, "group");
                }
                if let Some(user) = row.assignee {
                    let lang = self.lang_of(user).await?;
                    to(user, lang, "assignee");
                }
            }
            Level::Chase => {
                for lead in self.db.leads(handler).await? {
                    let lang = lead
                        .lang
                        .as_deref()
                        .and_then(Lang::from_code)
                        .unwrap_or_default();
                    to(lead.id, lang, "lead");
                }
                if let Some(chat) = self.db.department_chat(SUPERVISORS).await? {
                    to(chat, GROUP_LANG, "supervisors");
                }
            }
            Level::Escalation => {
                if let Some(chat) = self.db.department_chat(LEADERSHIP).await? {
                    to(chat, GROUP_LANG, "leadership");
                }
            }
        }
        Ok(out)
    }

    async fn lang_of(&self, user: i64) -> Result<Lang, ServiceError> {
        Ok(self
            .db
            .user(user)
            .await?
            .and_then(|u| u.lang)
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default())
    }
}

/// The dedupe key of an alert: once per complaint, limit, level and due moment (an extension
/// or a paused clock moves the due moment, and the new limit is watched afresh).
fn key(row: &ComplaintRow, alert: &Alert) -> String {
    format!(
        "alert:{}:{}:{}:{}",
        row.id,
        alert.limit.code(),
        alert.level.code(),
        alert.due
    )
}

impl Service {
    /// The morning digest of every department's group: due today, overdue, waiting for the
    /// complainant, unassigned — one message each, once a day, with a button per complaint.
    /// A group with nothing to report gets nothing.
    pub async fn send_digests(
        &self,
        today: chrono::NaiveDate,
        cal: &Calendar,
    ) -> Result<(), ServiceError> {
        let now = self.now_ms();
        let end_of_today = crate::domain::calendar::closes_at(today).timestamp_millis();
        for department in self.db.departments().await? {
            let Some(chat) = department.chat_id else {
                continue;
            };
            if department.code == LEADERSHIP {
                continue;
            }
            let query = QueueQuery {
                handler: Some(department.code.clone()),
                with_undispatched: department.code == SUPERVISORS,
                only: QueueOnly::Open,
                limit: DIGEST_ROWS,
                offset: 0,
            };
            let rows = self.db.queue(&query).await?;
            let overdue: Vec<&ComplaintRow> = rows
                .iter()
                .filter(|r| r.urgent_at.is_some_and(|u| u < now))
                .collect();
            let today_due: Vec<&ComplaintRow> = rows
                .iter()
                .filter(|r| r.urgent_at.is_some_and(|u| u >= now && u <= end_of_today))
                .collect();
            let waiting: Vec<&ComplaintRow> = rows
                .iter()
                .filter(|r| r.status == crate::domain::Status::AwaitingInfo)
                .collect();
            let unassigned: Vec<&ComplaintRow> =
                rows.iter().filter(|r| r.assignee.is_none()).collect();
            if overdue.is_empty()
                && today_due.is_empty()
                && waiting.is_empty()
                && unassigned.is_empty()
            {
                continue;
            }
            let lang = GROUP_LANG;
            let mut html = self.i18n.t(
                lang,
                msg::DIGEST_HEADER,
                &[
                    ("department", Arg::from(department.name_zh.as_str())),
                    ("date", Arg::from(self.due_text(lang, now))),
                ],
            );
            let mut shown: Vec<&ComplaintRow> = Vec::new();
            for (id, list) in [
                (msg::DIGEST_OVERDUE, &overdue),
                (msg::DIGEST_TODAY, &today_due),
                (msg::DIGEST_WAITING, &waiting),
                (msg::DIGEST_UNASSIGNED, &unassigned),
            ] {
                if list.is_empty() {
                    continue;
                }
                html.push_str("\n\n");
                html.push_str(&self.i18n.t(lang, id, &[("count", Arg::from(list.len()))]));
                for r in list.iter() {
                    html.push('\n');
                    html.push_str(&self.queue_line(lang, r, cal, now));
                    if !shown.iter().any(|s| s.id == r.id) {
                        shown.push(r);
                    }
                }
            }
            let buttons: Vec<Vec<Button>> = shown
                .iter()
                .take(DIGEST_BUTTONS)
                .map(|r| Button {
                    label: r.tracking_no.clone(),
                    callback: Callback::Open(r.id),
                })
                .collect::<Vec<_>>()
                .chunks(2)
                .map(<[Button]>::to_vec)
                .collect();
            let reply = Reply::with_buttons(html, buttons);
            let notice = NewNotice {
                buttons: reply.buttons_json(),
                ..NewNotice::text(
                    chat,
                    reply.html,
                    Some(format!("digest:{}:{today}", department.code)),
                )
            };
            self.db.enqueue_notices(&[notice], now).await?;
        }
        self.wake.notify_one();
        Ok(())
    }
}

/// Complaints a digest looks at, and buttons it carries, at most.
const DIGEST_ROWS: i64 = 200;
const DIGEST_BUTTONS: usize = 40;

/// An alert the watcher would send, as an operator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAlert {
    pub tracking: String,
    pub limit: &'static str,
    pub level: &'static str,
    /// The limit's end, Asia/Shanghai.
    pub due: String,
    /// Where it goes: chats and people.
    pub to: Vec<String>,
}

impl Service {
    /// What the watcher would send at `at` that was not sent before, without sending it.
    pub async fn alerts_at(&self, at: i64) -> Result<Vec<PlannedAlert>, ServiceError> {
        let cal = self.calendar().await?;
        let mut out = Vec::new();
        for row in self.db.alerts_due(at, 10_000).await? {
            let (alerts, notices, _) = self.alert_notices(&row, &cal, at).await?;
            for alert in alerts {
                let stem = key(&row, &alert);
                let mut to = Vec::new();
                for n in notices.iter().filter(|n| n.kind == NoticeKind::Text) {
                    let Some(k) = &n.dedupe_key else { continue };
                    if !k.starts_with(&format!("{stem}:")) || self.db.notice_exists(k).await? {
                        continue;
                    }
                    to.push(self.chat_label(n.chat_id).await?);
                }
                if !to.is_empty() {
                    out.push(PlannedAlert {
                        tracking: row.tracking_no.clone(),
                        limit: alert.limit.code(),
                        level: alert.level.code(),
                        due: chrono::DateTime::from_timestamp_millis(alert.due)
                            .unwrap_or_default()
                            .with_timezone(&chrono_tz::Asia::Shanghai)
                            .format("%Y-%m-%d %H:%M")
                            .to_string(),
                        to,
                    });
                }
            }
        }
        Ok(out)
    }

    /// A chat as an operator recognises it: the department whose group it is, or the person.
    async fn chat_label(&self, chat: i64) -> Result<String, ServiceError> {
        if let Some(code) = self.db.department_of_chat(chat).await? {
            return Ok(format!(
                "{} group ({chat})",
                self.department_name(Lang::Zh, &code)
            ));
        }
        Ok(match self.db.user(chat).await? {
            Some(u) if !u.display_name.is_empty() => format!("{} ({chat})", u.display_name),
            _ => format!("user {chat}"),
        })
    }
}
