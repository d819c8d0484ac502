//! Plan years and their pay periods: closed date ranges with exact day
//! counts.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::plan::PayPeriod;

/// A plan's calendar: the month its plan year starts in and how often it
/// pays.
///
/// # Errors
///
/// [`Calendar::new`] refuses a start month outside 1 to 12;
/// [`Calendar::plan_year`] a year whose periods would fall outside years 1
/// to 9999.
///
/// # Example
///
/// ```
/// use incentive::PayPeriod;
/// use incentive::year::Calendar;
///
/// let fiscal = Calendar::new(7, PayPeriod::Quarter)?;
/// let fy = fiscal.plan_year(2026)?;
/// assert_eq!(fy.start().to_string(), "2026-07-01");
/// assert_eq!(fy.end().to_string(), "2027-06-30");
/// let q3 = fy.period("2026-Q3").unwrap();
/// assert_eq!((q3.start().to_string(), q3.days()), ("2027-01-01".to_string(), 90));
/// assert!(Calendar::new(13, PayPeriod::Month).is_err());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Calendar {
    fiscal_start_month: u32,
    pay_period: PayPeriod,
    anchor: Option<Date>,
    listed: Vec<(String, Date, Date)>,
}

impl Calendar {
    /// A calendar whose plan year starts on the first of
    /// `fiscal_start_month` (1 is January) and pays every `pay_period`.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] when the month is outside 1 to 12.
    pub fn new(fiscal_start_month: u32, pay_period: PayPeriod) -> Result<Calendar> {
        if !(1..=12).contains(&fiscal_start_month) {
            return Err(Error::plan(format!(
                "is {fiscal_start_month}; the plan year starts in a month from 1 (January) to 12 (December)"
            ))
            .with_field("year.fiscal_start_month"));
        }
        Ok(Calendar {
            fiscal_start_month,
            pay_period,
            anchor: None,
            listed: Vec::new(),
        })
    }

    /// The same calendar with `anchor`, the first day of any one pay
    /// period of a weekly or biweekly plan: periods start every 7 or 14
    /// days before and after it. Calendar periods ignore it.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Date, PayPeriod};
    /// use incentive::year::Calendar;
    ///
    /// let anchor: Date = "2026-01-02".parse().unwrap();
    /// let year = Calendar::new(1, PayPeriod::Biweek)?.with_anchor(anchor).plan_year(2026)?;
    /// assert_eq!(year.periods().len(), 26);
    /// assert_eq!(year.period("2026-B26").unwrap().to_string(), "2026-B26 (2026-12-18 to 2026-12-31, 14 days)");
    /// // Without an anchor a biweekly plan year has no periods to run.
    /// assert!(Calendar::new(1, PayPeriod::Biweek)?.plan_year(2026).is_err());
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn with_anchor(self, anchor: Date) -> Calendar {
        Calendar {
            anchor: Some(anchor),
            ..self
        }
    }

    /// The first day of one pay period of a weekly or biweekly plan.
    pub fn anchor(&self) -> Option<Date> {
        self.anchor
    }

    /// The same calendar with the listed periods of a `custom` plan
    /// (label, first day, last day), as [`YearPolicy::periods`] holds
    /// them once the plan is checked. Other calendars ignore them.
    ///
    /// [`YearPolicy::periods`]: crate::year::YearPolicy::periods
    pub fn with_periods(self, periods: Vec<(String, Date, Date)>) -> Calendar {
        Calendar {
            listed: periods,
            ..self
        }
    }

    /// The month the plan year starts in.
    pub fn fiscal_start_month(&self) -> u32 {
        self.fiscal_start_month
    }

    /// How often the plan pays.
    pub fn pay_period(&self) -> PayPeriod {
        self.pay_period
    }

