//! Golden files: today's outputs, byte for byte, so that a change to the
//! engine can show it changes nothing it did not mean to.
//!
//! The files under `tests/golden/` are what the engine computes today,
//! defects included; they are a record, not a specification. Each test
//! renders its outputs and compares them with the committed file, failing
//! with the first differing line and its number.
//!
//! - `q1.txt`, `q1.json`: every input of `plans/samples/participants.toml`
//!   against the shipped plans, in file order: the statement's `Display`
//!   text and its JSON (`serde_json::to_string_pretty`), or the error.
//! - `q2.txt`, `q2.json`: the same for `plans/samples/q2-participants.toml`,
//!   whose bookings are credited from `plans/samples/q2-transactions.toml`
//!   for 2026-04-01 to 2026-06-30, as `incentive run --job plans/samples/job.toml` does.
//! - `commission.txt`, `commission.json`: the commission statements of
//!   `plans/samples/commission-transactions.toml` as `incentive run --job plans/samples/job.toml`
//!   settles them (Rita's reseller months March to May 2026 through one
//!   commission ledger, Sam's SDR March).
//! - `plan_year.txt`, `plan_year.json`: what `examples/plan_year.rs` prints,
//!   without and with `--json`.
//! - `random.txt`: [`RANDOM_CASES`] plans generated from a fixed seed (a
//!   xorshift64, no crates), each with its own seeded inputs, one line a
//!   case: `N total=T lines=A,B,… [adj=KIND:A,…] fnv=H` where `H` is the
//!   64-bit FNV-1a hash of the statement's compact JSON; `N error KIND
//!   MESSAGE` when evaluation fails; `N invalid KIND MESSAGE` when the
//!   plan does not validate. A line ends with `prepared-…` notes only when
//!   the prepared route ([`incentive::PreparedPlan`]) disagrees with
//!   [`Plan::evaluate`]. A summary of what the cases cover closes the file.
//!
//! A change that alters these outputs on purpose (a defect fixed, a message
//! reworded) regenerates them and says in its commit message which outputs
//! changed and why:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --all-features --test lib golden
//! ```
//!
//! With `UPDATE_GOLDEN=1` the tests rewrite the files instead of comparing,
//! and pass. To look at a random case in full, `GOLDEN_RANDOM_DUMP=FILE`
//! also writes every case's plan text, statement text and full JSON (or
//! error) to `FILE`.

use std::fmt::Write as _;

use incentive::credit::CreditData;
use incentive::payout::{Segment, TierBasis, TierMode};
use incentive::statement::{AdjustmentDetail, RuleTrace};
use incentive::{
    Assignment, Credits, Date, Error, Inputs, Plan, PlanBook, Statement, YearInputs, YearState,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use crate::{plans, root};

/// How many random plans `random.txt` pins.
pub const RANDOM_CASES: usize = 3000;

/// Compares `actual` with the committed golden file `name`, or rewrites
/// the file when `UPDATE_GOLDEN=1`.
fn check(name: &str, actual: &str) {
    let path = root("tests/golden").join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(root("tests/golden")).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\n\
             write it with UPDATE_GOLDEN=1 cargo test --all-features --test lib golden",
            path.display()
        )
    });
    if let Some(report) = diff(&expected, actual) {
        panic!(
            "{} differs from today's output: {report}\n\
             if the change is deliberate, regenerate with \
             UPDATE_GOLDEN=1 cargo test --all-features --test lib golden \
             and say why in the commit message",
            path.display()
        );
    }
}

/// A readable account of where `actual` departs from `expected`: the first
/// differing line, its number, and a few more differing lines.
fn diff(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let old: Vec<&str> = expected.split('\n').collect();
    let new: Vec<&str> = actual.split('\n').collect();
    let mut differing = Vec::new();
    for i in 0..old.len().max(new.len()) {
        let (o, n) = (old.get(i), new.get(i));
        if o != n {
            differing.push((i + 1, o, n));
        }
    }
    let show = |l: Option<&&str>| match l {
        Some(l) => format!("{l:?}"),
        None => "(no such line)".into(),
    };
    let mut out = String::new();
    let Some((first, o, n)) = differing.first() else {
        return Some("the files differ, but not line by line".into());
    };
    let _ = write!(
        out,
        "first difference at line {first} ({} lines differ, compared position by position; golden has {} lines, today's output {})\n  golden: {}\n  today:  {}",
        differing.len(),
        old.len(),
        new.len(),
        show(*o),
        show(*n)
    );
    for (line, o, n) in differing.iter().skip(1).take(4) {
        let _ = write!(
            out,
            "\nline {line}\n  golden: {}\n  today:  {}",
            show(*o),
            show(*n)
        );
    }
    Some(out)
}

/// The 64-bit FNV-1a hash.
fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::Plan(_) => "Plan",
        Error::Input(_) => "Input",
        Error::Overflow(_) => "Overflow",
        Error::Io(_) => "Io",
        _ => "Other",
    }
}

// ---------------------------------------------------------------------------
// The shipped plans × the sample inputs.

/// One input's outcome, as written to the JSON golden files.
#[derive(Serialize)]
struct Entry<'a> {
    input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    statement: Option<&'a Statement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn label(n: usize, i: &Inputs) -> String {
    format!(
        "{n}. {} {} {}",
        i.participant(),
        i.plan(),
        i.period().unwrap_or("-")
    )
}

