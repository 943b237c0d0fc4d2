//! `wuye import … --update`: a later export of the same tickets or
//! complaints updates the records already in the month's file.
//!
//! A ticket system's export is cumulative: a ticket open at the first export
//! is completed in the next one. With `--update`, a row whose id is already
//! in the target file and whose fields differ is merged into that record
//! (the sheet's columns win; fields the sheet has no column for are kept) and
//! only the lines of the changed fields are rewritten: every other line,
//! comment and record stays byte for byte. The merged record is checked like
//! any other; if it would be invalid, nothing is written.

use crate::i18n::Msg;
use crate::i18n::tr;
use std::collections::BTreeMap;

use super::out::{EditError, Fields, Val};
use crate::config::Site;
use crate::diag::Diags;
use crate::i18n::Lang;
use crate::records::parse::{self, Rules};
use crate::scalars::Month;
use crate::yaml::fields::Ctx;
use crate::yaml::{self, Item, Kind, Node};

/// The order fields are written in (the contract's), for inserted lines.
const ORDER: &[&str] = &[
    "id",
    "reported_at",
    "received_at",
    "entered_at",
    "channel",
    "area",
    "category",
    "unit",
    "reporter",
    "complainant",
    "phone",
    "description",
    "valid",
    "department",
    "completed_at",
    "resolved_at",
    "cost",
    "approved_by",
    "followup.at",
    "followup.by",
    "followup.result",
];

fn rank(k: &str) -> usize {
    ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len())
}

/// One record to update: where it is and what it becomes.
#[derive(Clone, Debug)]
pub struct Change {
    /// The record's id.
    pub id: String,
    /// The line of the record's first key in the target file.
    pub line: u32,
    /// The record as it is.
    pub old: Fields,
    /// The record as it will be.
    pub new: Fields,
}

/// One changed field: (sheet field name, record key, old text, new text).
pub type Diff = (&'static str, &'static str, Option<String>, Option<String>);

fn get<'f>(f: &'f Fields, k: &str) -> Option<&'f Val> {
    f.iter().find(|(kk, _)| *kk == k).map(|(_, v)| v)
}

/// The record `old` with the sheet's values for the compared fields
/// (`(field, key)` pairs) applied: a value the sheet gives replaces the old
/// one, an empty cell removes it. Fields the sheet does not give are kept.
pub fn merge(old: &Fields, sheet: &Fields, cmp: &[(&'static str, &'static str)]) -> (Fields, Vec<Diff>) {
    let mut map: BTreeMap<(usize, &'static str), Val> = old.iter().map(|(k, v)| ((rank(k), *k), v.clone())).collect();
    let mut diffs = Vec::new();
    for &(name, k) in cmp {
        let (a, b) = (get(old, k), get(sheet, k));
        if a.map(|v| &v.text) == b.map(|v| &v.text) {
            continue;
        }
        diffs.push((name, k, a.map(|v| v.text.clone()), b.map(|v| v.text.clone())));
        match b {
            Some(v) => map.insert((rank(k), k), v.clone()),
            None => map.remove(&(rank(k), k)),
        };
    }
    (map.into_iter().map(|((_, k), v)| (k, v)).collect(), diffs)
}

/// Checks a merged record like `wuye check` would; returns its problems.
pub fn problems(fields: &Fields, complaints: bool, site: &Site, folder: Month, lang: Lang) -> Vec<String> {
    let src: String = super::out::map_lines(fields).iter().map(|(l, _)| format!("{l}\n")).collect();
    let Ok(Some(node)) = yaml::parse_tree(&src) else {
        return vec![tr!(lang, "无法生成记录", "cannot build the record")];
    };
    let mut diags = Diags::default();
    let rules = Rules { site, folder, file: 0 };
    let mut cx = Ctx { path: "", lang, diags: &mut diags };
    let ok = if complaints {
        parse::complaint(&node, &mut cx, &rules).is_some()
    } else {
        parse::ticket(&node, &mut cx, &rules).is_some()
    };
    let mut out: Vec<String> = diags.list.into_iter().map(|d| d.message).collect();
    if !ok && out.is_empty() {
        out.push(tr!(lang, "记录无效", "the record is invalid"));
    }
    out
}

/// A mapping's keys with the lines their values take (first, last), 1-based.
struct Fieldlines<'a> {
    entries: Vec<(String, usize, usize, &'a Node<'a>)>,
}

