//! CSV in and out: participants' inputs from a CRM or HRIS export,
//! transaction lines and payments collected from a CRM or ERP export,
//! payroll rows to a payroll system. Behind the `csv` feature.
//!
//! # The inputs file
//!
//! One row per participant, plan and period; a header row names the
//! columns, in any order:
//!
//! | column | holds | required |
//! |---|---|---|
//! | `participant` | the participant's id | yes |
//! | `plan` | the plan's id | yes |
//! | `name` | the participant's display name | no |
//! | `period` | the period label, such as `2026-Q1` | no |
//! | `target_incentive` | this participant's target incentive per period | no |
//! | `base_salary` | annual base salary (percent-of-base plans) | no |
//! | `target_percent` | the annual target incentive as a percent of `base_salary`, such as `15%` | no |
//! | `ote` | annual on-target earnings, divided by the plan's `mix` or the row's | no |
//! | `mix` | the pay mix of on-target earnings, base/variable, such as `60/40` | no |
//! | `quota` | an annual quota, for the pay mix's implied commission rate | no |
//! | `actual.METRIC` | the actual of an input metric of the plan | no |
//! | `target.COMPONENT` | a quantitative component's (or measure's) target (quota) | no |
//! | `rating.COMPONENT` | a rated or scored component's rating or score, or a weighted score's part's rating (`rating.PART`) | no |
//! | `label.COMPONENT` | the label of a component rated on a labelled scale, such as `exceeds` | no |
//! | `source.METRIC` | take the metric from credits: `credited`, `team`, `team:ID`, `company` (see `Credits`) | no |
//!
//! ```text
//! participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness
//! dana,demand-generation,2026-Q1,2300000,2000000,4
//! ```
//!
//! Manual adjustments (a list per participant) have no column: give them
//! as `[[participants.adjustments]]` in TOML inputs, in JSON, or with
//! [`Inputs::adjustment`](crate::Inputs::adjustment).
//!
//! An empty cell means "not given": one file can hold rows for several
//! plans, each row filling the columns its plan uses. A missing value the
//! plan needs is still an error when the row is evaluated (never a zero).
//!
//! Numbers are read exactly from their text, never through `f64`: `0.1`,
//! `2300000.10`, `75%` (0.75), `1.5e3`. Cells are trimmed of surrounding
//! spaces. A thousands separator (`2,300,000`) is not a number: export
//! plain digits.
//!
//! Any problem is an [`Error::Input`] naming the file, the line, the
//! column (the field's 1-based position in the row, as a spreadsheet counts
//! columns), the column's header as the field, the participant and the
//! value, and saying what would be valid. Reading is all or nothing: a
//! file with one bad row gives an error, never the good rows.
//!
//! # The transactions file
//!
//! One row per transaction line (a deal, an invoice line, a credit note),
//! for [`CreditData`] and
//! [`Credits::build`](crate::Credits::build); a header row names the
//! columns, in any order:
//!
//! | column | holds | required |
//! |---|---|---|
//! | `id` | the line's id, unique among the transactions | yes |
//! | `metric` | the metric it counts toward, such as `bookings` or `sales` | yes |
//! | `date` | the booking or invoice date, `YYYY-MM-DD` | yes |
//! | `amount` | the amount; negative for a credit note or refund | yes |
//! | `quantity` | units sold (for a per-unit rate) | no |
//! | `cost` | the cost (for commission on margin) | no |
//! | `refers_to` | for a credit note or refund: the `id` of the line it reverses | no |
//! | `attr.NAME` | an attribute rate rules match on: `attr.product`, `attr.category` (a path such as `hardware/servers`), `attr.type`, `attr.region`, `attr.customer`, `attr.currency`, … | no |
//! | `split.PARTICIPANT` | that participant's share of the line, such as `50%` or `0.5` | no |
//! | `overlays` | participants credited the whole line in addition to the splits, separated by `;` | no |
//!
//! ```text
//! id,metric,date,amount,quantity,cost,attr.product,attr.category,split.alex,split.blake,overlays,refers_to
//! INV-1,sales,2026-04-10,12000,4,7000,SRV-X1,hardware/servers,50%,50%,sol,
//! CN-1,sales,2026-04-20,-3000,-1,-1750,,,,,,INV-1
//! ```
//!
//! An empty cell means "not given": an `attr.` cell sets no attribute, a
//! `split.` cell gives that participant no split. A credit note with no
//! `split.` cells is credited as its original, and carries the original's
//! attributes, its own laid over them. The rules of crediting (splits that sum to
//! exactly 100%, receivers who are participants or in the hierarchy,
//! unique ids, credit notes that refer to a known line of the same metric
//! and never reverse more than it) are checked when credits are built,
//! with the transaction named. The hierarchy and cancellations are not in
//! this file; [`CreditData::new`] takes
//! them beside the transactions.
//!
//! Numbers are read exactly, as in the inputs file, and dates as
//! `YYYY-MM-DD`. Any problem is an [`Error::Input`] naming the file, the
//! line, the column, the column's header as the field, the transaction
//! (by its `id`) and the value, and saying what would be valid; reading is
//! all or nothing.
//!
//! # The collections file
//!
//! One row per payment collected on an invoice (a transaction's `id`),
//! for plans that pay commission as invoices are collected
//! ([`CreditData::with_collections`]).
//! All three columns are required, in any order:
//!
//! | column | holds |
//! |---|---|
//! | `invoice` | the `id` of the transaction paid |
//! | `amount` | the amount collected |
//! | `date` | the date collected, `YYYY-MM-DD` |
//!
//! ```text
//! invoice,amount,date
//! INV-1,4000,2026-05-02
//! INV-1,5000,2026-06-15
//! ```
//!
//! Errors are as in the transactions file, naming the invoice as the
//! transaction. That the invoice is a known transaction, the amount is
//! above zero and no more is collected than invoiced are checked when
//! credits are built.
//!
//! # The payroll file
//!
//! [`write_payroll`] writes one row per amount of [`payroll_rows`]:
//!
//! ```text
//! participant,period,plan,component,amount,currency
//! dana,2026-Q1,demand-generation,pipeline,4875.00,USD
//! dana,2026-Q1,demand-generation,campaign_effectiveness,1562.50,USD
//! ```
//!
//! Adjustments such as the plan cap are rows of their own
//! (`adjustment:plan-cap`, negative), so the amounts of a statement's rows
//! add up exactly to its total.
//!
//! # Streaming
//!
//! [`stream_payroll`] reads an inputs file, evaluates it and writes the
//! payroll file one row at a time, from any reader to any writer, on one
//! thread or several ([`StreamOptions`]): the bytes [`write_payroll`]
//! writes for the rows' statements, in flat memory for files of millions
//! of rows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use crate::credit::{Collection, CreditData, Transaction};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::evaluate::PlanSet;
use crate::id::{IdKind, check_id};
use crate::inputs::Inputs;
use crate::number::parse_decimal;
use crate::payroll::{neutralise, payroll_rows};
use crate::program::layout::{Key, Refusal, list, refusal};
use crate::statement::Statement;

