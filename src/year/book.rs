//! Plans and their effective-dated versions.

use std::collections::BTreeMap;
use std::path::Path;

use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::{Evaluated, Plan, PlanSet};
use crate::inputs::Inputs;
use crate::statement::Statement;
use crate::year::Calendar;

/// Plans by id, each with its versions in effective-date order: the one
/// container for single periods ([`PlanBook::evaluate`], each period paid
/// by the version in effect over it) and plan years
/// ([`PlanBook::evaluate_period`]). [`PlanSet`] is the simpler set of one
/// version per plan that batches, simulations and what-if tables take.
///
/// A plan version is in effect from its `[year] effective_from` to its
/// `effective_until` (both included; open when absent). Two versions of
/// one plan may not be in effect on the same day.
///
/// # Errors
///
/// [`PlanBook::insert`] refuses a version whose dates overlap another
/// version of the same plan, and a plan a plan year cannot run (a
/// measurement window shorter than the pay period, for one): those rules
/// are checked once, when the plan enters the book, never at evaluation. Loading fails on any invalid plan file.
///
/// # Example
///
/// ```
/// use incentive::{Date, PlanBook};
///
/// let book = PlanBook::load_dir("plans")?;
/// let on = Date::new(2026, 5, 1)?;
/// assert_eq!(book.version_on("demand-generation", on).unwrap().version(), "2026.1");
/// assert!(book.version_on("no-such-plan", on).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct PlanBook {
    plans: BTreeMap<String, Vec<Plan>>,
}

impl PlanBook {
    /// An empty book.
    pub fn new() -> PlanBook {
        PlanBook::default()
    }

    /// Adds a plan version.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] naming the plan, both versions and their dates when
    /// the new version is in effect on a day another version of the same
    /// plan is.
    pub fn insert(&mut self, plan: Plan) -> Result<()> {
        check_for_year(&plan)?;
        let versions = self.plans.entry(plan.id().to_owned()).or_default();
        let (from, until) = (plan.year().effective_from, plan.year().effective_until);
        for v in versions.iter() {
            let (vf, vu) = (v.year().effective_from, v.year().effective_until);
            // Closed ranges with open ends overlap unless one ends before
            // the other starts.
            let disjoint = matches!((until, vf), (Some(u), Some(f)) if u < f)
                || matches!((vu, from), (Some(u), Some(f)) if u < f);
            if !disjoint {
                return Err(Error::plan(format!(
                    "versions `{}` ({}) and `{}` ({}) are both in effect on some days; give each version `[year] effective_from` and `effective_until` dates that do not overlap",
                    v.def.version,
                    span(vf, vu),
                    plan.def.version,
                    span(from, until)
                ))
                .with_plan(plan.id())
                .with_field("year.effective_from"));
            }
        }
        versions.push(plan);
        versions.sort_by_key(|p| p.year().effective_from);
        Ok(())
    }

    /// Every plan of a [`PlanSet`] (one version each).
    ///
    /// # Errors
    ///
    /// As [`PlanBook::insert`], for the first plan that cannot be used in
    /// a plan year.
    pub fn from_set(set: &PlanSet) -> Result<PlanBook> {
        let mut book = PlanBook::new();
        for p in set.iter() {
            book.insert(p.clone())?;
        }
        Ok(book)
    }

    /// Loads every `*.toml` file directly inside `dir`, in file-name order.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the folder or a file cannot be read; the first
    /// invalid plan's [`Error::Plan`], naming its file; overlapping
    /// versions as [`PlanBook::insert`].
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<PlanBook> {
        let mut book = PlanBook::new();
        for (file, plan) in Plan::load_dir_files(dir.as_ref())? {
            book.insert(plan).map_err(|e| e.in_file(Some(&file)))?;
        }
        Ok(book)
    }

    /// The version of plan `id` in effect on `date`.
    pub fn version_on(&self, id: &str, date: Date) -> Option<&Plan> {
        self.plans
            .get(id)?
            .iter()
            .find(|p| p.year().in_effect(date))
    }

    /// The versions of plan `id`, in effective-date order.
    pub fn versions(&self, id: &str) -> &[Plan] {
        self.plans.get(id).map_or(&[], Vec::as_slice)
    }

