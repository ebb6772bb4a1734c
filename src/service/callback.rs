//! Button data: one typed enum with one encoder and one decoder, at most 64 bytes (Telegram's
//! limit for callback data). Decoded data is never trusted: every action re-checks the state of
//! the conversation and the actor's rights.

use crate::domain::{Category, Rating};
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    Lang(Lang),
    /// Confirm the proposed category and department.
    Confirm,
    /// Show the category keyboard.
    OtherCategory,
    Category(Category),
    /// File an out-of-scope message anyway.
    FileAnyway,
    Cancel,
    Anonymous(bool),
    /// Skip an optional step (company, phone).
    Skip,
    /// No more attachments: file the complaint.
    Done,
    /// No more files for the complaint being added to (/add).
    DoneAdding,
    WithdrawYes(i64),
    WithdrawNo,
    /// 并单: add the new text to this open complaint instead of filing another.
    Merge(i64),
    /// File the new complaint on its own although it looks like an open one.
    FileNew,
    /// Take back the latest text added to the description; the number is how many additions
    /// the description had with it, so that an older undo button is recognised as stale.
    Undo(u32),
    /// Show the department the name the person has on Telegram.
    UseName,
    /// Anonymous, but the description gives the person away: mask it (`true`) or keep it.
    Mask(bool),
    /// A button on a complaint's card. Which complaint is the card's: found by the chat and
    /// message the button is on, never by reading the card.
    Card(CardAction),
    /// A department picked for a complaint: where to transfer it, which department a return
    /// suggests, or where a supervisor dispatches it.
    Route {
        complaint: i64,
        purpose: RoutePurpose,
        department: String,
    },
    /// Assign the complaint to this colleague.
    AssignTo {
        complaint: i64,
        user: i64,
    },
    /// Show this complaint's card here (a row of /queue).
    Open(i64),
    /// A page of /queue.
    Queue {
        filter: QueueFilter,
        page: u32,
    },
    /// 回访: the complainant rates the answer.
    Rate {
        complaint: i64,
        rating: Rating,
    },
    /// 延期: a supervisor approves or refuses the extension a department asked for.
    Decide {
        complaint: i64,
        approve: bool,
    },
}

/// What a card's button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardAction {
    Accept,
    Return,
    AskInfo,
    Note,
    Transfer,
    Assign,
    Resolve,
    Reject,
    /// Supervisors: send a returned complaint to a department.
    Dispatch,
    /// The whole complaint and its history, to the person who pressed.
    Details,
    /// 延期: ask the supervisors for more working days.
    Extend,
}

impl CardAction {
    const ALL: [(CardAction, &'static str); 11] = [
        (CardAction::Accept, "acc"),
        (CardAction::Return, "ret"),
        (CardAction::AskInfo, "ask"),
        (CardAction::Note, "note"),
        (CardAction::Transfer, "xfer"),
        (CardAction::Assign, "asg"),
        (CardAction::Resolve, "res"),
        (CardAction::Reject, "rej"),
        (CardAction::Dispatch, "disp"),
        (CardAction::Details, "more"),
        (CardAction::Extend, "ext"),
    ];

    fn code(self) -> &'static str {
        CardAction::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, c)| c)
    }

    fn from_code(code: &str) -> Option<CardAction> {
        CardAction::ALL
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(a, _)| *a)
    }
}

/// Why a department is being picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutePurpose {
    Transfer,
    Return,
    Dispatch,
}

impl RoutePurpose {
    fn code(self) -> &'static str {
        match self {
            RoutePurpose::Transfer => "x",
            RoutePurpose::Return => "r",
            RoutePurpose::Dispatch => "d",
        }
    }
}

/// Which complaints /queue lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueFilter {
    /// The department's open complaints (supervisors: everyone's).
    Open,
    Mine,
    Unassigned,
    /// Waiting for the complainant's information.
    Waiting,
    /// Supervisors: one department's.
    Department(String),
}

impl QueueFilter {
    pub fn code(&self) -> String {
        match self {
            QueueFilter::Open => "open".into(),
            QueueFilter::Mine => "mine".into(),
            QueueFilter::Unassigned => "unas".into(),
            QueueFilter::Waiting => "wait".into(),
            QueueFilter::Department(d) => format!("d-{d}"),
        }
    }

    pub fn from_code(code: &str) -> Option<QueueFilter> {
        Some(match code {
            "open" => QueueFilter::Open,
            "mine" => QueueFilter::Mine,
            "unas" => QueueFilter::Unassigned,
            "wait" => QueueFilter::Waiting,
            other => QueueFilter::Department(department_code(other.strip_prefix("d-")?)?),
        })
    }
}

