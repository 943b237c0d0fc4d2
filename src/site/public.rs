//! KPIs for pages, computed once per build, and the public home page.
//!
//! [`KpiCache`] asks the KPI engine for every month and quarter any page
//! needs, in parallel, before pages are built; page builders then only look
//! figures up. [`kpi_groups`] and [`tiles`] turn a period's figures into the
//! rows the bulletin, the home page and the internal monthly page show, each
//! with its target and its basis (口径) in one line. All percentages are
//! rounded from exact integers by [`crate::kpi`]; nothing here divides.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::notices::{NoticeCard, Published, card};
use super::strings::tr;
use super::{Ctx, Job, Which, fmt};
use crate::config::Site;
use crate::i18n::Lang;
use crate::kpi::{self, DASH, KpiIndex, Period, PeriodKpi, Ratio};
use crate::records::Quarter;
use crate::scalars::Month;

/// Every period's KPIs that pages need, computed once.
pub struct KpiCache<'a> {
    /// The engine, for anything not precomputed.
    pub index: KpiIndex<'a>,
    months: BTreeMap<Month, PeriodKpi>,
    quarters: BTreeMap<Quarter, PeriodKpi>,
    /// Months with records that have begun by `--date`, ascending.
    pub record_months: Vec<Month>,
    /// Quarters with records that have begun by `--date`, ascending.
    pub record_quarters: Vec<Quarter>,
    /// The as-of day: a period running on it is cut to date.
    today: chrono::NaiveDate,
}

impl<'a> KpiCache<'a> {
    /// Indexes the records and computes each month (with 12 months of
    /// history before the first, for trend charts) and each quarter (with
    /// the one before the first, for changes).
    pub fn new(cx: &Ctx<'a>) -> KpiCache<'a> {
        let index = KpiIndex::new(cx.estate);
        let today = cx.today;
        let record_months: Vec<Month> = index.months().iter().copied().filter(|m| m.first_day() <= today).collect();
        let record_quarters: Vec<Quarter> = {
            let mut q: Vec<Quarter> = record_months.iter().map(|m| Quarter::of(*m)).collect();
            q.dedup();
            q
        };
        let mut want: Vec<Month> = Vec::new();
        if let (Some(first), Some(last)) = (record_months.first(), record_months.last()) {
            want = (first.index() - 12..=last.index()).map(Month::from_index).collect();
        }
        let at = |p: Period| index.compute_span(p.cut(today).unwrap_or(kpi::Span::empty(p)));
        let months: BTreeMap<Month, PeriodKpi> = want.par_iter().map(|m| (*m, at(Period::Month(*m)))).collect();
        let mut qs: Vec<Quarter> = record_quarters.clone();
        if let Some(first) = record_quarters.first() {
            qs.push(first.prev());
        }
        let quarters: BTreeMap<Quarter, PeriodKpi> = qs.par_iter().map(|q| (*q, at(Period::Quarter(*q)))).collect();
        KpiCache { index, months, quarters, record_months, record_quarters, today }
    }

    /// A period as of `--date`: whole when it has ended, cut to date when it
    /// is running, empty when it has not begun.
    pub fn as_of(&self, p: Period) -> PeriodKpi {
        self.index.compute_span(p.cut(self.today).unwrap_or(kpi::Span::empty(p)))
    }

    /// One month's KPIs as of `--date`.
    pub fn month(&self, m: Month) -> Cow<'_, PeriodKpi> {
        match self.months.get(&m) {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(self.as_of(Period::Month(m))),
        }
    }

