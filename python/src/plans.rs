//! `Plans`: a plan set, and what the CLI's `run`, `what-if` and `seek`
//! do with it, on Arrow record batches.

use std::path::Path;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_pyarrow::PyArrowType;
use incentive::credit::CreditData;
use incentive::simulate::{Vary, WhatIfRow};
use incentive::{ErrorKind, Inputs, Plan, PlanSet, Statement};
use pyo3::prelude::*;

use crate::errors::{self, Place};
use crate::table::{self, Floats};

/// What went wrong, carried out of the part that runs without the GIL.
#[derive(Debug)]
pub enum Fail {
    /// A library error; `table` is the origin of a table read as CSV text.
    Lib(incentive::Error, Option<String>),
    /// The binding's own refusal of a column or option.
    Input(String, Place),
}

impl From<incentive::Error> for Fail {
    fn from(e: incentive::Error) -> Fail {
        Fail::Lib(e, None)
    }
}

impl Fail {
    /// As a Python exception.
    pub fn into_py(self) -> PyErr {
        match self {
            Fail::Lib(e, t) => errors::to_py(&e, t.as_deref()),
            Fail::Input(m, p) => errors::input(&m, &p),
        }
    }
}

/// Where inputs (or transactions) come from: a file, or record batches
/// read as that file's CSV text.
#[derive(Debug)]
pub struct Source {
    /// Record batches, with the columns of the CSV file.
    pub batches: Option<Vec<RecordBatch>>,
    /// A file, read as the CLI reads it.
    pub path: Option<String>,
    /// The name errors give the batches as their file.
    pub origin: String,
    /// How float columns are read.
    pub floats: Floats,
}

impl Source {
    /// The source from Python's arguments.
    pub fn new(
        batches: Option<PyArrowType<Vec<RecordBatch>>>,
        path: Option<String>,
        origin: Option<String>,
        floats: Option<&str>,
    ) -> PyResult<Source> {
        let origin = origin.unwrap_or_else(|| "<table>".to_owned());
        let floats = Floats::parse(floats).map_err(|m| {
            errors::input(
                &m,
                &Place {
                    field: Some("floats".to_owned()),
                    ..Place::default()
                },
            )
        })?;
        Ok(Source {
            batches: batches.map(|b| b.0),
            path,
            origin,
            floats,
        })
    }

    /// The batches' CSV text, or the binding's refusal.
    fn text(&self, batches: &[RecordBatch]) -> Result<String, Fail> {
        table::csv_text(batches, self.floats).map_err(|(m, field)| {
            Fail::Input(
                m,
                Place {
                    file: Some(self.origin.clone()),
                    field,
                },
            )
        })
    }

    /// The participants' inputs, checked against `set` as the CLI reads
    /// an inputs file (`csv::read_inputs_for`).
    pub fn inputs(&self, set: &PlanSet) -> Result<Vec<Inputs>, Fail> {
        if let Some(b) = &self.batches {
            let text = self.text(b)?;
            if text.is_empty() {
                return Ok(Vec::new());
            }
            return incentive::csv::read_inputs_for(set, &text, Some(&self.origin))
                .map_err(|e| Fail::Lib(e, Some(self.origin.clone())));
        }
        let Some(p) = &self.path else {
            return Ok(Vec::new());
        };
        let path = Path::new(p);
        if is_csv(path) {
            Ok(incentive::csv::load_inputs_for(set, path)?)
        } else {
            Ok(Inputs::load_list(path)?)
        }
    }

    /// The credit data, as the CLI reads `--transactions`.
    pub fn credit_data(&self) -> Result<CreditData, Fail> {
        if let Some(b) = &self.batches {
            let text = self.text(b)?;
            if text.is_empty() {
                return Ok(CreditData::new(Vec::new(), Vec::new(), Vec::new()));
            }
            // As the CLI reads a CSV of transactions: crediting errors name
            // the transaction's line (and so its row).
            return incentive::csv::read_credit_data(&text, Some(&self.origin))
                .map_err(|e| Fail::Lib(e, Some(self.origin.clone())));
        }
        let Some(p) = &self.path else {
            return Ok(CreditData::new(Vec::new(), Vec::new(), Vec::new()));
        };
        let path = Path::new(p);
        if is_csv(path) {
            Ok(incentive::csv::load_credit_data(path)?)
        } else {
            Ok(CreditData::load(path)?)
        }
    }
}