/// A department code as it may appear in button data: short, plain ASCII.
fn department_code(s: &str) -> Option<String> {
    let ok =
        (1..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    ok.then(|| s.to_owned())
}

fn rating_code(r: Rating) -> &'static str {
    match r {
        Rating::Satisfied => "s",
        Rating::BasicallySatisfied => "b",
        Rating::NotSatisfied => "n",
    }
}

impl Callback {
    /// A button on a message that stays usable after a press: a card (edited in place when
    /// the complaint changes) or a list. Any other keyboard has done its job once pressed.
    pub fn keeps_keyboard(&self) -> bool {
        matches!(
            self,
            Callback::Card(_) | Callback::Open(_) | Callback::Queue { .. }
        )
    }

    pub fn encode(&self) -> String {
        match self {
            Callback::Lang(l) => format!("lang:{}", l.code()),
            Callback::Confirm => "ok".into(),
            Callback::OtherCategory => "other".into(),
            Callback::Category(c) => format!("cat:{}", c.code()),
            Callback::FileAnyway => "anyway".into(),
            Callback::Cancel => "cancel".into(),
            Callback::Anonymous(a) => format!("anon:{}", u8::from(*a)),
            Callback::Skip => "skip".into(),
            Callback::Done => "done".into(),
            Callback::DoneAdding => "added".into(),
            Callback::WithdrawYes(id) => format!("wd:{id}"),
            Callback::WithdrawNo => "keep".into(),
            Callback::Merge(id) => format!("merge:{id}"),
            Callback::FileNew => "new".into(),
            Callback::Undo(n) => format!("undo:{n}"),
            Callback::UseName => "name".into(),
            Callback::Mask(m) => format!("mask:{}", u8::from(*m)),
            Callback::Card(a) => format!("c:{}", a.code()),
            Callback::Route {
                complaint,
                purpose,
                department,
            } => format!("rt:{}:{complaint}:{department}", purpose.code()),
            Callback::AssignTo { complaint, user } => format!("as:{complaint}:{user}"),
            Callback::Open(id) => format!("op:{id}"),
            Callback::Queue { filter, page } => format!("q:{}:{page}", filter.code()),
            Callback::Rate { complaint, rating } => {
                format!("rate:{complaint}:{}", rating_code(*rating))
            }
            Callback::Decide { complaint, approve } => {
                format!("xd:{complaint}:{}", u8::from(*approve))
            }
        }
    }

