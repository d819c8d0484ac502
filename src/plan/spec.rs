//! The serde shape of a plan file, exactly as written; [`super::validate`]
//! turns it into a checked [`super::Definition`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::number::{self, Num};
use crate::payout::{MatrixMode, TierBasis, TierMode};
use crate::plan::{BelowFirst, Direction, LowerIsBetter, PayPeriod};
use crate::rounding::{RoundingMode, RoundingScope};

/// An incentive plan: a role's target incentive split into weighted components.
/// See the `incentive` crate's plan file reference.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanSpec {
    /// The plan's id, which participants' inputs name, such as `"demand-generation"`.
    pub id: String,
    /// The plan's name, shown on statements.
    pub name: String,
    /// The plan's version, such as `"2026.1"`, shown on statements.
    pub version: String,
    /// What the plan pays for, for readers.
    #[serde(default)]
    pub description: Option<String>,
    /// The ISO 4217 code of the currency paid, such as `"USD"`.
    pub currency: String,
    /// Decimal places money is rounded to (0 to 6), overriding the currency's.
    #[serde(default)]
    pub minor_units: Option<u8>,
    /// How often the plan pays: `week`, `biweek` (from `[year] anchor`),
    /// `semi-month`, `month`, `quarter`, `half`, `year` or `custom`
    /// (`[year] periods`).
    pub pay_period: PayPeriod,
    /// What the plan pays per period when every weighted component is exactly at target: one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`; optionally `period_weights` and `quota`. Needed by plans with `[[components]]` (bonus components); a commission-only plan has none.
    #[serde(default)]
    pub target_incentive: Option<TargetIncentiveSpec>,
    /// How money is rounded: `mode` and `scope`.
    #[serde(default)]
    pub rounding: RoundingSpec,
    /// The measures the plan reads, by name: inputs, or ratios of two inputs.
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricSpec>,
    /// Payout curves by name: attainment (or score) to payout, interpolated between points.
    #[serde(default)]
    pub curves: BTreeMap<String, CurveSpec>,
    /// Rating scales by name: each rating (a number, or a label) to a payout.
    #[serde(default)]
    pub scales: BTreeMap<String, ScaleSpec>,
    /// Quantitative measures that are not paid themselves (company revenue, say), by name: they drive gates, modifiers and kickers.
    #[serde(default)]
    pub measures: BTreeMap<String, MeasureSpec>,
    /// Gates by name: a measure's attainment that must be reached (inclusive), or a rated component's label that must be in a set, for a component, or the plan, to pay.
    #[serde(default)]
    pub gates: BTreeMap<String, GateSpec>,
    /// Modifiers by name: a multiplier read from a measure's attainment through a curve.
    #[serde(default)]
    pub modifiers: BTreeMap<String, ModifierSpec>,
    /// Fixed amounts paid when a measure's attainment reaches a level.
    #[serde(default)]
    pub kickers: Vec<KickerSpec>,
    /// The weighted (bonus) components; weights sum to exactly 100%.
    #[serde(default)]
    pub components: Vec<ComponentSpec>,
    /// Commission components: rates on transaction lines, no weight and no target.
    #[serde(default)]
    pub commissions: Vec<CommissionSpec>,
    /// What a negative period total (credit notes above new commission) does: `carry` (default: pay 0, carry the amount as owed and recover it from later payouts) or `pay` (a negative payment).
    #[serde(default)]
    pub negative: Option<crate::plan::NegativeTotal>,
    /// A ceiling on the plan's total.
    #[serde(default)]
    pub cap: Option<CapSpec>,
    /// Where the inputs' manual adjustments (SPIFFs, corrections) sit: `outside-cap` (default: added after the plan's modifier, kickers, cap and gate) or `inside-cap` (added just before the plan `cap`, which then applies to them).
    #[serde(default)]
    pub adjustments: Option<crate::plan::AdjustmentPlacement>,
    /// Clawback of payments on cancelled transactions: `window_days` from booking.
    #[serde(default)]
    pub clawback: Option<ClawbackSpec>,
    /// A gate on the whole plan, by name (from `gates`).
    #[serde(default)]
    pub gate: Option<String>,
    /// A modifier on the plan's total, by name (from `modifiers`).
    #[serde(default)]
    pub modifier: Option<String>,
    /// The plan year's rules (`crate::year`).
    #[serde(default)]
    pub year: Option<super::policy::YearSpec>,
}

