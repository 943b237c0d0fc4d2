//! `wuye import` never writes wrong data and never drops a row in silence.
//!
//! Every workbook here is written by the test itself (rust_xlsxwriter), with
//! the cell types and formats real exports have: date-only and time-only
//! cells, formulas saved without a result, hidden rows, merged cells, two-row
//! headers. Each test checks the exact records written, or the refusal with
//! its message and the record file unchanged.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::import::{Scratch, stderr};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

const TICKETS: &str = "content/records/2026-10/tickets.yaml";
const FEES: &str = "content/records/2026-10/fees.yaml";

impl Scratch {
    /// Writes a workbook: one row per slice, row 1 first.
    fn book(&self, name: &str, rows: &[Vec<V>], extra: impl FnOnce(&mut Worksheet)) {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        // Formulas are saved without a result, as by tools that never calculate.
        ws.set_formula_result_default("");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                put(ws, r as u32, c as u16, v);
            }
        }
        extra(ws);
        wb.save(self.path(name)).unwrap();
        if rows.iter().flatten().any(|v| matches!(v, F(_))) {
            drop_formula_results(&self.path(name));
        }
    }
}

/// Removes the `<v></v>` rust_xlsxwriter writes after each formula, so the
/// formulas have no saved result, as in a file written by a tool that never
/// calculates (an empty `<v></v>` is a saved empty text).
fn drop_formula_results(path: &Path) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes: Vec<u8> = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/") {
            bytes = String::from_utf8(bytes).unwrap().replace("</f><v></v>", "</f>").into_bytes();
        }
        parts.push((name, bytes));
    }
    let mut zout = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}

/// A cell to write.
enum V {
    /// Text.
    S(&'static str),
    /// A number.
    N(f64),
    /// A date and time cell, formatted `yyyy/m/d h:mm`.
    Dt(&'static str),
    /// A date cell, formatted `yyyy/m/d`.
    D(&'static str),
    /// A time cell, formatted `h:mm`.
    T(&'static str),
    /// A formula saved without its result.
    F(&'static str),
    /// Nothing.
    E,
}
use V::*;

fn date(s: &str) -> ExcelDateTime {
    let p: Vec<u16> = s.split('-').map(|x| x.parse::<u16>().unwrap()).collect();
    ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).unwrap()
}

fn hm(s: &str) -> (u16, u8) {
    let (h, m) = s.split_once(':').unwrap();
    (h.parse().unwrap(), m.parse().unwrap())
}

fn put(ws: &mut Worksheet, r: u32, c: u16, v: &V) {
    match v {
        S(s) => drop(ws.write_string(r, c, *s).unwrap()),
        N(n) => drop(ws.write_number(r, c, *n).unwrap()),
        Dt(s) => {
            let (d, t) = s.split_once(' ').unwrap();
            let (h, m) = hm(t);
            let dt = date(d).and_hms(h, m, 0).unwrap();
            ws.write_datetime_with_format(r, c, &dt, &Format::new().set_num_format("yyyy/m/d h:mm")).unwrap();
        }
        D(s) => drop(ws.write_datetime_with_format(r, c, date(s), &Format::new().set_num_format("yyyy/m/d")).unwrap()),
        T(s) => {
            let (h, m) = hm(s);
            let t = ExcelDateTime::from_hms(h, m, 0).unwrap();
            ws.write_datetime_with_format(r, c, &t, &Format::new().set_num_format("h:mm")).unwrap();
        }
        F(f) => drop(ws.write_formula(r, c, Formula::new(*f)).unwrap()),
        E => {}
    }
}

/// The `error:` lines a run printed.
fn errors(o: &Output) -> Vec<String> {
    stderr(o).lines().filter(|l| l.contains(": error: ")).map(str::to_string).collect()
}

/// The run succeeded and printed exactly this summary line.
fn assert_ok(o: &Output, summary: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.lines().any(|l| l == summary), "no summary line `{summary}` in:\n{err}");
}

/// The run failed with exactly these errors and left the file as it was.
fn assert_refused(s: &Scratch, o: &Output, file: &str, before: Option<&str>, want: &[&str]) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert_eq!(errors(o), want, "{}", stderr(o));
    assert!(stderr(o).contains("没有写入任何内容"), "{}", stderr(o));
    assert_eq!(s.read(file).as_deref(), before);
}

const HEAD: [&str; 7] = ["报事编号", "报事时间", "报事渠道", "区域", "类别", "报事内容", "责任部门"];

fn head() -> Vec<V> {
    HEAD.iter().map(|h| S(h)).collect()
}

/// A ticket row: id, reported at, then the usual channel/area/category/department.
fn ticket(id: &'static str, at: &'static str, what: &'static str) -> Vec<V> {
    vec![S(id), Dt(at), S("电话"), S("公区"), S("电梯"), S(what), S("工程部")]
}

/// The YAML import writes for [`ticket`].
fn ticket_yaml(id: &str, at: &str, what: &str) -> String {
    format!(
        "- id: {id}\n  reported_at: {at}\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: {what}\n  department: 工程部\n"
    )
}

#[test]
fn a_date_only_cell_in_a_datetime_column_is_refused_not_midnight() {
    let s = Scratch::new();
    let before = s.read(TICKETS);
    let mut h = head();
    h.push(S("完成时间"));
    let mut r = ticket("BS-2026-10-0201", "2026-10-03 21:14", "异响");
    r.push(D("2026-10-04"));
    s.book("t.xlsx", &[h, r], |_| {});
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        TICKETS,
        before.as_deref(),
        &["t.xlsx:2:8: error: 列 H「完成时间」：「2026-10-04」只有日期，缺少时间"],
    );
    assert!(stderr(&out).contains("`时间列: 字段.time`"), "{}", stderr(&out));
}

#[test]
fn a_time_only_cell_names_its_time_not_a_serial() {
    let s = Scratch::new();
    let before = s.read(TICKETS);
    let mut r = ticket("BS-2026-10-0202", "2026-10-03 21:14", "异响");
    r[1] = T("9:05");
    s.book("t.xlsx", &[head(), r], |_| {});
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        TICKETS,
        before.as_deref(),
        &["t.xlsx:2:2: error: 列 B「报事时间」：「09:05」只有时间，缺少日期"],
    );
}

