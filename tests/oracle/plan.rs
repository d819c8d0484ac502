//! The oracle's own reading of a plan file, from `toml::Value`s into its own
//! structs, following `src/docs/plan_file.md` (not the engine's types).
//!
//! It reads the single-period bonus and commission features the oracle
//! evaluates and refuses (as [`Refusal::Unsupported`]) any key it does not
//! model, so a generator that strays outside the oracle's scope fails loudly
//! instead of being compared against a reading that ignores a key.

use std::collections::BTreeMap;

use toml::Value;

use super::Refusal;
use super::num::{self, Mode, Q};

/// A plan as the reference describes it.
#[derive(Clone, Debug)]
pub struct Plan {
    pub places: u32,
    pub mode: Mode,
    pub total_scope: bool,
    /// The target incentive as the plan gives it.
    pub target_incentive: Option<TargetIncentive>,
    /// `period_weights`: each period's share of an annual amount.
    pub period_weights: Option<Vec<Q>>,
    /// The pay period's labels in a plan year (2026), in order.
    pub period_labels: Vec<String>,
    /// `adjustments = "inside-cap"`.
    pub adjustments_inside_cap: bool,
    pub cap: Option<Cap>,
    pub gate: Option<String>,
    pub modifier: Option<String>,
    pub metrics: BTreeMap<String, Metric>,
    pub curves: BTreeMap<String, Curve>,
    pub scales: BTreeMap<String, Scale>,
    pub measures: BTreeMap<String, MeasureDef>,
    pub gates: BTreeMap<String, Gate>,
    pub modifiers: BTreeMap<String, Modifier>,
    pub kickers: Vec<Kicker>,
    pub components: Vec<Component>,
    pub commissions: Vec<Commission>,
}

/// The forms of `target_incentive`.
#[derive(Clone, Debug)]
pub enum TargetIncentive {
    /// Per period.
    Amount(Q),
    /// A year's amount.
    Annual(Q),
    /// This share of the inputs' annual base salary.
    PercentOfBase(Q),
}

#[derive(Clone, Debug)]
pub struct Metric {
    /// `numerator / denominator`, both input metrics.
    pub ratio: Option<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct Curve {
    pub points: Vec<(Q, Q)>,
    pub extrapolate: bool,
}

#[derive(Clone, Debug)]
pub enum Scale {
    Numeric { ratings: Vec<(Q, Q)> },
    Labels { labels: Vec<(String, Q)> },
}

#[derive(Clone, Debug)]
pub enum Cap {
    PercentOfTarget(Q),
    Amount(Q),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formula {
    TargetOverActual,
    TwoMinus,
}

/// A quantitative measure: an actual against a target.
#[derive(Clone, Debug)]
pub struct Quant {
    pub metric: String,
    pub target: Option<Q>,
    /// `Some` for lower-is-better.
    pub formula: Option<Formula>,
    pub baseline: Option<Q>,
}

#[derive(Clone, Debug)]
pub struct MeasureDef {
    pub quant: Quant,
}

#[derive(Clone, Debug)]
pub enum Level {
    AtLeast(Q),
    Above(Q),
}

#[derive(Clone, Debug)]
pub enum Gate {
    Measure { measure: String, level: Level },
    Label { rating: String, labels: Vec<String> },
}

#[derive(Clone, Debug)]
pub struct Modifier {
    pub measure: String,
    pub curve: String,
    pub floor_at_first: bool,
}

#[derive(Clone, Debug)]
pub struct Kicker {
    pub measure: String,
    pub level: Level,
    pub amount: Q,
}

#[derive(Clone, Debug)]
pub enum Measure {
    Metric(Quant),
    Rating(String),
    Score {
        min: Q,
        max: Q,
    },
    /// A weighted score: each part's rating × its weight.
    Weighted {
        min: Q,
        max: Q,
        parts: Vec<(String, Q)>,
    },
    Fixed,
    Matrix(Matrix),
}

/// A bonus matrix: two measures and a grid, which is the rule too.
#[derive(Clone, Debug)]
pub struct Matrix {
    pub rows: String,
    pub columns: String,
    pub bilinear: bool,
    pub floor_at_first: bool,
    pub row_bounds: Vec<Q>,
    pub column_bounds: Vec<Q>,
    pub values: Vec<Vec<Q>>,
}

#[derive(Clone, Debug)]
pub enum Rule {
    Curve(String),
    Steps(Vec<(Q, Q)>),
    Tiers {
        on_amount: bool,
        marginal: bool,
        bands: Vec<(Q, Q)>,
    },
    Multipliers {
        marginal: bool,
        bands: Vec<(Q, Q)>,
    },
}

#[derive(Clone, Debug)]
pub struct Component {
    pub id: String,
    pub weight: Option<Q>,
    pub amount: Option<Q>,
    pub measure: Measure,
    pub rule: Option<Rule>,
    pub exclusive: bool,
    pub cap: Option<Cap>,
    pub gate: Option<String>,
    pub modifier: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    Amount,
    Quantity,
    Margin,
}

#[derive(Clone, Debug)]
pub struct RateRule {
    pub product: Option<String>,
    pub category: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub rate: Q,
}

#[derive(Clone, Debug)]
pub enum CommissionRule {
    Rate(Q),
    Rates(Vec<RateRule>),
    Tiers { marginal: bool, bands: Vec<(Q, Q)> },
}

#[derive(Clone, Debug)]
pub struct Commission {
    pub id: String,
    pub metric: String,
    pub filter: BTreeMap<String, String>,
    pub basis: Basis,
    pub per_total: bool,
    pub round_total: bool,
    pub rule: CommissionRule,
}

type Table = toml::map::Map<String, Value>;

fn unsupported(what: impl Into<String>) -> Refusal {
    Refusal::Unsupported(what.into())
}

fn plan_error(what: impl Into<String>) -> Refusal {
    Refusal::Plan(what.into())
}

fn only(table: &Table, allowed: &[&str], at: &str) -> Result<(), Refusal> {
    for key in table.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(unsupported(format!("key `{key}` in {at}")));
        }
    }
    Ok(())
}

