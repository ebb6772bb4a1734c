//! `yingshang calendar` as an operator runs it — show a month, compute a due moment, load a
//! year's notice — on the database of the working directory; and stored notices on both
//! engines.

use std::process::Command;

use yingshang::domain::calendar::Notice;
use yingshang::service::calendar::{effective, store_notice};
use yingshang::storage::Db;

fn yingshang(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yingshang"));
    cmd.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("YINGSHANG_RULES")
        .env_remove("YINGSHANG_ADMINS")
        .env("USER", "tester")
        .env("RUST_LOG", "off");
    cmd
}

/// Runs a command that must succeed; returns its stdout.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    stdout
}

/// Runs a command that must fail; returns its stderr, which must be one line.
fn fails(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "should fail: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

fn due(dir: &std::path::Path, from: &str, days: &str) -> String {
    ok(yingshang(dir).args(["calendar", "due", "--from", from, "--days", days]))
}

/// A 2027 notice made up for these tests (the real one is not published yet): 29 holidays,
/// 6 make-up working days.
const NOTICE_2027: &str = r#"{
    "year": 2027,
    "papers": ["https://www.gov.cn/test-2027"],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-03", "isOffDay": true},
        {"name": "春节", "date": "2027-01-31", "isOffDay": false},
        {"name": "春节", "date": "2027-02-05", "isOffDay": true},
        {"name": "春节", "date": "2027-02-06", "isOffDay": true},
        {"name": "春节", "date": "2027-02-07", "isOffDay": true},
        {"name": "春节", "date": "2027-02-08", "isOffDay": true},
        {"name": "春节", "date": "2027-02-09", "isOffDay": true},
        {"name": "春节", "date": "2027-02-10", "isOffDay": true},
        {"name": "春节", "date": "2027-02-11", "isOffDay": true},
        {"name": "春节", "date": "2027-02-12", "isOffDay": true},
        {"name": "春节", "date": "2027-02-13", "isOffDay": true},
        {"name": "春节", "date": "2027-02-20", "isOffDay": false},
        {"name": "清明节", "date": "2027-04-03", "isOffDay": true},
        {"name": "清明节", "date": "2027-04-04", "isOffDay": true},
        {"name": "清明节", "date": "2027-04-05", "isOffDay": true},
        {"name": "劳动节", "date": "2027-04-25", "isOffDay": false},
        {"name": "劳动节", "date": "2027-05-01", "isOffDay": true},
        {"name": "劳动节", "date": "2027-05-02", "isOffDay": true},
        {"name": "劳动节", "date": "2027-05-03", "isOffDay": true},
        {"name": "劳动节", "date": "2027-05-04", "isOffDay": true},
        {"name": "劳动节", "date": "2027-05-05", "isOffDay": true},
        {"name": "劳动节", "date": "2027-05-08", "isOffDay": false},
        {"name": "端午节", "date": "2027-06-09", "isOffDay": true},
        {"name": "中秋节", "date": "2027-09-15", "isOffDay": true},
        {"name": "国庆节", "date": "2027-09-26", "isOffDay": false},
        {"name": "国庆节", "date": "2027-10-01", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-02", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-03", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-04", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-05", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-06", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-07", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-09", "isOffDay": false}
    ]
}"#;

#[test]
fn due_prints_the_moment_a_limit_ends() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The issue's example: day 0 is Friday 13 February 2026, then the make-up Saturday, the
    // Spring Festival holiday, 24–28 February (28th a make-up Saturday) and 2 March.
    assert_eq!(
        due(d, "2026-02-13T10:00:00+08:00", "7"),
        "2026-03-02 17:30\n"
    );
    // A time without offset is read in Shanghai; a UTC one is converted.
    assert_eq!(due(d, "2026-02-13T10:00", "7"), "2026-03-02 17:30\n");
    assert_eq!(due(d, "2026-02-13T02:00:00Z", "7"), "2026-03-02 17:30\n");
    // Dispatched at 23:00 on the Friday before the 2024 Spring Festival: counting starts on
    // the next working day, Sunday 18 February (a make-up day), which is day 0.
    assert_eq!(
        due(d, "2024-02-09T23:00:00+08:00", "1"),
        "2024-02-19 17:30\n"
    );
    assert_eq!(
        due(d, "2024-02-09T10:00:00+08:00", "1"),
        "2024-02-18 17:30\n"
    );
    // National Day 2025, merged with Mid-Autumn (1–8 October), and its make-up Saturday.
    assert_eq!(
        due(d, "2025-09-30T10:00:00+08:00", "3"),
        "2025-10-11 17:30\n"
    );
}

