//! A payroll file as payroll wants it: declared columns, an earning code
//! for each line and adjustment, employee ids, the pay date and cost
//! centres, and no rows of 0.00 unless asked.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{ADJUSTMENT_PREFIX, PayrollRow};
use crate::date::Date;
use crate::error::{Error, Result};

/// A column of a payroll export.
///
/// # Example
///
/// ```
/// use incentive::payroll::Column;
/// assert_eq!(Column::EarningCode.header(), "earning_code");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Column {
    /// The employee id payroll knows the participant by (`[employees]`,
    /// or the participant id when the table is empty).
    EmployeeId,
    /// The participant's id.
    Participant,
    /// The period label.
    Period,
    /// The plan's id.
    Plan,
    /// The component's id, or `adjustment:KIND[:NAME]`.
    Component,
    /// The earning code of the line or adjustment (`[earning_codes]`).
    EarningCode,
    /// The amount paid.
    Amount,
    /// The currency code.
    Currency,
    /// The pay date (`pay_date`).
    PayDate,
    /// The participant's cost centre (`[cost_centres]`).
    CostCentre,
    /// Why a manual adjustment is paid.
    Reason,
}

impl Column {
    /// The column's header: its name in the export file.
    pub fn header(self) -> &'static str {
        match self {
            Column::EmployeeId => "employee_id",
            Column::Participant => "participant",
            Column::Period => "period",
            Column::Plan => "plan",
            Column::Component => "component",
            Column::EarningCode => "earning_code",
            Column::Amount => "amount",
            Column::Currency => "currency",
            Column::PayDate => "pay_date",
            Column::CostCentre => "cost_centre",
            Column::Reason => "reason",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    columns: Vec<Column>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    zero_rows: bool,
    pay_date: Option<toml::value::Datetime>,
    #[serde(default)]
    earning_codes: BTreeMap<String, String>,
    #[serde(default)]
    employees: BTreeMap<String, String>,
    #[serde(default)]
    cost_centres: BTreeMap<String, String>,
}

/// How payroll wants its file, read from a TOML file:
///
/// ```toml
/// # The columns, in order.
/// columns = ["employee_id", "earning_code", "amount", "pay_date", "cost_centre"]
/// # Header names, where payroll's differ from the columns' own.
/// headers = { employee_id = "Employee ID", earning_code = "Earning Code" }
/// pay_date = 2026-04-15
/// # Rows of 0.00 are left out unless `zero_rows = true`.
/// zero_rows = false
///
/// # The earning code of each line and adjustment: `PLAN.COMPONENT`, then
/// # `COMPONENT`, then `adjustment:KIND:NAME`, `adjustment:KIND`, then
/// # `default`; a row with none is an error, never an empty code.
/// [earning_codes]
/// "demand-generation.pipeline" = "BON-PIPE"
/// campaign_effectiveness = "BON-MBO"
/// "adjustment:kicker" = "BON-KICK"
/// default = "BON"
///
/// # Participant id → employee id (every participant must be listed once
/// # the table is given; without it the participant id is the employee id).
/// [employees]
/// dana = "E-1001"
///
/// [cost_centres]
/// dana = "CC-MKT"
/// ```
///
/// A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return is written with a leading `'` so that a spreadsheet shows it
/// rather than running it as a formula; amounts are written as numbers.
///
/// # Errors
///
/// Reading refuses unknown keys, a column given twice, a pay-date column
/// without a pay date, and employee and cost-centre columns without their
/// tables; writing refuses a row with no earning code, employee id or cost
/// centre, naming the participant, plan and component.
///
/// # Example
///
/// ```
/// use incentive::payroll::PayrollExport;
/// use incentive::{Inputs, Plan, payroll_rows};
/// use rust_decimal_macros::dec;
///
/// let export = PayrollExport::from_toml(r#"
///     columns = ["employee_id", "earning_code", "amount", "pay_date"]
///     pay_date = 2026-04-15
///     [earning_codes]
///     pipeline = "BON-PIPE"
///     default = "BON"
///     [employees]
///     dana = "E-1001"
/// "#, None)?;
/// let plan = Plan::load("plans/demand-generation.toml")?;
/// let dana = Inputs::new("dana", "demand-generation")
///     .with_period("2026-Q1")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// let rows = payroll_rows(&[plan.evaluate(&dana)?])?;
/// assert_eq!(export.write(&rows)?, "\
/// employee_id,earning_code,amount,pay_date
/// E-1001,BON-PIPE,4875.00,2026-04-15
/// E-1001,BON,1562.50,2026-04-15
/// ");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayrollExport {
    columns: Vec<Column>,
    headers: BTreeMap<String, String>,
    zero_rows: bool,
    pay_date: Option<Date>,
    earning_codes: BTreeMap<String, String>,
    employees: BTreeMap<String, String>,
    cost_centres: BTreeMap<String, String>,
}

