//! `incentive simulate`: a plan-cost Monte Carlo simulation from a
//! simulation file (roster, distributions, correlations, seed).

use std::path::PathBuf;

use std::io::IsTerminal;

use clap::Args;
use incentive::simulate::SimulationFile;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{Outcome, files};

/// The number of trials from which a terminal shows a progress bar.
const PROGRESS_FROM: u64 = 10_000;

/// `incentive simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// A plan file or a folder of plans.
    plans: PathBuf,
    /// The simulation file (TOML, or JSON ending in `.json`).
    file: PathBuf,
    /// The number of trials, instead of the file's.
    #[arg(long)]
    trials: Option<u64>,
    /// The seed, instead of the file's: the same seed gives the same
    /// report, on any number of threads.
    #[arg(long)]
    seed: Option<u64>,
    /// Threads to run trials on (default: all cores); the report is the
    /// same byte for byte.
    #[arg(long)]
    threads: Option<usize>,
    /// The report as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `incentive simulate`.
pub fn simulate(args: &SimulateArgs) -> Result<Outcome, String> {
    let set = files::plans(&args.plans)?;
    let file = SimulationFile::load(&args.file).map_err(|e| e.to_string())?;
    let trials = args.trials.unwrap_or(file.trials());
    // A progress bar on standard error for a long run watched in a
    // terminal; nothing at all otherwise (a pipe, a file, CI).
    let bar = (trials >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        ProgressBar::new(trials).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} trials, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    });
    let tick = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let mut sim = file.simulation(&set).trials(trials).on_progress(&tick);
    if let Some(s) = args.seed {
        sim = sim.seed(s);
    }
    let report = match args.threads {
        Some(0) => return Err("--threads is at least 1".to_owned()),
        Some(1) => sim.run_serial(),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} threads: {e}"))?
            .install(|| sim.run()),
        None => sim.run(),
    }
    .map_err(|e| e.to_string())?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if args.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| format!("cannot write JSON: {e}"))?;
        sayln!("{json}");
    } else {
        say!("{report}");
    }
    Ok(Outcome::Done)
}
