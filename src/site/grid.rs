//! The work-standard grid (项目客服部日常工作标准) of one year: the seed
//! table's 15 rows, one column per month, each cell judged from records by
//! the rule written in the row's 判定方法 column.
//!
//! Time follows the periods-in-progress rules: a month (or the quarter or
//! half-year a cell stands for) that has not ended by the as-of day shows a
//! neutral 进行中 mark, never ✗ or ◎; months not begun are blank. Meetings
//! count for the month they analyse (`about`) once they have been held.
//! A missed cell states its shortfall in its tooltip and in a numbered note
//! under the table, so the printed page says what was missing, not only ✗.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::internal::{css_string, grid_path, month_path, pick};
use super::kpis::{PeriodFigures, pro_rata};
use super::strings::tr;
use super::{Ctx, format};
use crate::i18n::Lang;
use crate::kpi::routines::{EntryKpi, RoutineKpi};
use crate::kpi::{DASH, PeriodKpi, Ratio};
use crate::records::{Estate, MeetingKind, Quarter};
use crate::scalars::Month;

/// A cell of the work-standard grid.
#[derive(Clone, Debug, Serialize)]
pub struct GridCell {
    /// `◎`, `✗`, `—`, the 进行中 mark or empty.
    pub mark: &'static str,
    /// CSS class: `met`, `missed`, `na`, `running`, `blank`.
    pub class: &'static str,
    /// Why (figure against target, or the shortfall), for the tooltip.
    pub why: String,
    /// Number of the note under the table that states the shortfall.
    pub note: Option<usize>,
}

/// A row of the grid: one standard.
#[derive(Clone, Debug, Serialize)]
pub struct GridRow {
    /// 序号.
    pub no: usize,
    /// 类别 (报事, 投诉, 客户关系, 品质).
    pub group: String,
    /// 主要工作内容.
    pub work: String,
    /// 最低频次.
    pub frequency: String,
    /// 判定方法: how a month is judged.
    pub rule: String,
    /// Twelve cells.
    pub cells: Vec<GridCell>,
}

/// A numbered note under the table: one missed cell's shortfall.
#[derive(Clone, Debug, Serialize)]
pub struct GridNote {
    /// The number the cell shows.
    pub no: usize,
    /// Row and month (`1 · 10月`).
    pub place: String,
    /// The shortfall.
    pub text: String,
}

/// The grid page of one year.
#[derive(Clone, Debug, Serialize)]
pub struct GridView {
    /// Year.
    pub year: i32,
    /// The page heading.
    pub heading: String,
    /// Print header text (CSS string).
    pub print_header: String,
    /// Rows.
    pub rows: Vec<GridRow>,
    /// Month headers with links to the month's page when it exists.
    pub months: Vec<GridMonth>,
    /// The shortfalls of the missed cells, numbered.
    pub notes: Vec<GridNote>,
    /// Previous year's grid.
    pub prev: Option<String>,
    /// Next year's grid.
    pub next: Option<String>,
}

/// A month column header.
#[derive(Clone, Debug, Serialize)]
pub struct GridMonth {
    /// 1–12.
    pub number: u32,
    /// `10月`, `Oct`.
    pub label: String,
    /// Link to the monthly page, when there is one.
    pub path: Option<String>,
}

fn cell(mark: Option<bool>, why: String) -> GridCell {
    match mark {
        Some(true) => GridCell { mark: "◎", class: "met", why, note: None },
        Some(false) => GridCell { mark: "✗", class: "missed", why, note: None },
        None => GridCell { mark: "—", class: "na", why, note: None },
    }
}

fn blank() -> GridCell {
    GridCell { mark: "", class: "blank", why: String::new(), note: None }
}

/// How far a month has come by the as-of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not begun, or before the estate's first records: a blank cell.
    Blank,
    /// Begun, not ended (the as-of day is not its last day): 进行中.
    Running,
    /// Ended: judged.
    Ended,
}

/// The as-of day and everything a cell's judgment reads.
struct Judge<'a> {
    l: Lang,
    cx: &'a Ctx<'a>,
    kpis: &'a PeriodFigures<'a>,
}

