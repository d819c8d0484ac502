//! The worked examples of the shared-goals issue: gates, modifiers,
//! kickers, crediting and clawbacks.

use incentive::statement::AdjustmentDetail;
use incentive::{Inputs, Plan};
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
    let priya = crate::priya()
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

use incentive::clawback::ClawbackLedger;
use incentive::credit::{Cancellation, CreditData, ReportingLine};
use incentive::{CreditSource, Credits, PlanSet, Transaction};

fn d(s: &str) -> incentive::Date {
    s.parse().unwrap()
}

/// Deals this quarter: D1 400,000 (Alex 100%); D2 300,000 (Alex 50%, Blake
/// 50%); D3 250,000 (Blake 100%). Sol is an overlay on D2 and D3. Alex and
/// Blake report to Morgan.
fn quarter() -> CreditData {
    CreditData::new(
        vec![
            Transaction::new("D1", "bookings", dec!(400000), d("2026-04-10"))
                .split("alex", dec!(1)),
            Transaction::new("D2", "bookings", dec!(300000), d("2026-05-05"))
                .split("alex", dec!(0.5))
                .split("blake", dec!(0.5))
                .overlay("sol"),
            Transaction::new("D3", "bookings", dec!(250000), d("2026-06-12"))
                .split("blake", dec!(1))
                .overlay("sol"),
        ],
        vec![
            ReportingLine::new("alex", "morgan", d("2026-01-01")),
            ReportingLine::new("blake", "morgan", d("2026-01-01")),
        ],
        vec![],
    )
}

fn q2(data: &CreditData) -> Credits {
    Credits::build(
        data,
        ["alex", "blake", "sol", "sam"],
        d("2026-04-01"),
        d("2026-06-30"),
    )
    .unwrap()
}

// Credited bookings: Alex 550,000; Blake 400,000; Sol 550,000; Morgan's
// team roll-up 950,000 (overlay not counted twice).
#[test]
fn credited_bookings() {
    let c = q2(&quarter());
    let total = |p: &str, s: CreditSource| c.trail(p, "bookings", &s).unwrap().total;
    assert_eq!(total("alex", CreditSource::Credited), dec!(550000));
    assert_eq!(total("blake", CreditSource::Credited), dec!(400000));
    assert_eq!(total("sol", CreditSource::Credited), dec!(550000));
    assert_eq!(total("morgan", CreditSource::Team(None)), dec!(950000));
    assert_eq!(
        total("sam", CreditSource::Team(Some("morgan".into()))),
        dec!(950000)
    );
    assert_eq!(total("sam", CreditSource::Company), dec!(950000));
    let trail = c
        .trail("alex", "bookings", &CreditSource::Credited)
        .unwrap();
    let lines: Vec<String> = trail.entries.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        vec![
            "D1 on 2026-04-10: 400000, split 100% = 400000",
            "D2 on 2026-05-05: 300000, split 50% = 150000",
        ]
    );
}

// Enablement on the team number: Sam's sales-quota component (3,000 at
// target, standard curve) against a team quota of 1,000,000 → 95% → 2,775.00.
#[test]
fn enablement_paid_on_the_team_number() {
    let plans = PlanSet::load_dir(root("plans")).unwrap();
    let sam = Inputs::new("sam", "sales-enablement")
        .source("sales_bookings", CreditSource::Team(Some("morgan".into())))
        .target("sales_quota", dec!(1000000))
        .rating("sales_satisfaction", dec!(4));
    let s = q2(&quarter()).evaluate(&plans, &sam).unwrap();
    assert_eq!(s.line("sales_quota").unwrap().amount, dec!(2775.00));
    assert_eq!(s.credits[0].total, dec!(950000));
    assert!(
        s.to_string()
            .contains("credits: sales_bookings from team:morgan: 950000")
    );
    assert!(
        s.to_string()
            .contains("D3 on 2026-06-12: 250000, roll-up from blake (100%) = 250000")
    );
}

