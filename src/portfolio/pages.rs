//! The company site's pages: view models for the templates in
//! `themes/default/templates/portfolio/`, rendered in memory.
//!
//! - `index.html`: the latest finished quarter — company totals (ratio of
//!   sums), regions, and the league table (worst 收缴率 first);
//! - `estates/N.html`: one estate's eight quarters as sparklines;
//! - `kpi/<slug>.html`: every estate ranked on one KPI, with a histogram.
//!
//! Every figure is text made here from exact integers; templates only place it.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::rollup::{Frac, Kind, Kpi, Sums};
use super::{Member, Portfolio};
use crate::charts::{Scale, WIDTH, small};
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::kpi::{DASH, Period};
use crate::records::Quarter;
use crate::scalars::Month;
use crate::site::Page;
use crate::site::format;
use crate::site::strings::{Strings, strings};
use crate::site::theme::Theme;

/// How many quarters the estate pages chart.
pub const QUARTERS: usize = 8;

/// The latest quarter that has ended by `as_of` (its last day counts as ended).
pub fn latest_finished(as_of: NaiveDate) -> Quarter {
    let q = Quarter::of(Month::of(as_of));
    if as_of == q.last_month().last_day() { q } else { q.prev() }
}

/// The roll-up every page reads: per estate, the sums of each charted quarter.
pub struct Rollup<'a> {
    /// The portfolio file.
    pub portfolio: &'a Portfolio,
    /// The estates, in file order.
    pub members: &'a [Member],
    /// The charted quarters, oldest first; the last is the latest finished one.
    pub quarters: Vec<Quarter>,
    /// `sums[estate][quarter]`: `None` when the estate's file lacks the quarter.
    pub sums: Vec<Vec<Option<Sums>>>,
}

impl<'a> Rollup<'a> {
    /// Sums every estate's quarters up to the latest finished by `as_of`.
    pub fn new(portfolio: &'a Portfolio, members: &'a [Member], as_of: NaiveDate) -> Rollup<'a> {
        let mut quarters = vec![latest_finished(as_of)];
        while quarters.len() < QUARTERS {
            let q = quarters[0].prev();
            quarters.insert(0, q);
        }
        let sums = members
            .iter()
            .map(|m| {
                let f = &m.figures;
                quarters.iter().map(|&q| f.period(Period::Quarter(q)).map(|p| Sums::of(p, f.units))).collect()
            })
            .collect();
        Rollup { portfolio, members, quarters, sums }
    }

    fn now(&self) -> usize {
        QUARTERS - 1
    }

    /// Σ over the estates `pick` selects, for quarter index `qi`.
    pub fn total(&self, qi: usize, pick: impl Fn(usize) -> bool) -> Sums {
        self.sums.iter().enumerate().filter(|(i, _)| pick(*i)).filter_map(|(_, s)| s[qi]).sum()
    }
}

#[derive(Serialize)]
struct Globals<'a> {
    name: &'a str,
    language: &'a str,
    base_url: &'a str,
    date: String,
    date_iso: String,
}

#[derive(Serialize)]
struct Meta {
    path: String,
    root: String,
    title: String,
    section: &'static str,
}

/// One figure in a table cell.
#[derive(Serialize, Clone)]
struct Cell {
    text: String,
    /// `met`, `missed` or `none` (no target or no value).
    status: &'static str,
    status_label: &'static str,
    change: String,
    /// The value for client-side sorting (`""`: none, sorts last).
    sort: String,
}

