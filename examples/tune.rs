//! Tuning aid for the classifier's combination weights, on labelled JSON-lines files:
//! `cargo run --release --example tune -- FILE.jsonl [FILE.jsonl ...]`.
//! Prints top-1 / department accuracy over a grid of weights, then, for the default weights,
//! how well the confidence is calibrated at several temperatures (mean confidence against
//! accuracy, and the mean log-loss of the true label).

use yingshang::classifier::eval::{evaluate, parse_labelled, Labelled};
use yingshang::classifier::{Classifier, Weights, DEFAULT_WEIGHTS};

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let sets: Vec<Vec<Labelled>> = files
        .iter()
        .map(|f| parse_labelled(&std::fs::read_to_string(f)?).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<_>>()?;
    for model in [0.0, 0.25, 0.5, 1.0] {
        for rules in [0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5] {
            if model == 0.0 && rules == 0.0 {
                continue;
            }
            let w = Weights {
                model,
                rules,
                ..DEFAULT_WEIGHTS
            };
            let c = Classifier::load(None)?.with_weights(w);
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
    for temperature in [1.0, 2.0, 4.0, 6.0, 8.0, 12.0, 16.0] {
        let c = Classifier::load(None)?.with_weights(Weights {
            temperature,
            ..DEFAULT_WEIGHTS
        });
        let (mut conf, mut right, mut loss, mut n) = (0.0, 0.0, 0.0, 0.0);
        for line in sets.iter().flatten() {
            let got = c.classify(&line.text);
            conf += got.confidence;
            right += f64::from(u8::from(got.category == line.category));
            let p = got
                .candidates
                .iter()
                .find(|(cat, _)| *cat == line.category)
                .map_or(0.0, |x| x.1);
            loss -= p.max(1e-9).ln();
            n += 1.0;
        }
        println!(
            "temperature {temperature:4}: mean confidence {:.3}, accuracy {:.3}, log-loss {:.3}",
            conf / n,
            right / n,
            loss / n
        );
    }
    Ok(())
}
