//! What a participant brings to an evaluation: actuals, targets, ratings,
//! labels.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::manual::ManualAdjustment;
use crate::number;
use crate::plan::Mix;
use crate::source;

/// One participant's data for one plan and period.
///
/// - `actuals`: input metrics by metric name (`pipeline`, `won`, …);
///   derived ratios are computed from their operands, never given.
/// - `targets`: targets (quotas) by component id; a component may instead
///   carry a fixed `target` in the plan, which an input target overrides.
/// - `ratings`: ratings and scores by component id, and the ratings of a
///   weighted score's parts by part name.
/// - `labels`: the label of each component rated on a labelled scale
///   (`"exceeds"`), by component id.
/// - `sources`: metrics whose actuals come from credited transactions
///   (`"credited"`, `"team"`, `"team:ID"`, `"company"`; see
///   [`Credits`](crate::Credits)).
/// - `target_incentive`: this participant's target incentive per period,
///   overriding the plan's; `base_salary`: the annual base salary for plans
///   whose target incentive is a percent of base.
/// - The participant's pay mix, overriding the plan's: `ote` (annual
///   on-target earnings) and `mix` (`"60/40"`), or `base_salary` and
///   `target_percent` (the annual target incentive as a percent of base);
///   `quota`, an annual quota for the implied commission rate shown on the
///   statement. See the plan file's `target_incentive`.
/// - `adjustments`: manual adjustments, each a [`ManualAdjustment`] with a
///   `name`, an `amount` and a `reason`.
///
/// Keys the plan does not know are errors, and nothing missing is read as
/// zero. Numbers deserialize exactly from integers and strings (`"0.27"`,
/// `"75%"`), and JSON numbers (`9.5`, `4500.125`) exactly from the JSON
/// text (`serde_json::from_str`, `from_reader`, `from_slice`) with the
/// `json` feature (which turns on `serde_json`'s `arbitrary_precision`);
/// without it, or through a `serde_json::Value`, a JSON number with a
/// fraction arrives as a binary float and is refused with an error saying
/// to quote it. A number no decimal holds exactly (`1e400`) is an error.
///
/// # Example
///
/// ```
/// use incentive::Inputs;
/// use rust_decimal_macros::dec;
///
/// let dana = Inputs::new("dana", "demand-generation")
///     .actual("pipeline", dec!(2300000))
///     .target("pipeline", dec!(2000000))
///     .rating("campaign_effectiveness", dec!(4));
/// assert_eq!(dana.actuals()["pipeline"], dec!(2300000));
///
/// // Any serde format: numbers as strings read exactly.
/// let json = r#"{"participant": "dana", "plan": "demand-generation",
///                "actuals": {"pipeline": "2300000.10"}}"#;
/// let parsed: Inputs = serde_json::from_str(json).unwrap();
/// assert_eq!(parsed.actuals()["pipeline"], dec!(2300000.10));
///
/// // JSON numbers read exactly from their text (feature `json`).
/// let numbers = r#"{"participant": "dana", "plan": "x",
///                   "actuals": {"pipeline": 4500.125}, "ratings": {"quality": 9.5}}"#;
/// let parsed: Inputs = serde_json::from_str(numbers).unwrap();
/// assert_eq!(parsed.actuals()["pipeline"].to_string(), "4500.125");
/// assert_eq!(parsed.ratings()["quality"], dec!(9.5));
///
/// // A number no decimal holds exactly is an error, never a rounded guess.
/// let huge = r#"{"participant": "dana", "plan": "x", "actuals": {"pipeline": 1e400}}"#;
/// let err = serde_json::from_str::<Inputs>(huge).unwrap_err();
/// assert!(err.to_string().starts_with("`1e+400` is too large to hold exactly"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    #[serde(deserialize_with = "crate::id::de_participant")]
    participant: String,
    #[serde(
        default,
        deserialize_with = "crate::id::de_opt_name",
        skip_serializing_if = "Option::is_none"
    )]
    name: Option<String>,
    #[serde(deserialize_with = "crate::id::de_plan")]
    plan: String,
    #[serde(
        default,
        deserialize_with = "crate::id::de_opt_period",
        skip_serializing_if = "Option::is_none"
    )]
    period: Option<String>,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    target_incentive: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    base_salary: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    target_percent: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    ote: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mix: Option<Mix>,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    quota: Option<Decimal>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    actuals: BTreeMap<String, Decimal>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    targets: BTreeMap<String, Decimal>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    ratings: BTreeMap<String, Decimal>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    sources: BTreeMap<String, CreditSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    lines: Vec<TransactionLine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    adjustments: Vec<ManualAdjustment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputFile {
    participants: Vec<Inputs>,
}

