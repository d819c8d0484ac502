//! What a participant brings to a plan year: where they were when, their
//! targets over time, and each period's actuals and ratings.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::date::Date;
use crate::inputs::Inputs;
use crate::plan::Mix;

/// A participant's time in one plan: from a date, to a date or open.
///
/// Hire is the first assignment's `from`, termination the last one's
/// `until`; a role or plan change is one assignment ending the day before
/// the next begins. The target incentive is the plan's unless the
/// assignment sets its own (per period, before proration).
///
/// # Errors
///
/// None here; overlapping assignments are refused when the year is
/// evaluated ([`PlanBook::evaluate_period`](crate::PlanBook::evaluate_period)).
///
/// # Example
///
/// ```
/// use incentive::{Assignment, Date};
/// use rust_decimal_macros::dec;
///
/// let a = Assignment::new("channel-marketing", Date::new(2026, 2, 15)?)
///     .until(Date::new(2026, 12, 31)?)
///     .with_target_incentive(dec!(4500));
/// assert_eq!(a.plan(), "channel-marketing");
/// assert_eq!(a.until_date(), Some(Date::new(2026, 12, 31)?));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assignment {
    plan: String,
    from: Date,
    until: Option<Date>,
    target_incentive: Option<Decimal>,
    base_salary: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_percent: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ote: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mix: Option<Mix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<Decimal>,
}

impl Assignment {
    /// In plan `plan` from `from` (included), with no end.
    pub fn new(plan: impl Into<String>, from: Date) -> Assignment {
        Assignment {
            plan: plan.into(),
            from,
            until: None,
            target_incentive: None,
            base_salary: None,
            target_percent: None,
            ote: None,
            mix: None,
            quota: None,
        }
    }

    /// Ends the assignment on `until` (included).
    #[must_use]
    pub fn until(mut self, until: Date) -> Assignment {
        self.until = Some(until);
        self
    }

    /// This participant's target incentive per period, before proration.
    #[must_use]
    pub fn with_target_incentive(mut self, amount: Decimal) -> Assignment {
        self.target_incentive = Some(amount);
        self
    }

    /// The annual base salary, for plans paying a percent of base.
    #[must_use]
    pub fn with_base_salary(mut self, amount: Decimal) -> Assignment {
        self.base_salary = Some(amount);
        self
    }

    /// Annual on-target earnings, divided by the plan's mix or the
    /// assignment's own ([`Inputs::with_ote`]).
    #[must_use]
    pub fn with_ote(mut self, amount: Decimal) -> Assignment {
        self.ote = Some(amount);
        self
    }

    /// The pay mix, dividing the plan's on-target earnings or the
    /// assignment's own ([`Inputs::with_mix`]).
    #[must_use]
    pub fn with_mix(mut self, mix: Mix) -> Assignment {
        self.mix = Some(mix);
        self
    }

    /// The annual target incentive as a fraction of the base salary
    /// ([`Inputs::with_target_percent`]).
    #[must_use]
    pub fn with_target_percent(mut self, percent: Decimal) -> Assignment {
        self.target_percent = Some(percent);
        self
    }

    /// An annual quota, for the pay mix's implied commission rate
    /// ([`Inputs::with_quota`]).
    #[must_use]
    pub fn with_quota(mut self, quota: Decimal) -> Assignment {
        self.quota = Some(quota);
        self
    }

    /// The assignment's pay terms, as the target incentive reads them.
    pub(crate) fn terms(&self) -> crate::program::Terms<'static> {
        crate::program::Terms {
            target_incentive: self.target_incentive,
            base_salary: self.base_salary,
            target_percent: self.target_percent,
            ote: self.ote,
            mix: self.mix,
            quota: self.quota,
            period: None,
        }
    }

    /// The plan id.
    pub fn plan(&self) -> &str {
        &self.plan
    }

    /// The first day in the plan.
    pub fn from_date(&self) -> Date {
        self.from
    }

    /// The last day in the plan, if it ends.
    pub fn until_date(&self) -> Option<Date> {
        self.until
    }

    /// The assignment's own target incentive per period, if set.
    pub fn target_incentive(&self) -> Option<Decimal> {
        self.target_incentive
    }

    /// The annual base salary, if set.
    pub fn base_salary(&self) -> Option<Decimal> {
        self.base_salary
    }

    pub(crate) fn contains(&self, d: Date) -> bool {
        self.from <= d && self.until.is_none_or(|u| d <= u)
    }

    pub(crate) fn span(&self) -> String {
        match self.until {
            Some(u) => format!("{} to {u}", self.from),
            None => format!("from {}", self.from),
        }
    }
}

/// One entry of a target schedule: a target per period, in effect from a
/// date to a date (or until the next entry).
///
/// # Errors
///
/// None here; gaps and overlaps are refused when the year is evaluated.
///
/// # Example
///
/// ```
/// use incentive::Date;
/// use incentive::year::TargetEntry;
/// use rust_decimal_macros::dec;
///
/// let rebased = TargetEntry::new(Date::new(2026, 7, 1)?, dec!(1500000));
/// assert_eq!(rebased.to_string(), "1500000 a period from 2026-07-01");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TargetEntry {
    /// The first day the target applies.
    pub from: Date,
    /// The last day it applies; `None` runs to the next entry, or on.
    pub until: Option<Date>,
    /// The target for a whole period.
    pub amount: Decimal,
}

impl TargetEntry {
    /// `amount` a period from `from` on.
    pub fn new(from: Date, amount: Decimal) -> TargetEntry {
        TargetEntry {
            from,
            until: None,
            amount,
        }
    }
}

