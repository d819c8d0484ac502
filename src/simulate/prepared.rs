//! A plan ready for many participants: the batch form of the one program.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::inputs::Inputs;
use crate::program::pay::NO_TERMS;
use crate::program::run::{Gathered, Row};
use crate::program::{self, Context, Field, NoRecord, Payout, Terms};
use crate::statement::Statement;

/// A plan ready for evaluating many participants: the batch form.
///
/// Every plan is compiled once, when it is loaded, into one program that
/// every route runs (see the crate's architecture notes): a prepared plan
/// evaluates that program without explanations into a reusable
/// [`Payout`] ([`PreparedPlan::evaluate_into`], and from a row of values,
/// [`PreparedPlan::evaluate_values`]), or with them into a [`Statement`]
/// ([`PreparedPlan::statement`]). [`PreparedPlan::batch`] does either over
/// a slice. The amounts are those [`Plan::evaluate`] computes, to the byte,
/// for every plan feature, because they are computed by the same code.
///
/// # Errors
///
/// Evaluations fail exactly as [`Plan::evaluate`] does.
///
/// # Example
///
/// ```
/// use incentive::{Explain, Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let prepared = plan.prepare();
///
/// let people: Vec<Inputs> = (0..100)
///     .map(|i| {
///         Inputs::new(format!("p{i}"), "demand-generation")
///             .actual("pipeline", dec!(1900000) + rust_decimal::Decimal::from(i * 10000))
///             .target("pipeline", dec!(2000000))
///             .rating("campaign_effectiveness", dec!(3))
///     })
///     .collect();
/// let batch = prepared.batch(&people, Explain::Skip)?;
/// assert_eq!(batch.participants(), 100);
/// // Exactly 648,640.625 before rounding; each line rounds half-even.
/// assert_eq!(batch.total(), dec!(648640.63));
/// assert!(batch.statements().is_empty());
///
/// let wrong = Inputs::new("x", "demand-generation").target("pipeline", dec!(1));
/// assert!(prepared.batch(&[wrong], Explain::Skip).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PreparedPlan {
    plan: Plan,
}

impl Plan {
    /// The plan ready for batch evaluation; see [`PreparedPlan`].
    ///
    /// Never fails: the plan was compiled when it was loaded.
    pub fn prepare(&self) -> PreparedPlan {
        PreparedPlan { plan: self.clone() }
    }
}

impl PreparedPlan {
    /// The plan this was prepared from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The values a participant brings, in the order
    /// [`PreparedPlan::evaluate_values`] reads them: the actuals the plan
    /// reads (sorted by metric), then the target of each quantitative
    /// component (plan order) and of each named measure a gate, modifier
    /// or kicker reads, then each qualitative component's rating or score,
    /// each part of a weighted score and each label (plan order; a label
    /// as its position on the scale, from 1). A declared metric that
    /// nothing reads has no column.
    pub fn fields(&self) -> &[Field] {
        self.plan.program.layout.fields()
    }

    /// The column of `field`, if the plan reads it.
    pub fn column(&self, field: &Field) -> Option<usize> {
        self.plan.program.layout.column(field)
    }

    /// A buffer for [`PreparedPlan::evaluate_into`], sized for this plan.
    pub fn payout(&self) -> Payout {
        let prog = &self.plan.program;
        Payout::with_capacity(prog.comps.len(), prog.quants.len(), prog.layout.len())
    }

    /// Evaluates one participant with full explanations: the statement
    /// [`Plan::evaluate`] returns.
    ///
    /// # Errors
    ///
    /// As [`Plan::evaluate`].
    pub fn statement(&self, inputs: &Inputs) -> Result<Statement> {
        self.plan.evaluate(inputs)
    }

    /// Evaluates one participant without explanations into `out`,
    /// overwriting it; allocates nothing once `out` has been used.
    ///
    /// # Errors
    ///
    /// As [`Plan::evaluate`], with the same error.
    pub fn evaluate_into(&self, inputs: &Inputs, out: &mut Payout) -> Result<()> {
        let prog = &self.plan.program;
        let mut values = std::mem::take(&mut out.gathered);
        let result = prog
            .layout
            .gather(&self.plan.def, inputs, &mut values)
            .and_then(|()| {
                let src = Gathered::new(&values, inputs);
                program::run(prog, &src, &Context::default(), out, &mut NoRecord)
            });
        out.gathered = values;
        result.map_err(|e| {
            e.with_participant(inputs.participant())
                .with_plan(self.plan.id())
        })
    }

    /// Evaluates one participant given as values in [`PreparedPlan::fields`]
    /// order (the plan's fixed targets must be given too), with the plan's
    /// own target incentive. This is the form simulations use: no map
    /// look-ups, no allocation.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `values` does not have one value per field;
    /// otherwise as [`Plan::evaluate`] on the same values, naming
    /// `participant`.
    pub fn evaluate_values(
        &self,
        participant: &str,
        values: &[Decimal],
        out: &mut Payout,
    ) -> Result<()> {
        self.evaluate_values_with(participant, values, &NO_TERMS, out)
    }

