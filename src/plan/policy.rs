//! A plan's rules for its plan year: the `[year]` table of the plan file
//! and each component's `measurement`.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::number;
use crate::rounding::RoundingMode;

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
    /// Like year to date, over the plan year's quarter so far: the window
    /// resets at each quarter's start (`measurement = "qtd"`). In a monthly
    /// plan with 100,000 a month of target and 1,000 of target incentive,
    /// January 80,000 pays 800.00; February 150,000 brings the quarter to
    /// 115%, earning 2,300.00, and pays 1,500.00; April starts again.
    #[serde(rename = "qtd")]
    QuarterToDate,
    /// Like year to date, over the plan year's half so far
    /// (`measurement = "htd"`): resets in the first month of each half.
    #[serde(rename = "htd")]
    HalfToDate,
    /// The year's actual so far against the year's target so far (the sum
    /// of the target schedule); the period pays what the year to date has
    /// earned minus what was already paid for the component
    /// (`measurement = "ytd"`).
    #[serde(rename = "ytd")]
    YearToDate,
    /// The year's actual so far against the **annual** target (the sum of
    /// every period's target in the plan year); the period pays the annual
    /// target incentive × the payout, minus what was paid to date for the
    /// component, including any opening amount paid by the system being
    /// replaced (`measurement = "ytd-annual"`;
    /// [`YearState::with_opening_paid`](crate::YearState::with_opening_paid)).
    /// Annual quota 4,000,000, annual target incentive 40,000, paid
    /// quarterly, 9,000.00 paid before: Q2 year to date 2,200,000 is 55%,
    /// earning 22,000.00, and pays 13,000.00.
    #[serde(rename = "ytd-annual")]
    YearToDateAnnual,
}

impl Measurement {
    /// The window measured, in months of the plan year: `None` per period,
    /// 3 quarter to date, 6 half to date, 12 year to date.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::year::Measurement;
    /// assert_eq!(Measurement::QuarterToDate.window_months(), Some(3));
    /// assert_eq!(Measurement::Period.window_months(), None);
    /// ```
    pub fn window_months(self) -> Option<u32> {
        match self {
            Measurement::Period => None,
            Measurement::QuarterToDate => Some(3),
            Measurement::HalfToDate => Some(6),
            Measurement::YearToDate | Measurement::YearToDateAnnual => Some(12),
        }
    }

    /// Whether the window is measured against the whole plan year's target
    /// and target incentive (`"ytd-annual"`) rather than the periods' so
    /// far.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::year::Measurement;
    /// assert!(Measurement::YearToDateAnnual.against_full_year());
    /// assert!(!Measurement::YearToDate.against_full_year());
    /// ```
    pub fn against_full_year(self) -> bool {
        self == Measurement::YearToDateAnnual
    }

    /// Whether the component is measured over a window of periods (to
    /// date) rather than each period alone.
    pub fn is_to_date(self) -> bool {
        self.window_months().is_some()
    }
}

impl fmt::Display for Measurement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Measurement::Period => "per period",
            Measurement::YearToDate => "year to date",
            Measurement::YearToDateAnnual => "year to date against the full year",
            Measurement::QuarterToDate => "quarter to date",
            Measurement::HalfToDate => "half to date",
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

/// How a partial period's target incentive (and a prorated draw) is
/// prorated: `[year] proration = { method = … }`.
///
/// Worked numbers for quarterly target incentive 5,000 (annual 20,000),
/// hired 2026-02-10: Q1 has 90 days, 50 in plan.
///
/// # Example
///
/// ```
/// use incentive::year::ProrationMethod;
/// assert_eq!(ProrationMethod::default(), ProrationMethod::Days);
/// assert_eq!(ProrationMethod::DailyRate.to_string(), "daily-rate");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProrationMethod {
    /// The exact day fraction, never rounded (`method = "days"`, the
    /// default): 5,000 × 50/90 = 2,777.77… (pays 2,777.78).
    #[default]
    Days,
    /// The day fraction rounded to `places` before multiplying
    /// (`method = \"factor\"`): 50/90 → 0.5556, × 5,000 = 2,778.00.
    Factor,
    /// A daily rate: the period's target incentive annualized (× periods
    /// in the year) ÷ `days_in_year`, rounded to the currency's minor
    /// unit, × days in plan (`method = \"daily-rate\"`): 20,000 ÷ 365 =
    /// 54.79, × 50 = 2,739.50.
    DailyRate,
    /// Whole calendar months in plan ÷ months in the period
    /// (`method = \"months\"`): February is not whole, March is, so
    /// 5,000 × 1/3 = 1,666.66…
    Months,
}

