//! Goal seek: what actual earns a given amount.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::prepared::PreparedPlan;
use super::whatif::{Vary, apply};
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::payout::TierMode;
use crate::plan::{Direction, Measure, Metric, Rule};
use crate::program::Payout;

/// The answer of [`goal_seek`].
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::simulate::GoalSeek;
/// use rust_decimal_macros::dec;
///
/// let g = GoalSeek::Reached { actual: dec!(2300000.00), payout: Exact::from_decimal(dec!(6437.5)) };
/// assert_eq!(g.actual(), Some(dec!(2300000.00)));
///
/// // As JSON, amounts as strings, and back.
/// let json = serde_json::to_string(&g).unwrap();
/// assert_eq!(json, r#"{"kind":"reached","actual":"2300000.00","payout":"6437.5"}"#);
/// assert_eq!(serde_json::from_str::<GoalSeek>(&json).unwrap(), g);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum GoalSeek {
    /// The smallest actual, at the requested resolution, whose exact
    /// (unrounded) total reaches the amount.
    Reached {
        /// The actual.
        actual: Decimal,
        /// The exact total it pays.
        payout: Exact,
    },
    /// No actual reaches the amount: the rules that read the metric are
    /// capped, so the total stops rising.
    Unreachable {
        /// The most the plan pays with the other inputs held fixed.
        max_payout: Exact,
        /// The smallest actual, at the requested resolution, paying it.
        from_actual: Decimal,
        /// The components at their maximum there, with what each pays.
        capped: Vec<(String, Exact)>,
        /// Whether the plan's cap on the total bound.
        plan_capped: bool,
    },
}

impl GoalSeek {
    /// The actual found, if the amount is reachable.
    pub fn actual(&self) -> Option<Decimal> {
        match self {
            GoalSeek::Reached { actual, .. } => Some(*actual),
            GoalSeek::Unreachable { .. } => None,
        }
    }
}

impl fmt::Display for GoalSeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoalSeek::Reached { actual, payout } => {
                write!(f, "an actual of {actual} pays {payout}")
            }
            GoalSeek::Unreachable {
                max_payout,
                from_actual,
                capped,
                plan_capped,
            } => {
                write!(f, "unreachable: ")?;
                for (c, amount) in capped {
                    write!(f, "component `{c}` caps at {amount}, ")?;
                }
                if *plan_capped {
                    write!(f, "the plan caps the total, ")?;
                }
                write!(
                    f,
                    "so with the other inputs held fixed the plan pays at most {max_payout} (from an actual of {from_actual})"
                )
            }
        }
    }
}

