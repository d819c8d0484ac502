//! The result of an evaluation and its explanation, line by line.
//!
//! A [`Statement`] has one [`Line`] per component, each with the traces
//! the interpreter recorded as it computed: the measure ([`MeasureTrace`],
//! [`RatioTrace`]), the rule ([`RuleTrace`]), the cap ([`CapTrace`]), the
//! gate and modifier ([`GateTrace`], [`LabelGateTrace`], [`ModifierTrace`]);
//! a bonus matrix's two measures ([`MatrixMeasures`]). Then its
//! [`Adjustment`]s: the plan's modifier, kickers, cap and gate, and any
//! clawbacks, each with its [`AdjustmentDetail`] ([`KickerTrace`],
//! [`ClawbackTrace`], …). A credited statement carries its
//! [`CreditTrail`]s, deal by deal.

mod clawback;
mod commission;
mod credit;
mod manual;
mod matrix;
mod pay;

pub use clawback::ClawbackTrace;
pub use commission::{CommissionLineTrace, CommissionTrace};
pub use credit::{CreditEntry, CreditKind, CreditTrail};
pub use manual::ManualTrace;
pub use matrix::{MatrixMeasure, MatrixMeasures};
pub use pay::{PayMix, PeriodWeight};

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;
use crate::money::Currency;
pub(crate) use crate::payout::exact_percent;
use crate::payout::{
    Axis, BandTrace, MatrixTrace, Segment, StepTrace, TierBasis, TierMode, percent,
};
use crate::plan::{BelowFirst, Cap, Direction, LowerIsBetter};
use crate::rounding::Rounding;

/// What a participant is paid for a period under a plan, and why.
///
/// The lines are the computation itself, recorded while it ran: each
/// component's inputs, attainment, the curve segment, step, bands or rating
/// used, the payout factor, any cap, the exact amount and the rounded one.
/// [`Statement::total`] is the sum of the lines' amounts and the
/// adjustments' amounts, to the minor unit.
///
/// Serializes with every amount as a decimal string (never a JSON float);
/// exact values without a finite decimal form serialize as `num/den`.
/// `Display` prints a readable statement.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let rita = Inputs::new("rita", "demand-generation")
///     .actual("pipeline", dec!(3300002))
///     .target("pipeline", dec!(3000000))
///     .rating("campaign_effectiveness", dec!(3));
/// let s = plan.evaluate(&rita)?;
/// let pipeline = s.line("pipeline").unwrap();
/// assert_eq!(pipeline.exact.to_string(), "4500.005");
/// assert_eq!(pipeline.amount, dec!(4500.00)); // half-even, rounded once
/// assert_eq!(s.total(), dec!(5750.00));
/// assert!(s.to_string().contains("total 5750.00 USD"));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StatementData")]
#[non_exhaustive]
pub struct Statement {
    /// The participant's id.
    pub participant: String,
    /// The participant's display name, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_name: Option<String>,
    /// The period label, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The plan's id.
    pub plan: String,
    /// The plan's name.
    pub plan_name: String,
    /// The plan's version.
    pub plan_version: String,
    /// The currency of every amount.
    pub currency: Currency,
    /// The target incentive for the period and where it came from; `None`
    /// for a plan of commission components only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_incentive: Option<TargetIncentiveLine>,
    /// One line per component, in plan order.
    pub lines: Vec<Line>,
    /// Adjustments after the lines, such as the plan cap.
    pub adjustments: Vec<Adjustment>,
    /// The exact total before rounding: the lines' exact sum, or, when the
    /// plan has plan-level stages (modifier, kickers, cap, gate), the exact
    /// result of those stages (which, rounding per line, start from the
    /// sum of the rounded lines); manual adjustments included, as given.
    pub exact_total: Exact,
    /// The amount paid: the lines' amounts plus the adjustments' amounts.
    pub total: Decimal,
    /// The rounding applied.
    pub rounding: Rounding,
    /// The credits behind credited actuals, deal by deal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<CreditTrail>,
}

/// A statement as read, before its currency takes the rounding's places
/// (a plan's `minor_units` override is not in the currency code).
#[derive(Deserialize)]
struct StatementData {
    participant: String,
    #[serde(default)]
    participant_name: Option<String>,
    #[serde(default)]
    period: Option<String>,
    plan: String,
    plan_name: String,
    plan_version: String,
    currency: Currency,
    #[serde(default)]
    target_incentive: Option<TargetIncentiveLine>,
    lines: Vec<Line>,
    adjustments: Vec<Adjustment>,
    exact_total: Exact,
    total: Decimal,
    rounding: Rounding,
    #[serde(default)]
    credits: Vec<CreditTrail>,
}

