//! Exact incentive compensation: bonus and commission plans as TOML files,
//! payouts computed exactly and explained to the cent.
//!
//! A plan splits a role's target incentive (TI) into weighted components,
//! each with a measure (an actual against a target, a rating, or a score)
//! and a payout rule (a curve, a step table, tiered commission rates, or a
//! rating scale). [`Plan`] is the checked plan; [`Plan::evaluate`] turns a
//! participant's [`Inputs`] into a [`Statement`] whose lines are the
//! computation itself.
//!
//! ```
//! use incentive::{Inputs, Plan};
//! use rust_decimal_macros::dec;
//!
//! let plan = Plan::from_toml(r#"
//!     id = "demand-generation"
//!     name = "Demand generation and field marketing"
//!     version = "2026.1"
//!     currency = "USD"
//!     pay_period = "quarter"
//!     target_incentive = { amount = 5000 }
//!     rounding = { mode = "half-even", scope = "line" }
//!
//!     [metrics.pipeline]
//!     description = "Marketing-generated pipeline"
//!
//!     [curves.standard]
//!     points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]
//!
//!     [scales.five-point]
//!     min = 1
//!     max = 5
//!     ratings = [[1, 0], [2, 0.5], [3, 1.0], [4, 1.25], [5, 1.5]]
//!
//!     [[components]]
//!     id = "pipeline"
//!     name = "Marketing-generated pipeline"
//!     weight = "75%"
//!     metric = "pipeline"
//!     curve = "standard"
//!
//!     [[components]]
//!     id = "campaign_effectiveness"
//!     name = "Campaign effectiveness"
//!     weight = 0.25
//!     rating = "five-point"
//! "#)?;
//!
//! let dana = Inputs::new("dana", "demand-generation")
//!     .actual("pipeline", dec!(2300000))
//!     .target("pipeline", dec!(2000000))
//!     .rating("campaign_effectiveness", dec!(4));
//! let statement = plan.evaluate(&dana)?;
//! assert_eq!(statement.line("pipeline").unwrap().amount, dec!(4875.00));
//! assert_eq!(statement.line("campaign_effectiveness").unwrap().amount, dec!(1562.50));
//! assert_eq!(statement.total(), dec!(6437.50));
//! # Ok::<(), incentive::Error>(())
//! ```
//!
//! # How it computes
//!
//! - **Exact.** Every number in a plan or data file is read as the decimal
//!   it spells: `0.1` is one tenth, with or without quotes; `"75%"` is
//!   `0.75`. Nothing passes through binary floating point, parsing
//!   included.
//! - **Divide last, round once.** Attainment, interpolation and weights are
//!   kept as exact fractions ([`Exact`]); only the final amount is rounded,
//!   to the currency's minor unit, in the plan's [`RoundingMode`], per line
//!   or on the total ([`RoundingScope`]). Rita's pipeline line in the
//!   demand-generation plan is exactly `4500.005` and rounds half-even to
//!   `4500.00`; an engine that divides first gets `4500.0050…01` and pays
//!   a cent more.
//! - **Boundaries are exact.** An actual of exactly 50% of target is at a
//!   50% threshold; each tier band starts at its lower bound, inclusive.
//! - **Never wrong silently.** A missing actual is an error, never a zero;
//!   unknown fields in plan and data files are errors; every error names
//!   the file, line, participant, component and field ([`ErrorDetails`]).
//!   Values too large for exact 128-bit fractions are an
//!   [`Error::Overflow`], never a rounded guess.
//!
//! # The plan file
//!
//! Top-level keys: `id`, `name`, `version`, `description` (optional),
//! `currency` (ISO code; `minor_units` overrides its decimal places),
//! `pay_period` (`month`, `quarter`, `half`, `year`), `target_incentive`
//! (one of `amount` per period, `annual`, or `percent_of_base` of the annual
//! `base_salary` given with the inputs; a participant's
//! `target_incentive` input overrides it), `rounding` (`mode`: `half-up`
//! (default), `half-even`, `down`, `up`; `scope`: `line` (default) or
//! `total`), and an optional plan `cap` (`percent_of_target` or `amount`).
//!
//! - `[metrics.NAME]`: an input metric, or `ratio = { numerator = "won",
//!   denominator = "opportunities" }` for a derived one.
//! - `[curves.NAME]`: `points = [[attainment, payout], …]` strictly
//!   increasing; below the first point pays 0; at or past the last pays the
//!   last point unless `extrapolate = true`.
//! - `[scales.NAME]`: `min`, `max`, `step` (default 1) and a payout for
//!   every rating: `ratings = [[1, 0], [2, 0.5], …]`.
//! - `[[components]]`: `id`, `name`, `weight` (weights sum to exactly
//!   100%), one measure — `metric` (with optional fixed `target`,
//!   `direction = "lower-is-better"` and `formula = "target-over-actual"`
//!   or `"two-minus-actual-over-target"`), `rating = "SCALE"`, or
//!   `score = { min, max }` — and, unless rated, one rule: `curve = "NAME"`,
//!   `steps = [[attainment, payout], …]`, or `tiers = { basis =
//!   "attainment" | "amount", mode = "marginal" | "retroactive", bands =
//!   [[from, rate], …] }`. An optional `cap` limits the component.
//!
//! The shipped plans under `plans/` are complete examples.
//!
//! # Inputs
//!
//! [`Inputs`] carries `actuals` by metric, `targets` by component, and
//! `ratings` (and scores) by component. From files, a TOML list of
//! `[[participants]]` ([`Inputs::list_from_toml`]); from other formats,
//! serde with numbers as strings.

