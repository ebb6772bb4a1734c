//! Department queues through the service, on SQLite and PostgreSQL: cards in the department's
//! group, every staff action, rights checked on every press, the complainant told of each step,
//! 回访, and anonymity in everything staff see.

mod common;

use common::desk::{deliver, group, Received};
use common::{all_text, has_button, tracking_in, Engine};
use yingshang::clock::Clock;
use yingshang::domain::{Role, Status};
use yingshang::service::{Callback, CardAction, Delivery, QueueFilter, RoutePurpose};
use yingshang::workers::{AutoClose, Job};

const ARREARS: &str =
    "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果";
const CAIZHENG: i64 = -1001;
const SUPERVISORS: i64 = -1009;
const WEIJIAN: i64 = -1002;
const SIFA: i64 = -1003;

/// A complaint filed by `who` (named, as user N) and its card delivered to the department.
async fn filed(app: &common::App, who: i64, tg: &Received) -> yingshang::storage::ComplaintRow {
    let tracking = app.person(who).file(ARREARS).await;
    deliver(app, tg).await;
    app.complaint(&tracking).await
}

async fn setup(e: Engine) -> Option<common::App> {
    let app = common::app(e).await?;
    app.bind("caizheng", CAIZHENG).await;
    app.bind("yingshang", SUPERVISORS).await;
    app.bind("weijian", WEIJIAN).await;
    app.bind("sifa", SIFA).await;
    Some(app)
}

async fn a_clerk_accepts_and_answers_and_the_complainant_is_told(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 501, &tg).await;
    let card = tg.texts(CAIZHENG).join("\n");
    assert!(
        card.contains(&row.tracking_no) && card.contains("待签收") && card.contains("user 501"),
        "the card in the department's group: {card}"
    );
    let clerk = app
        .clerk(601, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;

    let r = clerk.press_card(row.id, CardAction::Accept).await;
    assert_eq!(r[0].delivery, Delivery::Toast);
    assert_eq!(r[0].html, format!("✅ {}：签收", row.tracking_no));
    assert_eq!(
        app.complaint(&row.tracking_no).await.status,
        Status::Accepted
    );
    deliver(&app, &tg).await;
    assert!(
        tg.texts(501)
            .iter()
            .any(|t| t == &format!("【区财政局】已签收您的投诉 {}，正在办理。", row.tracking_no)),
        "the complainant is told, in the department's name: {:?}",
        tg.texts(501)
    );
    let card = tg.texts(CAIZHENG).last().cloned().unwrap();
    assert!(
        card.contains("办理中"),
        "the card is edited in place: {card}"
    );

    let r = clerk.press_card(row.id, CardAction::Resolve).await;
    assert!(
        matches!(r[0].delivery, Delivery::Prompt(_)),
        "{}",
        all_text(&r)
    );
    assert!(
        r[0].html.contains("tg://user?id=601"),
        "a selective prompt mentions the clerk"
    );
    clerk.answer(&r, "款项已于本周拨付，请查收。").await;
    let after = app.complaint(&row.tracking_no).await;
    assert_eq!(after.status, Status::Resolved);
    deliver(&app, &tg).await;
    let told = tg.texts(501).join("\n");
    assert!(
        told.contains("【区财政局】答复您的投诉") && told.contains("款项已于本周拨付，请查收。"),
        "{told}"
    );
    assert!(
        !told.contains("clerk 601"),
        "signed by the department, not the clerk"
    );

    // 回访: satisfied closes it.
    let r = app
        .person(501)
        .press(Callback::Rate {
            complaint: row.id,
            rating: yingshang::domain::Rating::Satisfied,
        })
        .await;
    assert_eq!(
        r[0].html,
        format!("谢谢您的评价！投诉 {} 已办结。", row.tracking_no)
    );
    assert_eq!(app.complaint(&row.tracking_no).await.status, Status::Closed);
}

