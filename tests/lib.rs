//! Behaviour seen from outside: one test binary, one module per concern.

// Test helpers outside `#[test]` functions may panic: a broken fixture
// should fail the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod bonus;
mod caps_rounding;
mod commission;
#[cfg(feature = "csv")]
mod csv_io;
#[cfg(feature = "csv")]
mod csv_stream;
mod differential;
mod error_kinds;
mod errors;
mod examples;
mod fuzz_regressions;
mod golden;
mod hostile;
#[cfg(feature = "csv")]
mod import;
mod labels;
mod lint;
mod loader_rules;
mod matrix;
#[cfg(feature = "csv")]
mod messages;
mod modules;
mod one_engine;
mod oracle;
mod paymix;
#[cfg(feature = "csv")]
mod payroll_export;
mod plan_book;
mod plan_year;
mod properties;
mod roundtrip;
#[cfg(feature = "schema")]
mod schema;
mod shared_goals;
mod simulate;
#[cfg(feature = "simulate")]
mod simulate_parts;
#[cfg(feature = "simulate")]
mod simulation_file;
#[cfg(feature = "csv")]
mod wrong_input;
mod year_annual;
mod year_file;
mod year_frequencies;
mod year_proration;
mod year_rollup;
mod year_stages;
mod year_windows;

use std::path::PathBuf;

use incentive::{Plan, PlanSet};

/// A path inside the crate.
pub fn root(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A shipped plan, by id.
pub fn plan(id: &str) -> Plan {
    Plan::load(root(&format!("plans/{id}.toml"))).unwrap()
}

/// All shipped plans.
pub fn plans() -> PlanSet {
    PlanSet::load_dir(root("plans")).unwrap()
}

/// Priya's inputs for the product-manager plan (the engine issue's worked
/// example): booked 1,800,000 vs 2,000,000; pipeline 6,600,000 vs
/// 6,000,000; close rate 54 / 200 = 0.27 vs 0.25; ratings 3 and 4.
pub fn priya() -> incentive::Inputs {
    use rust_decimal_macros::dec;
    incentive::Inputs::new("priya", "product-manager")
        .actual("booked", dec!(1800000))
        .target("booked", dec!(2000000))
        .actual("pipeline", dec!(6600000))
        .target("pipeline", dec!(6000000))
        .actual("won", dec!(54))
        .actual("opportunities", dec!(200))
        .target("close_rate", dec!(0.25))
        .rating("market_perception", dec!(3))
        .rating("field_readiness", dec!(4))
}
