//! What owners do with the public site, in a real browser (headless
//! Chromium, Debian's `chromium` with `fonts-noto-cjk`; `.ci/run` installs
//! them and `zbar-tools`, `poppler-utils`).
//!
//! - Search: the built demo is served over http on 127.0.0.1 (a static
//!   server in this test: the search reads its index with `fetch`, as on any
//!   static host). A harness page loads the search page in an iframe, types
//!   a query into the header's box and submits it, then reads the results.
//! - The printed notice: a notice page printed to PDF is one A4 page whose
//!   QR code (rendered with `pdftoppm`, decoded with `zbarimg`) is the
//!   notice's absolute URL; the quarterly bulletin and a 失物招领 notice too.
//!
//! Without the tools the tests fail when `CI` is set and pass with a note
//! on a developer machine.

use crate::support::site::*;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHROMIUM: &str = "/usr/bin/chromium";
const DEMO_DATE: &str = "2026-11-27";
const BASE: &str = "https://example.org/cuihu/";

/// Whether the tools are here; on CI their absence is a failure.
fn have(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| {
            !Command::new("sh").args(["-c", &format!("command -v {t}")]).output().is_ok_and(|o| o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "CI must install {missing:?} (see .ci/run)");
    eprintln!("note: {missing:?} not found; skipping (CI installs them)");
    false
}

fn chromium(profile: &Path, args: &[&str]) -> Output {
    Command::new(CHROMIUM)
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

/// Builds the demo estate into a temporary directory; returns it and the public site.
fn build_demo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    let out = wuye(tmp.path(), &["build", "--date", DEMO_DATE, "--no-cache", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = tmp.path().join("output/public");
    (tmp, public)
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
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
    String::from_utf8_lossy(&out).into_owned()
}

/// Serves `root` over http on 127.0.0.1 (any free port) from a thread; returns the port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                // Skip the headers.
                let mut h = String::new();
                while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                    h.clear();
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let path = percent_decode(target.split('?').next().unwrap_or("/"));
                let mut rel = path.trim_start_matches('/').to_string();
                if rel.is_empty() || rel.ends_with('/') {
                    rel.push_str("index.html");
                }
                let file = root.join(&rel);
                let mut s = &stream;
                let resp = match (rel.contains(".."), fs::read(&file)) {
                    (false, Ok(body)) => {
                        let head = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            mime(&rel),
                            body.len()
                        );
                        [head.into_bytes(), body].concat()
                    }
                    _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                };
                let _ = s.write_all(&resp);
            });
        }
    });
    port
}

/// A page that loads the search page, types `query` into the header's box,
/// submits it, waits for the results and writes them into its own DOM.
fn harness(query: &str) -> String {
    let q = serde_json::to_string(query).unwrap();
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<iframe id="f" src="search/index.html" style="width:375px;height:2000px;border:0"></iframe>
<pre id="result">pending</pre>
<script>
var f = document.getElementById('f'), typed = false, tries = 0;
f.addEventListener('load', function () {{
  var d = f.contentDocument;
  if (!typed) {{
    typed = true;
    var input = d.querySelector('.search-box input[name=q]');
    input.value = {q};
    input.form.submit();
    return;
  }}
  (function wait() {{
    var status = d.getElementById('search-status').textContent;
    var items = d.querySelectorAll('#search-results li');
    var excerpts = Array.prototype.filter.call(items, function (li) {{ return li.querySelector('.excerpt').textContent; }});
    if ((status === '' || status.indexOf('…') === status.length - 1 || excerpts.length < items.length) && tries++ < 100) {{ setTimeout(wait, 50); return; }}
    document.getElementById('result').textContent = JSON.stringify({{
      url: d.location.search,
      status: status,
      links: Array.prototype.map.call(items, function (li) {{ return li.querySelector('a').getAttribute('href'); }}),
      marks: Array.prototype.map.call(d.querySelectorAll('#search-results mark'), function (m) {{ return m.textContent; }})
    }});
  }})();
}});
</script></body></html>"#
    )
}

/// Types `query` into the search page; returns the results and Chromium's log.
fn search(profile: &Path, public: &Path, port: u16, query: &str) -> (serde_json::Value, String) {
    let name = format!("_search_{:x}.html", query.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)));
    fs::write(public.join(&name), harness(query)).unwrap();
    let url = format!("http://127.0.0.1:{port}/{name}");
    let out =
        chromium(profile, &["--virtual-time-budget=20000", "--enable-logging=stderr", "--v=0", "--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    let start = dom.find("<pre id=\"result\">").map(|i| i + "<pre id=\"result\">".len()).expect("harness result");
    let end = dom[start..].find("</pre>").unwrap() + start;
    let json = dom[start..end].replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    let v: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("search result for {query}: {e}: {json}"));
    (v, String::from_utf8_lossy(&out.stderr).to_string())
}

