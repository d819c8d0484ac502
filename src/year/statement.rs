//! What a participant sees for a period of the plan year.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::calendar::Period;
use crate::date::Date;
use crate::exact::Exact;
use crate::money::Currency;
use crate::plan::{Draw, Measurement};
use crate::statement::Statement;

/// What a participant is paid for one period of the plan year, and why.
///
/// - `segments`: each stretch of the period under one plan version, with
///   its dates, days in plan and prorated target incentive, and the
///   engine's [`Statement`] of the components measured per period.
/// - `ytd`: for each plan and window (year, half or quarter to date) its
///   components are measured over, the window's [`Statement`] (the
///   window's target incentive, targets and actuals so far).
/// - `lines`: one per plan and component: what it earned, what was paid
///   for it before, the true-up, and what it pays now (never below zero;
///   a negative true-up is carried as owed or written off, as the plan
///   says).
/// - `adjustments`: the plan-level stages of the segments' statements
///   (plan modifier, kickers, plan cap, plan gate), one per plan and
///   stage, counted as per-period earnings like a per-period line.
/// - then the annual cap, recovery of balances owed, the draw, and the
///   balances after.
///
/// `total` is exactly `earned − annual cap cut − recovered + draw +
/// refund`, to the cent; `earned` is the sum of the lines' and the
/// adjustments' amounts.
/// Re-running a period pays only the difference: `previously_paid` is what
/// earlier runs of the same period paid.
///
/// Serializes with every amount a decimal string; `Display` prints a
/// readable statement.
///
/// # Errors
///
/// None: statements come from
/// [`PlanBook::evaluate_period`](crate::PlanBook::evaluate_period).
///
/// # Example
///
/// ```
/// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let book = PlanBook::load_dir("plans")?;
/// let year = YearInputs::new("hana", 2026)
///     .assign(Assignment::new("demand-generation", Date::new(2026, 2, 15)?))
///     .target_from("demand-generation", "pipeline", Date::new(2026, 1, 1)?, dec!(2000000))
///     .period(Inputs::new("hana", "demand-generation").with_period("2026-Q1")
///         .actual("pipeline", dec!(1150000))
///         .rating("campaign_effectiveness", dec!(4)));
/// let (q1, _state) = book.evaluate_period(&year, "2026-Q1", &YearState::new())?;
/// assert_eq!(q1.segments[0].days, 45);
/// assert_eq!(q1.total, dec!(3218.75));
/// assert!(q1.to_string().contains("paid 3218.75 USD"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PeriodStatementData")]
#[non_exhaustive]
pub struct PeriodStatement {
    /// The participant's id.
    pub participant: String,
    /// The participant's display name, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_name: Option<String>,
    /// The period.
    pub period: Period,
    /// The currency of every amount.
    pub currency: Currency,
    /// The period's segments, in date order.
    pub segments: Vec<SegmentStatement>,
    /// To-date measurements, one per plan and window (year, half or quarter
    /// to date) its components use.
    pub ytd: Vec<YtdMeasurement>,
    /// One line per plan and component.
    pub lines: Vec<PeriodLine>,
    /// One per plan and plan-level stage (modifier, kicker, cap, gate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<PeriodAdjustment>,
    /// The sum of the lines' and the adjustments' amounts.
    pub earned: Decimal,
    /// The annual cap, if the plan has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<AnnualCapTrace>,
    /// Balances owed before this run, by kind.
    pub balances_before: BTreeMap<String, Decimal>,
    /// Recovered from balances in this run, by kind.
    pub recovered: BTreeMap<String, Decimal>,
    /// The draw, if the plan pays one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw: Option<DrawTrace>,
    /// Paid back to the participant because an earlier period recovered
    /// more than a re-run shows was owed.
    pub refund: Decimal,
    /// Negative true-ups carried as owed in this run.
    pub carried: Decimal,
    /// Negative true-ups written off in this run.
    pub written_off: Decimal,
    /// Balances owed after this run, by kind.
    pub balances_after: BTreeMap<String, Decimal>,
    /// What earlier runs of this period paid.
    pub previously_paid: Decimal,
    /// What this run pays.
    pub total: Decimal,
}