mod stream;
pub use stream::{StreamOptions, StreamSummary, stream_payroll};

/// The header of a payroll file written by [`write_payroll`].
pub const PAYROLL_HEADER: [&str; 6] = [
    "participant",
    "period",
    "plan",
    "component",
    "amount",
    "currency",
];

/// What a column of an inputs file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    Participant,
    Name,
    Plan,
    Period,
    TargetIncentive,
    BaseSalary,
    TargetPercent,
    Ote,
    Mix,
    Quota,
    Actual(String),
    Target(String),
    Rating(String),
    Label(String),
    Source(String),
}

const VALID_COLUMNS: &str = "`participant`, `plan`, `name`, `period`, `target_incentive`, `base_salary`, `target_percent`, `ote`, `mix`, `quota`, `actual.METRIC`, `target.COMPONENT`, `rating.COMPONENT`, `label.COMPONENT` or `source.METRIC`";

/// The key of a column `header` named `PREFIXKEY`, or `None` when it does
/// not start with `prefix`; `example` is a key to show when it names none.
fn keyed(header: &str, prefix: &str, example: &str) -> Option<std::result::Result<String, String>> {
    header.strip_prefix(prefix).map(|key| {
        if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Err(format!(
                "column `{header}` names no valid key after `{prefix}`; write it like `{prefix}{example}`"
            ))
        } else {
            Ok(key.to_owned())
        }
    })
}

fn column(header: &str) -> std::result::Result<Column, String> {
    let keyed = |prefix: &str| keyed(header, prefix, "pipeline");
    Ok(match header {
        "participant" => Column::Participant,
        "name" => Column::Name,
        "plan" => Column::Plan,
        "period" => Column::Period,
        "target_incentive" => Column::TargetIncentive,
        "base_salary" => Column::BaseSalary,
        "target_percent" => Column::TargetPercent,
        "ote" => Column::Ote,
        "mix" => Column::Mix,
        "quota" => Column::Quota,
        _ => {
            if let Some(k) = keyed("actual.") {
                Column::Actual(k?)
            } else if let Some(k) = keyed("target.") {
                Column::Target(k?)
            } else if let Some(k) = keyed("rating.") {
                Column::Rating(k?)
            } else if let Some(k) = keyed("label.") {
                Column::Label(k?)
            } else if let Some(k) = keyed("source.") {
                Column::Source(k?)
            } else {
                let hint = match header.split_once('.') {
                    Some(("actuals", k)) => format!("; did you mean `actual.{k}`?"),
                    Some(("targets", k)) => format!("; did you mean `target.{k}`?"),
                    Some(("ratings" | "score" | "scores", k)) => {
                        format!("; did you mean `rating.{k}`?")
                    }
                    Some(("labels", k)) => format!("; did you mean `label.{k}`?"),
                    _ => String::new(),
                };
                return Err(format!(
                    "`{header}` is not a known column; columns are {VALID_COLUMNS}{hint}"
                ));
            }
        }
    })
}

pub(crate) fn csv_error(e: &::csv::Error) -> Error {
    let err = match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(format!(
            "the row has {len} fields but the header has {expected_len}; every row needs one field per column (quote a field that holds a comma)"
        )),
        ::csv::ErrorKind::Utf8 { .. } => {
            Error::input("the row is not valid UTF-8; save the file as UTF-8")
        }
        _ => Error::input(e.to_string().to_lowercase()),
    };
    match e.position() {
        Some(p) => err.at(usize::try_from(p.line()).unwrap_or(usize::MAX), 1),
        None => err,
    }
}

/// Reads participants' inputs from CSV text.
///
/// See the [module documentation](self) for the columns. Rows come back in
/// file order.
///
/// # Errors
///
/// [`Error::Input`], naming the line, column, field and value (and
/// participant, where the row has one), for: an empty file; a header that
/// is not a known column, names no key, or appears twice; a missing
/// `participant` or `plan` column or an empty cell in one; a participant
/// id, plan id, name or period with a control character, or an id or
/// period starting with `=`, `+`, `-` or `@`; a row with more
/// or fewer fields than the header; text that is not UTF-8; a number that
/// is not a decimal or percent; a second row for the same participant,
/// plan and period. Nothing is returned from a file with an error.
///
/// # Example
///
/// ```
/// use incentive::{csv, PlanSet};
/// use rust_decimal_macros::dec;
///
/// let text = "\
/// participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness
/// dana,demand-generation,2026-Q1,2300000,2000000,4
/// ";
/// let inputs = csv::read_inputs(text, Some("attainment.csv"))?;
/// assert_eq!(inputs[0].actuals()["pipeline"], dec!(2300000));
/// let plans = PlanSet::load_dir("plans")?;
/// assert_eq!(plans.evaluate(&inputs[0])?.total(), dec!(6437.50));
///
/// let bad = text.replace("2300000", "2.300.000");
/// let err = csv::read_inputs(&bad, Some("attainment.csv")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid input: file `attainment.csv` line 2 column 4, participant `dana`, plan `demand-generation`, \
///      field `actual.pipeline`: `2.300.000` is not a decimal number; \
///      write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
/// );
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn read_inputs(text: &str, file: Option<&str>) -> Result<Vec<Inputs>> {
    read(text, None).map_err(|e| e.in_file(file))
}

