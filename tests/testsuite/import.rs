//! `wuye import` end to end, on the fixtures in tests/fixtures/import/:
//!
//! - tickets.xlsx / tickets-bad.xlsx: written by openpyxl (make_fixtures.py,
//!   committed as binaries), with real Excel date cells, a phone as a number
//!   cell and a float cost;
//! - complaints.csv / complaints-bad.csv: GB18030, as Chinese Excel saves CSV,
//!   with a line break inside one cell;
//! - fees.csv / fees-bad.csv: UTF-8 with a BOM ("CSV UTF-8").
//!
//! Each `-bad` file is its good twin plus exactly one bad row. The good file
//! must produce expected/<kind>.yaml byte for byte and pass `wuye check`; the
//! bad one must print exactly one row error, exit 1 and write nothing.

use std::fs;

use std::process::Output;

use crate::support::import::{Scratch, fixtures, stderr};

fn expected(name: &str) -> String {
    fs::read_to_string(fixtures().join("expected").join(name)).unwrap()
}

/// The `error:` lines a run printed.
fn errors(o: &Output) -> Vec<String> {
    stderr(o).lines().filter(|l| l.contains(": error: ")).map(str::to_string).collect()
}

fn assert_ok(o: &Output, summary: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.lines().any(|l| l == summary), "no summary line `{summary}` in:\n{err}");
}

#[test]
fn xlsx_tickets_produce_the_expected_yaml_and_reimport_is_idempotent() {
    let s = Scratch::with_sheets();
    let out = s.import("tickets", "tickets.xlsx", &[]);
    assert_ok(&out, "已导入报事 3 条到 content/records/2026-10/tickets.yaml（1 条已存在，未重复写入）");
    // The existing file's comment and hand-written record are kept; new records follow.
    assert_eq!(s.read("content/records/2026-10/tickets.yaml").unwrap(), expected("tickets.yaml"));
    // A column wuye does not know is named, not silently dropped.
    assert!(
        stderr(&out).contains("tickets.xlsx:1:17: warning: 列 Q「工单状态」：没有对应的字段，已忽略"),
        "{}",
        stderr(&out)
    );
    s.check_passes();

    let again = s.import("tickets", "tickets.xlsx", &[]);
    assert_ok(&again, "已导入报事 0 条到 content/records/2026-10/tickets.yaml（4 条已存在，未重复写入）");
    assert_eq!(s.read("content/records/2026-10/tickets.yaml").unwrap(), expected("tickets.yaml"));
}

#[test]
fn xlsx_bad_row_is_reported_by_row_and_column_and_nothing_is_written() {
    let s = Scratch::with_sheets();
    let before = s.read("content/records/2026-10/tickets.yaml").unwrap();
    let out = s.import("tickets", "tickets-bad.xlsx", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        errors(&out),
        ["tickets-bad.xlsx:6:11: error: 列 K「完成时间」：完成时间 2026-10-11 18:00 早于报事时间 2026-10-12 10:00"]
    );
    assert!(stderr(&out).contains("没有写入任何内容"));
    assert_eq!(s.read("content/records/2026-10/tickets.yaml").unwrap(), before);
}

#[test]
fn gb18030_csv_complaints() {
    let s = Scratch::with_sheets();
    let bad = s.import("complaints", "complaints-bad.csv", &[]);
    assert_eq!(bad.status.code(), Some(1));
    // Row 5 as Excel shows it: row 4 has a line break inside a cell.
    assert_eq!(errors(&bad), ["complaints-bad.csv:5:3: error: 列 C「渠道」：`channel` 的取值 `短信` 不在允许的列表中"]);
    assert!(stderr(&bad).contains("help: 是不是想写 `微信`？"), "{}", stderr(&bad));
    assert_eq!(s.read("content/records/2026-10/complaints.yaml"), None);

    let out = s.import("complaints", "complaints.csv", &[]);
    assert_ok(&out, "已导入投诉 3 条到 content/records/2026-10/complaints.yaml");
    assert_eq!(s.read("content/records/2026-10/complaints.yaml").unwrap(), expected("complaints.yaml"));
    s.check_passes();
}

#[test]
fn utf8_bom_csv_fees_and_payments_are_never_doubled() {
    let s = Scratch::with_sheets();
    let bad = s.import("fees", "fees-bad.csv", &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        errors(&bad),
        ["fees-bad.csv:8:7: error: 列 G「缴费日期」：2026-11-02 不在 --month 2026-10 之内（属于 2026-11）"]
    );
    assert_eq!(s.read("content/records/2026-10/fees.yaml"), None);

    let out = s.import("fees", "fees.csv", &[]);
    assert_ok(&out, "已导入应收 4 笔、实收 4 笔到 content/records/2026-10/fees.yaml");
    assert_eq!(s.read("content/records/2026-10/fees.yaml").unwrap(), expected("fees.yaml"));
    s.check_passes();

    let again = s.import("fees", "fees.csv", &[]);
    assert_ok(&again, "已导入应收 0 笔、实收 0 笔到 content/records/2026-10/fees.yaml（8 条已存在，未重复写入）");
    assert_eq!(s.read("content/records/2026-10/fees.yaml").unwrap(), expected("fees.yaml"));
}

