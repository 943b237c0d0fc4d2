//! The counts behind the work standard's routine rows (客服日常工作): daily
//! clean-up, night and online-platform ticket entry, weekly tracking of open
//! tickets, the half-yearly segmentation review and the weekly unit-register
//! update. `wuye kpi` prints them as `routines`, so every judgment of the
//! grid can be recomputed by hand from the same integers.
//!
//! Weeks run Monday–Sunday and belong to the period in which they end
//! (their Sunday): a week from 28 September to 4 October is October's.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

use super::Ratio;
use crate::records::{Estate, MeetingKind, WorklogKind};
use crate::scalars::Month;

/// The channel whose tickets the night monitoring centre takes (夜间报事).
pub const NIGHT_CHANNEL: &str = "夜间监控中心";
/// The channel of owners' posts on online platforms (网络平台).
pub const ONLINE_CHANNEL: &str = "网络平台";

/// Every routine count of one period.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RoutineKpi {
    /// 报事每日清理: days with a 报事日清 worklog.
    pub daily_clearing: DailyKpi,
    /// 夜间报事录入: night tickets entered by the end of the next day.
    pub night_entry: EntryKpi,
    /// 未完报事跟踪: weeks with open tickets that were tracked.
    pub open_tracking: TrackingKpi,
    /// 网络平台客户问题: online tickets entered the same day.
    pub online_entry: EntryKpi,
    /// 客户细分评估: meetings in the half-year of the period's last day.
    pub segmentation: SegmentationKpi,
    /// 房屋、车位转让租赁信息更新: weeks with an update.
    pub unit_info: UnitInfoKpi,
}

/// Days of the period and the days with a 报事日清 line.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DailyKpi {
    /// Days in the period (to date when running).
    pub days: u64,
    /// Of those, days with at least one 报事日清 worklog.
    pub days_logged: u64,
    /// days_logged / days.
    pub rate: Option<f64>,
    /// The days without one, ascending.
    pub missing_days: Vec<NaiveDate>,
}

impl DailyKpi {
    /// days logged / days.
    pub fn ratio(&self) -> Ratio {
        Ratio::counts(self.days_logged, self.days)
    }
}

/// Tickets of one channel reported in the period and when they were keyed in.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EntryKpi {
    /// Tickets of the channel reported in the period.
    pub tickets: u64,
    /// Of those, the ones that record `entered_at`.
    pub with_entered_at: u64,
    /// Of those, entered in time.
    pub on_time: u64,
    /// on_time / with_entered_at (null when none records `entered_at`).
    pub rate: Option<f64>,
    /// Ids of the late ones, in order of `reported_at`.
    pub late: Vec<String>,
}

impl EntryKpi {
    /// on time / with entered_at.
    pub fn ratio(&self) -> Ratio {
        Ratio::counts(self.on_time, self.with_entered_at)
    }
}

/// Weeks ending in the period that began with open tickets, and which were tracked.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TrackingKpi {
    /// Weeks (Monday–Sunday) ending in the period.
    pub weeks: u64,
    /// Of those, weeks with open tickets at Monday 00:00.
    pub weeks_with_open: u64,
    /// Of those, weeks with a 未完报事跟踪 worklog dated in the week.
    pub weeks_tracked: u64,
    /// weeks_tracked / weeks_with_open (null when no week had open tickets).
    pub rate: Option<f64>,
    /// Mondays of the weeks with open tickets and no tracking.
    pub missing_weeks: Vec<NaiveDate>,
}

impl TrackingKpi {
    /// weeks tracked / weeks with open tickets.
    pub fn ratio(&self) -> Ratio {
        Ratio::counts(self.weeks_tracked, self.weeks_with_open)
    }
}

/// Weeks ending in the period, and which had a 房屋信息更新 line.
#[derive(Clone, Debug, Default, Serialize)]
pub struct UnitInfoKpi {
    /// Weeks (Monday–Sunday) ending in the period.
    pub weeks: u64,
    /// Of those, weeks with a 房屋信息更新 worklog dated in the week.
    pub weeks_updated: u64,
    /// weeks_updated / weeks.
    pub rate: Option<f64>,
    /// Mondays of the weeks without one.
    pub missing_weeks: Vec<NaiveDate>,
}