fn cell(t: &Strings, k: Kpi, now: Option<&Sums>, before: Option<&Sums>, target: Option<f64>) -> Cell {
    let v = now.map(|s| k.of(s));
    let (status, status_label) = match v.and_then(|v| k.meets(v, target)) {
        Some(true) => ("met", t.pf_met),
        Some(false) => ("missed", t.pf_missed),
        None => ("none", ""),
    };
    let change = match (v, before.map(|s| k.of(s))) {
        (Some(a), Some(b)) => a.change(b, k.kind()),
        _ => None,
    };
    Cell {
        text: v.and_then(|v| v.text(k.kind())).unwrap_or_else(|| DASH.into()),
        status,
        status_label,
        change: change.unwrap_or_else(|| DASH.into()),
        sort: v.and_then(Frac::rate).map(|r| format!("{r:.9}")).unwrap_or_default(),
    }
}

/// Integer with thousands separators; fen as `¥1,234.50`.
fn amount(v: i128, money: bool) -> String {
    let (sign, a) = (if v < 0 { "-" } else { "" }, v.unsigned_abs());
    let int = if money { a / 100 } else { a }.to_string();
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if money { format!("{sign}¥{out}.{:02}", a % 100) } else { format!("{sign}{out}") }
}

fn quarter_label(lang: Lang, q: Quarter) -> String {
    format::quarter(lang, q)
}

#[derive(Serialize)]
struct KpiHead {
    label: &'static str,
    href: String,
}

#[derive(Serialize)]
struct TotalRow {
    label: &'static str,
    href: String,
    value: Cell,
    numerator: String,
    denominator: String,
    basis: (&'static str, &'static str),
    met: String,
}

#[derive(Serialize)]
struct RegionRow {
    name: String,
    estates: usize,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct LeagueRow {
    name: String,
    /// `数据截至 …` when the estate's figures end before the quarter does.
    stale: String,
    href: String,
    region: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Home {
    quarter: String,
    previous: String,
    kpis: Vec<KpiHead>,
    totals: Vec<TotalRow>,
    median_range: String,
    regions: Vec<RegionRow>,
    rows: Vec<LeagueRow>,
    estates: usize,
    units: String,
    stale: Vec<String>,
}

fn estate_href(i: usize) -> String {
    format!("estates/{}.html", i + 1)
}

fn home(r: &Rollup, t: &Strings) -> Home {
    let lang = r.portfolio.lang;
    let (now, prev) = (r.now(), r.now() - 1);
    let all = r.total(now, |_| true);
    let all_prev = r.total(prev, |_| true);
    let totals = Kpi::ALL
        .iter()
        .map(|&k| {
            let f = k.of(&all);
            let judged: Vec<bool> = (0..r.members.len())
                .filter_map(|i| {
                    r.sums[i][now].as_ref().and_then(|s| k.meets(k.of(s), k.target(&r.members[i].figures.targets)))
                })
                .collect();
            let met = if judged.is_empty() {
                DASH.to_string()
            } else {
                format!("{} / {}", judged.iter().filter(|m| **m).count(), judged.len())
            };
            let mut value = cell(t, k, Some(&all), Some(&all_prev), None);
            value.status = "none";
            TotalRow {
                label: k.label(t),
                href: format!("kpi/{}.html", k.slug()),
                value,
                numerator: amount(f.num, k.is_money()),
                denominator: amount(f.den, k.is_money()),
                basis: k.basis(t),
                met,
            }
        })
        .collect();
    let medians: Vec<f64> = r
        .members
        .iter()
        .filter_map(|m| m.figures.period(Period::Quarter(r.quarters[now])))
        .filter_map(|p| p.tickets.median_resolution_hours)
        .collect();
    let median_range = match (
        medians.iter().copied().fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.min(v)))),
        medians.iter().copied().fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.max(v)))),
    ) {
        (Some(lo), Some(hi)) => format!("{lo:.1} – {hi:.1} {}", t.pf_hours),
        _ => DASH.to_string(),
    };
    let mut region_names: Vec<String> = r.members.iter().filter_map(|m| m.region.clone()).collect();
    region_names.sort();
    region_names.dedup();
    let regions = if region_names.is_empty() {
        Vec::new()
    } else {
        let mut names: Vec<Option<String>> = region_names.into_iter().map(Some).collect();
        if r.members.iter().any(|m| m.region.is_none()) {
            names.push(None);
        }
        names
            .into_iter()
            .map(|name| {
                let pick = |i: usize| r.members[i].region == name;
                let (s, sp) = (r.total(now, pick), r.total(prev, pick));
                let estates = (0..r.members.len()).filter(|&i| pick(i)).count();
                RegionRow {
                    name: name.clone().unwrap_or_else(|| t.pf_no_region.to_string()),
                    estates,
                    cells: Kpi::ALL.iter().map(|&k| cell(t, k, Some(&s), Some(&sp), None)).collect(),
                }
            })
            .collect()
    };
    let mut order: Vec<usize> = (0..r.members.len()).collect();
    sort_worst_first(r, Kpi::Collection, &mut order);
    let rows = order
        .into_iter()
        .map(|i| {
            let m = &r.members[i];
            LeagueRow {
                stale: stale_label(r, i, t),
                name: m.figures.estate.clone(),
                href: estate_href(i),
                region: m.region.clone().unwrap_or_default(),
                cells: Kpi::ALL
                    .iter()
                    .map(|&k| {
                        cell(t, k, r.sums[i][now].as_ref(), r.sums[i][prev].as_ref(), k.target(&m.figures.targets))
                    })
                    .collect(),
            }
        })
        .collect();
    let stale = (0..r.members.len())
        .filter(|&i| !stale_label(r, i, t).is_empty())
        .map(|i| {
            let f = &r.members[i].figures;
            format!("{}{}{}{}", f.estate, t.paren_open, format::date(lang, f.as_of), t.paren_close)
        })
        .collect();
    Home {
        stale,
        quarter: quarter_label(lang, r.quarters[now]),
        previous: quarter_label(lang, r.quarters[prev]),
        kpis: Kpi::ALL.iter().map(|&k| KpiHead { label: k.label(t), href: format!("kpi/{}.html", k.slug()) }).collect(),
        totals,
        median_range,
        regions,
        rows,
        estates: r.members.len(),
        units: amount(r.members.iter().map(|m| m.figures.units as i128).sum(), false),
    }
}