/// Whether `path` names a CSV file (as the CLI decides).
fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
}

/// The plan files of `path` as the CLI's `files::plans` reads them: a
/// folder's `*.toml` files directly inside it, in file-name order, or the
/// one file; each with its text.
pub fn plan_texts(path: &Path) -> incentive::Result<Vec<(String, String)>> {
    let io = |name: &str, e: std::io::Error| {
        incentive::Error::Io(Box::new(incentive::ErrorDetails {
            file: Some(name.to_owned()),
            message: e.to_string().to_lowercase(),
            io_source: Some(incentive::IoSource::new(e)),
            kind: Some(ErrorKind::Io),
            ..incentive::ErrorDetails::default()
        }))
    };
    let name = path.display().to_string();
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).map_err(|e| io(&name, e))? {
            let p = entry.map_err(|e| io(&name, e))?.path();
            if p.is_file() && p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let n = f.display().to_string();
        let bytes = std::fs::read(&f).map_err(|e| io(&n, e))?;
        // A plan file that is not UTF-8 is an invalid plan, as `Plan::load`
        // says.
        let text = String::from_utf8(bytes).map_err(|e| {
            incentive::Error::Plan(Box::new(incentive::ErrorDetails {
                file: Some(n.clone()),
                message: format!(
                    "is not valid UTF-8 (at byte {}); save the file as UTF-8",
                    e.utf8_error().valid_up_to()
                ),
                kind: Some(ErrorKind::InvalidPlan),
                ..incentive::ErrorDetails::default()
            }))
        })?;
        out.push((n, text));
    }
    Ok(out)
}

/// A plan set from named texts, each parsed as `Plan::load` parses its
/// file, inserted in order (two plans of one id refused, naming the file).
pub fn set_of(texts: &[(String, String)]) -> incentive::Result<PlanSet> {
    let mut set = PlanSet::new();
    for (name, text) in texts {
        let plan = Plan::from_toml_named(text, name)?;
        set.insert(plan).map_err(|e| {
            let mut d = e.details().clone();
            d.file.get_or_insert_with(|| name.clone());
            errors::rebox(&e, d)
        })?;
    }
    Ok(set)
}

/// A plan set (the native half of `incentive.Plans`).
#[pyclass(frozen, module = "incentive._incentive", name = "NativePlans")]
#[derive(Debug)]
pub struct NativePlans {
    /// The plans.
    pub set: Arc<PlanSet>,
    /// Each file's name and text, in load order.
    texts: Vec<(String, String)>,
    /// The output scale: the most places any plan rounds to.
    scale: u32,
}

impl NativePlans {
    fn from_pairs(texts: Vec<(String, String)>) -> PyResult<NativePlans> {
        let set = set_of(&texts).map_err(|e| errors::to_py(&e, None))?;
        let scale = set.iter().map(|p| p.rounding().places()).max().unwrap_or(2);
        Ok(NativePlans {
            set: Arc::new(set),
            texts,
            scale,
        })
    }

    /// The statements for `inputs`, as `incentive run` makes them (credited
    /// from `tx` when given), sorted by participant, plan and period.
    fn run(&self, inputs: &Source, tx: Option<&Source>) -> Result<Vec<Statement>, Fail> {
        let set = &*self.set;
        let all = inputs.inputs(set)?;
        let file = inputs.path.clone().unwrap_or_else(|| inputs.origin.clone());
        check_lone_periods(set, &all, &file)?;
        let mut out = match tx {
            None => {
                let run = set.evaluate_each(&all);
                if let Some(first) = run.rejected.first() {
                    let e = errors::with(
                        first.error.clone(),
                        Some(&first.participant),
                        Some(&first.plan),
                        None,
                    );
                    return Err(Fail::Lib(more(e, run.rejected.len(), all.len()), None));
                }
                run.statements
            }
            Some(t) => credited(set, &all, &t.credit_data()?, &file).map_err(|f| match f {
                // An error in a table names its row.
                Fail::Lib(e, None) => {
                    let table = [t, inputs]
                        .into_iter()
                        .find(|s| {
                            s.batches.is_some()
                                && e.details().file.as_deref() == Some(s.origin.as_str())
                        })
                        .map(|s| s.origin.clone());
                    Fail::Lib(e, table)
                }
                other => other,
            })?,
        };
        out.sort_by(|a, b| {
            (&a.participant, &a.plan, &a.period).cmp(&(&b.participant, &b.plan, &b.period))
        });
        Ok(out)
    }

