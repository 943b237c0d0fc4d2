//! Scalar kinds of the content contract: money in fen, dates, datetimes, months.
//!
//! Money never touches a float: the text is checked against
//! `^\d+(\.\d{1,2})?$` and read digit by digit into integer fen.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// An amount of money in fen (1/100 yuan). Exact, never a float.
///
/// 128 bits: one value is at most [`Money::MAX`] (10^10 fen), so a sum
/// overflows only after some 10^28 values, far beyond any memory; sums of
/// values that passed `check` are therefore always exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money(pub i128);

/// Why a money text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Not the contract's form (`286`, `286.5`, `286.50`).
    Malformed,
    /// Well formed, but above [`Money::MAX`].
    TooLarge,
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// The largest amount one value may hold: 100000000 yuan (1亿元, docs/records.md).
    pub const MAX: Money = Money(100_000_000 * 100);

    /// Parses the contract's money text (`286`, `286.5`, `286.50`); `None`
    /// also for values above [`Money::MAX`].
    pub fn parse(text: &str) -> Option<Money> {
        Money::parse_bounded(text).ok()
    }

    /// A total in the contract's money form, of any size up to 30 digits
    /// (KPI sums in a figures file; one record's value is [`Money::parse`]).
    pub fn parse_total(text: &str) -> Option<Money> {
        let digits = text.split_once('.').map_or(text, |(i, _)| i).trim_start_matches('0');
        if digits.len() > 30 {
            return None;
        }
        match Money::parse_bounded(text) {
            Ok(m) => Some(m),
            Err(MoneyError::TooLarge) => {
                let (int, frac) = text.split_once('.').unwrap_or((text, ""));
                let frac_fen: i128 = match frac.len() {
                    0 => 0,
                    1 => frac.parse::<i128>().ok()? * 10,
                    _ => frac.parse().ok()?,
                };
                Some(Money(int.parse::<i128>().ok()? * 100 + frac_fen))
            }
            Err(MoneyError::Malformed) => None,
        }
    }

    /// [`Money::parse`], saying why a text was refused.
    pub fn parse_bounded(text: &str) -> Result<Money, MoneyError> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::Malformed);
        }
        let frac_fen = match frac {
            None => 0,
            Some(f) if !f.is_empty() && f.len() <= 2 && f.bytes().all(|b| b.is_ascii_digit()) => {
                let v: i128 = f.parse().map_err(|_| MoneyError::Malformed)?;
                if f.len() == 1 { v * 10 } else { v }
            }
            Some(_) => return Err(MoneyError::Malformed),
        };
        // Leading zeros do not count towards the size.
        let digits = int.trim_start_matches('0');
        if digits.len() > 9 {
            return Err(MoneyError::TooLarge);
        }
        let yuan: i128 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| MoneyError::Malformed)? };
        let m = Money(yuan * 100 + frac_fen);
        if m > Money::MAX { Err(MoneyError::TooLarge) } else { Ok(m) }
    }

    /// Two-decimal text without separators, as in the KPI JSON (`1234.50`).
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// Two-decimal text with thousands separators, for pages (`1,234.50`).
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", group_digits(a / 100), a % 100)
    }
}

/// `1234567` as `1,234,567`: money on pages and counts in the CLI's summary.
pub fn group_digits(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(it: I) -> Money {
        Money(it.map(|m| m.0).sum())
    }
}

/// One record's amount as stored (a bill's amount and waiver, a payment):
/// 64-bit fen. A record's value is at most [`Money::MAX`] (10^10 fen), so 64
/// bits hold it exactly, in half the room of a [`Money`]: millions of bills
/// and payments are kept in memory at once. Widen it with [`Amount::money`]
/// before adding: sums are [`Money`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Amount(i64);

impl Amount {
    /// The amount as [`Money`], to add or show.
    pub fn money(self) -> Money {
        Money(i128::from(self.0))
    }

    /// The amount in fen.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// Two-decimal text without separators (`1234.50`).
    pub fn plain(self) -> String {
        self.money().plain()
    }
}

impl From<Money> for Amount {
    /// Exact for every value a record can hold (the parser refuses any above
    /// [`Money::MAX`]); beyond that it saturates rather than wrap.
    fn from(m: Money) -> Amount {
        Amount(i64::try_from(m.0).unwrap_or(if m.0 < 0 { i64::MIN } else { i64::MAX }))
    }
}

impl From<Amount> for Money {
    fn from(a: Amount) -> Money {
        a.money()
    }
}

