//! The plan-year issue ("Plan years as payroll runs them"), items 3 and 5:
//! proration conventions declared by the plan, and draw rules (a prorated
//! draw, deferred recovery, the recovery limit at the currency's places).
//! Its worked examples word for word, a property and the errors.

use incentive::year::{DayCount, DaysInYear, ProrationMethod};
use incentive::{Assignment, Date, Inputs, PeriodStatement, Plan, PlanBook, YearInputs, YearState};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A quarterly plan, target incentive 5,000 (annual 20,000), one
/// bookings component paying the target incentive × attainment, with
/// `proration` as the `[year]` table's `proration`.
fn quarterly(proration: &str) -> Plan {
    Plan::from_toml(&format!(
        r#"
        id = "q"
        name = "Quarterly"
        version = "1"
        currency = "USD"
        pay_period = "quarter"
        target_incentive = {{ amount = 5000 }}

        [year]
        {proration}

        [metrics.bookings]

        [curves.linear]
        points = [[0, 0], [1, 1], [2, 2]]

        [[components]]
        id = "bookings"
        name = "Bookings"
        weight = 1
        metric = "bookings"
        target = 100
        curve = "linear"
        "#
    ))
    .unwrap()
}

/// Q1 2026 under `plan` for a hire on `hired`, at 100% of target.
fn q1(plan: Plan, hired: &str) -> PeriodStatement {
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let year = YearInputs::new("hana", 2026)
        .assign(Assignment::new("q", d(hired)))
        .period(
            Inputs::new("hana", "q")
                .with_period("2026-Q1")
                .actual("bookings", dec!(100)),
        );
    book.evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap()
        .0
}

/// The prorated target incentive of the one segment, exact, and the payout.
fn ti_and_pay(s: &PeriodStatement) -> (Option<Decimal>, Decimal) {
    assert_eq!(s.segments.len(), 1);
    (s.segments[0].target_incentive.to_decimal(), s.total)
}