#[test]
fn a_date_column_and_a_time_column_are_joined_by_the_map() {
    let s = Scratch::new();
    let mut h = head();
    h[1] = S("报事日期");
    h.push(S("报事时间"));
    let mut r1 = ticket("BS-2026-10-0203", "2026-10-05 00:00", "异响");
    r1[1] = D("2026-10-05");
    r1.push(T("9:05"));
    let mut r2 = ticket("BS-2026-10-0204", "2026-10-06 00:00", "门禁坏");
    r2[1] = D("2026-10-06");
    r2.push(S("14:30"));
    s.book("t.xlsx", &[h, r1, r2], |_| {});

    // Without a mapping, 报事时间 holds only times: refused, with the way to join them.
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        errors(&out)[0].starts_with("t.xlsx:2:8: error: 列 H「报事时间」：「09:05」只有时间，缺少日期"),
        "{}",
        stderr(&out)
    );

    // Mapping the date column alone is refused too: never midnight.
    s.write("map.yaml", "columns:\n  报事日期: reported_at\n  报事时间: ~\n");
    let out = s.import("tickets", "t.xlsx", &["--map", "map.yaml"]);
    assert_eq!(errors(&out)[0], "t.xlsx:2:2: error: 列 B「报事日期」：「2026-10-05」只有日期，缺少时间");

    s.write("map.yaml", "columns:\n  报事日期: reported_at.date\n  报事时间: reported_at.time\n");
    let before = s.read(TICKETS).unwrap();
    let out = s.import("tickets", "t.xlsx", &["--map", "map.yaml"]);
    assert_ok(&out, "已导入报事 2 条到 content/records/2026-10/tickets.yaml");
    assert_eq!(
        s.read(TICKETS).unwrap(),
        format!(
            "{before}{}{}",
            ticket_yaml("BS-2026-10-0203", "2026-10-05 09:05", "异响"),
            ticket_yaml("BS-2026-10-0204", "2026-10-06 14:30", "门禁坏")
        )
    );
    s.check_passes();
}

