//! The prepared (compiled) form of a plan: many participants, fast, exact.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use super::fx::Fx;
use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::money::{RoundingMode, RoundingScope};
use crate::payout::{Axis, Segment, StepTrace, TierBasis, TierMode};
use crate::plan::{
    Cap, Component, Direction, LowerIsBetter, Measure, Metric, Plan, Rule, TargetIncentive,
};
use crate::statement::{CapTrace, GateTrace, Line, MeasureTrace, RatioTrace, RuleTrace, Statement};

/// One value a prepared plan reads from a participant: the columns of
/// [`PreparedPlan::evaluate_values`].
///
/// # Example
///
/// ```
/// use incentive::{Field, Plan};
///
/// let prepared = Plan::load("plans/demand-generation.toml")?.prepare();
/// assert_eq!(
///     prepared.fields(),
///     &[
///         Field::Actual("pipeline".into()),
///         Field::Target("pipeline".into()),
///         Field::Rating("campaign_effectiveness".into()),
///     ]
/// );
/// assert_eq!(prepared.fields()[1].to_string(), "targets.pipeline");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The actual of an input metric, by metric name.
    Actual(String),
    /// The target of a quantitative component, by component id.
    Target(String),
    /// The rating or score of a qualitative component, by component id.
    Rating(String),
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Actual(m) => write!(f, "actuals.{m}"),
            Field::Target(c) => write!(f, "targets.{c}"),
            Field::Rating(c) => write!(f, "ratings.{c}"),
        }
    }
}

/// One component's result in a [`Payout`], in plan order.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let prepared = Plan::load("plans/demand-generation.toml")?.prepare();
/// let mut payout = prepared.payout();
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(3500000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// prepared.evaluate_into(&dana, &mut payout)?;
/// let pipeline = payout.lines()[0];
/// assert_eq!(pipeline.amount, dec!(7500.00));
/// assert!(pipeline.at_cap); // past the curve's last point
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PayoutLine {
    /// The exact payout, as on the statement's line.
    pub exact: Exact,
    /// The rounded amount, as on the statement's line.
    pub amount: Decimal,
    /// Whether the line pays its maximum: the component's cap bound, the
    /// curve is at or past its last (capping) point, or the step table's
    /// last step was reached.
    pub at_cap: bool,
}

/// The amounts of one evaluation without its explanation: a reusable
/// buffer that [`PreparedPlan::evaluate_into`] overwrites, so a batch
/// allocates nothing per participant.
///
/// Every amount is the one [`Plan::evaluate`] puts on the statement, to
/// the byte.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let prepared = plan.prepare();
/// let mut payout = prepared.payout();
/// let rita = Inputs::new("rita", "demand-generation")
///     .actual("pipeline", dec!(3300002))
///     .target("pipeline", dec!(3000000))
///     .rating("campaign_effectiveness", dec!(3));
/// prepared.evaluate_into(&rita, &mut payout)?;
/// assert_eq!(payout.total(), dec!(5750.00));
/// assert_eq!(payout.lines()[0].exact.to_string(), "4500.005");
/// assert_eq!(payout.total(), plan.evaluate(&rita)?.total());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Payout {
    lines: Vec<PayoutLine>,
    total: Decimal,
    exact_total: Option<Exact>,
    plan_capped: bool,
    values: Vec<Decimal>,
}

impl Payout {
    /// The amount paid: what [`Statement::total`] returns.
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// The component lines, in plan order.
    pub fn lines(&self) -> &[PayoutLine] {
        &self.lines
    }

    /// Whether the plan's cap on the total bound.
    pub fn plan_capped(&self) -> bool {
        self.plan_capped
    }

    /// The exact total before rounding, as [`Statement::exact_total`];
    /// `None` only if the sum does not fit exactly.
    pub fn exact_total(&self) -> Option<Exact> {
        if let Some(t) = self.exact_total {
            return Some(t);
        }
        self.lines
            .iter()
            .try_fold(Exact::ZERO, |acc, l| acc.checked_add(l.exact))
    }

    /// Copies a general-engine statement's amounts.
    fn fill_from(&mut self, s: &Statement, plan: &Plan) {
        self.lines.clear();
        for (l, c) in s.lines.iter().zip(&plan.components) {
            let rule_top = match (&l.rule, &c.rule) {
                (RuleTrace::Curve { segment, .. }, _) => matches!(segment, Segment::Capped { .. }),
                (RuleTrace::Steps { step, .. }, Rule::Steps(steps)) => match step {
                    StepTrace::Reached { step, .. } => *step == steps.points().len(),
                    StepTrace::BelowFirst { .. } => false,
                },
                _ => false,
            };
            self.lines.push(PayoutLine {
                exact: l.exact,
                amount: l.amount,
                at_cap: rule_top || l.cap.is_some_and(|c| c.applied),
            });
        }
        self.total = s.total;
        self.exact_total = Some(s.exact_total);
        // The plan cap's adjustment is shown even when it does not bind.
        self.plan_capped = s.adjustments.iter().any(
            |a| matches!(&a.detail, Some(crate::statement::AdjustmentDetail::Cap(c)) if c.applied),
        );
    }
}

/// How an attainment is formed from the actual and the target.
#[derive(Clone, Copy, Debug)]
enum Attain {
    ActualOverTarget,
    TargetOverActual,
    TwoMinusActualOverTarget,
}

#[derive(Clone, Debug)]
enum FastMeasure {
    Quantitative {
        actual: usize,
        /// The denominator's column of a ratio metric (the actual's column
        /// is then the numerator).
        ratio_den: Option<usize>,
        target: usize,
        attain: Attain,
    },
    Rating {
        value: usize,
    },
    Score {
        value: usize,
        min: Decimal,
        max: Decimal,
    },
}

#[derive(Clone, Debug)]
enum FastRule {
    /// Points (x, y); segment slopes `(y1 − y0) / (x1 − x0)` precomputed.
    Curve {
        xs: Vec<Fx>,
        ys: Vec<Fx>,
        slopes: Vec<Fx>,
        extrapolate: bool,
    },
    Steps {
        xs: Vec<Fx>,
        ys: Vec<Fx>,
    },
    Scale {
        ratings: Vec<(Decimal, Fx)>,
    },
    /// `(lower bound, rate)` bands; the commission is the uncapped
    /// payout itself (no explained fast route: the general engine writes
    /// the band traces).
    Tiers {
        basis: TierBasis,
        mode: TierMode,
        bands: Vec<(Fx, Fx)>,
    },
}

