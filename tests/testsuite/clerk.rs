//! Clerk-proof authoring (issue 14): every keyboard slip explained in the
//! clerk's language with the text to paste, every slip of a file in one run,
//! the wrong folder refused as a command-line problem, a fresh estate that
//! counts and publishes nothing.

use crate::support::estate::*;

const T: &str = "records/2026-10/tickets.yaml";

/// A ticket file with one slip on its line 4 (`channel`), the rest valid.
fn ticket_with(channel_line: &str) -> String {
    format!(
        "- id: BS-2026-10-0001\n  reported_at: 2026-10-03 21:14\n  area: 公区\n{channel_line}\n  category: 电梯\n  description: 异响\n  department: 工程部\n- id: BS-2026-10-0002\n  reported_at: 2026-10-05 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 2栋电梯异响\n  department: 工程部\n"
    )
}

fn check_tickets(text: &str) -> Outcome {
    TestEstate::valid().file(T, text).check(&[])
}

#[test]
fn full_width_colon() {
    let out = check_tickets(&ticket_with("  channel： 电话"));
    out.assert_code(1).assert_error(T, 4, 10, "全角冒号").assert_mentions("help: 改成：channel: 电话").assert_errors(1);
    // The caret is under the one offending character, not the whole line.
    out.assert_mentions("4 |   channel： 电话\n  |          ^^\n");
}

#[test]
fn missing_space_after_colon() {
    check_tickets(&ticket_with("  channel:电话"))
        .assert_code(1)
        .assert_error(T, 4, 10, "冒号后面少了空格")
        .assert_mentions("help: 改成：channel: 电话")
        .assert_errors(1);
}

#[test]
fn tab_in_indentation() {
    check_tickets(&ticket_with("\tchannel: 电话"))
        .assert_code(1)
        .assert_error(T, 4, 1, "Tab")
        .assert_mentions("help: 行首用 2 个空格代替 Tab，写：channel: 电话")
        .assert_errors(1);
}

/// A key indented one space further than the key above reads, to YAML, as
/// more of that key's value; the parser's "mapping values are not allowed"
/// becomes the indentation to fix, with the number of spaces.
#[test]
fn key_indented_too_far() {
    let text = ticket_with("  channel: 电话")
        .replace("  department: 工程部\n- id: BS-2026-10-0002", "   department: 工程部\n- id: BS-2026-10-0002");
    check_tickets(&text)
        .assert_code(1)
        .assert_error(T, 7, 4, "多缩进")
        .assert_mentions("help: 行首留 2 个空格，和上一行的字段对齐，写：department: 工程部")
        .assert_errors(1);
}

/// A key left of its record's keys, by one space or all of them, is that
/// record's key lost its indentation (not a new record without `- `): one
/// error, and no "missing department" for the record it belongs to.
#[test]
fn key_indented_too_little() {
    for (line, col) in [(" department: 工程部", 2), ("department: 工程部", 1)] {
        let text = ticket_with("  channel: 电话")
            .replace("  department: 工程部\n- id: BS-2026-10-0002", &format!("{line}\n- id: BS-2026-10-0002"));
        check_tickets(&text)
            .assert_code(1)
            .assert_error(T, 7, col, "少缩进")
            .assert_mentions("help: 行首留 2 个空格，和上一行的字段对齐，写：department: 工程部")
            .assert_errors(1);
    }
    // The key records start with, at the records' column, is still a record without `- `.
    let text = ticket_with("  channel: 电话").replace("- id: BS-2026-10-0002", "id: BS-2026-10-0002");
    check_tickets(&text).assert_code(1).assert_error(T, 8, 1, "新记录要以 `- `").assert_errors(1);
}

/// A key under `followup:` left of the key above it (three spaces where
/// the map's keys have four) is named as such, with the spaces to add,
/// instead of the parser's "did not find expected key".
#[test]
fn nested_key_indented_too_little() {
    let text = format!(
        "{}  completed_at: 2026-10-03 22:00\n  followup:\n    at: 2026-10-04 16:00\n   by: 客服 李敏\n    result: 满意\n",
        ticket_with("  channel: 电话").split("- id: BS-2026-10-0002").next().unwrap()
    );
    check_tickets(&text)
        .assert_code(1)
        .assert_error(T, 11, 4, "比上一行少缩进了")
        .assert_mentions("help: 行首留 4 个空格，和上一行的字段对齐，写：by: 客服 李敏")
        .assert_errors(1);
}

