//! `incentive`: the command line of the `incentive` library.
//!
//! ```text
//! incentive run --job plans/samples/job.toml        # the main job: every sample statement
//! incentive run plans plans/samples/participants.toml --json
//! incentive run plans plans/samples/q2-participants.toml --transactions plans/samples/q2-transactions.toml
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

mod analyse;
mod check;
mod files;
mod lint;
mod run;

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
        Command::WhatIf(a) => analyse::what_if_table(&a),
        Command::Seek(a) => analyse::seek(&a),
        Command::Compare(a) => analyse::compare(&a),
        Command::Lint(a) => lint::lint(&a),
        Command::Check(a) => check::check(&a),
        Command::Schema => {
            print!("{}", incentive::schema::plan_schema());
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

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Everything asked was done.
    Done,
    /// The command ran to the end and reported failures (lint warnings
    /// under `--deny`, invalid inputs found by `check`).
    Failed,
}
