//! Keyboard slips behind YAML syntax errors, told in the clerk's words.
//!
//! The parser says "simple key expected ':'"; a clerk typing with a Chinese
//! input method needs "全角冒号：改成 `channel: 微信`". When the parser stops,
//! the lines of the record around the stop are scanned for the slips a
//! Chinese keyboard makes (full-width colon or space, no space after `:`, a
//! tab, an unclosed quote, a record line without `- `, a `: ` inside a value,
//! a key out of line with its record's keys), and the error points at the
//! offending character with the line to paste.

use crate::diag::Pos;
use crate::i18n::Msg;

/// A recognised slip: what it is and the corrected line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    /// The offending character.
    pub pos: Pos,
    /// Which slip.
    pub kind: SlipKind,
    /// The whole line as it should be typed (indentation kept).
    pub fixed: String,
}

/// The slips recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlipKind {
    /// `channel： 微信`.
    FullWidthColon,
    /// `channel:电话`.
    NoSpaceAfterColon,
    /// A tab in indentation.
    Tab,
    /// A full-width space (U+3000) in indentation or after a colon.
    FullWidthSpace,
    /// `channel: "电话` with no closing quote.
    UnclosedQuote,
    /// A record line at the record's indentation without `- ` (`-id: x`, `id: x`, `－ id: x`).
    NotAListItem,
    /// `description: 楼上: 漏水`: a `: ` inside an unquoted value.
    ColonInValue,
    /// `   department: 工程部` under `  description: 漏水`: a key indented
    /// further than the one above, which YAML reads as more of that value.
    OverIndented,
    /// `department: 工程部` (or ` department: 工程部`) inside a record whose
    /// keys are indented by two: a key left of its record's keys.
    UnderIndented,
    /// `   by: 客服 李敏` under `    at: 2026-10-04 16:00`, inside `followup:`:
    /// a key of a nested map left of the key above it, but right of the key
    /// that opened the map.
    NestedUnderIndented,
    /// `  at: 2026-10-04 16:00` under an empty `  followup:`: a key of that
    /// map at the map's own column, so YAML reads it as the record's.
    OutsideItsMap,
}

impl Slip {
    /// The message and the help (the corrected line), in both languages.
    pub fn describe(&self) -> (Msg<'static>, Msg<'static>) {
        let f = self.fixed.trim_start();
        let spaces = self.fixed.len() - f.len();
        // For a slip in the indentation the help says how many spaces, which the pasted text (trimmed) cannot show.
        let fix = match self.kind {
            SlipKind::Tab => Msg::owned(
                format!("行首用 {spaces} 个空格代替 Tab，写：{f}"),
                format!("indent it by {spaces} spaces instead of the tab: {f}"),
            ),
            SlipKind::OverIndented | SlipKind::UnderIndented | SlipKind::NestedUnderIndented => Msg::owned(
                format!("行首留 {spaces} 个空格，和上一行的字段对齐，写：{f}"),
                format!("indent it by {spaces} spaces, like the key above: {f}"),
            ),
            SlipKind::OutsideItsMap => Msg::owned(
                format!("行首留 {spaces} 个空格，写在 followup 下面：{f}"),
                format!("indent it by {spaces} spaces, under followup: {f}"),
            ),
            _ => Msg::owned(format!("改成：{f}"), format!("write: {f}")),
        };
        let msg = match self.kind {
            SlipKind::FullWidthColon => {
                ("用了全角冒号 `：`，YAML 只认半角冒号加空格 `: `", "full-width colon `：`: YAML needs `: `")
            }
            SlipKind::NoSpaceAfterColon => {
                ("冒号后面少了空格：字段名和值之间要写 `: `", "no space after `:`: write `key: value`")
            }
            SlipKind::Tab => (
                "缩进里有 Tab：YAML 不能用 Tab 缩进，只能用空格",
                "a tab in indentation: YAML indents with spaces only",
            ),
            SlipKind::FullWidthSpace => {
                ("这里有一个全角空格 `　`：YAML 只认半角空格", "a full-width space here: YAML needs ASCII spaces")
            }
            SlipKind::UnclosedQuote => (
                "引号没有闭合：值以引号开头就要以同样的引号结尾",
                "unclosed quote: a value that opens a quote must close it",
            ),
            SlipKind::NotAListItem => {
                ("新记录要以 `- `（减号加空格）开头", "a new record must start with `- ` (a hyphen and a space)")
            }
            SlipKind::ColonInValue => ("值里有 `: `：整段值要加引号", "a `: ` inside a value: quote the whole value"),
            SlipKind::OverIndented => (
                "这一行比上一行多缩进了：同一条记录的字段要左边对齐",
                "this key is indented further than the one above: a record's keys line up",
            ),
            SlipKind::UnderIndented => (
                "这一行比这条记录的其他字段少缩进了：同一条记录的字段要左边对齐",
                "this key is indented less than its record's other keys: a record's keys line up",
            ),
            SlipKind::OutsideItsMap => (
                "这个字段属于上面的 followup，要比 followup 多缩进，现在写在了记录这一层",
                "this key belongs to the followup above and must be indented further than followup; here it is a key of the record",
            ),
            SlipKind::NestedUnderIndented => (
                "这一行比上一行少缩进了：同一组字段（例如 followup 下面的）要左边对齐",
                "this key is indented less than the one above: the keys of one map (such as those under followup) line up",
            ),
        };
        (Msg::new(msg.0, msg.1), fix)
    }
}

