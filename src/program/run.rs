//! The interpreter: one compiled program × one participant's values →
//! amounts, with the explanation recorded as it computes when the
//! recorder asks for it.
//!
//! [`run`] is the only place a plan's rules are evaluated. It is generic
//! over a [`Recorder`]: [`NoRecord`] writes nothing (the trace-building
//! code is compiled out, and nothing is allocated once the [`Payout`]
//! buffer has been used), [`Explain`] collects the statement's lines and
//! adjustments. Everything that can fail is computed for both, so the two
//! can never disagree on an amount or an error.

use rust_decimal::Decimal;

use super::pay::{PeriodAt, Terms, period_index};
use super::{
    Attain, Comp, GateTest, MeasureC, MetricSource, ModifierC, Part, Program, Quant, RuleC, Stage,
    TiC, cap_limit,
};
use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::inputs::{Inputs, TransactionLine};
use crate::manual::ManualAdjustment;
use crate::money::{allocate_into, exact_add, exact_sub};
use crate::payout::{Axis, Hit, LabelScale, Matrix, MatrixHitPair, StepTrace, percent};
use crate::plan::{AdjustmentPlacement, BelowFirst, Measurement, TargetIncentive};
use crate::rounding::{RoundingMode, RoundingScope};
use crate::statement::{
    Adjustment, AdjustmentDetail, CapTrace, GateTrace, KickerTrace, LabelGateTrace, Line,
    ManualTrace, MatrixMeasure, MatrixMeasures, MeasureTrace, ModifierTrace, PayMix, PeriodWeight,
    RatioTrace, RuleTrace, ScorePart, TargetIncentiveLine,
};

fn ovf(what: &str) -> impl Fn() -> Error + '_ {
    move || Error::overflow(what)
}

/// The statement's total does not fit: the error names the field.
fn total_ovf() -> Error {
    Error::overflow("the total").with_field("total")
}

/// The component of a payout's `i`-th line: the weighted components paid
/// in this context, in plan order, then the commission components.
fn line_id<'p>(prog: &'p Program, ctx: &Context<'_>, i: usize) -> Option<&'p str> {
    let period = ctx.pays.is_none_or(|m| m == Measurement::Period);
    prog.comps
        .iter()
        .filter(|c| ctx.pays.is_none_or(|m| m == c.measurement))
        .map(|c| c.id.as_str())
        .chain(prog.coms.iter().filter(|_| period).map(|c| c.id.as_str()))
        .nth(i)
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
    /// curve is at or past its last (capping) point, the step table's
    /// last step was reached, or a bonus matrix is at or past its last row
    /// and last column.
    pub at_cap: bool,
    /// Whether rounding in the plan's mode would have paid the line above
    /// its cap, so that it was rounded toward zero instead.
    pub(crate) rounded_to_cap: bool,
}

/// The one rounding rule: `e` rounded to `places` in `mode`, except that an
/// amount limited by a cap never rounds above it. `most` is the cap rounded
/// toward zero to the minor unit, given only when `e` is at or under the
/// cap; when rounding in `mode` would exceed the cap, `e` is rounded toward
/// zero instead, which is `most` (between `e` and a cap above it there is
/// no other multiple of the minor unit). The flag tells whether that
/// happened. `None` on overflow.
#[inline(always)]
pub(crate) fn round_within(
    e: Exact,
    places: u32,
    mode: RoundingMode,
    most: Option<Decimal>,
) -> Option<(Decimal, bool)> {
    let r = e.round(places, mode)?;
    Some(match most {
        Some(m) if r > m => (m, true),
        _ => (r, false),
    })
}

/// A cap rounded toward zero to the minor unit: the most an amount at or
/// under it may pay once rounded (caps are above zero).
#[inline]
pub(crate) fn most_within(limit: Exact, places: u32) -> Option<Decimal> {
    limit.round(places, RoundingMode::Down)
}

/// A quantitative measure's values, computed once per evaluation.
#[derive(Clone, Copy, Debug)]
struct QuantVal {
    actual: Exact,
    target: Exact,
    attainment: Exact,
}

/// The amounts of one evaluation without its explanation: a reusable
/// buffer that [`PreparedPlan::evaluate_into`](crate::PreparedPlan::evaluate_into)
/// overwrites, so a batch allocates nothing per participant.
///
/// Every amount is the one [`Plan::evaluate`](crate::Plan::evaluate) puts
/// on the statement, to the byte: both run the same interpreter.
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
#[derive(Clone, Debug, Default)]
pub struct Payout {
    lines: Vec<PayoutLine>,
    total: Decimal,
    exact_total: Option<Exact>,
    plan_capped: bool,
    /// Scratch, reused across evaluations: each measure's values.
    quants: Vec<Option<QuantVal>>,
    /// Scratch: a row gathered from `Inputs`.
    pub(crate) gathered: Vec<Option<Decimal>>,
    /// Scratch, by line: the most a capped line may pay once rounded (its
    /// cap rounded toward zero to the minor unit); empty, or shorter than
    /// the lines, where lines have no cap. Kept beside the lines so that an
    /// uncapped line stays as small as before.
    most: Vec<Option<Decimal>>,
}

impl PartialEq for Payout {
    fn eq(&self, other: &Payout) -> bool {
        self.lines == other.lines
            && self.total == other.total
            && self.exact_total == other.exact_total
            && self.plan_capped == other.plan_capped
    }
}

impl Eq for Payout {}

impl Payout {
    /// A buffer sized for `lines` lines and `quants` measures.
    pub(crate) fn with_capacity(lines: usize, quants: usize, columns: usize) -> Payout {
        Payout {
            lines: Vec::with_capacity(lines),
            quants: Vec::with_capacity(quants),
            gathered: Vec::with_capacity(columns),
            ..Payout::default()
        }
    }

    /// The amount paid: what [`Statement::total`](crate::Statement::total)
    /// returns.
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

    /// The exact total before rounding, as
    /// [`Statement::exact_total`](crate::Statement::exact_total); `None`
    /// only before the buffer's first evaluation.
    pub fn exact_total(&self) -> Option<Exact> {
        self.exact_total
    }
}

/// Where the interpreter reads a participant's values, by column of the
/// program's layout.
pub(crate) trait Source {
    /// Whether every column is known to be given (a row of values), so
    /// that no presence check is needed.
    const COMPLETE: bool = false;
    /// The value of column `col`, if given.
    fn value(&self, col: usize) -> Option<Decimal>;
    /// The participant's own pay terms (target incentive, base salary,
    /// pay mix) and period label.
    fn terms(&self) -> &Terms<'_>;
    /// The transaction lines commission components read; `None` when the
    /// route carries values only.
    fn lines(&self) -> Option<&[TransactionLine]> {
        None
    }
    /// The manual adjustments given with the inputs; none when the route
    /// carries values only.
    #[inline(always)]
    fn adjustments(&self) -> &[ManualAdjustment] {
        &[]
    }
    /// The error for a missing actual of `metric`.
    fn missing_actual(&self, metric: &str) -> Error {
        Error::missing(format!(
            "missing actual for metric `{metric}`; a missing actual is never read as zero"
        ))
        .with_field(format!("actuals.{metric}"))
    }
}

/// A row of values in layout order, every column given; it carries no
/// transaction lines and no manual adjustments.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row<'a> {
    pub(crate) values: &'a [Decimal],
    pub(crate) terms: &'a Terms<'a>,
}

impl Source for Row<'_> {
    const COMPLETE: bool = true;
    #[inline]
    fn value(&self, col: usize) -> Option<Decimal> {
        self.values.get(col).copied()
    }
    #[inline]
    fn terms(&self) -> &Terms<'_> {
        self.terms
    }
}

/// [`Inputs`] read into layout order ([`Layout::gather`](super::Layout::gather)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Gathered<'a> {
    pub(crate) values: &'a [Option<Decimal>],
    pub(crate) inputs: &'a Inputs,
    /// The inputs' pay terms ([`Terms::of`]).
    pub(crate) terms: Terms<'a>,
}

impl<'a> Gathered<'a> {
    /// `inputs`, with `values` gathered from them.
    pub(crate) fn new(values: &'a [Option<Decimal>], inputs: &'a Inputs) -> Gathered<'a> {
        Gathered {
            values,
            inputs,
            terms: Terms::of(inputs),
        }
    }
}