/// Reads participants' inputs from CSV text and checks every row against
/// the plan it names.
///
/// As [`read_inputs`], and each row's `plan` must be in `plans`, and each
/// filled `actual.`, `target.`, `rating.` and `label.` cell must name an
/// input metric, a quantitative component, a rated component (or a part
/// of a weighted score) or a component rated on a labelled scale of that
/// plan, and each label must be on its component's scale, so that the
/// error points at the line and column rather than coming later from
/// [`Plan::evaluate`].
///
/// # Errors
///
/// As [`read_inputs`], and [`Error::Input`] for a plan id not in `plans`,
/// a cell its plan does not use or a label its scale does not have,
/// naming the line, column, field and what the plan would accept.
///
/// # Example
///
/// ```
/// use incentive::{csv, PlanSet};
///
/// let plans = PlanSet::load_dir("plans")?;
/// let good = "participant,plan,actual.bookings,target.commission\n\
///             alex,account-executive-marginal,650000,500000\n";
/// let inputs = csv::read_inputs_for(&plans, good, Some("crm.csv"))?;
/// assert_eq!(plans.evaluate(&inputs[0])?.total().to_string(), "58000.00");
///
/// let text = "participant,plan,actual.pipeline,target.pipeline,rating.campaign_effectiveness,actual.bookings\n\
///             dana,demand-generation,2300000,2000000,4,\n\
///             alex,demand-generation,2300000,2000000,4,650000\n";
/// let err = csv::read_inputs_for(&plans, text, Some("crm.csv")).unwrap_err();
/// let d = err.details();
/// assert_eq!((d.line, d.column), (Some(3), Some(6)));
/// assert_eq!(d.field.as_deref(), Some("actual.bookings"));
/// assert!(err.to_string().contains("`bookings` is not an input metric of plan `demand-generation`"));
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn read_inputs_for(plans: &PlanSet, text: &str, file: Option<&str>) -> Result<Vec<Inputs>> {
    read(text, Some(plans)).map_err(|e| e.in_file(file))
}

/// Reads a CSV inputs file; see [`read_inputs`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; otherwise as
/// [`read_inputs`], naming the file.
///
/// # Example
///
/// ```
/// use incentive::{csv, Error};
///
/// let inputs = csv::load_inputs("plans/samples/participants.csv")?;
/// assert_eq!(inputs.len(), 10);
/// assert_eq!(inputs[0].participant(), "dana");
///
/// let err = csv::load_inputs("plans/samples/no-such-file.csv").unwrap_err();
/// assert!(matches!(err, Error::Io(_)));
/// assert_eq!(err.details().file.as_deref(), Some("plans/samples/no-such-file.csv"));
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn load_inputs(path: impl AsRef<Path>) -> Result<Vec<Inputs>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::source::read_text(path, &name)?;
    read_inputs(&text, Some(&name))
}

/// Reads a CSV inputs file and checks it against `plans`; see
/// [`read_inputs_for`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; otherwise as
/// [`read_inputs_for`], naming the file.
///
/// # Example
///
/// ```
/// use incentive::{csv, PlanSet};
///
/// let plans = PlanSet::load_dir("plans")?;
/// let inputs = csv::load_inputs_for(&plans, "plans/samples/participants.csv")?;
/// assert_eq!(plans.evaluate_all(&inputs)?.len(), 10);
///
/// // Another plan set does not know the samples' plans.
/// let err = csv::load_inputs_for(&PlanSet::new(), "plans/samples/participants.csv").unwrap_err();
/// assert_eq!(err.details().line, Some(2));
/// assert!(err.to_string().contains("no plan has id `demand-generation`; known plans: none"));
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn load_inputs_for(plans: &PlanSet, path: impl AsRef<Path>) -> Result<Vec<Inputs>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::source::read_text(path, &name)?;
    read_inputs_for(plans, &text, Some(&name))
}

/// A reader of CSV text as every file here is read: a header row, cells
/// trimmed of surrounding spaces, a leading byte-order mark dropped.
pub(crate) fn reader(text: &str) -> ::csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ::csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// The line a record starts on.
pub(crate) fn line_of(record: &::csv::StringRecord) -> usize {
    record
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(0)
}

/// A file's header row, read.
struct Header<C> {
    /// The columns' names, as written.
    names: ::csv::StringRecord,
    /// What each column holds, in the same order.
    columns: Vec<C>,
}

/// Reads the header row: every name a column that `column` knows
/// (`valid` lists them for an error), none twice, and every one of
/// `required` present (`why` says what a row names).
fn header<C, R: std::io::Read>(
    reader: &mut ::csv::Reader<R>,
    valid: &str,
    column: impl Fn(&str) -> std::result::Result<C, String>,
    required: &[&str],
    why: &str,
) -> Result<Header<C>> {
    let names = reader.headers().map_err(|e| csv_error(&e))?.clone();
    let line = names
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(1);
    if names.iter().all(str::is_empty) {
        return Err(Error::input(format!(
            "the file has no header row; the first line names the columns: {valid}"
        ))
        .at(line, 1));
    }
    let mut columns = Vec::with_capacity(names.len());
    let mut seen = BTreeSet::new();
    for (i, h) in names.iter().enumerate() {
        let at = |e: Error| e.at(line, i + 1).with_field(h);
        let c = column(h).map_err(|m| at(Error::input(m)))?;
        if !seen.insert(h) {
            return Err(at(Error::duplicate(format!(
                "column `{h}` appears twice; each column may appear once"
            ))));
        }
        columns.push(c);
    }
    for required in required {
        if !seen.contains(required) {
            return Err(
                Error::input(format!("the header has no `{required}` column; {why}")).at(line, 1),
            );
        }
    }
    Ok(Header { names, columns })
}

fn read(text: &str, plans: Option<&PlanSet>) -> Result<Vec<Inputs>> {
    let mut reader = reader(text);
    let Header {
        names: headers,
        columns,
    } = header(
        &mut reader,
        VALID_COLUMNS,
        column,
        &["participant", "plan"],
        "every row names its participant and plan",
    )?;
    let mut out = Vec::new();
    let mut seen: BTreeMap<(String, String, Option<String>), usize> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = line_of(&record);
        let inputs = row(&columns, &headers, &record, line, plans)?;
        let key = (
            inputs.participant().to_owned(),
            inputs.plan().to_owned(),
            inputs.period().map(str::to_owned),
        );
        if let Some(first) = seen.insert(key, line) {
            return Err(duplicate(
                inputs.participant(),
                inputs.plan(),
                inputs.period(),
                first,
                line,
            ));
        }
        out.push(inputs);
    }
    Ok(out)
}

/// The error for a second row, on `line`, for a participant, plan and
/// period first given on line `first`.
fn duplicate(
    participant: &str,
    plan: &str,
    period: Option<&str>,
    first: usize,
    line: usize,
) -> Error {
    Error::duplicate(format!(
        "participant `{participant}` already has a row for plan `{plan}`{} on line {first}; give each participant one row per plan and period",
        period
            .map(|p| format!(" and period `{p}`"))
            .unwrap_or_default()
    ))
    .at(line, 1)
    .with_participant(participant)
    .with_plan(plan)
}

