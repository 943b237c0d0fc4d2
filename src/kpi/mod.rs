//! The KPI engine: pure figures from loaded records and a reporting period.
//!
//! Every figure is defined in `docs/kpi.md`; this module is that page as
//! code. It does no I/O and knows nothing of templates: [`compute`] (or a
//! [`KpiIndex`] for many periods) turns an [`Estate`] and a [`Period`] into a
//! [`PeriodKpi`] whose serde JSON *is* the `wuye kpi --format json` contract.
//!
//! Invariants:
//! - Counts and money are exact integers to the end (money in fen). A rate is
//!   built as a [`Ratio`] of two integers and divided into an `f64` only when
//!   the figure is stored; a zero denominator gives `None` (JSON `null`).
//! - Pages never format those floats: [`percent`], [`decimal`] and
//!   [`pp_change`] round from the integers, as the contract demands.
//! - Many periods are cheap: [`KpiIndex::new`] groups records by month once
//!   and precomputes what is not additive over months (tickets open at the
//!   end, arrears, year-to-date visits, per-bill payment histories), so each
//!   period folds only its own months' records plus a few binary searches.

pub mod catalogue;
pub mod report;
pub mod routines;
pub mod table;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

// FxHash: the index groups every record of a large estate; SipHash was a top cost.
use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Serialize, Serializer};

use crate::records::bill_join::BillJoin;

use crate::calendar::Calendar;
use crate::records::{Complaint, Estate, Quarter, Survey, Ticket, UnitStatus, VisitMode};
use crate::scalars::{Money, Month};

pub use report::report;

/// Shown wherever a figure has no value (a rate with a zero denominator).
pub const DASH: &str = "—";

/// The forms `--period` accepts, for usage messages.
pub const PERIOD_FORMS: &str = "YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year), e.g. 2026-10, 2026-Q3, 2026";

// ---------------------------------------------------------------------------
// Periods

/// A reporting period: the span every KPI is computed over.
///
/// It runs from 00:00 of its first day ([`Period::start`]) to 24:00 of its
/// last day ([`Period::end`], exclusive); "in R" means `start <= t < end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A month, `YYYY-MM`.
    Month(Month),
    /// A quarter, `YYYY-Qn`.
    Quarter(Quarter),
    /// A calendar year, `YYYY`.
    Year(i32),
}

impl Period {
    /// Parses `YYYY-MM`, `YYYY-Qn` or `YYYY` (exactly those shapes, so a typo
    /// is refused rather than read as some other period).
    pub fn parse(s: &str) -> Option<Period> {
        if let Some(m) = Month::parse(s) {
            return Some(Period::Month(m));
        }
        if let Some(q) = Quarter::parse(s) {
            return Some(Period::Quarter(q));
        }
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().ok().map(Period::Year);
        }
        None
    }

    /// The first month of the period.
    pub fn first_month(self) -> Month {
        match self {
            Period::Month(m) => m,
            Period::Quarter(q) => q.first_month(),
            Period::Year(y) => Month { year: y, month: 1 },
        }
    }

    /// The last month of the period.
    pub fn last_month(self) -> Month {
        match self {
            Period::Month(m) => m,
            Period::Quarter(q) => q.last_month(),
            Period::Year(y) => Month { year: y, month: 12 },
        }
    }

    /// The first day (the period starts at its 00:00).
    pub fn start(self) -> NaiveDate {
        self.first_month().first_day()
    }

    /// The day after the last day: the period ends at its 00:00 (exclusive).
    pub fn end(self) -> NaiveDate {
        self.last_month().next().first_day()
    }

    /// The last day, as the JSON contract's `end` shows it.
    pub fn last_day(self) -> NaiveDate {
        self.last_month().last_day()
    }

    /// The months of the period, in order.
    pub fn months(self) -> Vec<Month> {
        let (a, b) = (self.first_month().index(), self.last_month().index());
        (a..=b).map(Month::from_index).collect()
    }

    /// Number of days in the period.
    pub fn days(self) -> i64 {
        (self.end() - self.start()).num_days()
    }

    /// The year the period lies in (visits are counted year to date within it).
    pub fn year(self) -> i32 {
        self.first_month().year
    }

    /// The period of the same kind just before (for period-on-period changes).
    pub fn prev(self) -> Period {
        match self {
            Period::Month(m) => Period::Month(m.prev()),
            Period::Quarter(q) => Period::Quarter(q.prev()),
            Period::Year(y) => Period::Year(y - 1),
        }
    }

    /// The same period a year earlier (for year-on-year changes, 同比).
    pub fn year_before(self) -> Period {
        match self {
            Period::Month(m) => Period::Month(Month { year: m.year - 1, ..m }),
            Period::Quarter(q) => Period::Quarter(Quarter { year: q.year - 1, ..q }),
            Period::Year(y) => Period::Year(y - 1),
        }
    }

    /// A Chinese label for headings: `2026年10月`, `2026年第3季度`, `2026年`.
    pub fn label_zh(self) -> String {
        match self {
            Period::Month(m) => format!("{}年{}月", m.year, m.month),
            Period::Quarter(q) => format!("{}年第{}季度", q.year, q.q),
            Period::Year(y) => format!("{y}年"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => m.fmt(f),
            Period::Quarter(q) => q.fmt(f),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The part of a period that figures cover: the whole period, or the period
/// cut to date when it is still running on the as-of day (docs/kpi.md, "Periods
/// in progress"), or its first days for a like-for-like comparison (上期同期).
///
/// A span always starts at 00:00 of its period's first day and ends at 00:00
/// of `end` (exclusive); "the last day of R" in docs/kpi.md is [`Span::last_day`].
/// It is a pure value of (period, as-of day), so every page, `wuye kpi` and
/// the head-office figures cut a running period the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The period cut.
    pub period: Period,
    /// Its first day (the span starts at its 00:00).
    pub start: NaiveDate,
    /// The day after the last day counted: the span ends at its 00:00.
    pub end: NaiveDate,
    /// The as-of day when the period is in progress on it (cut to date).
    pub as_of: Option<NaiveDate>,
}

impl Period {
    /// The period as of day `d`: the whole period when it has ended by the
    /// end of `d` (`d` is its last day or later), the period to date (cut at
    /// the end of `d`) when `d` falls inside it, `None` when it has not begun.
    pub fn cut(self, d: NaiveDate) -> Option<Span> {
        if d < self.start() {
            return None;
        }
        if d >= self.last_day() {
            return Some(Span::whole(self));
        }
        Some(Span { period: self, start: self.start(), end: d.succ_opt()?, as_of: Some(d) })
    }
}

impl Span {
    /// The whole period.
    pub fn whole(period: Period) -> Span {
        Span { period, start: period.start(), end: period.end(), as_of: None }
    }

    /// Nothing of the period (a period not begun by the as-of day): every
    /// count is 0 and every rate null.
    pub fn empty(period: Period) -> Span {
        Span { period, start: period.start(), end: period.start(), as_of: None }
    }

    /// Whether this is the period to date, still running on the as-of day.
    pub fn in_progress(self) -> bool {
        self.as_of.is_some()
    }

    /// Whether the span covers its whole period.
    pub fn is_whole(self) -> bool {
        self.end >= self.period.end()
    }

    /// The last day counted ("the last day of R").
    pub fn last_day(self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }

    /// Number of days counted.
    pub fn days(self) -> i64 {
        (self.end - self.start).num_days().max(0)
    }

    /// The same number of days at the start of `earlier`, at most all of it:
    /// the like-for-like span to compare with (上期同期).
    pub fn same_days_of(self, earlier: Period) -> Span {
        if self.is_whole() {
            return Span::whole(earlier);
        }
        let end = (earlier.start() + TimeDelta::days(self.days())).min(earlier.end());
        Span { period: earlier, start: earlier.start(), end, as_of: None }
    }

    /// The previous period cut to the same number of days (上期同期).
    pub fn previous(self) -> Span {
        self.same_days_of(self.period.prev())
    }

    /// The months with a day in the span, as (first, last); `None` when empty.
    fn months(self) -> Option<(Month, Month)> {
        (self.end > self.start).then(|| (Month::of(self.start), Month::of(self.last_day())))
    }
}

/// The share of a year's accruing target due by the end of day `d` (visit
/// coverage, face-to-face share, unoccupied visits): months finished by `d`
/// plus the elapsed fraction of `d`'s month, over 12 (docs/kpi.md). At a month's
/// last day it is month ÷ 12.
pub fn accrued_share(d: NaiveDate) -> f64 {
    let m = Month::of(d);
    let dim = f64::from(m.last_day().day());
    (f64::from(d.month() - 1) + f64::from(d.day()) / dim) / 12.0
}

// ---------------------------------------------------------------------------
// Exact ratios and their formatting

/// Two exact integers whose quotient is a rate: kept so that pages can round
/// from the integers (the contract forbids rounding a float).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    /// Numerator (a count, or fen).
    pub num: i128,
    /// Denominator; 0 means the rate has no value.
    pub den: i128,
}

impl Ratio {
    /// A ratio of two amounts (fen).
    pub fn new(num: i128, den: i128) -> Ratio {
        Ratio { num, den }
    }

    /// A ratio of two counts.
    pub fn counts(num: u64, den: u64) -> Ratio {
        Ratio { num: num.into(), den: den.into() }
    }

    /// The rate as a float (the one division), `None` for a zero denominator.
    pub fn rate(self) -> Option<f64> {
        (self.den != 0).then(|| self.num as f64 / self.den as f64)
    }

    /// As a percentage rounded half up to one decimal (`6.3%`), `None` when empty.
    pub fn percent(self) -> Option<String> {
        percent(self.num, self.den)
    }

    /// Whether the rate reaches `target` (`None` when there is no rate to judge).
    pub fn meets(self, target: f64) -> Option<bool> {
        self.rate().map(|r| r >= target)
    }
}

fn round_half_up(num: i128, den: i128) -> i128 {
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    (2 * num + den).div_euclid(2 * den)
}

fn fixed(units: i128, places: u32) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let a = units.unsigned_abs();
    if places == 0 {
        return format!("{sign}{a}");
    }
    let p = 10u128.pow(places);
    format!("{sign}{}.{:0w$}", a / p, a % p, w = places as usize)
}

