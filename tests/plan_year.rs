//! The plan-year issue ("A plan year: periods, year-to-date true-ups,
//! proration, mid-year changes and draws"): its six worked examples word
//! for word, its properties, and its errors.

use incentive::year::Measurement;
use incentive::{
    Assignment, Date, Error, Inputs, PeriodStatement, Plan, PlanBook, YearInputs, YearState,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::root;

const YTD: &str = "demand-generation-ytd";

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn book() -> PlanBook {
    let mut book = PlanBook::load_dir(root("plans")).unwrap();
    for p in PlanBook::load_dir(root("plans/years")).unwrap().ids() {
        let path = root(&format!("plans/years/{p}.toml"));
        book.insert(Plan::load(path).unwrap()).unwrap();
    }
    book
}

fn amount(s: &PeriodStatement, component: &str) -> Decimal {
    s.lines
        .iter()
        .find(|l| l.component == component)
        .unwrap()
        .amount
}

/// Every period statement reconciles to the cent.
fn reconciles(s: &PeriodStatement) {
    let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
    let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
    assert_eq!(lines + adjustments, s.earned);
    let cut = s.annual_cap.map_or(Decimal::ZERO, |c| c.cut);
    let recovered: Decimal = s.recovered.values().copied().sum();
    let draw = s.draw.map_or(Decimal::ZERO, |d| d.advanced);
    assert_eq!(s.total, s.earned - cut - recovered + draw + s.refund, "{s}");
    assert!(s.total >= Decimal::ZERO);
}

/// Demand generation with pipeline measured year to date, quarterly
/// target from a schedule, rating 3 every quarter.
fn ytd_year(actuals: [Decimal; 4], rebase_q3: Option<Decimal>) -> YearInputs {
    let mut y = YearInputs::new("dana", 2026)
        .with_name("Dana")
        .assign(Assignment::new(YTD, d("2026-01-01")))
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(2000000));
    if let Some(t) = rebase_q3 {
        y = y.target_from(YTD, "pipeline", d("2026-07-01"), t);
    }
    for (q, a) in actuals.iter().enumerate() {
        y = y.period(
            Inputs::new("dana", YTD)
                .with_period(format!("2026-Q{}", q + 1))
                .actual("pipeline", *a)
                .rating("campaign_effectiveness", dec!(3)),
        );
    }
    y
}

const YTD_ACTUALS: [Decimal; 4] = [dec!(1600000), dec!(2800000), dec!(1000000), dec!(600000)];

// Issue 3, worked example "YTD true-up, pipeline measured YTD, rating per
// period 3": actuals Q1 1,600,000; Q2 2,800,000; Q3 1,000,000; Q4 600,000
// → pipeline pays Q1 2,625.00; Q2 6,375.00 (YTD 110% → 9,000.00 earned −
// 2,625.00 paid); Q3 562.50 (YTD 90% → 9,562.50); Q4 0.00 with 187.50
// carried as owed (YTD 75% → 9,375.00 earned, 9,562.50 paid); each
// quarter's rating line 1,250.00.
#[test]
fn ytd_true_up_year() {
    let (s, state) = book()
        .evaluate_year(&ytd_year(YTD_ACTUALS, None), &YearState::new())
        .unwrap();
    assert_eq!(s.len(), 4);
    let pipeline: Vec<Decimal> = s.iter().map(|p| amount(p, "pipeline")).collect();
    assert_eq!(
        pipeline,
        [dec!(2625.00), dec!(6375.00), dec!(562.50), dec!(0.00)]
    );
    for p in &s {
        assert_eq!(amount(p, "campaign_effectiveness"), dec!(1250.00));
        reconciles(p);
    }
    let earned: Vec<Decimal> = s.iter().map(|p| p.lines[0].earned).collect();
    assert_eq!(
        earned,
        [dec!(2625.00), dec!(9000.00), dec!(9562.50), dec!(9375.00)]
    );
    let q2 = &s[1].lines[0];
    assert_eq!(q2.measurement, Measurement::YearToDate);
    assert_eq!((q2.paid_before, q2.true_up), (dec!(2625.00), dec!(6375.00)));
    let q4 = &s[3].lines[0];
    assert_eq!(q4.paid_before, dec!(9562.50));
    assert_eq!(q4.true_up, dec!(-187.50));
    assert_eq!(q4.carried, dec!(187.50));
    assert_eq!(s[3].total, dec!(1250.00));
    assert_eq!(s[3].balances_after["true-up"], dec!(187.50));
    assert_eq!(state.owed("true-up"), dec!(187.50));
    assert_eq!(state.paid_to_date(YTD, "pipeline"), dec!(9375.00));
    assert_eq!(state.paid_in_year(), dec!(14562.50));
    // YTD attainment is shown on the year-to-date statement: Q2 110%.
    let m = &s[1].ytd[0].statement.lines[0].measure;
    assert!(
        m.to_string()
            .contains("actual 4400000 against target 4000000: attainment 110%")
    );
}

