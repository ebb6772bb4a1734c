//! The complainant's operations on filed complaints: file, list, status, add, withdraw.

use super::act::{Refusal, With};
use super::dialogue::{Draft, Next, State, Turn};
use super::{Delivery, Reply, ServiceError};
use crate::domain::deadlines::Deadlines;
use crate::domain::{self, Action, Actor, Rating, Status, TrackingNo};
use crate::i18n::{msg, Arg};
use crate::storage::{ChangeOutcome, ComplaintRow, FilingNotices, NewAttachment, NewComplaint};

/// How many complaints /my lists.
const MY_LIMIT: i64 = 20;

pub(super) fn attachments(files: &[super::FileRef]) -> Vec<NewAttachment> {
    files
        .iter()
        .map(|f| NewAttachment {
            kind: f.kind.code().to_owned(),
            file_id: f.file_id.clone(),
            file_name: f.file_name.clone(),
        })
        .collect()
}

/// Splits "YS-20261125-0042 more text" (or "YS-20261125-0042补充…", with no space) into the
/// number as typed and the rest.
pub(super) fn split_number(arg: &str) -> (&str, String) {
    let arg = arg.trim();
    let end = arg
        .char_indices()
        .find(|(_, c)| {
            let fullwidth = ('\u{FF01}'..='\u{FF5E}').contains(c);
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '#') || fullwidth)
        })
        .map_or(arg.len(), |(i, _)| i);
    (&arg[..end], arg[end..].trim().to_owned())
}