impl Inputs {
    /// Inputs for `participant` under the plan with id `plan`.
    pub fn new(participant: impl Into<String>, plan: impl Into<String>) -> Inputs {
        Inputs {
            participant: participant.into(),
            plan: plan.into(),
            ..Inputs::default()
        }
    }

    /// Sets the participant's display name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Inputs {
        self.name = Some(name.into());
        self
    }

    /// Sets the period label shown on the statement, such as `2026-Q1`.
    #[must_use]
    pub fn with_period(mut self, period: impl Into<String>) -> Inputs {
        self.period = Some(period.into());
        self
    }

    /// Sets this participant's target incentive per period.
    #[must_use]
    pub fn with_target_incentive(mut self, amount: Decimal) -> Inputs {
        self.target_incentive = Some(amount);
        self
    }

    /// Sets the annual base salary (for percent-of-base plans).
    #[must_use]
    pub fn with_base_salary(mut self, amount: Decimal) -> Inputs {
        self.base_salary = Some(amount);
        self
    }

    /// Sets this participant's annual on-target earnings (base plus
    /// variable), divided by the plan's [`Mix`] or the inputs' own.
    #[must_use]
    pub fn with_ote(mut self, amount: Decimal) -> Inputs {
        self.ote = Some(amount);
        self
    }

    /// Sets this participant's pay mix, dividing the plan's on-target
    /// earnings or the inputs' own.
    #[must_use]
    pub fn with_mix(mut self, mix: Mix) -> Inputs {
        self.mix = Some(mix);
        self
    }

    /// Sets this participant's annual target incentive as a fraction of the
    /// annual base salary (`0.15` is 15%); needs the base salary.
    #[must_use]
    pub fn with_target_percent(mut self, percent: Decimal) -> Inputs {
        self.target_percent = Some(percent);
        self
    }

    /// Sets this participant's annual quota, for the implied commission
    /// rate of the pay mix shown on the statement.
    #[must_use]
    pub fn with_quota(mut self, quota: Decimal) -> Inputs {
        self.quota = Some(quota);
        self
    }

    /// Adds a manual adjustment: a SPIFF, a correction or an approved
    /// exception of `amount`, named `name`, paid for `reason` (see
    /// [`ManualAdjustment`]).
    #[must_use]
    pub fn adjustment(
        mut self,
        name: impl Into<String>,
        amount: Decimal,
        reason: impl Into<String>,
    ) -> Inputs {
        self.adjustments
            .push(ManualAdjustment::new(name, amount, reason));
        self
    }

    /// The manual adjustments, as given.
    pub fn adjustments(&self) -> &[ManualAdjustment] {
        &self.adjustments
    }

    /// The same inputs without their manual adjustments.
    pub(crate) fn without_adjustments(mut self) -> Inputs {
        self.adjustments.clear();
        self
    }

    /// Sets the actual of an input metric.
    #[must_use]
    pub fn actual(mut self, metric: impl Into<String>, value: Decimal) -> Inputs {
        self.actuals.insert(metric.into(), value);
        self
    }

    /// Sets a quantitative component's target.
    #[must_use]
    pub fn target(mut self, component: impl Into<String>, value: Decimal) -> Inputs {
        self.targets.insert(component.into(), value);
        self
    }

    /// Sets a qualitative component's rating or score, or the rating of a
    /// part of a weighted score (by the part's name).
    #[must_use]
    pub fn rating(mut self, component: impl Into<String>, value: Decimal) -> Inputs {
        self.ratings.insert(component.into(), value);
        self
    }

    /// Sets the label of a component rated on a labelled scale, such as
    /// `"exceeds"`.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::Inputs;
    ///
    /// let ana = Inputs::new("ana", "bonus").label("performance", "exceeds");
    /// assert_eq!(ana.labels()["performance"], "exceeds");
    /// ```
    #[must_use]
    pub fn label(mut self, component: impl Into<String>, label: impl Into<String>) -> Inputs {
        self.labels.insert(component.into(), label.into());
        self
    }

    /// Takes a metric's actual from credited transactions (see
    /// [`Credits`](crate::Credits)) instead of giving it.
    #[must_use]
    pub fn source(mut self, metric: impl Into<String>, source: CreditSource) -> Inputs {
        self.sources.insert(metric.into(), source);
        self
    }

    /// Adds a transaction line a commission component reads (see
    /// [`TransactionLine`]); [`Credits::evaluate`](crate::Credits::evaluate)
    /// adds the lines credited to the participant.
    #[must_use]
    pub fn line(mut self, line: TransactionLine) -> Inputs {
        self.lines.push(line);
        self
    }

    /// The transaction lines, as given.
    pub fn lines(&self) -> &[TransactionLine] {
        &self.lines
    }

    pub(crate) fn lines_mut(&mut self) -> &mut [TransactionLine] {
        &mut self.lines
    }

    /// Credit sources by metric.
    pub fn sources(&self) -> &BTreeMap<String, CreditSource> {
        &self.sources
    }

    /// The participant's id.
    pub fn participant(&self) -> &str {
        &self.participant
    }

    /// The participant's display name, if given.
    pub fn participant_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The plan id.
    pub fn plan(&self) -> &str {
        &self.plan
    }

    /// The period label, if given.
    pub fn period(&self) -> Option<&str> {
        self.period.as_deref()
    }

    /// The participant's target incentive per period, if given.
    pub fn target_incentive(&self) -> Option<Decimal> {
        self.target_incentive
    }

    /// The annual base salary, if given.
    pub fn base_salary(&self) -> Option<Decimal> {
        self.base_salary
    }

    /// The annual target incentive as a fraction of base salary, if given.
    pub fn target_percent(&self) -> Option<Decimal> {
        self.target_percent
    }

    /// The annual on-target earnings, if given.
    pub fn ote(&self) -> Option<Decimal> {
        self.ote
    }

    /// The pay mix, if given.
    pub fn mix(&self) -> Option<Mix> {
        self.mix
    }

    /// The annual quota, if given.
    pub fn quota(&self) -> Option<Decimal> {
        self.quota
    }

    /// Actuals by metric.
    pub fn actuals(&self) -> &BTreeMap<String, Decimal> {
        &self.actuals
    }

    /// Targets by component.
    pub fn targets(&self) -> &BTreeMap<String, Decimal> {
        &self.targets
    }

    /// Ratings and scores by component (and by part of a weighted score).
    pub fn ratings(&self) -> &BTreeMap<String, Decimal> {
        &self.ratings
    }

    /// Labels by component.
    pub fn labels(&self) -> &BTreeMap<String, String> {
        &self.labels
    }

    /// Reads a list of inputs from TOML: a `[[participants]]` table per
    /// participant, with the fields above. Bare decimals are read exactly.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] with line, column and participant for bad syntax,
    /// an unknown field or a value that is not a number.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::Inputs;
    /// use rust_decimal_macros::dec;
    ///
    /// let list = Inputs::list_from_toml(
    ///     "[[participants]]\nparticipant = 'sam'\nplan = 'sales-enablement'\n\
    ///      ratings = { sales_satisfaction = 4.2 }\n\
    ///      [[participants]]\nparticipant = 'ana'\nplan = 'bonus'\n\
    ///      labels = { performance = 'exceeds' }\n",
    /// )?;
    /// assert_eq!(list[0].ratings()["sales_satisfaction"], dec!(4.2));
    /// assert_eq!(list[1].labels()["performance"], "exceeds");
    ///
    /// let err = Inputs::list_from_toml("[[participants]]\nparticipant = 'x'\nplan = 'y'\nactual = {}\n")
    ///     .unwrap_err();
    /// assert_eq!(err.details().participant.as_deref(), Some("x"));
    /// assert_eq!(err.details().line, Some(4));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn list_from_toml(text: &str) -> Result<Vec<Inputs>> {
        let file: InputFile = source::from_toml(text, "participants", "participant", |e, id| {
            e.with_participant(id)
        })
        .map_err(as_input)?;
        Ok(file.participants)
    }

    /// Reads a list of inputs from a TOML file; see
    /// [`Inputs::list_from_toml`].
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read, otherwise as
    /// [`Inputs::list_from_toml`] with the file named.
    pub fn load_list(path: impl AsRef<Path>) -> Result<Vec<Inputs>> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::source::read_text(path, &name)?;
        Inputs::list_from_toml(&text).map_err(|e| e.in_file(Some(&name)))
    }
}