    /// One quarter's KPIs as of `--date`.
    pub fn quarter(&self, q: Quarter) -> Cow<'_, PeriodKpi> {
        match self.quarters.get(&q) {
            Some(k) => Cow::Borrowed(k),
            None => Cow::Owned(self.as_of(Period::Quarter(q))),
        }
    }

    /// What `k` is compared with: the previous period cut to the same number
    /// of days (上期同期; the whole previous period when `k` is whole), or
    /// `None` when no record is dated in it (nothing earlier: "—", not 0).
    pub fn previous(&self, k: &PeriodKpi) -> Option<Cow<'_, PeriodKpi>> {
        let span = k.span.previous();
        let (first, last) = (Month::of(span.start), Month::of(span.last_day()));
        let months = self.index.months();
        let i = months.partition_point(|m| *m < first);
        if span.days() == 0 || months.get(i).is_none_or(|m| *m > last) {
            return None;
        }
        Some(match span.period {
            Period::Month(m) if span.is_whole() => self.month(m),
            Period::Quarter(q) if span.is_whole() => self.quarter(q),
            _ => Cow::Owned(self.index.compute_span(span)),
        })
    }

    /// The latest quarter with records that has ended by the end of `--date`
    /// (the home page's quarter).
    pub fn latest_finished_quarter(&self, today: chrono::NaiveDate) -> Option<Quarter> {
        self.record_quarters.iter().rev().copied().find(|q| q.last_month().last_day() <= today)
    }

    /// The quarters with a public bulletin: those with records that have
    /// ended by `--date` (bulletins are published after their quarter).
    pub fn finished_quarters(&self) -> Vec<Quarter> {
        self.record_quarters.iter().copied().filter(|q| q.last_month().last_day() <= self.today).collect()
    }
}

/// How a figure compares with its target.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reaches the target.
    Met,
    /// Misses it.
    Missed,
    /// No value to judge, or no target.
    None,
}

impl Status {
    fn of(r: Ratio, target: Option<f64>) -> Status {
        match target.and_then(|t| r.meets(t)) {
            Some(true) => Status::Met,
            Some(false) => Status::Missed,
            None => Status::None,
        }
    }
}

/// One KPI line: figure, target, change and basis.
#[derive(Clone, Debug, Serialize)]
pub struct KpiRow {
    /// What it is (完成率).
    pub name: String,
    /// The figure (`97.5%`, `¥1,234.00`, `12`).
    pub value: String,
    /// The integers behind a rate (`39/40`), for recomputing by hand.
    pub detail: String,
    /// The target (`≥ 98.0%`), or empty.
    pub target: String,
    /// Against the target.
    pub status: Status,
    /// Change from the previous period (`+1.2 个百分点`, `+1.2 pp`), or the previous count.
    pub change: String,
    /// The basis (口径), one line.
    pub basis: String,
}

/// KPI rows under a heading (报事, 投诉, …).
#[derive(Clone, Debug, Serialize)]
pub struct KpiGroup {
    /// Heading.
    pub title: String,
    /// Rows.
    pub rows: Vec<KpiRow>,
}

/// A big-number tile for the home page.
#[derive(Clone, Debug, Serialize)]
pub struct Tile {
    /// What it is.
    pub label: String,
    /// The figure.
    pub value: String,
    /// Target text.
    pub target: String,
    /// Against the target.
    pub status: Status,
    /// Change from the previous quarter in percentage points.
    pub change: String,
    /// Direction of the change: `up`, `down` or empty.
    pub trend: &'static str,
    /// Basis, one line.
    pub basis: String,
}

fn target_text(t: f64) -> String {
    format!("≥ {:.1}%", t * 100.0)
}

fn ratio_detail(r: Ratio) -> String {
    if r.den == 0 { String::new() } else { format!("{}/{}", r.num, r.den) }
}

fn pct(r: Ratio) -> String {
    r.percent().unwrap_or_else(|| DASH.to_string())
}

fn pp(l: Lang, now: Ratio, before: Option<Ratio>) -> String {
    match before {
        Some(b) => {
            let s = kpi::pp_change(now, b);
            if s == DASH { s } else { tr!(l, "{s} 个百分点", "{s} pp") }
        }
        None => DASH.to_string(),
    }
}

fn trend(change: &str) -> &'static str {
    if change.starts_with('+') {
        "up"
    } else if change.starts_with('-') {
        "down"
    } else {
        ""
    }
}

/// The pro-rata share of a year's target reached by the end of month `m`
/// (visits are planned month by month: 1/12 of the year each month).
pub fn pro_rata(target: f64, m: Month) -> f64 {
    target * m.month as f64 / 12.0
}