// Issue 3, worked example "re-based target": as above, but the pipeline
// target becomes 1,500,000 a quarter from 2026-07-01 → Q3 YTD target
// 5,500,000, attainment 98.1818…%, YTD earned exactly 120375/11 =
// 10,943.18; Q3 pipeline pays 1,943.18.
#[test]
fn rebased_target() {
    let (s, _) = book()
        .evaluate_year(
            &ytd_year(YTD_ACTUALS, Some(dec!(1500000))),
            &YearState::new(),
        )
        .unwrap();
    let q3 = &s[2];
    let ytd_line = &q3.ytd[0].statement.lines[0];
    match &ytd_line.measure {
        incentive::statement::MeasureTrace::Quantitative {
            target, attainment, ..
        } => {
            assert_eq!(target.to_decimal(), Some(dec!(5500000)));
            assert_eq!(attainment.parts(), Some((54, 55))); // 98.1818…%
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        q3.ytd[0]
            .statement
            .target_incentive
            .as_ref()
            .unwrap()
            .amount
            .to_decimal(),
        Some(dec!(15000))
    );
    assert_eq!(ytd_line.target_incentive.to_decimal(), Some(dec!(11250)));
    let line = &q3.lines[0];
    assert_eq!(line.exact.parts(), Some((120375, 11)));
    assert_eq!(line.earned, dec!(10943.18));
    assert_eq!(line.paid_before, dec!(9000.00));
    assert_eq!(line.amount, dec!(1943.18));
    reconciles(q3);
}

// Issue 3, worked example "hire mid-quarter": hired 2026-02-15; Q1 has 90
// days, 45 in plan; target incentive and pipeline target prorated;
// pipeline 1,150,000; rating 4 → TI 2,500.00; pipeline 115% → 2,437.50;
// rating 781.25; total 3,218.75.
#[test]
fn hire_mid_quarter() {
    let dg = "demand-generation";
    let year = YearInputs::new("hana", 2026)
        .assign(Assignment::new(dg, d("2026-02-15")))
        .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
        .period(
            Inputs::new("hana", dg)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1150000))
                .rating("campaign_effectiveness", dec!(4)),
        );
    let (q1, _) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(q1.period.days(), 90);
    let seg = &q1.segments[0];
    assert_eq!((seg.from, seg.until), (d("2026-02-15"), d("2026-03-31")));
    assert_eq!((seg.days, seg.period_days), (45, 90));
    assert_eq!(seg.target_incentive.to_decimal(), Some(dec!(2500)));
    let pipeline = seg.statement.line("pipeline").unwrap();
    match &pipeline.measure {
        incentive::statement::MeasureTrace::Quantitative {
            target, attainment, ..
        } => {
            assert_eq!(target.to_decimal(), Some(dec!(1000000)));
            assert_eq!(attainment.to_decimal(), Some(dec!(1.15)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(amount(&q1, "pipeline"), dec!(2437.50));
    assert_eq!(amount(&q1, "campaign_effectiveness"), dec!(781.25));
    assert_eq!(q1.total, dec!(3218.75));
    reconciles(&q1);
}

// Issue 3, worked example "role change": in demand generation to
// 2026-02-14, channel marketing (quarterly TI 4,500) from 2026-02-15;
// segment targets prorated; demand-gen pipeline 1,200,000 and rating 3;
// channel pipeline 2,000,000, ratings 4 and 3 → 2,625.00 + 625.00 +
// 1,125.00 + 843.75 + 450.00 = 5,668.75 on one Q1 statement with two
// segments.
#[test]
fn role_change() {
    let (dg, cm) = ("demand-generation", "channel-marketing");
    let year = YearInputs::new("remy", 2026)
        .assign(Assignment::new(dg, d("2026-01-01")).until(d("2026-02-14")))
        .assign(Assignment::new(cm, d("2026-02-15")))
        .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
        .target_from(cm, "channel_pipeline", d("2026-01-01"), dec!(4000000))
        .period(
            Inputs::new("remy", dg)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1200000))
                .rating("campaign_effectiveness", dec!(3)),
        )
        .period(
            Inputs::new("remy", cm)
                .with_period("2026-Q1")
                .actual("channel_pipeline", dec!(2000000))
                .rating("partner_satisfaction", dec!(4))
                .rating("channel_strategy", dec!(3)),
        );
    let (q1, _) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(q1.segments.len(), 2);
    let (a, b) = (&q1.segments[0], &q1.segments[1]);
    assert_eq!(
        (a.plan.as_str(), a.from, a.until, a.days),
        (dg, d("2026-01-01"), d("2026-02-14"), 45)
    );
    assert_eq!(
        (b.plan.as_str(), b.from, b.until, b.days),
        (cm, d("2026-02-15"), d("2026-03-31"), 45)
    );
    assert_eq!(a.target_incentive.to_decimal(), Some(dec!(2500)));
    assert_eq!(b.target_incentive.to_decimal(), Some(dec!(2250)));
    let amounts: Vec<Decimal> = q1.lines.iter().map(|l| l.amount).collect();
    assert_eq!(
        amounts,
        [
            dec!(2625.00),
            dec!(625.00),
            dec!(1125.00),
            dec!(843.75),
            dec!(450.00)
        ]
    );
    assert_eq!(q1.total, dec!(5668.75));
    reconciles(&q1);
}

/// A monthly commission plan paying 10% of bookings, with a draw.
fn draw_plan(kind: &str) -> Plan {
    Plan::from_toml(&format!(
        r#"
        id = "draw"
        name = "Monthly commission with a draw"
        version = "1"
        currency = "USD"
        pay_period = "month"
        target_incentive = {{ amount = 3000 }}

        [year]
        draw = {{ amount = 3000, kind = "{kind}" }}

        [metrics.bookings]

        [[components]]
        id = "commission"
        name = "Commission"
        weight = 1
        metric = "bookings"
        target = 30000
        tiers = {{ basis = "amount", mode = "marginal", bands = [[0, "10%"]] }}
        "#
    ))
    .unwrap()
}

/// Earned Jan 1,000, Feb 6,000, Mar 2,500 under `plan`.
fn draw_months(plan: Plan) -> (Vec<PeriodStatement>, YearState) {
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let mut year = YearInputs::new("drew", 2026)
        .assign(Assignment::new("draw", d("2026-01-01")).until(d("2026-03-31")));
    for (m, bookings) in [(1, dec!(10000)), (2, dec!(60000)), (3, dec!(25000))] {
        year = year.period(
            Inputs::new("drew", "draw")
                .with_period(format!("2026-M{m:02}"))
                .actual("bookings", bookings),
        );
    }
    book.evaluate_year(&year, &YearState::new()).unwrap()
}

// Issue 3, worked example "recoverable draw": monthly draw 3,000; earned
// Jan 1,000, Feb 6,000, Mar 2,500 → paid Jan 3,000.00 (owes 2,000.00),
// Feb 4,000.00 (owes 0), Mar 3,000.00 (owes 500.00).
#[test]
fn recoverable_draw() {
    let (s, state) = draw_months(draw_plan("recoverable"));
    let earned: Vec<Decimal> = s.iter().map(|p| p.earned).collect();
    assert_eq!(earned, [dec!(1000.00), dec!(6000.00), dec!(2500.00)]);
    let paid: Vec<Decimal> = s.iter().map(|p| p.total).collect();
    assert_eq!(paid, [dec!(3000.00), dec!(4000.00), dec!(3000.00)]);
    let owed: Vec<Decimal> = s
        .iter()
        .map(|p| p.balances_after.get("draw").copied().unwrap_or_default())
        .collect();
    assert_eq!(owed, [dec!(2000.00), dec!(0), dec!(500.00)]);
    assert_eq!(s[1].recovered["draw"], dec!(2000.00));
    assert_eq!(state.owed("draw"), dec!(500.00));
    s.iter().for_each(reconciles);
}

// Issue 3, worked example "non-recoverable draw": same → paid 3,000.00,
// 6,000.00, 3,000.00; nothing owed.
#[test]
fn non_recoverable_draw() {
    let (s, state) = draw_months(draw_plan("non-recoverable"));
    let paid: Vec<Decimal> = s.iter().map(|p| p.total).collect();
    assert_eq!(paid, [dec!(3000.00), dec!(6000.00), dec!(3000.00)]);
    let forgiven: Vec<Decimal> = s.iter().map(|p| p.draw.unwrap().forgiven).collect();
    assert_eq!(forgiven, [dec!(2000.00), dec!(0), dec!(500.00)]);
    assert_eq!(state.total_owed(), dec!(0));
    assert!(state.balances().is_empty());
    s.iter().for_each(reconciles);
}

// Issue 3: "Re-running a past period with corrected data yields the
// adjustment, not a second payment." Q2's pipeline corrected from
// 2,800,000 to 3,000,000: YTD 4,600,000 / 4,000,000 = 115% → 1.3 × 7,500 =
// 9,750.00 earned, 9,000.00 paid → 750.00, and nothing else again.
#[test]
fn rerun_with_corrected_data_pays_the_adjustment() {
    let b = book();
    let year = ytd_year(YTD_ACTUALS, None);
    let (_, s1) = b
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let (q2, s2) = b.evaluate_period(&year, "2026-Q2", &s1).unwrap();
    assert_eq!(q2.total, dec!(7625.00));
    let corrected = ytd_year(
        [dec!(1600000), dec!(3000000), dec!(1000000), dec!(600000)],
        None,
    );
    let (again, s3) = b.evaluate_period(&corrected, "2026-Q2", &s2).unwrap();
    assert_eq!(again.previously_paid, dec!(7625.00));
    assert_eq!(again.lines[0].earned, dec!(9750.00));
    assert_eq!(again.lines[0].paid_before, dec!(9000.00));
    assert_eq!(again.lines[0].amount, dec!(750.00));
    assert_eq!(again.lines[1].amount, dec!(0.00)); // the rating was paid
    assert_eq!(again.total, dec!(750.00));
    assert_eq!(s3.period("2026-Q2").unwrap().paid, dec!(8375.00));
    reconciles(&again);

    // A past period's rating corrected after later periods ran: Q1's
    // rating 3 → 4 pays the difference, 1,562.50 − 1,250.00 = 312.50.
    let (_, s4) = b.evaluate_period(&corrected, "2026-Q3", &s3).unwrap();
    let mut rerated = YearInputs::new("dana", 2026)
        .with_name("Dana")
        .assign(Assignment::new(YTD, d("2026-01-01")))
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(2000000));
    for (q, a) in [dec!(1600000), dec!(3000000), dec!(1000000)]
        .iter()
        .enumerate()
    {
        let rating = if q == 0 { dec!(4) } else { dec!(3) };
        rerated = rerated.period(
            Inputs::new("dana", YTD)
                .with_period(format!("2026-Q{}", q + 1))
                .actual("pipeline", *a)
                .rating("campaign_effectiveness", rating),
        );
    }
    let (q1, _) = b.evaluate_period(&rerated, "2026-Q1", &s4).unwrap();
    assert_eq!(q1.lines[1].amount, dec!(312.50));
    assert_eq!(q1.lines[0].true_up, dec!(0.00)); // YTD through Q1 unchanged
    assert_eq!(q1.total, dec!(312.50));
}

// A negative true-up carried as owed is recovered from later payouts:
// Q3's pipeline falls to 0 (YTD 73.33…% → 6,750.00, 9,000.00 paid:
// 2,250.00 carried); Q4 brings the year to 100% (15,000.00 earned,
// 8,250.00 true-up) and repays the 2,250.00 first. Paid over the year =
// earned over the year.
#[test]
fn carried_true_up_is_recovered_from_later_payouts() {
    let (s, state) = book()
        .evaluate_year(
            &ytd_year([dec!(1600000), dec!(2800000), dec!(0), dec!(3600000)], None),
            &YearState::new(),
        )
        .unwrap();
    assert_eq!(s[2].lines[0].carried, dec!(2250.00));
    assert_eq!(s[2].total, dec!(1250.00));
    assert_eq!(s[3].lines[0].amount, dec!(8250.00));
    assert_eq!(s[3].recovered["true-up"], dec!(2250.00));
    assert_eq!(s[3].total, dec!(7250.00));
    assert_eq!(state.paid_in_year(), dec!(20000.00));
    assert_eq!(state.total_owed(), dec!(0));
    s.iter().for_each(reconciles);
}

