//! The fake Bot API of tests/common/botapi.rs, checked with teloxide's own client: what the
//! binary tests conclude is only as good as the fake.

mod common;

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use common::botapi::{FakeBotApi, Fault, FaultKind, Outcome, TgUser, BOT_USERNAME, TOKEN};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, ParseMode, UpdateKind};
use teloxide::{ApiError, RequestError};

fn bot(api: &FakeBotApi, token: &str) -> Bot {
    Bot::new(token).set_api_url(api.url().parse().unwrap())
}

#[tokio::test]
async fn answers_get_me_and_refuses_a_wrong_token() {
    let api = FakeBotApi::start();
    let me = bot(&api, TOKEN).get_me().await.unwrap();
    assert_eq!(me.user.username.as_deref(), Some(BOT_USERNAME));

    let refused = bot(&api, "1:wrong").get_me().await;
    assert!(matches!(
        refused,
        Err(RequestError::Api(ApiError::InvalidToken))
    ));
    api.refuse_token(true);
    let refused = bot(&api, TOKEN).get_me().await;
    assert!(matches!(
        refused,
        Err(RequestError::Api(ApiError::InvalidToken))
    ));
    let unknown = bot(&api, TOKEN).log_out().await;
    assert!(matches!(
        unknown,
        Err(RequestError::Api(ApiError::InvalidToken))
    ));
    api.refuse_token(false);
    let unknown = bot(&api, TOKEN).log_out().await;
    assert!(
        matches!(&unknown, Err(RequestError::Api(ApiError::Unknown(d))) if d.contains("method not found")),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn get_updates_waits_for_an_update_and_honours_the_offset() {
    let api = FakeBotApi::start();
    let bot = bot(&api, TOKEN);
    let user = TgUser::new(42, "王").language("zh-hans");

    // Nothing queued: the long poll waits its timeout out.
    let started = Instant::now();
    let none = bot.get_updates().timeout(1).await.unwrap();
    assert!(none.is_empty() && started.elapsed() >= Duration::from_millis(900));

    // A message pushed while the poll waits ends the wait.
    let push = {
        let api = &api;
        let user = user.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            api.send_text(&user, "工程款拖欠");
        }
    };
    let (got, ()) = tokio::join!(bot.get_updates().timeout(10).into_future(), push);
    let got = got.unwrap();
    assert_eq!(got.len(), 1);
    let UpdateKind::Message(m) = &got[0].kind else {
        panic!("{got:?}")
    };
    assert_eq!(m.text(), Some("工程款拖欠"));
    assert_eq!(
        m.from.as_ref().unwrap().language_code.as_deref(),
        Some("zh-hans")
    );
    assert!(m.chat.is_private());

    // Not confirmed: delivered again; confirmed by the offset: gone.
    let again = bot.get_updates().await.unwrap();
    assert_eq!(again[0].id, got[0].id);
    let after = bot
        .get_updates()
        .offset(got[0].id.0 as i32 + 1)
        .await
        .unwrap();
    assert!(after.is_empty());

    // The user edits the message.
    api.edit_text(&user, m.id.0 as i64, "工程款拖欠两年");
    let edited = bot
        .get_updates()
        .offset(got[0].id.0 as i32 + 1)
        .await
        .unwrap();
    let UpdateKind::EditedMessage(e) = &edited[0].kind else {
        panic!("{edited:?}")
    };
    assert_eq!((e.id, e.text()), (m.id, Some("工程款拖欠两年")));
    assert!(e.edit_date().is_some());
}

#[tokio::test]
async fn records_messages_buttons_presses_and_edits() {
    let api = FakeBotApi::start();
    let bot = bot(&api, TOKEN);
    let user = TgUser::new(42, "王");
    api.send_text(&user, "hi");

    let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("✅", "ok")]]);
    let sent = bot
        .send_message(ChatId(42), "<b>建议</b> &amp; 理由")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard)
        .await
        .unwrap();
    assert_eq!(sent.id.0, 2, "message ids count the user's message too");
    assert_eq!(sent.text(), Some("建议 & 理由"), "what a client sees");
    let recorded = api.sent(42);
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].text, "<b>建议</b> &amp; 理由");
    assert_eq!(recorded[0].parse_mode.as_deref(), Some("HTML"));
    assert_eq!(recorded[0].callback_data(), ["ok"]);

    let query_id = api.press(&user, sent.id.0 as i64, "ok");
    let updates = bot.get_updates().offset(0).await.unwrap();
    let UpdateKind::CallbackQuery(q) = &updates.last().unwrap().kind else {
        panic!("{updates:?}")
    };
    assert_eq!(
        (q.id.0.as_str(), q.data.as_deref()),
        (query_id.as_str(), Some("ok"))
    );
    bot.answer_callback_query(q.id.clone())
        .text("收到")
        .await
        .unwrap();
    let answers = api.callback_answers();
    assert_eq!(answers[0].callback_query_id, query_id);
    assert_eq!(answers[0].text.as_deref(), Some("收到"));

    bot.edit_message_reply_markup(ChatId(42), sent.id)
        .await
        .unwrap();
    let twice = bot.edit_message_reply_markup(ChatId(42), sent.id).await;
    assert!(
        matches!(twice, Err(RequestError::Api(ApiError::MessageNotModified))),
        "{twice:?}"
    );
    let edited = bot
        .edit_message_text(ChatId(42), sent.id, "新的")
        .await
        .unwrap();
    assert_eq!(edited.text(), Some("新的"));
    assert_eq!(api.calls_of("editMessageReplyMarkup").len(), 2);
}

#[tokio::test]
async fn injected_faults_strike_the_matching_calls_only() {
    let api = FakeBotApi::start();
    let bot = bot(&api, TOKEN);
    let too_many = api.inject(
        Fault::new("sendMessage", FaultKind::TooManyRequests { retry_after: 3 }).text(r"YS-\d+"),
    );
    let dropped = api.inject(Fault::new("sendMessage", FaultKind::Drop).chat(7));

    bot.send_message(ChatId(5), "no number").await.unwrap();
    let limited = bot.send_message(ChatId(5), "YS-1").await;
    assert!(
        matches!(&limited, Err(RequestError::RetryAfter(s)) if s.seconds() == 3),
        "{limited:?}"
    );
    bot.send_message(ChatId(5), "YS-1").await.unwrap();
    let cut = bot.send_message(ChatId(7), "hello").await;
    assert!(matches!(cut, Err(RequestError::Network(_))), "{cut:?}");
    assert_eq!((api.fault_hits(too_many), api.fault_hits(dropped)), (1, 1));
    let texts: Vec<String> = api.sent(5).into_iter().map(|m| m.text).collect();
    assert_eq!(
        texts,
        ["no number", "YS-1"],
        "faulted calls are not delivered"
    );
    assert!(api.sent(7).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_call_is_handled_once_released() {
    let api = FakeBotApi::start();
    let bot = bot(&api, TOKEN);
    let hang = api.inject(Fault::new("sendMessage", FaultKind::Hang));

    let send = tokio::spawn(bot.send_message(ChatId(5), "later").into_future());
    let hit = tokio::task::block_in_place(|| {
        api.wait_until(Duration::from_secs(5), |api| {
            (api.fault_hits(hang) == 1).then_some(())
        })
    });
    assert!(hit.is_some(), "the call arrived");
    assert!(api.sent(5).is_empty(), "not delivered while it hangs");
    api.release_hung();
    send.await.unwrap().unwrap();
    assert_eq!(api.sent(5).len(), 1);
    assert_eq!(api.calls_of("sendMessage")[0].outcome, Outcome::Done);
}
