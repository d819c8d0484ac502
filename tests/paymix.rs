//! Issue 12, items 1, 2 and 11: pay mix and OTE, uneven period weights,
//! and manual adjustments, with the issue's worked examples as written.

use incentive::plan::{AdjustmentPlacement, Mix};
use incentive::statement::AdjustmentDetail;
use incentive::year::Calendar;
use incentive::{
    Assignment, Error, ErrorDetails, Exact, Inputs, Plan, PlanBook, Statement, YearInputs,
    YearState, payroll_rows,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plan, root};

/// One quantitative component on a linear curve (attainment pays itself,
/// up to 200%), with the given `target_incentive` table and more
/// top-level lines.
fn linear_plan(id: &str, target_incentive: &str, more: &str) -> String {
    format!(
        r#"id = "{id}"
name = "Linear"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = {target_incentive}
{more}
[metrics.bookings]

[curves.linear]
points = [[0, 0], [2, 2]]

[[components]]
id = "bookings"
name = "Bookings"
weight = "100%"
metric = "bookings"
curve = "linear"
"#
    )
}

/// At target: bookings equal to their target.
fn at_target(plan: &str, period: &str) -> Inputs {
    Inputs::new("pat", plan)
        .with_period(period)
        .actual("bookings", dec!(250000))
        .target("bookings", dec!(250000))
}

fn x(d: Decimal) -> Exact {
    Exact::from_decimal(d)
}

// ---------------------------------------------------------------------------
// Pay mix and OTE.

/// Worked example: OTE 200,000, mix 60/40, quarterly, annual quota
/// 1,000,000 → base 120,000.00; variable 80,000.00; per-quarter TI
/// 20,000.00; implied rate 8%.
#[test]
fn pay_mix_worked_example() {
    let plan = Plan::from_toml(&linear_plan(
        "ote",
        r#"{ ote = 200000, mix = "60/40", quota = 1000000 }"#,
        "",
    ))
    .unwrap();
    let s = plan.evaluate(&at_target("ote", "2026-Q1")).unwrap();
    let ti = s.target_incentive.as_ref().unwrap();
    assert_eq!(ti.amount, x(dec!(20000.00)));
    assert_eq!(ti.basis, "OTE 200000 at 60/40: variable 80000 / 4 quarters");
    let mix = ti.pay_mix.as_ref().unwrap();
    assert_eq!(mix.ote, x(dec!(200000)));
    assert_eq!(mix.base, x(dec!(120000.00)));
    assert_eq!(mix.variable, x(dec!(80000.00)));
    assert_eq!(mix.implied_rate, Some(x(dec!(0.08))));
    assert_eq!(mix.quota, Some(dec!(1000000)));
    assert_eq!(s.total(), dec!(20000.00));
    let text = s.to_string();
    assert!(text.contains(
        "target incentive 20000 (OTE 200000 at 60/40: variable 80000 / 4 quarters)\n  pay mix: OTE 200000 at 60/40 = base 120000 + variable 80000; implied commission rate 8% (variable 80000 / annual quota 1000000)\n"
    ), "{text}");
    // The plan's target incentive as written.
    assert_eq!(
        plan.target_incentive().unwrap().to_string(),
        "OTE 200000 at 60/40"
    );
}

#[test]
fn a_participants_ote_and_mix_override_the_plans() {
    let plan = Plan::from_toml(&linear_plan(
        "ote",
        r#"{ ote = 200000, mix = "60/40" }"#,
        "",
    ))
    .unwrap();
    let mix: Mix = "70/30".parse().unwrap();
    // Both: OTE 180,000 at 70/30, variable 54,000, 13,500 a quarter.
    let s = plan
        .evaluate(
            &at_target("ote", "2026-Q1")
                .with_ote(dec!(180000))
                .with_mix(mix),
        )
        .unwrap();
    let ti = s.target_incentive.as_ref().unwrap();
    assert_eq!(ti.amount, x(dec!(13500)));
    assert_eq!(
        ti.basis,
        "participant's OTE 180000 at 70/30: variable 54000 / 4 quarters"
    );
    assert_eq!(s.total(), dec!(13500.00));
    // Only the mix: the plan's OTE, 200,000 × 30% = 60,000, 15,000 a quarter.
    let s = plan
        .evaluate(&at_target("ote", "2026-Q1").with_mix(mix))
        .unwrap();
    assert_eq!(s.total(), dec!(15000.00));
    // Only the OTE: 250,000 × 40% = 100,000, 25,000 a quarter.
    let s = plan
        .evaluate(&at_target("ote", "2026-Q1").with_ote(dec!(250000)))
        .unwrap();
    assert_eq!(s.total(), dec!(25000.00));
    // And the quota from the inputs: 100,000 / 2,000,000 = 5%.
    let s = plan
        .evaluate(
            &at_target("ote", "2026-Q1")
                .with_ote(dec!(250000))
                .with_quota(dec!(2000000)),
        )
        .unwrap();
    let mix = s.target_incentive.unwrap().pay_mix.unwrap();
    assert_eq!(mix.implied_rate, Some(x(dec!(0.05))));
}

