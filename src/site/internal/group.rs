//! Records grouped by month once for all internal pages, with the open
//! backlog spread over the months each ticket stays open, so no page scans
//! all records.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::records::{Complaint, Estate, Inspection, Meeting, Ticket, Visit};
use crate::scalars::Month;

/// The records of one month, grouped once for all pages.
#[derive(Default)]
pub struct MonthRecords<'a> {
    /// Tickets reported in the month.
    pub tickets: Vec<&'a Ticket>,
    /// Complaints received in the month.
    pub complaints: Vec<&'a Complaint>,
    /// Inspections dated in the month.
    pub inspections: Vec<&'a Inspection>,
    /// Meetings dated in the month.
    pub meetings: Vec<&'a Meeting>,
    /// Visits dated in the month.
    pub visits: Vec<&'a Visit>,
    /// Tickets still open at the month's end (reported before it, not completed before it).
    pub open_at_end: Vec<&'a Ticket>,
}

/// Groups every record by month, once (every record, whatever its date).
pub fn group_by_month<'a>(e: &'a Estate, pages: &BTreeSet<Month>) -> BTreeMap<Month, MonthRecords<'a>> {
    group_by_month_as_of(e, pages, NaiveDate::MAX)
}

/// Groups the records dated up to the end of `today` by month, once: pages
/// describe the end of the as-of day, so later records (valid, dated ahead)
/// are left out and a completion after it leaves the ticket open.
pub fn group_by_month_as_of<'a>(
    e: &'a Estate,
    pages: &BTreeSet<Month>,
    today: NaiveDate,
) -> BTreeMap<Month, MonthRecords<'a>> {
    let mut map: BTreeMap<Month, MonthRecords<'a>> = BTreeMap::new();
    let r = &e.records;
    let known = |d: NaiveDate| d <= today;
    for t in r.tickets.iter().filter(|t| known(t.reported_at.date())) {
        map.entry(Month::of(t.reported_at.date())).or_default().tickets.push(t);
    }
    for c in r.complaints.iter().filter(|c| known(c.received_at.date())) {
        map.entry(Month::of(c.received_at.date())).or_default().complaints.push(c);
    }
    for i in r.inspections.iter().filter(|i| known(i.date)) {
        map.entry(Month::of(i.date)).or_default().inspections.push(i);
    }
    for m in r.meetings.iter().filter(|m| known(m.date)) {
        map.entry(Month::of(m.date)).or_default().meetings.push(m);
    }
    for v in r.visits.iter().filter(|v| known(v.date)) {
        map.entry(Month::of(v.date)).or_default().visits.push(v);
    }
    // Spread each ticket over the page months at whose end it is open.
    if let Some(last) = pages.last().copied() {
        for t in r.tickets.iter().filter(|t| known(t.reported_at.date())) {
            let from = Month::of(t.reported_at.date());
            // Open at the end of month m when completed_at >= end(m), i.e. m < month of completion
            // (or m is that month and completion is at its very end: impossible, end is exclusive).
            let until = match t.completed_at.filter(|c| known(c.date())) {
                Some(c) => {
                    let cm = Month::of(c.date());
                    if cm.index() <= from.index() { continue } else { cm.prev() }
                }
                None => last,
            };
            // A ticket reported after the last page month is on no page
            // (a range with start > end would panic).
            if until < from {
                continue;
            }
            for m in pages.range(from..=until) {
                map.entry(*m).or_default().open_at_end.push(t);
            }
        }
    }
    for m in map.values_mut() {
        m.tickets.sort_by(|a, b| (a.reported_at, &a.id.value).cmp(&(b.reported_at, &b.id.value)));
        m.complaints.sort_by(|a, b| (a.received_at, &a.id.value).cmp(&(b.received_at, &b.id.value)));
        m.inspections.sort_by_key(|i| i.date);
        m.meetings.sort_by_key(|x| x.date);
        m.open_at_end.sort_by(|a, b| (a.reported_at, &a.id.value).cmp(&(b.reported_at, &b.id.value)));
    }
    map
}