/// `num / den` rounded half up to `places` decimals, computed from the
/// integers (`decimal(1, 8, 2)` is `0.13`); `None` when `den` is 0.
pub fn decimal(num: i128, den: i128, places: u32) -> Option<String> {
    (den != 0).then(|| fixed(round_half_up(num * 10i128.pow(places), den), places))
}

/// `num / den` as a percentage rounded half up to one decimal
/// (`percent(1, 16)` is `6.3%`), `None` when `den` is 0. Pages use this, not
/// the float, so that every shown figure can be recomputed by hand.
pub fn percent(num: i128, den: i128) -> Option<String> {
    decimal(num.saturating_mul(100), den, 1).map(|s| s + "%")
}

/// The change from `before` to `now` in percentage points: the exact
/// difference rounded half away from zero to 0.1, signed (`+1.3`, `-0.4`,
/// `0.0`), and [`DASH`] when either side has no value. No unit is appended.
pub fn pp_change(now: Ratio, before: Ratio) -> String {
    if now.den == 0 || before.den == 0 {
        return DASH.to_string();
    }
    // (n1/d1 − n2/d2) × 1000 tenths of a point, as one fraction of integers.
    let (n1, d1, n2, d2) = (now.num, now.den, before.num, before.den);
    let mut num = (n1 * d2 - n2 * d1) * 1000;
    let mut den = d1 * d2;
    if den < 0 {
        num = -num;
        den = -den;
    }
    let tenths = num.signum() * round_half_up(num.abs(), den);
    let s = fixed(tenths, 1);
    if tenths > 0 { format!("+{s}") } else { s }
}

fn money_str<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.plain())
}

// ---------------------------------------------------------------------------
// The figures

/// Every KPI of one period. Its serde JSON is the `wuye kpi` contract: the
/// field names and order are those of `docs/kpi.md`; extra keys follow the
/// contract's keys in each object.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodKpi {
    /// The period, serialized as written (`2026-Q3`).
    pub period: Period,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day (inclusive, as the contract's JSON shows; [`Period::end`]
    /// is the exclusive bound); for a period in progress, the as-of day.
    pub end: NaiveDate,
    /// Extra: the period is still running and cut to date (docs/kpi.md).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub in_progress: bool,
    /// Extra: the as-of day of a period in progress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// The span the figures cover.
    #[serde(skip)]
    pub span: Span,
    /// 报事.
    pub tickets: TicketKpi,
    /// 投诉.
    pub complaints: ComplaintKpi,
    /// 物业费.
    pub fees: FeeKpi,
    /// 满意度.
    pub satisfaction: SatisfactionKpi,
    /// 业主访谈, year to date.
    pub visits: VisitKpi,
    /// 园区巡查.
    pub inspections: InspectionKpi,
    /// The counts behind the work standard's routine rows (an extra key).
    pub routines: routines::RoutineKpi,
}

