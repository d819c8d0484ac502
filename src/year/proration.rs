//! Proration: which plan a participant is in on each day of a period,
//! the target incentive prorated by calendar days in plan, and targets
//! from effective-dated schedules.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Period;
use super::engine::{Year, ovf};
use super::inputs::Assignment;
use super::inputs::TargetEntry;
use super::statement::SegmentStatement;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::plan::{DayCount, DaysInYear, Measure, Metric, Share};
use crate::statement::TargetIncentiveLine;

/// A stretch of a period in plan: its first and last day and the days in
/// plan between them.
pub(super) struct Span {
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) days: i64,
}

/// The calendar months of `p` that `span` covers whole, and the calendar
/// months `p` touches.
fn whole_months(span: &Span, p: &Period) -> Result<(i64, i64)> {
    let (mut whole, mut months) = (0, 0);
    let mut first = p.start();
    while first <= p.end() {
        let month_start = Date::new(first.year(), first.month(), 1)
            .map_err(|e| Error::input(e).with_field("dates"))?;
        let last = month_start
            .add_days(i64::from(month_start.days_in_month()) - 1)
            .ok_or_else(ovf("a date"))?;
        months += 1;
        if span.from <= month_start.max(p.start()) && last.min(p.end()) <= span.until {
            whole += 1;
        }
        first = last.add_days(1).ok_or_else(ovf("a date"))?;
    }
    Ok((whole, months))
}

/// One stretch of a period under one assignment and plan version.
pub(super) struct Seg<'a> {
    pub(super) assignment: &'a Assignment,
    pub(super) plan: &'a Plan,
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) days: i64,
}

impl<'a> Year<'a> {
    /// The period's segments, in date order.
    pub(super) fn segments(&self, p: &Period) -> Result<Vec<Seg<'a>>> {
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
                                v.def.version,
                                v.year()
                                    .effective_from
                                    .map_or("open".into(), |d| d.to_string()),
                                v.year()
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

    /// A segment's target incentive for the whole period, before proration.
    pub(super) fn full_target_incentive(
        &self,
        s: &Seg<'_>,
        p: &Period,
    ) -> Result<TargetIncentiveLine> {
        let plan = s.plan;
        crate::evaluate::target_incentive_from(
            plan,
            &s.assignment.terms(),
            p.index(),
            p.label(),
            "assignments.",
            || {
                Error::missing(format!(
                    "missing base salary: plan `{}` pays a percent of base; set it with `Assignment::with_base_salary`",
                    plan.id()
                ))
                .with_field("assignments.base_salary")
            },
        )
    }

    /// A segment's target incentive prorated by the plan's convention.
    pub(super) fn prorated_target_incentive(
        &self,
        s: &Seg<'_>,
        p: &Period,
    ) -> Result<TargetIncentiveLine> {
        let full = self.full_target_incentive(s, p)?;
        let span = Span {
            from: s.from,
            until: s.until,
            days: s.days,
        };
        let Some((amount, how)) = self.prorate(s.plan, full.amount, &span, p)? else {
            return Ok(full);
        };
        // The period's weight (if any) applies first; proration on top.
        Ok(TargetIncentiveLine {
            basis: format!("{} {} {how}", full.amount, full.basis),
            amount,
            pay_mix: full.pay_mix,
            period_weight: full.period_weight,
        })
    }

    /// How `plan`'s proration convention prorates `span` of `p`; `None`
    /// when the span is the whole period (every method gives the whole
    /// figure then).
    pub(super) fn share(&self, plan: &Plan, span: &Span, p: &Period) -> Result<Option<Share>> {
        if span.days >= p.days() {
            return Ok(None);
        }
        let rule = plan.year().proration;
        let (whole_months, months) = whole_months(span, p)?;
        Ok(Some(Share {
            rule,
            counted: match rule.count {
                DayCount::EndMinusStart => (span.days - 1).max(0),
                _ => span.days,
            },
            period_days: p.days(),
            whole_months,
            months,
            periods: self.plan_year.periods().len() as i128,
            year_days: match rule.days_in_year {
                DaysInYear::Fixed(n) => i64::from(n),
                _ => self.plan_year.days(),
            },
            places: plan.currency().minor_units(),
            mode: plan.rounding().mode(),
        }))
    }

    /// `full`, a figure for the whole period, prorated for `span` by
    /// `plan`'s proration convention, with how it was prorated; `None`
    /// when the span is the whole period.
    pub(super) fn prorate(
        &self,
        plan: &Plan,
        full: Exact,
        span: &Span,
        p: &Period,
    ) -> Result<Option<(Exact, String)>> {
        match self.share(plan, span, p)? {
            None => Ok(None),
            Some(share) => share.apply(full).map(Some).ok_or_else(ovf("the proration")),
        }
    }

