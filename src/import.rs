//! Import profiles: a declared mapping from a CRM or HRIS export's columns
//! to the engine's inputs or transactions. Behind the `csv` feature.
//!
//! An export such as a Salesforce opportunity report has one row per deal,
//! the owner's name, amounts like `$48,000.00` and dates like `3/30/2026`.
//! A [`Profile`] (a small TOML file) says which columns hold what, how the
//! values are written, which rows count, who each name is, and how rows
//! add up into periods; [`Profile::read_inputs`] then gives the
//! [`Inputs`] of every participant and period, and
//! [`Profile::read_transactions`] gives [`Transaction`]s instead.
//!
//! ```text
//! # plans/imports/salesforce-opportunities.toml (abridged)
//! [participant]
//! column = "Opportunity Owner"
//! skip = ["Sales Ops Integration"]
//!
//! [date]
//! column = "Close Date"
//! format = "month/day/year"
//! period = "quarter"
//!
//! [[filters]]
//! column = "Stage"
//! equals = "Closed Won"
//!
//! [formats.usd]
//! currency = "$"
//! thousands = ","
//! negative = ["minus", "parentheses"]
//!
//! [inputs]
//! plan = { value = "account-executive-marginal" }
//! "actual.bookings" = { column = "Amount", format = "usd" }
//! "target.commission" = { value = 500000 }
//! ```
//!
//! The profile file, every table and every key, is described in the data
//! guide ([`docs::data`](crate::docs::data), "Import profiles"). In
//! short:
//!
//! - `[participant]`: the `column` naming who the row is for; with
//!   `ids = true` it holds participant ids, otherwise names, looked up in
//!   `[participant.names]` (name = id) and then in the [`Roster`] given
//!   to the reader; a name in `skip` drops its rows, any other unmapped
//!   name is an error.
//! - `[date]`: the date `column`, its `format` (`month/day/year`,
//!   `day/month/year`, `day.month.year` or `year-month-day`) and, for
//!   inputs, the `period` it falls in (`month`, `quarter`, `half` or
//!   `year`, labelled `2026-M03`, `2026-Q1`, `2026-H1`, `2026` as plans
//!   label them; `year_starts` is the month a plan year starts, 1 by
//!   default).
//! - `[[filters]]`: a row counts when its `column` `equals` a value, is
//!   `one_of` a list, or `not_equals` a value; rows that do not count are
//!   never parsed.
//! - `[formats.NAME]`: how a number is written: `currency` symbol,
//!   `thousands` separator, `decimal` mark, `negative` styles (`minus`,
//!   `parentheses`, `trailing-minus`) and `percent`. Every value is read
//!   exactly into a [`Decimal`], never through a binary float.
//! - `[inputs]` or `[transactions]`: each field the profile fills, from a
//!   `column` (with an optional `format`) or a constant `value`. Inputs
//!   take `plan`, `name`, `period`, `target_incentive`, `base_salary`,
//!   `target_percent`, `ote`, `mix`, `quota`, `actual.METRIC`,
//!   `target.COMPONENT`, `rating.COMPONENT` and `label.COMPONENT`; the
//!   rows of one participant, plan and period are one [`Inputs`], whose
//!   `actual.` fields are the rows' sums and whose other fields must agree.
//!   Transactions take `id`, `metric`, `amount`, `quantity`, `cost`,
//!   `refers_to` and `attr.NAME`, dated by `[date]` and credited wholly
//!   to the row's participant.
//! - `[roster]`: for an HRIS export read with [`Profile::read_roster`]:
//!   the `name` column (and an optional `hired` date column) beside the
//!   participant's id, giving the [`Roster`] other profiles look names up
//!   in.
//!
//! Errors are [`Error::Input`]: a profile that is not valid names the
//! profile file, line and column; a row that does not fit names the
//! export, the line, the column (its 1-based position and its header), the
//! participant where known and the value, and says what the profile
//! expects. Reading is all or nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

use crate::credit::Transaction;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::id::{IdKind, check_id};
use crate::inputs::Inputs;
use crate::money::exact_add;
use crate::plan::{Mix, PayPeriod};
use crate::source::{self, line_column};

/// What a profile makes of an export: inputs or transactions.
///
/// # Example
///
/// ```
/// use incentive::import::{Output, Profile};
///
/// let profile = Profile::load("plans/imports/salesforce-opportunities.toml")?;
/// assert_eq!(profile.output(), Output::Inputs);
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// [`Profile::read_inputs`]: one [`Inputs`] per participant, plan and
    /// period (an `[inputs]` table).
    Inputs,
    /// [`Profile::read_transactions`]: one [`Transaction`] per row (a
    /// `[transactions]` table).
    Transactions,
}

/// A declared mapping from an export's columns to inputs or transactions.
///
/// Read one with [`Profile::from_toml`] or [`Profile::load`]; see the
/// [module documentation](self) and the data guide for the file.
///
/// # Example
///
/// ```
/// use incentive::import::{Profile, Roster};
/// use incentive::Inputs;
/// use rust_decimal_macros::dec;
///
/// let profile = Profile::from_toml(r#"
///     [participant]
///     column = "Owner"
///     names = { "Alex Morgan" = "alex" }
///
///     [date]
///     column = "Close Date"
///     format = "month/day/year"
///     period = "quarter"
///
///     [[filters]]
///     column = "Stage"
///     equals = "Closed Won"
///
///     [formats.usd]
///     currency = "$"
///     thousands = ","
///     negative = ["minus", "parentheses"]
///
///     [inputs]
///     plan = { value = "account-executive-marginal" }
///     "actual.bookings" = { column = "Amount", format = "usd" }
///     "target.commission" = { value = 500000 }
/// "#, Some("deals.toml"))?;
///
/// let export = "\
/// Owner,Stage,Amount,Close Date
/// Alex Morgan,Closed Won,\"$48,000.00\",3/30/2026
/// Alex Morgan,Closed Lost,\"$90,000.00\",3/12/2026
/// Alex Morgan,Closed Won,\"($8,000.00)\",2/02/2026
/// ";
/// let inputs = profile.read_inputs(export.as_bytes(), Some("deals.csv"), None)?;
/// assert_eq!(
///     inputs,
///     vec![Inputs::new("alex", "account-executive-marginal")
///         .with_period("2026-Q1")
///         .actual("bookings", dec!(40000.00))
///         .target("commission", dec!(500000))]
/// );
///
/// let bad = export.replace("3/30/2026", "30/03/2026");
/// let err = profile.read_inputs(bad.as_bytes(), Some("deals.csv"), None).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid input: file `deals.csv` line 2 column 4, participant `alex`, field `Close Date`: \
///      `30/03/2026` is not a date in the profile's format `month/day/year`, such as `3/30/2026`: \
///      month 30 is outside 1 to 12"
/// );
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    origin: Option<String>,
    description: Option<String>,
    participant: ParticipantSpec,
    date: Option<DateSpec>,
    filters: Vec<Filter>,
    formats: BTreeMap<String, NumberFormat>,
    fields: Fields,
    roster: Option<RosterSpec>,
}

/// Who each name of an export is: names to participant ids, and the
/// participants' hire dates, read from an HRIS export with
/// [`Profile::read_roster`] or built by hand.
///
/// # Example
///
/// ```
/// use incentive::import::{Profile, Roster};
///
/// let roster = Roster::new().person("Alex Morgan", "alex");
/// assert_eq!(roster.participant("Alex Morgan"), Some("alex"));
/// assert_eq!(roster.participant("Alex"), None);
///
/// let hris = Profile::load("plans/imports/hris-roster.toml")?;
/// let text = std::fs::read_to_string("plans/samples/hris-roster.csv").unwrap();
/// let roster = hris.read_roster(text.as_bytes(), Some("hris-roster.csv"))?;
/// assert_eq!(roster.participant("Jordan Lee"), Some("jordan"));
/// assert_eq!(roster.hired("jordan").map(|d| d.to_string()).as_deref(), Some("2025-11-03"));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    names: BTreeMap<String, String>,
    hired: BTreeMap<String, Date>,
}

impl Roster {
    /// An empty roster.
    pub fn new() -> Roster {
        Roster::default()
    }

