//! A plan's parts: what a checked [`Plan`](crate::Plan) is made of.
//!
//! [`Component`]s with their weights, measures ([`Direction`],
//! [`LowerIsBetter`]) and caps ([`Cap`]); the plan's [`PayPeriod`] and
//! [`TargetIncentive`]; what a modifier's curve gives below its first
//! point ([`BelowFirst`]); and the plan's rules for a plan year
//! ([`YearPolicy`], [`Measurement`], [`Draw`]), which `incentive::year`
//! re-exports.
//!
//! Inside, the plan file flows one way: `spec` is the file's serde shape,
//! `validate` checks it once (every rule on plan structure, with errors
//! that point at the line) into the checked definition, which the
//! program compiles.

mod commission;
mod manual;
pub(crate) mod pay;
mod policy;
pub(crate) mod spec;
mod validate;

pub use commission::{Basis, Commission, LinesFrom, NegativeTotal, Payment, Per};
pub(crate) use commission::{CommissionRule, RateRule};
pub use manual::AdjustmentPlacement;
pub use pay::Mix;
pub(crate) use pay::{anchored_starts, listed_weights};
pub(crate) use policy::Share;
pub use policy::{
    DayCount, DaysInYear, Draw, DrawKind, Measurement, NegativeTrueUp, Proration, ProrationMethod,
    YearPolicy,
};

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::money::Currency;
pub use crate::payout::BelowFirst;
use crate::payout::{Curve, LabelScale, Matrix, Scale, Steps, Tiers};
use crate::rounding::Rounding;

/// How often a plan pays.
///
/// # Example
///
/// ```
/// use incentive::PayPeriod;
/// assert_eq!(PayPeriod::Quarter.periods_per_year(), 4);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PayPeriod {
    /// Every seven days from `[year] anchor`, the first day of any one
    /// pay period: a plan year has the 52 or 53 periods that start in it.
    /// Written `week`; labelled `2026-W01` … `2026-W53`.
    Week,
    /// Every fourteen days from `[year] anchor`: a plan year has the 26 or
    /// 27 periods that start in it (26 in 2026 for anchor 2026-01-02).
    /// Written `biweek`; labelled `2026-B01` … `2026-B27`.
    Biweek,
    /// The periods the plan lists in `[year] periods`, each with its own
    /// label and dates, one after another with no gap or overlap: one
    /// plan year, the year its first period starts in. Written `custom`.
    Custom,
    /// Twenty-four periods a year, two a month: the 1st to the 15th and
    /// the 16th to the month's last day (2026-02-16 to 2026-02-28 is 13
    /// days). Written `semi-month`; labelled `2026-S01` … `2026-S24`.
    SemiMonth,
    /// Twelve periods a year.
    Month,
    /// Four periods a year.
    Quarter,
    /// Two periods a year.
    Half,
    /// One period a year.
    Year,
}

impl PayPeriod {
    /// Pay periods in a year: 24, 12, 4, 2 or 1; 0 for `custom` (the
    /// plan lists them, see
    /// [`YearPolicy::periods`](crate::year::YearPolicy::periods)); for
    /// `week` and `biweek`
    /// the most a plan year can have, 53 or 27 (a plan year has the
    /// periods that start in it: see
    /// [`Calendar::plan_year`](crate::year::Calendar::plan_year)).
    ///
    /// A period's target incentive is the year's divided by this number,
    /// as an exact fraction (rounding happens on payouts only), so the
    /// year's period target incentives add up exactly to the annual
    /// amount even where it cannot be split equally in cents. A weekly or
    /// biweekly plan divides by the periods of the plan year instead.
    pub fn periods_per_year(self) -> u32 {
        match self {
            PayPeriod::Custom => 0,
            PayPeriod::Week => 53,
            PayPeriod::Biweek => 27,
            PayPeriod::SemiMonth => 24,
            PayPeriod::Month => 12,
            PayPeriod::Quarter => 4,
            PayPeriod::Half => 2,
            PayPeriod::Year => 1,
        }
    }
}

impl PayPeriod {
    /// Days between the starts of two periods for a plan paid from an
    /// anchor date: 7 or 14; `None` for calendar periods.
    pub(crate) fn anchored_days(self) -> Option<i64> {
        match self {
            PayPeriod::Week => Some(7),
            PayPeriod::Biweek => Some(14),
            _ => None,
        }
    }
}

impl fmt::Display for PayPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PayPeriod::Custom => "custom",
            PayPeriod::Week => "week",
            PayPeriod::Biweek => "biweek",
            PayPeriod::SemiMonth => "semi-month",
            PayPeriod::Month => "month",
            PayPeriod::Quarter => "quarter",
            PayPeriod::Half => "half",
            PayPeriod::Year => "year",
        })
    }
}

