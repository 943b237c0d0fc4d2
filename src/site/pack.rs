//! The pages `wuye pdf` prints, rendered through the same pipeline as the
//! sites (theme, view models, privacy guard) but on their own: a month's
//! meeting pack (the internal month analysis followed by the year's
//! work-standard grid, one HTML document so page numbers and the outline run
//! through both) or a quarter's public bulletin.
//!
//! Nothing here writes files: [`print_set`] returns the pages and the
//! stylesheets they link, for the caller to put in a private folder.

use chrono::NaiveDate;

use super::strings::tr;
use super::{Ctx, Which, bulletins, format, internal, kpis};
use crate::diag::Diagnostic;
use crate::records::{Estate, Quarter};
use crate::scalars::Month;
use crate::site::Page;

use super::theme::Theme;

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Printable {
    /// A month's meeting pack (internal).
    Month(Month),
    /// A quarter's public bulletin.
    Quarter(Quarter),
}

impl Printable {
    /// `2026-10` or `2026-Q3`; `None` for anything else (a year too: there is no yearly printout).
    pub fn parse(s: &str) -> Option<Printable> {
        match crate::kpi::Period::parse(s)? {
            crate::kpi::Period::Month(m) => Some(Printable::Month(m)),
            crate::kpi::Period::Quarter(q) => Some(Printable::Quarter(q)),
            crate::kpi::Period::Year(_) => None,
        }
    }

    /// The period as written (`2026-10`, `2026-Q3`), for file names.
    pub fn stem(self) -> String {
        match self {
            Printable::Month(m) => m.to_string(),
            Printable::Quarter(q) => q.to_string(),
        }
    }

    fn first_day(self) -> NaiveDate {
        match self {
            Printable::Month(m) => m.first_day(),
            Printable::Quarter(q) => q.first_month().first_day(),
        }
    }

    fn last_day(self) -> NaiveDate {
        match self {
            Printable::Month(m) => m.last_day(),
            Printable::Quarter(q) => q.last_month().last_day(),
        }
    }
}

/// The files of one printout: `entry` is the page to print; every path is
/// relative to one folder (the page's stylesheets under `assets/`).
#[derive(Debug)]
pub struct PrintSet {
    /// The page to print, e.g. `months/2026-10-pack.html`.
    pub entry: String,
    /// The page and its stylesheets.
    pub files: Vec<Page>,
    /// Whether the page is one of the public site's: then the privacy
    /// guard scans it before it is printed, as `wuye build` would.
    pub public: bool,
}

/// Why there is nothing to print.
#[derive(Debug)]
pub enum Refusal {
    /// The period starts after the as-of day (exit 2).
    NotBegun(String),
    /// The period has no records, or its bulletin is not published yet (exit 2).
    Nothing(String),
    /// Template errors or personal data on a public page (exit 1).
    Diags(Vec<Diagnostic>),
}

/// Renders the printout of `what` as of `today`.
pub fn print_set(estate: &Estate, today: NaiveDate, theme: &Theme, what: Printable) -> Result<PrintSet, Refusal> {
    let l = estate.site.lang;
    let label = match what {
        Printable::Month(m) => format::month(l, m),
        Printable::Quarter(q) => format::quarter(l, q),
    };
    let day = format::date(l, today);
    if what.first_day() > today {
        return Err(Refusal::NotBegun(tr!(
            l,
            "{label}在数据日期 {day} 时尚未开始：请换一个期间，或用 --date 指定日期",
            "{label} has not begun by the as-of day {day}: choose another period or pass --date"
        )));
    }
    let cx = Ctx { estate, today, drafts: false };
    let kpis = kpis::PeriodFigures::new(&cx);
    let (templates, globals) = super::compile(estate, today, theme).map_err(Refusal::Diags)?;
    let (job, which) = match what {
        Printable::Month(m) => {
            if !kpis.record_months.contains(&m) {
                return Err(Refusal::Nothing(tr!(
                    l,
                    "{label}没有任何记录，无法生成月度材料",
                    "{label} has no records: no monthly pack to print"
                )));
            }
            (month_pack(&cx, &kpis, m), Which::Internal)
        }
        Printable::Quarter(q) => {
            if what.last_day() >= today {
                return Err(Refusal::Nothing(tr!(
                    l,
                    "{label}在 {day} 尚未结束：服务简报在季度结束后公示",
                    "{label} has not ended by {day}: the bulletin is published after the quarter"
                )));
            }
            let path = bulletins::bulletin_path(q);
            let job = bulletins::jobs(&cx, &kpis, None).into_iter().find(|j| j.path == path);
            let Some(job) = job else {
                return Err(Refusal::Nothing(tr!(
                    l,
                    "{label}没有任何记录，没有服务简报",
                    "{label} has no records: there is no bulletin"
                )));
            };
            (job, Which::Public)
        }
    };
    let entry = job.path.clone();
    let none = crate::incremental::Pages::default();
    let (_, page, _) =
        super::render_job_with(&templates, theme, l, job, &none, globals).map_err(|d| Refusal::Diags(vec![d]))?;
    let mut files = vec![page];
    files.extend(theme.assets().map(|(p, b)| Page { path: format!("assets/{p}"), bytes: b.to_vec() }));
    Ok(PrintSet { entry, files, public: which == Which::Public })
}

/// The month page's job turned into the pack: same view, plus the year's
/// grid, under a title that says what the document is.
fn month_pack(cx: &Ctx, kpis: &kpis::PeriodFigures, m: Month) -> super::Job {
    let l = cx.lang();
    let pages: std::collections::BTreeSet<Month> = kpis.record_months.iter().copied().collect();
    let by_month = internal::group_by_month_as_of(cx.estate, &pages, cx.today);
    let ix = super::meeting::Index::new(cx.estate);
    let empty = internal::MonthRecords::default();
    let recs = by_month.get(&m).unwrap_or(&empty);
    let neighbours = (pages.range(..m).next_back().copied(), pages.range(m.next()..).next().copied());
    let mut job = internal::month_page(cx, kpis, &ix, m, recs, neighbours);
    let grid = super::grid::grid_view(cx, kpis, m.year);
    let (estate, label) = (&cx.estate.site.estate, format::month(l, m));
    let title = tr!(l, "{estate}{label}月度会议材料（内部资料）", "{estate} monthly meeting pack, {label} (internal)");
    let path = format!("months/{m}-pack.html");
    let page = cx.meta(Which::Internal, &path, title, "months");
    job.context.insert("page", &page);
    job.context.insert("grid", &grid);
    job.template = "internal/pack.html";
    job.path = path;
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse() {
        assert_eq!(Printable::parse("2026-10"), Some(Printable::Month(Month { year: 2026, month: 10 })));
        assert_eq!(Printable::parse("2026-Q3").map(Printable::stem).as_deref(), Some("2026-Q3"));
        for bad in ["2026", "2026-Q5", "2026-Q0", "2026-13", "26-Q1", "2026-Q12", "x"] {
            assert_eq!(Printable::parse(bad), None, "{bad}");
        }
    }
}