/// A period statement as read, before its currency takes its segments'
/// minor units (a plan's `minor_units` override is not in the code).
#[derive(Deserialize)]
struct PeriodStatementData {
    participant: String,
    #[serde(default)]
    participant_name: Option<String>,
    period: Period,
    currency: Currency,
    segments: Vec<SegmentStatement>,
    ytd: Vec<YtdMeasurement>,
    lines: Vec<PeriodLine>,
    #[serde(default)]
    adjustments: Vec<PeriodAdjustment>,
    earned: Decimal,
    #[serde(default)]
    annual_cap: Option<AnnualCapTrace>,
    balances_before: BTreeMap<String, Decimal>,
    recovered: BTreeMap<String, Decimal>,
    #[serde(default)]
    draw: Option<DrawTrace>,
    refund: Decimal,
    carried: Decimal,
    written_off: Decimal,
    balances_after: BTreeMap<String, Decimal>,
    previously_paid: Decimal,
    total: Decimal,
}

impl From<PeriodStatementData> for PeriodStatement {
    fn from(d: PeriodStatementData) -> PeriodStatement {
        // Segments' statements restore their plans' minor units from their
        // rounding; the period's currency is theirs.
        let currency = d
            .segments
            .iter()
            .map(|s| s.statement.currency)
            .chain(d.ytd.iter().map(|y| y.statement.currency))
            .find(|c| c.code() == d.currency.code())
            .unwrap_or(d.currency);
        PeriodStatement {
            participant: d.participant,
            participant_name: d.participant_name,
            period: d.period,
            currency,
            segments: d.segments,
            ytd: d.ytd,
            lines: d.lines,
            adjustments: d.adjustments,
            earned: d.earned,
            annual_cap: d.annual_cap,
            balances_before: d.balances_before,
            recovered: d.recovered,
            draw: d.draw,
            refund: d.refund,
            carried: d.carried,
            written_off: d.written_off,
            balances_after: d.balances_after,
            previously_paid: d.previously_paid,
            total: d.total,
        }
    }
}

/// A stretch of a period under one plan version.
///
/// # Errors
///
/// None: part of a [`PeriodStatement`].
///
/// # Example
///
/// A role change on 2026-02-15: demand generation for 45 of Q1's 90 days
/// (target incentive 5,000 × 45/90 = 2,500), channel marketing for the
/// other 45 (4,500 × 45/90 = 2,250).
///
/// ```
/// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let (dg, cm) = ("demand-generation", "channel-marketing");
/// let year = YearInputs::new("remy", 2026)
///     .assign(Assignment::new(dg, Date::new(2026, 1, 1)?).until(Date::new(2026, 2, 14)?))
///     .assign(Assignment::new(cm, Date::new(2026, 2, 15)?))
///     .target_from(dg, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000))
///     .target_from(cm, "channel_pipeline", Date::new(2026, 1, 1)?, dec!(4000000))
///     .period(Inputs::new("remy", dg).with_period("2026-Q1")
///         .actual("pipeline", dec!(1200000)).rating("campaign_effectiveness", dec!(3)))
///     .period(Inputs::new("remy", cm).with_period("2026-Q1")
///         .actual("channel_pipeline", dec!(2000000))
///         .rating("partner_satisfaction", dec!(4)).rating("channel_strategy", dec!(3)));
/// let (q1, _) = PlanBook::load_dir("plans")?.evaluate_period(&year, "2026-Q1", &YearState::new())?;
/// let [a, b] = &q1.segments[..] else { panic!("two segments") };
/// assert_eq!((a.plan.as_str(), a.days, a.target_incentive.to_decimal()), (dg, 45, Some(dec!(2500))));
/// assert_eq!((b.plan.as_str(), b.days, b.target_incentive.to_decimal()), (cm, 45, Some(dec!(2250))));
/// assert_eq!(a.statement.total + b.statement.total, dec!(5668.75));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SegmentStatement {
    /// The plan's id.
    pub plan: String,
    /// The plan version.
    pub plan_version: String,
    /// The first day in plan.
    pub from: Date,
    /// The last day in plan.
    pub until: Date,
    /// Days in plan (leave excluded).
    pub days: i64,
    /// Days in the period.
    pub period_days: i64,
    /// The segment's prorated target incentive, exactly.
    pub target_incentive: Exact,
    /// The plan's ramp in this period, if the participant is ramping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ramp: Option<RampTrace>,
    /// The components measured per period, evaluated with the prorated
    /// target incentive and targets (year-to-date components are under
    /// [`PeriodStatement::ytd`]).
    pub statement: Statement,
}

