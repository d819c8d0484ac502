//! The plan-year file: many participants' plan years in one TOML or JSON
//! file, read into [`YearInputs`].
//!
//! A file holds a `participants` list; each participant has:
//!
//! - `id` (required), `name`, `year` (required: the calendar year the plan
//!   year starts in) and `hired` (the hire date a plan's ramp counts from,
//!   [`YearInputs::hired`]);
//! - `assignments`: `plan`, `from`, optional `until`, and the
//!   assignment's own pay terms `target_incentive`, `base_salary`, `ote`,
//!   `mix` (`"60/40"`), `target_percent` and `quota` ([`Assignment`]);
//! - `leaves`: `from` and `until`, both included;
//! - `targets`: target schedule entries, `plan`, `component`, `from`,
//!   optional `until` and `amount` (a target a period, [`TargetEntry`]);
//! - `periods`: each period's inputs for one plan, in the shape of an
//!   entry of an inputs file (`plans/samples/participants.toml`, see
//!   [`Inputs`]) with `period` (the label, such as `2026-Q1`) and `plan`
//!   required; `participant` may be left out, and is the participant's
//!   `id` when given.
//!
//! Dates are written `2026-03-16` (a TOML date, or a string). Amounts are
//! exact: integers, TOML decimals read from their text, or strings
//! (`"2625.50"`, `"75%"`); a JSON number is read exactly from its text
//! (`0.1` is 0.1). Unknown fields are errors; every error
//! names the file (the `origin` given), the line and column where the
//! format gives one, the participant and the field.
//!
//! ```toml
//! [[participants]]
//! id = "remy"
//! name = "Remy"
//! year = 2026
//!
//! [[participants.assignments]]
//! plan = "demand-generation"
//! from = 2026-01-01
//! until = 2026-02-14
//!
//! [[participants.assignments]]
//! plan = "channel-marketing"
//! from = 2026-02-15
//!
//! [[participants.leaves]]
//! from = 2026-08-01
//! until = 2026-08-31
//!
//! [[participants.targets]]
//! plan = "demand-generation"
//! component = "pipeline"
//! from = 2026-01-01
//! amount = 2000000
//!
//! [[participants.periods]]
//! period = "2026-Q1"
//! plan = "demand-generation"
//! actuals = { pipeline = 1200000 }
//! ratings = { campaign_effectiveness = 3 }
//! ```
//!
//! The same in JSON (feature `json`):
//!
//! ```json
//! {"participants": [{"id": "remy", "name": "Remy", "year": 2026,
//!   "assignments": [{"plan": "demand-generation", "from": "2026-01-01", "until": "2026-02-14"},
//!                   {"plan": "channel-marketing", "from": "2026-02-15"}],
//!   "leaves": [{"from": "2026-08-01", "until": "2026-08-31"}],
//!   "targets": [{"plan": "demand-generation", "component": "pipeline",
//!                "from": "2026-01-01", "amount": 2000000}],
//!   "periods": [{"period": "2026-Q1", "plan": "demand-generation",
//!                "actuals": {"pipeline": 1200000},
//!                "ratings": {"campaign_effectiveness": 3}}]}]}
//! ```
//!
//! `plans/samples/year-examples.toml` (and its twin `year-examples.json`)
//! holds the plan-year worked examples.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::inputs::{Assignment, TargetEntry, YearInputs};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::inputs::{CreditSource, Inputs, TransactionLine};
use crate::manual::ManualAdjustment;
use crate::number;
use crate::plan::Mix;
use crate::source::{self, as_input, named_field};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    participants: Vec<ParticipantDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantDoc {
    #[serde(deserialize_with = "crate::id::de_participant")]
    id: String,
    #[serde(default, deserialize_with = "crate::id::de_opt_name")]
    name: Option<String>,
    year: i32,
    #[serde(default)]
    hired: Option<Date>,
    #[serde(default)]
    assignments: Vec<AssignmentDoc>,
    #[serde(default)]
    leaves: Vec<LeaveDoc>,
    #[serde(default)]
    targets: Vec<TargetDoc>,
    #[serde(default)]
    periods: Vec<PeriodDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentDoc {
    #[serde(deserialize_with = "crate::id::de_plan")]
    plan: String,
    from: Date,
    #[serde(default)]
    until: Option<Date>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    target_incentive: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    base_salary: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    ote: Option<Decimal>,
    #[serde(default)]
    mix: Option<Mix>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    target_percent: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    quota: Option<Decimal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeaveDoc {
    from: Date,
    until: Date,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetDoc {
    #[serde(deserialize_with = "crate::id::de_plan")]
    plan: String,
    component: String,
    from: Date,
    #[serde(default)]
    until: Option<Date>,
    #[serde(deserialize_with = "number::decimal")]
    amount: Decimal,
}

/// One period's inputs: the fields of [`Inputs`], the participant
/// optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodDoc {
    #[serde(default, deserialize_with = "crate::id::de_opt_participant")]
    participant: Option<String>,
    #[serde(default, deserialize_with = "crate::id::de_opt_name")]
    name: Option<String>,
    #[serde(deserialize_with = "crate::id::de_plan")]
    plan: String,
    #[serde(deserialize_with = "crate::id::de_period")]
    period: String,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    target_incentive: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    base_salary: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    target_percent: Option<Decimal>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    ote: Option<Decimal>,
    #[serde(default)]
    mix: Option<Mix>,
    #[serde(default, deserialize_with = "number::opt_decimal")]
    quota: Option<Decimal>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    actuals: BTreeMap<String, Decimal>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    targets: BTreeMap<String, Decimal>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    ratings: BTreeMap<String, Decimal>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    sources: BTreeMap<String, CreditSource>,
    #[serde(default)]
    lines: Vec<TransactionLine>,
    #[serde(default)]
    adjustments: Vec<ManualAdjustment>,
}

/// Reads a plan-year file written in TOML (see the [module
/// docs](self) for the format) into one [`YearInputs`] a participant, in
/// file order. `origin` names the file in errors.
///
/// # Errors
///
/// [`Error::Input`] naming `origin`, the line and column, the participant
/// and the field for bad syntax, an unknown or missing field, a bad date
/// or amount; for a participant listed twice for one plan year; and for a
/// period whose `participant` is not the participant's `id`.
///
/// # Example
///
/// ```
/// use incentive::year::read_year_file_toml;
/// use incentive::{Date, PlanBook, YearState};
/// use rust_decimal_macros::dec;
///
/// let years = read_year_file_toml(
///     r#"
///     [[participants]]
///     id = "hana"
///     year = 2026
///     assignments = [{ plan = "demand-generation", from = 2026-02-15 }]
///     targets = [{ plan = "demand-generation", component = "pipeline", from = 2026-01-01, amount = 2000000 }]
///     [[participants.periods]]
///     period = "2026-Q1"
///     plan = "demand-generation"
///     actuals = { pipeline = 1150000 }
///     ratings = { campaign_effectiveness = 4 }
///     "#,
///     "hana.toml",
/// )?;
/// assert_eq!(years[0].assignments()[0].from_date(), Date::new(2026, 2, 15)?);
/// let book = PlanBook::load_dir("plans")?;
/// let (q1, _) = book.evaluate_period(&years[0], "2026-Q1", &YearState::new())?;
/// assert_eq!(q1.total, dec!(3218.75));
///
/// let err = read_year_file_toml("[[participants]]\nid = 'x'\nyear = 2026\nhried = 2026-01-01\n", "y.toml")
///     .unwrap_err();
/// assert_eq!(err.details().line, Some(4));
/// assert_eq!(err.details().participant.as_deref(), Some("x"));
/// assert_eq!(err.details().field.as_deref(), Some("participants[0].hried"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_year_file_toml(text: &str, origin: &str) -> Result<Vec<YearInputs>> {
    let doc: FileDoc =
        source::from_toml_nested(text, "participants", "id", |e, id| e.with_participant(id))
            .map_err(|e| named_field(as_input(e)).in_file(Some(origin)))?;
    build(doc).map_err(|e| e.in_file(Some(origin)))
}

/// Reads a plan-year file written in JSON (feature `json`): the same
/// fields as [`read_year_file_toml`], dates as strings, amounts as
/// integers or strings.
///
/// # Errors
///
/// As [`read_year_file_toml`]; the line and column are `serde_json`'s, and
/// the participant is the nearest `"id"` before the error.
///
/// # Example
///
/// ```
/// use incentive::year::read_year_file_json;
///
/// let years = read_year_file_json(
///     r#"{"participants": [{"id": "dana", "year": 2026,
///        "assignments": [{"plan": "demand-generation", "from": "2026-01-01"}],
///        "periods": [{"period": "2026-Q1", "plan": "demand-generation",
///                     "actuals": {"pipeline": "2300000.00"}}]}]}"#,
///     "dana.json",
/// )?;
/// assert_eq!(years[0].periods()[0].participant(), "dana");
///
/// let err = read_year_file_json(
///     r#"{"participants": [{"id": "dana", "year": 2026, "leaves": [{"from": "2026-02-30", "until": "2026-03-01"}]}]}"#,
///     "dana.json",
/// )
/// .unwrap_err();
/// assert_eq!(err.details().participant.as_deref(), Some("dana"));
/// assert_eq!(err.details().line, Some(1));
/// # Ok::<(), incentive::Error>(())
/// ```
#[cfg(feature = "json")]
pub fn read_year_file_json(text: &str, origin: &str) -> Result<Vec<YearInputs>> {
    let doc: FileDoc = source::json_from_str(text, origin, "id", 3)?;
    build(doc).map_err(|e| e.in_file(Some(origin)))
}

/// Reads a plan-year file from disk: JSON when its name ends in `.json`
/// (feature `json`), TOML otherwise. Errors name the path as given.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; [`Error::Input`] for a
/// JSON file without feature `json`; otherwise as
/// [`read_year_file_toml`].
///
/// # Example
///
/// ```
/// let years = incentive::year::load_year_file("plans/samples/year-examples.toml")?;
/// assert_eq!(years[0].participant(), "dana");
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn load_year_file(path: impl AsRef<Path>) -> Result<Vec<YearInputs>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::source::read_text(path, &name)?;
    if path.extension().is_some_and(|x| x == "json") {
        #[cfg(feature = "json")]
        return read_year_file_json(&text, &name);
        #[cfg(not(feature = "json"))]
        return Err(Error::input(
            "is a JSON file; reading JSON needs the crate feature `json`, or write the file as TOML",
        )
        .in_file(Some(&name)));
    }
    read_year_file_toml(&text, &name)
}

