//! Columns that fill no field. A column with values that looks like a field
//! the import knows (a paid or waived amount, a date, a unit) is an error:
//! importing without it would write bills without their payments, or
//! tickets without their times. Any other such column is a warning.

use super::cell::{self, halfwidth};
use super::rows::Row;
use super::sheet::Cell;
use super::{ImportKind, Job};
use crate::diag::Code;
use crate::i18n::tr;

/// Header words and what they suggest: (words, kinds it applies to, what it
/// looks like in Chinese and English, the field to map it to).
type Hint = (&'static [&'static str], &'static [ImportKind], (&'static str, &'static str), &'static str);

const FEES: &[ImportKind] = &[ImportKind::Fees];
const ALL: &[ImportKind] = &[ImportKind::Tickets, ImportKind::Complaints, ImportKind::Fees];
const PRICED: &[ImportKind] = &[ImportKind::Tickets, ImportKind::Fees];

const HINTS: &[Hint] = &[
    (&["减免", "折扣", "优惠", "抵扣", "免收"], FEES, ("减免金额", "a waived amount"), "waived"),
    (
        &["实收", "实缴", "已缴", "已收", "收款", "缴费", "缴款", "到账", "付款", "收费"],
        FEES,
        ("实收金额", "a paid amount"),
        "paid",
    ),
    (&["应收", "应缴"], FEES, ("应收金额", "a billed amount"), "amount"),
    (&["时间", "日期"], ALL, ("日期或时间", "a date or time"), "…"),
    (&["房号", "房间", "房屋", "户号", "室号", "单元"], ALL, ("房号", "a unit"), "unit"),
    (&["金额", "费用", "费"], PRICED, ("金额", "an amount"), "…"),
];

impl Job<'_> {
    /// Reports each column that fills no field: an error when it has values
    /// and looks like a known field, else a warning.
    pub(super) fn unmapped_columns(&mut self, data: &[&Row]) {
        let row = self.cols.header_row;
        for col in self.cols.unmapped.clone() {
            let vals: Vec<&Cell> = data.iter().filter_map(|r| r.1.get(col)).filter(|c| !c.is_empty()).collect();
            let h = self.cols.headers.get(col).cloned().unwrap_or_default();
            if h.is_empty() && vals.is_empty() {
                continue;
            }
            let label = self.col_label(col);
            let looks = if vals.is_empty() { None } else { self.looks_like(&h, &vals) };
            let key = if h.is_empty() { tr!(self.lang, "（表头）", "(header)") } else { h.clone() };
            match looks {
                Some(((zh, en), field)) => {
                    let m = tr!(
                        self.lang,
                        format!(
                            "{label}：有 {} 个值，看起来是{zh}，但没有对应的字段；不处理就会丢掉这些数据",
                            vals.len()
                        ),
                        format!(
                            "{label}: {} values that look like {en}, but the column fills no field; they would be lost",
                            vals.len()
                        )
                    );
                    let help = tr!(
                        self.lang,
                        "在 --map 映射文件的 columns 中写 `{key}: {field}`（换成对应的字段）；确定不需要这一列时写 `{key}: ~`",
                        "map it in the --map file's columns as `{key}: {field}` (the right field); if it is not needed, write `{key}: ~`"
                    );
                    self.sheet_diag(Code::ImportColumnUnmapped, row, col, m, Some(help));
                }
                None => {
                    let m = tr!(self.lang, "{label}：没有对应的字段，已忽略", "{label}: no matching field; ignored");
                    let help = tr!(
                        self.lang,
                        "如需导入，在 --map 映射文件的 columns 中写 `{key}: 字段名`；写 `{key}: ~` 可不再提示",
                        "to import it, add `{key}: FIELD` to the --map file's columns; `{key}: ~` silences this"
                    );
                    self.sheet_diag(Code::ImportColumnIgnoredNoField, row, col, m, Some(help));
                }
            }
        }
    }

    /// What a column looks like, by its header's words, else by its values.
    fn looks_like(&self, header: &str, vals: &[&Cell]) -> Option<((&'static str, &'static str), &'static str)> {
        let h = halfwidth(header);
        for (words, kinds, what, field) in HINTS {
            if kinds.contains(&self.kind) && words.iter().any(|w| h.contains(w)) {
                return Some((*what, field));
            }
        }
        let most = |ok: &dyn Fn(&Cell) -> bool| vals.iter().filter(|c| ok(c)).count() * 2 > vals.len();
        let is_date = |c: &Cell| match c {
            Cell::DateTime(_) | Cell::Date(_) | Cell::Time(_) => true,
            Cell::Text(s) => cell::loose(s).is_some() || cell::time_of_day(c).is_some(),
            _ => false,
        };
        if most(&is_date) {
            return Some((("日期或时间", "dates or times"), "…"));
        }
        if most(&|c: &Cell| matches!(c, Cell::Text(_) | Cell::Int(_)) && !self.units.equal(&c.display()).is_empty()) {
            return Some((("房号", "units"), "unit"));
        }
        let is_money = |c: &Cell| match c {
            Cell::Int(_) | Cell::Float(_) | Cell::NoValue(_) => true,
            Cell::Text(_) => cell::money(c).ok().flatten().is_some(),
            _ => false,
        };
        if self.kind == ImportKind::Fees && most(&is_money) {
            return Some((("金额", "amounts"), "…"));
        }
        None
    }

    /// Warns about each hidden row that was skipped.
    pub(super) fn warn_hidden(&mut self, hidden: &[u32]) {
        for &r in hidden {
            let m = tr!(
                self.lang,
                "第 {r} 行在 Excel 中是隐藏行（常是作废记录），已跳过",
                "row {r} is hidden in Excel (often a cancelled record); skipped"
            );
            let help = tr!(
                self.lang,
                "核对后如需导入隐藏行，加上 --include-hidden",
                "to import hidden rows, add --include-hidden"
            );
            self.sheet_diag(Code::ImportRowHidden, r, 0, m, Some(help));
        }
    }
}
