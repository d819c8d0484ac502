//! Plan years issue (issue 13), item 7 "target roll-ups": a manager's
//! target as the sum of her reports' targets for the period through the
//! effective-dated hierarchy, a report who joins mid-period counted by
//! days. The worked example word for word, and the errors.

use incentive::credit::{ReportingLine, roll_up_targets};
use incentive::year::{Calendar, Period};
use incentive::{Date, Exact, PayPeriod, YearInputs};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn q1() -> Period {
    Calendar::new(1, PayPeriod::Quarter)
        .unwrap()
        .plan_year(2026)
        .unwrap()
        .period("2026-Q1")
        .unwrap()
        .clone()
}

fn quota(who: &str, amount: Decimal) -> YearInputs {
    YearInputs::new(who, 2026).target_from("ae", "bookings", d("2026-01-01"), amount)
}

fn reports() -> Vec<YearInputs> {
    vec![
        quota("ana", dec!(300000)),
        quota("ben", dec!(450000)),
        quota("cai", dec!(270000)),
    ]
}

/// Worked example, "target roll-up": reports' Q1 quotas 300,000 and
/// 450,000; a third report (quota 270,000) joins the team on 2026-02-15 →
/// manager's Q1 target 885,000 (45 of 90 days of the third).
#[test]
fn worked_example_target_roll_up() {
    let team = [
        ReportingLine::new("ana", "maya", d("2026-01-01")),
        ReportingLine::new("ben", "maya", d("2026-01-01")),
        ReportingLine::new("cai", "maya", d("2026-02-15")),
    ];
    let period = q1();
    assert_eq!(period.days(), 90);
    let target = roll_up_targets(&team, &reports(), "maya", "ae", "bookings", &period).unwrap();
    assert_eq!(target, Exact::from_decimal(dec!(885000)));
}

/// A report who leaves mid-period counts for her days on the team, and
/// reports of reports roll up through the manager in between.
#[test]
fn leavers_and_second_line_reports_count_by_days() {
    let team = [
        // On the team Jan 1 to Mar 1: 60 of 90 days.
        ReportingLine::new("ana", "maya", d("2026-01-01")).until(d("2026-03-01")),
        ReportingLine::new("lee", "maya", d("2026-01-01")),
        ReportingLine::new("ben", "lee", d("2026-01-01")),
    ];
    let target = roll_up_targets(&team, &reports(), "maya", "ae", "bookings", &q1()).unwrap();
    // 300,000 × 60/90 + 450,000 (through `lee`, who has no quota).
    assert_eq!(target, Exact::from_decimal(dec!(650000)));
    let lee = roll_up_targets(&team, &reports(), "lee", "ae", "bookings", &q1()).unwrap();
    assert_eq!(lee, Exact::from_decimal(dec!(450000)));
}

#[test]
fn a_roll_up_through_a_cycle_names_participant_and_date() {
    let team = [
        ReportingLine::new("ana", "maya", d("2026-01-01")),
        ReportingLine::new("lee", "ana", d("2026-01-01")),
        ReportingLine::new("maya", "lee", d("2026-03-01")),
    ];
    let err = roll_up_targets(&team, &reports(), "maya", "ae", "bookings", &q1()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `ana`, field `hierarchy`: the hierarchy has a cycle on 2026-03-01: ana → maya → lee → ana; a target cannot roll up through it"
    );
    assert_eq!(err.details().participant.as_deref(), Some("ana"));
}

#[test]
fn a_report_without_a_target_that_day_is_refused() {
    let team = [ReportingLine::new("dee", "maya", d("2026-01-01"))];
    let late =
        [
            YearInputs::new("dee", 2026).target_from(
                "ae",
                "bookings",
                d("2026-02-01"),
                dec!(100000),
            ),
        ];
    let err = roll_up_targets(&team, &late, "maya", "ae", "bookings", &q1()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `dee`, plan `ae`, component `bookings`, field `targets.bookings`: `dee` reports to `maya` on 2026-01-01 (in 2026-Q1) but has no target for component `bookings` of plan `ae` in effect that day; schedule: 100000 a period from 2026-02-01"
    );
}

