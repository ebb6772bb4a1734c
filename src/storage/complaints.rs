//! Complaints, their append-only event log and their attachments. Rows come back as domain
//! types; a stored code that is not one is [`StorageError::Corrupt`].

use chrono::NaiveDate;

use super::dialogues::{save_dialogue_in, DialogueSave};
use super::outbox::{insert_notices, NewNotice, INSERT_NOTICE_SQL};
use super::{in_tx, on_db, Db, Result, StorageError};
use crate::domain::deadlines::Deadlines;
use crate::domain::tracking::day_key;
use crate::domain::{Action, Actor, Category, EventKind, Facts, Status, TrackingNo};

/// Everything needed to file a complaint; the tracking number is assigned here.
#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub user_id: i64,
    pub lang: String,
    pub text: String,
    pub category: Category,
    pub proposed_category: Category,
    pub confidence: f64,
    pub matched: Vec<String>,
    pub department: String,
    pub handler: String,
    pub conflict_of_interest: bool,
    /// The name the department sees; `None` when anonymous.
    pub contact_name: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub anonymous: bool,
    pub attachments: Vec<NewAttachment>,
    /// The Asia/Shanghai date of filing: the tracking number's date.
    pub date: NaiveDate,
    /// Its time limits, counted from the filing (which dispatches it).
    pub deadlines: Deadlines,
    pub schedule: Schedule,
    pub now_ms: i64,
}

/// What the watcher and the queue read, derived from the facts and the calendar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    /// When the watcher must look at the complaint next.
    pub next_alert_at: Option<i64>,
    /// The end of the limit that runs now, for sorting the queue.
    pub urgent_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewAttachment {
    /// `photo` or `document`.
    pub kind: String,
    pub file_id: String,
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ComplaintRow {
    pub id: i64,
    pub day: i64,
    pub seq: i64,
    pub tracking_no: String,
    pub user_id: i64,
    pub lang: String,
    pub text: String,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub proposed_category: Category,
    pub confidence: f64,
    pub department: Option<String>,
    pub handler: Option<String>,
    pub conflict_of_interest: bool,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub anonymous: bool,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub reopened_before: bool,
    pub extension_pending: bool,
    pub extension_granted: bool,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub contact_name: Option<String>,
    pub assignee: Option<i64>,
    pub dispatched_at: Option<i64>,
    pub accepted_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub returns: i32,
    pub accept_due_at: Option<i64>,
    pub return_until: Option<i64>,
    pub resolve_due_at: Option<i64>,
    pub rating_due_at: Option<i64>,
    pub due_provisional: bool,
    pub due_fresh: bool,
    pub extension_days: Option<i32>,
    pub next_alert_at: Option<i64>,
    pub urgent_at: Option<i64>,
}

impl ComplaintRow {
    /// Its time limits as moments.
    pub fn deadlines(&self) -> Deadlines {
        Deadlines {
            accept_due: self.accept_due_at,
            return_until: self.return_until,
            resolve_due: self.resolve_due_at,
            rating_due: self.rating_due_at,
            provisional: self.due_provisional,
            fresh: self.due_fresh,
        }
    }

    /// The facts the domain's transition decides on.
    pub fn facts(&self) -> Facts {
        Facts {
            status: self.status,
            owner: self.user_id,
            department: self.department.clone(),
            handler: self.handler.clone(),
            assignee: self.assignee,
            reopened_before: self.reopened_before,
            extension_pending: self.extension_pending,
            extension_granted: self.extension_granted,
            dispatched_at: self.dispatched_at,
            accepted_at: self.accepted_at,
            paused_at: self.paused_at,
            resolved_at: self.resolved_at,
            returns: self.returns.max(0) as u32,
            extension_days: self.extension_days.map(|d| d.max(0) as u32),
            deadlines: self.deadlines(),
        }
    }
}

pub(super) const COLUMNS: &str =
    "id, day, seq, tracking_no, user_id, lang, text, category, proposed_category, \
     confidence, department, handler, conflict_of_interest, company, phone, anonymous, status, \
     reopened_before, extension_pending, extension_granted, version, created_at, updated_at, \
     contact_name, assignee, dispatched_at, accepted_at, paused_at, resolved_at, returns, \
     accept_due_at, return_until, resolve_due_at, rating_due_at, due_provisional, due_fresh, \
     extension_days, next_alert_at, urgent_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub complaint_id: i64,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub kind: EventKind,
    pub from_status: Option<String>,
    pub to_status: String,
    /// JSON: the action's fields (reason, text, …).
    pub detail: String,
    /// The department and handler right after the event.
    pub department: Option<String>,
    pub handler: Option<String>,
}