/// A ramp applied to a period's targets: the plan's `[year] ramp` counted
/// from the hire date.
///
/// # Errors
///
/// None: part of a [`SegmentStatement`].
///
/// # Example
///
/// Hired 2026-03-01 with `ramp = ["25%", "50%", "75%"]`, a monthly plan's
/// targets are at 25% in March (a quota of 100,000 is 25,000), 50% in
/// April. A quarterly plan's quarter is weighted by days:
///
/// ```
/// use incentive::{Assignment, Date, Inputs, Plan, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let text = std::fs::read_to_string("plans/years/demand-generation-ytd.toml")?
///     .replace("prorate_targets = true", "prorate_targets = true\nramp = [\"25%\", \"50%\", \"75%\"]")
///     .replace("measurement = \"ytd\"", "measurement = \"period\"");
/// let mut book = PlanBook::new();
/// book.insert(Plan::from_toml(&text)?)?;
/// // Hired on the plan year's first day: say so, or she is not ramped.
/// let year = YearInputs::new("dana", 2026)
///     .hired(Date::new(2026, 1, 1)?)
///     .assign(Assignment::new("demand-generation-ytd", Date::new(2026, 1, 1)?))
///     .target_from("demand-generation-ytd", "pipeline", Date::new(2026, 1, 1)?, dec!(2000000))
///     .period(Inputs::new("dana", "demand-generation-ytd")
///         .with_period("2026-Q1")
///         .actual("pipeline", dec!(1000000))
///         .rating("campaign_effectiveness", dec!(3)));
/// let (q1, _) = book.evaluate_period(&year, "2026-Q1", &YearState::new())?;
/// let ramp = q1.segments[0].ramp.unwrap();
/// assert_eq!(ramp.hired, Date::new(2026, 1, 1)?);
/// // January at 25%, February at 50%, March at 75%, by days:
/// // (31 × 25% + 28 × 50% + 31 × 75%) ÷ 90 = 45 ÷ 90.
/// assert_eq!(ramp.share.to_decimal(), Some(dec!(0.5)));
/// assert!(q1.to_string().contains("ramp: targets at 50% of full, from hire on 2026-01-01"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RampTrace {
    /// The hire date the ramp counts from ([`YearInputs::hired`](crate::YearInputs::hired),
    /// or the first assignment's start when it falls inside the plan year).
    pub hired: Date,
    /// The share of the full targets in force over the period's days,
    /// day-weighted: 0.25 in a month at 25%.
    pub share: Exact,
}

