//! `wuye new` gives an estate that passes `check` and builds with the defaults.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_wuye");

/// new → check → build, run from the new directory with default paths.
#[test]
fn new_then_check_then_build() {
    let t = tempfile::tempdir().unwrap();
    let new = Command::new(BIN).args(["new", "cuihu"]).current_dir(t.path()).output().unwrap();
    assert!(new.status.success(), "{}", String::from_utf8_lossy(&new.stderr));
    let dir = t.path().join("cuihu");
    for f in ["content/site.yaml", "content/households.yaml", ".gitignore", "README.md"] {
        assert!(dir.join(f).is_file(), "{f} written");
    }
    let months: Vec<_> = std::fs::read_dir(dir.join("content/records")).unwrap().flatten().collect();
    assert_eq!(months.len(), 1, "one month folder");
    let kinds = std::fs::read_dir(months[0].path()).unwrap().count();
    assert_eq!(kinds, 9, "one example file of each record kind");
    assert!(
        std::fs::read_to_string(dir.join("content/site.yaml")).unwrap().contains("# "),
        "site.yaml explains its settings"
    );
    let check = Command::new(BIN).args(["check", "--strict"]).current_dir(&dir).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let build = Command::new(BIN).arg("build").current_dir(&dir).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(dir.join("output/public/index.html").is_file());
    assert!(dir.join("output/internal/index.html").is_file());
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(gitignore.contains("output") && gitignore.contains(".wuye-cache"));
    // A second `new` into the same place refuses rather than overwrite.
    let again = Command::new(BIN).args(["new", "cuihu"]).current_dir(t.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
}

/// Every command has --help with an example, and --version works.
#[test]
fn help_has_examples() {
    for cmd in ["check", "build", "kpi", "serve", "new", "import", "demo", "completions", "schema"] {
        let out = Command::new(BIN).args([cmd, "--help"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{cmd} --help");
        assert!(text.contains("Example"), "{cmd} --help has an example:\n{text}");
    }
    let v = Command::new(BIN).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("wuye "));
    let c = Command::new(BIN).args(["completions", "bash"]).output().unwrap();
    assert!(String::from_utf8_lossy(&c.stdout).contains("wuye"));
}