impl PayrollExport {
    /// Reads an export from TOML; `origin` names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] naming the file, line and field: see
    /// [`PayrollExport`].
    pub fn from_toml(text: &str, origin: Option<&str>) -> Result<PayrollExport> {
        let spec: Spec = toml::from_str(text)
            .map_err(|e| crate::source::toml_error(&e, text).in_file(origin))?;
        let refuse = |m: String, field: &str| Error::plan(m).with_field(field).in_file(origin);
        let mut seen = Vec::new();
        for c in &spec.columns {
            if seen.contains(c) {
                return Err(refuse(
                    format!("`{}` is given twice; give each column once", c.header()),
                    "columns",
                ));
            }
            seen.push(*c);
        }
        if spec.columns.is_empty() {
            return Err(refuse(
                "no columns; give them in order, such as `columns = [\"employee_id\", \"earning_code\", \"amount\"]`".to_owned(),
                "columns",
            ));
        }
        if let Some(k) = spec
            .headers
            .keys()
            .find(|k| !spec.columns.iter().any(|c| c.header() == k.as_str()))
        {
            return Err(refuse(
                format!("`{k}` is not one of the export's columns; name only the columns given"),
                "headers",
            ));
        }
        let pay_date = spec
            .pay_date
            .map(|d| {
                d.to_string().parse::<Date>().map_err(|_| {
                    refuse(
                        format!("`{d}` is not a date; give one such as 2026-04-15"),
                        "pay_date",
                    )
                })
            })
            .transpose()?;
        if seen.contains(&Column::CostCentre) && spec.cost_centres.is_empty() {
            return Err(refuse(
                "the `cost_centre` column needs a `[cost_centres]` table giving each participant's"
                    .to_owned(),
                "cost_centres",
            ));
        }
        Ok(PayrollExport {
            columns: spec.columns,
            headers: spec.headers,
            zero_rows: spec.zero_rows,
            pay_date,
            earning_codes: spec.earning_codes,
            employees: spec.employees,
            cost_centres: spec.cost_centres,
        })
    }

