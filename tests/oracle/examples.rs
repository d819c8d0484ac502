//! The oracle against the reference's own worked numbers: each case is a
//! figure printed in `src/docs/plan_file.md` or `src/docs/cookbook.md` (or
//! `src/rounding.rs`'s docs), computed here by the oracle alone, so that the
//! differential property compares the engine with a reading of the reference
//! that is itself checked against the reference.
//!
//! Plan numbers are written as strings: the oracle reads no TOML floats.

use super::num::{self, Q};
use super::{Inputs, Refusal, evaluate};

fn q(s: &str) -> Q {
    num::parse(s).unwrap()
}

fn inputs(actuals: &[(&str, &str)], targets: &[(&str, &str)], ratings: &[(&str, &str)]) -> Inputs {
    let mut i = Inputs::default();
    for (k, v) in actuals {
        i.actuals.insert((*k).to_owned(), q(v));
    }
    for (k, v) in targets {
        i.targets.insert((*k).to_owned(), q(v));
    }
    for (k, v) in ratings {
        i.ratings.insert((*k).to_owned(), q(v));
    }
    i
}

const HEAD: &str = r#"
id = "x"
name = "x"
version = "1"
currency = "USD"
"#;

/// The plan file's lower-is-better, step table and score example: 2,400 +
/// 1,000 + 1,250 = 4,650.00.
#[test]
fn customer_success() {
    let plan = format!(
        r#"{HEAD}
pay_period = "quarter"
target_incentive = {{ amount = 4000 }}
[metrics.churn]
[metrics.expansion]
[curves.linear]
points = [[0, 0], [1, 1], [2, 2]]
[curves.nps]
points = [["0", "0"], ["50", "1.0"], ["80", "1.5"]]
[[components]]
id = "churn"
name = "Gross churn"
weight = "50%"
metric = "churn"
target = "5%"
direction = "lower-is-better"
formula = "two-minus-actual-over-target"
curve = "linear"
[[components]]
id = "expansion"
name = "Expansion revenue"
weight = "25%"
metric = "expansion"
steps = [["0.9", "0.5"], ["1.0", "1.0"], ["1.2", "1.5"]]
[[components]]
id = "nps"
name = "Net promoter score"
weight = "25%"
score = {{ min = -100, max = 100 }}
curve = "nps"
"#
    );
    let kim = inputs(
        &[("churn", "0.04"), ("expansion", "110000")],
        &[("expansion", "100000")],
        &[("nps", "65")],
    );
    let s = evaluate(&plan, &kim).unwrap();
    let amounts: Vec<Q> = s.lines.iter().map(|l| l.amount.clone()).collect();
    assert_eq!(amounts, [q("2400"), q("1000"), q("1250")]);
    assert_eq!(s.total, q("4650.00"));
}

fn one_component(rule: &str, ti: &str, target: &str) -> String {
    format!(
        r#"{HEAD}
pay_period = "quarter"
target_incentive = {{ amount = {ti} }}
[metrics.bookings]
[[components]]
id = "c"
name = "c"
weight = "100%"
metric = "bookings"
target = {target}
{rule}
"#
    )
}

/// The cookbook: quota 500,000, actual 650,000; marginal 58,000.00,
/// retroactive 78,000.00; and the multipliers at 130%: 15,000 and 26,000.
#[test]
fn marginal_and_retroactive() {
    let alex = inputs(&[("bookings", "650000")], &[], &[]);
    let tiers = |mode: &str| {
        one_component(
            &format!(
                r#"tiers = {{ basis = "attainment", mode = "{mode}", bands = [["0", "8%"], ["1.0", "12%"], ["1.5", "16%"]] }}"#
            ),
            "40000",
            "500000",
        )
    };
    assert_eq!(
        evaluate(&tiers("marginal"), &alex).unwrap().total,
        q("58000")
    );
    assert_eq!(
        evaluate(&tiers("retroactive"), &alex).unwrap().total,
        q("78000")
    );
    let at_130 = inputs(&[("bookings", "1300000")], &[], &[]);
    let mult = |mode: &str| {
        one_component(
            &format!(
                r#"multipliers = {{ mode = "{mode}", bands = [["0", "1.0"], ["1.0", "1.5"], ["1.2", "2.0"]] }}"#
            ),
            "10000",
            "1000000",
        )
    };
    assert_eq!(
        evaluate(&mult("marginal"), &at_130).unwrap().total,
        q("15000")
    );
    assert_eq!(
        evaluate(&mult("retroactive"), &at_130).unwrap().total,
        q("26000")
    );
}

