//! Commission components, checked: rates on transaction lines, with no
//! weight and no target.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::spec::{CommissionSpec, RateSpec};
use crate::error::{Error, Result};
use crate::money::exact_add;
use crate::number::Num;
use crate::payout::{TierBasis, Tiers, percent};
use crate::rounding::RoundingScope;

/// What a commission rate is paid on.
///
/// # Example
///
/// ```
/// use incentive::plan::Basis;
/// assert_eq!(Basis::Margin.to_string(), "margin (amount − cost)");
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Basis {
    /// The line's amount: the rate is a fraction (`8%`).
    #[default]
    Amount,
    /// The line's quantity: the rate is an amount per unit (`17.50`).
    Quantity,
    /// The line's amount less its cost: the rate is a fraction.
    Margin,
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Basis::Amount => "amount",
            Basis::Quantity => "quantity",
            Basis::Margin => "margin (amount − cost)",
        })
    }
}

impl Basis {
    /// A rate in the basis's words: `8%` of an amount, `17.50 per unit`.
    pub fn rate(self, rate: Decimal) -> String {
        match self {
            Basis::Quantity => format!("{rate} per unit"),
            Basis::Amount | Basis::Margin => percent(rate),
        }
    }
}

/// Whether a commission rule applies to each line or to the period's total.
///
/// # Example
///
/// ```
/// use incentive::plan::Per;
/// assert_eq!(Per::default(), Per::Line);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Per {
    /// Each line's rate on each line's base.
    #[default]
    Line,
    /// The rule on the period's total base (tiers on the month's amount).
    Total,
}

/// Which lines a commission component reads.
///
/// # Example
///
/// ```
/// use incentive::plan::LinesFrom;
/// assert_eq!(LinesFrom::default(), LinesFrom::Credited);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LinesFrom {
    /// The transaction lines credited to the participant.
    #[default]
    Credited,
    /// The commission the participant's direct reports earned, line by
    /// line (an override).
    Reports,
}

/// When earned commission becomes payable.
///
/// # Example
///
/// ```
/// use incentive::plan::Payment;
/// assert_eq!(Payment::default(), Payment::Booked);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Payment {
    /// In the period of the line's date.
    #[default]
    Booked,
    /// As the invoice is collected: payable to date is the line's exact
    /// commission × collected ÷ invoiced, rounded once, less what was paid.
    Collected,
}

/// What a negative period total does.
///
/// # Example
///
/// ```
/// use incentive::plan::NegativeTotal;
/// assert_eq!(NegativeTotal::default(), NegativeTotal::Carry);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NegativeTotal {
    /// Pay 0, carry the amount as owed, and recover it from later payouts.
    #[default]
    Carry,
    /// Pay the negative amount (a deduction).
    Pay,
}

/// A rate rule, checked: what it matches and the rate it pays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RateRule {
    pub(crate) product: Option<String>,
    pub(crate) category: Option<String>,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) rate: Decimal,
}

impl RateRule {
    /// How specific the rule is: a product beats any category, a deeper
    /// category beats its parents, more other attributes beat fewer, and
    /// the default (no match fields) is least specific.
    pub(crate) fn specificity(&self) -> (bool, usize, usize) {
        (
            self.product.is_some(),
            self.category.as_deref().map_or(0, |c| c.split('/').count()),
            self.attributes.len(),
        )
    }

    /// Whether the rule matches a line with `attributes`.
    pub(crate) fn matches(&self, attributes: &BTreeMap<String, String>) -> bool {
        let get = |k: &str| attributes.get(k).map(String::as_str);
        self.product
            .as_deref()
            .is_none_or(|p| get("product") == Some(p))
            && self.category.as_deref().is_none_or(|c| {
                get("category").is_some_and(|lc| {
                    lc == c || lc.strip_prefix(c).is_some_and(|rest| rest.starts_with('/'))
                })
            })
            && self
                .attributes
                .iter()
                .all(|(k, v)| get(k) == Some(v.as_str()))
    }
}

impl fmt::Display for RateRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(p) = &self.product {
            parts.push(format!("product {p}"));
        }
        if let Some(c) = &self.category {
            parts.push(format!("category {c}"));
        }
        for (k, v) in &self.attributes {
            parts.push(format!("{k} {v}"));
        }
        if parts.is_empty() {
            f.write_str("default")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// A commission component's rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CommissionRule {
    /// One rate on every line.
    Rate(Decimal),
    /// Rates matched by attributes, most specific first.
    Rates(Vec<RateRule>),
    /// Tiered rates on the period's total base.
    Tiers(Tiers),
    /// Rates by level, each level's base net of the levels below.
    Cascade(Vec<Decimal>),
}

