//! Test harness: a service on a database of its own (a SQLite file, or a PostgreSQL schema when
//! `TEST_DATABASE_URL` is set), a fixed clock, and a `Person` who talks to it; and [`botapi`],
//! a fake Telegram Bot API server for tests of the real binary, [`process`] to run that binary,
//! and [`chat`], a complainant's private chat with it.
#![allow(dead_code)]

pub mod desk;

pub mod botapi;
pub mod chat;
pub mod process;

use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use yingshang::classifier::Classifier;
use yingshang::clock::FixedClock;
use yingshang::i18n::{I18n, Lang};
use yingshang::service::{
    Callback, ChatKind, ChatRef, Command, FileKind, FileRef, Incoming, Input, Reply, Sender,
    Service,
};
use yingshang::storage::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// One classifier for the whole test binary: training it is cheap, but not free.
pub fn classifier() -> Arc<Classifier> {
    static C: OnceLock<Arc<Classifier>> = OnceLock::new();
    C.get_or_init(|| Arc::new(Classifier::load(None).expect("embedded rules and examples load")))
        .clone()
}

/// Where a test's database lives, so it can be opened again (a restart).
pub enum Place {
    Sqlite(tempfile::TempDir),
    Postgres { url: String, schema: String },
}

impl Place {
    pub async fn open(&self) -> Db {
        match self {
            Place::Sqlite(dir) => {
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                Db::connect(&url).await.expect("SQLite opens")
            }
            Place::Postgres { url, schema } => Db::connect_postgres_schema(url, schema)
                .await
                .expect("PostgreSQL schema opens"),
        }
    }
}

/// A fresh place for one test; `None` for PostgreSQL when it is not configured (unless CI
/// demands it with `YINGSHANG_REQUIRE_PG`, where that is a failure).
pub fn place(engine: Engine) -> Option<Place> {
    match engine {
        Engine::Sqlite => Some(Place::Sqlite(tempfile::tempdir().expect("temp dir"))),
        Engine::Postgres => {
            let url = std::env::var("TEST_DATABASE_URL")
                .ok()
                .filter(|u| !u.is_empty());
            let Some(url) = url else {
                assert!(
                    std::env::var("YINGSHANG_REQUIRE_PG").is_err(),
                    "YINGSHANG_REQUIRE_PG is set but TEST_DATABASE_URL is not"
                );
                eprintln!("TEST_DATABASE_URL is not set: PostgreSQL test skipped");
                return None;
            };
            static N: AtomicU32 = AtomicU32::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let schema = format!(
                "t_{}_{}_{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst),
                nanos % 1_000_000_000
            );
            Some(Place::Postgres { url, schema })
        }
    }
}

pub struct App {
    pub svc: Service,
    pub clock: Arc<FixedClock>,
    pub place: Place,
}

/// 10:00 in Shanghai on a Wednesday.
pub const START: &str = "2026-11-25T10:00:00+08:00";

pub async fn app(engine: Engine) -> Option<App> {
    let place = place(engine)?;
    let clock = Arc::new(FixedClock::at(START));
    let svc = service_on(place.open().await, clock.clone()).await;
    Some(App { svc, clock, place })
}

pub async fn service_on(db: Db, clock: Arc<FixedClock>) -> Service {
    let svc = Service::new(db, classifier(), Arc::new(I18n::new()), clock);
    svc.seed_departments().await.expect("departments seed");
    svc
}

impl App {
    /// Stops the service and starts a new one on the same database, as after a crash.
    pub async fn restart(&mut self) {
        self.svc.db.close().await;
        self.svc = service_on(self.place.open().await, self.clock.clone()).await;
    }

    pub fn person(&self, user_id: i64) -> Person {
        Person {
            svc: self.svc.clone(),
            user_id,
            language_code: Some("zh-hans".into()),
        }
    }

    /// The stored complaint with this tracking number (it must exist).
    pub async fn complaint(&self, tracking: &str) -> yingshang::storage::ComplaintRow {
        self.svc
            .db
            .complaint_by_tracking(tracking)
            .await
            .expect("the database answers")
            .unwrap_or_else(|| panic!("no complaint {tracking}"))
    }

    pub fn t(&self, lang: Lang, id: &str) -> String {
        self.svc.i18n.t(lang, id, &[])
    }
}

// Far above the ids the Telegram tests give their mock updates, which share the database.
static UPDATE_IDS: AtomicI64 = AtomicI64::new(1_000_000_000);

/// Someone talking to the bot.
pub struct Person {
    pub svc: Service,
    pub user_id: i64,
    pub language_code: Option<String>,
}

impl Person {
    pub async fn send(&self, input: Input) -> Vec<Reply> {
        self.send_as_update(input, UPDATE_IDS.fetch_add(1, Ordering::SeqCst))
            .await
    }

