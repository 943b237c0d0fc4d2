//! Reading a spreadsheet export into rows of cells: xlsx (and the other
//! workbook formats calamine reads) or CSV in UTF-8, UTF-16 or GB18030.
//!
//! Row and column numbers are kept as the spreadsheet shows them (1-based,
//! counting blank rows), so every message can point at the cell a clerk sees.

use crate::i18n::Msg;
use std::path::Path;

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use super::xlsx::Merge;

/// One cell as read, before any conversion to a record field.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing in the cell (or only spaces).
    Empty,
    /// Text (every CSV cell is text).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number (Excel stores most numbers as floating point).
    Float(f64),
    /// TRUE/FALSE.
    Bool(bool),
    /// An Excel date or time cell, already converted from its serial number.
    DateTime(NaiveDateTime),
    /// An Excel date cell formatted without a time of day (or a whole serial
    /// number where the format is unknown): never read as midnight.
    Date(NaiveDate),
    /// An Excel time cell without a date (a serial below 1).
    Time(NaiveTime),
    /// An Excel error value such as `#VALUE!`.
    Error(String),
    /// A formula saved without its result (the workbook was never recalculated).
    NoValue(String),
}

impl Cell {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text a person would read (numbers without exponent, dates as ISO).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => float_text(*f),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::DateTime(t) => super::cell::datetime_text(*t),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Time(t) => super::cell::time_text(*t),
            Cell::Error(e) => e.clone(),
            Cell::NoValue(f) => format!("={f}"),
        }
    }
}

/// A float as plain digits: integral values without `.0`, never an exponent.
pub fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17 { format!("{f:.0}") } else { format!("{f}") }
}

/// A sheet: its rows, each with its spreadsheet row number (1-based).
#[derive(Debug, Default)]
pub struct Sheet {
    /// Non-empty rows in order: (row number, cells by column; index 0 is column 1).
    pub rows: Vec<(u32, Vec<Cell>)>,
    /// Rows Excel hides (xlsx only).
    pub hidden: BTreeSet<u32>,
    /// Vertically merged regions whose value was copied down to the rows they cover.
    pub filled: Vec<Merge>,
}

/// Why a file could not be read at all, in both languages.
pub type ReadError = Msg<'static>;

/// Reads a workbook's sheet (`name`, or the first) or a CSV file, by extension.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, ReadError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path)
                .map_err(|e| Msg::owned(format!("无法读取文件：{e}"), format!("cannot read the file: {e}")))?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            if is_web_page(path) {
                return Err(Msg::new(
                    "这是网页文件（HTML），不是 Excel 表格：请用 Excel 打开它，另存为 .xlsx 后再导入",
                    "this is a web page (HTML), not a workbook: open it in Excel and save it as .xlsx, then import that",
                ));
            }
            read_workbook(path, sheet)
        }
        _ => Err(Msg::owned(
            format!("不支持的文件类型 `.{ext}`：请导出为 .xlsx 或 .csv"),
            format!("unsupported file type `.{ext}`: export as .xlsx or .csv"),
        )),
    }
}