#[derive(Clone, Debug)]
struct FastComponent {
    weight: Exact,
    measure: FastMeasure,
    rule: FastRule,
    cap: Option<Cap>,
    /// The component's target incentive when the plan fixes it.
    comp_ti: Option<Fx>,
    /// The cap's limit when the plan fixes the target incentive.
    limit: Option<Fx>,
    /// A gate on a quantitative component of the same plan.
    gate: Option<FastGate>,
    /// Some component's gate reads this component's attainment.
    gates_others: bool,
}

/// A component gate compiled: the line pays only when the attainment of
/// component `source` (by index, possibly later in plan order) is at
/// least `at_least`.
#[derive(Clone, Debug)]
struct FastGate {
    source: usize,
    at_least: Fx,
}

#[derive(Clone, Debug)]
struct Fast {
    components: Vec<FastComponent>,
    places: u32,
    mode: RoundingMode,
    /// The plan's target incentive per period, when the plan fixes it.
    ti: Option<Exact>,
    plan_cap: Option<Cap>,
}

/// A plan compiled for evaluating many participants: the batch form.
///
/// [`Plan::prepare`] compiles each component's rule into scaled-integer
/// fractions once (curve slopes, steps, scale payouts, tier bands, the
/// component's target incentive), so that evaluating a participant takes no
/// validation, no allocation and no gcd: the exact amount of each line is
/// one fraction, divided once when it is rounded. The amounts are those
/// [`Plan::evaluate`] computes, to the byte; a participant the fast route
/// cannot take — an input error, a value too large for it, a plan feature
/// it does not compile (rounding on the total, kickers, modifiers, a plan
/// gate or plan cap, a gate on a named measure, constants too large),
/// credited or plan-year inputs — goes through the general engine instead,
/// which gives the same result or the same error; so do the explained
/// statements of tiered rates, whose band traces only the general engine
/// writes.
/// [`PreparedPlan::fast`] says whether the plan compiled.
///
/// Without explanations, [`PreparedPlan::evaluate_into`] fills a reusable
/// [`Payout`]; with them, [`PreparedPlan::statement`] returns the full
/// [`Statement`]. [`PreparedPlan::batch`] does either over a slice.
///
/// # Errors
///
/// Evaluations fail exactly as [`Plan::evaluate`] does.
///
/// # Example
///
/// ```
/// use incentive::{Explain, Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let prepared = plan.prepare();
/// assert!(prepared.fast());
///
/// let people: Vec<Inputs> = (0..100)
///     .map(|i| {
///         Inputs::new(format!("p{i}"), "demand-generation")
///             .actual("pipeline", dec!(1900000) + rust_decimal::Decimal::from(i * 10000))
///             .target("pipeline", dec!(2000000))
///             .rating("campaign_effectiveness", dec!(3))
///     })
///     .collect();
/// let batch = prepared.batch(&people, Explain::Skip)?;
/// assert_eq!(batch.participants(), 100);
/// // Exactly 648,640.625 before rounding; each line rounds half-even.
/// assert_eq!(batch.total(), dec!(648640.63));
/// assert!(batch.statements().is_empty());
///
/// let wrong = Inputs::new("x", "demand-generation").target("pipeline", dec!(1));
/// assert!(prepared.batch(&[wrong], Explain::Skip).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PreparedPlan {
    plan: Plan,
    fields: Vec<Field>,
    /// For each quantitative component, the plan's fixed target, if any.
    fixed_targets: Vec<Option<Decimal>>,
    n_actuals: usize,
    n_targets: usize,
    fast: Option<Fast>,
}

impl Plan {
    /// Compiles the plan for batch evaluation; see [`PreparedPlan`].
    ///
    /// Never fails: a plan the fast route cannot compile evaluates every
    /// participant through the general engine.
    pub fn prepare(&self) -> PreparedPlan {
        PreparedPlan::new(self)
    }
}

/// Whether a decimal is small enough that the fast route's products stay
/// far inside `i128`: mantissa below `10^15`, at most 8 places.
fn small(v: Decimal) -> bool {
    v.scale() <= 8 && v.mantissa().unsigned_abs() < 1_000_000_000_000_000
}

/// Plan constants compile only when small as well: at most `10^9` and 6
/// places.
fn small_const(v: Decimal) -> bool {
    v.scale() <= 6 && v.mantissa().unsigned_abs() < 1_000_000_000_000_000
}