// `negative_true_up = "write-off"`: Q4 of the YTD example pays the rating
// and forgives the 187.50; nothing is owed.
#[test]
fn negative_true_up_written_off() {
    let text = std::fs::read_to_string(root("plans/years/demand-generation-ytd.toml"))
        .unwrap()
        .replace(
            "negative_true_up = \"carry\"",
            "negative_true_up = \"write-off\"",
        );
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&text).unwrap()).unwrap();
    let (s, state) = b
        .evaluate_year(&ytd_year(YTD_ACTUALS, None), &YearState::new())
        .unwrap();
    assert_eq!(s[3].lines[0].written_off, dec!(187.50));
    assert_eq!(s[3].written_off, dec!(187.50));
    assert_eq!(s[3].total, dec!(1250.00));
    assert_eq!(state.total_owed(), dec!(0));
    assert!(s[3].to_string().contains("187.50 written off"));
}

// A leave of absence in February: Q1 has 90 days, 62 in plan. TI
// 5,000 × 62/90 = 31000/9; pipeline target 2,000,000 × 62/90; actual
// 1,240,000 is 90% → 85% × 3,750 × 62/90 = 2,195.833… → 2,195.83 (half
// even); rating 3 → 1,250 × 62/90 = 861.11; total 3,056.94.
#[test]
fn leave_of_absence_prorates_by_days_in_plan() {
    let dg = "demand-generation";
    let year = YearInputs::new("lee", 2026)
        .assign(Assignment::new(dg, d("2026-01-01")))
        .leave(d("2026-02-01"), d("2026-02-28"))
        .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
        .period(
            Inputs::new("lee", dg)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1240000))
                .rating("campaign_effectiveness", dec!(3)),
        );
    let (q1, _) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let seg = &q1.segments[0];
    assert_eq!(
        (seg.from, seg.until, seg.days),
        (d("2026-01-01"), d("2026-03-31"), 62)
    );
    assert_eq!(seg.target_incentive.parts(), Some((31000, 9)));
    assert_eq!(amount(&q1, "pipeline"), dec!(2195.83));
    assert_eq!(amount(&q1, "campaign_effectiveness"), dec!(861.11));
    assert_eq!(q1.total, dec!(3056.94));
}

/// Two versions of demand generation: the target incentive rises to
/// 6,000 a quarter from 2026-02-15.
fn versioned_book() -> PlanBook {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let v1 = text.replace(
        "prorate_targets = true",
        "prorate_targets = true\neffective_until = 2026-02-14",
    );
    let v2 = text
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace("amount = 5000", "amount = 6000")
        .replace(
            "prorate_targets = true",
            "prorate_targets = true\neffective_from = 2026-02-15",
        );
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    b.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    b
}

// Effective-dated plan versions: a version change inside Q1 splits it into
// two segments under one plan, measured together (pipeline 2,000,000
// against 2,000,000, 100%) and paid each at its own prorated TI: pipeline
// 1,875 + 2,250, rating 3 625 + 750; total 5,500.00.
#[test]
fn plan_version_change_inside_a_period() {
    let dg = "demand-generation";
    let year = YearInputs::new("vic", 2026)
        .assign(Assignment::new(dg, d("2026-01-01")))
        .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
        .period(
            Inputs::new("vic", dg)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(2000000))
                .rating("campaign_effectiveness", dec!(3)),
        );
    let (q1, _) = versioned_book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let versions: Vec<(&str, i64)> = q1
        .segments
        .iter()
        .map(|s| (s.plan_version.as_str(), s.days))
        .collect();
    assert_eq!(versions, [("2026.1", 45), ("2026.2", 45)]);
    assert_eq!(
        q1.segments[1].target_incentive.to_decimal(),
        Some(dec!(3000))
    );
    assert_eq!(amount(&q1, "pipeline"), dec!(4125.00));
    assert_eq!(amount(&q1, "campaign_effectiveness"), dec!(1375.00));
    assert_eq!(q1.total, dec!(5500.00));
}

