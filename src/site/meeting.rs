//! The lists a monthly meeting works from (报事分析会 / 投诉分析会), on the
//! internal month page: who owes what and for how long (欠费明细), which
//! owners scored low (低分回访), how each department did (部门情况), and which
//! units keep coming back (重点关注户).
//!
//! Every list is cut to its largest entries with the count of the rest, so a
//! large estate still prints within a few pages. Personal text passes through
//! [`crate::privacy`] as everywhere on the internal site.
//!
//! Decisions (documented in the README):
//! - Arrears are what bills of the month and earlier still owe at the end of
//!   the month (payments dated before it; bills of later months, prepaid or
//!   not, are not arrears). Their total is exactly 期初欠费 − 本月清欠 + 本月应收
//!   − 本月实收 of the month's KPIs, and equals `arrears_at_start` of the next
//!   month in `wuye kpi`; the KPI table shows it as 月末欠费 ([`arrears_row`]).
//! - Departments come from the `department` field every ticket and complaint
//!   carries (docs/records.md), as written: no category → department mapping.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::format;
use super::kpis::{KpiGroup, KpiRow, Status};
use super::strings::tr;
use crate::i18n::Lang;
use crate::kpi::{self, DASH, PeriodKpi, Ratio};
use crate::records::bill_join::BillJoin;
use crate::records::mask::mask_digits;
use crate::records::{Complaint, Estate, Survey, Ticket};
use crate::scalars::{Money, Month};

/// At most this many units of the arrears list are shown.
pub const ARREARS_TOP: usize = 15;
/// At most this many low-score answers are shown.
pub const LOW_TOP: usize = 10;
/// At most this many departments are shown.
pub const DEPT_TOP: usize = 12;
/// At most this many units to watch are shown.
pub const WATCH_TOP: usize = 8;
/// At most this many records of one unit to watch are shown.
pub const WATCH_RECORDS: usize = 8;
/// The look-back window of the units to watch.
pub const WATCH_DAYS: i64 = 90;

/// A unit's tickets, complaints and low scores in the window, and those records.
type Tally = (usize, usize, usize, Vec<Dated>);

/// What the lists need from all records, indexed once per build.
pub struct Index<'a> {
    /// Bills and their payments (kept by `serve` while no fee file changes).
    fees: std::sync::Arc<FeeLists>,
    /// Tickets with a unit, by time.
    tickets: Vec<&'a Ticket>,
    /// Complaints with a unit, by time.
    complaints: Vec<&'a Complaint>,
    /// Surveys, by date.
    surveys: Vec<&'a Survey>,
    min_score: u8,
}

/// Bills and their payments, flat, owned rather than borrowed from the
/// records: `serve` keeps them while no fee file changes (indexing them is
/// most of what a month page's lists cost on a large estate).
#[derive(Default)]
pub struct FeeLists {
    /// Unit names, numbered by first bill.
    units: Vec<String>,
    /// Bills by period (period, unit number, owed fen, its payments as a range of `paid`), then by unit name.
    /// Flat, not a list per bill, and 32 bytes a bill (64-bit fen: one bill
    /// owes at most [`Money::MAX`]): a 20,000-unit estate has millions of bills.
    bills: Vec<(Month, u32, i64, std::ops::Range<u32>)>,
    /// Every bill's payments as (bill, day, fen), each bill's sorted by day.
    paid: Vec<(u32, NaiveDate, i64)>,
}

impl FeeLists {
    /// Indexes the estate's bills and payments (one pass over each).
    pub fn new(e: &Estate) -> FeeLists {
        let r = &e.records;
        // The same join as the KPI fee facts: (bill, day, fen), each bill's payments one run, by day.
        let join = BillJoin::new(r);
        let paid = join.paid(&r.payments);
        let (units, unit_of) = (&join.units, &join.unit_of);
        let mut names: Vec<(&str, u32)> = units.iter().map(|(k, v)| (*k, *v)).collect();
        names.sort_unstable();
        // Each unit's place in name order: bills sort by (period, name) comparing integers.
        let mut rank = vec![0u32; names.len()];
        names.iter().enumerate().for_each(|(i, (_, u))| rank[*u as usize] = i as u32);
        let mut table = vec![String::new(); names.len()];
        names.into_iter().for_each(|(name, u)| table[u as usize] = name.to_string());
        let mut next = 0usize;
        let mut bills: Vec<_> = r
            .bills
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let start = next;
                while next < paid.len() && paid[next].0 == i as u32 {
                    next += 1;
                }
                (b.period, unit_of[i], b.amount.fen() - b.waived.fen(), start as u32..next as u32)
            })
            .collect();
        bills.sort_by_key(|b| (b.0, rank[b.1 as usize]));
        FeeLists { units: table, bills, paid }
    }
}