#[test]
fn a_base_salary_and_target_percent_give_the_pay_mix() {
    // A plan paying 40% of base, with a quota: base 120,000, variable
    // 48,000, OTE 168,000; 12,000 a quarter; rate 48,000 / 600,000 = 8%.
    let plan = Plan::from_toml(&linear_plan(
        "pct",
        r#"{ percent_of_base = "40%", quota = 600000 }"#,
        "",
    ))
    .unwrap();
    let s = plan
        .evaluate(&at_target("pct", "2026-Q1").with_base_salary(dec!(120000)))
        .unwrap();
    let ti = s.target_incentive.as_ref().unwrap();
    assert_eq!(ti.amount, x(dec!(12000)));
    assert_eq!(ti.basis, "40% of base salary 120000 / 4 quarters");
    let mix = ti.pay_mix.as_ref().unwrap();
    assert_eq!(
        (mix.base, mix.variable, mix.ote),
        (x(dec!(120000)), x(dec!(48000)), x(dec!(168000)))
    );
    assert_eq!(mix.implied_rate, Some(x(dec!(0.08))));
    assert_eq!(
        mix.to_string(),
        "base 120000 + variable 48000 (40% of base) = OTE 168000; implied commission rate 8% (variable 48000 / annual quota 600000)"
    );

    // A participant's own target percent, on a plan paying an amount.
    let amount = Plan::from_toml(&linear_plan("amt", "{ amount = 5000 }", "")).unwrap();
    let s = amount
        .evaluate(
            &at_target("amt", "2026-Q1")
                .with_base_salary(dec!(100000))
                .with_target_percent(dec!(0.2)),
        )
        .unwrap();
    assert_eq!(s.total(), dec!(5000.00)); // 100,000 × 20% / 4
    let mix = s.target_incentive.unwrap().pay_mix.unwrap();
    assert_eq!(mix.ote, x(dec!(120000)));
    assert_eq!(mix.target_percent, Some(dec!(0.2)));

    // A percent-of-base plan without a quota keeps its one-line basis.
    let legacy =
        Plan::from_toml(&linear_plan("legacy", r#"{ percent_of_base = "15%" }"#, "")).unwrap();
    let s = legacy
        .evaluate(&at_target("legacy", "2026-Q1").with_base_salary(dec!(120000)))
        .unwrap();
    assert_eq!(s.target_incentive.unwrap().pay_mix, None);
}

#[test]
fn pay_terms_that_contradict_each_other_are_refused() {
    let plan = Plan::from_toml(&linear_plan(
        "ote",
        r#"{ ote = 200000, mix = "60/40" }"#,
        "",
    ))
    .unwrap();
    let err = |i: Inputs| plan.evaluate(&i).unwrap_err();
    let e = err(at_target("ote", "2026-Q1")
        .with_target_incentive(dec!(5000))
        .with_ote(dec!(100000)));
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(
        *e.details(),
        ErrorDetails {
            participant: Some("pat".into()),
            plan: Some("ote".into()),
            field: Some("target_incentive".into()),
            message: "give this participant's own `target_incentive` per quarter or a pay mix (`ote`), not both".into(),
            ..ErrorDetails::default()
        }
    );
    let e = err(at_target("ote", "2026-Q1")
        .with_target_percent(dec!(0.1))
        .with_mix("50/50".parse().unwrap()));
    assert_eq!(e.details().field.as_deref(), Some("target_percent"));
    let e = err(at_target("ote", "2026-Q1").with_base_salary(dec!(90000)));
    assert_eq!(e.details().field.as_deref(), Some("base_salary"));
    let e = err(at_target("ote", "2026-Q1").with_ote(dec!(-1)));
    assert_eq!(
        e.details().message,
        "is -1; on-target earnings must be 0 or more"
    );
    let e = err(at_target("ote", "2026-Q1").with_quota(dec!(0)));
    assert_eq!(e.details().message, "is 0; a quota must be above 0");

    // Half a pay mix on a plan that has none to complete it.
    let amount = Plan::from_toml(&linear_plan("amt", "{ amount = 5000 }", "")).unwrap();
    let e = amount
        .evaluate(&at_target("amt", "2026-Q1").with_ote(dec!(100000)))
        .unwrap_err();
    assert_eq!(
        e.details().message,
        "missing `mix`: the inputs give on-target earnings of 100000 but no mix to divide them, and this plan's target incentive is 5000 per period; give one such as \"60/40\""
    );
    let e = amount
        .evaluate(&at_target("amt", "2026-Q1").with_quota(dec!(100000)))
        .unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("quota"));
    // Pay terms for a commission-only plan are refused, never ignored.
    let reseller = plan_of("reseller-commission");
    let e = reseller
        .evaluate(&Inputs::new("rita", "reseller-commission").with_ote(dec!(100000)))
        .unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("ote"));
}

fn plan_of(id: &str) -> Plan {
    plan(id)
}

