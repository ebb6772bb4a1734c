//! The notification outbox sender, one round at a time, against a fake Telegram, on SQLite and
//! PostgreSQL.

mod common;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use common::Engine;
use yingshang::storage::{NewNotice, NoticeKind};
use yingshang::workers::outbox::{
    deliver_due, Deliver, DeliveryError, Limiter, OutboxJob, Outgoing, LEASE_MS,
};
use yingshang::workers::Job;

/// A fake Telegram: answers per chat as told, records what it delivered (chat, text, buttons)
/// and what it edited (message id, new text).
#[derive(Default)]
struct FakeTelegram {
    answers: Mutex<HashMap<i64, DeliveryError>>,
    delivered: Mutex<Vec<(i64, String, Option<String>)>>,
    edited: Mutex<Vec<(i64, String)>>,
    files: Mutex<Vec<(String, Vec<u8>)>>,
    /// Messages deleted in the chat: editing them fails.
    gone: Mutex<Vec<i64>>,
}

impl FakeTelegram {
    fn answer(&self, chat: i64, e: Option<DeliveryError>) {
        let mut a = self.answers.lock().unwrap();
        match e {
            Some(e) => a.insert(chat, e),
            None => a.remove(&chat),
        };
    }
    fn delivered_to(&self) -> Vec<i64> {
        self.delivered
            .lock()
            .unwrap()
            .iter()
            .map(|(c, _, _)| *c)
            .collect()
    }
}

impl Deliver for FakeTelegram {
    async fn deliver(&self, out: Outgoing<'_>) -> Result<i64, DeliveryError> {
        let (chat_id, html, buttons) = match out {
            Outgoing::Text {
                chat_id,
                html,
                buttons,
            } => (chat_id, html, buttons),
            Outgoing::Edit {
                message_id, html, ..
            } => {
                if self.gone.lock().unwrap().contains(&message_id) {
                    return Err(DeliveryError::EditGone);
                }
                self.edited
                    .lock()
                    .unwrap()
                    .push((message_id, html.to_owned()));
                return Ok(message_id);
            }
            Outgoing::Photo {
                chat_id,
                caption,
                name,
                bytes,
            }
            | Outgoing::Document {
                chat_id,
                caption,
                name,
                bytes,
            } => {
                self.files
                    .lock()
                    .unwrap()
                    .push((name.to_owned(), bytes.to_vec()));
                (chat_id, caption, None)
            }
        };
        if let Some(e) = self.answers.lock().unwrap().get(&chat_id) {
            return Err(e.clone());
        }
        let mut delivered = self.delivered.lock().unwrap();
        delivered.push((chat_id, html.to_owned(), buttons.map(str::to_owned)));
        Ok(delivered.len() as i64)
    }
}

fn card(chat_id: i64, complaint_id: i64, html: &str) -> NewNotice {
    NewNotice {
        kind: NoticeKind::Card,
        complaint_id: Some(complaint_id),
        ..NewNotice::text(chat_id, html.to_owned(), None)
    }
}

const T0: i64 = 1_800_000_000_000;

async fn delivers_once_and_handles_each_failure_kind(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    db.ensure_user(2, "blocked user", T0).await.unwrap();
    for chat in [1, 2, 3] {
        db.enqueue(chat, &format!("to {chat}"), T0).await.unwrap();
    }
    let tg = FakeTelegram::default();
    tg.answer(
        2,
        Some(DeliveryError::Unreachable(
            "bot was blocked by the user".into(),
        )),
    );
    tg.answer(3, Some(DeliveryError::Transient("502".into())));

    let (sent, pause) = deliver_due(db, &tg, &mut Limiter::default(), T0)
        .await
        .unwrap();
    assert_eq!((sent, pause), (1, None));
    assert_eq!(tg.delivered_to(), [1]);
    assert!(
        db.user(2).await.unwrap().unwrap().unreachable,
        "a blocked user is marked"
    );
    assert_eq!(
        db.pending_outbox().await.unwrap(),
        1,
        "only the transient failure waits"
    );

    // Nothing is sent twice; the transient failure is retried after its backoff, not before.
    tg.answer(3, None);
    assert_eq!(
        deliver_due(db, &tg, &mut Limiter::default(), T0 + 500)
            .await
            .unwrap()
            .0,
        0
    );
    assert_eq!(
        deliver_due(db, &tg, &mut Limiter::default(), T0 + 5_000)
            .await
            .unwrap()
            .0,
        1
    );
    assert_eq!(tg.delivered_to(), [1, 3]);
    assert_eq!(db.pending_outbox().await.unwrap(), 0);
    assert_eq!(
        deliver_due(db, &tg, &mut Limiter::default(), T0 + 600_000)
            .await
            .unwrap()
            .0,
        0
    );
}

