//! The internal site: a monthly analysis page for every month with records
//! (the material for 报事分析会 and 投诉分析会), the work-standard grid of
//! each year, and an index. Printed on A4 for the monthly meetings.
//!
//! These pages show record details, so every personal field passes through
//! [`crate::privacy`]: names as `张*`, any run of 7+ digits masked
//! (`138****5678`), free text through the same digit mask. Staff names
//! (`by`, `chair`, `approved_by`) are shown as written.
//!
//! Records are grouped by month once ([`group`], [`MonthRecords`]); the open
//! backlog is spread over the months each ticket stays open, so no page
//! scans all records. The month page is [`month`] (its tables in [`rows`]),
//! the index [`index`]; the grid's view lives in [`super::grid`].

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::kpis::PeriodFigures;
use super::strings::tr;
use super::{Ctx, Job, Which};
use crate::i18n::Lang;
use crate::scalars::Month;

pub mod group;
pub mod index;
pub mod month;
pub mod rows;

pub use group::{MonthRecords, group_by_month, group_by_month_as_of};
pub use index::{IndexMonth, IndexYear, InternalIndex};
pub use month::MonthView;
pub(crate) use month::month_page;
pub use rows::{BacklogRow, ComplaintRow, CostRow, CountRow, DayCell, FeeRow, MeetingRow, MissRow, VisitSummary};

/// Path of a month's page on the internal site.
pub fn month_path(m: Month) -> String {
    format!("months/{m}.html")
}

/// Path of a year's work-standard grid.
pub fn grid_path(y: i32) -> String {
    format!("standards/{y}.html")
}

/// The title of a year's work-standard grid.
fn grid_title(l: Lang, y: i32) -> String {
    tr!(l, "{y}年日常工作标准执行情况", "Daily work standards, {y}")
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

/// The text of `l` from a `[zh, en]` pair.
pub(super) fn pick(l: Lang, pair: [&str; 2]) -> &str {
    match l {
        Lang::Zh => pair[0],
        Lang::En => pair[1],
    }
}

/// Every internal page; of the month pages, only those reading records of
/// month `from` onwards (all when `None`, see [`super::needed`]).
/// `fees` are the estate's bills and payments as the meeting lists read them.
pub fn jobs(
    cx: &Ctx,
    kpis: &PeriodFigures,
    from: Option<Month>,
    fees: std::sync::Arc<super::meeting::FeeLists>,
) -> Vec<Job> {
    let l = cx.lang();
    let estate = &cx.estate.site.estate;
    let pages: BTreeSet<Month> = kpis.record_months.iter().copied().collect();
    let by_month = group_by_month_as_of(cx.estate, &pages, cx.today);
    let ix = super::meeting::Index::with_fees(cx.estate, fees);
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
        // A year's grid reads that year's records (and earlier ones): kept after an edit of a later year.
        let upto = Some(Month { year: y, month: 12 });
        if !super::needed(upto, from) {
            continue;
        }
        let view = super::grid::grid_view(cx, kpis, y);
        let mut meta = cx.meta(Which::Internal, &grid_path(y), grid_title(l, y), "standards");
        meta.description = tr!(
            l,
            "{estate}{y}年项目客服部日常工作标准执行情况（内部资料）",
            "{estate}: customer service daily work standards, {y} (internal)"
        );
        jobs.push(cx.job(Which::Internal, meta, "internal/grid.html", &view).upto(upto));
    }
    jobs.push(index::index_job(cx, kpis, &years, &list));
    jobs
}
