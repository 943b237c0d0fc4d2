//! External tools some tests drive (Chromium, pdfinfo, zbarimg, Wine).
//!
//! On a developer machine without the tool the test prints a note and skips.
//! When the environment variable `CI` is set (GitHub Actions, GitLab CI and
//! `.ci/run` set it) a missing tool FAILS the test: CI installs every tool,
//! so a skip there would hide a broken check behind a green run.
//!
//! ```ignore
//! mod tools;
//! let Some(chromium) = tools::require("chromium", &["/usr/bin/chromium"]) else { return };
//! ```

use std::path::{Path, PathBuf};

/// Whether this run is CI's (`CI` set to anything but empty, `0` or `false`).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The tool `name`: the first of `candidates` that exists, else `name` on
/// `PATH`. Missing: `None` with a note, or a panic under CI.
pub fn require(name: &str, candidates: &[&str]) -> Option<PathBuf> {
    require_in(name, candidates, on_ci())
}

/// [`require`] with the CI decision given (for testing the rule itself).
pub fn require_in(name: &str, candidates: &[&str], ci: bool) -> Option<PathBuf> {
    let found = candidates.iter().map(PathBuf::from).find(|p| p.is_file()).or_else(|| on_path(name));
    if found.is_none() {
        assert!(
            !ci,
            "{name} is missing, and CI is set: CI must install it (see .ci/run); a skipped test would pass unseen"
        );
        eprintln!("note: {name} not found; skipping this test (CI installs it and fails without it)");
    }
    found
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| Path::new(p).is_file())
}

/// Debian's Chromium, which `.ci/run` installs.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium with a throwaway profile and the given arguments
/// (no background networking: the machine's network is closed).
pub fn chromium(profile: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}
