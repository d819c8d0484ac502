//! The differential property (issue 16): random single-period plans and
//! inputs, evaluated by the engine and by the independent oracle in
//! `tests/oracle` (big rationals, written from `src/docs/plan_file.md`,
//! sharing no code with `src/`). Each line's amount and exact payout and the
//! statement's total must be equal, or both must refuse the case with the
//! same kind of error (a plan error or an input error). The engine may also
//! refuse with an overflow error, and must where an amount it would pay does
//! not fit a `Decimal`: never a rounded guess.
//!
//! Cases: `DIFFERENTIAL_CASES` (default 1,000: about 5 s in a debug build,
//! under 20 s on a loaded two-core machine; CI's `PROPTEST_CASES` does not
//! apply). The documented local run is
//!
//! ```text
//! DIFFERENTIAL_CASES=100000 cargo test --release --all-features --test lib differential -- --nocapture
//! ```
//!
//! which prints how many cases ended each way and how many used each
//! feature. Failures are saved in `proptest-regressions/differential.txt`
//! and replayed first.
//!
//! # What the generator and the oracle cover
//!
//! Bonus plans: `pay_period` `semi-month`, `month`, `quarter`, `half` and
//! `year`; `target_incentive` `amount`, `annual`, `percent_of_base` (with the inputs' `base_salary`) and
//! `ote` with `mix`, `period_weights`, the largest-remainder period
//! shares of an annual amount (inputs naming their `period`, or not, or
//! naming one the plan lacks), and a participant's `target_incentive`
//! override;
//! currencies with 0, 2 and 3 places and `minor_units` 0 to 6; `rounding`
//! modes `half-up`, `half-even`, `down`, `up` and scopes `line` and
//! `total`; components by `weight` (percent or fraction, summing to 100%)
//! and by `amount`; measures `metric` (plan or input target, the inputs'
//! overriding the plan's; ratio metrics; `lower-is-better` with both
//! formulas; `baseline`), `rating` on numeric scales (with `step`) and on
//! labelled scales, `score` ranges and weighted scores (`score.of`), `pays
//! = "target"`, and bonus matrices (`steps` and `bilinear`, `below_first`
//! both ways, on shared measures or components); rules `curve`
//! (thresholds, jumps, `extrapolate`), `steps`, `tiers` (attainment and
//! amount bases, marginal and retroactive) and `multipliers` (marginal and
//! retroactive), with `bounds = "exclusive"`; component `cap` (percent and
//! amount, sub-minor-unit amounts), `gate` (`at_least`, `above`, on a
//! measure or a component, and on a label) and `modifier` (`below_first`
//! both ways); plan `modifier`, `[[kickers]]`, `cap` and `gate`; shared
//! `[measures]` with plan or input targets; manual adjustments (inputs)
//! outside and inside the plan cap.
//!
//! Commission plans, alone or beside bonus components: `[[commissions]]`
//! with `rate` per line and per total, rate cards (`rates` by product,
//! category path and attributes, the most specific rule winning), `tiers`
//! on the total (marginal and retroactive), bases `amount`, `quantity` and
//! `margin`, `where`, component `rounding` `line` and `total`; lines given
//! in the inputs ([`Inputs::line`]), dated inside no particular period.
//!
//! Issue 16's defects where a single period can show them: target
//! incentives, targets and commission lines near the `Decimal` limit, so
//! that lines and sums pass 28 digits (defect 1: the engine must pay
//! exactly or refuse with an overflow error; every figure handed to the
//! engine is checked to be exactly the number the oracle reads), and caps and target incentives with digits below the minor unit
//! (defect 2: never paid above the cap after rounding; the engine's
//! `rounded_to_cap` flag is compared per line).
//!
//! Refusals: the generator breaks input rules on purpose (missing or zero
//! figures, negative actuals, ratings, labels and scores off the scale,
//! manual amounts with too many places, lines without quantity or cost,
//! negative margins, a mix that does not add up to 100, a baseline at or
//! above its goal, a zero target in the plan, a modifier on a fixed part);
//! both sides must refuse, with the same kind of error.
//!
//! Not covered: pay periods `week`, `biweek` and `custom` (they need a
//! `[year]` calendar),
//! `quota` (informative only), the inputs' own `ote`/`mix`/
//! `target_percent`, credit notes and `refers_to`, `cascade`, `lines =
//! "reports"`, `payment`, `schedule`, `negative`, `clawback`, credited
//! transactions ([`incentive::Credits`]), `measurement` windows and
//! everything of a plan year (`[year]`, proration, draws, ramps, annual
//! caps), and plan-file validation beyond the rules named above (the
//! generator writes valid plans; hostile plan text is the fuzzers' and
//! `tests/hostile.rs`'s job).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use incentive::credit::TransactionLine;
use incentive::{Date, Error, Inputs, Plan};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use rust_decimal::Decimal;

use crate::oracle::{self, Q, Refusal, num};

// ---------------------------------------------------------------------------
// A tape of random choices: proptest shrinks it (shorter, smaller numbers),
// and every choice of 0 is the simplest, so a failure shrinks to a small plan.

struct Tape<'a> {
    data: &'a [u32],
    at: usize,
}

impl Tape<'_> {
    /// A choice in `0..n`.
    fn pick(&mut self, n: u32) -> u32 {
        let v = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 { 0 } else { v % n }
    }

    /// An integer in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u32::try_from(hi - lo + 1).unwrap_or(u32::MAX);
        lo + i64::from(self.pick(span))
    }

    /// True `percent`% of the time (false on an exhausted tape).
    fn chance(&mut self, percent: u32) -> bool {
        self.pick(100) >= 100 - percent
    }

    fn choose<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[self.pick(options.len() as u32) as usize]
    }
}

/// `m / 10^scale` as decimal text.
fn units(m: i64, scale: u32) -> String {
    decimal_text(&Q::new(BigInt::from(m), num::pow10(scale)))
}

/// A terminating rational as decimal text, at the fewest places that spell
/// it exactly (at most 40).
fn decimal_text(q: &Q) -> String {
    let mut places = 0u32;
    while !(q * Q::from_integer(num::pow10(places))).is_integer() {
        places += 1;
        assert!(places <= 40, "{q} does not terminate");
    }
    let n = (q * Q::from_integer(num::pow10(places))).to_integer();
    let digits = n.abs().to_string();
    let sign = if n.is_negative() { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{digits}");
    }
    let p = places as usize;
    let padded = format!("{digits:0>width$}", width = p + 1);
    let (whole, frac) = padded.split_at(padded.len() - p);
    format!("{sign}{whole}.{frac}")
}

/// `x` rounded down to at most `places` places, fewer where a `Decimal`
/// could not hold it (near the limit, a 28-digit figure keeps fewer places).
fn fit(x: &Q, places: u32) -> Q {
    (0..=places)
        .rev()
        .map(|p| (p, num::round(x, p, num::Mode::Down)))
        .find(|(p, r)| num::fits_decimal(r, *p))
        .map_or_else(|| x.clone(), |(_, r)| r)
}

fn q(text: &str) -> Q {
    num::parse(text).unwrap()
}

// ---------------------------------------------------------------------------
// The generated case.

/// One input, as both sides are given it.
#[derive(Clone, Debug)]
enum Given {
    Actual(String, String),
    Target(String, String),
    Rating(String, String),
    Label(String, String),
    TargetIncentive(String),
    BaseSalary(String),
    Period(String),
    Adjustment(String, String),
    Line {
        id: String,
        metric: String,
        amount: String,
        quantity: Option<String>,
        cost: Option<String>,
        attributes: Vec<(String, String)>,
    },
}

/// A generated plan file and one participant's inputs.
#[derive(Clone)]
struct Case {
    plan: String,
    inputs: Vec<Given>,
    /// Amounts near the `Decimal` limit: an overflow error is acceptable.
    huge: bool,
    /// Figures with many places: an overflow error is acceptable (and
    /// counted), a wrong amount never.
    wide: bool,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "\n--- plan ---\n{}", self.plan)?;
        writeln!(f, "--- inputs ---")?;
        for g in &self.inputs {
            writeln!(f, "{g:?}")?;
        }
        write!(f, "--- huge: {}, wide: {} ---", self.huge, self.wide)
    }
}

