//! The hardening corpus: hostile, huge, mis-encoded and odd inputs. Each case
//! asserts its outcome (exit code, position, a distinctive part of the
//! message) and that nothing panics.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::support::estate::*;

/// A generous bound for "fast" in a debug build on a busy 2-core machine.
/// A hang guard, not a speed target: attacks must be refused, never left running.
const FAST: Duration = Duration::from_secs(20);

fn timed(f: impl FnOnce() -> Outcome) -> (Outcome, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

// ------------------------------------------------- resource exhaustion

/// "Billion laughs": nine levels of nine aliases each, 387 million nodes if expanded.
fn laughs(indent: &str) -> String {
    let mut s = format!("{indent}- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        let items = vec![format!("*a{p}"); 9].join(", ");
        let _ = writeln!(s, "{indent}- &a{i} [{items}]");
    }
    s
}

// An alias bomb inside a record is refused quickly with one error at the alias that overflows.
#[test]
fn alias_bomb_in_records() {
    let text = format!("- date: 2026-10-01\n  by: 李敏\n  findings: 0\n  areas:\n{}", laughs("    "));
    let e = TestEstate::valid().file(&rec("inspections.yaml"), &text);
    let (out, took) = timed(|| e.check_short(&[]));
    // Refused while keeping the sixth level (`&a5 [`, line 10): ~1.3 million nodes so far.
    out.assert_code(1)
        .assert_no_panic()
        .assert_error(&rec("inspections.yaml"), 10, 11, "E-YAML-ALIAS-BUDGET")
        .assert_errors(1);
    assert!(took < FAST, "took {took:?}");
}

// An alias bomb in site.yaml and in a notice's front matter is refused the same way.
#[test]
fn alias_bomb_in_site_and_front_matter() {
    let site = format!("{SITE}categories:\n  ticket:\n{}", laughs("    "));
    let notice = format!("---\ntitle: x\ntype: 其他\ndate: 2026-10-01\naffects:\n{}---\n", laughs("  "));
    let e = TestEstate::valid().file("site.yaml", &site).file("notices/bomb.md", &notice);
    let (out, took) = timed(|| e.check(&[]));
    out.assert_code(1).assert_no_panic().assert_mentions("别名");
    assert!(out.errors().iter().any(|l| l.starts_with("content/site.yaml:")), "{}", out.stderr);
    assert!(out.errors().iter().any(|l| l.starts_with("content/notices/bomb.md:")), "{}", out.stderr);
    assert!(took < FAST, "took {took:?}");
}

// Aliases used sparingly (a shared list of areas) still work.
#[test]
fn modest_aliases_are_fine() {
    let text = "\
- date: 2026-10-01
  by: 李敏
  areas: &std [公共区域环境, 设施设备]
  findings: 0
- date: 2026-10-08
  by: 李敏
  areas: *std
  findings: 1
";
    TestEstate::valid().file(&rec("inspections.yaml"), text).check(&[]).assert_clean();
}

// An alias to an anchor that was never defined is a clear error.
#[test]
fn alias_to_unknown_anchor() {
    let text = "- date: 2026-10-01\n  by: 李敏\n  areas: *nope\n  findings: 0\n";
    let out = TestEstate::valid().file(&rec("inspections.yaml"), text).check(&[]);
    out.assert_code(1).assert_no_panic().assert_errors(1);
    assert!(out.errors()[0].starts_with("content/records/2026-10/inspections.yaml:3:"), "{}", out.stderr);
}

// 10,000-deep flow sequences, flow maps and block sequences are refused with a clear error, no stack overflow.
#[test]
fn deep_nesting_is_refused() {
    let n = 10_000;
    let flow_seq = "[".repeat(n) + &"]".repeat(n) + "\n";
    let flow_map = "{a: ".repeat(n) + "1" + &"}".repeat(n) + "\n";
    let block_seq = "- ".repeat(n) + "x\n";
    let mut block_map = String::new();
    for i in 0..200 {
        let _ = writeln!(block_map, "{}a:", "  ".repeat(i));
    }
    let e = TestEstate::valid()
        .file(&rec("visits.yaml"), &flow_seq)
        .file(&rec("meetings.yaml"), &flow_map)
        .file(&rec("surveys.yaml"), &block_seq)
        .file(&rec("lost-found.yaml"), &format!("- {}", block_map.replace('\n', "\n  ")))
        .file("site.yaml", &format!("{SITE}targets:\n  x: {flow_seq}"));
    let (out, took) = timed(|| e.check(&[]));
    out.assert_code(1).assert_no_panic().assert_errors(5);
    for f in ["visits.yaml", "meetings.yaml", "surveys.yaml", "lost-found.yaml"] {
        // The one-line files fail on line 1; the block map where it passes the limit.
        let at = if f == "lost-found.yaml" { format!("content/{}:", rec(f)) } else { format!("content/{}:1:", rec(f)) };
        assert!(out.errors().iter().any(|l| l.starts_with(&at)), "{f}: {}", out.stderr);
    }
    assert!(out.stderr.contains("嵌套超过"), "{}", out.stderr);
    assert!(out.errors().iter().any(|l| l.starts_with("content/site.yaml:6:")), "{}", out.stderr);
    assert!(took < FAST, "took {took:?}");
}

// A map with 20,000 repeated keys is checked in linear time (each repeat reported at the repeat).
#[test]
fn many_repeated_keys_are_linear() {
    let mut text = String::from("- date: 2026-10-28\n  kind: 其他\n  chair: 经理\n");
    for _ in 0..20_000 {
        text.push_str("  notes: x\n");
    }
    let e = TestEstate::valid().file(&rec("meetings.yaml"), &text);
    let (out, took) = timed(|| e.check(&["--message-format", "short"]));
    out.assert_code(1).assert_no_panic().assert_errors(19_999);
    out.assert_error(&rec("meetings.yaml"), 5, 3, "`notes`");
    assert!(took < FAST, "took {took:?}");
}

// ------------------------------------------------- size

/// A valid tickets.yaml of at least `bytes` bytes: closed, followed-up indoor tickets in October 2026.
fn big_tickets(bytes: usize) -> (String, usize) {
    let mut s = String::with_capacity(bytes + 1024);
    let mut n = 0;
    while s.len() < bytes {
        n += 1;
        let day = n % 28 + 1;
        let _ = write!(
            s,
            "- id: BS-2026-10-{n:07}\n  reported_at: 2026-10-{day:02} 08:{m:02}\n  channel: 电话\n  area: 户内\n  category: 水电\n  unit: 1-1-101\n  description: 厨房水管接头漏水，业主请求上门维修，约定下午两点\n  department: 工程部\n  completed_at: 2026-10-{day:02} 18:00\n  cost: {c}.50\n  approved_by: 工程部经理\n  followup:\n    at: 2026-10-{day:02} 19:00\n    result: 满意\n",
            m = n % 60,
            c = n % 500
        );
    }
    (s, n)
}

// A valid 5 MB tickets.yaml loads with no diagnostics.
#[test]
fn valid_5mb_file() {
    let (text, n) = big_tickets(5 << 20);
    let e = TestEstate::valid().file(&rec("tickets.yaml"), &text).file(&rec("inspections.yaml"), "[]");
    let out = e.check(&["--no-cache"]);
    out.assert_clean();
    out.assert_mentions(&format!("报事 {n} 条"));
}

// A valid ~100 MB tickets.yaml loads with no diagnostics (about a minute in a
// debug build, ~300 MB; its speed is measured in bench/, not here).
#[test]
fn valid_100mb_file() {
    let (text, n) = big_tickets(100 << 20);
    let e = TestEstate::valid().file(&rec("tickets.yaml"), &text).file(&rec("inspections.yaml"), "[]");
    drop(text);
    let out = e.check(&["--no-cache"]);
    out.assert_clean();
    out.assert_mentions(&format!("报事 {n} 条"));
}

// A file over the size cap is refused at 1:1 before it is read (a sparse file: no disk used).
#[test]
fn file_over_size_cap() {
    let e = TestEstate::valid();
    let p = e.path(&rec("tickets.yaml"));
    let f = std::fs::OpenOptions::new().write(true).truncate(true).open(&p).unwrap();
    f.set_len(wuye::records::load::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let (out, took) = timed(|| e.check_short(&[]));
    out.assert_code(1).assert_no_panic().assert_error(&rec("tickets.yaml"), 1, 1, "E-FILE-TOO-LARGE").assert_errors(1);
    assert!(took < FAST, "took {took:?}");
}

// A file of exactly the cap is not refused for its size (here it is all NULs, so it is refused as not text).
#[test]
fn file_at_size_cap_is_read() {
    let e = TestEstate::valid();
    let p = e.path(&rec("visits.yaml"));
    let f = std::fs::OpenOptions::new().write(true).truncate(true).open(&p).unwrap();
    f.set_len(wuye::records::load::MAX_FILE_BYTES).unwrap();
    drop(f);
    let out = e.check(&[]);
    out.assert_code(1).assert_no_panic().assert_error(&rec("visits.yaml"), 1, 1, "UTF-8").assert_errors(1);
    assert!(!out.stderr.contains("太大"), "{}", out.stderr);
}

// A 1 MB single line (a flow list of records) is valid, and an error at its end has the right column.
#[test]
fn one_megabyte_single_line() {
    let rec1 = |i: usize, at: &str| {
        format!(
            "{{id: T{i}, reported_at: \"{at}\", channel: 电话, area: 公区, category: 水电, description: 公区路灯不亮请尽快维修谢谢, department: 工程部}}"
        )
    };
    let mut items = Vec::new();
    let mut len = 0;
    let mut i = 0;
    while len < 1 << 20 {
        let r = rec1(i, "2026-10-03 21:14");
        len += r.len() + 2;
        items.push(r);
        i += 1;
    }
    let good = format!("[{}]", items.join(", "));
    assert!(good.len() >= 1 << 20 && !good.contains('\n'));
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &good)
        .file(&rec("inspections.yaml"), "[]")
        .check(&[])
        .assert_clean();

    items.push(rec1(i, "2026-10-03 24:00"));
    let bad = format!("[{}]", items.join(", "));
    let col = bad[..bad.find("\"2026-10-03 24:00\"").unwrap()].chars().count() as u32 + 1;
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &bad)
        .file(&rec("inspections.yaml"), "[]")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 1, col, "24:00")
        .assert_errors(1);
}

