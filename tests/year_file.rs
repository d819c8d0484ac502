//! Files for the plan year (issue 14, item 3): the plan-year file in TOML
//! and JSON gives the worked examples' exact amounts, its errors are
//! pinned, and a year state written as JSON after Q2 and read back gives
//! the same Q3 to the byte.

use std::fmt::Write as _;

use incentive::year::{load_year_file, read_year_file_toml};
use incentive::{Error, PeriodStatement, Plan, PlanBook, YearInputs, YearState};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::root;

/// The shipped plans and the plan-year plans.
fn book() -> PlanBook {
    let mut book = PlanBook::load_dir(root("plans")).unwrap();
    for p in PlanBook::load_dir(root("plans/years")).unwrap().ids() {
        let path = root(&format!("plans/years/{p}.toml"));
        book.insert(Plan::load(path).unwrap()).unwrap();
    }
    book
}

fn examples() -> Vec<YearInputs> {
    load_year_file(root("plans/samples/year-examples.toml")).unwrap()
}

fn year<'a>(years: &'a [YearInputs], id: &str) -> &'a YearInputs {
    years.iter().find(|y| y.participant() == id).unwrap()
}

fn amount(s: &PeriodStatement, component: &str) -> Decimal {
    s.lines
        .iter()
        .find(|l| l.component == component)
        .unwrap()
        .amount
}

#[test]
fn the_file_holds_five_participants_in_order() {
    let ids: Vec<String> = examples()
        .iter()
        .map(|y| y.participant().to_owned())
        .collect();
    assert_eq!(ids, ["dana", "hana", "remy", "drew", "nico"]);
    let years = examples();
    let remy = year(&years, "remy");
    assert_eq!(remy.participant_name(), Some("Remy"));
    assert_eq!(remy.assignments().len(), 2);
    assert_eq!(
        remy.assignments()[0].until_date(),
        Some("2026-02-14".parse().unwrap())
    );
    assert_eq!(remy.periods().len(), 2);
    assert_eq!(remy.periods()[1].participant(), "remy");
    assert_eq!(remy.periods()[1].ratings()["partner_satisfaction"], dec!(4));
}

// The YTD year: pipeline Q1 2,625.00, Q2 6,375.00, Q3 562.50, Q4 0.00 with
// 187.50 carried; and the same text as the plan-year example's golden file.
#[test]
fn dana_ytd_year_from_the_file() {
    let years = examples();
    let book = book();
    let mut state = YearState::new();
    let mut statements = Vec::new();
    for q in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] {
        let (s, next) = book
            .evaluate_period(year(&years, "dana"), q, &state)
            .unwrap();
        statements.push(s);
        state = next;
    }
    let pipeline: Vec<Decimal> = statements.iter().map(|p| amount(p, "pipeline")).collect();
    assert_eq!(
        pipeline,
        [dec!(2625.00), dec!(6375.00), dec!(562.50), dec!(0.00)]
    );
    for s in &statements {
        assert_eq!(amount(s, "campaign_effectiveness"), dec!(1250.00));
    }
    assert_eq!(state.owed("true-up"), dec!(187.50));
    assert_eq!(state.paid_in_year(), dec!(14562.50));
    let mut text = String::new();
    for s in &statements {
        let _ = writeln!(text, "{s}");
    }
    let _ = writeln!(
        text,
        "paid in the year {} USD; owed at year end {} USD",
        state.paid_in_year(),
        state.total_owed()
    );
    let golden = std::fs::read_to_string(root("tests/golden/plan_year.txt")).unwrap();
    assert_eq!(text, golden);
}

#[test]
fn hire_mid_quarter_from_the_file() {
    let years = examples();
    let (q1, _) = book()
        .evaluate_period(year(&years, "hana"), "2026-Q1", &YearState::new())
        .unwrap();
    let seg = &q1.segments[0];
    assert_eq!((seg.days, seg.period_days), (45, 90));
    assert_eq!(seg.target_incentive.to_decimal(), Some(dec!(2500)));
    assert_eq!(amount(&q1, "pipeline"), dec!(2437.50));
    assert_eq!(amount(&q1, "campaign_effectiveness"), dec!(781.25));
    assert_eq!(q1.total, dec!(3218.75));
}

