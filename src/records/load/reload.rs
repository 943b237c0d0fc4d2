//! `serve`'s partial reload: what a full load kept ([`Reload`]) lets a save
//! to a few record files re-parse only those and splice them in.

use super::*;

/// What parsing one record file gave besides its records.
#[derive(Clone)]
pub(super) struct FileMeta {
    pub(super) key: Key,
    pub(super) bytes: u64,
    pub(super) parsed: bool,
    pub(super) broken_keys: BrokenKeys,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) first_record: Option<Pos>,
}

/// What a load knows besides the estate, kept by `serve` so that saving a
/// few record files re-parses only those (see [`reload_records`]).
#[derive(Clone)]
pub struct Reload {
    /// The record files in path order, with what parsing each gave (their
    /// records are in the estate, file by file in this order).
    pub(super) files: Vec<RecordFile>,
    pub(super) metas: Vec<FileMeta>,
    /// Diagnostics and input bytes of site.yaml, households.yaml,
    /// calendar.yaml and the walk of the root.
    pub(super) diags: Vec<Diagnostic>,
    pub(super) bytes: u64,
    pub(super) site_text: String,
    pub(super) site_ok: bool,
    pub(super) household_pos: Vec<Pos>,
    pub(super) hh_display: String,
    pub(super) households_parsed: bool,
    pub(super) broken_units: Vec<String>,
    /// The fee checks of the last load, reused while the fee files are the same.
    pub(super) fee_checks: crate::records::validate::FeeChecks,
}

/// Reloads after saves to record files that already existed: parses only
/// those files again and puts their records in place of the old ones in
/// `prev` (whose records are reused, not copied, when nothing else holds
/// them); everything else comes from `prev` and `reload`, but the Markdown
/// pages, which are read again. Gives `prev` back when a changed path is not
/// one of the known record files (a new, removed or renamed file, or
/// anything else): the caller then loads everything.
pub fn reload_records(
    source: &Source,
    prev: Estate,
    mut reload: Reload,
    changed: &[PathBuf],
    cache: &Cache,
) -> Result<Loaded, Box<Estate>> {
    let t0 = std::time::Instant::now();
    crate::records::text::new_load();
    let canon = |p: &Path| fs::canonicalize(p).ok();
    let known: BTreeMap<PathBuf, usize> =
        reload.files.iter().enumerate().filter_map(|(i, f)| Some((canon(&f.path)?, i))).collect();
    let mut edited = std::collections::BTreeSet::new();
    for p in changed {
        match canon(p).and_then(|c| known.get(&c)) {
            Some(&i) if reload.files[i].path.is_file() => {
                edited.insert(i);
            }
            _ => return Err(Box::new(prev)),
        }
    }
    let site = prev.site;
    let pages = read_pages(source, &site);
    let outs: Vec<(usize, FileOut, u64, Key)> = edited
        .par_iter()
        .map(|&i| {
            let (out, n, key) = load_record_file(&reload.files[i], i, source, &site, &reload.site_text, cache);
            (i, out, n, key)
        })
        .collect();
    let mut records = std::sync::Arc::try_unwrap(prev.records).unwrap_or_else(|shared| (*shared).clone());
    let mut fresh = Records::default();
    for (i, out, n, key) in outs {
        let (r, meta) = out.split(n, key);
        fresh.append(r);
        reload.metas[i] = meta;
    }
    let edited = |f: u32| edited.contains(&(f as usize));
    records.splice(fresh, edited);
    let mut timings = crate::timings::Timings::default();
    timings.since("load: edited record files only", t0);
    Ok(with_timings(timings, finish(source, reload, pages, site, prev.households, prev.calendar, records)))
}