#[test]
fn crediting_errors() {
    let base = quarter();
    let mut txns = base.transactions().to_vec();
    txns[1] = Transaction::new("D2", "bookings", dec!(300000), d("2026-05-05"))
        .split("alex", dec!(0.5))
        .split("blake", dec!(0.49));
    let bad = CreditData::new(txns, base.hierarchy().to_vec(), vec![]);
    let err = Credits::build(
        &bad,
        ["alex", "blake", "sol"],
        d("2026-04-01"),
        d("2026-06-30"),
    )
    .unwrap_err();
    assert_eq!(
        err.details().message,
        "transaction `D2`: splits sum to 99%; they must sum to exactly 100%"
    );

    let unknown = CreditData::new(
        vec![Transaction::new("D9", "bookings", dec!(1), d("2026-04-01")).split("alx", dec!(1))],
        base.hierarchy().to_vec(),
        vec![],
    );
    let err = Credits::build(&unknown, ["alex"], d("2026-04-01"), d("2026-06-30")).unwrap_err();
    assert_eq!(
        err.details().message,
        "transaction `D9`: is credited to `alx`, who is neither a participant nor in the hierarchy"
    );

    let cycle = CreditData::new(
        vec![],
        vec![
            ReportingLine::new("alex", "morgan", d("2026-01-01")),
            ReportingLine::new("morgan", "riley", d("2026-01-01")),
            ReportingLine::new("riley", "alex", d("2026-03-01")),
        ],
        vec![],
    );
    let err = Credits::build(&cycle, ["alex"], d("2026-04-01"), d("2026-06-30")).unwrap_err();
    assert_eq!(
        err.details().message,
        "the hierarchy has a cycle on 2026-03-01: alex → morgan → riley → alex"
    );

    let cancel = CreditData::new(
        base.transactions().to_vec(),
        vec![],
        vec![Cancellation::new("D7", d("2026-05-01"))],
    );
    let err = Credits::build(
        &cancel,
        ["alex", "blake", "sol"],
        d("2026-04-01"),
        d("2026-06-30"),
    )
    .unwrap_err();
    assert_eq!(
        err.details().message,
        "cancellation of `D7`, which is not a known transaction"
    );
}

fn flat_commission() -> Plan {
    Plan::from_toml(
        r#"
id = "flat-commission"
name = "Flat 10% commission"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 10000 }
clawback = { window_days = 90 }

[metrics.bookings]

[[components]]
id = "commission"
name = "Commission"
weight = 1
metric = "bookings"
target = 100000
tiers = { basis = "amount", mode = "marginal", bands = [[0, "10%"]] }
"#,
    )
    .unwrap()
}

