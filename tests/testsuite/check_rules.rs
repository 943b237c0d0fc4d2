//! One test per validation rule of the content contract (records.md): each
//! writes a minimal broken fixture and asserts the exit code and the exact
//! `PATH:LINE:COL: error:` of the diagnostic, plus a distinctive part of its
//! message.

use crate::support::estate::*;

// ---------------------------------------------------------------- baseline

// The fixture every other test breaks is itself valid: exit 0, no diagnostics.
#[test]
fn valid_estate_is_clean() {
    let out = TestEstate::valid().check(&[]);
    out.assert_clean();
    out.assert_mentions("检查通过：");
}

// Accepted scalar forms: money as 286 / 286.5 / "286.50", datetimes with T and seconds, cost 0, units as numbers.
#[test]
fn accepted_scalar_forms() {
    let out = TestEstate::valid()
        .file("households.yaml", &format!("{HOUSEHOLDS}- unit: 101\n  status: 已入住\n"))
        .file(
            &rec("tickets.yaml"),
            "\
- id: 7
  reported_at: 2026-10-03T21:14
  channel: 电话
  area: 户内
  category: 水电
  unit: 101
  description: 漏水
  department: 工程部
  completed_at: 2026-10-03 22:14:05
  cost: 0
- id: BS-2026-10-0002
  reported_at: 2026-10-03T21:14:59
  channel: 电话
  area: 公区
  category: 电梯
  description: 异响
  department: 工程部
",
        )
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286}
  - {unit: 1-1-102, item: 物业费, period: 2026-10, amount: 286.5}
  - {unit: 2-1-201, item: 物业费, period: 2026-10, amount: \"286.50\"}
payments: []
",
        )
        .check(&[]);
    out.assert_clean();
}

// ------------------------------------------------- types and values

// A value of the wrong shape is reported at its first character.
#[test]
fn wrong_type_at_value() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- unit: 1-1-101\n  date: {day: 12}\n  mode: 面访\n  by: 李敏\n")
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 2, 9, "E-VALUE-TYPE")
        .assert_errors(1);
}

// A bad quoted value is reported at its opening quote.
#[test]
fn bad_value_at_opening_quote() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- unit: 1-1-101\n  date: \"2026-10-1x\"\n  mode: 面访\n  by: 李敏\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 2, 9, "`2026-10-1x`")
        .assert_errors(1);
}

// A bad value in a flow mapping is reported at its column in the line (Unicode characters).
#[test]
fn bad_value_in_flow_map_counts_unicode_columns() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- {unit: 1-1-101, by: 李敏李敏, mode: 面访, date: 2026-10-32}\n")
        .check(&[])
        .assert_code(1)
        // `- {unit: 1-1-101, by: 李敏李敏, mode: 面访, date: ` is 44 characters.
        .assert_error(&rec("visits.yaml"), 1, 45, "`2026-10-32`")
        .assert_errors(1);
}

// Bill and payment amounts must be > 0; a negative amount is not money at all.
#[test]
fn amounts_must_be_positive() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - unit: 1-1-101
    item: 物业费
    period: 2026-10
    amount: 0
payments:
  - unit: 1-1-101
    item: 物业费
    period: 2026-10
    amount: -5
    date: 2026-10-15
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 5, 13, "0")
        .assert_error(&rec("fees.yaml"), 10, 13, "`-5`")
        .assert_errors(2);
}

// Money with three decimals, a unit or full-width digits is refused at the value.
#[test]
fn money_text_is_strict() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286.505}
  - {unit: 1-1-102, item: 物业费, period: 2026-10, amount: 286元}
  - {unit: 2-1-201, item: 物业费, period: 2026-10, amount: ２８６}
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 2, 57, "`286.505`")
        .assert_error(&rec("fees.yaml"), 3, 57, "`286元`")
        .assert_error(&rec("fees.yaml"), 4, 57, "`２８６`")
        .assert_errors(3);
}

// A waiver larger than the bill is an error at `waived`.
#[test]
fn waived_above_amount() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "bills:\n  - unit: 1-1-101\n    item: 物业费\n    period: 2026-10\n    amount: 100\n    waived: 100.01\n",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 6, 13, "100.01")
        .assert_errors(1);
}

// Survey scores run 1 to 5, overall and per line.
#[test]
fn survey_scores_from_1_to_5() {
    TestEstate::valid()
        .file(&rec("surveys.yaml"), "- date: 2026-10-20\n  overall: 6\n  scores:\n    客服: 0\n    工程: 5\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("surveys.yaml"), 2, 12, "`6`")
        .assert_error(&rec("surveys.yaml"), 4, 9, "`0`")
        .assert_errors(2);
}

// Booleans are true/false only: `yes` and a quoted "true" are refused.
#[test]
fn booleans_are_true_or_false() {
    TestEstate::valid()
        .file(
            &rec("lost-found.yaml"),
            "\
- id: SW-1
  found_on: 2026-10-02
  place: 大堂
  item: 钱包
  valuable: yes
- id: SW-2
  found_on: 2026-10-02
  place: 大堂
  item: 钥匙
  valuable: \"true\"
- id: SW-3
  found_on: 2026-10-02
  place: 大堂
  item: 雨伞
  valuable: 不是
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("lost-found.yaml"), 5, 13, "`yes`")
        .assert_error(&rec("lost-found.yaml"), 10, 13, "`true`")
        .assert_error(&rec("lost-found.yaml"), 15, 13, "`不是`")
        .assert_errors(3);
    // The help line gives the value to paste.
    let out = TestEstate::valid()
        .file(
            &rec("lost-found.yaml"),
            "- id: SW-3\n  found_on: 2026-10-02\n  place: 大堂\n  item: 雨伞\n  valuable: 不是\n",
        )
        .check(&[]);
    assert!(out.stderr.contains("改成 `false`"), "{}", out.stderr);
}

// A record that is not a mapping is reported where it starts.
#[test]
fn record_must_be_a_mapping() {
    TestEstate::valid()
        .file(&rec("meetings.yaml"), "- 十月例会\n")
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("meetings.yaml"), 1, 3, "E-SHAPE-MAP")
        .assert_errors(1);
}

// A record file whose top level is a mapping (not a list) is refused once.
#[test]
fn record_file_must_be_a_list() {
    TestEstate::valid()
        .file(&rec("tickets.yaml"), "tickets:\n  - id: BS-1\nother: 1\n")
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 1, 1, "E-SHAPE-LIST")
        .assert_errors(1);
}

