//! Table tests: every action in every status, allowed or refused, with the right actor; then the
//! rights of the wrong actors.

use super::*;
use Status::*;

const OWNER: i64 = 100;

fn facts(status: Status) -> Facts {
    Facts {
        status,
        owner: OWNER,
        department: Some("shenpi".into()),
        handler: Some("shenpi".into()),
        assignee: None,
        reopened_before: false,
        extension_pending: false,
        extension_granted: false,
        dispatched_at: Some(DISPATCHED),
        accepted_at: None,
        paused_at: None,
        resolved_at: None,
        returns: 0,
        extension_days: None,
        deadlines: Default::default(),
    }
}

/// When the complaint in the tests reached its department, and when the action happens.
const DISPATCHED: i64 = 1_000;
const NOW: i64 = 5_000;

fn staff() -> Actor {
    Actor::Staff {
        user_id: 7,
        department: "shenpi".into(),
    }
}

fn owner() -> Actor {
    Actor::Complainant { user_id: OWNER }
}

fn supervisor() -> Actor {
    Actor::Supervisor { user_id: 9 }
}

/// Each action with the actor entitled to take it.
fn actions() -> Vec<(&'static str, Actor, Action)> {
    vec![
        ("accept", staff(), Action::Accept),
        (
            "return",
            staff(),
            Action::Return {
                reason: "not ours".into(),
                suggested: Some("sifa".into()),
            },
        ),
        (
            "dispatch",
            supervisor(),
            Action::Dispatch {
                department: "sifa".into(),
            },
        ),
        (
            "transfer",
            staff(),
            Action::Transfer {
                department: "weijian".into(),
                reason: "a clinic licence".into(),
            },
        ),
        (
            "request_info",
            staff(),
            Action::RequestInfo {
                question: "which permit?".into(),
            },
        ),
        (
            "add_info",
            owner(),
            Action::AddInfo {
                text: "permit no. 12".into(),
                files: 0,
            },
        ),
        (
            "note",
            staff(),
            Action::Note {
                text: "called them".into(),
            },
        ),
        ("assign", staff(), Action::Assign { user_id: 7 }),
        (
            "request_extension",
            staff(),
            Action::RequestExtension {
                days: 10,
                reason: "site visit".into(),
            },
        ),
        (
            "decide_extension",
            supervisor(),
            Action::DecideExtension { approve: true },
        ),
        (
            "resolve",
            staff(),
            Action::Resolve {
                reply: "issued today".into(),
            },
        ),
        (
            "reject",
            staff(),
            Action::Reject {
                reason: "a court matter".into(),
            },
        ),
        ("withdraw", owner(), Action::Withdraw),
        (
            "rate_ok",
            owner(),
            Action::Rate {
                rating: Rating::Satisfied,
            },
        ),
        (
            "rate_bad",
            owner(),
            Action::Rate {
                rating: Rating::NotSatisfied,
            },
        ),
        ("auto_close", Actor::System, Action::AutoClose),
    ]
}

