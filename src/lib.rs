//! Exact incentive compensation: bonus and commission plans as TOML files,
//! payouts computed exactly and explained to the cent.
//!
//! A plan splits a role's target incentive (TI) into weighted components,
//! each with a measure (an actual against a target, a rating, or a score)
//! and a payout rule (a curve, a step table, tiered commission rates, or a
//! rating scale). A commission plan instead (or as well) pays rates on
//! transaction lines — invoice lines, meetings, credit notes — with no
//! target incentive or weights, and [`commission::CommissionLedger`] pays
//! what each period earned. [`Plan`] is the checked plan; [`Plan::evaluate`]
//! turns a participant's [`Inputs`] into a [`Statement`] whose lines are
//! the computation itself.
//!
//! ```
//! use incentive::{Inputs, Plan};
//! use rust_decimal_macros::dec;
//!
//! let plan = Plan::from_toml(r#"
//!     id = "demand-generation"
//!     name = "Demand generation and field marketing"
//!     version = "2026.1"
//!     currency = "USD"
//!     pay_period = "quarter"
//!     target_incentive = { amount = 5000 }
//!     rounding = { mode = "half-even", scope = "line" }
//!
//!     [metrics.pipeline]
//!     description = "Marketing-generated pipeline"
//!
//!     [curves.standard]
//!     points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]
//!
//!     [scales.five-point]
//!     min = 1
//!     max = 5
//!     ratings = [[1, 0], [2, 0.5], [3, 1.0], [4, 1.25], [5, 1.5]]
//!
//!     [[components]]
//!     id = "pipeline"
//!     name = "Marketing-generated pipeline"
//!     weight = "75%"
//!     metric = "pipeline"
//!     curve = "standard"
//!
//!     [[components]]
//!     id = "campaign_effectiveness"
//!     name = "Campaign effectiveness"
//!     weight = 0.25
//!     rating = "five-point"
//! "#)?;
//!
//! let dana = Inputs::new("dana", "demand-generation")
//!     .actual("pipeline", dec!(2300000))
//!     .target("pipeline", dec!(2000000))
//!     .rating("campaign_effectiveness", dec!(4));
//! let statement = plan.evaluate(&dana)?;
//! assert_eq!(statement.line("pipeline").unwrap().amount, dec!(4875.00));
//! assert_eq!(statement.line("campaign_effectiveness").unwrap().amount, dec!(1562.50));
//! assert_eq!(statement.total(), dec!(6437.50));
//! # Ok::<(), incentive::Error>(())
//! ```
//!
//! # How it computes
//!
//! - **Exact.** Every number in a plan or data file is read as the decimal
//!   it spells: `0.1` is one tenth, with or without quotes; `"75%"` is
//!   `0.75`. Nothing passes through binary floating point, parsing
//!   included.
//! - **Divide last, round once.** Attainment, interpolation and weights are
//!   kept as exact fractions ([`Exact`]); only the final amount is rounded,
//!   to the currency's minor unit, in the plan's [`RoundingMode`], per line
//!   or on the total ([`RoundingScope`]). Rita's pipeline line in the
//!   demand-generation plan is exactly `4500.005` and rounds half-even to
//!   `4500.00`; an engine that divides first gets `4500.0050…01` and pays
//!   a cent more.
//! - **Boundaries are exact.** An actual of exactly 50% of target is at a
//!   50% threshold; each tier band starts at its lower bound, inclusive.
//! - **Never wrong silently.** A missing actual is an error, never a zero;
//!   unknown fields in plan and data files are errors; every error names
//!   the file, line, participant, component and field ([`ErrorDetails`]).
//!   Fractions are computed in 128 bits, and in 256 where a value does
//!   not fit; values too large for exact 256-bit fractions are an
//!   [`Error::Overflow`], never a rounded guess.
//!
//! # Decimals
//!
//! Amounts, rates and inputs are [`Decimal`]s of `rust_decimal` 1.43,
//! re-exported here together with a [`dec!`] literal macro, so that
//! `cargo add incentive` is the only dependency a user needs:
//!
//! ```
//! use incentive::{Decimal, Inputs, dec};
//!
//! let dana = Inputs::new("dana", "demand-generation").actual("pipeline", dec!(2300000));
//! let pipeline: Decimal = dana.actuals()["pipeline"];
//! assert_eq!(pipeline, dec!(2_300_000.00));
//! ```
//!
//! # Architecture
//!
//! Data flows one way, and the modules depend on each other the same way
//! (`tests/modules.rs` checks that there is no cycle):
//!
//! ```text
//! plan file ─parse─▶ spec ─validate─▶ plan (checked) ─compile─▶ program
//!   inputs ─▶ run(program, inputs, recorder) ─▶ Payout (amounts only)
//!                                            └▶ Statement (explained)
//! ```
//!
//! - **spec → plan.** The file's serde shape is checked once, when a
//!   [`Plan`] is built: every rule on plan structure, with errors that
//!   point at the line. The checked parts are in [`plan`].
//! - **plan → program.** Loading ends by compiling the plan into one
//!   immutable program (names resolved to indices, constants as exact
//!   fractions, plan stages in order, the input columns it reads). A
//!   `Plan` is its checked definition together with that program.
//! - **program → run → statement.** One interpreter evaluates every rule;
//!   a recorder decides whether the explanation is written down as it
//!   computes. Recording nothing gives a [`Payout`]; the explaining
//!   recorder gives a [`Statement`], whose lines and traces
//!   ([`statement`]) are the computation itself.
//! - **routes.** Every route runs the same program, so none can disagree:
//!   [`Plan::evaluate`] and [`PlanSet`]; [`PreparedPlan`] batches and the
//!   analyses in [`simulate`]; plan years in [`year`]; crediting in
//!   [`credit`], commission settlement in [`commission`] and clawbacks in
//!   [`clawback`]; the [`lint`]'s probes; an inputs CSV streamed to payroll
//!   (`csv::stream_payroll`, feature `csv`).
//!
//! The crate root holds what a user starts from; the rest lives in named
//! modules:
//!
//! | module | holds |
//! |---|---|
//! | [`plan`] | a plan's parts: [`Component`](plan::Component), [`Commission`](plan::Commission), caps, directions, the year policy |
//! | [`payout`] | payout rules (curve, step table, tiers, rating scale, bonus matrix) and their traces |
//! | [`statement`] | the statement's lines, adjustments and traces, credit trails, clawbacks |
//! | [`simulate`] | prepared plans, batches, what-if, goal seek, comparison, Monte Carlo |
//! | [`year`] | the plan year: calendars, assignments, proration, true-ups, draws, state |
//! | [`credit`] | transactions and their lines (attributes, credit notes, collections), splits, overlays, the reporting hierarchy |
//! | [`commission`] | what commission periods pay: on collection, deferred, negative totals carried, recovery, clawbacks by band |
//! | [`clawback`] | what was paid per deal, and reversing it on cancellation |
//! | [`payroll`] | statements flattened to one row per amount paid |
//! | [`lint`] | what validity does not catch: cliffs, caps below target, … |
//! | [`docs`] | the guides: the plan file, a cookbook, data in and out |
//! | `csv`, `schema` | (features) CSV inputs and payroll; the plan file's JSON Schema |
//! | `import` | (feature `csv`) import profiles: a CRM or HRIS export's columns mapped to inputs or transactions |
//!
//! # The plan file
//!
//! Top-level keys: `id`, `name`, `version`, `description` (optional),
//! `currency` (ISO code; `minor_units` overrides its decimal places),
//! `pay_period` (`week`, `biweek`, `semi-month`, `month`, `quarter`,
//! `half`, `year`, `custom`), `target_incentive` (one of `amount` per period,
//! `annual`, `percent_of_base` of the annual `base_salary` given with the
//! inputs, or `ote` with a `mix` such as
//! `"60/40"`; optionally an annual `quota`, for the implied commission
//! rate, and `period_weights`, each period's share of the year; a
//! participant's `target_incentive`, `ote`, `mix` or `target_percent`
//! inputs override it; needed with `[[components]]`, and a plan of
//! `[[commissions]]` only has none), `rounding` (`mode`: `half-up`
//! (default), `half-even`, `down`, `up`; `scope`: `line` (default) or
//! `total`), an optional plan `cap` (`percent_of_target` or `amount`),
//! `adjustments` (`"outside-cap"`, the default, or `"inside-cap"`: where
//! the inputs' manual adjustments sit), and `negative` (`"carry"`, the
//! default, or `"pay"`: what a negative commission period does when
//! settled).
//!
//! - `[metrics.NAME]`: an input metric, or `ratio = { numerator = "won",
//!   denominator = "opportunities" }` for a derived one.
//! - `[curves.NAME]`: `points = [[attainment, payout], …]` increasing
//!   (two points at one attainment are a jump: the later holds there);
//!   below the first point pays 0; at or past the last pays the last point
//!   unless `extrapolate = true`.
//! - `[scales.NAME]`: `min`, `max`, `step` (default 1) and a payout for
//!   every rating: `ratings = [[1, 0], [2, 0.5], …]`; or, for named
//!   ratings, `labels = [["below", "0%"], ["meets", "100%"], …]`, lowest
//!   first (the inputs give `labels.COMPONENT = "meets"`).
//! - `[[components]]`: `id`, `name`, `weight` (weights sum to exactly
//!   100%), one measure — `metric` (with optional fixed `target`,
//!   `direction = "lower-is-better"` and `formula = "target-over-actual"`
//!   or `"two-minus-actual-over-target"`), `rating = "SCALE"`, or
//!   `score = { min, max }` (with `of = [["part", "40%"], …]`, the weighted
//!   sum of the parts' ratings, weights adding up to exactly 100%) — and,
//!   unless rated, one rule: `curve = "NAME"`,
//!   `steps = [[attainment, payout], …]`, `tiers = { basis =
//!   "attainment" | "amount", mode = "marginal" | "retroactive", bands =
//!   [[from, rate], …] }`, or `multipliers = { mode, bands = [[from,
//!   multiplier], …] }` of target incentive per attainment slice; `bounds
//!   = "exclusive"` starts bands and steps just above their bounds. A
//!   metric may be measured from a `baseline` to its target (the goal).
//!   Instead of a `weight` a component may have its own `amount`, and
//!   `pays = "target"` makes it a fixed part with no measure. An optional
//!   `cap` limits the component.
//!
//!   A component may also name a `gate` and a `modifier` (below).
//!
//!   A component may instead be a bonus matrix, paid from two measures'
//!   attainments: `matrix = { rows = "MEASURE", columns = "MEASURE", mode
//!   = "steps" | "bilinear", below_first = "zero" | "first-point",
//!   row_bounds, column_bounds, values = [[…], …] }`, which is its
//!   measure and its rule.
//! - `[[commissions]]`: `id`, `name`, `metric` (the transactions' metric
//!   whose lines are paid), optional `lines` (`"credited"` or `"reports"`
//!   for a manager's override), `where` (attributes a line must have),
//!   `basis` (`"amount"`, `"quantity"` for a rate per unit, `"margin"`),
//!   `per` (`"line"` or `"total"`), `rounding`, `payment` (`"booked"` or
//!   `"collected"`) and `schedule` (`[[months, share], …]`, shares adding
//!   up to exactly 100%), and one rule: `rate`, `rates` (a rate card of
//!   `product` / `category` / `attributes` rules: the product beats a
//!   category, a deeper category its parent, more attributes fewer, and
//!   the default comes last), `tiers = { mode, bands }` on the period's
//!   total, or `cascade = [level rates]`. Credit notes pay back at their
//!   original line's rate.
//! - `[measures.NAME]`: a quantitative measure that is not paid itself
//!   (company revenue, say): `metric`, optional `target`, `direction`,
//!   `formula`. Its target comes from the inputs' `targets.NAME`.
//! - `[gates.NAME]`: `measure` (a quantitative component or a measure) and
//!   `at_least` (inclusive) or `above` (strict), or `rating` (a component rated on a labelled
//!   scale) and `in` (the labels that let it hold). A component with
//!   `gate = "NAME"` pays nothing when the gate fails; a plan-level
//!   `gate = "NAME"` zeroes the plan.
//! - `[modifiers.NAME]`: `measure`, `curve` (a named curve from attainment
//!   to a multiplier) and `below_first` (`"zero"` or `"first-point"`). A
//!   component's `modifier` multiplies its payout before its cap; a
//!   plan-level `modifier` multiplies the plan total.
//! - `[[kickers]]`: `id`, `name`, `measure`, `at_least` (or `above`), `amount`: a fixed
//!   amount added when the measure's attainment is at least the level.
//! - `clawback = { window_days = 90 }`: cancellations within the window
//!   (from booking, inclusive) reverse what was paid; `clawback = { bands =
//!   [[0, "100%"], [91, "50%"], [181, "0%"]] }` claws back a share by days
//!   from booking ([`ClawbackLedger`](clawback::ClawbackLedger),
//!   [`CommissionLedger`](commission::CommissionLedger)).
//! - A metric's `transactions = "bookings"` names the transactions' metric
//!   it counts when credited.
//! - `[year]` (optional): the plan's rules for a plan year, used by
//!   [`PlanBook::evaluate_period`] and ignored by [`Plan::evaluate`]:
//!   `fiscal_start_month` (1–12, default 1: the plan year starts on the
//!   first of that month), `negative_true_up` (`"carry"`, the default: a
//!   negative true-up pays 0 and becomes a balance owed, recovered from
//!   later payouts; or `"write-off"`), `prorate_targets` (default `false`;
//!   `true` prorates the targets of input metrics by days in plan, like
//!   the target incentive; ratio targets never are), `annual_cap` (the
//!   most the plan year's earnings pay), `draw = { amount, kind =
//!   "recoverable" | "non-recoverable", max_recovery_per_period }` (a
//!   minimum paid each period; a recoverable draw's top-up is owed and
//!   recovered from earnings above the draw, at most
//!   `max_recovery_per_period` a period; `prorate = true` prorates a
//!   partial period's draw, `recover_from_period = N` defers recovery to
//!   period N), `proration = { method = "days" | "factor" | "daily-rate" |
//!   "months", places, days_in_year = 365 | "actual", count = "inclusive" |
//!   "end-minus-start" }` (how a partial period is prorated; default exact
//!   days), and `effective_from` /
//!   `effective_until` (dates, both included: the days this plan version
//!   is in effect). A plan that measures a component year to date may
//!   have a plan `cap`: it bounds each period's payment.
//! - A component's `measurement`: `"period"` (the default: the period's
//!   actual against the period's target) or `"ytd"` (year to date: the
//!   sum of the year's actuals against the sum of its targets, paying what
//!   that earns minus what was already paid for the component; a ratio's
//!   target is averaged, not summed).
//!
//! Order of evaluation: each line pays rule → modifier → cap → gate; then
//! the plan applies its modifier, kickers, cap and gate to the running
//! total, each shown as an adjustment, so lines and adjustments add up to
//! the total.
//!
//! The shipped plans under `plans/` are complete examples
//! (`plans/years/demand-generation-ytd.toml` measures pipeline year to
//! date); the [plan file reference](docs::plan_file) describes every field
//! with an example each.
//!
//! # Inputs
//!
//! [`Inputs`] carries `actuals` by metric, `targets` by component or
//! measure, `ratings` (and scores) by component or by part of a weighted
//! score, and `labels` by component. From files, a TOML
//! list of `[[participants]]` ([`Inputs::list_from_toml`]); from other
//! formats, serde with numbers as strings; from CSV exports,
//! `incentive::csv` (feature `csv`).
//!
//! # Crediting
//!
//! Actuals can come from transactions instead: [`Credits::build`] credits
//! a period's [`Transaction`]s by splits and overlays and rolls split
//! credits up an effective-dated hierarchy of
//! [`ReportingLine`](credit::ReportingLine)s; inputs name a metric's
//! [`CreditSource`] (`credited`, `team`, `team:ID`, `company`) and
//! [`Credits::evaluate`] puts the credit trail on the statement. For
//! commission plans it adds the participant's transaction lines
//! ([`Credits::lines`]: attributes, quantity, cost, credit notes with
//! their originals), and [`Credits::evaluate_all`] evaluates managers'
//! overrides after their reports.
//!
//! # Guides
//!
//! - [`docs::plan_file`]: the plan file, every field with an example.
//! - [`docs::cookbook`]: the seed role plans, accelerators and
//!   decelerators, marginal against retroactive tiers, step tables,
//!   lower-is-better measures, an executive bonus matrix, and commission
//!   plans: a rate card with
//!   credit notes, per-unit rates with an accelerator, margin, pay on
//!   collection, deferred schedules, clawback bands, overrides, cascades.
//! - [`docs::data`]: CSV and JSON inputs, transactions, credit notes and
//!   collections, statements as JSON, payroll CSV.
//! - [`docs::lint_and_schema`]: the plan lint ([`lint`]) and the plan
//!   file's JSON Schema for editors.
//!
//! # Data in and out
//!
//! Statements serialize to JSON with every amount a decimal string, and
//! read back to the same statement; so do plan-year statements, payroll
//! rows and the results in [`simulate`] (what-if rows, goal-seek answers,
//! comparisons, simulation reports).
//! [`payroll_rows`] flattens statements into one row per amount paid
//! (participant, period, plan, component, amount, currency), adjustments
//! such as the plan cap included, so the rows of a statement add up
//! exactly to its total; `csv::write_payroll` writes them as CSV.
//!
//! # Plan lint
//!
//! [`lint::lint`] finds what validity does not: retroactive tiers and step
//! tables with cliffs (and how much one more unit of actual pays), rules
//! that pay less for more, caps below target, components that can never
//! pay, and a qualitative share above policy. `incentive lint plans/` (the
//! command in `cli/`) lints a folder.
//!
//! # Features
//!
//! | feature | adds | dependencies |
//! |---|---|---|
//! | `csv` | `incentive::csv`: inputs, transactions and collections from CSV, payroll and inputs to CSV | `csv` |
//! | `schema` | `incentive::schema`: the plan file's JSON Schema | `schemars`, `serde_json` |
//! | `json` | plan-year, year-state and simulation files as JSON (`year::read_year_file_json`, `YearState::to_json` and `from_json`, `SimulationFile::from_json`); JSON numbers in inputs read exactly from their text (`9.5`) | `serde_json` with `arbitrary_precision` |
//! | `chrono`, `time`, `jiff` | `Date` from and to each crate's date (`TryFrom` both ways) | `chrono`, `time`, `jiff` |
//!
//! None of these is on by default (plan-year and simulation files in TOML
//! need no feature); the engine, JSON (through serde), payroll
//! rows and the lint need no feature.

