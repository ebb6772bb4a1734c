//! The classifier from outside: the accuracy floor on the project's own labelled examples, and
//! the `yingshang classify` contract of DESIGN.md ("Interfaces others rely on").

use std::io::Write;
use std::process::{Command, Stdio};

use yingshang::classifier::eval::{evaluate, parse_labelled};
use yingshang::classifier::Classifier;

const EVAL_SET: &str = include_str!("data/classifier-eval.jsonl");

/// The floor under the measured figures (see the closing notes for where they stand); a change
/// that drops below it has made the classifier worse.
#[test]
fn accuracy_floor_on_the_projects_labelled_examples() {
    let lines = parse_labelled(EVAL_SET).expect("the eval set parses");
    assert!(lines.len() >= 200, "the eval set is complete");
    let report = evaluate(&Classifier::load(None).unwrap(), &lines);
    println!("{report}");
    assert!(
        report.top1_rate() >= 0.93,
        "top-1 {:.3}",
        report.top1_rate()
    );
    assert!(
        report.top2_rate() >= 0.97,
        "top-2 {:.3}",
        report.top2_rate()
    );
    assert!(
        report.department_rate() >= 0.95,
        "department {:.3}",
        report.department_rate()
    );
    assert!(
        report.conflict_precision() >= 0.90,
        "conflict precision {:.3}",
        report.conflict_precision()
    );
    assert!(
        report.conflict_recall() >= 0.85,
        "conflict recall {:.3}",
        report.conflict_recall()
    );
}

fn yingshang() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yingshang"));
    cmd.env_remove("YINGSHANG_RULES").env("RUST_LOG", "off");
    cmd
}

#[test]
fn classify_reads_json_lines_and_answers_each_in_order() {
    let mut child = yingshang()
        .arg("classify")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "{\"id\": \"a\", \"text\": \"区里欠我们的工程款两年了还没给\"}\n\
             not json\n\
             {\"id\": 7}\n\
             {\"id\": \"b\", \"text\": \"你好\"}\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one line out per line in");

    let a = &lines[0];
    assert_eq!(a["id"], "a");
    assert_eq!(a["category"], "credit");
    assert_eq!(a["department"], "caizheng");
    assert_eq!(a["handler"], "caizheng");
    assert_eq!(a["conflict_of_interest"], false);
    let conf = a["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&conf));
    let candidates = a["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 8, "every category and none");
    assert_eq!(candidates[0]["category"], "credit");
    assert!(candidates
        .windows(2)
        .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
    assert!(!a["matched"].as_array().unwrap().is_empty());

    assert_eq!(lines[1]["id"], serde_json::Value::Null);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["id"], 7);
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["category"], "none");
    assert_eq!(lines[3]["department"], serde_json::Value::Null);
    assert_eq!(lines[3]["handler"], serde_json::Value::Null);
}

#[test]
fn classify_one_text_and_eval_report() {
    let out = yingshang()
        .args(["classify", "财政局的人说结算款要先给他3%好处费"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], serde_json::Value::Null);
    assert_eq!(v["conflict_of_interest"], true);
    assert_eq!(v["department"], "caizheng");
    assert_eq!(v["handler"], "yingshang");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("set.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"x\",\"text\":\"审批超期三个月了\",\"category\":\"approval\",\"department\":\"shenpi\"}\n\
         {\"id\":\"y\",\"text\":\"你好\",\"category\":\"credit\",\"department\":\"caizheng\"}\n",
    )
    .unwrap();
    let out = yingshang()
        .arg("classify")
        .arg("--eval")
        .arg(&file)
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("top-1 category: 50.0% (1/2)"), "{report}");
    assert!(
        report.contains("misses (1)") && report.contains("y "),
        "{report}"
    );

    let out = yingshang()
        .args(["classify", "--eval", "/nonexistent.jsonl"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nonexistent"));
}
