//! Front matter: a fast path for the common flat `key: value` block.
//!
//! Nearly every notice's front matter is a few lines of `key: plain value`.
//! Building a YAML parser and its event stream for each of 10,000 such
//! blocks was a large share of a notices build, so [`parse`] first tries
//! [`flat`], which reads exactly that shape and nothing else, and gives the
//! very tree [`yaml::parse_tree`] would (same scalars, same positions). For
//! anything it is not sure of — quotes, flow lists, block scalars, indented
//! or continued lines, comments, anchors, tags, tabs, carriage returns, odd
//! characters, a key or value that YAML reads specially — it steps aside and
//! the full reader decides, with its own messages. The tests compare both
//! readers on many generated and hand-picked blocks.

use std::borrow::Cow;

use crate::diag::Pos;
use crate::yaml::{self, Kind, Node, Style, YamlError};

/// Reads front matter (as split by `split_front_matter`, which keeps the
/// file's line numbers): the flat fast path when it applies, else the full reader.
pub fn parse(src: &str) -> Result<Option<Node<'_>>, YamlError> {
    match flat(src) {
        Some(node) => Ok(Some(node)),
        None => yaml::parse_tree(src),
    }
}

/// Longest key the fast path takes (YAML limits implicit keys to 1,024 characters).
const MAX_KEY: usize = 64;

/// The mapping of a block made only of `key: value` lines (and empty lines),
/// or `None` when the block is anything else.
pub fn flat(src: &str) -> Option<Node<'_>> {
    let mut entries = Vec::new();
    for (i, line) in src.split_inclusive('\n').enumerate() {
        let line = line.strip_suffix('\n')?;
        if line.is_empty() {
            continue;
        }
        let (key, value, value_col) = entry(line)?;
        let n = i + 1;
        entries.push((
            Node { pos: Pos::new(n, 1), kind: Kind::Scalar(Cow::Borrowed(key), Style::Plain) },
            Node { pos: Pos::new(n, value_col), kind: Kind::Scalar(Cow::Borrowed(value), Style::Plain) },
        ));
    }
    let pos = entries.first()?.0.pos;
    Some(Node { pos, kind: Kind::Map(entries) })
}

/// `key: value` → (key, value, 1-based column of the value), if the line is surely that.
fn entry(line: &str) -> Option<(&str, &str, usize)> {
    let key_len = line.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let key = &line[..key_len];
    if key.is_empty() || key_len > MAX_KEY || !key.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let rest = line[key_len..].strip_prefix(':')?;
    let value = rest.trim_start_matches(' ');
    if value.len() == rest.len() || !plain_value(value) {
        return None;
    }
    // Key and spaces are ASCII, so the byte offset is the character column.
    Some((key, value, line.len() - value.len() + 1))
}

