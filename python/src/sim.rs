//! `Simulation`: a simulation file run against a plan set, as
//! `incentive simulate` runs it.

use std::sync::Arc;

use incentive::PlanSet;
use incentive::simulate::{SimulationFile, SimulationPart};
use pyo3::prelude::*;

use crate::errors;
use crate::plans::NativePlans;

/// A simulation file and the plans it runs on (the native half of
/// `incentive.Simulation`).
#[pyclass(
    frozen,
    skip_from_py_object,
    module = "incentive._incentive",
    name = "NativeSimulation"
)]
#[derive(Debug, Clone)]
pub struct NativeSimulation {
    file: Arc<SimulationFile>,
    plans: Arc<PlanSet>,
    trials: Option<u64>,
    seed: Option<u64>,
}

impl NativeSimulation {
    /// The simulation as the CLI builds it: the file's, with the overrides.
    fn with<T>(
        &self,
        f: impl FnOnce(incentive::simulate::Simulation<'_>) -> incentive::Result<T>,
    ) -> incentive::Result<T> {
        let mut sim = self.file.simulation(&self.plans);
        if let Some(t) = self.trials {
            sim = sim.trials(t);
        }
        if let Some(s) = self.seed {
            sim = sim.seed(s);
        }
        f(sim)
    }
}

fn json<T: serde::Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| {
        errors::plain(
            incentive::ErrorKind::InvalidInput,
            &format!("cannot write JSON: {e}"),
        )
    })
}

#[pymethods]
impl NativeSimulation {
    /// A simulation file (TOML, or JSON ending in `.json`).
    #[staticmethod]
    fn from_file(
        py: Python<'_>,
        path: std::path::PathBuf,
        plans: &NativePlans,
    ) -> PyResult<NativeSimulation> {
        let file = py
            .detach(|| SimulationFile::load(&path))
            .map_err(|e| errors::to_py(&e, None))?;
        Ok(NativeSimulation {
            file: Arc::new(file),
            plans: Arc::clone(&plans.set),
            trials: None,
            seed: None,
        })
    }

    /// A simulation file's text; `origin` names it in errors and decides
    /// the format (JSON when it ends in `.json`, TOML otherwise).
    #[staticmethod]
    fn from_text(text: &str, origin: &str, plans: &NativePlans) -> PyResult<NativeSimulation> {
        let file = if origin.ends_with(".json") {
            SimulationFile::from_json(text, origin)
        } else {
            SimulationFile::from_toml(text, origin)
        }
        .map_err(|e| errors::to_py(&e, None))?;
        Ok(NativeSimulation {
            file: Arc::new(file),
            plans: Arc::clone(&plans.set),
            trials: None,
            seed: None,
        })
    }

    /// The same simulation with `trials` trials.
    fn with_trials(&self, trials: u64) -> NativeSimulation {
        NativeSimulation {
            trials: Some(trials),
            ..self.clone()
        }
    }

    /// The same simulation with seed `seed`.
    fn with_seed(&self, seed: u64) -> NativeSimulation {
        NativeSimulation {
            seed: Some(seed),
            ..self.clone()
        }
    }

    /// The number of trials run.
    #[getter]
    fn trials(&self) -> u64 {
        self.trials.unwrap_or(self.file.trials())
    }

    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.seed.unwrap_or(self.file.seed())
    }

    /// Trials `[start, stop)`: a `SimulationPart` serialized as JSON bytes
    /// (exact sums and counts, no float), for `combine_json` in any
    /// process.
    fn run_trials<'py>(
        &self,
        py: Python<'py>,
        start: u64,
        stop: u64,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let part = py
            .detach(|| self.with(|s| s.run_trials(start, stop)))
            .map_err(|e| errors::to_py(&e, None))?;
        let bytes = serde_json::to_vec(&part).map_err(|e| {
            errors::plain(
                incentive::ErrorKind::InvalidInput,
                &format!("cannot write the simulation part: {e}"),
            )
        })?;
        Ok(pyo3::types::PyBytes::new(py, &bytes))
    }

    /// The report of parts made by `run_trials` (as JSON), equal to
    /// `run_json`'s whenever the parts cover every trial once.
    fn combine_json(
        &self,
        py: Python<'_>,
        parts: Vec<pyo3::pybacked::PyBackedBytes>,
    ) -> PyResult<String> {
        let mut read = Vec::with_capacity(parts.len());
        for (i, p) in parts.iter().enumerate() {
            let part: SimulationPart = serde_json::from_slice(&p[..]).map_err(|e| {
                errors::plain(
                    incentive::ErrorKind::InvalidInput,
                    &format!(
                        "part {i} is not a simulation part made by run_trials ({e}); give the bytes run_trials returned"
                    ),
                )
            })?;
            read.push(part);
        }
        let report = py
            .detach(|| self.with(|s| s.combine(read)))
            .map_err(|e| errors::to_py(&e, None))?;
        json(&report)
    }

    /// The report as JSON (`incentive simulate --json`, compact).
    fn run_json(&self, py: Python<'_>) -> PyResult<String> {
        let report = py
            .detach(|| self.with(|s| s.run()))
            .map_err(|e| errors::to_py(&e, None))?;
        json(&report)
    }
}
