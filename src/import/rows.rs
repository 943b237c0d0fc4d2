//! Which rows under the header are records and which are skipped — blank
//! rows (also a numbered template's rows that carry only 序号), totals rows
//! and rows Excel hides — so that every skipped row is counted in the summary
//! and none is dropped in silence.

use crate::i18n::tr;
use std::collections::{BTreeSet, HashSet};

use super::cell::halfwidth;
use super::sheet::Cell;

/// One row of the sheet: its number and its cells.
pub type Row = (u32, Vec<Cell>);

/// The rows skipped, by reason.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Rows without data (empty, or only 序号 and ignored columns).
    pub blank: usize,
    /// Totals rows (合计, 本月合计, 总计, 小计 …).
    pub totals: Vec<u32>,
    /// Hidden rows (not taken without `--include-hidden`).
    pub hidden: Vec<u32>,
}

impl Skipped {
    /// How many rows were skipped.
    pub fn count(&self) -> usize {
        self.blank + self.totals.len() + self.hidden.len()
    }

    /// `skipped 5 rows: 2 blank, 1 totals (row 9), 2 hidden (rows 5–6)`, or
    /// nothing when no row was skipped.
    pub fn summary(&self, lang: crate::i18n::Lang) -> Option<String> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if self.blank > 0 {
            parts.push(tr!(lang, format!("空行 {} 行", self.blank), format!("{} blank", self.blank)));
        }
        if !self.totals.is_empty() {
            let (n, rows) = (self.totals.len(), row_list(&self.totals, lang));
            parts.push(tr!(lang, "合计行 {n} 行（{rows}）", "{n} totals ({rows})"));
        }
        if !self.hidden.is_empty() {
            let (n, rows) = (self.hidden.len(), row_list(&self.hidden, lang));
            parts.push(tr!(lang, "隐藏行 {n} 行（{rows}）", "{n} hidden ({rows})"));
        }
        Some(tr!(
            lang,
            format!("跳过 {n} 行：{}", parts.join("，")),
            format!("skipped {n} row{}: {}", if n == 1 { "" } else { "s" }, parts.join(", "))
        ))
    }
}

/// `row 9`, `rows 5–6, 9` (`第 9 行`, `第 5–6、9 行`).
pub fn row_list(rows: &[u32], lang: crate::i18n::Lang) -> String {
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for &r in rows {
        match spans.last_mut() {
            Some((_, e)) if *e + 1 == r => *e = r,
            _ => spans.push((r, r)),
        }
    }
    let text: Vec<String> =
        spans.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    tr!(
        lang,
        format!("第 {} 行", text.join("、")),
        format!("{} {}", if rows.len() == 1 { "row" } else { "rows" }, text.join(", "))
    )
}

/// `merged cells copied to every row they cover: column J (回访人) rows 2–4`
/// for the merged regions under the header that gave their value to more rows.
pub fn merged_note(
    filled: &[super::sheet::Merge],
    header_row: u32,
    headers: &[String],
    lang: crate::i18n::Lang,
) -> Option<String> {
    let list: Vec<String> = filled
        .iter()
        .filter(|m| m.rows.0 > header_row)
        .map(|m| {
            let h = headers.get(m.cols.0).map(String::as_str).unwrap_or("");
            let (c, a, b) = (super::column_letter(m.cols.0 + 1), m.rows.0, m.rows.1);
            tr!(lang, "{c} 列（{h}）第 {a}–{b} 行", "column {c} ({h}) rows {a}–{b}")
        })
        .collect();
    (!list.is_empty()).then(|| {
        tr!(
            lang,
            format!("合并单元格的值已填入它覆盖的每一行：{}", list.join("，")),
            format!("merged cells copied to every row they cover: {}", list.join(", "))
        )
    })
}

/// Whether a cell's whole text names a totals row: 合计, 合 计, 本月合计,
/// 总计, 小计 … — never a description that merely begins with one of them.
pub fn is_totals_word(s: &str) -> bool {
    let t: String = halfwidth(s).chars().filter(|c| !c.is_whitespace() && !matches!(c, ':' | '：')).collect();
    const WORDS: [&str; 5] = ["合计", "总计", "小计", "累计", "共计"];
    if WORDS.contains(&t.as_str()) {
        return true;
    }
    // 本月合计, 本页小计, 当日合计, 总合计: a short qualifier before the word.
    t.chars().count() <= 6
        && WORDS.iter().any(|w| t.ends_with(w))
        && !t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| !c.is_ascii_punctuation())
}

/// What to look at when sorting rows.
pub struct Rules<'a> {
    /// Columns whose values do not make a row data (序号, `~` in the mapping file).
    pub ignored: &'a HashSet<usize>,
    /// The identifying column (编号, or 房号 for fees): empty in a totals row.
    pub key_col: Option<usize>,
    /// Hidden rows.
    pub hidden: &'a BTreeSet<u32>,
    /// Take hidden rows as data.
    pub include_hidden: bool,
}

/// Sorts the rows under the header into data rows and skipped ones.
/// `header_row` is the last header row; empty rows between it and the last
/// row were never read and are counted as blank here.
pub fn sort<'r>(rows: &'r [Row], header_row: u32, rules: &Rules) -> (Vec<&'r Row>, Skipped) {
    let mut data = Vec::new();
    let mut skipped = Skipped::default();
    let mut prev = header_row;
    for row in rows {
        let (r, cells) = (row.0, &row.1);
        skipped.blank += r.saturating_sub(prev.saturating_add(1)) as usize;
        prev = r;
        // A totals row often writes 合计 in the 序号 column: not a blank row.
        let totals = is_totals(cells, rules);
        let blank = !totals && cells.iter().enumerate().all(|(c, v)| v.is_empty() || rules.ignored.contains(&c));
        if blank {
            skipped.blank += 1;
        } else if rules.hidden.contains(&r) && !rules.include_hidden {
            skipped.hidden.push(r);
        } else if totals {
            skipped.totals.push(r);
        } else {
            data.push(row);
        }
    }
    (data, skipped)
}

fn is_totals(cells: &[Cell], rules: &Rules) -> bool {
    let Some((c, first)) = cells.iter().enumerate().find(|(_, v)| !v.is_empty()) else { return false };
    let Cell::Text(t) = first else { return false };
    if !is_totals_word(t) {
        return false;
    }
    match rules.key_col {
        Some(k) if k != c => cells.get(k).is_none_or(Cell::is_empty),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_words() {
        for w in ["合计", "合 计", "合　计", "本月合计", "总计：", "小计", "本页小计", "总合计"]
        {
            assert!(is_totals_word(w), "{w}");
        }
        for w in ["总计3处井盖松动", "合计费用已退", "小计算器丢失在大堂", "合"] {
            assert!(!is_totals_word(w), "{w}");
        }
        assert_eq!(row_list(&[5, 6, 9], crate::i18n::Lang::En), "rows 5–6, 9");
        assert_eq!(row_list(&[9], crate::i18n::Lang::En), "row 9");
        assert_eq!(row_list(&[5, 6, 9], crate::i18n::Lang::Zh), "第 5–6、9 行");
    }
}
