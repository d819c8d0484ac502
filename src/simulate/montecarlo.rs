//! Monte Carlo cost modelling: seeded random plan years, exact payouts.
//!
//! Floating point appears in this file only on the random side: standard
//! normal draws, the correlation of draws (Cholesky), and the quantile
//! transforms of the declared distributions. Each draw is converted to a
//! `Decimal` at a declared precision (attainment to 4 places by default,
//! that is to 0.01%) in [`to_decimal`] before it touches money; from there
//! on every amount is exact and computed by the prepared plan.
#![allow(clippy::float_arithmetic)]

use std::collections::BTreeMap;
use std::fmt;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::prepared::PreparedPlan;
use crate::error::{Error, Result};
use crate::evaluate::PlanSet;
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::money::exact_add;
use crate::plan::{Measure, Metric};
use crate::program::Payout;
use crate::program::pay::OwnedTerms;

/// A distribution a component's draws come from.
///
/// For a quantitative component the draw is its **attainment** (`1` is
/// 100%): the actual is the attainment, rounded to the simulation's
/// precision, times the participant's target (for a ratio metric, the
/// numerator is set so that the ratio is that actual). For a rated or
/// scored component the draw is the rating or score itself; ratings on a
/// discrete scale should come from [`Distribution::empirical`].
///
/// # Errors
///
/// The constructors refuse parameters that define no distribution: a
/// negative spread, `high` below `low`, an empty history.
///
/// # Example
///
/// ```
/// use incentive::simulate::Distribution;
/// use rust_decimal_macros::dec;
///
/// let on_target = Distribution::normal(dec!(1.0), dec!(0.15))?;
/// let skewed = Distribution::lognormal(dec!(0), dec!(0.2))?;
/// let flat = Distribution::uniform(dec!(0.8), dec!(1.2))?;
/// let history = Distribution::empirical(vec![dec!(0.92), dec!(1.04), dec!(1.31)])?;
/// assert!(Distribution::normal(dec!(1), dec!(-0.1)).is_err());
/// assert!(Distribution::empirical(vec![]).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Distribution {
    /// Normal with a mean and a standard deviation.
    Normal {
        /// The mean.
        mean: Decimal,
        /// The standard deviation, 0 or more.
        sd: Decimal,
    },
    /// Log-normal: the logarithm of the draw is normal with `mu` and
    /// `sigma` (the median is `e^mu`; `mu = 0` centres on 100%).
    LogNormal {
        /// Mean of the logarithm.
        mu: Decimal,
        /// Standard deviation of the logarithm, 0 or more.
        sigma: Decimal,
    },
    /// Uniform between `low` and `high`.
    Uniform {
        /// The lower end.
        low: Decimal,
        /// The upper end, not below `low`.
        high: Decimal,
    },
    /// A bootstrap from history: each past value equally likely, used as
    /// it is (exact, not rounded).
    Empirical(Vec<Decimal>),
}

impl Distribution {
    /// Normal with `mean` and standard deviation `sd`, censored at zero:
    /// a draw below zero is read as 0, since an actual is never negative.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `sd` is negative.
    pub fn normal(mean: Decimal, sd: Decimal) -> Result<Distribution> {
        if sd < Decimal::ZERO {
            return Err(Error::input(format!(
                "the standard deviation is {sd}; it must be 0 or more"
            ))
            .with_field("sd"));
        }
        Ok(Distribution::Normal { mean, sd })
    }

    /// Log-normal: `ln(draw)` is normal with `mu` and `sigma`.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `sigma` is negative.
    pub fn lognormal(mu: Decimal, sigma: Decimal) -> Result<Distribution> {
        if sigma < Decimal::ZERO {
            return Err(
                Error::input(format!("sigma is {sigma}; it must be 0 or more")).with_field("sigma"),
            );
        }
        Ok(Distribution::LogNormal { mu, sigma })
    }

    /// Uniform between `low` and `high`.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `high` is below `low`.
    pub fn uniform(low: Decimal, high: Decimal) -> Result<Distribution> {
        if high < low {
            return Err(
                Error::input(format!("`high` {high} is below `low` {low}")).with_field("high")
            );
        }
        Ok(Distribution::Uniform { low, high })
    }

    /// A bootstrap from past values.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `history` is empty.
    pub fn empirical(history: Vec<Decimal>) -> Result<Distribution> {
        if history.is_empty() {
            return Err(
                Error::input("an empirical distribution needs at least one past value")
                    .with_field("history"),
            );
        }
        Ok(Distribution::Empirical(history))
    }
}

/// The distribution's parameters as the sampler uses them.
#[derive(Clone, Debug)]
enum Sampler {
    Normal(f64, f64),
    LogNormal(f64, f64),
    Uniform(f64, f64),
    Empirical(Vec<Decimal>),
}