impl fmt::Display for ProrationMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProrationMethod::Days => "days",
            ProrationMethod::Factor => "factor",
            ProrationMethod::DailyRate => "daily-rate",
            ProrationMethod::Months => "months",
        })
    }
}

/// How days in plan are counted: `[year] proration = { count = … }`.
///
/// The period's own length is always counted with both ends included
/// (Q1 2026 has 90 days).
///
/// # Example
///
/// ```
/// use incentive::year::DayCount;
/// assert_eq!(DayCount::default(), DayCount::Inclusive);
/// assert_eq!(DayCount::EndMinusStart.to_string(), "end-minus-start");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DayCount {
    /// Both ends included (the default): 2026-02-10 to 2026-03-31 is 50
    /// days.
    #[default]
    Inclusive,
    /// The last day minus the first: 2026-02-10 to 2026-03-31 is 49 days,
    /// so 5,000 × 49/90 = 2,722.22.
    EndMinusStart,
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DayCount::Inclusive => "inclusive",
            DayCount::EndMinusStart => "end-minus-start",
        })
    }
}

/// The days a daily rate divides the year by.
///
/// # Example
///
/// ```
/// use incentive::year::DaysInYear;
/// assert_eq!(DaysInYear::default(), DaysInYear::Fixed(365));
/// assert_eq!(DaysInYear::Actual.to_string(), "actual");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum DaysInYear {
    /// A fixed count (`days_in_year = 365`, the default; `360` for a
    /// 30/360 convention): 20,000 ÷ 365 = 54.79.
    Fixed(u32),
    /// The plan year's own days, 365 or 366 (`days_in_year = "actual"`).
    Actual,
}

impl Default for DaysInYear {
    fn default() -> DaysInYear {
        DaysInYear::Fixed(365)
    }
}

impl fmt::Display for DaysInYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaysInYear::Fixed(n) => write!(f, "{n}"),
            DaysInYear::Actual => f.write_str("actual"),
        }
    }
}

/// A plan's proration convention, from `[year] proration`.
///
/// Every method gives the whole period's figure when the participant is
/// in plan the whole period: a segment covering its period is never
/// prorated.
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use incentive::year::{DayCount, ProrationMethod};
///
/// let plan = Plan::from_toml(r#"
///     id = "q"
///     name = "Quarterly"
///     version = "1"
///     currency = "USD"
///     pay_period = "quarter"
///     target_incentive = { amount = 5000 }
///     year = { proration = { method = "factor", places = 4 } }
///     [metrics.bookings]
///     [curves.linear]
///     points = [[0, 0], [1, 1]]
///     [[components]]
///     id = "bookings"
///     name = "Bookings"
///     weight = 1
///     metric = "bookings"
///     target = 100
///     curve = "linear"
/// "#)?;
/// let p = plan.year().proration;
/// assert_eq!((p.method, p.places, p.count), (ProrationMethod::Factor, 4, DayCount::Inclusive));
///
/// let bad = Plan::from_toml(r#"
///     id = "q"
///     name = "Quarterly"
///     version = "1"
///     currency = "USD"
///     target_incentive = { amount = 5000 }
///     year = { proration = { method = "days", places = 4 } }
///     [metrics.bookings]
///     [curves.linear]
///     points = [[0, 0], [1, 1]]
///     [[components]]
///     id = "bookings"
///     name = "Bookings"
///     weight = 1
///     metric = "bookings"
///     target = 100
///     curve = "linear"
/// "#);
/// assert!(bad.is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Proration {
    /// How the period's figure is prorated.
    pub method: ProrationMethod,
    /// The places a `factor` is rounded to (0 for other methods).
    pub places: u32,
    /// What a `daily-rate` divides the year by.
    pub days_in_year: DaysInYear,
    /// How days in plan are counted.
    pub count: DayCount,
}

impl fmt::Display for Proration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.method {
            ProrationMethod::Factor => write!(f, "factor to {} places", self.places)?,
            ProrationMethod::DailyRate => write!(f, "daily rate over {} days", self.days_in_year)?,
            m => write!(f, "{m}")?,
        }
        if self.count == DayCount::EndMinusStart && self.method != ProrationMethod::Months {
            f.write_str(", days counted end minus start")?;
        }
        Ok(())
    }
}

