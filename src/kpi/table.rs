//! `wuye kpi --format table`: the figures of one period for a person.
//!
//! Labels from the [KPI catalogue](super::catalogue) in the site's language
//! (the same names the pages use), percentages rounded half up to one decimal from the exact
//! integers ([`super::percent`]), the site's target beside each KPI that has
//! one, and `✗ 未达标` where the target is missed. A rate with no value shows
//! [`DASH`] and is never marked: there is nothing to judge.

use std::fmt::Write as _;

use chrono::Datelike;

use super::catalogue::{self, Format, Group, Value};
use super::{DASH, PeriodKpi, Ratio, decimal};
use crate::config::Site;
use crate::i18n::{Lang, tr};
use crate::scalars::Money;

/// The mark printed beside a KPI that misses its target (Chinese; see [`missed`]).
pub const MISSED: &str = "✗ 未达标";

enum Row {
    /// A figure: label, value, optional (ratio, target).
    Figure(String, String, Option<(Ratio, f64)>),
    /// A free line of text under a label (breakdowns).
    Text(String, String),
}

struct Section {
    title: String,
    rows: Vec<Row>,
}

/// Columns in a terminal: CJK and full-width characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => 2,
            0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 => 2,
            0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

/// A rate shown as `83.3%（10/12）` (`83.3% (10/12)`), or [`DASH`] when it has no value.
fn rate_text(l: Lang, r: Ratio) -> String {
    match r.percent() {
        Some(p) => {
            let (num, den) = (r.num, r.den);
            tr!(l, "{p}（{num}/{den}）", "{p} ({num}/{den})")
        }
        None => DASH.to_string(),
    }
}

/// A money rate: the fraction would be in fen, so only the percentage.
fn money_rate_text(r: Ratio) -> String {
    r.percent().unwrap_or_else(|| DASH.to_string())
}

fn yuan(l: Lang, m: Money) -> String {
    let g = m.grouped();
    tr!(l, "{g} 元", "{g} yuan")
}

/// `200` for 200.00 yuan, `199.50` otherwise: thresholds read as people write them.
fn whole_yuan(m: Money) -> String {
    if m.0 % 100 == 0 { (m.0 / 100).to_string() } else { m.plain() }
}

fn target_text(l: Lang, t: f64) -> String {
    // Targets are decimals a person typed (0.95); one decimal of percent shows them as written.
    let pct = t * 100.0;
    tr!(l, "目标 {pct:.1}%", "target {pct:.1}%")
}

/// The mark beside a missed target, in `l`.
pub fn missed(l: Lang) -> &'static str {
    match l {
        Lang::Zh => MISSED,
        Lang::En => "✗ missed",
    }
}

fn breakdown(map: &std::collections::BTreeMap<String, u64>) -> String {
    if map.is_empty() {
        return DASH.to_string();
    }
    // Largest first: the breakdown a manager reads for "where do tickets come from".
    let mut pairs: Vec<(&String, &u64)> = map.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    pairs.into_iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(" · ")
}

/// A catalogue figure as the terminal shows it, with its target when it has one.
fn row(id: &str, k: &PeriodKpi, site: &Site) -> Row {
    let l = site.lang;
    let d = catalogue::get(id);
    let two = |r: Ratio| decimal(r.num, r.den, 2).unwrap_or_else(|| DASH.to_string());
    let value = match (d.value, d.format) {
        (Value::Count(f), _) => f(k).to_string(),
        (Value::Money(f), _) => yuan(l, f(k)),
        (Value::Hours(f), _) => match f(k).and_then(|r| decimal(r.num, r.den, 1)) {
            Some(h) => tr!(l, "{h} 小时", "{h} h"),
            None => DASH.to_string(),
        },
        (Value::Ratio(f), Format::MoneyRate) => money_rate_text(f(k)),
        (Value::Ratio(f), Format::Decimal) => two(f(k)),
        (Value::Ratio(f), _) => rate_text(l, f(k)),
    };
    // Accruing targets are pro-rated to the cut of a period in progress (docs/kpi.md).
    let target = d.target.map(|t| {
        let v = t.of(&site.targets);
        if t.accrues() && k.in_progress { v * super::accrued_share(k.end) } else { v }
    });
    let goal = d.ratio(k).zip(target);
    Row::Figure(d.label.render(l), value, goal)
}

