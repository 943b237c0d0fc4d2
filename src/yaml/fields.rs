//! Reading typed fields out of YAML nodes, one record at a time.
//!
//! A [`Rec`] wraps one mapping. Each `req`/`opt` call reads one field and
//! reports a problem at the exact place the error table of `docs/records.md` names;
//! [`Rec::finish`] reports unknown keys with a "did you mean". A record with
//! any error is dropped, so it cannot skew a figure, but the rest are kept.

use crate::i18n::{Msg, msg, tr};
use chrono::{NaiveDate, NaiveDateTime};

use crate::diag::Code;
use crate::diag::{Diags, Pos, did_you_mean};
use crate::i18n::Lang;
use crate::scalars::{Money, Month, fix, parse_date, parse_datetime};
use crate::yaml::Spanned;
use crate::yaml::{Kind, Node, Style};

/// Per-file reading context: where diagnostics go and in which language.
pub struct Ctx<'d> {
    /// Display path of the file.
    pub path: &'d str,
    /// Message language.
    pub lang: Lang,
    /// Collected problems.
    pub diags: &'d mut Diags,
}

impl Ctx<'_> {
    /// Reports an error at `pos`, rendering the message in the file's language.
    pub fn err(&mut self, code: Code, pos: Pos, m: Msg) {
        debug_assert_eq!(code.severity(), crate::diag::Severity::Error, "{code:?}");
        self.diags.push(code, self.path, pos, m.render(self.lang));
    }
    /// Reports an error with a help line.
    pub fn err_help(&mut self, code: Code, pos: Pos, m: Msg, help: Option<String>) {
        debug_assert_eq!(code.severity(), crate::diag::Severity::Error, "{code:?}");
        self.diags.push_help(code, self.path, pos, m.render(self.lang), help);
    }
    /// Reports a keyboard slip at its position, with the line to paste.
    pub fn slip(&mut self, slip: &crate::yaml::slips::Slip) {
        let (m, help) = slip.describe();
        let help = help.render(self.lang);
        self.err_help(Code::YamlSlip, slip.pos, m, Some(help));
    }
    /// Reports a warning at `pos`.
    pub fn warn(&mut self, code: Code, pos: Pos, m: Msg) {
        debug_assert_eq!(code.severity(), crate::diag::Severity::Warning, "{code:?}");
        self.diags.push(code, self.path, pos, m.render(self.lang));
    }
}

/// One mapping being read field by field.
pub struct Rec<'n, 'a> {
    entries: &'n [(Node<'a>, Node<'a>)],
    used: Vec<bool>,
    /// Position of the record's first key (where "missing field" points).
    pub first: Pos,
    /// False once any field failed; the record is then dropped.
    pub ok: bool,
}

/// A converter from one node to a typed value; reports and returns `None` on failure.
pub type Conv<T> = fn(&Node, &mut Ctx) -> Option<T>;

impl<'n, 'a> Rec<'n, 'a> {
    /// Starts reading `node`, which must be a mapping; repeated keys are reported at the repeat.
    pub fn new(node: &'n Node<'a>, what: &str, cx: &mut Ctx) -> Option<Rec<'n, 'a>> {
        let Kind::Map(entries) = &node.kind else {
            if let Kind::Scalar(text, Style::Plain) = &node.kind
                && let Some(slip) = crate::yaml::slips::on_line(text, node.pos.line as usize, None, false)
            {
                // `- channel： 微信` reads as one text: say which key was meant.
                let pos = Pos { line: node.pos.line, col: node.pos.col + slip.pos.col - 1 };
                cx.slip(&crate::yaml::slips::Slip { pos, ..slip });
                return None;
            }
            cx.err(
                Code::ShapeMap,
                node.pos,
                msg!(
                    ["{what}应为键值映射（key: value），这里是{}", shape_zh(node)],
                    ["{what} must be a mapping (key: value), found a {}", node.shape()]
                ),
            );
            return None;
        };
        let mut ok = true;
        // A repeat is marked used so `finish` does not also call it unknown.
        let mut used = vec![false; entries.len()];
        // Records have a handful of keys: scan the earlier ones. A hostile map
        // may have 100,000 keys: use a set there, so the check stays linear.
        let mut seen = std::collections::HashSet::new();
        let small = entries.len() <= 32;
        for (i, (k, _)) in entries.iter().enumerate() {
            let Some(ks) = k.scalar() else {
                cx.err(Code::KeyNotText, k.pos, msg!("键必须是文字", "a key must be a plain word"));
                ok = false;
                used[i] = true;
                continue;
            };
            let repeated =
                if small { entries[..i].iter().any(|(k2, _)| k2.scalar() == Some(ks)) } else { !seen.insert(ks) };
            if repeated {
                cx.err(Code::KeyRepeated, k.pos, msg!("键 `{ks}` 重复出现", "key `{ks}` is repeated in this map"));
                ok = false;
                used[i] = true;
            }
        }
        let first = entries.first().map(|(k, _)| k.pos).unwrap_or(node.pos);
        Some(Rec { entries, used, first, ok })
    }

