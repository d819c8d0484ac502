//! An independent oracle: an exact reference evaluator for single-period
//! plans, written from the plan-file reference (`src/docs/plan_file.md`)
//! and sharing no code with `src/`.
//!
//! It reads plan text with `toml` into its own structs ([`plan`]) and
//! evaluates with big rationals ([`num`]), which never overflow and never
//! round until the reference says money is rounded. `tests/differential.rs`
//! compares it with the engine on random plans.
//!
//! What it models, and where it reads the reference one way among several,
//! is listed in `tests/differential.rs`'s module documentation.

#![allow(dead_code)]

pub mod eval;
#[cfg(test)]
mod examples;
pub mod num;
pub mod plan;

use std::collections::BTreeMap;

pub use num::Q;

/// Why the oracle gives no statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The plan breaks a rule of the reference.
    Plan(String),
    /// The inputs break a rule of the reference (a missing actual, a zero
    /// target, a rating off the scale).
    Input(String),
    /// The plan uses a feature the oracle does not model.
    Unsupported(String),
}

/// A transaction line for a commission component.
#[derive(Clone, Debug, Default)]
pub struct TxLine {
    pub id: String,
    pub metric: String,
    pub amount: Q,
    pub quantity: Option<Q>,
    pub cost: Option<Q>,
    pub attributes: BTreeMap<String, String>,
}

/// One participant's inputs for one period, as the reference names them.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub actuals: BTreeMap<String, Q>,
    pub targets: BTreeMap<String, Q>,
    pub ratings: BTreeMap<String, Q>,
    pub labels: BTreeMap<String, String>,
    pub target_incentive: Option<Q>,
    /// The period label (`2026-Q3`), if the inputs name their period.
    pub period: Option<String>,
    pub base_salary: Option<Q>,
    /// Manual adjustments, by name: amounts paid as given.
    pub adjustments: Vec<(String, Q)>,
    pub lines: Vec<TxLine>,
}

/// A statement line: the exact payout and the amount paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: String,
    pub exact: Q,
    pub amount: Q,
    /// Rounded toward zero because the plan's mode would have paid it above
    /// its cap (per-line rounding only).
    pub rounded_to_cap: bool,
}

/// What the oracle says a participant is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub lines: Vec<Line>,
    pub total: Q,
    /// The total before rounding: the lines' exact sum, or the exact result
    /// of the plan's stages (which, rounding per line, start from the sum of
    /// the rounded lines); manual adjustments included.
    pub exact_total: Q,
    /// Whether the total was rounded toward zero to stay within the plan cap.
    pub total_rounded_to_cap: bool,
    /// Rounding on the total: the minor units no line could take without
    /// passing its cap, left unpaid.
    pub unpaid: Q,
    /// The places money is rounded to.
    pub places: u32,
}

impl Statement {
    /// Whether every amount paid (each line and the total) fits a
    /// `rust_decimal::Decimal`; where one does not, the engine must refuse
    /// with an overflow error rather than pay a rounded guess.
    pub fn fits_decimal(&self) -> bool {
        self.lines
            .iter()
            .all(|l| num::fits_decimal(&l.amount, self.places))
            && num::fits_decimal(&self.total, self.places)
    }
}

/// Reads `plan_text` and evaluates it on `inputs`.
pub fn evaluate(plan_text: &str, inputs: &Inputs) -> Result<Statement, Refusal> {
    let plan = plan::read(plan_text)?;
    eval::evaluate(&plan, inputs)
}
