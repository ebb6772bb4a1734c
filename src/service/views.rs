//! How the service's answers look: messages from the locales, with their buttons.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Shanghai;

use super::dialogue::{Draft, Turn};
use super::{Button, Callback, Reply, Service};
use crate::classifier::{OutOfScope, LEADERSHIP};
use crate::domain::{Category, Status};
use crate::i18n::{category_msg, msg, status_msg, Arg, Lang};
use crate::storage::{ComplaintRow, EventRow};

/// How many characters of the complaint the status card quotes.
const QUOTE_CHARS: usize = 300;

/// Local date and time in Asia/Shanghai, as people in the district read it.
pub fn local_time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

impl Service {
    /// A due moment as people read it: "2026年2月24日 17:30", "24 Feb 2026 17:30".
    pub fn due_text(&self, lang: Lang, ms: i64) -> String {
        use chrono::Datelike;
        let local = DateTime::<Utc>::from_timestamp_millis(ms)
            .unwrap_or_default()
            .with_timezone(&Shanghai);
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        self.i18n.t(
            lang,
            msg::DUE_DATE,
            &[
                ("year", Arg::from(local.year().to_string())),
                ("month", Arg::Num(i64::from(local.month()))),
                ("day", Arg::Num(i64::from(local.day()))),
                ("month_name", Arg::from(MONTHS[local.month0() as usize])),
                ("time", Arg::from(local.format("%H:%M").to_string())),
            ],
        )
    }

    /// A department's name in `lang`, or its code if the rules do not know it.
    pub fn department_name(&self, lang: Lang, code: &str) -> String {
        if code == LEADERSHIP {
            return self.i18n.t(lang, msg::HANDLER_LEADERSHIP, &[]);
        }
        match self.classifier.rules().departments.get(code) {
            Some(d) if lang == Lang::En && !d.name_en.is_empty() => d.name_en.clone(),
            Some(d) => d.name_zh.clone(),
            None => code.to_owned(),
        }
    }

    /// Who filed the complaint, as the department sees it: "anonymous", or the name, company
    /// and phone the complainant chose to give.
    pub fn complainant_line(&self, lang: Lang, draft: &Draft) -> String {
        self.contact_line(
            lang,
            draft.anonymous,
            [&draft.contact_name, &draft.company, &draft.phone],
        )
    }
}

/// The first `max` characters of a text, with "…" when it was cut.
pub(super) fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max).collect();
        s.push('…');
        s
    }
}

