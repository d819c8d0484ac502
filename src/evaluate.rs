//! Plan × inputs → statement: a pure function, recorded step by step.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::money::RoundingScope;
use crate::payout::Segment;
use crate::payout::{Axis, percent};
use crate::plan::BelowFirst;
use crate::plan::{
    Cap, Component, Direction, LowerIsBetter, Measure, Metric, Plan, Rule, TargetIncentive,
};
use crate::statement::{
    Adjustment, AdjustmentDetail, CapTrace, GateTrace, KickerTrace, Line, MeasureTrace,
    ModifierTrace, RatioTrace, RuleTrace, Statement, TargetIncentiveLine,
};

impl Plan {
    /// Evaluates the plan for one participant's inputs.
    ///
    /// Pure: no I/O, no clock, no global state; the same plan and inputs
    /// give the same statement, whatever order the inputs were built in.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant, component and field when
    /// the inputs are for another plan; name a metric, target or rating the
    /// plan does not have; miss an actual, target or rating (never read as
    /// zero); give a target of zero or less, a rating off its scale, a score
    /// outside its range, a ratio metric whose denominator is zero, or a
    /// lower-is-better `target / actual` with an actual of zero or less.
    /// [`Error::Overflow`] when a value is too large to compute exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Error, Inputs, Plan};
    /// use rust_decimal_macros::dec;
    ///
    /// let plan = Plan::load("plans/channel-marketing.toml")?;
    /// let chen = Inputs::new("chen", "channel-marketing")
    ///     .actual("channel_pipeline", dec!(3200000))
    ///     .target("channel_pipeline", dec!(4000000))
    ///     .rating("partner_satisfaction", dec!(5))
    ///     .rating("channel_strategy", dec!(2));
    /// assert_eq!(plan.evaluate(&chen)?.total(), dec!(4050.00));
    ///
    /// let off_scale = chen.rating("channel_strategy", dec!(6));
    /// let err = plan.evaluate(&off_scale).unwrap_err();
    /// assert!(matches!(err, Error::Input(_)));
    /// assert_eq!(err.details().component.as_deref(), Some("channel_strategy"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Statement> {
        evaluate(self, inputs)
            .map_err(|e| e.with_participant(inputs.participant()).with_plan(&self.id))
    }
}

fn overflow(what: &str) -> impl Fn() -> Error + '_ {
    move || Error::overflow(what)
}

fn check_keys(plan: &Plan, inputs: &Inputs) -> Result<()> {
    for metric in inputs.actuals().keys().chain(inputs.sources().keys()) {
        match plan.metrics.get(metric) {
            Some(Metric::Input) => {}
            Some(Metric::Ratio {
                numerator,
                denominator,
            }) => {
                return Err(Error::input(format!(
                    "`{metric}` is derived as `{numerator}` / `{denominator}`; give `{numerator}` and `{denominator}` instead"
                ))
                .with_field(format!("actuals.{metric}")));
            }
            None => {
                let known: Vec<String> = plan.input_metrics().map(|m| format!("`{m}`")).collect();
                return Err(Error::input(format!(
                    "`{metric}` is not a metric of this plan; its input metrics are {}",
                    known.join(", ")
                ))
                .with_field(format!("actuals.{metric}")));
            }
        }
    }
    let ids = |quantitative: bool| -> Vec<String> {
        plan.components
            .iter()
            .filter(|c| c.is_qualitative() != quantitative)
            .map(|c| format!("`{}`", c.id))
            .collect()
    };
    for id in inputs.targets().keys() {
        if !plan
            .components
            .iter()
            .any(|c| &c.id == id && !c.is_qualitative())
            && !plan.measures.contains_key(id)
        {
            let mut valid = ids(true);
            valid.extend(plan.measures.keys().map(|m| format!("`{m}`")));
            return Err(Error::input(format!(
                "`{id}` is not a quantitative component or measure of this plan; targets are for {}",
                if valid.is_empty() {
                    "none".into()
                } else {
                    valid.join(", ")
                }
            ))
            .with_field(format!("targets.{id}")));
        }
    }
    for id in inputs.ratings().keys() {
        if !plan
            .components
            .iter()
            .any(|c| &c.id == id && c.is_qualitative())
        {
            let valid = ids(false);
            return Err(Error::input(format!(
                "`{id}` is not a rated component of this plan; ratings are for {}",
                if valid.is_empty() {
                    "none".into()
                } else {
                    valid.join(", ")
                }
            ))
            .with_field(format!("ratings.{id}")));
        }
    }
    Ok(())
}

