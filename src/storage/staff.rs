//! What staff work with: queues of complaints, colleagues, and the ForceReply prompts that wait
//! for a typed answer.

use super::complaints::{ComplaintRow, EventRow};
use super::outbox::{insert_notices, NewNotice, INSERT_NOTICE_SQL};
use super::users::UserRow;
use super::{in_tx, on_db, Db, Result};
use crate::domain::{Role, Status};

/// A ForceReply prompt: the answer to message `message_id` in `chat_id`, by `user_id`, is the
/// text an action on `complaint_id` asked for.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PromptRow {
    pub chat_id: i64,
    pub message_id: i64,
    pub user_id: i64,
    pub complaint_id: i64,
    /// The service's code for what the answer is (a reason, a question, a note, the reply).
    pub action: String,
    /// What was chosen before the prompt (the department of a transfer, say).
    pub extra: Option<String>,
    pub expires_at: i64,
}

/// Which complaints a queue lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueQuery {
    /// The handler whose queue it is; `None` for every handler (supervisors).
    pub handler: Option<String>,
    /// Also the complaints that wait for the supervisors to dispatch them (returned ones).
    pub with_undispatched: bool,
    pub only: QueueOnly,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOnly {
    /// Every open complaint.
    Open,
    /// Assigned to this person.
    AssignedTo(i64),
    Unassigned,
    /// Waiting for the complainant's information.
    Waiting,
}