#[test]
fn role_change_from_the_file() {
    let years = examples();
    let (q1, _) = book()
        .evaluate_period(year(&years, "remy"), "2026-Q1", &YearState::new())
        .unwrap();
    assert_eq!(q1.segments.len(), 2);
    assert_eq!(
        q1.segments[0].target_incentive.to_decimal(),
        Some(dec!(2500))
    );
    assert_eq!(
        q1.segments[1].target_incentive.to_decimal(),
        Some(dec!(2250))
    );
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
}

#[test]
fn recoverable_draw_from_the_file() {
    let years = examples();
    let (s, state) = book()
        .evaluate_year(year(&years, "drew"), &YearState::new())
        .unwrap();
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
}

#[test]
fn non_recoverable_draw_from_the_file() {
    let years = examples();
    let (s, state) = book()
        .evaluate_year(year(&years, "nico"), &YearState::new())
        .unwrap();
    let paid: Vec<Decimal> = s.iter().map(|p| p.total).collect();
    assert_eq!(paid, [dec!(3000.00), dec!(6000.00), dec!(3000.00)]);
    let forgiven: Vec<Decimal> = s.iter().map(|p| p.draw.unwrap().forgiven).collect();
    assert_eq!(forgiven, [dec!(2000.00), dec!(0), dec!(500.00)]);
    assert_eq!(state.total_owed(), dec!(0));
}

#[test]
fn leaves_and_hire_dates_and_terms_are_read() {
    let years = read_year_file_toml(
        r#"
        [[participants]]
        id = "lee"
        year = 2026
        hired = 2025-11-01
        leaves = [{ from = 2026-03-01, until = "2026-03-10" }]
        [[participants.assignments]]
        plan = "demand-generation"
        from = 2026-01-01
        target_incentive = 5500.50
        base_salary = "120000"
        quota = 1_000_000
        mix = "60/40"
        [[participants.targets]]
        plan = "demand-generation"
        component = "pipeline"
        from = 2026-01-01
        until = 2026-06-30
        amount = 2000000.25
        "#,
        "lee.toml",
    )
    .unwrap();
    let lee = &years[0];
    assert_eq!(lee.hire_date(), Some("2025-11-01".parse().unwrap()));
    assert_eq!(
        lee.leaves(),
        [("2026-03-01".parse().unwrap(), "2026-03-10".parse().unwrap())]
    );
    let a = &lee.assignments()[0];
    assert_eq!(a.target_incentive().unwrap().to_string(), "5500.50");
    assert_eq!(a.base_salary(), Some(dec!(120000)));
    let t = lee.target_schedule("demand-generation", "pipeline");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].amount, dec!(2000000.25));
    assert_eq!(t[0].until, Some("2026-06-30".parse().unwrap()));
}

fn toml_error(text: &str) -> Error {
    read_year_file_toml(text, "years.toml").unwrap_err()
}

#[test]
fn an_unknown_field_is_refused_naming_file_line_participant_and_field() {
    let err = toml_error(
        "[[participants]]\nid = 'dana'\nyear = 2026\n\n[[participants.assignments]]\nplan = 'demand-generation'\nfrom = 2026-01-01\ntarget_incentve = 5000\n",
    );
    assert!(matches!(err, Error::Input(_)));
    assert_eq!(
        err.to_string(),
        "invalid input: file `years.toml` line 8 column 1, participant `dana`, field `participants[0].assignments[0].target_incentve`: unknown field `target_incentve`, expected one of `plan`, `from`, `until`, `target_incentive`, `base_salary`, `ote`, `mix`, `target_percent`, `quota`"
    );
}

#[test]
fn a_bad_date_is_refused() {
    let err = toml_error(
        "[[participants]]\nid = 'hana'\nyear = 2026\nleaves = [{ from = '2026-02-30', until = 2026-03-02 }]\n",
    );
    assert_eq!(
        err.to_string(),
        "invalid input: file `years.toml` line 4 column 20, participant `hana`, field `participants[0].leaves[0].from`: day 30 is not in 2026-02, which has days 1 to 28"
    );
}

