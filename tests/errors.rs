//! Every error case names its place and says what would be valid; each
//! message is pinned.
//!
//! `tests/fixtures/invalid-plans/NAME.toml` sits beside `NAME.err`, the
//! exact message its loading must give (the file named as `NAME.toml`).

use incentive::{Error, Inputs, Plan};
use rust_decimal_macros::dec;

use crate::{plan, plans, root};

#[test]
fn invalid_plan_fixtures_give_their_pinned_errors() {
    let dir = root("tests/fixtures/invalid-plans");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "fixtures missing: {}", cases.len());
    let mut mismatches = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&case).unwrap();
        let err = Plan::from_toml_named(&text, &name).expect_err(&name);
        assert!(matches!(err, Error::Plan(_)), "{name}: {err:?}");
        let expected_path = case.with_extension("err");
        let got = err.to_string();
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, format!("{got}\n")).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected.trim_end() != got {
            mismatches.push(format!(
                "{name}:\n  expected: {}\n  got:      {got}",
                expected.trim_end()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn weights_error_names_the_sum_and_the_components() {
    let text =
        std::fs::read_to_string(root("tests/fixtures/invalid-plans/weights-not-100.toml")).unwrap();
    let err = Plan::from_toml_named(&text, "dg.toml").unwrap_err();
    let d = err.details();
    assert_eq!(d.file.as_deref(), Some("dg.toml"));
    assert_eq!(d.plan.as_deref(), Some("demand-generation"));
    assert_eq!(d.field.as_deref(), Some("components.weight"));
    assert_eq!(
        d.message,
        "weights sum to 99.99% (`pipeline` 75% + `campaign_effectiveness` 24.99%); they must sum to exactly 100%"
    );
}

#[test]
fn unknown_field_names_line_column_and_component() {
    let text = std::fs::read_to_string(root("tests/fixtures/invalid-plans/misspelled-weight.toml"))
        .unwrap();
    let err = Plan::from_toml(&text).unwrap_err();
    let d = err.details();
    assert_eq!(d.component.as_deref(), Some("campaign_effectiveness"));
    assert_eq!((d.line, d.column), (Some(37), Some(1)));
    assert!(
        d.message
            .starts_with("unknown field `wieght`, expected one of"),
        "{}",
        d.message
    );
}

#[test]
fn syntax_error_has_line_and_column() {
    let text =
        std::fs::read_to_string(root("tests/fixtures/invalid-plans/toml-syntax.toml")).unwrap();
    let d = Plan::from_toml(&text).unwrap_err().details().clone();
    assert_eq!((d.line, d.column), (Some(30), Some(10)));
    assert_eq!(d.message, "extra `=`, expected nothing");
}

fn dana() -> Inputs {
    Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4))
}

fn input_error(inputs: &Inputs) -> (String, incentive::ErrorDetails) {
    let err = plans().evaluate(inputs).unwrap_err();
    assert!(matches!(err, Error::Input(_)), "{err:?}");
    (err.to_string(), err.details().clone())
}

#[test]
fn missing_actual_is_an_error_never_zero() {
    let mut i = Inputs::new("dana", "demand-generation")
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4));
    let (msg, d) = input_error(&i);
    assert_eq!(
        msg,
        "invalid input: participant `dana`, plan `demand-generation`, component `pipeline`, field `actuals.pipeline`: missing actual for metric `pipeline`; a missing actual is never read as zero"
    );
    assert_eq!(d.participant.as_deref(), Some("dana"));
    i = i.actual("pipeline", dec!(0));
    assert_eq!(
        plans()
            .evaluate(&i)
            .unwrap()
            .line("pipeline")
            .unwrap()
            .amount,
        dec!(0.00)
    );
}

#[test]
fn zero_or_negative_target_is_an_error() {
    for t in [dec!(0), dec!(-5)] {
        let (msg, d) = input_error(&dana().target("pipeline", t));
        assert_eq!(d.component.as_deref(), Some("pipeline"));
        assert_eq!(d.field.as_deref(), Some("targets.pipeline"));
        assert!(
            msg.ends_with(&format!("is {t}; a target must be above 0")),
            "{msg}"
        );
    }
}

#[test]
fn rating_off_the_scale_is_an_error() {
    let (msg, d) = input_error(&dana().rating("campaign_effectiveness", dec!(6)));
    assert_eq!(d.component.as_deref(), Some("campaign_effectiveness"));
    assert_eq!(d.field.as_deref(), Some("ratings.campaign_effectiveness"));
    assert_eq!(
        d.message,
        "rating 6 is not on the scale; valid ratings are 1, 2, 3, 4, 5"
    );
    assert!(msg.starts_with("invalid input: participant `dana`"));
}

#[test]
fn score_outside_its_range_is_an_error() {
    let sam = Inputs::new("sam", "sales-enablement")
        .actual("sales_bookings", dec!(9450000))
        .target("sales_quota", dec!(10500000))
        .rating("sales_satisfaction", dec!(5.01));
    let (_, d) = input_error(&sam);
    assert_eq!(d.component.as_deref(), Some("sales_satisfaction"));
    assert_eq!(d.message, "score 5.01 is outside the range 1 to 5");
}