pub(crate) fn target_incentive(plan: &Plan, inputs: &Inputs) -> Result<TargetIncentiveLine> {
    if let Some(p) = inputs.prorated.as_deref() {
        return Ok(p.target_incentive.clone());
    }
    target_incentive_from(
        plan,
        inputs.target_incentive(),
        inputs.base_salary(),
        "",
        || {
            let pct = match plan.target_incentive {
                TargetIncentive::PercentOfBase(p) => percent(p),
                _ => String::new(),
            };
            Error::input(format!(
                "missing `base_salary`: this plan's target incentive is {pct} of annual base salary"
            ))
            .with_field("base_salary")
        },
    )
}

/// A plan's target incentive for one period: the participant's own amount
/// (`own`) if given, else the plan's amount, annual amount or percent of
/// the annual `base` salary, divided over the year's periods exactly.
/// `field` prefixes the fields named in errors (`""` for inputs,
/// `"assignments."` for a plan year's assignments); `missing_base` is the
/// error for a percent-of-base plan without a salary.
pub(crate) fn target_incentive_from(
    plan: &Plan,
    own: Option<Decimal>,
    base: Option<Decimal>,
    field: &str,
    missing_base: impl FnOnce() -> Error,
) -> Result<TargetIncentiveLine> {
    let n = plan.pay_period.periods_per_year();
    let per = format!("{} {}s", n, plan.pay_period);
    if let Some(ti) = own {
        if ti.is_sign_negative() && !ti.is_zero() {
            return Err(
                Error::input(format!("is {ti}; a target incentive must be 0 or more"))
                    .with_plan(&plan.id)
                    .with_field(format!("{field}target_incentive")),
            );
        }
        return Ok(TargetIncentiveLine {
            basis: format!("participant's amount per {}", plan.pay_period),
            amount: Exact::from_decimal(ti),
        });
    }
    let periods = Exact::from_int(i128::from(n));
    Ok(match plan.target_incentive {
        TargetIncentive::Amount(a) => TargetIncentiveLine {
            basis: format!("plan amount per {}", plan.pay_period),
            amount: Exact::from_decimal(a),
        },
        TargetIncentive::Annual(a) => TargetIncentiveLine {
            basis: format!("annual {a} / {per}"),
            amount: Exact::from_decimal(a)
                .checked_div(periods)
                .ok_or_else(overflow("the target incentive"))?,
        },
        TargetIncentive::PercentOfBase(p) => {
            let base = base.ok_or_else(|| missing_base().with_plan(&plan.id))?;
            if base.is_sign_negative() && !base.is_zero() {
                return Err(
                    Error::input(format!("is {base}; a base salary must be 0 or more"))
                        .with_plan(&plan.id)
                        .with_field(format!("{field}base_salary")),
                );
            }
            TargetIncentiveLine {
                basis: format!("{} of base salary {base} / {per}", percent(p)),
                amount: Exact::from_decimal(base)
                    .checked_mul(Exact::from_decimal(p))
                    .and_then(|v| v.checked_div(periods))
                    .ok_or_else(overflow("the target incentive"))?,
            }
        }
    })
}

