//! The complainant's conversation through the service, on SQLite and on PostgreSQL: what a
//! person sees, and what is stored.

mod common;

use common::{all_text, has_button, tracking_in, App, Engine};
use yingshang::domain::{Category, EventKind, Status};
use yingshang::i18n::{msg, Arg, Lang};
use yingshang::service::{Callback, Delivery};

const ARREARS: &str =
    "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果";

fn t(app: &App, id: &str) -> String {
    app.t(Lang::Zh, id)
}

async fn filing_with_confirmation(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(101);

    let r = me.say(ARREARS).await;
    let text = all_text(&r);
    assert!(
        text.contains("履约践诺·信用环境"),
        "proposes credit: {text}"
    );
    assert!(text.contains("区财政局"), "names the department: {text}");
    assert!(
        text.contains("拖欠"),
        "shows the words that led there: {text}"
    );
    assert!(has_button(&r, &Callback::Confirm) && has_button(&r, &Callback::OtherCategory));

    let r = me.press(Callback::Confirm).await;
    assert!(
        has_button(&r, &Callback::Anonymous(true)) && has_button(&r, &Callback::Anonymous(false))
    );
    let r = me.press(Callback::Anonymous(false)).await;
    assert_eq!(
        r[0].html,
        "办理部门会看到您的名字：<b>user 101</b>（您在 Telegram 上的名字）。\
         可以用这个名字，也可以直接回复另一个名字。",
        "says which name the department will see"
    );
    assert!(has_button(&r, &Callback::UseName) && has_button(&r, &Callback::Skip));
    // Another name can simply be typed.
    let r = me.say("王经理").await;
    assert_eq!(
        r[0].html,
        app.svc
            .i18n
            .t(Lang::Zh, msg::ASK_COMPANY, &[("max", Arg::Num(100))])
    );
    me.say("沈阳市宏达路桥工程有限公司").await;
    let r = me.say("+86 138 1234 5678").await;
    assert!(has_button(&r, &Callback::Done));
    let r = me.press(Callback::Done).await;
    assert!(
        matches!(r[0].delivery, Delivery::Durable(_)),
        "the confirmation is kept in the outbox until it is delivered"
    );
    assert!(
        r[0].html
            .ends_with("办理部门将看到：王经理 · 沈阳市宏达路桥工程有限公司 · 13812345678"),
        "{}",
        r[0].html
    );

    let tracking = tracking_in(&r).expect("a tracking number");
    assert_eq!(
        tracking, "YS-20261125-0001",
        "the Shanghai date of filing and the first number"
    );
    let text = all_text(&r);
    assert!(
        text.contains("15"),
        "states the resolve limit in working days: {text}"
    );

    let row = app.complaint(&tracking).await;
    assert_eq!(row.category, Category::Credit);
    assert_eq!(row.department.as_deref(), Some("caizheng"));
    assert_eq!(row.handler.as_deref(), Some("caizheng"));
    assert_eq!(row.company.as_deref(), Some("沈阳市宏达路桥工程有限公司"));
    assert_eq!(
        row.phone.as_deref(),
        Some("13812345678"),
        "stored as digits, +86 dropped"
    );
    assert_eq!(row.contact_name.as_deref(), Some("王经理"));
    assert_eq!(row.status, Status::Submitted);
    assert!(!row.anonymous);
    let events = app.svc.db.events_of(row.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Filed);

    // The second complaint of the day gets the next number.
    assert_eq!(me.file(ARREARS).await, "YS-20261125-0002");
}

async fn choosing_another_category(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(102);
    me.say(ARREARS).await;
    let r = me.press(Callback::OtherCategory).await;
    for c in Category::SEVEN {
        assert!(has_button(&r, &Callback::Category(c)), "offers {c}");
    }
    let r = me.press(Callback::Category(Category::Competition)).await;
    let text = all_text(&r);
    assert!(
        text.contains("公平竞争·经营环境") && text.contains("区市场监督管理局"),
        "{text}"
    );
    me.press(Callback::Confirm).await;
    me.press(Callback::Anonymous(false)).await;
    me.press(Callback::Skip).await; // no name
    me.press(Callback::Skip).await;
    me.press(Callback::Skip).await;
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&tracking).await;
    assert_eq!(row.category, Category::Competition);
    assert_eq!(row.contact_name, None);
    assert_eq!(
        row.proposed_category,
        Category::Credit,
        "the correction is kept for learning"
    );
    assert_eq!(row.department.as_deref(), Some("shichang"));
}