// A 1 MB description on one line is just a long text.
#[test]
fn one_megabyte_value() {
    let long = "漏".repeat(350_000);
    let t = TICKETS.replace("description: 2栋电梯异响", &format!("description: {long}"));
    TestEstate::valid().file(&rec("tickets.yaml"), &t).check(&[]).assert_clean();
}

// ------------------------------------------------- encodings

// GBK text is refused at 1:1 with advice to save as UTF-8.
#[test]
fn gbk_is_refused() {
    // "- id: 测试" in GBK.
    let gbk: &[u8] = b"- id: \xb2\xe2\xca\xd4\n";
    TestEstate::valid()
        .bytes(&rec("tickets.yaml"), gbk)
        .bytes("notices/gbk.md", b"---\ntitle: \xb2\xe2\xca\xd4\n---\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 1, 1, "UTF-8")
        .assert_error("notices/gbk.md", 1, 1, "UTF-8")
        .assert_errors(2);
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
    }
    for u in text.encode_utf16() {
        out.extend(if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

// UTF-16 (LE and BE, with or without BOM) is refused at 1:1 with advice to save as UTF-8.
#[test]
fn utf16_is_refused() {
    let e = TestEstate::valid()
        .bytes(&rec("visits.yaml"), &utf16(VISITS, false, true))
        .bytes(&rec("surveys.yaml"), &utf16(SURVEYS, true, true))
        .bytes(&rec("meetings.yaml"), &utf16(MEETINGS, false, false))
        .bytes("households.yaml", &utf16(HOUSEHOLDS, true, false));
    let out = e.check(&[]);
    out.assert_code(1)
        .assert_no_panic()
        .assert_error(&rec("visits.yaml"), 1, 1, "UTF-8")
        .assert_error(&rec("surveys.yaml"), 1, 1, "UTF-8")
        .assert_error(&rec("meetings.yaml"), 1, 1, "UTF-8")
        .assert_error("households.yaml", 1, 1, "UTF-8")
        .assert_errors(4);
}

// UTF-8 with a BOM and CRLF line endings is valid, everywhere.
#[test]
fn bom_and_crlf_are_valid() {
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    let e = TestEstate::valid()
        .file("site.yaml", &crlf(SITE))
        .file("households.yaml", &crlf(HOUSEHOLDS))
        .file(&rec("tickets.yaml"), &crlf(TICKETS))
        .file(&rec("fees.yaml"), &crlf(FEES))
        .file("roles/engineer.md", &crlf(ROLE_ENGINEER))
        .file("notices/2026-11-water.md", &crlf(NOTICE))
        .file("calendar.yaml", &crlf("2027:\n  holidays: [2027-01-01]\n"));
    e.check(&[]).assert_clean();
}

// With a BOM and CRLF, positions are still right: the BOM is not a column, CR is not part of a line.
#[test]
fn bom_and_crlf_positions() {
    let t = TICKETS.replace("category: 电梯", "category: 电悌");
    let t = format!("\u{feff}{}", t.replace('\n', "\r\n"));
    let v = format!("\u{feff}{}", "- unit: 1-1-109\r\n  date: 2026-10-12\r\n  mode: 面访\r\n  by: 李敏\r\n");
    let n = format!("\u{feff}{}", NOTICE.replace("type: 停水停电", "type: 停水").replace('\n', "\r\n"));
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .file(&rec("visits.yaml"), &v)
        .file("notices/2026-11-water.md", &n)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 23, 13, "`电悌`")
        .assert_error(&rec("visits.yaml"), 1, 9, "`1-1-109`")
        .assert_error("notices/2026-11-water.md", 3, 7, "`停水`")
        .assert_errors(3);
}

// Old Mac line endings (CR only) are read as line breaks too: lines still count.
#[test]
fn cr_only_line_endings() {
    let v = "- unit: 1-1-101\r  date: 2026-10-12\r  mode: 电视\r  by: 李敏\r";
    TestEstate::valid()
        .file(&rec("visits.yaml"), v)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 3, 9, "`电视`")
        .assert_errors(1);
}

// ------------------------------------------------- YAML syntax

// A tab in indentation is a syntax error pointing at the tab, with help about spaces.
#[test]
fn tabs_in_indentation() {
    TestEstate::valid()
        .file(&rec("inspections.yaml"), "- date: 2026-10-01\n  by: 李敏\n  findings: 1\n\tareas: [a]\n")
        .file(
            &rec("meetings.yaml"),
            "- date: 2026-10-28\n  kind: 其他\n  chair: 经理\n  notes: |\n    纪要\n\t第二行\n",
        )
        .file("households.yaml", "- unit: 1-1-101\n\tstatus: 已入住\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("inspections.yaml"), 4, 1, "Tab")
        .assert_error(&rec("meetings.yaml"), 6, 1, "Tab")
        .assert_error("households.yaml", 2, 1, "Tab")
        .assert_mentions("不能用 Tab")
        .assert_errors(3);
}

// A tab between a key and its value is allowed YAML.
#[test]
fn tab_after_colon_is_fine() {
    TestEstate::valid()
        .file(&rec("meetings.yaml"), "- date:\t2026-10-28\n  kind: 其他\n  chair:\t经理\n")
        .check(&[])
        .assert_clean();
}

// Duplicate keys in one map: each repeat is an error at the repeat, the first is not.
#[test]
fn duplicate_keys_in_one_map() {
    TestEstate::valid()
        .file(
            &rec("visits.yaml"),
            "- unit: 1-1-101\n  date: 2026-10-12\n  unit: 1-1-102\n  mode: 面访\n  by: 李敏\n  unit: 2-1-201\n",
        )
        .file(&rec("meetings.yaml"), "- {date: 2026-10-28, kind: 其他, chair: 经理, kind: 其他}\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 3, 3, "`unit`")
        .assert_error(&rec("visits.yaml"), 6, 3, "`unit`")
        // `- {date: 2026-10-28, kind: 其他, chair: 经理, ` is 42 characters.
        .assert_error(&rec("meetings.yaml"), 1, 43, "`kind`")
        .assert_errors(3);
}

// Two YAML documents in one file are refused.
#[test]
fn two_documents() {
    let out =
        TestEstate::valid().file(&rec("meetings.yaml"), &format!("---\n{MEETINGS}---\n{MEETINGS}")).check_short(&[]);
    out.assert_code(1).assert_no_panic().assert_error(&rec("meetings.yaml"), 6, 1, "E-YAML-MULTI-DOC").assert_errors(1);
}

// Keys that are not plain words (a flow map or list as key) are refused, not crashed on.
#[test]
fn complex_keys() {
    let out = TestEstate::valid()
        .file(&rec("meetings.yaml"), "- ? [a, b]\n  : 1\n  date: 2026-10-28\n  kind: 其他\n  chair: 经理\n")
        .check_short(&[]);
    out.assert_code(1).assert_no_panic().assert_error(&rec("meetings.yaml"), 1, 5, "E-KEY-NOT-TEXT").assert_errors(1);
}

// A top-level scalar where a list is expected is refused once.
#[test]
fn top_level_scalar() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "42\n")
        .file(&rec("fees.yaml"), "\"bills\"\n")
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 1, 1, "E-SHAPE-LIST")
        .assert_error(&rec("fees.yaml"), 1, 1, "bills")
        .assert_errors(2);
}