/// A mix not adding up to 100 is a plan error naming the file, the line
/// and the field.
#[test]
fn a_mix_not_adding_up_to_100_is_a_plan_error() {
    let text = linear_plan("ote", r#"{ ote = 200000, mix = "60/50" }"#, "");
    let err = Plan::from_toml_named(&text, "ote.toml").unwrap_err();
    assert!(matches!(err, Error::Plan(_)));
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("ote.toml".into()),
            line: Some(6),
            column: Some(36),
            plan: Some("ote".into()),
            field: Some("target_incentive.mix".into()),
            message: "`60/50` adds up to 110; the base and variable shares of a mix must add up to exactly 100, such as \"60/40\"".into(),
            ..ErrorDetails::default()
        }
    );
    let err = |ti: &str| {
        Plan::from_toml(&linear_plan("ote", ti, ""))
            .unwrap_err()
            .details()
            .clone()
    };
    assert_eq!(
        err(r#"{ ote = 200000 }"#).message,
        "`ote` needs a `mix`, the base and variable shares of on-target earnings, such as `mix = \"60/40\"`"
    );
    assert_eq!(
        err(r#"{ ote = 200000, mix = "100/0" }"#).message,
        "`100/0` has no variable share, so it pays no target incentive; the variable share must be above 0"
    );
    assert_eq!(
        err(r#"{ ote = 200000, mix = "sixty-forty" }"#).message,
        "`sixty-forty` is not a pay mix; write the base and variable shares of on-target earnings as \"BASE/VARIABLE\", such as \"60/40\""
    );
    assert_eq!(
        err(r#"{ ote = 200000, mix = "60/40", amount = 5000 }"#).message,
        "give `ote` with `mix`, or one of `amount`, `annual`, `percent_of_base`; found `ote`/`mix` and `amount`"
    );
    assert_eq!(
        err(r#"{ annual = 20000, quota = 100000 }"#)
            .field
            .as_deref(),
        Some("target_incentive.quota")
    );
    // A mix in the inputs is checked as it is read, with its line.
    let e = Inputs::list_from_toml(
        "[[participants]]\nparticipant = 'pat'\nplan = 'ote'\nmix = '50/40'\n",
    )
    .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().line, Some(4));
    assert!(e.to_string().contains("`50/40` adds up to 90"), "{e}");
}

// ---------------------------------------------------------------------------
// Period weights.

fn weighted_plan() -> Plan {
    Plan::from_toml(&linear_plan(
        "weighted",
        r#"{ annual = 40000, period_weights = ["20%", "20%", "20%", "40%"] }"#,
        "",
    ))
    .unwrap()
}

/// Worked example: annual TI 40,000, weights 20/20/20/40, each quarter at
/// exactly 100% on a linear curve → Q1–Q3 8,000.00 each, Q4 16,000.00.
#[test]
fn period_weights_worked_example() {
    let plan = weighted_plan();
    let paid: Vec<Decimal> = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        .iter()
        .map(|q| plan.evaluate(&at_target("weighted", q)).unwrap().total())
        .collect();
    assert_eq!(
        paid,
        [dec!(8000.00), dec!(8000.00), dec!(8000.00), dec!(16000.00)]
    );
    let s = plan.evaluate(&at_target("weighted", "2026-Q4")).unwrap();
    let ti = s.target_incentive.unwrap();
    assert_eq!(ti.basis, "annual 40000 × 40% for quarter 4 of 4");
    assert_eq!(ti.period_weight.unwrap().weight, dec!(0.40));
}

/// A plan year pays the same weight for each period; proration of a
/// partial period applies on top.
#[test]
fn a_plan_year_uses_the_same_period_weights() {
    let plan = weighted_plan();
    let mut book = PlanBook::new();
    book.insert(plan.clone()).unwrap();
    let year = Calendar::new(1, plan.pay_period())
        .unwrap()
        .plan_year(2026)
        .unwrap();
    let mut inputs = YearInputs::new("pat", 2026).assign(Assignment::new(
        "weighted",
        incentive::Date::new(2026, 1, 1).unwrap(),
    ));
    for p in year.periods() {
        inputs = inputs.period(at_target("weighted", p.label()));
    }
    let mut state = YearState::new();
    let mut paid = Vec::new();
    for p in year.periods() {
        let (s, next) = book.evaluate_period(&inputs, p.label(), &state).unwrap();
        paid.push(s.total);
        state = next;
    }
    assert_eq!(
        paid,
        [dec!(8000.00), dec!(8000.00), dec!(8000.00), dec!(16000.00)]
    );

    // Hired on 2026-11-16: 46 of Q4's 92 days, 16,000 × 46/92 = 8,000.
    let hired = YearInputs::new("pat", 2026)
        .assign(Assignment::new(
            "weighted",
            incentive::Date::new(2026, 11, 16).unwrap(),
        ))
        .period(at_target("weighted", "2026-Q4"));
    let (q4, _) = book
        .evaluate_period(&hired, "2026-Q4", &YearState::new())
        .unwrap();
    assert_eq!(q4.total, dec!(8000.00));
    let seg = &q4.segments[0];
    assert_eq!(seg.target_incentive, x(dec!(8000)));
    let ti = seg.statement.target_incentive.as_ref().unwrap();
    assert_eq!(
        ti.basis,
        "16000 annual 40000 × 40% for quarter 4 of 4 × 46/92 days in plan"
    );
}

#[test]
fn a_weighted_plan_needs_the_period_label() {
    let plan = weighted_plan();
    let missing = Inputs::new("pat", "weighted")
        .actual("bookings", dec!(1))
        .target("bookings", dec!(1));
    let e = plan.evaluate(&missing).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(
        *e.details(),
        ErrorDetails {
            participant: Some("pat".into()),
            plan: Some("weighted".into()),
            field: Some("period".into()),
            message: "missing `period`: this plan's target incentive is weighted by quarter (20%, 20%, 20%, 40%), so the inputs must say which quarter they are for, such as `2026-Q1`; it is never split evenly".into(),
            kind: Some(incentive::ErrorKind::MissingInput),
            ..ErrorDetails::default()
        }
    );
    let e = plan
        .evaluate(&missing.clone().with_period("2026-Q5"))
        .unwrap_err();
    assert_eq!(
        e.details().message,
        "`2026-Q5` is not a quarter of a plan year; this plan's target incentive is weighted by quarter (20%, 20%, 20%, 40%), and its quarters are labelled `2026-Q1`, `2026-Q2`, `2026-Q3`, `2026-Q4`, for the plan year starting in 2026"
    );
    // Twelve months are listed as a range, not one by one.
    let weights = ["\"8%\""; 11].join(", ") + ", \"12%\"";
    let monthly = Plan::from_toml(
        &linear_plan(
            "weighted",
            &format!("{{ annual = 40000, period_weights = [{weights}] }}"),
            "",
        )
        .replace("pay_period = \"quarter\"", "pay_period = \"month\""),
    )
    .unwrap();
    let e = monthly
        .evaluate(&missing.clone().with_period("2026-Q1"))
        .unwrap_err();
    assert!(
        e.details()
            .message
            .ends_with("and its months are labelled `2026-M01` to `2026-M12`, for the plan year starting in 2026"),
        "{}",
        e.details().message
    );
    // The values route carries no period: refused the same way.
    let prepared = plan.prepare();
    let row = prepared.values(&missing).unwrap();
    let mut out = prepared.payout();
    let e = prepared.evaluate_values("pat", &row, &mut out).unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("period"));
}

/// Weights not adding up to 100%, or one too few, are plan errors naming
/// the file, line and field.
#[test]
fn period_weights_must_add_up_to_100_percent_one_a_period() {
    let text = linear_plan(
        "weighted",
        r#"{ annual = 40000, period_weights = ["20%", "20%", "20%", "30%"] }"#,
        "",
    );
    let err = Plan::from_toml_named(&text, "weighted.toml").unwrap_err();
    assert!(matches!(err, Error::Plan(_)));
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("weighted.toml".into()),
            line: Some(6),
            column: Some(38),
            plan: Some("weighted".into()),
            field: Some("target_incentive.period_weights".into()),
            message: "the weights add up to 90% (20%, 20%, 20%, 30%); period weights must add up to exactly 100%".into(),
            ..ErrorDetails::default()
        }
    );
    let text = linear_plan(
        "weighted",
        r#"{ annual = 40000, period_weights = ["30%", "30%", "40%"] }"#,
        "",
    );
    let err = Plan::from_toml_named(&text, "weighted.toml").unwrap_err();
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("weighted.toml".into()),
            line: Some(6),
            column: Some(38),
            plan: Some("weighted".into()),
            field: Some("target_incentive.period_weights".into()),
            message: "gives 3 weights (30%, 30%, 40%); a plan paid by quarter needs one weight for each of its 4 quarters".into(),
            ..ErrorDetails::default()
        }
    );
    let err = Plan::from_toml(&linear_plan(
        "weighted",
        r#"{ amount = 10000, period_weights = ["25%", "25%", "25%", "25%"] }"#,
        "",
    ))
    .unwrap_err();
    assert_eq!(
        err.details().message,
        "`amount` is 10000 every quarter; period weights divide an annual target incentive, so give `annual`, `percent_of_base` or `ote` instead"
    );
}

