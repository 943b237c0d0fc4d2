//! Quarterly service bulletins (服务简报): one page per quarter with records,
//! and an index.
//!
//! Each bulletin shows the quarter's KPIs against targets (the same figures
//! as `wuye kpi --period YYYY-Qn`, from the same engine), four charts with
//! their numbers as tables, and the staff's narrative from
//! `bulletins/YYYY-Qn.md` when present. Aggregates only: nothing here reads
//! a personal field.

use rayon::prelude::*;
use serde::Serialize;

use super::kpis::{KpiGroup, PeriodFigures, PeriodUnit, kpi_groups};
use super::strings::{strings, tr};
use super::{Ctx, Job, Which, format, markdown};
use crate::charts::{self, ChartData, Scale, Series, TableData};
use crate::diag::Code;
use crate::i18n::Lang;
use crate::kpi::{self, PeriodKpi, Ratio};
use crate::records::{Area, Quarter};
use crate::scalars::Month;

/// The bulletin path of a quarter.
pub fn bulletin_path(q: Quarter) -> String {
    format!("bulletins/{q}.html")
}

/// A chart with its title and its numbers as a table.
#[derive(Clone, Debug, Serialize)]
pub struct ChartView {
    /// Title (also inside the SVG for screen readers).
    pub title: String,
    /// Inline SVG, wide (desktop and print; safe: plotters escapes its text).
    pub svg: String,
    /// The same chart drawn narrow, shown instead on phones.
    pub svg_narrow: String,
    /// The same numbers as a table.
    pub table: TableData,
    /// A note under the chart (e.g. what is counted), or empty.
    pub note: String,
}

impl ChartView {
    fn new(d: ChartData, note: impl Into<String>, draw: fn(&ChartData, u32) -> String) -> ChartView {
        ChartView {
            svg: draw(&d, charts::WIDTH),
            svg_narrow: draw(&d, charts::NARROW),
            table: d.table(),
            title: d.title,
            note: note.into(),
        }
    }
    /// A bar chart (stacked when several series).
    pub fn bars(d: ChartData, note: impl Into<String>) -> ChartView {
        ChartView::new(d, note, charts::bars)
    }
    /// A horizontal bar chart.
    pub fn hbars(d: ChartData, note: impl Into<String>) -> ChartView {
        ChartView::new(d, note, charts::hbars)
    }
    /// A line chart.
    pub fn lines(d: ChartData, note: impl Into<String>) -> ChartView {
        ChartView::new(d, note, charts::lines)
    }
}

/// A bulletin page.
#[derive(Clone, Debug, Serialize)]
pub struct BulletinView {
    /// `2026年第三季度`.
    pub quarter: String,
    /// Title from the narrative's front matter, or a default.
    pub heading: String,
    /// First and last day.
    pub span: String,
    /// KPI groups.
    pub groups: Vec<KpiGroup>,
    /// Charts.
    pub charts: Vec<ChartView>,
    /// The narrative (safe HTML), or empty.
    pub narrative_html: String,
    /// Previous and next bulletins.
    pub prev: Option<String>,
    /// Next bulletin's site path.
    pub next: Option<String>,
    /// For a quarter still running (only previewed by `serve --drafts`): the
    /// banner saying it is in progress and to which day; else empty.
    pub in_progress: String,
    /// The change column's heading: 较上季度, or 较上季度同期 for a running quarter.
    pub compare: String,
    /// The quarter in three to five plain sentences (see [`super::brief`]).
    pub brief: Vec<String>,
    /// The QR code of the bulletin's absolute URL, for the printed copy.
    pub qr: Option<super::share::QrView>,
}

/// A bulletin in the index.
#[derive(Clone, Debug, Serialize)]
pub struct BulletinItem {
    /// `2026年第三季度`.
    pub quarter: String,
    /// Site path.
    pub path: String,
    /// Tickets reported.
    pub tickets: String,
    /// Fee collection rate.
    pub collection: String,
    /// Satisfaction rate.
    pub satisfaction: String,
    /// Whether staff wrote a narrative.
    pub has_narrative: bool,
}

/// The index of bulletins.
#[derive(Clone, Debug, Serialize)]
pub struct IndexView {
    /// Newest first.
    pub items: Vec<BulletinItem>,
}

/// A period from its first to its last day: `2026年7月1日 至 2026年9月30日`,
/// `1 Jul 2026 to 30 Sep 2026`.
pub fn span(l: Lang, first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    let (a, b) = (format::date(l, first), format::date(l, last));
    tr!(l, "{a} 至 {b}", "{a} to {b}")
}