impl Turn<'_> {
    fn btn(&self, id: &str, callback: Callback) -> Button {
        Button {
            label: self.t(id, &[]),
            callback,
        }
    }

    fn category_name(&self, c: Category) -> String {
        self.t(category_msg(c), &[])
    }

    pub(super) fn language_choice(&self) -> Reply {
        Reply::with_buttons(
            self.t(msg::CHOOSE_LANG, &[]),
            vec![vec![
                Button {
                    label: "中文".into(),
                    callback: Callback::Lang(Lang::Zh),
                },
                Button {
                    label: "English".into(),
                    callback: Callback::Lang(Lang::En),
                },
            ]],
        )
    }

    pub(super) fn proposal(&self, d: &Draft) -> Reply {
        let department = d.department.as_deref().unwrap_or_default();
        let mut html = self.t(
            if d.category == d.proposed {
                msg::PROPOSAL
            } else {
                msg::PROPOSAL_CHOSEN
            },
            &[
                ("category", Arg::from(self.category_name(d.category))),
                (
                    "department",
                    Arg::from(self.svc.department_name(self.lang, department)),
                ),
            ],
        );
        html.push('\n');
        if d.category == d.proposed && !d.matched.is_empty() {
            let separator = self.t(msg::LIST_SEPARATOR, &[]);
            html.push_str(&self.t(
                msg::PROPOSAL_REASON,
                &[("terms", Arg::from(d.matched.join(&separator)))],
            ));
        } else if d.category == d.proposed {
            html.push_str(&self.t(msg::PROPOSAL_NO_REASON, &[]));
        }
        if d.conflict {
            let handler = d.handler.as_deref().unwrap_or_default();
            html.push('\n');
            html.push_str(&self.t(
                msg::PROPOSAL_CONFLICT,
                &[(
                    "handler",
                    Arg::from(self.svc.department_name(self.lang, handler)),
                )],
            ));
        }
        Reply::with_buttons(
            html,
            vec![
                vec![self.btn(msg::BTN_CONFIRM, Callback::Confirm)],
                vec![
                    self.btn(msg::BTN_OTHER_CATEGORY, Callback::OtherCategory),
                    self.btn(msg::BTN_CANCEL, Callback::Cancel),
                ],
            ],
        )
    }

    pub(super) fn out_of_scope_advice(&self, d: &Draft) -> Reply {
        let advice = match d.out_of_scope.unwrap_or(OutOfScope::Consultation) {
            OutOfScope::Greeting => msg::OOS_GREETING,
            OutOfScope::Consultation => msg::OOS_CONSULTATION,
            OutOfScope::Consumer => msg::OOS_CONSUMER,
            OutOfScope::Landlord => msg::OOS_LANDLORD,
            OutOfScope::Wages => msg::OOS_WAGES,
            OutOfScope::PrivateDebt => msg::OOS_PRIVATE_DEBT,
            OutOfScope::Neighbour => msg::OOS_NEIGHBOUR,
            OutOfScope::Spam => msg::OOS_SPAM,
        };
        let html = format!(
            "{}\n\n{}\n\n{}",
            self.t(msg::OUT_OF_SCOPE_INTRO, &[]),
            self.t(advice, &[]),
            self.t(msg::OUT_OF_SCOPE_INSIST, &[])
        );
        Reply::with_buttons(
            html,
            vec![vec![
                self.btn(msg::BTN_FILE_ANYWAY, Callback::FileAnyway),
                self.btn(msg::BTN_CANCEL, Callback::Cancel),
            ]],
        )
    }

    pub(super) fn category_choice(&self, d: &Draft) -> Reply {
        let mut rows: Vec<Vec<Button>> = Category::SEVEN
            .iter()
            .map(|c| {
                let mut label = self.category_name(*c);
                if *c == d.proposed {
                    label.insert_str(0, "✓ ");
                }
                vec![Button {
                    label,
                    callback: Callback::Category(*c),
                }]
            })
            .collect();
        rows.push(vec![self.btn(msg::BTN_CANCEL, Callback::Cancel)]);
        Reply::with_buttons(self.t(msg::CHOOSE_CATEGORY, &[]), rows)
    }

    pub(super) fn ask_anonymity(&self) -> Reply {
        Reply::with_buttons(
            self.t(msg::ASK_ANONYMITY, &[]),
            vec![
                vec![self.btn(msg::BTN_NAMED, Callback::Anonymous(false))],
                vec![self.btn(msg::BTN_ANONYMOUS, Callback::Anonymous(true))],
                vec![self.btn(msg::BTN_CANCEL, Callback::Cancel)],
            ],
        )
    }

    /// Which name the department will see: the one on Telegram, another one typed here, or
    /// none.
    pub(super) fn ask_name(&self) -> Reply {
        let name = self.display_name.trim();
        let mut rows = Vec::new();
        let html = if name.is_empty() {
            self.t(msg::ASK_NAME_TYPE, &[])
        } else {
            rows.push(vec![Button {
                label: self.t(msg::BTN_USE_NAME, &[("name", Arg::from(name))]),
                callback: Callback::UseName,
            }]);
            self.t(msg::ASK_NAME, &[("name", Arg::from(name))])
        };
        rows.push(vec![
            self.btn(msg::BTN_NO_NAME, Callback::Skip),
            self.btn(msg::BTN_CANCEL, Callback::Cancel),
        ]);
        Reply::with_buttons(html, rows)
    }

    /// Anonymous, but the description would identify the person: what was found (mostly
    /// hidden), and whether to mask it.
    pub(super) fn ask_mask(&self, d: &Draft) -> Reply {
        let separator = self.t(msg::LIST_SEPARATOR, &[]);
        let found: Vec<String> = self
            .identifying(d)
            .iter()
            .map(|f| {
                let id = match f.kind {
                    crate::domain::privacy::Kind::Phone => msg::PRIVACY_PHONE,
                    crate::domain::privacy::Kind::IdCard => msg::PRIVACY_ID_CARD,
                    crate::domain::privacy::Kind::Name => msg::PRIVACY_NAME,
                };
                self.t(id, &[("value", Arg::from(f.preview(&d.text)))])
            })
            .collect();
        Reply::with_buttons(
            self.t(
                msg::ASK_MASK,
                &[("found", Arg::Html(found.join(&separator)))],
            ),
            vec![
                vec![self.btn(msg::BTN_MASK, Callback::Mask(true))],
                vec![self.btn(msg::BTN_KEEP_TEXT, Callback::Mask(false))],
                vec![self.btn(msg::BTN_CANCEL, Callback::Cancel)],
            ],
        )
    }

    /// The seven categories with what belongs in each, one a line (for /help).
    pub(super) fn categories_help(&self) -> String {
        Category::SEVEN
            .iter()
            .map(|c| format!("• {}", crate::i18n::escape_html(&self.category_name(*c))))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub(super) fn ask_company(&self, id: &str) -> Reply {
        Reply::with_buttons(
            self.t(
                id,
                &[("max", Arg::from(crate::domain::text::MAX_COMPANY_CHARS))],
            ),
            vec![vec![
                self.btn(msg::BTN_SKIP, Callback::Skip),
                self.btn(msg::BTN_CANCEL, Callback::Cancel),
            ]],
        )
    }

    pub(super) fn ask_phone(&self, id: &str) -> Reply {
        Reply::with_buttons(
            self.t(id, &[]),
            vec![vec![
                self.btn(msg::BTN_SKIP, Callback::Skip),
                self.btn(msg::BTN_CANCEL, Callback::Cancel),
            ]],
        )
    }

    pub(super) fn ask_attachments(&self, id: &str) -> Reply {
        self.ask_attachments_with(id, 0)
    }

    pub(super) fn ask_attachments_with(&self, id: &str, count: usize) -> Reply {
        Reply::with_buttons(
            self.t(
                id,
                &[
                    ("count", Arg::from(count)),
                    ("max", Arg::from(super::MAX_ATTACHMENTS)),
                ],
            ),
            vec![vec![
                self.btn(msg::BTN_DONE, Callback::Done),
                self.btn(msg::BTN_CANCEL, Callback::Cancel),
            ]],
        )
    }

    /// After a file added to a filed complaint: more can follow, or "done".
    pub(super) fn more_files_or_done(&self) -> Reply {
        Reply::with_buttons(
            self.t(msg::ADD_MORE, &[]),
            vec![vec![self.btn(msg::BTN_DONE_ADDING, Callback::DoneAdding)]],
        )
    }

    /// The department waits for this person's information on `tracking`: send this as the
    /// answer, or file it as a new complaint?
    pub(super) fn answer_offer(&self, complaint_id: i64, tracking: &str) -> Reply {
        Reply::with_buttons(
            self.t(msg::ANSWER_OFFER, &[("tracking", Arg::from(tracking))]),
            vec![
                vec![self.btn(msg::BTN_SEND_ANSWER, Callback::Merge(complaint_id))],
                vec![self.btn(msg::BTN_FILE_NEW, Callback::FileNew)],
                vec![self.btn(msg::BTN_CANCEL, Callback::Cancel)],
            ],
        )
    }

    /// 并单: offers to add the draft to an open complaint (quoted when at hand, so the person
    /// can tell whether it is the same matter).
    pub(super) fn merge_offer(
        &self,
        complaint_id: i64,
        tracking: &str,
        open: Option<&ComplaintRow>,
    ) -> Reply {
        let mut html = self.t(msg::MERGE_OFFER, &[("tracking", Arg::from(tracking))]);
        if let Some(open) = open {
            html.push('\n');
            html.push_str(&self.t(
                msg::MERGE_QUOTE,
                &[
                    ("date", Arg::from(local_time(open.created_at))),
                    ("text", Arg::from(excerpt(&open.text, 80))),
                ],
            ));
        }
        Reply::with_buttons(
            html,
            vec![
                vec![Button {
                    label: self.t(msg::BTN_MERGE, &[("tracking", Arg::from(tracking))]),
                    callback: Callback::Merge(complaint_id),
                }],
                vec![self.btn(msg::BTN_FILE_NEW, Callback::FileNew)],
                vec![self.btn(msg::BTN_CANCEL, Callback::Cancel)],
            ],
        )
    }

    pub(super) fn withdraw_question(&self, complaint_id: i64, tracking: &str) -> Reply {
        Reply::with_buttons(
            self.t(msg::WITHDRAW_CONFIRM, &[("tracking", Arg::from(tracking))]),
            vec![vec![
                self.btn(msg::BTN_WITHDRAW, Callback::WithdrawYes(complaint_id)),
                self.btn(msg::BTN_KEEP, Callback::WithdrawNo),
            ]],
        )
    }

    /// Who handles the complaint; while it waits for re-dispatch, the supervisors.
    fn handler_name(&self, r: &ComplaintRow) -> String {
        let code = r
            .handler
            .as_deref()
            .unwrap_or(crate::classifier::SUPERVISORS);
        self.svc.department_name(self.lang, code)
    }

    pub(super) fn filed(&self, row: &ComplaintRow, d: &Draft) -> Reply {
        let handler = self.handler_name(row);
        let due = |ms: Option<i64>| self.svc.due_text(self.lang, ms.unwrap_or(row.created_at));
        let mut html = self.t(
            msg::FILED,
            &[
                ("tracking", Arg::from(row.tracking_no.clone())),
                ("category", Arg::from(self.category_name(d.category))),
                ("department", Arg::from(handler.clone())),
                ("accept", Arg::from(due(row.accept_due_at))),
                ("resolve", Arg::from(due(row.resolve_due_at))),
                (
                    "resolve_days",
                    Arg::from(self.svc.limits(d.category).resolve_days),
                ),
                ("files", Arg::from(d.files.len())),
            ],
        );
        if row.due_provisional {
            html.push_str(&self.t(msg::DUE_PROVISIONAL, &[]));
        }
        if d.conflict {
            html.push_str("\n\n");
            html.push_str(&self.t(msg::FILED_CONFLICT, &[("handler", Arg::from(handler))]));
        }
        html.push_str("\n\n");
        if d.anonymous {
            html.push_str(&self.t(msg::FILED_ANONYMOUS, &[]));
        } else {
            let who = self.svc.complainant_line(self.lang, d);
            html.push_str(&self.t(msg::FILED_NAMED, &[("who", Arg::from(who))]));
        }
        Reply::text(html)
    }

    pub(super) fn my_list(&self, rows: &[ComplaintRow], total: i64) -> Reply {
        let mut html = self.t(
            msg::MY_HEADER,
            &[("shown", Arg::from(rows.len())), ("total", Arg::Num(total))],
        );
        for r in rows {
            html.push('\n');
            html.push_str(&self.t(
                msg::MY_LINE,
                &[
                    ("tracking", Arg::from(r.tracking_no.clone())),
                    ("status", Arg::from(self.status_name(r.status))),
                    ("category", Arg::from(self.category_name(r.category))),
                    ("date", Arg::from(local_time(r.created_at))),
                    ("department", Arg::from(self.handler_name(r))),
                    ("text", Arg::from(excerpt(&r.text.replace('\n', " "), 40))),
                ],
            ));
        }
        Reply::text(html)
    }

    fn status_name(&self, status: Status) -> String {
        self.t(status_msg(status), &[])
    }

    pub(super) fn status_card(&self, r: &ComplaintRow, events: &[EventRow], files: usize) -> Reply {
        let department = match &r.department {
            Some(d) if r.handler.as_deref() == Some(d.as_str()) => {
                self.svc.department_name(self.lang, d)
            }
            Some(d) => format!(
                "{} → {}",
                self.svc.department_name(self.lang, d),
                self.handler_name(r)
            ),
            None => self.handler_name(r),
        };
        let mut html = self.t(
            msg::STATUS_CARD,
            &[
                ("tracking", Arg::from(r.tracking_no.clone())),
                ("status", Arg::from(self.status_name(r.status))),
                ("category", Arg::from(self.category_name(r.category))),
                ("department", Arg::from(department)),
                ("date", Arg::from(local_time(r.created_at))),
                (
                    "anonymous",
                    Arg::from(self.t(if r.anonymous { msg::YES } else { msg::NO }, &[])),
                ),
                ("files", Arg::from(files)),
                ("text", Arg::from(excerpt(&r.text, QUOTE_CHARS))),
            ],
        );
        let deadline = match r.status {
            Status::AwaitingInfo => Some(self.t(msg::STATUS_DEADLINE_PAUSED, &[])),
            Status::Resolved => r.rating_due_at.map(|due| {
                self.t(
                    msg::STATUS_DEADLINE_RATING,
                    &[("due", Arg::from(self.svc.due_text(self.lang, due)))],
                )
            }),
            s if s.is_open() => r.resolve_due_at.map(|due| {
                let fresh = if r.due_fresh { "yes" } else { "no" };
                self.t(
                    msg::STATUS_DEADLINE_RESOLVE,
                    &[
                        ("due", Arg::from(self.svc.due_text(self.lang, due))),
                        ("fresh", Arg::from(fresh)),
                    ],
                )
            }),
            _ => None,
        };
        if let Some(line) = deadline {
            html.push('\n');
            html.push_str(&line);
            if r.due_provisional {
                html.push_str(&self.t(msg::DUE_PROVISIONAL, &[]));
            }
        }
        html.push('\n');
        html.push_str(&self.t(msg::STATUS_HISTORY, &[]));
        for e in events.iter().filter(|e| !e.kind.is_internal()) {
            html.push('\n');
            html.push_str(&self.history_line(e));
        }
        Reply::text(html)
    }

    /// One line of the history the complainant sees. Internal notes are never shown.
    fn history_line(&self, e: &EventRow) -> String {
        let detail: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
        let field = |k: &str| {
            detail
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        use crate::domain::EventKind as K;
        let id = match e.kind {
            K::Filed => msg::EVENT_FILED,
            K::AddInfo if field("text").trim().is_empty() => msg::EVENT_ADD_FILES,
            K::AddInfo => msg::EVENT_ADD_INFO,
            K::Withdraw => msg::EVENT_WITHDRAW,
            K::Accept => msg::EVENT_ACCEPT,
            K::Return => msg::EVENT_RETURN,
            K::Dispatch => msg::EVENT_DISPATCH,
            K::Transfer => msg::EVENT_TRANSFER,
            K::RequestInfo => msg::EVENT_REQUEST_INFO,
            K::RequestExtension => msg::EVENT_REQUEST_EXTENSION,
            K::DecideExtension => msg::EVENT_DECIDE_EXTENSION,
            K::Resolve => msg::EVENT_RESOLVE,
            K::Reject => msg::EVENT_REJECT,
            K::Rate => msg::EVENT_RATE,
            K::AutoClose => msg::EVENT_AUTO_CLOSE,
            // Never shown to the complainant (filtered out above); said plainly if ever asked.
            K::Note | K::Assign => msg::EVENT_INTERNAL,
        };
        let department = field("department");
        let what = self.t(
            id,
            &[
                ("text", Arg::from(excerpt(&field("text"), 120))),
                ("reason", Arg::from(field("reason"))),
                ("reply", Arg::from(field("reply"))),
                ("question", Arg::from(field("question"))),
                ("rating", Arg::from(field("rating"))),
                (
                    "department",
                    Arg::from(self.svc.department_name(self.lang, &department)),
                ),
                (
                    "files",
                    Arg::Num(detail.get("files").and_then(|v| v.as_i64()).unwrap_or(0)),
                ),
            ],
        );
        self.t(
            msg::HISTORY_LINE,
            &[
                ("at", Arg::from(local_time(e.at))),
                ("what", Arg::Html(what)),
            ],
        )
    }
}
