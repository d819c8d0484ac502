//! Plan lint: checks beyond validity, for plans that are valid but pay
//! unfairly or not at all.
//!
//! A [`Plan`] that exists is valid: its weights sum to 100%, its curves
//! are ordered, its references resolve. It can still pay badly. [`lint`]
//! looks for the patterns that hurt people and budgets, and reports each
//! as a [`Warning`] with the numbers:
//!
//! | kind | finds |
//! |---|---|
//! | `cliff` | retroactive tiers or multipliers, step tables and curve jumps where one more unit of actual pays a lump more: how much, where, and what just below pays |
//! | `decreasing` | a curve, step table, retroactive tier table, rating scale or bonus matrix (along a row or a column) that pays less for more |
//! | `cap-below-target` | a component or plan cap below what it pays exactly at target, so a participant at target is cut |
//! | `never-pays` | a component whose rule pays nothing anywhere its measure can reach |
//! | `modifier-can-zero` | a plan modifier whose curve is zero somewhere (or below its first point): one measure missing its level wipes out every component |
//! | `qualitative-share` | rated and scored components weighing more than the [`LintPolicy`] allows |
//! | `rate-above-100%` | a commission rate of more than 100% of an amount or margin: most likely `8` written for `8%` |
//! | `no-default-rate` | a rate card without a default rule: a line no rule matches is refused, never paid 0 |
//!
//! The checks read the weighted `[[components]]`, the plan's stages and
//! the `[[commissions]]`: a retroactive commission tier table on the
//! period's total is checked for cliffs (in money, at one unit of its
//! base below each band), rates and rate cards for the two commission
//! findings.
//!
//! A threshold — the first point of a curve or step table, where pay
//! starts — is a deliberate design, not a cliff, and is not reported.
//!
//! A bonus matrix is read along each row and each column: a grid that
//! pays less as one measure rises is `decreasing`, its payout with both
//! measures at 100% is what a cap is checked against, and a grid of zeros
//! `never-pays`. The jumps of a step matrix depend on where the other
//! measure is, so they are not reported as cliffs.
//!
//! Turning attainment into amounts needs a quota: the component's `target`
//! in the plan, else [`LintPolicy::with_quota`]. Without one, a cliff is
//! reported as a share of the quota. Amounts need the target incentive per
//! period, as evaluation computes it: the plan's `amount`, `annual` or
//! `ote` and `mix`, or, for percent-of-base plans,
//! [`LintPolicy::with_base_salary`]. A plan that weights its periods is
//! read at its largest period (the first, among equals), where amounts
//! are largest.
//!
//! ```text
//! incentive lint plans/
//! ```
//!
//! # Example
//!
//! ```
//! use incentive::{Plan, lint};
//! use rust_decimal_macros::dec;
//!
//! let retro = Plan::load("plans/account-executive-retroactive.toml")?;
//! let warnings = lint::lint(&retro, &lint::LintPolicy::default());
//! assert_eq!(warnings.len(), 2);
//! assert_eq!(warnings[0].kind(), "cliff");
//! let lint::Finding::Cliff { jump, .. } = &warnings[0].finding else { unreachable!() };
//! assert_eq!(jump.to_decimal(), Some(dec!(20000.0008)));
//!
//! let marginal = Plan::load("plans/account-executive-marginal.toml")?;
//! assert!(lint::lint(&marginal, &lint::LintPolicy::default()).is_empty());
//! # Ok::<(), incentive::Error>(())
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::evaluate::Plan;
use crate::exact::Exact;
use crate::payout::{Curve, Matrix, Point, Steps, TierBasis, TierMode, Tiers, percent};
use crate::plan::{
    Basis, Cap, Commission, CommissionRule, Component, Direction, LowerIsBetter, Measure, Rule,
};
use crate::program::{PeriodAt, Terms};
use crate::rounding::RoundingMode;

/// What the lint may assume and what the organisation allows.
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use incentive::lint::{self, LintPolicy};
/// use rust_decimal_macros::dec;
///
/// let channel = Plan::load("plans/channel-marketing.toml")?; // 50% qualitative
/// let at_most_half = LintPolicy::new().with_max_qualitative_share(dec!(0.5));
/// assert!(lint::lint(&channel, &at_most_half).is_empty());
/// let at_most_quarter = LintPolicy::new().with_max_qualitative_share(dec!(0.25));
/// assert_eq!(lint::lint(&channel, &at_most_quarter)[0].kind(), "qualitative-share");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintPolicy {
    /// The largest share of target incentive that rated and scored
    /// components may carry (`0.5` is 50%); `None`: no limit.
    pub max_qualitative_share: Option<Decimal>,
    /// The quota assumed for quantitative components without a `target`
    /// in the plan.
    pub quota: Option<Decimal>,
    /// The annual base salary assumed for percent-of-base plans.
    pub base_salary: Option<Decimal>,
}

impl LintPolicy {
    /// No limit on the qualitative share, no assumed quota or salary.
    pub fn new() -> LintPolicy {
        LintPolicy::default()
    }

    /// Sets the largest share rated and scored components may carry.
    #[must_use]
    pub fn with_max_qualitative_share(mut self, share: Decimal) -> LintPolicy {
        self.max_qualitative_share = Some(share);
        self
    }

    /// Sets the quota assumed where a component has no `target`.
    #[must_use]
    pub fn with_quota(mut self, quota: Decimal) -> LintPolicy {
        self.quota = Some(quota);
        self
    }

    /// Sets the annual base salary assumed for percent-of-base plans.
    #[must_use]
    pub fn with_base_salary(mut self, salary: Decimal) -> LintPolicy {
        self.base_salary = Some(salary);
        self
    }
}