impl Case {
    fn engine_inputs(&self) -> Inputs {
        // `Decimal::from_str` rounds digits it cannot hold: a number the
        // generator writes must reach the engine exactly as the oracle reads it.
        let d = |s: &str| -> Decimal {
            let d: Decimal = s.parse().unwrap();
            assert_eq!(
                num::from_display(&d.to_string()),
                q(s),
                "the generator wrote `{s}`, which a Decimal cannot hold exactly"
            );
            d
        };
        let mut inputs = Inputs::new("pat", "p");
        for g in &self.inputs {
            inputs = match g {
                Given::Actual(k, v) => inputs.actual(k, d(v)),
                Given::Target(k, v) => inputs.target(k, d(v)),
                Given::Rating(k, v) => inputs.rating(k, d(v)),
                Given::Label(k, v) => inputs.label(k, v),
                Given::TargetIncentive(v) => inputs.with_target_incentive(d(v)),
                Given::BaseSalary(v) => inputs.with_base_salary(d(v)),
                Given::Period(p) => inputs.with_period(p),
                Given::Adjustment(k, v) => inputs.adjustment(k, d(v), "generated"),
                Given::Line {
                    id,
                    metric,
                    amount,
                    quantity,
                    cost,
                    attributes,
                } => {
                    let day = Date::new(2026, 3, 10).unwrap();
                    let mut line = TransactionLine::new(id, metric, day, d(amount));
                    if let Some(qty) = quantity {
                        line = line.quantity(d(qty));
                    }
                    if let Some(c) = cost {
                        line = line.cost(d(c));
                    }
                    for (k, v) in attributes {
                        line = line.attribute(k, v);
                    }
                    inputs.line(line)
                }
            };
        }
        inputs
    }

    fn oracle_inputs(&self) -> oracle::Inputs {
        let mut o = oracle::Inputs::default();
        for g in &self.inputs {
            match g {
                Given::Actual(k, v) => {
                    o.actuals.insert(k.clone(), q(v));
                }
                Given::Target(k, v) => {
                    o.targets.insert(k.clone(), q(v));
                }
                Given::Rating(k, v) => {
                    o.ratings.insert(k.clone(), q(v));
                }
                Given::Label(k, v) => {
                    o.labels.insert(k.clone(), v.clone());
                }
                Given::TargetIncentive(v) => o.target_incentive = Some(q(v)),
                Given::BaseSalary(v) => o.base_salary = Some(q(v)),
                Given::Period(p) => o.period = Some(p.clone()),
                Given::Adjustment(k, v) => o.adjustments.push((k.clone(), q(v))),
                Given::Line {
                    id,
                    metric,
                    amount,
                    quantity,
                    cost,
                    attributes,
                } => o.lines.push(oracle::TxLine {
                    id: id.clone(),
                    metric: metric.clone(),
                    amount: q(amount),
                    quantity: quantity.as_deref().map(q),
                    cost: cost.as_deref().map(q),
                    attributes: attributes.iter().cloned().collect(),
                }),
            }
        }
        o
    }
}

// ---------------------------------------------------------------------------
// The generator: plan text, written the way a plan author writes it.

/// A curve's points as fractions (attainment, payout).
fn gen_points(t: &mut Tape, scale_x: &Q, offset_x: &Q, extrapolate: bool) -> Vec<(Q, Q)> {
    let n = 2 + t.pick(4) as usize;
    let mut x = q(["0", "0.5", "0.8", "0.25"][t.pick(4) as usize]);
    let mut y = Q::from_integer(BigInt::from(t.pick(3))) * q("0.25");
    let mut points = Vec::new();
    // Sometimes a jump at the first point: the later point holds there.
    let mut last_jump = !t.chance(10);
    for i in 0..n {
        points.push((offset_x + &x * scale_x, y.clone()));
        let last = i + 2 == n;
        if !last_jump && t.chance(15) && !(last && extrapolate) {
            last_jump = true; // a jump: the next point at the same attainment
        } else {
            last_jump = false;
            x += Q::new(BigInt::from(t.range(1, 60)), BigInt::from(100));
        }
        let dy = Q::new(BigInt::from(t.range(0, 80)), BigInt::from(100));
        // Mostly rising; sometimes falling, never below 0, and the last
        // segment of an extrapolating curve never falls (it would pay less
        // than nothing past its end).
        if t.chance(15) && !(last && extrapolate) && y >= dy {
            y -= dy;
        } else {
            y += dy;
        }
    }
    points
}

fn points_text(points: &[(Q, Q)], t: &mut Tape) -> String {
    let cells: Vec<String> = points
        .iter()
        .map(|(x, y)| {
            let yt = if t.chance(30) {
                format!("\"{}%\"", decimal_text(&(y * num::int(100))))
            } else {
                format!("\"{}\"", decimal_text(y))
            };
            format!("[\"{}\", {yt}]", decimal_text(x))
        })
        .collect();
    format!("[{}]", cells.join(", "))
}

/// Increasing band bounds (fractions) with a value each.
fn gen_bands(t: &mut Tape, first_zero: bool, value: impl Fn(&mut Tape) -> Q) -> Vec<(Q, Q)> {
    let n = 1 + t.pick(4) as usize;
    let mut x = if first_zero || !t.chance(30) {
        Q::zero()
    } else {
        Q::new(BigInt::from(t.range(1, 90)), BigInt::from(100))
    };
    let mut out = Vec::new();
    for _ in 0..n {
        out.push((x.clone(), value(t)));
        x += Q::new(BigInt::from(t.range(5, 60)), BigInt::from(100));
    }
    out
}

fn pairs_text(pairs: &[(Q, Q)], percent: bool) -> String {
    let cells: Vec<String> = pairs
        .iter()
        .map(|(a, b)| {
            let bt = if percent {
                format!("\"{}%\"", decimal_text(&(b * num::int(100))))
            } else {
                format!("\"{}\"", decimal_text(b))
            };
            format!("[\"{}\", {bt}]", decimal_text(a))
        })
        .collect();
    format!("[{}]", cells.join(", "))
}

/// Weights in percent points (in tenths), summing to exactly 100%.
fn gen_weights(t: &mut Tape, n: usize) -> Vec<Q> {
    let mut left = 1000i64;
    let mut out = Vec::new();
    for i in 0..n {
        let w = if i + 1 == n {
            left
        } else {
            let max = left - (n - i - 1) as i64;
            let w = if t.chance(50) {
                t.range(1, max / 10).max(1) * 10
            } else {
                t.range(1, max)
            };
            w.min(max)
        };
        left -= w;
        out.push(Q::new(BigInt::from(w), BigInt::from(1000)));
    }
    out
}

fn weight_text(w: &Q, t: &mut Tape) -> String {
    if w.is_one() && t.chance(30) {
        "1".to_owned()
    } else if t.chance(50) {
        format!("\"{}%\"", decimal_text(&(w * num::int(100))))
    } else {
        format!("\"{}\"", decimal_text(w))
    }
}

struct Gen<'t, 'd> {
    t: &'t mut Tape<'d>,
    places: u32,
    text: String,
    inputs: Vec<Given>,
    /// Attainments worth landing on exactly (bounds of rules and levels).
    interesting: Vec<Q>,
    /// Quantitative component ids and the measures, for gates and modifiers.
    measures: Vec<String>,
    curves: Vec<String>,
    /// Components rated on a labelled scale, with their labels.
    labelled: Vec<(String, Vec<String>)>,
    gates: usize,
    modifiers: usize,
    huge: bool,
    /// Figures with many places (exact fractions past 128 bits): an
    /// overflow error is accepted and counted, never a wrong amount.
    wide: bool,
}

impl Gen<'_, '_> {
    fn line(&mut self, s: impl AsRef<str>) {
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }

    /// A money amount: usually at the currency's places, sometimes with a
    /// digit or two below the minor unit (issue 16, defect 2).
    fn money(&mut self, lo: i64, hi: i64) -> String {
        let extra = if self.t.chance(15) {
            self.t.range(1, 2) as u32
        } else {
            0
        };
        let scale = self.places + extra;
        let m = self.t.range(lo, hi) * 10i64.pow(scale) + self.t.range(0, 10i64.pow(scale) - 1);
        units(m, scale)
    }