    /// The inputs' lines and totals, evaluated `CHUNK` statements at a
    /// time into the Arrow builders: the statements of `run` with no
    /// transactions, in the same order, never all held at once.
    fn run_chunked(
        &self,
        inputs: &Source,
        scale: u32,
        threads: usize,
    ) -> Result<(RecordBatch, RecordBatch), Fail> {
        let set = &*self.set;
        let mut all = inputs.inputs(set)?;
        let file = inputs.path.clone().unwrap_or_else(|| inputs.origin.clone());
        check_lone_periods(set, &all, &file)?;
        // The order `evaluate_each` gives (participant, plan, period), so
        // that chunks evaluated in order are the whole run's order; the
        // readers refuse a participant, plan and period given twice, and
        // each chunk's `evaluate_each` refuses it again.
        all.sort_by(|a, b| {
            (a.participant(), a.plan(), a.period()).cmp(&(b.participant(), b.plan(), b.period()))
        });
        if let Some(d) = all.windows(2).find_map(|w| match w {
            [a, b]
                if (a.participant(), a.plan(), a.period())
                    == (b.participant(), b.plan(), b.period()) =>
            {
                Some(b)
            }
            _ => None,
        }) {
            return Err(Fail::Lib(
                errors::new_input(
                    ErrorKind::Duplicate,
                    format!(
                        "participant `{}` appears twice for plan `{}`{}; give each participant one set of inputs per plan and period",
                        d.participant(),
                        d.plan(),
                        d.period()
                            .map(|p| format!(" and period `{p}`"))
                            .unwrap_or_default()
                    ),
                    Some(&file),
                    Some(d.participant()),
                    Some(d.plan()),
                    None,
                ),
                None,
            ));
        }
        let mut builder = table::Builder::new(scale, all.len())?;
        let mut first: Option<incentive::Error> = None;
        let mut rejected = 0usize;
        let chunks: Vec<&[Inputs]> = all.chunks(CHUNK).collect();
        // `threads` chunks evaluated at once, then taken in order: the
        // same tables whatever the number of threads.
        let pool = pool(threads)?;
        for group in chunks.chunks(threads.max(1)) {
            let runs: Vec<incentive::Evaluated> = match &pool {
                None => group.iter().map(|c| set.evaluate_each(c)).collect(),
                Some(p) => p.install(|| {
                    use rayon::prelude::*;
                    group.par_iter().map(|c| set.evaluate_each(c)).collect()
                }),
            };
            for run in runs {
                if let Some(r) = run.rejected.first() {
                    if first.is_none() {
                        first = Some(errors::with(
                            r.error.clone(),
                            Some(&r.participant),
                            Some(&r.plan),
                            None,
                        ));
                    }
                    rejected += run.rejected.len();
                }
                if first.is_none() {
                    builder.push(&run.statements)?;
                }
            }
        }
        if let Some(e) = first {
            return Err(Fail::Lib(more(e, rejected, all.len()), None));
        }
        Ok(builder.finish()?)
    }