impl Source for Gathered<'_> {
    #[inline]
    fn value(&self, col: usize) -> Option<Decimal> {
        self.values.get(col).copied().flatten()
    }
    #[inline]
    fn terms(&self) -> &Terms<'_> {
        &self.terms
    }
    fn lines(&self) -> Option<&[TransactionLine]> {
        Some(self.inputs.lines())
    }
    #[inline]
    fn adjustments(&self) -> &[ManualAdjustment] {
        self.inputs.adjustments()
    }
    fn missing_actual(&self, metric: &str) -> Error {
        match self.inputs.sources().get(metric) {
            Some(source) => Error::missing(format!(
                "metric `{metric}` comes from credits (`{source}`), so it needs the transactions to credit it from: `Credits::evaluate` in code, `incentive run --transactions FILE` on the command line"
            ))
            .with_field(format!("actuals.{metric}")),
            None => Error::missing(format!(
                "missing actual for metric `{metric}`; a missing actual is never read as zero"
            ))
            .with_field(format!("actuals.{metric}")),
        }
    }
}

/// What a caller fixes for one evaluation besides the participant's
/// values: a plan year's prorated target incentive and targets, and which
/// components a segment pays.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context<'a> {
    /// The period's target incentive, already prorated (with its basis).
    pub(crate) target_incentive: Option<&'a TargetIncentiveLine>,
    /// Exact targets by measure index ([`Program::quants`]); an empty
    /// slice, or `None` at an index, reads the participant's target.
    pub(crate) targets: &'a [Option<Exact>],
    /// Pay only the components measured this way (`None`: all).
    pub(crate) pays: Option<Measurement>,
    /// How a plan year's segment prorates its period (the plan's
    /// proration convention over its days in plan), applied to components
    /// with their own amount as the plan's target incentive is prorated
    /// (`None`: the whole period).
    pub(crate) share: Option<crate::plan::Share>,
    /// Commission components read only the lines dated within these days
    /// (both included): a plan year's segment (`None`: every line).
    pub(crate) lines_within: Option<(crate::date::Date, crate::date::Date)>,
}

/// What the interpreter writes down as it computes.
pub(crate) trait Recorder {
    /// Whether explanations are wanted: when `false`, trace-building code
    /// is compiled out.
    const EXPLAIN: bool;
    /// The target incentive's line.
    fn target_incentive(&mut self, line: TargetIncentiveLine);
    /// A component's line (its `amount` is set when the statement is
    /// assembled, after rounding).
    fn line(&mut self, line: Line);
    /// A plan-level stage's adjustment.
    fn adjustment(&mut self, adjustment: Adjustment);
}

/// Records nothing: amounts only.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoRecord;

impl Recorder for NoRecord {
    const EXPLAIN: bool = false;
    #[inline(always)]
    fn target_incentive(&mut self, _: TargetIncentiveLine) {}
    #[inline(always)]
    fn line(&mut self, _: Line) {}
    #[inline(always)]
    fn adjustment(&mut self, _: Adjustment) {}
}

/// Records the statement's target incentive, lines and adjustments.
#[derive(Clone, Debug, Default)]
pub(crate) struct Explain {
    pub(crate) target_incentive: Option<TargetIncentiveLine>,
    pub(crate) lines: Vec<Line>,
    pub(crate) adjustments: Vec<Adjustment>,
}

impl Explain {
    /// A recorder with room for `lines` lines.
    pub(crate) fn with_capacity(lines: usize) -> Explain {
        Explain {
            target_incentive: None,
            lines: Vec::with_capacity(lines),
            adjustments: Vec::new(),
        }
    }
}

impl Recorder for Explain {
    const EXPLAIN: bool = true;
    fn target_incentive(&mut self, line: TargetIncentiveLine) {
        self.target_incentive = Some(line);
    }
    fn line(&mut self, line: Line) {
        self.lines.push(line);
    }
    fn adjustment(&mut self, adjustment: Adjustment) {
        self.adjustments.push(adjustment);
    }
}