/// One transaction line as a commission component reads it: an invoice
/// line, an order line, a completed meeting, a credit note, or (for an
/// override) the commission a report earned on a line.
///
/// `amount`, `quantity` and `cost` are the transaction's own; `credit`
/// says how the line came to the participant (a split share, an overlay,
/// a roll-up from a report, a report's commission), and the commission
/// base is the credited part. A credit note has a negative amount and
/// `refers_to` the original line; `original` carries that line's date and
/// attributes (filled by [`Credits`](crate::Credits); otherwise the
/// original must be among the same inputs' lines).
///
/// In an inputs file: `[[participants.lines]]` tables with `id`, `metric`,
/// `date`, `amount`, optional `quantity`, `cost`, `attributes = { product
/// = "SRV-X1", category = "hardware/servers" }` and `refers_to`.
///
/// # Example
///
/// ```
/// use incentive::credit::TransactionLine;
/// use rust_decimal_macros::dec;
///
/// let line = TransactionLine::new("INV-1", "sales", "2026-03-02".parse()?, dec!(10000.00))
///     .attribute("product", "SRV-X1")
///     .attribute("category", "hardware/servers");
/// assert_eq!(line.attribute_value("product"), Some("SRV-X1"));
/// assert_eq!(line.credited_amount(), Some(dec!(10000.00)));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TransactionLine {
    /// The line's id, unique among the transactions.
    pub id: String,
    /// The metric the line counts toward (`sales`, `meetings`, …).
    pub metric: String,
    /// The line's date (invoice, booking, meeting).
    pub date: Date,
    /// The line's amount; negative for a credit note or refund.
    #[serde(deserialize_with = "number::decimal")]
    pub amount: Decimal,
    /// Units sold, if the line counts units.
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<Decimal>,
    /// The line's cost, for commission on margin.
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub cost: Option<Decimal>,
    /// Free attributes: `product`, `category` (a path such as
    /// `hardware/servers`), `customer`, `region`, `type`, `currency`, …
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// How the line was credited to the participant (default: the whole
    /// line, a 100% split).
    #[serde(default, skip_serializing_if = "LineCredit::is_whole")]
    pub credit: LineCredit,
    /// For a credit note or refund: the id of the line it reverses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<String>,
    /// For a credit note: the original line's date and attributes, whose
    /// rate the credit note pays back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<OriginalLine>,
}

