//! The notification outbox sender: delivers queued rows at least once, within Telegram's rate
//! limits, honours `retry_after`, and marks chats that cannot be reached instead of retrying
//! forever. [`deliver_now`] is the fast path for a reply the front sends itself. What delivers
//! is a [`Deliver`]: Telegram in production (`telegram::send`), a fake in tests.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Job, Next};
use crate::service::{Reply, Service};
use crate::storage::{Db, NoticeKind, OutboxRow, StorageError};

/// How long a row claimed for sending is reserved for this sender before another may take it:
/// longer than one Bot API call can take (teloxide's client gives up after 17 s), so a second
/// instance does not send it again, and short enough that a sender that died mid-send is
/// replaced within seconds. Rows are claimed one at a time, just before they are sent, and
/// the sender never waits inside a call for a rate limit (see [`Limiter`]).
pub const LEASE_MS: i64 = 30_000;
/// Rows looked at per round.
const BATCH: i64 = 20;
/// Pause between rounds when nothing is due.
const IDLE: Duration = Duration::from_secs(1);

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
    /// The message to edit is gone (deleted in the chat): a card is sent anew.
    EditGone,
}

/// One thing to deliver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outgoing<'a> {
    /// A message; `buttons` as JSON rows of `{"label", "data"}`.
    Text {
        chat_id: i64,
        html: &'a str,
        buttons: Option<&'a str>,
    },
    /// New text and buttons for a message sent before. "Not modified" counts as done.
    Edit {
        chat_id: i64,
        message_id: i64,
        html: &'a str,
        buttons: Option<&'a str>,
    },
    Photo {
        chat_id: i64,
        caption: &'a str,
        name: &'a str,
        bytes: &'a [u8],
    },
    Document {
        chat_id: i64,
        caption: &'a str,
        name: &'a str,
        bytes: &'a [u8],
    },
}

/// Something that can deliver to a chat: Telegram in production, a fake in tests. Returns the
/// id of the message it became (or edited).
pub trait Deliver {
    fn deliver(&self, out: Outgoing<'_>)
        -> impl Future<Output = Result<i64, DeliveryError>> + Send;
}

/// How a row goes out: a card becomes an edit of the message already showing it.
async fn send_row(
    db: &Db,
    via: &impl Deliver,
    row: &OutboxRow,
    now_ms: i64,
) -> Result<Result<i64, DeliveryError>, StorageError> {
    let (chat_id, html, buttons) = (row.chat_id, row.text.as_str(), row.buttons.as_deref());
    let file = || {
        (
            row.file_name.as_deref().unwrap_or("file"),
            row.payload.as_deref().unwrap_or_default(),
        )
    };
    Ok(match row.kind {
        NoticeKind::Text => {
            via.deliver(Outgoing::Text {
                chat_id,
                html,
                buttons,
            })
            .await
        }
        NoticeKind::Photo => {
            let (name, bytes) = file();
            let caption = html;
            via.deliver(Outgoing::Photo {
                chat_id,
                caption,
                name,
                bytes,
            })
            .await
        }
        NoticeKind::Document => {
            let (name, bytes) = file();
            let caption = html;
            via.deliver(Outgoing::Document {
                chat_id,
                caption,
                name,
                bytes,
            })
            .await
        }
        NoticeKind::Card => {
            let complaint = row.complaint_id.unwrap_or_default();
            let edited = match db.card_message(chat_id, complaint).await? {
                Some(message_id) => {
                    let edit = Outgoing::Edit {
                        chat_id,
                        message_id,
                        html,
                        buttons,
                    };
                    match via.deliver(edit).await {
                        Err(DeliveryError::EditGone) => None,
                        other => Some(other),
                    }
                }
                None => None,
            };
            match edited {
                Some(result) => result,
                None => {
                    let sent = via
                        .deliver(Outgoing::Text {
                            chat_id,
                            html,
                            buttons,
                        })
                        .await;
                    if let Ok(message_id) = sent {
                        db.record_card(chat_id, message_id, complaint, now_ms)
                            .await?;
                    }
                    sent
                }
            }
        }
    })
}

/// After this many failed attempts a notification is given up (about a day of retries).
const MAX_ATTEMPTS: i32 = 30;

/// Backoff after the n-th failed attempt: 2^n seconds, at most an hour.
fn backoff_ms(attempts: i32) -> i64 {
    1000 * (1i64 << attempts.clamp(0, 12)).min(3600)
}

/// Telegram's limits on what a bot sends: about one message a second into one private chat,
/// 20 a minute into one group, 30 a second in all. The sender asks before each message and
/// puts off a row whose chat is at its limit, instead of waiting inside the call (which would
/// hold a lease, and every other chat, meanwhile). Time is passed in.
#[derive(Debug, Default)]
pub struct Limiter {
    chats: HashMap<i64, VecDeque<i64>>,
    all: VecDeque<i64>,
}

impl Limiter {
    /// (messages, per this many ms) allowed into `chat`: groups have negative ids.
    fn rate(chat: i64) -> (usize, i64) {
        if chat < 0 {
            (20, 60_000)
        } else {
            (1, 1_000)
        }
    }
    const ALL: (usize, i64) = (30, 1_000);

