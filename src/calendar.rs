//! Working days: the State Council's holiday arrangements plus `calendar.yaml`.
//!
//! A working day is Monday–Friday not listed as a holiday, or any day listed
//! as a make-up workday (调休). A year defined in `calendar.yaml` is defined
//! by it alone; otherwise the built-in table below applies; a year neither
//! covers falls back to plain Monday–Friday (the loader warns once a year).
//!
//! To add a year: copy its days from the State Council's notice
//! 《国务院办公厅关于20XX年部分节假日安排的通知》 into [`BUILTIN`] with the
//! notice's URL, or put the year in the estate's `calendar.yaml`.

use crate::i18n::msg;
use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate, Weekday};

use crate::diag::Code;
use crate::yaml::fields::{self, Ctx, Rec};
use crate::yaml::{Kind, Node};

/// One built-in year: its source, days off and make-up workdays as `MM-DD`.
pub struct BuiltinYear {
    /// Year.
    pub year: i32,
    /// Where the days come from.
    pub source: &'static str,
    /// Statutory days off (`MM-DD`).
    pub holidays: &'static [&'static str],
    /// Weekend days that are workdays (`MM-DD`).
    pub workdays: &'static [&'static str],
}

/// The built-in calendar, one entry per year with its source notice.
pub const BUILTIN: &[BuiltinYear] = &[
    BuiltinYear {
        year: 2024,
        // 国办发明电〔2023〕7号, https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm
        source: "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
        holidays: &[
            "01-01", "02-10", "02-11", "02-12", "02-13", "02-14", "02-15", "02-16", "02-17", "04-04", "04-05", "04-06",
            "05-01", "05-02", "05-03", "05-04", "05-05", "06-10", "09-15", "09-16", "09-17", "10-01", "10-02", "10-03",
            "10-04", "10-05", "10-06", "10-07",
        ],
        workdays: &["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    },
    BuiltinYear {
        year: 2025,
        // https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
        source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
        holidays: &[
            "01-01", "01-28", "01-29", "01-30", "01-31", "02-01", "02-02", "02-03", "02-04", "04-04", "04-05", "04-06",
            "05-01", "05-02", "05-03", "05-04", "05-05", "05-31", "06-01", "06-02", "10-01", "10-02", "10-03", "10-04",
            "10-05", "10-06", "10-07", "10-08",
        ],
        workdays: &["01-26", "02-08", "04-27", "09-28", "10-11"],
    },
    BuiltinYear {
        year: 2026,
        // https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
        source: "国务院办公厅关于2026年部分节假日安排的通知",
        holidays: &[
            "01-01", "01-02", "01-03", "02-15", "02-16", "02-17", "02-18", "02-19", "02-20", "02-21", "02-22", "02-23",
            "04-04", "04-05", "04-06", "05-01", "05-02", "05-03", "05-04", "05-05", "06-19", "06-20", "06-21", "09-25",
            "09-26", "09-27", "10-01", "10-02", "10-03", "10-04", "10-05", "10-06", "10-07",
        ],
        workdays: &["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
    },
];

/// Days off and make-up workdays of one year.
#[derive(Clone, Debug, Default)]
pub struct YearDays {
    /// Days off.
    pub holidays: HashSet<NaiveDate>,
    /// Weekend days worked.
    pub workdays: HashSet<NaiveDate>,
}

/// The working-day calendar used for "N个工作日" deadlines.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearDays>,
}

impl Calendar {
    /// Feeds the calendar to a hasher (dates sorted, so equal calendars hash
    /// equally): `serve` rebuilds record pages when it changes.
    pub fn hash_into(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        for (y, d) in &self.years {
            y.hash(h);
            for set in [&d.holidays, &d.workdays] {
                let mut days: Vec<&NaiveDate> = set.iter().collect();
                days.sort_unstable();
                days.hash(h);
            }
        }
    }

    /// The built-in calendar only.
    pub fn builtin() -> Calendar {
        let mut years = BTreeMap::new();
        for y in BUILTIN {
            let day = |s: &&str| {
                NaiveDate::parse_from_str(&format!("{}-{s}", y.year), "%Y-%m-%d").expect("built-in dates are valid")
            };
            years.insert(
                y.year,
                YearDays {
                    holidays: y.holidays.iter().map(day).collect(),
                    workdays: y.workdays.iter().map(day).collect(),
                },
            );
        }
        Calendar { years }
    }

    /// Replaces (or adds) whole years, as `calendar.yaml` does.
    pub fn with_years(mut self, years: BTreeMap<i32, YearDays>) -> Calendar {
        self.years.extend(years);
        self
    }

    /// Whether a year is defined (built-in or `calendar.yaml`).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Whether `d` is a working day.
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        match self.years.get(&d.year()) {
            Some(y) if y.workdays.contains(&d) => true,
            Some(y) if y.holidays.contains(&d) => false,
            _ => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`th working day strictly after `d` (counting starts the next day).
    pub fn nth_workday_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_workday(day) {
                left -= 1;
            }
        }
        day
    }
}

fn dates(n: &Node, cx: &mut Ctx, year: i32) -> Option<HashSet<NaiveDate>> {
    let Kind::Seq(items) = &n.kind else {
        if n.is_null() {
            return Some(HashSet::new());
        }
        cx.err(Code::ShapeList, n.pos, msg!("应为日期列表，例如 [2026-01-01, 2026-01-02]", "expected a list of dates"));
        return None;
    };
    let mut out = HashSet::new();
    let mut ok = true;
    for it in items {
        match fields::date(it, cx) {
            Some(d) if d.year() == year => {
                out.insert(d);
            }
            Some(d) => {
                cx.err(Code::CalendarYear, it.pos, msg!("日期 {d} 不属于 {year} 年", "date {d} is not in year {year}"));
                ok = false;
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// Reads `calendar.yaml`: a map of year → `holidays`/`workdays` lists.
pub fn from_node(root: &Node, cx: &mut Ctx) -> BTreeMap<i32, YearDays> {
    let mut out = BTreeMap::new();
    let Kind::Map(entries) = &root.kind else {
        if !root.is_null() {
            cx.err(
                Code::ShapeFile,
                root.pos,
                msg!(
                    "calendar.yaml 应为按年份分组的映射，例如 2026: {{holidays: [...], workdays: [...]}}",
                    "calendar.yaml must map years to holidays/workdays"
                ),
            );
        }
        return out;
    };
    let mut seen = HashSet::new();
    for (k, v) in entries {
        let ks = k.scalar().unwrap_or("");
        let Some(year) = ks.parse::<i32>().ok().filter(|y| (1900..=2999).contains(y) && ks.len() == 4) else {
            cx.err(
                Code::YearInvalid,
                k.pos,
                msg!("`{ks}` 不是年份（应写 2026:）", "`{ks}` is not a year (write 2026:)"),
            );
            continue;
        };
        if !seen.insert(year) {
            cx.err(Code::KeyRepeated, k.pos, msg!("年份 `{ks}` 重复出现", "year `{ks}` is repeated"));
            continue;
        }
        let Some(mut r) = Rec::new(v, ks, cx) else {
            continue;
        };
        let holidays = r.node("holidays").map(|n| dates(n, cx, year)).unwrap_or(Some(HashSet::new()));
        let workdays = r.node("workdays").map(|n| dates(n, cx, year)).unwrap_or(Some(HashSet::new()));
        r.finish(cx, &["holidays", "workdays"]);
        if let (Some(holidays), Some(workdays)) = (holidays, workdays) {
            out.insert(year, YearDays { holidays, workdays });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn friday_resolution_runs_to_wednesday() {
        let c = Calendar::builtin();
        // 2026-11-06 is a Friday with a normal weekend after it.
        assert_eq!(c.nth_workday_after(d("2026-11-06"), 3), d("2026-11-11"));
    }

    #[test]
    fn national_day_block_and_make_up_saturday() {
        let c = Calendar::builtin();
        // Resolved Wed 2026-09-30: 10-01..07 off, Thu 10-08, Fri 10-09, Sat 10-10 (调休 workday).
        assert_eq!(c.nth_workday_after(d("2026-09-30"), 3), d("2026-10-10"));
        assert!(c.is_workday(d("2026-10-10")));
        assert!(!c.is_workday(d("2026-10-05")));
    }

    #[test]
    fn every_builtin_workday_is_a_weekend_and_holidays_are_in_year() {
        let c = Calendar::builtin();
        for y in BUILTIN {
            for w in y.workdays {
                let day = d(&format!("{}-{w}", y.year));
                assert!(matches!(day.weekday(), Weekday::Sat | Weekday::Sun), "{day}");
                assert!(c.is_workday(day));
            }
        }
    }
}