    fn curve(&mut self, scale_x: &Q, offset_x: &Q, for_modifier: bool) -> String {
        let name = format!("c{}", self.curves.len());
        let extrapolate = self.t.chance(if for_modifier { 10 } else { 20 });
        let points = gen_points(self.t, scale_x, offset_x, extrapolate);
        self.interesting
            .extend(points.iter().map(|(x, _)| x.clone()));
        let text = points_text(&points, self.t);
        self.line(format!("[curves.{name}]"));
        self.line(format!("points = {text}"));
        if extrapolate {
            self.line("extrapolate = true");
        }
        self.curves.push(name.clone());
        name
    }

    /// A measure the plan's gates, modifiers and kickers can read.
    fn shared_measure(&mut self) -> Option<String> {
        if self.measures.is_empty() {
            return None;
        }
        let i = self.t.pick(self.measures.len() as u32) as usize;
        Some(self.measures[i].clone())
    }

    fn level(&mut self) -> String {
        let l = q(["1", "0.8", "0.9", "1.1", "1.2", "0.95"][self.t.pick(6) as usize]);
        self.interesting.push(l.clone());
        let key = if self.t.chance(40) {
            "above"
        } else {
            "at_least"
        };
        format!("{key} = \"{}%\"", decimal_text(&(l * num::int(100))))
    }

    /// A `[gates.NAME]` on a measure or a label; its name.
    fn gate(&mut self) -> Option<String> {
        let name = format!("g{}", self.gates);
        if !self.labelled.is_empty() && self.t.chance(30) {
            let (id, labels) =
                self.labelled[self.t.pick(self.labelled.len() as u32) as usize].clone();
            let chosen: Vec<String> = labels
                .iter()
                .filter(|_| self.t.chance(60))
                .map(|l| format!("\"{l}\""))
                .collect();
            let chosen = if chosen.is_empty() {
                vec![format!("\"{}\"", labels[labels.len() - 1])]
            } else {
                chosen
            };
            self.gates += 1;
            self.line(format!("[gates.{name}]"));
            self.line(format!("rating = \"{id}\""));
            self.line(format!("in = [{}]", chosen.join(", ")));
            return Some(name);
        }
        let measure = self.shared_measure()?;
        let level = self.level();
        self.gates += 1;
        self.line(format!("[gates.{name}]"));
        self.line(format!("measure = \"{measure}\""));
        self.line(level);
        Some(name)
    }

    fn modifier(&mut self) -> Option<String> {
        let measure = self.shared_measure()?;
        let name = format!("mod{}", self.modifiers);
        self.modifiers += 1;
        let curve = self.curve(&num::int(1), &Q::zero(), true);
        let below = if self.t.chance(50) {
            "first-point"
        } else {
            "zero"
        };
        self.line(format!("[modifiers.{name}]"));
        self.line(format!("measure = \"{measure}\""));
        self.line(format!("curve = \"{curve}\""));
        self.line(format!("below_first = \"{below}\""));
        Some(name)
    }

    /// An attainment to land on: a bound exactly, just beside one, or any.
    fn attainment(&mut self) -> Q {
        if self.wide {
            // Nine places: exact fractions with large denominators.
            return Q::new(
                BigInt::from(self.t.range(0, 2_500_000_000)),
                BigInt::from(1_000_000_000),
            );
        }
        if !self.interesting.is_empty() && self.t.chance(40) {
            let i = self.t.pick(self.interesting.len() as u32) as usize;
            let a = self.interesting[i].clone();
            match self.t.pick(3) {
                0 => a,
                1 => a + Q::new(BigInt::one(), BigInt::from(10000)),
                _ => a - Q::new(BigInt::one(), BigInt::from(10000)),
            }
        } else {
            Q::new(BigInt::from(self.t.range(0, 25000)), BigInt::from(10000))
        }
    }

    /// A target: a whole amount, or a small fraction (a churn rate).
    fn target(&mut self) -> Q {
        if self.huge && self.t.chance(50) {
            // Amounts near the Decimal limit for tiers and commissions too.
            let digits = self.t.range(18, 24) as u32;
            return Q::from_integer(BigInt::from(self.t.range(1, 9)) * num::pow10(digits));
        }
        if self.wide {
            return Q::new(
                BigInt::from(self.t.range(1, 2_000_000_000)),
                BigInt::from(1000),
            );
        }
        if self.t.chance(20) {
            Q::new(BigInt::from(self.t.range(1, 300)), BigInt::from(1000))
        } else {
            Q::from_integer(BigInt::from(self.t.range(1, 5000) * 1000))
        }
    }

    /// Inputs for a quantitative measure: an actual near the wanted
    /// attainment, a target in the plan or the inputs. Returns the target
    /// line for the plan, if the plan gives it.
    fn quant_inputs(
        &mut self,
        key: &str,
        metric: &str,
        lower: Option<&str>,
        baseline: Option<&Q>,
        ratio: Option<(&str, &str)>,
    ) -> (Option<String>, Option<Q>) {
        let target = self.target();
        // A baseline is given as a fraction of the target, and usually
        // lands below it (sometimes at or above: refused).
        let baseline = baseline.map(|f| {
            if self.t.chance(5) {
                f * num::int(10)
            } else {
                f * &target
            }
        });
        let baseline = baseline.as_ref();
        let a = self.attainment();
        // The actual that gives attainment `a` (roughly, for lower-is-better).
        let mut actual = match (lower, baseline) {
            (Some("target-over-actual"), _) if !a.is_zero() => &target / &a,
            (Some(_), _) => (num::int(2) - &a).max(Q::zero()) * &target,
            (None, Some(b)) => b + &a * (&target - b),
            (None, None) => &a * &target,
        };
        actual = fit(&actual, if self.wide { 9 } else { 6 });
        if self.t.chance(3) {
            actual = Q::zero();
        }
        if self.t.chance(3) {
            actual = -actual;
        }
        let mut target_in_plan = None;
        let target_text = if self.t.chance(2) {
            "0".to_owned()
        } else {
            decimal_text(&target)
        };
        if self.t.chance(50) {
            target_in_plan = Some(format!("target = \"{target_text}\""));
            if self.t.chance(10) {
                // The inputs' target overrides the plan's.
                self.inputs
                    .push(Given::Target(key.to_owned(), decimal_text(&target)));
            }
        } else if !self.t.chance(2) {
            self.inputs.push(Given::Target(key.to_owned(), target_text));
        }
        match ratio {
            Some((n, d)) => {
                // actual = n / d with d a whole number.
                let den = self.t.range(0, 400);
                let num = &actual * num::int(den);
                self.inputs
                    .push(Given::Actual(d.to_owned(), den.to_string()));
                self.inputs
                    .push(Given::Actual(n.to_owned(), decimal_text(&fit(&num, 6))));
            }
            None => {
                if !self.t.chance(2) {
                    self.inputs
                        .push(Given::Actual(metric.to_owned(), decimal_text(&actual)));
                }
            }
        }
        (target_in_plan, baseline.cloned())
    }
}

