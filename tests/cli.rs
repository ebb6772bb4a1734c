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
    let (ok, out, _) = run(yingshang(dir.path()).arg("migrate"));
    assert!(ok && out.contains("sqlite"));
    assert!(
        dir.path().join("yingshang.db").exists(),
        "the embedded database is created"
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
    let (ok, _, err) = run(yingshang(dir.path())
        .env("DATABASE_URL", "mysql://x")
        .arg("migrate"));
    assert!(!ok);
    assert!(err.starts_with("error: unsupported DATABASE_URL"), "{err}");
    let (ok, _, err) = run(yingshang(dir.path()).env("TELOXIDE_TOKEN", "").arg("run"));
    assert!(!ok && err.contains("TELOXIDE_TOKEN"), "{err}");
}
