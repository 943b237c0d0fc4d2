//! KPIs for pages, computed once per build ([`PeriodFigures`]), and the rows
//! and tiles every page shows them in.
//!
//! [`PeriodFigures`] asks the KPI engine for every month and quarter any page
//! needs, in parallel, before pages are built; page builders then only look
//! figures up. [`kpi_groups`] and [`tiles`] turn a period's figures into the
//! rows the bulletin, the home page and the internal monthly page show, each
//! with its target and its basis (口径) in one line. All percentages are
//! rounded from exact integers by [`crate::kpi`]; nothing here divides.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::strings::tr;
use super::{Ctx, format};
use crate::config::Site;
use crate::i18n::Lang;
use crate::kpi::catalogue::{self, BasisArgs, Def, Format, Group, Value};
use crate::kpi::{self, DASH, KpiIndex, Period, PeriodKpi, Ratio};
use crate::records::Quarter;
use crate::scalars::Month;

/// Every period's KPIs that pages need, computed once.
pub struct PeriodFigures<'a> {
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

/// The periods a [`PeriodFigures`] computed, kept by `serve` for the next build.
#[derive(Clone, Default)]
pub struct Periods {
    months: BTreeMap<Month, PeriodKpi>,
    quarters: BTreeMap<Quarter, PeriodKpi>,
}

