//! What the tests share: the one way to run the `wuye` binary, estates
//! written in code ([`estate`]), site fixtures ([`site`]) and the external
//! tools some tests drive ([`tools`]).

pub mod estate;
pub mod import;
pub mod site;
pub mod tools;

use std::process::Command;

/// The `wuye` binary with a pinned environment, so a developer's shell
/// cannot change a result: no `SOURCE_DATE_EPOCH` (the as-of day comes from
/// `--date` or the content), no timing output (`WUYE_LOG`), no browser or
/// print timeout from the shell, no colours.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wuye"));
    for k in ["SOURCE_DATE_EPOCH", "WUYE_LOG", "WUYE_BROWSER", "WUYE_PDF_TIMEOUT"] {
        c.env_remove(k);
    }
    c.env("NO_COLOR", "1");
    c
}
