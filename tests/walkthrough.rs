//! The README's walk-through, as a newcomer runs it from a fresh directory with no
//! configuration: an admin invites a clerk, a complainant files, the clerk accepts and answers
//! from the console, the complainant sees the answer and rates it.

use std::io::Write;
use std::process::{Command, Stdio};

fn yingshang(dir: &std::path::Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yingshang"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("YINGSHANG_ADMINS")
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn three_roles_in_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(
        yingshang(d, &["admin", "grant", "1"], ""),
        "1 is an admin now\n"
    );

    let admin = yingshang(d, &["console", "--user", "1"], "/invite caizheng\n");
    let code = admin
        .lines()
        .find_map(|l| l.strip_prefix("请只交给本人；对方在与我的私聊中发送：/join "))
        .unwrap_or_else(|| panic!("an invite code: {admin}"))
        .trim()
        .to_owned();

    let clerk = yingshang(d, &["console", "--user", "2"], &format!("/join {code}\n"));
    assert!(
        clerk.contains("✅ 欢迎！您现在是区财政局工作人员。"),
        "{clerk}"
    );

    let filed = yingshang(
        d,
        &["console", "--user", "3"],
        "我们给区政府做的道路工程，工程款拖欠了两年多，财政那边一直说没钱\n对\n匿名\n提交\n",
    );
    let tracking = filed
        .lines()
        .find_map(|l| l.strip_prefix("编号："))
        .unwrap_or_else(|| panic!("a tracking number: {filed}"))
        .to_owned();

    // The clerk: the queue, the card, accept; the card again, answer by the prompt.
    let work = yingshang(
        d,
        &["console", "--user", "2"],
        "/queue\n1\n1\n/queue\n1\n1\n款项已于本周拨付，请查收。\n",
    );
    assert!(work.contains(&format!("✅ {tracking}：签收")), "{work}");
    assert!(work.contains(&format!("✅ {tracking}：答复")), "{work}");

    // The complainant sees both notices when the console opens, and rates.
    let rated = yingshang(
        d,
        &["console", "--user", "3"],
        &format!("1\n/status {tracking}\n"),
    );
    assert!(
        rated.contains(&format!(
            "【区财政局】已签收您的投诉 {tracking}，正在办理。"
        )),
        "{rated}"
    );
    assert!(
        rated.contains(&format!(
            "【区财政局】答复您的投诉 {tracking}：\n款项已于本周拨付，请查收。"
        )),
        "{rated}"
    );
    assert!(
        rated.contains(&format!("谢谢您的评价！投诉 {tracking} 已办结。")),
        "{rated}"
    );
    assert!(rated.contains("— 您评价：满意"), "{rated}");
}