/// The target incentive per period, with its line (basis, pay mix, period
/// weight) when `explain`: the one place it is computed, for every route
/// (single statements, batches, rows of values, plan years, lint).
///
/// In order: the participant's own amount per period if given; else the
/// annual target incentive — on-target earnings × the mix's variable share
/// (`ote` and `mix`, the participant's overriding the plan's), a percent
/// of the annual base salary (`target_percent` or the plan's
/// `percent_of_base`), or the plan's `annual` — divided evenly over the
/// year's periods, or × the period's weight when the plan weights its
/// periods (the period read from `period`); else the plan's amount per
/// period. Exact throughout. `field` prefixes the fields named in errors
/// (`""` for inputs, `"assignments."` for a plan year's assignments);
/// `missing_base(percent, from_inputs)` is the error for a percent of base
/// without a salary.
///
/// # Errors
///
/// [`Error::Input`] for a negative amount, salary, OTE or percent, a quota
/// of 0 or less, pay terms that contradict each other (an own amount and
/// a pay mix; `ote`/`mix` and `target_percent`), half a pay mix the plan
/// cannot complete, a quota with no pay mix, and a missing or unknown
/// period label for a weighted plan; [`Error::Overflow`].
pub(crate) fn target_incentive(
    prog: &Program,
    terms: &Terms<'_>,
    period: PeriodAt<'_>,
    field: &str,
    explain: bool,
    missing_base: impl FnOnce(Decimal, bool) -> Error,
) -> Result<(Exact, Option<TargetIncentiveLine>)> {
    let pay_period = prog.pay_period;
    let refuse = |message: String, name: &str| {
        Error::input(message)
            .with_plan(&prog.plan_id)
            .with_field(format!("{field}{name}"))
    };
    let not_negative = |v: Option<Decimal>, name: &str, what: &str| -> Result<()> {
        match v {
            Some(v) if v.is_sign_negative() && !v.is_zero() => {
                Err(refuse(format!("is {v}; {what} must be 0 or more"), name))
            }
            _ => Ok(()),
        }
    };
    if let Some(ti) = terms.target_incentive {
        not_negative(Some(ti), "target_incentive", "a target incentive")?;
        if let Some(f) = terms.pay_mix_field().filter(|f| *f != "quota") {
            return Err(refuse(
                format!(
                    "give this participant's own `target_incentive` per {pay_period} or a pay mix (`{f}`), not both"
                ),
                "target_incentive",
            ));
        }
        if terms.quota.is_some() {
            return Err(refuse(
                "a `quota` gives the implied commission rate of a pay mix, and a participant's own `target_incentive` per period has none; give `ote` and `mix` instead, or leave the quota out".to_owned(),
                "quota",
            ));
        }
        let amount = Exact::from_decimal(ti);
        let line = if explain {
            Some(TargetIncentiveLine::new(
                format!("participant's amount per {pay_period}"),
                amount,
            ))
        } else {
            None
        };
        return Ok((amount, line));
    }
    let Some(form) = prog.target_incentive else {
        if let Some(f) = terms.pay_mix_field() {
            return Err(refuse(
                format!(
                    "plan `{}` pays commission only and has no target incentive for `{f}` to set; leave it out",
                    prog.plan_id
                ),
                f,
            ));
        }
        let line = if explain {
            Some(TargetIncentiveLine::new(
                "none: the plan pays commission only",
                Exact::ZERO,
            ))
        } else {
            None
        };
        return Ok((Exact::ZERO, line));
    };
    let ovf_ti = ovf("the target incentive");
    not_negative(terms.target_percent, "target_percent", "a target percent")?;
    not_negative(terms.ote, "ote", "on-target earnings")?;
    if let Some(q) = terms.quota {
        if !q.is_sign_positive() || q.is_zero() {
            return Err(refuse(format!("is {q}; a quota must be above 0"), "quota"));
        }
    }
    let quota = terms.quota.or(prog.quota);
    let implied = |variable: Exact| -> Result<Option<Exact>> {
        quota
            .map(|q| variable.checked_div(Exact::from_decimal(q)))
            .map(|r| r.ok_or_else(ovf("the implied commission rate")))
            .transpose()
    };
    // The annual target incentive (the variable pay) with its basis and
    // pay mix; a per-period amount returns at once.
    let own_mix = terms.ote.is_some() || terms.mix.is_some();
    let plan_mix = matches!(form, TargetIncentive::Ote { .. });
    let (annual, basis, pay_mix) = if own_mix || plan_mix && terms.target_percent.is_none() {
        if terms.target_percent.is_some() {
            return Err(refuse(
                "give a pay mix as `ote` and `mix`, or as `base_salary` and `target_percent`, not both".to_owned(),
                "target_percent",
            ));
        }
        let (plan_ote, plan_mix) = match form {
            TargetIncentive::Ote { ote, mix } => (Some(ote), Some(mix)),
            _ => (None, None),
        };
        if let Some(b) = terms.base_salary {
            return Err(refuse(
                format!(
                    "is {b}, but this target incentive is on-target earnings and a mix, whose base is OTE × the base share; leave `base_salary` out, or give `target_percent` instead of `ote` and `mix`"
                ),
                "base_salary",
            ));
        }
        let ote = terms.ote.or(plan_ote).ok_or_else(|| {
            refuse(
                format!(
                    "missing `ote`: the inputs give a `mix` but no on-target earnings to divide, and this plan's target incentive is {form}"
                ),
                "ote",
            )
        })?;
        let mix = terms.mix.or(plan_mix).ok_or_else(|| {
            refuse(
                format!(
                    "missing `mix`: the inputs give on-target earnings of {ote} but no mix to divide them, and this plan's target incentive is {form}; give one such as \"60/40\""
                ),
                "mix",
            )
        })?;
        let ote_x = Exact::from_decimal(ote);
        let variable = ote_x
            .checked_mul(Exact::from_decimal(mix.variable()))
            .ok_or_else(&ovf_ti)?;
        let base = ote_x.checked_sub(variable).ok_or_else(&ovf_ti)?;
        let implied_rate = implied(variable)?;
        let who = if own_mix { "participant's " } else { "" };
        let basis = if explain {
            format!("{who}OTE {ote} at {mix}: variable {variable}")
        } else {
            String::new()
        };
        let pay_mix = if explain {
            Some(Box::new(PayMix {
                ote: ote_x,
                base,
                variable,
                mix: Some(mix),
                target_percent: None,
                quota,
                implied_rate,
            }))
        } else {
            None
        };
        (variable, basis, pay_mix)
    } else if terms.target_percent.is_some() || matches!(form, TargetIncentive::PercentOfBase(_)) {
        let (p, from_inputs) = match (terms.target_percent, form) {
            (Some(p), _) => (p, true),
            (None, TargetIncentive::PercentOfBase(p)) => (p, false),
            (None, _) => return Err(Error::plan("no percent of base salary")),
        };
        let base = terms
            .base_salary
            .ok_or_else(|| missing_base(p, from_inputs).with_plan(&prog.plan_id))?;
        not_negative(Some(base), "base_salary", "a base salary")?;
        let base_x = Exact::from_decimal(base);
        let variable = base_x
            .checked_mul(Exact::from_decimal(p))
            .ok_or_else(&ovf_ti)?;
        // The legacy percent-of-base line keeps its one-line basis; a
        // quota or the inputs' own percent shows the pay mix.
        let shows_mix = from_inputs || quota.is_some();
        let (ote, implied_rate) = if shows_mix {
            (
                base_x.checked_add(variable).ok_or_else(&ovf_ti)?,
                implied(variable)?,
            )
        } else {
            (Exact::ZERO, None)
        };
        let basis = if explain {
            format!("{} of base salary {base}", percent(p))
        } else {
            String::new()
        };
        let pay_mix = if explain && shows_mix {
            Some(Box::new(PayMix {
                ote,
                base: base_x,
                variable,
                mix: None,
                target_percent: Some(p),
                quota,
                implied_rate,
            }))
        } else {
            None
        };
        (variable, basis, pay_mix)
    } else {
        if terms.quota.is_some() {
            return Err(refuse(
                format!(
                    "a `quota` gives the implied commission rate of a pay mix, and this plan's target incentive ({form}) has none; give `ote` and `mix` (or `base_salary` and `target_percent`) with it, or leave it out"
                ),
                "quota",
            ));
        }
        match form {
            TargetIncentive::Annual(a) => (
                Exact::from_decimal(a),
                if explain {
                    format!("annual {a}")
                } else {
                    String::new()
                },
                None,
            ),
            TargetIncentive::Amount(a) => {
                let amount = Exact::from_decimal(a);
                let line = if explain {
                    Some(TargetIncentiveLine::new(
                        format!("plan amount per {pay_period}"),
                        amount,
                    ))
                } else {
                    None
                };
                return Ok((amount, line));
            }
            _ => return Err(Error::plan("this target incentive has no annual amount")),
        }
    };
    // The period's share of the annual amount: even, or its weight.
    let (amount, share, period_weight) = match &prog.period_weights {
        None => {
            let n = super::pay::periods_sharing(prog, period, field)?;
            let exact = annual
                .checked_div(Exact::from_int(i128::from(n)))
                .ok_or_else(&ovf_ti)?;
            // Given the period, its share is to the minor unit, so that the
            // year's shares add up to the annual amount.
            let amount = match super::pay::known_index(prog, period) {
                Some(i) if super::pay::whole_units(annual, prog.places) => {
                    super::pay::unit_share(annual, n, i, prog.places, true, |_| Some(exact))
                        .ok_or_else(&ovf_ti)?
                }
                _ => exact,
            };
            (
                amount,
                if explain {
                    if amount == exact {
                        format!(" / {n} {pay_period}s")
                    } else {
                        format!(
                            " / {n} {pay_period}s, to {} so the {n} shares add up to {annual} (largest remainder)",
                            Decimal::new(1, prog.places)
                        )
                    }
                } else {
                    String::new()
                },
                None,
            )
        }
        Some(weights) => {
            let index = period_index(prog, period, weights, field)?;
            let weight = usize::try_from(index - 1)
                .ok()
                .and_then(|i| weights.get(i))
                .copied()
                .ok_or_else(|| Error::plan("the period has no weight"))?;
            let w = PeriodWeight {
                pay_period,
                index,
                weight,
            };
            let share = |j: u32| {
                usize::try_from(j - 1)
                    .ok()
                    .and_then(|j| weights.get(j))
                    .and_then(|w| annual.checked_mul(Exact::from_decimal(*w)))
            };
            let exact = share(index).ok_or_else(&ovf_ti)?;
            let amount = if super::pay::whole_units(annual, prog.places) {
                let n =
                    u32::try_from(weights.len()).map_err(|_| Error::plan("too many weights"))?;
                super::pay::unit_share(annual, n, index, prog.places, false, share)
                    .ok_or_else(&ovf_ti)?
            } else {
                exact
            };
            (
                amount,
                if explain {
                    if amount == exact {
                        format!(" × {w}")
                    } else {
                        format!(
                            " × {w}, to {} so the {} shares add up to {annual} (largest remainder)",
                            Decimal::new(1, prog.places),
                            weights.len()
                        )
                    }
                } else {
                    String::new()
                },
                Some(w),
            )
        }
    };
    let line = if explain {
        Some(TargetIncentiveLine {
            basis: format!("{basis}{share}"),
            amount,
            pay_mix,
            period_weight,
        })
    } else {
        None
    };
    Ok((amount, line))
}

