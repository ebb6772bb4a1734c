//! The organisation, set up from Telegram: invites, joining, binding group chats, the staff
//! list, revoking a role; and the chats the bot is in.

use super::staff::Desk;
use super::{Command, Service, ServiceError};
use crate::i18n::{msg, Arg};

/// The bot's standing in a chat, as Telegram reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BotStatus {
    Member,
    Administrator,
    Left,
    Kicked,
}

impl Service {
    /// A group became a supergroup with a new id: its department binding, its cards and the
    /// notices waiting for it follow.
    pub async fn chat_migrated(&self, old: i64, new: i64) -> Result<(), ServiceError> {
        self.db.migrate_chat(old, new).await?;
        Ok(())
    }

    /// The bot was added to a chat, or removed from it, by `by`.
    pub async fn bot_membership(
        &self,
        chat_id: i64,
        title: &str,
        status: BotStatus,
        by: i64,
    ) -> Result<(), ServiceError> {
        tracing::info!(
            chat = chat_id,
            title,
            ?status,
            by,
            "the bot's membership changed"
        );
        Ok(())
    }
}

impl Desk<'_> {
    pub(super) async fn org(&mut self, cmd: Command) -> Result<(), ServiceError> {
        let name = format!("{cmd:?}").to_lowercase();
        self.say(msg::UNKNOWN_COMMAND, &[("command", Arg::from(name))]);
        Ok(())
    }
}
