//! `incentive what-if`, `seek` and `compare`: a participant's earnings
//! calculator, the actual needed for an amount, and two plan versions side
//! by side.

use std::path::PathBuf;

use clap::Args;
use incentive::simulate::{Comparison, Scenario, Vary, WhatIfRow};
use incentive::{Inputs, Plan, PlanSet, goal_seek, what_if};

use crate::{Outcome, files};

/// Which participant's inputs a command reads.
#[derive(Debug, Args)]
pub struct Who {
    /// A plan file or a folder of plans.
    plans: PathBuf,
    /// The participants' inputs: TOML or CSV.
    inputs: PathBuf,
    /// The participant's id.
    #[arg(long)]
    participant: String,
    /// The period label, when the inputs hold several for the participant.
    #[arg(long)]
    period: Option<String>,
}

impl Who {
    /// The plan and the participant's inputs.
    fn find(&self) -> Result<(Plan, Inputs), String> {
        let set = files::plans(&self.plans)?;
        let inputs = files::inputs(&set, &self.inputs)?;
        let mine: Vec<&Inputs> = inputs
            .iter()
            .filter(|i| i.participant() == self.participant)
            .filter(|i| self.period.as_deref().is_none_or(|p| i.period() == Some(p)))
            .collect();
        let file = self.inputs.display();
        let one = match mine.as_slice() {
            [one] => *one,
            [] => {
                return Err(format!(
                    "`{file}` holds no inputs for participant `{}`{}",
                    self.participant,
                    self.period
                        .as_deref()
                        .map(|p| format!(" in period `{p}`"))
                        .unwrap_or_default()
                ));
            }
            many => {
                let periods: Vec<&str> = many.iter().filter_map(|i| i.period()).collect();
                return Err(format!(
                    "`{file}` holds {} sets of inputs for participant `{}` (periods {}); choose one with --period",
                    many.len(),
                    self.participant,
                    periods.join(", ")
                ));
            }
        };
        let plan = plan_of(&set, one)?;
        Ok((plan, one.clone()))
    }
}

fn plan_of(set: &PlanSet, inputs: &Inputs) -> Result<Plan, String> {
    set.get(inputs.plan()).cloned().ok_or_else(|| {
        format!(
            "participant `{}`: the plans hold no plan `{}`",
            inputs.participant(),
            inputs.plan()
        )
    })
}

/// `incentive what-if`.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    #[command(flatten)]
    who: Who,
    /// What to vary: `attainment:COMPONENT`, `actual:METRIC` or
    /// `rating:COMPONENT`.
    #[arg(long)]
    vary: String,
    /// The first value tried (an attainment of 0.8 or 80%, an actual, a rating).
    #[arg(long)]
    from: String,
    /// The last value tried.
    #[arg(long)]
    to: String,
    /// The step between values.
    #[arg(long)]
    step: String,
}

/// Runs `incentive what-if`: one row per value, each component's amount
/// and the total.
pub fn what_if_table(args: &WhatIfArgs) -> Result<Outcome, String> {
    let (plan, inputs) = args.who.find()?;
    let vary = match args.vary.split_once(':') {
        Some(("attainment", c)) => Vary::Attainment(c.to_owned()),
        Some(("actual", m)) => Vary::Actual(m.to_owned()),
        Some(("rating", c)) => Vary::Rating(c.to_owned()),
        _ => {
            return Err(format!(
                "--vary `{}` is not one of `attainment:COMPONENT`, `actual:METRIC`, `rating:COMPONENT`",
                args.vary
            ));
        }
    };
    let grid = WhatIfRow::grid(
        files::number(&args.from)?,
        files::number(&args.to)?,
        files::number(&args.step)?,
    )
    .map_err(|e| e.to_string())?;
    let rows = what_if(&plan, &inputs, &vary, &grid).map_err(|e| e.to_string())?;
    let mut header = vec![vary.to_string()];
    header.extend(plan.components().iter().map(|c| c.id().to_owned()));
    header.extend(plan.commissions().iter().map(|c| c.id().to_owned()));
    header.push("total".to_owned());
    sayln!("{}", header.join("\t"));
    for r in &rows {
        let mut cells = vec![r.value.to_string()];
        cells.extend(r.amounts.iter().map(ToString::to_string));
        cells.push(r.total.to_string());
        sayln!("{}", cells.join("\t"));
    }
    Ok(Outcome::Done)
}

/// `incentive seek`.
#[derive(Debug, Args)]
pub struct SeekArgs {
    #[command(flatten)]
    who: Who,
    /// The input metric whose actual is sought.
    #[arg(long)]
    metric: String,
    /// The total to reach, such as 6437.50.
    #[arg(long)]
    amount: String,
    /// The resolution of the actual found.
    #[arg(long, default_value = "0.01")]
    resolution: String,
}

/// Runs `incentive seek`: the smallest actual that pays the amount, or
/// why none does.
pub fn seek(args: &SeekArgs) -> Result<Outcome, String> {
    let (plan, inputs) = args.who.find()?;
    let answer = goal_seek(
        &plan,
        &inputs,
        &args.metric,
        files::number(&args.amount)?,
        files::number(&args.resolution)?,
    )
    .map_err(|e| e.to_string())?;
    sayln!("{answer}");
    Ok(Outcome::Done)
}

/// `incentive compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The plan as it is.
    old: PathBuf,
    /// The plan as proposed: the same plan id, another version.
    new: PathBuf,
    /// The participants' inputs, naming the plan.
    inputs: PathBuf,
}

/// Runs `incentive compare`: each participant's total under both plans,
/// the difference, and the totals.
pub fn compare(args: &CompareArgs) -> Result<Outcome, String> {
    let old = files::plan(&args.old)?;
    let new = files::plan(&args.new)?;
    if old.id() != new.id() {
        return Err(format!(
            "compare two versions of one plan: `{}` has id `{}` and `{}` has id `{}`",
            args.old.display(),
            old.id(),
            args.new.display(),
            new.id()
        ));
    }
    let mut set = PlanSet::new();
    set.insert(old.clone()).map_err(|e| e.to_string())?;
    let inputs: Vec<Inputs> = files::inputs(&set, &args.inputs)?
        .into_iter()
        .filter(|i| i.plan() == old.id())
        .collect();
    if inputs.is_empty() {
        return Err(format!(
            "`{}` holds no inputs for plan `{}`",
            args.inputs.display(),
            old.id()
        ));
    }
    let c = Comparison::new(
        Scenario {
            plan: &old,
            inputs: &inputs,
        },
        Scenario {
            plan: &new,
            inputs: &inputs,
        },
    )
    .map_err(|e| e.to_string())?;
    sayln!(
        "participant\tperiod\told {}\tnew {}\tdelta",
        old.version(),
        new.version()
    );
    for r in c.rows() {
        sayln!(
            "{}\t{}\t{}\t{}\t{}",
            r.participant,
            r.period.as_deref().unwrap_or(""),
            r.old,
            r.new,
            r.delta
        );
    }
    sayln!(
        "total\t\t{}\t{}\t{}",
        c.old_total(),
        c.new_total(),
        c.delta()
    );
    Ok(Outcome::Done)
}
