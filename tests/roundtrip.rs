//! Every result type reads back from its JSON: `from_json(to_json(x)) == x`,
//! and writing the value read gives the same bytes (scales included:
//! `Decimal` equality ignores them, the bytes do not). Over statements of
//! every shipped plan for generated inputs, plan-year period statements,
//! payroll rows, what-if rows, goal-seek answers, comparisons and a small
//! Monte Carlo report; and the fixtures behind the golden files (credit
//! trails, commission traces, settlement).

use std::fmt::Debug;

use incentive::credit::{CreditData, TransactionLine};
#[cfg(feature = "simulate")]
use incentive::simulate::SimulationReport;
use incentive::simulate::{Comparison, GoalSeek, Scenario, Vary, WhatIfRow};
use incentive::statement::RuleTrace;
use incentive::year::SegmentStatement;
use incentive::{
    Assignment, Credits, Date, Inputs, PeriodStatement, PlanBook, Statement, YearInputs, YearState,
    goal_seek, payroll_rows, what_if,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{plan, plans, root};

/// Reads `v`'s JSON back, from the text and from a `serde_json::Value`,
/// and checks both are `v` and write the same bytes. Other modules call it
/// where they build traces the shipped plans do not have (bonus matrices,
/// labels, weighted scores, multipliers, clawbacks, manual adjustments).
pub(crate) fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(v: &T) -> T {
    let json = serde_json::to_string(v).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, v, "{json}");
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    let pretty = serde_json::to_string_pretty(v).unwrap();
    let from_pretty: T = serde_json::from_str(&pretty).unwrap();
    assert_eq!(serde_json::to_string_pretty(&from_pretty).unwrap(), pretty);
    let value = serde_json::to_value(v).unwrap();
    let from_value: T = serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&from_value, v);
    back
}

/// A decimal with `scale` places in `[lo, hi]` units of 10^-scale.
fn dec_in(lo: i64, hi: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    (lo..=hi).prop_map(move |m| Decimal::new(m, scale))
}