impl From<StatementData> for Statement {
    fn from(d: StatementData) -> Statement {
        // A plan's currency always has its rounding's places (at most 6).
        let currency = u8::try_from(d.rounding.places())
            .map(|p| d.currency.with_minor_units(p))
            .unwrap_or(d.currency);
        Statement {
            participant: d.participant,
            participant_name: d.participant_name,
            period: d.period,
            plan: d.plan,
            plan_name: d.plan_name,
            plan_version: d.plan_version,
            currency,
            target_incentive: d.target_incentive,
            lines: d.lines,
            adjustments: d.adjustments,
            exact_total: d.exact_total,
            total: d.total,
            rounding: d.rounding,
            credits: d.credits,
        }
    }
}

/// The period's target incentive and how it was set.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::statement::TargetIncentiveLine;
/// use rust_decimal_macros::dec;
///
/// let t = TargetIncentiveLine::new("plan amount per quarter", Exact::from_decimal(dec!(5000)));
/// assert_eq!(t.to_string(), "5000 (plan amount per quarter)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetIncentiveLine {
    /// Where the amount came from, such as `annual 24000 / 4 quarters`.
    pub basis: String,
    /// The exact target incentive for the period.
    pub amount: Exact,
    /// The pay mix behind the amount: OTE, base, variable and the implied
    /// commission rate (see [`PayMix`] for when it is shown); boxed, so
    /// that a line without one stays small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_mix: Option<Box<PayMix>>,
    /// The period's share of the annual target incentive, when the plan
    /// weights its periods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_weight: Option<PeriodWeight>,
}

impl TargetIncentiveLine {
    /// A line of `amount` set by `basis`, with no pay mix or period weight.
    pub fn new(basis: impl Into<String>, amount: Exact) -> TargetIncentiveLine {
        TargetIncentiveLine {
            basis: basis.into(),
            amount,
            pay_mix: None,
            period_weight: None,
        }
    }
}

impl fmt::Display for TargetIncentiveLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.amount, self.basis)
    }
}

/// One component's payout and its explanation.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use incentive::statement::RuleTrace;
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let s = plan.evaluate(&dana)?;
/// let line = s.line("pipeline").unwrap();
/// assert_eq!(line.factor.to_decimal(), Some(dec!(1.3)));
/// assert!(matches!(line.rule, RuleTrace::Curve { .. }));
/// assert_eq!(line.amount, dec!(4875.00));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(from = "LineData")]
#[non_exhaustive]
pub struct Line {
    /// The component's id.
    pub component: String,
    /// The component's name.
    pub name: String,
    /// The component's weight.
    pub weight: Decimal,
    /// The component's target incentive: weight × the period's target
    /// incentive.
    pub target_incentive: Exact,
    /// What was measured.
    pub measure: MeasureTrace,
    /// Which part of the payout rule applied.
    pub rule: RuleTrace,
    /// The payout as a fraction of the component's target incentive,
    /// before any cap.
    pub factor: Exact,
    /// The payout before any cap.
    pub uncapped: Exact,
    /// The component's modifier, if it has one: applied to the payout
    /// before the cap.
    pub modifier: Option<ModifierTrace>,
    /// The component cap, if the component has one.
    pub cap: Option<CapTrace>,
    /// The component's gate on an attainment, if it has one: when it
    /// fails the component pays nothing.
    pub gate: Option<GateTrace>,
    /// The component's gate on a rated component's label, if it has one
    /// (instead of `gate`): when it fails the component pays nothing.
    /// Boxed: a line without one stays small.
    pub label_gate: Option<Box<LabelGateTrace>>,
    /// The exact payout.
    pub exact: Exact,
    /// The payout rounded to the minor unit (allocated from the rounded
    /// total when the plan rounds on the total).
    pub amount: Decimal,
    /// Whether rounding in the plan's mode would have paid the line above
    /// its cap, so that its amount was rounded down (toward zero) to stay
    /// within the cap. Written in JSON only when true.
    pub rounded_to_cap: bool,
}

