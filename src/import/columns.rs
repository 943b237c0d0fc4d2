//! Finding the header row and which column holds which field.

use super::*;

/// Header text as matched: no spaces, no `*` marker, no unit in brackets.
pub(super) fn norm_header(h: &str) -> String {
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

/// Where a field's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum From {
    /// A sheet column (0-based).
    Col(usize),
    /// The mapping file's `defaults:`.
    Default(Pos),
}

/// One field value of a row.
#[derive(Clone, Debug)]
pub(super) struct Got {
    pub(super) name: &'static str,
    pub(super) val: Val,
    pub(super) from: From,
}

/// The date column and the time column of a field given in two columns.
pub(super) type DateTimeCols = (Option<usize>, Option<usize>);

/// The sheet's columns, resolved.
pub(super) struct Columns {
    /// The (last) header row; data starts under it.
    pub(super) header_row: u32,
    /// The first header row (the same unless the header takes two rows).
    pub(super) first_header_row: u32,
    /// Date-and-time fields given as a date column and a time column.
    pub(super) parts: HashMap<&'static str, DateTimeCols>,
    /// Columns left out on purpose (`~` in the mapping file, 序号, a duplicate).
    pub(super) ignored: HashSet<usize>,
    /// Columns that name no field (checked for values once the rows are known).
    pub(super) unmapped: Vec<usize>,
    /// Header text per column (0-based), as written.
    pub(super) headers: Vec<String>,
    /// Field → column (0-based).
    pub(super) by_field: HashMap<&'static str, usize>,
}

/// What a header cell names: `Some(Some(field))`, `Some(None)` for a column
/// the mapping file ignores, `None` for an unknown header; with its rank.
pub(super) fn lookup_header(h: &str, fields: &'static [Field], map: &Mapping) -> Option<(Option<&'static str>, usize)> {
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
pub(super) fn header_rows(
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

/// Finds the header row(s) and assigns columns to fields (one pass over the
/// headers with every rule in order, so it reads top to bottom as the
/// rules in docs/import.md do).
pub(super) fn resolve_columns(
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
