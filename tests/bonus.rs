//! The bonus plans people write: attainment multipliers, curves with
//! jumps, strict and exclusive bounds, fixed parts and baselines, as the
//! bonus-plan issue's worked examples, word for word.

use incentive::lint::{self, Finding, LintPolicy};
use incentive::statement::RuleTrace;
use incentive::{Error, Inputs, Plan};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// A one-component plan: target incentive `ti` per quarter, paid on
/// `bookings` against a quota of 1,000,000 through `rule` (TOML lines of
/// the component) plus `extra` top-level TOML.
fn plan(ti: &str, rule: &str, extra: &str) -> Plan {
    Plan::from_toml(&format!(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = {{ amount = {ti} }}
rounding = {{ mode = "half-up", scope = "line" }}
{extra}
[metrics.bookings]

[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
target = 1000000
{rule}
"#
    ))
    .unwrap()
}

/// Pays `attainment` of the 1,000,000 quota.
fn at(p: &Plan, attainment: Decimal) -> Decimal {
    let inputs = Inputs::new("x", "p").actual("bookings", attainment * dec!(1000000));
    p.evaluate(&inputs).unwrap().total()
}

#[test]
fn multipliers_marginal_and_retroactive() {
    let bands = r#"bands = [[0, 1.0], [1.0, 1.5], [1.2, 2.0]]"#;
    let marginal = plan(
        "10000",
        &format!("multipliers = {{ mode = \"marginal\", {bands} }}"),
        "",
    );
    let retro = plan(
        "10000",
        &format!("multipliers = {{ mode = \"retroactive\", {bands} }}"),
        "",
    );
    assert_eq!(at(&marginal, dec!(1.3)), dec!(15000.00));
    assert_eq!(at(&retro, dec!(1.3)), dec!(26000.00));
    let s = marginal
        .evaluate(&Inputs::new("x", "p").actual("bookings", dec!(1300000)))
        .unwrap();
    let text = s.to_string();
    assert!(
        text.contains("marginal multipliers of target incentive; band 1 [0%, 100%): 100% × 1 = 100%; band 2 [100%, 120%): 20% × 1.5 = 30%; band 3 [120%, ∞): 10% × 2 = 20%: pays 150% of target incentive = 15000"),
        "{text}"
    );
    assert!(matches!(
        s.lines[0].rule,
        RuleTrace::Multipliers {
            exclusive: false,
            ..
        }
    ));
    crate::roundtrip::round_trip(&s);
    // Exclusive bounds say so on the statement; exactly at 120% the band
    // below still applies: 120% × 1.5 × 10,000 (inclusive, × 2: 24,000).
    let exclusive = plan(
        "10000",
        &format!("multipliers = {{ mode = \"retroactive\", {bands} }}\nbounds = \"exclusive\""),
        "",
    );
    let s = exclusive
        .evaluate(&Inputs::new("x", "p").actual("bookings", dec!(1200000)))
        .unwrap();
    assert_eq!(s.total(), dec!(18000.00));
    assert!(matches!(
        s.lines[0].rule,
        RuleTrace::Multipliers {
            exclusive: true,
            ..
        }
    ));
    assert!(
        s.to_string().contains(
            "retroactive multipliers of target incentive (bands start above their bounds)"
        ),
        "{s}"
    );
}

#[test]
fn steps_tiers_curves_and_scales_report_how_they_were_built() {
    use incentive::payout::{Point, Steps, TierBasis, TierMode, Tiers};
    let steps = Steps::new(vec![Point {
        x: dec!(1),
        y: dec!(1),
    }])
    .unwrap();
    assert!(!steps.is_exclusive());
    assert!(steps.exclusive().is_exclusive());
    let tiers = Tiers::new(
        TierBasis::Attainment,
        TierMode::Retroactive,
        vec![(dec!(0), dec!(0.08))],
    )
    .unwrap();
    assert!(!tiers.is_exclusive());
    assert!(tiers.exclusive().is_exclusive());
    let points = vec![
        Point {
            x: dec!(0.5),
            y: dec!(0.25),
        },
        Point {
            x: dec!(1),
            y: dec!(1),
        },
    ];
    let capped = incentive::payout::Curve::new(points.clone(), false).unwrap();
    let extrapolated = incentive::payout::Curve::new(points, true).unwrap();
    assert!(!capped.extrapolates());
    assert!(extrapolated.extrapolates());
    let five = incentive::payout::Scale::new(
        dec!(1),
        dec!(5),
        dec!(1),
        (1..=5)
            .map(|r| Point {
                x: Decimal::from(r),
                y: Decimal::from(r) / dec!(4),
            })
            .collect(),
    )
    .unwrap();
    assert_eq!((five.min(), five.max()), (dec!(1), dec!(5)));
    let point = Point {
        x: dec!(1.2),
        y: dec!(1.5),
    };
    assert_eq!(point.to_string(), "120% → 150%");
}

/// A segment whose pre-scaled line overflows at the attainment is
/// evaluated as written, exactly: the curve's slow route.
#[test]
fn a_curve_segment_too_fine_for_its_pre_scaled_line_is_evaluated_as_written() {
    use incentive::payout::{Curve, Point};
    use incentive::{Exact, RoundingMode};
    let curve = Curve::new(
        vec![
            Point {
                x: dec!(0.123457),
                y: dec!(0.654321),
            },
            Point {
                x: dec!(1.987653),
                y: dec!(1.234567),
            },
        ],
        false,
    )
    .unwrap();
    // 1 + 10^-28: its numerator times the line's slope term passes 2^127.
    let x = Exact::ratio(dec!(1.0000000000000000000000000001), dec!(1)).unwrap();
    let y = curve.payout(x).unwrap();
    // 8641965802470000000000000000290123 / 9320980000000000000000000000000000
    assert_eq!(
        y.round(28, RoundingMode::HalfEven),
        Some(dec!(0.9271520593832408180255724184))
    );
}

/// A rating of 1.1 is not the 11th label: a position is a whole number.
#[test]
fn a_fractional_position_names_no_label_even_on_a_long_scale() {
    use incentive::payout::LabelScale;
    let labels = (1..=11)
        .map(|i| (format!("level-{i}"), Decimal::from(i)))
        .collect();
    let scale = LabelScale::new(labels).unwrap();
    assert_eq!(scale.at(dec!(11)), Some(("level-11", dec!(11))));
    assert_eq!(scale.at(dec!(1.1)), None);
    assert_eq!(scale.at(dec!(12)), None);
    assert_eq!(scale.at(dec!(0)), None);
}

#[test]
fn a_curve_with_a_jump() {
    let p = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 5000 }
rounding = { mode = "half-up", scope = "line" }
[metrics.bookings]
[curves.jump]
points = [[0.5, 0.25], [1.0, 0.80], [1.0, 1.0], [1.5, 2.0]]
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
target = 1000000
curve = "jump"
"#,
    )
    .unwrap();
    assert_eq!(at(&p, dec!(0.9999)), dec!(3999.45));
    assert_eq!(at(&p, dec!(1.0)), dec!(5000.00));
    let w = lint::lint(&p, &LintPolicy::default());
    assert_eq!(w.len(), 1, "{w:?}");
    let Finding::Cliff { jump, about, .. } = &w[0].finding else {
        panic!("{w:?}")
    };
    assert_eq!(jump.to_decimal(), Some(dec!(1000.00)));
    assert_eq!(*about, Some(dec!(1000.00)));
    assert!(
        w[0].to_string()
            .contains("curve `jump` jumps from 80% to 100% at 100%"),
        "{}",
        w[0]
    );
}