// ------------------------------------------------- YAML 1.1 / float traps where money is expected

// `1e309`, `.nan`, `.inf`, `0x10`, `1_000`, `-0`, `+5` where money is expected: each an error at the value.
#[test]
fn float_and_hex_money() {
    let mut bills = String::from("bills:\n");
    let bad = ["1e309", ".nan", ".inf", "0x10", "1_000", "-0", "+5", "0o17", "¥286", "1e3"];
    for (i, v) in bad.iter().enumerate() {
        let _ = writeln!(bills, "  - {{unit: 1-1-101, item: 费{i}, period: 2026-10, amount: {v}}}");
    }
    let out = TestEstate::valid().file(&rec("fees.yaml"), &bills).check(&[]);
    out.assert_code(1).assert_no_panic();
    for (i, v) in bad.iter().enumerate() {
        let line = format!("  - {{unit: 1-1-101, item: 费{i}, period: 2026-10, amount: ");
        out.assert_error(&rec("fees.yaml"), i as u32 + 2, line.chars().count() as u32 + 1, &format!("`{v}`"));
    }
    out.assert_errors(bad.len());
    // The same traps in a ticket's cost.
    let t = TICKETS.replace("cost: 350", "cost: .NaN");
    TestEstate::valid().file(&rec("tickets.yaml"), &t).check(&[]).assert_code(1).assert_error(
        &rec("tickets.yaml"),
        13,
        9,
        "`.NaN`",
    );
}