/// Evaluates one participant: fills `out` with the amounts and tells
/// `rec` the explanation as it is computed.
///
/// # Errors
///
/// The first failing rule's [`Error::Input`] or [`Error::Overflow`], in
/// plan order: the target incentive, then each component (measure, rule,
/// modifier, cap, gate), then rounding, then the plan-level stages.
pub(crate) fn run<S: Source, R: Recorder>(
    prog: &Program,
    src: &S,
    ctx: &Context<'_>,
    out: &mut Payout,
    rec: &mut R,
) -> Result<()> {
    // The target incentive: prorated by the caller, the participant's own,
    // or the plan's.
    if prog.coms.is_empty() && src.lines().is_some_and(|l| !l.is_empty()) {
        return Err(Error::input(format!(
            "the inputs give transaction lines, but plan `{}` has no commission components to pay them; remove `lines`",
            prog.plan_id
        ))
        .with_field("lines"));
    }
    let terms = src.terms();
    let (ti, fixed) = match (ctx.target_incentive, &prog.ti) {
        (Some(line), _) => {
            if R::EXPLAIN {
                rec.target_incentive(line.clone());
            }
            (line.amount, false)
        }
        // The plan's own amount, the same every period, which
        // `target_incentive` fixed when the plan was compiled: nothing to
        // form for a participant with no terms of their own.
        (None, Some(TiC::Fixed(t)))
            if !R::EXPLAIN
                && terms.none_given()
                && super::pay::fixed_share_holds(prog, terms.period) =>
        {
            (*t, true)
        }
        // A plan of commission components only has no target incentive;
        // pay-mix terms given for it are refused where they are read.
        (None, None) => {
            if terms.pay_mix_field().is_some() {
                target_incentive(prog, terms, PeriodAt::Label(None), "", false, |_, _| {
                    Error::plan("a commission plan reads no base salary")
                })?;
            }
            (Exact::ZERO, false)
        }
        (None, Some(plan_ti)) => {
            let (amount, line) = target_incentive(
                prog,
                terms,
                PeriodAt::Label(terms.period),
                "",
                R::EXPLAIN,
                |p, from_inputs| {
                    let pct = percent(p);
                    Error::missing(if from_inputs {
                        format!(
                            "missing `base_salary`: the inputs' `target_percent` makes this participant's target incentive {pct} of annual base salary"
                        )
                    } else {
                        format!(
                            "missing `base_salary`: this plan's target incentive is {pct} of annual base salary"
                        )
                    })
                    .with_field("base_salary")
                },
            )?;
            if let Some(line) = line {
                rec.target_incentive(line);
            }
            (
                amount,
                terms.target_incentive.is_none()
                    && terms.pay_mix_field().is_none()
                    && matches!(plan_ti, TiC::Fixed(_)),
            )
        }
    };
    // Manual adjustments are checked before anything is paid, on every
    // route that carries them.
    let manual = src.adjustments();
    if !manual.is_empty() {
        crate::manual::check(manual, prog.places)?;
    }
    if !S::COMPLETE && !all_given(prog, src, ctx) {
        present(prog, src, ctx)?;
    }
    out.lines.clear();
    out.most.clear();
    out.quants.clear();
    out.quants.resize(prog.quants.len(), None);
    let mut exact_sum = Exact::ZERO;
    for c in &prog.comps {
        if ctx.pays.is_some_and(|m| m != c.measurement) {
            continue;
        }
        let line = component(prog, c, src, ctx, ti, fixed, out, rec)
            .map_err(|e| e.with_component(&c.id))?;
        exact_sum = exact_sum.checked_add(line.exact).ok_or_else(total_ovf)?;
        out.lines.push(line);
    }
    // Commission components pay per period: a plan year's year-to-date
    // segment pays none of them.
    if ctx.pays.is_none_or(|m| m == Measurement::Period) {
        for cc in &prog.coms {
            let (exact, traces) = super::commission::component::<S, R>(prog, cc, src, ctx)
                .map_err(|e| e.with_component(&cc.id))?;
            exact_sum = exact_sum.checked_add(exact).ok_or_else(total_ovf)?;
            if let Some((measure, rule)) = traces {
                rec.line(Line {
                    component: cc.id.clone(),
                    name: cc.name.clone(),
                    weight: Decimal::ZERO,
                    target_incentive: Exact::ZERO,
                    measure,
                    rule,
                    factor: Exact::ZERO,
                    uncapped: exact,
                    modifier: None,
                    cap: None,
                    gate: None,
                    label_gate: None,
                    exact,
                    amount: Decimal::ZERO,
                    rounded_to_cap: false,
                });
            }
            out.lines.push(PayoutLine {
                exact,
                amount: Decimal::ZERO,
                at_cap: false,
                rounded_to_cap: false,
            });
        }
    }
    // Rounding, in one place: an amount limited by a cap is rounded toward
    // zero where rounding in the plan's mode would pay it above the cap
    // ([`round_within`]).
    let (places, mode) = (prog.places, prog.mode);
    let round = |e: Exact, most: Option<Decimal>| {
        round_within(e, places, mode, most).ok_or_else(ovf("the rounded amount"))
    };
    // The plan cap's bound on the rounded total for the later stages: the
    // exact limit, and the most it pays once rounded.
    let mut bound: Option<(Exact, Decimal)> = None;
    // Rounding on the total, the rounded exact total the lines share.
    let shared = match prog.scope {
        RoundingScope::Line => {
            // An amount too large to round names its component.
            let named = |i: usize, e: Error| match line_id(prog, ctx, i) {
                Some(id) => e.with_component(id),
                None => e,
            };
            if out.most.is_empty() {
                // No line has a cap (the common case): nothing to compare.
                for (i, l) in out.lines.iter_mut().enumerate() {
                    l.amount = l
                        .exact
                        .round(places, mode)
                        .ok_or_else(|| named(i, ovf("the rounded amount")()))?;
                }
            } else {
                for (i, l) in out.lines.iter_mut().enumerate() {
                    (l.amount, l.rounded_to_cap) =
                        round(l.exact, out.most.get(i).copied().flatten())
                            .map_err(|e| named(i, e))?;
                }
            }
            None
        }
        RoundingScope::Total => {
            let (rounded, _) = round(exact_sum, None)?;
            // A capped line takes no unit that would pay it above its cap:
            // the units left over are not paid, and the total is the
            // lines' sum.
            allocate_into(
                &mut out.lines,
                rounded,
                places,
                |l| l.exact,
                |i| out.most.get(i).copied().flatten(),
                |l| &mut l.amount,
            )
            .ok_or_else(ovf("the rounded amount"))?;
            for (i, l) in out.lines.iter_mut().enumerate() {
                l.rounded_to_cap = out.most.get(i).copied().flatten().is_some_and(|m| {
                    l.amount == m
                        && Exact::from_decimal(m) < l.exact
                        && l.exact.round(places, mode).is_some_and(|r| r > m)
                });
            }
            Some(rounded)
        }
    };
    let sum = sum_amounts(&out.lines, places)?;
    // What the lines' caps kept unpaid of the shared total: whole minor
    // units, none without a capped line.
    let withheld = match shared {
        Some(rounded) => rounded.checked_sub(sum).ok_or_else(total_ovf)?,
        None => Decimal::ZERO,
    };
    // Plan-level stages, in order: modifier, kickers, cap, gate. Each works
    // on the running exact total and records the change in the rounded
    // total as an adjustment, so that lines + adjustments = total.
    // Rounding on the total, the units the lines' caps withheld stay unpaid
    // through the stages (a later kicker pays its own amount, not them).
    let mut running = match prog.scope {
        RoundingScope::Line => Exact::from_decimal(sum),
        RoundingScope::Total if withheld.is_zero() => exact_sum,
        RoundingScope::Total => exact_sum
            .checked_sub(Exact::from_decimal(withheld))
            .ok_or_else(total_ovf)?,
    };
    let mut total = sum;
    out.plan_capped = false;
    for stage in &prog.stages {
        let (next, adjustment) = match stage {
            Stage::Manual => {
                for a in manual {
                    add_manual(prog, a, &mut running, &mut total, rec)?;
                }
                continue;
            }
            Stage::Modifier(k) => {
                let m = prog
                    .modifiers
                    .get(*k)
                    .ok_or_else(|| Error::plan("the plan modifier is not compiled"))?;
                let (multiplier, trace) = modifier::<S, R>(prog, m, src, ctx, out)?;
                let next = running
                    .checked_mul(multiplier)
                    .ok_or_else(ovf("the plan modifier"))?;
                let adj = trace.map(|t| {
                    (
                        "plan-modifier",
                        t.to_string(),
                        AdjustmentDetail::Modifier(t),
                    )
                });
                (next, adj)
            }
            Stage::Kicker(k) => {
                let attainment = condition(prog, k.quant, src, ctx, out)?;
                let held = super::meets(attainment, k.at_least_x, k.strict);
                let next = if held {
                    running
                        .checked_add(k.amount_x)
                        .ok_or_else(ovf("the kicker"))?
                } else {
                    running
                };
                let adj = R::EXPLAIN.then(|| {
                    let t = KickerTrace {
                        kicker: k.id.clone(),
                        name: k.name.clone(),
                        measure: k.measure.clone(),
                        attainment,
                        at_least: k.at_least,
                        strict: k.strict,
                        amount: k.amount,
                        held,
                    };
                    ("kicker", t.to_string(), AdjustmentDetail::Kicker(t))
                });
                (next, adj)
            }
            Stage::Cap(cap) => {
                let limit = cap_limit(*cap, ti).ok_or_else(ovf("the plan cap"))?;
                let applied = running > limit;
                out.plan_capped = applied;
                bound = Some((
                    limit,
                    most_within(limit, places).ok_or_else(ovf("the plan cap"))?,
                ));
                let adj = R::EXPLAIN.then(|| {
                    let description = if applied {
                        format!("plan cap ({cap}): exact total {running} cut to {limit}")
                    } else {
                        format!("plan cap ({cap}): exact total {running} is within {limit}")
                    };
                    let t = CapTrace {
                        cap: *cap,
                        limit,
                        applied,
                    };
                    ("plan-cap", description, AdjustmentDetail::Cap(t))
                });
                (running.min(limit), adj)
            }
            Stage::Gate(k) => {
                let (held, (trace, label_trace)) = gate::<S, R>(prog, *k, src, ctx, out)?;
                let next = if held { running } else { Exact::ZERO };
                let adj = match (trace, label_trace) {
                    (Some(g), _) => Some(("plan-gate", g.to_string(), AdjustmentDetail::Gate(g))),
                    (None, Some(g)) => {
                        Some(("plan-gate", g.to_string(), AdjustmentDetail::LabelGate(*g)))
                    }
                    (None, None) => None,
                };
                (next, adj)
            }
        };
        // At or under the plan cap (the cap's stage and a gate after it),
        // the total never rounds above the cap.
        let most = bound
            .filter(|(limit, _)| next <= *limit)
            .map(|(_, most)| most);
        let (rounded, to_cap) = round(next, most)?;
        let amount = exact_sub(rounded, total).ok_or_else(total_ovf)?;
        if let Some((kind, mut description, detail)) = adjustment {
            if to_cap {
                description.push_str(", rounded down to stay within the cap");
            }
            rec.adjustment(Adjustment {
                kind: kind.into(),
                description,
                amount,
                detail: Some(detail),
            });
        }
        total = rounded;
        running = next;
    }
    // Without plan-level stages the exact total is the lines' exact sum;
    // with them, the running total (which, rounding per line, starts from
    // the rounded lines).
    let mut exact_total = if prog.stages.is_empty() {
        exact_sum
    } else {
        running
    };
    // Manual adjustments outside the plan cap come after every stage.
    if prog.adjustments == AdjustmentPlacement::OutsideCap {
        for a in manual {
            add_manual(prog, a, &mut exact_total, &mut total, rec)?;
        }
    }
    out.total = total;
    out.exact_total = Some(exact_total);
    Ok(())
}