/// What a component measured.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::statement::MeasureTrace;
/// use rust_decimal_macros::dec;
///
/// let m = MeasureTrace::Rating { scale: "five-point".into(), rating: dec!(4) };
/// assert_eq!(m.to_string(), "rating 4 on scale `five-point`");
/// ```
// The quantitative variant holds three exact values (64 bytes each, to
// hold a 256-bit fraction inline); one is built per line, and boxing it
// would change the public type.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MeasureTrace {
    /// An actual against a target.
    Quantitative {
        /// The metric.
        metric: String,
        /// The actual (exact; a ratio metric's quotient may not terminate).
        actual: Exact,
        /// The operands of a ratio metric.
        #[serde(skip_serializing_if = "Option::is_none")]
        ratio: Option<RatioTrace>,
        /// The target (exact: a target prorated by days may not terminate).
        target: Exact,
        /// Higher or lower is better.
        direction: Direction,
        /// The lower-is-better formula, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        formula: Option<LowerIsBetter>,
        /// The baseline attainment is measured from, if any: attainment
        /// is `(actual − baseline) / (target − baseline)`.
        #[serde(skip_serializing_if = "Option::is_none")]
        baseline: Option<Decimal>,
        /// The attainment, exactly.
        attainment: Exact,
    },
    /// A rating on a discrete scale.
    Rating {
        /// The scale's name.
        scale: String,
        /// The rating given.
        rating: Decimal,
    },
    /// A continuous score within a range.
    Score {
        /// The score given.
        score: Decimal,
        /// The range's lower end.
        min: Decimal,
        /// The range's upper end.
        max: Decimal,
    },
    /// Nothing measured: the component pays at target.
    Fixed,
    /// The two measures of a bonus matrix (boxed: every other line's
    /// trace stays small).
    Matrix(Box<MatrixMeasures>),
    /// A label on a labelled scale.
    Label {
        /// The scale's name.
        scale: String,
        /// The label given.
        label: String,
    },
    /// A weighted score: the weighted sum of its parts' ratings.
    WeightedScore {
        /// Each part's rating and weight, in plan order.
        parts: Vec<ScorePart>,
        /// The score, exactly: the sum of each rating × its weight.
        score: Exact,
        /// The range's lower end.
        min: Decimal,
        /// The range's upper end.
        max: Decimal,
    },
    /// Transaction lines a commission component read.
    Lines {
        /// The transactions' metric (none for reports' commission).
        #[serde(skip_serializing_if = "Option::is_none")]
        metric: Option<String>,
        /// How many lines were read.
        #[serde(deserialize_with = "crate::number::int")]
        lines: usize,
    },
}

/// One part of a weighted score: its rating and its weight.
///
/// # Example
///
/// ```
/// use incentive::statement::ScorePart;
/// use rust_decimal_macros::dec;
///
/// let p = ScorePart { part: "objective_a".into(), rating: dec!(4), weight: dec!(0.4) };
/// assert_eq!(p.to_string(), "`objective_a` 4 × 40%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    /// The part's name, as the inputs rate it.
    pub part: String,
    /// The rating given.
    pub rating: Decimal,
    /// The part's weight in the score.
    pub weight: Decimal,
}

impl fmt::Display for ScorePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` {} × {}",
            self.part,
            self.rating.normalize(),
            percent(self.weight)
        )
    }
}

/// The operands of a ratio metric such as close rate = won / opportunities.
///
/// # Example
///
/// ```
/// use incentive::statement::RatioTrace;
/// use rust_decimal_macros::dec;
///
/// let r = RatioTrace { numerator: "won".into(), numerator_value: dec!(54),
///     denominator: "opportunities".into(), denominator_value: dec!(200) };
/// assert_eq!(r.to_string(), "won 54 / opportunities 200");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatioTrace {
    /// The numerator's metric.
    pub numerator: String,
    /// The numerator's value.
    pub numerator_value: Decimal,
    /// The denominator's metric.
    pub denominator: String,
    /// The denominator's value.
    pub denominator_value: Decimal,
}

impl fmt::Display for RatioTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} / {} {}",
            self.numerator, self.numerator_value, self.denominator, self.denominator_value
        )
    }
}

