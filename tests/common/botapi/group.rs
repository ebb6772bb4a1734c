//! Group chats as Telegram has them, for the fake Bot API: a supergroup the bot is a member
//! of, its members' messages (commands too), their replies to the bot's messages, their presses
//! on the buttons of the bot's messages there, and messages sent by an anonymous admin on
//! behalf of the group.
//!
//! The bot's privacy mode is on, as for a bot whose `can_read_all_group_messages` is false
//! (what `getMe` says): of its members' messages the bot gets only commands (not those
//! addressed to another bot) and replies to its own messages, unless the group made it an
//! admin.
//!
//! ```ignore
//! let group = TgGroup::supergroup(-1_001_234_567_890, "区财政局 投诉办理");
//! api.add_group(&group);
//! let clerk = TgUser::new(601, "李科长");
//! api.group_text(&group, &clerk, "/queue");
//! let card = api.wait_until(WAIT, |api| api.sent(group.id).into_iter().next()).unwrap();
//! let query = api.group_press(&group, &clerk, card.message_id, "c:res");
//! let prompt = api.wait_until(WAIT, |api| {
//!     api.sent(group.id).into_iter().find(|m| m.force_reply().is_some())
//! });
//! api.group_reply(&group, &clerk, prompt.unwrap().message_id, "款项已拨付");
//! ```

use serde_json::{json, Value};

use super::{command_of, FakeBotApi, State, TgUser, BOT_ID, BOT_USERNAME};

/// The user Telegram puts in `from` of a message an anonymous admin sends on behalf of the
/// group (@GroupAnonymousBot); the group itself is in `sender_chat`.
pub const GROUP_ANONYMOUS_BOT_ID: i64 = 1_087_968_824;

/// A group chat the bot is in.
#[derive(Debug, Clone)]
pub struct TgGroup {
    pub id: i64,
    pub title: String,
    /// An admin bot gets every message of the group, privacy mode or not.
    pub bot_is_admin: bool,
}

impl TgGroup {
    /// A supergroup: its id is -100 followed by the channel's id (e.g. -1001234567890).
    pub fn supergroup(id: i64, title: &str) -> TgGroup {
        assert!(
            id <= -1_000_000_000_000,
            "a supergroup's id starts with -100 and has 13 digits or more: {id}"
        );
        TgGroup {
            id,
            title: title.to_owned(),
            bot_is_admin: false,
        }
    }

    /// The group made the bot an admin: it reads every message.
    pub fn bot_admin(mut self) -> TgGroup {
        self.bot_is_admin = true;
        self
    }

    pub(super) fn json(&self) -> Value {
        json!({"id": self.id, "type": "supergroup", "title": self.title})
    }
}

fn anonymous_admin() -> Value {
    json!({"id": GROUP_ANONYMOUS_BOT_ID, "is_bot": true, "first_name": "Group",
        "username": "GroupAnonymousBot"})
}

impl State {
    fn group(&self, group: &TgGroup) -> &TgGroup {
        self.groups
            .get(&group.id)
            .unwrap_or_else(|| panic!("the bot is not in group {} (add_group first)", group.id))
    }

    /// Whether the bot gets a message in `group` at all, with privacy mode on.
    fn bot_reads(&self, group: &TgGroup, message: &Value) -> bool {
        if self.group(group).bot_is_admin {
            return true;
        }
        let to_bot = message["reply_to_message"]["from"]["id"].as_i64() == Some(BOT_ID);
        let command = message["text"]
            .as_str()
            .and_then(command_of)
            .is_some_and(|c| match c.split_once('@') {
                Some((_, bot)) => bot.eq_ignore_ascii_case(BOT_USERNAME),
                None => true,
            });
        to_bot || command
    }

    /// Stores a member's message and, if the bot may read it, queues it as an update.
    fn post(&mut self, group: &TgGroup, message: Value) -> i64 {
        let id = message["message_id"].as_i64().unwrap();
        self.messages.insert((group.id, id), message.clone());
        if self.bot_reads(group, &message) {
            self.queue_update("message", message);
        }
        id
    }

    fn reply_to(&self, group: &TgGroup, message_id: i64) -> Value {
        let mut to = self
            .messages
            .get(&(group.id, message_id))
            .cloned()
            .unwrap_or_else(|| panic!("no message {message_id} in group {}", group.id));
        // Telegram nests one level only.
        to.as_object_mut().unwrap().remove("reply_to_message");
        to
    }
}

impl FakeBotApi {
    /// The bot is added to `group`: from now on it may write there (before, and in any other
    /// group, Telegram answers "chat not found"), and its members may talk to it.
    pub fn add_group(&self, group: &TgGroup) {
        self.push(|st| st.groups.insert(group.id, group.clone()));
    }

    /// `from` writes `text` in the group (a command if it starts with `/`). Returns the
    /// message's id; the bot gets it only if privacy mode lets it (see the module's doc).
    pub fn group_text(&self, group: &TgGroup, from: &TgUser, text: &str) -> i64 {
        self.push(|st| {
            st.group(group);
            let message = st.new_message(group.id, from.json(), text);
            st.post(group, message)
        })
    }

    /// `from` replies with `text` to message `to` of the group (the bot's prompt, typically).
    /// The update's `reply_to_message` is that message as the group sees it now (as it was
    /// sent, unless it was edited since), without its own `reply_to_message`.
    pub fn group_reply(&self, group: &TgGroup, from: &TgUser, to: i64, text: &str) -> i64 {
        self.push(|st| {
            st.group(group);
            let replied = st.reply_to(group, to);
            let mut message = st.new_message(group.id, from.json(), text);
            message["reply_to_message"] = replied;
            st.post(group, message)
        })
    }

    /// An anonymous admin writes `text` in the group: `from` is @GroupAnonymousBot and
    /// `sender_chat` the group itself.
    pub fn anonymous_admin_text(&self, group: &TgGroup, text: &str) -> i64 {
        self.push(|st| {
            st.group(group);
            let mut message = st.new_message(group.id, anonymous_admin(), text);
            message["sender_chat"] = st.group(group).json();
            st.post(group, message)
        })
    }

    /// `from` presses the button `data` on message `message_id` of the group. The button
    /// must be on the message as it is now (a keyboard edited away cannot be pressed). Returns
    /// the callback query's id.
    pub fn group_press(
        &self,
        group: &TgGroup,
        from: &TgUser,
        message_id: i64,
        data: &str,
    ) -> String {
        self.push(|st| {
            st.group(group);
            st.new_press(group.id, from, message_id, data)
        })
    }

    /// A callback query with any `data` on message `message_id` of the group, as a modified
    /// client can send it: nothing checks that the message has such a button.
    pub fn group_press_forged(
        &self,
        group: &TgGroup,
        from: &TgUser,
        message_id: i64,
        data: &str,
    ) -> String {
        self.push(|st| {
            st.group(group);
            let message = st
                .messages
                .get(&(group.id, message_id))
                .cloned()
                .unwrap_or_else(|| panic!("no message {message_id} in group {}", group.id));
            st.press_data(group.id, from, message, data)
        })
    }
}
