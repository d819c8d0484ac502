//! Crediting: which participant gets credit for which transaction, and the
//! team and company totals built from them.
//!
//! A [`Transaction`] (a deal, an opportunity) credits its amount to
//! participants by **splits** (shares that sum to exactly 100%), plus full
//! credit to **overlays** (specialists credited in addition to the owners).
//! Split credits **roll up** through an effective-dated [`ReportingLine`]
//! hierarchy to every manager above the credited participant on the
//! transaction's date; overlay credits do not roll up, so nothing is
//! counted twice in a team total. A company total is the sum of the
//! transactions themselves.
//!
//! [`Credits`] holds the credits of one period. Inputs name where a metric's
//! actual comes from with [`Inputs::source`](crate::Inputs::source):
//! `credited` (the participant's split and overlay credits), `team` (the
//! participant's own split credits and everything rolled up to them),
//! `team:ID` (another participant's team, say an enablement manager paid on
//! the sales team's number) or `company`. [`Credits::evaluate`] fills those
//! actuals and puts the credit trail, deal by deal, on the statement.
//!
//! Targets roll up the same hierarchy: [`roll_up_targets`] gives a
//! manager's target for a plan-year period as the day-weighted sum of her
//! reports' target schedules.

pub use crate::inputs::{CreditSource, LineCredit, OriginalLine, TransactionLine};
pub use crate::statement::{CreditEntry, CreditKind, CreditTrail};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::evaluate::PlanSet;
use crate::exact::Exact;
use crate::id::{IdKind, check_id};
use crate::inputs::Inputs;
use crate::money::exact_add;
use crate::number;
use crate::source;
use crate::statement::Statement;

/// A credited transaction: a deal, an opportunity, a renewal.
///
/// # Example
///
/// ```
/// use incentive::Transaction;
/// use rust_decimal_macros::dec;
///
/// let d2 = Transaction::new("D2", "bookings", dec!(300000), "2026-04-20".parse()?)
///     .split("alex", dec!(0.5))
///     .split("blake", dec!(0.5))
///     .overlay("sol");
/// assert_eq!(d2.amount(), dec!(300000));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transaction {
    id: String,
    metric: String,
    #[serde(deserialize_with = "number::decimal")]
    amount: Decimal,
    date: Date,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    quantity: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "number::opt_decimal",
        skip_serializing_if = "Option::is_none"
    )]
    cost: Option<Decimal>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refers_to: Option<String>,
    #[serde(default, deserialize_with = "number::decimal_map")]
    splits: BTreeMap<String, Decimal>,
    #[serde(default)]
    overlays: Vec<String>,
}

impl Transaction {
    /// A transaction with no credit receivers yet.
    pub fn new(
        id: impl Into<String>,
        metric: impl Into<String>,
        amount: Decimal,
        date: Date,
    ) -> Transaction {
        Transaction {
            id: id.into(),
            metric: metric.into(),
            amount,
            date,
            quantity: None,
            cost: None,
            attributes: BTreeMap::new(),
            refers_to: None,
            splits: BTreeMap::new(),
            overlays: Vec::new(),
        }
    }

    /// Credits `share` (`0.5` is 50%) of the amount to `participant`.
    #[must_use]
    pub fn split(mut self, participant: impl Into<String>, share: Decimal) -> Transaction {
        self.splits.insert(participant.into(), share);
        self
    }

    /// Credits the whole amount to `participant` in addition to the splits.
    #[must_use]
    pub fn overlay(mut self, participant: impl Into<String>) -> Transaction {
        self.overlays.push(participant.into());
        self
    }

    /// Sets an attribute rate rules match on: `product`, `category` (a
    /// path such as `hardware/servers`), `customer`, `region`, `type`, …
    #[must_use]
    pub fn attribute(mut self, key: impl Into<String>, value: impl Into<String>) -> Transaction {
        self.attributes.insert(key.into(), value.into());
        self
    }

    /// Sets the units sold (for a per-unit rate).
    #[must_use]
    pub fn quantity(mut self, quantity: Decimal) -> Transaction {
        self.quantity = Some(quantity);
        self
    }

    /// Sets the cost (for commission on margin).
    #[must_use]
    pub fn cost(mut self, cost: Decimal) -> Transaction {
        self.cost = Some(cost);
        self
    }

    /// Makes this (negative) transaction a credit note or refund of the
    /// transaction `original`: it pays back commission at the original's
    /// rate, and without splits of its own it is credited as the original.
    #[must_use]
    pub fn refers_to(mut self, original: impl Into<String>) -> Transaction {
        self.refers_to = Some(original.into());
        self
    }

    /// The transaction's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The metric it counts toward.
    pub fn metric(&self) -> &str {
        &self.metric
    }

    /// The amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The booking date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The attributes.
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// The id of the transaction a credit note reverses.
    pub fn original(&self) -> Option<&str> {
        self.refers_to.as_deref()
    }

    /// The credit receivers: split shares and overlays.
    pub fn receivers(&self) -> (&BTreeMap<String, Decimal>, &[String]) {
        (&self.splits, &self.overlays)
    }
}

/// A payment collected on an invoice (a transaction), for plans that pay
/// commission as invoices are collected.
///
/// # Example
///
/// ```
/// use incentive::credit::Collection;
/// use rust_decimal_macros::dec;
///
/// let c = Collection::new("INV-7", dec!(4115.22), "2026-04-20".parse()?);
/// assert_eq!(c.invoice(), "INV-7");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    invoice: String,
    #[serde(deserialize_with = "number::decimal")]
    amount: Decimal,
    date: Date,
}

impl Collection {
    /// `amount` of invoice `invoice` was collected on `date`.
    pub fn new(invoice: impl Into<String>, amount: Decimal, date: Date) -> Collection {
        Collection {
            invoice: invoice.into(),
            amount,
            date,
        }
    }

    /// The invoice (transaction) id.
    pub fn invoice(&self) -> &str {
        &self.invoice
    }

    /// The amount collected.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The collection date.
    pub fn date(&self) -> Date {
        self.date
    }
}

/// Who reports to whom, from a date and (optionally) to a date, both
/// inclusive.
///
/// # Example
///
/// ```
/// use incentive::credit::ReportingLine;
///
/// let line = ReportingLine::new("alex", "morgan", "2026-01-01".parse()?);
/// assert_eq!(line.manager(), "morgan");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingLine {
    participant: String,
    manager: String,
    from: Date,
    #[serde(default)]
    to: Option<Date>,
}

impl ReportingLine {
    /// `participant` reports to `manager` from `from` on.
    pub fn new(
        participant: impl Into<String>,
        manager: impl Into<String>,
        from: Date,
    ) -> ReportingLine {
        ReportingLine {
            participant: participant.into(),
            manager: manager.into(),
            from,
            to: None,
        }
    }

