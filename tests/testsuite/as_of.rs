//! Periods in progress and builds as of any day (kpi.md "Periods in
//! progress", records.md "The date a site describes").
//!
//! - a sweep builds the demo estate in-process as of every month boundary
//!   (the day before, the day, the day after), before and after all records:
//!   no panic, and repeated builds are byte-identical;
//! - `wuye kpi` cuts a running period to date, says so in JSON and refuses a
//!   period that has not begun (exit 2); `as_of` in site.yaml and `--date`;
//! - the internal running month shows the same figures as `wuye kpi --date D`
//!   and compares with 上期同期; no public bulletin for a running quarter;
//! - a small hand-written estate checks 上期同期 and "—" by hand.

use crate::support::site::*;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use chrono::{Duration, NaiveDate};
use wuye::kpi::{Period, Span};
use wuye::records::cache::Cache;
use wuye::records::load::{Source, load_with};
use wuye::scalars::Month;
use wuye::site::theme::Theme;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The sweep's days: every month boundary from 2025-06 to 2027-03 (the demo's
/// records run 2025-09 .. 2026-11-27, bills to 2026-12) with the day before
/// and after, and two days far before and after all records.
fn sweep_days() -> Vec<NaiveDate> {
    let mut days = vec![d("1999-12-31"), d("2040-02-29")];
    let mut m = Month { year: 2025, month: 6 };
    while m <= (Month { year: 2027, month: 3 }) {
        let first = m.first_day();
        days.extend([first - Duration::days(1), first, first + Duration::days(1)]);
        m = m.next();
    }
    days.sort();
    days.dedup();
    days
}

/// Builds the demo as of each sweep day in-process (load once, render each
/// day), and every month, quarter and year around the day through the KPI
/// engine: no panic for any day, and a repeated build is byte-identical.
#[test]
fn any_date_builds_the_demo() {
    let content = repo().join("content");
    let loaded = load_with(&Source::new(&content), &Cache::none());
    let estate = loaded.estate.expect("the demo loads");
    let theme = Theme::load(&Theme::override_dir(&content)).expect("theme");
    let index = wuye::kpi::KpiIndex::new(&estate);
    let days = sweep_days();
    assert!(days.len() >= 60, "{} days", days.len());
    let mut panics = Vec::new();
    let mut pages = 0;
    for &day in &days {
        let r = catch_unwind(AssertUnwindSafe(|| {
            let m = Month::of(day);
            let q = wuye::records::Quarter::of(m);
            for p in [Period::Month(m), Period::Month(m.prev()), Period::Quarter(q), Period::Year(m.year)] {
                let _ = index.compute_as_of(p, day);
            }
            wuye::site::render(&estate, &content, day, &theme)
        }));
        match r {
            Ok(Ok(site)) => pages += site.public.len() + site.internal.len(),
            Ok(Err(e)) => panic!("{day}: render failed: {e:?}"),
            Err(_) => panics.push(day),
        }
    }
    assert!(panics.is_empty(), "panicked as of {panics:?}");
    assert!(pages > 0);
    for day in [d("2025-09-01"), d("2026-03-15"), d("2026-11-15"), d("2027-01-01")] {
        let a = wuye::site::render(&estate, &content, day, &theme).unwrap();
        let b = wuye::site::render(&estate, &content, day, &theme).unwrap();
        assert!(a.public == b.public && a.internal == b.internal, "{day}: two builds differ");
    }
    eprintln!("sweep: {} days built, {pages} pages, 0 panics", days.len());
}

