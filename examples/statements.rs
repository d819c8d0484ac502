//! The main job: evaluate participants' inputs against plans and print every
//! statement.
//!
//! ```text
//! cargo run --release --example statements
//!     # the shipped plans × the sample inputs: 2026-Q1 (typed actuals),
//!     # 2026-Q2 (bookings credited from transactions, with the credit
//!     # trail), then the commission plans: Rita's reseller months March to
//!     # May 2026 settled in order through one commission ledger, and Sam's
//!     # SDR March, each with its line-by-line trail
//! cargo run --release --example statements -- PLANS INPUTS
//!     # a plan file or folder, an inputs file
//! cargo run --release --example statements -- PLANS INPUTS TRANSACTIONS FROM TO
//!     # ... whose credited metrics come from the transactions dated FROM to TO
//! cargo run --release --example statements -- --json ...      # statements as JSON
//! cargo run --release --features csv --example statements -- --payroll ...   # payroll CSV
//! cargo run --release --features csv --example statements -- plans plans/samples/participants.csv
//! ```
//!
//! The commission statements come from the transaction lines of
//! `plans/samples/commission-transactions.toml`: each month's lines are
//! credited ([`Credits::build`]), evaluated (what the month earned, line by
//! line) and settled by one [`CommissionLedger`], which carries April's
//! negative total (a credit note above the month's sales) as owed and
//! recovers it from May.
//!
//! An inputs file ending in `.csv` is read as CSV (one row per participant
//! and period; see `incentive::csv`), anything else as TOML. CSV and
//! `--payroll` need the `csv` feature.
//!
//! Exit status 0 when every statement was computed, 1 on any error (printed
//! with the file, line, participant, component and field at fault), 2 on bad
//! usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incentive::commission::CommissionLedger;
use incentive::credit::CreditData;
use incentive::{Credits, Date, Inputs, Plan, PlanSet, Statement};

fn usage() -> ExitCode {
    eprintln!("usage: statements [--json | --payroll] [PLANS INPUTS [TRANSACTIONS FROM TO]]");
    ExitCode::from(2)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Text,
    Json,
    Payroll,
}

/// One batch: inputs, and the transactions and dates their credits come from.
struct Batch {
    inputs: PathBuf,
    credits: Option<(PathBuf, Date, Date)>,
}

/// A commission sample run: who is paid under which commission plan, and
/// the months (year, month) settled in order.
struct CommissionRun {
    participant: &'static str,
    name: &'static str,
    plan: &'static str,
    months: &'static [(i32, u32)],
}

/// The commission sample's runs.
const COMMISSION_RUNS: &[CommissionRun] = &[
    CommissionRun {
        participant: "rita",
        name: "Rita (reseller)",
        plan: "reseller-commission",
        months: &[(2026, 3), (2026, 4), (2026, 5)],
    },
    CommissionRun {
        participant: "sam",
        name: "Sam (sales development)",
        plan: "sdr-meetings",
        months: &[(2026, 3)],
    },
];

/// The commission statements of the transactions in `file`: each month
/// credited, evaluated and settled through one ledger, in order, so that a
/// month's negative total is carried into the next.
fn commission_statements(set: &PlanSet, file: &Path) -> Result<Vec<Statement>, String> {
    let data = CreditData::load(file).map_err(|e| e.to_string())?;
    // Every receiver of the file's transactions must be known, whichever
    // month is built.
    let people: Vec<&str> = COMMISSION_RUNS.iter().map(|r| r.participant).collect();
    let mut ledger = CommissionLedger::default();
    let mut out = Vec::new();
    for run in COMMISSION_RUNS {
        let plan = set
            .get(run.plan)
            .ok_or_else(|| format!("the plans hold no commission plan `{}`", run.plan))?;
        for (year, month) in run.months {
            let from = Date::new(*year, *month, 1)?;
            let to = Date::new(*year, *month, from.days_in_month())?;
            let inputs = Inputs::new(run.participant, run.plan)
                .with_name(run.name)
                .with_period(format!("{year}-M{month:02}"));
            let settled = Credits::build(&data, people.iter().copied(), from, to)
                .and_then(|credits| credits.evaluate(set, &inputs))
                .and_then(|earned| ledger.settle(plan, earned, from, to, &data))
                .map_err(|e| e.to_string())?;
            out.push(settled);
        }
    }
    Ok(out)
}

#[cfg(feature = "csv")]
fn load_inputs(set: &PlanSet, path: &Path) -> Result<Vec<Inputs>, String> {
    if path.extension().is_some_and(|x| x == "csv") {
        incentive::csv::load_inputs_for(set, path).map_err(|e| e.to_string())
    } else {
        Inputs::load_list(path).map_err(|e| e.to_string())
    }
}

