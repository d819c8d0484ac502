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

pub use crate::inputs::CreditSource;
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
use crate::inputs::Inputs;
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

    fn covers(&self, d: Date) -> bool {
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
/// ["sol"]`), `[[hierarchy]]` tables (`participant`, `manager`, `from`,
/// optional `to`) and `[[cancellations]]` tables (`transaction`, `date`).
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
}

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
        }
    }

    /// Reads credit data from TOML, numbers exactly.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] with line and column for bad syntax, an unknown
    /// field or a bad number or date.
    pub fn from_toml(text: &str) -> Result<CreditData> {
        source::from_toml(text, "transactions", "id", |e, _| e).map_err(|e| match e {
            Error::Plan(d) => Error::Input(d),
            other => other,
        })
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
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&name, &e))?;
        CreditData::from_toml(&text).map_err(|e| e.in_file(Some(&name)))
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
    fn check(&self, roster: &BTreeSet<&str>) -> Result<()> {
        let mut ids = BTreeSet::new();
        for t in &self.transactions {
            let err = |m: String, field: &str| {
                Error::input(format!("transaction `{}`: {m}", t.id)).with_field(field.to_owned())
            };
            if !ids.insert(t.id.as_str()) {
                return Err(err(
                    "appears twice; transaction ids must be unique".into(),
                    "id",
                ));
            }
            if t.splits.is_empty() {
                return Err(err(
                    "has no splits; credit it to at least one participant with `splits`".into(),
                    "splits",
                ));
            }
            let mut sum = Decimal::ZERO;
            for (p, share) in &t.splits {
                if *share <= Decimal::ZERO || *share > Decimal::ONE {
                    return Err(err(
                        format!(
                            "the split to `{p}` is {}; a split must be above 0% and at most 100%",
                            crate::payout::percent(*share)
                        ),
                        &format!("splits.{p}"),
                    ));
                }
                sum = sum
                    .checked_add(*share)
                    .ok_or_else(|| err("splits overflow".into(), "splits"))?;
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
            for p in t.splits.keys().chain(t.overlays.iter()) {
                if !roster.contains(p.as_str()) {
                    return Err(err(
                        format!("is credited to `{p}`, who is neither a participant nor in the hierarchy"),
                        "splits",
                    )
                    .with_participant(p));
                }
            }
            let mut overlays = BTreeSet::new();
            for o in &t.overlays {
                if !overlays.insert(o) || t.splits.contains_key(o) {
                    return Err(err(
                        format!(
                            "`{o}` is credited twice; an overlay is credited in addition to the splits, once"
                        ),
                        "overlays",
                    ));
                }
            }
        }
        for (i, a) in self.hierarchy.iter().enumerate() {
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
            for b in self.hierarchy.iter().skip(i + 1) {
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
        for c in &self.cancellations {
            if !ids.contains(c.transaction.as_str()) {
                return Err(Error::input(format!(
                    "cancellation of `{}`, which is not a known transaction",
                    c.transaction
                ))
                .with_field("cancellations"));
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
/// in the hierarchy, or a cancellation of an unknown transaction.
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
    /// See the type's documentation.
    pub fn build<'a>(
        data: &CreditData,
        participants: impl IntoIterator<Item = &'a str>,
        from: Date,
        to: Date,
    ) -> Result<Credits> {
        let mut roster: BTreeSet<&str> = participants.into_iter().collect();
        roster.extend(data.org());
        data.check(&roster)?;
        let mut credits = Credits {
            roster: roster.iter().map(|s| (*s).to_owned()).collect(),
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
            credits
                .company
                .entry(t.metric.clone())
                .or_default()
                .push(entry(CreditKind::Company, t.amount));
            for (p, share) in &t.splits {
                let credit = share_of(t.amount, *share, &t.id)?;
                let split = entry(CreditKind::Split { share: *share }, credit);
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
                for m in data.chain(p, t.date)? {
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
            for o in &t.overlays {
                credits
                    .personal
                    .entry((o.clone(), t.metric.clone()))
                    .or_default()
                    .push(entry(CreditKind::Overlay, t.amount));
            }
        }
        Ok(credits)
    }

    /// The credit trail of `participant`'s `metric` from `source`, or
    /// `None` when `team:ID` names someone unknown.
    pub fn trail(
        &self,
        participant: &str,
        metric: &str,
        source: &CreditSource,
    ) -> Option<CreditTrail> {
        let entries = match source {
            CreditSource::Credited => self
                .personal
                .get(&(participant.to_owned(), metric.to_owned())),
            CreditSource::Team(head) => {
                let head = head.as_deref().unwrap_or(participant);
                if !self.roster.contains(head) {
                    return None;
                }
                self.team.get(&(head.to_owned(), metric.to_owned()))
            }
            CreditSource::Company => self.company.get(metric),
        };
        let entries = entries.cloned().unwrap_or_default();
        let mut total = Decimal::ZERO;
        for e in &entries {
            total = total.checked_add(e.credit)?;
        }
        Some(CreditTrail {
            metric: metric.to_owned(),
            source: source.clone(),
            total,
            entries,
        })
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
            let mut trail = self.trail(inputs.participant(), counted, source).ok_or_else(|| {
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
        let mut statement = plan.evaluate(&filled)?;
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
        crate::evaluate::evaluate_sorted(inputs, |i| self.evaluate(plans, i))
    }
}