async fn retry_after_pauses_the_round_and_loses_nothing(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    for chat in [10, 11, 12] {
        db.enqueue(chat, "news", T0).await.unwrap();
    }
    let tg = FakeTelegram::default();
    tg.answer(11, Some(DeliveryError::RetryAfter(Duration::from_secs(7))));
    let (sent, pause) = deliver_due(db, &tg, &mut Limiter::default(), T0)
        .await
        .unwrap();
    assert_eq!((sent, pause), (1, Some(Duration::from_secs(7))));
    tg.answer(11, None);
    // Before the pause is over nothing goes; the rest of the interrupted round is not held
    // for a lease but due again when the pause ends.
    assert_eq!(
        deliver_due(db, &tg, &mut Limiter::default(), T0 + 6_999)
            .await
            .unwrap()
            .0,
        0
    );
    assert_eq!(
        deliver_due(db, &tg, &mut Limiter::default(), T0 + 7_000)
            .await
            .unwrap()
            .0,
        2
    );
    assert_eq!(tg.delivered_to(), [10, 11, 12]);
}

async fn a_sender_that_died_mid_send_is_replaced_after_the_lease(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    db.enqueue(5, "x", T0).await.unwrap();
    // A sender claims the row and dies before it can say how the send went.
    let rows = db.due_notices(T0, 10).await.unwrap();
    assert!(db.claim_notice(&rows[0], T0 + LEASE_MS).await.unwrap());
    let tg = FakeTelegram::default();
    let mut limits = Limiter::default();
    assert_eq!(
        deliver_due(db, &tg, &mut limits, T0 + LEASE_MS - 1)
            .await
            .unwrap()
            .0,
        0,
        "not while the lease holds"
    );
    assert_eq!(
        deliver_due(db, &tg, &mut limits, T0 + LEASE_MS)
            .await
            .unwrap()
            .0,
        1,
        "within half a minute, not five"
    );
}

async fn a_group_gets_at_most_twenty_a_minute(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    for i in 0..25 {
        db.enqueue(-100, &format!("card {i}"), T0).await.unwrap();
    }
    db.enqueue(42, "to someone else", T0).await.unwrap();
    let tg = FakeTelegram::default();
    let mut limits = Limiter::default();
    let mut now = T0;
    while now < T0 + 59_000 {
        deliver_due(db, &tg, &mut limits, now).await.unwrap();
        now += 1_000;
    }
    let to_group = tg.delivered_to().iter().filter(|c| **c == -100).count();
    assert_eq!(to_group, 20, "the 21st waits for the minute");
    assert!(
        tg.delivered_to().contains(&42),
        "a full group does not hold up other chats"
    );
    while now < T0 + 121_000 {
        deliver_due(db, &tg, &mut limits, now).await.unwrap();
        now += 1_000;
    }
    assert_eq!(db.pending_outbox().await.unwrap(), 0);
    let texts: Vec<String> = tg
        .delivered
        .lock()
        .unwrap()
        .iter()
        .filter(|(c, _, _)| *c == -100)
        .map(|(_, t, _)| t.clone())
        .collect();
    let want: Vec<String> = (0..25).map(|i| format!("card {i}")).collect();
    assert_eq!(texts, want, "in order, each once");
}

