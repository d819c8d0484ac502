//! Evaluating a period of a participant's plan year: segments, proration,
//! year-to-date true-ups, balances, the annual cap and the draw.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Prorated;
use super::book::PlanBook;
use super::calendar::{Calendar, Period, PlanYear};
use super::inputs::{Assignment, YearInputs};
use super::proration::{Seg, Span, dates};
use super::settle::settle;
use super::state::{PeriodRecord, YearState, sum};
use super::statement::{
    PeriodAdjustment, PeriodLine, PeriodStatement, RampTrace, SegmentStatement, YtdMeasurement,
};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::money::{exact_add, exact_sub};
use crate::plan::Share;
use crate::plan::{Measure, Metric};
use crate::plan::{Measurement, NegativeTrueUp};
use crate::program::Context;
use crate::program::layout::{Key, refusal};
use crate::rounding::RoundingScope;
use crate::statement::{AdjustmentDetail, Statement, TargetIncentiveLine};

pub(super) fn ovf(what: &'static str) -> impl Fn() -> Error {
    move || Error::overflow(what)
}

pub(super) fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    exact_add(a, b).ok_or_else(ovf("an amount"))
}

pub(super) fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    exact_sub(a, b).ok_or_else(ovf("an amount"))
}

/// The checked year: calendar, plan year, and the participant's data.
pub(super) struct Year<'a> {
    pub(super) book: &'a PlanBook,
    pub(super) inputs: &'a YearInputs,
    pub(super) plan_year: PlanYear,
    /// Period data by (period label, plan id).
    pub(super) data: BTreeMap<(String, String), &'a Inputs>,
}

impl PlanBook {
    /// Evaluates one period of a participant's plan year, given the state
    /// after earlier runs; returns the period's statement and the new
    /// state. Pure: the state passed in is not changed.
    ///
    /// The period's segments are evaluated under their own plan versions
    /// with the target incentive prorated by calendar days in plan (and
    /// targets, when the plan prorates them); attainment is measured per
    /// plan over its days in the period. Components measured year to date
    /// pay what the year to date has earned minus what was paid for them
    /// before. Negative true-ups pay 0 and are carried or written off;
    /// balances owed are recovered from what is earned (above any draw);
    /// the annual cap and the draw apply last. Running a period again pays
    /// only the difference from what its earlier runs paid.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant, plan and dates for:
    /// overlapping assignments or leaves, an assignment or leave that ends
    /// before it starts, a period outside the plan year (asked for, or in
    /// the period data), period data for a plan the participant is not
    /// assigned to in that period or given twice, a missing period's data,
    /// a target schedule with a gap or overlap, a missing target, a
    /// state that belongs to another participant or year; and every input
    /// error of [`Plan::evaluate`].
    /// [`Error::Plan`] for a segment with no plan (an unknown plan id, or
    /// no version in effect on a day in plan), plans of one participant
    /// with different calendars or currencies. [`Error::Overflow`] when a
    /// value is too large.
    ///
    /// Plan-level stages of plans measured per period are computed on each
    /// segment's prorated inputs and count as the period's earnings
    /// ([`PeriodStatement::adjustments`]); kickers are not prorated. A plan
    /// with a component measured to date applies its stages once, to what
    /// its lines pay in the period after the true-up (per-period and
    /// to-date lines together), each condition measured on the period's
    /// data; the plan cap bounds each period's payment.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Assignment, Date, Error, Inputs, PlanBook, YearInputs, YearState};
    /// use rust_decimal_macros::dec;
    ///
    /// let book = PlanBook::load_dir("plans/years")?;
    /// let plan = "demand-generation-ytd";
    /// let mut year = YearInputs::new("dana", 2026)
    ///     .assign(Assignment::new(plan, Date::new(2026, 1, 1)?))
    ///     .target_from(plan, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000));
    /// for (q, actual) in [("2026-Q1", dec!(1600000)), ("2026-Q2", dec!(2800000))] {
    ///     year = year.period(Inputs::new("dana", plan).with_period(q)
    ///         .actual("pipeline", actual).rating("campaign_effectiveness", dec!(3)));
    /// }
    /// let (q1, state) = book.evaluate_period(&year, "2026-Q1", &YearState::new())?;
    /// let (q2, state) = book.evaluate_period(&year, "2026-Q2", &state)?;
    /// assert_eq!(q2.lines[0].amount, dec!(6375.00)); // 9,000.00 earned − 2,625.00 paid
    /// assert_eq!(state.paid_to_date(plan, "pipeline"), dec!(9000.00));
    ///
    /// // The same data again pays nothing more.
    /// let (again, _) = book.evaluate_period(&year, "2026-Q2", &state)?;
    /// assert_eq!(again.total, dec!(0));
    ///
    /// let err = book.evaluate_period(&year, "2027-Q1", &state).unwrap_err();
    /// assert!(matches!(err, Error::Input(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_period(
        &self,
        inputs: &YearInputs,
        period: &str,
        state: &YearState,
    ) -> Result<(PeriodStatement, YearState)> {
        let year = Year::new(self, inputs).map_err(|e| e.with_participant(inputs.participant()))?;
        year.period(period, state)
            .map_err(|e| e.with_participant(inputs.participant()))
    }

    /// The periods a run of `inputs` from `state` pays, in calendar
    /// order: those the inputs give data for that `state` has not paid,
    /// up to and including `through` (what `incentive year --through`
    /// runs, one [`PlanBook::evaluate_period`] each).
    ///
    /// # Errors
    ///
    /// As [`PlanBook::evaluate_period`] when the plan year cannot be laid
    /// out, and [`Error::Input`] (field `through`) when `through` is not a
    /// period of the plan year.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
    /// use rust_decimal_macros::dec;
    ///
    /// let book = PlanBook::load_dir("plans")?;
    /// let plan = "demand-generation";
    /// let mut year = YearInputs::new("dana", 2026)
    ///     .assign(Assignment::new(plan, Date::new(2026, 1, 1)?))
    ///     .target_from(plan, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000));
    /// for q in ["2026-Q1", "2026-Q2", "2026-Q3"] {
    ///     year = year.period(Inputs::new("dana", plan).with_period(q)
    ///         .actual("pipeline", dec!(2000000)).rating("campaign_effectiveness", dec!(3)));
    /// }
    /// let fresh = YearState::new();
    /// assert_eq!(book.periods_to_run(&year, &fresh, Some("2026-Q2"))?, ["2026-Q1", "2026-Q2"]);
    /// let (_, paid) = book.evaluate_period(&year, "2026-Q1", &fresh)?;
    /// assert_eq!(book.periods_to_run(&year, &paid, None)?, ["2026-Q2", "2026-Q3"]);
    /// let err = book.periods_to_run(&year, &fresh, Some("2026-Q5")).unwrap_err();
    /// assert_eq!(err.details().field.as_deref(), Some("through"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn periods_to_run(
        &self,
        inputs: &YearInputs,
        state: &YearState,
        through: Option<&str>,
    ) -> Result<Vec<String>> {
        let year = Year::new(self, inputs).map_err(|e| e.with_participant(inputs.participant()))?;
        let periods = year.plan_year.periods();
        if let Some(t) = through {
            if year.plan_year.period(t).is_none() {
                let labels: Vec<&str> = periods.iter().map(|p| p.label()).collect();
                return Err(Error::input(format!(
                    "`{t}` is not a period of plan year {} ({}); run through one of them",
                    inputs.year(),
                    labels.join(", ")
                ))
                .with_participant(inputs.participant())
                .with_field("through"));
            }
        }
        let with_data: Vec<&str> = inputs.periods().iter().filter_map(|i| i.period()).collect();
        let mut out = Vec::new();
        for p in periods {
            if with_data.contains(&p.label()) && state.period(p.label()).is_none() {
                out.push(p.label().to_owned());
            }
            if through == Some(p.label()) {
                break;
            }
        }
        Ok(out)
    }

    /// Evaluates every period of the plan year in which the participant
    /// is in a plan, in order, from `state`; returns the statements and
    /// the state after the last.
    ///
    /// # Errors
    ///
    /// As [`PlanBook::evaluate_period`], for the first period that fails.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
    /// use rust_decimal_macros::dec;
    ///
    /// let book = PlanBook::load_dir("plans")?;
    /// let year = YearInputs::new("chen", 2026)
    ///     .assign(Assignment::new("channel-marketing", Date::new(2026, 10, 1)?))
    ///     .target_from("channel-marketing", "channel_pipeline", Date::new(2026, 1, 1)?, dec!(4000000))
    ///     .period(Inputs::new("chen", "channel-marketing").with_period("2026-Q4")
    ///         .actual("channel_pipeline", dec!(3200000))
    ///         .rating("partner_satisfaction", dec!(5))
    ///         .rating("channel_strategy", dec!(2)));
    /// let (statements, state) = book.evaluate_year(&year, &YearState::new())?;
    /// assert_eq!(statements.len(), 1); // in plan in Q4 only
    /// assert_eq!(statements[0].total, dec!(4050.00));
    /// assert_eq!(state.paid_in_year(), dec!(4050.00));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_year(
        &self,
        inputs: &YearInputs,
        state: &YearState,
    ) -> Result<(Vec<PeriodStatement>, YearState)> {
        let year = Year::new(self, inputs).map_err(|e| e.with_participant(inputs.participant()))?;
        let mut state = state.clone();
        let mut out = Vec::new();
        for p in year.plan_year.periods() {
            let segs = year
                .segments(p)
                .map_err(|e| e.with_participant(inputs.participant()))?;
            if segs.is_empty() {
                continue;
            }
            let (s, next) = year
                .period(p.label(), &state)
                .map_err(|e| e.with_participant(inputs.participant()))?;
            out.push(s);
            state = next;
        }
        Ok((out, state))
    }
}

