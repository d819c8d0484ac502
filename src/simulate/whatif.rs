//! What-if tables: the earnings calculator a participant sees.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::inputs::Inputs;
use crate::money::{exact_add, exact_sub};
use crate::plan::{Direction, Measure, Metric};
use crate::program::layout::{Key, Refusal, refusal};

/// What a what-if table varies, the other inputs held fixed.
///
/// # Example
///
/// ```
/// use incentive::simulate::Vary;
/// let v = Vary::Attainment("pipeline".into());
/// assert_eq!(v.to_string(), "attainment of `pipeline`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vary {
    /// A quantitative component's attainment (`1.2` is 120%): the actual
    /// is set to attainment × the component's target. The component must
    /// measure an input metric, higher is better.
    Attainment(String),
    /// An input metric's actual, by metric name.
    Actual(String),
    /// A qualitative component's rating or score, by component id, or a
    /// part of a weighted score's rating, by part name. A label is not a
    /// number to vary: a component rated on a labelled scale is refused.
    Rating(String),
}

impl std::fmt::Display for Vary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Vary::Attainment(c) => write!(f, "attainment of `{c}`"),
            Vary::Actual(m) => write!(f, "actual of `{m}`"),
            Vary::Rating(c) => write!(f, "rating of `{c}`"),
        }
    }
}

/// One row of a what-if table: the value tried, each component's amount
/// (plan order) and the total, as the statement would show them.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan, what_if};
/// use incentive::simulate::Vary;
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let rows = what_if(&plan, &dana, &Vary::Rating("campaign_effectiveness".into()),
///     &[dec!(3), dec!(5)])?;
/// assert_eq!(rows[1].amounts, vec![dec!(4875.00), dec!(1875.00)]);
/// assert_eq!(rows[1].total, dec!(6750.00));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WhatIfRow {
    /// The attainment, actual or rating tried.
    pub value: Decimal,
    /// Each component's rounded amount, in plan order.
    pub amounts: Vec<Decimal>,
    /// The total paid.
    pub total: Decimal,
}

impl WhatIfRow {
    /// The values `from`, `from + step`, … up to and including `to` (when
    /// it falls on a step): `grid(0, 2, 0.1)` is 0%, 10%, … 200%.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `step` is not above 0, `to` is below `from`,
    /// or the grid would have more than 1,000,000 values.
    pub fn grid(from: Decimal, to: Decimal, step: Decimal) -> Result<Vec<Decimal>> {
        if step <= Decimal::ZERO {
            return Err(
                Error::input(format!("the step is {step}; it must be above 0")).with_field("step"),
            );
        }
        if to < from {
            return Err(Error::input(format!("`to` {to} is below `from` {from}")).with_field("to"));
        }
        let mut out = Vec::new();
        let mut v = from;
        while v <= to {
            if out.len() >= 1_000_000 {
                return Err(Error::input(
                    "a grid may have at most 1000000 values; use a larger step",
                )
                .with_field("step"));
            }
            out.push(v);
            v = match exact_add(v, step) {
                Some(next) => next,
                // A next value past `to` ends the grid, held exactly or not.
                None if exact_sub(to, v).is_some_and(|left| left < step) => break,
                None => return Err(Error::overflow("the grid").with_field("step")),
            };
        }
        Ok(out)
    }
}

/// Sets the varied value on a copy of `base`.
pub(crate) fn apply(plan: &Plan, base: &Inputs, vary: &Vary, value: Decimal) -> Result<Inputs> {
    match vary {
        Vary::Actual(m) => match plan.def.metrics.get(m) {
            Some(Metric::Input) => Ok(base.clone().actual(m.clone(), value)),
            _ => Err(Error::input(format!(
                "`{m}` is not an input metric of this plan; vary one of {}",
                plan.input_metrics()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_field(format!("actuals.{m}"))),
        },
        Vary::Rating(c) => match refusal(&plan.def, Key::Rating(c)) {
            None => Ok(base.clone().rating(c.clone(), value)),
            Some(Refusal::Labelled { scale, .. }) => Err(Error::input(format!(
                "`{c}` is rated with the labels of scale `{scale}`, not a number to vary; try each label with its own inputs"
            ))
            .with_component(c)
            .with_field(format!("labels.{c}"))),
            Some(_) => Err(
                Error::input(format!("`{c}` is not a rated component of this plan"))
                    .with_component(c)
                    .with_field(format!("ratings.{c}")),
            ),
        },
        Vary::Attainment(c) => {
            let comp = plan
                .def
                .components
                .iter()
                .find(|x| &x.id == c)
                .ok_or_else(|| {
                    Error::input(format!("`{c}` is not a component of this plan")).with_component(c)
                })?;
            let Measure::Quantitative {
                metric,
                target,
                direction: Direction::HigherIsBetter,
                ..
            } = &comp.measure
            else {
                return Err(Error::input(format!(
                    "component `{c}` is not measured as an actual against a target with higher is better; vary its actual or rating instead"
                ))
                .with_component(c));
            };
            if !matches!(plan.def.metrics.get(metric), Some(Metric::Input)) {
                return Err(Error::input(format!(
                    "component `{c}` measures the derived metric `{metric}`; vary its operands with `Vary::Actual` instead"
                ))
                .with_component(c));
            }
            let t = base.targets().get(c).copied().or(*target).ok_or_else(|| {
                Error::missing(format!("missing target for component `{c}`"))
                    .with_component(c)
                    .with_field(format!("targets.{c}"))
            })?;
            let actual = value
                .checked_mul(t)
                .ok_or_else(|| Error::overflow("attainment × target"))?;
            Ok(base.clone().actual(metric.clone(), actual))
        }
    }
}

/// A what-if table: what `plan` pays `base` with one value varied over
/// `grid`, per component and in total.
///
/// # Errors
///
/// [`Error::Input`] when `vary` names something the plan does not have
/// (see [`Vary`]); otherwise the first row's error from
/// [`Plan::evaluate`], such as a rating off the scale.
///
/// # Example
///
/// The earnings calculator for Dana's pipeline (component target
/// incentive 3,750), 0% to 200% attainment:
///
/// ```
/// use incentive::{Inputs, Plan, what_if};
/// use incentive::simulate::{Vary, WhatIfRow};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let grid = WhatIfRow::grid(dec!(0), dec!(2), dec!(0.1))?;
/// let rows = what_if(&plan, &dana, &Vary::Attainment("pipeline".into()), &grid)?;
/// assert_eq!(rows[5].value, dec!(0.5));
/// assert_eq!(rows[5].amounts[0], dec!(937.50));
/// assert_eq!(rows[20].amounts[0], dec!(7500.00));
///
/// assert!(what_if(&plan, &dana, &Vary::Attainment("nope".into()), &grid).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn what_if(
    plan: &Plan,
    base: &Inputs,
    vary: &Vary,
    grid: &[Decimal],
) -> Result<Vec<WhatIfRow>> {
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    let mut rows = Vec::with_capacity(grid.len());
    for v in grid {
        let inputs = apply(plan, base, vary, *v)
            .map_err(|e| e.with_participant(base.participant()).with_plan(plan.id()))?;
        prepared.evaluate_into(&inputs, &mut out)?;
        rows.push(WhatIfRow {
            value: *v,
            amounts: out.lines().iter().map(|l| l.amount).collect(),
            total: out.total(),
        });
    }
    Ok(rows)
}
