//! Hardening of `wuye build`: crash-safe output, the privacy guard, escaping
//! and output-path safety.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use crate::support::site::fill_in_examples;

const DATE: &str = "2026-11-27";

fn wuye(dir: &Path, args: &[&str]) -> Output {
    crate::support::command().args(args).current_dir(dir).output().expect("wuye runs")
}

fn scaffold(dir: &Path) -> PathBuf {
    let out = wuye(dir, &["new", "estate", "--date", DATE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    fill_in_examples(&dir.join("estate"));
    dir.join("estate")
}

/// Every file under `root` with its bytes, for comparing whole trees.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().to_string();
            m.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    m
}

fn temporaries(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("wuye-tmp"))
        .collect()
}

/// SIGKILL at several points of a build: each of public/ and internal/ is always a complete old or new site, and the next build removes the killed build's temporaries.
#[test]
fn killed_build_leaves_previous_output_complete() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let out = wuye(dir, &["demo", "--out", "content", "--units", "800", "--months", "18", "--notices", "300"]);
    assert!(out.status.success());
    // Old site (one date) and the complete new site (another date) for reference.
    let old = wuye(dir, &["build", "--no-cache", "--date", "2026-11-20", "--output", "output"]);
    assert!(old.status.success(), "{}", String::from_utf8_lossy(&old.stderr));
    let new = wuye(dir, &["build", "--no-cache", "--date", DATE, "--output", "reference"]);
    assert!(new.status.success());
    let (old_pub, old_int) = (tree(&dir.join("output/public")), tree(&dir.join("output/internal")));
    let (new_pub, new_int) = (tree(&dir.join("reference/public")), tree(&dir.join("reference/internal")));
    assert_ne!(old_pub, new_pub, "the two dates give different sites");
    for ms in [5u64, 40, 120, 300, 700, 1500] {
        let mut child = crate::support::command()
            .args(["build", "--no-cache", "--quiet", "--date", DATE, "--output", "output"])
            .current_dir(dir)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let p = tree(&dir.join("output/public"));
        let i = tree(&dir.join("output/internal"));
        assert!(p == old_pub || p == new_pub, "public/ is a mix after a kill at {ms} ms");
        assert!(i == old_int || i == new_int, "internal/ is a mix after a kill at {ms} ms");
        // Put the old site back for the next round.
        let back = wuye(dir, &["build", "--no-cache", "--quiet", "--date", "2026-11-20", "--output", "output"]);
        assert!(back.status.success());
        assert!(temporaries(dir).is_empty(), "temporaries left after the next build: {:?}", temporaries(dir));
    }
}

/// A theme that prints a ticket's phone on a public page fails the build, naming the page and the record; the old output stays.
#[test]
fn privacy_guard_catches_a_leaking_theme() {
    let t = tempfile::tempdir().unwrap();
    let dir = scaffold(t.path());
    assert!(wuye(&dir, &["build", "--date", DATE]).status.success());
    let before = tree(&dir.join("output/public"));
    let theme = dir.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/404.html"))
        .unwrap();
    // The scaffold's ticket has phone "13800000000".
    std::fs::write(
        theme.join("404.html"),
        base.replacen("{% endblock %}", "<p>联系人 13800000000</p>{% endblock %}", 1),
    )
    .unwrap();
    let out = wuye(&dir, &["build", "--date", DATE]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("output/public/404.html:1:1: error:"), "{err}");
    assert!(err.contains("tickets.yaml:"), "names the source record: {err}");
    assert_eq!(tree(&dir.join("output/public")), before, "previous output untouched");
}

