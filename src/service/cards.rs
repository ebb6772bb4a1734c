//! How a complaint looks to staff: its card (one per chat, edited in place as the complaint
//! moves, with only the buttons its state allows), the queue, the full case, and the notices a
//! change sends — to the department's chat, the complainant, the assignee and the supervisors.
//! Anonymous complaints carry no identity anywhere here.

use super::callback::{CardAction, QueueFilter};
use super::views::{excerpt, local_time};
use super::{Button, Callback, Reply, Service};
use crate::classifier::SUPERVISORS;
use crate::domain::calendar::{Calendar, OFFICE_DAY_MS};
use crate::domain::deadlines::{self, Standing};
use crate::domain::{Action, EventKind, Facts, Rating, Status};
use crate::i18n::{category_msg, msg, status_msg, Arg, Lang};
use crate::storage::{ComplaintRow, EventRow, NewNotice, NoticeKind};

/// How much of the complaint a card quotes.
const CARD_QUOTE: usize = 200;
/// Department groups work in Chinese.
pub const GROUP_LANG: Lang = Lang::Zh;

/// What a card shows beyond the complaint's own row.
#[derive(Debug, Clone, Default)]
pub struct CardExtras {
    pub assignee: Option<String>,
    /// Texts and files the complainant added after filing.
    pub additions: i64,
    pub files: i64,
}

impl ComplaintRow {
    /// The row as it is after a change with these facts.
    pub fn with_facts(&self, f: &Facts) -> ComplaintRow {
        ComplaintRow {
            status: f.status,
            department: f.department.clone(),
            handler: f.handler.clone(),
            assignee: f.assignee,
            reopened_before: f.reopened_before,
            extension_pending: f.extension_pending,
            extension_granted: f.extension_granted,
            dispatched_at: f.dispatched_at,
            accepted_at: f.accepted_at,
            paused_at: f.paused_at,
            resolved_at: f.resolved_at,
            returns: f.returns as i32,
            accept_due_at: f.deadlines.accept_due,
            return_until: f.deadlines.return_until,
            resolve_due_at: f.deadlines.resolve_due,
            rating_due_at: f.deadlines.rating_due,
            due_provisional: f.deadlines.provisional,
            due_fresh: f.deadlines.fresh,
            extension_days: f.extension_days.map(|d| d as i32),
            version: self.version + 1,
            ..self.clone()
        }
    }
}

impl Service {
    /// "anonymous", or the name, company and phone the complainant chose to give.
    pub fn contact_line(&self, lang: Lang, anonymous: bool, parts: [&Option<String>; 3]) -> String {
        if anonymous {
            return self.i18n.t(lang, msg::ANONYMOUS_PERSON, &[]);
        }
        let given: Vec<&str> = parts
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if given.is_empty() {
            self.i18n.t(lang, msg::NO_CONTACT, &[])
        } else {
            given.join(" · ")
        }
    }

    /// Who handles a complaint, by name; the supervisors while it waits for dispatch.
    pub fn handler_name_of(&self, lang: Lang, row: &ComplaintRow) -> String {
        self.department_name(lang, row.handler.as_deref().unwrap_or(SUPERVISORS))
    }

    /// What a card shows beyond the row: the assignee's name, additions and files.
    pub async fn card_extras(&self, row: &ComplaintRow) -> Result<CardExtras, super::ServiceError> {
        let assignee = match row.assignee {
            Some(id) => self.db.user(id).await?.map(|u| u.display_name),
            None => None,
        };
        let events = self.db.events_of(row.id).await?;
        let additions = events
            .iter()
            .filter(|e| e.kind == EventKind::AddInfo)
            .count() as i64;
        let files = self.db.attachments_of(row.id).await?.len() as i64;
        Ok(CardExtras {
            assignee,
            additions,
            files,
        })
    }

    /// How much office time `ms` is, as staff read it ("1 个工作日 3 小时").
    pub fn left_text(&self, lang: Lang, ms: i64) -> String {
        let ms = ms.abs();
        let days = ms / OFFICE_DAY_MS;
        let hours = (ms % OFFICE_DAY_MS) / 3_600_000;
        let minutes = (ms % 3_600_000) / 60_000;
        let num = |n: i64| Arg::Num(n);
        if days > 0 && hours == 0 {
            self.i18n.t(lang, msg::LEFT_DAYS, &[("days", num(days))])
        } else if days > 0 {
            self.i18n.t(
                lang,
                msg::LEFT_DAYS_HOURS,
                &[("days", num(days)), ("hours", num(hours))],
            )
        } else if hours > 0 {
            self.i18n.t(lang, msg::LEFT_HOURS, &[("hours", num(hours))])
        } else {
            self.i18n
                .t(lang, msg::LEFT_MINUTES, &[("minutes", num(minutes.max(1)))])
        }
    }

