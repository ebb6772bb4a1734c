//! The real binary (`yingshang run`) against the project's fake Bot API: start-up when the
//! Bot API is out of reach, refuses the token or is misconfigured; a complaint filed end to
//! end through buttons; and the filing reply surviving faults on its way to the complainant.
//!
//! Every wait is bounded; every bot process is killed when its test ends, passed or failed.

mod common;

use std::time::Duration;

use common::botapi::{FakeBotApi, Fault, FaultKind, Outcome, TgUser, BOT_USERNAME, TOKEN};
use common::chat::{Chat, ARREARS, STEP, TRACKING};
use common::process::{lines_with, start_bot};
use regex::Regex;

/// How long the filing reply may take to get through a fault.
const DELIVERY: Duration = Duration::from_secs(40);

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
