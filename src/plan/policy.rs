//! A plan's rules for its plan year: the `[year]` table of the plan file
//! and each component's `measurement`.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Cap, Component};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::number;

/// How a component is measured over the plan year.
///
/// # Example
///
/// Demand generation's pipeline measured year to date: Q1 80% of target
/// pays 2,625.00; by Q2 the year is at 110%, which earns 9,000.00 on two
/// quarters of target incentive, so Q2 pays 9,000.00 − 2,625.00 = 6,375.00.
///
/// ```
/// use incentive::year::Measurement;
/// assert_eq!(Measurement::default(), Measurement::Period);
/// assert_eq!(Measurement::YearToDate.to_string(), "year to date");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Measurement {
    /// Each period's actual against the period's target; the period pays
    /// what it earns (`measurement = "period"`, the default).
    #[default]
    #[serde(rename = "period")]
    Period,
    /// The year's actual so far against the year's target so far (the sum
    /// of the target schedule); the period pays what the year to date has
    /// earned minus what was already paid for the component
    /// (`measurement = "ytd"`).
    #[serde(rename = "ytd")]
    YearToDate,
}

impl fmt::Display for Measurement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Measurement::Period => "per period",
            Measurement::YearToDate => "year to date",
        })
    }
}

/// What happens when a true-up is negative: the year to date has earned
/// less than was already paid.
///
/// A payment is never negative. Demand generation's Q4, YTD 75%: earned
/// 9,375.00, paid 9,562.50, so the pipeline pays 0.00 and 187.50 is
/// carried as owed (or, with `write-off`, forgiven); either way the
/// statement shows it.
///
/// # Example
///
/// ```
/// use incentive::year::NegativeTrueUp;
/// assert_eq!(NegativeTrueUp::default(), NegativeTrueUp::Carry);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NegativeTrueUp {
    /// The overpayment becomes a balance owed (kind `true-up`), recovered
    /// from later payouts: 187.50 carried.
    #[default]
    Carry,
    /// The overpayment is forgiven: 187.50 written off.
    WriteOff,
}

impl fmt::Display for NegativeTrueUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NegativeTrueUp::Carry => "carry",
            NegativeTrueUp::WriteOff => "write-off",
        })
    }
}

/// Whether a draw's shortfall is owed back.
///
/// Monthly draw 3,000, earned 1,000: both pay 3,000.00; a recoverable draw
/// records 2,000.00 owed, a non-recoverable one forgives it.
///
/// # Example
///
/// ```
/// use incentive::year::DrawKind;
/// assert_eq!(DrawKind::NonRecoverable.to_string(), "non-recoverable");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DrawKind {
    /// An advance: the shortfall below the draw is owed (balance kind
    /// `draw`) and recovered from later earnings above the draw.
    Recoverable,
    /// A guaranteed minimum: the shortfall is forgiven.
    NonRecoverable,
}

impl fmt::Display for DrawKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DrawKind::Recoverable => "recoverable",
            DrawKind::NonRecoverable => "non-recoverable",
        })
    }
}

/// A draw: a minimum paid each period, against earnings.
///
/// # Example
///
/// ```
/// use incentive::year::{Draw, DrawKind};
/// use rust_decimal_macros::dec;
///
/// let d = Draw::new(dec!(3000), DrawKind::Recoverable, Some(dec!(1000)));
/// assert_eq!(d.to_string(), "recoverable draw 3000 a period, at most 1000 recovered a period");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Draw {
    /// The amount paid at least, each period.
    pub amount: Decimal,
    /// Recoverable or not.
    pub kind: DrawKind,
    /// The most of the draw balance recovered in one period, if limited.
    pub max_recovery_per_period: Option<Decimal>,
}

impl Draw {
    /// A draw of `amount` a period.
    pub fn new(amount: Decimal, kind: DrawKind, max_recovery_per_period: Option<Decimal>) -> Draw {
        Draw {
            amount,
            kind,
            max_recovery_per_period,
        }
    }
}

impl fmt::Display for Draw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} draw {} a period", self.kind, self.amount)?;
        if let Some(m) = self.max_recovery_per_period {
            write!(f, ", at most {m} recovered a period")?;
        }
        Ok(())
    }
}