/// A key of `followup:` moved back to the record's own column is valid
/// YAML, but a key of the record: one slip there with the line to paste,
/// not "unknown field" in the record and "missing field" in the followup.
#[test]
fn nested_key_at_the_records_column() {
    let with = |lines: &str| {
        ticket_with("  channel: 电话").replace(
            "  department: 工程部\n- id: BS-2026-10-0002",
            &format!("  department: 工程部\n  completed_at: 2026-10-03 22:00\n{lines}- id: BS-2026-10-0002"),
        )
    };
    check_tickets(&with("  followup:\n    at: 2026-10-04 16:00\n    by: 客服 李敏\n  result: 满意\n"))
        .assert_code(1)
        .assert_error(T, 12, 3, "比上一行少缩进了")
        .assert_mentions("help: 行首留 4 个空格，和上一行的字段对齐，写：result: 满意")
        .assert_errors(1);
    // Every key of the followup at the record's column, `followup:` left empty: each is named, to go under it.
    check_tickets(&with("  followup:\n  at: 2026-10-04 16:00\n  result: 满意\n"))
        .assert_code(1)
        .assert_error(T, 10, 3, "这个字段属于上面的 followup")
        .assert_error(T, 11, 3, "这个字段属于上面的 followup")
        .assert_mentions("help: 行首留 4 个空格，写在 followup 下面：at: 2026-10-04 16:00")
        .assert_mentions("help: 行首留 4 个空格，写在 followup 下面：result: 满意")
        .assert_errors(2);
    // After another key of the record, it is that record's unknown key, as before.
    check_tickets(&with("  followup:\n    at: 2026-10-04 16:00\n  cost: 0\n  result: 满意\n"))
        .assert_code(1)
        .assert_error(T, 12, 3, "未知字段 `result`")
        .assert_errors(2);
    // A followup written on one line has no column to restore: the record's key is unknown, as before.
    check_tickets(&with("  followup: {at: 2026-10-04 16:00}\n  result: 满意\n"))
        .assert_code(1)
        .assert_error(T, 10, 3, "未知字段 `result`")
        .assert_errors(2);
}

#[test]
fn full_width_space() {
    check_tickets(&ticket_with("\u{3000} channel: 电话"))
        .assert_code(1)
        .assert_error(T, 4, 1, "全角空格")
        .assert_mentions("help: 改成：channel: 电话")
        .assert_errors(1);
}

#[test]
fn unclosed_quote() {
    check_tickets(&ticket_with("  channel: \"电话"))
        .assert_code(1)
        .assert_error(T, 4, 12, "引号没有闭合")
        .assert_mentions("help: 改成：channel: \"电话\"")
        .assert_errors(1);
}

#[test]
fn record_without_dash() {
    let text = ticket_with("  channel: 电话").replace("- id: BS-2026-10-0002", "-id: BS-2026-10-0002");
    check_tickets(&text)
        .assert_code(1)
        .assert_error(T, 8, 1, "新记录要以 `- `")
        .assert_mentions("help: 改成：- id: BS-2026-10-0002")
        .assert_errors(1);
}

/// `- channel： 微信` as a record's first line reads as one text; still named as the slip.
#[test]
fn full_width_colon_on_a_first_line() {
    let text = "- channel： 电话\n  id: BS-2026-10-0001\n";
    let out = check_tickets(text);
    out.assert_code(1).assert_error(T, 1, 10, "全角冒号").assert_mentions("help: 改成：- channel: 电话");
}

/// Two slips twenty lines apart: one run reports both, and the good
/// records around them are still read (no "dangling ticket" for them).
#[test]
fn two_slips_in_one_file_are_both_reported() {
    let mut text = ticket_with("  channel： 电话");
    for i in 3..6 {
        text.push_str(&format!(
            "- id: BS-2026-10-000{i}\n  reported_at: 2026-10-05 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n"
        ));
    }
    text.push_str("- id: BS-2026-10-0009\n  reported_at: 2026-10-05 09:00\n  channel:电话\n  area: 公区\n");
    let out = check_tickets(&text);
    out.assert_code(1).assert_error(T, 4, 10, "全角冒号").assert_error(T, 38, 10, "冒号后面少了空格").assert_errors(2);
}

