//! Snapshots of a few rendered pages of the hand-written fixture estate
//! (`tests/fixtures/site-basic`, built as of 2026-11-05): the home page, a
//! notice, a bulletin, and the internal index. A change to a template, a
//! string or a figure shows up here as a reviewable diff
//! (`cargo insta review`; `INSTA_UPDATE=always cargo test --test testsuite
//! snapshots::` to accept). On CI (`CI` set) a mismatch fails and nothing is
//! written.

use std::fs;
use std::path::Path;

use crate::support::site::{copy_dir, repo, wuye};

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    copy_dir(&repo().join("tests/fixtures/site-basic/content"), &root.join("content"));
    let out = wuye(&root, &["build", "--date", "2026-11-05", "--no-cache"]);
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let site = root.join("output");
    (tmp, site)
}

fn page(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn rendered_pages_match_their_snapshots() {
    let (_tmp, site) = built();
    let settings = {
        let mut s = insta::Settings::clone_current();
        s.set_snapshot_path("snapshots");
        s.set_prepend_module_to_snapshot(false);
        s
    };
    settings.bind(|| {
        for (name, rel) in [
            ("public_home", "public/index.html"),
            ("public_notice", "public/notices/water.html"),
            ("public_bulletin", "public/bulletins/2026-Q3.html"),
            ("internal_home", "internal/index.html"),
        ] {
            insta::assert_snapshot!(name, page(&site, rel));
        }
    });
}