async fn out_of_scope_gets_advice_and_can_still_be_filed(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(103);
    let r = me.say("老板拖欠我三个月工资了，我想问问去哪告他").await;
    let text = all_text(&r);
    assert!(
        text.contains("12333"),
        "points to labour inspection: {text}"
    );
    assert!(has_button(&r, &Callback::FileAnyway));
    assert!(tracking_in(&r).is_none());
    assert_eq!(
        app.svc.db.count_complaints_of(103).await.unwrap(),
        0,
        "nothing filed"
    );

    let r = me.say("你好").await;
    assert!(
        !has_button(&r, &Callback::Confirm),
        "a greeting is not proposed for filing"
    );

    let r = me.press(Callback::FileAnyway).await;
    assert!(has_button(&r, &Callback::Category(Category::Development)));
    me.press(Callback::Category(Category::Development)).await;
    me.press(Callback::Confirm).await;
    me.press(Callback::Anonymous(true)).await;
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&tracking).await;
    assert_eq!(row.category, Category::Development);
    assert_eq!(row.proposed_category, Category::None);
}

async fn out_of_scope_advice_fits_the_kind_of_message(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(104);
    for (text, advice) in [
        ("房东不退押金，说墙上有几个钉子眼", msg::OOS_LANDLORD),
        ("朋友借了我两万块，一年了也不还", msg::OOS_PRIVATE_DEBT),
        ("超市卖给我的酸奶过期了，还不给退钱", msg::OOS_CONSUMER),
    ] {
        let r = me.say(text).await;
        let shown = all_text(&r);
        assert!(shown.contains(&t(&app, advice)), "{text}: {shown}");
        assert!(has_button(&r, &Callback::FileAnyway));
        me.press(Callback::Cancel).await;
    }
}

async fn anonymity_hides_the_complainant_from_the_department(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    app.svc
        .db
        .bind_department_chat("caizheng", Some(-1001))
        .await
        .unwrap();
    let me = app.person(104);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    let r = me.press(Callback::Anonymous(true)).await;
    assert!(
        has_button(&r, &Callback::Done),
        "anonymous skips company and phone"
    );
    let r = me.press(Callback::Done).await;
    assert!(all_text(&r).contains(&t(&app, msg::FILED_ANONYMOUS)));
    let tracking = tracking_in(&r).unwrap();
    let row = app.complaint(&tracking).await;
    assert!(row.anonymous && row.company.is_none() && row.phone.is_none());

    let due: Vec<_> = common::queued(&app)
        .await
        .into_iter()
        .filter(|d| d.chat_id != 104)
        .collect();
    assert_eq!(due.len(), 1, "the department chat is told");
    assert_eq!(due[0].chat_id, -1001);
    assert!(due[0].text.contains(&tracking));
    assert!(due[0].text.contains("匿名"), "{}", due[0].text);
    assert!(!due[0].text.contains("user 104"));

    // A named complaint shows the company and phone to the department.
    let named = app.person(105);
    named.say(ARREARS).await;
    named.press(Callback::Confirm).await;
    named.press(Callback::Anonymous(false)).await;
    named.press(Callback::UseName).await;
    named.say("宏达路桥").await;
    named.say("024-12345678").await;
    named.press(Callback::Done).await;
    let due = common::queued(&app).await;
    assert!(due
        .iter()
        .any(|d| d.chat_id == -1001 && d.text.contains("user 105 · 宏达路桥 · 02412345678")));
}

async fn attachments_are_kept_with_the_complaint(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(106);
    let r = me.photo("photo-1", None).await;
    assert_eq!(
        r[0].html,
        t(&app, msg::ATTACHMENT_KEPT),
        "a photo alone asks for words"
    );
    me.draft_anonymously(ARREARS).await;
    let r = me.document("doc-1", "合同.pdf").await;
    assert!(
        all_text(&r).contains('2'),
        "counts the files: {}",
        all_text(&r)
    );
    let r = me.photo("photo-2", Some("这是催款记录")).await;
    assert!(has_button(&r, &Callback::Done));
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&tracking).await;
    let files = app.svc.db.attachments_of(row.id).await.unwrap();
    let ids: Vec<&str> = files.iter().map(|f| f.file_id.as_str()).collect();
    assert_eq!(ids, ["photo-1", "doc-1", "photo-2"]);
    assert_eq!(files[1].file_name.as_deref(), Some("合同.pdf"));
    assert!(
        row.text.contains("这是催款记录"),
        "a caption is part of the description"
    );
}

