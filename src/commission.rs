//! When earned commission is paid: collection, deferral, negative totals,
//! recovery and clawbacks, period after period.
//!
//! The interpreter computes what a period **earned** (each line's rate on
//! its base; credit notes negative). [`CommissionLedger::settle`] then
//! applies the plan's payment rules to that statement, as adjustments
//! after its lines, so that lines + adjustments = what is paid:
//!
//! 1. **Pay on collection** (`payment = "collected"`): the period's
//!    commission on invoices is held; each payment collected on an invoice
//!    pays its part. Payable to date is the line's exact commission ×
//!    collected to date ÷ invoiced, rounded once, less what was already
//!    paid, so the parts add up exactly to the rounded whole.
//! 2. **Deferred schedules** (`schedule = [[0, "40%"], [12, "20%"], …]`):
//!    each line's commission is split into tranches due so many months
//!    after its date (cumulative shares rounded once, so the tranches add
//!    up to the line); what is not due yet is carried in the ledger and
//!    paid in the period it falls due.
//! 3. **Clawbacks** (`[clawback]`): a cancellation claws back the plan's
//!    share (by days from booking) of what was paid on the transaction;
//!    tranches not yet paid are forfeited in the same share.
//! 4. **Negative totals** (`negative`): `carry` pays 0.00 and carries the
//!    amount as owed; `pay` pays the negative amount.
//! 5. **Recovery**: a positive total first recovers what was owed before
//!    the period.
//!
//! The ledger is plain state the caller stores between runs (it
//! serializes with every amount as a decimal string); the library keeps
//! nothing. Periods must be settled in order.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::CreditData;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::money::{exact_add, exact_sub};
use crate::plan::{Commission, NegativeTotal, Payment, Per};
use crate::statement::{Adjustment, AdjustmentDetail, RuleTrace, Statement};

fn ovf() -> Error {
    Error::overflow("the commission settlement")
}

/// An invoice line paid on collection, not yet wholly collected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Invoice {
    participant: String,
    plan: String,
    component: String,
    invoice: String,
    date: Date,
    /// The invoice's amount (the whole transaction's).
    #[serde(deserialize_with = "crate::number::decimal")]
    invoiced: Decimal,
    /// The line's exact commission.
    #[serde(deserialize_with = "crate::number::decimal")]
    commission: Decimal,
    #[serde(deserialize_with = "crate::number::decimal")]
    collected: Decimal,
    #[serde(deserialize_with = "crate::number::decimal")]
    paid: Decimal,
}

/// A tranche of deferred commission, not yet due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tranche {
    participant: String,
    plan: String,
    component: String,
    transaction: String,
    booked: Date,
    due: Date,
    #[serde(deserialize_with = "crate::number::decimal")]
    amount: Decimal,
}

/// What was paid on a transaction, for clawbacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paid {
    participant: String,
    plan: String,
    transaction: String,
    booked: Date,
    #[serde(deserialize_with = "crate::number::decimal")]
    paid: Decimal,
}

/// A balance a participant owes under a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Owed {
    participant: String,
    plan: String,
    #[serde(deserialize_with = "crate::number::decimal")]
    amount: Decimal,
}

/// Commission state between runs: invoices awaiting collection, deferred
/// tranches, what was paid per transaction, and balances owed. See the
/// module documentation.
///
/// # Example
///
/// ```
/// use incentive::commission::CommissionLedger;
/// use rust_decimal_macros::dec;
///
/// let ledger = CommissionLedger::default();
/// assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(0));
/// let json = serde_json::to_string(&ledger).unwrap();
/// let back: CommissionLedger = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, ledger);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionLedger {
    #[serde(default)]
    invoices: Vec<Invoice>,
    #[serde(default)]
    deferred: Vec<Tranche>,
    #[serde(default)]
    paid: Vec<Paid>,
    #[serde(default)]
    owed: Vec<Owed>,
    /// The last day settled, by participant and plan.
    #[serde(default)]
    settled: Vec<Settled>,
}

/// How far a participant's plan has been settled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settled {
    participant: String,
    plan: String,
    through: Date,
}