/// `数据截至 2026年9月15日` when estate `i`'s figures end before the latest
/// quarter does (an old file: its quarter is cut to that day), else empty.
fn stale_label(r: &Rollup, i: usize, t: &Strings) -> String {
    let f = &r.members[i].figures;
    if f.as_of < r.quarters[r.now()].last_month().last_day() {
        format!("{} {}", t.pf_as_of, format::date(r.portfolio.lang, f.as_of))
    } else {
        String::new()
    }
}

/// Orders estates worst first on `k` (lowest rate, most complaints); estates
/// without a value last; ties by name, so the order never depends on the file.
fn sort_worst_first(r: &Rollup, k: Kpi, order: &mut [usize]) {
    let now = r.now();
    let key = |i: usize| r.sums[i][now].as_ref().and_then(|s| k.of(s).rate());
    order.sort_by(|&a, &b| {
        let (va, vb) = (key(a), key(b));
        let by_value = match (va, vb) {
            (Some(x), Some(y)) => {
                if k.higher_is_better() {
                    x.total_cmp(&y)
                } else {
                    y.total_cmp(&x)
                }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_value.then_with(|| r.members[a].figures.estate.cmp(&r.members[b].figures.estate))
    });
}

#[derive(Serialize)]
struct Spark {
    label: &'static str,
    href: String,
    svg: String,
    latest: Cell,
    target: String,
    quarters: Vec<String>,
}

#[derive(Serialize)]
struct EstatePage {
    name: String,
    centre: String,
    region: String,
    as_of: String,
    base_url: String,
    units: String,
    first_quarter: String,
    last_quarter: String,
    sparks: Vec<Spark>,
}

fn target_text(k: Kpi, target: Option<f64>) -> String {
    match target {
        Some(v) if k.kind() == Kind::Rate => format!("{}%", trim_float(v * 100.0)),
        Some(v) => trim_float(v),
        None => DASH.to_string(),
    }
}

/// A target as written in site.yaml (`95`, `97.5`): at most two decimals, no trailing zeros.
fn trim_float(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn estate_page(r: &Rollup, t: &Strings, i: usize) -> EstatePage {
    let lang = r.portfolio.lang;
    let m = &r.members[i];
    let now = r.now();
    let sparks = Kpi::ALL
        .iter()
        .map(|&k| {
            let target = k.target(&m.figures.targets);
            let fracs: Vec<Option<Frac>> = r.sums[i].iter().map(|s| s.as_ref().map(|s| k.of(s))).collect();
            let values: Vec<Option<f64>> = fracs.iter().map(|f| f.and_then(Frac::rate)).collect();
            let scale = if k.kind() == Kind::Rate { Scale::Percent } else { Scale::Count };
            let title = format!("{} · {}", m.figures.estate, k.label(t));
            Spark {
                label: k.label(t),
                href: format!("../kpi/{}.html", k.slug()),
                svg: small::sparkline(&title, &values, target, scale),
                latest: cell(t, k, r.sums[i][now].as_ref(), r.sums[i][now - 1].as_ref(), target),
                target: target_text(k, target),
                quarters: fracs
                    .iter()
                    .map(|f| f.and_then(|f| f.text(k.kind())).unwrap_or_else(|| DASH.into()))
                    .collect(),
            }
        })
        .collect();
    EstatePage {
        name: m.figures.estate.clone(),
        centre: m.figures.name.clone(),
        region: m.region.clone().unwrap_or_default(),
        as_of: format::date(lang, m.figures.as_of),
        base_url: m.figures.base_url.clone(),
        units: amount(m.figures.units as i128, false),
        first_quarter: quarter_label(lang, r.quarters[0]),
        last_quarter: quarter_label(lang, r.quarters[now]),
        sparks,
    }
}

#[derive(Serialize)]
struct Ranked {
    rank: usize,
    name: String,
    href: String,
    region: String,
    value: Cell,
    numerator: String,
    denominator: String,
    target: String,
}

#[derive(Serialize)]
struct KpiPage {
    label: &'static str,
    nav: Vec<KpiHead>,
    quarter: String,
    company: Cell,
    numerator: String,
    denominator: String,
    basis: (&'static str, &'static str),
    chart: String,
    rows: Vec<Ranked>,
}

fn kpi_page(r: &Rollup, t: &Strings, k: Kpi) -> KpiPage {
    let lang = r.portfolio.lang;
    let (now, prev) = (r.now(), r.now() - 1);
    let all = r.total(now, |_| true);
    let mut order: Vec<usize> = (0..r.members.len()).collect();
    sort_worst_first(r, k, &mut order);
    let rows = order
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            let m = &r.members[i];
            let target = k.target(&m.figures.targets);
            let f = r.sums[i][now].as_ref().map(|s| k.of(s));
            Ranked {
                rank: rank + 1,
                name: m.figures.estate.clone(),
                href: format!("../{}", estate_href(i)),
                region: m.region.clone().unwrap_or_default(),
                value: cell(t, k, r.sums[i][now].as_ref(), r.sums[i][prev].as_ref(), target),
                numerator: f.map_or_else(|| DASH.into(), |f| amount(f.num, k.is_money())),
                denominator: f.map_or_else(|| DASH.into(), |f| amount(f.den, k.is_money())),
                target: target_text(k, target),
            }
        })
        .collect();
    let values: Vec<f64> =
        (0..r.members.len()).filter_map(|i| r.sums[i][now].as_ref().and_then(|s| k.of(s).rate())).collect();
    // The target most estates use (ties: the lower), drawn as the line.
    let mut targets: Vec<u64> =
        r.members.iter().filter_map(|m| k.target(&m.figures.targets)).map(|v| (v * 1e6).round() as u64).collect();
    targets.sort_unstable();
    let common = targets
        .chunk_by(|a, b| a == b)
        .max_by(|a, b| a.len().cmp(&b.len()).then(b[0].cmp(&a[0])))
        .map(|c| c[0] as f64 / 1e6);
    let scale = if k.kind() == Kind::Rate { Scale::Percent } else { Scale::Count };
    let f = k.of(&all);
    let mut company = cell(t, k, Some(&all), Some(&r.total(prev, |_| true)), None);
    company.status = "none";
    KpiPage {
        label: k.label(t),
        nav: Kpi::ALL.iter().map(|&k| KpiHead { label: k.label(t), href: format!("kpi/{}.html", k.slug()) }).collect(),
        quarter: quarter_label(lang, r.quarters[now]),
        company,
        numerator: amount(f.num, k.is_money()),
        denominator: amount(f.den, k.is_money()),
        basis: k.basis(t),
        chart: small::histogram(&format!("{} · {}", k.label(t), t.pf_distribution), &values, common, scale, WIDTH),
        rows,
    }
}

/// Renders the whole company site: pages and assets, paths relative to its root.
pub fn render(r: &Rollup, as_of: NaiveDate, theme: &Theme) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let p = r.portfolio;
    let lang = p.lang;
    let t = strings(lang);
    let globals = Globals {
        name: &p.name,
        language: &p.language,
        base_url: &p.base_url,
        date: format::date(lang, as_of),
        date_iso: as_of.to_string(),
    };
    let tera = theme.compile_site(lang, &globals)?;
    let job = |path: String, title: String, section: &'static str, template: &str, data: &dyn erased::Data| {
        let mut cx = Context::new();
        cx.insert("page", &Meta { root: format::root_of(&path), path: path.clone(), title, section });
        data.insert_into(&mut cx);
        render_one(&tera, theme, lang, template, &cx).map(|bytes| Page { path, bytes })
    };
    let mut results = vec![job("index.html".into(), t.pf_overview.into(), "home", "portfolio/home.html", &home(r, t))];
    results.extend(Kpi::ALL.iter().map(|&k| {
        let data = kpi_page(r, t, k);
        job(format!("kpi/{}.html", k.slug()), k.label(t).into(), "kpi", "portfolio/kpi.html", &data)
    }));
    let estates: Vec<Result<Page, Diagnostic>> = (0..r.members.len())
        .into_par_iter()
        .map(|i| {
            let data = estate_page(r, t, i);
            job(estate_href(i), data.name.clone(), "estates", "portfolio/estate.html", &data)
        })
        .collect();
    results.extend(estates);
    results.push(job("assets/portfolio.css".into(), String::new(), "", "portfolio/portfolio.css", &()));
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for res in results {
        match res {
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.dedup_by(|a, b| a.path == b.path && a.pos == b.pos && a.message == b.message);
        return Err(errors);
    }
    for (path, bytes) in theme.assets().filter(|(p, _)| matches!(*p, "style.css" | "print.css")) {
        pages.push(Page { path: format!("assets/{path}"), bytes: bytes.to_vec() });
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

fn render_one(tera: &Tera, theme: &Theme, lang: Lang, template: &str, cx: &Context) -> Result<Vec<u8>, Diagnostic> {
    tera.render(template, cx).map(String::into_bytes).map_err(|e| theme.template_error_in(lang, &e))
}

/// Lets one closure insert view models of different types as `data`.
mod erased {
    /// A view model.
    pub trait Data: Sync {
        fn insert_into(&self, cx: &mut tera::Context);
    }
    impl<T: serde::Serialize + Sync> Data for T {
        fn insert_into(&self, cx: &mut tera::Context) {
            cx.insert("data", self);
        }
    }
}
