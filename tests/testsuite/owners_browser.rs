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

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::tools::chromium;
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
/// submits it, waits for the results and writes them into its own DOM, with
/// the bytes the search page read (itself, its style and script, and every
/// file the search fetched: the Performance API's sizes, so a file served
/// from cache counts too). With `continue_once`, it then presses the
/// "继续查找更早的" button once and reports that step too (`then`).
fn harness(query: &str, continue_once: bool) -> String {
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
  var w = f.contentWindow, seen = 0, first = null;
  function bytes() {{
    var all = w.performance.getEntriesByType('navigation').concat(w.performance.getEntriesByType('resource'));
    var fresh = all.slice(seen); seen = all.length;
    return fresh.reduce(function (s, e) {{ return s + Math.max(e.transferSize, e.encodedBodySize); }}, 0);
  }}
  function report(before) {{
    var items = d.querySelectorAll('#search-results li'), more = d.getElementById('search-more');
    return {{
      url: d.location.search,
      status: d.getElementById('search-status').textContent,
      bytes: bytes(),
      links: Array.prototype.map.call(items, function (li) {{ return li.querySelector('a').getAttribute('href'); }}),
      marks: Array.prototype.map.call(d.querySelectorAll('#search-results mark'), function (m) {{ return m.textContent; }}),
      more: more.hidden ? '' : more.textContent
    }};
  }}
  function wait(before, done) {{
    var status = d.getElementById('search-status').textContent;
    var items = d.querySelectorAll('#search-results li');
    var excerpts = Array.prototype.filter.call(items, function (li) {{ return li.querySelector('.excerpt').textContent; }});
    if ((status === '' || status === before || status.indexOf('…') === status.length - 1 || excerpts.length < items.length) && tries++ < 100) {{ setTimeout(function () {{ wait(before, done); }}, 50); return; }}
    tries = 0;
    done(report());
  }}
  wait('', function (r) {{
    var more = d.getElementById('search-more');
    if (!{click} || more.hidden || more.textContent !== '继续查找更早的') {{
      document.getElementById('result').textContent = JSON.stringify(r);
      return;
    }}
    more.click();
    wait(r.status, function (then) {{ r.then = then; document.getElementById('result').textContent = JSON.stringify(r); }});
  }});
}});
</script></body></html>"#,
        click = continue_once
    )
}

/// Types `query` into the search page; returns the results and Chromium's log.
fn search(profile: &Path, public: &Path, port: u16, query: &str) -> (serde_json::Value, String) {
    search_on(profile, public, port, query, false)
}

/// As [`search`], pressing "继续查找更早的" once when the page offers it.
fn search_on(
    profile: &Path,
    public: &Path,
    port: u16,
    query: &str,
    continue_once: bool,
) -> (serde_json::Value, String) {
    let name = format!("_search_{:x}.html", query.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)));
    fs::write(public.join(&name), harness(query, continue_once)).unwrap();
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

/// The phrases of `bench/gen_notices.py`: every notice is made of them, so
/// every bigram in them is on nearly every page (the worst case for search).
const PHRASES: [&str; 18] = [
    "为保障小区公共设施的正常运行",
    "物业服务中心将于近期组织专业人员",
    "对相关设备进行全面检查和维护",
    "届时可能对部分业主的生活造成不便",
    "敬请各位业主提前做好准备",
    "感谢您的理解与支持",
    "如发现异常情况请及时与服务中心联系",
    "施工期间请注意安全并看管好儿童",
    "请勿在楼道内堆放杂物",
    "我们将尽最大努力缩短作业时间",
    "作业完成后将及时清理现场",
    "服务中心二十四小时值班电话保持畅通",
    "本次工作由工程部负责组织实施",
    "客服部将同步做好回访工作",
    "请业主关注公告栏和业主群通知",
    "特殊情况需要协助的业主请提前告知",
    "电梯维保期间请走楼梯并注意脚下",
    "园区绿化修剪期间请绕行",
];

