//! The worked examples of the payout-engine issue, word for word, and the
//! shipped sample inputs.

use incentive::Inputs;
use incentive::payout::Segment;
use incentive::statement::RuleTrace;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plan, plans, root};

fn amounts(s: &incentive::Statement) -> Vec<Decimal> {
    s.lines.iter().map(|l| l.amount).collect()
}

// Dana: demand generation, TI 5,000; pipeline 2,300,000 vs 2,000,000;
// rating 4 → 4,875.00 + 1,562.50 = 6,437.50.
#[test]
fn dana_demand_generation() {
    let dana = Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4));
    let s = plan("demand-generation").evaluate(&dana).unwrap();
    assert_eq!(amounts(&s), vec![dec!(4875.00), dec!(1562.50)]);
    assert_eq!(s.total(), dec!(6437.50));
    assert_eq!(s.total().to_string(), "6437.50");
}

// Priya: product manager, TI 6,000 → 2,040.00 + 1,440.00 + 1,044.00 +
// 900.00 + 750.00 = 6,174.00. Close rate 0.27 = 54 won / 200 opportunities.
#[test]
fn priya_product_manager() {
    let priya = crate::priya();
    let s = plan("product-manager").evaluate(&priya).unwrap();
    assert_eq!(
        amounts(&s),
        vec![
            dec!(2040.00),
            dec!(1440.00),
            dec!(1044.00),
            dec!(900.00),
            dec!(750.00)
        ]
    );
    assert_eq!(s.total(), dec!(6174.00));
    let close = s.line("close_rate").unwrap();
    match &close.measure {
        incentive::statement::MeasureTrace::Quantitative {
            actual, attainment, ..
        } => {
            assert_eq!(actual.to_decimal(), Some(dec!(0.27)));
            assert_eq!(attainment.to_decimal(), Some(dec!(1.08)));
        }
        other => panic!("unexpected measure {other:?}"),
    }
}

// Sam: sales enablement, TI 4,000; 9,450,000 vs 10,500,000; score 4.2
// through 3.0→0%, 4.0→100%, 5.0→150% → 2,550.00 + 1,100.00 = 3,650.00.
#[test]
fn sam_sales_enablement() {
    let sam = Inputs::new("sam", "sales-enablement")
        .actual("sales_bookings", dec!(9450000))
        .target("sales_quota", dec!(10500000))
        .rating("sales_satisfaction", dec!(4.2));
    let s = plan("sales-enablement").evaluate(&sam).unwrap();
    assert_eq!(amounts(&s), vec![dec!(2550.00), dec!(1100.00)]);
    assert_eq!(s.total(), dec!(3650.00));
}

// Chen: channel marketing, TI 4,500; 3,200,000 vs 4,000,000; ratings 5 and
// 2 → 1,575.00 + 2,025.00 + 450.00 = 4,050.00.
#[test]
fn chen_channel_marketing() {
    let chen = Inputs::new("chen", "channel-marketing")
        .actual("channel_pipeline", dec!(3200000))
        .target("channel_pipeline", dec!(4000000))
        .rating("partner_satisfaction", dec!(5))
        .rating("channel_strategy", dec!(2));
    let s = plan("channel-marketing").evaluate(&chen).unwrap();
    assert_eq!(
        amounts(&s),
        vec![dec!(1575.00), dec!(2025.00), dec!(450.00)]
    );
    assert_eq!(s.total(), dec!(4050.00));
}

fn alex(plan_id: &str, bookings: Decimal) -> incentive::Statement {
    let alex = Inputs::new("alex", plan_id)
        .actual("bookings", bookings)
        .target("commission", dec!(500000));
    plan(plan_id).evaluate(&alex).unwrap()
}

// Alex: quota 500,000; 8% to 100%, 12% from 100%, 16% from 150%; bookings
// 650,000 → marginal 58,000.00, retroactive 78,000.00.
#[test]
fn alex_tiers_above_quota() {
    let m = alex("account-executive-marginal", dec!(650000));
    assert_eq!(m.total(), dec!(58000.00));
    let RuleTrace::Tiers { bands, .. } = &m.lines[0].rule else {
        panic!("tiers expected")
    };
    let parts: Vec<_> = bands
        .iter()
        .map(|b| b.commission.to_decimal().unwrap())
        .collect();
    assert_eq!(parts, vec![dec!(40000), dec!(18000)]);
    assert_eq!(
        alex("account-executive-retroactive", dec!(650000)).total(),
        dec!(78000.00)
    );
}