fn f(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

impl Sampler {
    fn new(d: &Distribution) -> Sampler {
        match d {
            Distribution::Normal { mean, sd } => Sampler::Normal(f(*mean), f(*sd)),
            Distribution::LogNormal { mu, sigma } => Sampler::LogNormal(f(*mu), f(*sigma)),
            Distribution::Uniform { low, high } => Sampler::Uniform(f(*low), f(*high)),
            Distribution::Empirical(h) => Sampler::Empirical(h.clone()),
        }
    }

    /// The draw for a standard normal `z` (correlated already): the
    /// distribution's quantile at `Φ(z)`.
    fn value(&self, z: f64, places: u32) -> Result<Decimal, Unusable> {
        match self {
            // An actual is an amount or a count, never below zero, and a
            // negative amount is refused by the rules: a normal draw below
            // zero is read as 0 (the normal censored at zero).
            Sampler::Normal(m, s) => to_decimal((m + s * z).max(0.0), places),
            Sampler::LogNormal(mu, s) => to_decimal(libm::exp(mu + s * z), places),
            Sampler::Uniform(lo, hi) => to_decimal(lo + (hi - lo) * phi(z), places),
            Sampler::Empirical(h) => {
                let n = h.len();
                let k = (phi(z) * n as f64) as usize;
                h.get(k.min(n.saturating_sub(1)))
                    .copied()
                    .ok_or(Unusable::NotFinite)
            }
        }
    }
}

/// The standard normal distribution function, `Φ(z) = erfc(−z/√2) / 2`.
fn phi(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Why a draw is not a number the engine can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unusable {
    /// Infinite or not a number.
    NotFinite,
    /// Finite, but beyond ±9.2 × 10^18 units of the last place drawn.
    TooLarge,
}

/// A draw as a decimal rounded half-even to `places`: the one place where
/// a float becomes a number the engine uses.
fn to_decimal(x: f64, places: u32) -> Result<Decimal, Unusable> {
    let scale = i32::try_from(places).map_err(|_| Unusable::TooLarge)?;
    let scaled = (x * 10f64.powi(scale)).round_ties_even();
    if !scaled.is_finite() {
        return Err(if x.is_finite() {
            Unusable::TooLarge
        } else {
            Unusable::NotFinite
        });
    }
    if scaled.abs() >= 9.2e18 {
        return Err(Unusable::TooLarge);
    }
    Ok(Decimal::new(scaled as i64, places))
}

/// How often a cap bound over all trials: a component's maximum (its
/// cap, or a curve at or past its last point, or the last step), or the
/// plan's cap on the total (`component` is `None`).
///
/// # Example
///
/// ```
/// # use incentive::simulate::CapHits;
/// fn share(c: &CapHits) -> rust_decimal::Decimal { c.probability }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CapHits {
    /// The plan's id.
    pub plan: String,
    /// The component's id; `None` for the plan's cap on the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Participant-trials in which the cap bound.
    pub hits: u64,
    /// Participant-trials evaluated under the plan.
    pub evaluations: u64,
    /// `hits / evaluations`, rounded half-even to 4 places.
    pub probability: Decimal,
}

/// The outcome of a [`Simulation`]: cost distribution, cost by role and
/// component, cap hits and cost as a share of revenue.
///
/// Means are exact sums divided by the number of trials, rounded half-even
/// to the currency's minor unit; percentiles are nearest-rank on the
/// trials' total costs (p50 is the ⌈n/2⌉-th smallest); shares are rounded
/// half-even to 4 places. The same seed gives the same report, byte for
/// byte, serial or parallel.
///
/// # Example
///
/// See [`Simulation`].
///
/// ```
/// # use incentive::simulate::SimulationReport;
/// fn median(r: &SimulationReport) -> rust_decimal::Decimal { r.p50 }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SimulationReport {
    /// Trials run.
    pub trials: u64,
    /// The seed.
    pub seed: u64,
    /// Participants in each trial.
    pub participants: usize,
    /// The currency of every amount.
    pub currency: String,
    /// The mean total cost of a trial (a plan period for everyone).
    pub mean_cost: Decimal,
    /// The smallest trial cost.
    pub min: Decimal,
    /// The 5th percentile of trial cost.
    pub p5: Decimal,
    /// The median trial cost.
    pub p50: Decimal,
    /// The 95th percentile of trial cost.
    pub p95: Decimal,
    /// The largest trial cost.
    pub max: Decimal,
    /// Mean cost per trial by plan (role), in plan id order.
    pub by_role: Vec<(String, Decimal)>,
    /// Mean cost per trial by plan and component, in plan id and then
    /// plan order.
    pub by_component: Vec<(String, String, Decimal)>,
    /// How often each component's maximum and each plan cap bound.
    pub cap_hits: Vec<CapHits>,
    /// Mean simulated revenue per trial: the actuals of the components
    /// declared with [`Simulation::revenue`].
    pub mean_revenue: Decimal,
    /// Total cost ÷ total revenue over all trials, rounded half-even to 6
    /// places; `None` when no revenue was declared or it adds to 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_share_of_revenue: Option<Decimal>,
}

impl fmt::Display for SimulationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.currency;
        writeln!(
            f,
            "{} trials × {} participants, seed {}",
            self.trials, self.participants, self.seed
        )?;
        writeln!(f, "cost per trial: mean {} {c}", self.mean_cost)?;
        writeln!(
            f,
            "  min {}  p5 {}  p50 {}  p95 {}  max {}",
            self.min, self.p5, self.p50, self.p95, self.max
        )?;
        writeln!(f, "by role (mean per trial):")?;
        for (p, v) in &self.by_role {
            writeln!(f, "  {p}: {v}")?;
        }
        writeln!(f, "by component (mean per trial):")?;
        for (p, comp, v) in &self.by_component {
            writeln!(f, "  {p} / {comp}: {v}")?;
        }
        writeln!(
            f,
            "probability of paying the maximum (per participant and trial):"
        )?;
        for h in &self.cap_hits {
            let what = h.component.as_deref().unwrap_or("plan cap on the total");
            writeln!(
                f,
                "  {} / {what}: {} ({} of {})",
                h.plan, h.probability, h.hits, h.evaluations
            )?;
        }
        write!(f, "revenue per trial: mean {} {c}", self.mean_revenue)?;
        if let Some(s) = self.cost_share_of_revenue {
            write!(f, "; cost is {s} of revenue")?;
        }
        Ok(())
    }
}