fn row(
    columns: &[Column],
    headers: &::csv::StringRecord,
    record: &::csv::StringRecord,
    line: usize,
    plans: Option<&PlanSet>,
) -> Result<Inputs> {
    let cell = |want: &Column| -> Option<(usize, &str)> {
        columns
            .iter()
            .position(|c| c == want)
            .and_then(|i| record.get(i).map(|v| (i, v)))
    };
    let required = |want: Column, name: &str| -> Result<String> {
        match cell(&want) {
            Some((_, v)) if !v.is_empty() => Ok(v.to_owned()),
            Some((i, _)) => Err(Error::input(format!(
                "the `{name}` cell is empty; every row names its {name}"
            ))
            .at(line, i + 1)
            .with_field(name)),
            None => Err(Error::missing(format!("missing `{name}`")).at(line, 1)),
        }
    };
    let participant = required(Column::Participant, "participant")?;
    let plan_id = required(Column::Plan, "plan")?;
    // The one check of ids, names and period labels, where the cell is.
    for (want, kind) in [
        (Column::Participant, IdKind::Participant),
        (Column::Plan, IdKind::Plan),
        (Column::Name, IdKind::Name),
        (Column::Period, IdKind::Period),
    ] {
        if let Some((i, v)) = cell(&want).filter(|(_, v)| !v.is_empty()) {
            check_id(kind, v).map_err(|e| {
                let e = e.at(line, i + 1);
                if kind == IdKind::Participant {
                    e
                } else {
                    e.with_participant(&participant)
                }
            })?;
        }
    }
    let plan = match plans {
        Some(set) => Some(set.get(&plan_id).ok_or_else(|| {
            let known: Vec<String> = set.iter().map(|p| format!("`{}`", p.id())).collect();
            let col = columns
                .iter()
                .position(|c| *c == Column::Plan)
                .map_or(1, |i| i + 1);
            Error::unknown_plan(format!(
                "no plan has id `{plan_id}`; known plans: {}",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))
            .at(line, col)
            .with_participant(&participant)
            .with_field("plan")
        })?),
        None => None,
    };
    let mut inputs = Inputs::new(participant.clone(), plan_id.clone());
    for (i, (c, value)) in columns.iter().zip(record.iter()).enumerate() {
        if value.is_empty() {
            continue;
        }
        let header = headers.get(i).unwrap_or_default();
        let place = |e: Error| {
            e.at(line, i + 1)
                .with_participant(&participant)
                .with_plan(&plan_id)
                .with_field(header)
        };
        let number = || parse_decimal(value).map_err(|m| place(Error::input(m)));
        if let Some(plan) = plan {
            check_key(plan, c).map_err(|m| place(Error::input(m)))?;
            if let Column::Label(k) = c {
                // The label itself, against the scale, where the cell is.
                crate::program::layout::label_position(&plan.def, k, value).map_err(|e| {
                    let m = e.details().message.clone();
                    place(Error::input(m)).with_component(k)
                })?;
            }
        }
        inputs = match c {
            Column::Participant | Column::Plan => inputs,
            Column::Name => inputs.with_name(value),
            Column::Period => inputs.with_period(value),
            Column::TargetIncentive => inputs.with_target_incentive(number()?),
            Column::BaseSalary => inputs.with_base_salary(number()?),
            Column::TargetPercent => inputs.with_target_percent(number()?),
            Column::Ote => inputs.with_ote(number()?),
            Column::Mix => inputs.with_mix(
                value
                    .parse::<crate::plan::Mix>()
                    .map_err(|m| place(Error::input(m)))?,
            ),
            Column::Quota => inputs.with_quota(number()?),
            Column::Actual(k) => inputs.actual(k.clone(), number()?),
            Column::Target(k) => inputs.target(k.clone(), number()?),
            Column::Rating(k) => inputs.rating(k.clone(), number()?),
            Column::Label(k) => inputs.label(k.clone(), value),
            Column::Source(k) => {
                let source = value
                    .parse::<crate::inputs::CreditSource>()
                    .map_err(|m| place(Error::input(m)))?;
                inputs.source(k.clone(), source)
            }
        };
    }
    Ok(inputs)
}

/// Whether a filled cell names something its row's plan uses
/// ([`refusal`]: the question every reader of inputs asks), in the CSV's
/// words.
fn check_key(plan: &Plan, c: &Column) -> std::result::Result<(), String> {
    let field = match c {
        Column::Actual(k) | Column::Source(k) => Key::Actual(k),
        Column::Target(k) => Key::Target(k),
        Column::Rating(k) => Key::Rating(k),
        Column::Label(k) => Key::Label(k),
        _ => return Ok(()),
    };
    let Some(why) = refusal(&plan.def, field) else {
        return Ok(());
    };
    let id = plan.id();
    Err(match (c, why) {
        (
            Column::Actual(k) | Column::Source(k),
            Refusal::Derived {
                numerator,
                denominator,
            },
        ) => format!(
            "`{k}` is derived as `{numerator}` / `{denominator}` in plan `{id}`; give `actual.{numerator}` and `actual.{denominator}` instead"
        ),
        (Column::Actual(k) | Column::Source(k), Refusal::Metric(valid)) => format!(
            "`{k}` is not an input metric of plan `{id}`; its input metrics are {}",
            list(&valid)
        ),
        (Column::Target(k), Refusal::Target(valid)) => format!(
            "`{k}` is not a quantitative component or measure of plan `{id}`; targets are for {}",
            list(&valid)
        ),
        (Column::Rating(k), Refusal::Rating(valid)) => format!(
            "`{k}` is not a rated component of plan `{id}`; ratings are for {}",
            list(&valid)
        ),
        (Column::Rating(k), Refusal::Labelled { scale, labels }) => format!(
            "`{k}` is rated on labelled scale `{scale}` in plan `{id}`; give its label in `label.{k}`, one of {labels}"
        ),
        (Column::Rating(k), Refusal::Weighted(parts)) => format!(
            "`{k}` is a weighted score of {} in plan `{id}`; give a `rating.` column for each part instead",
            parts.join(", ")
        ),
        (Column::Label(k), Refusal::Label(valid)) => format!(
            "`{k}` is not a component of plan `{id}` rated on a labelled scale; labels are for {}",
            list(&valid)
        ),
        _ => format!("`{field}` is not an input of plan `{id}`"),
    })
}

/// What a column of a transactions file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TransactionColumn {
    Id,
    Metric,
    Date,
    Amount,
    Quantity,
    Cost,
    RefersTo,
    Attribute(String),
    Split(String),
    Overlays,
}