fn meets_pro_rata(r: Ratio, target: f64, m: Month) -> Option<bool> {
    // num/den >= target × m/12, with a little slack for the float target.
    r.rate().map(|v| v + 1e-12 >= pro_rata(target, m))
}

fn rate_why(l: Lang, name: [&str; 2], r: Ratio, target: f64) -> String {
    let name = pick(l, name);
    let value = r.percent().unwrap_or_else(|| tr!(l, "无可计算数据", "no data to compute"));
    let target = format!("{:.1}", target * 100.0);
    tr!(l, "{name} {value}，目标 {target}%", "{name} {value}, target {target}%")
}

/// `10月2日` / `2 Oct`.
pub fn day_label(l: Lang, d: NaiveDate) -> String {
    match l {
        Lang::Zh => format!("{}月{}日", d.month(), d.day()),
        Lang::En => format!("{} {}", d.day(), format::month_label(l, d.month())),
    }
}

/// A week by its Monday: `9月28日–10月4日` / `28 Sep–4 Oct`.
pub fn week_label(l: Lang, monday: NaiveDate) -> String {
    let sunday = monday + chrono::Days::new(6);
    format!("{}–{}", day_label(l, monday), day_label(l, sunday))
}

/// A list joined for reading, at most `max` items then "等 n 项".
pub fn list(l: Lang, items: &[String], max: usize) -> String {
    let sep = tr!(l, "、", ", ");
    let mut s = items.iter().take(max).cloned().collect::<Vec<_>>().join(&sep);
    if items.len() > max {
        let n = items.len();
        s.push_str(&tr!(l, " 等 {n} 项", " and others ({n} in all)"));
    }
    s
}

/// Most items a tooltip or note lists before "等".
const LIST_MAX: usize = 12;

/// The shortfall of the daily clean-up: `缺 3 天：10月2日、10月3日、10月17日`.
pub fn daily_shortfall(l: Lang, k: &RoutineKpi) -> String {
    let d = &k.daily_clearing;
    let n = d.missing_days.len();
    let days: Vec<String> = d.missing_days.iter().map(|x| day_label(l, *x)).collect();
    let days = list(l, &days, LIST_MAX);
    tr!(l, "缺 {n} 天：{days}", "{n} days missing: {days}")
}

/// The late entries of a channel: `2 条夜间报事次日后录入：BS-…`.
pub fn entry_shortfall(l: Lang, e: &EntryKpi, what: [&str; 2]) -> String {
    let n = e.late.len();
    let ids = list(l, &e.late, LIST_MAX);
    let what = pick(l, what);
    tr!(l, "{n} 条{what}：{ids}", "{n} {what}: {ids}")
}

/// Missing weeks: `缺 1 周：9月28日–10月4日`.
pub fn weeks_shortfall(l: Lang, weeks: &[NaiveDate]) -> String {
    let n = weeks.len();
    let w: Vec<String> = weeks.iter().map(|m| week_label(l, *m)).collect();
    let w = list(l, &w, LIST_MAX);
    tr!(l, "缺 {n} 周：{w}", "{n} weeks missing: {w}")
}

/// Late night entries, as the grid and the month page say it.
pub const NIGHT_LATE: [&str; 2] = ["夜间报事次日后录入", "night requests entered after the next day"];
/// Late online entries.
pub const ONLINE_LATE: [&str; 2] = ["网络平台报事未当天录入", "online-platform requests not entered the same day"];

/// Whether a meeting of `kind` analysing month `m` has been held by `today`
/// (credited by `about`, default the month of its date).
pub fn meeting_held(e: &Estate, m: Month, kind: MeetingKind, today: NaiveDate) -> bool {
    e.records.meetings.iter().any(|x| x.kind == kind && x.about == m && x.date <= today)
}