/// A plan's components measured year to date, through the period's end.
///
/// # Errors
///
/// None: part of a [`PeriodStatement`].
///
/// # Example
///
/// Q3 with the pipeline target re-based to 1,500,000 from 2026-07-01:
/// year-to-date target 2,000,000 + 2,000,000 + 1,500,000 = 5,500,000,
/// actual 5,400,000, pipeline target incentive 3 × 3,750; earned exactly
/// 120375/11, which rounds to 10,943.18.
///
/// ```
/// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let plan = "demand-generation-ytd";
/// let mut year = YearInputs::new("dana", 2026)
///     .assign(Assignment::new(plan, Date::new(2026, 1, 1)?))
///     .target_from(plan, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000))
///     .target_from(plan, "pipeline", Date::new(2026, 7, 1)?, dec!(1500000));
/// for (q, actual) in [(1, dec!(1600000)), (2, dec!(2800000)), (3, dec!(1000000))] {
///     year = year.period(Inputs::new("dana", plan).with_period(format!("2026-Q{q}"))
///         .actual("pipeline", actual).rating("campaign_effectiveness", dec!(3)));
/// }
/// let book = PlanBook::load_dir("plans/years")?;
/// let mut state = YearState::new();
/// let mut quarters = Vec::new();
/// for q in ["2026-Q1", "2026-Q2", "2026-Q3"] {
///     let (statement, next) = book.evaluate_period(&year, q, &state)?;
///     quarters.push(statement);
///     state = next;
/// }
/// let ytd = &quarters[2].ytd[0];
/// assert_eq!(ytd.through, Date::new(2026, 9, 30)?);
/// let line = ytd.statement.line("pipeline").unwrap();
/// assert!(line.measure.to_string().contains("actual 5400000 against target 5500000"));
/// assert_eq!(line.exact.parts(), Some((120375, 11)));
/// assert_eq!(quarters[2].lines[0].amount, dec!(1943.18)); // 10,943.18 − 9,000.00
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct YtdMeasurement {
    /// The plan's id.
    pub plan: String,
    /// The last day measured.
    pub through: Date,
    /// The window measured: year to date (left out of the serialized
    /// statement), half or quarter to date; the statement's period names
    /// the window's first day.
    #[serde(default = "year_to_date", skip_serializing_if = "is_year_to_date")]
    pub measurement: Measurement,
    /// The window's statement: only the components measured over it.
    pub statement: Statement,
}

fn year_to_date() -> Measurement {
    Measurement::YearToDate
}

fn is_year_to_date(m: &Measurement) -> bool {
    *m == Measurement::YearToDate
}

/// One component's settlement in a period.
///
/// # Errors
///
/// None: part of a [`PeriodStatement`].
///
/// # Example
///
/// Q4 of the year-to-date example: earned 9,375.00, paid before 9,562.50,
/// true-up −187.50: pays 0.00 and 187.50 is carried.
///
/// ```
/// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let plan = "demand-generation-ytd";
/// let mut year = YearInputs::new("dana", 2026)
///     .assign(Assignment::new(plan, Date::new(2026, 1, 1)?))
///     .target_from(plan, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000));
/// for (q, a) in [(1, dec!(1600000)), (2, dec!(2800000)), (3, dec!(1000000)), (4, dec!(600000))] {
///     year = year.period(Inputs::new("dana", plan).with_period(format!("2026-Q{q}"))
///         .actual("pipeline", a).rating("campaign_effectiveness", dec!(3)));
/// }
/// let (quarters, _) = PlanBook::load_dir("plans/years")?.evaluate_year(&year, &YearState::new())?;
/// let q4 = &quarters[3].lines[0];
/// assert_eq!((q4.earned, q4.paid_before, q4.true_up), (dec!(9375.00), dec!(9562.50), dec!(-187.50)));
/// assert_eq!((q4.amount, q4.carried), (dec!(0.00), dec!(187.50)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PeriodLine {
    /// The plan's id.
    pub plan: String,
    /// The component's id.
    pub component: String,
    /// The component's name.
    pub name: String,
    /// Per period or year to date.
    pub measurement: Measurement,
    /// What the component has earned (this period, or the year to date),
    /// exactly: the sum over the period's segments, unrounded.
    pub exact: Exact,
    /// `exact` rounded once, in the plan's rounding mode.
    pub earned: Decimal,
    /// Already settled for it: the year's earlier periods (year to date),
    /// or earlier runs of this period.
    pub paid_before: Decimal,
    /// `earned − paid_before`; may be negative.
    pub true_up: Decimal,
    /// What it pays now: the true-up, or 0 when that is negative.
    pub amount: Decimal,
    /// A negative true-up carried as owed.
    pub carried: Decimal,
    /// A negative true-up written off.
    pub written_off: Decimal,
}