    /// The running limit on a card or a queue line at `now`: its end and the time left, with
    /// 🟢 / 🟡 / 🔴; the stopped clock while the department waits for the complainant.
    pub fn limit_line(
        &self,
        lang: Lang,
        row: &ComplaintRow,
        cal: &Calendar,
        now: i64,
    ) -> Option<String> {
        let facts = row.facts();
        if row.status == Status::AwaitingInfo {
            return Some(self.i18n.t(lang, msg::CARD_PAUSED, &[]));
        }
        let (limit, standing, left) = deadlines::standing(&facts, &facts.deadlines, cal, now)?;
        let (_, _, due) = deadlines::running(&facts, &facts.deadlines)?;
        let standing = match standing {
            Standing::InTime => "in_time",
            Standing::Warned => "warned",
            Standing::Overdue => "overdue",
        };
        Some(self.i18n.t(
            lang,
            msg::CARD_LIMIT,
            &[
                ("limit", Arg::from(limit.code())),
                ("due", Arg::from(self.due_text(lang, due))),
                ("standing", Arg::from(standing)),
                ("left", Arg::from(self.left_text(lang, left))),
            ],
        ))
    }

    /// A complaint's card at `now`: its text and, for staff, the buttons its state allows.
    pub fn card(
        &self,
        lang: Lang,
        row: &ComplaintRow,
        extras: &CardExtras,
        cal: &Calendar,
        now: i64,
    ) -> Reply {
        let t = |id: &str, args: &[(&str, Arg)]| self.i18n.t(lang, id, args);
        let who = self.contact_line(
            lang,
            row.anonymous,
            [&row.contact_name, &row.company, &row.phone],
        );
        let assignee = extras
            .assignee
            .clone()
            .unwrap_or_else(|| t(msg::NOBODY, &[]));
        let mut html = t(
            msg::CARD,
            &[
                ("tracking", Arg::from(row.tracking_no.as_str())),
                ("category", Arg::from(t(category_msg(row.category), &[]))),
                ("status", Arg::from(t(status_msg(row.status), &[]))),
                ("handler", Arg::from(self.handler_name_of(lang, row))),
                ("assignee", Arg::from(assignee)),
                ("who", Arg::from(who)),
                ("date", Arg::from(local_time(row.created_at))),
                ("text", Arg::from(excerpt(&row.text, CARD_QUOTE))),
            ],
        );
        let mut marks = Vec::new();
        if extras.additions > 0 {
            marks.push(t(
                msg::CARD_ADDITIONS,
                &[("count", Arg::Num(extras.additions))],
            ));
        }
        if extras.files > 0 {
            marks.push(t(msg::CARD_FILES, &[("count", Arg::Num(extras.files))]));
        }
        if row.returns > 0 {
            marks.push(t(
                msg::CARD_RETURNS,
                &[("count", Arg::Num(row.returns as i64))],
            ));
        }
        if row.conflict_of_interest {
            marks.push(t(msg::CARD_CONFLICT, &[]));
        }
        if row.reopened_before && row.status.is_open() {
            marks.push(t(msg::CARD_REOPENED, &[]));
        }
        if !marks.is_empty() {
            html.push('\n');
            html.push_str(&marks.join(" · "));
        }
        if let Some(limit) = self.limit_line(lang, row, cal, now) {
            html.push('\n');
            html.push_str(&limit);
        }
        Reply::with_buttons(html, self.card_buttons(lang, row))
    }

    /// The first card of a complaint just filed, for the handler's chat (the chat is filled in
    /// by storage, which looks it up in the filing's transaction).
    pub fn new_card(&self, row: &ComplaintRow, files: usize, cal: &Calendar) -> NewNotice {
        let extras = CardExtras {
            files: files as i64,
            ..CardExtras::default()
        };
        let card = self.card(GROUP_LANG, row, &extras, cal, row.created_at);
        NewNotice {
            kind: NoticeKind::Card,
            complaint_id: Some(row.id),
            buttons: card.buttons_json(),
            ..NewNotice::text(0, card.html, Some(format!("card:{}:0", row.id)))
        }
    }