const VALID_TRANSACTION_COLUMNS: &str = "`id`, `metric`, `date`, `amount`, `quantity`, `cost`, `refers_to`, `attr.NAME`, `split.PARTICIPANT` or `overlays`";

fn transaction_column(header: &str) -> std::result::Result<TransactionColumn, String> {
    Ok(match header {
        "id" => TransactionColumn::Id,
        "metric" => TransactionColumn::Metric,
        "date" => TransactionColumn::Date,
        "amount" => TransactionColumn::Amount,
        "quantity" => TransactionColumn::Quantity,
        "cost" => TransactionColumn::Cost,
        "refers_to" => TransactionColumn::RefersTo,
        "overlays" => TransactionColumn::Overlays,
        _ => {
            if let Some(k) = keyed(header, "attr.", "product") {
                TransactionColumn::Attribute(k?)
            } else if let Some(k) = keyed(header, "split.", "alex") {
                TransactionColumn::Split(k?)
            } else {
                let hint = match header.split_once('.') {
                    Some(("attribute" | "attributes" | "attrs", k)) => {
                        format!("; did you mean `attr.{k}`?")
                    }
                    Some(("splits" | "share" | "shares", k)) => {
                        format!("; did you mean `split.{k}`?")
                    }
                    Some(_) => String::new(),
                    None => match header {
                        "product" | "category" | "type" | "region" | "customer" | "currency" => {
                            format!("; did you mean `attr.{header}`?")
                        }
                        "split" | "splits" => {
                            "; give each participant's share a column of its own, such as `split.alex`"
                                .into()
                        }
                        "overlay" => "; did you mean `overlays`?".into(),
                        "refers-to" | "refersto" | "original" => {
                            "; did you mean `refers_to`?".into()
                        }
                        _ => String::new(),
                    },
                };
                return Err(format!(
                    "`{header}` is not a known column; columns are {VALID_TRANSACTION_COLUMNS}{hint}"
                ));
            }
        }
    })
}

/// Reads transaction lines from CSV text.
///
/// See the [module documentation](self#the-transactions-file) for the
/// columns. Lines come back in file order, ready for
/// [`CreditData::new`]; the rules of
/// crediting (splits that sum to 100%, known receivers, credit notes that
/// refer to a known line) are checked when credits are built.
///
/// # Errors
///
/// [`Error::Input`], naming the line, column, field and value (and the
/// transaction, where the row has an id), for: an empty file; a header
/// that is not a known column, names no key, or appears twice; a missing
/// `id`, `metric`, `date` or `amount` column or an empty cell in one; a
/// row with more or fewer fields than the header; text that is not UTF-8;
/// an amount, quantity, cost or split that is not a decimal or percent; a
/// date that is not `YYYY-MM-DD`; an empty participant id in `overlays`.
/// Nothing is returned from a file with an error.
///
/// # Example
///
/// ```
/// use incentive::{csv, Transaction};
/// use rust_decimal_macros::dec;
///
/// let text = "\
/// id,metric,date,amount,attr.product,split.alex,split.blake,overlays
/// D2,bookings,2026-05-05,300000,SRV-X1,50%,50%,sol
/// ";
/// let lines = csv::read_transactions(text, Some("deals.csv"))?;
/// assert_eq!(
///     lines,
///     vec![Transaction::new("D2", "bookings", dec!(300000), "2026-05-05".parse()?)
///         .attribute("product", "SRV-X1")
///         .split("alex", dec!(0.5))
///         .split("blake", dec!(0.5))
///         .overlay("sol")]
/// );
///
/// let bad = text.replace("300000", "300 000");
/// let err = csv::read_transactions(&bad, Some("deals.csv")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid input: file `deals.csv` line 2 column 4, transaction `D2`, field `amount`: \
///      `300 000` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_transactions(text: &str, file: Option<&str>) -> Result<Vec<Transaction>> {
    read_transaction_rows(text).map_err(|e| e.in_file(file))
}

/// Reads a CSV transactions file; see [`read_transactions`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; otherwise as
/// [`read_transactions`], naming the file.
///
/// # Example
///
/// ```
/// use incentive::{csv, Error};
/// use incentive::credit::CreditData;
///
/// let lines = csv::load_transactions("plans/samples/q2-transactions.csv")?;
/// let toml = CreditData::load("plans/samples/q2-transactions.toml")?;
/// assert_eq!(lines, toml.transactions());
///
/// let err = csv::load_transactions("plans/samples/no-such-file.csv").unwrap_err();
/// assert!(matches!(err, Error::Io(_)));
/// assert_eq!(err.details().file.as_deref(), Some("plans/samples/no-such-file.csv"));
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn load_transactions(path: impl AsRef<Path>) -> Result<Vec<Transaction>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::source::read_text(path, &name)?;
    read_transactions(&text, Some(&name))
}

/// Reads a CSV transactions file into [`CreditData`] that remembers where
/// each transaction was read: an error found later, while crediting (a
/// split that does not add to 100%, a credit note of an unknown line, an
/// overflow), names the file and the transaction's line, as for a TOML
/// file ([`CreditData::load`]).
///
/// # Errors
///
/// As [`read_transactions`].
///
/// # Example
///
/// ```
/// use incentive::{csv, Credits};
///
/// let text = "\
/// id,metric,date,amount,split.alex,split.blake
/// D1,bookings,2026-04-10,400000,100%,
/// D2,bookings,2026-05-05,300000,50%,40%
/// ";
/// let data = csv::read_credit_data(text, Some("deals.csv"))?;
/// let (from, to) = ("2026-04-01".parse()?, "2026-06-30".parse()?);
/// let err = Credits::build(&data, ["alex", "blake"], from, to).unwrap_err();
/// assert_eq!(err.details().file.as_deref(), Some("deals.csv"));
/// assert_eq!(err.details().line, Some(3));
/// assert_eq!(err.details().transaction.as_deref(), Some("D2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_credit_data(text: &str, file: Option<&str>) -> Result<CreditData> {
    let rows = read_transaction_lines(text).map_err(|e| e.in_file(file))?;
    Ok(CreditData::read_at(rows, file))
}

/// Reads a CSV transactions file into [`CreditData`]; see
/// [`read_credit_data`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; otherwise as
/// [`read_credit_data`], naming the file.
pub fn load_credit_data(path: impl AsRef<Path>) -> Result<CreditData> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::source::read_text(path, &name)?;
    read_credit_data(&text, Some(&name))
}