/// A deferred tranche as the caller sees it.
///
/// # Example
///
/// ```
/// use incentive::commission::CommissionLedger;
///
/// assert!(CommissionLedger::default().deferred("rita").is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DeferredTranche {
    /// The plan's id.
    pub plan: String,
    /// The commission component.
    pub component: String,
    /// The transaction line.
    pub transaction: String,
    /// When it falls due.
    pub due: Date,
    /// The amount.
    pub amount: Decimal,
}

/// The same day `months` months after `d`, or the month's last day.
fn add_months(d: Date, months: u32) -> Option<Date> {
    let first = d.add_months_to_first(i64::from(months))?;
    let day = d.day().min(first.days_in_month());
    Date::new(first.year(), first.month(), day).ok()
}

impl CommissionLedger {
    /// What `participant` owes under `plan`, to be recovered from later
    /// payouts.
    pub fn owed(&self, participant: &str, plan: &str) -> Decimal {
        self.owed
            .iter()
            .find(|o| o.participant == participant && o.plan == plan)
            .map_or(Decimal::ZERO, |o| o.amount)
    }

    /// The tranches deferred for `participant`, by due date.
    pub fn deferred(&self, participant: &str) -> Vec<DeferredTranche> {
        let mut out: Vec<DeferredTranche> = self
            .deferred
            .iter()
            .filter(|t| t.participant == participant)
            .map(|t| DeferredTranche {
                plan: t.plan.clone(),
                component: t.component.clone(),
                transaction: t.transaction.clone(),
                due: t.due,
                amount: t.amount,
            })
            .collect();
        out.sort_by(|a, b| (a.due, &a.transaction).cmp(&(b.due, &b.transaction)));
        out
    }

    /// What was paid to `participant` under `plan` on `transaction`.
    pub fn paid_on(&self, participant: &str, plan: &str, transaction: &str) -> Decimal {
        self.paid
            .iter()
            .find(|p| {
                p.participant == participant && p.plan == plan && p.transaction == transaction
            })
            .map_or(Decimal::ZERO, |p| p.paid)
    }

    fn record_paid(
        &mut self,
        who: &str,
        plan: &str,
        transaction: &str,
        booked: Date,
        amount: Decimal,
    ) -> Result<()> {
        if amount.is_zero() {
            return Ok(());
        }
        match self
            .paid
            .iter_mut()
            .find(|p| p.participant == who && p.plan == plan && p.transaction == transaction)
        {
            Some(p) => p.paid = exact_add(p.paid, amount).ok_or_else(ovf)?,
            None => self.paid.push(Paid {
                participant: who.to_owned(),
                plan: plan.to_owned(),
                transaction: transaction.to_owned(),
                booked,
                paid: amount,
            }),
        }
        Ok(())
    }

