//! Plan years issue (issue 13), item 6 "measurement windows": a monthly
//! plan measuring a component quarter to date (true-up inside the quarter,
//! reset at its start), half to date or year to date; and item 4 "ramps":
//! targets scaled from the hire date. Their worked examples word for word,
//! the law that payments plus balances equal earnings under every window,
//! and the errors.

use incentive::YearState;
use incentive::statement::MeasureTrace;
use incentive::year::Measurement;
use incentive::{Assignment, Date, Error, Inputs, PeriodStatement, Plan, PlanBook, YearInputs};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A monthly plan: target 100,000 a month, target incentive 1,000 a month,
/// curve 0% → 0%, 100% → 100%, 200% → 200%, measured `measurement`.
fn monthly(measurement: &str, pay_period: &str) -> String {
    format!(
        r#"
        id = "sales"
        name = "Monthly sales"
        version = "1"
        currency = "USD"
        pay_period = "{pay_period}"
        target_incentive = {{ amount = 1000 }}

        [metrics.bookings]

        [curves.linear]
        points = [[0, 0], [1, 1], [2, 2]]

        [[components]]
        id = "bookings"
        name = "Bookings"
        weight = 1
        metric = "bookings"
        target = 100000
        curve = "linear"
        measurement = "{measurement}"
        "#
    )
}

fn book(measurement: &str) -> PlanBook {
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&monthly(measurement, "month")).unwrap())
        .unwrap();
    book
}

fn year(actuals: &[Decimal]) -> YearInputs {
    let mut y = YearInputs::new("quinn", 2026)
        .with_name("Quinn")
        .assign(Assignment::new("sales", d("2026-01-01")));
    for (m, a) in actuals.iter().enumerate() {
        y = y.period(
            Inputs::new("quinn", "sales")
                .with_period(format!("2026-M{:02}", m + 1))
                .actual("bookings", *a),
        );
    }
    y
}

/// The first `n` months of the year, each from the state the one before
/// left.
fn months(book: &PlanBook, year: &YearInputs, n: usize) -> (Vec<PeriodStatement>, YearState) {
    let mut state = YearState::new();
    let mut out = Vec::new();
    for m in 1..=n {
        let (s, next) = book
            .evaluate_period(year, &format!("2026-M{m:02}"), &state)
            .unwrap();
        out.push(s);
        state = next;
    }
    (out, state)
}

fn amount(s: &PeriodStatement) -> Decimal {
    s.lines[0].amount
}

// Issue 13, worked example "quarter to date in a monthly plan": monthly
// target 100,000; component TI 1,000 a month; curve 0% → 0%, 100% → 100%,
// 200% → 200% → Jan actual 80,000 → 800.00; Feb 150,000 (QTD 115%) →
// 1,500.00; Mar 40,000 (QTD 90%) → 400.00; Apr 120,000 (new quarter) →
// 1,200.00.
#[test]
fn quarter_to_date_in_a_monthly_plan() {
    let (s, state) = months(
        &book("qtd"),
        &year(&[dec!(80000), dec!(150000), dec!(40000), dec!(120000)]),
        4,
    );
    let paid: Vec<Decimal> = s.iter().map(amount).collect();
    assert_eq!(
        paid,
        [dec!(800.00), dec!(1500.00), dec!(400.00), dec!(1200.00)]
    );
    assert_eq!(paid[0].to_string(), "800.00");
    assert!(
        s.iter()
            .all(|p| p.lines[0].measurement == Measurement::QuarterToDate)
    );
    // February measures the quarter so far: 230,000 against 200,000.
    let feb = &s[1].ytd[0];
    assert_eq!(feb.measurement, Measurement::QuarterToDate);
    assert_eq!(feb.through, d("2026-02-28"));
    assert_eq!(
        feb.statement.period.as_deref(),
        Some("2026-01-01 to 2026-02-28 (quarter to date)")
    );
    assert_eq!(s[1].lines[0].earned, dec!(2300.00));
    assert_eq!(s[1].lines[0].paid_before, dec!(800.00));
    // March: 270,000 against 300,000 is 90%, 2,700.00 less 2,300.00.
    assert_eq!(s[2].lines[0].earned, dec!(2700.00));
    // April starts a new quarter: nothing paid before in it.
    let apr = &s[3];
    assert_eq!(apr.lines[0].paid_before, Decimal::ZERO);
    assert_eq!(
        apr.ytd[0].statement.period.as_deref(),
        Some("2026-04-01 to 2026-04-30 (quarter to date)")
    );
    assert!(
        apr.to_string()
            .contains("quarter to date through 2026-04-30, plan `sales`:"),
        "{apr}"
    );
    assert_eq!(state.paid_in_year(), dec!(3900.00));
}