    pub fn decode(data: &str) -> Option<Callback> {
        let (head, arg) = data.split_once(':').unwrap_or((data, ""));
        let cb = match (head, arg) {
            ("lang", l) => Callback::Lang(Lang::from_code(l)?),
            ("ok", "") => Callback::Confirm,
            ("other", "") => Callback::OtherCategory,
            ("cat", c) => {
                let c: Category = c.parse().ok()?;
                if !c.is_complaint() {
                    return None;
                }
                Callback::Category(c)
            }
            ("anyway", "") => Callback::FileAnyway,
            ("cancel", "") => Callback::Cancel,
            ("anon", "1") => Callback::Anonymous(true),
            ("anon", "0") => Callback::Anonymous(false),
            ("skip", "") => Callback::Skip,
            ("done", "") => Callback::Done,
            ("added", "") => Callback::DoneAdding,
            ("wd", id) => Callback::WithdrawYes(id.parse().ok()?),
            ("keep", "") => Callback::WithdrawNo,
            ("merge", id) => Callback::Merge(id.parse().ok()?),
            ("new", "") => Callback::FileNew,
            ("undo", n) => Callback::Undo(n.parse().ok()?),
            ("name", "") => Callback::UseName,
            ("mask", "1") => Callback::Mask(true),
            ("mask", "0") => Callback::Mask(false),
            ("c", a) => Callback::Card(CardAction::from_code(a)?),
            ("rt", rest) => {
                let mut parts = rest.splitn(3, ':');
                let purpose = match parts.next()? {
                    "x" => RoutePurpose::Transfer,
                    "r" => RoutePurpose::Return,
                    "d" => RoutePurpose::Dispatch,
                    _ => return None,
                };
                Callback::Route {
                    purpose,
                    complaint: parts.next()?.parse().ok()?,
                    department: department_code(parts.next()?)?,
                }
            }
            ("as", rest) => {
                let (c, u) = rest.split_once(':')?;
                Callback::AssignTo {
                    complaint: c.parse().ok()?,
                    user: u.parse().ok()?,
                }
            }
            ("op", id) => Callback::Open(id.parse().ok()?),
            ("q", rest) => {
                let (f, p) = rest.rsplit_once(':')?;
                Callback::Queue {
                    filter: QueueFilter::from_code(f)?,
                    page: p.parse().ok()?,
                }
            }
            ("rate", rest) => {
                let (c, r) = rest.split_once(':')?;
                let rating = match r {
                    "s" => Rating::Satisfied,
                    "b" => Rating::BasicallySatisfied,
                    "n" => Rating::NotSatisfied,
                    _ => return None,
                };
                Callback::Rate {
                    complaint: c.parse().ok()?,
                    rating,
                }
            }
            ("xd", rest) => {
                let (c, a) = rest.split_once(':')?;
                Callback::Decide {
                    complaint: c.parse().ok()?,
                    approve: match a {
                        "1" => true,
                        "0" => false,
                        _ => return None,
                    },
                }
            }
            _ => return None,
        };
        Some(cb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One example of every variant. The match below has no wildcard: a new variant does not
    /// compile until it is listed here too, so the round trip cannot forget one.
    fn one_of_each() -> Vec<Callback> {
        let mut all = vec![
            Callback::Lang(Lang::Zh),
            Callback::Lang(Lang::En),
            Callback::Confirm,
            Callback::OtherCategory,
            Callback::FileAnyway,
            Callback::Cancel,
            Callback::Anonymous(true),
            Callback::Anonymous(false),
            Callback::Skip,
            Callback::Done,
            Callback::DoneAdding,
            Callback::WithdrawYes(i64::MAX),
            Callback::WithdrawNo,
            Callback::Merge(42),
            Callback::FileNew,
            Callback::Undo(u32::MAX),
            Callback::UseName,
            Callback::Mask(true),
            Callback::Mask(false),
            Callback::AssignTo {
                complaint: i64::MAX,
                user: i64::MAX,
            },
            Callback::Open(i64::MAX),
            Callback::Decide {
                complaint: i64::MAX,
                approve: true,
            },
            Callback::Decide {
                complaint: 1,
                approve: false,
            },
        ];
        all.extend(Category::SEVEN.map(Callback::Category));
        all.extend(CardAction::ALL.map(|(a, _)| Callback::Card(a)));
        for purpose in [
            RoutePurpose::Transfer,
            RoutePurpose::Return,
            RoutePurpose::Dispatch,
        ] {
            all.push(Callback::Route {
                complaint: i64::MAX,
                purpose,
                department: "a_long_department_c".into(),
            });
        }
        for filter in [
            QueueFilter::Open,
            QueueFilter::Mine,
            QueueFilter::Unassigned,
            QueueFilter::Waiting,
            QueueFilter::Department("shenpi".into()),
        ] {
            all.push(Callback::Queue {
                filter,
                page: u32::MAX,
            });
        }
        for rating in [
            Rating::Satisfied,
            Rating::BasicallySatisfied,
            Rating::NotSatisfied,
        ] {
            all.push(Callback::Rate {
                complaint: i64::MAX,
                rating,
            });
        }
        for cb in &all {
            match cb {
                Callback::Lang(_)
                | Callback::Confirm
                | Callback::OtherCategory
                | Callback::Category(_)
                | Callback::FileAnyway
                | Callback::Cancel
                | Callback::Anonymous(_)
                | Callback::Skip
                | Callback::Done
                | Callback::DoneAdding
                | Callback::WithdrawYes(_)
                | Callback::WithdrawNo
                | Callback::Merge(_)
                | Callback::FileNew
                | Callback::Undo(_)
                | Callback::UseName
                | Callback::Mask(_)
                | Callback::Card(_)
                | Callback::Route { .. }
                | Callback::AssignTo { .. }
                | Callback::Open(_)
                | Callback::Queue { .. }
                | Callback::Rate { .. }
                | Callback::Decide { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_callback_round_trips_within_64_bytes() {
        for cb in one_of_each() {
            let data = cb.encode();
            assert!(!data.is_empty() && data.len() <= 64, "{data}");
            assert_eq!(Callback::decode(&data), Some(cb));
        }
    }

    #[test]
    fn forged_data_is_refused() {
        for bad in [
            "",
            "cat:none",
            "cat:health",
            "lang:fr",
            "wd:abc",
            "anon:2",
            "ok:1",
            "undo:-1",
            "mask:2",
            "c:boom",
            "rt:z:1:shenpi",
            "rt:x:1:drop table",
            "as:1",
            "q:d-:0",
            "rate:1:x",
            "xd:1:2",
            "drop table",
        ] {
            assert_eq!(Callback::decode(bad), None, "{bad}");
        }
    }
}