impl<'a> Year<'a> {
    fn new(book: &'a PlanBook, inputs: &'a YearInputs) -> Result<Year<'a>> {
        // Every assigned plan must exist; all share one calendar.
        let mut calendar: Option<(Calendar, &str)> = None;
        for a in inputs.assignments() {
            let versions = book.versions(a.plan());
            if versions.is_empty() {
                let known: Vec<String> = book.ids().map(|k| format!("`{k}`")).collect();
                return Err(Error::plan(format!(
                    "the assignment {} names plan `{}`, which is not in the plan book, so that segment has no plan; known plans: {}",
                    a.span(),
                    a.plan(),
                    if known.is_empty() { "none".into() } else { known.join(", ") }
                ))
                .with_plan(a.plan())
                .with_field("assignments")
                    .with_kind(crate::error::ErrorKind::UnknownPlan));
            }
            if let Some(u) = a.until_date() {
                if u < a.from_date() {
                    return Err(Error::input(format!(
                        "the assignment to plan `{}` ends on {u}, before it starts on {}",
                        a.plan(),
                        a.from_date()
                    ))
                    .with_plan(a.plan())
                    .with_field("assignments"));
                }
            }
            for v in versions {
                let c = Calendar::of(v)?;
                match calendar {
                    None => calendar = Some((c, v.id())),
                    Some((other, id)) if other != c => {
                        let describe = |c: &Calendar| match c.anchor() {
                            Some(a) => format!(
                                "paid every {} from {a}, year starting in month {}",
                                c.pay_period(),
                                c.fiscal_start_month()
                            ),
                            None => format!(
                                "paid every {}, year starting in month {}",
                                c.pay_period(),
                                c.fiscal_start_month()
                            ),
                        };
                        return Err(Error::plan(format!(
                            "plans `{id}` ({}) and `{}` ({}) have different calendars; one participant's plans must share a plan year and pay period",
                            describe(&other),
                            v.id(),
                            describe(&c)
                        ))
                        .with_plan(v.id())
                        .with_field("pay_period"));
                    }
                    Some(_) => {}
                }
            }
        }
        let Some((calendar, calendar_plan)) = calendar else {
            return Err(Error::input(
                "the participant has no assignment; add one with `YearInputs::assign`",
            )
            .with_field("assignments"));
        };
        let plan_year = calendar
            .plan_year(inputs.year())
            .map_err(|e| e.with_plan(calendar_plan))?;