#[cfg(not(feature = "csv"))]
fn load_inputs(_: &PlanSet, path: &Path) -> Result<Vec<Inputs>, String> {
    if path.extension().is_some_and(|x| x == "csv") {
        Err(
            "reading CSV needs the `csv` feature: cargo run --features csv --example statements"
                .into(),
        )
    } else {
        Inputs::load_list(path).map_err(|e| e.to_string())
    }
}

#[cfg(feature = "csv")]
fn payroll(statements: &[Statement]) -> Result<String, String> {
    incentive::csv::write_payroll(statements).map_err(|e| e.to_string())
}

#[cfg(not(feature = "csv"))]
fn payroll(_: &[Statement]) -> Result<String, String> {
    Err("`--payroll` needs the `csv` feature: cargo run --features csv --example statements -- --payroll".into())
}

fn plans(path: &Path) -> Result<PlanSet, String> {
    if path.is_dir() {
        PlanSet::load_dir(path).map_err(|e| e.to_string())
    } else {
        let mut set = PlanSet::new();
        let plan = Plan::load(path).map_err(|e| e.to_string())?;
        set.insert(plan).map_err(|e| e.to_string())?;
        Ok(set)
    }
}

fn statements(set: &PlanSet, batch: &Batch) -> Result<Vec<Statement>, String> {
    let inputs = load_inputs(set, &batch.inputs)?;
    let result = match &batch.credits {
        None => set.evaluate_all(&inputs),
        Some((file, from, to)) => CreditData::load(file).and_then(|data| {
            let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
            Credits::build(&data, people, *from, *to)?.evaluate_all(set, &inputs)
        }),
    };
    result.map_err(|e| e.to_string())
}

fn run(
    plans_path: &Path,
    batches: &[Batch],
    commission: Option<&Path>,
    output: Output,
) -> Result<(), String> {
    let set = plans(plans_path)?;
    let mut all = Vec::new();
    for b in batches {
        all.extend(statements(&set, b)?);
    }
    if let Some(file) = commission {
        all.extend(commission_statements(&set, file)?);
    }
    match output {
        Output::Payroll => print!("{}", payroll(&all)?),
        Output::Json => {
            let json = serde_json::to_string_pretty(&all)
                .map_err(|e| format!("cannot write JSON: {e}"))?;
            println!("{json}");
        }
        Output::Text => {
            for s in &all {
                println!("{s}");
            }
            let mut by_currency = std::collections::BTreeMap::new();
            for s in &all {
                let t = by_currency
                    .entry(s.currency.to_string())
                    .or_insert(rust_decimal::Decimal::ZERO);
                *t = t.checked_add(s.total()).unwrap_or(*t);
            }
            for (currency, total) in by_currency {
                println!("{} statements, total {total} {currency}", all.len());
            }
        }
    }
    Ok(())
}

fn date(s: &str) -> Option<Date> {
    s.parse().ok()
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let output = match (
        args.iter().any(|a| a == "--json"),
        args.iter().any(|a| a == "--payroll"),
    ) {
        (true, true) => return usage(),
        (true, false) => Output::Json,
        (false, true) => Output::Payroll,
        (false, false) => Output::Text,
    };
    args.retain(|a| a != "--json" && a != "--payroll");
    if args.iter().any(|a| a.starts_with('-')) {
        return usage();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (plans_path, batches, commission) = match args.as_slice() {
        [] => {
            let samples = root.join("plans/samples");
            let (Some(from), Some(to)) = (date("2026-04-01"), date("2026-06-30")) else {
                return usage();
            };
            (
                root.join("plans"),
                vec![
                    Batch {
                        inputs: samples.join("participants.toml"),
                        credits: None,
                    },
                    Batch {
                        inputs: samples.join("q2-participants.toml"),
                        credits: Some((samples.join("q2-transactions.toml"), from, to)),
                    },
                ],
                Some(samples.join("commission-transactions.toml")),
            )
        }
        [p, i] => (
            PathBuf::from(p),
            vec![Batch {
                inputs: PathBuf::from(i),
                credits: None,
            }],
            None,
        ),
        [p, i, t, from, to] => {
            let (Some(from), Some(to)) = (date(from), date(to)) else {
                eprintln!("error: FROM and TO are dates such as 2026-04-01");
                return usage();
            };
            (
                PathBuf::from(p),
                vec![Batch {
                    inputs: PathBuf::from(i),
                    credits: Some((PathBuf::from(t), from, to)),
                }],
                None,
            )
        }
        _ => return usage(),
    };
    match run(&plans_path, &batches, commission.as_deref(), output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
