//! Clawbacks: reversing what was paid on a transaction that is cancelled
//! (or a customer that churns) within the plan's window.
//!
//! A [`ClawbackLedger`] is plain state the caller stores between periods.
//! [`ClawbackLedger::record`] notes what a statement paid on each credited
//! transaction: every credited line's amount is attributed to the
//! transactions behind it in proportion to their credit (to the cent, the
//! remainder going to the largest fractions, the first on ties).
//! [`ClawbackLedger::settle`] takes a later period's statement and that
//! period's cancellations: a cancellation within the plan's
//! `clawback.window_days` of the booking (inclusive) reverses what was paid
//! on the transaction, recovered from that period's payout; what the payout
//! cannot cover is carried as a balance owed and recovered from later
//! payouts first. Outside the window nothing is clawed back. A plan without
//! a `clawback` table claws nothing back. No payment ever goes below zero.

pub use crate::statement::ClawbackTrace;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::Cancellation;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::money::{exact_add, exact_sub};
use crate::plan::Clawback;
use crate::statement::{Adjustment, AdjustmentDetail, MeasureTrace, Statement};

/// What was paid to a participant on one transaction.
///
/// # Example
///
/// ```
/// use incentive::clawback::DealPayment;
/// use rust_decimal_macros::dec;
///
/// let p = DealPayment::new("alex", "flat-commission", "D1", "2026-03-20".parse()?, dec!(10000.00));
/// assert_eq!(p.paid(), dec!(10000.00));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealPayment {
    participant: String,
    plan: String,
    transaction: String,
    booked: Date,
    #[serde(deserialize_with = "crate::number::decimal")]
    paid: Decimal,
}

impl DealPayment {
    /// `paid` was paid to `participant` under `plan` on `transaction`,
    /// booked on `booked`.
    pub fn new(
        participant: impl Into<String>,
        plan: impl Into<String>,
        transaction: impl Into<String>,
        booked: Date,
        paid: Decimal,
    ) -> DealPayment {
        DealPayment {
            participant: participant.into(),
            plan: plan.into(),
            transaction: transaction.into(),
            booked,
            paid,
        }
    }

    /// The participant.
    pub fn participant(&self) -> &str {
        &self.participant
    }

    /// The plan's id.
    pub fn plan(&self) -> &str {
        &self.plan
    }

    /// The transaction's id.
    pub fn transaction(&self) -> &str {
        &self.transaction
    }

    /// The booking date.
    pub fn booked(&self) -> Date {
        self.booked
    }

    /// The amount paid on the transaction.
    pub fn paid(&self) -> Decimal {
        self.paid
    }
}

/// What was paid on each transaction, and the balance each participant
/// owes: the state clawbacks need between periods.
///
/// # Example
///
/// See `tests/shared_goals.rs` for a full quarter-to-quarter run; in
/// short:
///
/// ```
/// use incentive::clawback::{ClawbackLedger, DealPayment};
/// use rust_decimal_macros::dec;
///
/// let mut ledger = ClawbackLedger::default();
/// ledger.insert(DealPayment::new("alex", "flat", "D1", "2026-03-20".parse()?, dec!(10000)));
/// assert_eq!(ledger.payments().len(), 1);
/// assert_eq!(ledger.owed("alex"), dec!(0));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClawbackLedger {
    #[serde(default)]
    payments: Vec<DealPayment>,
    #[serde(default, deserialize_with = "crate::number::decimal_map")]
    owed: BTreeMap<String, Decimal>,
}

impl ClawbackLedger {
    /// The recorded deal payments.
    pub fn payments(&self) -> &[DealPayment] {
        &self.payments
    }

    /// What `participant` owes and will have recovered from later payouts.
    pub fn owed(&self, participant: &str) -> Decimal {
        self.owed.get(participant).copied().unwrap_or(Decimal::ZERO)
    }

    /// Records a payment made on a transaction.
    pub fn insert(&mut self, payment: DealPayment) {
        self.payments.push(payment);
        self.payments.sort_by(|a, b| {
            (&a.participant, &a.plan, &a.transaction).cmp(&(
                &b.participant,
                &b.plan,
                &b.transaction,
            ))
        });
    }