// An empty required text (`description: ""`) is refused at the value.
#[test]
fn required_text_not_empty() {
    let t = TICKETS.replace("description: 2栋电梯异响", "description: \"  \"");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 24, 16, "E-VALUE-EMPTY")
        .assert_errors(1);
}

// ------------------------------------------------- keys

// An unknown field is an error at the key, with a "did you mean".
#[test]
fn unknown_field_with_did_you_mean() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- unit: 1-1-101\n  date: 2026-10-12\n  mode: 面访\n  by: 李敏\n  note: 灯不亮\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 5, 3, "`note`")
        .assert_mentions("是不是想写 `notes`")
        .assert_errors(1);
}

// A key repeated in one map is one error, at the second key.
#[test]
fn repeated_key_at_second_key() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- unit: 1-1-101\n  date: 2026-10-12\n  mode: 面访\n  by: 李敏\n  by: 王强\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 5, 3, "`by`")
        .assert_errors(1);
}

// A key repeated inside a nested map (followup, scores) and in site.yaml is caught too.
#[test]
fn repeated_key_in_nested_maps() {
    let t = TICKETS.replace("    result: 满意\n", "    result: 满意\n    at: 2026-10-04 17:00\n");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .file(&rec("surveys.yaml"), "- date: 2026-10-20\n  overall: 4\n  scores: {客服: 5, 客服: 4}\n")
        .file("site.yaml", &format!("{SITE}name: 又一个\n"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 19, 5, "`at`")
        .assert_error(&rec("surveys.yaml"), 3, 19, "`客服`")
        .assert_error("site.yaml", 5, 1, "`name`")
        .assert_errors(3);
}

// A top-level key repeated in fees.yaml is an error at the repeat (the streamed sections too).
#[test]
fn repeated_fees_section() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "bills:\n  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286}\nbills:\n  - {unit: 1-1-102, item: 物业费, period: 2026-10, amount: 286}\n",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 3, 1, "`bills`")
        .assert_errors(1);
}

// A missing required field is reported at the record's first key.
#[test]
fn missing_field_at_first_key() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- unit: 1-1-101\n  date: 2026-10-12\n  by: 李敏\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 1, 3, "`mode`")
        .assert_errors(1);
}

// A required field written as null counts as missing.
#[test]
fn null_required_field_is_missing() {
    TestEstate::valid()
        .file(&rec("meetings.yaml"), "- kind: 其他\n  date: 2026-10-28\n  chair: ~\n")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("meetings.yaml"), 1, 3, "`chair`")
        .assert_errors(1);
}

// ------------------------------------------------- fields needing another

// A followup on a ticket without completed_at is an error at the `followup` key.
#[test]
fn followup_on_open_ticket_at_followup_key() {
    let t = TICKETS.replace("  completed_at: 2026-10-04 11:20\n", "");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 14, 3, "`completed_at`")
        .assert_errors(1);
}

// A followup on an unresolved complaint is an error at the `followup` key.
#[test]
fn followup_on_unresolved_complaint_at_followup_key() {
    let c = COMPLAINTS.replace("  resolved_at: 2026-10-06 15:00\n", "");
    TestEstate::valid()
        .file(&rec("complaints.yaml"), &c)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("complaints.yaml"), 9, 3, "`resolved_at`")
        .assert_errors(1);
}

// An indoor (户内) ticket without `unit` is an error at the `area` key.
#[test]
fn indoor_without_unit_at_area_key() {
    let t = TICKETS.replace("  unit: 1-1-101\n", "");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 5, 3, "`unit`")
        .assert_errors(1);
}

// A 户内 ticket whose unit is present but invalid gets that one error, not also "needs unit".
#[test]
fn indoor_with_invalid_unit_is_one_error() {
    let t = TICKETS.replace("unit: 1-1-101", "unit: [1-1-101]");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 7, 9, "E-VALUE-TYPE")
        .assert_errors(1);
}

// A followup after an invalid completed_at gets only the completed_at error, not also "still open".
#[test]
fn followup_after_invalid_completion_is_one_error() {
    let t = TICKETS.replace("completed_at: 2026-10-04 11:20", "completed_at: 2026-10-04 25:20");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 12, 17, "25:20")
        .assert_errors(1);
}

// ------------------------------------------------- order

// completed_at before reported_at is an error at completed_at (the later field).
#[test]
fn completed_before_reported() {
    let t = TICKETS.replace("completed_at: 2026-10-04 11:20", "completed_at: 2026-10-03 21:13");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 12, 17, "完成时间 2026-10-03 21:13 早于报事时间 2026-10-03 21:14")
        .assert_mentions("help: `completed_at`（现在是 2026-10-03 21:13）不能早于 `reported_at`（2026-10-03 21:14）")
        .assert_errors(1);
}

// completed_at equal to reported_at is fine (the rule is >=).
#[test]
fn completed_at_reported_time_is_fine() {
    let t = TICKETS.replace("completed_at: 2026-10-04 11:20", "completed_at: 2026-10-03 21:14");
    let t = t.replace("at: 2026-10-04 16:00", "at: 2026-10-03 21:14");
    TestEstate::valid().file(&rec("tickets.yaml"), &t).check(&[]).assert_clean();
}

// followup.at before completed_at is an error at followup.at.
#[test]
fn followup_before_completed() {
    let t = TICKETS.replace("at: 2026-10-04 16:00", "at: 2026-10-04 11:19");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 16, 9, "2026-10-04 11:19")
        .assert_errors(1);
}

// resolved_at before received_at, and a complaint followup before resolved_at.
#[test]
fn resolved_before_received() {
    let c = COMPLAINTS.replace("resolved_at: 2026-10-06 15:00", "resolved_at: 2026-10-05 09:59");
    TestEstate::valid()
        .file(&rec("complaints.yaml"), &c)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("complaints.yaml"), 9, 16, "2026-10-05 09:59")
        .assert_errors(1);
    let c = COMPLAINTS.replace("at: 2026-10-08 10:00", "at: 2026-10-06 14:00");
    TestEstate::valid()
        .file(&rec("complaints.yaml"), &c)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("complaints.yaml"), 11, 9, "2026-10-06 14:00")
        .assert_errors(1);
}