/// A seeded Monte Carlo cost model over participants and plans.
///
/// Each trial is one pay period for every participant: each component
/// with a declared [`Distribution`] gets a fresh draw (correlated with the
/// participant's other draws where [`Simulation::correlate`] says so,
/// through a Gaussian copula), everything else stays at the participant's
/// baseline inputs, and the plan pays exactly, through its
/// [`PreparedPlan`]. Each trial is seeded from the seed and the trial's
/// index alone (ChaCha8), and within a trial each participant draws from
/// a stream of its own, chosen by its participant and plan ids; results
/// are reduced with exact sums. So the report is the same, byte for byte,
/// run after run, serial or parallel (feature `parallel`, on `rayon`),
/// whatever the roster's order, and however the trials are split into
/// parts ([`Simulation::run_trials`], [`Simulation::combine`]) across
/// processes or machines. A participant may be simulated once under each
/// plan.
/// Memory grows with the trials only by one total per trial, kept for the
/// percentiles.
///
/// # Errors
///
/// [`Simulation::run`] fails when a participant's plan is not in the set,
/// a baseline misses a target, rating or label that no draw supplies, a
/// draw or correlation names a component no plan has, a draw names a bonus
/// matrix (which has no measure of its own to draw), a component rated on
/// a labelled scale or a weighted score (neither is one number) or a
/// component that pays at target, a correlation is outside
/// −1 to 1 or the correlations are inconsistent (not positive
/// semi-definite), plans pay in different currencies, or an evaluation
/// fails (the error names the participant and the trial).
///
/// # Example
///
/// ```
/// use incentive::{Inputs, PlanSet, Simulation};
/// use incentive::simulate::Distribution;
/// use rust_decimal_macros::dec;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let people: Vec<Inputs> = (0..20)
///     .map(|i| Inputs::new(format!("dg{i}"), "demand-generation")
///         .target("pipeline", dec!(2000000))
///         .rating("campaign_effectiveness", dec!(3)))
///     .collect();
/// let sim = Simulation::new(&plans, &people)
///     .draw("pipeline", Distribution::normal(dec!(1.0), dec!(0.2))?)
///     .draw("campaign_effectiveness",
///           Distribution::empirical(vec![dec!(2), dec!(3), dec!(3), dec!(4)])?)
///     .revenue("pipeline")
///     .trials(200)
///     .seed(7);
/// let report = sim.run()?;
/// assert_eq!(report, sim.run_serial()?); // same seed, same bytes
/// assert!(report.p5 <= report.p50 && report.p50 <= report.p95);
/// assert_eq!(report.by_role.len(), 1);
///
/// let bad = Simulation::new(&plans, &people).draw("nope", Distribution::uniform(dec!(0), dec!(1))?);
/// assert!(bad.run().is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Simulation<'a> {
    plans: &'a PlanSet,
    participants: &'a [Inputs],
    draws: Vec<(String, Distribution)>,
    correlations: Vec<(String, String, Decimal)>,
    revenue: Vec<String>,
    trials: u64,
    seed: u64,
    places: u32,
    progress: Option<Progress<'a>>,
}

/// What [`Simulation::on_progress`] calls as trials finish.
#[derive(Clone, Copy)]
struct Progress<'a>(&'a (dyn Fn(u64) + Sync));

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// One drawn value of one participant.
#[derive(Clone, Debug)]
struct DrawSlot {
    /// The component drawn, for errors.
    component: String,
    sampler: usize,
    /// Row of the plan's Cholesky factor.
    index: usize,
    column: usize,
    kind: DrawKind,
    revenue: bool,
}

#[derive(Clone, Debug)]
enum DrawKind {
    /// actual = attainment × target (× denominator, for a ratio).
    Attainment {
        target: Decimal,
        times: Option<Decimal>,
    },
    Rating,
}

#[derive(Clone, Debug)]
struct Person {
    plan: usize,
    id: String,
    /// The participant's own random stream within a trial (from the
    /// participant's and the plan's ids), so that a participant's draws do
    /// not depend on who else is simulated or in which order.
    stream: u64,
    values: Vec<Decimal>,
    /// The participant's own pay terms and period label.
    terms: OwnedTerms,
    draws: Vec<DrawSlot>,
}

#[derive(Clone, Debug)]
struct RolePlan {
    prepared: PreparedPlan,
    /// Lower-triangular Cholesky factor of the drawn components'
    /// correlations, row by row.
    chol: Vec<Vec<f64>>,
}

#[derive(Clone, Debug)]
struct Model {
    roles: Vec<RolePlan>,
    people: Vec<Person>,
    samplers: Vec<Sampler>,
    places: u32,
    minor: u32,
    currency: String,
    /// What the model was built from, for [`SimulationPart`]s.
    digest: u64,
}

/// What a run of trials adds up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Acc {
    totals: Vec<Decimal>,
    /// Sums over trials, exact: a mean is the exact sum divided once, and
    /// a sum that no `Decimal` holds still has its mean.
    by_role: Vec<Exact>,
    by_component: Vec<Vec<Exact>>,
    hits: Vec<Vec<u64>>,
    plan_hits: Vec<u64>,
    evaluations: Vec<u64>,
    revenue: Exact,
}

/// The most trials a simulation runs: each keeps its total cost (16 bytes)
/// for the percentiles, 800 MB at this bound.
pub const MAX_TRIALS: u64 = 50_000_000;

/// Trials per unit of work: fixed, so that the split (and the order of
/// reduction) never depends on the number of threads.
const CHUNK: u64 = 64;

fn ovf() -> Error {
    Error::overflow("the simulation's sums")
}

impl Acc {
    fn new(m: &Model) -> Acc {
        Acc {
            totals: Vec::new(),
            by_role: vec![Exact::ZERO; m.roles.len()],
            by_component: m
                .roles
                .iter()
                .map(|r| vec![Exact::ZERO; r.prepared.plan().components().len()])
                .collect(),
            hits: m
                .roles
                .iter()
                .map(|r| vec![0; r.prepared.plan().components().len()])
                .collect(),
            plan_hits: vec![0; m.roles.len()],
            evaluations: vec![0; m.roles.len()],
            revenue: Exact::ZERO,
        }
    }

    /// Whether a deserialized accumulator has the model's shape and one
    /// total for each of its `trials`.
    fn fits(&self, m: &Model, trials: u64) -> bool {
        let roles = m.roles.len();
        let components = |r: &RolePlan| r.prepared.plan().components().len();
        u64::try_from(self.totals.len()) == Ok(trials)
            && self.by_role.len() == roles
            && self.plan_hits.len() == roles
            && self.evaluations.len() == roles
            && self.by_component.len() == roles
            && self.hits.len() == roles
            && m.roles
                .iter()
                .zip(&self.by_component)
                .zip(&self.hits)
                .all(|((r, c), h)| c.len() == components(r) && h.len() == components(r))
    }

    fn merge(&mut self, o: Acc) -> Result<()> {
        self.totals.extend(o.totals);
        for (a, b) in self.by_role.iter_mut().zip(o.by_role) {
            *a = a.checked_add(b).ok_or_else(ovf)?;
        }
        for (ra, rb) in self.by_component.iter_mut().zip(o.by_component) {
            for (a, b) in ra.iter_mut().zip(rb) {
                *a = a.checked_add(b).ok_or_else(ovf)?;
            }
        }
        for (ra, rb) in self.hits.iter_mut().zip(o.hits) {
            for (a, b) in ra.iter_mut().zip(rb) {
                *a += b;
            }
        }
        for (a, b) in self.plan_hits.iter_mut().zip(o.plan_hits) {
            *a += b;
        }
        for (a, b) in self.evaluations.iter_mut().zip(o.evaluations) {
            *a += b;
        }
        self.revenue = self.revenue.checked_add(o.revenue).ok_or_else(ovf)?;
        Ok(())
    }
}