/// A plan's rules for the plan year, from the plan file's `[year]` table.
///
/// A plan without a `[year]` table has the defaults: the plan year starts
/// in January, negative true-ups are carried, targets are not prorated,
/// no annual cap, no draw, and the plan is in effect on every date.
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use incentive::year::NegativeTrueUp;
///
/// let plan = Plan::load("plans/years/demand-generation-ytd.toml")?;
/// let year = plan.year();
/// assert_eq!(year.fiscal_start_month, 1);
/// assert_eq!(year.negative_true_up, NegativeTrueUp::Carry);
/// assert!(year.prorate_targets);
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct YearPolicy {
    /// The month the plan year starts in, 1 (January) to 12.
    pub fiscal_start_month: u32,
    /// What a negative true-up does.
    pub negative_true_up: NegativeTrueUp,
    /// Whether targets of input metrics are prorated by days in the plan,
    /// like the target incentive (ratio targets such as a close rate never
    /// are).
    pub prorate_targets: bool,
    /// The most a participant earns under the plan in one plan year.
    pub annual_cap: Option<Decimal>,
    /// A draw, if the plan pays one.
    pub draw: Option<Draw>,
    /// The first date this plan version applies, if limited.
    pub effective_from: Option<Date>,
    /// The last date this plan version applies, if limited.
    pub effective_until: Option<Date>,
    /// The first day of any one pay period of a weekly or biweekly plan.
    pub anchor: Option<Date>,
    /// The periods of a plan with `pay_period = "custom"`, in order: each
    /// one's label, first day and last day, one after another with no gap
    /// or overlap.
    pub periods: Vec<(String, Date, Date)>,
}

impl Default for YearPolicy {
    fn default() -> YearPolicy {
        YearPolicy {
            fiscal_start_month: 1,
            negative_true_up: NegativeTrueUp::Carry,
            prorate_targets: false,
            annual_cap: None,
            draw: None,
            effective_from: None,
            effective_until: None,
            anchor: None,
            periods: Vec::new(),
        }
    }
}

impl YearPolicy {
    /// Whether this plan version applies on `date`.
    pub fn in_effect(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|f| f <= date)
            && self.effective_until.is_none_or(|u| date <= u)
    }
}

/// The plan's rules for a plan year: fiscal start, true-ups, proration, draws, annual cap, effective dates.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct YearSpec {
    /// The month (1-12) the plan year starts on, default 1.
    #[serde(default)]
    pub fiscal_start_month: Option<i64>,
    /// A negative true-up: `carry` (default; owed, recovered from later payouts) or `write-off`.
    #[serde(default)]
    pub negative_true_up: Option<NegativeTrueUp>,
    /// Prorate targets by days in plan, like the target incentive (default false).
    #[serde(default)]
    pub prorate_targets: Option<bool>,
    /// The most the plan year's earnings pay.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::number::Num>"))]
    pub annual_cap: Option<Decimal>,
    /// A draw: `{ amount, kind = "recoverable" | "non-recoverable", max_recovery_per_period }`.
    #[serde(default)]
    pub draw: Option<DrawSpec>,
    /// The first day this plan version is in effect.
    #[serde(default)]
    pub effective_from: Option<Date>,
    /// The last day this plan version is in effect.
    #[serde(default)]
    pub effective_until: Option<Date>,
    /// The first day of any one pay period of a `week` or `biweek` plan.
    #[serde(default)]
    pub anchor: Option<Date>,
    /// A `custom` plan's periods, in order: `{ label, start, end }`, each day of the plan year in exactly one.
    #[serde(default)]
    pub periods: Option<Vec<DatedPeriodSpec>>,
}

/// One period of a `custom` plan year.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct DatedPeriodSpec {
    /// The period's label, as inputs name it: `2026-P01`.
    pub label: String,
    /// The first day.
    pub start: Date,
    /// The last day.
    pub end: Date,
}

/// A draw: an advance paid each period against earnings.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct DrawSpec {
    /// The minimum paid each period.
    #[serde(deserialize_with = "number::decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::number::Num"))]
    pub amount: Decimal,
    /// `recoverable` (the top-up is owed back) or `non-recoverable` (forgiven).
    pub kind: DrawKind,
    /// The most recovered from one period's earnings.
    #[serde(default, deserialize_with = "number::opt_decimal")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::number::Num>"))]
    pub max_recovery_per_period: Option<Decimal>,
}

