//! `wuye figures`: an estate's aggregates as one JSON file, the unit head
//! office rolls up (`wuye portfolio`). Schema: `docs/figures.md`.
//!
//! Invariants:
//! - every period's object is exactly what `wuye kpi --period P --format json`
//!   prints for the same content and day: both come from [`crate::kpi::report()`];
//! - aggregates only: counts, money sums, rates and targets, never a record;
//! - a reader refuses another major version (`wuye.figures/2`) instead of
//!   guessing what its fields mean; minor versions (`wuye.figures/1.1`) only
//!   add keys, which are ignored.

use crate::i18n::tr;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::config::Targets;
use crate::diag::Code;
use crate::diag::{Diagnostic, Pos};
use crate::i18n::Lang;
use crate::kpi::{KpiIndex, Period, PeriodKpi};
use crate::records::{Estate, Quarter};
use crate::scalars::Month;

/// The schema this version writes.
pub const SCHEMA: &str = "wuye.figures/1";
/// The major version this version reads.
pub const MAJOR: u32 = 1;
/// The longest span of periods a file may hold (100 years of months): a
/// mistyped `--date 9999-01-01` is refused instead of writing 100,000 periods.
pub const MAX_MONTHS: i32 = 1200;

/// What `wuye figures` writes. Field order is the documented order.
#[derive(Serialize)]
pub struct Export<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Estate name (unique within a portfolio).
    pub estate: &'a str,
    /// 物业服务中心 name.
    pub name: &'a str,
    /// The estate's public site.
    pub base_url: &'a str,
    /// Units in households.yaml (the denominator of complaints per 100 households).
    pub units: u64,
    /// The day the figures describe.
    pub as_of: NaiveDate,
    /// The estate's KPI targets.
    pub targets: &'a Targets,
    /// Every month and quarter begun by `as_of`, keyed `2026-10`, `2026-Q3`.
    pub periods: BTreeMap<String, PeriodKpi>,
}

/// Every month and quarter from the estate's first month with records to
/// the one holding `as_of` (none when the records start later). `Err` when
/// that is more than [`MAX_MONTHS`] months.
pub fn periods_begun(index: &KpiIndex, as_of: NaiveDate) -> Result<Vec<Period>, i32> {
    let last = Month::of(as_of);
    let Some(&first) = index.months().first() else { return Ok(Vec::new()) };
    if first > last {
        return Ok(Vec::new());
    }
    let span = last.index() - first.index() + 1;
    if span > MAX_MONTHS {
        return Err(span);
    }
    let mut out: Vec<Period> = (first.index()..=last.index()).map(|i| Period::Month(Month::from_index(i))).collect();
    let mut q = Quarter::of(first);
    while q <= Quarter::of(last) {
        out.push(Period::Quarter(q));
        q = Quarter::of(q.last_month().next());
    }
    Ok(out)
}

/// The estate's figures file for `as_of`; `Err(months)` when the span of
/// periods is implausibly long (see [`periods_begun`]).
pub fn export(estate: &Estate, as_of: NaiveDate) -> Result<Export<'_>, i32> {
    use rayon::prelude::*;
    let index = KpiIndex::new(estate);
    let periods = periods_begun(&index, as_of)?;
    // Every period here has begun by `as_of`, so `report` always has figures.
    let periods =
        periods.par_iter().filter_map(|&p| crate::kpi::report(&index, p, as_of).map(|k| (p.to_string(), k))).collect();
    let s = &estate.site;
    Ok(Export {
        schema: SCHEMA,
        estate: &s.estate,
        name: &s.name,
        base_url: &s.base_url,
        units: estate.households.len() as u64,
        as_of,
        targets: &s.targets,
        periods,
    })
}

// ---------------------------------------------------------------------------
// Reading

/// A figures file as `wuye portfolio` reads it: the header and, per period,
/// the numerators and denominators a roll-up sums (rates are recomputed
/// from them, never averaged). Unknown keys are ignored.
#[derive(Clone, Debug, Deserialize)]
pub struct Figures {
    /// `wuye.figures/1` (checked before the rest is read).
    pub schema: String,
    /// Estate name.
    pub estate: String,
    /// 物业服务中心 name.
    pub name: String,
    /// Public site.
    pub base_url: String,
    /// Units in the register.
    pub units: u64,
    /// The day the file describes.
    pub as_of: NaiveDate,
    /// Targets (a missing one takes the contract's default).
    #[serde(default)]
    pub targets: Targets,
    /// Periods by key.
    pub periods: BTreeMap<String, PeriodFigures>,
}

/// The summable figures of one period.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PeriodFigures {
    /// Set by `wuye kpi` for a period cut to date.
    #[serde(default)]
    pub in_progress: bool,
    /// 报事.
    pub tickets: TicketFigures,
    /// 投诉.
    pub complaints: ComplaintFigures,
    /// 物业费.
    pub fees: FeeFigures,
    /// 满意度.
    pub satisfaction: SatisfactionFigures,
    /// 业主访谈 (year to date).
    pub visits: VisitFigures,
}