    /// The node under `key`, marking it as used.
    pub fn node(&mut self, key: &str) -> Option<&'n Node<'a>> {
        let i = self.entries.iter().position(|(k, _)| k.scalar() == Some(key))?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    /// The node under `key` without marking it used.
    pub fn peek(&self, key: &str) -> Option<&'n Node<'a>> {
        self.entries.iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v)
    }

    /// Every key, with its position, in the order written.
    pub fn keys(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.entries.iter().filter_map(|(k, _)| Some((k.scalar()?, k.pos)))
    }

    /// The position of `key` itself, when present.
    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries.iter().find(|(k, _)| k.scalar() == Some(key)).map(|(k, _)| k.pos)
    }

    /// A required field.
    pub fn req<T>(&mut self, cx: &mut Ctx, key: &str, conv: Conv<T>) -> Option<T> {
        match self.node(key) {
            Some(n) if !n.is_null() => {
                let v = conv(n, cx);
                self.ok &= v.is_some();
                v
            }
            _ => {
                cx.err_help(
                    Code::FieldMissing,
                    self.first,
                    msg!("缺少必填字段 `{key}`", "missing required field `{key}`"),
                    Some(tr!(cx.lang, "在这条记录中加上 `{key}: …`", "add `{key}: …` to this record")),
                );
                self.ok = false;
                None
            }
        }
    }

    /// An optional field: absent or `null` gives `None` without a problem.
    pub fn opt<T>(&mut self, cx: &mut Ctx, key: &str, conv: Conv<T>) -> Option<T> {
        match self.node(key) {
            Some(n) if !n.is_null() => {
                let v = conv(n, cx);
                self.ok &= v.is_some();
                v
            }
            _ => None,
        }
    }

    /// Reports every key not read, with the closest allowed key as a suggestion.
    pub fn finish(mut self, cx: &mut Ctx, allowed: &[&str]) -> bool {
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let Some(ks) = k.scalar() else { continue };
            let hint = did_you_mean(ks, allowed.iter().copied());
            let help = hint.map(|h| tr!(cx.lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
            let list = allowed.join(", ");
            cx.err_help(
                Code::FieldUnknown,
                k.pos,
                msg!("未知字段 `{ks}`（可用字段：{list}）", "unknown field `{ks}` (expected one of: {list})"),
                help,
            );
            self.ok = false;
        }
        self.ok
    }
}

fn shape_zh(n: &Node) -> &'static str {
    match n.kind {
        Kind::Scalar(..) => "单个值",
        Kind::Seq(_) => "列表",
        Kind::Map(_) => "映射",
    }
}

fn scalar<'n>(n: &'n Node, cx: &mut Ctx, what_zh: &str, what_en: &str) -> Option<&'n str> {
    match &n.kind {
        Kind::Scalar(s, _) => Some(s),
        _ => {
            cx.err(
                Code::ValueType,
                n.pos,
                msg!(["应为{what_zh}，这里是{}", shape_zh(n)], ["expected {what_en}, found a {}", n.shape()]),
            );
            None
        }
    }
}