impl<'a> Index<'a> {
    /// Indexes the estate's records (one pass over bills and payments).
    pub fn new(e: &'a Estate) -> Index<'a> {
        Self::with_fees(e, std::sync::Arc::new(FeeLists::new(e)))
    }

    /// Indexes the estate's records but for the bills and payments, given as `fees`.
    pub fn with_fees(e: &'a Estate, fees: std::sync::Arc<FeeLists>) -> Index<'a> {
        let r = &e.records;
        let mut tickets: Vec<&Ticket> = r.tickets.iter().filter(|t| t.unit.is_some()).collect();
        tickets.sort_by(|a, b| (a.reported_at, &a.id.value).cmp(&(b.reported_at, &b.id.value)));
        let mut complaints: Vec<&Complaint> = r.complaints.iter().filter(|c| c.unit.is_some()).collect();
        complaints.sort_by(|a, b| (a.received_at, &a.id.value).cmp(&(b.received_at, &b.id.value)));
        let mut surveys: Vec<&Survey> = r.surveys.iter().collect();
        surveys.sort_by_key(|s| s.date);
        Index { fees, tickets, complaints, surveys, min_score: e.site.satisfied_min_score }
    }
}

/// Entries past the top ones: how many, for the line under a list.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Rest {
    /// Entries not listed.
    pub count: usize,
    /// Their total, where the list has one (arrears), else empty.
    pub amount: String,
}

/// One unit owing money at month end.
#[derive(Clone, Debug, Serialize)]
pub struct ArrearsRow {
    /// Unit.
    pub unit: String,
    /// What it owes, formatted.
    pub amount: String,
    /// The same in fen.
    pub fen: i128,
    /// Unpaid bills (every fee item).
    pub bills: usize,
    /// The oldest month still unpaid (`2026年3月`).
    pub oldest: String,
    /// Its age bucket (`≤3个月`).
    pub age: String,
}

/// One age bucket's totals.
#[derive(Clone, Debug, Serialize)]
pub struct Bucket {
    /// `≤3个月`, `3–6个月`, …
    pub name: String,
    /// Units whose oldest unpaid bill is that old.
    pub units: usize,
    /// What they owe.
    pub amount: String,
    /// The same in fen (for tests and reconciliation).
    pub fen: i128,
}

/// 欠费明细.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Arrears {
    /// The largest debts, largest first.
    pub rows: Vec<ArrearsRow>,
    /// The units not listed.
    pub rest: Rest,
    /// Totals per age bucket (all units, listed or not).
    pub buckets: Vec<Bucket>,
    /// Units owing.
    pub units: usize,
    /// Total owed, formatted.
    pub total: String,
    /// Total owed in fen.
    pub total_fen: i128,
}

/// A survey answer below `satisfied_min_score`.
#[derive(Clone, Debug, Serialize)]
pub struct LowScore {
    /// Date.
    pub date: String,
    /// Unit or —.
    pub unit: String,
    /// Overall score.
    pub overall: u8,
    /// `客服 5 · 工程 2`.
    pub lines: String,
    /// Comment, digits masked, or empty.
    pub comment: String,
}

/// One department's month.
#[derive(Clone, Debug, Serialize)]
pub struct Department {
    /// Department as written in the records.
    pub name: String,
    /// Tickets reported.
    pub tickets: u64,
    /// Completion rate of those (`95.0% (19/20)`).
    pub tickets_done: String,
    /// 24-hour follow-up rate of the completed ones.
    pub followup_24h: String,
    /// Median hours to complete.
    pub ticket_median: String,
    /// Complaints received.
    pub complaints: u64,
    /// Resolution rate.
    pub complaints_done: String,
    /// 3-working-day follow-up rate of the resolved ones.
    pub followup_3wd: String,
    /// Median hours to resolve.
    pub complaint_median: String,
}