/// The text and JSON golden files of a batch: each input's statement (or
/// error), in the inputs' order.
fn render(inputs: &[Inputs], results: &[incentive::Result<Statement>]) -> (String, String) {
    let mut text = String::new();
    let mut entries = Vec::new();
    for (n, (i, r)) in (1..).zip(inputs.iter().zip(results)) {
        let label = label(n, i);
        let _ = writeln!(text, "== {label}");
        match r {
            Ok(s) => {
                let _ = writeln!(text, "{s}");
                entries.push(Entry {
                    input: label,
                    statement: Some(s),
                    error: None,
                });
            }
            Err(e) => {
                let _ = writeln!(text, "error: {e}\n");
                entries.push(Entry {
                    input: label,
                    statement: None,
                    error: Some(e.to_string()),
                });
            }
        }
    }
    let json = serde_json::to_string_pretty(&entries).unwrap() + "\n";
    (text, json)
}

#[test]
fn shipped_plans_q1() {
    let set = plans();
    let inputs = Inputs::load_list(root("plans/samples/participants.toml")).unwrap();
    let results: Vec<_> = inputs.iter().map(|i| set.evaluate(i)).collect();
    let (text, json) = render(&inputs, &results);
    check("q1.txt", &text);
    check("q1.json", &json);
}

#[test]
fn shipped_plans_q2_credited() {
    let set = plans();
    let inputs = Inputs::load_list(root("plans/samples/q2-participants.toml")).unwrap();
    let data = CreditData::load(root("plans/samples/q2-transactions.toml")).unwrap();
    let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
    let from = Date::new(2026, 4, 1).unwrap();
    let to = Date::new(2026, 6, 30).unwrap();
    let credits = Credits::build(&data, people, from, to).unwrap();
    let results: Vec<_> = inputs.iter().map(|i| credits.evaluate(&set, i)).collect();
    let (text, json) = render(&inputs, &results);
    check("q2.txt", &text);
    check("q2.json", &json);
}

/// The commission statements `incentive run --job plans/samples/job.toml` prints after the
/// others: Rita's reseller months March to May 2026 settled in order
/// through one ledger, then Sam's SDR March, from
/// `plans/samples/commission-transactions.toml`.
#[test]
fn shipped_commission_plans() {
    use incentive::commission::CommissionLedger;
    let set = plans();
    let data = CreditData::load(root("plans/samples/commission-transactions.toml")).unwrap();
    let runs = [
        ("rita", "Rita (reseller)", "reseller-commission", 3),
        ("rita", "Rita (reseller)", "reseller-commission", 4),
        ("rita", "Rita (reseller)", "reseller-commission", 5),
        ("sam", "Sam (sales development)", "sdr-meetings", 3),
    ];
    let mut ledger = CommissionLedger::default();
    let mut inputs = Vec::new();
    let mut results = Vec::new();
    for (who, name, plan, month) in runs {
        let from = Date::new(2026, month, 1).unwrap();
        let to = Date::new(2026, month, from.days_in_month()).unwrap();
        let i = Inputs::new(who, plan)
            .with_name(name)
            .with_period(format!("2026-M{month:02}"));
        let settled = Credits::build(&data, ["rita", "sam"], from, to)
            .and_then(|credits| credits.evaluate(&set, &i))
            .and_then(|earned| ledger.settle(set.get(plan).unwrap(), earned, from, to, &data));
        inputs.push(i);
        results.push(settled);
    }
    let (text, json) = render(&inputs, &results);
    check("commission.txt", &text);
    check("commission.json", &json);
}

/// What `examples/plan_year.rs` prints, without and with `--json`.
#[test]
fn plan_year_example() {
    let book = PlanBook::load_dir(root("plans/years")).unwrap();
    let plan = "demand-generation-ytd";
    let jan1 = Date::new(2026, 1, 1).unwrap();
    let mut year = YearInputs::new("dana", 2026)
        .with_name("Dana")
        .assign(Assignment::new(plan, jan1))
        .target_from(plan, "pipeline", jan1, dec!(2000000));
    let actuals = [dec!(1600000), dec!(2800000), dec!(1000000), dec!(600000)];
    for (q, actual) in (1..).zip(actuals) {
        year = year.period(
            Inputs::new("dana", plan)
                .with_period(format!("2026-Q{q}"))
                .actual("pipeline", actual)
                .rating("campaign_effectiveness", dec!(3)),
        );
    }
    let mut state = YearState::new();
    let mut statements = Vec::new();
    for q in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] {
        let (statement, next) = book.evaluate_period(&year, q, &state).unwrap();
        statements.push(statement);
        state = next;
    }
    let mut text = String::new();
    for s in &statements {
        let _ = writeln!(text, "{s}");
    }
    let _ = writeln!(
        text,
        "paid in the year {} USD; owed at year end {} USD",
        state.paid_in_year(),
        state.total_owed()
    );
    let out = serde_json::json!({ "statements": statements, "state": state });
    let json = serde_json::to_string_pretty(&out).unwrap() + "\n";
    check("plan_year.txt", &text);
    check("plan_year.json", &json);
}

// ---------------------------------------------------------------------------
// Seeded random plans.

/// xorshift64 (13, 7, 17): small, portable, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `lo..=hi`.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True `percent` times in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A decimal `m × 10^-scale` with `m` in `lo..=hi`.
    fn dec(&mut self, lo: i64, hi: i64, scale: u32) -> Decimal {
        Decimal::new(self.int(lo, hi), scale)
    }
}

/// An input or ratio metric of a generated plan, with the size of its
/// values.
struct Metric {
    name: String,
    size: Decimal,
    ratio: Option<(usize, usize)>,
}

