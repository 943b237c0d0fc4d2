//! Time in the demo: day numbers (days from the common era), minute
//! numbers, office hours, and the demo's months.

use std::fmt::{self, Display};

use chrono::{Datelike, NaiveDate};

use super::rng::Rng;

pub(super) const DAY: i64 = 1440;

pub(super) fn date_of(days: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days as i32).expect("demo dates stay within chrono's range")
}

pub(super) fn days_of(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

pub(super) fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    let first = NaiveDate::from_ymd_opt(y, m, 1);
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 30,
    }
}

/// Moves a time outside office hours (before 08:00 or from 21:00) to the next morning.
pub(super) fn office(t: i64, r: &mut Rng) -> i64 {
    let m = t.rem_euclid(DAY);
    let day = t.div_euclid(DAY);
    if m < 8 * 60 {
        day * DAY + 8 * 60 + 20 + r.range(0, 100)
    } else if m >= 21 * 60 {
        (day + 1) * DAY + 8 * 60 + 20 + r.range(0, 100)
    } else {
        t
    }
}

/// One month of the demo.
#[derive(Clone, Debug)]
pub(super) struct Month {
    pub(super) idx: usize,
    pub(super) y: i32,
    pub(super) m: u32,
    /// Day number of the 1st.
    pub(super) first: i64,
    /// Days in the month.
    pub(super) dim: u32,
    /// Last day with records (the 27th in the last month).
    pub(super) last: u32,
}

impl Month {
    pub(super) fn label(&self) -> String {
        format!("{:04}-{:02}", self.y, self.m)
    }

    pub(super) fn day(&self, d: u32) -> i64 {
        self.first + i64::from(d) - 1
    }

    /// A day number in 1..=last, weighted towards the start when `early`.
    pub(super) fn any_day(&self, r: &mut Rng, early: bool) -> u32 {
        let n = u64::from(self.last);
        let d = if early { r.below(n).min(r.below(n)) } else { r.below(n) };
        d as u32 + 1
    }
}

/// A day number (days from the common era) as `YYYY-MM-DD`.
#[derive(Clone, Copy)]
pub(super) struct Ymd(pub(super) i64);

impl Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = date_of(self.0);
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

/// A minute number (minutes from the common era) as `YYYY-MM-DD HH:MM`.
#[derive(Clone, Copy)]
pub(super) struct Hm(pub(super) i64);

impl Display for Hm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0.rem_euclid(DAY);
        write!(f, "{} {:02}:{:02}", Ymd(self.0.div_euclid(DAY)), m / 60, m % 60)
    }
}
