//! The organisation set up from Telegram, through the service, on SQLite and on PostgreSQL:
//! admins (also from the command line), invite codes and joining, binding group chats, the
//! staff list, revoking a role, and the bot being added to and removed from groups.

mod common;

use common::{all_text, queued, App, Engine, Person};
use yingshang::domain::{Action, Role};
use yingshang::i18n::{msg, Arg, Lang};
use yingshang::service::BotStatus;

const GROUP: i64 = -100_111;
const SUPERVISORS_GROUP: i64 = -100_222;
const LEADERSHIP_GROUP: i64 = -100_333;
const OTHER_GROUP: i64 = -100_444;

fn t(app: &App, id: &str, args: &[(&str, Arg)]) -> String {
    app.svc.i18n.t(Lang::Zh, id, args)
}

/// Someone made an admin (as `yingshang admin grant` does).
async fn admin(app: &App, id: i64) -> Person {
    app.svc
        .db
        .grant_admin(id, app.svc.now_ms())
        .await
        .expect("the grant is stored");
    app.person(id)
}

/// The invite code in an answer to /invite.
fn code_in(replies: &[yingshang::service::Reply]) -> Option<String> {
    let re = regex::Regex::new(r"<code>([23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{10})</code>").unwrap();
    replies
        .iter()
        .find_map(|r| re.captures(&r.html).map(|c| c[1].to_owned()))
}

async fn invite(admin: &Person, arg: &str) -> String {
    let r = admin.say(&format!("/invite {arg}")).await;
    code_in(&r).unwrap_or_else(|| panic!("no code in {}", all_text(&r)))
}

async fn user(app: &App, id: i64) -> yingshang::storage::UserRow {
    app.svc
        .db
        .user(id)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no user {id}"))
}

async fn chat_of(app: &App, code: &str) -> Option<i64> {
    app.svc
        .db
        .departments()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no department {code}"))
        .chat_id
}

async fn invite_and_join_as_staff(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    app.svc.set_bot_username("yingshang_bot");
    let boss = admin(&app, 1).await;

    let r = boss.say("/invite caizheng").await;
    assert_eq!(r.len(), 1);
    let code = code_in(&r).expect("a code");
    let html = &r[0].html;
    assert!(
        html.contains("区财政局工作人员"),
        "says what the code makes: {html}"
    );
    assert!(
        html.contains(&format!("<code>/join {code}</code>")),
        "the command: {html}"
    );
    assert!(
        html.contains(&format!("https://t.me/yingshang_bot?start=join-{code}")),
        "the deep link: {html}"
    );
    assert!(
        html.contains("2026-11-26 10:00"),
        "valid for 24 hours, in Shanghai time: {html}"
    );

    let clerk = app.person(2);
    let r = clerk.say(&format!("/join {code}")).await;
    let what = t(
        &app,
        msg::APPOINT_STAFF,
        &[("department", Arg::from("区财政局"))],
    );
    assert_eq!(
        r[0].html,
        t(&app, msg::JOIN_DONE_STAFF, &[("what", Arg::from(what))])
    );
    let u = user(&app, 2).await;
    assert_eq!(u.role, Role::Staff);
    assert_eq!(u.department.as_deref(), Some("caizheng"));
    assert!(!u.is_lead && !u.is_admin);

    // The admin hears who used the code.
    let to_admin: Vec<_> = queued(&app)
        .await
        .into_iter()
        .filter(|n| n.chat_id == 1)
        .collect();
    assert_eq!(to_admin.len(), 1, "{to_admin:?}");
    assert!(
        to_admin[0].text.contains("user 2") && to_admin[0].text.contains("区财政局工作人员"),
        "{}",
        to_admin[0].text
    );

    // The clerk now works the department's queue.
    let r = clerk.say("/queue").await;
    assert!(all_text(&r).contains("区财政局"), "{}", all_text(&r));
}