/// The indentation of a line in characters, and whether it is blank or a comment.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The slip on one line, if any. `record_indent` is the column (0-based) of
/// the records' `- `; `top_keys` whether the file's top level is a map.
pub fn on_line(line: &str, line_no: usize, record_indent: Option<usize>, top_keys: bool) -> Option<Slip> {
    let at = |byte: usize| Pos::new(line_no, line[..byte].chars().count() + 1);
    let slip = |byte: usize, kind, fixed: String| Some(Slip { pos: at(byte), kind, fixed });
    // Tabs and full-width spaces in the indentation.
    let lead = line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len();
    if let Some(i) = line[..lead].find('\t') {
        let fixed = format!("{}{}", line[..lead].replace('\t', "  ").replace('\u{3000}', " "), &line[lead..]);
        return slip(i, SlipKind::Tab, fixed);
    }
    if let Some(i) = line[..lead].find('\u{3000}') {
        let fixed = format!("{}{}", line[..lead].replace('\u{3000}', " "), &line[lead..]);
        return slip(i, SlipKind::FullWidthSpace, fixed);
    }
    let body = &line[lead..];
    if body.is_empty() || body.starts_with('#') {
        return None;
    }
    let ind = &line[..lead];
    // A record line without `- `.
    let (dash, rest, rest_at) = if let Some(r) = body.strip_prefix("- ") {
        ("- ", r.trim_start_matches(' '), lead + 2 + (r.len() - r.trim_start_matches(' ').len()))
    } else {
        ("", body, lead)
    };
    if dash.is_empty() && record_indent.is_some_and(|ri| lead <= ri) && !(top_keys && lead == 0) {
        let stripped = body.trim_start_matches(['-', '－', '—', '–', '一']).trim_start();
        return slip(lead, SlipKind::NotAListItem, format!("{ind}- {stripped}"));
    }
    // `key：`, `key:value`, `key:\tvalue`, `key:　value`.
    let key_len = rest.find(|c: char| !is_key_char(c)).unwrap_or(rest.len());
    if key_len > 0 {
        let after = &rest[key_len..];
        let colon = rest_at + key_len;
        let pre = &line[..rest_at];
        let key = &rest[..key_len];
        if let Some(v) = after.strip_prefix('：').or_else(|| after.trim_start_matches(' ').strip_prefix('：')) {
            let c = colon + (after.len() - after.trim_start_matches(' ').len());
            let v = v.trim_start_matches([' ', '\u{3000}']);
            return slip(c, SlipKind::FullWidthColon, format!("{pre}{key}: {v}"));
        }
        if let Some(v) = after.strip_prefix(':') {
            if let Some(t) = v.strip_prefix('\u{3000}') {
                let t = t.trim_start_matches(['\u{3000}', ' ']);
                return slip(colon + 1, SlipKind::FullWidthSpace, format!("{pre}{key}: {t}"));
            }
            // (A tab after the colon is allowed YAML.)
            if !v.is_empty() && !v.starts_with([' ', '\t']) {
                return slip(colon, SlipKind::NoSpaceAfterColon, format!("{pre}{key}: {v}"));
            }
            let val = v.trim_start_matches(' ');
            let val_at = colon + 1 + (v.len() - val.len());
            if let Some(q) = val.chars().next().filter(|c| *c == '"' || *c == '\'') {
                if !closes(&val[1..], q) {
                    let fixed = format!("{pre}{key}: {}{q}", val.trim_end());
                    return slip(val_at, SlipKind::UnclosedQuote, fixed);
                }
                return None;
            }
            if !val.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
                let plain = val.split(" #").next().unwrap_or(val);
                if let Some(i) = plain.find(": ").or_else(|| plain.ends_with(':').then(|| plain.len() - 1)) {
                    let quoted = plain.trim_end().replace('"', "\\\"");
                    return slip(val_at + i, SlipKind::ColonInValue, format!("{pre}{key}: \"{quoted}\""));
                }
            }
        }
    }
    None
}

