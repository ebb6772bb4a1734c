//! The complainant's conversation: where it stands ([`State`], stored per user so a restart
//! resumes it), the entry point [`Service::handle`], and what commands do. What text, files
//! and buttons do at each step is in `steps.rs`.

use serde::{Deserialize, Serialize};

use super::views::excerpt;
use super::{Command, FileRef, Incoming, Input, Reply, Service, ServiceError};
use crate::classifier::OutOfScope;
use crate::domain::Category;
use crate::i18n::{msg, Arg, Lang};

/// A complaint being written, with everything collected so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    pub category: Category,
    /// What the classifier proposed, kept when the complainant picks another category.
    pub proposed: Category,
    pub confidence: f64,
    pub matched: Vec<String>,
    pub department: Option<String>,
    pub handler: Option<String>,
    pub conflict: bool,
    pub out_of_scope: Option<OutOfScope>,
    pub anonymous: bool,
    /// The name the department will see (named complaints only).
    #[serde(default)]
    pub contact_name: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub files: Vec<FileRef>,
    /// Where each text added after the first message begins (byte offsets into `text`), so the
    /// latest addition can be taken back.
    #[serde(default)]
    pub additions: Vec<usize>,
    /// The anonymous person has seen what in the text would identify them, and decided.
    #[serde(default)]
    pub privacy_checked: bool,
}

impl Draft {
    /// The person's own choice of category, routed like the classifier's.
    pub fn choose(&mut self, category: Category, routing: crate::classifier::Routing) {
        self.category = category;
        self.department = routing.department;
        self.handler = routing.handler;
        self.conflict = routing.conflict_of_interest;
        self.out_of_scope = None;
    }
}

/// Where a conversation stands.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    /// Waiting for the description (after /new, or after a file without a caption).
    Describing {
        files: Vec<FileRef>,
    },
    /// Category and department proposed; waiting for confirm / other category / cancel.
    Proposed {
        draft: Draft,
    },
    ChoosingCategory {
        draft: Draft,
    },
    /// Not a business-environment complaint; the person may still file it.
    OutOfScope {
        draft: Draft,
    },
    /// The draft looks like an open complaint of the same person: merge (并单) or file anew?
    /// Also asked when the department waits for this person's information (`answering`): is
    /// this the answer?
    Merging {
        draft: Draft,
        complaint_id: i64,
        tracking: String,
        #[serde(default)]
        answering: bool,
    },
    Anonymity {
        draft: Draft,
    },
    /// Named: which name the department sees (the Telegram name, or one typed here).
    Name {
        draft: Draft,
    },
    Company {
        draft: Draft,
    },
    Phone {
        draft: Draft,
    },
    Attachments {
        draft: Draft,
    },
    /// Anonymous, but the description contains a phone number, an ID card or the person's
    /// name: mask it before filing?
    Masking {
        draft: Draft,
    },
    /// /add without text: the next message is added to this complaint.
    Adding {
        complaint_id: i64,
        tracking: String,
    },
    ConfirmWithdraw {
        complaint_id: i64,
        tracking: String,
    },
}

impl State {
    /// A complaint is being written (something would be lost by starting another action).
    pub fn draft(&self) -> Option<&Draft> {
        match self {
            State::Proposed { draft }
            | State::ChoosingCategory { draft }
            | State::OutOfScope { draft }
            | State::Merging { draft, .. }
            | State::Anonymity { draft }
            | State::Name { draft }
            | State::Company { draft }
            | State::Phone { draft }
            | State::Attachments { draft }
            | State::Masking { draft } => Some(draft),
            _ => None,
        }
    }

    fn has_unsaved_work(&self) -> bool {
        match self {
            State::Describing { files } => !files.is_empty(),
            other => other.draft().is_some(),
        }
    }
}

/// What a turn did to the stored state.
// A short-lived return value: boxing the state would buy nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum Next {
    Keep,
    Set(State),
    /// Saved already, inside the transaction that filed the complaint.
    Saved,
}