    /// Ends the line on `to`, inclusive.
    #[must_use]
    pub fn until(mut self, to: Date) -> ReportingLine {
        self.to = Some(to);
        self
    }

    /// The participant.
    pub fn participant(&self) -> &str {
        &self.participant
    }

    /// The manager.
    pub fn manager(&self) -> &str {
        &self.manager
    }

    /// The first day of the line.
    pub fn from_date(&self) -> Date {
        self.from
    }

    /// The last day of the line, if it ends.
    pub fn to_date(&self) -> Option<Date> {
        self.to
    }

    pub(crate) fn covers(&self, d: Date) -> bool {
        self.from <= d && self.to.is_none_or(|t| d <= t)
    }
}

/// The cancellation of a transaction (a deal cancelled, a customer churned).
///
/// # Example
///
/// ```
/// use incentive::credit::Cancellation;
///
/// let c = Cancellation::new("D1", "2026-05-10".parse()?);
/// assert_eq!(c.transaction(), "D1");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    transaction: String,
    date: Date,
}

impl Cancellation {
    /// `transaction` was cancelled on `date`.
    pub fn new(transaction: impl Into<String>, date: Date) -> Cancellation {
        Cancellation {
            transaction: transaction.into(),
            date,
        }
    }

    /// The cancelled transaction's id.
    pub fn transaction(&self) -> &str {
        &self.transaction
    }

    /// The cancellation date.
    pub fn date(&self) -> Date {
        self.date
    }
}

/// Transactions, the hierarchy and cancellations: what credits are built
/// from.
///
/// In a TOML file: `[[transactions]]` tables (`id`, `metric`, `amount`,
/// `date`, `splits = { alex = "50%", blake = "50%" }`, `overlays =
/// ["sol"]`, and for commission lines optional `quantity`, `cost`,
/// `attributes = { product = "SRV-X1", category = "hardware/servers" }`
/// and, for a credit note, `refers_to = "INV-1"`), `[[hierarchy]]` tables
/// (`participant`, `manager`, `from`, optional `to`),
/// `[[cancellations]]` tables (`transaction`, `date`) and
/// `[[collections]]` tables (`invoice`, `amount`, `date`).
///
/// Errors found when credits are built name the transaction and, for data
/// read from a file, the file and the line its table starts on.
///
/// # Example
///
/// ```
/// use incentive::credit::CreditData;
///
/// let data = CreditData::from_toml(r#"
///     [[transactions]]
///     id = "D1"
///     metric = "bookings"
///     amount = 400000
///     date = 2026-04-10
///     splits = { alex = "100%" }
/// "#)?;
/// assert_eq!(data.transactions().len(), 1);
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditData {
    #[serde(default)]
    transactions: Vec<Transaction>,
    #[serde(default)]
    hierarchy: Vec<ReportingLine>,
    #[serde(default)]
    cancellations: Vec<Cancellation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    collections: Vec<Collection>,
    /// Where the data was read from, for errors.
    #[serde(skip)]
    origin: Origin,
}

/// The file and the lines transactions and collections start on; never
/// part of equality.
#[derive(Clone, Debug, Default)]
struct Origin {
    file: Option<String>,
    transactions: BTreeMap<String, usize>,
    collections: Vec<usize>,
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl Eq for Origin {}

impl CreditData {
    /// Transactions, hierarchy and cancellations.
    pub fn new(
        transactions: Vec<Transaction>,
        hierarchy: Vec<ReportingLine>,
        cancellations: Vec<Cancellation>,
    ) -> CreditData {
        CreditData {
            transactions,
            hierarchy,
            cancellations,
            collections: Vec::new(),
            origin: Origin::default(),
        }
    }

    /// Transactions read from `file`, each with the line it starts on, so
    /// that errors name both.
    #[cfg(feature = "csv")]
    pub(crate) fn read_at(rows: Vec<(Transaction, usize)>, file: Option<&str>) -> CreditData {
        let mut data = CreditData::new(Vec::new(), Vec::new(), Vec::new());
        for (t, line) in rows {
            data.origin.transactions.entry(t.id.clone()).or_insert(line);
            data.transactions.push(t);
        }
        data.origin.file = file.map(str::to_owned);
        data
    }

    /// Adds payments collected on invoices.
    #[must_use]
    pub fn with_collections(mut self, collections: Vec<Collection>) -> CreditData {
        self.collections.extend(collections);
        self
    }

    /// The collections.
    pub fn collections(&self) -> &[Collection] {
        &self.collections
    }

    /// The transaction `id`, if known.
    pub fn transaction(&self, id: &str) -> Option<&Transaction> {
        self.transactions.iter().find(|t| t.id == id)
    }

    /// `err` about transaction `id`, placed at its table when read from a
    /// file.
    fn at_transaction(&self, err: Error, id: &str) -> Error {
        let err = err.with_transaction(id);
        let err = match self.origin.transactions.get(id) {
            Some(line) => err.at(*line, 1),
            None => err,
        };
        err.in_file(self.origin.file.as_deref())
    }

    /// `err` about the `index`th collection.
    fn at_collection(&self, err: Error, index: usize, invoice: &str) -> Error {
        let err = err.with_transaction(invoice);
        let err = match self.origin.collections.get(index) {
            Some(line) => err.at(*line, 1),
            None => err,
        };
        err.in_file(self.origin.file.as_deref())
    }

    /// Reads credit data from TOML, numbers exactly.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] with line and column for bad syntax, an unknown
    /// field or a bad number or date.
    pub fn from_toml(text: &str) -> Result<CreditData> {
        let as_input = |e| match e {
            Error::Plan(d) => Error::Input(d),
            other => other,
        };
        let mut data: CreditData =
            source::from_toml(text, "transactions", "id", |e, id| e.with_transaction(id))
                .map_err(as_input)?;
        let tree = source::parse_exact(text).map_err(as_input)?;
        let starts = |array: &str| -> Vec<(usize, Option<String>)> {
            let Some(toml::de::DeValue::Array(items)) =
                tree.get_ref().get(array).map(|v| v.get_ref())
            else {
                return Vec::new();
            };
            items
                .iter()
                .map(|item| {
                    let line = source::line_column(text, item.span().start).0;
                    let id = match item.get_ref() {
                        toml::de::DeValue::Table(t) => t
                            .get("id")
                            .and_then(|v| v.get_ref().as_str())
                            .map(str::to_owned),
                        _ => None,
                    };
                    (line, id)
                })
                .collect()
        };
        for (line, id) in starts("transactions") {
            if let Some(id) = id {
                data.origin.transactions.entry(id).or_insert(line);
            }
        }
        data.origin.collections = starts("collections").into_iter().map(|(l, _)| l).collect();
        Ok(data)
    }