impl std::fmt::Display for TargetEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.until {
            Some(u) => write!(f, "{} a period from {} to {u}", self.amount, self.from),
            None => write!(f, "{} a period from {}", self.amount, self.from),
        }
    }
}

/// A participant's plan year: assignments, leaves, target schedules and
/// each period's data.
///
/// - Assignments ([`Assignment`]) say which plan the participant is in on
///   each day; days outside every assignment, or on leave, are not in any
///   plan, and the target incentive is prorated by calendar days in plan.
/// - Target schedules give a component's target per period with effective
///   dates; a re-based target applies from its date. A period's target is
///   the day-weighted schedule over the period (over the days in plan when
///   the plan prorates targets); a year-to-date target is the sum of the
///   periods' targets. A target in a period's [`Inputs`] overrides the
///   schedule for that period; a plan's fixed `target` is the fallback.
/// - Period data are [`Inputs`] labelled with the period (`2026-Q1`) and
///   the plan: the actuals and ratings for the days in that plan.
///
/// # Errors
///
/// None here; everything is checked when the year is evaluated, naming the
/// participant, plan and dates.
///
/// # Example
///
/// ```
/// use incentive::{Assignment, Date, Inputs, YearInputs};
/// use rust_decimal_macros::dec;
///
/// let year = YearInputs::new("hana", 2026)
///     .assign(Assignment::new("demand-generation", Date::new(2026, 2, 15)?))
///     .target_from("demand-generation", "pipeline", Date::new(2026, 1, 1)?, dec!(2000000))
///     .period(Inputs::new("hana", "demand-generation")
///         .with_period("2026-Q1")
///         .actual("pipeline", dec!(1150000))
///         .rating("campaign_effectiveness", dec!(4)));
/// assert_eq!(year.participant(), "hana");
/// assert_eq!(year.assignments().len(), 1);
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct YearInputs {
    participant: String,
    name: Option<String>,
    year: i32,
    assignments: Vec<Assignment>,
    leaves: Vec<(Date, Date)>,
    hired: Option<Date>,
    targets: BTreeMap<String, BTreeMap<String, Vec<TargetEntry>>>,
    periods: Vec<Inputs>,
}

impl YearInputs {
    /// The plan year starting in `year` for `participant`.
    pub fn new(participant: impl Into<String>, year: i32) -> YearInputs {
        YearInputs {
            participant: participant.into(),
            year,
            ..YearInputs::default()
        }
    }

    /// Sets the participant's display name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> YearInputs {
        self.name = Some(name.into());
        self
    }

    /// Adds an assignment.
    #[must_use]
    pub fn assign(mut self, assignment: Assignment) -> YearInputs {
        self.assignments.push(assignment);
        self
    }

    /// Sets the participant's hire date, from which a plan's `ramp`
    /// counts its months. Without one, the first assignment's start is the
    /// hire date when it falls after the plan year's first day (a hire in
    /// the year); a participant assigned from the year's first day or
    /// before is not ramped. Give it for a hire on the year's first day,
    /// and in the next plan year of a hire whose ramp runs into it.
    #[must_use]
    pub fn hired(mut self, date: Date) -> YearInputs {
        self.hired = Some(date);
        self
    }

    /// The hire date set with [`YearInputs::hired`].
    pub fn hire_date(&self) -> Option<Date> {
        self.hired
    }

    /// Adds a leave of absence from `from` to `until`, both included.
    #[must_use]
    pub fn leave(mut self, from: Date, until: Date) -> YearInputs {
        self.leaves.push((from, until));
        self
    }

    /// Adds a target schedule entry: `amount` a period for `component` of
    /// `plan`, from `from` until the next entry.
    #[must_use]
    pub fn target_from(
        self,
        plan: impl Into<String>,
        component: impl Into<String>,
        from: Date,
        amount: Decimal,
    ) -> YearInputs {
        self.target_entry(plan, component, TargetEntry::new(from, amount))
    }

    /// Adds a target schedule entry.
    #[must_use]
    pub fn target_entry(
        mut self,
        plan: impl Into<String>,
        component: impl Into<String>,
        entry: TargetEntry,
    ) -> YearInputs {
        self.targets
            .entry(plan.into())
            .or_default()
            .entry(component.into())
            .or_default()
            .push(entry);
        self
    }

    /// Adds a whole target schedule for `component` of `plan`, such as a
    /// manager's roll-up of her reports' targets
    /// ([`credit::roll_up_schedule`](crate::credit::roll_up_schedule)).
    #[must_use]
    pub fn target_entries(
        mut self,
        plan: impl Into<String>,
        component: impl Into<String>,
        entries: impl IntoIterator<Item = TargetEntry>,
    ) -> YearInputs {
        self.targets
            .entry(plan.into())
            .or_default()
            .entry(component.into())
            .or_default()
            .extend(entries);
        self
    }

    /// Adds one period's data for one plan; label it with
    /// [`Inputs::with_period`].
    #[must_use]
    pub fn period(mut self, inputs: Inputs) -> YearInputs {
        self.periods.push(inputs);
        self
    }

    /// The participant's id.
    pub fn participant(&self) -> &str {
        &self.participant
    }

    /// The participant's display name, if given.
    pub fn participant_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The calendar year the plan year starts in.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The assignments, as given.
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// The leaves of absence, as given.
    pub fn leaves(&self) -> &[(Date, Date)] {
        &self.leaves
    }

    /// The target schedule of a plan's component, as given.
    pub fn target_schedule(&self, plan: &str, component: &str) -> &[TargetEntry] {
        self.targets
            .get(plan)
            .and_then(|m| m.get(component))
            .map_or(&[], Vec::as_slice)
    }

    /// The period data, as given.
    pub fn periods(&self) -> &[Inputs] {
        &self.periods
    }
}