// The same months measured year to date do not reset in April: April's
// year so far is 390,000 against 400,000, 97.5%, earning 3,900.00 less
// 2,700.00 paid.
#[test]
fn year_to_date_in_a_monthly_plan_does_not_reset() {
    let (s, _) = months(
        &book("ytd"),
        &year(&[dec!(80000), dec!(150000), dec!(40000), dec!(120000)]),
        4,
    );
    let paid: Vec<Decimal> = s.iter().map(amount).collect();
    assert_eq!(
        paid,
        [dec!(800.00), dec!(1500.00), dec!(400.00), dec!(1200.00)]
    );
    assert_eq!(s[3].lines[0].paid_before, dec!(2700.00));
    assert_eq!(s[3].lines[0].earned, dec!(3900.00));
}

// Half to date resets in July: July measures July alone.
#[test]
fn half_to_date_resets_in_the_seventh_month() {
    let actuals = [dec!(100000); 6]
        .into_iter()
        .chain([dec!(50000)])
        .collect::<Vec<_>>();
    let (s, _) = months(&book("htd"), &year(&actuals), 7);
    assert_eq!(s[5].lines[0].earned, dec!(6000.00));
    assert_eq!(s[6].lines[0].paid_before, Decimal::ZERO);
    assert_eq!(amount(&s[6]), dec!(500.00));
    assert_eq!(s[6].ytd[0].measurement, Measurement::HalfToDate);
}

// A quarter is measured from the plan year's fiscal start: a year from
// July has its second quarter from October.
#[test]
fn quarters_follow_the_fiscal_start() {
    let text = monthly("qtd", "month").replace(
        "[metrics.bookings]",
        "[year]\nfiscal_start_month = 7\n\n[metrics.bookings]",
    );
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&text).unwrap()).unwrap();
    let mut y = YearInputs::new("quinn", 2026).assign(Assignment::new("sales", d("2026-07-01")));
    for m in 1..=4 {
        y = y.period(
            Inputs::new("quinn", "sales")
                .with_period(format!("2026-M{m:02}"))
                .actual("bookings", dec!(100000)),
        );
    }
    let (s, _) = months(&book, &y, 4);
    assert_eq!(s[3].lines[0].paid_before, Decimal::ZERO);
    assert!(
        s[3].ytd[0]
            .statement
            .period
            .as_deref()
            .unwrap()
            .starts_with("2026-10-01 to")
    );
}

