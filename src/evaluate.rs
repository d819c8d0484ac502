//! The route layer: a [`Plan`] (a checked definition with its compiled
//! program), plan × inputs → statement (a pure function, recorded step by
//! step), and [`PlanSet`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::money::Currency;
use crate::plan::{
    AdjustmentPlacement, Cap, Clawback, Commission, Component, Definition, NegativeTotal,
    PayPeriod, TargetIncentive, YearPolicy,
};
use crate::program::{self, Context, Explain, Payout, Program, run::Gathered};
use crate::rounding::Rounding;
use crate::statement::{Statement, TargetIncentiveLine};

/// A checked, immutable incentive plan, ready to evaluate.
///
/// A `Plan` only exists once every rule of the plan file has been checked:
/// weights sum to exactly 100%, curve points are ordered, scales cover their
/// ratings, every referenced metric, curve and scale is declared. Loading
/// ends by compiling the checked plan into the program that every route
/// (a statement, a batch, a plan year, a simulation) runs. See the crate
/// documentation for the file format.
///
/// # Errors
///
/// Building a plan fails with [`Error::Plan`] naming the file, line and
/// column, component and field, and saying what would be valid.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// assert_eq!(plan.id(), "demand-generation");
///
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// assert_eq!(plan.evaluate(&dana)?.total(), dec!(6437.50));
///
/// let bad = "id = 'x'\nname = 'x'\nversion = '1'\ncurrency = 'USD'\npay_period = 'quarter'\n\
///            target_incentive = { amount = 100 }\n\
///            [[components]]\nid = 'a'\nname = 'A'\nwieght = 1\n";
/// let err = Plan::from_toml(bad).unwrap_err();
/// assert_eq!(err.details().line, Some(10));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// What the plan file says, checked.
    pub(crate) def: Definition,
    /// The definition compiled ([`crate::program`]): what every route runs.
    pub(crate) program: Arc<Program>,
}

impl Plan {
    /// Parses and checks a plan, then compiles it: an error compiling is
    /// located like an error checking.
    fn parse(text: &str, file: Option<&str>) -> Result<Plan> {
        Definition::parse(text, file, |def| {
            let program = Arc::new(Program::compile(&def)?);
            Ok(Plan { def, program })
        })
    }

    /// Parses and checks a plan from TOML text.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] for a syntax error, an unknown or missing field, or a
    /// broken rule, with line and column where the file has them.
    pub fn from_toml(text: &str) -> Result<Plan> {
        Plan::parse(text, None)
    }

    /// Parses and checks a plan from TOML text, naming the file in errors.
    ///
    /// # Errors
    ///
    /// As [`Plan::from_toml`], with `file` in the error.
    pub fn from_toml_named(text: &str, file: &str) -> Result<Plan> {
        Plan::parse(text, Some(file))
    }

    /// Reads, parses and checks a plan file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`Plan::from_toml`].
    pub fn load(path: impl AsRef<Path>) -> Result<Plan> {
        let path = path.as_ref();
        let name = path.display().to_string();
        // A plan file that is not UTF-8 is an invalid plan.
        let text = crate::source::read_text(path, &name).map_err(|e| match e {
            Error::Input(d) => Error::Plan(d),
            other => other,
        })?;
        Plan::parse(&text, Some(&name))
    }