// 2026-02-29 does not exist; 2024-02-29 does.
#[test]
fn february_29() {
    let v = |d: &str| format!("- unit: 1-1-101\n  date: {d}\n  mode: 面访\n  by: 李敏\n");
    TestEstate::valid()
        .file("records/2026-02/visits.yaml", &v("2026-02-29"))
        .check(&[])
        .assert_code(1)
        .assert_error("records/2026-02/visits.yaml", 2, 9, "2026-02-29")
        .assert_errors(1);
    TestEstate::valid().file("records/2024-02/visits.yaml", &v("2024-02-29")).check(&[]).assert_clean();
}

// 24:00 is an error (times run to 23:59:59); so are 21:60, 7:05 and a time zone.
#[test]
fn times_run_to_23_59_59() {
    let c = |t: &str| COMPLAINTS.replace("resolved_at: 2026-10-06 15:00", &format!("resolved_at: {t}"));
    for bad in
        ["2026-10-06 24:00", "2026-10-06 21:60", "2026-10-06 7:05", "2026-10-06T15:00+08:00", "2026-10-06 15:00:60"]
    {
        TestEstate::valid()
            .file(&rec("complaints.yaml"), &c(bad))
            .check(&[])
            .assert_code(1)
            .assert_error(&rec("complaints.yaml"), 9, 16, bad)
            .assert_errors(1);
    }
    TestEstate::valid().file(&rec("complaints.yaml"), &c("2026-10-06 23:59:59")).check(&[]).assert_clean();
}