/// One finding of the lint, with the plan and component it is about.
///
/// `Display` writes one line with the numbers; `Serialize` gives the same
/// as data, every number a decimal string.
///
/// # Example
///
/// ```
/// use incentive::{Plan, lint};
///
/// let retro = Plan::load("plans/account-executive-retroactive.toml")?;
/// let w = &lint::lint(&retro, &lint::LintPolicy::default())[0];
/// assert_eq!(w.component.as_deref(), Some("commission"));
/// assert!(w.to_string().starts_with(
///     "plan `account-executive-retroactive`, component `commission`: cliff at actual 500000"
/// ));
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Warning {
    /// The plan's id.
    pub plan: String,
    /// The component's id, when the finding is about one component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// What was found, with the numbers.
    pub finding: Finding,
}

impl Warning {
    /// A stable tag for the kind of finding: `cliff`, `decreasing`,
    /// `cap-below-target`, `never-pays`, `modifier-can-zero`,
    /// `qualitative-share`, `rate-above-100%` or `no-default-rate`.
    pub fn kind(&self) -> &'static str {
        match &self.finding {
            Finding::Cliff { .. } => "cliff",
            Finding::Decreasing { .. } => "decreasing",
            Finding::CapBelowTarget { .. } => "cap-below-target",
            Finding::NeverPays { .. } => "never-pays",
            Finding::QualitativeShare { .. } => "qualitative-share",
            Finding::ModifierCanZero { .. } => "modifier-can-zero",
            Finding::RateAbove100 { .. } => "rate-above-100%",
            Finding::NoDefaultRate { .. } => "no-default-rate",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "plan `{}`", self.plan)?;
        if let Some(c) = &self.component {
            write!(f, ", component `{c}`")?;
        }
        write!(f, ": {}", self.finding)
    }
}

/// What a value in a [`Finding::Cliff`] measures.
///
/// # Example
///
/// ```
/// use incentive::lint::Measured;
/// assert_eq!(Measured::Actual.to_string(), "actual");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Measured {
    /// An actual amount, such as bookings.
    Actual,
    /// Attainment: actual against target (`1` is 100%).
    Attainment,
    /// A score within its declared range.
    Score,
    /// A rating on a scale.
    Rating,
}

impl fmt::Display for Measured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Measured::Actual => "actual",
            Measured::Attainment => "attainment",
            Measured::Score => "score",
            Measured::Rating => "rating",
        })
    }
}

/// What a pay in a [`Finding::Cliff`] is counted in.
///
/// # Example
///
/// ```
/// use incentive::lint::PayUnit;
/// assert_eq!(PayUnit::TargetIncentive.to_string(), "of the component's target incentive");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PayUnit {
    /// Money, in the plan's currency.
    Amount,
    /// A fraction of the component's target incentive (`1` is 100%).
    TargetIncentive,
    /// A fraction of the quota (no quota was known to turn it into money).
    Quota,
}

impl fmt::Display for PayUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PayUnit::Amount => "in money",
            PayUnit::TargetIncentive => "of the component's target incentive",
            PayUnit::Quota => "of the quota",
        })
    }
}

/// What the lint found, with the numbers.
///
/// # Example
///
/// ```
/// use incentive::Plan;
/// use incentive::lint::{self, Finding};
///
/// let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap()
///     .replace("points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]",
///              "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 0.5]]");
/// let plan = Plan::from_toml(&text)?;
/// let w = lint::lint(&plan, &lint::LintPolicy::default());
/// assert!(matches!(w[0].finding, Finding::Decreasing { .. }));
/// assert_eq!(
///     w[0].to_string(),
///     "plan `demand-generation`, component `pipeline`: decreasing: curve `standard` pays 100% at 100% \
///      but 50% at 150%; more attainment pays less"
/// );
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Finding {
    /// One more unit of actual pays a lump more: a retroactive tier
    /// boundary or a step above the threshold.
    Cliff {
        /// The rule and the part of it that jumps, such as
        /// `retroactive tiers, band 2 (12%) over band 1 (8%)`.
        rule: String,
        /// What `at` and `below` measure.
        measured: Measured,
        /// Where the pay jumps (inclusive).
        at: Decimal,
        /// Just below `at`: one minor unit of the currency less, when `at`
        /// is an actual amount.
        #[serde(skip_serializing_if = "Option::is_none")]
        below: Option<Decimal>,
        /// The attainment at `at`, when `at` is an actual amount.
        #[serde(skip_serializing_if = "Option::is_none")]
        attainment: Option<Decimal>,
        /// What the pays are counted in.
        unit: PayUnit,
        /// The pay just below (at `below`, or approaching `at`).
        pay_below: Exact,
        /// The pay at `at`.
        pay_at: Exact,
        /// `pay_at − pay_below`.
        jump: Exact,
        /// `jump` rounded to the currency's minor unit, for amounts.
        #[serde(skip_serializing_if = "Option::is_none")]
        about: Option<Decimal>,
    },
    /// More of the measure pays less.
    Decreasing {
        /// The rule, such as `curve \`standard\``.
        rule: String,
        /// What `from.x` and `to.x` measure.
        measured: Measured,
        /// Where pay is higher (`x`) and what it pays (`y`, a rate for
        /// tiers, a fraction of target incentive otherwise).
        from: Point,
        /// Further along the measure, where pay is lower.
        to: Point,
        /// Whether an extrapolating curve's last segment goes down, so that
        /// pay keeps falling beyond the last point.
        extrapolated: bool,
    },
    /// A cap below what the component (or plan) pays exactly at target:
    /// a participant at target is cut.
    CapBelowTarget {
        /// The cap as the plan states it.
        cap: Cap,
        /// The cap as an amount, when the target incentive is known.
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<Exact>,
        /// The payout at target, when known: the rule at 100% attainment
        /// times the component's target incentive, tiers at an actual equal
        /// to the quota, a rated or scored component's target incentive;
        /// for the plan, the sum over its components.
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<Exact>,
    },
    /// A component that pays nothing wherever its measure can reach.
    NeverPays {
        /// Why, such as `every point of curve \`flat\` pays 0%`.
        reason: String,
    },
    /// The plan's modifier multiplies the whole plan by zero somewhere:
    /// one measure missing its level wipes out every component.
    ModifierCanZero {
        /// The modifier's name.
        modifier: String,
        /// The measure it reads.
        measure: String,
        /// Below this attainment the plan pays nothing (exclusive), when
        /// the modifier is zero below its first point.
        #[serde(skip_serializing_if = "Option::is_none")]
        below: Option<Decimal>,
        /// Attainments at which the modifier's curve itself is zero.
        zero_at: Vec<Decimal>,
    },
    /// A commission rate above 100% of an amount or a margin.
    RateAbove100 {
        /// Where the rate is: `rate`, `rates.2`, `tiers band 3`, …
        at: String,
        /// The rate.
        rate: Decimal,
    },
    /// A rate card whose rules all match on something: a line that none
    /// matches is refused.
    NoDefaultRate {
        /// How many rules the card has.
        rules: usize,
    },
    /// Rated and scored components carry more than the policy allows.
    QualitativeShare {
        /// Their combined weight.
        share: Decimal,
        /// The policy's limit.
        limit: Decimal,
        /// The rated and scored components, in plan order.
        components: Vec<String>,
    },
}

