use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::percent;
use crate::exact::Exact;

/// What a tier table's band bounds are measured in.
///
/// # Example
///
/// ```
/// use incentive::payout::TierBasis;
/// assert_eq!(TierBasis::default(), TierBasis::Attainment);
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TierBasis {
    /// Bounds are fractions of the target (quota): with a 500,000 quota, a
    /// band from `1.0` starts at 500,000.
    #[default]
    Attainment,
    /// Bounds are amounts: a band from `500000` starts at 500,000.
    Amount,
}

/// How tiered rates apply to an amount.
///
/// Quota 500,000, actual 650,000, 8% below quota and 12% from quota:
///
/// # Example
///
/// ```
/// use incentive::payout::TierMode;
/// assert_eq!(TierMode::Marginal.to_string(), "marginal");
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TierMode {
    /// Each band's rate applies to the part of the amount inside that band:
    /// `500,000 × 8% + 150,000 × 12% = 58,000`.
    Marginal,
    /// The rate of the highest band reached applies to the whole amount:
    /// `650,000 × 12% = 78,000`.
    Retroactive,
}

impl fmt::Display for TierMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TierMode::Marginal => "marginal",
            TierMode::Retroactive => "retroactive",
        })
    }
}

/// A tiered commission rate: bands, each starting at its lower bound
/// (inclusive) and running to the next band's, with a rate per band.
///
/// # Errors
///
/// [`Tiers::new`] refuses an empty table, bands out of order or repeated,
/// and negative rates.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::{TierBasis, TierMode, Tiers};
/// use rust_decimal_macros::dec;
///
/// let bands = vec![(dec!(0), dec!(0.08)), (dec!(1.0), dec!(0.12)), (dec!(1.5), dec!(0.16))];
/// let marginal = Tiers::new(TierBasis::Attainment, TierMode::Marginal, bands.clone())?;
/// let retro = Tiers::new(TierBasis::Attainment, TierMode::Retroactive, bands)?;
/// let (quota, actual) = (Exact::from_decimal(dec!(500000)), Exact::from_decimal(dec!(650000)));
/// let pay = |t: &Tiers| t.evaluate(actual, Some(quota)).unwrap().0.to_decimal().unwrap();
/// assert_eq!(pay(&marginal), dec!(58000));
/// assert_eq!(pay(&retro), dec!(78000));
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tiers {
    basis: TierBasis,
    mode: TierMode,
    bands: Vec<(Decimal, Decimal)>,
    /// Whether a band starts just above its lower bound rather than at it
    /// (matters for retroactive tiers: exactly at a bound, the band below
    /// applies).
    exclusive: bool,
}

/// One band's part of a commission: the band's bounds (as amounts), its
/// rate, the amount the rate applied to and the commission.
///
/// # Example
///
/// ```
/// use incentive::Exact;
/// use incentive::payout::BandTrace;
/// use rust_decimal_macros::dec;
///
/// let b = BandTrace {
///     band: 2,
///     from: Exact::from_decimal(dec!(500000)),
///     to: Some(Exact::from_decimal(dec!(750000))),
///     rate: dec!(0.12),
///     base: Exact::from_decimal(dec!(150000)),
///     commission: Exact::from_decimal(dec!(18000)),
/// };
/// assert_eq!(b.to_string(), "band 2 [500000, 750000): 150000 × 12% = 18000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandTrace {
    /// 1-based position of the band.
    #[serde(deserialize_with = "crate::number::int")]
    pub band: usize,
    /// The band's lower bound as an amount, inclusive.
    pub from: Exact,
    /// The band's upper bound as an amount, exclusive (`None`: unbounded).
    pub to: Option<Exact>,
    /// The band's rate.
    pub rate: Decimal,
    /// The amount the rate applied to.
    pub base: Exact,
    /// `base × rate`.
    pub commission: Exact,
}

impl fmt::Display for BandTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            Some(to) => write!(f, "band {} [{}, {to})", self.band, self.from)?,
            None => write!(f, "band {} [{}, ∞)", self.band, self.from)?,
        }
        write!(
            f,
            ": {} × {} = {}",
            self.base,
            percent(self.rate),
            self.commission
        )
    }
}

