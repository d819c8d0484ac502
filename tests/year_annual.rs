//! Plan years issue (issue 13), item 2 "year to date against the full
//! year": a component measured `"ytd-annual"` measures the year's actual so
//! far against the annual target and pays the annual target incentive ×
//! payout minus what was paid to date, which may open with an amount paid
//! by the system being replaced. Its worked example word for word, and the
//! errors.

use incentive::year::Measurement;
use incentive::{Assignment, Date, Error, Inputs, Plan, PlanBook, YearInputs, YearState};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Annual quota 4,000,000 (1,000,000 a quarter); annual target incentive
/// 40,000; curve 0% → 0%, 100% → 100%, 150% → 200%; paid quarterly.
fn plan(measurement: &str) -> String {
    format!(
        r#"
        id = "sales"
        name = "Annual sales"
        version = "1"
        currency = "USD"
        pay_period = "quarter"
        target_incentive = {{ annual = 40000 }}

        [metrics.bookings]

        [curves.accelerated]
        points = [[0, 0], [1, 1], [1.5, 2]]

        [[components]]
        id = "bookings"
        name = "Bookings"
        weight = 1
        metric = "bookings"
        target = 1000000
        curve = "accelerated"
        measurement = "{measurement}"
        "#
    )
}

fn book(measurement: &str) -> PlanBook {
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&plan(measurement)).unwrap())
        .unwrap();
    book
}

/// Quarterly actuals: Q1 1,000,000 (paid by the old system), Q2
/// 1,200,000 (YTD 2,200,000), Q3 2,200,000 (YTD 4,400,000).
fn year() -> YearInputs {
    let mut y = YearInputs::new("quinn", 2026)
        .with_name("Quinn")
        .assign(Assignment::new("sales", d("2026-01-01")));
    for (q, a) in [dec!(1000000), dec!(1200000), dec!(2200000)]
        .iter()
        .enumerate()
    {
        y = y.period(
            Inputs::new("quinn", "sales")
                .with_period(format!("2026-Q{}", q + 1))
                .actual("bookings", *a),
        );
    }
    y
}

/// Issue 13's worked example "YTD against the full year": opening paid to
/// date 9,000.00; Q2 YTD actual 2,200,000 → 55% → 22,000.00 earned → pays
/// 13,000.00; Q3 YTD 4,400,000 → 110% → 120% → 48,000.00 → pays 26,000.00.
#[test]
fn ytd_against_the_full_year_pays_annual_earnings_minus_paid_to_date() {
    let book = book("ytd-annual");
    let year = year();
    let opening = YearState::new()
        .with_opening_paid("sales", "bookings", dec!(9000.00))
        .unwrap();

    let (q2, state) = book.evaluate_period(&year, "2026-Q2", &opening).unwrap();
    let line = &q2.lines[0];
    assert_eq!(line.measurement, Measurement::YearToDateAnnual);
    assert_eq!(line.earned, dec!(22000.00));
    assert_eq!(line.paid_before, dec!(9000.00));
    assert_eq!(line.amount, dec!(13000.00));
    let ytd = &q2.ytd[0];
    assert_eq!(ytd.measurement, Measurement::YearToDateAnnual);
    let measured = ytd.statement.line("bookings").unwrap().measure.to_string();
    assert!(
        measured.contains("actual 2200000 against target 4000000"),
        "{measured}"
    );
    assert_eq!(state.paid_to_date("sales", "bookings"), dec!(22000.00));

    let (q3, state) = book.evaluate_period(&year, "2026-Q3", &state).unwrap();
    let line = &q3.lines[0];
    assert_eq!(line.earned, dec!(48000.00));
    assert_eq!(line.paid_before, dec!(22000.00));
    assert_eq!(line.amount, dec!(26000.00));
    assert_eq!(state.paid_to_date("sales", "bookings"), dec!(48000.00));
}

/// The same year measured against the periods so far (`"ytd"`): Q2's
/// 2,200,000 against 2,000,000 is 110%, 120% of two quarters' 20,000.
/// One machinery, two targets.
#[test]
fn ytd_against_the_periods_so_far_is_unchanged_and_counts_the_opening() {
    let book = book("ytd");
    let opening = YearState::new()
        .with_opening_paid("sales", "bookings", dec!(9000.00))
        .unwrap();
    let (q2, _) = book.evaluate_period(&year(), "2026-Q2", &opening).unwrap();
    assert_eq!(q2.lines[0].earned, dec!(24000.00));
    assert_eq!(q2.lines[0].amount, dec!(15000.00));
}

/// Later periods need no data: against the full year they count only
/// their targets and target incentive.
#[test]
fn later_periods_need_no_data() {
    let book = book("ytd-annual");
    let y = YearInputs::new("quinn", 2026)
        .assign(Assignment::new("sales", d("2026-01-01")))
        .period(
            Inputs::new("quinn", "sales")
                .with_period("2026-Q1")
                .actual("bookings", dec!(1000000)),
        );
    let (q1, state) = book
        .evaluate_period(&y, "2026-Q1", &YearState::new())
        .unwrap();
    // 25% of 40,000.
    assert_eq!(q1.lines[0].amount, dec!(10000.00));
    assert_eq!(state.opening_paid("sales", "bookings"), Decimal::ZERO);
}

#[test]
fn a_negative_opening_amount_is_refused() {
    let err = YearState::new()
        .with_opening_paid("sales", "bookings", dec!(-1))
        .unwrap_err();
    assert!(matches!(err, Error::Input { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid input: plan `sales`, component `bookings`, field `opening.sales.bookings`: is -1; an opening amount paid to date must be 0 or more"
    );
}

/// The opening state survives a round trip through JSON.
#[test]
fn an_opening_state_serializes() {
    let state = YearState::new()
        .with_opening_paid("sales", "bookings", dec!(9000.00))
        .unwrap();
    let json = serde_json::to_string(&state).unwrap();
    assert_eq!(
        json,
        r#"{"periods":{},"balances":{},"opening":{"sales":{"bookings":"9000.00"}}}"#
    );
    let back: YearState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, state);
}
