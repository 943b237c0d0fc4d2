//! `wuye import`: a spreadsheet export (xlsx or CSV) into a month's records.
//!
//! ```text
//! wuye import tickets 报事台账-2026-10.xlsx --month 2026-10
//! wuye import complaints 投诉.csv --month 2026-10 --map 系统B映射.yaml
//! wuye import fees 收费明细.csv --month 2026-10 --content cuihu/content
//! ```
//!
//! Each row goes through the same record parser `wuye check` uses, with the
//! month's rules, so categories, channels, date order and the month folder
//! agree with `check`. A row that cannot be converted is reported as
//! `FILE:ROW:COL: error: 列 E「完成时间」：…` (ROW and COL as the sheet shows
//! them; the header row is usually row 1). If any row fails, nothing is
//! written and the exit code is 1.
//!
//! New records are appended to `records/YYYY-MM/<kind>.yaml`, keeping the
//! file's existing text and comments. A record already there (same id; a
//! bill with the same unit, item and period; a payment with the same unit,
//! item, period, date and amount) is skipped when it is identical and is a
//! conflict when it differs: existing records are never changed.
//!
//! # Columns
//!
//! Headers are matched after removing spaces, a `*` marker and a unit in
//! brackets (`应收金额（元）` is `应收金额`). Each kind's default headers are
//! listed in [`fields`]; a mapping file (`--map`) adds or overrides them:
//!
//! ```yaml
//! columns:              # sheet header: field (~ ignores the column quietly)
//!   报事单号: id
//!   受理渠道: channel
//!   回访人员: followup.by
//!   工单状态: ~
//! values:               # optional: rewrite a field's cell values before checking
//!   channel:
//!     400电话: 电话
//!     业主APP: APP
//! defaults:             # optional: the value when the column is missing or the cell empty
//!   area: 户内
//! ```
//!
//! # Fees
//!
//! A fees sheet has one row per bill, with optional payment columns: a row
//! with 应收金额 is a bill (unit, item, period, amount, waived); a row with
//! 实收金额 (not 0) is a payment of that bill on 缴费日期. A row may be both,
//! or only a payment (of a bill already in the records, e.g. last month's
//! arrears). A bill must be for `--month`; a row naming an earlier bill
//! that is already recorded identically is fine (only its payment is new).

pub mod cell;
pub mod out;
pub mod rows;
pub mod sheet;
pub mod units;
mod unmapped;
pub mod update;
pub mod xlsx;

use crate::i18n::{Msg, msg, tr};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::Site;
use crate::diag::Code;
use crate::diag::{Diagnostic, Diags, Pos, Severity, did_you_mean};
use crate::i18n::Lang;
use crate::records::load::{self, Source};
use crate::records::parse::{self, Rules};
use crate::records::{Bill, Complaint, Followup, Payment, Ticket};
use crate::scalars::{Money, Month, parse_date, parse_datetime};
use crate::yaml::fields::Ctx;
use crate::yaml::{self, Kind, Node};

use self::cell::{Ty, convert, datetime_text};
use self::out::{Fields, Val};
use self::rows::Row;
use self::sheet::Cell;
use self::units::Units;

mod columns;
mod fees;
mod fields;
mod mapping;
mod merge;
mod row;

pub use columns::column_letter;
use columns::*;
use fields::*;
pub use fields::{Field, fields};
use mapping::*;
use merge::*;
use row::*;

/// Which record file an import fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// 报事 → `tickets.yaml`.
    Tickets,
    /// 投诉 → `complaints.yaml`.
    Complaints,
    /// 应收 and 实收 → `fees.yaml`.
    Fees,
}

impl ImportKind {
    /// The record file's name.
    pub fn file_name(self) -> &'static str {
        match self {
            ImportKind::Tickets => "tickets.yaml",
            ImportKind::Complaints => "complaints.yaml",
            ImportKind::Fees => "fees.yaml",
        }
    }
}

