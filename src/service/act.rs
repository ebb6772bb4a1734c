//! One use case for every action on a filed complaint, whoever takes it: the actor's rights are
//! loaded from the database (never taken from a button or an argument), the domain's pure
//! `transition` decides, storage applies it with the status-and-version guard together with its
//! event and its notices, and a refusal says which of "not for you", "not now" and "someone was
//! faster" it was, so each is answered differently.

use super::{Reply, Service, ServiceError};
use crate::domain::{self, Action, Actor, Principal, Status, TransitionError};
use crate::storage::{ChangeOutcome, ComplaintRow, DialogueSave, NewAttachment, StatusChange};

/// Why an action was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// There is no such complaint.
    Gone,
    /// The actor's role or department does not allow it (another department's clerk, a
    /// group member who is not staff, the accused department on a conflict of interest).
    NotAllowed,
    /// The complaint's state does not allow it now.
    NotNow(Status),
    /// Someone else changed the complaint first: their name and what they did.
    Faster {
        who: String,
        what: domain::EventKind,
    },
    /// The action itself is not acceptable (an empty reason, a transfer to the same place).
    Invalid(domain::Invalid),
    /// This very update was handled before (a redelivery).
    Repeated,
    /// An assignment to someone who is not staff of the handling department.
    NotAColleague,
    /// The person's conversation moved on meanwhile (another of their updates came first).
    ConversationMoved,
    /// The time for it has passed (a return after its limit, an extension after the limit).
    TooLate,
}

/// A change that was made.
#[derive(Debug, Clone)]
pub struct Acted {
    /// The complaint as it is now.
    pub row: ComplaintRow,
    /// The outbox id of the confirmation to the person who acted, when one was asked for.
    pub confirmation: Option<i64>,
}

/// Everything about one action besides who and what: files it adds, the confirmation to the
/// person who acted (to their private chat), the conversation that moves on with it, and the
/// Telegram update that asked for it. All of it is written in one transaction.
#[derive(Debug, Default)]
pub struct With<'a> {
    pub attachments: Vec<NewAttachment>,
    /// The confirmation, its chat and its dedupe key's stem.
    pub confirmation: Option<(i64, Reply)>,
    pub dialogue: Option<DialogueSave<'a>>,
    pub update_id: Option<i64>,
}

impl Service {
    /// Takes `action` on complaint `complaint_id` as `who`, now. `update_id` is the Telegram
    /// update that asked for it, recorded as handled in the same transaction.
    pub async fn act(
        &self,
        who: &Principal,
        complaint_id: i64,
        action: Action,
        update_id: Option<i64>,
    ) -> Result<Result<Acted, Refusal>, ServiceError> {
        let with = With {
            update_id,
            ..With::default()
        };
        self.perform(who.actor(), complaint_id, action, with).await
    }

    /// The same for an actor that is not a stored person (the system's workers).
    pub async fn act_as(
        &self,
        actor: Actor,
        complaint_id: i64,
        action: Action,
    ) -> Result<Result<Acted, Refusal>, ServiceError> {
        self.perform(actor, complaint_id, action, With::default())
            .await
    }

    /// The use case behind every action, by staff, supervisors, complainants and workers.
    pub(super) async fn perform(
        &self,
        actor: Actor,
        complaint_id: i64,
        action: Action,
        with: With<'_>,
    ) -> Result<Result<Acted, Refusal>, ServiceError> {
        let Some(row) = self.db.complaint(complaint_id).await? else {
            return Ok(Err(Refusal::Gone));
        };
        if let Action::Assign { user_id } = &action {
            let colleague = self.db.user(*user_id).await?.is_some_and(|u| {
                u.role == crate::domain::Role::Staff && u.department == row.handler
            });
            if !colleague {
                return Ok(Err(Refusal::NotAColleague));
            }
        }
        let now = self.now_ms();
        let before = row.facts();
        let mut after = match domain::transition(&before, &actor, &action, now) {
            Ok(after) => after,
            // The same step was just taken by someone else (the card had not caught up yet):
            // say who, rather than that the state does not allow it.
            Err(TransitionError::NotNow { .. })
                if self
                    .db
                    .last_event(complaint_id)
                    .await?
                    .is_some_and(|e| e.kind == action.kind()) =>
            {
                return Ok(Err(self.who_was_faster(complaint_id).await?));
            }
            Err(e) => return Ok(Err(refusal(e))),
        };
        // The time limits move with the action, on the calendar in effect.
        let calendar = self.calendar().await?;
        let limits = self.limits(row.category);
        after.deadlines = before
            .deadlines
            .advance(&action, &before, &after, now, &limits, &calendar);
        let schedule = super::limits::schedule(&after, &calendar);
        let mut notices = Vec::new();
        let confirmed = with.confirmation.is_some();
        if let Some((chat, reply)) = &with.confirmation {
            // One change of one complaint version is confirmed once, however often tried.
            let key = format!("{}:{}:{}", action.kind(), complaint_id, row.version + 1);
            notices.push(reply.to_notice(*chat, key));
        }
        notices.extend(
            self.change_notices(&row, &after, &action, &calendar)
                .await?,
        );
        let change = StatusChange {
            complaint_id,
            version: row.version,
            before,
            after: after.clone(),
            actor,
            action,
            attachments: with.attachments,
            notices,
            schedule,
            update_id: with.update_id,
            now_ms: now,
        };
        match self
            .db
            .apply_change(&change, with.dialogue.as_ref())
            .await?
        {
            ChangeOutcome::Applied(ids) => {
                // The cards and notices are queued: the sender looks at once.
                self.wake.notify_one();
                Ok(Ok(Acted {
                    row: row.with_facts(&after),
                    confirmation: ids.first().copied().filter(|_| confirmed),
                }))
            }
            ChangeOutcome::AlreadyHandled => Ok(Err(Refusal::Repeated)),
            ChangeOutcome::DialogueMoved => Ok(Err(Refusal::ConversationMoved)),
            ChangeOutcome::ComplaintMoved => Ok(Err(self.who_was_faster(complaint_id).await?)),
        }
    }

    /// Whether `who` may take `action` on `row` as it stands, without taking it: a button that
    /// opens a picker or a prompt is refused at once rather than after the typing.
    pub fn may(&self, who: &Principal, row: &ComplaintRow, action: &Action) -> Result<(), Refusal> {
        domain::transition(&row.facts(), &who.actor(), action, self.now_ms())
            .map(|_| ())
            .map_err(refusal)
    }

    async fn who_was_faster(&self, complaint_id: i64) -> Result<Refusal, ServiceError> {
        let Some(event) = self.db.last_event(complaint_id).await? else {
            return Ok(Refusal::Gone);
        };
        let who = match event.actor_id {
            Some(id) if event.actor_kind != "complainant" => self
                .db
                .user(id)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default(),
            _ => String::new(),
        };
        Ok(Refusal::Faster {
            who,
            what: event.kind,
        })
    }
}

fn refusal(e: TransitionError) -> Refusal {
    match e {
        TransitionError::NotAllowed { .. } => Refusal::NotAllowed,
        TransitionError::NotNow { status, .. } => Refusal::NotNow(status),
        TransitionError::Invalid(why) => Refusal::Invalid(why),
        TransitionError::TooLate { .. } => Refusal::TooLate,
    }
}