// claimed_on before found_on is an error at claimed_on.
#[test]
fn claimed_before_found() {
    let l = LOST_FOUND.replace("claimed_on: 2026-10-09", "claimed_on: 2026-10-01");
    TestEstate::valid()
        .file(&rec("lost-found.yaml"), &l)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("lost-found.yaml"), 6, 15, "2026-10-01")
        .assert_errors(1);
}

// A notice's ends_at before starts_at, and expires before date, each at the later field.
#[test]
fn notice_order() {
    let n = NOTICE.replace("ends_at: 2026-11-05 18:00", "ends_at: 2026-11-05 07:00");
    let n = n.replace("expires: 2026-11-10", "expires: 2026-11-02");
    TestEstate::valid()
        .file("notices/2026-11-water.md", &n)
        .check(&[])
        .assert_code(1)
        // The opening `---` is line 1.
        .assert_error("notices/2026-11-water.md", 5, 10, "2026-11-02")
        .assert_error("notices/2026-11-water.md", 9, 10, "2026-11-05 07:00")
        .assert_errors(2);
}

// ------------------------------------------------- month folders

// A ticket in the wrong month folder is an error at its reported_at value.
#[test]
fn ticket_in_wrong_month_at_reported_at() {
    let t = TICKETS.replace("reported_at: 2026-10-05 09:00", "reported_at: 2026-11-01 00:00");
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &t)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 20, 16, "2026-11")
        .assert_mentions("records/2026-11/")
        .assert_errors(1);
}

// Complaints, visits, surveys, inspections, lost items and meetings each go by their own date field.
#[test]
fn other_kinds_in_wrong_month_at_their_date() {
    TestEstate::valid()
        .file(
            &rec("complaints.yaml"),
            &COMPLAINTS.replace("received_at: 2026-10-05 10:00", "received_at: 2026-09-30 23:59"),
        )
        .file(&rec("visits.yaml"), &VISITS.replace("date: 2026-10-12", "date: 2026-11-12"))
        .file(&rec("surveys.yaml"), &SURVEYS.replace("date: 2026-10-20", "date: 2025-10-20"))
        .file(&rec("inspections.yaml"), &INSPECTIONS.replace("date: 2026-10-01", "date: 2026-09-01"))
        .file(&rec("lost-found.yaml"), &LOST_FOUND.replace("found_on: 2026-10-02", "found_on: 2026-09-02"))
        .file(&rec("meetings.yaml"), &MEETINGS.replace("date: 2026-10-28", "date: 2026-12-28"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("complaints.yaml"), 2, 16, "2026-09")
        .assert_error(&rec("visits.yaml"), 2, 9, "2026-11")
        .assert_error(&rec("surveys.yaml"), 2, 9, "2025-10")
        .assert_error(&rec("inspections.yaml"), 1, 9, "2026-09")
        .assert_error(&rec("lost-found.yaml"), 2, 13, "2026-09")
        .assert_error(&rec("meetings.yaml"), 1, 9, "2026-12")
        .assert_errors(6);
}

// A bill goes by its period (error at the period value); a payment by its date, not its period.
#[test]
fn fees_in_wrong_month() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - unit: 1-1-101
    item: 物业费
    period: 2026-11
    amount: 286
payments:
  - unit: 1-1-101
    item: 物业费
    period: 2026-11
    amount: 286
    date: 2026-11-01
",
        )
        .file(
            "records/2026-11/fees.yaml",
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-11, amount: 286}
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 4, 13, "2026-11")
        .assert_error(&rec("fees.yaml"), 11, 11, "2026-11")
        .assert_mentions("records/2026-11/")
        .assert_errors(2);
}

// A payment in October for a November bill (prepayment), with the bill in a future folder holding only bills, is valid.
#[test]
fn prepayment_to_future_bill_is_valid() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286}
payments:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286, date: 2026-10-15}
  - {unit: 1-1-101, item: 物业费, period: 2027-01, amount: 286, date: 2026-10-15}
",
        )
        .file("records/2027-01/fees.yaml", "bills:\n  - {unit: 1-1-101, item: 物业费, period: 2027-01, amount: 286}\n")
        .file("calendar.yaml", "2027:\n  holidays: [2027-01-01]\n")
        .check(&[])
        .assert_clean();
}

// ------------------------------------------------- duplicates

// A ticket id used in three files is an error at the 2nd and 3rd, in path order, not at the first.
#[test]
fn duplicate_ticket_id_across_files() {
    let nov = "- id: BS-2026-10-0002\n  reported_at: 2026-11-02 10:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n";
    let dec = nov.replace("2026-11-02", "2026-12-02");
    TestEstate::valid()
        .file("records/2026-12/tickets.yaml", &dec)
        .file("records/2026-11/tickets.yaml", nov)
        .check(&[])
        .assert_code(1)
        .assert_error("records/2026-11/tickets.yaml", 1, 7, "`BS-2026-10-0002`")
        .assert_error("records/2026-12/tickets.yaml", 1, 7, "`BS-2026-10-0002`")
        .assert_mentions("content/records/2026-10/tickets.yaml:19")
        .assert_errors(2);
}

// Duplicate complaint and lost-item ids within one file: error at the repeat.
#[test]
fn duplicate_ids_in_one_file() {
    let c = format!("{COMPLAINTS}{COMPLAINTS}");
    let l = format!("{LOST_FOUND}{LOST_FOUND}");
    TestEstate::valid()
        .file(&rec("complaints.yaml"), &c)
        .file(&rec("lost-found.yaml"), &l)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("complaints.yaml"), 13, 7, "`TS-2026-10-001`")
        .assert_error(&rec("lost-found.yaml"), 8, 7, "`SW-2026-10-01`")
        .assert_errors(2);
}