fn read_transaction_rows(text: &str) -> Result<Vec<Transaction>> {
    Ok(read_transaction_lines(text)?
        .into_iter()
        .map(|(t, _)| t)
        .collect())
}

/// Transactions with the line each was read from.
fn read_transaction_lines(text: &str) -> Result<Vec<(Transaction, usize)>> {
    let mut reader = reader(text);
    let header = header(
        &mut reader,
        VALID_TRANSACTION_COLUMNS,
        transaction_column,
        &["id", "metric", "date", "amount"],
        "every row has a transaction's id, metric, date and amount",
    )?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = line_of(&record);
        out.push((transaction_row(&header, &record, line)?, line));
    }
    Ok(out)
}

/// The cell of the column that holds `want`, with its 0-based position;
/// `what` says what every row has there, for an empty or missing cell.
fn required_cell<'r, C: PartialEq>(
    header: &Header<C>,
    record: &'r ::csv::StringRecord,
    line: usize,
    want: &C,
    what: &str,
) -> Result<(usize, &'r str)> {
    let i = header.columns.iter().position(|c| c == want);
    let name = i.and_then(|i| header.names.get(i)).unwrap_or_default();
    match i.and_then(|i| record.get(i).map(|v| (i, v))) {
        Some((i, v)) if !v.is_empty() => Ok((i, v)),
        Some((i, _)) => Err(Error::input(format!(
            "the `{name}` cell is empty; every row has {what}"
        ))
        .at(line, i + 1)
        .with_field(name)),
        None => Err(Error::input(format!("the row has no cell for {what}")).at(line, 1)),
    }
}

fn transaction_row(
    header: &Header<TransactionColumn>,
    record: &::csv::StringRecord,
    line: usize,
) -> Result<Transaction> {
    use TransactionColumn as C;
    let required = |want: &C, what: &str| required_cell(header, record, line, want, what);
    let (_, id) = required(&C::Id, "a transaction's id")?;
    let place = |e: Error, i: usize| {
        e.at(line, i + 1)
            .with_transaction(id)
            .with_field(header.names.get(i).unwrap_or_default())
    };
    let number = |(i, v): (usize, &str)| parse_decimal(v).map_err(|m| place(Error::input(m), i));
    let (_, metric) =
        required(&C::Metric, "the metric it counts toward").map_err(|e| e.with_transaction(id))?;
    let (at, date) =
        required(&C::Date, "a date, such as 2026-04-15").map_err(|e| e.with_transaction(id))?;
    let date = date
        .parse::<Date>()
        .map_err(|m| place(Error::input(m), at))?;
    let amount = number(required(&C::Amount, "an amount").map_err(|e| e.with_transaction(id))?)?;
    let mut t = Transaction::new(id, metric, amount, date);
    for (i, (c, value)) in header.columns.iter().zip(record.iter()).enumerate() {
        if value.is_empty() {
            continue;
        }
        t = match c {
            C::Id | C::Metric | C::Date | C::Amount => t,
            C::Quantity => t.quantity(number((i, value))?),
            C::Cost => t.cost(number((i, value))?),
            C::RefersTo => t.refers_to(value),
            C::Attribute(k) => t.attribute(k.clone(), value),
            C::Split(p) => t.split(p.clone(), number((i, value))?),
            C::Overlays => {
                let mut t = t;
                for p in value.split(';').map(str::trim) {
                    if p.is_empty() {
                        return Err(place(
                            Error::input(format!(
                                "`{value}` holds an empty participant id; separate participant ids with `;`, such as `sol;kim`"
                            )),
                            i,
                        ));
                    }
                    t = t.overlay(p);
                }
                t
            }
        };
    }
    Ok(t)
}

/// What a column of a collections file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CollectionColumn {
    Invoice,
    Amount,
    Date,
}

const VALID_COLLECTION_COLUMNS: &str = "`invoice`, `amount` or `date`";

fn collection_column(header: &str) -> std::result::Result<CollectionColumn, String> {
    match header {
        "invoice" => Ok(CollectionColumn::Invoice),
        "amount" => Ok(CollectionColumn::Amount),
        "date" => Ok(CollectionColumn::Date),
        _ => {
            let hint = match header {
                "id" | "transaction" | "invoice_id" => "; did you mean `invoice`?",
                _ => "",
            };
            Err(format!(
                "`{header}` is not a known column; columns are {VALID_COLLECTION_COLUMNS}{hint}"
            ))
        }
    }
}

/// Reads payments collected on invoices from CSV text.
///
/// See the [module documentation](self#the-collections-file) for the
/// columns. Payments come back in file order, ready for
/// [`CreditData::with_collections`];
/// that each invoice is a known transaction and that no more is collected
/// than invoiced are checked when credits are built.
///
/// # Errors
///
/// [`Error::Input`], naming the line, column, field and value (and the
/// invoice as the transaction, where the row has one), for: an empty file;
/// a header that is not `invoice`, `amount` or `date`, or appears twice; a
/// missing column or an empty cell; a row with more or fewer fields than
/// the header; text that is not UTF-8; an amount that is not a decimal; a
/// date that is not `YYYY-MM-DD`. Nothing is returned from a file with an
/// error.
///
/// # Example
///
/// ```
/// use incentive::csv;
/// use incentive::credit::Collection;
/// use rust_decimal_macros::dec;
///
/// let text = "invoice,amount,date\nINV-7,4115.22,2026-04-20\n";
/// let payments = csv::read_collections(text, Some("payments.csv"))?;
/// assert_eq!(payments, vec![Collection::new("INV-7", dec!(4115.22), "2026-04-20".parse()?)]);
///
/// let bad = text.replace("2026-04-20", "20/04/2026");
/// let err = csv::read_collections(&bad, Some("payments.csv")).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid input: file `payments.csv` line 2 column 3, transaction `INV-7`, field `date`: \
///      `20/04/2026` is not a date; write it as YYYY-MM-DD, such as 2026-02-15"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_collections(text: &str, file: Option<&str>) -> Result<Vec<Collection>> {
    read_collection_rows(text).map_err(|e| e.in_file(file))
}

/// Reads a CSV collections file; see [`read_collections`].
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read; otherwise as
/// [`read_collections`], naming the file.
///
/// # Example
///
/// ```
/// use incentive::{csv, Error};
///
/// let err = csv::load_collections("plans/samples/no-such-file.csv").unwrap_err();
/// assert!(matches!(err, Error::Io(_)));
/// assert_eq!(err.details().file.as_deref(), Some("plans/samples/no-such-file.csv"));
/// ```
pub fn load_collections(path: impl AsRef<Path>) -> Result<Vec<Collection>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::source::read_text(path, &name)?;
    read_collections(&text, Some(&name))
}