/// A plan's proration convention resolved for one stretch of a period:
/// the one rule that prorates the target incentive, a component's own
/// amount and a prorated draw.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Share {
    pub(crate) rule: Proration,
    /// Days in plan, as the convention counts them.
    pub(crate) counted: i64,
    pub(crate) period_days: i64,
    pub(crate) whole_months: i64,
    pub(crate) months: i64,
    /// Periods in the plan year (a daily rate annualizes the figure).
    pub(crate) periods: i128,
    /// What a daily rate divides the year by.
    pub(crate) year_days: i64,
    /// The currency's minor unit, for a daily rate.
    pub(crate) places: u32,
    pub(crate) mode: RoundingMode,
}

impl Share {
    /// `full` prorated, with how; `None` on overflow.
    pub(crate) fn apply(&self, full: Exact) -> Option<(Exact, String)> {
        let int = |n: i64| Exact::from_int(i128::from(n));
        let (counted, period_days) = (self.counted, self.period_days);
        let count_note = match self.rule.count {
            DayCount::EndMinusStart => " (end − start)",
            _ => "",
        };
        let fraction = int(counted).checked_div(int(period_days))?;
        Some(match self.rule.method {
            ProrationMethod::Factor => {
                let factor = fraction.round(self.rule.places, self.mode)?;
                (
                    full.checked_mul(Exact::from_decimal(factor))?,
                    format!(
                        "× {factor} ({counted}/{period_days} days in plan{count_note} to {} places)",
                        self.rule.places
                    ),
                )
            }
            ProrationMethod::DailyRate => {
                let annual = full.checked_mul(Exact::from_int(self.periods))?;
                let rate = annual
                    .checked_div(int(self.year_days))?
                    .round(self.places, self.mode)?;
                (
                    Exact::from_decimal(rate).checked_mul(int(counted))?,
                    format!(
                        "at a daily rate of {rate} ({annual} a year ÷ {} days) × {counted} days in plan{count_note}",
                        self.year_days
                    ),
                )
            }
            ProrationMethod::Months => (
                full.checked_mul(int(self.whole_months))?
                    .checked_div(int(self.months))?,
                format!(
                    "× {}/{} whole months in plan",
                    self.whole_months, self.months
                ),
            ),
            _ => (
                full.checked_mul(fraction)?,
                format!("× {counted}/{period_days} days in plan{count_note}"),
            ),
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
/// let d = d.prorated().recovered_from_period(4);
/// assert_eq!(
///     d.to_string(),
///     "recoverable draw 3000 a period, prorated, at most 1000 recovered a period, recovered from period 4"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Draw {
    /// The amount paid at least, each period.
    pub amount: Decimal,
    /// Recoverable or not.
    pub kind: DrawKind,
    /// The most of the draw balance recovered in one period, if limited;
    /// at the currency's minor units when read from a plan (`1000.00`).
    pub max_recovery_per_period: Option<Decimal>,
    /// Whether a partial period's draw is prorated by the plan's
    /// proration convention, like the target incentive (a hire on
    /// 2026-03-16: 2,500 × 16/31 = 1,290.32).
    pub prorate: bool,
    /// The first period of the plan year (from 1) in which the draw
    /// balance is recovered; before it, earnings above the draw are paid
    /// and the balance waits.
    pub recover_from_period: Option<u32>,
}

impl Draw {
    /// A draw of `amount` a period, not prorated, recovered from the first
    /// period.
    pub fn new(amount: Decimal, kind: DrawKind, max_recovery_per_period: Option<Decimal>) -> Draw {
        Draw {
            amount,
            kind,
            max_recovery_per_period,
            prorate: false,
            recover_from_period: None,
        }
    }

    /// The same draw, prorated for a partial period.
    pub fn prorated(mut self) -> Draw {
        self.prorate = true;
        self
    }

    /// The same draw, its balance recovered from period `n` of the year on.
    pub fn recovered_from_period(mut self, n: u32) -> Draw {
        self.recover_from_period = Some(n);
        self
    }

    /// Whether the draw balance may be recovered in period `index` (from 1).
    pub fn recovers_in(&self, index: u32) -> bool {
        self.recover_from_period.is_none_or(|n| index >= n)
    }
}

impl fmt::Display for Draw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} draw {} a period", self.kind, self.amount)?;
        if self.prorate {
            f.write_str(", prorated")?;
        }
        if let Some(m) = self.max_recovery_per_period {
            write!(f, ", at most {m} recovered a period")?;
        }
        if let Some(n) = self.recover_from_period {
            write!(f, ", recovered from period {n}")?;
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
    /// How a partial period is prorated (exact days by default).
    pub proration: Proration,
    /// The first date this plan version applies, if limited.
    pub effective_from: Option<Date>,
    /// The last date this plan version applies, if limited.
    pub effective_until: Option<Date>,
    /// The ramp: the share of each quota (an input metric's target; ratio
    /// targets are not ramped) in force in month 1,
    /// 2, … after hire (`YearInputs::hired`, or a first assignment inside
    /// the plan year), each above 0 and at
    /// most 100%; empty for none. A hire on 2026-03-01 with
    /// `ramp = ["25%", "50%", "75%"]` and a monthly quota of 100,000 has
    /// targets of 25,000 in March, 50,000 in April, 75,000 in May and
    /// 100,000 from June.
    pub ramp: Vec<Decimal>,
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
            proration: Proration::default(),
            effective_from: None,
            effective_until: None,
            ramp: Vec::new(),
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
    /// A draw: `{ amount, kind = "recoverable" | "non-recoverable", max_recovery_per_period, prorate, recover_from_period }`.
    #[serde(default)]
    pub draw: Option<DrawSpec>,
    /// How a partial period is prorated: `{ method = "days" | "factor" | "daily-rate" | "months", places, days_in_year = 365 | "actual", count = "inclusive" | "end-minus-start" }`.
    #[serde(default)]
    pub proration: Option<ProrationSpec>,
    /// The first day this plan version is in effect.
    #[serde(default)]
    pub effective_from: Option<Date>,
    /// The last day this plan version is in effect.
    #[serde(default)]
    pub effective_until: Option<Date>,
    /// A ramp: the share of each target in force in the months after hire,
    /// such as `["25%", "50%", "75%"]`; full targets after it.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<crate::number::Num>>"))]
    pub ramp: Option<Vec<number::Num>>,
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
    /// Prorate a partial period's draw like the target incentive (default false).
    #[serde(default)]
    pub prorate: Option<bool>,
    /// The first period of the year (from 1) in which the draw balance is recovered (default 1).
    #[serde(default)]
    pub recover_from_period: Option<i64>,
}

/// A proration convention.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ProrationSpec {
    /// `days` (default; exact day fraction), `factor`, `daily-rate` or `months`.
    #[serde(default)]
    pub method: Option<ProrationMethod>,
    /// The places a `factor` is rounded to (required with `factor`, 0 to 10).
    #[serde(default)]
    pub places: Option<i64>,
    /// What a `daily-rate` divides the annualized target incentive by: a number of days (default 365) or `\"actual\"`.
    #[serde(default)]
    pub days_in_year: Option<DaysInYearSpec>,
    /// `inclusive` (default; both ends) or `end-minus-start`.
    #[serde(default)]
    pub count: Option<DayCount>,
}

/// A number of days, or `\"actual\"`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum DaysInYearSpec {
    /// A fixed number of days, such as 365 or 360.
    Days(i64),
    /// `\"actual\"`: the plan year's own days.
    Word(String),
}