    /// Reads credit data from a TOML file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read; otherwise as
    /// [`CreditData::from_toml`], naming the file.
    pub fn load(path: impl AsRef<Path>) -> Result<CreditData> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::source::read_text(path, &name)?;
        let mut data = CreditData::from_toml(&text).map_err(|e| e.in_file(Some(&name)))?;
        data.origin.file = Some(name);
        Ok(data)
    }

    /// The transactions.
    pub fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }

    /// The reporting lines.
    pub fn hierarchy(&self) -> &[ReportingLine] {
        &self.hierarchy
    }

    /// The cancellations.
    pub fn cancellations(&self) -> &[Cancellation] {
        &self.cancellations
    }

    /// Everyone the hierarchy names.
    fn org(&self) -> BTreeSet<&str> {
        self.hierarchy
            .iter()
            .flat_map(|l| [l.participant.as_str(), l.manager.as_str()])
            .collect()
    }

    /// The manager of `p` on `d`.
    fn manager(&self, p: &str, d: Date) -> Option<&str> {
        self.hierarchy
            .iter()
            .find(|l| l.participant == p && l.covers(d))
            .map(|l| l.manager.as_str())
    }

    /// Checks splits, receivers, the hierarchy and cancellations.
    ///
    /// Everything is checked in a canonical order (transactions by id,
    /// duplicate ids first; reporting lines by participant and start;
    /// payments by invoice and date), so that with several faults the one
    /// reported never depends on the order the data was given in.
    fn check(&self, roster: &BTreeSet<&str>) -> Result<()> {
        let mut order: Vec<&Transaction> = self.transactions.iter().collect();
        order.sort_by(|a, b| a.id.cmp(&b.id));
        for pair in order.windows(2) {
            if let [a, b] = pair {
                if a.id == b.id {
                    return Err(self.at_transaction(
                        Error::duplicate(format!(
                            "transaction `{}` appears twice; transaction ids must be unique",
                            a.id
                        ))
                        .with_field("id"),
                        &a.id,
                    ));
                }
            }
        }
        let ids: BTreeSet<&str> = order.iter().map(|t| t.id.as_str()).collect();
        for t in order {
            self.check_transaction(t, roster)
                .map_err(|e| self.at_transaction(e, &t.id))?;
        }
        self.check_collections()?;
        self.check_hierarchy()?;
        let mut cancellations: Vec<&Cancellation> = self.cancellations.iter().collect();
        cancellations.sort_by(|a, b| (&a.transaction, a.date).cmp(&(&b.transaction, b.date)));
        for c in cancellations {
            if !ids.contains(c.transaction.as_str()) {
                return Err(Error::input(format!(
                    "cancellation of `{}`, which is not a known transaction",
                    c.transaction
                ))
                .with_transaction(&c.transaction)
                .with_field("cancellations"));
            }
        }
        Ok(())
    }

    /// The receivers a transaction is credited to: its own splits and
    /// overlays, or, for a credit note without splits, its original's.
    fn receivers_of<'t>(
        &'t self,
        t: &'t Transaction,
    ) -> (&'t BTreeMap<String, Decimal>, &'t [String]) {
        match (&t.refers_to, t.splits.is_empty()) {
            (Some(o), true) => match self.transaction(o) {
                Some(orig) => (&orig.splits, &orig.overlays),
                None => (&t.splits, &t.overlays),
            },
            _ => (&t.splits, &t.overlays),
        }
    }

    /// A transaction as a commission rule reads it (credited wholly; the
    /// caller sets the credit). A credit note carries its original's date
    /// and attributes, its own attributes laid over them.
    fn line_of(&self, t: &Transaction) -> TransactionLine {
        let original = t.refers_to.as_deref().and_then(|o| self.transaction(o));
        let mut attributes = original.map(|o| o.attributes.clone()).unwrap_or_default();
        attributes.extend(t.attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut line = TransactionLine::new(t.id.clone(), t.metric.clone(), t.date, t.amount);
        line.quantity = t.quantity;
        line.cost = t.cost;
        line.attributes = attributes;
        line.refers_to.clone_from(&t.refers_to);
        line.original = original.map(|o| {
            let mut ol = OriginalLine::new(o.id.clone(), o.date);
            ol.attributes = o.attributes.clone();
            ol
        });
        line
    }

    /// Checks a credit note's reference to its original line.
    fn check_credit_note(&self, t: &Transaction, original: &str) -> Result<()> {
        let err_at = |m: String, field: &str| {
            Error::input(format!("credit note `{}` {m}", t.id)).with_field(field.to_owned())
        };
        let err = |m: String| err_at(m, "refers_to");
        let Some(o) = self.transaction(original) else {
            return Err(err(format!(
                "refers to `{original}`, which is not a known transaction; a credit note refers to the id of the line it reverses"
            )));
        };
        if o.refers_to.is_some() {
            return Err(err(format!(
                "refers to `{original}`, itself a credit note; refer to the original line"
            )));
        }
        if o.metric != t.metric {
            return Err(err(format!(
                "counts `{}` but its original `{original}` counts `{}`; a credit note reverses a line of the same metric",
                t.metric, o.metric
            )));
        }
        if !t.amount.is_sign_negative() || t.amount.is_zero() {
            return Err(err_at(
                format!(
                    "has amount {}; a credit note or refund has a negative amount",
                    t.amount
                ),
                "amount",
            ));
        }
        let mut refunded = Decimal::ZERO;
        for c in self
            .transactions
            .iter()
            .filter(|c| c.refers_to.as_deref() == Some(original))
        {
            refunded = exact_add(refunded, c.amount).ok_or_else(|| {
                Error::overflow("the credit notes of a line").with_transaction(original)
            })?;
        }
        // The net is below zero when the notes exceed the amount: compared,
        // not summed (a sum may have no exact `Decimal`).
        if -refunded > o.amount {
            return Err(err_at(
                format!(
                    "takes the credit notes of `{original}` to {refunded}, more than its amount {}",
                    o.amount
                ),
                "amount",
            ));
        }
        Ok(())
    }

    /// Checks payments collected: a known invoice, a positive amount, and
    /// never more collected than invoiced.
    fn check_collections(&self) -> Result<()> {
        let mut collected: BTreeMap<&str, Decimal> = BTreeMap::new();
        let mut order: Vec<(usize, &Collection)> = self.collections.iter().enumerate().collect();
        order.sort_by(|(_, a), (_, b)| {
            (&a.invoice, a.date, a.amount).cmp(&(&b.invoice, b.date, b.amount))
        });
        for (i, c) in order {
            let err = |m: String, field: &str| {
                self.at_collection(
                    Error::input(format!("payment of `{}` on {}: {m}", c.invoice, c.date))
                        .with_field(field.to_owned()),
                    i,
                    &c.invoice,
                )
            };
            let Some(invoice) = self.transaction(&c.invoice) else {
                return Err(err(
                    "the invoice is not a known transaction".into(),
                    "collections.invoice",
                ));
            };
            if c.amount <= Decimal::ZERO {
                return Err(err(
                    format!("amount {}; a payment collected is above 0", c.amount),
                    "collections.amount",
                ));
            }
            let sum = collected.entry(c.invoice.as_str()).or_default();
            *sum = exact_add(*sum, c.amount).ok_or_else(|| {
                Error::overflow("the payments collected").with_transaction(&c.invoice)
            })?;
            if *sum > invoice.amount {
                return Err(err(
                    format!(
                        "payments collected total {sum}, above the invoice's amount {}; a payment above the invoice is refused",
                        invoice.amount
                    ),
                    "collections.amount",
                ));
            }
        }
        Ok(())
    }

    /// Checks one transaction's amounts, splits and receivers.
    fn check_transaction(&self, t: &Transaction, roster: &BTreeSet<&str>) -> Result<()> {
        let err = |m: String, field: &str| {
            Error::input(format!("transaction `{}`: {m}", t.id)).with_field(field.to_owned())
        };
        if let Some(original) = &t.refers_to {
            self.check_credit_note(t, original)?;
        }
        for (field, v) in [("quantity", t.quantity), ("cost", t.cost)] {
            if v.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) && t.refers_to.is_none() {
                return Err(err(
                    format!(
                        "{field} is negative; only a credit note (with `refers_to`) has negative amounts"
                    ),
                    field,
                ));
            }
        }
        check_id(IdKind::Transaction, &t.id)?;
        let (splits, overlays) = self.receivers_of(t);
        for p in splits.keys().chain(overlays.iter()) {
            check_id(IdKind::Participant, p).map_err(|e| {
                let field = if splits.contains_key(p) {
                    format!("splits.{p}")
                } else {
                    "overlays".into()
                };
                let mut e = e;
                e.details_mut().field = Some(field);
                e
            })?;
        }
        {
            if splits.is_empty() {
                return Err(err(
                    "has no splits; credit it to at least one participant with `splits`".into(),
                    "splits",
                ));
            }
            let mut sum = Decimal::ZERO;
            for (p, share) in splits {
                if *share <= Decimal::ZERO || *share > Decimal::ONE {
                    return Err(err(
                        format!(
                            "the split to `{p}` is {}; a split must be above 0% and at most 100%",
                            crate::payout::percent(*share)
                        ),
                        &format!("splits.{p}"),
                    ));
                }
                // Shares are at most 1 with at most 28 places: a sum no
                // `Decimal` holds exactly is far above 100%.
                sum = exact_add(sum, *share).ok_or_else(|| {
                    err(
                        "splits sum to more than 100%; they must sum to exactly 100%".into(),
                        "splits",
                    )
                })?;
            }
            if sum != Decimal::ONE {
                return Err(err(
                    format!(
                        "splits sum to {}; they must sum to exactly 100%",
                        crate::payout::percent(sum)
                    ),
                    "splits",
                ));
            }
            for p in splits.keys().chain(overlays.iter()) {
                if !roster.contains(p.as_str()) {
                    return Err(err(
                        format!("is credited to `{p}`, who is neither a participant nor in the hierarchy"),
                        "splits",
                    )
                    .with_participant(p));
                }
            }
            let mut seen = BTreeSet::new();
            for o in overlays {
                if !seen.insert(o) || splits.contains_key(o) {
                    return Err(err(
                        format!(
                            "`{o}` is credited twice; an overlay is credited in addition to the splits, once"
                        ),
                        "overlays",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks the hierarchy: no self-reports, no overlaps, no cycles.
    fn check_hierarchy(&self) -> Result<()> {
        let mut lines: Vec<&ReportingLine> = self.hierarchy.iter().collect();
        lines.sort_by(|a, b| {
            (&a.participant, a.from, &a.manager, a.to).cmp(&(
                &b.participant,
                b.from,
                &b.manager,
                b.to,
            ))
        });
        for (i, a) in lines.iter().enumerate() {
            for id in [&a.participant, &a.manager] {
                check_id(IdKind::Participant, id).map_err(|e| {
                    let mut e = e.with_participant(&a.participant);
                    e.details_mut().field = Some("hierarchy".into());
                    e
                })?;
            }
            if a.participant == a.manager {
                return Err(Error::input(format!(
                    "`{}` cannot report to themselves",
                    a.participant
                ))
                .with_participant(&a.participant)
                .with_field("hierarchy"));
            }
            if a.to.is_some_and(|t| t < a.from) {
                return Err(Error::input(format!(
                    "the reporting line of `{}` to `{}` ends before it starts",
                    a.participant, a.manager
                ))
                .with_participant(&a.participant)
                .with_field("hierarchy"));
            }
            for b in lines.iter().skip(i + 1) {
                let overlap = a.participant == b.participant
                    && a.to.is_none_or(|t| b.from <= t)
                    && b.to.is_none_or(|t| a.from <= t);
                if overlap {
                    return Err(Error::input(format!(
                        "`{}` reports to `{}` from {} and to `{}` from {} at the same time; reporting lines of one participant must not overlap",
                        a.participant, a.manager, a.from, b.manager, b.from
                    ))
                    .with_participant(&a.participant)
                    .with_field("hierarchy"));
                }
            }
        }
        // A cycle shows as a chain that comes back to a participant; chains
        // only change where a line starts, so checking at each start date
        // covers every day.
        let dates: BTreeSet<Date> = self.hierarchy.iter().map(|l| l.from).collect();
        for d in dates {
            for start in self.org() {
                self.chain(start, d)?;
            }
        }
        Ok(())
    }

    /// The managers above `p` on `d`, nearest first.
    fn chain(&self, p: &str, d: Date) -> Result<Vec<&str>> {
        let mut out: Vec<&str> = Vec::new();
        let mut current = p;
        while let Some(m) = self.manager(current, d) {
            if m == p || out.contains(&m) {
                let mut cycle = vec![p];
                cycle.extend(out.iter());
                cycle.push(m);
                return Err(Error::input(format!(
                    "the hierarchy has a cycle on {d}: {}",
                    cycle.join(" → ")
                ))
                .with_participant(p)
                .with_field("hierarchy"));
            }
            out.push(m);
            current = m;
        }
        Ok(out)
    }
}

/// The credits of one period, by participant and metric.
///
/// # Errors
///
/// [`Credits::build`] fails with [`Error::Input`] on splits that do not
/// sum to exactly 100%, a transaction credited to someone who is neither a
/// participant nor in the hierarchy, overlapping reporting lines, a cycle
/// in the hierarchy, or a cancellation of an unknown transaction. Of
/// several faulty transactions, the one with the lowest id is reported,
/// whatever order they were given in.
///
/// # Example
///
/// ```
/// use incentive::{Credits, CreditSource, Transaction};
/// use incentive::credit::{CreditData, ReportingLine};
/// use rust_decimal_macros::dec;
///
/// let day = "2026-04-15".parse()?;
/// let data = CreditData::new(
///     vec![
///         Transaction::new("D1", "bookings", dec!(400000), day).split("alex", dec!(1)),
///         Transaction::new("D2", "bookings", dec!(300000), day)
///             .split("alex", dec!(0.5)).split("blake", dec!(0.5)).overlay("sol"),
///     ],
///     vec![ReportingLine::new("alex", "morgan", "2026-01-01".parse()?),
///          ReportingLine::new("blake", "morgan", "2026-01-01".parse()?)],
///     vec![],
/// );
/// let credits = Credits::build(&data, ["alex", "blake", "sol"], "2026-04-01".parse()?, "2026-06-30".parse()?)
///     .map_err(|e| e.to_string())?;
/// let total = |p: &str, s| credits.trail(p, "bookings", &s).unwrap().total;
/// assert_eq!(total("alex", CreditSource::Credited), dec!(550000));
/// assert_eq!(total("sol", CreditSource::Credited), dec!(300000));
/// assert_eq!(total("morgan", CreditSource::Team(None)), dec!(700000));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credits {
    /// Split and overlay credits by (participant, metric).
    personal: BTreeMap<(String, String), Vec<CreditEntry>>,
    /// Own split credits and roll-ups by (head, metric).
    team: BTreeMap<(String, String), Vec<CreditEntry>>,
    /// Whole transactions by metric.
    company: BTreeMap<String, Vec<CreditEntry>>,
    /// Everyone known: participants and the hierarchy.
    roster: BTreeSet<String>,
    /// The period's transaction lines by receiver: split and overlay
    /// credits, and roll-ups to every manager above (for cascades).
    lines: BTreeMap<String, Vec<TransactionLine>>,
    /// The hierarchy, for overrides on reports' commission.
    hierarchy: Vec<ReportingLine>,
    /// Where the data was read from: errors about a line name its place.
    origin: Origin,
}

fn share_of(amount: Decimal, share: Decimal, id: &str) -> Result<Decimal> {
    Exact::from_decimal(amount)
        .checked_mul(Exact::from_decimal(share))
        .and_then(Exact::to_decimal)
        .ok_or_else(|| Error::overflow(format!("the credit of transaction `{id}`")))
}

impl Credits {
    /// Builds the credits of the transactions dated `from` to `to`
    /// (inclusive) for `participants` and everyone in the hierarchy.
    ///
    /// # Errors
    ///
    /// See the type's documentation; and [`Error::Input`] with field
    /// `window` when `from` is after `to` (a window that would credit
    /// nobody), and for a participant or transaction id the readers
    /// refuse (empty, a control character, a leading `=`, `+`, `-` or `@`).
    ///
    /// ```
    /// use incentive::Credits;
    /// use incentive::credit::CreditData;
    ///
    /// let data = CreditData::new(Vec::new(), Vec::new(), Vec::new());
    /// let err = Credits::build(&data, ["alex"], "2026-06-30".parse()?, "2026-04-01".parse()?)
    ///     .unwrap_err();
    /// assert_eq!(err.details().field.as_deref(), Some("window"));
    /// # Ok::<(), String>(())
    /// ```
    pub fn build<'a>(
        data: &CreditData,
        participants: impl IntoIterator<Item = &'a str>,
        from: Date,
        to: Date,
    ) -> Result<Credits> {
        if from > to {
            return Err(Error::input(format!(
                "the crediting window runs from {from} to {to}; FROM must be on or before TO"
            ))
            .with_field("window"));
        }
        let mut roster: BTreeSet<&str> = participants.into_iter().collect();
        for p in &roster {
            check_id(IdKind::Participant, p)?;
        }
        roster.extend(data.org());
        data.check(&roster)?;
        let mut credits = Credits {
            roster: roster.iter().map(|s| (*s).to_owned()).collect(),
            hierarchy: data.hierarchy.clone(),
            origin: data.origin.clone(),
            ..Credits::default()
        };
        let mut txns: Vec<&Transaction> = data
            .transactions
            .iter()
            .filter(|t| from <= t.date && t.date <= to)
            .collect();
        // Credits do not depend on the order transactions were given in.
        txns.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        for t in txns {
            let entry = |kind: CreditKind, credit: Decimal| CreditEntry {
                transaction: t.id.clone(),
                date: t.date,
                amount: t.amount,
                kind,
                credit,
            };
            let (splits, overlays) = data.receivers_of(t);
            let line = data.line_of(t);
            let mut add_line = |to: &str, credit: LineCredit| {
                let mut l = line.clone();
                l.credit = credit;
                credits.lines.entry(to.to_owned()).or_default().push(l);
            };
            credits
                .company
                .entry(t.metric.clone())
                .or_default()
                .push(entry(CreditKind::Company, t.amount));
            for (p, share) in splits {
                let credit = share_of(t.amount, *share, &t.id)?;
                let split = entry(CreditKind::Split { share: *share }, credit);
                add_line(p, LineCredit::Split { share: *share });
                credits
                    .personal
                    .entry((p.clone(), t.metric.clone()))
                    .or_default()
                    .push(split.clone());
                credits
                    .team
                    .entry((p.clone(), t.metric.clone()))
                    .or_default()
                    .push(split);
                for (level, m) in (2u32..).zip(data.chain(p, t.date)?) {
                    add_line(
                        m,
                        LineCredit::RollUp {
                            from: p.clone(),
                            share: *share,
                            level,
                        },
                    );
                    let rolled = entry(
                        CreditKind::RollUp {
                            from: p.clone(),
                            share: *share,
                        },
                        credit,
                    );
                    credits
                        .team
                        .entry((m.to_owned(), t.metric.clone()))
                        .or_default()
                        .push(rolled);
                }
            }
            for o in overlays {
                add_line(o, LineCredit::Overlay);
                credits
                    .personal
                    .entry((o.clone(), t.metric.clone()))
                    .or_default()
                    .push(entry(CreditKind::Overlay, t.amount));
            }
        }
        Ok(credits)
    }

    /// `err` placed at the file and line of the transaction it names.
    fn locate(&self, err: Error) -> Error {
        let Some(id) = err.details().transaction.clone() else {
            return err;
        };
        // A line of a report's commission is named `report/line`.
        let id = id.rsplit('/').next().unwrap_or(&id).to_owned();
        let err = match self.origin.transactions.get(&id) {
            Some(line) => err.at(*line, 1),
            None => err,
        };
        err.in_file(self.origin.file.as_deref())
    }

    /// The period's transaction lines credited to `participant` (splits
    /// and overlays) or rolled up to them from reports, by date and id:
    /// what commission components read.
    pub fn lines(&self, participant: &str) -> &[TransactionLine] {
        self.lines.get(participant).map_or(&[], Vec::as_slice)
    }

    /// The credit trail of `participant`'s `metric` from `source`, or
    /// `None` when `team:ID` names someone unknown, or when the credits'
    /// total has no exact `Decimal` ([`Credits::apply`] reports that as
    /// [`Error::Overflow`]).
    pub fn trail(
        &self,
        participant: &str,
        metric: &str,
        source: &CreditSource,
    ) -> Option<CreditTrail> {
        self.trail_of(participant, metric, source).ok().flatten()
    }

    /// [`Credits::trail`], with an [`Error::Overflow`] naming the metric
    /// when the total is not exact.
    fn trail_of(
        &self,
        participant: &str,
        metric: &str,
        source: &CreditSource,
    ) -> Result<Option<CreditTrail>> {
        let entries = match source {
            CreditSource::Credited => self
                .personal
                .get(&(participant.to_owned(), metric.to_owned())),
            CreditSource::Team(head) => {
                let head = head.as_deref().unwrap_or(participant);
                if !self.roster.contains(head) {
                    return Ok(None);
                }
                self.team.get(&(head.to_owned(), metric.to_owned()))
            }
            CreditSource::Company => self.company.get(metric),
        };
        let entries = entries.cloned().unwrap_or_default();
        let mut total = Decimal::ZERO;
        for e in &entries {
            total = exact_add(total, e.credit).ok_or_else(|| {
                Error::overflow(format!("the credited total of `{metric}`"))
                    .with_participant(participant)
                    .with_transaction(&e.transaction)
            })?;
        }
        Ok(Some(CreditTrail {
            metric: metric.to_owned(),
            source: source.clone(),
            total,
            entries,
        }))
    }

    /// The inputs with every credited metric's actual filled in from its
    /// source (counting the transactions of the metric the plan names for
    /// it), and the trails behind them.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when a metric has both an actual and a source, or
    /// a `team:ID` source names someone unknown.
    pub fn apply(&self, plan: &Plan, inputs: &Inputs) -> Result<(Inputs, Vec<CreditTrail>)> {
        let mut filled = inputs.clone();
        let mut trails = Vec::new();
        for (metric, source) in inputs.sources() {
            let field = format!("sources.{metric}");
            if inputs.actuals().contains_key(metric) {
                return Err(Error::input(format!(
                    "metric `{metric}` has both an actual and a credit source; give one"
                ))
                .with_participant(inputs.participant())
                .with_field(field));
            }
            let counted = plan.transaction_metric(metric);
            let mut trail = self
                .trail_of(inputs.participant(), counted, source)
                .map_err(|e| self.locate(e.with_field(field.clone())))?
                .ok_or_else(|| {
                Error::input(format!(
                    "`{source}` names a participant who is neither a participant nor in the hierarchy"
                ))
                .with_participant(inputs.participant())
                .with_field(field.clone())
            })?;
            trail.metric.clone_from(metric);
            filled = filled.actual(metric.clone(), trail.total);
            trails.push(trail);
        }
        let metrics: BTreeSet<&str> = plan
            .commissions()
            .iter()
            .filter_map(|c| c.metric())
            .collect();
        if !metrics.is_empty() {
            let given = inputs
                .lines()
                .iter()
                .any(|l| !matches!(l.credit, LineCredit::Commission { .. }));
            if given {
                return Err(Error::input(
                    "the inputs give transaction lines and are credited from transactions too; give one",
                )
                .with_participant(inputs.participant())
                .with_field("lines"));
            }
            for line in self.lines(inputs.participant()) {
                if metrics.contains(line.metric.as_str()) {
                    filled = filled.line(line.clone());
                }
            }
        }
        Ok((filled, trails))
    }

    /// Evaluates inputs whose credited metrics come from these credits; the
    /// statement carries the credit trail.
    ///
    /// # Errors
    ///
    /// As [`Credits::apply`] and [`PlanSet::evaluate`].
    pub fn evaluate(&self, plans: &PlanSet, inputs: &Inputs) -> Result<Statement> {
        let plan = plans.get(inputs.plan()).ok_or_else(|| {
            // Let the plan set say which plans it knows.
            plans
                .evaluate(inputs)
                .err()
                .unwrap_or_else(|| Error::input("unknown plan"))
        })?;
        let (filled, trails) = self.apply(plan, inputs)?;
        let mut statement = plan.evaluate(&filled).map_err(|e| self.locate(e))?;
        statement.credits = trails;
        Ok(statement)
    }

    /// Evaluates inputs as [`Credits::evaluate`] does, under the version of
    /// their plan in force on `on` (the period's end, say), with every
    /// credit note paying back at the rate its original line was paid
    /// under the version in force on the original's date: a credit note
    /// in April of a line sold in March at 8% pays back 8%, even if April's
    /// version pays 10% on that product.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when no version of the plan is in force on `on`;
    /// otherwise as [`Credits::evaluate`].
    pub fn evaluate_versioned(
        &self,
        book: &crate::year::PlanBook,
        inputs: &Inputs,
        on: Date,
    ) -> Result<Statement> {
        let plan = book.version_on(inputs.plan(), on).ok_or_else(|| {
            Error::input(format!(
                "no version of plan `{}` is in force on {on}",
                inputs.plan()
            ))
            .with_participant(inputs.participant())
            .with_field("plan")
        })?;
        let (mut filled, trails) = self.apply(plan, inputs)?;
        for line in filled.lines_mut() {
            let Some(original) = &line.original else {
                continue;
            };
            let Some(then) = book.version_on(plan.id(), original.date) else {
                continue;
            };
            if then.version() == plan.version() {
                continue;
            }
            let mut as_sold = line.clone();
            as_sold.refers_to = None;
            as_sold.attributes.clone_from(&original.attributes);
            as_sold.original = None;
            let rates = crate::program::commission::rates_for(&then.program, &as_sold)
                .map_err(|e| e.with_participant(inputs.participant()))?;
            if let Some(o) = &mut line.original {
                o.rates.extend(rates);
            }
        }
        let mut statement = plan.evaluate(&filled).map_err(|e| self.locate(e))?;
        statement.credits = trails;
        Ok(statement)
    }

    /// Evaluates a batch of inputs as [`Credits::evaluate`] does; statements
    /// come back sorted by participant, plan and period, whatever the order
    /// of `inputs`.
    ///
    /// # Errors
    ///
    /// The first error in that order, or [`Error::Input`] when one
    /// participant, plan and period appears twice.
    pub fn evaluate_all(&self, plans: &PlanSet, inputs: &[Inputs]) -> Result<Vec<Statement>> {
        // Overrides pay on what the reports earned: everyone else first.
        let overrides = |i: &Inputs| {
            plans.get(i.plan()).is_some_and(|p| {
                p.commissions()
                    .iter()
                    .any(|c| c.lines() == crate::plan::LinesFrom::Reports)
            })
        };
        let (second, first): (Vec<Inputs>, Vec<Inputs>) =
            inputs.iter().cloned().partition(|i| overrides(i));
        let mut statements = crate::evaluate::evaluate_sorted(&first, |i| self.evaluate(plans, i))?;
        let managers: Vec<Inputs> = second
            .into_iter()
            .map(|i| {
                let lines = self.report_lines(&statements, i.participant());
                lines.into_iter().fold(i, Inputs::line)
            })
            .collect();
        statements.extend(crate::evaluate::evaluate_sorted(&managers, |i| {
            self.evaluate(plans, i)
        })?);
        statements.sort_by(|a, b| {
            (&a.participant, &a.plan, &a.period).cmp(&(&b.participant, &b.plan, &b.period))
        });
        Ok(statements)
    }

    /// The commission `manager`'s direct reports earned, as lines an
    /// override component (`lines = "reports"`) reads: one line per
    /// commission line of each report's statement (one per component for a
    /// rule on the total, dated by its last line) whose date falls while
    /// the report reported to `manager` in the hierarchy.
    pub fn report_lines(&self, statements: &[Statement], manager: &str) -> Vec<TransactionLine> {
        let reports_to = |p: &str, d: Date| {
            self.hierarchy
                .iter()
                .any(|l| l.participant == p && l.manager == manager && l.covers(d))
        };
        let mut out = Vec::new();
        for s in statements {
            for line in &s.lines {
                let crate::statement::RuleTrace::Commission(c) = &line.rule else {
                    continue;
                };
                let credit = LineCredit::Commission {
                    from: s.participant.clone(),
                };
                let mut push = |id: String, date: Date, amount: Decimal| {
                    if reports_to(&s.participant, date) {
                        out.push(
                            TransactionLine::new(id, line.component.clone(), date, amount)
                                .credited(credit.clone()),
                        );
                    }
                };
                match (c.per, c.lines.last()) {
                    (crate::plan::Per::Line, _) => {
                        for l in &c.lines {
                            let amount = l
                                .amount
                                .or_else(|| l.commission.and_then(Exact::to_decimal))
                                .unwrap_or_default();
                            push(
                                format!("{}/{}", s.participant, l.transaction),
                                l.date,
                                amount,
                            );
                        }
                    }
                    (crate::plan::Per::Total, Some(last)) => {
                        push(
                            format!("{}/{}", s.participant, line.component),
                            last.date,
                            line.amount,
                        );
                    }
                    (crate::plan::Per::Total, None) => {}
                }
            }
        }
        out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        out
    }
}

/// A manager's target for `period`: the sum of her reports' targets for
/// `component` of `plan`, through the effective-dated `hierarchy`, exact.
///
/// Each day of the period counts every participant below `manager` on
/// that day, directly or through managers in between, at the target of
/// their schedule ([`YearInputs::target_from`](crate::YearInputs::target_from)) in effect on that day,
/// divided by the days of the period: a report who joins the team
/// mid-period counts for the days in it, as a re-based target counts from
/// its date. A participant below `manager` with no [`YearInputs`](crate::YearInputs) in
/// `reports`, or with no schedule for the component (a manager in between,
/// say), adds nothing. Nothing is rounded; round the result where it is
/// shown.
///
/// # Errors
///
/// - A cycle in the hierarchy on a day of the period (`a` reports to `b`
///   who reports to `a`), naming the participant, the day and the chain.
/// - A participant with two reporting lines in force on one day.
/// - A report's target schedule with overlaps, gaps or a target at or
///   below 0, or with no target in effect on a day they are on the team,
///   naming the participant, plan, component and day.
/// - Arithmetic overflow.
///
/// # Example
///
/// ```
/// use incentive::credit::{ReportingLine, roll_up_targets};
/// use incentive::year::Calendar;
/// use incentive::{Date, Exact, PayPeriod, YearInputs};
/// use rust_decimal_macros::dec;
///
/// let q1 = Calendar::new(1, PayPeriod::Quarter)?.plan_year(2026)?;
/// let q1 = q1.period("2026-Q1").unwrap();
/// let jan = Date::new(2026, 1, 1)?;
/// let quota = |who: &str, amount| {
///     YearInputs::new(who, 2026).target_from("ae", "bookings", jan, amount)
/// };
/// let reports = [quota("ana", dec!(300000)), quota("ben", dec!(450000))];
/// let team = [
///     ReportingLine::new("ana", "maya", jan),
///     // Ben joins on 2026-02-15: 45 of the quarter's 90 days.
///     ReportingLine::new("ben", "maya", Date::new(2026, 2, 15)?),
/// ];
/// let target = roll_up_targets(&team, &reports, "maya", "ae", "bookings", q1)?;
/// assert_eq!(target, Exact::from_decimal(dec!(525000)));
///
/// // A cycle is refused, naming who and when.
/// let cycle = [
///     ReportingLine::new("ana", "maya", jan),
///     ReportingLine::new("maya", "ana", jan),
/// ];
/// let err = roll_up_targets(&cycle, &reports, "maya", "ae", "bookings", q1).unwrap_err();
/// assert!(err.to_string().contains("cycle on 2026-01-01"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn roll_up_targets(
    hierarchy: &[ReportingLine],
    reports: &[crate::YearInputs],
    manager: &str,
    plan: &str,
    component: &str,
    period: &crate::year::Period,
) -> Result<Exact> {
    let mut total = Exact::ZERO;
    for d in crate::year::dates(period.start(), period.end())? {
        let on = team_target_on(
            hierarchy,
            reports,
            manager,
            plan,
            component,
            d,
            period.label(),
        )?;
        total = total
            .checked_add(on)
            .ok_or_else(|| Error::overflow("the roll-up"))?;
    }
    total
        .checked_div(Exact::from_int(i128::from(period.days())))
        .ok_or_else(|| Error::overflow("the roll-up"))
}

/// A manager's target schedule from `from` to `until` (both included): on
/// each day, the sum of her reports' targets for `component` of `plan` in
/// effect that day through the effective-dated `hierarchy`, as
/// [`roll_up_targets`] counts them, one [`TargetEntry`](crate::year::TargetEntry)
/// for each run of days with the same sum. Given to the manager's plan year
/// ([`YearInputs::target_entries`](crate::YearInputs::target_entries)), the
/// engine's day-weighted period target is then exactly the roll-up of each
/// period, and it is recomputed whenever the team changes.
///
/// # Errors
///
/// As [`roll_up_targets`], and a day in the range on which no report below
/// `manager` has a target (a target must be above 0), naming the manager
/// and the day.
///
/// # Example
///
/// ```
/// use incentive::credit::{ReportingLine, roll_up_schedule};
/// use incentive::{Date, YearInputs};
/// use rust_decimal_macros::dec;
///
/// let jan = Date::new(2026, 1, 1)?;
/// let feb15 = Date::new(2026, 2, 15)?;
/// let quota = |who: &str, amount| {
///     YearInputs::new(who, 2026).target_from("ae", "bookings", jan, amount)
/// };
/// let reports = [quota("ana", dec!(300000)), quota("ben", dec!(450000))];
/// let team = [
///     ReportingLine::new("ana", "maya", jan),
///     ReportingLine::new("ben", "maya", feb15),
/// ];
/// let dec31 = Date::new(2026, 12, 31)?;
/// let schedule = roll_up_schedule(&team, &reports, "maya", "ae", "bookings", jan, dec31)?;
/// let shown: Vec<String> = schedule.iter().map(ToString::to_string).collect();
/// assert_eq!(shown, [
///     "300000 a period from 2026-01-01 to 2026-02-14",
///     "750000 a period from 2026-02-15 to 2026-12-31",
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn roll_up_schedule(
    hierarchy: &[ReportingLine],
    reports: &[crate::YearInputs],
    manager: &str,
    plan: &str,
    component: &str,
    from: Date,
    until: Date,
) -> Result<Vec<crate::year::TargetEntry>> {
    if until < from {
        return Err(Error::input(format!(
            "the roll-up runs from {from} to {until}, which ends before it starts"
        ))
        .with_participant(manager));
    }
    let label = format!("{from} to {until}");
    let mut out: Vec<crate::year::TargetEntry> = Vec::new();
    for d in crate::year::dates(from, until)? {
        let on = team_target_on(hierarchy, reports, manager, plan, component, d, &label)?;
        let amount = on
            .to_decimal()
            .ok_or_else(|| Error::overflow("the roll-up"))?;
        if amount <= Decimal::ZERO {
            return Err(Error::input(format!(
                "no report below `{manager}` has a target for component `{component}` of plan `{plan}` on {d}, so the roll-up has no target that day; start the manager's schedule when her team does, or give her own target"
            ))
            .with_participant(manager)
            .with_plan(plan)
            .with_component(component)
            .with_field(format!("targets.{component}")));
        }
        match out.last_mut() {
            Some(last) if last.amount == amount => last.until = Some(d),
            _ => out.push(crate::year::TargetEntry {
                from: d,
                until: Some(d),
                amount,
            }),
        }
    }
    Ok(out)
}

/// The sum of the targets of everyone below `manager` on `d`, exact;
/// `within` names the period or range in errors.
fn team_target_on(
    hierarchy: &[ReportingLine],
    reports: &[crate::YearInputs],
    manager: &str,
    plan: &str,
    component: &str,
    d: Date,
    within: &str,
) -> Result<Exact> {
    let mut total = Exact::ZERO;
    for p in reports_below(hierarchy, manager, d)? {
        let Some(inputs) = reports.iter().find(|r| r.participant() == p) else {
            continue;
        };
        let schedule = inputs.target_schedule(plan, component);
        if schedule.is_empty() {
            continue;
        }
        let entries = crate::year::check_schedule(schedule, plan, component)
            .map_err(|e| e.with_participant(p))?;
        let amount = crate::year::amount_on(&entries, d).ok_or_else(|| {
            Error::input(format!(
                "`{p}` reports to `{manager}` on {d} (in {within}) but has no target for component `{component}` of plan `{plan}` in effect that day; schedule: {}",
                entries.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
            ))
            .with_participant(p)
            .with_plan(plan)
            .with_component(component)
            .with_field(format!("targets.{component}"))
        })?;
        total = total
            .checked_add(Exact::from_decimal(amount))
            .ok_or_else(|| Error::overflow("the roll-up"))?;
    }
    Ok(total)
}

/// Everyone below `manager` on `d`, directly or not.
fn reports_below<'h>(
    hierarchy: &'h [ReportingLine],
    manager: &str,
    d: Date,
) -> Result<Vec<&'h str>> {
    let mut out: Vec<&str> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut queue: Vec<&str> = vec![manager];
    while let Some(m) = queue.pop() {
        for l in hierarchy.iter().filter(|l| l.manager() == m && l.covers(d)) {
            let p = l.participant();
            check_chain(hierarchy, p, d)?;
            if p == manager || !seen.insert(p) {
                // Reached twice with one manager a day: only a cycle does
                // that, and `check_chain` names it.
                continue;
            }
            out.push(p);
            queue.push(p);
        }
    }
    Ok(out)
}

/// Walks up from `p` on `d`, refusing a cycle or two managers at once.
fn check_chain(hierarchy: &[ReportingLine], p: &str, d: Date) -> Result<()> {
    let mut chain: Vec<&str> = vec![p];
    let mut current = p;
    loop {
        let mut lines = hierarchy
            .iter()
            .filter(|l| l.participant() == current && l.covers(d));
        let Some(line) = lines.next() else {
            return Ok(());
        };
        if let Some(other) = lines.next() {
            return Err(Error::input(format!(
                "`{current}` reports to `{}` and to `{}` on {d}; reporting lines of one participant must not overlap",
                line.manager(),
                other.manager()
            ))
            .with_participant(current)
            .with_field("hierarchy"));
        }
        let m = line.manager();
        if chain.contains(&m) {
            chain.push(m);
            return Err(Error::input(format!(
                "the hierarchy has a cycle on {d}: {}; a target cannot roll up through it",
                chain.join(" → ")
            ))
            .with_participant(p)
            .with_field("hierarchy"));
        }
        chain.push(m);
        current = m;
    }
}