// Issue 13, worked example "proration methods": quarterly TI 5,000 (annual
// 20,000); hired 2026-02-10; Q1 has 90 days, 50 in plan → exact days
// 2,777.78; factor rounded to 4 places (0.5556) 2,778.00; daily rate
// 20,000 ÷ 365 = 54.79 × 50 2,739.50; end − start (49 days) 2,722.22.
#[test]
fn proration_methods() {
    let hired = "2026-02-10";
    let days = q1(quarterly(""), hired);
    assert_eq!((days.segments[0].days, days.period.days()), (50, 90));
    // 5,000 × 50/90 is not a decimal: the exact figure is a ratio.
    assert_eq!(days.segments[0].target_incentive.to_decimal(), None);
    assert_eq!(
        days.segments[0]
            .target_incentive
            .round(2, Default::default()),
        Some(dec!(2777.78))
    );
    assert_eq!(days.total, dec!(2777.78));

    let explicit = q1(quarterly(r#"proration = { method = "days" }"#), hired);
    assert_eq!(explicit.total, dec!(2777.78));

    let factor = q1(
        quarterly(r#"proration = { method = "factor", places = 4 }"#),
        hired,
    );
    assert_eq!(ti_and_pay(&factor), (Some(dec!(2778.00)), dec!(2778.00)));
    assert!(factor.segments[0].statement.to_string().contains("0.5556"));

    let daily = q1(
        quarterly(r#"proration = { method = "daily-rate", days_in_year = 365 }"#),
        hired,
    );
    assert_eq!(ti_and_pay(&daily), (Some(dec!(2739.50)), dec!(2739.50)));
    assert!(daily.segments[0].statement.to_string().contains("54.79"));

    let end_minus_start = q1(
        quarterly(r#"proration = { count = "end-minus-start" }"#),
        hired,
    );
    assert_eq!(
        end_minus_start.segments[0].target_incentive.to_decimal(),
        None
    );
    assert_eq!(end_minus_start.total, dec!(2722.22));
}

// The other conventions on the same hire: whole months (March only, 1 of
// 3) and a daily rate over the plan year's actual days (365 in 2026).
#[test]
fn whole_months_and_actual_days() {
    let hired = "2026-02-10";
    let months = q1(quarterly(r#"proration = { method = "months" }"#), hired);
    assert_eq!(months.total, dec!(1666.67));
    let on_the_first = q1(
        quarterly(r#"proration = { method = "months" }"#),
        "2026-02-01",
    );
    assert_eq!(ti_and_pay(&on_the_first), (None, dec!(3333.33)));
    let actual = q1(
        quarterly(r#"proration = { method = "daily-rate", days_in_year = "actual" }"#),
        hired,
    );
    assert_eq!(ti_and_pay(&actual), (Some(dec!(2739.50)), dec!(2739.50)));
}

#[test]
fn the_plan_states_its_convention() {
    let p = quarterly(r#"proration = { method = "daily-rate", count = "end-minus-start" }"#);
    let rule = p.year().proration;
    assert_eq!(rule.method, ProrationMethod::DailyRate);
    assert_eq!(rule.days_in_year, DaysInYear::Fixed(365));
    assert_eq!(rule.count, DayCount::EndMinusStart);
    assert_eq!(
        rule.to_string(),
        "daily rate over 365 days, days counted end minus start"
    );
    assert_eq!(quarterly("").year().proration.to_string(), "days");
}

fn plan_error(proration: &str) -> String {
    Plan::from_toml(&format!(
        "id = \"q\"\nname = \"n\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"quarter\"\n\
         target_incentive = {{ amount = 5000 }}\n[year]\n{proration}\n[metrics.bookings]\n\
         [curves.linear]\npoints = [[0, 0], [1, 1]]\n\
         [[components]]\nid = \"bookings\"\nname = \"B\"\nweight = 1\nmetric = \"bookings\"\ntarget = 100\ncurve = \"linear\"\n"
    ))
    .unwrap_err()
    .to_string()
}

#[test]
fn proration_errors_name_the_plan_and_field() {
    let cases = [
        (
            r#"proration = { method = "factor" }"#,
            "plan `q`, field `year.proration.places`: is missing; a `factor` proration rounds the day fraction to `places` decimal places, from 0 to 10",
        ),
        (
            r#"proration = { method = "factor", places = 11 }"#,
            "plan `q`, field `year.proration.places`: is 11; a factor is rounded to 0 to 10 decimal places",
        ),
        (
            r#"proration = { method = "days", places = 4 }"#,
            "plan `q`, field `year.proration.places`: applies only with `method = \"factor\"`, not `days`",
        ),
        (
            r#"proration = { days_in_year = 360 }"#,
            "plan `q`, field `year.proration.days_in_year`: applies only with `method = \"daily-rate\"`, not `days`",
        ),
        (
            r#"proration = { method = "daily-rate", days_in_year = 0 }"#,
            "plan `q`, field `year.proration.days_in_year`: is 0; a year has 1 to 366 days, or write `\"actual\"`",
        ),
        (
            r#"proration = { method = "daily-rate", days_in_year = "leap" }"#,
            "plan `q`, field `year.proration.days_in_year`: is `leap`; give a number of days such as 365, or `\"actual\"`",
        ),
        (
            r#"proration = { method = "months", count = "end-minus-start" }"#,
            "plan `q`, field `year.proration.count`: applies to days, and `method = \"months\"` counts whole months; remove `count`",
        ),
        (
            r#"proration = { method = "weeks" }"#,
            "plan `q`: unknown variant `weeks`, expected one of `days`, `factor`, `daily-rate`, `months`",
        ),
    ];
    for (text, expected) in cases {
        let err = plan_error(text);
        assert!(
            err.starts_with("invalid plan: line 8 column "),
            "{text}: {err}"
        );
        assert!(err.ends_with(expected), "{text}: {err}");
    }
}

proptest! {
    // Issue 13: "every proration method gives the whole period's figure
    // when nothing changes".
    #[test]
    fn every_method_gives_the_whole_period_when_nothing_changes(
        method in 0usize..6,
        attainment in 0u32..200,
    ) {
        let rule = [
            "",
            r#"proration = { method = "factor", places = 2 }"#,
            r#"proration = { method = "daily-rate" }"#,
            r#"proration = { method = "daily-rate", days_in_year = "actual" }"#,
            r#"proration = { method = "months" }"#,
            r#"proration = { count = "end-minus-start" }"#,
        ][method];
        let mut book = PlanBook::new();
        book.insert(quarterly(rule)).unwrap();
        let year = YearInputs::new("hana", 2026)
            .assign(Assignment::new("q", d("2026-01-01")))
            .period(
                Inputs::new("hana", "q")
                    .with_period("2026-Q2")
                    .actual("bookings", Decimal::from(attainment)),
            );
        let (q2, _) = book.evaluate_period(&year, "2026-Q2", &YearState::new()).unwrap();
        prop_assert_eq!(q2.segments[0].target_incentive.to_decimal(), Some(dec!(5000)));
        prop_assert_eq!(q2.total, Decimal::from(attainment) * dec!(50));
    }
}

/// A monthly commission plan paying 100% of `earned` as commission,
/// with `draw` as the `[year]` table's draw.
fn monthly(draw: &str) -> Plan {
    Plan::from_toml(&format!(
        r#"
        id = "draw"
        name = "Monthly commission with a draw"
        version = "1"
        currency = "USD"
        pay_period = "month"
        target_incentive = {{ amount = 3000 }}

        [year]
        draw = {draw}

        [metrics.earned]

        [[components]]
        id = "commission"
        name = "Commission"
        weight = 1
        metric = "earned"
        target = 1
        tiers = {{ basis = "amount", mode = "marginal", bands = [[0, "100%"]] }}
        "#
    ))
    .unwrap()
}

fn months(plan: Plan, hired: &str, earned: &[Decimal]) -> Vec<PeriodStatement> {
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let mut year = YearInputs::new("drew", 2026).assign(Assignment::new("draw", d(hired)));
    let first = d(hired).month();
    for (i, e) in earned.iter().enumerate() {
        year = year.period(
            Inputs::new("drew", "draw")
                .with_period(format!("2026-M{:02}", first as usize + i))
                .actual("earned", *e),
        );
    }
    let mut state = YearState::new();
    let mut out = Vec::new();
    for i in 0..earned.len() {
        let label = format!("2026-M{:02}", first as usize + i);
        let (s, next) = book.evaluate_period(&year, &label, &state).unwrap();
        out.push(s);
        state = next;
    }
    out
}

// Issue 13, worked example "prorated draw": monthly recoverable draw
// 2,500; hired 2026-03-16 → March draw 1,290.32 (16 of 31 days).
#[test]
fn prorated_draw() {
    let plan = monthly(r#"{ amount = 2500, kind = "recoverable", prorate = true }"#);
    assert!(plan.year().draw.unwrap().prorate);
    let s = months(plan, "2026-03-16", &[dec!(0), dec!(0)]);
    let march = s[0].draw.unwrap();
    assert_eq!(march.amount, dec!(1290.32));
    assert_eq!(s[0].total, dec!(1290.32));
    assert_eq!(s[0].balances_after["draw"], dec!(1290.32));
    assert!(
        s[0].to_string().contains("(1290.32 this period)"),
        "{}",
        s[0]
    );
    // April is whole: the full draw.
    assert_eq!(s[1].draw.unwrap().amount, dec!(2500));
    assert_eq!(s[1].total, dec!(2500));
    // Without `prorate` the partial month draws in full, as before.
    let whole = months(
        monthly(r#"{ amount = 2500, kind = "recoverable" }"#),
        "2026-03-16",
        &[dec!(0)],
    );
    assert_eq!(whole[0].total, dec!(2500));
}

// A prorated draw follows the plan's proration convention, like the
// target incentive: a factor to 2 places, 16/31 → 0.52 → 1,300.00.
#[test]
fn prorated_draw_follows_the_convention() {
    let text = r#"{ amount = 2500, kind = "recoverable", prorate = true }
        proration = { method = "factor", places = 2 }"#;
    let s = months(monthly(text), "2026-03-16", &[dec!(0)]);
    assert_eq!(s[0].draw.unwrap().amount, dec!(1300.00));
}

// Issue 13, worked example "deferred recovery": monthly recoverable draw
// 3,000, recovery from the fourth month; earned Jan 1,000, Feb 6,000, Mar
// 2,500, Apr 7,000 → paid Jan 3,000.00 (owes 2,000.00); Feb 6,000.00
// (owes 2,000.00); Mar 3,000.00 (owes 2,500.00); Apr 4,500.00 (owes 0.00).
#[test]
fn deferred_recovery() {
    let plan = monthly(r#"{ amount = 3000, kind = "recoverable", recover_from_period = 4 }"#);
    let s = months(
        plan,
        "2026-01-01",
        &[dec!(1000), dec!(6000), dec!(2500), dec!(7000)],
    );
    let paid: Vec<Decimal> = s.iter().map(|p| p.total).collect();
    assert_eq!(
        paid,
        [dec!(3000.00), dec!(6000.00), dec!(3000.00), dec!(4500.00)]
    );
    let owed: Vec<Decimal> = s
        .iter()
        .map(|p| p.balances_after.get("draw").copied().unwrap_or_default())
        .collect();
    assert_eq!(
        owed,
        [dec!(2000.00), dec!(2000.00), dec!(2500.00), dec!(0.00)]
    );
    assert!(s[1].recovered.is_empty());
    assert_eq!(s[3].recovered["draw"], dec!(2500.00));
    for p in &s {
        let recovered: Decimal = p.recovered.values().copied().sum();
        let advanced = p.draw.map_or(Decimal::ZERO, |d| d.advanced);
        assert_eq!(p.total, p.earned - recovered + advanced + p.refund);
    }
}

// Issue 13: "the existing per-period recovery limit in the currency's
// minor units": 1000 prints as 1000.00 beside 140.00 (and 1000 yen as
// 1000).
#[test]
fn recovery_limit_at_the_currency_places() {
    let plan =
        monthly(r#"{ amount = 3000, kind = "recoverable", max_recovery_per_period = 1000 }"#);
    let draw = plan.year().draw.unwrap();
    assert_eq!(draw.max_recovery_per_period.unwrap().to_string(), "1000.00");
    assert!(
        draw.to_string()
            .contains("at most 1000.00 recovered a period")
    );
    let text = plan_error_draw(
        r#"{ amount = 3000, kind = "recoverable", max_recovery_per_period = "10.005" }"#,
    );
    assert!(text.contains("year.draw.max_recovery_per_period"), "{text}");
    assert!(text.contains("2 decimal places"), "{text}");
}

fn plan_error_draw(draw: &str) -> String {
    Plan::from_toml(&format!(
        "id = \"draw\"\nname = \"n\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"month\"\n\
         target_incentive = {{ amount = 3000 }}\n[year]\ndraw = {draw}\n[metrics.earned]\n\
         [[components]]\nid = \"commission\"\nname = \"C\"\nweight = 1\nmetric = \"earned\"\ntarget = 1\n\
         tiers = {{ basis = \"amount\", mode = \"marginal\", bands = [[0, \"100%\"]] }}\n"
    ))
    .unwrap_err()
    .to_string()
}

#[test]
fn draw_rule_errors_name_the_plan_and_field() {
    for (text, expected) in [
        (
            r#"{ amount = 3000, kind = "recoverable", recover_from_period = 0 }"#,
            "plan `draw`, field `year.draw.recover_from_period`: is 0; the draw balance is recovered from a period of the plan year, numbered from 1",
        ),
        (
            r#"{ amount = 3000, kind = "non-recoverable", recover_from_period = 2 }"#,
            "plan `draw`, field `year.draw.recover_from_period`: a non-recoverable draw is never recovered; `recover_from_period` applies only with `kind = \"recoverable\"`",
        ),
        (
            r#"{ amount = 3000, kind = "recoverable", max_recovery_per_period = "10.005" }"#,
            "plan `draw`, field `year.draw.max_recovery_per_period`: is 10.005; the currency has 2 decimal places",
        ),
    ] {
        let err = plan_error_draw(text);
        assert!(err.ends_with(expected), "{text}: {err}");
    }
}

// One rule: a component with its own amount is prorated by the plan's
// convention, like the target incentive. Daily rate, hired 2026-02-10 (50
// of Q1's 90 days): the target incentive 5,000 → 20,000 ÷ 365 = 54.79 ×
// 50 = 2,739.50; the launch bonus 1,800 → 7,200 ÷ 365 = 19.73 × 50 =
// 986.50.
#[test]
fn a_component_with_its_own_amount_follows_the_convention() {
    let plan = Plan::from_toml(
        r#"
        id = "q"
        name = "Q"
        version = "1"
        currency = "USD"
        pay_period = "quarter"
        target_incentive = { amount = 5000 }
        year = { proration = { method = "daily-rate" } }
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
    let year = YearInputs::new("hana", 2026)
        .assign(Assignment::new("q", d("2026-02-10")))
        .period(Inputs::new("hana", "q").with_period("2026-Q1"));
    let (q1, _) = book
        .evaluate_period(&year, "2026-Q1", &YearState::new())
        .unwrap();
    let amount = |c: &str| q1.lines.iter().find(|l| l.component == c).unwrap().amount;
    assert_eq!(amount("guaranteed"), dec!(2739.50));
    assert_eq!(amount("launch"), dec!(986.50));
    assert_eq!(q1.total, dec!(3726.00));
}

proptest! {
    // Whatever the draw rules (prorated for a hire inside January,
    // recovery deferred to any month, limited or not), a year's payments
    // less the draw balance still owed equal its earnings, to the cent.
    #[test]
    fn payments_less_the_draw_owed_equal_earnings(
        earned in proptest::collection::vec(0u32..9000, 6),
        hired_day in 1u32..=28,
        recover_from in 1u32..=7,
        limit in proptest::option::of(1u32..3000),
    ) {
        let limit = limit.map_or(String::new(), |l| format!(", max_recovery_per_period = {l}"));
        let plan = monthly(&format!(
            r#"{{ amount = 3000, kind = "recoverable", prorate = true, recover_from_period = {recover_from}{limit} }}"#
        ));
        let earned: Vec<Decimal> = earned.into_iter().map(Decimal::from).collect();
        let s = months(plan, &format!("2026-01-{hired_day:02}"), &earned);
        let paid: Decimal = s.iter().map(|p| p.total).sum();
        let owed = s.last().unwrap().balances_after.get("draw").copied().unwrap_or_default();
        prop_assert_eq!(paid - owed, earned.iter().copied().sum::<Decimal>());
        for p in &s {
            if p.period.index() < recover_from {
                prop_assert!(p.recovered.is_empty());
            }
        }
    }
}

// A yen plan's recovery limit has no minor unit: 1000 stays 1000.
#[test]
fn recovery_limit_in_yen() {
    let text = r#"
        id = "draw"
        name = "Yen draw"
        version = "1"
        currency = "JPY"
        pay_period = "month"
        target_incentive = { amount = 300000 }
        [year]
        draw = { amount = 300000, kind = "recoverable", max_recovery_per_period = 1000 }
        [metrics.earned]
        [[components]]
        id = "commission"
        name = "Commission"
        weight = 1
        metric = "earned"
        target = 1
        tiers = { basis = "amount", mode = "marginal", bands = [[0, "100%"]] }
    "#;
    let plan = Plan::from_toml(text).unwrap();
    let max = plan.year().draw.unwrap().max_recovery_per_period.unwrap();
    assert_eq!(max.to_string(), "1000");
}
