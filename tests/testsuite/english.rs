//! `language: en`: the fixture site built with English UI strings.
//!
//! The fixture (`tests/fixtures/site-basic`) is copied to a temporary folder,
//! its `site.yaml` switched to English (with an English name, so that pages
//! holding no record data hold no Chinese at all), and built with the real
//! binary. Content values (notice titles, categories, channels, 户内/公区,
//! staff names) stay as the staff wrote them; every other word is English.

use crate::support::site::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

const FIXTURE: &str = "tests/fixtures/site-basic";
const DATE: &str = "2026-11-05";

const SITE_EN: &str = "\
name: Test Garden Service Centre
estate: Test Garden
base_url: https://example.org/test/
language: en
service_phone: 0571-8888 0000
";

struct Built {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Built {
    fn read(&self, site: &str, p: &str) -> String {
        fs::read_to_string(self.root.join("output").join(site).join(p)).unwrap_or_else(|e| panic!("{site}/{p}: {e}"))
    }
    fn public(&self, p: &str) -> String {
        self.read("public", p)
    }
    fn internal(&self, p: &str) -> String {
        self.read("internal", p)
    }
    fn files(&self, site: &str) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root.join("output").join(site))
    }
    fn build(&self) {
        let out = wuye(&self.root, &["build", "--date", DATE, "--no-cache"]);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The fixture with `language: en`, built. The Q3 narrative loses its
/// (Chinese) title, so the bulletin's heading is the generated English one.
fn english() -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join(FIXTURE).join("content"), &root.join("content"));
    fs::write(root.join("content/site.yaml"), SITE_EN).unwrap();
    let narrative = root.join("content/bulletins/2026-Q3.md");
    let text = fs::read_to_string(&narrative).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("title:")).map(|l| format!("{l}\n")).collect();
    fs::write(&narrative, text).unwrap();
    let b = Built { _tmp: tmp, root };
    b.build();
    b
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Every maximal run of Chinese characters in `text`.
fn han_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if is_han(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Everything staff wrote (every content file) and the built-in category
/// lists: the only places Chinese on an English page may come from.
fn content_corpus(b: &Built) -> String {
    let mut corpus = String::new();
    for e in walkdir::WalkDir::new(b.root.join("content")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        corpus.push_str(&fs::read_to_string(e.path()).unwrap_or_default());
        corpus.push('\n');
    }
    let c = wuye::config::Categories::default();
    for list in [&c.ticket, &c.complaint, &c.channel, &c.notice] {
        corpus.push_str(&list.join("\n"));
        corpus.push('\n');
    }
    corpus
}

/// Navigation, headings, labels and dates are English; `lang` is `en`.
#[test]
fn english_pages_have_english_ui() {
    let b = english();
    let home = b.public("index.html");
    assert!(home.contains("<html lang=\"en\">"), "{home}");
    for s in [
        ">Home</a>",
        ">Notices</a>",
        ">Service bulletins</a>",
        ">Job descriptions</a>",
        "Skip to content",
        "Service phone",
        "Data as of <time datetime=\"2026-11-05\">5 Nov 2026</time>",
        "2026 Q3: service figures",
        "2026 Q3 service bulletin",
        "vs previous quarter",
        "Fee collection rate",
        "Past notices",
        "Valid until 20 Nov 2026",
        "Pinned",
    ] {
        assert!(home.contains(s), "home page lacks {s:?}");
    }
    // Content stays as written.
    assert!(home.contains("关于1栋停水的通知") && home.contains(">停水停电</a>"));

    let bulletin = b.public("bulletins/2026-Q3.html");
    for s in [
        "<h1>Test Garden service bulletin, 2026 Q3</h1>",
        "Period: 1 Jul 2026 to 30 Sep 2026.",
        "<th scope=\"col\">Definition</th>",
        "<th scope=\"row\">Request completion rate</th>",
        "<th scope=\"row\">Collection rate (current)</th>",
        "Service bulletins</a> › 2026 Q3",
        "¥1,872.50",
        ": data table</summary>",
        "<th scope=\"col\">Target</th>",
        "Target 95.0%",
        "\nJul\n</text>",
    ] {
        assert!(bulletin.contains(s), "bulletin lacks {s:?}");
    }

    let notice = b.public("notices/water.html");
    for s in ["<dt>Published</dt>", "2 Nov 2026", "6 Nov 2026 08:00 to 18:00", "<dt>Issued by</dt>"] {
        assert!(notice.contains(s), "notice page lacks {s:?}");
    }
    let lost = b.public("notices/lost-found-2026-Q3.html");
    assert!(lost.contains("Lost and found, 2026 Q3") && lost.contains("Phone: 0571-8888 0000"), "{lost}");
    assert!(b.public("atom.xml").contains("<title>Test Garden Service Centre · Notices</title>"));
    assert!(b.public("notices/archive/index.html").contains("<h1>Past notices</h1>"));
    assert!(b.public("roles/index.html").contains("Organisation chart"));

    let month = b.internal("months/2026-09.html");
    for s in [
        "Internal · For the service centre staff only",
        "<h1>Monthly analysis: Sep 2026",
        "1. Indicators",
        "vs previous month",
        "Open requests at month end (1)",
        "10 d 14 h",
        "<th scope=\"col\">Mon</th>",
        "\"Page \" counter(page) \" of \" counter(pages)",
        "2 owner visits recorded this month",
    ] {
        assert!(month.contains(s), "monthly page lacks {s:?}");
    }
    let grid = b.internal("standards/2026.html");
    assert!(grid.contains("Customer service daily work standards, 2026") && grid.contains(">Sep</a>"), "{grid}");
}

/// Pages without record data have no Chinese at all; on every other page
/// each Chinese word comes from the content (a record value, a notice, a role).
#[test]
fn english_pages_have_no_chinese_outside_content() {
    let b = english();
    for (site, page) in [
        ("public", "404.html"),
        ("public", "bulletins/index.html"),
        ("public", "sitemap.xml"),
        ("public", "robots.txt"),
        ("internal", "index.html"),
        ("internal", "standards/2026.html"),
        ("internal", "robots.txt"),
    ] {
        let text = b.read(site, page);
        assert!(han_runs(&text).is_empty(), "{site}/{page} has Chinese: {:?}", han_runs(&text));
    }
    let corpus = content_corpus(&b);
    for site in ["public", "internal"] {
        // The search index holds content as character pairs, some across a line break of the source.
        for (path, bytes) in b.files(site).into_iter().filter(|(p, _)| !p.starts_with("search/")) {
            let text = String::from_utf8_lossy(&bytes);
            for run in han_runs(&text) {
                assert!(corpus.contains(&run), "{site}/{path}: {run:?} is not from the content");
            }
        }
    }
    // The internal pages are still marked, in English.
    for (path, bytes) in b.files("internal").iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("Internal · "), "internal/{path}");
        assert!(!text.contains("内部资料"), "internal/{path}");
    }
}

