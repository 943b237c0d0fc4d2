//! `wuye kpi --format table`: the figures of one period for a person.
//!
//! Chinese labels, percentages rounded half up to one decimal from the exact
//! integers ([`super::percent`]), the site's target beside each KPI that has
//! one, and `✗ 未达标` where the target is missed. A rate with no value shows
//! [`DASH`] and is never marked: there is nothing to judge.

use std::fmt::Write as _;

use chrono::Datelike;

use super::{DASH, PeriodKpi, Ratio, decimal};
use crate::config::Site;
use crate::scalars::Money;

/// The mark printed beside a KPI that misses its target.
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

/// A rate shown as `83.3%（10/12）`, or [`DASH`] when it has no value.
fn rate_text(r: Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{p}（{}/{}）", r.num, r.den),
        None => DASH.to_string(),
    }
}

/// A money rate: the fraction would be in fen, so only the percentage.
fn money_rate_text(r: Ratio) -> String {
    r.percent().unwrap_or_else(|| DASH.to_string())
}

fn yuan(m: Money) -> String {
    format!("{} 元", m.grouped())
}

/// `200` for 200.00 yuan, `199.50` otherwise: thresholds read as people write them.
fn whole_yuan(m: Money) -> String {
    if m.0 % 100 == 0 { (m.0 / 100).to_string() } else { m.plain() }
}

