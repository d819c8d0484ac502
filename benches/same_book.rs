// Benchmarks are not a money path: a broken fixture should stop them loudly.
#![allow(clippy::unwrap_used)]

//! The same-book benchmark: one process evaluates the same seeded book of
//! product-manager statements through the hand-written exact loop and
//! through each engine route, after asserting that every route gives the
//! loop's total. The book and the loop are `examples/book/common.rs`,
//! shared with `examples/book.rs` (which runs one route at a time, for
//! instruction counts under callgrind).
//!
//! `cargo bench --all-features --bench same_book`; throughput is in
//! statements.

#[path = "../examples/book/common.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Rows in the book: small, so that `cargo bench -- --test` stays fast.
const ROWS: usize = 10_000;

fn same_book(c: &mut Criterion) {
    let rows = common::book(ROWS);
    let plan = common::plan().unwrap();
    let prepared = plan.prepare();
    let values = common::values(&prepared, &rows);
    let inputs = common::inputs(&rows);
    let mut out = prepared.payout();

    let limit = common::cents(common::limit(&rows));
    assert_eq!(
        common::by_values(&prepared, &values, &mut out).unwrap(),
        limit
    );
    assert_eq!(
        common::by_inputs(&prepared, &inputs, &mut out).unwrap(),
        limit
    );
    assert_eq!(common::explained(&prepared, &inputs).unwrap(), limit);
    assert_eq!(common::general(&plan, &inputs).unwrap(), limit);

    let mut group = c.benchmark_group("same book (10,000 product-manager statements)");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("hand-written exact loop", |b| {
        b.iter(|| common::limit(black_box(&rows)))
    });
    group.bench_function("prepared, evaluate_values", |b| {
        b.iter(|| common::by_values(&prepared, black_box(&values), &mut out))
    });
    group.bench_function("prepared, evaluate_into", |b| {
        b.iter(|| common::by_inputs(&prepared, black_box(&inputs), &mut out))
    });
    group.bench_function("prepared, statement (explained)", |b| {
        b.iter(|| common::explained(&prepared, black_box(&inputs)))
    });
    group.bench_function("Plan::evaluate (general, explained)", |b| {
        b.iter(|| common::general(&plan, black_box(&inputs)))
    });
    group.finish();
}

criterion_group!(benches, same_book);
criterion_main!(benches);
