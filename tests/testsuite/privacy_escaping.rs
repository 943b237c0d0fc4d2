//! The privacy guard sees through escaping: personal values containing `'`,
//! `"`, `&`, `<`, `>`, full-width punctuation and line breaks, rendered by
//! the real template engine (Tera, autoescaping as the theme does) into text,
//! attributes, inline SVG, embedded JSON, a search index and a gzipped file
//! of the public site, are each reported naming the page and the record.

use crate::support::estate::*;

use std::path::Path;

/// A ticket description and a complaint note full of characters that HTML
/// and JSON escape, and a reporter name with an apostrophe.
const TICKETS: &str = "\
- id: BS-2026-10-0001
  reported_at: 2026-10-03 21:14
  channel: 电话
  area: 户内
  category: 水电
  unit: 1-1-101
  reporter: \"O'Neil\"
  phone: \"13812345678\"
  description: |-
    业主's \"厨房\" 水管 & <接头> 漏水！（急）
    第二行：请尽快上门
  department: 工程部
- id: BS-2026-10-0002
  reported_at: 2026-10-05 09:00
  channel: 电话
  area: 公区
  category: 电梯
  description: 2栋电梯异响
  department: 工程部
";

const DESCRIPTION: &str = "业主's \"厨房\" 水管 & <接头> 漏水！（急）\n第二行：请尽快上门";

fn estate() -> TestEstate {
    TestEstate::valid().file(&format!("{MONTH}/tickets.yaml"), TICKETS)
}

fn load(content: &Path) -> wuye::records::Estate {
    let loaded = wuye::records::load::load(&wuye::records::load::Source::new(content));
    assert!(loaded.diags.iter().all(|d| d.severity != wuye::diag::Severity::Error), "{:?}", loaded.diags);
    loaded.estate.expect("estate loads")
}