// Alex at quota: bookings exactly 500,000 → marginal 40,000.00,
// retroactive 60,000.00 (the 12% band starts at quota, inclusive).
#[test]
fn alex_tiers_exactly_at_quota() {
    assert_eq!(
        alex("account-executive-marginal", dec!(500000)).total(),
        dec!(40000.00)
    );
    assert_eq!(
        alex("account-executive-retroactive", dec!(500000)).total(),
        dec!(60000.00)
    );
    // One cent below quota is still in the 8% band: 39,999.9992.
    let below = alex("account-executive-retroactive", dec!(499999.99));
    assert_eq!(below.lines[0].exact.to_decimal(), Some(dec!(39999.9992)));
    assert_eq!(below.total(), dec!(40000.00));
}

// Rita: demand generation (half-even per line); pipeline 3,300,002 vs
// 3,000,000; rating 3 → exact pipeline 4,500.005 → 4,500.00; total
// 5,750.00 (a divide-first engine gets 5,750.01).
#[test]
fn rita_rounds_once_half_even() {
    let rita = Inputs::new("rita", "demand-generation")
        .actual("pipeline", dec!(3300002))
        .target("pipeline", dec!(3000000))
        .rating("campaign_effectiveness", dec!(3));
    let s = plan("demand-generation").evaluate(&rita).unwrap();
    let pipeline = s.line("pipeline").unwrap();
    assert_eq!(pipeline.exact.to_decimal(), Some(dec!(4500.005)));
    assert_eq!(pipeline.amount, dec!(4500.00));
    assert_eq!(s.total(), dec!(5750.00));

    // The same arithmetic dividing first, as a spreadsheet or a naive
    // engine does, lands a hair above the half and pays a cent more: this
    // test would catch an engine that divides first.
    let attainment = dec!(3300002) / dec!(3000000);
    let divide_first = dec!(3750) * (dec!(1) + dec!(2) * (attainment - dec!(1)));
    assert_eq!(
        divide_first.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven),
        dec!(4500.01)
    );
}

// Exactly at the 50% threshold pays the threshold's 25%; a cent below pays 0.
#[test]
fn threshold_is_inclusive_and_exact() {
    let p = plan("demand-generation");
    let at = |pipeline| {
        let i = Inputs::new("x", "demand-generation")
            .actual("pipeline", pipeline)
            .target("pipeline", dec!(2000000))
            .rating("campaign_effectiveness", dec!(1));
        p.evaluate(&i).unwrap()
    };
    let s = at(dec!(1000000));
    assert_eq!(s.line("pipeline").unwrap().amount, dec!(937.50));
    assert!(matches!(
        s.line("pipeline").unwrap().rule,
        RuleTrace::Curve {
            segment: Segment::Between { .. },
            ..
        }
    ));
    let below = at(dec!(999999.99));
    assert_eq!(below.line("pipeline").unwrap().amount, dec!(0.00));
    assert!(matches!(
        below.line("pipeline").unwrap().rule,
        RuleTrace::Curve {
            segment: Segment::BelowThreshold { .. },
            ..
        }
    ));
    // Capped above the last point: 200% of 3,750.
    assert_eq!(
        at(dec!(9000000)).line("pipeline").unwrap().amount,
        dec!(7500.00)
    );
}

// The shipped sample inputs give the worked examples' totals.
#[test]
fn shipped_samples_match_the_worked_examples() {
    let inputs = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
    let statements = plans().evaluate_all(&inputs).unwrap();
    let totals: Vec<(String, String, Decimal)> = statements
        .iter()
        .map(|s| (s.participant.clone(), s.plan.clone(), s.total()))
        .collect();
    let expect = |p: &str, plan: &str, t: Decimal| (p.to_owned(), plan.to_owned(), t);
    assert_eq!(
        totals,
        vec![
            expect("alex", "account-executive-marginal", dec!(58000.00)),
            expect("alex", "account-executive-retroactive", dec!(78000.00)),
            expect("casey", "customer-marketing", dec!(5190.47)),
            expect("chen", "channel-marketing", dec!(4050.00)),
            expect("dana", "demand-generation", dec!(6437.50)),
            expect("jordan", "account-executive-marginal", dec!(40000.00)),
            expect("jordan", "account-executive-retroactive", dec!(60000.00)),
            expect("priya", "product-manager", dec!(6174.00)),
            expect("rita", "demand-generation", dec!(5750.00)),
            expect("sam", "sales-enablement", dec!(3650.00)),
        ]
    );
}

// JSON carries every amount as a string, never a float.
#[test]
fn json_amounts_are_strings() {
    let inputs = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
    let statements = plans().evaluate_all(&inputs).unwrap();
    let json = serde_json::to_value(&statements).unwrap();
    let dana = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["participant"] == "dana")
        .unwrap();
    assert_eq!(dana["total"], serde_json::json!("6437.50"));
    assert_eq!(dana["lines"][0]["amount"], serde_json::json!("4875.00"));
    assert_eq!(
        dana["lines"][0]["measure"]["attainment"],
        serde_json::json!("1.15")
    );
    fn no_floats(v: &serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => assert!(n.is_u64(), "non-integer number {n} in JSON"),
            serde_json::Value::Array(a) => a.iter().for_each(no_floats),
            serde_json::Value::Object(o) => o.values().for_each(no_floats),
            _ => {}
        }
    }
    no_floats(&json);
}