// A target re-based inside a period: 2,000,000 a quarter, 1,000,000 from
// 2026-02-15, gives Q1 a day-weighted target of 1,500,000.
#[test]
fn target_rebased_inside_a_period_is_day_weighted() {
    let dg = "demand-generation";
    let year = YearInputs::new("ria", 2026)
        .assign(Assignment::new(dg, d("2026-01-01")))
        .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
        .target_from(dg, "pipeline", d("2026-02-15"), dec!(1000000))
        .period(
            Inputs::new("ria", dg)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1500000))
                .rating("campaign_effectiveness", dec!(3)),
        );
    let (q1, _) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let line = q1.segments[0].statement.line("pipeline").unwrap();
    match &line.measure {
        incentive::statement::MeasureTrace::Quantitative { target, .. } => {
            assert_eq!(target.to_decimal(), Some(dec!(1500000)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(q1.total, dec!(5000.00));
}

// The annual cap: 8,000 a year on earnings of 1,000, 6,000 and 2,500 pays
// 1,000.00, 6,000.00 and 1,000.00 (1,500.00 cut).
#[test]
fn annual_cap_limits_the_year() {
    let plan = Plan::from_toml(
        r#"
        id = "draw"
        name = "Monthly commission, capped"
        version = "1"
        currency = "USD"
        pay_period = "month"
        target_incentive = { amount = 3000 }
        [year]
        annual_cap = 8000
        [metrics.bookings]
        [[components]]
        id = "commission"
        name = "Commission"
        weight = 1
        metric = "bookings"
        target = 30000
        tiers = { basis = "amount", mode = "marginal", bands = [[0, "10%"]] }
        "#,
    )
    .unwrap();
    let (s, state) = draw_months(plan);
    let paid: Vec<Decimal> = s.iter().map(|p| p.total).collect();
    assert_eq!(paid, [dec!(1000.00), dec!(6000.00), dec!(1000.00)]);
    let cap = s[2].annual_cap.unwrap();
    assert_eq!(
        (cap.earned_before, cap.room, cap.cut),
        (dec!(7000.00), dec!(1000.00), dec!(1500.00))
    );
    assert_eq!(state.paid_in_year(), dec!(8000.00));
    s.iter().for_each(reconciles);
}

// A recoverable draw with at most 500 recovered a period: February repays
// only 500 of January's 2,000.
#[test]
fn draw_recovery_limit_per_period() {
    let text = "draw = { amount = 3000, kind = \"recoverable\", max_recovery_per_period = 500 }";
    let toml = format!(
        "id = \"draw\"\nname = \"n\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"month\"\n\
         target_incentive = {{ amount = 3000 }}\n[year]\n{text}\n[metrics.bookings]\n\
         [[components]]\nid = \"commission\"\nname = \"Commission\"\nweight = 1\nmetric = \"bookings\"\n\
         target = 30000\ntiers = {{ basis = \"amount\", mode = \"marginal\", bands = [[0, \"10%\"]] }}\n"
    );
    let limited = Plan::from_toml(&toml).unwrap();
    assert_eq!(
        limited.year().draw.unwrap().max_recovery_per_period,
        Some(dec!(500))
    );
    let (s, state) = draw_months(limited);
    let paid: Vec<Decimal> = s.iter().map(|p| p.total).collect();
    assert_eq!(paid, [dec!(3000.00), dec!(5500.00), dec!(3000.00)]);
    assert_eq!(s[1].recovered["draw"], dec!(500.00));
    assert_eq!(state.owed("draw"), dec!(2000.00)); // 1,500 left + 500 from March
}

// Re-running January with corrected earnings (1,000 → 2,000) after March:
// January's top-up shrinks by 1,000, but February already recovered all
// of it, so 500 is refunded (the rest clears March's 500 owed).
#[test]
fn draw_rerun_refunds_over_recovery() {
    let plan = draw_plan("recoverable");
    let (_, state) = draw_months(plan.clone());
    let mut b = PlanBook::new();
    b.insert(plan).unwrap();
    let year = YearInputs::new("drew", 2026)
        .assign(Assignment::new("draw", d("2026-01-01")).until(d("2026-03-31")))
        .period(
            Inputs::new("drew", "draw")
                .with_period("2026-M01")
                .actual("bookings", dec!(20000)),
        );
    let (jan, after) = b.evaluate_period(&year, "2026-M01", &state).unwrap();
    assert_eq!(jan.lines[0].amount, dec!(1000.00));
    assert_eq!(jan.draw.unwrap().advanced, dec!(-1000.00));
    assert_eq!(jan.refund, dec!(500.00));
    assert_eq!(jan.total, dec!(500.00));
    assert_eq!(after.owed("draw"), dec!(0));
    reconciles(&jan);
}

// Another feature (clawbacks) adds an amount owed; it is recovered from
// the next payout like any balance.
#[test]
fn amounts_owed_added_by_callers_are_recovered() {
    let b = book();
    let year = ytd_year(YTD_ACTUALS, None);
    let (_, mut state) = b
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    state.add_owed("clawback", dec!(500)).unwrap();
    let (q2, state) = b.evaluate_period(&year, "2026-Q2", &state).unwrap();
    assert_eq!(q2.earned, dec!(7625.00));
    assert_eq!(q2.recovered["clawback"], dec!(500));
    assert_eq!(q2.total, dec!(7125.00));
    assert_eq!(state.owed("clawback"), dec!(0));
    assert!(q2.to_string().contains("recovered (clawback): -500"));
}

// Statements and state serialize with amounts as strings, byte for byte
// the same whatever order the inputs were given in; the state reads back.
#[test]
fn serialization_is_exact_and_deterministic() {
    let b = book();
    let (s1, st1) = b
        .evaluate_year(
            &ytd_year(YTD_ACTUALS, Some(dec!(1500000))),
            &YearState::new(),
        )
        .unwrap();
    // The same year, inputs in reverse order.
    let mut rev = YearInputs::new("dana", 2026)
        .with_name("Dana")
        .target_from(YTD, "pipeline", d("2026-07-01"), dec!(1500000))
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(2000000))
        .assign(Assignment::new(YTD, d("2026-01-01")));
    for (q, a) in YTD_ACTUALS.iter().enumerate().rev() {
        rev = rev.period(
            Inputs::new("dana", YTD)
                .with_period(format!("2026-Q{}", q + 1))
                .rating("campaign_effectiveness", dec!(3))
                .actual("pipeline", *a),
        );
    }
    let (s2, st2) = b.evaluate_year(&rev, &YearState::new()).unwrap();
    let j1 = serde_json::to_string(&(&s1, &st1)).unwrap();
    let j2 = serde_json::to_string(&(&s2, &st2)).unwrap();
    assert_eq!(j1, j2);
    assert!(
        j1.contains(r#""exact":"120375/11","earned":"10943.18""#),
        "{j1}"
    );
    let state_json = serde_json::to_string(&st1).unwrap();
    let back: YearState = serde_json::from_str(&state_json).unwrap();
    assert_eq!(back, st1);
    assert_eq!(serde_json::to_string(&back).unwrap(), state_json);
}

fn ytd_strategy() -> impl Strategy<Value = ([Decimal; 4], [i64; 4], Option<Decimal>)> {
    (
        prop::array::uniform4((0i64..=400_000).prop_map(|m| Decimal::new(m * 10, 0))),
        prop::array::uniform4(1i64..=5),
        prop::option::of((50i64..=300).prop_map(|m| Decimal::new(m * 10_000, 0))),
    )
        .prop_map(|(a, r, t)| {
            (
                a.map(|v| v + Decimal::new(7, 2)), // cents make rounding matter
                r,
                t,
            )
        })
}

fn ytd_year_rated(actuals: [Decimal; 4], ratings: [i64; 4], rebase: Option<Decimal>) -> YearInputs {
    let mut y = YearInputs::new("dana", 2026)
        .assign(Assignment::new(YTD, d("2026-01-01")))
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(2000000));
    if let Some(t) = rebase {
        y = y.target_from(YTD, "pipeline", d("2026-05-10"), t);
    }
    for q in 0..4 {
        y = y.period(
            Inputs::new("dana", YTD)
                .with_period(format!("2026-Q{}", q + 1))
                .actual("pipeline", actuals[q])
                .rating("campaign_effectiveness", Decimal::from(ratings[q])),
        );
    }
    y
}

proptest! {
    // Issue 3: "the sum of a year's YTD payouts plus any balance equals
    // the year's YTD earnings" (a balance owed counts against the
    // participant: paid − owed = earned).
    #[test]
    fn ytd_payouts_and_balance_equal_ytd_earnings((actuals, ratings, rebase) in ytd_strategy()) {
        let (s, state) = book()
            .evaluate_year(&ytd_year_rated(actuals, ratings, rebase), &YearState::new())
            .unwrap();
        prop_assert_eq!(s.len(), 4);
        let ytd_earned = s[3].lines[0].earned;
        let rated: Decimal = s.iter().map(|p| p.lines[1].earned).sum();
        prop_assert_eq!(state.paid_in_year() - state.total_owed(), ytd_earned + rated);
        let paid: Decimal = s.iter().map(|p| p.total).sum();
        prop_assert_eq!(paid, state.paid_in_year());
        for p in &s {
            reconciles(p);
        }
    }

    // Issue 3: "re-evaluating a period with the same data pays 0 more",
    // for any period of the year, and leaves the state as it was.
    #[test]
    fn rerunning_a_period_with_the_same_data_pays_nothing(
        (actuals, ratings, rebase) in ytd_strategy(),
        k in 0usize..4,
        extra_owed in prop::option::of(1i64..=3000),
    ) {
        let b = book();
        let year = ytd_year_rated(actuals, ratings, rebase);
        let mut start = YearState::new();
        if let Some(o) = extra_owed {
            start.add_owed("clawback", Decimal::from(o)).unwrap();
        }
        let (_, state) = b.evaluate_year(&year, &start).unwrap();
        let label = format!("2026-Q{}", k + 1);
        let (again, after) = b.evaluate_period(&year, &label, &state).unwrap();
        prop_assert_eq!(again.total, Decimal::ZERO);
        prop_assert_eq!(after, state);
    }

    // The same for a plan with a kicker and a plan cap: re-running any
    // quarter pays 0 more, and what the year paid net of what is owed is
    // what its lines and adjustments earned.
    #[test]
    fn rerunning_a_kicker_quarter_pays_nothing(
        nrr in prop::array::uniform4(80i64..=125),
        expansion in prop::array::uniform4(0i64..=2_000_000),
        churn in prop::array::uniform4(0i64..=20),
        k in 0usize..4,
    ) {
        let b = book();
        let quarters: Vec<(String, Decimal, Decimal, Decimal)> = (0..4)
            .map(|q| (
                format!("2026-Q{}", q + 1),
                Decimal::new(nrr[q], 2),
                Decimal::from(expansion[q]),
                Decimal::new(churn[q], 2),
            ))
            .collect();
        let refs: Vec<(&str, Decimal, Decimal, Decimal)> =
            quarters.iter().map(|(q, a, e, c)| (q.as_str(), *a, *e, *c)).collect();
        let year = cm_year("2026-01-01", &refs);
        let (s, state) = b.evaluate_year(&year, &YearState::new()).unwrap();
        prop_assert_eq!(s.len(), 4);
        for p in &s {
            reconciles(p);
            prop_assert!(p.total <= dec!(8000));
        }
        let earned: Decimal = s.iter().map(|p| p.earned).sum();
        prop_assert_eq!(state.paid_in_year() - state.total_owed(), earned);
        let label = format!("2026-Q{}", k + 1);
        let (again, after) = b.evaluate_period(&year, &label, &state).unwrap();
        prop_assert_eq!(again.total, Decimal::ZERO);
        prop_assert_eq!(after, state);
    }

    // The same with a draw, month by month, recoverable or not.
    #[test]
    fn rerunning_a_drawn_month_pays_nothing(
        bookings in prop::array::uniform3(0i64..=90_000),
        recoverable in any::<bool>(),
        k in 1u32..=3,
    ) {
        let plan = draw_plan(if recoverable { "recoverable" } else { "non-recoverable" });
        let mut b = PlanBook::new();
        b.insert(plan).unwrap();
        let mut year = YearInputs::new("drew", 2026)
            .assign(Assignment::new("draw", d("2026-01-01")).until(d("2026-03-31")));
        for (m, v) in (1..).zip(bookings) {
            year = year.period(
                Inputs::new("drew", "draw")
                    .with_period(format!("2026-M{m:02}"))
                    .actual("bookings", Decimal::from(v)),
            );
        }
        let (s, state) = b.evaluate_year(&year, &YearState::new()).unwrap();
        for p in &s {
            prop_assert!(p.total >= dec!(3000));
            reconciles(p);
        }
        let (again, after) = b.evaluate_period(&year, &format!("2026-M{k:02}"), &state).unwrap();
        prop_assert_eq!(again.total, Decimal::ZERO);
        prop_assert_eq!(after, state);
    }

    // Issue 3: "proration by segments sums to the whole-period figure when
    // nothing changes": Q1 split at any day into two assignments of the
    // same plan and target incentive, or into two identical plan versions,
    // pays what the whole quarter pays, to the cent, line by line.
    #[test]
    fn segments_sum_to_the_whole_period_when_nothing_changes(
        split in 1i64..90,
        actual in (0i64..=400_000).prop_map(|m| Decimal::new(m * 10 + 3, 0)),
        rating in 1i64..=5,
        by_version in any::<bool>(),
    ) {
        let dg = "demand-generation";
        let cut = d("2026-01-01").add_days(split).unwrap();
        let data = Inputs::new("sam", dg)
            .with_period("2026-Q1")
            .actual("pipeline", actual)
            .rating("campaign_effectiveness", Decimal::from(rating));
        let base = YearInputs::new("sam", 2026)
            .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
            .period(data);
        let whole = base.clone().assign(Assignment::new(dg, d("2026-01-01")));
        let (w, _) = book().evaluate_period(&whole, "2026-Q1", &YearState::new()).unwrap();
        let (parts, b) = if by_version {
            let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
            let until = cut.add_days(-1).unwrap();
            let v1 = text.replace("prorate_targets = true", &format!("prorate_targets = true\neffective_until = {until}"));
            let v2 = text
                .replace("version = \"2026.1\"", "version = \"2026.1b\"")
                .replace("prorate_targets = true", &format!("prorate_targets = true\neffective_from = {cut}"));
            let mut b = PlanBook::new();
            b.insert(Plan::from_toml(&v1).unwrap()).unwrap();
            b.insert(Plan::from_toml(&v2).unwrap()).unwrap();
            (base.assign(Assignment::new(dg, d("2026-01-01"))), b)
        } else {
            (
                base.assign(Assignment::new(dg, d("2026-01-01")).until(cut.add_days(-1).unwrap()))
                    .assign(Assignment::new(dg, cut)),
                book(),
            )
        };
        let (p, _) = b.evaluate_period(&parts, "2026-Q1", &YearState::new()).unwrap();
        prop_assert_eq!(p.segments.len(), 2);
        let days: i64 = p.segments.iter().map(|s| s.days).sum();
        prop_assert_eq!(days, 90);
        let wl: Vec<Decimal> = w.lines.iter().map(|l| l.amount).collect();
        let pl: Vec<Decimal> = p.lines.iter().map(|l| l.amount).collect();
        prop_assert_eq!(wl, pl);
        prop_assert_eq!(w.total, p.total);
    }
}

/// The error of evaluating Q1 of `year` against the shipped plans.
fn q1_error(year: &YearInputs) -> Error {
    book()
        .evaluate_period(year, "2026-Q1", &YearState::new())
        .unwrap_err()
}

fn dg_year(participant: &str) -> YearInputs {
    YearInputs::new(participant, 2026)
        .target_from(
            "demand-generation",
            "pipeline",
            d("2026-01-01"),
            dec!(2000000),
        )
        .period(
            Inputs::new(participant, "demand-generation")
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1000000))
                .rating("campaign_effectiveness", dec!(3)),
        )
}