/// A quarterly plan `ae` whose component `bookings` has no target of its
/// own: it comes from the participant's target schedule.
fn ae_book() -> incentive::PlanBook {
    let plan = incentive::Plan::from_toml(
        r#"
        id = "ae"
        name = "Account executives"
        version = "1"
        currency = "USD"
        pay_period = "quarter"
        target_incentive = { amount = 10000 }

        [metrics.bookings]

        [curves.linear]
        points = [[0, 0], [2, 2]]

        [[components]]
        id = "bookings"
        name = "Bookings"
        weight = 1
        metric = "bookings"
        curve = "linear"
        "#,
    )
    .unwrap();
    let mut book = incentive::PlanBook::new();
    book.insert(plan).unwrap();
    book
}

/// The roll-up reaches the engine as the manager's target schedule: her
/// plan year measures Q1 against 885,000 (the worked example), and every
/// quarter's target is the roll-up of that quarter, as the team changes.
#[test]
fn a_rolled_up_schedule_is_the_managers_target_in_her_plan_year() {
    use incentive::credit::roll_up_schedule;
    use incentive::statement::MeasureTrace;
    use incentive::{Assignment, Inputs, YearState};
    let team = [
        ReportingLine::new("ana", "maya", d("2026-01-01")),
        ReportingLine::new("ben", "maya", d("2026-01-01")).until(d("2026-08-10")),
        ReportingLine::new("cai", "maya", d("2026-02-15")),
    ];
    let schedule = roll_up_schedule(
        &team,
        &reports(),
        "maya",
        "ae",
        "bookings",
        d("2026-01-01"),
        d("2026-12-31"),
    )
    .unwrap();
    let shown: Vec<String> = schedule.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "750000 a period from 2026-01-01 to 2026-02-14",
            "1020000 a period from 2026-02-15 to 2026-08-10",
            "570000 a period from 2026-08-11 to 2026-12-31",
        ]
    );
    let mut maya = YearInputs::new("maya", 2026)
        .assign(Assignment::new("ae", d("2026-01-01")))
        .target_entries("ae", "bookings", schedule);
    let year = Calendar::new(1, PayPeriod::Quarter)
        .unwrap()
        .plan_year(2026)
        .unwrap();
    for p in year.periods() {
        maya = maya.period(
            Inputs::new("maya", "ae")
                .with_period(p.label())
                .actual("bookings", dec!(885000)),
        );
    }
    let book = ae_book();
    for p in year.periods() {
        let (s, _) = book
            .evaluate_period(&maya, p.label(), &YearState::new())
            .unwrap();
        let MeasureTrace::Quantitative { target, .. } =
            &s.segments[0].statement.line("bookings").unwrap().measure
        else {
            panic!("not quantitative");
        };
        let rolled = roll_up_targets(&team, &reports(), "maya", "ae", "bookings", p).unwrap();
        assert_eq!(*target, rolled, "{}", p.label());
        if p.label() == "2026-Q1" {
            assert_eq!(*target, Exact::from_decimal(dec!(885000)));
            assert_eq!(s.total, dec!(10000.00));
        }
    }
}

/// A day with nobody below the manager has no target to roll up: refused,
/// naming the manager and the day.
#[test]
fn a_roll_up_schedule_over_an_empty_team_is_refused() {
    use incentive::credit::roll_up_schedule;
    let team = [ReportingLine::new("ana", "maya", d("2026-01-05"))];
    let err = roll_up_schedule(
        &team,
        &reports(),
        "maya",
        "ae",
        "bookings",
        d("2026-01-01"),
        d("2026-03-31"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input: participant `maya`, plan `ae`, component `bookings`, field `targets.bookings`: no report below `maya` has a target for component `bookings` of plan `ae` on 2026-01-01, so the roll-up has no target that day; start the manager's schedule when her team does, or give her own target"
    );
}
