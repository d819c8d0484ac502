//! The interpreter's commission rules: rates on transaction lines.
//!
//! A commission component reads the participant's lines of its metric
//! (filtered by its `where`), forms each line's base (the credited amount,
//! quantity or margin), and pays either each line's rate on each line's
//! base (rounded per line or on the total) or its rule on the period's
//! total base. A credit note pays back at its original line's rate; a
//! negative amount is never paid as zero.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::run::{Recorder, Source};

use super::{CommC, CommRule, Program};
use crate::error::{Error, Result};
use crate::exact::Exact;
use crate::inputs::{LineCredit, TransactionLine};
use crate::plan::{Basis, LinesFrom, Per, RateRule};
use crate::rounding::RoundingScope;
use crate::statement::{CommissionLineTrace, CommissionTrace, MeasureTrace, RuleTrace};

type Attributes = BTreeMap<String, String>;

fn ovf(what: &str) -> impl Fn() -> Error + '_ {
    move || Error::overflow(what)
}

/// Whether component `c` reads `line`: lines of its metric credited to
/// the participant (splits and overlays), a cascade's own and rolled-up
/// lines, or an override's reports' commission.
fn reads(c: &CommC, line: &TransactionLine) -> bool {
    match (c.lines, &line.credit) {
        (LinesFrom::Reports, LineCredit::Commission { .. }) => true,
        (LinesFrom::Reports, _) | (LinesFrom::Credited, LineCredit::Commission { .. }) => false,
        (LinesFrom::Credited, credit) => {
            let cascade = matches!(c.rule, CommRule::Cascade(_));
            let credited = match credit {
                LineCredit::Split { .. } => true,
                LineCredit::Overlay => !cascade,
                _ => cascade,
            };
            credited && c.metric.as_deref() == Some(line.metric.as_str())
        }
    }
}

/// The attributes a line's rate and filter are read from: a credit note's
/// original's (with the credit note's own over them), else its own. The
/// original comes with the line (`original`, as [`Credits`] fills it) or
/// is among the same lines; a credit note whose original is neither is an
/// error, never a rate guessed from the credit note alone.
///
/// [`Credits`]: crate::Credits
fn attributes<'l>(
    line: &'l TransactionLine,
    lines: &'l [TransactionLine],
) -> Result<Cow<'l, Attributes>> {
    let Some(refers_to) = &line.refers_to else {
        return Ok(Cow::Borrowed(&line.attributes));
    };
    let original = match &line.original {
        Some(o) => &o.attributes,
        None => lines
            .iter()
            .find(|l| &l.id == refers_to && l.refers_to.is_none())
            .map(|l| &l.attributes)
            .ok_or_else(|| {
                line_error(
                    line,
                    format!(
                        "credit note `{}` refers to `{refers_to}`, which is not among the lines; give the original line too, or its date and attributes as `original` (`Credits` fills them from the transactions)",
                        line.id
                    ),
                    "refers_to",
                )
            })?,
    };
    let mut a = original.clone();
    a.extend(line.attributes.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(Cow::Owned(a))
}

fn line_error(line: &TransactionLine, message: String, field: &str) -> Error {
    Error::input(message)
        .with_transaction(&line.id)
        .with_field(format!("lines.{field}"))
}

/// A line's base before any cascade: the credited amount, quantity or
/// margin, exactly.
fn base_of(c: &CommC, line: &TransactionLine) -> Result<Exact> {
    let share = Exact::from_decimal(line.credit.share());
    let credit_note = line.refers_to.is_some();
    let raw = match c.basis {
        Basis::Amount => line.amount,
        Basis::Quantity => line.quantity.ok_or_else(|| {
            line_error(
                line,
                format!(
                    "line `{}` has no quantity; component `{}` pays a rate per unit",
                    line.id, c.id
                ),
                "quantity",
            )
        })?,
        Basis::Margin => {
            let cost = line.cost.ok_or_else(|| {
                line_error(
                    line,
                    format!(
                        "line `{}` has no cost; component `{}` pays on margin (amount − cost)",
                        line.id, c.id
                    ),
                    "cost",
                )
            })?;
            line.amount
                .checked_sub(cost)
                .ok_or_else(ovf("the margin"))?
        }
    };
    if raw.is_sign_negative() && !raw.is_zero() && !credit_note {
        let what = match c.basis {
            Basis::Amount => "amount",
            Basis::Quantity => "quantity",
            Basis::Margin => "margin (amount − cost)",
        };
        return Err(line_error(
            line,
            format!(
                "line `{}` has a negative {what} {raw} and refers to no line; a credit note or refund gives `refers_to` the line it reverses, and pays back at that line's rate",
                line.id
            ),
            "refers_to",
        ));
    }
    Exact::from_decimal(raw)
        .checked_mul(share)
        .ok_or_else(ovf("the commission base"))
}

