//! Hostile inputs (issue 16): sums of money past 28 significant digits are
//! exact or an [`Error::Overflow`] naming what overflowed, never rounded.

use incentive::credit::CreditData;
use incentive::simulate::{Comparison, Distribution, Scenario};
use incentive::{
    CreditSource, Credits, Date, Error, ErrorKind, Explain, Inputs, Plan, Simulation, Transaction,
    payroll_rows,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plan, root};

/// The target incentive: 28 significant digits, one place.
const HUGE_TI: Decimal = dec!(500000000000000000000000000.1);

fn demand(ti: Option<Decimal>, pipeline: Decimal, rating: Decimal) -> Inputs {
    let i = Inputs::new("dana", "demand-generation")
        .actual("pipeline", pipeline)
        .target("pipeline", dec!(2))
        .rating("campaign_effectiveness", rating);
    match ti {
        Some(ti) => i.with_target_incentive(ti),
        None => i,
    }
}

/// Demand generation with the plan's own target incentive set to `ti`.
fn demand_plan_with_ti(ti: &str) -> Plan {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let from = "target_incentive = { amount = 5000 }";
    assert!(text.contains(from));
    Plan::from_toml(&text.replace(from, &format!("target_incentive = {{ amount = \"{ti}\" }}")))
        .unwrap()
}

fn overflow_naming(e: &Error, what: &str) {
    assert_eq!(e.kind(), ErrorKind::Overflow, "{e}");
    assert!(matches!(e, Error::Overflow(_)), "{e}");
    assert!(e.to_string().contains(what), "`{e}` does not name {what}");
}

// The case: lines 750000000000000000000000000.15 and
// 187500000000000000000000000.04 sum to 937500000000000000000000000.19,
// which no `Decimal` holds (29 digits past 2^96): the total is refused, not
// rounded to 937500000000000000000000000.2. The participant's own target
// incentive and the plan's give the same error.
#[test]
fn a_total_past_28_digits_is_an_overflow_not_a_rounded_total() {
    let own = plan("demand-generation")
        .evaluate(&demand(Some(HUGE_TI), dec!(3), dec!(5)))
        .unwrap_err();
    overflow_naming(&own, "the total");
    assert_eq!(own.details().participant.as_deref(), Some("dana"));
    assert_eq!(own.details().plan.as_deref(), Some("demand-generation"));
    let plans = demand_plan_with_ti("500000000000000000000000000.1");
    let e = plans.evaluate(&demand(None, dec!(3), dec!(5))).unwrap_err();
    overflow_naming(&e, "the total");
    // The values route and the batch agree with the statement.
    let prepared = plans.prepare();
    let e = prepared
        .batch(&[demand(None, dec!(3), dec!(5))], Explain::Skip)
        .unwrap_err();
    overflow_naming(&e, "the total");
    // Just inside: a target incentive of 400000000000000000000000000.1 at
    // rating 4 pays 600000000000000000000000000.15 and
    // 125000000000000000000000000.03125 → .03; the total .18 fits and is
    // their sum.
    let ti = dec!(400000000000000000000000000.1);
    let s = plan("demand-generation")
        .evaluate(&demand(Some(ti), dec!(3), dec!(4)))
        .unwrap();
    assert_eq!(
        s.lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
        vec![
            dec!(600000000000000000000000000.15),
            dec!(125000000000000000000000000.03)
        ]
    );
    assert_eq!(s.total(), dec!(725000000000000000000000000.18));
    let rows = payroll_rows(std::slice::from_ref(&s)).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.amount).collect::<Vec<_>>(),
        vec![
            dec!(600000000000000000000000000.15),
            dec!(125000000000000000000000000.03)
        ]
    );
}

/// Participant `id` on demand generation with the target incentive
/// 400000000000000000000000000.1 at pipeline 3 of 2 and rating 4: paid
/// 725000000000000000000000000.18, whose double needs 30 digits at two
/// places.
fn big(id: &str) -> Inputs {
    Inputs::new(id, "demand-generation")
        .with_target_incentive(dec!(400000000000000000000000000.1))
        .actual("pipeline", dec!(3))
        .target("pipeline", dec!(2))
        .rating("campaign_effectiveness", dec!(4))
}