//! # Simulation
//!
//! [`Plan::prepare`] compiles a plan into a [`PreparedPlan`] for batches:
//! the same amounts as [`Plan::evaluate`], to the byte, computed as
//! scaled-integer fractions divided once per line, with nothing allocated
//! per participant when explanations are skipped ([`Explain`],
//! [`Payout`]). On top of it: [`what_if`] tables over an attainment or
//! rating grid, [`goal_seek`] for the actual that earns an amount (or a
//! clear [`GoalSeek::Unreachable`]), [`Comparison`] of two plans or
//! versions over the same participants, and, with the default feature
//! `simulate`, seeded Monte Carlo cost models ([`Simulation`],
//! [`Distribution`]) whose report is the same byte for byte serial or
//! parallel (feature `parallel`).
//!
//! ```
//! use incentive::{Inputs, Plan, goal_seek};
//! use rust_decimal_macros::dec;
//!
//! let plan = Plan::load("plans/demand-generation.toml")?;
//! let dana = Inputs::new("dana", "demand-generation")
//!     .actual("pipeline", dec!(2300000))
//!     .target("pipeline", dec!(2000000))
//!     .rating("campaign_effectiveness", dec!(4));
//! // What pipeline earns Dana 6,000? The smallest cent whose exact payout reaches it.
//! let seek = goal_seek(&plan, &dana, "pipeline", dec!(6000), dec!(0.01))?;
//! assert_eq!(seek.actual(), Some(dec!(2183333.34)));
//! # Ok::<(), incentive::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod error;
mod evaluate;
mod exact;
mod inputs;
mod money;
mod number;
mod payout;
mod plan;
mod simulate;
mod source;
mod statement;

// The README's Monte Carlo example needs the default feature `simulate`.
#[cfg(all(doctest, feature = "simulate"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use error::{Error, ErrorDetails, Result};
pub use evaluate::PlanSet;
pub use exact::Exact;
pub use inputs::Inputs;
pub use money::{Currency, CurrencyError, Rounding, RoundingMode, RoundingScope};
pub use payout::{
    Axis, BandTrace, Curve, Point, Scale, Segment, StepTrace, Steps, TierBasis, TierMode, Tiers,
};
pub use plan::{Cap, Component, Direction, LowerIsBetter, PayPeriod, Plan, TargetIncentive};
pub use simulate::{
    Batch, Comparison, ComparisonRow, Explain, Field, GoalSeek, Payout, PayoutLine, PreparedPlan,
    Scenario, Vary, WhatIfRow, goal_seek, what_if,
};
#[cfg(feature = "simulate")]
pub use simulate::{CapHits, Distribution, Simulation, SimulationReport};
pub use statement::{
    Adjustment, CapTrace, Line, MeasureTrace, RatioTrace, RuleTrace, Statement, TargetIncentiveLine,
};
