//! The serde shape of a plan file, exactly as written; [`super::validate`]
//! turns it into a checked [`super::Plan`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::money::{RoundingMode, RoundingScope};
use crate::number::{self, Num};
use crate::payout::{TierBasis, TierMode};
use crate::plan::{Direction, LowerIsBetter, PayPeriod};

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
    pub components: Vec<ComponentSpec>,
    #[serde(default)]
    pub cap: Option<CapSpec>,
    /// The plan year's rules (`crate::year`).
    #[serde(default)]
    pub year: Option<crate::year::YearSpec>,
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
    /// Per period (default) or year to date (`crate::year`).
    #[serde(default)]
    pub measurement: Option<crate::year::Measurement>,
}
