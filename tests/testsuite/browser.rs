//! The built sites in a real browser: headless Chromium (Debian's `chromium`
//! with `fonts-noto-cjk`; CI installs both).
//!
//! - The public home page and a bulletin load at phone width (375 px) in an
//!   iframe of a small harness page, whose script measures every chart's
//!   rendered size, checks that the stylesheets loaded and that nothing is
//!   wider than the phone, and writes the result into its own DOM, which
//!   `--dump-dom` prints. Our pages carry no JavaScript, so any console
//!   message (Chromium logs them with `--enable-logging=stderr`) is an error.
//! - One internal monthly page is printed to PDF; its page count must be
//!   within the six A4 pages a monthly meeting allows.
//!
//! Without `/usr/bin/chromium` a developer machine prints a note and passes;
//! under CI (`CI` set) the test fails (tests/tools).

use crate::support::site::*;
use crate::support::tools;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::tools::{CHROMIUM, chromium};
const DEMO_DATE: &str = "2026-11-27";
const PHONE_WIDTH: u32 = 375;
/// The most A4 pages one month's analysis may print on (the demo estate):
/// the budget of the whole meeting pack (`wuye pdf`, tests/pdf.rs), which adds the grid.
const MAX_PDF_PAGES: usize = 8;
/// The text width of an A4 page between the print stylesheet's margins (184 mm) in CSS px.
const A4_TEXT_PX: u32 = 695;

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// A page that loads `target` in a phone-wide iframe and reports on it.
fn harness(target: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" src="{target}" style="width:{PHONE_WIDTH}px;height:4000px;border:0"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('f').addEventListener('load', function () {{
  var out = {{}};
  try {{
    var doc = this.contentDocument;
    // Charts are folded on phones: open them, as an owner would, to measure them.
    Array.prototype.forEach.call(doc.querySelectorAll('details.fold-narrow'), function (d) {{ d.open = true; }});
    // One figure per chart; it holds a wide and a narrow drawing, CSS shows one.
    out.charts = Array.prototype.map.call(doc.querySelectorAll('figure.chart'), function (f) {{
      var best = [0, 0];
      Array.prototype.forEach.call(f.querySelectorAll('svg.chart'), function (s) {{
        var r = s.getBoundingClientRect();
        if (r.width * r.height > best[0] * best[1]) {{ best = [Math.round(r.width), Math.round(r.height)]; }}
      }});
      return best;
    }});
    out.sheets = Array.prototype.map.call(doc.querySelectorAll('link[rel=stylesheet]'), function (l) {{ return !!l.sheet; }});
    out.width = doc.documentElement.scrollWidth;
    out.main = doc.querySelector('main') ? doc.querySelector('main').textContent.length : 0;
  }} catch (e) {{ out.error = String(e); }}
  document.getElementById('result').textContent = JSON.stringify(out);
}});
</script></body></html>"#
    )
}

/// Loads `page` (relative to the public site) through the harness.
fn inspect(profile: &Path, public: &Path, page: &str) -> (serde_json::Value, String) {
    let h = public.join(format!("_harness_{}.html", page.replace('/', "_")));
    fs::write(&h, harness(page)).unwrap();
    let out = chromium(
        profile,
        &[
            "--allow-file-access-from-files",
            "--virtual-time-budget=15000",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            &file_url(&h),
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let start = dom.find("<pre id=\"result\">").map(|i| i + "<pre id=\"result\">".len()).expect("harness result");
    let end = dom[start..].find("</pre>").unwrap() + start;
    let json = dom[start..end].replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    let v: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("harness result for {page}: {e}: {json}"));
    (v, stderr)
}

/// The page count by poppler's pdfinfo (required under CI; elsewhere a
/// rough count of page objects stands in).
fn pdf_pages(pdf: &Path) -> usize {
    if let Some(pdfinfo) = tools::require("pdfinfo", &["/usr/bin/pdfinfo"])
        && let Ok(out) = Command::new(pdfinfo).arg(pdf).output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(n) = text.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()) {
            return n;
        }
    }
    // No poppler: count page objects (`/Type /Page`, not `/Pages`).
    let bytes = fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

