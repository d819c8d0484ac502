//! Settling a period: negative true-ups, the annual cap, recovery of
//! balances owed, and the draw; the run is recorded in a new state.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Period;
use super::engine::{add, sub};
use super::inputs::YearInputs;
use super::state::{DRAW, PeriodRecord, TRUE_UP, YearState, sum};
use super::statement::{
    AnnualCapTrace, DrawTrace, PeriodAdjustment, PeriodLine, PeriodStatement, SegmentStatement,
    YtdMeasurement,
};
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::plan::DrawKind;

/// Applies negative true-ups, the annual cap, recovery of balances and
/// the draw (`draw_amount`, the period's draw, prorated when the plan
/// says); records the run in a new state.
#[allow(clippy::too_many_arguments)]
pub(super) fn settle(
    state: &YearState,
    record: &PeriodRecord,
    p: &Period,
    policy_plan: &Plan,
    draw_amount: Decimal,
    lines: Vec<PeriodLine>,
    adjustments: Vec<PeriodAdjustment>,
    segments: Vec<SegmentStatement>,
    ytd: Vec<YtdMeasurement>,
    inputs: &YearInputs,
) -> Result<(PeriodStatement, YearState)> {
    let policy = policy_plan.year();
    let mut next = state.clone();
    next.set_owner(inputs.participant(), inputs.year());
    let balances_before = state.balances().clone();

    let earned = add(
        sum(lines.iter().map(|l| l.amount))?,
        sum(adjustments.iter().map(|a| a.amount))?,
    )?;
    let carried = add(
        sum(lines.iter().map(|l| l.carried))?,
        sum(adjustments.iter().map(|a| a.carried))?,
    )?;
    let written_off = add(
        sum(lines.iter().map(|l| l.written_off))?,
        sum(adjustments.iter().map(|a| a.written_off))?,
    )?;

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
    let headroom_total = sub(earned_total, draw_amount)?.max(Decimal::ZERO);
    let mut headroom = sub(headroom_total, record.recovered_total()?)?
        .max(Decimal::ZERO)
        .min(counted);
    let mut recovered: BTreeMap<String, Decimal> = BTreeMap::new();
    for (kind, owed) in state.balances() {
        if headroom <= Decimal::ZERO {
            break;
        }
        if kind == DRAW && policy.draw.is_some_and(|d| !d.recovers_in(p.index())) {
            // Recovery of the draw is deferred to a later period.
            continue;
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
    // Without a draw, an earlier run's top-up (under a plan version that
    // had one) stands as it was.
    let advance_total = match policy.draw {
        Some(_) => sub(net_total.max(draw_amount), net_total)?,
        None => record.advanced,
    };
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
        if carried > Decimal::ZERO {
            let v = b.entry(TRUE_UP.to_owned()).or_insert(Decimal::ZERO);
            *v = add(*v, carried)?;
        }
        b.retain(|_, v| !v.is_zero());
    }
    let pay = add(add(sub(counted, recovered_now)?, advanced)?, refund)?;
    if pay < Decimal::ZERO {
        return Err(Error::input(format!(
            "the stored state would make {p} pay {pay}, and a payment is never negative; pass the state the previous run returned, unchanged"
        ))
        .with_field("state"));
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
    for a in &adjustments {
        if a.true_up.is_zero() && r.adjustment(&a.plan, &a.key).is_zero() {
            continue;
        }
        let s = r
            .adjustments
            .entry(a.plan.clone())
            .or_default()
            .entry(a.key.clone())
            .or_insert(Decimal::ZERO);
        *s = add(*s, a.true_up)?;
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
        currency: policy_plan.currency(),
        segments,
        ytd,
        carried,
        written_off,
        lines,
        adjustments,
        earned,
        annual_cap,
        balances_before,
        recovered,
        draw: policy.draw.map(|d| DrawTrace {
            draw: d,
            amount: draw_amount,
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
