//! The intake as a new user meets it: stray input, typed answers, small talk, a restart
//! half-way, the name the department sees, identifying details in an anonymous complaint,
//! messages that say what really happened. Through the service, on SQLite and PostgreSQL.

mod common;

use common::{all_text, has_button, tracking_in, Engine};
use yingshang::i18n::{msg, Arg, Lang};
use yingshang::service::{Callback, Delivery, Input};

const ARREARS: &str =
    "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果";
const APPROVAL: &str = "审批局窗口让我们补交材料，来回跑了五趟，两个月了执照还没变更下来";

/// The description stored for a complaint once filed.
async fn stored_text(app: &common::App, replies: &[yingshang::service::Reply]) -> String {
    let tracking =
        tracking_in(replies).unwrap_or_else(|| panic!("not filed: {}", all_text(replies)));
    app.complaint(&tracking).await.text
}

async fn typed_answers_act_as_their_buttons(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(301);
    me.say(ARREARS).await;
    // A mistyped button number and a bare "ok" answer nothing: the question is asked again.
    for stray in ["9", "0", "ok", "嗯"] {
        let r = me.say(stray).await;
        assert_eq!(r[0].html, app.t(Lang::Zh, msg::REASK), "{stray}");
        assert!(has_button(&r, &Callback::Confirm), "{stray}: asked again");
    }
    // "对" is the confirm button.
    let r = me.say("对").await;
    assert!(
        has_button(&r, &Callback::Anonymous(true)),
        "{}",
        all_text(&r)
    );
    // "匿名" is the anonymous button.
    let r = me.say("匿名").await;
    assert!(has_button(&r, &Callback::Done), "{}", all_text(&r));
    // "提交" is the file-it button.
    let r = me.say("提交").await;
    assert_eq!(
        stored_text(&app, &r).await,
        ARREARS,
        "none of the typed answers became part of the description"
    );

    // In English too, and a button's own label works as well.
    let mut en = app.person(302);
    en.language_code = Some("en".into());
    en.say("The district government has owed us 2 million yuan for road works for two years")
        .await;
    en.say("yes").await;
    let r = en.say("Leave my name and contact").await;
    assert!(has_button(&r, &Callback::UseName), "{}", all_text(&r));
    en.say("skip").await; // no name
    en.say("skip").await; // no company
    let r = en.say("no").await; // no phone
    assert!(has_button(&r, &Callback::Done), "{}", all_text(&r));
    let r = en.say("done").await;
    let row = app.complaint(&tracking_in(&r).unwrap()).await;
    assert!(!row.anonymous && row.contact_name.is_none() && row.phone.is_none());
}

async fn real_text_is_added_and_can_be_taken_back(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(303);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    let r = me.say("合同是2022年3月签的，验收单也有").await;
    assert_eq!(
        r[0].html, "已补充到描述中：“合同是2022年3月签的，验收单也有”",
        "says what was added, each time"
    );
    assert!(has_button(&r, &Callback::Undo(1)));
    assert!(
        has_button(&r, &Callback::Anonymous(true)),
        "and asks the question again"
    );
    let r = me.say("我们公司叫宏达路桥").await;
    assert!(has_button(&r, &Callback::Undo(2)));
    // An older undo button is stale; the latest one takes its addition back.
    let r = me.press(Callback::Undo(1)).await;
    assert_eq!(r[0].delivery, Delivery::Toast);
    let r = me.press(Callback::Undo(2)).await;
    assert_eq!(r[0].html, app.t(Lang::Zh, msg::UNDONE));
    assert!(has_button(&r, &Callback::Anonymous(true)));
    me.press(Callback::Anonymous(true)).await;
    let r = me.press(Callback::Done).await;
    assert_eq!(
        stored_text(&app, &r).await,
        format!("{ARREARS}\n合同是2022年3月签的，验收单也有")
    );
}

async fn greetings_and_questions_are_answered_not_filed(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(304);
    for (text, id) in [
        ("你好", msg::SMALL_TALK_GREETING),
        ("谢谢", msg::SMALL_TALK_THANKS),
        ("好的", msg::SMALL_TALK_PROMPT),
        ("1", msg::SMALL_TALK_PROMPT),
        ("怎么投诉啊？", msg::HOW_TO),
    ] {
        let r = me.say(text).await;
        assert_eq!(all_text(&r), app.t(Lang::Zh, id), "{text}");
        assert!(
            r[0].buttons.is_empty(),
            "{text}: no proposal, no 'file anyway'"
        );
    }
    // A question gets advice; the complaint that follows it is a new matter, not more of the
    // question.
    let r = me.say("请问办理营业执照需要带哪些材料？").await;
    assert!(has_button(&r, &Callback::FileAnyway), "{}", all_text(&r));
    // The complaint that follows a greeting is the complaint, without the greeting.
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    me.press(Callback::Anonymous(true)).await;
    let r = me.press(Callback::Done).await;
    assert_eq!(stored_text(&app, &r).await, ARREARS);
}

