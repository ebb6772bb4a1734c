//! The bot on Telegram, through teloxide_tests' mock Bot API server: updates in, Bot API calls
//! out. One mock bot exists at a time (the crate holds a global lock), so each test drives one.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use teloxide::dptree::deps;

use teloxide::types::{InlineKeyboardButtonKind, Message, ParseMode, UpdateId};
use teloxide_tests::mock_bot::DistributionKey;
use teloxide_tests::{
    MockBot, MockCallbackQuery, MockEditedMessage, MockMessageDocument, MockMessageLocation,
    MockMessagePhoto, MockMessageSticker, MockMessageText, MockMessageVoice, MockUser,
};
use yingshang::domain::Status;
use yingshang::i18n::{msg, Lang};
use yingshang::service::Service;
use yingshang::telegram::schema;

const ARREARS: &str =
    "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果";

/// A private chat with the bot.
struct Chat {
    bot: MockBot<anyhow::Error, DistributionKey>,
    /// The bot's latest message, whose buttons a press refers to.
    last: Option<Message>,
}

/// What one dispatch produced.
struct Seen {
    texts: Vec<String>,
    buttons: Vec<(String, String)>,
    answered_callbacks: usize,
    /// The texts of callback answers (toasts on the pressed button).
    toasts: Vec<String>,
    /// Keyboards removed from messages.
    keyboards_removed: usize,
    parse_modes: Vec<Option<ParseMode>>,
}

impl Seen {
    fn all(&self) -> String {
        self.texts.join("\n---\n")
    }
    fn has_button(&self, data: &str) -> bool {
        self.buttons.iter().any(|(_, d)| d == data)
    }
}

impl Chat {
    fn new(svc: &Service) -> Chat {
        let mut bot = MockBot::new(MockMessageText::new().text("/help"), schema());
        bot.dependencies(deps![svc.clone()]);
        Chat { bot, last: None }
    }

    async fn dispatch(&mut self) -> Seen {
        // Telegram numbers updates uniquely per bot, across restarts; the mock starts again at
        // the same number for every mock bot, so number them here.
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let mut seen_ids = std::collections::HashMap::new();
        for u in &mut self.bot.updates {
            // Copies of one update (a redelivery) keep sharing one number.
            let id = *seen_ids
                .entry(u.id.0)
                .or_insert_with(|| NEXT.fetch_add(1, Ordering::SeqCst));
            u.id = UpdateId(id);
        }
        self.bot.dispatch().await;
        let r = self.bot.get_responses();
        if let Some(m) = r.sent_messages.last() {
            self.last = Some(m.clone());
        }
        let buttons = r
            .sent_messages_text
            .iter()
            .filter_map(|m| m.message.reply_markup().cloned())
            .flat_map(|kb| kb.inline_keyboard.into_iter().flatten())
            .filter_map(|b| match b.kind {
                InlineKeyboardButtonKind::CallbackData(d) => Some((b.text, d)),
                _ => None,
            })
            .collect();
        Seen {
            texts: r
                .sent_messages_text
                .iter()
                .map(|m| m.bot_request.text.clone())
                .collect(),
            buttons,
            answered_callbacks: r.answered_callback_queries.len(),
            toasts: r
                .answered_callback_queries
                .iter()
                .filter_map(|q| q.text.clone())
                .collect(),
            keyboards_removed: r.edited_messages_reply_markup.len(),
            parse_modes: r
                .sent_messages_text
                .iter()
                .map(|m| m.bot_request.parse_mode)
                .collect(),
        }
    }

    async fn say(&mut self, text: &str) -> Seen {
        self.bot.update(MockMessageText::new().text(text));
        self.dispatch().await
    }

    /// Describes a problem, confirms the proposal and stays anonymous (the files step).
    async fn draft_anonymously(&mut self, text: &str) {
        self.say(text).await;
        self.press("ok").await;
        self.press("anon:1").await;
    }