// Issue 3 errors: overlapping participation intervals.
#[test]
fn overlapping_participation_intervals_are_refused() {
    let year = dg_year("olga")
        .assign(Assignment::new("demand-generation", d("2026-01-01")).until(d("2026-02-20")))
        .assign(Assignment::new("channel-marketing", d("2026-02-15")));
    let err = q1_error(&year);
    assert!(matches!(err, Error::Input(_)));
    assert_eq!(
        err.to_string(),
        "invalid input: participant `olga`, plan `channel-marketing`, field `assignments`: participation intervals overlap: plan `demand-generation` 2026-01-01 to 2026-02-20 and plan `channel-marketing` from 2026-02-15; end one assignment the day before the next begins"
    );
    let leaves = dg_year("olga")
        .assign(Assignment::new("demand-generation", d("2026-01-01")))
        .leave(d("2026-02-01"), d("2026-02-10"))
        .leave(d("2026-02-10"), d("2026-02-20"));
    assert_eq!(
        q1_error(&leaves).to_string(),
        "invalid input: participant `olga`, field `leaves`: leaves overlap: 2026-02-01 to 2026-02-10 and 2026-02-10 to 2026-02-20; give each day of leave once"
    );
}

// Issue 3 errors: a period outside the plan year.
#[test]
fn a_period_outside_the_plan_year_is_refused() {
    let year = dg_year("pat").assign(Assignment::new("demand-generation", d("2026-01-01")));
    let err = book()
        .evaluate_period(&year, "2027-Q1", &YearState::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `pat`, field `period`: period `2027-Q1` is outside plan year 2026 (2026-01-01 to 2026-12-31); its periods are `2026-Q1`, `2026-Q2`, `2026-Q3`, `2026-Q4`"
    );
    let data = year.period(
        Inputs::new("pat", "demand-generation")
            .with_period("2026-M05")
            .actual("pipeline", dec!(1)),
    );
    assert_eq!(
        q1_error(&data).to_string(),
        "invalid input: participant `pat`, plan `demand-generation`, field `period`: period `2026-M05` is outside plan year 2026 (2026-01-01 to 2026-12-31); its periods are `2026-Q1`, `2026-Q2`, `2026-Q3`, `2026-Q4`"
    );
}

// Issue 3 errors: a segment with no plan.
#[test]
fn a_segment_with_no_plan_is_refused() {
    let unknown = dg_year("nia").assign(Assignment::new("field-marketing", d("2026-02-15")));
    let err = q1_error(&unknown);
    assert!(matches!(err, Error::Plan(_)));
    assert_eq!(
        err.to_string(),
        "invalid plan: participant `nia`, plan `field-marketing`, field `assignments`: the assignment from 2026-02-15 names plan `field-marketing`, which is not in the plan book, so that segment has no plan; known plans: `account-executive-marginal`, `account-executive-retroactive`, `channel-marketing`, `customer-marketing`, `demand-generation`, `demand-generation-ytd`, `monthly-draw-non-recoverable`, `monthly-draw-recoverable`, `product-manager`, `reseller-commission`, `sales-enablement`, `sdr-meetings`"
    );
    // Versions that leave days uncovered: 2026.2 starts 2026-03-01 after
    // 2026.1 ends 2026-02-14.
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let mut b = PlanBook::new();
    b.insert(
        Plan::from_toml(&text.replace(
            "prorate_targets = true",
            "prorate_targets = true\neffective_until = 2026-02-14",
        ))
        .unwrap(),
    )
    .unwrap();
    b.insert(
        Plan::from_toml(
            &text
                .replace("version = \"2026.1\"", "version = \"2026.2\"")
                .replace(
                    "prorate_targets = true",
                    "prorate_targets = true\neffective_from = 2026-03-01",
                ),
        )
        .unwrap(),
    )
    .unwrap();
    let year = dg_year("nia").assign(Assignment::new("demand-generation", d("2026-01-01")));
    let err = b
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid plan: participant `nia`, plan `demand-generation`, field `year.effective_from`: no version of plan `demand-generation` is in effect on 2026-02-15, a day of the assignment from 2026-01-01, so that segment has no plan; versions: `2026.1` (open to 2026-02-14), `2026.2` (2026-03-01 to open)"
    );
}

// Issue 3 errors: a target schedule with a gap.
#[test]
fn a_target_schedule_with_a_gap_is_refused() {
    let gap = YearInputs::new("gus", 2026)
        .assign(Assignment::new("demand-generation", d("2026-01-01")))
        .target_entry(
            "demand-generation",
            "pipeline",
            incentive::year::TargetEntry {
                from: d("2026-01-01"),
                until: Some(d("2026-01-31")),
                amount: dec!(2000000),
            },
        )
        .target_from(
            "demand-generation",
            "pipeline",
            d("2026-03-01"),
            dec!(1500000),
        )
        .period(
            Inputs::new("gus", "demand-generation")
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1000000))
                .rating("campaign_effectiveness", dec!(3)),
        );
    let err = q1_error(&gap);
    assert!(matches!(err, Error::Input(_)));
    assert_eq!(
        err.to_string(),
        "invalid input: participant `gus`, plan `demand-generation`, component `pipeline`, field `targets.pipeline`: the target schedule of component `pipeline` of plan `demand-generation` has a gap: 2000000 a period from 2026-01-01 to 2026-01-31 ends on 2026-01-31 and 1500000 a period from 2026-03-01 starts on 2026-03-01; no target is in effect in between"
    );
    // A schedule that starts after the days it must cover.
    let starts_late = YearInputs::new("gus", 2026)
        .assign(Assignment::new("demand-generation", d("2026-01-01")))
        .target_from(
            "demand-generation",
            "pipeline",
            d("2026-01-15"),
            dec!(2000000),
        )
        .period(
            Inputs::new("gus", "demand-generation")
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1000000))
                .rating("campaign_effectiveness", dec!(3)),
        );
    assert_eq!(
        q1_error(&starts_late).details().message,
        "the target schedule of component `pipeline` of plan `demand-generation` has a gap: no target is in effect on 2026-01-01 (in 2026-Q1 (2026-01-01 to 2026-03-31, 90 days)); schedule: 2000000 a period from 2026-01-15"
    );
}