/// Raw HTML, javascript: links and onerror attributes in a notice, and markup in a category used as a chart label, come out inert.
#[test]
fn record_and_markdown_text_is_escaped() {
    let t = tempfile::tempdir().unwrap();
    let dir = scaffold(t.path());
    std::fs::write(
        dir.join("content/notices/evil.md"),
        "---\ntitle: \"<script>alert('t')</script>标题\"\ntype: 其他\ndate: 2026-11-01\n---\n正文<script>alert(1)</script>\n\n[点我](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n![图](JaVaScRiPt:alert(4))\n",
    )
    .unwrap();
    let site = dir.join("content/site.yaml");
    let s = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        s.replace("# categories:", "categories:\n  ticket: [\"水电</svg><script>alert(5)</script>\", 其他]\n# x:"),
    )
    .unwrap();
    let tickets = dir.join("content/records").read_dir().unwrap().next().unwrap().unwrap().path().join("tickets.yaml");
    let tx = std::fs::read_to_string(&tickets).unwrap();
    std::fs::write(&tickets, tx.replace("category: 水电", "category: \"水电</svg><script>alert(5)</script>\""))
        .unwrap();
    let out = wuye(&dir, &["build", "--date", DATE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut seen_title = false;
    for (path, bytes) in tree(&dir.join("output/public")).into_iter().chain(tree(&dir.join("output/internal"))) {
        let text = String::from_utf8_lossy(&bytes);
        let lower = text.to_lowercase();
        assert!(!lower.contains("<script>alert"), "{path}: unescaped script");
        assert!(!lower.contains("javascript:"), "{path}: javascript: URL");
        assert!(!lower.contains("<img src=x onerror"), "{path}: live onerror attribute");
        assert!(!text.contains("</svg><script>"), "{path}: label broke out of the SVG");
        seen_title |= text.contains("&lt;script&gt;alert");
    }
    assert!(seen_title, "the escaped text is still shown");
}

/// Output paths that would destroy something are refused with exit 2.
#[test]
fn dangerous_output_paths_are_refused() {
    let t = tempfile::tempdir().unwrap();
    let dir = scaffold(t.path());
    for bad in ["content", "content/out", ".", "/"] {
        let out = wuye(&dir, &["build", "--date", DATE, "--output", bad]);
        assert_eq!(out.status.code(), Some(2), "--output {bad}: {}", String::from_utf8_lossy(&out.stderr));
    }
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/index.html"), "mine").unwrap();
    assert_eq!(wuye(&dir, &["build", "--date", DATE, "--output", "docs"]).status.code(), Some(2));
    let forced = wuye(&dir, &["build", "--date", DATE, "--output", "docs", "--force"]);
    assert!(forced.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("docs/index.html")).unwrap(),
        "mine",
        "--force replaces only public/ and internal/"
    );
    assert!(dir.join("docs/public/index.html").exists());
    std::fs::create_dir_all(dir.join("dotonly")).unwrap();
    std::fs::write(dir.join("dotonly/.keep"), "").unwrap();
    assert!(wuye(&dir, &["build", "--date", DATE, "--output", "dotonly"]).status.success());
}

/// Two builds with the same date are byte-identical.
#[test]
fn builds_are_deterministic() {
    let t = tempfile::tempdir().unwrap();
    let dir = scaffold(t.path());
    assert!(wuye(&dir, &["build", "--date", DATE, "--output", "a"]).status.success());
    assert!(wuye(&dir, &["build", "--date", DATE, "--output", "b", "--no-cache"]).status.success());
    assert_eq!(tree(&dir.join("a")), tree(&dir.join("b")));
}

/// The parse cache lives beside `content/` (in the working directory), and
/// never inside the content directory, even when run from inside it.
#[test]
fn parse_cache_stays_out_of_the_content_directory() {
    let t = tempfile::tempdir().unwrap();
    let dir = scaffold(t.path());
    assert!(wuye(&dir, &["build", "--date", DATE]).status.success());
    assert!(dir.join(".wuye-cache").is_dir(), "cache beside content/");
    let content = dir.join("content");
    let out = wuye(&content, &["build", "--date", DATE, "--content", ".", "--output", "../from-inside"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!content.join(".wuye-cache").exists(), "no cache written inside content/");
    assert_eq!(tree(&dir.join("output")), tree(&dir.join("from-inside")));
}

/// A damaged parse cache is never trusted: flipped bytes, truncated or
/// emptied entries are parsed again, and the site is the same as without it.
/// A cache path that is a file, not a folder, only means no cache.
#[test]
fn damaged_parse_cache_is_rebuilt_not_trusted() {
    let t = tempfile::tempdir().unwrap();
    let dir = scaffold(t.path());
    assert!(wuye(&dir, &["build", "--date", DATE, "--no-cache", "--output", "reference"]).status.success());
    assert!(wuye(&dir, &["build", "--date", DATE]).status.success());
    let entries: Vec<_> = walkdir::WalkDir::new(dir.join(".wuye-cache"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(entries.len() >= 8, "one entry per record file");
    for (i, path) in entries.iter().enumerate() {
        let mut bytes = std::fs::read(path).unwrap();
        match i % 3 {
            0 => {
                let mid = bytes.len() / 2;
                bytes[mid] ^= 0x55;
            }
            1 => bytes.truncate(bytes.len() - 1),
            _ => bytes.clear(),
        }
        std::fs::write(path, bytes).unwrap();
    }
    let out = wuye(&dir, &["build", "--date", DATE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tree(&dir.join("output")), tree(&dir.join("reference")), "same site as without a cache");
    std::fs::remove_dir_all(dir.join(".wuye-cache")).unwrap();
    std::fs::write(dir.join(".wuye-cache"), "not a folder").unwrap();
    let out = wuye(&dir, &["build", "--date", DATE]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tree(&dir.join("output")), tree(&dir.join("reference")));
}