/// The line a credit note reverses, as the credit note needs it: its date
/// and the attributes its rate was matched on.
///
/// # Example
///
/// ```
/// use incentive::credit::OriginalLine;
///
/// let o = OriginalLine::new("INV-1", "2026-03-02".parse()?);
/// assert_eq!(o.id, "INV-1");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OriginalLine {
    /// The original line's id.
    pub id: String,
    /// The original line's date.
    pub date: Date,
    /// The original line's attributes.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// The rate the original was paid at, by commission component, when it
    /// was paid under another plan version (filled by
    /// [`Credits::evaluate_versioned`](crate::Credits::evaluate_versioned));
    /// a component with no entry matches its own rules on the original's
    /// attributes.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "number::decimal_map"
    )]
    pub rates: BTreeMap<String, Decimal>,
}

impl OriginalLine {
    /// The original line `id`, dated `date`, with no attributes yet.
    pub fn new(id: impl Into<String>, date: Date) -> OriginalLine {
        OriginalLine {
            id: id.into(),
            date,
            attributes: BTreeMap::new(),
            rates: BTreeMap::new(),
        }
    }
}

/// How a [`TransactionLine`] came to the participant.
///
/// # Example
///
/// ```
/// use incentive::credit::LineCredit;
/// use rust_decimal_macros::dec;
///
/// assert_eq!(LineCredit::Split { share: dec!(0.5) }.share(), dec!(0.5));
/// assert_eq!(LineCredit::default().share(), dec!(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum LineCredit {
    /// A share of the line (`1` is the whole line).
    Split {
        /// The share, above 0 and at most 1.
        #[serde(deserialize_with = "number::decimal")]
        share: Decimal,
    },
    /// The whole line, credited in addition to the splits.
    Overlay,
    /// A report's split share rolled up to a manager: `level` 2 is the
    /// report's manager, 3 the manager's manager, and so on (the seller is
    /// level 1).
    RollUp {
        /// The credited report.
        from: String,
        /// The report's share.
        #[serde(deserialize_with = "number::decimal")]
        share: Decimal,
        /// The level in the cascade: 2 or more.
        level: u32,
    },
    /// The commission a direct report earned on the line (for an override):
    /// `amount` is that commission.
    Commission {
        /// The report.
        from: String,
    },
}

impl Default for LineCredit {
    fn default() -> LineCredit {
        LineCredit::Split {
            share: Decimal::ONE,
        }
    }
}