fn table<'a>(v: &'a Value, at: &str) -> Result<&'a Table, Refusal> {
    v.as_table()
        .ok_or_else(|| plan_error(format!("{at} is not a table")))
}

fn string(t: &Table, key: &str, at: &str) -> Result<Option<String>, Refusal> {
    match t.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(plan_error(format!("{at}.{key} is not a string"))),
    }
}

fn required(t: &Table, key: &str, at: &str) -> Result<String, Refusal> {
    string(t, key, at)?.ok_or_else(|| plan_error(format!("{at}.{key} is missing")))
}

fn number(t: &Table, key: &str, at: &str) -> Result<Option<Q>, Refusal> {
    t.get(key)
        .map(|v| num::from_value(v).map_err(|e| plan_error(format!("{at}.{key}: {e}"))))
        .transpose()
}

fn boolean(t: &Table, key: &str, at: &str) -> Result<bool, Refusal> {
    match t.get(key) {
        None => Ok(false),
        Some(Value::Boolean(b)) => Ok(*b),
        Some(_) => Err(plan_error(format!("{at}.{key} is not a boolean"))),
    }
}

fn pairs(v: &Value, at: &str) -> Result<Vec<(Q, Q)>, Refusal> {
    let rows = v
        .as_array()
        .ok_or_else(|| plan_error(format!("{at} is not an array")))?;
    rows.iter()
        .map(|row| match row.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((
                num::from_value(a).map_err(|e| plan_error(format!("{at}: {e}")))?,
                num::from_value(b).map_err(|e| plan_error(format!("{at}: {e}")))?,
            )),
            _ => Err(plan_error(format!("{at}: a row is not a pair"))),
        })
        .collect()
}

fn cap(v: &Value, at: &str) -> Result<Cap, Refusal> {
    let t = table(v, at)?;
    only(t, &["percent_of_target", "amount"], at)?;
    let cap = match (
        number(t, "percent_of_target", at)?,
        number(t, "amount", at)?,
    ) {
        (Some(p), None) => Cap::PercentOfTarget(p),
        (None, Some(a)) => Cap::Amount(a),
        _ => {
            return Err(plan_error(format!(
                "{at}: give one of percent_of_target, amount"
            )));
        }
    };
    Ok(cap)
}