/// Whether a line is blank or only a comment.
fn idle(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn field_lines<'a>(entries: &'a [(Node<'a>, Node<'a>)], end: usize, lines: &[&str]) -> Fieldlines<'a> {
    let mut out = Vec::new();
    for (i, (k, v)) in entries.iter().enumerate() {
        let first = k.pos.line as usize;
        let mut last = entries.get(i + 1).map_or(end, |(k2, _)| k2.pos.line as usize - 1);
        while last > first && lines.get(last - 1).is_some_and(|l| idle(l)) {
            last -= 1;
        }
        out.push((k.scalar().unwrap_or("").to_string(), first, last, v));
    }
    Fieldlines { entries: out }
}

/// Rewrites the changed fields of each record in place.
pub fn apply(src: &str, changes: &[Change]) -> Result<String, EditError> {
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = src.split_inclusive('\n').map(|l| l.trim_end_matches(['\n', '\r'])).collect();
    let layout = yaml::slips::Layout::of(src);
    let mut records: BTreeMap<u32, Node> = BTreeMap::new();
    let (_, errors) = yaml::stream_all(src, |it| {
        if let Item::SeqItem(_, n) = it
            && changes.iter().any(|c| c.line == n.pos.line)
        {
            records.insert(n.pos.line, n);
        }
    });
    if !errors.is_empty() {
        return Err(Msg::new(
            "现有文件有语法错误：先运行 wuye check",
            "the existing file has syntax errors: run wuye check",
        ));
    }
    let mut edits: Vec<Edit> = Vec::new();
    for c in changes {
        let missing = || Msg::owned(format!("找不到编号 {} 的记录", c.id), format!("record {} not found", c.id));
        let node = records.get(&c.line).ok_or_else(missing)?;
        let Kind::Map(entries) = &node.kind else { return Err(missing()) };
        let start = c.line as usize;
        let mut end = (start + 1..=lines.len()).find(|&n| layout.is_boundary(src, n)).map_or(lines.len(), |n| n - 1);
        while end > start && idle(lines[end - 1]) {
            end -= 1;
        }
        edit_map(entries, end, &lines, &c.old, &c.new, "", &mut edits)?;
    }
    // Bottom up; insertions at one place keep the order they were made in.
    let mut edits: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    edits.sort_by_key(|(i, e)| std::cmp::Reverse((e.0, e.1, *i)));
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for (_, (first, last, repl)) in edits {
        out.splice(first - 1..last, repl);
    }
    let mut text = out.join(nl);
    if src.ends_with('\n') {
        text.push_str(nl);
    }
    Ok(text)
}

/// Lines to replace: (first line, last line inclusive, replacement lines);
/// an insertion has last = first - 1.
type Edit = (usize, usize, Vec<String>);

/// The text of a field line: `key: value`, after `prefix` (indentation, or `- `).
fn line_for(prefix: &str, key: &str, v: &Val) -> String {
    format!("{prefix}{key}: {}", v.yaml())
}

