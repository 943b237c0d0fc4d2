//! The internal site: a monthly analysis page for every month with records
//! (the material for 报事分析会 and 投诉分析会), the work-standard grid of
//! each year, and an index. Printed on A4 for the monthly meetings.
//!
//! These pages show record details, so every personal field passes through
//! [`crate::privacy`]: names as `张*`, any run of 7+ digits masked
//! (`138****5678`), free text through the same digit mask. Staff names
//! (`by`, `chair`, `approved_by`) are shown as written.
//!
//! Records are grouped by month once ([`MonthRecords`]); the open backlog
//! is spread over the months each ticket stays open, so no page scans all
//! records.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::Serialize;

use super::bulletins::span;
use super::bulletins::{ChartView, collection_by_month, ordered_counts, tickets_by_area};
use super::public::{KpiCache, KpiGroup, PeriodUnit, kpi_groups};
use super::strings::tr;
use super::{Ctx, Job, Which, fmt};
use crate::charts::{ChartData, Scale, Series};
use crate::i18n::Lang;
use crate::kpi::{self, DASH, PeriodKpi};
use crate::records::mask::{mask_digits, mask_name};
use crate::records::{Area, Complaint, Estate, Inspection, Meeting, MeetingKind, Ticket, Visit, VisitMode};
use crate::scalars::Month;

/// The records of one month, grouped once for all pages.
#[derive(Default)]
pub struct MonthRecords<'a> {
    /// Tickets reported in the month.
    pub tickets: Vec<&'a Ticket>,
    /// Complaints received in the month.
    pub complaints: Vec<&'a Complaint>,
    /// Inspections dated in the month.
    pub inspections: Vec<&'a Inspection>,
    /// Meetings dated in the month.
    pub meetings: Vec<&'a Meeting>,
    /// Visits dated in the month.
    pub visits: Vec<&'a Visit>,
    /// Tickets still open at the month's end (reported before it, not completed before it).
    pub open_at_end: Vec<&'a Ticket>,
}

/// Groups every record by month, once (every record, whatever its date).
pub fn group_by_month<'a>(e: &'a Estate, pages: &BTreeSet<Month>) -> BTreeMap<Month, MonthRecords<'a>> {
    group_by_month_as_of(e, pages, NaiveDate::MAX)
}

/// Groups the records dated up to the end of `today` by month, once: pages
/// describe the end of the as-of day, so later records (valid, dated ahead)
/// are left out and a completion after it leaves the ticket open.
pub fn group_by_month_as_of<'a>(
    e: &'a Estate,
    pages: &BTreeSet<Month>,
    today: NaiveDate,
) -> BTreeMap<Month, MonthRecords<'a>> {
    let mut map: BTreeMap<Month, MonthRecords<'a>> = BTreeMap::new();
    let r = &e.records;
    let known = |d: NaiveDate| d <= today;
    for t in r.tickets.iter().filter(|t| known(t.reported_at.date())) {
        map.entry(Month::of(t.reported_at.date())).or_default().tickets.push(t);
    }
    for c in r.complaints.iter().filter(|c| known(c.received_at.date())) {
        map.entry(Month::of(c.received_at.date())).or_default().complaints.push(c);
    }
    for i in r.inspections.iter().filter(|i| known(i.date)) {
        map.entry(Month::of(i.date)).or_default().inspections.push(i);
    }
    for m in r.meetings.iter().filter(|m| known(m.date)) {
        map.entry(Month::of(m.date)).or_default().meetings.push(m);
    }
    for v in r.visits.iter().filter(|v| known(v.date)) {
        map.entry(Month::of(v.date)).or_default().visits.push(v);
    }
    // Spread each ticket over the page months at whose end it is open.
    if let Some(last) = pages.last().copied() {
        for t in r.tickets.iter().filter(|t| known(t.reported_at.date())) {
            let from = Month::of(t.reported_at.date());
            // Open at the end of month m when completed_at >= end(m), i.e. m < month of completion
            // (or m is that month and completion is at its very end: impossible, end is exclusive).
            let until = match t.completed_at.filter(|c| known(c.date())) {
                Some(c) => {
                    let cm = Month::of(c.date());
                    if cm.index() <= from.index() { continue } else { cm.prev() }
                }
                None => last,
            };
            // A ticket reported after the last page month is on no page
            // (a range with start > end would panic).
            if until < from {
                continue;
            }
            for m in pages.range(from..=until) {
                map.entry(*m).or_default().open_at_end.push(t);
            }
        }
    }
    for m in map.values_mut() {
        m.tickets.sort_by(|a, b| (a.reported_at, &a.id.v).cmp(&(b.reported_at, &b.id.v)));
        m.complaints.sort_by(|a, b| (a.received_at, &a.id.v).cmp(&(b.received_at, &b.id.v)));
        m.inspections.sort_by_key(|i| i.date);
        m.meetings.sort_by_key(|x| x.date);
        m.open_at_end.sort_by(|a, b| (a.reported_at, &a.id.v).cmp(&(b.reported_at, &b.id.v)));
    }
    map
}