/// 报事: tickets with `reported_at` in the period.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TicketKpi {
    /// Tickets reported in the period.
    pub reported: u64,
    /// Of those, completed before the end.
    pub completed: u64,
    /// completed / reported (报事完成率).
    pub completion_rate: Option<f64>,
    /// Tickets reported before the end (any earlier month too) and not completed before it.
    pub open_at_end: u64,
    /// Median of completed − reported over the completed, in hours.
    pub median_resolution_hours: Option<f64>,
    /// Share of the completed followed up within 24 hours (exactly 24h counts).
    pub followup_24h_rate: Option<f64>,
    /// Costs at or over the approval threshold without `approved_by` (a data-quality count).
    pub over_threshold_unapproved: u64,
    /// Counts by 户内/公区.
    pub by_area: BTreeMap<String, u64>,
    /// Counts by category.
    pub by_category: BTreeMap<String, u64>,
    /// Counts by channel.
    pub by_channel: BTreeMap<String, u64>,
    /// Extra: the numerator of `followup_24h_rate`, so it can be checked by hand.
    pub followed_up_24h: u64,
    /// Extra: 50th percentile of resolution time in hours (equals the median).
    pub p50_resolution_hours: Option<f64>,
    /// Extra: 90th percentile of resolution time in hours (linear between
    /// closest ranks, the same rule that makes p50 the median).
    pub p90_resolution_hours: Option<f64>,
    /// The median as an exact ratio of hours, for rounding on pages.
    #[serde(skip)]
    pub p50_hours: Option<Ratio>,
    /// The 90th percentile as an exact ratio of hours.
    #[serde(skip)]
    pub p90_hours: Option<Ratio>,
}

impl TicketKpi {
    /// completed / reported.
    pub fn completion_ratio(&self) -> Ratio {
        Ratio::counts(self.completed, self.reported)
    }
    /// followed up within 24h / completed.
    pub fn followup_24h_ratio(&self) -> Ratio {
        Ratio::counts(self.followed_up_24h, self.completed)
    }
}

/// 投诉: complaints with `received_at` in the period.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ComplaintKpi {
    /// Complaints received, invalid ones included.
    pub received: u64,
    /// Of those, valid (有效投诉).
    pub valid: u64,
    /// valid × 100 / units in the register.
    pub per_100_households: Option<f64>,
    /// Resolved before the end.
    pub resolved: u64,
    /// resolved / received.
    pub resolution_rate: Option<f64>,
    /// Share of the resolved followed up by the end of the third working day after resolution.
    pub followup_3wd_rate: Option<f64>,
    /// Counts by category.
    pub by_category: BTreeMap<String, u64>,
    /// Extra: the numerator of `followup_3wd_rate`.
    pub followed_up_3wd: u64,
    /// Extra: complaints in the period from a unit that had another complaint
    /// received at most 90 calendar days earlier (any period, invalid ones included).
    pub repeat_90d: u64,
    /// Extra: distinct units behind `repeat_90d`.
    pub repeat_90d_units: u64,
    /// Units in the register (the denominator of `per_100_households`).
    #[serde(skip)]
    pub units: u64,
}

impl ComplaintKpi {
    /// resolved / received.
    pub fn resolution_ratio(&self) -> Ratio {
        Ratio::counts(self.resolved, self.received)
    }
    /// followed up in time / resolved.
    pub fn followup_3wd_ratio(&self) -> Ratio {
        Ratio::counts(self.followed_up_3wd, self.resolved)
    }
    /// (valid × 100) / units: a number of complaints, not a share.
    pub fn per_100_ratio(&self) -> Ratio {
        Ratio::counts(self.valid * 100, self.units)
    }
}

/// 物业费 over bills whose `period` is in the reporting period, and arrears of earlier bills.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FeeKpi {
    /// Sum owed (amount − waived) by bills of the period (应收).
    #[serde(serialize_with = "money_str")]
    pub receivable: Money,
    /// Their payments dated before the end, each bill capped at what it owes (实收).
    #[serde(serialize_with = "money_str")]
    pub collected: Money,
    /// collected / receivable (物业费收缴率).
    pub collection_rate: Option<f64>,
    /// What earlier bills still owed at the start.
    #[serde(serialize_with = "money_str")]
    pub arrears_at_start: Money,
    /// Payments in the period to earlier bills, capped at what each owed at the start.
    #[serde(serialize_with = "money_str")]
    pub arrears_collected: Money,
    /// arrears_collected / arrears_at_start (清欠率).
    pub arrears_recovery_rate: Option<f64>,
    /// Extra: units owing something on the period's bills (应缴户).
    pub households_billed: u64,
    /// Extra: of those, units whose every bill of the period was fully paid before the end (已缴户).
    pub households_paid: u64,
    /// Extra: households_paid / households_billed (按户收缴率).
    pub household_collection_rate: Option<f64>,
    /// Extra: receivable and collected per fee item (物业费, 车位管理费, …).
    pub by_item: BTreeMap<String, ItemFeeKpi>,
}

impl FeeKpi {
    /// collected / receivable, in fen.
    pub fn collection_ratio(&self) -> Ratio {
        Ratio::new(self.collected.0, self.receivable.0)
    }
    /// arrears_collected / arrears_at_start, in fen.
    pub fn arrears_recovery_ratio(&self) -> Ratio {
        Ratio::new(self.arrears_collected.0, self.arrears_at_start.0)
    }
    /// households_paid / households_billed.
    pub fn household_collection_ratio(&self) -> Ratio {
        Ratio::counts(self.households_paid, self.households_billed)
    }
}

/// One fee item's share of [`FeeKpi`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct ItemFeeKpi {
    /// Owed by the item's bills of the period.
    #[serde(serialize_with = "money_str")]
    pub receivable: Money,
    /// Collected on them (capped per bill).
    #[serde(serialize_with = "money_str")]
    pub collected: Money,
    /// collected / receivable.
    pub collection_rate: Option<f64>,
}

impl ItemFeeKpi {
    /// collected / receivable, in fen.
    pub fn collection_ratio(&self) -> Ratio {
        Ratio::new(self.collected.0, self.receivable.0)
    }
}

