//! The public site as owners meet it, checked in the built files: the search
//! index (drafts never in it, off with `search: false`), share metadata, the icon, notice cards and type chips.

use crate::support::site::*;

use std::fs;
use std::path::Path;

const DEMO_DATE: &str = "2026-11-27";

fn build(dir: &Path) -> std::path::PathBuf {
    let out = wuye(dir, &["build", "--date", DEMO_DATE, "--no-cache", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join("output/public")
}

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    let public = build(tmp.path());
    (tmp, public)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Everything under `search/` as one string.
fn index_text(public: &Path) -> String {
    tree(&public.join("search")).into_values().map(|b| String::from_utf8(b).unwrap()).collect()
}

#[test]
fn index_has_published_text_only_and_search_can_be_turned_off() {
    let (tmp, public) = demo();
    let index = index_text(&public);
    // A body-only bigram of a published notice is in; the draft's are not.
    assert!(index.contains("\"检测\""), "published body text is indexed");
    assert!(index.contains("notices/2026-11-20-water-tank-3.html"));
    assert!(!index.contains("public-income-draft"), "a draft is indexed");
    assert!(!index.contains("\"租赁\""), "the draft's words are indexed");
    // Notices dated after --date are not published, so not indexed either.
    assert!(!index.contains("2026-12-05-new-year-holiday"));
    // Every public page has the box; the internal site has no search at all.
    assert!(read(&public.join("index.html")).contains("action=\"search/index.html\""));
    assert!(read(&public.join("search/index.html")).contains("<noscript>"));
    let internal = tmp.path().join("output/internal");
    assert!(!internal.join("search").exists());
    assert!(!read(&internal.join("index.html")).contains("search-box"));

    let site = tmp.path().join("content/site.yaml");
    fs::write(&site, read(&site) + "search: false\n").unwrap();
    let public = build(tmp.path());
    assert!(!public.join("search").exists(), "search: false leaves the index out");
    assert!(!read(&public.join("index.html")).contains("search-box"));
}

#[test]
fn pages_are_share_ready() {
    let (tmp, public) = demo();
    let notice = read(&public.join("notices/2026-11-20-water-tank-3.html"));
    let base = "https://example.org/cuihu/";
    for want in [
        "<title>关于3栋二次供水水箱清洗停水的通知 · 翠湖花园物业服务中心</title>",
        "<meta name=\"description\" content=\"按照二次供水卫生管理要求，3栋地下水箱将进行清洗消毒，届时3栋将暂停供水。\">",
        "<meta property=\"og:title\" content=\"关于3栋二次供水水箱清洗停水的通知\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:site_name\" content=\"翠湖花园物业服务中心\">",
        "<link rel=\"icon\" href=\"../favicon.svg\" type=\"image/svg+xml\">",
    ] {
        assert!(notice.contains(want), "missing {want}");
    }
    let url = format!("{base}notices/2026-11-20-water-tank-3.html");
    assert!(notice.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert!(notice.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")));
    assert!(!notice.contains("og:image"), "no share.png, no og:image");
    // The icon is the estate's first character, on both sites.
    assert!(read(&public.join("favicon.svg")).contains(">翠</text>"));
    assert!(tmp.path().join("output/internal/favicon.svg").is_file());
    // The bulletin's description is its first plain sentence.
    let b = read(&public.join("bulletins/2026-Q3.html"));
    assert!(b.contains("<meta name=\"description\" content=\"本季度共受理报事"), "bulletin description");

    // With static/share.png the pages name it; with static/favicon.ico it is the icon.
    let stat = tmp.path().join("content/static");
    fs::create_dir_all(&stat).unwrap();
    fs::write(stat.join("share.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    fs::write(stat.join("favicon.ico"), b"\0\0\x01\0").unwrap();
    let public = build(tmp.path());
    let home = read(&public.join("index.html"));
    assert!(home.contains(&format!("<meta property=\"og:image\" content=\"{base}share.png\">")));
    assert!(home.contains("<link rel=\"icon\" href=\"favicon.ico\" type=\"image/x-icon\">"));
    assert!(!public.join("favicon.svg").exists());
}

#[test]
fn notice_cards_and_type_chips() {
    let (_tmp, public) = demo();
    let list = read(&public.join("notices/index.html"));
    // The 3栋 water notice has buildings and a window; both show on its card wherever it is listed.
    let typed = read(&public.join("notices/type/water-power/index.html"));
    assert!(typed.contains("影响范围：3栋"), "{typed}");
    assert!(typed.contains("时间：2026年11月25日 08:00 至 18:00"));
    // Each chip's count is the number of notices its page lists.
    let chips: Vec<(String, usize)> = list
        .split("<a href=\"../notices/type/")
        .skip(1)
        .filter_map(|s| {
            let path = s.split('"').next()?.to_string();
            let n = s.split("<small>").nth(1)?.split("</small>").next()?.parse().ok()?;
            Some((path, n))
        })
        .collect();
    assert!(chips.iter().any(|(p, n)| p == "water-power/index.html" && *n == 2), "{chips:?}");
    for (path, n) in chips {
        // The list may run over several pages (20 a page).
        let dir = public.join("notices/type").join(&path).parent().unwrap().to_path_buf();
        let listed: usize = tree(&dir)
            .into_iter()
            .filter(|(p, _)| p.ends_with("index.html"))
            .map(|(_, b)| String::from_utf8(b).unwrap().matches("<li class=\"notice-card").count())
            .sum();
        assert_eq!(listed, n, "chip {path} says {n}, its page lists {listed}");
    }
}
