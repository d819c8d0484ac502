//! The serde shape of a plan file, exactly as written; [`super::validate`]
//! turns it into a checked [`super::Plan`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::money::{RoundingMode, RoundingScope};
use crate::number::{self, Num};
use crate::payout::{TierBasis, TierMode};
use crate::plan::{BelowFirst, Direction, LowerIsBetter, PayPeriod};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanSpec {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    pub currency: String,
    #[serde(default)]
    pub minor_units: Option<u8>,
    pub pay_period: PayPeriod,
    pub target_incentive: TargetIncentiveSpec,
    #[serde(default)]
    pub rounding: RoundingSpec,
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricSpec>,
    #[serde(default)]
    pub curves: BTreeMap<String, CurveSpec>,
    #[serde(default)]
    pub scales: BTreeMap<String, ScaleSpec>,
    #[serde(default)]
    pub measures: BTreeMap<String, MeasureSpec>,
    #[serde(default)]
    pub gates: BTreeMap<String, GateSpec>,
    #[serde(default)]
    pub modifiers: BTreeMap<String, ModifierSpec>,
    #[serde(default)]
    pub kickers: Vec<KickerSpec>,
    #[serde(default)]
    pub components: Vec<ComponentSpec>,
    #[serde(default)]
    pub cap: Option<CapSpec>,
    #[serde(default)]
    pub clawback: Option<ClawbackSpec>,
    /// A gate on the whole plan, by name.
    #[serde(default)]
    pub gate: Option<String>,
    /// A modifier on the plan's total, by name.
    #[serde(default)]
    pub modifier: Option<String>,
}

/// A quantitative measure that is not paid itself but drives gates,
/// modifiers and kickers (company revenue attainment, say).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasureSpec {
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    pub metric: String,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub target: Option<Decimal>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub formula: Option<LowerIsBetter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClawbackSpec {
    pub window_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GateSpec {
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    pub measure: String,
    #[serde(deserialize_with = "number::decimal")]
    pub at_least: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ModifierSpec {
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    pub measure: String,
    pub curve: String,
    pub below_first: BelowFirst,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KickerSpec {
    pub id: String,
    pub name: String,
    pub measure: String,
    #[serde(deserialize_with = "number::decimal")]
    pub at_least: Decimal,
    #[serde(deserialize_with = "number::decimal")]
    pub amount: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetIncentiveSpec {
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub amount: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub annual: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub percent_of_base: Option<Decimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoundingSpec {
    #[serde(default)]
    pub mode: RoundingMode,
    #[serde(default)]
    pub scope: RoundingScope,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricSpec {
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    #[serde(default)]
    pub ratio: Option<RatioSpec>,
    /// When the metric's actual is credited: the transactions' metric it
    /// counts (the metric's own name if absent).
    #[serde(default)]
    pub transactions: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RatioSpec {
    pub numerator: String,
    pub denominator: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CurveSpec {
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    pub points: Vec<[Num; 2]>,
    #[serde(default)]
    pub extrapolate: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScaleSpec {
    // Documentation for readers of the plan file; not used in computing.
    #[serde(default)]
    #[allow(dead_code)]
    pub description: Option<String>,
    #[serde(deserialize_with = "number::decimal")]
    pub min: Decimal,
    #[serde(deserialize_with = "number::decimal")]
    pub max: Decimal,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub step: Option<Decimal>,
    pub ratings: Vec<[Num; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoreSpec {
    #[serde(deserialize_with = "number::decimal")]
    pub min: Decimal,
    #[serde(deserialize_with = "number::decimal")]
    pub max: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TiersSpec {
    #[serde(default)]
    pub basis: TierBasis,
    pub mode: TierMode,
    pub bands: Vec<[Num; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CapSpec {
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub percent_of_target: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub amount: Option<Decimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComponentSpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(deserialize_with = "number::decimal")]
    pub weight: Decimal,
    // The measure: exactly one of `metric`, `rating`, `score`.
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    pub target: Option<Decimal>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub formula: Option<LowerIsBetter>,
    #[serde(default)]
    pub rating: Option<String>,
    #[serde(default)]
    pub score: Option<ScoreSpec>,
    // The payout rule: exactly one of `curve`, `steps`, `tiers` (none for a
    // rating, which pays through its scale).
    #[serde(default)]
    pub curve: Option<String>,
    #[serde(default)]
    pub steps: Option<Vec<[Num; 2]>>,
    #[serde(default)]
    pub tiers: Option<TiersSpec>,
    #[serde(default)]
    pub cap: Option<CapSpec>,
    #[serde(default)]
    pub gate: Option<String>,
    #[serde(default)]
    pub modifier: Option<String>,
}