    /// The plan year that starts in `year`, with its periods.
    ///
    /// A weekly or biweekly plan year has the periods that start from the
    /// first of its fiscal start month up to the day before the next plan
    /// year's: it runs from its first period's start to its last
    /// period's end, so consecutive plan years tile the calendar (a
    /// period that starts on 2026-12-25 and ends on 2027-01-07 is the
    /// last of 2026).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when the year is outside 1 to 9998;
    /// [`Error::Plan`] on field `year.anchor` for a weekly or biweekly
    /// calendar without an anchor.
    pub fn plan_year(&self, year: i32) -> Result<PlanYear> {
        let bad = || {
            Error::input(format!(
                "plan year {year} is outside the calendar; give a year from 1 to 9998"
            ))
            .with_field("year")
        };
        let start = Date::new(year, self.fiscal_start_month, 1).map_err(|_| bad())?;
        if self.pay_period == PayPeriod::Custom {
            return self.listed_year(year);
        }
        if let Some(step) = self.pay_period.anchored_days() {
            return self.anchored_year(year, start, step, bad);
        }
        let n = self.pay_period.periods_per_year();
        let mut periods = Vec::with_capacity(usize::try_from(n).unwrap_or(24));
        for i in 1..=n {
            let (first, last) = self.bounds(start, i).ok_or_else(bad)?;
            let label = self.pay_period.label(year, i);
            periods.push(Period {
                label,
                index: i,
                start: first,
                end: last,
            });
        }
        let end = periods.last().map(|p| p.end).ok_or_else(bad)?;
        Ok(PlanYear {
            year,
            start,
            end,
            pay_period: self.pay_period,
            periods,
        })
    }
}

impl Calendar {
    /// The calendar `plan` pays by: its fiscal start month, pay period,
    /// anchor and listed periods.
    ///
    /// # Errors
    ///
    /// [`Error::Plan`] naming the plan when its fiscal start month is
    /// outside 1 to 12.
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::Plan;
    /// use incentive::year::Calendar;
    ///
    /// let plan = Plan::load("plans/reseller-commission.toml")?;
    /// let april = Calendar::of(&plan)?.period_named("2026-M04")?;
    /// assert_eq!(april.to_string(), "2026-M04 (2026-04-01 to 2026-04-30, 30 days)");
    /// let err = Calendar::of(&plan)?.period_named("2026-Q2").unwrap_err();
    /// assert!(err.to_string().contains("`2026-Q2` is not a month"));
    /// # Ok::<(), incentive::Error>(())
    /// ```
    pub fn of(plan: &crate::Plan) -> Result<Calendar> {
        let c = Calendar::new(plan.year().fiscal_start_month, plan.pay_period())
            .map_err(|e| e.with_plan(plan.id()))?;
        let c = match plan.year().anchor {
            Some(a) => c.with_anchor(a),
            None => c,
        };
        Ok(c.with_periods(plan.year().periods.clone()))
    }

    /// The dated period a label names: `2026-Q2` is the second quarter of
    /// the plan year starting in 2026; a custom calendar's labels are its
    /// listed ones.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] on field `period` when the label names no period of
    /// this calendar, saying how its periods are labelled.
    pub fn period_named(&self, label: &str) -> Result<Period> {
        let unknown = || {
            let example = match self.listed.first() {
                Some((l, _, _)) => l.clone(),
                None => self.pay_period.label(2026, 1),
            };
            Error::input(format!(
                "`{label}` is not a {} of this plan's calendar; its periods are labelled like `{example}`",
                self.pay_period
            ))
            .with_field("period")
        };
        let year = if self.pay_period == PayPeriod::Custom {
            self.listed
                .iter()
                .find(|(l, _, _)| l == label)
                .map(|(_, start, _)| start.year())
        } else {
            self.pay_period
                .index_of(label)
                .and(label.split('-').next().and_then(|y| y.parse::<i32>().ok()))
        }
        .ok_or_else(unknown)?;
        let plan_year = self.plan_year(year)?;
        plan_year.period(label).cloned().ok_or_else(unknown)
    }