#[test]
fn a_joined_datetime_with_an_empty_time_is_refused() {
    let s = Scratch::new();
    let before = s.read(TICKETS);
    let mut h = head();
    h[1] = S("报事日期");
    h.push(S("报事时间"));
    let mut r = ticket("BS-2026-10-0205", "2026-10-05 00:00", "异响");
    r[1] = D("2026-10-05");
    r.push(E);
    s.book("t.xlsx", &[h, r], |_| {});
    s.write("map.yaml", "columns:\n  报事日期: reported_at.date\n  报事时间: reported_at.time\n");
    let out = s.import("tickets", "t.xlsx", &["--map", "map.yaml"]);
    assert_refused(
        &s,
        &out,
        TICKETS,
        before.as_deref(),
        &["t.xlsx:2:2: error: 列 B「报事日期」：「2026-10-05」只有日期，缺少时间"],
    );
}

const FEE_HEAD: [&str; 7] = ["房号", "收费项目", "所属期间", "应收金额", "折扣金额", "已缴金额", "收款日期"];

#[test]
fn paid_and_waived_columns_under_other_names_are_imported() {
    let s = Scratch::new();
    let h: Vec<V> = FEE_HEAD.iter().map(|x| S(x)).collect();
    let r1 = vec![S("1-1-101"), S("物业费"), S("2026-10"), N(286.0), N(20.0), N(266.0), D("2026-10-15")];
    let r2 = vec![S("5-1-301"), S("物业费"), S("2026-10"), N(300.0), E, N(100.0), D("2026-10-16")];
    s.book("f.xlsx", &[h, r1, r2], |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_ok(&out, "已导入应收 2 笔、实收 2 笔到 content/records/2026-10/fees.yaml");
    assert_eq!(
        s.read(FEES).unwrap(),
        "bills:\n  - unit: 1-1-101\n    item: 物业费\n    period: 2026-10\n    amount: 286.00\n    waived: 20.00\n\
         \x20 - unit: 5-1-301\n    item: 物业费\n    period: 2026-10\n    amount: 300.00\n\
         payments:\n  - unit: 1-1-101\n    item: 物业费\n    period: 2026-10\n    amount: 266.00\n    date: 2026-10-15\n\
         \x20 - unit: 5-1-301\n    item: 物业费\n    period: 2026-10\n    amount: 100.00\n    date: 2026-10-16\n"
    );
    s.check_passes();
}

#[test]
fn an_unmapped_column_that_looks_like_a_payment_is_refused() {
    let s = Scratch::new();
    let h = vec![S("房号"), S("收费项目"), S("所属期间"), S("应收金额"), S("到账金额"), S("备注")];
    let r = vec![S("1-1-101"), S("物业费"), S("2026-10"), N(286.0), N(286.0), S("微信")];
    s.book("f.xlsx", &[h, r], |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        FEES,
        None,
        &["f.xlsx:1:5: error: 列 E「到账金额」：有 1 个值，看起来是实收金额，但没有对应的字段；不处理就会丢掉这些数据"],
    );
    // A column that looks like nothing known is a warning only.
    assert!(stderr(&out).contains("f.xlsx:1:6: warning: 列 F「备注」：没有对应的字段，已忽略"), "{}", stderr(&out));
    assert!(stderr(&out).contains("`到账金额: paid`"), "{}", stderr(&out));

    // By content: an unnamed column of amounts in a fees sheet.
    let h = vec![S("房号"), S("收费项目"), S("所属期间"), S("应收金额"), S("本次")];
    let r = vec![S("1-1-101"), S("物业费"), S("2026-10"), N(286.0), N(286.0)];
    s.book("g.xlsx", &[h, r], |_| {});
    let out = s.import("fees", "g.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        FEES,
        None,
        &["g.xlsx:1:5: error: 列 E「本次」：有 1 个值，看起来是金额，但没有对应的字段；不处理就会丢掉这些数据"],
    );

    // By content: a column of dates in a tickets sheet.
    let before = s.read(TICKETS);
    let mut h = head();
    h.push(S("派单"));
    let mut r = ticket("BS-2026-10-0206", "2026-10-03 21:14", "异响");
    r.push(Dt("2026-10-03 21:30"));
    s.book("t.xlsx", &[h, r], |_| {});
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        TICKETS,
        before.as_deref(),
        &["t.xlsx:1:8: error: 列 H「派单」：有 1 个值，看起来是日期或时间，但没有对应的字段；不处理就会丢掉这些数据"],
    );
}

