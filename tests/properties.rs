//! The laws, stated as properties. Case counts follow `PROPTEST_CASES`
//! (CI caps it); failures are saved under `tests/properties.proptest-regressions`.

use incentive::{Exact, Inputs, Plan, RoundingMode};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::{plans, root};

/// A decimal with up to `scale` places in `[lo, hi]` (in units of 10^-scale).
fn dec_in(lo: i64, hi: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    (lo..=hi).prop_map(move |m| Decimal::new(m, scale))
}

/// Any decimal at all: huge, tiny, negative, zero.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
        (
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
            0u32..=28
        )
            .prop_map(|(lo, mid, hi, neg, s)| Decimal::from_parts(lo, mid, hi, neg, s)),
        Just(Decimal::ZERO),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
    ]
}

/// A curve with strictly increasing attainments and non-decreasing payouts.
fn monotone_curve() -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
    prop::collection::vec((1i64..=60, 0i64..=80), 2..6).prop_map(|steps| {
        let (mut x, mut y) = (0i64, 0i64);
        steps
            .into_iter()
            .map(|(dx, dy)| {
                x += dx;
                y += dy;
                (Decimal::new(x, 2), Decimal::new(y, 2))
            })
            .collect()
    })
}

fn plan_text(
    curve: &[(Decimal, Decimal)],
    extra_component: &str,
    plan_extra: &str,
    rounding: &str,
) -> String {
    let points: Vec<String> = curve
        .iter()
        .map(|(x, y)| format!("[\"{x}\", \"{y}\"]"))
        .collect();
    format!(
        r#"{plan_extra}
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = {{ amount = "5000.01" }}
rounding = {rounding}

[metrics.m]

[curves.c]
points = [{points}]

[scales.s]
min = 1
max = 5
ratings = [[1, 0], [2, 0.5], [3, 1], [4, 1.25], [5, 1.5]]

[[components]]
id = "q"
name = "Q"
weight = "66.67%"
metric = "m"
curve = "c"
{extra_component}

[[components]]
id = "r"
name = "R"
weight = "33.33%"
rating = "s"
"#,
        points = points.join(", ")
    )
}

fn inputs(actual: Decimal, target: Decimal, rating: i64) -> Inputs {
    Inputs::new("x", "p")
        .actual("m", actual)
        .target("q", target)
        .rating("r", Decimal::from(rating))
}