fn build(doc: FileDoc) -> Result<Vec<YearInputs>> {
    let mut seen = std::collections::BTreeSet::new();
    for (i, p) in doc.participants.iter().enumerate() {
        if !seen.insert((p.id.as_str(), p.year)) {
            return Err(Error::input(format!(
                "participant `{}` has plan year {} twice; give each participant one entry a plan year, with all its assignments and periods",
                p.id, p.year
            ))
            .with_participant(&p.id)
            .with_field(format!("participants[{i}].id")));
        }
    }
    doc.participants.into_iter().map(participant).collect()
}

fn participant(p: ParticipantDoc) -> Result<YearInputs> {
    let mut year = YearInputs::new(&p.id, p.year);
    if let Some(name) = &p.name {
        year = year.with_name(name);
    }
    if let Some(hired) = p.hired {
        year = year.hired(hired);
    }
    for a in p.assignments {
        year = year.assign(assignment(a));
    }
    for l in p.leaves {
        year = year.leave(l.from, l.until);
    }
    for t in p.targets {
        year = year.target_entry(
            t.plan,
            t.component,
            TargetEntry {
                from: t.from,
                until: t.until,
                amount: t.amount,
            },
        );
    }
    for (i, d) in p.periods.into_iter().enumerate() {
        year = year.period(period(&p.id, i, d)?);
    }
    Ok(year)
}

