//! `incentive._incentive`: the native half of the `incentive` Python
//! package. Every computation is the `incentive` library's, through the
//! calls the CLI makes; this crate only moves data between Arrow or
//! Python and the library, exactly.

use pyo3::prelude::*;

// mimalloc: a statement is many small allocations (its lines, traces and
// strings), and in a Python process the system allocator made evaluation
// 3 to 4 times slower than the same code in a Rust binary (measured,
// `bench/bench_arrow.py`). Only the extension's own Rust allocations use
// it; Python and pyarrow keep theirs, and Arrow buffers handed to pyarrow
// are freed through their release callback, here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod errors;
mod plans;
mod sim;
mod table;
mod year;

/// The lines schema at `scale` (a pyarrow schema).
#[pyfunction]
fn lines_schema(py: Python<'_>, scale: u8) -> PyResult<Bound<'_, PyAny>> {
    use arrow_pyarrow::ToPyArrow;
    let s = i8::try_from(scale).unwrap_or(i8::MAX);
    table::lines_schema(s).as_ref().to_pyarrow(py)
}

/// The totals schema at `scale` (a pyarrow schema).
#[pyfunction]
fn totals_schema(py: Python<'_>, scale: u8) -> PyResult<Bound<'_, PyAny>> {
    use arrow_pyarrow::ToPyArrow;
    let s = i8::try_from(scale).unwrap_or(i8::MAX);
    table::totals_schema(s).as_ref().to_pyarrow(py)
}

/// The module.
#[pymodule]
fn _incentive(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<plans::NativePlans>()?;
    m.add_class::<sim::NativeSimulation>()?;
    m.add_function(wrap_pyfunction!(year::year_json, m)?)?;
    m.add_function(wrap_pyfunction!(lines_schema, m)?)?;
    m.add_function(wrap_pyfunction!(totals_schema, m)?)?;
    Ok(())
}
