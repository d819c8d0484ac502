//! The main job: evaluate participants' inputs against plans and print every
//! statement.
//!
//! ```text
//! cargo run --release --example statements
//!     # the shipped plans × the sample inputs: 2026-Q1 (typed actuals) and
//!     # 2026-Q2 (bookings credited from transactions, with the credit trail)
//! cargo run --release --example statements -- PLANS INPUTS
//!     # a plan file or folder, an inputs file
//! cargo run --release --example statements -- PLANS INPUTS TRANSACTIONS FROM TO
//!     # ... whose credited metrics come from the transactions dated FROM to TO
//! cargo run --release --example statements -- --json ...
//! ```
//!
//! Exit status 0 when every statement was computed, 1 on any error (printed
//! with the file, line, participant, component and field at fault), 2 on bad
//! usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incentive::{CreditData, Credits, Date, Inputs, Plan, PlanSet, Statement};

fn usage() -> ExitCode {
    eprintln!("usage: statements [--json] [PLANS INPUTS [TRANSACTIONS FROM TO]]");
    ExitCode::from(2)
}

/// One batch: inputs, and the transactions and dates their credits come from.
struct Batch {
    inputs: PathBuf,
    credits: Option<(PathBuf, Date, Date)>,
}

fn plans(path: &Path) -> Result<PlanSet, incentive::Error> {
    if path.is_dir() {
        PlanSet::load_dir(path)
    } else {
        let mut set = PlanSet::new();
        set.insert(Plan::load(path)?)?;
        Ok(set)
    }
}

fn statements(set: &PlanSet, batch: &Batch) -> Result<Vec<Statement>, incentive::Error> {
    let inputs = Inputs::load_list(&batch.inputs)?;
    match &batch.credits {
        None => set.evaluate_all(&inputs),
        Some((file, from, to)) => {
            let data = CreditData::load(file)?;
            let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
            Credits::build(&data, people, *from, *to)?.evaluate_all(set, &inputs)
        }
    }
}

fn run(plans_path: &Path, batches: &[Batch], json: bool) -> Result<(), incentive::Error> {
    let set = plans(plans_path)?;
    let mut all = Vec::new();
    for b in batches {
        all.extend(statements(&set, b)?);
    }
    if json {
        match serde_json::to_string_pretty(&all) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("error: cannot write JSON: {e}"),
        }
        return Ok(());
    }
    for s in &all {
        println!("{s}");
    }
    let mut by_currency = std::collections::BTreeMap::new();
    for s in &all {
        let t = by_currency
            .entry(s.currency.to_string())
            .or_insert(rust_decimal::Decimal::ZERO);
        *t = t.checked_add(s.total()).unwrap_or(*t);
    }
    for (currency, total) in by_currency {
        println!("{} statements, total {total} {currency}", all.len());
    }
    Ok(())
}

fn date(s: &str) -> Option<Date> {
    s.parse().ok()
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    args.retain(|a| a != "--json");
    if args.iter().any(|a| a.starts_with('-')) {
        return usage();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (plans_path, batches) = match args.as_slice() {
        [] => {
            let samples = root.join("plans/samples");
            let q2 = (date("2026-04-01"), date("2026-06-30"));
            let (Some(from), Some(to)) = q2 else {
                return usage();
            };
            (
                root.join("plans"),
                vec![
                    Batch {
                        inputs: samples.join("participants.toml"),
                        credits: None,
                    },
                    Batch {
                        inputs: samples.join("q2-participants.toml"),
                        credits: Some((samples.join("q2-transactions.toml"), from, to)),
                    },
                ],
            )
        }
        [p, i] => (
            PathBuf::from(p),
            vec![Batch {
                inputs: PathBuf::from(i),
                credits: None,
            }],
        ),
        [p, i, t, from, to] => {
            let (Some(from), Some(to)) = (date(from), date(to)) else {
                eprintln!("error: FROM and TO are dates such as 2026-04-01");
                return usage();
            };
            (
                PathBuf::from(p),
                vec![Batch {
                    inputs: PathBuf::from(i),
                    credits: Some((PathBuf::from(t), from, to)),
                }],
            )
        }
        _ => return usage(),
    };
    match run(&plans_path, &batches, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