/// A quantitative measure that is not paid itself but drives gates,
/// modifiers and kickers (company revenue attainment, say).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasureSpec {
    /// What the measure is, for readers.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    /// The metric measured (declared under `metrics`).
    pub metric: String,
    /// A fixed target; the inputs' `targets.NAME` overrides it.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub target: Option<Decimal>,
    /// `higher-is-better` (the default) or `lower-is-better`.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The lower-is-better formula: `target-over-actual` or `two-minus-actual-over-target`.
    #[serde(default)]
    pub formula: Option<LowerIsBetter>,
    /// Measure attainment from this baseline to the target (the goal): `(actual − baseline) / (target − baseline)`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub baseline: Option<Decimal>,
}

/// Clawback of what was paid on a cancelled transaction.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ClawbackSpec {
    /// Days from booking within which a cancellation claws back everything paid, inclusive.
    #[serde(default)]
    pub window_days: Option<u32>,
    /// Partial clawback by days from booking to cancellation: `[[days, share]]`, days strictly increasing from 0; a cancellation after at least `days` days claws back `share` of what was paid (`[[0, "100%"], [91, "50%"], [181, "0%"]]`).
    #[serde(default)]
    pub bands: Option<Vec<[Num; 2]>>,
}

/// A commission component: a rate (or rates matched by attributes, tiers, or a cascade) on transaction lines.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CommissionSpec {
    /// The component's id, unique in the plan.
    pub id: String,
    /// The component's name, shown on statements.
    pub name: String,
    /// What the component pays for, for readers.
    #[serde(default)]
    pub description: Option<String>,
    /// The transactions' metric whose lines are paid (`sales`, `meetings`); not used with `lines = "reports"`.
    #[serde(default)]
    pub metric: Option<String>,
    /// Which lines: `credited` (default: the lines credited to the participant) or `reports` (the commission the participant's direct reports earned, for an override).
    #[serde(default)]
    pub lines: Option<crate::plan::LinesFrom>,
    /// Only lines whose attributes equal all of these (`{ type = "new" }`).
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    /// What the rate is paid on: `amount` (default), `quantity` (a rate per unit) or `margin` (amount − cost).
    #[serde(default)]
    pub basis: Option<crate::plan::Basis>,
    /// `line` (default): each line's rate on each line's base; `total`: the rule on the period's total base (the default for `tiers`).
    #[serde(default)]
    pub per: Option<crate::plan::Per>,
    /// Per-line commission rounded per line (`line`, default) or only on the period's total (`total`).
    #[serde(default)]
    pub rounding: Option<RoundingScope>,
    /// Rule: one rate on every line (`"7.5%"`, or `17.50` per unit).
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub rate: Option<Decimal>,
    /// Rule: rates matched by attributes; the most specific matching rule wins (product, then the deepest category, then the most other attributes, then the default rule with no match fields).
    #[serde(default)]
    pub rates: Option<Vec<RateSpec>>,
    /// Rule: tiered rates on the period's total base: `mode` and `[from, rate]` bands in units of the base.
    #[serde(default)]
    pub tiers: Option<CommissionTiersSpec>,
    /// Rule: cascade rates by level (`["10%", "5%", "2%"]`): the seller, the seller's manager, the manager's manager; each level's base is the line net of the commissions of the levels below.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Num>>"))]
    pub cascade: Option<Vec<Num>>,
    /// When commission is payable: `booked` (default: when the line is dated) or `collected` (as the invoice is collected).
    #[serde(default)]
    pub payment: Option<crate::plan::Payment>,
    /// A deferred payout schedule: `[[months, share]]` after the line's date, shares adding up to exactly 100% (`[[0, "40%"], [12, "20%"], [24, "20%"], [36, "20%"]]`).
    #[serde(default)]
    pub schedule: Option<Vec<[Num; 2]>>,
}

/// A rate rule: the lines it matches and the rate it pays.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RateSpec {
    /// Matches lines whose `product` attribute is this.
    #[serde(default)]
    pub product: Option<String>,
    /// Matches lines whose `category` is this path or below it (`hardware` matches `hardware/servers`).
    #[serde(default)]
    pub category: Option<String>,
    /// Matches lines whose attributes equal all of these.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// The rate: a fraction of the base (`"8%"`), or an amount per unit for a quantity basis.
    #[serde(deserialize_with = "number::decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Num"))]
    pub rate: Decimal,
}