async fn the_deep_link_makes_a_lead(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let r = boss.say("/invite shenpi lead").await;
    let code = code_in(&r).unwrap();
    assert!(
        !all_text(&r).contains("t.me/"),
        "no deep link while the bot's name is unknown (the console): {}",
        all_text(&r)
    );
    let lead = app.person(3);
    let r = lead.say(&format!("/start join-{code}")).await;
    assert!(
        r[0].html.contains("区行政审批局负责人"),
        "says what they are: {}",
        r[0].html
    );
    let u = user(&app, 3).await;
    assert_eq!(u.role, Role::Staff);
    assert_eq!(u.department.as_deref(), Some("shenpi"));
    assert!(u.is_lead);
}

async fn a_supervisor_joins_with_a_code_typed_loosely(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let code = invite(&boss, "supervisor").await;
    let sup = app.person(4);
    let loose = format!("{}-{}", &code[..5], &code[5..]).to_lowercase();
    let r = sup.say(&format!("/join {loose}")).await;
    let what = t(&app, msg::APPOINT_SUPERVISOR, &[]);
    assert_eq!(
        r[0].html,
        t(
            &app,
            msg::JOIN_DONE_SUPERVISOR,
            &[("what", Arg::from(what))]
        )
    );
    let u = user(&app, 4).await;
    assert_eq!(u.role, Role::Supervisor);
    assert_eq!(u.department, None);
    assert!(!u.is_lead);
}

async fn a_code_works_once_and_unknown_looks_the_same(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let code = invite(&boss, "caizheng").await;
    app.person(2).say(&format!("/join {code}")).await;

    let invalid = t(&app, msg::JOIN_INVALID, &[]);
    let r = app.person(5).say(&format!("/join {code}")).await;
    assert_eq!(r[0].html, invalid, "a used code");
    let r = app.person(5).say("/join ABCDEFGHJK").await;
    assert_eq!(r[0].html, invalid, "an unknown code: the same answer");
    let r = app.person(5).say("/start join-").await;
    assert_eq!(r[0].html, t(&app, msg::JOIN_USAGE, &[]));
    let u = user(&app, 5).await;
    assert_eq!(u.role, Role::Complainant, "nothing changed");
    assert_eq!(u.department, None);
    // The first user keeps what the code gave.
    assert_eq!(user(&app, 2).await.role, Role::Staff);
}

async fn a_code_expires_after_24_hours(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let code = invite(&boss, "caizheng").await;
    app.clock.advance(chrono::Duration::hours(25));
    let r = app.person(2).say(&format!("/join {code}")).await;
    assert_eq!(r[0].html, t(&app, msg::JOIN_INVALID, &[]));
    assert_eq!(user(&app, 2).await.role, Role::Complainant);
}

async fn codes_stay_out_of_groups(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let r = boss.say_in(GROUP, "/invite caizheng").await;
    assert_eq!(
        r[0].html,
        t(
            &app,
            msg::ORG_PRIVATE_ONLY,
            &[("command", Arg::from("/invite"))]
        )
    );
    assert!(code_in(&r).is_none());

    let code = invite(&boss, "caizheng").await;
    let clerk = app.person(2);
    let r = clerk.say_in(GROUP, &format!("/join {code}")).await;
    assert_eq!(
        r[0].html,
        t(
            &app,
            msg::ORG_PRIVATE_ONLY,
            &[("command", Arg::from("/join"))]
        )
    );
    assert_eq!(user(&app, 2).await.role, Role::Complainant);
    // The code was not used up in the group.
    clerk.say(&format!("/join {code}")).await;
    assert_eq!(user(&app, 2).await.role, Role::Staff);
}

async fn a_redelivered_join_is_handled_once(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let code = invite(&boss, "caizheng").await;
    let clerk = app.person(2);
    let join = yingshang::service::Input::Command(yingshang::service::Command::Join(code));
    let r = clerk.send_as_update(join.clone(), 77).await;
    assert!(r[0].html.contains("区财政局工作人员"), "{}", r[0].html);
    let again = clerk.send_as_update(join, 77).await;
    assert!(
        again.is_empty(),
        "not answered “invalid” the second time: {}",
        all_text(&again)
    );
}