async fn presses_by_those_who_may_not_act_change_nothing(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 502, &tg).await;
    let stranger = app
        .clerk(602, Role::Complainant, None, group(CAIZHENG))
        .await;
    let other = app
        .clerk(603, Role::Staff, Some("sifa"), group(CAIZHENG))
        .await;
    for who in [&stranger, &other] {
        let r = who.press_card(row.id, CardAction::Accept).await;
        assert_eq!(r[0].delivery, Delivery::Toast);
        assert_eq!(r[0].html, "您没有处理这件投诉的权限。");
        let r = who.press_card(row.id, CardAction::Transfer).await;
        assert_eq!(r[0].html, "您没有处理这件投诉的权限。", "no picker either");
    }
    // Forged data, and a real button on a message that is not a card.
    let clerk = app
        .clerk(604, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    let r = clerk
        .send(yingshang::service::Input::BadButton, Some(1), None)
        .await;
    assert_eq!(r[0].delivery, Delivery::Toast);
    let r = clerk
        .send(
            yingshang::service::Input::Button(Callback::Card(CardAction::Accept)),
            Some(424_242),
            None,
        )
        .await;
    assert_eq!(r[0].delivery, Delivery::Toast);
    let r = clerk
        .press(Callback::AssignTo {
            complaint: row.id,
            user: 602,
        })
        .await;
    assert_eq!(r[0].delivery, Delivery::Toast);
    assert_eq!(
        app.complaint(&row.tracking_no).await.status,
        Status::Submitted,
        "nothing changed"
    );
    assert_eq!(app.svc.db.events_of(row.id).await.unwrap().len(), 1);
}

async fn two_clerks_pressing_accept_one_wins_the_other_is_told(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 503, &tg).await;
    let a = app
        .clerk(605, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    let b = app
        .clerk(606, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    let (ra, rb) = tokio::join!(
        a.press_card(row.id, CardAction::Accept),
        b.press_card(row.id, CardAction::Accept)
    );
    let texts = [ra[0].html.clone(), rb[0].html.clone()];
    let won = texts.iter().filter(|t| t.starts_with("✅")).count();
    assert_eq!(won, 1, "exactly one wins: {texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t == "clerk 605 刚刚已经签收，请看最新的卡片。"
                || t == "clerk 606 刚刚已经签收，请看最新的卡片。"),
        "the other is told who was faster: {texts:?}"
    );
    let events = app.svc.db.events_of(row.id).await.unwrap();
    assert_eq!(events.len(), 2, "filed and accepted once");
}