/// The description and the name pushed through the theme's Tera into every
/// place a page can hold text: each page is reported, naming the ticket file.
#[test]
fn escaped_personal_values_are_found_in_every_kind_of_file() {
    let est = estate();
    let e = load(&est.content());
    let t = &e.records.tickets[0];
    assert_eq!(t.description, DESCRIPTION, "the fixture reads as intended");
    let mut tera = wuye::site::theme::Theme::builtin().compile().expect("theme compiles");
    let templates = [
        ("leak/text.html", "<p>{{ d }}</p>"),
        ("leak/attr.html", r#"<a title="{{ d }}" data-x='{{ d }}'>x</a>"#),
        ("leak/svg.html", "<svg><text>{{ d }}</text><title>{{ d }}</title></svg>"),
        ("leak/json.html", r#"<script type="application/json">{{ json | safe }}</script>"#),
        ("leak/name.html", "<span>{{ n }}</span>"),
    ];
    for (name, src) in templates {
        tera.add_raw_template(name, src).unwrap();
    }
    let mut cx = tera::Context::new();
    cx.insert("d", &t.description);
    cx.insert("n", t.reporter.as_deref().unwrap());
    cx.insert("json", &serde_json::to_string(&serde_json::json!({ "d": t.description })).unwrap());
    let mut public: Vec<wuye::site::Page> = templates
        .iter()
        .map(|(name, _)| wuye::site::Page {
            path: name.to_string(),
            bytes: tera.render(name, &cx).expect("renders").into_bytes(),
        })
        .collect();
    for (name, _) in &templates {
        let html = String::from_utf8_lossy(&public.iter().find(|p| p.path == *name).unwrap().bytes).into_owned();
        if *name != "leak/json.html" {
            assert!(!html.contains("业主's"), "{name} is escaped by the engine: {html}");
        }
    }
    // A search index as a search engine writes it: JSON, ASCII-escaped, and gzipped.
    let index = serde_json::to_string(&serde_json::json!([{ "t": t.description }])).unwrap();
    let ascii: String =
        index.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\u{:04x}", c as u32) }).collect();
    public.push(wuye::site::Page { path: "search/index.json".into(), bytes: ascii.clone().into_bytes() });
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, index.as_bytes()).unwrap();
    public.push(wuye::site::Page { path: "search/index.json.gz".into(), bytes: gz.finish().unwrap() });
    let rendered = wuye::site::Rendered { public, internal: vec![], ..Default::default() };
    let diags = wuye::privacy::guard(&e, &rendered, "output/public");
    let text: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
    for page in ["text.html", "attr.html", "svg.html", "json.html", "name.html"] {
        let hit = text.iter().find(|l| l.starts_with(&format!("output/public/leak/{page}:")));
        let hit = hit.unwrap_or_else(|| panic!("no error for leak/{page}: {text:#?}"));
        assert!(hit.contains("tickets.yaml:1"), "names the record: {hit}");
    }
    for page in ["search/index.json", "search/index.json.gz"] {
        assert!(
            text.iter().any(|l| l.starts_with(&format!("output/public/{page}:"))),
            "no error for {page}: {text:#?}"
        );
    }
}

/// End to end: a theme whose public 404 page prints an owner's text (through
/// Tera, escaped as every template is) fails `wuye build`, naming the page
/// and the record, and leaves the previous output as it was.
#[test]
fn build_fails_on_a_template_escaped_value() {
    let single_line = "业主's \"厨房\" & <水管> 漏水！（急）";
    let est = estate().file(
        &format!("{MONTH}/complaints.yaml"),
        &COMPLAINTS.replacen(
            "description: 楼上装修夜间施工",
            &format!("description: '{}'", single_line.replace('\'', "''")),
            1,
        ),
    );
    let out = est.run(&["build", "--content", "content", "--date", DATE, "--output", "output"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = std::fs::read(est.root().join("output/public/404.html")).unwrap();
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/404.html"))
        .unwrap();
    let leak = format!("{{% set d = `{single_line}` %}}<p title=\"{{{{ d }}}}\">{{{{ d }}}}</p>{{% endblock %}}");
    let theme = est.root().join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("404.html"), base.replacen("{% endblock %}", &leak, 1)).unwrap();
    let out = est.run(&["build", "--content", "content", "--date", DATE, "--output", "output"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("output/public/404.html:1:1: error:"), "{}", out.stderr);
    assert!(out.stderr.contains("complaints.yaml:"), "names the record: {}", out.stderr);
    assert_eq!(std::fs::read(est.root().join("output/public/404.html")).unwrap(), before, "previous output untouched");
}

/// A one-off build scans and writes each notice page the moment it is
/// rendered (not after every page is in memory): a theme whose notice page
/// prints an owner's name still fails the build, with the notice pages and
/// the 404 page (guarded after rendering) reported in path order; the
/// previous output is as it was and the build's temporary folder is gone.
#[test]
fn pages_written_as_rendered_are_guarded_too() {
    let est = estate();
    let build = || est.run(&["build", "--content", "content", "--date", DATE, "--output", "output"]);
    let out = build();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let notices: Vec<String> = std::fs::read_dir(est.root().join("output/public/notices"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") && n != "index.html")
        .collect();
    assert!(!notices.is_empty(), "the estate has notice pages");
    let snapshot = |dir: &str| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(est.root().join(dir))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    };
    let before = snapshot("output");
    let theme = est.root().join("themes/default/templates");
    std::fs::create_dir_all(theme.join("notices")).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for page in ["notices/page.html", "404.html"] {
        let t = std::fs::read_to_string(base.join(page)).unwrap();
        std::fs::write(theme.join(page), t.replacen("{% endblock %}", "<p>O'Neil</p>{% endblock %}", 1)).unwrap();
    }
    let out = build();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let reported: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("output/public/"))
        .filter_map(|l| l.split_once(":1:1: error:").map(|(page, _)| page))
        .collect();
    let mut expected: Vec<String> = notices.iter().map(|n| format!("notices/{n}")).collect();
    expected.push("404.html".into());
    expected.sort();
    assert_eq!(reported, expected, "{}", out.stderr);
    assert!(out.stderr.contains("tickets.yaml:"), "names the record: {}", out.stderr);
    assert!(before == snapshot("output"), "previous output untouched");
    let left: Vec<String> = std::fs::read_dir(est.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("wuye-tmp"))
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}
