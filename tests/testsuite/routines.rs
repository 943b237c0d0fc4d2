//! The work standard's routine rows (issue 19): `worklog.yaml`, meetings'
//! `about` and 客户细分评估会, tickets' `entered_at`, judged on the grid.
//!
//! The fixture below is small enough to judge by hand; each assertion's
//! comment gives the hand computation.
//!
//! Tickets (all completed unless said):
//! - BS-2026-06-0001 电话 06-10 — the only June record: H1 is judged, with no 客户细分评估会.
//! - BS-2026-09-0001 夜间 09-10 23:30, entered 09-11 08:30: in time (by the end of 09-11).
//! - BS-2026-09-0002 夜间 09-12 02:00, entered 09-14 09:00: late (after the end of 09-13);
//!   open at Monday 09-14 00:00 (completed 09-14 12:00).
//! - BS-2026-09-0003 夜间 09-20 23:00, no entered_at: not judged; open at Monday 09-21 00:00.
//! - BS-2026-09-0004 电话 09-25, completed 10-14: open at Mondays 09-28, 10-05, 10-12.
//! - BS-2026-10-0001 网络平台 10-08 09:00, entered 10-08 17:00: same day.
//! - BS-2026-10-0002 网络平台 10-09 20:00, entered 10-10 09:00: late.
//! - BS-2026-11-0001 夜间 11-30 23:50, entered 12-01 23:59: in time (the last minute).
//! - BS-2026-11-0002 网络平台 11-10, no entered_at.
//!
//! October has no night tickets; November no week that began with open tickets.

use std::collections::BTreeMap;

use crate::support::estate::TestEstate as Fixture;
use chrono::NaiveDate;
use wuye::kpi::{self, Period};
use wuye::records::load::{Source, load};
use wuye::scalars::Month;
use wuye::site::Ctx;
use wuye::site::grid::{GridView, grid_view};
use wuye::site::kpis::PeriodFigures;

const SITE: &str = "\
name: 测试物业服务中心
estate: 测试花园
base_url: https://example.org/test/
service_phone: 0571-8888 0000
";

const HOUSEHOLDS: &str = "- unit: 1-1-101\n  status: 已入住\n";

/// One ticket; `entered` and `done` are optional.
fn ticket(id: &str, at: &str, channel: &str, entered: Option<&str>, done: Option<&str>) -> String {
    let mut s = format!("- id: {id}\n  reported_at: {at}\n");
    if let Some(e) = entered {
        s += &format!("  entered_at: {e}\n");
    }
    s += &format!("  channel: {channel}\n  area: 公区\n  category: 其他\n  description: 测试\n  department: 客服部\n");
    if let Some(d) = done {
        s += &format!("  completed_at: {d}\n");
    }
    s
}

fn log(date: &str, kind: &str) -> String {
    format!("- date: {date}\n  kind: {kind}\n  by: 客服 赵小满\n  notes: 例行记录\n")
}

/// Daily clean-up lines for every day of `y-m` except `skip`.
fn daily(y: i32, m: u32, skip: &[u32]) -> String {
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    first
        .iter_days()
        .take_while(|d| d.format("%m").to_string() == format!("{m:02}"))
        .filter(|d| !skip.contains(&d.format("%d").to_string().parse::<u32>().unwrap()))
        .map(|d| log(&d.to_string(), "报事日清"))
        .collect()
}