/// The kind of period a KPI table describes, named in its bases
/// (本季度 / this quarter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodUnit {
    /// A month (月).
    Month,
    /// A quarter (季度).
    Quarter,
}

impl PeriodUnit {
    /// The noun in `lang`: 月 / month, 季度 / quarter.
    pub fn noun(self, l: Lang) -> &'static str {
        match (self, l) {
            (PeriodUnit::Month, Lang::Zh) => "月",
            (PeriodUnit::Quarter, Lang::Zh) => "季度",
            (PeriodUnit::Month, Lang::En) => "month",
            (PeriodUnit::Quarter, Lang::En) => "quarter",
        }
    }
}

/// Builds the rows of one language: the change columns need the language too.
struct Rows {
    l: Lang,
}

impl Rows {
    fn rate(&self, name: String, r: Ratio, prev: Option<Ratio>, target: Option<f64>, basis: String) -> KpiRow {
        KpiRow {
            name,
            value: pct(r),
            detail: ratio_detail(r),
            target: target.map(target_text).unwrap_or_default(),
            status: Status::of(r, target),
            change: pp(self.l, r, prev),
            basis,
        }
    }

    fn money_rate(&self, name: String, r: Ratio, prev: Option<Ratio>, target: Option<f64>, basis: String) -> KpiRow {
        // The integers of a money rate are fen: the detail would mislead.
        KpiRow { detail: String::new(), ..self.rate(name, r, prev, target, basis) }
    }

    /// A rate of units, its detail naming them (`2/11 户`): "2 of 11" alone reads as visits.
    fn units_rate(&self, name: String, r: Ratio, prev: Option<Ratio>, target: Option<f64>, basis: String) -> KpiRow {
        let (num, den) = (r.num, r.den);
        let detail = if den == 0 { String::new() } else { tr!(self.l, "{num}/{den} 户", "{num}/{den} units") };
        KpiRow { detail, ..self.rate(name, r, prev, target, basis) }
    }

    fn count(&self, name: String, v: u64, prev: Option<u64>, basis: String) -> KpiRow {
        let l = self.l;
        KpiRow {
            name,
            value: v.to_string(),
            detail: String::new(),
            target: String::new(),
            status: Status::None,
            // "上期 0" only misleads when the previous period had none of these: "—".
            change: prev
                .filter(|&p| p > 0)
                .map(|p| tr!(l, "上期 {p}", "previous {p}"))
                .unwrap_or_else(|| DASH.to_string()),
            basis,
        }
    }

    fn text(&self, name: String, value: String, basis: String) -> KpiRow {
        KpiRow {
            name,
            value,
            detail: String::new(),
            target: String::new(),
            status: Status::None,
            change: String::new(),
            basis,
        }
    }
}

