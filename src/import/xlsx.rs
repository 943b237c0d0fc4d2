//! What an xlsx sheet says beyond its cell values, read from the sheet's XML
//! in the workbook's zip: hidden rows, merged regions and formulas saved
//! without their result. calamine reads values (and merged regions) but not a
//! row's `hidden` attribute, and shows a formula with no saved result as an
//! empty cell, which would drop a payment without a word.

use std::collections::BTreeSet;
use std::io::{Read, Seek};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A merged region, 1-based rows and 0-based columns (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    /// First and last row.
    pub rows: (u32, u32),
    /// First and last column.
    pub cols: (usize, usize),
}

/// The extras of one sheet.
#[derive(Debug, Default)]
pub struct Extras {
    /// Rows (1-based) Excel hides.
    pub hidden: BTreeSet<u32>,
    /// Merged regions.
    pub merges: Vec<Merge>,
    /// Formula cells without a saved result: (row 1-based, column 0-based, formula).
    pub no_value: Vec<(u32, usize, String)>,
}

/// Reads the extras of sheet `name` of an xlsx file; `None` when the file is
/// not a readable xlsx zip (calamine then reports what is wrong).
pub fn read(path: &Path, name: &str) -> Option<Extras> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let part = sheet_part(&mut zip, name)?;
    let mut xml = Vec::new();
    zip.by_name(&part).ok()?.read_to_end(&mut xml).ok()?;
    // Most sheets have none of these: one quick search instead of a parse.
    let marks = aho_corasick::AhoCorasick::new(["hidden=", "<f", "mergeCell"]).ok()?;
    if !marks.is_match(&xml) {
        return Some(Extras::default());
    }
    scan_sheet(&xml[..])
}

/// A cell's `r` attribute as written (cell references need no unescaping).
fn raw_ref(e: &BytesStart, out: &mut String) {
    out.clear();
    if let Some(a) = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "r") {
        out.push_str(&a.value);
    }
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref().as_bytes() == key).map(|a| {
        let raw: &str = &a.value;
        quick_xml::escape::unescape(raw).map(|v| v.into_owned()).unwrap_or_else(|_| raw.to_string())
    })
}

fn read_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
    Some(s)
}

/// The zip path of the sheet named `name`: workbook.xml gives its relation
/// id, the workbook's relations give the part.
fn sheet_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let wb = read_part(zip, "xl/workbook.xml")?;
    let mut rd = Reader::from_str(&wb);
    let mut rid = None;
    loop {
        match rd.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "sheet" && attr(&e, b"name").as_deref() == Some(name) =>
            {
                rid = attr(&e, b"id");
                break;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let rid = rid?;
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels")?;
    let mut rd = Reader::from_str(&rels);
    loop {
        match rd.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Relationship" && attr(&e, b"Id").as_deref() == Some(&rid) =>
            {
                let target = attr(&e, b"Target")?;
                return Some(match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("xl/{target}"),
                });
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// `B12` → (12, 1).
pub fn cell_ref(s: &str) -> Option<(u32, usize)> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0usize, |n, b| n.saturating_mul(26).saturating_add((b.to_ascii_uppercase() - b'A') as usize + 1));
    // Excel's limits (XFD, row 1048576): a corrupt reference allocates nothing.
    let row: u32 = digits.parse().ok()?;
    let col = col.checked_sub(1)?;
    ((1..=1_048_576).contains(&row) && col < 16_384).then_some((row, col))
}

fn scan_sheet(src: impl std::io::BufRead) -> Option<Extras> {
    let mut rd = Reader::from_reader(src);
    let mut out = Extras::default();
    let mut buf = Vec::new();
    // The cell being read: its position, its formula, whether it has a value.
    let mut cell: Option<(u32, usize)> = None;
    let (mut formula, mut has_value, mut in_f) = (None::<String>, false, false);
    let (mut row_no, mut col_next) = (0u32, 0usize);
    let mut cell_r = String::new();
    loop {
        let ev = rd.read_event_into(&mut buf).ok()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "row" => {
                        row_no = attr(e, b"r").and_then(|r| r.parse().ok()).unwrap_or(row_no.saturating_add(1));
                        col_next = 0;
                        // Past Excel's last row (a corrupt file): nothing of it is taken.
                        if row_no <= 1_048_576 && matches!(attr(e, b"hidden").as_deref(), Some("1" | "true")) {
                            out.hidden.insert(row_no);
                        }
                    }
                    "c" => {
                        // Where the cell is matters only for a formula: keep its reference text.
                        // `r` is optional: without it a cell is the one after the previous.
                        raw_ref(e, &mut cell_r);
                        let at = if cell_r.is_empty() { Some((row_no, col_next)) } else { cell_ref(&cell_r) };
                        col_next = at.map_or(col_next, |a| a.1) + 1;
                        cell = at.filter(|a| !empty && (1..=1_048_576).contains(&a.0) && a.1 < 16_384);
                        formula = None;
                        has_value = false;
                    }
                    "f" => {
                        formula = Some(String::new());
                        in_f = !empty;
                    }
                    // `<v></v>` is a saved empty result (`=IF(…,"",…)`); no `<v>` at all is none.
                    "v" | "is" => has_value = true,
                    "mergeCell" => {
                        if let Some((a, b)) = attr(e, b"ref").as_deref().and_then(|r| r.split_once(':'))
                            && let (Some(a), Some(b)) = (cell_ref(a), cell_ref(b))
                        {
                            out.merges.push(Merge { rows: (a.0, b.0), cols: (a.1, b.1) });
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_f => {
                if let Some(f) = formula.as_mut() {
                    f.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "f" => in_f = false,
                "c" => {
                    if let (Some(at), Some(f)) = (cell.take(), formula.take())
                        && !has_value
                    {
                        out.no_value.push((at.0, at.1, f));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_rows() {
        assert_eq!(cell_ref("A1"), Some((1, 0)));
        assert_eq!(cell_ref("AB12"), Some((12, 27)));
        assert_eq!(cell_ref("12"), None);
        assert_eq!(cell_ref("ZZZZZZZZ1"), None);
        assert_eq!(cell_ref("A0"), None);
        let xml = r#"<worksheet><sheetData><row r="2" hidden="1"><c r="A2"><f>SUM(B1:B2)</f></c><c r="B2"><f>1+1</f><v>2</v></c><c r="C2" t="str"><f>"x"</f><v></v></c><c r="D2"><f>C2</f></c></row></sheetData><mergeCells><mergeCell ref="H3:H5"/></mergeCells></worksheet>"#;
        let x = scan_sheet(xml.as_bytes()).unwrap();
        assert_eq!(x.hidden.into_iter().collect::<Vec<_>>(), vec![2]);
        assert_eq!(x.no_value, vec![(2, 0, "SUM(B1:B2)".to_string()), (2, 3, "C2".to_string())]);
        assert_eq!(x.merges, vec![Merge { rows: (3, 5), cols: (7, 7) }]);
    }
}
