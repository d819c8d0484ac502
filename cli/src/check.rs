//! `incentive check`: plans, inputs and credit data validated, every
//! participant computed and every error reported, no statement printed.

use std::path::PathBuf;

use clap::Args;
use incentive::Credits;

use crate::{Outcome, files};

/// `incentive check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A plan file or a folder of plans.
    plans: PathBuf,
    /// Inputs files (TOML or CSV) to check against the plans.
    inputs: Vec<PathBuf>,
    /// Credit data (TOML, or a CSV of transactions) to check: every
    /// receiver known, no duplicate, every credit note's original present.
    #[arg(long)]
    transactions: Option<PathBuf>,
}

/// Runs `incentive check`: every plan loads (each file's error is
/// reported), every input file reads, and every participant's inputs are
/// computed against their plan; prints one line per error and a summary.
pub fn check(args: &CheckArgs) -> Result<Outcome, String> {
    let mut errors = 0usize;
    let mut plans = 0usize;
    // Each plan file is loaded once: an invalid one is reported, a valid
    // one joins the set the inputs are checked against.
    let mut set = incentive::PlanSet::new();
    for f in files::plan_files(&args.plans)? {
        plans += 1;
        if let Err(e) = files::plan(&f).and_then(|p| set.insert(p).map_err(|e| e.to_string())) {
            errors += 1;
            sayln!("{}: error: {e}", f.display());
        }
    }
    if errors > 0 {
        sayln!("{plans} plans, {errors} errors");
        return Ok(Outcome::Failed);
    }
    let data = args
        .transactions
        .as_deref()
        .map(files::credit_data)
        .transpose()?;
    // Every file's inputs first: the credit data's receivers are known
    // from all of them.
    let mut read = Vec::new();
    for path in &args.inputs {
        match files::inputs(&set, path) {
            Err(e) => {
                errors += 1;
                sayln!("{}: error: {e}", path.display());
            }
            Ok(inputs) => read.push((path.display().to_string(), inputs)),
        }
    }
    let people: Vec<&str> = read
        .iter()
        .flat_map(|(_, inputs)| inputs.iter().map(|i| i.participant()))
        .collect();
    let mut checked = 0usize;
    for (file, inputs) in &read {
        for i in inputs {
            checked += 1;
            let result = match &data {
                None => set.evaluate(i).map(|_| ()).map_err(|e| e.to_string()),
                Some(data) => {
                    crate::run::period_dates(&set, i, file, None).and_then(|(from, to)| {
                        Credits::build(data, people.iter().copied(), from, to)
                            .and_then(|c| c.evaluate(&set, i))
                            .map(|_| ())
                            .map_err(|e| e.to_string())
                    })
                }
            };
            let why = set.get(i.plan()).and_then(|p| p.needs_plan_year());
            match (result, why) {
                (Err(e), _) => {
                    errors += 1;
                    sayln!("{file}: error: {e}");
                }
                (Ok(()), Some(why)) => {
                    errors += 1;
                    sayln!(
                        "{file}: error: participant `{}`, plan `{}`: paid through a plan year, because {why}; run it with `incentive year`",
                        i.participant(),
                        i.plan()
                    );
                }
                (Ok(()), None) => {}
            }
        }
    }
    sayln!("{plans} plans, {checked} inputs checked, {errors} errors");
    Ok(if errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}