    /// Maps the name `name` to the participant `id`.
    #[must_use]
    pub fn person(mut self, name: impl Into<String>, id: impl Into<String>) -> Roster {
        self.names.insert(name.into(), id.into());
        self
    }

    /// Records the participant `id`'s hire date.
    #[must_use]
    pub fn hired_on(mut self, id: impl Into<String>, date: Date) -> Roster {
        self.hired.insert(id.into(), date);
        self
    }

    /// The participant id of the name `name`, if the roster has it.
    pub fn participant(&self, name: &str) -> Option<&str> {
        self.names.get(name).map(String::as_str)
    }

    /// The participant `id`'s hire date, if the roster has one (for
    /// [`YearInputs::hired`](crate::YearInputs::hired)).
    pub fn hired(&self, id: &str) -> Option<Date> {
        self.hired.get(id).copied()
    }

    /// Every name and the participant id it maps to, by name.
    pub fn names(&self) -> &BTreeMap<String, String> {
        &self.names
    }
}

// ---------------------------------------------------------------------
// The profile file.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default)]
    description: Option<String>,
    participant: ParticipantSpec,
    #[serde(default)]
    date: Option<DateSpec>,
    #[serde(default)]
    filters: Vec<Filter>,
    #[serde(default)]
    formats: BTreeMap<String, NumberFormat>,
    #[serde(default)]
    inputs: Option<BTreeMap<InputKey, Field>>,
    #[serde(default)]
    transactions: Option<BTreeMap<TransactionKey, Field>>,
    #[serde(default)]
    roster: Option<RosterSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantSpec {
    column: String,
    #[serde(default)]
    ids: bool,
    #[serde(default)]
    names: BTreeMap<String, String>,
    #[serde(default)]
    skip: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct DateSpec {
    column: String,
    format: DateFormat,
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    year_starts: Option<Spanned<u32>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterSpec {
    name: String,
    #[serde(default)]
    hired: Option<HiredSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct HiredSpec {
    column: String,
    format: DateFormat,
}

/// How a date is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
enum DateFormat {
    #[serde(rename = "month/day/year")]
    MonthDayYear,
    #[serde(rename = "day/month/year")]
    DayMonthYear,
    #[serde(rename = "day.month.year")]
    DayDotMonthYear,
    #[serde(rename = "year-month-day")]
    YearMonthDay,
}

impl DateFormat {
    fn name(self) -> &'static str {
        match self {
            DateFormat::MonthDayYear => "month/day/year",
            DateFormat::DayMonthYear => "day/month/year",
            DateFormat::DayDotMonthYear => "day.month.year",
            DateFormat::YearMonthDay => "year-month-day",
        }
    }

    fn example(self) -> &'static str {
        match self {
            DateFormat::MonthDayYear => "3/30/2026",
            DateFormat::DayMonthYear => "30/03/2026",
            DateFormat::DayDotMonthYear => "30.03.2026",
            DateFormat::YearMonthDay => "2026-03-30",
        }
    }

    /// The date `text` spells in this format, or why not.
    fn parse(self, text: &str) -> std::result::Result<Date, String> {
        let invalid = |why: Option<String>| {
            format!(
                "`{text}` is not a date in the profile's format `{}`, such as `{}`{}",
                self.name(),
                self.example(),
                why.map(|w| format!(": {w}")).unwrap_or_default()
            )
        };
        let sep = match self {
            DateFormat::MonthDayYear | DateFormat::DayMonthYear => '/',
            DateFormat::DayDotMonthYear => '.',
            DateFormat::YearMonthDay => '-',
        };
        let parts: Vec<&str> = text.split(sep).collect();
        let [a, b, c] = parts.as_slice() else {
            return Err(invalid(None));
        };
        let (y, m, d) = match self {
            DateFormat::MonthDayYear => (*c, *a, *b),
            DateFormat::DayMonthYear | DateFormat::DayDotMonthYear => (*c, *b, *a),
            DateFormat::YearMonthDay => (*a, *b, *c),
        };
        let digits = |s: &str, widths: &[usize]| {
            widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        let short = if self == DateFormat::YearMonthDay {
            &[2][..]
        } else {
            &[1, 2][..]
        };
        if !digits(y, &[4]) || !digits(m, short) || !digits(d, short) {
            return Err(invalid(None));
        }
        let number = |s: &str| s.parse::<u32>().map_err(|_| invalid(None));
        let year = i32::try_from(number(y)?).map_err(|_| invalid(None))?;
        Date::new(year, number(m)?, number(d)?).map_err(|why| invalid(Some(why)))
    }
}

/// The periods rows add up into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Period {
    Month,
    Quarter,
    Half,
    Year,
}

impl DateSpec {
    /// The label of the period `date` falls in, as plans label periods.
    /// The label of the period `date` falls in, by the plans' own
    /// calendar ([`Calendar::period_of`](crate::year::Calendar::period_of)).
    fn period_of(&self, date: Date) -> Option<String> {
        let pay_period = match self.period? {
            Period::Month => PayPeriod::Month,
            Period::Quarter => PayPeriod::Quarter,
            Period::Half => PayPeriod::Half,
            Period::Year => PayPeriod::Year,
        };
        let start = self.year_starts.as_ref().map_or(1, |s| *s.get_ref());
        crate::year::Calendar::new(start, pay_period)
            .and_then(|c| c.period_of(date))
            .ok()
            .map(|p| p.label().to_owned())
    }
}

/// Which rows count.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawFilter")]
struct Filter {
    column: String,
    test: Test,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Test {
    Equals(String),
    OneOf(Vec<String>),
    NotEquals(String),
}

impl Filter {
    fn keeps(&self, value: &str) -> bool {
        match &self.test {
            Test::Equals(v) => value == v,
            Test::OneOf(vs) => vs.iter().any(|v| v == value),
            Test::NotEquals(v) => value != v,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFilter {
    column: String,
    #[serde(default)]
    equals: Option<String>,
    #[serde(default)]
    one_of: Option<Vec<String>>,
    #[serde(default)]
    not_equals: Option<String>,
}

impl TryFrom<RawFilter> for Filter {
    type Error = String;

    fn try_from(raw: RawFilter) -> std::result::Result<Filter, String> {
        let test = match (raw.equals, raw.one_of, raw.not_equals) {
            (Some(v), None, None) => Test::Equals(v),
            (None, Some(vs), None) if !vs.is_empty() => Test::OneOf(vs),
            (None, Some(_), None) => {
                return Err(format!(
                    "the filter on `{}` has an empty `one_of`, which no row passes; list the values that count",
                    raw.column
                ));
            }
            (None, None, Some(v)) => Test::NotEquals(v),
            _ => {
                return Err(format!(
                    "the filter on `{}` needs exactly one of `equals`, `one_of` or `not_equals`",
                    raw.column
                ));
            }
        };
        Ok(Filter {
            column: raw.column,
            test,
        })
    }
}

/// How negatives are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Negative {
    Minus,
    Parentheses,
    TrailingMinus,
}

/// How a number is written.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawFormat")]
struct NumberFormat {
    currency: Option<String>,
    thousands: Option<char>,
    decimal: char,
    negative: Vec<Negative>,
    percent: bool,
}

impl Default for NumberFormat {
    fn default() -> NumberFormat {
        NumberFormat {
            currency: None,
            thousands: None,
            decimal: '.',
            negative: vec![Negative::Minus],
            percent: false,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormat {
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    thousands: Option<String>,
    #[serde(default)]
    decimal: Option<String>,
    #[serde(default)]
    negative: Option<Vec<Negative>>,
    #[serde(default)]
    percent: bool,
}

impl TryFrom<RawFormat> for NumberFormat {
    type Error = String;

    fn try_from(raw: RawFormat) -> std::result::Result<NumberFormat, String> {
        let one = |what: &str, s: &str| -> std::result::Result<char, String> {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_ascii_digit() && !matches!(c, '-' | '(' | ')' | '%') => {
                    Ok(c)
                }
                _ => Err(format!(
                    "`{what}` is `{s}`; it is one character that is not a digit, sign, parenthesis or `%`, such as `,` or `.`"
                )),
            }
        };
        let thousands = match raw.thousands.as_deref() {
            None | Some("") => None,
            Some(s) => Some(one("thousands", s)?),
        };
        let decimal = match raw.decimal.as_deref() {
            None => '.',
            Some(s) => one("decimal", s)?,
        };
        if thousands == Some(decimal) {
            return Err(format!(
                "`thousands` and `decimal` are both `{decimal}`; a number needs them apart, such as `,` and `.`"
            ));
        }
        if let Some(c) = &raw.currency {
            if c.trim().is_empty()
                || c.trim() != c
                || c.chars()
                    .any(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '(' | ')'))
            {
                return Err(format!(
                    "`currency` is `{c}`; it is a symbol or code with no digits, signs or spaces around it, such as `$` or `EUR`"
                ));
            }
        }
        let negative = raw.negative.unwrap_or_else(|| vec![Negative::Minus]);
        if negative.is_empty() {
            return Err(
                "`negative` is empty; list how negatives are written: `minus`, `parentheses` or `trailing-minus`".into(),
            );
        }
        Ok(NumberFormat {
            currency: raw.currency,
            thousands,
            decimal,
            negative,
            percent: raw.percent,
        })
    }
}

impl NumberFormat {
    fn allows(&self, style: Negative) -> bool {
        self.negative.contains(&style)
    }

    fn strip_currency<'a>(&self, t: &'a str) -> &'a str {
        match &self.currency {
            Some(c) => t
                .strip_prefix(c.as_str())
                .map(str::trim_start)
                .or_else(|| t.strip_suffix(c.as_str()).map(str::trim_end))
                .unwrap_or(t),
            None => t,
        }
    }

    /// The number `text` spells in this format, exactly; `None` when it
    /// does not fit the format, `Some(Err)` when it is too large.
    fn parse(&self, text: &str) -> Option<std::result::Result<Decimal, String>> {
        let spaces;
        let mut t = text.trim();
        if self.thousands == Some(' ') {
            spaces = t.replace(['\u{a0}', '\u{202f}'], " ");
            t = spaces.as_str();
        }
        let mut negative = false;
        if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            if !self.allows(Negative::Parentheses) {
                return None;
            }
            negative = true;
            t = inner.trim();
        }
        t = self.strip_currency(t);
        if let Some(rest) = t.strip_prefix('-') {
            if negative || !self.allows(Negative::Minus) {
                return None;
            }
            negative = true;
            t = self.strip_currency(rest.trim_start());
        } else if let Some(rest) = t.strip_suffix('-') {
            if negative || !self.allows(Negative::TrailingMinus) {
                return None;
            }
            negative = true;
            t = self.strip_currency(rest.trim_end());
        }
        let mut percent = self.percent;
        if let Some(rest) = t.strip_suffix('%') {
            percent = true;
            t = rest.trim_end();
        }
        let (int, frac) = match t.split_once(self.decimal) {
            Some((i, f)) => (i, Some(f)),
            None => (t, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let int_digits: String = match self.thousands {
            Some(sep) if int.contains(sep) => {
                let groups: Vec<&str> = int.split(sep).collect();
                let (first, rest) = groups.split_first()?;
                if !all_digits(first) || first.len() > 3 {
                    return None;
                }
                if !rest.iter().all(|g| g.len() == 3 && all_digits(g)) {
                    return None;
                }
                groups.concat()
            }
            _ => {
                if !all_digits(int) {
                    return None;
                }
                int.to_owned()
            }
        };
        let digits = match frac {
            Some(f) if all_digits(f) => format!("{int_digits}.{f}"),
            Some(_) => return None,
            None => int_digits,
        };
        let signed = if negative {
            format!("-{digits}")
        } else {
            digits
        };
        let too_large =
            || format!("`{text}` is too large to hold exactly (at most 28 significant digits)");
        let mut value = match Decimal::from_str_exact(&signed) {
            Ok(v) => v,
            Err(_) => return Some(Err(too_large())),
        };
        if percent {
            let scale = value.scale() + 2;
            if scale > 28 || value.set_scale(scale).is_err() {
                return Some(Err(format!(
                    "`{text}` has too many decimal places to hold exactly as a percent"
                )));
            }
        }
        Some(Ok(value))
    }

    /// What this format accepts, in words, and an example.
    fn describe(&self) -> (String, String) {
        let th = self.thousands.map(String::from).unwrap_or_default();
        let body = format!("1{th}234{}50", self.decimal);
        let cur = self.currency.as_deref().unwrap_or_default();
        let example = format!("{cur}{body}");
        let mut parts = vec![match &self.currency {
            Some(c) => format!("currency `{c}`"),
            None => "no currency symbol".to_owned(),
        }];
        parts.push(match self.thousands {
            Some(' ') => "thousands separator ` ` (a space)".to_owned(),
            Some(c) => format!("thousands separator `{c}`"),
            None => "no thousands separator".to_owned(),
        });
        parts.push(format!("decimal mark `{}`", self.decimal));
        let forms: Vec<String> = self
            .negative
            .iter()
            .map(|n| match n {
                Negative::Minus => format!("`-{example}`"),
                Negative::Parentheses => format!("`({example})`"),
                Negative::TrailingMinus => format!("`{example}-`"),
            })
            .collect();
        parts.push(format!("negatives as {}", or_list(&forms)));
        if self.percent {
            parts.push("a percent (`15` and `15%` are 0.15)".to_owned());
        }
        (parts.join(", "), example)
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawField")]
enum Field {
    Column {
        column: String,
        format: Option<Spanned<String>>,
    },
    Value(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    value: Option<Text>,
    #[serde(default)]
    format: Option<Spanned<String>>,
}

impl TryFrom<RawField> for Field {
    type Error = String;

    fn try_from(raw: RawField) -> std::result::Result<Field, String> {
        match (raw.column, raw.value, raw.format) {
            (Some(column), None, format) => Ok(Field::Column { column, format }),
            (None, Some(Text(v)), None) => Ok(Field::Value(v)),
            (None, Some(_), Some(_)) => Err(
                "a `value` is written in the profile as the engine reads it and takes no `format`; `format` is for a `column`".into(),
            ),
            _ => Err(
                "a field needs exactly one of `column` (the export's column) or `value` (the same for every row)".into(),
            ),
        }
    }
}

/// A constant: a string, an integer, or a float as its text.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Text, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A field of inputs a profile fills.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum InputKey {
    Plan,
    Name,
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
}

const INPUT_KEYS: &str = "`plan`, `name`, `period`, `target_incentive`, `base_salary`, `target_percent`, `ote`, `mix`, `quota`, `actual.METRIC`, `target.COMPONENT`, `rating.COMPONENT` or `label.COMPONENT`";

/// The key after `prefix` in `text`, if it starts with `prefix`.
fn suffix(text: &str, prefix: &str) -> Option<std::result::Result<String, String>> {
    text.strip_prefix(prefix).map(|k| {
        if k.is_empty() || k.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Err(format!(
                "`{text}` names no valid key after `{prefix}`; write it like `{prefix}bookings`"
            ))
        } else {
            Ok(k.to_owned())
        }
    })
}

impl InputKey {
    fn parse(s: &str) -> std::result::Result<InputKey, String> {
        Ok(match s {
            "plan" => InputKey::Plan,
            "name" => InputKey::Name,
            "period" => InputKey::Period,
            "target_incentive" => InputKey::TargetIncentive,
            "base_salary" => InputKey::BaseSalary,
            "target_percent" => InputKey::TargetPercent,
            "ote" => InputKey::Ote,
            "mix" => InputKey::Mix,
            "quota" => InputKey::Quota,
            "participant" => {
                return Err(
                    "`participant` comes from the `[participant]` table, not from `[inputs]`"
                        .into(),
                );
            }
            _ => {
                if let Some(k) = suffix(s, "actual.") {
                    InputKey::Actual(k?)
                } else if let Some(k) = suffix(s, "target.") {
                    InputKey::Target(k?)
                } else if let Some(k) = suffix(s, "rating.") {
                    InputKey::Rating(k?)
                } else if let Some(k) = suffix(s, "label.") {
                    InputKey::Label(k?)
                } else {
                    return Err(format!(
                        "`{s}` is not a field of inputs; fields are {INPUT_KEYS}"
                    ));
                }
            }
        })
    }

    fn is_number(&self) -> bool {
        !matches!(
            self,
            InputKey::Plan | InputKey::Name | InputKey::Period | InputKey::Mix | InputKey::Label(_)
        )
    }
}

impl fmt::Display for InputKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputKey::Plan => f.write_str("plan"),
            InputKey::Name => f.write_str("name"),
            InputKey::Period => f.write_str("period"),
            InputKey::TargetIncentive => f.write_str("target_incentive"),
            InputKey::BaseSalary => f.write_str("base_salary"),
            InputKey::TargetPercent => f.write_str("target_percent"),
            InputKey::Ote => f.write_str("ote"),
            InputKey::Mix => f.write_str("mix"),
            InputKey::Quota => f.write_str("quota"),
            InputKey::Actual(k) => write!(f, "actual.{k}"),
            InputKey::Target(k) => write!(f, "target.{k}"),
            InputKey::Rating(k) => write!(f, "rating.{k}"),
            InputKey::Label(k) => write!(f, "label.{k}"),
        }
    }
}

impl<'de> Deserialize<'de> for InputKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<InputKey, D::Error> {
        let s = String::deserialize(d)?;
        InputKey::parse(&s).map_err(de::Error::custom)
    }
}

/// A field of a transaction a profile fills.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TransactionKey {
    Id,
    Metric,
    Amount,
    Quantity,
    Cost,
    RefersTo,
    Attribute(String),
}

