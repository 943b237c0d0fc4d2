//! Money is bounded: a value above 1亿元 (100000000 yuan, records.md) is an
//! error at its position, and sums of values that pass `check` are exact
//! (10,000 bills at the cap: no overflow, no wrap-around, no panic).

use crate::support::estate::*;

fn rec(f: &str) -> String {
    format!("{MONTH}/{f}")
}

/// The cap itself passes; one fen above it, and the 13-digit values that used
/// to overflow the sums, are errors at the value with a Chinese fix.
#[test]
fn money_above_one_yi_is_refused_at_the_value() {
    TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 100000000}
  - {unit: 1-1-102, item: 物业费, period: 2026-10, amount: 100000000.00}
payments:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 100000000, date: 2026-10-15}
",
        )
        .check(&[])
        .assert_code(0);
    let out = TestEstate::valid()
        .file(
            &rec("fees.yaml"),
            "\
bills:
  - {unit: 1-1-101, item: 物业费, period: 2026-10, amount: 100000000.01}
  - {unit: 1-1-102, item: 物业费, period: 2026-10, amount: 9999999999999}
  - {unit: 2-1-201, item: 物业费, period: 2026-10, amount: 286, waived: \"100000001\"}
",
        )
        .check(&[]);
    out.assert_code(1)
        .assert_error(&rec("fees.yaml"), 2, 57, "`100000000.01`")
        .assert_error(&rec("fees.yaml"), 3, 57, "`9999999999999`")
        .assert_error(&rec("fees.yaml"), 4, 70, "`100000001`")
        .assert_mentions("1亿元")
        .assert_mentions("help:");
}

/// 10,000 bills at the cap, each paid in full: `wuye kpi` prints the exact
/// sums (1,000,000,000,000.00 yuan), and the same bills one fen above the cap
/// stop at `check` instead of reaching the sums.
#[test]
fn ten_thousand_bills_at_the_cap_sum_exactly() {
    let units: Vec<String> =
        (1..=10).flat_map(|b| (1..=10).flat_map(move |u| (101..=200).map(move |r| format!("{b}-{u}-{r}")))).collect();
    // The other records of the valid estate also name 2-1-201.
    let mut households = String::from("- {unit: 2-1-201, status: 装修}\n");
    let mut fees = String::from("bills:\n");
    let mut payments = String::from("payments:\n");
    let mut above = String::from("bills:\n");
    for unit in &units {
        households.push_str(&format!("- {{unit: {unit}, status: 已入住}}\n"));
        fees.push_str(&format!("  - {{unit: {unit}, item: 物业费, period: 2026-10, amount: 100000000}}\n"));
        payments.push_str(&format!(
            "  - {{unit: {unit}, item: 物业费, period: 2026-10, amount: 100000000, date: 2026-10-15}}\n"
        ));
        above.push_str(&format!("  - {{unit: {unit}, item: 物业费, period: 2026-10, amount: 9999999999999}}\n"));
    }
    let at_cap =
        TestEstate::valid().file("households.yaml", &households).file(&rec("fees.yaml"), &format!("{fees}{payments}"));
    let root = at_cap.root().to_path_buf();
    let out = crate::support::command()
        .args(["kpi", "--content", "content", "--no-cache", "--date", DATE, "--period", "2026-10", "--format", "json"])
        .current_dir(&root)
        .output()
        .expect("run wuye");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("kpi JSON");
    let fees = &v["fees"];
    assert_eq!(fees["receivable"], "1000000000000.00", "{fees}");
    assert_eq!(fees["collected"], "1000000000000.00", "{fees}");
    assert_eq!(fees["collection_rate"], 1.0, "{fees}");

    let above = TestEstate::valid().file("households.yaml", &households).file(&rec("fees.yaml"), &above);
    above.check(&[]).assert_code(1).assert_errors(10_000);
}