/// A checked change to apply: the facts before and after the domain's `transition`, who did
/// what, and what it tells people.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub complaint_id: i64,
    /// The version the change was computed from; the update is refused if it moved meanwhile.
    pub version: i64,
    pub before: Facts,
    pub after: Facts,
    pub actor: Actor,
    pub action: Action,
    pub attachments: Vec<NewAttachment>,
    /// What the change tells people (confirmations, cards, notices), written with it.
    pub notices: Vec<NewNotice>,
    pub schedule: Schedule,
    /// The Telegram update that caused it, recorded as handled in the same transaction (when no
    /// dialogue is saved with the change, which records it itself).
    pub update_id: Option<i64>,
    pub now_ms: i64,
}

/// The notices of a filing, rendered once the tracking number is known.
#[derive(Debug, Clone)]
pub struct FilingNotices {
    /// The complaint's first card in the handler's group chat, if one is bound (its chat is
    /// filled in here).
    pub announcement: NewNotice,
    /// The confirmation with the tracking number, to the complainant.
    pub confirmation: NewNotice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// Written, with the outbox ids of the change's notices, in order.
    Applied(Vec<i64>),
    /// The complaint changed since it was read: nothing was written.
    ComplaintMoved,
    /// The conversation moved on since it was read (or the update was handled before):
    /// nothing was written.
    DialogueMoved,
    /// The update that caused it was handled before (a redelivery): nothing was written.
    AlreadyHandled,
}

const NEXT_SEQ_SQL: &str = "INSERT INTO day_counters (day, last_seq) VALUES ($1, 1) \
     ON CONFLICT (day) DO UPDATE SET last_seq = day_counters.last_seq + 1 RETURNING last_seq";
const INSERT_EVENT_SQL: &str = "INSERT INTO complaint_events \
     (complaint_id, at, actor_kind, actor_id, kind, from_status, to_status, detail, \
     department, handler) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub(super) const EVENT_COLUMNS: &str =
    "id, complaint_id, at, actor_kind, actor_id, kind, from_status, \
     to_status, detail, department, handler";
const INSERT_ATTACHMENT_SQL: &str = "INSERT INTO attachments \
     (complaint_id, kind, file_id, file_name, added_at) VALUES ($1, $2, $3, $4, $5)";
const CHAT_OF_SQL: &str = "SELECT chat_id FROM departments WHERE code = $1";