    /// Settles one period's statement of `plan`: holds and pays commission
    /// on collection, defers scheduled tranches and pays those falling due
    /// from `from` to `to` (inclusive), claws back the period's
    /// cancellations, carries or pays a negative total, and recovers
    /// balances owed. `data` gives the period's collections and
    /// cancellations (those dated `from` to `to`) and the invoices'
    /// amounts.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when the statement is for another plan, the period
    /// ends before it starts or overlaps one already settled for the
    /// participant and plan, a payment takes an invoice above its amount,
    /// or a cancellation predates its booking;
    /// [`Error::Overflow`] if an amount does not fit.
    pub fn settle(
        &mut self,
        plan: &Plan,
        mut statement: Statement,
        from: Date,
        to: Date,
        data: &CreditData,
    ) -> Result<Statement> {
        crate::clawback::statement_of(plan, &statement)?;
        let who = statement.participant.clone();
        let plan_id = plan.id().to_owned();
        if to < from {
            return Err(Error::input(format!(
                "the period runs from {from} to {to}, which ends before it starts"
            ))
            .with_participant(&who)
            .with_field("to"));
        }
        if let Some(done) = self
            .settled
            .iter()
            .find(|d| d.participant == who && d.plan == plan_id)
        {
            if from <= done.through {
                return Err(Error::input(format!(
                    "plan `{plan_id}` is settled through {} for this participant, so {from} to {to} would be settled twice; settle each period once, in order",
                    done.through
                ))
                .with_participant(&who)
                .with_field("from"));
            }
        }
        let places = plan.rounding().places();
        let mode = plan.rounding().mode();
        let round = |e: Exact| e.round(places, mode).ok_or_else(ovf);
        let mut adjustments: Vec<Adjustment> = Vec::new();
        let adjust = |adjustments: &mut Vec<Adjustment>,
                      kind: &str,
                      description: String,
                      amount: Decimal| {
            adjustments.push(Adjustment {
                kind: kind.into(),
                description,
                amount,
                detail: None,
            });
        };
        // 1–2. What each commission line earned: held for collection,
        // deferred, or paid now (and recorded for clawbacks).
        for line in &statement.lines {
            let RuleTrace::Commission(trace) = &line.rule else {
                continue;
            };
            let Some(c) = plan.commissions().iter().find(|c| c.id == line.component) else {
                continue;
            };
            self.earn(
                plan,
                c,
                &who,
                line.amount,
                trace,
                to,
                data,
                &mut adjustments,
            )?;
        }
        // Collections on recorded invoices.
        let mut collections: Vec<&crate::credit::Collection> = data
            .collections()
            .iter()
            .filter(|c| from <= c.date() && c.date() <= to)
            .collect();
        collections.sort_by(|a, b| (a.date(), a.invoice()).cmp(&(b.date(), b.invoice())));
        for col in collections {
            let Some(k) = self.invoices.iter().position(|i| {
                i.participant == who && i.plan == plan_id && i.invoice == col.invoice()
            }) else {
                continue;
            };
            let Some(inv) = self.invoices.get_mut(k) else {
                continue;
            };
            inv.collected = exact_add(inv.collected, col.amount()).ok_or_else(ovf)?;
            if inv.collected > inv.invoiced {
                return Err(Error::input(format!(
                    "payments collected on `{}` total {}, above its amount {}",
                    inv.invoice, inv.collected, inv.invoiced
                ))
                .with_transaction(&inv.invoice)
                .with_field("collections.amount"));
            }
            let exact = Exact::from_decimal(inv.commission)
                .checked_mul(Exact::from_decimal(inv.collected))
                .and_then(|v| v.checked_div(Exact::from_decimal(inv.invoiced)))
                .ok_or_else(ovf)?;
            let to_date = round(exact)?;
            let pay = exact_sub(to_date, inv.paid).ok_or_else(ovf)?;
            let description = format!(
                "collected {} on {} of `{}` ({} of {} to date): payable to date {} (exact {exact}) less {} paid",
                col.amount(),
                col.date(),
                inv.invoice,
                inv.collected,
                inv.invoiced,
                to_date,
                inv.paid
            );
            inv.paid = to_date;
            let (invoice, booked, done) =
                (inv.invoice.clone(), inv.date, inv.collected == inv.invoiced);
            if done {
                self.invoices.remove(k);
            }
            self.record_paid(&who, &plan_id, &invoice, booked, pay)?;
            adjust(&mut adjustments, "collection", description, pay);
        }
        // Deferred tranches falling due.
        let mut due: Vec<Tranche> = Vec::new();
        self.deferred.retain(|t| {
            let now = t.participant == who && t.plan == plan_id && t.due <= to;
            if now {
                due.push(t.clone());
            }
            !now
        });
        due.sort_by(|a, b| (a.due, &a.transaction).cmp(&(b.due, &b.transaction)));
        for t in due {
            self.record_paid(&who, &plan_id, &t.transaction, t.booked, t.amount)?;
            adjust(
                &mut adjustments,
                "deferred-due",
                format!(
                    "deferred commission on `{}` (booked {}) falls due {}: {}",
                    t.transaction, t.booked, t.due, t.amount
                ),
                t.amount,
            );
        }
        // 3. Clawbacks of the period's cancellations.
        if let Some(rule) = plan.clawback() {
            let mut cancellations: Vec<&crate::credit::Cancellation> = data
                .cancellations()
                .iter()
                .filter(|c| from <= c.date() && c.date() <= to)
                .collect();
            cancellations
                .sort_by(|a, b| (a.date(), a.transaction()).cmp(&(b.date(), b.transaction())));
            for c in cancellations {
                let Some(k) = self.paid.iter().position(|p| {
                    p.participant == who && p.plan == plan_id && p.transaction == c.transaction()
                }) else {
                    continue;
                };
                let Some(p) = self.paid.get(k).cloned() else {
                    continue;
                };
                let mut trace =
                    crate::clawback::clawback_of(plan, rule, &p.transaction, p.booked, p.paid, c)
                        .map_err(|e| e.with_participant(&who))?;
                let (share, clawed) = (trace.share, trace.clawed_back);
                // The clawback lowers the period's total; a negative total
                // is then carried or paid as the plan says.
                trace.recovered = clawed;
                trace.carried = Decimal::ZERO;
                self.paid.remove(k);
                // Tranches not yet paid are forfeited in the same share.
                for t in self.deferred.iter_mut().filter(|t| {
                    t.participant == who && t.plan == plan_id && t.transaction == c.transaction()
                }) {
                    let kept = exact_sub(Decimal::ONE, share).ok_or_else(ovf)?;
                    t.amount = round(
                        Exact::from_decimal(t.amount)
                            .checked_mul(Exact::from_decimal(kept))
                            .ok_or_else(ovf)?,
                    )?;
                }
                self.deferred.retain(|t| !t.amount.is_zero());
                adjustments.push(Adjustment {
                    kind: "clawback".into(),
                    description: trace.to_string(),
                    amount: -clawed,
                    detail: Some(AdjustmentDetail::Clawback(trace)),
                });
            }
        }
        // 4–5. The total, a negative total's treatment, and recovery.
        let mut total = statement.total;
        for a in &adjustments {
            total = exact_add(total, a.amount).ok_or_else(ovf)?;
        }
        let owed_before = self.owed(&who, &plan_id);
        let mut owed = owed_before;
        if total.is_sign_negative() && !total.is_zero() {
            match plan.negative_total() {
                NegativeTotal::Carry => {
                    let carried = -total;
                    owed = exact_add(owed, carried).ok_or_else(ovf)?;
                    adjust(
                        &mut adjustments,
                        "negative-carried",
                        format!(
                            "the period's total {total} is negative: 0.00 is paid and {carried} is carried as owed (owed now {owed})"
                        ),
                        carried,
                    );
                    total = Decimal::new(0, places);
                }
                NegativeTotal::Pay => {}
            }
        } else if owed_before > Decimal::ZERO && total > Decimal::ZERO {
            let recovered = owed_before.min(total);
            owed = exact_sub(owed_before, recovered).ok_or_else(ovf)?;
            total = exact_sub(total, recovered).ok_or_else(ovf)?;
            adjust(
                &mut adjustments,
                "balance-recovery",
                format!("balance owed {owed_before}: {recovered} recovered now, {owed} still owed"),
                -recovered,
            );
        }
        self.owed
            .retain(|o| !(o.participant == who && o.plan == plan_id));
        if !owed.is_zero() {
            self.owed.push(Owed {
                participant: who.clone(),
                plan: plan_id,
                amount: owed,
            });
            self.owed
                .sort_by(|a, b| (&a.participant, &a.plan).cmp(&(&b.participant, &b.plan)));
        }
        self.settled
            .retain(|d| !(d.participant == who && d.plan == plan.id()));
        self.settled.push(Settled {
            participant: who.clone(),
            plan: plan.id().to_owned(),
            through: to,
        });
        self.settled
            .sort_by(|a, b| (&a.participant, &a.plan).cmp(&(&b.participant, &b.plan)));
        statement.adjustments.extend(adjustments);
        statement.total = total;
        statement.exact_total = Exact::from_decimal(total);
        statement.unsign_zeros();
        Ok(statement)
    }