/// The column of a line's key, the key and its value, if it is `key: value`
/// or `key:` (after an optional `- `).
fn key_value(l: &str) -> Option<(usize, &str, &str)> {
    let at = indent(l);
    let at = if l[at..].starts_with("- ") { at + 2 + indent(&l[at + 2..]) } else { at };
    let body = &l[at..];
    let key = body.find(|c: char| !is_key_char(c)).unwrap_or(body.len());
    let after = &body[key..];
    if key == 0 || !after.starts_with(':') {
        return None;
    }
    Some((at, &body[..key], after[1..].trim_start_matches(' ')))
}

/// Whether a quoted scalar opened with `q` closes on this line.
fn closes(rest: &str, q: char) -> bool {
    let mut esc = false;
    for c in rest.chars() {
        if q == '"' && esc {
            esc = false;
            continue;
        }
        if q == '"' && c == '\\' {
            esc = true;
            continue;
        }
        if c == q {
            return true;
        }
    }
    false
}

/// The shape of a record file, read from its lines: where records start.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Byte offset of each line's start.
    pub starts: Vec<usize>,
    /// The column of the records' `- ` (the first list item's).
    pub record_indent: Option<usize>,
    /// The first record's first line: the column of its key, and the key
    /// (`id` in tickets.yaml), which a record line without `- ` repeats.
    pub first_key: Option<(usize, String)>,
    /// Whether the top level is a map (fees.yaml: `bills:` / `payments:`).
    pub top_keys: bool,
}

impl Layout {
    /// Reads the layout of `src`.
    pub fn of(src: &str) -> Layout {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        let mut record_indent = None;
        let mut first_key = None;
        let mut top_keys = false;
        for line in src.lines() {
            let t = line.trim_start_matches(' ');
            if t.is_empty() || t.starts_with('#') || t == "---" {
                continue;
            }
            if t.starts_with("- ") || t == "-" {
                record_indent = Some(indent(line));
                first_key = key_value(line).map(|(col, key, _)| (col, key.to_string()));
                break;
            }
            if indent(line) == 0 {
                top_keys = true;
            }
        }
        Layout { starts, record_indent, first_key, top_keys }
    }