/// One person's turn: who, in which language, against which stored version of their state.
pub(super) struct Turn<'a> {
    pub svc: &'a Service,
    /// The chat the conversation is in.
    pub chat: super::ChatRef,
    /// The Telegram update being handled, recorded with the work it causes.
    pub update_id: Option<i64>,
    pub user_id: i64,
    /// The name the person goes by on Telegram; shown to the department unless anonymous.
    pub display_name: String,
    pub lang: Lang,
    pub version: i64,
    pub replies: Vec<Reply>,
}

impl Turn<'_> {
    /// This conversation's next state, to be saved with whatever the turn stores.
    pub fn dialogue_save<'s>(&self, state: &'s str) -> crate::storage::DialogueSave<'s> {
        crate::storage::DialogueSave {
            chat_id: self.chat.id,
            user_id: self.user_id,
            state,
            expected_version: self.version,
            update_id: self.update_id,
        }
    }

    pub fn say(&mut self, id: &str, args: &[(&str, Arg)]) {
        let html = self.t(id, args);
        self.replies.push(Reply::text(html));
    }

    pub fn t(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.svc.i18n.t(self.lang, id, args)
    }
}

impl Service {
    /// Handles one input from one person and returns the replies to show them, in order.
    pub async fn handle(&self, inc: Incoming) -> Result<Vec<Reply>, ServiceError> {
        let now = self.now_ms();
        // A redelivered update is ignored. It is recorded as handled in the transaction of the
        // work it caused (below), so this check only saves work: a redelivery that races past
        // it still writes nothing.
        if let Some(id) = inc.update_id {
            if self.db.update_seen(id).await? {
                tracing::info!(update_id = id, "duplicate update ignored");
                return Ok(Vec::new());
            }
        }
        if self.for_staff(&inc).await? {
            return self.staff(inc).await;
        }
        let (mut turn, state, since) = self
            .load_turn(&inc.from, inc.chat, inc.update_id, now)
            .await?;
        let pressed = matches!(inc.input, Input::Button(_) | Input::BadButton);
        let (state, set_aside) = turn.set_aside_if_abandoned(state, &inc.input, now - since);
        // The first message after a restart meets a complaint left half-way: show where it
        // stands, so the person sees what their message answers.
        let resuming =
            self.first_contact(turn.user_id) && !pressed && !set_aside && state.draft().is_some();
        let mut next = turn.step(state.clone(), inc.input).await?;
        if set_aside && matches!(next, Next::Keep) {
            // The new message was refused, but what was set aside stays set aside, as told.
            next = Next::Set(state.clone());
        }
        if resuming {
            turn.resume(&state, &next);
        }
        // The update is recorded as handled in the transaction of the work it caused; a turn
        // that changed nothing records it on its own.
        match next {
            Next::Set(state) => {
                let json = serde_json::to_string(&state)?;
                let save = turn.dialogue_save(&json);
                if !self.db.save_dialogue(&save, self.now_ms()).await? {
                    // Another update of this person's was handled meanwhile (or this one was,
                    // by another instance); its answer stands.
                    turn.replies.clear();
                    turn.stale(pressed);
                }
            }
            Next::Keep => {
                if let Some(id) = turn.update_id {
                    if !self.db.first_delivery(id, self.now_ms()).await? {
                        return Ok(Vec::new());
                    }
                }
            }
            Next::Saved => {}
        }
        Ok(turn.replies)
    }

    /// What to show someone who opens a conversation (the console at start): where a
    /// complaint left half-way stands, with its question; nothing otherwise.
    pub async fn resume(&self, from: &super::Sender) -> Result<Vec<Reply>, ServiceError> {
        let chat = super::ChatRef::private(from.user_id);
        let (mut turn, state, _) = self.load_turn(from, chat, None, self.now_ms()).await?;
        self.first_contact(turn.user_id);
        if state.draft().is_some() {
            turn.resume(&state, &Next::Keep);
        }
        Ok(turn.replies)
    }

