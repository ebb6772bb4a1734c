//! Sending one message as Telegram accepts it: HTML cut into parts of at most 4,096 characters,
//! the buttons on the last part. Shared by the direct replies and the outbox sender, which
//! Telegram serves through the [`Deliver`] implementation here.

use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId, ParseMode,
};
use teloxide::{ApiError, RequestError};

use crate::service::Reply;
use crate::workers::outbox::{Deliver, DeliveryError, Outgoing};

/// Telegram's limit on a message's length, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// A reply's buttons as an inline keyboard.
pub fn keyboard(reply: &Reply) -> Option<InlineKeyboardMarkup> {
    if reply.buttons.is_empty() {
        return None;
    }
    Some(InlineKeyboardMarkup::new(reply.buttons.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.callback.encode()))
            .collect::<Vec<_>>()
    })))
}

/// An outbox row's buttons (JSON rows of `{"label", "data"}`, as [`Reply::buttons_json`]
/// writes them) as an inline keyboard. Unreadable JSON means no buttons, never a lost message.
pub fn keyboard_from_json(json: Option<&str>) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(json?).ok()?;
    let field = |b: &serde_json::Value, k: &str| b.get(k)?.as_str().map(str::to_owned);
    let rows: Vec<Vec<InlineKeyboardButton>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| {
                    Some(InlineKeyboardButton::callback(
                        field(b, "label")?,
                        field(b, "data")?,
                    ))
                })
                .collect()
        })
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// Sends `html` (split as needed) with `keyboard` on the last part; returns the last part's
/// message id.
pub async fn send_html<R>(
    bot: &R,
    chat: ChatId,
    html: &str,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<MessageId, RequestError>
where
    R: Requester<Err = RequestError>,
{
    let parts = split_message(html, MAX_MESSAGE_CHARS);
    let last = parts.len().saturating_sub(1);
    let mut id = MessageId(0);
    let mut keyboard = keyboard;
    for (i, part) in parts.into_iter().enumerate() {
        let mut req = bot.send_message(chat, part).parse_mode(ParseMode::Html);
        if i == last {
            if let Some(kb) = keyboard.take() {
                req = req.reply_markup(kb);
            }
        }
        id = req.await?.id;
    }
    Ok(id)
}

/// Telegram delivers the outbox: any requester that answers with teloxide's errors.
impl<R> Deliver for R
where
    R: Requester<Err = RequestError> + Sync,
    R::SendMessage: Send,
    R::EditMessageText: Send,
    R::SendPhoto: Send,
    R::SendDocument: Send,
{
    async fn deliver(&self, out: Outgoing<'_>) -> Result<i64, DeliveryError> {
        let sent = match out {
            Outgoing::Text {
                chat_id,
                html,
                buttons,
            } => send_html(self, ChatId(chat_id), html, keyboard_from_json(buttons)).await,
            Outgoing::Edit {
                chat_id,
                message_id,
                html,
                buttons,
            } => {
                let id = MessageId(message_id as i32);
                let mut req = self
                    .edit_message_text(ChatId(chat_id), id, html.to_owned())
                    .parse_mode(ParseMode::Html);
                if let Some(kb) = keyboard_from_json(buttons) {
                    req = req.reply_markup(kb);
                }
                match req.await {
                    Ok(m) => Ok(m.id),
                    // The card already says this: nothing to do.
                    Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(id),
                    Err(RequestError::Api(
                        ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited,
                    )) => return Err(DeliveryError::EditGone),
                    Err(e) => Err(e),
                }
            }
            Outgoing::Photo {
                chat_id,
                caption,
                name,
                bytes,
            } => {
                let file = InputFile::memory(bytes.to_vec()).file_name(name.to_owned());
                let req = self.send_photo(ChatId(chat_id), file);
                let req = if caption.is_empty() {
                    req
                } else {
                    req.caption(caption.to_owned()).parse_mode(ParseMode::Html)
                };
                req.await.map(|m| m.id)
            }
            Outgoing::Document {
                chat_id,
                caption,
                name,
                bytes,
            } => {
                let file = InputFile::memory(bytes.to_vec()).file_name(name.to_owned());
                let req = self.send_document(ChatId(chat_id), file);
                let req = if caption.is_empty() {
                    req
                } else {
                    req.caption(caption.to_owned()).parse_mode(ParseMode::Html)
                };
                req.await.map(|m| m.id)
            }
        };
        sent.map(|id| i64::from(id.0)).map_err(classify)
    }
}

/// What a failed Bot API call means for a notification.
fn classify(e: RequestError) -> DeliveryError {
    match e {
        RequestError::RetryAfter(secs) => DeliveryError::RetryAfter(secs.duration()),
        RequestError::Api(
            e @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::CantInitiateConversation),
        ) => DeliveryError::Unreachable(e.to_string()),
        RequestError::MigrateToChatId(chat) => DeliveryError::Migrated(chat.0),
        // Telegram's own failures ("Internal Server Error") pass; try again later.
        RequestError::Api(e @ ApiError::Unknown(_)) => DeliveryError::Transient(e.to_string()),
        // Any other answer from the Bot API itself will not change on a retry.
        RequestError::Api(e) => DeliveryError::Rejected(e.to_string()),
        e => DeliveryError::Transient(e.to_string()),
    }
}

/// Splits a message at line breaks into parts Telegram accepts. Our messages only carry tags
/// within one line, so a split at a line break never cuts a tag in two; a single line longer
/// than a message is cut into pieces, never inside an HTML entity such as `&amp;`.
pub fn split_message(html: &str, max: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in html.split('\n') {
        for piece in cut_line(line, max) {
            if !current.is_empty() && current.chars().count() + 1 + piece.chars().count() > max {
                parts.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(&piece);
        }
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
}

/// Cuts one line into pieces of at most `max` characters.
fn cut_line(line: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    while chars.len() - start > max {
        let mut end = start + max;
        // Step back before an entity that would be cut (entities are at most 8 characters).
        if let Some(amp) = chars[end.saturating_sub(8).max(start)..end]
            .iter()
            .rposition(|c| *c == '&')
        {
            let amp = end.saturating_sub(8).max(start) + amp;
            if !chars[amp..end].contains(&';') && amp > start {
                end = amp;
            }
        }
        pieces.push(chars[start..end].iter().collect());
        start = end;
    }
    pieces.push(chars[start..].iter().collect());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_split_at_line_breaks() {
        let line = "字".repeat(30);
        let text = vec![line.clone(); 10].join("\n");
        let parts = split_message(&text, 100);
        assert!(parts.iter().all(|p| p.chars().count() <= 100));
        assert_eq!(parts.join("\n"), text);
        assert_eq!(split_message("short", 100), vec!["short".to_owned()]);
        // One very long line is cut, nothing is lost, and no entity is cut in two.
        let long = format!("{}&amp;{}", "a".repeat(97), "b".repeat(150));
        let parts = split_message(&long, 100);
        assert_eq!(parts.concat(), long);
        assert!(parts.iter().all(|p| p.chars().count() <= 100));
        assert!(parts[1].starts_with("&amp;"), "{parts:?}");
    }
}