    /// Line `n` (1-based), without its newline.
    pub fn line<'s>(&self, src: &'s str, n: usize) -> &'s str {
        let Some(&s) = self.starts.get(n.wrapping_sub(1)) else { return "" };
        let e = self.starts.get(n).copied().unwrap_or(src.len());
        src[s..e].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Whether line `n` starts a record (`- ` at the record indentation).
    pub fn is_record_start(&self, src: &str, n: usize) -> bool {
        let l = self.line(src, n);
        self.record_indent.is_some_and(|ri| indent(l) == ri && (l[ri..].starts_with("- ") || &l[ri..] == "-"))
    }

    /// Whether line `n` is at the records' column (or left of it): a record
    /// start, a top-level key, or a record start mistyped (`-id: x`).
    pub fn is_boundary(&self, src: &str, n: usize) -> bool {
        // A line indented with a tab or a full-width space continues its record.
        let l = self.line(src, n);
        let t = l.trim_start_matches(' ');
        let starts = t.chars().next().is_some_and(|c| !c.is_whitespace() && c != '#');
        starts && self.record_indent.is_some_and(|ri| indent(l) <= ri) || self.is_top_key(src, n)
    }

    /// Whether line `n` is a top-level key of a map file (`payments:`).
    pub fn is_top_key(&self, src: &str, n: usize) -> bool {
        let l = self.line(src, n);
        self.top_keys && !l.is_empty() && !l.starts_with([' ', '#', '-']) && l.contains(':')
    }

    /// The slip nearest the parser's stop at `err_line`: on that line first
    /// (a slip within it, or the line out of line with its record's keys),
    /// then earlier lines of the same record, then the next two lines.
    pub fn find_slip(&self, src: &str, from: usize, err_line: usize) -> Option<Slip> {
        let look = |n: usize| on_line(self.line(src, n), n, self.record_indent, self.top_keys);
        let last = self.lines().min(err_line + 2);
        let in_file = |n: &usize| *n >= 1 && *n <= self.lines();
        let on_err_line = std::iter::once(err_line).filter(in_file).find_map(look);
        // A line left of the records' keys reads as a record without `- `,
        // unless it is not the key records start with and the line above is in a record.
        if let Some(under) = self.under_indented(src, err_line)
            && on_err_line.as_ref().is_none_or(|s| s.kind == SlipKind::NotAListItem)
        {
            return Some(under);
        }
        on_err_line
            .or_else(|| self.over_indented(src, err_line))
            .or_else(|| self.nested_under_indented(src, err_line))
            .or_else(|| (from..err_line).rev().chain(err_line + 1..=last).filter(in_file).find_map(look))
    }

    /// The last line before `n` that is neither blank nor a comment.
    fn line_above(&self, src: &str, n: usize) -> Option<usize> {
        (1..n).rev().find(|&k| {
            let t = self.line(src, k).trim_start_matches(' ');
            !t.is_empty() && !t.starts_with('#')
        })
    }

    /// Line `n` as `key: value` left of its record's keys (the first
    /// record's key column), right after a line of a record, and not the key
    /// records start with: a key of that record that lost its indentation,
    /// fixed by lining it up.
    fn under_indented(&self, src: &str, n: usize) -> Option<Slip> {
        let (key_col, first) = self.first_key.as_ref()?;
        let record_indent = self.record_indent?;
        let line = self.line(src, n);
        let (col, key, _) = key_value(line)?;
        let above = self.line_above(src, n)?;
        let in_record = self.is_record_start(src, above) || indent(self.line(src, above)) > record_indent;
        let list_item = line.trim_start_matches(' ').starts_with("- ");
        if col >= *key_col || key == first || list_item || !in_record || self.is_top_key(src, n) {
            return None;
        }
        Some(realigned(n, line, col, *key_col, SlipKind::UnderIndented))
    }

    /// Line `n` as `key: value` left of the `key: value` line above it but
    /// right of the key that opened their map (`followup:`): YAML stops there,
    /// as the line is neither in that map nor beside the key that opened it.
    /// Fixed by lining the key up with the one above.
    fn nested_under_indented(&self, src: &str, n: usize) -> Option<Slip> {
        let line = self.line(src, n);
        let (col, _, _) = key_value(line)?;
        let above = self.line_above(src, n)?;
        let (above_col, _, _) = key_value(self.line(src, above))?;
        if col >= above_col || line.trim_start_matches(' ').starts_with("- ") {
            return None;
        }
        // The key that opened the map the line above is in: the nearest line before it indented less.
        let mut opener = above;
        while indent(self.line(src, opener)) >= above_col {
            opener = self.line_above(src, opener)?;
        }
        let (opener_col, _, opener_value) = key_value(self.line(src, opener))?;
        if !opener_value.is_empty() || opener_col >= col {
            return None;
        }
        Some(realigned(n, line, col, above_col, SlipKind::NestedUnderIndented))
    }

    /// Line `n` as `key: value` indented further than the `key: value` line
    /// above it (or than the first key of a `- key: value` record start),
    /// whose value is not empty, so it opens no nested map: YAML reads the
    /// line as more of that value and stops at its `: `. Fixed by lining the
    /// key up with the one above.
    fn over_indented(&self, src: &str, n: usize) -> Option<Slip> {
        let line = self.line(src, n);
        let (col, _, _) = key_value(line)?;
        let (above_col, _, above_value) = key_value(self.line(src, self.line_above(src, n)?))?;
        let opens_text = above_value.is_empty() || above_value.starts_with(['|', '>', '#']);
        if col <= above_col || opens_text {
            return None;
        }
        Some(realigned(n, line, col, above_col, SlipKind::OverIndented))
    }
}