async fn an_anonymous_complaint_shows_no_identity_to_staff(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let me = app.person(504);
    me.draft_anonymously(&format!("{ARREARS}。请尽快处理"))
        .await;
    let tracking = tracking_in(&me.press(Callback::Done).await).unwrap();
    let row = app.complaint(&tracking).await;
    let clerk = app
        .clerk(607, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    let mut seen = String::new();
    deliver(&app, &tg).await;
    seen.push_str(&tg.texts(CAIZHENG).join("\n"));
    clerk.press_card(row.id, CardAction::Accept).await;
    let r = clerk.press_card(row.id, CardAction::Details).await;
    seen.push_str(&all_text(&r));
    seen.push_str(&all_text(&clerk.say(&format!("/case {tracking}")).await));
    seen.push_str(&all_text(&clerk.say("/queue").await));
    let r = clerk.press_card(row.id, CardAction::AskInfo).await;
    clerk.answer(&r, "请提供合同编号").await;
    app.person(504).say("合同编号 HT-2022-117").await;
    app.person(504).press(Callback::Merge(row.id)).await;
    deliver(&app, &tg).await;
    seen.push_str(&tg.texts(CAIZHENG).join("\n"));
    assert!(seen.contains(&tracking) && seen.contains("匿名"), "{seen}");
    assert!(
        seen.contains("合同编号 HT-2022-117"),
        "the answer reaches the department: {seen}"
    );
    for secret in ["user 504", "504"] {
        assert!(
            !seen.contains(secret),
            "{secret:?} in what staff see:\n{seen}"
        );
    }
}

async fn information_requested_and_answered_restarts_the_clock(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 505, &tg).await;
    let clerk = app
        .clerk(608, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    clerk.press_card(row.id, CardAction::Accept).await;
    let r = clerk.press_card(row.id, CardAction::AskInfo).await;
    clerk.answer(&r, "请提供验收单的日期").await;
    let waiting = app.complaint(&row.tracking_no).await;
    assert_eq!(waiting.status, Status::AwaitingInfo);
    assert!(waiting.paused_at.is_some(), "the clock stops");
    deliver(&app, &tg).await;
    assert!(
        tg.texts(505)
            .iter()
            .any(|t| t.contains("请提供验收单的日期")),
        "{:?}",
        tg.texts(505)
    );
    // The complainant's next message is offered as the answer.
    let me = app.person(505);
    let r = me.say("验收单是2024年6月18日签的").await;
    assert!(has_button(&r, &Callback::Merge(row.id)), "{}", all_text(&r));
    let r = me.say("作为答复发给部门").await;
    assert!(
        all_text(&r).contains("办理时限恢复计算"),
        "{}",
        all_text(&r)
    );
    let answered = app.complaint(&row.tracking_no).await;
    assert_eq!(
        (answered.status, answered.paused_at),
        (Status::Accepted, None)
    );
    deliver(&app, &tg).await;
    assert!(
        tg.texts(CAIZHENG)
            .iter()
            .any(|t| t.contains("投诉人补充：验收单是2024年6月18日签的")),
        "{}",
        tg.everything()
    );
}

async fn transfer_and_redispatch_after_a_return(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 506, &tg).await;
    let clerk = app
        .clerk(609, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    // 转办: pick the department, then give the reason.
    let r = clerk.press_card(row.id, CardAction::Transfer).await;
    let to_weijian = Callback::Route {
        complaint: row.id,
        purpose: RoutePurpose::Transfer,
        department: "weijian".into(),
    };
    assert!(has_button(&r, &to_weijian), "{}", all_text(&r));
    let r = clerk.press(to_weijian).await;
    clerk.answer(&r, "涉及诊所的结算款，属卫健局").await;
    let moved = app.complaint(&row.tracking_no).await;
    assert_eq!(moved.handler.as_deref(), Some("weijian"));
    deliver(&app, &tg).await;
    assert!(tg
        .texts(WEIJIAN)
        .iter()
        .any(|t| t.contains(&row.tracking_no)));
    // The old department's card is edited to show where it went, and loses its buttons.
    let last_old = tg
        .messages
        .lock()
        .unwrap()
        .iter()
        .rev()
        .find(|(c, _, _)| *c == CAIZHENG)
        .cloned()
        .unwrap();
    assert!(
        last_old.1.contains("区卫生健康局") && last_old.2.is_none(),
        "{last_old:?}"
    );

    // 退单 by the new department, suggesting 司法局: the supervisors re-dispatch.
    let nurse = app
        .clerk(610, Role::Staff, Some("weijian"), group(WEIJIAN))
        .await;
    nurse.press_card(row.id, CardAction::Return).await;
    let r = nurse
        .press(Callback::Route {
            complaint: row.id,
            purpose: RoutePurpose::Return,
            department: "sifa".into(),
        })
        .await;
    nurse.answer(&r, "不是卫健局职责，是执法问题").await;
    let returned = app.complaint(&row.tracking_no).await;
    assert_eq!((returned.handler, returned.returns), (None, 1));
    deliver(&app, &tg).await;
    let boss = app
        .clerk(611, Role::Supervisor, None, group(SUPERVISORS))
        .await;
    let r = boss.press_card(row.id, CardAction::Dispatch).await;
    let first = &r[0].buttons[0][0];
    assert_eq!(
        first.callback,
        Callback::Route {
            complaint: row.id,
            purpose: RoutePurpose::Dispatch,
            department: "sifa".into()
        },
        "the suggested department first"
    );
    boss.press(first.callback.clone()).await;
    let dispatched = app.complaint(&row.tracking_no).await;
    assert_eq!(dispatched.handler.as_deref(), Some("sifa"));
    assert_eq!(
        dispatched.accepted_at, None,
        "a new accept limit for the new department"
    );
    let kinds: Vec<_> = app
        .svc
        .db
        .events_of(row.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind.code(), e.handler))
        .collect();
    assert_eq!(
        kinds,
        [
            ("filed", Some("caizheng".into())),
            ("transfer", Some("weijian".into())),
            ("return", None),
            ("dispatch", Some("sifa".into())),
        ],
        "every step is an event with the handler of its moment"
    );
}

async fn not_satisfied_reopens_once_then_goes_to_the_supervisors(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 507, &tg).await;
    let clerk = app
        .clerk(612, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    let not = Callback::Rate {
        complaint: row.id,
        rating: yingshang::domain::Rating::NotSatisfied,
    };
    for round in 0..2 {
        clerk.press_card(row.id, CardAction::Accept).await;
        let r = clerk.press_card(row.id, CardAction::Resolve).await;
        clerk.answer(&r, "已协调财政，近期拨付").await;
        let r = app.person(507).press(not.clone()).await;
        let now = app.complaint(&row.tracking_no).await;
        if round == 0 {
            assert!(
                all_text(&r).contains("重新交区财政局办理"),
                "{}",
                all_text(&r)
            );
            assert_eq!(now.status, Status::Reopened);
            assert_eq!(
                now.handler.as_deref(),
                Some("caizheng"),
                "back to the same department"
            );
        } else {
            assert_eq!(now.status, Status::Closed);
        }
        deliver(&app, &tg).await;
    }
    let told = tg.texts(SUPERVISORS).join("\n");
    assert!(
        told.contains("投诉人不满意，已重新交区财政局办理"),
        "{told}"
    );
    assert!(told.contains("重办后投诉人仍不满意"), "{told}");
}

