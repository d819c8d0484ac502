//! The oracle's evaluation of one period, stage by stage as the reference
//! orders them: each line pays rule → modifier → cap → gate and is rounded
//! (per line) or allocated from the rounded total; then the plan applies its
//! modifier, kickers, cap and gate to the running total.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use super::num::{self, Q};
use super::plan::{
    Basis, Cap, Commission, CommissionRule, Component, Curve, Formula, Gate, Level, Matrix,
    Measure, Plan, Quant, RateRule, Rule, Scale, TargetIncentive,
};
use super::{Inputs, Line, Refusal, Statement, TxLine};

fn input(what: impl Into<String>) -> Refusal {
    Refusal::Input(what.into())
}

fn plan_error(what: impl Into<String>) -> Refusal {
    Refusal::Plan(what.into())
}

/// An input metric's actual, or a ratio metric's quotient.
fn metric_value(plan: &Plan, inputs: &Inputs, metric: &str) -> Result<Q, Refusal> {
    let def = plan
        .metrics
        .get(metric)
        .ok_or_else(|| plan_error(format!("metric `{metric}` is not declared")))?;
    match &def.ratio {
        None => inputs
            .actuals
            .get(metric)
            .cloned()
            .ok_or_else(|| input(format!("no actual for `{metric}`"))),
        Some((n, d)) => {
            if inputs.actuals.contains_key(metric) {
                return Err(input(format!("`{metric}` is derived and cannot be given")));
            }
            let n = metric_value(plan, inputs, n)?;
            let d = metric_value(plan, inputs, d)?;
            if d.is_zero() {
                return Err(input(format!("`{metric}` has a zero denominator")));
            }
            Ok(n / d)
        }
    }
}

/// The actual and target of a quantitative measure (`key` names its target
/// in the inputs).
fn actual_and_target(
    plan: &Plan,
    inputs: &Inputs,
    q: &Quant,
    key: &str,
) -> Result<(Q, Q), Refusal> {
    let actual = metric_value(plan, inputs, &q.metric)?;
    let target = inputs
        .targets
        .get(key)
        .or(q.target.as_ref())
        .cloned()
        .ok_or_else(|| input(format!("no target for `{key}`")))?;
    if target.is_zero() {
        return Err(input(format!("the target of `{key}` is zero")));
    }
    Ok((actual, target))
}

/// Attainment: actual / target; lower is better by the plan's formula; from
/// a baseline to the goal.
fn attainment(plan: &Plan, inputs: &Inputs, q: &Quant, key: &str) -> Result<Q, Refusal> {
    let (actual, target) = actual_and_target(plan, inputs, q, key)?;
    match (q.formula, &q.baseline) {
        (None, None) => Ok(actual / target),
        (None, Some(b)) => {
            if &target <= b {
                return Err(input(format!(
                    "the goal of `{key}` is not above its baseline"
                )));
            }
            Ok((actual - b) / (target - b))
        }
        (Some(Formula::TargetOverActual), None) => {
            // The reference divides by the actual; the engine also refuses
            // a negative one (`target / actual` needs an actual above 0).
            if !actual.is_positive() {
                return Err(input(format!("`{key}`: target over an actual not above 0")));
            }
            Ok(target / actual)
        }
        (Some(Formula::TwoMinus), None) => Ok(num::int(2) - actual / target),
        (Some(_), Some(_)) => Err(plan_error("a baseline is higher-is-better only")),
    }
}

/// The attainment of a named measure: a `[measures.NAME]` or a quantitative
/// component's id.
fn measure_attainment(plan: &Plan, inputs: &Inputs, name: &str) -> Result<Q, Refusal> {
    if let Some(m) = plan.measures.get(name) {
        return attainment(plan, inputs, &m.quant, name);
    }
    match plan.components.iter().find(|c| c.id == name) {
        Some(Component {
            measure: Measure::Metric(q),
            ..
        }) => attainment(plan, inputs, q, name),
        _ => Err(plan_error(format!(
            "`{name}` is not a quantitative measure"
        ))),
    }
}