/// Line `n`, whose key starts at `col`, moved to start at column `to`.
fn realigned(n: usize, line: &str, col: usize, to: usize, kind: SlipKind) -> Slip {
    Slip { pos: Pos::new(n, col + 1), kind, fixed: format!("{}{}", " ".repeat(to), &line[col..]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Option<(SlipKind, u32, String)> {
        on_line(line, 1, Some(0), false).map(|s| (s.kind, s.pos.col, s.fixed))
    }

    #[test]
    fn each_slip_with_its_column_and_fix() {
        assert_eq!(one("  channel： 微信"), Some((SlipKind::FullWidthColon, 10, "  channel: 微信".into())));
        assert_eq!(one("  channel:电话"), Some((SlipKind::NoSpaceAfterColon, 10, "  channel: 电话".into())));
        assert_eq!(one("\tchannel: 电话"), Some((SlipKind::Tab, 1, "  channel: 电话".into())));
        assert_eq!(one("\u{3000} channel: 电话"), Some((SlipKind::FullWidthSpace, 1, "  channel: 电话".into())));
        assert_eq!(one("  channel: \"电话"), Some((SlipKind::UnclosedQuote, 12, "  channel: \"电话\"".into())));
        assert_eq!(one("-id: BS-1"), Some((SlipKind::NotAListItem, 1, "- id: BS-1".into())));
        assert_eq!(one("id: BS-1"), Some((SlipKind::NotAListItem, 1, "- id: BS-1".into())));
        assert_eq!(
            one("  description: 楼上: 漏水"),
            Some((SlipKind::ColonInValue, 18, "  description: \"楼上: 漏水\"".into()))
        );
        assert_eq!(one("- id: BS-1"), None);
        // A key indented further than the one above, under a plain value (then under a record start).
        let src = "- id: BS-1\n  description: 漏水\n   department: 工程部\n";
        let slip = Layout::of(src).find_slip(src, 1, 3).unwrap();
        assert_eq!((slip.kind, slip.pos.col, slip.fixed.as_str()), (SlipKind::OverIndented, 4, "  department: 工程部"));
        let src = "- id: BS-1\n    description: 漏水\n";
        let slip = Layout::of(src).find_slip(src, 1, 2).unwrap();
        assert_eq!((slip.kind, slip.fixed.as_str()), (SlipKind::OverIndented, "  description: 漏水"));
        // Under a key that opens a map or a block of text, deeper is right: no slip.
        let src = "- id: BS-1\n  followup:\n    at: 2026-10-04 16:00\n";
        assert_eq!(Layout::of(src).find_slip(src, 1, 3), None);
        // A key of that map left of the one above, right of `followup:`.
        let src = "- id: BS-1\n  followup:\n    at: 2026-10-04 16:00\n   by: 客服 李敏\n";
        let slip = Layout::of(src).find_slip(src, 1, 4).unwrap();
        assert_eq!(
            (slip.kind, slip.pos.col, slip.fixed.as_str()),
            (SlipKind::NestedUnderIndented, 4, "    by: 客服 李敏")
        );
        // At `followup:`'s own column the line is the record's next key: no slip here.
        let src = "- id: BS-1\n  followup:\n    at: 2026-10-04 16:00\n  department: 工程部\n";
        assert_eq!(Layout::of(src).nested_under_indented(src, 4), None);
        assert_eq!(one("  reported_at: 2026-10-03 21:14"), None);
        assert_eq!(one("  phone: \"138\""), None);
    }
}