    /// Only what the state allows; anyone pressing is checked again when it is done.
    fn card_buttons(&self, lang: Lang, row: &ComplaintRow) -> Vec<Vec<Button>> {
        use CardAction::*;
        let b = |id: &str, a: CardAction| Button {
            label: self.i18n.t(lang, id, &[]),
            callback: Callback::Card(a),
        };
        let details = b(msg::BTN_DETAILS, Details);
        if row.handler.is_none() && row.status.is_open() {
            return vec![vec![b(msg::BTN_DISPATCH, Dispatch), details]];
        }
        match row.status {
            Status::Submitted | Status::Reopened if row.accepted_at.is_none() => vec![
                vec![b(msg::BTN_ACCEPT, Accept), b(msg::BTN_RETURN, Return)],
                vec![b(msg::BTN_TRANSFER, Transfer), b(msg::BTN_ASSIGN, Assign)],
                vec![b(msg::BTN_REJECT, Reject), details],
            ],
            Status::Accepted | Status::Reopened => {
                let mut rows = vec![
                    vec![b(msg::BTN_RESOLVE, Resolve), b(msg::BTN_ASK_INFO, AskInfo)],
                    vec![b(msg::BTN_NOTE, Note), b(msg::BTN_ASSIGN, Assign)],
                    vec![b(msg::BTN_TRANSFER, Transfer), b(msg::BTN_REJECT, Reject)],
                ];
                if !row.extension_pending && !row.extension_granted {
                    rows.push(vec![b(msg::BTN_EXTEND, Extend), details]);
                } else {
                    rows.push(vec![details]);
                }
                rows
            }
            Status::AwaitingInfo => vec![
                vec![b(msg::BTN_RESOLVE, Resolve), b(msg::BTN_NOTE, Note)],
                vec![b(msg::BTN_TRANSFER, Transfer), details],
            ],
            _ => vec![vec![details]],
        }
    }

    /// The notices of a change: the card in the handler's chat (and in the chat of the handler
    /// it leaves), what the complainant is told, who was assigned, what the supervisors must
    /// know. All are written in the transaction of the change.
    pub async fn change_notices(
        &self,
        before: &ComplaintRow,
        after: &Facts,
        action: &Action,
        cal: &Calendar,
    ) -> Result<Vec<NewNotice>, super::ServiceError> {
        let row = before.with_facts(after);
        let now = self.now_ms();
        let version = row.version;
        let mut extras = self.card_extras(before).await?;
        if let Action::AddInfo { files, .. } = action {
            extras.additions += 1;
            extras.files += i64::from(*files);
        }
        if let Action::Assign { user_id } = action {
            extras.assignee = self.db.user(*user_id).await?.map(|u| u.display_name);
        }
        let mut out = Vec::new();
        let card = |chat_id: i64, lang: Lang, with_buttons: bool| {
            let mut c = self.card(lang, &row, &extras, cal, now);
            if !with_buttons {
                c.buttons.clear();
            }
            NewNotice {
                kind: NoticeKind::Card,
                complaint_id: Some(row.id),
                buttons: c.buttons_json(),
                ..NewNotice::text(
                    chat_id,
                    c.html,
                    Some(format!("card:{}:{version}:{chat_id}", row.id)),
                )
            }
        };
        // The card where the complaint is handled now (the supervisors while it waits for
        // dispatch), and where it was handled before, without buttons there.
        let now_at = row.handler.as_deref().unwrap_or(SUPERVISORS);
        if let Some(chat) = self.db.department_chat(now_at).await? {
            out.push(card(chat, GROUP_LANG, true));
        }
        let was_at = before.handler.as_deref().unwrap_or(SUPERVISORS);
        if was_at != now_at {
            if let Some(chat) = self.db.department_chat(was_at).await? {
                out.push(card(chat, GROUP_LANG, false));
            }
        }
        // The assignee's own copy of the card, in their private chat.
        if let (Action::Assign { user_id }, Some(person)) = (
            action,
            self.db.user(after.assignee.unwrap_or_default()).await?,
        ) {
            let lang = person
                .lang
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or_default();
            let note = self.i18n.t(
                lang,
                msg::NOTICE_ASSIGNED,
                &[("tracking", Arg::from(row.tracking_no.as_str()))],
            );
            out.push(NewNotice::text(
                *user_id,
                note,
                Some(format!("assigned:{}:{version}", row.id)),
            ));
            out.push(card(*user_id, lang, true));
        }
        // What the complainant added, under the card where the complaint is handled.
        if let (Action::AddInfo { text, files }, Some(chat)) =
            (action, self.db.department_chat(now_at).await?)
        {
            let html = self.i18n.t(
                GROUP_LANG,
                if text.trim().is_empty() {
                    msg::NOTICE_ADDED_FILES
                } else {
                    msg::NOTICE_ADDED
                },
                &[
                    ("tracking", Arg::from(row.tracking_no.as_str())),
                    ("text", Arg::from(excerpt(text, 500))),
                    ("files", Arg::Num(i64::from(*files))),
                ],
            );
            out.push(NewNotice::text(
                chat,
                html,
                Some(format!("added:{}:{version}", row.id)),
            ));
        }
        if let Some(notice) = self.complainant_notice(&row, action) {
            out.push(notice);
        }
        out.extend(self.extension_notices(before, &row, action).await?);
        out.extend(self.supervisor_notices(before, &row, action).await?);
        Ok(out)
    }