// A repeated id is reported in the same run as the other slips of the record
// that repeats it (and of the one it repeats), not only once they are mended;
// "first in" names the earlier record, broken or not.
#[test]
fn a_repeated_id_in_a_broken_record_is_reported_at_once() {
    let nov = "- id: BS-2026-10-0002\n  reported_at: 2026-11-02 10:00\n  channel: 电话\n  area: 室内\n  category: 电梯\n  description: 异响\n  department: 工程部\n";
    TestEstate::valid()
        .file("records/2026-11/tickets.yaml", nov)
        .check(&[])
        .assert_code(1)
        .assert_error("records/2026-11/tickets.yaml", 4, 9, "`室内` 不在允许的列表中")
        .assert_error("records/2026-11/tickets.yaml", 1, 7, "`BS-2026-10-0002`")
        .assert_mentions("content/records/2026-10/tickets.yaml:19")
        .assert_errors(2);
    // The earlier record is the broken one: the repeat after it is reported, pointing back at it.
    let oct = TICKETS.replacen("area: 公区", "area: 楼道", 1);
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &oct)
        .file("records/2026-11/tickets.yaml", &nov.replace("室内", "公区"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 22, 9, "`楼道` 不在允许的列表中")
        .assert_error("records/2026-11/tickets.yaml", 1, 7, "`BS-2026-10-0002`")
        .assert_mentions("content/records/2026-10/tickets.yaml:19")
        .assert_errors(2);
}

// A second bill with the same (unit, item, period) is an error at its first key.
#[test]
fn duplicate_bill_at_first_key() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - unit: 1-1-101
    item: 物业费
    period: 2026-10
    amount: 286
  - item: 物业费
    unit: 1-1-101
    period: 2026-10
    amount: 300
  - unit: 1-1-101
    item: 车位管理费
    period: 2026-10
    amount: 150
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 6, 5, "1-1-101")
        .assert_errors(1);
}

// A payment naming no bill is an error at its first key.
#[test]
fn payment_without_bill_at_first_key() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286}
payments:
  - item: 车位管理费
    unit: 1-1-101
    period: 2026-10
    amount: 150
    date: 2026-10-15
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 4, 5, "车位管理费")
        .assert_errors(1);
}

// A misspelt fees.yaml section is an error at the key with a "did you mean", and its bills
// are not then missed by payments elsewhere.
#[test]
fn fees_unknown_section() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "bill:\n  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286}\npayments: 5\n",
        )
        .file(
            "records/2026-11/fees.yaml",
            "payments:\n  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286, date: 2026-11-15}\n",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 1, 1, "`bill`")
        .assert_mentions("是不是想写 `bills`")
        .assert_error(&rec("fees.yaml"), 3, 11, "`payments`")
        .assert_errors(2);
}

// A unit listed twice in households.yaml is an error at the second.
#[test]
fn duplicate_household_unit() {
    TestEstate::valid()
        .file("households.yaml", &format!("{HOUSEHOLDS}- unit: 1-1-102\n  status: 已入住\n"))
        .check(&[])
        .assert_code(1)
        .assert_error("households.yaml", 9, 9, "`1-1-102`")
        .assert_errors(1);
}

// ------------------------------------------------- references

// A unit not in households.yaml is an error at the reference, in every kind that names units.
#[test]
fn dangling_units_at_reference() {
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &TICKETS.replace("unit: 1-1-101", "unit: 1-1-109"))
        .file(&rec("complaints.yaml"), &COMPLAINTS.replace("unit: 1-1-102", "unit: \"9-9-999\""))
        .file(&rec("visits.yaml"), &VISITS.replace("unit: 1-1-101", "unit: 1-1-103"))
        .file(&rec("surveys.yaml"), &SURVEYS.replace("unit: 1-1-101", "unit: 1-1-104"))
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 3-3-303, item: 物业费, period: 2026-10, amount: 286}
payments:
  - {unit: 3-3-303, item: 物业费, period: 2026-10, amount: 286, date: 2026-10-15}
",
        )
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 7, 9, "`1-1-109`")
        .assert_mentions("是不是想写 `1-1-10")
        .assert_error(&rec("complaints.yaml"), 5, 9, "`9-9-999`")
        .assert_error(&rec("visits.yaml"), 1, 9, "`1-1-103`")
        .assert_error(&rec("surveys.yaml"), 1, 9, "`1-1-104`")
        .assert_error(&rec("fees.yaml"), 2, 12, "`3-3-303`")
        .assert_error(&rec("fees.yaml"), 4, 12, "`3-3-303`")
        .assert_errors(6);
}

// An inspection naming a ticket that does not exist is an error at that id.
#[test]
fn dangling_ticket_in_inspection() {
    TestEstate::valid()
        .file(&rec("inspections.yaml"), &INSPECTIONS.replace("[BS-2026-10-0002]", "[BS-2026-10-0002, BS-2026-10-0099]"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("inspections.yaml"), 5, 30, "`BS-2026-10-0099`")
        .assert_errors(1);
}

// reports_to naming a role file that does not exist is an error at the reference.
#[test]
fn dangling_reports_to() {
    TestEstate::valid()
        .file("roles/engineer.md", &ROLE_ENGINEER.replace("reports_to: manager", "reports_to: managr"))
        .check(&[])
        .assert_code(1)
        .assert_error("roles/engineer.md", 4, 13, "`managr`")
        .assert_mentions("`manager`")
        .assert_errors(1);
}

// A reports_to cycle is exactly one error, in the cycle's first file in path order, naming the whole cycle.
#[test]
fn reports_to_cycle_one_error() {
    let role =
        |title: &str, up: &str| format!("---\ntitle: {title}\ndepartment: 秩序部\nreports_to: {up}\norder: 1\n---\n");
    TestEstate::valid()
        .file("roles/guard-b.md", &role("B", "guard-c"))
        .file("roles/guard-c.md", &role("C", "guard-a"))
        .file("roles/guard-a.md", &role("A", "guard-b"))
        // Leads into the cycle without being part of it: no second error.
        .file("roles/guard-d.md", &role("D", "guard-b"))
        .check(&[])
        .assert_code(1)
        .assert_error("roles/guard-a.md", 4, 13, "guard-a → guard-b → guard-c → guard-a")
        .assert_errors(1);
}

// A role reporting to itself is a cycle of one.
#[test]
fn reports_to_self() {
    TestEstate::valid()
        .file("roles/engineer.md", &ROLE_ENGINEER.replace("reports_to: manager", "reports_to: engineer"))
        .check(&[])
        .assert_code(1)
        .assert_error("roles/engineer.md", 4, 13, "engineer → engineer")
        .assert_errors(1);
}

// ------------------------------------------------- categories

// An unknown category value is an error at the value with a "did you mean".
#[test]
fn unknown_category_with_did_you_mean() {
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &TICKETS.replace("category: 水电", "category: 水店"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 6, 13, "`水店`")
        .assert_mentions("是不是想写 `水电`")
        .assert_errors(1);
}

// Unknown channel, complaint category, notice type, area, visit mode, followup result and meeting kind.
#[test]
fn fixed_and_configured_lists() {
    TestEstate::valid()
        .file(
            &rec("tickets.yaml"),
            &TICKETS.replace("channel: 电话", "channel: 短信").replace("area: 公区", "area: 公共"),
        )
        .file(
            &rec("complaints.yaml"),
            &COMPLAINTS.replace("category: 噪音", "category: 噪声").replace("result: 满意", "result: 很满意"),
        )
        .file(&rec("visits.yaml"), &VISITS.replace("mode: 面访", "mode: 上门"))
        .file(&rec("meetings.yaml"), &MEETINGS.replace("kind: 报事分析会", "kind: 月会"))
        .file("notices/2026-11-water.md", &NOTICE.replace("type: 停水停电", "type: 停水"))
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 21, 12, "`短信`")
        .assert_error(&rec("tickets.yaml"), 22, 9, "`公共`")
        .assert_error(&rec("complaints.yaml"), 4, 13, "`噪声`")
        .assert_error(&rec("complaints.yaml"), 12, 13, "`很满意`")
        .assert_error(&rec("visits.yaml"), 3, 9, "`上门`")
        .assert_error(&rec("meetings.yaml"), 2, 9, "`月会`")
        .assert_error("notices/2026-11-water.md", 3, 7, "`停水`")
        .assert_errors(7);
}

