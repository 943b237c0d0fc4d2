//! Reading a content directory: walk, read, parse every file (in parallel).
//!
//! Files are read with a size cap, checked for UTF-8 (a BOM is accepted and
//! not counted), and parsed one record at a time. A file that does not parse
//! gives one syntax error; everything else is reported per record.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{Cache, Key};
use super::parse::{self, Rules};
use super::*;
use crate::calendar::{self, YearDays};
use crate::config::{self, Site};
use crate::diag::{Code, Diagnostic, Diags, did_you_mean};
use crate::i18n::{Lang, Msg, msg, tr};
use crate::yaml::fields::Ctx;
use crate::yaml::{self, Item, Node};

mod pages;
mod record_file;
mod reload;
mod root;
mod text;
mod walk;

pub use pages::load_pages;
use pages::*;
pub use record_file::parse_bytes;
use record_file::*;
use reload::*;
pub use reload::{Reload, reload_records};
use root::*;
use text::*;
pub use text::{read_text, split_front_matter};
use walk::*;

/// Largest file accepted (128 MiB). A valid 100 MB record file loads; a
/// larger one is refused before it is read, so memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

const ROOT_ENTRIES: &[&str] =
    &["site.yaml", "households.yaml", "calendar.yaml", "roles", "notices", "bulletins", "static", "records"];

/// Where to read from and how to name paths in messages.
pub struct Source {
    /// The content directory on disk.
    pub dir: PathBuf,
    /// The `--content` argument as given (messages join paths onto it).
    pub display: String,
}

impl Source {
    /// A source whose display prefix is the path as given.
    pub fn new(dir: impl Into<PathBuf>) -> Source {
        let dir = dir.into();
        let display = dir.to_string_lossy().trim_end_matches('/').to_string();
        Source { dir, display }
    }
    /// The display path of `rel` inside the content directory.
    pub fn show(&self, rel: &str) -> String {
        if self.display.is_empty() || self.display == "." { rel.to_string() } else { format!("{}/{rel}", self.display) }
    }
}

/// What loading produced: the estate (when site.yaml could be read) and every diagnostic.
pub struct Loaded {
    /// The estate; records with errors are left out of it.
    pub estate: Option<Estate>,
    /// Every problem found, sorted by path and position.
    pub diags: Vec<Diagnostic>,
    /// Total bytes of input read.
    pub bytes: u64,
    /// What `serve` keeps to reload a few record files (after a full load).
    pub reload: Option<Reload>,
    /// How long each phase took.
    pub timings: crate::timings::Timings,
}

/// Loads and validates a whole content directory, without a parse cache.
pub fn load(source: &Source) -> Loaded {
    load_with(source, &Cache::none())
}

/// Loads and validates a whole content directory; record files whose parse
/// is in `cache` are not parsed again.
pub fn load_with(source: &Source, cache: &Cache) -> Loaded {
    let t0 = std::time::Instant::now();
    super::text::new_load();
    let mut diags = Diags::default();
    let mut bytes = 0u64;
    let root_canon = fs::canonicalize(&source.dir).unwrap_or_else(|_| source.dir.clone());
    let (site, site_text, site_ok) = read_site(source, &root_canon, &mut diags, &mut bytes);
    let lang = site.lang;
    let record_files = walk_root(source, &root_canon, lang, &mut diags);
    let hh = read_households(source, &root_canon, lang, &mut diags, &mut bytes);
    let calendar = read_calendar(source, &root_canon, lang, &mut diags, &mut bytes);
    let pages = read_pages(source, &site);

    // Record files, in parallel, merged in path order.
    let mut timings = crate::timings::Timings::default();
    timings.since("load: site, households, calendar, pages", t0);
    let t1 = std::time::Instant::now();
    let outs: Vec<(FileOut, u64, Key)> = record_files
        .par_iter()
        .enumerate()
        .map(|(i, f)| load_record_file(f, i, source, &site, &site_text, cache))
        .collect();
    let mut records =
        Records { files: record_files.iter().map(|f| source.show(&f.rel)).collect(), ..Records::default() };
    let mut months: Vec<Month> = record_files.iter().map(|f| f.folder).collect();
    months.dedup();
    records.months = months;
    let mut metas = Vec::with_capacity(outs.len());
    records.reserve_for(outs.iter().map(|o| &o.0.records));
    for (out, n, key) in outs {
        let (r, meta) = out.split(n, key);
        records.append(r);
        metas.push(meta);
    }
    timings.since("load: record files (parse or cache)", t1);
    let reload = Reload {
        files: record_files,
        metas,
        diags: diags.list,
        bytes,
        site_text,
        site_ok,
        household_pos: hh.positions,
        hh_display: hh.display,
        households_parsed: hh.parsed,
        broken_units: hh.broken_units,
        fee_checks: validate::FeeChecks::default(),
    };
    with_timings(timings, finish(source, reload, pages, site, hh.list, calendar, records))
}