fn compile(plan: &Plan, fields: &[Field]) -> Option<Fast> {
    // Destructured without `..` on purpose: a field added to `Plan` or
    // `Component` (a gate, a modifier, a kicker) stops this from building
    // until the prepared form either understands it or refuses it, so it
    // can never be skipped silently.
    let Plan {
        id: _,
        name: _,
        version: _,
        description: _,
        currency: _,
        pay_period,
        target_incentive,
        rounding,
        metrics,
        components,
        cap: plan_cap,
        // Definitions only matter where something refers to them; the
        // references (kickers, plan gates, modifiers, and component gates
        // other than on a quantitative component) are refused below.
        measures: _,
        gates,
        modifiers: _,
        kickers,
        gate: plan_gate,
        modifier: plan_modifier,
        // Not read by `Plan::evaluate`: crediting, clawbacks and plan years
        // work around it.
        clawback_window_days: _,
        transaction_metrics: _,
        year: _,
    } = plan;
    if rounding.scope() != RoundingScope::Line {
        return None;
    }
    // Plan-level stages (kickers, a plan gate or modifier, the plan cap)
    // write adjustments that only the general engine computes.
    if !kickers.is_empty() || plan_gate.is_some() || plan_modifier.is_some() || plan_cap.is_some() {
        return None;
    }
    let ti = match target_incentive {
        TargetIncentive::Amount(a) => small_const(*a).then(|| Exact::from_decimal(*a)),
        TargetIncentive::Annual(a) => small_const(*a)
            .then(|| {
                Exact::from_decimal(*a)
                    .checked_div(Exact::from_int(i128::from(pay_period.periods_per_year())))
            })
            .flatten(),
        TargetIncentive::PercentOfBase(p) => {
            if !small_const(*p) {
                return None;
            }
            None
        }
    };
    if let TargetIncentive::Amount(_) | TargetIncentive::Annual(_) = target_incentive {
        ti?;
    }
    if let Some(Cap::PercentOfTarget(v) | Cap::Amount(v)) = plan_cap {
        if !small_const(*v) {
            return None;
        }
    }
    let col = |f: &Field| fields.iter().position(|x| x == f);
    let mut out = Vec::with_capacity(components.len());
    for c in components {
        let Component {
            id,
            name: _,
            description: _,
            weight,
            measure,
            rule,
            cap,
            gate,
            modifier,
            // Read only by plan years, which evaluate through `Plan::evaluate`.
            measurement: _,
        } = c;
        if modifier.is_some() {
            return None;
        }
        // A gate compiles when its measure is a quantitative component of
        // this plan (which `condition_attainment` finds before a named
        // measure): the fast route computes that attainment anyway.
        let gate = match gate {
            None => None,
            Some(name) => {
                let g = gates.get(name)?;
                let source = components.iter().position(|s| s.id == g.measure)?;
                let quantitative = matches!(
                    components.get(source).map(|s| &s.measure),
                    Some(Measure::Quantitative { .. })
                );
                if !quantitative || !small_const(g.at_least) {
                    return None;
                }
                Some(FastGate {
                    source,
                    at_least: Fx::dec(g.at_least),
                })
            }
        };
        if !small_const(*weight) {
            return None;
        }
        if let Some(Cap::PercentOfTarget(v) | Cap::Amount(v)) = cap {
            if !small_const(*v) {
                return None;
            }
        }
        let measure = match measure {
            Measure::Quantitative {
                metric,
                target: _,
                direction,
                formula,
            } => {
                let (actual, ratio_den) = match metrics.get(metric)? {
                    Metric::Input => (col(&Field::Actual(metric.clone()))?, None),
                    Metric::Ratio {
                        numerator,
                        denominator,
                    } => (
                        col(&Field::Actual(numerator.clone()))?,
                        Some(col(&Field::Actual(denominator.clone()))?),
                    ),
                };
                let attain = match (direction, formula) {
                    (Direction::LowerIsBetter, Some(LowerIsBetter::TargetOverActual)) => {
                        Attain::TargetOverActual
                    }
                    (Direction::LowerIsBetter, Some(LowerIsBetter::TwoMinusActualOverTarget)) => {
                        Attain::TwoMinusActualOverTarget
                    }
                    _ => Attain::ActualOverTarget,
                };
                FastMeasure::Quantitative {
                    actual,
                    ratio_den,
                    target: col(&Field::Target(id.clone()))?,
                    attain,
                }
            }
            Measure::Rating { scale: _ } => FastMeasure::Rating {
                value: col(&Field::Rating(id.clone()))?,
            },
            Measure::Score { min, max } => FastMeasure::Score {
                value: col(&Field::Rating(id.clone()))?,
                min: *min,
                max: *max,
            },
        };
        let rule = match rule {
            Rule::Curve { name: _, curve } => {
                let pts = curve.points();
                if pts.len() < 2 || pts.iter().any(|p| !small_const(p.x) || !small_const(p.y)) {
                    return None;
                }
                let mut slopes = Vec::new();
                for w in pts.windows(2) {
                    if let [a, b] = w {
                        let dy = Exact::from_decimal(b.y).checked_sub(Exact::from_decimal(a.y))?;
                        let dx = Exact::from_decimal(b.x).checked_sub(Exact::from_decimal(a.x))?;
                        slopes.push(Fx::from_exact(dy.checked_div(dx)?));
                    }
                }
                FastRule::Curve {
                    xs: pts.iter().map(|p| Fx::dec(p.x)).collect(),
                    ys: pts.iter().map(|p| Fx::dec(p.y)).collect(),
                    slopes,
                    extrapolate: curve.extrapolates(),
                }
            }
            Rule::Steps(steps) => {
                let pts = steps.points();
                if pts.is_empty() || pts.iter().any(|p| !small_const(p.x) || !small_const(p.y)) {
                    return None;
                }
                FastRule::Steps {
                    xs: pts.iter().map(|p| Fx::dec(p.x)).collect(),
                    ys: pts.iter().map(|p| Fx::dec(p.y)).collect(),
                }
            }
            Rule::Scale(scale) => {
                let pts = scale.ratings();
                if pts.iter().any(|p| !small_const(p.y)) {
                    return None;
                }
                FastRule::Scale {
                    ratings: pts.iter().map(|p| (p.x, Fx::dec(p.y))).collect(),
                }
            }
            Rule::Tiers(tiers) => {
                let bands = tiers.bands();
                if bands.is_empty()
                    || bands
                        .iter()
                        .any(|(b, r)| !small_const(*b) || !small_const(*r))
                {
                    return None;
                }
                FastRule::Tiers {
                    basis: tiers.basis(),
                    mode: tiers.mode(),
                    bands: bands
                        .iter()
                        .map(|(b, r)| (Fx::dec(*b), Fx::dec(*r)))
                        .collect(),
                }
            }
        };
        let weight = Exact::from_decimal(*weight);
        let (comp_ti, limit) = match ti {
            Some(ti) => {
                let ct = ti.checked_mul(weight)?;
                let limit = match cap {
                    Some(cap) => Some(Fx::from_exact(cap_limit(*cap, ct)?)),
                    None => None,
                };
                (Some(Fx::from_exact(ct)), limit)
            }
            None => (None, None),
        };
        out.push(FastComponent {
            weight,
            measure,
            rule,
            cap: *cap,
            comp_ti,
            limit,
            gate,
            gates_others: false,
        });
    }
    let sources: Vec<usize> = out
        .iter()
        .filter_map(|c| c.gate.as_ref().map(|g| g.source))
        .collect();
    for s in sources {
        if let Some(c) = out.get_mut(s) {
            c.gates_others = true;
        }
    }
    Some(Fast {
        components: out,
        places: rounding.places(),
        mode: rounding.mode(),
        ti,
        plan_cap: *plan_cap,
    })
}