impl Judge<'_> {
    fn state(&self, m: Month) -> State {
        let today = self.cx.today;
        let first = self.kpis.record_months.first().copied();
        if m.first_day() > today || first.is_none_or(|f| m < f) {
            State::Blank
        } else if today < m.last_day() {
            State::Running
        } else {
            State::Ended
        }
    }

    fn running(&self) -> GridCell {
        let l = self.l;
        let day = day_label(l, self.cx.today);
        GridCell {
            mark: self.cx.s().grid_running,
            class: "running",
            why: tr!(l, "进行中，数据截至 {day}", "In progress, data up to {day}"),
            note: None,
        }
    }

    /// A rate row: met when the ratio reaches the target; the shortfall when not.
    fn rate(&self, r: Ratio, target: f64, met: String, short: impl FnOnce() -> String) -> GridCell {
        match r.meets(target) {
            None => cell(None, met),
            Some(true) => cell(Some(true), met),
            Some(false) => {
                let (pct, tg) = (r.percent().unwrap_or_else(|| DASH.into()), target * 100.0);
                let s = short();
                cell(Some(false), tr!(self.l, "{s}（{pct}，目标 {tg:.1}%）", "{s} ({pct}, target {tg:.1}%)"))
            }
        }
    }

    fn daily(&self, k: &PeriodKpi) -> GridCell {
        let (l, d) = (self.l, &k.routines.daily_clearing);
        let (a, b) = (d.days_logged, d.days);
        let met = tr!(l, "报事日清 {a}/{b} 天", "Daily clean-up on {a} of {b} days");
        self.rate(d.ratio(), self.cx.estate.site.targets.daily_clearing_rate, met, || daily_shortfall(l, &k.routines))
    }

    fn entry(&self, e: &EntryKpi, target: f64, names: [[&str; 2]; 3]) -> GridCell {
        let l = self.l;
        if e.with_entered_at == 0 {
            let why = if e.tickets == 0 { names[0] } else { names[1] };
            return cell(None, pick(l, why).into());
        }
        let (a, b) = (e.on_time, e.with_entered_at);
        let met = tr!(l, "按时录入 {a}/{b} 条", "{a} of {b} entered in time");
        self.rate(e.ratio(), target, met, || entry_shortfall(l, e, names[2]))
    }

    fn tracking(&self, k: &PeriodKpi) -> GridCell {
        let (l, t) = (self.l, &k.routines.open_tracking);
        if t.weeks_with_open == 0 {
            return cell(None, tr!(l, "没有开始时有未完报事的周", "No week began with open requests"));
        }
        let (a, b) = (t.weeks_tracked, t.weeks_with_open);
        let met = tr!(l, "跟踪 {a}/{b} 周", "Tracked {a} of {b} weeks");
        let tg = self.cx.estate.site.targets.open_tracking_rate;
        self.rate(t.ratio(), tg, met, || weeks_shortfall(l, &t.missing_weeks))
    }

    fn unit_info(&self, k: &PeriodKpi) -> GridCell {
        let (l, u) = (self.l, &k.routines.unit_info);
        let (a, b) = (u.weeks_updated, u.weeks);
        let met = tr!(l, "更新 {a}/{b} 周", "Updated {a} of {b} weeks");
        self.rate(u.ratio(), self.cx.estate.site.targets.unit_info_rate, met, || weeks_shortfall(l, &u.missing_weeks))
    }

    fn meeting(&self, m: Month, kind: MeetingKind) -> GridCell {
        let ok = meeting_held(self.cx.estate, m, kind, self.cx.today);
        let label = format::month_label(self.l, m.month);
        let name = match (self.l, kind) {
            (Lang::En, MeetingKind::TicketAnalysis) => "request analysis meeting",
            (Lang::En, MeetingKind::ComplaintAnalysis) => "complaint analysis meeting",
            _ => kind.label(),
        };
        let why = if ok {
            tr!(self.l, "有分析{label}的{name}记录", "{name} about {label} recorded")
        } else {
            tr!(self.l, "没有分析{label}的{name}记录", "No {name} about {label} recorded")
        };
        cell(Some(ok), why)
    }

    /// June and December: a 客户细分评估会 credited to the half-year, held by the as-of day.
    fn segmentation(&self, m: Month) -> GridCell {
        let l = self.l;
        let k = self.kpis.index.routines(m.first_day(), m.next().first_day(), Some(self.cx.today));
        let s = &k.segmentation;
        let half = if m.month <= 6 { tr!(l, "上半年", "first half") } else { tr!(l, "下半年", "second half") };
        let y = m.year;
        if s.meetings > 0 {
            let dates: Vec<String> = s.dates.iter().map(|d| day_label(l, *d)).collect();
            let dates = list(l, &dates, LIST_MAX);
            cell(Some(true), tr!(l, "{y}年{half}客户细分评估会：{dates}", "{y} {half}: segmentation review on {dates}"))
        } else {
            cell(
                Some(false),
                tr!(l, "{y}年{half}没有客户细分评估会记录", "{y} {half}: no segmentation review recorded"),
            )
        }
    }
}