#[test]
fn slips_in_english() {
    TestEstate::valid()
        .file("site.yaml", SITE_EN)
        .file(T, &ticket_with("  channel： 电话"))
        .check(&[])
        .assert_code(1)
        .assert_error(T, 4, 10, "full-width colon")
        .assert_mentions("help: write: channel: 电话")
        .assert_mentions("check failed: 1 error(s)");
}

/// Values a keyboard explains: the help shows the corrected text to paste.
#[test]
fn keyboard_values_get_the_corrected_text() {
    let text = "- id: BS-2026-10-0001\n  reported_at: 2026/10/3 09:30\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n  completed_at: 2026-10-04 11:20\n  cost: ¥380\n- id: BS-2026-10-0002\n  reported_at: 2026-10-05 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n  completed_at: 2026-10-05 11:20\n  cost: 380元\n- id: BS-2026-10-0003\n  reported_at: 2026-10-05 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n  completed_at: 2026-10-05 11:20\n  cost: ８０\n";
    check_tickets(text)
        .assert_code(1)
        .assert_error(T, 2, 16, "2026/10/3 09:30")
        .assert_mentions("help: 改成 `2026-10-03 09:30`")
        .assert_error(T, 9, 9, "¥380")
        .assert_error(T, 18, 9, "380元")
        .assert_mentions("help: 改成 `380`")
        .assert_error(T, 27, 9, "８０")
        .assert_mentions("help: 改成 `80`")
        .assert_errors(4);
}

/// `是` / `否` are yes/no (pinned, draft, valid, valuable).
#[test]
fn yes_no_in_chinese() {
    TestEstate::valid()
        .file("notices/2026-11-water.md", &NOTICE.replace("pinned: true", "pinned: 是\ndraft: 否"))
        .file(&rec("complaints.yaml"), &COMPLAINTS.replace("  department:", "  valid: 是\n  department:"))
        .file(&rec("lost-found.yaml"), &LOST_FOUND.replace("valuable: true", "valuable: 否"))
        .check(&[])
        .assert_clean();
}

/// A contract list says it is fixed; a site list names its place in site.yaml.
#[test]
fn list_help_names_where_the_list_comes_from() {
    let out = TestEstate::valid()
        .file(&rec("tickets.yaml"), &TICKETS.replace("result: 满意", "result: 非常满意"))
        .file(&rec("visits.yaml"), &VISITS.replace("mode: 面访", "mode: 上门"))
        .file(&rec("complaints.yaml"), &COMPLAINTS.replace("channel: 电话", "channel: 传真"))
        .check(&[]);
    out.assert_code(1).assert_errors(3);
    let helps: Vec<&str> = out.stderr.lines().filter(|l| l.contains("help:")).collect();
    assert_eq!(helps.len(), 3, "{}", out.stderr);
    for h in &helps[..] {
        if h.contains("满意") || h.contains("面访") {
            assert!(h.contains("记录格式规定") && h.contains("不能在 site.yaml 中修改"), "{h}");
        } else {
            assert!(h.contains("site.yaml 的 categories.channel"), "{h}");
        }
    }
}