#[test]
fn an_assignment_without_a_plan_is_refused() {
    let err = toml_error(
        "[[participants]]\nid = 'remy'\nyear = 2026\n[[participants.assignments]]\nfrom = 2026-01-01\n",
    );
    assert_eq!(
        err.to_string(),
        "invalid input: file `years.toml` line 4 column 1, participant `remy`, field `participants[0].assignments[0].plan`: missing field `plan`"
    );
}

// A participant without an id is not named after the one before.
#[test]
fn a_participant_without_an_id_is_refused() {
    let err =
        toml_error("[[participants]]\nid = 'ann'\nyear = 2026\n\n[[participants]]\nyear = 2026\n");
    assert_eq!(
        err.to_string(),
        "invalid input: file `years.toml` line 5 column 1, field `participants[1].id`: missing field `id`"
    );
}

#[test]
fn a_participant_listed_twice_for_a_year_is_refused() {
    let err = toml_error(
        "[[participants]]\nid = 'ann'\nyear = 2026\n[[participants]]\nid = 'ann'\nyear = 2027\n[[participants]]\nid = 'ann'\nyear = 2026\n",
    );
    assert_eq!(
        err.to_string(),
        "invalid input: file `years.toml`, participant `ann`, field `participants[2].id`: participant `ann` has plan year 2026 twice; give each participant one entry a plan year, with all its assignments and periods"
    );
}

#[test]
fn a_period_of_another_participant_is_refused() {
    let err = toml_error(
        "[[participants]]\nid = 'remy'\nyear = 2026\n[[participants.periods]]\nparticipant = 'dana'\nperiod = '2026-Q1'\nplan = 'demand-generation'\n",
    );
    assert_eq!(
        err.to_string(),
        "invalid input: file `years.toml`, participant `remy`, plan `demand-generation`, field `periods[0].participant`: names participant `dana`; a period belongs to the participant it is listed under, so leave `participant` out or write `remy`"
    );
}

#[test]
fn a_plan_nobody_defined_is_refused_when_the_year_is_evaluated() {
    let years = toml_error_free(
        "[[participants]]\nid = 'remy'\nyear = 2026\nassignments = [{ plan = 'no-such-plan', from = 2026-01-01 }]\n",
    );
    let err = book()
        .evaluate_period(&years[0], "2026-Q1", &YearState::new())
        .unwrap_err();
    assert_eq!(err.details().participant.as_deref(), Some("remy"));
    assert_eq!(err.details().plan.as_deref(), Some("no-such-plan"));
}

fn toml_error_free(text: &str) -> Vec<YearInputs> {
    read_year_file_toml(text, "years.toml").unwrap()
}

#[cfg(feature = "json")]
mod json {
    use super::*;
    use incentive::year::read_year_file_json;

    #[test]
    fn the_json_twin_reads_the_same_years() {
        let json = load_year_file(root("plans/samples/year-examples.json")).unwrap();
        assert_eq!(json, examples());
    }

    #[test]
    fn a_json_error_names_file_line_participant_and_field() {
        let err = read_year_file_json(
            "{\"participants\": [\n  {\"id\": \"dana\", \"year\": 2026},\n  {\"id\": \"hana\", \"year\": 2026,\n   \"leaves\": [{\"from\": \"2026-02-01\", \"until\": \"2026-02-03\", \"why\": 1}]}]}",
            "years.json",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: file `years.json` line 4 column 65, participant `hana`, field `why`: unknown field `why`, expected `from` or `until`"
        );
    }