/// A count with its share, for breakdown tables.
#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    /// Category, channel or area.
    pub name: String,
    /// Count.
    pub count: u64,
    /// Share of the total.
    pub share: String,
}

/// An open ticket at month end.
#[derive(Clone, Debug, Serialize)]
pub struct BacklogRow {
    /// Ticket id.
    pub id: String,
    /// Reported (short).
    pub reported: String,
    /// Category.
    pub category: String,
    /// Unit, or 公区 (a record value).
    pub place: String,
    /// Masked description.
    pub description: String,
    /// Department.
    pub department: String,
    /// Age at month end.
    pub age: String,
    /// Older than 7 days at month end (highlighted).
    pub old: bool,
}

/// A missed follow-up (ticket or complaint).
#[derive(Clone, Debug, Serialize)]
pub struct MissRow {
    /// Id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Unit, or 公区/—.
    pub place: String,
    /// Completed or resolved (short).
    pub done: String,
    /// The deadline (short).
    pub deadline: String,
    /// The follow-up (short), or 未回访 (none).
    pub followup: String,
    /// Department.
    pub department: String,
}

/// A complaint with its details, masked.
#[derive(Clone, Debug, Serialize)]
pub struct ComplaintRow {
    /// Id.
    pub id: String,
    /// Received (short).
    pub received: String,
    /// Channel.
    pub channel: String,
    /// Category.
    pub category: String,
    /// Unit or —.
    pub unit: String,
    /// `张*` or —.
    pub complainant: String,
    /// `138****5678` or —.
    pub phone: String,
    /// Digits masked.
    pub description: String,
    /// 有效/无效.
    pub valid: bool,
    /// Department.
    pub department: String,
    /// Resolved (short) or 未办结 (unresolved).
    pub resolved: String,
    /// Follow-up (short and result) or —.
    pub followup: String,
}

/// A repair over the approval threshold without approval.
#[derive(Clone, Debug, Serialize)]
pub struct CostRow {
    /// Ticket id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Cost.
    pub cost: String,
    /// Department.
    pub department: String,
    /// Reported (short).
    pub reported: String,
}

/// One fee item's figures.
#[derive(Clone, Debug, Serialize)]
pub struct FeeRow {
    /// Item.
    pub item: String,
    /// Receivable.
    pub receivable: String,
    /// Collected.
    pub collected: String,
    /// Rate.
    pub rate: String,
}

/// A day of the inspection calendar.
#[derive(Clone, Debug, Serialize)]
pub struct DayCell {
    /// Day of month, or 0 for padding.
    pub day: u32,
    /// Rounds recorded.
    pub rounds: usize,
    /// Problems found.
    pub findings: u32,
    /// After `--date` (not yet due).
    pub future: bool,
}

/// A meeting of the month.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingRow {
    /// Date.
    pub date: String,
    /// Kind.
    pub kind: String,
    /// Chair (staff).
    pub chair: String,
    /// Notes, digits masked.
    pub notes: String,
}

/// Visits of the month.
#[derive(Clone, Debug, Serialize)]
pub struct VisitSummary {
    /// Visit records.
    pub records: usize,
    /// Of which 面访.
    pub face_to_face: usize,
    /// Of which 电访.
    pub phone: usize,
    /// Distinct units.
    pub units: usize,
}

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
    pub routines: super::grid::RoutineSection,
    /// The lists the meeting works from (欠费明细, 低分回访, 部门, 重点关注户).
    pub lists: super::meeting::Lists,
}