const TRANSACTION_KEYS: &str =
    "`id`, `metric`, `amount`, `quantity`, `cost`, `refers_to` or `attr.NAME`";

impl TransactionKey {
    fn parse(s: &str) -> std::result::Result<TransactionKey, String> {
        Ok(match s {
            "id" => TransactionKey::Id,
            "metric" => TransactionKey::Metric,
            "amount" => TransactionKey::Amount,
            "quantity" => TransactionKey::Quantity,
            "cost" => TransactionKey::Cost,
            "refers_to" => TransactionKey::RefersTo,
            "date" => {
                return Err("a transaction's date comes from the `[date]` table".into());
            }
            _ => match suffix(s, "attr.") {
                Some(k) => TransactionKey::Attribute(k?),
                None => {
                    return Err(format!(
                        "`{s}` is not a field of a transaction; fields are {TRANSACTION_KEYS}"
                    ));
                }
            },
        })
    }

    fn is_number(&self) -> bool {
        matches!(
            self,
            TransactionKey::Amount | TransactionKey::Quantity | TransactionKey::Cost
        )
    }
}

impl fmt::Display for TransactionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransactionKey::Id => f.write_str("id"),
            TransactionKey::Metric => f.write_str("metric"),
            TransactionKey::Amount => f.write_str("amount"),
            TransactionKey::Quantity => f.write_str("quantity"),
            TransactionKey::Cost => f.write_str("cost"),
            TransactionKey::RefersTo => f.write_str("refers_to"),
            TransactionKey::Attribute(k) => write!(f, "attr.{k}"),
        }
    }
}