impl<'a> PeriodFigures<'a> {
    /// Indexes the records and computes each month (with 12 months of
    /// history before the first, for trend charts) and each quarter (with
    /// the one before the first, for changes).
    pub fn new(cx: &Ctx<'a>) -> PeriodFigures<'a> {
        Self::reusing(cx, None, None)
    }

    /// [`PeriodFigures::new`], taking from `earlier` the periods that end before
    /// month `from`: a whole period's figures read only records dated in it
    /// or before, and a record lives in the folder of its month, so an edit
    /// of month `from`'s files cannot change them (a meeting's `about` can
    /// credit an earlier month: [`crate::incremental::Stamps::changed`]
    /// reports a meetings file as changing every month). `fees` are the
    /// last build's fee facts when no fee file changed since
    /// ([`KpiIndex::with_fees`]).
    pub fn reusing(cx: &Ctx<'a>, earlier: Option<(&Periods, Month)>, fees: Option<kpi::FeeFacts>) -> PeriodFigures<'a> {
        let index = KpiIndex::with_fees(cx.estate, fees);
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
        let kept_month = |m: &Month| earlier.filter(|(_, from)| m < from).and_then(|(e, _)| e.months.get(m));
        let months: BTreeMap<Month, PeriodKpi> =
            want.par_iter().map(|m| (*m, kept_month(m).cloned().unwrap_or_else(|| at(Period::Month(*m))))).collect();
        let mut qs: Vec<Quarter> = record_quarters.clone();
        if let Some(first) = record_quarters.first() {
            qs.push(first.prev());
        }
        let kept_quarter =
            |q: &Quarter| earlier.filter(|(_, from)| q.last_month() < *from).and_then(|(e, _)| e.quarters.get(q));
        let quarters: BTreeMap<Quarter, PeriodKpi> =
            qs.par_iter().map(|q| (*q, kept_quarter(q).cloned().unwrap_or_else(|| at(Period::Quarter(*q))))).collect();
        PeriodFigures { index, months, quarters, record_months, record_quarters, today }
    }

    /// The periods computed, for [`PeriodFigures::reusing`] in the next build.
    pub fn periods(&self) -> Periods {
        Periods { months: self.months.clone(), quarters: self.quarters.clone() }
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
/// (本季度, 月末 / this quarter, the end of the month). The rows are the
/// [KPI catalogue](crate::kpi::catalogue)'s page entries, plus one row per
/// satisfaction service line.
pub fn kpi_groups(k: &PeriodKpi, prev: Option<&PeriodKpi>, site: &Site, unit: PeriodUnit) -> Vec<KpiGroup> {
    let l = site.lang;
    let row = Rows { l };
    let args = BasisArgs { k, site, unit: unit.noun(l) };
    // Accruing targets: months finished by the last day counted plus the
    // elapsed part of its month, over 12 (docs/kpi.md); a whole month m gives m/12.
    let share = kpi::accrued_share(k.span.last_day());
    Group::ALL
        .into_iter()
        .map(|g| {
            let mut rows: Vec<KpiRow> =
                catalogue::on_pages(g).map(|d| page_row(&row, d, k, prev, site, share, &args)).collect();
            if g == Group::Satisfaction {
                rows.extend(service_lines(&row, k, prev, site));
            }
            KpiGroup { title: g.title().render(l), rows }
        })
        .collect()
}

/// One catalogue entry as a page row.
fn page_row(
    row: &Rows,
    d: &Def,
    k: &PeriodKpi,
    prev: Option<&PeriodKpi>,
    site: &Site,
    share: f64,
    args: &BasisArgs,
) -> KpiRow {
    let l = row.l;
    let name = d.label.render(l);
    let basis = d.basis.map(|b| b(l, args)).unwrap_or_default();
    let target = d.target.map(|t| if t.accrues() { t.of(&site.targets) * share } else { t.of(&site.targets) });
    match (d.value, d.format) {
        (Value::Count(f), _) => row.count(name, f(k), prev.map(f), basis),
        (Value::Ratio(f), Format::MoneyRate) => row.money_rate(name, f(k), prev.map(f), target, basis),
        (Value::Ratio(f), Format::UnitsRate) => row.units_rate(name, f(k), prev.map(f), target, basis),
        (Value::Ratio(f), Format::Decimal) => {
            let r = f(k);
            row.text(name, kpi::decimal(r.num, r.den, 2).unwrap_or_else(|| DASH.to_string()), basis)
        }
        (Value::Ratio(f), _) => row.rate(name, f(k), prev.map(f), target, basis),
        (Value::Money(f), _) => row.text(name, format::money(f(k)), basis),
        (Value::Hours(f), _) => row.text(name, format::hours(l, f(k)), basis),
    }
}

/// The satisfaction rate of each service line (客服, 工程, …), against the overall target.
fn service_lines(row: &Rows, k: &PeriodKpi, prev: Option<&PeriodKpi>, site: &Site) -> Vec<KpiRow> {
    let l = row.l;
    let min = site.satisfied_min_score;
    let ps = prev.map(|p| &p.satisfaction);
    let mut out = Vec::new();
    for (line, ln) in &k.satisfaction.lines {
        let prev_line = ps.and_then(|p| p.lines.get(line)).map(|p| p.satisfied_ratio());
        let m = ln.mean_ratio();
        let mean = kpi::decimal(m.num, m.den, 2).unwrap_or_else(|| DASH.to_string());
        let n = ln.responses;
        let mut r = row.rate(
            tr!(l, "{line}满意率", "Satisfaction: {line}"),
            ln.satisfied_ratio(),
            prev_line,
            Some(site.targets.satisfaction_rate),
            tr!(
                l,
                "对{line}条线评分≥{min}分的答卷占比；平均 {mean} 分，{n} 份",
                "Share of responses scoring the {line} service line ≥ {min}; mean {mean}, {n} responses"
            ),
        );
        r.detail = ratio_detail(ln.satisfied_ratio());
        out.push(r);
    }
    out
}

/// The home page's headline tiles for a quarter, against targets, with the
/// change from the previous quarter, in the site's language: the
/// catalogue's [headlines](catalogue::HEADLINES).
pub fn tiles(k: &PeriodKpi, prev: Option<&PeriodKpi>, site: &Site) -> Vec<Tile> {
    let l = site.lang;
    let last = k.period.last_month();
    let args = BasisArgs { k, site, unit: PeriodUnit::Quarter.noun(l) };
    catalogue::HEADLINES
        .iter()
        .filter_map(|h| {
            let d = catalogue::get(h.id);
            // Every headline is a rate (checked by the catalogue's tests).
            let Value::Ratio(f) = d.value else { return None };
            let target = d.target.map_or(0.0, |t| {
                let v = t.of(&site.targets);
                if t.accrues() { pro_rata(v, last) } else { v }
            });
            let (now, before) = (f(k), prev.map(f));
            let change = pp(l, now, before);
            Some(Tile {
                label: h.label.render(l),
                value: pct(now),
                target: target_text(target),
                status: Status::of(now, Some(target)),
                trend: trend(&change),
                change,
                basis: (h.basis)(l, &args),
            })
        })
        .collect()
}