/// A plan-level stage of a period (plan modifier, kicker, plan cap, plan
/// gate): the sum of that stage's adjustments over the period's segments,
/// each computed by [`Plan::evaluate`](crate::Plan::evaluate) on the
/// segment's prorated inputs. It is per-period earnings, never trued up
/// against other periods; a re-run pays only the change from what earlier
/// runs of the period settled it at. Unlike a line, it may pay a negative
/// amount (a plan cap or a failed gate cuts); only when the period's lines
/// and adjustments together would pay below zero is the shortfall carried
/// as owed or written off, as the plan says.
///
/// A kicker is a fixed amount and is not prorated: a participant in plan
/// for part of a period whose measure reaches the level is paid the whole
/// kicker. A plan cap `percent_of_target` applies to the segment's
/// prorated target incentive; a cap `amount` is not prorated.
///
/// # Errors
///
/// None: part of a [`PeriodStatement`].
///
/// # Example
///
/// Customer marketing in Q1 with net revenue retention at 110% of
/// target and the other two measures at target: the lines pay 5,600.00
/// (NRR 3,200.00, expansion 1,400.00, churn 1,000.00), the kicker 500.00,
/// under the plan cap of 8,000.
///
/// ```
/// use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let cm = "customer-marketing";
/// let year = YearInputs::new("kim", 2026)
///     .assign(Assignment::new(cm, Date::new(2026, 1, 1)?))
///     .target_from(cm, "nrr", Date::new(2026, 1, 1)?, dec!(1.0))
///     .target_from(cm, "expansion_pipeline", Date::new(2026, 1, 1)?, dec!(1000000))
///     .target_from(cm, "gross_churn", Date::new(2026, 1, 1)?, dec!(0.08))
///     .period(Inputs::new("kim", cm).with_period("2026-Q1")
///         .actual("nrr", dec!(1.1))
///         .actual("expansion_pipeline", dec!(1000000))
///         .actual("gross_churn", dec!(0.08)));
/// let (q1, _) = PlanBook::load_dir("plans")?.evaluate_period(&year, "2026-Q1", &YearState::new())?;
/// let kicker = &q1.adjustments[0];
/// assert_eq!((kicker.kind.as_str(), kicker.key.as_str()), ("kicker", "kicker:nrr_110"));
/// assert_eq!(kicker.amount, dec!(500.00));
/// assert_eq!(q1.total, dec!(6100.00));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PeriodAdjustment {
    /// The plan's id.
    pub plan: String,
    /// The stage's kind, as in [`Adjustment::kind`](crate::statement::Adjustment::kind):
    /// `plan-modifier`, `kicker`, `plan-cap` or `plan-gate`.
    pub kind: String,
    /// The key it is recorded under in the [`YearState`](crate::YearState):
    /// the kind, or `kicker:<id>` for a kicker.
    pub key: String,
    /// What the segments' adjustments say, in segment order.
    pub description: String,
    /// The period's adjustment: the sum over its segments, rounded
    /// amounts (negative when it cuts).
    pub earned: Decimal,
    /// What earlier runs of this period settled it at.
    pub paid_before: Decimal,
    /// `earned − paid_before`.
    pub true_up: Decimal,
    /// What it pays now: the true-up, raised toward 0 only when the
    /// period's lines and adjustments together would pay below zero.
    pub amount: Decimal,
    /// The part of a negative true-up carried as owed.
    pub carried: Decimal,
    /// The part of a negative true-up written off.
    pub written_off: Decimal,
}

