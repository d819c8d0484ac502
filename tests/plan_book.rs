//! Issue 14, item 6: one container for single periods and plan years. A
//! `PlanBook` evaluates a single period against the plan version in
//! effect over it, as a `PlanSet` does for a plan of one version.

use incentive::{ErrorKind, Inputs, Plan, PlanBook, PlanSet};
use rust_decimal_macros::dec;

fn dana(period: &str) -> Inputs {
    Inputs::new("dana", "demand-generation")
        .with_period(period)
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4))
}

/// Demand generation as two versions: 5,000 a quarter to 2026-06-30,
/// 6,000 a quarter from 2026-07-01.
fn versioned() -> PlanBook {
    let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap();
    let v1 = text.replace("[year]\n", "[year]\neffective_until = 2026-06-30\n");
    let v2 = text
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace("{ amount = 5000 }", "{ amount = 6000 }")
        .replace("[year]\n", "[year]\neffective_from = 2026-07-01\n");
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    book.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    book
}

#[test]
fn a_book_pays_every_sample_as_the_set_does() {
    let set = PlanSet::load_dir("plans").unwrap();
    let book = PlanBook::load_dir("plans").unwrap();
    let inputs = Inputs::load_list("plans/samples/participants.toml").unwrap();
    assert_eq!(
        book.evaluate_all(&inputs).unwrap(),
        set.evaluate_all(&inputs).unwrap()
    );
    assert_eq!(book.evaluate_each(&inputs), set.evaluate_each(&inputs));
}

#[test]
fn each_period_is_paid_by_the_version_in_effect_over_it() {
    let book = versioned();
    let q2 = book.evaluate(&dana("2026-Q2")).unwrap();
    assert_eq!(
        (q2.plan_version.as_str(), q2.total()),
        ("2026.1", dec!(6437.50))
    );
    let q3 = book.evaluate(&dana("2026-Q3")).unwrap();
    // 6,000: pipeline 4,500 × 130% = 5,850.00, rating 1,500 × 125% = 1,875.00.
    assert_eq!(
        (q3.plan_version.as_str(), q3.total()),
        ("2026.2", dec!(7725.00))
    );
}

#[test]
fn a_period_no_one_version_pays_is_refused() {
    let book = versioned();
    // A single dated version pays only its own periods.
    let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap();
    let mut from_2026 = PlanBook::new();
    from_2026
        .insert(
            Plan::from_toml(&text.replace("[year]\n", "[year]\neffective_from = 2026-01-01\n"))
                .unwrap(),
        )
        .unwrap();
    assert!(from_2026.evaluate(&dana("2026-Q1")).is_ok());
    let err = from_2026.evaluate(&dana("2025-Q4")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "invalid input: participant `dana`, plan `demand-generation`, field `period`: no version of plan `demand-generation` is in effect in 2025-Q4 (2025-10-01 to 2025-12-31, 92 days); versions: `2026.1` (from 2026-01-01)"
    );
    let unlabelled = Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4));
    let err = book.evaluate(&unlabelled).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingInput);
    assert_eq!(
        err.to_string(),
        "invalid input: participant `dana`, plan `demand-generation`, field `period`: missing `period`: plan `demand-generation` has dated versions (`2026.1` (until 2026-06-30), `2026.2` (from 2026-07-01)), so the inputs must say which period they are for"
    );
    assert_eq!(
        book.evaluate(&Inputs::new("x", "nope")).unwrap_err().kind(),
        ErrorKind::UnknownPlan
    );

    // A version change inside a month of a monthly plan.
    let text = std::fs::read_to_string("plans/demand-generation.toml")
        .unwrap()
        .replace("pay_period = \"quarter\"", "pay_period = \"month\"");
    let mut monthly = PlanBook::new();
    monthly
        .insert(
            Plan::from_toml(&text.replace("[year]\n", "[year]\neffective_until = 2026-03-15\n"))
                .unwrap(),
        )
        .unwrap();
    monthly
        .insert(
            Plan::from_toml(
                &text
                    .replace("version = \"2026.1\"", "version = \"2026.2\"")
                    .replace("[year]\n", "[year]\neffective_from = 2026-03-16\n"),
            )
            .unwrap(),
        )
        .unwrap();
    let err = monthly.evaluate(&dana("2026-M03")).unwrap_err();
    assert!(
        err.to_string().contains("plan `demand-generation` changes version inside 2026-M03 (2026-03-01 to 2026-03-31, 31 days)"),
        "{err}"
    );
    assert!(monthly.evaluate(&dana("2026-M04")).is_ok());
}
