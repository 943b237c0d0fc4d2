//! Shared text for values that repeat across millions of records (a bill's
//! unit and item, a payment's method): one allocation per distinct value per
//! file instead of one per record. A 20,000-unit estate holds about 3.3
//! million bills and payments over five years; as separate `String`s their
//! units and items alone took more memory than the records themselves.
//!
//! An [`arcstr::ArcStr`] rather than an `Arc<str>`: one pointer (8 bytes, and
//! `Option<Text>` too) instead of a pointer and a length, which shrinks
//! every bill and payment by 8 bytes per text field (about 90 MB at 20,000
//! units × 60 months).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

use arcstr::ArcStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable, cheaply cloned string (a thin `ArcStr`): reads as `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text(ArcStr);

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(ArcStr::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(ArcStr::from(s))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Read back (from the parse cache) through the same interner as a parse,
/// so a warm build shares text as a cold one does: without it each of the
/// millions of cached bills and payments had its own copy of its unit and item.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct Shared;
        impl serde::de::Visitor<'_> for Shared {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(shared(s))
            }
        }
        d.deserialize_str(Shared)
    }
}

/// Hands out one [`Text`] per distinct value (used while parsing one file).
#[derive(Default)]
pub struct Interner(RefCell<rustc_hash::FxHashSet<Text>>);

impl Interner {
    /// The shared text equal to `s`.
    pub fn get(&self, s: &str) -> Text {
        let mut set = self.0.borrow_mut();
        if let Some(t) = set.get(s) {
            return t.clone();
        }
        let t = Text::from(s);
        set.insert(t.clone());
        t
    }
}

thread_local! {
    /// The values this thread has parsed during the current load (see [`shared`]).
    static SHARED: RefCell<(u32, Interner)> = RefCell::default();
}

/// The current load (see [`new_load`]).
static LOAD: AtomicU32 = AtomicU32::new(0);

/// Starts a load: the values parsed before it are forgotten by every
/// thread as it next parses, so the interners hold one load's values at
/// most (and a long `serve` does not keep old ones).
pub fn new_load() {
    LOAD.fetch_add(1, Ordering::Relaxed);
}

/// The shared text equal to `s` among the values parsed on this thread
/// during this load. Across files, not per file: the same 20,000 units
/// recur in every month's bills and payments, and one text per unit and
/// thread (instead of per unit and file) saves about 40 MB at 20,000 units
/// × 60 months. Bounded by the input: the interner holds only values a
/// parsed record also holds.
pub fn shared(s: &str) -> Text {
    let load = LOAD.load(Ordering::Relaxed);
    SHARED.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.0 != load {
            *cell = (load, Interner::default());
        }
        cell.1.get(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_from_the_cache_are_shared_too() {
        let bytes = postcard::to_stdvec(&vec![Text::from("1-1-101"), Text::from("1-1-101")]).unwrap();
        let back: Vec<Text> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, ["1-1-101", "1-1-101"]);
        assert!(ArcStr::ptr_eq(&back[0].0, &back[1].0));
    }

    #[test]
    fn equal_values_share_one_allocation() {
        let i = Interner::default();
        let (a, b) = (i.get("物业费"), i.get(&String::from("物业费")));
        assert!(ArcStr::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "物业费");
        assert_eq!(a.to_string(), "物业费");
        assert_ne!(i.get("车位管理费"), a);
    }
}
