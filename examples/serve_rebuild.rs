//! Times `serve`'s rebuild in process (no watcher, no HTTP): a full build,
//! then N saves of one month's tickets and N saves of one notice, each
//! followed by the rebuild `serve` runs. Prints the median and each phase
//! (with `WUYE_LOG=1`). Used by bench/serve_latency.py's reader to see where
//! a save's time goes; asserts nothing.
//!
//! Usage: serve_rebuild CONTENT [runs]
use std::path::PathBuf;
use std::time::Instant;

use wuye::build::{Build, Change, Kept, Outcome};

// The same allocator as the `wuye` binary.
#[cfg(not(target_os = "macos"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// This process's user + system CPU time in ms (from /proc; 0 elsewhere).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of the file (utime, stime), in clock ticks of 10 ms.
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) * 10.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let content = PathBuf::from(args.next().expect("usage: serve_rebuild CONTENT [runs]"));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let build = Build::new(&content, chrono::NaiveDate::from_ymd_opt(2026, 11, 27));
    let mut kept = Kept::default();
    let log = std::env::var_os("WUYE_LOG").is_some();
    let run = |change: Change, kept: &mut Kept| -> Outcome {
        let out = build.run(change, kept, &mut |_| {});
        if log {
            out.timings.lines().for_each(|l| eprintln!("{l}"));
            eprintln!("  pages taken from the memo: {}", kept.pages.pages_reused());
        }
        out
    };
    let t = Instant::now();
    let out = run(Change::Everything, &mut kept);
    eprintln!("== first build: {} ms", t.elapsed().as_millis());
    let mut estate = out.estate.expect("the content loads");
    let mut months: Vec<_> = std::fs::read_dir(content.join("records")).unwrap().flatten().map(|e| e.path()).collect();
    months.sort();
    let tickets = months[months.len() - 2].join("tickets.yaml");
    let month = months[months.len() - 2].file_name().unwrap().to_string_lossy().to_string();
    let original = std::fs::read_to_string(&tickets).unwrap();
    let (mut month_ms, mut month_cpu) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let text = format!(
            "{original}\n- id: LAT-{i}\n  reported_at: {month}-02 10:00\n  channel: 电话\n  area: 公区\n  category: 其他\n  description: 延迟测试\n  department: 工程部\n"
        );
        let text = if i % 2 == 0 { text } else { original.clone() };
        std::fs::write(&tickets, text).unwrap();
        eprintln!("== month save {i}");
        let (t, c) = (Instant::now(), cpu_ms());
        let out = run(Change::Records(Box::new(estate), vec![tickets.clone()]), &mut kept);
        month_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        month_cpu.push(cpu_ms() - c);
        let ok = out.rendered.is_some();
        estate = out.estate.unwrap();
        if !ok {
            std::fs::write(&tickets, &original).unwrap();
            panic!("the edit did not build");
        }
    }
    std::fs::write(&tickets, &original).unwrap();
    let notices = content.join("notices");
    let mut names: Vec<_> = std::fs::read_dir(&notices).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    let notice = names.iter().find(|p| p.extension().is_some_and(|e| e == "md")).unwrap().clone();
    let original = std::fs::read_to_string(&notice).unwrap();
    let (mut notice_ms, mut notice_cpu) = (Vec::new(), Vec::new());
    for i in 0..runs {
        std::fs::write(&notice, format!("{original}\n\nLATENCY{i}X\n")).unwrap();
        eprintln!("== notice save {i}");
        let (t, c) = (Instant::now(), cpu_ms());
        let out = run(Change::Pages(&estate), &mut kept);
        notice_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        notice_cpu.push(cpu_ms() - c);
        assert!(out.rendered.is_some(), "rebuilt");
    }
    std::fs::write(&notice, &original).unwrap();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("month save rebuild: median {:.0} ms wall, {:.0} ms CPU over {runs}", median(month_ms), median(month_cpu));
    println!(
        "notice save rebuild: median {:.0} ms wall, {:.0} ms CPU over {runs}",
        median(notice_ms),
        median(notice_cpu)
    );
}
