//! Units (房号) as exports write them: `1-1-0101`, `03-02-1502`,
//! `1栋1单元101室`. A sheet's unit is matched against households.yaml by its
//! formatting-free form, so a zero or a 栋/单元/室 never sends a row to another
//! family's flat, and a did-you-mean never proposes one.

use std::collections::{HashMap, HashSet};

use super::cell::halfwidth;

/// The units of households.yaml, by their formatting-free form.
#[derive(Debug, Default)]
pub struct Units {
    exact: HashSet<String>,
    by_key: HashMap<String, Vec<String>>,
}

/// A unit without formatting: separators unified to `-`, 栋/幢/号楼/单元/室
/// read as separators, leading zeros of each number dropped.
pub fn unit_key(s: &str) -> String {
    let mut t = halfwidth(s).trim().to_ascii_uppercase();
    for w in ["号楼", "栋", "幢", "座", "单元", "楼"] {
        t = t.replace(w, "-");
    }
    for w in ["室", "号", "户"] {
        if let Some(x) = t.strip_suffix(w) {
            t = x.to_string();
        }
    }
    let t = t.replace(['—', '–', '_', '/', ' ', '\u{2212}'], "-");
    t.split('-')
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.bytes().all(|b| b.is_ascii_digit()) {
                let z = p.trim_start_matches('0');
                if z.is_empty() { "0" } else { z }
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

impl Units {
    /// Indexes the households' units.
    pub fn new<'a>(units: impl Iterator<Item = &'a str>) -> Units {
        let mut u = Units::default();
        for s in units {
            if u.exact.insert(s.to_string()) {
                u.by_key.entry(unit_key(s)).or_default().push(s.to_string());
            }
        }
        u
    }

    /// The one household unit `s` writes with other formatting, when `s`
    /// itself is not a unit of households.yaml.
    pub fn canonical(&self, s: &str) -> Option<&str> {
        if self.exact.contains(s) {
            return None;
        }
        match self.equal(s) {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }

    /// The household units equal to `s` but for formatting.
    pub fn equal(&self, s: &str) -> &[String] {
        self.by_key.get(&unit_key(s)).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_is_not_identity() {
        assert_eq!(unit_key("1-1-0101"), "1-1-101");
        assert_eq!(unit_key("03-02-1502"), "3-2-1502");
        assert_eq!(unit_key("1栋1单元101室"), "1-1-101");
        assert_eq!(unit_key("3号楼2单元1502"), "3-2-1502");
        assert_eq!(unit_key("１－１－１０１"), "1-1-101");
        let u = Units::new(["1-1-101", "1-1-1001", "3-2-1502"].into_iter());
        assert_eq!(u.canonical("1-1-0101"), Some("1-1-101"));
        assert_eq!(u.canonical("03-02-1502"), Some("3-2-1502"));
        assert_eq!(u.canonical("1-1-101"), None);
        assert_eq!(u.canonical("1-1-102"), None);
    }
}