/// `loaded` with `first`'s phases before its own.
fn with_timings(mut first: crate::timings::Timings, mut loaded: Loaded) -> Loaded {
    first.extend(std::mem::take(&mut loaded.timings));
    loaded.timings = first;
    loaded
}

/// The end of every load: the estate from its parts, the calendar-coverage
/// warnings, the checks across files, every diagnostic sorted.
fn finish(
    source: &Source,
    reload: Reload,
    pages: Pages,
    site: Site,
    households: Vec<Household>,
    calendar: calendar::Calendar,
    records: Records,
) -> Loaded {
    let t2 = std::time::Instant::now();
    let lang = site.lang;
    let mut list = reload.diags.clone();
    list.extend(pages.diags);
    let mut bytes = reload.bytes + pages.bytes;
    let mut parsed_ok = validate::Parsed::default();
    for (i, (f, m)) in reload.files.iter().zip(&reload.metas).enumerate() {
        bytes += m.bytes;
        parsed_ok.broken_record_units.extend(m.broken_keys.units.iter().map(|u| (i as u32, u.clone())));
        list.extend(m.diags.iter().cloned());
        if !m.parsed {
            parsed_ok.unparsed.insert(f.kind);
        }
        let ids = m.broken_keys.ids.iter().map(|id| (i as u32, id.clone()));
        match f.kind {
            RecordKind::Tickets => parsed_ok.broken_tickets.extend(ids),
            RecordKind::Complaints => parsed_ok.broken_complaints.extend(ids),
            RecordKind::LostFound => parsed_ok.broken_lost.extend(ids),
            RecordKind::Fees => parsed_ok.broken_bills.extend(m.broken_keys.bills.iter().cloned()),
            _ => {}
        }
    }
    parsed_ok.households = reload.households_parsed;
    parsed_ok.broken_units = reload.broken_units.clone();
    parsed_ok.role_files = pages.role_files;

    // Calendar coverage: one warning per uncovered year, at its first record.
    let mut warned = std::collections::BTreeSet::new();
    for (f, m) in reload.files.iter().zip(&reload.metas) {
        let y = f.folder.year;
        if calendar.covers(y) || warned.contains(&y) {
            continue;
        }
        let Some(pos) = m.first_record else {
            continue;
        };
        warned.insert(y);
        list.push(
            Diagnostic::new(
                Code::CalendarMissing,
                source.show(&f.rel),
                pos,
                tr!(
                    lang,
                    "{y} 年没有节假日日历，工作日按周一至周五计算",
                    "no holiday calendar for {y}: working days are Monday to Friday"
                ),
            )
            .with_help(tr!(
                lang,
                "在 calendar.yaml 中加入 {y}: 的 holidays 和 workdays",
                "add {y}: with holidays and workdays to calendar.yaml"
            )),
        );
    }

    let record_stamps = reload.files.iter().zip(&reload.metas).map(|(f, m)| (f.folder, m.key.0)).collect();
    let mut estate = Estate {
        site,
        households,
        calendar,
        roles: pages.roles,
        notices: pages.notices,
        bulletins: pages.bulletins,
        records: records.into(),
        static_files: pages.static_files,
        record_stamps,
    };
    let fee_files: Vec<(&str, u128)> = (reload.files.iter().zip(&reload.metas))
        .filter(|(f, _)| f.kind == RecordKind::Fees)
        .map(|(f, m)| (f.rel.as_str(), m.key.0))
        .collect();
    let fee_files = crate::incremental::Fingerprint::of_hash(&fee_files);
    let mut reload = reload;
    let (pos, hh) = (&reload.household_pos, &reload.hh_display);
    list.extend(validate::validate(&mut estate, pos, &parsed_ok, hh, &mut reload.fee_checks, fee_files));
    crate::diag::sort(&mut list);
    let mut timings = crate::timings::Timings::default();
    timings.since("validate: across files", t2);
    let site_ok = reload.site_ok;
    Loaded { estate: site_ok.then_some(estate), diags: list, bytes, reload: Some(reload), timings }
}