/// An inspection naming `BS-2026-10-002` for `BS-2026-10-0002`: did you mean.
#[test]
fn did_you_mean_for_a_ticket_id() {
    TestEstate::valid()
        .file(&rec("inspections.yaml"), &INSPECTIONS.replace("BS-2026-10-0002", "BS-2026-10-002"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("inspections.yaml"), 5, 13, "BS-2026-10-002")
        .assert_mentions("help: 是不是想写 `BS-2026-10-0002`？");
}

/// A worklog naming `bs-2026-10-02` (case, dropped zeros) for `BS-2026-10-0002`:
/// the same did-you-mean as an inspection's, though no spelling is near.
#[test]
fn did_you_mean_for_a_worklog_ticket_id() {
    let w = rec("worklog.yaml");
    TestEstate::valid()
        .file(&w, "- date: 2026-10-06\n  kind: 报事日清\n  by: 客服 小李\n  tickets: [bs-2026-10-02]\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&w, 4, 13, "bs-2026-10-02")
        .assert_mentions("help: 是不是想写 `BS-2026-10-0002`？");
}

/// `figures` and `pdf` refuse a missing content folder like the other commands.
#[test]
fn wrong_folder_for_figures_and_pdf() {
    let e = TestEstate::valid();
    for args in [&["figures", "--date", DATE][..], &["pdf", "2026-10", "--date", DATE][..]] {
        let out = crate::support::command().args(args).current_dir(e.content()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: 找不到内容目录 `content`"), "{args:?}: {err}");
        assert!(err.contains("--content"), "{err}");
        assert!(!err.contains(":1:1:"), "no file position: {err}");
    }
}

#[test]
fn did_you_mean_for_a_notice_type() {
    TestEstate::valid()
        .file("notices/2026-11-water.md", &NOTICE.replace("type: 停水停电", "type: 停水"))
        .check(&[])
        .assert_code(1)
        .assert_mentions("是不是想写 `停水停电`");
}

/// A mistyped `--date`: exit 2, in the estate's language only (no English
/// frame from the argument parser), with the text to paste when only the
/// shape is wrong; a day that does not exist gets no guess.
#[test]
fn date_slips_get_the_corrected_text() {
    let zh = TestEstate::valid();
    for (given, says) in [
        ("2026/10/3", "`2026/10/3` 不是 YYYY-MM-DD 格式的日期；请改为 `--date 2026-10-03`"),
        ("2026-2-3", "请改为 `--date 2026-02-03`"),
        ("２０２６－１０－０３", "请改为 `--date 2026-10-03`"),
        ("2026-02-29", "`2026-02-29` 不是日期：请写成 YYYY-MM-DD（月、日各两位），并确认这一天存在"),
        ("262143-12-31", "不是日期"),
    ] {
        for cmd in [&["check", "--content", "content"][..], &["build", "--content", "content", "--output", "out"]] {
            let o = zh.run(&[cmd, &["--date", given]].concat());
            assert_eq!(o.code, 2, "{given}: {}", o.stderr);
            assert_eq!(o.stderr.lines().count(), 1, "one line: {}", o.stderr);
            assert!(o.stderr.starts_with("error: ") && o.stderr.contains(says), "{given}: {}", o.stderr);
        }
    }
    let en = TestEstate::valid().file("site.yaml", SITE_EN);
    let o = en.run(&["check", "--content", "content", "--date", "2026/10/3"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("`2026/10/3` is not a YYYY-MM-DD date; write `--date 2026-10-03`"), "{}", o.stderr);
}

/// Run inside content/: exit 2, no invented file position, says what to do.
#[test]
fn wrong_folder() {
    let e = TestEstate::valid();
    let out = crate::support::command().args(["check", "--date", DATE]).current_dir(e.content()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: 找不到内容目录 `content`"), "{err}");
    assert!(err.contains("--content"), "{err}");
    assert!(err.contains("回到上一级（cd ..）再运行，或加上 `--content .`"), "{err}");
    assert!(!err.contains(":1:1:"), "no file position: {err}");
    // And `--content .` from there works.
    let ok = crate::support::command()
        .args(["check", "--content", ".", "--date", DATE])
        .current_dir(e.content())
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
}

/// With zh-CN every summary line is Chinese; `kpi` folds warnings into one line.
#[test]
fn summaries_in_chinese_and_kpi_folds_warnings() {
    let e = TestEstate::valid().file(&rec("tickets.yaml"), &TICKETS.replace("  approved_by: 工程部经理\n", ""));
    let out = e.check(&[]);
    out.assert_code(0).assert_warnings(1).assert_mentions("检查通过：3 户");
    let kpi = e.run(&["kpi", "--content", "content", "--period", "2026-10", "--date", DATE]);
    kpi.assert_code(0);
    assert!(kpi.stderr.contains("1 条警告，运行 wuye check 查看"), "{}", kpi.stderr);
    assert!(!kpi.stderr.contains("warning:"), "{}", kpi.stderr);
    let verbose = e.run(&["kpi", "--content", "content", "--period", "2026-10", "--date", DATE, "--verbose"]);
    assert!(verbose.stderr.contains("warning:"), "{}", verbose.stderr);
}

/// `wuye new`: examples are templates, the notice a draft: nothing counted, nothing published.
#[test]
fn a_new_estate_counts_and_publishes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_wuye");
    let run = |args: &[&str], dir: &std::path::Path| {
        std::process::Command::new(bin).args(args).current_dir(dir).output().unwrap()
    };
    let new = run(&["new", "est", "--date", "2026-11-15"], t.path());
    assert!(new.status.success());
    assert!(String::from_utf8_lossy(&new.stderr).contains("已在 est 创建"));
    let dir = t.path().join("est");
    let check = run(&["check", "--date", "2026-11-20"], &dir);
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("检查通过：0 户，1 个月份目录，报事 0 条，投诉 0 条，应收 0 笔，实收 0 笔"), "{err}");
    let build = run(&["build", "--date", "2026-11-20"], &dir);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let notices = std::fs::read_to_string(dir.join("output/public/notices/index.html")).unwrap();
    assert!(!notices.contains("水箱清洗"), "the example notice is a draft");
    let pages: Vec<_> =
        std::fs::read_dir(dir.join("output/public/notices")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(pages.iter().all(|p| p == "index.html" || p == "archive"), "{pages:?}");
    let kpi = run(&["kpi", "--period", "2026-11", "--format", "json", "--date", "2026-11-20"], &dir);
    let json: serde_json::Value = serde_json::from_slice(&kpi.stdout).unwrap();
    assert_eq!(json["tickets"]["reported"], 0, "{json}");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for must in ["wuye check", "git commit", "wuye import", "--update", "reported_at", "valuable", "bills:"] {
        assert!(readme.contains(must), "README names {must}");
    }
    let tickets = std::fs::read_to_string(dir.join("content/records/2026-11/tickets.yaml")).unwrap();
    assert!(tickets.lines().all(|l| l.is_empty() || l.starts_with('#')), "{tickets}");
}

/// Every command's own lines, on an estate: summaries, progress, refusals.
fn every_command(e: &TestEstate, language: &str) -> Vec<(String, String)> {
    let root = e.root();
    std::fs::create_dir_all(root.join("foreign")).unwrap();
    std::fs::create_dir_all(root.join("full")).unwrap();
    std::fs::write(root.join("full/x.txt"), "x").unwrap();
    // A copy of the estate with a bad ticket: commands that fail say so in its language.
    std::fs::create_dir_all(root.join("broken/records/2026-10")).unwrap();
    std::fs::copy(root.join("content/site.yaml"), root.join("broken/site.yaml")).unwrap();
    std::fs::write(root.join("broken/records/2026-10/tickets.yaml"), "- id: x\n").unwrap();
    std::fs::write(root.join("foreign/mine.txt"), "not wuye's").unwrap();
    let portfolio = format!("name: 集团\nlanguage: {language}\nestates:\n  - content: content\n");
    std::fs::write(root.join("portfolio.yaml"), portfolio).unwrap();
    let c = ["--content", "content", "--date", DATE];
    let runs: Vec<Vec<&str>> = vec![
        [&["check"][..], &c].concat(),
        [&["kpi", "--period", "2026-10"][..], &c].concat(),
        [&["kpi", "--period", "10月"][..], &c].concat(),
        [&["build", "--output", "out"][..], &c].concat(),
        [&["build", "--output", "foreign"][..], &c].concat(),
        [&["build", "--output", "content/site"][..], &c].concat(),
        [&["figures", "--out", "f.json"][..], &c].concat(),
        vec!["figures", "--date", "2999-12-31", "--content", "content"],
        vec!["figures", "--content", "broken", "--date", DATE],
        vec!["demo", "--out", "demo", "--last-month", "10月"],
        vec!["demo", "--out", "full"],
        vec!["portfolio", "portfolio.yaml", "--output", "company", "--date", DATE],
        vec!["portfolio", "portfolio.yaml", "--output", "out", "--date", DATE],
        [&["pdf", "10月"][..], &c].concat(),
        [&["pdf", "2026-10", "--browser", "no-such-browser"][..], &c].concat(),
        // Command-line slips: a mistyped command, option and value, a missing argument.
        vec!["chek", "--content", "content"],
        vec!["build", "--ouput", "out", "--content", "content"],
        vec!["import", "ticket", "x.xlsx", "--month", "2026-10"],
        vec!["import", "tickets", "x.xlsx", "--month", "2026/9"],
        vec!["import", "tickets"],
        vec!["demo", "--units", "abc"],
        vec!["check", "--strict=yes", "--content", "content"],
        vec!["kpi", "--period", "2026-10", "extra"],
        vec!["build", "--output", "a", "--output", "b"],
        vec!["serve", "--port", "99999"],
    ];
    runs.into_iter()
        .map(|args| {
            let o = e.run(&args);
            (args.join(" "), format!("[exit {}]\n{}", o.code, o.stderr))
        })
        .collect()
}

/// A line that is an English sentence: ASCII only, with two words in a row
/// (a command to paste, `wuye …` on a line of its own, is not one).
fn english_sentence(line: &str) -> bool {
    if line.trim_start().starts_with("wuye ") {
        return false;
    }
    let words = line.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 3).count();
    line.is_ascii() && words >= 3 && !line.trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '|')
}

/// With `language: zh-CN` no command prints an English sentence; with `en`
/// no command prints a Chinese one (estate names aside).
#[test]
fn every_command_speaks_the_estate_language() {
    let zh = every_command(&TestEstate::valid(), "zh-CN");
    let all: String = zh.iter().map(|(_, e)| e.as_str()).collect();
    for said in [
        "已将 测试花园",
        "已生成公司汇总站点",
        "导出失败",
        "不是空文件夹",
        "与最早的记录相隔",
        "没有 `chek` 这个命令；是不是想写：\n  wuye check --content content",
        "没有 `--ouput` 这个选项；是不是想写：\n  wuye build --output out --content content",
        "可用：tickets、complaints、fees）；是不是想写：\n  wuye import tickets x.xlsx --month 2026-10",
        "请改为 `--month 2026-09`",
        "缺少 --month <月份>、<表格>\n  用法：wuye import --month <月份> <类型> <表格>\n  例如：wuye import tickets",
        "（要写一个整数）",
        "`10月` 不是月份：请写成 YYYY-MM（月份两位），例如 `--last-month 2026-10`",
        "`--strict` 是开关，后面不写值：写上它就是打开；请改为：\n  wuye check --strict --content content",
        "多了 `extra`：这个命令用不上它（`wuye kpi --help` 列出它要的参数）。去掉后是：\n  wuye kpi --period 2026-10",
        "`--output` 只能写一次",
        "要写 0 到 65535 之间的整数",
    ] {
        assert!(all.contains(said), "{said}: {all}");
    }
    for (args, err) in zh {
        if let Some(line) = err.lines().find(|l| english_sentence(l)) {
            panic!("{args}: English line on a Chinese estate: {line}\n{err}");
        }
    }
    let en = every_command(&TestEstate::valid().file("site.yaml", SITE_EN), "en");
    let all: String = en.iter().map(|(_, e)| e.as_str()).collect();
    for said in [
        "wrote 4 periods of Test Garden",
        "built the company site",
        "figures failed",
        "months after",
        "no command `chek`; did you mean:\n  wuye check --content content",
        "write `--month 2026-09`",
        "(a whole number is needed)",
        "`--strict` is a switch and takes no value (giving it turns it on); write:\n  wuye check --strict --content content",
        "without it:\n  wuye kpi --period 2026-10",
        "`--output` can be given once only",
        "a whole number from 0 to 65535 is needed",
    ] {
        assert!(all.contains(said), "{said}: {all}");
    }
    // `demo` writes a Chinese estate (zh-CN) wherever it runs: its lines are Chinese.
    for (args, err) in en.into_iter().filter(|(a, _)| !a.starts_with("demo")) {
        if let Some(line) = err.lines().find(|l| l.contains(['：', '，', '。', '（'])) {
            panic!("{args}: Chinese line on an English estate: {line}\n{err}");
        }
    }
}