/// The annual cap and how much of the period's earnings it let through.
///
/// # Errors
///
/// None: part of a [`PeriodStatement`].
///
/// # Example
///
/// A monthly plan capped at 8,000 a year: January earns 7,500, February
/// 1,000, of which 500 fits under the cap.
///
/// ```
/// use incentive::{Assignment, Date, Inputs, Plan, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let mut book = PlanBook::new();
/// book.insert(Plan::from_toml(r#"
///     id = "ae"
///     name = "Account executive, capped"
///     version = "1"
///     currency = "USD"
///     pay_period = "month"
///     target_incentive = { amount = 1000 }
///     year = { annual_cap = 8000 }
///     metrics.bookings = {}
///     [[components]]
///     id = "commission"
///     name = "Commission"
///     weight = 1
///     metric = "bookings"
///     target = 10000
///     tiers = { basis = "amount", mode = "marginal", bands = [[0, "10%"]] }
/// "#)?)?;
/// let mut year = YearInputs::new("ana", 2026).assign(Assignment::new("ae", Date::new(2026, 1, 1)?));
/// for (m, bookings) in [("2026-M01", dec!(75000)), ("2026-M02", dec!(10000))] {
///     year = year.period(Inputs::new("ana", "ae").with_period(m).actual("bookings", bookings));
/// }
/// let (_, state) = book.evaluate_period(&year, "2026-M01", &YearState::new())?;
/// let (feb, _) = book.evaluate_period(&year, "2026-M02", &state)?;
/// let cap = feb.annual_cap.unwrap();
/// assert_eq!((cap.earned_before, cap.room, cap.cut), (dec!(7500.00), dec!(500.00), dec!(500.00)));
/// assert_eq!(feb.total, dec!(500.00));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnnualCapTrace {
    /// The cap on the plan year's earnings.
    pub cap: Decimal,
    /// Earnings counted earlier in the year.
    pub earned_before: Decimal,
    /// What was left under the cap.
    pub room: Decimal,
    /// Earnings above the cap, not paid.
    pub cut: Decimal,
}

/// The draw and what it did this run.
///
/// # Errors
///
/// None: part of a [`PeriodStatement`].
///
/// # Example
///
/// Monthly recoverable draw 3,000, earned 1,000: `net` 1,000, `advanced`
/// 2,000 (owed).
///
/// ```
/// use incentive::{Assignment, Date, Inputs, Plan, PlanBook, YearInputs, YearState};
/// use rust_decimal_macros::dec;
///
/// let mut book = PlanBook::new();
/// book.insert(Plan::from_toml(r#"
///     id = "ae"
///     name = "Account executive with a draw"
///     version = "1"
///     currency = "USD"
///     pay_period = "month"
///     target_incentive = { amount = 3000 }
///     year = { draw = { amount = 3000, kind = "recoverable" } }
///     metrics.bookings = {}
///     [[components]]
///     id = "commission"
///     name = "Commission"
///     weight = 1
///     metric = "bookings"
///     target = 30000
///     tiers = { basis = "amount", mode = "marginal", bands = [[0, "10%"]] }
/// "#)?)?;
/// let year = YearInputs::new("drew", 2026)
///     .assign(Assignment::new("ae", Date::new(2026, 1, 1)?))
///     .period(Inputs::new("drew", "ae").with_period("2026-M01").actual("bookings", dec!(10000)));
/// let (jan, state) = book.evaluate_period(&year, "2026-M01", &YearState::new())?;
/// let draw = jan.draw.unwrap();
/// assert_eq!((draw.net, draw.advanced, draw.forgiven), (dec!(1000.00), dec!(2000.00), dec!(0)));
/// assert_eq!(jan.total, dec!(3000.00));
/// assert_eq!(state.owed("draw"), dec!(2000.00));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DrawTrace {
    /// The plan's draw.
    pub draw: Draw,
    /// The period's draw: the plan's amount, or that amount prorated for
    /// a partial period when the draw is prorated (2,500 × 16/31 =
    /// 1,290.32), rounded to the currency's minor unit.
    pub amount: Decimal,
    /// The period's earnings after recovery, over every run of it.
    pub net: Decimal,
    /// The change in the draw's top-up above net earnings in this run
    /// (negative when a re-run's earnings replace part of an earlier
    /// top-up).
    pub advanced: Decimal,
    /// The top-up forgiven: all of a positive `advanced` for a
    /// non-recoverable draw, 0 for a recoverable one (whose top-up is owed).
    pub forgiven: Decimal,
}

fn balances(f: &mut fmt::Formatter<'_>, b: &BTreeMap<String, Decimal>) -> fmt::Result {
    let owed: Vec<String> = b
        .iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if owed.is_empty() {
        f.write_str("none")
    } else {
        f.write_str(&owed.join(", "))
    }
}

fn indented(f: &mut fmt::Formatter<'_>, text: &str, by: &str) -> fmt::Result {
    for line in text.lines() {
        writeln!(f, "{by}{line}")?;
    }
    Ok(())
}