impl<'de> Deserialize<'de> for TransactionKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<TransactionKey, D::Error> {
        let s = String::deserialize(d)?;
        TransactionKey::parse(&s).map_err(de::Error::custom)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Fields {
    Inputs(BTreeMap<InputKey, Field>),
    Transactions(BTreeMap<TransactionKey, Field>),
}

// ---------------------------------------------------------------------
// Loading.

impl Profile {
    /// Reads a profile from TOML text; `origin` names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming `origin`, the line and column where known,
    /// for: TOML that does not parse; an unknown key in any table; a key
    /// of `[inputs]` or `[transactions]` that is not a field; a field with
    /// both or neither of `column` and `value`; a `format` that names no
    /// `[formats]` table, or a `value` that is not a number where a number
    /// is needed; a filter with none or several tests; a number format
    /// whose `thousands` and `decimal` are the same; both or neither of
    /// `[inputs]` and `[transactions]`; inputs without a `plan`;
    /// transactions without `id`, `metric` or `amount`, or without a
    /// `[date]`; a `period` both from `[date]` and from a field.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::import::Profile;
    ///
    /// let err = Profile::from_toml(
    ///     "[participant]\ncolumn = 'Owner'\ncolum = 'Owner'\n",
    ///     Some("deals.toml"),
    /// )
    /// .unwrap_err();
    /// assert_eq!(err.details().file.as_deref(), Some("deals.toml"));
    /// assert_eq!(err.details().line, Some(3));
    /// assert!(err.to_string().contains("unknown field `colum`"));
    /// ```
    pub fn from_toml(text: &str, origin: Option<&str>) -> Result<Profile> {
        Profile::parse(text)
            .map_err(|e| as_input(e).in_file(origin))
            .map(|mut p| {
                p.origin = origin.map(str::to_owned);
                p
            })
    }

