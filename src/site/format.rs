//! How values are written on pages, in the site's language: dates, months,
//! quarters, money, durations, and the URL helpers every page builder
//! shares. Rates and percentage points come from [`crate::kpi`] (rounded
//! from exact integers), never from here.
//!
//! Chinese pages write `2026年10月3日`, `2026年10月`, `2026年第三季度`;
//! English pages write `3 Oct 2026`, `Oct 2026`, `2026 Q3`. Money is
//! `¥1,234.50` in both.
//!
//! Formatting happens in Rust, not in templates, so every page writes a
//! figure the same way and templates only lay text out.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::i18n::Lang;
use crate::records::Quarter;
use crate::scalars::{Money, Month};

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_en(m: u32) -> &'static str {
    MONTHS_EN.get(m.wrapping_sub(1) as usize).copied().unwrap_or("?")
}

/// A date: `2026年10月3日` or `3 Oct 2026`.
pub fn date(l: Lang, d: NaiveDate) -> String {
    match l {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), month_en(d.month()), d.year()),
    }
}

/// A day without its year: `12月4日`, `4 Dec`.
pub fn month_day(l: Lang, d: NaiveDate) -> String {
    match l {
        Lang::Zh => format!("{}月{}日", d.month(), d.day()),
        Lang::En => format!("{} {}", d.day(), month_en(d.month())),
    }
}

/// A date and time: `2026年10月3日 21:14` or `3 Oct 2026 21:14`.
pub fn datetime(l: Lang, t: NaiveDateTime) -> String {
    format!("{} {:02}:{:02}", date(l, t.date()), t.hour(), t.minute())
}

/// A short date and time for dense tables, the same in both languages:
/// `10-03 21:14`.
pub fn short_datetime(t: NaiveDateTime) -> String {
    format!("{:02}-{:02} {:02}:{:02}", t.month(), t.day(), t.hour(), t.minute())
}

/// A month: `2026年10月` or `Oct 2026`.
pub fn month(l: Lang, m: Month) -> String {
    match l {
        Lang::Zh => format!("{}年{}月", m.year, m.month),
        Lang::En => format!("{} {}", month_en(m.month), m.year),
    }
}

/// A short month label for chart axes and column heads: `10月` or `Oct`;
/// January is `1月` / `Jan` too (the chart's table gives the full month),
/// as longer labels would not fit 12 to an axis.
pub fn month_label(l: Lang, m: u32) -> String {
    match l {
        Lang::Zh => format!("{m}月"),
        Lang::En => month_en(m).to_string(),
    }
}

/// A year: `2026年` or `2026`.
pub fn year(l: Lang, y: i32) -> String {
    match l {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }
}

/// A quarter: `2026年第三季度` or `2026 Q3`.
pub fn quarter(l: Lang, q: Quarter) -> String {
    match l {
        Lang::Zh => {
            let n = ["一", "二", "三", "四"].get(q.q as usize - 1).copied().unwrap_or("?");
            format!("{}年第{}季度", q.year, n)
        }
        Lang::En => format!("{} Q{}", q.year, q.q),
    }
}

/// Money with thousands separators and the yuan sign: `¥1,234.50`.
pub fn money(m: Money) -> String {
    format!("¥{}", m.grouped())
}

/// An exact number of hours with one decimal (`3.5 小时`, `3.5 h`), or `—`.
pub fn hours(l: Lang, r: Option<crate::kpi::Ratio>) -> String {
    match r.and_then(|r| crate::kpi::decimal(r.num, r.den, 1)) {
        Some(h) => match l {
            Lang::Zh => format!("{h} 小时"),
            Lang::En => format!("{h} h"),
        },
        None => crate::kpi::DASH.to_string(),
    }
}

/// A duration in whole seconds for a backlog age: `3天4小时` or `3 d 4 h`.
pub fn age(l: Lang, secs: i64) -> String {
    let secs = secs.max(0);
    let days = secs / 86_400;
    let hours = (secs % 86_400) / 3600;
    match (l, days > 0) {
        (Lang::Zh, true) => format!("{days}天{hours}小时"),
        (Lang::Zh, false) => format!("{hours}小时"),
        (Lang::En, true) => format!("{days} d {hours} h"),
        (Lang::En, false) => format!("{hours} h"),
    }
}

/// Escapes text for HTML we assemble ourselves (generated notice bodies, chart
/// SVG, serve's error overlay) with Tera's own escaper, so that every page of
/// the crate escapes alike (`'` is `&#39;` everywhere) and the privacy
/// guard's decoding has one form to expect.
pub fn html(s: &str) -> String {
    crate::charts::escape_html(s)
}

/// The relative prefix from a page to its site's root: `""` for
/// `index.html`, `"../"` for `notices/index.html`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// What a page path keeps as it is in a link: ASCII letters and digits, `-_.~` and `/`.
const PATH_KEEPS: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// Percent-encodes a path for use in an `href` (keeps `/` and unreserved
/// ASCII), so file stems in Chinese or with spaces link correctly.
pub fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_KEEPS).to_string()
}

/// The canonical absolute URL of a page: `base_url` + path, with a trailing
/// `index.html` dropped (servers map the directory to it). Written into one
/// string (through `format!` the path was encoded into a string of its own
/// first: three URLs a notice page).
pub fn absolute_url(base_url: &str, path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    let mut url = String::with_capacity(base_url.len() + p.len());
    url.push_str(base_url);
    url.extend(percent_encoding::utf8_percent_encode(p, PATH_KEEPS));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 3).unwrap();
        assert_eq!(date(Lang::Zh, d), "2026年10月3日");
        assert_eq!(datetime(Lang::Zh, d.and_hms_opt(21, 14, 0).unwrap()), "2026年10月3日 21:14");
        assert_eq!(month(Lang::Zh, Month { year: 2026, month: 10 }), "2026年10月");
        assert_eq!(month_label(Lang::Zh, 1), "1月");
        assert_eq!(quarter(Lang::Zh, Quarter { year: 2026, q: 3 }), "2026年第三季度");
        assert_eq!(age(Lang::Zh, 3 * 86_400 + 4 * 3600), "3天4小时");
    }

    #[test]
    fn english_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 3).unwrap();
        assert_eq!(date(Lang::En, d), "3 Oct 2026");
        assert_eq!(datetime(Lang::En, d.and_hms_opt(21, 14, 0).unwrap()), "3 Oct 2026 21:14");
        assert_eq!(month(Lang::En, Month { year: 2026, month: 1 }), "Jan 2026");
        assert_eq!(month_label(Lang::En, 12), "Dec");
        assert_eq!(quarter(Lang::En, Quarter { year: 2026, q: 3 }), "2026 Q3");
        assert_eq!(year(Lang::En, 2026), "2026");
        assert_eq!(age(Lang::En, 3 * 86_400 + 4 * 3600), "3 d 4 h");
        assert_eq!(hours(Lang::En, Some(crate::kpi::Ratio::new(7, 2))), "3.5 h");
    }

    #[test]
    fn urls() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("notices/a/index.html"), "../../");
        assert_eq!(encode_path("notices/停水 1/"), "notices/%E5%81%9C%E6%B0%B4%201/");
        assert_eq!(absolute_url("https://x.org/c/", "notices/index.html"), "https://x.org/c/notices/");
    }
}
