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
use crate::yaml::read::Ctx;
use crate::yaml::{self, Kind, Node};

use self::cell::{Ty, convert, datetime_text};
use self::out::{Fields, Val};
use self::rows::Row;
use self::sheet::Cell;
use self::units::Units;

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

/// One field a sheet column can fill.
#[derive(Debug)]
pub struct Field {
    /// The record's field name; `followup.at` and friends nest under `followup`.
    pub name: &'static str,
    /// What kind of value it holds.
    pub ty: Ty,
    /// Whether every row must give it.
    pub required: bool,
    /// Headers recognised without a mapping file, best first.
    pub headers: &'static [&'static str],
}

const fn f(name: &'static str, ty: Ty, required: bool, headers: &'static [&'static str]) -> Field {
    Field { name, ty, required, headers }
}

const UNIT: &[&str] = &["房号", "房间号", "房屋编号", "房屋", "房号/位置"];
const PHONE: &[&str] = &["联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"];
const DEPT: &[&str] = &["责任部门", "处理部门", "部门"];

const TICKET_FIELDS: &[Field] = &[
    f("id", Ty::Key, true, &["报事编号", "报事单号", "工单编号", "工单号", "编号", "单号"]),
    f("reported_at", Ty::DateTime, true, &["报事时间", "报修时间", "报事日期"]),
    f("entered_at", Ty::DateTime, false, &["录入时间", "登记时间"]),
    f("channel", Ty::Text, true, &["报事渠道", "渠道", "报事来源", "来源"]),
    f("area", Ty::Text, true, &["区域", "报事区域", "户内/公区"]),
    f("category", Ty::Text, true, &["类别", "报事类别", "报事类型", "类型"]),
    f("unit", Ty::Key, false, UNIT),
    f("reporter", Ty::Text, false, &["报事人", "报修人", "联系人", "业主"]),
    f("phone", Ty::Phone, false, PHONE),
    f("description", Ty::Text, true, &["报事内容", "描述", "内容", "报事描述", "问题描述"]),
    f("department", Ty::Text, true, DEPT),
    f("completed_at", Ty::DateTime, false, &["完成时间", "完工时间", "处理完成时间"]),
    f("cost", Ty::Money, false, &["费用", "维修费用", "维修费", "金额"]),
    f("approved_by", Ty::Text, false, &["审批人"]),
    f("followup.at", Ty::DateTime, false, &["回访时间"]),
    f("followup.by", Ty::Text, false, &["回访人"]),
    f("followup.result", Ty::Text, false, &["回访结果", "回访评价"]),
];

const COMPLAINT_FIELDS: &[Field] = &[
    f("id", Ty::Key, true, &["投诉编号", "投诉单号", "编号", "单号"]),
    f("received_at", Ty::DateTime, true, &["投诉时间", "受理时间"]),
    f("channel", Ty::Text, true, &["渠道", "投诉渠道", "来源"]),
    f("category", Ty::Text, true, &["类别", "投诉类别", "投诉类型", "类型"]),
    f("unit", Ty::Key, false, UNIT),
    f("complainant", Ty::Text, false, &["投诉人", "联系人", "业主"]),
    f("phone", Ty::Phone, false, PHONE),
    f("description", Ty::Text, true, &["投诉内容", "内容", "描述"]),
    f("valid", Ty::Bool, false, &["是否有效", "有效投诉", "有效"]),
    f("department", Ty::Text, true, DEPT),
    f("resolved_at", Ty::DateTime, false, &["解决时间", "处理完成时间", "完成时间"]),
    f("followup.at", Ty::DateTime, false, &["回访时间"]),
    f("followup.by", Ty::Text, false, &["回访人"]),
    f("followup.result", Ty::Text, false, &["回访结果", "回访评价"]),
];

const FEE_FIELDS: &[Field] = &[
    f("unit", Ty::Key, true, UNIT),
    f("item", Ty::Text, true, &["收费项目", "费用项目", "项目"]),
    f("period", Ty::Month, true, &["所属期间", "账期", "所属月份", "计费月份", "费用期间"]),
    f("amount", Ty::Money, false, &["应收金额", "应收", "应缴金额", "应收款", "应缴"]),
    f("waived", Ty::Money, false, &["减免金额", "减免", "优惠金额", "折扣金额", "优惠", "折扣", "减免额", "优惠减免"]),
    f(
        "paid",
        Ty::Money,
        false,
        &[
            "实收金额",
            "实收",
            "缴费金额",
            "已缴金额",
            "实缴金额",
            "收款金额",
            "已收金额",
            "实缴",
            "已缴",
            "已收",
            "实收款",
        ],
    ),
    f("date", Ty::Date, false, &["缴费日期", "收款日期", "缴费时间", "收款时间", "付款日期", "缴款日期", "收费日期"]),
    f("method", Ty::Text, false, &["缴费方式", "支付方式", "收款方式"]),
];

/// Headers ignored without a warning (row numbers).
const QUIET: &[&str] = &["序号", "行号"];

/// The fields a kind's sheet can fill, with their default headers.
///
/// Fees use `amount` for 应收金额 (the bill), `paid` for 实收金额 and `date`
/// for 缴费日期 (the payment).
pub fn fields(kind: ImportKind) -> &'static [Field] {
    match kind {
        ImportKind::Tickets => TICKET_FIELDS,
        ImportKind::Complaints => COMPLAINT_FIELDS,
        ImportKind::Fees => FEE_FIELDS,
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

/// Header text as matched: no spaces, no `*` marker, no unit in brackets.
fn norm_header(h: &str) -> String {
    let mut s: String = cell::halfwidth(h).chars().filter(|c| !c.is_whitespace()).collect();
    s = s.trim_matches('*').to_string();
    if s.ends_with(')')
        && let Some(i) = s.rfind('(').filter(|&i| i > 0)
    {
        s.truncate(i);
    }
    s.trim_matches('*').to_ascii_lowercase()
}

/// Column letters as Excel shows them: 1 → A, 27 → AA.
pub fn column_letter(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Which half of a date-and-time field a column gives (`报事日期: reported_at.date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Date,
    Time,
}

/// A column mapping file.
#[derive(Default)]
struct Mapping {
    /// Normalised header → field (None: ignore the column).
    columns: HashMap<String, Option<&'static str>>,
    /// Normalised header → the date or time part of a date-and-time field.
    parts: HashMap<String, (&'static str, Part)>,
    /// Field → (cell text → replacement).
    values: HashMap<&'static str, HashMap<String, String>>,
    /// Field → value and where the mapping file wrote it.
    defaults: HashMap<&'static str, (Val, Pos)>,
    display: String,
}

fn field_name(n: &Node, fields: &'static [Field], cx: &mut Ctx) -> Option<&'static str> {
    let s = n.scalar().unwrap_or("").trim();
    if let Some(f) = fields.iter().find(|f| f.name == s) {
        return Some(f.name);
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let hint = did_you_mean(s, names.iter().copied());
    let help = hint.map(|h| tr!(cx.lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
    cx.err_help(
        Code::FieldUnknown,
        n.pos,
        msg!(
            ["未知字段 `{s}`（可用字段：{}）", names.join(", ")],
            ["unknown field `{s}` (expected one of: {})", names.join(", ")]
        ),
        help,
    );
    None
}

fn read_map(path: &Path, kind: ImportKind, lang: Lang, diags: &mut Diags) -> Mapping {
    let display = path.to_string_lossy().to_string();
    let mut m = Mapping { display: display.clone(), ..Mapping::default() };
    let text = match load::read_text(path, &display, lang) {
        Ok(t) => t,
        Err(d) => {
            diags.list.push(d);
            return m;
        }
    };
    let fields = fields(kind);
    let mut cx = Ctx { path: &display, lang, diags };
    let root = match yaml::parse_tree(&text) {
        Ok(Some(r)) => r,
        Ok(None) => return m,
        Err(e) => {
            let (text, help) = e.describe();
            cx.err_help(e.code(), e.pos, text, help.map(|h| h.render(lang)));
            return m;
        }
    };
    let Kind::Map(entries) = &root.kind else {
        cx.err(
            Code::ShapeFile,
            root.pos,
            msg!(
                "映射文件应包含 columns:（以及可选的 values:、defaults:）",
                "a mapping file holds `columns:` (and optionally `values:`, `defaults:`)"
            ),
        );
        return m;
    };
    let pairs = |n: &'_ Node<'_>, what: &str, cx: &mut Ctx| -> Vec<(Node<'static>, Node<'static>)> {
        match &n.kind {
            Kind::Map(e) => e.iter().map(|(k, v)| (owned(k), owned(v))).collect(),
            _ if n.is_null() => Vec::new(),
            _ => {
                cx.err(
                    Code::ShapeMap,
                    n.pos,
                    msg!("`{what}` 应为 键: 值 的映射", "`{what}` must be a mapping (key: value)"),
                );
                Vec::new()
            }
        }
    };
    for (k, v) in entries {
        match k.scalar().unwrap_or("") {
            "columns" => {
                for (h, fv) in pairs(v, "columns", &mut cx) {
                    let header = norm_header(h.scalar().unwrap_or(""));
                    let target = fv.scalar().unwrap_or("").trim();
                    let split = [(".date", Part::Date), (".time", Part::Time)]
                        .into_iter()
                        .find_map(|(suf, p)| target.strip_suffix(suf).map(|b| (b, p)));
                    if let Some((base, part)) = split
                        && let Some(f) = fields.iter().find(|f| f.name == base && f.ty == Ty::DateTime)
                    {
                        m.parts.insert(header, (f.name, part));
                        continue;
                    }
                    let target = if fv.is_null() { None } else { field_name(&fv, fields, &mut cx) };
                    if target.is_some() || fv.is_null() {
                        m.columns.insert(header, target);
                    }
                }
            }
            "values" => {
                for (fk, table) in pairs(v, "values", &mut cx) {
                    let Some(name) = field_name(&fk, fields, &mut cx) else { continue };
                    let mut map = HashMap::new();
                    for (from, to) in pairs(&table, name, &mut cx) {
                        map.insert(
                            from.scalar().unwrap_or("").trim().to_string(),
                            to.scalar().unwrap_or("").trim().to_string(),
                        );
                    }
                    m.values.insert(name, map);
                }
            }
            "defaults" => {
                for (fk, dv) in pairs(v, "defaults", &mut cx) {
                    let Some(name) = field_name(&fk, fields, &mut cx) else { continue };
                    let ty = fields.iter().find(|f| f.name == name).map(|f| f.ty).unwrap_or(Ty::Text);
                    let text = dv.scalar().unwrap_or("").to_string();
                    match convert(&Cell::Text(text), ty) {
                        Ok(Some(val)) => {
                            m.defaults.insert(name, (val, dv.pos));
                        }
                        Ok(None) => {}
                        Err(msg) => {
                            let help = msg.help.map(|h| h.render(lang));
                            cx.err_help(Code::ImportCell, dv.pos, msg.text, help);
                        }
                    }
                }
            }
            other => {
                let hint = did_you_mean(other, ["columns", "values", "defaults"])
                    .map(|h| tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
                cx.err_help(
                    Code::FieldUnknown,
                    k.pos,
                    msg!(
                        "未知字段 `{other}`（可用：columns, values, defaults）",
                        "unknown field `{other}` (expected columns, values or defaults)"
                    ),
                    hint,
                );
            }
        }
    }
    m
}

/// A copy of a node that no longer borrows the file's text.
fn owned(n: &Node) -> Node<'static> {
    let kind = match &n.kind {
        Kind::Scalar(s, st) => Kind::Scalar(std::borrow::Cow::Owned(s.to_string()), *st),
        Kind::Seq(v) => Kind::Seq(v.iter().map(owned).collect()),
        Kind::Map(v) => Kind::Map(v.iter().map(|(k, x)| (owned(k), owned(x))).collect()),
    };
    Node { pos: n.pos, kind }
}

/// Where a field's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum From {
    /// A sheet column (0-based).
    Col(usize),
    /// The mapping file's `defaults:`.
    Default(Pos),
}

/// One field value of a row.
#[derive(Clone, Debug)]
struct Got {
    name: &'static str,
    val: Val,
    from: From,
}

/// The date column and the time column of a field given in two columns.
type DateTimeCols = (Option<usize>, Option<usize>);

/// The sheet's columns, resolved.
struct Columns {
    /// The (last) header row; data starts under it.
    header_row: u32,
    /// The first header row (the same unless the header takes two rows).
    first_header_row: u32,
    /// Date-and-time fields given as a date column and a time column.
    parts: HashMap<&'static str, DateTimeCols>,
    /// Columns left out on purpose (`~` in the mapping file, 序号, a duplicate).
    ignored: HashSet<usize>,
    /// Columns that name no field (checked for values once the rows are known).
    unmapped: Vec<usize>,
    /// Header text per column (0-based), as written.
    headers: Vec<String>,
    /// Field → column (0-based).
    by_field: HashMap<&'static str, usize>,
}

/// Everything a run needs, once the inputs are read.
struct Job<'a> {
    kind: ImportKind,
    fields: &'static [Field],
    lang: Lang,
    file: String,
    month: Month,
    site: &'a Site,
    map: Mapping,
    cols: Columns,
    diags: Vec<Diagnostic>,
    /// Display paths of the record files, as in `Records::files`.
    files: Vec<String>,
    /// `--update` was given.
    update: bool,
    /// The units of households.yaml, by their formatting-free form.
    units: Units,
}

/// Problems of one row.
#[derive(Default)]
struct RowCx {
    row: u32,
    errors: usize,
    bad: BTreeSet<usize>,
}

impl Job<'_> {
    fn col_label(&self, col: usize) -> String {
        let h = self.cols.headers.get(col).map(String::as_str).unwrap_or("");
        tr!(
            self.lang,
            format!("列 {}「{h}」", column_letter(col + 1)),
            format!("column {} ({h})", column_letter(col + 1))
        )
    }

    fn sheet_diag(&mut self, code: Code, row: u32, col: usize, msg: String, help: Option<String>) {
        let mut d = Diagnostic::new(code, &self.file, Pos { line: row, col: col as u32 + 1 }, msg);
        d.help = help;
        self.diags.push(d);
    }

    /// An error in one cell: `FILE:ROW:COL: error: 列 E「完成时间」：…`.
    fn cell_err(&mut self, code: Code, rc: &mut RowCx, col: usize, text: Msg, help: Option<String>) {
        let label = self.col_label(col);
        let t = text.render(self.lang);
        let m = tr!(self.lang, "{label}：{t}", "{label}: {t}");
        self.sheet_diag(code, rc.row, col, m, help);
        rc.errors += 1;
        rc.bad.insert(col);
    }

    fn msg_err(&mut self, rc: &mut RowCx, from: From, m: cell::Problem) {
        let help = m.help.map(|h| h.render(self.lang));
        match from {
            From::Col(c) => self.cell_err(Code::ImportCell, rc, c, m.text, help),
            From::Default(pos) => {
                let mut d = Diagnostic::new(Code::ImportCell, &self.map.display, pos, m.text.render(self.lang));
                d.help = help;
                self.diags.push(d);
                rc.errors += 1;
            }
        }
    }

    fn field(&self, name: &str) -> &'static Field {
        self.fields.iter().find(|f| f.name == name).expect("known field")
    }

    /// Reads one field of a row: `Ok(None)` when empty, `Err(())` when reported.
    fn get(&mut self, cells: &[Cell], name: &'static str, rc: &mut RowCx) -> Result<Option<Got>, ()> {
        let got = self.get_cell(cells, name, rc)?;
        match got {
            Some(mut g) if name == "unit" => {
                if let Some(u) = self.units.canonical(&g.val.text) {
                    g.val.text = u.to_string();
                }
                Ok(Some(g))
            }
            other => Ok(other),
        }
    }

    /// A date-and-time field given as a date column and a time column.
    fn get_parts(&mut self, cells: &[Cell], name: &'static str, rc: &mut RowCx) -> Result<Option<Got>, ()> {
        let Some(&(dc, tc)) = self.cols.parts.get(name) else { return Ok(None) };
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).cloned().unwrap_or(Cell::Empty);
        let (d, t) = (cell(dc), cell(tc));
        match (dc, d.is_empty(), tc, t.is_empty()) {
            (_, true, _, true) => Ok(None),
            (Some(c), false, _, true) => {
                let m = cell::date_only(&d.display());
                self.msg_err(rc, From::Col(c), m);
                Err(())
            }
            (_, true, Some(c), false) | (None, _, Some(c), false) => {
                let m = cell::time_only(&t.display());
                self.msg_err(rc, From::Col(c), m);
                Err(())
            }
            (Some(c), false, Some(tcol), false) => {
                let date = match cell::date_part(&d) {
                    Ok(x) => x,
                    Err(m) => {
                        self.msg_err(rc, From::Col(c), m);
                        return Err(());
                    }
                };
                let Some(time) = cell::time_of_day(&t) else {
                    let m = cell::Problem {
                        text: Msg::owned(
                            format!("「{}」不是有效的时间", t.display()),
                            format!("`{}` is not a valid time of day", t.display()),
                        ),
                        help: Some(Msg::new("写作 21:14 或 21:14:05", "write 21:14 or 21:14:05")),
                    };
                    self.msg_err(rc, From::Col(tcol), m);
                    return Err(());
                };
                Ok(Some(Got { name, val: Val::plain(datetime_text(date.and_time(time))), from: From::Col(c) }))
            }
            _ => Ok(None),
        }
    }

    fn get_cell(&mut self, cells: &[Cell], name: &'static str, rc: &mut RowCx) -> Result<Option<Got>, ()> {
        let f = self.field(name);
        if !self.cols.by_field.contains_key(name)
            && self.cols.parts.contains_key(name)
            && let Some(g) = self.get_parts(cells, name, rc)?
        {
            return Ok(Some(g));
        }
        if let Some(&col) = self.cols.by_field.get(name) {
            let mut c = cells.get(col).cloned().unwrap_or(Cell::Empty);
            if !c.is_empty() {
                let text = c.display();
                if let Some(to) = self.map.values.get(name).and_then(|m| m.get(&text)) {
                    c = Cell::Text(to.clone());
                } else if let Some(s) = synonym(name, &text) {
                    c = Cell::Text(s.to_string());
                }
            }
            match convert(&c, f.ty) {
                Ok(Some(val)) => return Ok(Some(Got { name, val, from: From::Col(col) })),
                Ok(None) => {}
                Err(m) => {
                    self.msg_err(rc, From::Col(col), m);
                    return Err(());
                }
            }
        }
        Ok(self.map.defaults.get(name).map(|(v, p)| Got { name, val: v.clone(), from: From::Default(*p) }))
    }

    /// Reports a required field left empty.
    fn required(&mut self, rc: &mut RowCx, name: &str) {
        if let Some(&col) = self.cols.by_field.get(name) {
            self.cell_err(Code::ImportRequired, rc, col, msg!("必填，不能为空", "required: must not be empty"), None);
        } else {
            rc.errors += 1;
        }
    }

    /// Checks a value's month against `--month`.
    fn in_month(&mut self, rc: &mut RowCx, g: &Got, m: Month) -> bool {
        if m == self.month {
            return true;
        }
        let help = Some(tr!(
            self.lang,
            "这一行属于 {m}：从表格中删去，或用 --month {m} 另行导入",
            "this row belongs to {m}: remove it, or import it with --month {m}"
        ));
        let (text, month) = (g.val.text.clone(), self.month);
        match g.from {
            From::Col(c) => self.cell_err(
                Code::ImportMonth,
                rc,
                c,
                msg!(
                    "{text} 不在 --month {month} 之内（属于 {m}）",
                    "{text} is outside --month {month} (it belongs to {m})"
                ),
                help,
            ),
            From::Default(p) => {
                let d = Diagnostic::new(
                    Code::ImportMonth,
                    &self.map.display,
                    p,
                    tr!(
                        self.lang,
                        "{text} 不在 --month {month} 之内（属于 {m}）",
                        "{text} is outside --month {month} (it belongs to {m})"
                    ),
                );
                self.diags.push(d);
                rc.errors += 1;
            }
        }
        false
    }

    /// Runs a record parser of `wuye check` on the row's values and maps its
    /// diagnostics back to the row's columns.
    fn check<T>(
        &mut self,
        rc: &mut RowCx,
        vals: &[Got],
        folder: Month,
        parse_fn: impl Fn(&Node, &mut Ctx, &Rules) -> Option<T>,
    ) -> Option<T> {
        let pairs: Vec<(&str, Val)> = vals.iter().map(|g| (yaml_key(g.name), g.val.clone())).collect();
        let lines = out::map_lines(&pairs);
        let src: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
        let node = match yaml::parse_tree(&src) {
            Ok(Some(n)) => n,
            // Nothing to check: every field of the row was empty or already reported.
            Ok(None) if rc.errors > 0 => return None,
            _ => {
                // Not reachable with the quoting in `out`; reported rather than lost.
                let col = vals.iter().find_map(|g| if let From::Col(c) = g.from { Some(c) } else { None });
                self.cell_err(
                    Code::ImportInternal,
                    rc,
                    col.unwrap_or(0),
                    msg!("内部错误：无法生成记录 {src:?}", "internal error: cannot build the record {src:?}"),
                    None,
                );
                return None;
            }
        };
        let mut diags = Diags::default();
        let rules = Rules { site: self.site, folder, file: 0 };
        let had_errors = rc.errors > 0;
        let rec = {
            let mut cx = Ctx { path: "", lang: self.lang, diags: &mut diags };
            parse_fn(&node, &mut cx, &rules)
        };
        for d in diags.list {
            let i = lines.get((d.pos.line as usize).saturating_sub(1)).map(|(_, i)| *i).unwrap_or(0);
            // A record-level problem (a missing field) after our own report of that field.
            if d.pos == Pos::START && had_errors {
                continue;
            }
            match vals.get(i).map(|g| g.from) {
                Some(From::Col(c)) => {
                    if rc.bad.contains(&c) {
                        continue;
                    }
                    let label = self.col_label(c);
                    let m = tr!(self.lang, format!("{label}：{}", d.message), format!("{label}: {}", d.message));
                    if d.severity == Severity::Error {
                        rc.errors += 1;
                        rc.bad.insert(c);
                    }
                    let key = vals.get(i).map_or("", |g| yaml_key(g.name));
                    let help = d.help.map(|h| crate::yaml::read::import_list_help(&h, key, self.lang));
                    self.sheet_diag(d.code, rc.row, c, m, help);
                }
                Some(From::Default(p)) => {
                    if d.severity == Severity::Error {
                        rc.errors += 1;
                    }
                    let dd = Diagnostic { path: self.map.display.clone(), pos: p, ..d };
                    if !self.diags.contains(&dd) {
                        self.diags.push(dd);
                    }
                }
                None => {}
            }
        }
        rec.filter(|_| rc.errors == 0)
    }
}

/// A field's key in a record snippet (`paid` and `date` are a payment's `amount` and `date`).
fn yaml_key(name: &'static str) -> &'static str {
    match name {
        "paid" => "amount",
        n => n,
    }
}

/// Built-in spellings of fixed values.
fn synonym(field: &str, text: &str) -> Option<&'static str> {
    match (field, text.trim()) {
        ("area", "室内" | "户内报事" | "业主户内" | "家庭") => Some("户内"),
        ("area", "公共区域" | "公共部位" | "公共" | "公区报事") => Some("公区"),
        _ => None,
    }
}

/// What a header cell names: `Some(Some(field))`, `Some(None)` for a column
/// the mapping file ignores, `None` for an unknown header; with its rank.
fn lookup_header(h: &str, fields: &'static [Field], map: &Mapping) -> Option<(Option<&'static str>, usize)> {
    let n = norm_header(h);
    if n.is_empty() {
        return None;
    }
    if let Some(t) = map.columns.get(&n) {
        return Some((*t, 0));
    }
    if map.parts.contains_key(&n) {
        return Some((None, 0));
    }
    fields.iter().find_map(|f| f.headers.iter().position(|x| norm_header(x) == n).map(|rank| (Some(f.name), rank + 1)))
}

/// Finds the header: the first of the top ten rows naming two known columns,
/// with the row under it (or above it) when the header takes two rows — a
/// group header such as 处理情况 over 完成时间/维修费用/审批人. Returns the
/// header text of each column and the first and last header row indices.
fn header_rows(
    rows: &[(u32, Vec<Cell>)],
    fields: &'static [Field],
    map: &Mapping,
) -> Option<(Vec<String>, usize, usize)> {
    let known = |c: &Cell| lookup_header(&c.display(), fields, map).is_some_and(|(t, _)| t.is_some());
    let hi = rows.iter().take(10).position(|(_, cells)| cells.iter().filter(|c| known(c)).count() >= 2)?;
    // Two header rows: the lower one names fields under empty or unknown
    // (group) cells of the upper one, and never a different known field.
    let pair = |top: usize, sub: usize| -> bool {
        if rows[sub].0 != rows[top].0 + 1 {
            return false;
        }
        let (t, b) = (&rows[top].1, &rows[sub].1);
        let mut under_group = 0;
        for (c, cell) in b.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            let above = t.get(c).cloned().unwrap_or(Cell::Empty);
            if above.is_empty() || !known(&above) {
                under_group += usize::from(known(cell));
            } else if norm_header(&above.display()) != norm_header(&cell.display()) {
                // A value under a field's header: a data row.
                return false;
            }
        }
        under_group >= 1
    };
    // A row above the header counts only when it names a field the header row leaves empty.
    let fills = |top: usize, sub: usize| {
        rows[top].1.iter().enumerate().any(|(c, t)| known(t) && rows[sub].1.get(c).is_none_or(Cell::is_empty))
    };
    let (top, sub) = if hi + 1 < rows.len() && pair(hi, hi + 1) {
        (hi, hi + 1)
    } else if hi > 0 && pair(hi - 1, hi) && fills(hi - 1, hi) {
        (hi - 1, hi)
    } else {
        (hi, hi)
    };
    let width = rows[top].1.len().max(rows[sub].1.len());
    let headers = (0..width)
        .map(|c| {
            let t = rows[top].1.get(c).map(Cell::display).unwrap_or_default();
            let b = if sub == top { String::new() } else { rows[sub].1.get(c).map(Cell::display).unwrap_or_default() };
            match (t.is_empty(), b.is_empty()) {
                (_, true) => t,
                (true, false) => b,
                (false, false) if lookup_header(&b, fields, map).is_some() || norm_header(&t) == norm_header(&b) => b,
                (false, false) if lookup_header(&t, fields, map).is_some() => t,
                (false, false) => format!("{t}/{b}"),
            }
        })
        .collect();
    Some((headers, top, sub))
}

/// Finds the header row(s) and assigns columns to fields.
fn resolve_columns(
    rows: &[(u32, Vec<Cell>)],
    fields: &'static [Field],
    map: &Mapping,
    file: &str,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Columns, usize)> {
    let lookup = |h: &str| lookup_header(h, fields, map);
    let Some((headers, top, hi)) = header_rows(rows, fields, map) else {
        let expect: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.headers[0]).collect();
        diags.push(
            Diagnostic::new(
                Code::ImportHeader,
                file,
                Pos::START,
                tr!(
                    lang,
                    "找不到表头行：前 10 行中没有一行含有已知的列名",
                    "no header row: none of the first 10 rows names known columns"
                ),
            )
            .with_help(tr!(
                lang,
                format!("表头应包含：{}；列名不同时用 --map 映射文件指定", expect.join("、")),
                format!("the header should include: {}; use --map for other names", expect.join(", "))
            )),
        );
        return None;
    };
    let header_row = rows[hi].0;
    let mut best: HashMap<&'static str, (usize, usize)> = HashMap::new();
    let mut notes: Vec<(usize, String, String, Code)> = Vec::new();
    let mut ignored = HashSet::new();
    let mut unmapped = Vec::new();
    let mut parts: HashMap<&'static str, DateTimeCols> = HashMap::new();
    for (col, h) in headers.iter().enumerate() {
        if h.is_empty() {
            unmapped.push(col);
            continue;
        }
        let label = tr!(
            lang,
            format!("列 {}「{h}」", column_letter(col + 1)),
            format!("column {} ({h})", column_letter(col + 1))
        );
        if let Some(&(name, part)) = map.parts.get(&norm_header(h)) {
            let e = parts.entry(name).or_default();
            match part {
                Part::Date => e.0 = Some(col),
                Part::Time => e.1 = Some(col),
            }
            continue;
        }
        match lookup(h) {
            Some((Some(name), rank)) => match best.get(name) {
                Some(&(c0, r0)) if r0 <= rank => {
                    ignored.insert(col);
                    let code = if r0 == rank { Code::ImportColumnClash } else { Code::ImportColumnIgnored };
                    let other = tr!(
                        lang,
                        format!("列 {}「{}」", column_letter(c0 + 1), headers[c0]),
                        format!("column {} ({})", column_letter(c0 + 1), headers[c0])
                    );
                    notes.push((
                        col,
                        tr!(
                            lang,
                            "{label}：和{other}都对应字段 `{name}`，这一列被忽略",
                            "{label}: {other} already gives `{name}`; this column is ignored"
                        ),
                        tr!(
                            lang,
                            "在 --map 映射文件的 columns 中指定每列对应的字段",
                            "say which column is which in the --map file's columns"
                        ),
                        code,
                    ));
                }
                Some(&(c0, _)) => {
                    ignored.insert(c0);
                    let other = tr!(
                        lang,
                        format!("列 {}「{}」", column_letter(c0 + 1), headers[c0]),
                        format!("column {} ({})", column_letter(c0 + 1), headers[c0])
                    );
                    notes.push((
                        c0,
                        tr!(
                            lang,
                            "{other}：{label}也对应字段 `{name}` 且更贴切，这一列被忽略",
                            "{other}: {label} gives `{name}` too and is preferred; this column is ignored"
                        ),
                        tr!(
                            lang,
                            "在 --map 映射文件的 columns 中指定每列对应的字段",
                            "say which column is which in the --map file's columns"
                        ),
                        Code::ImportColumnIgnored,
                    ));
                    best.insert(name, (col, rank));
                }
                None => {
                    best.insert(name, (col, rank));
                }
            },
            Some((None, _)) => {
                ignored.insert(col);
            }
            None if QUIET.contains(&norm_header(h).as_str()) => {
                ignored.insert(col);
            }
            None => unmapped.push(col),
        }
    }
    for (col, m, help, code) in notes {
        diags.push(Diagnostic::new(code, file, Pos { line: header_row, col: col as u32 + 1 }, m).with_help(help));
    }
    let by_field = best.into_iter().map(|(k, (c, _))| (k, c)).collect();
    let cols = Columns { header_row, first_header_row: rows[top].0, headers, by_field, parts, ignored, unmapped };
    Some((cols, hi))
}

/// Imports a spreadsheet into a month's records (loading the content without a cache).
pub fn run(o: &Options) -> Outcome {
    run_with(o, load::load(&Source::new(&o.content)))
}

/// Imports a spreadsheet into a month's records, given the content as loaded from `o.content`.
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

/// New records to write.
#[derive(Default)]
struct Merged {
    items: Vec<Fields>,
    bills: Vec<Fields>,
    payments: Vec<Fields>,
    present: usize,
    /// Records `--update` rewrites, and a line per record saying what changed.
    updates: Vec<update::Change>,
    changed: Vec<String>,
}

/// What the records already hold.
struct Existing {
    /// id → (file index, canonical fields, line) for tickets or complaints.
    ids: HashMap<String, (u32, Fields, u32)>,
    /// Bill key → (file index, canonical fields, line).
    bills: HashMap<String, (u32, Fields, u32)>,
    /// Payment key → (canonical fields, line), in the target file.
    payments: HashMap<String, (Fields, u32)>,
    /// Keys written in the target file by records that have errors.
    broken: HashSet<String>,
    target: Option<u32>,
}

fn bill_key(unit: &str, item: &str, period: &str) -> String {
    format!("{unit}\u{1}{item}\u{1}{period}")
}

fn pay_key(unit: &str, item: &str, period: &str, date: &str, amount: &str) -> String {
    format!("{unit}\u{1}{item}\u{1}{period}\u{1}{date}\u{1}{amount}")
}

impl Existing {
    fn new(e: &crate::records::Estate, target: Option<u32>, text: Option<&str>, kind: ImportKind) -> Existing {
        let r = &e.records;
        let mut ids = HashMap::new();
        match kind {
            ImportKind::Tickets => {
                for t in &r.tickets {
                    ids.entry(t.id.v.clone()).or_insert((t.src.file, canon_ticket(t), t.src.pos.line));
                }
            }
            ImportKind::Complaints => {
                for c in &r.complaints {
                    ids.entry(c.id.v.clone()).or_insert((c.src.file, canon_complaint(c), c.src.pos.line));
                }
            }
            ImportKind::Fees => {}
        }
        let mut bills = HashMap::new();
        for b in &r.bills {
            let key = bill_key(&b.unit.v, &b.item, &b.period.to_string());
            bills.entry(key).or_insert((b.src.file, canon_bill(b), b.src.pos.line));
        }
        let mut payments = HashMap::new();
        for p in r.payments.iter().filter(|p| Some(p.src.file) == target) {
            let key = pay_key(&p.unit.v, &p.item, &p.period.to_string(), &p.date.to_string(), &p.amount.plain());
            payments.entry(key).or_insert((canon_payment(p), p.src.pos.line));
        }
        // Records of the target file that did not load still own their keys.
        let mut broken = HashSet::new();
        if let Some(text) = text {
            let peek = |n: &Node, k: &str| -> String {
                match &n.kind {
                    Kind::Map(e) => e
                        .iter()
                        .find(|(kk, _)| kk.scalar() == Some(k))
                        .and_then(|(_, v)| v.scalar())
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default(),
                    _ => String::new(),
                }
            };
            let norm_money = |s: String| Money::parse(&s).map(Money::plain).unwrap_or(s);
            let mut section = String::new();
            let _ = yaml::stream(text, |it| match it {
                yaml::Item::SeqItem(_, n) => {
                    let id = peek(&n, "id");
                    if !id.is_empty() && !ids.contains_key(&id) {
                        broken.insert(id);
                    }
                }
                yaml::Item::SeqEntry(k, _) => section = k.scalar().unwrap_or("").to_string(),
                yaml::Item::SeqEntryItem(_, n) => {
                    let (u, i, p) = (peek(&n, "unit"), peek(&n, "item"), peek(&n, "period"));
                    if section == "bills" {
                        let key = bill_key(&u, &i, &p);
                        if !bills.contains_key(&key) {
                            broken.insert(key);
                        }
                    } else if section == "payments" {
                        let key = pay_key(&u, &i, &p, &peek(&n, "date"), &norm_money(peek(&n, "amount")));
                        if !payments.contains_key(&key) {
                            broken.insert(key);
                        }
                    }
                }
                _ => {}
            });
        }
        Existing { ids, bills, payments, broken, target }
    }
}

fn dt(t: chrono::NaiveDateTime) -> Val {
    Val::plain(datetime_text(t))
}

fn push_followup(v: &mut Fields, f: &Option<Followup>) {
    if let Some(f) = f {
        v.push(("followup.at", dt(f.at)));
        if let Some(by) = &f.by {
            v.push(("followup.by", Val::string(by.clone())));
        }
        v.push(("followup.result", Val::string(f.result.label())));
    }
}

/// A ticket as the fields import writes, in the contract's order.
fn canon_ticket(t: &Ticket) -> Fields {
    let mut v: Fields = vec![("id", Val::string(t.id.v.clone())), ("reported_at", dt(t.reported_at))];
    if let Some(e) = t.entered_at {
        v.push(("entered_at", dt(e)));
    }
    v.push(("channel", Val::string(t.channel.clone())));
    v.push(("area", Val::string(t.area.label())));
    v.push(("category", Val::string(t.category.clone())));
    if let Some(u) = &t.unit {
        v.push(("unit", Val::string(u.v.clone())));
    }
    if let Some(r) = &t.reporter {
        v.push(("reporter", Val::string(r.clone())));
    }
    if let Some(p) = &t.phone {
        v.push(("phone", Val::quoted(p.clone())));
    }
    v.push(("description", Val::string(t.description.clone())));
    v.push(("department", Val::string(t.department.clone())));
    if let Some(c) = t.completed_at {
        v.push(("completed_at", dt(c)));
    }
    if let Some(c) = t.cost {
        v.push(("cost", Val::plain(c.plain())));
    }
    if let Some(a) = &t.approved_by {
        v.push(("approved_by", Val::string(a.clone())));
    }
    push_followup(&mut v, &t.followup);
    v
}

/// A complaint as the fields import writes (`valid` only when false).
fn canon_complaint(c: &Complaint) -> Fields {
    let mut v: Fields = vec![
        ("id", Val::string(c.id.v.clone())),
        ("received_at", dt(c.received_at)),
        ("channel", Val::string(c.channel.clone())),
        ("category", Val::string(c.category.clone())),
    ];
    if let Some(u) = &c.unit {
        v.push(("unit", Val::string(u.v.clone())));
    }
    if let Some(r) = &c.complainant {
        v.push(("complainant", Val::string(r.clone())));
    }
    if let Some(p) = &c.phone {
        v.push(("phone", Val::quoted(p.clone())));
    }
    v.push(("description", Val::string(c.description.clone())));
    if !c.valid {
        v.push(("valid", Val::plain("false")));
    }
    v.push(("department", Val::string(c.department.clone())));
    if let Some(r) = c.resolved_at {
        v.push(("resolved_at", dt(r)));
    }
    push_followup(&mut v, &c.followup);
    v
}

fn canon_bill(b: &Bill) -> Fields {
    let mut v: Fields = vec![
        ("unit", Val::string(b.unit.v.to_string())),
        ("item", Val::string(b.item.to_string())),
        ("period", Val::plain(b.period.to_string())),
        ("amount", Val::plain(b.amount.plain())),
    ];
    if b.waived != Money::ZERO {
        v.push(("waived", Val::plain(b.waived.plain())));
    }
    v
}

fn canon_payment(p: &Payment) -> Fields {
    let mut v: Fields = vec![
        ("unit", Val::string(p.unit.v.to_string())),
        ("item", Val::string(p.item.to_string())),
        ("period", Val::plain(p.period.to_string())),
        ("amount", Val::plain(p.amount.plain())),
        ("date", Val::plain(p.date.to_string())),
    ];
    if let Some(m) = &p.method {
        v.push(("method", Val::string(m.to_string())));
    }
    v
}

fn value_of<'v>(f: &'v Fields, k: &str) -> Option<&'v str> {
    f.iter().find(|(n, _)| *n == k).map(|(_, v)| v.text.as_str())
}

impl Job<'_> {
    fn check_required_columns(&mut self) {
        let row = self.cols.header_row;
        let has = |j: &Job, name: &str| {
            j.cols.by_field.contains_key(name)
                || j.map.defaults.contains_key(name)
                || j.cols.parts.get(name).is_some_and(|p| p.0.is_some())
        };
        let mut missing: Vec<&'static Field> =
            self.fields.iter().filter(|f| f.required && !has(self, f.name)).collect();
        if self.kind == ImportKind::Fees {
            if !has(self, "amount") && !has(self, "paid") {
                missing.push(self.field("amount"));
            }
            if has(self, "paid") && !has(self, "date") {
                missing.push(self.field("date"));
            }
        }
        // Where the header was read, when it takes two rows.
        let (a, b) = (self.cols.first_header_row, row);
        let (pre_zh, pre_en) = if a < b {
            (format!("表头在第 {a}–{b} 行，"), format!("header in rows {a}–{b}: "))
        } else {
            (String::new(), String::new())
        };
        for f in missing {
            let names = f.headers.join("、");
            let m = tr!(
                self.lang,
                format!("{pre_zh}缺少必填列「{}」（字段 `{}`）", f.headers[0], f.name),
                format!("{pre_en}missing required column {} (field `{}`)", f.headers[0], f.name)
            );
            let help = tr!(
                self.lang,
                format!("可识别的列名：{names}；列名不同时，在 --map 映射文件的 columns 中写 `你的列名: {}`", f.name),
                format!(
                    "recognised headers: {names}; for another name add `YOUR HEADER: {}` to the --map file's columns",
                    f.name
                )
            );
            self.sheet_diag(Code::ImportColumnMissing, row, 0, m, Some(help));
        }
        // A date column mapped as `FIELD.date` needs its time column, and the other way round.
        let parts: Vec<(&'static str, DateTimeCols)> = self.cols.parts.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (d, t)) in parts {
            if self.cols.by_field.contains_key(name) {
                let c = self.cols.by_field[name];
                let m = tr!(
                    self.lang,
                    format!(
                        "{}：字段 `{name}` 已由这一列给出，又映射了 `{name}.date`/`{name}.time`",
                        self.col_label(c)
                    ),
                    format!(
                        "{}: `{name}` comes from this column and also from `{name}.date`/`{name}.time`",
                        self.col_label(c)
                    )
                );
                self.sheet_diag(Code::ImportDateTimeMap, row, c, m, None);
                continue;
            }
            let (have, lack, col) = match (d, t) {
                (Some(c), None) => ("date", "time", c),
                (None, Some(c)) => ("time", "date", c),
                _ => continue,
            };
            let m = tr!(
                self.lang,
                "{pre_zh}映射了 `{name}.{have}`，但表格中没有映射为 `{name}.{lack}` 的列（不会按 00:00 猜测）",
                "{pre_en}`{name}.{have}` is mapped but no column is mapped as `{name}.{lack}` (never guessed as midnight)"
            );
            self.sheet_diag(Code::ImportDateTimeMap, row, col, m, None);
        }
    }

    /// Tickets or complaints: one record per row, keyed by id.
    fn import_keyed(&mut self, rows: &[&Row], ex: &Existing, units: &HashSet<&str>) -> Merged {
        let mut m = Merged::default();
        let mut seen: HashMap<String, (u32, Fields)> = HashMap::new();
        let names: Vec<&'static str> = self.fields.iter().map(|f| f.name).collect();
        let cmp = self.compared(&names);
        let when = if self.kind == ImportKind::Tickets { "reported_at" } else { "received_at" };
        for (row, cells) in rows.iter().map(|r| (&r.0, &r.1)) {
            let mut rc = RowCx { row: *row, ..RowCx::default() };
            let mut vals: Vec<Got> = Vec::new();
            for f in self.fields {
                match self.get(cells, f.name, &mut rc) {
                    Ok(Some(g)) => {
                        if f.name == when {
                            let t = parse_datetime(&g.val.text).expect("converted");
                            if !self.in_month(&mut rc, &g, Month::of(t.date())) {
                                continue;
                            }
                        }
                        vals.push(g)
                    }
                    Ok(None) if f.required => self.required(&mut rc, f.name),
                    _ => {}
                }
            }
            let canon = match self.kind {
                ImportKind::Tickets => self.check(&mut rc, &vals, self.month, parse::ticket).map(|t| canon_ticket(&t)),
                _ => self.check(&mut rc, &vals, self.month, parse::complaint).map(|c| canon_complaint(&c)),
            };
            self.check_unit(&mut rc, &vals, units);
            let Some(canon) = canon.filter(|_| rc.errors == 0) else { continue };
            let id = value_of(&canon, "id").unwrap_or_default().to_string();
            let id_col = self.cols.by_field.get("id").copied().unwrap_or(0);
            if let Some((r0, f0)) = seen.get(&id) {
                if *f0 != canon {
                    let r0 = *r0;
                    self.cell_err(
                        Code::ImportDuplicateRow,
                        &mut rc,
                        id_col,
                        msg!(
                            "编号 {id} 与第 {r0} 行重复，但内容不同",
                            "id {id} repeats row {r0} with different content"
                        ),
                        None,
                    );
                }
                continue;
            }
            seen.insert(id.clone(), (*row, canon.clone()));
            if ex.broken.contains(&id) {
                self.cell_err(
                    Code::ImportExistingBroken,
                    &mut rc,
                    id_col,
                    msg!(
                        "现有文件中编号 {id} 的记录有错误，无法比较",
                        "the existing record with id {id} has errors and cannot be compared"
                    ),
                    Some(tr!(self.lang, "先运行 wuye check 修正它，再导入", "fix it first (wuye check), then import")),
                );
                continue;
            }
            match ex.ids.get(&id) {
                Some((file, old, line)) if Some(*file) == ex.target => {
                    let path = self.files_path(*file);
                    if self.update {
                        self.update_record(&mut rc, &mut m, (&id, *line), old, &canon, &cmp);
                        continue;
                    }
                    if self.conflict(
                        &mut rc,
                        (&format!("编号 {id}"), &format!("id {id}")),
                        old,
                        &canon,
                        &cmp,
                        &path,
                        *line,
                    ) {
                        continue;
                    }
                    m.present += 1;
                }
                Some((file, _, line)) => {
                    let path = self.files_path(*file);
                    self.cell_err(
                        Code::IdDuplicate,
                        &mut rc,
                        id_col,
                        msg!(
                            "编号 {id} 已在 {path} 第 {line} 行使用（编号在所有月份中必须唯一）",
                            "id {id} is already used in {path} line {line} (ids are unique across all months)"
                        ),
                        None,
                    );
                }
                None => m.items.push(canon),
            }
        }
        m
    }

    /// Reports a unit not in households.yaml.
    fn check_unit(&mut self, rc: &mut RowCx, vals: &[Got], units: &HashSet<&str>) {
        let Some(g) = vals.iter().find(|g| g.name == "unit") else { return };
        if units.is_empty() || units.contains(g.val.text.as_str()) {
            return;
        }
        // A unit equal but for formatting to several households is never
        // matched to one of them; nor is another family's unit proposed.
        let same = self.units.equal(&g.val.text);
        let hint = if same.is_empty() {
            did_you_mean(&g.val.text, units.iter().copied())
                .map(|h| tr!(self.lang, "是不是想写 `{h}`？", "did you mean `{h}`?"))
        } else {
            let list = same.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(" / ");
            Some(tr!(
                self.lang,
                "households.yaml 中有写法不同的 {list}，无法确定是哪一户：在表格中写出准确的房号",
                "households.yaml has {list}, written differently; write the exact unit in the sheet"
            ))
        };
        let unit = g.val.text.clone();
        match g.from {
            From::Col(c) => self.cell_err(
                Code::UnitUnknown,
                rc,
                c,
                msg!("房号 `{unit}` 不在 households.yaml 中", "unit `{unit}` is not in households.yaml"),
                hint,
            ),
            From::Default(p) => {
                let m =
                    tr!(self.lang, "房号 `{unit}` 不在 households.yaml 中", "unit `{unit}` is not in households.yaml");
                let d = Diagnostic::new(Code::UnitUnknown, &self.map.display, p, m);
                if !self.diags.contains(&d) {
                    self.diags.push(d);
                }
                rc.errors += 1;
            }
        }
    }

    /// Compares a row with the record already in the file; reports a conflict.
    #[allow(clippy::too_many_arguments)]
    fn conflict(
        &mut self,
        rc: &mut RowCx,
        key: (&str, &str),
        old: &Fields,
        new: &Fields,
        cmp: &[(&'static str, &'static str)],
        path: &str,
        line: u32,
    ) -> bool {
        let mut diffs = Vec::new();
        let mut first_col = None;
        for &(name, k) in cmp {
            let (a, b) = (value_of(old, k), value_of(new, k));
            if a == b {
                continue;
            }
            let col = self.cols.by_field.get(name).copied();
            first_col = first_col.or(col);
            let label = col.map(|c| self.cols.headers[c].clone()).unwrap_or_else(|| name.to_string());
            let none = tr!(self.lang, "空", "empty");
            diffs.push(tr!(
                self.lang,
                format!("{label}（现有 {}，表格 {}）", a.unwrap_or(&none), b.unwrap_or(&none)),
                format!("{label} (existing {}, sheet {})", a.unwrap_or(&none), b.unwrap_or(&none))
            ));
        }
        if diffs.is_empty() {
            return false;
        }
        let col = first_col.unwrap_or(0);
        let sep = tr!(self.lang, "；", "; ");
        self.cell_err(Code::ImportConflict, rc, col, msg!(["{} 已在 {path} 第 {line} 行，内容不同：{}", key.0, diffs.join(&sep)], ["{} is already in {path} line {line} with different content: {}", key.1, diffs.join(&sep)]), // `--update` rewrites tickets and complaints only: for fees it would be advice that fails.
            Some(if self.kind == ImportKind::Fees {
                tr!(self.lang, "核对后手工修改现有记录，或从表格中删去这一行（缴费与账单不能用 --update 更新）", "fix the existing record by hand or remove this row (--update does not apply to bills and payments)")
            } else {
                tr!(self.lang, "这是系统后来导出的新内容时，加上 --update 用表格更新这条记录（只改变化的字段）；否则核对后手工修改，或从表格中删去这一行", "if the sheet is a later export, add --update to update the record from it (only the changed fields); otherwise fix the record by hand or remove this row")
            }));
        true
    }

    /// Fees: a bill and/or a payment per row.
    fn import_fees(&mut self, rows: &[&Row], ex: &Existing, units: &HashSet<&str>) -> Merged {
        let mut m = Merged::default();
        let bill_cmp = self.compared(&["unit", "item", "period", "amount", "waived"]);
        let pay_cmp = self.compared(&["unit", "item", "period", "paid", "date", "method"]);
        let mut new_bills: HashMap<String, (u32, Fields)> = HashMap::new();
        let mut new_pays: HashMap<String, u32> = HashMap::new();
        let mut pending_pays: Vec<(u32, String, Fields, usize)> = Vec::new();
        for (row, cells) in rows.iter().map(|r| (&r.0, &r.1)) {
            let mut rc = RowCx { row: *row, ..RowCx::default() };
            let mut got: BTreeMap<&'static str, Got> = BTreeMap::new();
            for f in self.fields {
                match self.get(cells, f.name, &mut rc) {
                    Ok(Some(g)) => {
                        got.insert(f.name, g);
                    }
                    Ok(None) if f.required => self.required(&mut rc, f.name),
                    _ => {}
                }
            }
            let is_zero = |g: Option<&Got>| g.is_none_or(|g| Money::parse(&g.val.text) == Some(Money::ZERO));
            let has_bill = got.contains_key("amount") || rc.bad.contains(&self.col("amount"));
            let has_pay = !is_zero(got.get("paid")) || rc.bad.contains(&self.col("paid"));
            if !has_bill && !has_pay && rc.errors == 0 {
                let col = self.cols.by_field.get("amount").or(self.cols.by_field.get("paid")).copied().unwrap_or(0);
                self.cell_err(
                    Code::ImportNoAmount,
                    &mut rc,
                    col,
                    msg!("这一行既没有应收金额，也没有实收金额", "this row has neither a billed nor a paid amount"),
                    None,
                );
                continue;
            }
            let base: Vec<Got> = ["unit", "item", "period"].iter().filter_map(|k| got.get(k).cloned()).collect();
            let period = got.get("period").and_then(|g| Month::parse(&g.val.text));
            // The bill.
            let mut bill: Option<Fields> = None;
            if has_bill {
                let mut vals = base.clone();
                vals.extend(["amount", "waived"].iter().filter_map(|k| got.get(k).cloned()));
                let folder = period.unwrap_or(self.month);
                bill = self.check(&mut rc, &vals, folder, parse::bill).map(|b| canon_bill(&b));
            }
            // The payment.
            let mut pay: Option<Fields> = None;
            if has_pay {
                let ok = match got.get("date").cloned() {
                    Some(g) => {
                        let d = parse_date(&g.val.text).expect("converted");
                        self.in_month(&mut rc, &g, Month::of(d))
                    }
                    None if rc.bad.contains(&self.col("date")) => false,
                    None => {
                        self.required(&mut rc, "date");
                        false
                    }
                };
                if ok {
                    let mut vals = base.clone();
                    vals.extend(["paid", "date", "method"].iter().filter_map(|k| got.get(k).cloned()));
                    pay = self.check(&mut rc, &vals, self.month, parse::payment).map(|p| canon_payment(&p));
                }
            }
            let unit_vals: Vec<Got> = got.get("unit").cloned().into_iter().collect();
            self.check_unit(&mut rc, &unit_vals, units);
            if rc.errors > 0 {
                continue;
            }
            if let Some(b) = bill {
                let (u, i, p) = (
                    value_of(&b, "unit").unwrap_or(""),
                    value_of(&b, "item").unwrap_or(""),
                    value_of(&b, "period").unwrap_or(""),
                );
                let key = bill_key(u, i, p);
                let in_month = period == Some(self.month);
                let amount_col = self.col("amount");
                if let Some((r0, f0)) = new_bills.get(&key) {
                    // A bill repeated on each of its payment rows is one bill.
                    if *f0 != b {
                        let r0 = *r0;
                        let (f0, b) = (f0.clone(), b.clone());
                        self.bill_differs(&mut rc, (u, i, p), r0, &f0, &b);
                    }
                } else if ex.broken.contains(&key) {
                    self.cell_err(
                        Code::ImportExistingBroken,
                        &mut rc,
                        amount_col,
                        msg!(
                            "现有文件中账单 {u} {i} {p} 有错误，无法比较",
                            "the existing bill {u} {i} {p} has errors and cannot be compared"
                        ),
                        Some(tr!(
                            self.lang,
                            "先运行 wuye check 修正它，再导入",
                            "fix it first (wuye check), then import"
                        )),
                    );
                } else if let Some((file, old, line)) = ex.bills.get(&key) {
                    let path = self.files_path(*file);
                    let desc = (format!("账单 {u} {i} {p}"), format!("bill {u} {i} {p}"));
                    if !self.conflict(&mut rc, (&desc.0, &desc.1), old, &b, &bill_cmp, &path, *line) && in_month {
                        m.present += 1;
                    }
                    new_bills.insert(key, (*row, b));
                } else if !in_month {
                    let p = p.to_string();
                    let col = self.col("period");
                    let month = self.month;
                    self.cell_err(Code::ImportMonth, &mut rc, col, msg!("账单期间 {p} 不在 --month {month} 之内，且 records/{p}/fees.yaml 中没有这张账单", "bill period {p} is outside --month {month} and records/{p}/fees.yaml has no such bill"), Some(tr!(self.lang, "先用 --month {p} 导入这张账单；或清空这一行的应收金额，只导入缴费", "import the bill with --month {p} first, or clear this row's billed amount to import only the payment")));
                } else {
                    new_bills.insert(key, (*row, b.clone()));
                    m.bills.push(b);
                }
            }
            if let Some(p) = pay {
                let g = |k| value_of(&p, k).unwrap_or("").to_string();
                let key = pay_key(&g("unit"), &g("item"), &g("period"), &g("date"), &g("amount"));
                let paid_col = self.col("paid");
                if let Some(r0) = new_pays.get(&key) {
                    let r0 = *r0;
                    self.cell_err(
                        Code::ImportDuplicateRow,
                        &mut rc,
                        paid_col,
                        msg!(
                            "与第 {r0} 行是同一笔缴费（房号、项目、期间、日期、金额都相同）",
                            "the same payment as row {r0} (same unit, item, period, date and amount)"
                        ),
                        Some(tr!(
                            self.lang,
                            "同一天同额的两笔缴费请合并为一行",
                            "merge two equal payments on one day into one row"
                        )),
                    );
                    continue;
                }
                new_pays.insert(key.clone(), *row);
                pending_pays.push((*row, key, p, paid_col));
            }
        }
        // Payments, once every bill of the sheet is known.
        for (row, key, p, col) in pending_pays {
            let mut rc = RowCx { row, ..RowCx::default() };
            let g = |k| value_of(&p, k).unwrap_or("").to_string();
            let bkey = bill_key(&g("unit"), &g("item"), &g("period"));
            if ex.broken.contains(&key) {
                self.cell_err(
                    Code::ImportExistingBroken,
                    &mut rc,
                    col,
                    msg!(
                        "现有文件中同一笔缴费的记录有错误，无法比较",
                        "the existing record of this payment has errors and cannot be compared"
                    ),
                    Some(tr!(self.lang, "先运行 wuye check 修正它，再导入", "fix it first (wuye check), then import")),
                );
                continue;
            }
            if !new_bills.contains_key(&bkey) && !ex.bills.contains_key(&bkey) && !ex.broken.contains(&bkey) {
                let pc = self.col("period");
                self.cell_err(
                    Code::PaymentNoBill,
                    &mut rc,
                    pc,
                    msg!(
                        ["缴费对应的账单不存在：{} {} {}", g("unit"), g("item"), g("period")],
                        ["the payment names no bill: {} {} {}", g("unit"), g("item"), g("period")]
                    ),
                    Some(tr!(
                        self.lang,
                        "在同一表格中填上应收金额，或先导入该期间的账单",
                        "give the billed amount in the same sheet, or import that period's bills first"
                    )),
                );
                continue;
            }
            match ex.payments.get(&key) {
                Some((old, line)) => {
                    let path = self.files_path(ex.target.unwrap_or(0));
                    let desc = format!("{} {} {} {} {}", g("unit"), g("item"), g("period"), g("date"), g("amount"));
                    if !self.conflict(
                        &mut rc,
                        (&format!("缴费 {desc}"), &format!("payment {desc}")),
                        old,
                        &p,
                        &pay_cmp,
                        &path,
                        *line,
                    ) {
                        m.present += 1;
                    }
                }
                None => m.payments.push(p),
            }
        }
        m
    }

    /// `--update`: merges a changed row into the record already in the file,
    /// checks the result and queues the in-place rewrite (see [`update`]).
    fn update_record(
        &mut self,
        rc: &mut RowCx,
        m: &mut Merged,
        (id, line): (&str, u32),
        old: &Fields,
        sheet: &Fields,
        cmp: &[(&'static str, &'static str)],
    ) {
        let (new, diffs) = update::merge(old, sheet, cmp);
        if diffs.is_empty() {
            m.present += 1;
            return;
        }
        let id_col = self.cols.by_field.get("id").copied().unwrap_or(0);
        let problems = update::problems(&new, self.kind == ImportKind::Complaints, self.site, self.month, self.lang);
        if !problems.is_empty() {
            let p = problems.join(&tr!(self.lang, "；", "; "));
            self.cell_err(
                Code::ImportUpdateInvalid,
                rc,
                id_col,
                msg!("用这一行更新编号 {id} 后记录无效：{p}", "updating {id} from this row would make it invalid: {p}"),
                None,
            );
            return;
        }
        let none = tr!(self.lang, "空", "empty");
        let parts: Vec<String> = diffs
            .iter()
            .map(|(name, _, a, b)| {
                let label =
                    self.cols.by_field.get(name).map(|c| self.cols.headers[*c].clone()).unwrap_or(name.to_string());
                format!("{label} {} → {}", a.as_deref().unwrap_or(&none), b.as_deref().unwrap_or(&none))
            })
            .collect();
        m.changed.push(format!("{id}: {}", parts.join(&tr!(self.lang, "；", "; "))));
        m.updates.push(update::Change { id: id.to_string(), line, old: old.clone(), new });
    }

    /// Two rows give one bill with different amounts: names the column that differs.
    fn bill_differs(&mut self, rc: &mut RowCx, (u, i, p): (&str, &str, &str), r0: u32, f0: &Fields, b: &Fields) {
        let zero = Money::ZERO.plain();
        let mut diffs = Vec::new();
        let mut first = None;
        for name in ["amount", "waived"] {
            let (x, y) = (value_of(f0, name).unwrap_or(&zero), value_of(b, name).unwrap_or(&zero));
            if x == y {
                continue;
            }
            let col = self.cols.by_field.get(name).copied();
            first = first.or(col);
            let label = col.map(|c| self.cols.headers[c].clone()).unwrap_or_else(|| name.to_string());
            diffs.push((label, x.to_string(), y.to_string()));
        }
        let col = first.unwrap_or_else(|| self.col("amount"));
        let zh: Vec<String> = diffs.iter().map(|(l, x, y)| format!("{l}（第 {r0} 行 {x}，这一行 {y}）")).collect();
        let en: Vec<String> = diffs.iter().map(|(l, x, y)| format!("{l} (row {r0}: {x}, this row: {y})")).collect();
        self.cell_err(
            Code::ImportConflict,
            rc,
            col,
            msg!(
                ["账单 {u} {i} {p} 与第 {r0} 行不同：{}", zh.join("；")],
                ["bill {u} {i} {p} differs from row {r0}: {}", en.join("; ")]
            ),
            Some(tr!(
                self.lang,
                "同一账单的每一行应收金额和减免金额应相同",
                "each row of one bill must give the same billed and waived amounts"
            )),
        );
    }

    fn col(&self, name: &str) -> usize {
        self.cols.by_field.get(name).copied().unwrap_or(usize::MAX)
    }

    fn files_path(&self, file: u32) -> String {
        self.files.get(file as usize).cloned().unwrap_or_default()
    }

    /// The (field, record key) pairs a sheet gives, for comparing with an existing record.
    fn compared(&self, names: &[&'static str]) -> Vec<(&'static str, &'static str)> {
        names
            .iter()
            .filter(|n| self.cols.by_field.contains_key(*n) || self.map.defaults.contains_key(*n))
            .map(|n| (*n, yaml_key(n)))
            .collect()
    }
}
