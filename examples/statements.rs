//! The main job: evaluate participants' inputs against plans and print every
//! statement.
//!
//! ```text
//! cargo run --release --example statements                  # shipped plans and sample inputs
//! cargo run --release --example statements -- PLANS INPUTS  # a plan file or folder, an inputs file
//! cargo run --release --example statements -- --json [PLANS INPUTS]
//! ```
//!
//! Exit status 0 when every statement was computed, 1 on any error (printed
//! with the file, line, participant, component and field at fault), 2 on bad
//! usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incentive::{Inputs, Plan, PlanSet};

fn usage() -> ExitCode {
    eprintln!("usage: statements [--json] [PLAN_FILE_OR_FOLDER INPUTS_FILE]");
    ExitCode::from(2)
}

fn run(plans: &Path, inputs: &Path, json: bool) -> Result<(), incentive::Error> {
    let set = if plans.is_dir() {
        PlanSet::load_dir(plans)?
    } else {
        let mut set = PlanSet::new();
        set.insert(Plan::load(plans)?)?;
        set
    };
    let inputs = Inputs::load_list(inputs)?;
    let statements = set.evaluate_all(&inputs)?;
    if json {
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
    let json = args.iter().any(|a| a == "--json");
    args.retain(|a| a != "--json");
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
    match run(&plans, &inputs, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