/// Edits one mapping (`group` is "" for the record, "followup" inside it).
fn edit_map(
    entries: &[(Node, Node)],
    end: usize,
    lines: &[&str],
    old: &Fields,
    new: &Fields,
    group: &str,
    edits: &mut Vec<Edit>,
) -> Result<(), EditError> {
    let fl = field_lines(entries, end, lines);
    let col = entries.first().map_or(1, |(k, _)| k.pos.col as usize);
    let pad = " ".repeat(col - 1);
    let prefix_of = |line: usize| -> String { lines[line - 1].chars().take(col - 1).collect() };
    let full = |k: &str| if group.is_empty() { k.to_string() } else { format!("{group}.{k}") };
    let keys = |f: &Fields| -> Vec<(&'static str, Val)> {
        f.iter()
            .filter(|(k, _)| match k.split_once('.') {
                Some((g, _)) => g == group || group.is_empty(),
                None => group.is_empty(),
            })
            .map(|(k, v)| (*k, v.clone()))
            .collect()
    };
    let (old_k, new_k) = (keys(old), keys(new));
    // Changed or removed fields present in the file.
    for (name, first, last, v) in &fl.entries {
        let key = full(name);
        if group.is_empty() && name == "followup" {
            let had = old_k.iter().any(|(k, _)| k.starts_with("followup."));
            let has = new_k.iter().any(|(k, _)| k.starts_with("followup."));
            match (&v.kind, has) {
                (_, false) if had => edits.push((*first, *last, Vec::new())),
                (Kind::Map(sub), true) => edit_map(sub, *last, lines, old, new, "followup", edits)?,
                _ => {}
            }
            continue;
        }
        let (a, b) = (get(old, &key), get(new, &key));
        if a.map(|x| &x.text) == b.map(|x| &x.text) {
            continue;
        }
        match b {
            Some(b) => edits.push((*first, *last, vec![line_for(&prefix_of(*first), name, b)])),
            None if *first == entries[0].0.pos.line as usize => {
                return Err(Msg::owned(
                    format!("不能删除记录的第一个字段 `{key}`"),
                    format!("cannot remove the record's first field `{key}`"),
                ));
            }
            None => edits.push((*first, *last, Vec::new())),
        }
    }
    // Fields new to this map, placed after the field before them in the contract's order.
    let present: Vec<&str> = fl.entries.iter().map(|e| e.0.as_str()).collect();
    let mut followup_block: Vec<String> = Vec::new();
    for (k, v) in &new_k {
        let (g, name) = match k.split_once('.') {
            Some((g, n)) => (g, n),
            None => ("", *k),
        };
        if group.is_empty() && g == "followup" {
            if !present.contains(&"followup") {
                if followup_block.is_empty() {
                    followup_block.push(format!("{pad}followup:"));
                }
                followup_block.push(format!("{pad}  {name}: {}", v.yaml()));
            }
            continue;
        }
        if present.contains(&name) {
            continue;
        }
        let after = fl
            .entries
            .iter()
            .filter(|e| e.0 != "followup" && rank(&full(&e.0)) < rank(k))
            .map(|e| e.2)
            .max()
            .unwrap_or_else(|| fl.entries.first().map_or(end, |e| e.2));
        edits.push((after + 1, after, vec![line_for(&pad, name, v)]));
    }
    if !followup_block.is_empty() {
        let last = fl.entries.last().map_or(end, |e| e.2);
        edits.push((last + 1, last, followup_block));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&'static str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (*k, Val::plain(v.to_string()))).collect()
    }

    #[test]
    fn only_the_changed_lines_move() {
        let src = "# 十一月报事\n- id: A\n  reported_at: 2026-11-01 09:00\n  # 夜间来电\n  department: 工程部\n\n- id: B\n  reported_at: 2026-11-02 09:00\n  department: 工程部\n";
        let old = f(&[("id", "B"), ("reported_at", "2026-11-02 09:00"), ("department", "工程部")]);
        let sheet = f(&[
            ("id", "B"),
            ("reported_at", "2026-11-02 09:00"),
            ("department", "工程部"),
            ("completed_at", "2026-11-03 10:00"),
            ("followup.at", "2026-11-03 12:00"),
            ("followup.result", "满意"),
        ]);
        let cmp = [
            ("id", "id"),
            ("reported_at", "reported_at"),
            ("department", "department"),
            ("completed_at", "completed_at"),
            ("followup_at", "followup.at"),
            ("followup_result", "followup.result"),
        ];
        let (new, diffs) = merge(&old, &sheet, &cmp);
        assert_eq!(diffs.len(), 3);
        let out = apply(src, &[Change { id: "B".into(), line: 7, old, new }]).unwrap();
        assert_eq!(
            out,
            "# 十一月报事\n- id: A\n  reported_at: 2026-11-01 09:00\n  # 夜间来电\n  department: 工程部\n\n- id: B\n  reported_at: 2026-11-02 09:00\n  department: 工程部\n  completed_at: 2026-11-03 10:00\n  followup:\n    at: 2026-11-03 12:00\n    result: 满意\n"
        );
    }

    #[test]
    fn a_changed_value_is_replaced_and_a_cleared_one_removed() {
        let src = "- id: A\n  department: 工程部\n  cost: 80\n  completed_at: 2026-11-03 10:00\n- id: B\n  department: 客服部\n";
        let old = f(&[("id", "A"), ("department", "工程部"), ("cost", "80"), ("completed_at", "2026-11-03 10:00")]);
        let sheet = f(&[("id", "A"), ("department", "秩序部"), ("completed_at", "2026-11-03 10:00")]);
        let cmp = [("id", "id"), ("department", "department"), ("cost", "cost"), ("completed_at", "completed_at")];
        let (new, _) = merge(&old, &sheet, &cmp);
        let out = apply(src, &[Change { id: "A".into(), line: 1, old, new }]).unwrap();
        assert_eq!(
            out,
            "- id: A\n  department: 秩序部\n  completed_at: 2026-11-03 10:00\n- id: B\n  department: 客服部\n"
        );
    }
}