fn cap_limit(cap: Cap, target: Exact) -> Option<Exact> {
    match cap {
        Cap::PercentOfTarget(p) => target.checked_mul(Exact::from_decimal(p)),
        Cap::Amount(a) => Some(Exact::from_decimal(a)),
    }
}

impl PreparedPlan {
    fn new(plan: &Plan) -> PreparedPlan {
        let mut fields: Vec<Field> = plan
            .input_metrics()
            .map(|m| Field::Actual(m.to_owned()))
            .collect();
        let n_actuals = fields.len();
        let mut fixed_targets = Vec::new();
        for c in &plan.components {
            if let Measure::Quantitative { target, .. } = &c.measure {
                fields.push(Field::Target(c.id.clone()));
                fixed_targets.push(*target);
            }
        }
        let n_targets = fixed_targets.len();
        for c in &plan.components {
            if c.is_qualitative() {
                fields.push(Field::Rating(c.id.clone()));
            }
        }
        let fast = compile(plan, &fields);
        PreparedPlan {
            plan: plan.clone(),
            fields,
            fixed_targets,
            n_actuals,
            n_targets,
            fast,
        }
    }

    /// The plan this was prepared from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Whether the plan compiled to the fast route. When it did not
    /// (rounding on the total, constants too large), every evaluation uses
    /// the general engine: still exact, only slower.
    pub fn fast(&self) -> bool {
        self.fast.is_some()
    }

    /// The values a participant brings, in the order
    /// [`PreparedPlan::evaluate_values`] reads them: the input metrics'
    /// actuals (sorted by name), then each quantitative component's
    /// target, then each qualitative component's rating or score, both in
    /// plan order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The column of `field`, if the plan reads it.
    pub fn column(&self, field: &Field) -> Option<usize> {
        self.fields.iter().position(|f| f == field)
    }

    /// A buffer for [`PreparedPlan::evaluate_into`], sized for this plan.
    pub fn payout(&self) -> Payout {
        Payout {
            lines: Vec::with_capacity(self.plan.components.len()),
            values: Vec::with_capacity(self.fields.len()),
            ..Payout::default()
        }
    }

    /// Evaluates one participant with full explanations: the statement
    /// [`Plan::evaluate`] returns, to the byte, built on the fast route
    /// (the plan is not re-validated, the amounts are the prepared
    /// fractions) or, for anything unusual, by the general engine.
    ///
    /// # Errors
    ///
    /// As [`Plan::evaluate`].
    pub fn statement(&self, inputs: &Inputs) -> Result<Statement> {
        if let Some(fast) = &self.fast {
            if let Some(s) = self.explain(fast, inputs) {
                return Ok(s);
            }
        }
        self.plan.evaluate(inputs)
    }

    /// The explained fast route: the general engine's statement, line for
    /// line, from the prepared fractions. `None` hands the participant to
    /// the general engine (plans with a plan cap never compile, so the
    /// check below only guards that rule).
    fn explain(&self, fast: &Fast, inputs: &Inputs) -> Option<Statement> {
        let plan = &self.plan;
        if plan.cap.is_some() {
            return None;
        }
        let mut values = Vec::with_capacity(self.fields.len());
        if !self.gather(inputs, &mut values) {
            return None;
        }
        // The general engine's own target-incentive line, text and all.
        let ti_line = crate::evaluate::target_incentive(plan, inputs).ok()?;
        // A participant's own target incentive, or one from the base
        // salary, is computed per participant (as `run` does).
        let ti = match (inputs.target_incentive(), plan.target_incentive) {
            (Some(t), _) => small(t).then_some(ti_line.amount),
            (None, TargetIncentive::PercentOfBase(_)) => inputs
                .base_salary()
                .is_some_and(small)
                .then_some(ti_line.amount),
            _ => None,
        };
        let per_participant = inputs.target_incentive().is_some()
            || matches!(plan.target_incentive, TargetIncentive::PercentOfBase(_));
        if per_participant && ti.is_none() {
            return None;
        }
        let mut lines = Vec::with_capacity(plan.components.len());
        let mut total = Decimal::ZERO;
        let mut exact_sum = Exact::ZERO;
        let mut seen = None;
        for (k, (c, fc)) in plan.components.iter().zip(&fast.components).enumerate() {
            let (comp_ti, limit) = match ti {
                None => (fc.comp_ti?, fc.limit),
                Some(ti) => {
                    let ct = ti.checked_mul(fc.weight)?;
                    let limit = match fc.cap {
                        Some(cap) => Some(Fx::from_exact(cap_limit(cap, ct)?)),
                        None => None,
                    };
                    (Fx::from_exact(ct), limit)
                }
            };
            let e = factor(fc, &values)?;
            if let Hit::Tiers = e.hit {
                return None;
            }
            if fc.gates_others {
                seen = Some((k, e.x));
            }
            let uncapped = comp_ti.mul(e.factor)?;
            let (mut exact, applied) = match limit {
                Some(l) if l.lt(uncapped)? => (l, true),
                _ => (uncapped, false),
            };
            let gate = match (&c.gate, &fc.gate) {
                (Some(name), Some(g)) => {
                    let (attainment, held) = gate_held(fast, g, &mut seen, &values)?;
                    if !held {
                        exact = Fx::ZERO;
                    }
                    Some(GateTrace {
                        gate: name.clone(),
                        measure: plan.gates.get(name)?.measure.clone(),
                        attainment: attainment.to_exact()?,
                        at_least: plan.gates.get(name)?.at_least,
                        held,
                    })
                }
                (None, None) => None,
                _ => return None,
            };
            let amount = exact.round(fast.places, fast.mode)?;
            total = total.checked_add(amount)?;
            let exact = exact.to_exact()?;
            exact_sum = exact_sum.checked_add(exact)?;
            let (measure, rule) = self.traces(c, fc, &e, &values)?;
            let cap = match (c.cap, limit) {
                (Some(cap), Some(limit)) => Some(CapTrace {
                    cap,
                    limit: limit.to_exact()?,
                    applied,
                }),
                _ => None,
            };
            lines.push(Line {
                component: c.id.clone(),
                name: c.name.clone(),
                weight: c.weight,
                target_incentive: comp_ti.to_exact()?,
                measure,
                rule,
                factor: e.factor.to_exact()?,
                uncapped: uncapped.to_exact()?,
                modifier: None,
                cap,
                gate,
                exact,
                amount,
            });
        }
        Some(Statement {
            participant: inputs.participant().to_owned(),
            participant_name: inputs.participant_name().map(str::to_owned),
            period: inputs.period().map(str::to_owned),
            plan: plan.id.clone(),
            plan_name: plan.name.clone(),
            plan_version: plan.version.clone(),
            currency: plan.currency,
            target_incentive: ti_line,
            lines,
            adjustments: Vec::new(),
            exact_total: exact_sum,
            total,
            rounding: plan.rounding,
            credits: Vec::new(),
        })
    }

