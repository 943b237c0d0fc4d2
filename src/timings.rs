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
}

/// The phases of one run, in the order they ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timings(Vec<Phase>);

impl Timings {
    /// Records that `name` ran from `start` until now.
    pub fn since(&mut self, name: &'static str, start: Instant) {
        self.0.push(Phase { name, took: start.elapsed() });
    }

    /// Records a phase measured elsewhere (e.g. on another thread).
    pub fn push(&mut self, name: &'static str, took: Duration) {
        self.0.push(Phase { name, took });
    }

    /// Appends another step's phases.
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }

    /// The phases, in order.
    pub fn phases(&self) -> &[Phase] {
        &self.0
    }

    /// One line per phase (`  123.4 ms  name`), as `wuye -v` prints them.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|p| format!("  {:>8.1} ms  {}", p.took.as_secs_f64() * 1000.0, p.name))
    }
}