fn share_rows(total: u64, items: Vec<(String, u64)>) -> Vec<CountRow> {
    items
        .into_iter()
        .map(|(name, count)| CountRow {
            name,
            count,
            share: kpi::percent(count as i128, total as i128).unwrap_or_else(|| DASH.into()),
        })
        .collect()
}

fn place(area: Area, unit: Option<&crate::records::Sp<String>>) -> String {
    match (area, unit) {
        (Area::Indoor, Some(u)) => u.v.clone(),
        (a, _) => a.label().to_string(),
    }
}

/// Path of a month's page on the internal site.
pub fn month_path(m: Month) -> String {
    format!("months/{m}.html")
}

/// Path of a year's work-standard grid.
pub fn grid_path(y: i32) -> String {
    format!("standards/{y}.html")
}

/// Escapes text for a CSS string in `content: "…"` (the print header), and
/// `<` so it cannot end the `<style>` element.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const RESOLUTION_BANDS: [([&str; 2], i64); 6] = [
    (["2小时内", "≤ 2 h"], 2 * 3600),
    (["2–8小时", "2–8 h"], 8 * 3600),
    (["8–24小时", "8–24 h"], 24 * 3600),
    (["1–3天", "1–3 d"], 3 * 86_400),
    (["3–7天", "3–7 d"], 7 * 86_400),
    (["7天以上", "> 7 d"], i64::MAX),
];

const AGE_BANDS: [[&str; 2]; 4] = [["1天内", "≤ 1 d"], ["1–3天", "1–3 d"], ["3–7天", "3–7 d"], ["7天以上", "> 7 d"]];

fn band(secs: i64) -> usize {
    RESOLUTION_BANDS.iter().position(|(_, max)| secs <= *max).unwrap_or(RESOLUTION_BANDS.len() - 1)
}