/// A commission component, checked.
///
/// # Example
///
/// ```
/// use incentive::Plan;
///
/// let plan = Plan::load("plans/reseller-commission.toml")?;
/// let c = &plan.commissions()[0];
/// assert_eq!(c.id(), "resale");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commission {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) metric: Option<String>,
    pub(crate) lines: LinesFrom,
    pub(crate) filter: BTreeMap<String, String>,
    pub(crate) basis: Basis,
    pub(crate) per: Per,
    pub(crate) rounding: RoundingScope,
    pub(crate) rule: CommissionRule,
    pub(crate) payment: Payment,
    /// `(months after the line's date, share)`, months increasing.
    pub(crate) schedule: Vec<(u32, Decimal)>,
}

impl Commission {
    /// The component's id, unique in its plan.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The component's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The component's description, if the plan gives one.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The transactions' metric whose lines are paid (none for an override
    /// on reports' commission).
    pub fn metric(&self) -> Option<&str> {
        self.metric.as_deref()
    }

    /// Which lines the component reads.
    pub fn lines(&self) -> LinesFrom {
        self.lines
    }

    /// What the rate is paid on.
    pub fn basis(&self) -> Basis {
        self.basis
    }

    /// Whether the rule applies per line or to the period's total.
    pub fn per(&self) -> Per {
        self.per
    }

    /// When commission becomes payable.
    pub fn payment(&self) -> Payment {
        self.payment
    }

    /// The deferred payout schedule: `(months after the line's date,
    /// share)`; empty when everything is paid at once.
    pub fn schedule(&self) -> &[(u32, Decimal)] {
        &self.schedule
    }

    /// Whether the component is a cascade (each level's base net of the
    /// commissions below it).
    pub fn is_cascade(&self) -> bool {
        matches!(self.rule, CommissionRule::Cascade(_))
    }
}

fn rate_of(field: &str, rate: Decimal) -> Result<Decimal> {
    if rate.is_sign_negative() && !rate.is_zero() {
        return Err(Error::plan(format!(
            "is {rate}; a rate must be 0 or more (credit notes pay back at their original's rate by themselves)"
        ))
        .with_field(field));
    }
    Ok(rate)
}

fn rate_rule(i: usize, r: &RateSpec) -> Result<RateRule> {
    let field = format!("rates.{i}");
    if let Some(c) = &r.category {
        if c.split('/').any(str::is_empty) {
            return Err(Error::plan(format!(
                "category `{c}` has an empty level; write a path such as `hardware/servers`"
            ))
            .with_field(format!("{field}.category")));
        }
    }
    for key in ["product", "category"] {
        if r.attributes.contains_key(key) {
            return Err(Error::plan(format!(
                "match `{key}` with the rule's own `{key}` field, not under `attributes`"
            ))
            .with_field(format!("{field}.attributes.{key}")));
        }
    }
    Ok(RateRule {
        product: r.product.clone(),
        category: r.category.clone(),
        attributes: r.attributes.clone(),
        rate: rate_of(&format!("{field}.rate"), r.rate)?,
    })
}

