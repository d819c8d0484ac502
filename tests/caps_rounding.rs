//! Caps hold after rounding: an amount limited by a cap is rounded toward
//! zero where rounding in the plan's mode would pay it above the cap
//! (issue 16, defect 2), per line and on the total, for component and plan
//! caps, and lines + adjustments = total still.

use incentive::{Inputs, Plan, Statement};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::root;

fn text(id: &str) -> String {
    std::fs::read_to_string(root(&format!("plans/{id}.toml"))).unwrap()
}

/// The account-executive marginal plan with a component cap and the
/// given rounding and target incentive.
fn marginal(cap: &str, rounding: &str, ti: &str) -> Plan {
    let t = text("account-executive-marginal");
    let tiers = "tiers = { basis = \"attainment\", mode = \"marginal\"";
    assert!(t.contains(tiers));
    let t = t
        .replace(tiers, &format!("cap = {cap}\n{tiers}"))
        .replace(
            "rounding = { mode = \"half-up\", scope = \"line\" }",
            &format!("rounding = {rounding}"),
        )
        .replace(
            "target_incentive = { amount = 40000 }",
            &format!("target_incentive = {{ amount = {ti} }}"),
        );
    Plan::from_toml(&t).unwrap()
}

/// Alex from the samples: bookings 650,000 against a quota of 500,000.
fn alex() -> Inputs {
    Inputs::new("alex", "account-executive-marginal")
        .actual("bookings", dec!(650000))
        .target("commission", dec!(500000))
}

/// Customer marketing with its plan cap (200%), the given rounding and
/// target incentive, and the given extra text before the first component
/// field `curve = "retention"`.
fn marketing(rounding: &str, ti: &str, nrr_extra: &str) -> Plan {
    let t = text("customer-marketing")
        .replace(
            "rounding = { mode = \"half-up\", scope = \"line\" }",
            &format!("rounding = {rounding}"),
        )
        .replace(
            "target_incentive = { amount = 4000 }",
            &format!("target_incentive = {{ amount = {ti} }}"),
        )
        .replace(
            "curve = \"retention\"\n",
            &format!("curve = \"retention\"\n{nrr_extra}"),
        );
    Plan::from_toml(&t).unwrap()
}

/// Everything above the cap: every curve past its last point and the
/// kicker held.
fn everything_above() -> Inputs {
    Inputs::new("casey", "customer-marketing")
        .actual("nrr", dec!(1.20))
        .target("nrr", dec!(1.00))
        .actual("expansion_pipeline", dec!(2400000))
        .target("expansion_pipeline", dec!(1200000))
        .actual("gross_churn", dec!(0.01))
        .target("gross_churn", dec!(0.08))
}

/// Lines + adjustments = total, to the cent.
fn adds_up(s: &Statement) {
    let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
    let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
    assert_eq!(lines + adjustments, s.total);
}

#[test]
fn a_component_cap_of_1000_005_pays_1000_00() {
    let plan = marginal(
        "{ amount = 1000.005 }",
        "{ mode = \"half-up\", scope = \"line\" }",
        "40000",
    );
    let s = plan.evaluate(&alex()).unwrap();
    let line = s.line("commission").unwrap();
    assert_eq!(line.exact.to_string(), "1000.005");
    assert_eq!(line.amount, dec!(1000.00));
    assert!(line.rounded_to_cap);
    assert_eq!(s.total, dec!(1000.00));
    adds_up(&s);
    let shown = s.to_string();
    assert!(
        shown.contains(
            "amount 1000.00 (exact 1000.005, rounded down to stay within the cap of 1000.005)"
        ),
        "{shown}"
    );
    // The same through the prepared plan's buffer.
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    prepared.evaluate_into(&alex(), &mut out).unwrap();
    assert_eq!(out.total(), dec!(1000.00));
    assert_eq!(out.lines()[0].amount, dec!(1000.00));
    // The JSON says so, and reads back.
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"rounded_to_cap\":true"), "{json}");
    let back: Statement = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
}

#[test]
fn a_plan_cap_of_a_sub_cent_target_incentive_pays_2000_00() {
    let plan = marketing("{ mode = \"half-up\", scope = \"line\" }", "1000.0025", "");
    let s = plan.evaluate(&everything_above()).unwrap();
    assert_eq!(s.total, dec!(2000.00));
    assert_eq!(s.exact_total.to_string(), "2000.005");
    let amounts: Vec<Decimal> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(800.00), dec!(700.00), dec!(500.00)]);
    let cap = s.adjustments.iter().find(|a| a.kind == "plan-cap").unwrap();
    assert_eq!(cap.amount, dec!(-500.00));
    assert!(
        cap.description
            .ends_with("cut to 2000.005, rounded down to stay within the cap"),
        "{}",
        cap.description
    );
    adds_up(&s);
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    prepared
        .evaluate_into(&everything_above(), &mut out)
        .unwrap();
    assert_eq!(out.total(), dec!(2000.00));
    assert!(out.plan_capped());
}