/// The cut is a pure function of (period, day).
#[test]
fn cut_is_to_date_and_like_for_like() {
    let q4 = Period::Quarter(wuye::records::Quarter { year: 2026, q: 4 });
    assert_eq!(q4.cut(d("2026-09-30")), None, "not begun");
    let s = q4.cut(d("2026-12-04")).unwrap();
    assert_eq!((s.start, s.end, s.as_of), (d("2026-10-01"), d("2026-12-05"), Some(d("2026-12-04"))));
    assert_eq!(s.days(), 65);
    // 上期同期: the first 65 days of Q3.
    let p = s.previous();
    assert_eq!((p.start, p.end, p.as_of), (d("2026-07-01"), d("2026-09-04"), None));
    // The last day: the whole period, not in progress.
    assert_eq!(q4.cut(d("2026-12-31")), Some(Span::whole(q4)));
    assert_eq!(q4.cut(d("2027-05-01")), Some(Span::whole(q4)));
    // March 31 to date is compared with at most all of February.
    let mar = Period::Month(Month { year: 2026, month: 3 });
    let p = mar.cut(d("2026-03-30")).unwrap().previous();
    assert_eq!((p.start, p.end), (d("2026-02-01"), d("2026-03-01")));
    // Accruing targets: months finished plus the elapsed part of the month.
    assert!((wuye::kpi::accrued_share(d("2026-10-31")) - 10.0 / 12.0).abs() < 1e-12);
    assert!((wuye::kpi::accrued_share(d("2026-11-15")) - 10.5 / 12.0).abs() < 1e-12);
}

fn kpi(root: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["kpi", "--no-cache", "--format", "json"];
    all.extend_from_slice(args);
    let out = wuye(root, &all);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).to_string())
}

