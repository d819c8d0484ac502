//! Simulation at speed: the prepared plan for batches, what-if tables,
//! goal seek, plan comparison and (feature `simulate`) Monte Carlo cost
//! modelling.
//!
//! A [`PreparedPlan`] evaluates into a reusable [`Payout`] buffer (one
//! [`PayoutLine`] a component) or straight from values in its input
//! columns ([`Field`]); [`Batch`] runs many participants; [`what_if`],
//! [`goal_seek`] and [`Comparison`] analyse a plan.
//!
//! Everything here runs the plan's one compiled program (see
//! [`Plan::evaluate`](crate::Plan::evaluate)): with explanations for
//! statements, without them for totals, so that no route can disagree with
//! another.
//!
//! A Monte Carlo simulation can be written as a file and read into a
//! [`SimulationFile`] (feature `simulate`; the format is [`mod@file`]'s).

mod batch;
mod compare;
#[cfg(feature = "simulate")]
pub mod file;
mod goal;
#[cfg(feature = "simulate")]
mod montecarlo;
mod prepared;
mod whatif;

pub use crate::program::{Field, Payout, PayoutLine};
pub use batch::{Batch, Explain};
pub use compare::{Comparison, ComparisonRow, Scenario};
#[cfg(feature = "simulate")]
pub use file::SimulationFile;
pub use goal::{GoalSeek, goal_seek};
#[cfg(feature = "simulate")]
pub use montecarlo::{
    CapHits, Distribution, MAX_TRIALS, Simulation, SimulationPart, SimulationReport,
};
pub use prepared::PreparedPlan;
pub use whatif::{Vary, WhatIfRow, what_if};