// Clawback: flat 10% commission; deal booked 2026-03-20 for 100,000 pays
// 10,000.00 in Q1; cancelled 2026-05-10 (51 days, window 90) → Q2 earned
// 4,000.00 → Q2 pays 0.00, 6,000.00 carried as owed; a deal booked
// 2026-01-05 and cancelled 2026-05-10 (125 days) → no clawback.
#[test]
fn clawback_within_the_window() {
    let plan = flat_commission();
    let mut set = PlanSet::new();
    set.insert(plan.clone()).unwrap();
    let data = CreditData::new(
        vec![
            Transaction::new("D1", "bookings", dec!(100000), d("2026-03-20"))
                .split("alex", dec!(1)),
            Transaction::new("D0", "bookings", dec!(50000), d("2026-01-05")).split("alex", dec!(1)),
            Transaction::new("D5", "bookings", dec!(40000), d("2026-04-15")).split("alex", dec!(1)),
        ],
        vec![],
        vec![
            Cancellation::new("D1", d("2026-05-10")),
            Cancellation::new("D0", d("2026-05-10")),
        ],
    );
    let alex = Inputs::new("alex", "flat-commission").source("bookings", CreditSource::Credited);
    let mut ledger = ClawbackLedger::default();

    let q1 = Credits::build(&data, ["alex"], d("2026-01-01"), d("2026-03-31")).unwrap();
    let s1 = q1
        .evaluate(&set, &alex.clone().with_period("2026-Q1"))
        .unwrap();
    assert_eq!(s1.total(), dec!(15000.00));
    ledger.record(&s1).unwrap();
    let paid: Vec<_> = ledger
        .payments()
        .iter()
        .map(|p| (p.transaction().to_owned(), p.paid()))
        .collect();
    assert_eq!(
        paid,
        vec![
            ("D0".to_owned(), dec!(5000.00)),
            ("D1".to_owned(), dec!(10000.00))
        ]
    );

    let q2 = Credits::build(&data, ["alex"], d("2026-04-01"), d("2026-06-30")).unwrap();
    let s2 = q2.evaluate(&set, &alex.with_period("2026-Q2")).unwrap();
    assert_eq!(s2.total(), dec!(4000.00));
    let in_q2: Vec<Cancellation> = data
        .cancellations()
        .iter()
        .filter(|c| c.date() >= d("2026-04-01") && c.date() <= d("2026-06-30"))
        .cloned()
        .collect();
    let settled = ledger.settle(&plan, s2, &in_q2).unwrap();
    crate::roundtrip::round_trip(&settled);
    assert_eq!(settled.total(), dec!(0.00));
    assert_eq!(ledger.owed("alex"), dec!(6000.00));
    let claws: Vec<(String, rust_decimal::Decimal)> = settled
        .adjustments
        .iter()
        .map(|a| (a.description.clone(), a.amount))
        .collect();
    assert_eq!(
        claws,
        vec![
            (
                "clawback of `D0`: booked 2026-01-05, cancelled 2026-05-10, 125 days (window 90): outside the window, nothing is clawed back".to_owned(),
                dec!(0.00)
            ),
            (
                "clawback of `D1`: booked 2026-03-20, cancelled 2026-05-10, 51 days (window 90): 10000.00 paid on it is owed back; 4000.00 recovered now, 6000.00 carried as owed".to_owned(),
                dec!(-4000.00)
            ),
        ]
    );
    let lines: rust_decimal::Decimal = settled.lines.iter().map(|l| l.amount).sum();
    let adjustments: rust_decimal::Decimal = settled.adjustments.iter().map(|a| a.amount).sum();
    assert_eq!(lines + adjustments, settled.total());
    // D1 is gone from the ledger: settling again claws nothing back twice.
    assert!(ledger.payments().iter().all(|p| p.transaction() != "D1"));
}

// Retention-focused roles are first-class: the customer-marketing plan pays
// on net revenue retention, expansion pipeline and gross churn (lower is
// better). Casey: NRR 1.08 vs 1.05 → 1,600 × 9/7 = 2,057.14; expansion
// 1,300,000 vs 1,200,000 → 1,400 × 7/6 = 1,633.33; churn 6% vs 8% →
// 2 − 0.75 = 125% → 1,500.00; total 5,190.47, no kicker.
#[test]
fn customer_marketing_retention_and_expansion() {
    let casey = Inputs::new("casey", "customer-marketing")
        .actual("nrr", dec!(1.08))
        .target("nrr", dec!(1.05))
        .actual("expansion_pipeline", dec!(1300000))
        .target("expansion_pipeline", dec!(1200000))
        .actual("gross_churn", dec!(0.06))
        .target("gross_churn", dec!(0.08));
    let p = plan("customer-marketing");
    let s = p.evaluate(&casey).unwrap();
    let amounts: Vec<_> = s.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, vec![dec!(2057.14), dec!(1633.33), dec!(1500.00)]);
    assert_eq!(s.lines[0].exact.parts(), Some((14400, 7)));
    assert_eq!(s.total(), dec!(5190.47));
    // At 110% of the NRR target (1.155) the kicker pays 500.00 more.
    let great = casey.clone().actual("nrr", dec!(1.155));
    let s = p.evaluate(&great).unwrap();
    assert_eq!(s.adjustments[0].amount, dec!(500.00));
    // Churn of more than twice the target pays nothing, never negative.
    let bad = casey.actual("gross_churn", dec!(0.2));
    assert_eq!(
        p.evaluate(&bad)
            .unwrap()
            .line("gross_churn")
            .unwrap()
            .amount,
        dec!(0.00)
    );
}