fn gen_case(data: &[u32]) -> Case {
    let mut tape = Tape { data, at: 0 };
    let t = &mut tape;
    let (currency, mut places) = [("USD", 2u32), ("JPY", 0), ("KWD", 3)][t.pick(3) as usize];
    let minor_units = t.chance(15).then(|| t.range(0, 6) as u32);
    if let Some(m) = minor_units {
        places = m;
    }
    let commission_only = t.chance(15);
    let mut g = Gen {
        t,
        places,
        text: String::new(),
        inputs: Vec::new(),
        interesting: Vec::new(),
        measures: Vec::new(),
        curves: Vec::new(),
        labelled: Vec::new(),
        gates: 0,
        modifiers: 0,
        huge: false,
        wide: false,
    };
    let mut head = vec![
        "id = \"p\"".to_owned(),
        "name = \"Generated\"".to_owned(),
        "version = \"1\"".to_owned(),
        format!("currency = \"{currency}\""),
    ];
    if let Some(m) = minor_units {
        head.push(format!("minor_units = {m}"));
    }
    let period =
        g.t.choose(&["quarter", "month", "half", "year", "semi-month"]);
    head.push(format!("pay_period = \"{period}\""));
    let mode = g.t.choose(&["half-up", "half-even", "down", "up"]);
    let scope = if commission_only || g.t.chance(60) {
        "line"
    } else {
        "total"
    };
    if g.t.chance(85) {
        head.push(format!(
            "rounding = {{ mode = \"{mode}\", scope = \"{scope}\" }}"
        ));
    }

    if commission_only {
        // Lines near the Decimal limit, whose sums pass 28 digits (issue 16,
        // defect 1: credit and commission totals).
        g.huge = g.t.chance(5);
        gen_commissions(&mut g);
        let mut plan = head.join("\n");
        plan.push('\n');
        plan.push_str(&g.text);
        return Case {
            plan,
            inputs: g.inputs,
            huge: g.huge,
            wide: false,
        };
    }

    // The target incentive: ordinary, sub-minor-unit, or near the limit.
    g.huge = g.t.chance(4);
    g.wide = !g.huge && g.t.chance(8);
    let ti = if g.huge {
        let digits = g.t.range(23, 26);
        let lead = g.t.range(1, 9);
        format!("{lead}{}.{}", "0".repeat(digits as usize), g.t.range(0, 9))
    } else {
        g.money(100, 100_000)
    };
    let form = if g.huge { 0 } else { g.t.pick(10) };
    // An annual form: sometimes weighted by period, and the inputs sometimes
    // name their period (largest-remainder shares), rarely wrongly.
    let periods = match period {
        "quarter" => 4,
        "month" => 12,
        "half" => 2,
        "semi-month" => 24,
        _ => 1,
    };
    let mut weights = String::new();
    if form >= 6 {
        if g.t.chance(30) {
            let w = gen_weights(g.t, periods);
            let w: Vec<String> = w
                .iter()
                .map(|w| format!("\"{}%\"", decimal_text(&(w * num::int(100)))))
                .collect();
            weights = format!(", period_weights = [{}]", w.join(", "));
        }
        if g.t.chance(60) {
            let k = g.t.range(1, periods as i64);
            let label = match period {
                "quarter" => format!("2026-Q{k}"),
                "month" => format!("2026-M{k:02}"),
                "half" => format!("2026-H{k}"),
                "semi-month" => format!("2026-S{k:02}"),
                _ => "2026".to_owned(),
            };
            let label = if g.t.chance(4) {
                "2026-X1".to_owned()
            } else {
                label
            };
            g.inputs.push(Given::Period(label));
        }
    }
    head.push(match form {
        0..=5 => format!("target_incentive = {{ amount = \"{ti}\" }}"),
        6 | 7 => format!("target_incentive = {{ annual = \"{ti}\"{weights} }}"),
        8 => {
            let salary = g.money(20_000, 400_000);
            if !g.t.chance(3) {
                g.inputs.push(Given::BaseSalary(salary));
            }
            let pct = units(g.t.range(1, 1000), 1);
            format!("target_incentive = {{ percent_of_base = \"{pct}%\"{weights} }}")
        }
        _ => {
            let ote = g.money(40_000, 400_000);
            let mix =
                g.t.choose(&["60/40", "62.5/37.5", "50/50", "70/30", "90/10", "60/50"]);
            format!("target_incentive = {{ ote = \"{ote}\", mix = \"{mix}\"{weights} }}")
        }
    });
    if g.t.chance(8) {
        let over = g.money(100, 50_000);
        g.inputs.push(Given::TargetIncentive(over));
    }

    // Shared measures.
    for (name, metric) in [("company", "company_revenue"), ("margin", "company_margin")] {
        if !g.t.chance(40) {
            continue;
        }
        g.line(format!("[metrics.{metric}]"));
        g.line(format!("[measures.{name}]"));
        g.line(format!("metric = \"{metric}\""));
        let lower = g.t.chance(15).then(|| {
            *["target-over-actual", "two-minus-actual-over-target"]
                .get(g.t.pick(2) as usize)
                .unwrap()
        });
        if let Some(f) = lower {
            g.line("direction = \"lower-is-better\"");
            g.line(format!("formula = \"{f}\""));
        }
        if let (Some(t), _) = g.quant_inputs(name, metric, lower, None, None) {
            g.line(t);
        }
        g.measures.push(name.to_owned());
    }

    let n = 1 + g.t.pick(4) as usize;
    let weights = gen_weights(g.t, n);
    let mut components = Vec::new();
    for (i, w) in weights.iter().enumerate() {
        components.push(gen_component(&mut g, i, Some(w)));
    }
    if g.t.chance(10) {
        components.push(gen_component(&mut g, n, None));
    }

    // Commission components beside the bonus components ("or both").
    if g.t.chance(10) {
        gen_commissions(&mut g);
    }

    // Plan-level stages.
    let mut plan_keys = Vec::new();
    if g.t.chance(15) {
        if let Some(m) = g.modifier() {
            plan_keys.push(format!("modifier = \"{m}\""));
        }
    }
    if g.t.chance(10) {
        if let Some(gate) = g.gate() {
            plan_keys.push(format!("gate = \"{gate}\""));
        }
    }
    if g.t.chance(20) {
        plan_keys.push(if g.t.chance(50) {
            format!(
                "cap = {{ percent_of_target = \"{}%\" }}",
                g.t.range(50, 250)
            )
        } else {
            let cap = g.money(50, 100_000);
            format!("cap = {{ amount = \"{cap}\" }}")
        });
    }
    let kickers = if g.t.chance(20) { 1 + g.t.pick(2) } else { 0 };
    let mut kicker_text = String::new();
    for k in 0..kickers {
        if let Some(measure) = g.shared_measure() {
            let level = g.level();
            let amount = g.money(1, 2000);
            kicker_text.push_str(&format!(
                "[[kickers]]\nid = \"k{k}\"\nname = \"Kicker {k}\"\nmeasure = \"{measure}\"\n{level}\namount = \"{amount}\"\n"
            ));
        }
    }

    // Manual adjustments: at the currency's places (sometimes more: refused),
    // outside the cap or, with a plan cap, inside it.
    if g.t.chance(10) {
        for a in 0..1 + g.t.pick(2) {
            let mut amount = g.money(0, 900);
            if g.t.chance(30) {
                amount = format!("-{amount}");
            }
            g.inputs.push(Given::Adjustment(format!("adj{a}"), amount));
        }
        if plan_keys.iter().any(|k| k.starts_with("cap")) && g.t.chance(50) {
            plan_keys.push("adjustments = \"inside-cap\"".to_owned());
        }
    }
    let mut plan = head.join("\n");
    plan.push('\n');
    for k in plan_keys {
        plan.push_str(&k);
        plan.push('\n');
    }
    plan.push_str(&g.text);
    plan.push_str(&kicker_text);
    for c in components {
        plan.push_str(&c);
    }
    Case {
        plan,
        inputs: g.inputs,
        huge: g.huge,
        wide: g.wide,
    }
}

