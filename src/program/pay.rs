//! What the target incentive reads besides the plan: a participant's own
//! pay terms, and which period of the plan year is evaluated (for a plan
//! that weights its periods). The target incentive itself is computed in
//! one place, [`super::run::target_incentive`].

use rust_decimal::Decimal;

use super::Program;
use crate::error::{Error, ErrorKind, Result};
use crate::exact::Exact;
use crate::inputs::Inputs;
use crate::plan::{Mix, PayPeriod};
use crate::rounding::RoundingMode;

/// A participant's own pay terms: what overrides or feeds the plan's
/// target incentive. Every field is optional; `Terms::NONE` gives none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Terms<'a> {
    /// The participant's own target incentive per period.
    pub(crate) target_incentive: Option<Decimal>,
    /// The annual base salary.
    pub(crate) base_salary: Option<Decimal>,
    /// The annual target incentive as a fraction of base salary.
    pub(crate) target_percent: Option<Decimal>,
    /// Annual on-target earnings.
    pub(crate) ote: Option<Decimal>,
    /// How on-target earnings divide between base and variable.
    pub(crate) mix: Option<Mix>,
    /// An annual quota, for the implied commission rate.
    pub(crate) quota: Option<Decimal>,
    /// The period label, such as `2026-Q4`.
    pub(crate) period: Option<&'a str>,
}

impl<'a> Terms<'a> {
    /// The pay terms and period label of `inputs`.
    pub(crate) fn of(inputs: &'a Inputs) -> Terms<'a> {
        Terms {
            target_incentive: inputs.target_incentive(),
            base_salary: inputs.base_salary(),
            target_percent: inputs.target_percent(),
            ote: inputs.ote(),
            mix: inputs.mix(),
            quota: inputs.quota(),
            period: inputs.period(),
        }
    }
}

impl Terms<'_> {
    /// No terms at all: the plan's own target incentive.
    pub(crate) const NONE: Terms<'static> = Terms {
        target_incentive: None,
        base_salary: None,
        target_percent: None,
        ote: None,
        mix: None,
        quota: None,
        period: None,
    };

    /// The first pay-mix term given (`ote`, `mix`, `target_percent`,
    /// `quota`), by its input field's name.
    pub(crate) fn pay_mix_field(&self) -> Option<&'static str> {
        if self.ote.is_some() {
            Some("ote")
        } else if self.mix.is_some() {
            Some("mix")
        } else if self.target_percent.is_some() {
            Some("target_percent")
        } else if self.quota.is_some() {
            Some("quota")
        } else {
            None
        }
    }

    /// Whether the target incentive is the plan's own, untouched: no own
    /// amount, no base salary and no pay-mix terms. [`NO_TERMS`] itself is
    /// told by its address, in one comparison (the values route).
    #[inline]
    pub(crate) fn none_given(&self) -> bool {
        std::ptr::eq(self, &NO_TERMS)
            || self.target_incentive.is_none()
                && self.base_salary.is_none()
                && self.ote.is_none()
                && self.mix.is_none()
                && self.target_percent.is_none()
                && self.quota.is_none()
    }
}

/// No terms at all, at one address: what a row of values without terms
/// of its own points at.
pub(crate) static NO_TERMS: Terms<'static> = Terms::NONE;

/// [`Terms`] kept past the inputs they came from, with their period
/// label: what a simulation holds for each participant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OwnedTerms {
    terms: Terms<'static>,
    period: Option<String>,
}

impl OwnedTerms {
    /// The terms of `inputs`.
    pub(crate) fn of(inputs: &Inputs) -> OwnedTerms {
        let t = Terms::of(inputs);
        OwnedTerms {
            terms: Terms { period: None, ..t },
            period: t.period.map(str::to_owned),
        }
    }

    /// The terms, borrowing the period label.
    pub(crate) fn terms(&self) -> Terms<'_> {
        Terms {
            period: self.period.as_deref(),
            ..self.terms
        }
    }
}

/// Which period of the plan year an evaluation is for, when the plan
/// weights its periods.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PeriodAt<'a> {
    /// The inputs' period label, if they give one: `2026-Q4`.
    Label(Option<&'a str>),
    /// The period's place in the plan year, from 1 (a plan year knows it).
    Index(u32),
    /// A plan year's period: its place (from 1) and its label.
    Dated {
        /// The place in the plan year, from 1.
        index: u32,
        /// The label, such as `2026-B05`.
        label: &'a str,
    },
}

