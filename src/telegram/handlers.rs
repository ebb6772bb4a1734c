//! Update handlers: extract → one service call → send. No SQL, no clock, no classification.

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{
    ChatMemberKind, ChatMemberUpdated, ForceReply, InputFile, MaybeInaccessibleMessage, Me,
    ParseMode, User,
};

use super::send::{keyboard, send_html};
use crate::i18n::{msg, Lang};
use crate::service::{
    BotStatus, Callback, ChatKind, ChatRef, Command, Delivery, FileKind, FileRef, Incoming, Input,
    Reply, Sender, Service,
};
use crate::workers::outbox;

type HandlerResult = anyhow::Result<()>;

/// The whole handler tree, in named branches. Which side of the service answers (the
/// complainant's conversation, a clerk's queue, an admin's command) is decided by the service
/// from the person's rights in the database, never here.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(private_chats())
        .branch(group_chats())
        .branch(button_presses())
        .branch(chat_membership())
}

/// Complainants, and staff and supervisors in their private chat with the bot.
fn private_chats() -> UpdateHandler<anyhow::Error> {
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
}

/// Department groups, the supervisors' and the leadership's chats: commands, replies to the
/// bot's prompts, and a group becoming a supergroup. With privacy mode on, Telegram sends the
/// bot nothing else.
fn group_chats() -> UpdateHandler<anyhow::Error> {
    Update::filter_message()
        .filter(|m: Message| !m.chat.is_private())
        .branch(
            dptree::filter_map(|m: Message| m.migrate_to_chat_id().copied()).endpoint(on_migrated),
        )
        .branch(dptree::endpoint(on_message))
}

fn button_presses() -> UpdateHandler<anyhow::Error> {
    Update::filter_callback_query().endpoint(on_callback)
}

/// The bot added to or removed from a group.
fn chat_membership() -> UpdateHandler<anyhow::Error> {
    Update::filter_my_chat_member().endpoint(on_membership)
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
    Sender::new(
        user.id.0 as i64,
        user.full_name(),
        user.language_code.clone(),
    )
}

/// The sender of a message; in a group, one sent on behalf of a chat (an anonymous admin)
/// is marked so.
fn sender_of(m: &Message, user: &User) -> Sender {
    Sender {
        via_chat: m.sender_chat.is_some() && !m.chat.is_private(),
        ..sender(user)
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
    if user.is_bot && !m.chat.is_private() && m.sender_chat.is_none() {
        return Ok(()); // other bots in a group
    }
    let incoming = Incoming {
        from: sender_of(&m, user),
        chat: chat_of(&m.chat),
        update_id: Some(update.id.0 as i64),
        message_id: Some(i64::from(m.id.0)),
        reply_to: m.reply_to_message().map(|r| i64::from(r.id.0)),
        input: input_of(&m, &me),
    };
    let replies = handle(&svc, incoming, user).await;
    send_replies(&bot, &svc, m.chat.id, user, replies).await;
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
        message_id: Some(i64::from(m.id.0)),
        reply_to: None,
        input: Input::Edited,
    };
    let replies = handle(&svc, incoming, user).await;
    send_replies(&bot, &svc, m.chat.id, user, replies).await;
    Ok(())
}

/// A group became a supergroup: its id changed, and bindings and waiting notices follow it.
async fn on_migrated(m: Message, to: ChatId, svc: Service) -> HandlerResult {
    if let Err(e) = svc.chat_migrated(m.chat.id.0, to.0).await {
        tracing::error!(error = %e, "could not follow a group that became a supergroup");
    }
    Ok(())
}

async fn on_membership(update: ChatMemberUpdated, svc: Service) -> HandlerResult {
    let status = match update.new_chat_member.kind {
        ChatMemberKind::Owner(_) | ChatMemberKind::Administrator(_) => BotStatus::Administrator,
        ChatMemberKind::Member { .. } | ChatMemberKind::Restricted(_) => BotStatus::Member,
        ChatMemberKind::Left => BotStatus::Left,
        ChatMemberKind::Banned(_) => BotStatus::Kicked,
    };
    let title = update.chat.title().unwrap_or_default().to_owned();
    if let Err(e) = svc
        .bot_membership(update.chat.id.0, &title, status, update.from.id.0 as i64)
        .await
    {
        tracing::error!(error = %e, "could not record the bot's membership of a chat");
    }
    Ok(())
}

async fn on_callback(bot: Bot, update: Update, q: CallbackQuery, svc: Service) -> HandlerResult {
    let pressed = q.data.as_deref().and_then(Callback::decode);
    let input = match pressed.clone() {
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
        message_id: q.message.as_ref().map(|m| i64::from(m.id().0)),
        reply_to: None,
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
    // A pressed keyboard that did its job is removed, so old buttons are not pressed again —
    // but not a card's or a list's, which stay usable (a card is edited when it changes).
    let keeps = pressed.as_ref().is_some_and(Callback::keeps_keyboard);
    if let (MaybeInaccessibleMessage::Regular(message), true, false) =
        (origin, toasts.is_empty(), keeps)
    {
        if message.reply_markup().is_some() {
            let _ = bot.edit_message_reply_markup(chat, message.id).await;
        }
    }
    send_replies(&bot, &svc, chat, &q.from, replies).await;
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
/// Prompts and cards are recorded once sent, so that answers and presses find them.
async fn send_replies(bot: &Bot, svc: &Service, chat: ChatId, user: &User, replies: Vec<Reply>) {
    for reply in replies {
        let sent = match &reply.delivery {
            Delivery::Durable(id) => {
                let now = svc.now_ms();
                if let Err(e) = outbox::deliver_now(&svc.db, bot, *id, chat.0, &reply, now).await {
                    tracing::error!(error = %e, outbox = id, "could not record a reply's delivery");
                }
                continue;
            }
            // Only a button press has a place for a toast; anywhere else it is a message.
            Delivery::Now | Delivery::Toast | Delivery::Card(_) => {
                send_html(bot, chat, &reply.html, keyboard(&reply)).await
            }
            Delivery::Prompt(_) => {
                let ask = bot
                    .send_message(chat, reply.html.clone())
                    .parse_mode(ParseMode::Html)
                    .reply_markup(ForceReply::new().selective());
                ask.await.map(|m| m.id)
            }
            Delivery::File(file) => {
                let input = InputFile::file_id(file.file_id.clone().into());
                match file.kind {
                    FileKind::Photo => bot.send_photo(chat, input).await.map(|m| m.id),
                    FileKind::Document => bot.send_document(chat, input).await.map(|m| m.id),
                }
            }
        };
        let message_id = match sent {
            Ok(id) => i64::from(id.0),
            Err(e) => {
                tracing::warn!(chat = chat.0, error = %e, "a reply could not be sent");
                continue;
            }
        };
        let recorded = match &reply.delivery {
            Delivery::Prompt(spec) => {
                svc.prompt_sent(chat.0, message_id, user.id.0 as i64, spec)
                    .await
            }
            Delivery::Card(complaint) => svc.card_sent(chat.0, message_id, *complaint).await,
            _ => Ok(()),
        };
        if let Err(e) = recorded {
            tracing::error!(error = %e, "could not record a prompt or card that was sent");
        }
    }
}
