//! A fake Telegram Bot API server, so that tests can run the real binary without reaching
//! Telegram: it speaks HTTP/1.1 with keep-alive on 127.0.0.1, answers the methods the bot uses
//! with realistic JSON, queues updates for long polling, records every call, and injects
//! faults (429, 500, a dropped connection, a request that hangs, a refused token).
//!
//! ```ignore
//! let api = FakeBotApi::start();
//! // Run the bot with TELOXIDE_API_URL = api.url() and TELOXIDE_TOKEN = botapi::TOKEN.
//! let user = TgUser::new(1001, "王").language("zh-hans");
//! api.send_text(&user, "工程款拖欠了两年");
//! let proposal = api
//!     .wait_until(WAIT, |api| api.sent(user.id).into_iter().find(|m| m.has_button("ok")))
//!     .expect("a proposal");
//! let fault = api.inject(Fault::new("sendMessage", FaultKind::ServerError).text(r"YS-\d{8}-"));
//! api.press(&user, proposal.message_id, "ok");
//! assert_eq!(api.fault_hits(fault), 1);
//! ```
//!
//! The server runs on a thread and a tokio runtime of its own, so tests may be plain `#[test]`
//! functions that block; every wait takes a timeout.
//!
//! Group chats (supergroups, members' messages and replies, presses on the bot's messages
//! there, anonymous admins, the bot's privacy mode) are in [`group`].

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use regex::Regex;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, watch};

pub mod group;
mod methods;

pub use group::TgGroup;
use methods::{command_of, handle};

/// The token the fake accepts (any other is answered 401 Unauthorized, as Telegram does).
pub const TOKEN: &str = "123456789:TEST-fake-token";
pub const BOT_ID: i64 = 123_456_789;
pub const BOT_USERNAME: &str = "yingshang_test_bot";

/// A Telegram user who talks to the bot in a private chat (whose id is the user's id).
#[derive(Debug, Clone)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str) -> TgUser {
        TgUser {
            id,
            first_name: first_name.to_owned(),
            language_code: None,
        }
    }

    pub fn language(mut self, code: &str) -> TgUser {
        self.language_code = Some(code.to_owned());
        self
    }

    fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }
}

/// What goes wrong with a call a [`Fault`] matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// 429 Too Many Requests with `parameters.retry_after`.
    TooManyRequests { retry_after: u32 },
    /// 500 Internal Server Error.
    ServerError,
    /// The connection is closed without an answer.
    Drop,
    /// No answer until [`FakeBotApi::release_hung`] (then the call is handled as usual), or
    /// until the client goes away (then it is not handled at all).
    Hang,
}

/// A rule that makes the next matching calls fail: the method (any spelling), optionally the
/// call's `text` (a regex) and chat, for a number of calls (one unless told).
#[derive(Debug, Clone)]
pub struct Fault {
    method: String,
    text: Option<Regex>,
    chat_id: Option<i64>,
    times: usize,
    kind: FaultKind,
}

impl Fault {
    pub fn new(method: &str, kind: FaultKind) -> Fault {
        Fault {
            method: method.to_owned(),
            text: None,
            chat_id: None,
            times: 1,
            kind,
        }
    }

    /// Only calls whose `text` matches this regex.
    pub fn text(mut self, regex: &str) -> Fault {
        self.text = Some(Regex::new(regex).expect("a valid regex"));
        self
    }

    /// Only calls for this chat.
    pub fn chat(mut self, chat_id: i64) -> Fault {
        self.chat_id = Some(chat_id);
        self
    }

    /// The next `n` matching calls (a number, not "forever": tests must end).
    pub fn times(mut self, n: usize) -> Fault {
        self.times = n;
        self
    }

    fn matches(&self, method: &str, params: &Value) -> bool {
        self.times > 0
            && self.method.eq_ignore_ascii_case(method)
            && self
                .chat_id
                .is_none_or(|c| params["chat_id"].as_i64() == Some(c))
            && self.text.as_ref().is_none_or(|re| {
                params["text"]
                    .as_str()
                    .is_some_and(|text| re.is_match(text))
            })
    }
}

/// Which fault [`FakeBotApi::inject`] added, to ask how often it struck.
#[derive(Debug, Clone, Copy)]
pub struct FaultId(usize);