    /// The period's draw under `plan` (0 without one): the plan's amount,
    /// or, for a prorated draw, that amount prorated over the days of the
    /// period under `plan` like the target incentive and rounded to the
    /// currency's minor unit.
    pub(super) fn period_draw(
        &self,
        segments: &[(SegmentStatement, &Plan)],
        plan: &Plan,
        p: &Period,
    ) -> Result<Decimal> {
        let Some(draw) = plan.year().draw else {
            return Ok(Decimal::ZERO);
        };
        let mine: Vec<&SegmentStatement> = segments
            .iter()
            .filter(|(s, _)| s.plan == plan.id())
            .map(|(s, _)| s)
            .collect();
        let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
            return Ok(draw.amount);
        };
        if !draw.prorate {
            return Ok(draw.amount);
        }
        let span = Span {
            from: first.from,
            until: last.until,
            days: mine.iter().map(|s| s.days).sum(),
        };
        match self.prorate(plan, Exact::from_decimal(draw.amount), &span, p)? {
            None => Ok(draw.amount),
            Some((v, _)) => v
                .round(plan.currency().minor_units(), plan.rounding().mode())
                .ok_or_else(ovf("the draw")),
        }
    }

    /// The targets of a plan's quantitative components for a period,
    /// measured over `in_plan` days (all segments of the plan).
    pub(super) fn targets(
        &self,
        plan: &Plan,
        p: &Period,
        in_plan: &[Date],
    ) -> Result<BTreeMap<String, Exact>> {
        let mut out = BTreeMap::new();
        let period_days = Exact::from_int(i128::from(p.days()));
        let data = self.data.get(&(p.label().to_owned(), plan.id().to_owned()));
        let all_days = dates(p.start(), p.end())?;
        for c in plan.components() {
            let Measure::Quantitative { metric, target, .. } = &c.measure else {
                continue;
            };
            let prorate = plan.year().prorate_targets
                && matches!(plan.def.metrics.get(metric), Some(Metric::Input));
            let days: &[Date] = if prorate { in_plan } else { &all_days };
            // A ramp scales quotas (input metrics); a ratio's target, such
            // as a close rate, is not a volume and is not ramped.
            let volume = matches!(plan.def.metrics.get(metric), Some(Metric::Input));
            let ramp_on = |d: Date| {
                if volume {
                    self.ramp_on(plan, d)
                } else {
                    Exact::ONE
                }
            };
            let given = data.and_then(|i| i.targets().get(&c.id).copied());
            let schedule = self.inputs.target_schedule(plan.id(), &c.id);
            let mut total = Exact::ZERO;
            if let Some(amount) = given.or(if schedule.is_empty() { *target } else { None }) {
                // Each day counts at the ramp's share of it (1 without one).
                let mut ramped = Exact::ZERO;
                for d in days {
                    ramped = ramped
                        .checked_add(ramp_on(*d))
                        .ok_or_else(ovf("the target"))?;
                }
                total = Exact::from_decimal(amount)
                    .checked_mul(ramped)
                    .and_then(|v| v.checked_div(period_days))
                    .ok_or_else(ovf("the target"))?;
            } else if schedule.is_empty() {
                return Err(Error::missing(format!(
                    "missing target for component `{}` of plan `{}` in {p}; give a target schedule (`YearInputs::target_from`) or a target in the period's data",
                    c.id, plan.id()
                ))
                .with_plan(plan.id())
                .with_component(&c.id)
                .with_field(format!("targets.{}", c.id)));
            } else {
                let entries = check_schedule(schedule, plan.id(), &c.id)?;
                for d in days {
                    let amount = amount_on(&entries, *d).ok_or_else(|| {
                        Error::input(format!(
                            "the target schedule of component `{}` of plan `{}` has a gap: no target is in effect on {d} (in {p}); schedule: {}",
                            c.id,
                            plan.id(),
                            entries.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
                        ))
                        .with_plan(plan.id())
                        .with_component(&c.id)
                        .with_field(format!("targets.{}", c.id))
                    })?;
                    total = total
                        .checked_add(
                            Exact::from_decimal(amount)
                                .checked_mul(ramp_on(*d))
                                .and_then(|v| v.checked_div(period_days))
                                .ok_or_else(ovf("the target"))?,
                        )
                        .ok_or_else(ovf("the target"))?;
                }
            }
            out.insert(c.id.clone(), total);
        }
        Ok(out)
    }
}

impl Year<'_> {
    /// The participant's hire date: the one given, or the first
    /// assignment's start when it falls after the plan year's first day.
    pub(super) fn hired(&self) -> Option<Date> {
        self.inputs.hire_date().or_else(|| {
            self.inputs
                .assignments()
                .iter()
                .map(|a| a.from_date())
                .min()
                .filter(|d| *d > self.plan_year.start())
        })
    }

    /// The share of a target in force on `day` under the plan's ramp:
    /// month 1 after hire runs from the hire date to the day before the
    /// same day of the next month (the month's last day when shorter), and
    /// so on; 1 after the ramp, without one, and with no hire. Days before
    /// the hire count as month 1.
    pub(super) fn ramp_on(&self, plan: &Plan, day: Date) -> Exact {
        let ramp = &plan.year().ramp;
        let Some(hired) = self.hired().filter(|_| !ramp.is_empty()) else {
            return Exact::ONE;
        };
        let months = (i64::from(day.year()) - i64::from(hired.year())) * 12
            + i64::from(day.month())
            - i64::from(hired.month());
        let starts = hired.day().min(day.days_in_month());
        let month = if day.day() < starts {
            months - 1
        } else {
            months
        };
        usize::try_from(month.max(0))
            .ok()
            .and_then(|m| ramp.get(m))
            .map_or(Exact::ONE, |r| Exact::from_decimal(*r))
    }

    /// The ramp's share of the plan's targets over `days` (day-weighted),
    /// if the plan has a ramp and any of the days is in it.
    pub(super) fn ramp_share(&self, plan: &Plan, days: &[Date]) -> Result<Option<Exact>> {
        let mut total = Exact::ZERO;
        let mut ramped = false;
        for d in days {
            let r = self.ramp_on(plan, *d);
            ramped |= r != Exact::ONE;
            total = total.checked_add(r).ok_or_else(ovf("the ramp"))?;
        }
        if !ramped {
            return Ok(None);
        }
        let n = Exact::from_int(i128::try_from(days.len()).unwrap_or(i128::MAX));
        total.checked_div(n).map(Some).ok_or_else(ovf("the ramp"))
    }
}

pub(crate) fn dates(from: Date, until: Date) -> Result<Vec<Date>> {
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
pub(crate) fn check_schedule(
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

pub(crate) fn amount_on(entries: &[TargetEntry], d: Date) -> Option<Decimal> {
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