/// One `[[components]]` table (returned, written after the shared tables).
fn gen_component(g: &mut Gen, i: usize, weight: Option<&Q>) -> String {
    let id = format!("k{i}c");
    let mut c = vec![
        "[[components]]".to_owned(),
        format!("id = \"{id}\""),
        format!("name = \"Component {i}\""),
    ];
    match weight {
        Some(w) => {
            let wt = weight_text(w, g.t);
            c.push(format!("weight = {wt}"));
        }
        None => {
            let a = g.money(10, 5000);
            c.push(format!("amount = \"{a}\""));
        }
    }
    let kind = if g.measures.len() >= 2 && g.t.chance(15) {
        7
    } else {
        g.t.pick(7)
    };
    let mut quantitative = false;
    // Sub-tables of the component, written after its keys.
    let mut tail = Vec::new();
    match kind {
        // A bonus matrix on two of the measures so far.
        7 => {
            let r = g.t.pick(g.measures.len() as u32) as usize;
            let mut col = g.t.pick(g.measures.len() as u32 - 1) as usize;
            if col >= r {
                col += 1;
            }
            let (rows, columns) = (g.measures[r].clone(), g.measures[col].clone());
            let bounds = |g: &mut Gen| -> Vec<Q> {
                let n = 1 + g.t.pick(4) as usize;
                let mut x = Q::new(BigInt::from(g.t.range(50, 100)), BigInt::from(100));
                let mut out = Vec::new();
                for _ in 0..n {
                    out.push(x.clone());
                    x += Q::new(BigInt::from(g.t.range(1, 30)), BigInt::from(100));
                }
                g.interesting.extend(out.iter().cloned());
                out
            };
            let row_bounds = bounds(g);
            let column_bounds = bounds(g);
            let pct = |x: &Q| format!("\"{}%\"", decimal_text(&(x * num::int(100))));
            let list = |b: &[Q]| b.iter().map(pct).collect::<Vec<_>>().join(", ");
            let mut values = Vec::new();
            for _ in &row_bounds {
                let row: Vec<Q> = column_bounds
                    .iter()
                    .map(|_| Q::new(BigInt::from(g.t.range(0, 200)), BigInt::from(100)))
                    .collect();
                values.push(format!("[{}]", list(&row)));
            }
            let mode = if g.t.chance(50) { "bilinear" } else { "steps" };
            let below = if g.t.chance(50) {
                "first-point"
            } else {
                "zero"
            };
            tail.push("[components.matrix]".to_owned());
            tail.push(format!("rows = \"{rows}\""));
            tail.push(format!("columns = \"{columns}\""));
            tail.push(format!("mode = \"{mode}\""));
            tail.push(format!("below_first = \"{below}\""));
            tail.push(format!("row_bounds = [{}]", list(&row_bounds)));
            tail.push(format!("column_bounds = [{}]", list(&column_bounds)));
            tail.push(format!("values = [{}]", values.join(", ")));
        }
        // A metric through a curve, steps, tiers or multipliers.
        0..=3 => {
            quantitative = true;
            let metric = format!("m{i}");
            let ratio = kind != 2 && g.t.chance(10);
            if ratio {
                g.line(format!("[metrics.{metric}n]"));
                g.line(format!("[metrics.{metric}d]"));
                g.line(format!("[metrics.{metric}]"));
                g.line(format!(
                    "ratio = {{ numerator = \"{metric}n\", denominator = \"{metric}d\" }}"
                ));
            } else {
                g.line(format!("[metrics.{metric}]"));
            }
            c.push(format!("metric = \"{metric}\""));
            let lower = (kind != 2 && g.t.chance(15)).then(|| {
                if g.t.chance(50) {
                    "target-over-actual"
                } else {
                    "two-minus-actual-over-target"
                }
            });
            if let Some(f) = lower {
                c.push("direction = \"lower-is-better\"".to_owned());
                c.push(format!("formula = \"{f}\""));
            }
            let exclusive = kind != 0 && g.t.chance(20);
            if exclusive {
                c.push("bounds = \"exclusive\"".to_owned());
            }
            match kind {
                0 => {
                    let name = g.curve(&num::int(1), &Q::zero(), false);
                    c.push(format!("curve = \"{name}\""));
                }
                1 => {
                    let steps = gen_bands(g.t, false, |t| {
                        Q::new(BigInt::from(t.range(0, 200)), BigInt::from(100))
                    });
                    g.interesting.extend(steps.iter().map(|(x, _)| x.clone()));
                    c.push(format!("steps = {}", pairs_text(&steps, false)));
                }
                2 => {
                    let on_amount = g.t.chance(40);
                    let marginal = g.t.chance(50);
                    let bands = gen_bands(g.t, false, |t| {
                        Q::new(BigInt::from(t.range(0, 300)), BigInt::from(1000))
                    });
                    g.interesting.extend(bands.iter().map(|(x, _)| x.clone()));
                    let mode = if marginal { "marginal" } else { "retroactive" };
                    if on_amount {
                        // Bounds as amounts: attainment bounds × 100,000.
                        let scaled: Vec<(Q, Q)> = bands
                            .iter()
                            .map(|(b, r)| (b * num::int(100_000), r.clone()))
                            .collect();
                        c.push(format!(
                            "tiers = {{ basis = \"amount\", mode = \"{mode}\", bands = {} }}",
                            pairs_text(&scaled, true)
                        ));
                    } else {
                        c.push(format!(
                            "tiers = {{ basis = \"attainment\", mode = \"{mode}\", bands = {} }}",
                            pairs_text(&bands, true)
                        ));
                    }
                }
                _ => {
                    let marginal = g.t.chance(50);
                    let first_zero = g.t.chance(70);
                    let bands = gen_bands(g.t, first_zero, |t| {
                        Q::new(BigInt::from(t.range(0, 30)), BigInt::from(10))
                    });
                    g.interesting.extend(bands.iter().map(|(x, _)| x.clone()));
                    let mode = if marginal { "marginal" } else { "retroactive" };
                    c.push(format!(
                        "multipliers = {{ mode = \"{mode}\", bands = {} }}",
                        pairs_text(&bands, false)
                    ));
                }
            }
            let baseline = (kind != 2 && lower.is_none() && g.t.chance(8)).then(|| {
                // A baseline below any target the generator draws.
                Q::new(BigInt::from(g.t.range(0, 900)), BigInt::from(1000))
            });
            let ratio_names = (format!("{metric}n"), format!("{metric}d"));
            let ratio = ratio.then_some((ratio_names.0.as_str(), ratio_names.1.as_str()));
            let (target, baseline) = g.quant_inputs(&id, &metric, lower, baseline.as_ref(), ratio);
            if let Some(t) = target {
                c.push(t);
            }
            if let Some(b) = &baseline {
                c.push(format!("baseline = \"{}\"", decimal_text(b)));
            }
        }
        // A rating on a numeric or a labelled scale.
        4 => {
            let scale = format!("s{i}");
            g.line(format!("[scales.{scale}]"));
            if g.t.chance(40) {
                let labels = ["below", "meets", "exceeds", "outstanding"];
                let n = 2 + g.t.pick(3) as usize;
                let rows: Vec<String> = labels[..n]
                    .iter()
                    .map(|l| format!("[\"{l}\", \"{}%\"]", g.t.range(0, 200)))
                    .collect();
                g.line(format!("labels = [{}]", rows.join(", ")));
                let label = if g.t.chance(4) {
                    "exceed".to_owned()
                } else {
                    labels[g.t.pick(n as u32) as usize].to_owned()
                };
                if !g.t.chance(2) {
                    g.inputs.push(Given::Label(id.clone(), label));
                }
                g.labelled.push((
                    id.clone(),
                    labels[..n].iter().map(|s| s.to_string()).collect(),
                ));
            } else {
                let half = g.t.chance(25);
                let step = if half { q("0.5") } else { num::int(1) };
                let max = g.t.range(2, 5);
                g.line("min = 1");
                g.line(format!("max = {max}"));
                if half {
                    g.line("step = \"0.5\"");
                }
                let mut ratings = Vec::new();
                let mut r = num::int(1);
                while r <= num::int(max) {
                    ratings.push((
                        r.clone(),
                        Q::new(BigInt::from(g.t.range(0, 200)), BigInt::from(100)),
                    ));
                    r += &step;
                }
                g.line(format!("ratings = {}", pairs_text(&ratings, true)));
                let given = if g.t.chance(4) {
                    &ratings[0].0 + q("0.25")
                } else {
                    ratings[g.t.pick(ratings.len() as u32) as usize].0.clone()
                };
                g.inputs
                    .push(Given::Rating(id.clone(), decimal_text(&given)));
            }
            c.push(format!("rating = \"{scale}\""));
        }
        // A score through a curve or steps.
        5 => {
            let (min, max) = [(1i64, 5i64), (0, 100), (-100, 100)][g.t.pick(3) as usize];
            let weighted = g.t.chance(40);
            if weighted {
                // A weighted score of two to four parts, each rated.
                let n = 2 + g.t.pick(3) as usize;
                let weights = gen_weights(g.t, n);
                let mut parts = Vec::new();
                for (j, w) in weights.iter().enumerate() {
                    let name = format!("k{i}p{j}");
                    let wt = format!("\"{}%\"", decimal_text(&(w * num::int(100))));
                    parts.push(format!("[\"{name}\", {wt}]"));
                    let r = if g.t.chance(3) {
                        num::int(max + 1)
                    } else {
                        num::int(g.t.range(min, max))
                    };
                    g.inputs.push(Given::Rating(name, decimal_text(&r)));
                }
                c.push(format!(
                    "score = {{ min = {min}, max = {max}, of = [{}] }}",
                    parts.join(", ")
                ));
            } else {
                c.push(format!("score = {{ min = {min}, max = {max} }}"));
            }
            let span = num::int(max - min);
            let offset = num::int(min);
            if g.t.chance(50) {
                let name = g.curve(&(&span / num::int(2)), &offset, false);
                c.push(format!("curve = \"{name}\""));
            } else {
                let steps = gen_bands(g.t, false, |t| {
                    Q::new(BigInt::from(t.range(0, 200)), BigInt::from(100))
                });
                let steps: Vec<(Q, Q)> = steps
                    .into_iter()
                    .map(|(x, y)| (&offset + x * &span / num::int(2), y))
                    .collect();
                c.push(format!("steps = {}", pairs_text(&steps, false)));
            }
            if !weighted {
                let score = if g.t.chance(4) {
                    num::int(max + 1)
                } else {
                    &offset + &span * Q::new(BigInt::from(g.t.range(0, 1000)), BigInt::from(1000))
                };
                g.inputs
                    .push(Given::Rating(id.clone(), decimal_text(&score)));
            }
        }
        // A fixed part.
        _ => c.push("pays = \"target\"".to_owned()),
    }
    if g.t.chance(30) {
        c.push(if g.t.chance(50) {
            format!(
                "cap = {{ percent_of_target = \"{}%\" }}",
                g.t.range(50, 250)
            )
        } else {
            let cap = g.money(1, 20_000);
            format!("cap = {{ amount = \"{cap}\" }}")
        });
    }
    if quantitative {
        g.measures.push(id.clone());
    }
    if g.t.chance(15) {
        if let Some(gate) = g.gate() {
            c.push(format!("gate = \"{gate}\""));
        }
    }
    // A fixed part refuses a modifier: rarely tried, so that most fixed
    // parts are paid.
    if g.t.chance(15) && (kind != 6 || g.t.chance(10)) {
        if let Some(m) = g.modifier() {
            c.push(format!("modifier = \"{m}\""));
        }
    }
    c.extend(tail);
    let mut out = c.join("\n");
    out.push_str("\n\n");
    out
}

