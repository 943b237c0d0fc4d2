//! The rule for external tools (tests/tools): under CI a missing tool fails
//! the test instead of skipping it; elsewhere it skips with a note.

use crate::support::tools;

#[test]
fn a_missing_tool_skips_on_a_developer_machine() {
    assert_eq!(tools::require_in("wuye-no-such-tool", &["/no/such/path"], false), None);
}

#[test]
#[should_panic(expected = "CI is set")]
fn a_missing_tool_fails_under_ci() {
    tools::require_in("wuye-no-such-tool", &["/no/such/path"], true);
}

#[test]
fn a_present_tool_is_found() {
    let me = std::env::current_exe().unwrap();
    assert_eq!(tools::require_in("x", &[me.to_str().unwrap()], true), Some(me));
}