fn level(t: &Table, at: &str) -> Result<Level, Refusal> {
    match (number(t, "at_least", at)?, number(t, "above", at)?) {
        (Some(l), None) => Ok(Level::AtLeast(l)),
        (None, Some(l)) => Ok(Level::Above(l)),
        _ => Err(plan_error(format!("{at}: give at_least or above"))),
    }
}

fn formula(t: &Table, at: &str) -> Result<Option<Formula>, Refusal> {
    let direction = string(t, "direction", at)?;
    let formula = string(t, "formula", at)?;
    match (direction.as_deref(), formula.as_deref()) {
        (None | Some("higher-is-better"), None) => Ok(None),
        (Some("lower-is-better"), Some("target-over-actual")) => {
            Ok(Some(Formula::TargetOverActual))
        }
        (Some("lower-is-better"), Some("two-minus-actual-over-target")) => {
            Ok(Some(Formula::TwoMinus))
        }
        (d, f) => Err(plan_error(format!(
            "{at}: direction {d:?} with formula {f:?}"
        ))),
    }
}

fn quant(t: &Table, metric: String, at: &str) -> Result<Quant, Refusal> {
    let target = number(t, "target", at)?;
    if target.as_ref().is_some_and(|t| t <= &num::int(0)) {
        return Err(plan_error(format!("{at}: a target must be above 0")));
    }
    let baseline = number(t, "baseline", at)?;
    if let (Some(b), Some(t)) = (&baseline, &target) {
        if t <= b {
            return Err(plan_error(format!(
                "{at}: the goal is not above the baseline"
            )));
        }
    }
    Ok(Quant {
        metric,
        target,
        formula: formula(t, at)?,
        baseline,
    })
}

fn names(root: &Table, key: &str) -> Result<Vec<(String, Table)>, Refusal> {
    match root.get(key) {
        None => Ok(Vec::new()),
        Some(v) => table(v, key)?
            .iter()
            .map(|(name, v)| Ok((name.clone(), table(v, &format!("{key}.{name}"))?.clone())))
            .collect(),
    }
}

fn array_of_tables(root: &Table, key: &str) -> Result<Vec<Table>, Refusal> {
    match root.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(|v| Ok(table(v, key)?.clone())).collect(),
        Some(_) => Err(plan_error(format!("{key} is not an array of tables"))),
    }
}

/// The variable share of a `"BASE/VARIABLE"` mix in percent points adding
/// up to exactly 100: `"60/40"` is 0.4.
fn mix_variable(mix: &str) -> Result<Q, Refusal> {
    let (base, variable) = mix
        .split_once('/')
        .ok_or_else(|| plan_error(format!("mix `{mix}` is not BASE/VARIABLE")))?;
    let base = num::parse(base).map_err(plan_error)?;
    let variable = num::parse(variable).map_err(plan_error)?;
    if base.clone() + variable.clone() != num::int(100)
        || base < num::int(0)
        || variable <= num::int(0)
    {
        return Err(plan_error(format!("mix `{mix}` does not add up to 100")));
    }
    Ok(variable / num::int(100))
}

/// The labels of a plan year's periods (calendar plan year 2026).
fn labels(pay_period: &str) -> Result<Vec<String>, Refusal> {
    Ok(match pay_period {
        "semi-month" => (1..=24).map(|i| format!("2026-S{i:02}")).collect(),
        "month" => (1..=12).map(|i| format!("2026-M{i:02}")).collect(),
        "quarter" => (1..=4).map(|i| format!("2026-Q{i}")).collect(),
        "half" => vec!["2026-H1".into(), "2026-H2".into()],
        "year" => vec!["2026".into()],
        other => return Err(unsupported(format!("pay_period `{other}`"))),
    })
}

fn periods_per_year(pay_period: &str) -> Result<i64, Refusal> {
    Ok(match pay_period {
        "semi-month" => 24,
        "month" => 12,
        "quarter" => 4,
        "half" => 2,
        "year" => 1,
        other => return Err(unsupported(format!("pay_period `{other}`"))),
    })
}