    // The participant is the one whose object holds the error: not a
    // transaction line's `id`, nor the participant before.
    #[test]
    fn a_json_error_names_the_participant_that_holds_it() {
        let text = r#"{"participants": [
  {"id": "dana", "year": 2026, "periods": [{"period": "2026-Q1", "plan": "p",
    "lines": [{"id": "INV-1", "metric": "m", "date": "2026-01-05", "amount": "1", "colour": "red"}]}]},
  {"year": 2026, "hired": "2026-13-01", "id": "hana"}]}"#;
        let err = read_year_file_json(text, "years.json").unwrap_err();
        assert_eq!(err.details().participant.as_deref(), Some("dana"));
        assert_eq!(err.details().field.as_deref(), Some("colour"));
        let fixed = text.replace(", \"colour\": \"red\"", "");
        let err = read_year_file_json(&fixed, "years.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: file `years.json` line 4 column 38: month 13 is outside 1 to 12"
        );
        assert_eq!(err.details().participant, None);
    }

    // With the `json` feature, serde_json hands numbers over as their text
    // (`arbitrary_precision`), so a JSON 0.1 is read as exactly 0.1.
    #[test]
    fn a_json_number_with_a_fraction_is_read_exactly() {
        let years = read_year_file_json(
            r#"{"participants": [{"id": "dana", "year": 2026, "targets": [{"plan": "p", "component": "c", "from": "2026-01-01", "amount": 0.1}]}]}"#,
            "years.json",
        )
        .unwrap();
        assert_eq!(years[0].target_schedule("p", "c")[0].amount, dec!(0.1));
        assert_eq!(
            years[0].target_schedule("p", "c")[0].amount.to_string(),
            "0.1"
        );
    }

    // A state written as JSON after Q2 and read back gives the same Q3
    // statement, to the byte, as the state kept in memory.
    #[test]
    fn a_state_carried_as_json_gives_the_same_q3() {
        let years = examples();
        let dana = year(&years, "dana");
        let book = book();
        let mut state = YearState::new();
        for q in ["2026-Q1", "2026-Q2"] {
            state = book.evaluate_period(dana, q, &state).unwrap().1;
        }
        let written = state.to_json().unwrap();
        assert!(written.contains("\"paid\": \"7625.00\""), "{written}");
        let read = YearState::from_json(&written, "state.json").unwrap();
        assert_eq!(read, state);
        assert_eq!(read.to_json().unwrap(), written);
        let (kept, kept_after) = book.evaluate_period(dana, "2026-Q3", &state).unwrap();
        let (carried, carried_after) = book.evaluate_period(dana, "2026-Q3", &read).unwrap();
        assert_eq!(carried.to_string(), kept.to_string());
        assert_eq!(
            serde_json::to_string(&carried).unwrap(),
            serde_json::to_string(&kept).unwrap()
        );
        assert_eq!(
            carried_after.to_json().unwrap(),
            kept_after.to_json().unwrap()
        );
        assert_eq!(amount(&carried, "pipeline"), dec!(562.50));
    }

    #[test]
    fn a_bad_state_file_is_refused_naming_the_field() {
        let err = YearState::from_json(
            "{\"periods\": {\"2026-Q1\": {\"paid\": \"1.2.3\"}}}",
            "state.json",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: file `state.json` line 1 column 40: `1.2.3` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
        );
    }
}

/// A period entry of a plan-year file reads every field of an inputs
/// entry: an `Inputs` with all of them set, written as JSON without its
/// participant, reads back equal. A field added to `Inputs` but not to the
/// plan-year file fails here.
#[cfg(feature = "json")]
#[test]
fn a_period_entry_reads_every_inputs_field() {
    use incentive::credit::TransactionLine;
    use incentive::plan::Mix;
    use incentive::{CreditSource, Date};
    let full = incentive::Inputs::new("pat", "p")
        .with_name("Pat")
        .with_period("2026-Q1")
        .with_target_incentive(dec!(1000))
        .with_base_salary(dec!(90000))
        .with_target_percent(dec!(0.1))
        .with_ote(dec!(100000))
        .with_mix(Mix::new(dec!(60), dec!(40)).unwrap())
        .with_quota(dec!(400000))
        .actual("bookings", dec!(1.5))
        .target("bookings", dec!(2))
        .rating("mbo", dec!(3))
        .label("perf", "meets")
        .source("bookings", CreditSource::Company)
        .line(TransactionLine::new(
            "L1",
            "bookings",
            Date::new(2026, 1, 5).unwrap(),
            dec!(10),
        ))
        .adjustment("spiff", dec!(50), "contest");
    let mut entry = serde_json::to_value(&full).unwrap();
    let map = entry.as_object_mut().unwrap();
    map.remove("participant");
    let fields: Vec<&String> = map.keys().collect();
    assert_eq!(
        fields.len(),
        16,
        "every field but the participant is set: {fields:?}"
    );
    let file =
        serde_json::json!({"participants": [{"id": "pat", "year": 2026, "periods": [entry]}]});
    let years = incentive::year::read_year_file_json(&file.to_string(), "y.json").unwrap();
    assert_eq!(years[0].periods(), [full]);
}