/// `bounds = "exclusive"`: exactly at 100,000 a retroactive "12% above
/// 100,000" pays 8% (8,000.00); 100,000.01 pays 12,000.00.
#[test]
fn exclusive_bounds() {
    let plan = one_component(
        r#"bounds = "exclusive"
tiers = { basis = "amount", mode = "retroactive", bands = [["0", "8%"], ["100000", "12%"]] }"#,
        "10000",
        "100000",
    );
    let at = |a: &str| {
        evaluate(&plan, &inputs(&[("bookings", a)], &[], &[]))
            .unwrap()
            .total
    };
    assert_eq!(at("100000"), q("8000.00"));
    assert_eq!(at("100000.01"), q("12000.00"));
}

/// The reference's curve, with and without a jump: 0.49 → 0, 0.5 → 0.25,
/// 0.75 → 0.625, 1.15 → 1.3, 2.0 → 2 (capped at the last point); with the
/// jump, 0.9999 → 0.79989 and 1.0 → 1.0.
#[test]
fn curves_and_jumps() {
    let curve = |points: &str| super::plan::Curve {
        points: points
            .split(';')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (q(x), q(y))
            })
            .collect(),
        extrapolate: false,
    };
    let standard = curve("0.5,0.25;1.0,1.0;1.5,2.0");
    let at = |c: &super::plan::Curve, x: &str| super::eval::curve_at(c, &q(x));
    assert_eq!(at(&standard, "0.49"), q("0"));
    assert_eq!(at(&standard, "0.5"), q("0.25"));
    assert_eq!(at(&standard, "0.75"), q("0.625"));
    assert_eq!(at(&standard, "1.15"), q("1.3"));
    assert_eq!(at(&standard, "2.0"), q("2"));
    let jump = curve("0.5,0.25;1.0,0.80;1.0,1.0;1.5,2.0");
    assert_eq!(at(&jump, "0.9999"), q("0.79989"));
    assert_eq!(at(&jump, "1.0"), q("1.0"));
}

/// Rounding: Rita's pipeline line is exactly 4,500.005; half-even pays
/// 5,750.00 in all, half-up 5,750.01. And on the total, two lines of
/// 100.005 are 100.01 + 100.00 = 200.01 (half-up).
#[test]
fn rounding_modes_and_scopes() {
    let plan = |mode: &str| {
        format!(
            r#"{HEAD}
pay_period = "quarter"
rounding = {{ mode = "{mode}", scope = "line" }}
target_incentive = {{ amount = 5000 }}
[metrics.pipeline]
[curves.standard]
points = [["0.5", "0.25"], ["1.0", "1.0"], ["1.5", "2.0"]]
[scales.five]
min = 1
max = 5
ratings = [[1, "0%"], [2, "50%"], [3, "100%"], [4, "125%"], [5, "150%"]]
[[components]]
id = "pipeline"
name = "Pipeline"
weight = "75%"
metric = "pipeline"
curve = "standard"
[[components]]
id = "campaign_effectiveness"
name = "Campaigns"
weight = "25%"
rating = "five"
"#
        )
    };
    let rita = inputs(
        &[("pipeline", "3300002")],
        &[("pipeline", "3000000")],
        &[("campaign_effectiveness", "3")],
    );
    let even = evaluate(&plan("half-even"), &rita).unwrap();
    assert_eq!(even.lines[0].exact, q("4500.005"));
    assert_eq!(even.total, q("5750.00"));
    assert_eq!(
        evaluate(&plan("half-up"), &rita).unwrap().total,
        q("5750.01")
    );

    let two = format!(
        r#"{HEAD}
pay_period = "quarter"
rounding = {{ mode = "half-up", scope = "total" }}
target_incentive = {{ amount = "200.01" }}
[[components]]
id = "a"
name = "a"
weight = "50%"
pays = "target"
[[components]]
id = "b"
name = "b"
weight = "50%"
pays = "target"
"#
    );
    let s = evaluate(&two, &Inputs::default()).unwrap();
    let amounts: Vec<Q> = s.lines.iter().map(|l| l.amount.clone()).collect();
    assert_eq!(amounts, [q("100.01"), q("100.00")]);
    assert_eq!(s.total, q("200.01"));
}