/// 满意度 over survey responses dated in the period.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SatisfactionKpi {
    /// Responses.
    pub responses: u64,
    /// Of those, overall >= `satisfied_min_score`.
    pub satisfied: u64,
    /// satisfied / responses (业主综合满意率).
    pub rate: Option<f64>,
    /// Mean overall score.
    pub mean_score: Option<f64>,
    /// Mean score of each service line seen in `scores`.
    pub by_line: BTreeMap<String, f64>,
    /// Extra: each service line's responses, satisfied count and rate.
    pub lines: BTreeMap<String, LineKpi>,
    /// Sum of overall scores (numerator of `mean_score`).
    #[serde(skip)]
    pub score_sum: u64,
}

impl SatisfactionKpi {
    /// satisfied / responses.
    pub fn satisfied_ratio(&self) -> Ratio {
        Ratio::counts(self.satisfied, self.responses)
    }
    /// The mean overall score as a ratio (for rounding to two decimals).
    pub fn mean_ratio(&self) -> Ratio {
        Ratio::counts(self.score_sum, self.responses)
    }
}

/// Satisfaction with one service line (客服, 工程, 秩序, 环境, …).
#[derive(Clone, Debug, Default, Serialize)]
pub struct LineKpi {
    /// Responses that scored this line.
    pub responses: u64,
    /// Of those, a line score >= `satisfied_min_score`.
    pub satisfied: u64,
    /// satisfied / responses.
    pub rate: Option<f64>,
    /// Mean line score.
    pub mean_score: Option<f64>,
    /// Sum of line scores.
    #[serde(skip)]
    pub score_sum: u64,
}

impl LineKpi {
    /// satisfied / responses.
    pub fn satisfied_ratio(&self) -> Ratio {
        Ratio::counts(self.satisfied, self.responses)
    }
    /// The mean line score as a ratio.
    pub fn mean_ratio(&self) -> Ratio {
        Ratio::counts(self.score_sum, self.responses)
    }
}

/// 业主访谈, year to date: from 1 January of the period's year to its end.
#[derive(Clone, Debug, Default, Serialize)]
pub struct VisitKpi {
    /// Units whose status is 已入住 (today's status).
    pub occupied_units: u64,
    /// Of those, units with at least one visit.
    pub visited_units: u64,
    /// visited / occupied.
    pub coverage: Option<f64>,
    /// Occupied units with at least one 面访.
    pub face_to_face_units: u64,
    /// face_to_face_units / occupied.
    pub face_to_face_share: Option<f64>,
    /// Units 空置 or 装修.
    pub unoccupied_units: u64,
    /// Of those, units with at least two visits.
    pub unoccupied_twice: u64,
    /// unoccupied_twice / unoccupied.
    pub unoccupied_compliance: Option<f64>,
    /// Extra: the first day counted (1 January).
    pub since: Option<NaiveDate>,
}

impl VisitKpi {
    /// visited / occupied.
    pub fn coverage_ratio(&self) -> Ratio {
        Ratio::counts(self.visited_units, self.occupied_units)
    }
    /// face to face / occupied.
    pub fn face_to_face_ratio(&self) -> Ratio {
        Ratio::counts(self.face_to_face_units, self.occupied_units)
    }
    /// visited twice / unoccupied.
    pub fn unoccupied_ratio(&self) -> Ratio {
        Ratio::counts(self.unoccupied_twice, self.unoccupied_units)
    }
}

/// 园区巡查 over the days of the period.
#[derive(Clone, Debug, Default, Serialize)]
pub struct InspectionKpi {
    /// Days in the period.
    pub days: u64,
    /// Days with at least one inspection.
    pub days_inspected: u64,
    /// days_inspected / days.
    pub compliance: Option<f64>,
}

impl InspectionKpi {
    /// days inspected / days.
    pub fn compliance_ratio(&self) -> Ratio {
        Ratio::counts(self.days_inspected, self.days)
    }
}

// ---------------------------------------------------------------------------
// Deadlines

/// The last moment a ticket follow-up is in time: exactly 24 hours after
/// completion, inclusive (a follow-up at this instant counts).
pub fn ticket_followup_deadline(completed_at: NaiveDateTime) -> NaiveDateTime {
    completed_at + TimeDelta::hours(24)
}

/// When a complaint follow-up is late: 00:00 of the day after the third
/// working day after the day of resolution, exclusive. Counting starts the day
/// after resolution and make-up workdays (调休) count, so a Friday resolution
/// before a normal weekend is in time until Wednesday 23:59:59.
pub fn complaint_followup_deadline(calendar: &Calendar, resolved_at: NaiveDateTime) -> NaiveDateTime {
    let third = calendar.nth_workday_after(resolved_at.date(), 3);
    third.succ_opt().unwrap_or(third).and_time(NaiveTime::MIN)
}

/// Percentile `q` (0–100) of sorted whole seconds, linear between closest
/// ranks, as an exact ratio of hours: for q = 50 it is the contract's median.
fn percentile_hours(sorted: &[i64], q: i64) -> Option<Ratio> {
    let n = sorted.len() as i64;
    if n == 0 {
        return None;
    }
    let pos = q * (n - 1);
    let (lo, frac) = ((pos / 100) as usize, pos % 100);
    let hi = if frac == 0 { lo } else { lo + 1 };
    Some(Ratio { num: i128::from(sorted[lo] * (100 - frac) + sorted[hi] * frac), den: 100 * 3600 })
}

// ---------------------------------------------------------------------------
// The index

/// Sums over keys, answering "total of entries with key < k" by binary search.
#[derive(Clone, Debug, Default)]
struct Cumulative {
    keys: Vec<i32>,
    sums: Vec<i128>,
}

impl Cumulative {
    fn new(mut entries: Vec<(i32, i128)>) -> Cumulative {
        entries.sort_unstable_by_key(|e| e.0);
        let mut c = Cumulative::default();
        let mut total = 0;
        for (k, v) in entries {
            total += v;
            if c.keys.last() == Some(&k) {
                *c.sums.last_mut().expect("parallel vectors") = total;
            } else {
                c.keys.push(k);
                c.sums.push(total);
            }
        }
        c
    }
    fn below(&self, k: i32) -> i128 {
        match self.keys.partition_point(|&x| x < k) {
            0 => 0,
            i => self.sums[i - 1],
        }
    }
}

struct ComplaintFact<'a> {
    c: &'a Complaint,
    followup_in_time: bool,
    repeat: bool,
}

