//! The parse cache: each record file's parsed records, stored in binary.
//!
//! Parsing YAML is the expensive part of a build. A cache entry is keyed by
//! a 128-bit hash of everything the parse depends on — the program version,
//! the file's bytes, its display path and the site settings — so a changed
//! file, a new wuye or a changed `site.yaml` simply misses. Checks across
//! files never come from the cache: they run on every build. An entry
//! carries a checksum of its contents; one that fails it or does not decode
//! (corrupt, truncated, older format) is a miss and is rewritten, never trusted.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::Xxh3;

/// Cache format marker; bump when the stored types change shape.
const FORMAT: &str = "wuye-cache-5";

/// Bytes before an entry's payload: the key (16), then the payload's checksum (8).
const HEADER: usize = 24;

/// Where cache entries go, or nothing (`--no-cache`).
#[derive(Clone, Debug, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
}

/// A hash of everything one parse depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(pub u128);

impl Key {
    /// Hashes the parts (program version and format are always included).
    pub fn of(parts: &[&[u8]]) -> Key {
        let build = build_id().to_le_bytes();
        let fixed: [&[u8]; 3] = [FORMAT.as_bytes(), env!("CARGO_PKG_VERSION").as_bytes(), &build];
        let all: Vec<&[u8]> = fixed.iter().chain(parts).copied().collect();
        Key(crate::incremental::Fingerprint::of(&all).0)
    }
}

/// Identifies this very binary (size and modification time of the executable),
/// so a rebuilt wuye never trusts entries written by an older build of the same version.
fn build_id() -> u64 {
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        let len = meta.as_ref().map_or(0, |m| m.len());
        let mtime = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        len ^ mtime.rotate_left(17)
    })
}

impl Cache {
    /// A cache in `dir` (created on first write).
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: Some(dir.into()) }
    }

    /// No cache at all.
    pub fn none() -> Cache {
        Cache { dir: None }
    }

    /// The entry file of a slot (a record file's path). Named by the slot
    /// alone, so a new wuye overwrites the entries of the old one instead of
    /// leaving them behind; the key inside tells them apart.
    fn entry(&self, slot: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let name = format!("{:032x}.bin", xxhash_rust::xxh3::xxh3_128(slot.as_bytes()));
        Some(dir.join("records").join(name))
    }

    /// The stored value for `slot` if it was stored under `key`, its checksum
    /// holds and it decodes to the end.
    pub fn get<T: DeserializeOwned>(&self, slot: &str, key: Key) -> Option<T> {
        let path = self.entry(slot)?;
        let bytes = fs::read(path).ok()?;
        if bytes.len() < HEADER || bytes[..16] != key.0.to_le_bytes() {
            return None;
        }
        let payload = &bytes[HEADER..];
        if bytes[16..HEADER] != xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes() {
            return None;
        }
        match postcard::take_from_bytes(payload) {
            Ok((value, [])) => Some(value),
            _ => None,
        }
    }

    /// Whether an entry for `slot` was stored under `key` (reads only its first 16 bytes).
    pub fn has(&self, slot: &str, key: Key) -> bool {
        use std::io::Read;
        let Some(path) = self.entry(slot) else { return false };
        let mut head = [0u8; 16];
        fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == key.0.to_le_bytes()
    }

    /// Stores a value; failures are ignored (the cache is only an optimisation).
    /// The value is serialised straight into the file (never whole in memory),
    /// checksummed on the way; the checksum goes into the header last.
    pub fn put<T: Serialize>(&self, slot: &str, key: Key, value: &T) {
        use std::io::{Seek, SeekFrom, Write};
        let Some(path) = self.entry(slot) else { return };
        let _ = write_atomic(&path, |file| {
            let mut w = std::io::BufWriter::new(&mut *file);
            w.write_all(&key.0.to_le_bytes())?;
            w.write_all(&[0; HEADER - 16])?;
            let mut hashing = Hashing { inner: &mut w, hash: Xxh3::new() };
            postcard::to_io(value, &mut hashing).map_err(std::io::Error::other)?;
            let sum = hashing.hash.digest();
            w.flush()?;
            drop(w);
            file.seek(SeekFrom::Start(16))?;
            file.write_all(&sum.to_le_bytes())
        });
    }
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hash: Xxh3,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a temporary file beside `path`, then renames it over `path`.
fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut tempfile::NamedTempFile) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().expect("entries live in a folder");
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    write(&mut tmp)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_replaces_the_entry_of_its_slot() {
        let t = tempfile::tempdir().unwrap();
        let c = Cache::at(t.path());
        c.put("content/records/2026-10/tickets.yaml", Key::of(&[b"old"]), &1u32);
        c.put("content/records/2026-10/tickets.yaml", Key::of(&[b"new"]), &2u32);
        assert_eq!(
            fs::read_dir(t.path().join("records")).unwrap().count(),
            1,
            "one entry per file, whatever the version"
        );
        assert_eq!(c.get::<u32>("content/records/2026-10/tickets.yaml", Key::of(&[b"new"])), Some(2));
        assert_eq!(c.get::<u32>("content/records/2026-10/tickets.yaml", Key::of(&[b"old"])), None);
    }

    #[test]
    fn corrupt_or_stale_entries_miss() {
        let t = tempfile::tempdir().unwrap();
        let c = Cache::at(t.path());
        let k = Key::of(&[b"abc"]);
        c.put("a", k, &vec![1u32, 2, 3]);
        assert_eq!(c.get::<Vec<u32>>("a", k), Some(vec![1, 2, 3]));
        assert_eq!(c.get::<Vec<u32>>("a", Key::of(&[b"abd"])), None);
        let entry = c.entry("a").unwrap();
        let mut bytes = fs::read(&entry).unwrap();
        let whole = bytes.clone();
        bytes.truncate(18);
        fs::write(&entry, bytes).unwrap();
        assert_eq!(c.get::<Vec<u32>>("a", k), None);
        // A flipped bit in the payload still decodes as some Vec<u32>: the checksum catches it.
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 1;
        fs::write(&entry, &flipped).unwrap();
        assert!(postcard::from_bytes::<Vec<u32>>(&flipped[HEADER..]).is_ok());
        assert_eq!(c.get::<Vec<u32>>("a", k), None);
        // Trailing bytes after a valid value are corruption too.
        let mut longer = whole;
        longer.push(0);
        fs::write(&entry, &longer).unwrap();
        assert_eq!(c.get::<Vec<u32>>("a", k), None);
    }
}