#[test]
fn three_points_at_one_attainment_are_refused() {
    let e = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 5000 }
[metrics.bookings]
[curves.jump]
points = [[0.5, 0.25], [1.0, 0.80], [1.0, 0.9], [1.0, 1.0]]
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
curve = "jump"
"#,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Plan(_)));
    assert_eq!(e.details().field.as_deref(), Some("curves.jump.points"));
}

#[test]
fn a_strict_kicker() {
    let p = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 1000 }
[metrics.bookings]
[[kickers]]
id = "k"
name = "Over 110%"
measure = "c"
above = "110%"
amount = 500
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
target = 1000000
steps = [[0, 0]]
"#,
    )
    .unwrap();
    assert_eq!(at(&p, dec!(1.1)), dec!(0.00));
    assert_eq!(at(&p, dec!(1.100001)), dec!(500.00));
    let s = p
        .evaluate(&Inputs::new("x", "p").actual("bookings", dec!(1100000)))
        .unwrap();
    assert!(
        s.to_string().contains("is not above 110%: pays nothing"),
        "{s}"
    );
}

#[test]
fn a_strict_gate() {
    let p = plan(
        "1000",
        "curve = \"linear\"\ngate = \"over\"",
        "[gates.over]\nmeasure = \"c\"\nabove = \"100%\"\n[curves.linear]\npoints = [[0, 0], [2, 2]]\n",
    );
    assert_eq!(at(&p, dec!(1.0)), dec!(0.00));
    assert_eq!(at(&p, dec!(1.01)), dec!(1010.00));
}

