//! The main job: evaluate participants' inputs against plans and print every
//! statement.
//!
//! ```text
//! cargo run --release --example statements                  # shipped plans and sample inputs
//! cargo run --release --example statements -- PLANS INPUTS  # a plan file or folder, an inputs file
//! cargo run --release --example statements -- --json [PLANS INPUTS]
//! cargo run --release --features csv --example statements -- --payroll      # payroll CSV
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

use incentive::{Inputs, Plan, PlanSet};

fn usage() -> ExitCode {
    eprintln!("usage: statements [--json | --payroll] [PLAN_FILE_OR_FOLDER INPUTS_FILE]");
    ExitCode::from(2)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Text,
    Json,
    Payroll,
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
fn payroll(statements: &[incentive::Statement]) -> Result<String, String> {
    incentive::csv::write_payroll(statements).map_err(|e| e.to_string())
}

#[cfg(not(feature = "csv"))]
fn payroll(_: &[incentive::Statement]) -> Result<String, String> {
    Err("`--payroll` needs the `csv` feature: cargo run --features csv --example statements -- --payroll".into())
}

fn run(plans: &Path, inputs: &Path, output: Output) -> Result<(), String> {
    let set = if plans.is_dir() {
        PlanSet::load_dir(plans).map_err(|e| e.to_string())?
    } else {
        let mut set = PlanSet::new();
        set.insert(Plan::load(plans).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        set
    };
    let inputs = load_inputs(&set, inputs)?;
    let statements = set.evaluate_all(&inputs).map_err(|e| e.to_string())?;
    if output == Output::Payroll {
        print!("{}", payroll(&statements)?);
    } else if output == Output::Json {
        match serde_json::to_string_pretty(&statements) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("error: cannot write JSON: {e}"),
        }
    } else {
        for s in &statements {
            println!("{s}");
        }
        let mut by_currency = std::collections::BTreeMap::new();
        for s in &statements {
            let t = by_currency
                .entry(s.currency.to_string())
                .or_insert(rust_decimal::Decimal::ZERO);
            *t = t.checked_add(s.total()).unwrap_or(*t);
        }
        for (currency, total) in by_currency {
            println!("{} statements, total {total} {currency}", statements.len());
        }
    }
    Ok(())
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
    let (plans, inputs) = match args.as_slice() {
        [] => (
            root.join("plans"),
            root.join("plans/samples/participants.toml"),
        ),
        [p, i] => (PathBuf::from(p), PathBuf::from(i)),
        _ => return usage(),
    };
    match run(&plans, &inputs, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