/// One bill's fee facts, 24 bytes: millions of bills are indexed at once
/// (3.4 million at 20,000 units × 60 months), so the amounts are 64-bit
/// (a bill owes at most [`Money::MAX`]) and its payments are a range of the
/// index's one flat list instead of a list of their own. The bill is named
/// by its place in `records.bills`, not borrowed, so that [`Fees`] owns its
/// data and `serve` can keep it while no fee file changes ([`FeeFacts`]).
struct BillFact {
    bill: u32,
    owed: i64,
    /// Start of this bill's entries in [`Fees::paid`]; they end at `end`.
    start: u32,
    end: u32,
}

impl BillFact {
    /// Capped payments dated before day `end`; `paid` is [`Fees::paid`].
    fn paid_before(&self, paid: &[(NaiveDate, i64)], end: NaiveDate) -> i64 {
        let paid = &paid[self.start as usize..self.end as usize];
        match paid.partition_point(|e| e.0 < end) {
            0 => 0,
            i => paid[i - 1].1,
        }
    }
}

#[derive(Default)]
struct Bucket<'a> {
    tickets: Vec<&'a Ticket>,
    complaints: Vec<ComplaintFact<'a>>,
    surveys: Vec<&'a Survey>,
}

/// Year-to-date visit facts of one year, each a sorted list of dates so that
/// "how many units by the end of R" is a binary search.
#[derive(Default)]
struct YearVisits {
    /// Each occupied unit's first visit of the year.
    first: Vec<NaiveDate>,
    /// Each occupied unit's first 面访 of the year.
    first_f2f: Vec<NaiveDate>,
    /// Each unoccupied unit's second visit of the year.
    second: Vec<NaiveDate>,
}

/// Fees: each bill's payments by month, capped cumulatively at what it owes.
/// Read only from `records.bills` and `records.payments` (the fee files).
struct Fees {
    bills: BTreeMap<Month, Vec<BillFact>>,
    /// Per bill (in record order), per day with payments: (day d, what the
    /// payments dated up to the end of d cover, capped at what it owes).
    paid: Vec<(NaiveDate, i64)>,
    owed_by_period: Cumulative,
    collected_by_later: Cumulative,
    collected_in_month: HashMap<i32, Cumulative>,
    /// The same collections with their payment day, per payment month (for
    /// a span cut mid-month), summed per (day, bill month) and sorted.
    dated_in_month: HashMap<i32, Vec<(NaiveDate, i32, i128)>>,
    payment_months: BTreeSet<Month>,
    /// How many bills it was built from (a kept one must match the estate's).
    bill_count: usize,
}

/// An estate's fee facts, built once by [`KpiIndex`] and handed back by
/// [`KpiIndex::fee_facts`]: they read only the bills and payments (the fee
/// files), so `serve` keeps them for the next build while no fee file
/// changed and passes them to [`KpiIndex::with_fees`]. A month's tickets
/// save then does not index millions of bills again.
#[derive(Clone)]
pub struct FeeFacts(std::sync::Arc<Fees>);

impl Fees {
    fn new(r: &crate::records::Records) -> Fees {
        let (pays, payment_months) = Self::payments_by_bill(r);
        // Sums by key, added up as they come (not one entry per bill or
        // payment, which took hundreds of MB at 20,000 units): the results
        // are the same integer sums.
        let mut owed_by_period: HashMap<i32, i128> = HashMap::default();
        let mut later: HashMap<i32, i128> = HashMap::default();
        let mut in_month: HashMap<(i32, i32), i128> = HashMap::default();
        let mut dated: HashMap<(i32, NaiveDate, i32), i128> = HashMap::default();
        let mut bills: BTreeMap<Month, Vec<BillFact>> = BTreeMap::new();
        let mut paid = Vec::with_capacity(pays.len());
        let mut next = pays.iter().peekable();
        for (i, b) in r.bills.iter().enumerate() {
            let owed = b.amount.fen() - b.waived.fen();
            let p = b.period.index();
            *owed_by_period.entry(p).or_default() += i128::from(owed);
            let start = paid.len() as u32;
            let (mut raw, mut capped) = (0i64, 0i64);
            while let Some(&(_, day, first)) = next.next_if(|e| e.0 == i as u32) {
                // All of this bill's payments on `day` (each at most Money::MAX, a few per bill).
                let mut amount = i128::from(first);
                while let Some(&(_, _, more)) = next.next_if(|e| e.0 == i as u32 && e.1 == day) {
                    amount += i128::from(more);
                }
                raw = (i128::from(raw) + amount).min(i128::from(i64::MAX)) as i64;
                let now = raw.min(owed);
                let k = Month::of(day).index();
                if now > capped {
                    let c = i128::from(now - capped);
                    *later.entry(p.max(k)).or_default() += c;
                    *in_month.entry((k, p)).or_default() += c;
                    *dated.entry((k, day, p)).or_default() += c;
                }
                capped = now;
                paid.push((day, capped));
            }
            let end = paid.len() as u32;
            bills.entry(b.period).or_default().push(BillFact { bill: i as u32, owed, start, end });
        }
        let mut by_month: HashMap<i32, Vec<(i32, i128)>> = HashMap::default();
        for ((k, p), c) in in_month {
            by_month.entry(k).or_default().push((p, c));
        }
        let mut dated_in_month: HashMap<i32, Vec<(NaiveDate, i32, i128)>> = HashMap::default();
        for ((k, day, p), c) in dated {
            dated_in_month.entry(k).or_default().push((day, p, c));
        }
        dated_in_month.values_mut().for_each(|v| v.sort_unstable());
        Fees {
            bill_count: r.bills.len(),
            bills,
            paid,
            owed_by_period: Cumulative::new(owed_by_period.into_iter().collect()),
            collected_by_later: Cumulative::new(later.into_iter().collect()),
            collected_in_month: by_month.into_iter().map(|(k, v)| (k, Cumulative::new(v))).collect(),
            dated_in_month,
            payment_months,
        }
    }

    /// Each payment as (its bill's index, day, fen), sorted so that each
    /// bill's payments are one run in day order ([`BillJoin::paid`]); and
    /// the months paid in (payments naming no bill included).
    fn payments_by_bill(r: &crate::records::Records) -> (Vec<(u32, NaiveDate, i64)>, BTreeSet<Month>) {
        let mut payment_months = BTreeSet::new();
        let mut last_month = None;
        for p in &r.payments {
            let m = Month::of(p.date);
            if last_month != Some(m) {
                payment_months.insert(m);
                last_month = Some(m);
            }
        }
        (BillJoin::new(r).paid(&r.payments), payment_months)
    }
}