// A bare TOML float that f64 cannot hold is read exactly.
#[test]
fn plan_and_input_numbers_are_read_exactly() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml"))
        .unwrap()
        .replace(
            "target_incentive = { amount = 5000 }",
            "target_incentive = { amount = 12345678901234567.89 }",
        );
    let p = incentive::Plan::from_toml(&text).unwrap();
    assert_eq!(
        p.target_incentive(),
        Some(incentive::TargetIncentive::Amount(dec!(
            12345678901234567.89
        )))
    );
    let inputs = Inputs::list_from_toml(
        "[[participants]]\nparticipant = 'x'\nplan = 'demand-generation'\nactuals = { pipeline = 0.1 }\ntargets = { pipeline = 1.50 }\n",
    )
    .unwrap();
    assert_eq!(inputs[0].actuals()["pipeline"], dec!(0.1));
    assert_eq!(inputs[0].targets()["pipeline"].to_string(), "1.50");
}

// Rounding on the total: the lines are allocated so that they add up to it.
#[test]
fn rounding_on_the_total_allocates_lines() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml"))
        .unwrap()
        .replace("scope = \"line\"", "scope = \"total\"")
        .replace("mode = \"half-even\"", "mode = \"half-up\"")
        .replace("amount = 5000", "amount = 5000.02");
    let p = incentive::Plan::from_toml(&text).unwrap();
    // TI 5000.02: pipeline 3750.015 × 1, rating 1250.005 × 1.
    let i = Inputs::new("x", "demand-generation")
        .actual("pipeline", dec!(2000000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(3));
    let s = p.evaluate(&i).unwrap();
    assert_eq!(s.exact_total.to_decimal(), Some(dec!(5000.02)));
    assert_eq!(s.total(), dec!(5000.02));
    // Both lines are half a cent over a whole cent; the spare cent goes to
    // the first line on the tie.
    assert_eq!(amounts(&s), vec![dec!(3750.02), dec!(1250.00)]);

    let per_line =
        incentive::Plan::from_toml(&text.replace("scope = \"total\"", "scope = \"line\"")).unwrap();
    let s = per_line.evaluate(&i).unwrap();
    assert_eq!(amounts(&s), vec![dec!(3750.02), dec!(1250.01)]);
    assert_eq!(s.total(), dec!(5000.03));
}

// Caps: a component cap and a plan cap, each shown on the statement.
#[test]
fn component_and_plan_caps() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let capped = text.replace(
        "curve = \"standard\"",
        "curve = \"standard\"\ncap = { percent_of_target = \"150%\" }",
    );
    let p = incentive::Plan::from_toml(&capped).unwrap();
    let i = Inputs::new("x", "demand-generation")
        .actual("pipeline", dec!(2800000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(5));
    let s = p.evaluate(&i).unwrap();
    let line = s.line("pipeline").unwrap();
    // 140% attainment → 180% × 3,750 = 6,750, capped at 150% = 5,625.
    assert_eq!(line.uncapped.to_decimal(), Some(dec!(6750)));
    assert_eq!(line.amount, dec!(5625.00));
    assert!(line.cap.unwrap().applied);
    assert_eq!(s.total(), dec!(7500.00));

    let plan_capped = format!("cap = {{ amount = 7000 }}\n{text}");
    let p = incentive::Plan::from_toml(&plan_capped).unwrap();
    let s = p.evaluate(&i).unwrap();
    assert_eq!(amounts(&s), vec![dec!(6750.00), dec!(1875.00)]);
    assert_eq!(s.adjustments.len(), 1);
    assert_eq!(s.adjustments[0].amount, dec!(-1625.00));
    assert_eq!(s.total(), dec!(7000.00));
}

// Target incentive as an annual amount or a percent of base is divided by
// the periods in a year, exactly.
#[test]
fn annual_and_percent_of_base_target_incentive() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let annual =
        incentive::Plan::from_toml(&text.replace("{ amount = 5000 }", "{ annual = 20000 }"))
            .unwrap();
    let i = Inputs::new("x", "demand-generation")
        .actual("pipeline", dec!(2000000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(3));
    assert_eq!(annual.evaluate(&i).unwrap().total(), dec!(5000.00));

    let monthly = text
        .replace("{ amount = 5000 }", "{ percent_of_base = \"10%\" }")
        .replace("pay_period = \"quarter\"", "pay_period = \"month\"");
    let p = incentive::Plan::from_toml(&monthly).unwrap();
    // 10% of 100,000 / 12 = 833.333…: 625 + 208.333… → 625.00 + 208.33.
    let s = p
        .evaluate(&i.clone().with_base_salary(dec!(100000)))
        .unwrap();
    assert_eq!(amounts(&s), vec![dec!(625.00), dec!(208.33)]);
    assert_eq!(
        s.target_incentive.as_ref().unwrap().amount.to_string(),
        "≈833.3333333333 (2500/3)"
    );
    let err = p.evaluate(&i).unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("base_salary"));
}