/// Adds one manual adjustment to the running exact total and the rounded
/// total, and records it. Its amount is whole minor units (checked before
/// anything was paid), so it needs no rounding: the statement shows it as
/// given, and lines + adjustments = total still holds.
fn add_manual<R: Recorder>(
    prog: &Program,
    a: &ManualAdjustment,
    running: &mut Exact,
    total: &mut Decimal,
    rec: &mut R,
) -> Result<()> {
    let overflow = || Error::overflow("the total").with_field(format!("adjustments.{}", a.name));
    // In the currency's places, as the other amounts (exact: the amount
    // has no more places than that).
    let mut amount = a.amount;
    amount.rescale(prog.places);
    *running = running
        .checked_add(Exact::from_decimal(amount))
        .ok_or_else(overflow)?;
    *total = exact_add(*total, amount).ok_or_else(overflow)?;
    if R::EXPLAIN {
        let t = ManualTrace {
            name: a.name.clone(),
            reason: a.reason.clone(),
            amount,
            placement: prog.adjustments,
        };
        rec.adjustment(Adjustment {
            kind: "manual".into(),
            description: t.to_string(),
            amount,
            detail: Some(AdjustmentDetail::Manual(t)),
        });
    }
    Ok(())
}

/// Whether every column is given or has the plan's own value (a fixed
/// target): the common case, checked in one pass so that [`present`]'s
/// ordered walk runs only when something may be missing.
#[inline]
fn all_given<S: Source>(prog: &Program, src: &S, ctx: &Context<'_>) -> bool {
    ctx.targets.is_empty()
        && prog
            .defaults
            .iter()
            .enumerate()
            .all(|(col, default)| default.is_some() || src.value(col).is_some())
}

/// Refuses a missing value before anything is computed, in the order the
/// rules read them (each paid component's measure, modifier and gate, then
/// the plan-level stages): whatever else is wrong with the inputs, every
/// route (a row of values needs every value up front) then reports the
/// same kind of error.
fn present<S: Source>(prog: &Program, src: &S, ctx: &Context<'_>) -> Result<()> {
    let quant = |k: usize, component: &str| -> Result<()> {
        let Some(q) = prog.quants.get(k) else {
            return Ok(());
        };
        let named = |e: Error| e.with_component(component);
        for (metric, col) in q.source.reads() {
            actual_of(src, col, metric).map_err(named)?;
        }
        target_of(q, k, src, ctx).map(|_| ()).map_err(named)
    };
    let condition = |k: usize| match prog.quants.get(k) {
        Some(q) => quant(k, &q.key),
        None => Ok(()),
    };
    let gate = |k: usize| match prog.gates.get(k).map(|g| &g.test) {
        Some(GateTest::Attainment { quant, .. }) => condition(*quant),
        Some(GateTest::Label { component, col, .. }) => labelled(src, *col, component)
            .map(|_| ())
            .map_err(|e| e.with_component(component)),
        None => Ok(()),
    };
    for c in &prog.comps {
        if ctx.pays.is_some_and(|m| m != c.measurement) {
            continue;
        }
        let named = |e: Error| e.with_component(&c.id);
        match &c.measure {
            MeasureC::Quant(k) => quant(*k, &c.id)?,
            MeasureC::Rating { col, .. } | MeasureC::Score { col, .. } => {
                rated(src, *col, &c.id).map_err(named)?;
            }
            MeasureC::Label { col, .. } => {
                labelled(src, *col, &c.id).map_err(named)?;
            }
            MeasureC::Weighted { parts, .. } => {
                for p in parts {
                    rated_part(src, p, &c.id).map_err(named)?;
                }
            }
            MeasureC::Fixed => {}
            MeasureC::Matrix { rows, columns } => {
                quant(*rows, &c.id)?;
                quant(*columns, &c.id)?;
            }
        }
        if let Some(m) = c.modifier.and_then(|k| prog.modifiers.get(k)) {
            condition(m.quant)?;
        }
        if let Some(k) = c.gate {
            gate(k)?;
        }
    }
    for stage in &prog.stages {
        match stage {
            Stage::Modifier(k) => {
                if let Some(m) = prog.modifiers.get(*k) {
                    condition(m.quant)?;
                }
            }
            Stage::Kicker(k) => condition(k.quant)?,
            Stage::Gate(k) => gate(*k)?,
            Stage::Cap(_) | Stage::Manual => {}
        }
    }
    Ok(())
}