fn fixture() -> Fixture {
    let june = ticket("BS-2026-06-0001", "2026-06-10 10:00", "电话", None, Some("2026-06-10 15:00"));
    let sept = [
        ticket(
            "BS-2026-09-0001",
            "2026-09-10 23:30",
            "夜间监控中心",
            Some("2026-09-11 08:30"),
            Some("2026-09-11 10:00"),
        ),
        ticket(
            "BS-2026-09-0002",
            "2026-09-12 02:00",
            "夜间监控中心",
            Some("2026-09-14 09:00"),
            Some("2026-09-14 12:00"),
        ),
        ticket("BS-2026-09-0003", "2026-09-20 23:00", "夜间监控中心", None, Some("2026-09-21 09:00")),
        ticket("BS-2026-09-0004", "2026-09-25 10:00", "电话", None, Some("2026-10-14 12:00")),
    ]
    .concat();
    let oct = [
        ticket("BS-2026-10-0001", "2026-10-08 09:00", "网络平台", Some("2026-10-08 17:00"), Some("2026-10-08 18:00")),
        ticket("BS-2026-10-0002", "2026-10-09 20:00", "网络平台", Some("2026-10-10 09:00"), Some("2026-10-10 10:00")),
    ]
    .concat();
    let nov = [
        ticket(
            "BS-2026-11-0001",
            "2026-11-30 23:50",
            "夜间监控中心",
            Some("2026-12-01 23:59"),
            Some("2026-12-02 10:00"),
        ),
        ticket("BS-2026-11-0002", "2026-11-10 10:00", "网络平台", None, Some("2026-11-10 12:00")),
    ]
    .concat();
    // Worklogs. Tracking: week of 09-14 yes, 09-21 no; 09-28 (logged 09-30, in
    // September's folder: the week ends 10-04, in October), 10-05, 10-12 yes.
    // Unit updates: every week except 10-05–10-11 (the National Day week); the
    // one of 10-26–11-01 is logged 10-28 and counts for November.
    let sep_logs = [
        daily(2026, 9, &[]),
        log("2026-09-18", "未完报事跟踪"),
        log("2026-09-30", "未完报事跟踪"),
        log("2026-09-02", "房屋信息更新"),
        log("2026-09-09", "房屋信息更新"),
        log("2026-09-16", "房屋信息更新"),
        log("2026-09-23", "房屋信息更新"),
        log("2026-09-30", "房屋信息更新"),
    ]
    .concat();
    let oct_logs = [
        daily(2026, 10, &[2, 3, 17]),
        log("2026-10-09", "未完报事跟踪"),
        log("2026-10-16", "未完报事跟踪"),
        log("2026-10-14", "房屋信息更新"),
        log("2026-10-21", "房屋信息更新"),
        log("2026-10-28", "房屋信息更新"),
    ]
    .concat();
    let nov_logs = [
        daily(2026, 11, &[]),
        log("2026-11-04", "房屋信息更新"),
        log("2026-11-11", "房屋信息更新"),
        log("2026-11-18", "房屋信息更新"),
        log("2026-11-25", "房屋信息更新"),
    ]
    .concat();
    // The October 报事分析会 is held on 3 November about October; the H2
    // segmentation review on 8 January 2027 about December.
    let nov_meetings = "- date: 2026-11-03\n  kind: 报事分析会\n  about: 2026-10\n  chair: 项目经理\n";
    let jan_meetings = "- date: 2027-01-08\n  kind: 客户细分评估会\n  about: 2026-12\n  chair: 客服主管\n";
    Fixture::empty()
        .file("site.yaml", SITE)
        .file("households.yaml", HOUSEHOLDS)
        .file("records/2026-06/tickets.yaml", &june)
        .file("records/2026-09/tickets.yaml", &sept)
        .file("records/2026-09/worklog.yaml", &sep_logs)
        .file("records/2026-10/tickets.yaml", &oct)
        .file("records/2026-10/worklog.yaml", &oct_logs)
        .file("records/2026-11/tickets.yaml", &nov)
        .file("records/2026-11/worklog.yaml", &nov_logs)
        .file("records/2026-11/meetings.yaml", nov_meetings)
        .file("records/2027-01/meetings.yaml", jan_meetings)
}

