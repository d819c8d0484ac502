//! Plan years: plan-year files in TOML and JSON
//! (`year::read_year_file_toml`, `year::read_year_file_json`), year
//! states (`YearState::from_json`, and the object of states by
//! participant that `incentive year --state-in` reads), evaluated over
//! the shipped plans and plan-year plans (`PlanBook::evaluate_year`).
//!
//! Laws: a state read or produced writes as JSON and reads back the
//! same; every period statement's lines and adjustments add up to what it
//! earned and its JSON reads back the same; evaluating the year again
//! from the state it produced pays nothing more (a re-run pays only the
//! difference).

#![no_main]

use std::collections::BTreeMap;

use incentive::year::{read_year_file_json, read_year_file_toml};
use incentive::{Decimal, YearInputs, YearState};
use libfuzzer_sys::{Corpus, fuzz_target};

fn run_year(year: &YearInputs, start: &YearState) {
    let book = incentive_fuzz::book();
    let Ok((periods, state)) = book.evaluate_year(year, start) else {
        return;
    };
    periods.iter().for_each(incentive_fuzz::check_period);
    incentive_fuzz::check_state(&state);
    if start.periods().is_empty()
        && let Ok((again, _)) = book.evaluate_year(year, &state)
    {
        for p in &again {
            assert_eq!(
                p.total,
                Decimal::ZERO,
                "period {} pays again when re-run from the state it produced",
                p.period.label()
            );
        }
    }
}

fn years(list: &[YearInputs], state: Option<&YearState>) {
    for y in list.iter().take(4) {
        if y.periods().len() > 60 {
            continue;
        }
        run_year(y, &YearState::new());
        if let Some(s) = state {
            run_year(y, s);
        }
    }
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(text) = incentive_fuzz::text(data) else {
        return Corpus::Reject;
    };
    let (file, state_text) = incentive_fuzz::split(text);
    let state = state_text.and_then(|s| YearState::from_json(s, "state.json").ok());
    if let Ok(s) = YearState::from_json(file, "state.json") {
        incentive_fuzz::check_state(&s);
    }
    if let Ok(states) = serde_json::from_str::<BTreeMap<String, YearState>>(file) {
        states.values().for_each(incentive_fuzz::check_state);
    }
    if let Some(s) = &state {
        incentive_fuzz::check_state(s);
    }
    if let Ok(list) = read_year_file_toml(file, "fuzz.toml") {
        years(&list, state.as_ref());
    }
    if let Ok(list) = read_year_file_json(file, "fuzz.json") {
        years(&list, state.as_ref());
    }
    Corpus::Keep
});
