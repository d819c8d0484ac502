//! `incentive run`: statements for participants' inputs, their metrics
//! typed in or credited from transactions over each period's own dates,
//! commission periods settled in order through one ledger.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use incentive::credit::CreditData;
use incentive::import::{Output, Profile, Roster};
use incentive::{Date, Inputs, PlanSet, Statement};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::{Outcome, files};

/// `incentive run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A plan file or a folder of plans.
    #[arg(required_unless_present = "job")]
    plans: Option<PathBuf>,
    /// The participants' inputs: TOML (`[[participants]]`) or CSV.
    #[arg(required_unless_present = "job")]
    inputs: Option<PathBuf>,
    /// Credit the inputs' metrics and commission lines from these
    /// transactions (TOML credit data or a CSV of transactions), over each
    /// input's period.
    #[arg(long, conflicts_with = "job")]
    transactions: Option<PathBuf>,
    /// The first day credited, such as 2026-04-01: it must be the first
    /// day of every input's period.
    #[arg(long, requires_all = ["to", "transactions"])]
    from: Option<String>,
    /// The last day credited: the last day of every input's period.
    #[arg(long, requires_all = ["from", "transactions"])]
    to: Option<String>,
    /// Read INPUTS as an export (a CRM report, say) through this import
    /// profile.
    #[arg(long, conflicts_with = "job")]
    profile: Option<PathBuf>,
    /// Read TRANSACTIONS as an export through this import profile.
    #[arg(long, requires = "transactions")]
    transactions_profile: Option<PathBuf>,
    /// An HRIS export mapping people's names to participant ids, read
    /// through --roster-profile, for the profiles' people mapping.
    #[arg(long, requires = "roster_profile", conflicts_with = "job")]
    roster: Option<PathBuf>,
    /// The import profile the --roster export is read through.
    #[arg(long, requires = "roster")]
    roster_profile: Option<PathBuf>,
    /// A job file naming the plans and batches of inputs, each with its
    /// transactions (paths relative to the job file).
    #[arg(long, conflicts_with_all = ["plans", "inputs"])]
    job: Option<PathBuf>,
    /// Statements as JSON.
    #[arg(long, conflicts_with_all = ["payroll", "csv"])]
    json: bool,
    /// Payroll CSV: one row per line and adjustment paid.
    #[arg(long, conflicts_with = "csv")]
    payroll: bool,
    /// A CSV of totals: one row per statement.
    #[arg(long)]
    csv: bool,
    /// Write the payroll CSV in the shape this export file declares
    /// (columns, earning codes, employee ids, cost centres, pay date).
    #[arg(long, requires = "payroll")]
    payroll_export: Option<PathBuf>,
    /// The pay date written in the export's `pay_date` column, instead of
    /// the file's.
    #[arg(long, requires = "payroll_export")]
    pay_date: Option<String>,
    /// Threads to evaluate a streamed CSV on (`--payroll` from a CSV); the
    /// output is the same, in the file's order.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// The CSV is sorted by participant, plan and period: checked, and
    /// memory stays flat whatever the number of rows.
    #[arg(long)]
    sorted: bool,
}

/// The number of participants from which a terminal shows a progress bar.
const PROGRESS_FROM: usize = 10_000;

/// The size of a streamed CSV (16 MiB, about 300,000 rows) from which a
/// terminal shows a progress bar.
const STREAM_PROGRESS_FROM: u64 = 16 << 20;

/// A job file: the plans and the batches the main job runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Job {
    /// A plan file or folder.
    plans: PathBuf,
    /// The batches, in order.
    #[serde(rename = "batch", default)]
    batches: Vec<Batch>,
}

/// One batch: inputs, and the transactions their credits come from,
/// each in the engine's format or an export read through a profile.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    inputs: PathBuf,
    transactions: Option<PathBuf>,
    profile: Option<PathBuf>,
    transactions_profile: Option<PathBuf>,
    roster: Option<PathBuf>,
    roster_profile: Option<PathBuf>,
}

impl Batch {
    /// The batch's paths made relative to `dir`.
    fn within(self, dir: &Path) -> Batch {
        let at = |p: Option<PathBuf>| p.map(|p| dir.join(p));
        Batch {
            inputs: dir.join(self.inputs),
            transactions: at(self.transactions),
            profile: at(self.profile),
            transactions_profile: at(self.transactions_profile),
            roster: at(self.roster),
            roster_profile: at(self.roster_profile),
        }
    }