fn estate(f: &Fixture) -> wuye::records::Estate {
    let loaded = load(&Source::new(f.content()));
    let errors: Vec<_> = loaded.diags.iter().filter(|d| d.severity == wuye::diag::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    loaded.estate.expect("estate")
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The grid of 2026 as of `today`.
fn grid(e: &wuye::records::Estate, today: &str) -> GridView {
    let cx = Ctx { estate: e, today: date(today), drafts: false };
    let kpis = PeriodFigures::new(&cx);
    grid_view(&cx, &kpis, 2026)
}

/// Marks of row `no` (1-based), month 1–12.
fn marks(g: &GridView, no: usize) -> BTreeMap<u32, &'static str> {
    let row = &g.rows[no - 1];
    assert_eq!(row.no, no);
    (1..=12).zip(row.cells.iter().map(|c| c.mark)).collect()
}

fn why(g: &GridView, no: usize, month: u32) -> &str {
    &g.rows[no - 1].cells[month as usize - 1].why
}

#[test]
fn every_row_has_its_rule() {
    let e = estate(&fixture());
    let g = grid(&e, "2027-01-15");
    assert_eq!(g.rows.len(), 15);
    for r in &g.rows {
        assert!(!r.rule.is_empty() && !r.rule.contains("没有记录此项工作"), "row {} {}", r.no, r.rule);
    }
}

#[test]
fn daily_clearing_counts_every_day_holidays_included() {
    let g = grid(&estate(&fixture()), "2027-01-15");
    let m = marks(&g, 1);
    // June–August: no worklog at all (0/30, 0/31, 0/31); September 30/30;
    // October 28/31 (2 and 3 October are holidays, still days); November 30/30; December 0/31.
    assert_eq!((m[&6], m[&7], m[&8], m[&9], m[&10], m[&11], m[&12]), ("✗", "✗", "✗", "◎", "✗", "◎", "✗"));
    assert_eq!((m[&1], m[&5]), ("", ""), "before the first records: blank");
    assert!(why(&g, 1, 10).starts_with("缺 3 天：10月2日、10月3日、10月17日"), "{}", why(&g, 1, 10));
}

#[test]
fn night_entry_judged_by_the_end_of_the_next_day() {
    let g = grid(&estate(&fixture()), "2027-01-15");
    let m = marks(&g, 2);
    // September: 2 with entered_at, 1 in time → ✗; October: no night tickets → —;
    // November: entered 23:59 of the next day → ◎; June: none → —.
    assert_eq!((m[&6], m[&9], m[&10], m[&11]), ("—", "✗", "—", "◎"));
    assert!(why(&g, 2, 9).starts_with("1 条夜间报事次日后录入：BS-2026-09-0002"), "{}", why(&g, 2, 9));
    assert_eq!(why(&g, 2, 10), "当月没有夜间报事");
    let note = g.notes.iter().find(|n| n.text.contains("BS-2026-09-0002")).expect("a footnote states the shortfall");
    assert_eq!(Some(note.no), g.rows[1].cells[8].note);
}

#[test]
fn open_tracking_weeks_belong_to_the_month_they_end_in() {
    let g = grid(&estate(&fixture()), "2027-01-15");
    let m = marks(&g, 3);
    // September: weeks ending 09-06, 13, 20, 27; open at Monday 00:00 on 09-14
    // and 09-21; tracked 09-18 only → ✗. October: weeks from 09-28 (tracked
    // 09-30, a September date), 10-05, 10-12 had open tickets, all tracked → ◎.
    // November: no week began with open tickets → —.
    assert_eq!((m[&9], m[&10], m[&11]), ("✗", "◎", "—"));
    assert!(why(&g, 3, 9).starts_with("缺 1 周：9月21日–9月27日"), "{}", why(&g, 3, 9));
}

#[test]
fn online_entry_judged_on_the_same_day() {
    let g = grid(&estate(&fixture()), "2027-01-15");
    let m = marks(&g, 6);
    // October: 1 of 2 the same day → ✗; September none → —; November: none records entered_at → —.
    assert_eq!((m[&9], m[&10], m[&11]), ("—", "✗", "—"));
    assert!(why(&g, 6, 10).contains("BS-2026-10-0002"));
    assert_eq!(why(&g, 6, 11), "当月网络平台报事都没有录入时间");
}

#[test]
fn segmentation_judged_in_june_and_december_after_the_half_year() {
    let e = estate(&fixture());
    let g = grid(&e, "2027-01-15");
    let m = marks(&g, 12);
    // H1 has no 客户细分评估会 → June ✗; H2's is held 2027-01-08 about December → ◎.
    assert_eq!((m[&6], m[&12]), ("✗", "◎"));
    assert!(m.iter().all(|(k, v)| *k == 6 || *k == 12 || v.is_empty()), "{m:?}");
    // Before it is held, December is judged without it.
    assert_eq!(marks(&grid(&e, "2027-01-05"), 12)[&12], "✗");
}

#[test]
fn unit_info_weekly() {
    let g = grid(&estate(&fixture()), "2027-01-15");
    let m = marks(&g, 14);
    // September 4/4 (the week of 08-31 logged 09-02); October 3/4 (10-05 week
    // missing); November 5/5 (the week of 10-26 logged 10-28); December 0/4.
    assert_eq!((m[&9], m[&10], m[&11], m[&12]), ("◎", "✗", "◎", "✗"));
    assert!(why(&g, 14, 10).starts_with("缺 1 周：10月5日–10月11日"), "{}", why(&g, 14, 10));
}

#[test]
fn meetings_count_for_the_month_they_analyse() {
    let g = grid(&estate(&fixture()), "2027-01-15");
    let m = marks(&g, 4);
    // The meeting of 3 November is about October: October ◎, November ✗.
    assert_eq!((m[&10], m[&11]), ("◎", "✗"));
    // As of 2 November it has not been held: October is ✗.
    let e = estate(&fixture());
    assert_eq!(marks(&grid(&e, "2026-11-02"), 4)[&10], "✗");
}

#[test]
fn running_periods_are_never_judged() {
    let e = estate(&fixture());
    let g = grid(&e, "2026-10-15");
    for r in &g.rows {
        let c = &r.cells[9];
        assert!(c.mark == "进行中" || c.mark.is_empty(), "row {} October: {:?}", r.no, c.mark);
        assert!(r.cells[10..].iter().all(|c| c.mark.is_empty()), "row {}: months not begun are blank", r.no);
    }
    // Quarterly rows: Q3 ended 30 September and is judged; December (Q4) is blank.
    assert_eq!(marks(&g, 13)[&9], "◎");
    // The last day of a month ends it: as of 31 October, October is judged.
    let g = grid(&e, "2026-10-31");
    assert_eq!(marks(&g, 1)[&10], "✗");
    assert_eq!(marks(&g, 13)[&12], "");
}

#[test]
fn kpi_json_has_the_counts_behind_each_row() {
    let e = estate(&fixture());
    let k = kpi::compute(&e, Period::Month(Month::parse("2026-10").unwrap()));
    let v = serde_json::to_value(&k).unwrap();
    let r = &v["routines"];
    assert_eq!(r["daily_clearing"]["days"], 31);
    assert_eq!(r["daily_clearing"]["days_logged"], 28);
    assert_eq!(r["daily_clearing"]["missing_days"], serde_json::json!(["2026-10-02", "2026-10-03", "2026-10-17"]));
    assert_eq!(r["night_entry"]["tickets"], 0);
    assert!(r["night_entry"]["rate"].is_null());
    assert_eq!(r["online_entry"]["with_entered_at"], 2);
    assert_eq!(r["online_entry"]["on_time"], 1);
    assert_eq!(r["online_entry"]["late"], serde_json::json!(["BS-2026-10-0002"]));
    assert_eq!(r["open_tracking"]["weeks"], 4);
    assert_eq!(r["open_tracking"]["weeks_with_open"], 3);
    assert_eq!(r["open_tracking"]["weeks_tracked"], 3);
    assert_eq!(r["unit_info"]["weeks_updated"], 3);
    assert_eq!(r["unit_info"]["missing_weeks"], serde_json::json!(["2026-10-05"]));
    // The year: H2's review is credited by `about`.
    let y = kpi::compute(&e, Period::parse("2026").unwrap());
    assert_eq!(y.routines.segmentation.half_year, "2026-H2");
    assert_eq!(y.routines.segmentation.meetings, 1);
    assert_eq!(y.routines.daily_clearing.days, 365);
    assert_eq!(y.routines.daily_clearing.days_logged, 30 + 28 + 30);
}

#[test]
fn staff_names_stay_internal() {
    let f = fixture();
    let out = f.run(&["build", "--content", "content", "--output", "out", "--date", "2027-01-15", "--no-cache"]);
    out.assert_code(0);
    let mut public = String::new();
    let mut stack = vec![f.root().join("out/public")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                public.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
            }
        }
    }
    assert!(!public.contains("赵小满"), "a worklog's `by` reached the public site");
    let month = std::fs::read_to_string(f.root().join("out/internal/months/2026-10.html")).unwrap();
    assert!(month.contains("日常工作") && month.contains("客服 赵小满"), "the month page lists its routines");
    assert!(month.contains("10月17日"), "the missing day is listed");
}