/// A word only in a notice's body finds that notice; a draft's words find
/// nothing; an absent phrase says so and lists nothing; no console message.
#[test]
fn search_finds_body_words_and_never_drafts() {
    if !have(&["chromium"]) {
        return;
    }
    let (tmp, public) = build_demo();
    let port = serve(public.clone());
    let profile = tmp.path().join("profile");

    // 水质检测报告 is in the body of the 3栋 water-tank notice, not in its title.
    let page = fs::read_to_string(public.join("notices/2026-11-20-water-tank-3.html")).unwrap();
    let title = page.split("<h1>").nth(1).unwrap().split("</h1>").next().unwrap();
    assert!(!title.contains("水质检测报告"), "the word must be in the body only: {title}");
    let (r, log) = search(&profile, &public, port, "水质检测报告");
    assert!(r["url"].as_str().unwrap().starts_with("?q="), "the box submits to the search page: {r}");
    let links: Vec<&str> = r["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(links, ["../notices/2026-11-20-water-tank-3.html"], "{r}");
    assert!(r["marks"].as_array().unwrap().iter().any(|m| m == "水质检测报告"), "the match is highlighted: {r}");
    assert!(!log.contains(":CONSOLE"), "console messages on the search page:\n{log}");

    // The draft 2026-11-26-public-income-draft.md: its own words are nowhere.
    for draft_words in ["待财务核对", "场地租赁收入"] {
        let (r, log) = search(&profile, &public, port, draft_words);
        assert!(r["links"].as_array().unwrap().is_empty(), "a draft was found with {draft_words}: {r}");
        assert!(r["status"].as_str().unwrap().contains("没有完全匹配"), "{r}");
        assert!(!log.contains(":CONSOLE"), "console messages:\n{log}");
    }

    // No page has 业主大会: it says so and does not list every page with 业主.
    let (r, _) = search(&profile, &public, port, "业主大会");
    assert!(r["status"].as_str().unwrap().starts_with("没有完全匹配"), "{r}");
    assert!(r["links"].as_array().unwrap().is_empty(), "{r}");

    // Bulletins and job descriptions are found too.
    let (r, _) = search(&profile, &public, port, "公共收益");
    let links: Vec<&str> = r["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert!(links.iter().any(|l| l.starts_with("../bulletins/")), "{r}");
    assert!(links.iter().any(|l| l.starts_with("../roles/")), "{r}");
}

/// Prints `page` (a path in the public site) to PDF; returns the PDF.
fn print(profile: &Path, public: &Path, dir: &Path, page: &str) -> PathBuf {
    let pdf = dir.join(format!("{}.pdf", page.replace('/', "_")));
    let url = format!("file://{}", public.join(page).display());
    let out = chromium(profile, &["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display()), &url]);
    assert!(pdf.is_file(), "no PDF of {page}: {}", String::from_utf8_lossy(&out.stderr));
    pdf
}

/// The QR codes on the first page of a PDF (rendered at 200 dpi).
fn qr_codes(pdf: &Path) -> Vec<String> {
    // pdftoppm adds `.png` to the root it is given.
    let root = pdf.with_extension("page1");
    let st = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&root)
        .status();
    assert!(st.is_ok_and(|s| s.success()), "pdftoppm failed");
    let png = PathBuf::from(format!("{}.png", root.display()));
    let out = Command::new("zbarimg").args(["--quiet", "--raw"]).arg(&png).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// A printed notice is one A4 page with a QR code of its absolute URL; the
/// bulletin and the quarterly 失物招领 notice print with theirs.
#[test]
fn printed_notice_has_a_qr_code_of_its_url() {
    if !have(&["chromium", "pdftoppm", "pdfinfo", "zbarimg"]) {
        return;
    }
    let (tmp, public) = build_demo();
    let profile = tmp.path().join("profile");
    for page in ["notices/2026-11-20-water-tank-3.html", "notices/lost-found-2026-Q3.html", "bulletins/2026-Q3.html"] {
        let pdf = print(&profile, &public, tmp.path(), page);
        assert_eq!(qr_codes(&pdf), vec![format!("{BASE}{page}")], "the QR code of {page}");
        if page.starts_with("notices/2026") {
            assert_eq!(pages(&pdf), 1, "{page} prints on one A4 page");
        }
    }
    // On screen the code is hidden: it is for paper.
    let css = fs::read_to_string(public.join("assets/style.css")).unwrap();
    assert!(css.contains(".print-only { display: none; }"));
}