/// The home page and a bulletin render with sized charts and no console
/// messages at phone width; a monthly page prints on at most six A4 pages.
#[test]
fn pages_render_and_print_in_chromium() {
    render_and_print(false);
}

/// The same with `language: en`: the English strings, mostly longer than
/// the Chinese ones, still fit a phone and the monthly page's six A4 pages.
#[test]
fn english_pages_render_and_print_in_chromium() {
    render_and_print(true);
}

fn render_and_print(english: bool) {
    if tools::require("chromium", &[CHROMIUM]).is_none() {
        return;
    }
    let estate = std::env::var_os("WUYE_TEST_DEMO").map(PathBuf::from).unwrap_or_else(repo);
    assert!(estate.join("content/site.yaml").is_file(), "the demo estate {}/content is missing", estate.display());
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_dir(&estate.join("content"), &root.join("content"));
    if english {
        let site = root.join("content/site.yaml");
        let text = fs::read_to_string(&site).unwrap();
        let mut text: String = text.lines().filter(|l| !l.starts_with("language:")).map(|l| format!("{l}\n")).collect();
        text.push_str("language: en\n");
        fs::write(&site, text).unwrap();
    }
    let built = crate::support::command()
        .args(["build", "--date", DEMO_DATE, "--no-cache", "--quiet"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let public = root.join("output/public");
    let profile = root.join("profile");

    let (home, log) = inspect(&profile, &public, "index.html");
    assert!(home.get("error").is_none(), "home: {home}");
    assert!(home["main"].as_u64().unwrap() > 100, "home has content: {home}");
    assert!(home["sheets"].as_array().unwrap().iter().all(|s| s == true), "home stylesheets: {home}");
    assert!(home["width"].as_u64().unwrap() <= PHONE_WIDTH as u64, "home is wider than a phone: {home}");
    assert!(!log.contains(":CONSOLE"), "console messages on the home page:\n{log}");

    let (b, log) = inspect(&profile, &public, "bulletins/2026-Q3.html");
    assert!(b.get("error").is_none(), "bulletin: {b}");
    let charts = b["charts"].as_array().unwrap();
    assert!(charts.len() >= 4, "bulletin charts: {b}");
    for c in charts {
        let (w, h) = (c[0].as_u64().unwrap(), c[1].as_u64().unwrap());
        assert!(w > 0 && h > 0, "a chart has no rendered size: {b}");
        assert!(w <= PHONE_WIDTH as u64, "a chart overflows the phone: {b}");
    }
    assert!(b["width"].as_u64().unwrap() <= PHONE_WIDTH as u64, "the bulletin is wider than a phone: {b}");
    assert!(!log.contains(":CONSOLE"), "console messages on the bulletin:\n{log}");

    let month = root.join("output/internal/months/2026-10.html");
    let pdf = root.join("month.pdf");
    let out = chromium(
        &profile,
        &["--no-pdf-header-footer", &format!("--print-to-pdf={}", pdf.display()), &file_url(&month)],
    );
    assert!(pdf.is_file(), "no PDF: {}", String::from_utf8_lossy(&out.stderr));
    let pages = pdf_pages(&pdf);
    assert!((1..=MAX_PDF_PAGES).contains(&pages), "the monthly page prints on {pages} A4 pages");
}

/// A page that loads `target` at the text width of an A4 page, switches its
/// print stylesheet on (as printing does), and reports (a) every unit, phone
/// and channel cell that takes more than one line, counted from the line
/// boxes of its text, and (b) the smallest chart text in points at that size.
fn print_harness(target: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" src="{target}" style="width:{A4_TEXT_PX}px;height:20000px;border:0"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('f').addEventListener('load', function () {{
  var doc = this.contentDocument;
  Array.prototype.forEach.call(doc.querySelectorAll('link[media=print]'), function (l) {{ l.media = 'all'; }});
  setTimeout(function () {{
    var out = {{ cells: 0, wrapped: [], charts: 0, min_pt: 1000 }};
    try {{
      Array.prototype.forEach.call(doc.querySelectorAll('td.unit, td.phone, td.channel, th .unit'), function (td) {{
        if (!td.textContent.trim()) {{ return; }}
        var r = doc.createRange(); r.selectNodeContents(td);
        var tops = {{}};
        Array.prototype.forEach.call(r.getClientRects(), function (x) {{ if (x.width > 0) {{ tops[Math.round(x.top)] = 1; }} }});
        out.cells += 1;
        if (Object.keys(tops).length > 1) {{ out.wrapped.push(td.textContent); }}
      }});
      Array.prototype.forEach.call(doc.querySelectorAll('svg.chart'), function (svg) {{
        var w = svg.getBoundingClientRect().width;
        if (w === 0 || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) {{ return; }}
        out.charts += 1;
        var scale = w / svg.viewBox.baseVal.width;
        Array.prototype.forEach.call(svg.querySelectorAll('text'), function (t) {{
          if (!t.textContent.trim()) {{ return; }}
          var pt = parseFloat(doc.defaultView.getComputedStyle(t).fontSize) * scale * 0.75;
          if (pt < out.min_pt) {{ out.min_pt = pt; out.smallest = t.textContent; }}
        }});
      }});
    }} catch (e) {{ out.error = String(e); }}
    document.getElementById('result').textContent = JSON.stringify(out);
  }}, 300);
}});
</script></body></html>"#
    )
}