/// How many periods share the annual target incentive for the period
/// `at`: the plan's periods per year, or for a weekly or biweekly plan the
/// periods of the plan year named by the period's label (26 or 27
/// biweeks).
///
/// # Errors
///
/// [`Error::Input`] on field `period` when a weekly or biweekly plan's
/// inputs give no period label, or when a label is not of the plan's
/// years.
pub(crate) fn periods_sharing(prog: &Program, at: PeriodAt<'_>, field: &str) -> Result<u32> {
    let pay_period = prog.pay_period;
    let err = |m: String| {
        Error::input(m)
            .with_plan(&prog.plan_id)
            .with_field(format!("{field}period"))
    };
    let unknown = |label: &str| {
        err(format!(
            "`{label}` is not a {pay_period} of a plan year; this plan's {pay_period}s are labelled by the year their plan year starts in and their place in it, such as `{}`",
            pay_period.label(2026, 1)
        ))
    };
    if pay_period == PayPeriod::Custom {
        let listed = || {
            let (first, last) = (prog.listed.first(), prog.listed.last());
            format!(
                "`{}` to `{}`",
                first.map_or("", |s| s.as_str()),
                last.map_or("", |s| s.as_str())
            )
        };
        let known = match at {
            PeriodAt::Label(Some(l)) | PeriodAt::Dated { label: l, .. } => {
                if prog.listed.iter().any(|x| x == l) {
                    true
                } else {
                    return Err(err(format!(
                        "`{l}` is not one of this plan's listed periods ({} periods, {})",
                        prog.listed.len(),
                        listed()
                    )));
                }
            }
            PeriodAt::Label(None) | PeriodAt::Index(_) => false,
        };
        if !known {
            return Err(err(format!(
                "missing `period`: this plan's annual target incentive is shared by its {} listed periods, {}, so the inputs must say which one they are for",
                prog.listed.len(),
                listed()
            ))
            .with_kind(ErrorKind::MissingInput));
        }
        return u32::try_from(prog.listed.len()).map_err(|_| err("too many periods".to_owned()));
    }
    if pay_period.anchored_days().is_none() {
        // A label that names no period of the plan year would take the
        // exact fraction where its period takes its share to the minor
        // unit: the year's shares would not add up. Only inputs with no
        // period at all take the exact fraction.
        if let PeriodAt::Label(Some(label)) | PeriodAt::Dated { label, .. } = at {
            if pay_period.index_of(label).is_none() {
                return Err(unknown(label));
            }
        }
        return Ok(pay_period.periods_per_year());
    }
    let example = pay_period.label(2026, 1);
    let label = match at {
        PeriodAt::Label(Some(l)) | PeriodAt::Dated { label: l, .. } => l,
        PeriodAt::Label(None) | PeriodAt::Index(_) => {
            return Err(err(format!(
                "missing `period`: this plan pays every {pay_period} and its annual target incentive is shared by the {pay_period}s that start in the plan year, so the inputs must say which {pay_period} they are for, such as `{example}`"
            ))
            .with_kind(ErrorKind::MissingInput));
        }
    };
    let year: i32 = label
        .split_once('-')
        .and_then(|(y, _)| y.parse().ok())
        .ok_or_else(|| unknown(label))?;
    let (Some(step), Some(anchor)) = (pay_period.anchored_days(), prog.anchor) else {
        return Err(Error::plan(format!(
            "missing `anchor`: a plan paid every {pay_period} needs the first day of any one of its pay periods"
        ))
        .with_plan(&prog.plan_id)
        .with_field("year.anchor"));
    };
    let first = |y: i32| crate::date::Date::new(y, prog.fiscal_start_month, 1).ok();
    let starts = first(year)
        .zip(year.checked_add(1).and_then(first))
        .and_then(|(start, next)| crate::plan::anchored_starts(step, anchor, start, next))
        .ok_or_else(|| unknown(label))?;
    let n = u32::try_from(starts.len()).map_err(|_| unknown(label))?;
    match pay_period.index_of(label) {
        Some(i) if i <= n => Ok(n),
        _ => Err(unknown(label)),
    }
}