fn money(e: Exact) -> String {
    e.to_string()
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Cliff {
                rule,
                measured,
                at,
                below,
                attainment,
                unit,
                pay_below,
                pay_at,
                jump,
                about,
            } => {
                let at_text = match measured {
                    Measured::Attainment => percent(*at),
                    _ => at.normalize().to_string(),
                };
                write!(f, "cliff at {measured} {at_text}")?;
                if let Some(a) = attainment {
                    write!(f, " ({} of quota)", percent(*a))?;
                }
                write!(f, ": {rule}; ")?;
                match (unit, below) {
                    (PayUnit::Amount, Some(b)) => write!(
                        f,
                        "{b} pays {}, {} pays {}: one more {} of actual pays {} more",
                        money(*pay_below),
                        at.normalize(),
                        money(*pay_at),
                        b.checked_sub(*at)
                            .map(|d| d.abs().normalize().to_string())
                            .unwrap_or_default(),
                        money(*jump)
                    )?,
                    (PayUnit::Amount, None) => write!(
                        f,
                        "just below pays {}, at it pays {}: a jump of {}",
                        money(*pay_below),
                        money(*pay_at),
                        money(*jump)
                    )?,
                    _ => write!(
                        f,
                        "just below pays {} {unit}, at it pays {}: a jump of {}",
                        exact_percent_or_money(*pay_below, *unit),
                        exact_percent_or_money(*pay_at, *unit),
                        exact_percent_or_money(*jump, *unit)
                    )?,
                }
                if let Some(a) = about {
                    write!(f, " (about {a})")?;
                }
                Ok(())
            }
            Finding::Decreasing {
                rule,
                measured,
                from,
                to,
                extrapolated,
            } => {
                let x = |p: &Point| match measured {
                    Measured::Attainment => percent(p.x),
                    _ => p.x.normalize().to_string(),
                };
                write!(
                    f,
                    "decreasing: {rule} pays {} at {} but {} at {}; more {measured} pays less",
                    percent(from.y),
                    x(from),
                    percent(to.y),
                    x(to)
                )?;
                if *extrapolated {
                    write!(
                        f,
                        ", and the curve extrapolates, so pay keeps falling beyond the last point"
                    )?;
                }
                Ok(())
            }
            Finding::CapBelowTarget { cap, limit, target } => {
                write!(f, "cap below target: the cap ({cap})")?;
                if let Some(l) = limit {
                    write!(f, " of {l}")?;
                }
                match target {
                    Some(t) => write!(f, " is below the payout at target, {t}")?,
                    None => write!(f, " is below the payout at target")?,
                }
                write!(f, ", so a participant exactly at target is cut")
            }
            Finding::NeverPays { reason } => write!(f, "never pays: {reason}"),
            Finding::ModifierCanZero {
                modifier,
                measure,
                below,
                zero_at,
            } => {
                write!(f, "modifier `{modifier}` can zero the plan:")?;
                let mut parts = Vec::new();
                if let Some(b) = below {
                    parts.push(format!(
                        " below {} attainment of `{measure}` it multiplies the total by 0",
                        percent(*b)
                    ));
                }
                if !zero_at.is_empty() {
                    let at: Vec<String> = zero_at.iter().map(|x| percent(*x)).collect();
                    parts.push(format!(
                        " its curve multiplies the total by 0 at {} attainment of `{measure}`",
                        at.join(", ")
                    ));
                }
                write!(f, "{}", parts.join(";"))
            }
            Finding::RateAbove100 { at, rate } => write!(
                f,
                "rate above 100%: {at} pays {} of the base; a rate on an amount is a fraction, so `{}` may have been meant as `{}%`",
                percent(*rate),
                rate.normalize(),
                rate.normalize()
            ),
            Finding::NoDefaultRate { rules } => write!(
                f,
                "no default rate: each of the {rules} rules matches on a product, category or attribute, so a line none matches is refused; add a rule with only a `rate` if every line should pay"
            ),
            Finding::QualitativeShare {
                share,
                limit,
                components,
            } => write!(
                f,
                "qualitative share: rated and scored components ({}) carry {} of target incentive, above the policy's {}",
                components
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                percent(*share),
                percent(*limit)
            ),
        }
    }
}