/// One component's line.
#[allow(clippy::too_many_arguments)]
#[inline]
fn component<S: Source, R: Recorder>(
    prog: &Program,
    c: &Comp,
    src: &S,
    ctx: &Context<'_>,
    ti: Exact,
    fixed: bool,
    out: &mut Payout,
    rec: &mut R,
) -> Result<PayoutLine> {
    let ovf_payout = ovf("the payout");
    let fixed = if fixed { c.fixed_ti.as_ref() } else { None };
    let comp_ti = match (fixed, c.amount) {
        (Some((ct, _)), _) => *ct,
        // The component's own amount, prorated like the plan's target
        // incentive when a plan year pays part of the period.
        (None, Some(a)) => match ctx.share {
            Some(share) => {
                share
                    .apply(a)
                    .ok_or_else(ovf("the component's target incentive"))?
                    .0
            }
            None => a,
        },
        (None, None) => ti
            .checked_mul(c.weight_x)
            .ok_or_else(ovf("the component's target incentive"))?,
    };
    let mut bands = Vec::new();
    // A weighted score, for its trace.
    let mut weighted = None;
    let (measure, factor, uncapped, top, rule) = match &c.measure {
        MeasureC::Quant(k) => {
            let q = quant(prog, *k, src, ctx, out)?;
            // A negative amount (a refund booked against the metric) is
            // never paid as zero below the first band or point: it is an
            // error here, and a credit note on a commission component.
            if q.actual.is_negative() {
                if let Some(p) = prog.quants.get(*k) {
                    if p.direction == crate::plan::Direction::HigherIsBetter {
                        return Err(Error::negative_amount(format!(
                            "is {}: a negative amount cannot be paid through this component's rule, which would pay it as 0; book refunds as credit notes on a commission component, or give the net actual",
                            q.actual
                        ))
                        .with_field(format!("actuals.{}", p.metric)));
                    }
                }
            }
            match &c.rule {
                RuleC::Tiers(tiers) => {
                    let commission = tiers
                        .commission(
                            q.actual,
                            Some(q.target),
                            if R::EXPLAIN { Some(&mut bands) } else { None },
                        )
                        .ok_or_else(&ovf_payout)?;
                    let factor = if comp_ti.is_zero() {
                        Exact::ZERO
                    } else {
                        commission.checked_div(comp_ti).ok_or_else(&ovf_payout)?
                    };
                    let rule = R::EXPLAIN.then(|| RuleTrace::Tiers {
                        basis: tiers.basis(),
                        mode: tiers.mode(),
                        bands: std::mem::take(&mut bands),
                    });
                    (Some(*k), factor, commission, false, rule)
                }
                RuleC::Multipliers(tiers) => {
                    // Tiers on attainment with a quota of 1: each slice's
                    // (or the whole attainment's) multiplier, summed, is
                    // the factor of target incentive.
                    let factor = tiers
                        .commission(
                            q.attainment,
                            Some(Exact::ONE),
                            if R::EXPLAIN { Some(&mut bands) } else { None },
                        )
                        .ok_or_else(&ovf_payout)?;
                    let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
                    let rule = if R::EXPLAIN {
                        Some(RuleTrace::Multipliers {
                            mode: tiers.mode(),
                            exclusive: tiers.is_exclusive(),
                            bands: std::mem::take(&mut bands),
                        })
                    } else {
                        None
                    };
                    (Some(*k), factor, uncapped, false, rule)
                }
                rule => {
                    let (factor, top, trace) = fraction::<R>(rule, q.attainment, Axis::Attainment)?;
                    let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
                    (Some(*k), factor, uncapped, top, trace)
                }
            }
        }
        MeasureC::Fixed => {
            let rule = if R::EXPLAIN {
                Some(RuleTrace::AtTarget)
            } else {
                None
            };
            (None, Exact::ONE, comp_ti, false, rule)
        }
        MeasureC::Rating { col, .. } => {
            let rating = rated(src, *col, &c.id)?;
            let RuleC::Scale(scale) = &c.rule else {
                return Err(Error::plan("a rated component has no scale"));
            };
            let pays = scale
                .payout(rating)
                .map_err(|m| Error::off_scale(m).with_field(format!("ratings.{}", c.id)))?;
            let factor = Exact::from_decimal(pays);
            let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
            // Built only when recording: a trace built and dropped costs the
            // hot path a drop-glue call.
            let rule = if R::EXPLAIN {
                Some(RuleTrace::Scale { rating, pays })
            } else {
                None
            };
            (None, factor, uncapped, false, rule)
        }
        MeasureC::Matrix { rows, columns } => {
            let (m, r, k, factor, hit) = matrix(prog, c, *rows, *columns, src, ctx, out)?;
            let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
            let rule = if R::EXPLAIN {
                let key = |i: usize| prog.quants.get(i).map_or("", |q| q.key.as_str());
                Some(RuleTrace::Matrix(Box::new(m.trace(
                    hit,
                    (key(*rows), r),
                    (key(*columns), k),
                ))))
            } else {
                None
            };
            (None, factor, uncapped, m.top(hit), rule)
        }
        MeasureC::Score { col, min, max } => {
            let score = rated(src, *col, &c.id)?;
            if score < *min || score > *max {
                return Err(Error::off_scale(format!(
                    "score {score} is outside the range {min} to {max}"
                ))
                .with_field(format!("ratings.{}", c.id)));
            }
            let (factor, top, trace) =
                fraction::<R>(&c.rule, Exact::from_decimal(score), Axis::Score)?;
            let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
            (None, factor, uncapped, top, trace)
        }
        MeasureC::Label { col, .. } => {
            let position = labelled(src, *col, &c.id)?;
            let RuleC::Labels(scale) = &c.rule else {
                return Err(Error::plan("a labelled component has no labelled scale"));
            };
            let (label, pays) = label_at(scale, position, &c.id)?;
            let factor = Exact::from_decimal(pays);
            let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
            let rule = if R::EXPLAIN {
                Some(RuleTrace::Label {
                    label: label.to_owned(),
                    pays,
                })
            } else {
                None
            };
            (None, factor, uncapped, false, rule)
        }
        MeasureC::Weighted { parts, min, max } => {
            let mut score = Exact::ZERO;
            for p in parts {
                let rating = rated_part(src, p, &c.id)?;
                if rating < *min || rating > *max {
                    return Err(Error::off_scale(format!(
                        "rating {rating} is outside the range {min} to {max} of component `{}`'s weighted score",
                        c.id
                    ))
                    .with_field(format!("ratings.{}", p.name)));
                }
                score = Exact::from_decimal(rating)
                    .checked_mul(p.weight_x)
                    .and_then(|v| score.checked_add(v))
                    .ok_or_else(ovf("the weighted score"))?;
            }
            weighted = Some(score);
            let (factor, top, trace) = fraction::<R>(&c.rule, score, Axis::Score)?;
            let uncapped = comp_ti.checked_mul(factor).ok_or_else(&ovf_payout)?;
            (None, factor, uncapped, top, trace)
        }
    };
    let (modified, modifier_trace) = match c.modifier {
        None => (uncapped, None),
        Some(k) => {
            let m = prog
                .modifiers
                .get(k)
                .ok_or_else(|| Error::plan("the modifier is not compiled"))?;
            let (multiplier, trace) = modifier::<S, R>(prog, m, src, ctx, out)?;
            (
                uncapped.checked_mul(multiplier).ok_or_else(&ovf_payout)?,
                trace,
            )
        }
    };
    let (capped, cap_trace) = match c.cap {
        Some(cap) => {
            let limit = match fixed {
                Some((_, Some(limit))) => *limit,
                _ => cap_limit(cap, comp_ti).ok_or_else(&ovf_payout)?,
            };
            let applied = modified > limit;
            (
                modified.min(limit),
                Some(CapTrace {
                    cap,
                    limit,
                    applied,
                }),
            )
        }
        None => (modified, None),
    };
    let (held, (gate, label_gate)) = match c.gate {
        None => (true, (None, None)),
        Some(k) => gate::<S, R>(prog, k, src, ctx, out)?,
    };
    let exact = if held { capped } else { Exact::ZERO };
    if R::EXPLAIN {
        let measure = match (&c.measure, measure) {
            (MeasureC::Quant(k), Some(_)) => quant_trace(prog, *k, src, out)?,
            (MeasureC::Matrix { rows, columns }, _) => {
                let axis = |k: usize| -> Result<MatrixMeasure> {
                    Ok(MatrixMeasure {
                        measure: prog
                            .quants
                            .get(k)
                            .map(|q| q.key.clone())
                            .unwrap_or_default(),
                        value: quant_trace(prog, k, src, out)?,
                    })
                };
                MeasureTrace::Matrix(Box::new(MatrixMeasures {
                    rows: axis(*rows)?,
                    columns: axis(*columns)?,
                }))
            }
            (MeasureC::Rating { col, scale }, _) => MeasureTrace::Rating {
                scale: scale.clone(),
                rating: src.value(*col).unwrap_or_default(),
            },
            (MeasureC::Score { col, min, max }, _) => MeasureTrace::Score {
                score: src.value(*col).unwrap_or_default(),
                min: *min,
                max: *max,
            },
            (MeasureC::Fixed, _) => MeasureTrace::Fixed,
            (MeasureC::Label { col, scale }, _) => MeasureTrace::Label {
                scale: scale.clone(),
                label: match (&c.rule, src.value(*col)) {
                    (RuleC::Labels(s), Some(p)) => s.at(p).map(|(l, _)| l.to_owned()),
                    _ => None,
                }
                .unwrap_or_default(),
            },
            (MeasureC::Weighted { parts, min, max }, _) => MeasureTrace::WeightedScore {
                parts: parts
                    .iter()
                    .map(|p| ScorePart {
                        part: p.name.clone(),
                        rating: src.value(p.col).unwrap_or_default(),
                        weight: p.weight,
                    })
                    .collect(),
                score: weighted.ok_or_else(|| Error::plan("the score was not computed"))?,
                min: *min,
                max: *max,
            },
            (MeasureC::Quant(_), None) => return Err(Error::plan("the measure is not compiled")),
        };
        let Some(rule) = rule else {
            return Err(Error::plan("the rule left no trace"));
        };
        rec.line(Line {
            component: c.id.clone(),
            name: c.name.clone(),
            weight: c.weight,
            target_incentive: comp_ti,
            measure,
            rule,
            factor,
            uncapped,
            modifier: modifier_trace,
            cap: cap_trace,
            gate,
            label_gate,
            exact,
            amount: Decimal::ZERO,
            rounded_to_cap: false,
        });
    } else {
        // Recording nothing, the rule and gate left no trace (`None`):
        // nothing to drop, so skip the drop glue's call on the hot path.
        std::mem::forget(rule);
        std::mem::forget(label_gate);
    }
    // A capped line's exact amount is at or under its cap (cut to it, or
    // zero when its gate fails), so the cap bounds its rounding.
    if let Some(c) = cap_trace {
        note_most(out, c.limit, prog.places).ok_or_else(&ovf_payout)?;
    }
    Ok(PayoutLine {
        exact,
        amount: Decimal::ZERO,
        at_cap: top || cap_trace.is_some_and(|c| c.applied),
        rounded_to_cap: false,
    })
}