/// Two English builds are byte-identical, and a theme override can use the
/// same strings (`t`) as the built-in templates.
#[test]
fn english_builds_are_deterministic_and_themes_see_the_strings() {
    let a = english();
    let b = english();
    assert_eq!(a.files("public"), b.files("public"));
    assert_eq!(a.files("internal"), b.files("internal"));

    let dir = b.root.join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("404.html"), "<p>MINE {{ t.not_found }} · {{ site.date }} · {{ t.notices }}</p>\n").unwrap();
    b.build();
    assert_eq!(b.public("404.html"), "<p>MINE Page not found · 5 Nov 2026 · Notices</p>\n");
    assert!(b.public("index.html").contains(">Notices</a>"), "the other templates stay built in");
}

/// The built-in templates have `{{ t.key }}` and `{{ site.key }}` folded
/// into text when compiled (`fold_globals`); the same files as overrides are
/// compiled as written. Both must print the same bytes, in both languages,
/// with a site name that needs escaping.
#[test]
fn folded_templates_print_what_tera_prints() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (lang, name) in [("en", "Tom & Jerry's <Garden> \"Centre\""), ("zh-CN", "翠湖&花园 <物业> \"服务中心\"")]
    {
        let build = |overrides: bool| {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().to_path_buf();
            copy_dir(&repo.join(FIXTURE).join("content"), &root.join("content"));
            let site = SITE_EN
                .replace("Test Garden Service Centre", name)
                .replace("language: en", &format!("language: {lang}"));
            fs::write(root.join("content/site.yaml"), site).unwrap();
            if overrides {
                copy_dir(&repo.join("themes/default"), &root.join("themes/default"));
            }
            let b = Built { _tmp: tmp, root };
            b.build();
            (b.files("public"), b.files("internal"))
        };
        let (folded, written) = (build(false), build(true));
        assert!(folded.0.len() > 20, "{lang}: {} public files", folded.0.len());
        for (site, (a, b)) in [("public", (&folded.0, &written.0)), ("internal", (&folded.1, &written.1))] {
            assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{lang} {site}");
            for (path, bytes) in a {
                assert!(bytes == &b[path], "{lang}: {site}/{path} differs between folded and written templates");
            }
        }
        let home = String::from_utf8(folded.0["index.html"].clone()).unwrap();
        assert!(home.contains("&lt;") && home.contains("&amp;"), "{lang}: the name is escaped: {}", &home[..400]);
    }
}
