//! Shared by the site tests (build_site, english, browser): run the binary, copy fixtures.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `wuye` in `dir` without colours or SOURCE_DATE_EPOCH.
pub fn wuye(dir: &Path, args: &[&str]) -> Output {
    crate::support::command()
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run wuye")
}

/// Copies a fixture tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`: path relative to it → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string(), fs::read(e.path()).unwrap()))
        .collect()
}

/// `wuye new` writes its example records commented out (templates) and its
/// notice as a draft; these tests want them as real data, as an office
/// would fill them in: the templates uncommented and the draft line gone.
pub fn fill_in_examples(estate: &std::path::Path) {
    let content = estate.join("content");
    let mut files = vec![content.join("households.yaml"), content.join("notices/water-tank-cleaning.md")];
    for m in std::fs::read_dir(content.join("records")).unwrap().flatten() {
        files.extend(std::fs::read_dir(m.path()).unwrap().flatten().map(|e| e.path()));
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let filled: String = text
            .lines()
            .filter(|l| !l.starts_with("draft: true"))
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with("- ") || rest.starts_with("  ") || rest == "bills:" || rest == "payments:" =>
                {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&f, filled).unwrap();
    }
}

/// `%XX` escapes of a URL path decoded (links in built pages name their files this way).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
