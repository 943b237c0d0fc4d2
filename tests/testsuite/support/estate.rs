//! Test harness shared by the integration tests: a fluent builder for content
//! directories in a temporary folder, and a runner for `wuye check`.
//!
//! ```ignore
//! let out = TestEstate::valid().file("records/2026-10/visits.yaml", "…").check(&[]);
//! out.assert_diag("records/2026-10/visits.yaml", 2, 9, "error", "2026-10-1x");
//! ```
//!
//! The content is written to `<tmp>/content` and the command runs with the
//! temporary folder as its working directory and `--content content`, so every
//! diagnostic path starts `content/`.

use std::fs;
use std::path::{Path, PathBuf};

/// The day every check runs "as of" unless a test passes its own `--date`.
pub const DATE: &str = "2026-12-31";

pub const SITE: &str = "\
name: 测试物业服务中心
estate: 测试花园
base_url: https://example.org/test/
service_phone: 0571-8888 0000
";

pub const SITE_EN: &str = "\
name: Test Service Centre
estate: Test Garden
base_url: https://example.org/test/
language: en
service_phone: 0571-8888 0000
";

pub const HOUSEHOLDS: &str = "\
- unit: 1-1-101
  building: 1栋
  area_m2: 89.5
  status: 已入住
- unit: 1-1-102
  status: 空置
- unit: 2-1-201
  status: 装修
";

pub const TICKETS: &str = "\
- id: BS-2026-10-0001
  reported_at: 2026-10-03 21:14
  entered_at: 2026-10-04 08:40
  channel: 夜间监控中心
  area: 户内
  category: 水电
  unit: 1-1-101
  reporter: 张建国
  phone: \"13812345678\"
  description: 厨房水管接头漏水
  department: 工程部
  completed_at: 2026-10-04 11:20
  cost: 350
  approved_by: 工程部经理
  followup:
    at: 2026-10-04 16:00
    by: 客服 李敏
    result: 满意
- id: BS-2026-10-0002
  reported_at: 2026-10-05 09:00
  channel: 电话
  area: 公区
  category: 电梯
  description: 2栋电梯异响
  department: 工程部
";

pub const COMPLAINTS: &str = "\
- id: TS-2026-10-001
  received_at: 2026-10-05 10:00
  channel: 电话
  category: 噪音
  unit: 1-1-102
  complainant: 王丽
  description: 楼上装修夜间施工
  department: 客服部
  resolved_at: 2026-10-06 15:00
  followup:
    at: 2026-10-08 10:00
    result: 满意
";

pub const VISITS: &str = "\
- unit: 1-1-101
  date: 2026-10-12
  mode: 面访
  by: 客服 李敏
  notes: 反映楼道灯不亮
";

pub const SURVEYS: &str = "\
- unit: 1-1-101
  date: 2026-10-20
  overall: 4
  scores:
    客服: 5
    工程: 4
  comment: 还行
";

pub const FEES: &str = "\
bills:
  - unit: 1-1-101
    item: 物业费
    period: 2026-10
    amount: 286.00
    waived: 20.00
payments:
  - unit: 1-1-101
    item: 物业费
    period: 2026-10
    amount: 266
    date: 2026-10-15
    method: 微信
";

pub const INSPECTIONS: &str = "\
- date: 2026-10-01
  by: 客服 李敏
  areas: [公共区域环境, 设施设备]
  findings: 2
  tickets: [BS-2026-10-0002]
";

pub const LOST_FOUND: &str = "\
- id: SW-2026-10-01
  found_on: 2026-10-02
  place: 1栋大堂
  item: 黑色钱包
  valuable: true
  claimed_on: 2026-10-09
  claimed_by: 赵先生
";

pub const MEETINGS: &str = "\
- date: 2026-10-28
  kind: 报事分析会
  chair: 项目经理
  notes: 讨论十月报事
";

pub const ROLE_MANAGER: &str = "\
---
title: 项目经理
department: 项目部
reports_to: null
order: 1
headcount: 1
---
1. 全面负责项目运营。
";

pub const ROLE_ENGINEER: &str = "\
---
title: 工程主管
department: 工程部
reports_to: manager
order: 1
---
1. 负责设施设备维修。
";