async fn non_admins_are_refused_and_nothing_changes(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let code = invite(&boss, "caizheng").await;
    let clerk = app.person(2);
    clerk.say(&format!("/join {code}")).await;
    let nobody = app.person(9);
    let refused = t(&app, msg::ORG_ADMINS_ONLY, &[]);

    for who in [&nobody, &clerk] {
        let r = who.say("/invite caizheng lead").await;
        assert_eq!(r[0].html, refused, "invite by {}", who.user_id);
        assert!(code_in(&r).is_none());
        let r = who.say("/invite supervisor").await;
        assert_eq!(r[0].html, refused);
        let r = who.say_in(GROUP, "/bind caizheng").await;
        assert_eq!(r[0].html, refused, "bind by {}", who.user_id);
        let r = who.say("/revoke 2").await;
        assert_eq!(r[0].html, refused, "revoke by {}", who.user_id);
    }
    let r = nobody.say("/staff").await;
    assert_eq!(r[0].html, t(&app, msg::STAFF_LIST_REFUSED, &[]));
    let r = clerk.say("/staff caizheng").await;
    assert_eq!(r[0].html, t(&app, msg::STAFF_LIST_REFUSED, &[]));

    assert_eq!(chat_of(&app, "caizheng").await, None, "not bound");
    let u = user(&app, 2).await;
    assert_eq!(
        (u.role, u.department.as_deref()),
        (Role::Staff, Some("caizheng"))
    );
    // A made-up "admin" argument changes nothing either: rights come from the database.
    let r = nobody.say("/invite caizheng lead admin").await;
    assert_eq!(r[0].html, refused);

    // An admin posting anonymously in a group is not a person to hold accountable.
    let r = boss.say_anonymously_in(GROUP, "/bind caizheng").await;
    assert_eq!(r[0].html, t(&app, msg::REFUSE_ANONYMOUS_ADMIN, &[]));
    assert_eq!(chat_of(&app, "caizheng").await, None);
}

async fn bind_in_a_group(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;

    let r = boss.say_in(GROUP, "/bind caizheng").await;
    assert_eq!(
        r[0].html,
        t(
            &app,
            msg::BIND_DONE,
            &[
                ("kind", Arg::from("department")),
                ("department", Arg::from("区财政局"))
            ]
        )
    );
    assert_eq!(chat_of(&app, "caizheng").await, Some(GROUP));

    let r = boss.say_in(SUPERVISORS_GROUP, "/bind supervisors").await;
    assert!(r[0].html.contains("督办群"), "{}", r[0].html);
    assert_eq!(chat_of(&app, "yingshang").await, Some(SUPERVISORS_GROUP));
    let r = boss.say_in(LEADERSHIP_GROUP, "/bind Leadership").await;
    assert!(r[0].html.contains("领导群"), "{}", r[0].html);
    assert_eq!(chat_of(&app, "leadership").await, Some(LEADERSHIP_GROUP));

    // One chat serves one department: binding it elsewhere moves it, and says so.
    let r = boss.say_in(GROUP, "/bind shenpi").await;
    assert!(
        r[0].html.contains("本群不再接收区财政局的投诉"),
        "{}",
        r[0].html
    );
    assert_eq!(chat_of(&app, "shenpi").await, Some(GROUP));
    assert_eq!(chat_of(&app, "caizheng").await, None);
    // A department bound to a new chat leaves the old one, and says which it was.
    app.svc
        .bot_membership(OTHER_GROUP, "审批二群", BotStatus::Member, 9)
        .await
        .unwrap();
    let r = boss.say_in(OTHER_GROUP, "/bind shenpi").await;
    assert!(r[0].html.contains(&GROUP.to_string()), "{}", r[0].html);
    assert_eq!(chat_of(&app, "shenpi").await, Some(OTHER_GROUP));

    // A group that becomes a supergroup keeps its binding and its record under the new id.
    const SUPERGROUP: i64 = -100_999;
    app.svc
        .chat_migrated(OTHER_GROUP, SUPERGROUP)
        .await
        .unwrap();
    assert_eq!(chat_of(&app, "shenpi").await, Some(SUPERGROUP));
    let chats = app.svc.db.bot_chats().await.unwrap();
    assert_eq!(
        chats
            .iter()
            .map(|c| (c.chat_id, c.title.as_str()))
            .collect::<Vec<_>>(),
        vec![(SUPERGROUP, "审批二群")]
    );

    // Unknown or missing department: how to use it, with the codes.
    for arg in ["/bind nowhere", "/bind"] {
        let r = boss.say_in(GROUP, arg).await;
        assert!(
            r[0].html.contains("caizheng") && r[0].html.contains("/bind supervisors"),
            "{}",
            r[0].html
        );
    }
    // In a private chat it is explained, and nothing is bound.
    let r = boss.say("/bind caizheng").await;
    assert_eq!(r[0].html, t(&app, msg::BIND_IN_GROUP, &[]));
    assert_eq!(chat_of(&app, "caizheng").await, None);
}

