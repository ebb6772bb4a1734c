//! The staff side: everything that is not the complainant's conversation — group chats, staff
//! commands (/queue, /case), the buttons on cards and pickers, and the typed answers to
//! prompts. Every action goes through [`Service::act`], which re-checks the actor's rights in
//! the database; a press by someone who may not act is answered on the button and changes
//! nothing.

use super::act::Refusal;
use super::callback::{CardAction, QueueFilter, RoutePurpose};
use super::cards::CardExtras;
use super::{
    Asks, Button, Callback, ChatKind, ChatRef, Command, Delivery, Incoming, Input, PromptSpec,
    Reply, Service, ServiceError,
};
use crate::classifier::{LEADERSHIP, SUPERVISORS};
use crate::domain::{Action, EventKind, Invalid, Principal, Role, TrackingNo};
use crate::i18n::{msg, Arg, Lang};
use crate::storage::{ComplaintRow, PromptRow, QueueOnly, QueueQuery, UserRow};

/// Rows on one page of /queue.
const QUEUE_PAGE: i64 = 10;
/// A prompt left unanswered this long expires.
pub const PROMPT_TTL_MS: i64 = 3600 * 1000;

/// One staff turn: who, where, in which language, and what to answer.
pub(super) struct Desk<'a> {
    pub svc: &'a Service,
    pub who: Principal,
    pub user: UserRow,
    pub lang: Lang,
    pub chat: ChatRef,
    pub update_id: Option<i64>,
    pub message_id: Option<i64>,
    pub replies: Vec<Reply>,
    /// An action recorded the update in its own transaction.
    pub recorded: bool,
}

impl Desk<'_> {
    pub fn t(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.svc.i18n.t(self.lang, id, args)
    }

    pub fn say(&mut self, id: &str, args: &[(&str, Arg)]) {
        let html = self.t(id, args);
        self.replies.push(Reply::text(html));
    }

    /// A short answer on the pressed button (or a message, when nothing was pressed).
    pub fn toast(&mut self, pressed: bool, id: &str, args: &[(&str, Arg)]) {
        let html = self.t(id, args);
        self.replies.push(if pressed {
            Reply::toast(html)
        } else {
            Reply::text(html)
        });
    }
}

impl Service {
    /// Whether an input is for the staff side: anything in a group, staff commands and
    /// buttons, and answers to prompts.
    pub(super) async fn for_staff(&self, inc: &Incoming) -> Result<bool, ServiceError> {
        if inc.chat.kind == ChatKind::Group {
            return Ok(true);
        }
        Ok(match &inc.input {
            Input::Command(cmd) => cmd.is_staff(),
            Input::Button(cb) => is_staff_button(cb),
            Input::Text(_) => match inc.reply_to {
                Some(to) => self.db.prompt(inc.chat.id, to).await?.is_some(),
                None => false,
            },
            _ => false,
        })
    }

    pub(super) async fn staff(&self, inc: Incoming) -> Result<Vec<Reply>, ServiceError> {
        let user = self
            .db
            .ensure_user(inc.from.user_id, &inc.from.display_name, self.now_ms())
            .await?;
        let lang = match inc.chat.kind {
            ChatKind::Group => super::cards::GROUP_LANG,
            ChatKind::Private => user
                .lang
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or_else(|| Lang::from_telegram(inc.from.language_code.as_deref())),
        };
        let mut desk = Desk {
            svc: self,
            who: user.principal(),
            user,
            lang,
            chat: inc.chat,
            update_id: inc.update_id,
            message_id: inc.message_id,
            replies: Vec::new(),
            recorded: false,
        };
        let pressed = matches!(inc.input, Input::Button(_) | Input::BadButton);
        if inc.from.via_chat && (pressed || matches!(inc.input, Input::Command(_))) {
            // An anonymous group admin: there is no person to hold accountable.
            desk.toast(pressed, msg::REFUSE_ANONYMOUS_ADMIN, &[]);
        } else {
            desk.dispatch(inc.input, inc.reply_to).await?;
        }
        if !desk.recorded {
            if let Some(id) = desk.update_id {
                if !self.db.first_delivery(id, self.now_ms()).await? {
                    return Ok(Vec::new());
                }
            }
        }
        Ok(desk.replies)
    }