/// What a generated component measures.
enum Measure {
    Quantitative {
        fixed_target: Option<Decimal>,
        target: Decimal,
    },
    Rating {
        ratings: Vec<Decimal>,
    },
    Score {
        min: Decimal,
        max: Decimal,
    },
}

/// A generated plan: its text and what its inputs need.
struct Generated {
    text: String,
    metrics: Vec<Metric>,
    /// Component ids and measure names with their measures.
    measured: Vec<(String, Measure)>,
    percent_of_base: bool,
    /// The label of the first period of the plan year starting in 2026.
    first_period: &'static str,
}

struct Gen {
    rng: Rng,
}

/// The defects an invalid plan may carry (one each).
const DEFECTS: u64 = 15;

impl Gen {
    /// A decimal as plan text: a bare TOML number, a quoted decimal, or a
    /// percentage.
    fn lit(&mut self, d: Decimal) -> String {
        match self.rng.below(10) {
            0..=5 => d.to_string(),
            6..=7 => format!("\"{d}\""),
            _ if d.abs() < dec!(10) => format!("\"{}%\"", (d * dec!(100)).normalize()),
            _ => format!("\"{d}\""),
        }
    }

    fn pairs(&mut self, points: &[(Decimal, Decimal)]) -> String {
        let items: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("[{}, {}]", self.lit(*x), self.lit(*y)))
            .collect();
        format!("[{}]", items.join(", "))
    }

    /// Points for an attainment curve or step table: increasing attainment
    /// from a threshold, payouts 0 or more, sometimes falling at the end.
    fn attainment_points(&mut self, n: usize) -> Vec<(Decimal, Decimal)> {
        let r = &mut self.rng;
        let mut x = match r.below(20) {
            0 => dec!(-0.5),
            1..=6 => Decimal::ZERO,
            7..=13 => dec!(0.5),
            _ => dec!(0.8),
        };
        let mut y = if x <= Decimal::ZERO {
            Decimal::ZERO
        } else {
            r.pick(&[dec!(0), dec!(0.25), dec!(0.5)])
        };
        let mut points = vec![(x, y)];
        let falls = r.chance(20);
        for k in 1..n {
            x += r.dec(2, 12, 2) * dec!(5);
            if falls && k == n - 1 {
                y = (y - r.dec(1, 12, 2) * dec!(5)).max(Decimal::ZERO);
            } else {
                y += r.dec(0, 16, 2) * dec!(5);
            }
            points.push((x, y));
        }
        points
    }

    /// Points on a score range, at eighths of it, payouts rising.
    fn score_points(&mut self, min: Decimal, max: Decimal, n: usize) -> Vec<(Decimal, Decimal)> {
        let span = max - min;
        let mut eighths: Vec<i64> = Vec::new();
        while eighths.len() < n {
            let q = self.rng.int(0, 8);
            if !eighths.contains(&q) {
                eighths.push(q);
            }
        }
        eighths.sort_unstable();
        let mut y = Decimal::ZERO;
        eighths
            .into_iter()
            .map(|q| {
                y += Decimal::from(self.rng.int(0, 8)) * dec!(0.125);
                (min + span * Decimal::new(q, 0) / dec!(8), y)
            })
            .collect()
    }

    fn cap(&mut self) -> String {
        if self.rng.chance(60) {
            let p = self
                .rng
                .pick(&[dec!(1), dec!(1.2), dec!(1.5), dec!(2), dec!(0.8)]);
            format!("{{ percent_of_target = {} }}", self.lit(p))
        } else {
            let a = self
                .rng
                .pick(&[dec!(500), dec!(1000.50), dec!(2500), dec!(7000)]);
            format!("{{ amount = {} }}", self.lit(a))
        }
    }

    /// A plan; `defect` (when given) breaks one rule of the plan file.
    fn plan(&mut self, case: usize, defect: Option<u64>) -> Generated {
        let d = |k: u64| defect == Some(k);
        let mut top = String::new();
        let mut tables = String::new();

        // Metrics: 1 to 3 inputs, and sometimes a ratio of two.
        let sizes = [dec!(1), dec!(20), dec!(1000), dec!(50000), dec!(2000000)];
        let mut metrics: Vec<Metric> = (0..self.rng.int(1, 3))
            .map(|k| Metric {
                name: format!("m{k}"),
                size: self.rng.pick(&sizes),
                ratio: None,
            })
            .collect();
        if self.rng.chance(25) {
            if metrics.len() < 2 {
                metrics.push(Metric {
                    name: "m1".into(),
                    size: self.rng.pick(&sizes),
                    ratio: None,
                });
            }
            let size = metrics[0].size / metrics[1].size;
            metrics.push(Metric {
                name: "rate".into(),
                size,
                ratio: Some((0, 1)),
            });
        }

        // Curves on attainment.
        let n_curves = self.rng.int(1, 3) as usize;
        let mut curve_text = String::new();
        for k in 0..n_curves {
            let n = self.rng.int(2, 4) as usize;
            let mut points = self.attainment_points(n);
            if k == 0 && d(2) {
                points.reverse();
            }
            if k == 0 && d(13) {
                points.truncate(1);
            }
            let _ = writeln!(
                curve_text,
                "\n[curves.c{k}]\npoints = {}",
                self.pairs(&points)
            );
            if self.rng.chance(35) {
                curve_text.push_str("extrapolate = true\n");
            }
        }

        // Scales.
        let scale = match self.rng.below(3) {
            0 => (dec!(1), dec!(5), None),
            1 => (dec!(0), dec!(2), Some(dec!(0.5))),
            _ => (dec!(1), dec!(3), None),
        };
        let mut ratings = Vec::new();
        let mut rating = scale.0;
        let mut pays = Decimal::ZERO;
        while rating <= scale.1 {
            ratings.push((rating, pays));
            pays += Decimal::from(self.rng.int(0, 3)) * dec!(0.25);
            rating += scale.2.unwrap_or(Decimal::ONE);
        }

        // Components: weights in permille, summing to exactly 100%.
        let n_comp = self.rng.int(1, 4) as usize;
        let mut cuts: Vec<i64> = Vec::new();
        while cuts.len() < n_comp - 1 {
            let c = self.rng.int(1, 999);
            if !cuts.contains(&c) {
                cuts.push(c);
            }
        }
        cuts.sort_unstable();
        cuts.push(1000);
        let mut weights: Vec<Decimal> = Vec::new();
        let mut prev = 0;
        for c in cuts {
            weights.push(Decimal::new(c - prev, 3));
            prev = c;
        }
        if d(0) {
            if let Some(w) = weights.last_mut() {
                *w += dec!(0.01);
            }
        }

        let mut measured: Vec<(String, Measure)> = Vec::new();
        let mut components = String::new();
        let mut score_curves = String::new();
        let mut uses_scale = false;
        // Components are written after the conditions they name are known.
        let mut pending: Vec<String> = Vec::new();
        for (k, weight) in weights.iter().enumerate() {
            let id = if d(12) && k == 1 {
                "a0".to_owned()
            } else {
                format!("a{k}")
            };
            let mut body = String::new();
            let name = if self.rng.chance(10) {
                format!("Pipeline — région {k}")
            } else {
                format!("Component {k}")
            };
            let _ = writeln!(body, "id = \"{id}\"\nname = \"{name}\"");
            if d(1) && k == 0 {
                body.push_str("wieght = 1\n");
            }
            let _ = writeln!(body, "weight = {}", self.lit(*weight));
            let kind = self.rng.below(100);
            if kind < 66 {
                let m = self.rng.below(metrics.len() as u64) as usize;
                let factor = self
                    .rng
                    .pick(&[dec!(1), dec!(1), dec!(1), dec!(0.9), dec!(1.25)]);
                let target = metrics[m].size * factor;
                let _ = writeln!(body, "metric = \"{}\"", metrics[m].name);
                let fixed_target = self.rng.chance(30).then_some(target);
                if let Some(t) = fixed_target {
                    let _ = writeln!(body, "target = {}", self.lit(t));
                }
                let lower = self.rng.chance(22);
                if lower {
                    body.push_str("direction = \"lower-is-better\"\n");
                    if !(d(4) && k == 0) {
                        let f = if self.rng.chance(50) {
                            "target-over-actual"
                        } else {
                            "two-minus-actual-over-target"
                        };
                        let _ = writeln!(body, "formula = \"{f}\"");
                    }
                } else if d(4) && k == 0 {
                    body.push_str("formula = \"target-over-actual\"\n");
                }
                let rule = self.rng.below(100);
                if d(3) && k == 0 {
                    body.push_str("curve = \"missing\"\n");
                } else if rule < 50 || (lower && rule >= 75 && !d(7)) {
                    let c = self.rng.below(n_curves as u64);
                    let _ = writeln!(body, "curve = \"c{c}\"");
                } else if rule < 75 {
                    let n = self.rng.int(1, 3) as usize;
                    let points = self.attainment_points(n);
                    let _ = writeln!(body, "steps = {}", self.pairs(&points));
                } else {
                    let amount = self.rng.chance(40);
                    let mode = if self.rng.chance(50) {
                        "marginal"
                    } else {
                        "retroactive"
                    };
                    let mut from = if self.rng.chance(85) {
                        Decimal::ZERO
                    } else {
                        dec!(0.2)
                    };
                    let mut bands = Vec::new();
                    for b in 0..self.rng.int(1, 4) {
                        let mut rate = self.rng.dec(0, 30, 3) * dec!(5);
                        if d(7) && b == 0 {
                            rate = dec!(-0.01);
                        }
                        let bound = if amount { from * target } else { from };
                        bands.push((bound, rate));
                        from += Decimal::from(self.rng.int(1, 4)) * dec!(0.25);
                    }
                    let basis = if amount {
                        "basis = \"amount\", "
                    } else if self.rng.chance(50) {
                        "basis = \"attainment\", "
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        body,
                        "tiers = {{ {basis}mode = \"{mode}\", bands = {} }}",
                        self.pairs(&bands)
                    );
                }
                measured.push((
                    id.clone(),
                    Measure::Quantitative {
                        fixed_target,
                        target,
                    },
                ));
            } else if kind < 83 {
                uses_scale = true;
                body.push_str("rating = \"sc0\"\n");
                measured.push((
                    id.clone(),
                    Measure::Rating {
                        ratings: ratings.iter().map(|(x, _)| *x).collect(),
                    },
                ));
            } else {
                let (min, max) = self
                    .rng
                    .pick(&[(1, 5), (0, 100), (-100, 100), (0, 10), (-2, 2)]);
                let (min, max) = (Decimal::from(min), Decimal::from(max));
                let _ = writeln!(
                    body,
                    "score = {{ min = {}, max = {} }}",
                    self.lit(min),
                    self.lit(max)
                );
                if d(11) {
                    body.push_str("tiers = { mode = \"marginal\", bands = [[0, 0.1]] }\n");
                } else if self.rng.chance(65) {
                    let n = self.rng.int(2, 4) as usize;
                    let points = self.score_points(min, max, n);
                    let _ = writeln!(
                        score_curves,
                        "\n[curves.s{k}]\npoints = {}",
                        self.pairs(&points)
                    );
                    if self.rng.chance(30) {
                        score_curves.push_str("extrapolate = true\n");
                    }
                    let _ = writeln!(body, "curve = \"s{k}\"");
                } else {
                    let n = self.rng.int(1, 3) as usize;
                    let points = self.score_points(min, max, n);
                    let _ = writeln!(body, "steps = {}", self.pairs(&points));
                }
                measured.push((id.clone(), Measure::Score { min, max }));
            }
            if self.rng.chance(20) {
                let cap = self.cap();
                let _ = writeln!(body, "cap = {cap}");
            }
            pending.push(body);
        }

        // Named measures.
        let mut measures = String::new();
        if self.rng.chance(30) {
            for k in 0..self.rng.int(1, 2) {
                let m = self.rng.below(metrics.len() as u64) as usize;
                let name = format!("q{k}");
                let target = metrics[m].size * self.rng.pick(&[dec!(1), dec!(1.1)]);
                let _ = writeln!(
                    measures,
                    "\n[measures.{name}]\nmetric = \"{}\"",
                    metrics[m].name
                );
                let fixed_target = self.rng.chance(50).then_some(target);
                if let Some(t) = fixed_target {
                    let _ = writeln!(measures, "target = {}", self.lit(t));
                }
                if self.rng.chance(20) {
                    let f = if self.rng.chance(50) {
                        "target-over-actual"
                    } else {
                        "two-minus-actual-over-target"
                    };
                    let _ = writeln!(
                        measures,
                        "direction = \"lower-is-better\"\nformula = \"{f}\""
                    );
                }
                measured.push((
                    name,
                    Measure::Quantitative {
                        fixed_target,
                        target,
                    },
                ));
            }
        }
        let conditions: Vec<String> = measured
            .iter()
            .filter(|(_, m)| matches!(m, Measure::Quantitative { .. }))
            .map(|(n, _)| n.clone())
            .collect();
        let levels = [dec!(0.5), dec!(0.8), dec!(0.9), dec!(1), dec!(1.2)];

        // Gates, modifiers, kickers: on quantitative components and measures.
        let mut gates: Vec<String> = Vec::new();
        let mut modifiers: Vec<String> = Vec::new();
        let mut conditions_text = String::new();
        if !conditions.is_empty() {
            if self.rng.chance(35) || d(6) {
                for k in 0..self.rng.int(1, 2) {
                    let measure = if d(6) && k == 0 {
                        "nowhere".to_owned()
                    } else {
                        conditions[self.rng.below(conditions.len() as u64) as usize].clone()
                    };
                    let level = self.rng.pick(&levels);
                    let _ = writeln!(
                        conditions_text,
                        "\n[gates.g{k}]\nmeasure = \"{measure}\"\nat_least = {}",
                        self.lit(level)
                    );
                    gates.push(format!("g{k}"));
                }
            }
            if self.rng.chance(30) {
                for k in 0..self.rng.int(1, 2) {
                    let measure =
                        conditions[self.rng.below(conditions.len() as u64) as usize].clone();
                    let curve = self.rng.below(n_curves as u64);
                    let below = if self.rng.chance(50) {
                        "zero"
                    } else {
                        "first-point"
                    };
                    let _ = writeln!(
                        conditions_text,
                        "\n[modifiers.x{k}]\nmeasure = \"{measure}\"\ncurve = \"c{curve}\"\nbelow_first = \"{below}\""
                    );
                    modifiers.push(format!("x{k}"));
                }
            }
            if self.rng.chance(20) || d(8) {
                for k in 0..self.rng.int(1, 2) {
                    let measure =
                        conditions[self.rng.below(conditions.len() as u64) as usize].clone();
                    let level = self.rng.pick(&levels);
                    let amount = if d(8) {
                        Decimal::ZERO
                    } else {
                        self.rng
                            .pick(&[dec!(100), dec!(250.50), dec!(1000), dec!(0.005)])
                    };
                    let _ = writeln!(
                        conditions_text,
                        "\n[[kickers]]\nid = \"k{k}\"\nname = \"Kicker {k}\"\nmeasure = \"{measure}\"\nat_least = {}\namount = {}",
                        self.lit(level),
                        self.lit(amount)
                    );
                }
            }
        }
        for mut body in pending {
            if !gates.is_empty() && self.rng.chance(20) {
                let g = &gates[self.rng.below(gates.len() as u64) as usize];
                let _ = writeln!(body, "gate = \"{g}\"");
            }
            if !modifiers.is_empty() && self.rng.chance(25) {
                let m = &modifiers[self.rng.below(modifiers.len() as u64) as usize];
                let _ = writeln!(body, "modifier = \"{m}\"");
            }
            let _ = write!(components, "\n[[components]]\n{body}");
        }

        // Top level.
        let _ = writeln!(top, "id = \"g{case}\"");
        if d(10) {
            top.push_str("name = \"Generated plan\n");
        } else {
            let _ = writeln!(top, "name = \"Generated plan {case}\"");
        }
        let _ = writeln!(top, "version = \"2026.{}\"", case % 4);
        if self.rng.chance(20) {
            top.push_str("description = \"A generated plan\"\n");
        }
        let currency = if d(14) {
            "usd"
        } else {
            self.rng.pick(&["USD", "USD", "USD", "EUR", "JPY", "KWD"])
        };
        let _ = writeln!(top, "currency = \"{currency}\"");
        if self.rng.chance(8) {
            let _ = writeln!(top, "minor_units = {}", self.rng.int(0, 4));
        }
        let period = self
            .rng
            .pick(&["month", "quarter", "quarter", "half", "year"]);
        let _ = writeln!(top, "pay_period = \"{period}\"");
        let first_period = match period {
            "month" => "2026-M01",
            "quarter" => "2026-Q1",
            "half" => "2026-H1",
            _ => "2026",
        };
        let ti = self.rng.below(10);
        let percent_of_base = (7..9).contains(&ti);
        let ti_text = match ti {
            _ if d(9) => "{ amount = 5000, annual = 20000 }".to_owned(),
            0..=4 => {
                let a = self.rng.pick(&[
                    dec!(1000),
                    dec!(4500),
                    dec!(5000),
                    dec!(12345.67),
                    dec!(333.33),
                ]);
                format!("{{ amount = {} }}", self.lit(a))
            }
            5..=6 => {
                let a = self.rng.pick(&[dec!(24000), dec!(100000), dec!(10000)]);
                format!("{{ annual = {} }}", self.lit(a))
            }
            7..=8 => {
                let p = self.rng.pick(&[dec!(0.15), dec!(0.10), dec!(0.075)]);
                format!("{{ percent_of_base = {} }}", self.lit(p))
            }
            _ => "{ amount = 6000 }".to_owned(),
        };
        let _ = writeln!(top, "target_incentive = {ti_text}");
        if self.rng.chance(85) {
            let mode = self.rng.pick(&["half-up", "half-even", "down", "up"]);
            if self.rng.chance(15) {
                let _ = writeln!(top, "rounding = {{ mode = \"{mode}\" }}");
            } else {
                let scope = if self.rng.chance(40) { "total" } else { "line" };
                let _ = writeln!(
                    top,
                    "rounding = {{ mode = \"{mode}\", scope = \"{scope}\" }}"
                );
            }
        }
        if self.rng.chance(20) {
            let cap = self.cap();
            let _ = writeln!(top, "cap = {cap}");
        }
        if !gates.is_empty() && self.rng.chance(25) {
            let g = &gates[self.rng.below(gates.len() as u64) as usize];
            let _ = writeln!(top, "gate = \"{g}\"");
        }
        if !modifiers.is_empty() && self.rng.chance(30) {
            let m = &modifiers[self.rng.below(modifiers.len() as u64) as usize];
            let _ = writeln!(top, "modifier = \"{m}\"");
        }

        for m in &metrics {
            let _ = writeln!(tables, "\n[metrics.{}]", m.name);
            if let Some((a, b)) = m.ratio {
                let _ = writeln!(
                    tables,
                    "ratio = {{ numerator = \"{}\", denominator = \"{}\" }}",
                    metrics[a].name, metrics[b].name
                );
            }
        }
        tables.push_str(&curve_text);
        tables.push_str(&score_curves);
        if uses_scale || self.rng.chance(10) || d(5) {
            let mut listed = ratings.clone();
            if d(5) {
                listed.pop();
            }
            let _ = writeln!(
                tables,
                "\n[scales.sc0]\nmin = {}\nmax = {}",
                self.lit(scale.0),
                self.lit(scale.1)
            );
            if let Some(step) = scale.2 {
                let _ = writeln!(tables, "step = {}", self.lit(step));
            }
            let _ = writeln!(tables, "ratings = {}", self.pairs(&listed));
        }
        tables.push_str(&measures);
        tables.push_str(&conditions_text);
        tables.push_str(&components);
        Generated {
            text: format!("{top}{tables}"),
            metrics,
            measured,
            percent_of_base,
            first_period,
        }
    }

    /// An attainment to aim an actual at: mostly near target, sometimes
    /// exactly on a boundary, negative, zero or far above.
    fn attainment(&mut self) -> Decimal {
        let r = &mut self.rng;
        match r.below(100) {
            0..=69 => r.dec(3000, 20000, 4),
            70..=79 => r.pick(&[
                dec!(0.5),
                dec!(0.8),
                dec!(0.9),
                dec!(1),
                dec!(1.2),
                dec!(1.5),
            ]),
            80..=85 => r.dec(-10000, -1, 4),
            86..=87 => Decimal::ZERO,
            _ => r.dec(20000, 40000, 4),
        }
    }

    /// Inputs for a generated plan: valid mostly, with a few that must fail.
    fn inputs(&mut self, case: usize, g: &Generated) -> Inputs {
        let mut i = Inputs::new(format!("p{case}"), format!("g{case}"));
        if self.rng.chance(50) {
            i = i.with_period(g.first_period);
        }
        if self.rng.chance(20) {
            i = i.with_name(format!("Participant {case}"));
        }
        let missing = if self.rng.chance(2) {
            Some(self.rng.below(g.metrics.len() as u64) as usize)
        } else {
            None
        };
        for (k, m) in g.metrics.iter().enumerate() {
            if m.ratio.is_some() || missing == Some(k) {
                continue;
            }
            let mut actual = m.size * self.attainment();
            if self.rng.chance(15) {
                actual += self.rng.dec(1, 99, 2);
            }
            if self.rng.chance(1) {
                actual = Decimal::MAX / dec!(3);
            }
            i = i.actual(m.name.clone(), actual);
        }
        for (id, measure) in &g.measured {
            match measure {
                Measure::Quantitative {
                    fixed_target,
                    target,
                    ..
                } => {
                    let give = match fixed_target {
                        None => !self.rng.chance(2),
                        Some(_) => self.rng.chance(30),
                    };
                    if give {
                        let t = match self.rng.below(200) {
                            0..=2 => Decimal::ZERO,
                            3 => -*target,
                            _ => *target,
                        };
                        i = i.target(id.clone(), t);
                    }
                }
                Measure::Rating { ratings } => match self.rng.below(100) {
                    0 => {}
                    1..=2 => i = i.rating(id.clone(), dec!(2.25)),
                    3 => i = i.rating(id.clone(), dec!(6)),
                    _ => {
                        let rating = ratings[self.rng.below(ratings.len() as u64) as usize];
                        i = i.rating(id.clone(), rating);
                    }
                },
                Measure::Score { min, max } => {
                    let score = match self.rng.below(100) {
                        0..=1 => *max + dec!(0.5),
                        _ => *min + (*max - *min) * self.rng.dec(0, 100, 2),
                    };
                    i = i.rating(id.clone(), score);
                }
            }
        }
        if g.percent_of_base {
            if !self.rng.chance(3) {
                i = i.with_base_salary(self.rng.pick(&[dec!(120000), dec!(95000.50)]));
            }
        } else if self.rng.chance(5) {
            i = i.with_base_salary(dec!(80000));
        }
        if self.rng.chance(10) {
            let ti = self
                .rng
                .pick(&[dec!(0), dec!(2500), dec!(7777.77), dec!(-100)]);
            i = i.with_target_incentive(ti);
        }
        if self.rng.chance(1) {
            i = i.actual("unknown", dec!(1));
        }
        i
    }
}

