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

// ---------------------------------------------------------------------------------------------
// Group chats

#[tokio::test]
async fn a_supergroup_with_privacy_mode_commands_replies_presses_and_anonymous_admins() {
    use common::botapi::group::GROUP_ANONYMOUS_BOT_ID;
    use common::botapi::TgGroup;
    use teloxide::types::{CallbackQueryId, ForceReply, MaybeInaccessibleMessage};

    let api = FakeBotApi::start();
    let bot = bot(&api, TOKEN);
    let group = TgGroup::supergroup(-1_001_234_567_890, "区财政局");
    let clerk = TgUser::new(601, "李科长");

    // Not in the group yet: Telegram does not know the chat.
    let early = bot.send_message(ChatId(group.id), "hello").await;
    assert!(
        matches!(early, Err(RequestError::Api(ApiError::ChatNotFound))),
        "{early:?}"
    );
    api.add_group(&group);

    // Privacy mode: only the command reaches the bot.
    api.group_text(&group, &clerk, "大家好");
    api.group_text(&group, &clerk, "/queue@other_bot");
    let command = api.group_text(&group, &clerk, "/queue mine");
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 1, "{updates:?}");
    let UpdateKind::Message(m) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert_eq!(m.id.0 as i64, command);
    assert!(m.chat.is_supergroup() && m.chat.title() == Some("区财政局"));
    assert_eq!(m.from.as_ref().map(|u| u.id.0), Some(601));
    assert_eq!(m.text(), Some("/queue mine"));
    let mut offset = updates[0].id.0 as i32 + 1;

    // A selective ForceReply prompt: recorded with its markup; the message has none.
    let prompt = bot
        .send_message(
            ChatId(group.id),
            "<a href=\"tg://user?id=601\">李科长</a>，请回复这条消息",
        )
        .parse_mode(ParseMode::Html)
        .reply_markup(ForceReply::new().selective())
        .await
        .unwrap();
    assert_eq!(prompt.text(), Some("李科长，请回复这条消息"));
    assert!(prompt.reply_markup().is_none());
    let sent = api.sent(group.id);
    assert_eq!(sent[0].force_reply(), Some(true));
    assert_eq!(sent[0].mentions(), [601]);

    // The reply to the prompt carries the prompt as sent; a reply to a member does not
    // reach the bot.
    api.group_reply(&group, &clerk, command, "不是给机器人的");
    let reply = api.group_reply(&group, &clerk, prompt.id.0 as i64, "款项已拨付");
    let updates = bot.get_updates().offset(offset).await.unwrap();
    assert_eq!(updates.len(), 1, "{updates:?}");
    let UpdateKind::Message(m) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert_eq!(m.id.0 as i64, reply);
    let to = m.reply_to_message().expect("a reply");
    assert_eq!((to.id, to.text()), (prompt.id, prompt.text()));
    assert_eq!(to.from.as_ref().map(|u| u.is_bot), Some(true));
    offset = updates[0].id.0 as i32 + 1;

    // A card with a button, pressed in the group; answered once only.
    let keyboard =
        InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("✅ 签收", "c:acc")]]);
    let card = bot
        .send_message(ChatId(group.id), "<b>YS-1</b> 待签收")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard.clone())
        .await
        .unwrap();
    let pressed = api.group_press(&group, &clerk, card.id.0 as i64, "c:acc");
    let forged = api.group_press_forged(&group, &clerk, card.id.0 as i64, "c:zzz");
    let updates = bot.get_updates().offset(offset).await.unwrap();
    let datas: Vec<_> = updates
        .iter()
        .map(|u| match &u.kind {
            UpdateKind::CallbackQuery(q) => {
                let Some(MaybeInaccessibleMessage::Regular(m)) = &q.message else {
                    panic!("{q:?}")
                };
                assert_eq!((m.chat.id.0, m.id), (group.id, card.id));
                assert_eq!(q.from.id.0, 601);
                (q.id.0.clone(), q.data.clone().unwrap())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        datas,
        [(pressed.clone(), "c:acc".into()), (forged, "c:zzz".into())]
    );
    offset = updates.last().unwrap().id.0 as i32 + 1;
    bot.answer_callback_query(CallbackQueryId(pressed.clone()))
        .text("✅ YS-1：签收")
        .await
        .unwrap();
    let twice = bot
        .answer_callback_query(CallbackQueryId(pressed.clone()))
        .await;
    assert!(twice.is_err(), "{twice:?}");
    let answer = api.callback_answer(&pressed).unwrap();
    assert_eq!(answer.text.as_deref(), Some("✅ YS-1：签收"));

    // Edited in place; the same edit again changes nothing; formatting counts.
    let edit = |html: &str| {
        bot.edit_message_text(ChatId(group.id), card.id, html.to_owned())
            .parse_mode(ParseMode::Html)
            .reply_markup(keyboard.clone())
    };
    edit("<b>YS-1</b> 办理中").await.unwrap();
    let same = edit("<b>YS-1</b> 办理中").await;
    assert!(
        matches!(same, Err(RequestError::Api(ApiError::MessageNotModified))),
        "{same:?}"
    );
    edit("YS-1 办理中").await.unwrap();
    let shown = api.shown(group.id, card.id.0 as i64).unwrap();
    assert_eq!(
        (shown.text.as_str(), shown.edits, shown.callback_data()),
        ("YS-1 办理中", 2, vec!["c:acc".to_owned()])
    );
    assert_eq!(api.edits(group.id).len(), 2);
    let members = bot
        .edit_message_text(
            ChatId(group.id),
            teloxide::types::MessageId(command as i32),
            "x",
        )
        .await;
    assert!(
        matches!(
            members,
            Err(RequestError::Api(ApiError::MessageCantBeEdited))
        ),
        "{members:?}"
    );

    // An anonymous admin: @GroupAnonymousBot on behalf of the group.
    api.anonymous_admin_text(&group, "/queue");
    let updates = bot.get_updates().offset(offset).await.unwrap();
    let UpdateKind::Message(m) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    let from = m.from.as_ref().unwrap();
    assert_eq!(
        (from.id.0 as i64, from.is_bot),
        (GROUP_ANONYMOUS_BOT_ID, true)
    );
    assert_eq!(m.sender_chat.as_ref().map(|c| c.id.0), Some(group.id));
    assert_eq!(m.text(), Some("/queue"));
}
