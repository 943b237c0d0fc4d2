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

use super::bulletins::{ChartView, collection_by_month, ordered_counts, tickets_by_area};
use super::public::{KpiCache, KpiGroup, kpi_groups, pro_rata};
use super::{Ctx, Job, Which, fmt};
use crate::charts::{ChartData, Scale, Series};
use crate::kpi::{self, DASH, PeriodKpi, Ratio};
use crate::privacy::{mask_digits, mask_name};
use crate::records::{Area, Complaint, Estate, Inspection, Meeting, MeetingKind, Quarter, Ticket, Visit, VisitMode};
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

/// Groups every record by month, once.
pub fn group_by_month<'a>(e: &'a Estate, pages: &BTreeSet<Month>) -> BTreeMap<Month, MonthRecords<'a>> {
    let mut map: BTreeMap<Month, MonthRecords<'a>> = BTreeMap::new();
    let r = &e.records;
    for t in &r.tickets {
        map.entry(Month::of(t.reported_at.date())).or_default().tickets.push(t);
    }
    for c in &r.complaints {
        map.entry(Month::of(c.received_at.date())).or_default().complaints.push(c);
    }
    for i in &r.inspections {
        map.entry(Month::of(i.date)).or_default().inspections.push(i);
    }
    for m in &r.meetings {
        map.entry(Month::of(m.date)).or_default().meetings.push(m);
    }
    for v in &r.visits {
        map.entry(Month::of(v.date)).or_default().visits.push(v);
    }
    // Spread each ticket over the page months at whose end it is open.
    if let Some(last) = pages.last().copied() {
        for t in &r.tickets {
            let from = Month::of(t.reported_at.date());
            // Open at the end of month m when completed_at >= end(m), i.e. m < month of completion
            // (or m is that month and completion is at its very end: impossible, end is exclusive).
            let until = match t.completed_at {
                Some(c) => {
                    let cm = Month::of(c.date());
                    if cm.index() <= from.index() { continue } else { cm.prev() }
                }
                None => last,
            };
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
    /// Unit, or 公区.
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
    /// The follow-up (short), or 未回访.
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
    /// Resolved (short) or 未办结.
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
    /// `2026年10月`.
    pub month: String,
    /// `2026-10`.
    pub month_iso: String,
    /// Text for the print header (CSS string, escaped).
    pub print_header: String,
    /// First to last day.
    pub span: String,
    /// Still in progress on `--date`.
    pub in_progress: bool,
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
}

fn share_rows(total: u64, items: Vec<(String, u64)>) -> Vec<CountRow> {
    items
        .into_iter()
        .map(|(name, count)| CountRow {
            name,
            count,
            share: kpi::percent(count as i64, total as i64).unwrap_or_else(|| DASH.into()),
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

const RESOLUTION_BANDS: [(&str, i64); 6] = [
    ("2小时内", 2 * 3600),
    ("2–8小时", 8 * 3600),
    ("8–24小时", 24 * 3600),
    ("1–3天", 3 * 86_400),
    ("3–7天", 7 * 86_400),
    ("7天以上", i64::MAX),
];

fn band(secs: i64) -> usize {
    RESOLUTION_BANDS.iter().position(|(_, max)| secs <= *max).unwrap_or(RESOLUTION_BANDS.len() - 1)
}

fn month_page(
    cx: &Ctx,
    kpis: &KpiCache,
    m: Month,
    recs: &MonthRecords,
    neighbours: (Option<Month>, Option<Month>),
) -> Job {
    let e = cx.estate;
    let site = &e.site;
    let k = kpis.month(m);
    let prev = kpis.month(m.prev());
    let end: NaiveDateTime = m.next().first_day().and_hms_opt(0, 0, 0).unwrap_or_default();
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
    let trend = ChartView::lines(
        ChartData {
            title: "近12个月报事与投诉量".into(),
            label_header: "月份".into(),
            labels: months.iter().map(|x| fmt::month_label(*x)).collect(),
            table_labels: months.iter().map(|x| fmt::month(*x)).collect(),
            series: vec![
                Series::counts("报事", &refs.iter().map(|k| k.tickets.reported).collect::<Vec<_>>()),
                Series::counts("投诉", &refs.iter().map(|k| k.complaints.received).collect::<Vec<_>>()),
            ],
            scale: Scale::Count,
            target: None,
        },
        "",
    );
    let area_trend = tickets_by_area("近12个月报事量（按区域）", &months, &refs);
    let fees_chart = collection_by_month("近12个月物业费收缴率", &months, &refs, site.targets.fee_collection_rate);

    // Resolution time of the month's tickets completed before its end.
    let mut bands = [0u64; RESOLUTION_BANDS.len()];
    for tk in &recs.tickets {
        if let Some(c) = tk.completed_at.filter(|c| *c < end) {
            bands[band((c - tk.reported_at).num_seconds())] += 1;
        }
    }
    let resolution = ChartView::bars(
        ChartData {
            title: "报事处理时长分布".into(),
            label_header: "处理时长".into(),
            labels: RESOLUTION_BANDS.iter().map(|(l, _)| l.to_string()).collect(),
            table_labels: Vec::new(),
            series: vec![Series::counts("报事量", &bands)],
            scale: Scale::Count,
            target: None,
        },
        format!("本月受理并在月底前完成的报事，从受理到完成的时长；中位数 {}。", fmt::hours(t.p50_hours)),
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
                age: fmt::age(secs),
                old: secs > 7 * 86_400,
            }
        })
        .collect();
    let backlog_ages = share_rows(
        backlog.len() as u64,
        ["1天内", "1–3天", "3–7天", "7天以上"].iter().zip(ages).map(|(l, c)| (l.to_string(), c)).collect(),
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
                followup: f.map(|f| fmt::short_datetime(f.at)).unwrap_or_else(|| "未回访".into()),
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
            resolved: c.resolved_at.filter(|r| *r < end).map(fmt::short_datetime).unwrap_or_else(|| "未办结".into()),
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
                followup: f.map(|f| fmt::short_datetime(f.at)).unwrap_or_else(|| "未回访".into()),
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
            date: fmt::date(x.date),
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
        warnings.push(format!(
            "{} 件维修费用达到 {} 以上但没有审批人（approved_by），见下表。",
            unapproved.len(),
            fmt::money(threshold)
        ));
    }
    let late_entry = recs
        .tickets
        .iter()
        .filter(|tk| tk.entered_at.is_some_and(|x| x - tk.reported_at > Duration::hours(24)))
        .count();
    if late_entry > 0 {
        warnings.push(format!("{late_entry} 件报事在受理24小时后才录入系统（夜间报事应于次日录入）。"));
    }
    if !recs.meetings.iter().any(|x| x.kind == MeetingKind::TicketAnalysis) && m.last_day() < cx.today {
        warnings.push("本月没有报事分析会记录。".into());
    }
    if !recs.meetings.iter().any(|x| x.kind == MeetingKind::ComplaintAnalysis) && m.last_day() < cx.today {
        warnings.push("本月没有投诉分析会记录。".into());
    }

    let label = fmt::month(m);
    let view = MonthView {
        month: label.clone(),
        month_iso: m.to_string(),
        print_header: css_string(&format!("{} · {}月度分析 · 内部资料", site.estate, label)),
        span: format!("{} 至 {}", fmt::date(m.first_day()), fmt::date(m.last_day())),
        in_progress: m.last_day() >= cx.today,
        prev: neighbours.0.map(month_path),
        next: neighbours.1.map(month_path),
        groups: kpi_groups(&k, Some(&prev), site, "月"),
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
        calendar,
        meetings,
        warnings,
        unapproved,
        threshold: fmt::money(threshold),
    };
    let mut meta = cx.meta(Which::Internal, &month_path(m), format!("{label}月度分析"), "months");
    meta.description = format!("{}{}报事、投诉、收费、访谈与巡查分析（内部资料）", site.estate, label);
    cx.job(Which::Internal, meta, "internal/month.html", &view)
}

/// A cell of the work-standard grid.
#[derive(Clone, Debug, Serialize)]
pub struct GridCell {
    /// `◎`, `✗`, `—` or empty.
    pub mark: &'static str,
    /// CSS class: `met`, `missed`, `na`, `blank`.
    pub class: &'static str,
    /// Why (figure against target), for the tooltip and print legend.
    pub why: String,
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
    /// How a month is judged.
    pub rule: String,
    /// Twelve cells.
    pub cells: Vec<GridCell>,
}

/// The grid page of one year.
#[derive(Clone, Debug, Serialize)]
pub struct GridView {
    /// Year.
    pub year: i32,
    /// Print header text (CSS string).
    pub print_header: String,
    /// Rows.
    pub rows: Vec<GridRow>,
    /// Month headers with links to the month's page when it exists.
    pub months: Vec<GridMonth>,
    /// Previous and next year's grid.
    pub prev: Option<String>,
    /// Next year's grid.
    pub next: Option<String>,
}

/// A month column header.
#[derive(Clone, Debug, Serialize)]
pub struct GridMonth {
    /// 1–12.
    pub number: u32,
    /// Link to the monthly page, when there is one.
    pub path: Option<String>,
}

const MET: GridCell = GridCell { mark: "◎", class: "met", why: String::new() };

fn cell(mark: Option<bool>, why: String) -> GridCell {
    match mark {
        Some(true) => GridCell { why, ..MET },
        Some(false) => GridCell { mark: "✗", class: "missed", why },
        None => GridCell { mark: "—", class: "na", why },
    }
}

fn blank() -> GridCell {
    GridCell { mark: "", class: "blank", why: String::new() }
}

fn no_record() -> GridCell {
    GridCell { mark: "—", class: "na", why: "没有记录此项工作的记录类型".into() }
}

fn meets_pro_rata(r: Ratio, target: f64, m: Month) -> Option<bool> {
    // num/den >= target × m/12, with a little slack for the float target.
    r.rate().map(|v| v + 1e-12 >= pro_rata(target, m))
}

fn rate_why(name: &str, r: Ratio, target: f64) -> String {
    format!("{name} {}，目标 {:.1}%", r.percent().unwrap_or_else(|| "无可计算数据".into()), target * 100.0)
}

/// The work-standard grid (项目客服部日常工作标准) of one year: one row per
/// standard of the seed table, one column per month.
pub fn grid_view(cx: &Ctx, kpis: &KpiCache, year: i32, by_month: &BTreeMap<Month, MonthRecords>) -> GridView {
    let tg = &cx.estate.site.targets;
    let today = cx.today;
    let first_record = kpis.record_months.first().copied();
    let page_months: BTreeSet<Month> = kpis.record_months.iter().copied().collect();
    let quarters: BTreeSet<Quarter> = kpis.record_quarters.iter().copied().collect();
    let months: Vec<Month> = (1..=12).map(|month| Month { year, month }).collect();
    // A month is judged once it has begun and the estate has records from then on.
    let judged = |m: Month| m.first_day() <= today && first_record.is_some_and(|f| m >= f);
    let meeting =
        |m: Month, kind: MeetingKind| by_month.get(&m).is_some_and(|r| r.meetings.iter().any(|x| x.kind == kind));
    type Judge<'b> = Box<dyn Fn(Month, &PeriodKpi) -> GridCell + 'b>;
    let none = || None::<Judge<'_>>;
    let quarters = &quarters;
    let standards: Vec<(&str, &str, &str, &str, Option<Judge>)> = vec![
        ("报事", "物业系统报事每日清理", "1次/天", "没有记录此项工作的记录类型", none()),
        ("报事", "夜间报事录入", "1次/天", "没有记录此项工作的记录类型", none()),
        ("报事", "未完报事处理情况的跟踪", "1次/周", "没有记录此项工作的记录类型", none()),
        (
            "报事",
            "参与项目组织的报事分析会",
            "1次/月",
            "当月有报事分析会记录",
            Some(Box::new(move |m, _| {
                let ok = meeting(m, MeetingKind::TicketAnalysis);
                cell(Some(ok), if ok { "有报事分析会记录".into() } else { "没有报事分析会记录".into() })
            })),
        ),
        (
            "投诉",
            "参与项目组织的月度投诉分析会",
            "1次/月",
            "当月有投诉分析会记录",
            Some(Box::new(move |m, _| {
                let ok = meeting(m, MeetingKind::ComplaintAnalysis);
                cell(Some(ok), if ok { "有投诉分析会记录".into() } else { "没有投诉分析会记录".into() })
            })),
        ),
        ("投诉", "各地主要网络平台客户问题的跟进处理", "及时", "没有记录此项工作的记录类型", none()),
        (
            "投诉",
            "日常报事回访（报事处理完成后）",
            "24小时内 100%",
            "当月24小时回访率达到目标",
            Some(Box::new(move |_, k| {
                let r = k.tickets.followup_24h_ratio();
                cell(r.meets(tg.ticket_followup_24h_rate), rate_why("24小时回访率", r, tg.ticket_followup_24h_rate))
            })),
        ),
        (
            "投诉",
            "投诉回访（投诉处理完成后）",
            "3个工作日内",
            "当月3个工作日回访率达到目标",
            Some(Box::new(move |_, k| {
                let r = k.complaints.followup_3wd_ratio();
                cell(
                    r.meets(tg.complaint_followup_3wd_rate),
                    rate_why("3个工作日回访率", r, tg.complaint_followup_3wd_rate),
                )
            })),
        ),
        (
            "品质",
            "园区现场巡查",
            "1次/天",
            "当月巡查达标率达到目标",
            Some(Box::new(move |_, k| {
                let r = k.inspections.compliance_ratio();
                cell(r.meets(tg.inspection_compliance), rate_why("巡查达标率", r, tg.inspection_compliance))
            })),
        ),
        (
            "客户关系",
            "已入住业主访谈（面访全年应覆盖20%）",
            "1次/年·户",
            "年初至当月：覆盖率 ≥ 目标×月数/12，且面访占比 ≥ 目标×月数/12",
            Some(Box::new(move |m, k| {
                let (c, f) = (k.visits.coverage_ratio(), k.visits.face_to_face_ratio());
                let mark = match (
                    meets_pro_rata(c, tg.visit_coverage, m),
                    meets_pro_rata(f, tg.visit_face_to_face_share, m),
                ) {
                    (Some(a), Some(b)) => Some(a && b),
                    _ => None,
                };
                let why = format!(
                    "覆盖率 {}（进度目标 {:.1}%），面访占比 {}（进度目标 {:.1}%）",
                    c.percent().unwrap_or_else(|| DASH.into()),
                    pro_rata(tg.visit_coverage, m) * 100.0,
                    f.percent().unwrap_or_else(|| DASH.into()),
                    pro_rata(tg.visit_face_to_face_share, m) * 100.0
                );
                cell(mark, why)
            })),
        ),
        (
            "客户关系",
            "已交付未入住业主访谈（空置房、装修房）",
            "2次/年·户",
            "年初至当月：访谈满2次的空置/装修户占比 ≥ 月数/12",
            Some(Box::new(move |m, k| {
                let r = k.visits.unoccupied_ratio();
                let why = format!(
                    "完成率 {}（进度目标 {:.1}%）",
                    r.percent().unwrap_or_else(|| DASH.into()),
                    pro_rata(1.0, m) * 100.0
                );
                cell(meets_pro_rata(r, 1.0, m), why)
            })),
        ),
        ("客户关系", "客户细分评估（客户背景资料维护）", "1次/半年", "没有记录此项工作的记录类型", none()),
        (
            "客户关系",
            "服务简报公示",
            "1次/季度",
            "季度末月：该季度有记录即由 wuye 生成服务简报",
            Some(Box::new(move |m, _| quarterly(m, quarters, "服务简报"))),
        ),
        ("客户关系", "房屋、车位转让租赁信息更新", "1次/周", "没有记录此项工作的记录类型", none()),
        (
            "客户关系",
            "失物清理并公示",
            "1次/季",
            "季度末月：该季度有记录即由 wuye 生成失物招领公告",
            Some(Box::new(move |m, _| quarterly(m, quarters, "失物招领公告"))),
        ),
    ];
    let month_kpis: Vec<Option<std::borrow::Cow<PeriodKpi>>> =
        months.iter().map(|m| judged(*m).then(|| kpis.month(*m))).collect();
    let rows = standards
        .into_iter()
        .enumerate()
        .map(|(i, (group, work, frequency, rule, judge))| GridRow {
            no: i + 1,
            group: group.into(),
            work: work.into(),
            frequency: frequency.into(),
            rule: rule.into(),
            cells: months
                .iter()
                .zip(&month_kpis)
                .map(|(m, k)| match (k, &judge) {
                    (None, _) => blank(),
                    (Some(_), None) => no_record(),
                    (Some(k), Some(j)) => j(*m, k),
                })
                .collect(),
        })
        .collect();
    let years: BTreeSet<i32> = kpis.record_months.iter().map(|m| m.year).collect();
    GridView {
        year,
        print_header: css_string(&format!(
            "{} · {}年客服部日常工作标准执行情况 · 内部资料",
            cx.estate.site.estate, year
        )),
        rows,
        months: months
            .iter()
            .map(|m| GridMonth { number: m.month, path: page_months.contains(m).then(|| month_path(*m)) })
            .collect(),
        prev: years.range(..year).next_back().map(|y| grid_path(*y)),
        next: years.range(year + 1..).next().map(|y| grid_path(*y)),
    }
}

fn quarterly(m: Month, quarters: &BTreeSet<Quarter>, what: &str) -> GridCell {
    if !m.month.is_multiple_of(3) {
        return blank();
    }
    let q = Quarter::of(m);
    if quarters.contains(&q) {
        GridCell { why: format!("{}{}已生成", fmt::quarter(q), what), ..MET }
    } else {
        GridCell { mark: "—", class: "na", why: format!("{}没有记录", fmt::quarter(q)) }
    }
}

/// A month in the internal index.
#[derive(Clone, Debug, Serialize)]
pub struct IndexMonth {
    /// `2026年10月`.
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
    /// Grid page.
    pub grid: String,
    /// Months, newest first.
    pub months: Vec<IndexMonth>,
}

/// The internal index.
#[derive(Clone, Debug, Serialize)]
pub struct InternalIndex {
    /// Years, newest first.
    pub years: Vec<IndexYear>,
}

/// Every internal page.
pub fn jobs(cx: &Ctx, kpis: &KpiCache) -> Vec<Job> {
    let pages: BTreeSet<Month> = kpis.record_months.iter().copied().collect();
    let by_month = group_by_month(cx.estate, &pages);
    let empty = MonthRecords::default();
    let list: Vec<Month> = pages.iter().copied().collect();
    let mut jobs: Vec<Job> = list
        .par_iter()
        .enumerate()
        .map(|(i, &m)| {
            let recs = by_month.get(&m).unwrap_or(&empty);
            let neighbours = (i.checked_sub(1).map(|j| list[j]), list.get(i + 1).copied());
            month_page(cx, kpis, m, recs, neighbours)
        })
        .collect();
    let years: BTreeSet<i32> = pages.iter().map(|m| m.year).collect();
    for &y in &years {
        let view = grid_view(cx, kpis, y, &by_month);
        let mut meta = cx.meta(Which::Internal, &grid_path(y), format!("{y}年日常工作标准执行情况"), "standards");
        meta.description = format!("{}{}年项目客服部日常工作标准执行情况（内部资料）", cx.estate.site.estate, y);
        jobs.push(cx.job(Which::Internal, meta, "internal/grid.html", &view));
    }
    let index = InternalIndex {
        years: years
            .iter()
            .rev()
            .map(|&y| IndexYear {
                year: y,
                grid: grid_path(y),
                months: list
                    .iter()
                    .rev()
                    .filter(|m| m.year == y)
                    .map(|&m| {
                        let k = kpis.month(m);
                        IndexMonth {
                            label: fmt::month(m),
                            path: month_path(m),
                            tickets: k.tickets.reported,
                            completion: k.tickets.completion_ratio().percent().unwrap_or_else(|| DASH.into()),
                            complaints: k.complaints.received,
                            collection: k.fees.collection_ratio().percent().unwrap_or_else(|| DASH.into()),
                            in_progress: m.last_day() >= cx.today,
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut meta = cx.meta(Which::Internal, "index.html", "内部资料", "home");
    meta.description = format!("{}月度分析与工作标准执行情况（内部资料）", cx.estate.site.estate);
    jobs.push(cx.job(Which::Internal, meta, "internal/index.html", &index));
    jobs
}
