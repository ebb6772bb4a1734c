//! A complaint's life as one state machine (the 12345 closed loop: 受理 派单 签收 办理 答复 回访 办结).
//!
//! [`transition`] is the only place that decides whether an action is allowed. It is pure: it
//! takes the complaint's current facts, who acts, what they do and when, and returns the facts
//! after the action (the event to append is the action itself), or a typed refusal. Storage
//! applies the result with a `WHERE status = <expected> AND version = <read>` guard, so two
//! clicks on the same button cannot both win.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed and dispatched; waiting for the department to accept it (签收).
    Submitted,
    /// The department has accepted it and is handling it (办理).
    Accepted,
    /// The department asked the complainant for more information; its clock is stopped.
    AwaitingInfo,
    /// The department has answered (答复); waiting for the complainant's rating (回访).
    Resolved,
    /// Finished (办结): rated, or not rated in time.
    Closed,
    /// Not a matter for this channel; the complainant was told why.
    Rejected,
    /// Withdrawn by the complainant.
    Withdrawn,
    /// Rated "not satisfied": handled again, escalated (重办).
    Reopened,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::Accepted,
        Status::AwaitingInfo,
        Status::Resolved,
        Status::Closed,
        Status::Rejected,
        Status::Withdrawn,
        Status::Reopened,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Accepted => "accepted",
            Status::AwaitingInfo => "awaiting_info",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
            Status::Reopened => "reopened",
        }
    }

    /// Nothing more happens to a complaint in a final status.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Rejected | Status::Withdrawn)
    }

    /// Still in the department's hands (counts against its time limits).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Submitted | Status::Accepted | Status::AwaitingInfo | Status::Reopened
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|st| st.code() == s)
            .ok_or_else(|| format!("unknown status {s:?}"))
    }
}

/// Storage reads codes as strings; a code that is not one is a corrupt row.
impl TryFrom<String> for Status {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The complainant's answer at 回访.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Satisfied,
    BasicallySatisfied,
    NotSatisfied,
}

/// Who is acting. Staff carry their department so rights can be checked against the complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The person who filed the complaint (`user_id` is their Telegram id).
    Complainant {
        user_id: i64,
    },
    Staff {
        user_id: i64,
        department: String,
    },
    Supervisor {
        user_id: i64,
    },
    /// The deadline watcher and other workers.
    System,
}

impl Actor {
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::Complainant { .. } => "complainant",
            Actor::Staff { .. } => "staff",
            Actor::Supervisor { .. } => "supervisor",
            Actor::System => "system",
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::Complainant { user_id }
            | Actor::Staff { user_id, .. }
            | Actor::Supervisor { user_id } => Some(*user_id),
            Actor::System => None,
        }
    }
}

/// Everything that can happen to a filed complaint. Each becomes one event in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// 签收: the department takes the complaint on.
    Accept,
    /// 退单: the department says it is not theirs, and which department it should go to; the
    /// supervisors decide and re-dispatch it.
    Return {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggested: Option<String>,
    },
    /// 派单: a supervisor sends the complaint to a department.
    Dispatch { department: String },
    /// The handling department hands the complaint to another one.
    Transfer { department: String, reason: String },
    /// The department needs more from the complainant; the clock stops.
    RequestInfo { question: String },
    /// The complainant adds information (answering a request, or of their own accord): text,
    /// files, or both.
    AddInfo { text: String, files: u32 },
    /// An internal note by staff; never shown to the complainant.
    Note { text: String },
    /// 指派: the complaint is given to one clerk of the handling department.
    Assign { user_id: i64 },
    /// 延期: the department asks for more working days.
    RequestExtension { days: u32, reason: String },
    /// A supervisor approves or refuses the pending extension.
    DecideExtension { approve: bool },
    /// 答复: the department answers the complainant.
    Resolve { reply: String },
    /// Not a matter for this channel.
    Reject { reason: String },
    /// The complainant withdraws the complaint.
    Withdraw,
    /// 回访: the complainant rates the answer.
    Rate { rating: Rating },
    /// No rating within the limit: the watcher closes the complaint.
    AutoClose,
}

