//! The plan year: periods, proration, segments, year-to-date true-ups,
//! balances, draws and the annual cap, layered on the single-period
//! engine ([`Plan::evaluate`](crate::Plan::evaluate)).
//!
//! Data flows one way, and the library keeps no state: the caller passes
//! the participant's year ([`YearInputs`]) and what was paid before
//! ([`YearState`]), and gets back a [`PeriodStatement`] and the new state
//! to store.
//!
//! - [`Calendar`], [`PlanYear`] and [`Period`]: a plan year and its
//!   periods, closed date ranges with exact day counts.
//! - [`YearPolicy`] and [`Measurement`]: the plan's own rules for its
//!   year (the plan file's `[year]` table and each component's
//!   `measurement`), part of the checked plan and re-exported here.
//! - [`PlanBook`]: plans and their effective-dated versions;
//!   [`PlanBook::evaluate_period`] runs one period (segments, year-to-date
//!   measurement, proration, then settling: negative true-ups, the annual
//!   cap, recovery of balances owed, the draw).
//! - [`YearInputs`] and [`Assignment`]: what the caller gives;
//!   [`YearState`] and [`PeriodStatement`]: what is stored and what is
//!   shown.
//! - [`read_year_file_toml`], [`load_year_file`] (and, with feature
//!   `json`, `read_year_file_json`): many participants' plan years from
//!   one file; the format is [`mod@file`]'s.
//!
//! Inside, one file a step: `calendar`, `book`, `engine` (one period),
//! `proration` (days in plan, prorated target incentive, targets from
//! effective-dated schedules), `settle`, `state` and `statement`.

mod book;
mod calendar;
mod engine;
pub mod file;
mod inputs;
mod proration;
mod settle;
mod state;
mod statement;

pub use crate::plan::{
    DayCount, DaysInYear, Draw, DrawKind, Measurement, NegativeTrueUp, Proration, ProrationMethod,
    YearPolicy,
};
pub use book::PlanBook;
pub use calendar::{Calendar, Period, PlanYear};
#[cfg(feature = "json")]
pub use file::read_year_file_json;
pub use file::{load_year_file, read_year_file_toml};
pub use inputs::{Assignment, TargetEntry, YearInputs};
pub(crate) use proration::{amount_on, check_schedule, dates};
pub use state::{PeriodRecord, YearState};
pub use statement::{
    AnnualCapTrace, DrawTrace, PeriodAdjustment, PeriodLine, PeriodStatement, RampTrace,
    SegmentStatement, YtdMeasurement,
};

use std::collections::BTreeMap;

use crate::exact::Exact;
use crate::statement::TargetIncentiveLine;

/// A segment's exact prorated target incentive and targets, passed to the
/// interpreter as its context ([`crate::program::Context`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Prorated {
    pub target_incentive: TargetIncentiveLine,
    pub targets: BTreeMap<String, Exact>,
}
