//! Issue 13, item 1: pay frequencies. The worked examples as written, and
//! the law that a year's period target incentives add up to the annual
//! amount exactly.

use incentive::year::Calendar;
use incentive::{
    Assignment, Date, Exact, Inputs, PayPeriod, Plan, PlanBook, YearInputs, YearState,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// One component on a linear curve, paid every `pay_period`, with an
/// annual target incentive of `annual`.
fn plan(pay_period: &str, annual: Decimal) -> Plan {
    Plan::from_toml(&format!(
        r#"id = "freq"
name = "Frequencies"
version = "1"
currency = "USD"
pay_period = "{pay_period}"
target_incentive = {{ annual = "{annual}" }}

[metrics.bookings]

[curves.linear]
points = [[0, 0], [2, 2]]

[[components]]
id = "bookings"
name = "Bookings"
weight = "100%"
metric = "bookings"
curve = "linear"
"#
    ))
    .unwrap()
}

fn at_target(period: &str) -> Inputs {
    Inputs::new("pat", "freq")
        .with_period(period)
        .actual("bookings", dec!(100000))
        .target("bookings", dec!(100000))
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

// Issue 13, worked example "semi-monthly": annual TI 48,000 → 24 periods of
// 2,000.00; the second half of February 2026 is 2026-02-16 to 2026-02-28
// (13 days).
#[test]
fn semi_monthly_worked_example() {
    let plan = plan("semi-month", dec!(48000));
    assert_eq!(plan.pay_period(), PayPeriod::SemiMonth);
    let year = Calendar::new(1, plan.pay_period())
        .unwrap()
        .plan_year(2026)
        .unwrap();
    assert_eq!(year.periods().len(), 24);
    let feb2 = year.period("2026-S04").unwrap();
    assert_eq!(
        feb2.to_string(),
        "2026-S04 (2026-02-16 to 2026-02-28, 13 days)"
    );
    let feb1 = year.period("2026-S03").unwrap();
    assert_eq!(
        feb1.to_string(),
        "2026-S03 (2026-02-01 to 2026-02-15, 15 days)"
    );
    // The periods tile the year: each starts the day after the last ends.
    assert_eq!(year.periods()[0].start(), d("2026-01-01"));
    assert_eq!(year.periods()[23].end(), d("2026-12-31"));
    for w in year.periods().windows(2) {
        assert_eq!(w[0].end().add_days(1), Some(w[1].start()), "{}", w[1]);
    }

    // Each period pays 2,000.00 at target, on its own and in a plan year.
    let mut book = PlanBook::new();
    book.insert(plan.clone()).unwrap();
    let mut inputs = YearInputs::new("pat", 2026).assign(Assignment::new("freq", d("2026-01-01")));
    for p in year.periods() {
        let s = plan.evaluate(&at_target(p.label())).unwrap();
        assert_eq!(
            s.target_incentive.unwrap().amount,
            Exact::from_decimal(dec!(2000))
        );
        assert_eq!(s.total, dec!(2000.00));
        inputs = inputs.period(at_target(p.label()));
    }
    let mut state = YearState::new();
    for p in year.periods() {
        let (s, next) = book.evaluate_period(&inputs, p.label(), &state).unwrap();
        assert_eq!(s.total, dec!(2000.00), "{}", p.label());
        state = next;
    }
}

/// A fiscal year starting in July pays semi-monthly from 2026-07-01 to
/// 2027-06-30, the second half of February 2027 ending on the 28th.
#[test]
fn semi_monthly_fiscal_year() {
    let year = Calendar::new(7, PayPeriod::SemiMonth)
        .unwrap()
        .plan_year(2026)
        .unwrap();
    assert_eq!(year.start(), d("2026-07-01"));
    assert_eq!(year.end(), d("2027-06-30"));
    assert_eq!(
        year.period("2026-S16").unwrap().to_string(),
        "2026-S16 (2027-02-16 to 2027-02-28, 13 days)"
    );
    let leap = Calendar::new(1, PayPeriod::SemiMonth)
        .unwrap()
        .plan_year(2028)
        .unwrap();
    assert_eq!(leap.period("2028-S04").unwrap().days(), 14);
}

/// A hire inside a semi-month is prorated by the days of that half-month:
/// hired 2026-02-20, in plan 9 of the 13 days of 2026-S04, so 2,000 × 9/13
/// = 1,384.615… pays 1,384.62.
#[test]
fn semi_monthly_proration_counts_the_half_months_days() {
    let mut book = PlanBook::new();
    book.insert(plan("semi-month", dec!(48000))).unwrap();
    let inputs = YearInputs::new("pat", 2026)
        .assign(Assignment::new("freq", d("2026-02-20")))
        .period(at_target("2026-S04"));
    let (s, _) = book
        .evaluate_period(&inputs, "2026-S04", &YearState::new())
        .unwrap();
    let seg = &s.segments[0];
    assert_eq!((seg.days, seg.period_days), (9, 13));
    assert_eq!(
        seg.target_incentive,
        Exact::ratio(dec!(18000), dec!(13)).unwrap()
    );
    assert_eq!(s.total, dec!(1384.62));
}

/// Period weights on a semi-monthly plan are one per semi-month (24).
#[test]
fn semi_monthly_period_weights_are_one_per_half_month() {
    let text = |weights: &str| {
        format!(
            r#"id = "freq"
name = "Frequencies"
version = "1"
currency = "USD"
pay_period = "semi-month"
target_incentive = {{ annual = 48000, period_weights = [{weights}] }}

[metrics.bookings]

[curves.linear]
points = [[0, 0], [2, 2]]

[[components]]
id = "bookings"
name = "Bookings"
weight = "100%"
metric = "bookings"
curve = "linear"
"#
        )
    };
    // 23 half-months of 4% and a last one of 8%.
    let mut weights = vec!["\"4%\""; 23];
    weights.push("\"8%\"");
    let plan = Plan::from_toml(&text(&weights.join(", "))).unwrap();
    let last = plan.evaluate(&at_target("2026-S24")).unwrap();
    assert_eq!(last.total, dec!(3840.00));
    let first = plan.evaluate(&at_target("2026-S01")).unwrap();
    assert_eq!(first.total, dec!(1920.00));
    let err = Plan::from_toml(&text(&["\"25%\""; 4].join(", "))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid plan: line 6 column 38, plan `freq`, field `target_incentive.period_weights`: gives 4 weights (25%, 25%, 25%, 25%); a plan paid by semi-month needs one weight for each of its 24 semi-months"
    );
}

/// A plan year refuses a label that is not one of its semi-months and
/// names the ones it has.
#[test]
fn semi_monthly_labels_are_checked() {
    let mut book = PlanBook::new();
    book.insert(plan("semi-month", dec!(48000))).unwrap();
    let inputs = YearInputs::new("pat", 2026)
        .assign(Assignment::new("freq", d("2026-01-01")))
        .period(at_target("2026-M02"));
    let err = book
        .evaluate_period(&inputs, "2026-M02", &YearState::new())
        .unwrap_err();
    let listed: Vec<String> = (1..=24).map(|i| format!("`2026-S{i:02}`")).collect();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid input: participant `pat`, plan `freq`, field `period`: period `2026-M02` is outside plan year 2026 (2026-01-01 to 2026-12-31); its periods are {}",
            listed.join(", ")
        )
    );
}

const FREQUENCIES: [(&str, usize); 5] = [
    ("semi-month", 24),
    ("month", 12),
    ("quarter", 4),
    ("half", 2),
    ("year", 1),
];

proptest! {
    /// The period target incentives of a year add up to the annual amount
    /// exactly, for every frequency: each is an exact fraction of the
    /// annual amount, rounding happens on payouts only.
    #[test]
    fn period_target_incentives_add_up_to_the_annual_amount(
        f in 0usize..FREQUENCIES.len(),
        cents in 1i64..1_000_000_000_000,
        fiscal in 1u32..=12,
    ) {
        let (name, n) = FREQUENCIES[f];
        let annual = Decimal::new(cents, 2);
        let plan = plan(name, annual);
        let year = Calendar::new(fiscal, plan.pay_period()).unwrap().plan_year(2026).unwrap();
        prop_assert_eq!(year.periods().len(), n);
        let mut sum = Exact::ZERO;
        for p in year.periods() {
            let s = plan.evaluate(&at_target(p.label())).unwrap();
            sum = sum.checked_add(s.target_incentive.unwrap().amount).unwrap();
        }
        prop_assert_eq!(sum, Exact::from_decimal(annual));
    }
}