/// Weights go with the pay mix too: OTE 200,000 at 60/40 weighted
/// 10/20/30/40 pays 8,000, 16,000, 24,000 and 32,000 at target.
#[test]
fn period_weights_divide_a_pay_mix_and_a_percent_of_base() {
    let plan = Plan::from_toml(&linear_plan(
        "ote",
        r#"{ ote = 200000, mix = "60/40", period_weights = ["10%", "20%", "30%", "40%"] }"#,
        "",
    ))
    .unwrap();
    let paid: Vec<Decimal> = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        .iter()
        .map(|q| plan.evaluate(&at_target("ote", q)).unwrap().total())
        .collect();
    assert_eq!(
        paid,
        [
            dec!(8000.00),
            dec!(16000.00),
            dec!(24000.00),
            dec!(32000.00)
        ]
    );
    let pct = Plan::from_toml(&linear_plan(
        "pct",
        r#"{ percent_of_base = "10%", period_weights = ["10%", "20%", "30%", "40%"] }"#,
        "",
    ))
    .unwrap();
    let s = pct
        .evaluate(&at_target("pct", "2026-Q2").with_base_salary(dec!(100000)))
        .unwrap();
    assert_eq!(s.total(), dec!(2000.00)); // 10,000 × 20%
}

/// The lint reads the target incentive as evaluation does: an OTE plan's
/// variable per period, a weighted plan at its largest period.
#[test]
fn the_lint_reads_the_new_target_incentive_forms() {
    use incentive::lint::{Finding, LintPolicy, lint};
    let capped = |ti: &str| {
        Plan::from_toml(&linear_plan("lint", ti, "").replace(
            "curve = \"linear\"\n",
            "curve = \"linear\"\ncap = { amount = 15000 }\n",
        ))
        .unwrap()
    };
    let target_of = |plan: &Plan| -> Vec<Option<Exact>> {
        lint(plan, &LintPolicy::new())
            .into_iter()
            .filter_map(|w| match w.finding {
                Finding::CapBelowTarget { target, .. } => Some(target),
                _ => None,
            })
            .collect()
    };
    // OTE 200,000 at 60/40: 20,000 a quarter at target, above the cap.
    let ote = capped(r#"{ ote = 200000, mix = "60/40" }"#);
    assert_eq!(target_of(&ote), [Some(x(dec!(20000)))]);
    // Weighted 10/20/30/40: read at the fourth quarter, 32,000.
    let weighted =
        capped(r#"{ ote = 200000, mix = "60/40", period_weights = ["10%", "20%", "30%", "40%"] }"#);
    assert_eq!(target_of(&weighted), [Some(x(dec!(32000)))]);
    // An annual 40,000 evenly: 10,000 a quarter, under the cap.
    assert!(target_of(&capped("{ annual = 40000 }")).is_empty());
}

// ---------------------------------------------------------------------------
// Manual adjustments.

/// Dana's demand-generation inputs, from the shipped samples.
fn dana() -> Inputs {
    Inputs::load_list(root("plans/samples/participants.toml"))
        .unwrap()
        .into_iter()
        .find(|i| i.participant() == "dana")
        .unwrap()
}

/// Worked example: Dana's statement (6,437.50) plus a SPIFF 500.00 and a
/// correction −120.00 → total 6,817.50; payroll has both rows with their
/// reasons.
#[test]
fn adjustments_worked_example() {
    let plan = plan("demand-generation");
    assert_eq!(plan.evaluate(&dana()).unwrap().total(), dec!(6437.50));
    let inputs = dana()
        .adjustment("spiff", dec!(500.00), "Q1 launch SPIFF")
        .adjustment(
            "correction",
            dec!(-120.00),
            "Q4 2025 pipeline double-counted",
        );
    let s = crate::roundtrip::round_trip(&plan.evaluate(&inputs).unwrap());
    assert_eq!(s.total(), dec!(6817.50));
    assert_eq!(
        s.adjustments
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "manual adjustment `spiff` (Q1 launch SPIFF), outside the plan cap: 500.00",
            "manual adjustment `correction` (Q4 2025 pipeline double-counted), outside the plan cap: -120.00",
        ]
    );
    assert!(matches!(
        &s.adjustments[0].detail,
        Some(AdjustmentDetail::Manual(m)) if m.name == "spiff" && m.placement == AdjustmentPlacement::OutsideCap
    ));
    assert_eq!(s.exact_total, x(dec!(6817.50)));
    let rows = payroll_rows(std::slice::from_ref(&s)).unwrap();
    let listed: Vec<(&str, Decimal, Option<&str>)> = rows
        .iter()
        .map(|r| (r.component.as_str(), r.amount, r.reason.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            ("pipeline", dec!(4875.00), None),
            ("campaign_effectiveness", dec!(1562.50), None),
            (
                "adjustment:manual:spiff",
                dec!(500.00),
                Some("Q1 launch SPIFF")
            ),
            (
                "adjustment:manual:correction",
                dec!(-120.00),
                Some("Q4 2025 pipeline double-counted")
            ),
        ]
    );
    assert_eq!(
        rows.iter().map(|r| r.amount).sum::<Decimal>(),
        dec!(6817.50)
    );
}

#[cfg(feature = "csv")]
#[test]
fn payroll_csv_has_a_reason_column_only_with_manual_adjustments() {
    let plan = plan("demand-generation");
    let plain = incentive::csv::write_payroll(&[plan.evaluate(&dana()).unwrap()]).unwrap();
    assert_eq!(
        plain.lines().next(),
        Some("participant,period,plan,component,amount,currency")
    );
    let s = plan
        .evaluate(&dana().adjustment("spiff", dec!(500), "Q1 launch SPIFF, approved"))
        .unwrap();
    let text = incentive::csv::write_payroll(&[s]).unwrap();
    assert_eq!(
        text,
        "participant,period,plan,component,amount,currency,reason\n\
         dana,2026-Q1,demand-generation,pipeline,4875.00,USD,\n\
         dana,2026-Q1,demand-generation,campaign_effectiveness,1562.50,USD,\n\
         dana,2026-Q1,demand-generation,adjustment:manual:spiff,500.00,USD,\"Q1 launch SPIFF, approved\"\n"
    );
    // An inputs CSV has no place for them: refused, never dropped.
    let e = incentive::csv::write_inputs(&[dana().adjustment("spiff", dec!(1), "x")]).unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("adjustments"));
}

