//! Plan-level stages (modifier, kickers, plan cap, gate) on a plan year
//! with a component measured year to date (issue 13, item 8).
//!
//! The plan is the shipped `demand-generation-ytd` (quarterly target
//! incentive 5,000: pipeline 75% measured year to date, campaign
//! effectiveness 25% per quarter) with one stage added. Quarterly pipeline
//! target 2,000,000; Q1 actual 1,600,000 (80%, curve 0.70) and Q2 actual
//! 2,800,000 (140% in the quarter; year to date 4,400,000 of 4,000,000,
//! 110%, curve 1.20); campaign effectiveness rated 3 (100%) both quarters.
//! Without stages: Q1 pays 2,625.00 + 1,250.00 = 3,875.00; Q2 earns
//! 9,000.00 year to date, pays 6,375.00 + 1,250.00 = 7,625.00.
//!
//! Stages apply to what the plan's lines pay in the period, after the
//! true-up, each condition measured on the period's data.

use incentive::{Assignment, Date, Inputs, Plan, PlanBook, YearInputs, YearState};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::root;

const PLAN: &str = "demand-generation-ytd";

fn book(extra: &str) -> PlanBook {
    let text = std::fs::read_to_string(root("plans/years/demand-generation-ytd.toml")).unwrap();
    let text = text.replace(
        "rounding = { mode = \"half-even\", scope = \"line\" }",
        &format!("rounding = {{ mode = \"half-even\", scope = \"line\" }}\n{extra}"),
    );
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&text).unwrap()).unwrap();
    b
}

fn year() -> YearInputs {
    let mut year = YearInputs::new("dana", 2026)
        .assign(Assignment::new(PLAN, Date::new(2026, 1, 1).unwrap()))
        .target_from(
            PLAN,
            "pipeline",
            Date::new(2026, 1, 1).unwrap(),
            dec!(2000000),
        );
    for (q, actual) in [("2026-Q1", dec!(1600000)), ("2026-Q2", dec!(2800000))] {
        year = year.period(
            Inputs::new("dana", PLAN)
                .with_period(q)
                .actual("pipeline", actual)
                .rating("campaign_effectiveness", dec!(3)),
        );
    }
    year
}

/// Q1 and Q2 in order: (Q1 total, Q2 total, Q2 adjustments' amounts).
fn run(extra: &str) -> (Decimal, Decimal, Vec<Decimal>, Vec<Decimal>) {
    let b = book(extra);
    let y = year();
    let (q1, state) = b.evaluate_period(&y, "2026-Q1", &YearState::new()).unwrap();
    let (q2, state) = b.evaluate_period(&y, "2026-Q2", &state).unwrap();
    // Rerunning a settled period pays nothing more.
    let (again, _) = b.evaluate_period(&y, "2026-Q2", &state).unwrap();
    assert_eq!(again.total, dec!(0));
    let q1_adj = q1.adjustments.iter().map(|a| a.amount).collect();
    let q2_adj = q2.adjustments.iter().map(|a| a.amount).collect();
    (q1.total, q2.total, q1_adj, q2_adj)
}

#[test]
fn without_stages_the_quarters_pay_the_true_up() {
    let (q1, q2, a1, a2) = run("");
    assert_eq!((q1, q2), (dec!(3875.00), dec!(7625.00)));
    assert!(a1.is_empty() && a2.is_empty());
}

// A kicker at 105% of pipeline, 500: Q1's quarter reaches 80% (no kicker);
// Q2's quarter reaches 140% and adds 500.00 to the period's 7,625.00.
#[test]
fn a_kicker_adds_its_amount_to_the_periods_payment() {
    let (q1, q2, a1, a2) = run(
        "[[kickers]]\nid = \"pipeline_105\"\nname = \"Pipeline at 105%\"\nmeasure = \"pipeline\"\nat_least = \"105%\"\namount = 500",
    );
    assert_eq!(q1, dec!(3875.00));
    assert_eq!(a1, [dec!(0.00)]);
    assert_eq!(q2, dec!(8125.00));
    assert_eq!(a2, [dec!(500.00)]);
}

// A plan modifier on pipeline attainment, curve 0% → ×0.5, 100% → ×1,
// 200% → ×1.2: Q1 (80%) ×0.9 on 3,875.00 = 3,487.50 (−387.50); Q2 (140%)
// ×1.08 on 7,625.00 = 8,235.00 (+610.00).
#[test]
fn a_modifier_multiplies_the_periods_payment_after_the_true_up() {
    let (q1, q2, a1, a2) = run(
        "modifier = \"pace\"\n[modifiers.pace]\nmeasure = \"pipeline\"\ncurve = \"pace\"\nbelow_first = \"zero\"\n[curves.pace]\npoints = [[0, 0.5], [1, 1], [2, 1.2]]",
    );
    assert_eq!(q1, dec!(3487.50));
    assert_eq!(a1, [dec!(-387.50)]);
    assert_eq!(q2, dec!(8235.00));
    assert_eq!(a2, [dec!(610.00)]);
}

// A plan cap of 150% of the target incentive: 7,500.00 a quarter. Q1's
// 3,875.00 is within it; Q2's 7,625.00 is cut to 7,500.00 (−125.00).
#[test]
fn the_plan_cap_bounds_each_periods_payment() {
    let (q1, q2, a1, a2) = run("cap = { percent_of_target = \"150%\" }");
    assert_eq!(q1, dec!(3875.00));
    assert_eq!(a1, [dec!(0.00)]);
    assert_eq!(q2, dec!(7500.00));
    assert_eq!(a2, [dec!(-125.00)]);
}

// A plan gate at 90% of pipeline: Q1's quarter (80%) fails and withholds
// its 3,875.00; Q2's (140%) holds and pays its 7,625.00. The year-to-date
// true-up does not pay Q1's withheld pipeline again: what a failed gate
// withholds is forfeited.
#[test]
fn a_failed_gate_withholds_the_periods_payment() {
    let (q1, q2, a1, a2) = run(
        "gate = \"pipeline_90\"\n[gates.pipeline_90]\nmeasure = \"pipeline\"\nat_least = \"90%\"",
    );
    assert_eq!(q1, dec!(0.00));
    assert_eq!(a1, [dec!(-3875.00)]);
    assert_eq!(q2, dec!(7625.00));
    assert_eq!(a2, [dec!(0.00)]);
}
