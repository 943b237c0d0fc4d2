//! `wuye figures` and `wuye portfolio` end to end: the figures file is the
//! `wuye kpi` JSON of every period; company figures are ratios of sums
//! (a hand-computed three-estate fixture where the average of the rates
//! differs); every problem of a portfolio file is reported at once; no
//! personal value reaches the company site.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn wuye(cwd: &Path, args: &[&str]) -> Output {
    crate::support::command().current_dir(cwd).args(args).output().expect("run wuye")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One period's object with just what the roll-up reads (a real file has more keys).
fn period(receivable: &str, collected: &str, satisfied: u64, responses: u64, valid: u64) -> Value {
    json!({
        "tickets": {"reported": 10, "completed": 9, "followed_up_24h": 9, "median_resolution_hours": 2.5},
        "complaints": {"received": valid, "valid": valid, "resolved": valid, "followed_up_3wd": valid},
        "fees": {"receivable": receivable, "collected": collected, "arrears_at_start": "0.00", "arrears_collected": "0.00"},
        "satisfaction": {"responses": responses, "satisfied": satisfied},
        "visits": {"occupied_units": 10, "visited_units": 5}
    })
}

fn figures_file(estate: &str, units: u64, q3: Value) -> Value {
    json!({
        "schema": "wuye.figures/1", "estate": estate, "name": format!("{estate}物业服务中心"),
        "base_url": format!("https://example.org/{units}/"), "units": units, "as_of": "2026-10-15",
        "targets": {"fee_collection_rate": 0.95},
        "periods": {"2026-Q3": q3, "2026-Q2": period("100.00", "100.00", 1, 1, 0)}
    })
}

/// Three estates, hand-computed for 2026-Q3:
///
/// | estate | 应收 | 实收 | 收缴率 | 满意/答卷 | 有效投诉/户数 |
/// |---|---|---|---|---|---|
/// | A | 1000.00 | 900.00 | 90% | 9/10 | 1/100 |
/// | B | 100.00 | 50.00 | 50% | 1/10 | 4/50 |
/// | C | 10000.00 | 9900.00 | 99% | 95/100 | 5/1000 |
///
/// 收缴率: Σ实收 ÷ Σ应收 = 10850 ÷ 11100 = 97.747…% → 97.7% (the average of
/// the rates would be 79.7%). 满意率: 105 ÷ 120 = 87.5% (average 65.0%).
/// 每百户有效投诉: 10 × 100 ÷ 1150 = 0.869… → 0.87 (average 3.17).
fn three_estates(dir: &Path) -> PathBuf {
    let files = [
        ("a.json", figures_file("甲苑", 100, period("1000.00", "900.00", 9, 10, 1))),
        ("b.json", figures_file("乙苑", 50, period("100.00", "50.00", 1, 10, 4))),
        ("c.json", figures_file("丙苑", 1000, period("10000.00", "9900.00", 95, 100, 5))),
    ];
    for (name, v) in &files {
        fs::write(dir.join(name), serde_json::to_string_pretty(v).unwrap()).unwrap();
    }
    let yaml = "name: 测试物业集团\nestates:\n  - figures: a.json\n    region: 华东\n  - figures: b.json\n    region: 华东\n  - figures: c.json\n";
    let file = dir.join("portfolio.yaml");
    fs::write(&file, yaml).unwrap();
    file
}