// Two totals of 725000000000000000000000000.18: the sum
// 1450000000000000000000000000.36 has no `Decimal` (`checked_add` gave
// 1450000000000000000000000000.4).
#[test]
fn a_batch_total_past_28_digits_is_an_overflow() {
    let plan = plan("demand-generation");
    let prepared = plan.prepare();
    let one = prepared.batch(&[big("a")], Explain::Full).unwrap();
    assert_eq!(one.total(), dec!(725000000000000000000000000.18));
    for explain in [Explain::Skip, Explain::Full] {
        let e = prepared.batch(&[big("a"), big("b")], explain).unwrap_err();
        overflow_naming(&e, "the batch total");
    }
}

// The comparison's totals, on either side, and the deltas.
#[test]
fn comparison_totals_past_28_digits_are_an_overflow() {
    let plan = plan("demand-generation");
    let two = [big("a"), big("b")];
    let e = Comparison::new(
        Scenario {
            plan: &plan,
            inputs: &two,
        },
        Scenario {
            plan: &plan,
            inputs: &two,
        },
    )
    .unwrap_err();
    overflow_naming(&e, "the comparison totals");
    // One each: the totals and the delta are exact.
    let one = [big("a")];
    let none = [big("a").rating("campaign_effectiveness", dec!(1))];
    let c = Comparison::new(
        Scenario {
            plan: &plan,
            inputs: &none,
        },
        Scenario {
            plan: &plan,
            inputs: &one,
        },
    )
    .unwrap();
    assert_eq!(
        (c.old_total(), c.new_total(), c.delta()),
        (
            dec!(600000000000000000000000000.15),
            dec!(725000000000000000000000000.18),
            dec!(125000000000000000000000000.03)
        )
    );
}

// A statement whose lines add up only after rounding (the issue's
// .15 + .04 against .2) is refused by the payroll, not paid.
#[test]
fn payroll_rows_that_add_up_only_rounded_are_refused() {
    let mut s = plan("demand-generation").evaluate(&big("dana")).unwrap();
    s.lines[0].amount = dec!(750000000000000000000000000.15);
    s.lines[1].amount = dec!(187500000000000000000000000.04);
    s.total = dec!(937500000000000000000000000.2);
    let e = payroll_rows(&[s]).unwrap_err();
    overflow_naming(&e, "the payroll total");
    assert_eq!(e.details().participant.as_deref(), Some("dana"));
    assert_eq!(e.details().plan.as_deref(), Some("demand-generation"));
}

// Each trial costs 122500000000000000000000000.01 (97500000000000000000000000.00975
// → .01 and 25000000000000000000000000.0025 → .00); 50 of them sum to
// 6125000000000000000000000000.50, past a `Decimal` at two places, which
// rounded made the mean 0.06 above every trial's cost. The mean is the
// exact sum divided once.
#[test]
fn the_simulation_mean_is_exact_past_28_digits() {
    let plans = crate::plans();
    let people = [Inputs::new("dana", "demand-generation")
        .with_target_incentive(dec!(100000000000000000000000000.01))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(3))];
    let r = Simulation::new(&plans, &people)
        .draw(
            "pipeline",
            Distribution::normal(dec!(1.15), dec!(0)).unwrap(),
        )
        .revenue("pipeline")
        .trials(50)
        .run()
        .unwrap();
    let cost = dec!(122500000000000000000000000.01);
    assert_eq!((r.min, r.p50, r.max, r.mean_cost), (cost, cost, cost, cost));
    assert_eq!(r.by_role, vec![("demand-generation".to_owned(), cost)]);
    assert_eq!(
        r.by_component
            .iter()
            .map(|(_, c, m)| (c.as_str(), *m))
            .collect::<Vec<_>>(),
        vec![
            ("pipeline", dec!(97500000000000000000000000.01)),
            (
                "campaign_effectiveness",
                dec!(25000000000000000000000000.00)
            )
        ]
    );
    assert_eq!(r.mean_revenue, dec!(2300000.00));
    // 122500000000000000000000000.01 / 2300000, half-even to 6 places.
    assert_eq!(
        r.cost_share_of_revenue,
        Some(dec!(53260869565217391304.347826))
    );
}

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