/// How the fake answered a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `"ok": true`: the call did what it asked (a message sent is delivered).
    Done,
    /// An error answer of the Bot API itself (400, 401, 404), with its code.
    Refused(u16),
    /// A fault was injected instead.
    Faulted(FaultKind),
}

/// One call the bot made, in the order the calls arrived.
#[derive(Debug, Clone)]
pub struct Call {
    /// The method as sent (teloxide spells it `SendMessage`).
    pub method: String,
    pub params: Value,
    pub outcome: Outcome,
    /// The `result` of a successful call.
    pub result: Option<Value>,
}

impl Call {
    fn is(&self, method: &str) -> bool {
        self.method.eq_ignore_ascii_case(method)
    }
}

/// A message the fake accepted from the bot (a faulted call is not one).
#[derive(Debug, Clone)]
pub struct Sent {
    pub chat_id: i64,
    pub message_id: i64,
    /// The text as the bot sent it (with its HTML tags, if any).
    pub text: String,
    pub parse_mode: Option<String>,
    pub reply_markup: Option<Value>,
}

impl Sent {
    /// The callback data of the message's inline buttons, row by row.
    pub fn callback_data(&self) -> Vec<String> {
        callback_data(self.reply_markup.as_ref())
    }

    pub fn has_button(&self, data: &str) -> bool {
        self.callback_data().iter().any(|d| d == data)
    }

    /// Whether the message asks for a reply (`ForceReply`), and whether only of the people it
    /// mentions (`selective`).
    pub fn force_reply(&self) -> Option<bool> {
        let markup = self.reply_markup.as_ref()?;
        (markup["force_reply"] == json!(true))
            .then(|| markup["selective"].as_bool().unwrap_or(false))
    }

    /// The users the text mentions by id (`<a href="tg://user?id=N">`): whom a selective
    /// ForceReply is shown to, when the message is not itself a reply.
    pub fn mentions(&self) -> Vec<i64> {
        let re = Regex::new(r#"href="tg://user\?id=(\d+)""#).unwrap();
        re.captures_iter(&self.text)
            .filter_map(|c| c[1].parse().ok())
            .collect()
    }
}

/// A message as the chat's members see it now, after any edits.
#[derive(Debug, Clone)]
pub struct Shown {
    pub chat_id: i64,
    pub message_id: i64,
    /// The text as a client shows it (no HTML tags).
    pub text: String,
    /// The inline keyboard, if the message has one.
    pub reply_markup: Option<Value>,
    /// How many times the message was edited.
    pub edits: usize,
}

impl Shown {
    pub fn callback_data(&self) -> Vec<String> {
        callback_data(self.reply_markup.as_ref())
    }