/// What a fixed component pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PaysSpec {
    /// Its target incentive, whatever the actuals.
    Target,
}

/// Whether a band or step starts at its lower bound or just above it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Bounds {
    /// At its bound (`from 100%` includes 100%).
    #[default]
    Inclusive,
    /// Just above its bound (`above 100%`).
    Exclusive,
}

/// Multipliers of target incentive per attainment slice.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MultipliersSpec {
    /// `marginal`: each slice of attainment at its band's multiplier; `retroactive`: the whole attainment at the multiplier of the band reached.
    pub mode: TierMode,
    /// `[from, multiplier]` bands on attainment (`[[0, 1.0], [1.0, 1.5], [1.2, 2.0]]`), strictly increasing.
    pub bands: Vec<[Num; 2]>,
}

/// Tiered commission rates on a period's total base.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CommissionTiersSpec {
    /// `marginal`: each band's rate on the part inside it; `retroactive`: the highest band reached on the whole total.
    pub mode: TierMode,
    /// `[from, rate]` bands in units of the base (amount, units or margin), strictly increasing, each from its bound to the next.
    pub bands: Vec<[Num; 2]>,
}

/// A gate: a measure's attainment that must reach `at_least`, or a rated component's label that must be one of `in`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct GateSpec {
    /// What the gate is, for readers.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    /// An attainment gate: a quantitative component's id or a measure's name, with `at_least` or `above`.
    #[serde(default)]
    pub measure: Option<String>,
    /// The attainment to reach, inclusive, such as `"80%"` (with `measure`); give this or `above`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub at_least: Option<Decimal>,
    /// The attainment to exceed (strictly greater than), such as `"110%"` (with `measure`); give this or `at_least`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub above: Option<Decimal>,
    /// A label gate: the id of a component rated on a labelled scale, with `in`.
    #[serde(default)]
    pub rating: Option<String>,
    /// The labels that let the gate hold (with `rating`), such as `["meets", "exceeds", "outstanding"]`; each must be on the component's scale.
    #[serde(default, rename = "in")]
    pub labels: Option<Vec<String>>,
}

/// A modifier: a multiplier read from a measure's attainment through a curve.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ModifierSpec {
    /// What the modifier is, for readers.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    /// A quantitative component's id or a measure's name.
    pub measure: String,
    /// The curve (from `curves`) from attainment to multiplier.
    pub curve: String,
    /// Below the curve's first point: `zero` or `first-point`.
    pub below_first: BelowFirst,
}

/// A kicker: a fixed amount paid when the measure's attainment reaches a level.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct KickerSpec {
    /// The kicker's id, unique in the plan.
    pub id: String,
    /// The kicker's name, shown on statements.
    pub name: String,
    /// A quantitative component's id or a measure's name.
    pub measure: String,
    /// The attainment to reach, inclusive, such as `"120%"`; give this or `above`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub at_least: Option<Decimal>,
    /// The attainment to exceed (strictly greater than); give this or `at_least`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub above: Option<Decimal>,
    /// The amount paid.
    #[serde(deserialize_with = "number::decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Num"))]
    pub amount: Decimal,
}

/// The target incentive: give exactly one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetIncentiveSpec {
    /// A fixed amount per pay period.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub amount: Option<Decimal>,
    /// An annual amount, divided evenly over the pay periods.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub annual: Option<Decimal>,
    /// A fraction of the annual base salary given with the inputs (`"15%"`), divided over the pay periods.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub percent_of_base: Option<Decimal>,
    /// Annual on-target earnings (base salary plus variable pay), with `mix`: the variable share is the annual target incentive, divided over the pay periods.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub ote: Option<Decimal>,
    /// How `ote` divides between base and variable, `"BASE/VARIABLE"` in percent points adding up to exactly 100 (`"60/40"`).
    #[serde(default)]
    pub mix: Option<String>,
    /// An annual quota, with `ote` or `percent_of_base`: the statement shows the implied commission rate, variable ÷ quota (informative; it pays nothing itself).
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub quota: Option<Decimal>,
    /// The share of the annual target incentive each pay period pays, in order (`["20%", "20%", "20%", "40%"]` by quarter), one per period, adding up to exactly 100%; with `annual`, `percent_of_base` or `ote`. Without it the periods pay evenly.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Num>>"))]
    pub period_weights: Option<Vec<Num>>,
}