/// `n` notices shaped like `bench/gen_notices.py`'s (about 1,000 characters
/// each, a list and a table), deterministic; returns each notice's file stem
/// and its Markdown.
fn write_notice_corpus(content: &Path, n: usize) -> BTreeMap<String, String> {
    const TYPES: [&str; 8] = ["停水停电", "电梯维保", "消防安全", "施工", "社区活动", "温馨提示", "收费公示", "其他"];
    let mut seed: u64 = 20261127;
    let mut pick = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        PHRASES[(seed % PHRASES.len() as u64) as usize]
    };
    fs::create_dir_all(content.join("notices")).unwrap();
    fs::write(
        content.join("site.yaml"),
        "name: 翠湖花园物业服务中心\nestate: 翠湖花园\nbase_url: https://example.org/cuihu/\nservice_phone: 0571-8888 0000\n",
    )
    .unwrap();
    fs::write(content.join("households.yaml"), "- unit: 1-1-101\n  status: 已入住\n").unwrap();
    let mut out = BTreeMap::new();
    for i in 1..=n {
        fn para(pick: &mut impl FnMut() -> &'static str, k: usize) -> String {
            (0..k).map(|_| pick()).collect::<Vec<_>>().join("，") + "。"
        }
        let day = 1 + (i * 7919) % 600;
        let (y, rest) = if day <= 365 { (2025, day) } else { (2026, day - 365) };
        let date = format!("{y}-{:02}-{:02}", 1 + (rest - 1) / 28 % 12, 1 + (rest - 1) % 28);
        let t = TYPES[i % TYPES.len()];
        let mut body = vec![
            para(&mut pick, 17),
            String::new(),
            para(&mut pick, 16),
            String::new(),
            "注意事项：".into(),
            String::new(),
        ];
        body.extend((0..5).map(|_| format!("- {}；", pick())));
        body.extend(["".into(), "| 时间 | 区域 | 内容 |".into(), "|---|---|---|".into()]);
        body.extend((0..3).map(|k| format!("| {date} {}:00 | {}栋 | {} |", 8 + k, 1 + k, pick())));
        body.extend([String::new(), para(&mut pick, 17), String::new(), para(&mut pick, 16), String::new()]);
        let text = format!(
            "---\ntitle: 关于{}栋{t}事项的通知（第{i}号）\ntype: {t}\ndate: {date}\n---\n{}",
            1 + i % 30,
            body.join("\n")
        );
        fs::write(content.join(format!("notices/n{i:05}.md")), &text).unwrap();
        out.insert(format!("n{i:05}"), text);
    }
    out
}

/// The pages of the index, newest first (the search's own numbering).
fn indexed_pages(public: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    for i in 0.. {
        let Ok(bytes) = fs::read(public.join(format!("search/d/{i}.json"))) else { break };
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
        paths.extend(rows.iter().map(|r| r[0].as_str().unwrap().to_string()));
    }
    paths
}