fn currency_places(code: &str) -> Result<u32, Refusal> {
    Ok(match code {
        "USD" | "EUR" | "GBP" => 2,
        "JPY" => 0,
        "KWD" | "BHD" => 3,
        other => return Err(unsupported(format!("currency `{other}`"))),
    })
}

/// Reads plan text the way the reference describes it.
pub fn read(text: &str) -> Result<Plan, Refusal> {
    let root: Table = toml::from_str(text).map_err(|e| plan_error(format!("toml: {e}")))?;
    only(
        &root,
        &[
            "id",
            "name",
            "version",
            "description",
            "currency",
            "minor_units",
            "pay_period",
            "target_incentive",
            "rounding",
            "cap",
            "gate",
            "modifier",
            "metrics",
            "curves",
            "scales",
            "measures",
            "gates",
            "modifiers",
            "kickers",
            "components",
            "commissions",
            "adjustments",
        ],
        "the plan",
    )?;
    let currency = required(&root, "currency", "plan")?;
    let places = match number(&root, "minor_units", "plan")? {
        Some(p) if p.is_integer() && p >= num::int(0) && p <= num::int(6) => {
            u32::try_from(p.to_integer()).map_err(|_| plan_error("minor_units"))?
        }
        Some(_) => return Err(plan_error("minor_units must be 0 to 6")),
        None => currency_places(&currency)?,
    };
    let (mode, total_scope) = match root.get("rounding") {
        None => (Mode::HalfUp, false),
        Some(v) => {
            let t = table(v, "rounding")?;
            only(t, &["mode", "scope"], "rounding")?;
            let mode = match string(t, "mode", "rounding")?.as_deref() {
                None | Some("half-up") => Mode::HalfUp,
                Some("half-even") => Mode::HalfEven,
                Some("down") => Mode::Down,
                Some("up") => Mode::Up,
                Some(m) => return Err(plan_error(format!("rounding mode `{m}`"))),
            };
            let total = match string(t, "scope", "rounding")?.as_deref() {
                None | Some("line") => false,
                Some("total") => true,
                Some(s) => return Err(plan_error(format!("rounding scope `{s}`"))),
            };
            (mode, total)
        }
    };
    let pay_period = required(&root, "pay_period", "plan")?;
    let mut period_weights = None;
    let target_incentive = match root.get("target_incentive") {
        None => None,
        Some(v) => {
            let t = table(v, "target_incentive")?;
            only(
                t,
                &[
                    "amount",
                    "annual",
                    "percent_of_base",
                    "ote",
                    "mix",
                    "period_weights",
                ],
                "target_incentive",
            )?;
            let at = "target_incentive";
            if let Some(w) = t.get("period_weights") {
                let weights = w
                    .as_array()
                    .ok_or_else(|| plan_error("period_weights is not an array"))?
                    .iter()
                    .map(|v| num::from_value(v).map_err(plan_error))
                    .collect::<Result<Vec<Q>, _>>()?;
                let sum = weights.iter().fold(num::int(0), |a, b| a + b);
                let n = usize::try_from(periods_per_year(&pay_period)?).unwrap_or(0);
                if weights.len() != n
                    || sum != num::int(1)
                    || weights.iter().any(|w| w < &num::int(0))
                {
                    return Err(plan_error(
                        "period weights: one per period, adding up to 100%",
                    ));
                }
                if t.contains_key("amount") {
                    return Err(plan_error("period weights share an annual amount"));
                }
                period_weights = Some(weights);
            }
            match (
                number(t, "amount", at)?,
                number(t, "annual", at)?,
                number(t, "percent_of_base", at)?,
                number(t, "ote", at)?,
            ) {
                (Some(a), None, None, None) => Some(TargetIncentive::Amount(a)),
                (None, Some(a), None, None) => Some(TargetIncentive::Annual(a)),
                (None, None, Some(p), None) => Some(TargetIncentive::PercentOfBase(p)),
                (None, None, None, Some(ote)) => {
                    let mix = required(t, "mix", at)?;
                    let variable = mix_variable(&mix)?;
                    Some(TargetIncentive::Annual(ote * variable))
                }
                _ => return Err(plan_error("target_incentive: give one form")),
            }
        }
    };
    let adjustments_inside_cap = match string(&root, "adjustments", "plan")?.as_deref() {
        None | Some("outside-cap") => false,
        Some("inside-cap") => true,
        Some(a) => return Err(plan_error(format!("adjustments `{a}`"))),
    };

    let mut metrics = BTreeMap::new();
    for (name, t) in names(&root, "metrics")? {
        only(&t, &["description", "ratio"], "metric")?;
        let ratio = match t.get("ratio") {
            None => None,
            Some(v) => {
                let r = table(v, "ratio")?;
                Some((
                    required(r, "numerator", "ratio")?,
                    required(r, "denominator", "ratio")?,
                ))
            }
        };
        metrics.insert(name, Metric { ratio });
    }
    let mut curves = BTreeMap::new();
    for (name, t) in names(&root, "curves")? {
        only(&t, &["description", "points", "extrapolate"], "curve")?;
        let points = pairs(
            t.get("points")
                .ok_or_else(|| plan_error("curve without points"))?,
            "points",
        )?;
        let extrapolate = boolean(&t, "extrapolate", "curve")?;
        curves.insert(
            name,
            Curve {
                points,
                extrapolate,
            },
        );
    }
    let mut scales = BTreeMap::new();
    for (name, t) in names(&root, "scales")? {
        only(
            &t,
            &["description", "min", "max", "step", "ratings", "labels"],
            "scale",
        )?;
        let scale = if let Some(labels) = t.get("labels") {
            let rows = labels
                .as_array()
                .ok_or_else(|| plan_error("labels is not an array"))?;
            let mut out = Vec::new();
            for row in rows {
                match row.as_array().map(Vec::as_slice) {
                    Some([Value::String(l), p]) => {
                        out.push((l.clone(), num::from_value(p).map_err(plan_error)?))
                    }
                    _ => return Err(plan_error("a label row is not [label, payout]")),
                }
            }
            Scale::Labels { labels: out }
        } else {
            let min = number(&t, "min", "scale")?.ok_or_else(|| plan_error("scale min"))?;
            let max = number(&t, "max", "scale")?.ok_or_else(|| plan_error("scale max"))?;
            let step = number(&t, "step", "scale")?.unwrap_or_else(|| num::int(1));
            let ratings = pairs(
                t.get("ratings")
                    .ok_or_else(|| plan_error("scale without ratings"))?,
                "ratings",
            )?;
            // Every rating in the range, none missing: min, min + step, …, max.
            let mut expected = Vec::new();
            let mut r = min.clone();
            while r <= max && expected.len() <= ratings.len() {
                expected.push(r.clone());
                r += &step;
            }
            let given: Vec<Q> = ratings.iter().map(|(r, _)| r.clone()).collect();
            if given != expected || expected.last() != Some(&max) {
                return Err(plan_error("the ratings are not every step of the range"));
            }
            Scale::Numeric { ratings }
        };
        scales.insert(name, scale);
    }
    let mut measures = BTreeMap::new();
    for (name, t) in names(&root, "measures")? {
        only(
            &t,
            &["description", "metric", "target", "direction", "formula"],
            "measure",
        )?;
        let metric = required(&t, "metric", "measure")?;
        measures.insert(
            name,
            MeasureDef {
                quant: quant(&t, metric, "measure")?,
            },
        );
    }
    let mut gates = BTreeMap::new();
    for (name, t) in names(&root, "gates")? {
        only(
            &t,
            &[
                "description",
                "measure",
                "at_least",
                "above",
                "rating",
                "in",
            ],
            "gate",
        )?;
        let gate = if let Some(rating) = string(&t, "rating", "gate")? {
            let labels = t
                .get("in")
                .and_then(Value::as_array)
                .ok_or_else(|| plan_error("gate without `in`"))?
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| plan_error("a label is not a string"))
                })
                .collect::<Result<_, _>>()?;
            Gate::Label { rating, labels }
        } else {
            Gate::Measure {
                measure: required(&t, "measure", "gate")?,
                level: level(&t, "gate")?,
            }
        };
        gates.insert(name, gate);
    }
    let mut modifiers = BTreeMap::new();
    for (name, t) in names(&root, "modifiers")? {
        only(
            &t,
            &["description", "measure", "curve", "below_first"],
            "modifier",
        )?;
        let floor_at_first = match required(&t, "below_first", "modifier")?.as_str() {
            "zero" => false,
            "first-point" => true,
            other => return Err(plan_error(format!("below_first `{other}`"))),
        };
        modifiers.insert(
            name,
            Modifier {
                measure: required(&t, "measure", "modifier")?,
                curve: required(&t, "curve", "modifier")?,
                floor_at_first,
            },
        );
    }
    let mut kickers = Vec::new();
    for t in array_of_tables(&root, "kickers")? {
        only(
            &t,
            &[
                "id",
                "name",
                "description",
                "measure",
                "at_least",
                "above",
                "amount",
            ],
            "kicker",
        )?;
        kickers.push(Kicker {
            measure: required(&t, "measure", "kicker")?,
            level: level(&t, "kicker")?,
            amount: number(&t, "amount", "kicker")?.ok_or_else(|| plan_error("kicker amount"))?,
        });
    }
    let mut components = Vec::new();
    for t in array_of_tables(&root, "components")? {
        components.push(component(&t)?);
    }
    let mut commissions = Vec::new();
    for t in array_of_tables(&root, "commissions")? {
        commissions.push(commission(&t)?);
    }
    Ok(Plan {
        places,
        mode,
        total_scope,
        target_incentive,
        period_weights,
        period_labels: labels(&pay_period)?,
        adjustments_inside_cap,
        cap: root.get("cap").map(|v| cap(v, "cap")).transpose()?,
        gate: string(&root, "gate", "plan")?,
        modifier: string(&root, "modifier", "plan")?,
        metrics,
        curves,
        scales,
        measures,
        gates,
        modifiers,
        kickers,
        components,
        commissions,
    })
}