/// The pay terms have CSV columns, read and written exactly.
#[cfg(feature = "csv")]
#[test]
fn pay_terms_round_trip_through_csv() {
    let text = "participant,plan,period,ote,mix,quota,actual.bookings,target.bookings\n\
                pat,ote,2026-Q1,180000,70/30,2000000,250000,250000\n";
    let inputs = incentive::csv::read_inputs(text, None).unwrap();
    assert_eq!(inputs[0].mix(), Some("70/30".parse().unwrap()));
    assert_eq!(incentive::csv::write_inputs(&inputs).unwrap(), text);
    let plan = Plan::from_toml(&linear_plan(
        "ote",
        r#"{ ote = 200000, mix = "60/40" }"#,
        "",
    ))
    .unwrap();
    assert_eq!(plan.evaluate(&inputs[0]).unwrap().total(), dec!(13500.00));
    let e = incentive::csv::read_inputs("participant,plan,mix\npat,ote,70/20\n", Some("in.csv"))
        .unwrap_err();
    assert_eq!(
        (
            e.details().line,
            e.details().column,
            e.details().field.as_deref()
        ),
        (Some(2), Some(3), Some("mix"))
    );
}

/// Inside the cap: added before the plan cap, which then applies to them;
/// outside, after it.
#[test]
fn adjustments_sit_inside_or_outside_the_plan_cap_as_the_plan_declares() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let capped = |placement: &str| {
        Plan::from_toml(&format!(
            "cap = {{ amount = 6500 }}\nadjustments = \"{placement}\"\n{text}"
        ))
        .unwrap()
    };
    let inputs = dana().adjustment("spiff", dec!(500.00), "Q1 launch SPIFF");
    let inside = capped("inside-cap").evaluate(&inputs).unwrap();
    assert_eq!(inside.total(), dec!(6500.00));
    let kinds: Vec<(&str, Decimal)> = inside
        .adjustments
        .iter()
        .map(|a| (a.kind.as_str(), a.amount))
        .collect();
    assert_eq!(
        kinds,
        [("manual", dec!(500.00)), ("plan-cap", dec!(-437.50))]
    );
    let outside = capped("outside-cap").evaluate(&inputs).unwrap();
    assert_eq!(outside.total(), dec!(6937.50));
    let kinds: Vec<(&str, Decimal)> = outside
        .adjustments
        .iter()
        .map(|a| (a.kind.as_str(), a.amount))
        .collect();
    assert_eq!(kinds, [("plan-cap", dec!(0.00)), ("manual", dec!(500.00))]);
    assert_eq!(
        outside.adjustments[1].to_string(),
        "manual adjustment `spiff` (Q1 launch SPIFF), outside the plan cap: 500.00"
    );
    assert_eq!(
        inside.adjustments[0].to_string(),
        "manual adjustment `spiff` (Q1 launch SPIFF), inside the plan cap: 500.00"
    );

    // Inside a cap the plan does not have is a plan error.
    let err = Plan::from_toml_named(&format!("adjustments = \"inside-cap\"\n{text}"), "dg.toml")
        .unwrap_err();
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("dg.toml".into()),
            line: Some(1),
            column: Some(1),
            plan: Some("demand-generation".into()),
            field: Some("adjustments".into()),
            message: "`inside-cap` places the inputs' manual adjustments under the plan's `cap`, and this plan has none; add a `cap`, or use `outside-cap`".into(),
            ..ErrorDetails::default()
        }
    );
}