/// Tickets.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TicketFigures {
    /// Reported in the period.
    pub reported: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Of the completed, followed up within 24 hours.
    pub followed_up_24h: u64,
    /// Median resolution time (not summable: a roll-up shows the range).
    pub median_resolution_hours: Option<f64>,
}

/// Complaints.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ComplaintFigures {
    /// Received, invalid ones included.
    pub received: u64,
    /// Valid ones.
    pub valid: u64,
    /// Resolved.
    pub resolved: u64,
    /// Of the resolved, followed up within three working days.
    pub followed_up_3wd: u64,
}

/// Fees, in fen, read exactly from the contract's money strings.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FeeFigures {
    /// 应收.
    #[serde(deserialize_with = "fen")]
    pub receivable: i64,
    /// 实收.
    #[serde(deserialize_with = "fen")]
    pub collected: i64,
    /// Arrears at the start.
    #[serde(deserialize_with = "fen")]
    pub arrears_at_start: i64,
    /// Arrears collected in the period.
    #[serde(deserialize_with = "fen")]
    pub arrears_collected: i64,
}

/// Satisfaction survey.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SatisfactionFigures {
    /// Responses.
    pub responses: u64,
    /// Satisfied responses.
    pub satisfied: u64,
}

/// Owner visits, year to date.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct VisitFigures {
    /// Occupied units.
    pub occupied_units: u64,
    /// Of those, visited.
    pub visited_units: u64,
}

/// Money text (`"1234.50"`) into fen, exactly; a number or a malformed text is refused.
fn fen<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let s = String::deserialize(d)?;
    // A total, not one record's value: above the 1亿元 cap of one value is fine.
    crate::scalars::Money::parse_total(&s)
        .and_then(|m| i64::try_from(m.0).ok())
        .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not an amount of money like \"1234.50\"")))
}

impl Figures {
    /// The period `p`, when the file has it.
    pub fn period(&self, p: Period) -> Option<&PeriodFigures> {
        self.periods.get(&p.to_string())
    }
}

/// Line and column of byte offset `at` in `text` (columns in characters).
fn pos_at(text: &str, at: usize) -> Pos {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos::new(line, col)
}

/// The major version of a schema text `wuye.figures/N[.m]`.
fn major(schema: &str) -> Option<u32> {
    let v = schema.strip_prefix("wuye.figures/")?;
    v.split('.').next()?.parse().ok()
}

/// Reads a figures file's text; every problem is a diagnostic at `path`
/// (JSON syntax and shape errors at their line and column).
pub fn parse(text: &str, path: &str, lang: Lang) -> Result<Figures, Vec<Diagnostic>> {
    #[derive(Deserialize)]
    struct Head {
        schema: Option<serde_json::Value>,
    }
    let json_err = |e: serde_json::Error, zh: &str, en: &str| {
        let pos = Pos::new(e.line().max(1), e.column().max(1));
        Diagnostic::new(Code::FiguresRead, path, pos, tr!(lang, "{zh}：{e}", "{en}: {e}"))
    };
    // One pass in the common case: read the whole file, then judge its
    // version. Only when that fails is the version looked at alone, so a
    // file of another major version is refused for its version, not for
    // some key its layout lacks.
    let full = serde_json::from_str::<Figures>(text);
    let schema = match &full {
        Ok(f) => Some(serde_json::Value::String(f.schema.clone())),
        Err(_) => {
            let head: Head = serde_json::from_str(text)
                .map_err(|e| vec![json_err(e, "不是有效的 JSON 数据文件", "not a valid JSON figures file")])?;
            head.schema
        }
    };
    let at = || text.find("\"schema\"").map_or(Pos::START, |i| pos_at(text, i));
    let help = tr!(
        lang,
        "用与本程序相同版本的 wuye 在该小区重新运行 `wuye figures`（本程序读取 {SCHEMA}）",
        "run `wuye figures` again in that estate with a wuye of this version (this one reads {SCHEMA})"
    );
    match schema.as_ref().and_then(|v| v.as_str()) {
        None => {
            return Err(vec![
                Diagnostic::new(
                    Code::FiguresSchema,
                    path,
                    at(),
                    tr!(
                        lang,
                        "缺少 \"schema\": \"{SCHEMA}\"：这不是 wuye figures 生成的文件",
                        "no \"schema\": \"{SCHEMA}\": this is not a file written by wuye figures"
                    ),
                )
                .with_help(help),
            ]);
        }
        Some(s) if major(s) != Some(MAJOR) => {
            let msg = match major(s) {
                Some(n) => tr!(
                    lang,
                    "数据格式 `{s}` 是第 {n} 版，本程序只读取第 {MAJOR} 版（{SCHEMA}）",
                    "figures schema `{s}` is major version {n}; this wuye reads only version {MAJOR} ({SCHEMA})"
                ),
                None => tr!(lang, "未知的数据格式 `{s}`，应为 {SCHEMA}", "unknown schema `{s}`: expected {SCHEMA}"),
            };
            return Err(vec![Diagnostic::new(Code::FiguresSchema, path, at(), msg).with_help(help)]);
        }
        Some(_) => {}
    }
    let f =
        full.map_err(|e| vec![json_err(e, "数据文件内容不符合格式", "the figures file does not match its schema")])?;
    let errors = check(&f, text, path, lang);
    if errors.is_empty() { Ok(f) } else { Err(errors) }
}