#[test]
fn at_least_and_above_are_one_or_the_other() {
    let e = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 1000 }
[metrics.bookings]
[gates.g]
measure = "c"
at_least = "100%"
above = "100%"
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
steps = [[0, 1]]
gate = "g"
"#,
    )
    .unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("gates.g.above"));
}

#[test]
fn an_exclusive_retroactive_bound() {
    let p = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 10000 }
rounding = { mode = "half-up", scope = "line" }
[metrics.bookings]
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
target = 100000
tiers = { basis = "amount", mode = "retroactive", bands = [[0, "8%"], [100000, "12%"]] }
bounds = "exclusive"
"#,
    )
    .unwrap();
    let pay = |b: Decimal| {
        p.evaluate(&Inputs::new("x", "p").actual("bookings", b))
            .unwrap()
    };
    assert_eq!(pay(dec!(100000.00)).total(), dec!(8000.00));
    let above = pay(dec!(100000.01));
    assert_eq!(above.lines[0].exact.to_string(), "12000.0012");
    assert_eq!(above.total(), dec!(12000.00));
}

#[test]
fn exclusive_steps() {
    let p = plan(
        "1000",
        "steps = [[0.5, 0.5], [1.0, 1.0]]\nbounds = \"exclusive\"",
        "",
    );
    assert_eq!(at(&p, dec!(0.5)), dec!(0.00));
    assert_eq!(at(&p, dec!(1.0)), dec!(500.00));
    assert_eq!(at(&p, dec!(1.0001)), dec!(1000.00));
}

#[test]
fn a_fixed_part_pays_at_target() {
    let text = std::fs::read_to_string("plans/demand-generation.toml")
        .unwrap()
        .replace("weight = \"75%\"", "weight = \"55%\"")
        .replace(
            "[[components]]\nid = \"pipeline\"",
            "[[components]]\nid = \"guaranteed\"\nname = \"Guaranteed part\"\nweight = \"20%\"\npays = \"target\"\n\n[[components]]\nid = \"pipeline\"",
        );
    let p = Plan::from_toml(&text).unwrap();
    for pipeline in [dec!(0), dec!(2300000), dec!(9000000)] {
        let dana = Inputs::new("dana", "demand-generation")
            .actual("pipeline", pipeline)
            .target("pipeline", dec!(2000000))
            .rating("campaign_effectiveness", dec!(1));
        let s = p.evaluate(&dana).unwrap();
        assert_eq!(s.line("guaranteed").unwrap().amount, dec!(1000.00));
        assert!(
            s.to_string().contains("nothing measured: pays at target"),
            "{s}"
        );
    }
}

#[test]
fn a_component_with_its_own_amount() {
    let p = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 4000 }
[metrics.bookings]
[curves.linear]
points = [[0, 0], [2, 2]]
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
target = 1000000
curve = "linear"
[[components]]
id = "spiff"
name = "Launch bonus"
amount = 2000
metric = "bookings"
target = 500000
curve = "linear"
"#,
    )
    .unwrap();
    let s = p
        .evaluate(&Inputs::new("x", "p").actual("bookings", dec!(750000)))
        .unwrap();
    assert_eq!(s.line("c").unwrap().amount, dec!(3000.00));
    assert_eq!(s.line("spiff").unwrap().amount, dec!(3000.00));
    assert_eq!(s.total(), dec!(6000.00));
}

#[test]
fn baseline_to_goal() {
    let p = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 3000 }
[metrics.nrr]
[curves.standard]
points = [[0.5, 0.25], [1.0, 1.0]]
[[components]]
id = "retention"
name = "Net revenue retention"
weight = "100%"
metric = "nrr"
baseline = "100%"
target = "110%"
curve = "standard"
"#,
    )
    .unwrap();
    let s = p
        .evaluate(&Inputs::new("x", "p").actual("nrr", dec!(1.06)))
        .unwrap();
    assert_eq!(s.total(), dec!(1200.00));
    let text = s.to_string();
    assert!(text.contains("from baseline 1 to goal 1.1"), "{text}");
    assert!(text.contains("attainment 60%"), "{text}");
}

