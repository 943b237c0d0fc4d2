//! `wuye kpi` end to end: the built binary on tests/fixtures/kpi-basic, whose
//! figures are computed by hand below, plus the usage and content errors.

use std::path::PathBuf;
use std::process::Output;

use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `wuye kpi` in a scratch working directory (so no cache lands in the repo).
fn kpi(content: &str, args: &[&str]) -> Output {
    let cwd = tempfile::tempdir().expect("temp dir");
    crate::support::command()
        .current_dir(cwd.path())
        .arg("kpi")
        .arg("--content")
        .arg(fixture(content))
        .arg("--no-cache")
        .args(args)
        .output()
        .expect("run wuye")
}

fn json_of(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

/// Every contract figure of 2026-Q3, computed by hand from the fixture's files.
#[test]
fn quarter_json_matches_hand_computed_figures() {
    let v = json_of(&kpi("kpi-basic", &["--period", "2026-Q3", "--format", "json"]));
    assert_eq!(v["period"], "2026-Q3");
    assert_eq!(v["start"], "2026-07-01");
    assert_eq!(v["end"], "2026-09-30");

    // Tickets: 0001 (2h, follow-up exactly 24h), 0002 (4h, follow-up 24h+1min),
    // 0003 (open), 0004 in August (1.5h). Sorted 1.5, 2, 4 h → median 2.
    let t = &v["tickets"];
    assert_eq!(t["reported"], 4);
    assert_eq!(t["completed"], 3);
    assert_eq!(t["completion_rate"], 0.75);
    assert_eq!(t["open_at_end"], 1);
    assert_eq!(t["median_resolution_hours"], 2.0);
    assert_eq!(t["followup_24h_rate"], 2.0 / 3.0);
    assert_eq!(t["over_threshold_unapproved"], 0); // 350 was approved
    assert_eq!(t["by_area"], json!({"户内": 2, "公区": 2}));
    assert_eq!(t["by_category"], json!({"水电": 2, "电梯": 1, "公共设施": 1}));
    assert_eq!(t["by_channel"], json!({"电话": 2, "微信": 1, "夜间监控中心": 1}));

    // Complaints: both resolved Wed 30 Sep; the third working day is the 调休 Saturday 10 Oct.
    let c = &v["complaints"];
    assert_eq!(c["received"], 2);
    assert_eq!(c["valid"], 1);
    assert_eq!(c["per_100_households"], 25.0); // 1 × 100 / 4 units
    assert_eq!(c["resolved"], 2);
    assert_eq!(c["resolution_rate"], 1.0);
    assert_eq!(c["followup_3wd_rate"], 0.5); // 10-10 23:00 in time, 10-11 00:00 late
    assert_eq!(c["by_category"], json!({"噪音": 1, "收费": 1}));

    // Fees: July bills 100 + (100 − 20) + 0.30 = 180.30, all paid before 1 Oct
    // (60 + 40 late, 100 prepaid capped at 80, 0.10 + 0.20). June's 200 is arrears,
    // paid 150 + 100 in the quarter, capped at 200.
    let f = &v["fees"];
    assert_eq!(f["receivable"], "180.30");
    assert_eq!(f["collected"], "180.30");
    assert_eq!(f["collection_rate"], 1.0);
    assert_eq!(f["arrears_at_start"], "200.00");
    assert_eq!(f["arrears_collected"], "200.00");
    assert_eq!(f["arrears_recovery_rate"], 1.0);

    let s = &v["satisfaction"];
    assert_eq!(s["responses"], 2);
    assert_eq!(s["satisfied"], 1);
    assert_eq!(s["rate"], 0.5);
    assert_eq!(s["mean_score"], 4.0);
    assert_eq!(s["by_line"], json!({"客服": 4.0, "工程": 4.0}));

    // Visits since 1 Jan: 101 face to face in March; 102 never; 201 twice; 202 once.
    let vi = &v["visits"];
    assert_eq!(vi["occupied_units"], 2);
    assert_eq!(vi["visited_units"], 1);
    assert_eq!(vi["coverage"], 0.5);
    assert_eq!(vi["face_to_face_units"], 1);
    assert_eq!(vi["face_to_face_share"], 0.5);
    assert_eq!(vi["unoccupied_units"], 2);
    assert_eq!(vi["unoccupied_twice"], 1);
    assert_eq!(vi["unoccupied_compliance"], 0.5);

    let i = &v["inspections"];
    assert_eq!(i["days"], 92);
    assert_eq!(i["days_inspected"], 2);
    assert_eq!(i["compliance"], 2.0 / 92.0);
}

/// July alone: the late and arrears payments of August are not yet in.
#[test]
fn month_json_excludes_later_payments() {
    let v = json_of(&kpi("kpi-basic", &["--period", "2026-07", "--format", "json"]));
    let f = &v["fees"];
    assert_eq!(f["receivable"], "180.30");
    assert_eq!(f["collected"], "140.30"); // 60 + 80 + 0.30
    assert_eq!(f["collection_rate"], 14030.0 / 18030.0);
    assert_eq!(f["arrears_collected"], "150.00");
    assert_eq!(f["arrears_recovery_rate"], 0.75);
    assert_eq!(f["households_billed"], 2);
    assert_eq!(f["households_paid"], 1);
    assert_eq!(v["tickets"]["open_at_end"], 1);
    assert_eq!(v["tickets"]["median_resolution_hours"], 3.0); // (2h + 4h) / 2
    assert_eq!(v["inspections"]["compliance"], 2.0 / 31.0);
}

/// A period with no records is not an error: zero counts and null rates.
#[test]
fn period_without_records() {
    // As of its last day: a period that has not begun by the as-of day is refused (kpi.md).
    let v = json_of(&kpi("kpi-basic", &["--period", "2030", "--format", "json", "--date", "2030-12-31"]));
    assert_eq!(v["end"], "2030-12-31");
    assert_eq!(v["tickets"]["reported"], 0);
    assert_eq!(v["tickets"]["completion_rate"], Value::Null);
    assert_eq!(v["fees"]["collection_rate"], Value::Null);
    assert_eq!(v["fees"]["receivable"], "0.00");
    assert_eq!(v["inspections"]["days"], 365);
    assert_eq!(v["inspections"]["compliance"], 0.0);
}

/// The default format is the table, with Chinese labels (the site is zh-CN) and targets.
#[test]
fn table_is_the_default() {
    let out = kpi("kpi-basic", &["--period", "2026-Q3"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2026年第3季度"), "{text}");
    assert!(text.contains("75.0%（3/4）"), "{text}");
    assert!(text.contains("目标 98.0%  ✗ 未达标"), "{text}");
}

/// The table names KPIs as the pages do (one catalogue) and speaks the
/// site's `language`: English labels, targets and marks for `language: en`.
#[test]
fn table_uses_page_labels_and_the_site_language() {
    let zh = String::from_utf8(kpi("kpi-basic", &["--period", "2026-Q3"]).stdout).unwrap();
    for label in
        ["报事量", "报事完成率", "投诉处理完成率", "收缴率（当期）", "业主综合满意率", "面访占比（占已入住户）"]
    {
        assert!(zh.lines().any(|l| l.trim_start().starts_with(label)), "{label}: {zh}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("kpi-basic"), dir.path());
    let site = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("language:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&site, format!("{text}language: en\n")).unwrap();
    let out = kpi(dir.path().to_str().unwrap(), &["--period", "2026-Q3"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let en = String::from_utf8(out.stdout).unwrap();
    assert!(en.contains("2026 Q3 (2026-07-01 to 2026-09-30)"), "{en}");
    assert!(en.lines().any(|l| l.trim_start().starts_with("Request completion rate")), "{en}");
    assert!(en.contains("75.0% (3/4)  target 98.0%  ✗ missed"), "{en}");
    assert!(!en.contains("目标") && !en.contains("报事"), "{en}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A bad period is a usage error (2) naming the accepted forms; nothing on stdout.
#[test]
fn bad_period_is_a_usage_error() {
    for bad in ["2026-Q5", "2026/07", "Q3"] {
        let out = kpi("kpi-basic", &["--period", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(bad) && err.contains("YYYY-MM") && err.contains("YYYY-Qn"), "{err}");
    }
}

/// Invalid content: diagnostics on stderr, nothing on stdout, exit 1.
#[test]
fn invalid_content_exits_1() {
    let out = kpi("kpi-invalid", &["--period", "2026-Q3", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("records/2026-07/tickets.yaml:6:9: error:") && err.contains("9-9-999"), "{err}");
}
