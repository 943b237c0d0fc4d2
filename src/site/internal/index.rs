//! The internal index: the years newest first, each with its work-standard
//! grid and its month pages with the headline figures.

use std::collections::BTreeSet;

use serde::Serialize;

use super::super::kpis::PeriodFigures;
use super::super::strings::tr;
use super::super::{Ctx, Job, Which, format};
use super::{grid_path, grid_title, month_path};
use crate::kpi::DASH;
use crate::scalars::Month;

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

/// The index page over `years` and the month pages in `list` (oldest first).
pub(super) fn index_job(cx: &Ctx, kpis: &PeriodFigures, years: &BTreeSet<i32>, list: &[Month]) -> Job {
    let l = cx.lang();
    let estate = &cx.estate.site.estate;
    let index = InternalIndex {
        years: years
            .iter()
            .rev()
            .map(|&y| IndexYear {
                year: y,
                label: format::year(l, y),
                grid: grid_path(y),
                grid_label: grid_title(l, y),
                months: list
                    .iter()
                    .rev()
                    .filter(|m| m.year == y)
                    .map(|&m| {
                        let k = kpis.month(m);
                        IndexMonth {
                            label: format::month(l, m),
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
    cx.job(Which::Internal, meta, "internal/index.html", &index)
}
