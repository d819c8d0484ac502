//! Issue 13, item 1: pay frequencies. The worked examples as written, and
//! the law that a year's period target incentives add up to the annual
//! amount exactly.

use incentive::Error;
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
    Plan::from_toml(&plan_text(pay_period, annual, "")).unwrap()
}

/// The plan's text, with `year` as its `[year]` table's lines (a weekly
/// or biweekly plan gets `anchor = 2026-01-02` unless `year` gives one).
fn plan_text(pay_period: &str, annual: Decimal, year: &str) -> String {
    let year = if year.is_empty() && pay_period.ends_with("week") {
        "anchor = 2026-01-02"
    } else {
        year
    };
    format!(
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

[year]
{year}
"#
    )
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

// Issue 13, worked example "biweekly": anchor 2026-01-02, annual TI 52,000
// → 26 periods in 2026, 2,000.00 target incentive each.
#[test]
fn biweekly_worked_example() {
    let plan = plan("biweek", dec!(52000));
    assert_eq!(plan.pay_period(), PayPeriod::Biweek);
    assert_eq!(plan.year().anchor, Some(d("2026-01-02")));
    let year = Calendar::new(1, plan.pay_period())
        .unwrap()
        .with_anchor(d("2026-01-02"))
        .plan_year(2026)
        .unwrap();
    assert_eq!(year.periods().len(), 26);
    assert_eq!(
        year.periods()[0].to_string(),
        "2026-B01 (2026-01-02 to 2026-01-15, 14 days)"
    );
    assert_eq!(
        year.periods()[25].to_string(),
        "2026-B26 (2026-12-18 to 2026-12-31, 14 days)"
    );
    for w in year.periods().windows(2) {
        assert_eq!(w[0].end().add_days(1), Some(w[1].start()), "{}", w[1]);
    }

    let mut book = PlanBook::new();
    book.insert(plan.clone()).unwrap();
    // Assigned from New Year: 2026-01-01 belongs to a 2025 biweek.
    let mut inputs = YearInputs::new("pat", 2026).assign(Assignment::new("freq", d("2026-01-01")));
    for p in year.periods() {
        let s = plan.evaluate(&at_target(p.label())).unwrap();
        let ti = s.target_incentive.unwrap();
        assert_eq!(ti.amount, Exact::from_decimal(dec!(2000)));
        assert_eq!(ti.basis, "annual 52000 / 26 biweeks");
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

/// A plan year has the biweeks that start in it: with anchor 2026-01-02,
/// 2027's start on 2027-01-01 and there are 27 of them (the 27th starts on
/// 2027-12-31), so 52,000 a year is 52,000/27 a biweek to the cent: the
/// first 16 take 1,925.93 and the other 11 take 1,925.92, which add up to
/// 52,000.00 exactly.
#[test]
fn a_biweekly_year_of_27_periods_divides_by_27() {
    let plan = plan("biweek", dec!(52000));
    let year = Calendar::new(1, PayPeriod::Biweek)
        .unwrap()
        .with_anchor(d("2026-01-02"))
        .plan_year(2027)
        .unwrap();
    assert_eq!(year.periods().len(), 27);
    assert_eq!(
        year.period("2027-B27").unwrap().to_string(),
        "2027-B27 (2027-12-31 to 2028-01-13, 14 days)"
    );
    let s = plan.evaluate(&at_target("2027-B27")).unwrap();
    assert_eq!(
        s.target_incentive.unwrap().amount,
        Exact::from_decimal(dec!(1925.92))
    );
    assert_eq!(s.total, dec!(1925.92));
    let first = plan.evaluate(&at_target("2027-B16")).unwrap();
    assert_eq!(first.total, dec!(1925.93));
    assert_eq!(
        plan.evaluate(&at_target("2027-B17")).unwrap().total,
        dec!(1925.92)
    );
    let year_total: Decimal = (1..=27)
        .map(|i| {
            plan.evaluate(&at_target(&format!("2027-B{i:02}")))
                .unwrap()
                .total
        })
        .sum();
    assert_eq!(year_total, dec!(52000.00));
    // 2026 has no 27th biweek.
    let err = plan.evaluate(&at_target("2026-B27")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `pat`, plan `freq`, field `period`: `2026-B27` is not a biweek of a plan year; this plan's biweeks are labelled by the year their plan year starts in and their place in it, such as `2026-B01`"
    );
}

/// A weekly plan from the same anchor: 2026 has the 52 Fridays from
/// 2026-01-02 to 2026-12-25; labels are `2026-W01` … `2026-W52`.
#[test]
fn weekly_plan_years() {
    let year = Calendar::new(1, PayPeriod::Week)
        .unwrap()
        .with_anchor(d("2026-01-02"))
        .plan_year(2026)
        .unwrap();
    assert_eq!(year.periods().len(), 52);
    assert_eq!(
        year.period("2026-W03").unwrap().to_string(),
        "2026-W03 (2026-01-16 to 2026-01-22, 7 days)"
    );
    // An anchor in another year places the same weeks.
    let later = Calendar::new(1, PayPeriod::Week)
        .unwrap()
        .with_anchor(d("2030-03-01"))
        .plan_year(2026)
        .unwrap();
    assert_eq!(later, year);
    let plan = plan("week", dec!(52000));
    assert_eq!(
        plan.evaluate(&at_target("2026-W52")).unwrap().total,
        dec!(1000.00)
    );
}

/// A weekly or biweekly plan needs an anchor, a calendar plan refuses one,
/// and a weekly plan's inputs must name their week.
#[test]
fn anchor_errors_name_plan_and_dates() {
    let err =
        Plan::from_toml(&plan_text("biweek", dec!(52000), "fiscal_start_month = 1")).unwrap_err();
    assert!(matches!(err, Error::Plan { .. }));
    assert_eq!(
        err.to_string(),
        "invalid plan: line 20 column 2, plan `freq`, field `year.anchor`: missing `anchor`: a plan paid every biweek needs the first day of any one of its pay periods, such as `anchor = 2026-01-02`"
    );
    let err = Plan::from_toml(&plan_text("month", dec!(52000), "anchor = 2026-01-02")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid plan: line 21 column 1, plan `freq`, field `year.anchor`: is 2026-01-02, but a plan paid every month starts its periods on calendar dates; `anchor` applies only with `pay_period = \"week\"` or `\"biweek\"`"
    );
    let err = plan("week", dec!(52000))
        .evaluate(
            &Inputs::new("pat", "freq")
                .actual("bookings", dec!(1))
                .target("bookings", dec!(1)),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `pat`, plan `freq`, field `period`: missing `period`: this plan pays every week and its annual target incentive is shared by the weeks that start in the plan year, so the inputs must say which week they are for, such as `2026-W01`"
    );
    let text = plan_text("biweek", dec!(52000), "").replace(
        "target_incentive = { annual = \"52000\" }",
        "target_incentive = { annual = 52000, period_weights = [\"100%\"] }",
    );
    let err = Plan::from_toml(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid plan: line 6 column 38, plan `freq`, field `target_incentive.period_weights`: a plan paid every biweek has 26 biweeks in one plan year and 27 in another, so it cannot weight its periods; leave `period_weights` out"
    );
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

const FREQUENCIES: [(&str, usize); 8] = [
    ("custom", 13),
    ("week", 52),
    ("biweek", 26),
    ("semi-month", 24),
    ("month", 12),
    ("quarter", 4),
    ("half", 2),
    ("year", 1),
];

proptest! {
    /// The period target incentives of a year add up to the annual amount
    /// exactly, for every frequency: each is a whole number of cents, no
    /// two differ by more than a cent (largest remainder, the earliest
    /// periods first), and so the payouts at target add up to it too.
    #[test]
    fn period_target_incentives_add_up_to_the_annual_amount(
        f in 0usize..FREQUENCIES.len(),
        cents in 1i64..1_000_000_000_000,
        fiscal in 1u32..=12,
    ) {
        let (name, n) = FREQUENCIES[f];
        let annual = Decimal::new(cents, 2);
        let plan = Plan::from_toml(&plan_text(name, annual, &format!(
            "fiscal_start_month = {fiscal}{}",
            match name {
                "week" | "biweek" => "\nanchor = 2026-01-02".to_owned(),
                "custom" => format!("\n{}", thirteen_periods()),
                _ => String::new(),
            }
        ))).unwrap();
        let mut calendar = Calendar::new(fiscal, plan.pay_period()).unwrap();
        calendar = calendar.with_periods(plan.year().periods.clone());
        if let Some(a) = plan.year().anchor {
            calendar = calendar.with_anchor(a);
        }
        let year = calendar.plan_year(2026).unwrap();
        // A weekly or biweekly year has one more period in some years.
        prop_assert!(year.periods().len() == n || year.periods().len() == n + 1 && n > 24);
        let mut sum = Exact::ZERO;
        let mut paid = Decimal::ZERO;
        let mut shares = Vec::new();
        for p in year.periods() {
            let s = plan.evaluate(&at_target(p.label())).unwrap();
            let ti = s.target_incentive.unwrap().amount;
            let cents = ti.round(2, incentive::RoundingMode::Down).unwrap();
            prop_assert_eq!(Exact::from_decimal(cents), ti, "{} is not whole cents", p.label());
            shares.push(cents);
            sum = sum.checked_add(ti).unwrap();
            paid += s.total;
        }
        prop_assert_eq!(sum, Exact::from_decimal(annual));
        prop_assert_eq!(paid, annual);
        // The larger shares come first.
        prop_assert!(shares.windows(2).all(|w| w[0] >= w[1] && w[0] - w[1] <= dec!(0.01)));
    }

    /// A weighted year's shares are whole cents and add up to the annual
    /// amount: each is the annual amount × its weight rounded down, and
    /// the cents left over go to the largest remainders.
    #[test]
    fn weighted_period_target_incentives_add_up_to_the_annual_amount(
        cents in 1i64..1_000_000_000_000,
        w in proptest::collection::vec(1u32..1000, 4),
    ) {
        let annual = Decimal::new(cents, 2);
        let total: u32 = w.iter().sum();
        // Weights of whole basis points that add up to 100%.
        let mut bp: Vec<i64> = w.iter().map(|x| i64::from(*x) * 10_000 / i64::from(total)).collect();
        bp[0] += 10_000 - bp.iter().sum::<i64>();
        let weights: Vec<String> = bp.iter().map(|b| format!("\"{}\"", Decimal::new(*b, 4))).collect();
        let text = plan_text("quarter", annual, "").replace(
            &format!("target_incentive = {{ annual = \"{annual}\" }}"),
            &format!("target_incentive = {{ annual = \"{annual}\", period_weights = [{}] }}", weights.join(", ")),
        );
        let plan = Plan::from_toml(&text).unwrap();
        let mut sum = Decimal::ZERO;
        for (i, b) in bp.iter().enumerate() {
            let label = format!("2026-Q{}", i + 1);
            let ti = plan.evaluate(&at_target(&label)).unwrap().target_incentive.unwrap().amount;
            let cents = ti.round(2, incentive::RoundingMode::Down).unwrap();
            prop_assert_eq!(Exact::from_decimal(cents), ti);
            // Within a cent of the exact share.
            let exact = annual * Decimal::new(*b, 4);
            prop_assert!((cents - exact).abs() < dec!(0.01));
            sum += cents;
        }
        prop_assert_eq!(sum, annual);
    }
}

/// One participant's plans share one calendar: biweeks from another
/// anchor are refused, naming both anchors.
#[test]
fn plans_of_one_participant_share_their_anchor() {
    let mut book = PlanBook::new();
    book.insert(plan("biweek", dec!(52000))).unwrap();
    let other = plan_text("biweek", dec!(52000), "anchor = 2026-01-09")
        .replace("id = \"freq\"", "id = \"other\"");
    book.insert(Plan::from_toml(&other).unwrap()).unwrap();
    let inputs = YearInputs::new("pat", 2026)
        .assign(Assignment::new("freq", d("2026-01-02")).until(d("2026-06-30")))
        .assign(Assignment::new("other", d("2026-07-01")))
        .period(at_target("2026-B01"));
    let err = book
        .evaluate_period(&inputs, "2026-B01", &YearState::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid plan: participant `pat`, plan `other`, field `pay_period`: plans `freq` (paid every biweek from 2026-01-02, year starting in month 1) and `other` (paid every biweek from 2026-01-09, year starting in month 1) have different calendars; one participant's plans must share a plan year and pay period"
    );
}

/// A custom plan's `[year] periods`: thirteen four-week periods from
/// 2026-01-01, `2026-P01` … `2026-P13`.
fn thirteen_periods() -> String {
    let mut start = d("2026-01-01");
    let mut lines = Vec::new();
    for i in 1..=13 {
        let end = start.add_days(27).unwrap();
        lines.push(format!(
            "  {{ label = \"2026-P{i:02}\", start = {start}, end = {end} }},"
        ));
        start = end.add_days(1).unwrap();
    }
    format!("periods = [\n{}\n]", lines.join("\n"))
}

/// A custom list of dated periods: each period's target incentive is the
/// year's ÷ the periods listed (52,000 ÷ 13 = 4,000.00), in a plan year
/// from the first period's start to the last one's end.
#[test]
fn custom_periods_share_the_annual_target_incentive() {
    let text = plan_text("custom", dec!(52000), &thirteen_periods());
    let plan = Plan::from_toml(&text).unwrap();
    assert_eq!(plan.pay_period(), PayPeriod::Custom);
    let year = Calendar::new(1, PayPeriod::Custom)
        .unwrap()
        .with_periods(plan.year().periods.clone())
        .plan_year(2026)
        .unwrap();
    assert_eq!(year.periods().len(), 13);
    assert_eq!(
        (year.start(), year.end()),
        (d("2026-01-01"), d("2026-12-30"))
    );
    assert_eq!(
        year.period("2026-P02").unwrap().to_string(),
        "2026-P02 (2026-01-29 to 2026-02-25, 28 days)"
    );
    let mut book = PlanBook::new();
    book.insert(plan.clone()).unwrap();
    let mut inputs = YearInputs::new("pat", 2026).assign(Assignment::new("freq", d("2026-01-01")));
    for p in year.periods() {
        assert_eq!(
            plan.evaluate(&at_target(p.label())).unwrap().total,
            dec!(4000.00)
        );
        inputs = inputs.period(at_target(p.label()));
    }
    let mut state = YearState::new();
    for p in year.periods() {
        let (s, next) = book.evaluate_period(&inputs, p.label(), &state).unwrap();
        assert_eq!(s.total, dec!(4000.00), "{}", p.label());
        state = next;
    }
    let err = plan.evaluate(&at_target("2026-P14")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `pat`, plan `freq`, field `period`: `2026-P14` is not one of this plan's listed periods (13 periods, `2026-P01` to `2026-P13`)"
    );
    let err = Calendar::new(1, PayPeriod::Custom)
        .unwrap()
        .with_periods(plan.year().periods.clone())
        .plan_year(2027)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: field `year`: plan year 2027 is not listed; this plan lists the periods of plan year 2026 (2026-01-01 to 2026-12-30)"
    );
}

/// A plan year a custom plan does not list is refused, naming the plan
/// and the year it lists.
#[test]
fn a_custom_plan_runs_only_the_year_it_lists() {
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&plan_text("custom", dec!(52000), &thirteen_periods())).unwrap())
        .unwrap();
    let inputs = YearInputs::new("pat", 2027)
        .assign(Assignment::new("freq", d("2027-01-01")))
        .period(at_target("2026-P01"));
    let err = book
        .evaluate_period(&inputs, "2026-P01", &YearState::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `pat`, plan `freq`, field `year`: plan year 2027 is not listed; this plan lists the periods of plan year 2026 (2026-01-01 to 2026-12-30)"
    );
}

// Issue 13, acceptance: "a custom period list with gaps or overlaps" is an
// error naming plan and dates.
#[test]
fn custom_period_lists_with_gaps_or_overlaps_are_refused() {
    let refused = |periods: &str| {
        Plan::from_toml(&plan_text("custom", dec!(52000), periods))
            .unwrap_err()
            .to_string()
    };
    let gap = refused(
        r#"periods = [{ label = "P1", start = 2026-01-01, end = 2026-01-31 }, { label = "P2", start = 2026-02-02, end = 2026-02-28 }]"#,
    );
    assert_eq!(
        gap,
        "invalid plan: line 20 column 2, plan `freq`, field `year.periods[1]`: `P2` starts on 2026-02-02, so it leaves a gap after `P1` (which ends on 2026-01-31); each period must start the day after the one before ends"
    );
    let overlap = refused(
        r#"periods = [{ label = "P1", start = 2026-01-01, end = 2026-01-31 }, { label = "P2", start = 2026-01-31, end = 2026-02-28 }]"#,
    );
    assert_eq!(
        overlap,
        "invalid plan: line 20 column 2, plan `freq`, field `year.periods[1]`: `P2` starts on 2026-01-31, so it overlaps `P1` (which ends on 2026-01-31); each period must start the day after the one before ends"
    );
    let backwards =
        refused(r#"periods = [{ label = "P1", start = 2026-01-31, end = 2026-01-01 }]"#);
    assert_eq!(
        backwards,
        "invalid plan: line 20 column 2, plan `freq`, field `year.periods[0]`: `P1` ends on 2026-01-01, before it starts on 2026-01-31; a period runs from `start` to `end`, both included"
    );
    let twice = refused(
        r#"periods = [{ label = "P1", start = 2026-01-01, end = 2026-01-31 }, { label = "P1", start = 2026-02-01, end = 2026-02-28 }]"#,
    );
    assert_eq!(
        twice,
        "invalid plan: line 20 column 2, plan `freq`, field `year.periods[1]`: the label `P1` is given twice; each period needs its own label"
    );
    assert_eq!(
        refused(""),
        "invalid plan: line 20 column 2, plan `freq`, field `year.periods`: missing `periods`: a plan with `pay_period = \"custom\"` lists its periods, such as `periods = [{ label = \"2026-P01\", start = 2026-01-01, end = 2026-01-28 }, ...]`"
    );
    let listed_on_month = Plan::from_toml(&plan_text("month", dec!(52000), &thirteen_periods()))
        .unwrap_err()
        .to_string();
    assert_eq!(
        listed_on_month,
        "invalid plan: line 21 column 1, plan `freq`, field `year.periods`: a plan paid every month makes its own periods; `periods` applies only with `pay_period = \"custom\"`"
    );
}

#[test]
fn a_quarter_to_date_window_on_weekly_periods_is_refused_not_a_panic() {
    let plan = incentive::Plan::from_toml(
        r#"
id = "w"
name = "Weekly"
version = "1"
currency = "USD"
pay_period = "week"
target_incentive = { annual = 52000 }
[year]
anchor = 2026-01-05
[metrics.bookings]
[curves.c]
points = [[0, 0], [2, 2]]
[[components]]
id = "c"
name = "C"
weight = "100%"
metric = "bookings"
curve = "c"
measurement = "qtd"
"#,
    )
    .unwrap();
    let mut book = incentive::PlanBook::new();
    let e = book.insert(plan).unwrap_err();
    assert!(matches!(e, incentive::Error::Plan(_)));
    assert_eq!(e.details().field.as_deref(), Some("measurement"));
}