    /// Records what `statement` paid on each credited transaction.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if an attribution does not fit.
    pub fn record(&mut self, statement: &Statement) -> Result<()> {
        let places = statement.rounding.places();
        for line in &statement.lines {
            let MeasureTrace::Quantitative { metric, .. } = &line.measure else {
                continue;
            };
            let Some(trail) = statement.credits.iter().find(|t| &t.metric == metric) else {
                continue;
            };
            // Net credit per transaction, in first-seen order.
            let mut per_deal: Vec<(String, Date, Decimal)> = Vec::new();
            for e in &trail.entries {
                match per_deal.iter_mut().find(|(id, _, _)| *id == e.transaction) {
                    Some(d) => {
                        d.2 = exact_add(d.2, e.credit).ok_or_else(|| {
                            Error::overflow(format!(
                                "the credit of transaction `{}`",
                                e.transaction
                            ))
                        })?
                    }
                    None => per_deal.push((e.transaction.clone(), e.date, e.credit)),
                }
            }
            if trail.total <= Decimal::ZERO || line.amount <= Decimal::ZERO {
                continue;
            }
            let shares = allocate(line.amount, trail.total, &per_deal, places)?;
            for ((id, booked, _), paid) in per_deal.iter().zip(shares) {
                if paid > Decimal::ZERO {
                    self.insert(DealPayment::new(
                        statement.participant.clone(),
                        statement.plan.clone(),
                        id.clone(),
                        *booked,
                        paid,
                    ));
                }
            }
        }
        Ok(())
    }

    /// What `participant` owes back under `plan` for `cancellations`: one
    /// trace per cancelled transaction that was paid to them, the whole
    /// payment within the plan's window (inclusive), nothing outside it.
    /// Payments clawed back leave the ledger. Nothing is recovered here
    /// (`recovered` is 0 and `carried` is the amount owed): in a plan year,
    /// add the amount to the year's balance with
    /// [`YearState::add_owed`](crate::YearState::add_owed) (kind
    /// `clawback`) and it is recovered from the next payouts like every
    /// balance; for a single period, [`ClawbackLedger::settle`] recovers it
    /// from the period's statement.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when a cancellation predates its booking.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::Plan;
    /// use incentive::clawback::{ClawbackLedger, DealPayment};
    /// use incentive::credit::Cancellation;
    /// use rust_decimal_macros::dec;
    ///
    /// let text = std::fs::read_to_string("plans/account-executive-marginal.toml").unwrap();
    /// let plan = Plan::from_toml(&format!("clawback = {{ window_days = 90 }}\n{text}"))?;
    /// let mut ledger = ClawbackLedger::default();
    /// let booked = "2026-03-20".parse().unwrap();
    /// ledger.insert(DealPayment::new("alex", plan.id(), "D1", booked, dec!(10000.00)));
    /// let cancelled = [Cancellation::new("D1", "2026-05-10".parse().unwrap())];
    /// let due = ledger.claw_back(&plan, "alex", plan.id(), &cancelled)?;
    /// assert_eq!(due[0].days, 51);
    /// assert_eq!(due[0].clawed_back, dec!(10000.00));
    /// assert!(ledger.payments().is_empty());
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn claw_back(
        &mut self,
        plan: &Plan,
        participant: &str,
        plan_id: &str,
        cancellations: &[Cancellation],
    ) -> Result<Vec<ClawbackTrace>> {
        let mut sorted: Vec<&Cancellation> = cancellations.iter().collect();
        sorted.sort_by(|a, b| (a.date(), a.transaction()).cmp(&(b.date(), b.transaction())));
        let mut out = Vec::new();
        for c in sorted {
            let Some(index) = self.payments.iter().position(|p| {
                p.participant == participant
                    && p.plan == plan_id
                    && p.transaction == c.transaction()
            }) else {
                continue;
            };
            let Some(payment) = self.payments.get(index).cloned() else {
                continue;
            };
            let Some(rule) = plan.clawback() else {
                continue;
            };
            let trace = clawback_of(
                plan,
                rule,
                &payment.transaction,
                payment.booked,
                payment.paid,
                c,
            )
            .map_err(|e| e.with_participant(participant))?;
            if !trace.share.is_zero() {
                self.payments.remove(index);
            }
            out.push(trace);
        }
        Ok(out)
    }