/// A non-empty text.
pub fn text(n: &Node, cx: &mut Ctx) -> Option<String> {
    let s = scalar(n, cx, "文字", "text")?;
    if s.trim().is_empty() {
        cx.err(Code::ValueEmpty, n.pos, msg!("不能为空", "must not be empty"));
        return None;
    }
    Some(s.to_string())
}

/// A text, possibly empty.
pub fn any_text(n: &Node, cx: &mut Ctx) -> Option<String> {
    scalar(n, cx, "文字", "text").map(str::to_string)
}

/// An id or unit: a non-empty string; a YAML number is read as its text.
pub fn key_text(n: &Node, cx: &mut Ctx) -> Option<Spanned<String>> {
    text(n, cx).map(|value| Spanned { value, pos: n.pos })
}

/// A date `YYYY-MM-DD`.
pub fn date(n: &Node, cx: &mut Ctx) -> Option<NaiveDate> {
    let s = scalar(n, cx, "日期", "a date")?;
    let d = parse_date(s.trim());
    if d.is_none() {
        cx.err_help(
            Code::DateInvalid,
            n.pos,
            msg!("日期 `{s}` 无效", "invalid date `{s}`"),
            Some(match fix::date(s) {
                Some(t) => paste(cx.lang, &t),
                None => tr!(
                    cx.lang,
                    "日期写作 2026-10-03，并且要是真实存在的日子",
                    "write dates as 2026-10-03, and the day must exist"
                ),
            }),
        );
    }
    d
}

/// A datetime `YYYY-MM-DD HH:MM[:SS]`.
pub fn datetime(n: &Node, cx: &mut Ctx) -> Option<NaiveDateTime> {
    let s = scalar(n, cx, "日期时间", "a date and time")?;
    let d = parse_datetime(s.trim());
    if d.is_none() {
        cx.err_help(
            Code::DateTimeInvalid,
            n.pos,
            msg!("日期时间 `{s}` 无效", "invalid date and time `{s}`"),
            Some(match fix::datetime(s) {
                Some(t) => paste(cx.lang, &t),
                None => tr!(
                    cx.lang,
                    "写作 2026-10-03 21:14 或 2026-10-03 21:14:05；时间从 00:00 到 23:59:59（没有 24:00）",
                    "write 2026-10-03 21:14 or 2026-10-03 21:14:05; times run 00:00 to 23:59:59 (no 24:00)"
                ),
            }),
        );
    }
    d
}

/// A month `YYYY-MM`.
pub fn month(n: &Node, cx: &mut Ctx) -> Option<Month> {
    let s = scalar(n, cx, "月份", "a month")?;
    let m = Month::parse(s.trim());
    if m.is_none() {
        cx.err_help(
            Code::MonthInvalid,
            n.pos,
            msg!("月份 `{s}` 无效", "invalid month `{s}`"),
            Some(match fix::month(s) {
                Some(t) => paste(cx.lang, &t),
                None => tr!(cx.lang, "月份写作 2026-10", "write months as 2026-10"),
            }),
        );
    }
    m
}

/// Money: digits with at most two decimals, as a number or a string, at most 1亿元.
pub fn money(n: &Node, cx: &mut Ctx) -> Option<Money> {
    use crate::scalars::MoneyError;
    let s = scalar(n, cx, "金额", "an amount")?;
    match Money::parse_bounded(s.trim()) {
        Ok(m) => Some(m),
        Err(MoneyError::Malformed) => {
            cx.err_help(
                Code::MoneyInvalid,
                n.pos,
                msg!("金额 `{s}` 无效", "invalid amount `{s}`"),
                Some(match fix::money(s) {
                    Some(t) => paste(cx.lang, &t),
                    None => tr!(
                        cx.lang,
                        "金额以元为单位，写作 286 或 286.50（最多两位小数，不带符号和单位）",
                        "amounts are in yuan: 286 or 286.50 (at most two decimals, no sign or unit)"
                    ),
                }),
            );
            None
        }
        Err(MoneyError::TooLarge) => {
            cx.err_help(
                Code::MoneyRange,
                n.pos,
                msg!("金额 `{s}` 超过上限 100000000 元（1亿元）", "amount `{s}` is above the limit of 100000000 yuan"),
                Some(tr!(
                    cx.lang,
                    "金额以元为单位，不是分：检查是否多写了位数或把分当成了元",
                    "amounts are in yuan, not fen: check for extra digits"
                )),
            );
            None
        }
    }
}