    pub fn has_button(&self, data: &str) -> bool {
        self.callback_data().iter().any(|d| d == data)
    }
}

/// An inline keyboard's callback data on one line, for failure messages: `[c:acc c:ret …]`.
pub fn buttons_line(markup: Option<&Value>) -> String {
    format!("[{}]", callback_data(markup).join(" "))
}

fn callback_data(markup: Option<&Value>) -> Vec<String> {
    markup
        .and_then(|m| m["inline_keyboard"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
        .collect()
}

/// What the bot answered to a callback query.
#[derive(Debug, Clone)]
pub struct CallbackAnswer {
    pub callback_query_id: String,
    pub text: Option<String>,
    pub show_alert: bool,
}

/// The fake server. Dropping it stops it and closes its connections.
pub struct FakeBotApi {
    shared: Arc<Shared>,
    url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    /// Wakes test threads waiting in [`FakeBotApi::wait_until`].
    seen: Condvar,
    /// Wakes requests waiting inside the server (a long poll, a hang) when a test changes
    /// something.
    changed: watch::Sender<u64>,
}

#[derive(Default)]
struct State {
    /// Bumped on every recorded call, for waiting tests.
    generation: u64,
    next_update_id: i64,
    /// Updates not yet confirmed by an `offset`.
    updates: VecDeque<Value>,
    /// Message ids are counted per chat, shared by the user's and the bot's messages.
    last_message_id: HashMap<i64, i64>,
    /// Every message by (chat, id), as it is now: what a callback query, a reply or an edit
    /// refers to.
    messages: HashMap<(i64, i64), Value>,
    /// The bot's messages as it wrote them (HTML and all) and how often each was edited:
    /// Telegram compares formatting too when it decides whether an edit changes anything.
    written: HashMap<(i64, i64), (String, usize)>,
    users: HashMap<i64, Value>,
    /// The groups the bot is a member of.
    groups: HashMap<i64, TgGroup>,
    /// The callback queries pressed, and whether each was answered (once only, as Telegram).
    callbacks: HashMap<String, bool>,
    calls: Vec<Call>,
    faults: Vec<(Fault, usize)>,
    refuse_token: bool,
    /// Bumped by `release_hung`.
    hang_epoch: u64,
    next_callback_id: u64,
}

impl State {
    fn record(&mut self, call: Call) -> usize {
        self.calls.push(call);
        self.generation += 1;
        self.calls.len() - 1
    }

    fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let id = self.last_message_id.entry(chat_id).or_default();
        *id += 1;
        *id
    }

    fn chat(&self, chat_id: i64) -> Value {
        if let Some(group) = self.groups.get(&chat_id) {
            return group.json();
        }
        match self.users.get(&chat_id) {
            Some(user) => {
                json!({"id": chat_id, "type": "private", "first_name": user["first_name"]})
            }
            None if chat_id > 0 => json!({"id": chat_id, "type": "private", "first_name": "?"}),
            // Supergroup ids start with -100.
            None if chat_id <= -1_000_000_000_000 => {
                json!({"id": chat_id, "type": "supergroup", "title": format!("group {chat_id}")})
            }
            None => json!({"id": chat_id, "type": "group", "title": format!("group {chat_id}")}),
        }
    }

    fn queue_update(&mut self, kind: &str, payload: Value) -> i64 {
        if self.next_update_id == 0 {
            self.next_update_id = 500_000;
        }
        let id = self.next_update_id;
        self.next_update_id += 1;
        self.updates
            .push_back(json!({"update_id": id, kind: payload}));
        id
    }

    fn user_message(&mut self, from: &TgUser, text: &str) -> Value {
        self.users.insert(from.id, from.json());
        self.new_message(from.id, from.json(), text)
    }

    /// A text message by `from` (a user object) in `chat_id`, stored; a command gets its
    /// `bot_command` entity.
    fn new_message(&mut self, chat_id: i64, from: Value, text: &str) -> Value {
        let message_id = self.next_message_id(chat_id);
        let mut message = json!({
            "message_id": message_id,
            "from": from,
            "chat": self.chat(chat_id),
            "date": unix_now(),
            "text": text,
        });
        if let Some(command) = command_of(text) {
            message["entities"] = json!([{"type": "bot_command", "offset": 0,
                "length": command.encode_utf16().count()}]);
        }
        self.messages.insert((chat_id, message_id), message.clone());
        message
    }

    /// A press on the button `data` of message `message_id` in `chat_id`: the callback query
    /// carries the message as it is now. Returns the query's id.
    fn new_press(&mut self, chat_id: i64, from: &TgUser, message_id: i64, data: &str) -> String {
        let message = self
            .messages
            .get(&(chat_id, message_id))
            .cloned()
            .unwrap_or_else(|| panic!("no message {message_id} in chat {chat_id}"));
        assert!(
            callback_data(message.get("reply_markup"))
                .iter()
                .any(|d| d == data),
            "message {message_id} in chat {chat_id} has no button {data:?} to press \
             (a forged press is `group_press_forged`)"
        );
        self.press_data(chat_id, from, message, data)
    }

    /// A callback query with any `data`, as a modified client could send it.
    fn press_data(&mut self, chat_id: i64, from: &TgUser, message: Value, data: &str) -> String {
        self.next_callback_id += 1;
        let id = format!("{}{:06}", from.id, self.next_callback_id);
        self.callbacks.insert(id.clone(), false);
        self.queue_update(
            "callback_query",
            json!({
                "id": id,
                "from": from.json(),
                "message": message,
                "chat_instance": format!("ci{chat_id}"),
                "data": data,
            }),
        );
        id
    }

    fn take_fault(&mut self, method: &str, params: &Value) -> Option<FaultKind> {
        let (fault, hits) = self
            .faults
            .iter_mut()
            .find(|(f, _)| f.matches(method, params))?;
        fault.times -= 1;
        *hits += 1;
        Some(fault.kind)
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl FakeBotApi {
    /// Starts a server on a free port of 127.0.0.1.
    pub fn start() -> FakeBotApi {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
        listener.set_nonblocking(true).expect("non-blocking socket");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared {
            state: Mutex::default(),
            seen: Condvar::new(),
            changed: watch::Sender::new(0),
        });
        let (stop, stopped) = oneshot::channel();
        let server = shared.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            rt.block_on(accept(server, listener, stopped));
            // Dropping the runtime ends every connection's task and closes its socket.
        });
        FakeBotApi {
            shared,
            url,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The value for `TELOXIDE_API_URL`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.lock()
    }

    /// A private text message from `from` (a command if it starts with `/`). Returns its id.
    pub fn send_text(&self, from: &TgUser, text: &str) -> i64 {
        self.push(|st| {
            let message = st.user_message(from, text);
            st.queue_update("message", message.clone());
            message["message_id"].as_i64().unwrap()
        })
    }

    /// `from` edits their message `message_id` to `text`.
    pub fn edit_text(&self, from: &TgUser, message_id: i64, text: &str) {
        self.push(|st| {
            let key = (from.id, message_id);
            let mut message =
                st.messages.get(&key).cloned().unwrap_or_else(|| {
                    panic!("no message {message_id} in the chat with {}", from.id)
                });
            message["text"] = json!(text);
            message["edit_date"] = json!(unix_now());
            st.messages.insert(key, message.clone());
            st.queue_update("edited_message", message);
        })
    }

    /// `from` presses the button with `data` on the bot's message `message_id` in their private
    /// chat. Returns the callback query's id.
    pub fn press(&self, from: &TgUser, message_id: i64, data: &str) -> String {
        self.push(|st| {
            let message = st
                .messages
                .get(&(from.id, message_id))
                .cloned()
                .unwrap_or_else(|| panic!("no message {message_id} in the chat with {}", from.id));
            st.press_data(from.id, from, message, data)
        })
    }

    /// The message `message_id` of `chat_id` as its members see it now.
    pub fn shown(&self, chat_id: i64, message_id: i64) -> Option<Shown> {
        let st = self.lock();
        let message = st.messages.get(&(chat_id, message_id))?;
        Some(Shown {
            chat_id,
            message_id,
            text: message["text"].as_str().unwrap_or_default().to_owned(),
            reply_markup: message.get("reply_markup").cloned(),
            edits: st.written.get(&(chat_id, message_id)).map_or(0, |w| w.1),
        })
    }

    /// The edits (`editMessageText`, `editMessageReplyMarkup`) the fake accepted in `chat_id`,
    /// in order.
    pub fn edits(&self, chat_id: i64) -> Vec<Call> {
        let st = self.lock();
        st.calls
            .iter()
            .filter(|c| c.is("editMessageText") || c.is("editMessageReplyMarkup"))
            .filter(|c| c.outcome == Outcome::Done)
            .filter(|c| c.params["chat_id"].as_i64() == Some(chat_id))
            .cloned()
            .collect()
    }

    /// The answer to the callback query `id`, once the bot has given it.
    pub fn callback_answer(&self, id: &str) -> Option<CallbackAnswer> {
        self.callback_answers()
            .into_iter()
            .find(|a| a.callback_query_id == id)
    }

    /// Adds a fault rule; earlier rules are tried first.
    pub fn inject(&self, fault: Fault) -> FaultId {
        self.push(|st| {
            st.faults.push((fault, 0));
            FaultId(st.faults.len() - 1)
        })
    }

    /// How many calls the fault has struck so far.
    pub fn fault_hits(&self, id: FaultId) -> usize {
        self.lock().faults[id.0].1
    }

    /// Lets every hanging call go on; it is handled as usual.
    pub fn release_hung(&self) {
        self.push(|st| st.hang_epoch += 1)
    }

    /// From now on (or no longer), every call is answered 401 Unauthorized, as Telegram does
    /// for a revoked token.
    pub fn refuse_token(&self, refuse: bool) {
        self.push(|st| st.refuse_token = refuse)
    }

    /// Every call so far, in order of arrival.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The calls of one method (any spelling: `getMe`, `GetMe`).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let st = self.lock();
        st.calls.iter().filter(|c| c.is(method)).cloned().collect()
    }

    /// The messages accepted for `chat_id`, in order.
    pub fn sent(&self, chat_id: i64) -> Vec<Sent> {
        let st = self.lock();
        st.calls
            .iter()
            .filter(|c| c.is("sendMessage") && c.outcome == Outcome::Done)
            .filter(|c| c.params["chat_id"].as_i64() == Some(chat_id))
            .map(|c| Sent {
                chat_id,
                message_id: c.result.as_ref().unwrap()["message_id"].as_i64().unwrap(),
                text: c.params["text"].as_str().unwrap_or_default().to_owned(),
                parse_mode: c.params["parse_mode"].as_str().map(str::to_owned),
                reply_markup: c.params.get("reply_markup").cloned(),
            })
            .collect()
    }

    /// The answers to callback queries, in order.
    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.calls_of("answerCallbackQuery")
            .into_iter()
            .filter(|c| c.outcome == Outcome::Done)
            .map(|c| CallbackAnswer {
                callback_query_id: c.params["callback_query_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                text: c.params["text"].as_str().map(str::to_owned),
                show_alert: c.params["show_alert"].as_bool().unwrap_or(false),
            })
            .collect()
    }

    /// Waits until `check` finds what it looks for in what the bot did, at most `timeout`.
    pub fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&FakeBotApi) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + timeout;
        loop {
            let seen = self.lock().generation;
            if let Some(found) = check(self) {
                return Some(found);
            }
            let mut st = self.lock();
            while st.generation == seen {
                let left = deadline.checked_duration_since(Instant::now())?;
                st = self.shared.seen.wait_timeout(st, left).unwrap().0;
            }
        }
    }

    /// Changes the state and wakes the requests waiting for a change.
    fn push<T>(&self, change: impl FnOnce(&mut State) -> T) -> T {
        let out = change(&mut self.lock());
        self.shared.changed.send_modify(|n| *n += 1);
        out
    }
}

