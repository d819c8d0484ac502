//! The layout: which input columns a compiled plan reads.
//!
//! Every user of "which inputs does this plan read" (evaluation, CSV
//! checking, rows of values, what-if, goal seek, Monte Carlo, plan-year
//! versions) reads the layout instead of re-deriving it.

use std::fmt;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::plan::{Definition, Metric};

/// One value a compiled plan reads from a participant: the columns of
/// [`PreparedPlan::evaluate_values`](crate::PreparedPlan::evaluate_values).
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use incentive::simulate::Field;
///
/// let prepared = Plan::load("plans/demand-generation.toml")?.prepare();
/// assert_eq!(
///     prepared.fields(),
///     &[
///         Field::Actual("pipeline".into()),
///         Field::Target("pipeline".into()),
///         Field::Rating("campaign_effectiveness".into()),
///     ]
/// );
/// assert_eq!(prepared.fields()[1].to_string(), "targets.pipeline");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The actual of an input metric, by metric name.
    Actual(String),
    /// The target of a quantitative component (by component id) or of a
    /// named measure a condition reads (by measure name).
    Target(String),
    /// The rating or score of a qualitative component, by component id.
    Rating(String),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Actual(m) => write!(f, "actuals.{m}"),
            Field::Target(c) => write!(f, "targets.{c}"),
            Field::Rating(c) => write!(f, "ratings.{c}"),
        }
    }
}

/// The columns a program reads, in order: the actuals read (sorted by
/// metric), the targets of the measures read (quantitative components in
/// plan order, then the named measures conditions read), the ratings and
/// scores (plan order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    fields: Vec<Field>,
}

impl Layout {
    pub(crate) fn new(actuals: Vec<String>, targets: Vec<String>, ratings: Vec<String>) -> Layout {
        let mut fields = Vec::with_capacity(actuals.len() + targets.len() + ratings.len());
        fields.extend(actuals.into_iter().map(Field::Actual));
        fields.extend(targets.into_iter().map(Field::Target));
        fields.extend(ratings.into_iter().map(Field::Rating));
        Layout { fields }
    }

    /// The columns.
    pub(crate) fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The column of `field`, if the plan reads it.
    pub(crate) fn column(&self, field: &Field) -> Option<usize> {
        self.fields.iter().position(|f| f == field)
    }

    /// The number of columns.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// Reads `inputs` into one optional value per column, after refusing
    /// keys the plan does not have: a missing value is the interpreter's to
    /// report, where the rule reads it.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when the inputs are for another plan, or name a
    /// metric, target or rating the plan does not have.
    pub(crate) fn gather(
        &self,
        plan: &Definition,
        inputs: &Inputs,
        out: &mut Vec<Option<Decimal>>,
    ) -> Result<()> {
        check(plan, inputs)?;
        out.clear();
        out.extend(self.fields.iter().map(|f| match f {
            Field::Actual(m) => inputs.actuals().get(m).copied(),
            Field::Target(k) => inputs.targets().get(k).copied(),
            Field::Rating(c) => inputs.ratings().get(c).copied(),
        }));
        Ok(())
    }
}

/// Refuses inputs for another plan, and keys the plan does not have,
/// saying which would be valid: the first check of every route.
pub(crate) fn check(plan: &Definition, inputs: &Inputs) -> Result<()> {
    if inputs.plan() != plan.id {
        return Err(Error::input(format!(
            "the inputs are for plan `{}`, not `{}`",
            inputs.plan(),
            plan.id
        ))
        .with_field("plan"));
    }
    for metric in inputs.actuals().keys().chain(inputs.sources().keys()) {
        match plan.metrics.get(metric) {
            Some(Metric::Input) => {}
            Some(Metric::Ratio {
                numerator,
                denominator,
            }) => {
                return Err(Error::input(format!(
                    "`{metric}` is derived as `{numerator}` / `{denominator}`; give `{numerator}` and `{denominator}` instead"
                ))
                .with_field(format!("actuals.{metric}")));
            }
            None => {
                let known: Vec<String> = plan.input_metrics().map(|m| format!("`{m}`")).collect();
                return Err(Error::input(format!(
                    "`{metric}` is not a metric of this plan; its input metrics are {}",
                    known.join(", ")
                ))
                .with_field(format!("actuals.{metric}")));
            }
        }
    }
    let ids = |quantitative: bool| -> Vec<String> {
        plan.components
            .iter()
            .filter(|c| c.is_qualitative() != quantitative)
            .map(|c| format!("`{}`", c.id))
            .collect()
    };
    let list = |valid: Vec<String>| {
        if valid.is_empty() {
            "none".into()
        } else {
            valid.join(", ")
        }
    };
    for id in inputs.targets().keys() {
        if !plan
            .components
            .iter()
            .any(|c| &c.id == id && !c.is_qualitative())
            && !plan.measures.contains_key(id)
        {
            let mut valid = ids(true);
            valid.extend(plan.measures.keys().map(|m| format!("`{m}`")));
            return Err(Error::input(format!(
                "`{id}` is not a quantitative component or measure of this plan; targets are for {}",
                list(valid)
            ))
            .with_field(format!("targets.{id}")));
        }
    }
    for id in inputs.ratings().keys() {
        if !plan
            .components
            .iter()
            .any(|c| &c.id == id && c.is_qualitative())
        {
            return Err(Error::input(format!(
                "`{id}` is not a rated component of this plan; ratings are for {}",
                list(ids(false))
            ))
            .with_field(format!("ratings.{id}")));
        }
    }
    Ok(())
}
