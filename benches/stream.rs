// Benchmarks are not a money path: a broken fixture should stop them loudly.
#![allow(clippy::unwrap_used)]

//! The streaming route: an inputs CSV of 100,000 demand-generation rows
//! in memory (the rows of `examples/gen_participants.rs`) to a payroll
//! CSV, through `csv::stream_payroll`, on one thread and on two, after
//! asserting that both write the same bytes.
//!
//! `cargo bench --features csv --bench stream`; throughput is in rows of
//! inputs.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use incentive::PlanSet;
use incentive::csv::{StreamOptions, stream_payroll};

/// Rows in the file.
const ROWS: u64 = 100_000;

/// The rows of `examples/gen_participants.rs`, as text.
fn inputs(n: u64) -> String {
    let mut x = 7u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::from(
        "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n",
    );
    for i in 0..n {
        let pipeline = 1_000_000 + next() % 2_500_000;
        let cents = next() % 100;
        let target = 2_000_000 + 500_000 * (next() % 3);
        let rating = 1 + next() % 5;
        let quarter = 1 + i % 2;
        if i % 4 == 3 {
            out.push_str(&format!(
                "p{i:07},demand-generation,2026-Q{quarter},{pipeline}.{cents:02},{target},{rating}\n"
            ));
        } else {
            out.push_str(&format!(
                "p{i:07},demand-generation,2026-Q{quarter},{pipeline},{target},{rating}\n"
            ));
        }
    }
    out
}

fn run(plans: &PlanSet, text: &str, threads: usize, out: &mut Vec<u8>) -> u64 {
    out.clear();
    stream_payroll(
        plans,
        text.as_bytes(),
        None,
        &mut *out,
        &StreamOptions::new().threads(threads),
    )
    .unwrap()
    .rows()
}

fn stream(c: &mut Criterion) {
    let plans = PlanSet::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/plans")).unwrap();
    let text = inputs(ROWS);
    let (mut one, mut two) = (Vec::new(), Vec::new());
    assert_eq!(run(&plans, &text, 1, &mut one), ROWS);
    assert_eq!(run(&plans, &text, 2, &mut two), ROWS);
    assert_eq!(one, two);

    let mut group =
        c.benchmark_group("stream (100,000 demand-generation rows, CSV to payroll CSV)");
    group.throughput(Throughput::Elements(ROWS));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let mut out = Vec::with_capacity(one.len());
    for threads in [1, 2] {
        group.bench_function(format!("stream_payroll, {threads} thread(s)"), |b| {
            b.iter(|| run(&plans, black_box(&text), threads, &mut out))
        });
    }
    group.finish();
}

criterion_group!(benches, stream);
criterion_main!(benches);