pub const NOTICE: &str = "\
---
title: 关于1栋二次供水水箱清洗停水的通知
type: 停水停电
date: 2026-11-03
expires: 2026-11-10
pinned: true
affects: [1栋]
starts_at: 2026-11-05 08:00
ends_at: 2026-11-05 18:00
---
11月5日 8:00–18:00 停水。
";

pub const BULLETIN: &str = "\
---
title: 四季度服务简报
---
本季度完成水箱清洗。
";

/// The month folder of the valid estate's records.
pub const MONTH: &str = "records/2026-10";

/// A content directory being built in a temporary folder.
pub struct TestEstate {
    tmp: tempfile::TempDir,
}

/// What one run of the command gave.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Everything printed on stderr.
    pub stderr: String,
}

impl TestEstate {
    /// An empty temporary folder with an empty `content/` directory.
    pub fn empty() -> TestEstate {
        let tmp = tempfile::tempdir().expect("temp dir");
        fs::create_dir(tmp.path().join("content")).expect("content dir");
        TestEstate { tmp }
    }

    /// A minimal valid estate: site.yaml, households.yaml, one record of each
    /// kind in records/2026-10/, two roles, a notice and a bulletin.
    pub fn valid() -> TestEstate {
        TestEstate::empty()
            .file("site.yaml", SITE)
            .file("households.yaml", HOUSEHOLDS)
            .file(&format!("{MONTH}/tickets.yaml"), TICKETS)
            .file(&format!("{MONTH}/complaints.yaml"), COMPLAINTS)
            .file(&format!("{MONTH}/visits.yaml"), VISITS)
            .file(&format!("{MONTH}/surveys.yaml"), SURVEYS)
            .file(&format!("{MONTH}/fees.yaml"), FEES)
            .file(&format!("{MONTH}/inspections.yaml"), INSPECTIONS)
            .file(&format!("{MONTH}/lost-found.yaml"), LOST_FOUND)
            .file(&format!("{MONTH}/meetings.yaml"), MEETINGS)
            .file("roles/manager.md", ROLE_MANAGER)
            .file("roles/engineer.md", ROLE_ENGINEER)
            .file("notices/2026-11-water.md", NOTICE)
            .file("bulletins/2026-Q4.md", BULLETIN)
    }

    /// Writes (or overwrites) a text file at `rel` inside the content directory.
    pub fn file(self, rel: &str, text: &str) -> TestEstate {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes at `rel` inside the content directory.
    pub fn bytes(self, rel: &str, bytes: &[u8]) -> TestEstate {
        let p = self.path(rel);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).expect("mkdir");
        }
        fs::write(&p, bytes).expect("write");
        self
    }

    /// Removes a file (or a whole folder) inside the content directory.
    pub fn remove(self, rel: &str) -> TestEstate {
        let p = self.path(rel);
        if p.is_dir() {
            fs::remove_dir_all(&p).expect("rm -r");
        } else {
            fs::remove_file(&p).expect("rm");
        }
        self
    }

    /// A folder inside the content directory.
    pub fn dir(self, rel: &str) -> TestEstate {
        fs::create_dir_all(self.path(rel)).expect("mkdir");
        self
    }

    /// The content directory.
    pub fn content(&self) -> PathBuf {
        self.tmp.path().join("content")
    }

    /// The temporary folder holding `content/` (the command's working directory).
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// A path inside the content directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.content().join(rel)
    }

    /// Runs `wuye check --content content --date 2026-12-31 ARGS…` from the temporary folder.
    pub fn check(&self, args: &[&str]) -> Outcome {
        let mut full = vec!["check", "--content", "content"];
        if !args.iter().any(|a| a.starts_with("--date")) {
            full.extend(["--date", DATE]);
        }
        full.extend(args);
        self.run(&full)
    }

    /// [`TestEstate::check`] in `--message-format short`: one line per diagnostic
    /// with its code (`PATH:LINE:COL: error[E-…]: …`), so assertions can name
    /// the code instead of a phrase of the message.
    pub fn check_short(&self, args: &[&str]) -> Outcome {
        let mut full = vec!["--message-format", "short"];
        full.extend(args);
        self.check(&full)
    }

    /// Runs `wuye ARGS…` exactly as given, from the temporary folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let out = crate::support::command()
            .args(args)
            .current_dir(self.root())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .output()
            .expect("run wuye");
        Outcome { code: out.status.code().unwrap_or(-1), stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
    }
}