impl UnitInfoKpi {
    /// weeks updated / weeks.
    pub fn ratio(&self) -> Ratio {
        Ratio::counts(self.weeks_updated, self.weeks)
    }
}

/// 客户细分评估会 of the half-year that holds the period's last day.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SegmentationKpi {
    /// `2026-H2`.
    pub half_year: String,
    /// Meetings credited (by `about`) to a month of that half-year.
    pub meetings: u64,
    /// Their dates, ascending.
    pub dates: Vec<NaiveDate>,
}

/// One ticket of a watched channel.
#[derive(Clone, Debug)]
struct Entry {
    reported_at: NaiveDateTime,
    entered_at: Option<NaiveDateTime>,
    id: String,
}

/// Per-record facts the routine counts need, gathered once per estate.
#[derive(Clone, Debug, Default)]
pub struct RoutineIndex {
    clearing_days: BTreeSet<NaiveDate>,
    tracking_weeks: BTreeSet<NaiveDate>,
    unit_weeks: BTreeSet<NaiveDate>,
    night: Vec<Entry>,
    online: Vec<Entry>,
    /// (credited month, date) of each 客户细分评估会.
    segmentation: Vec<(Month, NaiveDate)>,
}

/// The Monday of the week holding `d`.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// The half-year (1 or 2) of a month.
pub fn half_of(m: Month) -> u32 {
    if m.month <= 6 { 1 } else { 2 }
}

/// Whether a night ticket was keyed in by the end of the day after it was reported.
pub fn night_on_time(reported_at: NaiveDateTime, entered_at: NaiveDateTime) -> bool {
    entered_at.date() <= reported_at.date().succ_opt().unwrap_or(NaiveDate::MAX)
}

/// Whether an online-platform ticket was keyed in on the day it was reported.
pub fn online_on_time(reported_at: NaiveDateTime, entered_at: NaiveDateTime) -> bool {
    entered_at.date() <= reported_at.date()
}

impl RoutineIndex {
    /// Gathers the facts: one pass over worklogs, tickets and meetings.
    pub fn new(estate: &Estate) -> RoutineIndex {
        let r = &estate.records;
        let mut ix = RoutineIndex::default();
        for w in &r.worklogs {
            match w.kind {
                WorklogKind::DailyClearing => ix.clearing_days.insert(w.date),
                WorklogKind::OpenTracking => ix.tracking_weeks.insert(monday_of(w.date)),
                WorklogKind::UnitInfo => ix.unit_weeks.insert(monday_of(w.date)),
            };
        }
        for t in &r.tickets {
            let list = match t.channel.as_str() {
                NIGHT_CHANNEL => &mut ix.night,
                ONLINE_CHANNEL => &mut ix.online,
                _ => continue,
            };
            list.push(Entry { reported_at: t.reported_at, entered_at: t.entered_at, id: t.id.value.clone() });
        }
        for list in [&mut ix.night, &mut ix.online] {
            list.sort_by(|a, b| (a.reported_at, &a.id).cmp(&(b.reported_at, &b.id)));
        }
        ix.segmentation =
            r.meetings.iter().filter(|m| m.kind == MeetingKind::Segmentation).map(|m| (m.about, m.date)).collect();
        ix.segmentation.sort();
        ix
    }