impl LineCredit {
    /// The share of the line's amount credited.
    pub fn share(&self) -> Decimal {
        match self {
            LineCredit::Split { share } | LineCredit::RollUp { share, .. } => *share,
            LineCredit::Overlay | LineCredit::Commission { .. } => Decimal::ONE,
        }
    }

    fn is_whole(&self) -> bool {
        *self == LineCredit::default()
    }
}

impl fmt::Display for LineCredit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineCredit::Split { share } => write!(f, "split {}", crate::payout::percent(*share)),
            LineCredit::Overlay => f.write_str("overlay"),
            LineCredit::RollUp { from, share, level } => write!(
                f,
                "level {level}, from {from} ({})",
                crate::payout::percent(*share)
            ),
            LineCredit::Commission { from } => write!(f, "commission of {from}"),
        }
    }
}

impl TransactionLine {
    /// A line credited wholly to the participant, with no attributes.
    pub fn new(
        id: impl Into<String>,
        metric: impl Into<String>,
        date: Date,
        amount: Decimal,
    ) -> TransactionLine {
        TransactionLine {
            id: id.into(),
            metric: metric.into(),
            date,
            amount,
            quantity: None,
            cost: None,
            attributes: BTreeMap::new(),
            credit: LineCredit::default(),
            refers_to: None,
            original: None,
        }
    }

    /// Sets an attribute (`product`, `category`, `type`, …).
    #[must_use]
    pub fn attribute(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> TransactionLine {
        self.attributes.insert(key.into(), value.into());
        self
    }

    /// Sets the quantity.
    #[must_use]
    pub fn quantity(mut self, quantity: Decimal) -> TransactionLine {
        self.quantity = Some(quantity);
        self
    }

    /// Sets the cost.
    #[must_use]
    pub fn cost(mut self, cost: Decimal) -> TransactionLine {
        self.cost = Some(cost);
        self
    }

    /// Sets how the line was credited.
    #[must_use]
    pub fn credited(mut self, credit: LineCredit) -> TransactionLine {
        self.credit = credit;
        self
    }

    /// Makes the line a credit note (or refund) of line `original`.
    #[must_use]
    pub fn refers_to(mut self, original: impl Into<String>) -> TransactionLine {
        self.refers_to = Some(original.into());
        self
    }

    /// An attribute's value, if set.
    pub fn attribute_value(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }

    /// The amount credited: the amount × the credited share, exactly;
    /// `None` if it does not fit.
    pub fn credited_amount(&self) -> Option<Decimal> {
        self.amount.checked_mul(self.credit.share())
    }
}

/// Where a metric's actual comes from when it is credited.
///
/// Written in inputs as `"credited"`, `"team"`, `"team:ID"` or
/// `"company"`.
///
/// # Example
///
/// ```
/// use incentive::CreditSource;
///
/// let s: CreditSource = "team:morgan".parse()?;
/// assert_eq!(s, CreditSource::Team(Some("morgan".into())));
/// assert_eq!(s.to_string(), "team:morgan");
/// assert!("teams".parse::<CreditSource>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CreditSource {
    /// The participant's own split credits plus overlay credits.
    Credited,
    /// A team's total: the head's own split credits plus everything rolled
    /// up to them; `None` is the participant's own team.
    Team(Option<String>),
    /// The sum of all the period's transactions on the metric.
    Company,
}

impl FromStr for CreditSource {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<CreditSource, String> {
        match s {
            "credited" => Ok(CreditSource::Credited),
            "team" => Ok(CreditSource::Team(None)),
            "company" => Ok(CreditSource::Company),
            _ => match s.strip_prefix("team:") {
                Some(id) if !id.is_empty() => Ok(CreditSource::Team(Some(id.to_owned()))),
                _ => Err(format!(
                    "`{s}` is not a credit source; use \"credited\", \"team\", \"team:ID\" or \"company\""
                )),
            },
        }
    }
}

impl fmt::Display for CreditSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreditSource::Credited => f.write_str("credited"),
            CreditSource::Team(None) => f.write_str("team"),
            CreditSource::Team(Some(id)) => write!(f, "team:{id}"),
            CreditSource::Company => f.write_str("company"),
        }
    }
}

impl Serialize for CreditSource {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CreditSource {
    fn deserialize<D: serde::Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<CreditSource, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Syntax errors in an input file are input errors, not plan errors.
fn as_input(e: Error) -> Error {
    match e {
        Error::Plan(d) => Error::Input(d),
        other => other,
    }
}
