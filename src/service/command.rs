//! Slash commands, parsed the same way for Telegram and the console.

use crate::i18n::msg;

/// A command and its argument (the rest of the line, trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start`, with the deep-link payload (`join-CODE`) when there is one.
    Start(String),
    New,
    My,
    Status(String),
    Add(String),
    Withdraw(String),
    Lang,
    Help,
    Cancel,
    /// Staff: the department's open complaints (`/queue [mine|unassigned|waiting|all|CODE]`).
    Queue(String),
    /// Staff: one complaint in full (`/case NUMBER`).
    Case(String),
    /// Joins with a one-time invite code.
    Join(String),
    /// Admins: a one-time code (`/invite DEPARTMENT [staff|lead]`, `/invite supervisor`).
    Invite(String),
    /// Admins, in a group: binds it to a department (or `supervisors`, `leadership`).
    Bind(String),
    /// Admins: the people and their roles (`/staff [DEPARTMENT]`).
    Staff(String),
    /// Admins: takes someone's role away (`/revoke TELEGRAM_ID`).
    Revoke(String),
    Unknown(String),
    /// A command addressed to another bot (`/my@other_bot`, in a chat with several bots):
    /// not ours to answer.
    ForOtherBot,
}

impl Command {
    /// Parses `/name[@bot] [argument]`, whichever bot it names; `None` if the text is not a
    /// command at all.
    pub fn parse(text: &str) -> Option<Command> {
        Command::parse_for(text, None)
    }

    /// Like [`Command::parse`], for the bot called `me`: a command that names another bot is
    /// [`Command::ForOtherBot`].
    pub fn parse_for(text: &str, me: Option<&str>) -> Option<Command> {
        let text = crate::domain::text::trim_visible(text);
        let rest = text.strip_prefix('/')?;
        let (head, arg) = match rest.find(char::is_whitespace) {
            Some(i) => (&rest[..i], rest[i..].trim()),
            None => (rest, ""),
        };
        let (name, addressee) = match head.split_once('@') {
            Some((name, bot)) => (name, Some(bot)),
            None => (head, None),
        };
        let name = name.to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        if let (Some(me), Some(bot)) = (me, addressee) {
            if !bot.eq_ignore_ascii_case(me) {
                return Some(Command::ForOtherBot);
            }
        }
        let arg = arg.to_owned();
        Some(match name.as_str() {
            "start" => Command::Start(arg),
            "new" => Command::New,
            "my" => Command::My,
            "status" => Command::Status(arg),
            "add" => Command::Add(arg),
            "withdraw" => Command::Withdraw(arg),
            "lang" | "language" => Command::Lang,
            "help" => Command::Help,
            "cancel" => Command::Cancel,
            "queue" => Command::Queue(arg),
            "case" => Command::Case(arg),
            "join" => Command::Join(arg),
            "invite" => Command::Invite(arg),
            "bind" => Command::Bind(arg),
            "staff" => Command::Staff(arg),
            "revoke" => Command::Revoke(arg),
            _ => Command::Unknown(name),
        })
    }

    /// Whether the staff side answers it (queues, cases, the organisation), not the
    /// complainant's conversation.
    pub fn is_staff(&self) -> bool {
        matches!(
            self,
            Command::Queue(_)
                | Command::Case(_)
                | Command::Join(_)
                | Command::Invite(_)
                | Command::Bind(_)
                | Command::Staff(_)
                | Command::Revoke(_)
        ) || matches!(self, Command::Start(payload) if payload.starts_with("join-"))
    }

    /// The commands registered with Telegram, with their description message ids.
    pub const MENU: [(&'static str, &'static str); 8] = [
        ("new", msg::CMD_NEW),
        ("my", msg::CMD_MY),
        ("status", msg::CMD_STATUS),
        ("add", msg::CMD_ADD),
        ("withdraw", msg::CMD_WITHDRAW),
        ("lang", msg::CMD_LANG),
        ("help", msg::CMD_HELP),
        ("cancel", msg::CMD_CANCEL),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_with_bot_names_and_arguments() {
        assert_eq!(
            Command::parse("/start"),
            Some(Command::Start(String::new()))
        );
        assert_eq!(
            Command::parse("/start join-AB12CD"),
            Some(Command::Start("join-AB12CD".into()))
        );
        assert_eq!(
            Command::parse("/queue mine"),
            Some(Command::Queue("mine".into()))
        );
        assert_eq!(
            Command::parse("/status@yingshang_bot YS-20261125-0042"),
            Some(Command::Status("YS-20261125-0042".into()))
        );
        assert_eq!(
            Command::parse("/ADD 0042  more text "),
            Some(Command::Add("0042  more text".into()))
        );
        assert_eq!(
            Command::parse("/frobnicate"),
            Some(Command::Unknown("frobnicate".into()))
        );
        assert_eq!(Command::parse("not a command"), None);
        assert_eq!(
            Command::parse_for("/my@other_bot", Some("yingshang_bot")),
            Some(Command::ForOtherBot)
        );
        assert_eq!(
            Command::parse_for("/my@YingShang_Bot", Some("yingshang_bot")),
            Some(Command::My)
        );
        assert_eq!(
            Command::parse_for("/my", Some("yingshang_bot")),
            Some(Command::My)
        );
        assert_eq!(Command::parse("/"), None);
    }
}