/// "进行中，数据截至 12月4日" for a period cut to date, else empty.
pub fn in_progress_banner(l: Lang, k: &PeriodKpi) -> String {
    match k.as_of {
        Some(d) => {
            let (day, n) = (format::month_day(l, d), k.span.days());
            tr!(
                l,
                "进行中，数据截至 {day}：本期尚未结束，指标为截至当日的数据，与上期同期（前 {n} 天）比较；全年累计目标按已过时间折算。",
                "In progress, data as of {day}: the period is not over; figures run to that day and are compared with the same first {n} days of the previous period; yearly targets are pro-rated."
            )
        }
        None => String::new(),
    }
}

/// A warning for each narrative of a quarter that has not ended by `today`:
/// it is published when the quarter ends (`serve --drafts` previews it).
pub fn unfinished_narratives(
    estate: &crate::records::Estate,
    content: &std::path::Path,
    today: chrono::NaiveDate,
) -> Vec<crate::diag::Diagnostic> {
    let l = estate.site.lang;
    estate
        .bulletins
        .iter()
        .filter(|b| b.quarter.last_month().last_day() > today)
        .map(|b| {
            let q = b.quarter;
            let path = content.join("bulletins").join(format!("{q}.md")).display().to_string();
            crate::diag::Diagnostic::new(Code::BulletinUnpublished,
                path,
                crate::diag::Pos::new(1, 1),
                tr!(
                    l,
                    "{q} 尚未结束（数据截至 {today}）：简报要到季度结束后才会发布；可用 wuye serve --drafts 预览",
                    "{q} has not ended by {today}: its bulletin is published once the quarter is over; preview it with wuye serve --drafts"
                ),
            )
        })
        .collect()
}

/// Category counts in the site's list order, then any other category seen.
pub fn ordered_counts(order: &[String], counts: &std::collections::BTreeMap<String, u64>) -> (Vec<String>, Vec<u64>) {
    let mut labels: Vec<String> = order.to_vec();
    for k in counts.keys() {
        if !labels.contains(k) {
            labels.push(k.clone());
        }
    }
    let values = labels.iter().map(|l| counts.get(l).copied().unwrap_or(0)).collect();
    (labels, values)
}

/// A running month is not drawn like a finished one (docs/kpi.md): its point or
/// bar is left out of the chart, and its cells in the data table say to
/// which day they run. Returns the note to add under the chart, or empty.
pub fn leave_out_running(l: Lang, d: &mut ChartData, kpis: &[&PeriodKpi]) -> String {
    let mut note = String::new();
    for (i, k) in kpis.iter().enumerate() {
        let Some(day) = k.as_of.map(|d| format::month_day(l, d)) else { continue };
        for s in &mut d.series {
            if let Some(v) = s.values.get_mut(i) {
                *v = None;
            }
            if let Some(t) = s.text.get_mut(i) {
                *t = tr!(l, "{t}（截至{day}）", "{t} (to {day})");
            }
        }
        let month = d.table_labels.get(i).or(d.labels.get(i)).cloned().unwrap_or_default();
        note = tr!(
            l,
            "{month}进行中，数据截至 {day}，未画入图中（见数据表）。",
            "{month} is in progress (data to {day}) and is not drawn (see the data table)."
        );
    }
    note
}

fn with_note(note: String, extra: String) -> String {
    match (note.is_empty(), extra.is_empty()) {
        (_, true) => note,
        (true, false) => extra,
        (false, false) => format!("{note}{extra}"),
    }
}

/// Monthly tickets split by area, as stacked bars. The areas (户内, 公区)
/// are record values and keep their Chinese names in both languages.
pub fn tickets_by_area(l: Lang, title: &str, months: &[Month], kpis: &[&PeriodKpi]) -> ChartView {
    let series = [Area::Indoor, Area::Public]
        .iter()
        .map(|a| {
            let v: Vec<u64> = kpis.iter().map(|k| k.tickets.by_area.get(a.label()).copied().unwrap_or(0)).collect();
            Series::counts(a.label(), &v)
        })
        .collect();
    let mut d = ChartData {
        title: title.into(),
        label_header: strings(l).month.into(),
        labels: months.iter().map(|m| format::month_label(l, m.month)).collect(),
        table_labels: months.iter().map(|m| format::month(l, *m)).collect(),
        series,
        scale: Scale::Count,
        target: None,
        target_label: strings(l).target.into(),
    };
    let running = leave_out_running(l, &mut d, kpis);
    let note = tr!(
        l,
        "户内：业主家中的报修与服务；公区：公共区域。",
        "户内: repairs and services in owners’ homes; 公区: common areas."
    );
    ChartView::bars(d, with_note(note, running))
}