fn reached(level: &Level, x: &Q) -> bool {
    match level {
        Level::AtLeast(l) => x >= l,
        Level::Above(l) => x > l,
    }
}

/// A curve read at `x`: nothing below the first point, linear between
/// points, the later of two points at one attainment holding there, the last
/// point's payout beyond it unless the curve extrapolates.
pub fn curve_at(curve: &Curve, x: &Q) -> Q {
    let p = &curve.points;
    let Some(i) = p.iter().rposition(|(px, _)| px <= x) else {
        return Q::zero();
    };
    if i + 1 == p.len() {
        if curve.extrapolate && p.len() >= 2 {
            let (x0, y0) = &p[i - 1];
            let (x1, y1) = &p[i];
            return y1 + (x - x1) * (y1 - y0) / (x1 - x0);
        }
        return p[i].1.clone();
    }
    let (x0, y0) = &p[i];
    let (x1, y1) = &p[i + 1];
    y0 + (x - x0) * (y1 - y0) / (x1 - x0)
}

fn curve<'a>(plan: &'a Plan, name: &str) -> Result<&'a Curve, Refusal> {
    plan.curves
        .get(name)
        .ok_or_else(|| plan_error(format!("curve `{name}` is not declared")))
}

/// The highest band reached: its index.
fn band_reached(bands: &[(Q, Q)], x: &Q, exclusive: bool) -> Option<usize> {
    bands
        .iter()
        .rposition(|(from, _)| if exclusive { x > from } else { x >= from })
}

/// Marginal bands: each band's rate on the part of `x` inside it.
fn marginal(bands: &[(Q, Q)], x: &Q) -> Q {
    let mut sum = Q::zero();
    for (i, (from, rate)) in bands.iter().enumerate() {
        if x <= from {
            break;
        }
        let to = match bands.get(i + 1) {
            Some((next, _)) if next < x => next.clone(),
            _ => x.clone(),
        };
        sum += rate * (to - from);
    }
    sum
}

/// Where `x` falls among `bounds`: `None` below the first (when it does not
/// floor), else the index of the highest bound reached and, between it and
/// the next, the fraction of the way (0 at or beyond the last).
fn axis(bounds: &[Q], x: &Q, floor: bool) -> Option<(usize, Q)> {
    let i = match bounds.iter().rposition(|b| b <= x) {
        Some(i) => i,
        None if floor => return Some((0, Q::zero())),
        None => return None,
    };
    match bounds.get(i + 1) {
        Some(next) => Some((i, (x - &bounds[i]) / (next - &bounds[i]))),
        None => Some((i, Q::zero())),
    }
}

/// A matrix read at row attainment `r` and column attainment `c`.
fn matrix_at(m: &Matrix, r: &Q, c: &Q) -> Q {
    let (Some((i, t)), Some((j, u))) = (
        axis(&m.row_bounds, r, m.floor_at_first),
        axis(&m.column_bounds, c, m.floor_at_first),
    ) else {
        return Q::zero();
    };
    if !m.bilinear {
        return m.values[i][j].clone();
    }
    let v = |a: usize, b: usize| {
        let a = a.min(m.row_bounds.len() - 1);
        let b = b.min(m.column_bounds.len() - 1);
        m.values[a][b].clone()
    };
    let one = num::int(1);
    (&one - &t) * (&one - &u) * v(i, j)
        + (&one - &t) * &u * v(i, j + 1)
        + &t * (&one - &u) * v(i + 1, j)
        + &t * &u * v(i + 1, j + 1)
}

fn cap_amount(cap: &Cap, target_incentive: &Q) -> Q {
    match cap {
        Cap::PercentOfTarget(p) => p * target_incentive,
        Cap::Amount(a) => a.clone(),
    }
}