/// The label of a `[zh, en]` text.
type Text = [&'static str; 2];
/// How a row judges an ended month.
type Rule<'b> = Box<dyn Fn(Month, &PeriodKpi) -> GridCell + 'b>;
/// When a row is judged: every month, quarter ends, or June and December.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Every {
    Month,
    Quarter,
    HalfYear,
}

/// One standard: group, work, frequency, rule text, when, and the judge.
struct Standard<'b> {
    group: Text,
    work: Text,
    frequency: Text,
    rule: Text,
    every: Every,
    judge: Rule<'b>,
}

const REQUESTS: Text = ["报事", "Requests"];
const COMPLAINTS: Text = ["投诉", "Complaints"];
const QUALITY: Text = ["品质", "Quality"];
const RELATIONS: Text = ["客户关系", "Owner relations"];
const DAILY: Text = ["1次/天", "Daily"];
const WEEKLY: Text = ["1次/周", "Weekly"];
const MONTHLY: Text = ["1次/月", "Monthly"];

/// The fifteen standards of the seed table, in its order.
fn standards<'b>(j: &'b Judge<'b>, quarters: &'b BTreeSet<Quarter>) -> Vec<Standard<'b>> {
    let mut all = first_standards(j);
    all.extend(later_standards(j, quarters));
    all
}

/// Rows 1–6: the request routines and the analysis meetings.
fn first_standards<'b>(j: &'b Judge<'b>) -> Vec<Standard<'b>> {
    let tg = &j.cx.estate.site.targets;
    let s = |group, work, frequency, rule, every, judge| Standard { group, work, frequency, rule, every, judge };
    vec![
        s(
            REQUESTS,
            ["物业系统报事每日清理", "Clear the day’s requests in the property system"],
            DAILY,
            [
                "当月每天都有报事日清工作记录（有记录的天数 ÷ 当月天数 ≥ 目标）",
                "A daily clean-up worklog for every day of the month (days logged ÷ days ≥ target)",
            ],
            Every::Month,
            Box::new(move |_, k| j.daily(k)),
        ),
        s(
            REQUESTS,
            ["夜间报事录入", "Enter the night’s requests"],
            DAILY,
            [
                "当月夜间监控中心报事中记有录入时间（entered_at）的，均不晚于报事次日结束录入（按时 ÷ 有录入时间 ≥ 目标）；都没有录入时间时为 —",
                "Of the month’s night monitoring centre requests that record entered_at, each entered by the end of the next day (in time ÷ recorded ≥ target); — when none records it",
            ],
            Every::Month,
            Box::new(move |_, k| {
                let names = [
                    ["当月没有夜间报事", "No night requests this month"],
                    ["当月夜间报事都没有录入时间", "No night request records entered_at"],
                    NIGHT_LATE,
                ];
                j.entry(&k.routines.night_entry, tg.night_entry_rate, names)
            }),
        ),
        s(
            REQUESTS,
            ["未完报事处理情况的跟踪", "Track requests still open"],
            WEEKLY,
            [
                "当月结束的每一周（周一至周日），若周一0点有未完报事，该周有未完报事跟踪记录（跟踪周数 ÷ 有未完报事的周数 ≥ 目标）；没有这样的周时为 —",
                "Every week (Mon–Sun) ending in the month that began with open requests has an open-request tracking worklog that week (tracked ÷ such weeks ≥ target); — when no week began with open requests",
            ],
            Every::Month,
            Box::new(move |_, k| j.tracking(k)),
        ),
        s(
            REQUESTS,
            ["参与项目组织的报事分析会", "Take part in the request analysis meeting"],
            MONTHLY,
            [
                "有分析当月的报事分析会记录（按 about 计入所分析的月份，缺省为会议日期所在月）",
                "A request analysis meeting about the month is recorded (credited by `about`, default the month of its date)",
            ],
            Every::Month,
            Box::new(move |m, _| j.meeting(m, MeetingKind::TicketAnalysis)),
        ),
        s(
            COMPLAINTS,
            ["参与项目组织的月度投诉分析会", "Take part in the monthly complaint analysis meeting"],
            MONTHLY,
            [
                "有分析当月的投诉分析会记录（按 about 计入所分析的月份，缺省为会议日期所在月）",
                "A complaint analysis meeting about the month is recorded (credited by `about`, default the month of its date)",
            ],
            Every::Month,
            Box::new(move |m, _| j.meeting(m, MeetingKind::ComplaintAnalysis)),
        ),
        s(
            COMPLAINTS,
            ["各地主要网络平台客户问题的跟进处理", "Follow up owners’ issues raised on the main online platforms"],
            ["及时", "Promptly"],
            [
                "当月网络平台报事中记有录入时间（entered_at）的，均在报事当天录入（按时 ÷ 有录入时间 ≥ 目标）；都没有录入时间时为 —",
                "Of the month’s online-platform requests that record entered_at, each entered the day it was reported (in time ÷ recorded ≥ target); — when none records it",
            ],
            Every::Month,
            Box::new(move |_, k| {
                let names = [
                    ["当月没有网络平台报事", "No online-platform requests this month"],
                    ["当月网络平台报事都没有录入时间", "No online-platform request records entered_at"],
                    ONLINE_LATE,
                ];
                j.entry(&k.routines.online_entry, tg.online_entry_rate, names)
            }),
        ),
    ]
}

