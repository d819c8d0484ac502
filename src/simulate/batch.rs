//! Many participants through one prepared plan.

use rust_decimal::Decimal;

use super::prepared::PreparedPlan;
use crate::error::{Error, Result};
use crate::inputs::Inputs;
use crate::money::exact_add;
use crate::program::Payout;
use crate::statement::Statement;

/// Whether a batch builds each participant's explained [`Statement`].
///
/// # Example
///
/// ```
/// use incentive::Explain;
/// assert_eq!(Explain::default(), Explain::Full);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Explain {
    /// Build every statement, with its full explanation.
    #[default]
    Full,
    /// Compute the amounts only: no statements, nothing allocated per
    /// participant.
    Skip,
}

/// The result of [`PreparedPlan::batch`]: totals by component and
/// overall, and the statements when they were asked for.
///
/// # Example
///
/// ```
/// use incentive::{Explain, Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let prepared = Plan::load("plans/demand-generation.toml")?.prepare();
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let batch = prepared.batch(std::slice::from_ref(&dana), Explain::Full)?;
/// assert_eq!(batch.total(), dec!(6437.50));
/// assert_eq!(batch.components(), &[("pipeline".to_string(), dec!(4875.00)),
///     ("campaign_effectiveness".to_string(), dec!(1562.50))]);
/// assert_eq!(batch.statements()[0].total(), dec!(6437.50));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    participants: usize,
    total: Decimal,
    components: Vec<(String, Decimal)>,
    statements: Vec<Statement>,
}

impl Batch {
    /// How many participants were evaluated.
    pub fn participants(&self) -> usize {
        self.participants
    }

    /// The sum of the participants' totals.
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// Each component's id and the sum of its rounded amounts, in plan
    /// order (before any plan cap, which [`Batch::total`] includes).
    pub fn components(&self) -> &[(String, Decimal)] {
        &self.components
    }

    /// The statements, in input order; empty with [`Explain::Skip`].
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }
}

impl PreparedPlan {
    /// Evaluates every participant in `inputs`, in order, without
    /// explanations, handing each [`Payout`] to `each`: one buffer is
    /// reused, so nothing is allocated per participant.
    ///
    /// # Errors
    ///
    /// The first participant's error, as [`Plan::evaluate`](crate::Plan::evaluate)
    /// gives it, or the first error `each` returns.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Inputs, Plan};
    /// use rust_decimal_macros::dec;
    ///
    /// let prepared = Plan::load("plans/channel-marketing.toml")?.prepare();
    /// let chen = Inputs::new("chen", "channel-marketing")
    ///     .actual("channel_pipeline", dec!(3200000))
    ///     .target("channel_pipeline", dec!(4000000))
    ///     .rating("partner_satisfaction", dec!(5))
    ///     .rating("channel_strategy", dec!(2));
    /// let mut paid = vec![];
    /// prepared.for_each_payout(&[chen], |i, p| {
    ///     paid.push((i.participant().to_owned(), p.total()));
    ///     Ok(())
    /// })?;
    /// assert_eq!(paid, vec![("chen".to_string(), dec!(4050.00))]);
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn for_each_payout<F>(&self, inputs: &[Inputs], mut each: F) -> Result<()>
    where
        F: FnMut(&Inputs, &Payout) -> Result<()>,
    {
        let mut out = self.payout();
        for i in inputs {
            self.evaluate_into(i, &mut out)?;
            each(i, &out)?;
        }
        Ok(())
    }

    /// Evaluates every participant in `inputs`, in order, with full
    /// explanations, handing each [`Statement`] to `each` as it is built:
    /// a million statements need not be held at once.
    ///
    /// # Errors
    ///
    /// As [`PreparedPlan::for_each_payout`].
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Inputs, Plan};
    /// use rust_decimal_macros::dec;
    ///
    /// let prepared = Plan::load("plans/demand-generation.toml")?.prepare();
    /// let dana = Inputs::new("dana", "demand-generation")
    ///     .actual("pipeline", dec!(2300000))
    ///     .target("pipeline", dec!(2000000))
    ///     .rating("campaign_effectiveness", dec!(4));
    /// let mut text = String::new();
    /// prepared.for_each_statement(&[dana], |_, s| {
    ///     text = s.to_string();
    ///     Ok(())
    /// })?;
    /// assert!(text.contains("total 6437.50 USD"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn for_each_statement<F>(&self, inputs: &[Inputs], mut each: F) -> Result<()>
    where
        F: FnMut(&Inputs, Statement) -> Result<()>,
    {
        for i in inputs {
            each(i, self.statement(i)?)?;
        }
        Ok(())
    }

    /// Evaluates every participant in `inputs`, adding up the amounts;
    /// with [`Explain::Full`] also keeps each statement.
    ///
    /// # Errors
    ///
    /// The first participant's error, as [`Plan::evaluate`](crate::Plan::evaluate)
    /// gives it; [`Error::Overflow`] if a sum does not fit.
    pub fn batch(&self, inputs: &[Inputs], explain: Explain) -> Result<Batch> {
        let mut components: Vec<(String, Decimal)> = self
            .plan()
            .components()
            .iter()
            .map(|c| (c.id().to_owned(), Decimal::ZERO))
            .collect();
        let mut total = Decimal::ZERO;
        let mut statements = Vec::new();
        let ovf = || Error::overflow("the batch total");
        match explain {
            Explain::Skip => self.for_each_payout(inputs, |_, out| {
                for ((id, sum), l) in components.iter_mut().zip(out.lines()) {
                    *sum = exact_add(*sum, l.amount)
                        .ok_or_else(|| ovf().with_component(id.as_str()))?;
                }
                total = exact_add(total, out.total()).ok_or_else(ovf)?;
                Ok(())
            })?,
            Explain::Full => {
                statements.reserve(inputs.len());
                self.for_each_statement(inputs, |_, s| {
                    for ((id, sum), l) in components.iter_mut().zip(&s.lines) {
                        *sum = exact_add(*sum, l.amount)
                            .ok_or_else(|| ovf().with_component(id.as_str()))?;
                    }
                    total = exact_add(total, s.total()).ok_or_else(ovf)?;
                    statements.push(s);
                    Ok(())
                })?
            }
        }
        Ok(Batch {
            participants: inputs.len(),
            total,
            components,
            statements,
        })
    }
}
