//! Prints top-1 accuracy over a grid of combination weights for labelled JSON-lines files:
//! `cargo run --release --example tune -- FILE.jsonl [FILE.jsonl ...]`.

use yingshang::classifier::eval::{evaluate, parse_labelled};
use yingshang::classifier::{Classifier, Weights};

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let sets: Vec<_> = files
        .iter()
        .map(|f| parse_labelled(&std::fs::read_to_string(f)?).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<_>>()?;
    for model in [0.0, 0.25, 0.5, 1.0] {
        for rules in [0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5] {
            if model == 0.0 && rules == 0.0 {
                continue;
            }
            let c = Classifier::load(None)?.with_weights(Weights { model, rules });
            let line: Vec<String> = sets
                .iter()
                .map(|s| {
                    let r = evaluate(&c, s);
                    format!(
                        "{:5.1}/{:5.1}",
                        100.0 * r.top1_rate(),
                        100.0 * r.department_rate()
                    )
                })
                .collect();
            println!("model {model:4} rules {rules:4}: {}", line.join("   "));
        }
    }
    Ok(())
}