    /// 延期: the request goes to the supervisors with approve / refuse; the decision goes back
    /// to the department's group.
    async fn extension_notices(
        &self,
        before: &ComplaintRow,
        row: &ComplaintRow,
        action: &Action,
    ) -> Result<Vec<NewNotice>, super::ServiceError> {
        let lang = GROUP_LANG;
        let key = |what: &str| Some(format!("{what}:{}:{}", row.id, row.version));
        let due = |ms: Option<i64>| ms.map(|m| self.due_text(lang, m)).unwrap_or_default();
        let args = |extra: Vec<(&'static str, Arg)>| {
            let mut a = vec![
                ("tracking", Arg::from(row.tracking_no.as_str())),
                ("department", Arg::from(self.handler_name_of(lang, row))),
                ("due", Arg::from(due(before.resolve_due_at))),
                ("new_due", Arg::from(due(row.resolve_due_at))),
            ];
            a.extend(extra);
            a
        };
        let mut out = Vec::new();
        match action {
            Action::RequestExtension { days, reason } => {
                if let Some(chat) = self.db.department_chat(SUPERVISORS).await? {
                    let html = self.i18n.t(
                        lang,
                        msg::EXTENSION_ASKED,
                        &args(vec![
                            ("days", Arg::from(*days)),
                            ("reason", Arg::from(reason.as_str())),
                        ]),
                    );
                    let decide = |id: &str, approve| Button {
                        label: self.i18n.t(lang, id, &[]),
                        callback: Callback::Decide {
                            complaint: row.id,
                            approve,
                        },
                    };
                    let reply = Reply::with_buttons(
                        html,
                        vec![vec![
                            decide(msg::BTN_APPROVE, true),
                            decide(msg::BTN_REFUSE, false),
                        ]],
                    );
                    out.push(NewNotice {
                        buttons: reply.buttons_json(),
                        ..NewNotice::text(chat, reply.html, key("extension-asked"))
                    });
                }
            }
            Action::DecideExtension { approve } => {
                let handler = row.handler.as_deref().unwrap_or(SUPERVISORS);
                if let Some(chat) = self.db.department_chat(handler).await? {
                    let id = if *approve {
                        msg::EXTENSION_APPROVED
                    } else {
                        msg::EXTENSION_REFUSED
                    };
                    out.push(NewNotice::text(
                        chat,
                        self.i18n.t(lang, id, &args(Vec::new())),
                        key("extension-decided"),
                    ));
                }
            }
            _ => {}
        }
        Ok(out)
    }