/// Alex's half of 300,000 and a line of `line` credited wholly to Alex.
fn credited(line: Decimal) -> (Credits, Inputs) {
    let data = CreditData::new(
        vec![
            Transaction::new("D1", "bookings", dec!(300000), day("2026-01-10"))
                .split("alex", dec!(0.5))
                .split("blake", dec!(0.5)),
            Transaction::new("D2", "bookings", line, day("2026-01-11")).split("alex", dec!(1)),
        ],
        vec![],
        vec![],
    );
    let credits = Credits::build(
        &data,
        ["alex", "blake"],
        day("2026-01-01"),
        day("2026-03-31"),
    )
    .unwrap();
    let inputs = Inputs::new("alex", "account-executive-marginal")
        .source("bookings", CreditSource::Credited)
        .target("commission", dec!(500000));
    (credits, inputs)
}

// 150,000 − 0.0000000000000000000000000001 needs 34 digits: it was credited
// as 150,000.0000000000000000000000; it is an overflow naming the metric,
// the participant, the transaction and the field.
#[test]
fn a_credit_total_past_28_digits_is_an_overflow() {
    let plan = plan("account-executive-marginal");
    let (credits, inputs) = credited(dec!(-0.0000000000000000000000000001));
    let e = credits.apply(&plan, &inputs).unwrap_err();
    overflow_naming(&e, "the credited total of `bookings`");
    let d = e.details();
    assert_eq!(d.participant.as_deref(), Some("alex"));
    assert_eq!(d.transaction.as_deref(), Some("D2"));
    assert_eq!(d.field.as_deref(), Some("sources.bookings"));
    assert!(
        credits
            .trail("alex", "bookings", &CreditSource::Credited)
            .is_none()
    );
    // A line that keeps the total exact is credited exactly.
    let (credits, inputs) = credited(dec!(-0.000000000000000000001));
    let (filled, trails) = credits.apply(&plan, &inputs).unwrap();
    assert_eq!(trails[0].total, dec!(149999.999999999999999999999));
    assert_eq!(
        filled.actuals().get("bookings"),
        Some(&dec!(149999.999999999999999999999))
    );
}

/// A huge amount: up to 8 × 10^26 (where two places still fit), at 0 to
/// 3 places, or anything up to 28 digits.
fn huge() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        3 => (1i128..800_000_000_000_000_000_000_000_000, 0u32..=3),
        1 => (1i128..10_000_000_000_000_000_000_000_000_000, 0u32..=4),
    ]
    .prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s))
}

