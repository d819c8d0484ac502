//! Plan × inputs → statement: a pure function, recorded step by step.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::plan::Plan;
use crate::program::{self, Context, Explain, Payout, run::Gathered};
use crate::statement::{Statement, TargetIncentiveLine};

impl Plan {
    /// Evaluates the plan for one participant's inputs.
    ///
    /// Pure: no I/O, no clock, no global state; the same plan and inputs
    /// give the same statement, whatever order the inputs were built in.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant, component and field when
    /// the inputs are for another plan; name a metric, target or rating the
    /// plan does not have; miss an actual, target or rating (never read as
    /// zero); give a target of zero or less, a rating off its scale, a score
    /// outside its range, a ratio metric whose denominator is zero, or a
    /// lower-is-better `target / actual` with an actual of zero or less.
    /// [`Error::Overflow`] when a value is too large to compute exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Error, Inputs, Plan};
    /// use rust_decimal_macros::dec;
    ///
    /// let plan = Plan::load("plans/channel-marketing.toml")?;
    /// let chen = Inputs::new("chen", "channel-marketing")
    ///     .actual("channel_pipeline", dec!(3200000))
    ///     .target("channel_pipeline", dec!(4000000))
    ///     .rating("partner_satisfaction", dec!(5))
    ///     .rating("channel_strategy", dec!(2));
    /// assert_eq!(plan.evaluate(&chen)?.total(), dec!(4050.00));
    ///
    /// let off_scale = chen.rating("channel_strategy", dec!(6));
    /// let err = plan.evaluate(&off_scale).unwrap_err();
    /// assert!(matches!(err, Error::Input(_)));
    /// assert_eq!(err.details().component.as_deref(), Some("channel_strategy"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Statement> {
        explain(self, inputs, &Context::default())
            .map_err(|e| e.with_participant(inputs.participant()).with_plan(&self.id))
    }
}

/// A plan's target incentive for one period, with its basis: the
/// participant's own amount (`own`) if given, else the plan's amount,
/// annual amount or percent of the annual `base` salary, divided over the
/// year's periods exactly. `field` prefixes the fields named in errors
/// (`"assignments."` for a plan year's assignments); `missing_base` is the
/// error for a percent-of-base plan without a salary.
pub(crate) fn target_incentive_from(
    plan: &Plan,
    own: Option<Decimal>,
    base: Option<Decimal>,
    field: &str,
    missing_base: impl FnOnce() -> Error,
) -> Result<TargetIncentiveLine> {
    let (amount, basis) =
        program::run::target_incentive(&plan.program, own, base, field, true, missing_base)?;
    Ok(TargetIncentiveLine {
        basis: basis.unwrap_or_default(),
        amount,
    })
}

/// Evaluates `inputs` with `ctx` through the plan's program, explaining
/// every step: the one route to a [`Statement`].
pub(crate) fn explain(plan: &Plan, inputs: &Inputs, ctx: &Context<'_>) -> Result<Statement> {
    let prog = &plan.program;
    let mut out = Payout::with_capacity(prog.comps.len(), prog.quants.len(), prog.layout.len());
    let mut values = Vec::with_capacity(prog.layout.len());
    prog.layout.gather(plan, inputs, &mut values)?;
    let mut rec = Explain::default();
    let src = Gathered {
        values: &values,
        inputs,
    };
    program::run(prog, &src, ctx, &mut out, &mut rec)?;
    statement(plan, inputs, rec, &out)
}

/// Assembles the statement from what the explaining recorder wrote and the
/// amounts the interpreter computed.
pub(crate) fn statement(
    plan: &Plan,
    inputs: &Inputs,
    rec: Explain,
    out: &Payout,
) -> Result<Statement> {
    let Explain {
        target_incentive,
        mut lines,
        adjustments,
    } = rec;
    for (l, p) in lines.iter_mut().zip(out.lines()) {
        l.amount = p.amount;
    }
    Ok(Statement {
        participant: inputs.participant().to_owned(),
        participant_name: inputs.participant_name().map(str::to_owned),
        period: inputs.period().map(str::to_owned),
        plan: plan.id.clone(),
        plan_name: plan.name.clone(),
        plan_version: plan.version.clone(),
        currency: plan.currency,
        target_incentive: target_incentive
            .ok_or_else(|| Error::plan("the target incentive was not recorded"))?,
        lines,
        adjustments,
        exact_total: out
            .exact_total()
            .ok_or_else(|| Error::plan("the exact total was not computed"))?,
        total: out.total(),
        rounding: plan.rounding,
        credits: Vec::new(),
    })
}