/// Rounding to the currency's minor unit, once.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RoundingSpec {
    /// `half-up` (default), `half-even`, `down` or `up`.
    #[serde(default)]
    pub mode: RoundingMode,
    /// `line` (default): each component line is rounded; `total`: the total is rounded and the lines allocated to add up to it.
    #[serde(default)]
    pub scope: RoundingScope,
}

/// A metric: an input (no `ratio`), or the ratio of two input metrics.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricSpec {
    /// What the metric is, for readers.
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    /// Derive the metric as `numerator / denominator` of two input metrics.
    #[serde(default)]
    pub ratio: Option<RatioSpec>,
    /// When the metric's actual is credited from transactions: the transactions' metric it counts (the metric's own name if absent).
    #[serde(default)]
    pub transactions: Option<String>,
}

/// A derived metric: `numerator / denominator`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RatioSpec {
    /// The input metric divided.
    pub numerator: String,
    /// The input metric divided by.
    pub denominator: String,
}

/// A piecewise-linear payout curve.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CurveSpec {
    /// What the curve does, for readers.
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    /// `[attainment, payout]` points, strictly increasing in attainment: below the first pays 0, between points is interpolated, at or past the last pays the last.
    pub points: Vec<[Num; 2]>,
    /// Continue the last segment's slope beyond the last point instead of capping there.
    #[serde(default)]
    pub extrapolate: bool,
}

/// A discrete rating scale: numbers from `min` to `max` with a payout for every rating, or a list of `labels` with their payouts.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ScaleSpec {
    /// What the ratings mean, for readers.
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    /// The lowest rating (a numeric scale).
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub min: Option<Decimal>,
    /// The highest rating (a numeric scale).
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub max: Option<Decimal>,
    /// The step between ratings (a numeric scale; default 1).
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub step: Option<Decimal>,
    /// `[rating, payout]` for every rating from `min` to `max` (a numeric scale).
    #[serde(default)]
    pub ratings: Option<Vec<[Num; 2]>>,
    /// A labelled scale instead of `min`, `max`, `step` and `ratings`: `[label, payout]` for each label, lowest first, such as `[["below", "0%"], ["meets", "100%"], ["exceeds", "125%"]]`; inputs give the label (`labels.COMPONENT`).
    #[serde(default)]
    pub labels: Option<Vec<(String, Num)>>,
}

/// A continuous score's range, inclusive; with `of`, the score is the weighted sum of several ratings.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoreSpec {
    /// The lowest score.
    #[serde(deserialize_with = "number::decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Num"))]
    pub min: Decimal,
    /// The highest score.
    #[serde(deserialize_with = "number::decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Num"))]
    pub max: Decimal,
    /// A weighted score (an MBO score): `[part, weight]` pairs, weights adding up to exactly 100%, such as `[["objective_a", "40%"], ["objective_b", "60%"]]`; each part is rated in the inputs (`ratings.PART`) within `min` and `max`, and the rule pays on the weighted sum.
    #[serde(default)]
    pub of: Option<Vec<(String, Num)>>,
}

/// Tiered commission rates, paid on the actual amount.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TiersSpec {
    /// What band bounds are measured in: `attainment` (default; fractions of the target) or `amount`.
    #[serde(default)]
    pub basis: TierBasis,
    /// `marginal`: each band's rate on the part inside it; `retroactive`: the highest band reached on the whole amount.
    pub mode: TierMode,
    /// `[from, rate]` bands, strictly increasing in `from`, each from its bound (inclusive) to the next.
    pub bands: Vec<[Num; 2]>,
}

/// A bonus matrix: a payout read from two measures at once, as a grid of payouts by row (the `rows` measure's attainment) and column (the `columns` measure's).
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MatrixSpec {
    /// The measure whose attainment picks the row: a quantitative component's id or a measure's name (from `measures`).
    pub rows: String,
    /// The measure whose attainment picks the column: a quantitative component's id or a measure's name (from `measures`).
    pub columns: String,
    /// `steps`: the cell of the highest row and column reached; `bilinear`: linear between grid points in both directions.
    pub mode: MatrixMode,
    /// Below the first row or column: `zero` (pays 0) or `first-point` (read as at the first row or column).
    pub below_first: BelowFirst,
    /// Each row's attainment bound (inclusive), strictly increasing (`["90%", "100%", "110%"]`).
    pub row_bounds: Vec<Num>,
    /// Each column's attainment bound (inclusive), strictly increasing.
    pub column_bounds: Vec<Num>,
    /// The payouts as fractions of target incentive, row by row: one row per row bound, one value per column bound, each 0 or more.
    pub values: Vec<Vec<Num>>,
}