/// `wuye kpi` on the demo: a running quarter to date, a finished one
/// unchanged, one not begun refused; `--date` over `as_of` in site.yaml.
#[test]
fn kpi_cuts_a_running_period() {
    let root = repo();
    let (code, k, err) = kpi(&root, &["--period", "2026-Q4", "--date", "2026-11-15"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(k["in_progress"], true);
    assert_eq!(k["as_of"], "2026-11-15");
    assert_eq!(k["end"], "2026-11-15");
    assert_eq!(k["inspections"]["days"], 46);
    // A finished period: no extra keys, its last day as end.
    let (code, k, _) = kpi(&root, &["--period", "2026-Q3", "--date", "2026-11-15"]);
    assert_eq!(code, 0);
    assert!(k.get("in_progress").is_none() && k.get("as_of").is_none());
    assert_eq!(k["end"], "2026-09-30");
    // Not begun by D: exit 2, a clear message, nothing on stdout.
    let (code, k, err) = kpi(&root, &["--period", "2026-12", "--date", "2026-11-15"]);
    assert_eq!((code, k), (2, serde_json::Value::Null));
    assert!(err.contains("尚未开始") && err.contains("2026-11-15"), "{err}");
    // No --date: the demo's pinned as_of (2026-11-27).
    let (code, k, _) = kpi(&root, &["--period", "2026-11"]);
    assert_eq!(code, 0);
    assert_eq!(k["as_of"], "2026-11-27");
    // The table says it is in progress and to which day.
    let out = wuye(&root, &["kpi", "--no-cache", "--period", "2026-Q4", "--date", "2026-12-04"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("进行中，数据截至 12月4日"), "{table}");
    assert!(table.contains("2026-10-01 至 2026-12-04"), "{table}");
}

/// The text of the first `<td class="num"…>` after the row header `name`.
fn kpi_cell(html: &str, name: &str) -> String {
    cell(html, name, "<td class=\"num\"")
}

/// The text of the change column of row `name` (the 4th cell).
fn change_cell(html: &str, name: &str) -> String {
    let key = format!("<th scope=\"row\">{name}</th>");
    let at = html.find(&key).unwrap_or_else(|| panic!("no row {name}"));
    let rest = &html[at..];
    let row = &rest[..rest.find("</tr>").unwrap()];
    let cells: Vec<&str> = row.split("<td").skip(1).collect();
    let c = cells[2];
    let start = c.find('>').unwrap() + 1;
    c[start..c.find("</td>").unwrap()].to_string()
}

fn cell(html: &str, name: &str, td: &str) -> String {
    let key = format!("<th scope=\"row\">{name}</th>");
    let at = html.find(&key).unwrap_or_else(|| panic!("no row {name}"));
    let rest = &html[at + key.len()..];
    let rest = &rest[rest.find(td).expect("value cell")..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find(['<', ' ']).unwrap() + start;
    rest[start..end].to_string()
}

fn percent(num: i64, den: i64) -> String {
    let tenths = (num * 2000 + den) / (den * 2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

fn money_fen(s: &str) -> i64 {
    let (i, f) = s.split_once('.').unwrap();
    i.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap()
}

fn build(content: &Path, date: &str) -> (tempfile::TempDir, std::process::Output) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(content, &tmp.path().join("content"));
    let out = wuye(tmp.path(), &["build", "--no-cache", "--date", date]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, out)
}

/// Built mid-quarter (the demo's records go on after D): the running month's
/// page shows `wuye kpi --date D`, labelled, against 上期同期; the running
/// quarter has no public bulletin, not on the index nor the home page.
#[test]
fn running_month_equals_kpi_as_of() {
    let (tmp, _) = build(&repo().join("content"), "2026-11-15");
    let root = tmp.path();
    let html = fs::read_to_string(root.join("output/internal/months/2026-11.html")).unwrap();
    let (code, k, err) = kpi(root, &["--period", "2026-11", "--date", "2026-11-15"]);
    assert_eq!(code, 0, "{err}");
    let t = &k["tickets"];
    let (reported, completed) = (t["reported"].as_i64().unwrap(), t["completed"].as_i64().unwrap());
    assert_eq!(kpi_cell(&html, "报事量"), reported.to_string());
    assert_eq!(kpi_cell(&html, "报事完成率"), percent(completed, reported));
    let f = &k["fees"];
    let (rec, col) = (money_fen(f["receivable"].as_str().unwrap()), money_fen(f["collected"].as_str().unwrap()));
    assert_eq!(kpi_cell(&html, "收缴率（当期）"), percent(col, rec));
    let i = &k["inspections"];
    assert_eq!(i["days"], 15);
    assert_eq!(
        kpi_cell(&html, "巡查达标率"),
        percent(i["days_inspected"].as_i64().unwrap(), i["days"].as_i64().unwrap())
    );
    assert!(html.contains("进行中，数据截至 11月15日"), "labelled in progress");
    assert!(html.contains("较上月同期"), "compared with the same days of October");
    // 上期同期: October 1–15.
    let (_, oct, _) = kpi(root, &["--period", "2026-10", "--date", "2026-10-15"]);
    let prev = oct["tickets"]["reported"].as_i64().unwrap();
    assert_eq!(change_cell(&html, "报事量"), format!("上期 {prev}"));

    let public = root.join("output/public");
    assert!(!public.join("bulletins/2026-Q4.html").exists(), "no bulletin for the running quarter");
    assert!(public.join("bulletins/2026-Q3.html").exists());
    let index = fs::read_to_string(public.join("bulletins/index.html")).unwrap();
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(!index.contains("2026-Q4") && !home.contains("2026-Q4"), "no link to the running quarter");
    assert!(home.contains("2026-Q3.html"), "the home page shows the latest finished quarter");
}

const SITE: &str = "name: 小园物业服务中心
estate: 小园
base_url: https://example.org/x/
service_phone: 0571-0000 0000
";

fn ticket(id: &str, at: &str, done: &str) -> String {
    format!(
        "- id: {id}\n  reported_at: {at}\n  channel: 电话\n  area: 公区\n  category: 保洁\n  description: 楼道清扫\n  department: 环境部\n  completed_at: {done}\n"
    )
}

/// A small estate whose records start in October 2026: 上期同期 by hand, and
/// "—" where the previous period has nothing.
fn small_estate(dir: &Path) {
    fs::create_dir_all(dir.join("records/2026-10")).unwrap();
    fs::create_dir_all(dir.join("records/2026-11")).unwrap();
    fs::create_dir_all(dir.join("bulletins")).unwrap();
    fs::write(dir.join("site.yaml"), SITE).unwrap();
    fs::write(dir.join("households.yaml"), "- unit: 1-1-101\n  status: 已入住\n- unit: 1-1-102\n  status: 空置\n")
        .unwrap();
    // October: two tickets in the first ten days, one later.
    let oct = [
        ticket("A1", "2026-10-02 09:00", "2026-10-02 11:00"),
        ticket("A2", "2026-10-05 09:00", "2026-10-05 10:00"),
        ticket("A3", "2026-10-20 09:00", "2026-10-20 10:00"),
    ];
    fs::write(dir.join("records/2026-10/tickets.yaml"), oct.concat()).unwrap();
    // November: one ticket by the 10th, one after it (dated ahead of D).
    let nov =
        [ticket("B1", "2026-11-03 09:00", "2026-11-03 10:00"), ticket("B2", "2026-11-25 09:00", "2026-11-25 10:00")];
    fs::write(dir.join("records/2026-11/tickets.yaml"), nov.concat()).unwrap();
    fs::write(dir.join("bulletins/2026-Q4.md"), "---\ntitle: 第四季度\n---\nRUNNING-NARRATIVE\n").unwrap();
}

#[test]
fn like_for_like_and_nothing_earlier() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    small_estate(&content);

    // As of 10 November: November to date has 1 ticket; October 1–10 had 2.
    let (built, out) = build(&content, "2026-11-10");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2026-Q4.md") && err.contains("warning"), "a narrative of a running quarter warns: {err}");
    let html = fs::read_to_string(built.path().join("output/internal/months/2026-11.html")).unwrap();
    assert_eq!(kpi_cell(&html, "报事量"), "1");
    assert_eq!(change_cell(&html, "报事量"), "上期 2");
    // Completion 1/1 against 2/2: 0.0 points.
    assert_eq!(change_cell(&html, "报事完成率"), "0.0 个百分点");
    assert!(!built.path().join("output/public/bulletins/2026-Q4.html").exists());
    // `serve --drafts` previews the running quarter's bulletin, with its banner.
    let loaded = load_with(&Source::new(&content), &Cache::none());
    let estate = loaded.estate.expect("loads");
    let theme = Theme::load(&Theme::override_dir(&content)).unwrap();
    let mut memo = wuye::site::RenderMemo::default();
    memo.drafts = true;
    let site = wuye::site::render_with(&estate, &content, d("2026-11-10"), &theme, &mut memo, None).unwrap();
    let page = site.public.iter().find(|p| p.path == "bulletins/2026-Q4.html").expect("previewed");
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(html.contains("RUNNING-NARRATIVE") && html.contains("进行中，数据截至 11月10日"), "{html}");
    assert!(html.contains("较上季度同期"));
    // October is the first month: nothing before it, so "—", never "上期 0".
    let oct = fs::read_to_string(built.path().join("output/internal/months/2026-10.html")).unwrap();
    assert_eq!(change_cell(&oct, "报事量"), "—");
    assert_eq!(change_cell(&oct, "巡查达标率"), "—");
    assert!(!oct.contains("上期 0"));

    // As of 5 January 2027 Q4 has ended: its bulletin exists, with "—" against
    // a third quarter that has no records, and the narrative no longer warns.
    let (built, out) = build(&content, "2027-01-05");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("2026-Q4.md"));
    let b = fs::read_to_string(built.path().join("output/public/bulletins/2026-Q4.html")).unwrap();
    assert!(b.contains("RUNNING-NARRATIVE"));
    assert_eq!(kpi_cell(&b, "报事量"), "5");
    for row in ["报事量", "报事完成率", "巡查达标率", "访谈覆盖率"] {
        assert_eq!(change_cell(&b, row), "—", "{row}");
    }
    assert!(!b.contains("上期 0") && !b.contains("进行中"));
    let home = fs::read_to_string(built.path().join("output/public/index.html")).unwrap();
    assert!(!home.contains("个百分点"), "no change against an empty quarter on the home page");
}