/// Checks the `[year]` table against the rest of the plan.
pub(crate) fn validate(
    spec: Option<&YearSpec>,
    components: &[Component],
    plan_cap: Option<Cap>,
) -> Result<YearPolicy> {
    if plan_cap.is_some() {
        if let Some(c) = components
            .iter()
            .find(|c| c.measurement == Measurement::YearToDate)
        {
            return Err(Error::plan(format!(
                "a per-period plan `cap` cannot apply to a component measured year to date (`{}`); use `[year] annual_cap`",
                c.id
            ))
            .with_field("cap"));
        }
    }
    let Some(spec) = spec else {
        return Ok(YearPolicy::default());
    };
    let month = match spec.fiscal_start_month {
        None => 1,
        Some(m) => u32::try_from(m)
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| {
                Error::plan(format!(
                    "is {m}; the plan year starts in a month from 1 (January) to 12 (December)"
                ))
                .with_field("year.fiscal_start_month")
            })?,
    };
    let positive = |field: &str, v: Decimal| -> Result<Decimal> {
        if v > Decimal::ZERO {
            Ok(v)
        } else {
            Err(Error::plan(format!("is {v}; it must be above 0")).with_field(field))
        }
    };
    let annual_cap = spec
        .annual_cap
        .map(|c| positive("year.annual_cap", c))
        .transpose()?;
    let draw = match &spec.draw {
        None => None,
        Some(d) => {
            let amount = positive("year.draw.amount", d.amount)?;
            let max = d
                .max_recovery_per_period
                .map(|m| positive("year.draw.max_recovery_per_period", m))
                .transpose()?;
            if max.is_some() && d.kind == DrawKind::NonRecoverable {
                return Err(Error::plan(
                    "a non-recoverable draw is never recovered; `max_recovery_per_period` applies only with `kind = \"recoverable\"`",
                )
                .with_field("year.draw.max_recovery_per_period"));
            }
            Some(Draw::new(amount, d.kind, max))
        }
    };
    if let (Some(from), Some(until)) = (spec.effective_from, spec.effective_until) {
        if until < from {
            return Err(Error::plan(format!(
                "is {until}, before `effective_from` {from}; a plan version is in effect from `effective_from` to `effective_until`, both included"
            ))
            .with_field("year.effective_until"));
        }
    }
    Ok(YearPolicy {
        fiscal_start_month: month,
        negative_true_up: spec.negative_true_up.unwrap_or_default(),
        prorate_targets: spec.prorate_targets.unwrap_or(false),
        annual_cap,
        draw,
        effective_from: spec.effective_from,
        effective_until: spec.effective_until,
        anchor: spec.anchor,
        periods: dated_periods(spec.periods.as_deref().unwrap_or_default())?,
    })
}

/// Checks a custom plan year's periods: labels given once each, every
/// period ending on or after its start, and each starting the day after
/// the one before ends (no gap, no overlap).
fn dated_periods(spec: &[DatedPeriodSpec]) -> Result<Vec<(String, Date, Date)>> {
    let mut out: Vec<(String, Date, Date)> = Vec::with_capacity(spec.len());
    for (i, p) in spec.iter().enumerate() {
        let field = format!("year.periods[{i}]");
        let label = p.label.trim();
        if label.is_empty() || label != p.label {
            return Err(Error::plan(format!(
                "the label `{}` is empty or has spaces around it; give each period a label such as `2026-P01`",
                p.label
            ))
            .with_field(field));
        }
        if out.iter().any(|(l, _, _)| l == label) {
            return Err(Error::plan(format!(
                "the label `{label}` is given twice; each period needs its own label"
            ))
            .with_field(field));
        }
        if p.end < p.start {
            return Err(Error::plan(format!(
                "`{label}` ends on {}, before it starts on {}; a period runs from `start` to `end`, both included",
                p.end, p.start
            ))
            .with_field(field));
        }
        if let Some((prev, _, prev_end)) = out.last() {
            let next = prev_end.add_days(1);
            if next != Some(p.start) {
                let what = if p.start <= *prev_end {
                    "overlaps"
                } else {
                    "leaves a gap after"
                };
                return Err(Error::plan(format!(
                    "`{label}` starts on {}, so it {what} `{prev}` (which ends on {prev_end}); each period must start the day after the one before ends",
                    p.start
                ))
                .with_field(field));
            }
        }
        out.push((p.label.clone(), p.start, p.end));
    }
    Ok(out)
}