/// Rows 7–15: follow-ups, inspections, visits and the periodic items.
fn later_standards<'b>(j: &'b Judge<'b>, quarters: &'b BTreeSet<Quarter>) -> Vec<Standard<'b>> {
    let l = j.l;
    let tg = &j.cx.estate.site.targets;
    let s = |group, work, frequency, rule, every, judge| Standard { group, work, frequency, rule, every, judge };
    vec![
        s(
            COMPLAINTS,
            ["日常报事回访（报事处理完成后）", "Follow up requests (once completed)"],
            ["24小时内 100%", "100% within 24 hours"],
            ["当月24小时回访率达到目标", "The month’s 24-hour follow-up rate meets the target"],
            Every::Month,
            Box::new(move |_, k| {
                let r = k.tickets.followup_24h_ratio();
                let why = rate_why(l, ["24小时回访率", "24-hour follow-up rate"], r, tg.ticket_followup_24h_rate);
                cell(r.meets(tg.ticket_followup_24h_rate), why)
            }),
        ),
        s(
            COMPLAINTS,
            ["投诉回访（投诉处理完成后）", "Follow up complaints (once resolved)"],
            ["3个工作日内", "Within 3 working days"],
            ["当月3个工作日回访率达到目标", "The month’s 3-working-day follow-up rate meets the target"],
            Every::Month,
            Box::new(move |_, k| {
                let r = k.complaints.followup_3wd_ratio();
                let why =
                    rate_why(l, ["3个工作日回访率", "3-working-day follow-up rate"], r, tg.complaint_followup_3wd_rate);
                cell(r.meets(tg.complaint_followup_3wd_rate), why)
            }),
        ),
        s(
            QUALITY,
            ["园区现场巡查", "Inspect the estate on site"],
            DAILY,
            ["当月巡查达标率达到目标", "The month’s inspection compliance meets the target"],
            Every::Month,
            Box::new(move |_, k| {
                let r = k.inspections.compliance_ratio();
                let why = rate_why(l, ["巡查达标率", "Inspection compliance"], r, tg.inspection_compliance);
                cell(r.meets(tg.inspection_compliance), why)
            }),
        ),
        s(
            RELATIONS,
            ["已入住业主访谈（面访全年应覆盖20%）", "Visit occupied units (face to face: 20% of units a year)"],
            ["1次/年·户", "Once a year per unit"],
            [
                "年初至当月：覆盖率 ≥ 目标×月数/12，且面访占比 ≥ 目标×月数/12",
                "Year to date: coverage ≥ target × months/12 and face-to-face share ≥ target × months/12",
            ],
            Every::Month,
            Box::new(move |m, k| visits_cell(l, tg, m, k)),
        ),
        s(
            RELATIONS,
            ["已交付未入住业主访谈（空置房、装修房）", "Visit delivered but unoccupied units (vacant, renovating)"],
            ["2次/年·户", "Twice a year per unit"],
            [
                "年初至当月：访谈满2次的空置/装修户占比 ≥ 月数/12",
                "Year to date: share of vacant/renovating units visited twice ≥ months/12",
            ],
            Every::Month,
            Box::new(move |m, k| {
                let r = k.visits.unoccupied_ratio();
                let (rv, rt) = (r.percent().unwrap_or_else(|| DASH.into()), pro_rata(1.0, m) * 100.0);
                let why = tr!(l, "完成率 {rv}（进度目标 {rt:.1}%）", "completion {rv} (pro-rata target {rt:.1}%)");
                cell(meets_pro_rata(r, 1.0, m), why)
            }),
        ),
        s(
            RELATIONS,
            ["客户细分评估（客户背景资料维护）", "Segment owners (keep owner background records)"],
            ["1次/半年", "Every six months"],
            [
                "6月、12月（半年结束后）判定：该半年有客户细分评估会记录",
                "Judged in June and December, once the half-year has ended: a customer segmentation review meeting is recorded in that half-year",
            ],
            Every::HalfYear,
            Box::new(move |m, _| j.segmentation(m)),
        ),
        s(
            RELATIONS,
            ["服务简报公示", "Publish the service bulletin"],
            ["1次/季度", "Quarterly"],
            [
                "季度结束后在季度末月判定：该季度有记录即由 wuye 生成服务简报",
                "Judged in a quarter’s last month once it has ended: wuye makes the bulletin when the quarter has records",
            ],
            Every::Quarter,
            Box::new(move |m, _| quarterly(l, m, quarters, ["服务简报", "service bulletin"])),
        ),
        s(
            RELATIONS,
            ["房屋、车位转让租赁信息更新", "Update sale and rental information on homes and parking spaces"],
            WEEKLY,
            [
                "当月结束的每一周（周一至周日）都有房屋信息更新记录（更新周数 ÷ 周数 ≥ 目标）",
                "Every week (Mon–Sun) ending in the month has a unit-register update worklog that week (updated ÷ weeks ≥ target)",
            ],
            Every::Month,
            Box::new(move |_, k| j.unit_info(k)),
        ),
        s(
            RELATIONS,
            ["失物清理并公示", "Clear lost property and publish it"],
            ["1次/季", "Quarterly"],
            [
                "季度结束后在季度末月判定：该季度有记录即由 wuye 生成失物招领公告",
                "Judged in a quarter’s last month once it has ended: wuye makes the lost-and-found notice when the quarter has records",
            ],
            Every::Quarter,
            Box::new(move |m, _| quarterly(l, m, quarters, ["失物招领公告", "lost-and-found notice"])),
        ),
    ]
}

