//! The tables of the monthly analysis page: one row type per table, and the
//! function that fills it from the month's records. Personal fields pass
//! through [`crate::privacy`]'s masks here, so the page assembly in
//! [`super::month`] never sees an unmasked value.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::super::bulletins::ordered_counts;
use super::super::format;
use super::group::MonthRecords;
use super::pick;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::kpi::{self, DASH, PeriodKpi};
use crate::records::mask::{mask_digits, mask_name};
use crate::records::{Area, Estate, VisitMode};
use crate::scalars::{Money, Month};

/// A count with its share, for breakdown tables.
#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    /// Category, channel or area.
    pub name: String,
    /// Count.
    pub count: u64,
    /// Share of the total.
    pub share: String,
}

/// An open ticket at month end.
#[derive(Clone, Debug, Serialize)]
pub struct BacklogRow {
    /// Ticket id.
    pub id: String,
    /// Reported (short).
    pub reported: String,
    /// Category.
    pub category: String,
    /// Unit, or 公区 (a record value).
    pub place: String,
    /// Masked description.
    pub description: String,
    /// Department.
    pub department: String,
    /// Age at month end.
    pub age: String,
    /// Older than 7 days at month end (highlighted).
    pub old: bool,
}

/// A missed follow-up (ticket or complaint).
#[derive(Clone, Debug, Serialize)]
pub struct MissRow {
    /// Id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Unit, or 公区/—.
    pub place: String,
    /// Completed or resolved (short).
    pub done: String,
    /// The deadline (short).
    pub deadline: String,
    /// The follow-up (short), or 未回访 (none).
    pub followup: String,
    /// Department.
    pub department: String,
}

/// A complaint with its details, masked.
#[derive(Clone, Debug, Serialize)]
pub struct ComplaintRow {
    /// Id.
    pub id: String,
    /// Received (short).
    pub received: String,
    /// Channel.
    pub channel: String,
    /// Category.
    pub category: String,
    /// Unit or —.
    pub unit: String,
    /// `张*` or —.
    pub complainant: String,
    /// `138****5678` or —.
    pub phone: String,
    /// Digits masked.
    pub description: String,
    /// 有效/无效.
    pub valid: bool,
    /// Department.
    pub department: String,
    /// Resolved (short) or 未办结 (unresolved).
    pub resolved: String,
    /// Follow-up (short and result) or —.
    pub followup: String,
}

/// A repair over the approval threshold without approval.
#[derive(Clone, Debug, Serialize)]
pub struct CostRow {
    /// Ticket id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Cost.
    pub cost: String,
    /// Department.
    pub department: String,
    /// Reported (short).
    pub reported: String,
}

/// One fee item's figures.
#[derive(Clone, Debug, Serialize)]
pub struct FeeRow {
    /// Item.
    pub item: String,
    /// Receivable.
    pub receivable: String,
    /// Collected.
    pub collected: String,
    /// Rate.
    pub rate: String,
}

/// A day of the inspection calendar.
#[derive(Clone, Debug, Serialize)]
pub struct DayCell {
    /// Day of month, or 0 for padding.
    pub day: u32,
    /// Rounds recorded.
    pub rounds: usize,
    /// Problems found.
    pub findings: u32,
    /// After `--date` (not yet due).
    pub future: bool,
}

/// A meeting of the month.
#[derive(Clone, Debug, Serialize)]
pub struct MeetingRow {
    /// Date.
    pub date: String,
    /// Kind.
    pub kind: String,
    /// Chair (staff).
    pub chair: String,
    /// Notes, digits masked.
    pub notes: String,
}

/// Visits of the month.
#[derive(Clone, Debug, Serialize)]
pub struct VisitSummary {
    /// Visit records.
    pub records: usize,
    /// Of which 面访.
    pub face_to_face: usize,
    /// Of which 电访.
    pub phone: usize,
    /// Distinct units.
    pub units: usize,
}

fn share_rows(total: u64, items: Vec<(String, u64)>) -> Vec<CountRow> {
    items
        .into_iter()
        .map(|(name, count)| CountRow {
            name,
            count,
            share: kpi::percent(count as i128, total as i128).unwrap_or_else(|| DASH.into()),
        })
        .collect()
}

fn place(area: Area, unit: Option<&crate::records::Spanned<String>>) -> String {
    match (area, unit) {
        (Area::Indoor, Some(u)) => u.value.clone(),
        (a, _) => a.label().to_string(),
    }
}