#[test]
fn a_differing_existing_record_is_a_conflict() {
    let s = Scratch::with_sheets();
    let path = "content/records/2026-10/tickets.yaml";
    let changed = s.read(path).unwrap().replace("completed_at: 2026-10-04 11:20", "completed_at: 2026-10-04 11:00");
    s.write(path, &changed);
    let out = s.import("tickets", "tickets.xlsx", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        errors(&out),
        [
            "tickets.xlsx:2:11: error: 列 K「完成时间」：编号 BS-2026-10-0001 已在 content/records/2026-10/tickets.yaml 第 2 行，内容不同：完成时间（现有 2026-10-04 11:00，表格 2026-10-04 11:20）"
        ]
    );
    assert_eq!(s.read(path).unwrap(), changed);

    // A bill already recorded with another amount.
    s.write(
        "content/records/2026-10/fees.yaml",
        "bills:\n  - unit: 1-1-101\n    item: 车位管理费\n    period: 2026-10\n    amount: 100\n",
    );
    let out = s.import("fees", "fees.csv", &[]);
    assert_eq!(
        errors(&out),
        [
            "fees.csv:3:4: error: 列 D「应收金额」：账单 1-1-101 车位管理费 2026-10 已在 content/records/2026-10/fees.yaml 第 2 行，内容不同：应收金额（现有 100.00，表格 150.00）"
        ]
    );
    // `--update` rewrites tickets and complaints only: a fee conflict does not advise it.
    assert!(stderr(&out).contains("缴费与账单不能用 --update 更新"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("加上 --update"), "{}", stderr(&out));
    let again = s.import("fees", "fees.csv", &["--update"]);
    assert_eq!(errors(&again), errors(&out));
}

#[test]
fn a_mapping_file_renames_columns_and_values() {
    let s = Scratch::with_sheets();
    s.write(
        "系统B.csv",
        "单据号,登记时间,来电方式,问题分类,房间,情况说明,处理结果时间,备注\n\
         B-1001,2026-10-21 08:30,来电,噪音,1-1-102,\"楼下商铺音响, 太吵\",2026-10-21 12:00,已处理\n",
    );
    s.write(
        "map.yaml",
        "columns:\n  单据号: id\n  登记时间: received_at\n  来电方式: channel\n  问题分类: category\n  房间: unit\n  \
         情况说明: description\n  处理结果时间: resolved_at\n  备注: ~\nvalues:\n  channel:\n    来电: 电话\n\
         defaults:\n  department: 客服部\n",
    );
    let out = s.import("complaints", "系统B.csv", &["--map", "map.yaml"]);
    assert_ok(&out, "已导入投诉 1 条到 content/records/2026-10/complaints.yaml");
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert_eq!(
        s.read("content/records/2026-10/complaints.yaml").unwrap(),
        "- id: B-1001\n  received_at: 2026-10-21 08:30\n  channel: 电话\n  category: 噪音\n  unit: 1-1-102\n  \
         description: 楼下商铺音响, 太吵\n  department: 客服部\n  resolved_at: 2026-10-21 12:00\n"
    );
    s.check_passes();

    // A misspelt field in the mapping file is reported there.
    s.write("map.yaml", "columns:\n  单据号: idd\n");
    let out = s.import("complaints", "系统B.csv", &["--map", "map.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(errors(&out)[0].starts_with("map.yaml:2:8: error: 未知字段 `idd`"), "{}", stderr(&out));
}

#[test]
fn a_missing_required_column_is_reported_at_the_header() {
    let s = Scratch::with_sheets();
    s.write("x.csv", "报事时间,报事渠道,区域,类别,报事内容,责任部门\n2026-10-03 21:14,电话,公区,电梯,异响,工程部\n");
    let out = s.import("tickets", "x.csv", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(errors(&out), ["x.csv:1:1: error: 缺少必填列「报事编号」（字段 `id`）"]);
}

#[test]
fn messages_follow_the_site_language() {
    let s = Scratch::with_sheets();
    let site = s.read("content/site.yaml").unwrap();
    s.write("content/site.yaml", &format!("{site}language: en\n"));
    let out = s.import("tickets", "tickets-bad.xlsx", &[]);
    assert_eq!(
        errors(&out),
        [
            "tickets-bad.xlsx:6:11: error: column K (完成时间): completed_at 2026-10-11 18:00 is before reported_at 2026-10-12 10:00"
        ]
    );
}

#[test]
fn a_bad_month_argument_is_refused() {
    let s = Scratch::with_sheets();
    let out = s.run(&["import", "tickets", "tickets.xlsx", "--month", "2026-13"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn title_rows_above_the_header_keep_row_numbers() {
    let s = Scratch::with_sheets();
    s.write(
        "title.csv",
        "翠湖花园 2026年10月 报事台账\n\n报事编号,报事时间,报事渠道,区域,类别,报事内容,责任部门,完成时间\n\
         BS-2026-10-0101,2026-10-03 21:14,电话,公区,电梯,异响,工程部,2026-10-02 10:00\n",
    );
    let out = s.import("tickets", "title.csv", &[]);
    assert_eq!(
        errors(&out),
        ["title.csv:4:8: error: 列 H「完成时间」：完成时间 2026-10-02 10:00 早于报事时间 2026-10-03 21:14"]
    );
}

#[test]
fn an_unknown_sheet_name_lists_the_sheets() {
    let s = Scratch::with_sheets();
    let out = s.import("tickets", "tickets.xlsx", &["--sheet", "十一月"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(errors(&out), ["tickets.xlsx:1:1: error: 表格中没有名为「十一月」的工作表（有：报事台账）"]);
}