fn exact_sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<incentive::Exact> {
    amounts
        .into_iter()
        .try_fold(incentive::Exact::ZERO, |a, d| {
            a.checked_add(incentive::Exact::from_decimal(d))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // Whenever evaluation succeeds, lines + adjustments = total exactly and
    // the payroll rows add up to it, however large the amounts; otherwise
    // the error is an overflow.
    #[test]
    fn lines_adjustments_and_payroll_rows_add_up_to_the_total(
        ti in huge(),
        actual in 0u64..40,
        target in 1u64..20,
        rating in 1u32..=5,
        manual in prop::option::of((1i128..79_000_000_000_000_000_000_000_000_000, any::<bool>())),
        nrr in 80u32..130,
        kicker_plan in any::<bool>(),
    ) {
        let inputs = if kicker_plan {
            Inputs::new("p", "customer-marketing")
                .actual("nrr", Decimal::new(i64::from(nrr), 2))
                .target("nrr", dec!(1))
                .actual("expansion_pipeline", Decimal::from(actual))
                .target("expansion_pipeline", Decimal::from(target))
                .actual("gross_churn", dec!(0.06))
                .target("gross_churn", dec!(0.08))
        } else {
            Inputs::new("p", "demand-generation")
                .actual("pipeline", Decimal::from(actual))
                .target("pipeline", Decimal::from(target))
                .rating("campaign_effectiveness", Decimal::from(rating))
        };
        let mut inputs = inputs.with_target_incentive(ti);
        if let Some((m, negative)) = manual {
            let m = if negative { -m } else { m };
            inputs = inputs.adjustment("spiff", Decimal::from_i128_with_scale(m, 2), "test");
        }
        let plan = if kicker_plan {
            plan("customer-marketing")
        } else {
            plan("demand-generation")
        };
        match plan.evaluate(&inputs) {
            Ok(s) => {
                let total = incentive::Exact::from_decimal(s.total());
                let parts = exact_sum(
                    s.lines.iter().map(|l| l.amount).chain(s.adjustments.iter().map(|a| a.amount)),
                );
                prop_assert_eq!(parts, Some(total));
                let rows = payroll_rows(std::slice::from_ref(&s)).unwrap();
                prop_assert_eq!(exact_sum(rows.iter().map(|r| r.amount)), Some(total));
                // The batch agrees with the statement.
                let batch = plan.prepare().batch(std::slice::from_ref(&inputs), Explain::Skip).unwrap();
                prop_assert_eq!(batch.total(), s.total());
            }
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Overflow, "{}", e),
        }
    }
}

// The property's first find against the old code: customer marketing at
// a target incentive of 56166128842354171497661295.25 pays
// 105311491579414071558115428.60 before the SPIFF;
// a SPIFF of 686970133567057030928778743.61 makes the total
// 792281625146471102486894172.21, whose cents are past 2^96: it was
// rounded to one place, and is now an overflow naming the adjustment.
#[test]
fn a_manual_adjustment_past_28_digits_is_an_overflow() {
    let inputs = |spiff: Decimal| {
        Inputs::new("p", "customer-marketing")
            .with_target_incentive(dec!(56166128842354171497661295.25))
            .actual("nrr", dec!(1.10))
            .target("nrr", dec!(1))
            .actual("expansion_pipeline", dec!(5))
            .target("expansion_pipeline", dec!(1))
            .actual("gross_churn", dec!(0.06))
            .target("gross_churn", dec!(0.08))
            .adjustment("spiff", spiff, "test")
    };
    let plan = plan("customer-marketing");
    let e = plan
        .evaluate(&inputs(dec!(686970133567057030928778743.61)))
        .unwrap_err();
    overflow_naming(&e, "the total");
    assert_eq!(e.details().field.as_deref(), Some("adjustments.spiff"));
    // A SPIFF that keeps the total within two places is paid exactly.
    let s = plan.evaluate(&inputs(dec!(1000.01))).unwrap();
    assert_eq!(s.total(), dec!(105311491579414071558116428.61));
    let parts: Decimal = s
        .lines
        .iter()
        .map(|l| l.amount)
        .chain(s.adjustments.iter().map(|a| a.amount))
        .sum();
    assert_eq!(parts, s.total());
}

// A what-if grid near the largest `Decimal`: 7922816251426433759354395034.5
// has no `Decimal` (`Decimal::checked_add` rounded it to a whole number,
// which the grid then tried as if it were on a step). Past `to` it ends the
// grid; up to `to` it is an overflow naming the step.
#[test]
fn a_what_if_grid_is_exact_or_an_overflow() {
    use incentive::simulate::WhatIfRow;
    let from = dec!(7922816251426433759354395033.0);
    assert_eq!(
        WhatIfRow::grid(from, dec!(7922816251426433759354395034), dec!(0.5)).unwrap(),
        vec![
            from,
            dec!(7922816251426433759354395033.5),
            dec!(7922816251426433759354395034)
        ]
    );
    let e = WhatIfRow::grid(from, dec!(7922816251426433759354395035), dec!(0.5)).unwrap_err();
    overflow_naming(&e, "the grid");
    assert_eq!(e.details().field.as_deref(), Some("step"));
}

// A credit note of −0.0000000000000000000000000001 on the 300,000 split
// 50/50 passes the check that notes never exceed their line (compared, not
// summed); each half, −0.00000000000000000000000000005, has 29 places: an
// overflow naming the note.
#[test]
fn a_credit_note_below_the_last_place_is_an_overflow_naming_it() {
    let data = CreditData::new(
        vec![
            Transaction::new("D1", "bookings", dec!(300000), day("2026-01-10"))
                .split("alex", dec!(0.5))
                .split("blake", dec!(0.5)),
            Transaction::new(
                "N1",
                "bookings",
                dec!(-0.0000000000000000000000000001),
                day("2026-01-11"),
            )
            .refers_to("D1"),
        ],
        vec![],
        vec![],
    );
    let e = Credits::build(
        &data,
        ["alex", "blake"],
        day("2026-01-01"),
        day("2026-03-31"),
    )
    .unwrap_err();
    overflow_naming(&e, "the credit of transaction `N1`");
}

// Issue 16, defect 5: simulation bounds.
mod simulation_bounds {
    use incentive::simulate::{Distribution, MAX_TRIALS};
    use incentive::{Error, ErrorKind, Inputs, PlanSet, Simulation};
    use rust_decimal_macros::dec;

    fn dana() -> Inputs {
        Inputs::new("dana", "demand-generation")
            .actual("pipeline", dec!(2000000))
            .target("pipeline", dec!(2000000))
            .rating("campaign_effectiveness", dec!(3))
    }

    #[test]
    fn trials_are_from_one_to_the_bound() {
        let plans = PlanSet::load_dir("plans").unwrap();
        let people = [dana()];
        for trials in [0, MAX_TRIALS + 1] {
            let err = Simulation::new(&plans, &people)
                .trials(trials)
                .run()
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert_eq!(err.details().field.as_deref(), Some("trials"));
            assert_eq!(
                err.details().message,
                format!(
                    "trials is {trials}; a simulation runs from 1 to 50000000 trials (each keeps its total, 16 bytes)"
                )
            );
        }
        assert!(Simulation::new(&plans, &people).trials(1).run().is_ok());
    }

    #[test]
    fn a_finite_draw_too_large_is_not_called_infinite() {
        let plans = PlanSet::load_dir("plans").unwrap();
        let people = [dana()];
        // e^60 is about 1.1 × 10^26: finite, but past 9.2 × 10^18 units
        // of the fourth place.
        let err = Simulation::new(&plans, &people)
            .trials(3)
            .draw(
                "pipeline",
                Distribution::lognormal(dec!(60), dec!(0)).unwrap(),
            )
            .run()
            .unwrap_err();
        assert!(matches!(err, Error::Input(_)));
        assert_eq!(err.details().participant.as_deref(), Some("dana"));
        assert_eq!(err.details().component.as_deref(), Some("pipeline"));
        assert_eq!(
            err.details().message,
            "trial 0: a draw of `pipeline` is beyond ±9.2 × 10^18 units of its last place (4 places); narrow the distribution or lower the simulation's precision"
        );
    }

    #[test]
    fn an_overflow_of_draw_times_target_names_participant_and_component() {
        let plans = PlanSet::load_dir("plans").unwrap();
        let people = [dana()
            .actual("pipeline", dec!(1))
            .target("pipeline", dec!(70000000000000000000000000000))];
        let err = Simulation::new(&plans, &people)
            .trials(2)
            .draw("pipeline", Distribution::uniform(dec!(2), dec!(2)).unwrap())
            .run()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Overflow);
        assert_eq!(err.details().participant.as_deref(), Some("dana"));
        assert_eq!(err.details().component.as_deref(), Some("pipeline"));
        assert!(
            err.details().message.starts_with(
                "trial 0: the drawn attainment 2.0000 × the target of `pipeline` does not fit"
            ),
            "{err}"
        );
    }
}
