//! The import tests' scratch estate: a copy of `tests/fixtures/import/content`
//! (and, for the sheet tests, the fixture sheets beside it), with the binary
//! run on it through [`super::command`].

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use super::site::copy_dir;

/// The import fixtures' folder.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// A scratch folder holding `content/` (a copy of the fixture's).
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// The fixture content only.
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("content"), &dir.path().join("content"));
        Scratch { dir }
    }

    /// The fixture content and, beside it, the fixture sheets.
    pub fn with_sheets() -> Scratch {
        let s = Scratch::new();
        for e in fs::read_dir(fixtures()).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                fs::copy(&p, s.dir.path().join(p.file_name().unwrap())).unwrap();
            }
        }
        s
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> Option<String> {
        fs::read_to_string(self.path(rel)).ok()
    }

    pub fn write(&self, rel: &str, text: &str) {
        fs::write(self.path(rel), text).unwrap();
    }

    /// `wuye ARGS --content content --no-cache` in the scratch folder.
    pub fn run(&self, args: &[&str]) -> Output {
        super::command()
            .current_dir(self.dir.path())
            .args(args)
            .args(["--content", "content", "--no-cache"])
            .output()
            .expect("run wuye")
    }

    /// `wuye import KIND FILE --month 2026-10 EXTRA…`.
    pub fn import(&self, kind: &str, file: &str, extra: &[&str]) -> Output {
        let mut args = vec!["import", kind, file, "--month", "2026-10"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    pub fn check_passes(&self) {
        let out = self.run(&["check"]);
        assert_eq!(out.status.code(), Some(0), "wuye check: {}", stderr(&out));
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