/// Which part of a payout rule produced a payout.
///
/// # Example
///
/// ```
/// use incentive::statement::RuleTrace;
/// use rust_decimal_macros::dec;
///
/// let r = RuleTrace::Scale { rating: dec!(4), pays: dec!(1.25) };
/// assert_eq!(r.to_string(), "scale 4 → 125%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleTrace {
    /// A curve segment.
    Curve {
        /// The curve's name.
        curve: String,
        /// What the curve was read at.
        axis: Axis,
        /// The segment used.
        segment: Segment,
    },
    /// A step of a step table.
    Steps {
        /// What the table was read at.
        axis: Axis,
        /// The step used.
        step: StepTrace,
    },
    /// Tiered commission bands.
    Tiers {
        /// What the band bounds are measured in.
        basis: TierBasis,
        /// Marginal or retroactive.
        mode: TierMode,
        /// The bands that paid.
        bands: Vec<BandTrace>,
    },
    /// A rating scale entry.
    Scale {
        /// The rating.
        rating: Decimal,
        /// The payout fraction for that rating.
        pays: Decimal,
    },
    /// Multipliers of target incentive per attainment slice.
    Multipliers {
        /// Marginal or retroactive.
        mode: TierMode,
        /// Whether bands start just above their bounds.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        exclusive: bool,
        /// The bands that paid: `base` is the slice of attainment (the
        /// whole attainment, retroactive), `rate` its multiplier.
        bands: Vec<BandTrace>,
    },
    /// The component pays its target incentive.
    AtTarget,
    /// A labelled scale entry.
    Label {
        /// The label.
        label: String,
        /// The payout fraction for that label.
        pays: Decimal,
    },
    /// Commission on transaction lines (boxed: a weighted component's
    /// trace stays small).
    Commission(Box<CommissionTrace>),
    /// A bonus matrix's cells (boxed, like commission).
    Matrix(Box<MatrixTrace>),
}

/// A cap and whether it bound.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::plan::Cap;
/// use incentive::statement::CapTrace;
/// use rust_decimal_macros::dec;
///
/// let c = CapTrace { cap: Cap::Amount(dec!(5000)), limit: Exact::from_decimal(dec!(5000)), applied: true };
/// assert_eq!(c.to_string(), "capped at 5000 (5000)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapTrace {
    /// The cap as the plan states it.
    pub cap: Cap,
    /// The cap as an exact amount.
    pub limit: Exact,
    /// Whether the payout was above the cap and was cut to it.
    pub applied: bool,
}

impl fmt::Display for CapTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.applied {
            write!(f, "capped at {} ({})", self.limit, self.cap)
        } else {
            write!(f, "under the cap of {} ({})", self.limit, self.cap)
        }
    }
}

/// An amount added to or taken from the sum of the lines, such as the plan
/// total cap.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, Plan};
/// use rust_decimal_macros::dec;
///
/// let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap();
/// let capped = Plan::from_toml(&format!("cap = {{ amount = 7000 }}\n{text}"))?;
/// let i = Inputs::new("x", "demand-generation")
///     .actual("pipeline", dec!(2800000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(5));
/// let s = capped.evaluate(&i)?;
/// assert_eq!(s.adjustments[0].to_string(), "plan cap (7000): exact total 8625 cut to 7000: -1625.00");
/// assert_eq!(s.total(), dec!(7000.00));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Adjustment {
    /// A stable tag: `plan-cap`, `plan-modifier`, `kicker`, `plan-gate`,
    /// `manual` (a manual adjustment from the inputs), …
    pub kind: String,
    /// What the adjustment is.
    pub description: String,
    /// The amount, rounded, negative when it reduces the total.
    pub amount: Decimal,
    /// The rule behind the adjustment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<AdjustmentDetail>,
}

/// What an adjustment applied.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::statement::{AdjustmentDetail, GateTrace};
/// use rust_decimal_macros::dec;
///
/// let g = GateTrace { gate: "pipeline_80".into(), measure: "channel_pipeline".into(),
///     attainment: Exact::from_decimal(dec!(0.775)), at_least: dec!(0.8), strict: false, held: false };
/// assert_eq!(AdjustmentDetail::Gate(g).to_string(),
///     "gate `pipeline_80` failed: `channel_pipeline` attainment 77.5% is below 80%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AdjustmentDetail {
    /// The plan cap.
    Cap(CapTrace),
    /// The plan modifier.
    Modifier(ModifierTrace),
    /// A kicker.
    Kicker(KickerTrace),
    /// The plan gate, on an attainment.
    Gate(GateTrace),
    /// The plan gate, on a rated component's label.
    LabelGate(LabelGateTrace),
    /// A clawback of a cancelled transaction.
    Clawback(ClawbackTrace),
    /// A manual adjustment given with the inputs.
    Manual(ManualTrace),
}