async fn the_staff_list(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    for (arg, id) in [
        ("caizheng", 2),
        ("caizheng lead", 3),
        ("shenpi", 4),
        ("supervisor", 5),
    ] {
        let code = invite(&boss, arg).await;
        app.person(id).say(&format!("/join {code}")).await;
    }
    app.person(6).say("你好").await; // a complainant: not listed

    let r = boss.say("/staff").await;
    let html = all_text(&r);
    for needle in [
        "<b>督办人员</b>\n• user 5 · <code>5</code>",
        "<b>区财政局</b>（caizheng）\n• user 3 · <code>3</code> · 负责人\n• user 2 · <code>2</code>",
        "<b>区行政审批局</b>（shenpi）\n• user 4 · <code>4</code>",
        "<b>管理员</b>\n• user 1 · <code>1</code> · 管理员",
    ] {
        assert!(html.contains(needle), "{needle:?} in {html}");
    }
    assert!(!html.contains("user 6"), "{html}");

    // One department; supervisors may look too.
    let r = app.person(5).say("/staff caizheng").await;
    let html = all_text(&r);
    assert!(
        html.contains("user 2") && html.contains("user 3") && !html.contains("user 4"),
        "{html}"
    );
    let r = app.person(5).say("/staff weijian").await;
    assert!(
        all_text(&r).contains(&t(&app, msg::STAFF_LIST_NOBODY, &[])),
        "{}",
        all_text(&r)
    );
    let r = boss.say("/staff nowhere").await;
    assert!(all_text(&r).contains("caizheng"), "{}", all_text(&r));
}

async fn revoke_makes_a_complainant(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    let code = invite(&boss, "caizheng lead").await;
    let clerk = app.person(2);
    clerk.say(&format!("/join {code}")).await;

    // A complaint assigned to the clerk keeps its assignee.
    let tracking = app
        .person(50)
        .file(
            "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱，催了十几次也没结果",
        )
        .await;
    let row = app.complaint(&tracking).await;
    assert_eq!(row.handler.as_deref(), Some("caizheng"));
    let who = user(&app, 2).await.principal();
    app.svc
        .act(&who, row.id, Action::Assign { user_id: 2 }, None)
        .await
        .unwrap()
        .expect("the clerk takes it");

    let r = boss.say("/revoke 2").await;
    let what = t(
        &app,
        msg::APPOINT_LEAD,
        &[("department", Arg::from("区财政局"))],
    );
    assert_eq!(
        r[0].html,
        t(
            &app,
            msg::REVOKE_DONE,
            &[
                ("name", Arg::from("user 2")),
                ("id", Arg::from("2")),
                ("what", Arg::from(what))
            ]
        )
    );
    let u = user(&app, 2).await;
    assert_eq!(u.role, Role::Complainant);
    assert_eq!(u.department, None);
    assert!(!u.is_lead);
    assert_eq!(
        app.complaint(&tracking).await.assignee,
        Some(2),
        "complaints are not touched"
    );
    let r = clerk.say("/queue").await;
    assert_eq!(r[0].html, t(&app, msg::STAFF_ONLY, &[]));

    let r = boss.say("/revoke 2").await;
    assert_eq!(
        r[0].html,
        t(
            &app,
            msg::REVOKE_NO_ROLE,
            &[("name", Arg::from("user 2")), ("id", Arg::from("2"))]
        )
    );
    let r = boss.say("/revoke 999").await;
    assert_eq!(
        r[0].html,
        t(&app, msg::REVOKE_UNKNOWN, &[("id", Arg::from("999"))])
    );
    let r = boss.say("/revoke someone").await;
    assert_eq!(r[0].html, t(&app, msg::REVOKE_USAGE, &[]));
    // An admin stays an admin when their role goes.
    assert!(user(&app, 1).await.is_admin);
}

