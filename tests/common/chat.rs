//! A complainant's private chat with the real bot, seen through the fake Bot API: what the
//! complainant says and presses, and the bot's messages read one after the other.

use std::time::Duration;

use regex::Regex;

use super::botapi::{FakeBotApi, Sent, TgUser};

/// How long one step of a conversation may take (a debug build on a busy machine).
pub const STEP: Duration = Duration::from_secs(15);
pub const ARREARS: &str = "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱";
pub const TRACKING: &str = r"YS-\d{8}-\d{4}";

/// A complainant's private chat with the bot, seen through the fake.
pub struct Chat<'a> {
    pub api: &'a FakeBotApi,
    pub user: TgUser,
    /// How many of the bot's messages in this chat the test has read.
    pub read: usize,
    /// The callback queries pressed, to check that each was answered.
    pub pressed: Vec<String>,
}

impl<'a> Chat<'a> {
    pub fn new(api: &'a FakeBotApi, user_id: i64) -> Chat<'a> {
        Chat {
            api,
            user: TgUser::new(user_id, "王").language("zh-hans"),
            read: 0,
            pressed: Vec::new(),
        }
    }

    pub fn say(&self, text: &str) {
        self.api.send_text(&self.user, text);
    }

    /// The bot's next message (not read before) that satisfies `check`, within `timeout`.
    pub fn next(&mut self, what: &str, timeout: Duration, check: impl Fn(&Sent) -> bool) -> Sent {
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
    pub fn next_with_button(&mut self, data: &str) -> Sent {
        self.next(&format!("message with the button {data:?}"), STEP, |m| {
            m.has_button(data)
        })
    }

    /// Presses the button `data` on the bot's message `on`; returns the callback query's id.
    pub fn press(&mut self, on: &Sent, data: &str) -> String {
        assert!(on.has_button(data), "no button {data:?} on {on:?}");
        let id = self.api.press(&self.user, on.message_id, data);
        self.pressed.push(id.clone());
        id
    }

    /// Describes the arrears, confirms the proposal and stays anonymous: the next press of
    /// `done` files the complaint. Returns the message that carries `done`.
    pub fn draft_anonymously(&mut self) -> Sent {
        self.say(ARREARS);
        let proposal = self.next_with_button("ok");
        self.press(&proposal, "ok");
        let anonymity = self.next_with_button("anon:1");
        self.press(&anonymity, "anon:1");
        self.next_with_button("done")
    }

    /// Files the arrears under the name the complainant has on Telegram, without company or
    /// phone: `text`, `ok`, `anon:0`, `name`, `skip`, `skip`, `done`. Returns the message
    /// with the tracking number.
    pub fn file_named(&mut self) -> Sent {
        self.say(ARREARS);
        for data in ["ok", "anon:0", "name", "skip", "skip", "done"] {
            let on = self.next_with_button(data);
            self.press(&on, data);
        }
        let re = Regex::new(TRACKING).unwrap();
        self.next("tracking number", STEP, |m| re.is_match(&m.text))
    }

    pub fn tracking_messages(&self) -> Vec<Sent> {
        let re = Regex::new(TRACKING).unwrap();
        let sent = self.api.sent(self.user.id);
        sent.into_iter().filter(|m| re.is_match(&m.text)).collect()
    }

    /// Asks for /help and waits for its answer: whatever the bot was sending before has been
    /// sent by then (it handles one chat's updates in order).
    pub fn round_trip(&mut self) {
        self.say("/help");
        self.next("answer to /help", STEP, |m| m.text.contains("/status"));
    }

    /// Every sendMessage call for this chat, faulted ones too, for failure messages.
    pub fn transcript(&self) -> String {
        transcript(self.api, self.user.id)
    }
}

/// Every sendMessage call for `chat_id`, faulted ones too, and every edit there: for failure
/// messages.
pub fn transcript(api: &FakeBotApi, chat_id: i64) -> String {
    let lines: Vec<String> = api
        .calls()
        .iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(chat_id))
        .map(|c| {
            let id = c
                .result
                .as_ref()
                .and_then(|m| m["message_id"].as_i64())
                .or_else(|| c.params["message_id"].as_i64());
            let id = id.map_or("-".to_owned(), |id| format!("#{id}"));
            let text = c.params["text"].as_str().unwrap_or_default();
            let markup = match c.params.get("reply_markup") {
                Some(m) if m.get("force_reply").is_some() => " [ForceReply]".to_owned(),
                Some(m) => format!(" {}", super::botapi::buttons_line(Some(m))),
                None => String::new(),
            };
            format!("{} {:?} {id} {text:?}{markup}", c.method, c.outcome)
        })
        .collect();
    lines.join("\n")
}