#[test]
fn a_formula_without_a_saved_result_is_refused() {
    let s = Scratch::new();
    let h: Vec<V> = ["房号", "收费项目", "所属期间", "应收金额", "实收金额", "缴费日期"].iter().map(|x| S(x)).collect();
    let r = vec![S("1-1-101"), S("物业费"), S("2026-10"), N(286.0), F("=D2"), D("2026-10-15")];
    s.book("f.xlsx", &[h, r], |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        FEES,
        None,
        &["f.xlsx:2:5: error: 列 E「实收金额」：公式 =D2 没有保存计算结果，无法读出它的值"],
    );
    assert!(stderr(&out).contains("请在 Excel 中重新计算并保存"), "{}", stderr(&out));
}

/// 报事内容 first, so a description is a row's first cell; 序号 last.
fn skip_sheet(s: &Scratch) {
    let h = vec![
        S("报事内容"),
        S("报事编号"),
        S("报事时间"),
        S("报事渠道"),
        S("区域"),
        S("类别"),
        S("责任部门"),
        S("序号"),
    ];
    let row = |what: &'static str, id: &'static str, at: &'static str, n: f64| {
        vec![S(what), S(id), Dt(at), S("电话"), S("公区"), S("电梯"), S("工程部"), N(n)]
    };
    let rows = vec![
        h,
        row("总计3处井盖松动", "BS-2026-10-0301", "2026-10-03 09:00", 1.0),
        vec![],
        vec![E, E, E, E, E, E, E, N(3.0)],
        row("作废", "BS-2026-10-0302", "2026-10-04 09:00", 4.0),
        row("电梯异响", "BS-2026-10-0303", "2026-10-05 09:00", 5.0),
        vec![S("合 计"), E, E, E, E, E, E, E],
        row("门禁坏", "BS-2026-10-0304", "2026-10-06 09:00", 7.0),
    ];
    s.book("t.xlsx", &rows, |ws| {
        ws.set_row_hidden(4).unwrap();
    });
}