fn metric_value(plan: &Plan, inputs: &Inputs, metric: &str) -> Result<(Exact, Option<RatioTrace>)> {
    let get = |m: &str| -> Result<Decimal> {
        inputs.actuals().get(m).copied().ok_or_else(|| {
            let message = match inputs.sources().get(m) {
                Some(source) => format!(
                    "metric `{m}` comes from credits (`{source}`); evaluate it with `Credits::evaluate`"
                ),
                None => format!(
                    "missing actual for metric `{m}`; a missing actual is never read as zero"
                ),
            };
            Error::input(message).with_field(format!("actuals.{m}"))
        })
    };
    match plan.metrics.get(metric) {
        Some(Metric::Ratio {
            numerator,
            denominator,
        }) => {
            let n = get(numerator)?;
            let d = get(denominator)?;
            if d.is_zero() {
                return Err(Error::input(format!(
                    "`{denominator}` is 0, so `{metric}` = `{numerator}` / `{denominator}` is undefined"
                ))
                .with_field(format!("actuals.{denominator}")));
            }
            let v = Exact::ratio(n, d).ok_or_else(overflow("the ratio metric"))?;
            Ok((
                v,
                Some(RatioTrace {
                    numerator: numerator.clone(),
                    numerator_value: n,
                    denominator: denominator.clone(),
                    denominator_value: d,
                }),
            ))
        }
        _ => Ok((Exact::from_decimal(get(metric)?), None)),
    }
}

fn line(plan: &Plan, inputs: &Inputs, c: &Component, ti: Exact) -> Result<Line> {
    let comp_ti = ti
        .checked_mul(Exact::from_decimal(c.weight))
        .ok_or_else(overflow("the component's target incentive"))?;
    let ovf = overflow("the payout");
    let (measure, rule, factor, uncapped) = match &c.measure {
        Measure::Quantitative {
            metric,
            direction,
            formula,
            ..
        } => {
            let Quant {
                actual,
                ratio,
                target,
                attainment,
            } = quantitative(plan, inputs, &c.id, &c.measure)?;
            let t = target;
            let (rule, factor, uncapped) = match &c.rule {
                Rule::Tiers(tiers) => {
                    let (commission, bands) = tiers.evaluate(actual, Some(t)).ok_or_else(&ovf)?;
                    let factor = if comp_ti.is_zero() {
                        Exact::ZERO
                    } else {
                        commission.checked_div(comp_ti).ok_or_else(&ovf)?
                    };
                    let trace = RuleTrace::Tiers {
                        basis: tiers.basis(),
                        mode: tiers.mode(),
                        bands,
                    };
                    (trace, factor, commission)
                }
                other => {
                    let (rule, factor) = fraction_rule(other, attainment, Axis::Attainment)?;
                    (rule, factor, comp_ti.checked_mul(factor).ok_or_else(&ovf)?)
                }
            };
            let measure = MeasureTrace::Quantitative {
                metric: metric.clone(),
                actual,
                ratio,
                target,
                direction: *direction,
                formula: *formula,
                attainment,
            };
            (measure, rule, factor, uncapped)
        }
        Measure::Rating { scale: scale_name } => {
            let rating = rated(inputs, c)?;
            let Rule::Scale(scale) = &c.rule else {
                return Err(Error::plan("a rated component has no scale"));
            };
            let pays = scale
                .payout(rating)
                .map_err(|m| Error::input(m).with_field(format!("ratings.{}", c.id)))?;
            let factor = Exact::from_decimal(pays);
            (
                MeasureTrace::Rating {
                    scale: scale_name.clone(),
                    rating,
                },
                RuleTrace::Scale { rating, pays },
                factor,
                comp_ti.checked_mul(factor).ok_or_else(&ovf)?,
            )
        }
        Measure::Score { min, max } => {
            let score = rated(inputs, c)?;
            if score < *min || score > *max {
                return Err(Error::input(format!(
                    "score {score} is outside the range {min} to {max}"
                ))
                .with_field(format!("ratings.{}", c.id)));
            }
            let (rule, factor) = fraction_rule(&c.rule, Exact::from_decimal(score), Axis::Score)?;
            (
                MeasureTrace::Score {
                    score,
                    min: *min,
                    max: *max,
                },
                rule,
                factor,
                comp_ti.checked_mul(factor).ok_or_else(&ovf)?,
            )
        }
    };
    let (modifier, modified) = match &c.modifier {
        None => (None, uncapped),
        Some(name) => {
            let m = modifier_trace(plan, inputs, name)?;
            let v = uncapped.checked_mul(m.multiplier).ok_or_else(&ovf)?;
            (Some(m), v)
        }
    };
    let (cap, capped) = match c.cap {
        None => (None, modified),
        Some(cap) => {
            let limit = cap_limit(cap, comp_ti).ok_or_else(&ovf)?;
            let applied = modified > limit;
            let trace = CapTrace {
                cap,
                limit,
                applied,
            };
            (Some(trace), modified.min(limit))
        }
    };
    let gate = c
        .gate
        .as_deref()
        .map(|g| gate_trace(plan, inputs, g))
        .transpose()?;
    let exact = match &gate {
        Some(g) if !g.held => Exact::ZERO,
        _ => capped,
    };
    Ok(Line {
        component: c.id.clone(),
        name: c.name.clone(),
        weight: c.weight,
        target_incentive: comp_ti,
        measure,
        rule,
        factor,
        uncapped,
        modifier,
        cap,
        gate,
        exact,
        amount: Decimal::ZERO,
    })
}

