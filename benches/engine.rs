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

/// A plan of `n` components, each on its own metric, equal weights.
fn wide_plan(n: usize) -> String {
    let mut text = String::from(
        "id = \"wide\"\nname = \"Wide\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"quarter\"\ntarget_incentive = { amount = 1000000 }\n[curves.c]\npoints = [[0, 0], [1, 1], [2, 2]]\n",
    );
    for i in 0..n {
        text.push_str(&format!("[metrics.m{i}]\n"));
    }
    let weight = Decimal::from(100) / Decimal::from(n as u64);
    for i in 0..n {
        text.push_str(&format!(
            "[[components]]\nid = \"c{i}\"\nname = \"C{i}\"\nweight = \"{weight}%\"\nmetric = \"m{i}\"\ntarget = 100\ncurve = \"c\"\n"
        ));
    }
    text
}

/// Loading grows near-linearly with the number of components (it was
/// quadratic: 3.2 s for 16,000).
fn wide(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse, validate and compile a wide plan");
    group.sample_size(10);
    for n in [2_000usize, 8_000] {
        let text = wide_plan(n);
        group.bench_function(format!("{n} components"), |b| {
            b.iter(|| Plan::from_toml(&text).unwrap())
        });
    }
    group.finish();
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

criterion_group!(benches, parse, wide, evaluate);
criterion_main!(benches);