    /// One commission line's earnings: recorded as invoices to collect,
    /// split into deferred tranches, or paid now; the adjustments that
    /// take off what is not paid now.
    #[allow(clippy::too_many_arguments)]
    fn earn(
        &mut self,
        plan: &Plan,
        c: &Commission,
        who: &str,
        earned: Decimal,
        trace: &crate::statement::CommissionTrace,
        period_end: Date,
        data: &CreditData,
        adjustments: &mut Vec<Adjustment>,
    ) -> Result<()> {
        let plan_id = plan.id();
        let places = plan.rounding().places();
        let mode = plan.rounding().mode();
        let round = |e: Exact| e.round(places, mode).ok_or_else(ovf);
        // Per line: each line's commission (rounded if the plan rounds per
        // line), with its transaction and date; on the total: the whole
        // amount, booked at the period's end.
        let parts: Vec<(String, Date, Decimal, Option<Exact>)> = match c.per {
            Per::Line => trace
                .lines
                .iter()
                .map(|l| {
                    let amount = match (l.amount, l.commission) {
                        (Some(a), _) => Ok(a),
                        (None, Some(e)) => round(e),
                        (None, None) => Err(ovf()),
                    };
                    amount.map(|a| (l.transaction.clone(), l.date, a, l.commission))
                })
                .collect::<Result<_>>()?,
            Per::Total => vec![(c.id.clone(), period_end, earned, None)],
        };
        match (c.payment, c.schedule.is_empty()) {
            (Payment::Collected, _) => {
                let mut held = Decimal::ZERO;
                for (id, date, amount, exact) in &parts {
                    if amount.is_sign_negative() {
                        // A credit note pays back at once.
                        self.record_paid(who, plan_id, id, *date, *amount)?;
                        continue;
                    }
                    let invoiced = data.transaction(id).map(crate::credit::Transaction::amount).ok_or_else(|| {
                        Error::input(format!(
                            "line `{id}` is paid on collection, but the transactions do not hold it; settle with the credit data its statement was credited from"
                        ))
                        .with_transaction(id)
                    })?;
                    let commission = exact.and_then(Exact::to_decimal).unwrap_or(*amount);
                    self.invoices.push(Invoice {
                        participant: who.to_owned(),
                        plan: plan_id.to_owned(),
                        component: c.id.clone(),
                        invoice: id.clone(),
                        date: *date,
                        invoiced,
                        commission,
                        collected: Decimal::ZERO,
                        paid: Decimal::ZERO,
                    });
                    held = exact_add(held, *amount).ok_or_else(ovf)?;
                }
                if !held.is_zero() {
                    adjustments.push(Adjustment {
                        kind: "held-until-collected".into(),
                        description: format!(
                            "`{}`: {held} earned on invoices is paid as they are collected",
                            c.id
                        ),
                        amount: -held,
                        detail: None,
                    });
                }
            }
            (Payment::Booked, false) => {
                let mut deferred_now = Decimal::ZERO;
                let mut dues: Vec<String> = Vec::new();
                for (id, date, amount, _) in &parts {
                    if amount.is_sign_negative() || amount.is_zero() {
                        self.record_paid(who, plan_id, id, *date, *amount)?;
                        continue;
                    }
                    let mut cumulative = Decimal::ZERO;
                    let mut before = Decimal::ZERO;
                    for (months, share) in &c.schedule {
                        cumulative = exact_add(cumulative, *share).ok_or_else(ovf)?;
                        let to_here = round(
                            Exact::from_decimal(*amount)
                                .checked_mul(Exact::from_decimal(cumulative))
                                .ok_or_else(ovf)?,
                        )?;
                        let tranche = exact_sub(to_here, before).ok_or_else(ovf)?;
                        before = to_here;
                        if *months == 0 {
                            self.record_paid(who, plan_id, id, *date, tranche)?;
                            continue;
                        }
                        let due = add_months(*date, *months).ok_or_else(ovf)?;
                        deferred_now = exact_add(deferred_now, tranche).ok_or_else(ovf)?;
                        dues.push(format!("{tranche} due {due}"));
                        self.deferred.push(Tranche {
                            participant: who.to_owned(),
                            plan: plan_id.to_owned(),
                            component: c.id.clone(),
                            transaction: id.clone(),
                            booked: *date,
                            due,
                            amount: tranche,
                        });
                    }
                }
                if !deferred_now.is_zero() {
                    adjustments.push(Adjustment {
                        kind: "deferred".into(),
                        description: format!(
                            "`{}`: {deferred_now} deferred ({})",
                            c.id,
                            dues.join(", ")
                        ),
                        amount: -deferred_now,
                        detail: None,
                    });
                }
            }
            (Payment::Booked, true) => {
                for (id, date, amount, _) in &parts {
                    self.record_paid(who, plan_id, id, *date, *amount)?;
                }
            }
        }
        Ok(())
    }
}