/// An adjustment without a reason is an input error naming the
/// participant, plan and field; so are a duplicate name and an amount
/// finer than the currency.
#[test]
fn an_adjustment_needs_a_reason_a_unique_name_and_whole_cents() {
    let plan = plan("demand-generation");
    let e = plan
        .evaluate(&dana().adjustment("spiff", dec!(500), ""))
        .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(
        *e.details(),
        ErrorDetails {
            participant: Some("dana".into()),
            plan: Some("demand-generation".into()),
            field: Some("adjustments.spiff.reason".into()),
            message:
                "adjustment `spiff` has no reason; say why it is paid, such as \"Q1 launch SPIFF\""
                    .into(),
            ..ErrorDetails::default()
        }
    );
    let e = plan
        .evaluate(&dana().adjustment("spiff", dec!(500), "one").adjustment(
            "spiff",
            dec!(100),
            "two",
        ))
        .unwrap_err();
    assert_eq!(
        e.details().message,
        "adjustment `spiff` appears twice; give each adjustment its own name"
    );
    let e = plan
        .evaluate(&dana().adjustment("spiff", dec!(500.005), "x"))
        .unwrap_err();
    assert_eq!(
        (e.details().field.as_deref(), e.details().message.as_str()),
        (
            Some("adjustments.spiff.amount"),
            "is 500.005, finer than the currency's 2 decimal places; an adjustment is paid as given, never rounded"
        )
    );
    let e = plan
        .evaluate(&dana().adjustment("q1 spiff", dec!(500), "x"))
        .unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("adjustments.0.name"));

    // In an inputs file, a missing reason is refused as the file is read,
    // with its line.
    let e = Inputs::list_from_toml(
        "[[participants]]\nparticipant = 'dana'\nplan = 'demand-generation'\n\n\
         [[participants.adjustments]]\nname = 'spiff'\namount = 500\n",
    )
    .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().participant.as_deref(), Some("dana"));
    assert!(e.to_string().contains("missing field `reason`"), "{e}");
}

