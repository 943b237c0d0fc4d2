//! A deterministic demo estate (演示小区): `site.yaml`, `households.yaml` and
//! every kind of monthly record, written as plain YAML text.
//!
//! The generator uses only `std` and `chrono`. Randomness comes from a small
//! hand-rolled splitmix64 generator; every stream is derived from the seed and
//! a fixed key (kind of record, month, unit), so the same options give
//! byte-identical files on every run and platform.
//!
//! The estate is 翠湖花园: buildings `1栋`, `2栋`, … with units keyed
//! `B-E-FRR` (building, 单元 entrance, floor and room: `3-2-1502`, `5-1-301`).
//! The last month is filled up to its 27th day (the "as of" day of the demo),
//! and nothing in the records happens after 18:00 of that day.
//!
//! Existing files of the same names are overwritten; nothing else in the
//! content directory is touched or removed.
//!
//! The generator is split along its steps: `rng` (the seeded streams),
//! `time` (day and minute numbers, the demo's months), `estate` (the
//! buildings and units), `fees` (bills and payments across months),
//! `records` (one month's tickets, complaints, visits, surveys,
//! inspections, lost-and-found and meetings), `routines` (the daily work
//! log and the analysis meetings it plans), `notices` (synthetic notices
//! for benchmarks), `words` (word lists and the people drawn from them)
//! and `write` (the YAML text of every file).
//!
//! Free text is written through the crate's one YAML quoter,
//! [`crate::yaml::emit`], in its [`Words`](crate::yaml::emit::Style::Words)
//! style (the rule the demo has always used, so its files stay byte for
//! byte what they were). Fixed vocabulary (categories, channels, unit keys,
//! ids, dates, amounts) is written as is: it is plain by construction, and
//! generated estates are read back by the loader in the integration tests
//! (`tests/hardening.rs`, `tests/portfolio.rs`; `content/` is demo output too).
//!
//! The demo keeps its own small record structs rather than
//! [`crate::records`]' types: those carry source positions (`Spanned`), parsed
//! dates and owned strings for what a clerk wrote, while the generator needs
//! unit indexes, minute numbers, template references and person keys (a name
//! and phone are drawn from a key only when written). Building records'
//! types here would mean inventing positions and formatting every value
//! twice; reading generated estates back (above) is what ties the two together.

use std::io;
use std::path::Path;

/// `writeln!` into a `String`, which cannot fail.
macro_rules! out {
    ($s:expr) => {{
        $s.push('\n');
    }};
    ($s:expr, $($t:tt)*) => {{
        let _ = writeln!($s, $($t)*);
    }};
}

mod estate;
mod fees;
mod notices;
mod records;
mod rng;
mod routines;
mod time;
mod words;
mod write;

use estate::Estate;
use write::{inspections_yaml, lost_found_yaml, meetings_yaml, site_yaml, worklog_yaml};

/// Options for [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of units (户) in `households.yaml`; at least 1.
    pub units: u32,
    /// Number of months with records, ending with `last_month`; at least 1.
    pub months: u32,
    /// Seed of the generator: the same options give byte-identical files.
    pub seed: u64,
    /// The last month with records, `(year, month)`; it is filled up to its 27th day.
    pub last_month: (i32, u32),
    /// Number of extra synthetic notices `notices/gen-NNNNN.md` (0 = none).
    pub notices: u32,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { units: 600, months: 15, seed: 1, last_month: (2026, 11), notices: 0 }
    }
}

/// Writes `site.yaml`, `households.yaml` and `records/YYYY-MM/*.yaml` (all
/// eight kinds) into `content_dir`, plus `notices` synthetic notices
/// `notices/gen-NNNNN.md`. Returns the number of files written.
///
/// Bills prepaid for months after `last_month` are written to those months'
/// folders, holding only `fees.yaml` with bills. Options out of range
/// (no units, no months, a month outside 1–12) are an `InvalidInput` error.
pub fn generate(opts: &DemoOptions, content_dir: &Path) -> io::Result<usize> {
    let estate = Estate::new(opts)?;
    let ledger = estate.ledger();
    let mut files = Files { root: content_dir, count: 0 };
    let last = estate.months.last().expect("at least one month");
    files.write("site.yaml", &site_yaml(&format!("{:04}-{:02}-{:02}", last.y, last.m, last.last)))?;
    files.write("households.yaml", &estate.households_yaml())?;
    for mon in &estate.months {
        let data = estate.month(mon);
        let dir = format!("records/{}", mon.label());
        files.write(&format!("{dir}/tickets.yaml"), &estate.tickets_yaml(&data.tickets))?;
        files.write(&format!("{dir}/complaints.yaml"), &estate.complaints_yaml(&data.complaints))?;
        files.write(&format!("{dir}/visits.yaml"), &estate.visits_yaml(&data.visits))?;
        files.write(&format!("{dir}/surveys.yaml"), &estate.surveys_yaml(&data.surveys))?;
        files
            .write(&format!("{dir}/fees.yaml"), &estate.fees_yaml(&ledger.bills[mon.idx], &ledger.payments[mon.idx]))?;
        files.write(&format!("{dir}/inspections.yaml"), &inspections_yaml(&data.inspections))?;
        files.write(&format!("{dir}/lost-found.yaml"), &lost_found_yaml(&data.lost))?;
        files.write(&format!("{dir}/meetings.yaml"), &meetings_yaml(&data.meetings))?;
        files.write(&format!("{dir}/worklog.yaml"), &worklog_yaml(&estate.worklogs(mon, &data.tickets)))?;
    }
    for (idx, bills) in ledger.bills.iter().enumerate().skip(estate.months.len()) {
        if !bills.is_empty() {
            let label = estate.period_label(idx);
            files.write(&format!("records/{label}/fees.yaml"), &estate.fees_yaml(bills, &[]))?;
        }
    }
    for k in 1..=opts.notices {
        files.write(&format!("notices/gen-{k:05}.md"), &estate.synthetic_notice(k, opts.notices))?;
    }
    Ok(files.count)
}

/// Writes files under the content directory and counts them.
struct Files<'a> {
    root: &'a Path,
    count: usize,
}

impl Files<'_> {
    fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text)?;
        self.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