fn list(statuses: impl Iterator<Item = Status>) -> String {
    statuses
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl QueueQuery {
    /// The WHERE clause and its one bound value (`$1`, the handler), if any.
    fn filter(&self) -> (String, Option<String>) {
        let open = list(Status::ALL.into_iter().filter(|s| s.is_open()));
        let mut clauses = vec![format!("status IN ({open})")];
        let mut bind = None;
        match (&self.handler, self.with_undispatched) {
            (Some(h), false) => {
                clauses.push("handler = $1".into());
                bind = Some(h.clone());
            }
            (Some(h), true) => {
                clauses.push("(handler = $1 OR handler IS NULL)".into());
                bind = Some(h.clone());
            }
            (None, _) => {}
        }
        match self.only {
            QueueOnly::Open => {}
            QueueOnly::AssignedTo(user) => {
                // Only one value is bound per query; a user id is a number, safe to inline.
                clauses.push(format!("assignee = {user}"));
            }
            QueueOnly::Unassigned => clauses.push("assignee IS NULL".into()),
            QueueOnly::Waiting => {
                clauses.push(format!("status = '{}'", Status::AwaitingInfo.code()))
            }
        }
        (clauses.join(" AND "), bind)
    }
}

impl Db {
    pub async fn insert_prompt(&self, p: &PromptRow) -> Result<()> {
        const SQL: &str = "INSERT INTO prompts \
             (chat_id, message_id, user_id, complaint_id, action, extra, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chat_id, message_id) DO NOTHING";
        on_db!(self, pool => sqlx::query(SQL)
            .bind(p.chat_id)
            .bind(p.message_id)
            .bind(p.user_id)
            .bind(p.complaint_id)
            .bind(&p.action)
            .bind(&p.extra)
            .bind(p.expires_at)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The prompt that message `message_id` in `chat_id` is, if it is one.
    pub async fn prompt(&self, chat_id: i64, message_id: i64) -> Result<Option<PromptRow>> {
        const SQL: &str = "SELECT chat_id, message_id, user_id, complaint_id, action, extra, \
             expires_at FROM prompts WHERE chat_id = $1 AND message_id = $2";
        Ok(
            on_db!(self, pool => sqlx::query_as(SQL).bind(chat_id).bind(message_id).fetch_optional(pool).await?),
        )
    }

    /// A prompt is answered once.
    pub async fn delete_prompt(&self, chat_id: i64, message_id: i64) -> Result<()> {
        const SQL: &str = "DELETE FROM prompts WHERE chat_id = $1 AND message_id = $2";
        on_db!(self, pool => sqlx::query(SQL).bind(chat_id).bind(message_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Forgets prompts that expired before `now_ms`.
    pub async fn prune_prompts(&self, now_ms: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM prompts WHERE expires_at < $1";
        Ok(on_db!(self, pool => sqlx::query(SQL).bind(now_ms).execute(pool).await?.rows_affected()))
    }

    /// The staff of a department, by name.
    pub async fn colleagues(&self, department: &str) -> Result<Vec<UserRow>> {
        let sql = format!(
            "SELECT {} FROM users WHERE department = $1 AND role = '{}' ORDER BY display_name, id",
            super::users::COLUMNS,
            Role::Staff.code()
        );
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(department).fetch_all(pool).await?))
    }

    /// One page of a queue, most urgent first: overdue, then the nearest limit (the running
    /// limit's end, `urgent_at`), then the oldest dispatch; complaints whose clock is stopped
    /// (waiting for the complainant) after those whose clock runs.
    pub async fn queue(&self, q: &QueueQuery) -> Result<Vec<ComplaintRow>> {
        let (filter, bind) = q.filter();
        let sql = format!(
            "SELECT {} FROM complaints WHERE {filter} \
             ORDER BY urgent_at IS NULL, urgent_at, COALESCE(dispatched_at, created_at), id \
             LIMIT {} OFFSET {}",
            super::complaints::COLUMNS,
            q.limit.max(0),
            q.offset.max(0)
        );
        Ok(on_db!(self, pool => {
            let query = sqlx::query_as(&sql);
            let query = match &bind {
                Some(handler) => query.bind(handler),
                None => query,
            };
            query.fetch_all(pool).await?
        }))
    }

    /// How many complaints the queue holds in all.
    pub async fn queue_len(&self, q: &QueueQuery) -> Result<i64> {
        let (filter, bind) = q.filter();
        let sql = format!("SELECT COUNT(*) FROM complaints WHERE {filter}");
        Ok(on_db!(self, pool => {
            let query = sqlx::query_scalar(&sql);
            let query = match &bind {
                Some(handler) => query.bind(handler),
                None => query,
            };
            query.fetch_one(pool).await?
        }))
    }

    /// The latest event of a complaint: who was faster.
    pub async fn last_event(&self, complaint_id: i64) -> Result<Option<EventRow>> {
        let sql = format!(
            "SELECT {} FROM complaint_events WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1",
            super::complaints::EVENT_COLUMNS
        );
        Ok(
            on_db!(self, pool => sqlx::query_as(&sql).bind(complaint_id).fetch_optional(pool).await?),
        )
    }

    /// Answered complaints not rated, answered before `before_ms`, oldest answer first: their
    /// ids and when they were answered.
    pub async fn unrated_since(&self, before_ms: i64, limit: i64) -> Result<Vec<(i64, i64)>> {
        let sql = format!(
            "SELECT id, resolved_at FROM complaints WHERE status = '{}' AND resolved_at < $1 \
             ORDER BY resolved_at, id LIMIT $2",
            Status::Resolved.code()
        );
        Ok(
            on_db!(self, pool => sqlx::query_as(&sql).bind(before_ms).bind(limit).fetch_all(pool).await?),
        )
    }

    /// Complaints the deadline watcher must look at by `now`, the earliest first.
    pub async fn alerts_due(&self, now_ms: i64, limit: i64) -> Result<Vec<ComplaintRow>> {
        let sql = format!(
            "SELECT {} FROM complaints WHERE next_alert_at <= $1 \
             ORDER BY next_alert_at, id LIMIT $2",
            super::complaints::COLUMNS
        );
        Ok(
            on_db!(self, pool => sqlx::query_as(&sql).bind(now_ms).bind(limit).fetch_all(pool).await?),
        )
    }

    /// What the watcher found due for a complaint: its notices (each stored once, by its
    /// dedupe key) and when to look next — unless the complaint moved on meanwhile (then the
    /// change that moved it set its schedule, and nothing is written here).
    pub async fn record_alerts(
        &self,
        complaint_id: i64,
        version: i64,
        notices: &[NewNotice],
        next_alert_at: Option<i64>,
        now_ms: i64,
    ) -> Result<bool> {
        const NEXT: &str =
            "UPDATE complaints SET next_alert_at = $1 WHERE id = $2 AND version = $3";
        Ok(in_tx!(self, tx => {
            let n = sqlx::query(NEXT)
                .bind(next_alert_at)
                .bind(complaint_id)
                .bind(version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n != 1 {
                return Ok(false);
            }
            insert_notices!(tx, notices, now_ms);
            true
        }))
    }

    /// The leads of a department (chases go to them).
    pub async fn leads(&self, department: &str) -> Result<Vec<UserRow>> {
        let sql = format!(
            "SELECT {} FROM users WHERE department = $1 AND role = '{}' AND is_lead = TRUE \
             ORDER BY id",
            super::users::COLUMNS,
            Role::Staff.code()
        );
        Ok(on_db!(self, pool => sqlx::query_as(&sql).bind(department).fetch_all(pool).await?))
    }

    /// The group chat bound to a department (or to `yingshang` for the supervisors).
    pub async fn department_chat(&self, code: &str) -> Result<Option<i64>> {
        const SQL: &str = "SELECT chat_id FROM departments WHERE code = $1";
        let chat: Option<Option<i64>> =
            on_db!(self, pool => sqlx::query_scalar(SQL).bind(code).fetch_optional(pool).await?);
        Ok(chat.flatten())
    }

    /// The department a group chat is bound to, if any.
    pub async fn department_of_chat(&self, chat_id: i64) -> Result<Option<String>> {
        const SQL: &str = "SELECT code FROM departments WHERE chat_id = $1 ORDER BY code LIMIT 1";
        Ok(on_db!(self, pool => sqlx::query_scalar(SQL).bind(chat_id).fetch_optional(pool).await?))
    }
}