/// Every KPI of a period in groups, each with target, change from `prev`
/// and basis, in the site's language. `unit` names the period kind in bases
/// (本季度, 月末 / this quarter, the end of the month).
pub fn kpi_groups(k: &PeriodKpi, prev: Option<&PeriodKpi>, site: &Site, unit: PeriodUnit) -> Vec<KpiGroup> {
    let l = site.lang;
    let row = Rows { l };
    let unit = unit.noun(l);
    let tg = &site.targets;
    let t = &k.tickets;
    let pt = prev.map(|p| &p.tickets);
    let tickets = KpiGroup {
        title: l.t("报事", "Service requests"),
        rows: vec![
            row.count(
                l.t("报事量", "Requests received"),
                t.reported,
                pt.map(|p| p.reported),
                tr!(
                    l,
                    "本{unit}受理的报事（报修与服务请求）件数，户内与公区合计",
                    "Repair and service requests received this {unit}, in homes and common areas together"
                ),
            ),
            row.rate(
                l.t("报事完成率", "Request completion rate"),
                t.completion_ratio(),
                pt.map(|p| p.completion_ratio()),
                Some(tg.ticket_completion_rate),
                tr!(
                    l,
                    "本{unit}受理的报事中，在{unit}末前完成的比例",
                    "Share of this {unit}’s requests completed by the end of the {unit}"
                ),
            ),
            row.rate(
                l.t("24小时回访率", "24-hour follow-up rate"),
                t.followup_24h_ratio(),
                pt.map(|p| p.followup_24h_ratio()),
                Some(tg.ticket_followup_24h_rate),
                l.t(
                    "已完成的报事中，完成后24小时内（含24小时）回访的比例",
                    "Share of completed requests followed up within 24 hours of completion (24 hours included)",
                ),
            ),
            row.text(
                l.t("处理时长中位数", "Median resolution time"),
                fmt::hours(l, t.p50_hours),
                l.t(
                    "已完成报事从受理到完成的时长，取中间值（一半报事快于此时长）",
                    "Time from receipt to completion of completed requests, middle value (half the requests took less)",
                ),
            ),
            row.count(
                l.t("期末未完成报事", "Open requests at period end"),
                t.open_at_end,
                pt.map(|p| p.open_at_end),
                tr!(
                    l,
                    "截至{unit}末仍未完成的报事，含以前受理的",
                    "Requests still open at the end of the {unit}, earlier ones included"
                ),
            ),
        ],
    };
    let c = &k.complaints;
    let pc = prev.map(|p| &p.complaints);
    let p100 = c.per_100_ratio();
    let units = c.units;
    let complaints = KpiGroup {
        title: l.t("投诉", "Complaints"),
        rows: vec![
            row.count(
                l.t("投诉量", "Complaints received"),
                c.received,
                pc.map(|p| p.received),
                tr!(l, "本{unit}受理的投诉，含经核实的无效投诉", "Complaints received this {unit}, those found not valid included"),
            ),
            row.count(
                l.t("有效投诉", "Valid complaints"),
                c.valid,
                pc.map(|p| p.valid),
                l.t("经核实属于物业服务责任的投诉", "Complaints found on checking to be the management’s responsibility"),
            ),
            row.text(
                l.t("每百户有效投诉", "Valid complaints per 100 households"),
                kpi::decimal(p100.num, p100.den, 2).unwrap_or_else(|| DASH.to_string()),
                tr!(
                    l,
                    "有效投诉数 × 100 ÷ 登记户数（{units} 户），按户数折算，便于不同规模小区比较",
                    "Valid complaints × 100 ÷ registered households ({units}), so that estates of any size compare"
                ),
            ),
            row.rate(
                l.t("投诉处理完成率", "Complaint resolution rate"),
                c.resolution_ratio(),
                pc.map(|p| p.resolution_ratio()),
                None,
                tr!(
                    l,
                    "本{unit}受理的投诉中，在{unit}末前办结的比例",
                    "Share of this {unit}’s complaints resolved by the end of the {unit}"
                ),
            ),
            row.rate(
                l.t("3个工作日回访率", "3-working-day follow-up rate"),
                c.followup_3wd_ratio(),
                pc.map(|p| p.followup_3wd_ratio()),
                Some(tg.complaint_followup_3wd_rate),
                l.t(
                    "已办结投诉中，办结次日起第3个工作日结束前回访的比例（按国家法定节假日及调休计算）",
                    "Share of resolved complaints followed up by the end of the 3rd working day after resolution (statutory holidays and make-up workdays counted)",
                ),
            ),
        ],
    };
    let f = &k.fees;
    let pf = prev.map(|p| &p.fees);
    let arrears = fmt::money(f.arrears_at_start);
    let fees = KpiGroup {
        title: l.t("物业费", "Property fees"),
        rows: vec![
            row.text(
                l.t("应收", "Receivable"),
                fmt::money(f.receivable),
                tr!(
                    l,
                    "账期在本{unit}内的账单应收金额，已扣除减免，含各收费项目",
                    "Billed for this {unit}, less waivers, every fee item"
                ),
            ),
            row.text(
                l.t("实收", "Collected"),
                fmt::money(f.collected),
                tr!(
                    l,
                    "上述账单在{unit}末前的实收金额，含预缴；超缴部分不计",
                    "Paid on those bills by the end of the {unit}, prepayments included; overpayments not counted"
                ),
            ),
            row.money_rate(
                l.t("收缴率（当期）", "Collection rate (current)"),
                f.collection_ratio(),
                pf.map(|p| p.collection_ratio()),
                Some(tg.fee_collection_rate),
                l.t(
                    "按金额计：当期实收 ÷ 当期应收；不含往期欠费",
                    "By amount: collected ÷ receivable for the period; earlier arrears excluded",
                ),
            ),
            row.money_rate(
                l.t("清欠率", "Arrears recovery rate"),
                f.arrears_recovery_ratio(),
                pf.map(|p| p.arrears_recovery_ratio()),
                Some(tg.arrears_recovery_rate),
                tr!(
                    l,
                    "{unit}初往期欠费 {arrears} 中，本{unit}收回的比例",
                    "Share of the arrears at the start of the {unit} ({arrears}) recovered during it"
                ),
            ),
            row.rate(
                l.t("按户收缴率", "Collection rate by household"),
                f.household_collection_ratio(),
                pf.map(|p| p.household_collection_ratio()),
                None,
                tr!(
                    l,
                    "按户计：本{unit}账单全部缴清的户数 ÷ 有应缴账单的户数",
                    "By household: households that paid every bill of this {unit} ÷ households with bills due"
                ),
            ),
        ],
    };
    let s = &k.satisfaction;
    let ps = prev.map(|p| &p.satisfaction);
    let (min, responses) = (site.satisfied_min_score, s.responses);
    let mut sat_rows = vec![row.rate(
        l.t("业主综合满意率", "Overall owner satisfaction"),
        s.satisfied_ratio(),
        ps.map(|p| p.satisfied_ratio()),
        Some(tg.satisfaction_rate),
        tr!(
            l,
            "满意度问卷总体评分≥{min}分（5分制）的答卷占比，共 {responses} 份答卷",
            "Share of survey responses with an overall score ≥ {min} (of 5); {responses} responses"
        ),
    )];
    for (line, ln) in &s.lines {
        let prev_line = ps.and_then(|p| p.lines.get(line)).map(|p| p.satisfied_ratio());
        let m = ln.mean_ratio();
        let mean = kpi::decimal(m.num, m.den, 2).unwrap_or_else(|| DASH.to_string());
        let n = ln.responses;
        let mut r = row.rate(
            tr!(l, "{line}满意率", "Satisfaction: {line}"),
            ln.satisfied_ratio(),
            prev_line,
            Some(tg.satisfaction_rate),
            tr!(
                l,
                "对{line}条线评分≥{min}分的答卷占比；平均 {mean} 分，{n} 份",
                "Share of responses scoring the {line} service line ≥ {min}; mean {mean}, {n} responses"
            ),
        );
        r.detail = ratio_detail(ln.satisfied_ratio());
        sat_rows.push(r);
    }
    let satisfaction = KpiGroup { title: l.t("满意度", "Satisfaction"), rows: sat_rows };
    let v = &k.visits;
    let pv = prev.map(|p| &p.visits);
    // Accruing targets: months finished by the last day counted plus the
    // elapsed part of its month, over 12 (docs/kpi.md); a whole month m gives m/12.
    let share = kpi::accrued_share(k.span.last_day());
    let lm = if k.in_progress {
        format!("{:.1}", share * 12.0)
    } else {
        chrono::Datelike::month(&k.span.last_day()).to_string()
    };
    let (cov, f2f) =
        (format!("{:.0}", tg.visit_coverage * 100.0), format!("{:.0}", tg.visit_face_to_face_share * 100.0));
    let visits = KpiGroup {
        title: l.t("业主访谈（年初至今）", "Owner visits (year to date)"),
        rows: vec![
            row.rate(
                l.t("访谈覆盖率", "Visit coverage"),
                v.coverage_ratio(),
                pv.map(|p| p.coverage_ratio()),
                Some(tg.visit_coverage * share),
                tr!(
                    l,
                    "按户计、不按次：1月1日起至{unit}末访谈过的已入住户 ÷ 已入住户；目标按进度（全年 {cov}% × {lm}/12）",
                    "By household, not by visit: occupied units visited from 1 January to the end of the {unit} ÷ occupied units; target pro rata (year {cov}% × {lm}/12)"
                ),
            ),
            row.units_rate(
                l.t("面访占比（占已入住户）", "Face-to-face share (of occupied units)"),
                v.face_to_face_ratio(),
                pv.map(|p| p.face_to_face_ratio()),
                Some(tg.visit_face_to_face_share * share),
                tr!(
                    l,
                    "按户计、不按次：面访过的已入住户 ÷ 已入住户；目标按进度（全年 {f2f}% × {lm}/12）",
                    "By household, not by visit: occupied units visited face to face ÷ occupied units; target pro rata (year {f2f}% × {lm}/12)"
                ),
            ),
            row.rate(
                l.t("空置户访谈完成率", "Unoccupied units visited twice"),
                v.unoccupied_ratio(),
                pv.map(|p| p.unoccupied_ratio()),
                Some(share),
                tr!(
                    l,
                    "空置及装修户中，年内访谈满2次的户数占比；目标按进度（全年 100% × {lm}/12）",
                    "Share of unoccupied and renovating units visited at least twice this year; target pro rata (year 100% × {lm}/12)"
                ),
            ),
        ],
    };
    let i = &k.inspections;
    let days = i.days;
    let inspections = KpiGroup {
        title: l.t("园区巡查", "Site inspections"),
        rows: vec![row.rate(
            l.t("巡查达标率", "Inspection compliance"),
            i.compliance_ratio(),
            prev.map(|p| p.inspections.compliance_ratio()),
            Some(tg.inspection_compliance),
            tr!(
                l,
                "本{unit}有巡查记录的天数 ÷ 本{unit}天数（{days} 天）",
                "Days of this {unit} with an inspection record ÷ days of the {unit} ({days})"
            ),
        )],
    };
    vec![tickets, complaints, fees, satisfaction, visits, inspections]
}

