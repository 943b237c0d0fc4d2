//! The record kinds a month folder holds, in one place.
//!
//! Adding a kind means: a variant here (its file name, its lists in
//! [`Records`](super::Records)), its parser in `parse.rs`, its checks in
//! `validate.rs`, and the pages that read it. Everything that iterates the
//! kinds (the folder walk, the did-you-mean for a misnamed file, the parse
//! dispatch, the splice after a reload) goes through [`RecordKind::ALL`] or
//! [`Records::each_list`](super::Records), so it needs no edit.

use serde::{Deserialize, Serialize};

/// One kind of record file (`records/YYYY-MM/<file name>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RecordKind {
    /// `tickets.yaml`, 报事.
    Tickets,
    /// `complaints.yaml`, 投诉.
    Complaints,
    /// `visits.yaml`, 业主访谈.
    Visits,
    /// `surveys.yaml`, 满意度调查.
    Surveys,
    /// `fees.yaml`, 应收 and 实收.
    Fees,
    /// `inspections.yaml`, 园区巡查.
    Inspections,
    /// `lost-found.yaml`, 失物招领.
    LostFound,
    /// `meetings.yaml`, 会议.
    Meetings,
    /// `worklog.yaml`, 客服工作记录.
    Worklog,
}

impl RecordKind {
    /// Every kind, in the order the contract lists them.
    pub const ALL: [RecordKind; 9] = [
        RecordKind::Tickets,
        RecordKind::Complaints,
        RecordKind::Visits,
        RecordKind::Surveys,
        RecordKind::Fees,
        RecordKind::Inspections,
        RecordKind::LostFound,
        RecordKind::Meetings,
        RecordKind::Worklog,
    ];

    /// The file name in a month folder.
    pub const fn file_name(self) -> &'static str {
        match self {
            RecordKind::Tickets => "tickets.yaml",
            RecordKind::Complaints => "complaints.yaml",
            RecordKind::Visits => "visits.yaml",
            RecordKind::Surveys => "surveys.yaml",
            RecordKind::Fees => "fees.yaml",
            RecordKind::Inspections => "inspections.yaml",
            RecordKind::LostFound => "lost-found.yaml",
            RecordKind::Meetings => "meetings.yaml",
            RecordKind::Worklog => "worklog.yaml",
        }
    }

    /// The kind stored in a file of this name, if any.
    pub fn from_file_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.file_name() == name)
    }

    /// Every file name, in order (for messages listing the allowed names).
    pub fn file_names() -> impl Iterator<Item = &'static str> {
        RecordKind::ALL.into_iter().map(RecordKind::file_name)
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.file_name())
    }
}

/// A bill's identity (unit, item, period): what a payment points at, and
/// what a bill with errors leaves behind so that its payments are not
/// reported as dangling. A struct, not a joined string, so two fields can
/// never run together.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BillKey {
    /// 房号.
    pub unit: String,
    /// 收费项目.
    pub item: String,
    /// 账期 (`YYYY-MM`), as written.
    pub period: String,
}

/// What a record with errors leaves behind, so that references to it are
/// not reported as dangling, and its unit is still checked.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BrokenKeys {
    /// Ids of tickets, complaints or lost items, where the id itself read
    /// without error: other records naming them are not reported as naming
    /// nothing, and a repeated id is reported in the same run as the
    /// record's other slips.
    pub ids: Vec<crate::yaml::Spanned<String>>,
    /// Keys of bills.
    pub bills: Vec<BillKey>,
    /// The `unit` of each ticket, complaint, visit, survey, bill or payment with errors,
    /// where the unit itself read without one: it is checked against
    /// households.yaml like any other, so a wrong unit is reported in the
    /// same run as the record's other slips, not only once they are mended.
    pub units: Vec<crate::yaml::Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_file_name() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_file_name(k.file_name()), Some(k));
        }
        assert_eq!(RecordKind::from_file_name("ticket.yaml"), None);
        assert_eq!(RecordKind::file_names().count(), 9);
    }
}
