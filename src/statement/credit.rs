//! The credit trail a statement carries: which transactions made a
//! credited metric's actual, and how each was credited.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::inputs::CreditSource;

/// How a credit came to a participant.
///
/// # Example
///
/// ```
/// use incentive::credit::CreditKind;
/// use rust_decimal_macros::dec;
/// assert_eq!(CreditKind::Split { share: dec!(0.5) }.to_string(), "split 50%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CreditKind {
    /// A share of the transaction.
    Split {
        /// The share (`0.5` is 50%).
        share: Decimal,
    },
    /// Full credit as an overlay.
    Overlay,
    /// A report's split credit rolled up to a manager.
    RollUp {
        /// The credited report.
        from: String,
        /// The report's share.
        share: Decimal,
    },
    /// The whole transaction, in a company total.
    Company,
}

impl fmt::Display for CreditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreditKind::Split { share } => write!(f, "split {}", crate::payout::percent(*share)),
            CreditKind::Overlay => f.write_str("overlay"),
            CreditKind::RollUp { from, share } => {
                write!(
                    f,
                    "roll-up from {from} ({})",
                    crate::payout::percent(*share)
                )
            }
            CreditKind::Company => f.write_str("company total"),
        }
    }
}

/// One transaction's credit to a participant.
///
/// # Example
///
/// ```
/// use incentive::credit::{CreditEntry, CreditKind};
/// use rust_decimal_macros::dec;
///
/// let e = CreditEntry { transaction: "D2".into(), date: "2026-04-20".parse()?,
///     amount: dec!(300000), kind: CreditKind::Split { share: dec!(0.5) }, credit: dec!(150000) };
/// assert_eq!(e.to_string(), "D2 on 2026-04-20: 300000, split 50% = 150000");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditEntry {
    /// The transaction's id.
    pub transaction: String,
    /// The transaction's date.
    pub date: Date,
    /// The transaction's amount.
    pub amount: Decimal,
    /// How the credit came.
    pub kind: CreditKind,
    /// The credited amount.
    pub credit: Decimal,
}

impl fmt::Display for CreditEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {}: {}, {} = {}",
            self.transaction, self.date, self.amount, self.kind, self.credit
        )
    }
}

/// The credits behind one metric's actual on a statement.
///
/// # Example
///
/// ```
/// use incentive::CreditSource;
/// use incentive::credit::CreditTrail;
/// use rust_decimal_macros::dec;
///
/// let t = CreditTrail { metric: "bookings".into(), source: CreditSource::Credited,
///     total: dec!(0), entries: vec![] };
/// assert_eq!(t.to_string(), "bookings from credited: 0 (no transactions)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditTrail {
    /// The metric.
    pub metric: String,
    /// Where its actual came from.
    pub source: CreditSource,
    /// The actual: the sum of the entries' credits.
    pub total: Decimal,
    /// The credits, by date and transaction.
    pub entries: Vec<CreditEntry>,
}

impl fmt::Display for CreditTrail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} from {}: {}", self.metric, self.source, self.total)?;
        if self.entries.is_empty() {
            return f.write_str(" (no transactions)");
        }
        for e in &self.entries {
            write!(f, "\n       {e}")?;
        }
        Ok(())
    }
}
