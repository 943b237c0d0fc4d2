//! The monthly analysis page (the material for 报事分析会 and 投诉分析会):
//! KPIs against target, breakdowns, 12-month trends, the backlog, missed
//! follow-ups, complaints, fees, visits, the inspection calendar, meetings
//! and data-quality warnings. The tables come from [`super::rows`]; this
//! file draws the charts, collects the warnings and assembles the view.

use chrono::{Duration, NaiveDateTime};
use serde::Serialize;

use super::super::bulletins::{ChartView, collection_by_month, span, tickets_by_area};
use super::super::kpis::{KpiGroup, PeriodFigures, PeriodUnit, kpi_groups};
use super::super::strings::tr;
use super::super::{Ctx, Job, Which, format};
use super::group::MonthRecords;
use super::rows::{
    self, BacklogRow, ComplaintRow, CostRow, CountRow, DayCell, FeeRow, MeetingRow, MissRow, VisitSummary,
};
use super::{css_string, month_path, pick};
use crate::charts::{ChartData, Scale, Series};
use crate::i18n::Lang;
use crate::kpi::{PeriodKpi, TicketKpi};
use crate::records::MeetingKind;
use crate::scalars::Month;

/// The monthly analysis page.
#[derive(Clone, Debug, Serialize)]
pub struct MonthView {
    /// `2026年10月`, `Oct 2026`.
    pub month: String,
    /// The page heading (`2026年10月月度分析`, `Monthly analysis: Oct 2026`).
    pub heading: String,
    /// `2026-10`.
    pub month_iso: String,
    /// Text for the print header (CSS string, escaped).
    pub print_header: String,
    /// First to last day.
    pub span: String,
    /// Still in progress on `--date`.
    pub in_progress: bool,
    /// "进行中，数据截至 12月4日" for the running month, else empty.
    pub as_of: String,
    /// The change column's heading: 较上月, or 较上月同期 for the running month.
    pub compare: String,
    /// Previous month's page.
    pub prev: Option<String>,
    /// Next month's page.
    pub next: Option<String>,
    /// KPI groups with targets and change from the previous month.
    pub groups: Vec<KpiGroup>,
    /// Tickets by channel.
    pub channels: Vec<CountRow>,
    /// Tickets by category.
    pub categories: Vec<CountRow>,
    /// Tickets by area.
    pub areas: Vec<CountRow>,
    /// Charts: trend, resolution time, fees.
    pub trend: ChartView,
    /// Monthly tickets by area over 12 months.
    pub area_trend: ChartView,
    /// Resolution time distribution.
    pub resolution: ChartView,
    /// Fee collection by month.
    pub fees_chart: ChartView,
    /// Open tickets at month end, oldest first.
    pub backlog: Vec<BacklogRow>,
    /// Open tickets by age band.
    pub backlog_ages: Vec<CountRow>,
    /// Tickets whose 24h follow-up was missed.
    pub missed_24h: Vec<MissRow>,
    /// Complaints of the month.
    pub complaints: Vec<ComplaintRow>,
    /// Complaints whose 3-working-day follow-up was missed.
    pub missed_3wd: Vec<MissRow>,
    /// Fees by item.
    pub fee_items: Vec<FeeRow>,
    /// Visits this month.
    pub visits: VisitSummary,
    /// The visits in one sentence.
    pub visits_text: String,
    /// Inspection calendar, weeks of 7 days (Monday first).
    pub calendar: Vec<Vec<DayCell>>,
    /// Meetings.
    pub meetings: Vec<MeetingRow>,
    /// Data-quality warnings (text).
    pub warnings: Vec<String>,
    /// Repairs over the threshold without approval.
    pub unapproved: Vec<CostRow>,
    /// The approval threshold, as money.
    pub threshold: String,
    /// 日常工作: each routine's shortfalls.
    pub routines: super::super::grid::RoutineSection,
    /// The lists the meeting works from (欠费明细, 低分回访, 部门, 重点关注户).
    pub lists: super::super::meeting::Lists,
}

const RESOLUTION_BANDS: [([&str; 2], i64); 6] = [
    (["2小时内", "≤ 2 h"], 2 * 3600),
    (["2–8小时", "2–8 h"], 8 * 3600),
    (["8–24小时", "8–24 h"], 24 * 3600),
    (["1–3天", "1–3 d"], 3 * 86_400),
    (["3–7天", "3–7 d"], 7 * 86_400),
    (["7天以上", "> 7 d"], i64::MAX),
];