fn proration(spec: Option<&ProrationSpec>) -> Result<Proration> {
    let Some(spec) = spec else {
        return Ok(Proration::default());
    };
    let method = spec.method.unwrap_or_default();
    let places = match (method, spec.places) {
        (ProrationMethod::Factor, None) => {
            return Err(Error::plan(
                "is missing; a `factor` proration rounds the day fraction to `places` decimal places, from 0 to 10",
            )
            .with_field("year.proration.places"));
        }
        (ProrationMethod::Factor, Some(n)) => {
            u32::try_from(n).ok().filter(|n| *n <= 10).ok_or_else(|| {
                Error::plan(format!(
                    "is {n}; a factor is rounded to 0 to 10 decimal places"
                ))
                .with_field("year.proration.places")
            })?
        }
        (m, Some(_)) => {
            return Err(Error::plan(format!(
                "applies only with `method = \"factor\"`, not `{m}`"
            ))
            .with_field("year.proration.places"));
        }
        (_, None) => 0,
    };
    let days_in_year = match (&spec.days_in_year, method) {
        (None, _) => DaysInYear::default(),
        (Some(_), m) if m != ProrationMethod::DailyRate => {
            return Err(Error::plan(format!(
                "applies only with `method = \"daily-rate\"`, not `{m}`"
            ))
            .with_field("year.proration.days_in_year"));
        }
        (Some(DaysInYearSpec::Word(w)), _) if w == "actual" => DaysInYear::Actual,
        (Some(DaysInYearSpec::Days(n)), _) if (1..=366).contains(n) => {
            DaysInYear::Fixed(u32::try_from(*n).unwrap_or(365))
        }
        (Some(DaysInYearSpec::Days(n)), _) => {
            return Err(Error::plan(format!(
                "is {n}; a year has 1 to 366 days, or write `\"actual\"`"
            ))
            .with_field("year.proration.days_in_year"));
        }
        (Some(DaysInYearSpec::Word(w)), _) => {
            return Err(Error::plan(format!(
                "is `{w}`; give a number of days such as 365, or `\"actual\"`"
            ))
            .with_field("year.proration.days_in_year"));
        }
    };
    let count = spec.count.unwrap_or_default();
    if count != DayCount::Inclusive && method == ProrationMethod::Months {
        return Err(Error::plan(
            "applies to days, and `method = \"months\"` counts whole months; remove `count`",
        )
        .with_field("year.proration.count"));
    }
    Ok(Proration {
        method,
        places,
        days_in_year,
        count,
    })
}