/// Issue 16, defect 2, as the reference words it: a component capped at
/// 1,000.005 pays 1,000.00 (the account-executive marginal plan at bookings
/// 650,000); a plan cap of 200% of 1,000.0025 pays 2,000.00.
#[test]
fn caps_hold_after_rounding() {
    let capped = one_component(
        r#"cap = { amount = "1000.005" }
tiers = { basis = "attainment", mode = "marginal", bands = [["0", "8%"], ["1.0", "12%"], ["1.5", "16%"]] }"#,
        "40000",
        "500000",
    );
    let s = evaluate(&capped, &inputs(&[("bookings", "650000")], &[], &[])).unwrap();
    assert_eq!(s.lines[0].exact, q("1000.005"));
    assert!(s.lines[0].rounded_to_cap);
    assert_eq!(s.total, q("1000.00"));

    let plan_cap = format!(
        r#"{HEAD}
pay_period = "quarter"
cap = {{ percent_of_target = "200%" }}
target_incentive = {{ amount = "1000.0025" }}
[[components]]
id = "a"
name = "a"
weight = "100%"
pays = "target"
"#
    );
    let mut over = Inputs::default();
    over.adjustments.push(("spiff".into(), q("5000")));
    // Outside the cap by default: 1,000.0025 → 1,000.00 (the cap does not
    // bind), plus 5,000.
    assert_eq!(evaluate(&plan_cap, &over).unwrap().total, q("6000.00"));
    let inside = plan_cap.replace("cap = {", "adjustments = \"inside-cap\"\ncap = {");
    let s = evaluate(&inside, &over).unwrap();
    assert_eq!(s.total, q("2000.00"));
    assert!(s.total_rounded_to_cap);
}

/// The executive matrix: revenue 104%, margin 101% pays 100% (10,000.00);
/// margin 94% is below the first column (0.00); bilinear at 105% × 102.5%
/// pays 125% (12,500.00).
#[test]
fn bonus_matrix() {
    let plan = |mode: &str| {
        format!(
            r#"{HEAD}
pay_period = "year"
target_incentive = {{ amount = 10000 }}
[metrics.revenue]
[metrics.margin]
[measures.revenue]
metric = "revenue"
target = 50_000_000
[measures.margin]
metric = "margin"
target = "20%"
[[components]]
id = "bonus"
name = "Executive bonus"
weight = "100%"
[components.matrix]
rows = "revenue"
columns = "margin"
mode = "{mode}"
below_first = "zero"
row_bounds    = ["90%", "100%", "110%"]
column_bounds = ["95%", "100%", "105%"]
values = [["50%", "70%", "80%"], ["80%", "100%", "120%"], ["100%", "130%", "150%"]]
"#
        )
    };
    let erin = |r: &str, m: &str| inputs(&[("revenue", r), ("margin", m)], &[], &[]);
    let steps = plan("steps");
    assert_eq!(
        evaluate(&steps, &erin("52000000", "0.202")).unwrap().total,
        q("10000")
    );
    assert_eq!(
        evaluate(&steps, &erin("56000000", "0.188")).unwrap().total,
        q("0")
    );
    let bilinear = plan("bilinear");
    assert_eq!(
        evaluate(&bilinear, &erin("52500000", "0.205"))
            .unwrap()
            .total,
        q("12500")
    );
}

