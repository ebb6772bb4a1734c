//! The real binary (`yingshang run`) against the project's fake Bot API: start-up when the
//! Bot API is out of reach, refuses the token or is misconfigured; a complaint filed end to
//! end through buttons; and the filing reply surviving faults on its way to the complainant.
//!
//! Every wait is bounded; every bot process is killed when its test ends, passed or failed.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use common::botapi::{FakeBotApi, Fault, FaultKind, Outcome, Sent, TgUser, BOT_USERNAME, TOKEN};
use regex::Regex;

/// How long one step of a conversation may take (a debug build on a busy machine).
const STEP: Duration = Duration::from_secs(15);
/// How long the filing reply may take to get through a fault.
const DELIVERY: Duration = Duration::from_secs(40);

const ARREARS: &str = "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱";
const TRACKING: &str = r"YS-\d{8}-\d{4}";

/// What a bot process wrote to stderr, line by line, without colours.
#[derive(Default)]
struct Log {
    text: Mutex<String>,
    grew: Condvar,
}

/// A running `yingshang run`. Dropping it kills the process and reaps it, so that no test
/// leaves one behind, whatever its outcome.
struct BotProcess {
    child: Child,
    log: Arc<Log>,
}

/// `yingshang run` in `dir` (its working directory and database) against `api_url`.
fn start_bot(api_url: &str, dir: &Path) -> BotProcess {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yingshang"));
    cmd.arg("run")
        .current_dir(dir)
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", api_url)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("t.db").display()),
        )
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        // Nothing of the environment the tests run in may reach the bot: a proxy would send
        // the requests for 127.0.0.1 elsewhere.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for var in [
        "TELOXIDE_PROXY",
        "YINGSHANG_RULES",
        "YINGSHANG_ADMINS",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().expect("the binary starts");
    let log = Arc::new(Log::default());
    let stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        let ansi = Regex::new(r"\x1b\[[0-9;]*m").unwrap();
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let mut text = sink.text.lock().unwrap();
            text.push_str(&ansi.replace_all(&line, ""));
            text.push('\n');
            sink.grew.notify_all();
        }
    });
    BotProcess { child, log }
}

impl BotProcess {
    fn stderr(&self) -> String {
        self.log.text.lock().unwrap().clone()
    }