impl Turn<'_> {
    /// Files the draft: one transaction stores the complaint and resets the conversation.
    pub(super) async fn file_draft(&mut self, draft: Draft) -> Result<Next, ServiceError> {
        let svc = self.svc;
        let today = svc.clock.today_local();
        if svc.db.complaints_filed_on(self.user_id, today).await? >= super::DAILY_LIMIT {
            self.say(
                msg::DAILY_LIMIT,
                &[("limit", Arg::from(super::DAILY_LIMIT))],
            );
            return Ok(Next::Set(State::Idle));
        }
        let (Some(department), Some(handler)) = (draft.department.clone(), draft.handler.clone())
        else {
            // Only a categorised draft reaches this step; refuse rather than file it nowhere.
            self.stale(true);
            return Ok(Next::Set(State::Idle));
        };
        // Filing dispatches it to its handler: the time limits start now.
        let now = svc.now_ms();
        let calendar = svc.calendar().await?;
        let deadlines = Deadlines::dispatched(now, &svc.limits(draft.category), &calendar);
        let facts_now = crate::domain::Facts {
            status: Status::Submitted,
            owner: self.user_id,
            department: Some(department.clone()),
            handler: Some(handler.clone()),
            assignee: None,
            reopened_before: false,
            extension_pending: false,
            extension_granted: false,
            dispatched_at: Some(now),
            accepted_at: None,
            paused_at: None,
            resolved_at: None,
            returns: 0,
            extension_days: None,
            deadlines,
        };
        let schedule = super::limits::schedule(&facts_now, &calendar);
        let contact_name = if draft.anonymous {
            None
        } else {
            draft.contact_name.clone()
        };
        let new = NewComplaint {
            user_id: self.user_id,
            lang: self.lang.code().to_owned(),
            text: draft.text.clone(),
            category: draft.category,
            proposed_category: draft.proposed,
            confidence: draft.confidence,
            matched: draft.matched.clone(),
            department,
            handler,
            conflict_of_interest: draft.conflict,
            contact_name,
            company: draft.company.clone(),
            phone: draft.phone.clone(),
            anonymous: draft.anonymous,
            attachments: attachments(&draft.files),
            date: today,
            deadlines,
            schedule,
            now_ms: now,
        };
        let idle = serde_json::to_string(&State::Idle)?;
        // The confirmation is written with the complaint: whatever happens to the reply on
        // its way, the complainant gets the number.
        let turn = &*self;
        let notices = |row: &ComplaintRow| FilingNotices {
            announcement: svc.new_card(row, draft.files.len(), &calendar),
            confirmation: turn
                .filed(row, &draft)
                .to_notice(turn.user_id, format!("filed:{}", row.id)),
        };
        let save = self.dialogue_save(&idle);
        match svc.db.file_complaint(&new, &save, notices).await? {
            Some((row, outbox_id)) => {
                tracing::info!(tracking = %row.tracking_no, category = %row.category, handler = ?row.handler, "complaint filed");
                let reply = Reply {
                    delivery: Delivery::Durable(outbox_id),
                    ..self.filed(&row, &draft)
                };
                self.replies.push(reply);
                Ok(Next::Saved)
            }
            None => {
                self.stale(true);
                Ok(Next::Keep)
            }
        }
    }

    /// An open complaint of this person's in the draft's category about the same matter, if
    /// any: offered for merging (并单) so one matter is not counted twice.
    pub(super) async fn similar_open_complaint(
        &self,
        draft: &Draft,
    ) -> Result<Option<ComplaintRow>, ServiceError> {
        let open = self
            .svc
            .db
            .open_complaints_of(self.user_id, draft.category)
            .await?;
        // The same category and department is the same kind of matter with the same people,
        // however differently it is worded this time; otherwise only a close rewording counts.
        // Among candidates the most alike is offered. It is an offer: filing anew stays one
        // press away.
        Ok(open
            .into_iter()
            .map(|c| (domain::similarity::similarity(&draft.text, &c.text), c))
            .filter(|(score, c)| {
                c.department == draft.department || *score >= domain::similarity::REPEAT_THRESHOLD
            })
            .max_by(|a, b| {
                let same = |c: &ComplaintRow| c.department == draft.department;
                (same(&a.1), a.0)
                    .partial_cmp(&(same(&b.1), b.0))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|(_, c)| c))
    }

    pub(super) async fn list_mine(&mut self) -> Result<(), ServiceError> {
        let rows = self.svc.db.complaints_of(self.user_id, MY_LIMIT).await?;
        if rows.is_empty() {
            self.say(msg::MY_EMPTY, &[]);
            return Ok(());
        }
        let total = self.svc.db.count_complaints_of(self.user_id).await?;
        let reply = self.my_list(&rows, total);
        self.replies.push(reply);
        Ok(())
    }

    /// The person's own complaint with this number. Someone else's number gets the same
    /// answer as a number that does not exist, so numbers cannot be probed.
    async fn own_complaint(
        &mut self,
        arg: &str,
        usage: &str,
    ) -> Result<Option<ComplaintRow>, ServiceError> {
        if arg.trim().is_empty() {
            self.say(usage, &[]);
            return Ok(None);
        }
        let (first, _) = split_number(arg);
        if first.is_empty() {
            let word = arg.split_whitespace().next().unwrap_or_default();
            self.say(msg::NOT_FOUND, &[("number", Arg::from(word))]);
            return Ok(None);
        }
        let Ok(number) = first.parse::<TrackingNo>() else {
            self.say(msg::NOT_FOUND, &[("number", Arg::from(first))]);
            return Ok(None);
        };
        let row = self
            .svc
            .db
            .complaint_by_tracking(&number.to_string())
            .await?;
        match row {
            Some(row) if row.user_id == self.user_id => Ok(Some(row)),
            _ => {
                self.say(msg::NOT_FOUND, &[("number", Arg::from(number.to_string()))]);
                Ok(None)
            }
        }
    }

    pub(super) async fn show_status(&mut self, arg: &str) -> Result<(), ServiceError> {
        let Some(row) = self.own_complaint(arg, msg::STATUS_USAGE).await? else {
            return Ok(());
        };
        let events = self.svc.db.events_of(row.id).await?;
        let files = self.svc.db.attachments_of(row.id).await?.len();
        let reply = self.status_card(&row, &events, files);
        self.replies.push(reply);
        Ok(())
    }

    /// /add N [text]: adds the text at once, or waits for the next message.
    pub(super) async fn start_add(&mut self, arg: &str) -> Result<Next, ServiceError> {
        let Some(row) = self.own_complaint(arg, msg::ADD_USAGE).await? else {
            return Ok(Next::Keep);
        };
        let status = row.status;
        if status.is_final() || status == Status::Resolved {
            self.not_open(msg::ADD_NOT_OPEN, &row.tracking_no, status);
            return Ok(Next::Keep);
        }
        let (_, rest) = split_number(arg);
        let rest = rest.as_str();
        if rest.is_empty() {
            self.say(
                msg::ADD_ASK,
                &[("tracking", Arg::from(row.tracking_no.clone()))],
            );
            return Ok(Next::Set(State::Adding {
                complaint_id: row.id,
                tracking: row.tracking_no,
            }));
        }
        let Some(text) = self.valid_text(rest) else {
            return Ok(Next::Keep);
        };
        // Done with any earlier /add or /withdraw question, too.
        self.add_info(
            row.id,
            &row.tracking_no,
            text.as_str(),
            Vec::new(),
            State::Idle,
        )
        .await
    }

    /// A file sent with the caption "/add NUMBER [text]": added to that complaint; the
    /// conversation stays where it was (a complaint being written is not disturbed).
    pub(super) async fn add_file_by_command(
        &mut self,
        arg: &str,
        file: super::FileRef,
        state: State,
    ) -> Result<Next, ServiceError> {
        let Some(row) = self.own_complaint(arg, msg::ADD_USAGE).await? else {
            return Ok(Next::Keep);
        };
        let (_, rest) = split_number(arg);
        let rest = rest.as_str();
        if !self.optional_text_ok(rest) {
            return Ok(Next::Keep);
        }
        // With nothing being written, wait for the rest of an album (its caption is on the
        // first photo only); a complaint being written is left as it was.
        let then = if state.draft().is_some() {
            state
        } else {
            State::Adding {
                complaint_id: row.id,
                tracking: row.tracking_no.clone(),
            }
        };
        let next = self
            .add_info(row.id, &row.tracking_no, rest, vec![file], then)
            .await?;
        if matches!(next, Next::Saved) {
            self.replies.push(self.more_files_or_done());
        }
        // A refusal (closed meanwhile) must not reset a complaint being written.
        Ok(match next {
            Next::Set(State::Idle) => Next::Keep,
            other => other,
        })
    }

    /// Adds information (text and/or files) to a complaint through the state machine (an
    /// answer to the department's question restarts its clock); the conversation goes on to
    /// `then` in the same transaction.
    pub(super) async fn add_info(
        &mut self,
        complaint_id: i64,
        tracking: &str,
        text: &str,
        files: Vec<super::FileRef>,
        then: State,
    ) -> Result<Next, ServiceError> {
        let action = Action::AddInfo {
            text: text.to_owned(),
            files: files.len() as u32,
        };
        let done = self.t(msg::ADD_DONE, &[("tracking", Arg::from(tracking))]);
        let outcome = self
            .apply(complaint_id, action, attachments(&files), &then, done)
            .await?;
        self.report(outcome, complaint_id, tracking, msg::ADD_NOT_OPEN)
            .await
    }

    /// Where the conversation stands after an action: moved on when it was applied (its
    /// confirmation is on its way), told why when the complaint had moved on.
    async fn report(
        &mut self,
        outcome: ChangeOutcome,
        complaint_id: i64,
        tracking: &str,
        refused: &str,
    ) -> Result<Next, ServiceError> {
        Ok(match outcome {
            ChangeOutcome::Applied(_) => Next::Saved,
            ChangeOutcome::ComplaintMoved => {
                let status = self
                    .svc
                    .db
                    .complaint(complaint_id)
                    .await?
                    .map(|row| row.status);
                match status {
                    Some(status) => self.not_open(refused, tracking, status),
                    None => self.say(msg::NOT_FOUND, &[("number", Arg::from(tracking))]),
                }
                Next::Set(State::Idle)
            }
            ChangeOutcome::DialogueMoved | ChangeOutcome::AlreadyHandled => {
                self.stale(false);
                Next::Keep
            }
        })
    }

    /// Why an action cannot be taken on a complaint in `status`, in words for that status.
    fn not_open(&mut self, id: &str, tracking: &str, status: Status) {
        self.say(
            id,
            &[
                ("tracking", Arg::from(tracking)),
                ("status", Arg::from(status.code())),
            ],
        );
    }

    /// A complaint of this person's whose department waits for their information.
    pub(super) async fn awaited_answer(&self) -> Result<Option<ComplaintRow>, ServiceError> {
        Ok(self.svc.db.awaiting_info_of(self.user_id).await?)
    }

    /// 回访: the person rates the answer to their complaint. The conversation stays where it
    /// was (a complaint being written is not disturbed).
    pub(super) async fn rate(
        &mut self,
        complaint_id: i64,
        rating: Rating,
        state: State,
    ) -> Result<Next, ServiceError> {
        let Some(row) = self.svc.db.complaint(complaint_id).await? else {
            self.stale(true);
            return Ok(Next::Keep);
        };
        if row.user_id != self.user_id {
            self.stale(true);
            return Ok(Next::Keep);
        }
        let department = self.svc.handler_name_of(self.lang, &row);
        let args = [
            ("tracking", Arg::from(row.tracking_no.as_str())),
            ("department", Arg::from(department)),
        ];
        let done = match rating {
            Rating::NotSatisfied if !row.reopened_before => self.t(msg::RATE_REOPENED, &args),
            Rating::NotSatisfied => self.t(msg::RATE_ESCALATED, &args),
            _ => self.t(msg::RATE_THANKS, &args),
        };
        let outcome = self
            .apply(
                complaint_id,
                Action::Rate { rating },
                Vec::new(),
                &state,
                done,
            )
            .await?;
        let next = self
            .report(outcome, complaint_id, &row.tracking_no, msg::RATE_NOT_OPEN)
            .await?;
        // A refused rating leaves the conversation as it was.
        Ok(match next {
            Next::Set(State::Idle) => Next::Keep,
            other => other,
        })
    }

    pub(super) async fn start_withdraw(&mut self, arg: &str) -> Result<Next, ServiceError> {
        let Some(row) = self.own_complaint(arg, msg::WITHDRAW_USAGE).await? else {
            return Ok(Next::Keep);
        };
        let status = row.status;
        if !status.is_open() {
            self.not_open(msg::WITHDRAW_NOT_OPEN, &row.tracking_no, status);
            return Ok(Next::Keep);
        }
        self.replies
            .push(self.withdraw_question(row.id, &row.tracking_no));
        Ok(Next::Set(State::ConfirmWithdraw {
            complaint_id: row.id,
            tracking: row.tracking_no,
        }))
    }

    pub(super) async fn withdraw(
        &mut self,
        complaint_id: i64,
        tracking: &str,
    ) -> Result<Next, ServiceError> {
        let done = self.t(msg::WITHDRAW_DONE, &[("tracking", Arg::from(tracking))]);
        let outcome = self
            .apply(
                complaint_id,
                Action::Withdraw,
                Vec::new(),
                &State::Idle,
                done,
            )
            .await?;
        self.report(outcome, complaint_id, tracking, msg::WITHDRAW_NOT_OPEN)
            .await
    }

    /// Runs `action` by this person through the one use case for actions, storing it
    /// together with the next dialogue state and the confirmation `done` to the person — all
    /// or nothing. `ComplaintMoved` when the complaint is gone, not theirs, or no longer in a
    /// status that allows the action.
    pub(super) async fn apply(
        &mut self,
        complaint_id: i64,
        action: Action,
        files: Vec<NewAttachment>,
        then: &State,
        done: String,
    ) -> Result<ChangeOutcome, ServiceError> {
        let actor = Actor::Complainant {
            user_id: self.user_id,
        };
        let state = serde_json::to_string(then)?;
        let confirmation = Reply::text(done);
        let with = With {
            attachments: files,
            confirmation: Some((self.user_id, confirmation.clone())),
            dialogue: Some(self.dialogue_save(&state)),
            update_id: None,
        };
        Ok(
            match self.svc.perform(actor, complaint_id, action, with).await? {
                Ok(acted) => {
                    if let Some(id) = acted.confirmation {
                        self.replies.push(Reply {
                            delivery: Delivery::Durable(id),
                            ..confirmation
                        });
                    }
                    ChangeOutcome::Applied(acted.confirmation.into_iter().collect())
                }
                Err(Refusal::ConversationMoved | Refusal::Repeated) => ChangeOutcome::DialogueMoved,
                Err(_) => ChangeOutcome::ComplaintMoved,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::split_number;

    #[test]
    fn the_number_is_split_from_what_follows() {
        assert_eq!(
            split_number(" YS-20261125-0042 补充 "),
            ("YS-20261125-0042", "补充".to_owned())
        );
        assert_eq!(
            split_number("YS-20261125-0042补充材料"),
            ("YS-20261125-0042", "补充材料".to_owned())
        );
        assert_eq!(
            split_number("ＹＳ－２０２６１１２５－００４２"),
            ("ＹＳ－２０２６１１２５－００４２", String::new())
        );
        assert_eq!(split_number("审批局"), ("", "审批局".to_owned()));
        assert_eq!(split_number(""), ("", String::new()));
    }
}
