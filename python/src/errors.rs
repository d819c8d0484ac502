//! `incentive::Error` as a Python exception of `incentive.errors`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A place in the data the binding itself found wrong (a float column, a
/// type it cannot read exactly), in the library's words.
#[derive(Debug, Default, Clone)]
pub struct Place {
    /// The origin (file or table name).
    pub file: Option<String>,
    /// The column, as the field.
    pub field: Option<String>,
}

/// A Python exception (a subclass of `incentive.IncentiveError` by kind)
/// for a library error. `table` is the origin name given to a table read
/// as CSV text: an error on one of its lines also gets the 0-based `row`.
pub fn to_py(e: &incentive::Error, table: Option<&str>) -> PyErr {
    Python::attach(|py| match build(py, e, table) {
        Ok(err) => err,
        Err(err) => err,
    })
}

fn build(py: Python<'_>, e: &incentive::Error, table: Option<&str>) -> PyResult<PyErr> {
    let d = e.details();
    let kw = PyDict::new(py);
    kw.set_item("file", d.file.as_deref())?;
    kw.set_item("line", d.line)?;
    kw.set_item("column", d.column)?;
    kw.set_item("plan", d.plan.as_deref())?;
    kw.set_item("participant", d.participant.as_deref())?;
    kw.set_item("component", d.component.as_deref())?;
    kw.set_item("transaction", d.transaction.as_deref())?;
    kw.set_item("field", d.field.as_deref())?;
    kw.set_item("detail", d.message.as_str())?;
    let row = match (table, d.file.as_deref(), d.line) {
        (Some(t), Some(f), Some(line)) if t == f => line.checked_sub(2),
        _ => None,
    };
    kw.set_item("row", row)?;
    make(py, &e.kind().to_string(), &e.to_string(), &kw)
}

/// An `incentive.IncentiveError` of `kind` (an `ErrorKind`'s text, such
/// as `invalid input`) with `message` and the keyword attributes `kw`.
fn make(py: Python<'_>, kind: &str, message: &str, kw: &Bound<'_, PyDict>) -> PyResult<PyErr> {
    let module = PyModule::import(py, "incentive.errors")?;
    let value = module.getattr("_make")?.call((kind, message), Some(kw))?;
    Ok(PyErr::from_value(value))
}

/// An `invalid input` error the binding found, at `place`.
pub fn input(message: &str, place: &Place) -> PyErr {
    let mut d = incentive::ErrorDetails {
        file: place.file.clone(),
        field: place.field.clone(),
        message: message.to_owned(),
        ..incentive::ErrorDetails::default()
    };
    d.kind = Some(incentive::ErrorKind::InvalidInput);
    to_py(&incentive::Error::Input(Box::new(d)), None)
}

/// An error with only a message, of `kind`, for what the library does not
/// type (a JSON writer failing).
pub fn plain(kind: incentive::ErrorKind, message: &str) -> PyErr {
    let d = incentive::ErrorDetails {
        message: message.to_owned(),
        kind: Some(kind),
        ..incentive::ErrorDetails::default()
    };
    let e = match kind {
        incentive::ErrorKind::InvalidPlan | incentive::ErrorKind::UnknownField => {
            incentive::Error::Plan(Box::new(d))
        }
        incentive::ErrorKind::Overflow => incentive::Error::Overflow(Box::new(d)),
        incentive::ErrorKind::Io => incentive::Error::Io(Box::new(d)),
        _ => incentive::Error::Input(Box::new(d)),
    };
    to_py(&e, None)
}

/// A library error with more details filled in where it has none.
pub fn with(
    e: incentive::Error,
    participant: Option<&str>,
    plan: Option<&str>,
    field: Option<&str>,
) -> incentive::Error {
    let mut d = e.details().clone();
    if d.participant.is_none() {
        d.participant = participant.map(str::to_owned);
    }
    if d.plan.is_none() {
        d.plan = plan.map(str::to_owned);
    }
    if d.field.is_none() {
        d.field = field.map(str::to_owned);
    }
    rebox(&e, d)
}

/// `e`'s variant with details `d`.
pub fn rebox(e: &incentive::Error, mut d: incentive::ErrorDetails) -> incentive::Error {
    d.kind.get_or_insert(e.kind());
    match e {
        incentive::Error::Plan(_) => incentive::Error::Plan(Box::new(d)),
        incentive::Error::Overflow(_) => incentive::Error::Overflow(Box::new(d)),
        incentive::Error::Io(_) => incentive::Error::Io(Box::new(d)),
        _ => incentive::Error::Input(Box::new(d)),
    }
}

/// A new input error of `kind` with these details.
pub fn new_input(
    kind: incentive::ErrorKind,
    message: String,
    file: Option<&str>,
    participant: Option<&str>,
    plan: Option<&str>,
    field: Option<&str>,
) -> incentive::Error {
    incentive::Error::Input(Box::new(incentive::ErrorDetails {
        file: file.map(str::to_owned),
        participant: participant.map(str::to_owned),
        plan: plan.map(str::to_owned),
        field: field.map(str::to_owned),
        message,
        kind: Some(kind),
        ..incentive::ErrorDetails::default()
    }))
}