fn sections(k: &PeriodKpi, site: &Site) -> Vec<Section> {
    let l = site.lang;
    let rows = |ids: &[&str]| ids.iter().map(|id| row(id, k, site)).collect::<Vec<Row>>();
    let title = |g: Group| g.title().render(l);

    let t = &k.tickets;
    let mut ticket_rows = rows(&[
        "tickets.reported",
        "tickets.completed",
        "tickets.completion_rate",
        "tickets.open_at_end",
        "tickets.p50_hours",
        "tickets.p90_hours",
        "tickets.followup_24h_rate",
    ]);
    let threshold = whole_yuan(site.approval_threshold);
    ticket_rows.extend([
        Row::Figure(
            tr!(l, "费用≥{threshold}元未审批", "Cost ≥ {threshold} yuan, not approved"),
            t.over_threshold_unapproved.to_string(),
            None,
        ),
        Row::Text(tr!(l, "按区域", "By area"), breakdown(&t.by_area)),
        Row::Text(tr!(l, "按类别", "By category"), breakdown(&t.by_category)),
        Row::Text(tr!(l, "按渠道", "By channel"), breakdown(&t.by_channel)),
    ]);
    let tickets = Section { title: title(Group::Tickets), rows: ticket_rows };

    let c = &k.complaints;
    let mut complaint_rows = rows(&[
        "complaints.received",
        "complaints.valid",
        "complaints.per_100_units",
        "complaints.resolved",
        "complaints.resolution_rate",
        "complaints.followup_3wd_rate",
    ]);
    let (n, units) = (c.repeat_90d, c.repeat_90d_units);
    complaint_rows.extend([
        Row::Figure(
            tr!(l, "90天内同户重复投诉", "Repeat complaints from one unit within 90 days"),
            tr!(l, "{n}（{units} 户）", "{n} ({units} units)"),
            None,
        ),
        Row::Text(tr!(l, "按类别", "By category"), breakdown(&c.by_category)),
    ]);
    let complaints = Section { title: title(Group::Complaints), rows: complaint_rows };

    let f = &k.fees;
    let mut fee_rows = rows(&["fees.receivable", "fees.collected", "fees.collection_rate"]);
    fee_rows.push(Row::Figure(
        tr!(l, "应缴户 / 已缴户", "Households billed / paid"),
        format!("{} / {}", f.households_billed, f.households_paid),
        None,
    ));
    fee_rows.extend(rows(&[
        "fees.household_collection_rate",
        "fees.arrears_at_start",
        "fees.arrears_collected",
        "fees.arrears_recovery_rate",
    ]));
    for (item, i) in &f.by_item {
        let (due, paid, rate) = (yuan(l, i.receivable), yuan(l, i.collected), money_rate_text(i.collection_ratio()));
        fee_rows.push(Row::Text(
            item.clone(),
            tr!(
                l,
                "应收 {due} · 实收 {paid} · 收缴率 {rate}",
                "receivable {due} · collected {paid} · collection {rate}"
            ),
        ));
    }
    let fees = Section { title: title(Group::Fees), rows: fee_rows };

    let s = &k.satisfaction;
    let min = site.satisfied_min_score;
    let mut sat_rows = rows(&["satisfaction.responses"]);
    sat_rows.push(Row::Figure(tr!(l, "满意（≥{min}分）", "Satisfied (≥ {min})"), s.satisfied.to_string(), None));
    sat_rows.extend(rows(&["satisfaction.satisfied_rate", "satisfaction.mean"]));
    for (line, ln) in &s.lines {
        let m = ln.mean_ratio();
        let mean = decimal(m.num, m.den, 2).unwrap_or_else(|| DASH.to_string());
        let rate = rate_text(l, ln.satisfied_ratio());
        sat_rows.push(Row::Text(line.clone(), tr!(l, "平均 {mean} · 满意率 {rate}", "mean {mean} · satisfied {rate}")));
    }
    let satisfaction = Section { title: title(Group::Satisfaction), rows: sat_rows };

    let since = k.visits.since.map(|d| d.to_string()).unwrap_or_default();
    let visits = Section {
        title: tr!(l, "业主访谈（{since} 起累计）", "Owner visits (cumulative since {since})"),
        rows: rows(&[
            "visits.occupied_units",
            "visits.visited_units",
            "visits.coverage",
            "visits.face_to_face_units",
            "visits.face_to_face_share",
            "visits.unoccupied_units",
            "visits.unoccupied_twice",
            "visits.unoccupied_rate",
        ]),
    };

    let inspections = Section {
        title: title(Group::Inspections),
        rows: rows(&["inspections.days", "inspections.days_inspected", "inspections.compliance"]),
    };

    vec![tickets, complaints, fees, satisfaction, visits, inspections]
}

/// A period's heading label: `2026年10月` or `2026-10`, `2026 Q3`, `2026`.
fn period_label(l: Lang, p: super::Period) -> String {
    match (l, p) {
        (Lang::Zh, _) => p.label_zh(),
        (Lang::En, super::Period::Quarter(q)) => format!("{} Q{}", q.year, q.q),
        (Lang::En, _) => p.to_string(),
    }
}

/// The whole table for one period, ending in a newline.
pub fn render(k: &PeriodKpi, site: &Site) -> String {
    let secs = sections(k, site);
    let figures = secs.iter().flat_map(|s| &s.rows).filter_map(|r| match r {
        Row::Figure(l, v, _) => Some((l, v)),
        Row::Text(..) => None,
    });
    let (lw, vw) = figures.fold((0, 0), |(lw, vw), (l, v)| (lw.max(width(l)), vw.max(width(v))));
    let l = site.lang;
    let mut out = String::new();
    let (name, label, start, end) = (&site.name, period_label(l, k.period), k.start, k.end);
    let _ = writeln!(out, "{}", tr!(l, "{name} · {label}（{start} 至 {end}）", "{name} · {label} ({start} to {end})"));
    if let Some(d) = k.as_of {
        let (month, day) = (d.month(), d.day());
        let _ = writeln!(
            out,
            "{}",
            tr!(
                l,
                "进行中，数据截至 {month}月{day}日：本期尚未结束，以下为截至当日的数据；全年累计目标按已过时间折算。",
                "In progress, data as of {d}: the period has not ended, the figures run to that day and yearly targets are pro-rated to the time elapsed."
            )
        );
    }
    let lang = l;
    for s in &secs {
        let _ = writeln!(out, "\n{}", s.title);
        for r in &s.rows {
            let line = match r {
                Row::Figure(l, v, None) => format!("  {}  {}", pad_right(l, lw), pad_left(v, vw)),
                Row::Figure(l, v, Some((ratio, t))) => {
                    let mark =
                        if ratio.meets(*t) == Some(false) { format!("  {}", missed(lang)) } else { String::new() };
                    format!("  {}  {}  {}{mark}", pad_right(l, lw), pad_left(v, vw), target_text(lang, *t))
                }
                Row::Text(l, v) => format!("  {}  {v}", pad_right(l, lw)),
            };
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}