#[test]
fn company_totals_are_ratios_of_sums_not_averages() {
    use wuye::portfolio::rollup::{Kind, Kpi};
    let t = tempfile::tempdir().unwrap();
    let file = three_estates(t.path());
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
    let (p, diags) = wuye::portfolio::parse(&file, "portfolio.yaml");
    assert!(diags.is_empty(), "{diags:?}");
    let p = p.unwrap();
    let (members, diags) = wuye::portfolio::load(&p, "portfolio.yaml", as_of);
    assert!(diags.is_empty(), "{diags:?}");
    let r = wuye::portfolio::pages::Rollup::new(&p, &members, as_of);
    let all = r.total(wuye::portfolio::pages::QUARTERS - 1, |_| true);
    let fee = Kpi::Collection.of(&all);
    assert_eq!((fee.num, fee.den), (1_085_000, 1_110_000), "fen summed exactly");
    assert_eq!(fee.text(Kind::Rate).as_deref(), Some("97.7%"));
    let sat = Kpi::Satisfaction.of(&all);
    assert_eq!((sat.num, sat.den), (105, 120));
    assert_eq!(sat.text(Kind::Rate).as_deref(), Some("87.5%"));
    let per100 = Kpi::ComplaintsPer100.of(&all);
    assert_eq!((per100.num, per100.den), (1000, 1150));
    assert_eq!(per100.text(Kind::Per100).as_deref(), Some("0.87"));
    // A region sums only its own estates: 华东 = A + B → 950 ÷ 1100.
    let east = r.total(wuye::portfolio::pages::QUARTERS - 1, |i| members[i].region.as_deref() == Some("华东"));
    assert_eq!(Kpi::Collection.of(&east).text(Kind::Rate).as_deref(), Some("86.4%"));

    // The built home page shows the ratio of sums, never the averages.
    let out = t.path().join("site");
    let o = wuye(t.path(), &["portfolio", "portfolio.yaml", "--output", "site", "--date", "2026-10-15"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    for shown in ["97.7%", "87.5%", "0.87", "¥10,850.00", "¥11,100.00", "86.4%"] {
        assert!(home.contains(shown), "home page lacks {shown}");
    }
    for average in ["79.7%", "65.0%", "3.17"] {
        assert!(!home.contains(average), "home page shows an average of rates: {average}");
    }
    assert!(home.contains("noindex"));
    // League table: worst 收缴率 first (乙 50%, 甲 90%, 丙 99%).
    let (b, a, c) = (home.find("乙苑").unwrap(), home.rfind("甲苑").unwrap(), home.rfind("丙苑").unwrap());
    assert!(b < a && a < c, "league order");
    assert!(out.join("estates/1.html").exists() && out.join("kpi/fee-collection.html").exists());
    let estate = fs::read_to_string(out.join("estates/1.html")).unwrap();
    assert!(estate.contains("<svg") && estate.contains("https://example.org/100/"));

    // A file that ends before the quarter does is named, not silently mixed in.
    let mut v: Value = serde_json::from_str(&fs::read_to_string(t.path().join("c.json")).unwrap()).unwrap();
    v["as_of"] = json!("2026-09-15");
    fs::write(t.path().join("c.json"), v.to_string()).unwrap();
    let o = wuye(t.path(), &["portfolio", "portfolio.yaml", "--output", "site", "--date", "2026-10-15"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("丙苑（2026年9月15日）") && home.contains("数据截至 2026年9月15日"),
        "stale file not flagged"
    );
}

#[test]
fn figures_periods_equal_wuye_kpi_json() {
    let t = tempfile::tempdir().unwrap();
    let content = fixture("kpi-basic");
    let c = content.to_str().unwrap();
    let date = "2026-10-15";
    let o = wuye(t.path(), &["figures", "--content", c, "--no-cache", "--date", date, "--out", "f.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let f: Value = serde_json::from_str(&fs::read_to_string(t.path().join("f.json")).unwrap()).unwrap();
    assert_eq!(f["schema"], "wuye.figures/1");
    assert_eq!(f["as_of"], date);
    assert_eq!(f["units"], 4);
    let periods = f["periods"].as_object().unwrap();
    // kpi-basic has records from 2026-03: months 2026-03 … 2026-10 and quarters Q1 … Q4.
    let keys: Vec<&str> = periods.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-Q1",
            "2026-Q2", "2026-Q3", "2026-Q4"
        ]
    );
    // The running month and quarter are cut to the day and flagged, as `wuye kpi` does.
    for running in ["2026-10", "2026-Q4"] {
        assert_eq!(periods[running]["in_progress"], true, "{running}");
        assert_eq!(periods[running]["end"], date, "{running}");
    }
    assert!(periods["2026-09"].get("in_progress").is_none_or(|v| v == false));
    for (key, value) in periods {
        let o =
            wuye(t.path(), &["kpi", "--content", c, "--no-cache", "--date", date, "--period", key, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let kpi: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(value, &kpi, "period {key} differs from wuye kpi");
    }
    // A content estate in a portfolio goes through the same JSON.
    let loaded = wuye::records::load::load_with(
        &wuye::records::load::Source::new(&content),
        &wuye::records::cache::Cache::none(),
    );
    let estate = loaded.estate.unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap();
    let read = wuye::portfolio::figures_of(&estate, as_of).unwrap();
    assert_eq!(read.periods.len(), periods.len());
    assert_eq!(read.units, 4);
}

#[test]
fn every_problem_is_reported_at_once_and_output_is_kept() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    three_estates(d);
    // A previous good site must survive the failed run.
    let o = wuye(d, &["portfolio", "portfolio.yaml", "--output", "site", "--date", "2026-10-15"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = fs::read(d.join("site/index.html")).unwrap();
    fs::write(d.join("bad.json"), "{\"schema\": \"wuye.figures/1\",\n  \"estate\": ").unwrap();
    let mut v: Value = serde_json::from_str(&fs::read_to_string(d.join("a.json")).unwrap()).unwrap();
    v["schema"] = json!("wuye.figures/2");
    fs::write(d.join("v2.json"), v.to_string()).unwrap();
    let invalid = fixture("kpi-invalid");
    let yaml = format!(
        "name: 测试物业集团\nestates:\n  - figures: a.json\n  - figures: missing.json\n  - figures: bad.json\n  - figures: v2.json\n  - figures: a.json\n  - content: {}\n  - figures: b.json\n    regoin: 华东\n",
        invalid.display()
    );
    fs::write(d.join("portfolio.yaml"), &yaml).unwrap();
    let o = wuye(
        d,
        &["--message-format", "short", "portfolio", "portfolio.yaml", "--output", "site", "--date", "2026-10-15"],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    // The short format names each problem's code (docs/diagnostics.md).
    let expect = [
        "portfolio.yaml:4:14: error[E-PORTFOLIO-PATH]: 第 2 项：找不到 `missing.json`",
        "bad.json:2:12: error[E-FIGURES-READ]: ",
        "portfolio.yaml:5:14: error[E-PORTFOLIO-ESTATE]: 第 3 项：数据文件 `bad.json`",
        "error[E-FIGURES-SCHEMA]: 数据格式 `wuye.figures/2`",
        "portfolio.yaml:6:14: error[E-PORTFOLIO-ESTATE]: 第 4 项",
        "portfolio.yaml:7:14: error[E-PORTFOLIO-DUPLICATE]: 第 5 项",
        "portfolio.yaml:8:14: error[E-PORTFOLIO-ESTATE]: 第 6 项",
        "kpi-invalid/",
        "portfolio.yaml:10:5: error[E-FIELD-UNKNOWN]: 未知字段 `regoin`",
    ];
    for x in expect {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
    assert_eq!(fs::read(d.join("site/index.html")).unwrap(), before, "previous output left intact");
}

#[test]
fn refuses_to_replace_an_estate_build() {
    let t = tempfile::tempdir().unwrap();
    three_estates(t.path());
    fs::create_dir_all(t.path().join("output")).unwrap();
    fs::write(t.path().join("output/.wuye-output"), "This directory is written by `wuye build`; …\n").unwrap();
    let o = wuye(t.path(), &["portfolio", "portfolio.yaml", "--output", "output", "--date", "2026-10-15"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("wuye build"));
}

#[test]
fn no_personal_value_reaches_the_company_site() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let content = d.join("content");
    let opts = wuye::demo::DemoOptions { units: 60, months: 4, seed: 7, last_month: (2026, 9), notices: 0 };
    wuye::demo::generate(&opts, &content).unwrap();
    fs::write(d.join("portfolio.yaml"), "name: 测试物业集团\nestates:\n  - content: content\n    region: 华东\n")
        .unwrap();
    let o = wuye(d, &["portfolio", "portfolio.yaml", "--output", "site", "--date", "2026-10-15"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The same scan as for a public site, over every page written.
    let loaded = wuye::records::load::load_with(
        &wuye::records::load::Source::new(&content),
        &wuye::records::cache::Cache::none(),
    );
    let estate = loaded.estate.unwrap();
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(d.join("site")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let path = e.path().strip_prefix(d.join("site")).unwrap().to_string_lossy().into_owned();
        pages.push(wuye::site::Page { path, bytes: fs::read(e.path()).unwrap() });
    }
    assert!(pages.len() > 10);
    let rendered = wuye::site::Rendered { public: pages.clone(), internal: Vec::new(), ..Default::default() };
    assert_eq!(wuye::privacy::guard(&estate, &rendered, "site"), Vec::new());
    // And the scan is not blind: a page holding a complainant's phone is caught.
    let phone = estate.records.complaints.iter().find_map(|c| c.phone.clone()).expect("demo has phones");
    pages.push(wuye::site::Page { path: "leak.html".into(), bytes: format!("<p>{phone}</p>").into_bytes() });
    let leaky = wuye::site::Rendered { public: pages, internal: Vec::new(), ..Default::default() };
    assert!(!wuye::privacy::guard(&estate, &leaky, "site").is_empty());
}

#[test]
fn the_documented_workflows_are_the_example_files() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs");
    let doc = fs::read_to_string(root.join("publishing.md")).unwrap();
    for f in ["github-company.yml", "gitlab-company.yml", "portfolio.yaml"] {
        let text = fs::read_to_string(root.join("examples").join(f)).unwrap();
        assert!(doc.contains(&text), "docs/publishing.md does not hold docs/examples/{f} verbatim");
    }
    let (p, diags) = wuye::portfolio::parse(&root.join("examples/portfolio.yaml"), "portfolio.yaml");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(p.unwrap().entries.len(), 3);
}