fn rounding() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(r#"{ mode = "half-up", scope = "line" }"#),
        Just(r#"{ mode = "half-even", scope = "line" }"#),
        Just(r#"{ mode = "half-up", scope = "total" }"#),
        Just(r#"{ mode = "half-even", scope = "total" }"#),
        Just(r#"{ mode = "down", scope = "total" }"#),
        Just(r#"{ mode = "up", scope = "line" }"#),
    ]
}

proptest! {
    // A non-decreasing curve pays non-decreasingly in attainment, exactly
    // and after rounding.
    #[test]
    fn monotone_curves_pay_monotonically(
        curve in monotone_curve(),
        a in dec_in(0, 40_000_000, 2),
        b in dec_in(0, 40_000_000, 2),
        target in dec_in(1, 20_000_000, 2),
        rounding in rounding(),
    ) {
        let plan = Plan::from_toml(&plan_text(&curve, "", "", rounding)).unwrap();
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let s_lo = plan.evaluate(&inputs(lo, target, 3)).unwrap();
        let s_hi = plan.evaluate(&inputs(hi, target, 3)).unwrap();
        prop_assert!(s_lo.lines[0].exact <= s_hi.lines[0].exact);
        prop_assert!(s_lo.total() <= s_hi.total());
    }

    // Caps hold: a component never pays above its cap, a plan never above
    // its cap.
    #[test]
    fn caps_are_never_exceeded(
        curve in monotone_curve(),
        actual in dec_in(0, 90_000_000, 2),
        target in dec_in(1, 20_000_000, 2),
        component_cap in dec_in(1, 300, 2),
        plan_cap in dec_in(1, 10_000_000, 2),
        rating in 1i64..=5,
        rounding in rounding(),
    ) {
        let text = plan_text(
            &curve,
            &format!("cap = {{ percent_of_target = \"{component_cap}\" }}"),
            &format!("cap = {{ amount = \"{plan_cap}\" }}"),
            rounding,
        );
        let plan = Plan::from_toml(&text).unwrap();
        let s = plan.evaluate(&inputs(actual, target, rating)).unwrap();
        let q = &s.lines[0];
        let limit = q.target_incentive.checked_mul(Exact::from_decimal(component_cap)).unwrap();
        prop_assert!(q.exact <= limit);
        prop_assert!(s.exact_total <= Exact::from_decimal(plan_cap));
        prop_assert!(s.total() <= plan_cap.round_dp_with_strategy(2, RoundingStrategy::AwayFromZero));
    }

    // Lines and adjustments add up to the total, to the cent, and the total
    // is within half a cent per line of the exact total.
    #[test]
    fn lines_reconcile_to_the_total(
        curve in monotone_curve(),
        actual in dec_in(0, 90_000_000, 3),
        target in dec_in(1, 20_000_000, 3),
        rating in 1i64..=5,
        plan_cap in proptest::option::of(dec_in(1, 1_000_000, 2)),
        rounding in rounding(),
    ) {
        let plan_extra = plan_cap.map(|c| format!("cap = {{ amount = \"{c}\" }}")).unwrap_or_default();
        let plan = Plan::from_toml(&plan_text(&curve, "", &plan_extra, rounding)).unwrap();
        let s = plan.evaluate(&inputs(actual, target, rating)).unwrap();
        let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
        let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
        prop_assert_eq!(lines + adjustments, s.total());
        prop_assert_eq!(s.total().scale(), 2);
        let exact = s.exact_total.round(6, RoundingMode::HalfEven).unwrap();
        prop_assert!((s.total() - exact).abs() <= Decimal::new(1, 2) * Decimal::from(s.lines.len()));
        for l in &s.lines {
            prop_assert!(l.amount >= Decimal::ZERO);
        }
    }

    // The order of inputs changes nothing: statements come back the same,
    // byte for byte.
    #[test]
    fn evaluation_is_independent_of_input_order(seed in any::<u64>()) {
        let mut list = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
        let set = plans();
        let expected = serde_json::to_string(&set.evaluate_all(&list).unwrap()).unwrap();
        // A deterministic shuffle from the seed.
        let mut state = seed;
        for i in (1..list.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (state >> 33) as usize % (i + 1);
            list.swap(i, j);
        }
        let got = serde_json::to_string(&set.evaluate_all(&list).unwrap()).unwrap();
        prop_assert_eq!(expected, got);
    }

    // Building inputs in any key order gives the same statement.
    #[test]
    fn key_order_is_irrelevant(keys in Just(["booked", "pipeline", "won", "opportunities"]).prop_shuffle()) {
        let values = |k: &str| match k {
            "booked" => Decimal::new(1_800_000, 0),
            "pipeline" => Decimal::new(6_600_000, 0),
            "won" => Decimal::new(54, 0),
            _ => Decimal::new(200, 0),
        };
        let mut i = Inputs::new("priya", "product-manager");
        for k in keys {
            i = i.actual(k, values(k));
        }
        let i = i
            .target("booked", Decimal::new(2_000_000, 0))
            .target("pipeline", Decimal::new(6_000_000, 0))
            .target("close_rate", Decimal::new(25, 2))
            .rating("market_perception", Decimal::from(3))
            .rating("field_readiness", Decimal::from(4));
        prop_assert_eq!(plans().evaluate(&i).unwrap().total(), Decimal::new(617400, 2));
    }

    // Arbitrary text never panics the loaders.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = Plan::from_toml(&text);
        let _ = Inputs::list_from_toml(&text);
    }

    // Shipped plans with a token replaced by arbitrary text never panic.
    #[test]
    fn mutated_plans_never_panic(
        which in 0usize..6,
        position in any::<prop::sample::Index>(),
        replacement in "[-0-9a-z.%_\"\\[\\]{}=, ]{0,12}",
    ) {
        let files = [
            "demand-generation", "product-manager", "sales-enablement",
            "channel-marketing", "account-executive-marginal", "account-executive-retroactive",
        ];
        let text = std::fs::read_to_string(root(&format!("plans/{}.toml", files[which]))).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let at = position.index(chars.len());
        let end = (at + replacement.len().min(8)).min(chars.len());
        let mutated: String = chars[..at].iter().chain(replacement.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        let _ = Plan::from_toml(&mutated);
    }

    // Arbitrary values for every input of every shipped plan never panic:
    // each evaluation is a statement or a typed error.
    #[test]
    fn arbitrary_inputs_never_panic(values in prop::collection::vec(any_decimal(), 12), ti in proptest::option::of(any_decimal())) {
        let set = plans();
        for plan in set.iter() {
            let mut i = Inputs::new("x", plan.id());
            let mut v = values.iter().cycle();
            for m in plan.input_metrics() {
                i = i.actual(m, *v.next().unwrap());
            }
            for c in plan.components() {
                if c.is_qualitative() {
                    i = i.rating(c.id(), *v.next().unwrap());
                } else {
                    i = i.target(c.id(), *v.next().unwrap());
                }
            }
            if let Some(ti) = ti {
                i = i.with_target_incentive(ti);
            }
            if let Ok(s) = plan.evaluate(&i) {
                let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
                let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
                prop_assert_eq!(lines + adjustments, s.total());
                prop_assert!(s.total() >= Decimal::ZERO);
            }
        }
    }

    // Exact rounding agrees with rust_decimal's on values it holds exactly.
    #[test]
    fn exact_rounding_matches_decimal(d in any_decimal(), places in 0u32..=6) {
        let e = Exact::from_decimal(d);
        for (mode, strategy) in [
            (RoundingMode::HalfUp, RoundingStrategy::MidpointAwayFromZero),
            (RoundingMode::HalfEven, RoundingStrategy::MidpointNearestEven),
            (RoundingMode::Down, RoundingStrategy::ToZero),
            (RoundingMode::Up, RoundingStrategy::AwayFromZero),
        ] {
            let want = d.round_dp_with_strategy(places, strategy);
            if let Some(got) = e.round(places, mode) {
                prop_assert_eq!(got, want);
            }
        }
    }

    // Retroactive tiers never pay less than marginal ones when rates rise.
    #[test]
    fn retroactive_pays_at_least_marginal(
        rates in prop::collection::vec(0i64..=30, 1..5),
        actual in dec_in(0, 300_000_000, 2),
        quota in dec_in(1, 100_000_000, 2),
    ) {
        use incentive::payout::{TierBasis, TierMode, Tiers};
        let mut sorted = rates.clone();
        sorted.sort();
        let bands: Vec<(Decimal, Decimal)> = sorted.iter().enumerate()
            .map(|(i, r)| (Decimal::new(i as i64 * 50, 2), Decimal::new(*r, 2)))
            .collect();
        let m = Tiers::new(TierBasis::Attainment, TierMode::Marginal, bands.clone()).unwrap();
        let r = Tiers::new(TierBasis::Attainment, TierMode::Retroactive, bands).unwrap();
        let (a, q) = (Exact::from_decimal(actual), Some(Exact::from_decimal(quota)));
        prop_assert!(m.evaluate(a, q).unwrap().0 <= r.evaluate(a, q).unwrap().0);
    }
}