/// The home page's headline tiles for a quarter, against targets, with the
/// change from the previous quarter, in the site's language.
pub fn tiles(k: &PeriodKpi, prev: Option<&PeriodKpi>, site: &Site) -> Vec<Tile> {
    let l = site.lang;
    let tg = &site.targets;
    let last = k.period.last_month();
    let tile = |label: String, now: Ratio, before: Option<Ratio>, target: f64, basis: String| {
        let change = pp(l, now, before);
        Tile {
            label,
            value: pct(now),
            target: target_text(target),
            status: Status::of(now, Some(target)),
            trend: trend(&change),
            change,
            basis,
        }
    };
    let min = site.satisfied_min_score;
    vec![
        tile(
            l.t("物业费收缴率", "Fee collection rate"),
            k.fees.collection_ratio(),
            prev.map(|p| p.fees.collection_ratio()),
            tg.fee_collection_rate,
            l.t("当期实收 ÷ 当期应收（按金额）", "Collected ÷ receivable for the period (by amount)"),
        ),
        tile(
            l.t("业主综合满意率", "Owner satisfaction"),
            k.satisfaction.satisfied_ratio(),
            prev.map(|p| p.satisfaction.satisfied_ratio()),
            tg.satisfaction_rate,
            tr!(l, "问卷评分≥{min}分的答卷占比", "Share of survey responses scoring ≥ {min} of 5"),
        ),
        tile(
            l.t("报事完成率", "Request completion rate"),
            k.tickets.completion_ratio(),
            prev.map(|p| p.tickets.completion_ratio()),
            tg.ticket_completion_rate,
            l.t("季度内受理并完成的报事占比", "Share of the quarter’s requests completed within it"),
        ),
        tile(
            l.t("报事24小时回访率", "Request follow-up in 24 hours"),
            k.tickets.followup_24h_ratio(),
            prev.map(|p| p.tickets.followup_24h_ratio()),
            tg.ticket_followup_24h_rate,
            l.t("完成后24小时内回访的占比", "Share followed up within 24 hours of completion"),
        ),
        tile(
            l.t("投诉3个工作日回访率", "Complaint follow-up in 3 working days"),
            k.complaints.followup_3wd_ratio(),
            prev.map(|p| p.complaints.followup_3wd_ratio()),
            tg.complaint_followup_3wd_rate,
            l.t("办结后3个工作日内回访的占比", "Share followed up within 3 working days of resolution"),
        ),
        tile(
            l.t("业主访谈覆盖率", "Owner visit coverage"),
            k.visits.coverage_ratio(),
            prev.map(|p| p.visits.coverage_ratio()),
            pro_rata(tg.visit_coverage, last),
            l.t(
                "年内访谈过的已入住户占比（按户计）；目标按进度",
                "Share of occupied units visited this year (by household); target pro rata",
            ),
        ),
        tile(
            l.t("园区巡查达标率", "Site inspection compliance"),
            k.inspections.compliance_ratio(),
            prev.map(|p| p.inspections.compliance_ratio()),
            tg.inspection_compliance,
            l.t("有巡查记录的天数占比", "Share of days with an inspection record"),
        ),
    ]
}