    /// Reads an export file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`PayrollExport::from_toml`].
    pub fn load(path: impl AsRef<Path>) -> Result<PayrollExport> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::source::read_text(path, &name)?;
        PayrollExport::from_toml(&text, Some(&name))
    }

    /// Sets the pay date, in place of the file's.
    #[must_use]
    pub fn with_pay_date(mut self, date: Date) -> PayrollExport {
        self.pay_date = Some(date);
        self
    }

    /// The earning code of `row`: `PLAN.COMPONENT`, then `COMPONENT`, then
    /// for an adjustment `adjustment:KIND`, then `default`.
    fn earning_code(&self, row: &PayrollRow) -> Option<&str> {
        let exact = format!("{}.{}", row.plan, row.component);
        let kind = row
            .component
            .strip_prefix(ADJUSTMENT_PREFIX)
            .and_then(|rest| rest.split(':').next())
            .map(|k| format!("{ADJUSTMENT_PREFIX}{k}"));
        [
            Some(exact.as_str()),
            Some(row.component.as_str()),
            kind.as_deref(),
            Some("default"),
        ]
        .into_iter()
        .flatten()
        .find_map(|k| self.earning_codes.get(k))
        .map(String::as_str)
    }

    /// Writes `rows` as the export's CSV, header first.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the participant, plan and component when a
    /// row has no earning code, employee id or cost centre, or the pay-date
    /// column has no pay date.
    pub fn write(&self, rows: &[PayrollRow]) -> Result<String> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let write_err =
            |e: ::csv::Error| Error::input(format!("cannot write the payroll CSV: {e}"));
        let header: Vec<&str> = self
            .columns
            .iter()
            .map(|c| {
                self.headers
                    .get(c.header())
                    .map_or(c.header(), String::as_str)
            })
            .collect();
        w.write_record(&header).map_err(write_err)?;
        if self.columns.contains(&Column::PayDate) && self.pay_date.is_none() {
            return Err(Error::input(
                "the `pay_date` column needs a pay date; give `pay_date` in the export file, or on the command line",
            )
            .with_field("pay_date"));
        }
        let pay_date = self.pay_date.map(|d| d.to_string()).unwrap_or_default();
        for r in rows {
            if r.amount.is_zero() && !self.zero_rows {
                continue;
            }
            let refuse = |m: String, field: &str| {
                Error::input(m)
                    .with_participant(&r.participant)
                    .with_plan(&r.plan)
                    .with_component(&r.component)
                    .with_field(field)
            };
            let mut cells: Vec<String> = Vec::with_capacity(self.columns.len());
            for c in &self.columns {
                let text = match c {
                    Column::EmployeeId if self.employees.is_empty() => r.participant.clone(),
                    Column::EmployeeId => self
                        .employees
                        .get(&r.participant)
                        .cloned()
                        .ok_or_else(|| {
                            refuse(
                                format!(
                                    "participant `{}` has no employee id; add `{} = \"…\"` under `[employees]`",
                                    r.participant, r.participant
                                ),
                                "employees",
                            )
                        })?,
                    Column::Participant => r.participant.clone(),
                    Column::Period => r.period.clone(),
                    Column::Plan => r.plan.clone(),
                    Column::Component => r.component.clone(),
                    Column::EarningCode => self
                        .earning_code(r)
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            refuse(
                                format!(
                                    "no earning code for `{}.{}`; add it (or `{}`, or a `default`) under `[earning_codes]`",
                                    r.plan, r.component, r.component
                                ),
                                "earning_codes",
                            )
                        })?,
                    Column::Amount => {
                        cells.push(r.amount.to_string());
                        continue;
                    }
                    Column::Currency => r.currency.to_string(),
                    Column::PayDate => pay_date.clone(),
                    Column::CostCentre => self
                        .cost_centres
                        .get(&r.participant)
                        .cloned()
                        .ok_or_else(|| {
                            refuse(
                                format!(
                                    "participant `{}` has no cost centre; add `{} = \"…\"` under `[cost_centres]`",
                                    r.participant, r.participant
                                ),
                                "cost_centres",
                            )
                        })?,
                    Column::Reason => r.reason.clone().unwrap_or_default(),
                };
                cells.push(neutralise(&text).into_owned());
            }
            w.write_record(&cells).map_err(write_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::input(format!("cannot write the payroll CSV: {e}")))?;
        String::from_utf8(bytes)
            .map_err(|e| Error::input(format!("cannot write the payroll CSV: {e}")))
    }
}

/// A text cell a spreadsheet would run as a formula (one starting with
/// `=`, `+`, `-`, `@`, a tab or a CR), written with a leading `'` so that
/// it is shown instead. The one implementation, used for every text cell
/// of every CSV the crate writes; numbers (a negative amount) are written
/// as they are, never through it.
pub(crate) fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(crate::id::FORMULA_PREFIXES) || text.starts_with(['\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