    pub async fn send_as_update(&self, input: Input, update_id: i64) -> Vec<Reply> {
        let from = Sender::new(
            self.user_id,
            format!("user {}", self.user_id),
            self.language_code.clone(),
        );
        self.svc
            .handle(Incoming {
                update_id: Some(update_id),
                ..Incoming::private(from, input)
            })
            .await
            .expect("the service handles the input")
    }

    pub async fn say(&self, text: &str) -> Vec<Reply> {
        self.send(parse(text)).await
    }

    /// Says `text` (a command or not) in the group chat `chat_id` (e.g. `-1001234`).
    pub async fn say_in(&self, chat_id: i64, text: &str) -> Vec<Reply> {
        self.send_in(chat_id, parse(text), false).await
    }

    /// Says `text` in the group chat `chat_id` as an anonymous group admin (the message
    /// carries `sender_chat`).
    pub async fn say_anonymously_in(&self, chat_id: i64, text: &str) -> Vec<Reply> {
        self.send_in(chat_id, parse(text), true).await
    }

    /// Sends `input` in the group chat `chat_id`.
    pub async fn send_in(&self, chat_id: i64, input: Input, via_chat: bool) -> Vec<Reply> {
        let from = Sender {
            via_chat,
            ..Sender::new(
                self.user_id,
                format!("user {}", self.user_id),
                self.language_code.clone(),
            )
        };
        self.svc
            .handle(Incoming {
                from,
                chat: ChatRef {
                    id: chat_id,
                    kind: ChatKind::Group,
                },
                update_id: Some(UPDATE_IDS.fetch_add(1, Ordering::SeqCst)),
                message_id: None,
                reply_to: None,
                input,
            })
            .await
            .expect("the service handles the input")
    }

    pub async fn press(&self, cb: Callback) -> Vec<Reply> {
        self.send(Input::Button(cb)).await
    }

    pub async fn photo(&self, id: &str, caption: Option<&str>) -> Vec<Reply> {
        self.send(Input::File {
            file: FileRef {
                kind: FileKind::Photo,
                file_id: id.into(),
                file_name: None,
            },
            caption: caption.map(str::to_owned),
        })
        .await
    }

    pub async fn document(&self, id: &str, name: &str) -> Vec<Reply> {
        self.send(Input::File {
            file: FileRef {
                kind: FileKind::Document,
                file_id: id.into(),
                file_name: Some(name.into()),
            },
            caption: None,
        })
        .await
    }

    /// Describes a problem, confirms the proposal and stays anonymous: the complaint then
    /// waits at the files step, ready to be filed with Done.
    pub async fn draft_anonymously(&self, text: &str) {
        self.say(text).await;
        self.press(Callback::Confirm).await;
        self.press(Callback::Anonymous(true)).await;
    }

    /// Files a complaint the short way: describe, confirm (as a new complaint), stay named,
    /// skip details, file.
    /// Returns the tracking number.
    pub async fn file(&self, text: &str) -> String {
        let r = self.say(text).await;
        assert!(
            has_button(&r, &Callback::Confirm),
            "no proposal for {text:?}: {}",
            all_text(&r)
        );
        let r = self.press(Callback::Confirm).await;
        if has_button(&r, &Callback::FileNew) {
            // It looks like an open complaint of this person's: file it anew anyway.
            self.press(Callback::FileNew).await;
        }
        self.press(Callback::Anonymous(false)).await;
        self.press(Callback::UseName).await;
        self.press(Callback::Skip).await;
        self.press(Callback::Skip).await;
        let r = self.press(Callback::Done).await;
        tracking_in(&r).unwrap_or_else(|| panic!("no tracking number in {}", all_text(&r)))
    }
}

/// A typed line as the front reads it: a command, or text.
pub fn parse(text: &str) -> Input {
    match Command::parse(text) {
        Some(cmd) => Input::Command(cmd),
        None => Input::Text(text.to_owned()),
    }
}

/// What waits in the outbox (announcements, and replies no front has sent).
pub async fn queued(app: &App) -> Vec<yingshang::storage::OutboxRow> {
    app.svc
        .db
        .due_notices(i64::MAX / 2, 1000)
        .await
        .expect("the outbox reads")
}

pub fn all_text(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(|r| r.html.as_str())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

pub fn has_button(replies: &[Reply], cb: &Callback) -> bool {
    replies
        .iter()
        .flat_map(|r| r.buttons.iter().flatten())
        .any(|b| &b.callback == cb)
}

/// The first `YS-YYYYMMDD-NNNN` in the replies.
pub fn tracking_in(replies: &[Reply]) -> Option<String> {
    let re = regex::Regex::new(r"YS-\d{8}-\d{4,}").unwrap();
    replies
        .iter()
        .find_map(|r| re.find(&r.html).map(|m| m.as_str().to_owned()))
}

/// Generates one `#[tokio::test]` per engine for each listed `async fn(Engine)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::$name($crate::common::Engine::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                super::$name($crate::common::Engine::Postgres).await
            })*
        }
    };
}