fn target_text(t: f64) -> String {
    // Targets are decimals a person typed (0.95); one decimal of percent shows them as written.
    format!("目标 {:.1}%", t * 100.0)
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

fn sections(k: &PeriodKpi, site: &Site) -> Vec<Section> {
    let tg = &site.targets;
    let fig = |l: &str, v: String| Row::Figure(l.to_string(), v, None);
    let goal = |l: &str, v: String, r: Ratio, t: f64| Row::Figure(l.to_string(), v, Some((r, t)));
    let hours = |r: Option<Ratio>| match r.and_then(|r| decimal(r.num, r.den, 1)) {
        Some(h) => format!("{h} 小时"),
        None => DASH.to_string(),
    };

    let t = &k.tickets;
    let tickets = Section {
        title: "报事".into(),
        rows: vec![
            fig("报事数", t.reported.to_string()),
            fig("已完成", t.completed.to_string()),
            goal("完成率", rate_text(t.completion_ratio()), t.completion_ratio(), tg.ticket_completion_rate),
            fig("期末未完成（累计）", t.open_at_end.to_string()),
            fig("处理时长中位数", hours(t.p50_hours)),
            fig("处理时长 P90", hours(t.p90_hours)),
            goal(
                "24小时回访率",
                rate_text(t.followup_24h_ratio()),
                t.followup_24h_ratio(),
                tg.ticket_followup_24h_rate,
            ),
            fig(
                &format!("费用≥{}元未审批", whole_yuan(site.approval_threshold)),
                t.over_threshold_unapproved.to_string(),
            ),
            Row::Text("按区域".into(), breakdown(&t.by_area)),
            Row::Text("按类别".into(), breakdown(&t.by_category)),
            Row::Text("按渠道".into(), breakdown(&t.by_channel)),
        ],
    };

    let c = &k.complaints;
    let p100 = c.per_100_ratio();
    let complaints = Section {
        title: "投诉".into(),
        rows: vec![
            fig("投诉数（含无效）", c.received.to_string()),
            fig("有效投诉", c.valid.to_string()),
            fig("每百户有效投诉", decimal(p100.num, p100.den, 2).unwrap_or_else(|| DASH.to_string())),
            fig("已处理", c.resolved.to_string()),
            fig("处理率", rate_text(c.resolution_ratio())),
            goal(
                "3个工作日内回访率",
                rate_text(c.followup_3wd_ratio()),
                c.followup_3wd_ratio(),
                tg.complaint_followup_3wd_rate,
            ),
            fig("90天内同户重复投诉", format!("{}（{} 户）", c.repeat_90d, c.repeat_90d_units)),
            Row::Text("按类别".into(), breakdown(&c.by_category)),
        ],
    };

    let f = &k.fees;
    let mut fee_rows = vec![
        fig("应收", yuan(f.receivable)),
        fig("实收", yuan(f.collected)),
        goal("收缴率（按金额）", money_rate_text(f.collection_ratio()), f.collection_ratio(), tg.fee_collection_rate),
        fig("应缴户 / 已缴户", format!("{} / {}", f.households_billed, f.households_paid)),
        fig("收缴率（按户数）", rate_text(f.household_collection_ratio())),
        fig("期初欠费", yuan(f.arrears_at_start)),
        fig("清欠金额", yuan(f.arrears_collected)),
        goal(
            "清欠率",
            money_rate_text(f.arrears_recovery_ratio()),
            f.arrears_recovery_ratio(),
            tg.arrears_recovery_rate,
        ),
    ];
    for (item, i) in &f.by_item {
        fee_rows.push(Row::Text(
            item.clone(),
            format!(
                "应收 {} · 实收 {} · 收缴率 {}",
                yuan(i.receivable),
                yuan(i.collected),
                money_rate_text(i.collection_ratio())
            ),
        ));
    }
    let fees = Section { title: "物业费".into(), rows: fee_rows };

    let s = &k.satisfaction;
    let mean = s.mean_ratio();
    let mut sat_rows = vec![
        fig("答卷数", s.responses.to_string()),
        fig(&format!("满意（≥{}分）", site.satisfied_min_score), s.satisfied.to_string()),
        goal("综合满意率", rate_text(s.satisfied_ratio()), s.satisfied_ratio(), tg.satisfaction_rate),
        fig("平均分", decimal(mean.num, mean.den, 2).unwrap_or_else(|| DASH.to_string())),
    ];
    for (line, l) in &s.lines {
        let m = l.mean_ratio();
        sat_rows.push(Row::Text(
            line.clone(),
            format!(
                "平均 {} · 满意率 {}",
                decimal(m.num, m.den, 2).unwrap_or_else(|| DASH.to_string()),
                rate_text(l.satisfied_ratio())
            ),
        ));
    }
    let satisfaction = Section { title: "满意度".into(), rows: sat_rows };

    let v = &k.visits;
    // Accruing targets are pro-rated to the cut of a period in progress (docs/kpi.md).
    let accrue = |t: f64| if k.in_progress { t * super::accrued_share(k.end) } else { t };
    let since = v.since.map(|d| d.to_string()).unwrap_or_default();
    let visits = Section {
        title: format!("业主访谈（{since} 起累计）"),
        rows: vec![
            fig("已入住户", v.occupied_units.to_string()),
            fig("已访谈户", v.visited_units.to_string()),
            goal("访谈覆盖率", rate_text(v.coverage_ratio()), v.coverage_ratio(), accrue(tg.visit_coverage)),
            fig("面访户", v.face_to_face_units.to_string()),
            goal(
                "面访占比",
                rate_text(v.face_to_face_ratio()),
                v.face_to_face_ratio(),
                accrue(tg.visit_face_to_face_share),
            ),
            fig("空置/装修户", v.unoccupied_units.to_string()),
            fig("访谈两次及以上", v.unoccupied_twice.to_string()),
            fig("空置户访谈达标率", rate_text(v.unoccupied_ratio())),
        ],
    };

    let i = &k.inspections;
    let inspections = Section {
        title: "园区巡查".into(),
        rows: vec![
            fig("天数", i.days.to_string()),
            fig("巡查天数", i.days_inspected.to_string()),
            goal("巡查达标率", rate_text(i.compliance_ratio()), i.compliance_ratio(), tg.inspection_compliance),
        ],
    };

    vec![tickets, complaints, fees, satisfaction, visits, inspections]
}

/// The whole table for one period, ending in a newline.
pub fn render(k: &PeriodKpi, site: &Site) -> String {
    let secs = sections(k, site);
    let figures = secs.iter().flat_map(|s| &s.rows).filter_map(|r| match r {
        Row::Figure(l, v, _) => Some((l, v)),
        Row::Text(..) => None,
    });
    let (lw, vw) = figures.fold((0, 0), |(lw, vw), (l, v)| (lw.max(width(l)), vw.max(width(v))));
    let mut out = String::new();
    let _ = writeln!(out, "{} · {}（{} 至 {}）", site.name, k.period.label_zh(), k.start, k.end);
    if let Some(d) = k.as_of {
        let _ = writeln!(
            out,
            "进行中，数据截至 {}月{}日：本期尚未结束，以下为截至当日的数据；全年累计目标按已过时间折算。",
            d.month(),
            d.day()
        );
    }
    for s in &secs {
        let _ = writeln!(out, "\n{}", s.title);
        for r in &s.rows {
            let line = match r {
                Row::Figure(l, v, None) => format!("  {}  {}", pad_right(l, lw), pad_left(v, vw)),
                Row::Figure(l, v, Some((ratio, t))) => {
                    let mark = if ratio.meets(*t) == Some(false) { format!("  {MISSED}") } else { String::new() };
                    format!("  {}  {}  {}{mark}", pad_right(l, lw), pad_left(v, vw), target_text(*t))
                }
                Row::Text(l, v) => format!("  {}  {v}", pad_right(l, lw)),
            };
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}