/// A quantitative measure's values and attainment.
struct Quant {
    actual: Exact,
    ratio: Option<RatioTrace>,
    target: Exact,
    attainment: Exact,
}

/// Measures a quantitative component or named measure; `key` names its
/// target in the inputs (`targets.KEY`).
fn quantitative(plan: &Plan, inputs: &Inputs, key: &str, measure: &Measure) -> Result<Quant> {
    let Measure::Quantitative {
        metric,
        target,
        direction,
        formula,
    } = measure
    else {
        return Err(Error::plan(format!(
            "`{key}` is not a quantitative measure"
        )));
    };
    let ovf = overflow("the attainment");
    let (actual, ratio) = metric_value(plan, inputs, metric)?;
    // A plan year may set an exact prorated target (`crate::year`).
    let prorated = inputs.prorated.as_deref().and_then(|p| p.targets.get(key));
    let target = match prorated {
        Some(t) => *t,
        None => Exact::from_decimal(inputs.targets().get(key).copied().or(*target).ok_or_else(
            || {
                Error::input(format!("missing target for `{key}`"))
                    .with_field(format!("targets.{key}"))
            },
        )?),
    };
    if !target.is_positive() {
        return Err(
            Error::input(format!("is {target}; a target must be above 0"))
                .with_field(format!("targets.{key}")),
        );
    }
    let t = target;
    let attainment = match (direction, formula) {
        (Direction::LowerIsBetter, Some(LowerIsBetter::TargetOverActual)) => {
            if !actual.is_positive() {
                return Err(Error::input(format!(
                    "is {actual}; `target / actual` needs an actual above 0"
                ))
                .with_field(format!("actuals.{metric}")));
            }
            t.checked_div(actual).ok_or_else(&ovf)?
        }
        (Direction::LowerIsBetter, Some(LowerIsBetter::TwoMinusActualOverTarget)) => {
            Exact::from_int(2)
                .checked_sub(actual.checked_div(t).ok_or_else(&ovf)?)
                .ok_or_else(&ovf)?
        }
        _ => actual.checked_div(t).ok_or_else(&ovf)?,
    };
    Ok(Quant {
        actual,
        ratio,
        target,
        attainment,
    })
}

/// The attainment of a condition's measure: a quantitative component or a
/// named measure.
fn condition_attainment(plan: &Plan, inputs: &Inputs, name: &str) -> Result<Exact> {
    let measure = match plan.components.iter().find(|c| c.id == name) {
        Some(c) => &c.measure,
        None => plan
            .measures
            .get(name)
            .ok_or_else(|| Error::plan(format!("measure `{name}` is not defined")))?,
    };
    quantitative(plan, inputs, name, measure)
        .map(|q| q.attainment)
        .map_err(|e| e.with_component(name))
}

fn gate_trace(plan: &Plan, inputs: &Inputs, name: &str) -> Result<GateTrace> {
    let gate = plan
        .gates
        .get(name)
        .ok_or_else(|| Error::plan(format!("gate `{name}` is not defined")))?;
    let attainment = condition_attainment(plan, inputs, &gate.measure)?;
    Ok(GateTrace {
        gate: name.to_owned(),
        measure: gate.measure.clone(),
        attainment,
        at_least: gate.at_least,
        held: attainment >= Exact::from_decimal(gate.at_least),
    })
}