    /// The measure and rule traces the general engine writes for `c`.
    fn traces(
        &self,
        c: &Component,
        fc: &FastComponent,
        e: &Eval,
        values: &[Decimal],
    ) -> Option<(MeasureTrace, RuleTrace)> {
        let axis = match c.measure {
            Measure::Score { .. } => Axis::Score,
            _ => Axis::Attainment,
        };
        let measure = match (&c.measure, &fc.measure) {
            (
                Measure::Quantitative {
                    metric,
                    direction,
                    formula,
                    ..
                },
                FastMeasure::Quantitative {
                    actual,
                    ratio_den,
                    target,
                    ..
                },
            ) => {
                let ratio = match (self.plan.metrics.get(metric), ratio_den) {
                    (
                        Some(Metric::Ratio {
                            numerator,
                            denominator,
                        }),
                        Some(den),
                    ) => Some(RatioTrace {
                        numerator: numerator.clone(),
                        numerator_value: *values.get(*actual)?,
                        denominator: denominator.clone(),
                        denominator_value: *values.get(*den)?,
                    }),
                    _ => None,
                };
                MeasureTrace::Quantitative {
                    metric: metric.clone(),
                    actual: e.actual.to_exact()?,
                    ratio,
                    target: Exact::from_decimal(*values.get(*target)?),
                    direction: *direction,
                    formula: *formula,
                    attainment: e.x.to_exact()?,
                }
            }
            (Measure::Rating { scale }, FastMeasure::Rating { value }) => MeasureTrace::Rating {
                scale: scale.clone(),
                rating: *values.get(*value)?,
            },
            (Measure::Score { min, max }, FastMeasure::Score { value, .. }) => {
                MeasureTrace::Score {
                    score: *values.get(*value)?,
                    min: *min,
                    max: *max,
                }
            }
            _ => return None,
        };
        let rule = match (&c.rule, e.hit) {
            (Rule::Curve { name, curve }, hit) => {
                let p = curve.points();
                let segment = match hit {
                    Hit::BelowThreshold => Segment::BelowThreshold {
                        threshold: *p.first()?,
                    },
                    Hit::Between(k) => Segment::Between {
                        from: *p.get(k)?,
                        to: *p.get(k + 1)?,
                    },
                    Hit::Capped => Segment::Capped { last: *p.last()? },
                    Hit::Extrapolated(k) => Segment::Extrapolated {
                        from: *p.get(k)?,
                        to: *p.get(k + 1)?,
                    },
                    _ => return None,
                };
                RuleTrace::Curve {
                    curve: name.clone(),
                    axis,
                    segment,
                }
            }
            (Rule::Steps(steps), hit) => {
                let p = steps.points();
                let step = match hit {
                    Hit::BelowFirst => StepTrace::BelowFirst { first: *p.first()? },
                    Hit::Step(k) => StepTrace::Reached {
                        step: k + 1,
                        point: *p.get(k)?,
                    },
                    _ => return None,
                };
                RuleTrace::Steps { axis, step }
            }
            (Rule::Scale(scale), Hit::Scale(rating)) => RuleTrace::Scale {
                rating,
                pays: scale.payout(rating).ok()?,
            },
            _ => return None,
        };
        Some((measure, rule))
    }

    /// Evaluates one participant without explanations into `out`,
    /// overwriting it; allocates nothing once `out` has been used.
    ///
    /// # Errors
    ///
    /// As [`Plan::evaluate`], with the same error.
    pub fn evaluate_into(&self, inputs: &Inputs, out: &mut Payout) -> Result<()> {
        if let Some(fast) = &self.fast {
            let mut values = std::mem::take(&mut out.values);
            let ok = self.gather(inputs, &mut values)
                && self
                    .run(
                        fast,
                        &values,
                        inputs.target_incentive(),
                        inputs.base_salary(),
                        out,
                    )
                    .is_some();
            out.values = values;
            if ok {
                return Ok(());
            }
        }
        let s = self.plan.evaluate(inputs)?;
        out.fill_from(&s, &self.plan);
        Ok(())
    }

    /// Evaluates one participant given as values in [`PreparedPlan::fields`]
    /// order (the plan's fixed targets must be given too), with the plan's
    /// own target incentive. This is the form simulations use: no map
    /// look-ups, no allocation.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `values` does not have one value per field;
    /// otherwise as [`Plan::evaluate`] on the same values, naming
    /// `participant`.
    pub fn evaluate_values(
        &self,
        participant: &str,
        values: &[Decimal],
        out: &mut Payout,
    ) -> Result<()> {
        self.evaluate_values_with(participant, values, None, None, out)
    }

