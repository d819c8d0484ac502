//! A plan year with year-to-date true-ups: Dana's demand-generation year,
//! pipeline measured year to date, campaign effectiveness rated each
//! quarter, printed as four period statements.
//!
//! ```text
//! cargo run --release --example plan_year           # readable statements
//! cargo run --release --example plan_year -- --json # statements and the final state as JSON
//! ```
//!
//! The state after each quarter is what a caller would store and pass to
//! the next run; the library keeps nothing between runs.

use std::path::PathBuf;
use std::process::ExitCode;

use incentive::{Assignment, Date, Inputs, Plan, PlanBook, YearInputs, YearState};
use rust_decimal_macros::dec;

fn run(json: bool) -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut book = PlanBook::new();
    book.insert(Plan::load(
        root.join("plans/years/demand-generation-ytd.toml"),
    )?)?;

    let plan = "demand-generation-ytd";
    let mut year = YearInputs::new("dana", 2026)
        .with_name("Dana")
        .assign(Assignment::new(plan, Date::new(2026, 1, 1)?))
        .target_from(plan, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000));
    let actuals = [dec!(1600000), dec!(2800000), dec!(1000000), dec!(600000)];
    for (q, actual) in (1..).zip(actuals) {
        year = year.period(
            Inputs::new("dana", plan)
                .with_period(format!("2026-Q{q}"))
                .actual("pipeline", actual)
                .rating("campaign_effectiveness", dec!(3)),
        );
    }

    // Quarter by quarter, storing the state in between, as a payroll run
    // would.
    let mut state = YearState::new();
    let mut statements = Vec::new();
    for q in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] {
        let (statement, next) = book.evaluate_period(&year, q, &state)?;
        statements.push(statement);
        state = next;
    }
    if json {
        let out = serde_json::json!({ "statements": statements, "state": state });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for s in &statements {
            println!("{s}");
        }
        println!(
            "paid in the year {} USD; owed at year end {} USD",
            state.paid_in_year(),
            state.total_owed()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = match args.as_slice() {
        [] => false,
        [a] if a == "--json" => true,
        _ => {
            eprintln!("usage: plan_year [--json]");
            return ExitCode::from(2);
        }
    };
    match run(json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