impl fmt::Display for AdjustmentDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdjustmentDetail::Cap(c) => write!(f, "{c}"),
            AdjustmentDetail::Modifier(m) => write!(f, "{m}"),
            AdjustmentDetail::Kicker(k) => write!(f, "{k}"),
            AdjustmentDetail::Gate(g) => write!(f, "{g}"),
            AdjustmentDetail::LabelGate(g) => write!(f, "{g}"),
            AdjustmentDetail::Clawback(c) => write!(f, "{c}"),
            AdjustmentDetail::Manual(m) => write!(f, "{m}"),
        }
    }
}

/// A gate: whether a measure's attainment reached the level (inclusive).
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::statement::GateTrace;
/// use rust_decimal_macros::dec;
///
/// let g = GateTrace { gate: "pipeline_80".into(), measure: "channel_pipeline".into(),
///     attainment: Exact::from_decimal(dec!(0.8)), at_least: dec!(0.8), strict: false, held: true };
/// assert_eq!(g.to_string(), "gate `pipeline_80` held: `channel_pipeline` attainment 80% is at least 80%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateTrace {
    /// The gate's name.
    pub gate: String,
    /// The measure (a component id or a named measure) it reads.
    pub measure: String,
    /// The measure's attainment.
    pub attainment: Exact,
    /// The level it must reach (inclusive), or exceed when `strict`.
    pub at_least: Decimal,
    /// Whether the attainment must be above the level (`above`), not
    /// only at it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// Whether the attainment reached the level.
    pub held: bool,
}

impl fmt::Display for GateTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, cmp) = match (self.held, self.strict) {
            (true, false) => ("held", "is at least"),
            (false, false) => ("failed", "is below"),
            (true, true) => ("held", "is above"),
            (false, true) => ("failed", "is not above"),
        };
        write!(
            f,
            "gate `{}` {verb}: `{}` attainment {} {cmp} {}",
            self.gate,
            self.measure,
            exact_percent(self.attainment),
            percent(self.at_least)
        )
    }
}

/// A gate on a label: whether a rated component's label is one of the
/// labels that let the gate hold.
///
/// # Example
///
/// ```
/// use incentive::statement::LabelGateTrace;
///
/// let g = LabelGateTrace { gate: "meets".into(), component: "performance".into(),
///     label: "below".into(), labels: vec!["meets".into(), "exceeds".into()], held: false };
/// assert_eq!(g.to_string(),
///     "gate `meets` failed: `performance` is rated `below`, not one of `meets`, `exceeds`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelGateTrace {
    /// The gate's name.
    pub gate: String,
    /// The rated component it reads.
    pub component: String,
    /// The component's label.
    pub label: String,
    /// The labels that let the gate hold.
    pub labels: Vec<String>,
    /// Whether the label is one of them.
    pub held: bool,
}

impl fmt::Display for LabelGateTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (verb, cmp) = if self.held {
            ("held", "one of")
        } else {
            ("failed", "not one of")
        };
        let labels: Vec<String> = self.labels.iter().map(|l| format!("`{l}`")).collect();
        write!(
            f,
            "gate `{}` {verb}: `{}` is rated `{}`, {cmp} {}",
            self.gate,
            self.component,
            self.label,
            labels.join(", ")
        )
    }
}

/// A modifier: the multiplier read from a measure's attainment.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::{Point, Segment};
/// use incentive::plan::BelowFirst;
/// use incentive::statement::ModifierTrace;
/// use rust_decimal_macros::dec;
///
/// let m = ModifierTrace { modifier: "company".into(), measure: "company_revenue".into(),
///     attainment: Exact::from_decimal(dec!(1.05)), curve: "company".into(),
///     segment: Segment::Between { from: Point::new(dec!(1), dec!(1)), to: Point::new(dec!(1.2), dec!(1.5)) },
///     below_first: BelowFirst::FirstPoint, multiplier: Exact::from_decimal(dec!(1.125)) };
/// assert_eq!(m.to_string(),
///     "modifier `company`: `company_revenue` attainment 105%, curve `company` between 100% → 100% and 120% → 150%: × 1.125");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModifierTrace {
    /// The modifier's name.
    pub modifier: String,
    /// The measure it reads.
    pub measure: String,
    /// The measure's attainment.
    pub attainment: Exact,
    /// The modifier's curve.
    pub curve: String,
    /// The curve segment used.
    pub segment: Segment,
    /// What applies below the curve's first point.
    pub below_first: BelowFirst,
    /// The multiplier.
    pub multiplier: Exact,
}