pub(crate) fn month_page(
    cx: &Ctx,
    kpis: &KpiCache,
    ix: &super::meeting::Index,
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
    let t = &k.tickets;

    let (cat_labels, cat_values) = ordered_counts(&site.categories.ticket, &t.by_category);
    let categories = share_rows(t.reported, cat_labels.into_iter().zip(cat_values).filter(|(_, v)| *v > 0).collect());
    let (ch_labels, ch_values) = ordered_counts(&site.categories.channel, &t.by_channel);
    let channels = share_rows(t.reported, ch_labels.into_iter().zip(ch_values).filter(|(_, v)| *v > 0).collect());
    let areas = share_rows(
        t.reported,
        [Area::Indoor, Area::Public]
            .iter()
            .map(|a| (a.label().to_string(), t.by_area.get(a.label()).copied().unwrap_or(0)))
            .collect(),
    );

    // Trends over the 12 months ending with this one.
    let months: Vec<Month> = (0..12).map(|d| Month::from_index(m.index() - 11 + d)).collect();
    let mk: Vec<_> = months.iter().map(|x| kpis.month(*x)).collect();
    let refs: Vec<&PeriodKpi> = mk.iter().map(|c| c.as_ref()).collect();
    let mut trend_data = ChartData {
        title: l.t("近12个月报事与投诉量", "Requests and complaints, last 12 months"),
        label_header: st.month.into(),
        labels: months.iter().map(|x| fmt::month_label(l, x.month)).collect(),
        table_labels: months.iter().map(|x| fmt::month(l, *x)).collect(),
        series: vec![
            Series::counts(l.t("报事", "Requests"), &refs.iter().map(|k| k.tickets.reported).collect::<Vec<_>>()),
            Series::counts(l.t("投诉", "Complaints"), &refs.iter().map(|k| k.complaints.received).collect::<Vec<_>>()),
        ],
        scale: Scale::Count,
        target: None,
        target_label: st.target.into(),
    };
    let trend_note = super::bulletins::leave_out_running(l, &mut trend_data, &refs);
    let trend = ChartView::lines(trend_data, trend_note);
    let area_trend =
        tickets_by_area(l, &l.t("近12个月报事量（按区域）", "Requests by area, last 12 months"), &months, &refs);
    let fees_chart = collection_by_month(
        l,
        &l.t("近12个月物业费收缴率", "Fee collection rate, last 12 months"),
        &months,
        &refs,
        site.targets.fee_collection_rate,
    );

    // Resolution time of the month's tickets completed before its end.
    let mut bands = [0u64; RESOLUTION_BANDS.len()];
    for tk in &recs.tickets {
        if let Some(c) = tk.completed_at.filter(|c| *c < end) {
            bands[band((c - tk.reported_at).num_seconds())] += 1;
        }
    }
    let median = fmt::hours(l, t.p50_hours);
    let resolution = ChartView::bars(
        ChartData {
            title: l.t("报事处理时长分布", "Time to resolve requests"),
            label_header: l.t("处理时长", "Time to resolve"),
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
    );

    // Open backlog at month end, oldest first.
    let mut ages = [0u64; 4];
    let backlog: Vec<BacklogRow> = recs
        .open_at_end
        .iter()
        .map(|tk| {
            let secs = (end - tk.reported_at).num_seconds();
            let b = match secs {
                s if s <= 86_400 => 0,
                s if s <= 3 * 86_400 => 1,
                s if s <= 7 * 86_400 => 2,
                _ => 3,
            };
            ages[b] += 1;
            BacklogRow {
                id: tk.id.v.clone(),
                reported: fmt::short_datetime(tk.reported_at),
                category: tk.category.clone(),
                place: place(tk.area, tk.unit.as_ref()),
                description: mask_digits(&tk.description),
                department: tk.department.clone(),
                age: fmt::age(l, secs),
                old: secs > 7 * 86_400,
            }
        })
        .collect();
    let backlog_ages = share_rows(
        backlog.len() as u64,
        AGE_BANDS.iter().zip(ages).map(|(names, c)| (pick(l, *names).to_string(), c)).collect(),
    );

    let missed_24h: Vec<MissRow> = recs
        .tickets
        .iter()
        .filter_map(|tk| {
            let done = tk.completed_at.filter(|c| *c < end)?;
            let deadline = kpi::ticket_followup_deadline(done);
            let f = tk.followup.as_ref();
            if f.is_some_and(|f| f.at <= deadline) {
                return None;
            }
            Some(MissRow {
                id: tk.id.v.clone(),
                category: tk.category.clone(),
                place: place(tk.area, tk.unit.as_ref()),
                done: fmt::short_datetime(done),
                deadline: fmt::short_datetime(deadline),
                followup: f.map(|f| fmt::short_datetime(f.at)).unwrap_or_else(|| l.t("未回访", "none")),
                department: tk.department.clone(),
            })
        })
        .collect();

    let complaints: Vec<ComplaintRow> = recs
        .complaints
        .iter()
        .map(|c| ComplaintRow {
            id: c.id.v.clone(),
            received: fmt::short_datetime(c.received_at),
            channel: c.channel.clone(),
            category: c.category.clone(),
            unit: c.unit.as_ref().map(|u| mask_digits(&u.v)).unwrap_or_else(|| DASH.into()),
            complainant: c.complainant.as_deref().map(mask_name).unwrap_or_else(|| DASH.into()),
            phone: c.phone.as_deref().map(mask_digits).unwrap_or_else(|| DASH.into()),
            description: mask_digits(&c.description),
            valid: c.valid,
            department: c.department.clone(),
            resolved: c
                .resolved_at
                .filter(|r| *r < end)
                .map(fmt::short_datetime)
                .unwrap_or_else(|| l.t("未办结", "unresolved")),
            followup: c
                .followup
                .as_ref()
                .map(|f| format!("{} {}", fmt::short_datetime(f.at), f.result.label()))
                .unwrap_or_else(|| DASH.into()),
        })
        .collect();
    let missed_3wd: Vec<MissRow> = recs
        .complaints
        .iter()
        .filter_map(|c| {
            let done = c.resolved_at.filter(|r| *r < end)?;
            let deadline = kpi::complaint_followup_deadline(&e.calendar, done);
            let f = c.followup.as_ref();
            if f.is_some_and(|f| f.at < deadline) {
                return None;
            }
            Some(MissRow {
                id: c.id.v.clone(),
                category: c.category.clone(),
                place: c.unit.as_ref().map(|u| mask_digits(&u.v)).unwrap_or_else(|| DASH.into()),
                done: fmt::short_datetime(done),
                deadline: fmt::short_datetime(deadline - Duration::seconds(1)),
                followup: f.map(|f| fmt::short_datetime(f.at)).unwrap_or_else(|| l.t("未回访", "none")),
                department: c.department.clone(),
            })
        })
        .collect();

    let fee_items = k
        .fees
        .by_item
        .iter()
        .map(|(item, i)| FeeRow {
            item: item.clone(),
            receivable: fmt::money(i.receivable),
            collected: fmt::money(i.collected),
            rate: i.collection_ratio().percent().unwrap_or_else(|| DASH.into()),
        })
        .collect();

    let visit_units: BTreeSet<&str> = recs.visits.iter().map(|v| v.unit.v.as_str()).collect();
    let f2f = recs.visits.iter().filter(|v| v.mode == VisitMode::FaceToFace).count();
    let visits = VisitSummary {
        records: recs.visits.len(),
        face_to_face: f2f,
        phone: recs.visits.len() - f2f,
        units: visit_units.len(),
    };

    // Inspection calendar, Monday first.
    let mut by_day: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
    for i in &recs.inspections {
        let d = by_day.entry(i.date.day()).or_default();
        d.0 += 1;
        d.1 += i.findings;
    }
    let first = m.first_day();
    let pad = first.weekday().num_days_from_monday();
    let mut cells: Vec<DayCell> = (0..pad).map(|_| DayCell { day: 0, rounds: 0, findings: 0, future: false }).collect();
    let last_day = m.last_day().day();
    for d in 1..=last_day {
        let (rounds, findings) = by_day.get(&d).copied().unwrap_or((0, 0));
        let date = NaiveDate::from_ymd_opt(m.year, m.month, d).unwrap_or(first);
        cells.push(DayCell { day: d, rounds, findings, future: date > cx.today });
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(DayCell { day: 0, rounds: 0, findings: 0, future: false });
    }
    let calendar = cells.chunks(7).map(|w| w.to_vec()).collect();

    let meetings = recs
        .meetings
        .iter()
        .map(|x| MeetingRow {
            date: fmt::date(l, x.date),
            kind: x.kind.label().into(),
            chair: x.chair.clone(),
            notes: x.notes.as_deref().map(mask_digits).unwrap_or_default(),
        })
        .collect();

    let threshold = site.approval_threshold;
    let unapproved: Vec<CostRow> = recs
        .tickets
        .iter()
        .filter(|tk| tk.cost.is_some_and(|c| c >= threshold) && tk.approved_by.is_none())
        .map(|tk| CostRow {
            id: tk.id.v.clone(),
            category: tk.category.clone(),
            cost: tk.cost.map(fmt::money).unwrap_or_default(),
            department: tk.department.clone(),
            reported: fmt::short_datetime(tk.reported_at),
        })
        .collect();
    let mut warnings = Vec::new();
    if !unapproved.is_empty() {
        let (n, money) = (unapproved.len(), fmt::money(threshold));
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
    let held = |kind| super::grid::meeting_held(cx.estate, m, kind, cx.today);
    if !held(MeetingKind::TicketAnalysis) && m.last_day() < cx.today {
        warnings.push(l.t("本月没有报事分析会记录。", "No request analysis meeting is recorded this month."));
    }
    if !held(MeetingKind::ComplaintAnalysis) && m.last_day() < cx.today {
        warnings.push(l.t("本月没有投诉分析会记录。", "No complaint analysis meeting is recorded this month."));
    }

    let label = fmt::month(l, m);
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
        as_of: super::bulletins::in_progress_banner(l, &k),
        compare: if k.in_progress {
            l.t("较上月同期", "vs same days of previous month")
        } else {
            st.vs_prev_month.into()
        },
        prev: neighbours.0.map(month_path),
        next: neighbours.1.map(month_path),
        groups: {
            let mut g = kpi_groups(&k, prev.as_deref(), site, PeriodUnit::Month);
            super::meeting::arrears_row(&mut g, &k, l);
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
        missed_24h,
        complaints,
        missed_3wd,
        fee_items,
        visits,
        visits_text,
        calendar,
        meetings,
        warnings,
        unapproved,
        threshold: fmt::money(threshold),
        routines: super::grid::month_routines(cx, kpis, m),
        lists: super::meeting::lists(ix, e, m, end, &recs.tickets, &recs.complaints),
    };
    let mut meta = cx.meta(Which::Internal, &month_path(m), heading, "months");
    meta.description = tr!(
        l,
        "{estate}{label}报事、投诉、收费、访谈与巡查分析（内部资料）",
        "{estate}, {label}: service requests, complaints, fees, owner visits and inspections (internal)"
    );
    cx.job(Which::Internal, meta, "internal/month.html", &view)
}

/// The text of `l` from a `[zh, en]` pair.
pub(super) fn pick(l: Lang, pair: [&str; 2]) -> &str {
    match l {
        Lang::Zh => pair[0],
        Lang::En => pair[1],
    }
}

/// A month in the internal index.
#[derive(Clone, Debug, Serialize)]
pub struct IndexMonth {
    /// `2026年10月`, `Oct 2026`.
    pub label: String,
    /// Site path.
    pub path: String,
    /// Tickets reported.
    pub tickets: u64,
    /// Ticket completion rate.
    pub completion: String,
    /// Complaints received.
    pub complaints: u64,
    /// Fee collection rate.
    pub collection: String,
    /// Still in progress on `--date`.
    pub in_progress: bool,
}

/// A year in the internal index.
#[derive(Clone, Debug, Serialize)]
pub struct IndexYear {
    /// Year.
    pub year: i32,
    /// `2026年`, `2026`.
    pub label: String,
    /// Grid page.
    pub grid: String,
    /// The grid page's title.
    pub grid_label: String,
    /// Months, newest first.
    pub months: Vec<IndexMonth>,
}

/// The internal index.
#[derive(Clone, Debug, Serialize)]
pub struct InternalIndex {
    /// Years, newest first.
    pub years: Vec<IndexYear>,
}

/// Every internal page; of the month pages, only those reading records of
/// month `from` onwards (all when `None`, see [`super::needed`]).
pub fn jobs(cx: &Ctx, kpis: &KpiCache, from: Option<Month>) -> Vec<Job> {
    let l = cx.lang();
    let estate = &cx.estate.site.estate;
    let grid_title = |y: i32| tr!(l, "{y}年日常工作标准执行情况", "Daily work standards, {y}");
    let pages: BTreeSet<Month> = kpis.record_months.iter().copied().collect();
    let by_month = group_by_month_as_of(cx.estate, &pages, cx.today);
    let ix = super::meeting::Index::new(cx.estate);
    let empty = MonthRecords::default();
    let list: Vec<Month> = pages.iter().copied().collect();
    // A month page reads its own and earlier months, and links to the next
    // month with records (the last page: to whatever month comes next).
    let mut jobs: Vec<Job> = list
        .par_iter()
        .enumerate()
        .filter(|&(i, _)| super::needed(list.get(i + 1).copied(), from))
        .map(|(i, &m)| {
            let recs = by_month.get(&m).unwrap_or(&empty);
            let neighbours = (i.checked_sub(1).map(|j| list[j]), list.get(i + 1).copied());
            month_page(cx, kpis, &ix, m, recs, neighbours).upto(neighbours.1)
        })
        .collect();
    let years: BTreeSet<i32> = pages.iter().map(|m| m.year).collect();
    for &y in &years {
        let view = super::grid::grid_view(cx, kpis, y);
        let mut meta = cx.meta(Which::Internal, &grid_path(y), grid_title(y), "standards");
        meta.description = tr!(
            l,
            "{estate}{y}年项目客服部日常工作标准执行情况（内部资料）",
            "{estate}: customer service daily work standards, {y} (internal)"
        );
        jobs.push(cx.job(Which::Internal, meta, "internal/grid.html", &view));
    }
    let index = InternalIndex {
        years: years
            .iter()
            .rev()
            .map(|&y| IndexYear {
                year: y,
                label: fmt::year(l, y),
                grid: grid_path(y),
                grid_label: grid_title(y),
                months: list
                    .iter()
                    .rev()
                    .filter(|m| m.year == y)
                    .map(|&m| {
                        let k = kpis.month(m);
                        IndexMonth {
                            label: fmt::month(l, m),
                            path: month_path(m),
                            tickets: k.tickets.reported,
                            completion: k.tickets.completion_ratio().percent().unwrap_or_else(|| DASH.into()),
                            complaints: k.complaints.received,
                            collection: k.fees.collection_ratio().percent().unwrap_or_else(|| DASH.into()),
                            in_progress: k.in_progress,
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut meta = cx.meta(Which::Internal, "index.html", cx.s().internal, "home");
    meta.description = tr!(
        l,
        "{estate}月度分析与工作标准执行情况（内部资料）",
        "{estate}: monthly analysis and daily work standards (internal)"
    );
    jobs.push(cx.job(Which::Internal, meta, "internal/index.html", &index));
    jobs
}