fn visits_cell(l: Lang, tg: &crate::config::Targets, m: Month, k: &PeriodKpi) -> GridCell {
    let (c, f) = (k.visits.coverage_ratio(), k.visits.face_to_face_ratio());
    let mark = match (meets_pro_rata(c, tg.visit_coverage, m), meets_pro_rata(f, tg.visit_face_to_face_share, m)) {
        (Some(a), Some(b)) => Some(a && b),
        _ => None,
    };
    let (cv, ct) = (c.percent().unwrap_or_else(|| DASH.into()), pro_rata(tg.visit_coverage, m) * 100.0);
    let (fv, ft) = (f.percent().unwrap_or_else(|| DASH.into()), pro_rata(tg.visit_face_to_face_share, m) * 100.0);
    let why = tr!(
        l,
        "覆盖率 {cv}（进度目标 {ct:.1}%），面访占比 {fv}（进度目标 {ft:.1}%）",
        "coverage {cv} (pro-rata target {ct:.1}%), face-to-face share {fv} (pro-rata target {ft:.1}%)"
    );
    cell(mark, why)
}

/// The work-standard grid of one year, in the site's language.
pub fn grid_view(cx: &Ctx, kpis: &PeriodFigures, year: i32) -> GridView {
    let l = cx.lang();
    let j = Judge { l, cx, kpis };
    let page_months: BTreeSet<Month> = kpis.record_months.iter().copied().collect();
    let quarters: BTreeSet<Quarter> = kpis.record_quarters.iter().copied().collect();
    let months: Vec<Month> = (1..=12).map(|month| Month { year, month }).collect();
    let states: Vec<State> = months.iter().map(|m| j.state(*m)).collect();
    let month_kpis: Vec<Option<std::borrow::Cow<PeriodKpi>>> =
        months.iter().zip(&states).map(|(m, s)| (*s == State::Ended).then(|| kpis.month(*m))).collect();
    let mut notes = Vec::new();
    let rows = standards(&j, &quarters)
        .into_iter()
        .enumerate()
        .map(|(i, st)| {
            let cells = months
                .iter()
                .zip(&states)
                .zip(&month_kpis)
                .map(|((m, state), k)| {
                    let due = match st.every {
                        Every::Month => true,
                        Every::Quarter => m.month.is_multiple_of(3),
                        Every::HalfYear => m.month.is_multiple_of(6),
                    };
                    let mut c = match (due, state, k) {
                        (false, _, _) | (_, State::Blank, _) => blank(),
                        (true, State::Running, _) => j.running(),
                        (true, State::Ended, Some(k)) => (st.judge)(*m, k),
                        (true, State::Ended, None) => blank(),
                    };
                    if c.class == "missed" {
                        let no = notes.len() + 1;
                        let (row, month) = (i + 1, format::month_label(l, m.month));
                        let place = tr!(l, "序号 {row} · {month}", "Row {row} · {month}");
                        notes.push(GridNote { no, place, text: c.why.clone() });
                        c.note = Some(no);
                    }
                    c
                })
                .collect();
            GridRow {
                no: i + 1,
                group: pick(l, st.group).into(),
                work: pick(l, st.work).into(),
                frequency: pick(l, st.frequency).into(),
                rule: pick(l, st.rule).into(),
                cells,
            }
        })
        .collect();
    let years: BTreeSet<i32> = kpis.record_months.iter().map(|m| m.year).collect();
    let estate = &cx.estate.site.estate;
    GridView {
        year,
        heading: tr!(l, "{year}年项目客服部日常工作标准执行情况", "Customer service daily work standards, {year}"),
        print_header: css_string(&tr!(
            l,
            "{estate} · {year}年客服部日常工作标准执行情况 · 内部资料",
            "{estate} · Customer service daily work standards, {year} · Internal"
        )),
        rows,
        months: months
            .iter()
            .map(|m| GridMonth {
                number: m.month,
                label: format::month_label(l, m.month),
                path: page_months.contains(m).then(|| month_path(*m)),
            })
            .collect(),
        notes,
        prev: years.range(..year).next_back().map(|y| grid_path(*y)),
        next: years.range(year + 1..).next().map(|y| grid_path(*y)),
    }
}