fn assignment(a: AssignmentDoc) -> Assignment {
    let mut out = Assignment::new(a.plan, a.from);
    if let Some(u) = a.until {
        out = out.until(u);
    }
    if let Some(v) = a.target_incentive {
        out = out.with_target_incentive(v);
    }
    if let Some(v) = a.base_salary {
        out = out.with_base_salary(v);
    }
    if let Some(v) = a.ote {
        out = out.with_ote(v);
    }
    if let Some(v) = a.mix {
        out = out.with_mix(v);
    }
    if let Some(v) = a.target_percent {
        out = out.with_target_percent(v);
    }
    if let Some(v) = a.quota {
        out = out.with_quota(v);
    }
    out
}

fn period(id: &str, index: usize, d: PeriodDoc) -> Result<Inputs> {
    if let Some(other) = d.participant.as_deref().filter(|p| *p != id) {
        return Err(Error::input(format!(
            "names participant `{other}`; a period belongs to the participant it is listed under, so leave `participant` out or write `{id}`"
        ))
        .with_participant(id)
        .with_plan(&d.plan)
        .with_field(format!("periods[{index}].participant")));
    }
    let mut out = Inputs::new(id, d.plan).with_period(d.period);
    if let Some(v) = d.name {
        out = out.with_name(v);
    }
    if let Some(v) = d.target_incentive {
        out = out.with_target_incentive(v);
    }
    if let Some(v) = d.base_salary {
        out = out.with_base_salary(v);
    }
    if let Some(v) = d.target_percent {
        out = out.with_target_percent(v);
    }
    if let Some(v) = d.ote {
        out = out.with_ote(v);
    }
    if let Some(v) = d.mix {
        out = out.with_mix(v);
    }
    if let Some(v) = d.quota {
        out = out.with_quota(v);
    }
    for (k, v) in d.actuals {
        out = out.actual(k, v);
    }
    for (k, v) in d.targets {
        out = out.target(k, v);
    }
    for (k, v) in d.ratings {
        out = out.rating(k, v);
    }
    for (k, v) in d.labels {
        out = out.label(k, v);
    }
    for (k, v) in d.sources {
        out = out.source(k, v);
    }
    for l in d.lines {
        out = out.line(l);
    }
    for a in d.adjustments {
        out = out.adjustment(a.name, a.amount, a.reason);
    }
    Ok(out)
}