/// The most specific rule matching `attrs`; two matching rules of equal
/// specificity, or none, are errors.
fn rate_rule<'r>(
    rules: &'r [RateRule],
    line: &TransactionLine,
    attrs: &Attributes,
    c: &CommC,
) -> Result<&'r RateRule> {
    let mut found: Option<&RateRule> = None;
    for r in rules {
        if !r.matches(attrs) {
            continue;
        }
        match found {
            None => found = Some(r),
            Some(f) if f.specificity() == r.specificity() => {
                return Err(line_error(
                    line,
                    format!(
                        "line `{}` matches two rate rules of equal precedence, `{f}` and `{r}`; make one more specific (product, then the deepest category, then more attributes)",
                        line.id
                    ),
                    "attributes",
                )
                .with_component(&c.id));
            }
            // Rules are sorted most specific first: the first match wins.
            Some(_) => break,
        }
    }
    found.ok_or_else(|| {
        line_error(
            line,
            format!(
                "line `{}` matches no rate rule of component `{}`; add a default rule (one with no `product`, `category` or `attributes`)",
                line.id, c.id
            ),
            "attributes",
        )
    })
}

/// The rate a credit note's original was paid at under another plan
/// version, for component `c`.
fn paid_rate(c: &CommC, line: &TransactionLine) -> Option<Decimal> {
    line.original.as_ref()?.rates.get(&c.id).copied()
}

/// The rates `prog`'s per-line rate components pay on `line` (a credit
/// note's original, read as it was), by component: what a credit note
/// under a later plan version pays back.
pub(crate) fn rates_for(prog: &Program, line: &TransactionLine) -> Result<Vec<(String, Decimal)>> {
    let mut out = Vec::new();
    for c in prog
        .coms
        .iter()
        .filter(|c| c.per == Per::Line && reads(c, line))
    {
        let rate = match &c.rule {
            CommRule::Rate(r) => *r,
            CommRule::Rates(rules) => rate_rule(rules, line, &line.attributes, c)?.rate,
            CommRule::Tiers(_) | CommRule::Cascade(_) => continue,
        };
        out.push((c.id.clone(), rate));
    }
    Ok(out)
}