/// A record of a unit to watch.
#[derive(Clone, Debug, Serialize)]
pub struct WatchRecord {
    /// Id (surveys have none: —).
    pub id: String,
    /// `10-03 21:14` or the date.
    pub date: String,
    /// 报事 / 投诉 / 问卷.
    pub kind: String,
    /// Category, or the survey's overall score.
    pub category: String,
    /// Description or comment, digits masked.
    pub text: String,
    /// Not completed / resolved by the month's end.
    pub open: bool,
}

/// A unit to watch and its records of the window, in date order.
#[derive(Clone, Debug, Serialize)]
pub struct WatchUnit {
    /// Unit.
    pub unit: String,
    /// Why it is listed.
    pub why: String,
    /// Its records, oldest first.
    pub records: Vec<WatchRecord>,
    /// Records not shown.
    pub more: usize,
}

/// Every list of one month page.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Lists {
    /// 欠费明细.
    pub arrears: Arrears,
    /// 低分回访.
    pub low_scores: Vec<LowScore>,
    /// Low scores not shown.
    pub low_rest: Rest,
    /// 部门情况, most records first.
    pub departments: Vec<Department>,
    /// Departments not shown.
    pub dept_rest: Rest,
    /// 重点关注户.
    pub watch: Vec<WatchUnit>,
    /// Units to watch not shown.
    pub watch_rest: Rest,
    /// The window of the units to watch (`8月3日–10月31日`).
    pub watch_span: String,
}

/// The lists of month `m`, whose figures are cut at `end` (00:00 after the
/// month, or after the as-of day for a month in progress).
pub fn lists(
    ix: &Index,
    e: &Estate,
    m: Month,
    end: NaiveDateTime,
    tickets: &[&Ticket],
    complaints: &[&Complaint],
) -> Lists {
    let l = e.site.lang;
    let (low_scores, low_rest) = low_scores(ix, l, m, end);
    let (departments, dept_rest) = departments(e, l, end, tickets, complaints);
    let (watch, watch_rest) = watch(ix, l, end);
    let from = format::date(l, (end - Duration::days(WATCH_DAYS)).date());
    let last = format::date(l, (end - Duration::days(1)).date());
    Lists {
        arrears: arrears(ix, l, m, end),
        low_scores,
        low_rest,
        departments,
        dept_rest,
        watch,
        watch_rest,
        watch_span: tr!(l, "{from}至{last}", "{from} to {last}"),
    }
}

const BUCKETS: [[&str; 2]; 4] =
    [["≤3个月", "≤ 3 months"], ["3–6个月", "3–6 months"], ["6–12个月", "6–12 months"], [">12个月", "> 12 months"]];

/// The age bucket of a debt whose oldest unpaid bill is for `oldest`, at the
/// end of `m`: the month's own bill is 1 month old, so ≤3 means bills of `m`
/// and the two months before.
pub fn bucket(m: Month, oldest: Month) -> usize {
    match m.index() - oldest.index() + 1 {
        ..=3 => 0,
        4..=6 => 1,
        7..=12 => 2,
        _ => 3,
    }
}

fn pick(l: Lang, pair: [&str; 2]) -> String {
    match l {
        Lang::Zh => pair[0].to_string(),
        Lang::En => pair[1].to_string(),
    }
}