    /// Applies a period's cancellations (and any balance owed) to that
    /// period's statement for the participant: clawbacks within the plan's
    /// window are recovered from the payout, the rest carried as owed.
    /// Each clawed-back payment leaves the ledger, so nothing is clawed
    /// back twice.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when the statement is for another plan or a
    /// cancellation predates its booking; [`Error::Overflow`] if amounts do
    /// not fit.
    pub fn settle(
        &mut self,
        plan: &Plan,
        mut statement: Statement,
        cancellations: &[Cancellation],
    ) -> Result<Statement> {
        statement_of(plan, &statement)?;
        let who = statement.participant.clone();
        let ovf = || Error::overflow("the clawback");
        let mut available = statement.total;
        let owed_before = self.owed(&who);
        if owed_before > Decimal::ZERO {
            let recovered = owed_before.min(available);
            available = exact_sub(available, recovered).ok_or_else(ovf)?;
            let still = exact_sub(owed_before, recovered).ok_or_else(ovf)?;
            statement.adjustments.push(Adjustment {
                kind: "balance-recovery".into(),
                description: format!(
                    "balance owed {owed_before}: {recovered} recovered now, {still} still owed"
                ),
                amount: -recovered,
                detail: None,
            });
        }
        let mut owed = exact_sub(owed_before, statement.total.min(owed_before)).ok_or_else(ovf)?;
        let plan_id = statement.plan.clone();
        for mut trace in self.claw_back(plan, &who, &plan_id, cancellations)? {
            let recovered = trace.clawed_back.min(available);
            let carried = exact_sub(trace.clawed_back, recovered).ok_or_else(ovf)?;
            available = exact_sub(available, recovered).ok_or_else(ovf)?;
            owed = exact_add(owed, carried).ok_or_else(ovf)?;
            trace.recovered = recovered;
            trace.carried = carried;
            statement.adjustments.push(Adjustment {
                kind: "clawback".into(),
                description: trace.to_string(),
                amount: -recovered,
                detail: Some(AdjustmentDetail::Clawback(trace)),
            });
        }
        if owed.is_zero() {
            self.owed.remove(&who);
        } else {
            self.owed.insert(who, owed);
        }
        statement.total = available;
        statement.exact_total = Exact::from_decimal(available);
        statement.unsign_zeros();
        Ok(statement)
    }
}

/// Refuses a statement of another plan than `plan`: settling it against
/// the wrong plan's rules would pay wrong silently.
pub(crate) fn statement_of(plan: &Plan, statement: &Statement) -> Result<()> {
    if statement.plan != plan.id() {
        return Err(Error::input(format!(
            "the statement is for plan `{}`, not `{}`",
            statement.plan,
            plan.id()
        )));
    }
    Ok(())
}

/// What cancellation `c` claws back of `paid`, paid on `transaction`
/// booked on `booked`, under `plan`'s clawback `rule`: the share for the
/// days from booking to cancellation, the amount rounded once; all of it
/// carried (the caller recovers it).
///
/// # Errors
///
/// [`Error::Input`] when the cancellation predates the booking.
pub(crate) fn clawback_of(
    plan: &Plan,
    rule: &Clawback,
    transaction: &str,
    booked: Date,
    paid: Decimal,
    c: &Cancellation,
) -> Result<ClawbackTrace> {
    let days = booked.days_until(c.date());
    if days < 0 {
        return Err(Error::input(format!(
            "transaction `{transaction}` is cancelled on {}, before its booking on {booked}",
            c.date()
        ))
        .with_transaction(transaction)
        .with_field("cancellations"));
    }
    let share = rule.share(u32::try_from(days).unwrap_or(u32::MAX));
    let clawed_back = Exact::from_decimal(paid)
        .checked_mul(Exact::from_decimal(share))
        .and_then(|v| v.round(plan.rounding().places(), plan.rounding().mode()))
        .ok_or_else(|| Error::overflow("the clawback"))?;
    Ok(ClawbackTrace {
        transaction: transaction.to_owned(),
        booked,
        cancelled: c.date(),
        days,
        rule: rule.clone(),
        share,
        paid,
        clawed_back,
        recovered: Decimal::ZERO,
        carried: clawed_back,
    })
}

/// Splits `amount` over deals in proportion to their credit, to `places`,
/// by the largest-remainder method.
fn allocate(
    amount: Decimal,
    total: Decimal,
    deals: &[(String, Date, Decimal)],
    places: u32,
) -> Result<Vec<Decimal>> {
    let ovf = || Error::overflow("the attribution of a payout to transactions");
    let mut parts = Vec::with_capacity(deals.len());
    for (_, _, credit) in deals {
        let exact = Exact::from_decimal(amount)
            .checked_mul(Exact::from_decimal(*credit))
            .and_then(|v| v.checked_div(Exact::from_decimal(total)))
            .ok_or_else(ovf)?;
        parts.push(exact);
    }
    crate::money::allocate(&parts, amount, places).ok_or_else(ovf)
}
