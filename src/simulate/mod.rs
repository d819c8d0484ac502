//! Simulation at speed: the prepared plan for batches, what-if tables,
//! goal seek, plan comparison and (feature `simulate`) Monte Carlo cost
//! modelling.
//!
//! Everything here is built on two engines that agree to the byte: the
//! general engine ([`Plan::evaluate`](crate::Plan::evaluate)), which
//! explains every step, and the prepared plan ([`PreparedPlan`]), which
//! computes the same amounts as scaled-integer fractions, dividing once
//! per line, and hands anything unusual back to the general engine.

mod batch;
mod compare;
mod fx;
mod goal;
#[cfg(feature = "simulate")]
mod montecarlo;
mod prepared;
mod whatif;

pub use batch::{Batch, Explain};
pub use compare::{Comparison, ComparisonRow, Scenario};
pub use goal::{GoalSeek, goal_seek};
#[cfg(feature = "simulate")]
pub use montecarlo::{CapHits, Distribution, Simulation, SimulationReport};
pub use prepared::{Field, Payout, PayoutLine, PreparedPlan};
pub use whatif::{Vary, WhatIfRow, what_if};