/// `[[commissions]]` tables and their transaction lines.
fn gen_commissions(g: &mut Gen) {
    let n = 1 + g.t.pick(2) as usize;
    let products = ["P1", "P2", "P3"];
    let categories = ["hw", "hw/servers", "hw/network", "services"];
    for i in 0..n {
        let metric = if g.t.chance(30) { "other" } else { "sales" };
        let basis = g.t.choose(&["amount", "quantity", "margin"]);
        let rate = |t: &mut Tape| -> String {
            if basis == "quantity" {
                units(t.range(0, 5000), 2)
            } else {
                format!("{}%", units(t.range(0, 300), 1))
            }
        };
        g.line("[[commissions]]");
        g.line(format!("id = \"r{i}\""));
        g.line(format!("name = \"Commission {i}\""));
        g.line(format!("metric = \"{metric}\""));
        if basis != "amount" || g.t.chance(20) {
            g.line(format!("basis = \"{basis}\""));
        }
        if g.t.chance(15) {
            g.line("where = { region = \"eu\" }");
        }
        match g.t.pick(4) {
            0 => {
                let r = rate(g.t);
                g.line(format!("rate = \"{r}\""));
                if g.t.chance(30) {
                    g.line("rounding = \"total\"");
                }
            }
            1 => {
                let r = rate(g.t);
                g.line(format!("rate = \"{r}\""));
                g.line("per = \"total\"");
            }
            2 => {
                let mut rules = vec![format!("{{ rate = \"{}\" }}", rate(g.t))];
                for p in products.iter().take(g.t.pick(3) as usize) {
                    rules.push(format!("{{ product = \"{p}\", rate = \"{}\" }}", rate(g.t)));
                }
                for c in categories.iter().take(g.t.pick(4) as usize) {
                    rules.push(format!(
                        "{{ category = \"{c}\", rate = \"{}\" }}",
                        rate(g.t)
                    ));
                }
                if g.t.chance(30) {
                    rules.push(format!(
                        "{{ attributes = {{ region = \"eu\" }}, rate = \"{}\" }}",
                        rate(g.t)
                    ));
                }
                g.line(format!("rates = [{}]", rules.join(", ")));
                if g.t.chance(30) {
                    g.line("rounding = \"total\"");
                }
            }
            _ => {
                let marginal = g.t.chance(50);
                let bands = gen_bands(g.t, true, |t| {
                    Q::new(BigInt::from(t.range(0, 300)), BigInt::from(1000))
                });
                let scaled: Vec<String> = bands
                    .iter()
                    .map(|(b, _)| decimal_text(&(b * num::int(20_000))))
                    .zip(bands.iter().map(|(_, r)| {
                        if basis == "quantity" {
                            units(g.t.range(0, 5000), 2)
                        } else {
                            format!("{}%", decimal_text(&(r * num::int(100))))
                        }
                    }))
                    .map(|(b, r)| format!("[\"{b}\", \"{r}\"]"))
                    .collect();
                let mode = if marginal { "marginal" } else { "retroactive" };
                g.line(format!(
                    "tiers = {{ mode = \"{mode}\", bands = [{}] }}",
                    scaled.join(", ")
                ));
            }
        }
        g.line("");
    }
    let lines = g.t.pick(6);
    for l in 0..lines {
        let amount = if g.huge {
            // At most 26 digits and two places: a Decimal holds the line
            // exactly (its mantissa below 2^96), while sums of lines and the
            // products by rates pass 28 digits.
            let digits = g.t.range(22, 25) as usize;
            format!(
                "{}{}.{}",
                g.t.range(1, 9),
                "0".repeat(digits),
                g.t.range(0, 99)
            )
        } else {
            g.money(0, 20_000)
        };
        let mut attributes = Vec::new();
        if g.t.chance(60) {
            attributes.push(("product".to_owned(), g.t.choose(&products).to_owned()));
        }
        if g.t.chance(60) {
            attributes.push(("category".to_owned(), g.t.choose(&categories).to_owned()));
        }
        if g.t.chance(30) {
            attributes.push(("region".to_owned(), g.t.choose(&["eu", "us"]).to_owned()));
        }
        let quantity = (!g.t.chance(3)).then(|| g.t.range(0, 40).to_string());
        let cost = (!g.t.chance(3)).then(|| {
            let a = q(&amount);
            decimal_text(&num::round(
                &(a * Q::new(BigInt::from(g.t.range(0, 120)), BigInt::from(100))),
                2,
                num::Mode::Down,
            ))
        });
        g.inputs.push(Given::Line {
            id: format!("L{l}"),
            metric: g.t.choose(&["sales", "sales", "other"]).to_owned(),
            amount,
            quantity,
            cost,
            attributes,
        });
    }
}

// ---------------------------------------------------------------------------
// The comparison.

/// How each case ended, for the report.
#[derive(Default)]
struct Tally {
    agreed: AtomicUsize,
    both_refused_input: AtomicUsize,
    both_refused_plan: AtomicUsize,
    overflow: AtomicUsize,
    /// Overflow errors where every exact amount paid would fit a Decimal.
    overflow_fits: AtomicUsize,
    /// Overflow errors on figures with many places.
    overflow_wide: AtomicUsize,
    /// Cases with many places the engine paid exactly.
    wide_agreed: AtomicUsize,
    /// Cases near the `Decimal` limit the engine paid exactly.
    huge_agreed: AtomicUsize,
    /// Lines (per-line rounding) and totals rounded toward zero to stay
    /// within a cap, on both sides.
    rounded_to_cap: AtomicUsize,
    /// Cases rounded on the total where a minor unit no capped line could
    /// take was left unpaid.
    unpaid: AtomicUsize,
}