/// Refuses what no `wuye figures` writes: a period key that is no month or
/// quarter, or a part larger than its whole (more satisfied than responses …),
/// so a hand-edited file cannot push a company rate above 100%.
fn check(f: &Figures, text: &str, path: &str, lang: Lang) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (key, p) in &f.periods {
        // Found only for a period in error: scanning the text is not free.
        let at = || text.find(&format!("\"{key}\":")).map_or(Pos::START, |i| pos_at(text, i));
        if !matches!(Period::parse(key), Some(Period::Month(_) | Period::Quarter(_))) {
            out.push(Diagnostic::new(
                Code::FiguresPeriod,
                path,
                at(),
                tr!(
                    lang,
                    "期间 `{key}` 应为月份（2026-10）或季度（2026-Q3）",
                    "period `{key}` must be a month (2026-10) or a quarter (2026-Q3)"
                ),
            ));
            continue;
        }
        let (t, c, fe, s, v) = (&p.tickets, &p.complaints, &p.fees, &p.satisfaction, &p.visits);
        let parts: [(&str, bool); 9] = [
            ("tickets.completed > reported", t.completed > t.reported),
            ("tickets.followed_up_24h > completed", t.followed_up_24h > t.completed),
            ("complaints.valid > received", c.valid > c.received),
            ("complaints.resolved > received", c.resolved > c.received),
            ("complaints.followed_up_3wd > resolved", c.followed_up_3wd > c.resolved),
            ("fees.collected > receivable", fe.collected > fe.receivable),
            ("fees.arrears_collected > arrears_at_start", fe.arrears_collected > fe.arrears_at_start),
            ("satisfaction.satisfied > responses", s.satisfied > s.responses),
            ("visits.visited_units > occupied_units", v.visited_units > v.occupied_units),
        ];
        for (what, bad) in parts {
            if bad {
                out.push(Diagnostic::new(
                    Code::FiguresInconsistent,
                    path,
                    at(),
                    tr!(
                        lang,
                        "期间 `{key}` 的数字自相矛盾（{what}）：请在该小区重新运行 `wuye figures`",
                        "period `{key}` contradicts itself ({what}): run `wuye figures` again in that estate"
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(schema: &str) -> String {
        format!(
            r#"{{"schema": "{schema}", "estate": "A", "name": "A中心", "base_url": "/", "units": 10,
               "as_of": "2026-11-30", "periods": {{}}}}"#
        )
    }

    #[test]
    fn other_major_versions_are_refused_minor_ones_read() {
        assert!(parse(&minimal("wuye.figures/1"), "f.json", Lang::Zh).is_ok());
        assert!(parse(&minimal("wuye.figures/1.3"), "f.json", Lang::Zh).is_ok());
        let e = parse(&minimal("wuye.figures/2"), "f.json", Lang::En).unwrap_err();
        assert!(e[0].message.contains("major version 2"), "{}", e[0].message);
        assert_eq!(e[0].pos, Pos::new(1, 2));
        assert!(parse(&minimal("something/1"), "f.json", Lang::Zh).is_err());
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let e = parse("{\n  \"schema\": \"wuye.figures/1\",\n  oops\n}", "f.json", Lang::Zh).unwrap_err();
        assert_eq!(e[0].pos.line, 3);
    }

    #[test]
    fn money_is_read_exactly_and_numbers_are_refused() {
        let fees = |v: &str| {
            format!(
                r#"{{"tickets": {{"reported":0,"completed":0,"followed_up_24h":0}},
                "complaints": {{"received":0,"valid":0,"resolved":0,"followed_up_3wd":0}},
                "fees": {{"receivable": {v}, "collected": "0.10", "arrears_at_start": "0", "arrears_collected": "0"}},
                "satisfaction": {{"responses":0,"satisfied":0}}, "visits": {{"occupied_units":0,"visited_units":0}}}}"#
            )
        };
        let p: PeriodFigures = serde_json::from_str(&fees("\"1234.50\"")).unwrap();
        assert_eq!((p.fees.receivable, p.fees.collected), (123450, 10));
        assert!(serde_json::from_str::<PeriodFigures>(&fees("1234.5")).is_err());
        assert!(serde_json::from_str::<PeriodFigures>(&fees("\"-1\"")).is_err());
    }
}