/// A cap: give exactly one of `percent_of_target`, `amount`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct CapSpec {
    /// A fraction of the target incentive (`"200%"`).
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub percent_of_target: Option<Decimal>,
    /// A fixed amount.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub amount: Option<Decimal>,
}

/// A weighted component: one measure (`metric`, `rating` or `score`) and, unless rated, one rule (`curve`, `steps` or `tiers`); or a `matrix`, which is both.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ComponentSpec {
    /// The component's id, unique in the plan; inputs name it for targets and ratings.
    pub id: String,
    /// The component's name, shown on statements.
    pub name: String,
    /// What the component pays for, for readers.
    #[serde(default)]
    pub description: Option<String>,
    /// The component's share of target incentive (`"75%"` or `0.75`), above 0% and at most 100%; give this or `amount`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub weight: Option<Decimal>,
    /// The component's own target incentive per period, an amount rather than a weight of the plan's; give this or `weight`.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub amount: Option<Decimal>,
    /// `"target"`: the component pays its target incentive whatever the actuals (a guaranteed or discretionary part); no measure or rule.
    #[serde(default)]
    pub pays: Option<PaysSpec>,
    /// Measure attainment from this baseline to the target (the goal): `(actual − baseline) / (target − baseline)`, for higher-is-better measures.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub baseline: Option<Decimal>,
    /// Rule: multipliers of target incentive per attainment slice: `mode` (`marginal` or `retroactive`) and `[from, multiplier]` bands on attainment.
    #[serde(default)]
    pub multipliers: Option<MultipliersSpec>,
    /// Lower bounds of `steps`, `tiers` and `multipliers` bands: `inclusive` (default: a band starts at its bound) or `exclusive` (just above it).
    #[serde(default)]
    pub bounds: Option<Bounds>,
    /// Measure: the metric measured against a target.
    // The measure: exactly one of `metric`, `rating`, `score`.
    #[serde(default)]
    pub metric: Option<String>,
    /// A fixed target (quota) for the metric; a participant's input target overrides it.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Num>"))]
    pub target: Option<Decimal>,
    /// `higher-is-better` (default) or `lower-is-better` (needs `formula`).
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Attainment of a lower-is-better metric: `target-over-actual` or `two-minus-actual-over-target`.
    #[serde(default)]
    pub formula: Option<LowerIsBetter>,
    /// Measure: a rating on the named scale, which also sets the payout.
    #[serde(default)]
    pub rating: Option<String>,
    /// Measure: a continuous score within `min` and `max`, or (with `of`) the weighted sum of several ratings.
    #[serde(default)]
    pub score: Option<ScoreSpec>,
    /// Rule: pay through the named curve.
    // The payout rule: exactly one of `curve`, `steps`, `tiers` (none for a
    // rating, which pays through its scale).
    #[serde(default)]
    pub curve: Option<String>,
    /// Rule: a step table of `[attainment, payout]`; the highest step reached pays.
    #[serde(default)]
    pub steps: Option<Vec<[Num; 2]>>,
    /// Rule: tiered commission rates on the actual amount.
    #[serde(default)]
    pub tiers: Option<TiersSpec>,
    /// Measure and rule at once: a bonus matrix paid from two measures' attainments (no `metric`, `rating`, `score` or other rule).
    #[serde(default)]
    pub matrix: Option<MatrixSpec>,
    /// A ceiling on the component's payout.
    #[serde(default)]
    pub cap: Option<CapSpec>,
    /// A gate (from `gates`) the component pays under.
    #[serde(default)]
    pub gate: Option<String>,
    /// A modifier (from `modifiers`) applied to the component's payout, before its cap.
    #[serde(default)]
    pub modifier: Option<String>,
    /// Per period (default) or year to date (`crate::year`).
    #[serde(default)]
    pub measurement: Option<super::Measurement>,
}
