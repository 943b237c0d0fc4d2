//! `wuye import … --update` (issue 14): a later cumulative export completes
//! tickets already imported; only the changed records' lines are rewritten.

use std::fs;
use std::path::Path;
use std::process::Output;

const SITE: &str =
    "name: 测试物业服务中心\nestate: 测试花园\nbase_url: https://example.org/t/\nservice_phone: 0571-8888 0000\n";
const HOUSEHOLDS: &str = "- unit: 1-1-101\n  status: 已入住\n- unit: 1-1-102\n  status: 已入住\n";
const HEADER: &str = "报事单号,报事时间,渠道,区域,类别,房号,报事内容,责任部门,完工时间,回访时间,回访结果\n";
const ROW1: &str =
    "GD-2026-11-001,2026-11-01 09:00,电话,户内,水电,1-1-101,水管漏水,工程部,2026-11-01 15:00,2026-11-02 10:00,满意\n";
const ROW2_OPEN: &str = "GD-2026-11-002,2026-11-30 17:00,微信,公区,电梯,,电梯异响,工程部,,,\n";
const ROW2_DONE: &str =
    "GD-2026-11-002,2026-11-30 17:00,微信,公区,电梯,,电梯异响,工程部,2026-12-02 10:00,2026-12-02 16:00,基本满意\n";
const ROW3: &str = "GD-2026-11-003,2026-11-15 08:30,前台,公区,绿化,,树枝折断,工程部,2026-11-15 12:00,,\n";

fn wuye(dir: &Path, args: &[&str]) -> Output {
    crate::support::command()
        .current_dir(dir)
        .args(args)
        .args(["--content", "content", "--no-cache", "--date", "2026-12-05"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn estate() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    fs::create_dir_all(t.path().join("content/records/2026-11")).unwrap();
    fs::write(t.path().join("content/site.yaml"), SITE).unwrap();
    fs::write(t.path().join("content/households.yaml"), HOUSEHOLDS).unwrap();
    fs::write(t.path().join("first.csv"), format!("{HEADER}{ROW1}{ROW2_OPEN}{ROW3}")).unwrap();
    fs::write(t.path().join("second.csv"), format!("{HEADER}{ROW1}{ROW2_DONE}{ROW3}")).unwrap();
    t
}

const TICKETS: &str = "content/records/2026-11/tickets.yaml";

#[test]
fn update_rewrites_only_the_changed_record() {
    let t = estate();
    let first = wuye(t.path(), &["import", "tickets", "first.csv", "--month", "2026-11"]);
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    // The office adds a comment of its own; it must survive the update.
    let path = t.path().join(TICKETS);
    let mut before = fs::read_to_string(&path).unwrap();
    before = before.replacen("- id: GD-2026-11-003", "# 园区巡查发现\n- id: GD-2026-11-003", 1);
    fs::write(&path, &before).unwrap();

    // Without --update: refused, naming --update, nothing written.
    let refused = wuye(t.path(), &["import", "tickets", "second.csv", "--month", "2026-11"]);
    assert_eq!(refused.status.code(), Some(1), "{}", err(&refused));
    assert!(err(&refused).contains("--update"), "{}", err(&refused));
    assert_eq!(fs::read_to_string(&path).unwrap(), before);

    let updated = wuye(t.path(), &["import", "tickets", "second.csv", "--month", "2026-11", "--update"]);
    assert_eq!(updated.status.code(), Some(0), "{}", err(&updated));
    let e = err(&updated);
    assert!(e.contains("已按表格更新 1 条记录："), "{e}");
    assert!(
        e.contains(
            "GD-2026-11-002: 完工时间 空 → 2026-12-02 10:00；回访时间 空 → 2026-12-02 16:00；回访结果 空 → 基本满意"
        ),
        "{e}"
    );
    let after = fs::read_to_string(&path).unwrap();
    // The diff: three lines added inside GD-2026-11-002, nothing else moved.
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    let at = b.iter().position(|l| *l == "- id: GD-2026-11-002").unwrap();
    let end = at + b[at + 1..].iter().position(|l| !l.starts_with("  ")).unwrap() + 1;
    assert_eq!(a[..end], b[..end], "lines before the record's end unchanged");
    assert_eq!(
        a[end..end + 4],
        ["  completed_at: 2026-12-02 10:00", "  followup:", "    at: 2026-12-02 16:00", "    result: 基本满意"]
    );
    assert_eq!(a[end + 4..], b[end..], "lines after the record unchanged (the comment too)");
    let check = wuye(t.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", err(&check));

    // Again: nothing changes.
    let again = wuye(t.path(), &["import", "tickets", "second.csv", "--month", "2026-11", "--update"]);
    assert_eq!(again.status.code(), Some(0), "{}", err(&again));
    assert!(!err(&again).contains("已按表格更新"), "{}", err(&again));
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
}

/// A row that would make the record invalid is an error; nothing is written.
#[test]
fn an_invalid_update_writes_nothing() {
    let t = estate();
    let first = wuye(t.path(), &["import", "tickets", "first.csv", "--month", "2026-11"]);
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    let path = t.path().join(TICKETS);
    let before = fs::read_to_string(&path).unwrap();
    let bad = ROW2_DONE.replace("基本满意", "非常满意");
    fs::write(t.path().join("bad.csv"), format!("{HEADER}{ROW1}{bad}")).unwrap();
    let out = wuye(t.path(), &["import", "tickets", "bad.csv", "--month", "2026-11", "--update"]);
    assert_eq!(out.status.code(), Some(1), "{}", err(&out));
    assert!(err(&out).contains("非常满意"), "{}", err(&out));
    assert!(err(&out).contains("没有写入任何内容"), "{}", err(&out));
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}