#[test]
fn unknown_plan_id_is_an_error() {
    let (msg, d) = input_error(&Inputs::new("dana", "demand-gen"));
    assert_eq!(d.field.as_deref(), Some("plan"));
    assert_eq!(
        msg,
        "invalid input: participant `dana`, field `plan`: no plan has id `demand-gen`; known plans: `account-executive-marginal`, `account-executive-retroactive`, `channel-marketing`, `customer-marketing`, `demand-generation`, `product-manager`, `reseller-commission`, `sales-enablement`, `sdr-meetings`"
    );
}

#[test]
fn unknown_keys_in_inputs_are_errors() {
    let (_, d) = input_error(&dana().actual("pipline", dec!(1)));
    assert_eq!(d.field.as_deref(), Some("actuals.pipline"));
    assert_eq!(
        d.message,
        "`pipline` is not a metric of this plan; its input metrics are `pipeline`"
    );
    let (_, d) = input_error(&dana().rating("pipeline", dec!(3)));
    assert_eq!(
        d.message,
        "`pipeline` is not a rated component of this plan; ratings are for `campaign_effectiveness`"
    );
    let (_, d) = input_error(&dana().target("campaign_effectiveness", dec!(3)));
    assert_eq!(d.field.as_deref(), Some("targets.campaign_effectiveness"));
}

#[test]
fn ratio_metric_errors() {
    let priya = crate::priya()
        .actual("won", dec!(0))
        .actual("opportunities", dec!(0));
    let (_, d) = input_error(&priya);
    assert_eq!(d.component.as_deref(), Some("close_rate"));
    assert_eq!(
        d.message,
        "`opportunities` is 0, so `close_rate` = `won` / `opportunities` is undefined"
    );
    let (_, d) = input_error(&priya.clone().actual("close_rate", dec!(0.27)));
    assert_eq!(
        d.message,
        "`close_rate` is derived as `won` / `opportunities`; give `won` and `opportunities` instead"
    );
}

#[test]
fn input_file_errors_name_line_and_participant() {
    let text = "[[participants]]\nparticipant = 'a'\nplan = 'demand-generation'\n\n[[participants]]\nparticipant = 'b'\nplan = 'demand-generation'\nactuals = { pipeline = 'lots' }\n";
    let err = Inputs::list_from_toml(text).unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    let d = err.details();
    assert_eq!(d.participant.as_deref(), Some("b"));
    assert_eq!(d.line, Some(8));
    assert_eq!(
        d.message,
        "`lots` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
    );
}

#[test]
fn duplicate_inputs_are_an_error() {
    let err = plans().evaluate_all(&[dana(), dana()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `dana`: participant `dana` appears twice for plan `demand-generation`; give each participant one set of inputs per plan and period"
    );
}

#[test]
fn overflow_is_an_error_not_a_panic() {
    // The largest decimal over the smallest is a close rate of about
    // 7.9 × 10^56; against the smallest target, an attainment of about
    // 7.9 × 10^84, past 2^256 even in lowest terms.
    let plan = Plan::from_toml(
        r#"
id = "huge"
name = "Huge"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = "1000" }

[metrics.won]
[metrics.opportunities]
[metrics.close_rate]
ratio = { numerator = "won", denominator = "opportunities" }

[curves.linear]
points = [[0, 0], [1, 1]]

[[components]]
id = "close_rate"
name = "Close rate"
weight = 1
metric = "close_rate"
curve = "linear"
"#,
    )
    .unwrap();
    let tiny = dec!(0.0000000000000000000000000001);
    let err = plan
        .evaluate(
            &Inputs::new("dana", "huge")
                .actual("won", rust_decimal::Decimal::MAX)
                .actual("opportunities", tiny)
                .target("close_rate", tiny),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Overflow(_)), "{err:?}");
    assert_eq!(err.details().component.as_deref(), Some("close_rate"));
}

#[test]
fn a_huge_attainment_is_exact_and_capped() {
    // 7.9 × 10^28 against 10^-28: an attainment of about 7.9 × 10^56, past
    // 128 bits, computed in 256 and capped by the curve's last point (150%
    // pays 200%): 3750 × 2 + 1250 × 1.25.
    let huge = rust_decimal::Decimal::MAX;
    let s = plan("demand-generation")
        .evaluate(
            &dana()
                .actual("pipeline", huge)
                .target("pipeline", dec!(0.0000000000000000000000000001)),
        )
        .unwrap();
    assert_eq!(s.lines[0].amount, dec!(7500.00));
    assert_eq!(s.total(), dec!(9062.50));
    let attainment = match &s.lines[0].measure {
        incentive::statement::MeasureTrace::Quantitative { attainment, .. } => *attainment,
        other => panic!("unexpected measure {other:?}"),
    };
    assert_eq!(attainment.parts(), None);
    assert_eq!(
        attainment.to_string(),
        "792281625142643375935439503350000000000000000000000000000/1"
    );
}

#[test]
fn io_error_names_the_file() {
    let err = Plan::load("plans/no-such-plan.toml").unwrap_err();
    assert!(matches!(err, Error::Io(_)));
    assert_eq!(
        err.details().file.as_deref(),
        Some("plans/no-such-plan.toml")
    );
}