fn quarterly(l: Lang, m: Month, quarters: &BTreeSet<Quarter>, what: [&str; 2]) -> GridCell {
    let q = Quarter::of(m);
    let (label, what) = (format::quarter(l, q), pick(l, what));
    if quarters.contains(&q) {
        cell(Some(true), tr!(l, "{label}{what}已生成", "{label}: {what} made"))
    } else {
        cell(None, tr!(l, "{label}没有记录", "{label}: no records"))
    }
}

/// One routine on the month page: its name, what was done, and what was missed.
#[derive(Clone, Debug, Serialize)]
pub struct RoutineLine {
    /// 报事日清, 夜间报事录入, …
    pub name: String,
    /// What the records show (`报事日清 28/31 天`).
    pub done: String,
    /// The shortfall, empty when nothing was missed.
    pub missed: String,
}

/// The month page's 日常工作 section.
#[derive(Clone, Debug, Serialize)]
pub struct RoutineSection {
    /// One line per routine.
    pub lines: Vec<RoutineLine>,
    /// Whether any routine missed something.
    pub any_missed: bool,
    /// Staff who logged routines this month (internal pages only).
    pub by: String,
    /// `截至 12月4日` when the month is running, else empty.
    pub to_date: String,
}

/// The 日常工作 section of month `m`: each routine's shortfalls, to date when running.
pub fn month_routines(cx: &Ctx, kpis: &PeriodFigures, m: Month) -> RoutineSection {
    let l = cx.lang();
    let today = cx.today;
    let end = m.next().first_day().min(today.succ_opt().unwrap_or(today));
    let k = kpis.index.routines(m.first_day(), end, Some(today));
    let entry_line = |name: [&str; 2], e: &EntryKpi, late: [&str; 2]| {
        let (a, b, n) = (e.on_time, e.with_entered_at, e.tickets);
        RoutineLine {
            name: pick(l, name).into(),
            done: tr!(l, "{n} 条，记录录入时间 {b} 条，按时 {a} 条", "{n} requests, {b} with entered_at, {a} in time"),
            missed: if e.late.is_empty() { String::new() } else { entry_shortfall(l, e, late) },
        }
    };
    let (d, t, u) = (&k.daily_clearing, &k.open_tracking, &k.unit_info);
    let (dl, dd, tt, tw, uu, uw) =
        (d.days_logged, d.days, t.weeks_tracked, t.weeks_with_open, u.weeks_updated, u.weeks);
    let mut lines = vec![
        RoutineLine {
            name: tr!(l, "报事日清", "Daily clean-up"),
            done: tr!(l, "{dl}/{dd} 天有记录", "logged on {dl} of {dd} days"),
            missed: if d.missing_days.is_empty() { String::new() } else { daily_shortfall(l, &k) },
        },
        entry_line(["夜间报事录入", "Night request entry"], &k.night_entry, NIGHT_LATE),
        RoutineLine {
            name: tr!(l, "未完报事跟踪", "Tracking open requests"),
            done: tr!(l, "有未完报事的 {tw} 周中跟踪 {tt} 周", "tracked {tt} of {tw} weeks with open requests"),
            missed: if t.missing_weeks.is_empty() { String::new() } else { weeks_shortfall(l, &t.missing_weeks) },
        },
        entry_line(["网络平台报事录入", "Online-platform request entry"], &k.online_entry, ONLINE_LATE),
        RoutineLine {
            name: tr!(l, "房屋信息更新", "Unit-register update"),
            done: tr!(l, "{uw} 周中更新 {uu} 周", "updated {uu} of {uw} weeks"),
            missed: if u.missing_weeks.is_empty() { String::new() } else { weeks_shortfall(l, &u.missing_weeks) },
        },
    ];
    if m.month.is_multiple_of(6) {
        let s = &k.segmentation;
        let dates: Vec<String> = s.dates.iter().map(|x| day_label(l, *x)).collect();
        let (n, dates) = (s.meetings, list(l, &dates, LIST_MAX));
        lines.push(RoutineLine {
            name: tr!(l, "客户细分评估会（本半年）", "Segmentation review (this half-year)"),
            done: if n > 0 { tr!(l, "{n} 次：{dates}", "{n} held: {dates}") } else { tr!(l, "{n} 次", "{n} held") },
            missed: if n > 0 || today < m.last_day() {
                String::new()
            } else {
                tr!(l, "本半年没有客户细分评估会记录", "none recorded this half-year")
            },
        });
    }
    let mut names: Vec<&str> = cx
        .estate
        .records
        .worklogs
        .iter()
        .filter(|w| Month::of(w.date) == m && w.date <= today)
        .map(|w| w.by.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let any_missed = lines.iter().any(|x| !x.missed.is_empty());
    let to_date = if today < m.last_day() {
        let day = day_label(l, today);
        tr!(l, "进行中，数据截至 {day}", "In progress, data up to {day}")
    } else {
        String::new()
    };
    RoutineSection { lines, any_missed, by: names.join(&tr!(l, "、", ", ")), to_date }
}
