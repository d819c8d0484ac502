//! The compiled plan: what every route evaluates.
//!
//! Loading a plan ends by compiling it ([`Program::compile`]) into one
//! immutable program: every name resolved to an index (metrics, measures,
//! gates, modifiers, kickers), every constant turned into an exact
//! fraction once, the plan-level stages (modifier, kickers, cap, gate) as
//! one ordered list, and a [`Layout`] of the input columns the plan reads.
//! [`run`](run()) is the one interpreter; a [`Recorder`](run::Recorder)
//! decides whether the explanation is written down as it computes.
//!
//! Data flows one way: spec (the file's shape) → [`Definition`]
//! (checked) → [`Program`] (compiled) → [`run`](run()) (interpreter and
//! recorders) → [`Payout`] or [`Statement`](crate::Statement). The
//! program reads the checked definition and never the
//! [`Plan`](crate::Plan) that holds both.

pub(crate) mod commission;
pub(crate) mod layout;
pub(crate) mod pay;
pub(crate) mod run;

pub use layout::Field;
pub(crate) use layout::Layout;
pub(crate) use pay::{PeriodAt, Terms};
pub(crate) use run::{Context, Explain, NoRecord, run};
pub use run::{Payout, PayoutLine};

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::payout::{Curve, LabelScale, Matrix, Scale, Steps, Tiers};
use crate::plan::{
    AdjustmentPlacement, Basis, BelowFirst, Cap, CommissionRule, Component, Definition, Direction,
    Gate, LinesFrom, LowerIsBetter, Measure, Measurement, Metric, PayPeriod, Per, RateRule, Rule,
    TargetIncentive,
};
use crate::rounding::{RoundingMode, RoundingScope};

/// How an attainment is formed from the actual and the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attain {
    /// `actual / target`.
    ActualOverTarget,
    /// `target / actual` (lower is better).
    TargetOverActual,
    /// `2 − actual / target` (lower is better).
    TwoMinusActualOverTarget,
    /// `(actual − baseline) / (target − baseline)`: from a baseline to the
    /// goal.
    FromBaseline,
}

/// Where a quantitative measure's actual comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MetricSource {
    /// An input metric's column.
    Input { metric: String, col: usize },
    /// A ratio of two input metrics' columns.
    Ratio {
        numerator: String,
        num: usize,
        denominator: String,
        den: usize,
    },
}

impl MetricSource {
    /// The input metrics read, with their columns, in reading order (a
    /// ratio's numerator, then its denominator).
    pub(crate) fn reads(&self) -> impl Iterator<Item = (&str, usize)> {
        let (first, second) = match self {
            MetricSource::Input { metric, col } => ((metric.as_str(), *col), None),
            MetricSource::Ratio {
                numerator,
                num,
                denominator,
                den,
            } => (
                (numerator.as_str(), *num),
                Some((denominator.as_str(), *den)),
            ),
        };
        std::iter::once(first).chain(second)
    }
}

/// A quantitative measure, compiled: a quantitative component's or a
/// named `[measures.X]`'s. Conditions (gates, modifiers, kickers) and
/// components refer to it by index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Quant {
    /// The component id or measure name: `targets.KEY` in the inputs.
    pub(crate) key: String,
    pub(crate) metric: String,
    pub(crate) source: MetricSource,
    /// The column of `targets.KEY`.
    pub(crate) target_col: usize,
    /// The plan's own target, used when the inputs give none.
    pub(crate) fixed_target: Option<Decimal>,
    pub(crate) direction: Direction,
    pub(crate) formula: Option<LowerIsBetter>,
    /// The baseline attainment is measured from, if any.
    pub(crate) baseline: Option<Decimal>,
    pub(crate) attain: Attain,
}