/// 欠费明细: per unit, what bills of `m` and earlier still owe at `end`.
pub fn arrears(ix: &Index, l: Lang, m: Month, end: NaiveDateTime) -> Arrears {
    let end_day = end.date();
    // unit → (owed fen, unpaid bills, oldest unpaid month)
    let mut by_unit: BTreeMap<&str, (i128, usize, Month)> = BTreeMap::new();
    let fees = &*ix.fees;
    let upto = fees.bills.partition_point(|b| b.0 <= m);
    for (period, unit, owed, payments) in &fees.bills[..upto] {
        let unit = fees.units[*unit as usize].as_str();
        let payments = &fees.paid[payments.start as usize..payments.end as usize];
        let paid: i128 = payments.iter().take_while(|(_, d, _)| *d < end_day).map(|(_, _, a)| i128::from(*a)).sum();
        let left = i128::from(*owed) - paid;
        if left > 0 {
            let u = by_unit.entry(unit).or_insert((0, 0, *period));
            u.0 += left;
            u.1 += 1;
            u.2 = u.2.min(*period);
        }
    }
    let mut units: Vec<(&str, (i128, usize, Month))> = by_unit.into_iter().collect();
    units.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let mut sums = [(0usize, 0i128); 4];
    for (_, (fen, _, oldest)) in &units {
        let s = &mut sums[bucket(m, *oldest)];
        s.0 += 1;
        s.1 += fen;
    }
    let total_fen: i128 = units.iter().map(|u| u.1.0).sum();
    let rest_fen: i128 = units.iter().skip(ARREARS_TOP).map(|u| u.1.0).sum();
    Arrears {
        rows: units
            .iter()
            .take(ARREARS_TOP)
            .map(|(unit, (fen, n, oldest))| ArrearsRow {
                unit: unit.to_string(),
                amount: format::money(Money(*fen)),
                fen: *fen,
                bills: *n,
                oldest: format::month(l, *oldest),
                age: pick(l, BUCKETS[bucket(m, *oldest)]),
            })
            .collect(),
        rest: Rest { count: units.len().saturating_sub(ARREARS_TOP), amount: format::money(Money(rest_fen)) },
        buckets: BUCKETS
            .iter()
            .zip(sums)
            .map(|(name, (n, fen))| Bucket { name: pick(l, *name), units: n, amount: format::money(Money(fen)), fen })
            .collect(),
        units: units.len(),
        total: format::money(Money(total_fen)),
        total_fen,
    }
}

/// The KPI row 月末欠费 for the fee group of a month page: what the list of
/// [`arrears`] adds up to, from the month's own KPI figures.
pub fn arrears_row(groups: &mut [KpiGroup], k: &PeriodKpi, l: Lang) {
    let f = &k.fees;
    let end = f.arrears_at_start - f.arrears_collected + f.receivable - f.collected;
    let (start, back, recv, coll) = (
        format::money(f.arrears_at_start),
        format::money(f.arrears_collected),
        format::money(f.receivable),
        format::money(f.collected),
    );
    let row = KpiRow {
        name: tr!(l, "月末欠费", "Arrears at month end"),
        value: format::money(end),
        detail: String::new(),
        target: String::new(),
        status: Status::None,
        change: String::new(),
        basis: tr!(
            l,
            "本月及以前账单在月末仍未缴的金额 = 月初欠费 {start} − 清欠 {back} + 应收 {recv} − 实收 {coll}；明细见“欠费明细”",
            "Still owed at month end on bills of this month and earlier = arrears at start {start} − recovered {back} + receivable {recv} − collected {coll}; units under “Arrears by unit”"
        ),
    };
    let title = tr!(l, "物业费", "Property fees");
    if let Some(g) = groups.iter_mut().find(|g| g.title == title) {
        g.rows.push(row);
    }
}

fn low_scores(ix: &Index, l: Lang, m: Month, end: NaiveDateTime) -> (Vec<LowScore>, Rest) {
    let (from, to) = (m.first_day(), end.date());
    let lo = ix.surveys.partition_point(|s| s.date < from);
    let hi = ix.surveys.partition_point(|s| s.date < to);
    let mut low: Vec<&Survey> = ix.surveys[lo..hi].iter().copied().filter(|s| s.overall < ix.min_score).collect();
    // Lowest first; then by date.
    low.sort_by_key(|s| (s.overall, s.date));
    let rest = Rest { count: low.len().saturating_sub(LOW_TOP), amount: String::new() };
    let rows = low
        .into_iter()
        .take(LOW_TOP)
        .map(|s| LowScore {
            date: format::date(l, s.date),
            unit: s.unit.as_ref().map(|u| mask_digits(&u.value)).unwrap_or_else(|| DASH.into()),
            overall: s.overall,
            lines: s.scores.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(" · "),
            comment: s.comment.as_deref().map(mask_digits).unwrap_or_default(),
        })
        .collect();
    (rows, rest)
}

/// The contract's median of whole seconds, as an exact ratio of hours.
fn median_hours(mut secs: Vec<i64>) -> Option<Ratio> {
    secs.sort_unstable();
    let n = secs.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(Ratio::new(i128::from(secs[n / 2]), 3600)),
        _ => Some(Ratio::new(i128::from(secs[n / 2 - 1]) + i128::from(secs[n / 2]), 7200)),
    }
}