//!
//! # Plan years
//!
//! [`PlanBook::evaluate_period`] evaluates one period of a participant's
//! plan year ([`YearInputs`]: [`Assignment`]s to plans with dates, leaves,
//! target schedules, each period's data) given what earlier runs paid
//! ([`YearState`], a plain value the caller stores), and returns a
//! [`PeriodStatement`] and the new state. Periods are closed date ranges
//! with exact day counts ([`Calendar`](year::Calendar)); the target
//! incentive is prorated by calendar days in plan; a role, plan-version or
//! target change inside a period splits it into segments summed on one
//! statement; components measured year to date are trued up; balances
//! owed, draws and the annual cap apply last. Running a period again pays
//! only the difference.
//!
//! ```
//! use incentive::{Assignment, Date, Inputs, PlanBook, YearInputs, YearState};
//! use rust_decimal_macros::dec;
//!
//! let book = PlanBook::load_dir("plans/years")?;
//! let plan = "demand-generation-ytd";
//! let mut year = YearInputs::new("dana", 2026)
//!     .assign(Assignment::new(plan, Date::new(2026, 1, 1)?))
//!     .target_from(plan, "pipeline", Date::new(2026, 1, 1)?, dec!(2000000));
//! for (q, actual) in [(1, dec!(1600000)), (2, dec!(2800000)), (3, dec!(1000000)), (4, dec!(600000))] {
//!     year = year.period(Inputs::new("dana", plan).with_period(format!("2026-Q{q}"))
//!         .actual("pipeline", actual)
//!         .rating("campaign_effectiveness", dec!(3)));
//! }
//! let (quarters, state) = book.evaluate_year(&year, &YearState::new())?;
//! let pipeline: Vec<_> = quarters.iter().map(|q| q.lines[0].amount).collect();
//! assert_eq!(pipeline, [dec!(2625.00), dec!(6375.00), dec!(562.50), dec!(0.00)]);
//! assert_eq!(quarters[3].lines[0].carried, dec!(187.50)); // YTD 75%: 9,375.00 earned, 9,562.50 paid
//! assert_eq!(state.owed("true-up"), dec!(187.50));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

