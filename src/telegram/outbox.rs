//! The notification outbox sender: delivers queued rows at least once, honours Telegram's
//! `retry_after`, and marks chats that cannot be reached instead of retrying forever.

use std::future::Future;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::ParseMode;
use teloxide::{ApiError, RequestError};

use crate::service::Service;
use crate::storage::{Db, StorageError};

/// How long a claimed row is reserved for this sender before another may take it. A round
/// sends at most `BATCH` rows; at Telegram's 20 messages a minute into one group that takes
/// about a minute, well inside the lease, so a second instance does not send them again.
const LEASE_MS: i64 = 5 * 60_000;
/// Rows handled per round.
const BATCH: i64 = 20;
/// Pause between rounds when nothing is due.
const IDLE: Duration = Duration::from_secs(2);

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryError {
    /// Telegram asks us to wait (429).
    RetryAfter(Duration),
    /// The chat cannot be reached: the user blocked the bot, the chat is gone.
    Unreachable(String),
    /// Telegram refused this message for good (a bad request, no right to write there).
    Rejected(String),
    /// The group became a supergroup with a new id; the message goes there.
    Migrated(i64),
    /// Anything else: network, 5xx. Tried again later.
    Transient(String),
}

/// Something that can deliver a message to a chat: Telegram in production, a fake in tests.
pub trait Deliver {
    fn deliver(
        &self,
        chat_id: i64,
        html: &str,
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;
}

impl<R> Deliver for R
where
    R: Requester<Err = RequestError> + Sync,
    R::SendMessage: Send,
{
    async fn deliver(&self, chat_id: i64, html: &str) -> Result<(), DeliveryError> {
        let req = self
            .send_message(ChatId(chat_id), html.to_owned())
            .parse_mode(ParseMode::Html);
        match req.await {
            Ok(_) => Ok(()),
            Err(RequestError::RetryAfter(secs)) => Err(DeliveryError::RetryAfter(secs.duration())),
            Err(RequestError::Api(
                e @ (ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::ChatNotFound
                | ApiError::BotKicked
                | ApiError::BotKickedFromSupergroup
                | ApiError::CantInitiateConversation),
            )) => Err(DeliveryError::Unreachable(e.to_string())),
            Err(RequestError::MigrateToChatId(chat)) => Err(DeliveryError::Migrated(chat.0)),
            // Telegram's own failures ("Internal Server Error") pass; try again later.
            Err(RequestError::Api(e @ ApiError::Unknown(_))) => {
                Err(DeliveryError::Transient(e.to_string()))
            }
            // Any other answer from the Bot API itself will not change on a retry.
            Err(RequestError::Api(e)) => Err(DeliveryError::Rejected(e.to_string())),
            Err(e) => Err(DeliveryError::Transient(e.to_string())),
        }
    }
}

/// After this many failed attempts a notification is given up (about a day of retries).
const MAX_ATTEMPTS: i32 = 30;

/// Backoff after the n-th failed attempt: 2^n seconds, at most an hour.
fn backoff_ms(attempts: i32) -> i64 {
    1000 * (1i64 << attempts.clamp(0, 12)).min(3600)
}

/// One round: claims due rows and delivers them. One failing row does not stop the others.
/// Returns how many were delivered, and how long Telegram asked us to pause, if it did.
pub async fn deliver_due(
    db: &Db,
    via: &impl Deliver,
    now_ms: i64,
) -> Result<(usize, Option<Duration>), StorageError> {
    let mut rows = db.claim_due(now_ms, LEASE_MS, BATCH).await?.into_iter();
    let mut sent = 0;
    while let Some(row) = rows.next() {
        match via.deliver(row.chat_id, &row.text).await {
            Ok(()) => {
                db.mark_sent(row.id, now_ms).await?;
                sent += 1;
            }
            Err(DeliveryError::RetryAfter(wait)) => {
                let next = now_ms + wait.as_millis() as i64;
                db.reschedule(row.id, next, "429 retry_after").await?;
                // Everything else waits too: the limit may be the bot's, not this chat's. The
                // rows claimed for this round are released for then, not held for the lease.
                for rest in rows {
                    db.release(rest.id, next).await?;
                }
                return Ok((sent, Some(wait)));
            }
            Err(DeliveryError::Unreachable(why)) => {
                tracing::warn!(chat = row.chat_id, %why, "chat unreachable; notification dropped");
                db.mark_failed(row.id, now_ms, &why).await?;
                db.mark_unreachable(row.chat_id).await?;
            }
            Err(DeliveryError::Rejected(why)) => {
                tracing::error!(chat = row.chat_id, %why, "Telegram refused a notification");
                db.mark_failed(row.id, now_ms, &why).await?;
            }
            Err(DeliveryError::Migrated(new_chat)) => {
                tracing::info!(
                    old = row.chat_id,
                    new = new_chat,
                    "chat migrated to a supergroup"
                );
                db.migrate_chat(row.chat_id, new_chat).await?;
                db.release(row.id, now_ms).await?;
            }
            Err(DeliveryError::Transient(why)) if row.attempts + 1 >= MAX_ATTEMPTS => {
                tracing::error!(chat = row.chat_id, %why, "notification given up after retries");
                db.mark_failed(row.id, now_ms, &why).await?;
            }
            Err(DeliveryError::Transient(why)) => {
                db.reschedule(row.id, now_ms + backoff_ms(row.attempts + 1), &why)
                    .await?;
            }
        }
    }
    Ok((sent, None))
}

/// How long update ids are remembered for recognising redeliveries.
const KEEP_UPDATE_IDS_MS: i64 = 7 * 24 * 3600 * 1000;

/// The sender's loop, until `stop` turns true. Database errors are logged and retried after
/// a pause; they never end the loop. It also forgets old update ids now and then.
pub async fn run(svc: Service, via: impl Deliver, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut pause = IDLE;
    let mut last_prune = 0i64;
    loop {
        let now = svc.now_ms();
        if now - last_prune > 3600 * 1000 {
            last_prune = now;
            if let Err(e) = svc
                .db
                .prune_processed_updates(now - KEEP_UPDATE_IDS_MS)
                .await
            {
                tracing::warn!(error = %e, "could not prune processed update ids");
            }
        }
        match deliver_due(&svc.db, &via, svc.now_ms()).await {
            Ok((n, wait)) => {
                pause = wait.unwrap_or(if n > 0 { Duration::ZERO } else { IDLE });
            }
            Err(e) => {
                tracing::error!(error = %e, "outbox round failed");
                pause = (pause * 2).clamp(IDLE, Duration::from_secs(60));
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