#[test]
fn a_baseline_at_or_above_its_goal_is_refused() {
    let text = r#"id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 3000 }
[metrics.nrr]
[curves.standard]
points = [[0.5, 0.25], [1.0, 1.0]]
[[components]]
id = "retention"
name = "Net revenue retention"
weight = "100%"
metric = "nrr"
baseline = "110%"
target = "110%"
curve = "standard"
"#;
    let e = Plan::from_toml_named(text, "plans/retention.toml").unwrap_err();
    assert!(matches!(e, Error::Plan(_)));
    let d = e.details();
    assert_eq!(d.file.as_deref(), Some("plans/retention.toml"));
    assert_eq!(d.component.as_deref(), Some("retention"));
    assert_eq!(d.field.as_deref(), Some("baseline"));
    assert_eq!(d.line, Some(15));
    // A participant's goal at or below the baseline is an input error.
    let p = Plan::from_toml(&text.replace("target = \"110%\"\n", "")).unwrap();
    let e = p
        .evaluate(
            &Inputs::new("x", "p")
                .actual("nrr", dec!(1.06))
                .target("retention", dec!(1.05)),
        )
        .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().field.as_deref(), Some("targets.retention"));
}

mod laws {
    use super::*;
    use proptest::prelude::*;

    fn mults() -> impl Strategy<Value = Vec<(u32, u32)>> {
        // Bands from 0 at increasing bounds (hundredths) with multipliers
        // of at least 1 (hundredths), non-decreasing.
        prop::collection::vec((1u32..60, 0u32..100), 1..5).prop_map(|v| {
            let mut from = 0;
            let mut m = 100;
            let mut out = vec![(0, m)];
            for (step, up) in v {
                from += step;
                m += up;
                out.push((from, m));
            }
            out
        })
    }

    fn multipliers_plan(mode: &str, bands: &[(u32, u32)]) -> Plan {
        let bands: Vec<String> = bands
            .iter()
            .map(|(f, m)| {
                format!(
                    "[{}, {}]",
                    Decimal::new(i64::from(*f), 2),
                    Decimal::new(i64::from(*m), 2)
                )
            })
            .collect();
        plan(
            "10000",
            &format!(
                "multipliers = {{ mode = \"{mode}\", bands = [{}] }}",
                bands.join(", ")
            ),
            "",
        )
    }

