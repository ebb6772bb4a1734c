//! Time limits on the working-day calendar, with a fake clock, on SQLite and PostgreSQL: due
//! dates the complainant sees, time left on cards, warnings, chases and reports exactly once
//! (across a restart and with two instances), paused clocks, transfers, reopening, extensions,
//! the return limit, the morning digest.

mod common;

use common::desk::{deliver, group, Received};
use common::{all_text, has_button, Engine};
use yingshang::clock::Clock;
use yingshang::domain::{Rating, Role, Status};
use yingshang::service::{Callback, CardAction, RoutePurpose};
use yingshang::workers::deadlines::{DailyDigest, DeadlineWatch};
use yingshang::workers::Job;

const ARREARS: &str =
    "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果";
const CAIZHENG: i64 = -3001;
const SUPERVISORS: i64 = -3009;
const LEADERSHIP: i64 = -3010;
const WEIJIAN: i64 = -3002;

async fn setup(e: Engine) -> Option<common::App> {
    let app = common::app(e).await?;
    app.bind("caizheng", CAIZHENG).await;
    app.bind("yingshang", SUPERVISORS).await;
    app.bind("leadership", LEADERSHIP).await;
    app.bind("weijian", WEIJIAN).await;
    Some(app)
}

fn at(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// Runs the watcher once at the clock's moment.
async fn watch(app: &common::App) {
    DeadlineWatch {
        svc: app.svc.clone(),
    }
    .step(app.clock.now())
    .await
    .unwrap();
}

async fn the_complainant_sees_calendar_dates_and_staff_see_time_left(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    // Filed on Wednesday 25 November 2026 at 10:00.
    let me = app.person(701);
    me.draft_anonymously(ARREARS).await;
    let r = me.press(Callback::Done).await;
    assert!(
        r[0].html.contains(
            "请于 2026年11月26日 17:30 前签收，2026年12月16日 17:30 前办结（15 个工作日）。"
        ),
        "{}",
        r[0].html
    );
    let tracking = common::tracking_in(&r).unwrap();
    let r = me.say(&format!("/status {tracking}")).await;
    assert!(
        r[0].html.contains("\n办结期限：2026年12月16日 17:30\n"),
        "{}",
        r[0].html
    );
    deliver(&app, &tg).await;
    let card = tg.texts(CAIZHENG).last().cloned().unwrap();
    assert!(
        card.ends_with("⏱ 签收期限 2026年11月26日 17:30 · 🟢 剩 1 个工作日 7 小时"),
        "{card}"
    );
    // An approval delay has 7 working days.
    let other = app.person(702);
    other
        .draft_anonymously("审批局窗口让我们补交材料，来回跑了五趟，两个月了执照还没变更下来")
        .await;
    let r = other.press(Callback::Done).await;
    assert!(
        r[0].html
            .contains("2026年12月4日 17:30 前办结（7 个工作日）"),
        "{}",
        r[0].html
    );
}

async fn warnings_chases_and_reports_go_out_once_each(e: Engine) {
    let Some(mut app) = setup(e).await else {
        return;
    };
    let tg = Received::default();
    let tracking = app.person(703).file(ARREARS).await;
    let row = app.complaint(&tracking).await;
    app.svc
        .db
        .set_role(801, Role::Staff, Some("caizheng"), true, 0)
        .await
        .unwrap();
    deliver(&app, &tg).await;
    // Thursday 8:30: one working day left of the accept limit — a warning to the group.
    app.clock.set(at("2026-11-26T08:31:00+08:00"));
    watch(&app).await;
    watch(&app).await;
    deliver(&app, &tg).await;
    let warnings: Vec<String> = tg
        .texts(CAIZHENG)
        .into_iter()
        .filter(|t| t.starts_with("⏰"))
        .collect();
    assert_eq!(
        warnings,
        [format!(
            "⏰ {tracking} 的签收期限将至：2026年11月26日 17:30（剩 8 小时），请及时处理。"
        )],
        "{}",
        tg.everything()
    );
    assert!(
        tg.texts(CAIZHENG).last().unwrap().contains("🟡 剩"),
        "the card turns yellow"
    );
    // The limit passes: a chase to the lead and the supervisors, once, even after a restart.
    app.clock.set(at("2026-11-26T17:31:00+08:00"));
    watch(&app).await;
    app.restart().await;
    watch(&app).await;
    deliver(&app, &tg).await;
    let chase =
        format!("🔔 催办：{tracking}（区财政局）已超过签收期限 2026年11月26日 17:30，请尽快办理。");
    assert_eq!(
        tg.texts(801).iter().filter(|t| **t == chase).count(),
        1,
        "{}",
        tg.everything()
    );
    assert_eq!(
        tg.texts(SUPERVISORS)
            .iter()
            .filter(|t| **t == chase)
            .count(),
        1
    );
    assert!(tg.texts(CAIZHENG).last().unwrap().contains("🔴 已超期"));
    // Five working days later, still not accepted: a report to the leadership, once, with two
    // watchers at the same moment.
    app.clock.set(at("2026-12-03T17:31:00+08:00"));
    let other = common::service_on(app.place.open().await, app.clock.clone()).await;
    let (one, two) = (
        DeadlineWatch {
            svc: app.svc.clone(),
        },
        DeadlineWatch { svc: other },
    );
    let (a, b) = tokio::join!(one.step(app.clock.now()), two.step(app.clock.now()));
    a.unwrap();
    b.unwrap();
    deliver(&app, &tg).await;
    assert_eq!(
        tg.texts(LEADERSHIP),
        [format!(
            "📢 通报：{tracking}（区财政局）超过签收期限 2026年11月26日 17:30 已 5 个工作日，仍未签收。"
        )]
    );
    // Accepted at last: nothing more about the accept limit, ever.
    let lead = app
        .clerk(801, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    lead.press_card(row.id, CardAction::Accept).await;
    app.clock.set(at("2026-12-04T10:00:00+08:00"));
    watch(&app).await;
    deliver(&app, &tg).await;
    assert_eq!(tg.texts(LEADERSHIP).len(), 1);
    assert_eq!(app.complaint(&tracking).await.status, Status::Accepted);
}

async fn the_deadlines_command_says_what_the_watcher_would_send(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tracking = app.person(704).file(ARREARS).await;
    let planned = app
        .svc
        .alerts_at(at("2026-11-26T17:31:00+08:00").timestamp_millis())
        .await
        .unwrap();
    let lines: Vec<(String, &str, &str, Vec<String>)> = planned
        .into_iter()
        .map(|p| (p.tracking, p.limit, p.level, p.to))
        .collect();
    assert_eq!(
        lines,
        [
            (
                tracking.clone(),
                "accept",
                "warning",
                vec![format!("区财政局 group ({CAIZHENG})")]
            ),
            (
                tracking,
                "accept",
                "chase",
                vec![format!("区营商环境建设局 group ({SUPERVISORS})")]
            ),
        ]
    );
    assert_eq!(
        app.svc.db.pending_outbox().await.unwrap(),
        2,
        "nothing was queued"
    );
}

async fn the_clock_stops_while_the_complainant_is_asked(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let tracking = app.person(705).file(ARREARS).await;
    deliver(&app, &tg).await;
    let row = app.complaint(&tracking).await;
    let clerk = app
        .clerk(802, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    clerk.press_card(row.id, CardAction::Accept).await;
    // Asked on Thursday at 17:00; answered on Monday at 9:30 (10.5 office hours later).
    app.clock.set(at("2026-11-26T17:00:00+08:00"));
    let r = clerk.press_card(row.id, CardAction::AskInfo).await;
    clerk.answer(&r, "请提供验收单").await;
    let r = app.person(705).say(&format!("/status {tracking}")).await;
    assert!(
        r[0].html.contains("部门在等您补充材料，办理时限暂停计算"),
        "{}",
        r[0].html
    );
    app.clock.set(at("2026-11-30T09:30:00+08:00"));
    app.person(705)
        .say(&format!("/add {tracking} 验收单编号 YS-17"))
        .await;
    let row = app.complaint(&tracking).await;
    assert_eq!(
        row.resolve_due_at,
        Some(at("2026-12-18T10:00:00+08:00").timestamp_millis()),
        "16 December 17:30 moved by 10.5 office hours"
    );
}

async fn a_transfer_restarts_the_accept_limit_and_a_late_return_is_refused(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let tracking = app.person(706).file(ARREARS).await;
    deliver(&app, &tg).await;
    let row = app.complaint(&tracking).await;
    let clerk = app
        .clerk(803, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    // Friday 27 November 18:00: past the two working days a return is allowed.
    app.clock.set(at("2026-11-27T18:00:00+08:00"));
    let r = clerk.press_card(row.id, CardAction::Return).await;
    assert_eq!(
        r[0].html,
        "时限已过，不能再这样处理（退单须在派单后 2 个工作日内，延期须在办结期限之前申请）。"
    );
    // A transfer instead: the new department has its own accept limit; received after office
    // hours on Friday, it counts from Monday (day 0), so it ends on Tuesday.
    let r = clerk.press_card(row.id, CardAction::Transfer).await;
    assert!(!r.is_empty());
    let r = clerk
        .press(Callback::Route {
            complaint: row.id,
            purpose: RoutePurpose::Transfer,
            department: "weijian".into(),
        })
        .await;
    clerk.answer(&r, "诊所结算款").await;
    let moved = app.complaint(&tracking).await;
    assert_eq!(
        moved.accept_due_at,
        Some(at("2026-12-01T17:30:00+08:00").timestamp_millis())
    );
    assert_eq!(
        moved.resolve_due_at, row.resolve_due_at,
        "the complainant waited already"
    );
}

async fn an_extension_is_asked_decided_and_told(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let tracking = app.person(707).file(ARREARS).await;
    deliver(&app, &tg).await;
    let row = app.complaint(&tracking).await;
    let clerk = app
        .clerk(804, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    clerk.press_card(row.id, CardAction::Accept).await;
    let r = clerk.press_card(row.id, CardAction::Extend).await;
    let r = clerk.answer(&r, "5 需要现场核实").await;
    assert!(r[0].html.contains("申请延期"), "{}", all_text(&r));
    deliver(&app, &tg).await;
    let asked = tg.texts(SUPERVISORS).join("\n");
    assert!(
        asked.contains(&format!("⏳ 区财政局 申请 {tracking} 延期 5 个工作日（现期限 2026年12月16日 17:30）。理由：需要现场核实")),
        "{asked}"
    );
    // Only a supervisor decides.
    let approve = Callback::Decide {
        complaint: row.id,
        approve: true,
    };
    let r = clerk.press(approve.clone()).await;
    assert_eq!(r[0].html, "您没有处理这件投诉的权限。");
    let boss = app
        .clerk(805, Role::Supervisor, None, group(SUPERVISORS))
        .await;
    boss.press(approve.clone()).await;
    let extended = app.complaint(&tracking).await;
    assert_eq!(
        extended.resolve_due_at,
        Some(at("2026-12-23T17:30:00+08:00").timestamp_millis())
    );
    deliver(&app, &tg).await;
    assert!(tg
        .texts(707)
        .iter()
        .any(|t| t.contains("经督办人员同意，办结期限延至 2026年12月23日 17:30")));
    assert!(tg
        .texts(CAIZHENG)
        .iter()
        .any(|t| t.contains("延期已批准：办结期限延至 2026年12月23日 17:30")));
    // One extension only.
    let r = clerk.press_card(row.id, CardAction::Extend).await;
    assert!(r[0].html.contains("不能这样处理"), "{}", r[0].html);
}

async fn reopening_gives_a_fresh_limit_marked_as_such(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let tracking = app.person(708).file(ARREARS).await;
    deliver(&app, &tg).await;
    let row = app.complaint(&tracking).await;
    let clerk = app
        .clerk(806, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    clerk.press_card(row.id, CardAction::Accept).await;
    let r = clerk.press_card(row.id, CardAction::Resolve).await;
    clerk.answer(&r, "已拨付").await;
    app.clock.set(at("2026-12-01T10:00:00+08:00"));
    app.person(708)
        .press(Callback::Rate {
            complaint: row.id,
            rating: Rating::NotSatisfied,
        })
        .await;
    let r = app.person(708).say(&format!("/status {tracking}")).await;
    assert!(
        r[0].html
            .contains("办结期限：2026年12月22日 17:30（重办，重新计算）"),
        "{}",
        r[0].html
    );
}

async fn the_morning_digest_comes_at_nine_on_working_days_once(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let first = app.person(709).file(ARREARS).await;
    let second = app.person(710).file(ARREARS).await;
    let digest = DailyDigest {
        svc: app.svc.clone(),
    };
    // Saturday: no digest.
    app.clock.set(at("2026-11-28T09:05:00+08:00"));
    digest.step(app.clock.now()).await.unwrap();
    // Monday 9:05, twice.
    app.clock.set(at("2026-11-30T09:05:00+08:00"));
    digest.step(app.clock.now()).await.unwrap();
    digest.step(app.clock.now()).await.unwrap();
    deliver(&app, &tg).await;
    let digests: Vec<String> = tg
        .texts(CAIZHENG)
        .into_iter()
        .filter(|t| t.starts_with("📅"))
        .collect();
    assert_eq!(digests.len(), 1, "{}", tg.everything());
    assert!(
        digests[0].starts_with("📅 <b>区财政局 · 每日待办提醒</b>（2026年11月30日 09:05）"),
        "{}",
        digests[0]
    );
    assert!(
        digests[0].contains("🔴 <b>已超期 2 件</b>"),
        "{}",
        digests[0]
    );
    assert!(digests[0].contains(&first) && digests[0].contains(&second));
}

async fn the_queue_puts_the_most_urgent_first(e: Engine) {
    let Some(app) = setup(e).await else { return };
    let tg = Received::default();
    let older = app.person(711).file(ARREARS).await;
    app.clock.advance(chrono::Duration::hours(1));
    let newer = app.person(712).file(ARREARS).await;
    deliver(&app, &tg).await;
    let clerk = app
        .clerk(807, Role::Staff, Some("caizheng"), group(CAIZHENG))
        .await;
    // The older one is accepted: its limit (resolve, 15 days) is far; the newer one's accept
    // limit is tomorrow — it comes first.
    clerk
        .press_card(app.complaint(&older).await.id, CardAction::Accept)
        .await;
    let r = clerk.say("/queue").await;
    let text = all_text(&r);
    assert!(text.find(&newer) < text.find(&older), "{text}");
    assert!(has_button(
        &r,
        &Callback::Open(app.complaint(&newer).await.id)
    ));
}

on_both_engines!(
    the_complainant_sees_calendar_dates_and_staff_see_time_left,
    warnings_chases_and_reports_go_out_once_each,
    the_deadlines_command_says_what_the_watcher_would_send,
    the_clock_stops_while_the_complainant_is_asked,
    a_transfer_restarts_the_accept_limit_and_a_late_return_is_refused,
    an_extension_is_asked_decided_and_told,
    reopening_gives_a_fresh_limit_marked_as_such,
    the_morning_digest_comes_at_nine_on_working_days_once,
    the_queue_puts_the_most_urgent_first,
);
