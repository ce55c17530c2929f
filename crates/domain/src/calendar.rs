//! Dates as UCP 600 reads them: banking days (art. 29(a)) and the art. 3 interpretations.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The presentation bank is open: not a Saturday or Sunday, and not one of the dates the
/// credit lists as closed (document-set.md: `lc.bank_closed_dates`).
pub fn is_banking_day(d: NaiveDate, closed: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !closed.contains(&d)
}

/// The day itself if the bank is open, else the next banking day (UCP 600 art. 29(a):
/// an expiry date or last day for presentation that falls on a closed day is extended).
/// `None` when that day would lie beyond the last date the calendar can hold.
pub fn next_banking_day(d: NaiveDate, closed: &[NaiveDate]) -> Option<NaiveDate> {
    let mut day = d;
    while !is_banking_day(day, closed) {
        day = day.checked_add_days(Days::new(1))?;
    }
    Some(day)
}

/// The `n`th banking day after `d` (`d` itself not counted): how UCP 600 art. 14(b) counts
/// a bank's examination days. `None` beyond the last date the calendar can hold.
pub fn add_banking_days(d: NaiveDate, n: u32, closed: &[NaiveDate]) -> Option<NaiveDate> {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day.checked_add_days(Days::new(1))?;
        if is_banking_day(day, closed) {
            left -= 1;
        }
    }
    Some(day)
}

/// `d` plus `n` calendar days; `None` beyond the last date the calendar can hold.
pub fn add_days(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(u64::from(n)))
}

/// `d` minus `n` calendar days; `None` before the first date the calendar can hold.
pub fn sub_days(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(u64::from(n)))
}

/// "On or about" a date: five calendar days before until five after, both included
/// (UCP 600 art. 3); `None` at the ends of the calendar.
pub fn on_or_about(d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    Some((sub_days(d, 5)?, add_days(d, 5)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_banking_days_after_a_thursday_skip_the_weekend() {
        let thu = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(
            add_banking_days(thu, 5, &[]),
            NaiveDate::from_ymd_opt(2026, 11, 12)
        );
        let closed = [NaiveDate::from_ymd_opt(2026, 11, 9).unwrap()];
        assert_eq!(
            add_banking_days(thu, 5, &closed),
            NaiveDate::from_ymd_opt(2026, 11, 13)
        );
        assert_eq!(add_banking_days(thu, 0, &[]), Some(thu));
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_weekend_or_closed_day_moves_to_the_next_banking_day() {
        assert_eq!(next_banking_day(d("2025-11-01"), &[]), Some(d("2025-11-03"))); // Saturday
        assert_eq!(next_banking_day(d("2025-11-03"), &[]), Some(d("2025-11-03")));
        assert_eq!(
            next_banking_day(d("2025-11-03"), &[d("2025-11-03")]),
            Some(d("2025-11-04"))
        );
        assert_eq!(
            on_or_about(d("2025-10-10")),
            Some((d("2025-10-05"), d("2025-10-15")))
        );
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_panic() {
        assert_eq!(add_days(d("2025-10-15"), 4_000_000_000), None);
        assert_eq!(add_days(NaiveDate::MAX, 1), None);
        assert_eq!(sub_days(NaiveDate::MIN, 1), None);
        assert_eq!(on_or_about(NaiveDate::MAX), None);
        // The last day of the calendar closed: no next banking day.
        let last = NaiveDate::MAX;
        assert_eq!(next_banking_day(last, &[last]), None);
    }
}
