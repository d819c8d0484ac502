//! A plan-cost simulation for the shipped plans: a seeded Monte Carlo
//! over a generated roster, and the distribution summary.
//!
//! ```text
//! cargo run --release --example simulate
//! cargo run --release --example simulate -- --trials 10000 --participants 1000 --seed 42
//! cargo run --release --features parallel --example simulate   # on all cores, same numbers
//! cargo run --release --example simulate -- --file plans/simulations/shipped-plans.toml
//! ```
//!
//! With `--file`, the simulation is read from a simulation file
//! (`incentive::simulate::SimulationFile`) and run as written: its roster,
//! draws, correlations, seed and trials.
//!
//! Every role of the shipped bonus plans (all seven, customer marketing
//! with its kicker and plan cap included) gets participants in turn, with
//! the targets of the sample inputs. The two shipped commission plans
//! (`reseller-commission`, `sdr-meetings`) are left out: they pay on
//! transaction lines, and a simulation draws values for weighted
//! components, so it refuses them with an error saying so ("pays
//! commission on transaction lines, which this route does not read"). Attainment of each quantitative component
//! is drawn around 100% (booked revenue log-normal, pipelines normal,
//! close rate and quotas normal and uniform), booked revenue and pipeline
//! correlated at 0.6, ratings bootstrapped from a history of past ratings.
//!
//! Exit status 0 on success, 1 on any error, 2 on bad usage.

use std::process::ExitCode;
use std::time::Instant;

use incentive::simulate::Distribution;
use incentive::{Inputs, PlanSet, Simulation};
use rust_decimal::Decimal;

fn usage() -> ExitCode {
    eprintln!("usage: simulate [--trials N] [--participants N] [--seed N] | --file PATH");
    ExitCode::from(2)
}

/// Participant `i`, in one of the shipped roles by turn, with the sample
/// targets and a baseline rating of 3.
///
/// Only the seven bonus plans: the commission plans in `plans/` have no
/// attainment or rating to draw (they pay on transaction lines, which the
/// simulation's values-only route does not read), so they get no
/// participants.
fn participant(i: usize) -> Inputs {
    let d = Decimal::from;
    let id = format!("p{i:05}");
    match i % 7 {
        0 => Inputs::new(id, "product-manager")
            .actual("opportunities", d(200))
            .target("booked", d(2_000_000))
            .target("pipeline", d(6_000_000))
            .target("close_rate", Decimal::new(25, 2))
            .rating("market_perception", d(3))
            .rating("field_readiness", d(3)),
        1 => Inputs::new(id, "demand-generation")
            .target("pipeline", d(2_000_000))
            .rating("campaign_effectiveness", d(3)),
        2 => Inputs::new(id, "sales-enablement")
            .target("sales_quota", d(10_500_000))
            .rating("sales_satisfaction", d(4)),
        3 => Inputs::new(id, "channel-marketing")
            .target("channel_pipeline", d(4_000_000))
            .rating("partner_satisfaction", d(3))
            .rating("channel_strategy", d(3)),
        4 => Inputs::new(id, "account-executive-marginal").target("commission", d(500_000)),
        5 => Inputs::new(id, "account-executive-retroactive").target("commission", d(500_000)),
        _ => Inputs::new(id, "customer-marketing")
            .target("nrr", Decimal::new(105, 2))
            .target("expansion_pipeline", d(1_200_000))
            .target("gross_churn", Decimal::new(8, 2)),
    }
}

fn run(trials: u64, participants: usize, seed: u64) -> Result<(), incentive::Error> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let plans = PlanSet::load_dir(root.join("plans"))?;
    let roster: Vec<Inputs> = (0..participants).map(participant).collect();
    let dec = |m: i64, s: u32| Decimal::new(m, s);
    let ratings = Distribution::empirical(
        [2, 3, 3, 3, 3, 4, 4, 4, 5]
            .into_iter()
            .map(Decimal::from)
            .collect(),
    )?;
    let sim = Simulation::new(&plans, &roster)
        .draw("booked", Distribution::lognormal(dec(0, 0), dec(20, 2))?)
        .draw("pipeline", Distribution::normal(dec(1, 0), dec(20, 2))?)
        .draw("close_rate", Distribution::normal(dec(1, 0), dec(15, 2))?)
        .draw(
            "channel_pipeline",
            Distribution::normal(dec(95, 2), dec(25, 2))?,
        )
        .draw(
            "sales_quota",
            Distribution::uniform(dec(80, 2), dec(125, 2))?,
        )
        .draw(
            "sales_satisfaction",
            Distribution::uniform(dec(3, 0), dec(5, 0))?,
        )
        .draw(
            "commission",
            Distribution::lognormal(dec(0, 0), dec(25, 2))?,
        )
        .draw("nrr", Distribution::normal(dec(1, 0), dec(5, 2))?)
        .draw(
            "expansion_pipeline",
            Distribution::normal(dec(1, 0), dec(25, 2))?,
        )
        .draw("gross_churn", Distribution::normal(dec(1, 0), dec(20, 2))?)
        .draw("campaign_effectiveness", ratings.clone())
        .draw("market_perception", ratings.clone())
        .draw("field_readiness", ratings.clone())
        .draw("partner_satisfaction", ratings.clone())
        .draw("channel_strategy", ratings)
        .correlate("booked", "pipeline", dec(6, 1))
        .revenue("booked")
        .revenue("commission")
        .trials(trials)
        .seed(seed);
    let started = Instant::now();
    let report = sim.run()?;
    let took = started.elapsed();
    println!("{report}");
    println!(
        "{} evaluations in {:.2?} ({} threads available{})",
        report.trials * report.participants as u64,
        took,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if cfg!(feature = "parallel") {
            ", feature `parallel` on"
        } else {
            ", serial: build with `--features parallel` for all cores"
        }
    );
    Ok(())
}

/// Runs a simulation file against the shipped plans.
fn run_file(path: &str) -> Result<(), incentive::Error> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let plans = PlanSet::load_dir(root.join("plans"))?;
    let report = incentive::simulate::SimulationFile::load(path)?.run(&plans)?;
    println!("{report}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        if flag == "--file" {
            return match run_file(path) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            };
        }
    }
    let (mut trials, mut participants, mut seed) = (10_000u64, 1_000usize, 42u64);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else {
            return usage();
        };
        let ok = match flag.as_str() {
            "--trials" => value.parse().map(|v| trials = v).is_ok(),
            "--participants" => value.parse().map(|v| participants = v).is_ok(),
            "--seed" => value.parse().map(|v| seed = v).is_ok(),
            _ => false,
        };
        if !ok {
            return usage();
        }
    }
    match run(trials, participants, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
