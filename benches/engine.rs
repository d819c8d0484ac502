// Benchmarks are not a money path: a broken fixture should stop them loudly.
#![allow(clippy::unwrap_used)]

//! Criterion benchmarks of the hot paths: parsing and validating a plan,
//! and evaluating product-manager statements with full explanations.
//!
//! `cargo bench --bench engine`; README's performance section quotes the
//! figures.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use incentive::{Inputs, Plan};
use rust_decimal::Decimal;
use std::hint::black_box;

const PM: &str = include_str!("../plans/product-manager.toml");

fn priya(booked: i64) -> Inputs {
    Inputs::new("priya", "product-manager")
        .actual("booked", Decimal::new(booked, 2))
        .target("booked", Decimal::from(2_000_000))
        .actual("pipeline", Decimal::from(6_600_000))
        .target("pipeline", Decimal::from(6_000_000))
        .actual("won", Decimal::from(54))
        .actual("opportunities", Decimal::from(200))
        .target("close_rate", Decimal::new(25, 2))
        .rating("market_perception", Decimal::from(3))
        .rating("field_readiness", Decimal::from(4))
}

fn parse(c: &mut Criterion) {
    c.bench_function("parse and validate product-manager.toml", |b| {
        b.iter(|| Plan::from_toml(black_box(PM)))
    });
}

fn evaluate(c: &mut Criterion) {
    let plan = Plan::from_toml(PM).unwrap();
    let one = priya(180_000_000);
    c.bench_function("one product-manager statement, explained", |b| {
        b.iter(|| plan.evaluate(black_box(&one)))
    });
    let batch: Vec<Inputs> = (0..1000)
        .map(|i| priya(100_000_000 + i * 137_913))
        .collect();
    let mut group = c.benchmark_group("product-manager statements, explained");
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.bench_function("1000 participants", |b| {
        b.iter(|| {
            for i in &batch {
                black_box(plan.evaluate(i).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse, evaluate);
criterion_main!(benches);