/// The month's tickets by category, by channel and by area, each with its share.
pub(super) fn breakdowns(e: &Estate, t: &kpi::TicketKpi) -> [Vec<CountRow>; 3] {
    let site = &e.site;
    let (cat_labels, cat_values) = ordered_counts(&site.categories.ticket, &t.by_category);
    let categories = share_rows(t.reported, cat_labels.into_iter().zip(cat_values).filter(|(_, v)| *v > 0).collect());
    let (ch_labels, ch_values) = ordered_counts(&site.categories.channel, &t.by_channel);
    let channels = share_rows(t.reported, ch_labels.into_iter().zip(ch_values).filter(|(_, v)| *v > 0).collect());
    let areas = share_rows(
        t.reported,
        [Area::Indoor, Area::Public]
            .iter()
            .map(|a| (a.label().to_string(), t.by_area.get(a.label()).copied().unwrap_or(0)))
            .collect(),
    );
    [categories, channels, areas]
}

const AGE_BANDS: [[&str; 2]; 4] = [["1天内", "≤ 1 d"], ["1–3天", "1–3 d"], ["3–7天", "3–7 d"], ["7天以上", "> 7 d"]];

/// Open backlog at month end, oldest first, and its count by age band.
pub(super) fn backlog(l: Lang, recs: &MonthRecords, end: NaiveDateTime) -> (Vec<BacklogRow>, Vec<CountRow>) {
    let mut ages = [0u64; 4];
    let backlog: Vec<BacklogRow> = recs
        .open_at_end
        .iter()
        .map(|tk| {
            let secs = (end - tk.reported_at).num_seconds();
            let b = match secs {
                s if s <= 86_400 => 0,
                s if s <= 3 * 86_400 => 1,
                s if s <= 7 * 86_400 => 2,
                _ => 3,
            };
            ages[b] += 1;
            BacklogRow {
                id: tk.id.value.clone(),
                reported: format::short_datetime(tk.reported_at),
                category: tk.category.to_string(),
                place: place(tk.area, tk.unit.as_ref()),
                description: mask_digits(&tk.description),
                department: tk.department.to_string(),
                age: format::age(l, secs),
                old: secs > 7 * 86_400,
            }
        })
        .collect();
    let backlog_ages = share_rows(
        backlog.len() as u64,
        AGE_BANDS.iter().zip(ages).map(|(names, c)| (pick(l, *names).to_string(), c)).collect(),
    );
    (backlog, backlog_ages)
}

/// Tickets completed before the month's end whose 24-hour follow-up was missed.
pub(super) fn missed_24h(l: Lang, recs: &MonthRecords, end: NaiveDateTime) -> Vec<MissRow> {
    recs.tickets
        .iter()
        .filter_map(|tk| {
            let done = tk.completed_at.filter(|c| *c < end)?;
            let deadline = kpi::ticket_followup_deadline(done);
            let f = tk.followup.as_ref();
            if f.is_some_and(|f| f.at <= deadline) {
                return None;
            }
            Some(MissRow {
                id: tk.id.value.clone(),
                category: tk.category.to_string(),
                place: place(tk.area, tk.unit.as_ref()),
                done: format::short_datetime(done),
                deadline: format::short_datetime(deadline),
                followup: f.map(|f| format::short_datetime(f.at)).unwrap_or_else(|| tr!(l, "未回访", "none")),
                department: tk.department.to_string(),
            })
        })
        .collect()
}

/// The month's complaints, complainant and phone masked.
pub(super) fn complaints(l: Lang, recs: &MonthRecords, end: NaiveDateTime) -> Vec<ComplaintRow> {
    recs.complaints
        .iter()
        .map(|c| ComplaintRow {
            id: c.id.value.clone(),
            received: format::short_datetime(c.received_at),
            channel: c.channel.to_string(),
            category: c.category.to_string(),
            unit: c.unit.as_ref().map(|u| mask_digits(&u.value)).unwrap_or_else(|| DASH.into()),
            complainant: c.complainant.as_deref().map(mask_name).unwrap_or_else(|| DASH.into()),
            phone: c.phone.as_deref().map(mask_digits).unwrap_or_else(|| DASH.into()),
            description: mask_digits(&c.description),
            valid: c.valid,
            department: c.department.to_string(),
            resolved: c
                .resolved_at
                .filter(|r| *r < end)
                .map(format::short_datetime)
                .unwrap_or_else(|| tr!(l, "未办结", "unresolved")),
            followup: c
                .followup
                .as_ref()
                .map(|f| format!("{} {}", format::short_datetime(f.at), f.result.label()))
                .unwrap_or_else(|| DASH.into()),
        })
        .collect()
}