#[test]
fn every_skipped_row_is_counted_by_reason() {
    let s = Scratch::new();
    skip_sheet(&s);
    let before = s.read(TICKETS).unwrap();
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_ok(
        &out,
        "已导入报事 3 条到 content/records/2026-10/tickets.yaml；跳过 4 行：空行 2 行，合计行 1 行（第 7 行），隐藏行 1 行（第 5 行）",
    );
    assert!(
        stderr(&out).contains("t.xlsx:5:1: warning: 第 5 行在 Excel 中是隐藏行（常是作废记录），已跳过"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        s.read(TICKETS).unwrap(),
        format!(
            "{before}{}{}{}",
            ticket_yaml("BS-2026-10-0301", "2026-10-03 09:00", "总计3处井盖松动"),
            ticket_yaml("BS-2026-10-0303", "2026-10-05 09:00", "电梯异响"),
            ticket_yaml("BS-2026-10-0304", "2026-10-06 09:00", "门禁坏"),
        )
    );
    s.check_passes();

    // --include-hidden takes the hidden row.
    let s = Scratch::new();
    skip_sheet(&s);
    let out = s.import("tickets", "t.xlsx", &["--include-hidden"]);
    assert_ok(
        &out,
        "已导入报事 4 条到 content/records/2026-10/tickets.yaml；跳过 3 行：空行 2 行，合计行 1 行（第 7 行）",
    );
    assert!(s.read(TICKETS).unwrap().contains("- id: BS-2026-10-0302\n"));
}

#[test]
fn a_totals_word_is_a_totals_row_only_without_an_id() {
    let s = Scratch::new();
    let before = s.read(TICKETS);
    // The word in the id column itself, nothing else identifying the row: totals.
    let rows =
        vec![head(), vec![S("小计"), Dt("2026-10-03 09:00"), S("电话"), S("公区"), S("电梯"), S("异响"), S("工程部")]];
    s.book("t.xlsx", &rows, |_| {});
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_ok(&out, "已导入报事 0 条到 content/records/2026-10/tickets.yaml；跳过 1 行：合计行 1 行（第 2 行）");
    assert_eq!(s.read(TICKETS), before);

    // The word as a row's first cell, but the row has an id: a record.
    let h = vec![S("报事内容"), S("报事编号"), S("报事时间"), S("报事渠道"), S("区域"), S("类别"), S("责任部门")];
    let r = vec![S("合计"), S("BS-2026-10-0801"), Dt("2026-10-03 09:00"), S("电话"), S("公区"), S("电梯"), S("工程部")];
    s.book("u.xlsx", &[h, r], |_| {});
    let out = s.import("tickets", "u.xlsx", &[]);
    assert_ok(&out, "已导入报事 1 条到 content/records/2026-10/tickets.yaml");
    assert!(s.read(TICKETS).unwrap().ends_with(&ticket_yaml("BS-2026-10-0801", "2026-10-03 09:00", "合计")));
}

#[test]
fn a_vertically_merged_cell_reaches_every_row_it_covers() {
    let s = Scratch::new();
    let mut h = head();
    h.extend([S("完成时间"), S("回访时间"), S("回访人"), S("回访结果")]);
    let mut rows = vec![h];
    for (i, id) in ["BS-2026-10-0401", "BS-2026-10-0402", "BS-2026-10-0403"].iter().enumerate() {
        let mut r = ticket(id, ["2026-10-03 09:00", "2026-10-03 10:00", "2026-10-03 11:00"][i], "异响");
        r.extend([
            Dt("2026-10-03 15:00"),
            Dt(["2026-10-04 09:00", "2026-10-04 10:00", "2026-10-04 11:00"][i]),
            E,
            S("满意"),
        ]);
        rows.push(r);
    }
    s.book("t.xlsx", &rows, |ws| {
        ws.merge_range(1, 9, 3, 9, "客服 李敏", &Format::new()).unwrap();
    });
    let before = s.read(TICKETS).unwrap();
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_ok(
        &out,
        "已导入报事 3 条到 content/records/2026-10/tickets.yaml；合并单元格的值已填入它覆盖的每一行：J 列（回访人）第 2–4 行",
    );
    let text = s.read(TICKETS).unwrap();
    let added = &text[before.len()..];
    assert_eq!(added.matches("    by: 客服 李敏\n").count(), 3, "{added}");
    s.check_passes();
}

#[test]
fn units_differing_only_in_formatting_are_matched_and_never_another_familys() {
    let s = Scratch::new();
    let hh = s.read("content/households.yaml").unwrap();
    s.write(
        "content/households.yaml",
        &format!("{hh}- unit: 1-1-1001\n  building: 1栋\n  status: 已入住\n- unit: 3-2-1002\n  building: 3栋\n  status: 已入住\n"),
    );
    let h: Vec<V> = ["房号", "收费项目", "所属期间", "应收金额"].iter().map(|x| S(x)).collect();
    let rows = vec![
        h,
        vec![S("1-1-0101"), S("物业费"), S("2026-10"), N(286.0)],
        vec![S("03-02-1502"), S("物业费"), S("2026-10"), N(358.0)],
        vec![S("1栋1单元102室"), S("物业费"), S("2026-10"), N(286.0)],
    ];
    s.book("f.xlsx", &rows, |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_ok(&out, "已导入应收 3 笔、实收 0 笔到 content/records/2026-10/fees.yaml");
    let text = s.read(FEES).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.contains("unit:")).collect::<Vec<_>>(),
        ["  - unit: 1-1-101", "  - unit: 3-2-1502", "  - unit: 1-1-102"]
    );
    s.check_passes();
}