// A window holds whole pay periods: a half-year plan cannot measure a
// component quarter to date.
#[test]
fn a_window_shorter_than_the_pay_period_is_refused() {
    let mut book = PlanBook::new();
    let err = book
        .insert(Plan::from_toml(&monthly("qtd", "half")).unwrap())
        .unwrap_err();
    assert!(matches!(err, Error::Plan(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid plan: plan `sales`, component `bookings`, field `measurement`: component `bookings` is measured quarter to date but plan `sales` pays per half; a measurement window holds whole pay periods, so measure it per period or over a longer window"
    );
}

// A component that pays at target has nothing to measure over a window.
#[test]
fn an_at_target_component_is_not_measured_quarter_to_date() {
    let text = r#"
        id = "flat"
        name = "Flat"
        version = "1"
        currency = "USD"
        pay_period = "month"
        target_incentive = { amount = 1000 }

        [[components]]
        id = "flat"
        name = "Flat"
        weight = 1
        pays = "target"
        measurement = "qtd"
    "#;
    let err = Plan::from_toml(text).unwrap_err();
    assert!(
        err.to_string()
            .contains("a component that pays at target has nothing to measure quarter to date"),
        "{err}"
    );
}

/// Which months end a window: every month per period, every third quarter
/// to date, every sixth half to date, December year to date.
fn window_ends(m: &str) -> usize {
    match m {
        "period" => 1,
        "qtd" => 3,
        "htd" => 6,
        _ => 12,
    }
}

proptest! {
    // Issue 13: "a year's payments plus balances equal its earnings under
    // every measurement window": what the year paid net of what is still
    // owed is what each window earned at its last month.
    #[test]
    fn payments_plus_balances_equal_earnings_under_every_window(
        actuals in prop::collection::vec((0i64..=25_000).prop_map(|v| Decimal::new(v * 10 + 7, 0)), 12),
        m in prop::sample::select(vec!["period", "qtd", "htd", "ytd"]),
    ) {
        let (s, state) = book(m).evaluate_year(&year(&actuals), &YearState::new()).unwrap();
        prop_assert_eq!(s.len(), 12);
        let w = window_ends(m);
        let earned: Decimal = s
            .iter()
            .enumerate()
            .filter(|(k, _)| (k + 1) % w == 0)
            .map(|(_, p)| p.lines[0].earned)
            .sum();
        prop_assert_eq!(state.paid_in_year() - state.total_owed(), earned);
        let paid: Decimal = s.iter().map(|p| p.total).sum();
        prop_assert_eq!(paid, state.paid_in_year());
    }
}

/// The bookings target and attainment a period's segment measured.
fn measured(s: &PeriodStatement) -> (Decimal, Decimal) {
    match &s.segments[0].statement.line("bookings").unwrap().measure {
        MeasureTrace::Quantitative {
            target, attainment, ..
        } => (
            target.to_decimal().unwrap(),
            attainment.to_decimal().unwrap(),
        ),
        other => panic!("{other:?}"),
    }
}

// Issue 13, worked example "ramp": hired 2026-03-01; monthly quota
// 100,000; ramp 25/50/75% → targets Mar 25,000, Apr 50,000, May 75,000,
// Jun 100,000; March actual 30,000 → attainment 120%.
#[test]
fn ramp_scales_targets_from_the_hire_date() {
    let text = monthly("period", "month").replace(
        "[metrics.bookings]",
        "[year]\nramp = [\"25%\", \"50%\", \"75%\"]\n\n[metrics.bookings]",
    );
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&text).unwrap()).unwrap();
    let mut y = YearInputs::new("rae", 2026).assign(Assignment::new("sales", d("2026-03-01")));
    for m in 3..=6 {
        y = y.period(
            Inputs::new("rae", "sales")
                .with_period(format!("2026-M{m:02}"))
                .actual("bookings", dec!(30000)),
        );
    }
    let mut state = YearState::new();
    let mut targets = Vec::new();
    for m in 3..=6 {
        let (s, next) = book
            .evaluate_period(&y, &format!("2026-M{m:02}"), &state)
            .unwrap();
        let (target, attainment) = measured(&s);
        if m == 3 {
            assert_eq!(attainment, dec!(1.2));
            let ramp = s.segments[0].ramp.unwrap();
            assert_eq!(ramp.hired, d("2026-03-01"));
            assert_eq!(ramp.share.to_decimal(), Some(dec!(0.25)));
            assert!(
                s.to_string()
                    .contains("ramp: targets at 25% of full, from hire on 2026-03-01"),
                "{s}"
            );
        }
        if m == 6 {
            assert_eq!(s.segments[0].ramp, None);
        }
        targets.push(target);
        state = next;
    }
    assert_eq!(
        targets,
        [dec!(25000), dec!(50000), dec!(75000), dec!(100000)]
    );
}