fn exact_percent_or_money(e: Exact, unit: PayUnit) -> String {
    match unit {
        PayUnit::Amount => e.to_string(),
        _ => crate::statement::exact_percent(e),
    }
}

/// Lints a plan: every check, in a fixed order (cliffs, decreasing rules,
/// caps below target, components that never pay, the qualitative share),
/// components in plan order. The same plan and policy give the same
/// warnings.
///
/// # Example
///
/// ```
/// use incentive::{Plan, lint};
/// use rust_decimal_macros::dec;
///
/// let retro = Plan::load("plans/account-executive-retroactive.toml")?;
/// for w in lint::lint(&retro, &lint::LintPolicy::default()) {
///     println!("{w}");
/// }
/// let clean = Plan::load("plans/demand-generation.toml")?;
/// assert!(lint::lint(&clean, &lint::LintPolicy::new().with_max_qualitative_share(dec!(0.5))).is_empty());
/// # Ok::<(), incentive::Error>(())
/// ```
pub fn lint(plan: &Plan, policy: &LintPolicy) -> Vec<Warning> {
    let cx = Context::new(plan, policy);
    let mut out = Vec::new();
    for check in CHECKS {
        check(&cx, &mut out);
    }
    out
}

/// One check: reads the plan through the context, appends its warnings.
type Check = fn(&Context<'_>, &mut Vec<Warning>);

/// The checks, in report order. Adding a check is one function and one
/// entry here (and a `Finding` variant with its numbers).
const CHECKS: &[Check] = &[
    cliffs,
    decreasing,
    caps_below_target,
    never_pays,
    modifier_can_zero,
    qualitative_share,
    commissions,
];

/// What every check needs: the plan, the policy, and the numbers derived
/// from them once.
struct Context<'a> {
    plan: &'a Plan,
    policy: &'a LintPolicy,
    /// The plan's target incentive per period, when known.
    ti: Option<Exact>,
    /// One minor unit of the currency.
    unit: Decimal,
    places: u32,
}