async fn two_senders_never_claim_the_same_row(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    for chat in 0..5 {
        db.enqueue(chat, "x", T0).await.unwrap();
    }
    // Both see the same due rows; each row is claimed by one of them only.
    let seen_by_first = db.due_notices(T0, 10).await.unwrap();
    let seen_by_second = db.due_notices(T0, 10).await.unwrap();
    assert_eq!(seen_by_first.len(), 5);
    let mut won = 0;
    for (a, b) in seen_by_first.iter().zip(&seen_by_second) {
        let first = db.claim_notice(a, T0 + LEASE_MS).await.unwrap();
        let second = db.claim_notice(b, T0 + LEASE_MS).await.unwrap();
        assert!(first != second || !first, "row {} claimed twice", a.id);
        won += usize::from(first) + usize::from(second);
    }
    assert_eq!(won, 5);
    assert!(db.due_notices(T0, 10).await.unwrap().is_empty());
}

async fn old_update_ids_are_forgotten(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    assert!(db.first_delivery(5, T0).await.unwrap());
    assert!(
        !db.first_delivery(5, T0 + 1).await.unwrap(),
        "a redelivery is recognised"
    );
    assert!(db.first_delivery(6, T0 + 10).await.unwrap());
    assert_eq!(db.prune_processed_updates(T0 + 5).await.unwrap(), 1);
    assert!(
        !db.first_delivery(6, T0 + 20).await.unwrap(),
        "recent ids are kept"
    );
}

async fn a_group_that_became_a_supergroup_is_followed(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    db.bind_department_chat("shenpi", Some(-100)).await.unwrap();
    db.enqueue(-100, "new complaint", T0).await.unwrap();
    let tg = FakeTelegram::default();
    tg.answer(-100, Some(DeliveryError::Migrated(-100_200)));
    deliver_due(db, &tg, &mut Limiter::default(), T0)
        .await
        .unwrap();
    assert_eq!(
        deliver_due(db, &tg, &mut Limiter::default(), T0 + 1)
            .await
            .unwrap()
            .0,
        1
    );
    assert_eq!(tg.delivered_to(), [-100_200]);
    let deps = db.departments().await.unwrap();
    let shenpi = deps.iter().find(|d| d.code == "shenpi").unwrap();
    assert_eq!(
        shenpi.chat_id,
        Some(-100_200),
        "the binding follows the chat"
    );
}

async fn a_notification_is_given_up_only_after_many_tries(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    db.enqueue(7, "x", T0).await.unwrap();
    let tg = FakeTelegram::default();
    tg.answer(
        7,
        Some(DeliveryError::Transient("Internal Server Error".into())),
    );
    let mut now = T0;
    let mut rounds = 0;
    while db.pending_outbox().await.unwrap() > 0 && rounds < 100 {
        deliver_due(db, &tg, &mut Limiter::default(), now)
            .await
            .unwrap();
        now += 3_600_000;
        rounds += 1;
    }
    assert!((25..=35).contains(&rounds), "{rounds} rounds");
}