impl Drop for FakeBotApi {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock must not hide its own message behind
        // a poisoned-lock panic in the server.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn record(&self, call: Call) -> usize {
        let i = self.lock().record(call);
        self.seen.notify_all();
        i
    }
}

async fn accept(
    shared: Arc<Shared>,
    listener: std::net::TcpListener,
    mut stop: oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tokio::spawn(connection(shared.clone(), stream));
                }
            }
            _ = &mut stop => return,
        }
    }
}

/// One HTTP request, as far as the fake cares.
struct Request {
    path: String,
    body: Vec<u8>,
    close: bool,
}

/// An answer: HTTP status and JSON body; `None` drops the connection.
type Answer = Option<(u16, Value)>;

/// Serves requests on one connection until the client closes it (keep-alive: reqwest reuses
/// connections, and a long poll holds one for seconds).
async fn connection(shared: Arc<Shared>, mut stream: TcpStream) {
    let mut buf = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buf).await {
        let Some((status, body)) = answer(&shared, &request, &mut stream).await else {
            return;
        };
        let body = body.to_string();
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n",
            reason(status),
            body.len(),
            if request.close { "Connection: close\r\n" } else { "" },
        );
        let written = async {
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(body.as_bytes()).await?;
            stream.flush().await
        };
        if written.await.is_err() || request.close {
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    }
}

