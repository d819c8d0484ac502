//! Writes N rows of demand-generation inputs as CSV to standard output,
//! the same rows for the same N: for the streaming route's measurements
//! (`incentive::csv::stream_payroll`, the `stream` example).
//!
//! ```text
//! cargo run --release --example gen_participants -- 1000000 > /tmp/participants-1m.csv
//! ```
//!
//! Rows are drawn from xorshift64, seed 7: pipeline in [1,000,000,
//! 3,500,000) in whole units or with cents, a target of 2,000,000,
//! 2,500,000 or 3,000,000, a rating from 1 to 5, the period 2026-Q1 or
//! 2026-Q2, such as
//!
//! ```text
//! participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness
//! dana,demand-generation,2026-Q1,2300000,2000000,4
//! ```
//!
//! Exit status 0 on success, 1 when standard output cannot be written, 2
//! on bad usage.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// The next draw of xorshift64.
fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

fn write(n: u64, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness"
    )?;
    let mut x = 7u64;
    for i in 0..n {
        let pipeline = 1_000_000 + next(&mut x) % 2_500_000;
        let cents = next(&mut x) % 100;
        let target = 2_000_000 + 500_000 * (next(&mut x) % 3);
        let rating = 1 + next(&mut x) % 5;
        let quarter = 1 + i % 2;
        // One row in four has cents.
        if i % 4 == 3 {
            writeln!(
                out,
                "p{i:07},demand-generation,2026-Q{quarter},{pipeline}.{cents:02},{target},{rating}"
            )?;
        } else {
            writeln!(
                out,
                "p{i:07},demand-generation,2026-Q{quarter},{pipeline},{target},{rating}"
            )?;
        }
    }
    out.flush()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(Ok(n)) = args.first().map(|a| a.parse::<u64>()) else {
        eprintln!("usage: gen_participants N");
        return ExitCode::from(2);
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    match write(n, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_participants: {e}");
            ExitCode::FAILURE
        }
    }
}
