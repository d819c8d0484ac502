//! `incentive.year`: participants' plan years, period by period, as
//! `incentive year --json` runs them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use incentive::year::load_year_file;
use incentive::{ErrorKind, PeriodStatement, PlanBook, YearInputs, YearState};
use pyo3::prelude::*;
use serde::Serialize;

use crate::errors;
use crate::plans::{Fail, plan_texts};

/// One participant's run, as `incentive year --json` prints it.
#[derive(Debug, Serialize)]
struct Run {
    participant: String,
    statements: Vec<PeriodStatement>,
    state: YearState,
}

fn input(m: String, file: &str, participant: Option<&str>, field: &str) -> Fail {
    Fail::Lib(
        errors::new_input(
            ErrorKind::InvalidInput,
            m,
            Some(file),
            participant,
            None,
            Some(field),
        ),
        None,
    )
}

/// The plan years of the file at `file` against the plans of `plans`
/// (files or folders; several versions of a plan kept by their dates),
/// up to `through`, for `participant` only when given, from the year
/// states `state` (JSON, by participant, as `--state-out` writes them):
/// the runs as JSON, as `incentive year --json` prints them.
#[pyfunction]
#[pyo3(signature = (file, plans, through=None, participant=None, state=None))]
pub fn year_json(
    py: Python<'_>,
    file: PathBuf,
    plans: Vec<PathBuf>,
    through: Option<String>,
    participant: Option<String>,
    state: Option<String>,
) -> PyResult<String> {
    let runs = py
        .detach(|| {
            run(
                &file,
                &plans,
                through.as_deref(),
                participant.as_deref(),
                state.as_deref(),
            )
        })
        .map_err(Fail::into_py)?;
    serde_json::to_string(&runs)
        .map_err(|e| errors::plain(ErrorKind::InvalidInput, &format!("cannot write JSON: {e}")))
}

fn run(
    file: &std::path::Path,
    plans: &[PathBuf],
    through: Option<&str>,
    participant: Option<&str>,
    state: Option<&str>,
) -> Result<Vec<Run>, Fail> {
    let name = file.display().to_string();
    let mut book = PlanBook::new();
    for p in plans {
        for (n, text) in plan_texts(p)? {
            book.insert(incentive::Plan::from_toml_named(&text, &n)?)?;
        }
    }
    let years = load_year_file(file)?;
    let years: Vec<&YearInputs> = years
        .iter()
        .filter(|y| participant.is_none_or(|p| y.participant() == p))
        .collect();
    if years.is_empty() {
        return Err(input(
            format!(
                "holds no plan year{}",
                participant
                    .map(|p| format!(" for participant `{p}`"))
                    .unwrap_or_default()
            ),
            &name,
            participant,
            "participant",
        ));
    }
    let mut states: BTreeMap<String, YearState> = match state {
        None => BTreeMap::new(),
        Some(text) => serde_json::from_str(text).map_err(|e| {
            input(
                format!(
                    "the year state is not valid (line {} column {}): {e}; it is an object of year states by participant id, as `incentive year --state-out` writes it",
                    e.line(),
                    e.column()
                ),
                "<state>",
                None,
                "state",
            )
        })?,
    };
    let mut runs = Vec::with_capacity(years.len());
    for y in years {
        let mut state = states.remove(y.participant()).unwrap_or_default();
        let labels = book.periods_to_run(y, &state, through).map_err(|e| {
            let mut d = e.details().clone();
            d.file.get_or_insert_with(|| name.clone());
            Fail::Lib(errors::rebox(&e, d), None)
        })?;
        let mut statements = Vec::with_capacity(labels.len());
        for label in &labels {
            let (s, next) = book.evaluate_period(y, label, &state).map_err(|e| {
                let mut d = e.details().clone();
                d.file.get_or_insert_with(|| name.clone());
                Fail::Lib(errors::rebox(&e, d), None)
            })?;
            statements.push(s);
            state = next;
        }
        runs.push(Run {
            participant: y.participant().to_owned(),
            statements,
            state,
        });
    }
    Ok(runs)
}