/// Whether a "workbook" is really an HTML page, as many web systems export
/// under an `.xls` name (Excel opens it with a warning; calamine cannot).
fn is_web_page(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 1024];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else { return false };
    let head = String::from_utf8_lossy(&head[..n]).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && ["<html", "<!doctype html", "<table", "<meta", "<head"].iter().any(|m| t.contains(m))
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Sheet, ReadError> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| Msg::owned(format!("无法打开表格文件：{e}"), format!("cannot open the workbook: {e}")))?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            Msg::owned(
                format!("表格中没有名为「{s}」的工作表（有：{}）", names.join("、")),
                format!("the workbook has no sheet named `{s}` (it has: {})", names.join(", ")),
            )
        })?,
        None => names.first().cloned().ok_or_else(|| Msg::new("表格中没有工作表", "the workbook has no sheets"))?,
    };
    let range = wb.worksheet_range(&name).map_err(|e| {
        Msg::owned(format!("无法读取工作表「{name}」：{e}"), format!("cannot read sheet `{name}`: {e}"))
    })?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    // Number formats decide whether a date cell carries a time (xlsx only).
    // Only a whole serial (a date, or exactly midnight) needs its format to
    // tell which; reading the styles is a second pass over the sheet.
    let has_dates = range.used_cells().any(|(_, _, d)| matches!(d, Data::DateTime(t) if t.as_f64().fract() == 0.0));
    let styles = match &mut wb {
        calamine::Sheets::Xlsx(x) if has_dates => x.worksheet_style(&name).ok(),
        _ => None,
    };
    let extras = match &wb {
        calamine::Sheets::Xlsx(_) => super::xlsx::read(path, &name).unwrap_or_default(),
        _ => Default::default(),
    };
    let mut grid: std::collections::BTreeMap<u32, Vec<Cell>> = std::collections::BTreeMap::new();
    for (i, row) in range.rows().enumerate() {
        let r = r0 + i as u32;
        let mut cells = vec![Cell::Empty; c0 as usize];
        for (j, d) in row.iter().enumerate() {
            let fmt = styles
                .as_ref()
                .and_then(|s| s.get((r, c0 + j as u32)))
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.as_str());
            cells.push(match d {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => Cell::Int(*i),
                Data::Float(f) => Cell::Float(*f),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(t) if t.is_datetime() || (0.0..1.0).contains(&t.as_f64()) => excel_cell(t, fmt),
                Data::DateTime(t) => Cell::Float(t.as_f64()),
                Data::DateTimeIso(s) if !s.contains('T') => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                    Ok(d) => Cell::Date(d),
                    Err(_) => Cell::Text(s.clone()),
                },
                Data::DateTimeIso(s) => match iso_datetime(s) {
                    Some(dt) => Cell::DateTime(dt),
                    None => Cell::Text(s.clone()),
                },
                Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => Cell::Error(format!("{e}")),
            });
        }
        grid.insert(r + 1, cells);
    }
    for &(r, c, ref f) in &extras.no_value {
        let cells = grid.entry(r).or_default();
        if cells.len() <= c {
            cells.resize(c + 1, Cell::Empty);
        }
        if cells[c].is_empty() {
            cells[c] = Cell::NoValue(f.clone());
        }
    }
    let mut out = Sheet { hidden: extras.hidden, ..Sheet::default() };
    out.rows = grid.into_iter().filter(|(_, cells)| !cells.iter().all(Cell::is_empty)).collect();
    out.filled = fill_merges(&mut out.rows, &extras.merges);
    Ok(out)
}

/// Copies the value of each vertically merged region to every row it covers
/// (Excel shows it on each of them; the file stores it only in the first).
/// Returns the regions that filled a cell.
fn fill_merges(rows: &mut [(u32, Vec<Cell>)], merges: &[Merge]) -> Vec<Merge> {
    let mut filled = Vec::new();
    for m in merges.iter().filter(|m| m.rows.1 > m.rows.0) {
        let c = m.cols.0;
        let Ok(top) = rows.binary_search_by_key(&m.rows.0, |r| r.0) else { continue };
        let Some(v) = rows[top].1.get(c).cloned().filter(|v| !v.is_empty()) else { continue };
        let mut any = false;
        for (r, cells) in rows.iter_mut().skip(top + 1) {
            if *r > m.rows.1 {
                break;
            }
            if cells.len() <= c {
                cells.resize(c + 1, Cell::Empty);
            }
            if cells[c].is_empty() {
                cells[c] = v.clone();
                any = true;
            }
        }
        if any {
            filled.push(*m);
        }
    }
    filled
}

/// A date cell as its number format shows it: with a time, a date only, or a
/// time only. Without a known format, a whole serial is a date only.
fn excel_cell(t: &calamine::ExcelDateTime, fmt: Option<&str>) -> Cell {
    let v = t.as_f64();
    if (0.0..1.0).contains(&v) {
        let secs = (v * 86_400.0).round() as u32;
        return NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
            .map(Cell::Time)
            .unwrap_or(Cell::Float(v));
    }
    let Some(dt) = excel_datetime(t) else { return Cell::Float(v) };
    // A time of day in the value is kept (the styles are read only when some
    // serial is whole); a whole serial is a date unless its format shows hours.
    let date_only = v.fract() == 0.0 && !fmt.is_some_and(format_shows_time);
    if date_only { Cell::Date(dt.date()) } else { Cell::DateTime(dt) }
}