    /// The one participant's inputs (and plan) in `inputs`, as the CLI's
    /// `what-if` and `seek` find them.
    fn one(
        &self,
        inputs: &Source,
        participant: &str,
        period: Option<&str>,
    ) -> Result<(Plan, Inputs), Fail> {
        let all = inputs.inputs(&self.set)?;
        let file = inputs.path.clone().unwrap_or_else(|| inputs.origin.clone());
        let mine: Vec<&Inputs> = all
            .iter()
            .filter(|i| i.participant() == participant)
            .filter(|i| period.is_none_or(|p| i.period() == Some(p)))
            .collect();
        let fail = |m: String| {
            Fail::Lib(
                errors::new_input(
                    ErrorKind::InvalidInput,
                    m,
                    Some(&file),
                    Some(participant),
                    None,
                    Some("participant"),
                ),
                None,
            )
        };
        let one = match mine.as_slice() {
            [one] => *one,
            [] => {
                return Err(fail(format!(
                    "the inputs hold none for participant `{participant}`{}",
                    period
                        .map(|p| format!(" in period `{p}`"))
                        .unwrap_or_default()
                )));
            }
            many => {
                let periods: Vec<&str> = many.iter().filter_map(|i| i.period()).collect();
                return Err(fail(format!(
                    "the inputs hold {} sets of inputs for participant `{participant}` (periods {}); choose one with period=",
                    many.len(),
                    periods.join(", ")
                )));
            }
        };
        let plan = self.set.get(one.plan()).cloned().ok_or_else(|| {
            Fail::Lib(
                errors::new_input(
                    ErrorKind::UnknownPlan,
                    format!("the plans hold no plan `{}`", one.plan()),
                    Some(&file),
                    Some(participant),
                    Some(one.plan()),
                    Some("plan"),
                ),
                None,
            )
        })?;
        Ok((plan, one.clone()))
    }
}

/// The statements evaluated at a time by `run_chunked`: enough to keep
/// the per-chunk work large, few enough that a table of millions of rows
/// never holds its statements (with their traces) all at once.
const CHUNK: usize = 16_384;

/// A pool of `threads` threads, or none for one thread (`0` is refused).
fn pool(threads: usize) -> Result<Option<rayon::ThreadPool>, Fail> {
    let bad = |m: String| {
        Fail::Input(
            m,
            Place {
                field: Some("threads".to_owned()),
                ..Place::default()
            },
        )
    };
    match threads {
        0 => Err(bad("threads=0: give at least 1".to_owned())),
        1 => Ok(None),
        n => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| bad(format!("cannot start {n} threads: {e}"))),
    }
}

/// Refuses inputs of a plan only a plan year pays, as `incentive run` does.
fn check_lone_periods(set: &PlanSet, all: &[Inputs], file: &str) -> Result<(), Fail> {
    for i in all {
        if let Some(why) = set.get(i.plan()).and_then(Plan::needs_plan_year) {
            return Err(Fail::Lib(
                errors::new_input(
                    ErrorKind::InvalidInput,
                    format!(
                        "this plan is paid through a plan year, because {why}; evaluating one period on its own would leave that out. Run the participant's plan year with `incentive.year`"
                    ),
                    Some(file),
                    Some(i.participant()),
                    Some(i.plan()),
                    Some("plan"),
                ),
                None,
            ));
        }
    }
    Ok(())
}

/// The first rejection `e`, saying how many of `of` were rejected when
/// more than one was.
fn more(e: incentive::Error, rejected: usize, of: usize) -> incentive::Error {
    if rejected <= 1 {
        return e;
    }
    let mut d = e.details().clone();
    d.message = format!(
        "{} (and {} more of {of} participants' inputs cannot be paid, so nothing is paid)",
        d.message,
        rejected - 1
    );
    errors::rebox(&e, d)
}

/// Statements credited from `data` over each input's period, in date
/// order, commission plans settled through one ledger: the CLI's
/// `run --transactions` ([`incentive::commission::pay_credited`]).
fn credited(
    set: &PlanSet,
    inputs: &[Inputs],
    data: &CreditData,
    file: &str,
) -> Result<Vec<Statement>, Fail> {
    // A period the plans cannot date is the inputs' fault: name their file.
    for i in inputs {
        incentive::commission::credit_period(set, i).map_err(|e| {
            let mut d = e.details().clone();
            d.file.get_or_insert_with(|| file.to_owned());
            Fail::Lib(errors::rebox(&e, d), None)
        })?;
    }
    Ok(incentive::commission::pay_credited(set, inputs, data)?)
}