/// The first and last day of the period `inputs` is labelled with, under
/// its plan's calendar: the dates its credits are taken over when paid by
/// [`pay_credited`].
///
/// # Errors
///
/// [`Error::Input`] when `plans` holds no plan of the inputs (kind
/// `UnknownPlan`, field `plan`), the inputs give no period (kind
/// `MissingInput`, field `period`), or the label is not a period of the
/// plan's calendar (field `period`); each names the participant and plan.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, PlanSet};
/// use incentive::commission::credit_period;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let alex = Inputs::new("alex", "account-executive-marginal").with_period("2026-Q2");
/// let (from, to) = credit_period(&plans, &alex)?;
/// assert_eq!((from.to_string(), to.to_string()), ("2026-04-01".into(), "2026-06-30".into()));
/// assert!(credit_period(&plans, &Inputs::new("alex", "account-executive-marginal")).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn credit_period(plans: &crate::PlanSet, inputs: &crate::Inputs) -> Result<(Date, Date)> {
    let named = |e: Error| {
        e.with_participant(inputs.participant())
            .with_plan(inputs.plan())
    };
    let plan = plans.get(inputs.plan()).ok_or_else(|| {
        named(
            Error::unknown_plan(format!("the plans hold no plan `{}`", inputs.plan()))
                .with_field("plan"),
        )
    })?;
    let label = inputs.period().ok_or_else(|| {
        named(Error::missing(
            "the inputs give no `period`, so there are no dates to credit the transactions over; give the period's label, such as `2026-Q2`",
        )
        .with_field("period"))
    })?;
    let period = crate::year::Calendar::of(plan)
        .and_then(|c| c.period_named(label))
        .map_err(|e| named(e.with_field("period")))?;
    Ok((period.start(), period.end()))
}