fn gate_holds(plan: &Plan, inputs: &Inputs, name: &str) -> Result<bool, Refusal> {
    let gate = plan
        .gates
        .get(name)
        .ok_or_else(|| plan_error(format!("gate `{name}` is not declared")))?;
    match gate {
        Gate::Measure { measure, level } => {
            Ok(reached(level, &measure_attainment(plan, inputs, measure)?))
        }
        Gate::Label { rating, labels } => {
            let label = inputs
                .labels
                .get(rating)
                .ok_or_else(|| input(format!("no label for `{rating}`")))?;
            Ok(labels.contains(label))
        }
    }
}

fn multiplier(plan: &Plan, inputs: &Inputs, name: &str) -> Result<Q, Refusal> {
    let m = plan
        .modifiers
        .get(name)
        .ok_or_else(|| plan_error(format!("modifier `{name}` is not declared")))?;
    let c = curve(plan, &m.curve)?;
    let a = measure_attainment(plan, inputs, &m.measure)?;
    match c.points.first() {
        Some((x0, y0)) if &a < x0 => Ok(if m.floor_at_first {
            y0.clone()
        } else {
            Q::zero()
        }),
        _ => Ok(curve_at(c, &a)),
    }
}

/// A component's target incentive.
fn component_ti(c: &Component, ti: Option<&Q>) -> Result<Q, Refusal> {
    match (&c.weight, &c.amount) {
        (_, Some(a)) => Ok(a.clone()),
        (Some(w), None) => ti
            .map(|t| w * t)
            .ok_or_else(|| plan_error("a weighted component needs a target incentive")),
        (None, None) => Err(plan_error(format!("`{}` has no weight or amount", c.id))),
    }
}