/// Whether a measure is better when higher or when lower.
///
/// # Example
///
/// ```
/// use incentive::plan::Direction;
/// assert_eq!(Direction::default(), Direction::HigherIsBetter);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Attainment is `actual / target`.
    #[default]
    HigherIsBetter,
    /// Attainment follows the plan's [`LowerIsBetter`] formula.
    LowerIsBetter,
}

/// The attainment formula of a lower-is-better measure (churn, cost per
/// lead).
///
/// Target churn 5%, actual 4%:
///
/// # Example
///
/// ```
/// use incentive::plan::LowerIsBetter;
/// assert_eq!(LowerIsBetter::TargetOverActual.to_string(), "target / actual");
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LowerIsBetter {
    /// `target / actual`: `5% / 4% = 125%`. An actual of zero or less is an
    /// input error.
    TargetOverActual,
    /// `2 − actual / target`: `2 − 4% / 5% = 120%`; never divides by the
    /// actual, and goes below zero when the actual is over twice the target.
    TwoMinusActualOverTarget,
}

impl fmt::Display for LowerIsBetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LowerIsBetter::TargetOverActual => "target / actual",
            LowerIsBetter::TwoMinusActualOverTarget => "2 − actual / target",
        })
    }
}

/// How a plan's target incentive (TI) per pay period is set.
///
/// # Example
///
/// ```
/// use incentive::TargetIncentive;
/// use rust_decimal_macros::dec;
///
/// let t = TargetIncentive::Annual(dec!(20000));
/// assert_eq!(t.to_string(), "annual 20000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TargetIncentive {
    /// A fixed amount per pay period.
    Amount(Decimal),
    /// An annual amount, divided evenly over the year's pay periods; where
    /// it cannot be split equally to the plan's rounding places, a period
    /// the inputs name takes its share by the largest-remainder method, so
    /// the year's shares add up to the annual amount.
    Annual(Decimal),
    /// A fraction of the participant's annual base salary, divided evenly
    /// over the year's pay periods; the salary comes with the inputs.
    PercentOfBase(Decimal),
    /// On-target earnings and their [`Mix`]: the variable share of OTE is
    /// the annual target incentive, divided evenly over the year's pay
    /// periods (OTE 200,000 at 60/40: variable 80,000, 20,000 a quarter).
    Ote {
        /// Annual on-target earnings: base salary plus variable pay.
        ote: Decimal,
        /// How OTE divides between base and variable.
        mix: Mix,
    },
}

impl fmt::Display for TargetIncentive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetIncentive::Amount(a) => write!(f, "{a} per period"),
            TargetIncentive::Annual(a) => write!(f, "annual {a}"),
            TargetIncentive::PercentOfBase(p) => {
                write!(f, "{} of base salary", crate::payout::percent(*p))
            }
            TargetIncentive::Ote { ote, mix } => write!(f, "OTE {ote} at {mix}"),
        }
    }
}

/// A ceiling on a component's payout or on a plan's total.
///
/// # Example
///
/// ```
/// use incentive::plan::Cap;
/// use rust_decimal_macros::dec;
/// assert_eq!(Cap::PercentOfTarget(dec!(2)).to_string(), "200% of target incentive");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Cap {
    /// A fraction of the component's (or plan's) target incentive.
    PercentOfTarget(Decimal),
    /// A fixed amount.
    Amount(Decimal),
}

impl fmt::Display for Cap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cap::PercentOfTarget(p) => {
                write!(f, "{} of target incentive", crate::payout::percent(*p))
            }
            Cap::Amount(a) => write!(f, "{a}"),
        }
    }
}

/// What a cancellation claws back of what was paid on a transaction, by
/// the days from booking to cancellation.
///
/// # Example
///
/// ```
/// use incentive::plan::Clawback;
/// use rust_decimal_macros::dec;
///
/// let bands = Clawback::Bands(vec![(0, dec!(1)), (91, dec!(0.5)), (181, dec!(0))]);
/// assert_eq!(bands.share(90), dec!(1));
/// assert_eq!(bands.share(120), dec!(0.5));
/// assert_eq!(bands.share(181), dec!(0));
/// assert_eq!(Clawback::Window(90).share(91), dec!(0));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Clawback {
    /// Everything paid, when cancelled within this many days (inclusive).
    Window(#[serde(deserialize_with = "crate::number::int")] u32),
    /// `(days, share)`: cancelled after at least `days` days, `share` of
    /// what was paid (days increasing from 0).
    Bands(#[serde(deserialize_with = "crate::number::int_bands")] Vec<(u32, Decimal)>),
}

impl Clawback {
    /// The share of what was paid clawed back when the cancellation comes
    /// `days` days after booking.
    pub fn share(&self, days: u32) -> Decimal {
        match self {
            Clawback::Window(w) => {
                if days <= *w {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                }
            }
            Clawback::Bands(bands) => bands
                .iter()
                .rev()
                .find(|(from, _)| days >= *from)
                .map_or(Decimal::ZERO, |(_, s)| *s),
        }
    }
}

impl fmt::Display for Clawback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clawback::Window(w) => write!(f, "everything within {w} days"),
            Clawback::Bands(bands) => {
                let parts: Vec<String> = bands
                    .iter()
                    .map(|(d, s)| format!("{} from day {d}", crate::payout::percent(*s)))
                    .collect();
                f.write_str(&parts.join(", "))
            }
        }
    }
}