    /// Reads a profile file; see [`Profile::from_toml`].
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`Profile::from_toml`], naming the file.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::import::Profile;
    ///
    /// let profile = Profile::load("plans/imports/hris-roster.toml")?;
    /// assert!(profile.description().unwrap().starts_with("HRIS"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Profile> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::source::read_text(path, &name)?;
        Profile::from_toml(&text, Some(&name))
    }

    fn parse(text: &str) -> Result<Profile> {
        let file: ProfileFile = source::from_toml(text, "filters", "column", |e, _| e)?;
        let fields = match (file.inputs, file.transactions) {
            (Some(i), None) => Fields::Inputs(i),
            (None, Some(t)) => Fields::Transactions(t),
            (Some(_), Some(_)) => {
                return Err(Error::input(
                    "the profile has both `[inputs]` and `[transactions]`; a profile makes one of them",
                ));
            }
            (None, None) => {
                return Err(Error::input(
                    "the profile has neither `[inputs]` nor `[transactions]`; give the fields it fills in one of them",
                ));
            }
        };
        if let Some(y) = file.date.as_ref().and_then(|d| d.year_starts.as_ref()) {
            if !(1..=12).contains(y.get_ref()) {
                let (line, column) = line_column(text, y.span().start);
                return Err(Error::input(format!(
                    "`year_starts` is {}; it is the month a plan year starts, 1 to 12",
                    y.get_ref()
                ))
                .at(line, column)
                .with_field("date.year_starts"));
            }
        }
        if file.participant.ids
            && (!file.participant.names.is_empty() || !file.participant.skip.is_empty())
        {
            return Err(Error::input(
                "`[participant]` has `ids = true`, so its column holds participant ids; `names` and `skip` are for a column of names",
            )
            .with_field("participant.ids"));
        }
        let profile = Profile {
            origin: None,
            description: file.description,
            participant: file.participant,
            date: file.date,
            filters: file.filters,
            formats: file.formats,
            fields,
            roster: file.roster,
        };
        profile.check(text)?;
        Ok(profile)
    }

    /// The checks across tables.
    fn check(&self, text: &str) -> Result<()> {
        let check_field = |table: &str, key: String, field: &Field, number: bool| -> Result<()> {
            let place = |e: Error| e.with_field(format!("{table}.{key}"));
            match field {
                Field::Column {
                    format: Some(f), ..
                } => {
                    let (line, column) = line_column(text, f.span().start);
                    if !self.formats.contains_key(f.get_ref()) {
                        let known: Vec<String> =
                            self.formats.keys().map(|k| format!("`{k}`")).collect();
                        return Err(place(
                            Error::input(format!(
                                "format `{}` is not a `[formats]` table of the profile; formats: {}",
                                f.get_ref(),
                                if known.is_empty() {
                                    "none".to_owned()
                                } else {
                                    known.join(", ")
                                }
                            ))
                            .at(line, column),
                        ));
                    }
                    if !number {
                        return Err(place(
                            Error::input(format!(
                                "`{key}` is text, which takes no number `format`"
                            ))
                            .at(line, column),
                        ));
                    }
                }
                Field::Value(v) if v.is_empty() => {
                    return Err(place(Error::input(format!(
                        "`{key}` has an empty `value`, which gives nothing; give the value, or leave the field out"
                    ))));
                }
                Field::Value(v) if number => {
                    crate::number::parse_decimal(v).map_err(|m| place(Error::input(m)))?;
                }
                _ => {}
            }
            Ok(())
        };
        match &self.fields {
            Fields::Inputs(fields) => {
                for (k, f) in fields {
                    check_field("inputs", k.to_string(), f, k.is_number())?;
                    if let (InputKey::Mix, Field::Value(v)) = (k, f) {
                        v.parse::<Mix>()
                            .map_err(|m| Error::input(m).with_field("inputs.mix"))?;
                    }
                }
                if !fields.contains_key(&InputKey::Plan) {
                    return Err(Error::input(
                        "`[inputs]` gives no `plan`; give it as `plan = { value = \"…\" }` or from a `column`",
                    ));
                }
                let by_date = self.date.as_ref().is_some_and(|d| d.period.is_some());
                if by_date && fields.contains_key(&InputKey::Period) {
                    return Err(Error::input(
                        "the period comes both from `[date]` (`period`) and from `[inputs]` (`period`); give it one way",
                    )
                    .with_field("inputs.period"));
                }
                if self.date.is_some() && !by_date {
                    return Err(Error::input(
                        "`[date]` gives no `period`; for inputs, the date says which period a row adds to: give `period = \"quarter\"` (or `month`, `half`, `year`)",
                    )
                    .with_field("date.period"));
                }
            }
            Fields::Transactions(fields) => {
                for (k, f) in fields {
                    check_field("transactions", k.to_string(), f, k.is_number())?;
                }
                for need in [
                    TransactionKey::Id,
                    TransactionKey::Metric,
                    TransactionKey::Amount,
                ] {
                    if !fields.contains_key(&need) {
                        return Err(Error::input(format!(
                            "`[transactions]` gives no `{need}`; every transaction needs one"
                        )));
                    }
                }
                match &self.date {
                    None => {
                        return Err(Error::input(
                            "a transactions profile needs a `[date]`: the column that dates each transaction",
                        ));
                    }
                    Some(d) if d.period.is_some() => {
                        return Err(Error::input(
                            "`[date]` has a `period`, which is for inputs; transactions keep their date",
                        )
                        .with_field("date.period"));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }

    /// What the profile makes: inputs or transactions.
    pub fn output(&self) -> Output {
        match self.fields {
            Fields::Inputs(_) => Output::Inputs,
            Fields::Transactions(_) => Output::Transactions,
        }
    }

    /// The profile's `description`, if it has one.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The profile file, as named when it was read.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    fn named(&self) -> String {
        match &self.origin {
            Some(o) => format!("profile `{o}`"),
            None => "the profile".to_owned(),
        }
    }
}

fn as_input(e: Error) -> Error {
    match e {
        Error::Plan(d) => Error::Input(d),
        other => other,
    }
}

// ---------------------------------------------------------------------
// Reading an export.

/// An export, read: its header and rows.
struct Export {
    header: ::csv::StringRecord,
    header_line: usize,
    records: Vec<::csv::StringRecord>,
}

fn read_export(mut reader: impl Read, file: Option<&str>) -> Result<Export> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| match file {
        Some(f) => Error::io(f, e),
        None => Error::io("the export", e),
    })?;
    let text = crate::source::utf8_text(bytes, file)?;
    let mut csv = crate::csv::reader(&text);
    let header = csv
        .headers()
        .map_err(|e| crate::csv::csv_error(&e))?
        .clone();
    let header_line = header
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(1);
    let mut records = Vec::new();
    for r in csv.records() {
        records.push(r.map_err(|e| crate::csv::csv_error(&e))?);
    }
    Ok(Export {
        header,
        header_line,
        records,
    })
}

/// A row being read: its record, line, and the participant once known.
struct Row<'a> {
    export: &'a Export,
    record: &'a ::csv::StringRecord,
    line: usize,
    participant: Option<String>,
}

impl Row<'_> {
    fn cell(&self, index: usize) -> &str {
        self.record.get(index).unwrap_or_default()
    }

    /// An error at the cell of column `index`, or at the row for a
    /// profile's constant (`None`).
    fn error_at(&self, index: Option<usize>, message: impl Into<String>) -> Error {
        match index {
            Some(i) => self.error(i, message),
            None => {
                let mut e = Error::input(message);
                e.details_mut().line = Some(self.line);
                match &self.participant {
                    Some(p) => e.with_participant(p),
                    None => e,
                }
            }
        }
    }

    /// An error at the cell of column `index`.
    fn error(&self, index: usize, message: impl Into<String>) -> Error {
        let e = Error::input(message)
            .at(self.line, index + 1)
            .with_field(self.export.header.get(index).unwrap_or_default());
        match &self.participant {
            Some(p) => e.with_participant(p),
            None => e,
        }
    }
}

/// A field's value in a row: a number or text.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Number(Decimal),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(d) => write!(f, "{d}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

/// A field resolved against the export's header.
struct Resolved<'a, K> {
    key: &'a K,
    source: Source<'a>,
    number: bool,
}

enum Source<'a> {
    Cell {
        index: usize,
        format: Option<(&'a str, &'a NumberFormat)>,
    },
    Value(&'a str),
}

impl Source<'_> {
    /// The column, for a field read from one.
    fn index(&self) -> Option<usize> {
        match self {
            Source::Cell { index, .. } => Some(*index),
            Source::Value(_) => None,
        }
    }
}

/// Who a row is for.
enum Who {
    Participant(String),
    Skipped,
}

/// One participant, plan and period being added up.
struct Group {
    participant: String,
    plan: String,
    period: Option<String>,
    values: BTreeMap<InputKey, (Value, usize)>,
}

