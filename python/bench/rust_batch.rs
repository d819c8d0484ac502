// Seconds of wall time are floats; no amount is.
#![allow(clippy::float_arithmetic)]
//! The Rust side of `bench_arrow.py`: the same rows through the library
//! route the Python package runs, with no Arrow and no Python, timed.
//!
//! ```text
//! cargo run --release --manifest-path python/Cargo.toml --example rust_batch -- PLANS INPUTS.csv
//! ```
//!
//! Built with mimalloc, as the extension is. Reads the inputs CSV into memory (not timed), then times, best of three:
//! `csv::read_inputs_for` (parse and check every row against the plans),
//! `PlanSet::evaluate_each` (every statement, sorted) and `payroll_rows`
//! (the lines, as the Arrow lines table holds them), all statements at
//! once as `incentive run` holds them; and the same chunked as the Python
//! extension evaluates (inputs sorted, 16,384 statements at a time, each
//! chunk's lines taken and its statements dropped). Prints one JSON
//! object: rows, statements, lines, the seconds of each step and the sum
//! of the totals (to check against the Python route's).

use std::time::Instant;

use incentive::PlanSet;

// The allocator the Python extension uses (`src/lib.rs`), so that the
// ratio measures the binding, not two allocators.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(plans), Some(inputs)) = (args.get(1), args.get(2)) else {
        return Err("usage: rust_batch PLANS INPUTS.csv".into());
    };
    let set = PlanSet::load_dir(plans)?;
    let text = std::fs::read_to_string(inputs)?;
    let mut best: Option<(f64, f64, f64)> = None;
    let mut summary = (0usize, 0usize, incentive::Decimal::ZERO);
    for _ in 0..3 {
        let t0 = Instant::now();
        let rows = incentive::csv::read_inputs_for(&set, &text, Some(inputs))?;
        let t1 = Instant::now();
        let run = set.evaluate_each(&rows);
        if let Some(r) = run.rejected.first() {
            return Err(format!("{}: {}", r.participant, r.error).into());
        }
        let t2 = Instant::now();
        let lines = incentive::payroll_rows(&run.statements)?;
        let t3 = Instant::now();
        let secs = (
            (t1 - t0).as_secs_f64(),
            (t2 - t1).as_secs_f64(),
            (t3 - t2).as_secs_f64(),
        );
        let total = |s: (f64, f64, f64)| s.0 + s.1 + s.2;
        if best.is_none_or(|b| total(secs) < total(b)) {
            best = Some(secs);
        }
        let mut sum = incentive::Decimal::ZERO;
        for s in &run.statements {
            sum = sum
                .checked_add(s.total())
                .ok_or("the sum of totals overflows")?;
        }
        summary = (run.statements.len(), lines.len(), sum);
    }
    let (read, evaluate, lines) = best.ok_or("no run")?;
    // Chunked, as the extension runs it.
    let mut chunked: Option<f64> = None;
    for _ in 0..3 {
        let t0 = Instant::now();
        let mut rows = incentive::csv::read_inputs_for(&set, &text, Some(inputs))?;
        rows.sort_by(|a, b| {
            (a.participant(), a.plan(), a.period()).cmp(&(b.participant(), b.plan(), b.period()))
        });
        let mut n = 0usize;
        for chunk in rows.chunks(16_384) {
            let run = set.evaluate_each(chunk);
            if let Some(r) = run.rejected.first() {
                return Err(format!("{}: {}", r.participant, r.error).into());
            }
            for s in &run.statements {
                n += incentive::payroll_rows(std::slice::from_ref(s))?.len();
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        if n != summary.1 {
            return Err("the chunked run gave other lines".into());
        }
        if chunked.is_none_or(|c| secs < c) {
            chunked = Some(secs);
        }
    }
    println!(
        "{{\"statements\": {}, \"lines\": {}, \"sum_of_totals\": \"{}\", \"read_s\": {read:.4}, \"evaluate_s\": {evaluate:.4}, \"lines_s\": {lines:.4}, \"total_s\": {:.4}, \"chunked_s\": {:.4}}}",
        summary.0,
        summary.1,
        summary.2,
        read + evaluate + lines,
        chunked.unwrap_or_default()
    );
    Ok(())
}