// A category list in site.yaml replaces that one list only.
#[test]
fn site_categories_replace_one_list() {
    TestEstate::valid()
        .file("site.yaml", &format!("{SITE}categories:\n  ticket: [报修, 其他]\n"))
        .check(&[])
        .assert_code(1)
        // Both tickets use a default ticket category that is no longer listed; channels still default.
        .assert_error(&rec("tickets.yaml"), 6, 13, "`水电`")
        .assert_error(&rec("tickets.yaml"), 23, 13, "`电梯`")
        .assert_errors(2);
}

// ------------------------------------------------- files and folders

// An unknown file in a month folder is an error at 1:1 with a "did you mean".
#[test]
fn unknown_file_in_month_folder() {
    TestEstate::valid()
        .file(&rec("ticket.yaml"), TICKETS)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("ticket.yaml"), 1, 1, "`ticket.yaml`")
        .assert_mentions("是不是想写 `tickets.yaml`")
        .assert_errors(1);
}

// A folder under records/ that is not YYYY-MM, and a stray file there, are errors at 1:1.
#[test]
fn bad_month_folder_name() {
    TestEstate::valid()
        .file("records/2026-13/tickets.yaml", "[]")
        .file("records/October/tickets.yaml", "[]")
        .file("records/notes.txt", "x")
        .check(&[])
        .assert_code(1)
        .assert_error("records/2026-13", 1, 1, "`2026-13`")
        .assert_error("records/October", 1, 1, "`October`")
        .assert_error("records/notes.txt", 1, 1, "`notes.txt`")
        .assert_errors(3);
}

// Dotfiles are ignored everywhere.
#[test]
fn dotfiles_are_ignored() {
    TestEstate::valid()
        .file(".git/config", "x")
        .file(&rec(".DS_Store"), "x")
        .file("records/.cache", "x")
        .file("roles/.manager.md.swp", "x")
        .check(&[])
        .assert_clean();
}

// An unknown file in the content root is a warning (exit 0); --strict makes it fail.
#[test]
fn unknown_root_file_is_warning() {
    let e = TestEstate::valid().file("notes.txt", "x");
    e.check(&[]).assert_code(0).assert_warning("notes.txt", 1, 1, "`notes.txt`").assert_warnings(1).assert_errors(0);
    e.check(&["--strict"]).assert_code(1).assert_warning("notes.txt", 1, 1, "`notes.txt`");
}

// A missing site.yaml is an error at site.yaml:1:1; the rest is still checked.
#[test]
fn missing_site_yaml() {
    TestEstate::valid()
        .remove("site.yaml")
        .file(&rec("visits.yaml"), &VISITS.replace("unit: 1-1-101", "unit: 1-1-109"))
        .check(&[])
        .assert_code(1)
        .assert_error("site.yaml", 1, 1, "site.yaml")
        .assert_error(&rec("visits.yaml"), 1, 9, "`1-1-109`")
        .assert_errors(2);
}

// A missing households.yaml is an error at households.yaml:1:1, and units are then not reported one by one.
#[test]
fn missing_households_yaml() {
    TestEstate::valid().remove("households.yaml").check(&[]).assert_code(1).assert_error(
        "households.yaml",
        1,
        1,
        "households.yaml",
    );
}

// A content directory that does not exist is a refused command line (exit
// 2), with no file position (there is no file) and a word about --content.
#[test]
fn missing_content_dir() {
    let e = TestEstate::empty();
    let out = e.run(&["check", "--content", "nope", "--date", DATE]);
    out.assert_code(2).assert_no_panic();
    assert!(out.stderr.starts_with("error: 找不到内容目录 `nope`"), "{}", out.stderr);
    assert!(out.stderr.contains("--content"), "{}", out.stderr);
    assert!(!out.stderr.contains("site.yaml:1:1"), "{}", out.stderr);
}

// Front matter that is never closed is an error at 1:1.
#[test]
fn unterminated_front_matter() {
    TestEstate::valid()
        .file("roles/cleaner.md", "---\ntitle: 保洁员\ndepartment: 环境部\nreports_to: manager\norder: 2\n\n1. 打扫\n")
        .check(&[])
        .assert_code(1)
        .assert_error("roles/cleaner.md", 1, 1, "---")
        .assert_errors(1);
}

// A role or notice without front matter is an error at 1:1.
#[test]
fn missing_front_matter() {
    TestEstate::valid()
        .file("notices/plain.md", "# 通知\n\n停水。\n")
        .check(&[])
        .assert_code(1)
        .assert_error("notices/plain.md", 1, 1, "front matter")
        .assert_errors(1);
}

// A bulletin must be named for a quarter.
#[test]
fn bulletin_file_name() {
    TestEstate::valid()
        .file("bulletins/2026-Q5.md", "本季度。\n")
        .check(&[])
        .assert_code(1)
        .assert_error("bulletins/2026-Q5.md", 1, 1, "2026-Q5")
        .assert_errors(1);
}

// ------------------------------------------------- calendar