async fn my_status_add_and_withdraw(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(107);
    let r = me.say("/my").await;
    assert_eq!(r[0].html, t(&app, msg::MY_EMPTY));
    let first = me.file(ARREARS).await;
    let second = me
        .file("审批局窗口让我们补交一堆材料，来回跑了五趟，营业执照变更两个月了还没办下来")
        .await;

    let r = me.say("/my").await;
    let text = all_text(&r);
    assert!(text.contains(&first) && text.contains(&second), "{text}");
    assert!(text.find(&second) < text.find(&first), "newest first");

    // Any letter case, with or without YS-.
    let bare = second.trim_start_matches("YS-").to_lowercase();
    let r = me.say(&format!("/status {bare}")).await;
    let text = all_text(&r);
    assert!(text.contains(&second) && text.contains("待签收"), "{text}");
    assert!(text.contains("阳光便捷·审批环境"));

    // Someone else's number answers exactly like a number that does not exist.
    let stranger = app.person(999);
    let theirs = stranger.say(&format!("/status {first}")).await;
    let missing = stranger.say("/status YS-20261125-0099").await;
    assert_eq!(
        theirs[0].html.replace(&first, "N"),
        missing[0].html.replace("YS-20261125-0099", "N")
    );
    let r = me.say("/status").await;
    assert_eq!(r[0].html, t(&app, msg::STATUS_USAGE));
    let r = me.say("/status hello").await;
    assert!(r[0].html.contains("hello"));
    // Not a number at all, in Chinese: answered, not a crash.
    let r = me.say("/status 审批局").await;
    assert!(r[0].html.contains("审批局"));
    let r = me.say("/withdraw 我的投诉").await;
    assert!(r[0].html.contains("我的投诉"));

    // /add with the text inline, then /add waiting for a photo.
    let r = me
        .say(&format!("/add {first} 补充：合同编号 HT-2023-117"))
        .await;
    assert!(r[0].html.contains(&first));
    let r = me.say(&format!("/add {first}")).await;
    assert!(r[0].html.contains(&first));
    me.photo("receipt", None).await;
    let row = app.complaint(&first).await;
    let kinds: Vec<EventKind> = app
        .svc
        .db
        .events_of(row.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [EventKind::Filed, EventKind::AddInfo, EventKind::AddInfo]
    );
    assert_eq!(app.svc.db.attachments_of(row.id).await.unwrap().len(), 1);
    let r = me.say(&format!("/status {first}")).await;
    assert!(
        all_text(&r).contains("合同编号"),
        "history shows the addition"
    );

    // Withdraw asks first; "keep" keeps it; "withdraw" withdraws.
    let r = me.say(&format!("/withdraw {first}")).await;
    assert!(
        has_button(&r, &Callback::WithdrawYes(row.id)) && has_button(&r, &Callback::WithdrawNo)
    );
    me.press(Callback::WithdrawNo).await;
    let status = app.svc.db.complaint(row.id).await.unwrap().unwrap().status;
    assert_eq!(status, Status::Submitted);
    me.say(&format!("/withdraw {first}")).await;
    let r = me.press(Callback::WithdrawYes(row.id)).await;
    assert!(r[0].html.contains(&first));
    assert_eq!(
        app.svc.db.complaint(row.id).await.unwrap().unwrap().status,
        Status::Withdrawn
    );

    // Nothing more can happen to it; the stranger cannot withdraw the other one either.
    let r = me.say(&format!("/withdraw {first}")).await;
    assert!(r[0].html.contains(&first) && !has_button(&r, &Callback::WithdrawYes(row.id)));
    let r = me.say(&format!("/add {first} more")).await;
    assert!(r[0].html.contains(&first));
    assert_eq!(app.svc.db.events_of(row.id).await.unwrap().len(), 4);
    let r = stranger.say(&format!("/withdraw {second}")).await;
    assert!(!has_button(&r, &Callback::WithdrawNo));
}

