//! A plan year with year-to-date true-ups: Dana's demand-generation year,
//! pipeline measured year to date, campaign effectiveness rated each
//! quarter, printed as four period statements; then (in text) a biweekly
//! year paid every two weeks from its anchor, and a new hire's ramped
//! quotas in a monthly plan.
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
        println!();
        biweekly_and_ramp()?;
    }
    Ok(())
}

/// A biweekly year and a ramped hire, beside the quarterly year.
fn biweekly_and_ramp() -> Result<(), Box<dyn std::error::Error>> {
    let mut book = PlanBook::new();
    // Paid every two weeks from the anchor: 26 periods in 2026, each with
    // 52,000 / 26 = 2,000.00 of target incentive.
    book.insert(Plan::from_toml(
        r#"
        id = "support-biweekly"
        name = "Support team bonus, paid biweekly"
        version = "2026.1"
        currency = "USD"
        pay_period = "biweek"
        target_incentive = { annual = 52000 }
        [year]
        anchor = 2026-01-02
        [[components]]
        id = "team"
        name = "Team bonus at target"
        weight = "100%"
        pays = "target"
        "#,
    )?)?;
    // A monthly quota of 100,000, ramped 25%, 50%, 75% in a new hire's
    // first three months.
    book.insert(Plan::from_toml(
        r#"
        id = "ae-ramped"
        name = "Account executive, ramped"
        version = "2026.1"
        currency = "USD"
        pay_period = "month"
        target_incentive = { amount = 1000 }
        [year]
        ramp = ["25%", "50%", "75%"]
        [metrics.bookings]
        [curves.linear]
        points = [[0, 0], [2, 2]]
        [[components]]
        id = "bookings"
        name = "Bookings"
        weight = "100%"
        metric = "bookings"
        curve = "linear"
        "#,
    )?)?;
    let bo = YearInputs::new("bo", 2026)
        .with_name("Bo")
        .assign(Assignment::new("support-biweekly", Date::new(2026, 1, 2)?))
        .period(Inputs::new("bo", "support-biweekly").with_period("2026-B01"));
    let (b01, _) = book.evaluate_period(&bo, "2026-B01", &YearState::new())?;
    println!("{b01}");
    let rae = YearInputs::new("rae", 2026)
        .with_name("Rae")
        .assign(Assignment::new("ae-ramped", Date::new(2026, 3, 1)?))
        .target_from(
            "ae-ramped",
            "bookings",
            Date::new(2026, 3, 1)?,
            dec!(100000),
        )
        .period(
            Inputs::new("rae", "ae-ramped")
                .with_period("2026-M03")
                .actual("bookings", dec!(30000)),
        );
    let (march, _) = book.evaluate_period(&rae, "2026-M03", &YearState::new())?;
    println!("{march}");
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