    /// The counts over `start` (first day) to `end` (exclusive: the day after
    /// the last day counted). `reported` and `completed` are every ticket's
    /// `reported_at` and `completed_at`, sorted (open tickets at an instant
    /// are those reported before it less those completed before it).
    /// Meetings dated after `as_of` (when given) are not counted yet.
    pub fn compute(
        &self,
        start: NaiveDate,
        end: NaiveDate,
        as_of: Option<NaiveDate>,
        reported: &[NaiveDateTime],
        completed: &[NaiveDateTime],
    ) -> RoutineKpi {
        let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d < end).collect();
        let missing_days: Vec<NaiveDate> = days.iter().copied().filter(|d| !self.clearing_days.contains(d)).collect();
        let daily = DailyKpi {
            days: days.len() as u64,
            days_logged: (days.len() - missing_days.len()) as u64,
            rate: None,
            missing_days,
        };
        // Weeks ending (on a Sunday) inside the period.
        let mondays: Vec<NaiveDate> = days
            .iter()
            .filter(|d| d.weekday() == Weekday::Sun)
            .filter_map(|d| d.checked_sub_days(Days::new(6)))
            .collect();
        let open_at = |t: NaiveDateTime| {
            reported.partition_point(|x| *x < t).saturating_sub(completed.partition_point(|x| *x < t))
        };
        let with_open: Vec<NaiveDate> =
            mondays.iter().copied().filter(|m| open_at(m.and_time(chrono::NaiveTime::MIN)) > 0).collect();
        let untracked: Vec<NaiveDate> =
            with_open.iter().copied().filter(|m| !self.tracking_weeks.contains(m)).collect();
        let tracking = TrackingKpi {
            weeks: mondays.len() as u64,
            weeks_with_open: with_open.len() as u64,
            weeks_tracked: (with_open.len() - untracked.len()) as u64,
            rate: None,
            missing_weeks: untracked,
        };
        let no_update: Vec<NaiveDate> = mondays.iter().copied().filter(|m| !self.unit_weeks.contains(m)).collect();
        let unit_info = UnitInfoKpi {
            weeks: mondays.len() as u64,
            weeks_updated: (mondays.len() - no_update.len()) as u64,
            rate: None,
            missing_weeks: no_update,
        };
        let (from, to) = (start.and_time(chrono::NaiveTime::MIN), end.and_time(chrono::NaiveTime::MIN));
        let mut k = RoutineKpi {
            daily_clearing: daily,
            night_entry: entries(&self.night, from, to, night_on_time),
            open_tracking: tracking,
            online_entry: entries(&self.online, from, to, online_on_time),
            segmentation: self.segmentation(end.pred_opt().unwrap_or(end), as_of),
            unit_info,
        };
        k.daily_clearing.rate = k.daily_clearing.ratio().rate();
        k.night_entry.rate = k.night_entry.ratio().rate();
        k.online_entry.rate = k.online_entry.ratio().rate();
        k.open_tracking.rate = k.open_tracking.ratio().rate();
        k.unit_info.rate = k.unit_info.ratio().rate();
        k
    }

    /// The 客户细分评估会 credited to the half-year holding `last`, held by `as_of`.
    fn segmentation(&self, last: NaiveDate, as_of: Option<NaiveDate>) -> SegmentationKpi {
        let m = Month::of(last);
        let half = half_of(m);
        let dates: Vec<NaiveDate> = self
            .segmentation
            .iter()
            .filter(|(about, date)| about.year == m.year && half_of(*about) == half && as_of.is_none_or(|d| *date <= d))
            .map(|(_, d)| *d)
            .collect();
        SegmentationKpi { half_year: format!("{}-H{half}", m.year), meetings: dates.len() as u64, dates }
    }
}

/// The tickets of one channel reported in [from, to), judged by `on_time`.
fn entries(
    list: &[Entry],
    from: NaiveDateTime,
    to: NaiveDateTime,
    on_time: fn(NaiveDateTime, NaiveDateTime) -> bool,
) -> EntryKpi {
    let (a, b) = (list.partition_point(|e| e.reported_at < from), list.partition_point(|e| e.reported_at < to));
    let mut k = EntryKpi::default();
    for e in &list[a..b.max(a)] {
        k.tickets += 1;
        if let Some(at) = e.entered_at {
            k.with_entered_at += 1;
            if on_time(e.reported_at, at) {
                k.on_time += 1;
            } else {
                k.late.push(e.id.clone());
            }
        }
    }
    k
}