/// A decimal or percent from Python (`str` of a Decimal, int or text).
fn number(text: &str, field: &str) -> PyResult<rust_decimal::Decimal> {
    let (body, percent) = match text.trim().strip_suffix('%') {
        Some(b) => (b, true),
        None => (text.trim(), false),
    };
    let bad = || {
        errors::input(
            &format!(
                "`{text}` is not a number; give one such as Decimal(\"0.5\"), \"50%\" or 400000"
            ),
            &Place {
                field: Some(field.to_owned()),
                ..Place::default()
            },
        )
    };
    let mut d = rust_decimal::Decimal::from_scientific(body)
        .or_else(|_| rust_decimal::Decimal::from_str_exact(body))
        .map_err(|_| bad())?;
    if percent {
        d.set_scale(d.scale() + 2).map_err(|_| bad())?;
    }
    Ok(d)
}

fn json<T: serde::Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v)
        .map_err(|e| errors::plain(ErrorKind::InvalidInput, &format!("cannot write JSON: {e}")))
}

#[pymethods]
impl NativePlans {
    /// Loads a plan file or every `*.toml` plan of a folder.
    #[staticmethod]
    fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<NativePlans> {
        let texts = py
            .detach(|| plan_texts(&path))
            .map_err(|e| errors::to_py(&e, None))?;
        py.detach(|| NativePlans::from_pairs(texts))
    }

    /// Plans from `(name, text)` pairs, in order.
    #[staticmethod]
    fn from_texts(py: Python<'_>, texts: Vec<(String, String)>) -> PyResult<NativePlans> {
        py.detach(|| NativePlans::from_pairs(texts))
    }

    /// The `(name, text)` pairs the plans were read from.
    fn texts(&self) -> Vec<(String, String)> {
        self.texts.clone()
    }

    /// The plans' ids, sorted.
    fn ids(&self) -> Vec<String> {
        self.set.iter().map(|p| p.id().to_owned()).collect()
    }

    /// The scale of the output amounts: the most places a plan rounds to.
    #[getter]
    fn scale(&self) -> u32 {
        self.scale
    }