/// Notes the most the line pushed next (at index `out.lines.len()`) may
/// pay once rounded: its cap `limit` rounded toward zero. Out of line: an
/// uncapped line never calls it. `None` on overflow.
#[cold]
#[inline(never)]
fn note_most(out: &mut Payout, limit: Exact, places: u32) -> Option<()> {
    let most = most_within(limit, places)?;
    out.most.resize(out.lines.len(), None);
    out.most.push(Some(most));
    Some(())
}

/// The trace of quantitative measure `k`, from the values computed.
fn quant_trace<S: Source>(prog: &Program, k: usize, src: &S, out: &Payout) -> Result<MeasureTrace> {
    let q = prog
        .quants
        .get(k)
        .ok_or_else(|| Error::plan("the measure is not compiled"))?;
    let v = out
        .quants
        .get(k)
        .copied()
        .flatten()
        .ok_or_else(|| Error::plan("the measure was not computed"))?;
    let ratio = match &q.source {
        MetricSource::Ratio {
            numerator,
            num,
            denominator,
            den,
        } => Some(RatioTrace {
            numerator: numerator.clone(),
            numerator_value: src.value(*num).unwrap_or_default(),
            denominator: denominator.clone(),
            denominator_value: src.value(*den).unwrap_or_default(),
        }),
        MetricSource::Input { .. } => None,
    };
    Ok(MeasureTrace::Quantitative {
        metric: q.metric.clone(),
        actual: v.actual,
        ratio,
        target: v.target,
        direction: q.direction,
        formula: q.formula,
        baseline: q.baseline,
        attainment: v.attainment,
    })
}

/// A bonus matrix read at its two measures' attainments: the matrix, the
/// row and column attainments, the factor and where each fell. Its
/// measures are computed (once per evaluation) as every measure is; a
/// negative actual is read, as conditions read it, and falls below the
/// first row or column as the plan declares.
// Out of line, cold and returning no trace, so that the one-measure rules
// around it keep their code: with the matrix inline the same-book example
// counted about 1.5% more instructions a statement, with it out of line
// and cold 0.3%. Cold only moves the code; a matrix plan pays a jump.
#[cold]
#[inline(never)]
fn matrix<'p, S: Source>(
    prog: &Program,
    c: &'p Comp,
    rows: usize,
    columns: usize,
    src: &S,
    ctx: &Context<'_>,
    out: &mut Payout,
) -> Result<(&'p Matrix, Exact, Exact, Exact, MatrixHitPair)> {
    let RuleC::Matrix(m) = &c.rule else {
        return Err(Error::plan("a matrix component has no matrix"));
    };
    let r = quant(prog, rows, src, ctx, out)?.attainment;
    let k = quant(prog, columns, src, ctx, out)?.attainment;
    let (factor, hit) = m.at(r, k).ok_or_else(ovf("the matrix"))?;
    Ok((m, r, k, factor, hit))
}

/// A rule that pays a fraction of target incentive, read at `x`: the
/// factor, whether the rule pays its maximum (a curve at or past its last
/// point, the last step), and the trace when explaining.
#[inline(always)]
fn fraction<R: Recorder>(
    rule: &RuleC,
    x: Exact,
    axis: Axis,
) -> Result<(Exact, bool, Option<RuleTrace>)> {
    match rule {
        RuleC::Curve { name, curve } => {
            let (f, hit) = curve.at(x).ok_or_else(ovf("the curve"))?;
            let trace = if R::EXPLAIN {
                Some(RuleTrace::Curve {
                    curve: name.clone(),
                    axis,
                    segment: curve.segment(hit).ok_or_else(ovf("the curve"))?,
                })
            } else {
                None
            };
            Ok((f, hit == Hit::Capped, trace))
        }
        RuleC::Steps(steps) => {
            let (f, step) = steps.evaluate(x);
            let top =
                matches!(step, StepTrace::Reached { step, .. } if step == steps.points().len());
            let trace = if R::EXPLAIN {
                Some(RuleTrace::Steps { axis, step })
            } else {
                None
            };
            Ok((f, top, trace))
        }
        RuleC::Tiers(_)
        | RuleC::Scale(_)
        | RuleC::Multipliers(_)
        | RuleC::AtTarget
        | RuleC::Matrix(_)
        | RuleC::Labels(_) => Err(Error::plan(
            "this rule does not pay a fraction of target incentive",
        )),
    }
}

/// A rating or score, never read as zero when missing.
#[inline]
fn rated<S: Source>(src: &S, col: usize, id: &str) -> Result<Decimal> {
    src.value(col).ok_or_else(|| {
        Error::missing(format!(
            "missing rating for component `{id}`; a missing rating is never read as zero"
        ))
        .with_field(format!("ratings.{id}"))
    })
}

/// A weighted score's part's rating, never read as zero when missing.
fn rated_part<S: Source>(src: &S, p: &Part, id: &str) -> Result<Decimal> {
    src.value(p.col).ok_or_else(|| {
        Error::missing(format!(
            "missing rating for `{}`, a part of component `{id}`'s weighted score; a missing rating is never read as zero",
            p.name
        ))
        .with_field(format!("ratings.{}", p.name))
    })
}

/// A labelled component's label, as its position on the scale; never
/// read as any label when missing.
fn labelled<S: Source>(src: &S, col: usize, id: &str) -> Result<Decimal> {
    src.value(col).ok_or_else(|| {
        Error::missing(format!(
            "missing label for component `{id}`; a missing label is never read as any label"
        ))
        .with_field(format!("labels.{id}"))
    })
}

/// The label at `position` on `scale` (component `id`'s) and its payout:
/// a row of values gives a label as its position, which may be off the
/// scale.
fn label_at<'s>(scale: &'s LabelScale, position: Decimal, id: &str) -> Result<(&'s str, Decimal)> {
    scale.at(position).ok_or_else(|| {
        let labels = scale.labels();
        let ends = match (labels.first(), labels.last()) {
            (Some((first, _)), Some((last, _))) => {
                format!("1 (`{first}`) to {} (`{last}`)", labels.len())
            }
            _ => "none".to_owned(),
        };
        Error::off_scale(format!(
            "label position {position} is not on the scale of component `{id}`; a label is its position on the scale, from {ends}"
        ))
        .with_field(format!("labels.{id}"))
    })
}

