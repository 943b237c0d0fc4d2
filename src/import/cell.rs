//! Converting one cell to one field's value, in the contract's own text form.
//!
//! Exports write the same thing many ways (`2026/10/3 21:14`,
//! `2026年10月3日 21:14`, an Excel date cell; `¥1,286.50`, a float cell).
//! Each converter accepts the common forms and produces exactly the text the
//! contract reads; anything it cannot read exactly is refused, never guessed.

use crate::i18n::Msg;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::out::Val;
use super::sheet::{Cell, float_text};
use crate::scalars::{Money, Month};

/// The kind of value a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// An id or unit: text; a number is read as its digits.
    Key,
    /// Free text or a category.
    Text,
    /// A phone number: digits kept as text, never a float.
    Phone,
    /// Date and time.
    DateTime,
    /// A date (a time of day, if present, is dropped).
    Date,
    /// A month (`2026-10`).
    Month,
    /// Yuan, at most two decimals.
    Money,
    /// Yes or no.
    Bool,
}

/// Why a cell cannot be converted, with an optional help line; both in
/// both languages (a cell is converted before the site's language matters).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// What is wrong.
    pub text: Msg<'static>,
    /// How to fix it.
    pub help: Option<Msg<'static>>,
}

fn msg(zh: impl Into<String>, en: impl Into<String>) -> Problem {
    Problem { text: Msg::owned(zh, en), help: None }
}

impl Problem {
    fn help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        self.help = Some(Msg::owned(zh, en));
        self
    }
}

/// Full-width ASCII (typed with a Chinese input method) to ASCII; ideographic space to space.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Placeholders exports write in an empty date or amount cell.
fn placeholder(s: &str) -> bool {
    matches!(s, "-" | "--" | "—" | "——" | "/" | "无")
}

/// Converts a cell to a field value: `Ok(None)` when the cell is empty.
pub fn convert(cell: &Cell, ty: Ty) -> Result<Option<Val>, Problem> {
    if cell.is_empty() {
        return Ok(None);
    }
    if let Cell::Error(e) = cell {
        return Err(msg(format!("单元格是错误值 {e}"), format!("the cell holds the error value {e}")));
    }
    if let Cell::NoValue(f) = cell {
        return Err(msg(
            format!("公式 ={f} 没有保存计算结果，无法读出它的值"),
            format!("the formula ={f} was saved without its result, so its value cannot be read"),
        )
        .help(
            "请在 Excel 中重新计算并保存（打开文件，按 F9 或 Ctrl+Alt+F9，保存），再导入",
            "recalculate and save it in Excel (open the file, press F9 or Ctrl+Alt+F9, save), then import",
        ));
    }
    match ty {
        Ty::Key => key(cell).map(Some),
        Ty::Text => Ok(Some(Val::string(cell.display()))),
        Ty::Phone => phone(cell).map(Some),
        Ty::DateTime | Ty::Date | Ty::Month => {
            if let Cell::Text(s) = cell
                && placeholder(halfwidth(s).trim())
            {
                return Ok(None);
            }
            match ty {
                Ty::DateTime => datetime(cell).map(|t| Some(Val::plain(datetime_text(t)))),
                Ty::Date => date(cell).map(|d| Some(Val::plain(d.format("%Y-%m-%d").to_string()))),
                _ => month(cell).map(|m| Some(Val::plain(m.to_string()))),
            }
        }
        Ty::Money => money(cell).map(|m| m.map(|m| Val::plain(m.plain()))),
        Ty::Bool => boolean(cell).map(|b| Some(Val::plain(b.to_string()))),
    }
}

/// A time of day as a clerk reads it: `09:05`, with seconds only when not zero.
pub fn time_text(t: NaiveTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 { t.format("%H:%M").to_string() } else { t.format("%H:%M:%S").to_string() }
}

pub use crate::scalars::datetime_text;

fn key(cell: &Cell) -> Result<Val, Problem> {
    match cell {
        Cell::DateTime(_) | Cell::Date(_) | Cell::Time(_) => Err(msg(
            format!("Excel 把这个值当成了日期或时间（{}）", cell.display()),
            format!("Excel turned this value into a date or time ({})", cell.display()),
        )
        .help("把这一列设为「文本」格式后重新录入或导出", "format the column as Text and enter or export it again")),
        Cell::Bool(_) => Err(msg("这里应是编号或房号，不是 TRUE/FALSE", "expected an id or unit, not TRUE/FALSE")),
        Cell::Float(f) if f.fract() != 0.0 => Err(msg(
            format!("这里应是编号或房号，不是小数 {}", float_text(*f)),
            format!("expected an id or unit, not the decimal number {}", float_text(*f)),
        )),
        _ => Ok(Val::string(halfwidth(&cell.display()).trim().to_string())),
    }
}