// The shipped 2026-Q2 samples are credited from transactions and show the
// issue's credits.
#[test]
fn shipped_credited_samples() {
    let data = CreditData::load(root("plans/samples/q2-transactions.toml")).unwrap();
    let inputs = Inputs::load_list(root("plans/samples/q2-participants.toml")).unwrap();
    let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
    let credits = Credits::build(&data, people, d("2026-04-01"), d("2026-06-30")).unwrap();
    let plans = PlanSet::load_dir(root("plans")).unwrap();
    let got: Vec<(String, rust_decimal::Decimal, rust_decimal::Decimal)> = credits
        .evaluate_all(&plans, &inputs)
        .unwrap()
        .iter()
        .map(|s| (s.participant.clone(), s.credits[0].total, s.total()))
        .collect();
    let want = |p: &str, c, t| (p.to_owned(), c, t);
    assert_eq!(
        got,
        vec![
            want("alex", dec!(550000), dec!(46000.00)),
            want("blake", dec!(400000), dec!(32000.00)),
            want("morgan", dec!(950000), dec!(76000.00)),
            want("sam", dec!(950000), dec!(3775.00)),
            want("sol", dec!(550000), dec!(44000.00)),
        ]
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    const PEOPLE: [&str; 5] = ["p0", "p1", "p2", "p3", "p4"];

    /// Random transactions: 1–3 split receivers whose shares sum to 100%,
    /// and maybe an overlay who is not a split receiver.
    fn transactions() -> impl Strategy<Value = Vec<Transaction>> {
        prop::collection::vec(
            (
                1i64..=10_000_000,
                0u32..=2,
                1u32..=90,
                prop::sample::subsequence(PEOPLE.to_vec(), 1..=3),
                1u32..=99,
                any::<bool>(),
            ),
            0..12,
        )
        .prop_map(|raw| {
            raw.into_iter()
                .enumerate()
                .map(|(i, (cents, m, day, who, cut, overlay))| {
                    let date = d("2026-04-01").add_days(i64::from(day) - 1).unwrap();
                    let metric = ["bookings", "renewals", "bookings"][m as usize];
                    let mut t =
                        Transaction::new(format!("T{i}"), metric, Decimal::new(cents, 2), date);
                    let n = who.len();
                    let first = Decimal::new(i64::from(cut), 2);
                    let shares: Vec<Decimal> = match n {
                        1 => vec![Decimal::ONE],
                        2 => vec![first, Decimal::ONE - first],
                        _ => vec![
                            Decimal::new(25, 2),
                            Decimal::new(25, 2),
                            Decimal::new(50, 2),
                        ],
                    };
                    for (p, s) in who.iter().zip(shares) {
                        t = t.split(*p, s);
                    }
                    if overlay {
                        if let Some(o) = PEOPLE.iter().find(|p| !who.contains(p)) {
                            t = t.overlay(*o);
                        }
                    }
                    t
                })
                .collect()
        })
    }

    fn hierarchy() -> Vec<ReportingLine> {
        vec![
            ReportingLine::new("p0", "p3", d("2026-01-01")),
            ReportingLine::new("p1", "p3", d("2026-01-01")),
            ReportingLine::new("p2", "p4", d("2026-01-01")),
            ReportingLine::new("p3", "p4", d("2026-01-01")),
        ]
    }

    proptest! {
        // Split credits per metric add up to the transactions' amounts; the
        // top of the hierarchy's team total is the same figure (roll-ups
        // count each deal once, overlays not at all).
        #[test]
        fn credits_add_up(txns in transactions()) {
            let data = CreditData::new(txns.clone(), hierarchy(), vec![]);
            let c = Credits::build(&data, PEOPLE, d("2026-04-01"), d("2026-06-30")).unwrap();
            for metric in ["bookings", "renewals"] {
                let amount: Decimal = txns.iter().filter(|t| t.metric() == metric).map(Transaction::amount).sum();
                let mut split = Decimal::ZERO;
                for p in PEOPLE {
                    let trail = c.trail(p, metric, &CreditSource::Credited).unwrap();
                    split += trail.entries.iter().filter(|e| matches!(e.kind, incentive::credit::CreditKind::Split { .. })).map(|e| e.credit).sum::<Decimal>();
                }
                prop_assert_eq!(split, amount);
                prop_assert_eq!(c.trail("p4", metric, &CreditSource::Team(None)).unwrap().total, amount);
                prop_assert_eq!(c.trail("p0", metric, &CreditSource::Company).unwrap().total, amount);
            }
        }

        // Credits do not depend on the order of the transactions.
        #[test]
        fn credits_are_independent_of_order(txns in transactions(), seed in any::<u64>()) {
            let mut shuffled = txns.clone();
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            let a = Credits::build(&CreditData::new(txns, hierarchy(), vec![]), PEOPLE, d("2026-04-01"), d("2026-06-30")).unwrap();
            let b = Credits::build(&CreditData::new(shuffled, hierarchy(), vec![]), PEOPLE, d("2026-04-01"), d("2026-06-30")).unwrap();
            prop_assert_eq!(a, b);
        }

        // Splits that do not sum to exactly 100% are refused.
        #[test]
        fn bad_splits_are_errors(a in 1i64..=100, b in 1i64..=100) {
            prop_assume!(a + b != 100);
            let t = Transaction::new("T", "bookings", Decimal::from(1000), d("2026-04-02"))
                .split("p0", Decimal::new(a, 2))
                .split("p1", Decimal::new(b, 2));
            let err = Credits::build(&CreditData::new(vec![t], vec![], vec![]), PEOPLE, d("2026-04-01"), d("2026-06-30")).unwrap_err();
            prop_assert!(err.details().message.contains("must sum to exactly 100%"));
        }
    }
}

// The clawback example again, in a plan year: the clawed-back 10,000.00
// becomes a balance of the year (kind `clawback`), recovered from Q2's
// 4,000.00, so Q2 pays 0.00 and 6,000.00 stays owed.
#[test]
fn clawback_in_a_plan_year() {
    use incentive::clawback::DealPayment;
    use incentive::{Assignment, PlanBook, YearInputs, YearState};
    let plan = flat_commission();
    let mut ledger = ClawbackLedger::default();
    ledger.insert(DealPayment::new(
        "alex",
        plan.id(),
        "D1",
        d("2026-03-20"),
        dec!(10000.00),
    ));
    ledger.insert(DealPayment::new(
        "alex",
        plan.id(),
        "D0",
        d("2026-01-05"),
        dec!(5000.00),
    ));
    let cancelled = [
        Cancellation::new("D1", d("2026-05-10")),
        Cancellation::new("D0", d("2026-05-10")),
    ];
    let due = ledger
        .claw_back(&plan, "alex", plan.id(), &cancelled)
        .unwrap();
    let owed: Vec<_> = due
        .iter()
        .map(|t| (t.transaction.as_str(), t.days, t.clawed_back))
        .collect();
    assert_eq!(owed, [("D0", 125, dec!(0)), ("D1", 51, dec!(10000.00))]);

    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let year = YearInputs::new("alex", 2026)
        .assign(Assignment::new("flat-commission", d("2026-04-01")))
        .period(
            Inputs::new("alex", "flat-commission")
                .with_period("2026-Q2")
                .actual("bookings", dec!(40000)),
        );
    let mut state = YearState::new();
    for t in &due {
        if t.clawed_back > dec!(0) {
            state.add_owed("clawback", t.clawed_back).unwrap();
        }
    }
    let (q2, after) = book.evaluate_period(&year, "2026-Q2", &state).unwrap();
    assert_eq!(q2.earned, dec!(4000.00));
    assert_eq!(q2.total, dec!(0.00));
    assert_eq!(after.owed("clawback"), dec!(6000.00));
}
