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
//! cargo run --release --example statements -- --json ...      # statements as JSON
//! cargo run --release --features csv --example statements -- --payroll ...   # payroll CSV
//! cargo run --release --features csv --example statements -- plans plans/samples/participants.csv
//! ```
//!
//! An inputs file ending in `.csv` is read as CSV (one row per participant
//! and period; see `incentive::csv`), anything else as TOML. CSV and
//! `--payroll` need the `csv` feature.
//!
//! Exit status 0 when every statement was computed, 1 on any error (printed
//! with the file, line, participant, component and field at fault), 2 on bad
//! usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incentive::credit::CreditData;
use incentive::{Credits, Date, Inputs, Plan, PlanSet, Statement};

fn usage() -> ExitCode {
    eprintln!("usage: statements [--json | --payroll] [PLANS INPUTS [TRANSACTIONS FROM TO]]");
    ExitCode::from(2)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Text,
    Json,
    Payroll,
}

/// One batch: inputs, and the transactions and dates their credits come from.
struct Batch {
    inputs: PathBuf,
    credits: Option<(PathBuf, Date, Date)>,
}

#[cfg(feature = "csv")]
fn load_inputs(set: &PlanSet, path: &Path) -> Result<Vec<Inputs>, String> {
    if path.extension().is_some_and(|x| x == "csv") {
        incentive::csv::load_inputs_for(set, path).map_err(|e| e.to_string())
    } else {
        Inputs::load_list(path).map_err(|e| e.to_string())
    }
}

#[cfg(not(feature = "csv"))]
fn load_inputs(_: &PlanSet, path: &Path) -> Result<Vec<Inputs>, String> {
    if path.extension().is_some_and(|x| x == "csv") {
        Err(
            "reading CSV needs the `csv` feature: cargo run --features csv --example statements"
                .into(),
        )
    } else {
        Inputs::load_list(path).map_err(|e| e.to_string())
    }
}

#[cfg(feature = "csv")]
fn payroll(statements: &[Statement]) -> Result<String, String> {
    incentive::csv::write_payroll(statements).map_err(|e| e.to_string())
}

#[cfg(not(feature = "csv"))]
fn payroll(_: &[Statement]) -> Result<String, String> {
    Err("`--payroll` needs the `csv` feature: cargo run --features csv --example statements -- --payroll".into())
}

fn plans(path: &Path) -> Result<PlanSet, String> {
    if path.is_dir() {
        PlanSet::load_dir(path).map_err(|e| e.to_string())
    } else {
        let mut set = PlanSet::new();
        let plan = Plan::load(path).map_err(|e| e.to_string())?;
        set.insert(plan).map_err(|e| e.to_string())?;
        Ok(set)
    }
}

fn statements(set: &PlanSet, batch: &Batch) -> Result<Vec<Statement>, String> {
    let inputs = load_inputs(set, &batch.inputs)?;
    let result = match &batch.credits {
        None => set.evaluate_all(&inputs),
        Some((file, from, to)) => CreditData::load(file).and_then(|data| {
            let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
            Credits::build(&data, people, *from, *to)?.evaluate_all(set, &inputs)
        }),
    };
    result.map_err(|e| e.to_string())
}

fn run(plans_path: &Path, batches: &[Batch], output: Output) -> Result<(), String> {
    let set = plans(plans_path)?;
    let mut all = Vec::new();
    for b in batches {
        all.extend(statements(&set, b)?);
    }
    match output {
        Output::Payroll => print!("{}", payroll(&all)?),
        Output::Json => {
            let json = serde_json::to_string_pretty(&all)
                .map_err(|e| format!("cannot write JSON: {e}"))?;
            println!("{json}");
        }
        Output::Text => {
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
        }
    }
    Ok(())
}

fn date(s: &str) -> Option<Date> {
    s.parse().ok()
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let output = match (
        args.iter().any(|a| a == "--json"),
        args.iter().any(|a| a == "--payroll"),
    ) {
        (true, true) => return usage(),
        (true, false) => Output::Json,
        (false, true) => Output::Payroll,
        (false, false) => Output::Text,
    };
    args.retain(|a| a != "--json" && a != "--payroll");
    if args.iter().any(|a| a.starts_with('-')) {
        return usage();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (plans_path, batches) = match args.as_slice() {
        [] => {
            let samples = root.join("plans/samples");
            let (Some(from), Some(to)) = (date("2026-04-01"), date("2026-06-30")) else {
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
    match run(&plans_path, &batches, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
