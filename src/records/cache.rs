//! The parse cache: each record file's parsed records, stored in binary.
//!
//! Parsing YAML is the expensive part of a build. A cache entry is keyed by
//! a 128-bit hash of everything the parse depends on — the program version,
//! the file's bytes, its display path and the site settings — so a changed
//! file, a new wuye or a changed `site.yaml` simply misses. Checks across
//! files never come from the cache: they run on every build. An entry that
//! does not decode (corrupt, truncated, older format) is a miss and is
//! rewritten, never trusted.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::Xxh3;

/// Cache format marker; bump when the stored types change shape.
const FORMAT: &str = "wuye-cache-1";

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
        let mut h = Xxh3::new();
        h.update(FORMAT.as_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(&build_id().to_le_bytes());
        for p in parts {
            h.update(&(p.len() as u64).to_le_bytes());
            h.update(p);
        }
        Key(h.digest128())
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

    fn entry(&self, slot: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let name = format!("{:032x}.bin", Key::of(&[slot.as_bytes()]).0);
        Some(dir.join("records").join(name))
    }

    /// The stored value for `slot` if it was stored under `key` and decodes.
    pub fn get<T: DeserializeOwned>(&self, slot: &str, key: Key) -> Option<T> {
        let path = self.entry(slot)?;
        let bytes = fs::read(path).ok()?;
        if bytes.len() < 16 || bytes[..16] != key.0.to_le_bytes() {
            return None;
        }
        postcard::from_bytes(&bytes[16..]).ok()
    }

    /// Whether an entry for `slot` was stored under `key` (reads only its first 16 bytes).
    pub fn has(&self, slot: &str, key: Key) -> bool {
        use std::io::Read;
        let Some(path) = self.entry(slot) else { return false };
        let mut head = [0u8; 16];
        fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == key.0.to_le_bytes()
    }

    /// Stores a value; failures are ignored (the cache is only an optimisation).
    /// The value is serialised straight into the file, never whole in memory.
    pub fn put<T: Serialize>(&self, slot: &str, key: Key, value: &T) {
        use std::io::Write;
        let Some(path) = self.entry(slot) else { return };
        let _ = write_atomic(&path, |w| {
            w.write_all(&key.0.to_le_bytes())?;
            postcard::to_io(value, w).map(|_| ()).map_err(std::io::Error::other)
        });
    }
}

fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut tempfile::NamedTempFile>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().expect("entries live in a folder");
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut w = std::io::BufWriter::new(&mut tmp);
    write(&mut w)?;
    w.flush()?;
    drop(w);
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        bytes.truncate(18);
        fs::write(&entry, bytes).unwrap();
        assert_eq!(c.get::<Vec<u32>>("a", k), None);
    }
}