/// Printed on A4 (the print stylesheet at the page's text width), the demo's
/// month page never wraps a unit, a masked phone or a channel inside its
/// cell, and no chart text on it or on a bulletin is below 7 pt.
#[test]
fn printed_cells_do_not_wrap_and_chart_text_is_legible() {
    if !Path::new(CHROMIUM).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {CHROMIUM} is missing");
        eprintln!("note: {CHROMIUM} not found; skipping the print test (CI installs chromium and fonts-noto-cjk)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_dir(&repo().join("content"), &root.join("content"));
    let built = crate::support::command()
        .args(["build", "--date", DEMO_DATE, "--no-cache", "--quiet"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let profile = root.join("profile");
    for (site, page) in
        [("internal", "months/2026-10.html"), ("internal", "months/2026-09.html"), ("public", "bulletins/2026-Q3.html")]
    {
        let dir = root.join("output").join(site);
        let h = dir.join(format!("_print_{}.html", page.replace('/', "_")));
        fs::write(&h, print_harness(page)).unwrap();
        let out = chromium(
            &profile,
            &["--allow-file-access-from-files", "--virtual-time-budget=15000", "--dump-dom", &file_url(&h)],
        );
        let dom = String::from_utf8_lossy(&out.stdout).to_string();
        let start = dom.find("<pre id=\"result\">").map(|i| i + "<pre id=\"result\">".len()).expect("harness result");
        let end = dom[start..].find("</pre>").unwrap() + start;
        let json =
            dom[start..end].replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{page}: {e}: {json}"));
        assert!(v.get("error").is_none(), "{page}: {v}");
        eprintln!("{page}: {v}");
        if site == "internal" {
            assert!(v["cells"].as_u64().unwrap() >= 20, "{page}: unit/phone/channel cells found: {v}");
            assert!(v["wrapped"].as_array().unwrap().is_empty(), "{page}: cells wrap when printed: {v}");
        }
        assert!(v["charts"].as_u64().unwrap() >= 3, "{page}: charts measured: {v}");
        let min = v["min_pt"].as_f64().unwrap();
        assert!(min >= 7.0, "{page}: chart text prints at {min:.1} pt: {v}");
    }
}
