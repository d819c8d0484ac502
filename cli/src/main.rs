//! `incentive`: the command line of the `incentive` library.
//!
//! ```text
//! incentive run --job plans/samples/job.toml        # the main job: every sample statement
//! incentive run plans plans/samples/participants.toml --json
//! incentive run plans plans/samples/q2-participants.toml --transactions plans/samples/q2-transactions.toml
//! incentive year plans/samples/year-examples.toml --plans plans --plans plans/years
//! incentive simulate plans plans/simulations/shipped-plans.toml --trials 1000 --seed 7
//! incentive run plans plans/samples/salesforce-opportunities.csv --profile plans/imports/salesforce-opportunities.toml \
//!     --roster plans/samples/hris-roster.csv --roster-profile plans/imports/hris-roster.toml
//! incentive what-if plans plans/samples/participants.toml --participant dana --vary attainment:pipeline --from 0 --to 2 --step 0.25
//! incentive seek plans plans/samples/participants.toml --participant dana --metric pipeline --amount 6437.50
//! incentive compare plans/demand-generation.toml new.toml plans/samples/participants.toml
//! incentive lint plans
//! incentive check plans plans/samples/participants.toml
//! incentive schema > plan.schema.json
//! ```
//!
//! Statements and tables go to standard output, diagnostics to standard
//! error. Exit status: 0 on success; 1 when a plan, an input or a file is
//! at fault (the error names the file, line, participant, component and
//! field), or `lint --deny` found a warning; 2 on bad usage.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `print!` to standard output, ending the program quietly when the
/// reader has gone (`incentive run … | head`) instead of panicking.
macro_rules! say {
    ($($t:tt)*) => { $crate::write_out(format_args!($($t)*)) };
}

/// `println!` to standard output, as [`say!`].
macro_rules! sayln {
    () => { $crate::write_out(format_args!("\n")) };
    ($($t:tt)*) => { $crate::write_out(format_args!("{}\n", format_args!($($t)*))) };
}

mod analyse;
mod check;
mod files;
mod lint;
mod run;
mod simulate;
mod year;

/// Exact incentive compensation from plans as TOML files.
#[derive(Debug, Parser)]
#[command(name = "incentive", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Statements for participants' inputs: text, JSON, payroll CSV or a CSV of totals.
    Run(run::RunArgs),
    /// Participants' plan years from a plan-year file, state in and out.
    Year(year::YearArgs),
    /// A plan-cost Monte Carlo simulation from a simulation file.
    Simulate(simulate::SimulateArgs),
    /// Read an export (CRM, HRIS) through an import profile into an inputs CSV.
    Import(run::ImportArgs),
    /// A what-if table: one input varied over a grid, the others held.
    WhatIf(analyse::WhatIfArgs),
    /// Goal seek: the actual a participant needs to be paid an amount.
    Seek(analyse::SeekArgs),
    /// Two plan versions compared on the same participants.
    Compare(analyse::CompareArgs),
    /// Lint plan files: cliffs, caps below target, rules that never pay.
    Lint(lint::LintArgs),
    /// Validate plans and inputs (and credit data) without printing statements.
    Check(check::CheckArgs),
    /// Print the plan file's JSON Schema.
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(a) => run::run(&a),
        Command::Year(a) => year::year(&a),
        Command::Simulate(a) => simulate::simulate(&a),
        Command::Import(a) => run::import(&a),
        Command::WhatIf(a) => analyse::what_if_table(&a),
        Command::Seek(a) => analyse::seek(&a),
        Command::Compare(a) => analyse::compare(&a),
        Command::Lint(a) => lint::lint(&a),
        Command::Check(a) => check::check(&a),
        Command::Schema => {
            say!("{}", incentive::schema::plan_schema());
            Ok(Outcome::Done)
        }
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes to standard output: a closed pipe exits with status 0, any other
/// failure to write with status 1.
fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Everything asked was done.
    Done,
    /// The command ran to the end and reported failures (lint warnings
    /// under `--deny`, invalid inputs found by `check`).
    Failed,
}
