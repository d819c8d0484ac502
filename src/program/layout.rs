//! The layout: which input columns a compiled plan reads.
//!
//! Every user of "which inputs does this plan read" (evaluation, CSV
//! checking, rows of values, what-if, goal seek, Monte Carlo, plan-year
//! versions) reads the layout instead of re-deriving it.

use std::fmt;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::id::{IdKind, check_id};
use crate::inputs::Inputs;
use crate::payout::LabelScale;
use crate::plan::{Component, Definition, Measure, Metric, Rule};

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
    /// The rating or score of a qualitative component, by component id, or
    /// of a part of a weighted score, by the part's name.
    Rating(String),
    /// The label of a component rated on a labelled scale, by component
    /// id. As a value it is the label's position on the scale, counted
    /// from 1 (the lowest label).
    Label(String),
}

impl Field {
    /// The label `inputs` give for a label's column.
    fn label_of<'i>(&self, inputs: &'i Inputs) -> Option<&'i str> {
        match self {
            Field::Label(c) => inputs.labels().get(c).map(String::as_str),
            _ => None,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Actual(m) => write!(f, "actuals.{m}"),
            Field::Target(c) => write!(f, "targets.{c}"),
            Field::Rating(c) => write!(f, "ratings.{c}"),
            Field::Label(c) => write!(f, "labels.{c}"),
        }
    }
}

/// The columns a program reads, in order: the actuals read (sorted by
/// metric), the targets of the measures read (quantitative components in
/// plan order, a matrix's two where it stands, then the named measures
/// conditions read), the ratings, scores, parts of weighted scores and
/// labels (plan order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    fields: Vec<Field>,
    /// Each field's column, so that finding one does not scan them all (a
    /// plan of thousands of components is compiled in near-linear time).
    index: std::collections::HashMap<Field, usize>,
    /// Whether a column is a label's.
    labels: bool,
}

impl Layout {
    /// `rated` holds [`Field::Rating`]s and [`Field::Label`]s.
    pub(crate) fn new(actuals: Vec<String>, targets: Vec<String>, rated: Vec<Field>) -> Layout {
        let mut fields = Vec::with_capacity(actuals.len() + targets.len() + rated.len());
        fields.extend(actuals.into_iter().map(Field::Actual));
        fields.extend(targets.into_iter().map(Field::Target));
        fields.extend(rated);
        let labels = fields.iter().any(|f| matches!(f, Field::Label(_)));
        let mut index = std::collections::HashMap::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            index.entry(f.clone()).or_insert(i);
        }
        Layout {
            fields,
            index,
            labels,
        }
    }

    /// The columns.
    pub(crate) fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The column of `field`, if the plan reads it.
    pub(crate) fn column(&self, field: &Field) -> Option<usize> {
        self.index.get(field).copied()
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
    /// [`Error::Input`] when the inputs are for another plan, name a
    /// metric, target, rating or label the plan does not have, or give a
    /// label that is not on its component's scale.
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
            Field::Label(_) => None,
        }));
        // A label is read as its position on the scale, once it is known
        // to be on it.
        if self.labels {
            for (f, slot) in self.fields.iter().zip(out.iter_mut()) {
                if let (Field::Label(c), Some(label)) = (f, f.label_of(inputs)) {
                    *slot = Some(label_position(plan, c, label)?);
                }
            }
        }
        Ok(())
    }
}

/// The scale of a component rated on a labelled scale.
pub(crate) fn label_scale<'p>(plan: &'p Definition, component: &str) -> Option<&'p LabelScale> {
    plan.components
        .iter()
        .find(|c| c.id == component)
        .and_then(|c| match &c.rule {
            Rule::Labels(s) => Some(s),
            _ => None,
        })
}

/// A label's column value: its position on the scale of `component`,
/// counted from 1.
///
/// # Errors
///
/// [`Error::Input`] naming the component and `labels.COMPONENT` when the
/// label is not on the scale, listing the scale's labels.
pub(crate) fn label_position(plan: &Definition, component: &str, label: &str) -> Result<Decimal> {
    let scale = label_scale(plan, component).ok_or_else(|| {
        Error::plan(format!("`{component}` is not rated on a labelled scale"))
            .with_component(component)
    })?;
    let name = plan
        .components
        .iter()
        .find(|c| c.id == component)
        .and_then(|c| match &c.measure {
            Measure::Label { scale } => Some(scale.as_str()),
            _ => None,
        })
        .unwrap_or(component);
    match scale.position(label) {
        Some(p) => Ok(Decimal::from(p)),
        None => Err(Error::input(format!(
            "`{label}` is not a label of scale `{name}`; its labels are {}",
            scale.list()
        ))
        .with_component(component)
        .with_field(format!("labels.{component}"))),
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
    /// A rating for what is not a rated or scored component or a part of
    /// a weighted score; the valid ones.
    Rating(Vec<String>),
    /// A rating for a component rated on a labelled scale: the scale's
    /// name and labels (in backticks).
    Labelled { scale: String, labels: String },
    /// A rating for a weighted score itself: its parts (in backticks).
    Weighted(Vec<String>),
    /// A label for what is not a component rated on a labelled scale; the
    /// valid ones.
    Label(Vec<String>),
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
    /// `labels.NAME`.
    Label(&'a str),
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Actual(m) => write!(f, "actuals.{m}"),
            Key::Target(c) => write!(f, "targets.{c}"),
            Key::Rating(c) => write!(f, "ratings.{c}"),
            Key::Label(c) => write!(f, "labels.{c}"),
        }
    }
}