async fn the_supervisors_hear_when_the_bot_leaves_a_department_group(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    let boss = admin(&app, 1).await;
    boss.say_in(GROUP, "/bind caizheng").await;
    boss.say_in(SUPERVISORS_GROUP, "/bind supervisors").await;
    app.person(7).say("你好").await; // who removes the bot

    let svc = &app.svc;
    svc.bot_membership(GROUP, "财政局<工作群>", BotStatus::Kicked, 7)
        .await
        .unwrap();
    // The same report again (a second instance, a redelivery) says nothing more.
    svc.bot_membership(GROUP, "财政局<工作群>", BotStatus::Kicked, 7)
        .await
        .unwrap();
    let notices: Vec<_> = queued(&app)
        .await
        .into_iter()
        .filter(|n| n.chat_id == SUPERVISORS_GROUP)
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let text = &notices[0].text;
    assert!(
        text.contains("财政局&lt;工作群&gt;")
            && text.contains("区财政局")
            && text.contains("user 7")
            && text.contains(&GROUP.to_string()),
        "{text}"
    );
    assert_eq!(chat_of(&app, "caizheng").await, Some(GROUP), "binding kept");
    let chats = svc.db.bot_chats().await.unwrap();
    assert_eq!(chats.len(), 1);
    assert_eq!(chats[0].status, BotStatus::Kicked);

    // Back in the group: it is told it still serves the department.
    svc.bot_membership(GROUP, "财政局工作群", BotStatus::Member, 7)
        .await
        .unwrap();
    let back: Vec<_> = queued(&app)
        .await
        .into_iter()
        .filter(|n| n.chat_id == GROUP)
        .collect();
    assert_eq!(back.len(), 1, "{back:?}");
    assert!(back[0].text.contains("区财政局"), "{}", back[0].text);

    // Leaving a group bound to nothing tells nobody.
    let before = queued(&app).await.len();
    svc.bot_membership(OTHER_GROUP, "闲聊群", BotStatus::Left, 7)
        .await
        .unwrap();
    assert_eq!(queued(&app).await.len(), before);

    // When the supervisors' own group is left, the leadership hears of it.
    boss.say_in(LEADERSHIP_GROUP, "/bind leadership").await;
    svc.bot_membership(SUPERVISORS_GROUP, "督办群", BotStatus::Left, 7)
        .await
        .unwrap();
    let to_leaders: Vec<_> = queued(&app)
        .await
        .into_iter()
        .filter(|n| n.chat_id == LEADERSHIP_GROUP)
        .collect();
    assert_eq!(to_leaders.len(), 1, "{to_leaders:?}");
    assert!(to_leaders[0].text.contains("督办群"));
}

