//! What a rebuild may reuse: the one place that says what a page depends on
//! and what changed since the last build, with one hash (XXH3, 128 bits).
//!
//! Four things are kept between `serve` rebuilds, all in `build::Kept`:
//! - the record-derived pages and home figures ([`crate::site::RenderMemo`]),
//!   each page with the last month of records it reads;
//! - every rendered page with the [`Fingerprint`] of its template context
//!   ([`Pages`]): a page whose context did not change is not rendered again;
//! - the privacy guard's index of personal values ([`crate::privacy::Values`]),
//!   keyed by the records' [`Stamps`];
//! - per record file, what its parse gave ([`crate::records::load::Reload`]),
//!   so a save re-parses only the saved files (keyed by the file's content
//!   [`Fingerprint`], as the on-disk parse cache is).
//!
//! Identity is always by content, never by pointer or modification time:
//! `serve` reuses the records' memory after an edit, and editors save files
//! in several steps.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3;

use crate::scalars::Month;

/// A 128-bit content hash (XXH3): equal fingerprints are taken as equal content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub u128);

impl Fingerprint {
    /// The fingerprint of byte strings, each length-prefixed (so `["ab", "c"]` ≠ `["a", "bc"]`).
    pub fn of(parts: &[&[u8]]) -> Fingerprint {
        let mut h = Xxh3::new();
        for p in parts {
            h.update(&(p.len() as u64).to_le_bytes());
            h.update(p);
        }
        Fingerprint(h.digest128())
    }

    /// The fingerprint of anything hashable (through [`FingerprintHasher`]).
    pub fn of_hash(value: &impl Hash) -> Fingerprint {
        let mut h = FingerprintHasher::default();
        value.hash(&mut h);
        h.finish128()
    }

    /// The fingerprint of a serialisable value (its JSON text, written straight into the hash).
    pub fn of_serialized(value: &impl serde::Serialize) -> Fingerprint {
        let mut w = HashWriter(Xxh3::new());
        // Writing into a hash cannot fail; a value that cannot serialise hashes what was written.
        let _ = serde_json::to_writer(&mut w, value);
        Fingerprint(w.0.digest128())
    }
}

/// Hashes a template value in a canonical order: Tera's maps are hash maps
/// whose order changes from one build to the next, so they are hashed with
/// their keys sorted. Strings marked safe (not escaped) hash apart from others.
pub fn hash_template_value(v: &tera::Value, h: &mut FingerprintHasher) {
    if let Some(map) = v.as_map() {
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        h.write(b"{");
        h.write_usize(entries.len());
        for (k, v) in entries {
            k.to_string().hash(h);
            hash_template_value(v, h);
        }
    } else if let Some(items) = v.as_array() {
        h.write(b"[");
        h.write_usize(items.len());
        items.iter().for_each(|v| hash_template_value(v, h));
    } else {
        (v.name(), v.is_safe()).hash(h);
        let mut w = HashWriter(Xxh3::new());
        let _ = serde_json::to_writer(&mut w, v);
        h.write_u128(w.0.digest128());
    }
}

/// A [`Hasher`] over XXH3 whose full result is a [`Fingerprint`] (`finish` gives its low 64 bits).
#[derive(Default)]
pub struct FingerprintHasher(Xxh3);

impl FingerprintHasher {
    /// The 128-bit result.
    pub fn finish128(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

impl Hasher for FingerprintHasher {
    fn finish(&self) -> u64 {
        self.0.digest()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// An `io::Write` that only hashes.
struct HashWriter(Xxh3);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Each record file (by path) with its month folder and content fingerprint:
/// what the records of one load were made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamps(pub BTreeMap<String, (Month, Fingerprint)>);

/// What changed in the records between two loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// No record file was edited, added or removed.
    Nothing,
    /// The first month whose record files differ: pages reading only earlier months are unchanged.
    From(Month),
}

impl Stamps {
    /// The stamps of a load's record files, from (path, (month, content hash)) pairs
    /// (`Estate::file_stamps`; this module sits below `records`, so it takes the pairs).
    pub fn of<'a>(files: impl Iterator<Item = (&'a String, &'a (Month, u128))>) -> Stamps {
        Stamps(files.map(|(path, (m, h))| (path.clone(), (*m, Fingerprint(*h)))).collect())
    }

    /// One fingerprint for all of them (the privacy index's key).
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_hash(&self.0)
    }

    /// What changed from `self` (the last build) to `now`. A meetings file
    /// counts as changing every month: a meeting's `about` credits it to an
    /// earlier month (the work-standard grid, the half-year's segmentation review).
    pub fn changed(&self, now: &Stamps) -> Changed {
        let edited_or_added = now.0.iter().filter(|(path, stamp)| self.0.get(*path) != Some(*stamp));
        let removed = self.0.iter().filter(|(path, _)| !now.0.contains_key(*path));
        let first = self.0.values().chain(now.0.values()).map(|(m, _)| *m).min();
        let reach = |(path, (m, _)): (&String, &(Month, Fingerprint))| {
            if path.ends_with("meetings.yaml") { first.unwrap_or(*m) } else { *m }
        };
        match edited_or_added.chain(removed).map(reach).min() {
            None => Changed::Nothing,
            Some(m) => Changed::From(m),
        }
    }
}

/// Whether a record-derived page reading records up to month `upto` must be
/// built again when records of month `from` onwards may have changed
/// (`None`: it may read any month / everything changed).
pub fn needed(upto: Option<Month>, from: Option<Month>) -> bool {
    match (upto, from) {
        (Some(u), Some(f)) => u >= f,
        _ => true,
    }
}

/// (internal?, path) → (inputs, bytes).
type PageMap = HashMap<(bool, String), (Fingerprint, std::sync::Arc<Vec<u8>>)>;

/// Rendered pages by (site, path), each with the fingerprint of what it was
/// rendered from (template, context, and everything every page sees: theme,
/// language, date, site settings). Rendering is a pure function of those,
/// so an equal fingerprint gives the same bytes.
#[derive(Default)]
pub struct Pages {
    last: PageMap,
    next: std::sync::Mutex<PageMap>,
    /// Whether pages are remembered at all (a one-off build keeps nothing).
    pub enabled: bool,
    /// Pages taken from here so far in this build.
    reused: std::sync::atomic::AtomicUsize,
    /// How many pages the last build took from here instead of rendering.
    pub last_reused: usize,
}

impl Pages {
    /// The bytes last rendered for this page from the same inputs, if any (and remembers them for the next build).
    pub fn get(&self, internal: bool, path: &str, inputs: Fingerprint) -> Option<Vec<u8>> {
        let key = (internal, path.to_string());
        let (f, bytes) = self.last.get(&key).filter(|(f, _)| *f == inputs)?;
        let out = bytes.as_ref().clone();
        self.reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.next.lock().unwrap_or_else(|e| e.into_inner()).insert(key, (*f, bytes.clone()));
        Some(out)
    }