async fn a_restart_shows_the_pending_question_again(e: Engine) {
    let Some(mut app) = common::app(e).await else {
        return;
    };
    let me = app.person(305);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    app.restart().await;
    let me = app.person(305);
    // The first message after the restart: the person is told where the complaint stands, and
    // the question comes again with its buttons.
    let r = me.say("/my").await;
    let text = all_text(&r);
    assert!(
        text.contains("您有一件投诉还没填完（“我们给区政府做的道路工程"),
        "{text}"
    );
    assert!(has_button(&r, &Callback::Anonymous(true)), "{text}");
    // Only the first time.
    let r = me.say("/my").await;
    assert!(!has_button(&r, &Callback::Anonymous(true)));
    // A console opening on the same person sees it too.
    app.restart().await;
    let r = app
        .svc
        .resume(&yingshang::service::Sender::new(305, "", None))
        .await
        .unwrap();
    assert!(
        has_button(&r, &Callback::Anonymous(true)),
        "{}",
        all_text(&r)
    );
}

async fn categories_explain_themselves_in_chinese(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(306);
    let r = me.say(ARREARS).await;
    assert!(
        all_text(&r).contains("履约践诺·信用环境（政府欠款、补贴不兑现）"),
        "{}",
        all_text(&r)
    );
    let r = me.press(Callback::OtherCategory).await;
    let labels: Vec<&str> = r[0]
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.as_str())
        .collect();
    assert!(
        labels.contains(&"阳光便捷·审批环境（审批超期、来回跑、多要材料、办事指南有误）"),
        "{labels:?}"
    );
    // A category's name typed instead of pressed picks it.
    let r = me.say("审批环境").await;
    assert!(
        all_text(&r).contains("您选择了<b>阳光便捷·审批环境"),
        "{}",
        all_text(&r)
    );
    let r = me.say("/help").await;
    assert!(
        all_text(&r).contains("• 中立诚信·中介环境（中介乱收费、指定中介、报告拖延）"),
        "{}",
        all_text(&r)
    );
}

async fn the_name_the_department_sees_is_the_one_chosen(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    app.svc
        .db
        .bind_department_chat("caizheng", Some(-2001))
        .await
        .unwrap();
    let me = app.person(307);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    let r = me.press(Callback::Anonymous(false)).await;
    assert!(all_text(&r).contains("<b>user 307</b>"), "{}", all_text(&r));
    let r = me.say("\u{200B}").await;
    assert_eq!(
        r[0].html, "名字为空或太长（最多 50 字）。请重新发送，或点“不留名字”。",
        "invisible characters are no name"
    );
    me.say("李女士").await;
    me.press(Callback::Skip).await;
    me.say("0086 139-1234-5678").await;
    let r = me.press(Callback::Done).await;
    let tracking = tracking_in(&r).unwrap();
    let row = app.complaint(&tracking).await;
    assert_eq!(row.contact_name.as_deref(), Some("李女士"));
    assert_eq!(row.phone.as_deref(), Some("13912345678"));
    let announcement = common::queued(&app)
        .await
        .into_iter()
        .find(|n| n.chat_id == -2001)
        .expect("announced to the department");
    assert!(
        announcement.text.contains("投诉人：李女士 · 13912345678"),
        "{}",
        announcement.text
    );
    assert!(!announcement.text.contains("user 307"));
}

async fn an_anonymous_text_that_gives_the_person_away_is_masked_on_request(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    app.svc
        .db
        .bind_department_chat("caizheng", Some(-2002))
        .await
        .unwrap();
    let me = app.person(308);
    let text = format!("{ARREARS}。我是user 308，电话13912345678，身份证210102198001011234");
    me.draft_anonymously(&text).await;
    let r = me.press(Callback::Done).await;
    assert!(
        tracking_in(&r).is_none(),
        "not filed before the person decides"
    );
    assert_eq!(
        r[0].html,
        "⚠️ 您选择了匿名，但描述里有您的名字 user 308、电话号码 139…、身份证号 2101…。\
         办理部门会看到描述原文。要把这些内容隐去（用 * 代替）再提交吗？"
    );
    let r = me.press(Callback::Mask(true)).await;
    let stored = stored_text(&app, &r).await;
    assert!(
        stored.ends_with("我是********，电话***********，身份证******************"),
        "{stored}"
    );
    let announcement = common::queued(&app)
        .await
        .into_iter()
        .find(|n| n.chat_id == -2002)
        .unwrap();
    assert!(
        !announcement.text.contains("13912345678") && !announcement.text.contains("user 308"),
        "{}",
        announcement.text
    );

    // Keeping the text as written is the person's choice; nothing to mask, nothing asked.
    let other = app.person(309);
    other
        .draft_anonymously(&format!("{APPROVAL}，电话13912345678"))
        .await;
    other.press(Callback::Done).await;
    let r = other.press(Callback::Mask(false)).await;
    assert!(stored_text(&app, &r).await.ends_with("电话13912345678"));
    let plain = app.person(310);
    plain.draft_anonymously(APPROVAL).await;
    assert!(tracking_in(&plain.press(Callback::Done).await).is_some());
}

