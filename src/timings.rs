//! Phase timings as values.
//!
//! Every pipeline step returns how long its phases took with its result
//! ([`crate::records::load::Loaded`], [`crate::build::Outcome`]); whoever ran
//! it decides whether to show them (`wuye -v`, `WUYE_LOG=1`, the benchmarks).
//! No global flag, no printing from the library.

use std::time::{Duration, Instant};

/// One phase: its name and how long it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    /// What ran (`load: record files (parse or cache)`).
    pub name: &'static str,
    /// Wall-clock time.
    pub took: Duration,
    /// Resident memory when it was recorded (Linux; `None` elsewhere): where a
    /// build's memory goes, phase by phase, without a heap profiler (the
    /// allocator maps its own arenas, which heap profilers do not see).
    pub resident: Option<u64>,
}

/// The phases of one run, in the order they ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timings(Vec<Phase>);

impl Timings {
    /// Records that `name` ran from `start` until now.
    pub fn since(&mut self, name: &'static str, start: Instant) {
        self.push(name, start.elapsed());
    }

    /// Records a phase measured elsewhere (e.g. on another thread).
    pub fn push(&mut self, name: &'static str, took: Duration) {
        self.0.push(Phase { name, took, resident: resident_bytes() });
    }

    /// Appends another step's phases.
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }

    /// The phases, in order.
    pub fn phases(&self) -> &[Phase] {
        &self.0
    }

    /// One line per phase (`  123.4 ms  name  (RSS 69 MB)`), as `wuye -v` prints them.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|p| {
            let ms = p.took.as_secs_f64() * 1000.0;
            match p.resident {
                Some(b) => format!("  {ms:>8.1} ms  {}  (RSS {} MB)", p.name, b / 1_000_000),
                None => format!("  {ms:>8.1} ms  {}", p.name),
            }
        })
    }
}

/// This process's resident memory, from `VmRSS` in `/proc/self/status`
/// (in kB, so no page size is assumed: arm64 kernels may use 16 or 64 KiB
/// pages). About 10 µs a phase, some twenty phases a build.
#[cfg(target_os = "linux")]
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kb: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kb * 1024)
}

/// Not measured off Linux.
#[cfg(not(target_os = "linux"))]
fn resident_bytes() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_line_has_its_time_and_name() {
        let mut t = Timings::default();
        t.push("load: pages", Duration::from_micros(52_345));
        let line = t.lines().next().unwrap();
        assert!(line.starts_with("      52.3 ms  load: pages"), "{line}");
        // On Linux the line ends with the resident memory, which a running process has.
        if cfg!(target_os = "linux") {
            let rss = t.phases()[0].resident.unwrap();
            assert!(rss > 1_000_000, "{rss}");
            assert!(line.ends_with(&format!("(RSS {} MB)", rss / 1_000_000)), "{line}");
        }
    }
}
