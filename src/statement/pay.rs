//! How a statement's target incentive was derived: the pay mix behind it
//! and the period's weight.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::exact_percent;
use crate::exact::Exact;
use crate::payout::percent;
use crate::plan::{Mix, PayPeriod};

/// The pay mix behind a target incentive: on-target earnings, base and
/// variable (the annual target incentive), and, given an annual quota, the
/// implied commission rate (variable ÷ quota).
///
/// Base + variable = OTE, exactly. Shown on the statement's target
/// incentive line when the target incentive comes from `ote` and `mix`, or
/// from a base salary and a target percent with a quota or a
/// `target_percent` given with the inputs.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::statement::PayMix;
/// use rust_decimal_macros::dec;
///
/// let x = Exact::from_decimal;
/// let m = PayMix { ote: x(dec!(200000)), base: x(dec!(120000)), variable: x(dec!(80000)),
///     mix: Some("60/40".parse()?), target_percent: None,
///     quota: Some(dec!(1000000)), implied_rate: Some(x(dec!(0.08))) };
/// assert_eq!(m.to_string(),
///     "OTE 200000 at 60/40 = base 120000 + variable 80000; implied commission rate 8% (variable 80000 / annual quota 1000000)");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayMix {
    /// Annual on-target earnings: base + variable.
    pub ote: Exact,
    /// The annual base salary.
    pub base: Exact,
    /// The annual variable pay: the annual target incentive.
    pub variable: Exact,
    /// The mix, when the target incentive was given as OTE and mix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mix: Option<Mix>,
    /// The variable as a fraction of base, when the target incentive was
    /// given as a base salary and a target percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_percent: Option<Decimal>,
    /// The annual quota, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<Decimal>,
    /// Variable ÷ quota, exactly, when a quota was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implied_rate: Option<Exact>,
}

impl fmt::Display for PayMix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.mix, self.target_percent) {
            (Some(mix), _) => write!(
                f,
                "OTE {} at {mix} = base {} + variable {}",
                self.ote, self.base, self.variable
            )?,
            (None, Some(p)) => write!(
                f,
                "base {} + variable {} ({} of base) = OTE {}",
                self.base,
                self.variable,
                percent(p),
                self.ote
            )?,
            (None, None) => write!(
                f,
                "base {} + variable {} = OTE {}",
                self.base, self.variable, self.ote
            )?,
        }
        if let (Some(q), Some(r)) = (self.quota, self.implied_rate) {
            write!(
                f,
                "; implied commission rate {} (variable {} / annual quota {q})",
                exact_percent(r),
                self.variable
            )?;
        }
        Ok(())
    }
}

/// The share of the annual target incentive a period pays, from the
/// plan's `period_weights`.
///
/// # Example
///
/// ```
/// use incentive::PayPeriod;
/// use incentive::statement::PeriodWeight;
/// use rust_decimal_macros::dec;
///
/// let w = PeriodWeight { pay_period: PayPeriod::Quarter, index: 4, weight: dec!(0.4) };
/// assert_eq!(w.to_string(), "40% for quarter 4 of 4");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodWeight {
    /// How often the plan pays.
    pub pay_period: PayPeriod,
    /// The period's place in the plan year, from 1.
    pub index: u32,
    /// The period's share of the annual target incentive.
    pub weight: Decimal,
}

impl fmt::Display for PeriodWeight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} for {} {} of {}",
            percent(self.weight),
            self.pay_period,
            self.index,
            self.pay_period.periods_per_year()
        )
    }
}
