//! Issue 14, item 6: an `ErrorKind` code can match, `Error::Io` keeping its
//! source, and a batch that evaluates every participant and hands back the
//! rejected ones with their errors.

use std::error::Error as _;

use incentive::{Error, ErrorKind, Inputs, Plan, PlanSet};
use rust_decimal_macros::dec;

fn plans() -> PlanSet {
    PlanSet::load_dir("plans").unwrap()
}

fn dana() -> Inputs {
    Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4))
}

fn kind_of(inputs: &Inputs) -> ErrorKind {
    plans().evaluate(inputs).unwrap_err().kind()
}

#[test]
fn every_kind_from_a_real_case() {
    let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap();
    let misspelt = Plan::from_toml(&text.replacen("weight = \"75%\"", "wieght = \"75%\"", 1));
    assert_eq!(misspelt.unwrap_err().kind(), ErrorKind::UnknownField);
    let unbalanced = Plan::from_toml(&text.replacen("weight = \"75%\"", "weight = \"70%\"", 1));
    let e = unbalanced.unwrap_err();
    assert!(matches!(e, Error::Plan(_)));
    assert_eq!(e.kind(), ErrorKind::InvalidPlan);

    assert_eq!(
        kind_of(&Inputs::new("dana", "nope")),
        ErrorKind::UnknownPlan
    );
    let no_actual = Inputs::new("dana", "demand-generation")
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4));
    assert_eq!(kind_of(&no_actual), ErrorKind::MissingInput);
    assert_eq!(
        kind_of(&dana().rating("campaign_effectiveness", dec!(6))),
        ErrorKind::OffScale
    );
    assert_eq!(
        kind_of(&dana().target("pipeline", dec!(0))),
        ErrorKind::ZeroTarget
    );
    assert_eq!(
        kind_of(&dana().actual("pipeline", dec!(-5))),
        ErrorKind::NegativeAmount
    );
    let twice = plans().evaluate_all(&[dana(), dana()]).unwrap_err();
    assert_eq!(twice.kind(), ErrorKind::Duplicate);
    assert_eq!(
        kind_of(&dana().with_target_incentive(dec!(-1))),
        ErrorKind::InvalidInput
    );
    let huge = dana()
        .actual("pipeline", dec!(3000000))
        .with_target_incentive(dec!(79228162514264337593543950335));
    assert_eq!(kind_of(&huge), ErrorKind::Overflow);
    assert_eq!(ErrorKind::MissingInput.to_string(), "missing input");
}

#[test]
fn an_io_error_keeps_its_source() {
    let e = Plan::load("plans/no-such-plan.toml").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    let io = e
        .source()
        .unwrap()
        .downcast_ref::<std::io::Error>()
        .unwrap();
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(
        e.to_string(),
        "i/o error: file `plans/no-such-plan.toml`: no such file or directory (os error 2)"
    );
    // Other errors have no source.
    assert!(Plan::from_toml("id = 1").unwrap_err().source().is_none());
}

#[test]
fn a_batch_pays_everyone_it_can_and_says_why_not_the_others() {
    let off = dana().rating("campaign_effectiveness", dec!(6));
    let bob = Inputs::new("bob", "demand-generation")
        .actual("pipeline", dec!(1000000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(3));
    let run = plans().evaluate_each(&[off.clone(), bob.clone(), Inputs::new("cy", "nope"), bob]);
    let paid: Vec<(&str, String)> = run
        .statements
        .iter()
        .map(|s| (s.participant.as_str(), s.total().to_string()))
        .collect();
    assert_eq!(paid, [("bob", "2187.50".to_owned())]);
    let rejected: Vec<(&str, ErrorKind)> = run
        .rejected
        .iter()
        .map(|r| (r.participant.as_str(), r.error.kind()))
        .collect();
    assert_eq!(
        rejected,
        [
            ("bob", ErrorKind::Duplicate),
            ("cy", ErrorKind::UnknownPlan),
            ("dana", ErrorKind::OffScale)
        ]
    );
    assert_eq!(run.rejected[2].plan, "demand-generation");
    assert_eq!(
        run.rejected[2].error.to_string(),
        plans().evaluate(&off).unwrap_err().to_string()
    );
}