async fn a_card_is_sent_once_then_edited_in_place(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    let complaint = app
        .complaint(
            &app.person(1)
                .file("审批局超期两个月还没批，窗口来回让我们补材料")
                .await,
        )
        .await;
    let tg = FakeTelegram::default();
    let mut limits = Limiter::default();
    let to_group = |tg: &FakeTelegram| tg.delivered_to().into_iter().filter(|c| *c == -100).count();
    db.enqueue_notices(&[card(-100, complaint.id, "v1")], T0)
        .await
        .unwrap();
    deliver_due(db, &tg, &mut limits, T0).await.unwrap();
    let first = db.card_message(-100, complaint.id).await.unwrap();
    assert!(first.is_some(), "the card's message is recorded");
    assert_eq!(
        db.complaint_of_card(-100, first.unwrap()).await.unwrap(),
        Some(complaint.id)
    );
    // Two changes before the sender comes round: only the newest is shown, by one edit.
    db.enqueue_notices(&[card(-100, complaint.id, "v2")], T0 + 1)
        .await
        .unwrap();
    db.enqueue_notices(&[card(-100, complaint.id, "v3")], T0 + 2)
        .await
        .unwrap();
    deliver_due(db, &tg, &mut limits, T0 + 60_000)
        .await
        .unwrap();
    assert_eq!(
        *tg.edited.lock().unwrap(),
        [(first.unwrap(), "v3".to_owned())]
    );
    assert_eq!(to_group(&tg), 1, "no second card message");
    // Someone deleted the card in the group: the next version is sent anew and recorded.
    tg.gone.lock().unwrap().push(first.unwrap());
    db.enqueue_notices(&[card(-100, complaint.id, "v4")], T0 + 3)
        .await
        .unwrap();
    deliver_due(db, &tg, &mut limits, T0 + 120_000)
        .await
        .unwrap();
    assert_eq!(to_group(&tg), 2);
    let second = db.card_message(-100, complaint.id).await.unwrap();
    assert!(second.is_some() && second != first);
    assert_eq!(db.pending_outbox().await.unwrap(), 0);
}

async fn files_and_dedupe_keys(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    let csv = NewNotice {
        kind: NoticeKind::Document,
        file: Some(("week.csv".into(), b"\xEF\xBB\xBFa,b\n".to_vec())),
        ..NewNotice::text(-5, "weekly figures".into(), Some("report:2026-W47".into()))
    };
    let ids = db
        .enqueue_notices(std::slice::from_ref(&csv), T0)
        .await
        .unwrap();
    assert!(ids[0].is_some());
    // Produced again (a second instance, a retried transaction): stored once.
    let again = db.enqueue_notices(&[csv], T0 + 1).await.unwrap();
    assert_eq!(again, [None]);
    let tg = FakeTelegram::default();
    deliver_due(db, &tg, &mut Limiter::default(), T0 + 2)
        .await
        .unwrap();
    assert_eq!(
        *tg.files.lock().unwrap(),
        [("week.csv".to_owned(), b"\xEF\xBB\xBFa,b\n".to_vec())]
    );
    assert_eq!(tg.delivered_to(), [-5]);
}

async fn the_supervisors_hear_of_a_department_group_the_bot_was_removed_from(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    app.bind("shenpi", -300).await;
    app.bind("yingshang", -309).await;
    app.svc.db.enqueue(-300, "a card", T0).await.unwrap();
    let tg = FakeTelegram::default();
    tg.answer(
        -300,
        Some(DeliveryError::Unreachable(
            "bot was kicked from the group".into(),
        )),
    );
    let job = OutboxJob::new(app.svc.clone(), tg);
    let at = |ms: i64| chrono::DateTime::from_timestamp_millis(ms).unwrap();
    job.step(at(T0)).await.unwrap();
    // Told again only the next day, however many notices fail meanwhile.
    app.svc.db.enqueue(-300, "another card", T0).await.unwrap();
    job.step(at(T0 + 1)).await.unwrap();
    let told = app.svc.db.notices_for(-309).await.unwrap();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].0.contains("区行政审批局") && told[0].0.contains("/bind shenpi"));
}

on_both_engines!(
    a_group_that_became_a_supergroup_is_followed,
    a_notification_is_given_up_only_after_many_tries,
    old_update_ids_are_forgotten,
    delivers_once_and_handles_each_failure_kind,
    retry_after_pauses_the_round_and_loses_nothing,
    two_senders_never_claim_the_same_row,
    a_sender_that_died_mid_send_is_replaced_after_the_lease,
    a_group_gets_at_most_twenty_a_minute,
    a_card_is_sent_once_then_edited_in_place,
    files_and_dedupe_keys,
    the_supervisors_hear_of_a_department_group_the_bot_was_removed_from,
);