/// The place in the plan year (from 1) of the period `at`, for a plan
/// whose target incentive is weighted by `weights`; `field` prefixes the
/// field named in errors.
///
/// # Errors
///
/// [`Error::Input`] on field `period` when the label is missing, or is not
/// one of the plan year's period labels (`2026-Q1` … `2026-Q4` for a
/// quarterly plan): a weighted plan never falls back to an even split.
pub(crate) fn period_index(
    prog: &Program,
    at: PeriodAt<'_>,
    weights: &[Decimal],
    field: &str,
) -> Result<u32> {
    let pay_period = prog.pay_period;
    let n = pay_period.periods_per_year();
    let listed = || crate::plan::listed_weights(weights);
    let example = |i: u32| pay_period.label(2026, i);
    let labels = || {
        let all: Vec<String> = (1..=n).map(|i| format!("`{}`", example(i))).collect();
        if all.len() > 4 {
            format!("`{}` to `{}`", example(1), example(n))
        } else {
            all.join(", ")
        }
    };
    let err = |m: String| {
        Error::input(m)
            .with_plan(&prog.plan_id)
            .with_field(format!("{field}period"))
    };
    let index = match at {
        PeriodAt::Index(i) | PeriodAt::Dated { index: i, .. } => Some(i),
        PeriodAt::Label(None) => {
            return Err(err(format!(
                "missing `period`: this plan's target incentive is weighted by {pay_period} ({}), so the inputs must say which {pay_period} they are for, such as `{}`; it is never split evenly",
                listed(),
                example(1)
            ))
            .with_kind(ErrorKind::MissingInput));
        }
        PeriodAt::Label(Some(label)) => {
            let i = pay_period.index_of(label);
            if i.is_none() {
                return Err(err(format!(
                    "`{label}` is not a {pay_period} of a plan year; this plan's target incentive is weighted by {pay_period} ({}), and its {pay_period}s are labelled {}, for the plan year starting in 2026",
                    listed(),
                    labels()
                )));
            }
            i
        }
    };
    index
        .filter(|i| (1..=n).contains(i))
        .ok_or_else(|| err(format!("period {index:?} is outside the plan year")))
}

/// The place in the plan year (from 1) of the period `at`, when the inputs
/// say which period they are for: the dated period of a plan year, or a
/// label (a listed period's place in the list).
pub(crate) fn known_index(prog: &Program, at: PeriodAt<'_>) -> Option<u32> {
    match at {
        PeriodAt::Index(i) | PeriodAt::Dated { index: i, .. } => Some(i),
        PeriodAt::Label(None) => None,
        PeriodAt::Label(Some(l)) if prog.pay_period == PayPeriod::Custom => prog
            .listed
            .iter()
            .position(|x| x == l)
            .and_then(|i| u32::try_from(i + 1).ok()),
        PeriodAt::Label(Some(l)) => prog.pay_period.index_of(l),
    }
}

/// Whether the target incentive fixed at compile time may stand for a
/// period labelled `period`: always, but for an annual amount shared by
/// the periods and a label that [`periods_sharing`] refuses (asked here,
/// so that the rule stays in one place); the fixed amount must not pay
/// it, and the full route then reports the error.
#[inline]
pub(crate) fn fixed_share_holds(prog: &Program, period: Option<&str>) -> bool {
    period.is_none()
        || matches!(
            prog.target_incentive,
            Some(crate::plan::TargetIncentive::Amount(_))
        )
        || periods_sharing(prog, PeriodAt::Label(period), "").is_ok()
}

/// Whether `x` is a whole number of minor units at `places`.
pub(crate) fn whole_units(x: Exact, places: u32) -> bool {
    x.round(places, RoundingMode::Down)
        .is_some_and(|d| Exact::from_decimal(d) == x)
}

/// Period `index`'s share (of `n`) of `annual`, a whole number of minor
/// units at `places`, to the minor unit: every period's exact share
/// (`part(j)` for `j` in `1..=n`) rounded down, and the units left over
/// given one each to the periods with the largest remainders, the earliest
/// first on ties (the largest-remainder method), so that the year's shares
/// add up to `annual` exactly. `even` says every share is `annual ÷ n`,
/// which needs no pass over the others. `None` on overflow.
pub(crate) fn unit_share(
    annual: Exact,
    n: u32,
    index: u32,
    places: u32,
    even: bool,
    part: impl Fn(u32) -> Option<Exact>,
) -> Option<Exact> {
    let unit = Exact::from_decimal(Decimal::new(1, places));
    let floor = |e: Exact| e.round(places, RoundingMode::Down).map(Exact::from_decimal);
    let mine = part(index)?;
    let my_floor = floor(mine)?;
    let my_rest = mine.checked_sub(my_floor)?;
    if my_rest.is_zero() {
        return Some(my_floor);
    }
    let (floor_sum, ahead) = if even {
        (
            my_floor.checked_mul(Exact::from_int(i128::from(n)))?,
            i128::from(index) - 1,
        )
    } else {
        let mut sum = Exact::ZERO;
        let mut ahead = 0_i128;
        for j in 1..=n {
            let e = part(j)?;
            let f = floor(e)?;
            sum = sum.checked_add(f)?;
            let rest = e.checked_sub(f)?;
            if rest > my_rest || rest == my_rest && j < index {
                ahead += 1;
            }
        }
        (sum, ahead)
    };
    let left = annual.checked_sub(floor_sum)?.checked_div(unit)?;
    if Exact::from_int(ahead) < left {
        my_floor.checked_add(unit)
    } else {
        Some(my_floor)
    }
}