/// A link to a bulletin.
#[derive(Clone, Debug, Serialize)]
pub struct BulletinLink {
    /// `2026年第三季度`.
    pub label: String,
    /// Site path.
    pub path: String,
}

/// The home page.
#[derive(Clone, Debug, Serialize)]
pub struct HomeView {
    /// Pinned current notices.
    pub pinned: Vec<NoticeCard>,
    /// Other current notices, newest first (a few).
    pub latest: Vec<NoticeCard>,
    /// Current notices not shown.
    pub more: usize,
    /// The quarter the tiles describe.
    pub quarter: Option<BulletinLink>,
    /// Headline KPIs.
    pub tiles: Vec<Tile>,
    /// Recent bulletins.
    pub bulletins: Vec<BulletinLink>,
}

/// Notices on the home page besides the pinned ones.
const HOME_LATEST: usize = 6;

/// The bulletin path of a quarter.
pub fn bulletin_path(q: Quarter) -> String {
    format!("bulletins/{q}.html")
}

/// The home page.
/// What the home page needs from the KPIs. Small and owned, so `serve` can
/// keep it between rebuilds that did not touch the records.
#[derive(Clone, Debug)]
pub struct HomeKpis {
    quarter: Option<BulletinLink>,
    tiles: Vec<Tile>,
    bulletins: Vec<BulletinLink>,
}