    /// Loads every `*.toml` file directly inside `dir` (not its
    /// subfolders), in file-name order, with each file's name.
    pub(crate) fn load_dir_files(dir: &Path) -> Result<Vec<(String, Plan)>> {
        let name = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(&name, e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&name, e))?.path();
            if path.is_file() && path.extension().is_some_and(|x| x == "toml") {
                files.push(path);
            }
        }
        files.sort();
        let mut plans = Vec::with_capacity(files.len());
        for f in files {
            plans.push((f.display().to_string(), Plan::load(&f)?));
        }
        Ok(plans)
    }

    /// The plan's id, which inputs name.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// The plan's name.
    pub fn name(&self) -> &str {
        &self.def.name
    }

    /// The plan's version.
    pub fn version(&self) -> &str {
        &self.def.version
    }

    /// The plan's description, if any.
    pub fn description(&self) -> Option<&str> {
        self.def.description.as_deref()
    }

    /// The currency payouts are made in.
    pub fn currency(&self) -> Currency {
        self.def.currency
    }

    /// How often the plan pays.
    pub fn pay_period(&self) -> PayPeriod {
        self.def.pay_period
    }

    /// How the target incentive per period is set; `None` for a plan of
    /// commission components only.
    pub fn target_incentive(&self) -> Option<TargetIncentive> {
        self.def.target_incentive
    }

    /// The annual quota the plan's pay mix reads its implied commission
    /// rate against (`target_incentive.quota`), if any.
    pub fn quota(&self) -> Option<Decimal> {
        self.def.quota
    }

    /// Each pay period's share of the annual target incentive, in order
    /// (`target_incentive.period_weights`); `None` when the periods pay
    /// evenly.
    pub fn period_weights(&self) -> Option<&[Decimal]> {
        self.def.period_weights.as_deref()
    }

    /// Where the inputs' manual adjustments sit against the plan cap
    /// (`adjustments` in the plan file).
    pub fn adjustments(&self) -> AdjustmentPlacement {
        self.def.adjustments
    }

    /// The rounding policy.
    pub fn rounding(&self) -> Rounding {
        self.def.rounding
    }

    /// The weighted components, in plan order.
    pub fn components(&self) -> &[Component] {
        &self.def.components
    }

    /// The commission components, in plan order (after the weighted ones
    /// on statements).
    pub fn commissions(&self) -> &[Commission] {
        &self.def.commissions
    }

    /// Why this plan can only be paid through a plan year, if it can:
    /// its `[year]` table or components hold a rule a single period does
    /// not apply (a draw, an annual cap, a ramp, a component measured to
    /// date). `None` when evaluating one whole period on its own pays what
    /// the plan year pays for it; the year table's proration conventions
    /// and `prorate_targets` apply only to partial periods, which a single
    /// period never is.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::Plan;
    ///
    /// assert_eq!(Plan::load("plans/demand-generation.toml")?.needs_plan_year(), None);
    /// let ytd = Plan::load("plans/years/demand-generation-ytd.toml")?;
    /// assert_eq!(
    ///     ytd.needs_plan_year().as_deref(),
    ///     Some("component `pipeline` is measured year to date")
    /// );
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn needs_plan_year(&self) -> Option<String> {
        let year = self.year();
        if let Some(d) = &year.draw {
            return Some(format!("it pays a draw of {} a period", d.amount));
        }
        if let Some(cap) = year.annual_cap {
            return Some(format!("it has an annual cap of {cap}"));
        }
        if !year.ramp.is_empty() {
            return Some("it ramps new hires' quotas".to_owned());
        }
        self.components().iter().find_map(|c| {
            let m = c.measurement();
            (m != crate::plan::Measurement::Period)
                .then(|| format!("component `{}` is measured {m}", c.id()))
        })
    }

    /// What a negative period total does (`negative` in the plan file).
    pub fn negative_total(&self) -> NegativeTotal {
        self.def.negative
    }

    /// What a cancellation claws back, if the plan claws back.
    pub fn clawback(&self) -> Option<&Clawback> {
        self.def.clawback.as_ref()
    }

    /// The cap on the plan's total, if any.
    pub fn cap(&self) -> Option<Cap> {
        self.def.cap
    }

    /// Days from booking within which a cancelled transaction's payment is
    /// clawed back (inclusive), if the plan claws back.
    pub fn clawback_window_days(&self) -> Option<u32> {
        match self.def.clawback {
            Some(Clawback::Window(w)) => Some(w),
            _ => None,
        }
    }

    /// The transactions' metric that a credited input metric counts: the
    /// plan's `transactions` for the metric, or the metric's own name.
    pub fn transaction_metric<'a>(&'a self, metric: &'a str) -> &'a str {
        self.def
            .transaction_metrics
            .get(metric)
            .map_or(metric, String::as_str)
    }

    /// The plan's rules for its plan year (the `[year]` table).
    pub fn year(&self) -> &YearPolicy {
        &self.def.year
    }

    /// The input metrics the plan reads (derived ratios excluded), sorted.
    pub fn input_metrics(&self) -> impl Iterator<Item = &str> {
        self.def.input_metrics()
    }
}