fn band(secs: i64) -> usize {
    RESOLUTION_BANDS.iter().position(|(_, max)| secs <= *max).unwrap_or(RESOLUTION_BANDS.len() - 1)
}

/// The month page: `neighbours` are the previous and next months with records.
pub(crate) fn month_page(
    cx: &Ctx,
    kpis: &PeriodFigures,
    ix: &super::super::meeting::Index,
    m: Month,
    recs: &MonthRecords,
    neighbours: (Option<Month>, Option<Month>),
) -> Job {
    let e = cx.estate;
    let site = &e.site;
    let l = cx.lang();
    let st = cx.s();
    let k = kpis.month(m);
    // 上期同期: the previous month cut to as many days as this one has run.
    let prev = kpis.previous(&k);
    let end: NaiveDateTime = k.span.end.and_hms_opt(0, 0, 0).unwrap_or_default();
    let [categories, channels, areas] = rows::breakdowns(e, &k.tickets);
    let [trend, area_trend, fees_chart] = trends(cx, kpis, m);
    let resolution = resolution_chart(cx, &k.tickets, recs, end);
    let (backlog, backlog_ages) = rows::backlog(l, recs, end);
    let visits = rows::visits(recs);
    let threshold = site.approval_threshold;
    let unapproved = rows::unapproved(recs, threshold);
    let warnings = warnings(cx, m, recs, unapproved.len());

    let label = format::month(l, m);
    let estate = &site.estate;
    let heading = tr!(l, "{label}月度分析", "Monthly analysis: {label}");
    let (v_all, v_f2f, v_phone, v_units) = (visits.records, visits.face_to_face, visits.phone, visits.units);
    let visits_text = tr!(
        l,
        "本月访谈记录 {v_all} 次（面访 {v_f2f}，电访 {v_phone}），涉及 {v_units} 户。年初至今覆盖率与进度目标见“指标概览”。",
        "{v_all} owner visits recorded this month ({v_f2f} face to face, {v_phone} by phone), covering {v_units} units. Year-to-date coverage and its pro-rata target are under “Indicators”."
    );
    let view = MonthView {
        month: label.clone(),
        heading: heading.clone(),
        month_iso: m.to_string(),
        print_header: css_string(&tr!(
            l,
            "{estate} · {label}月度分析 · 内部资料",
            "{estate} · Monthly analysis, {label} · Internal"
        )),
        span: span(l, k.start, k.end),
        in_progress: k.in_progress,
        as_of: super::super::bulletins::in_progress_banner(l, &k),
        compare: if k.in_progress {
            tr!(l, "较上月同期", "vs same days of previous month")
        } else {
            st.vs_prev_month.into()
        },
        prev: neighbours.0.map(month_path),
        next: neighbours.1.map(month_path),
        groups: {
            let mut g = kpi_groups(&k, prev.as_deref(), site, PeriodUnit::Month);
            super::super::meeting::arrears_row(&mut g, &k, l);
            g
        },
        channels,
        categories,
        areas,
        trend,
        area_trend,
        resolution,
        fees_chart,
        backlog,
        backlog_ages,
        missed_24h: rows::missed_24h(l, recs, end),
        complaints: rows::complaints(l, recs, end),
        missed_3wd: rows::missed_3wd(l, e, recs, end),
        fee_items: rows::fee_items(&k),
        visits,
        visits_text,
        calendar: rows::calendar(m, recs, cx.today),
        meetings: rows::meetings(l, recs),
        warnings,
        unapproved,
        threshold: format::money(threshold),
        routines: super::super::grid::month_routines(cx, kpis, m),
        lists: super::super::meeting::lists(ix, e, m, end, &recs.tickets, &recs.complaints),
    };
    let mut meta = cx.meta(Which::Internal, &month_path(m), heading, "months");
    meta.description = tr!(
        l,
        "{estate}{label}报事、投诉、收费、访谈与巡查分析（内部资料）",
        "{estate}, {label}: service requests, complaints, fees, owner visits and inspections (internal)"
    );
    cx.job(Which::Internal, meta, "internal/month.html", &view)
}