impl fmt::Display for ModifierTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "modifier `{}`: `{}` attainment {}, curve `{}` {}",
            self.modifier,
            self.measure,
            exact_percent(self.attainment),
            self.curve,
            self.segment
        )?;
        if matches!(self.segment, Segment::BelowThreshold { .. }) {
            write!(f, " ({})", self.below_first)?;
        }
        write!(f, ": × {}", self.multiplier)
    }
}

/// A kicker: a fixed amount when a measure's attainment reaches a level.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::statement::KickerTrace;
/// use rust_decimal_macros::dec;
///
/// let k = KickerTrace { kicker: "pipeline_120".into(), name: "Pipeline at 120%".into(),
///     measure: "pipeline".into(), attainment: Exact::from_decimal(dec!(1.25)),
///     at_least: dec!(1.2), strict: false, amount: dec!(500), held: true };
/// assert_eq!(k.to_string(),
///     "kicker `pipeline_120` (Pipeline at 120%): `pipeline` attainment 125% is at least 120%: pays 500");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KickerTrace {
    /// The kicker's id.
    pub kicker: String,
    /// The kicker's name.
    pub name: String,
    /// The measure it reads.
    pub measure: String,
    /// The measure's attainment.
    pub attainment: Exact,
    /// The level it must reach (inclusive), or exceed when `strict`.
    pub at_least: Decimal,
    /// Whether the attainment must be above the level (`above`), not
    /// only at it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// The amount it pays when it holds.
    pub amount: Decimal,
    /// Whether the attainment reached the level.
    pub held: bool,
}

impl fmt::Display for KickerTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "kicker `{}` ({}): `{}` attainment {} ",
            self.kicker,
            self.name,
            self.measure,
            exact_percent(self.attainment)
        )?;
        let (reached, missed) = if self.strict {
            ("is above", "is not above")
        } else {
            ("is at least", "is below")
        };
        if self.held {
            write!(
                f,
                "{reached} {}: pays {}",
                percent(self.at_least),
                self.amount
            )
        } else {
            write!(f, "{missed} {}: pays nothing", percent(self.at_least))
        }
    }
}

impl fmt::Display for Adjustment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.description, self.amount)
    }
}

/// A line serializes every field of a weighted component; a commission
/// component has no weight, target incentive or factor, so those are left
/// out of its line.
impl Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let bonus = !matches!(self.rule, RuleTrace::Commission(_));
        let mut st = s.serialize_struct("Line", 15)?;
        st.serialize_field("component", &self.component)?;
        st.serialize_field("name", &self.name)?;
        if bonus {
            st.serialize_field("weight", &self.weight)?;
            st.serialize_field("target_incentive", &self.target_incentive)?;
        } else {
            st.skip_field("weight")?;
            st.skip_field("target_incentive")?;
        }
        st.serialize_field("measure", &self.measure)?;
        st.serialize_field("rule", &self.rule)?;
        if bonus {
            st.serialize_field("factor", &self.factor)?;
            st.serialize_field("uncapped", &self.uncapped)?;
        } else {
            st.skip_field("factor")?;
            st.skip_field("uncapped")?;
        }
        match &self.modifier {
            Some(m) => st.serialize_field("modifier", m)?,
            None => st.skip_field("modifier")?,
        }
        match &self.cap {
            Some(c) => st.serialize_field("cap", c)?,
            None => st.skip_field("cap")?,
        }
        match &self.gate {
            Some(g) => st.serialize_field("gate", g)?,
            None => st.skip_field("gate")?,
        }
        match &self.label_gate {
            Some(g) => st.serialize_field("label_gate", g)?,
            None => st.skip_field("label_gate")?,
        }
        st.serialize_field("exact", &self.exact)?;
        st.serialize_field("amount", &self.amount)?;
        if self.rounded_to_cap {
            st.serialize_field("rounded_to_cap", &true)?;
        } else {
            st.skip_field("rounded_to_cap")?;
        }
        st.end()
    }
}