/// Records grouped by month once, plus the precomputed facts that do not
/// add up over months; [`KpiIndex::compute`] then folds one period cheaply.
/// Build one per estate and ask it for every month, quarter and year.
pub struct KpiIndex<'a> {
    estate: &'a Estate,
    buckets: BTreeMap<Month, Bucket<'a>>,
    /// Bills, payments and their sums: [`Fees`].
    fees: FeeFacts,
    /// Every ticket's `reported_at`, sorted (for `open_at_end`).
    reported: Vec<NaiveDateTime>,
    /// Every ticket's `completed_at`, sorted.
    completed: Vec<NaiveDateTime>,
    /// Every day with at least one inspection, ascending.
    inspection_days: Vec<NaiveDate>,
    visits: HashMap<i32, YearVisits>,
    occupied: u64,
    unoccupied: u64,
    months: Vec<Month>,
    routines: routines::RoutineIndex,
}

impl<'a> KpiIndex<'a> {
    /// Groups the estate's records by month and precomputes per-record facts
    /// (one pass over each kind plus sorting): O(records · log records).
    pub fn new(estate: &'a Estate) -> KpiIndex<'a> {
        Self::with_fees(estate, None)
    }

    /// [`KpiIndex::new`], taking the fee facts from `kept` when given: the
    /// caller vouches they were built from the same fee files (`serve` keys
    /// them by the fee files' hashes). Built again if the bill count differs.
    pub fn with_fees(estate: &'a Estate, kept: Option<FeeFacts>) -> KpiIndex<'a> {
        let kept = kept.filter(|f| f.0.bill_count == estate.records.bills.len());
        let fees = || kept.unwrap_or_else(|| FeeFacts(std::sync::Arc::new(Fees::new(&estate.records))));
        // Three independent groups of records, built side by side (fees are the biggest).
        let ((mut buckets, reported, completed, inspection_days), (fees, visit_facts)) =
            rayon::join(|| Self::service(estate), || rayon::join(fees, || Self::visit_facts(estate)));
        let (visits, visit_months) = visit_facts;
        let r = &estate.records;
        let mut months: BTreeSet<Month> = visit_months;
        months.extend(fees.0.payment_months.iter().copied());
        // A month with bills has a bucket, as when bills lived in the buckets.
        for m in fees.0.bills.keys() {
            buckets.entry(*m).or_default();
        }
        let occupied = estate.households.iter().filter(|h| h.status == UnitStatus::Occupied).count() as u64;
        let unoccupied = estate.households.len() as u64 - occupied;

        months.extend(buckets.keys().copied());
        months.extend(r.lost_found.iter().map(|l| Month::of(l.found_on)));
        months.extend(r.meetings.iter().map(|m| Month::of(m.date)));
        months.extend(r.worklogs.iter().map(|w| Month::of(w.date)));

        KpiIndex {
            estate,
            buckets,
            fees,
            reported,
            completed,
            inspection_days,
            visits,
            occupied,
            unoccupied,
            months: months.into_iter().collect(),
            routines: routines::RoutineIndex::new(estate),
        }
    }

    /// Tickets, complaints, surveys and inspections by month, with the
    /// sorted ticket times that `open_at_end` searches.
    #[allow(clippy::type_complexity)]
    fn service(
        estate: &'a Estate,
    ) -> (BTreeMap<Month, Bucket<'a>>, Vec<NaiveDateTime>, Vec<NaiveDateTime>, Vec<NaiveDate>) {
        let r = &estate.records;
        let cal = &estate.calendar;
        let mut buckets: BTreeMap<Month, Bucket<'a>> = BTreeMap::new();
        for t in &r.tickets {
            let m = Month::of(t.reported_at.date());
            buckets.entry(m).or_default().tickets.push(t);
        }
        let mut reported: Vec<NaiveDateTime> = r.tickets.iter().map(|t| t.reported_at).collect();
        let mut completed: Vec<NaiveDateTime> = r.tickets.iter().filter_map(|t| t.completed_at).collect();
        reported.sort_unstable();
        completed.sort_unstable();

        // Complaints: a repeat is judged against the same unit's previous complaint.
        let mut repeat = vec![false; r.complaints.len()];
        let mut by_unit: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, c) in r.complaints.iter().enumerate() {
            if let Some(u) = &c.unit {
                by_unit.entry(u.value.as_str()).or_default().push(i);
            }
        }
        for list in by_unit.values_mut() {
            list.sort_by_key(|&i| (r.complaints[i].received_at, i));
            for w in list.windows(2) {
                let (a, b) = (&r.complaints[w[0]], &r.complaints[w[1]]);
                repeat[w[1]] = (b.received_at.date() - a.received_at.date()).num_days() <= 90;
            }
        }
        for (i, c) in r.complaints.iter().enumerate() {
            let followup_in_time = match (c.resolved_at, &c.followup) {
                (Some(res), Some(f)) => f.at < complaint_followup_deadline(cal, res),
                _ => false,
            };
            let m = Month::of(c.received_at.date());
            buckets.entry(m).or_default().complaints.push(ComplaintFact { c, followup_in_time, repeat: repeat[i] });
        }

        for s in &r.surveys {
            buckets.entry(Month::of(s.date)).or_default().surveys.push(s);
        }

        let days: BTreeSet<NaiveDate> = r.inspections.iter().map(|i| i.date).collect();
        for &d in &days {
            buckets.entry(Month::of(d)).or_default();
        }
        (buckets, reported, completed, days.into_iter().collect())
    }

    /// Visits, year to date: per unit and year, the dates that make it count;
    /// and the months visits fall in.
    fn visit_facts(estate: &'a Estate) -> (HashMap<i32, YearVisits>, BTreeSet<Month>) {
        let status: HashMap<&str, UnitStatus> = estate.households.iter().map(|h| (h.unit.as_str(), h.status)).collect();
        let mut months = BTreeSet::new();
        let mut per_unit: HashMap<(i32, &str), Vec<(NaiveDate, VisitMode)>> = HashMap::default();
        for v in &estate.records.visits {
            per_unit.entry((v.date.year(), v.unit.value.as_str())).or_default().push((v.date, v.mode));
            months.insert(Month::of(v.date));
        }
        let mut visits: HashMap<i32, YearVisits> = HashMap::default();
        for ((year, unit), mut list) in per_unit {
            list.sort_unstable_by_key(|v| v.0);
            let yv = visits.entry(year).or_default();
            match status.get(unit) {
                Some(UnitStatus::Occupied) => {
                    yv.first.push(list[0].0);
                    if let Some(f) = list.iter().find(|v| v.1 == VisitMode::FaceToFace) {
                        yv.first_f2f.push(f.0);
                    }
                }
                Some(UnitStatus::Vacant | UnitStatus::Renovating) => {
                    if let Some(second) = list.get(1) {
                        yv.second.push(second.0);
                    }
                }
                None => {}
            }
        }
        for yv in visits.values_mut() {
            yv.first.sort_unstable();
            yv.first_f2f.sort_unstable();
            yv.second.sort_unstable();
        }
        (visits, months)
    }

    /// Months in which some record is dated (a ticket's `reported_at`, a
    /// bill's `period`, a payment's `date`, …), ascending.
    pub fn months(&self) -> &[Month] {
        &self.months
    }

    /// Quarters in which some record is dated, ascending.
    pub fn quarters(&self) -> Vec<Quarter> {
        let set: BTreeSet<Quarter> = self.months.iter().map(|&m| Quarter::of(m)).collect();
        set.into_iter().collect()
    }

    /// Every KPI of one whole period: a fold over the period's own months
    /// plus binary searches for the figures that look further back.
    pub fn compute(&self, period: Period) -> PeriodKpi {
        self.compute_span(Span::whole(period))
    }

    /// Every KPI of a span: a whole period, a period cut to date
    /// ([`Period::cut`]) or the first days of one ([`Span::same_days_of`]).
    /// Records dated at or after the span's end are not counted.
    pub fn compute_span(&self, span: Span) -> PeriodKpi {
        PeriodKpi {
            period: span.period,
            start: span.start,
            end: if span.in_progress() { span.last_day() } else { span.period.last_day() },
            in_progress: span.in_progress(),
            as_of: span.as_of,
            span,
            tickets: self.tickets(span),
            complaints: self.complaints(span),
            fees: self.fees(span),
            satisfaction: self.satisfaction(span),
            visits: self.visits(span),
            inspections: self.inspections(span),
            routines: self.routines.compute(span.start, span.end, span.as_of, &self.reported, &self.completed),
        }
    }

    /// The routine counts over `start` to `end` (exclusive), meetings held by
    /// `as_of` when given: what the grid and the month page's 日常工作 read.
    pub fn routines(&self, start: NaiveDate, end: NaiveDate, as_of: Option<NaiveDate>) -> routines::RoutineKpi {
        self.routines.compute(start, end, as_of, &self.reported, &self.completed)
    }

    /// A period as of day `d` ([`Period::cut`]); `None` when it has not begun by `d`.
    pub fn compute_as_of(&self, period: Period, d: NaiveDate) -> Option<PeriodKpi> {
        period.cut(d).map(|s| self.compute_span(s))
    }

    /// The KPIs of each month from `from` to `to` inclusive (empty when
    /// `from > to`), for charts.
    pub fn monthly(&self, from: Month, to: Month) -> Vec<PeriodKpi> {
        (from.index()..=to.index()).map(|i| self.compute(Period::Month(Month::from_index(i)))).collect()
    }

    /// The KPIs of the `n` months ending with `last` (e.g. the 12 months ending at a quarter's last month).
    pub fn trailing_months(&self, last: Month, n: usize) -> Vec<PeriodKpi> {
        if n == 0 {
            return Vec::new();
        }
        self.monthly(Month::from_index(last.index() - (n as i32 - 1)), last)
    }

    /// The KPIs of each quarter from `from` to `to` inclusive.
    pub fn quarterly(&self, from: Quarter, to: Quarter) -> Vec<PeriodKpi> {
        let mut out = Vec::new();
        let mut q = from;
        while q <= to {
            out.push(self.compute(Period::Quarter(q)));
            q = if q.q == 4 { Quarter { year: q.year + 1, q: 1 } } else { Quarter { year: q.year, q: q.q + 1 } };
        }
        out
    }

    /// The buckets of the months the span touches (nothing for an empty span).
    fn range(&self, span: Span) -> impl Iterator<Item = &Bucket<'a>> {
        let (first, last) = span.months().unwrap_or((span.period.first_month(), span.period.first_month()));
        let take = span.months().is_some();
        self.buckets.range(first..=last).filter(move |_| take).map(|(_, b)| b)
    }

