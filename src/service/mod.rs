//! The application service: turns what a person sends (a command, text, a file, a button) into
//! domain calls and storage, and answers with replies to show. It knows nothing of Telegram or
//! the terminal: both fronts feed it [`Incoming`] and render its [`Reply`]s, so the console plays
//! exactly the conversation the bot does.

mod act;
mod alerts;
pub mod calendar;
pub mod callback;
mod cards;
pub mod command;
mod complaints;
pub mod dialogue;
mod limits;
mod org;
mod staff;
mod steps;
mod typed;
mod views;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use crate::classifier::Classifier;
use crate::clock::SharedClock;
use crate::i18n::I18n;
use crate::storage::{Db, StorageError};
pub use act::{Acted, Refusal};
pub use callback::{Callback, CardAction, QueueFilter, RoutePurpose};
pub use command::Command;
pub use org::BotStatus;

/// At most this many complaints a day from one person (more is refused, politely).
pub const DAILY_LIMIT: i64 = 10;
/// At most this many attachments in one complaint.
pub const MAX_ATTACHMENTS: usize = 20;

/// Who wrote, as the front knows them.
#[derive(Debug, Clone)]
pub struct Sender {
    pub user_id: i64,
    pub display_name: String,
    /// Telegram's `language_code`; decides the language until the user picks one.
    pub language_code: Option<String>,
    /// Sent on behalf of a chat (an anonymous group admin): there is no person to hold
    /// accountable, so staff actions are refused.
    pub via_chat: bool,
}

impl Sender {
    pub fn new(
        user_id: i64,
        display_name: impl Into<String>,
        language_code: Option<String>,
    ) -> Self {
        Sender {
            user_id,
            display_name: display_name.into(),
            language_code,
            via_chat: false,
        }
    }
}

/// A file the person sent (the file itself stays with Telegram; we keep its id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileRef {
    pub kind: FileKind,
    pub file_id: String,
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Photo,
    Document,
}

impl FileKind {
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Photo => "photo",
            FileKind::Document => "document",
        }
    }
}

/// What the person sent.
#[derive(Debug, Clone)]
pub enum Input {
    Command(Command),
    Text(String),
    File {
        file: FileRef,
        caption: Option<String>,
    },
    Button(Callback),
    /// A button whose data we could not read (old version, forged).
    BadButton,
    /// Stickers, voice, location, contacts…: something that is not text where text is expected.
    Unsupported,
    /// The person edited a message they had sent; edits are not picked up.
    Edited,
}

/// Where a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatRef {
    pub id: i64,
    pub kind: ChatKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// A private chat with the bot (its id is the person's).
    Private,
    /// A group or supergroup.
    Group,
}

impl ChatRef {
    /// The private chat with this person.
    pub fn private(user_id: i64) -> ChatRef {
        ChatRef {
            id: user_id,
            kind: ChatKind::Private,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Incoming {
    pub from: Sender,
    pub chat: ChatRef,
    /// Telegram's update id, when there is one: the same update delivered twice is handled once.
    pub update_id: Option<i64>,
    /// The message this input is, or for a button the message the button is on (a card).
    pub message_id: Option<i64>,
    /// The message this one replies to (the answer to a prompt).
    pub reply_to: Option<i64>,
    pub input: Input,
}

impl Incoming {
    /// A message or press in a private chat, outside Telegram (the console, tests).
    pub fn private(from: Sender, input: Input) -> Incoming {
        Incoming {
            chat: ChatRef::private(from.user_id),
            from,
            update_id: None,
            message_id: None,
            reply_to: None,
            input,
        }
    }
}

/// One message to show, in HTML, with optional buttons (rows of buttons).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub html: String,
    pub buttons: Vec<Vec<Button>>,
    pub delivery: Delivery,
}

/// How a reply reaches the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Sent at once, best effort (a question, an explanation: asked again if lost).
    Now,
    /// It reports a stored change (filed, added, withdrawn, merged) and was written to the
    /// outbox with that change, under this id: the front sends it at once and marks it sent;
    /// if that fails, or the process dies first, the outbox worker delivers it.
    Durable(i64),
    /// A short notice on the button that was pressed (Telegram's callback answer), for a press
    /// that did nothing; the message with the buttons stays as it was.
    Toast,
    /// Asks for a typed answer (Telegram's ForceReply, selective to the person who pressed):
    /// the front records the sent message with [`Service::prompt_sent`], so that the reply to
    /// it is matched by the replied-to message, never by its text.
    Prompt(PromptSpec),
    /// A complaint's card: the front records the sent message with
    /// [`Service::card_sent`], so that its buttons find the complaint.
    Card(i64),
    /// A file of the complaint, sent again by its Telegram file id (the text is its caption).
    File(FileRef),
}

/// What a prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptSpec {
    pub complaint_id: i64,
    pub asks: Asks,
    /// What was chosen before (the department of a transfer, the one a return suggests).
    pub extra: Option<String>,
}