// Plan-file checks of the `[year]` table and `measurement`, each naming
// the field and line.
#[test]
fn year_table_errors_name_the_field() {
    let base = std::fs::read_to_string(root("plans/years/demand-generation-ytd.toml")).unwrap();
    let cases = [
        (
            base.replace("fiscal_start_month = 1", "fiscal_start_month = 13"),
            "invalid plan: line 15 column 1, plan `demand-generation-ytd`, field `year.fiscal_start_month`: is 13; the plan year starts in a month from 1 (January) to 12 (December)",
        ),
        (
            base.replace("prorate_targets = true", "prorate_targets = true\ndraw = { amount = 100, kind = \"non-recoverable\", max_recovery_per_period = 10 }"),
            "invalid plan: line 18 column 50, plan `demand-generation-ytd`, field `year.draw.max_recovery_per_period`: a non-recoverable draw is never recovered; `max_recovery_per_period` applies only with `kind = \"recoverable\"`",
        ),
        (
            base.replace("measurement = \"ytd\"", "measurement = \"cumulative\""),
            "invalid plan: line 37 column 15, plan `demand-generation-ytd`, component `pipeline`: unknown variant `cumulative`, expected one of `period`, `qtd`, `htd`, `ytd`, `ytd-annual`",
        ),
        (
            base.replace("prorate_targets = true", "prorate_targets = true\nannual_cap = 0"),
            "invalid plan: line 18 column 1, plan `demand-generation-ytd`, field `year.annual_cap`: is 0; it must be above 0",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(Plan::from_toml(&text).unwrap_err().to_string(), expected);
    }
}

// Two versions of one plan in effect on the same day are refused.
#[test]
fn overlapping_plan_versions_are_refused() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&text).unwrap()).unwrap();
    let err = b
        .insert(Plan::from_toml(&text.replace("2026.1", "2026.2")).unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid plan: plan `demand-generation`, field `year.effective_from`: versions `2026.1` (always) and `2026.2` (always) are both in effect on some days; give each version `[year] effective_from` and `effective_until` dates that do not overlap"
    );
}

// A state belongs to one participant and plan year.
#[test]
fn a_state_of_another_participant_is_refused() {
    let b = book();
    let (_, state) = b
        .evaluate_period(&ytd_year(YTD_ACTUALS, None), "2026-Q1", &YearState::new())
        .unwrap();
    let other = dg_year("omar").assign(Assignment::new("demand-generation", d("2026-01-01")));
    let err = b.evaluate_period(&other, "2026-Q1", &state).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `omar`, field `state`: the state belongs to participant `dana`; pass each participant's own state"
    );
}

// A ratio measured year to date is the ratio of the year's sums, against
// the day-weighted average of its targets (never their sum): close rate
// Q1 54/200 = 27% (108% of 25%: 1,044.00), Q2 46/200, so the year is
// 100/400 = 25% against 25%: 1,800.00 earned on two quarters, Q2 pays
// 756.00.
#[test]
fn a_ratio_measured_year_to_date_averages_its_target() {
    let text = std::fs::read_to_string(root("plans/product-manager.toml"))
        .unwrap()
        .replace(
            "curve = \"standard\"",
            "curve = \"standard\"\nmeasurement = \"ytd\"",
        );
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&text).unwrap()).unwrap();
    let pm = "product-manager";
    let mut year = YearInputs::new("priya", 2026)
        .assign(Assignment::new(pm, d("2026-01-01")).until(d("2026-06-30")));
    for (q, won) in [(1, dec!(54)), (2, dec!(46))] {
        year = year.period(
            Inputs::new("priya", pm)
                .with_period(format!("2026-Q{q}"))
                .actual("booked", dec!(2000000))
                .target("booked", dec!(2000000))
                .actual("pipeline", dec!(6000000))
                .target("pipeline", dec!(6000000))
                .actual("won", won)
                .actual("opportunities", dec!(200))
                .target("close_rate", dec!(0.25))
                .rating("market_perception", dec!(3))
                .rating("field_readiness", dec!(3)),
        );
    }
    let (s, _) = b.evaluate_year(&year, &YearState::new()).unwrap();
    let close = |p: &PeriodStatement| {
        p.lines
            .iter()
            .find(|l| l.component == "close_rate")
            .unwrap()
            .clone()
    };
    assert_eq!(close(&s[0]).amount, dec!(1044.00));
    let ytd = s[1].ytd[0].statement.line("close_rate").unwrap();
    match &ytd.measure {
        incentive::statement::MeasureTrace::Quantitative {
            actual,
            target,
            attainment,
            ..
        } => {
            assert_eq!(actual.to_decimal(), Some(dec!(0.25)));
            assert_eq!(target.to_decimal(), Some(dec!(0.25)));
            assert_eq!(attainment.to_decimal(), Some(dec!(1)));
        }
        other => panic!("{other:?}"),
    }
    let q2 = close(&s[1]);
    assert_eq!(
        (q2.earned, q2.paid_before, q2.amount),
        (dec!(1800.00), dec!(1044.00), dec!(756.00))
    );
}

// The year README shows is the one `cargo run --example plan_year` prints.
#[test]
fn readme_plan_year_is_current() {
    let readme = std::fs::read_to_string(root("README.md")).unwrap();
    let marker = "one by one, passing the stored state along, and prints\n\n```text\n";
    let start = readme.find(marker).unwrap() + marker.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let b = book();
    let year = ytd_year(YTD_ACTUALS, None);
    let mut state = YearState::new();
    let mut printed = String::new();
    for q in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] {
        let (s, next) = b.evaluate_period(&year, q, &state).unwrap();
        printed.push_str(&format!("{s}\n"));
        state = next;
    }
    printed.push_str(&format!(
        "paid in the year {} USD; owed at year end {} USD\n",
        state.paid_in_year(),
        state.total_owed()
    ));
    assert_eq!(printed, shown);
}

const CM: &str = "customer-marketing";

/// Customer marketing (quarterly TI 4,000, kicker 500 at NRR 110% of
/// target, plan cap 200% of TI) from `from`, targets NRR 1.0, expansion
/// 1,000,000, churn 8%; one quarter's actuals per entry.
fn cm_year(from: &str, quarters: &[(&str, Decimal, Decimal, Decimal)]) -> YearInputs {
    let mut y = YearInputs::new("kim", 2026)
        .assign(Assignment::new(CM, d(from)))
        .target_from(CM, "nrr", d("2026-01-01"), dec!(1.0))
        .target_from(CM, "expansion_pipeline", d("2026-01-01"), dec!(1000000))
        .target_from(CM, "gross_churn", d("2026-01-01"), dec!(0.08));
    for (q, nrr, expansion, churn) in quarters {
        y = y.period(
            Inputs::new("kim", CM)
                .with_period(*q)
                .actual("nrr", *nrr)
                .actual("expansion_pipeline", *expansion)
                .actual("gross_churn", *churn),
        );
    }
    y
}

fn adjustment<'a>(s: &'a PeriodStatement, key: &str) -> &'a incentive::year::PeriodAdjustment {
    s.adjustments.iter().find(|a| a.key == key).unwrap()
}