/// Complaints resolved before the month's end whose follow-up within three
/// working days was missed.
pub(super) fn missed_3wd(l: Lang, e: &Estate, recs: &MonthRecords, end: NaiveDateTime) -> Vec<MissRow> {
    recs.complaints
        .iter()
        .filter_map(|c| {
            let done = c.resolved_at.filter(|r| *r < end)?;
            let deadline = kpi::complaint_followup_deadline(&e.calendar, done);
            let f = c.followup.as_ref();
            if f.is_some_and(|f| f.at < deadline) {
                return None;
            }
            Some(MissRow {
                id: c.id.value.clone(),
                category: c.category.to_string(),
                place: c.unit.as_ref().map(|u| mask_digits(&u.value)).unwrap_or_else(|| DASH.into()),
                done: format::short_datetime(done),
                deadline: format::short_datetime(deadline - Duration::seconds(1)),
                followup: f.map(|f| format::short_datetime(f.at)).unwrap_or_else(|| tr!(l, "未回访", "none")),
                department: c.department.to_string(),
            })
        })
        .collect()
}

/// Receivable, collected and rate of each fee item.
pub(super) fn fee_items(k: &PeriodKpi) -> Vec<FeeRow> {
    k.fees
        .by_item
        .iter()
        .map(|(item, i)| FeeRow {
            item: item.clone(),
            receivable: format::money(i.receivable),
            collected: format::money(i.collected),
            rate: i.collection_ratio().percent().unwrap_or_else(|| DASH.into()),
        })
        .collect()
}

/// The month's visits: records, face to face, by phone, distinct units.
pub(super) fn visits(recs: &MonthRecords) -> VisitSummary {
    let visit_units: BTreeSet<&str> = recs.visits.iter().map(|v| v.unit.value.as_str()).collect();
    let f2f = recs.visits.iter().filter(|v| v.mode == VisitMode::FaceToFace).count();
    VisitSummary {
        records: recs.visits.len(),
        face_to_face: f2f,
        phone: recs.visits.len() - f2f,
        units: visit_units.len(),
    }
}

/// Inspection calendar, weeks of seven days, Monday first; days after
/// `today` are marked as the future.
pub(super) fn calendar(m: Month, recs: &MonthRecords, today: NaiveDate) -> Vec<Vec<DayCell>> {
    let mut by_day: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
    for i in &recs.inspections {
        let d = by_day.entry(i.date.day()).or_default();
        d.0 += 1;
        d.1 += i.findings;
    }
    let first = m.first_day();
    let pad = first.weekday().num_days_from_monday();
    let mut cells: Vec<DayCell> = (0..pad).map(|_| DayCell { day: 0, rounds: 0, findings: 0, future: false }).collect();
    let last_day = m.last_day().day();
    for d in 1..=last_day {
        let (rounds, findings) = by_day.get(&d).copied().unwrap_or((0, 0));
        let date = NaiveDate::from_ymd_opt(m.year, m.month, d).unwrap_or(first);
        cells.push(DayCell { day: d, rounds, findings, future: date > today });
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(DayCell { day: 0, rounds: 0, findings: 0, future: false });
    }
    cells.chunks(7).map(|w| w.to_vec()).collect()
}

/// The month's meetings, notes digit-masked.
pub(super) fn meetings(l: Lang, recs: &MonthRecords) -> Vec<MeetingRow> {
    recs.meetings
        .iter()
        .map(|x| MeetingRow {
            date: format::date(l, x.date),
            kind: x.kind.label().into(),
            chair: x.chair.clone(),
            notes: x.notes.as_deref().map(mask_digits).unwrap_or_default(),
        })
        .collect()
}

/// Repairs costing `threshold` or more without an approver.
pub(super) fn unapproved(recs: &MonthRecords, threshold: Money) -> Vec<CostRow> {
    recs.tickets
        .iter()
        .filter(|tk| tk.cost.is_some_and(|c| c.money() >= threshold) && tk.approved_by.is_none())
        .map(|tk| CostRow {
            id: tk.id.value.clone(),
            category: tk.category.to_string(),
            cost: tk.cost.map(|c| format::money(c.money())).unwrap_or_default(),
            department: tk.department.to_string(),
            reported: format::short_datetime(tk.reported_at),
        })
        .collect()
}