#[test]
fn worklog_mistakes_are_reported() {
    let f = fixture()
        .file(
            "records/2026-10/worklog.yaml",
            "- date: 2026-10-01\n  kind: 报事日请\n  by: 客服 小李\n- date: 2026-09-30\n  kind: 报事日清\n  by: 客服 小李\n- date: 2026-10-02\n  kind: 报事日清\n  by: 客服 小李\n  tickets: [BS-2026-10-0003]\n- date: 2026-10-04\n  kind: 报事日清\n  by: 客服 小李\n  note: x\n",
        )
        .file("records/2026-11/meetings.yaml", "- date: 2026-11-03\n  kind: 报事分析会\n  about: 2026-12\n  chair: 项目经理\n");
    let out = f.check(&[]);
    out.assert_code(1);
    let w = "records/2026-10/worklog.yaml";
    out.assert_error(w, 2, 9, "报事日请").assert_mentions("报事日清");
    out.assert_error(w, 4, 9, "");
    out.assert_error(w, 10, 13, "BS-2026-10-0003").assert_mentions("是不是想写 `BS-2026-");
    out.assert_error(w, 14, 3, "note");
    out.assert_error("records/2026-11/meetings.yaml", 3, 10, "about");
    let f = f.file("records/2026-10/worklogs.yaml", "[]");
    f.check(&[]).assert_mentions("worklog.yaml");
}