        // Assignments and leaves must not overlap.
        let mut sorted: Vec<&Assignment> = inputs.assignments().iter().collect();
        sorted.sort_by_key(|a| (a.from_date(), a.plan().to_owned()));
        for pair in sorted.windows(2) {
            if let [a, b] = pair {
                if a.until_date().is_none_or(|u| u >= b.from_date()) {
                    return Err(Error::input(format!(
                        "participation intervals overlap: plan `{}` {} and plan `{}` {}; end one assignment the day before the next begins",
                        a.plan(),
                        a.span(),
                        b.plan(),
                        b.span()
                    ))
                    .with_plan(b.plan())
                    .with_field("assignments"));
                }
            }
        }
        // No assignment before the hire.
        if let (Some(hired), Some(first)) = (inputs.hire_date(), sorted.first()) {
            if first.from_date() < hired {
                return Err(Error::input(format!(
                    "hired on {hired}, but the assignment to plan `{}` starts on {}, before the hire; start it on the hire date or later, or correct the hire date",
                    first.plan(),
                    first.from_date()
                ))
                .with_plan(first.plan())
                .with_field("hired"));
            }
        }
        let mut leaves: Vec<(Date, Date)> = inputs.leaves().to_vec();
        leaves.sort();
        for (from, until) in &leaves {
            if until < from {
                return Err(Error::input(format!(
                    "the leave from {from} ends on {until}, before it starts"
                ))
                .with_field("leaves"));
            }
        }
        for pair in leaves.windows(2) {
            if let [(af, au), (bf, bu)] = pair {
                if au >= bf {
                    return Err(Error::input(format!(
                        "leaves overlap: {af} to {au} and {bf} to {bu}; give each day of leave once"
                    ))
                    .with_field("leaves"));
                }
            }
        }

