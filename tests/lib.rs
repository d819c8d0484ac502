//! Behaviour seen from outside: one test binary, one module per concern.

mod errors;
mod examples;
mod properties;

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
