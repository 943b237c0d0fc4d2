//! The daily work log (日常工作) and the analysis meetings it plans: the
//! routines follow the office calendar, with a few deliberate misses the
//! internal grid should show.

use chrono::{Datelike, Weekday};

use super::estate::Estate;
use super::records::{CS_STAFF, MANAGER, Meeting, SERVICE_MANAGER, Ticket};
use super::rng::{Rng, T_MEET, T_ROUTINE};
use super::time::{DAY, Month, date_of};
use super::words::MEETING_FOCUS;

/// One line of `worklog.yaml`.
#[derive(Debug)]
pub(super) struct Worklog {
    pub(super) day: i64,
    pub(super) kind: &'static str,
    pub(super) by: &'static str,
    pub(super) tickets: Vec<String>,
    pub(super) notes: String,
}

/// Days the office closes for the statutory holidays (国庆, 元旦, 春节):
/// the weekly routines move to another day of the week or are skipped.
const CLOSED: &[(i32, u32, u32)] = &[
    (2025, 10, 1),
    (2025, 10, 2),
    (2025, 10, 3),
    (2025, 10, 6),
    (2025, 10, 7),
    (2026, 1, 1),
    (2026, 2, 16),
    (2026, 2, 17),
    (2026, 2, 18),
    (2026, 2, 19),
    (2026, 2, 20),
    (2026, 10, 1),
    (2026, 10, 2),
    (2026, 10, 5),
    (2026, 10, 6),
    (2026, 10, 7),
];

/// Holidays on which nobody cleared the day's tickets (the duty clerk does on the others).
const NO_CLEARING: &[(i32, u32, u32)] = &[(2025, 10, 2), (2026, 2, 17), (2026, 2, 18), (2026, 10, 2), (2026, 10, 3)];

/// The week whose unit-register update was forgotten (its Monday).
const MISSED_UPDATE_WEEK: (i32, u32, u32) = (2026, 4, 20);
/// The week whose tracking of open tickets was forgotten (its Monday).
const MISSED_TRACKING_WEEK: (i32, u32, u32) = (2026, 7, 13);

fn is_day(day: i64, list: &[(i32, u32, u32)]) -> bool {
    let d = date_of(day);
    list.contains(&(d.year(), d.month(), d.day()))
}

/// The day of the week (0 = Monday) a weekly routine is done in the week
/// starting `monday`: `preferred`, else the nearest earlier open weekday,
/// else a later open day of the week, else none (the whole week closed).
fn weekly_day(monday: i64, preferred: i64) -> Option<i64> {
    let open = |k: i64| !is_day(monday + k, CLOSED);
    (0..=preferred).rev().chain(preferred + 1..7).find(|&k| open(k)).map(|k| monday + k)
}

impl Estate {
    /// When online-platform tickets were keyed in (the same day, now and
    /// then the next morning), and the odd night ticket keyed in two days
    /// late. Own random stream, so the other records do not change.
    pub(super) fn entry_times(&self, mon: &Month, tickets: &mut [Ticket]) {
        let mut r = Rng::new(self.seed, &[T_ROUTINE, 1, mon.idx as u64]);
        for t in tickets.iter_mut() {
            if t.channel == "网络平台" {
                let day = t.at.div_euclid(DAY);
                let at = if r.chance(9300) {
                    (t.at + r.range(5, 90)).min(day * DAY + DAY - 1)
                } else {
                    (day + 1) * DAY + 9 * 60 + r.range(0, 60)
                };
                t.entered = Some(at).filter(|a| *a <= self.now && t.done.is_none_or(|d| d >= *a));
            } else if t.channel == "夜间监控中心" && t.entered.is_some() && r.chance(300) {
                let late = (t.at.div_euclid(DAY) + 2) * DAY + 10 * 60 + r.range(0, 120);
                if late <= self.now && t.done.is_none_or(|d| d >= late) {
                    t.entered = Some(late);
                }
            }
        }
    }

