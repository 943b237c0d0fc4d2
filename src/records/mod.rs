//! The content contract (`docs/records.md`) as typed Rust: what office staff commit.
//!
//! [`load`] reads a content directory into an [`Estate`], collecting every
//! problem as a [`Diagnostic`](crate::diag::Diagnostic); [`validate`] runs
//! the checks that span files. Records keep the positions that later checks
//! need, so a dangling unit points at the unit's value, not the file.

pub mod bill_join;
pub mod cache;
pub mod front_matter;
pub mod kind;
pub mod load;
pub mod mask;
pub mod parse;
pub mod text;
pub mod validate;

pub use kind::{BillKey, BrokenKeys, RecordKind};

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::config::Site;
use crate::diag::Pos;
use crate::scalars::{Amount, Money, Month};

pub use crate::yaml::Spanned;

/// Where a record came from: an index into [`Records::files`] and the record's first key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Src {
    /// Index into the file table.
    pub file: u32,
    /// The record's first key.
    pub pos: Pos,
}

/// Occupancy of a unit, from `households.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitStatus {
    /// 已入住
    Occupied,
    /// 空置
    Vacant,
    /// 装修
    Renovating,
}

/// One unit of the register (no personal names live here).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Household {
    /// Unit key, e.g. `3-2-1502`.
    pub unit: String,
    /// Building, e.g. `3栋`.
    pub building: Option<String>,
    /// Floor area as written (kept as text: it is shown, never summed).
    pub area_m2: Option<String>,
    /// Occupancy today.
    pub status: UnitStatus,
}

/// 户内 or 公区.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Area {
    /// 户内: inside a unit.
    Indoor,
    /// 公区: common areas.
    Public,
}

impl Area {
    /// The Chinese label used in records and pages.
    pub fn label(self) -> &'static str {
        match self {
            Area::Indoor => "户内",
            Area::Public => "公区",
        }
    }
}

/// Outcome of a follow-up call (回访结果).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowResult {
    /// 满意
    Satisfied,
    /// 基本满意
    Fair,
    /// 不满意
    Unsatisfied,
}

impl FollowResult {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            FollowResult::Satisfied => "满意",
            FollowResult::Fair => "基本满意",
            FollowResult::Unsatisfied => "不满意",
        }
    }
}

/// A follow-up (回访) after a ticket is completed or a complaint resolved.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Followup {
    /// When the owner was called back.
    pub at: NaiveDateTime,
    /// Staff member (not personal; shared text, see [`text`]).
    pub by: Option<text::Text>,
    /// The owner's answer.
    pub result: FollowResult,
}

/// 报事: a repair or service request.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Ticket {
    /// Unique id.
    pub id: Spanned<String>,
    /// When it was reported.
    pub reported_at: NaiveDateTime,
    /// When keyed into the system (night tickets).
    pub entered_at: Option<NaiveDateTime>,
    /// One of `categories.channel` (shared text: a few values over
    /// hundreds of thousands of tickets, see [`text`]).
    pub channel: text::Text,
    /// 户内 or 公区.
    pub area: Area,
    /// One of `categories.ticket`.
    pub category: text::Text,
    /// Unit (required for 户内). Personal.
    pub unit: Option<Spanned<String>>,
    /// Personal.
    pub reporter: Option<String>,
    /// Personal.
    pub phone: Option<String>,
    /// Personal free text.
    pub description: String,
    /// Department handling it.
    pub department: text::Text,
    /// Absent: still open.
    pub completed_at: Option<NaiveDateTime>,
    /// Repair cost (64-bit: see [`Amount`]).
    pub cost: Option<Amount>,
    /// Who approved a cost at or over the threshold (staff, not personal).
    pub approved_by: Option<text::Text>,
    /// 回访.
    pub followup: Option<Followup>,
    /// Source file and first key.
    pub src: Src,
}

/// 投诉: a complaint.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Complaint {
    /// Unique id.
    pub id: Spanned<String>,
    /// When it was received.
    pub received_at: NaiveDateTime,
    /// One of `categories.channel` (shared text).
    pub channel: text::Text,
    /// One of `categories.complaint`.
    pub category: text::Text,
    /// Personal.
    pub unit: Option<Spanned<String>>,
    /// Personal.
    pub complainant: Option<String>,
    /// Personal.
    pub phone: Option<String>,
    /// Personal free text.
    pub description: String,
    /// 有效投诉 (default true).
    pub valid: bool,
    /// Department handling it.
    pub department: text::Text,
    /// Absent: unresolved.
    pub resolved_at: Option<NaiveDateTime>,
    /// 回访.
    pub followup: Option<Followup>,
    /// Source file and first key.
    pub src: Src,
}

/// 面访 or 电访.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VisitMode {
    /// 面访: face to face.
    FaceToFace,
    /// 电访: by phone.
    Phone,
}