#[test]
fn the_plan_cap_rounds_down_on_the_total_too() {
    let plan = marketing("{ mode = \"half-up\", scope = \"total\" }", "1000.0025", "");
    let s = plan.evaluate(&everything_above()).unwrap();
    assert_eq!(s.total, dec!(2000.00));
    adds_up(&s);
    // Half-even keeps 2000.005 at 2000.00 anyway; 2000.015 would round up.
    let plan = marketing(
        "{ mode = \"half-even\", scope = \"line\" }",
        "1000.0075",
        "",
    );
    let s = plan.evaluate(&everything_above()).unwrap();
    assert_eq!(s.exact_total.to_string(), "2000.015");
    assert_eq!(s.total, dec!(2000.01));
    adds_up(&s);
}

#[test]
fn half_even_rounds_down_only_where_it_would_exceed_the_cap() {
    let line = "{ mode = \"half-even\", scope = \"line\" }";
    // 1000.005 rounds half-even to 1000.00: within the cap, as it is.
    let s = marginal("{ amount = 1000.005 }", line, "40000")
        .evaluate(&alex())
        .unwrap();
    assert_eq!(s.total, dec!(1000.00));
    assert!(!s.lines[0].rounded_to_cap);
    assert!(s.to_string().contains("rounded half-even per line"));
    // 1000.015 would round half-even to 1000.02: rounded down to 1000.01.
    let s = marginal("{ amount = 1000.015 }", line, "40000")
        .evaluate(&alex())
        .unwrap();
    assert_eq!(s.total, dec!(1000.01));
    assert!(s.lines[0].rounded_to_cap);
    adds_up(&s);
}

#[test]
fn rounding_up_rounds_down_at_the_cap() {
    let s = marginal(
        "{ amount = 1000.001 }",
        "{ mode = \"up\", scope = \"line\" }",
        "40000",
    )
    .evaluate(&alex())
    .unwrap();
    assert_eq!(s.total, dec!(1000.00));
    assert!(s.lines[0].rounded_to_cap);
}

#[test]
fn a_percent_cap_of_a_whole_cent_target_incentive() {
    // 150% of 1000.01 is 1500.015; bookings of 5,000,000 pay far more
    // uncapped. Half-up would pay 1500.02.
    let plan = marginal(
        "{ percent_of_target = \"150%\" }",
        "{ mode = \"half-up\", scope = \"line\" }",
        "1000.01",
    );
    let s = plan
        .evaluate(&alex().actual("bookings", dec!(5000000)))
        .unwrap();
    let line = s.line("commission").unwrap();
    assert_eq!(line.exact.to_string(), "1500.015");
    assert_eq!(line.amount, dec!(1500.01));
    assert_eq!(s.total, dec!(1500.01));
}

#[test]
fn a_component_cap_on_the_total_scope() {
    let plan = marginal(
        "{ amount = 1000.005 }",
        "{ mode = \"half-up\", scope = \"total\" }",
        "40000",
    );
    let s = plan.evaluate(&alex()).unwrap();
    assert_eq!(s.lines[0].amount, dec!(1000.00));
    assert!(s.lines[0].rounded_to_cap);
    assert_eq!(s.total, dec!(1000.00));
    adds_up(&s);
}

#[test]
fn capped_lines_on_the_total_keep_their_cent_through_a_kicker() {
    // Two lines capped at 100.005 and one uncapped line of 2000 (target
    // incentive 4000): the exact total 2200.01 rounds to 2200.01, but
    // neither capped line may take the cent, so the lines pay 2200.00 and
    // the kicker adds exactly its 500.
    let cap = "cap = { amount = 100.005 }\n";
    let t = text("customer-marketing")
        .replace(
            "rounding = { mode = \"half-up\", scope = \"line\" }",
            "rounding = { mode = \"half-up\", scope = \"total\" }",
        )
        .replace(
            "curve = \"retention\"\n",
            &format!("curve = \"retention\"\n{cap}"),
        )
        .replace(
            "curve = \"standard\"\n\n",
            &format!("curve = \"standard\"\n{cap}\n"),
        );
    let plan = Plan::from_toml(&t).unwrap();
    let s = plan.evaluate(&everything_above()).unwrap();
    let amounts: Vec<Decimal> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(100.00), dec!(100.00), dec!(2000.00)]);
    assert!(s.lines[0].rounded_to_cap && s.lines[1].rounded_to_cap);
    assert!(!s.lines[2].rounded_to_cap);
    let kicker = s.adjustments.iter().find(|a| a.kind == "kicker").unwrap();
    assert_eq!(kicker.amount, dec!(500.00));
    assert_eq!(s.total, dec!(2700.00));
    adds_up(&s);
}