async fn an_admin_adding_the_bot_is_told_how_to_bind(e: Engine) {
    let Some(app) = common::app(e).await else {
        return;
    };
    admin(&app, 1).await;
    app.person(8).say("你好").await;
    let svc = &app.svc;

    svc.bot_membership(GROUP, "新群", BotStatus::Member, 1)
        .await
        .unwrap();
    // Made administrator of the same group: no second hint.
    svc.bot_membership(GROUP, "新群", BotStatus::Administrator, 1)
        .await
        .unwrap();
    let hints: Vec<_> = queued(&app)
        .await
        .into_iter()
        .filter(|n| n.chat_id == GROUP)
        .collect();
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(
        hints[0].text.contains("/bind") && hints[0].text.contains("caizheng"),
        "{}",
        hints[0].text
    );
    let chats = svc.db.bot_chats().await.unwrap();
    assert_eq!(
        (chats[0].chat_id, chats[0].title.as_str(), chats[0].status),
        (GROUP, "新群", BotStatus::Administrator)
    );

    // Added by someone who is not an admin: recorded, and silent.
    svc.bot_membership(OTHER_GROUP, "别的群", BotStatus::Member, 8)
        .await
        .unwrap();
    assert!(queued(&app).await.iter().all(|n| n.chat_id != OTHER_GROUP));
    assert_eq!(svc.db.bot_chats().await.unwrap().len(), 2);

    // A private chat is no group: a person blocking the bot marks them unreachable.
    svc.bot_membership(8, "", BotStatus::Kicked, 8)
        .await
        .unwrap();
    assert!(user(&app, 8).await.unreachable);
    assert_eq!(svc.db.bot_chats().await.unwrap().len(), 2);
}

on_both_engines!(
    invite_and_join_as_staff,
    the_deep_link_makes_a_lead,
    a_supervisor_joins_with_a_code_typed_loosely,
    a_code_works_once_and_unknown_looks_the_same,
    a_code_expires_after_24_hours,
    codes_stay_out_of_groups,
    a_redelivered_join_is_handled_once,
    non_admins_are_refused_and_nothing_changes,
    bind_in_a_group,
    the_staff_list,
    revoke_makes_a_complainant,
    the_supervisors_hear_when_the_bot_leaves_a_department_group,
    an_admin_adding_the_bot_is_told_how_to_bind,
);

/// `yingshang admin grant` works on a fresh directory, before the bot ever ran; the admin it
/// makes can invite at once.
#[tokio::test]
async fn admin_grant_and_revoke_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let yingshang = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_yingshang"));
        cmd.current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("YINGSHANG_RULES")
            .env_remove("YINGSHANG_ADMINS")
            .env("RUST_LOG", "off");
        cmd
    };
    let run = |cmd: &mut std::process::Command| {
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(
        run(yingshang().args(["admin", "list"])),
        "no admins yet: yingshang admin grant TELEGRAM-ID\n"
    );
    assert_eq!(
        run(yingshang().args(["admin", "grant", "4242"])),
        "4242 is an admin now\n"
    );
    assert_eq!(
        run(yingshang().args(["admin", "grant", "4242"])),
        "4242 was an admin already\n"
    );
    assert!(run(yingshang().args(["admin", "list"])).starts_with("4242 "));

    // The bot, started later on the same database, knows them as an admin.
    let url = format!("sqlite://{}", dir.path().join("yingshang.db").display());
    let clock = std::sync::Arc::new(yingshang::clock::FixedClock::at(common::START));
    let svc = common::service_on(yingshang::storage::Db::connect(&url).await.unwrap(), clock).await;
    let boss = Person {
        svc: svc.clone(),
        user_id: 4242,
        language_code: Some("en".into()),
    };
    let r = boss.say("/invite caizheng").await;
    assert!(code_in(&r).is_some(), "{}", all_text(&r));
    svc.db.close().await;

    assert_eq!(
        run(yingshang().args(["admin", "revoke", "4242"])),
        "4242 is no longer an admin\n"
    );
    assert_eq!(
        run(yingshang().args(["admin", "revoke", "4242"])),
        "4242 was not an admin\n"
    );
    // An id the configuration lists comes back at every start: the operator is told.
    let out = run(yingshang()
        .env("YINGSHANG_ADMINS", "4242")
        .args(["admin", "revoke", "4242"]));
    assert!(
        out.starts_with("4242 is no longer an admin\nnote: the configured admins"),
        "{out}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yingshang"))
        .current_dir(dir.path())
        .args(["admin", "grant", "nobody"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