    /// The front sent a prompt as message `message_id` in `chat_id`: its answer is now awaited.
    pub async fn prompt_sent(
        &self,
        chat_id: i64,
        message_id: i64,
        user_id: i64,
        spec: &PromptSpec,
    ) -> Result<(), ServiceError> {
        self.db
            .insert_prompt(&PromptRow {
                chat_id,
                message_id,
                user_id,
                complaint_id: spec.complaint_id,
                action: spec.asks.code().to_owned(),
                extra: spec.extra.clone(),
                expires_at: self.now_ms() + PROMPT_TTL_MS,
            })
            .await?;
        Ok(())
    }

    /// The front sent complaint `complaint_id`'s card as message `message_id` in `chat_id`.
    pub async fn card_sent(
        &self,
        chat_id: i64,
        message_id: i64,
        complaint_id: i64,
    ) -> Result<(), ServiceError> {
        self.db
            .record_card(chat_id, message_id, complaint_id, self.now_ms())
            .await?;
        Ok(())
    }
}

fn is_staff_button(cb: &Callback) -> bool {
    matches!(
        cb,
        Callback::Card(_)
            | Callback::Route { .. }
            | Callback::AssignTo { .. }
            | Callback::Open(_)
            | Callback::Queue { .. }
            | Callback::Decide { .. }
    )
}