/// Pays `inputs` credited from `data`, each over its own labelled period
/// ([`credit_period`]): periods in date order, the credits of each built
/// for everyone in `inputs` ([`Credits::build`](crate::Credits::build)),
/// and commission plans settled through one [`CommissionLedger`], so that
/// an amount owed in one period is recovered in the next. What `incentive
/// run --transactions` pays; statements come back in date order, then by
/// participant and plan.
///
/// # Errors
///
/// As [`credit_period`], [`Credits::build`](crate::Credits::build),
/// [`Credits::evaluate_all`](crate::Credits::evaluate_all) and
/// [`CommissionLedger::settle`]; the first in that order.
///
/// # Example
///
/// ```
/// use incentive::{Inputs, PlanSet};
/// use incentive::commission::pay_credited;
/// use incentive::credit::CreditData;
///
/// let plans = PlanSet::load_dir("plans")?;
/// let inputs = Inputs::load_list("plans/samples/q2-participants.toml")?;
/// let data = CreditData::load("plans/samples/q2-transactions.toml")?;
/// let statements = pay_credited(&plans, &inputs, &data)?;
/// assert_eq!(statements.len(), inputs.len());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn pay_credited(
    plans: &crate::PlanSet,
    inputs: &[crate::Inputs],
    data: &CreditData,
) -> Result<Vec<Statement>> {
    let mut dated = Vec::with_capacity(inputs.len());
    for i in inputs {
        let (from, to) = credit_period(plans, i)?;
        dated.push((from, to, i));
    }
    dated.sort_by(|a, b| {
        (a.0, a.1, a.2.participant(), a.2.plan()).cmp(&(b.0, b.1, b.2.participant(), b.2.plan()))
    });
    let people: Vec<&str> = inputs.iter().map(crate::Inputs::participant).collect();
    let mut ledger = CommissionLedger::default();
    let mut out = Vec::with_capacity(inputs.len());
    for group in dated.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let Some(&(from, to, _)) = group.first() else {
            continue;
        };
        let batch: Vec<crate::Inputs> = group.iter().map(|(_, _, i)| (*i).clone()).collect();
        let credits = crate::Credits::build(data, people.iter().copied(), from, to)?;
        for s in credits.evaluate_all(plans, &batch)? {
            let settled = match plans.get(&s.plan) {
                Some(plan) if !plan.commissions().is_empty() => {
                    ledger.settle(plan, s, from, to, data)?
                }
                _ => s,
            };
            out.push(settled);
        }
    }
    Ok(out)
}
