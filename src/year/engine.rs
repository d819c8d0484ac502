//! Evaluating a period of a participant's plan year: segments, proration,
//! year-to-date true-ups, balances, the annual cap and the draw.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Prorated;
use super::book::PlanBook;
use super::calendar::{Calendar, Period, PlanYear};
use super::inputs::{Assignment, TargetEntry, YearInputs};
use super::policy::{DrawKind, Measurement, NegativeTrueUp};
use super::state::{DRAW, PeriodRecord, TRUE_UP, YearState, sum};
use super::statement::{
    AnnualCapTrace, DrawTrace, PeriodLine, PeriodStatement, SegmentStatement, YtdMeasurement,
};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::money::RoundingScope;
use crate::plan::{Measure, Metric, Plan, TargetIncentive};
use crate::statement::{Statement, TargetIncentiveLine};

fn ovf(what: &'static str) -> impl Fn() -> Error {
    move || Error::overflow(what)
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(ovf("an amount"))
}

fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(ovf("an amount"))
}

/// One stretch of a period under one assignment and plan version.
struct Seg<'a> {
    assignment: &'a Assignment,
    plan: &'a Plan,
    from: Date,
    until: Date,
    days: i64,
}

/// The checked year: calendar, plan year, and the participant's data.
struct Year<'a> {
    book: &'a PlanBook,
    inputs: &'a YearInputs,
    plan_year: PlanYear,
    /// Period data by (period label, plan id).
    data: BTreeMap<(String, String), &'a Inputs>,
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
    /// with different calendars or currencies, or a plan that rounds on
    /// the total, has a per-period plan `cap` or produces other statement
    /// adjustments, which plan years do not yet support. [`Error::Overflow`] when a value is too large.
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
                .with_field("assignments"));
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
                let c = Calendar::new(v.year.fiscal_start_month, v.pay_period)
                    .map_err(|e| e.with_plan(&v.id))?;
                match calendar {
                    None => calendar = Some((c, &v.id)),
                    Some((other, id)) if other != c => {
                        return Err(Error::plan(format!(
                            "plans `{id}` (paid every {}, year starting in month {}) and `{}` (paid every {}, year starting in month {}) have different calendars; one participant's plans must share a plan year and pay period",
                            other.pay_period(),
                            other.fiscal_start_month(),
                            v.id,
                            c.pay_period(),
                            c.fiscal_start_month()
                        ))
                        .with_plan(&v.id)
                        .with_field("pay_period"));
                    }
                    Some(_) => {}
                }
            }
        }
        let Some((calendar, _)) = calendar else {
            return Err(Error::input(
                "the participant has no assignment; add one with `YearInputs::assign`",
            )
            .with_field("assignments"));
        };
        let plan_year = calendar.plan_year(inputs.year())?;

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
            if i.target_incentive().is_some() || i.base_salary().is_some() {
                return Err(Error::input(format!(
                    "in a plan year, the target incentive and base salary belong to the assignment (`Assignment::with_target_incentive`, `with_base_salary`), not to the data for {label}"
                ))
                .with_plan(i.plan())
                .with_field("target_incentive"));
            }
            if data
                .insert((label.to_owned(), i.plan().to_owned()), i)
                .is_some()
            {
                return Err(Error::input(format!(
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

    /// The period's segments, in date order.
    fn segments(&self, p: &Period) -> Result<Vec<Seg<'a>>> {
        let mut segs: Vec<Seg<'a>> = Vec::new();
        let mut d = p.start();
        loop {
            let on_leave = self.inputs.leaves().iter().any(|(f, u)| *f <= d && d <= *u);
            let assignment = self.inputs.assignments().iter().find(|a| a.contains(d));
            if let (false, Some(a)) = (on_leave, assignment) {
                let plan = self.book.version_on(a.plan(), d).ok_or_else(|| {
                    let versions: Vec<String> = self
                        .book
                        .versions(a.plan())
                        .iter()
                        .map(|v| {
                            format!(
                                "`{}` ({} to {})",
                                v.version,
                                v.year
                                    .effective_from
                                    .map_or("open".into(), |d| d.to_string()),
                                v.year
                                    .effective_until
                                    .map_or("open".into(), |d| d.to_string())
                            )
                        })
                        .collect();
                    Error::plan(format!(
                        "no version of plan `{}` is in effect on {d}, a day of the assignment {}, so that segment has no plan; versions: {}",
                        a.plan(),
                        a.span(),
                        versions.join(", ")
                    ))
                    .with_plan(a.plan())
                    .with_field("year.effective_from")
                })?;
                match segs
                    .iter_mut()
                    .find(|s| std::ptr::eq(s.assignment, a) && std::ptr::eq(s.plan, plan))
                {
                    Some(s) => {
                        s.until = d;
                        s.days += 1;
                    }
                    None => segs.push(Seg {
                        assignment: a,
                        plan,
                        from: d,
                        until: d,
                        days: 1,
                    }),
                }
            }
            if d >= p.end() {
                break;
            }
            d = d.add_days(1).ok_or_else(ovf("a date"))?;
        }
        Ok(segs)
    }

    fn data(&self, p: &Period, plan: &str) -> Result<&'a Inputs> {
        self.data
            .get(&(p.label().to_owned(), plan.to_owned()))
            .copied()
            .ok_or_else(|| {
                Error::input(format!(
                    "missing period data for plan `{plan}` in {p}; give its actuals and ratings with `YearInputs::period`"
                ))
                .with_plan(plan)
                .with_field(format!("periods.{plan}"))
            })
    }

    /// A segment's target incentive for the whole period, before proration.
    fn full_target_incentive(&self, s: &Seg<'_>) -> Result<TargetIncentiveLine> {
        let plan = s.plan;
        let n = plan.pay_period.periods_per_year();
        let periods = Exact::from_int(i128::from(n));
        let per = format!("{n} {}s", plan.pay_period);
        if let Some(ti) = s.assignment.target_incentive() {
            if ti < Decimal::ZERO {
                return Err(
                    Error::input(format!("is {ti}; a target incentive must be 0 or more"))
                        .with_plan(&plan.id)
                        .with_field("assignments.target_incentive"),
                );
            }
            return Ok(TargetIncentiveLine {
                basis: format!("participant's amount per {}", plan.pay_period),
                amount: Exact::from_decimal(ti),
            });
        }
        Ok(match plan.target_incentive {
            TargetIncentive::Amount(a) => TargetIncentiveLine {
                basis: format!("plan amount per {}", plan.pay_period),
                amount: Exact::from_decimal(a),
            },
            TargetIncentive::Annual(a) => TargetIncentiveLine {
                basis: format!("annual {a} / {per}"),
                amount: Exact::from_decimal(a)
                    .checked_div(periods)
                    .ok_or_else(ovf("the target incentive"))?,
            },
            TargetIncentive::PercentOfBase(pct) => {
                let base = s.assignment.base_salary().ok_or_else(|| {
                    Error::input(format!(
                        "missing base salary: plan `{}` pays a percent of base; set it with `Assignment::with_base_salary`",
                        plan.id
                    ))
                    .with_plan(&plan.id)
                    .with_field("assignments.base_salary")
                })?;
                if base < Decimal::ZERO {
                    return Err(Error::input(format!(
                        "is {base}; a base salary must be 0 or more"
                    ))
                    .with_plan(&plan.id)
                    .with_field("assignments.base_salary"));
                }
                TargetIncentiveLine {
                    basis: format!(
                        "{} of base salary {base} / {per}",
                        crate::payout::percent(pct)
                    ),
                    amount: Exact::from_decimal(base)
                        .checked_mul(Exact::from_decimal(pct))
                        .and_then(|v| v.checked_div(periods))
                        .ok_or_else(ovf("the target incentive"))?,
                }
            } // `TargetIncentive` is non-exhaustive for other crates only.
        })
    }

    /// A segment's target incentive prorated by its days in plan.
    fn prorated_target_incentive(&self, s: &Seg<'_>, p: &Period) -> Result<TargetIncentiveLine> {
        let full = self.full_target_incentive(s)?;
        if s.days == p.days() {
            return Ok(full);
        }
        let share = Exact::from_int(i128::from(s.days))
            .checked_div(Exact::from_int(i128::from(p.days())))
            .ok_or_else(ovf("the proration"))?;
        Ok(TargetIncentiveLine {
            basis: format!(
                "{} {} × {}/{} days in plan",
                full.amount,
                full.basis,
                s.days,
                p.days()
            ),
            amount: full
                .amount
                .checked_mul(share)
                .ok_or_else(ovf("the target incentive"))?,
        })
    }

    /// The targets of a plan's quantitative components for a period,
    /// measured over `in_plan` days (all segments of the plan).
    fn targets(
        &self,
        plan: &Plan,
        p: &Period,
        in_plan: &[Date],
    ) -> Result<BTreeMap<String, Exact>> {
        let mut out = BTreeMap::new();
        let period_days = Exact::from_int(i128::from(p.days()));
        let data = self.data.get(&(p.label().to_owned(), plan.id.clone()));
        let all_days = dates(p.start(), p.end())?;
        for c in &plan.components {
            let Measure::Quantitative { metric, target, .. } = &c.measure else {
                continue;
            };
            let prorate = plan.year.prorate_targets
                && matches!(plan.metrics.get(metric), Some(Metric::Input));
            let days: &[Date] = if prorate { in_plan } else { &all_days };
            let given = data.and_then(|i| i.targets().get(&c.id).copied());
            let schedule = self.inputs.target_schedule(&plan.id, &c.id);
            let mut total = Exact::ZERO;
            if let Some(amount) = given.or(if schedule.is_empty() { *target } else { None }) {
                total = Exact::from_decimal(amount)
                    .checked_mul(Exact::from_int(days.len() as i128))
                    .and_then(|v| v.checked_div(period_days))
                    .ok_or_else(ovf("the target"))?;
            } else if schedule.is_empty() {
                return Err(Error::input(format!(
                    "missing target for component `{}` of plan `{}` in {p}; give a target schedule (`YearInputs::target_from`) or a target in the period's data",
                    c.id, plan.id
                ))
                .with_plan(&plan.id)
                .with_component(&c.id)
                .with_field(format!("targets.{}", c.id)));
            } else {
                let entries = check_schedule(schedule, &plan.id, &c.id)?;
                for d in days {
                    let amount = amount_on(&entries, *d).ok_or_else(|| {
                        Error::input(format!(
                            "the target schedule of component `{}` of plan `{}` has a gap: no target is in effect on {d} (in {p}); schedule: {}",
                            c.id,
                            plan.id,
                            entries.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                        ))
                        .with_plan(&plan.id)
                        .with_component(&c.id)
                        .with_field(format!("targets.{}", c.id))
                    })?;
                    total = total
                        .checked_add(
                            Exact::from_decimal(amount)
                                .checked_div(period_days)
                                .ok_or_else(ovf("the target"))?,
                        )
                        .ok_or_else(ovf("the target"))?;
                }
            }
            out.insert(c.id.clone(), total);
        }
        Ok(out)
    }

    /// Evaluates the segments of period `p`, without the year-to-date
    /// components; also returns each plan's targets and target incentive.
    fn evaluate_segments(&self, p: &Period) -> Result<Evaluated<'a>> {
        let segs = self.segments(p)?;
        let mut by_plan: BTreeMap<String, Vec<Date>> = BTreeMap::new();
        for s in &segs {
            let days = by_plan.entry(s.plan.id.clone()).or_default();
            let mut d = s.from;
            loop {
                let on_leave = self.inputs.leaves().iter().any(|(f, u)| *f <= d && d <= *u);
                if !on_leave && s.assignment.contains(d) && s.plan.year.in_effect(d) {
                    days.push(d);
                }
                if d >= s.until {
                    break;
                }
                d = d.add_days(1).ok_or_else(ovf("a date"))?;
            }
        }
        let mut out = Evaluated::default();
        for s in segs {
            let plan = s.plan;
            let in_plan = by_plan.get(&plan.id).map_or(&[][..], Vec::as_slice);
            let data = self.data(p, &plan.id)?;
            // Targets are measured per plan over all its days in the
            // period; a later version may add components.
            let targets = self.targets(plan, p, in_plan)?;
            let known = out.targets.entry(plan.id.clone()).or_default();
            for (k, v) in &targets {
                known.entry(k.clone()).or_insert(*v);
            }
            let ti = self.prorated_target_incentive(&s, p)?;
            let ti_amount = ti.amount;
            let entry = out.ti.entry(plan.id.clone()).or_insert(Exact::ZERO);
            *entry = entry
                .checked_add(ti_amount)
                .ok_or_else(ovf("the target incentive"))?;
            let mut inputs = data.clone();
            if let Some(n) = self.inputs.participant_name() {
                inputs = inputs.with_name(n);
            }
            inputs.prorated = Some(Box::new(Prorated {
                target_incentive: ti,
                targets,
            }));
            let statement = evaluate(plan, &inputs, p)?;
            let statement = keep(statement, plan, Measurement::Period)?;
            out.segments.push((
                SegmentStatement {
                    plan: plan.id.clone(),
                    plan_version: plan.version.clone(),
                    from: s.from,
                    until: s.until,
                    days: s.days,
                    period_days: p.days(),
                    target_incentive: ti_amount,
                    statement,
                },
                plan,
            ));
        }
        Ok(out)
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
        let currency = last_plan.currency;
        for (s, plan) in &now.segments {
            if plan.currency != currency {
                return Err(Error::plan(format!(
                    "plan `{}` pays in {} and plan `{}` in {}; one participant's plans in a period must share a currency",
                    plan.id, plan.currency, last_plan.id, currency
                ))
                .with_plan(&s.plan)
                .with_field("currency"));
            }
        }

        // Year to date, per plan in this period with such components: the
        // plan version of its last segment measures the sum of the year's
        // periods so far.
        let mut ytd: Vec<(YtdMeasurement, &Plan)> = Vec::new();
        let mut plan_order: Vec<&Plan> = Vec::new();
        for (_, plan) in now.segments.iter().rev() {
            if !plan_order.iter().any(|q| q.id == plan.id) {
                plan_order.push(plan);
            }
        }
        plan_order.reverse();
        for plan in &plan_order {
            if !plan
                .components
                .iter()
                .any(|c| c.measurement == Measurement::YearToDate)
            {
                continue;
            }
            let mut actuals: BTreeMap<String, Decimal> = BTreeMap::new();
            let mut targets: BTreeMap<String, Exact> = BTreeMap::new();
            let mut ti = Exact::ZERO;
            let mut count = 0u32;
            let ratio_components: Vec<String> = plan
                .components
                .iter()
                .filter(|c| {
                    matches!(&c.measure, Measure::Quantitative { metric, .. }
                        if matches!(plan.metrics.get(metric), Some(Metric::Ratio { .. })))
                })
                .map(|c| c.id.clone())
                .collect();
            let mut ratio_days = Exact::ZERO;
            for q in self.plan_year.periods() {
                if q.start() > p.start() {
                    break;
                }
                let e = if q.label() == p.label() {
                    None
                } else {
                    Some(self.evaluate_segments(q)?)
                };
                let e = e.as_ref().unwrap_or(&now);
                let Some(q_ti) = e.ti.get(&plan.id) else {
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
                for (k, v) in e.targets.get(&plan.id).into_iter().flatten() {
                    let v = if ratio_components.contains(k) {
                        v.checked_mul(q_days).ok_or_else(ovf("the target"))?
                    } else {
                        *v
                    };
                    let t = targets.entry(k.clone()).or_insert(Exact::ZERO);
                    *t = t.checked_add(v).ok_or_else(ovf("the target"))?;
                }
                for (k, v) in self.data(q, &plan.id)?.actuals() {
                    let a = actuals.entry(k.clone()).or_insert(Decimal::ZERO);
                    *a = add(*a, *v)?;
                }
            }
            for k in &ratio_components {
                if let Some(t) = targets.get_mut(k) {
                    *t = t.checked_div(ratio_days).ok_or_else(ovf("the target"))?;
                }
            }
            let mut inputs = Inputs::new(participant, &plan.id).with_period(format!(
                "{} to {} (year to date)",
                self.plan_year.start(),
                p.end()
            ));
            if let Some(n) = self.inputs.participant_name() {
                inputs = inputs.with_name(n);
            }
            for (k, v) in actuals {
                inputs = inputs.actual(k, v);
            }
            for (k, v) in self.data(&p, &plan.id)?.ratings() {
                inputs = inputs.rating(k.clone(), *v);
            }
            inputs.prorated = Some(Box::new(Prorated {
                target_incentive: TargetIncentiveLine {
                    basis: format!(
                        "year to date: the target incentive of {count} {}{} in plan",
                        plan.pay_period,
                        if count == 1 { "" } else { "s" }
                    ),
                    amount: ti,
                },
                targets,
            }));
            let statement = evaluate(plan, &inputs, &p)?;
            let statement = keep(statement, plan, Measurement::YearToDate)?;
            ytd.push((
                YtdMeasurement {
                    plan: plan.id.clone(),
                    through: p.end(),
                    statement,
                },
                plan,
            ));
        }

        // Lines: per plan and component, in plan order.
        let record = state.period(label).cloned().unwrap_or_default();
        let settled_through = |plan: &str, component: &str| -> Result<Decimal> {
            sum(state
                .periods()
                .iter()
                .filter(|(k, _)| k.as_str() <= label)
                .map(|(_, r)| r.settled(plan, component)))
        };
        let mut lines: Vec<PeriodLine> = Vec::new();
        for plan in &plan_order {
            let mode = plan.rounding.mode();
            let places = plan.rounding.places();
            for c in &plan.components {
                let (exact, name) = match c.measurement {
                    Measurement::Period => {
                        let mut total = Exact::ZERO;
                        let mut seen = false;
                        for (s, _) in now.segments.iter().filter(|(s, _)| s.plan == plan.id) {
                            if let Some(l) = s.statement.line(&c.id) {
                                total = total.checked_add(l.exact).ok_or_else(ovf("a line"))?;
                                seen = true;
                            }
                        }
                        if !seen {
                            continue;
                        }
                        (total, c.name.clone())
                    }
                    _ => {
                        let Some(l) = ytd
                            .iter()
                            .filter(|(y, _)| y.plan == plan.id)
                            .find_map(|(y, _)| y.statement.line(&c.id))
                        else {
                            continue;
                        };
                        (l.exact, c.name.clone())
                    }
                };
                let earned = exact
                    .round(places, mode)
                    .ok_or_else(ovf("the rounded amount"))?;
                let paid_before = match c.measurement {
                    Measurement::Period => record.settled(&plan.id, &c.id),
                    _ => settled_through(&plan.id, &c.id)?,
                };
                let true_up = sub(earned, paid_before)?;
                let negative = true_up < Decimal::ZERO;
                let owed = if negative { -true_up } else { Decimal::ZERO };
                let (carried, written_off) = match plan.year.negative_true_up {
                    NegativeTrueUp::WriteOff => (Decimal::ZERO, owed),
                    _ => (owed, Decimal::ZERO),
                };
                lines.push(PeriodLine {
                    plan: plan.id.clone(),
                    component: c.id.clone(),
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
        }

        settle(
            state,
            &record,
            &p,
            last_plan,
            lines,
            now.segments.into_iter().map(|(s, _)| s).collect(),
            ytd.into_iter().map(|(y, _)| y).collect(),
            self.inputs,
        )
    }
}

#[derive(Default)]
struct Evaluated<'a> {
    segments: Vec<(SegmentStatement, &'a Plan)>,
    /// By plan: targets for the period.
    targets: BTreeMap<String, BTreeMap<String, Exact>>,
    /// By plan: the period's prorated target incentive, summed.
    ti: BTreeMap<String, Exact>,
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

fn dates(from: Date, until: Date) -> Result<Vec<Date>> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= until {
        out.push(d);
        d = match d.add_days(1) {
            Some(n) => n,
            None => break,
        };
    }
    Ok(out)
}

/// A schedule sorted, with no overlaps and no gaps between entries.
fn check_schedule(
    entries: &[TargetEntry],
    plan: &str,
    component: &str,
) -> Result<Vec<TargetEntry>> {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| e.from);
    let err = |m: String| {
        Error::input(m)
            .with_plan(plan)
            .with_component(component)
            .with_field(format!("targets.{component}"))
    };
    for e in &sorted {
        if e.amount <= Decimal::ZERO {
            return Err(err(format!(
                "the target {e} is {}; a target must be above 0",
                e.amount
            )));
        }
        if let Some(u) = e.until {
            if u < e.from {
                return Err(err(format!("the target {e} ends before it starts")));
            }
        }
    }
    for pair in sorted.windows(2) {
        if let [a, b] = pair {
            if a.from == b.from {
                return Err(err(format!(
                    "two targets start on {}: {a} and {b}; give one",
                    a.from
                )));
            }
            if let Some(u) = a.until {
                if u >= b.from {
                    return Err(err(format!(
                        "targets overlap: {a} and {b}; end one the day before the next starts"
                    )));
                }
                if u.add_days(1) != Some(b.from) {
                    return Err(err(format!(
                        "the target schedule of component `{component}` of plan `{plan}` has a gap: {a} ends on {u} and {b} starts on {}; no target is in effect in between",
                        b.from
                    )));
                }
            }
        }
    }
    Ok(sorted)
}

fn amount_on(entries: &[TargetEntry], d: Date) -> Option<Decimal> {
    let mut found = None;
    for (i, e) in entries.iter().enumerate() {
        if e.from > d {
            break;
        }
        let next_from = entries.get(i + 1).map(|n| n.from);
        let in_effect = match e.until {
            Some(u) => d <= u,
            None => next_from.is_none_or(|n| d < n),
        };
        if in_effect {
            found = Some(e.amount);
        }
    }
    found
}

fn evaluate(plan: &Plan, inputs: &Inputs, p: &Period) -> Result<Statement> {
    if plan.rounding.scope() != RoundingScope::Line {
        return Err(Error::plan(format!(
            "plan years round each component line once; `rounding.scope = \"total\"` is not supported in a plan year yet (evaluating {p})"
        ))
        .with_plan(&plan.id)
        .with_field("rounding.scope"));
    }
    if plan.cap.is_some() {
        return Err(Error::plan(format!(
            "a per-period plan `cap` is not supported in a plan year yet (evaluating {p}); use `[year] annual_cap`"
        ))
        .with_plan(&plan.id)
        .with_field("cap"));
    }
    let s = plan.evaluate(inputs)?;
    if let Some(a) = s.adjustments.first() {
        return Err(Error::plan(format!(
            "plan years do not yet support statement adjustments such as `{}` (evaluating {p})",
            a.kind
        ))
        .with_plan(&plan.id)
        .with_field("cap"));
    }
    Ok(s)
}

/// Keeps the lines of components measured `how`, adjusting the totals.
fn keep(mut s: Statement, plan: &Plan, how: Measurement) -> Result<Statement> {
    let drop = |id: &str| {
        plan.components
            .iter()
            .any(|c| c.id == id && c.measurement != how)
    };
    let mut exact_total = s.exact_total;
    let mut total = s.total;
    for l in s.lines.iter().filter(|l| drop(&l.component)) {
        exact_total = exact_total
            .checked_sub(l.exact)
            .ok_or_else(ovf("the total"))?;
        total = sub(total, l.amount)?;
    }
    s.lines.retain(|l| !drop(&l.component));
    s.exact_total = exact_total;
    s.total = total;
    Ok(s)
}

/// Applies negative true-ups, the annual cap, recovery of balances and
/// the draw; records the run in a new state.
#[allow(clippy::too_many_arguments)]
fn settle(
    state: &YearState,
    record: &PeriodRecord,
    p: &Period,
    policy_plan: &Plan,
    lines: Vec<PeriodLine>,
    segments: Vec<SegmentStatement>,
    ytd: Vec<YtdMeasurement>,
    inputs: &YearInputs,
) -> Result<(PeriodStatement, YearState)> {
    let policy = &policy_plan.year;
    let mut next = state.clone();
    next.set_owner(inputs.participant(), inputs.year());
    let balances_before = state.balances().clone();

    let earned = sum(lines.iter().map(|l| l.amount))?;

    // The annual cap on the year's earnings.
    let (counted, annual_cap) = match policy.annual_cap {
        None => (earned, None),
        Some(cap) => {
            let earned_before = sum(state.periods().values().map(|r| r.earned))?;
            let room = sub(cap, earned_before)?.max(Decimal::ZERO);
            let counted = earned.min(room);
            (
                counted,
                Some(AnnualCapTrace {
                    cap,
                    earned_before,
                    room,
                    cut: sub(earned, counted)?,
                }),
            )
        }
    };
    let earned_total = add(record.earned, counted)?;

    // Recovery of balances owed, from new earnings above the draw.
    let draw_amount = policy.draw.map_or(Decimal::ZERO, |d| d.amount);
    let headroom_total = sub(earned_total, draw_amount)?.max(Decimal::ZERO);
    let mut headroom = sub(headroom_total, record.recovered_total()?)?
        .max(Decimal::ZERO)
        .min(counted);
    let mut recovered: BTreeMap<String, Decimal> = BTreeMap::new();
    for (kind, owed) in state.balances() {
        if headroom <= Decimal::ZERO {
            break;
        }
        let mut limit = (*owed).min(headroom);
        if kind == DRAW {
            if let Some(max) = policy.draw.and_then(|d| d.max_recovery_per_period) {
                let used = record.recovered.get(DRAW).copied().unwrap_or(Decimal::ZERO);
                limit = limit.min(sub(max, used)?.max(Decimal::ZERO));
            }
        }
        if limit > Decimal::ZERO {
            recovered.insert(kind.clone(), limit);
            headroom = sub(headroom, limit)?;
        }
    }
    let recovered_now = sum(recovered.values().copied())?;
    let recovered_total = add(record.recovered_total()?, recovered_now)?;
    let net_total = sub(earned_total, recovered_total)?;

    // The draw: a minimum for the period.
    let paid_total = net_total.max(draw_amount);
    let advance_total = sub(paid_total, net_total)?;
    let advanced = sub(advance_total, record.advanced)?;
    let mut refund = Decimal::ZERO;
    let mut forgiven = Decimal::ZERO;
    {
        let b = next.balances_mut();
        for (kind, r) in &recovered {
            let v = b.entry(kind.clone()).or_insert(Decimal::ZERO);
            *v = sub(*v, *r)?;
        }
        if let Some(d) = policy.draw {
            match d.kind {
                DrawKind::Recoverable => {
                    let v = b.entry(DRAW.to_owned()).or_insert(Decimal::ZERO);
                    *v = add(*v, advanced)?;
                    if *v < Decimal::ZERO {
                        refund = -*v;
                        *v = Decimal::ZERO;
                    }
                }
                _ => forgiven = advanced.max(Decimal::ZERO),
            }
        }
        let carried = sum(lines.iter().map(|l| l.carried))?;
        if carried > Decimal::ZERO {
            let v = b.entry(TRUE_UP.to_owned()).or_insert(Decimal::ZERO);
            *v = add(*v, carried)?;
        }
        b.retain(|_, v| !v.is_zero());
    }
    let pay = add(add(sub(counted, recovered_now)?, advanced)?, refund)?;
    if pay < Decimal::ZERO {
        return Err(Error::overflow(format!(
            "the payment for {p} came to {pay}; a payment is never negative, so this is a defect to report"
        )));
    }

    // Record the run.
    let r = next.record_mut(p.label());
    r.start = Some(p.start());
    for l in &lines {
        let s = r
            .settled
            .entry(l.plan.clone())
            .or_default()
            .entry(l.component.clone())
            .or_insert(Decimal::ZERO);
        *s = add(*s, l.true_up)?;
    }
    r.earned = earned_total;
    for (kind, v) in &recovered {
        let e = r.recovered.entry(kind.clone()).or_insert(Decimal::ZERO);
        *e = add(*e, *v)?;
    }
    r.advanced = advance_total;
    r.paid = add(r.paid, pay)?;

    let statement = PeriodStatement {
        participant: inputs.participant().to_owned(),
        participant_name: inputs.participant_name().map(str::to_owned),
        period: p.clone(),
        currency: policy_plan.currency,
        segments,
        ytd,
        carried: sum(lines.iter().map(|l| l.carried))?,
        written_off: sum(lines.iter().map(|l| l.written_off))?,
        lines,
        earned,
        annual_cap,
        balances_before,
        recovered,
        draw: policy.draw.map(|d| DrawTrace {
            draw: d,
            net: net_total,
            advanced,
            forgiven,
        }),
        refund,
        balances_after: next.balances().clone(),
        previously_paid: record.paid,
        total: pay,
    };
    Ok((statement, next))
}
