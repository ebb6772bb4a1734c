//! The command line as an operator uses it: migrate, bind a department's chat, readable errors.

use std::process::Command;

fn yingshang(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yingshang"));
    cmd.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("YINGSHANG_RULES")
        .env_remove("YINGSHANG_ADMINS")
        .env("RUST_LOG", "off");
    cmd
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn works_with_no_configuration_in_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    // The migrations shipped, as `migrate` names them: "0002 contact and notices".
    let mut shipped: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| {
                n.strip_suffix(".sql")
                    .map(|n| n.replacen('_', " ", 1).replace('_', " "))
            })
            .collect();
    shipped.sort();
    let (ok, out, err) = run(yingshang(dir.path()).arg("migrate"));
    assert!(ok, "{err}");
    assert_eq!(
        out,
        format!(
            "created the database yingshang.db (sqlite) and applied {} migrations: {}\n",
            shipped.len(),
            shipped.join(", ")
        )
    );
    assert!(
        dir.path().join("yingshang.db").exists(),
        "the embedded database is created"
    );
    let (ok, out, _) = run(yingshang(dir.path()).arg("migrate"));
    assert!(ok);
    assert_eq!(
        out,
        format!(
            "database yingshang.db is up to date (sqlite, {} migrations)\n",
            shipped.len()
        )
    );

    let (ok, out, _) =
        run(yingshang(dir.path()).args(["department", "bind", "caizheng", "-1001234"]));
    assert!(ok, "{out}");
    let (_, list, _) = run(yingshang(dir.path()).args(["department", "list"]));
    assert!(
        list.lines()
            .any(|l| l.starts_with("caizheng") && l.contains("-1001234")),
        "{list}"
    );
    assert_eq!(
        list.lines().count(),
        10,
        "the nine default departments and the leadership: {list}"
    );
    assert!(list.lines().any(|l| l.starts_with("leadership")), "{list}");

    let (ok, _, err) = run(yingshang(dir.path()).args(["department", "bind", "nope", "5"]));
    assert!(
        !ok && err.starts_with("error: no department \"nope\""),
        "{err}"
    );
}

#[test]
fn a_console_session_files_a_complaint_from_scripted_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = yingshang(dir.path())
        .args(["console", "--lang", "en", "--user", "42"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "The district promised us a relocation subsidy in 2024 and has not paid it\n1\nStay anonymous\n:photo receipt.jpg\n1\n/my\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[1] ✅ Yes, file it here"),
        "buttons are numbered: {text}"
    );
    assert!(text.contains("Your complaint is filed"), "{text}");
    assert!(text.contains("Files: 1"), "{text}");
    assert!(!text.contains("<b>"), "HTML is turned into plain text");
    let filed = regex::Regex::new(r"YS-\d{8}-0001").unwrap();
    assert!(
        filed.find_iter(&text).count() >= 2,
        "filed and listed by /my: {text}"
    );
}

#[test]
fn errors_are_one_readable_line() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", "mysql://x")
            .arg("migrate"),
    );
    assert_eq!(
        err,
        "error: unsupported DATABASE_URL \"mysql://x\": use sqlite://FILE or postgres://…\n"
    );
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", "mysql://me:secret@db/x")
            .arg("migrate"),
    );
    assert!(!err.contains("secret"), "{err}");
    let (ok, _, err) = run(yingshang(dir.path()).env("TELOXIDE_TOKEN", "").arg("run"));
    assert!(!ok && err.contains("TELOXIDE_TOKEN"), "{err}");
}

/// Runs a command that must fail and returns its stderr, which must be one line.
fn fails(cmd: &mut Command) -> String {
    let (ok, out, err) = run(cmd);
    assert!(!ok, "should fail: {out}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

/// The directory as the child process sees it (its working directory, symlinks resolved).
fn real(dir: &std::path::Path) -> String {
    dir.canonicalize().unwrap().display().to_string()
}

#[test]
fn sqlite_that_cannot_be_created_names_the_directory_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = real(dir.path());
    // A regular file where a directory should be: refused for root as for anyone.
    std::fs::write(dir.path().join("afile"), "").unwrap();
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", format!("sqlite://{d}/afile/yingshang.db"))
            .arg("migrate"),
    );
    assert_eq!(
        err,
        format!(
            "error: cannot create yingshang.db in {d}/afile: not a directory — \
             check the path in DATABASE_URL\n"
        )
    );
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", format!("sqlite://{d}/missing/yingshang.db"))
            .arg("migrate"),
    );
    assert_eq!(
        err,
        format!(
            "error: cannot create yingshang.db in {d}/missing: no such directory — \
             check the path in DATABASE_URL\n"
        )
    );
    // A relative file is under the working directory; the hint says so.
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", "sqlite://afile/sub/yingshang.db")
            .arg("console"),
    );
    assert_eq!(
        err,
        format!(
            "error: cannot create yingshang.db in {d}/afile/sub: {d}/afile is not a directory — \
             run from a writable directory or set DATABASE_URL\n"
        )
    );
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", format!("sqlite://{d}"))
            .arg("migrate"),
    );
    let (parent, name) = d.rsplit_once('/').unwrap();
    let parent = if parent.is_empty() { "/" } else { parent };
    assert_eq!(
        err,
        format!(
            "error: cannot open {name} in {parent}: it is a directory — \
             check the path in DATABASE_URL\n"
        )
    );
}

