//! Proration: which plan a participant is in on each day of a period,
//! the target incentive prorated by calendar days in plan, and targets
//! from effective-dated schedules.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Period;
use super::engine::{Year, ovf};
use super::inputs::Assignment;
use super::inputs::TargetEntry;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::plan::{Measure, Metric};
use crate::statement::TargetIncentiveLine;

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
                Error::input(format!(
                    "missing base salary: plan `{}` pays a percent of base; set it with `Assignment::with_base_salary`",
                    plan.id()
                ))
                .with_field("assignments.base_salary")
            },
        )
    }

    /// A segment's target incentive prorated by its days in plan.
    pub(super) fn prorated_target_incentive(
        &self,
        s: &Seg<'_>,
        p: &Period,
    ) -> Result<TargetIncentiveLine> {
        let full = self.full_target_incentive(s, p)?;
        if s.days == p.days() {
            return Ok(full);
        }
        let share = Exact::from_int(i128::from(s.days))
            .checked_div(Exact::from_int(i128::from(p.days())))
            .ok_or_else(ovf("the proration"))?;
        // The period's weight (if any) applies first; proration on top.
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
            pay_mix: full.pay_mix,
            period_weight: full.period_weight,
        })
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
            let given = data.and_then(|i| i.targets().get(&c.id).copied());
            let schedule = self.inputs.target_schedule(plan.id(), &c.id);
            let mut total = Exact::ZERO;
            if let Some(amount) = given.or(if schedule.is_empty() { *target } else { None }) {
                total = Exact::from_decimal(amount)
                    .checked_mul(Exact::from_int(days.len() as i128))
                    .and_then(|v| v.checked_div(period_days))
                    .ok_or_else(ovf("the target"))?;
            } else if schedule.is_empty() {
                return Err(Error::input(format!(
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
}

pub(super) fn dates(from: Date, until: Date) -> Result<Vec<Date>> {
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