impl Desk<'_> {
    async fn dispatch(&mut self, input: Input, reply_to: Option<i64>) -> Result<(), ServiceError> {
        match input {
            Input::Command(Command::Queue(arg)) => self.queue_command(&arg).await,
            Input::Command(Command::Case(arg)) => self.case(&arg).await,
            Input::Command(cmd) if cmd.is_staff() => self.org(cmd).await,
            Input::Command(Command::Help) if self.chat.kind == ChatKind::Group => {
                self.say(msg::STAFF_HELP, &[]);
                Ok(())
            }
            Input::Button(Callback::Card(action)) => self.card_button(action).await,
            Input::Button(Callback::Route {
                complaint,
                purpose,
                department,
            }) => self.route(complaint, purpose, department).await,
            Input::Button(Callback::AssignTo { complaint, user }) => self
                .take(complaint, Action::Assign { user_id: user }, true)
                .await
                .map(|_| ()),
            Input::Button(Callback::Open(id)) => self.open(id).await,
            Input::Button(Callback::Decide { complaint, approve }) => self
                .take(complaint, Action::DecideExtension { approve }, true)
                .await
                .map(|_| ()),
            Input::Button(Callback::Queue { filter, page }) => self.queue(filter, page).await,
            Input::Button(_) | Input::BadButton => {
                self.toast(true, msg::STALE_BUTTON, &[]);
                Ok(())
            }
            Input::Text(text) => match reply_to {
                Some(to) => self.answer(to, &text).await,
                // In a group, the bot only reads commands and replies to its prompts.
                None => Ok(()),
            },
            // Anything else in a group is not for the bot.
            _ => Ok(()),
        }
    }

    /// Says why an action was not taken.
    fn refused(&mut self, pressed: bool, refusal: &Refusal) {
        match refusal {
            Refusal::Gone => self.toast(pressed, msg::REFUSE_GONE, &[]),
            Refusal::NotAllowed => self.toast(pressed, msg::REFUSE_NOT_ALLOWED, &[]),
            Refusal::NotNow(status) => {
                let status = self.t(crate::i18n::status_msg(*status), &[]);
                self.toast(
                    pressed,
                    msg::REFUSE_NOT_NOW,
                    &[("status", Arg::from(status))],
                )
            }
            Refusal::Faster { who, what } => {
                let what = self.t(kind_msg(*what), &[]);
                let id = if who.is_empty() {
                    msg::REFUSE_CHANGED
                } else {
                    msg::REFUSE_FASTER
                };
                self.toast(
                    pressed,
                    id,
                    &[("who", Arg::from(who.as_str())), ("what", Arg::from(what))],
                )
            }
            Refusal::Invalid(Invalid::EmptyText) => self.toast(pressed, msg::REFUSE_EMPTY, &[]),
            Refusal::Invalid(Invalid::SameDepartment) => {
                self.toast(pressed, msg::REFUSE_SAME_DEPARTMENT, &[])
            }
            Refusal::Invalid(Invalid::ExtensionDays) => {
                self.toast(pressed, msg::REFUSE_EXTENSION_DAYS, &[])
            }
            Refusal::NotAColleague => self.toast(pressed, msg::REFUSE_NOT_A_COLLEAGUE, &[]),
            Refusal::TooLate => self.toast(pressed, msg::REFUSE_TOO_LATE, &[]),
            Refusal::Repeated | Refusal::ConversationMoved => {}
        }
    }

    /// Takes an action and says how it went: a short confirmation, or why not.
    async fn take(
        &mut self,
        complaint_id: i64,
        action: Action,
        pressed: bool,
    ) -> Result<bool, ServiceError> {
        let kind = action.kind();
        match self
            .svc
            .act(&self.who, complaint_id, action, self.update_id)
            .await?
        {
            Ok(acted) => {
                self.recorded = true;
                let what = self.t(kind_msg(kind), &[]);
                let args = [
                    ("tracking", Arg::from(acted.row.tracking_no.as_str())),
                    ("what", Arg::from(what)),
                ];
                self.toast(pressed, msg::DONE_ACTION, &args);
                Ok(true)
            }
            Err(refusal) => {
                if refusal == Refusal::Repeated {
                    self.recorded = true;
                }
                self.refused(pressed, &refusal);
                Ok(false)
            }
        }
    }

    /// The complaint whose card carries the pressed button.
    async fn complaint_of_this_card(&mut self) -> Result<Option<ComplaintRow>, ServiceError> {
        let Some(message) = self.message_id else {
            return Ok(None);
        };
        match self.svc.db.complaint_of_card(self.chat.id, message).await? {
            Some(id) => Ok(self.svc.db.complaint(id).await?),
            None => Ok(None),
        }
    }

    async fn card_button(&mut self, action: CardAction) -> Result<(), ServiceError> {
        let Some(row) = self.complaint_of_this_card().await? else {
            self.toast(true, msg::STALE_BUTTON, &[]);
            return Ok(());
        };
        // What the button leads to, checked before a picker or a prompt is shown: the same
        // action with a placeholder text.
        let probe = |_: &str| "-".to_owned();
        let (sample, next) = match action {
            CardAction::Accept => (Action::Accept, Next::Act),
            CardAction::Return => (
                Action::Return {
                    reason: probe("-"),
                    suggested: None,
                },
                Next::Pick(RoutePurpose::Return),
            ),
            CardAction::Transfer => (
                Action::Transfer {
                    department: probe("-"),
                    reason: probe("-"),
                },
                Next::Pick(RoutePurpose::Transfer),
            ),
            CardAction::Dispatch => (
                Action::Dispatch {
                    department: probe("-"),
                },
                Next::Pick(RoutePurpose::Dispatch),
            ),
            CardAction::AskInfo => (
                Action::RequestInfo {
                    question: probe("-"),
                },
                Next::Ask(Asks::Question),
            ),
            CardAction::Note => (Action::Note { text: probe("-") }, Next::Ask(Asks::Note)),
            CardAction::Resolve => (
                Action::Resolve { reply: probe("-") },
                Next::Ask(Asks::Reply),
            ),
            CardAction::Reject => (
                Action::Reject { reason: probe("-") },
                Next::Ask(Asks::RejectReason),
            ),
            CardAction::Assign => (
                Action::Assign {
                    user_id: self.who.user_id,
                },
                Next::Colleagues,
            ),
            CardAction::Extend => (
                Action::RequestExtension {
                    days: 1,
                    reason: probe("-"),
                },
                Next::Ask(Asks::Extension),
            ),
            CardAction::Details => {
                if self.may_see(&row) {
                    self.show_case(&row).await?;
                    self.toast(true, msg::DETAILS_SHOWN, &[]);
                } else {
                    self.refused(true, &Refusal::NotAllowed);
                }
                return Ok(());
            }
        };
        if let Err(refusal) = self.svc.may(&self.who, &row, &sample) {
            self.refused(true, &refusal);
            return Ok(());
        }
        match next {
            Next::Act => {
                self.take(row.id, sample, true).await?;
            }
            Next::Pick(purpose) => self.departments_picker(&row, purpose).await?,
            Next::Ask(asks) => self.prompt(&row, asks, None),
            Next::Colleagues => self.colleagues_picker(&row).await?,
        }
        Ok(())
    }

    /// Departments to choose from, with the one a return suggested first.
    async fn departments_picker(
        &mut self,
        row: &ComplaintRow,
        purpose: RoutePurpose,
    ) -> Result<(), ServiceError> {
        let mut codes: Vec<String> = self
            .svc
            .classifier
            .rules()
            .departments
            .keys()
            .filter(|c| Some(c.as_str()) != row.handler.as_deref() && c.as_str() != LEADERSHIP)
            .cloned()
            .collect();
        if purpose == RoutePurpose::Dispatch {
            if let Some(suggested) = self.suggested(row).await? {
                codes.retain(|c| *c != suggested);
                codes.insert(0, suggested);
            }
            // A complaint goes back to a department, not to the supervisors themselves.
            codes.retain(|c| c != SUPERVISORS || row.conflict_of_interest);
        }
        let buttons: Vec<Button> = codes
            .into_iter()
            .map(|code| Button {
                label: self.svc.department_name(self.lang, &code),
                callback: Callback::Route {
                    complaint: row.id,
                    purpose,
                    department: code,
                },
            })
            .collect();
        let id = match purpose {
            RoutePurpose::Transfer => msg::PICK_TRANSFER,
            RoutePurpose::Return => msg::PICK_RETURN,
            RoutePurpose::Dispatch => msg::PICK_DISPATCH,
        };
        let html = self.t(id, &[("tracking", Arg::from(row.tracking_no.as_str()))]);
        self.replies.push(Reply::with_buttons(
            html,
            buttons.chunks(2).map(<[Button]>::to_vec).collect(),
        ));
        Ok(())
    }

    /// The department the last return suggested, if any.
    async fn suggested(&self, row: &ComplaintRow) -> Result<Option<String>, ServiceError> {
        let events = self.svc.db.events_of(row.id).await?;
        Ok(events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Return)
            .and_then(|e| serde_json::from_str::<serde_json::Value>(&e.detail).ok())
            .and_then(|d| d.get("suggested")?.as_str().map(str::to_owned)))
    }

    async fn colleagues_picker(&mut self, row: &ComplaintRow) -> Result<(), ServiceError> {
        let department = row.handler.clone().unwrap_or_default();
        let people = self.svc.db.colleagues(&department).await?;
        if people.is_empty() {
            self.toast(true, msg::NO_COLLEAGUES, &[]);
            return Ok(());
        }
        let buttons: Vec<Button> = people
            .into_iter()
            .map(|p| Button {
                label: if p.display_name.trim().is_empty() {
                    p.id.to_string()
                } else {
                    p.display_name.clone()
                },
                callback: Callback::AssignTo {
                    complaint: row.id,
                    user: p.id,
                },
            })
            .collect();
        let html = self.t(
            msg::PICK_ASSIGNEE,
            &[("tracking", Arg::from(row.tracking_no.as_str()))],
        );
        self.replies.push(Reply::with_buttons(
            html,
            buttons.chunks(2).map(<[Button]>::to_vec).collect(),
        ));
        Ok(())
    }

    async fn route(
        &mut self,
        complaint: i64,
        purpose: RoutePurpose,
        department: String,
    ) -> Result<(), ServiceError> {
        let Some(row) = self.svc.db.complaint(complaint).await? else {
            self.refused(true, &Refusal::Gone);
            return Ok(());
        };
        if !self
            .svc
            .classifier
            .rules()
            .departments
            .contains_key(&department)
        {
            self.toast(true, msg::STALE_BUTTON, &[]);
            return Ok(());
        }
        match purpose {
            RoutePurpose::Dispatch => {
                self.take(complaint, Action::Dispatch { department }, true)
                    .await?;
            }
            RoutePurpose::Transfer => {
                self.prompt(&row, Asks::TransferReason, Some(department));
            }
            RoutePurpose::Return => {
                self.prompt(&row, Asks::ReturnReason, Some(department));
            }
        }
        Ok(())
    }

    /// Asks the person who pressed for the text the action needs.
    fn prompt(&mut self, row: &ComplaintRow, asks: Asks, extra: Option<String>) {
        let id = match asks {
            Asks::ReturnReason => msg::ASK_RETURN_REASON,
            Asks::Question => msg::ASK_QUESTION,
            Asks::Note => msg::ASK_NOTE,
            Asks::TransferReason => msg::ASK_TRANSFER_REASON,
            Asks::Reply => msg::ASK_REPLY,
            Asks::RejectReason => msg::ASK_REJECT_REASON,
            Asks::Extension => msg::ASK_EXTENSION,
        };
        let department = extra
            .as_deref()
            .map(|d| self.svc.department_name(self.lang, d))
            .unwrap_or_default();
        let html = self.t(
            id,
            &[
                ("who", Arg::Html(mention(&self.user))),
                ("tracking", Arg::from(row.tracking_no.as_str())),
                ("department", Arg::from(department)),
            ],
        );
        self.replies.push(Reply {
            delivery: Delivery::Prompt(PromptSpec {
                complaint_id: row.id,
                asks,
                extra,
            }),
            ..Reply::text(html)
        });
    }

    /// A reply to one of the bot's messages: the answer to a prompt, if it is one.
    async fn answer(&mut self, to: i64, text: &str) -> Result<(), ServiceError> {
        let Some(prompt) = self.svc.db.prompt(self.chat.id, to).await? else {
            return Ok(());
        };
        if prompt.user_id != self.who.user_id {
            self.say(msg::PROMPT_NOT_YOURS, &[]);
            return Ok(());
        }
        if prompt.expires_at < self.svc.now_ms() {
            self.svc
                .db
                .delete_prompt(prompt.chat_id, prompt.message_id)
                .await?;
            self.say(msg::PROMPT_EXPIRED, &[]);
            return Ok(());
        }
        let text = text.trim().to_owned();
        let extra = prompt.extra.clone().unwrap_or_default();
        let action = match Asks::from_code(&prompt.action) {
            Some(Asks::ReturnReason) => Action::Return {
                reason: text,
                suggested: Some(extra).filter(|s| !s.is_empty()),
            },
            Some(Asks::Question) => Action::RequestInfo { question: text },
            Some(Asks::Note) => Action::Note { text },
            Some(Asks::TransferReason) => Action::Transfer {
                department: extra,
                reason: text,
            },
            Some(Asks::Reply) => Action::Resolve { reply: text },
            Some(Asks::RejectReason) => Action::Reject { reason: text },
            Some(Asks::Extension) => match extension_request(&text) {
                Some((days, reason)) => Action::RequestExtension { days, reason },
                None => {
                    self.say(msg::EXTENSION_USAGE, &[]);
                    return Ok(());
                }
            },
            None => {
                self.say(msg::PROMPT_EXPIRED, &[]);
                return Ok(());
            }
        };
        if self.take(prompt.complaint_id, action, false).await? {
            self.svc
                .db
                .delete_prompt(prompt.chat_id, prompt.message_id)
                .await?;
        }
        Ok(())
    }

    /// Staff see the complaints their department handles; supervisors see all.
    fn may_see(&self, row: &ComplaintRow) -> bool {
        match self.who.role {
            Role::Supervisor => true,
            Role::Staff => {
                self.who.department.is_some()
                    && row.handler.as_deref() == self.who.department.as_deref()
            }
            Role::Complainant => false,
        }
    }

    /// /case NUMBER: the complaint in full, with its files.
    async fn case(&mut self, arg: &str) -> Result<(), ServiceError> {
        if !self.who.works_queues() {
            self.say(msg::STAFF_ONLY, &[]);
            return Ok(());
        }
        let number = arg.split_whitespace().next().unwrap_or_default();
        let row = match number.parse::<TrackingNo>() {
            Ok(n) => self.svc.db.complaint_by_tracking(&n.to_string()).await?,
            Err(_) => None,
        };
        match row {
            Some(row) if self.may_see(&row) => self.show_case(&row).await,
            _ => {
                self.say(msg::CASE_NOT_FOUND, &[("number", Arg::from(number))]);
                Ok(())
            }
        }
    }

    async fn show_case(&mut self, row: &ComplaintRow) -> Result<(), ServiceError> {
        let events = self.svc.db.events_of(row.id).await?;
        let files = self.svc.db.attachments_of(row.id).await?;
        let mut names = std::collections::HashMap::new();
        for e in &events {
            if let (Some(id), false) = (e.actor_id, e.actor_kind == "complainant") {
                if let Some(u) = self.svc.db.user(id).await? {
                    names.insert(id, u.display_name);
                }
            }
        }
        let complainant = self.t(
            if row.anonymous {
                msg::ANONYMOUS_PERSON
            } else {
                msg::COMPLAINANT
            },
            &[],
        );
        let system = self.t(msg::SYSTEM, &[]);
        let name_of = |id: Option<i64>, kind: &str| match (kind, id) {
            ("complainant", _) => complainant.clone(),
            ("system", _) | (_, None) => system.clone(),
            (_, Some(id)) => names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
        };
        let kinds = |k: EventKind| self.t(kind_msg(k), &[]);
        let view = self
            .svc
            .case_view(self.lang, row, &events, &name_of, &kinds, files.len());
        self.replies.push(view);
        for f in files {
            self.replies.push(Reply {
                delivery: Delivery::File(super::FileRef {
                    kind: if f.kind == "photo" {
                        super::FileKind::Photo
                    } else {
                        super::FileKind::Document
                    },
                    file_id: f.file_id,
                    file_name: f.file_name,
                }),
                ..Reply::text(String::new())
            });
        }
        Ok(())
    }

    /// A complaint's card, shown here (from a /queue row).
    async fn open(&mut self, id: i64) -> Result<(), ServiceError> {
        match self.svc.db.complaint(id).await? {
            Some(row) if self.may_see(&row) => {
                let extras: CardExtras = self.svc.card_extras(&row).await?;
                let calendar = self.svc.calendar().await?;
                let card = self
                    .svc
                    .card(self.lang, &row, &extras, &calendar, self.svc.now_ms());
                self.replies.push(Reply {
                    delivery: Delivery::Card(row.id),
                    ..card
                });
            }
            Some(_) => self.refused(true, &Refusal::NotAllowed),
            None => self.refused(true, &Refusal::Gone),
        }
        Ok(())
    }

    /// /queue [mine|unassigned|waiting|all|DEPARTMENT]
    async fn queue_command(&mut self, arg: &str) -> Result<(), ServiceError> {
        let filter = match arg.trim().to_lowercase().as_str() {
            "" | "all" | "全部" => QueueFilter::Open,
            "mine" | "我的" => QueueFilter::Mine,
            "unassigned" | "未指派" => QueueFilter::Unassigned,
            "waiting" | "待补充" | "等待" => QueueFilter::Waiting,
            code => match self.svc.classifier.rules().departments.get(code) {
                Some(_) => QueueFilter::Department(code.to_owned()),
                None => {
                    self.say(msg::QUEUE_USAGE, &[]);
                    return Ok(());
                }
            },
        };
        self.queue(filter, 0).await
    }

    async fn queue(&mut self, filter: QueueFilter, page: u32) -> Result<(), ServiceError> {
        // Whose queue: a clerk's department; for supervisors everyone's, or one department's.
        let handler = match (&self.who.role, &filter) {
            (Role::Supervisor, QueueFilter::Department(d)) => Some(d.clone()),
            (Role::Supervisor, _) => None,
            (Role::Staff, QueueFilter::Department(d))
                if Some(d.as_str()) != self.who.department.as_deref() =>
            {
                self.say(msg::QUEUE_OTHER_DEPARTMENT, &[]);
                return Ok(());
            }
            (Role::Staff, _) if self.who.department.is_some() => self.who.department.clone(),
            _ => {
                self.say(msg::STAFF_ONLY, &[]);
                return Ok(());
            }
        };
        let only = match filter {
            QueueFilter::Mine => QueueOnly::AssignedTo(self.who.user_id),
            QueueFilter::Unassigned => QueueOnly::Unassigned,
            QueueFilter::Waiting => QueueOnly::Waiting,
            QueueFilter::Open | QueueFilter::Department(_) => QueueOnly::Open,
        };
        let query = QueueQuery {
            with_undispatched: self.who.role == Role::Supervisor && handler.is_none(),
            handler: handler.clone(),
            only,
            limit: QUEUE_PAGE,
            offset: i64::from(page) * QUEUE_PAGE,
        };
        let total = self.svc.db.queue_len(&query).await?;
        let rows = self.svc.db.queue(&query).await?;
        let whose = match &handler {
            Some(code) => self.svc.department_name(self.lang, code),
            None => self.t(msg::ALL_DEPARTMENTS, &[]),
        };
        let pages = ((total + QUEUE_PAGE - 1) / QUEUE_PAGE).max(1);
        let mut html = self.t(
            msg::QUEUE_HEADER,
            &[
                ("whose", Arg::from(whose)),
                ("total", Arg::Num(total)),
                ("page", Arg::Num(i64::from(page) + 1)),
                ("pages", Arg::Num(pages)),
            ],
        );
        if rows.is_empty() {
            html.push('\n');
            html.push_str(&self.t(msg::QUEUE_EMPTY, &[]));
        }
        let mut buttons = Vec::new();
        let calendar = self.svc.calendar().await?;
        let now = self.svc.now_ms();
        for row in &rows {
            html.push('\n');
            html.push_str(&self.svc.queue_line(self.lang, row, &calendar, now));
            buttons.push(vec![Button {
                label: row.tracking_no.clone(),
                callback: Callback::Open(row.id),
            }]);
        }
        let mut nav = Vec::new();
        if page > 0 {
            nav.push(Button {
                label: self.t(msg::BTN_PREVIOUS, &[]),
                callback: Callback::Queue {
                    filter: filter.clone(),
                    page: page - 1,
                },
            });
        }
        if i64::from(page) + 1 < pages {
            nav.push(Button {
                label: self.t(msg::BTN_NEXT, &[]),
                callback: Callback::Queue {
                    filter: filter.clone(),
                    page: page + 1,
                },
            });
        }
        if !nav.is_empty() {
            buttons.push(nav);
        }
        buttons.push(self.svc.queue_filters(self.lang));
        self.replies.push(Reply::with_buttons(html, buttons));
        Ok(())
    }
}