fn component(t: &Table) -> Result<Component, Refusal> {
    only(
        t,
        &[
            "id",
            "name",
            "description",
            "weight",
            "amount",
            "pays",
            "cap",
            "gate",
            "modifier",
            "metric",
            "rating",
            "score",
            "target",
            "direction",
            "formula",
            "baseline",
            "curve",
            "steps",
            "tiers",
            "multipliers",
            "bounds",
            "matrix",
        ],
        "a component",
    )?;
    let id = required(t, "id", "component")?;
    let at = format!("component `{id}`");
    let measure = if let Some(metric) = string(t, "metric", &at)? {
        Measure::Metric(quant(t, metric, &at)?)
    } else if let Some(scale) = string(t, "rating", &at)? {
        Measure::Rating(scale)
    } else if let Some(v) = t.get("score") {
        let s = table(v, "score")?;
        only(s, &["min", "max", "of"], "score")?;
        let min = number(s, "min", "score")?.ok_or_else(|| plan_error("score min"))?;
        let max = number(s, "max", "score")?.ok_or_else(|| plan_error("score max"))?;
        if min >= max {
            return Err(plan_error(format!(
                "{at}: a score's min must be below its max"
            )));
        }
        match s.get("of") {
            None => Measure::Score { min, max },
            Some(of) => {
                let rows = of
                    .as_array()
                    .ok_or_else(|| plan_error("score.of is not an array"))?;
                let mut parts = Vec::new();
                for row in rows {
                    match row.as_array().map(Vec::as_slice) {
                        Some([Value::String(name), w]) => {
                            let w = num::from_value(w).map_err(plan_error)?;
                            if w <= num::int(0) || w > num::int(1) {
                                return Err(plan_error(
                                    "a part's weight is above 0%, at most 100%",
                                ));
                            }
                            parts.push((name.clone(), w));
                        }
                        _ => return Err(plan_error("a score part is not [name, weight]")),
                    }
                }
                let sum = parts.iter().fold(num::int(0), |a, (_, w)| a + w);
                if sum != num::int(1) {
                    return Err(plan_error(format!("{at}: the parts' weights sum to {sum}")));
                }
                Measure::Weighted { min, max, parts }
            }
        }
    } else if let Some(v) = t.get("matrix") {
        Measure::Matrix(matrix(v, &at)?)
    } else if string(t, "pays", &at)?.as_deref() == Some("target") {
        Measure::Fixed
    } else {
        return Err(plan_error(format!("{at} has no measure")));
    };
    if matches!(measure, Measure::Fixed) && t.contains_key("modifier") {
        // Not in the reference: the engine refuses a modifier on a fixed
        // part (`pays = "target"` has "no measure or rule"); the oracle
        // follows, and the report lists it as a gap in the reference.
        return Err(plan_error(format!("{at}: a fixed part has no modifier")));
    }
    let exclusive = match string(t, "bounds", &at)?.as_deref() {
        None | Some("inclusive") => false,
        Some("exclusive") => true,
        Some(b) => return Err(plan_error(format!("bounds `{b}`"))),
    };
    let mode = |t: &Table, at: &str| -> Result<bool, Refusal> {
        match string(t, "mode", at)?.as_deref() {
            Some("marginal") => Ok(true),
            Some("retroactive") => Ok(false),
            m => Err(plan_error(format!("{at}: mode {m:?}"))),
        }
    };
    let rule = if let Some(c) = string(t, "curve", &at)? {
        Some(Rule::Curve(c))
    } else if let Some(v) = t.get("steps") {
        Some(Rule::Steps(pairs(v, "steps")?))
    } else if let Some(v) = t.get("tiers") {
        let tt = table(v, "tiers")?;
        only(tt, &["basis", "mode", "bands"], "tiers")?;
        let on_amount = match string(tt, "basis", "tiers")?.as_deref() {
            None | Some("attainment") => false,
            Some("amount") => true,
            Some(b) => return Err(plan_error(format!("tiers basis `{b}`"))),
        };
        Some(Rule::Tiers {
            on_amount,
            marginal: mode(tt, "tiers")?,
            bands: pairs(
                tt.get("bands").ok_or_else(|| plan_error("tiers bands"))?,
                "bands",
            )?,
        })
    } else if let Some(v) = t.get("multipliers") {
        let tt = table(v, "multipliers")?;
        only(tt, &["mode", "bands"], "multipliers")?;
        Some(Rule::Multipliers {
            marginal: mode(tt, "multipliers")?,
            bands: pairs(
                tt.get("bands")
                    .ok_or_else(|| plan_error("multipliers bands"))?,
                "bands",
            )?,
        })
    } else {
        None
    };
    Ok(Component {
        weight: number(t, "weight", &at)?,
        amount: number(t, "amount", &at)?,
        measure,
        rule,
        exclusive,
        cap: t.get("cap").map(|v| cap(v, "cap")).transpose()?,
        gate: string(t, "gate", &at)?,
        modifier: string(t, "modifier", &at)?,
        id,
    })
}