#[test]
fn adjustments_read_from_an_inputs_file() {
    let list = Inputs::list_from_toml(
        r#"
[[participants]]
participant = "dana"
plan = "demand-generation"
period = "2026-Q1"
actuals = { pipeline = 2300000 }
targets = { pipeline = 2000000 }
ratings = { campaign_effectiveness = 4 }

[[participants.adjustments]]
name = "spiff"
amount = 500.00
reason = "Q1 launch SPIFF"

[[participants.adjustments]]
name = "correction"
amount = "-120.00"
reason = "Q4 2025 pipeline double-counted"
"#,
    )
    .unwrap();
    let s = plan("demand-generation").evaluate(&list[0]).unwrap();
    assert_eq!(s.total(), dec!(6817.50));
}

/// Every route that can carry adjustments pays them; the values route
/// refuses them rather than dropping them.
#[test]
fn every_route_pays_the_adjustments_or_refuses_them() {
    let plan = plan("demand-generation");
    let inputs = dana()
        .adjustment("spiff", dec!(500.00), "Q1 launch SPIFF")
        .adjustment("correction", dec!(-120.00), "fix");
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    prepared.evaluate_into(&inputs, &mut out).unwrap();
    assert_eq!(out.total(), dec!(6817.50));
    assert_eq!(out.exact_total(), Some(x(dec!(6817.50))));
    let batch = prepared
        .batch(std::slice::from_ref(&inputs), incentive::Explain::Skip)
        .unwrap();
    assert_eq!(batch.total(), dec!(6817.50));
    let e = prepared.values(&inputs).unwrap_err();
    assert_eq!(
        e.details().message,
        "the inputs carry manual adjustments (`spiff`), which a row of values cannot hold; evaluate them with `Plan::evaluate` or `PreparedPlan::evaluate_into`"
    );

    // A plan year pays them once for the period.
    let mut book = PlanBook::new();
    book.insert(plan.clone()).unwrap();
    let year = YearInputs::new("dana", 2026)
        .assign(Assignment::new(
            "demand-generation",
            incentive::Date::new(2026, 1, 1).unwrap(),
        ))
        .period(inputs);
    let (q1, _) = book
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(q1.total, dec!(6817.50));
    let keys: Vec<&str> = q1.adjustments.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["manual:spiff", "manual:correction"]);
}

// ---------------------------------------------------------------------------
// Properties.

/// `n` weights in basis points adding up to exactly 10,000 (100%).
fn weights(n: usize) -> impl Strategy<Value = Vec<Decimal>> {
    proptest::collection::vec(0u32..=10_000, n - 1).prop_map(|mut cuts| {
        cuts.sort_unstable();
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut last = 0;
        for c in cuts.into_iter().chain(std::iter::once(10_000)) {
            out.push(Decimal::new(i64::from(c - last), 4));
            last = c;
        }
        out
    })
}

fn weights_toml(ws: &[Decimal]) -> String {
    let v: Vec<String> = ws.iter().map(|w| format!("\"{w}\"")).collect();
    format!("[{}]", v.join(", "))
}

fn ti_of(s: &Statement) -> Exact {
    s.target_incentive.as_ref().unwrap().amount
}