enum Next {
    Act,
    Pick(RoutePurpose),
    Ask(Asks),
    Colleagues,
}

/// "10 需要现场核实" → 10 working days, for that reason. The number comes first (full-width
/// digits too); the reason is the rest.
fn extension_request(text: &str) -> Option<(u32, String)> {
    let text: String = text
        .trim()
        .chars()
        .map(crate::domain::text::halfwidth)
        .collect();
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let days: u32 = digits.parse().ok()?;
    let reason = text[digits.len()..]
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '天' | '日' | ',' | '，' | ':' | '：')
        })
        .trim()
        .to_owned();
    Some((days, reason))
}

/// A mention of the person, so that a ForceReply prompt in a group is selective to them.
fn mention(user: &UserRow) -> String {
    let name = if user.display_name.trim().is_empty() {
        user.id.to_string()
    } else {
        user.display_name.clone()
    };
    format!(
        "<a href=\"tg://user?id={}\">{}</a>",
        user.id,
        crate::i18n::escape_html(&name)
    )
}

/// The message id naming an event kind for staff.
pub fn kind_msg(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Filed => msg::KIND_FILED,
        EventKind::Accept => msg::KIND_ACCEPT,
        EventKind::Return => msg::KIND_RETURN,
        EventKind::Dispatch => msg::KIND_DISPATCH,
        EventKind::Transfer => msg::KIND_TRANSFER,
        EventKind::RequestInfo => msg::KIND_REQUEST_INFO,
        EventKind::AddInfo => msg::KIND_ADD_INFO,
        EventKind::Note => msg::KIND_NOTE,
        EventKind::Assign => msg::KIND_ASSIGN,
        EventKind::RequestExtension => msg::KIND_REQUEST_EXTENSION,
        EventKind::DecideExtension => msg::KIND_DECIDE_EXTENSION,
        EventKind::Resolve => msg::KIND_RESOLVE,
        EventKind::Reject => msg::KIND_REJECT,
        EventKind::Withdraw => msg::KIND_WITHDRAW,
        EventKind::Rate => msg::KIND_RATE,
        EventKind::AutoClose => msg::KIND_AUTO_CLOSE,
    }
}