/// What a component measures, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MeasureC {
    /// A quantitative measure, by index into [`Program::quants`].
    Quant(usize),
    /// A rating on a scale, from a column.
    Rating { col: usize, scale: String },
    /// A score within a range, from a column.
    Score {
        col: usize,
        min: Decimal,
        max: Decimal,
    },
    /// Nothing measured: the component pays at target.
    Fixed,
    /// A bonus matrix's two quantitative measures, by index into
    /// [`Program::quants`]: the row's and the column's.
    Matrix { rows: usize, columns: usize },
    /// A label on a labelled scale, from a column holding its position on
    /// the scale (counted from 1).
    Label { col: usize, scale: String },
    /// The weighted sum of several ratings within a range, each from a
    /// column.
    Weighted {
        parts: Vec<Part>,
        min: Decimal,
        max: Decimal,
    },
}

/// One part of a weighted score, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    /// The part's name: `ratings.NAME` in the inputs.
    pub(crate) name: String,
    pub(crate) col: usize,
    pub(crate) weight: Decimal,
    pub(crate) weight_x: Exact,
}

/// A component's payout rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RuleC {
    Curve {
        name: String,
        curve: Curve,
    },
    Steps(Steps),
    Tiers(Tiers),
    Scale(Scale),
    /// Multipliers of target incentive per attainment slice: tiers on
    /// attainment (a quota of 1) whose rates are multipliers.
    Multipliers(Tiers),
    /// Pays the component's target incentive.
    AtTarget,
    Matrix(Matrix),
    Labels(LabelScale),
}

/// A component, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Comp {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) weight: Decimal,
    pub(crate) weight_x: Exact,
    /// The component's own target incentive per period, instead of a
    /// share of the plan's.
    pub(crate) amount: Option<Exact>,
    pub(crate) measure: MeasureC,
    pub(crate) rule: RuleC,
    pub(crate) cap: Option<Cap>,
    /// The component's target incentive and cap limit, when the plan fixes
    /// the target incentive (no participant amount, no prorated one).
    pub(crate) fixed_ti: Option<(Exact, Option<Exact>)>,
    pub(crate) modifier: Option<usize>,
    pub(crate) gate: Option<usize>,
    pub(crate) measurement: Measurement,
}

/// A commission component's rule, compiled: rates as exact fractions, rate
/// rules most specific first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CommRule {
    Rate(Decimal),
    /// Rules sorted by specificity, most specific first.
    Rates(Vec<RateRule>),
    Tiers(Tiers),
    Cascade(Vec<Decimal>),
}

/// A commission component, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CommC {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) metric: Option<String>,
    pub(crate) lines: LinesFrom,
    pub(crate) filter: Vec<(String, String)>,
    pub(crate) basis: Basis,
    pub(crate) per: Per,
    /// Per-line commission rounded per line (`Line`) or on the total.
    pub(crate) rounding: RoundingScope,
    pub(crate) rule: CommRule,
}

/// A gate, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GateC {
    pub(crate) name: String,
    pub(crate) test: GateTest,
}

/// What a compiled gate tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GateTest {
    /// Holds when measure `quant`'s attainment is at least the level.
    Attainment {
        measure: String,
        quant: usize,
        at_least: Decimal,
        at_least_x: Exact,
        /// Holds only above the level (`above`), not at it.
        strict: bool,
    },
    /// Holds when the label in column `col` (a position on `scale`, the
    /// scale of the rated `component`) is one of `labels`; `holds` says,
    /// by position on the scale, whether the label lets the gate hold.
    Label {
        component: String,
        col: usize,
        scale: LabelScale,
        labels: Vec<String>,
        holds: Vec<bool>,
    },
}

/// Whether `attainment` meets a level: above it when `strict`, at or above
/// it otherwise.
#[inline]
pub(crate) fn meets(attainment: Exact, level: Exact, strict: bool) -> bool {
    if strict {
        attainment > level
    } else {
        attainment >= level
    }
}

/// A modifier, compiled: a multiplier read through a curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ModifierC {
    pub(crate) name: String,
    pub(crate) measure: String,
    pub(crate) quant: usize,
    pub(crate) curve_name: String,
    pub(crate) curve: Curve,
    pub(crate) below_first: BelowFirst,
}