#[test]
fn a_two_row_group_header_is_read() {
    let s = Scratch::new();
    let f = Format::new();
    let mut top: Vec<V> = head();
    top.extend([E, E, E, E, E, E]);
    let sub: Vec<V> =
        vec![E, E, E, E, E, E, E, S("完成时间"), S("维修费用"), S("审批人"), S("回访时间"), S("回访人"), S("回访结果")];
    let mut r = ticket("BS-2026-10-0501", "2026-10-03 09:00", "异响");
    r.extend([Dt("2026-10-03 15:00"), N(120.0), S("王经理"), Dt("2026-10-04 09:00"), S("客服 李敏"), S("满意")]);
    s.book("t.xlsx", &[top, sub, r], |ws| {
        for (c, h) in HEAD.iter().enumerate() {
            ws.merge_range(0, c as u16, 1, c as u16, h, &f).unwrap();
        }
        ws.merge_range(0, 7, 0, 9, "处理情况", &f).unwrap();
        ws.merge_range(0, 10, 0, 12, "回访情况", &f).unwrap();
    });
    let before = s.read(TICKETS).unwrap();
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_ok(&out, "已导入报事 1 条到 content/records/2026-10/tickets.yaml");
    assert_eq!(
        s.read(TICKETS).unwrap(),
        format!(
            "{before}- id: BS-2026-10-0501\n  reported_at: 2026-10-03 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  \
             description: 异响\n  department: 工程部\n  completed_at: 2026-10-03 15:00\n  cost: 120.00\n  approved_by: 王经理\n  \
             followup:\n    at: 2026-10-04 09:00\n    by: 客服 李敏\n    result: 满意\n"
        )
    );
    s.check_passes();

    // The same layout without 责任部门: the error says where the header was read.
    let mut top: Vec<V> = head();
    top[6] = S("处理情况");
    let sub: Vec<V> = vec![E, E, E, E, E, E, S("完成时间"), S("审批人")];
    let r = ticket("BS-2026-10-0502", "2026-10-03 09:00", "异响");
    s.book("u.xlsx", &[top, sub, r], |_| {});
    let out = s.import("tickets", "u.xlsx", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(errors(&out), ["u.xlsx:2:1: error: 表头在第 1–2 行，缺少必填列「责任部门」（字段 `department`）"]);
}

#[test]
fn a_numbered_template_with_blank_rows_imports() {
    let s = Scratch::new();
    let mut h = vec![S("序号")];
    h.extend(head());
    let mut rows = vec![h];
    for n in 1..=5 {
        let mut r = vec![N(n as f64)];
        if n <= 2 {
            r.extend(ticket(["BS-2026-10-0601", "BS-2026-10-0602"][n - 1], "2026-10-03 09:00", "异响"));
        }
        rows.push(r);
    }
    // 合计 in the 序号 column, nothing else: a totals row, not a blank one.
    rows.push(vec![S("合计")]);
    s.book("t.xlsx", &rows, |_| {});
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_ok(
        &out,
        "已导入报事 2 条到 content/records/2026-10/tickets.yaml；跳过 4 行：空行 3 行，合计行 1 行（第 7 行）",
    );
    assert!(!stderr(&out).contains("内部错误"));
    s.check_passes();
}

#[test]
fn an_html_page_named_xls_is_named_as_such() {
    let s = Scratch::new();
    s.write(
        "报事.xls",
        "<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>报事编号</td></tr></table></body></html>",
    );
    let out = s.import("tickets", "报事.xls", &[]);
    assert_eq!(out.status.code(), Some(1));
    let e = errors(&out);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("报事.xls:1:1: error: 这是网页文件（HTML），不是 Excel 表格：请用 Excel 打开它，另存为 .xlsx"),
        "{e:?}"
    );
}