/// Checks one commission component.
pub(crate) fn commission(c: &CommissionSpec) -> Result<Commission> {
    let lines = c.lines.unwrap_or_default();
    let metric = match (lines, &c.metric) {
        (LinesFrom::Credited, None) => {
            return Err(Error::plan(
                "give the transactions' `metric` whose lines this component pays (such as `sales`)",
            )
            .with_field("metric"));
        }
        (LinesFrom::Reports, Some(_)) => {
            return Err(Error::plan(
                "`metric` does not apply with `lines = \"reports\"`: an override pays on the commission the reports earned",
            )
            .with_field("metric"));
        }
        (_, m) => m.clone(),
    };
    let given: Vec<&str> = [
        ("rate", c.rate.is_some()),
        ("rates", c.rates.is_some()),
        ("tiers", c.tiers.is_some()),
        ("cascade", c.cascade.is_some()),
    ]
    .iter()
    .filter(|(_, g)| *g)
    .map(|(n, _)| *n)
    .collect();
    if given.len() != 1 {
        return Err(Error::plan(format!(
            "give exactly one rule of `rate`, `rates`, `tiers` or `cascade`; found {}",
            if given.is_empty() {
                "none".to_owned()
            } else {
                given.join(" and ")
            }
        ))
        .with_field("rate"));
    }
    let rule = if let Some(r) = c.rate {
        CommissionRule::Rate(rate_of("rate", r)?)
    } else if let Some(rs) = &c.rates {
        if rs.is_empty() {
            return Err(Error::plan("`rates` needs at least one rule").with_field("rates"));
        }
        let mut rules = Vec::with_capacity(rs.len());
        for (i, r) in rs.iter().enumerate() {
            let rule = rate_rule(i, r)?;
            if let Some(j) = rules.iter().position(|o: &RateRule| {
                o.product == rule.product
                    && o.category == rule.category
                    && o.attributes == rule.attributes
            }) {
                return Err(Error::plan(format!(
                    "rules {} and {} match the same lines ({rule}); one line would have two rates",
                    j + 1,
                    i + 1
                ))
                .with_field(format!("rates.{i}")));
            }
            rules.push(rule);
        }
        CommissionRule::Rates(rules)
    } else if let Some(t) = &c.tiers {
        let bands = t.bands.iter().map(|[x, y]| (x.0, y.0)).collect();
        CommissionRule::Tiers(
            Tiers::new(TierBasis::Amount, t.mode, bands)
                .map_err(|m| Error::plan(m).with_field("tiers.bands"))?,
        )
    } else {
        let levels: &[Num] = c.cascade.as_deref().unwrap_or_default();
        if levels.is_empty() {
            return Err(
                Error::plan("a cascade needs at least one level's rate").with_field("cascade")
            );
        }
        let mut rates = Vec::with_capacity(levels.len());
        for (i, r) in levels.iter().enumerate() {
            if r.0 <= Decimal::ZERO || r.0 >= Decimal::ONE {
                return Err(Error::plan(format!(
                    "level {} has rate {}; a cascade rate is above 0% and below 100%",
                    i + 1,
                    percent(r.0)
                ))
                .with_field("cascade"));
            }
            rates.push(r.0);
        }
        CommissionRule::Cascade(rates)
    };
    let basis = c.basis.unwrap_or_default();
    let per = match (c.per, &rule) {
        (Some(Per::Line), CommissionRule::Tiers(_)) => {
            return Err(Error::plan(
                "tiers pay on the period's total; use `per = \"total\"`, or `rate`/`rates` per line",
            )
            .with_field("per"));
        }
        (Some(Per::Total), CommissionRule::Rates(_) | CommissionRule::Cascade(_)) => {
            return Err(Error::plan(
                "rates matched per line and cascades are paid per line; use `per = \"line\"`, or `rate`/`tiers` on the total",
            )
            .with_field("per"));
        }
        (Some(p), _) => p,
        (None, CommissionRule::Tiers(_)) => Per::Total,
        (None, _) => Per::Line,
    };
    if lines == LinesFrom::Reports && basis != Basis::Amount {
        return Err(Error::plan(
            "an override pays on the amount of commission the reports earned; `basis` must be `amount`",
        )
        .with_field("basis"));
    }
    if lines == LinesFrom::Reports && matches!(rule, CommissionRule::Cascade(_)) {
        return Err(Error::plan(
            "a cascade reads the team's sales lines, not reports' commission; drop `lines = \"reports\"`",
        )
        .with_field("cascade"));
    }
    let rounding = c.rounding.unwrap_or_default();
    if per == Per::Total && c.rounding.is_some() {
        return Err(Error::plan(
            "`rounding` chooses per-line or total rounding of per-line commission; a rule on the total is rounded once already",
        )
        .with_field("rounding"));
    }
    let payment = c.payment.unwrap_or_default();
    let mut schedule = Vec::new();
    if let Some(raw) = &c.schedule {
        let mut sum = Decimal::ZERO;
        let mut months = BTreeSet::new();
        for (i, [m, share]) in raw.iter().enumerate() {
            let field = format!("schedule.{i}");
            let month = u32::try_from(m.0.normalize().mantissa())
                .ok()
                .filter(|_| m.0.fract().is_zero() && !m.0.is_sign_negative())
                .ok_or_else(|| {
                    Error::plan(format!(
                        "{} is not a whole number of months of 0 or more",
                        m.0
                    ))
                    .with_field(field.clone())
                })?;
            if !months.insert(month) || months.last() != Some(&month) {
                return Err(Error::plan(format!(
                    "month {month} is not after the one before; months must increase"
                ))
                .with_field(field));
            }
            if share.0 <= Decimal::ZERO {
                return Err(Error::plan(format!(
                    "the share at month {month} is {}; a share is above 0%",
                    percent(share.0)
                ))
                .with_field(field));
            }
            sum = exact_add(sum, share.0)
                .ok_or_else(|| Error::plan("the schedule's shares are too large to add"))?;
            schedule.push((month, share.0));
        }
        if sum != Decimal::ONE {
            let listed: Vec<String> = schedule
                .iter()
                .map(|(m, s)| format!("{} at {m} months", percent(*s)))
                .collect();
            return Err(Error::plan(format!(
                "the deferred schedule's shares add up to {} ({}); they must add up to exactly 100%",
                percent(sum),
                listed.join(" + ")
            ))
            .with_field("schedule"));
        }
        if schedule.len() == 1 && schedule.first().is_some_and(|(m, _)| *m == 0) {
            schedule.clear();
        }
    }
    if payment == Payment::Collected {
        if per == Per::Total || lines == LinesFrom::Reports {
            return Err(Error::plan(
                "pay on collection follows each invoice line; it needs per-line commission on credited lines",
            )
            .with_field("payment"));
        }
        if !schedule.is_empty() {
            return Err(Error::plan(
                "a deferred schedule on top of pay on collection is not supported; choose one",
            )
            .with_field("schedule"));
        }
    }
    Ok(Commission {
        id: c.id.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        metric,
        lines,
        filter: c.filter.clone(),
        basis,
        per,
        rounding,
        rule,
        payment,
        schedule,
    })
}