// ------------------------------------------------- file names and the file system

// File names with spaces, Chinese and emoji in notices/ and roles/ work, and reports_to can name them.
#[test]
fn unusual_file_names() {
    let role = |up: &str| format!("---\ntitle: 秩序维护员\ndepartment: 秩序部\nreports_to: {up}\norder: 2\n---\n");
    TestEstate::valid()
        .file("roles/秩序 主管 🛡️.md", &role("manager"))
        .file("roles/guard.md", &role("\"秩序 主管 🛡️\""))
        .file("notices/停水 通知 💧.md", NOTICE)
        .file("notices/2026 年 国庆 🎉 活动.md", &NOTICE.replace("type: 停水停电", "type: 社区活动"))
        .check(&[])
        .assert_clean();
    // And their paths are shown as they are.
    TestEstate::valid()
        .file("notices/停水 通知 💧.md", &NOTICE.replace("type: 停水停电", "type: 停水"))
        .check(&[])
        .assert_code(1)
        .assert_error("notices/停水 通知 💧.md", 3, 7, "`停水`");
}

// A symlink pointing outside the content directory is refused with an error (and not read), wherever it is.
#[cfg(unix)]
#[test]
fn symlink_outside_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, "- unit: 9-9-999\n  status: 已入住\n").unwrap();
    let month = outside.path().join("2026-09");
    std::fs::create_dir(&month).unwrap();
    std::fs::write(month.join("visits.yaml"), VISITS.replace("2026-10", "2026-09")).unwrap();

    let e = TestEstate::valid().remove("households.yaml").remove(&rec("visits.yaml"));
    symlink(&secret, e.path("households.yaml")).unwrap();
    symlink(&secret, e.path(&rec("visits.yaml"))).unwrap();
    symlink(&month, e.path("records/2026-09")).unwrap();
    symlink(&secret, e.path("notices/leak.md")).unwrap();
    std::fs::create_dir_all(e.path("static")).unwrap();
    symlink(&secret, e.path("static/leak.txt")).unwrap();
    symlink(outside.path().join("missing"), e.path("roles/dangling.md")).unwrap();
    let out = e.check_short(&[]);
    out.assert_code(1)
        .assert_no_panic()
        .assert_error("households.yaml", 1, 1, "E-SYMLINK-OUTSIDE")
        .assert_error(&rec("visits.yaml"), 1, 1, "E-SYMLINK-OUTSIDE")
        .assert_error("records/2026-09", 1, 1, "E-SYMLINK-OUTSIDE")
        .assert_error("notices/leak.md", 1, 1, "E-SYMLINK-OUTSIDE")
        .assert_error("static/leak.txt", 1, 1, "E-SYMLINK-OUTSIDE")
        .assert_error("roles/dangling.md", 1, 1, "E-SYMLINK-OUTSIDE")
        .assert_errors(6);
    assert!(!out.stderr.contains("9-9-999"), "the target was read:\n{}", out.stderr);
}