    /// The roster, if the batch gives one.
    fn roster(&self) -> Result<Option<Roster>, String> {
        let (Some(export), Some(profile)) = (&self.roster, &self.roster_profile) else {
            return Ok(None);
        };
        let profile = Profile::load(profile).map_err(|e| e.to_string())?;
        let name = export.display().to_string();
        let file = std::fs::File::open(export).map_err(|e| format!("`{name}`: {e}"))?;
        profile
            .read_roster(file, Some(&name))
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// The batch's inputs: its own format, or its export read through its
    /// profile.
    fn inputs(&self, set: &PlanSet, roster: Option<&Roster>) -> Result<Vec<Inputs>, String> {
        match &self.profile {
            None => files::inputs(set, &self.inputs),
            Some(p) => read_export(p, &self.inputs, roster, Output::Inputs)?.into_inputs(),
        }
    }

    /// The batch's credit data, if any.
    fn credit_data(&self, roster: Option<&Roster>) -> Result<Option<CreditData>, String> {
        let Some(t) = &self.transactions else {
            return Ok(None);
        };
        match &self.transactions_profile {
            None => files::credit_data(t).map(Some),
            Some(p) => {
                let transactions =
                    read_export(p, t, roster, Output::Transactions)?.into_transactions()?;
                Ok(Some(CreditData::new(transactions, Vec::new(), Vec::new())))
            }
        }
    }
}

/// What an export gave through its profile.
enum Read {
    Inputs(Vec<Inputs>),
    Transactions(Vec<incentive::Transaction>),
}

impl Read {
    fn into_inputs(self) -> Result<Vec<Inputs>, String> {
        match self {
            Read::Inputs(i) => Ok(i),
            Read::Transactions(_) => Err("the profile gives transactions, not inputs".to_owned()),
        }
    }

    fn into_transactions(self) -> Result<Vec<incentive::Transaction>, String> {
        match self {
            Read::Transactions(t) => Ok(t),
            Read::Inputs(_) => Err("the profile gives inputs, not transactions".to_owned()),
        }
    }
}

/// `export` read through the import profile at `profile`, which must give
/// `want`.
fn read_export(
    profile: &Path,
    export: &Path,
    roster: Option<&Roster>,
    want: Output,
) -> Result<Read, String> {
    let p = Profile::load(profile).map_err(|e| e.to_string())?;
    if p.output() != want {
        let (gives, use_as) = match p.output() {
            Output::Transactions => (
                "transactions",
                "--transactions EXPORT --transactions-profile PROFILE",
            ),
            _ => ("inputs", "INPUTS --profile PROFILE"),
        };
        return Err(format!(
            "the import profile `{}` gives {gives}; use it as `incentive run PLANS {use_as}`",
            profile.display()
        ));
    }
    let name = export.display().to_string();
    let file = std::fs::File::open(export).map_err(|e| format!("`{name}`: {e}"))?;
    match want {
        Output::Transactions => p
            .read_transactions(file, Some(&name), roster)
            .map(Read::Transactions),
        _ => p.read_inputs(file, Some(&name), roster).map(Read::Inputs),
    }
    .map_err(|e| e.to_string())
}

/// `incentive import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The import profile (TOML) mapping the export's columns to inputs.
    profile: PathBuf,
    /// The export (CSV).
    export: PathBuf,
    /// An HRIS export mapping people's names to participant ids.
    #[arg(long, requires = "roster_profile")]
    roster: Option<PathBuf>,
    /// The import profile the --roster export is read through.
    #[arg(long, requires = "roster")]
    roster_profile: Option<PathBuf>,
}

/// Runs `incentive import`: the export's inputs, as an inputs CSV that
/// `incentive run` reads.
pub fn import(args: &ImportArgs) -> Result<Outcome, String> {
    let batch = Batch {
        inputs: args.export.clone(),
        profile: Some(args.profile.clone()),
        roster: args.roster.clone(),
        roster_profile: args.roster_profile.clone(),
        ..Batch::default()
    };
    let roster = batch.roster()?;
    let inputs =
        read_export(&args.profile, &args.export, roster.as_ref(), Output::Inputs)?.into_inputs()?;
    say!(
        "{}",
        incentive::csv::write_inputs(&inputs).map_err(|e| e.to_string())?
    );
    Ok(Outcome::Done)
}