fn phone(cell: &Cell) -> Result<Val, Problem> {
    let s = match cell {
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) if f.fract() == 0.0 && *f >= 0.0 => float_text(*f),
        Cell::Text(s) => {
            let t = halfwidth(s).trim().to_string();
            let sci = t.contains(['E', 'e']) && t.contains('+') && t.chars().all(|c| "0123456789.Ee+".contains(c));
            if sci {
                return Err(msg(
                    format!("电话号码被 Excel 写成了科学计数法（{t}），位数已经丢失"),
                    format!("Excel wrote the phone number in scientific notation ({t}): digits are lost"),
                )
                .help(
                    "在 Excel 中把电话列设为「文本」格式，重新导出",
                    "format the phone column as Text in Excel and export again",
                ));
            }
            match t.strip_suffix(".0") {
                Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => d.to_string(),
                _ => t,
            }
        }
        other => {
            return Err(msg(
                format!("电话号码「{}」无效", other.display()),
                format!("invalid phone number `{}`", other.display()),
            ));
        }
    };
    Ok(Val::quoted(s))
}

fn bad_datetime(raw: &str) -> Problem {
    msg(format!("「{raw}」不是有效的日期时间"), format!("`{raw}` is not a valid date and time")).help(
        "写作 2026-10-03 21:14、2026/10/3 21:14 或 2026年10月3日 21:14；时间从 00:00 到 23:59:59",
        "write 2026-10-03 21:14, 2026/10/3 21:14 or 2026年10月3日 21:14; times run 00:00 to 23:59:59",
    )
}

/// An Excel serial number left unformatted (a date column shown as 46298.88).
fn serial(f: f64) -> Option<NaiveDateTime> {
    if !(61.0..2_958_466.0).contains(&f) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let ms = (f * 86_400_000.0).round() as i64;
    let secs = (ms + 500).div_euclid(1000);
    Some(base + chrono::Duration::seconds(secs))
}

/// A date without a time in a date-and-time field: refused, never midnight.
pub fn date_only(shown: &str) -> Problem {
    msg(format!("「{shown}」只有日期，缺少时间"), format!("`{shown}` has a date but no time of day")).help(
        "写上时分（例如 2026-10-03 21:14，单元格格式设为 yyyy/m/d h:mm）；日期和时间分在两列时，在 --map 映射文件的 columns 中写 `日期列: 字段.date` 和 `时间列: 字段.time`",
        "give the time (e.g. 2026-10-03 21:14, cell format yyyy/m/d h:mm); when date and time are two columns, map them in the --map file's columns as `DATE HEADER: FIELD.date` and `TIME HEADER: FIELD.time`",
    )
}

/// A time without a date in a date-and-time field.
pub fn time_only(shown: &str) -> Problem {
    msg(format!("「{shown}」只有时间，缺少日期"), format!("`{shown}` has a time of day but no date")).help(
        "写上日期（例如 2026-10-03 21:14）；日期和时间分在两列时，在 --map 映射文件的 columns 中写 `日期列: 字段.date` 和 `时间列: 字段.time`",
        "give the date (e.g. 2026-10-03 21:14); when date and time are two columns, map them in the --map file's columns as `DATE HEADER: FIELD.date` and `TIME HEADER: FIELD.time`",
    )
}

fn datetime(cell: &Cell) -> Result<NaiveDateTime, Problem> {
    match cell {
        Cell::DateTime(t) => Ok(*t),
        Cell::Date(_) => Err(date_only(&cell.display())),
        Cell::Time(_) => Err(time_only(&cell.display())),
        Cell::Float(_) if time_of_day(cell).is_some() => {
            Err(time_only(&time_of_day(cell).map(time_text).unwrap_or_default()))
        }
        Cell::Float(f) => serial(*f).ok_or_else(|| bad_datetime(&float_text(*f))),
        Cell::Int(i) => serial(*i as f64).ok_or_else(|| bad_datetime(&i.to_string())),
        Cell::Text(s) => {
            let raw = s.trim();
            match loose(raw) {
                Some((d, Some(t))) => Ok(d.and_time(t)),
                Some((_, None)) => Err(date_only(raw)),
                None if time_of_day(cell).is_some() => Err(time_only(raw)),
                None => Err(bad_datetime(raw)),
            }
        }
        other => Err(bad_datetime(&other.display())),
    }
}