impl HomeKpis {
    /// The latest finished quarter's tiles and the four latest bulletins.
    pub fn new(cx: &Ctx, kpis: &KpiCache) -> HomeKpis {
        let lang = cx.lang();
        let (quarter, tiles) = match kpis.latest_finished_quarter(cx.today) {
            Some(q) => {
                let k = kpis.quarter(q);
                let p = kpis.previous(&k);
                (
                    Some(BulletinLink { label: fmt::quarter(lang, q), path: bulletin_path(q) }),
                    tiles(&k, p.as_deref(), &cx.estate.site),
                )
            }
            None => (None, Vec::new()),
        };
        let bulletins = kpis
            .finished_quarters()
            .iter()
            .rev()
            .take(4)
            .map(|q| BulletinLink { label: fmt::quarter(lang, *q), path: bulletin_path(*q) })
            .collect();
        HomeKpis { quarter, tiles, bulletins }
    }
}

/// The home page.
pub fn jobs(cx: &Ctx, published: &Published, home: &HomeKpis) -> Vec<Job> {
    let current = published.current();
    let lang = cx.lang();
    let pinned: Vec<NoticeCard> = current.iter().filter(|n| n.pinned).map(|n| card(lang, n)).collect();
    let others: Vec<NoticeCard> = current.iter().filter(|n| !n.pinned).map(|n| card(lang, n)).collect();
    let more = others.len().saturating_sub(HOME_LATEST);
    let latest = others.into_iter().take(HOME_LATEST).collect();
    let HomeKpis { quarter, tiles, bulletins } = home.clone();
    let view = HomeView { pinned, latest, more, quarter, tiles, bulletins };
    let site = &cx.estate.site;
    let mut meta = cx.meta(Which::Public, "index.html", site.name.clone(), "home");
    let (name, phone) = (&site.name, &site.service_phone);
    meta.description = tr!(
        lang,
        "{name}：公告、服务简报、岗位职责。服务电话 {phone}",
        "{name}: notices, service bulletins, job descriptions. Service phone {phone}"
    );
    vec![cx.job(Which::Public, meta, "home.html", &view)]
}