impl<'a> Context<'a> {
    fn new(plan: &'a Plan, policy: &'a LintPolicy) -> Context<'a> {
        // The target incentive as every route computes it, for a
        // participant with the policy's base salary; a plan that weights
        // its periods is read at its largest period, where cliffs and caps
        // are largest.
        let prog = &plan.program;
        let index = prog.period_weights.as_deref().map_or(1, |w| {
            let top = w.iter().copied().max().unwrap_or_default();
            w.iter()
                .position(|x| *x == top)
                .and_then(|i| u32::try_from(i + 1).ok())
                .unwrap_or(1)
        });
        let terms = Terms {
            base_salary: policy.base_salary,
            ..Terms::NONE
        };
        let ti = plan.target_incentive().and_then(|_| {
            crate::program::run::target_incentive(
                prog,
                &terms,
                PeriodAt::Index(index),
                "",
                false,
                |_, _| crate::error::Error::input("no base salary"),
            )
            .ok()
            .map(|(t, _)| t)
        });
        let places = plan.currency().minor_units();
        Context {
            plan,
            policy,
            ti,
            unit: Decimal::new(1, places),
            places,
        }
    }

    fn warn(&self, component: Option<&Component>, finding: Finding) -> Warning {
        Warning {
            plan: self.plan.id().to_owned(),
            component: component.map(|c| c.id().to_owned()),
            finding,
        }
    }

    /// The component's target incentive per period, when known.
    fn component_ti(&self, c: &Component) -> Option<Exact> {
        if let Some(a) = c.amount() {
            return Some(Exact::from_decimal(a));
        }
        self.ti?.checked_mul(Exact::from_decimal(c.weight()))
    }

    /// The quota of a higher-is-better quantitative component.
    fn quota(&self, c: &Component) -> Option<Decimal> {
        match &c.measure {
            Measure::Quantitative {
                target,
                direction: Direction::HigherIsBetter,
                ..
            } => target.or(self.policy.quota),
            _ => None,
        }
    }

    /// What a component pays exactly at target (100% attainment; tiers at
    /// an actual equal to the quota), before its cap, when known. Rated
    /// and scored components: their target incentive.
    fn target_payout(&self, c: &Component) -> Option<Exact> {
        let ti = self.component_ti(c)?;
        match (&c.measure, &c.rule) {
            (Measure::Quantitative { .. }, Rule::Curve { curve, .. }) => {
                ti.checked_mul(curve.payout(Exact::ONE)?)
            }
            (Measure::Quantitative { .. }, Rule::Steps(s)) => ti.checked_mul(s.payout(Exact::ONE)),
            // Both measures exactly at target.
            (Measure::Matrix { .. }, Rule::Matrix(m)) => {
                ti.checked_mul(m.payout(Exact::ONE, Exact::ONE)?)
            }
            (Measure::Quantitative { .. }, Rule::Tiers(t)) => match self.quota(c) {
                Some(q) => {
                    let q = Exact::from_decimal(q);
                    t.evaluate(q, Some(q)).map(|(p, _)| p)
                }
                None => Some(ti),
            },
            _ => Some(ti),
        }
    }

    fn about(&self, e: Exact) -> Option<Decimal> {
        e.round(self.places, RoundingMode::HalfUp)
    }

    /// The tightest cap on what a component alone can pay: its own cap
    /// and the plan's, as amounts, where computable. (With other
    /// components paying too, the plan cap binds sooner, so a jump found
    /// under this bound is the most the total can jump.)
    fn cap_limit(&self, c: &Component) -> Option<Exact> {
        let own = match c.cap() {
            Some(Cap::Amount(a)) => Some(Exact::from_decimal(a)),
            Some(Cap::PercentOfTarget(p)) => self
                .component_ti(c)
                .and_then(|t| t.checked_mul(Exact::from_decimal(p))),
            None => None,
        };
        let plan = match self.plan.cap() {
            Some(Cap::Amount(a)) => Some(Exact::from_decimal(a)),
            Some(Cap::PercentOfTarget(p)) => {
                self.ti.and_then(|t| t.checked_mul(Exact::from_decimal(p)))
            }
            None => None,
        };
        match (own, plan) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn measured(c: &Component) -> Measured {
    match c.measure {
        Measure::Score { .. } | Measure::Weighted { .. } => Measured::Score,
        Measure::Rating { .. } | Measure::Label { .. } => Measured::Rating,
        Measure::Quantitative { .. } | Measure::Fixed | Measure::Matrix { .. } => {
            Measured::Attainment
        }
    }
}

fn rule_name(rule: &Rule) -> String {
    match rule {
        Rule::Curve { name, .. } => format!("curve `{name}`"),
        Rule::Steps(_) => "step table".into(),
        Rule::Tiers(t) => format!("{} tiers", t.mode()),
        Rule::Scale(_) => "rating scale".into(),
        Rule::Multipliers(t) => format!("{} multipliers", t.mode()),
        Rule::AtTarget => "at target".into(),
        Rule::Matrix(m) => format!("bonus matrix ({})", m.mode()),
        Rule::Labels(_) => "labelled scale".into(),
    }
}

// ---- cliffs ---------------------------------------------------------------

fn cliffs(cx: &Context<'_>, out: &mut Vec<Warning>) {
    for c in cx.plan.components() {
        match &c.rule {
            Rule::Tiers(t) if t.mode() == TierMode::Retroactive => tier_cliffs(cx, c, t, out),
            Rule::Steps(s) => step_cliffs(cx, c, s, out),
            Rule::Curve { name, curve } => curve_jumps(cx, c, name, curve, out),
            Rule::Multipliers(t) if t.mode() == TierMode::Retroactive => {
                multiplier_cliffs(cx, c, t, out);
            }
            // A step matrix jumps at each row and column bound, by an
            // amount that depends on where the other measure is: not a
            // one-dimensional cliff, and not reported as one.
            Rule::Matrix(_) => {}
            _ => {}
        }
    }
}

fn tier_cliffs(cx: &Context<'_>, c: &Component, t: &Tiers, out: &mut Vec<Warning>) {
    let quota = cx.quota(c);
    for (i, pair) in t.bands().windows(2).enumerate() {
        let [(_, low_rate), (bound, rate)] = pair else {
            continue;
        };
        if rate <= low_rate {
            continue; // a lower rate is reported by `decreasing`
        }
        let rule = format!(
            "retroactive tiers, band {} ({}) replaces band {} ({}) on the whole amount",
            i + 2,
            percent(*rate),
            i + 1,
            percent(*low_rate)
        );
        // Where the band starts, as an amount when it can be.
        let (at, attainment) = match (t.basis(), quota) {
            (TierBasis::Amount, q) => (Some(*bound), q.and_then(|q| bound.checked_div(q))),
            (TierBasis::Attainment, Some(q)) => (bound.checked_mul(q), Some(*bound)),
            (TierBasis::Attainment, None) => (None, None),
        };
        let finding = match at {
            Some(at) => {
                let Some(below) = at.checked_sub(cx.unit) else {
                    continue;
                };
                let q = quota.map(Exact::from_decimal);
                let pay = |x: Decimal| -> Option<Exact> {
                    let (p, _) = t.evaluate(Exact::from_decimal(x), q)?;
                    Some(match cx.cap_limit(c) {
                        Some(l) => p.min(l),
                        None => p,
                    })
                };
                let (Some(pay_below), Some(pay_at)) = (pay(below), pay(at)) else {
                    continue;
                };
                let Some(jump) = pay_at.checked_sub(pay_below) else {
                    continue;
                };
                if !jump.is_positive() {
                    continue; // a cap absorbs it
                }
                Finding::Cliff {
                    rule,
                    measured: Measured::Actual,
                    at,
                    below: Some(below),
                    attainment,
                    unit: PayUnit::Amount,
                    pay_below,
                    pay_at,
                    jump,
                    about: cx.about(jump),
                }
            }
            None => {
                // No quota: the pays as fractions of the quota.
                let b = Exact::from_decimal(*bound);
                let (Some(pay_below), Some(pay_at)) = (
                    b.checked_mul(Exact::from_decimal(*low_rate)),
                    b.checked_mul(Exact::from_decimal(*rate)),
                ) else {
                    continue;
                };
                let Some(jump) = pay_at.checked_sub(pay_below) else {
                    continue;
                };
                Finding::Cliff {
                    rule: format!(
                        "{rule} (give the component a `target`, or the lint a quota, to see amounts)"
                    ),
                    measured: Measured::Attainment,
                    at: *bound,
                    below: None,
                    attainment: None,
                    unit: PayUnit::Quota,
                    pay_below,
                    pay_at,
                    jump,
                    about: None,
                }
            }
        };
        out.push(cx.warn(Some(c), finding));
    }
}

fn step_cliffs(cx: &Context<'_>, c: &Component, s: &Steps, out: &mut Vec<Warning>) {
    // The first step is the threshold: deliberate, not a cliff.
    for (i, pair) in s.points().windows(2).enumerate() {
        let [low, step] = pair else { continue };
        if step.y <= low.y {
            continue;
        }
        let rule = format!(
            "step table, step {} ({}) over step {} ({})",
            i + 2,
            percent(step.y),
            i + 1,
            percent(low.y)
        );
        if let Some(finding) = level_cliff(cx, c, rule, step.x, low.y, step.y) {
            out.push(cx.warn(Some(c), finding));
        }
    }
}

/// Retroactive multipliers: reaching a band multiplies the whole
/// attainment by a higher multiplier, a lump more at the band's bound.
fn multiplier_cliffs(cx: &Context<'_>, c: &Component, t: &Tiers, out: &mut Vec<Warning>) {
    for (i, pair) in t.bands().windows(2).enumerate() {
        let [(_, low), (bound, high)] = pair else {
            continue;
        };
        if high <= low {
            continue;
        }
        let (Some(below), Some(at)) = (bound.checked_mul(*low), bound.checked_mul(*high)) else {
            continue;
        };
        let rule = format!(
            "retroactive multipliers, band {} (× {}) replaces band {} (× {}) on the whole attainment",
            i + 2,
            high.normalize(),
            i + 1,
            low.normalize()
        );
        if let Some(finding) = level_cliff(cx, c, rule, *bound, below, at) {
            out.push(cx.warn(Some(c), finding));
        }
    }
}

/// A curve's jumps: two points at one attainment, the later one holding
/// there, so reaching it pays a lump more.
fn curve_jumps(cx: &Context<'_>, c: &Component, name: &str, curve: &Curve, out: &mut Vec<Warning>) {
    for (x, below, at) in crate::payout::jumps(curve.points()) {
        if at <= below {
            continue; // a drop is reported by `decreasing`
        }
        let rule = format!(
            "curve `{name}` jumps from {} to {} at {}",
            percent(below),
            percent(at),
            percent(x)
        );
        if let Some(finding) = level_cliff(cx, c, rule, x, below, at) {
            out.push(cx.warn(Some(c), finding));
        }
    }
}

/// The cliff where a component's factor of target incentive rises from
/// `low` to `high` at measure `x`: in money at the actual one minor unit
/// below when a quota turns `x` into an amount, in money at `x` when the
/// target incentive is known, else as fractions of target incentive.
fn level_cliff(
    cx: &Context<'_>,
    c: &Component,
    rule: String,
    x: Decimal,
    low: Decimal,
    high: Decimal,
) -> Option<Finding> {
    let comp_ti = cx.component_ti(c);
    let quota = cx.quota(c);
    let fractions = (Exact::from_decimal(low), Exact::from_decimal(high));
    let Some(ti) = comp_ti else {
        let jump = fractions.1.checked_sub(fractions.0)?;
        return Some(Finding::Cliff {
            rule,
            measured: measured(c),
            at: x,
            below: None,
            attainment: None,
            unit: PayUnit::TargetIncentive,
            pay_below: fractions.0,
            pay_at: fractions.1,
            jump,
            about: None,
        });
    };
    let cap = cx.cap_limit(c);
    let pay = |f: Exact| {
        ti.checked_mul(f).map(|p| match cap {
            Some(l) => p.min(l),
            None => p,
        })
    };
    let (pay_below, pay_at) = (pay(fractions.0)?, pay(fractions.1)?);
    let jump = pay_at.checked_sub(pay_below)?;
    if !jump.is_positive() {
        return None;
    }
    let actual = match measured(c) {
        Measured::Attainment => quota.and_then(|q| x.checked_mul(q)),
        _ => None,
    };
    Some(
        match actual.and_then(|a| Some((a, a.checked_sub(cx.unit)?))) {
            Some((at, below)) => Finding::Cliff {
                rule,
                measured: Measured::Actual,
                at,
                below: Some(below),
                attainment: Some(x),
                unit: PayUnit::Amount,
                pay_below,
                pay_at,
                jump,
                about: cx.about(jump),
            },
            None => Finding::Cliff {
                rule,
                measured: measured(c),
                at: x,
                below: None,
                attainment: None,
                unit: PayUnit::Amount,
                pay_below,
                pay_at,
                jump,
                about: cx.about(jump),
            },
        },
    )
}

// ---- commissions ----------------------------------------------------------

/// Commission components: cliffs of retroactive tiers on the period's
/// total, rates above 100% of an amount or margin, rate cards without a
/// default rule.
fn commissions(cx: &Context<'_>, out: &mut Vec<Warning>) {
    let warn = |c: &Commission, finding: Finding| Warning {
        plan: cx.plan.id().to_owned(),
        component: Some(c.id().to_owned()),
        finding,
    };
    for c in cx.plan.commissions() {
        let fraction = c.basis() != Basis::Quantity;
        let mut rates: Vec<(String, Decimal)> = Vec::new();
        match &c.rule {
            CommissionRule::Rate(r) => rates.push(("rate".to_owned(), *r)),
            CommissionRule::Rates(rules) => {
                for (i, r) in rules.iter().enumerate() {
                    rates.push((format!("rates.{i} ({r})"), r.rate));
                }
                let default = rules.iter().any(|r| {
                    r.product.is_none() && r.category.is_none() && r.attributes.is_empty()
                });
                if !default {
                    out.push(warn(c, Finding::NoDefaultRate { rules: rules.len() }));
                }
            }
            CommissionRule::Tiers(t) => {
                for (i, (_, r)) in t.bands().iter().enumerate() {
                    rates.push((format!("tiers band {}", i + 1), *r));
                }
                if t.mode() == TierMode::Retroactive {
                    commission_tier_cliffs(cx, c, t, &warn, out);
                }
            }
            CommissionRule::Cascade(_) => {}
        }
        if fraction {
            for (at, rate) in rates {
                if rate > Decimal::ONE {
                    out.push(warn(c, Finding::RateAbove100 { at, rate }));
                }
            }
        }
    }
}

/// Each band boundary of a retroactive commission tier table where one
/// more unit of base (one minor unit of money, or one unit) pays a lump
/// more.
fn commission_tier_cliffs(
    cx: &Context<'_>,
    c: &Commission,
    t: &Tiers,
    warn: &dyn Fn(&Commission, Finding) -> Warning,
    out: &mut Vec<Warning>,
) {
    let step = match c.basis() {
        Basis::Quantity => Decimal::ONE,
        _ => cx.unit,
    };
    for (i, pair) in t.bands().windows(2).enumerate() {
        let [(_, low_rate), (at, rate)] = pair else {
            continue;
        };
        if rate <= low_rate {
            continue;
        }
        let Some(below) = at.checked_sub(step) else {
            continue;
        };
        let pay = |x: Decimal| t.evaluate(Exact::from_decimal(x), None).map(|(p, _)| p);
        let (Some(pay_below), Some(pay_at)) = (pay(below), pay(*at)) else {
            continue;
        };
        let Some(jump) = pay_at.checked_sub(pay_below) else {
            continue;
        };
        if !jump.is_positive() {
            continue;
        }
        out.push(warn(
            c,
            Finding::Cliff {
                rule: format!(
                    "retroactive commission tiers on the period's {}, band {} ({}) replaces band {} ({}) on the whole total",
                    c.basis(),
                    i + 2,
                    c.basis().rate(*rate),
                    i + 1,
                    c.basis().rate(*low_rate)
                ),
                measured: Measured::Actual,
                at: *at,
                below: Some(below),
                attainment: None,
                unit: PayUnit::Amount,
                pay_below,
                pay_at,
                jump,
                about: cx.about(jump),
            },
        ));
    }
}

// ---- decreasing -----------------------------------------------------------

fn decreasing(cx: &Context<'_>, out: &mut Vec<Warning>) {
    for c in cx.plan.components() {
        if let Rule::Matrix(grid) = &c.rule {
            matrix_decreasing(cx, c, grid, out);
            continue;
        }
        let m = measured(c);
        let falls = |points: &[Point]| -> Vec<(Point, Point)> {
            points
                .windows(2)
                .filter_map(|w| match w {
                    [a, b] if b.y < a.y => Some((*a, *b)),
                    _ => None,
                })
                .collect()
        };
        let (pairs, measured_as, extrapolating) = match &c.rule {
            Rule::Curve { curve, .. } => (falls(curve.points()), m, curve.extrapolates()),
            Rule::Steps(s) => (falls(s.points()), m, false),
            Rule::Tiers(t) if t.mode() == TierMode::Retroactive => {
                let bands: Vec<Point> = t.bands().iter().map(|(x, r)| Point::new(*x, *r)).collect();
                let measured_as = match t.basis() {
                    TierBasis::Amount => Measured::Actual,
                    TierBasis::Attainment => Measured::Attainment,
                };
                (falls(&bands), measured_as, false)
            }
            Rule::Scale(s) => (falls(s.ratings()), Measured::Rating, false),
            // A labelled scale's labels have an order but no distance: a
            // label paying less than the one below is not reported here.
            Rule::Labels(_) => (Vec::new(), m, false),
            _ => (Vec::new(), m, false),
        };
        let last = pairs.len().checked_sub(1);
        for (i, (from, to)) in pairs.into_iter().enumerate() {
            let is_last_segment = match &c.rule {
                Rule::Curve { curve, .. } => curve.points().last() == Some(&to),
                _ => false,
            };
            let rule = match &c.rule {
                Rule::Tiers(_) => "retroactive tiers (rates)".to_owned(),
                other => rule_name(other),
            };
            out.push(cx.warn(
                Some(c),
                Finding::Decreasing {
                    rule,
                    measured: measured_as,
                    from,
                    to,
                    extrapolated: extrapolating && is_last_segment && Some(i) == last,
                },
            ));
        }
    }
}

/// A bonus matrix that pays less as one measure rises with the other held:
/// each row read along the columns, then each column read along the rows.
fn matrix_decreasing(cx: &Context<'_>, c: &Component, grid: &Matrix, out: &mut Vec<Warning>) {
    let (rows, columns) = c.matrix_measures().unwrap_or_default();
    let (rb, cb, values) = (grid.row_bounds(), grid.column_bounds(), grid.values());
    let mode = grid.mode();
    let mut found = Vec::new();
    for (i, (bound, row)) in rb.iter().zip(values).enumerate() {
        for (j, pair) in row.windows(2).enumerate() {
            if let ([a, b], [x0, x1, ..]) = (pair, cb.get(j..).unwrap_or_default()) {
                if b < a {
                    found.push((
                        format!(
                            "bonus matrix ({mode}) along `{columns}` in row {} (`{rows}` at {})",
                            i + 1,
                            percent(*bound)
                        ),
                        Point::new(*x0, *a),
                        Point::new(*x1, *b),
                    ));
                }
            }
        }
    }
    for (j, bound) in cb.iter().enumerate() {
        let column: Vec<Decimal> = values.iter().filter_map(|r| r.get(j).copied()).collect();
        for (i, pair) in column.windows(2).enumerate() {
            if let ([a, b], [x0, x1, ..]) = (pair, rb.get(i..).unwrap_or_default()) {
                if b < a {
                    found.push((
                        format!(
                            "bonus matrix ({mode}) along `{rows}` in column {} (`{columns}` at {})",
                            j + 1,
                            percent(*bound)
                        ),
                        Point::new(*x0, *a),
                        Point::new(*x1, *b),
                    ));
                }
            }
        }
    }
    for (rule, from, to) in found {
        out.push(cx.warn(
            Some(c),
            Finding::Decreasing {
                rule,
                measured: Measured::Attainment,
                from,
                to,
                extrapolated: false,
            },
        ));
    }
}

// ---- caps below target ----------------------------------------------------

fn caps_below_target(cx: &Context<'_>, out: &mut Vec<Warning>) {
    let below = |cap: Cap, ti: Option<Exact>, target: Option<Exact>| -> Option<Finding> {
        let limit = match cap {
            Cap::Amount(a) => Some(Exact::from_decimal(a)),
            Cap::PercentOfTarget(p) => ti.and_then(|t| t.checked_mul(Exact::from_decimal(p))),
        };
        let cut = match (limit, target) {
            (Some(l), Some(t)) => l < t,
            // Without amounts: a percent cap below 100% cuts at target.
            _ => matches!(cap, Cap::PercentOfTarget(p) if p < Decimal::ONE),
        };
        cut.then_some(Finding::CapBelowTarget { cap, limit, target })
    };
    let mut plan_target = Some(Exact::ZERO);
    for c in cx.plan.components() {
        let target = cx.target_payout(c);
        plan_target = plan_target.zip(target).and_then(|(a, b)| a.checked_add(b));
        if let Some(f) = c
            .cap()
            .and_then(|cap| below(cap, cx.component_ti(c), target))
        {
            out.push(cx.warn(Some(c), f));
        }
    }
    if let Some(f) = cx.plan.cap().and_then(|cap| below(cap, cx.ti, plan_target)) {
        out.push(cx.warn(None, f));
    }
}

// ---- components that never pay -------------------------------------------

/// The highest value a component's measure can reach, when bounded.
fn reach(c: &Component) -> Option<Decimal> {
    match &c.measure {
        Measure::Score { max, .. } | Measure::Weighted { max, .. } => Some(*max),
        Measure::Quantitative {
            direction: Direction::LowerIsBetter,
            formula: Some(LowerIsBetter::TwoMinusActualOverTarget),
            ..
        } => Some(Decimal::TWO),
        _ => None,
    }
}

fn curve_max(curve: &Curve, reach: Option<Decimal>) -> Option<Exact> {
    let points = curve.points();
    let mut best = Exact::ZERO;
    for p in points {
        if reach.is_none_or(|r| p.x <= r) {
            best = best.max(Exact::from_decimal(p.y));
        }
    }
    match reach {
        Some(r) => best = best.max(curve.payout(Exact::from_decimal(r))?),
        None => {
            if curve.extrapolates() {
                if let [.., a, b] = points {
                    if b.y > a.y {
                        return Some(Exact::ONE); // grows without limit
                    }
                }
            }
        }
    }
    Some(best)
}

fn never_pays(cx: &Context<'_>, out: &mut Vec<Warning>) {
    for c in cx.plan.components() {
        let reach = reach(c);
        let beyond = |what: &str| match reach {
            Some(r) => format!(
                "{what} up to {} (the highest {} the measure can reach)",
                r.normalize(),
                measured(c)
            ),
            None => what.to_owned(),
        };
        let reason = match &c.rule {
            Rule::Curve { name, curve } => match curve_max(curve, reach) {
                Some(m) if m.is_zero() => {
                    Some(beyond(&format!("curve `{name}` pays 0% at every point")))
                }
                _ => None,
            },
            Rule::Steps(s) => {
                let pays = s
                    .points()
                    .iter()
                    .any(|p| p.y > Decimal::ZERO && reach.is_none_or(|r| p.x <= r));
                (!pays).then(|| beyond("the step table pays 0% at every step"))
            }
            Rule::Tiers(t) => t
                .bands()
                .iter()
                .all(|(_, r)| r.is_zero())
                .then(|| "every tier's rate is 0%".to_owned()),
            Rule::Scale(s) => s
                .ratings()
                .iter()
                .all(|p| p.y.is_zero())
                .then(|| "every rating on the scale pays 0%".to_owned()),
            Rule::Multipliers(t) => t
                .bands()
                .iter()
                .all(|(_, m)| m.is_zero())
                .then(|| "every band's multiplier is 0".to_owned()),
            Rule::AtTarget => None,
            Rule::Matrix(m) => m
                .values()
                .iter()
                .flatten()
                .all(Decimal::is_zero)
                .then(|| "every cell of the bonus matrix pays 0%".to_owned()),
            Rule::Labels(s) => s
                .labels()
                .iter()
                .all(|(_, pays)| pays.is_zero())
                .then(|| "every label on the scale pays 0%".to_owned()),
        };
        if let Some(reason) = reason {
            out.push(cx.warn(Some(c), Finding::NeverPays { reason }));
        }
    }
}

// ---- a modifier that can zero the plan --------------------------------------

fn modifier_can_zero(cx: &Context<'_>, out: &mut Vec<Warning>) {
    let Some(name) = &cx.plan.def.modifier else {
        return;
    };
    let Some(m) = cx.plan.def.modifiers.get(name) else {
        return;
    };
    let points = m.curve.points();
    let below = match (m.below_first, points.first()) {
        (crate::plan::BelowFirst::Zero, Some(first)) => Some(first.x),
        _ => None,
    };
    let zero_at: Vec<Decimal> = points
        .iter()
        .filter(|p| p.y.is_zero())
        .map(|p| p.x)
        .collect();
    if below.is_some() || !zero_at.is_empty() {
        out.push(cx.warn(
            None,
            Finding::ModifierCanZero {
                modifier: name.clone(),
                measure: m.measure.clone(),
                below,
                zero_at,
            },
        ));
    }
}

// ---- qualitative share ----------------------------------------------------

fn qualitative_share(cx: &Context<'_>, out: &mut Vec<Warning>) {
    let Some(limit) = cx.policy.max_qualitative_share else {
        return;
    };
    let mut share = Decimal::ZERO;
    let mut components = Vec::new();
    for c in cx.plan.components().iter().filter(|c| c.is_qualitative()) {
        share = share.checked_add(c.weight()).unwrap_or(Decimal::MAX);
        components.push(c.id().to_owned());
    }
    if share > limit {
        out.push(cx.warn(
            None,
            Finding::QualitativeShare {
                share,
                limit,
                components,
            },
        ));
    }
}