/// A gate: a condition a component, or the plan, pays under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Holds when the measure's attainment is at least `at_least`
    /// (inclusive), or above it when `strict` (`above`).
    Attainment {
        measure: String,
        at_least: Decimal,
        strict: bool,
    },
    /// Holds when the label of the rated `component` (on a labelled
    /// scale) is one of `labels`, each of which the scale has.
    Label {
        component: String,
        labels: Vec<String>,
    },
}

/// A multiplier read from a measure's attainment through a curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Modifier {
    pub(crate) measure: String,
    pub(crate) curve_name: String,
    pub(crate) curve: Curve,
    pub(crate) below_first: BelowFirst,
}

/// A fixed amount paid when a measure's attainment is at least a level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Kicker {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) measure: String,
    pub(crate) at_least: Decimal,
    /// `above`: the attainment must exceed the level, not only reach it.
    pub(crate) strict: bool,
    pub(crate) amount: Decimal,
}

/// A metric a plan measures: an input, or the ratio of two inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Metric {
    Input,
    Ratio {
        numerator: String,
        denominator: String,
    },
}

/// What a component measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Measure {
    Quantitative {
        metric: String,
        target: Option<Decimal>,
        direction: Direction,
        formula: Option<LowerIsBetter>,
        /// Attainment from a baseline to the target (the goal).
        baseline: Option<Decimal>,
    },
    Rating {
        scale: String,
    },
    /// No measure: the component pays at target.
    Fixed,
    Score {
        min: Decimal,
        max: Decimal,
    },
    /// A bonus matrix's two measures, each a quantitative component's id
    /// or a named measure: the row's and the column's.
    Matrix {
        rows: String,
        columns: String,
    },
    /// A label on the named labelled scale, which also sets the payout.
    Label {
        scale: String,
    },
    /// The weighted sum of several ratings within `min` and `max`: each
    /// part's name (its key in the inputs' ratings) and weight, the
    /// weights adding up to exactly 100%.
    Weighted {
        min: Decimal,
        max: Decimal,
        parts: Vec<(String, Decimal)>,
    },
}

/// How a component turns its measure into a payout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    Curve {
        name: String,
        curve: Curve,
    },
    Steps(Steps),
    Tiers(Tiers),
    Scale(Scale),
    /// Multipliers of target incentive per attainment slice (tiers on
    /// attainment whose rates are multipliers).
    Multipliers(Tiers),
    /// Pays the component's target incentive.
    AtTarget,
    Matrix(Matrix),
    Labels(LabelScale),
}

/// One weighted share of a plan's target incentive, with its measure and
/// payout rule.
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use rust_decimal_macros::dec;
///
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let pipeline = &plan.components()[0];
/// assert_eq!(pipeline.id(), "pipeline");
/// assert_eq!(pipeline.weight(), dec!(0.75));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    /// The share of the plan's target incentive; 0 for a component with
    /// its own `amount`.
    pub(crate) weight: Decimal,
    /// The component's own target incentive per period, instead of a
    /// weight.
    pub(crate) amount: Option<Decimal>,
    pub(crate) measure: Measure,
    pub(crate) rule: Rule,
    pub(crate) cap: Option<Cap>,
    /// A named gate of the plan.
    pub(crate) gate: Option<String>,
    /// A named modifier of the plan.
    pub(crate) modifier: Option<String>,
    pub(crate) measurement: Measurement,
}

impl Component {
    /// The component's id, unique in its plan.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The component's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The component's description, if the plan gives one.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The component's share of target incentive (`0.75` is 75%); 0 for
    /// a component with its own [`amount`](Component::amount).
    pub fn weight(&self) -> Decimal {
        self.weight
    }

    /// The component's own target incentive per period, when the plan
    /// gives it an amount rather than a weight.
    pub fn amount(&self) -> Option<Decimal> {
        self.amount
    }

    /// The component's cap, if any.
    pub fn cap(&self) -> Option<Cap> {
        self.cap
    }