async fn an_answer_not_rated_in_three_working_days_is_closed(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let row = filed(&app, 508, &tg).await;
    let clerk = app
        .clerk(613, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    clerk.press_card(row.id, CardAction::Accept).await;
    let r = clerk.press_card(row.id, CardAction::Resolve).await;
    clerk.answer(&r, "已拨付").await;
    let job = AutoClose {
        svc: app.svc.clone(),
    };
    // Answered on a Wednesday morning: Thursday, Friday and Monday are the three working days
    // on the calendar (the window ends at 17:30 on Monday).
    app.clock.advance(chrono::Duration::days(4));
    job.step(app.clock.now()).await.unwrap();
    assert_eq!(
        app.complaint(&row.tracking_no).await.status,
        Status::Resolved
    );
    app.clock.advance(chrono::Duration::days(2));
    job.step(app.clock.now()).await.unwrap();
    assert_eq!(app.complaint(&row.tracking_no).await.status, Status::Closed);
    deliver(&app, &tg).await;
    assert!(tg
        .texts(508)
        .iter()
        .any(|t| t.contains("3 个工作日内没有评价，已办结")));
}

async fn queues_list_what_is_open_and_open_cards(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let first = filed(&app, 509, &tg).await;
    let second = filed(&app, 510, &tg).await;
    let clerk = app
        .clerk(614, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    let r = clerk.say("/queue").await;
    let text = all_text(&r);
    assert!(
        text.starts_with("<b>区财政局 · 待办 2 件</b>（第 1/1 页）"),
        "{text}"
    );
    assert!(
        text.find(&first.tracking_no) < text.find(&second.tracking_no),
        "oldest first: {text}"
    );
    assert!(has_button(&r, &Callback::Open(first.id)));
    // Assign to oneself, then "mine" lists it.
    let r = clerk.press_card(first.id, CardAction::Assign).await;
    let me = Callback::AssignTo {
        complaint: first.id,
        user: 614,
    };
    assert!(has_button(&r, &me), "{}", all_text(&r));
    clerk.press(me).await;
    let r = clerk
        .press(Callback::Queue {
            filter: QueueFilter::Mine,
            page: 0,
        })
        .await;
    assert!(all_text(&r).contains("待办 1 件"), "{}", all_text(&r));
    // Opening a row shows the card here, with its buttons.
    let private = clerk.in_chat(yingshang::service::ChatRef::private(614));
    let r = private.press(Callback::Open(second.id)).await;
    assert_eq!(r[0].delivery, Delivery::Card(second.id));
    assert!(has_button(&r, &Callback::Card(CardAction::Accept)));
    // Another department's complaint is not theirs to see.
    let nurse = app
        .clerk(615, Role::Staff, Some("weijian"), group(WEIJIAN))
        .await;
    let r = nurse.say(&format!("/case {}", first.tracking_no)).await;
    assert!(r[0].html.contains("无权查看"), "{}", r[0].html);
    let r = app.person(516).say("/queue").await;
    assert_eq!(
        r[0].html,
        "只有登记的部门工作人员和督办人员可以使用这个命令。"
    );
}

async fn a_conflict_of_interest_is_carded_to_the_supervisors_only(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let tracking = app
        .person(511)
        .file("财政局的人说结算款要先给他3%好处费才给拨款")
        .await;
    deliver(&app, &tg).await;
    let row = app.complaint(&tracking).await;
    assert_eq!(row.handler.as_deref(), Some("yingshang"));
    assert!(
        tg.texts(CAIZHENG).is_empty(),
        "the accused department gets no card"
    );
    assert!(tg.texts(SUPERVISORS).iter().any(|t| t.contains(&tracking)));
    let accused = app
        .clerk(616, Role::Staff, Some("caizheng"), group(SUPERVISORS))
        .await;
    let r = accused.press_card(row.id, CardAction::Accept).await;
    assert_eq!(r[0].html, "您没有处理这件投诉的权限。");
    let boss = app
        .clerk(617, Role::Supervisor, None, group(SUPERVISORS))
        .await;
    boss.press_card(row.id, CardAction::Accept).await;
    assert_eq!(app.complaint(&tracking).await.status, Status::Accepted);
}

on_both_engines!(
    a_clerk_accepts_and_answers_and_the_complainant_is_told,
    presses_by_those_who_may_not_act_change_nothing,
    two_clerks_pressing_accept_one_wins_the_other_is_told,
    an_anonymous_complaint_shows_no_identity_to_staff,
    information_requested_and_answered_restarts_the_clock,
    transfer_and_redispatch_after_a_return,
    not_satisfied_reopens_once_then_goes_to_the_supervisors,
    an_answer_not_rated_in_three_working_days_is_closed,
    queues_list_what_is_open_and_open_cards,
    a_conflict_of_interest_is_carded_to_the_supervisors_only,
);