/// Whether `status` states the truth about `query` (every space-separated
/// part a phrase) over `pages` (newest first, with their Markdown), and
/// whether the listed links are the newest exact matches; returns the window.
fn check_statement(query: &str, r: &serde_json::Value, pages: &[(String, String)]) -> usize {
    let status = r["status"].as_str().unwrap();
    let is_exact = |md: &str| query.split_whitespace().all(|p| md.contains(p));
    let number = |after: &str| -> usize {
        let at = status.find(after).unwrap_or_else(|| panic!("{after} in {status}")) + after.len();
        status[at..].trim_start().split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    let window = if status.starts_with("在最新的") { number("在最新的") } else { pages.len() };
    assert!(window >= 1 && window <= pages.len(), "{status}");
    let exact: Vec<&str> = pages[..window].iter().filter(|(_, md)| is_exact(md)).map(|(p, _)| p.as_str()).collect();
    if status.contains("没有完全匹配") {
        assert!(exact.is_empty(), "it says no exact match in the newest {window}, but {exact:?} match: {status}");
    } else {
        let n = if status.starts_with("在最新的") { number("篇中找到") } else { number("找到") };
        assert_eq!(n, exact.len(), "{status}");
        let links: Vec<&str> = r["links"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        // A page of ten (more after "continue"): the newest exact matches first.
        let want: Vec<String> = exact.iter().take(links.len().max(10)).map(|p| format!("../{p}")).collect();
        assert_eq!(links, want, "the newest exact matches first: {status}");
    }
    window
}

/// On 2,000 generated notices, where every bigram of the query is on nearly
/// every page and a term's postings are cut into many chunks, the first
/// query reads at most 300 KB (page, style, script and every search file
/// counted) for the longest, commonest query and for queries that match
/// nothing; what it then says ("在最新的 N 篇中…" or the whole answer) is true
/// of the notices, and "继续查找更早的" gets further within 300 KB again.
#[test]
fn search_first_query_stays_within_300_kb_on_a_large_corpus() {
    if !have(&["chromium"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let notices = write_notice_corpus(&tmp.path().join("content"), 2_000);
    let out = wuye(tmp.path(), &["build", "--date", DEMO_DATE, "--no-cache", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = tmp.path().join("output/public");
    let pages: Vec<(String, String)> = indexed_pages(&public)
        .into_iter()
        .map(|p| {
            let stem = p.rsplit('/').next().unwrap().trim_end_matches(".html").to_string();
            let md = notices.get(&stem).cloned().unwrap_or_default();
            (p, md)
        })
        .collect();
    assert_eq!(pages.len(), 2_000);
    let port = serve(public.clone());
    let profile = tmp.path().join("profile");

    let long = PHRASES[..6].join(" ");
    // What reading the whole of its terms' postings would cost: far over the budget.
    let shard_of = |term: &str, shards: u64| {
        term.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193)) as u64 % shards
    };
    let search_page = fs::read_to_string(public.join("search/index.html")).unwrap();
    let shards: u64 = search_page.split("data-shards=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    let mut whole = 0;
    for phrase in PHRASES[..6].iter() {
        let chars: Vec<char> = phrase.chars().collect();
        for w in chars.windows(2) {
            let term: String = w.iter().collect();
            let shard: serde_json::Value = serde_json::from_slice(
                &fs::read(public.join(format!("search/i/{}.json", shard_of(&term, shards)))).unwrap(),
            )
            .unwrap();
            whole += shard[&term]["b"].as_array().map_or(0, |b| b.iter().map(|x| x.as_u64().unwrap()).sum::<u64>());
        }
    }
    assert!(whole > 3_000_000, "the worst case must be expensive: {whole} bytes of postings");

    for (query, continue_once) in [
        (long.as_str(), true),
        ("物业服务中心联系", true),
        ("服务中心二十四小时值班电话保持畅通如发现异常情况请及时与服务中心联系", false),
        ("业主大会", false),
        ("物业", false),
    ] {
        let (r, log) = search_on(&profile, &public, port, query, continue_once);
        let bytes = r["bytes"].as_u64().unwrap();
        eprintln!("{query}: {bytes} bytes: {}", r["status"]);
        assert!(bytes <= 300_000, "the first query of {query} read {bytes} bytes: {r}");
        assert!(!log.contains(":CONSOLE"), "console messages:\n{log}");
        let window = check_statement(query, &r, &pages);
        if window < pages.len() {
            assert!(
                r["more"] == "继续查找更早的" || r["more"] == "显示更多结果",
                "an incomplete answer offers to go on: {r}"
            );
        }
        if let Some(then) = r.get("then") {
            let more = then["bytes"].as_u64().unwrap();
            assert!(more <= 300_000, "continuing {query} read {more} bytes: {then}");
            let further = check_statement(query, then, &pages);
            assert!(further > window, "continuing gets further: {window} → {further}: {then}");
        }
    }
}