/// 业主访谈: an owner interview.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Visit {
    /// Unit visited. Personal.
    pub unit: Spanned<String>,
    /// Date.
    pub date: NaiveDate,
    /// Face to face or phone.
    pub mode: VisitMode,
    /// Staff member (shared text).
    pub by: text::Text,
    /// Personal free text.
    pub notes: Option<String>,
    /// Source.
    pub src: Src,
}

/// 满意度调查: one survey response.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Survey {
    /// Personal.
    pub unit: Option<Spanned<String>>,
    /// Date.
    pub date: NaiveDate,
    /// Overall score 1–5.
    pub overall: u8,
    /// Per service line, 1–5.
    pub scores: BTreeMap<String, u8>,
    /// Personal free text.
    pub comment: Option<String>,
    /// Source.
    pub src: Src,
}

/// 应收: a monthly bill.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Bill {
    /// Unit billed. Personal.
    pub unit: Spanned<text::Text>,
    /// Fee item (物业费, 车位管理费, …).
    pub item: text::Text,
    /// Month billed.
    pub period: Month,
    /// Amount billed (64-bit: see [`Amount`]).
    pub amount: Amount,
    /// 减免 (0 when absent).
    pub waived: Amount,
    /// Source.
    pub src: Src,
}

impl Bill {
    /// What the bill owes: amount less waived.
    pub fn owed(&self) -> Money {
        self.amount.money() - self.waived.money()
    }
}

/// 实收: a payment against a bill.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Payment {
    /// Unit. Personal.
    pub unit: Spanned<text::Text>,
    /// Fee item.
    pub item: text::Text,
    /// The bill's month.
    pub period: Month,
    /// Amount paid (64-bit: see [`Amount`]).
    pub amount: Amount,
    /// Date paid (in the file's month).
    pub date: NaiveDate,
    /// 微信, 现金, …
    pub method: Option<text::Text>,
    /// Source.
    pub src: Src,
}

/// 园区巡查: one inspection round.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Inspection {
    /// Date.
    pub date: NaiveDate,
    /// Staff member.
    pub by: String,
    /// Areas checked.
    pub areas: Vec<String>,
    /// Problems found.
    pub findings: u32,
    /// Tickets raised (must exist).
    pub tickets: Vec<Spanned<String>>,
    /// Source.
    pub src: Src,
}

/// 失物登记: an item found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LostItem {
    /// Unique id.
    pub id: Spanned<String>,
    /// Date found.
    pub found_on: NaiveDate,
    /// Where.
    pub place: String,
    /// What.
    pub item: String,
    /// 贵重物品: gets its own notice at once.
    pub valuable: bool,
    /// When claimed.
    pub claimed_on: Option<NaiveDate>,
    /// Personal.
    pub claimed_by: Option<String>,
    /// Source.
    pub src: Src,
}

/// Kind of meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingKind {
    /// 报事分析会
    TicketAnalysis,
    /// 投诉分析会
    ComplaintAnalysis,
    /// 客户细分评估会 (the half-yearly owner segmentation review)
    Segmentation,
    /// 部门例会
    Department,
    /// 其他
    Other,
}

impl MeetingKind {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::TicketAnalysis => "报事分析会",
            MeetingKind::ComplaintAnalysis => "投诉分析会",
            MeetingKind::Segmentation => "客户细分评估会",
            MeetingKind::Department => "部门例会",
            MeetingKind::Other => "其他",
        }
    }
}

/// A meeting record.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Meeting {
    /// Date.
    pub date: NaiveDate,
    /// Kind.
    pub kind: MeetingKind,
    /// The month it analyses (`about`, default the month of `date`, never
    /// after it): the work-standard grid credits the meeting to this month.
    pub about: Month,
    /// Who chaired (staff).
    pub chair: String,
    /// Internal notes.
    pub notes: Option<String>,
    /// Source.
    pub src: Src,
}

/// Which routine a worklog line records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WorklogKind {
    /// 报事日清: the day's tickets cleared in the ticket system.
    DailyClearing,
    /// 未完报事跟踪: the weekly follow-up of open tickets.
    OpenTracking,
    /// 房屋信息更新: the weekly update of unit sale/rental information.
    UnitInfo,
}

impl WorklogKind {
    /// The Chinese label used in records.
    pub fn label(self) -> &'static str {
        match self {
            WorklogKind::DailyClearing => "报事日清",
            WorklogKind::OpenTracking => "未完报事跟踪",
            WorklogKind::UnitInfo => "房屋信息更新",
        }
    }
}