/// A participant's random stream within a trial: FNV-1a (64 bits) of the
/// participant's id and the plan's id, so that it is the same on every
/// platform and in every version.
fn stream_of(participant: &str, plan: &str) -> u64 {
    fnv(participant
        .bytes()
        .chain(std::iter::once(0xff))
        .chain(plan.bytes()))
}

/// FNV-1a, 64 bits: the same on every platform and in every version.
fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The trial's own seed: a SplitMix64 stream from the seed and the index.
fn trial_seed(seed: u64, trial: u64) -> [u8; 32] {
    let mut state = seed ^ trial.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    out
}

/// Lower-triangular `L` with `L Lᵀ = c`; `None` when `c` is not positive
/// semi-definite.
fn cholesky(c: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = c.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = c.get(i)?.get(j).copied()?;
            for k in 0..j {
                s -= l.get(i)?.get(k)? * l.get(j)?.get(k)?;
            }
            if i == j {
                if s < -1e-9 {
                    return None;
                }
                *l.get_mut(i)?.get_mut(j)? = s.max(0.0).sqrt();
            } else {
                let d = *l.get(j)?.get(j)?;
                *l.get_mut(i)?.get_mut(j)? = if d > 1e-12 { s / d } else { 0.0 };
            }
        }
    }
    // With a zero pivot the factor must still reproduce `c`.
    for i in 0..n {
        for j in 0..=i {
            let mut s = 0.0;
            for k in 0..=j {
                s += l.get(i)?.get(k)? * l.get(j)?.get(k)?;
            }
            if (s - c.get(i)?.get(j)?).abs() > 1e-6 {
                return None;
            }
        }
    }
    Some(l)
}