/// Checks that the total cannot fall as `metric` rises; names the
/// component that breaks it.
fn check_monotone(plan: &Plan, metric: &str) -> Result<()> {
    let not = |c: &str, why: String| {
        Err(Error::input(format!(
            "goal seek needs a payout that never falls as `{metric}` rises, and component `{c}` {why}"
        ))
        .with_component(c)
        .with_field(format!("actuals.{metric}")))
    };
    let mut reads = false;
    for c in plan.components() {
        if let Measure::Matrix { rows, columns } = &c.measure {
            // A matrix rises with one measure by an amount that depends on
            // the other: the search below does not handle it, so it is
            // refused rather than answered wrongly.
            for name in [rows, columns] {
                let measure = match plan.def.components.iter().find(|x| &x.id == name) {
                    Some(x) => Some(&x.measure),
                    None => plan.def.measures.get(name),
                };
                let m = match measure {
                    Some(Measure::Quantitative { metric: m, .. }) => m,
                    _ => continue,
                };
                let touches = match plan.def.metrics.get(m) {
                    Some(Metric::Input) => m == metric,
                    Some(Metric::Ratio {
                        numerator,
                        denominator,
                    }) => numerator == metric || denominator == metric,
                    None => false,
                };
                if touches {
                    return not(
                        &c.id,
                        format!(
                            "is a bonus matrix reading it through `{name}`; goal seek does not search a matrix, whose rise with one measure depends on the other"
                        ),
                    );
                }
            }
            continue;
        }
        let Measure::Quantitative {
            metric: m,
            direction,
            ..
        } = &c.measure
        else {
            continue;
        };
        let uses = match plan.def.metrics.get(m) {
            Some(Metric::Input) => m == metric,
            Some(Metric::Ratio {
                numerator,
                denominator,
            }) => {
                if denominator == metric {
                    return not(
                        &c.id,
                        format!("divides by it (`{m}` = `{numerator}` / `{denominator}`)"),
                    );
                }
                numerator == metric
            }
            None => false,
        };
        if !uses {
            continue;
        }
        reads = true;
        if *direction == Direction::LowerIsBetter {
            return not(&c.id, "is lower-is-better".into());
        }
        let ys: Vec<Decimal> = match &c.rule {
            Rule::Curve { curve, .. } => curve.points().iter().map(|p| p.y).collect(),
            Rule::Steps(s) => s.points().iter().map(|p| p.y).collect(),
            Rule::Tiers(t) => match t.mode() {
                TierMode::Retroactive => t.bands().iter().map(|b| b.1).collect(),
                _ => Vec::new(),
            },
            Rule::Multipliers(t) => t.bands().iter().map(|b| b.1).collect(),
            Rule::Scale(_) | Rule::AtTarget | Rule::Matrix(_) | Rule::Labels(_) => Vec::new(),
        };
        for (k, w) in ys.windows(2).enumerate() {
            if let [a, b] = w {
                if b < a {
                    return not(
                        &c.id,
                        format!(
                            "pays less at point {} ({b}) than at point {} ({a})",
                            k + 2,
                            k + 1
                        ),
                    );
                }
            }
        }
    }
    if !reads {
        return Err(Error::input(format!(
            "no component of this plan pays on `{metric}`; goal seek needs a metric a component reads"
        ))
        .with_field(format!("actuals.{metric}")));
    }
    Ok(())
}

struct Probe<'a> {
    plan: &'a Plan,
    prepared: PreparedPlan,
    base: &'a Inputs,
    metric: String,
    resolution: Decimal,
    out: Payout,
}

impl Probe<'_> {
    fn actual(&self, k: i128) -> Result<Decimal> {
        Decimal::try_from_i128_with_scale(k, 0)
            .ok()
            .and_then(|k| k.checked_mul(self.resolution))
            .ok_or_else(|| Error::overflow("the goal-seek actual"))
    }

    /// The exact total at `k` resolution steps.
    fn at(&mut self, k: i128) -> Result<Exact> {
        let inputs = apply(
            self.plan,
            self.base,
            &Vary::Actual(self.metric.clone()),
            self.actual(k)?,
        )?;
        self.prepared.evaluate_into(&inputs, &mut self.out)?;
        self.out
            .exact_total()
            .ok_or_else(|| Error::overflow("the exact total"))
    }

    /// Whether every component reading the metric pays its maximum, or the
    /// plan cap bound: the total can rise no further.
    fn saturated(&self) -> bool {
        if self.out.plan_capped() {
            return true;
        }
        self.plan
            .def
            .components
            .iter()
            .zip(self.out.lines())
            .filter(|(c, _)| reads(self.plan, c, &self.metric))
            .all(|(_, l)| l.at_cap)
    }

    /// The smallest `k` in `(lo, hi]` with a total of at least `goal`,
    /// given that `hi` reaches it and `lo` does not.
    fn bisect(&mut self, mut lo: i128, mut hi: i128, goal: Exact) -> Result<i128> {
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.at(mid)? >= goal {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }
}

fn reads(plan: &Plan, c: &crate::plan::Component, metric: &str) -> bool {
    match &c.measure {
        Measure::Quantitative { metric: m, .. } => match plan.def.metrics.get(m) {
            Some(Metric::Input) => m == metric,
            Some(Metric::Ratio { numerator, .. }) => numerator == metric,
            None => false,
        },
        _ => false,
    }
}