//! # Simulation
//!
//! [`Plan::prepare`] gives a [`PreparedPlan`] for batches: the plan's one
//! compiled program run without explanations (nothing allocated per
//! participant, [`Explain`], [`Payout`]) or with them, so the amounts are
//! those of [`Plan::evaluate`] to the byte because they are computed by the
//! same code. On top of it, in [`simulate`]: [`what_if`] tables over an
//! attainment or rating grid, [`goal_seek`] for the actual that earns an
//! amount (or a clear
//! [`GoalSeek::Unreachable`](simulate::GoalSeek::Unreachable)),
//! [`Comparison`](simulate::Comparison) of two plans or versions over the
//! same participants, and, with the default feature `simulate`, seeded
//! Monte Carlo cost models ([`Simulation`],
//! [`Distribution`](simulate::Distribution)) whose report is the same byte
//! for byte serial or parallel (feature `parallel`).
//!
//! ```
//! use incentive::{Inputs, Plan, goal_seek};
//! use rust_decimal_macros::dec;
//!
//! let plan = Plan::load("plans/demand-generation.toml")?;
//! let dana = Inputs::new("dana", "demand-generation")
//!     .actual("pipeline", dec!(2300000))
//!     .target("pipeline", dec!(2000000))
//!     .rating("campaign_effectiveness", dec!(4));
//! // What pipeline earns Dana 6,000? The smallest cent whose exact payout reaches it.
//! let seek = goal_seek(&plan, &dana, "pipeline", dec!(6000), dec!(0.01))?;
//! assert_eq!(seek.actual(), Some(dec!(2183333.34)));
//! # Ok::<(), incentive::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod date;
mod dec;
mod error;
mod evaluate;
mod exact;
mod id;
mod inputs;
mod manual;
mod money;
mod number;
mod program;
mod rounding;
mod source;