impl Action {
    pub fn kind(&self) -> EventKind {
        match self {
            Action::Accept => EventKind::Accept,
            Action::Return { .. } => EventKind::Return,
            Action::Dispatch { .. } => EventKind::Dispatch,
            Action::Transfer { .. } => EventKind::Transfer,
            Action::RequestInfo { .. } => EventKind::RequestInfo,
            Action::AddInfo { .. } => EventKind::AddInfo,
            Action::Note { .. } => EventKind::Note,
            Action::Assign { .. } => EventKind::Assign,
            Action::RequestExtension { .. } => EventKind::RequestExtension,
            Action::DecideExtension { .. } => EventKind::DecideExtension,
            Action::Resolve { .. } => EventKind::Resolve,
            Action::Reject { .. } => EventKind::Reject,
            Action::Withdraw => EventKind::Withdraw,
            Action::Rate { .. } => EventKind::Rate,
            Action::AutoClose => EventKind::AutoClose,
        }
    }
}

/// What an event in a complaint's log records: its filing, or one [`Action`]. The codes are
/// stored; statistics count by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Filed,
    Accept,
    Return,
    Dispatch,
    Transfer,
    RequestInfo,
    AddInfo,
    Note,
    Assign,
    RequestExtension,
    DecideExtension,
    Resolve,
    Reject,
    Withdraw,
    Rate,
    AutoClose,
}

impl EventKind {
    pub const ALL: [EventKind; 16] = [
        EventKind::Filed,
        EventKind::Accept,
        EventKind::Return,
        EventKind::Dispatch,
        EventKind::Transfer,
        EventKind::RequestInfo,
        EventKind::AddInfo,
        EventKind::Note,
        EventKind::Assign,
        EventKind::RequestExtension,
        EventKind::DecideExtension,
        EventKind::Resolve,
        EventKind::Reject,
        EventKind::Withdraw,
        EventKind::Rate,
        EventKind::AutoClose,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Filed => "filed",
            EventKind::Accept => "accept",
            EventKind::Return => "return",
            EventKind::Dispatch => "dispatch",
            EventKind::Transfer => "transfer",
            EventKind::RequestInfo => "request_info",
            EventKind::AddInfo => "add_info",
            EventKind::Note => "note",
            EventKind::Assign => "assign",
            EventKind::RequestExtension => "request_extension",
            EventKind::DecideExtension => "decide_extension",
            EventKind::Resolve => "resolve",
            EventKind::Reject => "reject",
            EventKind::Withdraw => "withdraw",
            EventKind::Rate => "rate",
            EventKind::AutoClose => "auto_close",
        }
    }

    /// Seen by staff only (internal notes, who was assigned).
    pub fn is_internal(self) -> bool {
        matches!(self, EventKind::Note | EventKind::Assign)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for EventKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| format!("unknown event kind {s:?}"))
    }
}

impl TryFrom<String> for EventKind {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The facts about a complaint that decide what may happen to it next, and that its time
/// limits are counted from. [`transition`] returns them as they are after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub status: Status,
    pub owner: i64,
    /// The department responsible for the matter; `None` while it waits for the supervisors.
    pub department: Option<String>,
    /// Who handles it: the department, or the supervisors / leadership on a conflict of
    /// interest (then `department` is the accused one). `None` while waiting for dispatch.
    pub handler: Option<String>,
    /// The clerk it is assigned to, if any.
    pub assignee: Option<i64>,
    /// Set once the complaint has been reopened; a second "not satisfied" closes it.
    pub reopened_before: bool,
    /// A requested extension waits for a supervisor.
    pub extension_pending: bool,
    /// The one extension allowed has been granted already.
    pub extension_granted: bool,
    /// The working days of the extension waiting for a supervisor's decision.
    pub extension_days: Option<u32>,
    /// When it reached its handler (filed, dispatched, transferred): the accept and return
    /// limits count from here (epoch ms).
    pub dispatched_at: Option<i64>,
    /// When the handler accepted it (签收).
    pub accepted_at: Option<i64>,
    /// Since when the handler has been waiting for the complainant (the clock is stopped).
    pub paused_at: Option<i64>,
    /// When it was answered (答复); the rating window counts from here.
    pub resolved_at: Option<i64>,
    /// How often it was returned (退单): ping-pong is visible.
    pub returns: u32,
    /// Its time limits as moments; [`transition`] leaves them as they are (the use case moves
    /// them with [`super::deadlines::Deadlines::advance`]) but refuses what comes too late.
    pub deadlines: super::deadlines::Deadlines,
}

