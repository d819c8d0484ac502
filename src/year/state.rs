//! What the caller stores between runs: what was paid, period by period,
//! and the balances owed. A plain value; the library keeps nothing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::money::exact_add;
use crate::number::{self, Num};

/// The balance kind of carried negative true-ups.
pub const TRUE_UP: &str = "true-up";
/// The balance kind of recoverable draw advances.
pub const DRAW: &str = "draw";

/// A participant's plan year so far: what each period paid and what is
/// owed. The caller stores it between runs and passes it back.
///
/// - Per period, the amount each component and each plan-level stage
///   (kicker, plan cap, plan gate, plan modifier) has been settled at
///   (paid for it, net of any overpayment moved to a balance), what counted toward
///   the annual cap, what was recovered, advanced by a draw, and paid.
/// - Balances owed by the participant, by kind: `true-up` (carried
///   negative true-ups), `draw` (recoverable draw advances), or any kind a
///   caller adds with [`YearState::add_owed`] (a clawback, say). Balances
///   are recovered from later payouts, kinds in name order.
///
/// It serializes to a plain map (amounts as decimal strings, ordered
/// keys), so the same state always gives the same bytes, and reads back
/// exactly.
///
/// # Errors
///
/// [`YearState::add_owed`] refuses an amount of zero or less; evaluating
/// refuses a state that belongs to another participant or plan year.
///
/// # Example
///
/// ```
/// use incentive::YearState;
/// use rust_decimal_macros::dec;
///
/// let mut state = YearState::new();
/// state.add_owed("clawback", dec!(400))?;
/// assert_eq!(state.owed("clawback"), dec!(400));
/// assert_eq!(state.total_owed(), dec!(400));
/// assert!(state.add_owed("clawback", dec!(-1)).is_err());
///
/// let json = serde_json::to_string(&state).unwrap();
/// assert_eq!(json, r#"{"periods":{},"balances":{"clawback":"400"}}"#);
/// let back: YearState = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, state);
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    participant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(default)]
    periods: BTreeMap<String, PeriodRecord>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    balances: BTreeMap<String, Decimal>,
    /// By plan, then component: paid to date before the first period this
    /// library ran (by the system being replaced).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "nested_decimal_map"
    )]
    opening: BTreeMap<String, BTreeMap<String, Decimal>>,
}

/// What one period settled and paid, as recorded in a [`YearState`].
///
/// # Errors
///
/// None: records are written by evaluation.
///
/// # Example
///
/// ```
/// use incentive::year::PeriodRecord;
/// use rust_decimal_macros::dec;
///
/// let r = PeriodRecord::default();
/// assert_eq!(r.paid, dec!(0));
/// assert_eq!(r.settled("demand-generation", "pipeline"), dec!(0));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PeriodRecord {
    /// The period's first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// By plan, then component: the amount the component has been settled
    /// at for this period (paid, net of overpayments moved to a balance).
    #[serde(default, deserialize_with = "nested_decimal_map")]
    pub settled: BTreeMap<String, BTreeMap<String, Decimal>>,
    /// By plan, then adjustment key (`plan-modifier`, `kicker:<id>`,
    /// `plan-cap`, `plan-gate`): the amount the plan-level stage has been
    /// settled at for this period (negative for a cut).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "nested_decimal_map"
    )]
    pub adjustments: BTreeMap<String, BTreeMap<String, Decimal>>,
    /// Earnings counted toward the annual cap.
    #[serde(default, deserialize_with = "number::decimal")]
    pub earned: Decimal,
    /// Recovered from balances, by kind.
    #[serde(default, deserialize_with = "number::decimal_map")]
    pub recovered: BTreeMap<String, Decimal>,
    /// Paid by a draw beyond the period's net earnings.
    #[serde(default, deserialize_with = "number::decimal")]
    pub advanced: Decimal,
    /// Paid in all, over every run of the period.
    #[serde(default, deserialize_with = "number::decimal")]
    pub paid: Decimal,
}

