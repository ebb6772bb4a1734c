//! The staff side in tests: clerks and supervisors who press a card's buttons and answer the
//! bot's prompts, in a group or a private chat, and an outbox delivered to a fake Telegram that
//! records what each chat got (so that cards have message ids, as in Telegram).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use yingshang::domain::Role;
use yingshang::service::{
    Callback, CardAction, ChatKind, ChatRef, Delivery, Incoming, Input, Reply, Sender, Service,
};
use yingshang::workers::outbox::{deliver_due, Deliver, DeliveryError, Limiter, Outgoing};

use super::App;

static UPDATES: AtomicI64 = AtomicI64::new(2_000_000_000);
static MESSAGES: AtomicI64 = AtomicI64::new(1_000);

/// A department group chat.
pub fn group(id: i64) -> ChatRef {
    ChatRef {
        id,
        kind: ChatKind::Group,
    }
}

/// Someone on the staff side, in one chat.
pub struct Clerk {
    pub svc: Service,
    pub user_id: i64,
    pub name: String,
    pub chat: ChatRef,
}

impl App {
    /// A person with a role, speaking in `chat`.
    pub async fn clerk(
        &self,
        user_id: i64,
        role: Role,
        department: Option<&str>,
        chat: ChatRef,
    ) -> Clerk {
        self.svc
            .db
            .set_role(user_id, role, department, false, self.svc.now_ms())
            .await
            .expect("the role is set");
        Clerk {
            svc: self.svc.clone(),
            user_id,
            name: format!("clerk {user_id}"),
            chat,
        }
    }

    /// Binds a department's group chat.
    pub async fn bind(&self, department: &str, chat: i64) {
        self.svc
            .db
            .bind_department_chat(department, Some(chat))
            .await
            .expect("bound");
    }
}

impl Clerk {
    /// The same person in another chat.
    pub fn in_chat(&self, chat: ChatRef) -> Clerk {
        Clerk {
            svc: self.svc.clone(),
            user_id: self.user_id,
            name: self.name.clone(),
            chat,
        }
    }

    pub async fn send(
        &self,
        input: Input,
        message_id: Option<i64>,
        reply_to: Option<i64>,
    ) -> Vec<Reply> {
        let from = Sender::new(self.user_id, self.name.clone(), Some("zh-hans".into()));
        self.svc
            .handle(Incoming {
                chat: self.chat,
                update_id: Some(UPDATES.fetch_add(1, Ordering::SeqCst)),
                message_id,
                reply_to,
                ..Incoming::private(from, input)
            })
            .await
            .expect("the service handles the input")
    }

    pub async fn say(&self, text: &str) -> Vec<Reply> {
        let input = match yingshang::service::Command::parse(text) {
            Some(cmd) => Input::Command(cmd),
            None => Input::Text(text.to_owned()),
        };
        self.send(input, Some(MESSAGES.fetch_add(1, Ordering::SeqCst)), None)
            .await
    }

    /// Presses a button that is not on a card (a picker, a queue row).
    pub async fn press(&self, cb: Callback) -> Vec<Reply> {
        self.send(
            Input::Button(cb),
            Some(MESSAGES.fetch_add(1, Ordering::SeqCst)),
            None,
        )
        .await
    }

    /// Presses a button on the card of `complaint_id` in this chat (it must have been
    /// delivered here: see [`deliver`]).
    pub async fn press_card(&self, complaint_id: i64, action: CardAction) -> Vec<Reply> {
        let message = self
            .svc
            .db
            .card_message(self.chat.id, complaint_id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no card of {complaint_id} in chat {}", self.chat.id));
        self.send(Input::Button(Callback::Card(action)), Some(message), None)
            .await
    }

    /// Answers the prompt among `replies` (as the front would have sent it) with `text`.
    pub async fn answer(&self, replies: &[Reply], text: &str) -> Vec<Reply> {
        let spec = replies
            .iter()
            .find_map(|r| match &r.delivery {
                Delivery::Prompt(spec) => Some(spec.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no prompt in {}", super::all_text(replies)));
        let message = MESSAGES.fetch_add(1, Ordering::SeqCst);
        self.svc
            .prompt_sent(self.chat.id, message, self.user_id, &spec)
            .await
            .unwrap();
        self.send(
            Input::Text(text.to_owned()),
            Some(MESSAGES.fetch_add(1, Ordering::SeqCst)),
            Some(message),
        )
        .await
    }
}

/// What a fake Telegram received: sends and edits, per chat.
#[derive(Default)]
pub struct Received {
    pub messages: Mutex<Vec<(i64, String, Option<String>)>>,
}

impl Received {
    /// The texts one chat received, in order (edits included).
    pub fn texts(&self, chat: i64) -> Vec<String> {
        self.messages
            .lock()
            .unwrap()
            .iter()
            .filter(|(c, _, _)| *c == chat)
            .map(|(_, t, _)| t.clone())
            .collect()
    }

    /// Everything any chat received, with its buttons' data.
    pub fn everything(&self) -> String {
        self.messages
            .lock()
            .unwrap()
            .iter()
            .map(|(c, t, b)| format!("{c}: {t} {}", b.clone().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Deliver for Received {
    async fn deliver(&self, out: Outgoing<'_>) -> Result<i64, DeliveryError> {
        let (chat, html, buttons, id) = match out {
            Outgoing::Text {
                chat_id,
                html,
                buttons,
            } => (
                chat_id,
                html,
                buttons,
                MESSAGES.fetch_add(1, Ordering::SeqCst),
            ),
            Outgoing::Edit {
                chat_id,
                message_id,
                html,
                buttons,
            } => (chat_id, html, buttons, message_id),
            Outgoing::Photo {
                chat_id, caption, ..
            }
            | Outgoing::Document {
                chat_id, caption, ..
            } => (
                chat_id,
                caption,
                None,
                MESSAGES.fetch_add(1, Ordering::SeqCst),
            ),
        };
        self.messages
            .lock()
            .unwrap()
            .push((chat, html.to_owned(), buttons.map(str::to_owned)));
        Ok(id)
    }
}

/// Delivers everything the outbox holds (held replies too), as the worker would in time.
pub async fn deliver(app: &App, to: &Received) {
    for round in 0..20 {
        if app.svc.db.pending_outbox().await.unwrap() == 0 {
            return;
        }
        // Each round stands for an hour passing: past every hold, lease and rate limit.
        let now = i64::MAX / 4 + round * 3_600_000;
        deliver_due(&app.svc.db, to, &mut Limiter::default(), now)
            .await
            .unwrap();
    }
}