/// A plan of two rated components (a component cap each, of sub-cent
/// amounts) and a plan cap of a percent of a sub-cent target incentive.
fn random_plan(ti: Decimal, caps: [Decimal; 2], plan_cap: Decimal, rounding: &str) -> Plan {
    Plan::from_toml(&format!(
        r#"
id = "p"
name = "P"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = {{ amount = "{ti}" }}
rounding = {rounding}
cap = {{ percent_of_target = "{plan_cap}" }}

[metrics.a]
[metrics.b]

[curves.c]
points = [[0, 0], [3, 3]]

[[components]]
id = "a"
name = "A"
weight = "50%"
metric = "a"
curve = "c"
cap = {{ amount = "{a}" }}

[[components]]
id = "b"
name = "B"
weight = "50%"
metric = "b"
curve = "c"
cap = {{ amount = "{b}" }}
"#,
        a = caps[0],
        b = caps[1],
    ))
    .unwrap()
}

proptest! {
    #[test]
    fn no_capped_amount_is_paid_above_its_cap(
        ti in (100_000i64..=100_000_000).prop_map(|m| Decimal::new(m, 4)),
        caps in [10_000i64..=50_000_000, 10_000i64..=50_000_000].prop_map(|c| c.map(|m| Decimal::new(m, 4))),
        plan_cap in (50i64..=300).prop_map(|p| Decimal::new(p, 2)),
        actuals in [0i64..=30_000, 0i64..=30_000].prop_map(|c| c.map(|m| Decimal::new(m, 4))),
        mode in prop::sample::select(vec!["half-up", "half-even", "up", "down"]),
        scope in prop::sample::select(vec!["line", "total"]),
    ) {
        let rounding = format!("{{ mode = \"{mode}\", scope = \"{scope}\" }}");
        let plan = random_plan(ti, caps, plan_cap, &rounding);
        let inputs = Inputs::new("x", "p")
            .actual("a", actuals[0])
            .target("a", dec!(1))
            .actual("b", actuals[1])
            .target("b", dec!(1));
        let s = plan.evaluate(&inputs).unwrap();
        for (l, cap) in s.lines.iter().zip(caps) {
            prop_assert!(l.amount <= cap, "{} pays {} above its cap {}", l.component, l.amount, cap);
            prop_assert!(l.amount >= Decimal::ZERO);
        }
        prop_assert!(s.total <= ti * plan_cap, "total {} above the plan cap {}", s.total, ti * plan_cap);
        let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
        let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
        prop_assert_eq!(lines + adjustments, s.total);
        // Rounding never takes more than a minor unit off the exact total.
        prop_assert!(s.exact_total.to_decimal().is_none_or(|e| (e - s.total).abs() < dec!(0.03)));
        let prepared = plan.prepare();
        let mut out = prepared.payout();
        prepared.evaluate_into(&inputs, &mut out).unwrap();
        prop_assert_eq!(out.total(), s.total);
    }
}

#[test]
fn a_plan_year_period_pays_the_capped_line_within_its_cap() {
    use incentive::{Assignment, PlanBook, YearInputs, YearState};
    let plan = marginal(
        "{ amount = 1000.005 }",
        "{ mode = \"half-up\", scope = \"line\" }",
        "40000",
    );
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let mut year = YearInputs::new("alex", 2026).assign(Assignment::new(
        "account-executive-marginal",
        "2026-01-01".parse().unwrap(),
    ));
    for q in 1..=4 {
        year = year.period(alex().with_period(format!("2026-Q{q}")));
    }
    let (s, _) = book.evaluate_year(&year, &YearState::new()).unwrap();
    assert_eq!(s.len(), 4);
    for p in &s {
        let line = p
            .lines
            .iter()
            .find(|l| l.component == "commission")
            .unwrap();
        assert_eq!(line.amount, dec!(1000.00));
        assert_eq!(p.total, dec!(1000.00));
    }
}