impl PeriodRecord {
    /// The amount a component was settled at in this period.
    pub fn settled(&self, plan: &str, component: &str) -> Decimal {
        self.settled
            .get(plan)
            .and_then(|m| m.get(component))
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The amount a plan-level stage was settled at in this period, by
    /// its key (such as `kicker:nrr_110`).
    pub fn adjustment(&self, plan: &str, key: &str) -> Decimal {
        self.adjustments
            .get(plan)
            .and_then(|m| m.get(key))
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    pub(crate) fn recovered_total(&self) -> Result<Decimal> {
        sum(self.recovered.values().copied())
    }
}

fn nested_decimal_map<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<String, BTreeMap<String, Decimal>>, D::Error> {
    let m: BTreeMap<String, BTreeMap<String, Num>> = Deserialize::deserialize(d)?;
    Ok(m.into_iter()
        .map(|(k, v)| (k, v.into_iter().map(|(c, n)| (c, n.0)).collect()))
        .collect())
}

pub(crate) fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    for v in values {
        total = exact_add(total, v).ok_or_else(|| Error::overflow("the sum of amounts"))?;
    }
    Ok(total)
}

impl YearState {
    /// An empty state: nothing paid, nothing owed.
    pub fn new() -> YearState {
        YearState::default()
    }

    /// Adds `amount` owed by the participant, of `kind` (such as
    /// `clawback`); it is recovered from later payouts like every balance.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `amount` is zero or less, or the sum does not
    /// fit.
    pub fn add_owed(&mut self, kind: impl Into<String>, amount: Decimal) -> Result<()> {
        let kind = kind.into();
        if amount <= Decimal::ZERO {
            return Err(
                Error::input(format!("is {amount}; an amount owed must be above 0"))
                    .with_field(format!("balances.{kind}")),
            );
        }
        let b = self.balances.entry(kind).or_insert(Decimal::ZERO);
        *b = exact_add(*b, amount).ok_or_else(|| Error::overflow("the balance"))?;
        Ok(())
    }

    /// This state with `amount` already paid to date for `component` of
    /// `plan` before the first period run here: an opening state from the
    /// system being replaced. A component measured over the year (`"ytd"`
    /// or `"ytd-annual"`) counts it as paid before; it is part of
    /// [`YearState::paid_to_date`]. Giving the same component twice adds.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when `amount` is below zero, or the sum does not
    /// fit.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::YearState;
    /// use rust_decimal_macros::dec;
    ///
    /// let state = YearState::new().with_opening_paid("sales", "bookings", dec!(9000.00))?;
    /// assert_eq!(state.opening_paid("sales", "bookings"), dec!(9000.00));
    /// assert_eq!(state.paid_to_date("sales", "bookings"), dec!(9000.00));
    /// assert!(YearState::new().with_opening_paid("sales", "bookings", dec!(-1)).is_err());
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn with_opening_paid(
        mut self,
        plan: impl Into<String>,
        component: impl Into<String>,
        amount: Decimal,
    ) -> Result<YearState> {
        let (plan, component) = (plan.into(), component.into());
        if amount < Decimal::ZERO {
            return Err(Error::input(format!(
                "is {amount}; an opening amount paid to date must be 0 or more"
            ))
            .with_plan(&plan)
            .with_component(&component)
            .with_field(format!("opening.{plan}.{component}")));
        }
        let paid = self
            .opening
            .entry(plan)
            .or_default()
            .entry(component)
            .or_insert(Decimal::ZERO);
        *paid = exact_add(*paid, amount)
            .ok_or_else(|| Error::overflow("the opening amount paid to date"))?;
        Ok(self)
    }