    /// The period that `date` falls in: of the plan year starting in its
    /// year, or in the year before (a fiscal year starting in July holds
    /// the next January).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] on field `date` when no plan year of this calendar
    /// holds the date (a custom calendar's one listed year, say).
    ///
    /// # Example
    ///
    /// ```
    /// use incentive::{Date, PayPeriod};
    /// use incentive::year::Calendar;
    ///
    /// let fiscal = Calendar::new(7, PayPeriod::Quarter)?;
    /// let p = fiscal.period_of(Date::new(2027, 1, 31)?)?;
    /// assert_eq!(p.label(), "2026-Q3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn period_of(&self, date: Date) -> Result<Period> {
        for year in [date.year().saturating_sub(1), date.year()] {
            let Ok(plan_year) = self.plan_year(year) else {
                continue;
            };
            if let Some(p) = plan_year
                .periods()
                .iter()
                .find(|p| p.start <= date && date <= p.end)
            {
                return Ok(p.clone());
            }
        }
        Err(Error::input(format!(
            "{date} is in no period of this calendar ({} from month {})",
            self.pay_period, self.fiscal_start_month
        ))
        .with_field("date"))
    }

    /// A `custom` plan's one plan year: the periods it lists, in the year
    /// its first period starts in.
    fn listed_year(&self, year: i32) -> Result<PlanYear> {
        let (Some(first), Some(last)) = (self.listed.first(), self.listed.last()) else {
            return Err(Error::plan(
                "missing `periods`: a plan with `pay_period = \"custom\"` lists its periods",
            )
            .with_field("year.periods"));
        };
        if first.1.year() != year {
            return Err(Error::input(format!(
                "plan year {year} is not listed; this plan lists the periods of plan year {} ({} to {})",
                first.1.year(),
                first.1,
                last.2
            ))
            .with_field("year"));
        }
        let periods = (1u32..)
            .zip(&self.listed)
            .map(|(index, (label, start, end))| Period {
                label: label.clone(),
                index,
                start: *start,
                end: *end,
            })
            .collect();
        Ok(PlanYear {
            year,
            start: first.1,
            end: last.2,
            pay_period: self.pay_period,
            periods,
        })
    }

    /// The periods of a weekly or biweekly plan year: those that start from
    /// `start` up to the day before the next plan year starts.
    fn anchored_year(
        &self,
        year: i32,
        start: Date,
        step: i64,
        bad: impl Fn() -> Error,
    ) -> Result<PlanYear> {
        let anchor = self.anchor.ok_or_else(|| {
            Error::plan(format!(
                "missing `anchor`: a plan paid every {} needs the first day of any one of its pay periods, such as `anchor = {}-01-02`",
                self.pay_period, year
            ))
            .with_field("year.anchor")
        })?;
        let next = Date::new(
            year.checked_add(1).ok_or_else(&bad)?,
            self.fiscal_start_month,
            1,
        )
        .map_err(|_| bad())?;
        let starts = crate::plan::anchored_starts(step, anchor, start, next).ok_or_else(&bad)?;
        let mut periods = Vec::with_capacity(starts.len());
        for (index, first) in (1u32..).zip(starts) {
            let last = first.add_days(step - 1).ok_or_else(&bad)?;
            periods.push(Period {
                label: self.pay_period.label(year, index),
                index,
                start: first,
                end: last,
            });
        }
        let (Some(begin), Some(end)) = (periods.first(), periods.last()) else {
            return Err(bad());
        };
        Ok(PlanYear {
            year,
            start: begin.start,
            end: end.end,
            pay_period: self.pay_period,
            periods,
        })
    }

    /// The first and last day of period `i` (from 1) of the plan year
    /// starting on `start`; `None` outside the calendar.
    fn bounds(&self, start: Date, i: u32) -> Option<(Date, Date)> {
        let i = i64::from(i);
        if self.pay_period == PayPeriod::SemiMonth {
            // Two a month: the 1st to the 15th, the 16th to the last day.
            let month = start.add_months_to_first((i - 1) / 2)?;
            return if i % 2 == 1 {
                Some((month, month.add_days(14)?))
            } else {
                let next = start.add_months_to_first((i - 1) / 2 + 1)?;
                Some((month.add_days(15)?, next.add_days(-1)?))
            };
        }
        let months = i64::from(12u32.checked_div(self.pay_period.periods_per_year())?);
        let first = start.add_months_to_first(months * (i - 1))?;
        let last = start.add_months_to_first(months * i)?.add_days(-1)?;
        Some((first, last))
    }
}

/// One plan year: its first and last day and its pay periods.
///
/// Periods are labelled by the calendar year the plan year starts in and
/// their place in the plan year: `2026-W01` … `2026-W53` (weekly),
/// `2026-B01` … `2026-B27` (biweekly), `2026-S01` … `2026-S24` (semi-monthly),
/// `2026-M01` … `2026-M12`, `2026-Q1` …
/// `2026-Q4`, `2026-H1`, `2026-H2`, or `2026` for a yearly plan.
///
/// # Errors
///
/// None: build it with [`Calendar::plan_year`].
///
/// # Example
///
/// ```
/// use incentive::PayPeriod;
/// use incentive::year::Calendar;
///
/// let year = Calendar::new(1, PayPeriod::Quarter)?.plan_year(2026)?;
/// let labels: Vec<&str> = year.periods().iter().map(|p| p.label()).collect();
/// assert_eq!(labels, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
/// assert_eq!(year.periods()[0].days(), 90);
/// assert_eq!(year.days(), 365);
/// assert!(year.period("2027-Q1").is_none());
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanYear {
    year: i32,
    start: Date,
    end: Date,
    pay_period: PayPeriod,
    periods: Vec<Period>,
}