#[test]
fn show_prints_a_month_with_its_holidays_and_make_up_days() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(yingshang(dir.path()).args(["calendar", "show", "2026-02"]));
    assert_eq!(
        out,
        [
            "2026-02 on the 2026 notice (https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm)",
            " Mo  Tu  We  Th  Fr  Sa  Su",
            "                          1.",
            "  2   3   4   5   6   7.  8.",
            "  9  10  11  12  13  14+ 15*",
            " 16* 17* 18* 19* 20* 21* 22*",
            " 23* 24  25  26  27  28+",
            "16 working days (+ make-up working day, * holiday, . weekend)",
            "holidays: 15–23 春节",
            "make-up working days: 14 Sat 春节, 28 Sat 春节",
            "",
        ]
        .join("\n")
    );
    let out = ok(yingshang(dir.path()).args(["calendar", "show", "2025-10"]));
    assert!(out.contains("holidays: 1–8 国庆节、中秋节\n"), "{out}");
    assert!(
        out.contains("make-up working days: 11 Sat 国庆节、中秋节\n"),
        "{out}"
    );
    // December 2026: the last week waits for the 2027 notice.
    let out = ok(yingshang(dir.path()).args(["calendar", "show", "2026-12"]));
    assert!(
        out.contains(
            "\n25–31 provisional: no 2027 notice yet, which may move days around New Year's Day\n"
        ),
        "{out}"
    );
}

#[test]
fn a_loaded_2027_notice_replaces_the_provisional_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // No notice: the statutory holidays, 1–3 October and 补假 for the weekend on 4–5 October.
    assert_eq!(
        due(d, "2027-09-28T10:00:00+08:00", "5"),
        "2027-10-08 17:30 (provisional: no notice for 2027 yet — 暂按法定节假日计算)\n"
    );
    let out = ok(yingshang(d).args(["calendar", "show", "2027-10"]));
    assert_eq!(
        out,
        [
            "2027-10 provisional: no 2027 notice yet, statutory holidays only (暂按法定节假日计算)",
            " Mo  Tu  We  Th  Fr  Sa  Su",
            "                  1*  2*  3*",
            "  4*  5*  6   7   8   9. 10.",
            " 11  12  13  14  15  16. 17.",
            " 18  19  20  21  22  23. 24.",
            " 25  26  27  28  29  30. 31.",
            "18 working days (+ make-up working day, * holiday, . weekend)",
            "holidays: 1–3 国庆节, 4–5 国庆节（补假）",
            "",
        ]
        .join("\n")
    );

    std::fs::write(d.join("2027.json"), NOTICE_2027).unwrap();
    let out = ok(yingshang(d).args(["calendar", "load", "2027.json"]));
    assert_eq!(
        out,
        "stored the 2027 notice: 35 days (29 holidays, 6 make-up working days)\n"
    );
    // 29, 30 September; 1–7 October off; 8 October, the make-up Saturday 9th, Monday 11th.
    assert_eq!(
        due(d, "2027-09-28T10:00:00+08:00", "5"),
        "2027-10-11 17:30\n"
    );
    let out = ok(yingshang(d).args(["calendar", "show", "2027-10"]));
    assert!(
        out.starts_with("2027-10 on the 2027 notice (https://www.gov.cn/test-2027)\n"),
        "{out}"
    );
    assert!(
        out.contains("make-up working days: 9 Sat 国庆节\n"),
        "{out}"
    );

    // Loaded again, it says what it replaces.
    let out = ok(yingshang(d).args(["calendar", "load", "2027.json"]));
    let replaced = regex::Regex::new(
        r"^stored the 2027 notice: 35 days \(29 holidays, 6 make-up working days\); it replaces the one loaded \d{4}-\d\d-\d\d \d\d:\d\d by cli \(tester\)\n$",
    )
    .unwrap();
    assert!(replaced.is_match(&out), "{out}");
    // An embedded year may be replaced too.
    std::fs::write(
        d.join("2026.json"),
        include_str!("../config/holidays/2026.json"),
    )
    .unwrap();
    let out = ok(yingshang(d).args(["calendar", "load", "2026.json"]));
    assert_eq!(
        out,
        "stored the 2026 notice: 39 days (33 holidays, 6 make-up working days); it replaces \
         the embedded one\n"
    );
}