/// A kicker, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KickerC {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) measure: String,
    pub(crate) quant: usize,
    pub(crate) at_least: Decimal,
    pub(crate) at_least_x: Exact,
    /// Pays only above the level (`above`), not at it.
    pub(crate) strict: bool,
    pub(crate) amount: Decimal,
    pub(crate) amount_x: Exact,
}

/// A plan-level stage, applied to the running total in order.
// A kicker holds three exact values (64 bytes each); stages are compiled
// once per plan and read in place, so a box would only add an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The plan modifier, by index into [`Program::modifiers`].
    Modifier(usize),
    Kicker(KickerC),
    Cap(Cap),
    /// The plan gate, by index into [`Program::gates`].
    Gate(usize),
    /// The inputs' manual adjustments, when the plan places them inside
    /// its cap (just before [`Stage::Cap`]); outside, they follow every
    /// stage.
    Manual,
}

/// The plan's target incentive per period, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TiC {
    /// The same amount every period for a participant who gives no terms
    /// of their own (the plan's amount, or its annual amount or OTE's
    /// variable divided evenly over the periods), as
    /// [`run::target_incentive`] computes it.
    Fixed(Exact),
    /// Formed per evaluation by [`run::target_incentive`]: a percent of
    /// the participant's base salary, or an annual amount split by period
    /// weights.
    Formed,
}

/// A plan compiled for evaluation: see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Program {
    pub(crate) plan_id: String,
    /// The ISO code of the currency paid: a transaction line in another
    /// currency is refused.
    pub(crate) currency: String,
    pub(crate) layout: Layout,
    /// Per column: the plan's own value for it, if any (a target fixed
    /// in the plan), so the inputs need not give it.
    pub(crate) defaults: Vec<Option<Decimal>>,
    pub(crate) quants: Vec<Quant>,
    /// Each quant's index by key (a component id or a measure name).
    pub(crate) quant_keys: std::collections::HashMap<String, usize>,
    pub(crate) comps: Vec<Comp>,
    /// Commission components, after the weighted ones.
    pub(crate) coms: Vec<CommC>,
    pub(crate) gates: Vec<GateC>,
    pub(crate) modifiers: Vec<ModifierC>,
    pub(crate) stages: Vec<Stage>,
    /// `None` for a plan of commission components only.
    pub(crate) ti: Option<TiC>,
    /// The plan's target incentive as written: the basis shown for it.
    pub(crate) target_incentive: Option<TargetIncentive>,
    /// The annual quota of the plan's pay mix, for the implied rate.
    pub(crate) quota: Option<Decimal>,
    /// Each period's share of the annual target incentive, in order.
    pub(crate) period_weights: Option<Vec<Decimal>>,
    /// Where the inputs' manual adjustments sit against the plan cap.
    pub(crate) adjustments: AdjustmentPlacement,
    pub(crate) pay_period: PayPeriod,
    /// The month the plan year starts in and, for a weekly or biweekly
    /// plan, the first day of one period: such a period's target
    /// incentive divides by the periods of its plan year.
    pub(crate) fiscal_start_month: u32,
    pub(crate) anchor: Option<crate::date::Date>,
    /// The labels of a `custom` plan's listed periods, in order.
    pub(crate) listed: Vec<String>,
    pub(crate) places: u32,
    pub(crate) mode: RoundingMode,
    pub(crate) scope: RoundingScope,
}

/// A cap's limit against a target incentive.
pub(crate) fn cap_limit(cap: Cap, target: Exact) -> Option<Exact> {
    match cap {
        Cap::PercentOfTarget(p) => target.checked_mul(Exact::from_decimal(p)),
        Cap::Amount(a) => Some(Exact::from_decimal(a)),
    }
}