/// Whether `plan` accepts the input key `field` (an actual of a declared
/// input metric, a target of a quantitative component or named measure,
/// a rating of a rated or scored component or of a part of a weighted
/// score, a label of a component rated on a labelled scale), and if not,
/// why, with the keys that would be valid (in backticks): the one answer
/// to "does this plan take this key", for every reader of inputs
/// (evaluation, CSV, plan-year versions).
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
    // What `ratings.NAME` may name: rated and scored components, and the
    // parts of weighted scores, in plan order.
    let rates = |id: &str| {
        plan.components.iter().any(|c| {
            (c.id == id && matches!(c.measure, Measure::Rating { .. } | Measure::Score { .. }))
                || matches!(&c.measure, Measure::Weighted { parts, .. } if parts.iter().any(|(p, _)| p == id))
        })
    };
    let rated = || {
        let mut out = Vec::new();
        for c in &plan.components {
            match &c.measure {
                Measure::Rating { .. } | Measure::Score { .. } => out.push(c.id.as_str()),
                Measure::Weighted { parts, .. } => {
                    out.extend(parts.iter().map(|(p, _)| p.as_str()));
                }
                Measure::Quantitative { .. }
                | Measure::Label { .. }
                | Measure::Fixed
                | Measure::Matrix { .. } => {}
            }
        }
        out
    };
    let quote =
        |names: Vec<&str>| -> Vec<String> { names.into_iter().map(|n| format!("`{n}`")).collect() };
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
            if rates(id) {
                return None;
            }
            Some(match plan.components.iter().find(|c| c.id == id) {
                Some(Component {
                    measure: Measure::Label { scale },
                    rule: Rule::Labels(labels),
                    ..
                }) => Refusal::Labelled {
                    scale: scale.clone(),
                    labels: labels.list(),
                },
                Some(Component {
                    measure: Measure::Weighted { parts, .. },
                    ..
                }) => Refusal::Weighted(quote(parts.iter().map(|(p, _)| p.as_str()).collect())),
                _ => Refusal::Rating(quote(rated())),
            })
        }
        Key::Label(id) => {
            if label_scale(plan, id).is_some() {
                return None;
            }
            Some(Refusal::Label(quote(
                plan.components
                    .iter()
                    .filter(|c| matches!(c.rule, Rule::Labels(_)))
                    .map(|c| c.id.as_str())
                    .collect(),
            )))
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
    // Inputs built in code are held to the rules files are: an id, a name
    // or a period label is one visible line of text, never a formula.
    check_id(IdKind::Participant, inputs.participant())?;
    if let Some(name) = inputs.participant_name() {
        check_id(IdKind::Name, name)?;
    }
    if let Some(period) = inputs.period() {
        check_id(IdKind::Period, period)?;
    }
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
        if let Some(why) = refusal(plan, field) {
            return Err(refused(field, why));
        }
    }
    // Labels apart: most inputs have none, and a longer chain costs every
    // key a step.
    for label in inputs.labels().keys() {
        let field = Key::Label(label);
        if let Some(why) = refusal(plan, field) {
            return Err(refused(field, why));
        }
    }
    Ok(())
}

/// The input error for a key the plan refuses, saying what would be
/// valid.
#[cold]
fn refused(field: Key<'_>, refusal: Refusal) -> Error {
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
        (Key::Rating(id), Refusal::Labelled { scale, labels }) => format!(
            "`{id}` is rated on labelled scale `{scale}`; give its label as `labels.{id}`, one of {labels}"
        ),
        (Key::Rating(id), Refusal::Weighted(parts)) => format!(
            "`{id}` is a weighted score of {}; rate each part instead",
            parts.join(", ")
        ),
        (Key::Label(id), Refusal::Label(valid)) => format!(
            "`{id}` is not a component of this plan rated on a labelled scale; labels are for {}",
            list(&valid)
        ),
        (f, _) => format!("`{f}` is not an input of this plan"),
    };
    Error::input(message).with_field(field.to_string())
}
