//! `wuye build` end to end: build the demo estate and small fixture sites
//! with the real binary and check the files it writes.
//!
//! Fixtures: `tests/fixtures/site-basic/content` is a hand-written estate
//! with a pinned, a current, an expired, a draft and a future notice, a
//! `<script>` in a notice, personal data in every record kind, and roles in
//! a tree. Builds run in a temporary copy so the repository stays clean.

use crate::support::site::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const FIXTURE: &str = "tests/fixtures/site-basic";
const FIXTURE_DATE: &str = "2026-11-05";
const DEMO_DATE: &str = "2026-11-27";

/// A built site in a temporary directory.
struct Built {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: Output,
}

impl Built {
    fn public(&self, p: &str) -> String {
        fs::read_to_string(self.root.join("output/public").join(p)).unwrap_or_else(|e| panic!("public/{p}: {e}"))
    }
    fn internal(&self, p: &str) -> String {
        fs::read_to_string(self.root.join("output/internal").join(p)).unwrap_or_else(|e| panic!("internal/{p}: {e}"))
    }
    /// Every file of one site: path → bytes.
    fn files(&self, site: &str) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root.join("output").join(site))
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).to_string()
    }
}

/// Copies the estate at `src` (a folder holding `content/`) and builds it.
fn build_copy(src: &Path, date: &str) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    copy_dir(&src.join("content"), &root.join("content"));
    if src.join("themes").is_dir() && src != repo() && !src.join("themes").is_symlink() {
        copy_dir(&src.join("themes"), &root.join("themes"));
    }
    let out = wuye(&root, &["build", "--date", date, "--no-cache"]);
    let b = Built { _tmp: tmp, root, out };
    assert!(b.out.status.success(), "build failed:\n{}", b.stderr());
    b
}

fn fixture() -> Built {
    build_copy(&repo().join(FIXTURE), FIXTURE_DATE)
}

/// The repository's demo estate (`content/`), or the estate folder named by
/// `WUYE_TEST_DEMO` (to try these tests on a generated estate).
fn demo() -> Built {
    let dir = std::env::var_os("WUYE_TEST_DEMO").map(PathBuf::from).unwrap_or_else(repo);
    assert!(dir.join("content/site.yaml").is_file(), "the demo estate {}/content is missing", dir.display());
    build_copy(&dir, DEMO_DATE)
}