    /// How long to wait before a message may go to `chat` at `now_ms`; 0 when it may now.
    pub fn wait_ms(&self, chat: i64, now_ms: i64) -> i64 {
        let after = |sent: Option<&VecDeque<i64>>, (n, window): (usize, i64)| match sent {
            Some(times) if times.len() >= n => times[times.len() - n] + window - now_ms,
            _ => 0,
        };
        after(self.chats.get(&chat), Self::rate(chat))
            .max(after(Some(&self.all), Self::ALL))
            .max(0)
    }

    /// Counts a message sent to `chat` at `now_ms`.
    pub fn sent(&mut self, chat: i64, now_ms: i64) {
        let (n, _) = Self::rate(chat);
        let times = self.chats.entry(chat).or_default();
        times.push_back(now_ms);
        while times.len() > n {
            times.pop_front();
        }
        self.all.push_back(now_ms);
        while self.all.len() > Self::ALL.0 {
            self.all.pop_front();
        }
        // Chats quiet for longer than any window are forgotten.
        self.chats
            .retain(|_, t| t.back().is_some_and(|last| now_ms - last < 60_000));
    }
}

/// One round: delivers the due rows that the limits allow now; puts off the others. One failing
/// row does not stop the others. Returns how many were delivered, and how long to pause before
/// the next round, if Telegram or the limits ask for one.
pub async fn deliver_due(
    db: &Db,
    via: &impl Deliver,
    limits: &mut Limiter,
    now_ms: i64,
) -> Result<(usize, Option<Duration>), StorageError> {
    let rows = db.due_notices(now_ms, BATCH).await?;
    let mut sent = 0;
    let mut pause: Option<i64> = None;
    for (i, row) in rows.iter().enumerate() {
        let wait = limits.wait_ms(row.chat_id, now_ms);
        if wait > 0 {
            // Not yet: due again when its chat allows, without counting an attempt.
            db.release(row.id, now_ms + wait).await?;
            pause = Some(pause.map_or(wait, |p| p.min(wait)));
            continue;
        }
        if !db.claim_notice(row, now_ms + LEASE_MS).await? {
            continue; // another instance took it
        }
        if row.kind == NoticeKind::Card && db.newer_card_waiting(row).await? {
            // The newer version says it all: one edit instead of several.
            db.mark_sent(row.id, now_ms, None).await?;
            continue;
        }
        limits.sent(row.chat_id, now_ms);
        let result = send_row(db, via, row, now_ms).await?;
        if result.is_ok() {
            sent += 1;
        }
        if let Some(wait) = settle(db, row, result, now_ms).await? {
            // Everything else waits too: the limit may be the bot's, not this chat's.
            let next = now_ms + wait.as_millis() as i64;
            for rest in &rows[i + 1..] {
                db.release(rest.id, next).await?;
            }
            return Ok((sent, Some(wait)));
        }
    }
    Ok((sent, pause.map(|ms| Duration::from_millis(ms as u64))))
}

/// The fast path: sends a reply that is already in the outbox (as row `id`, held for the
/// front) to the person who just acted, and records how it went. On failure the row is left to
/// the worker, due after `retry_after` or the backoff; nothing is lost either way.
pub async fn deliver_now(
    db: &Db,
    via: &impl Deliver,
    id: i64,
    chat_id: i64,
    reply: &Reply,
    now_ms: i64,
) -> Result<(), StorageError> {
    let buttons = reply.buttons_json();
    let row = OutboxRow {
        id,
        chat_id,
        kind: NoticeKind::Text,
        text: reply.html.clone(),
        buttons,
        attempts: 0,
        next_attempt_at: now_ms,
        complaint_id: None,
        file_name: None,
        payload: None,
    };
    let result = send_row(db, via, &row, now_ms).await?;
    settle(db, &row, result, now_ms).await?;
    Ok(())
}

/// Records the result of one attempt; returns how long Telegram asked everyone to wait (429).
async fn settle(
    db: &Db,
    row: &OutboxRow,
    result: Result<i64, DeliveryError>,
    now_ms: i64,
) -> Result<Option<Duration>, StorageError> {
    let error = match result {
        Ok(message_id) => {
            db.mark_sent(row.id, now_ms, Some(message_id)).await?;
            return Ok(None);
        }
        Err(e) => e,
    };
    tracing::warn!(chat = row.chat_id, outbox = row.id, error = ?error, "a notification was not delivered");
    match error {
        DeliveryError::RetryAfter(wait) => {
            let next = now_ms + wait.as_millis() as i64;
            db.reschedule(row.id, next, "429 retry_after").await?;
            return Ok(Some(wait));
        }
        DeliveryError::Unreachable(why) => {
            db.mark_failed(row.id, now_ms, &why).await?;
            db.mark_unreachable(row.chat_id).await?;
        }
        DeliveryError::Rejected(why) => {
            tracing::error!(chat = row.chat_id, %why, "Telegram refused a notification");
            db.mark_failed(row.id, now_ms, &why).await?;
        }
        DeliveryError::Migrated(new_chat) => {
            tracing::info!(
                old = row.chat_id,
                new = new_chat,
                "chat migrated to a supergroup"
            );
            db.migrate_chat(row.chat_id, new_chat).await?;
            db.release(row.id, now_ms).await?;
        }
        // Only a card is edited, and a card whose message is gone is sent anew by `send_row`.
        DeliveryError::EditGone => {
            db.mark_failed(row.id, now_ms, "the message to edit is gone")
                .await?;
        }
        DeliveryError::Transient(why) if row.attempts + 1 >= MAX_ATTEMPTS => {
            tracing::error!(chat = row.chat_id, %why, "notification given up after retries");
            db.mark_failed(row.id, now_ms, &why).await?;
        }
        DeliveryError::Transient(why) => {
            db.reschedule(row.id, now_ms + backoff_ms(row.attempts + 1), &why)
                .await?;
        }
    }
    Ok(None)
}

/// A deliverer that notes the group chats Telegram says the bot can no longer reach (removed,
/// the group deleted), so that the supervisors are told.
struct Watching<'a, D> {
    inner: &'a D,
    lost: std::sync::Mutex<Vec<i64>>,
}