#[test]
fn two_payment_rows_of_one_bill_name_the_column_that_differs() {
    let s = Scratch::new();
    let h: Vec<V> =
        ["房号", "收费项目", "所属期间", "应收金额", "减免金额", "实收金额", "缴费日期"].iter().map(|x| S(x)).collect();
    let rows = vec![
        h,
        vec![S("1-1-102"), S("物业费"), S("2026-10"), N(286.0), N(20.0), N(100.0), D("2026-10-12")],
        vec![S("1-1-102"), S("物业费"), S("2026-10"), N(286.0), E, N(166.0), D("2026-10-20")],
    ];
    s.book("f.xlsx", &rows, |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_refused(
        &s,
        &out,
        FEES,
        None,
        &[
            "f.xlsx:3:5: error: 列 E「减免金额」：账单 1-1-102 物业费 2026-10 与第 2 行不同：减免金额（第 2 行 20.00，这一行 0.00）",
        ],
    );
}

/// One ticket, appended to an existing file of each shape; the result must pass `check`.
#[test]
fn appending_keeps_the_file_valid_whatever_its_shape() {
    let rec = "- id: BS-2026-10-0001\n  reported_at: 2026-10-03 21:14\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n";
    let new = ticket_yaml("BS-2026-10-0701", "2026-10-05 09:00", "门禁坏");
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let cases: Vec<(String, String)> = vec![
        (format!("{rec}...\n"), format!("{rec}{new}...\n")),
        (format!("---\n{rec}...\n# 结束\n"), format!("---\n{rec}{new}...\n# 结束\n")),
        (format!("{rec}..."), format!("{rec}{new}...")),
        (rec.trim_end().to_string(), format!("{rec}{new}")),
        (crlf(&format!("{rec}...\n")), crlf(&format!("{rec}{new}...\n"))),
        (format!("\u{feff}{rec}"), format!("\u{feff}{rec}{new}")),
    ];
    for (i, (old, want)) in cases.iter().enumerate() {
        let s = Scratch::new();
        s.write(TICKETS, old);
        s.book("t.xlsx", &[head(), ticket("BS-2026-10-0701", "2026-10-05 09:00", "门禁坏")], |_| {});
        let out = s.import("tickets", "t.xlsx", &[]);
        assert_ok(&out, "已导入报事 1 条到 content/records/2026-10/tickets.yaml");
        assert_eq!(&s.read(TICKETS).unwrap(), want, "case {i}");
        s.check_passes();
    }
    // Flow style cannot be appended to: refused, the file unchanged.
    let s = Scratch::new();
    let flow = "[{id: BS-2026-10-0001, reported_at: 2026-10-03 21:14, channel: 电话, area: 公区, category: 电梯, description: 异响, department: 工程部}]\n";
    s.write(TICKETS, flow);
    s.book("t.xlsx", &[head(), ticket("BS-2026-10-0701", "2026-10-05 09:00", "门禁坏")], |_| {});
    let out = s.import("tickets", "t.xlsx", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(s.read(TICKETS).unwrap(), flow);
    assert!(errors(&out)[0].contains("[ … ]"), "{}", stderr(&out));

    // fees.yaml with an end marker.
    let s = Scratch::new();
    s.write(FEES, "bills:\n  - unit: 1-1-101\n    item: 物业费\n    period: 2026-10\n    amount: 286.00\n...\n");
    let h: Vec<V> = ["房号", "收费项目", "所属期间", "应收金额"].iter().map(|x| S(x)).collect();
    s.book("f.xlsx", &[h, vec![S("1-1-102"), S("物业费"), S("2026-10"), N(286.0)]], |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_ok(&out, "已导入应收 1 笔、实收 0 笔到 content/records/2026-10/fees.yaml");
    assert_eq!(
        s.read(FEES).unwrap(),
        "bills:\n  - unit: 1-1-101\n    item: 物业费\n    period: 2026-10\n    amount: 286.00\n  - unit: 1-1-102\n    item: 物业费\n    period: 2026-10\n    amount: 286.00\n...\n"
    );
    s.check_passes();
}

#[test]
fn a_csv_group_header_over_two_rows_is_read() {
    let s = Scratch::new();
    s.write(
        "t.csv",
        "报事编号,报事时间,报事渠道,区域,类别,报事内容,责任部门,处理情况,\n\
         ,,,,,,,完成时间,审批人\n\
         BS-2026-10-0901,2026-10-03 09:00,电话,公区,电梯,异响,工程部,2026-10-03 15:00,王经理\n",
    );
    let before = s.read(TICKETS).unwrap();
    let out = s.import("tickets", "t.csv", &[]);
    assert_ok(&out, "已导入报事 1 条到 content/records/2026-10/tickets.yaml");
    assert_eq!(
        s.read(TICKETS).unwrap(),
        format!(
            "{before}- id: BS-2026-10-0901\n  reported_at: 2026-10-03 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  \
             description: 异响\n  department: 工程部\n  completed_at: 2026-10-03 15:00\n  approved_by: 王经理\n"
        )
    );
}

#[test]
fn a_unit_equal_in_formatting_to_two_households_is_not_guessed() {
    let s = Scratch::new();
    let hh = s.read("content/households.yaml").unwrap();
    s.write("content/households.yaml", &format!("{hh}- unit: 01-01-101\n  building: 1栋\n  status: 已入住\n"));
    let h: Vec<V> = ["房号", "收费项目", "所属期间", "应收金额"].iter().map(|x| S(x)).collect();
    s.book("f.xlsx", &[h, vec![S("1-1-0101"), S("物业费"), S("2026-10"), N(286.0)]], |_| {});
    let out = s.import("fees", "f.xlsx", &[]);
    assert_refused(&s, &out, FEES, None, &["f.xlsx:2:1: error: 列 A「房号」：房号 `1-1-0101` 不在 households.yaml 中"]);
    assert!(
        stderr(&out).contains("help: households.yaml 中有写法不同的 `1-1-101` / `01-01-101`，无法确定是哪一户"),
        "{}",
        stderr(&out)
    );
}