/// One commission component's exact amount and, when explaining, its
/// measure and rule traces.
pub(super) fn component<S: Source, R: Recorder>(
    prog: &Program,
    c: &CommC,
    src: &S,
    ctx: &super::run::Context<'_>,
) -> Result<(Exact, Option<(MeasureTrace, RuleTrace)>)> {
    let Some(lines) = src.lines() else {
        return Err(Error::input(format!(
            "component `{}` pays commission on transaction lines, which this route does not read; evaluate the inputs (with their lines) through `Plan::evaluate` or `Credits::evaluate`",
            c.id
        )));
    };
    let (places, mode) = (prog.places, prog.mode);
    let round = |e: Exact| {
        e.round(places, mode)
            .ok_or_else(ovf("the rounded commission"))
    };
    let mut traces: Vec<CommissionLineTrace> = Vec::new();
    let mut excluded = 0usize;
    let mut read = 0usize;
    let mut total_base = Exact::ZERO;
    let mut exact_sum = Exact::ZERO;
    let mut rounded_sum = Decimal::ZERO;
    let within = |l: &TransactionLine| {
        ctx.lines_within
            .is_none_or(|(from, until)| from <= l.date && l.date <= until)
    };
    for line in lines.iter().filter(|l| reads(c, l) && within(l)) {
        let attrs = attributes(line, lines).map_err(|e| e.with_component(&c.id))?;
        if !c
            .filter
            .iter()
            .all(|(k, v)| attrs.get(k).map(String::as_str) == Some(v.as_str()))
        {
            excluded += 1;
            continue;
        }
        read += 1;
        if let Some(cur) = attrs.get("currency") {
            if !cur.eq_ignore_ascii_case(&prog.currency) {
                return Err(line_error(
                    line,
                    format!(
                        "line `{}` is in {cur}, but plan `{}` pays in {}; convert the line's amount before crediting it (an amount is never paid in another currency's units)",
                        line.id, prog.plan_id, prog.currency
                    ),
                    "attributes.currency",
                )
                .with_component(&c.id));
            }
        }
        let own = base_of(c, line).map_err(|e| e.with_component(&c.id))?;
        // A cascade level's base is the line net of the levels below.
        let (base, net_of, rule, rate) = match &c.rule {
            CommRule::Cascade(levels) => {
                let level = match &line.credit {
                    LineCredit::RollUp { level, .. } => *level,
                    _ => 1,
                };
                let Some(rate) = usize::try_from(level)
                    .ok()
                    .and_then(|l| levels.get(l.wrapping_sub(1)))
                else {
                    excluded += 1;
                    read -= 1;
                    continue;
                };
                let mut base = own;
                for below in levels.iter().take(level.saturating_sub(1) as usize) {
                    let paid = round(
                        base.checked_mul(Exact::from_decimal(*below))
                            .ok_or_else(ovf("the cascade"))?,
                    )?;
                    base = base
                        .checked_sub(Exact::from_decimal(paid))
                        .ok_or_else(ovf("the cascade"))?;
                }
                let net_of = (level > 1).then(|| own.checked_sub(base)).flatten();
                let rule = R::EXPLAIN.then(|| format!("level {level} of {}", levels.len()));
                (base, net_of, rule, Some(*rate))
            }
            CommRule::Rate(_) | CommRule::Rates(_) if paid_rate(c, line).is_some() => {
                let rate = paid_rate(c, line);
                let rule = R::EXPLAIN.then(|| "as paid under its plan version".to_owned());
                (own, None, rule, rate)
            }
            CommRule::Rate(r) => (own, None, R::EXPLAIN.then(|| "rate".to_owned()), Some(*r)),
            CommRule::Rates(rules) => {
                let r = rate_rule(rules, line, &attrs, c).map_err(|e| e.with_component(&c.id))?;
                (own, None, R::EXPLAIN.then(|| r.to_string()), Some(r.rate))
            }
            CommRule::Tiers(_) => (own, None, None, None),
        };
        total_base = total_base
            .checked_add(base)
            .ok_or_else(ovf("the commission base"))?;
        let (commission, amount) = match (c.per, rate) {
            (Per::Line, Some(rate)) => {
                let commission = base
                    .checked_mul(Exact::from_decimal(rate))
                    .ok_or_else(ovf("the commission"))?;
                exact_sum = exact_sum
                    .checked_add(commission)
                    .ok_or_else(ovf("the commission"))?;
                let amount = match c.rounding {
                    RoundingScope::Line => {
                        let a = round(commission)?;
                        rounded_sum = rounded_sum
                            .checked_add(a)
                            .ok_or_else(ovf("the commission"))?;
                        Some(a)
                    }
                    RoundingScope::Total => None,
                };
                (Some(commission), amount)
            }
            _ => (None, None),
        };
        if R::EXPLAIN {
            traces.push(CommissionLineTrace {
                transaction: line.id.clone(),
                date: line.date,
                credit: line.credit.clone(),
                refers_to: line.refers_to.clone(),
                rule,
                base,
                net_of,
                rate: if c.per == Per::Line { rate } else { None },
                basis: c.basis,
                commission,
                amount,
            });
        }
    }
    let mut bands = Vec::new();
    let (exact, total_rate) = match c.per {
        Per::Line => match c.rounding {
            RoundingScope::Line => (Exact::from_decimal(rounded_sum), None),
            RoundingScope::Total => (exact_sum, None),
        },
        Per::Total => {
            if total_base.is_negative() {
                return Err(Error::input(format!(
                    "the period's total base is {total_base}: credit notes exceed the period's lines, and a rule on the total cannot pay a negative amount; pay credit notes per line (`per = \"line\"`)"
                ))
                .with_component(&c.id)
                .with_field("lines"));
            }
            match &c.rule {
                CommRule::Rate(r) => (
                    total_base
                        .checked_mul(Exact::from_decimal(*r))
                        .ok_or_else(ovf("the commission"))?,
                    Some(*r),
                ),
                CommRule::Tiers(t) => (
                    t.commission(
                        total_base,
                        None,
                        if R::EXPLAIN { Some(&mut bands) } else { None },
                    )
                    .ok_or_else(ovf("the commission"))?,
                    None,
                ),
                CommRule::Rates(_) | CommRule::Cascade(_) => {
                    return Err(Error::plan("per-line rules are paid per line"));
                }
            }
        }
    };
    let traces = R::EXPLAIN.then(|| {
        (
            MeasureTrace::Lines {
                metric: c.metric.clone(),
                lines: read,
            },
            RuleTrace::Commission(Box::new(CommissionTrace {
                basis: c.basis,
                per: c.per,
                lines: traces,
                excluded,
                total_base,
                rate: total_rate,
                bands,
            })),
        )
    });
    Ok((exact, traces))
}