fn matrix(v: &Value, at: &str) -> Result<Matrix, Refusal> {
    let t = table(v, "matrix")?;
    only(
        t,
        &[
            "rows",
            "columns",
            "mode",
            "below_first",
            "row_bounds",
            "column_bounds",
            "values",
        ],
        "matrix",
    )?;
    let list = |v: Option<&Value>, what: &str| -> Result<Vec<Q>, Refusal> {
        v.and_then(Value::as_array)
            .ok_or_else(|| plan_error(format!("{at}: matrix.{what} is not an array")))?
            .iter()
            .map(|x| num::from_value(x).map_err(plan_error))
            .collect()
    };
    let row_bounds = list(t.get("row_bounds"), "row_bounds")?;
    let column_bounds = list(t.get("column_bounds"), "column_bounds")?;
    for bounds in [&row_bounds, &column_bounds] {
        if bounds.is_empty() || bounds.windows(2).any(|w| w[0] >= w[1]) {
            return Err(plan_error(format!(
                "{at}: matrix bounds must be strictly increasing"
            )));
        }
    }
    let values = t
        .get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| plan_error("matrix.values is not an array"))?
        .iter()
        .map(|row| list(Some(row), "values"))
        .collect::<Result<Vec<_>, _>>()?;
    if values.len() != row_bounds.len()
        || values.iter().any(|r| r.len() != column_bounds.len())
        || values.iter().flatten().any(|v| v < &num::int(0))
    {
        return Err(plan_error(format!(
            "{at}: matrix values do not fit the bounds"
        )));
    }
    let rows = required(t, "rows", "matrix")?;
    let columns = required(t, "columns", "matrix")?;
    if rows == columns {
        return Err(plan_error(format!("{at}: a matrix reads two measures")));
    }
    Ok(Matrix {
        rows,
        columns,
        bilinear: match required(t, "mode", "matrix")?.as_str() {
            "steps" => false,
            "bilinear" => true,
            m => return Err(plan_error(format!("matrix mode `{m}`"))),
        },
        floor_at_first: match required(t, "below_first", "matrix")?.as_str() {
            "zero" => false,
            "first-point" => true,
            b => return Err(plan_error(format!("matrix below_first `{b}`"))),
        },
        row_bounds,
        column_bounds,
        values,
    })
}