fn modifier_trace(plan: &Plan, inputs: &Inputs, name: &str) -> Result<ModifierTrace> {
    let m = plan
        .modifiers
        .get(name)
        .ok_or_else(|| Error::plan(format!("modifier `{name}` is not defined")))?;
    let attainment = condition_attainment(plan, inputs, &m.measure)?;
    let (mut multiplier, segment) = m
        .curve
        .evaluate(attainment)
        .ok_or_else(overflow("the modifier"))?;
    if let (Segment::BelowThreshold { threshold }, BelowFirst::FirstPoint) =
        (segment, m.below_first)
    {
        multiplier = Exact::from_decimal(threshold.y);
    }
    Ok(ModifierTrace {
        modifier: name.to_owned(),
        measure: m.measure.clone(),
        attainment,
        curve: m.curve_name.clone(),
        segment,
        below_first: m.below_first,
        multiplier,
    })
}

fn rated(inputs: &Inputs, c: &Component) -> Result<Decimal> {
    inputs.ratings().get(&c.id).copied().ok_or_else(|| {
        Error::input(format!(
            "missing rating for component `{}`; a missing rating is never read as zero",
            c.id
        ))
        .with_field(format!("ratings.{}", c.id))
    })
}

/// A rule that pays a fraction of target incentive, at `x`.
fn fraction_rule(rule: &Rule, x: Exact, axis: Axis) -> Result<(RuleTrace, Exact)> {
    match rule {
        Rule::Curve { name, curve } => {
            let (f, segment) = curve.evaluate(x).ok_or_else(overflow("the curve"))?;
            let trace = RuleTrace::Curve {
                curve: name.clone(),
                axis,
                segment,
            };
            Ok((trace, f))
        }
        Rule::Steps(steps) => {
            let (f, step) = steps.evaluate(x);
            Ok((RuleTrace::Steps { axis, step }, f))
        }
        Rule::Tiers(_) | Rule::Scale(_) => Err(Error::plan(
            "this rule does not pay a fraction of target incentive",
        )),
    }
}

fn cap_limit(cap: Cap, target: Exact) -> Option<Exact> {
    match cap {
        Cap::PercentOfTarget(p) => target.checked_mul(Exact::from_decimal(p)),
        Cap::Amount(a) => Some(Exact::from_decimal(a)),
    }
}