// Plan-level stages in a plan year: NRR at 110% of target pays the
// retention line 200% of 1,600 = 3,200.00, expansion and churn at target
// 1,400.00 and 1,000.00; the kicker adds a fixed 500.00 under the plan
// cap of 8,000: 5,600.00 + 500.00 = 6,100.00.
#[test]
fn kicker_pays_in_a_plan_year() {
    let year = cm_year(
        "2026-01-01",
        &[("2026-Q1", dec!(1.1), dec!(1000000), dec!(0.08))],
    );
    let (q1, state) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(amount(&q1, "nrr"), dec!(3200.00));
    assert_eq!(amount(&q1, "expansion_pipeline"), dec!(1400.00));
    assert_eq!(amount(&q1, "gross_churn"), dec!(1000.00));
    let kicker = adjustment(&q1, "kicker:nrr_110");
    assert_eq!(
        (kicker.kind.as_str(), kicker.amount),
        ("kicker", dec!(500.00))
    );
    assert!(
        kicker
            .description
            .contains("Net revenue retention at 110% of target")
    );
    assert_eq!(adjustment(&q1, "plan-cap").amount, dec!(0.00));
    assert_eq!(q1.earned, dec!(6100.00));
    assert_eq!(q1.total, dec!(6100.00));
    assert!(q1.to_string().contains("kicker:nrr_110"), "{q1}");
    assert_eq!(
        state
            .period("2026-Q1")
            .unwrap()
            .adjustment(CM, "kicker:nrr_110"),
        dec!(500.00)
    );
    reconciles(&q1);
}

// The plan cap binds on a period: lines 3,200.00 + 2,800.00 + 2,000.00 =
// 8,000.00, kicker 500.00, cut back to 8,000 by the plan cap (−500.00).
#[test]
fn plan_cap_cuts_a_period_in_a_plan_year() {
    let year = cm_year(
        "2026-01-01",
        &[("2026-Q1", dec!(1.1), dec!(1500000), dec!(0.04))],
    );
    let (q1, state) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let lines: Decimal = q1.lines.iter().map(|l| l.amount).sum();
    assert_eq!(lines, dec!(8000.00));
    assert_eq!(adjustment(&q1, "kicker:nrr_110").amount, dec!(500.00));
    assert_eq!(adjustment(&q1, "plan-cap").amount, dec!(-500.00));
    assert_eq!(q1.total, dec!(8000.00));
    reconciles(&q1);
    let (again, after) = book().evaluate_period(&year, "2026-Q1", &state).unwrap();
    assert_eq!(again.total, dec!(0.00));
    assert_eq!(after, state);
}

// A hire on 2026-02-15, 45 of Q1's 90 days: the target incentive is
// prorated to 2,000 (lines 1,600.00 + 700.00 + 500.00), the kicker is
// not prorated: a fixed 500.00. Total 3,300.00, within the cap of 200%
// of the prorated 2,000.
#[test]
fn kicker_is_not_prorated_for_a_mid_quarter_hire() {
    let year = cm_year(
        "2026-02-15",
        &[("2026-Q1", dec!(1.1), dec!(1000000), dec!(0.08))],
    );
    let (q1, _) = book()
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let seg = &q1.segments[0];
    assert_eq!((seg.days, seg.period_days), (45, 90));
    assert_eq!(seg.target_incentive.to_decimal(), Some(dec!(2000)));
    assert_eq!(amount(&q1, "nrr"), dec!(1600.00));
    assert_eq!(amount(&q1, "expansion_pipeline"), dec!(700.00));
    assert_eq!(amount(&q1, "gross_churn"), dec!(500.00));
    assert_eq!(adjustment(&q1, "kicker:nrr_110").amount, dec!(500.00));
    assert_eq!(q1.total, dec!(3300.00));
    reconciles(&q1);
}

// Re-running the period with the same data pays 0.00 more and leaves
// the state as it was; the state survives a round trip through JSON.
// Corrected data that loses the kicker (NRR at target: the retention line
// falls to 1,600.00) pays 0.00 and carries 1,600.00 + 500.00 owed.
#[test]
fn rerunning_a_kicker_period_pays_nothing_more() {
    let b = book();
    let year = cm_year(
        "2026-01-01",
        &[("2026-Q1", dec!(1.1), dec!(1000000), dec!(0.08))],
    );
    let (q1, state) = b
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(q1.total, dec!(6100.00));
    let json = serde_json::to_string(&state).unwrap();
    let state: YearState = serde_json::from_str(&json).unwrap();
    let (again, after) = b.evaluate_period(&year, "2026-Q1", &state).unwrap();
    assert_eq!(again.total, dec!(0.00));
    assert_eq!(
        adjustment(&again, "kicker:nrr_110").paid_before,
        dec!(500.00)
    );
    assert_eq!(adjustment(&again, "kicker:nrr_110").amount, dec!(0.00));
    assert_eq!(again.previously_paid, dec!(6100.00));
    assert_eq!(after, state);
    reconciles(&again);

    let corrected = cm_year(
        "2026-01-01",
        &[("2026-Q1", dec!(1.0), dec!(1000000), dec!(0.08))],
    );
    let (fixed, owed) = b.evaluate_period(&corrected, "2026-Q1", &state).unwrap();
    assert_eq!(fixed.total, dec!(0.00));
    assert_eq!(fixed.carried, dec!(2100.00));
    assert_eq!(adjustment(&fixed, "kicker:nrr_110").carried, dec!(500.00));
    assert_eq!(owed.owed("true-up"), dec!(2100.00));
    assert_eq!(owed.paid_in_year() - owed.total_owed(), dec!(4000.00));
    reconciles(&fixed);
    let (again, after) = b.evaluate_period(&corrected, "2026-Q1", &owed).unwrap();
    assert_eq!(again.total, dec!(0.00));
    assert_eq!(after, owed);
}

// A plan-level gate in a plan year: pipeline at 50% of target fails an
// 80% gate, so the lines' 937.50 + 1,250.00 are cut by −2,187.50 and the
// quarter pays 0.00; at exactly 80% it holds and pays the lines, 2,625.00
// + 1,250.00.
#[test]
fn plan_gate_in_a_plan_year() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let mut b = PlanBook::new();
    b.insert(
        Plan::from_toml(&format!(
            "gate = \"pipeline_80\"\n{text}\n[gates.pipeline_80]\nmeasure = \"pipeline\"\nat_least = \"80%\"\n"
        ))
        .unwrap(),
    )
    .unwrap();
    let year = dg_year("gil").assign(Assignment::new("demand-generation", d("2026-01-01")));
    let (q1, _) = b
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let lines: Decimal = q1.lines.iter().map(|l| l.amount).sum();
    assert_eq!(lines, dec!(2187.50));
    let gate = adjustment(&q1, "plan-gate");
    assert_eq!(gate.amount, dec!(-2187.50));
    assert!(gate.description.contains("failed"), "{}", gate.description);
    assert_eq!(q1.total, dec!(0.00));
    reconciles(&q1);

    let held = YearInputs::new("gil", 2026)
        .assign(Assignment::new("demand-generation", d("2026-01-01")))
        .target_from(
            "demand-generation",
            "pipeline",
            d("2026-01-01"),
            dec!(2000000),
        )
        .period(
            Inputs::new("gil", "demand-generation")
                .with_period("2026-Q1")
                .actual("pipeline", dec!(1600000))
                .rating("campaign_effectiveness", dec!(3)),
        );
    let (q1, _) = b
        .evaluate_period(&held, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(adjustment(&q1, "plan-gate").amount, dec!(0.00));
    assert_eq!(q1.total, dec!(3875.00));
    reconciles(&q1);
}

// Rounding on the total in a plan year: the period's lines are the plan's
// exact total rounded once and allocated over its lines, so a participant in
// plan for the whole quarter is paid what `Plan::evaluate` pays. Rita's
// demand-generation quarter (pipeline 3,300,002 against 3,000,000, rating
// 3): lines 4,500.005 and 1,250 exactly.
#[test]
fn a_total_rounded_plan_pays_its_rounded_total_in_a_plan_year() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let text = text.replace(
        "rounding = { mode = \"half-even\", scope = \"line\" }",
        "rounding = { mode = \"half-up\", scope = \"total\" }",
    );
    let plan = Plan::from_toml(&text).unwrap();
    assert_eq!(plan.rounding().scope(), incentive::RoundingScope::Total);
    let rita = Inputs::new("rita", "demand-generation")
        .with_period("2026-Q1")
        .actual("pipeline", dec!(3300002))
        .target("pipeline", dec!(3000000))
        .rating("campaign_effectiveness", dec!(3));
    let single = plan.evaluate(&rita).unwrap();
    // Half-up on the total: 5,750.005 → 5,750.01; the pipeline line
    // (remainder 0.005) takes the cent.
    assert_eq!(single.total(), dec!(5750.01));
    assert_eq!(single.lines[0].amount, dec!(4500.01));
    assert_eq!(single.lines[1].amount, dec!(1250.00));
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let year = YearInputs::new("rita", 2026)
        .assign(Assignment::new("demand-generation", d("2026-01-01")))
        .period(rita);
    let q1 = book
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap()
        .0;
    let earned: Vec<Decimal> = q1.lines.iter().map(|l| l.earned).collect();
    assert_eq!(earned, [dec!(4500.01), dec!(1250.00)]);
    assert_eq!(q1.total, dec!(5750.01));
}