/// Runs `incentive run`.
pub fn run(args: &RunArgs) -> Result<Outcome, String> {
    let range = match (&args.from, &args.to) {
        (Some(f), Some(t)) => Some((date(f)?, date(t)?)),
        _ => None,
    };
    if let Some(outcome) = stream(args)? {
        return Ok(outcome);
    }
    let (set, batches) = match (&args.job, &args.plans, &args.inputs) {
        (Some(job), _, _) => read_job(job)?,
        (None, Some(plans), Some(inputs)) => (
            files::plans(plans)?,
            vec![Batch {
                inputs: inputs.clone(),
                transactions: args.transactions.clone(),
                profile: args.profile.clone(),
                transactions_profile: args.transactions_profile.clone(),
                roster: args.roster.clone(),
                roster_profile: args.roster_profile.clone(),
            }],
        ),
        _ => return Err("give PLANS and INPUTS, or --job FILE".to_owned()),
    };
    let mut all = Vec::new();
    for b in &batches {
        all.extend(batch(&set, b, range)?);
    }
    if args.json {
        let json =
            serde_json::to_string_pretty(&all).map_err(|e| format!("cannot write JSON: {e}"))?;
        sayln!("{json}");
    } else if args.payroll {
        let text = match &args.payroll_export {
            None => incentive::csv::write_payroll(&all),
            Some(path) => {
                let mut export =
                    incentive::payroll::PayrollExport::load(path).map_err(|e| e.to_string())?;
                if let Some(d) = &args.pay_date {
                    export = export.with_pay_date(date(d)?);
                }
                incentive::payroll_rows(&all).and_then(|rows| export.write(&rows))
            }
        }
        .map_err(|e| e.to_string())?;
        say!("{text}");
    } else if args.csv {
        say!("{}", totals_csv(&all)?);
    } else {
        for s in &all {
            sayln!("{s}");
        }
        let mut by_currency: BTreeMap<String, Decimal> = BTreeMap::new();
        for s in &all {
            let t = by_currency.entry(s.currency.to_string()).or_default();
            *t = t
                .checked_add(s.total())
                .ok_or_else(|| format!("the total in {} overflows", s.currency))?;
        }
        for (currency, total) in by_currency {
            sayln!("{} statements, total {total} {currency}", all.len());
        }
    }
    Ok(Outcome::Done)
}

/// CSV inputs to payroll CSV, one row at a time (`incentive::csv::stream_payroll`):
/// when the inputs are a CSV read as is, with no credits, and the payroll
/// is the default one. `None` when the run is not one of those.
fn stream(args: &RunArgs) -> Result<Option<Outcome>, String> {
    let (Some(plans), Some(inputs)) = (&args.plans, &args.inputs) else {
        return Ok(None);
    };
    let plain = args.payroll
        && args.payroll_export.is_none()
        && args.transactions.is_none()
        && args.profile.is_none()
        && files::is_csv(inputs);
    if !plain {
        return Ok(None);
    }
    let set = files::plans(plans)?;
    // A plan only a plan year pays goes the way that refuses it, naming
    // the participant.
    if set.iter().any(|p| p.needs_plan_year().is_some()) {
        return Ok(None);
    }
    let name = inputs.display().to_string();
    let file = std::fs::File::open(inputs).map_err(|e| format!("`{name}`: {e}"))?;
    let options = incentive::csv::StreamOptions::new()
        .threads(args.threads)
        .sorted(args.sorted);
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    // A progress bar by bytes read, for a large file streamed in a
    // terminal.
    let size = file.metadata().map_or(0, |m| m.len());
    let bar = (size >= STREAM_PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        indicatif::ProgressBar::new(size).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes}, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    });
    let reader: Box<dyn std::io::Read> = match &bar {
        Some(b) => Box::new(b.wrap_read(std::io::BufReader::new(file))),
        None => Box::new(std::io::BufReader::new(file)),
    };
    let result = incentive::csv::stream_payroll(&set, reader, Some(&name), out, &options);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(_) => Ok(Some(Outcome::Done)),
        Err(e)
            if e.details()
                .io_source
                .as_ref()
                .is_some_and(|s| s.error().kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(Some(Outcome::Done))
        }
        Err(e) => Err(files::render(&e)),
    }
}

/// A date such as 2026-04-01.
fn date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a date; give one such as 2026-04-01"))
}

