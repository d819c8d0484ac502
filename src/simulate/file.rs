//! The simulation file: a Monte Carlo cost simulation ([`Simulation`]) as
//! TOML or JSON, read into a [`SimulationFile`] and run against a
//! [`PlanSet`].
//!
//! The top-level fields:
//!
//! - `seed` (default 0) and `trials` (default 1,000); `precision`, the
//!   decimal places drawn attainments are rounded to (default 4, at most
//!   12).
//! - The roster: `inputs`, a list of inputs files (TOML, the shape of
//!   `plans/samples/participants.toml`) named relative to the simulation
//!   file, and `participants`, inputs written in the file itself (each an
//!   [`Inputs`] entry: `participant`, `plan`, `targets`, `ratings`, …).
//!   The roster is the files' participants in the order listed, then the
//!   file's own.
//! - `draws`: one entry a drawn component, in order: `component` and
//!   `distribution`, one of `normal` (`mean`, `sd`), `lognormal` (`mu`,
//!   `sigma`), `uniform` (`low`, `high`) and `empirical` (`history`, past
//!   values); see [`Distribution`] for what is drawn.
//! - `correlations`: `between = [a, b]` and `rho` (−1 to 1).
//! - `revenue`: drawn components whose actuals count as revenue.
//!
//! Numbers are exact as everywhere (integers, TOML decimals, strings).
//! Unknown fields are errors; errors name the file (the `origin` given),
//! the line where the format gives one, and the field
//! (`draws[2].sigma`).
//!
//! ```toml
//! seed = 42
//! trials = 1000
//! revenue = ["booked"]
//! inputs = ["../samples/participants.toml"]
//!
//! [[participants]]
//! participant = "p1"
//! plan = "demand-generation"
//! targets = { pipeline = 2000000 }
//! ratings = { campaign_effectiveness = 3 }
//!
//! [[draws]]
//! component = "booked"
//! distribution = "lognormal"
//! mu = 0
//! sigma = 0.20
//!
//! [[draws]]
//! component = "pipeline"
//! distribution = "normal"
//! mean = 1
//! sd = 0.20
//!
//! [[draws]]
//! component = "campaign_effectiveness"
//! distribution = "empirical"
//! history = [2, 3, 3, 4, 5]
//!
//! [[correlations]]
//! between = ["booked", "pipeline"]
//! rho = 0.6
//! ```
//!
//! In JSON (feature `json`) the same fields, decimals as strings:
//! `{"seed": 42, "draws": [{"component": "pipeline", "distribution":
//! "normal", "mean": 1, "sd": "0.20"}], …}`.
//!
//! `plans/simulations/shipped-plans.toml` simulates every shipped bonus
//! plan.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;

use super::montecarlo::{Distribution, Simulation, SimulationReport};
use crate::error::{Error, Result};
use crate::evaluate::PlanSet;
use crate::inputs::Inputs;
use crate::number::{self, Num};
use crate::source::{self, as_input};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    trials: Option<u64>,
    #[serde(default)]
    precision: Option<u32>,
    #[serde(default)]
    inputs: Vec<String>,
    #[serde(default)]
    participants: Vec<Inputs>,
    #[serde(default)]
    draws: Vec<DrawDoc>,
    #[serde(default)]
    correlations: Vec<CorrelationDoc>,
    #[serde(default)]
    revenue: Vec<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Normal,
    Lognormal,
    Uniform,
    Empirical,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DrawDoc {
    component: String,
    distribution: Kind,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    mean: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    sd: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    mu: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    sigma: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    low: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    high: Option<Decimal>,
    #[serde(default)]
    history: Option<Vec<Num>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrelationDoc {
    between: Vec<String>,
    #[serde(deserialize_with = "number::decimal")]
    rho: Decimal,
}

/// A simulation read from a file: the roster, the draws, correlations,
/// revenue, seed and trials, ready to run against a [`PlanSet`]. The
/// format is in the [module docs](self).
///
/// # Errors
///
/// Reading refuses bad syntax, unknown fields, a distribution without its
/// parameters or with another's, a correlation not between two
/// components, a precision above 12, and an inputs file that cannot be
/// read; running refuses what [`Simulation::run`] refuses (a component no
/// plan has, a plan the roster names that is not in the set, …).
///
/// # Example
///
/// ```
/// use incentive::PlanSet;
/// use incentive::simulate::SimulationFile;
///
/// let file = SimulationFile::from_toml(
///     r#"
///     seed = 7
///     trials = 200
///     [[participants]]
///     participant = "dana"
///     plan = "demand-generation"
///     targets = { pipeline = 2000000 }
///     ratings = { campaign_effectiveness = 3 }
///     [[draws]]
///     component = "pipeline"
///     distribution = "normal"
///     mean = 1
///     sd = 0.2
///     "#,
///     "dana-sim.toml",
/// )?;
/// assert_eq!((file.seed(), file.trials()), (7, 200));
/// let plans = PlanSet::load_dir("plans")?;
/// let report = file.run(&plans)?;
/// assert_eq!(report.trials, 200);
/// assert_eq!(report.participants, 1);
///
/// let err = SimulationFile::from_toml(
///     "[[draws]]\ncomponent = 'pipeline'\ndistribution = 'normal'\nmean = 1\n",
///     "bad.toml",
/// )
/// .unwrap_err();
/// assert_eq!(err.details().field.as_deref(), Some("draws[0].sd"));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationFile {
    participants: Vec<Inputs>,
    draws: Vec<(String, Distribution)>,
    correlations: Vec<(String, String, Decimal)>,
    revenue: Vec<String>,
    trials: u64,
    seed: u64,
    precision: u32,
}