impl Tiers {
    /// A tier table of `(lower bound, rate)` bands, strictly increasing in
    /// the bound, with rates `>= 0`.
    ///
    /// # Errors
    ///
    /// A message naming the offending band.
    pub fn new(
        basis: TierBasis,
        mode: TierMode,
        bands: Vec<(Decimal, Decimal)>,
    ) -> Result<Tiers, String> {
        if bands.is_empty() {
            return Err("a tier table needs at least 1 band".into());
        }
        if let Some((first, _)) = bands.first() {
            if first.is_sign_negative() && !first.is_zero() {
                return Err(format!(
                    "band 1 starts at {first}; the first band must start at 0 or above"
                ));
            }
        }
        for (i, (_, rate)) in bands.iter().enumerate() {
            if rate.is_sign_negative() && !rate.is_zero() {
                return Err(format!(
                    "band {} has rate {rate}; a rate must be 0 or more",
                    i + 1
                ));
            }
        }
        for (i, pair) in bands.windows(2).enumerate() {
            if let [(a, _), (b, _)] = pair {
                if b <= a {
                    return Err(format!(
                        "band {} starts at {b}, not above band {} at {a}; bands must be in increasing order with distinct lower bounds",
                        i + 2,
                        i + 1
                    ));
                }
            }
        }
        Ok(Tiers {
            basis,
            mode,
            bands,
            exclusive: false,
        })
    }

    /// The same table with exclusive lower bounds: a band is reached only
    /// above its bound (`12% above 100,000`), so exactly at a bound the
    /// band below applies. Marginal tiers pay the same either way (the
    /// part inside a band does not depend on where its edge belongs).
    #[must_use]
    pub fn exclusive(mut self) -> Tiers {
        self.exclusive = true;
        self
    }

    /// Whether bands start just above their lower bounds.
    pub fn is_exclusive(&self) -> bool {
        self.exclusive
    }

    /// What the bounds are measured in.
    pub fn basis(&self) -> TierBasis {
        self.basis
    }

    /// Marginal or retroactive.
    pub fn mode(&self) -> TierMode {
        self.mode
    }

    /// The `(lower bound, rate)` bands.
    pub fn bands(&self) -> &[(Decimal, Decimal)] {
        &self.bands
    }

    /// The commission on `actual`, exactly, and the bands that paid.
    /// `target` turns attainment bounds into amounts and is needed for the
    /// attainment basis. `None` on overflow or a missing target.
    pub fn evaluate(
        &self,
        actual: Exact,
        target: Option<Exact>,
    ) -> Option<(Exact, Vec<BandTrace>)> {
        let mut trace = Vec::new();
        let total = self.commission(actual, target, Some(&mut trace))?;
        Some((total, trace))
    }

    /// The commission on `actual`, exactly, pushing the bands that paid to
    /// `trace` when given: the one implementation of tiered rates, which
    /// allocates nothing without a trace.
    pub(crate) fn commission(
        &self,
        actual: Exact,
        target: Option<Exact>,
        mut trace: Option<&mut Vec<BandTrace>>,
    ) -> Option<Exact> {
        let bound = |b: Decimal| -> Option<Exact> {
            match self.basis {
                TierBasis::Amount => Some(Exact::from_decimal(b)),
                TierBasis::Attainment => Exact::from_decimal(b).checked_mul(target?),
            }
        };
        let mut total = Exact::ZERO;
        match self.mode {
            TierMode::Marginal => {
                for (i, (from, rate)) in self.bands.iter().enumerate() {
                    let from = bound(*from)?;
                    if actual <= from {
                        break;
                    }
                    let to = match self.bands.get(i + 1) {
                        Some((to, _)) => Some(bound(*to)?),
                        None => None,
                    };
                    let top = match to {
                        Some(to) => actual.min(to),
                        None => actual,
                    };
                    let base = top.checked_sub(from)?;
                    let commission = base.checked_mul(Exact::from_decimal(*rate))?;
                    total = total.checked_add(commission)?;
                    if let Some(t) = trace.as_deref_mut() {
                        t.push(BandTrace {
                            band: i + 1,
                            from,
                            to,
                            rate: *rate,
                            base,
                            commission,
                        });
                    }
                }
            }
            TierMode::Retroactive => {
                let mut reached = None;
                for (i, (from, rate)) in self.bands.iter().enumerate() {
                    let from = bound(*from)?;
                    let at = if self.exclusive {
                        actual > from
                    } else {
                        actual >= from
                    };
                    if at {
                        reached = Some((i, from, *rate));
                    }
                }
                if let Some((i, from, rate)) = reached {
                    let to = match self.bands.get(i + 1) {
                        Some((to, _)) => Some(bound(*to)?),
                        None => None,
                    };
                    let commission = actual.checked_mul(Exact::from_decimal(rate))?;
                    total = commission;
                    if let Some(t) = trace {
                        t.push(BandTrace {
                            band: i + 1,
                            from,
                            to,
                            rate,
                            base: actual,
                            commission,
                        });
                    }
                }
            }
        }
        Some(total)
    }
}