/// A positive amount (bills and payments).
pub fn positive_money(n: &Node, cx: &mut Ctx) -> Option<Money> {
    let m = money(n, cx)?;
    if m.0 <= 0 {
        cx.err(Code::MoneyNotPositive, n.pos, msg!("金额必须大于 0", "amount must be greater than 0"));
        return None;
    }
    Some(m)
}

/// The help line that shows the corrected value to paste.
fn paste(lang: Lang, fixed: &str) -> String {
    tr!(lang, "改成 `{fixed}`", "write `{fixed}`")
}

/// `true` or `false`, or `是` / `否` (docs/records.md, yes/no).
pub fn boolean(n: &Node, cx: &mut Ctx) -> Option<bool> {
    let s = scalar(n, cx, "true 或 false", "true or false")?;
    let quoted = matches!(n.kind, Kind::Scalar(_, Style::Quoted));
    match (s.trim(), quoted) {
        ("true" | "True" | "TRUE", false) | ("是", _) => Some(true),
        ("false" | "False" | "FALSE", false) | ("否", _) => Some(false),
        (t, _) => {
            // What clerks write for yes and no (a spreadsheet's 1 and 0, ticks and crosses too).
            let fixed = match t {
                "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "对" | "是的" | "有" | "有效" | "属实" | "Y"
                | "y" | "1" | "√" | "✓" | "✔" => Some("true"),
                "false" | "False" | "FALSE" | "no" | "No" | "NO" | "不" | "不是" | "错" | "没有" | "无" | "无效"
                | "不属实" | "N" | "n" | "0" | "×" | "✗" | "✘" => Some("false"),
                _ => None,
            };
            let help = match fixed {
                Some(f) => paste(cx.lang, f),
                None => tr!(cx.lang, "写 true 或 false（也可写 是 或 否）", "write true or false (or 是 / 否)"),
            };
            cx.err_help(
                Code::BoolInvalid,
                n.pos,
                msg!("`{s}` 应为 true 或 false（是/否）", "`{s}` must be true or false"),
                Some(help),
            );
            None
        }
    }
}

/// A whole number.
pub fn integer(n: &Node, cx: &mut Ctx) -> Option<i64> {
    let s = scalar(n, cx, "整数", "a whole number")?;
    let t = s.trim();
    let ok = !t.is_empty()
        && t.len() < 16
        && t.strip_prefix('-').unwrap_or(t).bytes().all(|b| b.is_ascii_digit())
        && t != "-";
    if !ok {
        let help = fix::integer(s).map(|t| paste(cx.lang, &t));
        cx.err_help(Code::IntInvalid, n.pos, msg!("`{s}` 应为整数", "`{s}` must be a whole number"), help);
        return None;
    }
    t.parse().ok()
}

/// A whole number ≥ 0.
pub fn count(n: &Node, cx: &mut Ctx) -> Option<u32> {
    let v = integer(n, cx)?;
    if !(0..=u32::MAX as i64).contains(&v) {
        cx.err(Code::IntNegative, n.pos, msg!("`{v}` 不能为负数", "`{v}` must not be negative"));
        return None;
    }
    Some(v as u32)
}

/// A score 1–5.
pub fn score(n: &Node, cx: &mut Ctx) -> Option<u8> {
    let v = integer(n, cx)?;
    if !(1..=5).contains(&v) {
        cx.err(Code::ScoreRange, n.pos, msg!("评分 `{v}` 应在 1 到 5 之间", "score `{v}` must be from 1 to 5"));
        return None;
    }
    Some(v as u8)
}