async fn bad_input_gets_a_clear_answer(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(108);
    assert_eq!(me.say("   \n ").await[0].html, t(&app, msg::TEXT_EMPTY));
    let long = "工程款拖欠".repeat(700);
    let r = me.say(&long).await;
    assert!(
        r[0].html.contains("3500") && r[0].html.contains("/add"),
        "{}",
        r[0].html
    );
    assert_eq!(app.svc.db.count_complaints_of(108).await.unwrap(), 0);
    let r = me.send(yingshang::service::Input::Unsupported).await;
    assert_eq!(r[0].html, t(&app, msg::MEDIA_NOT_TEXT));
    let r = me.say("/frobnicate").await;
    assert!(r[0].html.contains("/frobnicate") && r[0].html.contains("/help"));
    let r = me.press(Callback::Confirm).await;
    assert_eq!(
        r[0].html,
        t(&app, msg::STALE_BUTTON),
        "a button from nowhere"
    );
    let r = me.send(yingshang::service::Input::BadButton).await;
    assert_eq!(r[0].html, t(&app, msg::STALE_BUTTON));

    // An invalid phone is refused and asked again; the draft survives.
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    me.press(Callback::Anonymous(false)).await;
    me.press(Callback::Skip).await;
    me.press(Callback::Skip).await;
    let r = me.say("12345").await;
    assert_eq!(r[0].html, t(&app, msg::PHONE_INVALID));
    assert!(has_button(&r, &Callback::Skip));
    let r = me.say("13912345678").await;
    assert!(has_button(&r, &Callback::Done));
    // Starting something else mid-draft is refused, not silently dropped.
    let r = me.say("/new").await;
    assert_eq!(r[0].html, t(&app, msg::DRAFT_IN_PROGRESS));
    let r = me.press(Callback::Done).await;
    let row = app
        .svc
        .db
        .complaint_by_tracking(&tracking_in(&r).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.phone.as_deref(), Some("13912345678"));
    let r = me.say("/cancel").await;
    assert_eq!(r[0].html, t(&app, msg::NOTHING_TO_CANCEL));
}

async fn ten_complaints_a_day_at_most(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(109);
    for _ in 0..10 {
        me.file(ARREARS).await;
    }
    let r = me.say(ARREARS).await;
    assert!(r[0].html.contains("10"), "{}", r[0].html);
    assert!(!has_button(&r, &Callback::Confirm));
    assert_eq!(app.svc.db.count_complaints_of(109).await.unwrap(), 10);
    // Others are not affected, and tomorrow the person may file again.
    assert!(app
        .person(110)
        .file(ARREARS)
        .await
        .starts_with("YS-20261125-"));
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(
        me.file(ARREARS).await,
        "YS-20261126-0001",
        "numbers start again each day"
    );
}

async fn the_same_update_twice_files_once(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(111);
    me.draft_anonymously(ARREARS).await;
    let done = yingshang::service::Input::Button(Callback::Done);
    let first = me.send_as_update(done.clone(), 777_001).await;
    let again = me.send_as_update(done, 777_001).await;
    assert!(tracking_in(&first).is_some());
    assert!(
        again.is_empty(),
        "a redelivered update is not answered again"
    );
    assert_eq!(app.svc.db.count_complaints_of(111).await.unwrap(), 1);
    // Pressing the button again (a new update) is a stale button, not a second complaint.
    let r = me.press(Callback::Done).await;
    assert_eq!(r[0].html, t(&app, msg::STALE_BUTTON));
    assert_eq!(app.svc.db.count_complaints_of(111).await.unwrap(), 1);
}

async fn a_restart_mid_dialogue_resumes_it(e: Engine) {
    let Some(mut app) = common::app(e).await else {
        return;
    };
    app.person(112).say(ARREARS).await;
    app.person(112).press(Callback::Confirm).await;
    app.restart().await;
    let me = app.person(112);
    let r = me.press(Callback::Anonymous(false)).await;
    assert!(has_button(&r, &Callback::UseName), "{}", all_text(&r));
    let r = me.press(Callback::UseName).await;
    assert_eq!(
        r[0].html,
        app.svc
            .i18n
            .t(Lang::Zh, msg::ASK_COMPANY, &[("max", Arg::Num(100))])
    );
    me.press(Callback::Skip).await;
    app.restart().await;
    let me = app.person(112);
    me.press(Callback::Skip).await;
    let r = me.press(Callback::Done).await;
    assert!(tracking_in(&r).is_some(), "{}", all_text(&r));
}