    /// Remembers what this page rendered to.
    pub fn put(&self, internal: bool, path: &str, inputs: Fingerprint, bytes: &[u8]) {
        if self.enabled {
            let entry = (inputs, std::sync::Arc::new(bytes.to_vec()));
            self.next.lock().unwrap_or_else(|e| e.into_inner()).insert((internal, path.to_string()), entry);
        }
    }

    /// Ends a build: what it rendered (or reused) is what the next one may reuse.
    pub fn finish(&mut self, ok: bool) {
        let next = std::mem::take(self.next.get_mut().unwrap_or_else(|e| e.into_inner()));
        self.last_reused = std::mem::take(self.reused.get_mut());
        self.last = if ok { next } else { HashMap::new() };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month { year: y, month: mo }
    }

    #[test]
    fn fingerprints_separate_parts() {
        assert_ne!(Fingerprint::of(&[b"ab", b"c"]), Fingerprint::of(&[b"a", b"bc"]));
        assert_eq!(Fingerprint::of(&[b"ab"]), Fingerprint::of(&[b"ab"]));
        assert_eq!(Fingerprint::of_hash(&(1u8, "x")), Fingerprint::of_hash(&(1u8, "x")));
        assert_ne!(Fingerprint::of_serialized(&[1, 2]), Fingerprint::of_serialized(&[2, 1]));
    }

    #[test]
    fn the_first_changed_month_is_the_earliest_edit_addition_or_removal() {
        let f = |n: u8| Fingerprint::of(&[&[n]]);
        let old = Stamps(
            [("a".to_string(), (m(2026, 1), f(1))), ("b".to_string(), (m(2026, 3), f(2)))].into_iter().collect(),
        );
        assert_eq!(old.changed(&old), Changed::Nothing);
        let mut edited = old.clone();
        edited.0.insert("b".into(), (m(2026, 3), f(9)));
        assert_eq!(old.changed(&edited), Changed::From(m(2026, 3)));
        let mut removed = old.clone();
        removed.0.remove("a");
        assert_eq!(old.changed(&removed), Changed::From(m(2026, 1)));
        let mut added = old.clone();
        added.0.insert("c".into(), (m(2025, 12), f(3)));
        assert_eq!(old.changed(&added), Changed::From(m(2025, 12)));
        let mut meeting = old.clone();
        meeting.0.insert("records/2026-03/meetings.yaml".into(), (m(2026, 3), f(4)));
        assert_eq!(old.changed(&meeting), Changed::From(m(2026, 1)), "a meeting can credit any earlier month");
        assert!(needed(Some(m(2026, 3)), Some(m(2026, 3))) && !needed(Some(m(2026, 2)), Some(m(2026, 3))));
        assert!(needed(None, Some(m(2026, 3))) && needed(Some(m(2020, 1)), None));
    }

    #[test]
    fn a_page_is_reused_only_from_the_same_inputs_and_only_after_a_good_build() {
        let mut pages = Pages { enabled: true, ..Pages::default() };
        let a = Fingerprint::of(&[b"a"]);
        pages.put(false, "x.html", a, b"one");
        assert_eq!(pages.get(false, "x.html", a), None, "not before the build ends");
        pages.finish(true);
        assert_eq!(pages.get(false, "x.html", a).as_deref(), Some(&b"one"[..]));
        assert_eq!(pages.get(true, "x.html", a), None);
        assert_eq!(pages.get(false, "x.html", Fingerprint::of(&[b"b"])), None);
        pages.finish(false);
        assert_eq!(pages.get(false, "x.html", a), None, "a failed build keeps nothing");
    }
}