    /// The bills of the months the span touches, as [`KpiIndex::range`] takes buckets.
    fn fee_range(&self, span: Span) -> impl Iterator<Item = &BillFact> {
        let (first, last) = span.months().unwrap_or((span.period.first_month(), span.period.first_month()));
        let take = span.months().is_some();
        self.fees.0.bills.range(first..=last).filter(move |_| take).flat_map(|(_, b)| b)
    }

    /// The fee facts, for the next build to pass to [`KpiIndex::with_fees`].
    pub fn fee_facts(&self) -> FeeFacts {
        self.fees.clone()
    }

    fn tickets(&self, span: Span) -> TicketKpi {
        let end = span.end.and_time(NaiveTime::MIN);
        let threshold = self.estate.site.approval_threshold;
        let mut k = TicketKpi::default();
        let mut secs = Vec::new();
        for t in self.range(span).flat_map(|b| &b.tickets).filter(|t| t.reported_at < end) {
            k.reported += 1;
            *k.by_area.entry(t.area.label().to_string()).or_default() += 1;
            *k.by_category.entry(t.category.to_string()).or_default() += 1;
            *k.by_channel.entry(t.channel.to_string()).or_default() += 1;
            if t.cost.is_some_and(|c| c.money() >= threshold) && t.approved_by.is_none() {
                k.over_threshold_unapproved += 1;
            }
            if let Some(done) = t.completed_at.filter(|&c| c < end) {
                k.completed += 1;
                secs.push((done - t.reported_at).num_seconds());
                if t.followup.as_ref().is_some_and(|f| f.at <= ticket_followup_deadline(done)) {
                    k.followed_up_24h += 1;
                }
            }
        }
        let before_end = |v: &[NaiveDateTime]| v.partition_point(|&t| t < end) as u64;
        k.open_at_end = before_end(&self.reported).saturating_sub(before_end(&self.completed));
        k.completion_rate = k.completion_ratio().rate();
        k.followup_24h_rate = k.followup_24h_ratio().rate();
        secs.sort_unstable();
        k.p50_hours = percentile_hours(&secs, 50);
        k.p90_hours = percentile_hours(&secs, 90);
        k.median_resolution_hours = k.p50_hours.and_then(Ratio::rate);
        k.p50_resolution_hours = k.median_resolution_hours;
        k.p90_resolution_hours = k.p90_hours.and_then(Ratio::rate);
        k
    }

