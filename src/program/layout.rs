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
    /// named measure a condition or a bonus matrix reads (by measure name).
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
/// plan order, a matrix's two where it stands, then the named measures
/// conditions read), the ratings and scores (plan order).
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

/// Why a plan does not accept an input key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// An actual for a metric the plan derives from two others.
    Derived {
        numerator: String,
        denominator: String,
    },
    /// An actual for a metric the plan does not declare; the valid ones.
    Metric(Vec<String>),
    /// A target for what is neither a quantitative component nor a
    /// measure; the valid ones.
    Target(Vec<String>),
    /// A rating for what is not a rated component; the valid ones.
    Rating(Vec<String>),
}

/// An input key, borrowed: what [`refusal`] is asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    /// `actuals.NAME` (or a credit source for it).
    Actual(&'a str),
    /// `targets.NAME`.
    Target(&'a str),
    /// `ratings.NAME`.
    Rating(&'a str),
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Actual(m) => write!(f, "actuals.{m}"),
            Key::Target(c) => write!(f, "targets.{c}"),
            Key::Rating(c) => write!(f, "ratings.{c}"),
        }
    }
}

/// Whether `plan` accepts the input key `field` (an actual of a declared
/// input metric, a target of a quantitative component or named measure,
/// a rating of a rated or scored component), and if not, why, with the
/// keys that would be valid (in backticks): the one answer to "does this
/// plan take this key", for every reader of inputs (evaluation, CSV,
/// plan-year versions).
pub(crate) fn refusal(plan: &Definition, field: Key<'_>) -> Option<Refusal> {
    // A bonus matrix is neither: it has no target or rating of its own.
    let ids = |quantitative: bool| -> Vec<String> {
        plan.components
            .iter()
            .filter(|c| {
                if quantitative {
                    c.is_quantitative()
                } else {
                    c.is_qualitative()
                }
            })
            .map(|c| format!("`{}`", c.id))
            .collect()
    };
    match field {
        Key::Actual(metric) => match plan.metrics.get(metric) {
            Some(Metric::Input) => None,
            Some(Metric::Ratio {
                numerator,
                denominator,
            }) => Some(Refusal::Derived {
                numerator: numerator.clone(),
                denominator: denominator.clone(),
            }),
            None => Some(Refusal::Metric(
                plan.input_metrics().map(|m| format!("`{m}`")).collect(),
            )),
        },
        Key::Target(id) => {
            let quantitative = plan
                .components
                .iter()
                .any(|c| c.id == id && c.is_quantitative());
            if quantitative || plan.measures.contains_key(id) {
                return None;
            }
            let mut valid = ids(true);
            valid.extend(plan.measures.keys().map(|m| format!("`{m}`")));
            Some(Refusal::Target(valid))
        }
        Key::Rating(id) => {
            let rated = plan
                .components
                .iter()
                .any(|c| c.id == id && c.is_qualitative());
            (!rated).then(|| Refusal::Rating(ids(false)))
        }
    }
}

/// A list of valid keys, or `none`.
pub(crate) fn list(valid: &[String]) -> String {
    if valid.is_empty() {
        "none".into()
    } else {
        valid.join(", ")
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
    let keys = inputs
        .actuals()
        .keys()
        .chain(inputs.sources().keys())
        .map(|k| Key::Actual(k))
        .chain(inputs.targets().keys().map(|k| Key::Target(k)))
        .chain(inputs.ratings().keys().map(|k| Key::Rating(k)));
    for field in keys {
        let Some(refusal) = refusal(plan, field) else {
            continue;
        };
        let message = match (&field, refusal) {
            (
                Key::Actual(metric),
                Refusal::Derived {
                    numerator,
                    denominator,
                },
            ) => format!(
                "`{metric}` is derived as `{numerator}` / `{denominator}`; give `{numerator}` and `{denominator}` instead"
            ),
            (Key::Actual(metric), Refusal::Metric(valid)) => format!(
                "`{metric}` is not a metric of this plan; its input metrics are {}",
                valid.join(", ")
            ),
            (Key::Target(id), Refusal::Target(valid)) => format!(
                "`{id}` is not a quantitative component or measure of this plan; targets are for {}",
                list(&valid)
            ),
            (Key::Rating(id), Refusal::Rating(valid)) => format!(
                "`{id}` is not a rated component of this plan; ratings are for {}",
                list(&valid)
            ),
            (f, _) => format!("`{f}` is not an input of this plan"),
        };
        return Err(Error::input(message).with_field(field.to_string()));
    }
    Ok(())
}