impl Plan {
    /// Evaluates the plan for one participant's inputs.
    ///
    /// Pure: no I/O, no clock, no global state; the same plan and inputs
    /// give the same statement, whatever order the inputs were built in.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant, component and field when
    /// the inputs are for another plan; name a metric, target, rating or
    /// label the plan does not have; miss an actual, target, rating or
    /// label (never read as zero, or as any label); give a target of zero
    /// or less, a rating off its scale, a label its scale does not have
    /// (listing the scale's labels), a score or a weighted score's part
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
        explain(self, inputs, &Context::default()).map_err(|e| {
            e.with_participant(inputs.participant())
                .with_plan(self.id())
        })
    }
}

/// A plan's target incentive for period `index` (from 1, labelled
/// `label`) of its plan year, with its basis: computed by the one function every route uses
/// ([`program::run::target_incentive`]) from the participant's `terms`
/// (own amount, base salary, pay mix). `field` prefixes the fields named
/// in errors (`"assignments."` for a plan year's assignments);
/// `missing_base` is the error for a percent of base without a salary.
pub(crate) fn target_incentive_from(
    plan: &Plan,
    terms: &program::Terms<'_>,
    index: u32,
    label: &str,
    field: &str,
    missing_base: impl FnOnce() -> Error,
) -> Result<TargetIncentiveLine> {
    let (amount, line) = program::run::target_incentive(
        &plan.program,
        terms,
        program::PeriodAt::Dated { index, label },
        field,
        true,
        |_, _| missing_base(),
    )?;
    Ok(line.unwrap_or_else(|| TargetIncentiveLine::new("", amount)))
}