/// 客服工作记录: one time a routine was done, from `worklog.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Worklog {
    /// The day it was done.
    pub date: NaiveDate,
    /// Which routine.
    pub kind: WorklogKind,
    /// Staff member (shown on internal pages only).
    pub by: String,
    /// Tickets it dealt with (must exist).
    pub tickets: Vec<Spanned<String>>,
    /// Internal notes.
    pub notes: Option<String>,
    /// Source.
    pub src: Src,
}

/// A job description (岗位职责), from `roles/<stem>.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Role {
    /// File stem, the role's key for `reports_to`.
    pub stem: String,
    /// Title.
    pub title: String,
    /// Department.
    pub department: String,
    /// Stem of the role above, or none at the top.
    pub reports_to: Option<Spanned<String>>,
    /// Sort key within the department.
    pub order: i64,
    /// Number of posts.
    pub headcount: Option<u32>,
    /// Duties, Markdown.
    pub body: String,
    /// Display path of the file.
    pub path: String,
}

/// A public notice (公告), from `notices/<stem>.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Notice {
    /// File stem, used for the page's URL.
    pub stem: String,
    /// Title.
    pub title: String,
    /// One of `categories.notice`.
    pub kind: String,
    /// Publication date.
    pub date: NaiveDate,
    /// After this date it moves to the archive.
    pub expires: Option<NaiveDate>,
    /// Shown on top.
    pub pinned: bool,
    /// Buildings affected.
    pub affects: Vec<String>,
    /// When works begin.
    pub starts_at: Option<NaiveDateTime>,
    /// When works end.
    pub ends_at: Option<NaiveDateTime>,
    /// Issuer (default: the site's name).
    pub issuer: Option<String>,
    /// Never published.
    pub draft: bool,
    /// Body, Markdown.
    pub body: String,
    /// Display path of the file.
    pub path: String,
}

/// A quarter, `YYYY-Qn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    /// Year.
    pub year: i32,
    /// 1–4.
    pub q: u32,
}

impl Quarter {
    /// Parses `YYYY-Qn`.
    pub fn parse(s: &str) -> Option<Quarter> {
        let (y, q) = s.split_once("-Q")?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || q.len() != 1 {
            return None;
        }
        let q: u32 = q.parse().ok()?;
        (1..=4).contains(&q).then_some(Quarter { year: y.parse().ok()?, q })
    }
    /// The quarter a month is in.
    pub fn of(m: Month) -> Quarter {
        Quarter { year: m.year, q: (m.month - 1) / 3 + 1 }
    }
    /// Its first month.
    pub fn first_month(self) -> Month {
        Month { year: self.year, month: (self.q - 1) * 3 + 1 }
    }
    /// Its last month.
    pub fn last_month(self) -> Month {
        Month { year: self.year, month: self.q * 3 }
    }
    /// The quarter before.
    pub fn prev(self) -> Quarter {
        if self.q == 1 { Quarter { year: self.year - 1, q: 4 } } else { Quarter { year: self.year, q: self.q - 1 } }
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

/// A quarterly bulletin narrative, from `bulletins/YYYY-Qn.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Bulletin {
    /// Which quarter.
    pub quarter: Quarter,
    /// Optional title.
    pub title: Option<String>,
    /// Narrative, Markdown.
    pub body: String,
}

/// Every record of every month, each kind in one flat list (file order).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Records {
    /// Display paths of the record files; [`Src::file`] indexes this.
    pub files: Vec<String>,
    /// 报事
    pub tickets: Vec<Ticket>,
    /// 投诉
    pub complaints: Vec<Complaint>,
    /// 业主访谈
    pub visits: Vec<Visit>,
    /// 满意度调查
    pub surveys: Vec<Survey>,
    /// 应收
    pub bills: Vec<Bill>,
    /// 实收
    pub payments: Vec<Payment>,
    /// 园区巡查
    pub inspections: Vec<Inspection>,
    /// 失物登记
    pub lost_found: Vec<LostItem>,
    /// Meetings.
    pub meetings: Vec<Meeting>,
    /// 客服工作记录.
    pub worklogs: Vec<Worklog>,
    /// Month folders present (sorted).
    pub months: Vec<Month>,
}

/// Records that know which record file they came from ([`Src::file`]).
pub trait FromFile {
    /// The index of the record's file in [`Records::files`].
    fn file(&self) -> u32;
    /// Points the record at another index (after a cached parse or a reload).
    fn set_file(&mut self, file: u32);
}

macro_rules! from_file {
    ($($t:ty),*) => {$(
        impl FromFile for $t {
            fn file(&self) -> u32 {
                self.src.file
            }
            fn set_file(&mut self, file: u32) {
                self.src.file = file;
            }
        }
    )*};
}
from_file!(Ticket, Complaint, Visit, Survey, Bill, Payment, Inspection, LostItem, Meeting, Worklog);