impl PartialEq<Money> for Amount {
    fn eq(&self, other: &Money) -> bool {
        self.money() == *other
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

/// A calendar month (`2026-10`), the unit of record folders and bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !s[..4].bytes().all(|c| c.is_ascii_digit())
            || !s[5..].bytes().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let year: i32 = s[..4].parse().ok()?;
        let month: u32 = s[5..].parse().ok()?;
        (1..=12).contains(&month).then_some(Month { year, month })
    }
    /// The month a date falls in.
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }
    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }
    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
    /// The month before this one.
    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }
    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }
    /// Months since year 0, for arithmetic and dense indexing.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
    /// Inverse of [`Month::index`].
    pub fn from_index(i: i32) -> Month {
        Month { year: i.div_euclid(12), month: (i.rem_euclid(12) + 1) as u32 }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Parses a `YYYY-MM-DD` date (strictly that shape).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(s[..4].parse().ok()?, s[5..7].parse().ok()?, s[8..].parse().ok()?)
}

/// Parses the contract's datetimes: `YYYY-MM-DD HH:MM[:SS]`, or with `T`.
/// `24:00` is refused: times run from 00:00 to 23:59:59.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    if s.len() < 16 || !s.is_char_boundary(10) {
        return None;
    }
    let date = parse_date(&s[..10])?;
    let sep = s.as_bytes()[10];
    if sep != b' ' && sep != b'T' {
        return None;
    }
    let t = &s[11..];
    let tb = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| tb[r].iter().all(|c| c.is_ascii_digit());
    let (h, m, sec) = match tb.len() {
        5 if tb[2] == b':' && digits(0..2) && digits(3..5) => (&t[0..2], &t[3..5], "0"),
        8 if tb[2] == b':' && tb[5] == b':' && digits(0..2) && digits(3..5) && digits(6..8) => {
            (&t[0..2], &t[3..5], &t[6..8])
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?)?;
    Some(NaiveDateTime::new(date, time))
}

/// A datetime as the contract writes it (`2026-10-03 21:14`): seconds only
/// when not zero. Imported cells and `check`'s messages both write it so.
pub fn datetime_text(t: NaiveDateTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 { t.format("%Y-%m-%d %H:%M").to_string() } else { t.format("%Y-%m-%d %H:%M:%S").to_string() }
}

/// Corrections for values a clerk's keyboard got wrong (docs/records.md, Scalars):
/// full-width digits and punctuation, `2026/11/3`, `¥380`, `80元`. Each
/// returns the text to paste only when it then parses; a value that is wrong
/// for another reason gets no guess.
pub mod fix {
    use super::{Money, parse_date, parse_datetime};