    /// The state as pretty-printed JSON (feature `json`): amounts as
    /// decimal strings, keys in order, so the same state always gives the
    /// same bytes; [`YearState::from_json`] reads it back exactly.
    ///
    /// # Errors
    ///
    /// None in practice: a state always serializes; a serializer failure
    /// is reported as [`Error::Input`].
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::YearState;
    /// use rust_decimal_macros::dec;
    ///
    /// let mut state = YearState::new();
    /// state.add_owed("true-up", dec!(187.50))?;
    /// let json = state.to_json()?;
    /// assert_eq!(json, "{\n  \"periods\": {},\n  \"balances\": {\n    \"true-up\": \"187.50\"\n  }\n}\n");
    /// assert_eq!(YearState::from_json(&json, "state.json")?, state);
    /// # Ok::<(), incentive::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map(|s| s + "\n")
            .map_err(|e| Error::input(format!("the year state cannot be written as JSON: {e}")))
    }

    /// Reads a state written by [`YearState::to_json`] (or any JSON of the
    /// same shape; feature `json`). `origin` names the file in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming `origin`, the line, column and field for bad
    /// syntax, an unknown field or an amount that is not a decimal.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::YearState;
    ///
    /// let err = YearState::from_json(r#"{"periods": {}, "balance": {}}"#, "state.json").unwrap_err();
    /// assert_eq!(err.details().field.as_deref(), Some("balance"));
    /// assert_eq!(err.details().file.as_deref(), Some("state.json"));
    /// ```
    #[cfg(feature = "json")]
    pub fn from_json(text: &str, origin: &str) -> Result<YearState> {
        crate::source::json_from_str(text, origin, "participant", 1)
    }

    /// What the opening state says was paid to date for a component
    /// before the first period run here ([`YearState::with_opening_paid`]).
    pub fn opening_paid(&self, plan: &str, component: &str) -> Decimal {
        self.opening
            .get(plan)
            .and_then(|m| m.get(component))
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The balance owed of `kind`.
    pub fn owed(&self, kind: &str) -> Decimal {
        self.balances.get(kind).copied().unwrap_or(Decimal::ZERO)
    }

    /// Everything owed, over all kinds (saturating at `Decimal::MAX`, far
    /// beyond any real balance).
    pub fn total_owed(&self) -> Decimal {
        sum(self.balances.values().copied()).unwrap_or(Decimal::MAX)
    }

    /// The balances owed, by kind (zero balances omitted).
    pub fn balances(&self) -> &BTreeMap<String, Decimal> {
        &self.balances
    }

    /// The record of a period, by label, if it was evaluated.
    pub fn period(&self, label: &str) -> Option<&PeriodRecord> {
        self.periods.get(label)
    }

    /// The records, by period label (in calendar order within a plan year).
    pub fn periods(&self) -> &BTreeMap<String, PeriodRecord> {
        &self.periods
    }

    /// What a component has been paid over the year, net of overpayments
    /// moved to a balance, with any opening amount (saturating at `Decimal::MAX`).
    pub fn paid_to_date(&self, plan: &str, component: &str) -> Decimal {
        sum(self
            .periods
            .values()
            .map(|r| r.settled(plan, component))
            .chain([self.opening_paid(plan, component)]))
        .unwrap_or(Decimal::MAX)
    }

    /// Everything paid in the plan year so far (saturating at
    /// `Decimal::MAX`).
    pub fn paid_in_year(&self) -> Decimal {
        sum(self.periods.values().map(|r| r.paid)).unwrap_or(Decimal::MAX)
    }

    pub(crate) fn owner(&self) -> (Option<&str>, Option<i32>) {
        (self.participant.as_deref(), self.year)
    }

    pub(crate) fn set_owner(&mut self, participant: &str, year: i32) {
        self.participant = Some(participant.to_owned());
        self.year = Some(year);
    }

    pub(crate) fn balances_mut(&mut self) -> &mut BTreeMap<String, Decimal> {
        &mut self.balances
    }

    pub(crate) fn record_mut(&mut self, label: &str) -> &mut PeriodRecord {
        self.periods.entry(label.to_owned()).or_default()
    }
}