    async fn press(&mut self, data: &str) -> Seen {
        let mut q = MockCallbackQuery::new().data(data);
        if let Some(m) = self.last.clone() {
            q = q.message(m);
        }
        self.bot.update(q);
        self.dispatch().await
    }
}

fn tracking(seen: &Seen) -> Option<String> {
    let re = regex::Regex::new(r"YS-\d{8}-\d{4,}").unwrap();
    seen.texts
        .iter()
        .find_map(|t| re.find(t).map(|m| m.as_str().to_owned()))
}

fn zh(app: &common::App, id: &str) -> String {
    app.t(Lang::Zh, id)
}

#[tokio::test]
async fn filing_with_confirmation_through_buttons() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    let seen = chat.say(ARREARS).await;
    assert!(
        seen.all().contains("履约践诺·信用环境") && seen.all().contains("区财政局"),
        "{}",
        seen.all()
    );
    assert!(seen.has_button("ok") && seen.has_button("other") && seen.has_button("cancel"));
    assert!(seen.parse_modes.iter().all(|p| *p == Some(ParseMode::Html)));

    let seen = chat.press("ok").await;
    assert_eq!(seen.answered_callbacks, 1, "every button press is answered");
    assert!(seen.has_button("anon:0") && seen.has_button("anon:1"));
    let seen = chat.press("anon:0").await;
    assert!(
        seen.all()
            .contains(&format!("<b>{}</b>", MockUser::FIRST_NAME)),
        "shows the Telegram name the department will see: {}",
        seen.all()
    );
    chat.press("name").await;
    chat.say("宏达路桥工程有限公司").await;
    let seen = chat.say("13812345678").await;
    assert!(seen.has_button("done"));
    let seen = chat.press("done").await;
    let number = tracking(&seen).expect("a tracking number");
    let row = app.complaint(&number).await;
    assert_eq!(row.user_id, MockUser::ID as i64);
    assert_eq!(row.company.as_deref(), Some("宏达路桥工程有限公司"));
    assert_eq!(row.contact_name.as_deref(), Some(MockUser::FIRST_NAME));
    assert_eq!(
        app.svc.db.pending_outbox().await.unwrap(),
        0,
        "the confirmation went out at once and is marked sent"
    );
}

#[tokio::test]
async fn choosing_another_category_and_cancelling() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    chat.say(ARREARS).await;
    let seen = chat.press("other").await;
    assert_eq!(
        seen.buttons
            .iter()
            .filter(|(_, d)| d.starts_with("cat:"))
            .count(),
        7
    );
    let seen = chat.press("cat:approval").await;
    assert!(seen.all().contains("阳光便捷·审批环境"), "{}", seen.all());
    let seen = chat.press("cancel").await;
    assert_eq!(seen.texts, [zh(&app, msg::CANCELLED)]);
    assert_eq!(
        app.svc
            .db
            .count_complaints_of(MockUser::ID as i64)
            .await
            .unwrap(),
        0
    );
    // The keyboard of a finished step answers as stale, on the button itself: no new message
    // in the chat, and the keyboard stays as it was.
    let seen = chat.press("ok").await;
    assert_eq!(seen.answered_callbacks, 1);
    assert_eq!(seen.toasts, [zh(&app, msg::STALE_BUTTON)]);
    assert!(seen.texts.is_empty(), "{:?}", seen.texts);
    let seen = chat.press("forged:data").await;
    assert_eq!(seen.answered_callbacks, 1);
    assert_eq!(seen.toasts, [zh(&app, msg::STALE_BUTTON)]);
    assert!(seen.texts.is_empty() && seen.keyboards_removed == 0);
}

