//! Update handlers: extract → one service call → send. No SQL, no clock, no classification.

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{MaybeInaccessibleMessage, Me, User};

use super::send::{keyboard, send_html};
use crate::i18n::{msg, Lang};
use crate::service::{
    Callback, ChatKind, ChatRef, Command, Delivery, FileKind, FileRef, Incoming, Input, Reply,
    Sender, Service,
};
use crate::workers::outbox;

type HandlerResult = anyhow::Result<()>;

/// The whole handler tree: private messages, their edits and button presses. Group chats are
/// for staff (a later part); the complainant conversation runs in private chats only.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(
            Update::filter_message()
                .filter(|m: Message| m.chat.is_private())
                .endpoint(on_message),
        )
        .branch(
            Update::filter_edited_message()
                .filter(|m: Message| m.chat.is_private())
                .endpoint(on_edited),
        )
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

fn chat_of(chat: &teloxide::types::Chat) -> ChatRef {
    ChatRef {
        id: chat.id.0,
        kind: if chat.is_private() {
            ChatKind::Private
        } else {
            ChatKind::Group
        },
    }
}

fn sender(user: &User) -> Sender {
    Sender {
        user_id: user.id.0 as i64,
        display_name: user.full_name(),
        language_code: user.language_code.clone(),
    }
}

/// What a message carries, as the service understands it. A command that names another bot
/// is not ours.
fn input_of(m: &Message, me: &Me) -> Input {
    if let Some(text) = m.text() {
        return match Command::parse_for(text, Some(me.username())) {
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

async fn on_message(bot: Bot, update: Update, m: Message, me: Me, svc: Service) -> HandlerResult {
    let Some(user) = m.from.as_ref() else {
        return Ok(());
    };
    let incoming = Incoming {
        from: sender(user),
        chat: chat_of(&m.chat),
        update_id: Some(update.id.0 as i64),
        input: input_of(&m, &me),
    };
    let replies = handle(&svc, incoming, user).await;
    send_replies(&bot, &svc, m.chat.id, replies).await;
    Ok(())
}

async fn on_edited(bot: Bot, update: Update, m: Message, svc: Service) -> HandlerResult {
    let Some(user) = m.from.as_ref() else {
        return Ok(());
    };
    let incoming = Incoming {
        from: sender(user),
        chat: chat_of(&m.chat),
        update_id: Some(update.id.0 as i64),
        input: Input::Edited,
    };
    let replies = handle(&svc, incoming, user).await;
    send_replies(&bot, &svc, m.chat.id, replies).await;
    Ok(())
}

async fn on_callback(bot: Bot, update: Update, q: CallbackQuery, svc: Service) -> HandlerResult {
    let input = match q.data.as_deref().and_then(Callback::decode) {
        Some(cb) => Input::Button(cb),
        None => Input::BadButton,
    };
    let chat = match q.message.as_ref() {
        Some(origin) => chat_of(origin.chat()),
        None => ChatRef::private(q.from.id.0 as i64),
    };
    let incoming = Incoming {
        from: sender(&q.from),
        chat,
        update_id: Some(update.id.0 as i64),
        input,
    };
    let (toasts, replies): (Vec<Reply>, Vec<Reply>) = handle(&svc, incoming, &q.from)
        .await
        .into_iter()
        .partition(|r| r.delivery == Delivery::Toast);
    // Every press is answered, so the button stops spinning; a press that did nothing says so
    // on the button, and its keyboard stays.
    let mut answer = bot.answer_callback_query(q.id.clone());
    if let Some(toast) = toasts.first() {
        answer = answer.text(crate::i18n::html_to_plain(&toast.html));
    }
    if let Err(e) = answer.await {
        tracing::warn!(error = %e, "could not answer a callback query");
    }
    let Some(origin) = q.message.as_ref() else {
        return Ok(());
    };
    let chat = origin.chat().id;
    // A pressed keyboard that did its job is removed, so old buttons are not pressed again.
    if let (MaybeInaccessibleMessage::Regular(message), true) = (origin, toasts.is_empty()) {
        if message.reply_markup().is_some() {
            let _ = bot.edit_message_reply_markup(chat, message.id).await;
        }
    }
    send_replies(&bot, &svc, chat, replies).await;
    Ok(())
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

/// Sends the replies in order. One that reports a stored change is in the outbox already:
/// it goes out at once here and is marked sent, or, if that fails, is left to the outbox
/// worker's retries. The others are best effort; a failure is logged and the rest still go.
async fn send_replies(bot: &Bot, svc: &Service, chat: ChatId, replies: Vec<Reply>) {
    for reply in replies {
        match reply.delivery {
            Delivery::Durable(id) => {
                if let Err(e) =
                    outbox::deliver_now(&svc.db, bot, id, chat.0, &reply, svc.now_ms()).await
                {
                    tracing::error!(error = %e, outbox = id, "could not record a reply's delivery");
                }
            }
            // Only a button press has a place for a toast; anywhere else it is a message.
            Delivery::Now | Delivery::Toast => {
                if let Err(e) = send_html(bot, chat, &reply.html, keyboard(&reply)).await {
                    tracing::warn!(chat = chat.0, error = %e, "a reply could not be sent");
                }
            }
        }
    }
}