    /// Waits until the stderr so far satisfies `check`.
    fn wait_for_log(&self, timeout: Duration, check: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut text = self.log.text.lock().unwrap();
        while !check(&text) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            text = self.log.grew.wait_timeout(text, left).unwrap().0;
        }
        true
    }

    /// The exit status, if the process ends within `timeout`.
    fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the process can be waited for")
            {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args(["-s", name, &self.child.id().to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -s {name} failed");
    }

    /// `kill -9`: no chance to finish anything.
    fn kill_hard(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_with<'a>(log: &'a str, needle: &str) -> Vec<&'a str> {
    log.lines().filter(|l| l.contains(needle)).collect()
}

/// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------------------------
// Start-up

#[test]
fn startup_keeps_retrying_an_unreachable_bot_api_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{}", closed_port());
    let mut bot = start_bot(&url, dir.path());

    let retried = bot.wait_for_log(STEP, |log| lines_with(log, "trying again").len() >= 2);
    let log = bot.stderr();
    assert!(retried, "no second attempt:\n{log}");
    let warnings = lines_with(&log, "trying again");
    assert!(
        warnings
            .iter()
            .all(|l| l.contains("WARN") && l.contains(&url)),
        "each attempt is one warning naming the URL:\n{log}"
    );
    assert!(
        warnings[0].contains("in 1 s") && warnings[1].contains("in 2 s"),
        "the pause doubles:\n{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
    assert!(!log.contains("running on Telegram"), "{log}");
    assert!(
        bot.wait_exit(Duration::ZERO).is_none(),
        "it keeps trying:\n{log}"
    );

    bot.signal("TERM");
    let status = bot.wait_exit(Duration::from_secs(5));
    let log = bot.stderr();
    assert!(
        status.is_some_and(|s| s.success()),
        "SIGTERM stops it cleanly within 5 s ({status:?}):\n{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn startup_with_a_refused_token_exits_1_with_one_error_line() {
    let api = FakeBotApi::start();
    api.refuse_token(true);
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(api.url(), dir.path());

    let status = bot.wait_exit(STEP);
    let log = bot.stderr();
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{log}");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 1, "one line:\n{log}");
    assert!(
        lines[0].starts_with("error: the Bot API at")
            && lines[0].contains(api.url())
            && lines[0].contains("refused the token")
            && lines[0].contains("check TELOXIDE_TOKEN"),
        "{log}"
    );
    assert!(!lines[0].contains(TOKEN), "the token stays secret: {log}");
    assert_eq!(
        api.calls_of("getMe").len(),
        1,
        "no retry of a refused token"
    );
}

#[test]
fn startup_with_an_api_url_that_is_not_a_url_exits_1_with_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot("not a url", dir.path());

    let status = bot.wait_exit(STEP);
    let log = bot.stderr();
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{log}");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 1, "one line:\n{log}");
    assert!(
        lines[0].starts_with(r#"error: TELOXIDE_API_URL is not a URL: "not a url" ("#),
        "{log}"
    );
}

#[test]
fn startup_says_running_only_after_get_me_was_answered() {
    let api = FakeBotApi::start();
    // The first two attempts find the connection dropped: the bot must wait, not run.
    let dropped = api.inject(Fault::new("getMe", FaultKind::Drop).times(2));
    let dir = tempfile::tempdir().unwrap();
    let bot = start_bot(api.url(), dir.path());

    let running = bot.wait_for_log(STEP, |log| log.contains("running on Telegram"));
    let log = bot.stderr();
    assert!(running, "never running:\n{log}");
    assert_eq!(api.fault_hits(dropped), 2);
    let get_me: Vec<Outcome> = api
        .calls_of("getMe")
        .into_iter()
        .map(|c| c.outcome)
        .collect();
    assert!(get_me.contains(&Outcome::Done), "{get_me:?}");
    let lines: Vec<&str> = log.lines().collect();
    let running_at = lines
        .iter()
        .position(|l| l.contains("running on Telegram"))
        .unwrap();
    assert_eq!(
        lines[..running_at]
            .iter()
            .filter(|l| l.contains("trying again"))
            .count(),
        2,
        "both failed attempts come before `running`:\n{log}"
    );
    assert!(
        lines[running_at].contains(&format!("@{BOT_USERNAME}")),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");

    // And polling really runs: a message is answered.
    let user = TgUser::new(7001, "李").language("zh-hans");
    api.send_text(&user, "/help");
    let help = api.wait_until(STEP, |api| api.sent(user.id).into_iter().next());
    assert!(help.is_some(), "no answer to /help:\n{}", bot.stderr());
}

#[test]
fn a_running_bot_stops_cleanly_on_sigint() {
    let api = FakeBotApi::start();
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(api.url(), dir.path());
    assert!(
        bot.wait_for_log(STEP, |log| log.contains("running on Telegram")),
        "{}",
        bot.stderr()
    );

    bot.signal("INT");
    let status = bot.wait_exit(Duration::from_secs(5));
    let log = bot.stderr();
    assert!(
        status.is_some_and(|s| s.success()),
        "SIGINT stops it within 5 s ({status:?}):\n{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

// ---------------------------------------------------------------------------------------------
// A complaint, end to end

/// A complainant's private chat with the bot, seen through the fake.
struct Chat<'a> {
    api: &'a FakeBotApi,
    user: TgUser,
    /// How many of the bot's messages in this chat the test has read.
    read: usize,
    /// The callback queries pressed, to check that each was answered.
    pressed: Vec<String>,
}

impl<'a> Chat<'a> {
    fn new(api: &'a FakeBotApi, user_id: i64) -> Chat<'a> {
        Chat {
            api,
            user: TgUser::new(user_id, "王").language("zh-hans"),
            read: 0,
            pressed: Vec::new(),
        }
    }

    fn say(&self, text: &str) {
        self.api.send_text(&self.user, text);
    }

    /// The bot's next message (not read before) that satisfies `check`, within `timeout`.
    fn next(&mut self, what: &str, timeout: Duration, check: impl Fn(&Sent) -> bool) -> Sent {
        let read = self.read;
        let found = self.api.wait_until(timeout, |api| {
            let sent = api.sent(self.user.id);
            let i = sent.iter().skip(read).position(&check)?;
            Some((read + i + 1, sent[read + i].clone()))
        });
        let Some((read, message)) = found else {
            panic!(
                "no {what} within {timeout:?}; the bot sent:\n{}",
                self.transcript()
            )
        };
        self.read = read;
        message
    }

    /// The next message carrying the button `data`.
    fn next_with_button(&mut self, data: &str) -> Sent {
        self.next(&format!("message with the button {data:?}"), STEP, |m| {
            m.has_button(data)
        })
    }

    /// Presses the button `data` on the bot's message `on`.
    fn press(&mut self, on: &Sent, data: &str) {
        assert!(on.has_button(data), "no button {data:?} on {on:?}");
        let id = self.api.press(&self.user, on.message_id, data);
        self.pressed.push(id);
    }

    /// Describes the arrears, confirms the proposal and stays anonymous: the next press of
    /// `done` files the complaint. Returns the message that carries `done`.
    fn draft_anonymously(&mut self) -> Sent {
        self.say(ARREARS);
        let proposal = self.next_with_button("ok");
        self.press(&proposal, "ok");
        let anonymity = self.next_with_button("anon:1");
        self.press(&anonymity, "anon:1");
        self.next_with_button("done")
    }

    fn tracking_messages(&self) -> Vec<Sent> {
        let re = Regex::new(TRACKING).unwrap();
        let sent = self.api.sent(self.user.id);
        sent.into_iter().filter(|m| re.is_match(&m.text)).collect()
    }

    /// Asks for /help and waits for its answer: whatever the bot was sending before has been
    /// sent by then (it handles one chat's updates in order).
    fn round_trip(&mut self) {
        self.say("/help");
        self.next("answer to /help", STEP, |m| m.text.contains("/status"));
    }

    /// Every sendMessage call for this chat, faulted ones too, for failure messages.
    fn transcript(&self) -> String {
        let calls = self.api.calls_of("sendMessage");
        let lines: Vec<String> = calls
            .iter()
            .filter(|c| c.params["chat_id"].as_i64() == Some(self.user.id))
            .map(|c| {
                let id = c.result.as_ref().and_then(|m| m["message_id"].as_i64());
                let id = id.map_or("-".to_owned(), |id| format!("#{id}"));
                let text = c.params["text"].as_str().unwrap_or_default();
                format!("{:?} {id} {text:?}", c.outcome)
            })
            .collect();
        lines.join("\n")
    }
}

#[test]
fn a_complaint_filed_through_the_buttons_gets_exactly_one_tracking_number() {
    let api = FakeBotApi::start();
    let dir = tempfile::tempdir().unwrap();
    let bot = start_bot(api.url(), dir.path());
    let mut chat = Chat::new(&api, 5001);

    chat.say(ARREARS);
    let proposal = chat.next_with_button("ok");
    assert!(proposal.text.contains("区财政局"), "{proposal:?}");
    assert_eq!(proposal.parse_mode.as_deref(), Some("HTML"));
    chat.press(&proposal, "ok");
    let anonymity = chat.next_with_button("anon:0");
    chat.press(&anonymity, "anon:0");
    let name = chat.next_with_button("name");
    chat.press(&name, "name");
    let company = chat.next_with_button("skip");
    chat.press(&company, "skip");
    let phone = chat.next_with_button("skip");
    chat.press(&phone, "skip");
    let files = chat.next_with_button("done");
    chat.press(&files, "done");
    let filed = chat.next("tracking number", STEP, |m| {
        Regex::new(TRACKING).unwrap().is_match(&m.text)
    });
    assert!(filed.text.contains("区财政局"), "{filed:?}");

    chat.round_trip();
    assert_eq!(
        chat.tracking_messages().len(),
        1,
        "exactly one message with the tracking number:\n{}",
        chat.transcript()
    );
    let answered: Vec<String> = api
        .callback_answers()
        .into_iter()
        .map(|a| a.callback_query_id)
        .collect();
    for id in &chat.pressed {
        assert!(answered.contains(id), "callback query {id} not answered");
    }
    assert!(!bot.stderr().contains("panicked"), "{}", bot.stderr());
}

// ---------------------------------------------------------------------------------------------
// The filing reply meets a fault: the complainant still gets the tracking number, once.

/// The fault strikes the reply that carries the tracking number, in this chat only.
fn on_filing_reply(kind: FaultKind, chat_id: i64) -> Fault {
    Fault::new("sendMessage", kind)
        .text(r"YS-\d{8}-")
        .chat(chat_id)
}

/// Files a complaint while `kind` strikes the filing reply once; checks that the reply is
/// delivered exactly once anyway.
fn filing_reply_survives(kind: FaultKind) {
    let api = FakeBotApi::start();
    let dir = tempfile::tempdir().unwrap();
    let bot = start_bot(api.url(), dir.path());
    let mut chat = Chat::new(&api, 6001);

    let files = chat.draft_anonymously();
    let fault = api.inject(on_filing_reply(kind, chat.user.id));
    chat.press(&files, "done");

    chat.next("tracking number after the fault", DELIVERY, |m| {
        Regex::new(TRACKING).unwrap().is_match(&m.text)
    });
    assert_eq!(
        api.fault_hits(fault),
        1,
        "the fault struck the filing reply"
    );
    chat.round_trip();
    assert_eq!(
        chat.tracking_messages().len(),
        1,
        "exactly one delivered message with the tracking number:\n{}\n{}",
        chat.transcript(),
        bot.stderr()
    );
}

#[test]
fn filing_reply_delivered_once_after_a_429_too_many_requests() {
    filing_reply_survives(FaultKind::TooManyRequests { retry_after: 1 });
}

#[test]
fn filing_reply_delivered_once_after_a_500_internal_server_error() {
    filing_reply_survives(FaultKind::ServerError);
}

#[test]
fn filing_reply_delivered_once_after_a_dropped_connection() {
    filing_reply_survives(FaultKind::Drop);
}

#[test]
fn filing_reply_delivered_once_after_kill_9_between_commit_and_send() {
    let api = FakeBotApi::start();
    let dir = tempfile::tempdir().unwrap();
    let mut bot = start_bot(api.url(), dir.path());
    let mut chat = Chat::new(&api, 6002);

    let files = chat.draft_anonymously();
    // The filing reply hangs: the complaint is committed, the reply is on its way.
    let hang = api.inject(on_filing_reply(FaultKind::Hang, chat.user.id));
    chat.press(&files, "done");
    let hung = api.wait_until(STEP, |api| (api.fault_hits(hang) == 1).then_some(()));
    assert!(
        hung.is_some(),
        "the filing reply was never sent:\n{}",
        bot.stderr()
    );
    bot.kill_hard();
    assert!(
        chat.tracking_messages().is_empty(),
        "the hung reply was not delivered"
    );

    let bot = start_bot(api.url(), dir.path());
    chat.next("tracking number after the restart", DELIVERY, |m| {
        Regex::new(TRACKING).unwrap().is_match(&m.text)
    });
    chat.round_trip();
    assert_eq!(
        chat.tracking_messages().len(),
        1,
        "exactly one delivered message with the tracking number:\n{}\n{}",
        chat.transcript(),
        bot.stderr()
    );
}