/// The job file's plans and batches, paths made relative to its folder.
fn read_job(path: &Path) -> Result<(PlanSet, Vec<Batch>), String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("`{name}`: {e}"))?;
    let job: Job = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let line = text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1;
                format!(" line {line}:")
            })
            .unwrap_or_default();
        format!("invalid job file `{name}`:{at} {}", e.message())
    })?;
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let set = files::plans(&dir.join(&job.plans))?;
    let batches = job
        .batches
        .into_iter()
        .map(|b| b.within(dir))
        .collect::<Vec<_>>();
    if batches.is_empty() {
        return Err(format!(
            "job file `{name}` has no `[[batch]]`; give at least one, such as `[[batch]]\\ninputs = \"participants.toml\"`"
        ));
    }
    Ok((set, batches))
}

/// One batch's statements, sorted by participant, plan and period.
fn batch(set: &PlanSet, b: &Batch, range: Option<(Date, Date)>) -> Result<Vec<Statement>, String> {
    let roster = b.roster()?;
    let inputs = b.inputs(set, roster.as_ref())?;
    let file = b.inputs.display();
    // A plan whose rules only a plan year applies is never paid as a
    // lone period.
    for i in &inputs {
        if let Some(why) = set.get(i.plan()).and_then(|p| p.needs_plan_year()) {
            return Err(format!(
                "`{file}`: participant `{}`, plan `{}`: this plan is paid through a plan year, because {why}; `incentive run` evaluates one period on its own and would leave that out. Run the participant's plan year with `incentive year`",
                i.participant(),
                i.plan()
            ));
        }
    }
    let mut out = match b.credit_data(roster.as_ref())? {
        None => {
            // Every participant's error at once, not only the first; a
            // progress bar for a large batch watched in a terminal.
            let bar =
                (inputs.len() >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
                    indicatif::ProgressBar::new(inputs.len() as u64).with_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:40} {pos}/{len} participants, {eta} left",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    )
                });
            let run = set.evaluate_each_reporting(&inputs, &|| {
                if let Some(b) = &bar {
                    b.inc(1);
                }
            });
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            if !run.rejected.is_empty() {
                let errors: Vec<String> =
                    run.rejected.iter().map(|r| r.error.to_string()).collect();
                return Err(format!(
                    "`{file}`: {} of {} participants' inputs cannot be paid, so nothing is paid:\n  {}",
                    run.rejected.len(),
                    inputs.len(),
                    errors.join("\n  ")
                ));
            }
            run.statements
        }
        Some(data) => credited(set, &inputs, &data, range, &file.to_string())?,
    };
    out.sort_by(|a, b| {
        (&a.participant, &a.plan, &a.period).cmp(&(&b.participant, &b.plan, &b.period))
    });
    Ok(out)
}

/// Statements credited from `data` over each input's period, in date
/// order, commission plans settled through one ledger
/// ([`incentive::commission::pay_credited`]); with `range`, every input's
/// period must be exactly it.
fn credited(
    set: &PlanSet,
    inputs: &[Inputs],
    data: &CreditData,
    range: Option<(Date, Date)>,
    file: &str,
) -> Result<Vec<Statement>, String> {
    // A period the plans cannot date, or one other than `range`, is the
    // inputs file's fault: name it.
    for i in inputs {
        period_dates(set, i, file, range)?;
    }
    incentive::commission::pay_credited(set, inputs, data).map_err(|e| e.to_string())
}

/// The first and last day of `i`'s period under its plan's calendar,
/// which the credits must cover: exactly `range` when one is given.
pub fn period_dates(
    set: &PlanSet,
    i: &Inputs,
    file: &str,
    range: Option<(Date, Date)>,
) -> Result<(Date, Date), String> {
    let (from, to) =
        incentive::commission::credit_period(set, i).map_err(|e| format!("`{file}`: {e}"))?;
    if let Some((start, end)) = range {
        if (start, end) != (from, to) {
            return Err(format!(
                "`{file}`: participant `{}`, plan `{}`: period `{}` runs from {from} to {to}, but the transactions are credited from {start} to {end}; credit the period's own dates, or leave --from and --to out",
                i.participant(),
                i.plan(),
                i.period().unwrap_or_default(),
            ));
        }
    }
    Ok((from, to))
}

/// One CSV row per statement: participant, name, period, plan, total and
/// currency.
fn totals_csv(statements: &[Statement]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(["participant", "name", "period", "plan", "total", "currency"])
        .map_err(err)?;
    for s in statements {
        let total = s.total().to_string();
        let currency = s.currency.to_string();
        w.write_record([
            s.participant.as_str(),
            s.participant_name.as_deref().unwrap_or(""),
            s.period.as_deref().unwrap_or(""),
            s.plan.as_str(),
            total.as_str(),
            currency.as_str(),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| format!("cannot write CSV: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("cannot write CSV: {e}"))
}