fn rate(num: u64, den: u64) -> String {
    match Ratio::counts(num, den).percent() {
        Some(p) => format!("{p} ({num}/{den})"),
        None => DASH.into(),
    }
}

#[derive(Default)]
struct DeptAcc {
    tickets: u64,
    done: u64,
    in_24h: u64,
    t_secs: Vec<i64>,
    complaints: u64,
    resolved: u64,
    in_3wd: u64,
    c_secs: Vec<i64>,
}

fn departments(
    e: &Estate,
    l: Lang,
    end: NaiveDateTime,
    tickets: &[&Ticket],
    complaints: &[&Complaint],
) -> (Vec<Department>, Rest) {
    let mut acc: BTreeMap<&str, DeptAcc> = BTreeMap::new();
    for t in tickets {
        let a = acc.entry(t.department.as_str()).or_default();
        a.tickets += 1;
        if let Some(c) = t.completed_at.filter(|c| *c < end) {
            a.done += 1;
            a.t_secs.push((c - t.reported_at).num_seconds());
            if t.followup.as_ref().is_some_and(|f| f.at <= kpi::ticket_followup_deadline(c)) {
                a.in_24h += 1;
            }
        }
    }
    for c in complaints {
        let a = acc.entry(c.department.as_str()).or_default();
        a.complaints += 1;
        if let Some(r) = c.resolved_at.filter(|r| *r < end) {
            a.resolved += 1;
            a.c_secs.push((r - c.received_at).num_seconds());
            if c.followup.as_ref().is_some_and(|f| f.at < kpi::complaint_followup_deadline(&e.calendar, r)) {
                a.in_3wd += 1;
            }
        }
    }
    let mut list: Vec<(&str, DeptAcc)> = acc.into_iter().collect();
    list.sort_by(|a, b| (b.1.tickets + b.1.complaints).cmp(&(a.1.tickets + a.1.complaints)).then(a.0.cmp(b.0)));
    let rest = Rest { count: list.len().saturating_sub(DEPT_TOP), amount: String::new() };
    let rows = list
        .into_iter()
        .take(DEPT_TOP)
        .map(|(name, a)| Department {
            name: name.to_string(),
            tickets: a.tickets,
            tickets_done: rate(a.done, a.tickets),
            followup_24h: rate(a.in_24h, a.done),
            ticket_median: format::hours(l, median_hours(a.t_secs)),
            complaints: a.complaints,
            complaints_done: rate(a.resolved, a.complaints),
            followup_3wd: rate(a.in_3wd, a.resolved),
            complaint_median: format::hours(l, median_hours(a.c_secs)),
        })
        .collect();
    (rows, rest)
}

/// A record of a unit to watch with its time, for ordering.
type Dated = (NaiveDateTime, WatchRecord);