// A year with no calendar is one warning, at the first record dated in that year (first file in path order).
#[test]
fn year_without_calendar_warns_once() {
    let t2027 = "- id: BS-2027-01\n  reported_at: 2027-01-04 09:00\n  channel: 电话\n  area: 公区\n  category: 电梯\n  description: 异响\n  department: 工程部\n";
    // The meeting is both first in path order and earliest in the year.
    let m2027 = "\n- date: 2027-01-03\n  kind: 其他\n  chair: 经理\n";
    let e = TestEstate::valid()
        .file("records/2027-01/tickets.yaml", t2027)
        .file("records/2027-01/meetings.yaml", m2027)
        .file("records/2027-02/meetings.yaml", &m2027.replace("2027-01", "2027-02"))
        .file("records/2028-03/meetings.yaml", &m2027.replace("2027-01", "2028-03"));
    let out = e.check(&["--date", "2028-12-31"]);
    out.assert_code(0)
        .assert_warning("records/2027-01/meetings.yaml", 2, 3, "2027")
        .assert_warning("records/2028-03/meetings.yaml", 2, 3, "2028")
        .assert_warnings(2);
    e.check(&["--date", "2028-12-31", "--strict"]).assert_code(1);
}

// A year defined in calendar.yaml is covered: no warning.
#[test]
fn calendar_yaml_covers_a_year() {
    TestEstate::valid()
        .file("records/2027-01/meetings.yaml", "- date: 2027-01-20\n  kind: 其他\n  chair: 经理\n")
        .file("calendar.yaml", "2027:\n  holidays: [2027-01-01]\n  workdays: []\n")
        .check(&["--date", "2027-12-31"])
        .assert_clean();
}

// A year in calendar.yaml replaces the built-in one entirely (loaded through the library).
#[test]
fn calendar_yaml_replaces_builtin_year() {
    use chrono::NaiveDate;
    let national_day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(); // a Thursday
    let make_up = NaiveDate::from_ymd_opt(2026, 10, 10).unwrap(); // a Saturday worked (调休)
    let e = TestEstate::valid();
    let builtin = wuye::records::load::load(&wuye::records::load::Source::new(e.content()));
    let cal = &builtin.estate.expect("loads").calendar;
    assert!(!cal.is_workday(national_day));
    assert!(cal.is_workday(make_up));
    let e = e.file("calendar.yaml", "2026:\n  holidays: [2026-01-01]\n");
    let own = wuye::records::load::load(&wuye::records::load::Source::new(e.content()));
    assert!(own.diags.is_empty(), "{:?}", own.diags);
    let cal = &own.estate.expect("loads").calendar;
    assert!(cal.is_workday(national_day), "built-in holidays no longer apply");
    assert!(!cal.is_workday(make_up), "built-in make-up days no longer apply");
    assert!(!cal.is_workday(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
}

// calendar.yaml's own errors: a key that is not a year, a date outside its year.
#[test]
fn calendar_yaml_errors() {
    TestEstate::valid()
        .file("calendar.yaml", "26:\n  holidays: []\n2026:\n  holidays: [2026-01-01, 2025-12-31]\n  workday: []\n")
        .check(&[])
        .assert_code(1)
        .assert_error("calendar.yaml", 1, 1, "`26`")
        .assert_error("calendar.yaml", 4, 26, "2025-12-31")
        .assert_error("calendar.yaml", 5, 3, "`workday`")
        .assert_errors(3);
}

// ------------------------------------------------- warnings

// A cost at or above approval_threshold without approved_by is a warning at the cost; just below is not.
#[test]
fn approval_threshold_warning() {
    let at = TICKETS.replace("cost: 350", "cost: 200").replace("  approved_by: 工程部经理\n", "");
    let out = TestEstate::valid().file(&rec("tickets.yaml"), &at).check(&[]);
    out.assert_code(0).assert_warning(&rec("tickets.yaml"), 13, 9, "approved_by").assert_warnings(1);
    let below = at.replace("cost: 200", "cost: 199.99");
    TestEstate::valid().file(&rec("tickets.yaml"), &below).check(&[]).assert_clean();
    // A threshold set in site.yaml moves the line.
    TestEstate::valid()
        .file("site.yaml", &format!("{SITE}approval_threshold: 500\n"))
        .file(&rec("tickets.yaml"), &at)
        .check(&[])
        .assert_clean();
    TestEstate::valid().file(&rec("tickets.yaml"), &at).check(&["--strict"]).assert_code(1);
}

// `--message-format short` prints one line per problem, `PATH:LINE:COL: SEV[CODE]: MESSAGE`,
// with the stable code of docs/diagnostics.md and no snippet or help line.
#[test]
fn short_format_names_the_code() {
    let at = TICKETS.replace("cost: 350", "cost: 200").replace("  approved_by: 工程部经理\n", "");
    let out =
        TestEstate::valid().file(&rec("tickets.yaml"), &at.replace("unit: 1-1-101", "unit: 1-1-199")).check_short(&[]);
    out.assert_code(1)
        .assert_warning(&rec("tickets.yaml"), 13, 9, "W-APPROVAL-MISSING")
        .assert_error(&rec("tickets.yaml"), 7, 9, "E-UNIT-UNKNOWN")
        .assert_warnings(1)
        .assert_errors(1);
    let line = "content/records/2026-10/tickets.yaml:13:9: warning[W-APPROVAL-MISSING]: 维修费用 200.00 元达到审批线";
    assert!(out.stderr.lines().any(|l| l.starts_with(line)), "{}", out.stderr);
    assert!(!out.stderr.contains("help:") && !out.stderr.contains(" | "), "{}", out.stderr);
}

// A record with errors still has its unit checked, so a clerk sees a wrong unit in the same run as
// the record's other slips; a unit that is wrong in itself (empty) is reported once, not twice.
#[test]
fn a_broken_record_still_has_its_unit_checked() {
    let bad_area = TICKETS.replacen("area: 户内", "area: 室内", 1);
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &bad_area.replacen("unit: 1-1-101", "unit: 1-1-199", 1))
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 5, 9, "E-VALUE-NOT-ALLOWED")
        .assert_error(&rec("tickets.yaml"), 7, 9, "E-UNIT-UNKNOWN")
        .assert_errors(2);
    TestEstate::valid()
        .file(&rec("tickets.yaml"), &bad_area.replacen("unit: 1-1-101", "unit: \"\"", 1))
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("tickets.yaml"), 5, 9, "E-VALUE-NOT-ALLOWED")
        .assert_error(&rec("tickets.yaml"), 7, 9, "E-VALUE-EMPTY")
        .assert_errors(2);
    // A visit with a bad date, in another month's file: the unit is reported in that file.
    let visits = "- unit: 9-9-909\n  date: 2026-10-32\n  mode: 面访\n  by: 客服 李敏\n";
    TestEstate::valid()
        .file("records/2026-09/visits.yaml", visits)
        .check_short(&[])
        .assert_code(1)
        .assert_error("records/2026-09/visits.yaml", 1, 9, "E-UNIT-UNKNOWN")
        .assert_error("records/2026-09/visits.yaml", 2, 9, "E-DATE-INVALID")
        .assert_errors(2);
    // A bill and a payment with a bad amount.
    let fees = "bills:\n  - {unit: 9-9-909, item: 物业费, period: 2026-10, amount: 2O0}\npayments:\n  - {unit: 9-9-908, item: 物业费, period: 2026-10, amount: x, date: 2026-10-10}\n";
    TestEstate::valid()
        .file(&rec("fees.yaml"), fees)
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("fees.yaml"), 2, 12, "E-UNIT-UNKNOWN")
        .assert_error(&rec("fees.yaml"), 4, 12, "E-UNIT-UNKNOWN")
        .assert_errors(4);
}