/// Fee collection rate by month against the target.
pub fn collection_by_month(l: Lang, title: &str, months: &[Month], kpis: &[&PeriodKpi], target: f64) -> ChartView {
    let ratios: Vec<Ratio> = kpis.iter().map(|k| k.fees.collection_ratio()).collect();
    let mut d = ChartData {
        title: title.into(),
        label_header: strings(l).month.into(),
        labels: months.iter().map(|m| format::month_label(l, m.month)).collect(),
        table_labels: months.iter().map(|m| format::month(l, *m)).collect(),
        series: vec![Series::ratios(strings(l).collection_rate, &ratios)],
        scale: Scale::Percent,
        target: Some(target),
        target_label: strings(l).target.into(),
    };
    let running = leave_out_running(l, &mut d, kpis);
    let note = tr!(
        l,
        "每月账单在当月底前的实收 ÷ 应收（按金额，含预缴）；虚线为目标。无账单的月份不画点。",
        "Each month’s bills: paid by the month’s end ÷ billed (by amount, prepayments included); the dashed line is the target. Months without bills have no point."
    );
    ChartView::lines(d, with_note(note, running))
}

fn categories_chart(l: Lang, k: &PeriodKpi, order: &[String]) -> ChartView {
    let (labels, values) = ordered_counts(order, &k.tickets.by_category);
    ChartView::hbars(
        ChartData {
            title: tr!(l, "报事类别", "Requests by category"),
            label_header: strings(l).category.into(),
            labels,
            table_labels: Vec::new(),
            series: vec![Series::counts(strings(l).col_tickets, &values)],
            scale: Scale::Count,
            target: None,
            target_label: strings(l).target.into(),
        },
        "",
    )
}

fn satisfaction_chart(l: Lang, k: &PeriodKpi) -> ChartView {
    let lines = &k.satisfaction.lines;
    let labels: Vec<String> = lines.keys().cloned().collect();
    let means: Vec<Ratio> = lines.values().map(|l| l.mean_ratio()).collect();
    let values = means.iter().map(|r| r.rate()).collect();
    let text = means.iter().map(|r| kpi::decimal(r.num, r.den, 2).unwrap_or_else(|| kpi::DASH.into())).collect();
    let note = if labels.is_empty() {
        tr!(l, "本季度没有分条线评分的问卷。", "No survey response this quarter scored the service lines.")
    } else {
        tr!(l, "各服务条线问卷评分的平均分（5分制）。", "Mean survey score of each service line (of 5).")
    };
    ChartView::hbars(
        ChartData {
            title: tr!(l, "各服务条线满意度（平均分）", "Satisfaction by service line (mean score)"),
            label_header: tr!(l, "服务条线", "Service line"),
            labels,
            table_labels: Vec::new(),
            series: vec![Series::with_text(tr!(l, "平均分", "Mean score"), values, text)],
            scale: Scale::Score,
            target: None,
            target_label: strings(l).target.into(),
        },
        note,
    )
}