/// What a successful transition leaves: the facts after the action.
pub type Outcome = Facts;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a complaint that is {status} cannot take {action}")]
    NotNow {
        status: Status,
        action: &'static str,
    },
    #[error("{actor} may not {action} this complaint")]
    NotAllowed {
        actor: &'static str,
        action: &'static str,
    },
    #[error("{0}")]
    Invalid(Invalid),
    /// The time for it has passed (a return after its limit, an extension asked for after
    /// the limit it would extend).
    #[error("too late to {action}")]
    TooLate { action: &'static str },
}

/// What is wrong with an action in itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("a reason or text is required")]
    EmptyText,
    #[error("transfer to the same department")]
    SameDepartment,
    #[error("an extension is 1 to 15 working days")]
    ExtensionDays,
}

/// Applies `action` by `actor` at `now` (epoch ms) to a complaint with `facts`.
pub fn transition(
    facts: &Facts,
    actor: &Actor,
    action: &Action,
    now: i64,
) -> Result<Outcome, TransitionError> {
    use Status::*;
    check_rights(facts, actor, action)?;
    let not_now = || TransitionError::NotNow {
        status: facts.status,
        action: action.kind().code(),
    };
    let mut out = facts.clone();
    let s = facts.status;
    // A new handler starts its own accept limit and its own queue.
    let hand_to = |out: &mut Facts, department: Option<&String>| {
        out.department = department.cloned();
        out.handler = department.cloned();
        out.assignee = None;
        out.accepted_at = None;
        out.dispatched_at = department.map(|_| now);
    };
    match action {
        Action::Accept => match s {
            Submitted | Reopened if facts.handler.is_some() => {
                out.status = Accepted;
                out.accepted_at = Some(now);
            }
            _ => return Err(not_now()),
        },
        Action::Return { reason, .. } => {
            non_empty(reason)?;
            if facts
                .deadlines
                .return_until
                .is_some_and(|until| now > until)
            {
                return Err(TransitionError::TooLate {
                    action: action.kind().code(),
                });
            }
            match s {
                Submitted | Reopened if facts.handler.is_some() => {
                    out.status = Submitted;
                    hand_to(&mut out, None);
                    out.returns += 1;
                }
                _ => return Err(not_now()),
            }
        }
        Action::Dispatch { department } => {
            non_empty(department)?;
            match s {
                Submitted | Reopened => hand_to(&mut out, Some(department)),
                _ => return Err(not_now()),
            }
        }
        Action::Transfer { department, reason } => {
            non_empty(department)?;
            non_empty(reason)?;
            if facts.department.as_deref() == Some(department.as_str()) {
                return Err(TransitionError::Invalid(Invalid::SameDepartment));
            }
            match s {
                Submitted | Accepted | AwaitingInfo | Reopened => {
                    out.status = Submitted;
                    hand_to(&mut out, Some(department));
                    out.extension_pending = false;
                    out.paused_at = None;
                }
                _ => return Err(not_now()),
            }
        }
        Action::RequestInfo { question } => {
            non_empty(question)?;
            match s {
                Accepted | Reopened => {
                    out.status = AwaitingInfo;
                    out.paused_at = Some(now);
                }
                _ => return Err(not_now()),
            }
        }
        Action::AddInfo { text, files } => {
            if *files == 0 {
                non_empty(text)?;
            }
            match s {
                AwaitingInfo => {
                    out.status = Accepted;
                    out.paused_at = None;
                }
                Submitted | Accepted | Reopened => {}
                _ => return Err(not_now()),
            }
        }
        Action::Note { text } => {
            non_empty(text)?;
            if s.is_final() {
                return Err(not_now());
            }
        }
        Action::Assign { user_id } => match s {
            Submitted | Accepted | AwaitingInfo | Reopened if facts.handler.is_some() => {
                out.assignee = Some(*user_id)
            }
            _ => return Err(not_now()),
        },
        Action::RequestExtension { days, reason } => {
            non_empty(reason)?;
            if facts.deadlines.resolve_due.is_some_and(|due| now > due) {
                return Err(TransitionError::TooLate {
                    action: action.kind().code(),
                });
            }
            if !(1..=15).contains(days) {
                return Err(TransitionError::Invalid(Invalid::ExtensionDays));
            }
            match s {
                Accepted | AwaitingInfo | Reopened
                    if !facts.extension_pending && !facts.extension_granted =>
                {
                    out.extension_pending = true;
                    out.extension_days = Some(*days);
                }
                _ => return Err(not_now()),
            }
        }
        Action::DecideExtension { approve } => match s {
            Accepted | AwaitingInfo | Reopened if facts.extension_pending => {
                out.extension_pending = false;
                out.extension_days = None;
                out.extension_granted = *approve;
            }
            _ => return Err(not_now()),
        },
        Action::Resolve { reply } => {
            non_empty(reply)?;
            match s {
                Accepted | AwaitingInfo | Reopened => {
                    out.status = Resolved;
                    out.extension_pending = false;
                    out.paused_at = None;
                    out.resolved_at = Some(now);
                }
                _ => return Err(not_now()),
            }
        }
        Action::Reject { reason } => {
            non_empty(reason)?;
            match s {
                Submitted | Accepted | AwaitingInfo | Reopened => {
                    out.status = Rejected;
                    out.paused_at = None;
                }
                _ => return Err(not_now()),
            }
        }
        Action::Withdraw => match s {
            Submitted | Accepted | AwaitingInfo | Reopened => {
                out.status = Withdrawn;
                out.paused_at = None;
            }
            _ => return Err(not_now()),
        },
        Action::Rate { rating } => match (s, rating) {
            // 重办: back to the same department, to be accepted and answered again.
            (Resolved, Rating::NotSatisfied) if !facts.reopened_before => {
                out.status = Reopened;
                out.reopened_before = true;
                out.dispatched_at = Some(now);
                out.accepted_at = None;
                out.resolved_at = None;
            }
            (Resolved, _) => out.status = Closed,
            _ => return Err(not_now()),
        },
        Action::AutoClose => match s {
            Resolved => out.status = Closed,
            _ => return Err(not_now()),
        },
    }
    Ok(out)
}