/// Trends over the 12 months ending with `m`: requests and complaints,
/// requests by area, fee collection.
fn trends(cx: &Ctx, kpis: &PeriodFigures, m: Month) -> [ChartView; 3] {
    let (l, st) = (cx.lang(), cx.s());
    let months: Vec<Month> = (0..12).map(|d| Month::from_index(m.index() - 11 + d)).collect();
    let mk: Vec<_> = months.iter().map(|x| kpis.month(*x)).collect();
    let refs: Vec<&PeriodKpi> = mk.iter().map(|c| c.as_ref()).collect();
    let mut trend_data = ChartData {
        title: tr!(l, "近12个月报事与投诉量", "Requests and complaints, last 12 months"),
        label_header: st.month.into(),
        labels: months.iter().map(|x| format::month_label(l, x.month)).collect(),
        table_labels: months.iter().map(|x| format::month(l, *x)).collect(),
        series: vec![
            Series::counts(tr!(l, "报事", "Requests"), &refs.iter().map(|k| k.tickets.reported).collect::<Vec<_>>()),
            Series::counts(
                tr!(l, "投诉", "Complaints"),
                &refs.iter().map(|k| k.complaints.received).collect::<Vec<_>>(),
            ),
        ],
        scale: Scale::Count,
        target: None,
        target_label: st.target.into(),
    };
    let trend_note = super::super::bulletins::leave_out_running(l, &mut trend_data, &refs);
    let trend = ChartView::lines(trend_data, trend_note);
    let area_trend =
        tickets_by_area(l, &tr!(l, "近12个月报事量（按区域）", "Requests by area, last 12 months"), &months, &refs);
    let fees_chart = collection_by_month(
        l,
        &tr!(l, "近12个月物业费收缴率", "Fee collection rate, last 12 months"),
        &months,
        &refs,
        cx.estate.site.targets.fee_collection_rate,
    );
    [trend, area_trend, fees_chart]
}

/// Resolution time of the month's tickets completed before its end.
fn resolution_chart(cx: &Ctx, t: &TicketKpi, recs: &MonthRecords, end: NaiveDateTime) -> ChartView {
    let (l, st) = (cx.lang(), cx.s());
    let mut bands = [0u64; RESOLUTION_BANDS.len()];
    for tk in &recs.tickets {
        if let Some(c) = tk.completed_at.filter(|c| *c < end) {
            bands[band((c - tk.reported_at).num_seconds())] += 1;
        }
    }
    let median = format::hours(l, t.p50_hours);
    ChartView::bars(
        ChartData {
            title: tr!(l, "报事处理时长分布", "Time to resolve requests"),
            label_header: tr!(l, "处理时长", "Time to resolve"),
            labels: RESOLUTION_BANDS.iter().map(|(names, _)| pick(l, *names).to_string()).collect(),
            table_labels: Vec::new(),
            series: vec![Series::counts(st.col_tickets, &bands)],
            scale: Scale::Count,
            target: None,
            target_label: st.target.into(),
        },
        tr!(
            l,
            "本月受理并在月底前完成的报事，从受理到完成的时长；中位数 {median}。",
            "Requests received this month and completed by its end: time from receipt to completion; median {median}."
        ),
    )
}

/// Data-quality warnings: repairs over the threshold without approval
/// (`unapproved` of them), late entry, analysis meetings missing from a past month.
fn warnings(cx: &Ctx, m: Month, recs: &MonthRecords, unapproved: usize) -> Vec<String> {
    let l: Lang = cx.lang();
    let mut warnings = Vec::new();
    if unapproved > 0 {
        let (n, money) = (unapproved, format::money(cx.estate.site.approval_threshold));
        warnings.push(tr!(
            l,
            "{n} 件维修费用达到 {money} 以上但没有审批人（approved_by），见下表。",
            "{n} repairs cost {money} or more but have no approver (approved_by); see the table below."
        ));
    }
    let late_entry = recs
        .tickets
        .iter()
        .filter(|tk| tk.entered_at.is_some_and(|x| x - tk.reported_at > Duration::hours(24)))
        .count();
    if late_entry > 0 {
        warnings.push(tr!(
            l,
            "{late_entry} 件报事在受理24小时后才录入系统（夜间报事应于次日录入）。",
            "{late_entry} requests were entered more than 24 hours after they were received (night requests are due the next day)."
        ));
    }
    let held = |kind| super::super::grid::meeting_held(cx.estate, m, kind, cx.today);
    if !held(MeetingKind::TicketAnalysis) && m.last_day() < cx.today {
        warnings.push(tr!(l, "本月没有报事分析会记录。", "No request analysis meeting is recorded this month."));
    }
    if !held(MeetingKind::ComplaintAnalysis) && m.last_day() < cx.today {
        warnings.push(tr!(l, "本月没有投诉分析会记录。", "No complaint analysis meeting is recorded this month."));
    }
    warnings
}