impl<'a> Simulation<'a> {
    /// A simulation of `participants` (baseline inputs, each naming its
    /// plan in `plans`): 1,000 trials, seed 0, attainment drawn to 4
    /// places, no draws declared yet.
    pub fn new(plans: &'a PlanSet, participants: &'a [Inputs]) -> Simulation<'a> {
        Simulation {
            plans,
            participants,
            draws: Vec::new(),
            correlations: Vec::new(),
            revenue: Vec::new(),
            trials: 1000,
            seed: 0,
            places: 4,
            progress: None,
        }
    }

    /// Calls `progress` with the number of trials just finished, as each
    /// batch of trials finishes (from any thread, in any order), for a
    /// progress bar; the report does not depend on it.
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use incentive::{Inputs, PlanSet, Simulation};
    /// use rust_decimal_macros::dec;
    ///
    /// let plans = PlanSet::load_dir("plans")?;
    /// let people = [Inputs::new("dana", "demand-generation")
    ///     .actual("pipeline", dec!(2000000))
    ///     .target("pipeline", dec!(2000000))
    ///     .rating("campaign_effectiveness", dec!(3))];
    /// let done = AtomicU64::new(0);
    /// let count = |n: u64| {
    ///     done.fetch_add(n, Ordering::Relaxed);
    /// };
    /// Simulation::new(&plans, &people).trials(2500).on_progress(&count).run()?;
    /// assert_eq!(done.load(Ordering::Relaxed), 2500);
    /// # Ok::<(), incentive::Error>(())
    /// ```
    #[must_use]
    pub fn on_progress(mut self, progress: &'a (dyn Fn(u64) + Sync)) -> Self {
        self.progress = Some(Progress(progress));
        self
    }

    /// Draws component `component` (in every plan that has it) from
    /// `distribution`; see [`Distribution`] for what is drawn.
    #[must_use]
    pub fn draw(mut self, component: impl Into<String>, distribution: Distribution) -> Self {
        self.draws.push((component.into(), distribution));
        self
    }

    /// Correlates the draws of two components of a participant (`rho`
    /// from −1 to 1), through a Gaussian copula.
    #[must_use]
    pub fn correlate(mut self, a: impl Into<String>, b: impl Into<String>, rho: Decimal) -> Self {
        self.correlations.push((a.into(), b.into(), rho));
        self
    }

    /// Counts a drawn quantitative component's actual as revenue, for
    /// [`SimulationReport::cost_share_of_revenue`].
    #[must_use]
    pub fn revenue(mut self, component: impl Into<String>) -> Self {
        self.revenue.push(component.into());
        self
    }

    /// The number of trials: from 1 to [`MAX_TRIALS`]; [`Simulation::run`]
    /// refuses any other.
    #[must_use]
    pub fn trials(mut self, trials: u64) -> Self {
        self.trials = trials;
        self
    }

    /// The seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Decimal places attainments and continuous draws are rounded to
    /// (half-even) before they become actuals: 4 (0.01%) by default, at
    /// most 12.
    #[must_use]
    pub fn precision(mut self, places: u32) -> Self {
        self.places = places.min(12);
        self
    }

    fn model(&self) -> Result<Model> {
        let mut samplers = Vec::new();
        let mut by_component: BTreeMap<&str, usize> = BTreeMap::new();
        for (c, d) in &self.draws {
            let mut found = self
                .plans
                .iter()
                .flat_map(|p| p.components())
                .filter(|x| x.id() == c)
                .peekable();
            if found.peek().is_none() {
                return Err(Error::input(format!(
                    "no plan in the simulation has a component `{c}` to draw"
                ))
                .with_component(c));
            }
            // A draw is one number per component's measure: a matrix has
            // none of its own, a label is not a number, a weighted score is
            // several, and a fixed part measures nothing.
            for x in found {
                let why = match &x.measure {
                    Measure::Matrix { rows, columns } => format!(
                        "is a bonus matrix of `{rows}` and `{columns}`; it has no measure of its own to draw, and its measures are not drawn"
                    ),
                    Measure::Label { .. } => "is rated with the labels of a scale, and a draw is a number; leave it at each participant's label".to_owned(),
                    Measure::Weighted { .. } => "is a weighted score of several ratings, and a draw is one number; leave it at each participant's ratings".to_owned(),
                    Measure::Fixed => "pays at target and measures nothing".to_owned(),
                    _ => continue,
                };
                return Err(
                    Error::input(format!("component `{c}` cannot be drawn: it {why}"))
                        .with_component(c),
                );
            }
            by_component.insert(c, samplers.len());
            samplers.push(Sampler::new(d));
        }
        for r in &self.revenue {
            if !by_component.contains_key(r.as_str()) {
                return Err(Error::input(format!(
                    "revenue component `{r}` has no declared draw; declare one with `draw`"
                ))
                .with_component(r));
            }
        }
        let mut rho: BTreeMap<(&str, &str), f64> = BTreeMap::new();
        for (a, b, r) in &self.correlations {
            for x in [a, b] {
                if !by_component.contains_key(x.as_str()) {
                    return Err(Error::input(format!(
                        "correlated component `{x}` has no declared draw; declare one with `draw`"
                    ))
                    .with_component(x));
                }
            }
            if *r < Decimal::NEGATIVE_ONE || *r > Decimal::ONE || a == b {
                return Err(Error::input(format!(
                    "the correlation of `{a}` and `{b}` is {r}; it must be from -1 to 1, between two different components"
                ))
                .with_component(a));
            }
            rho.insert((a, b), f(*r));
            rho.insert((b, a), f(*r));
        }
        let mut roles = Vec::new();
        let mut role_of: BTreeMap<&str, usize> = BTreeMap::new();
        let mut currency: Option<(String, u32)> = None;
        for plan in self.plans.iter() {
            if !self.participants.iter().any(|i| i.plan() == plan.id()) {
                continue;
            }
            let code = plan.currency().to_string();
            match &currency {
                Some((c, _)) if *c != code => {
                    return Err(Error::input(format!(
                        "plan `{}` pays in {code} and another in {c}; simulate one currency at a time",
                        plan.id()
                    ))
                    .with_plan(plan.id()));
                }
                _ => currency = Some((code, plan.rounding().places())),
            }
            let drawn: Vec<&str> = plan
                .components()
                .iter()
                .map(|c| c.id())
                .filter(|c| by_component.contains_key(c))
                .collect();
            let c: Vec<Vec<f64>> = drawn
                .iter()
                .map(|a| {
                    drawn
                        .iter()
                        .map(|b| {
                            if a == b {
                                1.0
                            } else {
                                rho.get(&(*a, *b)).copied().unwrap_or(0.0)
                            }
                        })
                        .collect()
                })
                .collect();
            let chol = cholesky(&c).ok_or_else(|| {
                Error::input(format!(
                    "the correlations of {} are inconsistent (not positive semi-definite); lower some of them",
                    drawn.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
                ))
                .with_plan(plan.id())
            })?;
            role_of.insert(plan.id(), roles.len());
            roles.push(RolePlan {
                prepared: plan.prepare(),
                chol,
            });
        }
        // People in a canonical order (participant, then plan), so that
        // the report and which error is reported never depend on the
        // roster's order.
        let mut roster: Vec<&Inputs> = self.participants.iter().collect();
        roster.sort_by(|a, b| (a.participant(), a.plan()).cmp(&(b.participant(), b.plan())));
        for w in roster.windows(2) {
            if let [a, b] = w
                && a.participant() == b.participant()
                && a.plan() == b.plan()
            {
                return Err(Error::duplicate(format!(
                    "participant `{}` is in the simulation twice under plan `{}`; simulate each participant once",
                    a.participant(),
                    a.plan()
                ))
                .with_participant(a.participant())
                .with_plan(a.plan()));
            }
        }
        let mut people = Vec::with_capacity(roster.len());
        for i in roster {
            let Some(&r) = role_of.get(i.plan()) else {
                return Err(
                    Error::unknown_plan(format!("no plan has id `{}`", i.plan()))
                        .with_participant(i.participant())
                        .with_field("plan"),
                );
            };
            let role = roles.get(r).ok_or_else(|| Error::input("no such role"))?;
            let prepared = &role.prepared;
            let plan = prepared.plan();
            // Drawn actuals need no baseline: fill them before reading.
            let mut baseline = i.clone();
            let mut drawn_index = 0;
            let mut draws = Vec::new();
            for c in plan.components() {
                let Some(&sampler) = by_component.get(c.id()) else {
                    continue;
                };
                let index = drawn_index;
                drawn_index += 1;
                let revenue = self.revenue.iter().any(|r| r == c.id());
                match &c.measure {
                    Measure::Quantitative { metric, .. } => {
                        let col_metric = match plan.def.metrics.get(metric) {
                            Some(Metric::Ratio { numerator, .. }) => numerator.clone(),
                            _ => metric.clone(),
                        };
                        if !baseline.actuals().contains_key(&col_metric) {
                            baseline = baseline.actual(col_metric.clone(), Decimal::ZERO);
                        }
                        draws.push((sampler, index, col_metric, c.id().to_owned(), revenue, true));
                    }
                    _ => {
                        if !baseline.ratings().contains_key(c.id()) {
                            baseline = baseline.rating(c.id(), Decimal::ZERO);
                        }
                        draws.push((
                            sampler,
                            index,
                            String::new(),
                            c.id().to_owned(),
                            revenue,
                            false,
                        ));
                    }
                }
            }
            let values = prepared.values(&baseline)?;
            let mut slots = Vec::with_capacity(draws.len());
            for (sampler, index, metric, comp, revenue, quantitative) in draws {
                let slot = if quantitative {
                    let column = prepared
                        .column(&crate::program::Field::Actual(metric.clone()))
                        .ok_or_else(|| Error::input("drawn metric is not read"))?;
                    let target = prepared
                        .column(&crate::program::Field::Target(comp.clone()))
                        .and_then(|k| values.get(k).copied())
                        .ok_or_else(|| {
                            Error::input("drawn component has no target").with_component(&comp)
                        })?;
                    let times = match plan
                        .components()
                        .iter()
                        .find(|c| c.id() == comp)
                        .map(|c| &c.measure)
                    {
                        Some(Measure::Quantitative { metric: m, .. }) => {
                            match plan.def.metrics.get(m) {
                                Some(Metric::Ratio { denominator, .. }) => prepared
                                    .column(&crate::program::Field::Actual(denominator.clone()))
                                    .and_then(|k| values.get(k).copied()),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    DrawSlot {
                        component: comp.clone(),
                        sampler,
                        index,
                        column,
                        kind: DrawKind::Attainment { target, times },
                        revenue,
                    }
                } else {
                    let column = prepared
                        .column(&crate::program::Field::Rating(comp.clone()))
                        .ok_or_else(|| Error::input("drawn rating is not read"))?;
                    DrawSlot {
                        component: comp.clone(),
                        sampler,
                        index,
                        column,
                        kind: DrawKind::Rating,
                        revenue,
                    }
                };
                slots.push(slot);
            }
            people.push(Person {
                plan: r,
                id: i.participant().to_owned(),
                stream: stream_of(i.participant(), i.plan()),
                values,
                terms: OwnedTerms::of(i),
                draws: slots,
            });
        }
        let (currency, minor) = currency.unwrap_or_else(|| ("USD".into(), 2));
        // What a part must have been run on to be combined with another.
        let mut description = format!(
            "{:?}|{:?}|{:?}|{}|",
            self.draws, self.correlations, self.revenue, self.places
        );
        for r in &roles {
            let plan = r.prepared.plan();
            description.push_str(plan.id());
            for c in plan.components() {
                description.push(',');
                description.push_str(c.id());
            }
            description.push(';');
        }
        for p in &people {
            description.push_str(&format!("{}|{}|{:?};", p.id, p.plan, p.values));
        }
        Ok(Model {
            roles,
            people,
            samplers,
            places: self.places,
            minor,
            currency,
            digest: fnv(description.bytes()),
        })
    }

    /// Runs the trials, in parallel with feature `parallel`; the report is
    /// the same as [`Simulation::run_serial`]'s, byte for byte.
    ///
    /// # Errors
    ///
    /// See [`Simulation`].
    pub fn run(&self) -> Result<SimulationReport> {
        #[cfg(feature = "parallel")]
        {
            self.run_with(true)
        }
        #[cfg(not(feature = "parallel"))]
        {
            self.run_with(false)
        }
    }

    /// Runs the trials on the calling thread.
    ///
    /// # Errors
    ///
    /// See [`Simulation`].
    pub fn run_serial(&self) -> Result<SimulationReport> {
        self.run_with(false)
    }

    /// Runs trials `from..to` (of `0..trials`) into a part, on the
    /// calling thread (in parallel with feature `parallel`), for
    /// [`Simulation::combine`]: to split a simulation across processes or
    /// machines. Each trial is seeded by the seed and its index alone, and
    /// each participant's draws by the trial and the participant, so a
    /// part holds exactly what the same trials contribute to
    /// [`Simulation::run`].
    ///
    /// # Errors
    ///
    /// As [`Simulation::run`], and when `from..to` is empty or reaches past
    /// the number of trials.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Inputs, PlanSet, Simulation};
    /// use incentive::simulate::Distribution;
    /// use rust_decimal_macros::dec;
    ///
    /// let plans = PlanSet::load_dir("plans")?;
    /// let people: Vec<Inputs> = (0..5)
    ///     .map(|i| Inputs::new(format!("dg{i}"), "demand-generation")
    ///         .target("pipeline", dec!(2000000))
    ///         .rating("campaign_effectiveness", dec!(3)))
    ///     .collect();
    /// let sim = Simulation::new(&plans, &people)
    ///     .draw("pipeline", Distribution::normal(dec!(1.0), dec!(0.2))?)
    ///     .trials(300)
    ///     .seed(11);
    /// // Three workers, each with its own range, in any order.
    /// let parts = vec![sim.run_trials(200, 300)?, sim.run_trials(0, 70)?, sim.run_trials(70, 200)?];
    /// assert_eq!(sim.combine(parts)?, sim.run()?);
    /// assert!(sim.run_trials(250, 301).is_err());
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn run_trials(&self, from: u64, to: u64) -> Result<SimulationPart> {
        self.check_trials()?;
        if from >= to || to > self.trials {
            return Err(Error::input(format!(
                "trials {from}..{to} are not a range of the simulation's 0..{}; give a non-empty range within it",
                self.trials
            ))
            .with_field("trials"));
        }
        let model = self.model()?;
        #[cfg(feature = "parallel")]
        let acc = self.run_range(&model, from, to, true)?;
        #[cfg(not(feature = "parallel"))]
        let acc = self.run_range(&model, from, to, false)?;
        Ok(SimulationPart {
            from,
            to,
            trials: self.trials,
            seed: self.seed,
            digest: model.digest,
            acc,
        })
    }

    /// The report of parts that together cover every trial once, in any
    /// order: the same, byte for byte, as [`Simulation::run`]'s, however
    /// the trials were split (see [`Simulation::run_trials`]).
    ///
    /// # Errors
    ///
    /// When the parts overlap or leave trials out, or a part was run on
    /// another simulation (other participants, draws, plans, seed or
    /// number of trials), and as [`Simulation::run`].
    pub fn combine(
        &self,
        parts: impl IntoIterator<Item = SimulationPart>,
    ) -> Result<SimulationReport> {
        self.check_trials()?;
        let model = self.model()?;
        let mut parts: Vec<SimulationPart> = parts.into_iter().collect();
        parts.sort_by_key(|p| (p.from, p.to));
        let mut acc = Acc::new(&model);
        let mut next = 0;
        for p in parts {
            if p.seed != self.seed
                || p.trials != self.trials
                || p.digest != model.digest
                || !p.acc.fits(&model, p.to - p.from)
            {
                return Err(Error::input(format!(
                    "the part of trials {}..{} was run on another simulation (seed {}, {} trials, or other participants, draws or plans); combine the parts of one simulation",
                    p.from, p.to, p.seed, p.trials
                ))
                .with_field("parts"));
            }
            if p.from != next {
                return Err(Error::input(format!(
                    "the parts {} trials {}..{}; give parts that cover 0..{} once each",
                    if p.from < next {
                        "overlap at"
                    } else {
                        "leave out"
                    },
                    p.from.min(next),
                    p.from.max(next),
                    self.trials
                ))
                .with_field("parts"));
            }
            next = p.to;
            acc.merge(p.acc)?;
        }
        if next != self.trials {
            return Err(Error::input(format!(
                "the parts leave out trials {next}..{}; give parts that cover 0..{} once each",
                self.trials, self.trials
            ))
            .with_field("parts"));
        }
        report(&model, acc, self.trials, self.seed)
    }

    fn check_trials(&self) -> Result<()> {
        if self.trials == 0 || self.trials > MAX_TRIALS {
            return Err(Error::input(format!(
                "trials is {}; a simulation runs from 1 to {MAX_TRIALS} trials (each keeps its total, 16 bytes)",
                self.trials
            ))
            .with_field("trials"));
        }
        Ok(())
    }

    fn run_with(&self, parallel: bool) -> Result<SimulationReport> {
        self.check_trials()?;
        let model = self.model()?;
        let acc = self.run_range(&model, 0, self.trials, parallel)?;
        report(&model, acc, self.trials, self.seed)
    }

    /// Trials `from..to`, in chunks of [`CHUNK`] trials counted from
    /// `from`.
    fn run_range(&self, model: &Model, from: u64, to: u64, parallel: bool) -> Result<Acc> {
        let chunks = (to - from).div_ceil(CHUNK);
        let one = |c: u64| -> Result<Acc> {
            let start = from + c * CHUNK;
            let end = (start + CHUNK).min(to);
            let acc = run_trials(model, self.seed, start, end)?;
            if let Some(p) = self.progress {
                (p.0)(end - start);
            }
            Ok(acc)
        };
        // Chunks are merged as they finish, in chunk order (rayon's
        // `reduce` keeps the order of an indexed iterator), so memory
        // holds one total per trial and a few accumulators, whatever the
        // number of trials. An error keeps its chunk number, and the
        // earliest chunk's error wins, as in a serial run.
        type Part = std::result::Result<Acc, (u64, Error)>;
        let join = |a: Part, b: Part| -> Part {
            match (a, b) {
                (Ok(mut a), Ok(b)) => {
                    a.merge(b).map_err(|e| (u64::MAX, e))?;
                    Ok(a)
                }
                (Err(a), Err(b)) => Err(if b.0 < a.0 { b } else { a }),
                (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
            }
        };
        let part = |c: u64| -> Part { one(c).map_err(|e| (c, e)) };
        let empty = || -> Part { Ok(Acc::new(model)) };
        let merged: Part = if parallel {
            #[cfg(feature = "parallel")]
            {
                use rayon::prelude::*;
                (0..chunks).into_par_iter().map(part).reduce(empty, join)
            }
            #[cfg(not(feature = "parallel"))]
            {
                (0..chunks).map(part).fold(empty(), join)
            }
        } else {
            let mut acc = empty();
            for c in 0..chunks {
                acc = join(acc, part(c));
                if acc.is_err() {
                    break;
                }
            }
            acc
        };
        merged.map_err(|(_, e)| e)
    }
}

/// Some of a simulation's trials, run by [`Simulation::run_trials`] and
/// combined with the others' by [`Simulation::combine`]; serializable, to
/// travel between processes (one total per trial, exact sums and counts).
///
/// # Example
///
/// See [`Simulation::run_trials`].
///
/// ```
/// # use incentive::simulate::SimulationPart;
/// fn size(p: &SimulationPart) -> u64 { p.to() - p.from() }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationPart {
    from: u64,
    to: u64,
    trials: u64,
    seed: u64,
    /// What the part was run on: participants, plans, draws.
    digest: u64,
    acc: Acc,
}

impl SimulationPart {
    /// The first trial of the part.
    pub fn from(&self) -> u64 {
        self.from
    }

    /// The trial after the part's last.
    pub fn to(&self) -> u64 {
        self.to
    }
}

fn run_trials(m: &Model, seed: u64, from: u64, to: u64) -> Result<Acc> {
    let mut acc = Acc::new(m);
    let mut out: Vec<Payout> = m.roles.iter().map(|r| r.prepared.payout()).collect();
    let mut row: Vec<Decimal> = Vec::new();
    let mut z: Vec<f64> = Vec::new();
    for trial in from..to {
        let base = ChaCha8Rng::from_seed(trial_seed(seed, trial));
        let mut total = Decimal::ZERO;
        for p in &m.people {
            // The trial's seed, the participant's stream: the same draws
            // whatever the roster's order or who else is in it.
            let mut rng = base.clone();
            rng.set_stream(p.stream);
            let role = m
                .roles
                .get(p.plan)
                .ok_or_else(|| Error::input("no such role"))?;
            row.clear();
            row.extend_from_slice(&p.values);
            z.clear();
            for _ in 0..p.draws.len() {
                z.push(rng.sample(StandardNormal));
            }
            for d in &p.draws {
                // Correlate: the row of L times the independent normals.
                let zc: f64 = role
                    .chol
                    .get(d.index)
                    .map(|l| l.iter().zip(&z).map(|(a, b)| a * b).sum())
                    .unwrap_or(0.0);
                let sampler = m
                    .samplers
                    .get(d.sampler)
                    .ok_or_else(|| Error::input("no such draw"))?;
                let draw = sampler.value(zc, m.places).map_err(|why| {
                    Error::input(match why {
                        Unusable::NotFinite => format!(
                            "trial {trial}: a draw of `{}` is not a finite number; narrow the distribution",
                            d.component
                        ),
                        Unusable::TooLarge => format!(
                            "trial {trial}: a draw of `{}` is beyond ±9.2 × 10^18 units of its last place ({} places); narrow the distribution or lower the simulation's precision",
                            d.component, m.places
                        ),
                    })
                    .with_participant(&p.id)
                    .with_component(&d.component)
                })?;
                let too_large = || {
                    Error::overflow(format!(
                        "trial {trial}: the drawn attainment {draw} × the target of `{}`",
                        d.component
                    ))
                    .with_participant(&p.id)
                    .with_component(&d.component)
                };
                let value = match d.kind {
                    DrawKind::Attainment { target, times } => {
                        let v = draw.checked_mul(target).ok_or_else(too_large)?;
                        match times {
                            Some(t) => v.checked_mul(t).ok_or_else(too_large)?,
                            None => v,
                        }
                    }
                    DrawKind::Rating => draw,
                };
                if d.revenue {
                    acc.revenue = acc
                        .revenue
                        .checked_add(Exact::from_decimal(value))
                        .ok_or_else(ovf)?;
                }
                if let Some(slot) = row.get_mut(d.column) {
                    *slot = value;
                }
            }
            let o = out
                .get_mut(p.plan)
                .ok_or_else(|| Error::input("no such role"))?;
            role.prepared
                .evaluate_values_with(&p.id, &row, &p.terms.terms(), o)
                .map_err(|e| {
                    let mut e = e;
                    let d = e.details_mut();
                    d.message = format!("trial {trial}: {}", d.message);
                    e
                })?;
            total = exact_add(total, o.total()).ok_or_else(|| {
                Error::overflow(format!("the total of trial {trial}")).with_participant(&p.id)
            })?;
            if let Some(r) = acc.by_role.get_mut(p.plan) {
                *r = r
                    .checked_add(Exact::from_decimal(o.total()))
                    .ok_or_else(ovf)?;
            }
            if let (Some(sums), Some(hits)) =
                (acc.by_component.get_mut(p.plan), acc.hits.get_mut(p.plan))
            {
                for ((s, h), l) in sums.iter_mut().zip(hits.iter_mut()).zip(o.lines()) {
                    *s = s
                        .checked_add(Exact::from_decimal(l.amount))
                        .ok_or_else(ovf)?;
                    *h += u64::from(l.at_cap);
                }
            }
            if let Some(h) = acc.plan_hits.get_mut(p.plan) {
                *h += u64::from(o.plan_capped());
            }
            if let Some(e) = acc.evaluations.get_mut(p.plan) {
                *e += 1;
            }
        }
        acc.totals.push(total);
    }
    Ok(acc)
}

fn mean(sum: Exact, n: u64, places: u32) -> Result<Decimal> {
    if n == 0 {
        return Ok(Decimal::ZERO);
    }
    let e = sum
        .checked_div(Exact::from_int(i128::from(n)))
        .and_then(|v| v.round(places, crate::rounding::RoundingMode::HalfEven));
    e.ok_or_else(ovf)
}

fn share(num: Exact, den: Exact, places: u32) -> Option<Decimal> {
    num.checked_div(den)
        .and_then(|v| v.round(places, crate::rounding::RoundingMode::HalfEven))
}

fn report(m: &Model, mut acc: Acc, trials: u64, seed: u64) -> Result<SimulationReport> {
    acc.totals.sort();
    let n = acc.totals.len();
    let rank = |p: usize| -> Decimal {
        // Nearest rank: the ⌈p/100 × n⌉-th smallest.
        let k = (p * n).div_ceil(100).max(1);
        acc.totals.get(k - 1).copied().unwrap_or_default()
    };
    let sum = acc
        .totals
        .iter()
        .try_fold(Exact::ZERO, |a, b| a.checked_add(Exact::from_decimal(*b)))
        .ok_or_else(ovf)?;
    let mut by_role = Vec::new();
    let mut by_component = Vec::new();
    let mut cap_hits = Vec::new();
    for (k, role) in m.roles.iter().enumerate() {
        let plan = role.prepared.plan();
        by_role.push((
            plan.id().to_owned(),
            mean(
                acc.by_role.get(k).copied().unwrap_or(Exact::ZERO),
                trials,
                m.minor,
            )?,
        ));
        let evaluations = acc.evaluations.get(k).copied().unwrap_or(0);
        for (j, c) in plan.components().iter().enumerate() {
            let s = acc
                .by_component
                .get(k)
                .and_then(|v| v.get(j))
                .copied()
                .unwrap_or(Exact::ZERO);
            by_component.push((
                plan.id().to_owned(),
                c.id().to_owned(),
                mean(s, trials, m.minor)?,
            ));
            let hits = acc.hits.get(k).and_then(|v| v.get(j)).copied().unwrap_or(0);
            cap_hits.push(CapHits {
                plan: plan.id().to_owned(),
                component: Some(c.id().to_owned()),
                hits,
                evaluations,
                probability: share(
                    Exact::from_int(i128::from(hits)),
                    Exact::from_int(i128::from(evaluations)),
                    4,
                )
                .unwrap_or_default(),
            });
        }
        if plan.cap().is_some() {
            let hits = acc.plan_hits.get(k).copied().unwrap_or(0);
            cap_hits.push(CapHits {
                plan: plan.id().to_owned(),
                component: None,
                hits,
                evaluations,
                probability: share(
                    Exact::from_int(i128::from(hits)),
                    Exact::from_int(i128::from(evaluations)),
                    4,
                )
                .unwrap_or_default(),
            });
        }
    }
    let cost_share_of_revenue = if acc.revenue.is_zero() {
        None
    } else {
        share(sum, acc.revenue, 6)
    };
    Ok(SimulationReport {
        trials,
        seed,
        participants: m.people.len(),
        currency: m.currency.clone(),
        mean_cost: mean(sum, trials, m.minor)?,
        min: acc.totals.first().copied().unwrap_or_default(),
        p5: rank(5),
        p50: rank(50),
        p95: rank(95),
        max: acc.totals.last().copied().unwrap_or_default(),
        by_role,
        by_component,
        cap_hits,
        mean_revenue: mean(acc.revenue, trials, m.minor)?,
        cost_share_of_revenue,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_round_half_even_at_the_declared_precision() {
        assert_eq!(to_decimal(1.23455, 4), Ok(Decimal::new(12346, 4)));
        assert_eq!(to_decimal(0.00005, 4), Ok(Decimal::new(0, 4)));
        assert_eq!(to_decimal(f64::NAN, 4), Err(Unusable::NotFinite));
        assert_eq!(to_decimal(1e30, 4), Err(Unusable::TooLarge));
    }

    #[test]
    fn trial_seeds_differ_by_trial_and_seed() {
        assert_ne!(trial_seed(1, 0), trial_seed(1, 1));
        assert_ne!(trial_seed(1, 0), trial_seed(2, 0));
        assert_eq!(trial_seed(5, 9), trial_seed(5, 9));
    }

    #[test]
    fn cholesky_refuses_inconsistent_correlations() {
        let ok = vec![vec![1.0, 0.6], vec![0.6, 1.0]];
        let l = cholesky(&ok).unwrap();
        assert!((l[1][0] - 0.6).abs() < 1e-12 && (l[1][1] - 0.8).abs() < 1e-12);
        let bad = vec![
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ];
        assert!(cholesky(&bad).is_none());
        assert!(cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_some());
    }
}