/// A component's exact payout after rule, modifier, cap and gate, and its
/// cap amount.
fn component(
    plan: &Plan,
    inputs: &Inputs,
    c: &Component,
    ti: Option<&Q>,
) -> Result<(Q, Option<Q>), Refusal> {
    let cti = component_ti(c, ti)?;
    let rule_at = |x: &Q| -> Result<Q, Refusal> {
        match &c.rule {
            Some(Rule::Curve(name)) => Ok(curve_at(curve(plan, name)?, x) * &cti),
            Some(Rule::Steps(steps)) => Ok(band_reached(steps, x, c.exclusive)
                .map(|i| steps[i].1.clone())
                .unwrap_or_else(Q::zero)
                * &cti),
            Some(Rule::Multipliers { marginal: m, bands }) => {
                let factor = if *m {
                    marginal(bands, x)
                } else {
                    band_reached(bands, x, c.exclusive)
                        .map(|i| &bands[i].1 * x)
                        .unwrap_or_else(Q::zero)
                };
                Ok(factor * &cti)
            }
            Some(Rule::Tiers { .. }) => Err(plan_error("tiers on a score")),
            None => Err(plan_error(format!("`{}` has no rule", c.id))),
        }
    };
    if let Measure::Metric(q) = &c.measure {
        // Not in the reference (the engine's rule, listed in the report): a
        // negative actual on a higher-is-better component is refused rather
        // than paid as 0 below the first point or band.
        if q.formula.is_none() && metric_value(plan, inputs, &q.metric)?.is_negative() {
            return Err(input(format!("`{}`: a negative actual", c.id)));
        }
    }
    let payout = match &c.measure {
        Measure::Fixed => cti.clone(),
        Measure::Matrix(m) => {
            let r = measure_attainment(plan, inputs, &m.rows)?;
            let col = measure_attainment(plan, inputs, &m.columns)?;
            matrix_at(m, &r, &col) * &cti
        }
        Measure::Metric(q) => match &c.rule {
            Some(Rule::Tiers {
                on_amount,
                marginal: m,
                bands,
            }) => {
                if q.formula.is_some() {
                    return Err(plan_error("tiers need higher-is-better"));
                }
                let (actual, target) = actual_and_target(plan, inputs, q, &c.id)?;
                let bounds: Vec<(Q, Q)> = bands
                    .iter()
                    .map(|(b, r)| (if *on_amount { b.clone() } else { b * &target }, r.clone()))
                    .collect();
                if *m {
                    marginal(&bounds, &actual)
                } else {
                    band_reached(&bounds, &actual, c.exclusive)
                        .map(|i| &bounds[i].1 * &actual)
                        .unwrap_or_else(Q::zero)
                }
            }
            _ => rule_at(&attainment(plan, inputs, q, &c.id)?)?,
        },
        Measure::Weighted { min, max, parts } => {
            let mut score = Q::zero();
            for (name, w) in parts {
                let r = inputs
                    .ratings
                    .get(name)
                    .ok_or_else(|| input(format!("no rating for part `{name}`")))?;
                if r < min || r > max {
                    return Err(input(format!("part `{name}` is rated out of range")));
                }
                score += r * w;
            }
            rule_at(&score)?
        }
        Measure::Score { min, max } => {
            let s = inputs
                .ratings
                .get(&c.id)
                .ok_or_else(|| input(format!("no score for `{}`", c.id)))?;
            if s < min || s > max {
                return Err(input(format!("score of `{}` out of range", c.id)));
            }
            rule_at(s)?
        }
        Measure::Rating(scale) => {
            let scale = plan
                .scales
                .get(scale)
                .ok_or_else(|| plan_error(format!("scale `{scale}` is not declared")))?;
            let payout = match scale {
                Scale::Numeric { ratings } => {
                    let r = inputs
                        .ratings
                        .get(&c.id)
                        .ok_or_else(|| input(format!("no rating for `{}`", c.id)))?;
                    ratings
                        .iter()
                        .find(|(x, _)| x == r)
                        .map(|(_, p)| p.clone())
                        .ok_or_else(|| input(format!("rating of `{}` not on the scale", c.id)))?
                }
                Scale::Labels { labels } => {
                    let l = inputs
                        .labels
                        .get(&c.id)
                        .ok_or_else(|| input(format!("no label for `{}`", c.id)))?;
                    labels
                        .iter()
                        .find(|(x, _)| x == l)
                        .map(|(_, p)| p.clone())
                        .ok_or_else(|| input(format!("label of `{}` not on the scale", c.id)))?
                }
            };
            payout * &cti
        }
    };
    let modified = match &c.modifier {
        Some(m) => payout * multiplier(plan, inputs, m)?,
        None => payout,
    };
    let cap = c.cap.as_ref().map(|cap| cap_amount(cap, &cti));
    let capped = match &cap {
        Some(cap) if &modified > cap => cap.clone(),
        _ => modified,
    };
    let gated = match &c.gate {
        Some(g) if !gate_holds(plan, inputs, g)? => Q::zero(),
        _ => capped,
    };
    Ok((gated, cap))
}

/// `x` rounded in the plan's mode, or toward zero where that would pay above
/// `cap` (and whether it was).
fn round_within(plan: &Plan, x: &Q, cap: Option<&Q>) -> (Q, bool) {
    let r = num::round(x, plan.places, plan.mode);
    match cap {
        Some(cap) if &r > cap => (num::trunc(x, plan.places), true),
        _ => (r, false),
    }
}

/// The rate rule of a rate card that pays `line`: the most specific match.
fn rate_for<'a>(rules: &'a [RateRule], line: &TxLine) -> Result<&'a RateRule, Refusal> {
    let matches = |r: &RateRule| {
        r.product
            .as_ref()
            .is_none_or(|p| line.attributes.get("product") == Some(p))
            && r.category.as_ref().is_none_or(|c| {
                line.attributes.get("category").is_some_and(|lc| {
                    lc == c
                        || lc
                            .strip_prefix(c.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                })
            })
            && r.attributes
                .iter()
                .all(|(k, v)| line.attributes.get(k) == Some(v))
    };
    // Precedence: a product, then the deepest category, then more attributes.
    let key = |r: &RateRule| {
        (
            r.product.is_some(),
            r.category.as_ref().map_or(0, |c| c.split('/').count()),
            r.attributes.len(),
        )
    };
    let mut best: Vec<&RateRule> = Vec::new();
    for r in rules.iter().filter(|r| matches(r)) {
        match best.first() {
            Some(b) if key(b) > key(r) => {}
            Some(b) if key(b) == key(r) => best.push(r),
            _ => best = vec![r],
        }
    }
    match best.as_slice() {
        [one] => Ok(one),
        [] => Err(input(format!("no rate rule matches line `{}`", line.id))),
        _ => Err(input(format!(
            "line `{}` matches two rules of equal precedence",
            line.id
        ))),
    }
}