impl SimulationFile {
    /// Reads a simulation file written in TOML. `origin` names the file in
    /// errors, and its folder is where the `inputs` files are looked up
    /// (the current folder when `origin` has none).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming `origin`, the line and column and the field
    /// for bad syntax or an unknown field, and naming the field for a
    /// distribution, correlation or precision that is not valid;
    /// [`Error::Io`] or the inputs file's own error when an `inputs` file
    /// cannot be read.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::simulate::SimulationFile;
    ///
    /// // Inputs files are read beside the simulation file.
    /// let file = SimulationFile::from_toml(
    ///     "inputs = ['../samples/participants.toml']\ntrials = 10\n",
    ///     "plans/simulations/sample.toml",
    /// )?;
    /// assert_eq!(file.participants()[0].participant(), "dana");
    /// assert_eq!(file.trials(), 10);
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn from_toml(text: &str, origin: &str) -> Result<SimulationFile> {
        let doc: FileDoc =
            source::from_toml_nested(text, "participants", "participant", |e, id| {
                e.with_participant(id)
            })
            .map_err(|e| as_input(e).in_file(Some(origin)))?;
        build(doc, origin).map_err(|e| e.in_file(Some(origin)))
    }

    /// Reads a simulation file written in JSON (feature `json`): the same
    /// fields as [`SimulationFile::from_toml`], decimals as strings.
    ///
    /// # Errors
    ///
    /// As [`SimulationFile::from_toml`], with `serde_json`'s line and
    /// column.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::simulate::SimulationFile;
    ///
    /// let file = SimulationFile::from_json(
    ///     r#"{"seed": 3, "draws": [{"component": "pipeline", "distribution": "uniform", "low": "0.8", "high": "1.2"}]}"#,
    ///     "sim.json",
    /// )?;
    /// assert_eq!(file.seed(), 3);
    /// assert!(file.participants().is_empty());
    /// # Ok::<(), incentive::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn from_json(text: &str, origin: &str) -> Result<SimulationFile> {
        let doc: FileDoc = source::json_from_str(text, origin, "participant", 3)?;
        build(doc, origin).map_err(|e| e.in_file(Some(origin)))
    }

    /// Reads a simulation file from disk: JSON when its name ends in
    /// `.json` (feature `json`), TOML otherwise; `inputs` files are looked
    /// up beside it.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; [`Error::Input`] for a
    /// JSON file without feature `json`; otherwise as
    /// [`SimulationFile::from_toml`].
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::simulate::SimulationFile;
    ///
    /// let file = SimulationFile::load("plans/simulations/shipped-plans.toml")?;
    /// assert_eq!(file.seed(), 42);
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<SimulationFile> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::source::read_text(path, &name)?;
        if path.extension().is_some_and(|x| x == "json") {
            #[cfg(feature = "json")]
            return SimulationFile::from_json(&text, &name);
            #[cfg(not(feature = "json"))]
            return Err(Error::input(
                "is a JSON file; reading JSON needs the crate feature `json`, or write the file as TOML",
            )
            .in_file(Some(&name)));
        }
        SimulationFile::from_toml(&text, &name)
    }

    /// The roster: the `inputs` files' participants, then the file's own.
    pub fn participants(&self) -> &[Inputs] {
        &self.participants
    }

    /// The drawn components and their distributions, in file order.
    pub fn draws(&self) -> &[(String, Distribution)] {
        &self.draws
    }

    /// The correlations: two components and `rho`.
    pub fn correlations(&self) -> &[(String, String, Decimal)] {
        &self.correlations
    }

    /// The components counted as revenue.
    pub fn revenue(&self) -> &[String] {
        &self.revenue
    }

    /// The number of trials.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The decimal places drawn attainments are rounded to.
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// The [`Simulation`] the file describes, over `plans`, to run or to
    /// change further (more trials, another seed).
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::PlanSet;
    /// use incentive::simulate::SimulationFile;
    ///
    /// let file = SimulationFile::load("plans/simulations/shipped-plans.toml")?;
    /// let plans = PlanSet::load_dir("plans")?;
    /// let report = file.simulation(&plans).trials(50).seed(1).run()?;
    /// assert_eq!((report.trials, report.seed), (50, 1));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn simulation<'a>(&'a self, plans: &'a PlanSet) -> Simulation<'a> {
        let mut sim = Simulation::new(plans, &self.participants);
        for (c, d) in &self.draws {
            sim = sim.draw(c, d.clone());
        }
        for (a, b, rho) in &self.correlations {
            sim = sim.correlate(a, b, *rho);
        }
        for r in &self.revenue {
            sim = sim.revenue(r);
        }
        sim.trials(self.trials)
            .seed(self.seed)
            .precision(self.precision)
    }

    /// Runs the simulation against `plans` ([`Simulation::run`]).
    ///
    /// # Errors
    ///
    /// As [`Simulation::run`].
    pub fn run(&self, plans: &PlanSet) -> Result<SimulationReport> {
        self.simulation(plans).run()
    }
}