fn tally() -> &'static Tally {
    static T: OnceLock<Tally> = OnceLock::new();
    T.get_or_init(Tally::default)
}

fn features() -> &'static Mutex<BTreeMap<&'static str, usize>> {
    static F: OnceLock<Mutex<BTreeMap<&'static str, usize>>> = OnceLock::new();
    F.get_or_init(|| Mutex::new(BTreeMap::new()))
}

const FEATURES: &[&str] = &[
    "curve = ",
    "extrapolate",
    "steps = ",
    "tiers = { basis = \"attainment\"",
    "tiers = { basis = \"amount\"",
    "tiers = { mode",
    "multipliers",
    "\"marginal\"",
    "\"retroactive\"",
    "bounds = \"exclusive\"",
    "lower-is-better",
    "target-over-actual",
    "two-minus",
    "baseline",
    "ratio = ",
    "rating = ",
    "labels = ",
    "step = ",
    "score = ",
    ", of = ",
    "percent_of_base",
    "ote = ",
    "inside-cap",
    "pays = ",
    "[components.matrix]",
    "\"bilinear\"",
    "amount = \"",
    "annual",
    "period_weights",
    "semi-month",
    "cap = { percent_of_target",
    "cap = { amount",
    "[gates.",
    "rating = \"k",
    "above",
    "[modifiers.",
    "first-point",
    "[[kickers]]",
    "[measures.",
    "scope = \"total\"",
    "half-even",
    "mode = \"down\"",
    "mode = \"up\"",
    "minor_units",
    "JPY",
    "KWD",
    "[[commissions]]",
    "rates = ",
    "per = \"total\"",
    "basis = \"quantity\"",
    "basis = \"margin\"",
    "where = ",
    "rounding = \"total\"",
];

fn refusals() -> &'static Mutex<BTreeMap<String, usize>> {
    static R: OnceLock<Mutex<BTreeMap<String, usize>>> = OnceLock::new();
    R.get_or_init(|| Mutex::new(BTreeMap::new()))
}

/// Counts a refusal both sides agree on, by the engine's kind and field.
fn refused(e: &Error) {
    let kind = match e {
        Error::Plan(_) => "plan",
        Error::Input(_) => "input",
        Error::Overflow(_) => "overflow",
        _ => "other",
    };
    let field = e.details().field.clone().unwrap_or_default();
    // Field names carry generated ids (`actuals.m1`): keep their shape.
    let field: String = field
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    *refusals()
        .lock()
        .unwrap()
        .entry(format!("{kind} {field}"))
        .or_default() += 1;
}

fn dec_q(d: Decimal) -> Q {
    num::from_display(&d.to_string())
}