// A symlink that stays inside the content directory is followed.
#[cfg(unix)]
#[test]
fn symlink_inside_is_fine() {
    let e = TestEstate::valid();
    std::os::unix::fs::symlink(e.path("roles/manager.md"), e.path("roles/boss.md")).unwrap();
    e.check(&[]).assert_clean();
}

// A directory where a record file should be is an unknown entry, not a crash.
#[test]
fn directory_named_like_a_record_file() {
    let out = TestEstate::valid().remove(&rec("visits.yaml")).dir(&rec("visits.yaml")).check(&[]);
    out.assert_code(1).assert_no_panic().assert_error(&rec("visits.yaml"), 1, 1, "visits.yaml").assert_errors(1);
}

// An empty file of each kind is valid (records, households, calendar, bulletin).
#[test]
fn empty_file_of_each_kind() {
    let mut e = TestEstate::valid()
        .remove(MONTH)
        .file("households.yaml", "")
        .file("calendar.yaml", "")
        .file("bulletins/2026-Q4.md", "");
    for k in ["tickets", "complaints", "visits", "surveys", "fees", "inspections", "lost-found", "meetings"] {
        e = e.file(&format!("{MONTH}/{k}.yaml"), "");
    }
    e.check(&[]).assert_clean();
}

// ------------------------------------------------- garbage

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Garbage of three flavours: random bytes, random YAML punctuation and words, and a valid file with bytes flipped.
fn garbage(rng: &mut Rng, valid: &str) -> Vec<u8> {
    const TOKENS: &[&str] = &[
        "- ",
        ": ",
        "\n",
        "  ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "? ",
        "|",
        ">",
        "'",
        "\"",
        "#",
        "!!str ",
        "---\n",
        "...\n",
        "id",
        "date",
        "2026-10-01",
        "24:00",
        "1e309",
        ".nan",
        "~",
        "null",
        "\t",
        "户内",
        "💧",
        "\\",
        "%YAML 1.2\n",
        "bills",
        "payments",
        "unit",
        "1-1-101",
        "-",
        ":",
        "&",
        "*",
        "\r\n",
        "\u{feff}",
        "<<",
        "=",
    ];
    let len = rng.below(400);
    match rng.below(3) {
        0 => (0..len).map(|_| rng.next() as u8).collect(),
        1 => {
            let mut s = String::new();
            for _ in 0..len {
                s.push_str(TOKENS[rng.below(TOKENS.len())]);
            }
            s.into_bytes()
        }
        _ => {
            let mut b = valid.as_bytes().to_vec();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len().max(1));
                if i < b.len() {
                    match rng.below(3) {
                        0 => b[i] = rng.next() as u8,
                        1 => {
                            b.remove(i);
                        }
                        _ => b.insert(i, TOKENS[rng.below(TOKENS.len())].as_bytes()[0]),
                    }
                }
            }
            b
        }
    }
}