/// Goal seek: the smallest actual of `metric`, a multiple of `resolution`
/// (`0.01` for a cent), whose exact, unrounded total reaches `amount`,
/// with the other inputs in `base` held fixed.
///
/// The search needs a total that never falls as the metric rises: every
/// component reading it must be higher-is-better, with curve and step
/// payouts and retroactive rates that never decrease (marginal rates
/// always qualify), and the metric must not be a ratio's denominator. It
/// searches actuals from 0 up, doubling until the amount is reached, and
/// then bisects; when every rule reading the metric is at its maximum (a
/// curve past its last point, the last step, a component cap, the plan
/// cap) below the amount, the answer is [`GoalSeek::Unreachable`], with
/// the maximum and the caps that bound it.
///
/// # Errors
///
/// [`Error::Input`] when the rule is not monotone in the metric (naming
/// the component and the points), a bonus matrix reads the metric (its
/// rise with one measure depends on the other, which this search does not
/// handle), the metric is not an input metric a
/// component reads, `resolution` is not above 0, or no actual below
/// `resolution × 2^100` reaches the amount while the total still rises;
/// otherwise the evaluation errors of [`Plan::evaluate`] (such as a
/// missing target in `base`).
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan, goal_seek};
/// use incentive::simulate::GoalSeek;
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(0))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let seek = |amount| goal_seek(&plan, &dana, "pipeline", amount, dec!(0.01));
/// assert_eq!(seek(dec!(6437.50))?.actual(), Some(dec!(2300000.00)));
/// assert_eq!(seek(dec!(6000.00))?.actual(), Some(dec!(2183333.34)));
/// assert!(matches!(seek(dec!(10000))?, GoalSeek::Unreachable { .. }));
///
/// assert!(goal_seek(&plan, &dana, "bookings", dec!(1), dec!(0.01)).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn goal_seek(
    plan: &Plan,
    base: &Inputs,
    metric: &str,
    amount: Decimal,
    resolution: Decimal,
) -> Result<GoalSeek> {
    let ctx = |e: Error| e.with_participant(base.participant()).with_plan(plan.id());
    if resolution <= Decimal::ZERO {
        return Err(ctx(Error::input(format!(
            "the resolution is {resolution}; it must be above 0, such as 0.01 for a cent"
        ))
        .with_field("resolution")));
    }
    check_monotone(plan, metric).map_err(ctx)?;
    let prepared = plan.prepare();
    let out = prepared.payout();
    let mut p = Probe {
        plan,
        prepared,
        base,
        metric: metric.to_owned(),
        resolution,
        out,
    };
    let goal = Exact::from_decimal(amount);
    let first = p.at(0).map_err(ctx)?;
    if first >= goal {
        return Ok(GoalSeek::Reached {
            actual: p.actual(0)?,
            payout: first,
        });
    }
    // Start from the current actual (or one step), doubling.
    let current = base.actuals().get(metric).copied().unwrap_or_default();
    let start = current
        .checked_div(resolution)
        .map(|v| v.ceil())
        .and_then(|v| i128::try_from(v).ok())
        .unwrap_or(1)
        .max(1);
    let (mut lo, mut hi) = (0i128, start);
    for _ in 0..100 {
        let v = p.at(hi).map_err(ctx)?;
        if v >= goal {
            let k = p.bisect(lo, hi, goal).map_err(ctx)?;
            return Ok(GoalSeek::Reached {
                actual: p.actual(k)?,
                payout: p.at(k).map_err(ctx)?,
            });
        }
        if p.saturated() {
            // Whether the plan cap is what bounds the total, seen where the
            // total saturated (where it is first reached it may sit exactly
            // at the cap without being cut).
            let plan_capped = p.out.plan_capped();
            // The total stays at `v` from here on: find where it starts.
            let k = if p.at(lo).map_err(ctx)? >= v {
                lo
            } else {
                p.bisect(lo, hi, v).map_err(ctx)?
            };
            p.at(k).map_err(ctx)?;
            let capped = plan
                .def
                .components
                .iter()
                .zip(p.out.lines())
                .filter(|(c, l)| l.at_cap && reads(plan, c, metric))
                .map(|(c, l)| (c.id.clone(), l.exact))
                .collect();
            return Ok(GoalSeek::Unreachable {
                max_payout: v,
                from_actual: p.actual(k)?,
                capped,
                plan_capped,
            });
        }
        lo = hi;
        hi = hi
            .checked_mul(2)
            .ok_or_else(|| ctx(Error::overflow("the goal-seek actual")))?;
    }
    Err(ctx(Error::input(format!(
        "no actual of `{metric}` up to {} reaches {amount}, and the payout is not capped; the rule rises too slowly",
        p.actual(hi)?
    ))
    .with_field(format!("actuals.{metric}"))))
}