#[tokio::test]
async fn photos_and_documents_are_attached_and_anonymity_is_kept() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    chat.bot.update(MockMessagePhoto::new());
    let seen = chat.dispatch().await;
    assert_eq!(seen.texts, [zh(&app, msg::ATTACHMENT_KEPT)]);
    chat.say(ARREARS).await;
    chat.press("ok").await;
    let seen = chat.press("anon:1").await;
    assert!(seen.has_button("done"), "anonymous skips company and phone");
    chat.bot
        .update(MockMessageDocument::new().file_name("合同.pdf"));
    let seen = chat.dispatch().await;
    assert!(seen.all().contains('2'), "{}", seen.all());
    let seen = chat.press("done").await;
    let row = app
        .svc
        .db
        .complaint_by_tracking(&tracking(&seen).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(row.anonymous);
    let files = app.svc.db.attachments_of(row.id).await.unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].kind, "photo");
    assert_eq!(files[1].file_name.as_deref(), Some("合同.pdf"));
}

#[tokio::test]
async fn my_status_add_and_withdraw_commands() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    chat.draft_anonymously(ARREARS).await;
    let number = tracking(&chat.press("done").await).unwrap();

    let seen = chat.say("/my").await;
    assert!(seen.all().contains(&number));
    let seen = chat.say("/my@other_bot").await;
    assert!(
        seen.texts.is_empty(),
        "a command for another bot is not ours: {:?}",
        seen.texts
    );
    let seen = chat
        .say(&format!("/status@test_bot {}", number.to_lowercase()))
        .await;
    assert!(
        seen.all().contains(&number) && seen.all().contains("待签收"),
        "{}",
        seen.all()
    );
    let seen = chat
        .say(&format!("/add {number} 合同编号 HT-117 & <附件>"))
        .await;
    assert!(seen.all().contains(&number));
    let seen = chat.say(&format!("/status {number}")).await;
    assert!(
        seen.all().contains("&lt;附件&gt;"),
        "user text is escaped for HTML: {}",
        seen.all()
    );
    let seen = chat.say(&format!("/withdraw {number}")).await;
    let yes = seen
        .buttons
        .iter()
        .find(|(_, d)| d.starts_with("wd:"))
        .expect("a confirm button")
        .1
        .clone();
    // A forged confirmation for another number does nothing, and the real one still works.
    let seen = chat.press("wd:999999").await;
    assert_eq!(seen.toasts, [zh(&app, msg::STALE_BUTTON)]);
    assert_eq!(seen.keyboards_removed, 0, "the real confirmation stays");
    assert_eq!(app.complaint(&number).await.status, Status::Submitted);
    chat.press(&yes).await;
    let row = app.complaint(&number).await;
    assert_eq!(row.status, Status::Withdrawn);
}

#[tokio::test]
async fn out_of_scope_and_bad_input_get_clear_answers() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    let seen = chat.say("楼上邻居天天半夜剁肉，吵得睡不着觉").await;
    assert!(
        seen.all().contains("12345") && seen.has_button("anyway"),
        "{}",
        seen.all()
    );
    chat.press("cancel").await;

    let seen = chat.say("   ").await;
    assert_eq!(seen.texts, [zh(&app, msg::TEXT_EMPTY)]);
    let seen = chat.say(&"拖欠".repeat(1501)).await;
    assert!(seen.all().contains("3002") && seen.all().contains("/add"));
    chat.bot.update(MockMessageSticker::new());
    assert_eq!(chat.dispatch().await.texts, [zh(&app, msg::MEDIA_NOT_TEXT)]);
    chat.bot.update(MockMessageVoice::new());
    assert_eq!(chat.dispatch().await.texts, [zh(&app, msg::MEDIA_NOT_TEXT)]);
    let seen = chat.say("/whatever").await;
    assert!(seen.all().contains("/whatever"));
    let seen = chat.say("/status YS-20261125-0042").await;
    assert!(seen.all().contains("YS-20261125-0042"));

    chat.say(ARREARS).await;
    chat.press("ok").await;
    chat.press("anon:0").await;
    chat.press("skip").await;
    chat.press("skip").await;
    let seen = chat.say("call me maybe").await;
    assert_eq!(seen.texts, [zh(&app, msg::PHONE_INVALID)]);
    assert!(seen.has_button("skip"));
}