fn base(c: &Commission, line: &TxLine) -> Result<Q, Refusal> {
    match c.basis {
        Basis::Amount => Ok(line.amount.clone()),
        Basis::Quantity => line
            .quantity
            .clone()
            .ok_or_else(|| input(format!("line `{}` has no quantity", line.id))),
        Basis::Margin => line
            .cost
            .as_ref()
            .map(|cost| &line.amount - cost)
            .ok_or_else(|| input(format!("line `{}` has no cost", line.id))),
    }
}

/// A commission component's exact commission and amount.
fn commission(plan: &Plan, inputs: &Inputs, c: &Commission) -> Result<(Q, Q), Refusal> {
    let lines: Vec<&TxLine> = inputs
        .lines
        .iter()
        .filter(|l| l.metric == c.metric)
        .filter(|l| c.filter.iter().all(|(k, v)| l.attributes.get(k) == Some(v)))
        .collect();
    // A negative line that refers to no line is an input error; the engine
    // reads "negative" on the line's base (a margin below cost is one too).
    for l in &lines {
        if base(c, l)?.is_negative() {
            return Err(input(format!(
                "line `{}` is negative and refers to no line",
                l.id
            )));
        }
    }
    if c.per_total {
        let mut total = Q::zero();
        for l in &lines {
            total += base(c, l)?;
        }
        if total.is_negative() {
            return Err(input("a rule on the total with a negative base"));
        }
        let exact = match &c.rule {
            CommissionRule::Rate(r) => r * &total,
            CommissionRule::Tiers { marginal: m, bands } => {
                if *m {
                    marginal(bands, &total)
                } else {
                    band_reached(bands, &total, false)
                        .map(|i| &bands[i].1 * &total)
                        .unwrap_or_else(Q::zero)
                }
            }
            CommissionRule::Rates(_) => return Err(plan_error("rates on the total")),
        };
        let amount = num::round(&exact, plan.places, plan.mode);
        return Ok((exact, amount));
    }
    let mut exact = Q::zero();
    let mut rounded = Q::zero();
    for l in &lines {
        let rate = match &c.rule {
            CommissionRule::Rate(r) => r.clone(),
            CommissionRule::Rates(rules) => rate_for(rules, l)?.rate.clone(),
            CommissionRule::Tiers { .. } => return Err(plan_error("tiers per line")),
        };
        let e = rate * base(c, l)?;
        rounded += num::round(&e, plan.places, plan.mode);
        exact += e;
    }
    // Rounded per line, the component's exact payout is the sum of the
    // rounded lines: each line is money already.
    if c.round_total {
        let amount = num::round(&exact, plan.places, plan.mode);
        Ok((exact, amount))
    } else {
        Ok((rounded.clone(), rounded))
    }
}

/// Largest-remainder allocation of `total` over `exact` lines, each line
/// first rounded toward zero, the minor units left over going one each to
/// the lines with the largest remainders (the first line first on ties),
/// never to a line it would put above its cap. Returns the amounts and the
/// units no line could take.
fn allocate(exact: &[(Q, Option<Q>)], total: &Q, places: u32) -> (Vec<Q>, Q) {
    let unit = Q::new(BigInt::from(1), num::pow10(places));
    let mut amounts: Vec<Q> = exact.iter().map(|(e, _)| num::trunc(e, places)).collect();
    let floor_sum: Q = amounts.iter().fold(Q::zero(), |a, b| a + b);
    let mut left = total - floor_sum;
    let mut order: Vec<usize> = (0..exact.len()).collect();
    let rem = |i: usize| &exact[i].0 - &amounts[i];
    let rems: Vec<Q> = order.iter().map(|&i| rem(i)).collect();
    order.sort_by(|&a, &b| rems[b].cmp(&rems[a]).then(a.cmp(&b)));
    for i in order {
        if left < unit || !rems[i].is_positive() {
            break;
        }
        let next = &amounts[i] + &unit;
        if exact[i].1.as_ref().is_some_and(|cap| &next > cap) {
            continue;
        }
        amounts[i] = next;
        left -= &unit;
    }
    (amounts, left)
}