/// `v` at the currency's `places` when it has no more places than that.
fn at_places(field: &str, v: Decimal, places: u32) -> Result<Decimal> {
    if v.scale() > places {
        return Err(
            Error::plan(format!("is {v}; the currency has {places} decimal places"))
                .with_field(field),
        );
    }
    let mut out = v;
    out.rescale(places);
    Ok(out)
}

/// Checks the `[year]` table against the rest of the plan.
pub(crate) fn validate(spec: Option<&YearSpec>, places: u32) -> Result<YearPolicy> {
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
            let field = "year.draw.max_recovery_per_period";
            let max = d
                .max_recovery_per_period
                .map(|m| positive(field, m).and_then(|m| at_places(field, m, places)))
                .transpose()?;
            if max.is_some() && d.kind == DrawKind::NonRecoverable {
                return Err(Error::plan(
                    "a non-recoverable draw is never recovered; `max_recovery_per_period` applies only with `kind = \"recoverable\"`",
                )
                .with_field("year.draw.max_recovery_per_period"));
            }
            let from = match d.recover_from_period {
                None => None,
                Some(n) => Some(u32::try_from(n).ok().filter(|n| *n >= 1).ok_or_else(|| {
                    Error::plan(format!(
                        "is {n}; the draw balance is recovered from a period of the plan year, numbered from 1"
                    ))
                    .with_field("year.draw.recover_from_period")
                })?),
            };
            if from.is_some() && d.kind == DrawKind::NonRecoverable {
                return Err(Error::plan(
                    "a non-recoverable draw is never recovered; `recover_from_period` applies only with `kind = \"recoverable\"`",
                )
                .with_field("year.draw.recover_from_period"));
            }
            let mut draw = Draw::new(amount, d.kind, max);
            draw.prorate = d.prorate.unwrap_or(false);
            draw.recover_from_period = from;
            Some(draw)
        }
    };
    let ramp: Vec<Decimal> = spec.ramp.iter().flatten().map(|n| n.0).collect();
    if ramp.len() > 12 {
        return Err(Error::plan(format!(
            "has {} months; a ramp is longer than the plan year's 12 months, so give at most 12 shares",
            ramp.len()
        ))
        .with_field("year.ramp"));
    }
    if let Some(r) = ramp
        .iter()
        .find(|r| **r <= Decimal::ZERO || **r > Decimal::ONE)
    {
        let shown = r
            .checked_mul(Decimal::ONE_HUNDRED)
            .map_or_else(|| r.to_string(), |p| format!("{}%", p.normalize()));
        return Err(Error::plan(format!(
            "has a month at {shown}; each month of a ramp is a share of the target above 0% and at most 100%"
        ))
        .with_field("year.ramp"));
    }
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
        proration: proration(spec.proration.as_ref())?,
        effective_from: spec.effective_from,
        effective_until: spec.effective_until,
        ramp,
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
        super::validate::check_text(&field, label)?;
        if label.starts_with(crate::id::FORMULA_PREFIXES) {
            return Err(Error::plan(format!(
                "the label `{label}` starts with `{}`, which a spreadsheet reads as a formula, and inputs cannot name such a period; start it with a letter, a digit or another character than `=`, `+`, `-` or `@`",
                label.chars().next().unwrap_or_default()
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