async fn language_is_chosen_and_remembered(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let mut me = app.person(113);
    me.language_code = Some("en-GB".into());
    let r = me.say("/start").await;
    assert!(
        all_text(&r).contains("Welcome"),
        "English from Telegram's language code"
    );
    assert!(has_button(&r, &Callback::Lang(Lang::Zh)));
    me.press(Callback::Lang(Lang::Zh)).await;
    me.language_code = Some("en-GB".into());
    let r = me
        .say("The district promised us a rent subsidy when we moved here and never paid it")
        .await;
    assert!(
        all_text(&r).contains("履约践诺"),
        "the choice beats Telegram's language: {}",
        all_text(&r)
    );
}

async fn a_conflict_of_interest_goes_to_the_supervisors(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(114);
    let r = me
        .say("审批局窗口的人暗示给一千块加急费才给办，不给就一直拖着")
        .await;
    let text = all_text(&r);
    assert!(
        text.contains("区营商环境建设局"),
        "names the supervisors as handler: {text}"
    );
    me.press(Callback::Confirm).await;
    me.press(Callback::Anonymous(true)).await;
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&tracking).await;
    assert_eq!(row.department.as_deref(), Some("shenpi"));
    assert_eq!(row.handler.as_deref(), Some("yingshang"));
    assert!(row.conflict_of_interest);

    // Misconduct in the bureau itself goes to the leadership, announced in its bound chat.
    app.svc
        .db
        .bind_department_chat("leadership", Some(-777))
        .await
        .unwrap();
    let other = app.person(119);
    other
        .say("营商局的工作人员跟我们要好处费，不给就不帮我们协调，还威胁说以后有事别找他们")
        .await;
    other.press(Callback::Confirm).await;
    other.press(Callback::Anonymous(true)).await;
    let tracking = tracking_in(&other.press(Callback::Done).await).unwrap();
    assert_eq!(
        app.complaint(&tracking).await.handler.as_deref(),
        Some("leadership")
    );
    let due = common::queued(&app).await;
    assert!(due
        .iter()
        .any(|d| d.chat_id == -777 && d.text.contains(&tracking)));
}

async fn a_repeated_complaint_is_offered_for_merging(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(115);
    let first = me.file(ARREARS).await;
    let row = app.complaint(&first).await;

    me.say("区政府道路工程的工程款还是没给，拖欠两年多了，财政一直说没钱")
        .await;
    let r = me.press(Callback::Confirm).await;
    assert!(
        all_text(&r).contains(&first),
        "names the open complaint: {}",
        all_text(&r)
    );
    assert!(has_button(&r, &Callback::Merge(row.id)) && has_button(&r, &Callback::FileNew));
    let r = me.press(Callback::Merge(row.id)).await;
    assert!(r[0].html.contains(&first));
    assert_eq!(
        app.svc.db.count_complaints_of(115).await.unwrap(),
        1,
        "not counted twice"
    );
    let events = app.svc.db.events_of(row.id).await.unwrap();
    assert_eq!(events.last().unwrap().kind, EventKind::AddInfo);

    // The complainant may also insist on a new complaint; another matter is not offered at all.
    me.say("区政府道路工程的工程款还是没给，拖欠两年多了，财政一直说没钱")
        .await;
    me.press(Callback::Confirm).await;
    let r = me.press(Callback::FileNew).await;
    assert!(has_button(&r, &Callback::Anonymous(true)));
    me.say("审批局窗口让我们补交材料，来回跑了五趟，两个月了执照还没变更下来")
        .await;
    let r = me.press(Callback::Confirm).await;
    assert!(
        !has_button(&r, &Callback::FileNew),
        "the approval matter is not a repeat"
    );
}