    /// The person's stored conversation: a turn to work on it, its state and when it last
    /// changed.
    async fn load_turn(
        &self,
        from: &super::Sender,
        chat: super::ChatRef,
        update_id: Option<i64>,
        now: i64,
    ) -> Result<(Turn<'_>, State, i64), ServiceError> {
        let user = self
            .db
            .ensure_user(from.user_id, &from.display_name, now)
            .await?;
        let lang = user
            .lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_else(|| Lang::from_telegram(from.language_code.as_deref()));
        let (state, version, since) = match self.db.dialogue(chat.id, user.id).await? {
            Some(row) => match serde_json::from_str::<State>(&row.state) {
                Ok(state) => (state, row.version, row.updated_at),
                Err(e) => {
                    tracing::warn!(user = user.id, error = %e, "unreadable dialogue state; starting over");
                    (State::Idle, row.version, row.updated_at)
                }
            },
            None => (State::Idle, 0, now),
        };
        let turn = Turn {
            svc: self,
            chat,
            update_id,
            user_id: user.id,
            display_name: user.display_name.clone(),
            lang,
            version,
            replies: Vec::new(),
        };
        Ok((turn, state, since))
    }
}

/// A complaint left unfinished this long is set aside when the person writes something new,
/// rather than the new message being taken as more of the old one.
pub const ABANDONED_AFTER_MS: i64 = 24 * 3600 * 1000;
/// After this long without a file, `/add` no longer waits for more.
pub const ADDING_ENDS_AFTER_MS: i64 = 30 * 60 * 1000;