#[test]
fn sqlite_in_a_read_only_directory_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores the mode (as in CI): then there is nothing to refuse, and the case above
    // (a file in the way) stands in for it.
    if std::fs::write(ro.join("probe"), "").is_ok() {
        eprintln!("skipped: this user can write into a 0555 directory");
        return;
    }
    let d = real(&ro);
    let err = fails(yingshang(&ro).arg("migrate"));
    assert_eq!(
        err,
        format!(
            "error: cannot create yingshang.db in {d}: permission denied — \
             run from a writable directory or set DATABASE_URL\n"
        )
    );
}

#[test]
fn sqlite_url_without_a_file_name_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    for url in ["sqlite://", "sqlite:"] {
        let err = fails(
            yingshang(dir.path())
                .env("DATABASE_URL", url)
                .arg("migrate"),
        );
        assert_eq!(
            err,
            format!(
                "error: DATABASE_URL {url:?} names no file: give one, \
                 e.g. sqlite://yingshang.db\n"
            )
        );
    }
}

#[test]
fn an_unreachable_postgres_is_named_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    // Port 1 on the loopback: nothing listens there, so the connection is refused.
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/test")
            .arg("migrate"),
    );
    assert_eq!(
        err,
        "error: cannot reach PostgreSQL at 127.0.0.1:1: connection refused — \
         check that the server is running and DATABASE_URL\n"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_missing_postgres_database_is_named() {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipped: TEST_DATABASE_URL is not set");
        return;
    };
    // postgres://user@host:port/db → host:port, and a database that does not exist.
    let after_scheme = &url[url.find("://").unwrap() + 3..];
    let authority = after_scheme.split(['/', '?']).next().unwrap();
    let host_port = authority.rsplit('@').next().unwrap();
    let place = if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:5432")
    };
    let base = &url[..url.find("://").unwrap() + 3 + authority.len()];
    let database = format!("yingshang_absent_{}", std::process::id());
    let dir = tempfile::tempdir().unwrap();
    let err = fails(
        yingshang(dir.path())
            .env("DATABASE_URL", format!("{base}/{database}"))
            .arg("migrate"),
    );
    assert_eq!(
        err,
        format!(
            "error: PostgreSQL at {place} has no database \"{database}\" — \
             create it (createdb {database}) or fix DATABASE_URL\n"
        )
    );
}

#[test]
fn a_bad_yingshang_toml_gives_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("yingshang.toml");
    std::fs::write(&toml, "database_url = \"sqlite://a.db\"\ndatabse = 1\n").unwrap();
    let err = fails(yingshang(dir.path()).arg("migrate"));
    assert_eq!(
        err,
        "error: yingshang.toml:2: unknown field `databse`, \
         expected one of `database_url`, `admins`, `rules`\n"
    );
    std::fs::write(&toml, "# admins\n\nadmins = \"42\"\n").unwrap();
    let err = fails(yingshang(dir.path()).args(["classify", "x"]));
    assert_eq!(
        err,
        "error: yingshang.toml:3: invalid type: string \"42\", expected a sequence\n"
    );
    std::fs::write(&toml, "admins = [1, 2\n").unwrap();
    let err = fails(yingshang(dir.path()).arg("migrate"));
    assert_eq!(
        err,
        "error: yingshang.toml:2: invalid array; expected `]`\n"
    );
}

#[test]
fn a_bad_rules_file_gives_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("over.toml"),
        "[categories.credit]\nterms = { \"尾款\" = 2 }\nweight = 3\n",
    )
    .unwrap();
    let err = fails(
        yingshang(dir.path())
            .env("YINGSHANG_RULES", "over.toml")
            .args(["classify", "x"]),
    );
    assert_eq!(
        err,
        "error: over.toml:3: unknown field `weight`, expected `department` or `terms`\n"
    );
    let err = fails(
        yingshang(dir.path())
            .env("YINGSHANG_RULES", "missing.toml")
            .args(["classify", "x"]),
    );
    assert_eq!(err, "error: cannot read missing.toml: no such file\n");
}

#[test]
fn a_bad_eval_file_gives_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"id":1,"text":"工程款拖欠两年","category":"credit","department":"caizheng"}"#;
    std::fs::write(dir.path().join("bad.jsonl"), format!("{good}\n\n{{oops\n")).unwrap();
    std::fs::write(
        dir.path().join("cat.jsonl"),
        format!(
            "{good}\n{}\n",
            r#"{"id":2,"text":"医院乱收费","category":"health"}"#
        ),
    )
    .unwrap();
    let eval = |file: &str| fails(yingshang(dir.path()).args(["classify", "--eval", file]));
    assert_eq!(
        eval("bad.jsonl"),
        "error: bad.jsonl:3: not valid JSON (key must be a string, column 2)\n"
    );
    assert_eq!(
        eval("cat.jsonl"),
        "error: cat.jsonl:2: unknown category \"health\" (the codes are development, credit, \
         enforcement, approval, supervision, intermediary, competition, none)\n"
    );
    assert_eq!(
        eval("nope.jsonl"),
        "error: cannot read nope.jsonl: no such file\n"
    );
}