fn evaluate(plan: &Plan, inputs: &Inputs) -> Result<Statement> {
    if inputs.plan() != plan.id {
        return Err(Error::input(format!(
            "the inputs are for plan `{}`, not `{}`",
            inputs.plan(),
            plan.id
        ))
        .with_field("plan"));
    }
    check_keys(plan, inputs)?;
    let ti = target_incentive(plan, inputs)?;
    let mut lines = Vec::with_capacity(plan.components.len());
    for c in &plan.components {
        lines.push(line(plan, inputs, c, ti.amount).map_err(|e| e.with_component(&c.id))?);
    }
    let rounding = plan.rounding;
    let places = rounding.places();
    let mode = rounding.mode();
    let round = |e: Exact| {
        e.round(places, mode)
            .ok_or_else(overflow("the rounded amount"))
    };
    let mut exact_sum = Exact::ZERO;
    for l in &lines {
        exact_sum = exact_sum
            .checked_add(l.exact)
            .ok_or_else(overflow("the total"))?;
    }
    match rounding.scope() {
        RoundingScope::Line => {
            for l in &mut lines {
                l.amount = round(l.exact)?;
            }
        }
        RoundingScope::Total => allocate(&mut lines, round(exact_sum)?, places)?,
    }
    let mut sum = Decimal::ZERO;
    for l in &lines {
        sum = sum
            .checked_add(l.amount)
            .ok_or_else(overflow("the total"))?;
    }
    // Plan-level stages, in order: modifier, kickers, cap, gate. Each works
    // on the running exact total and records the change in the rounded
    // total as an adjustment, so that lines + adjustments = total.
    let mut run = Running {
        exact: match rounding.scope() {
            RoundingScope::Line => Exact::from_decimal(sum),
            _ => exact_sum,
        },
        total: sum,
        adjustments: Vec::new(),
        round: &round,
    };
    if let Some(name) = &plan.modifier {
        let m = modifier_trace(plan, inputs, name)?;
        let exact = run
            .exact
            .checked_mul(m.multiplier)
            .ok_or_else(overflow("the plan modifier"))?;
        run.stage(
            "plan-modifier",
            m.to_string(),
            AdjustmentDetail::Modifier(m),
            exact,
        )?;
    }
    for k in &plan.kickers {
        let attainment = condition_attainment(plan, inputs, &k.measure)?;
        let held = attainment >= Exact::from_decimal(k.at_least);
        let exact = if held {
            run.exact
                .checked_add(Exact::from_decimal(k.amount))
                .ok_or_else(overflow("the kicker"))?
        } else {
            run.exact
        };
        let trace = KickerTrace {
            kicker: k.id.clone(),
            name: k.name.clone(),
            measure: k.measure.clone(),
            attainment,
            at_least: k.at_least,
            amount: k.amount,
            held,
        };
        run.stage(
            "kicker",
            trace.to_string(),
            AdjustmentDetail::Kicker(trace),
            exact,
        )?;
    }
    if let Some(cap) = plan.cap {
        let limit = cap_limit(cap, ti.amount).ok_or_else(overflow("the plan cap"))?;
        let before = run.exact;
        let applied = before > limit;
        let trace = CapTrace {
            cap,
            limit,
            applied,
        };
        let description = if applied {
            format!("plan cap ({cap}): exact total {before} cut to {limit}")
        } else {
            format!("plan cap ({cap}): exact total {before} is within {limit}")
        };
        run.stage(
            "plan-cap",
            description,
            AdjustmentDetail::Cap(trace),
            before.min(limit),
        )?;
    }
    if let Some(name) = &plan.gate {
        let g = gate_trace(plan, inputs, name)?;
        let exact = if g.held { run.exact } else { Exact::ZERO };
        run.stage("plan-gate", g.to_string(), AdjustmentDetail::Gate(g), exact)?;
    }
    let exact_total = if run.adjustments.is_empty() {
        exact_sum
    } else {
        run.exact
    };
    Ok(Statement {
        participant: inputs.participant().to_owned(),
        participant_name: inputs.participant_name().map(str::to_owned),
        period: inputs.period().map(str::to_owned),
        plan: plan.id.clone(),
        plan_name: plan.name.clone(),
        plan_version: plan.version.clone(),
        currency: plan.currency,
        target_incentive: ti,
        lines,
        adjustments: run.adjustments,
        // Without plan-level stages the exact total is the lines' exact
        // sum; with them, the running total (which, rounding per line,
        // starts from the rounded lines).
        exact_total,
        total: run.total,
        rounding,
        credits: Vec::new(),
    })
}

/// The running total through the plan-level stages.
struct Running<'a> {
    exact: Exact,
    total: Decimal,
    adjustments: Vec<Adjustment>,
    round: &'a dyn Fn(Exact) -> Result<Decimal>,
}

impl Running<'_> {
    /// Moves the running total to `exact`, recording the change of the
    /// rounded total as an adjustment.
    fn stage(
        &mut self,
        kind: &str,
        description: String,
        detail: AdjustmentDetail,
        exact: Exact,
    ) -> Result<()> {
        let rounded = (self.round)(exact)?;
        self.adjustments.push(Adjustment {
            kind: kind.into(),
            description,
            amount: rounded
                .checked_sub(self.total)
                .ok_or_else(overflow("the total"))?,
            detail: Some(detail),
        });
        self.total = rounded;
        self.exact = exact;
        Ok(())
    }
}

/// Sets the lines' amounts so that they add up to `total`, by the
/// largest-remainder method ([`crate::money::allocate`]).
fn allocate(lines: &mut [Line], total: Decimal, places: u32) -> Result<()> {
    let parts: Vec<Exact> = lines.iter().map(|l| l.exact).collect();
    let amounts =
        crate::money::allocate(&parts, total, places).ok_or_else(overflow("the rounded amount"))?;
    for (l, a) in lines.iter_mut().zip(amounts) {
        l.amount = a;
    }
    Ok(())
}