// Lower is better: churn 4% against a 5% target.
#[test]
fn lower_is_better_formulas() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let churn = |formula: &str| {
        let t = text.replace(
            "metric = \"pipeline\"",
            &format!(
                "metric = \"pipeline\"\ndirection = \"lower-is-better\"\nformula = \"{formula}\""
            ),
        );
        let p = incentive::Plan::from_toml(&t).unwrap();
        let i = Inputs::new("x", "demand-generation")
            .actual("pipeline", dec!(0.04))
            .target("pipeline", dec!(0.05))
            .rating("campaign_effectiveness", dec!(3));
        p.evaluate(&i).unwrap().line("pipeline").unwrap().amount
    };
    // 5/4 = 125% → 150% × 3,750 = 5,625; 2 − 4/5 = 120% → 140% = 5,250.
    assert_eq!(churn("target-over-actual"), dec!(5625.00));
    assert_eq!(churn("two-minus-actual-over-target"), dec!(5250.00));
}

// The statement README shows is the one the library prints.
#[test]
fn readme_statement_is_current() {
    let readme = std::fs::read_to_string(root("README.md")).unwrap();
    let start = readme.find("prints\n\n```text\n").unwrap() + "prints\n\n```text\n".len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let dana = Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4));
    assert_eq!(plans().evaluate(&dana).unwrap().to_string(), shown);
}

// The commission sample (`plans/samples/commission-transactions.toml`), as
// `incentive run --job plans/samples/job.toml` settles it: Rita's reseller months through one
// ledger — March 800.00 + 447.00 + 200.00 + 75.00 = 1,522.00; April the
// credit note of INV-1 at INV-1's 8%, -200.00, and 30.00: -170.00 pays
// 0.00, carried; May 300.00 less the 170.00 owed: 130.00 — and Sam's
// March: 20 × 17.50 + 4 × 21.875 = 437.50, the no-show left out.
#[test]
fn the_commission_sample_settles_month_after_month() {
    use incentive::commission::CommissionLedger;
    use incentive::credit::CreditData;
    use incentive::{Credits, Date};

    let set = plans();
    let data = CreditData::load(root("plans/samples/commission-transactions.toml")).unwrap();
    let mut ledger = CommissionLedger::default();
    let month = |ledger: &mut CommissionLedger, who: &str, plan: &str, m: u32| {
        let from = Date::new(2026, m, 1).unwrap();
        let to = Date::new(2026, m, from.days_in_month()).unwrap();
        let credits = Credits::build(&data, ["rita", "sam"], from, to).unwrap();
        let earned = credits.evaluate(&set, &Inputs::new(who, plan)).unwrap();
        let s = ledger
            .settle(set.get(plan).unwrap(), earned, from, to, &data)
            .unwrap();
        let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
        assert_eq!(amounts(&s).iter().sum::<Decimal>() + adjustments, s.total());
        s
    };
    let march = month(&mut ledger, "rita", "reseller-commission", 3);
    let RuleTrace::Commission(c) = &march.lines[0].rule else {
        panic!("a commission line: {march}")
    };
    let lines: Vec<Option<Decimal>> = c.lines.iter().map(|l| l.amount).collect();
    assert_eq!(
        lines,
        [
            Some(dec!(800.00)),
            Some(dec!(447.00)),
            Some(dec!(200.00)),
            Some(dec!(75.00))
        ]
    );
    assert_eq!(march.total(), dec!(1522.00));
    let april = month(&mut ledger, "rita", "reseller-commission", 4);
    assert_eq!(amounts(&april), [dec!(-170.00)]);
    assert_eq!(april.total(), dec!(0.00));
    assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(170.00));
    let may = month(&mut ledger, "rita", "reseller-commission", 5);
    assert_eq!(amounts(&may), [dec!(300.00)]);
    assert_eq!(may.total(), dec!(130.00));
    assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(0));
    let sam = month(&mut ledger, "sam", "sdr-meetings", 3);
    let RuleTrace::Commission(c) = &sam.lines[0].rule else {
        panic!("a commission line: {sam}")
    };
    assert_eq!((c.lines.len(), c.excluded), (24, 1));
    assert_eq!(sam.total(), dec!(437.50));
}