impl Outcome {
    /// The first line of every diagnostic (`PATH:LINE:COL: error|warning: …`,
    /// or `error[CODE]: …` in the short format).
    pub fn diags(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("content/") || l.starts_with("./") || l.starts_with('/'))
            .filter(|l| is_diag(l, "error") || is_diag(l, "warning"))
            .collect()
    }

    /// The first lines of every error.
    pub fn errors(&self) -> Vec<&str> {
        self.diags().into_iter().filter(|l| is_diag(l, "error")).collect()
    }

    /// The first lines of every warning.
    pub fn warnings(&self) -> Vec<&str> {
        self.diags().into_iter().filter(|l| is_diag(l, "warning")).collect()
    }

    /// Asserts the exit code, showing stderr on failure.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts a successful check with no diagnostics at all.
    pub fn assert_clean(&self) -> &Self {
        self.assert_code(0);
        assert!(self.diags().is_empty(), "expected no diagnostics; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts one diagnostic starts exactly `content/REL:LINE:COL: SEV` and
    /// either has the code `needle` (`E-MONEY-RANGE`: needs [`TestEstate::check_short`])
    /// or a message containing `needle`.
    #[track_caller]
    pub fn assert_diag(&self, rel: &str, line: u32, col: u32, sev: &str, needle: &str) -> &Self {
        let prefix = format!("content/{rel}:{line}:{col}: {sev}");
        let is_code = is_code(needle);
        let hit = self.diags().into_iter().find(|l| {
            let Some(rest) = l.strip_prefix(&prefix) else { return false };
            let (code, message) = split_code(rest);
            if is_code { code == Some(needle) } else { message.is_some_and(|m| m.contains(needle)) }
        });
        assert!(hit.is_some(), "expected a diagnostic `{prefix}…{needle}…`; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts an error at `content/REL:LINE:COL` with the code `needle`, or whose message contains `needle`.
    #[track_caller]
    pub fn assert_error(&self, rel: &str, line: u32, col: u32, needle: &str) -> &Self {
        self.assert_diag(rel, line, col, "error", needle)
    }

    /// Asserts a warning at `content/REL:LINE:COL` with the code `needle`, or whose message contains `needle`.
    #[track_caller]
    pub fn assert_warning(&self, rel: &str, line: u32, col: u32, needle: &str) -> &Self {
        self.assert_diag(rel, line, col, "warning", needle)
    }

    /// Asserts exactly `n` errors were printed.
    pub fn assert_errors(&self, n: usize) -> &Self {
        assert_eq!(self.errors().len(), n, "error count; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts exactly `n` warnings were printed.
    pub fn assert_warnings(&self, n: usize) -> &Self {
        assert_eq!(self.warnings().len(), n, "warning count; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts some line of stderr contains `needle` (help lines included).
    pub fn assert_mentions(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "expected `{needle}` in stderr:\n{}", self.stderr);
        self
    }

    /// Asserts nothing panicked.
    pub fn assert_no_panic(&self) -> &Self {
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }
}

/// The record path of a kind in the valid estate's month folder.
pub fn rec(kind: &str) -> String {
    format!("{MONTH}/{kind}")
}

/// Whether `line` is the first line of a diagnostic of severity `sev`, in either format.
fn is_diag(line: &str, sev: &str) -> bool {
    line.contains(&format!(": {sev}: "))
        || line.contains(&format!(": {sev}[E-"))
        || line.contains(&format!(": {sev}[W-"))
}

/// Whether `s` is a diagnostic code (`E-…`, `W-…`) rather than a phrase.
pub fn is_code(s: &str) -> bool {
    (s.starts_with("E-") || s.starts_with("W-"))
        && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// After `PATH:LINE:COL: SEV`: the code (short format) and the message.
fn split_code(rest: &str) -> (Option<&str>, Option<&str>) {
    if let Some(m) = rest.strip_prefix(": ") {
        return (None, Some(m));
    }
    match rest.strip_prefix('[').and_then(|r| r.split_once("]: ")) {
        Some((code, m)) => (Some(code), Some(m)),
        None => (None, None),
    }
}