/// Calls `$m!(a b c …)` with every list field of [`Records`]: the one place
/// that names them, so code over all records (cache fix-up, merge, reload
/// splice) needs no edit when a kind is added.
macro_rules! each_list {
    ($m:ident) => {
        $m!(tickets complaints visits surveys bills payments inspections lost_found meetings worklogs)
    };
}

impl Records {
    /// Points every record at file index `file` (a cached parse stores 0).
    pub fn set_file(&mut self, file: u32) {
        macro_rules! go {
            ($($l:ident)*) => {$( self.$l.iter_mut().for_each(|x| x.set_file(file)); )*};
        }
        each_list!(go);
    }

    /// Reserves room for the records of every file about to be appended:
    /// growing by doubling would leave up to half of each list unused and
    /// copy it on every growth (hundreds of MB of bills at 20,000 units).
    pub fn reserve_for<'a>(&mut self, files: impl Iterator<Item = &'a Records> + Clone) {
        macro_rules! go {
            ($($l:ident)*) => {$( self.$l.reserve_exact(files.clone().map(|r| r.$l.len()).sum()); )*};
        }
        each_list!(go);
    }

    /// Appends another file's records (which come after these in file order);
    /// an empty list without reserved room takes the other's by move, not
    /// copy, so a single large file is never held twice while merging.
    pub fn append(&mut self, other: Records) {
        fn one<T>(all: &mut Vec<T>, file: Vec<T>) {
            if all.capacity() == 0 {
                *all = file;
            } else {
                all.extend(file);
            }
        }
        macro_rules! go {
            ($($l:ident)*) => {$( one(&mut self.$l, other.$l); )*};
        }
        each_list!(go);
    }

    /// Replaces the records of the files for which `edited` holds by `fresh`
    /// (those files' new records, in file order), keeping file order.
    pub fn splice(&mut self, fresh: Records, edited: impl Fn(u32) -> bool + Copy) {
        fn one<T: FromFile>(all: &mut Vec<T>, fresh: Vec<T>, edited: impl Fn(u32) -> bool) {
            // A list the edited files hold none of, before or after, stays as it is (not moved record by record).
            if fresh.is_empty() && !all.iter().any(|r| edited(r.file())) {
                return;
            }
            let old = std::mem::take(all);
            all.reserve(old.len() + fresh.len());
            let mut fresh = fresh.into_iter().peekable();
            for r in old {
                let f = r.file();
                while let Some(n) = fresh.next_if(|n| n.file() < f) {
                    all.push(n);
                }
                if !edited(f) {
                    all.push(r);
                }
            }
            all.extend(fresh);
        }
        macro_rules! go {
            ($($l:ident)*) => {$( one(&mut self.$l, fresh.$l, edited); )*};
        }
        each_list!(go);
    }
}

impl Estate {
    /// Each record file's path with its month and content hash, or `None`
    /// when they are unknown (an estate not made by the loader). What `serve`
    /// compares to tell which records an edit touched.
    pub fn file_stamps(&self) -> Option<impl Iterator<Item = (&String, &(Month, u128))>> {
        (self.records.files.len() == self.record_stamps.len())
            .then(|| self.records.files.iter().zip(&self.record_stamps))
    }
}

/// A whole content directory, loaded.
#[derive(Clone, Debug)]
pub struct Estate {
    /// `site.yaml`.
    pub site: Site,
    /// `households.yaml`.
    pub households: Vec<Household>,
    /// Working days: built-in plus `calendar.yaml`.
    pub calendar: Calendar,
    /// `roles/*.md`, sorted by stem.
    pub roles: Vec<Role>,
    /// `notices/*.md`, sorted by stem.
    pub notices: Vec<Notice>,
    /// `bulletins/*.md`, sorted by quarter.
    pub bulletins: Vec<Bulletin>,
    /// All records.
    pub records: std::sync::Arc<Records>,
    /// Files under `static/`, relative paths, sorted.
    pub static_files: Vec<String>,
    /// For each record file (parallel to `records.files`): its month folder
    /// and a hash of its bytes, so `serve` can tell which months an edit touched.
    pub record_stamps: Vec<(Month, u128)>,
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;

    /// A 20,000-unit estate holds millions of these at once (issue 18: the
    /// whole build within 1 GiB); a field that grows them shows up here first.
    #[test]
    fn the_most_numerous_records_stay_compact() {
        assert_eq!(std::mem::size_of::<text::Text>(), 8);
        assert_eq!(std::mem::size_of::<Option<text::Text>>(), 8);
        assert!(std::mem::size_of::<Bill>() <= 64, "Bill: {}", std::mem::size_of::<Bill>());
        assert!(std::mem::size_of::<Payment>() <= 64, "Payment: {}", std::mem::size_of::<Payment>());
        assert!(std::mem::size_of::<Ticket>() <= 264, "Ticket: {}", std::mem::size_of::<Ticket>());
    }
}
