//! The worked examples of the shared-goals issue: gates, modifiers,
//! kickers, crediting and clawbacks.

use incentive::{AdjustmentDetail, Inputs, Plan};
use rust_decimal_macros::dec;

use crate::{plan, root};

fn plan_with(id: &str, before: &str, after: &str) -> Plan {
    let text = std::fs::read_to_string(root(&format!("plans/{id}.toml"))).unwrap();
    Plan::from_toml(&format!("{before}\n{text}\n{after}")).unwrap()
}

// Company modifier on the product manager's total: company revenue
// attainment 105% through 80%→0.5, 100%→1.0, 120%→1.5 → Priya
// 6,174.00 × 1.125 = 6,945.75.
#[test]
fn company_modifier_on_the_product_managers_total() {
    let p = plan_with(
        "product-manager",
        "modifier = \"company\"",
        r#"
[metrics.company_revenue]

[measures.company_revenue]
metric = "company_revenue"

[curves.company]
points = [[0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]

[modifiers.company]
measure = "company_revenue"
curve = "company"
below_first = "zero"
"#,
    );
    let priya = Inputs::new("priya", "product-manager")
        .actual("booked", dec!(1800000))
        .target("booked", dec!(2000000))
        .actual("pipeline", dec!(6600000))
        .target("pipeline", dec!(6000000))
        .actual("won", dec!(54))
        .actual("opportunities", dec!(200))
        .target("close_rate", dec!(0.25))
        .rating("market_perception", dec!(3))
        .rating("field_readiness", dec!(4))
        .actual("company_revenue", dec!(105000000))
        .target("company_revenue", dec!(100000000));
    let s = p.evaluate(&priya).unwrap();
    let lines: rust_decimal::Decimal = s.lines.iter().map(|l| l.amount).sum();
    assert_eq!(lines, dec!(6174.00));
    assert_eq!(s.adjustments.len(), 1);
    let AdjustmentDetail::Modifier(m) = s.adjustments[0].detail.as_ref().unwrap() else {
        panic!("modifier expected")
    };
    assert_eq!(m.multiplier.to_decimal(), Some(dec!(1.125)));
    assert_eq!(s.adjustments[0].amount, dec!(771.75));
    assert_eq!(s.total(), dec!(6945.75));

    // Below the first point the declared behaviour applies: zero here.
    let low = priya.clone().actual("company_revenue", dec!(79999999.99));
    assert_eq!(p.evaluate(&low).unwrap().total(), dec!(0.00));
    // ... or the first point's multiplier, when the plan says so.
    let floor = plan_with(
        "product-manager",
        "modifier = \"company\"",
        "[metrics.company_revenue]\n[measures.company_revenue]\nmetric = \"company_revenue\"\n\
         [curves.company]\npoints = [[0.8, 0.5], [1.0, 1.0], [1.2, 1.5]]\n\
         [modifiers.company]\nmeasure = \"company_revenue\"\ncurve = \"company\"\nbelow_first = \"first-point\"\n",
    );
    assert_eq!(floor.evaluate(&low).unwrap().total(), dec!(3087.00));
}

fn chen(pipeline: rust_decimal::Decimal) -> Inputs {
    Inputs::new("chen", "channel-marketing")
        .actual("channel_pipeline", pipeline)
        .target("channel_pipeline", dec!(4000000))
        .rating("partner_satisfaction", dec!(5))
        .rating("channel_strategy", dec!(2))
}

// Gate: channel marketing's qualitative components pay only if channel
// pipeline attainment ≥ 80% → Chen at exactly 80% → 4,050.00; Chen at
// 3,100,000 (77.5%) → pipeline 1,490.63 (half-up), qualitative 0.00 (gate
// failed), total 1,490.63.
#[test]
fn gate_on_channel_pipeline() {
    let p = plan("channel-marketing");
    let at = p.evaluate(&chen(dec!(3200000))).unwrap();
    assert_eq!(at.total(), dec!(4050.00));
    assert!(
        at.line("partner_satisfaction")
            .unwrap()
            .gate
            .as_ref()
            .unwrap()
            .held
    );

    let below = p.evaluate(&chen(dec!(3100000))).unwrap();
    let amounts: Vec<_> = below.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, vec![dec!(1490.63), dec!(0.00), dec!(0.00)]);
    assert_eq!(below.total(), dec!(1490.63));
    let gate = below
        .line("channel_strategy")
        .unwrap()
        .gate
        .as_ref()
        .unwrap();
    assert!(!gate.held);
    assert_eq!(
        gate.to_string(),
        "gate `pipeline_80` failed: `channel_pipeline` attainment 77.5% is below 80%"
    );
    // The line still shows what the rating would have paid.
    assert_eq!(
        below
            .line("partner_satisfaction")
            .unwrap()
            .uncapped
            .to_decimal(),
        Some(dec!(2025))
    );
}

