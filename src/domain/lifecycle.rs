//! A complaint's life as one state machine (the 12345 closed loop: 受理 派单 签收 办理 答复 回访 办结).
//!
//! [`transition`] is the only place that decides whether an action is allowed. It is pure: it
//! takes the complaint's current facts, who acts and what they do, and returns the new status
//! with the event to append, or a typed refusal. Storage applies the result with a
//! `WHERE status = <expected>` guard, so two clicks on the same button cannot both win.

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
    /// 退单: the department says it is not theirs; the supervisors re-dispatch it.
    Return { reason: String },
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
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Return { .. } => "return",
            Action::Dispatch { .. } => "dispatch",
            Action::Transfer { .. } => "transfer",
            Action::RequestInfo { .. } => "request_info",
            Action::AddInfo { .. } => "add_info",
            Action::Note { .. } => "note",
            Action::RequestExtension { .. } => "request_extension",
            Action::DecideExtension { .. } => "decide_extension",
            Action::Resolve { .. } => "resolve",
            Action::Reject { .. } => "reject",
            Action::Withdraw => "withdraw",
            Action::Rate { .. } => "rate",
            Action::AutoClose => "auto_close",
        }
    }
}

/// The facts about a complaint that decide what may happen to it next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub status: Status,
    pub owner: i64,
    /// The department responsible for the matter; `None` while it waits for the supervisors.
    pub department: Option<String>,
    /// Who handles it: the department, or the supervisors / leadership on a conflict of
    /// interest (then `department` is the accused one). `None` while waiting for dispatch.
    pub handler: Option<String>,
    /// Set once the complaint has been reopened; a second "not satisfied" closes it.
    pub reopened_before: bool,
    /// A requested extension waits for a supervisor.
    pub extension_pending: bool,
    /// The one extension allowed has been granted already.
    pub extension_granted: bool,
}

/// What a successful transition changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub to: Status,
    /// The responsible department after the action (changes on return, dispatch, transfer).
    pub department: Option<String>,
    pub handler: Option<String>,
    pub reopened_before: bool,
    pub extension_pending: bool,
    pub extension_granted: bool,
}

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
    Invalid(&'static str),
}

/// Applies `action` by `actor` to a complaint with `facts`.
pub fn transition(
    facts: &Facts,
    actor: &Actor,
    action: &Action,
) -> Result<Outcome, TransitionError> {
    use Status::*;
    check_rights(facts, actor, action)?;
    let not_now = || TransitionError::NotNow {
        status: facts.status,
        action: action.kind(),
    };
    let mut out = Outcome {
        to: facts.status,
        department: facts.department.clone(),
        handler: facts.handler.clone(),
        reopened_before: facts.reopened_before,
        extension_pending: facts.extension_pending,
        extension_granted: facts.extension_granted,
    };
    let s = facts.status;
    match action {
        Action::Accept => match s {
            Submitted | Reopened if facts.handler.is_some() => out.to = Accepted,
            _ => return Err(not_now()),
        },
        Action::Return { reason } => {
            non_empty(reason)?;
            match s {
                Submitted | Reopened if facts.handler.is_some() => {
                    out.to = Submitted;
                    out.department = None;
                    out.handler = None;
                }
                _ => return Err(not_now()),
            }
        }
        Action::Dispatch { department } => {
            non_empty(department)?;
            match s {
                Submitted | Reopened => {
                    out.department = Some(department.clone());
                    out.handler = Some(department.clone());
                }
                _ => return Err(not_now()),
            }
        }
        Action::Transfer { department, reason } => {
            non_empty(department)?;
            non_empty(reason)?;
            if facts.department.as_deref() == Some(department.as_str()) {
                return Err(TransitionError::Invalid("transfer to the same department"));
            }
            match s {
                Submitted | Accepted | AwaitingInfo | Reopened => {
                    out.to = Submitted;
                    out.department = Some(department.clone());
                    out.handler = Some(department.clone());
                    out.extension_pending = false;
                }
                _ => return Err(not_now()),
            }
        }
        Action::RequestInfo { question } => {
            non_empty(question)?;
            match s {
                Accepted | Reopened => out.to = AwaitingInfo,
                _ => return Err(not_now()),
            }
        }
        Action::AddInfo { text, files } => {
            if *files == 0 {
                non_empty(text)?;
            }
            match s {
                AwaitingInfo => out.to = Accepted,
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
        Action::RequestExtension { days, reason } => {
            non_empty(reason)?;
            if !(1..=15).contains(days) {
                return Err(TransitionError::Invalid(
                    "an extension is 1 to 15 working days",
                ));
            }
            match s {
                Accepted | AwaitingInfo | Reopened
                    if !facts.extension_pending && !facts.extension_granted =>
                {
                    out.extension_pending = true
                }
                _ => return Err(not_now()),
            }
        }
        Action::DecideExtension { approve } => match s {
            Accepted | AwaitingInfo | Reopened if facts.extension_pending => {
                out.extension_pending = false;
                out.extension_granted = *approve;
            }
            _ => return Err(not_now()),
        },
        Action::Resolve { reply } => {
            non_empty(reply)?;
            match s {
                Accepted | AwaitingInfo | Reopened => {
                    out.to = Resolved;
                    out.extension_pending = false;
                }
                _ => return Err(not_now()),
            }
        }
        Action::Reject { reason } => {
            non_empty(reason)?;
            match s {
                Submitted | Accepted | AwaitingInfo | Reopened => out.to = Rejected,
                _ => return Err(not_now()),
            }
        }
        Action::Withdraw => match s {
            Submitted | Accepted | AwaitingInfo | Reopened => out.to = Withdrawn,
            _ => return Err(not_now()),
        },
        Action::Rate { rating } => match (s, rating) {
            (Resolved, Rating::NotSatisfied) if !facts.reopened_before => {
                out.to = Reopened;
                out.reopened_before = true;
            }
            (Resolved, _) => out.to = Closed,
            _ => return Err(not_now()),
        },
        Action::AutoClose => match s {
            Resolved => out.to = Closed,
            _ => return Err(not_now()),
        },
    }
    Ok(out)
}

fn non_empty(s: &str) -> Result<(), TransitionError> {
    if s.trim().is_empty() {
        Err(TransitionError::Invalid("a reason or text is required"))
    } else {
        Ok(())
    }
}

/// Who may take which action, independent of the status.
fn check_rights(facts: &Facts, actor: &Actor, action: &Action) -> Result<(), TransitionError> {
    let refuse = || TransitionError::NotAllowed {
        actor: actor.kind(),
        action: action.kind(),
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