/// The text a prompt asks for, and so the action its answer takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asks {
    /// 退单: the reason (the suggested department was chosen before).
    ReturnReason,
    /// 要求补充: the question to the complainant.
    Question,
    /// 备注: an internal note.
    Note,
    /// 转办: the reason (the department was chosen before).
    TransferReason,
    /// 答复: the reply to the complainant.
    Reply,
    /// 不予受理: the reason.
    RejectReason,
    /// 延期: how many working days, and why.
    Extension,
}

impl Asks {
    pub const ALL: [Asks; 7] = [
        Asks::ReturnReason,
        Asks::Question,
        Asks::Note,
        Asks::TransferReason,
        Asks::Reply,
        Asks::RejectReason,
        Asks::Extension,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Asks::ReturnReason => "return",
            Asks::Question => "question",
            Asks::Note => "note",
            Asks::TransferReason => "transfer",
            Asks::Reply => "reply",
            Asks::RejectReason => "reject",
            Asks::Extension => "extension",
        }
    }

    pub fn from_code(code: &str) -> Option<Asks> {
        Asks::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub label: String,
    pub callback: Callback,
}

impl Reply {
    pub fn text(html: String) -> Reply {
        Reply::with_buttons(html, Vec::new())
    }

    pub fn with_buttons(html: String, buttons: Vec<Vec<Button>>) -> Reply {
        Reply {
            html,
            buttons,
            delivery: Delivery::Now,
        }
    }

    pub fn toast(html: String) -> Reply {
        Reply {
            delivery: Delivery::Toast,
            ..Reply::text(html)
        }
    }

    /// The buttons as the outbox stores them: JSON rows of `{"label", "data"}`.
    pub fn buttons_json(&self) -> Option<String> {
        if self.buttons.is_empty() {
            return None;
        }
        let rows: Vec<Vec<serde_json::Value>> = self
            .buttons
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| serde_json::json!({"label": b.label, "data": b.callback.encode()}))
                    .collect()
            })
            .collect();
        Some(serde_json::Value::from(rows).to_string())
    }

    /// This reply as a notice to the private chat `chat_id`, held for the front's fast path.
    pub fn to_notice(&self, chat_id: i64, dedupe_key: String) -> crate::storage::NewNotice {
        crate::storage::NewNotice {
            buttons: self.buttons_json(),
            hold_ms: FAST_PATH_HOLD_MS,
            ..crate::storage::NewNotice::text(chat_id, self.html.clone(), Some(dedupe_key))
        }
    }
}

/// How long the outbox worker leaves a reply alone that the front is sending itself. Longer
/// than one Bot API call can take (teloxide's client gives up after 17 s), short enough that
/// after a crash the complainant hears within seconds, not minutes.
pub const FAST_PATH_HOLD_MS: i64 = 30_000;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("stored dialogue state is unreadable: {0}")]
    State(#[from] serde_json::Error),
}

/// Everything the service needs, shared by both fronts and all tasks.
#[derive(Clone)]
pub struct Service {
    pub db: Db,
    pub classifier: Arc<Classifier>,
    pub i18n: Arc<I18n>,
    pub clock: SharedClock,
    /// People heard from since this process started: the first time someone writes after a
    /// restart, a conversation left half-way is shown again.
    seen: Arc<Mutex<HashSet<i64>>>,
    /// Wakes the background jobs when work was queued for them (see [`crate::workers`]).
    pub wake: Arc<tokio::sync::Notify>,
    /// The working-day calendar, built from the database now and then.
    calendar: Arc<calendar::CalendarCache>,
    /// The bot's Telegram username, learned at start (`getMe`), for invite deep links; unset
    /// in the console. See [`Service::set_bot_username`].
    bot_username: Arc<OnceLock<String>>,
}

impl Service {
    pub fn new(db: Db, classifier: Arc<Classifier>, i18n: Arc<I18n>, clock: SharedClock) -> Self {
        Service {
            db,
            classifier,
            i18n,
            clock,
            seen: Arc::default(),
            wake: Arc::default(),
            calendar: Arc::default(),
            bot_username: Arc::default(),
        }
    }

    /// True the first time this person is heard from since the process started.
    fn first_contact(&self, user_id: i64) -> bool {
        // A poisoned lock only means another task panicked while inserting; the set is fine.
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.insert(user_id)
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// Puts the departments of the rules file, and the leadership, into the database (on every
    /// start: names follow the rules, bound chats stay).
    pub async fn seed_departments(&self) -> Result<(), ServiceError> {
        for (code, info) in &self.classifier.rules().departments {
            let en = if info.name_en.is_empty() {
                &info.name_zh
            } else {
                &info.name_en
            };
            self.db.upsert_department(code, &info.name_zh, en).await?;
        }
        // The district leadership is not a department of the rules, but it handles conflict
        // cases against the business-environment bureau itself and has a chat to bind.
        let name = |lang| self.i18n.t(lang, crate::i18n::msg::HANDLER_LEADERSHIP, &[]);
        self.db
            .upsert_department(
                crate::classifier::LEADERSHIP,
                &name(crate::i18n::Lang::Zh),
                &name(crate::i18n::Lang::En),
            )
            .await?;
        Ok(())
    }
}
