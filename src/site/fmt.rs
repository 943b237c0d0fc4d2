//! How values are written on pages: Chinese dates, money, durations, and the
//! URL helpers every page builder shares. Rates and percentage points come
//! from [`crate::kpi`] (rounded from exact integers), never from here.
//!
//! Formatting happens in Rust, not in templates, so every page writes a
//! figure the same way and templates only lay text out.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::records::Quarter;
use crate::scalars::{Money, Month};

/// A date the Chinese way: `2026年10月3日`.
pub fn date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A date and time: `2026年10月3日 21:14`.
pub fn datetime(t: NaiveDateTime) -> String {
    format!("{} {:02}:{:02}", date(t.date()), t.hour(), t.minute())
}

/// A short date and time for dense tables: `10-03 21:14`.
pub fn short_datetime(t: NaiveDateTime) -> String {
    format!("{:02}-{:02} {:02}:{:02}", t.month(), t.day(), t.hour(), t.minute())
}

/// A month: `2026年10月`.
pub fn month(m: Month) -> String {
    format!("{}年{}月", m.year, m.month)
}

/// A short month label for chart axes: `10月`; January is `1月` too (the
/// chart's table gives the full month), as longer labels would not fit 12
/// to an axis.
pub fn month_label(m: Month) -> String {
    format!("{}月", m.month)
}

/// A quarter: `2026年第3季度`.
pub fn quarter(q: Quarter) -> String {
    let n = ["一", "二", "三", "四"].get(q.q as usize - 1).copied().unwrap_or("?");
    format!("{}年第{}季度", q.year, n)
}

/// Money with thousands separators and the yuan sign: `¥1,234.50`.
pub fn money(m: Money) -> String {
    format!("¥{}", m.grouped())
}

/// An exact number of hours with one decimal (`3.5 小时`), or `—`.
pub fn hours(r: Option<crate::kpi::Ratio>) -> String {
    match r.and_then(|r| crate::kpi::decimal(r.num, r.den, 1)) {
        Some(h) => format!("{h} 小时"),
        None => crate::kpi::DASH.to_string(),
    }
}

/// A duration in whole seconds for a backlog age: `3天4小时`.
pub fn age(secs: i64) -> String {
    let secs = secs.max(0);
    let days = secs / 86_400;
    let hours = (secs % 86_400) / 3600;
    if days > 0 { format!("{days}天{hours}小时") } else { format!("{hours}小时") }
}

/// Escapes text for HTML we assemble ourselves (generated notice bodies);
/// template output is escaped by Tera.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The relative prefix from a page to its site's root: `""` for
/// `index.html`, `"../"` for `notices/index.html`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Percent-encodes a path for use in an `href` (keeps `/` and unreserved
/// ASCII), so file stems in Chinese or with spaces link correctly.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The canonical absolute URL of a page: `base_url` + path, with a trailing
/// `index.html` dropped (servers map the directory to it).
pub fn absolute_url(base_url: &str, path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base_url}{}", encode_path(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 10, 3).unwrap()), "2026年10月3日");
        assert_eq!(quarter(Quarter { year: 2026, q: 3 }), "2026年第三季度");
    }

    #[test]
    fn urls() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("notices/a/index.html"), "../../");
        assert_eq!(encode_path("notices/停水 1/"), "notices/%E5%81%9C%E6%B0%B4%201/");
        assert_eq!(absolute_url("https://x.org/c/", "notices/index.html"), "https://x.org/c/notices/");
    }
}