// Random garbage in every record file (and the Markdown pages) never panics: exit 0 or 1, no "panicked".
#[test]
fn garbage_never_panics() {
    let kinds = [
        ("tickets.yaml", TICKETS),
        ("complaints.yaml", COMPLAINTS),
        ("visits.yaml", VISITS),
        ("surveys.yaml", SURVEYS),
        ("fees.yaml", FEES),
        ("inspections.yaml", INSPECTIONS),
        ("lost-found.yaml", LOST_FOUND),
        ("meetings.yaml", MEETINGS),
    ];
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    for round in 0..50 {
        let mut e = TestEstate::valid();
        for (k, valid) in kinds {
            e = e.bytes(&rec(k), &garbage(&mut rng, valid));
        }
        e = e
            .bytes("roles/engineer.md", &garbage(&mut rng, ROLE_ENGINEER))
            .bytes("notices/2026-11-water.md", &garbage(&mut rng, NOTICE));
        if round % 5 == 0 {
            e = e.bytes("households.yaml", &garbage(&mut rng, HOUSEHOLDS)).bytes("site.yaml", &garbage(&mut rng, SITE));
        }
        let out = e.check(&[]);
        assert!(out.code == 0 || out.code == 1, "round {round}: exit {}\n{}", out.code, out.stderr);
        out.assert_no_panic();
    }
}
