//! `incentive year`: participants' plan years from a plan-year file, period
//! by period in calendar order, each period's state carried into the next;
//! the state in and out as JSON.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;
use incentive::year::load_year_file;
use incentive::{PeriodStatement, PlanBook, YearInputs, YearState};
use serde::Serialize;

use crate::{Outcome, files};

/// `incentive year`.
#[derive(Debug, Args)]
pub struct YearArgs {
    /// The plan-year file (TOML, or JSON ending in `.json`): participants,
    /// assignments, leaves, target schedules and period inputs.
    file: PathBuf,
    /// A plan file or folder; give it again for more (`--plans plans
    /// --plans plans/years`). Several versions of one plan are kept by
    /// their effective dates.
    #[arg(long, required = true)]
    plans: Vec<PathBuf>,
    /// Run the periods up to and including this label (such as
    /// `2026-Q2`); without it, every period the file has data for.
    #[arg(long)]
    through: Option<String>,
    /// Only this participant.
    #[arg(long)]
    participant: Option<String>,
    /// The year state so far, as JSON (an object by participant id, as
    /// `--state-out` writes it): periods already run are not run again.
    #[arg(long)]
    state_in: Option<PathBuf>,
    /// Write the year state after the last period run, as JSON.
    #[arg(long)]
    state_out: Option<PathBuf>,
    /// Period statements and states as JSON.
    #[arg(long)]
    json: bool,
}

/// One participant's run, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Run {
    participant: String,
    statements: Vec<PeriodStatement>,
    state: YearState,
}

/// Runs `incentive year`.
pub fn year(args: &YearArgs) -> Result<Outcome, String> {
    let mut book = PlanBook::new();
    for p in &args.plans {
        for f in files::plan_files(p)? {
            book.insert(files::plan(&f)?).map_err(|e| e.to_string())?;
        }
    }
    let years = load_year_file(&args.file).map_err(|e| e.to_string())?;
    let years: Vec<&YearInputs> = years
        .iter()
        .filter(|y| {
            args.participant
                .as_deref()
                .is_none_or(|p| y.participant() == p)
        })
        .collect();
    if years.is_empty() {
        return Err(format!(
            "`{}` holds no plan year{}",
            args.file.display(),
            args.participant
                .as_deref()
                .map(|p| format!(" for participant `{p}`"))
                .unwrap_or_default()
        ));
    }
    let mut states: BTreeMap<String, YearState> = match &args.state_in {
        None => BTreeMap::new(),
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("`{}`: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| {
                format!(
                    "invalid year state `{}` line {} column {}: {e}; it is an object of year states by participant id, as `--state-out` writes it",
                    path.display(),
                    e.line(),
                    e.column()
                )
            })?
        }
    };
    let mut runs = Vec::with_capacity(years.len());
    for y in years {
        let mut state = states.remove(y.participant()).unwrap_or_default();
        let labels = book
            .periods_to_run(y, &state, args.through.as_deref())
            .map_err(|e| e.to_string())?;
        let mut statements = Vec::with_capacity(labels.len());
        for label in &labels {
            let (s, next) = book
                .evaluate_period(y, label, &state)
                .map_err(|e| format!("`{}`: {e}", args.file.display()))?;
            statements.push(s);
            state = next;
        }
        runs.push(Run {
            participant: y.participant().to_owned(),
            statements,
            state,
        });
    }
    if args.json {
        let json =
            serde_json::to_string_pretty(&runs).map_err(|e| format!("cannot write JSON: {e}"))?;
        sayln!("{json}");
    } else {
        for r in &runs {
            for s in &r.statements {
                sayln!("{s}");
            }
            let Some(currency) = r.statements.first().map(|s| s.currency) else {
                sayln!("{}: no period to run", r.participant);
                continue;
            };
            // Shown at the currency's places, as statements show amounts.
            let shown = |mut d: rust_decimal::Decimal| {
                d.rescale(currency.minor_units());
                d
            };
            sayln!(
                "{}: paid in the year {} {currency}; owed at year end {} {currency}",
                r.participant,
                shown(r.state.paid_in_year()),
                shown(r.state.total_owed())
            );
            sayln!();
        }
    }
    if let Some(path) = &args.state_out {
        let out: BTreeMap<&str, &YearState> = runs
            .iter()
            .map(|r| (r.participant.as_str(), &r.state))
            .collect();
        let json =
            serde_json::to_string_pretty(&out).map_err(|e| format!("cannot write JSON: {e}"))?;
        std::fs::write(path, json + "\n").map_err(|e| format!("`{}`: {e}", path.display()))?;
    }
    Ok(Outcome::Done)
}
