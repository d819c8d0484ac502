//! Streams an inputs CSV to a payroll CSV with
//! [`incentive::csv::stream_payroll`], and prints what it read, wrote and
//! paid, and how fast, to standard error.
//!
//! ```text
//! cargo run --release --example gen_participants -- 1000000 > /tmp/in.csv
//! cargo build --release --features csv --example stream
//! /usr/bin/time -v target/release/examples/stream plans /tmp/in.csv /tmp/payroll.csv 1
//! ```
//!
//! Arguments: the folder of plans, the inputs file, the payroll file to
//! write, optionally the number of threads (default 1) and `sorted` when
//! the file is sorted by participant, plan and period
//! (`StreamOptions::sorted`). Exit status 0
//! on success, 1 on an error (the payroll file is then incomplete), 2 on
//! bad usage.

use std::process::ExitCode;
use std::time::Instant;

use incentive::PlanSet;
use incentive::csv::{StreamOptions, stream_payroll};

fn run(plans: &str, input: &str, output: &str, threads: usize, sorted: bool) -> Result<(), String> {
    let set = PlanSet::load_dir(plans).map_err(|e| e.to_string())?;
    let reader = std::fs::File::open(input).map_err(|e| format!("{input}: {e}"))?;
    let writer = std::fs::File::create(output).map_err(|e| format!("{output}: {e}"))?;
    let start = Instant::now();
    let summary = stream_payroll(
        &set,
        reader,
        Some(input),
        writer,
        &StreamOptions::new().threads(threads).sorted(sorted),
    )
    .map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    let rate = u128::from(summary.rows()) * 1_000_000 / elapsed.as_micros().max(1);
    eprintln!(
        "{} rows, {} payroll rows, {threads} thread(s), {} ms, {rate} rows a second",
        summary.rows(),
        summary.payroll_rows(),
        elapsed.as_millis(),
    );
    for (currency, total) in summary.totals() {
        eprintln!("total {total} {}", currency.code());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (plans, input, output, threads, sorted) = match args.as_slice() {
        [p, i, o] => (p, i, o, 1, false),
        [p, i, o, t] => match t.parse::<usize>() {
            Ok(t) => (p, i, o, t, false),
            Err(_) => return usage(),
        },
        [p, i, o, t, s] if s == "sorted" => match t.parse::<usize>() {
            Ok(t) => (p, i, o, t, true),
            Err(_) => return usage(),
        },
        _ => return usage(),
    };
    match run(plans, input, output, threads, sorted) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stream: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: stream PLANS_DIR INPUTS.csv PAYROLL.csv [THREADS [sorted]]");
    ExitCode::from(2)
}