/// A period's share of an annual amount: the exact fraction (or weight)
/// when the inputs name no period or the amount is not a whole number of
/// minor units; else the largest-remainder share, each period taking its
/// exact share rounded down and the units left over going one each to the
/// earliest periods (evenly split) or to the largest remainders (weighted,
/// the earliest first on ties).
fn period_share(plan: &Plan, inputs: &Inputs, annual: &Q) -> Result<Q, Refusal> {
    let n = plan.period_labels.len();
    let exact: Vec<Q> = match &plan.period_weights {
        Some(w) => w.iter().map(|w| annual * w).collect(),
        None => (0..n).map(|_| annual / num::int(n as i64)).collect(),
    };
    let Some(label) = &inputs.period else {
        return match &plan.period_weights {
            Some(_) => Err(input("a weighted plan needs the inputs' period")),
            None => Ok(annual / num::int(n as i64)),
        };
    };
    let Some(k) = plan.period_labels.iter().position(|l| l == label) else {
        // The reference makes a missing or unknown label an input error for
        // weighted periods. Split evenly, it says inputs with no period
        // take the exact fraction and was silent on a label that names no
        // period of the plan; it now says such a label is an input error
        // too (the exact fraction would not add up over the year).
        return Err(input(format!("`{label}` is not one of the plan's periods")));
    };
    if num::trunc(annual, plan.places) != *annual {
        return Ok(exact[k].clone());
    }
    let unit = Q::new(BigInt::from(1), num::pow10(plan.places));
    let floors: Vec<Q> = exact.iter().map(|e| num::trunc(e, plan.places)).collect();
    let mut left = annual - floors.iter().fold(Q::zero(), |a, b| a + b);
    let mut order: Vec<usize> = (0..n).collect();
    if plan.period_weights.is_some() {
        let rem: Vec<Q> = (0..n).map(|i| &exact[i] - &floors[i]).collect();
        order.sort_by(|&a, &b| rem[b].cmp(&rem[a]).then(a.cmp(&b)));
    }
    let mut share = floors[k].clone();
    for i in order {
        if left < unit {
            break;
        }
        if i == k {
            share += &unit;
        }
        left -= &unit;
    }
    Ok(share)
}

