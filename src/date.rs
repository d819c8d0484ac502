//! Calendar dates: plan years, pay periods, participation intervals and
//! transactions are counted in whole days.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A calendar date in the proleptic Gregorian calendar, years 1 to 9999.
///
/// Dates are whole days: periods are closed date ranges whose lengths are
/// exact day counts, and proration is by calendar days. In plan and data
/// files a date is written `2026-02-15` (a TOML local date) or as the
/// string `"2026-02-15"`.
///
/// # Errors
///
/// [`Date::new`] and parsing refuse a month outside 1–12, a day the month
/// does not have (`2026-02-29`), a year outside 1–9999, and any other
/// shape than `YYYY-MM-DD`.
///
/// # Example
///
/// ```
/// use incentive::Date;
///
/// let hire: Date = "2026-02-15".parse()?;
/// let q1_end = Date::new(2026, 3, 31)?;
/// assert_eq!(hire.days_until(q1_end), 44); // 45 days in plan, both ends included
/// assert_eq!(hire.add_days(14), Some(Date::new(2026, 3, 1)?));
/// assert_eq!(Date::new(2024, 2, 29)?.to_string(), "2024-02-29");
/// assert!(Date::new(2026, 2, 29).is_err());
/// assert!("2026-2-15".parse::<Date>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Days in `month` of `year`.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