#[test]
fn bad_input_is_refused_in_one_line_before_the_database_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let load = |file: &str| fails(yingshang(d).args(["calendar", "load", file]));
    assert_eq!(
        load("nope.json"),
        "error: cannot read nope.json: no such file\n"
    );
    // holiday-cn's file for a year whose notice is not out yet.
    std::fs::write(
        d.join("empty.json"),
        r#"{"year": 2027, "papers": [], "days": []}"#,
    )
    .unwrap();
    assert_eq!(
        load("empty.json"),
        "error: empty.json: the 2027 notice lists no days: it is not published yet, or the \
         file is not the notice\n"
    );
    let day = |date: &str| format!(r#"{{"name": "春节", "date": "{date}", "isOffDay": true}}"#);
    std::fs::write(
        d.join("year.json"),
        format!(
            r#"{{"year": 2027, "days": [{}, {}]}}"#,
            day("2027-02-06"),
            day("2028-02-06")
        ),
    )
    .unwrap();
    assert_eq!(
        load("year.json"),
        "error: year.json: day 2: 2028-02-06 is not in 2027 (only the December before may be \
         listed, for New Year's Day)\n"
    );
    std::fs::write(
        d.join("twice.json"),
        format!(
            r#"{{"year": 2027, "days": [{}, {}]}}"#,
            day("2027-02-06"),
            day("2027-02-06")
        ),
    )
    .unwrap();
    assert_eq!(
        load("twice.json"),
        "error: twice.json: 2027-02-06 is listed twice\n"
    );
    std::fs::write(
        d.join("date.json"),
        format!(r#"{{"year": 2027, "days": [{}]}}"#, day("2027-02-30")),
    )
    .unwrap();
    assert_eq!(
        load("date.json"),
        "error: date.json: day 1: \"2027-02-30\" is not a date (YYYY-MM-DD)\n"
    );
    std::fs::write(d.join("broken.json"), "{\"year\": 2027,").unwrap();
    assert_eq!(
        load("broken.json"),
        "error: broken.json: not valid JSON (EOF while parsing a value at line 1 column 14)\n"
    );
    assert_eq!(
        fails(yingshang(d).args(["calendar", "show", "2026-13"])),
        "error: \"2026-13\" is not a month: use YYYY-MM, e.g. 2026-02\n"
    );
    assert_eq!(
        fails(yingshang(d).args(["calendar", "due", "--from", "tomorrow", "--days", "1"])),
        "error: --from \"tomorrow\" is not a moment: use RFC 3339, e.g. \
         2026-02-13T10:00:00+08:00\n"
    );
    assert_eq!(
        fails(yingshang(d).args(["calendar", "due", "--days", "5000"])),
        "error: --days 5000 is more than 1000 working days\n"
    );
    assert!(
        !d.join("yingshang.db").exists(),
        "refused input opens no database"
    );
}

/// Stored notices, read back by the code the time limits use, on SQLite and (when
/// `TEST_DATABASE_URL` is set) PostgreSQL.
#[tokio::test]
async fn notices_are_stored_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut dbs = vec![Db::connect(&sqlite).await.unwrap()];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let schema = format!(
                "t_calendar_{}_{}",
                std::process::id(),
                nanos % 1_000_000_000
            );
            dbs.push(Db::connect_postgres_schema(&url, &schema).await.unwrap());
        }
        _ => {
            assert!(
                std::env::var("YINGSHANG_REQUIRE_PG").is_err(),
                "YINGSHANG_REQUIRE_PG is set but TEST_DATABASE_URL is not"
            );
            eprintln!("TEST_DATABASE_URL is not set: PostgreSQL test skipped");
        }
    }
    let notice = Notice::parse(NOTICE_2027).unwrap();
    for db in dbs {
        let engine = db.engine();
        assert!(db.calendar_notices().await.unwrap().is_empty(), "{engine}");
        assert!(
            effective(&db).await.unwrap().is_provisional(2027),
            "{engine}"
        );
        store_notice(&db, &notice, NOTICE_2027, 1, "first")
            .await
            .unwrap();
        let before = store_notice(&db, &notice, NOTICE_2027, 2, "second")
            .await
            .unwrap()
            .expect("the first is replaced");
        assert_eq!(
            (before.loaded_at, before.loaded_by.as_str()),
            (1, "first"),
            "{engine}"
        );
        let rows = db.calendar_notices().await.unwrap();
        assert_eq!(rows.len(), 1, "{engine}");
        assert_eq!((rows[0].year, rows[0].loaded_at), (2027, 2), "{engine}");
        assert_eq!(rows[0].notice, NOTICE_2027, "{engine}");
        let cal = effective(&db).await.unwrap();
        assert!(!cal.is_provisional(2027), "{engine}");
        let from = chrono::DateTime::parse_from_rfc3339("2027-09-28T10:00:00+08:00")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let due = cal.due(from, 5);
        assert!(!due.provisional, "{engine}");
        assert_eq!(
            due.at.to_rfc3339(),
            "2027-10-11T09:30:00+00:00",
            "{engine}: 17:30 in Shanghai"
        );
        db.close().await;
    }
}