impl Profile {
    /// The index of the column `name` in the export's header.
    fn column(&self, export: &Export, name: &str, what: &str) -> Result<usize> {
        let mut found = export
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| *h == name)
            .map(|(i, _)| i);
        match (found.next(), found.next()) {
            (Some(i), None) => Ok(i),
            (Some(_), Some(j)) => Err(Error::input(format!(
                "column `{name}`, which {} reads for {what}, appears twice in the header; rename one",
                self.named()
            ))
            .at(export.header_line, j + 1)),
            (None, _) if export.header.iter().all(str::is_empty) => Err(Error::input(format!(
                "the file has no header row; {} reads {what} from column `{name}`",
                self.named()
            ))
            .at(export.header_line, 1)),
            (None, _) => {
                let columns: Vec<String> = export.header.iter().map(|h| format!("`{h}`")).collect();
                Err(Error::input(format!(
                    "the header has no `{name}` column, which {} reads for {what}; the columns are {}",
                    self.named(),
                    columns.join(", ")
                ))
                .at(export.header_line, 1))
            }
        }
    }

    fn resolve<'a, K: fmt::Display>(
        &'a self,
        export: &Export,
        fields: &'a BTreeMap<K, Field>,
        number: impl Fn(&K) -> bool,
    ) -> Result<Vec<Resolved<'a, K>>> {
        fields
            .iter()
            .map(|(key, field)| {
                let source = match field {
                    Field::Column { column, format } => Source::Cell {
                        index: self.column(export, column, &format!("`{key}`"))?,
                        format: format.as_ref().and_then(|f| {
                            self.formats
                                .get_key_value(f.get_ref())
                                .map(|(k, v)| (k.as_str(), v))
                        }),
                    },
                    Field::Value(v) => Source::Value(v),
                };
                Ok(Resolved {
                    key,
                    source,
                    number: number(key),
                })
            })
            .collect()
    }

    /// The columns of the filters, resolved.
    fn filters<'a>(&'a self, export: &Export) -> Result<Vec<(usize, &'a Filter)>> {
        self.filters
            .iter()
            .map(|f| Ok((self.column(export, &f.column, "a filter")?, f)))
            .collect()
    }

    /// Whether every filter keeps the row.
    fn kept(filters: &[(usize, &Filter)], record: &::csv::StringRecord) -> bool {
        filters
            .iter()
            .all(|(i, f)| f.keeps(record.get(*i).unwrap_or_default()))
    }

    /// Who the row is for.
    fn who(&self, row: &Row<'_>, index: usize, roster: Option<&Roster>) -> Result<Who> {
        let value = row.cell(index);
        let spec = &self.participant;
        if value.is_empty() {
            return Err(row.error(
                index,
                format!(
                    "the `{}` cell is empty; {} reads each row's participant from it",
                    spec.column,
                    self.named()
                ),
            ));
        }
        // The one check of ids, on the id the row resolves to.
        let id = |id: &str| {
            check_id(IdKind::Participant, id)
                .map(|()| Who::Participant(id.to_owned()))
                .map_err(|e| row.error(index, e.details().message.clone()))
        };
        if spec.ids {
            return id(value);
        }
        if let Some(p) = spec.names.get(value) {
            return id(p);
        }
        if let Some(p) = roster.and_then(|r| r.participant(value)) {
            return id(p);
        }
        if spec.skip.iter().any(|s| s == value) {
            return Ok(Who::Skipped);
        }
        Err(row.error(
            index,
            format!(
                "no participant is mapped for the name `{value}`; add `\"{value}\" = \"ID\"` to `[participant.names]` in {}{}, or list the name in `skip` to leave its rows out",
                self.named(),
                if roster.is_some() {
                    " or the name to the roster"
                } else {
                    ", or give a roster that has it"
                }
            ),
        ))
    }

    /// The value of a resolved field in a row; `None` for an empty cell.
    fn value<K: fmt::Display>(
        &self,
        row: &Row<'_>,
        field: &Resolved<'_, K>,
    ) -> Result<Option<Value>> {
        let (text, index, format) = match field.source {
            Source::Value(v) => (v, None, None),
            Source::Cell { index, format } => (row.cell(index), Some(index), format),
        };
        if text.is_empty() {
            return Ok(None);
        }
        if !field.number {
            return Ok(Some(Value::Text(text.to_owned())));
        }
        let plain = NumberFormat::default();
        let (name, fmt) = format.unwrap_or(("plain", &plain));
        match (fmt.parse(text), index) {
            (Some(Ok(d)), _) => Ok(Some(Value::Number(d))),
            (Some(Err(m)), Some(i)) => Err(row.error(i, m)),
            (None, Some(i)) => {
                let (describe, example) = fmt.describe();
                let hint = if format.is_none() {
                    ", or give the field a `format`"
                } else {
                    ""
                };
                Err(row.error(
                    i,
                    format!(
                        "`{text}` is not a number in the profile's format `{name}` ({describe}); write it like `{example}`{hint}"
                    ),
                ))
            }
            // A constant was checked when the profile was read.
            (Some(Err(m)), None) => Err(Error::input(m)),
            (None, None) => Err(Error::input(format!(
                "`{text}` is not a number; write it like `1250` or `0.75`"
            ))),
        }
    }

    /// Reads an export into inputs: one [`Inputs`] per participant, plan
    /// and period, in the order each first appears; `origin` names the
    /// export in errors, and `roster` (if any) is where names not in the
    /// profile's `[participant.names]` are looked up.
    ///
    /// Rows the filters leave out are not parsed at all. In each kept row
    /// the participant's name is mapped (a name in `skip` drops the row),
    /// the date gives the period, and every field is read in its format;
    /// an empty cell gives no value. The `actual.` fields of the rows of
    /// one participant, plan and period are summed exactly; any other
    /// field given in several of its rows must be the same in each.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming `origin`, the line, the column and its
    /// header, and the participant where known, for: a profile that makes
    /// transactions; a column the profile names that the header lacks or
    /// has twice; a row with more or fewer fields than the header; an
    /// empty participant, date or plan cell; a name nobody maps; a date or
    /// number not in the profile's format (the message says which format
    /// and gives an example); a `mix` that is not base/variable; two rows
    /// of one participant, plan and period that disagree on a field other
    /// than an `actual.`; a sum too large to hold exactly. [`Error::Io`]
    /// when `reader` fails.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::import::Profile;
    /// use incentive::{Inputs, PlanSet};
    /// use rust_decimal_macros::dec;
    ///
    /// let hris = Profile::load("plans/imports/hris-roster.toml")?;
    /// let roster_csv = std::fs::read_to_string("plans/samples/hris-roster.csv").unwrap();
    /// let roster = hris.read_roster(roster_csv.as_bytes(), Some("hris-roster.csv"))?;
    ///
    /// let profile = Profile::load("plans/imports/salesforce-opportunities.toml")?;
    /// let export = std::fs::read("plans/samples/salesforce-opportunities.csv").unwrap();
    /// let inputs = profile.read_inputs(&export[..], Some("salesforce-opportunities.csv"), Some(&roster))?;
    /// assert_eq!(inputs[0], Inputs::new("alex", "account-executive-marginal")
    ///     .with_period("2026-Q1")
    ///     .actual("bookings", dec!(650000))
    ///     .target("commission", dec!(500000)));
    ///
    /// let statement = PlanSet::load_dir("plans")?.evaluate(&inputs[0])?;
    /// assert_eq!(statement.total(), dec!(58000.00));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn read_inputs(
        &self,
        reader: impl Read,
        origin: Option<&str>,
        roster: Option<&Roster>,
    ) -> Result<Vec<Inputs>> {
        self.inputs(reader, origin, roster)
            .map_err(|e| e.in_file(origin))
    }

    fn inputs(
        &self,
        reader: impl Read,
        origin: Option<&str>,
        roster: Option<&Roster>,
    ) -> Result<Vec<Inputs>> {
        let Fields::Inputs(fields) = &self.fields else {
            return Err(Error::input(format!(
                "{} makes transactions (its fields are in `[transactions]`); read the export with `read_transactions`",
                self.named()
            )));
        };
        let export = read_export(reader, origin)?;
        let who = self.column(&export, &self.participant.column, "the participant")?;
        let date = match &self.date {
            Some(d) => Some((self.column(&export, &d.column, "the date")?, d)),
            None => None,
        };
        let filters = self.filters(&export)?;
        let fields = self.resolve(&export, fields, InputKey::is_number)?;
        let mut groups: Vec<Group> = Vec::new();
        let mut index: BTreeMap<(String, String, Option<String>), usize> = BTreeMap::new();
        for record in &export.records {
            if !Self::kept(&filters, record) {
                continue;
            }
            let mut row = Row {
                export: &export,
                record,
                line: crate::csv::line_of(record),
                participant: None,
            };
            let participant = match self.who(&row, who, roster)? {
                Who::Participant(p) => p,
                Who::Skipped => continue,
            };
            row.participant = Some(participant.clone());
            let mut period = match date {
                Some((i, spec)) => Some(self.period(&row, i, spec)?),
                None => None,
            };
            let mut plan = None;
            let mut values = Vec::new();
            for field in &fields {
                let Some(value) = self.value(&row, field)? else {
                    continue;
                };
                let checked = |kind: IdKind, text: &str| {
                    check_id(kind, text).map_err(|e| {
                        let m = e.details().message.clone();
                        match field.source {
                            Source::Cell { index, .. } => row.error(index, m),
                            Source::Value(_) => row.error_at(None, m).with_field(kind.field()),
                        }
                    })
                };
                match (field.key, &value) {
                    (InputKey::Plan, Value::Text(p)) => {
                        checked(IdKind::Plan, p)?;
                        plan = Some(p.clone());
                    }
                    (InputKey::Period, Value::Text(p)) => {
                        checked(IdKind::Period, p)?;
                        period = Some(p.clone());
                    }
                    (InputKey::Name, Value::Text(n)) => {
                        checked(IdKind::Name, n)?;
                        values.push((field, value));
                    }
                    (InputKey::Mix, Value::Text(m)) => {
                        if let Err(m) = m.parse::<Mix>() {
                            return Err(match field.source {
                                Source::Cell { index, .. } => row.error(index, m),
                                Source::Value(_) => Error::input(m),
                            });
                        }
                        values.push((field, value));
                    }
                    _ => values.push((field, value)),
                }
            }
            let Some(plan) = plan else {
                let at = fields
                    .iter()
                    .find(|f| *f.key == InputKey::Plan)
                    .and_then(|f| f.source.index());
                return Err(row.error_at(
                    at,
                    "the plan cell is empty; every row names its plan".to_owned(),
                ));
            };
            let key = (participant.clone(), plan.clone(), period.clone());
            let g = match index.get(&key) {
                Some(&g) => g,
                None => {
                    index.insert(key, groups.len());
                    groups.push(Group {
                        participant: participant.clone(),
                        plan: plan.clone(),
                        period: period.clone(),
                        values: BTreeMap::new(),
                    });
                    groups.len() - 1
                }
            };
            let Some(group) = groups.get_mut(g) else {
                continue;
            };
            for (field, value) in values {
                let at = field.source.index();
                match group.values.get_mut(field.key) {
                    None => {
                        group.values.insert(field.key.clone(), (value, row.line));
                    }
                    Some((Value::Number(sum), _)) if matches!(field.key, InputKey::Actual(_)) => {
                        if let Value::Number(d) = value {
                            *sum = exact_add(*sum, d).ok_or_else(|| {
                                row.error_at(
                                    at,
                                    format!(
                                        "the sum of `{}` is too large to hold exactly",
                                        field.key
                                    ),
                                )
                            })?;
                        }
                    }
                    Some((old, first)) => {
                        if *old != value {
                            return Err(row.error_at(
                                at,
                                format!(
                                    "`{}` is `{value}` here but `{old}` on line {first} for the same participant, plan and period; rows are summed only in `actual.` fields, and every other field must agree",
                                    field.key
                                ),
                            )
                            .with_plan(&plan));
                        }
                    }
                }
            }
        }
        Ok(groups.into_iter().map(Group::inputs).collect())
    }

    /// The period label of a row's date.
    fn period(&self, row: &Row<'_>, index: usize, spec: &DateSpec) -> Result<String> {
        let date = self.date_of(row, index, spec.format, "the date")?;
        spec.period_of(date)
            .ok_or_else(|| row.error(index, format!("no period holds the date {date}")))
    }

    fn date_of(&self, row: &Row<'_>, index: usize, format: DateFormat, what: &str) -> Result<Date> {
        let text = row.cell(index);
        if text.is_empty() {
            return Err(row.error(
                index,
                format!(
                    "the `{}` cell is empty; {} reads {what} from it",
                    row.export.header.get(index).unwrap_or_default(),
                    self.named()
                ),
            ));
        }
        format.parse(text).map_err(|m| row.error(index, m))
    }

    /// Reads an export into transactions, one per kept row in file order,
    /// each dated by `[date]` and credited wholly (a split of 1) to the
    /// row's participant; `origin` and `roster` are as in
    /// [`Profile::read_inputs`].
    ///
    /// # Errors
    ///
    /// As [`Profile::read_inputs`], and for a profile that makes inputs
    /// and an empty `id`, `metric` or `amount`. That ids are unique and
    /// credit notes refer to known lines is checked when credits are
    /// built ([`Credits::build`](crate::Credits::build)).
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::import::{Profile, Roster};
    /// use incentive::Transaction;
    /// use rust_decimal_macros::dec;
    ///
    /// let profile = Profile::from_toml(r#"
    ///     [participant]
    ///     column = "Owner"
    ///     [date]
    ///     column = "Close Date"
    ///     format = "day/month/year"
    ///     [formats.eur]
    ///     currency = "€"
    ///     thousands = "."
    ///     decimal = ","
    ///     negative = ["trailing-minus"]
    ///     [transactions]
    ///     id = { column = "Deal" }
    ///     metric = { value = "bookings" }
    ///     amount = { column = "Amount", format = "eur" }
    ///     "attr.customer" = { column = "Account" }
    /// "#, None)?;
    /// let export = "Deal,Owner,Account,Amount,Close Date\n\
    ///               D-7,Alex Morgan,Globex,\"12.500,50 €-\",30/03/2026\n";
    /// let roster = Roster::new().person("Alex Morgan", "alex");
    /// let lines = profile.read_transactions(export.as_bytes(), None, Some(&roster))?;
    /// assert_eq!(lines, vec![
    ///     Transaction::new("D-7", "bookings", dec!(-12500.50), "2026-03-30".parse()?)
    ///         .attribute("customer", "Globex")
    ///         .split("alex", dec!(1)),
    /// ]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_transactions(
        &self,
        reader: impl Read,
        origin: Option<&str>,
        roster: Option<&Roster>,
    ) -> Result<Vec<Transaction>> {
        self.transactions(reader, origin, roster)
            .map_err(|e| e.in_file(origin))
    }

    fn transactions(
        &self,
        reader: impl Read,
        origin: Option<&str>,
        roster: Option<&Roster>,
    ) -> Result<Vec<Transaction>> {
        let (Fields::Transactions(fields), Some(date)) = (&self.fields, &self.date) else {
            return Err(Error::input(format!(
                "{} makes inputs (its fields are in `[inputs]`); read the export with `read_inputs`",
                self.named()
            )));
        };
        let export = read_export(reader, origin)?;
        let who = self.column(&export, &self.participant.column, "the participant")?;
        let date_index = self.column(&export, &date.column, "the date")?;
        let filters = self.filters(&export)?;
        let fields = self.resolve(&export, fields, TransactionKey::is_number)?;
        let mut out = Vec::new();
        for record in &export.records {
            if !Self::kept(&filters, record) {
                continue;
            }
            let mut row = Row {
                export: &export,
                record,
                line: crate::csv::line_of(record),
                participant: None,
            };
            let participant = match self.who(&row, who, roster)? {
                Who::Participant(p) => p,
                Who::Skipped => continue,
            };
            row.participant = Some(participant.clone());
            let on = self.date_of(&row, date_index, date.format, "the date")?;
            let mut values: BTreeMap<&TransactionKey, Value> = BTreeMap::new();
            for field in &fields {
                if let Some(v) = self.value(&row, field)? {
                    values.insert(field.key, v);
                } else if matches!(
                    field.key,
                    TransactionKey::Id | TransactionKey::Metric | TransactionKey::Amount
                ) {
                    let at = field.source.index();
                    return Err(row.error_at(
                        at,
                        format!(
                            "the cell is empty; {} reads each transaction's `{}` from it",
                            self.named(),
                            field.key
                        ),
                    ));
                }
            }
            let text = |k: &TransactionKey| match values.get(k) {
                Some(Value::Text(t)) => Some(t.clone()),
                _ => None,
            };
            let number = |k: &TransactionKey| match values.get(k) {
                Some(Value::Number(d)) => Some(*d),
                _ => None,
            };
            let mut t = Transaction::new(
                text(&TransactionKey::Id).unwrap_or_default(),
                text(&TransactionKey::Metric).unwrap_or_default(),
                number(&TransactionKey::Amount).unwrap_or_default(),
                on,
            );
            if let Some(q) = number(&TransactionKey::Quantity) {
                t = t.quantity(q);
            }
            if let Some(c) = number(&TransactionKey::Cost) {
                t = t.cost(c);
            }
            if let Some(r) = text(&TransactionKey::RefersTo) {
                t = t.refers_to(r);
            }
            for (k, v) in &values {
                if let (TransactionKey::Attribute(a), Value::Text(v)) = (k, v) {
                    t = t.attribute(a.clone(), v.clone());
                }
            }
            out.push(t.split(participant, Decimal::ONE));
        }
        Ok(out)
    }

    /// Reads a roster from an HRIS export: each kept row's participant
    /// (from `[participant]`) under the name in the `[roster]` `name`
    /// column, and the hire date from its `hired` column if the profile
    /// names one.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming `origin`, the line and the column, for: a
    /// profile with no `[roster]` table; a column the profile names that
    /// the header lacks; an empty participant or name cell; a hire date
    /// not in the profile's format; one name for two participants.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::import::Profile;
    ///
    /// let hris = Profile::load("plans/imports/hris-roster.toml")?;
    /// let text = "Employee ID,Login,Full Name,Job Title,Comp Plan,Department,Base Salary,Target Bonus %,OTE,Hire Date,Status\n\
    ///             E1001,alex,Alex Morgan,Account Executive,account-executive-marginal,Sales,\"$120,000.00\",,\"$280,000.00\",15/06/2023,Active\n\
    ///             E1002,alexm,Alex Morgan,Account Executive,account-executive-marginal,Sales,\"$120,000.00\",,\"$280,000.00\",15/06/2023,Active\n";
    /// let err = hris.read_roster(text.as_bytes(), Some("hris.csv")).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid input: file `hris.csv` line 3 column 3, participant `alexm`, field `Full Name`: \
    ///      the name `Alex Morgan` is participant `alex` on line 2 and `alexm` here; \
    ///      a roster maps each name to one participant"
    /// );
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn read_roster(&self, reader: impl Read, origin: Option<&str>) -> Result<Roster> {
        self.roster(reader, origin).map_err(|e| e.in_file(origin))
    }

    fn roster(&self, reader: impl Read, origin: Option<&str>) -> Result<Roster> {
        let Some(spec) = &self.roster else {
            return Err(Error::input(format!(
                "{} has no `[roster]` table naming the column of people's names; it cannot read a roster",
                self.named()
            )));
        };
        let export = read_export(reader, origin)?;
        let who = self.column(&export, &self.participant.column, "the participant")?;
        let name_index = self.column(&export, &spec.name, "the roster's names")?;
        let hired = match &spec.hired {
            Some(h) => Some((self.column(&export, &h.column, "the hire date")?, h.format)),
            None => None,
        };
        let filters = self.filters(&export)?;
        let mut roster = Roster::new();
        let mut lines: BTreeMap<String, usize> = BTreeMap::new();
        for record in &export.records {
            if !Self::kept(&filters, record) {
                continue;
            }
            let mut row = Row {
                export: &export,
                record,
                line: crate::csv::line_of(record),
                participant: None,
            };
            let id = match self.who(&row, who, None)? {
                Who::Participant(p) => p,
                Who::Skipped => continue,
            };
            row.participant = Some(id.clone());
            let name = row.cell(name_index);
            if name.is_empty() {
                return Err(row.error(
                    name_index,
                    format!(
                        "the `{}` cell is empty; {} reads each person's name from it",
                        spec.name,
                        self.named()
                    ),
                ));
            }
            check_id(IdKind::Name, name)
                .map_err(|e| row.error(name_index, e.details().message.clone()))?;
            if let Some(other) = roster.participant(name) {
                if other != id {
                    let first = lines.get(name).copied().unwrap_or_default();
                    return Err(row.error(
                        name_index,
                        format!(
                            "the name `{name}` is participant `{other}` on line {first} and `{id}` here; a roster maps each name to one participant"
                        ),
                    ));
                }
            }
            lines.entry(name.to_owned()).or_insert(row.line);
            if let Some((i, format)) = hired {
                if !row.cell(i).is_empty() {
                    let on = self.date_of(&row, i, format, "the hire date")?;
                    roster = roster.hired_on(id.clone(), on);
                }
            }
            roster = roster.person(name, id);
        }
        Ok(roster)
    }
}

