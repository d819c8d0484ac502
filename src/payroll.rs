//! Statements flattened for payroll: one row per amount paid.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, exact_add};
use crate::statement::{AdjustmentDetail, Statement};

/// One amount on a payroll file: a component line or an adjustment of a
/// statement.
///
/// Every line of a statement gives a row whose `component` is the
/// component's id; every adjustment (such as the plan cap) gives a row
/// whose `component` is `adjustment:` and the adjustment's kind
/// (`adjustment:plan-cap`), with its amount (negative when it reduces the
/// total); a manual adjustment's row is `adjustment:manual:NAME` and
/// carries its `reason`. A statement's rows therefore add up exactly to its total, and
/// [`payroll_rows`] checks that they do. Rows of zero are kept, so every
/// component of every statement is accounted for.
///
/// Serializes with the amount as a decimal string.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan, payroll_rows};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .with_period("2026-Q1")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let rows = payroll_rows(&[plan.evaluate(&dana)?])?;
/// assert_eq!(rows.len(), 2);
/// assert_eq!(rows[0].component, "pipeline");
/// assert_eq!(rows[0].amount, dec!(4875.00));
/// assert_eq!(rows[1].amount, dec!(1562.50));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayrollRow {
    /// The participant's id.
    pub participant: String,
    /// The period label; empty when the inputs gave none.
    pub period: String,
    /// The plan's id.
    pub plan: String,
    /// The component's id, or `adjustment:KIND` for an adjustment
    /// (`adjustment:manual:NAME` for a manual adjustment,
    /// `adjustment:kicker:ID` for a kicker).
    pub component: String,
    /// The amount paid, rounded to the currency's minor unit.
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
    /// Why a manual adjustment is paid; `None` for every other row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[cfg(feature = "csv")]
mod export;
#[cfg(feature = "csv")]
pub(crate) use export::neutralise;
#[cfg(feature = "csv")]
pub use export::{Column, PayrollExport};

/// The prefix of an adjustment row's `component`.
pub const ADJUSTMENT_PREFIX: &str = "adjustment:";

/// Flattens statements into payroll rows, in statement order and, within a
/// statement, lines in plan order followed by adjustments.
///
/// # Errors
///
/// [`Error::Input`] naming the participant and plan when a statement's
/// rows do not add up to its total (a statement altered after it was
/// computed); [`Error::Overflow`] when the sum does not fit.
///
/// # Example
///
/// A plan cap shows as its own row, so the rows still add up to the total:
///
/// ```
/// use incentive::{Inputs, Plan, payroll_rows};
/// use rust_decimal_macros::dec;
///
/// let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap();
/// let capped = Plan::from_toml(&format!("cap = {{ amount = 7000 }}\n{text}"))?;
/// let i = Inputs::new("x", "demand-generation")
///     .actual("pipeline", dec!(2800000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(5));
/// let mut statement = capped.evaluate(&i)?;
/// let rows = payroll_rows(std::slice::from_ref(&statement))?;
/// let components: Vec<&str> = rows.iter().map(|r| r.component.as_str()).collect();
/// assert_eq!(components, ["pipeline", "campaign_effectiveness", "adjustment:plan-cap"]);
/// assert_eq!(rows.iter().map(|r| r.amount).sum::<rust_decimal::Decimal>(), dec!(7000.00));
///
/// // A statement whose lines no longer add up is refused.
/// statement.total = dec!(7000.01);
/// assert!(payroll_rows(&[statement]).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn payroll_rows(statements: &[Statement]) -> Result<Vec<PayrollRow>> {
    let mut rows = Vec::new();
    for s in statements {
        let period = s.period.clone().unwrap_or_default();
        let row = |component: String, amount: Decimal, reason: Option<String>| PayrollRow {
            participant: s.participant.clone(),
            period: period.clone(),
            plan: s.plan.clone(),
            component,
            amount,
            currency: s.currency,
            reason,
        };
        let mut sum = Decimal::ZERO;
        let overflow = || {
            Error::overflow("the payroll total")
                .with_participant(&s.participant)
                .with_plan(&s.plan)
        };
        for l in &s.lines {
            sum = exact_add(sum, l.amount).ok_or_else(overflow)?;
            rows.push(row(l.component.clone(), l.amount, None));
        }
        for a in &s.adjustments {
            sum = exact_add(sum, a.amount).ok_or_else(overflow)?;
            rows.push(match &a.detail {
                Some(AdjustmentDetail::Manual(m)) => row(
                    format!("{ADJUSTMENT_PREFIX}{}:{}", a.kind, m.name),
                    a.amount,
                    Some(m.reason.clone()),
                ),
                // Each kicker by its id: a plan may have several.
                Some(AdjustmentDetail::Kicker(k)) => row(
                    format!("{ADJUSTMENT_PREFIX}{}:{}", a.kind, k.kicker),
                    a.amount,
                    None,
                ),
                _ => row(format!("{ADJUSTMENT_PREFIX}{}", a.kind), a.amount, None),
            });
        }
        if sum != s.total {
            return Err(Error::input(format!(
                "the statement's lines and adjustments add up to {sum}, not to its total {}; payroll rows must reconcile to the total",
                s.total
            ))
            .with_participant(&s.participant)
            .with_plan(&s.plan)
            .with_field("total"));
        }
    }
    Ok(rows)
}
