// Benchmarks are not a money path: a broken fixture should stop them loudly.
#![allow(clippy::unwrap_used)]

//! Criterion benchmarks of simulation at speed: one statement through the
//! prepared plan, a batch of 1,000,000 product-manager statements with and
//! without explanations, and a 1,000-participant × 10,000-trial Monte
//! Carlo run.
//!
//! `cargo bench --all-features --bench simulate`; README's performance
//! section quotes the figures.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use incentive::simulate::Distribution;
use incentive::{Explain, Inputs, Plan, PlanSet, Simulation};
use rust_decimal::Decimal;

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

/// 1,000 distinct participants (booked from 1,000,000.00 up in steps of
/// 1,379.13), each evaluated 1,000 times: 1,000,000 statements.
fn batch_inputs() -> Vec<Inputs> {
    (0..1000)
        .map(|i| priya(100_000_000 + i * 137_913))
        .collect()
}

const REPEAT: usize = 1000;

fn one(c: &mut Criterion) {
    let plan = Plan::from_toml(PM).unwrap();
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    let priya = priya(180_000_000);
    c.bench_function(
        "one product-manager payout, prepared, no explanation",
        |b| b.iter(|| prepared.evaluate_into(black_box(&priya), &mut out)),
    );
    let values = prepared.values(&priya).unwrap();
    c.bench_function("one product-manager payout, prepared, from values", |b| {
        b.iter(|| prepared.evaluate_values("priya", black_box(&values), &mut out))
    });
}

fn batch(c: &mut Criterion) {
    let prepared = Plan::from_toml(PM).unwrap().prepare();
    let inputs = batch_inputs();
    let mut group = c.benchmark_group("1,000,000 product-manager statements");
    group.sample_size(10);
    group.throughput(Throughput::Elements((inputs.len() * REPEAT) as u64));
    group.bench_function("prepared, without explanations", |b| {
        b.iter(|| {
            for _ in 0..REPEAT {
                black_box(prepared.batch(&inputs, Explain::Skip).unwrap());
            }
        })
    });
    // Each statement is built, handed over and dropped, as a system
    // writing statements out would; `Explain::Full` in `batch` also keeps
    // them all.
    group.bench_function("prepared, with full explanations", |b| {
        b.iter(|| {
            for _ in 0..REPEAT {
                prepared
                    .for_each_statement(&inputs, |_, s| {
                        black_box(s);
                        Ok(())
                    })
                    .unwrap();
            }
        })
    });
    group.finish();
}

/// Participant `i` of a roster in the four curve-paid roles.
fn participant(i: usize) -> Inputs {
    let d = Decimal::from;
    let id = format!("p{i:05}");
    match i % 4 {
        0 => Inputs::new(id, "product-manager")
            .actual("opportunities", d(200))
            .target("booked", d(2_000_000))
            .target("pipeline", d(6_000_000))
            .target("close_rate", Decimal::new(25, 2))
            .rating("market_perception", d(3))
            .rating("field_readiness", d(4)),
        1 => Inputs::new(id, "demand-generation")
            .target("pipeline", d(2_000_000))
            .rating("campaign_effectiveness", d(3)),
        2 => Inputs::new(id, "sales-enablement")
            .target("sales_quota", d(10_500_000))
            .rating("sales_satisfaction", d(4)),
        _ => Inputs::new(id, "channel-marketing")
            .target("channel_pipeline", d(4_000_000))
            .rating("partner_satisfaction", d(3))
            .rating("channel_strategy", d(3)),
    }
}

fn monte_carlo(c: &mut Criterion) {
    let plans = PlanSet::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/plans")).unwrap();
    let roster: Vec<Inputs> = (0..1000).map(participant).collect();
    let n = |m, s| Decimal::new(m, s);
    let ratings = Distribution::empirical(
        [2, 3, 3, 3, 4, 4, 5]
            .into_iter()
            .map(Decimal::from)
            .collect(),
    )
    .unwrap();
    let sim = Simulation::new(&plans, &roster)
        .draw(
            "booked",
            Distribution::lognormal(n(0, 0), n(20, 2)).unwrap(),
        )
        .draw("pipeline", Distribution::normal(n(1, 0), n(20, 2)).unwrap())
        .draw(
            "close_rate",
            Distribution::normal(n(1, 0), n(15, 2)).unwrap(),
        )
        .draw(
            "channel_pipeline",
            Distribution::normal(n(95, 2), n(25, 2)).unwrap(),
        )
        .draw(
            "sales_quota",
            Distribution::uniform(n(80, 2), n(125, 2)).unwrap(),
        )
        .draw("campaign_effectiveness", ratings.clone())
        .draw("partner_satisfaction", ratings)
        .correlate("booked", "pipeline", n(6, 1))
        .revenue("booked")
        .trials(10_000)
        .seed(42);
    let mut group = c.benchmark_group("Monte Carlo, 1,000 participants × 10,000 trials");
    group.sample_size(10);
    group.throughput(Throughput::Elements(10_000_000));
    group.bench_function("run (parallel with feature `parallel`)", |b| {
        b.iter(|| black_box(sim.run().unwrap()))
    });
    group.finish();
}

criterion_group!(benches, one, batch, monte_carlo);
criterion_main!(benches);