/// A set of plans by id: what a batch of inputs is evaluated against.
///
/// # Errors
///
/// Loading fails on any invalid plan file or on two plans with one id;
/// evaluating fails on inputs naming a plan the set does not have.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, PlanSet};
/// use rust_decimal_macros::dec;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let alex = Inputs::new("alex", "account-executive-marginal")
///     .actual("bookings", dec!(650000))
///     .target("commission", dec!(500000));
/// assert_eq!(plans.evaluate(&alex)?.total(), dec!(58000.00));
///
/// let unknown = Inputs::new("alex", "no-such-plan");
/// assert!(plans.evaluate(&unknown).unwrap_err().to_string().contains("no plan has id `no-such-plan`"));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct PlanSet {
    plans: BTreeMap<String, Plan>,
}

impl PlanSet {
    /// An empty set.
    pub fn new() -> PlanSet {
        PlanSet::default()
    }

    /// Adds a plan.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] when a plan with the same id is already in the set.
    pub fn insert(&mut self, plan: Plan) -> Result<()> {
        if self.plans.contains_key(&plan.id) {
            return Err(Error::plan(format!(
                "two plans have the id `{}`; plan ids must be unique",
                plan.id
            ))
            .with_field("id"));
        }
        self.plans.insert(plan.id.clone(), plan);
        Ok(())
    }

    /// Loads every `*.toml` file directly inside `dir` (not its
    /// subfolders), in file-name order.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the folder or a file cannot be read; the first
    /// invalid plan's [`Error::Plan`], naming its file.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<PlanSet> {
        let mut set = PlanSet::new();
        for (file, plan) in Plan::load_dir_files(dir.as_ref())? {
            set.insert(plan).map_err(|e| e.in_file(Some(&file)))?;
        }
        Ok(set)
    }

    /// The plan with id `id`.
    pub fn get(&self, id: &str) -> Option<&Plan> {
        self.plans.get(id)
    }

    /// The plans, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Plan> {
        self.plans.values()
    }

    /// The number of plans.
    pub fn len(&self) -> usize {
        self.plans.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
    }

    /// Evaluates inputs against the plan they name.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when no plan has the inputs' plan id; otherwise as
    /// [`Plan::evaluate`].
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Statement> {
        let plan = self.plans.get(inputs.plan()).ok_or_else(|| {
            let known: Vec<String> = self.plans.keys().map(|k| format!("`{k}`")).collect();
            Error::input(format!(
                "no plan has id `{}`; known plans: {}",
                inputs.plan(),
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))
            .with_participant(inputs.participant())
            .with_field("plan")
        })?;
        plan.evaluate(inputs)
    }

    /// Evaluates a batch of inputs; statements come back sorted by
    /// participant, plan and period, whatever the order of `inputs`.
    ///
    /// # Errors
    ///
    /// The first error in that order, or [`Error::Input`] when one
    /// participant, plan and period appears twice.
    pub fn evaluate_all(&self, inputs: &[Inputs]) -> Result<Vec<Statement>> {
        evaluate_sorted(inputs, |i| self.evaluate(i))
    }
}

/// Evaluates `inputs` with `evaluate` in participant, plan and period
/// order, refusing one participant, plan and period given twice.
pub(crate) fn evaluate_sorted(
    inputs: &[Inputs],
    evaluate: impl Fn(&Inputs) -> Result<Statement>,
) -> Result<Vec<Statement>> {
    let mut order: Vec<&Inputs> = inputs.iter().collect();
    order.sort_by(|a, b| {
        (a.participant(), a.plan(), a.period()).cmp(&(b.participant(), b.plan(), b.period()))
    });
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        if !seen.insert((i.participant(), i.plan(), i.period())) {
            return Err(Error::input(format!(
                "participant `{}` appears twice for plan `{}`{}; give each participant one set of inputs per plan and period",
                i.participant(),
                i.plan(),
                i.period()
                    .map(|p| format!(" and period `{p}`"))
                    .unwrap_or_default()
            ))
            .with_participant(i.participant()));
        }
        out.push(evaluate(i)?);
    }
    Ok(out)
}