/// Reads one request (head and a `Content-Length` body); `None` when the connection ends or
/// sends something this fake does not speak. Bytes past the request stay in `buf`.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        read_more(stream, buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let mut length = 0;
    let mut close = false;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().ok()?,
            "connection" => close = value.eq_ignore_ascii_case("close"),
            // teloxide sends JSON with a length; chunked bodies (uploads) are not served here.
            "transfer-encoding" => return None,
            _ => {}
        }
    }
    while buf.len() < head_end + length {
        read_more(stream, buf).await?;
    }
    let body = buf[head_end..head_end + length].to_vec();
    buf.drain(..head_end + length);
    Some(Request { path, body, close })
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Some(())
        }
    }
}

fn error(code: u16, description: &str) -> (u16, Value) {
    (
        code,
        json!({"ok": false, "error_code": code, "description": description}),
    )
}

async fn answer(shared: &Shared, request: &Request, stream: &mut TcpStream) -> Answer {
    // `/bot<TOKEN>/<Method>`, maybe with a query string (ignored).
    let path = request.path.split('?').next().unwrap_or_default();
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (token, method) = match (parts.next(), parts.next()) {
        (Some(bot), Some(method)) if bot.starts_with("bot") => (&bot[3..], method.to_owned()),
        _ => return Some(error(404, "Not Found")),
    };
    let params: Value = match serde_json::from_slice(&request.body) {
        Ok(v @ Value::Object(_)) => v,
        _ if request.body.is_empty() => json!({}),
        _ => return Some(error(400, "Bad Request: can't parse JSON")),
    };
    let call = |outcome| Call {
        method: method.clone(),
        params: params.clone(),
        outcome,
        result: None,
    };

    let (refused, fault, hang_epoch) = {
        let mut st = shared.lock();
        let refused = st.refuse_token || token != TOKEN;
        let fault = (!refused)
            .then(|| st.take_fault(&method, &params))
            .flatten();
        (refused, fault, st.hang_epoch)
    };
    if refused {
        shared.record(call(Outcome::Refused(401)));
        return Some(error(401, "Unauthorized"));
    }
    let mut hung_call = None;
    if let Some(kind) = fault {
        let i = shared.record(call(Outcome::Faulted(kind)));
        match kind {
            FaultKind::TooManyRequests { retry_after } => {
                let description = format!("Too Many Requests: retry after {retry_after}");
                return Some((
                    429,
                    json!({"ok": false, "error_code": 429, "description": description,
                        "parameters": {"retry_after": retry_after}}),
                ));
            }
            FaultKind::ServerError => return Some(error(500, "Internal Server Error")),
            FaultKind::Drop => return None,
            FaultKind::Hang if !hang(shared, stream, hang_epoch).await => return None,
            FaultKind::Hang => hung_call = Some(i),
        }
    }

    let (status, body) = if method.eq_ignore_ascii_case("getUpdates") {
        (
            200,
            json!({"ok": true, "result": get_updates(shared, &params).await}),
        )
    } else {
        let mut st = shared.lock();
        match handle(&mut st, &method.to_ascii_lowercase(), &params) {
            Ok(result) => (200, json!({"ok": true, "result": result})),
            Err((code, description)) => error(code, &description),
        }
    };
    let outcome = match status {
        200 => Outcome::Done,
        code => Outcome::Refused(code),
    };
    let result = (status == 200).then(|| body["result"].clone());
    match hung_call {
        // A released call is handled now; its record says how it ended after all.
        Some(i) => {
            let mut st = shared.lock();
            st.calls[i].outcome = outcome;
            st.calls[i].result = result;
            st.generation += 1;
            drop(st);
            shared.seen.notify_all();
        }
        None => {
            shared.record(Call {
                outcome,
                result,
                ..call(Outcome::Done)
            });
        }
    }
    Some((status, body))
}

