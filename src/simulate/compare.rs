//! Two plans, or two versions of one, over the same participants.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::inputs::Inputs;
use crate::money::{exact_add, exact_sub};

/// A plan and the participants' inputs under it: one side of a
/// [`Comparison`].
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use incentive::simulate::Scenario;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let inputs: Vec<Inputs> = vec![];
/// let side = Scenario { plan: &plan, inputs: &inputs };
/// assert_eq!(side.plan.id(), "demand-generation");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Scenario<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The participants' inputs, naming the plan.
    pub inputs: &'a [Inputs],
}

/// One participant's payout under both sides of a comparison.
///
/// # Example
///
/// See [`Comparison`].
///
/// ```
/// # use incentive::simulate::ComparisonRow;
/// fn delta(row: &ComparisonRow) -> rust_decimal::Decimal { row.delta }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ComparisonRow {
    /// The participant's id.
    pub participant: String,
    /// The period label, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The total paid under the old side.
    pub old: Decimal,
    /// The total paid under the new side.
    pub new: Decimal,
    /// `new − old`.
    pub delta: Decimal,
    /// Each component's id with its old and new amounts, old plan's
    /// components first, then any the new plan adds; a component a side
    /// does not have pays 0 there.
    pub components: Vec<(String, Decimal, Decimal)>,
}

/// Old against new: per-participant and total deltas for a change of
/// plan, targets or weights, such as a mid-year re-alignment.
///
/// Participants are matched by id and period; rows come in that order.
///
/// # Errors
///
/// [`Comparison::new`] fails when a participant is on one side only or
/// twice on a side, or with the first evaluation error of either side.
///
/// # Example
///
/// Dana's pipeline target re-based from 2,000,000 to 1,500,000:
///
/// ```
/// use incentive::{Inputs, Plan};
/// use incentive::simulate::{Comparison, Scenario};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = |target| Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(1800000))
///     .target("pipeline", target)
///     .rating("campaign_effectiveness", dec!(4));
/// let (old, new) = ([dana(dec!(2000000))], [dana(dec!(1500000))]);
/// let c = Comparison::new(
///     Scenario { plan: &plan, inputs: &old },
///     Scenario { plan: &plan, inputs: &new },
/// )?;
/// assert_eq!(c.rows()[0].old, dec!(4750.00));
/// assert_eq!(c.rows()[0].new, dec!(6812.50));
/// assert_eq!(c.delta(), dec!(2062.50));
///
/// let nobody: [Inputs; 0] = [];
/// assert!(Comparison::new(Scenario { plan: &plan, inputs: &old },
///     Scenario { plan: &plan, inputs: &nobody }).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    rows: Vec<ComparisonRow>,
    old: Decimal,
    new: Decimal,
    delta: Decimal,
}

type Key = (String, Option<String>);

fn index<'a>(side: &Scenario<'a>, which: &str) -> Result<BTreeMap<Key, &'a Inputs>> {
    let mut m = BTreeMap::new();
    for i in side.inputs {
        let key = (i.participant().to_owned(), i.period().map(str::to_owned));
        if m.insert(key, i).is_some() {
            return Err(Error::duplicate(format!(
                "participant `{}` appears twice on the {which} side; give each participant one set of inputs per period",
                i.participant()
            ))
            .with_participant(i.participant()));
        }
    }
    Ok(m)
}

impl Comparison {
    /// Evaluates both sides and pairs the participants.
    ///
    /// # Errors
    ///
    /// See [`Comparison`].
    pub fn new(old: Scenario<'_>, new: Scenario<'_>) -> Result<Comparison> {
        let (a, b) = (index(&old, "old")?, index(&new, "new")?);
        if let Some((k, _)) = a.iter().find(|(k, _)| !b.contains_key(*k)) {
            return Err(Error::input(format!(
                "participant `{}` is on the old side only; compare the same participants on both sides",
                k.0
            ))
            .with_participant(&k.0));
        }
        if let Some((k, _)) = b.iter().find(|(k, _)| !a.contains_key(*k)) {
            return Err(Error::input(format!(
                "participant `{}` is on the new side only; compare the same participants on both sides",
                k.0
            ))
            .with_participant(&k.0));
        }
        let ovf = || Error::overflow("the comparison totals");
        let (mut old_total, mut new_total) = (Decimal::ZERO, Decimal::ZERO);
        let mut rows = Vec::with_capacity(a.len());
        for (key, i) in &a {
            let Some(j) = b.get(key) else { continue };
            let s = old.plan.evaluate(i)?;
            let t = new.plan.evaluate(j)?;
            let mut components: Vec<(String, Decimal, Decimal)> = s
                .lines
                .iter()
                .map(|l| {
                    let n = t.line(&l.component).map_or(Decimal::ZERO, |x| x.amount);
                    (l.component.clone(), l.amount, n)
                })
                .collect();
            for l in &t.lines {
                if s.line(&l.component).is_none() {
                    components.push((l.component.clone(), Decimal::ZERO, l.amount));
                }
            }
            old_total = exact_add(old_total, s.total()).ok_or_else(ovf)?;
            new_total = exact_add(new_total, t.total()).ok_or_else(ovf)?;
            rows.push(ComparisonRow {
                participant: key.0.clone(),
                period: key.1.clone(),
                old: s.total(),
                new: t.total(),
                delta: exact_sub(t.total(), s.total()).ok_or_else(ovf)?,
                components,
            });
        }
        Ok(Comparison {
            rows,
            old: old_total,
            new: new_total,
            delta: exact_sub(new_total, old_total).ok_or_else(ovf)?,
        })
    }

    /// One row per participant and period.
    pub fn rows(&self) -> &[ComparisonRow] {
        &self.rows
    }

    /// The old side's total.
    pub fn old_total(&self) -> Decimal {
        self.old
    }

    /// The new side's total.
    pub fn new_total(&self) -> Decimal {
        self.new
    }

    /// `new total − old total`.
    pub fn delta(&self) -> Decimal {
        self.delta
    }
}
