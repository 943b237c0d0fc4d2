//! The office's preview loop: `wuye serve` over HTTP on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::site::fill_in_examples;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &std::path::Path) -> Server {
    let child = crate::support::command()
        .args(["serve", "--port", "0", "--date", "2026-11-27", "--no-cache"])
        .current_dir(dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("serve starts");
    // Owned by the guard at once, so the server is killed and reaped on every path.
    let mut server = Server { child, addr: String::new() };
    let stderr = server.child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line =
            rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("serve prints its address");
        if let Some(rest) = line.split("http://").nth(1) {
            server.addr = rest.split('/').next().unwrap().to_string();
            std::thread::spawn(move || while rx.recv().is_ok() {});
            return server;
        }
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

fn wait_for(addr: &str, path: &str, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if get(addr, path).1.contains(needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn scaffold() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let out = crate::support::command()
        .args(["new", "estate", "--date", "2026-11-27"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    fill_in_examples(&t.path().join("estate"));
    t
}

/// Editing a notice is served as new HTML without a restart; the internal site lives under /_internal/.
#[test]
fn serve_rebuilds_after_a_notice_edit() {
    let t = scaffold();
    let dir = t.path().join("estate");
    let server = start(&dir);
    let (code, home) = get(&server.addr, "/");
    assert_eq!(code, 200);
    assert!(home.contains("/__wuye/events"), "live-reload script injected");
    assert_eq!(get(&server.addr, "/_internal/").0, 200);
    assert_eq!(get(&server.addr, "/no-such-page.html").0, 404);
    let notice = dir.join("content/notices/water-tank-cleaning.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(&notice, text.replace("清洗消毒", "清洗消毒（时间调整）")).unwrap();
    assert!(wait_for(&server.addr, "/notices/water-tank-cleaning.html", "时间调整"), "edited notice served");
}

/// A broken edit keeps the last good site and shows the diagnostics over it.
#[test]
fn serve_shows_errors_and_keeps_the_last_good_site() {
    let t = scaffold();
    let dir = t.path().join("estate");
    let server = start(&dir);
    let notice = dir.join("content/notices/water-tank-cleaning.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(&notice, text.replace("type: 停水停电", "type: 停水")).unwrap();
    assert!(wait_for(&server.addr, "/", "wuye-errors"), "overlay shown");
    let (_, page) = get(&server.addr, "/notices/water-tank-cleaning.html");
    assert!(page.contains("清洗消毒"), "last good page still served");
    assert!(page.contains("water-tank-cleaning.md:3:7"), "diagnostic with its position: {page}");
    std::fs::write(&notice, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while get(&server.addr, "/").1.contains("wuye-errors") {
        assert!(Instant::now() < deadline, "overlay cleared after the fix");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A rebuild after a notice edit reuses the record-derived pages (no KPI or chart is recomputed) and gives the same site as a full render.
#[test]
fn notice_edit_reuses_record_pages() {
    use wuye::records::load::{Source, load, load_pages};
    let t = scaffold();
    let content = t.path().join("estate/content");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let theme = wuye::site::theme::Theme::builtin();
    let first = load(&Source::new(&content)).estate.unwrap();
    let mut memo = wuye::site::RenderMemo::default();
    wuye::site::render_with(&first, &content, date, &theme, &mut memo, None).unwrap();
    assert_eq!(memo.reused, 0);
    let notice = content.join("notices/water-tank-cleaning.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(&notice, text.replace("清洗消毒", "清洗消毒（改）")).unwrap();
    let second = load_pages(&Source::new(&content), &first).estate.unwrap();
    let incremental = wuye::site::render_with(&second, &content, date, &theme, &mut memo, None).unwrap();
    assert!(memo.reused > 0 && memo.rebuilt == 0, "record pages reused");
    let full = wuye::site::render(&load(&Source::new(&content)).estate.unwrap(), &content, date, &theme).unwrap();
    assert_eq!(incremental.public, full.public);
    assert_eq!(incremental.internal, full.internal);
}

/// The first differing page of two renders, if any (printing whole pages would drown the failure).
fn first_difference(a: &wuye::site::Rendered, b: &wuye::site::Rendered) -> Option<String> {
    for (x, y) in [(&a.public, &b.public), (&a.internal, &b.internal)] {
        let paths = |v: &Vec<wuye::site::Page>| v.iter().map(|p| p.path.clone()).collect::<Vec<_>>();
        if paths(x) != paths(y) {
            return Some(format!("page lists differ: {:?} vs {:?}", paths(x).len(), paths(y).len()));
        }
        if let Some((p, _)) = x.iter().zip(y).find(|(p, q)| p.bytes != q.bytes) {
            return Some(p.path.clone());
        }
    }
    None
}

/// After an edit to one month's records, the record pages of earlier months
/// are kept and only those reading that month onwards are rebuilt; the site
/// equals a full render. A bulletin or calendar edit rebuilds them all.
#[test]
fn month_edit_rebuilds_only_pages_that_read_it() {
    use wuye::records::load::{Source, load, load_pages};
    use wuye::site::{RenderMemo, render, render_with};
    let t = tempfile::tempdir().unwrap();
    let content = t.path().join("content");
    crate::support::site::copy_dir(&crate::support::site::repo().join("content"), &content);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let theme = wuye::site::theme::Theme::builtin();
    let mut memo = RenderMemo::default();
    let first = load(&Source::new(&content)).estate.unwrap();
    render_with(&first, &content, date, &theme, &mut memo, None).unwrap();
    let total = memo.rebuilt;
    assert_eq!(memo.reused, 0);
    let edit = |file: &str, from: &str, to: &str| {
        let path = content.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // (file, text, replacement, whether earlier pages can be kept)
    let cases = [
        ("records/2026-03/tickets.yaml", "  area: 公区\n", "  area: 户内\n", true),
        ("records/2026-03/fees.yaml", "    amount: 283.25\n", "    amount: 383.25\n", true),
        ("records/2026-11/tickets.yaml", "  area: 户内\n", "  area: 公区\n", true),
        ("bulletins/2026-Q2.md", "各位业主：", "各位业主、住户：", false),
        ("calendar.yaml", "", "", false),
    ];
    for (file, from, to, partial) in cases {
        let estate = if file == "calendar.yaml" {
            // A make-up workday moved: follow-up deadlines change everywhere.
            std::fs::write(content.join(file), "2026:\n  holidays: [2026-03-02]\n  workdays: []\n").unwrap();
            load(&Source::new(&content)).estate.unwrap()
        } else if file.starts_with("bulletins/") {
            edit(file, from, to);
            let previous = load(&Source::new(&content)).estate.unwrap();
            load_pages(&Source::new(&content), &previous).estate.unwrap()
        } else {
            edit(file, from, to);
            load(&Source::new(&content)).estate.unwrap()
        };
        let incremental = render_with(&estate, &content, date, &theme, &mut memo, None).unwrap();
        if partial {
            assert!(memo.reused > 0 && memo.rebuilt < total, "{file}: reused {} rebuilt {}", memo.reused, memo.rebuilt);
        } else {
            assert_eq!((memo.reused, memo.rebuilt), (0, total), "{file}: everything rebuilt");
        }
        let full = render(&estate, &content, date, &theme).unwrap();
        assert_eq!(first_difference(&incremental, &full), None, "{file}: incremental render equals a full one");
    }
}

/// Re-parsing only the saved record files gives what a full load gives:
/// the same diagnostics (warnings of untouched files kept, the edit's new
/// errors reported), the same input size and the same site; a path that is
/// not a known record file is handed back for a full load.
#[test]
fn reloading_saved_record_files_equals_a_full_load() {
    use wuye::records::cache::Cache;
    use wuye::records::load::{Source, load, reload_records};
    let t = tempfile::tempdir().unwrap();
    let content = t.path().join("content");
    crate::support::site::copy_dir(&crate::support::site::repo().join("content"), &content);
    let source = Source::new(&content);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let theme = wuye::site::theme::Theme::builtin();
    let first = load(&source);
    let mut reload = first.reload.clone().expect("a full load can be reloaded");
    let mut estate = first.estate.unwrap();
    let shown = |l: &wuye::records::load::Loaded| l.diags.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let edits = [
        ("records/2026-03/tickets.yaml", "  area: 户内\n", "  area: 公区\n", false),
        ("records/2026-03/fees.yaml", "    amount: 283.25\n", "    amount: 383.25\n", false),
        ("records/2025-10/complaints.yaml", "- id: ", "- id: TS-DUP\n  oops: 1\n- id: ", true),
    ];
    for (file, from, to, breaks) in edits {
        let path = content.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let partial = match reload_records(&source, estate, reload, std::slice::from_ref(&path), &Cache::none()) {
            Ok(l) => l,
            Err(_) => panic!("{file} is a known record file"),
        };
        let full = load(&source);
        let (a, b) = (shown(&partial), shown(&full));
        let first_diff = a.iter().zip(&b).position(|(x, y)| x != y).map(|i| (&a[i], &b[i]));
        assert!(
            a.len() == b.len() && first_diff.is_none(),
            "{file}: diagnostics differ: {} vs {}, first {first_diff:?}",
            a.len(),
            b.len()
        );
        assert_eq!(partial.bytes, full.bytes, "{file}: same input size");
        let has_errors = full.diags.iter().any(|d| d.severity == wuye::diag::Severity::Error);
        assert_eq!(has_errors, breaks, "{file}: {:?}", shown(&full));
        let (p, f) = (partial.estate.unwrap(), full.estate.unwrap());
        let (rp, rf) = (
            wuye::site::render(&p, &content, date, &theme).unwrap(),
            wuye::site::render(&f, &content, date, &theme).unwrap(),
        );
        assert_eq!(first_difference(&rp, &rf), None, "{file}: same site");
        reload = partial.reload.unwrap();
        estate = p;
    }
    // Not a record file: handed back.
    assert!(reload_records(&source, estate, reload, &[content.join("households.yaml")], &Cache::none()).is_err());
}

/// `serve`'s rebuild after a save gives exactly what a cold build of the
/// edited content gives: every page byte for byte and every diagnostic.
/// The saves: one month's tickets (added, undone, changed), a notice, a
/// payment and a complaint deleted (the fee checks and the KPIs of earlier
/// periods are reused only while they cannot change), a payment naming no
/// bill (the rebuild fails as the cold build does) and fixed again, and a
/// meeting deleted whose `about` credits the year before (the grid of 2025
/// and the KPIs of its months change although the file is of 2026-01).
#[test]
fn serve_rebuild_after_a_month_save_equals_a_cold_build() {
    use wuye::build::{Build, Change, Kept};
    let t = tempfile::tempdir().unwrap();
    let content = t.path().join("content");
    crate::support::site::copy_dir(&crate::support::site::repo().join("content"), &content);
    let build = Build::new(&content, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    let shown = |diags: &[wuye::diag::Diagnostic]| diags.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let mut kept = Kept::default();
    let mut estate = build.run(Change::Everything, &mut kept, &mut |_| {}).estate;
    let read = |p: &str| std::fs::read_to_string(content.join(p)).unwrap();
    let cut = |text: &str, from: &str, to: &str| {
        let a = text.find(from).expect("start");
        let b = a + from.len() + text[a + from.len()..].find(to).expect("end");
        format!("{}{}", &text[..a], &text[b..])
    };
    let tickets = "records/2026-03/tickets.yaml";
    let original = read(tickets);
    let added = format!(
        "{original}\n- id: SERVE-TEST-1\n  reported_at: 2026-03-02 10:00\n  channel: 电话\n  area: 公区\n  category: 其他\n  description: 测试\n  department: 工程部\n"
    );
    let (notice, fees) = ("notices/2026-11-20-water-tank-3.md", "records/2026-03/fees.yaml");
    let fees_text = read(fees);
    let payment =
        "  - unit: 1-1-202\n    item: 物业费\n    period: 2026-03\n    amount: 253.00\n    date: 2026-03-01\n";
    let no_bill = fees_text.replacen(payment, &payment.replace("1-1-202", "1-1-209"), 1);
    let meeting = "- date: 2026-01-08\n  kind: 客户细分评估会\n  about: 2025-12\n";
    let meetings = "records/2026-01/meetings.yaml";
    let steps: Vec<(&str, &str, String)> = vec![
        ("ticket added", tickets, added),
        ("notice edited", notice, format!("{}\n\n（本通知已更新。）\n", read(notice))),
        ("ticket edit undone", tickets, original.clone()),
        ("ticket area changed", tickets, original.replacen("  area: 户内\n", "  area: 公区\n", 1)),
        // The KPI index's fee facts are kept while no fee file changes: a
        // bill's amount must reach the fee figures (receivable, arrears).
        ("bill amount changed", fees, fees_text.replacen("    amount: 283.25\n", "    amount: 300.00\n", 1)),
        ("payment deleted", fees, cut(&fees_text, payment, "  - unit: 1-1-502\n    item: 物业费\n    period: 2026-03")),
        ("payment naming no bill", fees, no_bill),
        ("payment fixed", fees, fees_text.clone()),
        ("complaint deleted", "records/2026-03/complaints.yaml", {
            cut(&read("records/2026-03/complaints.yaml"), "- id: TS-2026-03-002\n", "- id: TS-2026-03-003\n")
        }),
        ("meeting about the year before deleted", meetings, cut(&read(meetings), meeting, "- date: ")),
    ];
    for (what, file, text) in steps {
        let path = content.join(file);
        assert_ne!(std::fs::read_to_string(&path).unwrap(), text, "{what}: the step changes the file");
        std::fs::write(&path, &text).unwrap();
        let records = file.starts_with("records/");
        let change = match &estate {
            Some(_) if records => Change::Records(Box::new(estate.take().unwrap()), vec![path]),
            Some(e) => Change::Pages(e),
            None => Change::Everything,
        };
        let out = build.run(change, &mut kept, &mut |_| {});
        let cold = build.run(Change::Everything, &mut Kept::one_off(), &mut |_| {});
        // (A Markdown-only rebuild does not repeat the records' warnings.)
        let errors = |d: &[wuye::diag::Diagnostic]| -> Vec<wuye::diag::Diagnostic> {
            d.iter().filter(|d| records || d.severity == wuye::diag::Severity::Error).cloned().collect()
        };
        assert_eq!(shown(&errors(&out.diags)), shown(&errors(&cold.diags)), "{what}: the same diagnostics");
        match (&out.rendered, &cold.rendered) {
            (Some(a), Some(b)) => {
                assert_eq!(first_difference(a, b), None, "{what}: serve's rebuild equals a cold build")
            }
            (None, None) => assert!(what.contains("no bill"), "{what}: {:?}", out.diags.first()),
            _ => panic!("{what}: one of the builds failed: {:?}", out.diags.first()),
        }
        if out.estate.is_some() || file.starts_with("records/") {
            estate = out.estate;
        }
    }
}

/// The privacy guard `serve` keeps (values indexed once, each page's last
/// scan reused while its bytes are the same) reports exactly what a fresh
/// guard reports, as a page starts leaking, stops, and leaks again.
#[test]
fn kept_privacy_scans_find_what_a_fresh_scan_finds() {
    use wuye::records::load::{Source, load};
    let content = crate::support::site::repo().join("content");
    let estate = load(&Source::new(&content)).estate.unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let site = wuye::site::render(&estate, &content, date, &wuye::site::theme::Theme::builtin()).unwrap();
    let phone = estate.records.complaints.iter().find_map(|c| c.phone.clone()).expect("demo has phones");
    let text = estate.records.tickets.iter().map(|t| t.description.clone()).find(|d| d.chars().count() >= 6).unwrap();
    let mut kept = wuye::privacy::Values::default();
    let with = |leak: &str| {
        let mut public = site.public.clone();
        public.push(wuye::site::Page { path: "leak.html".into(), bytes: format!("<p>{leak}</p>").into_bytes() });
        wuye::site::Rendered { public, internal: Vec::new(), ..Default::default() }
    };
    let shown = |d: Vec<wuye::diag::Diagnostic>| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    for (leak, leaks) in [("", 0), (phone.as_str(), 1), ("", 0), (&format!("{phone} {text}"), 2), (text.as_str(), 1)] {
        let rendered = with(leak);
        let fresh = shown(wuye::privacy::guard(&estate, &rendered, "public"));
        for _ in 0..2 {
            assert_eq!(shown(wuye::privacy::guard_with(&estate, &rendered, "public", &mut kept)), fresh, "{leak}");
        }
        assert_eq!(fresh.len(), leaks, "{leak}: {fresh:?}");
    }
}
