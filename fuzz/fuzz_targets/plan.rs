//! The plan loader: parse → validate → compile → evaluate.
//!
//! The fuzz data is a plan file (TOML text). When it loads, the plan is
//! linted and evaluated against inputs made from the fuzz data: the text
//! after a line `#%%` if there is one, otherwise the data's own bytes read
//! backwards, choose a value for every input the compiled plan reads
//! (`PreparedPlan::fields`), among edge values (0, ±1, a 28-digit
//! fraction, `Decimal::MAX`, …) and arbitrary decimals. Every statement
//! keeps the laws of `incentive_fuzz::check_statement`, and the statement
//! and batch routes agree (`evaluate_checked`).

#![no_main]

use arbitrary::Unstructured;
use incentive::lint::{LintPolicy, lint};
use incentive::simulate::Field;
use incentive::{Decimal, Inputs, Plan, PlanSet};
use libfuzzer_sys::{Corpus, fuzz_target};

/// A decimal from the fuzz data: mostly edge values, otherwise any.
fn decimal(u: &mut Unstructured<'_>) -> Decimal {
    let edge = [
        Decimal::ZERO,
        Decimal::ONE,
        Decimal::NEGATIVE_ONE,
        Decimal::new(5, 1),
        Decimal::new(1, 2),
        Decimal::new(5, 3),
        Decimal::new(1, 28),
        Decimal::new(100, 0),
        Decimal::new(1_000_000, 0),
        Decimal::new(2_000_000, 0),
        Decimal::new(2_300_000, 0),
        Decimal::new(3, 0),
        Decimal::new(4, 0),
        Decimal::MAX,
        Decimal::MIN,
        Decimal::from_i128_with_scale(33_333_333_333_333_333_333_333_333_333, 28),
    ];
    let pick: u8 = u.arbitrary().unwrap_or(0);
    match edge.get(usize::from(pick) % (edge.len() + 4)) {
        Some(d) => *d,
        None => {
            let m: i64 = u.arbitrary().unwrap_or(0);
            let scale: u32 = u.int_in_range(0..=28).unwrap_or(0);
            Decimal::from_i128_with_scale(i128::from(m), scale)
        }
    }
}

/// A rating: a small whole number or half, sometimes any decimal.
fn rating(u: &mut Unstructured<'_>) -> Decimal {
    match u.int_in_range(0..=9u8).unwrap_or(0) {
        0 => decimal(u),
        n => Decimal::new(i64::from(n) - 2, u.int_in_range(0..=1).unwrap_or(0)),
    }
}

/// Every label a plan file's scales name (`[scales.X] labels = [[L, …]]`).
fn labels_in(text: &str) -> Vec<String> {
    let Ok(doc) = toml::from_str::<toml::Table>(text) else {
        return Vec::new();
    };
    let Some(scales) = doc.get("scales").and_then(|s| s.as_table()) else {
        return Vec::new();
    };
    scales
        .values()
        .filter_map(|s| s.get("labels").and_then(|l| l.as_array()))
        .flatten()
        .filter_map(|pair| pair.as_array()?.first()?.as_str().map(str::to_owned))
        .collect()
}

fn inputs_for(plan: &Plan, labels: &[String], u: &mut Unstructured<'_>) -> Inputs {
    let mut i = Inputs::new("fuzz", plan.id());
    if u.ratio(1, 4).unwrap_or(false) {
        let periods = [
            "2026-Q1", "2026-Q2", "2026-M03", "2026", "2026-H1", "2026-W01", "x",
        ];
        let p = periods
            .get(usize::from(u.arbitrary::<u8>().unwrap_or(0)) % periods.len())
            .copied()
            .unwrap_or("2026-Q1");
        i = i.with_period(p);
    }
    for field in plan.prepare().fields() {
        i = match field {
            Field::Actual(m) => i.actual(m.clone(), decimal(u)),
            Field::Target(c) => i.target(c.clone(), decimal(u)),
            Field::Rating(c) => i.rating(c.clone(), rating(u)),
            Field::Label(c) => {
                let n = labels.len().max(1);
                let pick = usize::from(u.arbitrary::<u8>().unwrap_or(0)) % (n + 1);
                let label = labels
                    .get(pick)
                    .cloned()
                    .unwrap_or_else(|| "unknown".into());
                i.label(c.clone(), label)
            }
            _ => i,
        };
    }
    if u.ratio(1, 8).unwrap_or(false) {
        i = i.with_target_incentive(decimal(u));
    }
    if u.ratio(1, 8).unwrap_or(false) {
        i = i.with_base_salary(decimal(u));
    }
    if u.ratio(1, 8).unwrap_or(false) {
        i = i.adjustment("fuzz", decimal(u), "fuzzed adjustment");
    }
    i
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(text) = incentive_fuzz::text(data) else {
        return Corpus::Reject;
    };
    let (plan_text, values) = incentive_fuzz::split(text);
    let Ok(plan) = Plan::from_toml_named(plan_text, "fuzz.toml") else {
        return Corpus::Keep;
    };
    // Loading is deterministic, and the loaded plan lints.
    let again = Plan::from_toml(plan_text).map(|p| p.id().to_owned());
    assert_eq!(
        again.ok().as_deref(),
        Some(plan.id()),
        "a plan loads once only"
    );
    let _ = lint(&plan, &LintPolicy::default());
    let _ = plan.needs_plan_year();

    let reversed: Vec<u8> = data.iter().rev().copied().collect();
    let mut u = match values {
        Some(v) => Unstructured::new(v.as_bytes()),
        None => Unstructured::new(&reversed),
    };
    let labels = labels_in(plan_text);
    let mut set = PlanSet::new();
    if set.insert(plan.clone()).is_err() {
        return Corpus::Keep;
    }
    for _ in 0..4 {
        let inputs = inputs_for(&plan, &labels, &mut u);
        if let Some(s) = incentive_fuzz::evaluate_checked(&set, &inputs) {
            // The same inputs pay the same, evaluated again.
            assert_eq!(
                plan.evaluate(&inputs).ok().as_ref(),
                Some(&s),
                "evaluation is not deterministic"
            );
        }
        if u.is_empty() {
            break;
        }
    }
    Corpus::Keep
});