fn date(cell: &Cell) -> Result<NaiveDate, Problem> {
    let bad = |raw: &str| {
        msg(format!("「{raw}」不是有效的日期"), format!("`{raw}` is not a valid date"))
            .help("写作 2026-10-15、2026/10/15 或 2026年10月15日", "write 2026-10-15, 2026/10/15 or 2026年10月15日")
    };
    match cell {
        Cell::DateTime(t) => Ok(t.date()),
        Cell::Date(d) => Ok(*d),
        Cell::Float(f) => serial(*f).map(|t| t.date()).ok_or_else(|| bad(&float_text(*f))),
        Cell::Int(i) => serial(*i as f64).map(|t| t.date()).ok_or_else(|| bad(&i.to_string())),
        Cell::Text(s) => loose(s.trim()).map(|(d, _)| d).ok_or_else(|| bad(s.trim())),
        other => Err(bad(&other.display())),
    }
}

fn month(cell: &Cell) -> Result<Month, Problem> {
    let bad = |raw: &str| {
        msg(format!("「{raw}」不是有效的月份"), format!("`{raw}` is not a valid month"))
            .help("写作 2026-10、2026/10 或 2026年10月", "write 2026-10, 2026/10 or 2026年10月")
    };
    let yyyymm = |s: &str| {
        (s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Month::parse(&format!("{}-{}", &s[..4], &s[4..])))
            .flatten()
    };
    match cell {
        Cell::DateTime(t) => Ok(Month::of(t.date())),
        Cell::Date(d) => Ok(Month::of(*d)),
        Cell::Int(i) => yyyymm(&i.to_string()).ok_or_else(|| bad(&i.to_string())),
        Cell::Float(f) => yyyymm(&float_text(*f))
            .or_else(|| serial(*f).map(|t| Month::of(t.date())))
            .ok_or_else(|| bad(&float_text(*f))),
        Cell::Text(s) => {
            let t = halfwidth(s).trim().replace(['年', '/', '.'], "-").replace('月', "");
            let t = t.trim_end_matches('-');
            if let Some(m) = yyyymm(t) {
                return Ok(m);
            }
            let parts: Vec<&str> = t.split('-').collect();
            if parts.len() == 2
                && parts[0].len() == 4
                && (1..=2).contains(&parts[1].len())
                && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
                && let Some(m) = Month::parse(&format!("{}-{:0>2}", parts[0], parts[1]))
            {
                return Ok(m);
            }
            loose(s.trim()).map(|(d, _)| Month::of(d)).ok_or_else(|| bad(s.trim()))
        }
        other => Err(bad(&other.display())),
    }
}

/// Reads the date and time forms exports use. `None` when it is not one.
pub fn loose(raw: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let mut s = halfwidth(raw).trim().to_string();
    let mut pm = None;
    for (word, is_pm) in [("上午", false), ("下午", true), ("晚上", true), ("AM", false), ("PM", true)] {
        for w in [word.to_string(), word.to_ascii_lowercase()] {
            if s.contains(&w) {
                s = s.replace(&w, " ");
                pm = Some(is_pm);
            }
        }
    }
    let s =
        s.replace(['年', '月'], "-").replace('日', " ").replace(['时', '点'], ":").replace('分', ":").replace('秒', "");
    // `2026-10-03T21:14`
    let s = match s.find('T') {
        Some(i) if i >= 8 && s.as_bytes()[i - 1].is_ascii_digit() => format!("{} {}", &s[..i], &s[i + 1..]),
        _ => s,
    };
    let mut it = s.split_whitespace();
    let dpart = it.next()?;
    let tpart: String = it.collect::<Vec<_>>().join("");
    let date = loose_date(dpart.trim_end_matches('-'))?;
    let tpart = tpart.trim_end_matches(':');
    if tpart.is_empty() {
        return if pm.is_some() { None } else { Some((date, None)) };
    }
    let mut time = loose_time(tpart)?;
    if let Some(pm) = pm {
        use chrono::Timelike;
        let h = time.hour();
        if h > 12 || h == 0 {
            return None;
        }
        let h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
        time = time.with_hour(h)?;
    }
    Some((date, Some(time)))
}