async fn nothing_typed_is_lost_between_steps(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(116);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    // Text while a button is expected is more description, and the question is asked again.
    let r = me.say("补充一句：合同是2022年3月签的").await;
    assert_eq!(r[0].html, "已补充到描述中：“补充一句：合同是2022年3月签的”");
    assert!(has_button(&r, &Callback::Undo(1)));
    assert!(has_button(&r, &Callback::Anonymous(true)));
    me.press(Callback::Anonymous(true)).await;
    let r = me.say("还有验收单").await;
    assert!(has_button(&r, &Callback::Done));
    let long = "款".repeat(3000);
    let r = me.say(&long).await;
    assert!(
        r[0].html.contains("3000") && r[0].html.contains("/add"),
        "{}",
        r[0].html
    );
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&tracking).await;
    assert!(row.text.starts_with(ARREARS));
    assert!(row.text.contains("2022年3月") && row.text.contains("验收单"));
    assert!(
        !row.text.contains("款款款"),
        "the part that did not fit was not stored"
    );

    // /add takes several photos (an album arrives as several messages) until "done".
    me.say(&format!("/add {tracking}")).await;
    let r = me.photo("album-1", None).await;
    assert!(has_button(&r, &Callback::DoneAdding));
    me.photo("album-2", None).await;
    let r = me.press(Callback::DoneAdding).await;
    assert!(r[0].html.contains(&tracking));
    assert_eq!(app.svc.db.attachments_of(row.id).await.unwrap().len(), 2);
    // A file captioned "/add NUMBER …" goes to that complaint, even from the middle of a draft.
    me.say("审批局窗口让我们补交材料，来回跑了五趟").await;
    let r = me
        .photo("invoice", Some(&format!("/add {tracking} 这是发票")))
        .await;
    assert!(r[0].html.contains(&tracking), "{}", all_text(&r));
    assert_eq!(app.svc.db.attachments_of(row.id).await.unwrap().len(), 3);
    let r = me.press(Callback::Confirm).await;
    assert!(
        has_button(&r, &Callback::Anonymous(true)),
        "the draft was not disturbed"
    );
    me.say("/cancel").await;
    let r = me.photo("loose", None).await;
    assert_eq!(
        r[0].html,
        t(&app, msg::ATTACHMENT_KEPT),
        "after done, a photo starts anew"
    );
    me.say("/cancel").await;

    // Typing a new matter instead of answering "withdraw?" is taken as a new description.
    me.say(&format!("/withdraw {tracking}")).await;
    let r = me
        .say("审批局窗口让我们补交材料，来回跑了五趟，两个月了执照还没变更下来")
        .await;
    assert!(has_button(&r, &Callback::Confirm), "{}", all_text(&r));
    assert_eq!(
        app.svc.db.complaint(row.id).await.unwrap().unwrap().status,
        Status::Submitted
    );
}

async fn merging_into_a_complaint_closed_meanwhile_files_anew(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(117);
    let first = me.file(ARREARS).await;
    let row = app.complaint(&first).await;
    me.say("区政府道路工程的工程款还是没给，拖欠两年多了，财政一直说没钱")
        .await;
    me.press(Callback::Confirm).await;
    // Meanwhile the department rejects the first complaint.
    let before = row.facts();
    let action = yingshang::domain::Action::Reject {
        reason: "court matter".into(),
    };
    let clerk = yingshang::domain::Actor::Staff {
        user_id: 1,
        department: "caizheng".into(),
    };
    let now = app.svc.now_ms();
    let after = yingshang::domain::transition(&before, &clerk, &action, now).unwrap();
    let change = yingshang::storage::StatusChange {
        complaint_id: row.id,
        version: row.version,
        before,
        after,
        actor: clerk,
        action,
        attachments: Vec::new(),
        notices: Vec::new(),
        schedule: Default::default(),
        update_id: None,
        now_ms: now,
    };
    let applied = app.svc.db.apply_change(&change, None).await.unwrap();
    assert_eq!(applied, yingshang::storage::ChangeOutcome::Applied(vec![]));
    assert_eq!(
        app.svc.db.apply_change(&change, None).await.unwrap(),
        yingshang::storage::ChangeOutcome::ComplaintMoved,
        "a change computed from an old version is refused"
    );
    let r = me.press(Callback::Merge(row.id)).await;
    assert!(r[0].html.contains(&first));
    assert!(
        has_button(&r, &Callback::Anonymous(true)),
        "the draft goes on to be filed"
    );
    me.press(Callback::Anonymous(true)).await;
    assert!(tracking_in(&me.press(Callback::Done).await).is_some());
    assert_eq!(app.svc.db.count_complaints_of(117).await.unwrap(), 2);
}