impl<D: Deliver + Sync> Deliver for Watching<'_, D> {
    async fn deliver(&self, out: Outgoing<'_>) -> Result<i64, DeliveryError> {
        let chat = match out {
            Outgoing::Text { chat_id, .. }
            | Outgoing::Edit { chat_id, .. }
            | Outgoing::Photo { chat_id, .. }
            | Outgoing::Document { chat_id, .. } => chat_id,
        };
        let result = self.inner.deliver(out).await;
        if matches!(result, Err(DeliveryError::Unreachable(_))) && chat < 0 {
            if let Ok(mut lost) = self.lost.lock() {
                lost.push(chat);
            }
        }
        result
    }
}

/// The outbox sender as a background job.
pub struct OutboxJob<D> {
    svc: Service,
    via: D,
    limits: tokio::sync::Mutex<Limiter>,
}

impl<D> OutboxJob<D> {
    pub fn new(svc: Service, via: D) -> Self {
        OutboxJob {
            svc,
            via,
            limits: tokio::sync::Mutex::default(),
        }
    }
}

impl<D: Deliver + Send + Sync + 'static> Job for OutboxJob<D> {
    fn name(&self) -> &'static str {
        "outbox"
    }

    async fn step(&self, now: DateTime<Utc>) -> anyhow::Result<Next> {
        let mut limits = self.limits.lock().await;
        let via = Watching {
            inner: &self.via,
            lost: std::sync::Mutex::default(),
        };
        let (sent, wait) =
            deliver_due(&self.svc.db, &via, &mut limits, now.timestamp_millis()).await?;
        let lost = via.lost.into_inner().unwrap_or_else(|e| e.into_inner());
        for chat in lost {
            self.svc.group_unreachable(chat).await?;
        }
        Ok(match wait {
            Some(wait) => Next::After(wait.min(IDLE)),
            None if sent > 0 => Next::Now,
            None => Next::After(IDLE),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_spaces_private_chats_and_caps_groups() {
        let mut l = Limiter::default();
        assert_eq!(l.wait_ms(7, 0), 0);
        l.sent(7, 0);
        assert_eq!(l.wait_ms(7, 200), 800, "one a second into a private chat");
        assert_eq!(l.wait_ms(8, 200), 0, "other chats are not held up");
        for i in 0..20 {
            l.sent(-100, i * 100);
        }
        assert_eq!(
            l.wait_ms(-100, 2_000),
            58_000,
            "20 a minute into a group: the 21st waits for the first to leave the window"
        );
        assert_eq!(l.wait_ms(-100, 60_000), 0);
    }

    #[test]
    fn the_limiter_caps_the_whole_bot_at_thirty_a_second() {
        let mut l = Limiter::default();
        for chat in 1..=30 {
            l.sent(chat, 500);
        }
        assert_eq!(l.wait_ms(31, 600), 900);
        assert_eq!(l.wait_ms(31, 1_500), 0);
    }
}