// A mid-month hire: month 1 runs 2026-03-16 to 2026-04-15, so April is
// 15 days at 25% and 15 at 50%.
#[test]
fn a_ramp_month_counts_from_the_hire_day() {
    let text = monthly("period", "month").replace(
        "[metrics.bookings]",
        "[year]\nprorate_targets = true\nramp = [\"25%\", \"50%\"]\n\n[metrics.bookings]",
    );
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&text).unwrap()).unwrap();
    let y = YearInputs::new("rae", 2026)
        .assign(Assignment::new("sales", d("2026-03-16")))
        .period(
            Inputs::new("rae", "sales")
                .with_period("2026-M04")
                .actual("bookings", dec!(37500)),
        );
    let (s, _) = book
        .evaluate_period(&y, "2026-M04", &YearState::new())
        .unwrap();
    assert_eq!(measured(&s), (dec!(37500), dec!(1)));
    assert_eq!(
        s.segments[0].ramp.unwrap().share.to_decimal(),
        Some(dec!(0.375))
    );
}

// A ramp longer than the plan year, or a month outside 0%–100%, is refused
// with the field named.
#[test]
fn ramp_errors_name_the_field() {
    let with = |ramp: &str| {
        let text = monthly("period", "month").replace(
            "[metrics.bookings]",
            &format!("[year]\nramp = {ramp}\n\n[metrics.bookings]"),
        );
        Plan::from_toml(&text).unwrap_err().to_string()
    };
    let thirteen = format!("[{}]", vec!["\"50%\""; 13].join(", "));
    assert_eq!(
        with(&thirteen),
        "invalid plan: line 10 column 1, plan `sales`, field `year.ramp`: has 13 months; a ramp is longer than the plan year's 12 months, so give at most 12 shares"
    );
    assert_eq!(
        with("[\"0%\", \"50%\"]"),
        "invalid plan: line 10 column 1, plan `sales`, field `year.ramp`: has a month at 0%; each month of a ramp is a share of the target above 0% and at most 100%"
    );
    assert!(with("[\"150%\"]").ends_with("has a month at 150%; each month of a ramp is a share of the target above 0% and at most 100%"));
}

// A ramp scales quotas, not a ratio's target: a close rate of 25% stays
// 25% in the first month while bookings' quota is at 25%.
#[test]
fn a_ramp_leaves_ratio_targets_alone() {
    let text = r#"
        id = "sales"
        name = "Monthly sales"
        version = "1"
        currency = "USD"
        pay_period = "month"
        target_incentive = { amount = 1000 }

        [year]
        ramp = ["25%"]

        [metrics.bookings]
        [metrics.won]
        [metrics.opportunities]
        [metrics.close_rate]
        ratio = { numerator = "won", denominator = "opportunities" }

        [curves.linear]
        points = [[0, 0], [1, 1], [2, 2]]

        [[components]]
        id = "bookings"
        name = "Bookings"
        weight = "50%"
        metric = "bookings"
        target = 100000
        curve = "linear"

        [[components]]
        id = "close_rate"
        name = "Close rate"
        weight = "50%"
        metric = "close_rate"
        target = "0.25"
        curve = "linear"
    "#;
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(text).unwrap()).unwrap();
    let y = YearInputs::new("rae", 2026)
        .assign(Assignment::new("sales", d("2026-03-01")))
        .period(
            Inputs::new("rae", "sales")
                .with_period("2026-M03")
                .actual("bookings", dec!(25000))
                .actual("won", dec!(25))
                .actual("opportunities", dec!(100)),
        );
    let (s, _) = book
        .evaluate_period(&y, "2026-M03", &YearState::new())
        .unwrap();
    let target = |id: &str| match &s.segments[0].statement.line(id).unwrap().measure {
        MeasureTrace::Quantitative { target, .. } => target.to_decimal().unwrap(),
        other => panic!("{other:?}"),
    };
    assert_eq!(target("bookings"), dec!(25000));
    assert_eq!(target("close_rate"), dec!(0.25));
}