fn non_empty(s: &str) -> Result<(), TransitionError> {
    if s.trim().is_empty() {
        Err(TransitionError::Invalid(Invalid::EmptyText))
    } else {
        Ok(())
    }
}

/// Who may take which action, independent of the status.
fn check_rights(facts: &Facts, actor: &Actor, action: &Action) -> Result<(), TransitionError> {
    let refuse = || TransitionError::NotAllowed {
        actor: actor.kind(),
        action: action.kind().code(),
    };
    // Staff act on what their department handles; on a conflict of interest that is not the
    // accused department but the supervisors' (or the leadership's).
    let own_department = |dep: &str| facts.handler.as_deref() == Some(dep);
    let allowed = match action {
        Action::AddInfo { .. } | Action::Withdraw | Action::Rate { .. } => {
            matches!(actor, Actor::Complainant { user_id } if *user_id == facts.owner)
        }
        Action::Dispatch { .. } | Action::DecideExtension { .. } => {
            matches!(actor, Actor::Supervisor { .. })
        }
        Action::AutoClose => matches!(actor, Actor::System),
        Action::Accept
        | Action::Return { .. }
        | Action::Transfer { .. }
        | Action::RequestInfo { .. }
        | Action::Note { .. }
        | Action::Assign { .. }
        | Action::RequestExtension { .. }
        | Action::Resolve { .. }
        | Action::Reject { .. } => match actor {
            Actor::Staff { department, .. } => own_department(department),
            // Supervisors may act for a department, e.g. on a conflict-of-interest case.
            Actor::Supervisor { .. } => true,
            _ => false,
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(refuse())
    }
}

#[cfg(test)]
mod tests;