fn read_collection_rows(text: &str) -> Result<Vec<Collection>> {
    use CollectionColumn as C;
    let mut reader = reader(text);
    let header = header(
        &mut reader,
        VALID_COLLECTION_COLUMNS,
        collection_column,
        &["invoice", "amount", "date"],
        "every row has a payment's invoice, amount and date",
    )?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = line_of(&record);
        let required = |want: &C, what: &str| required_cell(&header, &record, line, want, what);
        let (_, invoice) = required(&C::Invoice, "the invoice (transaction) paid")?;
        let place = |e: Error, i: usize| {
            e.at(line, i + 1)
                .with_transaction(invoice)
                .with_field(header.names.get(i).unwrap_or_default())
        };
        let (at, amount) =
            required(&C::Amount, "the amount paid").map_err(|e| e.with_transaction(invoice))?;
        let amount = parse_decimal(amount).map_err(|m| place(Error::input(m), at))?;
        let (at, date) = required(&C::Date, "the date paid, such as 2026-04-15")
            .map_err(|e| e.with_transaction(invoice))?;
        let date = date
            .parse::<Date>()
            .map_err(|m| place(Error::input(m), at))?;
        out.push(Collection::new(invoice, amount, date));
    }
    Ok(out)
}

/// Writes inputs as CSV, the inverse of [`read_inputs`].
///
/// Columns: `participant`, then `name`, `plan`, `period`,
/// `target_incentive`, `base_salary`, `target_percent`, `ote`, `mix` and
/// `quota` where any row has them, then every `actual.`, `target.`,
/// `rating.` and `label.` column any row uses, sorted. Numbers are written
/// as their exact decimal text and labels as their text, so reading the
/// output gives back equal inputs. A text cell a spreadsheet would run as
/// a formula (a name starting with `=`, `+`, `-` or `@`) is written with a
/// leading `'`, and reads back with it; ids and period labels cannot start
/// so (the readers refuse them).
///
/// # Errors
///
/// [`Error::Input`] when an input carries transaction lines or manual
/// adjustments (an inputs row cannot hold them), an id, name or period
/// label the readers refuse (empty, a control character, an id or period
/// starting with a formula character) or a name or label that a cell
/// cannot give back (empty, or with spaces around it, which reading
/// trims); a label starting with a formula character (written with a
/// leading `'`, it would read back with it: only a name may do that); a
/// key of an actual, target, rating, label or source that no column name
/// can hold (empty, a space or a control character);
/// [`Error::Io`] if the CSV writer fails (it writes to memory, so
/// only on an internal error).
///
/// # Example
///
/// ```
/// use incentive::{csv, Inputs};
/// use rust_decimal_macros::dec;
///
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000.10))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let text = csv::write_inputs(std::slice::from_ref(&dana))?;
/// assert_eq!(
///     text,
///     "participant,plan,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
///      dana,demand-generation,2300000.10,2000000,4\n"
/// );
/// assert_eq!(csv::read_inputs(&text, None)?, vec![dana]);
///
/// let ana = Inputs::new("ana", "bonus").label("performance", "exceeds");
/// let text = csv::write_inputs(std::slice::from_ref(&ana))?;
/// assert_eq!(text, "participant,plan,label.performance\nana,bonus,exceeds\n");
/// assert_eq!(csv::read_inputs(&text, None)?, vec![ana]);
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn write_inputs(inputs: &[Inputs]) -> Result<String> {
    // An inputs row has no place for transaction lines: refuse rather
    // than drop them.
    if let Some(i) = inputs.iter().find(|i| !i.lines().is_empty()) {
        return Err(Error::input(
            "these inputs carry transaction lines, which an inputs CSV cannot hold; write the lines as a transactions file (see `read_transactions`) and credit them with `Credits`",
        )
        .with_participant(i.participant())
        .with_field("lines"));
    }
    // Nor for manual adjustments, a list per participant.
    if let Some(i) = inputs.iter().find(|i| !i.adjustments().is_empty()) {
        return Err(Error::input(
            "these inputs carry manual adjustments, which an inputs CSV cannot hold; write them as `[[participants.adjustments]]` in a TOML inputs file, or add them with `Inputs::adjustment`",
        )
        .with_participant(i.participant())
        .with_field("adjustments"));
    }
    for i in inputs {
        // What the reader refuses is not written: the one check.
        let texts = [
            (IdKind::Participant, Some(i.participant())),
            (IdKind::Plan, Some(i.plan())),
            (IdKind::Period, i.period()),
            (IdKind::Name, i.participant_name()),
        ];
        for (kind, text) in texts {
            let Some(text) = text else { continue };
            check_id(kind, text).map_err(|e| e.with_participant(i.participant()))?;
            if text.trim() != text {
                return Err(Error::input(format!(
                    "`{text}` cannot be written to a cell and read back: a cell is read trimmed; give it with no spaces around it"
                ))
                .with_participant(i.participant())
                .with_field(kind.field()));
            }
        }
        if let Some((k, l)) = i
            .labels()
            .iter()
            .find(|(_, l)| l.is_empty() || l.trim() != l.as_str())
        {
            return Err(Error::input(format!(
                "label `{l}` cannot be written to a cell and read back: a cell is read trimmed, and an empty one gives no label; labels are text with no spaces around it"
            ))
            .with_participant(i.participant())
            .with_component(k)
            .with_field(format!("labels.{k}")));
        }
        if let Some((k, l)) = i.labels().iter().find(|(_, l)| neutralise(l) != l.as_str()) {
            return Err(formula_cell(l)
                .with_participant(i.participant())
                .with_component(k)
                .with_field(format!("labels.{k}")));
        }
        // A key the reader refuses in a column name (empty, a space or a
        // control character) would be written as a column whose cells
        // are left empty: the value lost. Refuse it instead.
        let keys: [(&str, &str, Vec<&String>); 5] = [
            ("actual.", "actuals", i.actuals().keys().collect()),
            ("target.", "targets", i.targets().keys().collect()),
            ("rating.", "ratings", i.ratings().keys().collect()),
            ("label.", "labels", i.labels().keys().collect()),
            ("source.", "sources", i.sources().keys().collect()),
        ];
        for (prefix, field, names) in keys {
            for k in names {
                if let Some(Err(why)) = keyed(&format!("{prefix}{k}"), prefix, "pipeline") {
                    return Err(Error::input(format!(
                        "key `{k}` cannot be written as a CSV column and read back: {why}"
                    ))
                    .with_participant(i.participant())
                    .with_field(format!("{field}.{k}")));
                }
            }
        }
    }
    let any = |f: &dyn Fn(&Inputs) -> bool| inputs.iter().any(f);
    let mut header: Vec<String> = vec!["participant".into()];
    if any(&|i| i.participant_name().is_some()) {
        header.push("name".into());
    }
    header.push("plan".into());
    if any(&|i| i.period().is_some()) {
        header.push("period".into());
    }
    if any(&|i| i.target_incentive().is_some()) {
        header.push("target_incentive".into());
    }
    if any(&|i| i.base_salary().is_some()) {
        header.push("base_salary".into());
    }
    for (name, given) in [
        ("target_percent", any(&|i| i.target_percent().is_some())),
        ("ote", any(&|i| i.ote().is_some())),
        ("mix", any(&|i| i.mix().is_some())),
        ("quota", any(&|i| i.quota().is_some())),
    ] {
        if given {
            header.push(name.into());
        }
    }
    let keys = |prefix: &str, f: &dyn Fn(&Inputs) -> Vec<String>| -> Vec<String> {
        let set: BTreeSet<String> = inputs.iter().flat_map(f).collect();
        set.into_iter().map(|k| format!("{prefix}{k}")).collect()
    };
    header.extend(keys("actual.", &|i| i.actuals().keys().cloned().collect()));
    header.extend(keys("target.", &|i| i.targets().keys().cloned().collect()));
    header.extend(keys("rating.", &|i| i.ratings().keys().cloned().collect()));
    header.extend(keys("label.", &|i| i.labels().keys().cloned().collect()));
    header.extend(keys("source.", &|i| i.sources().keys().cloned().collect()));

    let get = |m: &BTreeMap<String, Decimal>, k: &str| m.get(k).map(Decimal::to_string);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(|e| write_error(&e))?;
    for i in inputs {
        let record: Vec<String> = header
            .iter()
            .map(|h| {
                let text = |t: &str| neutralise(t).into_owned();
                let v = match h.as_str() {
                    "participant" => Some(text(i.participant())),
                    "name" => i.participant_name().map(text),
                    "plan" => Some(text(i.plan())),
                    "period" => i.period().map(text),
                    "target_incentive" => i.target_incentive().map(|d| d.to_string()),
                    "base_salary" => i.base_salary().map(|d| d.to_string()),
                    "target_percent" => i.target_percent().map(|d| d.to_string()),
                    "ote" => i.ote().map(|d| d.to_string()),
                    "mix" => i.mix().map(|m| m.to_string()),
                    "quota" => i.quota().map(|d| d.to_string()),
                    other => match column(other) {
                        Ok(Column::Actual(k)) => get(i.actuals(), &k),
                        Ok(Column::Target(k)) => get(i.targets(), &k),
                        Ok(Column::Rating(k)) => get(i.ratings(), &k),
                        Ok(Column::Label(k)) => i.labels().get(&k).map(|l| text(l)),
                        Ok(Column::Source(k)) => i.sources().get(&k).map(|s| text(&s.to_string())),
                        _ => None,
                    },
                };
                v.unwrap_or_default()
            })
            .collect();
        w.write_record(&record).map_err(|e| write_error(&e))?;
    }
    finish(w)
}