    /// The metric a quantitative component measures.
    pub fn metric(&self) -> Option<&str> {
        match &self.measure {
            Measure::Quantitative { metric, .. } => Some(metric),
            _ => None,
        }
    }

    /// The name of the gate the component pays under, if any.
    pub fn gate(&self) -> Option<&str> {
        self.gate.as_deref()
    }

    /// The name of the modifier applied to the component, if any.
    pub fn modifier(&self) -> Option<&str> {
        self.modifier.as_deref()
    }

    /// Whether the component is paid on a rating, a label, a score or a
    /// weighted score (a bonus matrix reads two attainments, so it is not).
    pub fn is_qualitative(&self) -> bool {
        matches!(
            self.measure,
            Measure::Rating { .. }
                | Measure::Score { .. }
                | Measure::Label { .. }
                | Measure::Weighted { .. }
        )
    }

    /// Whether the component pays its target incentive whatever the
    /// actuals (`pays = "target"`).
    pub fn is_fixed(&self) -> bool {
        matches!(self.measure, Measure::Fixed)
    }

    /// Whether the component is measured as an actual against a target
    /// (its own `metric`).
    pub(crate) fn is_quantitative(&self) -> bool {
        matches!(self.measure, Measure::Quantitative { .. })
    }

    /// The two measures a bonus matrix component reads, rows then
    /// columns: each a quantitative component's id or a named measure.
    pub fn matrix_measures(&self) -> Option<(&str, &str)> {
        match &self.measure {
            Measure::Matrix { rows, columns } => Some((rows, columns)),
            _ => None,
        }
    }

    /// Whether a plan year measures the component per period or year to
    /// date (`measurement` in the plan file).
    pub fn measurement(&self) -> Measurement {
        self.measurement
    }
}

/// A plan as its file defines it, checked: every rule on plan structure
/// holds (weights sum to exactly 100%, curve points are ordered, scales
/// cover their ratings, label gates name labels their scale has, the
/// parts of a weighted score weigh exactly 100%, every referenced metric,
/// curve and scale is declared).
///
/// This is what [`Program::compile`](crate::program::Program) reads; a
/// [`Plan`](crate::Plan) is a definition together with its compiled
/// program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Definition {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) description: Option<String>,
    pub(crate) currency: Currency,
    pub(crate) pay_period: PayPeriod,
    /// `None` for a plan of commission components only.
    pub(crate) target_incentive: Option<TargetIncentive>,
    /// The annual quota a pay mix's implied commission rate is read
    /// against (`target_incentive.quota`).
    pub(crate) quota: Option<Decimal>,
    /// The share of the annual target incentive each pay period pays, in
    /// order (`target_incentive.period_weights`); `None`: evenly.
    pub(crate) period_weights: Option<Vec<Decimal>>,
    /// Where the inputs' manual adjustments sit against the plan cap.
    pub(crate) adjustments: AdjustmentPlacement,
    pub(crate) rounding: Rounding,
    pub(crate) metrics: BTreeMap<String, Metric>,
    pub(crate) components: Vec<Component>,
    pub(crate) commissions: Vec<Commission>,
    pub(crate) negative: NegativeTotal,
    pub(crate) cap: Option<Cap>,
    /// Named measures that are not components (quantitative only).
    pub(crate) measures: BTreeMap<String, Measure>,
    pub(crate) gates: BTreeMap<String, Gate>,
    pub(crate) modifiers: BTreeMap<String, Modifier>,
    pub(crate) kickers: Vec<Kicker>,
    /// A named gate on the whole plan.
    pub(crate) gate: Option<String>,
    /// A named modifier on the plan's total.
    pub(crate) modifier: Option<String>,
    /// What a cancellation claws back, by days from booking.
    pub(crate) clawback: Option<Clawback>,
    /// Input metrics credited from transactions of another metric name.
    pub(crate) transaction_metrics: BTreeMap<String, String>,
    pub(crate) year: YearPolicy,
}

impl Definition {
    /// Parses and checks a plan from TOML text, then hands the checked
    /// definition to `then` (compilation) inside the same error context:
    /// whatever fails names the plan, and the file, line and column where
    /// the file has them.
    pub(crate) fn parse<T>(
        text: &str,
        file: Option<&str>,
        then: impl FnOnce(Definition) -> Result<T>,
    ) -> Result<T> {
        validate::parse(text, file, then)
    }

    /// The input metrics the plan reads (derived ratios excluded), sorted.
    pub(crate) fn input_metrics(&self) -> impl Iterator<Item = &str> {
        self.metrics
            .iter()
            .filter(|(_, m)| matches!(m, Metric::Input))
            .map(|(k, _)| k.as_str())
    }
}