impl Group {
    fn inputs(self) -> Inputs {
        let mut i = Inputs::new(self.participant, self.plan);
        if let Some(p) = self.period {
            i = i.with_period(p);
        }
        for (k, (v, _)) in self.values {
            i = match (k, v) {
                (InputKey::Name, Value::Text(t)) => i.with_name(t),
                (InputKey::Mix, Value::Text(t)) => match t.parse::<Mix>() {
                    Ok(m) => i.with_mix(m),
                    Err(_) => i,
                },
                (InputKey::Label(c), Value::Text(t)) => i.label(c, t),
                (InputKey::TargetIncentive, Value::Number(d)) => i.with_target_incentive(d),
                (InputKey::BaseSalary, Value::Number(d)) => i.with_base_salary(d),
                (InputKey::TargetPercent, Value::Number(d)) => i.with_target_percent(d),
                (InputKey::Ote, Value::Number(d)) => i.with_ote(d),
                (InputKey::Quota, Value::Number(d)) => i.with_quota(d),
                (InputKey::Actual(m), Value::Number(d)) => i.actual(m, d),
                (InputKey::Target(c), Value::Number(d)) => i.target(c, d),
                (InputKey::Rating(c), Value::Number(d)) => i.rating(c, d),
                _ => i,
            };
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> NumberFormat {
        NumberFormat {
            currency: Some("$".into()),
            thousands: Some(','),
            negative: vec![
                Negative::Minus,
                Negative::Parentheses,
                Negative::TrailingMinus,
            ],
            ..NumberFormat::default()
        }
    }

    #[test]
    fn numbers_read_exactly_in_their_format() {
        let f = usd();
        let read = |t: &str| f.parse(t).and_then(Result::ok).map(|d| d.to_string());
        assert_eq!(read("$48,000.00").as_deref(), Some("48000.00"));
        assert_eq!(read("48000").as_deref(), Some("48000"));
        assert_eq!(read("($1,234.50)").as_deref(), Some("-1234.50"));
        assert_eq!(read("-$1,234.50").as_deref(), Some("-1234.50"));
        assert_eq!(read("$-1,234.50").as_deref(), Some("-1234.50"));
        assert_eq!(read("1,234.50-").as_deref(), Some("-1234.50"));
        assert_eq!(read("0.1").as_deref(), Some("0.1"));
        assert_eq!(read("15%").as_deref(), Some("0.15"));
        assert_eq!(read("1,23,456"), None);
        assert_eq!(read("12,34"), None);
        assert_eq!(read("1.2.3"), None);
        assert_eq!(read("(-5)"), None);
        assert_eq!(read("€5"), None);
        assert_eq!(read(""), None);
        assert_eq!(read("$"), None);
        assert_eq!(read("1e3"), None);
    }

    #[test]
    fn periods_follow_the_plan_year() {
        let spec = |period, start: Option<u32>| DateSpec {
            column: String::new(),
            format: DateFormat::YearMonthDay,
            period: Some(period),
            year_starts: start.map(|s| Spanned::new(0..0, s)),
        };
        let d = |t: &str| DateFormat::YearMonthDay.parse(t).unwrap();
        assert_eq!(
            spec(Period::Quarter, None)
                .period_of(d("2026-03-30"))
                .as_deref(),
            Some("2026-Q1")
        );
        assert_eq!(
            spec(Period::Quarter, None)
                .period_of(d("2026-04-01"))
                .as_deref(),
            Some("2026-Q2")
        );
        assert_eq!(
            spec(Period::Month, None)
                .period_of(d("2026-03-30"))
                .as_deref(),
            Some("2026-M03")
        );
        assert_eq!(
            spec(Period::Half, None)
                .period_of(d("2026-07-01"))
                .as_deref(),
            Some("2026-H2")
        );
        assert_eq!(
            spec(Period::Year, None)
                .period_of(d("2026-12-31"))
                .as_deref(),
            Some("2026")
        );
        // A plan year starting in February: January 2027 is its last month.
        assert_eq!(
            spec(Period::Quarter, Some(2))
                .period_of(d("2027-01-31"))
                .as_deref(),
            Some("2026-Q4")
        );
        assert_eq!(
            spec(Period::Month, Some(2))
                .period_of(d("2026-02-01"))
                .as_deref(),
            Some("2026-M01")
        );
    }

    #[test]
    fn dates_read_in_their_order() {
        let d = |f: DateFormat, t: &str| f.parse(t).map(|d| d.to_string());
        assert_eq!(
            d(DateFormat::MonthDayYear, "3/30/2026").as_deref(),
            Ok("2026-03-30")
        );
        assert_eq!(
            d(DateFormat::MonthDayYear, "03/05/2026").as_deref(),
            Ok("2026-03-05")
        );
        assert_eq!(
            d(DateFormat::DayMonthYear, "3/5/2026").as_deref(),
            Ok("2026-05-03")
        );
        assert_eq!(
            d(DateFormat::DayDotMonthYear, "30.03.2026").as_deref(),
            Ok("2026-03-30")
        );
        assert_eq!(
            d(DateFormat::YearMonthDay, "2026-03-30").as_deref(),
            Ok("2026-03-30")
        );
        assert!(d(DateFormat::YearMonthDay, "2026-3-30").is_err());
        assert!(d(DateFormat::MonthDayYear, "3/30/26").is_err());
        assert!(d(DateFormat::MonthDayYear, "3/30/2026 10:15 AM").is_err());
        assert!(d(DateFormat::MonthDayYear, "2/29/2026").is_err());
    }
}