/// The error for a label `write_inputs` would have to write with a
/// leading `'` (so that a spreadsheet shows it rather than runs it), which
/// `read_inputs` would then read with the `'`: a different label.
fn formula_cell(text: &str) -> Error {
    Error::input(format!(
        "label `{text}` cannot be written to a cell and read back: it starts like a spreadsheet formula, so it would be written with a leading `'`, which reading keeps; give it without a leading `=`, `+`, `-`, `@`, tab or carriage return"
    ))
}

/// Writes the payroll rows of `statements` as CSV: the header
/// [`PAYROLL_HEADER`], then one row per [`PayrollRow`](crate::payroll::PayrollRow).
///
/// The amounts of a statement's rows add up exactly to its total, and the
/// output is the same bytes for the same statements.
///
/// # Errors
///
/// As [`payroll_rows`]: a statement whose lines and
/// adjustments do not add up to its total.
///
/// # Example
///
/// ```
/// use incentive::{csv, Inputs, PlanSet};
/// use rust_decimal_macros::dec;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let alex = Inputs::new("alex", "account-executive-marginal")
///     .with_period("2026-Q1")
///     .actual("bookings", dec!(650000))
///     .target("commission", dec!(500000));
/// let text = csv::write_payroll(&[plans.evaluate(&alex)?])?;
/// assert_eq!(
///     text,
///     "participant,period,plan,component,amount,currency\n\
///      alex,2026-Q1,account-executive-marginal,commission,58000.00,USD\n"
/// );
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn write_payroll(statements: &[Statement]) -> Result<String> {
    let rows = payroll_rows(statements)?;
    // A `reason` column only when a row has one (a manual adjustment), so
    // a payroll without manual adjustments keeps its six columns.
    let reasons = rows.iter().any(|r| r.reason.is_some());
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = PAYROLL_HEADER.to_vec();
    if reasons {
        header.push("reason");
    }
    w.write_record(&header).map_err(|e| write_error(&e))?;
    for r in rows {
        let amount = r.amount.to_string();
        // Text cells neutralised, the amount written as the number it is.
        let mut record = vec![
            neutralise(&r.participant),
            neutralise(&r.period),
            neutralise(&r.plan),
            neutralise(&r.component),
            std::borrow::Cow::Borrowed(amount.as_str()),
            neutralise(r.currency.code()),
        ];
        if reasons {
            record.push(neutralise(r.reason.as_deref().unwrap_or_default()));
        }
        w.write_record(record.iter().map(|c| c.as_bytes()))
            .map_err(|e| write_error(&e))?;
    }
    finish(w)
}

fn write_error(e: &::csv::Error) -> Error {
    Error::Io(Box::new(crate::error::ErrorDetails {
        message: format!("cannot write CSV: {}", e.to_string().to_lowercase()),
        ..Default::default()
    }))
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| {
        Error::Io(Box::new(crate::error::ErrorDetails {
            message: format!("cannot write CSV: {}", e.error().to_string().to_lowercase()),
            ..Default::default()
        }))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::Io(Box::new(crate::error::ErrorDetails {
            message: "cannot write CSV: the output is not UTF-8".into(),
            ..Default::default()
        }))
    })
}