        // Period data: in the plan year, for an assigned plan, once.
        let mut data = BTreeMap::new();
        for i in inputs.periods() {
            let plan_field = || format!("periods.{}", i.plan());
            if i.participant() != inputs.participant() {
                return Err(Error::input(format!(
                    "period data for participant `{}` is in the plan year of `{}`",
                    i.participant(),
                    inputs.participant()
                ))
                .with_plan(i.plan())
                .with_field(plan_field()));
            }
            let Some(label) = i.period() else {
                return Err(Error::input(format!(
                    "period data for plan `{}` has no period; label it with `with_period`, one of {}",
                    i.plan(),
                    plan_year.labels()
                ))
                .with_plan(i.plan())
                .with_field("period"));
            };
            let Some(p) = plan_year.period(label) else {
                return Err(outside(label, &plan_year).with_plan(i.plan()));
            };
            if !inputs.assignments().iter().any(|a| {
                a.plan() == i.plan()
                    && a.from_date() <= p.end()
                    && a.until_date().is_none_or(|u| u >= p.start())
            }) {
                return Err(Error::input(format!(
                    "period data for plan `{}` in {label}, but the participant is not assigned to that plan between {} and {}",
                    i.plan(),
                    p.start(),
                    p.end()
                ))
                .with_plan(i.plan())
                .with_field(plan_field()));
            }
            if i.target_incentive().is_some()
                || i.base_salary().is_some()
                || crate::program::Terms::of(i).pay_mix_field().is_some()
            {
                return Err(Error::input(format!(
                    "in a plan year, the target incentive, base salary and pay mix belong to the assignment (`Assignment::with_target_incentive`, `with_base_salary`, `with_ote`, `with_mix`, `with_target_percent`, `with_quota`), not to the data for {label}"
                ))
                .with_plan(i.plan())
                .with_field("target_incentive"));
            }
            if data
                .insert((label.to_owned(), i.plan().to_owned()), i)
                .is_some()
            {
                return Err(Error::duplicate(format!(
                    "period data for plan `{}` in {label} is given twice; give it once",
                    i.plan()
                ))
                .with_plan(i.plan())
                .with_field(plan_field()));
            }
        }
        Ok(Year {
            book,
            inputs,
            plan_year,
            data,
        })
    }

    fn data(&self, p: &Period, plan: &str) -> Result<&'a Inputs> {
        self.data
            .get(&(p.label().to_owned(), plan.to_owned()))
            .copied()
            .ok_or_else(|| {
                Error::missing(format!(
                    "missing period data for plan `{plan}` in {p}; give its actuals and ratings with `YearInputs::period`"
                ))
                .with_plan(plan)
                .with_field(format!("periods.{plan}"))
            })
    }

    /// Evaluates the segments of period `p`, without the year-to-date
    /// components; also returns each plan's targets and target incentive.
    fn evaluate_segments(&self, p: &Period) -> Result<Evaluated<'a>> {
        self.segments_of(p, false)
    }

    /// The segments of period `p`, evaluated; with `targets_only`, only
    /// each plan's targets and target incentive (a later period of the
    /// plan year, measured against the full year before its data exist).
    fn segments_of(&self, p: &Period, targets_only: bool) -> Result<Evaluated<'a>> {
        let segs = self.segments(p)?;
        let mut by_plan: BTreeMap<String, Vec<Date>> = BTreeMap::new();
        for s in &segs {
            let days = by_plan.entry(s.plan.id().to_owned()).or_default();
            let mut d = s.from;
            loop {
                let on_leave = self.inputs.leaves().iter().any(|(f, u)| *f <= d && d <= *u);
                if !on_leave && s.assignment.contains(d) && s.plan.year().in_effect(d) {
                    days.push(d);
                }
                if d >= s.until {
                    break;
                }
                d = d.add_days(1).ok_or_else(ovf("a date"))?;
            }
        }
        // Each transaction line is paid by the segment its date falls in;
        // a line on no day of its plan's segments would be paid by none.
        for s in segs.iter().filter(|_| !targets_only) {
            let data = self.data(p, s.plan.id())?;
            for line in data.lines() {
                let covered = segs.iter().any(|o| {
                    o.plan.id() == s.plan.id()
                        && !o.plan.commissions().is_empty()
                        && o.from <= line.date
                        && line.date <= o.until
                });
                if !covered {
                    return Err(Error::input(format!(
                        "line `{}` is dated {}, a day of period `{}` on which the participant has no segment of plan `{}` that pays commission, so nothing would pay it",
                        line.id,
                        line.date,
                        p.label(),
                        s.plan.id()
                    ))
                    .with_participant(self.inputs.participant())
                    .with_plan(s.plan.id())
                    .with_transaction(&line.id)
                    .with_field("lines"));
                }
            }
        }
        let mut out = Evaluated::default();
        for (k, s) in segs.iter().enumerate() {
            let plan = s.plan;
            let in_plan = by_plan.get(plan.id()).map_or(&[][..], Vec::as_slice);
            // Targets are measured per plan over all its days in the
            // period; a later version may add components.
            let targets = self.targets(plan, p, in_plan)?;
            // The ramp over the days the targets are measured on.
            let ramp = if plan.year().prorate_targets {
                self.ramp_share(plan, in_plan)?
            } else {
                self.ramp_share(plan, &dates(p.start(), p.end())?)?
            }
            .zip(self.hired())
            .map(|(share, hired)| RampTrace { hired, share });
            let known = out.targets.entry(plan.id().to_owned()).or_default();
            for (k, v) in &targets {
                known.entry(k.clone()).or_insert(*v);
            }
            let ti = self.prorated_target_incentive(s, p)?;
            let ti_amount = ti.amount;
            let entry = out.ti.entry(plan.id().to_owned()).or_insert(Exact::ZERO);
            *entry = entry
                .checked_add(ti_amount)
                .ok_or_else(ovf("the target incentive"))?;
            if targets_only {
                continue;
            }
            let data = self.data(p, plan.id())?;
            let mut inputs = if versions_of(&segs, plan.id()) > 1 {
                for_version(data, plan, &segs)?
            } else {
                data.clone()
            };
            if let Some(n) = self.inputs.participant_name() {
                inputs = inputs.with_name(n);
            }
            // The period's manual adjustments are paid once: by the plan's
            // last segment in the period.
            if segs.iter().rposition(|o| o.plan.id() == plan.id()) != Some(k) {
                inputs = inputs.without_adjustments();
            }
            let prorated = Prorated {
                target_incentive: ti,
                targets,
            };
            // Components with their own amount are prorated like the plan's
            // target incentive: by the same convention.
            let share = self.share(
                plan,
                &Span {
                    from: s.from,
                    until: s.until,
                    days: s.days,
                },
                p,
            )?;
            let statement = evaluate(
                plan,
                &inputs,
                &prorated,
                Measurement::Period,
                Some((s.from, s.until)),
                share,
            )?;
            out.segments.push((
                SegmentStatement {
                    plan: plan.id().to_owned(),
                    plan_version: plan.version().to_owned(),
                    from: s.from,
                    until: s.until,
                    days: s.days,
                    period_days: p.days(),
                    target_incentive: ti_amount,
                    ramp,
                    statement,
                },
                plan,
            ));
        }
        Ok(out)
    }

    /// The first day of the window `how` measures that holds period `p`:
    /// the plan year's start for year to date, the start of the plan
    /// year's quarter or half holding `p` otherwise (whole months from the
    /// fiscal start). Per period, the period's own start.
    fn window_start(&self, how: Measurement, p: &Period) -> Result<Date> {
        let Some(months) = how.window_months() else {
            return Ok(p.start());
        };
        let start = self.plan_year.start();
        let into = (i64::from(p.start().year()) - i64::from(start.year())) * 12
            + i64::from(p.start().month())
            - i64::from(start.month());
        let months = i64::from(months);
        start
            .add_months_to_first(into.div_euclid(months) * months)
            .ok_or_else(|| {
                Error::input(format!(
                    "the {how} window of {p} starts outside the calendar"
                ))
                .with_field("measurement")
            })
    }

    fn period(&self, label: &str, state: &YearState) -> Result<(PeriodStatement, YearState)> {
        let participant = self.inputs.participant();
        match state.owner() {
            (Some(who), _) if who != participant => {
                return Err(Error::input(format!(
                    "the state belongs to participant `{who}`; pass each participant's own state"
                ))
                .with_field("state"));
            }
            (_, Some(y)) if y != self.inputs.year() => {
                return Err(Error::input(format!(
                    "the state belongs to plan year {y}, not {}; start each plan year from `YearState::new()`",
                    self.inputs.year()
                ))
                .with_field("state"));
            }
            _ => {}
        }
        let p = self
            .plan_year
            .period(label)
            .ok_or_else(|| outside(label, &self.plan_year))?
            .clone();
        let now = self.evaluate_segments(&p)?;
        let Some((_, last_plan)) = now.segments.last() else {
            return Err(Error::input(format!(
                "the participant is in no plan on any day of {p}; there is nothing to evaluate"
            ))
            .with_field("assignments"));
        };
        let last_plan: &Plan = last_plan;
        let currency = last_plan.currency();
        for (s, plan) in &now.segments {
            if plan.currency() != currency {
                return Err(Error::plan(format!(
                    "plan `{}` pays in {} and plan `{}` in {}; one participant's plans in a period must share a currency",
                    plan.id(), plan.currency(), last_plan.id(), currency
                ))
                .with_plan(&s.plan)
                .with_field("currency"));
            }
        }

        // Year to date, per plan in this period with such components: the
        // plan version of its last segment measures the sum of the year's
        // periods so far.
        let mut ytd: Vec<(YtdMeasurement, &Plan)> = Vec::new();
        // Plans in order of first appearance, each as its last version in
        // the period; components likewise, across all versions.
        let mut plan_order: Vec<&Plan> = Vec::new();
        let mut keys: Vec<(&Plan, LineKey<'_>)> = Vec::new();
        for (_, plan) in &now.segments {
            match plan_order.iter_mut().find(|q| q.id() == plan.id()) {
                Some(q) => *q = plan,
                None => plan_order.push(plan),
            }
            // Commission components are measured per period.
            let commissions = plan.commissions().iter().map(|c| LineKey {
                id: &c.id,
                name: &c.name,
                measurement: Measurement::Period,
            });
            let weighted = plan.components().iter().map(|c| LineKey {
                id: &c.id,
                name: &c.name,
                measurement: c.measurement,
            });
            for c in weighted.chain(commissions) {
                match keys
                    .iter_mut()
                    .find(|(q, k)| q.id() == plan.id() && k.id == c.id)
                {
                    Some((q, k)) => {
                        if k.measurement != c.measurement {
                            return Err(Error::plan(format!(
                                "component `{}` is measured {} in version `{}` and {} in version `{}`, both in {p}; keep one measurement within a period",
                                c.id, k.measurement, q.def.version, c.measurement, plan.def.version
                            ))
                            .with_plan(plan.id())
                            .with_component(c.id)
                            .with_field("measurement"));
                        }
                        *q = plan;
                        *k = c;
                    }
                    None => keys.push((plan, c)),
                }
            }
        }
        for plan in &plan_order {
            // One measurement per window the plan's components use, each
            // from the window's first period through this one.
            let mut windows: Vec<Measurement> = Vec::new();
            for c in &plan.def.components {
                if c.measurement.is_to_date() && !windows.contains(&c.measurement) {
                    windows.push(c.measurement);
                }
            }
            for how in windows {
                let from = self.window_start(how, &p)?;
                let mut actuals: BTreeMap<String, Decimal> = BTreeMap::new();
                let mut targets: BTreeMap<String, Exact> = BTreeMap::new();
                let mut ti = Exact::ZERO;
                let mut count = 0u32;
                let ratio_components: Vec<String> = plan
                    .def
                    .components
                    .iter()
                    .filter(|c| {
                        matches!(&c.measure, Measure::Quantitative { metric, .. }
                        if matches!(plan.def.metrics.get(metric), Some(Metric::Ratio { .. })))
                    })
                    .map(|c| c.id.clone())
                    .collect();
                let mut ratio_days = Exact::ZERO;
                // Against the full year, the later periods count their
                // targets and target incentive, not their actuals.
                for q in self.plan_year.periods() {
                    let later = q.start() > p.start();
                    if later && !how.against_full_year() {
                        break;
                    }
                    if q.start() < from {
                        continue;
                    }
                    let e = if q.label() == p.label() {
                        None
                    } else {
                        Some(self.segments_of(q, later)?)
                    };
                    let e = e.as_ref().unwrap_or(&now);
                    let Some(q_ti) = e.ti.get(plan.id()) else {
                        continue;
                    };
                    count += 1;
                    ti = ti
                        .checked_add(*q_ti)
                        .ok_or_else(ovf("the target incentive"))?;
                    // Volume targets add up; a ratio's target (a close rate)
                    // is averaged over the days, weighting each period's.
                    let q_days = Exact::from_int(i128::from(q.days()));
                    ratio_days = ratio_days
                        .checked_add(q_days)
                        .ok_or_else(ovf("a day count"))?;
                    for (k, v) in e.targets.get(plan.id()).into_iter().flatten() {
                        let v = if ratio_components.contains(k) {
                            v.checked_mul(q_days).ok_or_else(ovf("the target"))?
                        } else {
                            *v
                        };
                        let t = targets.entry(k.clone()).or_insert(Exact::ZERO);
                        *t = t.checked_add(v).ok_or_else(ovf("the target"))?;
                    }
                    if later {
                        continue;
                    }
                    for (k, v) in self.data(q, plan.id())?.actuals() {
                        let a = actuals.entry(k.clone()).or_insert(Decimal::ZERO);
                        *a = add(*a, *v)?;
                    }
                }
                for k in &ratio_components {
                    if let Some(t) = targets.get_mut(k) {
                        *t = t.checked_div(ratio_days).ok_or_else(ovf("the target"))?;
                    }
                }
                let mut inputs = Inputs::new(participant, plan.id())
                    .with_period(format!("{from} to {} ({how})", p.end()));
                if let Some(n) = self.inputs.participant_name() {
                    inputs = inputs.with_name(n);
                }
                // The segments checked every key against their versions; the
                // measuring version reads its own.
                for (k, v) in actuals {
                    if matches!(plan.def.metrics.get(&k), Some(Metric::Input)) {
                        inputs = inputs.actual(k, v);
                    }
                }
                let data = self.data(&p, plan.id())?;
                for (k, v) in data.ratings() {
                    if refusal(&plan.def, Key::Rating(k)).is_none() {
                        inputs = inputs.rating(k.clone(), *v);
                    }
                }
                for (k, v) in data.labels() {
                    if refusal(&plan.def, Key::Label(k)).is_none() {
                        inputs = inputs.label(k.clone(), v.clone());
                    }
                }
                let prorated = Prorated {
                    target_incentive: TargetIncentiveLine::new(
                        format!(
                            "{how}: the target incentive of {count} {}{} in plan",
                            plan.pay_period(),
                            if count == 1 { "" } else { "s" }
                        ),
                        ti,
                    ),
                    targets,
                };
                let statement = evaluate(plan, &inputs, &prorated, how, None, None)?;
                ytd.push((
                    YtdMeasurement {
                        plan: plan.id().to_owned(),
                        through: p.end(),
                        measurement: how,
                        statement,
                    },
                    plan,
                ));
            }
        }

        // Lines: per plan and component, in plan order.
        let record = state.period(label).cloned().unwrap_or_default();
        // What a to-date line paid before: the window's periods so far.
        let settled_through = |plan: &str, component: &str, how: Measurement| -> Result<Decimal> {
            let from = self.window_start(how, &p)?;
            // A window over the whole year counts what was paid before the
            // first period run here.
            let opening = if how.window_months() == Some(12) {
                state.opening_paid(plan, component)
            } else {
                Decimal::ZERO
            };
            sum(state
                .periods()
                .iter()
                .filter(|(k, _)| k.as_str() <= label)
                .filter(|(k, _)| self.plan_year.period(k).is_none_or(|q| q.start() >= from))
                .map(|(_, r)| r.settled(plan, component))
                .chain([opening]))
        };
        // Each line's exact earnings: the segments' exact lines summed, or
        // the year to date's.
        // With each line's cap, when every segment's line has one: the
        // segments' limits summed (the exact lines are at or under it).
        let mut exacts: Vec<(&Plan, LineKey<'_>, Exact)> = Vec::new();
        let mut caps: Vec<Option<Exact>> = Vec::new();
        for (plan, c) in keys {
            let (exact, cap) = match c.measurement {
                Measurement::Period => {
                    let mut total = Exact::ZERO;
                    let mut cap = Some(Exact::ZERO);
                    let mut seen = false;
                    for (s, _) in now.segments.iter().filter(|(s, _)| s.plan == plan.id()) {
                        if let Some(l) = s.statement.line(c.id) {
                            total = total.checked_add(l.exact).ok_or_else(ovf("a line"))?;
                            cap = match (cap, &l.cap) {
                                (Some(sum), Some(t)) => {
                                    Some(sum.checked_add(t.limit).ok_or_else(ovf("a line"))?)
                                }
                                _ => None,
                            };
                            seen = true;
                        }
                    }
                    if !seen {
                        continue;
                    }
                    (total, cap)
                }
                _ => {
                    let Some(l) = ytd
                        .iter()
                        .filter(|(y, _)| y.plan == plan.id() && y.measurement == c.measurement)
                        .find_map(|(y, _)| y.statement.line(c.id))
                    else {
                        continue;
                    };
                    (l.exact, l.cap.map(|t| t.limit))
                }
            };
            exacts.push((plan, c, exact));
            caps.push(cap);
        }
        // The most each capped line pays once rounded (see
        // `program::run::round_within`).
        let mut most: Vec<Option<Decimal>> = Vec::with_capacity(caps.len());
        for ((plan, _, exact), cap) in exacts.iter().zip(&caps) {
            let places = plan.rounding().places();
            most.push(match cap {
                Some(limit) if exact <= limit => Some(
                    crate::program::run::most_within(*limit, places)
                        .ok_or_else(ovf("the rounded amount"))?,
                ),
                _ => None,
            });
        }
        // Rounded as the plan says: each line once, or the plan's lines'
        // exact total once, allocated over its lines.
        let mut earned: Vec<Decimal> = Vec::with_capacity(exacts.len());
        for ((plan, _, exact), most) in exacts.iter().zip(&most) {
            let (mode, places) = (plan.rounding().mode(), plan.rounding().places());
            earned.push(match plan.rounding().scope() {
                RoundingScope::Line => {
                    crate::program::run::round_within(*exact, places, mode, *most)
                        .ok_or_else(ovf("the rounded amount"))?
                        .0
                }
                RoundingScope::Total => Decimal::ZERO,
            });
        }
        for plan in &plan_order {
            if plan.rounding().scope() != RoundingScope::Total {
                continue;
            }
            let (mode, places) = (plan.rounding().mode(), plan.rounding().places());
            let mut parts: Vec<(usize, Exact, Decimal, Option<Decimal>)> = Vec::new();
            let mut exact_total = Exact::ZERO;
            for (k, ((q, _, exact), most)) in exacts.iter().zip(&most).enumerate() {
                if q.id() == plan.id() {
                    parts.push((k, *exact, Decimal::ZERO, *most));
                    exact_total = exact_total
                        .checked_add(*exact)
                        .ok_or_else(ovf("the total"))?;
                }
            }
            let bounds: Vec<Option<Decimal>> = parts.iter().map(|p| p.3).collect();
            let total = exact_total
                .round(places, mode)
                .ok_or_else(ovf("the rounded amount"))?;
            crate::money::allocate_into(
                &mut parts,
                total,
                places,
                |p| p.1,
                |i| bounds.get(i).copied().flatten(),
                |p| &mut p.2,
            )
            .ok_or_else(ovf("the rounded amount"))?;
            for (k, _, amount, _) in parts {
                if let Some(e) = earned.get_mut(k) {
                    *e = amount;
                }
            }
        }
        let mut lines: Vec<PeriodLine> = Vec::new();
        for ((plan, c, exact), earned) in exacts.into_iter().zip(earned) {
            let places = plan.rounding().places();
            let name = c.name.to_owned();
            let paid_before = match c.measurement {
                Measurement::Period => record.settled(plan.id(), c.id),
                how => settled_through(plan.id(), c.id, how)?,
            };
            let true_up = sub(earned, paid_before)?;
            let negative = true_up < Decimal::ZERO;
            let owed = if negative { -true_up } else { Decimal::ZERO };
            let (carried, written_off) = match plan.year().negative_true_up {
                NegativeTrueUp::WriteOff => (Decimal::ZERO, owed),
                _ => (owed, Decimal::ZERO),
            };
            lines.push(PeriodLine {
                plan: plan.id().to_owned(),
                component: c.id.to_owned(),
                name,
                measurement: c.measurement,
                exact,
                earned,
                paid_before,
                true_up,
                amount: if negative {
                    Decimal::new(0, places)
                } else {
                    true_up
                },
                carried,
                written_off,
            });
        }

        let adjustments =
            period_adjustments(&now.segments, &record, &lines, &plan_order, last_plan)?;

        let draw_amount = self.period_draw(&now.segments, last_plan, &p)?;
        settle(
            state,
            &record,
            &p,
            last_plan,
            draw_amount,
            lines,
            adjustments,
            now.segments.into_iter().map(|(s, _)| s).collect(),
            ytd.into_iter().map(|(y, _)| y).collect(),
            self.inputs,
        )
    }
}

/// The period's plan-level stages: each segment statement's adjustments,
/// summed per plan and stage, against what earlier runs of the period
/// settled them at (a stage settled before and absent now is reversed).
/// When lines and adjustments together would pay below zero, negative
/// true-ups of the adjustments are raised toward 0 and the difference is
/// carried or written off, as the plan says.
fn period_adjustments(
    segments: &[(SegmentStatement, &Plan)],
    record: &PeriodRecord,
    lines: &[PeriodLine],
    plans: &[&Plan],
    last_plan: &Plan,
) -> Result<Vec<PeriodAdjustment>> {
    let mut out: Vec<PeriodAdjustment> = Vec::new();
    for plan in plans.iter().filter(|p| measures_to_date(p)) {
        to_date_stages(segments, record, lines, plan, &mut out)?;
    }
    for (s, plan) in segments {
        if measures_to_date(plan) {
            continue;
        }
        let places = plan.rounding().places();
        for a in &s.statement.adjustments {
            let key = match &a.detail {
                Some(AdjustmentDetail::Kicker(k)) => format!("kicker:{}", k.kicker),
                Some(AdjustmentDetail::Manual(m)) => format!("manual:{}", m.name),
                _ => a.kind.clone(),
            };
            match out.iter_mut().find(|x| x.plan == plan.id() && x.key == key) {
                Some(x) => {
                    x.earned = add(x.earned, a.amount)?;
                    x.description = format!("{}; {}", x.description, a.description);
                }
                None => out.push(PeriodAdjustment {
                    plan: plan.id().to_owned(),
                    kind: a.kind.clone(),
                    key,
                    description: a.description.clone(),
                    earned: a.amount,
                    paid_before: Decimal::ZERO,
                    true_up: Decimal::ZERO,
                    amount: Decimal::ZERO,
                    carried: Decimal::new(0, places),
                    written_off: Decimal::new(0, places),
                }),
            }
        }
    }
    for (plan, keys) in &record.adjustments {
        for (key, settled) in keys {
            if settled.is_zero() || out.iter().any(|x| &x.plan == plan && &x.key == key) {
                continue;
            }
            out.push(PeriodAdjustment {
                plan: plan.clone(),
                kind: key.split(':').next().unwrap_or(key).to_owned(),
                key: key.clone(),
                description: "no longer applies in this period".to_owned(),
                earned: Decimal::ZERO,
                paid_before: Decimal::ZERO,
                true_up: Decimal::ZERO,
                amount: Decimal::ZERO,
                carried: Decimal::ZERO,
                written_off: Decimal::ZERO,
            });
        }
    }
    for x in &mut out {
        x.paid_before = record.adjustment(&x.plan, &x.key);
        x.true_up = sub(x.earned, x.paid_before)?;
        x.amount = x.true_up;
    }
    // Never below zero for the period as a whole.
    let mut total = sum(lines.iter().map(|l| l.amount))?;
    total = add(total, sum(out.iter().map(|x| x.amount))?)?;
    let mut short = if total < Decimal::ZERO {
        -total
    } else {
        Decimal::ZERO
    };
    for x in &mut out {
        if short <= Decimal::ZERO {
            break;
        }
        if x.amount >= Decimal::ZERO {
            continue;
        }
        let lift = short.min(-x.amount);
        x.amount = add(x.amount, lift)?;
        short = sub(short, lift)?;
        let policy = plans
            .iter()
            .find(|p| p.id() == x.plan)
            .map_or(last_plan.year().negative_true_up, |p| {
                p.year().negative_true_up
            });
        match policy {
            NegativeTrueUp::WriteOff => x.written_off = lift,
            _ => x.carried = lift,
        }
    }
    Ok(out)
}

/// Whether a plan measures a component to date (year, quarter or half)
/// and has plan-level stages: its stages apply to the period's payment
/// ([`to_date_stages`]).
fn measures_to_date(plan: &Plan) -> bool {
    plan.def
        .components
        .iter()
        .any(|c| c.measurement.is_to_date())
        && (plan.def.modifier.is_some()
            || !plan.def.kickers.is_empty()
            || plan.cap().is_some()
            || plan.def.gate.is_some())
}

/// The plan-level stages of a plan that measures a component to date, in
/// one place: they apply, in the plan's order, to what the plan's lines pay
/// in this period (per-period earnings and to-date true-ups together, after
/// the true-up), with each stage's condition as the plan's last segment in
/// the period measured it on the period's data (as for a plan measured per
/// period). A modifier multiplies the period's payment; a kicker that holds
/// adds its amount (in each period it holds, not prorated); the plan cap
/// bounds the period's payment by the cap on the period's prorated target
/// incentive (the segments' limits added); a gate that fails withholds the
/// period's payment, and the true-up does not pay it again later. Manual
/// adjustments come where the plan places them.
fn to_date_stages(
    segments: &[(SegmentStatement, &Plan)],
    record: &PeriodRecord,
    lines: &[PeriodLine],
    plan: &Plan,
    out: &mut Vec<PeriodAdjustment>,
) -> Result<()> {
    let (places, mode) = (plan.rounding().places(), plan.rounding().mode());
    let round = |e: Exact, most: Option<Decimal>| {
        crate::program::run::round_within(e, places, mode, most)
            .ok_or_else(ovf("the rounded amount"))
    };
    // After the plan cap, its limit and the most it pays once rounded.
    let mut bound: Option<(Exact, Decimal)> = None;
    let mine: Vec<&SegmentStatement> = segments
        .iter()
        .filter(|(s, _)| s.plan == plan.id())
        .map(|(s, _)| s)
        .collect();
    let Some(last) = mine.last() else {
        return Ok(());
    };
    let mut cap_limit: Option<Exact> = None;
    for s in &mine {
        for a in &s.statement.adjustments {
            if let Some(AdjustmentDetail::Cap(t)) = &a.detail {
                cap_limit = Some(
                    cap_limit
                        .unwrap_or(Exact::ZERO)
                        .checked_add(t.limit)
                        .ok_or_else(ovf("the plan cap"))?,
                );
            }
        }
    }
    // The period's whole payment, what earlier runs of the period paid
    // included (so that a rerun settles only the difference).
    let mut total = Decimal::new(0, places);
    for l in lines.iter().filter(|l| l.plan == plan.id()) {
        let whole = add(l.true_up, record.settled(&l.plan, &l.component))?;
        total = add(total, whole.max(Decimal::ZERO))?;
    }
    let mut running = Exact::from_decimal(total);
    // Earlier segments' clawbacks (manual adjustments are the last
    // segment's) come first, as given.
    let earlier = mine
        .iter()
        .take(mine.len().saturating_sub(1))
        .flat_map(|s| s.statement.adjustments.iter())
        .filter(|a| matches!(a.detail, Some(AdjustmentDetail::Clawback(_))));
    for a in earlier.chain(&last.statement.adjustments) {
        let (key, next, description) = match &a.detail {
            Some(AdjustmentDetail::Modifier(t)) => (
                a.kind.clone(),
                running
                    .checked_mul(t.multiplier)
                    .ok_or_else(ovf("the plan modifier"))?,
                format!("{t}, on the period's payment {running}"),
            ),
            Some(AdjustmentDetail::Kicker(k)) => (
                format!("kicker:{}", k.kicker),
                if k.held {
                    running
                        .checked_add(Exact::from_decimal(k.amount))
                        .ok_or_else(ovf("the kicker"))?
                } else {
                    running
                },
                k.to_string(),
            ),
            Some(AdjustmentDetail::Cap(t)) => {
                let limit = cap_limit.unwrap_or(t.limit);
                let applied = running > limit;
                bound = Some((
                    limit,
                    crate::program::run::most_within(limit, places)
                        .ok_or_else(ovf("the plan cap"))?,
                ));
                (
                    a.kind.clone(),
                    running.min(limit),
                    if applied {
                        format!(
                            "plan cap ({}): the period's payment {running} cut to {limit}",
                            t.cap
                        )
                    } else {
                        format!(
                            "plan cap ({}): the period's payment {running} is within {limit}",
                            t.cap
                        )
                    },
                )
            }
            Some(AdjustmentDetail::Gate(g)) => (
                a.kind.clone(),
                if g.held { running } else { Exact::ZERO },
                g.to_string(),
            ),
            Some(AdjustmentDetail::LabelGate(g)) => (
                a.kind.clone(),
                if g.held { running } else { Exact::ZERO },
                g.to_string(),
            ),
            // Manual adjustments and clawbacks pass through as given.
            detail => (
                match detail {
                    Some(AdjustmentDetail::Manual(m)) => format!("manual:{}", m.name),
                    _ => a.kind.clone(),
                },
                running
                    .checked_add(Exact::from_decimal(a.amount))
                    .ok_or_else(ovf("the total"))?,
                a.description.clone(),
            ),
        };
        let most = bound
            .filter(|(limit, _)| next <= *limit)
            .map(|(_, most)| most);
        let (rounded, _) = round(next, most)?;
        let amount = sub(rounded, total)?;
        out.push(PeriodAdjustment {
            plan: plan.id().to_owned(),
            kind: a.kind.clone(),
            key,
            description,
            earned: amount,
            paid_before: Decimal::ZERO,
            true_up: Decimal::ZERO,
            amount: Decimal::ZERO,
            carried: Decimal::new(0, places),
            written_off: Decimal::new(0, places),
        });
        total = rounded;
        running = next;
    }
    Ok(())
}

#[derive(Default)]
struct Evaluated<'a> {
    segments: Vec<(SegmentStatement, &'a Plan)>,
    /// By plan: targets for the period.
    targets: BTreeMap<String, BTreeMap<String, Exact>>,
    /// By plan: the period's prorated target incentive, summed.
    ti: BTreeMap<String, Exact>,
}

/// How many versions of plan `id` the segments use.
fn versions_of(segs: &[Seg<'_>], id: &str) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for s in segs.iter().filter(|s| s.plan.id() == id) {
        if !seen.contains(&s.plan.def.version.as_str()) {
            seen.push(s.plan.version());
        }
    }
    seen.len()
}

/// A plan's period data, reduced to what one of its versions reads, when
/// several versions share the period; a key no version reads is an error.
fn for_version(data: &Inputs, plan: &Plan, segs: &[Seg<'_>]) -> Result<Inputs> {
    let versions: Vec<&Plan> = segs
        .iter()
        .filter(|s| s.plan.id() == plan.id())
        .map(|s| s.plan)
        .collect();
    // What a version reads is what it accepts (`refusal`, as every route
    // decides it): measure targets included.
    let reads = |p: &Plan, k: Key<'_>| refusal(&p.def, k).is_none();
    let metric = |p: &Plan, m: &str| reads(p, Key::Actual(m));
    let target = |p: &Plan, id: &str| reads(p, Key::Target(id));
    let rated = |p: &Plan, id: &str| reads(p, Key::Rating(id));
    let labelled = |p: &Plan, id: &str| reads(p, Key::Label(id));
    let mut out = Inputs::new(data.participant(), data.plan());
    if let Some(label) = data.period() {
        out = out.with_period(label);
    }
    for (k, v) in data.actuals() {
        if !versions.iter().any(|p| metric(p, k)) {
            return Err(unknown(plan, "actuals", k));
        }
        if metric(plan, k) {
            out = out.actual(k.clone(), *v);
        }
    }
    for (k, v) in data.targets() {
        if !versions.iter().any(|p| target(p, k)) {
            return Err(unknown(plan, "targets", k));
        }
        if target(plan, k) {
            out = out.target(k.clone(), *v);
        }
    }
    for (k, v) in data.ratings() {
        if !versions.iter().any(|p| rated(p, k)) {
            return Err(unknown(plan, "ratings", k));
        }
        if rated(plan, k) {
            out = out.rating(k.clone(), *v);
        }
    }
    for (k, v) in data.labels() {
        if !versions.iter().any(|p| labelled(p, k)) {
            return Err(unknown(plan, "labels", k));
        }
        if labelled(plan, k) {
            out = out.label(k.clone(), v.clone());
        }
    }
    // Transaction lines go to every version that pays commission; each
    // segment reads the lines dated within it.
    if !plan.commissions().is_empty() {
        out = data.lines().iter().cloned().fold(out, Inputs::line);
    }
    // Manual adjustments too; only the plan's last segment pays them.
    for a in data.adjustments() {
        out = out.adjustment(a.name.clone(), a.amount, a.reason.clone());
    }
    Ok(out)
}

fn unknown(plan: &Plan, field: &str, key: &str) -> Error {
    Error::input(format!(
        "`{key}` is not read by any version of plan `{}` in this period",
        plan.id()
    ))
    .with_plan(plan.id())
    .with_field(format!("{field}.{key}"))
}

fn outside(label: &str, year: &PlanYear) -> Error {
    Error::input(format!(
        "period `{label}` is outside plan year {} ({} to {}); its periods are {}",
        year.year(),
        year.start(),
        year.end(),
        year.labels()
    ))
    .with_field("period")
}

/// A period line's component: a weighted component or a commission
/// component (measured per period).
#[derive(Clone, Copy)]
struct LineKey<'a> {
    id: &'a str,
    name: &'a str,
    measurement: Measurement,
}

/// Evaluates one segment (or the year to date) of `plan` through its
/// program, with the period's prorated target incentive and targets passed
/// as the evaluation's context, paying only the components measured `how`.
/// The plan's plan-year rules were checked when it entered the book
/// ([`PlanBook::insert`]).
fn evaluate(
    plan: &Plan,
    inputs: &Inputs,
    prorated: &Prorated,
    how: Measurement,
    lines_within: Option<(Date, Date)>,
    share: Option<Share>,
) -> Result<Statement> {
    let targets: Vec<Option<Exact>> = plan
        .program
        .quants
        .iter()
        .map(|q| prorated.targets.get(&q.key).copied())
        .collect();
    let ctx = Context {
        target_incentive: Some(&prorated.target_incentive),
        targets: &targets,
        pays: Some(how),
        lines_within,
        share,
    };
    crate::evaluate::explain(plan, inputs, &ctx).map_err(|e| {
        e.with_participant(inputs.participant())
            .with_plan(plan.id())
    })
}