fn commission(t: &Table) -> Result<Commission, Refusal> {
    only(
        t,
        &[
            "id",
            "name",
            "description",
            "metric",
            "where",
            "basis",
            "per",
            "rounding",
            "rate",
            "rates",
            "tiers",
        ],
        "a commission",
    )?;
    let id = required(t, "id", "commission")?;
    let at = format!("commission `{id}`");
    let strings = |v: Option<&Value>| -> Result<BTreeMap<String, String>, Refusal> {
        let mut out = BTreeMap::new();
        if let Some(v) = v {
            for (k, v) in table(v, "attributes")? {
                let s = v
                    .as_str()
                    .ok_or_else(|| plan_error("an attribute is not a string"))?;
                out.insert(k.clone(), s.to_owned());
            }
        }
        Ok(out)
    };
    let basis = match string(t, "basis", &at)?.as_deref() {
        None | Some("amount") => Basis::Amount,
        Some("quantity") => Basis::Quantity,
        Some("margin") => Basis::Margin,
        Some(b) => return Err(plan_error(format!("basis `{b}`"))),
    };
    let rule = if let Some(r) = number(t, "rate", &at)? {
        CommissionRule::Rate(r)
    } else if let Some(v) = t.get("rates") {
        let mut rules = Vec::new();
        for r in v
            .as_array()
            .ok_or_else(|| plan_error("rates is not an array"))?
        {
            let r = table(r, "rates")?;
            only(
                r,
                &["product", "category", "attributes", "rate"],
                "a rate rule",
            )?;
            rules.push(RateRule {
                product: string(r, "product", "rate rule")?,
                category: string(r, "category", "rate rule")?,
                attributes: strings(r.get("attributes"))?,
                rate: number(r, "rate", "rate rule")?.ok_or_else(|| plan_error("rate"))?,
            });
        }
        CommissionRule::Rates(rules)
    } else if let Some(v) = t.get("tiers") {
        let tt = table(v, "tiers")?;
        only(tt, &["mode", "bands"], "tiers")?;
        let marginal = match string(tt, "mode", "tiers")?.as_deref() {
            Some("marginal") => true,
            Some("retroactive") => false,
            m => return Err(plan_error(format!("tiers mode {m:?}"))),
        };
        CommissionRule::Tiers {
            marginal,
            bands: pairs(tt.get("bands").ok_or_else(|| plan_error("bands"))?, "bands")?,
        }
    } else {
        return Err(unsupported(format!(
            "{at}: a rule other than rate, rates, tiers"
        )));
    };
    let per_total = match string(t, "per", &at)?.as_deref() {
        None => matches!(rule, CommissionRule::Tiers { .. }),
        Some("line") => false,
        Some("total") => true,
        Some(p) => return Err(plan_error(format!("per `{p}`"))),
    };
    let round_total = match string(t, "rounding", &at)?.as_deref() {
        None | Some("line") => false,
        Some("total") => true,
        Some(r) => return Err(plan_error(format!("rounding `{r}`"))),
    };
    Ok(Commission {
        metric: required(t, "metric", &at)?,
        filter: strings(t.get("where"))?,
        basis,
        per_total,
        round_total,
        rule,
        id,
    })
}