impl Program {
    /// Compiles a checked plan definition.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] when a condition names a component that is not
    /// quantitative (validation leaves no other way to fail);
    /// [`Error::Overflow`] when a plan constant is too large to combine
    /// exactly.
    pub(crate) fn compile(plan: &Definition) -> Result<Program> {
        // Destructured without `..` on purpose: a field added to `Definition`
        // stops this from building until the program either compiles it
        // or says why it needs not.
        let Definition {
            id,
            name: _,
            version: _,
            description: _,
            currency,
            pay_period,
            target_incentive,
            quota,
            period_weights,
            adjustments,
            rounding,
            metrics,
            components,
            commissions,
            cap,
            measures,
            gates,
            modifiers,
            kickers,
            gate,
            modifier,
            // Crediting, clawbacks, payment timing and the plan year work
            // around the program; the program itself reads none of them.
            negative: _,
            clawback: _,
            transaction_metrics: _,
            year,
        } = plan;
        let mut b = Builder {
            plan,
            quants: Vec::new(),
            quant_keys: std::collections::HashMap::new(),
            ratings: Vec::new(),
        };
        // Columns: components' measures in plan order (a matrix's two where
        // it stands), then the measures conditions read (in the order the
        // conditions appear).
        let mut comps = Vec::with_capacity(components.len());
        for c in components {
            let measure = match &c.measure {
                Measure::Quantitative { .. } => MeasureC::Quant(b.quant_of(&c.id, &c.measure)?),
                Measure::Rating { scale } => MeasureC::Rating {
                    col: b.rating(&c.id),
                    scale: scale.clone(),
                },
                Measure::Score { min, max } => MeasureC::Score {
                    col: b.rating(&c.id),
                    min: *min,
                    max: *max,
                },
                Measure::Fixed => MeasureC::Fixed,
                // Read as conditions read them: the same measures, the
                // same columns.
                Measure::Matrix { rows, columns } => MeasureC::Matrix {
                    rows: b.condition(rows)?,
                    columns: b.condition(columns)?,
                },
                Measure::Label { scale } => MeasureC::Label {
                    col: b.label(&c.id),
                    scale: scale.clone(),
                },
                Measure::Weighted { min, max, parts } => MeasureC::Weighted {
                    parts: parts
                        .iter()
                        .map(|(name, weight)| Part {
                            name: name.clone(),
                            col: b.rating(name),
                            weight: *weight,
                            weight_x: Exact::from_decimal(*weight),
                        })
                        .collect(),
                    min: *min,
                    max: *max,
                },
            };
            let rule = match &c.rule {
                Rule::Curve { name, curve } => RuleC::Curve {
                    name: name.clone(),
                    curve: curve.clone(),
                },
                Rule::Steps(s) => RuleC::Steps(s.clone()),
                Rule::Tiers(t) => RuleC::Tiers(t.clone()),
                Rule::Scale(s) => RuleC::Scale(s.clone()),
                Rule::Multipliers(t) => RuleC::Multipliers(t.clone()),
                Rule::AtTarget => RuleC::AtTarget,
                Rule::Matrix(m) => RuleC::Matrix(m.clone()),
                Rule::Labels(s) => RuleC::Labels(s.clone()),
            };
            comps.push(Comp {
                id: c.id.clone(),
                name: c.name.clone(),
                weight: c.weight,
                weight_x: Exact::from_decimal(c.weight),
                amount: c.amount.map(Exact::from_decimal),
                measure,
                rule,
                cap: c.cap,
                fixed_ti: None,
                modifier: None,
                gate: None,
                measurement: c.measurement,
            });
        }
        // Gates and modifiers are compiled where they are referenced, in
        // plan order (components, then the plan's stages): a definition no
        // rule references is read by no evaluation, so it has no columns.
        let mut gate_list: Vec<GateC> = Vec::new();
        let mut modifier_list: Vec<ModifierC> = Vec::new();
        let mut gate_index = |b: &mut Builder<'_>, n: &str| -> Result<usize> {
            if let Some(k) = gate_list.iter().position(|g| g.name == n) {
                return Ok(k);
            }
            let g = gates
                .get(n)
                .ok_or_else(|| Error::plan(format!("gate `{n}` is not defined")))?;
            let test = match g {
                Gate::Attainment {
                    measure,
                    at_least,
                    strict,
                } => GateTest::Attainment {
                    measure: measure.clone(),
                    quant: b.condition(measure)?,
                    at_least: *at_least,
                    at_least_x: Exact::from_decimal(*at_least),
                    strict: *strict,
                },
                Gate::Label { component, labels } => {
                    let scale = match components.iter().find(|c| &c.id == component) {
                        Some(Component {
                            rule: Rule::Labels(scale),
                            ..
                        }) => scale.clone(),
                        _ => {
                            return Err(Error::plan(format!(
                                "`{component}` is not rated on a labelled scale"
                            )));
                        }
                    };
                    let holds = scale
                        .labels()
                        .iter()
                        .map(|(l, _)| labels.contains(l))
                        .collect();
                    GateTest::Label {
                        component: component.clone(),
                        // The component's own column, assigned with it.
                        col: 0,
                        scale,
                        labels: labels.clone(),
                        holds,
                    }
                }
            };
            gate_list.push(GateC {
                name: n.to_owned(),
                test,
            });
            Ok(gate_list.len() - 1)
        };
        let mut modifier_index = |b: &mut Builder<'_>, n: &str| -> Result<usize> {
            if let Some(k) = modifier_list.iter().position(|m| m.name == n) {
                return Ok(k);
            }
            let m = modifiers
                .get(n)
                .ok_or_else(|| Error::plan(format!("modifier `{n}` is not defined")))?;
            modifier_list.push(ModifierC {
                name: n.to_owned(),
                measure: m.measure.clone(),
                quant: b.condition(&m.measure)?,
                curve_name: m.curve_name.clone(),
                curve: m.curve.clone(),
                below_first: m.below_first,
            });
            Ok(modifier_list.len() - 1)
        };
        for (comp, c) in comps.iter_mut().zip(components) {
            if let Some(m) = &c.modifier {
                comp.modifier = Some(modifier_index(&mut b, m)?);
            }
            if let Some(g) = &c.gate {
                comp.gate = Some(gate_index(&mut b, g)?);
            }
        }
        let mut stages = Vec::new();
        if let Some(m) = modifier {
            stages.push(Stage::Modifier(modifier_index(&mut b, m)?));
        }
        for k in kickers {
            stages.push(Stage::Kicker(KickerC {
                id: k.id.clone(),
                name: k.name.clone(),
                measure: k.measure.clone(),
                quant: b.condition(&k.measure)?,
                at_least: k.at_least,
                at_least_x: Exact::from_decimal(k.at_least),
                strict: k.strict,
                amount: k.amount,
                amount_x: Exact::from_decimal(k.amount),
            }));
        }
        if let Some(c) = cap {
            if *adjustments == AdjustmentPlacement::InsideCap {
                stages.push(Stage::Manual);
            }
            stages.push(Stage::Cap(*c));
        }
        if let Some(g) = gate {
            stages.push(Stage::Gate(gate_index(&mut b, g)?));
        }
        // The target incentive is formed per evaluation; the one function
        // that forms it fixes it once here when it is the same every
        // period for a participant with no terms of their own.
        let ti = target_incentive.map(|_| TiC::Formed);
        let coms = commissions
            .iter()
            .map(|c| {
                let rule = match &c.rule {
                    CommissionRule::Rate(r) => CommRule::Rate(*r),
                    CommissionRule::Rates(rules) => {
                        let mut sorted = rules.clone();
                        // Most specific first; the sort is stable, so rules
                        // of equal specificity keep plan order (and a line
                        // matching two of them is refused).
                        sorted.sort_by_key(|r| std::cmp::Reverse(r.specificity()));
                        CommRule::Rates(sorted)
                    }
                    CommissionRule::Tiers(t) => CommRule::Tiers(t.clone()),
                    CommissionRule::Cascade(levels) => CommRule::Cascade(levels.clone()),
                };
                CommC {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    metric: c.metric.clone(),
                    lines: c.lines,
                    filter: c
                        .filter
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                    basis: c.basis,
                    per: c.per,
                    rounding: c.rounding,
                    rule,
                }
            })
            .collect();
        let _ = (metrics, measures);
        let Builder {
            mut quants,
            ratings,
            quant_keys,
            ..
        } = b;
        // The layout: the actuals read (sorted by metric), the targets of
        // the measures read (components in plan order, then the measures
        // conditions read), the ratings, scores, parts of weighted scores
        // and labels (plan order).
        let mut actuals: Vec<String> = quants
            .iter()
            .flat_map(|q| q.source.reads().map(|(m, _)| m.to_owned()))
            .collect();
        actuals.sort();
        actuals.dedup();
        let targets: Vec<String> = quants.iter().map(|q| q.key.clone()).collect();
        let layout = Layout::new(actuals, targets, ratings);
        let col = |f: Field| -> Result<usize> {
            layout
                .column(&f)
                .ok_or_else(|| Error::plan(format!("`{f}` has no column")))
        };
        for q in &mut quants {
            q.target_col = col(Field::Target(q.key.clone()))?;
            match &mut q.source {
                MetricSource::Input { metric, col: c } => {
                    *c = col(Field::Actual(metric.clone()))?;
                }
                MetricSource::Ratio {
                    numerator,
                    num,
                    denominator,
                    den,
                } => {
                    *num = col(Field::Actual(numerator.clone()))?;
                    *den = col(Field::Actual(denominator.clone()))?;
                }
            }
        }
        for comp in &mut comps {
            match &mut comp.measure {
                MeasureC::Rating { col: c, .. } | MeasureC::Score { col: c, .. } => {
                    *c = col(Field::Rating(comp.id.clone()))?;
                }
                MeasureC::Label { col: c, .. } => *c = col(Field::Label(comp.id.clone()))?,
                MeasureC::Weighted { parts, .. } => {
                    for p in parts {
                        p.col = col(Field::Rating(p.name.clone()))?;
                    }
                }
                MeasureC::Quant(_) | MeasureC::Fixed | MeasureC::Matrix { .. } => {}
            }
        }
        for g in &mut gate_list {
            if let GateTest::Label {
                component, col: c, ..
            } = &mut g.test
            {
                *c = col(Field::Label(component.clone()))?;
            }
        }
        let mut defaults = vec![None; layout.len()];
        for q in &quants {
            if let (Some(d), Some(t)) = (defaults.get_mut(q.target_col), q.fixed_target) {
                *d = Some(t);
            }
        }
        let mut program = Program {
            plan_id: id.clone(),
            currency: currency.code().to_owned(),
            layout,
            defaults,
            quants,
            quant_keys,
            comps,
            coms,
            gates: gate_list,
            modifiers: modifier_list,
            stages,
            ti,
            target_incentive: *target_incentive,
            quota: *quota,
            period_weights: period_weights.clone(),
            adjustments: *adjustments,
            pay_period: *pay_period,
            fiscal_start_month: year.fiscal_start_month,
            anchor: year.anchor,
            listed: year.periods.iter().map(|(l, _, _)| l.clone()).collect(),
            places: rounding.places(),
            mode: rounding.mode(),
            scope: rounding.scope(),
        };
        program.fix_target_incentive();
        Ok(program)
    }

    /// Fixes the target incentive and each component's share of it (and
    /// cap limit) when the plan's target incentive is the same every
    /// period: an amount, or an annual amount or OTE divided evenly.
    fn fix_target_incentive(&mut self) {
        let constant = matches!(
            self.target_incentive,
            Some(
                TargetIncentive::Amount(_)
                    | TargetIncentive::Annual(_)
                    | TargetIncentive::Ote { .. }
            )
        ) && self.period_weights.is_none();
        if !constant {
            return;
        }
        // An overflow stays unfixed: the interpreter forms the amount per
        // participant and reports the overflow there, where it names the
        // participant.
        let Ok((t, _)) = run::target_incentive(
            self,
            &Terms::NONE,
            PeriodAt::Label(None),
            "",
            false,
            |_, _| Error::plan("a constant target incentive reads no base salary"),
        ) else {
            return;
        };
        // An annual amount that does not split evenly to the minor unit is
        // shared by largest remainder: the first period's share differs
        // from the exact one, and the amount depends on the period.
        let first =
            run::target_incentive(self, &Terms::NONE, PeriodAt::Index(1), "", false, |_, _| {
                Error::plan("a constant target incentive reads no base salary")
            });
        if !matches!(first, Ok((f, _)) if f == t) {
            return;
        }
        self.ti = Some(TiC::Fixed(t));
        // Constants too large to combine stay unfixed: the interpreter
        // forms them per participant and reports the overflow there,
        // where it names the participant.
        // A component with its own amount is not a share of it.
        for comp in self.comps.iter_mut().filter(|c| c.amount.is_none()) {
            comp.fixed_ti = t.checked_mul(comp.weight_x).and_then(|ct| match comp.cap {
                None => Some((ct, None)),
                Some(cap) => cap_limit(cap, ct).map(|l| (ct, Some(l))),
            });
        }
    }
}

