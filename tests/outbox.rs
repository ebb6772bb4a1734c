//! The notification outbox sender, one round at a time, against a fake Telegram, on SQLite and
//! PostgreSQL.

mod common;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use common::Engine;
use yingshang::telegram::outbox::{deliver_due, Deliver, DeliveryError};

/// A fake Telegram: answers per chat as told, records what it delivered.
#[derive(Default)]
struct FakeTelegram {
    answers: Mutex<HashMap<i64, DeliveryError>>,
    delivered: Mutex<Vec<(i64, String)>>,
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
            .map(|(c, _)| *c)
            .collect()
    }
}

impl Deliver for FakeTelegram {
    async fn deliver(&self, chat_id: i64, html: &str) -> Result<(), DeliveryError> {
        if let Some(e) = self.answers.lock().unwrap().get(&chat_id) {
            return Err(e.clone());
        }
        self.delivered
            .lock()
            .unwrap()
            .push((chat_id, html.to_owned()));
        Ok(())
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

    let (sent, pause) = deliver_due(db, &tg, T0).await.unwrap();
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
    assert_eq!(deliver_due(db, &tg, T0 + 500).await.unwrap().0, 0);
    assert_eq!(deliver_due(db, &tg, T0 + 5_000).await.unwrap().0, 1);
    assert_eq!(tg.delivered_to(), [1, 3]);
    assert_eq!(db.pending_outbox().await.unwrap(), 0);
    assert_eq!(deliver_due(db, &tg, T0 + 600_000).await.unwrap().0, 0);
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
    let (sent, pause) = deliver_due(db, &tg, T0).await.unwrap();
    assert_eq!((sent, pause), (1, Some(Duration::from_secs(7))));
    tg.answer(11, None);
    // Row 12 was claimed in the interrupted round; its lease runs out and it is sent then.
    let mut now = T0 + 7_000;
    while db.pending_outbox().await.unwrap() > 0 && now < T0 + 900_000 {
        deliver_due(db, &tg, now).await.unwrap();
        now += 30_000;
    }
    let mut got = tg.delivered_to();
    got.sort();
    assert_eq!(got, [10, 11, 12]);
}

async fn two_senders_never_claim_the_same_row(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let db = &app.svc.db;
    for chat in 0..5 {
        db.enqueue(chat, "x", T0).await.unwrap();
    }
    let first = db.claim_due(T0, 60_000, 3).await.unwrap();
    let second = db.claim_due(T0, 60_000, 10).await.unwrap();
    assert_eq!(first.len(), 3);
    assert_eq!(second.len(), 2);
    assert!(first.iter().all(|a| second.iter().all(|b| a.id != b.id)));
    assert!(db.claim_due(T0, 60_000, 10).await.unwrap().is_empty());
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
    deliver_due(db, &tg, T0).await.unwrap();
    assert_eq!(deliver_due(db, &tg, T0 + 1).await.unwrap().0, 1);
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
        deliver_due(db, &tg, now).await.unwrap();
        now += 3_600_000;
        rounds += 1;
    }
    assert!((25..=35).contains(&rounds), "{rounds} rounds");
}

on_both_engines!(
    a_group_that_became_a_supergroup_is_followed,
    a_notification_is_given_up_only_after_many_tries,
    old_update_ids_are_forgotten,
    delivers_once_and_handles_each_failure_kind,
    retry_after_pauses_the_round_and_loses_nothing,
    two_senders_never_claim_the_same_row,
);