// Kicker: demand generation pays 500.00 more at pipeline attainment ≥ 120%
// → Dana at 2,500,000 → 5,625.00 + 1,562.50 + 500.00 = 7,687.50; at
// 2,300,000 no kicker.
#[test]
fn kicker_on_demand_generation() {
    let p = plan_with(
        "demand-generation",
        "",
        r#"
[[kickers]]
id = "pipeline_120"
name = "Pipeline at 120% of target"
measure = "pipeline"
at_least = "120%"
amount = 500
"#,
    );
    let dana = |pipeline| {
        Inputs::new("dana", "demand-generation")
            .actual("pipeline", pipeline)
            .target("pipeline", dec!(2000000))
            .rating("campaign_effectiveness", dec!(4))
    };
    let s = p.evaluate(&dana(dec!(2500000))).unwrap();
    let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, vec![dec!(5625.00), dec!(1562.50)]);
    assert_eq!(s.adjustments[0].amount, dec!(500.00));
    assert_eq!(s.total(), dec!(7687.50));

    let s = p.evaluate(&dana(dec!(2300000))).unwrap();
    assert_eq!(s.adjustments[0].amount, dec!(0.00));
    assert!(
        s.adjustments[0]
            .description
            .ends_with("is below 120%: pays nothing")
    );
    assert_eq!(s.total(), dec!(6437.50));
    // Exactly at 120% the kicker pays (inclusive).
    assert_eq!(
        p.evaluate(&dana(dec!(2400000))).unwrap().adjustments[0].amount,
        dec!(500.00)
    );
}

#[test]
fn condition_errors_name_the_place() {
    let text = std::fs::read_to_string(root("plans/channel-marketing.toml")).unwrap();
    let err = Plan::from_toml(&text.replace(
        "measure = \"channel_pipeline\"",
        "measure = \"partner_satisfaction\"",
    ))
    .unwrap_err();
    assert_eq!(
        err.details().field.as_deref(),
        Some("gates.pipeline_80.measure")
    );
    assert_eq!(
        err.details().message,
        "`partner_satisfaction` is neither a quantitative component nor a measure of this plan; conditions read the attainment of `channel_pipeline`"
    );
    let err =
        Plan::from_toml(&text.replacen("gate = \"pipeline_80\"", "gate = \"pipeline_90\"", 1))
            .unwrap_err();
    assert_eq!(
        err.details().component.as_deref(),
        Some("partner_satisfaction")
    );
    assert_eq!(
        err.details().message,
        "gate `pipeline_90` is not defined; defined gates: `pipeline_80`"
    );
    // A gate's measure needs its inputs like any other: never a silent pass.
    let missing = Inputs::new("chen", "channel-marketing")
        .target("channel_pipeline", dec!(4000000))
        .rating("partner_satisfaction", dec!(5))
        .rating("channel_strategy", dec!(2));
    let err = plan("channel-marketing").evaluate(&missing).unwrap_err();
    assert_eq!(
        err.details().field.as_deref(),
        Some("actuals.channel_pipeline")
    );
}
