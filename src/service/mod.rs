//! The application service: turns what a person sends (a command, text, a file, a button) into
//! domain calls and storage, and answers with replies to show. It knows nothing of Telegram or
//! the terminal: both fronts feed it [`Incoming`] and render its [`Reply`]s, so the console plays
//! exactly the conversation the bot does.

pub mod callback;
pub mod command;
mod complaints;
pub mod dialogue;
mod steps;
mod views;

use std::sync::Arc;

use crate::classifier::Classifier;
use crate::clock::SharedClock;
use crate::i18n::I18n;
use crate::storage::{Db, StorageError};
pub use callback::Callback;
pub use command::Command;

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
}

#[derive(Debug, Clone)]
pub struct Incoming {
    pub from: Sender,
    /// Telegram's update id, when there is one: the same update delivered twice is handled once.
    pub update_id: Option<i64>,
    pub input: Input,
}

/// One message to show, in HTML, with optional buttons (rows of buttons).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub html: String,
    pub buttons: Vec<Vec<Button>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub label: String,
    pub callback: Callback,
}

impl Reply {
    pub fn text(html: String) -> Reply {
        Reply {
            html,
            buttons: Vec::new(),
        }
    }

    pub fn with_buttons(html: String, buttons: Vec<Vec<Button>>) -> Reply {
        Reply { html, buttons }
    }
}

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
}

impl Service {
    pub fn new(db: Db, classifier: Arc<Classifier>, i18n: Arc<I18n>, clock: SharedClock) -> Self {
        Service {
            db,
            classifier,
            i18n,
            clock,
        }
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