fn any_date() -> impl Strategy<Value = Date> {
    (-400i64..=800).prop_map(|n| d("2026-01-01").add_days(n).unwrap())
}

proptest! {
    // Arbitrary plan years (overlapping or reversed dates, unknown plans,
    // gappy schedules, negative or zero amounts, stray periods) give a
    // statement or an error, never a panic, and never a negative payment.
    #[test]
    fn arbitrary_years_never_panic(
        assignments in prop::collection::vec(
            (0usize..4, any_date(), prop::option::of(any_date()), prop::option::of(-10i64..=10_000)),
            0..4,
        ),
        leaves in prop::collection::vec((any_date(), any_date()), 0..3),
        schedule in prop::collection::vec((any_date(), prop::option::of(any_date()), -5i64..=3_000_000), 0..4),
        data in prop::collection::vec((0usize..4, 0usize..6, -5i64..=5_000_000, 0i64..=6), 0..8),
        year in 2025i32..=2027,
        period in 0usize..6,
        owed in prop::option::of(1i64..=5000),
    ) {
        let plans = ["demand-generation", "demand-generation-ytd", "channel-marketing", "nope"];
        let labels = ["Q1", "Q2", "Q3", "Q4", "M01", "Q9"];
        let mut y = YearInputs::new("x", year);
        for (p, from, until, ti) in assignments {
            let mut a = Assignment::new(plans[p], from);
            if let Some(u) = until {
                a = a.until(u);
            }
            if let Some(t) = ti {
                a = a.with_target_incentive(Decimal::from(t));
            }
            y = y.assign(a);
        }
        for (f, u) in leaves {
            y = y.leave(f, u);
        }
        for (from, until, amount) in schedule {
            for p in ["demand-generation", "demand-generation-ytd"] {
                y = y.target_entry(p, "pipeline", incentive::year::TargetEntry { from, until, amount: Decimal::from(amount) });
            }
            y = y.target_entry("channel-marketing", "channel_pipeline", incentive::year::TargetEntry { from, until, amount: Decimal::from(amount) });
        }
        for (p, l, actual, rating) in data {
            let i = Inputs::new("x", plans[p])
                .with_period(format!("{year}-{}", labels[l]))
                .actual(if p == 2 { "channel_pipeline" } else { "pipeline" }, Decimal::from(actual));
            let i = if p == 2 {
                i.rating("partner_satisfaction", Decimal::from(rating)).rating("channel_strategy", Decimal::from(rating))
            } else {
                i.rating("campaign_effectiveness", Decimal::from(rating))
            };
            y = y.period(i);
        }
        let mut state = YearState::new();
        if let Some(o) = owed {
            state.add_owed("clawback", Decimal::from(o)).unwrap();
        }
        let b = book();
        if let Ok((statements, _)) = b.evaluate_year(&y, &state) {
            for s in &statements {
                reconciles(s);
            }
        }
        if let Ok((s, _)) = b.evaluate_period(&y, &format!("{year}-{}", labels[period]), &state) {
            reconciles(&s);
        }
    }
}

// A plan version that changes a component inside a period: each version
// reads its own components from the plan's period data, and every
// component of either version is a line: pipeline 1,875 + 1,875; campaign
// effectiveness (version 2026.1 only) 625 at rating 3; campaign quality
// (2026.2 only) 625 × 125% = 781.25; total 5,156.25. A key neither
// version reads is still an error.
#[test]
fn plan_version_changing_components_inside_a_period() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let v1 = text.replace(
        "prorate_targets = true",
        "prorate_targets = true\neffective_until = 2026-02-14",
    );
    let v2 = text
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace(
            "id = \"campaign_effectiveness\"",
            "id = \"campaign_quality\"",
        )
        .replace(
            "name = \"Campaign effectiveness\"",
            "name = \"Campaign quality\"",
        )
        .replace(
            "prorate_targets = true",
            "prorate_targets = true\neffective_from = 2026-02-15",
        );
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    b.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    let dg = "demand-generation";
    let year = |rating: &str| {
        YearInputs::new("vic", 2026)
            .assign(Assignment::new(dg, d("2026-01-01")))
            .target_from(dg, "pipeline", d("2026-01-01"), dec!(2000000))
            .period(
                Inputs::new("vic", dg)
                    .with_period("2026-Q1")
                    .actual("pipeline", dec!(2000000))
                    .rating("campaign_effectiveness", dec!(3))
                    .rating(rating, dec!(4)),
            )
    };
    let (q1, _) = b
        .evaluate_period(&year("campaign_quality"), "2026-Q1", &YearState::new())
        .unwrap();
    let lines: Vec<(&str, Decimal)> = q1
        .lines
        .iter()
        .map(|l| (l.component.as_str(), l.amount))
        .collect();
    assert_eq!(
        lines,
        [
            ("pipeline", dec!(3750.00)),
            ("campaign_effectiveness", dec!(625.00)),
            ("campaign_quality", dec!(781.25)),
        ]
    );
    assert_eq!(q1.total, dec!(5156.25));
    let err = b
        .evaluate_period(&year("campaign_qualty"), "2026-Q1", &YearState::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `vic`, plan `demand-generation`, field `ratings.campaign_qualty`: `campaign_qualty` is not read by any version of plan `demand-generation` in this period"
    );
}

// The same inside a year-to-date plan: the year-to-date measurement uses
// the period's last version and reads only its own components. Q1 split
// 45/45 at 100%: year-to-date pipeline 3,750.00 (TI 2,500 + 2,500 ×
// 75%), campaign effectiveness 625.00, campaign quality 781.25.
#[test]
fn ytd_plan_version_changing_components_inside_a_period() {
    let text = std::fs::read_to_string(root("plans/years/demand-generation-ytd.toml")).unwrap();
    let v1 = text.replace(
        "prorate_targets = true",
        "prorate_targets = true\neffective_until = 2026-02-14",
    );
    let v2 = text
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace(
            "id = \"campaign_effectiveness\"",
            "id = \"campaign_quality\"",
        )
        .replace(
            "prorate_targets = true",
            "prorate_targets = true\neffective_from = 2026-02-15",
        );
    let mut b = PlanBook::new();
    b.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    b.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    let year = YearInputs::new("vic", 2026)
        .assign(Assignment::new(YTD, d("2026-01-01")))
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(2000000))
        .period(
            Inputs::new("vic", YTD)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(2000000))
                .rating("campaign_effectiveness", dec!(3))
                .rating("campaign_quality", dec!(4)),
        );
    let (q1, _) = b
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(q1.ytd[0].statement.plan_version, "2026.2");
    let amounts: Vec<Decimal> = q1.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [dec!(3750.00), dec!(625.00), dec!(781.25)]);
}

/// A line too large to round names its component on the plan-year route
/// too, where the year-to-date and per-period components are paid apart:
/// pipeline's 1.5 × 6 × 10^26 does not fit at two places, the rating's 0
/// does.
#[test]
fn a_year_to_date_line_too_large_to_round_names_its_component() {
    let year = YearInputs::new("dana", 2026)
        .assign(
            Assignment::new(YTD, d("2026-01-01"))
                .with_target_incentive(dec!(600000000000000000000000000)),
        )
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(1))
        .period(
            Inputs::new("dana", YTD)
                .with_period("2026-Q1")
                .actual("pipeline", dec!(2))
                .rating("campaign_effectiveness", dec!(1)),
        );
    let e = book().evaluate_year(&year, &YearState::new()).unwrap_err();
    assert_eq!(e.kind(), incentive::ErrorKind::Overflow, "{e}");
    assert_eq!(e.details().component.as_deref(), Some("pipeline"), "{e}");
}

/// In a plan year the year-to-date and per-period components are paid
/// apart, each context checking its own inputs: with both the pipeline
/// actual and the rating missing, the per-period context, paid first,
/// names its own component, the rating.
#[test]
fn each_plan_year_context_checks_its_own_components_inputs() {
    let year = YearInputs::new("dana", 2026)
        .assign(Assignment::new(YTD, d("2026-01-01")))
        .target_from(YTD, "pipeline", d("2026-01-01"), dec!(2000000))
        .period(Inputs::new("dana", YTD).with_period("2026-Q1"));
    let e = book().evaluate_year(&year, &YearState::new()).unwrap_err();
    assert_eq!(e.kind(), incentive::ErrorKind::MissingInput, "{e}");
    assert_eq!(
        e.details().component.as_deref(),
        Some("campaign_effectiveness"),
        "{e}"
    );
}