fn build(doc: FileDoc, origin: &str) -> Result<SimulationFile> {
    let precision = doc.precision.unwrap_or(4);
    if precision > 12 {
        return Err(Error::input(format!(
            "is {precision}; draws are rounded to at most 12 decimal places"
        ))
        .with_field("precision"));
    }
    let base = Path::new(origin)
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let mut participants = Vec::new();
    for file in &doc.inputs {
        participants.extend(Inputs::load_list(base.join(file))?);
    }
    participants.extend(doc.participants);
    let draws = doc
        .draws
        .into_iter()
        .enumerate()
        .map(|(i, d)| draw(i, d))
        .collect::<Result<Vec<_>>>()?;
    let correlations = doc
        .correlations
        .into_iter()
        .enumerate()
        .map(|(i, c)| match c.between.as_slice() {
            [a, b] => Ok((a.clone(), b.clone(), c.rho)),
            other => Err(Error::input(format!(
                "names {} components; a correlation is between two, such as `between = [\"booked\", \"pipeline\"]`",
                other.len()
            ))
            .with_field(format!("correlations[{i}].between"))),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SimulationFile {
        participants,
        draws,
        correlations,
        revenue: doc.revenue,
        trials: doc.trials.unwrap_or(1000),
        seed: doc.seed.unwrap_or(0),
        precision,
    })
}

/// The parameters each distribution takes, for messages.
fn takes(kind: Kind) -> &'static str {
    match kind {
        Kind::Normal => "a normal distribution takes `mean` and `sd`",
        Kind::Lognormal => "a lognormal distribution takes `mu` and `sigma`",
        Kind::Uniform => "a uniform distribution takes `low` and `high`",
        Kind::Empirical => "an empirical distribution takes `history`, a list of past values",
    }
}

fn draw(i: usize, d: DrawDoc) -> Result<(String, Distribution)> {
    let at = |field: &str| format!("draws[{i}].{field}");
    let given = [
        ("mean", d.mean.is_some()),
        ("sd", d.sd.is_some()),
        ("mu", d.mu.is_some()),
        ("sigma", d.sigma.is_some()),
        ("low", d.low.is_some()),
        ("high", d.high.is_some()),
        ("history", d.history.is_some()),
    ];
    let own: &[&str] = match d.distribution {
        Kind::Normal => &["mean", "sd"],
        Kind::Lognormal => &["mu", "sigma"],
        Kind::Uniform => &["low", "high"],
        Kind::Empirical => &["history"],
    };
    if let Some((other, _)) = given.iter().find(|(f, set)| *set && !own.contains(f)) {
        return Err(
            Error::input(format!("{}, not `{other}`", takes(d.distribution)))
                .with_component(&d.component)
                .with_field(at(other)),
        );
    }
    let need = |v: Option<Decimal>, field: &str| {
        v.ok_or_else(|| {
            Error::input(format!("is missing; {}", takes(d.distribution)))
                .with_component(&d.component)
                .with_field(at(field))
        })
    };
    let made = match d.distribution {
        Kind::Normal => Distribution::normal(need(d.mean, "mean")?, need(d.sd, "sd")?),
        Kind::Lognormal => Distribution::lognormal(need(d.mu, "mu")?, need(d.sigma, "sigma")?),
        Kind::Uniform => Distribution::uniform(need(d.low, "low")?, need(d.high, "high")?),
        Kind::Empirical => {
            let history = d.history.ok_or_else(|| {
                Error::input(format!("is missing; {}", takes(d.distribution)))
                    .with_component(&d.component)
                    .with_field(at("history"))
            })?;
            Distribution::empirical(history.into_iter().map(|n| n.0).collect())
        }
    };
    let made = made.map_err(|mut e| {
        let field = e.details().field.clone();
        e.details_mut().field = Some(at(field.as_deref().unwrap_or("distribution")));
        e.with_component(&d.component)
    })?;
    Ok((d.component, made))
}