/// Holds a call until `release_hung` (true) or until the client closes the connection (false).
async fn hang(shared: &Shared, stream: &mut TcpStream, epoch: u64) -> bool {
    let mut changed = shared.changed.subscribe();
    let mut probe = [0u8; 1];
    loop {
        if shared.lock().hang_epoch != epoch {
            return true;
        }
        tokio::select! {
            _ = changed.changed() => {}
            // A client waiting for an answer sends nothing more; a read that returns means
            // it closed the connection (or broke HTTP/1.1), so nobody is waiting any more.
            _ = stream.read(&mut probe) => return false,
        }
    }
}

/// A long poll: answers at once if updates at or past `offset` are queued, else waits up to
/// `timeout` seconds for one. An `offset` confirms (forgets) every update before it.
async fn get_updates(shared: &Shared, params: &Value) -> Value {
    let timeout = Duration::from_secs(params["timeout"].as_u64().unwrap_or(0).min(60));
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let deadline = tokio::time::Instant::now() + timeout;
    let mut changed = shared.changed.subscribe();
    loop {
        {
            let mut st = shared.lock();
            if let Some(offset) = params["offset"].as_i64() {
                while st
                    .updates
                    .front()
                    .is_some_and(|u| u["update_id"].as_i64() < Some(offset))
                {
                    st.updates.pop_front();
                }
            }
            if !st.updates.is_empty() {
                return Value::Array(st.updates.iter().take(limit).cloned().collect());
            }
        }
        if tokio::time::timeout_at(deadline, changed.changed())
            .await
            .is_err()
        {
            return json!([]);
        }
    }
}