#[tokio::test]
async fn an_edited_message_gets_a_note_and_changes_nothing() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    let seen = chat.say(ARREARS).await;
    assert!(seen.has_button("ok"));
    chat.bot.update(MockEditedMessage::new(
        MockMessageText::new().text("改过的内容").build(),
    ));
    let seen = chat.dispatch().await;
    assert_eq!(seen.texts, [zh(&app, msg::EDIT_IGNORED)]);
    // The draft is as it was: confirming goes on to the anonymity question.
    let seen = chat.press("ok").await;
    assert!(seen.has_button("anon:1"), "{}", seen.all());
}

#[tokio::test]
async fn a_duplicate_update_is_handled_once() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    chat.draft_anonymously(ARREARS).await;
    // The same update (same update_id) delivered twice, as after a webhook retry.
    chat.bot.update(MockCallbackQuery::new().data("done"));
    let once = chat.bot.updates[0].clone();
    chat.bot.updates = vec![once.clone(), once];
    let seen = chat.dispatch().await;
    assert_eq!(seen.texts.len(), 1, "one answer: {}", seen.all());
    assert_eq!(
        app.svc
            .db
            .count_complaints_of(MockUser::ID as i64)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_restart_mid_dialogue_resumes_where_it_stopped() {
    let mut app = common::app(common::Engine::Sqlite).await.unwrap();
    {
        let mut chat = Chat::new(&app.svc);
        chat.say(ARREARS).await;
        chat.press("ok").await;
    }
    app.restart().await;
    let mut chat = Chat::new(&app.svc);
    let seen = chat.press("anon:1").await;
    assert!(seen.has_button("done"), "{}", seen.all());
    let seen = chat.press("done").await;
    assert!(tracking(&seen).is_some());
}

#[tokio::test]
async fn start_offers_languages_and_english_is_remembered() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    let seen = chat.say("/start").await;
    assert!(seen.has_button("lang:zh") && seen.has_button("lang:en"));
    let seen = chat.press("lang:en").await;
    assert_eq!(seen.texts, [app.t(Lang::En, msg::LANG_SET)]);
    let seen = chat.say("/help").await;
    assert!(
        seen.all().contains("/withdraw") && seen.all().contains("How to use"),
        "{}",
        seen.all()
    );
}

#[tokio::test]
async fn locations_other_peoples_numbers_and_the_daily_limit() {
    let app = common::app(common::Engine::Sqlite).await.unwrap();
    let mut chat = Chat::new(&app.svc);
    chat.bot.update(MockMessageLocation::new());
    assert_eq!(chat.dispatch().await.texts, [zh(&app, msg::MEDIA_NOT_TEXT)]);

    // Someone else files a complaint.
    let number = app.person(424242).file(ARREARS).await;
    // Their number answers exactly like one that does not exist.
    let seen = chat.say(&format!("/status {number}")).await;
    let missing = chat.say("/status YS-20991231-0001").await;
    assert_eq!(
        seen.texts[0].replace(&number, "N"),
        missing.texts[0].replace("YS-20991231-0001", "N")
    );

    // Ten complaints today; the eleventh is refused, politely.
    let me = app.person(MockUser::ID as i64);
    for i in 0..10 {
        me.file(&format!("{ARREARS}（第{i}个项目）")).await;
    }
    let seen = chat.say("区里又一个项目的工程款拖欠了").await;
    assert!(
        seen.all().contains("10") && !seen.has_button("ok"),
        "{}",
        seen.all()
    );
    assert_eq!(
        app.svc
            .db
            .count_complaints_of(MockUser::ID as i64)
            .await
            .unwrap(),
        10
    );
}