/// Compares the engine with the oracle on `case`, counting how it ended in
/// `t` (and, with `record`, the features and refusals seen).
fn check(case: &Case, t: &Tally, record: bool) -> Result<(), TestCaseError> {
    if record {
        let mut f = features().lock().unwrap();
        for feature in FEATURES {
            if case.plan.contains(feature) {
                *f.entry(feature).or_default() += 1;
            }
        }
    }
    let oracle = oracle::evaluate(&case.plan, &case.oracle_inputs());
    if let Err(Refusal::Unsupported(what)) = &oracle {
        return Err(TestCaseError::fail(format!(
            "the generator wrote what the oracle does not model: {what}"
        )));
    }
    let engine = Plan::from_toml(&case.plan).and_then(|p| p.evaluate(&case.engine_inputs()));
    match (engine, oracle) {
        (Ok(s), Ok(o)) => {
            if !o.fits_decimal() {
                return Err(TestCaseError::fail(format!(
                    "the engine paid {} where the exact total {} (or a line) does not fit a Decimal: a rounded guess",
                    s.total,
                    decimal_text(&o.total)
                )));
            }
            let lines: Vec<(String, Q)> = s
                .lines
                .iter()
                .map(|l| (l.component.clone(), dec_q(l.amount)))
                .collect();
            let want: Vec<(String, Q)> = o
                .lines
                .iter()
                .map(|l| (l.id.clone(), l.amount.clone()))
                .collect();
            if lines != want || dec_q(s.total) != o.total {
                return Err(TestCaseError::fail(format!(
                    "engine lines {:?} total {}; oracle lines {:?} total {}",
                    lines
                        .iter()
                        .map(|(i, a)| format!("{i} {}", decimal_text(a)))
                        .collect::<Vec<_>>(),
                    s.total,
                    want.iter()
                        .map(|(i, a)| format!("{i} {}", decimal_text(a)))
                        .collect::<Vec<_>>(),
                    decimal_text(&o.total),
                )));
            }
            // The exact payouts, where the engine's fraction has 128-bit parts.
            for (l, ol) in s.lines.iter().zip(&o.lines) {
                if let Some((n, d)) = l.exact.parts() {
                    let e = Q::new(BigInt::from(n), BigInt::from(d));
                    if e != ol.exact {
                        return Err(TestCaseError::fail(format!(
                            "line {}: engine exact {e}, oracle exact {}",
                            l.component, ol.exact
                        )));
                    }
                }
            }
            // The exact total, where the engine's fraction has 128-bit parts.
            if let Some((n, d)) = s.exact_total.parts() {
                let e = Q::new(BigInt::from(n), BigInt::from(d));
                if e != o.exact_total {
                    return Err(TestCaseError::fail(format!(
                        "exact total: engine {e}, oracle {}",
                        o.exact_total
                    )));
                }
            }
            // Per line, the engine says which lines it rounded down to stay
            // within their caps: the same lines as the oracle.
            if !case.plan.contains("scope = \"total\"") {
                for (l, ol) in s.lines.iter().zip(&o.lines) {
                    if l.rounded_to_cap != ol.rounded_to_cap {
                        return Err(TestCaseError::fail(format!(
                            "line {}: engine rounded_to_cap {}, oracle {}",
                            l.component, l.rounded_to_cap, ol.rounded_to_cap
                        )));
                    }
                }
            }
            let to_cap = o.lines.iter().filter(|l| l.rounded_to_cap).count()
                + usize::from(o.total_rounded_to_cap);
            t.rounded_to_cap.fetch_add(to_cap, Ordering::Relaxed);
            if !o.unpaid.is_zero() {
                t.unpaid.fetch_add(1, Ordering::Relaxed);
            }
            if case.huge {
                t.huge_agreed.fetch_add(1, Ordering::Relaxed);
            }
            if case.wide {
                t.wide_agreed.fetch_add(1, Ordering::Relaxed);
            }
            // Lines and adjustments add up to the total.
            let sum = s
                .lines
                .iter()
                .map(|l| dec_q(l.amount))
                .chain(s.adjustments.iter().map(|a| dec_q(a.amount)))
                .fold(Q::zero(), |a, b| a + b);
            if sum != dec_q(s.total) {
                return Err(TestCaseError::fail(format!(
                    "lines and adjustments add up to {}, not the total {}",
                    decimal_text(&sum),
                    s.total
                )));
            }
            if std::env::var_os("DIFFERENTIAL_SHOW").is_some() {
                eprintln!("{case:?}\n=> {}", s);
            }
            t.agreed.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        (Err(Error::Overflow(_)), Ok(_)) if case.wide => {
            t.overflow_wide.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        (Err(Error::Overflow(_)), Ok(o)) if case.huge || !o.fits_decimal() => {
            if o.fits_decimal() {
                // The exact amounts fit; an intermediate did not.
                if std::env::var_os("DIFFERENTIAL_SHOW_OVERFLOW").is_some() {
                    eprintln!("{case:?}\n=> oracle total {}", decimal_text(&o.total));
                }
                t.overflow_fits.fetch_add(1, Ordering::Relaxed);
            }
            t.overflow.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        (Err(e @ Error::Input(_)), Err(Refusal::Input(_))) => {
            if record {
                refused(&e);
            }
            t.both_refused_input.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        (Err(e @ Error::Plan(_)), Err(Refusal::Plan(_))) => {
            if record {
                refused(&e);
            }
            t.both_refused_plan.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        (Err(Error::Overflow(_)), Err(_)) if case.huge => {
            t.overflow.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        (Ok(s), Err(r)) => Err(TestCaseError::fail(format!(
            "the engine paid {} where the oracle refuses: {r:?}",
            s.total
        ))),
        (Err(e), Ok(o)) => Err(TestCaseError::fail(format!(
            "the engine refused ({e}) where the oracle pays {}",
            decimal_text(&o.total)
        ))),
        (Err(e), Err(r)) => Err(TestCaseError::fail(format!(
            "both refuse, differently: engine {e}; oracle {r:?}"
        ))),
    }
}

fn cases() -> u32 {
    std::env::var("DIFFERENTIAL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

#[test]
fn differential_engine_equals_oracle() {
    let config = Config {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/differential.txt",
        ))),
        source_file: Some(file!()),
        max_shrink_iters: 20_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let started = std::time::Instant::now();
    let result = runner.run(
        &proptest::collection::vec(proptest::prelude::any::<u32>(), 0..300),
        |data| {
            let case = gen_case(&data);
            check(&case, tally(), true).map_err(|e| TestCaseError::fail(format!("{e}\n{case:?}")))
        },
    );
    let t = tally();
    eprintln!(
        "differential: {} cases in {:.1?}: {} agreed (of which {} near the Decimal limit), {} both refused (input), {} both refused (plan), {} overflow errors near the Decimal limit (of which {} where the exact amounts would fit); {} amounts rounded down to stay within a cap; {} totals with a minor unit no capped line could take; figures with nine places: {} agreed, {} overflow errors",
        cases(),
        started.elapsed(),
        t.agreed.load(Ordering::Relaxed),
        t.huge_agreed.load(Ordering::Relaxed),
        t.both_refused_input.load(Ordering::Relaxed),
        t.both_refused_plan.load(Ordering::Relaxed),
        t.overflow.load(Ordering::Relaxed),
        t.overflow_fits.load(Ordering::Relaxed),
        t.rounded_to_cap.load(Ordering::Relaxed),
        t.unpaid.load(Ordering::Relaxed),
        t.wide_agreed.load(Ordering::Relaxed),
        t.overflow_wide.load(Ordering::Relaxed),
    );
    for (feature, n) in features().lock().unwrap().iter() {
        eprintln!("  {n:>7} plans with `{feature}`");
    }
    for (why, n) in refusals().lock().unwrap().iter() {
        eprintln!("  {n:>7} refused by both: {why}");
    }
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------
// What the property found, pinned: the cases where the reference is silent
// or ambiguous and the oracle was made to follow the engine (each with its
// exact plan, inputs and outcome on both sides).

fn both(
    plan: &str,
    inputs: Vec<Given>,
) -> (
    Result<incentive::Statement, Error>,
    Result<oracle::Statement, Refusal>,
) {
    let case = Case {
        plan: plan.to_owned(),
        inputs,
        huge: false,
        wide: false,
    };
    check(&case, &Tally::default(), false).unwrap();
    (
        Plan::from_toml(plan).and_then(|p| p.evaluate(&case.engine_inputs())),
        oracle::evaluate(plan, &case.oracle_inputs()),
    )
}

const QUARTERLY: &str = r#"
id = "p"
name = "Generated"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { annual = "100.01" }
[[components]]
id = "k0c"
name = "Component 0"
weight = "1"
pays = "target"
"#;

/// An evenly split annual target incentive and a period label that names no
/// period of the plan: the reference was silent, and the engine took the
/// exact fraction (25.0025, paid 25.00) where `2026-Q1` takes its
/// largest-remainder share, 25.01, so the year's shares did not add up. The
/// label is now refused on field `period`, split evenly or weighted, on the
/// explained and the values route alike; inputs with no period still take
/// the exact fraction.
#[test]
fn an_unknown_period_label_is_refused_where_it_shares_the_annual_target() {
    let at = |label: &str| {
        let (engine, oracle) = both(QUARTERLY, vec![Given::Period(label.to_owned())]);
        (engine.unwrap().total, decimal_text(&oracle.unwrap().total))
    };
    assert_eq!(at("2026-Q1"), (Decimal::new(2501, 2), "25.01".to_owned()));
    assert_eq!(at("2026-Q2"), (Decimal::new(2500, 2), "25".to_owned()));
    let (engine, oracle) = both(QUARTERLY, vec![]);
    assert_eq!(engine.unwrap().total, Decimal::new(2500, 2));
    assert_eq!(decimal_text(&oracle.unwrap().total), "25");
    let weighted = QUARTERLY.replace(
        "\"100.01\" }",
        "\"100.01\", period_weights = [\"25%\", \"25%\", \"25%\", \"25%\"] }",
    );
    // 100.00 splits evenly: the target incentive is fixed when the plan is
    // compiled, and the values route refuses the label as statements do.
    let even = QUARTERLY.replace("\"100.01\"", "\"100.00\"");
    for plan in [QUARTERLY, weighted.as_str(), even.as_str()] {
        let (engine, oracle) = both(plan, vec![Given::Period("2026-X1".to_owned())]);
        let err = engine.unwrap_err();
        assert_eq!(err.kind(), incentive::ErrorKind::InvalidInput, "{plan}");
        assert_eq!(err.details().field.as_deref(), Some("period"), "{plan}");
        assert!(matches!(oracle, Err(Refusal::Input(_))), "{plan}");
        let prepared = Plan::from_toml(plan).unwrap().prepare();
        let mut out = prepared.payout();
        let inputs = incentive::Inputs::new("p1", "p").with_period("2026-X1");
        let values = prepared.evaluate_into(&inputs, &mut out).unwrap_err();
        assert_eq!(values.details().field.as_deref(), Some("period"), "{plan}");
        let inputs = incentive::Inputs::new("p1", "p").with_period("2026-Q3");
        prepared.evaluate_into(&inputs, &mut out).unwrap();
    }
}

/// Rules the engine enforces that the reference does not state, which the
/// oracle follows: a modifier on a fixed part is a plan error; a negative
/// actual on a higher-is-better component, and `target-over-actual` on an
/// actual not above 0, are input errors.
#[test]
fn rules_the_reference_does_not_state() {
    let fixed = format!(
        "{QUARTERLY}modifier = \"m\"\n[metrics.r]\n[measures.r]\nmetric = \"r\"\ntarget = 1\n[curves.c]\npoints = [[0, 1], [1, 1]]\n[modifiers.m]\nmeasure = \"r\"\ncurve = \"c\"\nbelow_first = \"zero\"\n"
    );
    let (engine, oracle) = both(&fixed, vec![Given::Actual("r".into(), "1".into())]);
    assert_eq!(
        engine.unwrap_err().details().field.as_deref(),
        Some("modifier")
    );
    assert!(matches!(oracle, Err(Refusal::Plan(_))));

    let metric = |direction: &str, actual: &str| {
        let plan = QUARTERLY.replace(
            "pays = \"target\"",
            &format!("metric = \"m\"\ntarget = 10\n{direction}curve = \"c\""),
        ) + "[metrics.m]\n[curves.c]\npoints = [[0, 0], [2, 2]]\n";
        both(&plan, vec![Given::Actual("m".into(), actual.into())])
    };
    let (engine, oracle) = metric("", "-1");
    assert_eq!(
        engine.unwrap_err().details().field.as_deref(),
        Some("actuals.m")
    );
    assert!(matches!(oracle, Err(Refusal::Input(_))));
    let lower = "direction = \"lower-is-better\"\nformula = \"target-over-actual\"\n";
    for actual in ["0", "-1"] {
        let (engine, oracle) = metric(lower, actual);
        assert!(matches!(engine, Err(Error::Input(_))));
        assert!(matches!(oracle, Err(Refusal::Input(_))));
    }
    // 10 / 8 = 125%: 25.0025 × 1.25 = 31.253125, paid 31.25.
    let (engine, oracle) = metric(lower, "8");
    assert_eq!(engine.unwrap().total, Decimal::new(3125, 2));
    assert_eq!(decimal_text(&oracle.unwrap().total), "31.25");
}