/// Whether a number format shows hours (`h`), outside quoted text and `[…]` parts.
fn format_shows_time(f: &str) -> bool {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in f.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'h' | 'H' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// An Excel serial date-time, rounded to the second (Excel keeps milliseconds;
/// `21:14` is often stored as 21:13:59.999…).
fn excel_datetime(t: &calamine::ExcelDateTime) -> Option<NaiveDateTime> {
    let v = t.as_f64();
    if !v.is_finite() || !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let (y, mo, d, h, mi, s, ms) = t.to_ymd_hms_milli();
    let base = NaiveDate::from_ymd_opt(y.into(), mo.into(), d.into())?.and_hms_opt(h.into(), mi.into(), s.into())?;
    Some(if ms >= 500 { base + chrono::Duration::seconds(1) } else { base })
}

/// `2026-10-03T21:14:00` (ODS cells), with or without seconds or fraction.
fn iso_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.split('.').next().unwrap_or(s);
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// Decodes CSV bytes: UTF-8 (BOM stripped), UTF-16 with a BOM, else GB18030
/// (what Chinese Excel writes for "CSV (逗号分隔)").
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest).map(str::to_string).map_err(|_| {
            Msg::new("文件以 UTF-8 标记开头，但内容不是 UTF-8", "the file starts with a UTF-8 BOM but is not UTF-8")
        });
    }
    for (bom, enc) in [([0xFF, 0xFE], encoding_rs::UTF_16LE), ([0xFE, 0xFF], encoding_rs::UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            return enc
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|c| c.into_owned())
                .ok_or_else(|| Msg::new("文件不是有效的 UTF-16 文本", "the file is not valid UTF-16 text"));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|c| c.into_owned()).ok_or_else(
        || {
            Msg::new(
                "文件既不是 UTF-8 也不是 GB18030/GBK 编码：请在 Excel 中另存为「CSV UTF-8」或 .xlsx",
                "the file is neither UTF-8 nor GB18030/GBK: save it from Excel as \"CSV UTF-8\" or .xlsx",
            )
        },
    )
}

/// Reads CSV text: comma-separated, or tab-separated when the first line has more tabs than commas.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let text = decode(bytes)?;
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(text.as_bytes());
    let mut out = Sheet::default();
    // The reader skips blank lines and counts lines its own way; rows are
    // counted here instead: line breaks before the record, less those inside
    // quoted cells (Excel shows a cell's line breaks within one row).
    let bytes = text.as_bytes();
    let (mut seen, mut breaks, mut inner) = (0usize, 0u64, 0u64);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Msg::owned(format!("CSV 格式错误：{e}"), format!("malformed CSV: {e}")))?;
        let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(0).min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
            start += 1;
        }
        if start > seen {
            breaks += bytes[seen..start].iter().filter(|&&b| b == b'\n').count() as u64;
            seen = start;
        }
        let row = (breaks - inner.min(breaks) + 1) as u32;
        let cells: Vec<Cell> =
            rec.iter().map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.into()) }).collect();
        inner += rec.iter().map(|s| s.matches('\n').count() as u64).sum::<u64>();
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        out.rows.push((row, cells));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_numbered_as_excel_shows_them() {
        let s = read_csv("a,b\n\n1,\"x\ny\"\n2,z\r\n\r\n3,w\n".as_bytes()).unwrap();
        let rows: Vec<u32> = s.rows.iter().map(|r| r.0).collect();
        assert_eq!(rows, vec![1, 3, 4, 6]);
        assert_eq!(s.rows[1].1[1], Cell::Text("x\ny".into()));
    }

    #[test]
    fn csv_encodings() {
        let (gb, _, _) = encoding_rs::GB18030.encode("房号,金额\n3-2-1502,286\n");
        let s = read_csv(&gb).unwrap();
        assert_eq!(s.rows[0].1[0], Cell::Text("房号".into()));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("房号\tx\n".as_bytes());
        let s = read_csv(&bom).unwrap();
        assert_eq!(s.rows[0].1, vec![Cell::Text("房号".into()), Cell::Text("x".into())]);
    }

    #[test]
    fn floats_print_without_exponent() {
        assert_eq!(float_text(13812345678.0), "13812345678");
        assert_eq!(float_text(286.5), "286.5");
    }
}
