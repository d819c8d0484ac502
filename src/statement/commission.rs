//! The trace of a commission component: every line it paid, with its
//! base, the rule that set its rate, and the commission.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::exact::Exact;
use crate::inputs::LineCredit;
use crate::payout::BandTrace;
use crate::plan::{Basis, Per};

/// How a commission component computed its amount: per line (each line's
/// rate on its base) or on the period's total.
///
/// # Example
///
/// ```
/// use incentive::statement::RuleTrace;
/// use incentive::{Inputs, Plan};
///
/// let plan = Plan::load("plans/reseller-commission.toml")?;
/// let s = plan.evaluate(&Inputs::new("rita", "reseller-commission"))?;
/// let RuleTrace::Commission(t) = &s.lines[0].rule else { unreachable!() };
/// assert_eq!(t.to_string(), "commission on amount, per line: no lines");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionTrace {
    /// What the rates are paid on.
    pub basis: Basis,
    /// Per line or on the period's total.
    pub per: Per,
    /// The lines read, by date and id.
    pub lines: Vec<CommissionLineTrace>,
    /// Lines of the metric left out by the component's `where` filter.
    #[serde(deserialize_with = "crate::number::int")]
    pub excluded: usize,
    /// The sum of the lines' bases.
    pub total_base: Exact,
    /// On the total: the single rate, if the rule is one rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// On the total: the tier bands that paid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandTrace>,
}

/// One line a commission component read.
///
/// # Example
///
/// ```
/// use incentive::credit::TransactionLine;
/// use incentive::statement::RuleTrace;
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/reseller-commission.toml")?;
/// let inv1 = TransactionLine::new("INV-1", "sales", "2026-03-02".parse()?, dec!(10000.00))
///     .attribute("product", "SRV-X1")
///     .attribute("category", "hardware/servers");
/// let s = plan.evaluate(&Inputs::new("rita", "reseller-commission").line(inv1))?;
/// let RuleTrace::Commission(t) = &s.lines[0].rule else { unreachable!() };
/// let l = &t.lines[0];
/// assert_eq!(l.rate, Some(dec!(0.08)));
/// assert_eq!(l.amount, Some(dec!(800.00)));
/// assert_eq!(l.to_string(), "INV-1 on 2026-03-02: 10000 × 8% (product SRV-X1) = 800.00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionLineTrace {
    /// The transaction line's id.
    pub transaction: String,
    /// Its date.
    pub date: Date,
    /// How it was credited to the participant.
    pub credit: LineCredit,
    /// For a credit note: the line it reverses, whose rate it pays back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<String>,
    /// The rate rule that matched (`product SRV-X1`, `category hardware`,
    /// `default`, `level 2 of 3`); `None` on a total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The line's base: the credited amount, quantity or margin (for a
    /// cascade level, net of the levels below).
    pub base: Exact,
    /// For a cascade level above the first: the commissions of the levels
    /// below, taken off the base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_of: Option<Exact>,
    /// The line's rate; `None` when the rule applies to the total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// What the rate is paid on (how it is shown).
    pub basis: Basis,
    /// The line's exact commission; `None` when the rule applies to the
    /// total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commission: Option<Exact>,
    /// The line's commission rounded, when the plan rounds per line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
}

impl fmt::Display for CommissionLineTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.transaction, self.date)?;
        if let Some(o) = &self.refers_to {
            write!(f, ", credit note of {o}")?;
        }
        if self.credit != LineCredit::default() {
            write!(f, " ({})", self.credit)?;
        }
        write!(f, ": {}", self.base)?;
        if self.basis == Basis::Quantity && self.rate.is_none() {
            f.write_str(if self.base == Exact::ONE {
                " unit"
            } else {
                " units"
            })?;
        }
        if let Some(n) = self.net_of {
            write!(f, " (net of {n} paid below)")?;
        }
        if let Some(rate) = self.rate {
            match self.basis {
                Basis::Quantity => write!(f, " units × {}", self.basis.rate(rate))?,
                _ => write!(f, " × {}", self.basis.rate(rate))?,
            }
        }
        match (&self.rule, &self.refers_to) {
            (Some(r), Some(o)) => write!(f, " ({r}, {o}'s rate)")?,
            (Some(r), None) => write!(f, " ({r})")?,
            _ => {}
        }
        match (self.amount, self.commission) {
            (Some(a), Some(c)) if c.to_decimal() == Some(a) => write!(f, " = {a}"),
            (Some(a), Some(c)) => write!(f, " = {c} → {a}"),
            (None, Some(c)) => write!(f, " = {c}"),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for CommissionTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = match self.per {
            Per::Line => "per line",
            Per::Total => "on the period's total",
        };
        write!(f, "commission on {}, {per}", self.basis)?;
        if self.lines.is_empty() {
            f.write_str(": no lines")?;
        }
        match self.excluded {
            0 => {}
            1 => f.write_str(" (1 line left out by the plan's filter)")?,
            n => write!(f, " ({n} lines left out by the plan's filter)")?,
        }
        for l in &self.lines {
            write!(f, "\n       {l}")?;
        }
        if self.per == Per::Total && !self.lines.is_empty() {
            let unit = if self.basis == Basis::Quantity {
                " units"
            } else {
                ""
            };
            write!(f, "\n       total {}{unit}", self.total_base)?;
            if let Some(rate) = self.rate {
                write!(f, " × {}", self.basis.rate(rate))?;
            }
            for b in &self.bands {
                let bound = |e: Exact| e.to_string();
                let to = b.to.map_or("∞".to_owned(), bound);
                write!(
                    f,
                    "\n       band {} [{}, {to}): {}{unit} × {} = {}",
                    b.band,
                    b.from,
                    b.base,
                    self.basis.rate(b.rate),
                    b.commission
                )?;
            }
        }
        Ok(())
    }
}