/// A line as read: a commission line has no weight, target incentive,
/// factor or uncapped amount in its JSON (see [`Line`]'s `Serialize`).
#[derive(Deserialize)]
struct LineData {
    component: String,
    name: String,
    #[serde(default)]
    weight: Option<Decimal>,
    #[serde(default)]
    target_incentive: Option<Exact>,
    measure: MeasureTrace,
    rule: RuleTrace,
    #[serde(default)]
    factor: Option<Exact>,
    #[serde(default)]
    uncapped: Option<Exact>,
    #[serde(default)]
    modifier: Option<ModifierTrace>,
    #[serde(default)]
    cap: Option<CapTrace>,
    #[serde(default)]
    gate: Option<GateTrace>,
    #[serde(default)]
    label_gate: Option<Box<LabelGateTrace>>,
    exact: Exact,
    amount: Decimal,
    #[serde(default)]
    rounded_to_cap: bool,
}

impl From<LineData> for Line {
    fn from(d: LineData) -> Line {
        // What the engine records for a commission line's left-out fields:
        // no weight, target incentive or factor, and the payout uncapped.
        Line {
            component: d.component,
            name: d.name,
            weight: d.weight.unwrap_or(Decimal::ZERO),
            target_incentive: d.target_incentive.unwrap_or(Exact::ZERO),
            measure: d.measure,
            rule: d.rule,
            factor: d.factor.unwrap_or(Exact::ZERO),
            uncapped: d.uncapped.unwrap_or(d.exact),
            modifier: d.modifier,
            cap: d.cap,
            gate: d.gate,
            label_gate: d.label_gate,
            exact: d.exact,
            amount: d.amount,
            rounded_to_cap: d.rounded_to_cap,
        }
    }
}

impl Statement {
    /// Writes a zero amount (`-0.00`, from negating or subtracting zeros
    /// while settling) as `0.00`: the same value, which JSON would read
    /// back without its sign.
    pub(crate) fn unsign_zeros(&mut self) {
        let unsign = |d: &mut Decimal| {
            if d.is_zero() {
                d.set_sign_positive(true);
            }
        };
        for l in &mut self.lines {
            unsign(&mut l.amount);
        }
        for a in &mut self.adjustments {
            unsign(&mut a.amount);
        }
        unsign(&mut self.total);
    }
}

impl Line {
    /// Whether the line is a commission component's (no weight, target
    /// incentive or factor).
    pub fn is_commission(&self) -> bool {
        matches!(self.rule, RuleTrace::Commission(_))
    }
}

impl Statement {
    /// The amount paid.
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// The line of a component, by id.
    pub fn line(&self, component: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.component == component)
    }
}

impl fmt::Display for MeasureTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MeasureTrace::Quantitative {
                metric,
                actual,
                ratio,
                target,
                direction,
                formula,
                baseline,
                attainment,
            } => {
                write!(f, "{metric} actual {actual}")?;
                if let Some(r) = ratio {
                    write!(f, " (= {r})")?;
                }
                match baseline {
                    Some(b) => write!(
                        f,
                        " from baseline {} to goal {target}, (actual − baseline) / (goal − baseline)",
                        b.normalize()
                    )?,
                    None => write!(f, " against target {target}")?,
                }
                if let (Direction::LowerIsBetter, Some(formula)) = (direction, formula) {
                    write!(f, ", lower is better ({formula})")?;
                }
                write!(f, ": attainment {}", exact_percent(*attainment))
            }
            MeasureTrace::Rating { scale, rating } => {
                write!(f, "rating {} on scale `{scale}`", rating.normalize())
            }
            MeasureTrace::Score { score, min, max } => {
                write!(f, "score {} (range {min} to {max})", score.normalize())
            }
            MeasureTrace::Fixed => f.write_str("nothing measured: pays at target"),
            MeasureTrace::Matrix(m) => write!(f, "{m}"),
            MeasureTrace::Label { scale, label } => {
                write!(f, "label `{label}` on scale `{scale}`")
            }
            MeasureTrace::WeightedScore {
                parts,
                score,
                min,
                max,
            } => {
                let parts: Vec<String> = parts.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "weighted score {score} (range {min} to {max}) = {}",
                    parts.join(" + ")
                )
            }
            MeasureTrace::Lines { metric, lines } => {
                let noun = if *lines == 1 { "line" } else { "lines" };
                match metric {
                    Some(m) => write!(f, "{lines} {noun} of `{m}`"),
                    None => write!(f, "{lines} {noun} of reports' commission"),
                }
            }
        }
    }
}