    /// `worklog.yaml` of a month: the daily clean-up (a few days missed,
    /// holidays among them), weekly tracking of open tickets (Fridays) and
    /// weekly unit-register updates (Wednesdays), with one forgotten week each.
    pub(super) fn worklogs(&self, mon: &Month, tickets: &[Ticket]) -> Vec<Worklog> {
        let mut out = Vec::new();
        for d in 1..=mon.last {
            let day = mon.day(d);
            let monday = day - i64::from(date_of(day).weekday().num_days_from_monday());
            let mut r = Rng::new(self.seed, &[T_ROUTINE, 2, day as u64]);
            let end = (day + 1) * DAY;
            if !is_day(day, NO_CLEARING) && !r.chance(120) {
                let new = tickets.iter().filter(|t| t.at.div_euclid(DAY) == day).count();
                let done = tickets.iter().filter(|t| t.done.is_some_and(|x| x.div_euclid(DAY) == day)).count();
                out.push(Worklog {
                    day,
                    kind: "报事日清",
                    by: CS_STAFF[(day % CS_STAFF.len() as i64) as usize],
                    tickets: Vec::new(),
                    notes: format!("当日新增报事{new}件，完结{done}件，未完结的次日早会通报"),
                });
            }
            if weekly_day(monday, 4) == Some(day) && !is_day(monday, &[MISSED_TRACKING_WEEK]) {
                let open: Vec<String> = tickets
                    .iter()
                    .filter(|t| t.at < day * DAY + 9 * 60 && t.done.is_none_or(|x| x >= end))
                    .map(|t| t.id.clone())
                    .collect();
                let n = open.len();
                out.push(Worklog {
                    day,
                    kind: "未完报事跟踪",
                    by: CS_STAFF[0],
                    tickets: open.into_iter().take(6).collect(),
                    notes: format!("本月未完报事{n}件，逐件与工程部核对进度并记录"),
                });
            }
            if weekly_day(monday, 2) == Some(day) && !is_day(monday, &[MISSED_UPDATE_WEEK]) {
                out.push(Worklog {
                    day,
                    kind: "房屋信息更新",
                    by: CS_STAFF[2],
                    tickets: Vec::new(),
                    notes: format!("与租售中心核对本周房屋、车位转让租赁信息，更新{}户", r.range(0, 6)),
                });
            }
        }
        out
    }

    /// Meetings that name the month they analyse: a 报事分析会 missed at the
    /// end of last month is held early this month about it; the half-yearly
    /// 客户细分评估会 in late June, and in early January about December.
    pub(super) fn meetings_about(&self, mon: &Month) -> Vec<Meeting> {
        let mut out = Vec::new();
        let first_workday =
            |from: u32| (from..=mon.last).find(|&d| !is_weekend(mon.day(d)) && !is_day(mon.day(d), CLOSED));
        let prev = mon.idx.checked_sub(1).map(|i| &self.months[i]);
        if let Some(p) = prev
            && !self.analysis_plan(p).1
            && let Some(d) = first_workday(3)
        {
            out.push(Meeting {
                day: mon.day(d),
                kind: "报事分析会",
                about: Some((p.y, p.m)),
                chair: MANAGER,
                notes: format!("补开{}月报事分析会：逐件复盘上月未完报事，明确责任人", p.m),
            });
        }
        let segmentation = match mon.m {
            6 => first_workday(22).map(|d| (d, None)),
            1 => first_workday(8).map(|d| (d, Some((mon.y - 1, 12)))),
            _ => None,
        };
        if let Some((d, about)) = segmentation {
            out.push(Meeting {
                day: mon.day(d),
                kind: "客户细分评估会",
                about,
                chair: SERVICE_MANAGER,
                notes: "按入住、空置、装修及欠费情况对业主分类评估，更新客户背景资料".to_string(),
            });
        }
        out
    }

    /// The end-of-month analysis meetings as [`Estate::meetings`] draws them:
    /// (day of month, 报事分析会 held, 投诉分析会 held). Same draws, same order.
    pub(super) fn analysis_plan(&self, mon: &Month) -> (u32, bool, bool) {
        let mut r = Rng::new(self.seed, &[T_MEET, mon.idx as u64]);
        let first_monday = (1..=7).find(|&d| date_of(mon.day(d)).weekday() == Weekday::Mon).unwrap_or(1);
        if first_monday <= mon.last {
            r.pick(MEETING_FOCUS);
        }
        let late = (mon.dim - 5 + r.below(4) as u32).min(mon.last);
        if late <= first_monday {
            return (late, false, false);
        }
        let ticket = !r.chance(700);
        let complaint = !r.chance(700);
        (late, ticket, complaint)
    }
}

fn is_weekend(day: i64) -> bool {
    matches!(date_of(day).weekday(), Weekday::Sat | Weekday::Sun)
}