/// What to import and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// Which record file.
    pub kind: ImportKind,
    /// The spreadsheet (`.xlsx`, `.xls`, `.ods`, `.csv`).
    pub file: PathBuf,
    /// The month folder the records go into; every row must belong to it.
    pub month: Month,
    /// A column mapping file.
    pub map: Option<PathBuf>,
    /// The workbook sheet to read (default: the first).
    pub sheet: Option<String>,
    /// Import rows Excel hides (by default they are skipped with a warning).
    pub include_hidden: bool,
    /// The content directory.
    pub content: PathBuf,
    /// `--update`: rows whose id is already in the month's file and whose
    /// fields changed update that record in place (see [`update`]).
    pub update: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    /// Every problem found (errors mean nothing was written).
    pub diags: Vec<Diagnostic>,
    /// The one-line summary, when the import succeeded.
    pub summary: Option<String>,
    /// The language messages are in.
    pub lang: Lang,
}

impl Outcome {
    /// Whether any error was found.
    pub fn failed(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Imports a spreadsheet into a month's records (loading the content without a cache).
pub fn run(o: &Options) -> Outcome {
    run_with(o, load::load(&Source::new(&o.content)))
}

/// Imports a spreadsheet into a month's records, given the content as loaded from `o.content`.
/// The import's timeline (refuse, read, map, convert, merge, write) in one place.
pub fn run_with(o: &Options, loaded: load::Loaded) -> Outcome {
    let source = Source::new(&o.content);
    let show = |rel: &str| {
        let d = source.display.as_str();
        if d.is_empty() || d == "." { rel.to_string() } else { format!("{d}/{rel}") }
    };
    let Some(estate) = loaded.estate else {
        let site = show("site.yaml");
        let mut diags: Vec<Diagnostic> =
            loaded.diags.into_iter().filter(|d| d.path == site && d.severity == Severity::Error).collect();
        if diags.is_empty() {
            diags.push(Diagnostic::new(Code::ContentMissing, site, Pos::START, "cannot read site.yaml"));
        }
        return Outcome { diags, summary: None, lang: Lang::Zh };
    };
    let lang = estate.site.lang;
    let fail = |diags: Vec<Diagnostic>| Outcome { diags, summary: None, lang };
    let file = o.file.to_string_lossy().to_string();
    let mut diags = Diags::default();
    let map = match &o.map {
        Some(p) => read_map(p, o.kind, lang, &mut diags),
        None => Mapping::default(),
    };
    if diags.has_errors() {
        return fail(diags.list);
    }
    let sheet = match sheet::read(&o.file, o.sheet.as_deref()) {
        Ok(s) => s,
        Err(m) => return fail(vec![Diagnostic::new(Code::ImportSheet, &file, Pos::START, m.render(lang))]),
    };
    let fields = fields(o.kind);
    let mut list = diags.list;
    let Some((cols, hi)) = resolve_columns(&sheet.rows, fields, &map, &file, lang, &mut list) else {
        return fail(list);
    };
    let files = estate.records.files.clone();
    let units = Units::new(estate.households.iter().map(|h| h.unit.as_str()));
    let mut job = Job {
        kind: o.kind,
        fields,
        lang,
        file,
        month: o.month,
        site: &estate.site,
        map,
        cols,
        diags: list,
        files,
        update: o.update,
        units,
    };
    job.check_required_columns();
    if job.diags.iter().any(|d| d.severity == Severity::Error) {
        return fail(job.diags);
    }

    let rel = format!("records/{}/{}", o.month, o.kind.file_name());
    let target = o.content.join(&rel);
    let target_display = show(&rel);
    let existing_text = if target.is_file() {
        match load::read_text(&target, &target_display, lang) {
            Ok(t) => Some(t),
            Err(d) => return fail(vec![d]),
        }
    } else {
        None
    };
    let file_index = estate.records.files.iter().position(|f| *f == target_display).map(|i| i as u32);
    let ex = Existing::new(&estate, file_index, existing_text.as_deref(), o.kind);
    let units: HashSet<&str> = estate.households.iter().map(|h| h.unit.as_str()).collect();

    let key_field = if o.kind == ImportKind::Fees { "unit" } else { "id" };
    let rules = rows::Rules {
        ignored: &job.cols.ignored,
        key_col: job.cols.by_field.get(key_field).copied(),
        hidden: &sheet.hidden,
        include_hidden: o.include_hidden,
    };
    let (data, skipped) = rows::sort(&sheet.rows[hi + 1..], job.cols.header_row, &rules);
    job.warn_hidden(&skipped.hidden);
    job.unmapped_columns(&data);
    let merged = match o.kind {
        ImportKind::Tickets | ImportKind::Complaints => job.import_keyed(&data, &ex, &units),
        ImportKind::Fees => job.import_fees(&data, &ex, &units),
    };
    let (header_row, headers) = (job.cols.header_row, job.cols.headers.clone());
    let mut diags = job.diags;
    diags.sort_by(|a, b| (a.path != job.file, &a.path, a.pos).cmp(&(b.path != job.file, &b.path, b.pos)));
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Outcome { diags, summary: None, lang };
    }
    let Merged { items, bills, payments, present, updates, changed } = merged;
    let filled = rows::merged_note(&sheet.filled, header_row, &headers, lang);
    let added = items.len() + bills.len() + payments.len();
    let kind_name = match o.kind {
        ImportKind::Tickets => "tickets",
        ImportKind::Complaints => "complaints",
        ImportKind::Fees => "fees",
    };
    let what = crate::i18n::say::import_what(lang, kind_name, items.len(), bills.len(), payments.len());
    if added > 0 || !updates.is_empty() {
        let raw = existing_text.as_deref().unwrap_or("");
        let updated = if updates.is_empty() { Ok(raw.to_string()) } else { update::apply(raw, &updates) };
        let written = updated.and_then(|raw| write_records(o.kind, &target, &raw, (&items, &bills, &payments)));
        if let Err(m) = written {
            let d = Diagnostic::new(Code::ImportWrite, &target_display, Pos::START, m.render(lang));
            return Outcome { diags: vec![d], summary: None, lang };
        }
    }
    let mut summary = crate::i18n::say::imported(lang, &what, &target_display, present);
    if !changed.is_empty() {
        summary =
            format!("{}\n{}", crate::i18n::say::updated(lang, changed.len()), changed.join("\n")) + "\n" + &summary;
    }
    let sep = tr!(lang, "；", "; ");
    if let Some(sk) = skipped.summary(lang) {
        summary.push_str(&format!("{sep}{sk}"));
    }
    if let Some(m) = filled {
        summary.push_str(&format!("{sep}{m}"));
    }
    Outcome { diags, summary: Some(summary), lang }
}

/// Adds the new records to the record file's text and writes it, once the
/// result is known to read back as the old records followed by the new ones.
fn write_records(
    kind: ImportKind,
    target: &Path,
    raw: &str,
    (items, bills, payments): (&[Fields], &[Fields], &[Fields]),
) -> Result<(), out::EditError> {
    let fees = kind == ImportKind::Fees;
    if items.is_empty() && bills.is_empty() && payments.is_empty() {
        // `--update` alone: the rewritten lines were checked record by record.
        return write_bytes(target, raw.to_string());
    }
    let edit = |items: &[Fields], bills: &[Fields], payments: &[Fields]| {
        if fees { out::insert_fees(raw, bills, payments) } else { out::append_seq(raw, items) }
    };
    // Every new record is written the same way at the same place, so the
    // first and last of each list stand for all of them: the file is
    // verified with those two, without parsing thousands of new records.
    let ends = |l: &[Fields]| -> Vec<Fields> {
        match l {
            [] => Vec::new(),
            [one] => vec![one.clone()],
            [first, .., last] => vec![first.clone(), last.clone()],
        }
    };
    let (pi, pb, pp) = (ends(items), ends(bills), ends(payments));
    let probe = edit(&pi, &pb, &pp)?;
    let added: Vec<&[Fields]> = if fees { vec![&pb, &pp] } else { vec![&pi] };
    out::verify(raw, &probe, fees, &added)?;
    let text = edit(items, bills, payments)?;
    write_bytes(target, text)
}

/// Writes a record file atomically, keeping a BOM it had.
fn write_bytes(target: &Path, text: String) -> Result<(), out::EditError> {
    let had_bom = std::fs::read(target).map(|b| b.starts_with(&[0xEF, 0xBB, 0xBF])).unwrap_or(false);
    let bytes = if had_bom { [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat() } else { text.into_bytes() };
    out::write_atomic(target, &bytes).map_err(|e| Msg::owned(format!("无法写入：{e}"), format!("cannot write: {e}")))
}
