//! `wuye new` gives an estate that passes `check` and builds with the defaults.

/// new → check → build, run from the new directory with default paths.
#[test]
fn new_then_check_then_build() {
    let t = tempfile::tempdir().unwrap();
    let new = crate::support::command().args(["new", "cuihu"]).current_dir(t.path()).output().unwrap();
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
    let check = crate::support::command().args(["check", "--strict"]).current_dir(&dir).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let build = crate::support::command().arg("build").current_dir(&dir).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(dir.join("output/public/index.html").is_file());
    assert!(dir.join("output/internal/index.html").is_file());
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(gitignore.contains("output") && gitignore.contains(".wuye-cache"));
    // A second `new` into the same place refuses rather than overwrite.
    let again = crate::support::command().args(["new", "cuihu"]).current_dir(t.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
}

/// Every command has --help with an example, in the language of the estate
/// beside (Chinese when there is none), and --version works.
#[test]
fn help_has_examples() {
    let english = tempfile::tempdir().unwrap();
    std::fs::create_dir(english.path().join("content")).unwrap();
    std::fs::write(english.path().join("content/site.yaml"), "name: Lakeside\nlanguage: en\n").unwrap();
    let none = tempfile::tempdir().unwrap();
    let commands = ["check", "build", "kpi", "serve", "new", "import", "demo", "completions", "schema", "pdf"];
    for cmd in commands.iter().chain(["figures", "portfolio"].iter()) {
        for (dir, example, usage) in
            [(english.path(), "Example: wuye ", "Usage: "), (none.path(), "例：wuye ", "用法：")]
        {
            let out = crate::support::command().args([cmd, "--help"]).current_dir(dir).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{cmd} --help");
            assert!(text.contains(example) && text.contains(usage), "{cmd} --help has an example:\n{text}");
            // clap's placeholder in the usage line is worded too (`wuye build [选项]`).
            assert_eq!(text.contains("[OPTIONS]"), usage == "Usage: ", "{cmd} --help:\n{text}");
        }
        // In Chinese, nothing of clap's English is left.
        let out = crate::support::command().args(["help", cmd]).current_dir(none.path()).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains(&format!("用法：wuye {cmd}")), "wuye help {cmd}:\n{text}");
        for english in ["Usage", "Options", "OPTIONS", "Arguments", "Print help", "default:", "Possible values"] {
            assert!(!text.contains(english), "wuye help {cmd} says `{english}`:\n{text}");
        }
    }
    let v = crate::support::command().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("wuye "));
    let c = crate::support::command().args(["completions", "bash"]).output().unwrap();
    assert!(String::from_utf8_lossy(&c.stdout).contains("wuye"));
}