/// Inserts attachments inside an open transaction. A macro, because the transaction's type
/// differs between the engines while the statement does not.
macro_rules! insert_attachments {
    ($tx:ident, $complaint_id:expr, $attachments:expr, $now_ms:expr) => {
        for a in $attachments {
            sqlx::query(INSERT_ATTACHMENT_SQL)
                .bind($complaint_id)
                .bind(&a.kind)
                .bind(&a.file_id)
                .bind(&a.file_name)
                .bind($now_ms)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

/// The statuses in which a complaint is still in a department's hands, as an SQL list.
fn open_statuses() -> String {
    Status::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Db {
    /// Files a complaint in one transaction: takes the next number of the day, stores the
    /// complaint, its `filed` event and its attachments, queues the complainant's confirmation
    /// and the announcement to the handler's chat (if one is bound; `notices` renders both for
    /// the stored row), saves the complainant's dialogue and records the update. Returns the
    /// row and the confirmation's outbox id, or `None` (and changes nothing) when the dialogue
    /// moved on meanwhile or the update was handled before, e.g. a second click on the same
    /// button.
    pub async fn file_complaint(
        &self,
        c: &NewComplaint,
        dialogue: &DialogueSave<'_>,
        notices: impl Fn(&ComplaintRow) -> FilingNotices,
    ) -> Result<Option<(ComplaintRow, i64)>> {
        let matched =
            serde_json::to_string(&c.matched).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let insert = format!(
            "INSERT INTO complaints (day, seq, tracking_no, user_id, lang, text, category, \
             proposed_category, confidence, matched, department, handler, conflict_of_interest, \
             company, phone, anonymous, status, created_at, updated_at, contact_name, \
             dispatched_at, accept_due_at, return_until, resolve_due_at, due_provisional, \
             next_alert_at, urgent_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             '{submitted}', $17, $17, $18, $17, $19, $20, $21, $22, $23, $24) RETURNING {COLUMNS}",
            submitted = Status::Submitted.code()
        );
        let day = day_key(c.date);
        let row = in_tx!(self, tx => {
            if !save_dialogue_in!(tx, dialogue, c.now_ms) {
                return Ok(None);
            }
            let seq: i64 = sqlx::query_scalar(NEXT_SEQ_SQL).bind(day).fetch_one(&mut *tx).await?;
            let tracking_no = TrackingNo::new(c.date, seq as u32).to_string();
            let row: ComplaintRow = sqlx::query_as(&insert)
                .bind(day)
                .bind(seq)
                .bind(&tracking_no)
                .bind(c.user_id)
                .bind(&c.lang)
                .bind(&c.text)
                .bind(c.category.code())
                .bind(c.proposed_category.code())
                .bind(c.confidence)
                .bind(&matched)
                .bind(&c.department)
                .bind(&c.handler)
                .bind(c.conflict_of_interest)
                .bind(&c.company)
                .bind(&c.phone)
                .bind(c.anonymous)
                .bind(c.now_ms)
                .bind(&c.contact_name)
                .bind(c.deadlines.accept_due)
                .bind(c.deadlines.return_until)
                .bind(c.deadlines.resolve_due)
                .bind(c.deadlines.provisional)
                .bind(c.schedule.next_alert_at)
                .bind(c.schedule.urgent_at)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(INSERT_EVENT_SQL)
                .bind(row.id)
                .bind(c.now_ms)
                .bind(Actor::Complainant { user_id: c.user_id }.kind())
                .bind(c.user_id)
                .bind(EventKind::Filed.code())
                .bind(None::<String>)
                .bind(Status::Submitted.code())
                .bind("{}")
                .bind(&c.department)
                .bind(&c.handler)
                .execute(&mut *tx)
                .await?;
            insert_attachments!(tx, row.id, &c.attachments, c.now_ms);
            let rendered = notices(&row);
            let chat: Option<Option<i64>> = sqlx::query_scalar(CHAT_OF_SQL)
                .bind(&c.handler)
                .fetch_optional(&mut *tx)
                .await?;
            let mut all = vec![rendered.confirmation];
            if let Some(Some(chat_id)) = chat {
                all.push(NewNotice {
                    chat_id,
                    ..rendered.announcement
                });
            }
            let ids = insert_notices!(tx, &all, c.now_ms);
            let confirmation = ids.first().copied().flatten().unwrap_or_default();
            Some((row, confirmation))
        });
        Ok(row)
    }

    /// Applies a change computed by the domain, with its event, attachments and notices, and
    /// (when given) saves the person's dialogue and records the update — all in one
    /// transaction, so an action is never stored without the conversation moving on, nor the
    /// other way round. Nothing is written unless the complaint is still at `change.version`
    /// and the dialogue still at its expected version.
    pub async fn apply_change(
        &self,
        change: &StatusChange,
        dialogue: Option<&DialogueSave<'_>>,
    ) -> Result<ChangeOutcome> {
        const UPDATE: &str = "UPDATE complaints SET status = $1, department = $2, handler = $3, \
             assignee = $4, reopened_before = $5, extension_pending = $6, extension_granted = $7, \
             dispatched_at = $8, accepted_at = $9, paused_at = $10, resolved_at = $11, \
             returns = $12, updated_at = $13, version = version + 1, \
             accept_due_at = $17, return_until = $18, resolve_due_at = $19, rating_due_at = $20, \
             due_provisional = $21, due_fresh = $22, extension_days = $23, next_alert_at = $24, \
             urgent_at = $25 \
             WHERE id = $14 AND status = $15 AND version = $16";
        let detail = serde_json::to_string(&change.action)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let (before, after) = (&change.before, &change.after);
        let outcome = in_tx!(self, tx => {
            if let Some(d) = dialogue {
                if !save_dialogue_in!(tx, d, change.now_ms) {
                    return Ok(ChangeOutcome::DialogueMoved);
                }
            } else if let Some(id) = change.update_id {
                let first = sqlx::query(super::dialogues::SEEN_SQL)
                    .bind(id)
                    .bind(change.now_ms)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if first != 1 {
                    return Ok(ChangeOutcome::AlreadyHandled);
                }
            }
            let n = sqlx::query(UPDATE)
                .bind(after.status.code())
                .bind(&after.department)
                .bind(&after.handler)
                .bind(after.assignee)
                .bind(after.reopened_before)
                .bind(after.extension_pending)
                .bind(after.extension_granted)
                .bind(after.dispatched_at)
                .bind(after.accepted_at)
                .bind(after.paused_at)
                .bind(after.resolved_at)
                .bind(after.returns as i32)
                .bind(change.now_ms)
                .bind(change.complaint_id)
                .bind(before.status.code())
                .bind(change.version)
                .bind(after.deadlines.accept_due)
                .bind(after.deadlines.return_until)
                .bind(after.deadlines.resolve_due)
                .bind(after.deadlines.rating_due)
                .bind(after.deadlines.provisional)
                .bind(after.deadlines.fresh)
                .bind(after.extension_days.map(|d| d as i32))
                .bind(change.schedule.next_alert_at)
                .bind(change.schedule.urgent_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                return Ok(ChangeOutcome::ComplaintMoved);
            }
            sqlx::query(INSERT_EVENT_SQL)
                .bind(change.complaint_id)
                .bind(change.now_ms)
                .bind(change.actor.kind())
                .bind(change.actor.user_id())
                .bind(change.action.kind().code())
                .bind(before.status.code())
                .bind(after.status.code())
                .bind(&detail)
                .bind(&after.department)
                .bind(&after.handler)
                .execute(&mut *tx)
                .await?;
            insert_attachments!(tx, change.complaint_id, &change.attachments, change.now_ms);
            let ids = insert_notices!(tx, &change.notices, change.now_ms);
            ChangeOutcome::Applied(ids.into_iter().flatten().collect())
        });
        Ok(outcome)
    }

    pub async fn complaint_by_tracking(&self, tracking_no: &str) -> Result<Option<ComplaintRow>> {
        let sql = format!("SELECT {COLUMNS} FROM complaints WHERE tracking_no = $1");
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(tracking_no).fetch_optional(pool).await?))
    }

    pub async fn complaint(&self, id: i64) -> Result<Option<ComplaintRow>> {
        let sql = format!("SELECT {COLUMNS} FROM complaints WHERE id = $1");
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?))
    }

    /// A user's complaints, newest first.
    pub async fn complaints_of(&self, user_id: i64, limit: i64) -> Result<Vec<ComplaintRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM complaints WHERE user_id = $1 ORDER BY id DESC LIMIT $2"
        );
        Ok(
            on_db!(self, pool => sqlx::query_as(&sql).bind(user_id).bind(limit).fetch_all(pool).await?),
        )
    }

    /// A user's complaints still in the department's hands, in one category, newest first.
    pub async fn open_complaints_of(
        &self,
        user_id: i64,
        category: Category,
    ) -> Result<Vec<ComplaintRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM complaints WHERE user_id = $1 AND category = $2 \
             AND status IN ({}) ORDER BY id DESC",
            open_statuses()
        );
        Ok(
            on_db!(self, pool => sqlx::query_as(&sql).bind(user_id).bind(category.code()).fetch_all(pool).await?),
        )
    }

    /// The person's complaint whose department waits for their information, the latest if
    /// several.
    pub async fn awaiting_info_of(&self, user_id: i64) -> Result<Option<ComplaintRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM complaints WHERE user_id = $1 AND status = '{}' \
             ORDER BY paused_at DESC, id DESC LIMIT 1",
            Status::AwaitingInfo.code()
        );
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(user_id).fetch_optional(pool).await?))
    }

    pub async fn count_complaints_of(&self, user_id: i64) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM complaints WHERE user_id = $1";
        Ok(on_db!(self, pool => sqlx::query_scalar(SQL).bind(user_id).fetch_one(pool).await?))
    }

    /// How many complaints a user filed on one (Asia/Shanghai) date, for the daily limit.
    pub async fn complaints_filed_on(&self, user_id: i64, date: NaiveDate) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM complaints WHERE user_id = $1 AND day = $2";
        Ok(
            on_db!(self, pool => sqlx::query_scalar(SQL).bind(user_id).bind(day_key(date)).fetch_one(pool).await?),
        )
    }

    pub async fn events_of(&self, complaint_id: i64) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM complaint_events WHERE complaint_id = $1 ORDER BY id"
        );
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(complaint_id).fetch_all(pool).await?))
    }

    pub async fn attachments_of(&self, complaint_id: i64) -> Result<Vec<NewAttachment>> {
        const SQL: &str = "SELECT kind, file_id, file_name FROM attachments \
             WHERE complaint_id = $1 ORDER BY id";
        let rows: Vec<(String, String, Option<String>)> =
            on_db!(self, pool => sqlx::query_as(SQL).bind(complaint_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(kind, file_id, file_name)| NewAttachment {
                kind,
                file_id,
                file_name,
            })
            .collect())
    }
}