// A month written the Chinese way gets the month to paste (a meeting's `about`, a bill's `period`).
#[test]
fn a_chinese_month_gets_the_month_to_paste() {
    let meetings = "- date: 2026-10-05\n  kind: 投诉分析会\n  about: 2026年9月\n  chair: 项目经理\n";
    TestEstate::valid()
        .file(&rec("meetings.yaml"), meetings)
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("meetings.yaml"), 3, 10, "月份 `2026年9月` 无效")
        .assert_mentions("help: 改成 `2026-09`")
        .assert_errors(1);
}

// Payments to one bill summing above amount − waived are one warning, at the payment that goes over.
#[test]
fn overpayment_warning() {
    let out = TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286, waived: 20}
payments:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 200, date: 2026-10-10}
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 66, date: 2026-10-11}
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 0.01, date: 2026-10-12}
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 5, date: 2026-10-13}
",
        )
        .check(&[]);
    out.assert_code(0).assert_warning(&rec("fees.yaml"), 6, 6, "266.00").assert_warnings(1);
}

// --strict turns any warning into exit 1.
#[test]
fn strict_fails_on_warnings() {
    let e = TestEstate::valid().file("README.md", "x");
    e.check(&[]).assert_code(0);
    e.check(&["--strict"]).assert_code(1);
}

// ------------------------------------------------- defaults and empty files

// `valid` defaults to true; `valuable`, `pinned`, `draft` default to false; `waived` to 0 (loaded through the library).
#[test]
fn defaults() {
    let invalid = COMPLAINTS.replace("TS-2026-10-001", "TS-2").replace("  department", "  valid: false\n  department");
    let e = TestEstate::valid()
        .file(&rec("complaints.yaml"), &format!("{COMPLAINTS}{invalid}"))
        .file(&rec("lost-found.yaml"), "- {id: SW-1, found_on: 2026-10-02, place: 大堂, item: 伞}\n")
        .file(&rec("fees.yaml"), "bills:\n  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286}\n")
        .file("notices/2026-11-water.md", &NOTICE.replace("pinned: true\n", ""));
    let loaded = wuye::records::load::load(&wuye::records::load::Source::new(e.content()));
    assert!(loaded.diags.is_empty(), "{:?}", loaded.diags);
    let est = loaded.estate.expect("loads");
    assert!(est.records.complaints[0].valid);
    assert!(!est.records.complaints[1].valid);
    assert_eq!(est.records.bills[0].waived, wuye::scalars::Money::ZERO);
    assert_eq!(est.records.bills[0].owed(), wuye::scalars::Money(28600));
    assert!(!est.records.lost_found[0].valuable);
    assert_eq!(est.records.lost_found[0].claimed_on, None);
    let n = &est.notices[0];
    assert!(!n.pinned && !n.draft);
    assert!(n.issuer.is_none());
    assert_eq!(est.site.approval_threshold, wuye::scalars::Money(20000));
    assert_eq!(est.site.satisfied_min_score, 4);
    assert_eq!(est.site.language, "zh-CN");
}

// An empty file, a comments-only file and `[]` are valid for every kind; `{}` and null lists for fees.
#[test]
fn empty_files_are_valid() {
    let kinds: Vec<&str> = wuye::records::RecordKind::file_names().collect();
    let mut e = TestEstate::valid();
    for (i, month) in ["2026-07", "2026-08", "2026-09"].iter().enumerate() {
        for k in &kinds {
            let text = ["", "# 本月没有记录\n# 第二行\n", "[]\n"][i];
            e = e.file(&format!("records/{month}/{k}"), text);
        }
    }
    e = e
        .file("records/2026-06/fees.yaml", "{}\n")
        .file("records/2026-05/fees.yaml", "bills:\npayments: ~\n")
        .file("records/2026-04/fees.yaml", "bills: []\n# 无缴费\n");
    e.check(&[]).assert_clean();
}

// An empty households.yaml is valid in itself (then every unit reference dangles).
#[test]
fn empty_households_yaml() {
    TestEstate::valid().file("households.yaml", "# 尚未登记\n").remove(MONTH).check(&[]).assert_clean();
}

// ------------------------------------------------- syntax errors

// A file that does not parse is one error, and references into it are not reported as dangling.
#[test]
fn syntax_error_is_one_error_and_hides_dangling() {
    TestEstate::valid()
        .file(&rec("tickets.yaml"), "- id: BS-2026-10-0002\n  reported_at: [2026-10-05 09:00\n  channel: 电话\n")
        .file("households.yaml", "- unit: 1-1-101\n  status: 已入住\n - unit: 1-1-102\n")
        .file("roles/manager.md", "---\ntitle: 项目经理\n  department: [\n---\n")
        .check(&[])
        .assert_code(1)
        .assert_errors(3)
        .assert_mentions("content/records/2026-10/tickets.yaml:")
        .assert_mentions("content/households.yaml:")
        .assert_mentions("content/roles/manager.md:");
}