async fn a_draft_abandoned_for_a_day_is_set_aside_by_a_new_message(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(118);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    // Within the day, text is more of the same complaint.
    app.clock.advance(chrono::Duration::hours(3));
    let r = me.say("另外验收单也有").await;
    assert_eq!(r[0].html, "已补充到描述中：“另外验收单也有”");
    // Two days later, new text is a new complaint, and the person is told.
    app.clock.advance(chrono::Duration::days(2));
    let r = me
        .say("审批局窗口让我们补交材料，来回跑了五趟，两个月了执照还没变更下来")
        .await;
    assert!(
        r[0].html.contains("我们给区政府做的道路工程"),
        "quotes what was set aside: {}",
        r[0].html
    );
    assert!(
        all_text(&r).contains("阳光便捷·审批环境"),
        "{}",
        all_text(&r)
    );
    assert!(has_button(&r, &Callback::Confirm));
    // Nothing was filed along the way.
    assert_eq!(app.svc.db.count_complaints_of(118).await.unwrap(), 0);
}

async fn answers_to_the_current_question_are_never_set_aside(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(120);
    me.say(ARREARS).await;
    me.press(Callback::Confirm).await;
    me.press(Callback::Anonymous(false)).await;
    me.press(Callback::Skip).await; // no name
                                    // The company name, typed the next day, is the answer to the question asked.
    app.clock.advance(chrono::Duration::days(2));
    let r = me.say("宏达路桥工程有限公司").await;
    assert!(
        has_button(&r, &Callback::Skip),
        "asks for the phone next: {}",
        all_text(&r)
    );
    me.press(Callback::Skip).await;
    app.clock.advance(chrono::Duration::days(2));
    let r = me.photo("contract", None).await;
    assert!(
        has_button(&r, &Callback::Done),
        "a file answers the file step"
    );
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    assert_eq!(
        app.complaint(&tracking).await.company.as_deref(),
        Some("宏达路桥工程有限公司")
    );

    // /add glued to the text; then an /add that went quiet ends, and new text is a new matter.
    let r = me.say(&format!("/add {tracking}补充：合同编号 HT-7")).await;
    assert!(r[0].html.contains(&tracking));
    me.say(&format!("/add {tracking}")).await;
    me.photo("p1", None).await;
    app.clock.advance(chrono::Duration::hours(2));
    let r = me.say("街道的门市房今年租金一下涨了一倍，也不提前说").await;
    assert!(has_button(&r, &Callback::Confirm), "{}", all_text(&r));
    me.say("/cancel").await;

    // Files left without a description for a day are set aside, and the person is told.
    me.photo("forgotten", None).await;
    app.clock.advance(chrono::Duration::days(2));
    let r = me.say(ARREARS).await;
    assert!(r[0].html.contains('1'), "{}", r[0].html);
    me.press(Callback::Confirm).await;
    me.press(Callback::FileNew).await;
    me.press(Callback::Anonymous(true)).await;
    let second = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&second).await;
    assert!(app.svc.db.attachments_of(row.id).await.unwrap().is_empty());
}

async fn a_category_picked_by_hand_stays_picked(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let me = app.person(121);
    me.say(ARREARS).await;
    me.press(Callback::OtherCategory).await;
    me.press(Callback::Category(Category::Development)).await;
    let r = me.say("他们还说找领导也没用").await;
    assert!(all_text(&r).contains("政通人和"), "{}", all_text(&r));
}

on_both_engines!(
    answers_to_the_current_question_are_never_set_aside,
    a_category_picked_by_hand_stays_picked,
    a_draft_abandoned_for_a_day_is_set_aside_by_a_new_message,
    nothing_typed_is_lost_between_steps,
    merging_into_a_complaint_closed_meanwhile_files_anew,
    a_repeated_complaint_is_offered_for_merging,
    filing_with_confirmation,
    choosing_another_category,
    out_of_scope_gets_advice_and_can_still_be_filed,
    out_of_scope_advice_fits_the_kind_of_message,
    anonymity_hides_the_complainant_from_the_department,
    attachments_are_kept_with_the_complaint,
    my_status_add_and_withdraw,
    bad_input_gets_a_clear_answer,
    ten_complaints_a_day_at_most,
    the_same_update_twice_files_once,
    a_restart_mid_dialogue_resumes_it,
    language_is_chosen_and_remembered,
    a_conflict_of_interest_goes_to_the_supervisors,
);
