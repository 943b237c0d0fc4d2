//! The one function behind `wuye kpi --format json` and every period of
//! `wuye figures`: both print exactly what this returns, so a figures file
//! can never disagree with the command an estate runs by hand.

use chrono::NaiveDate;

use super::{KpiIndex, Period, PeriodKpi};

/// The figures of `period` as the KPI contract reports them on the as-of day
/// `as_of` (docs/kpi.md, "`wuye kpi`"): a period still running on `as_of`
/// is cut to date and flagged (`in_progress`, `as_of`). `None` when the
/// period has not begun by `as_of`.
pub fn report(index: &KpiIndex, period: Period, as_of: NaiveDate) -> Option<PeriodKpi> {
    index.compute_as_of(period, as_of)
}