/// Whether `v` is surely one plain scalar, read as its own text.
fn plain_value(v: &str) -> bool {
    let Some(first) = v.chars().next() else {
        return false;
    };
    // YAML indicators that start something other than a plain scalar.
    if "-?:,[]{}#&*!|>'\"%@` ".contains(first) || v.ends_with(' ') {
        return false;
    }
    let mut prev = ' ';
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        let ok = match c {
            // `: ` would start a mapping; ` #` a comment.
            ':' => chars.peek().is_some_and(|n| *n != ' '),
            '#' => prev != ' ',
            ' ' => true,
            c if c.is_ascii() => c.is_ascii_graphic(),
            // Unicode spaces, line separators, BOM, controls and non-characters: leave to the full reader.
            c => !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'),
        };
        if !ok {
            return false;
        }
        prev = c;
    }
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The fast path's tree, printed, equals the full reader's whenever the fast path answers.
    fn agrees(src: &str) -> bool {
        let Some(fast) = flat(src) else {
            return false;
        };
        let full = yaml::parse_tree(src);
        let full = match full {
            Ok(Some(n)) => n,
            other => panic!("fast path took {src:?} but the full reader gave {other:?}"),
        };
        assert_eq!(format!("{fast:?}"), format!("{full:?}"), "on {src:?}");
        true
    }

    #[test]
    fn typical_notices_take_the_fast_path_with_the_full_readers_tree() {
        for src in [
            "\ntitle: 关于2栋电梯维保事项的通知（第1号）\ntype: 电梯维保\ndate: 2025-05-08\n",
            "\ntitle: 停水通知\ntype: 停水停电\ndate: 2025-10-15\nexpires: 2025-10-25\nstarts_at: 2025-10-21 09:00\nends_at: 2025-10-23 17:00\n",
            "\ntitle: x\npinned: true\ndraft: no\nissuer: 物业服务中心\n\n\nexpires: ~\n",
            "\ntitle:   spaced value\nn: 1.5e3\nk: 0x1F\nu: a#b\nv: 08:00:00\nw: a,b]c}d\nx: ...\ny: in'side\n",
        ] {
            assert!(agrees(src), "{src:?} should take the fast path");
        }
    }

    #[test]
    fn anything_unusual_falls_back() {
        for src in [
            "",
            "\n",
            "\n# comment\ntitle: x\n",
            "\ntitle: x # comment\n",
            "\ntitle: 'quoted'\n",
            "\ntitle: \"quoted\"\n",
            "\naffects: [6栋]\n",
            "\naffects:\n  - 6栋\n",
            "\ntitle: a\n  continued\n",
            "\ntitle: |\n  block\n",
            "\ntitle: &a x\nother: *a\n",
            "\ntitle: !!str 1\n",
            "\ntitle:\tx\n",
            "\ntitle: x\t\n",
            "\ntitle: x\r\n",
            "\n\u{FEFF}title: x\n",
            "\ntitle: a: b\n",
            "\ntitle: a:\n",
            "\ntitle:\n",
            "\ntitle: \n",
            "\ntitle: x \n",
            "\ntitle : x\n",
            "\n\"title\": x\n",
            "\n? title\n: x\n",
            "\ntitle: x\u{2028}y\n",
            "\ntitle: x\u{85}y\n",
            "\ntitle: x\u{A0}y\n",
            "\ntitle: - x\n",
            "\ntitle: x\n---\n",
            "\ntitle: x",
            "\n中文: x\n",
        ] {
            assert!(flat(src).is_none(), "{src:?} should fall back");
            // And never a panic on the full path either.
            let _ = parse(src);
        }
    }

    /// Pieces that make YAML read a line differently, mixed with ordinary text.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "title",
            "中文",
            "通知",
            "1",
            "2025-10-21",
            "08:00",
            " ",
            "  ",
            ":",
            ": ",
            " :",
            "#",
            " #",
            "'",
            "\"",
            "-",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a",
            "*a",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "~",
            "null",
            "true",
            "...",
            "---",
            "?",
            "\t",
            "\r",
            "\u{FEFF}",
            "\u{85}",
            "\u{A0}",
            "\u{2028}",
            "\u{3000}",
            "\\",
            "\\n",
            "x",
            "😀",
            "\u{7F}",
        ])
    }

    fn line() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["", " ", "  ", "-", "#", "?"]),
            prop::sample::select(vec!["title", "type", "date", "a_1", "B", "null", "x中", "1a", "", "_k"]),
            prop::sample::select(vec![": ", ":", ":  ", " : ", ":\t", ": "]),
            prop::collection::vec(piece(), 0..6),
        )
            .prop_map(|(indent, key, sep, value)| format!("{indent}{key}{sep}{}", value.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Generated blocks: when the fast path answers, the full reader gives the same tree.
        #[test]
        fn fast_path_equals_full_reader(lines in prop::collection::vec(line(), 1..6), blank in 0usize..3) {
            let mut src = String::from("\n");
            for (i, l) in lines.iter().enumerate() {
                src.push_str(l);
                src.push('\n');
                if i == blank {
                    src.push('\n');
                }
            }
            agrees(&src);
        }

        /// Mostly clean blocks, so the fast path answers often.
        #[test]
        fn clean_blocks_agree(values in prop::collection::vec(prop::collection::vec(piece(), 1..4), 1..6)) {
            let mut src = String::from("\n");
            for (i, v) in values.iter().enumerate() {
                src.push_str(&format!("k{i}: {}\n", v.concat()));
            }
            agrees(&src);
        }

        /// No panic on any text.
        #[test]
        fn no_panic(src in "\\PC*") {
            let _ = parse(&src);
            let _ = flat(&src);
        }
    }
}