/// A list of texts (a single text is accepted as a one-item list).
pub fn text_list(n: &Node, cx: &mut Ctx) -> Option<Vec<Spanned<String>>> {
    match &n.kind {
        Kind::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for it in items {
                match key_text(it, cx) {
                    Some(v) => out.push(v),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
        Kind::Scalar(..) => key_text(n, cx).map(|v| vec![v]),
        Kind::Map(_) => {
            cx.err(Code::ShapeList, n.pos, msg!("应为列表，例如 [3栋, 5栋]", "expected a list, e.g. [A, B]"));
            None
        }
    }
}

/// Where an allowed list comes from: said in the help, so a clerk is never
/// told to edit site.yaml for a list the contract fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListSource {
    /// `categories.<name>` in site.yaml (ticket, complaint, channel, notice).
    Site(&'static str),
    /// Fixed by the content contract (`result`, `mode`, `area`, `kind`, `status`).
    Contract,
}

impl ListSource {
    /// The clause naming the list's source, in the site's language.
    pub fn clause(self, lang: Lang) -> String {
        match self {
            ListSource::Site(c) => tr!(
                lang,
                "（列表来自 site.yaml 的 categories.{c}，可在那里增删）",
                " (the list is categories.{c} in site.yaml; edit it there)"
            ),
            ListSource::Contract => {
                tr!(lang, "（列表由记录格式规定，不能在 site.yaml 中修改）", " (fixed by the records format)")
            }
        }
    }
}

/// The help of a list check as `wuye import` should give it: a sheet's own
/// spelling is mapped with `--map` (`values:`), not by editing site.yaml.
pub fn import_list_help(help: &str, field: &str, lang: Lang) -> String {
    let clauses = ["channel", "ticket", "complaint", "notice"]
        .map(|c| ListSource::Site(c).clause(lang))
        .into_iter()
        .chain([ListSource::Contract.clause(lang)]);
    let mut out = help.to_string();
    let mut found = false;
    for c in clauses {
        if out.contains(&c) {
            out = out.replace(&c, "");
            found = true;
        }
    }
    if !found {
        return out;
    }
    out + &tr!(
        lang,
        "；表格里的写法不同时，用 --map 映射文件的 values: 对应到允许的值，例如 values: {{{field}: {{表格写法: 允许的值}}}}",
        "; if the sheet spells it differently, map it with --map: `values: {{{field}: {{sheet text: allowed value}}}}`"
    )
}

/// Checks a value against a fixed or configured list, with a "did you mean".
pub fn one_of(n: &Node, cx: &mut Ctx, list: &[String], field: &str) -> Option<String> {
    let source = match field {
        "channel" => ListSource::Site("channel"),
        "type" => ListSource::Site("notice"),
        _ => ListSource::Contract,
    };
    one_of_from(n, cx, list, field, source)
}

/// [`one_of`] with the list's source given (categories name the kind of record).
pub fn one_of_from(n: &Node, cx: &mut Ctx, list: &[String], field: &str, source: ListSource) -> Option<String> {
    let s = text(n, cx)?;
    if list.contains(&s) {
        return Some(s);
    }
    // A short value that is part of exactly one allowed one (`停水` → `停水停电`) is a hint too.
    let hint = did_you_mean(&s, list.iter().map(String::as_str)).or_else(|| {
        let mut part =
            list.iter().filter(|c| s.chars().count() >= 2 && (c.contains(s.as_str()) || s.contains(c.as_str())));
        match (part.next(), part.next()) {
            (Some(c), None) => Some(c.as_str()),
            _ => None,
        }
    });
    let all = list.join("、");
    let from = source.clause(cx.lang);
    let help = Some(match hint {
        Some(h) => tr!(cx.lang, "是不是想写 `{h}`？可选：{all}{from}", "did you mean `{h}`? allowed: {all}{from}"),
        None => tr!(cx.lang, "可选：{all}{from}", "allowed: {all}{from}"),
    });
    cx.err_help(
        Code::ValueNotAllowed,
        n.pos,
        msg!("`{field}` 的取值 `{s}` 不在允许的列表中", "`{s}` is not an allowed value for `{field}`"),
        help,
    );
    None
}