    proptest! {
        /// With multipliers of at least 1 that never fall, marginal never
        /// pays more than retroactive, and both never fall as attainment
        /// rises.
        #[test]
        fn marginal_at_most_retroactive_and_both_monotone(bands in mults(), a in 0u32..300, b in 0u32..300) {
            let marginal = multipliers_plan("marginal", &bands);
            let retro = multipliers_plan("retroactive", &bands);
            let (lo, hi) = (a.min(b), a.max(b));
            let x = |v: u32| Decimal::new(i64::from(v), 2);
            prop_assert!(at(&marginal, x(hi)) <= at(&retro, x(hi)));
            prop_assert!(at(&marginal, x(lo)) <= at(&marginal, x(hi)));
            prop_assert!(at(&retro, x(lo)) <= at(&retro, x(hi)));
        }

        /// A jump is paid by its later point: exactly at the jump the
        /// curve pays the later point's payout, just below it approaches
        /// the earlier one.
        #[test]
        fn jumps_are_paid_by_the_later_point(low in 0u32..100, up in 1u32..100) {
            let low_y = Decimal::new(i64::from(low), 2);
            let high_y = low_y + Decimal::new(i64::from(up), 2);
            let p = Plan::from_toml(&format!(
                "id = \"p\"\nname = \"P\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"quarter\"\n\
                 target_incentive = {{ amount = 10000 }}\n[metrics.bookings]\n[curves.j]\n\
                 points = [[0, 0], [1.0, {low_y}], [1.0, {high_y}], [2.0, 3.0]]\n\
                 [[components]]\nid = \"c\"\nname = \"C\"\nweight = \"100%\"\nmetric = \"bookings\"\ntarget = 1000000\ncurve = \"j\"\n"
            )).unwrap();
            prop_assert_eq!(at(&p, dec!(1.0)), (high_y * dec!(10000)).round_dp(2));
            prop_assert!(at(&p, dec!(0.999999)) <= (low_y * dec!(10000)).round_dp(2));
        }

        /// Strict and inclusive bounds differ only exactly at the bound.
        #[test]
        fn exclusive_bounds_differ_only_at_the_bound(a in 0u32..300) {
            let inclusive = plan("1000", "steps = [[0.5, 0.5], [1.0, 1.0], [1.5, 2.0]]", "");
            let exclusive = plan("1000", "steps = [[0.5, 0.5], [1.0, 1.0], [1.5, 2.0]]\nbounds = \"exclusive\"", "");
            let x = Decimal::new(i64::from(a), 2);
            let on_bound = [dec!(0.5), dec!(1.0), dec!(1.5)].contains(&x);
            if on_bound {
                prop_assert!(at(&exclusive, x) < at(&inclusive, x));
            } else {
                prop_assert_eq!(at(&exclusive, x), at(&inclusive, x));
            }
        }

        /// Every route pays the new rules the same: the statement, the
        /// prepared route and the values route.
        #[test]
        fn every_route_pays_the_new_rules_the_same(a in 0u32..300, pick in 0usize..5) {
            let rules = [
                "multipliers = { mode = \"marginal\", bands = [[0, 1.0], [1.0, 1.5], [1.2, 2.0]] }",
                "multipliers = { mode = \"retroactive\", bands = [[0, 1.0], [1.0, 1.5], [1.2, 2.0]] }\nbounds = \"exclusive\"",
                "steps = [[0.5, 0.5], [1.0, 1.0], [1.5, 2.0]]\nbounds = \"exclusive\"",
                "baseline = 0.5\ncurve = \"j\"",
                "curve = \"j\"",
            ];
            let p = plan(
                "10000",
                rules[pick],
                "[curves.j]\npoints = [[0, 0], [1.0, 0.8], [1.0, 1.0], [2.0, 3.0]]\n",
            );
            let inputs = Inputs::new("x", "p").actual("bookings", Decimal::new(i64::from(a), 2) * dec!(1000000));
            let statement = p.evaluate(&inputs).unwrap();
            crate::roundtrip::round_trip(&statement);
            let prepared = p.prepare();
            let mut out = prepared.payout();
            prepared.evaluate_into(&inputs, &mut out).unwrap();
            prop_assert_eq!(out.total(), statement.total());
            let values = prepared.values(&inputs).unwrap();
            prepared.evaluate_values("x", &values, &mut out).unwrap();
            prop_assert_eq!(out.total(), statement.total());
        }

        /// From a baseline, attainment is linear: the payout on a linear
        /// curve never falls as the actual rises.
        #[test]
        fn baseline_attainment_is_monotone(a in 0u32..300, b in 0u32..300) {
            let p = Plan::from_toml(
                "id = \"p\"\nname = \"P\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"quarter\"\n\
                 target_incentive = { amount = 3000 }\n[metrics.nrr]\n[curves.c]\npoints = [[0, 0], [2, 2]]\n\
                 [[components]]\nid = \"r\"\nname = \"R\"\nweight = \"100%\"\nmetric = \"nrr\"\nbaseline = 1\ntarget = 1.1\ncurve = \"c\"\n"
            ).unwrap();
            let pay = |v: u32| p.evaluate(&Inputs::new("x", "p").actual("nrr", dec!(1) + Decimal::new(i64::from(v), 3))).unwrap().total();
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(pay(lo) <= pay(hi));
        }
    }
}

#[test]
fn a_component_with_its_own_amount_is_prorated_in_a_plan_year() {
    use incentive::{Assignment, Date, PlanBook, YearInputs, YearState};
    let plan = Plan::from_toml(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 4000 }
rounding = { mode = "half-up", scope = "line" }
[metrics.bookings]
[[components]]
id = "guaranteed"
name = "Guaranteed"
weight = "100%"
pays = "target"
[[components]]
id = "launch"
name = "Launch bonus"
amount = 1800
pays = "target"
"#,
    )
    .unwrap();
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let d = |s: &str| -> Date { s.parse().unwrap() };
    // Hired on 2026-02-15: 45 of Q1's 90 days in plan.
    let year = YearInputs::new("hana", 2026)
        .assign(Assignment::new("p", d("2026-02-15")))
        .period(Inputs::new("hana", "p").with_period("2026-Q1"));
    let (q1, _) = book
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let amount = |c: &str| q1.lines.iter().find(|l| l.component == c).unwrap().amount;
    assert_eq!(amount("guaranteed"), dec!(2000.00));
    assert_eq!(amount("launch"), dec!(900.00));
    assert_eq!(q1.total, dec!(2900.00));
}