/// Evaluates one period of `plan` on `inputs`.
pub fn evaluate(plan: &Plan, inputs: &Inputs) -> Result<Statement, Refusal> {
    if plan.components.is_empty() && plan.commissions.is_empty() {
        return Err(plan_error("no components or commissions"));
    }
    // A participant's target incentive overrides the plan's, whatever its form.
    let ti = match (&inputs.target_incentive, &plan.target_incentive) {
        (Some(t), _) => Some(t.clone()),
        (None, None) => None,
        (None, Some(TargetIncentive::Amount(a))) => Some(a.clone()),
        (None, Some(TargetIncentive::Annual(a))) => Some(period_share(plan, inputs, a)?),
        (None, Some(TargetIncentive::PercentOfBase(p))) => {
            let base = inputs
                .base_salary
                .as_ref()
                .ok_or_else(|| input("a percent-of-base target incentive needs base_salary"))?;
            Some(period_share(plan, inputs, &(p * base))?)
        }
    };
    let ti = ti.as_ref();
    if !plan.components.is_empty() && ti.is_none() {
        return Err(plan_error("components need a target incentive"));
    }
    // (id, exact, cap, amount when rounded by its own rule)
    let mut exact: Vec<(String, Q, Option<Q>, Option<Q>)> = Vec::new();
    for c in &plan.components {
        let (e, cap) = component(plan, inputs, c, ti)?;
        exact.push((c.id.clone(), e, cap, None));
    }
    for c in &plan.commissions {
        let (e, amount) = commission(plan, inputs, c)?;
        exact.push((c.id.clone(), e, None, Some(amount)));
    }
    let exact_sum: Q = exact.iter().fold(Q::zero(), |a, (_, e, _, _)| a + e);
    let (amounts, unpaid): (Vec<(Q, bool)>, Q) = if plan.total_scope {
        let caps: Vec<(Q, Option<Q>)> = exact
            .iter()
            .map(|(_, e, cap, _)| (e.clone(), cap.clone()))
            .collect();
        let (amounts, unpaid) = allocate(
            &caps,
            &num::round(&exact_sum, plan.places, plan.mode),
            plan.places,
        );
        (amounts.into_iter().map(|a| (a, false)).collect(), unpaid)
    } else {
        let amounts = exact
            .iter()
            .map(|(_, e, cap, own)| match own {
                Some(a) => (a.clone(), false),
                None => round_within(plan, e, cap.as_ref()),
            })
            .collect();
        (amounts, Q::zero())
    };
    let lines: Vec<Line> = exact
        .iter()
        .zip(&amounts)
        .map(|((id, e, _, _), (a, to_cap))| Line {
            id: id.clone(),
            exact: e.clone(),
            amount: a.clone(),
            rounded_to_cap: *to_cap,
        })
        .collect();
    let line_sum: Q = amounts.iter().fold(Q::zero(), |a, (b, _)| a + b);
    let manual: Q = inputs.adjustments.iter().fold(Q::zero(), |a, (_, m)| a + m);
    for (name, m) in &inputs.adjustments {
        if num::round(m, plan.places, num::Mode::Down) != *m {
            return Err(input(format!(
                "adjustment `{name}` has more places than the currency"
            )));
        }
    }
    if plan.adjustments_inside_cap && plan.cap.is_none() {
        return Err(plan_error("inside-cap adjustments need a plan cap"));
    }
    let staged = plan.modifier.is_some()
        || !plan.kickers.is_empty()
        || plan.cap.is_some()
        || plan.gate.is_some();
    let mut total_rounded_to_cap = false;
    let mut exact_total = &exact_sum + &manual;
    let total = if staged {
        let mut running = if plan.total_scope {
            exact_sum - &unpaid
        } else {
            line_sum
        };
        if let Some(m) = &plan.modifier {
            running *= multiplier(plan, inputs, m)?;
        }
        for k in &plan.kickers {
            if reached(&k.level, &measure_attainment(plan, inputs, &k.measure)?) {
                running += &k.amount;
            }
        }
        if plan.adjustments_inside_cap {
            running += &manual;
        }
        let cap = match &plan.cap {
            Some(cap) => Some(cap_amount(
                cap,
                ti.ok_or_else(|| plan_error("a percent cap needs a target incentive"))?,
            )),
            None => None,
        };
        if let Some(cap) = &cap {
            if &running > cap {
                running = cap.clone();
            }
        }
        if let Some(g) = &plan.gate {
            if !gate_holds(plan, inputs, g)? {
                running = Q::zero();
            }
        }
        let (rounded, to_cap) = round_within(plan, &running, cap.as_ref());
        total_rounded_to_cap = to_cap;
        exact_total = if plan.adjustments_inside_cap {
            running.clone()
        } else {
            &running + &manual
        };
        rounded
            + if plan.adjustments_inside_cap {
                Q::zero()
            } else {
                manual
            }
    } else {
        line_sum + manual
    };
    Ok(Statement {
        lines,
        total,
        exact_total,
        total_rounded_to_cap,
        unpaid,
        places: plan.places,
    })
}