/// A set of plans by id: what a batch of inputs is evaluated against.
///
/// # Errors
///
/// Loading fails on any invalid plan file or on two plans with one id;
/// evaluating fails on inputs naming a plan the set does not have.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, PlanSet};
/// use rust_decimal_macros::dec;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let alex = Inputs::new("alex", "account-executive-marginal")
///     .actual("bookings", dec!(650000))
///     .target("commission", dec!(500000));
/// assert_eq!(plans.evaluate(&alex)?.total(), dec!(58000.00));
///
/// let unknown = Inputs::new("alex", "no-such-plan");
/// assert!(plans.evaluate(&unknown).unwrap_err().to_string().contains("no plan has id `no-such-plan`"));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct PlanSet {
    plans: BTreeMap<String, Plan>,
}

impl PlanSet {
    /// An empty set.
    pub fn new() -> PlanSet {
        PlanSet::default()
    }

    /// Adds a plan.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] when a plan with the same id is already in the set.
    pub fn insert(&mut self, plan: Plan) -> Result<()> {
        if self.plans.contains_key(&plan.id) {
            return Err(Error::plan(format!(
                "two plans have the id `{}`; plan ids must be unique",
                plan.id
            ))
            .with_field("id"));
        }
        self.plans.insert(plan.id.clone(), plan);
        Ok(())
    }

    /// Loads every `*.toml` file directly inside `dir` (not its
    /// subfolders), in file-name order.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the folder or a file cannot be read; the first
    /// invalid plan's [`Error::Plan`], naming its file.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<PlanSet> {
        let mut set = PlanSet::new();
        for (file, plan) in Plan::load_dir_files(dir.as_ref())? {
            set.insert(plan).map_err(|e| e.in_file(Some(&file)))?;
        }
        Ok(set)
    }

    /// The plan with id `id`.
    pub fn get(&self, id: &str) -> Option<&Plan> {
        self.plans.get(id)
    }

    /// The plans, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Plan> {
        self.plans.values()
    }

    /// The number of plans.
    pub fn len(&self) -> usize {
        self.plans.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
    }

    /// Evaluates inputs against the plan they name.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when no plan has the inputs' plan id; otherwise as
    /// [`Plan::evaluate`].
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Statement> {
        let plan = self.plans.get(inputs.plan()).ok_or_else(|| {
            let known: Vec<String> = self.plans.keys().map(|k| format!("`{k}`")).collect();
            Error::input(format!(
                "no plan has id `{}`; known plans: {}",
                inputs.plan(),
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))
            .with_participant(inputs.participant())
            .with_field("plan")
        })?;
        plan.evaluate(inputs)
    }

    /// Evaluates a batch of inputs; statements come back sorted by
    /// participant, plan and period, whatever the order of `inputs`.
    ///
    /// # Errors
    ///
    /// The first error in that order, or [`Error::Input`] when one
    /// participant, plan and period appears twice.
    pub fn evaluate_all(&self, inputs: &[Inputs]) -> Result<Vec<Statement>> {
        evaluate_sorted(inputs, |i| self.evaluate(i))
    }
}

/// Evaluates `inputs` with `evaluate` in participant, plan and period
/// order, refusing one participant, plan and period given twice.
pub(crate) fn evaluate_sorted(
    inputs: &[Inputs],
    evaluate: impl Fn(&Inputs) -> Result<Statement>,
) -> Result<Vec<Statement>> {
    let mut order: Vec<&Inputs> = inputs.iter().collect();
    order.sort_by(|a, b| {
        (a.participant(), a.plan(), a.period()).cmp(&(b.participant(), b.plan(), b.period()))
    });
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        if !seen.insert((i.participant(), i.plan(), i.period())) {
            return Err(Error::input(format!(
                "participant `{}` appears twice for plan `{}`{}; give each participant one set of inputs per plan and period",
                i.participant(),
                i.plan(),
                i.period()
                    .map(|p| format!(" and period `{p}`"))
                    .unwrap_or_default()
            ))
            .with_participant(i.participant()));
        }
        out.push(evaluate(i)?);
    }
    Ok(out)
}