/// The text of the first `<td class="num"…>` after the row header `name`.
fn kpi_cell(html: &str, name: &str) -> String {
    let key = format!("<th scope=\"row\">{name}</th>");
    let at = html.find(&key).unwrap_or_else(|| panic!("no row {name}"));
    let rest = &html[at + key.len()..];
    let td = rest.find("<td class=\"num\"").expect("value cell");
    let rest = &rest[td..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest[start..].find(['<', ' ']).unwrap() + start;
    rest[start..end].to_string()
}

/// `num / den` as the pages write it: percent rounded half up to one decimal.
fn percent(num: i64, den: i64) -> String {
    let tenths = (num * 2000 + den) / (den * 2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

fn money_fen(s: &str) -> i64 {
    let (i, f) = s.split_once('.').unwrap();
    i.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap()
}

fn kpi_json(root: &Path, period: &str) -> serde_json::Value {
    let out = wuye(root, &["kpi", "--period", period, "--format", "json", "--no-cache"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Checks the bulletin of `q` against `wuye kpi --period q` for the same content.
fn assert_bulletin_matches_kpi(b: &Built, q: &str) {
    let html = b.public(&format!("bulletins/{q}.html"));
    let k = kpi_json(&b.root, q);
    let t = &k["tickets"];
    let (reported, completed) = (t["reported"].as_i64().unwrap(), t["completed"].as_i64().unwrap());
    assert_eq!(kpi_cell(&html, "报事量"), reported.to_string());
    assert_eq!(kpi_cell(&html, "报事完成率"), percent(completed, reported));
    let f = &k["fees"];
    let (rec, col) = (money_fen(f["receivable"].as_str().unwrap()), money_fen(f["collected"].as_str().unwrap()));
    assert_eq!(kpi_cell(&html, "收缴率（当期）"), percent(col, rec));
    let s = &k["satisfaction"];
    assert_eq!(
        kpi_cell(&html, "业主综合满意率"),
        percent(s["satisfied"].as_i64().unwrap(), s["responses"].as_i64().unwrap())
    );
    let c = &k["complaints"];
    assert_eq!(kpi_cell(&html, "投诉量"), c["received"].as_i64().unwrap().to_string());
}

/// Every relative `href`/`src` of every HTML page of `site` resolves to a file.
fn assert_links_resolve(b: &Built, site: &str) {
    let files = b.files(site);
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && p.as_str() != "404.html") {
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for attr in ["href=\"", "src=\""] {
            for piece in html.split(attr).skip(1) {
                let link = &piece[..piece.find('"').unwrap()];
                if link.starts_with("http") || link.starts_with("tel:") || link.starts_with('#') || link.is_empty() {
                    continue;
                }
                assert!(!link.starts_with('/'), "{site}/{path}: absolute link {link}");
                let target = link.split('#').next().unwrap();
                let mut p = dir.to_path_buf();
                for part in target.split('/') {
                    match part {
                        ".." => {
                            assert!(p.pop(), "{site}/{path}: {link} leaves the site");
                        }
                        "." | "" => {}
                        x => p.push(percent_decode(x)),
                    }
                }
                let key = p.to_string_lossy().to_string();
                assert!(files.contains_key(&key), "{site}/{path}: broken link {link} ({key})");
            }
        }
    }
}

/// Every personal value in the estate's records, by the contract's list:
/// units, phones, names, descriptions, notes, comments, claimants.
fn personal_values(content: &Path) -> Vec<String> {
    let loaded = wuye::records::load::load(&wuye::records::load::Source::new(content));
    let e = loaded.estate.expect("estate loads");
    let r = &e.records;
    let mut v: Vec<String> = Vec::new();
    for t in &r.tickets {
        v.extend(t.unit.as_ref().map(|u| u.value.clone()));
        v.extend(t.reporter.clone());
        v.extend(t.phone.clone());
        v.push(t.description.clone());
    }
    for c in &r.complaints {
        v.extend(c.unit.as_ref().map(|u| u.value.clone()));
        v.extend(c.complainant.clone());
        v.extend(c.phone.clone());
        v.push(c.description.clone());
    }
    for x in &r.visits {
        v.push(x.unit.value.clone());
        v.extend(x.notes.clone());
    }
    for s in &r.surveys {
        v.extend(s.unit.as_ref().map(|u| u.value.clone()));
        v.extend(s.comment.clone());
    }
    for b in &r.bills {
        v.push(b.unit.value.to_string());
    }
    for p in &r.payments {
        v.push(p.unit.value.to_string());
    }
    for l in &r.lost_found {
        v.extend(l.claimed_by.clone());
    }
    // Values staff publish on purpose in public Markdown (notices, bulletins,
    // roles) are allowed there, as the contract says (a 装修公示 names its unit).
    let mut published: String = e.notices.iter().map(|n| format!("{}\n{}\n", n.title, n.body)).collect();
    published.extend(e.bulletins.iter().map(|b| format!("{}\n", b.body)));
    published.extend(e.roles.iter().map(|r| format!("{}\n", r.body)));
    v.sort();
    v.dedup();
    v.retain(|x| x.chars().count() >= 4 && !published.contains(x.as_str()));
    v
}

/// Whether `hay` contains `needle` as a whole token (units and phones are
/// matched so `1-1-101` is not found inside `11-1-1015`).
fn contains_token(hay: &str, needle: &str) -> bool {
    let is_tok = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if !needle.chars().all(is_tok) {
        return hay.contains(needle);
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back().is_none_or(|c| !is_tok(c));
        let after = hay[i + needle.len()..].chars().next().is_none_or(|c| !is_tok(c));
        before && after
    })
}

/// `text` with every escaped form of the characters HTML and JSON escape
/// undone (`&#39;` `&#x27;` `&apos;` `&quot;` `&#34;` `\"` `&lt;` …), so the
/// oracle finds a value whatever escaper printed it.
fn unescaped(text: &str) -> String {
    let mut t = text.to_string();
    for (forms, c) in [
        (&["&#39;", "&#x27;", "&#X27;", "&apos;", "\\u0027"][..], "'"),
        (&["&quot;", "&#34;", "&#x22;", "&#X22;", "\\\"", "\\u0022"][..], "\""),
        (&["&lt;", "&#60;", "&#x3c;", "&#x3C;", "\\u003c"][..], "<"),
        (&["&gt;", "&#62;", "&#x3e;", "&#x3E;", "\\u003e"][..], ">"),
        (&["\\n", "&#10;", "&#xa;", "&#xA;"][..], "\n"),
        (&["&amp;", "&#38;", "&#x26;", "\\u0026"][..], "&"),
    ] {
        for f in forms {
            t = t.replace(f, c);
        }
    }
    t
}

fn assert_no_personal_data(b: &Built) {
    let values = personal_values(&b.root.join("content"));
    assert!(values.len() > 3, "the estate has personal values to look for");
    for (path, bytes) in b.files("public") {
        let raw = String::from_utf8_lossy(&bytes);
        let text = unescaped(&raw);
        for v in &values {
            assert!(
                !contains_token(&raw, v) && !contains_token(&text, v),
                "public/{path} contains the personal value {v:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The demo estate

/// The demo estate builds (once, it is the slow one) and: every kind of page
/// exists on both sites; a KPI on its bulletin equals `wuye kpi` for that
/// quarter; no personal value of its records appears anywhere under
/// public/; every relative link on both sites points at a file.
#[test]
fn demo_estate() {
    let b = demo();
    for p in [
        "index.html",
        "notices/index.html",
        "notices/archive/index.html",
        "bulletins/index.html",
        "bulletins/2026-Q3.html",
        "roles/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        ".nojekyll",
        "assets/style.css",
        "assets/print.css",
    ] {
        assert!(b.root.join("output/public").join(p).is_file(), "public/{p}");
    }
    for p in ["index.html", "months/2026-10.html", "months/2026-11.html", "standards/2026.html", "robots.txt"] {
        assert!(b.root.join("output/internal").join(p).is_file(), "internal/{p}");
    }
    // No page for a month that has not begun, even with bills committed ahead.
    assert!(!b.root.join("output/internal/months/2026-12.html").exists());
    assert!(b.stderr().contains("已生成 "), "{}", b.stderr());

    assert_bulletin_matches_kpi(&b, "2026-Q3");
    assert_no_personal_data(&b);
    assert_links_resolve(&b, "public");
    assert_links_resolve(&b, "internal");
}

// ---------------------------------------------------------------------------
// The fixture site

/// The fixture's bulletin shows the same figures as `wuye kpi --period 2026-Q3`.
#[test]
fn bulletin_kpi_equals_wuye_kpi() {
    let b = fixture();
    assert_bulletin_matches_kpi(&b, "2026-Q3");
    let html = b.public("bulletins/2026-Q3.html");
    assert!(html.contains("NARRATIVE"), "the staff narrative is on the bulletin");
    assert!(html.contains("<strong>二次供水水箱清洗</strong>"), "Markdown is rendered");
    assert!(html.contains("口径"), "each KPI has its basis");
    assert!(html.contains("<svg class=\"chart\""), "charts are inline SVG");
}

/// An expired notice is in the archive and has its page, but is not on the home page or the current list.
#[test]
fn expired_notice_is_archived_not_on_home() {
    let b = fixture();
    assert!(!b.public("index.html").contains("EXPIRED"));
    assert!(!b.public("notices/index.html").contains("EXPIRED"));
    assert!(b.public("notices/archive/index.html").contains("EXPIRED"));
    assert!(b.public("notices/expired.html").contains("已过有效期"));
    let home = b.public("index.html");
    assert!(home.contains("PINNED"));
    let list = b.public("notices/index.html");
    assert!(list.find("PINNED").unwrap() < list.find("关于1栋停水").unwrap(), "pinned on top");
}

/// A draft and a not-yet-published notice appear in no file of either site.
#[test]
fn draft_and_future_notices_are_nowhere() {
    let b = fixture();
    for site in ["public", "internal"] {
        for (path, bytes) in b.files(site) {
            let text = String::from_utf8_lossy(&bytes);
            for needle in ["DRAFT", "FUTURE"] {
                assert!(!text.contains(needle), "{site}/{path} contains {needle}");
            }
        }
    }
}

/// An injected `<script>` (title, body, role) is escaped; no page carries a script element.
#[test]
fn injected_script_is_escaped() {
    let b = fixture();
    for (path, bytes) in b.files("public") {
        let mut text = String::from_utf8_lossy(&bytes).to_lowercase();
        if path == "search/index.html" {
            // The search page's one script is the theme's own search.js.
            text = text.replacen("<script src=\"../assets/search.js\" defer></script>", "", 1);
        }
        assert!(!text.contains("<script"), "public/{path} has a script element");
        assert!(!text.contains("javascript:"), "public/{path} has a javascript: URL");
    }
    let page = b.public("notices/water.html");
    assert!(page.contains("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"));
    assert!(
        page.contains("&lt;script&gt;alert(\"xss\")&lt;/script&gt;")
            || page.contains("&lt;script&gt;alert(&quot;xss&quot;)")
    );
    assert!(b.public("roles/cs-lead.html").contains("&lt;script&gt;"));
    assert!(!b.public("atom.xml").contains("<script"));
}

/// No personal value of the fixture's records appears in any file under public/.
#[test]
fn public_site_has_no_personal_data() {
    let b = fixture();
    assert_no_personal_data(&b);
    // The lost-and-found notice lists the unclaimed item without the claimant.
    let q = b.public("notices/lost-found-2026-Q3.html");
    assert!(q.contains("蓝色水杯") && !q.contains("黑色钱包"));
    assert!(b.public("notices/lost-found-SW-2026-09-01.html").contains("黑色钱包"));
}

/// Internal pages show details masked, are marked 内部资料 and noindex; the internal robots.txt disallows all.
#[test]
fn internal_pages_are_masked_and_marked() {
    let b = fixture();
    let m = b.internal("months/2026-09.html");
    assert!(m.contains("王*") && m.contains("139****1111"));
    assert!(!m.contains("王丽娟") && !m.contains("13900001111"));
    assert!(m.contains("BS-2026-09-0003"), "the open ticket is in the backlog");
    assert!(m.contains("350.00"), "the unapproved repair is listed as a data-quality problem");
    for (path, bytes) in b.files("internal").iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("内部资料"), "internal/{path}");
        assert!(text.contains("<meta name=\"robots\" content=\"noindex"), "internal/{path}");
    }
    assert!(b.internal("robots.txt").contains("Disallow: /"));
    let grid = b.internal("standards/2026.html");
    assert!(grid.contains("◎") && grid.contains("✗") && grid.contains("—"));
}

/// Dates are written the Chinese way, money with separators, lang is set, and absolute URLs appear only where needed.
#[test]
fn formats_and_urls() {
    let b = fixture();
    let home = b.public("index.html");
    assert!(home.contains("<html lang=\"zh-CN\">"));
    assert!(home.contains("2026年11月5日"));
    assert!(b.public("bulletins/2026-Q3.html").contains("¥1,872.50"));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/test/\">"));
    assert!(b.public("sitemap.xml").contains("<loc>https://example.org/test/notices/water.html</loc>"));
    assert!(b.public("atom.xml").contains("<id>https://example.org/test/notices/water.html</id>"));
    assert!(b.public("robots.txt").contains("Sitemap: https://example.org/test/sitemap.xml"));
    assert!(b.public("readme.txt").contains("User docs"), "content/static is copied");
    assert_links_resolve(&b, "public");
    assert_links_resolve(&b, "internal");
}

/// Building twice gives byte-identical output.
#[test]
fn builds_are_deterministic() {
    let a = fixture();
    let b = fixture();
    assert_eq!(a.files("public"), b.files("public"));
    assert_eq!(a.files("internal"), b.files("internal"));
}

/// A bad record makes the build exit 1 with its diagnostic and leaves the previous output untouched.
#[test]
fn failed_build_leaves_output_untouched() {
    let b = fixture();
    let before = (b.files("public"), b.files("internal"));
    fs::write(
        b.root.join("content/records/2026-10/visits.yaml"),
        "- unit: 9-9-999\n  date: 2026-10-01\n  mode: 面访\n  by: x\n",
    )
    .unwrap();
    let out = wuye(&b.root, &["build", "--date", FIXTURE_DATE, "--no-cache"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/records/2026-10/visits.yaml:1:9: error"), "{err}");
    assert_eq!((b.files("public"), b.files("internal")), before);
}

/// A broken template in the site's theme fails the build with the template's path; output untouched.
#[test]
fn template_error_names_the_template() {
    let b = fixture();
    let before = b.files("public");
    let dir = b.root.join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("home.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ data.nope.deeper }}{% endblock %}\n",
    )
    .unwrap();
    let out = wuye(&b.root, &["build", "--date", FIXTURE_DATE, "--no-cache"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("themes/default/templates/home.html"), "{err}");
    assert_eq!(b.files("public"), before);
}

/// A file in the site's `themes/default/` overrides the built-in one; the rest stays built in.
#[test]
fn theme_files_can_be_overridden() {
    let b = fixture();
    let dir = b.root.join("themes/default/templates");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("404.html"), "<!doctype html><title>x</title><p>OVERRIDDEN {{ site.name }}</p>\n").unwrap();
    let out = wuye(&b.root, &["build", "--date", FIXTURE_DATE, "--no-cache"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(b.public("404.html").contains("OVERRIDDEN 测试花园物业服务中心"));
    assert!(b.public("index.html").contains("测试花园"));
}

/// Pages exist only for periods that have begun: with an earlier --date the October pages are absent.
#[test]
fn pages_exist_only_for_begun_periods() {
    let b = build_copy(&repo().join(FIXTURE), "2026-09-30");
    assert!(b.root.join("output/internal/months/2026-09.html").is_file());
    assert!(!b.root.join("output/internal/months/2026-10.html").exists());
    assert!(!b.root.join("output/public/bulletins/2026-Q4.html").exists());
    // Q3 has not finished on 30 September: no KPI tiles yet, and its 失物招领 notice is dated that day.
    assert!(b.public("notices/index.html").contains("失物招领"));
    assert!(!b.public("notices/index.html").contains("关于1栋停水"));
}