    fn complaints(&self, span: Span) -> ComplaintKpi {
        let end = span.end.and_time(NaiveTime::MIN);
        let mut k = ComplaintKpi { units: self.estate.households.len() as u64, ..Default::default() };
        let mut repeat_units = BTreeSet::new();
        for f in self.range(span).flat_map(|b| &b.complaints).filter(|f| f.c.received_at < end) {
            let c = f.c;
            k.received += 1;
            if c.valid {
                k.valid += 1;
            }
            *k.by_category.entry(c.category.to_string()).or_default() += 1;
            if c.resolved_at.is_some_and(|r| r < end) {
                k.resolved += 1;
                if f.followup_in_time {
                    k.followed_up_3wd += 1;
                }
            }
            if f.repeat {
                k.repeat_90d += 1;
                repeat_units.extend(c.unit.as_ref().map(|u| u.value.as_str()));
            }
        }
        k.repeat_90d_units = repeat_units.len() as u64;
        k.per_100_households = k.per_100_ratio().rate();
        k.resolution_rate = k.resolution_ratio().rate();
        k.followup_3wd_rate = k.followup_3wd_ratio().rate();
        k
    }

    /// Fees: bills count when their month has begun within the span; payments
    /// when dated before its end.
    fn fees(&self, span: Span) -> FeeKpi {
        let s = span.period.first_month().index();
        let mut k = FeeKpi::default();
        let mut units: HashMap<&str, bool> = HashMap::default();
        let fees = &*self.fees.0;
        let all = &self.estate.records.bills;
        for b in self.fee_range(span) {
            let (owed, collected) = (i128::from(b.owed), i128::from(b.paid_before(&fees.paid, span.end)));
            let bill = &all[b.bill as usize];
            k.receivable += Money(owed);
            k.collected += Money(collected);
            // (Looked up by `&str` first: a new key per bill would allocate millions of times.)
            if !k.by_item.contains_key(bill.item.as_str()) {
                k.by_item.insert(bill.item.to_string(), Default::default());
            }
            let Some(item) = k.by_item.get_mut(bill.item.as_str()) else { continue };
            item.receivable += Money(owed);
            item.collected += Money(collected);
            if owed > 0 {
                *units.entry(bill.unit.value.as_str()).or_insert(true) &= collected == owed;
            }
        }
        for item in k.by_item.values_mut() {
            item.collection_rate = item.collection_ratio().rate();
        }
        k.households_billed = units.len() as u64;
        k.households_paid = units.values().filter(|&&paid| paid).count() as u64;
        // Σ over bills before start of (owed − capped payments before start):
        // the capped collections c(p, k) with p < s and k < s are those with max(p, k) < s.
        k.arrears_at_start = Money(fees.owed_by_period.below(s) - fees.collected_by_later.below(s));
        // Per earlier bill, capped(end) − capped(start) equals its payments in R
        // capped at what it owed at the start; summed by payment month, and
        // by payment day in a month the span ends inside.
        let whole_end = Month::of(span.end).index();
        let mut arrears =
            (s..whole_end).filter_map(|m| fees.collected_in_month.get(&m)).map(|c| c.below(s)).sum::<i128>();
        if span.end > span.start && span.end.day() != 1 {
            let partial = fees.dated_in_month.get(&whole_end).into_iter().flatten();
            arrears += partial.filter(|&&(d, p, _)| d < span.end && p < s).map(|e| e.2).sum::<i128>();
        }
        k.arrears_collected = Money(arrears);
        k.collection_rate = k.collection_ratio().rate();
        k.arrears_recovery_rate = k.arrears_recovery_ratio().rate();
        k.household_collection_rate = k.household_collection_ratio().rate();
        k
    }

    fn satisfaction(&self, span: Span) -> SatisfactionKpi {
        let min = self.estate.site.satisfied_min_score;
        let mut k = SatisfactionKpi::default();
        for s in self.range(span).flat_map(|b| &b.surveys).filter(|s| s.date < span.end) {
            k.responses += 1;
            k.score_sum += u64::from(s.overall);
            if s.overall >= min {
                k.satisfied += 1;
            }
            for (line, &score) in &s.scores {
                let l = k.lines.entry(line.clone()).or_default();
                l.responses += 1;
                l.score_sum += u64::from(score);
                if score >= min {
                    l.satisfied += 1;
                }
            }
        }
        for (line, l) in &mut k.lines {
            l.rate = l.satisfied_ratio().rate();
            l.mean_score = l.mean_ratio().rate();
            k.by_line.insert(line.clone(), l.mean_score.unwrap_or_default());
        }
        k.rate = k.satisfied_ratio().rate();
        k.mean_score = k.mean_ratio().rate();
        k
    }

    fn visits(&self, span: Span) -> VisitKpi {
        let end = span.end;
        let y = span.last_day().year();
        let mut k = VisitKpi {
            occupied_units: self.occupied,
            unoccupied_units: self.unoccupied,
            since: NaiveDate::from_ymd_opt(y, 1, 1),
            ..Default::default()
        };
        if let Some(yv) = self.visits.get(&y) {
            let before_end = |v: &[NaiveDate]| v.partition_point(|&d| d < end) as u64;
            k.visited_units = before_end(&yv.first);
            k.face_to_face_units = before_end(&yv.first_f2f);
            k.unoccupied_twice = before_end(&yv.second);
        }
        k.coverage = k.coverage_ratio().rate();
        k.face_to_face_share = k.face_to_face_ratio().rate();
        k.unoccupied_compliance = k.unoccupied_ratio().rate();
        k
    }

    fn inspections(&self, span: Span) -> InspectionKpi {
        let mut k = InspectionKpi { days: span.days() as u64, ..Default::default() };
        let before = |d: NaiveDate| self.inspection_days.partition_point(|&x| x < d) as u64;
        k.days_inspected = before(span.end).saturating_sub(before(span.start));
        k.compliance = k.compliance_ratio().rate();
        k
    }
}

/// Every KPI of one period. Builds a [`KpiIndex`] for the one call; to
/// compute many periods, build the index once and call [`KpiIndex::compute`].
pub fn compute(estate: &Estate, period: Period) -> PeriodKpi {
    KpiIndex::new(estate).compute(period)
}

/// The KPIs of each month from `from` to `to` inclusive, for charts (one index, many folds).
pub fn monthly(estate: &Estate, from: Month, to: Month) -> Vec<PeriodKpi> {
    KpiIndex::new(estate).monthly(from, to)
}