/// The monthly plan with `ramp = ["25%", "50%", "75%"]`, in a book.
fn ramped_book() -> PlanBook {
    let text = monthly("period", "month").replace(
        "[metrics.bookings]",
        "[year]\nramp = [\"25%\", \"50%\", \"75%\"]\n\n[metrics.bookings]",
    );
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&text).unwrap()).unwrap();
    book
}

/// The target `y` measures `label` against.
fn target_of(book: &PlanBook, y: &YearInputs, label: &str) -> Decimal {
    let (s, _) = book.evaluate_period(y, label, &YearState::new()).unwrap();
    measured(&s).0
}

// A participant assigned from the plan year's first day with no hire date
// is a veteran and is not ramped; given the hire date, she is.
#[test]
fn a_ramp_needs_a_hire_inside_the_year_or_a_hire_date() {
    let book = ramped_book();
    let jan = |y: YearInputs| {
        y.period(
            Inputs::new("vee", "sales")
                .with_period("2026-M01")
                .actual("bookings", dec!(50000)),
        )
    };
    let veteran =
        jan(YearInputs::new("vee", 2026).assign(Assignment::new("sales", d("2026-01-01"))));
    assert_eq!(target_of(&book, &veteran, "2026-M01"), dec!(100000));
    let (s, _) = book
        .evaluate_period(&veteran, "2026-M01", &YearState::new())
        .unwrap();
    assert_eq!(s.segments[0].ramp, None);
    let new_hire = jan(YearInputs::new("vee", 2026)
        .hired(d("2026-01-01"))
        .assign(Assignment::new("sales", d("2026-01-01"))));
    assert_eq!(target_of(&book, &new_hire, "2026-M01"), dec!(25000));
}

// A hire on 2026-11-15 with a three-month ramp: in the 2027 plan year,
// given the hire date, month 2 runs to 2027-01-14 and month 3 to
// 2027-02-14; from 2027-02-15 the quota is full. February is 14 days at
// 75% and 14 at 100%: 87,500.
#[test]
fn a_ramp_runs_on_into_the_next_plan_year() {
    let book = ramped_book();
    let y = YearInputs::new("nia", 2027)
        .hired(d("2026-11-15"))
        .assign(Assignment::new("sales", d("2027-01-01")))
        .period(
            Inputs::new("nia", "sales")
                .with_period("2027-M02")
                .actual("bookings", dec!(87500)),
        )
        .period(
            Inputs::new("nia", "sales")
                .with_period("2027-M03")
                .actual("bookings", dec!(100000)),
        );
    let (feb, _) = book
        .evaluate_period(&y, "2027-M02", &YearState::new())
        .unwrap();
    assert_eq!(measured(&feb), (dec!(87500), dec!(1)));
    assert_eq!(feb.segments[0].ramp.unwrap().hired, d("2026-11-15"));
    assert_eq!(target_of(&book, &y, "2027-M03"), dec!(100000));
}

// An assignment before the hire date is refused, naming participant, plan
// and both dates.
#[test]
fn an_assignment_before_the_hire_is_refused() {
    let y = YearInputs::new("ola", 2026)
        .hired(d("2026-03-15"))
        .assign(Assignment::new("sales", d("2026-03-01")));
    let err = ramped_book()
        .evaluate_period(&y, "2026-M03", &YearState::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `ola`, plan `sales`, field `hired`: hired on 2026-03-15, but the assignment to plan `sales` starts on 2026-03-01, before the hire; start it on the hire date or later, or correct the hire date"
    );
}