    /// [`PreparedPlan::evaluate_values`] with a participant's own target
    /// incentive and base salary.
    pub(crate) fn evaluate_values_with(
        &self,
        participant: &str,
        values: &[Decimal],
        ti: Option<Decimal>,
        base_salary: Option<Decimal>,
        out: &mut Payout,
    ) -> Result<()> {
        if values.len() != self.fields.len() {
            return Err(Error::input(format!(
                "{} values given; this plan reads {}: {}",
                values.len(),
                self.fields.len(),
                self.fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_participant(participant)
            .with_plan(&self.plan.id));
        }
        if let Some(fast) = &self.fast {
            if values.iter().all(|v| small(*v))
                && self.run(fast, values, ti, base_salary, out).is_some()
            {
                return Ok(());
            }
        }
        let mut inputs = self.inputs_from_values(participant, values);
        if let Some(ti) = ti {
            inputs = inputs.with_target_incentive(ti);
        }
        if let Some(b) = base_salary {
            inputs = inputs.with_base_salary(b);
        }
        let s = self.plan.evaluate(&inputs)?;
        out.fill_from(&s, &self.plan);
        Ok(())
    }

    /// The [`Inputs`] that `values` stand for.
    pub fn inputs_from_values(&self, participant: &str, values: &[Decimal]) -> Inputs {
        let mut i = Inputs::new(participant, self.plan.id.clone());
        for (f, v) in self.fields.iter().zip(values) {
            i = match f {
                Field::Actual(m) => i.actual(m.clone(), *v),
                Field::Target(c) => i.target(c.clone(), *v),
                Field::Rating(c) => i.rating(c.clone(), *v),
            };
        }
        i
    }

    /// A participant's values in [`PreparedPlan::fields`] order, the plan's
    /// fixed targets filled in.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant and field when a value is
    /// missing or the inputs are for another plan.
    pub fn values(&self, inputs: &Inputs) -> Result<Vec<Decimal>> {
        let mut v = Vec::with_capacity(self.fields.len());
        if inputs.plan() != self.plan.id {
            return Err(Error::input(format!(
                "the inputs are for plan `{}`, not `{}`",
                inputs.plan(),
                self.plan.id
            ))
            .with_participant(inputs.participant())
            .with_field("plan"));
        }
        for (k, f) in self.fields.iter().enumerate() {
            let found = self.lookup(inputs, k, f).ok_or_else(|| {
                Error::input(format!(
                    "missing value for `{f}`; a missing value is never read as zero"
                ))
                .with_participant(inputs.participant())
                .with_plan(&self.plan.id)
                .with_field(f.to_string())
            })?;
            v.push(found);
        }
        Ok(v)
    }

    fn lookup(&self, inputs: &Inputs, k: usize, f: &Field) -> Option<Decimal> {
        match f {
            Field::Actual(m) => inputs.actuals().get(m).copied(),
            Field::Target(c) => inputs.targets().get(c).copied().or_else(|| {
                self.fixed_targets
                    .get(k.wrapping_sub(self.n_actuals))
                    .copied()
                    .flatten()
            }),
            Field::Rating(c) => inputs.ratings().get(c).copied(),
        }
    }

    /// Fills `values` from `inputs` for the fast route; false when the
    /// inputs need the general engine (another plan, a missing or unknown
    /// key, a value too large for the fast route).
    fn gather(&self, inputs: &Inputs, values: &mut Vec<Decimal>) -> bool {
        values.clear();
        if inputs.plan() != self.plan.id {
            return false;
        }
        let (mut targets_given, mut ratings_given) = (0usize, 0usize);
        for (k, f) in self.fields.iter().enumerate() {
            let v = match f {
                Field::Actual(m) => inputs.actuals().get(m).copied(),
                Field::Target(c) => match inputs.targets().get(c) {
                    Some(t) => {
                        targets_given += 1;
                        Some(*t)
                    }
                    None => self
                        .fixed_targets
                        .get(k.wrapping_sub(self.n_actuals))
                        .copied()
                        .flatten(),
                },
                Field::Rating(c) => {
                    let r = inputs.ratings().get(c).copied();
                    ratings_given += usize::from(r.is_some());
                    r
                }
            };
            match v {
                Some(v) if small(v) => values.push(v),
                _ => return false,
            }
        }
        // Every key given must be one the plan reads (else: the general
        // engine's error for an unknown key); credit sources and a plan
        // year's prorated figures are the general engine's too.
        inputs.sources().is_empty()
            && inputs.prorated.is_none()
            && inputs.actuals().len() == self.n_actuals
            && inputs.targets().len() == targets_given
            && inputs.ratings().len() == ratings_given
            && targets_given <= self.n_targets
    }

    /// The fast route; `None` hands the participant to the general engine.
    fn run(
        &self,
        fast: &Fast,
        values: &[Decimal],
        ti_override: Option<Decimal>,
        base_salary: Option<Decimal>,
        out: &mut Payout,
    ) -> Option<()> {
        let ti = match ti_override {
            Some(t) => {
                if t.is_sign_negative() || !small(t) {
                    return None;
                }
                Some(Exact::from_decimal(t))
            }
            None => match self.plan.target_incentive {
                TargetIncentive::PercentOfBase(p) => {
                    let base = base_salary?;
                    if base.is_sign_negative() || !small(base) {
                        return None;
                    }
                    Some(
                        Exact::from_decimal(base)
                            .checked_mul(Exact::from_decimal(p))?
                            .checked_div(Exact::from_int(i128::from(
                                self.plan.pay_period.periods_per_year(),
                            )))?,
                    )
                }
                _ => None,
            },
        };
        out.lines.clear();
        let mut total = Decimal::ZERO;
        let mut seen = None;
        for (k, c) in fast.components.iter().enumerate() {
            let (comp_ti, limit) = match ti {
                None => (c.comp_ti?, c.limit),
                Some(ti) => {
                    let ct = ti.checked_mul(c.weight)?;
                    let limit = match c.cap {
                        Some(cap) => Some(Fx::from_exact(cap_limit(cap, ct)?)),
                        None => None,
                    };
                    (Fx::from_exact(ct), limit)
                }
            };
            let Eval {
                factor,
                top: rule_top,
                hit,
                x,
                ..
            } = factor(c, values)?;
            if c.gates_others {
                seen = Some((k, x));
            }
            let uncapped = match hit {
                // The commission is the payout itself.
                Hit::Tiers => factor,
                _ => comp_ti.mul(factor)?,
            };
            let (mut exact, cap_bound) = match limit {
                Some(l) if l.lt(uncapped)? => (l, true),
                _ => (uncapped, false),
            };
            // A gate that fails zeroes the line after its cap, as the
            // general engine does (`at_cap` still reports the rule and cap).
            if let Some(g) = &c.gate {
                if !gate_held(fast, g, &mut seen, values)?.1 {
                    exact = Fx::ZERO;
                }
            }
            let amount = exact.round(fast.places, fast.mode)?;
            total = total.checked_add(amount)?;
            out.lines.push(PayoutLine {
                exact: exact.to_exact()?,
                amount,
                at_cap: rule_top || cap_bound,
            });
        }
        out.exact_total = None;
        out.plan_capped = false;
        if let Some(cap) = fast.plan_cap {
            // Rare: the exact sum, compared in general arithmetic.
            let plan_ti = match ti {
                Some(t) => t,
                None => fast.ti?,
            };
            let limit = cap_limit(cap, plan_ti)?;
            let sum = out.exact_total()?;
            out.exact_total = Some(sum);
            if sum > limit {
                out.exact_total = Some(limit);
                total = Exact::round(limit, fast.places, fast.mode)?.min(total);
                out.plan_capped = true;
            }
        }
        out.total = total;
        Some(())
    }
}

/// Which part of a rule paid: enough to write the general engine's trace.
#[derive(Clone, Copy, Debug)]
enum Hit {
    BelowThreshold,
    Between(usize),
    Capped,
    Extrapolated(usize),
    BelowFirst,
    Step(usize),
    Scale(Decimal),
    /// Tiered rates: `factor` holds the commission itself.
    Tiers,
}

/// A component evaluated on the fast route.
#[derive(Clone, Copy, Debug)]
struct Eval {
    /// The measured value: the actual (a ratio's quotient) of a
    /// quantitative component.
    actual: Fx,
    /// What the rule was read at: attainment or score.
    x: Fx,
    factor: Fx,
    /// The rule pays its maximum (curve capped, last step reached).
    top: bool,
    hit: Hit,
}

/// A component's payout factor at `values`; `None` hands the participant
/// to the general engine.
#[inline]
fn factor(c: &FastComponent, values: &[Decimal]) -> Option<Eval> {
    let (actual, x, target) = match &c.measure {
        FastMeasure::Quantitative {
            actual,
            ratio_den,
            target,
            attain,
        } => quantitative(*actual, *ratio_den, *target, *attain, values)?,
        FastMeasure::Rating { value } => {
            let r = *values.get(*value)?;
            let FastRule::Scale { ratings } = &c.rule else {
                return None;
            };
            // Same scale: equal exactly when the mantissas are (the common
            // case, and cheap); otherwise compare the values.
            let (_, y) = ratings.iter().find(|(x, _)| {
                if x.scale() == r.scale() {
                    x.mantissa() == r.mantissa()
                } else {
                    *x == r
                }
            })?;
            let v = Fx::dec(r);
            return Some(Eval {
                actual: v,
                x: v,
                factor: *y,
                top: false,
                hit: Hit::Scale(r),
            });
        }
        FastMeasure::Score { value, min, max } => {
            let s = *values.get(*value)?;
            if s < *min || s > *max {
                return None;
            }
            (Fx::dec(s), Fx::dec(s), Fx::ZERO)
        }
    };
    let eval = |factor: Fx, top: bool, hit: Hit| {
        Some(Eval {
            actual,
            x,
            factor,
            top,
            hit,
        })
    };
    match &c.rule {
        FastRule::Curve {
            xs,
            ys,
            slopes,
            extrapolate,
        } => {
            let (x0, xl) = (*xs.first()?, *xs.last()?);
            if x.lt(x0)? {
                return eval(Fx::ZERO, false, Hit::BelowThreshold);
            }
            if !x.lt(xl)? {
                let n = xs.len();
                if *extrapolate && xl.lt(x)? {
                    let k = n.checked_sub(2)?;
                    let y = interpolate(*xs.get(k)?, *ys.get(k)?, *slopes.get(k)?, x)?;
                    return eval(y, false, Hit::Extrapolated(k));
                }
                return eval(*ys.last()?, true, Hit::Capped);
            }
            for (k, next) in xs.iter().enumerate().skip(1) {
                if x.lt(*next)? {
                    let k = k - 1;
                    let y = interpolate(*xs.get(k)?, *ys.get(k)?, *slopes.get(k)?, x)?;
                    return eval(y, false, Hit::Between(k));
                }
            }
            None
        }
        FastRule::Steps { xs, ys } => {
            let mut reached = None;
            for (k, sx) in xs.iter().enumerate() {
                if x.cmp(*sx)? != Ordering::Less {
                    reached = Some(k);
                } else {
                    break;
                }
            }
            match reached {
                None => eval(Fx::ZERO, false, Hit::BelowFirst),
                Some(k) => eval(*ys.get(k)?, k + 1 == xs.len(), Hit::Step(k)),
            }
        }
        FastRule::Tiers { basis, mode, bands } => {
            let commission = tiers(*basis, *mode, bands, actual, target)?;
            eval(commission, false, Hit::Tiers)
        }
        FastRule::Scale { .. } => None,
    }
}

/// A quantitative measure's `(actual, attainment, target)` at `values`;
/// `None` hands the participant to the general engine.
#[inline]
fn quantitative(
    actual: usize,
    ratio_den: Option<usize>,
    target: usize,
    attain: Attain,
    values: &[Decimal],
) -> Option<(Fx, Fx, Fx)> {
    let t = *values.get(target)?;
    if t.is_sign_negative() || t.is_zero() {
        return None;
    }
    let t = Fx::dec(t);
    let a = Fx::dec(*values.get(actual)?);
    let a = match ratio_den {
        None => a,
        Some(d) => {
            let d = *values.get(d)?;
            if d.is_zero() {
                return None;
            }
            a.div(Fx::dec(d))?
        }
    };
    let x = match attain {
        Attain::ActualOverTarget => a.div(t)?,
        Attain::TargetOverActual => {
            if !a.is_positive() {
                return None;
            }
            t.div(a)?
        }
        Attain::TwoMinusActualOverTarget => Fx { n: 2, d: 1 }.sub(a.div(t)?)?,
    };
    Some((a, x, t))
}

/// The attainment a component gate reads and whether the gate holds
/// (attainment at least the level, inclusive, compared exactly).
///
/// `seen` holds the last gating component's attainment computed on this
/// pass (component index and value), so a gate on an earlier component
/// costs nothing; a gate on a later one computes its attainment here and
/// leaves it in `seen`.
#[inline]
fn gate_held(
    fast: &Fast,
    gate: &FastGate,
    seen: &mut Option<(usize, Fx)>,
    values: &[Decimal],
) -> Option<(Fx, bool)> {
    let x = match *seen {
        Some((k, x)) if k == gate.source => x,
        _ => {
            let FastMeasure::Quantitative {
                actual,
                ratio_den,
                target,
                attain,
            } = &fast.components.get(gate.source)?.measure
            else {
                return None;
            };
            let (_, x, _) = quantitative(*actual, *ratio_den, *target, *attain, values)?;
            *seen = Some((gate.source, x));
            x
        }
    };
    Some((x, !x.lt(gate.at_least)?))
}

/// The commission of a tier table on `actual` against `target`, as
/// [`Tiers::evaluate`](crate::Tiers::evaluate) computes it.
#[inline]
fn tiers(
    basis: TierBasis,
    mode: TierMode,
    bands: &[(Fx, Fx)],
    actual: Fx,
    target: Fx,
) -> Option<Fx> {
    let bound = |b: Fx| match basis {
        TierBasis::Amount => Some(b),
        TierBasis::Attainment => b.mul(target),
    };
    match mode {
        TierMode::Marginal => {
            let mut total = Fx::ZERO;
            for (k, (from, rate)) in bands.iter().enumerate() {
                let from = bound(*from)?;
                if !from.lt(actual)? {
                    break;
                }
                let top = match bands.get(k + 1) {
                    Some((to, _)) => {
                        let to = bound(*to)?;
                        if to.lt(actual)? { to } else { actual }
                    }
                    None => actual,
                };
                total = total.add(top.sub(from)?.mul(*rate)?)?;
            }
            Some(total)
        }
        TierMode::Retroactive => {
            let mut reached = None;
            for (from, rate) in bands {
                if !actual.lt(bound(*from)?)? {
                    reached = Some(*rate);
                }
            }
            match reached {
                Some(rate) => actual.mul(rate),
                None => Some(Fx::ZERO),
            }
        }
    }
}

/// `y0 + slope × (x − x0)`.
#[inline]
fn interpolate(x0: Fx, y0: Fx, slope: Fx, x: Fx) -> Option<Fx> {
    y0.add(slope.mul(x.sub(x0)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn shipped(id: &str) -> Plan {
        Plan::load(format!("{}/plans/{id}.toml", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    // The routes the property tests compare are really taken: realistic
    // inputs stay on the fast route, with and without explanations.
    #[test]
    fn realistic_inputs_take_the_fast_route() {
        let plan = shipped("product-manager");
        let prepared = plan.prepare();
        let fast = prepared.fast.as_ref().unwrap();
        let priya = Inputs::new("priya", "product-manager")
            .actual("booked", dec!(1800000))
            .actual("pipeline", dec!(6600000))
            .actual("won", dec!(54))
            .actual("opportunities", dec!(200))
            .target("booked", dec!(2000000))
            .target("pipeline", dec!(6000000))
            .target("close_rate", dec!(0.25))
            .rating("market_perception", dec!(3))
            .rating("field_readiness", dec!(4));
        let mut values = Vec::new();
        assert!(prepared.gather(&priya, &mut values));
        let mut out = prepared.payout();
        assert!(prepared.run(fast, &values, None, None, &mut out).is_some());
        assert_eq!(out.total(), dec!(6174.00));
        let explained = prepared.explain(fast, &priya).unwrap();
        assert_eq!(explained, plan.evaluate(&priya).unwrap());
        // With the participant's own target incentive too.
        let own = priya.clone().with_target_incentive(dec!(7000.01));
        assert!(prepared.explain(fast, &own).is_some());
        assert_eq!(prepared.explain(fast, &own), plan.evaluate(&own).ok());
        // Tiered rates: the marginal worked example, 40,000 + 18,000.
        let ae = shipped("account-executive-marginal").prepare();
        let alex = Inputs::new("alex", "account-executive-marginal")
            .actual("bookings", dec!(650000))
            .target("commission", dec!(500000));
        let mut row = Vec::new();
        assert!(ae.gather(&alex, &mut row));
        let mut paid = ae.payout();
        assert!(
            ae.run(ae.fast.as_ref().unwrap(), &row, None, None, &mut paid)
                .is_some()
        );
        assert_eq!(paid.total(), dec!(58000.00));
        // An unknown key is the general engine's to report.
        assert!(!prepared.gather(&priya.clone().actual("nope", dec!(1)), &mut values));
        // A component gate on channel pipeline, held (exactly 80%) or not.
        let cm = shipped("channel-marketing");
        let cmp = cm.prepare();
        let cmf = cmp.fast.as_ref().unwrap();
        // 1,575 + 1,350 + 900 at 80%; a cent below, the pipeline line only
        // (1,574.999997 before rounding).
        for (pipeline, total) in [
            (dec!(3200000), dec!(3825.00)),
            (dec!(3199999.99), dec!(1575.00)),
        ] {
            let sam = Inputs::new("sam", "channel-marketing")
                .actual("channel_pipeline", pipeline)
                .target("channel_pipeline", dec!(4000000))
                .rating("partner_satisfaction", dec!(3))
                .rating("channel_strategy", dec!(3));
            let mut row = Vec::new();
            assert!(cmp.gather(&sam, &mut row));
            let mut paid = cmp.payout();
            assert!(cmp.run(cmf, &row, None, None, &mut paid).is_some());
            assert_eq!(paid.total(), total);
            let explained = cmp.explain(cmf, &sam).unwrap();
            assert_eq!(explained, cm.evaluate(&sam).unwrap());
        }
    }
}