    /// Full-width digits, colon, hyphen, slash, dot and space made ASCII.
    pub fn half_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '：' => ':',
                '－' | '—' | '–' => '-',
                '／' => '/',
                '．' | '。' => '.',
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect()
    }

    fn date_text(s: &str) -> Option<String> {
        let s = s.trim().trim_end_matches('日');
        let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
        if parts.len() != 3
            || parts.iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        if parts[0].len() != 4 || parts[1].len() > 2 || parts[2].len() > 2 {
            return None;
        }
        let t = format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]);
        parse_date(&t).map(|_| t)
    }

    /// `2026/11/3` → `2026-11-03`.
    pub fn date(s: &str) -> Option<String> {
        date_text(&half_width(s)).filter(|t| t != s)
    }

    /// `2026/10`, `2026-1`, `2026年10月` → `2026-10`, `2026-01`.
    pub fn month(s: &str) -> Option<String> {
        let h = half_width(s);
        let parts: Vec<&str> = h.trim().trim_end_matches('月').split(['-', '/', '.', '年']).collect();
        match parts[..] {
            [y, m]
                if y.len() == 4
                    && (1..=2).contains(&m.len())
                    && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) =>
            {
                let t = format!("{y}-{m:0>2}");
                super::Month::parse(&t).map(|_| t).filter(|t| t != s)
            }
            _ => None,
        }
    }

    /// `2026/11/3 9:30` → `2026-11-03 09:30`.
    pub fn datetime(s: &str) -> Option<String> {
        let h = half_width(s);
        let h = h.trim();
        let (d, t) = h.split_once([' ', 'T']).map(|(d, t)| (d, t.trim())).unwrap_or((h, ""));
        let d = date_text(d)?;
        let tp: Vec<&str> = t.split(':').collect();
        if !(2..=3).contains(&tp.len())
            || tp.iter().any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let mut out = format!("{d} {:0>2}:{:0>2}", tp[0], tp[1]);
        if let Some(sec) = tp.get(2) {
            out.push_str(&format!(":{sec:0>2}"));
        }
        parse_datetime(&out).map(|_| out).filter(|t| t != s)
    }

    /// `¥380`, `380元`, `３８０`, `1,280` → `380`, `1280`.
    pub fn money(s: &str) -> Option<String> {
        let h = half_width(s);
        let t: String = h
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_start_matches("RMB")
            .trim_end_matches("元")
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '，'))
            .collect();
        Money::parse(&t).map(|_| t).filter(|t| t != s)
    }

    /// `８０` → `80`; `4分`, `3次` → `4`, `3`; a Chinese numeral up to ten
    /// (`五` → `5`, `十` → `10`: a score or a count written out).
    pub fn integer(s: &str) -> Option<String> {
        let h = half_width(s);
        let h = h.trim().trim_end_matches(['分', '个', '件', '次', '人', '户', '条', '天']).trim();
        const NUMERALS: [char; 11] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
        let mut chars = h.chars();
        let t = match (chars.next(), chars.next()) {
            (Some('〇'), None) => "0".to_string(),
            (Some('两'), None) => "2".to_string(),
            (Some(c), None) if NUMERALS.contains(&c) => NUMERALS.iter().position(|&n| n == c)?.to_string(),
            _ => h.to_string(),
        };
        (!t.is_empty() && t.len() < 16 && t.bytes().all(|b| b.is_ascii_digit()) && t != s).then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_exact_fen() {
        assert_eq!(Money::parse("286"), Some(Money(28600)));
        assert_eq!(Money::parse("286.5"), Some(Money(28650)));
        assert_eq!(Money::parse("0.10").unwrap() + Money::parse("0.20").unwrap(), Money(30));
        for bad in ["1e309", ".nan", "0x10", "-1", "1.234", "1.", "", "１２"] {
            assert_eq!(Money::parse_bounded(bad), Err(MoneyError::Malformed), "{bad}");
        }
        assert_eq!(Money::parse("100000000"), Some(Money::MAX));
        assert_eq!(Money::parse("0000100000000.00"), Some(Money::MAX));
        for big in ["100000000.01", "100000001", "9999999999999", "99999999999999999999999999999999999999999"] {
            assert_eq!(Money::parse_bounded(big), Err(MoneyError::TooLarge), "{big}");
        }
        assert_eq!(Money::parse_total("1000000000000.5"), Some(Money(100_000_000_000_050)));
        assert_eq!(Money::parse_total("286.50"), Some(Money(28650)));
        assert_eq!(Money::parse_total("1.234"), None);
        assert_eq!(Money::parse_total(&"9".repeat(31)), None);
        assert_eq!(Money(123456789).grouped(), "1,234,567.89");
        assert_eq!(Money(-100000).grouped(), "-1,000.00");
        assert_eq!(Money(5).plain(), "0.05");
    }

    #[test]
    fn digits_group_in_threes() {
        for (n, s) in [(0, "0"), (999, "999"), (1000, "1,000"), (123456, "123,456"), (1234567, "1,234,567")] {
            assert_eq!(group_digits(n), s);
        }
        assert_eq!(group_digits(u128::MAX), "340,282,366,920,938,463,463,374,607,431,768,211,455");
    }

    #[test]
    fn datetimes_follow_the_contract() {
        assert!(parse_datetime("2026-10-03 21:14").is_some());
        assert!(parse_datetime("2026-10-03T21:14:05").is_some());
        assert!(parse_datetime("2026-10-03 24:00").is_none());
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2024-02-29").is_some());
    }

    #[test]
    fn keyboard_slips_get_the_text_to_paste() {
        assert_eq!(fix::datetime("2026/11/3 09:30").as_deref(), Some("2026-11-03 09:30"));
        assert_eq!(fix::datetime("2026-11-03 9：30").as_deref(), Some("2026-11-03 09:30"));
        assert_eq!(fix::datetime("2026-11-03 09:30"), None);
        assert_eq!(fix::datetime("2026/13/3 09:30"), None);
        assert_eq!(fix::date("２０２６年１１月３日").as_deref(), Some("2026-11-03"));
        assert_eq!(fix::money("¥380").as_deref(), Some("380"));
        assert_eq!(fix::money("380元").as_deref(), Some("380"));
        assert_eq!(fix::money("８０").as_deref(), Some("80"));
        assert_eq!(fix::money("1,280.50").as_deref(), Some("1280.50"));
        assert_eq!(fix::money("abc"), None);
        assert_eq!(fix::integer("８０").as_deref(), Some("80"));
        assert_eq!(fix::integer("4分").as_deref(), Some("4"));
        assert_eq!(fix::integer("五").as_deref(), Some("5"));
        assert_eq!(fix::integer("十").as_deref(), Some("10"));
        assert_eq!(fix::integer("两次").as_deref(), Some("2"));
        assert_eq!(fix::integer("十五"), None);
        assert_eq!(fix::integer("很好"), None);
        assert_eq!(fix::month("2026/9").as_deref(), Some("2026-09"));
        assert_eq!(fix::month("2026年10月").as_deref(), Some("2026-10"));
        assert_eq!(fix::month("２０２６－１０").as_deref(), Some("2026-10"));
        assert_eq!(fix::month("2026-10"), None);
        assert_eq!(fix::month("2026-13"), None);
        assert_eq!(fix::month("26-10"), None);
    }
}