/// Inputs for every input of `plan`: actuals, targets and ratings cycling
/// through `values`, ratings through `ratings`; commission plans get
/// invoice lines and meetings.
fn inputs_for(plan: &incentive::Plan, values: &[Decimal], ratings: &[i64]) -> Inputs {
    let mut i = Inputs::new("x", plan.id()).with_period("2026-Q1");
    let mut v = values.iter().cycle();
    let mut r = ratings.iter().cycle();
    for m in plan.input_metrics() {
        i = i.actual(m, *v.next().unwrap());
    }
    for c in plan.components() {
        if c.is_qualitative() {
            i = i.rating(c.id(), Decimal::from(*r.next().unwrap()));
        } else {
            i = i.target(c.id(), *v.next().unwrap() + Decimal::ONE);
        }
    }
    if plan.commissions().is_empty() {
        return i;
    }
    let day = Date::new(2026, 3, 2).unwrap();
    let products = ["SRV-X1", "SRV-Y2", "SW-1"];
    let categories = ["hardware/servers", "hardware", "software"];
    for (n, amount) in values.iter().take(4).enumerate() {
        i = i.line(
            TransactionLine::new(format!("inv-{n}"), "sales", day, *amount)
                .attribute("product", products[n % 3])
                .attribute("category", categories[n % 3]),
        );
        i = i.line(
            TransactionLine::new(format!("mtg-{n}"), "meetings", day, Decimal::ZERO)
                .quantity(Decimal::from(u8::try_from(n).unwrap() * 9 + 1))
                .attribute("status", if n == 3 { "no-show" } else { "completed" }),
        );
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    // Statements of every shipped plan, and their payroll rows.
    #[test]
    fn statements_of_every_shipped_plan(
        values in prop::collection::vec(
            prop_oneof![dec_in(0, 5_000_000, 0), dec_in(1, 900_000_000, 3), dec_in(1, 99, 1)],
            8..16,
        ),
        ratings in prop::collection::vec(1i64..=5, 4),
    ) {
        let set = plans();
        let mut statements = Vec::new();
        for plan in set.iter() {
            let i = inputs_for(plan, &values, &ratings);
            let s = plan.evaluate(&i).unwrap_or_else(|e| panic!("{}: {e}", plan.id()));
            round_trip(&s);
            statements.push(s);
        }
        prop_assert_eq!(statements.len(), set.iter().count());
        for row in payroll_rows(&statements).unwrap() {
            round_trip(&row);
        }
    }

    // A plan year's period statements, quarter by quarter.
    #[test]
    fn plan_year_period_statements(
        actuals in prop::collection::vec(dec_in(0, 4_000_000, 0), 4),
        target in dec_in(500_000, 3_000_000, 0),
        rating in 1i64..=5,
        hired_day in 1u32..=28,
    ) {
        let book = PlanBook::load_dir(root("plans/years")).unwrap();
        let plan = "demand-generation-ytd";
        let start = Date::new(2026, 2, hired_day).unwrap();
        let mut year = YearInputs::new("dana", 2026)
            .assign(Assignment::new(plan, start))
            .target_from(plan, "pipeline", start, target);
        for (q, actual) in (1..).zip(&actuals) {
            year = year.period(
                Inputs::new("dana", plan)
                    .with_period(format!("2026-Q{q}"))
                    .actual("pipeline", *actual)
                    .rating("campaign_effectiveness", Decimal::from(rating)),
            );
        }
        let (quarters, _state) = book.evaluate_year(&year, &YearState::new()).unwrap();
        prop_assert_eq!(quarters.len(), 4);
        for q in &quarters {
            let back: PeriodStatement = round_trip(q);
            for s in &back.segments {
                let _: SegmentStatement = round_trip(s);
            }
        }
    }

    // What-if rows, goal-seek answers (reached and unreachable) and a
    // comparison over the same participant.
    #[test]
    fn what_if_goal_seek_and_comparison(
        actual in dec_in(0, 5_000_000, 2),
        target in dec_in(100_000, 3_000_000, 0),
        amount in dec_in(0, 30_000, 2),
        rating in 1i64..=5,
    ) {
        let p = plan("demand-generation");
        let dana = Inputs::new("dana", "demand-generation")
            .actual("pipeline", actual)
            .target("pipeline", target)
            .rating("campaign_effectiveness", Decimal::from(rating));
        let grid = WhatIfRow::grid(dec!(0), dec!(2), dec!(0.1)).unwrap();
        let rows = what_if(&p, &dana, &Vary::Attainment("pipeline".into()), &grid).unwrap();
        prop_assert_eq!(rows.len(), 21);
        let back: Vec<WhatIfRow> = round_trip(&rows);
        prop_assert_eq!(back, rows);

        let seek = goal_seek(&p, &dana, "pipeline", amount, dec!(0.01)).unwrap();
        round_trip(&seek);
        // Past the curve's last point the pipeline pays no more.
        let never = goal_seek(&p, &dana, "pipeline", dec!(1000000), dec!(0.01)).unwrap();
        let unreachable = matches!(never, GoalSeek::Unreachable { .. });
        prop_assert!(unreachable);
        round_trip(&never);

        let rebased = dana.clone().target("pipeline", target + dec!(250000));
        let (old, new) = ([dana], [rebased]);
        let c = Comparison::new(
            Scenario { plan: &p, inputs: &old },
            Scenario { plan: &p, inputs: &new },
        )
        .unwrap();
        let back: Comparison = round_trip(&c);
        prop_assert_eq!(back.delta(), c.delta());
        round_trip(&c.rows()[0]);
    }
}

/// A small Monte Carlo report, with revenue and cap hits.
#[cfg(feature = "simulate")]
#[test]
fn simulation_report() {
    use incentive::Simulation;
    use incentive::simulate::Distribution;
    let set = plans();
    let people = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
    let r = Simulation::new(&set, &people)
        .draw(
            "pipeline",
            Distribution::normal(dec!(1), dec!(0.4)).unwrap(),
        )
        .draw(
            "booked",
            Distribution::lognormal(dec!(0), dec!(0.25)).unwrap(),
        )
        .revenue("booked")
        .trials(40)
        .seed(7)
        .run_serial()
        .unwrap();
    assert_eq!(r.trials, 40);
    assert!(!r.cap_hits.is_empty());
    assert!(r.cost_share_of_revenue.is_some());
    let back: SimulationReport = round_trip(&r);
    assert_eq!(back.p50, r.p50);
}

/// The golden fixtures: statements with credit trails (Q2) and commission
/// months settled through a ledger, with their traces.
#[test]
fn credited_and_settled_statements() {
    use incentive::commission::CommissionLedger;
    let set = plans();
    let inputs = Inputs::load_list(root("plans/samples/q2-participants.toml")).unwrap();
    let data = CreditData::load(root("plans/samples/q2-transactions.toml")).unwrap();
    let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
    let from = Date::new(2026, 4, 1).unwrap();
    let to = Date::new(2026, 6, 30).unwrap();
    let credits = Credits::build(&data, people, from, to).unwrap();
    let mut credited = 0;
    for i in &inputs {
        let s = credits.evaluate(&set, i).unwrap();
        credited += s.credits.len();
        round_trip(&s);
    }
    assert!(credited > 0);

    let data = CreditData::load(root("plans/samples/commission-transactions.toml")).unwrap();
    let mut ledger = CommissionLedger::default();
    let mut statements: Vec<Statement> = Vec::new();
    for (who, plan, month) in [
        ("rita", "reseller-commission", 3),
        ("rita", "reseller-commission", 4),
        ("rita", "reseller-commission", 5),
        ("sam", "sdr-meetings", 3),
    ] {
        let from = Date::new(2026, month, 1).unwrap();
        let to = Date::new(2026, month, from.days_in_month()).unwrap();
        let i = Inputs::new(who, plan).with_period(format!("2026-M{month:02}"));
        let earned = Credits::build(&data, ["rita", "sam"], from, to)
            .and_then(|c| c.evaluate(&set, &i))
            .unwrap();
        let settled = ledger
            .settle(set.get(plan).unwrap(), earned, from, to, &data)
            .unwrap();
        assert!(matches!(settled.lines[0].rule, RuleTrace::Commission(_)));
        statements.push(round_trip(&settled));
    }
    for row in payroll_rows(&statements).unwrap() {
        round_trip(&row);
    }
}

/// Today's statement JSON is unchanged, and reads back: Priya's 6,174.00.
#[test]
fn statement_json_is_unchanged_and_reads_back() {
    let s = plans().evaluate(&crate::priya()).unwrap();
    let json = serde_json::to_string_pretty(&s).unwrap();
    assert!(json.contains(r#""total": "6174.00""#));
    let back: Statement = serde_json::from_str(&json).unwrap();
    assert_eq!(back.total(), dec!(6174.00));
    assert_eq!(back, s);
}

/// An exact value with no finite decimal is written as its fraction and
/// read back from it: 2,000,000 against 1,500,000 is attainment 4/3.
#[test]
fn fractions_read_back() {
    let s = plan("demand-generation")
        .evaluate(
            &Inputs::new("dana", "demand-generation")
                .actual("pipeline", dec!(2000000))
                .target("pipeline", dec!(1500000))
                .rating("campaign_effectiveness", dec!(3)),
        )
        .unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["lines"][0]["measure"]["attainment"], "4/3");
    assert_eq!(json["lines"][0]["exact"], "6250");
    let back = round_trip(&s);
    let incentive::statement::MeasureTrace::Quantitative { attainment, .. } = back.lines[0].measure
    else {
        panic!("not quantitative")
    };
    assert_eq!(attainment.to_string(), "≈1.3333333333 (4/3)");
}

/// A plan's `minor_units` override is not in the currency code: a
/// statement read back takes it from its rounding places.
#[test]
fn a_minor_units_override_reads_back() {
    let p = incentive::Plan::from_toml(
        r#"id = "mils"
name = "Mils"
version = "1"
currency = "USD"
minor_units = 3
pay_period = "quarter"
target_incentive = { amount = "1000.125" }
[metrics.m]
[curves.c]
points = [[0, 0], [2, 2]]
[[components]]
id = "q"
name = "Q"
weight = 1
metric = "m"
target = 3
curve = "c"
"#,
    )
    .unwrap();
    let s = p
        .evaluate(&Inputs::new("x", "mils").actual("m", dec!(2)))
        .unwrap();
    assert_eq!(s.currency.minor_units(), 3);
    assert_eq!(s.total().to_string(), "666.750");
    let back = round_trip(&s);
    assert_eq!(back.currency.minor_units(), 3);
    // The code alone has the standard places.
    let usd: incentive::Currency = serde_json::from_str(r#""USD""#).unwrap();
    assert_eq!(usd.minor_units(), 2);
}