/// The expected status after each action, or `None` where the action must be refused.
/// Rows follow `Status::ALL`; columns follow `actions()`.
#[rustfmt::skip]
fn expected(status: Status) -> [Option<Status>; 16] {
    //        accept, return, dispatch, transfer, request_info, add_info, note, assign, req_ext          decide_ext (none pending)  resolve         reject          withdraw         rate_ok       rate_bad        auto_close
    match status {
        Submitted    => [Some(Accepted), Some(Submitted), Some(Submitted), Some(Submitted), None, Some(Submitted), Some(Submitted), Some(Submitted), None, None, None, Some(Rejected), Some(Withdrawn), None, None, None],
        Accepted     => [None, None, None, Some(Submitted), Some(AwaitingInfo), Some(Accepted), Some(Accepted), Some(Accepted), Some(Accepted), None, Some(Resolved), Some(Rejected), Some(Withdrawn), None, None, None],
        AwaitingInfo => [None, None, None, Some(Submitted), None, Some(Accepted), Some(AwaitingInfo), Some(AwaitingInfo), Some(AwaitingInfo), None, Some(Resolved), Some(Rejected), Some(Withdrawn), None, None, None],
        Resolved     => [None, None, None, None, None, None, Some(Resolved), None, None, None, None, None, None, Some(Closed), Some(Reopened), Some(Closed)],
        Closed       => [None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
        Rejected     => [None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
        Withdrawn    => [None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
        Reopened     => [Some(Accepted), Some(Submitted), Some(Reopened), Some(Submitted), Some(AwaitingInfo), Some(Reopened), Some(Reopened), Some(Reopened), Some(Reopened), None, Some(Resolved), Some(Rejected), Some(Withdrawn), None, None, None],
    }
}

#[test]
fn every_action_in_every_status() {
    for status in Status::ALL {
        let want = expected(status);
        for (i, (name, actor, action)) in actions().into_iter().enumerate() {
            let got = transition(&facts(status), &actor, &action, NOW).map(|o| o.status);
            match want[i] {
                Some(to) => assert_eq!(got, Ok(to), "{name} from {status}"),
                None => assert!(
                    matches!(got, Err(TransitionError::NotNow { .. })),
                    "{name} from {status} should be refused, got {got:?}"
                ),
            }
        }
    }
}

#[test]
fn extension_is_decided_only_when_pending_and_granted_once() {
    let mut f = facts(Accepted);
    let ask = Action::RequestExtension {
        days: 15,
        reason: "expert report".into(),
    };
    let out = transition(&f, &staff(), &ask, NOW).unwrap();
    assert!(out.extension_pending);
    f.extension_pending = true;
    assert!(
        transition(&f, &staff(), &ask, NOW).is_err(),
        "one request at a time"
    );
    let out = transition(
        &f,
        &supervisor(),
        &Action::DecideExtension { approve: true },
        NOW,
    )
    .unwrap();
    assert!(out.extension_granted && !out.extension_pending);
    f.extension_pending = false;
    f.extension_granted = true;
    assert!(
        transition(&f, &staff(), &ask, NOW).is_err(),
        "only one extension"
    );
    let too_long = Action::RequestExtension {
        days: 16,
        reason: "x".into(),
    };
    assert_eq!(
        transition(&facts(Accepted), &staff(), &too_long, NOW),
        Err(TransitionError::Invalid(Invalid::ExtensionDays))
    );
}

#[test]
fn not_satisfied_reopens_once_then_closes() {
    let bad = Action::Rate {
        rating: Rating::NotSatisfied,
    };
    let out = transition(&facts(Resolved), &owner(), &bad, NOW).unwrap();
    assert_eq!(out.status, Reopened);
    assert!(out.reopened_before);
    let mut again = facts(Resolved);
    again.reopened_before = true;
    assert_eq!(
        transition(&again, &owner(), &bad, NOW).unwrap().status,
        Closed
    );
}

#[test]
fn return_hands_the_complaint_to_the_supervisors() {
    let out = transition(
        &facts(Submitted),
        &staff(),
        &Action::Return {
            reason: "not ours".into(),
            suggested: None,
        },
        NOW,
    )
    .unwrap();
    assert_eq!(out.department, None);
    assert_eq!(out.handler, None);
    let mut waiting = facts(Submitted);
    waiting.department = None;
    waiting.handler = None;
    assert!(transition(&waiting, &supervisor(), &Action::Accept, NOW).is_err());
    let out = transition(
        &waiting,
        &supervisor(),
        &Action::Dispatch {
            department: "sifa".into(),
        },
        NOW,
    )
    .unwrap();
    assert_eq!(out.department.as_deref(), Some("sifa"));
    assert_eq!(out.handler.as_deref(), Some("sifa"));
}

#[test]
fn on_a_conflict_of_interest_the_accused_department_cannot_act() {
    let mut f = facts(Submitted);
    f.handler = Some("yingshang".into());
    assert!(matches!(
        transition(&f, &staff(), &Action::Accept, NOW),
        Err(TransitionError::NotAllowed { .. })
    ));
    assert!(matches!(
        transition(
            &f,
            &staff(),
            &Action::Resolve {
                reply: "all fine".into()
            },
            NOW
        ),
        Err(TransitionError::NotAllowed { .. })
    ));
    let bureau = Actor::Staff {
        user_id: 3,
        department: "yingshang".into(),
    };
    assert_eq!(
        transition(&f, &bureau, &Action::Accept, NOW)
            .unwrap()
            .status,
        Accepted
    );
}

#[test]
fn wrong_actors_are_refused_whatever_the_status() {
    let stranger = Actor::Complainant { user_id: 5 };
    let other_staff = Actor::Staff {
        user_id: 8,
        department: "sifa".into(),
    };
    for status in Status::ALL {
        let f = facts(status);
        for (name, right, action) in actions() {
            let wrong: Vec<Actor> = match right {
                Actor::Complainant { .. } => vec![stranger.clone(), staff(), Actor::System],
                Actor::Staff { .. } => vec![owner(), other_staff.clone(), Actor::System],
                Actor::Supervisor { .. } => vec![owner(), staff(), Actor::System],
                Actor::System => vec![owner(), staff(), supervisor()],
            };
            for actor in wrong {
                assert!(
                    matches!(
                        transition(&f, &actor, &action, NOW),
                        Err(TransitionError::NotAllowed { .. })
                    ),
                    "{} must not {name} from {status}",
                    actor.kind()
                );
            }
        }
    }
}

#[test]
fn empty_reasons_are_refused() {
    let blank = Action::Reject {
        reason: "   ".into(),
    };
    assert!(matches!(
        transition(&facts(Accepted), &staff(), &blank, NOW),
        Err(TransitionError::Invalid(_))
    ));
    let same = Action::Transfer {
        department: "shenpi".into(),
        reason: "x".into(),
    };
    assert!(matches!(
        transition(&facts(Accepted), &staff(), &same, NOW),
        Err(TransitionError::Invalid(_))
    ));
}

#[test]
fn status_codes_round_trip() {
    for s in Status::ALL {
        assert_eq!(s.code().parse::<Status>(), Ok(s));
    }
}

#[test]
fn the_facts_that_time_limits_count_from_follow_the_actions() {
    let accepted = transition(&facts(Submitted), &staff(), &Action::Accept, NOW).unwrap();
    assert_eq!(accepted.accepted_at, Some(NOW));
    assert_eq!(
        accepted.dispatched_at,
        Some(DISPATCHED),
        "accepting keeps the dispatch time"
    );

    let ask = Action::RequestInfo {
        question: "which permit?".into(),
    };
    let waiting = transition(&accepted, &staff(), &ask, NOW + 1).unwrap();
    assert_eq!(waiting.paused_at, Some(NOW + 1), "the clock stops");
    let answer = Action::AddInfo {
        text: "permit 12".into(),
        files: 0,
    };
    let resumed = transition(&waiting, &owner(), &answer, NOW + 2).unwrap();
    assert_eq!((resumed.status, resumed.paused_at), (Accepted, None));

    let mut assigned =
        transition(&resumed, &staff(), &Action::Assign { user_id: 7 }, NOW + 3).unwrap();
    assert_eq!(assigned.assignee, Some(7));
    assigned.status = Accepted;
    let moved = Action::Transfer {
        department: "weijian".into(),
        reason: "a clinic".into(),
    };
    let transferred = transition(&assigned, &staff(), &moved, NOW + 4).unwrap();
    assert_eq!(
        (
            transferred.dispatched_at,
            transferred.accepted_at,
            transferred.assignee
        ),
        (Some(NOW + 4), None, None),
        "a new department starts its own accept limit, with nobody assigned"
    );

    let returned = transition(
        &facts(Submitted),
        &staff(),
        &Action::Return {
            reason: "not ours".into(),
            suggested: None,
        },
        NOW,
    )
    .unwrap();
    assert_eq!((returned.returns, returned.dispatched_at), (1, None));

    let mut answered = facts(Accepted);
    answered.accepted_at = Some(DISPATCHED);
    let answered = transition(
        &answered,
        &staff(),
        &Action::Resolve {
            reply: "done".into(),
        },
        NOW,
    )
    .unwrap();
    assert_eq!(answered.resolved_at, Some(NOW));
    let reopened = transition(
        &answered,
        &owner(),
        &Action::Rate {
            rating: Rating::NotSatisfied,
        },
        NOW + 9,
    )
    .unwrap();
    assert_eq!(
        (
            reopened.status,
            reopened.dispatched_at,
            reopened.accepted_at,
            reopened.resolved_at
        ),
        (Reopened, Some(NOW + 9), None, None),
        "重办 starts afresh with the same department"
    );
}