/// The cookbook's company modifier: 6,174.00 × 1.125 = 6,945.75, and the
/// kicker of 500 at 120% pipeline.
#[test]
fn modifier_and_kicker() {
    let plan = format!(
        r#"{HEAD}
pay_period = "quarter"
modifier = "company"
target_incentive = {{ amount = "6174" }}
[metrics.company_revenue]
[measures.company_revenue]
metric = "company_revenue"
[curves.company]
points = [["0.8", "0.5"], ["1.0", "1.0"], ["1.2", "1.5"]]
[modifiers.company]
measure = "company_revenue"
curve = "company"
below_first = "zero"
[[kickers]]
id = "k"
name = "k"
measure = "company_revenue"
above = "110%"
amount = 500
[[components]]
id = "a"
name = "a"
weight = "100%"
pays = "target"
"#
    );
    let at = |revenue: &str| {
        evaluate(
            &plan,
            &inputs(
                &[("company_revenue", revenue)],
                &[("company_revenue", "100000000")],
                &[],
            ),
        )
    };
    assert_eq!(at("105000000").unwrap().total, q("6945.75"));
    // Exactly 110% does not pay a kicker `above = "110%"`; 110.0001% does.
    assert_eq!(at("110000000").unwrap().total, q("7717.50"));
    assert_eq!(at("110000100").unwrap().total, q("8217.52"));
    assert_eq!(at("0").unwrap().total, q("0"));
    assert!(matches!(
        evaluate(&plan, &Inputs::default()),
        Err(Refusal::Input(_))
    ));
}

/// A weighted score: 4 × 40% + 3 × 30% + 4 × 30% = 3.7 → 85% of 2,000.
#[test]
fn weighted_score() {
    let plan = format!(
        r#"{HEAD}
pay_period = "half"
target_incentive = {{ amount = 2000 }}
[curves.score]
points = [[3, "50%"], [4, "100%"], [5, "150%"]]
[[components]]
id = "objectives"
name = "MBO"
weight = "100%"
score = {{ min = 1, max = 5, of = [["objective_a", "40%"], ["objective_b", "30%"], ["objective_c", "30%"]] }}
curve = "score"
"#
    );
    let obi = inputs(
        &[],
        &[],
        &[
            ("objective_a", "4"),
            ("objective_b", "3"),
            ("objective_c", "4"),
        ],
    );
    assert_eq!(evaluate(&plan, &obi).unwrap().total, q("1700.00"));
}

/// 10,000.00 a year paid semi-monthly: 416.67 in the first 16 periods and
/// 416.66 in the other 8; inputs with no period take the exact fraction.
#[test]
fn largest_remainder_period_shares() {
    let plan = format!(
        r#"{HEAD}
pay_period = "semi-month"
target_incentive = {{ annual = 10000 }}
[[components]]
id = "a"
name = "a"
weight = "100%"
pays = "target"
"#
    );
    let at = |period: Option<&str>| {
        let i = Inputs {
            period: period.map(str::to_owned),
            ..Inputs::default()
        };
        let s = evaluate(&plan, &i).unwrap();
        (s.lines[0].exact.clone(), s.total)
    };
    assert_eq!(at(Some("2026-S16")), (q("416.67"), q("416.67")));
    assert_eq!(at(Some("2026-S17")), (q("416.66"), q("416.66")));
    let year: Q = (1..=24)
        .map(|k| at(Some(&format!("2026-S{k:02}"))).1)
        .fold(q("0"), |a, b| a + b);
    assert_eq!(year, q("10000.00"));
    assert_eq!(at(None).0, q("10000") / num::int(24));
    // Weighted periods: 40,000 at 20/20/20/40, quarter 4 pays 16,000.
    let weighted = plan.replace("\"semi-month\"", "\"quarter\"").replace(
        "{ annual = 10000 }",
        "{ annual = 40000, period_weights = [\"20%\", \"20%\", \"20%\", \"40%\"] }",
    );
    let q4 = Inputs {
        period: Some("2026-Q4".into()),
        ..Inputs::default()
    };
    assert_eq!(evaluate(&weighted, &q4).unwrap().total, q("16000"));
    assert!(matches!(
        evaluate(&weighted, &Inputs::default()),
        Err(Refusal::Input(_))
    ));
}
