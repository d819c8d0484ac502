//! Behaviour seen from outside: one test binary, one module per concern.

// Test helpers outside `#[test]` functions may panic: a broken fixture
// should fail the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod errors;
mod examples;
mod properties;
mod simulate;

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