proptest! {
    /// The period weights' target incentives add up exactly to the annual
    /// target incentive, by month and by quarter.
    #[test]
    fn weighted_periods_add_up_to_the_annual_target_incentive(
        monthly in any::<bool>(),
        annual in 1i64..1_000_000_000_000,
        ws in prop_oneof![weights(4), weights(12)],
    ) {
        let annual = Decimal::new(annual, 2);
        let (period, n) = if monthly { ("month", 12) } else { ("quarter", 4) };
        prop_assume!(ws.len() == n);
        let text = linear_plan(
            "w",
            &format!("{{ annual = \"{annual}\", period_weights = {} }}", weights_toml(&ws)),
            "",
        )
        .replace("pay_period = \"quarter\"", &format!("pay_period = \"{period}\""));
        let plan = Plan::from_toml(&text).unwrap();
        let pay_period = plan.pay_period();
        let mut sum = Exact::ZERO;
        for i in 1..=n as u32 {
            let label = match pay_period {
                incentive::PayPeriod::Month => format!("2026-M{i:02}"),
                _ => format!("2026-Q{i}"),
            };
            let s = plan.evaluate(&at_target("w", &label)).unwrap();
            sum = sum.checked_add(ti_of(&s)).unwrap();
        }
        prop_assert_eq!(sum, x(annual));
    }

    /// The pay mix's base + variable = OTE exactly, and the periods'
    /// target incentives add up to the variable.
    #[test]
    fn base_plus_variable_is_ote(
        ote in 0i64..100_000_000_000,
        base_bp in 0i64..10_000,
        from_inputs in any::<bool>(),
    ) {
        let ote = Decimal::new(ote, 2);
        let mix = Mix::new(Decimal::new(base_bp, 2), Decimal::new(10_000 - base_bp, 2)).unwrap();
        let plan = Plan::from_toml(&linear_plan("m", r#"{ ote = 1000, mix = "50/50" }"#, "")).unwrap();
        let inputs = if from_inputs {
            at_target("m", "2026-Q1").with_ote(ote).with_mix(mix)
        } else {
            at_target("m", "2026-Q1")
        };
        let plan = if from_inputs {
            plan
        } else {
            Plan::from_toml(&linear_plan("m", &format!("{{ ote = \"{ote}\", mix = \"{mix}\" }}"), "")).unwrap()
        };
        // A plan's OTE is above 0; the inputs' may be 0.
        prop_assume!(from_inputs || !ote.is_zero());
        let s = plan.evaluate(&inputs).unwrap();
        let ti = s.target_incentive.as_ref().unwrap();
        let m = ti.pay_mix.as_ref().unwrap();
        prop_assert_eq!(m.base.checked_add(m.variable).unwrap(), x(ote));
        prop_assert_eq!(m.variable, x(ote).checked_mul(x(mix.variable())).unwrap());
        // The four quarters' shares (to the cent by largest remainder when
        // the variable is whole cents) add up to the variable.
        let mut sum = Exact::ZERO;
        for q in 1..=4 {
            let label = format!("2026-Q{q}");
            let inputs = if from_inputs {
                at_target("m", &label).with_ote(ote).with_mix(mix)
            } else {
                at_target("m", &label)
            };
            sum = sum.checked_add(ti_of(&plan.evaluate(&inputs).unwrap())).unwrap();
        }
        prop_assert_eq!(sum, m.variable);
    }

    /// Lines + adjustments = total, always, inside or outside a cap; and
    /// outside it the adjustments add exactly to the total they are added
    /// to. Payroll rows add up to the total.
    #[test]
    fn adjustments_add_exactly_to_the_total(
        amounts in proptest::collection::vec(-1_000_000i64..1_000_000, 0..5),
        pipeline in 0i64..4_000_000,
        cap in prop_oneof![Just(None), (1i64..20_000).prop_map(Some)],
        inside in any::<bool>(),
    ) {
        let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
        let placement = if inside && cap.is_some() { "inside-cap" } else { "outside-cap" };
        let head = match cap {
            Some(c) => format!("cap = {{ amount = {c} }}\nadjustments = \"{placement}\"\n"),
            None => String::new(),
        };
        let plan = Plan::from_toml(&format!("{head}{text}")).unwrap();
        let base = Inputs::new("dana", "demand-generation")
            .actual("pipeline", Decimal::from(pipeline))
            .target("pipeline", dec!(2000000))
            .rating("campaign_effectiveness", dec!(3));
        let mut inputs = base.clone();
        for (k, a) in amounts.iter().enumerate() {
            inputs = inputs.adjustment(format!("a{k}"), Decimal::new(*a, 2), "because");
        }
        let without = plan.evaluate(&base).unwrap();
        let s = plan.evaluate(&inputs).unwrap();
        let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
        let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
        prop_assert_eq!(lines + adjustments, s.total());
        let manual: Decimal = amounts.iter().map(|a| Decimal::new(*a, 2)).sum();
        if placement == "outside-cap" {
            prop_assert_eq!(s.total(), without.total() + manual);
        }
        let rows = payroll_rows(std::slice::from_ref(&s)).unwrap();
        prop_assert_eq!(rows.iter().map(|r| r.amount).sum::<Decimal>(), s.total());
        // The prepared route pays the same.
        let prepared = plan.prepare();
        let mut out = prepared.payout();
        prepared.evaluate_into(&inputs, &mut out).unwrap();
        prop_assert_eq!(out.total(), s.total());
    }
}

/// Weighted periods share an annual amount by largest remainder: 100.03 at
/// 12.5/12.5/37.5/37.5 is 12.50375, 12.50375, 37.51125, 37.51125 exactly;
/// the one cent left over goes to the larger remainder, and of the two
/// equal ones to the earlier quarter: 12.51, 12.50, 37.51, 37.51.
#[test]
fn weighted_periods_give_the_cent_left_over_to_the_largest_remainder() {
    let plan = Plan::from_toml(&linear_plan(
        "weighted",
        r#"{ annual = "100.03", period_weights = ["12.5%", "12.5%", "37.5%", "37.5%"] }"#,
        "",
    ))
    .unwrap();
    let paid: Vec<Decimal> = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
        .iter()
        .map(|q| plan.evaluate(&at_target("weighted", q)).unwrap().total())
        .collect();
    assert_eq!(paid, [dec!(12.51), dec!(12.50), dec!(37.51), dec!(37.51)]);
    assert_eq!(paid.iter().sum::<Decimal>(), dec!(100.03));
}