async fn messages_say_what_really_happened(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(311);
    let first = me.file(ARREARS).await;
    let second = me.file(APPROVAL).await;
    let r = me.say("/my").await;
    let text = all_text(&r);
    assert!(
        text.contains(&format!(
            "<b>{second}</b> · 待签收 · 区行政审批局 · 2026-11-25 10:00\n“{APPROVAL}”"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("<b>{first}</b> · 待签收 · 区财政局")),
        "{text}"
    );
    // Files added alone are said as such in the history.
    me.photo("receipt", Some(&format!("/add {second}"))).await;
    me.press(Callback::DoneAdding).await;
    let r = me.say(&format!("/status {second}")).await;
    assert!(
        all_text(&r).ends_with("2026-11-25 10:00 — 您补充了 1 个文件"),
        "{}",
        all_text(&r)
    );
    let row = app.complaint(&first).await;
    me.say(&format!("/withdraw {first}")).await;
    me.press(Callback::WithdrawYes(row.id)).await;
    let r = me.say(&format!("/withdraw {first}")).await;
    assert_eq!(r[0].html, format!("{first} 已经撤回了，不用再撤回。"));
    let r = me.say(&format!("/add {first} 还有一张发票")).await;
    assert_eq!(
        r[0].html,
        format!("{first} 已经撤回，不能再补充。如果问题仍然存在，请重新描述提交。")
    );
}

async fn a_repeat_in_the_same_category_and_department_is_offered_for_merging(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(312);
    let first = me.file(APPROVAL).await;
    let row = app.complaint(&first).await;
    // The sixth visit, in other words: same category, same department.
    me.say("今天又去了行政审批局，这是第六次了，还是说缺一份证明，执照变更到现在也没办下来")
        .await;
    let r = me.press(Callback::Confirm).await;
    assert!(has_button(&r, &Callback::Merge(row.id)), "{}", all_text(&r));
    assert!(
        all_text(&r).contains("那件投诉（2026-11-25 10:00）：“审批局窗口让我们补交材料"),
        "quotes the open complaint: {}",
        all_text(&r)
    );
    let r = me.say("合并").await;
    assert_eq!(
        r[0].html,
        app.svc.i18n.t(
            Lang::Zh,
            msg::MERGE_DONE,
            &[("tracking", Arg::from(first.as_str()))]
        )
    );
    assert!(matches!(r[0].delivery, Delivery::Durable(_)));
    assert_eq!(app.svc.db.count_complaints_of(312).await.unwrap(), 1);
}

async fn invisible_and_edited_messages_get_clear_answers(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(313);
    let r = me.say("\u{200B}\u{200C}\u{FEFF}").await;
    assert_eq!(r[0].html, app.t(Lang::Zh, msg::TEXT_EMPTY));
    let r = me.send(Input::Edited).await;
    assert_eq!(r[0].html, app.t(Lang::Zh, msg::EDIT_IGNORED));
    assert_eq!(app.svc.db.count_complaints_of(313).await.unwrap(), 0);
}

async fn replies_that_report_a_change_wait_in_the_outbox_until_sent(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(314);
    let tracking = me.file(ARREARS).await;
    let r = me
        .say(&format!("/add {tracking} 补充：合同编号 HT-117"))
        .await;
    let Delivery::Durable(id) = r[0].delivery else {
        panic!("the /add confirmation is durable: {:?}", r[0]);
    };
    let queued: Vec<_> = common::queued(&app)
        .await
        .into_iter()
        .filter(|n| n.chat_id == 314)
        .collect();
    assert_eq!(
        queued.len(),
        2,
        "the filing and the addition, for the outbox worker"
    );
    assert!(queued[0].text.contains(&tracking) && queued[0].text.contains("投诉已提交"));
    assert_eq!(queued[1].id, id);
    // Held for the front's fast path: the worker would not take them for half a minute.
    let now = app.svc.now_ms();
    assert!(app.svc.db.due_notices(now, 10).await.unwrap().is_empty());
    assert_eq!(
        app.svc
            .db
            .due_notices(now + 30_000, 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

on_both_engines!(
    typed_answers_act_as_their_buttons,
    real_text_is_added_and_can_be_taken_back,
    greetings_and_questions_are_answered_not_filed,
    a_restart_shows_the_pending_question_again,
    categories_explain_themselves_in_chinese,
    the_name_the_department_sees_is_the_one_chosen,
    an_anonymous_text_that_gives_the_person_away_is_masked_on_request,
    messages_say_what_really_happened,
    a_repeat_in_the_same_category_and_department_is_offered_for_merging,
    invisible_and_edited_messages_get_clear_answers,
    replies_that_report_a_change_wait_in_the_outbox_until_sent,
);