pub mod clawback;
pub mod commission;
pub mod credit;
#[cfg(feature = "csv")]
pub mod csv;
pub mod docs;
#[cfg(feature = "csv")]
pub mod import;
pub mod lint;
pub mod payout;
pub mod payroll;
pub mod plan;
#[cfg(feature = "schema")]
pub mod schema;
pub mod simulate;
pub mod statement;
pub mod year;

// The README's Monte Carlo example needs the default feature `simulate`.
#[cfg(all(doctest, feature = "simulate"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The decimal type of every amount, rate and input: `rust_decimal`'s
/// [`Decimal`] (version 1.43), re-exported so that
/// users of this crate need no other dependency; [`dec!`] writes one.
///
/// # Example
///
/// ```
/// use incentive::{Decimal, dec};
///
/// let tenth: Decimal = "0.1".parse()?;
/// assert_eq!(tenth * dec!(3), dec!(0.3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use rust_decimal::Decimal;

/// For [`dec!`]'s expansion only; not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::dec::parse_dec;
}

pub use credit::{Credits, Transaction};
pub use date::Date;
pub use error::{Error, ErrorDetails, ErrorKind, IoSource, Result};
pub use evaluate::{Evaluated, Plan, PlanSet, Rejected};
pub use exact::Exact;
pub use inputs::{CreditSource, Inputs};
pub use manual::ManualAdjustment;
pub use money::{Currency, CurrencyError};
pub use payroll::payroll_rows;
pub use plan::{PayPeriod, TargetIncentive};
pub use rounding::{Rounding, RoundingMode, RoundingScope};
#[cfg(feature = "simulate")]
pub use simulate::Simulation;
pub use simulate::{Explain, Payout, PreparedPlan, goal_seek, what_if};
pub use statement::{Line, Statement};
pub use year::{Assignment, PeriodStatement, PlanBook, YearInputs, YearState};