    /// What the complainant hears of a change by the department, signed by the department
    /// (never by a clerk's name), in the complainant's language.
    fn complainant_notice(&self, row: &ComplaintRow, action: &Action) -> Option<NewNotice> {
        let lang = Lang::from_code(&row.lang).unwrap_or_default();
        let t = |id: &str, args: &[(&str, Arg)]| self.i18n.t(lang, id, args);
        let department = self.handler_name_of(lang, row);
        let tracking = Arg::from(row.tracking_no.as_str());
        let base = [
            ("tracking", tracking.clone()),
            ("department", Arg::from(department.clone())),
        ];
        let with = |k: &'static str, v: &str| {
            let mut a = base.to_vec();
            a.push((k, Arg::from(v)));
            a
        };
        let (html, buttons) = match action {
            Action::Accept => (t(msg::TELL_ACCEPTED, &base), Vec::new()),
            Action::RequestInfo { question } => (
                t(msg::TELL_INFO_REQUESTED, &with("question", question)),
                Vec::new(),
            ),
            Action::Transfer { .. } | Action::Dispatch { .. } => {
                (t(msg::TELL_TRANSFERRED, &base), Vec::new())
            }
            Action::Resolve { reply } => {
                let rate = |id: &str, rating| Button {
                    label: t(id, &[]),
                    callback: Callback::Rate {
                        complaint: row.id,
                        rating,
                    },
                };
                (
                    t(msg::TELL_RESOLVED, &with("reply", reply)),
                    vec![
                        vec![rate(msg::BTN_RATE_SATISFIED, Rating::Satisfied)],
                        vec![rate(msg::BTN_RATE_BASICALLY, Rating::BasicallySatisfied)],
                        vec![rate(msg::BTN_RATE_NOT, Rating::NotSatisfied)],
                    ],
                )
            }
            Action::Reject { reason } => {
                (t(msg::TELL_REJECTED, &with("reason", reason)), Vec::new())
            }
            Action::AutoClose => (t(msg::TELL_AUTO_CLOSED, &base), Vec::new()),
            Action::DecideExtension { approve: true } => {
                let due = row
                    .resolve_due_at
                    .map(|d| self.due_text(lang, d))
                    .unwrap_or_default();
                (t(msg::TELL_EXTENDED, &with("due", &due)), Vec::new())
            }
            _ => return None,
        };
        let reply = Reply::with_buttons(html, buttons);
        Some(NewNotice {
            buttons: reply.buttons_json(),
            ..NewNotice::text(
                row.user_id,
                reply.html,
                Some(format!("tell:{}:{}", row.id, row.version)),
            )
        })
    }

    /// The supervisors hear of a complaint sent back for the second time (ping-pong), of a
    /// reopened one (重办), and of one still rated "not satisfied" after it.
    async fn supervisor_notices(
        &self,
        before: &ComplaintRow,
        row: &ComplaintRow,
        action: &Action,
    ) -> Result<Vec<NewNotice>, super::ServiceError> {
        let Some(chat) = self.db.department_chat(SUPERVISORS).await? else {
            return Ok(Vec::new());
        };
        let t = |id: &str| {
            self.i18n.t(
                GROUP_LANG,
                id,
                &[
                    ("tracking", Arg::from(row.tracking_no.as_str())),
                    ("count", Arg::Num(row.returns as i64)),
                    (
                        "department",
                        Arg::from(self.handler_name_of(GROUP_LANG, row)),
                    ),
                ],
            )
        };
        let mut out = Vec::new();
        let key = |what: &str| Some(format!("{what}:{}:{}", row.id, row.version));
        if row.returns >= 2 && row.returns > before.returns {
            out.push(NewNotice::text(
                chat,
                t(msg::SUPERVISORS_PING_PONG),
                key("pingpong"),
            ));
        }
        if row.status == Status::Reopened && before.status == Status::Resolved {
            out.push(NewNotice::text(
                chat,
                t(msg::SUPERVISORS_REOPENED),
                key("reopened"),
            ));
        }
        if matches!(
            action,
            Action::Rate {
                rating: Rating::NotSatisfied
            }
        ) && before.reopened_before
        {
            out.push(NewNotice::text(
                chat,
                t(msg::SUPERVISORS_STILL_UNSATISFIED),
                key("unsatisfied"),
            ));
        }
        Ok(out)
    }

    /// Telegram says the bot cannot reach a group any more: the supervisors are told which
    /// department's chat it was (unless it was their own), so that someone binds a new one.
    pub async fn group_unreachable(&self, chat_id: i64) -> Result<(), super::ServiceError> {
        let Some(department) = self.db.department_of_chat(chat_id).await? else {
            return Ok(());
        };
        let Some(supervisors) = self.db.department_chat(SUPERVISORS).await? else {
            return Ok(());
        };
        if supervisors == chat_id {
            tracing::error!(chat = chat_id, "the supervisors' chat cannot be reached");
            return Ok(());
        }
        let html = self.i18n.t(
            GROUP_LANG,
            msg::SUPERVISORS_GROUP_LOST,
            &[
                (
                    "department",
                    Arg::from(self.department_name(GROUP_LANG, &department)),
                ),
                ("code", Arg::from(department.as_str())),
            ],
        );
        let day = self.clock.today_local();
        let key = format!("lost:{chat_id}:{day}");
        self.db
            .enqueue_notices(
                &[NewNotice::text(supervisors, html, Some(key))],
                self.now_ms(),
            )
            .await?;
        Ok(())
    }

    /// One line of a queue, with its running limit.
    pub fn queue_line(&self, lang: Lang, row: &ComplaintRow, cal: &Calendar, now: i64) -> String {
        let line = self.i18n.t(
            lang,
            msg::QUEUE_LINE,
            &[
                ("tracking", Arg::from(row.tracking_no.as_str())),
                (
                    "status",
                    Arg::from(self.i18n.t(lang, status_msg(row.status), &[])),
                ),
                ("handler", Arg::from(self.handler_name_of(lang, row))),
                (
                    "date",
                    Arg::from(local_time(row.dispatched_at.unwrap_or(row.created_at))),
                ),
                ("text", Arg::from(excerpt(&row.text.replace('\n', " "), 30))),
            ],
        );
        match self.limit_line(lang, row, cal, now) {
            Some(limit) => format!("{line}\n   {limit}"),
            None => line,
        }
    }

    /// The complaint in full for staff: text, contact (unless anonymous), files, and the whole
    /// history with who did what, when and why.
    pub fn case_view(
        &self,
        lang: Lang,
        row: &ComplaintRow,
        events: &[EventRow],
        names: &dyn Fn(Option<i64>, &str) -> String,
        kinds: &dyn Fn(EventKind) -> String,
        files: usize,
    ) -> Reply {
        let t = |id: &str, args: &[(&str, Arg)]| self.i18n.t(lang, id, args);
        let who = self.contact_line(
            lang,
            row.anonymous,
            [&row.contact_name, &row.company, &row.phone],
        );
        let mut html = t(
            msg::CASE,
            &[
                ("tracking", Arg::from(row.tracking_no.as_str())),
                ("category", Arg::from(t(category_msg(row.category), &[]))),
                ("status", Arg::from(t(status_msg(row.status), &[]))),
                ("handler", Arg::from(self.handler_name_of(lang, row))),
                ("who", Arg::from(who)),
                ("date", Arg::from(local_time(row.created_at))),
                ("files", Arg::from(files)),
                ("text", Arg::from(row.text.as_str())),
            ],
        );
        for e in events {
            let detail: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
            let said = ["reason", "reply", "question", "text", "department"]
                .iter()
                .filter_map(|k| detail.get(*k).and_then(|v| v.as_str()))
                .filter(|s| !s.trim().is_empty())
                .map(|s| excerpt(s, 200))
                .collect::<Vec<_>>()
                .join(" / ");
            html.push('\n');
            html.push_str(&t(
                if said.is_empty() {
                    msg::CASE_EVENT
                } else {
                    msg::CASE_EVENT_SAID
                },
                &[
                    ("at", Arg::from(local_time(e.at))),
                    ("who", Arg::from(names(e.actor_id, &e.actor_kind))),
                    ("what", Arg::from(kinds(e.kind))),
                    ("detail", Arg::from(said)),
                ],
            ));
        }
        Reply::text(html)
    }

    /// The filters of /queue, as buttons.
    pub fn queue_filters(&self, lang: Lang) -> Vec<Button> {
        [
            (msg::BTN_QUEUE_ALL, QueueFilter::Open),
            (msg::BTN_QUEUE_MINE, QueueFilter::Mine),
            (msg::BTN_QUEUE_UNASSIGNED, QueueFilter::Unassigned),
            (msg::BTN_QUEUE_WAITING, QueueFilter::Waiting),
        ]
        .into_iter()
        .map(|(id, filter)| Button {
            label: self.i18n.t(lang, id, &[]),
            callback: Callback::Queue { filter, page: 0 },
        })
        .collect()
    }
}