/// Evaluates `inputs` with `ctx` through the plan's program, explaining
/// every step: the one route to a [`Statement`].
pub(crate) fn explain(plan: &Plan, inputs: &Inputs, ctx: &Context<'_>) -> Result<Statement> {
    let prog = &plan.program;
    let mut out = Payout::with_capacity(prog.comps.len(), prog.quants.len(), 0);
    let mut values = Vec::with_capacity(prog.layout.len());
    prog.layout.gather(&plan.def, inputs, &mut values)?;
    let mut rec = Explain::with_capacity(prog.comps.len());
    let src = Gathered::new(&values, inputs);
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
        l.rounded_to_cap = p.rounded_to_cap;
    }
    Ok(Statement {
        participant: inputs.participant().to_owned(),
        participant_name: inputs.participant_name().map(str::to_owned),
        period: inputs.period().map(str::to_owned),
        plan: plan.id().to_owned(),
        plan_name: plan.name().to_owned(),
        plan_version: plan.version().to_owned(),
        currency: plan.currency(),
        target_incentive,
        lines,
        adjustments,
        exact_total: out
            .exact_total()
            .ok_or_else(|| Error::plan("the exact total was not computed"))?,
        total: out.total(),
        rounding: plan.rounding(),
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
        if self.plans.contains_key(plan.id()) {
            return Err(Error::plan(format!(
                "two plans have the id `{}`; plan ids must be unique",
                plan.id()
            ))
            .with_field("id"));
        }
        self.plans.insert(plan.id().to_owned(), plan);
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
            Error::unknown_plan(format!(
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

    /// Evaluates every participant of a batch, whatever the others' errors:
    /// a payroll run of 10,000 is not stopped by one bad row. The
    /// statements and the rejected participants (with their errors) come
    /// back in the order of participant, plan and period, whatever the
    /// order of `inputs`; a second set of inputs for one participant, plan
    /// and period is rejected as [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate).
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{ErrorKind, Inputs, PlanSet};
    /// use rust_decimal_macros::dec;
    ///
    /// let plans = PlanSet::load_dir("plans")?;
    /// let dana = Inputs::new("dana", "demand-generation")
    ///     .actual("pipeline", dec!(2300000))
    ///     .target("pipeline", dec!(2000000))
    ///     .rating("campaign_effectiveness", dec!(4));
    /// let off_scale = Inputs::new("eli", "demand-generation")
    ///     .actual("pipeline", dec!(2300000))
    ///     .target("pipeline", dec!(2000000))
    ///     .rating("campaign_effectiveness", dec!(9));
    /// let lost = Inputs::new("fay", "no-such-plan");
    /// let run = plans.evaluate_each(&[lost, off_scale, dana]);
    /// assert_eq!(run.statements.len(), 1);
    /// assert_eq!(run.statements[0].total(), dec!(6437.50));
    /// let why: Vec<(&str, ErrorKind)> =
    ///     run.rejected.iter().map(|r| (r.participant.as_str(), r.error.kind())).collect();
    /// assert_eq!(why, [("eli", ErrorKind::OffScale), ("fay", ErrorKind::UnknownPlan)]);
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn evaluate_each(&self, inputs: &[Inputs]) -> Evaluated {
        evaluate_each_with(inputs, |i| self.evaluate(i))
    }

    /// [`PlanSet::evaluate_each`], calling `progress` once for each set of
    /// inputs evaluated (for a progress bar); the result does not depend
    /// on it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::cell::Cell;
    /// use incentive::{Inputs, PlanSet};
    ///
    /// let plans = PlanSet::load_dir("plans")?;
    /// let inputs = Inputs::load_list("plans/samples/participants.toml")?;
    /// let done = Cell::new(0);
    /// let run = plans.evaluate_each_reporting(&inputs, &|| done.set(done.get() + 1));
    /// assert_eq!(done.get(), inputs.len());
    /// assert_eq!(run, plans.evaluate_each(&inputs));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn evaluate_each_reporting(&self, inputs: &[Inputs], progress: &dyn Fn()) -> Evaluated {
        evaluate_each_with(inputs, |i| {
            let s = self.evaluate(i);
            progress();
            s
        })
    }
}

/// Evaluates `inputs` with `evaluate` in participant, plan and period
/// order, refusing one participant, plan and period given twice.
pub(crate) fn evaluate_sorted(
    inputs: &[Inputs],
    evaluate: impl Fn(&Inputs) -> Result<Statement>,
) -> Result<Vec<Statement>> {
    let mut out = Vec::with_capacity(inputs.len());
    for (i, result) in each_sorted(inputs, evaluate) {
        out.push(result.map_err(|e| e.with_participant(i.participant()))?);
    }
    Ok(out)
}

/// Each of `inputs` evaluated with `evaluate`, gathered as
/// [`PlanSet::evaluate_each`] gathers them.
pub(crate) fn evaluate_each_with(
    inputs: &[Inputs],
    evaluate: impl Fn(&Inputs) -> Result<Statement>,
) -> Evaluated {
    let mut out = Evaluated::default();
    for (i, result) in each_sorted(inputs, evaluate) {
        match result {
            Ok(s) => out.statements.push(s),
            Err(error) => out.rejected.push(Rejected {
                participant: i.participant().to_owned(),
                plan: i.plan().to_owned(),
                period: i.period().map(str::to_owned),
                error,
            }),
        }
    }
    out
}

/// Each of `inputs` evaluated, in the order of participant, plan and
/// period, a second set of inputs for one participant, plan and period
/// refused as a duplicate.
fn each_sorted(
    inputs: &[Inputs],
    evaluate: impl Fn(&Inputs) -> Result<Statement>,
) -> Vec<(&Inputs, Result<Statement>)> {
    let mut order: Vec<&Inputs> = inputs.iter().collect();
    order.sort_by(|a, b| {
        (a.participant(), a.plan(), a.period()).cmp(&(b.participant(), b.plan(), b.period()))
    });
    let mut seen = BTreeSet::new();
    order
        .into_iter()
        .map(|i| {
            let result = if seen.insert((i.participant(), i.plan(), i.period())) {
                evaluate(i)
            } else {
                Err(Error::duplicate(format!(
                    "participant `{}` appears twice for plan `{}`{}; give each participant one set of inputs per plan and period",
                    i.participant(),
                    i.plan(),
                    i.period()
                        .map(|p| format!(" and period `{p}`"))
                        .unwrap_or_default()
                ))
                .with_participant(i.participant()))
            };
            (i, result)
        })
        .collect()
}

/// What [`PlanSet::evaluate_each`] gives back: the statements of every
/// participant whose inputs could be paid, and every other participant
/// with the error that stopped them, both in the order of participant,
/// plan and period.
///
/// # Example
///
/// See [`PlanSet::evaluate_each`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Evaluated {
    /// The statements, one per participant, plan and period paid.
    pub statements: Vec<Statement>,
    /// The participants not paid, each with why.
    pub rejected: Vec<Rejected>,
}

/// One participant's inputs that could not be paid, and why.
///
/// # Example
///
/// See [`PlanSet::evaluate_each`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rejected {
    /// The participant's id.
    pub participant: String,
    /// The plan the inputs name.
    pub plan: String,
    /// The inputs' period label, if any.
    pub period: Option<String>,
    /// Why they could not be paid; [`Error::kind`] says what kind of
    /// problem it is.
    pub error: Error,
}