impl Turn<'_> {
    /// Old business meets a new message. A draft left for a day is set aside when new text
    /// arrives at a step where text would only have been more description (not where it answers
    /// the question, such as the company name), and the person is told what was set aside
    /// (quoted, so nothing vanishes unseen). Files kept for a description that never came are
    /// dropped after a day, and an /add that went quiet ends. Returns the state to go on from,
    /// and whether anything was set aside.
    fn set_aside_if_abandoned(
        &mut self,
        state: State,
        input: &Input,
        idle_ms: i64,
    ) -> (State, bool) {
        let text = matches!(input, Input::Text(_));
        let fresh = text || matches!(input, Input::File { .. });
        let stale_draft = idle_ms > ABANDONED_AFTER_MS;
        match &state {
            State::Proposed { draft }
            | State::ChoosingCategory { draft }
            | State::OutOfScope { draft }
            | State::Anonymity { draft }
            | State::Merging { draft, .. }
            | State::Attachments { draft }
            | State::Masking { draft }
                if text && stale_draft =>
            {
                let quote: String = draft.text.chars().take(120).collect();
                self.say(msg::DRAFT_SET_ASIDE, &[("text", Arg::from(quote))]);
                (State::Idle, true)
            }
            State::Describing { files } if fresh && stale_draft && !files.is_empty() => {
                self.say(msg::FILES_SET_ASIDE, &[("count", Arg::from(files.len()))]);
                (State::Idle, true)
            }
            State::Adding { .. } if fresh && idle_ms > ADDING_ENDS_AFTER_MS => (State::Idle, true),
            _ => (state, false),
        }
    }

    async fn step(&mut self, state: State, input: Input) -> Result<Next, ServiceError> {
        match input {
            Input::Command(cmd) => self.command(state, cmd).await,
            Input::Text(text) => self.text(state, text).await,
            Input::File { file, caption } => self.file(state, file, caption).await,
            Input::Button(cb) => self.button(state, cb).await,
            Input::BadButton => {
                self.stale(true);
                Ok(Next::Keep)
            }
            Input::Unsupported => {
                self.say(msg::MEDIA_NOT_TEXT, &[]);
                Ok(Next::Keep)
            }
            Input::Edited => {
                self.say(msg::EDIT_IGNORED, &[]);
                Ok(Next::Keep)
            }
        }
    }

    /// A press (or message) that came too late: a toast on the button, so the chat is not
    /// filled with notices and the keyboard stays usable.
    pub(super) fn stale(&mut self, pressed: bool) {
        let text = self.t(msg::STALE_BUTTON, &[]);
        self.replies.push(if pressed {
            Reply::toast(text)
        } else {
            Reply::text(text)
        });
    }

    /// After a restart: a note that the complaint being written goes on, before what the
    /// turn answered — and its question again, when the turn did not ask one.
    fn resume(&mut self, before: &State, next: &Next) {
        let state = match next {
            Next::Set(s) if s.draft().is_some() => s,
            Next::Keep => before,
            _ => return,
        };
        let quote = state
            .draft()
            .map(|d| excerpt(&d.text, 60))
            .unwrap_or_default();
        let note = Reply::text(self.t(msg::RESUMED, &[("text", Arg::from(quote))]));
        let asked = self.replies.iter().any(|r| !r.buttons.is_empty());
        if asked {
            self.replies.insert(0, note);
        } else {
            self.replies.push(note);
            let question = self.question_of(state);
            self.replies.push(question);
        }
    }

    async fn command(&mut self, state: State, cmd: Command) -> Result<Next, ServiceError> {
        match cmd {
            Command::Start(_) => {
                self.say(msg::WELCOME, &[]);
                self.say(msg::PRIVACY, &[]);
                self.replies.push(self.language_choice());
                Ok(Next::Keep)
            }
            Command::Help => {
                let categories = self.categories_help();
                self.say(
                    msg::HELP,
                    &[
                        ("limit", Arg::from(crate::domain::text::MAX_TEXT_CHARS)),
                        ("categories", Arg::Html(categories)),
                    ],
                );
                Ok(Next::Keep)
            }
            Command::Lang => {
                self.replies.push(self.language_choice());
                Ok(Next::Keep)
            }
            Command::Cancel => {
                match state {
                    State::Idle => {
                        self.say(msg::NOTHING_TO_CANCEL, &[]);
                        return Ok(Next::Keep);
                    }
                    // Adding or deciding on a withdrawal: nothing was being written.
                    State::Adding { .. } | State::ConfirmWithdraw { .. } => {
                        self.say(msg::STOPPED, &[])
                    }
                    _ => self.say(msg::CANCELLED, &[]),
                }
                Ok(Next::Set(State::Idle))
            }
            Command::New => {
                if state.has_unsaved_work() {
                    self.say(msg::DRAFT_IN_PROGRESS, &[]);
                    return Ok(Next::Keep);
                }
                if self.over_daily_limit().await? {
                    return Ok(Next::Set(State::Idle));
                }
                self.say(msg::ASK_DESCRIPTION, &[]);
                Ok(Next::Set(State::Describing { files: Vec::new() }))
            }
            Command::My => {
                self.list_mine().await?;
                Ok(Next::Keep)
            }
            Command::Status(arg) => {
                self.show_status(&arg).await?;
                Ok(Next::Keep)
            }
            Command::Add(arg) => {
                if state.has_unsaved_work() {
                    self.say(msg::DRAFT_IN_PROGRESS, &[]);
                    return Ok(Next::Keep);
                }
                self.start_add(&arg).await
            }
            Command::Withdraw(arg) => {
                if state.has_unsaved_work() {
                    self.say(msg::DRAFT_IN_PROGRESS, &[]);
                    return Ok(Next::Keep);
                }
                self.start_withdraw(&arg).await
            }
            Command::Unknown(name) => {
                self.say(msg::UNKNOWN_COMMAND, &[("command", Arg::from(name))]);
                Ok(Next::Keep)
            }
            Command::ForOtherBot => Ok(Next::Keep),
            // Answered by the staff side before the conversation is reached (see `handle`).
            Command::Queue(_)
            | Command::Case(_)
            | Command::Join(_)
            | Command::Invite(_)
            | Command::Bind(_)
            | Command::Staff(_)
            | Command::Revoke(_) => Ok(Next::Keep),
        }
    }
}