/// Compilation state: measures by first use; columns are assigned once
/// all are known.
struct Builder<'a> {
    plan: &'a Definition,
    quants: Vec<Quant>,
    /// Each quant's index by key.
    quant_keys: std::collections::HashMap<String, usize>,
    /// The ratings, scores, parts of weighted scores and labels read, in
    /// plan order.
    ratings: Vec<Field>,
}

impl Builder<'_> {
    /// A rated or scored component's (or a weighted score's part's)
    /// column, assigned later.
    fn rating(&mut self, id: &str) -> usize {
        self.ratings.push(Field::Rating(id.to_owned()));
        0
    }

    /// A labelled component's column, assigned later.
    fn label(&mut self, id: &str) -> usize {
        self.ratings.push(Field::Label(id.to_owned()));
        0
    }

    /// The quantitative measure `key`, compiled once.
    fn quant_of(&mut self, key: &str, measure: &Measure) -> Result<usize> {
        if let Some(k) = self.quant_keys.get(key) {
            return Ok(*k);
        }
        let Measure::Quantitative {
            metric,
            target,
            direction,
            formula,
            baseline,
        } = measure
        else {
            return Err(Error::plan(format!(
                "`{key}` is not a quantitative measure; conditions read the attainment of quantitative components and measures"
            ))
            .with_component(key));
        };
        let source = match self.plan.metrics.get(metric) {
            Some(Metric::Ratio {
                numerator,
                denominator,
            }) => MetricSource::Ratio {
                numerator: numerator.clone(),
                num: 0,
                denominator: denominator.clone(),
                den: 0,
            },
            _ => MetricSource::Input {
                metric: metric.clone(),
                col: 0,
            },
        };
        let attain = match (direction, formula) {
            _ if baseline.is_some() => Attain::FromBaseline,
            (Direction::LowerIsBetter, Some(LowerIsBetter::TargetOverActual)) => {
                Attain::TargetOverActual
            }
            (Direction::LowerIsBetter, Some(LowerIsBetter::TwoMinusActualOverTarget)) => {
                Attain::TwoMinusActualOverTarget
            }
            _ => Attain::ActualOverTarget,
        };
        self.quants.push(Quant {
            key: key.to_owned(),
            metric: metric.clone(),
            source,
            target_col: 0,
            fixed_target: *target,
            direction: *direction,
            formula: *formula,
            baseline: *baseline,
            attain,
        });
        let k = self.quants.len() - 1;
        self.quant_keys.insert(key.to_owned(), k);
        Ok(k)
    }

    /// The measure a condition reads: a component of that id first (as
    /// conditions always have), else a named measure.
    fn condition(&mut self, name: &str) -> Result<usize> {
        let plan = self.plan;
        let measure = match plan.components.iter().find(|c| c.id == name) {
            Some(c) => &c.measure,
            None => plan
                .measures
                .get(name)
                .ok_or_else(|| Error::plan(format!("measure `{name}` is not defined")))?,
        };
        self.quant_of(name, measure)
    }
}