/// One page per quarter with records (of those, only the ones reading records
/// of month `from` onwards, see [`super::needed`]), and the index.
pub fn jobs(cx: &Ctx, kpis: &PeriodFigures, from: Option<Month>) -> Vec<Job> {
    let site = &cx.estate.site;
    let l = cx.lang();
    // Published after their quarter; `serve --drafts` previews the running
    // quarter when its narrative is written.
    let mut quarters = kpis.finished_quarters();
    if cx.drafts
        && let Some(&q) = kpis.record_quarters.last()
        && !quarters.contains(&q)
        && cx.estate.bulletins.iter().any(|b| b.quarter == q)
    {
        quarters.push(q);
    }
    let quarters = &quarters;
    // A quarter's bulletin reads its own and earlier months, and links to the next quarter.
    let upto = |i: usize| quarters.get(i + 1).map(|n: &Quarter| n.last_month());
    let mut jobs: Vec<Job> = quarters
        .par_iter()
        .enumerate()
        .filter(|&(i, _)| super::needed(upto(i), from))
        .map(|(i, &q)| {
            let k = kpis.quarter(q);
            let prev = kpis.previous(&k);
            let groups = kpi_groups(&k, prev.as_deref(), site, PeriodUnit::Quarter);
            let brief = super::brief::sentences(l, &k, &groups, site);
            let months: Vec<Month> = (0..3).map(|d| Month::from_index(q.first_month().index() + d)).collect();
            let month_kpis: Vec<_> = months.iter().map(|m| kpis.month(*m)).collect();
            let refs: Vec<&PeriodKpi> = month_kpis.iter().map(|c| c.as_ref()).collect();
            let year: Vec<Month> = (0..12).map(|d| Month::from_index(q.last_month().index() - 11 + d)).collect();
            let year_kpis: Vec<_> = year.iter().map(|m| kpis.month(*m)).collect();
            let year_refs: Vec<&PeriodKpi> = year_kpis.iter().map(|c| c.as_ref()).collect();
            let charts = vec![
                tickets_by_area(l, &tr!(l, "月度报事量（按区域）", "Monthly requests by area"), &months, &refs),
                categories_chart(l, &k, &site.categories.ticket),
                collection_by_month(
                    l,
                    &tr!(l, "物业费收缴率（近12个月）", "Fee collection rate (last 12 months)"),
                    &year,
                    &year_refs,
                    site.targets.fee_collection_rate,
                ),
                satisfaction_chart(l, &k),
            ];
            let narrative = cx.estate.bulletins.iter().find(|b| b.quarter == q);
            let label = format::quarter(l, q);
            let estate = &site.estate;
            let heading = narrative
                .and_then(|b| b.title.clone())
                .unwrap_or_else(|| tr!(l, "{estate}{label}服务简报", "{estate} service bulletin, {label}"));
            let view = BulletinView {
                quarter: label.clone(),
                heading: heading.clone(),
                span: span(l, k.start, k.end),
                in_progress: in_progress_banner(l, &k),
                compare: if k.in_progress {
                    tr!(l, "较上季度同期", "vs same days of previous quarter")
                } else {
                    strings(l).vs_prev_quarter.into()
                },
                groups,
                charts,
                narrative_html: narrative.map(|b| markdown::to_html(&b.body)).unwrap_or_default(),
                prev: i.checked_sub(1).and_then(|j| quarters.get(j)).map(|p| bulletin_path(*p)),
                next: quarters.get(i + 1).map(|n| bulletin_path(*n)),
                brief,
                qr: super::share::qr(&format::absolute_url(&site.base_url, &bulletin_path(q))),
            };
            let mut meta = cx.meta(Which::Public, &bulletin_path(q), heading, "bulletins");
            meta.og_type = "article";
            meta.published = q.last_month().last_day().to_string();
            meta.kind = cx.s().bulletins.to_string();
            let name = &site.name;
            // The first plain sentence says more in a share card than a list of topics.
            meta.description = view.brief.first().cloned().unwrap_or_else(|| {
                tr!(
                    l,
                    "{name}{label}服务简报：报事、投诉、物业费收缴、满意度、访谈与巡查。",
                    "{name} service bulletin, {label}: service requests, complaints, fee collection, satisfaction, owner visits and inspections."
                )
            });
            cx.job(Which::Public, meta, "bulletins/page.html", &view).upto(upto(i))
        })
        .collect();
    let items = quarters
        .iter()
        .rev()
        .map(|&q: &Quarter| {
            let k = kpis.quarter(q);
            BulletinItem {
                quarter: format::quarter(l, q),
                path: bulletin_path(q),
                tickets: k.tickets.reported.to_string(),
                collection: k.fees.collection_ratio().percent().unwrap_or_else(|| kpi::DASH.into()),
                satisfaction: k.satisfaction.satisfied_ratio().percent().unwrap_or_else(|| kpi::DASH.into()),
                has_narrative: cx.estate.bulletins.iter().any(|b| b.quarter == q),
            }
        })
        .collect();
    let mut meta = cx.meta(Which::Public, "bulletins/index.html", cx.s().bulletins, "bulletins");
    let name = &site.name;
    meta.description = tr!(
        l,
        "{name}每季度服务简报：服务数据与工作总结。",
        "{name} quarterly service bulletins: service figures and a summary of our work."
    );
    jobs.push(cx.job(Which::Public, meta, "bulletins/index.html", &IndexView { items }));
    jobs
}