/// The values of quantitative measure `k`, computed once per evaluation.
#[inline]
fn quant<'o, S: Source>(
    prog: &Program,
    k: usize,
    src: &S,
    ctx: &Context<'_>,
    out: &'o mut Payout,
) -> Result<&'o QuantVal> {
    if !matches!(out.quants.get(k), Some(Some(_))) {
        let v = measure(prog, k, src, ctx)?;
        if let Some(slot) = out.quants.get_mut(k) {
            *slot = Some(v);
        }
    }
    out.quants
        .get(k)
        .and_then(Option::as_ref)
        .ok_or_else(|| Error::plan("the measure is not compiled"))
}

/// The values of quantitative measure `k`, computed.
#[inline]
fn measure<S: Source>(prog: &Program, k: usize, src: &S, ctx: &Context<'_>) -> Result<QuantVal> {
    let q = prog
        .quants
        .get(k)
        .ok_or_else(|| Error::plan("the measure is not compiled"))?;
    let ovf_att = ovf("the attainment");
    let actual = match &q.source {
        MetricSource::Input { metric, col } => Exact::from_decimal(actual_of(src, *col, metric)?),
        MetricSource::Ratio {
            numerator,
            num,
            denominator,
            den,
        } => {
            let n = actual_of(src, *num, numerator)?;
            let d = actual_of(src, *den, denominator)?;
            if d.is_zero() {
                return Err(Error::input(format!(
                    "`{denominator}` is 0, so `{}` = `{numerator}` / `{denominator}` is undefined",
                    q.metric
                ))
                .with_field(format!("actuals.{denominator}")));
            }
            Exact::ratio(n, d).ok_or_else(ovf("the ratio metric"))?
        }
    };
    let target = target_of(q, k, src, ctx)?;
    if !target.is_positive() {
        return Err(
            Error::zero_target(format!("is {target}; a target must be above 0"))
                .with_field(format!("targets.{}", q.key)),
        );
    }
    let attainment = match q.attain {
        Attain::TargetOverActual => {
            if !actual.is_positive() {
                return Err(Error::input(format!(
                    "is {actual}; `target / actual` needs an actual above 0"
                ))
                .with_field(format!("actuals.{}", q.metric)));
            }
            target.checked_div(actual).ok_or_else(&ovf_att)?
        }
        Attain::TwoMinusActualOverTarget => Exact::from_int(2)
            .checked_sub(actual.checked_div(target).ok_or_else(&ovf_att)?)
            .ok_or_else(&ovf_att)?,
        Attain::ActualOverTarget => actual.checked_div(target).ok_or_else(&ovf_att)?,
        Attain::FromBaseline => {
            let b = Exact::from_decimal(q.baseline.unwrap_or_default());
            if target <= b {
                return Err(Error::input(format!(
                    "is {target}, at or below the baseline {b}; attainment runs from the baseline up to the goal, so the goal (target) must be above it"
                ))
                .with_field(format!("targets.{}", q.key)));
            }
            actual
                .checked_sub(b)
                .and_then(|d| d.checked_div(target.checked_sub(b)?))
                .ok_or_else(&ovf_att)?
        }
    };
    Ok(QuantVal {
        actual,
        target,
        attainment,
    })
}

/// A metric's actual, never read as zero when missing.
#[inline]
fn actual_of<S: Source>(src: &S, col: usize, metric: &str) -> Result<Decimal> {
    src.value(col).ok_or_else(|| src.missing_actual(metric))
}

/// Measure `k`'s target: the caller's (a plan year's prorated target), the
/// participant's, or the plan's own; never read as zero when missing.
#[inline]
fn target_of<S: Source>(q: &Quant, k: usize, src: &S, ctx: &Context<'_>) -> Result<Exact> {
    if let Some(t) = ctx.targets.get(k).copied().flatten() {
        return Ok(t);
    }
    match src.value(q.target_col).or(q.fixed_target) {
        Some(t) => Ok(Exact::from_decimal(t)),
        None => Err(Error::missing(format!("missing target for `{}`", q.key))
            .with_field(format!("targets.{}", q.key))),
    }
}

/// The attainment a condition reads; its errors name the measure.
fn condition<S: Source>(
    prog: &Program,
    k: usize,
    src: &S,
    ctx: &Context<'_>,
    out: &mut Payout,
) -> Result<Exact> {
    quant(prog, k, src, ctx, out)
        .map(|v| v.attainment)
        .map_err(|e| match prog.quants.get(k) {
            Some(q) => e.with_component(&q.key),
            None => e,
        })
}

/// A gate's trace when explaining: on an attainment, or on a label (boxed,
/// as on a statement's line).
type GateSeen = (Option<GateTrace>, Option<Box<LabelGateTrace>>);

/// Gate `k`: whether it holds, and its trace when explaining.
fn gate<S: Source, R: Recorder>(
    prog: &Program,
    k: usize,
    src: &S,
    ctx: &Context<'_>,
    out: &mut Payout,
) -> Result<(bool, GateSeen)> {
    let g = prog
        .gates
        .get(k)
        .ok_or_else(|| Error::plan("the gate is not compiled"))?;
    match &g.test {
        GateTest::Attainment {
            measure,
            quant,
            at_least,
            at_least_x,
            strict,
        } => {
            let attainment = condition(prog, *quant, src, ctx, out)?;
            let held = super::meets(attainment, *at_least_x, *strict);
            let trace = R::EXPLAIN.then(|| GateTrace {
                gate: g.name.clone(),
                measure: measure.clone(),
                attainment,
                at_least: *at_least,
                strict: *strict,
                held,
            });
            Ok((held, (trace, None)))
        }
        GateTest::Label {
            component,
            col,
            scale,
            labels,
            holds,
        } => {
            let named = |e: Error| e.with_component(component);
            let position = labelled(src, *col, component).map_err(named)?;
            let (label, _) = label_at(scale, position, component).map_err(named)?;
            let held = scale
                .index(position)
                .and_then(|i| holds.get(i))
                .copied()
                .unwrap_or(false);
            let trace = if R::EXPLAIN {
                Some(Box::new(LabelGateTrace {
                    gate: g.name.clone(),
                    component: component.clone(),
                    label: label.to_owned(),
                    labels: labels.clone(),
                    held,
                }))
            } else {
                None
            };
            Ok((held, (None, trace)))
        }
    }
}

/// A modifier's multiplier, and its trace when explaining.
fn modifier<S: Source, R: Recorder>(
    prog: &Program,
    m: &ModifierC,
    src: &S,
    ctx: &Context<'_>,
    out: &mut Payout,
) -> Result<(Exact, Option<ModifierTrace>)> {
    let attainment = condition(prog, m.quant, src, ctx, out)?;
    let (mut multiplier, hit) = m.curve.at(attainment).ok_or_else(ovf("the modifier"))?;
    if let (Hit::Below, BelowFirst::FirstPoint, Some(threshold)) =
        (hit, m.below_first, m.curve.points().first())
    {
        multiplier = Exact::from_decimal(threshold.y);
    }
    let trace = if R::EXPLAIN {
        Some(ModifierTrace {
            modifier: m.name.clone(),
            measure: m.measure.clone(),
            attainment,
            curve: m.curve_name.clone(),
            segment: m.curve.segment(hit).ok_or_else(ovf("the modifier"))?,
            below_first: m.below_first,
            multiplier,
        })
    } else {
        None
    };
    Ok((multiplier, trace))
}

/// The sum of rounded amounts, exactly: every amount has `places` decimal
/// places, so their mantissas add as integers; a sum that does not fit in
/// a `Decimal` is an overflow, never a rounded figure.
#[inline]
fn sum_amounts(lines: &[PayoutLine], places: u32) -> Result<Decimal> {
    let mut sum: i128 = 0;
    for l in lines {
        let m = if l.amount.scale() == places {
            l.amount.mantissa()
        } else {
            let mut a = l.amount;
            a.rescale(places);
            if a != l.amount {
                return Err(total_ovf());
            }
            a.mantissa()
        };
        sum = sum.checked_add(m).ok_or_else(total_ovf)?;
    }
    Decimal::try_from_i128_with_scale(sum, places).map_err(|_| total_ovf())
}