impl Date {
    /// The date `year`-`month`-`day`.
    ///
    /// # Errors
    ///
    /// A message saying which part is out of range and what is valid.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, String> {
        if !(1..=9999).contains(&year) {
            return Err(format!("year {year} is outside 1 to 9999"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} is outside 1 to 12"));
        }
        let last = days_in_month(i64::from(year), month);
        if day < 1 || day > last {
            return Err(format!(
                "day {day} is not in {year}-{month:02}, which has days 1 to {last}"
            ));
        }
        Ok(Date {
            year: u16::try_from(year).map_err(|_| format!("year {year} is outside 1 to 9999"))?,
            month: u8::try_from(month).map_err(|_| format!("month {month} is outside 1 to 12"))?,
            day: u8::try_from(day).map_err(|_| format!("day {day} is out of range"))?,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The number of days in this date's month.
    pub fn days_in_month(self) -> u32 {
        days_in_month(i64::from(self.year), u32::from(self.month))
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if it is within years 1 to 9999.
    pub fn from_days(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(
            i32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        )
        .ok()
    }

    /// Days from `self` to `other`: positive when `other` is later.
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// The date `days` later (earlier when negative), if within years 1 to
    /// 9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(days)?)
    }

    /// The first day of the month `months` after this date's month (before,
    /// when negative), if within years 1 to 9999.
    pub fn add_months_to_first(self, months: i64) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
        Date::new(year, month, 1).ok()
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date; write it as YYYY-MM-DD, such as 2026-02-15");
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, String> {
            let part = s.get(r).ok_or_else(bad)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let year = i32::try_from(num(0..4)?).map_err(|_| bad())?;
        Date::new(year, num(5..7)?, num(8..10)?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

struct DateVisitor;

/// The key under which `toml` hands over a datetime value.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date such as 2026-02-15")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == TOML_DATETIME_KEY => {
                let text: String = map.next_value()?;
                text.parse().map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for days in [-719_162, -1, 0, 1, 20_454, 2_932_896] {
            let d = Date::from_days(days).unwrap();
            assert_eq!(d.to_days(), days, "{d}");
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::from_days(-719_163), None); // 0000-12-31
        assert_eq!(Date::new(9999, 12, 31).unwrap().add_days(1), None);
    }

    #[test]
    fn quarters_have_exact_day_counts() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("2026-01-01").days_until(d("2026-03-31")) + 1, 90);
        assert_eq!(d("2024-01-01").days_until(d("2024-03-31")) + 1, 91);
        assert_eq!(
            d("2026-11-15").add_months_to_first(3),
            Some(d("2027-02-01"))
        );
        assert_eq!(
            d("2026-01-31").add_months_to_first(-1),
            Some(d("2025-12-01"))
        );
    }

    #[test]
    fn toml_dates_and_strings_deserialize() {
        #[derive(Debug, Deserialize)]
        struct Doc {
            a: Date,
            b: Date,
        }
        let doc: Doc = toml::from_str("a = 2026-02-15\nb = \"2026-07-01\"\n").unwrap();
        assert_eq!(doc.a.to_string(), "2026-02-15");
        assert_eq!(doc.b, Date::new(2026, 7, 1).unwrap());
        assert!(toml::from_str::<Doc>("a = 2026-02-15T10:00:00\nb = 2026-07-01\n").is_err());
        assert!(toml::from_str::<Doc>("a = 2026-02-30\nb = 2026-07-01\n").is_err());
    }
}

/// Dates from and to `chrono` (feature `chrono`).
///
/// # Example
///
/// ```
/// use incentive::Date;
///
/// let hired = chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
/// let d = Date::try_from(hired)?;
/// assert_eq!(d.to_string(), "2026-03-16");
/// assert_eq!(chrono::NaiveDate::try_from(d)?, hired);
/// // Outside the years 1 to 9999 a date is refused, never clamped.
/// assert!(Date::try_from(chrono::NaiveDate::from_ymd_opt(-5, 1, 1).unwrap()).is_err());
/// # Ok::<(), String>(())
/// ```
#[cfg(feature = "chrono")]
mod with_chrono {
    use chrono::Datelike;

    use super::Date;

    impl TryFrom<chrono::NaiveDate> for Date {
        type Error = String;

        fn try_from(d: chrono::NaiveDate) -> Result<Date, String> {
            Date::new(d.year(), d.month(), d.day())
        }
    }

    impl TryFrom<Date> for chrono::NaiveDate {
        type Error = String;

        fn try_from(d: Date) -> Result<chrono::NaiveDate, String> {
            chrono::NaiveDate::from_ymd_opt(d.year(), d.month(), d.day())
                .ok_or_else(|| format!("{d} is outside chrono's calendar"))
        }
    }
}

/// Dates from and to `time` (feature `time`).
///
/// # Example
///
/// ```
/// use incentive::Date;
///
/// let hired = time::Date::from_calendar_date(2026, time::Month::March, 16).unwrap();
/// let d = Date::try_from(hired)?;
/// assert_eq!(d.to_string(), "2026-03-16");
/// assert_eq!(time::Date::try_from(d)?, hired);
/// # Ok::<(), String>(())
/// ```
#[cfg(feature = "time")]
mod with_time {
    use super::Date;

    impl TryFrom<time::Date> for Date {
        type Error = String;

        fn try_from(d: time::Date) -> Result<Date, String> {
            Date::new(d.year(), u32::from(u8::from(d.month())), u32::from(d.day()))
        }
    }

    impl TryFrom<Date> for time::Date {
        type Error = String;

        fn try_from(d: Date) -> Result<time::Date, String> {
            let out = || format!("{d} is outside time's calendar");
            let month = u8::try_from(d.month())
                .ok()
                .and_then(|m| time::Month::try_from(m).ok())
                .ok_or_else(out)?;
            let day = u8::try_from(d.day()).map_err(|_| out())?;
            time::Date::from_calendar_date(d.year(), month, day).map_err(|_| out())
        }
    }
}

/// Dates from and to `jiff` (feature `jiff`).
///
/// # Example
///
/// ```
/// use incentive::Date;
///
/// let hired = jiff::civil::date(2026, 3, 16);
/// let d = Date::try_from(hired)?;
/// assert_eq!(d.to_string(), "2026-03-16");
/// assert_eq!(jiff::civil::Date::try_from(d)?, hired);
/// # Ok::<(), String>(())
/// ```
#[cfg(feature = "jiff")]
mod with_jiff {
    use super::Date;

    impl TryFrom<jiff::civil::Date> for Date {
        type Error = String;

        fn try_from(d: jiff::civil::Date) -> Result<Date, String> {
            let part = |v: i8| u32::try_from(v).map_err(|_| format!("{d} is not a calendar date"));
            Date::new(i32::from(d.year()), part(d.month())?, part(d.day())?)
        }
    }

    impl TryFrom<Date> for jiff::civil::Date {
        type Error = String;

        fn try_from(d: Date) -> Result<jiff::civil::Date, String> {
            let out = || format!("{d} is outside jiff's calendar");
            let year = i16::try_from(d.year()).map_err(|_| out())?;
            let month = i8::try_from(d.month()).map_err(|_| out())?;
            let day = i8::try_from(d.day()).map_err(|_| out())?;
            jiff::civil::Date::new(year, month, day).map_err(|_| out())
        }
    }
}