/// The cell as a date without a time: a date cell, a whole serial, or text
/// such as `2026/11/3`. `Err` when it holds a time of day as well.
pub fn date_part(cell: &Cell) -> Result<NaiveDate, Problem> {
    let bad = |raw: &str| {
        msg(format!("「{raw}」不是有效的日期"), format!("`{raw}` is not a valid date"))
            .help("写作 2026-10-15、2026/10/15 或 2026年10月15日", "write 2026-10-15, 2026/10/15 or 2026年10月15日")
    };
    let with_time = |raw: &str| {
        msg(
            format!("「{raw}」已含时间，而这一列映射为日期部分"),
            format!("`{raw}` has a time already, but the column is mapped as the date part"),
        )
        .help(
            "映射为完整字段（去掉 .date），或只在这一列写日期",
            "map it as the whole field (without .date), or keep only dates in this column",
        )
    };
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::DateTime(t) if t.time() == NaiveTime::MIN => Ok(t.date()),
        Cell::DateTime(_) => Err(with_time(&cell.display())),
        Cell::Float(f) if f.fract() == 0.0 => serial(*f).map(|t| t.date()).ok_or_else(|| bad(&float_text(*f))),
        Cell::Int(i) => serial(*i as f64).map(|t| t.date()).ok_or_else(|| bad(&i.to_string())),
        Cell::Text(s) => match loose(s.trim()) {
            Some((d, None)) => Ok(d),
            Some((_, Some(_))) => Err(with_time(s.trim())),
            None => Err(bad(s.trim())),
        },
        other => Err(bad(&other.display())),
    }
}

/// The cell as a time of day: a time cell, a serial below 1, or text such as `21:14`.
pub fn time_of_day(cell: &Cell) -> Option<NaiveTime> {
    match cell {
        Cell::Time(t) => Some(*t),
        Cell::Float(f) if (0.0..1.0).contains(f) => {
            NaiveTime::from_num_seconds_from_midnight_opt(((f * 86_400.0).round() as u32).min(86_399), 0)
        }
        Cell::Text(s) => {
            let mut t = halfwidth(s).trim().replace(['时', '点'], ":").replace('分', ":").replace('秒', "");
            while t.ends_with(':') {
                t.pop();
            }
            if !t.contains(':') {
                return None;
            }
            loose_time(&t)
        }
        _ => None,
    }
}

fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn loose_date(s: &str) -> Option<NaiveDate> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::from_ymd_opt(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let y = digits(parts[0], 4..=4)?;
    NaiveDate::from_ymd_opt(y as i32, digits(parts[1], 1..=2)?, digits(parts[2], 1..=2)?)
}