    /// The plan ids, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.plans.keys().map(String::as_str)
    }

    /// The version of the inputs' plan that pays their period on its own:
    /// the plan's one version, or the version in effect on every day of
    /// the labelled period.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when the book has no such plan
    /// ([`ErrorKind::UnknownPlan`](crate::ErrorKind::UnknownPlan)); when
    /// the plan has several versions and the inputs give no period
    /// ([`ErrorKind::MissingInput`](crate::ErrorKind::MissingInput)); when
    /// no version is in effect in the period, or the version changes
    /// inside it (a plan year pays each version for its days).
    pub fn version_for(&self, inputs: &Inputs) -> Result<&Plan> {
        let id = inputs.plan();
        let who = |e: Error| e.with_participant(inputs.participant()).with_plan(id);
        let versions = self.versions(id);
        let (first, rest) = versions.split_first().ok_or_else(|| {
            let known: Vec<String> = self.ids().map(|k| format!("`{k}`")).collect();
            who(Error::unknown_plan(format!(
                "no plan has id `{id}`; known plans: {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
            .with_field("plan"))
        })?;
        let dated = first.year().effective_from.is_some() || first.year().effective_until.is_some();
        if rest.is_empty() && !dated {
            return Ok(first);
        }
        let listed = || {
            versions
                .iter()
                .map(|v| {
                    format!(
                        "`{}` ({})",
                        v.version(),
                        span(v.year().effective_from, v.year().effective_until)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let label = inputs.period().ok_or_else(|| {
            who(Error::missing(format!(
                "missing `period`: plan `{id}` has dated versions ({}), so the inputs must say which period they are for",
                listed()
            ))
            .with_field("period"))
        })?;
        let period = Calendar::of(first)
            .and_then(|c| c.period_named(label))
            .map_err(who)?;
        let (at_start, at_end) = (
            self.version_on(id, period.start()),
            self.version_on(id, period.end()),
        );
        match (at_start, at_end) {
            (Some(a), Some(b)) if std::ptr::eq(a, b) => Ok(a),
            (None, None) => Err(who(Error::input(format!(
                "no version of plan `{id}` is in effect in {period}; versions: {}",
                listed()
            ))
            .with_field("period"))),
            _ => Err(who(Error::input(format!(
                "plan `{id}` changes version inside {period} (versions: {}), so no one version pays the period; evaluate it through the plan year (`PlanBook::evaluate_period`), which pays each version for its days",
                listed()
            ))
            .with_field("period"))),
        }
    }

    /// Evaluates one period's inputs on their own, against the version of
    /// their plan that pays the period ([`PlanBook::version_for`]): what
    /// [`PlanSet::evaluate`] gives for a plan of one version, so that one
    /// book serves single periods and plan years alike.
    ///
    /// # Errors
    ///
    /// As [`PlanBook::version_for`] and [`Plan::evaluate`], and
    /// [`Error::Input`] for a plan only a plan year pays
    /// ([`Plan::needs_plan_year`]: a draw, an annual cap, a ramp, a
    /// component measured to date), which a lone period would pay without
    /// them.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Inputs, PlanBook};
    /// use rust_decimal_macros::dec;
    ///
    /// let book = PlanBook::load_dir("plans")?;
    /// let dana = Inputs::new("dana", "demand-generation")
    ///     .with_period("2026-Q1")
    ///     .actual("pipeline", dec!(2300000))
    ///     .target("pipeline", dec!(2000000))
    ///     .rating("campaign_effectiveness", dec!(4));
    /// assert_eq!(book.evaluate(&dana)?.total(), dec!(6437.50));
    ///
    /// // A plan with a rule only a plan year applies is refused.
    /// let years = PlanBook::load_dir("plans/years")?;
    /// let err = years.evaluate(&Inputs::new("dana", "demand-generation-ytd")
    ///     .with_period("2026-Q1")
    ///     .actual("pipeline", dec!(2300000))
    ///     .rating("campaign_effectiveness", dec!(4))).unwrap_err();
    /// assert!(err.to_string().contains("is paid through a plan year, because component `pipeline` is measured year to date"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Statement> {
        let plan = self.version_for(inputs)?;
        if let Some(why) = plan.needs_plan_year() {
            return Err(Error::input(format!(
                "plan `{}` is paid through a plan year, because {why}; a lone period would be paid without it: evaluate the participant's plan year (`PlanBook::evaluate_period`)",
                plan.id()
            ))
            .with_participant(inputs.participant())
            .with_plan(plan.id()));
        }
        plan.evaluate(inputs)
    }

    /// Evaluates a batch of single periods as [`PlanSet::evaluate_all`]
    /// does, each against the version that pays its period.
    ///
    /// # Errors
    ///
    /// The first error in the order of participant, plan and period.
    pub fn evaluate_all(&self, inputs: &[Inputs]) -> Result<Vec<Statement>> {
        crate::evaluate::evaluate_sorted(inputs, |i| self.evaluate(i))
    }

    /// Evaluates every single period of a batch as
    /// [`PlanSet::evaluate_each`] does, the rejected ones with their
    /// errors.
    pub fn evaluate_each(&self, inputs: &[Inputs]) -> Evaluated {
        crate::evaluate::evaluate_each_with(inputs, |i| self.evaluate(i))
    }
}

fn span(from: Option<Date>, until: Option<Date>) -> String {
    match (from, until) {
        (None, None) => "always".into(),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(f), Some(u)) => format!("{f} to {u}"),
    }
}

/// The plan-year rules a plan must meet to enter a book, checked once: no
/// measurement window is shorter than the plan's pay period, and
/// commission timing a plan year can run.
fn check_for_year(plan: &Plan) -> Result<()> {
    refuse_window_shorter_than_period(plan)?;
    refuse_commission_timing(plan)
}

/// Refuses what a plan year would not apply: it settles a negative period
/// by its own `[year] negative_true_up` (carried or written off), and pays
/// commission in the period it is earned; paying a negative total, paying
/// on collection and deferred schedules are [`CommissionLedger`]'s
/// (`crate::commission`), so a plan year refuses them rather than ignore
/// them.
///
/// [`CommissionLedger`]: crate::commission::CommissionLedger
fn refuse_commission_timing(plan: &Plan) -> Result<()> {
    if plan.commissions().is_empty() {
        return Ok(());
    }
    if plan.negative_total() == crate::plan::NegativeTotal::Pay {
        return Err(Error::plan(
            "a plan year settles a negative period by `[year] negative_true_up` (carried or written off), not by `negative = \"pay\"`; settle such a plan period by period with `CommissionLedger`, or drop `negative`",
        )
        .with_plan(plan.id())
        .with_field("negative"));
    }
    for c in plan.commissions() {
        let (timed, field) = if c.payment() == crate::plan::Payment::Collected {
            (true, "payment")
        } else {
            (!c.schedule().is_empty(), "schedule")
        };
        if timed {
            return Err(Error::plan(format!(
                "commission `{}` is paid on collection or on a deferred schedule, which a plan year does not apply; settle it period by period with `CommissionLedger`",
                c.id()
            ))
            .with_plan(plan.id())
            .with_component(c.id())
            .with_field(field));
        }
    }
    Ok(())
}

/// Refuses a measurement window shorter than the pay period: a quarterly
/// plan cannot measure a component half a quarter to date, and a half-year
/// plan cannot measure one quarter to date.
fn refuse_window_shorter_than_period(plan: &Plan) -> Result<()> {
    // Quarters and halves hold whole calendar pay periods only: weekly,
    // biweekly and custom periods do not line up with them.
    let calendar = matches!(plan.pay_period().periods_per_year(), 1 | 2 | 4 | 12 | 24);
    let windowed =
        |c: &&crate::plan::Component| c.measurement.window_months().is_some_and(|w| w < 12);
    if !calendar {
        if let Some(c) = plan.def.components.iter().find(windowed) {
            return Err(Error::plan(format!(
                "component `{}` is measured {} but plan `{}` pays per {}, whose periods do not line up with quarters or halves; measure it per period or year to date",
                c.id,
                c.measurement,
                plan.id(),
                plan.pay_period()
            ))
            .with_plan(plan.id())
            .with_component(&c.id)
            .with_field("measurement"));
        }
        return Ok(());
    }
    let period_months = 12u32
        .checked_div(plan.pay_period().periods_per_year())
        .unwrap_or(0);
    let Some(c) = plan.def.components.iter().find(|c| {
        c.measurement
            .window_months()
            .is_some_and(|w| w < period_months)
    }) else {
        return Ok(());
    };
    Err(Error::plan(format!(
        "component `{}` is measured {} but plan `{}` pays per {}; a measurement window holds whole pay periods, so measure it per period or over a longer window",
        c.id,
        c.measurement,
        plan.id(),
        plan.pay_period()
    ))
    .with_plan(plan.id())
    .with_component(&c.id)
    .with_field("measurement"))
}