/// What the random cases cover, for the summary closing `random.txt`.
#[derive(Default)]
struct Coverage {
    invalid: usize,
    statements: usize,
    errors: std::collections::BTreeMap<&'static str, usize>,
    negative_line: usize,
    negative_total: usize,
    total_scope: usize,
    /// Stage kinds: (cases with the stage, cases where it bound or failed).
    stages: std::collections::BTreeMap<&'static str, (usize, usize)>,
    rules: std::collections::BTreeMap<String, usize>,
    prepared_differs: usize,
}

impl Coverage {
    fn stage(&mut self, name: &'static str, bound: bool) {
        let e = self.stages.entry(name).or_default();
        e.0 += 1;
        if bound {
            e.1 += 1;
        }
    }

    fn statement(&mut self, s: &Statement) {
        self.statements += 1;
        if s.lines
            .iter()
            .any(|l| l.amount.is_sign_negative() && !l.amount.is_zero())
        {
            self.negative_line += 1;
        }
        if s.total.is_sign_negative() && !s.total.is_zero() {
            self.negative_total += 1;
        }
        if matches!(s.rounding.scope(), incentive::RoundingScope::Total) {
            self.total_scope += 1;
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut found: Vec<(&'static str, bool)> = Vec::new();
        for l in &s.lines {
            if let Some(c) = &l.cap {
                found.push(("component cap", c.applied));
            }
            if let Some(g) = &l.gate {
                found.push(("component gate", !g.held));
            }
            if l.modifier.is_some() {
                found.push(("component modifier", false));
            }
            let rule = match &l.rule {
                RuleTrace::Curve { segment, axis, .. } => format!(
                    "curve on {}{}",
                    if matches!(axis, incentive::payout::Axis::Score) {
                        "score"
                    } else {
                        "attainment"
                    },
                    match segment {
                        Segment::Extrapolated { .. } => ", extrapolated",
                        Segment::BelowThreshold { .. } => ", below threshold",
                        Segment::Capped { .. } => ", capped",
                        _ => "",
                    }
                ),
                RuleTrace::Steps { axis, .. } => format!(
                    "steps on {}",
                    if matches!(axis, incentive::payout::Axis::Score) {
                        "score"
                    } else {
                        "attainment"
                    }
                ),
                RuleTrace::Tiers { basis, mode, .. } => format!(
                    "tiers {} on {}",
                    match mode {
                        TierMode::Marginal => "marginal",
                        TierMode::Retroactive => "retroactive",
                        _ => "other",
                    },
                    match basis {
                        TierBasis::Amount => "amount",
                        TierBasis::Attainment => "attainment",
                        _ => "other",
                    }
                ),
                RuleTrace::Scale { .. } => "rating scale".into(),
                _ => "other".into(),
            };
            if let incentive::statement::MeasureTrace::Quantitative {
                formula: Some(f), ..
            } = &l.measure
            {
                seen.insert(format!("lower-is-better {f:?}"));
            }
            seen.insert(rule);
        }
        for a in &s.adjustments {
            match &a.detail {
                Some(AdjustmentDetail::Cap(c)) => found.push(("plan cap", c.applied)),
                Some(AdjustmentDetail::Modifier(_)) => found.push(("plan modifier", false)),
                Some(AdjustmentDetail::Kicker(k)) => found.push(("kicker", k.held)),
                Some(AdjustmentDetail::Gate(g)) => found.push(("plan gate", !g.held)),
                _ => found.push(("other adjustment", false)),
            }
        }
        let mut by_stage: std::collections::BTreeMap<&'static str, bool> = Default::default();
        for (name, bound) in found {
            *by_stage.entry(name).or_default() |= bound;
        }
        for (name, bound) in by_stage {
            self.stage(name, bound);
        }
        for rule in seen {
            *self.rules.entry(rule).or_default() += 1;
        }
    }

    fn summary(&self, cases: usize) -> String {
        let valid = cases - self.invalid;
        let errors: usize = self.errors.values().sum();
        let mut out = format!(
            "# {cases} cases: {valid} valid plans, {} invalid; {} statements, {errors} evaluation errors",
            self.invalid, self.statements
        );
        for (k, n) in &self.errors {
            let _ = write!(out, ", {k} {n}");
        }
        let _ = write!(
            out,
            "\n# statements with a negative line {}, with a negative total {}, rounding on the total {}\n",
            self.negative_line, self.negative_total, self.total_scope
        );
        for (name, (n, bound)) in &self.stages {
            let what = match *name {
                "component gate" | "plan gate" => "failed",
                "kicker" => "paid",
                "component modifier" | "plan modifier" => {
                    let _ = writeln!(out, "# stage {name}: {n} statements");
                    continue;
                }
                _ => "bound",
            };
            let _ = writeln!(out, "# stage {name}: {n} statements ({bound} {what})");
        }
        for (rule, n) in &self.rules {
            let _ = writeln!(out, "# rule {rule}: {n} statements");
        }
        let _ = writeln!(
            out,
            "# the prepared route disagrees with Plan::evaluate in {} cases",
            self.prepared_differs
        );
        out
    }
}

/// One line of `random.txt`, and the case in full for the dump.
fn random_case(n: usize, g: &mut Gen, cov: &mut Coverage) -> (String, String) {
    let defect = g.rng.chance(6).then(|| g.rng.below(DEFECTS));
    let generated = g.plan(n, defect);
    let inputs = g.inputs(n, &generated);
    let mut dump = format!("=== case {n}\n{}\n", generated.text);
    let plan = match Plan::from_toml(&generated.text) {
        Ok(p) => p,
        Err(e) => {
            cov.invalid += 1;
            let line = format!("{n} invalid {} {}", kind(&e), one_line(&e.to_string()));
            dump.push_str(&line);
            dump.push('\n');
            return (line, dump);
        }
    };
    let result = plan.evaluate(&inputs);
    let mut line = match &result {
        Ok(s) => {
            cov.statement(s);
            let json = serde_json::to_string(s).unwrap();
            // Every statement reads back from its JSON, to the byte.
            let back: Statement = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, s, "case {n}");
            assert_eq!(serde_json::to_string(&back).unwrap(), json, "case {n}");
            let _ = writeln!(dump, "{s}\n{}", serde_json::to_string_pretty(s).unwrap());
            let amounts: Vec<String> = s.lines.iter().map(|l| l.amount.to_string()).collect();
            let mut line = format!("{n} total={} lines={}", s.total, amounts.join(","));
            if !s.adjustments.is_empty() {
                let adj: Vec<String> = s
                    .adjustments
                    .iter()
                    .map(|a| format!("{}:{}", a.kind, a.amount))
                    .collect();
                let _ = write!(line, " adj={}", adj.join(","));
            }
            let _ = write!(line, " fnv={:016x}", fnv1a(&json));
            line
        }
        Err(e) => {
            *cov.errors.entry(kind(e)).or_default() += 1;
            let _ = writeln!(dump, "error: {e}");
            format!("{n} error {} {}", kind(e), one_line(&e.to_string()))
        }
    };
    // The prepared route must agree with the general engine; where it does
    // not today, the line says how.
    let prepared = plan.prepare();
    let mut differs = false;
    let explained = prepared.statement(&inputs);
    if explained != result {
        differs = true;
        let _ = write!(
            line,
            " prepared-statement={}",
            match &explained {
                Ok(s) => format!(
                    "total:{}:fnv:{:016x}",
                    s.total,
                    fnv1a(&serde_json::to_string(s).unwrap())
                ),
                Err(e) => format!("error:{}:{}", kind(e), one_line(&e.to_string())),
            }
        );
    }
    let mut payout = prepared.payout();
    let amounts = prepared.evaluate_into(&inputs, &mut payout);
    let agrees = match (&amounts, &result) {
        (Ok(()), Ok(s)) => {
            payout.total() == s.total
                && payout.lines().len() == s.lines.len()
                && payout
                    .lines()
                    .iter()
                    .zip(&s.lines)
                    .all(|(p, l)| p.amount == l.amount && p.exact == l.exact)
        }
        (Err(a), Err(b)) => a == b,
        _ => false,
    };
    if !agrees {
        differs = true;
        let _ = write!(
            line,
            " prepared-payout={}",
            match &amounts {
                Ok(()) => {
                    let a: Vec<String> = payout
                        .lines()
                        .iter()
                        .map(|l| l.amount.to_string())
                        .collect();
                    format!("total:{}:lines:{}", payout.total(), a.join(","))
                }
                Err(e) => format!("error:{}:{}", kind(e), one_line(&e.to_string())),
            }
        );
    }
    if differs {
        cov.prepared_differs += 1;
    }
    let _ = writeln!(dump, "{line}");
    (line, dump)
}

fn one_line(s: &str) -> String {
    s.replace('\n', "\\n")
}

#[test]
fn random_plans() {
    let mut g = Gen {
        rng: Rng(0x9e37_79b9_7f4a_7c15),
    };
    let mut cov = Coverage::default();
    let mut out = String::new();
    let mut dump = String::new();
    for n in 1..=RANDOM_CASES {
        let (line, full) = random_case(n, &mut g, &mut cov);
        out.push_str(&line);
        out.push('\n');
        dump.push_str(&full);
    }
    out.push_str(&cov.summary(RANDOM_CASES));
    if let Some(path) = std::env::var_os("GOLDEN_RANDOM_DUMP") {
        std::fs::write(path, &dump).unwrap();
    }
    check("random.txt", &out);
}