// A fees.yaml that does not parse hides "payment names no bill" elsewhere.
#[test]
fn syntax_error_in_fees_hides_payments() {
    TestEstate::valid()
        .file(&rec("fees.yaml"), "bills:\n  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286\n")
        .file(
            "records/2026-11/fees.yaml",
            "payments:\n  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 286, date: 2026-11-15}\n",
        )
        .check(&[])
        .assert_code(1)
        .assert_errors(1);
}

// A record with its own error is not counted as missing by records that name it.
#[test]
fn broken_record_is_not_dangling() {
    TestEstate::valid()
        // The household 1-1-101 has a bad status; tickets, visits, bills naming it are not "unknown unit".
        .file("households.yaml", &HOUSEHOLDS.replace("status: 已入住", "status: 住"))
        // The ticket the inspection names has a bad channel.
        .file(&rec("tickets.yaml"), &TICKETS.replace("channel: 电话", "channel: 短信"))
        // The bill the payment names has a bad amount.
        .file(&rec("fees.yaml"), &FEES.replace("amount: 286.00", "amount: 286.001"))
        // The manager role has a bad order; the engineer reports to it.
        .file("roles/manager.md", &ROLE_MANAGER.replace("order: 1", "order: first"))
        .check(&[])
        .assert_code(1)
        .assert_error("households.yaml", 4, 11, "`住`")
        .assert_error(&rec("tickets.yaml"), 21, 12, "`短信`")
        .assert_error(&rec("fees.yaml"), 5, 13, "`286.001`")
        .assert_error("roles/manager.md", 5, 8, "`first`")
        .assert_errors(4);
}

// One bad record hides no other: every problem in every record and file is reported.
#[test]
fn every_problem_is_reported() {
    TestEstate::valid()
        .file(&rec("visits.yaml"), "- unit: 1-1-101\n  date: 2026-10-32\n  mode: 面访\n  by: 李敏\n- unit: 1-1-101\n  date: 2026-10-12\n  mode: 面谈\n  by: 李敏\n")
        .file(&rec("meetings.yaml"), "- date: 2026-10-28\n  kind: 其他\n  chair: \"\"\n")
        .check_short(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 2, 9, "2026-10-32")
        .assert_error(&rec("visits.yaml"), 7, 9, "`面谈`")
        .assert_error(&rec("meetings.yaml"), 3, 10, "E-VALUE-EMPTY")
        .assert_errors(3);
}

// Two errors in two files are both reported, sorted by path.
#[test]
fn two_files_two_errors() {
    let out = TestEstate::valid()
        .file(&rec("visits.yaml"), &VISITS.replace("mode: 面访", "mode: 面谈"))
        .file(&rec("complaints.yaml"), &COMPLAINTS.replace("channel: 电话", "channel: 短信"))
        .check(&[]);
    out.assert_code(1)
        .assert_error(&rec("complaints.yaml"), 3, 12, "`短信`")
        .assert_error(&rec("visits.yaml"), 3, 9, "`面谈`")
        .assert_errors(2);
    let errs = out.errors();
    assert!(errs[0].contains("complaints.yaml") && errs[1].contains("visits.yaml"), "{errs:?}");
}

// ------------------------------------------------- site.yaml

// site.yaml's own fields are checked: required, unknown with did-you-mean, targets in 0..1.
#[test]
fn site_yaml_fields() {
    TestEstate::valid()
        .file(
            "site.yaml",
            "name: 测试物业服务中心\nestate: 测试花园\nbase_ur: https://example.org/\nservice_phone: 0571-8888 0000\ntargets:\n  fee_collection_rate: 95\n",
        )
        .check(&[])
        .assert_code(1)
        .assert_error("site.yaml", 1, 1, "`base_url`")
        .assert_error("site.yaml", 3, 1, "`base_ur`")
        .assert_mentions("`base_url`")
        .assert_error("site.yaml", 6, 24, "`95`")
        .assert_errors(3);
}

// ------------------------------------------------- language

// With `language: en` in site.yaml, messages are English.
#[test]
fn english_messages() {
    TestEstate::valid()
        .file("site.yaml", SITE_EN)
        .file(&rec("visits.yaml"), "- unit: 1-1-109\n  date: 2026-10-12\n  mode: 面访\n  by: 李敏\n  note: x\n")
        .file(&rec("ticket.yaml"), "[]")
        .check(&[])
        .assert_code(1)
        .assert_error(&rec("visits.yaml"), 5, 3, "unknown field `note`")
        .assert_mentions("did you mean `notes`?")
        .assert_error(&rec("ticket.yaml"), 1, 1, "unknown file `ticket.yaml`");
}

// English reaches cross-file checks and site.yaml's own problems too.
#[test]
fn english_cross_file_messages() {
    TestEstate::valid()
        .file("site.yaml", &format!("{SITE_EN}nam: x\n"))
        .file(&rec("visits.yaml"), &VISITS.replace("unit: 1-1-101", "unit: 1-1-109"))
        .check(&[])
        .assert_code(1)
        .assert_error("site.yaml", 6, 1, "unknown field `nam`")
        .assert_error(&rec("visits.yaml"), 1, 9, "unit `1-1-109` is not in households.yaml");
}

// ------------------------------------------------- command line

// A bad --date or an unknown option is a refused command line: exit 2.
#[test]
fn usage_errors_exit_2() {
    let e = TestEstate::valid();
    let out = e.run(&["check", "--content", "content", "--date", "2026-02-30"]);
    out.assert_code(2);
    assert!(out.stderr.contains("2026-02-30"), "{}", out.stderr);
    e.run(&["check", "--content", "content", "--date", "tomorrow"]).assert_code(2);
    e.run(&["check", "--no-such-flag"]).assert_code(2);
    e.run(&["frobnicate"]).assert_code(2);
}

// PATH is the --content argument as given; without --content it starts `content/`.
#[test]
fn paths_use_content_argument_as_given() {
    let e = TestEstate::valid().file("notes.txt", "x");
    let out = e.run(&["check", "--content", "./content/", "--date", DATE]);
    assert!(out.stderr.contains("./content/notes.txt:1:1: warning: "), "{}", out.stderr);
    let out = e.run(&["check", "--date", DATE]);
    assert!(out.stderr.contains("content/notes.txt:1:1: warning: "), "{}", out.stderr);
    assert!(!out.stderr.contains("./content/"), "{}", out.stderr);
}