fn watch(ix: &Index, l: Lang, end: NaiveDateTime) -> (Vec<WatchUnit>, Rest) {
    let from = end - Duration::days(WATCH_DAYS);
    // unit → (tickets, complaints, low scores, records)
    let mut units: BTreeMap<&str, Tally> = BTreeMap::new();
    let lo = ix.tickets.partition_point(|t| t.reported_at < from);
    let hi = ix.tickets.partition_point(|t| t.reported_at < end);
    for t in &ix.tickets[lo..hi] {
        let Some(unit) = t.unit.as_ref() else { continue };
        let u = units.entry(unit.value.as_str()).or_default();
        u.0 += 1;
        u.3.push((
            t.reported_at,
            WatchRecord {
                id: t.id.value.clone(),
                date: format::short_datetime(t.reported_at),
                kind: tr!(l, "报事", "Request"),
                category: t.category.to_string(),
                text: mask_digits(&t.description),
                open: t.completed_at.is_none_or(|c| c >= end),
            },
        ));
    }
    let lo = ix.complaints.partition_point(|c| c.received_at < from);
    let hi = ix.complaints.partition_point(|c| c.received_at < end);
    for c in &ix.complaints[lo..hi] {
        let Some(unit) = c.unit.as_ref() else { continue };
        let u = units.entry(unit.value.as_str()).or_default();
        u.1 += 1;
        u.3.push((
            c.received_at,
            WatchRecord {
                id: c.id.value.clone(),
                date: format::short_datetime(c.received_at),
                kind: tr!(l, "投诉", "Complaint"),
                category: c.category.to_string(),
                text: mask_digits(&c.description),
                open: c.resolved_at.is_none_or(|r| r >= end),
            },
        ));
    }
    let (from_day, end_day) = (from.date(), end.date());
    let lo = ix.surveys.partition_point(|s| s.date < from_day);
    let hi = ix.surveys.partition_point(|s| s.date < end_day);
    for s in ix.surveys[lo..hi].iter().filter(|s| s.overall < ix.min_score) {
        let Some(unit) = s.unit.as_ref() else { continue };
        let u = units.entry(unit.value.as_str()).or_default();
        u.2 += 1;
        let score = s.overall;
        u.3.push((
            s.date.and_hms_opt(0, 0, 0).unwrap_or(from),
            WatchRecord {
                id: DASH.into(),
                date: format::date(l, s.date),
                kind: tr!(l, "低分问卷", "Low score"),
                category: tr!(l, "总体 {score} 分", "overall {score}"),
                text: s.comment.as_deref().map(mask_digits).unwrap_or_default(),
                open: false,
            },
        ));
    }
    let mut listed: Vec<(&str, Tally)> =
        units.into_iter().filter(|(_, (t, c, s, _))| t + c >= 2 || (*c >= 1 && *s >= 1)).collect();
    listed.sort_by(|a, b| {
        let key = |x: &Tally| x.0 + x.1 + x.2;
        key(&b.1).cmp(&key(&a.1)).then(a.0.cmp(b.0))
    });
    let rest = Rest { count: listed.len().saturating_sub(WATCH_TOP), amount: String::new() };
    let rows = listed
        .into_iter()
        .take(WATCH_TOP)
        .map(|(unit, (t, c, s, mut recs))| {
            recs.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
            let more = recs.len().saturating_sub(WATCH_RECORDS);
            let why = match (s > 0, l) {
                (true, Lang::Zh) => format!("报事 {t} · 投诉 {c} · 低分 {s}"),
                (false, Lang::Zh) => format!("报事 {t} · 投诉 {c}"),
                (true, Lang::En) => format!("{t} requests · {c} complaints · {s} low scores"),
                (false, Lang::En) => format!("{t} requests · {c} complaints"),
            };
            WatchUnit {
                unit: unit.to_string(),
                why,
                // The latest records when there are too many: the meeting discusses the recent ones.
                records: recs.into_iter().skip(more).map(|(_, r)| r).collect(),
                more,
            }
        })
        .collect();
    (rows, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{KpiIndex, Period};
    use crate::records::load::{Source, load};

    fn demo() -> Estate {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        load(&Source::new(&content)).estate.expect("the demo estate loads")
    }

    fn month_end(m: Month) -> NaiveDateTime {
        m.next().first_day().and_hms_opt(0, 0, 0).unwrap()
    }

    /// The arrears list of every demo month adds up, bucket by bucket, to the
    /// KPI table's 月末欠费 (期初欠费 − 清欠 + 应收 − 实收) and to the next
    /// month's `arrears_at_start` of `wuye kpi`, to the fen.
    #[test]
    fn arrears_reconcile_with_the_kpis() {
        let e = demo();
        let ix = Index::new(&e);
        let months = KpiIndex::new(&e).months().to_vec();
        assert!(months.len() >= 12);
        let mut seen_buckets = [false; 4];
        for &m in &months {
            let a = arrears(&ix, Lang::Zh, m, month_end(m));
            let f = kpi::compute(&e, Period::Month(m)).fees;
            let at_end = f.arrears_at_start - f.arrears_collected + f.receivable - f.collected;
            assert_eq!(a.total_fen, at_end.0, "{m}: list total vs 月末欠费");
            let next = kpi::compute(&e, Period::Month(m.next())).fees.arrears_at_start;
            assert_eq!(a.total_fen, next.0, "{m}: list total vs next month's arrears_at_start");
            assert_eq!(a.buckets.iter().map(|b| b.fen).sum::<i128>(), a.total_fen, "{m}: buckets");
            assert_eq!(a.buckets.iter().map(|b| b.units).sum::<usize>(), a.units, "{m}: bucket units");
            assert_eq!(a.rows.len() + a.rest.count, a.units, "{m}: shown + rest");
            assert!(a.rows.len() <= ARREARS_TOP);
            assert!(a.rows.windows(2).all(|w| w[0].fen >= w[1].fen), "{m}: largest first");
            let rest: i128 = a.total_fen - a.rows.iter().map(|r| r.fen).sum::<i128>();
            assert_eq!(format::money(Money(rest)), a.rest.amount, "{m}: the rest's amount");
            for (i, b) in a.buckets.iter().enumerate() {
                seen_buckets[i] |= b.units > 0;
            }
        }
        assert!(
            seen_buckets.iter().filter(|b| **b).count() >= 3,
            "the demo exercises the age buckets: {seen_buckets:?}"
        );
        // A month in progress: the list cut where the page's KPIs are cut.
        let (m, day) = (Month { year: 2026, month: 11 }, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        let k = KpiIndex::new(&e).compute_as_of(Period::Month(m), day).unwrap();
        let a = arrears(&ix, Lang::Zh, m, k.span.end.and_hms_opt(0, 0, 0).unwrap());
        let f = k.fees;
        assert_eq!(a.total_fen, (f.arrears_at_start - f.arrears_collected + f.receivable - f.collected).0);
    }

    #[test]
    fn age_buckets() {
        let m = Month { year: 2026, month: 10 };
        let at = |y, mo| bucket(m, Month { year: y, month: mo });
        assert_eq!(
            [at(2026, 10), at(2026, 8), at(2026, 7), at(2026, 5), at(2026, 4), at(2025, 11), at(2025, 10)],
            [0, 0, 1, 1, 2, 2, 3]
        );
    }

    /// Department rows add up to the month's KPIs; units to watch meet the rule
    /// and list their records of the window in date order.
    #[test]
    fn departments_and_units_to_watch() {
        let e = demo();
        let ix = Index::new(&e);
        let m = Month { year: 2026, month: 10 };
        let end = month_end(m);
        let tickets: Vec<&Ticket> = e.records.tickets.iter().filter(|t| Month::of(t.reported_at.date()) == m).collect();
        let complaints: Vec<&Complaint> =
            e.records.complaints.iter().filter(|c| Month::of(c.received_at.date()) == m).collect();
        let k = kpi::compute(&e, Period::Month(m));
        let (depts, rest) = departments(&e, Lang::Zh, end, &tickets, &complaints);
        assert_eq!(rest.count, 0);
        assert_eq!(depts.iter().map(|d| d.tickets).sum::<u64>(), k.tickets.reported);
        assert_eq!(depts.iter().map(|d| d.complaints).sum::<u64>(), k.complaints.received);
        let (watch, rest) = watch(&ix, Lang::Zh, end);
        assert!(!watch.is_empty() && watch.len() <= WATCH_TOP);
        let from = end - Duration::days(WATCH_DAYS);
        for u in &watch {
            let in_window = |t: NaiveDateTime| t >= from && t < end;
            let t = e
                .records
                .tickets
                .iter()
                .filter(|t| t.unit.as_ref().is_some_and(|x| x.value == u.unit) && in_window(t.reported_at))
                .count();
            let c = e
                .records
                .complaints
                .iter()
                .filter(|c| c.unit.as_ref().is_some_and(|x| x.value == u.unit) && in_window(c.received_at))
                .count();
            let low = e.records.surveys.iter().filter(|s| {
                s.unit.as_ref().is_some_and(|x| x.value == u.unit)
                    && s.overall < e.site.satisfied_min_score
                    && in_window(s.date.and_hms_opt(0, 0, 0).unwrap())
            });
            let s = low.count();
            assert!(t + c >= 2 || (c >= 1 && s >= 1), "{}: {t} tickets, {c} complaints, {s} low scores", u.unit);
            assert_eq!(u.records.len() + u.more, t + c + s, "{}", u.unit);
        }
        // Largest first.
        let sizes: Vec<usize> = watch.iter().map(|u| u.records.len() + u.more).collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        assert!(rest.count > 0, "the demo has more units to watch than are shown");
    }
}