impl PlanYear {
    /// The calendar year the plan year starts in.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The first day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> Date {
        self.end
    }

    /// Days in the plan year, both ends included.
    pub fn days(&self) -> i64 {
        self.start.days_until(self.end) + 1
    }

    /// How often the plan year pays.
    pub fn pay_period(&self) -> PayPeriod {
        self.pay_period
    }

    /// The periods, in order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The period with this label.
    pub fn period(&self, label: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.label == label)
    }

    /// Whether `date` falls in the plan year.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    pub(crate) fn labels(&self) -> String {
        let v: Vec<String> = self
            .periods
            .iter()
            .map(|p| format!("`{}`", p.label))
            .collect();
        v.join(", ")
    }
}

/// A pay period: a closed date range with an exact day count.
///
/// # Errors
///
/// None: periods come from [`PlanYear::periods`].
///
/// # Example
///
/// ```
/// use incentive::PayPeriod;
/// use incentive::year::Calendar;
///
/// let year = Calendar::new(1, PayPeriod::Month)?.plan_year(2028)?;
/// let feb = year.period("2028-M02").unwrap();
/// assert_eq!(feb.to_string(), "2028-M02 (2028-02-01 to 2028-02-29, 29 days)");
/// # Ok::<(), incentive::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    label: String,
    index: u32,
    start: Date,
    end: Date,
}

impl Period {
    /// The label, such as `2026-Q3`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The period's place in the plan year, from 1.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The first day.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> Date {
        self.end
    }

    /// Days in the period, both ends included.
    pub fn days(&self) -> i64 {
        self.start.days_until(self.end) + 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} to {}, {} days)",
            self.label,
            self.start,
            self.end,
            self.days()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_label_reads_back_as_its_index() {
        for period in [
            PayPeriod::Week,
            PayPeriod::Biweek,
            PayPeriod::SemiMonth,
            PayPeriod::Month,
            PayPeriod::Quarter,
            PayPeriod::Half,
            PayPeriod::Year,
        ] {
            for year in [1, 26, 2026, 9998] {
                let plan_year = Calendar::new(4, period)
                    .unwrap()
                    .with_anchor(Date::new(2026, 1, 2).unwrap())
                    .plan_year(year)
                    .unwrap();
                for p in plan_year.periods() {
                    assert_eq!(period.index_of(p.label()), Some(p.index()), "{p}");
                    assert_eq!(period.label(year, p.index()), p.label());
                }
            }
        }
        for bad in [
            "", "2026", "2026-Q0", "2026-Q5", "2026-q1", "02026-Q1", "+2026-Q1", "2026-Q1 ",
            "9999-Q1", "0-Q1",
        ] {
            assert_eq!(PayPeriod::Quarter.index_of(bad), None, "{bad}");
        }
        assert_eq!(PayPeriod::Month.index_of("2026-M1"), None);
        assert_eq!(PayPeriod::Month.index_of("2026-M12"), Some(12));
        assert_eq!(PayPeriod::Month.index_of("2026-M13"), None);
        assert_eq!(PayPeriod::Year.index_of("2026-Q1"), None);
        assert_eq!(PayPeriod::SemiMonth.index_of("2026-S24"), Some(24));
        assert_eq!(PayPeriod::Week.index_of("2026-W53"), Some(53));
        assert_eq!(PayPeriod::Week.index_of("2026-W54"), None);
        assert_eq!(PayPeriod::Biweek.index_of("2026-B27"), Some(27));
        assert_eq!(PayPeriod::Biweek.index_of("2026-B28"), None);
        assert_eq!(PayPeriod::Biweek.index_of("2026-W01"), None);
        assert_eq!(PayPeriod::SemiMonth.index_of("2026-S25"), None);
        assert_eq!(PayPeriod::SemiMonth.index_of("2026-S4"), None);
        assert_eq!(PayPeriod::Year.index_of("2026"), Some(1));
    }
}