    /// The lines and totals of the statements for `batches` (or the
    /// inputs file `path`), credited from the transactions when given.
    #[pyo3(signature = (batches=None, path=None, origin=None, floats=None, tx_batches=None, tx_path=None, tx_origin=None, threads=1))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate(
        &self,
        py: Python<'_>,
        batches: Option<PyArrowType<Vec<RecordBatch>>>,
        path: Option<String>,
        origin: Option<String>,
        floats: Option<&str>,
        tx_batches: Option<PyArrowType<Vec<RecordBatch>>>,
        tx_path: Option<String>,
        tx_origin: Option<String>,
        threads: usize,
    ) -> PyResult<(PyArrowType<RecordBatch>, PyArrowType<RecordBatch>)> {
        let src = Source::new(batches, path, origin, floats)?;
        let tx = tx_source(tx_batches, tx_path, tx_origin, floats)?;
        let scale = self.scale;
        let (l, t) = py
            .detach(|| match &tx {
                Some(_) => {
                    let statements = self.run(&src, tx.as_ref())?;
                    let mut b = table::Builder::new(scale, statements.len())?;
                    b.push(&statements)?;
                    Ok(b.finish()?)
                }
                None => self.run_chunked(&src, scale, threads),
            })
            .map_err(Fail::into_py)?;
        Ok((PyArrowType(l), PyArrowType(t)))
    }

    /// The statements as the JSON `incentive run --json` prints (compact).
    #[pyo3(signature = (batches=None, path=None, origin=None, floats=None, tx_batches=None, tx_path=None, tx_origin=None))]
    #[allow(clippy::too_many_arguments)]
    fn statements_json(
        &self,
        py: Python<'_>,
        batches: Option<PyArrowType<Vec<RecordBatch>>>,
        path: Option<String>,
        origin: Option<String>,
        floats: Option<&str>,
        tx_batches: Option<PyArrowType<Vec<RecordBatch>>>,
        tx_path: Option<String>,
        tx_origin: Option<String>,
    ) -> PyResult<String> {
        let src = Source::new(batches, path, origin, floats)?;
        let tx = tx_source(tx_batches, tx_path, tx_origin, floats)?;
        let statements = py
            .detach(|| self.run(&src, tx.as_ref()))
            .map_err(Fail::into_py)?;
        json(&statements)
    }

    /// `incentive what-if`: the rows of the grid `start`..=`stop` by
    /// `step` for one participant, as JSON, and the column names.
    #[pyo3(signature = (participant, vary, start, stop, step, period=None, batches=None, path=None, origin=None, floats=None))]
    #[allow(clippy::too_many_arguments)]
    fn what_if(
        &self,
        py: Python<'_>,
        participant: &str,
        vary: &str,
        start: &str,
        stop: &str,
        step: &str,
        period: Option<&str>,
        batches: Option<PyArrowType<Vec<RecordBatch>>>,
        path: Option<String>,
        origin: Option<String>,
        floats: Option<&str>,
    ) -> PyResult<(String, Vec<String>)> {
        let src = Source::new(batches, path, origin, floats)?;
        let v = match vary.split_once(':') {
            Some(("attainment", c)) => Vary::Attainment(c.to_owned()),
            Some(("actual", m)) => Vary::Actual(m.to_owned()),
            Some(("rating", c)) => Vary::Rating(c.to_owned()),
            _ => {
                return Err(errors::input(
                    &format!(
                        "vary `{vary}` is not one of `attainment:COMPONENT`, `actual:METRIC`, `rating:COMPONENT`"
                    ),
                    &Place {
                        field: Some("vary".to_owned()),
                        ..Place::default()
                    },
                ));
            }
        };
        let (from, to, by) = (
            number(start, "start")?,
            number(stop, "stop")?,
            number(step, "step")?,
        );
        let (rows, header) = py
            .detach(|| -> Result<_, Fail> {
                let (plan, inputs) = self.one(&src, participant, period)?;
                let grid = WhatIfRow::grid(from, to, by)?;
                let rows = incentive::what_if(&plan, &inputs, &v, &grid)?;
                let mut header: Vec<String> = plan
                    .components()
                    .iter()
                    .map(|c| c.id().to_owned())
                    .collect();
                header.extend(plan.commissions().iter().map(|c| c.id().to_owned()));
                Ok((rows, header))
            })
            .map_err(Fail::into_py)?;
        Ok((json(&rows)?, header))
    }

    /// `incentive seek`: the actual of `metric` that pays `amount`, as
    /// JSON and as the CLI prints it.
    #[pyo3(signature = (participant, metric, amount, resolution, period=None, batches=None, path=None, origin=None, floats=None))]
    #[allow(clippy::too_many_arguments)]
    fn seek(
        &self,
        py: Python<'_>,
        participant: &str,
        metric: &str,
        amount: &str,
        resolution: &str,
        period: Option<&str>,
        batches: Option<PyArrowType<Vec<RecordBatch>>>,
        path: Option<String>,
        origin: Option<String>,
        floats: Option<&str>,
    ) -> PyResult<(String, String)> {
        let src = Source::new(batches, path, origin, floats)?;
        let (amount, resolution) = (number(amount, "amount")?, number(resolution, "resolution")?);
        let answer = py
            .detach(|| -> Result<_, Fail> {
                let (plan, inputs) = self.one(&src, participant, period)?;
                Ok(incentive::goal_seek(
                    &plan, &inputs, metric, amount, resolution,
                )?)
            })
            .map_err(Fail::into_py)?;
        Ok((json(&answer)?, answer.to_string()))
    }
}

/// The transactions' source, when any is given.
fn tx_source(
    batches: Option<PyArrowType<Vec<RecordBatch>>>,
    path: Option<String>,
    origin: Option<String>,
    floats: Option<&str>,
) -> PyResult<Option<Source>> {
    if batches.is_none() && path.is_none() {
        return Ok(None);
    }
    let origin = origin.or_else(|| Some("<transactions>".to_owned()));
    Source::new(batches, path, origin, floats).map(Some)
}