fn loose_time(s: &str) -> Option<NaiveTime> {
    let parts: Vec<&str> = s.split(':').collect();
    let (h, m) = (digits(parts[0], 1..=2)?, digits(parts.get(1)?, 2..=2)?);
    let sec = match parts.get(2) {
        None => 0,
        Some(p) => {
            // Fractions of a second (`05.000`) are dropped: the contract keeps seconds.
            let whole = p.split('.').next()?;
            digits(whole, 2..=2)?
        }
    };
    if parts.len() > 3 {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

fn bad_money(raw: &str) -> Problem {
    msg(format!("金额「{raw}」无效"), format!("invalid amount `{raw}`")).help(
        "金额以元为单位，不能为负，最多两位小数，例如 286 或 286.50",
        "amounts are in yuan, not negative, with at most two decimals, e.g. 286 or 286.50",
    )
}

/// Money from a number cell or text; `None` for a placeholder like `-`.
pub fn money(cell: &Cell) -> Result<Option<Money>, Problem> {
    match cell {
        Cell::Int(i) if *i >= 0 && *i < 10_000_000_000_000 => Ok(Some(Money(i128::from(*i) * 100))),
        Cell::Float(f) => {
            // The float closest to a two-decimal amount, times 100, lands within
            // a hair of a whole number of fen; anything else had more decimals.
            let fen = f * 100.0;
            let whole = fen.round();
            if !f.is_finite() || *f < 0.0 || whole >= 1e15 || (fen - whole).abs() > 1e-4 {
                return Err(bad_money(&float_text(*f)));
            }
            Ok(Some(Money(whole as i128)))
        }
        Cell::Text(s) => {
            let t: String =
                halfwidth(s).chars().filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥' | '元')).collect();
            if placeholder(&t) || t.is_empty() {
                return Ok(None);
            }
            Money::parse(&t).map(Some).ok_or_else(|| bad_money(s.trim()))
        }
        other => Err(bad_money(&other.display())),
    }
}

fn boolean(cell: &Cell) -> Result<bool, Problem> {
    let bad = |raw: &str| {
        msg(format!("「{raw}」应为 是 或 否"), format!("`{raw}` must be yes or no (是/否)"))
            .help("可写：是、否、有效、无效、true、false", "accepted: 是, 否, 有效, 无效, true, false")
    };
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Int(1) => Ok(true),
        Cell::Int(0) => Ok(false),
        Cell::Float(f) if *f == 1.0 => Ok(true),
        Cell::Float(f) if *f == 0.0 => Ok(false),
        Cell::Text(s) => match halfwidth(s).trim().to_ascii_lowercase().as_str() {
            "是" | "有效" | "true" | "yes" | "y" | "1" | "√" | "✓" => Ok(true),
            "否" | "无效" | "false" | "no" | "n" | "0" | "×" | "✗" => Ok(false),
            _ => Err(bad(s.trim())),
        },
        other => Err(bad(&other.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> String {
        match convert(&Cell::Text(s.into()), Ty::DateTime) {
            Ok(Some(v)) => v.text,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn datetimes_in_common_forms() {
        for s in
            ["2026/10/3 21:14", "2026-10-03 21:14", "2026年10月3日 21:14", "2026-10-03T21:14:00", "2026.10.3 21:14"]
        {
            assert_eq!(dt(s), "2026-10-03 21:14", "{s}");
        }
        assert_eq!(dt("2026年10月3日21时14分"), "2026-10-03 21:14");
        assert_eq!(dt("2026/10/3 下午 9:14"), "2026-10-03 21:14");
        assert_eq!(dt("2026-10-03 21:14:05.000"), "2026-10-03 21:14:05");
        assert!(convert(&Cell::Text("2026-10-03 24:00".into()), Ty::DateTime).is_err());
        assert!(convert(&Cell::Text("2026-10-03".into()), Ty::DateTime).is_err());
        assert!(convert(&Cell::Text("2026-02-30 10:00".into()), Ty::DateTime).is_err());
        // Excel serial 46298.884722… is 2026-10-03 21:14 (stored a hair short).
        assert_eq!(
            convert(&Cell::Float(46298.0 + (21.0 * 60.0 + 14.0) / 1440.0 - 1e-9), Ty::DateTime).unwrap().unwrap().text,
            "2026-10-03 21:14"
        );
    }

    #[test]
    fn money_is_exact() {
        let m = |c: Cell| money(&c).map(|m| m.map(|m| m.plain()));
        assert_eq!(m(Cell::Float(0.1 + 0.2)), Ok(Some("0.30".into())));
        assert_eq!(m(Cell::Float(1234567.89)), Ok(Some("1234567.89".into())));
        assert_eq!(m(Cell::Int(286)), Ok(Some("286.00".into())));
        assert_eq!(m(Cell::Text("¥1,286.5元".into())), Ok(Some("1286.50".into())));
        assert_eq!(m(Cell::Text("-".into())), Ok(None));
        assert!(m(Cell::Float(286.555)).is_err());
        assert!(m(Cell::Float(-1.0)).is_err());
        assert!(m(Cell::Text("1.234".into())).is_err());
    }

    #[test]
    fn phones_stay_digits() {
        assert_eq!(phone(&Cell::Float(13812345678.0)).unwrap().text, "13812345678");
        assert_eq!(phone(&Cell::Text("13812345678.0".into())).unwrap().text, "13812345678");
        assert!(phone(&Cell::Text("1.38123E+10".into())).is_err());
    }

    #[test]
    fn months_and_booleans() {
        let mo = |c: Cell| month(&c).map(|m| m.to_string());
        assert_eq!(mo(Cell::Text("2026年10月".into())), Ok("2026-10".into()));
        assert_eq!(mo(Cell::Text("2026/10".into())), Ok("2026-10".into()));
        assert_eq!(mo(Cell::Int(202610)), Ok("2026-10".into()));
        assert_eq!(mo(Cell::Text("2026-10-01".into())), Ok("2026-10".into()));
        assert!(mo(Cell::Text("2026-13".into())).is_err());
        assert_eq!(boolean(&Cell::Text("无效".into())), Ok(false));
        assert_eq!(boolean(&Cell::Text("是".into())), Ok(true));
    }
}