impl fmt::Display for PeriodStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.participant_name {
            Some(n) => write!(f, "period statement for {n} ({})", self.participant)?,
            None => write!(f, "period statement for {}", self.participant)?,
        }
        writeln!(f, ", {}", self.period)?;
        for (i, s) in self.segments.iter().enumerate() {
            writeln!(
                f,
                "segment {}: plan `{}` version {}, {} to {}, {} of {} days in plan, target incentive {}",
                i + 1,
                s.plan,
                s.plan_version,
                s.from,
                s.until,
                s.days,
                s.period_days,
                s.target_incentive
            )?;
            if let Some(r) = &s.ramp {
                let share = r
                    .share
                    .checked_mul(Exact::from_int(100))
                    .map_or_else(|| r.share.to_string(), |p| format!("{p}%"));
                writeln!(
                    f,
                    "  ramp: targets at {share} of full, from hire on {}",
                    r.hired
                )?;
            }
            if !s.statement.lines.is_empty() {
                indented(f, &s.statement.to_string(), "  | ")?;
            }
        }
        for y in &self.ytd {
            writeln!(
                f,
                "{} through {}, plan `{}`:",
                y.measurement, y.through, y.plan
            )?;
            indented(f, &y.statement.to_string(), "  | ")?;
        }
        writeln!(f, "lines:")?;
        for l in &self.lines {
            write!(
                f,
                "  {} `{}` ({}): earned {}",
                l.plan, l.component, l.measurement, l.earned
            )?;
            if l.exact.to_decimal() != Some(l.earned) {
                write!(f, " (exact {})", l.exact)?;
            }
            if !l.paid_before.is_zero() {
                write!(f, ", paid before {}, true-up {}", l.paid_before, l.true_up)?;
            }
            write!(f, ": pays {}", l.amount)?;
            if !l.carried.is_zero() {
                write!(f, ", {} carried as owed", l.carried)?;
            }
            if !l.written_off.is_zero() {
                write!(f, ", {} written off", l.written_off)?;
            }
            writeln!(f)?;
        }
        if !self.adjustments.is_empty() {
            writeln!(f, "adjustments:")?;
        }
        for a in &self.adjustments {
            write!(
                f,
                "  {} `{}`: {}: earned {}",
                a.plan, a.key, a.description, a.earned
            )?;
            if !a.paid_before.is_zero() {
                write!(f, ", paid before {}, true-up {}", a.paid_before, a.true_up)?;
            }
            write!(f, ": pays {}", a.amount)?;
            if !a.carried.is_zero() {
                write!(f, ", {} carried as owed", a.carried)?;
            }
            if !a.written_off.is_zero() {
                write!(f, ", {} written off", a.written_off)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "earned {}", self.earned)?;
        if let Some(c) = &self.annual_cap {
            writeln!(
                f,
                "annual cap {}: {} earned before, room {}, cut {}",
                c.cap, c.earned_before, c.room, c.cut
            )?;
        }
        for (kind, amount) in &self.recovered {
            if !amount.is_zero() {
                writeln!(f, "recovered ({kind}): -{amount}")?;
            }
        }
        if let Some(d) = &self.draw {
            write!(f, "{}", d.draw)?;
            if d.amount != d.draw.amount {
                write!(f, " ({} this period)", d.amount)?;
            }
            write!(f, ": net earnings {}", d.net)?;
            if !d.advanced.is_zero() {
                write!(f, ", draw top-up {}", d.advanced)?;
            }
            if !d.forgiven.is_zero() {
                write!(f, " ({} forgiven)", d.forgiven)?;
            }
            writeln!(f)?;
        }
        if !self.refund.is_zero() {
            writeln!(f, "refund of over-recovery: {}", self.refund)?;
        }
        if !self.previously_paid.is_zero() {
            writeln!(f, "paid for this period before: {}", self.previously_paid)?;
        }
        writeln!(f, "paid {} {}", self.total, self.currency)?;
        write!(f, "owed before: ")?;
        balances(f, &self.balances_before)?;
        write!(f, "; owed after: ")?;
        balances(f, &self.balances_after)?;
        writeln!(f)
    }
}
