//! Update handlers: extract → one service call → send. No SQL, no clock, no classification.

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, ParseMode, User,
};

use crate::i18n::{msg, Lang};
use crate::service::{
    Callback, Command, FileKind, FileRef, Incoming, Input, Reply, Sender, Service,
};

type HandlerResult = anyhow::Result<()>;

/// Telegram's limit on a message's length, in characters.
const MAX_MESSAGE_CHARS: usize = 4096;

/// The whole handler tree: private messages and button presses. Group chats are for staff
/// (a later part); the complainant conversation runs in private chats only.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(
            Update::filter_message()
                .filter(|m: Message| m.chat.is_private())
                .endpoint(on_message),
        )
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

fn sender(user: &User) -> Sender {
    Sender {
        user_id: user.id.0 as i64,
        display_name: user.full_name(),
        language_code: user.language_code.clone(),
    }
}

/// What a message carries, as the service understands it.
fn input_of(m: &Message) -> Input {
    if let Some(text) = m.text() {
        return match Command::parse(text) {
            Some(cmd) => Input::Command(cmd),
            None => Input::Text(text.to_owned()),
        };
    }
    let caption = m.caption().map(str::to_owned);
    if let Some(largest) = m
        .photo()
        .and_then(|sizes| sizes.iter().max_by_key(|p| p.width * p.height))
    {
        return Input::File {
            file: FileRef {
                kind: FileKind::Photo,
                file_id: largest.file.id.to_string(),
                file_name: None,
            },
            caption,
        };
    }
    if let Some(doc) = m.document() {
        return Input::File {
            file: FileRef {
                kind: FileKind::Document,
                file_id: doc.file.id.to_string(),
                file_name: doc.file_name.clone(),
            },
            caption,
        };
    }
    Input::Unsupported
}

async fn on_message(bot: Bot, update: Update, m: Message, svc: Service) -> HandlerResult {
    let Some(user) = m.from.as_ref() else {
        return Ok(());
    };
    let incoming = Incoming {
        from: sender(user),
        update_id: Some(update.id.0 as i64),
        input: input_of(&m),
    };
    let replies = handle(&svc, incoming, user).await;
    send_replies(&bot, m.chat.id, replies).await
}

async fn on_callback(bot: Bot, update: Update, q: CallbackQuery, svc: Service) -> HandlerResult {
    // Answer first, whatever happens next, so the button stops spinning.
    if let Err(e) = bot.answer_callback_query(q.id.clone()).await {
        tracing::warn!(error = %e, "could not answer a callback query");
    }
    let Some(origin) = q.message.as_ref() else {
        return Ok(());
    };
    let chat = origin.chat().id;
    let input = match q.data.as_deref().and_then(Callback::decode) {
        Some(cb) => Input::Button(cb),
        None => Input::BadButton,
    };
    let incoming = Incoming {
        from: sender(&q.from),
        update_id: Some(update.id.0 as i64),
        input,
    };
    let replies = handle(&svc, incoming, &q.from).await;
    // The pressed keyboard has done its job; removing it keeps old buttons from being pressed.
    if let MaybeInaccessibleMessage::Regular(message) = origin {
        if message.reply_markup().is_some() {
            let _ = bot.edit_message_reply_markup(chat, message.id).await;
        }
    }
    send_replies(&bot, chat, replies).await
}

/// Runs the service; on failure, logs it and tells the person, without losing what they sent
/// (their state is only changed when the service succeeds).
async fn handle(svc: &Service, incoming: Incoming, user: &User) -> Vec<Reply> {
    // On a task of its own, so that even a bug that panics is contained: teloxide's dispatcher
    // would otherwise lose this chat's worker and stop at the next update.
    let task = tokio::spawn({
        let svc = svc.clone();
        async move { svc.handle(incoming).await }
    });
    let failure = match task.await {
        Ok(Ok(replies)) => return replies,
        Ok(Err(e)) => e.to_string(),
        Err(e) => format!("the handler panicked: {e}"),
    };
    tracing::error!(error = %failure, user = user.id.0, "handling an update failed");
    let lang = Lang::from_telegram(user.language_code.as_deref());
    vec![Reply::text(svc.i18n.t(lang, msg::ERROR_GENERIC, &[]))]
}

fn keyboard(reply: &Reply) -> Option<InlineKeyboardMarkup> {
    if reply.buttons.is_empty() {
        return None;
    }
    Some(InlineKeyboardMarkup::new(reply.buttons.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.callback.encode()))
            .collect::<Vec<_>>()
    })))
}

async fn send_replies(bot: &Bot, chat: ChatId, replies: Vec<Reply>) -> HandlerResult {
    for reply in replies {
        let parts = split_message(&reply.html, MAX_MESSAGE_CHARS);
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.into_iter().enumerate() {
            let mut req = bot.send_message(chat, part).parse_mode(ParseMode::Html);
            if i == last {
                if let Some(kb) = keyboard(&reply) {
                    req = req.reply_markup(kb);
                }
            }
            req.await?;
        }
    }
    Ok(())
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