    /// [`PreparedPlan::evaluate_values`] with a participant's own pay terms
    /// (target incentive, base salary, pay mix) and period label.
    pub(crate) fn evaluate_values_with(
        &self,
        participant: &str,
        values: &[Decimal],
        terms: &Terms<'_>,
        out: &mut Payout,
    ) -> Result<()> {
        let prog = &self.plan.program;
        let fields = prog.layout.fields();
        if values.len() != fields.len() {
            return Err(Error::input(format!(
                "{} values given; this plan reads {}: {}",
                values.len(),
                fields.len(),
                fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_participant(participant)
            .with_plan(self.plan.id()));
        }
        let row = Row { values, terms };
        program::run(prog, &row, &Context::default(), out, &mut NoRecord)
            .map_err(|e| e.with_participant(participant).with_plan(self.plan.id()))
    }

    /// The [`Inputs`] that `values` stand for. A label's value is its
    /// position on the scale; a position off the scale stands for no label
    /// of it, and is given as its number (`"7"`), which evaluating refuses.
    pub fn inputs_from_values(&self, participant: &str, values: &[Decimal]) -> Inputs {
        let mut i = Inputs::new(participant, self.plan.id().to_owned());
        for (f, v) in self.fields().iter().zip(values) {
            i = match f {
                Field::Actual(m) => i.actual(m.clone(), *v),
                Field::Target(c) => i.target(c.clone(), *v),
                Field::Rating(c) => i.rating(c.clone(), *v),
                Field::Label(c) => {
                    let label = crate::program::layout::label_scale(&self.plan.def, c)
                        .and_then(|s| s.at(*v))
                        .map_or_else(|| v.normalize().to_string(), |(l, _)| l.to_owned());
                    i.label(c.clone(), label)
                }
            };
        }
        i
    }

    /// A participant's values in [`PreparedPlan::fields`] order, the plan's
    /// fixed targets filled in.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant and field when a value is
    /// missing, the inputs are for another plan, they name a metric,
    /// target, rating or label the plan does not have, or give a label
    /// that is not on its scale (as every route refuses them), or when
    /// they carry manual adjustments, which a row of values has no place
    /// for (they are refused, never dropped).
    ///
    /// # Example
    ///
    /// A label's value is its position on its scale, counted from 1:
    ///
    /// ```
    /// use incentive::{Inputs, Plan};
    /// use incentive::simulate::Field;
    /// use rust_decimal_macros::dec;
    ///
    /// let plan = Plan::from_toml(r#"
    ///     id = "bonus"
    ///     name = "Bonus"
    ///     version = "1"
    ///     currency = "USD"
    ///     pay_period = "year"
    ///     target_incentive = { amount = 1000 }
    ///
    ///     [scales.performance]
    ///     labels = [["below", "0%"], ["meets", "100%"], ["exceeds", "125%"]]
    ///
    ///     [[components]]
    ///     id = "performance"
    ///     name = "Performance"
    ///     weight = "100%"
    ///     rating = "performance"
    /// "#)?;
    /// let prepared = plan.prepare();
    /// assert_eq!(prepared.fields(), &[Field::Label("performance".into())]);
    /// let ana = Inputs::new("ana", "bonus").label("performance", "exceeds");
    /// let row = prepared.values(&ana)?;
    /// assert_eq!(row, [dec!(3)]);
    /// let mut out = prepared.payout();
    /// prepared.evaluate_values("ana", &row, &mut out)?;
    /// assert_eq!(out.total(), dec!(1250.00));
    /// assert_eq!(prepared.inputs_from_values("ana", &row), ana);
    ///
    /// let off = prepared.evaluate_values("ana", &[dec!(4)], &mut out).unwrap_err();
    /// assert_eq!(off.details().field.as_deref(), Some("labels.performance"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn values(&self, inputs: &Inputs) -> Result<Vec<Decimal>> {
        if let Some(a) = inputs.adjustments().first() {
            return Err(Error::input(format!(
                "the inputs carry manual adjustments (`{}`), which a row of values cannot hold; evaluate them with `Plan::evaluate` or `PreparedPlan::evaluate_into`",
                a.name
            ))
            .with_participant(inputs.participant())
            .with_plan(self.plan.id())
            .with_field("adjustments"));
        }
        crate::program::layout::check(&self.plan.def, inputs).map_err(|e| {
            e.with_participant(inputs.participant())
                .with_plan(self.plan.id())
        })?;
        let prog = &self.plan.program;
        let mut v = Vec::with_capacity(prog.layout.len());
        for (col, f) in prog.layout.fields().iter().enumerate() {
            let found = match f {
                Field::Actual(m) => inputs.actuals().get(m).copied(),
                Field::Target(k) => inputs
                    .targets()
                    .get(k)
                    .copied()
                    .or_else(|| prog.defaults.get(col).copied().flatten()),
                Field::Rating(c) => inputs.ratings().get(c).copied(),
                Field::Label(c) => match inputs.labels().get(c) {
                    Some(label) => Some(
                        crate::program::layout::label_position(&self.plan.def, c, label).map_err(
                            |e| {
                                e.with_participant(inputs.participant())
                                    .with_plan(self.plan.id())
                            },
                        )?,
                    ),
                    None => None,
                },
            };
            v.push(found.ok_or_else(|| {
                Error::missing(format!(
                    "missing value for `{f}`; a missing value is never read as zero"
                ))
                .with_participant(inputs.participant())
                .with_plan(self.plan.id())
                .with_field(f.to_string())
            })?);
        }
        Ok(v)
    }
}