impl fmt::Display for RuleTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleTrace::Curve {
                curve,
                axis,
                segment,
            } => write!(f, "curve `{curve}` {}", segment.describe(*axis)),
            RuleTrace::Steps { axis, step } => write!(f, "step table, {}", step.describe(*axis)),
            RuleTrace::Tiers { basis, mode, bands } => {
                let basis = match basis {
                    TierBasis::Attainment => "attainment bands",
                    TierBasis::Amount => "amount bands",
                };
                write!(f, "{mode} tiers on {basis}")?;
                if bands.is_empty() {
                    write!(f, ", below the first band")?;
                }
                for b in bands {
                    write!(f, "; {b}")?;
                }
                Ok(())
            }
            RuleTrace::Scale { rating, pays } => {
                write!(f, "scale {} → {}", rating.normalize(), percent(*pays))
            }
            RuleTrace::Multipliers {
                mode,
                exclusive,
                bands,
            } => {
                write!(f, "{mode} multipliers of target incentive")?;
                if *exclusive {
                    write!(f, " (bands start above their bounds)")?;
                }
                if bands.is_empty() {
                    write!(f, ", below the first band")?;
                }
                for b in bands {
                    let to =
                        b.to.map_or_else(|| "∞".to_owned(), crate::statement::exact_percent);
                    write!(
                        f,
                        "; band {} [{}, {to}): {} × {} = {}",
                        b.band,
                        crate::statement::exact_percent(b.from),
                        crate::statement::exact_percent(b.base),
                        b.rate.normalize(),
                        crate::statement::exact_percent(b.commission)
                    )?;
                }
                Ok(())
            }
            RuleTrace::AtTarget => f.write_str("at target"),
            RuleTrace::Label { label, pays } => {
                write!(f, "scale `{label}` → {}", percent(*pays))
            }
            RuleTrace::Commission(c) => write!(f, "{c}"),
            RuleTrace::Matrix(m) => write!(f, "{m}"),
        }
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.participant_name {
            Some(n) => write!(f, "statement for {n} ({})", self.participant)?,
            None => write!(f, "statement for {}", self.participant)?,
        }
        if let Some(p) = &self.period {
            write!(f, ", period {p}")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "plan {} ({} version {}), paid in {}",
            self.plan_name, self.plan, self.plan_version, self.currency
        )?;
        if let Some(ti) = &self.target_incentive {
            writeln!(f, "target incentive {ti}")?;
            if let Some(m) = &ti.pay_mix {
                writeln!(f, "  pay mix: {m}")?;
            }
        }
        for c in &self.credits {
            writeln!(f, "  credits: {c}")?;
        }
        for (i, l) in self.lines.iter().enumerate() {
            if let RuleTrace::Commission(c) = &l.rule {
                writeln!(
                    f,
                    "  {}. {} (`{}`), {}",
                    i + 1,
                    l.name,
                    l.component,
                    l.measure
                )?;
                writeln!(f, "     {c}")?;
            } else {
                writeln!(
                    f,
                    "  {}. {} (`{}`), weight {}, target incentive {}",
                    i + 1,
                    l.name,
                    l.component,
                    percent(l.weight),
                    l.target_incentive
                )?;
                writeln!(f, "     {}", l.measure)?;
                writeln!(
                    f,
                    "     {}: pays {} of target incentive = {}",
                    l.rule,
                    exact_percent(l.factor),
                    l.uncapped
                )?;
            }
            if let Some(m) = &l.modifier {
                writeln!(f, "     {m}")?;
            }
            if let Some(c) = &l.cap {
                writeln!(f, "     {c}")?;
            }
            if let Some(g) = &l.gate {
                writeln!(f, "     {g}")?;
            }
            if let Some(g) = &l.label_gate {
                writeln!(f, "     {g}")?;
            }
            if l.exact.to_decimal() == Some(l.amount) {
                writeln!(f, "     amount {}", l.amount)?;
            } else if let (true, Some(c)) = (l.rounded_to_cap, &l.cap) {
                writeln!(
                    f,
                    "     amount {} (exact {}, rounded down to stay within the cap of {})",
                    l.amount, l.exact, c.limit
                )?;
            } else {
                writeln!(
                    f,
                    "     amount {} (exact {}, rounded {})",
                    l.amount, l.exact, self.rounding
                )?;
            }
        }
        for a in &self.adjustments {
            writeln!(f, "  {a}")?;
        }
        writeln!(
            f,
            "total {} {} (rounded {})",
            self.total, self.currency, self.rounding
        )
    }
}
