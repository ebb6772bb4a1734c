//! Slash commands, parsed the same way for Telegram and the console.

use crate::i18n::msg;

/// A command and its argument (the rest of the line, trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    New,
    My,
    Status(String),
    Add(String),
    Withdraw(String),
    Lang,
    Help,
    Cancel,
    Unknown(String),
}

impl Command {
    /// Parses `/name[@bot] [argument]`; `None` if the text is not a command at all.
    pub fn parse(text: &str) -> Option<Command> {
        let text = text.trim_start();
        let rest = text.strip_prefix('/')?;
        let (head, arg) = match rest.find(char::is_whitespace) {
            Some(i) => (&rest[..i], rest[i..].trim()),
            None => (rest, ""),
        };
        let name = head.split('@').next().unwrap_or("").to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        let arg = arg.to_owned();
        Some(match name.as_str() {
            "start" => Command::Start,
            "new" => Command::New,
            "my" => Command::My,
            "status" => Command::Status(arg),
            "add" => Command::Add(arg),
            "withdraw" => Command::Withdraw(arg),
            "lang" | "language" => Command::Lang,
            "help" => Command::Help,
            "cancel" => Command::Cancel,
            _ => Command::Unknown(name),
        })
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
        assert_eq!(Command::parse("/start"), Some(Command::Start));
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
        assert_eq!(Command::parse("/"), None);
    }
}
