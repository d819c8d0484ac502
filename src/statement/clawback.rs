//! A clawback on a statement: one cancellation's effect.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::plan::Clawback;

/// One cancellation's effect on a statement.
///
/// # Example
///
/// ```
/// use incentive::clawback::ClawbackTrace;
/// use incentive::plan::Clawback;
/// use rust_decimal_macros::dec;
///
/// let t = ClawbackTrace { transaction: "D1".into(), booked: "2026-03-20".parse()?,
///     cancelled: "2026-05-10".parse()?, days: 51, rule: Clawback::Window(90), share: dec!(1),
///     paid: dec!(10000.00), clawed_back: dec!(10000.00), recovered: dec!(4000.00),
///     carried: dec!(6000.00) };
/// assert_eq!(t.to_string(), "clawback of `D1`: booked 2026-03-20, cancelled 2026-05-10, \
///     51 days (window 90): 10000.00 paid on it is owed back; 4000.00 recovered now, 6000.00 carried as owed");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClawbackTrace {
    /// The cancelled transaction.
    pub transaction: String,
    /// Its booking date.
    pub booked: Date,
    /// Its cancellation date.
    pub cancelled: Date,
    /// Days from booking to cancellation.
    #[serde(deserialize_with = "crate::number::int")]
    pub days: i64,
    /// The plan's clawback rule: a window, or bands of days.
    pub rule: Clawback,
    /// The share of what was paid the rule claws back after `days`.
    pub share: Decimal,
    /// What was paid on the transaction.
    pub paid: Decimal,
    /// What is owed back: `paid × share`, rounded to the minor unit.
    pub clawed_back: Decimal,
    /// What this period's payout covered.
    pub recovered: Decimal,
    /// What is carried as a balance owed.
    pub carried: Decimal,
}

impl fmt::Display for ClawbackTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "clawback of `{}`: booked {}, cancelled {}, {} days",
            self.transaction, self.booked, self.cancelled, self.days
        )?;
        match &self.rule {
            Clawback::Window(w) => {
                write!(f, " (window {w})")?;
                if self.clawed_back.is_zero() {
                    return write!(f, ": outside the window, nothing is clawed back");
                }
                write!(f, ": {} paid on it is owed back", self.paid)?;
            }
            Clawback::Bands(_) => {
                write!(
                    f,
                    " ({}): {}",
                    self.rule,
                    crate::payout::percent(self.share)
                )?;
                if self.clawed_back.is_zero() {
                    return write!(f, ", nothing is clawed back");
                }
                write!(
                    f,
                    " of {} paid on it, {}, is owed back",
                    self.paid, self.clawed_back
                )?;
            }
        }
        write!(
            f,
            "; {} recovered now, {} carried as owed",
            self.recovered, self.carried
        )
    }
}
