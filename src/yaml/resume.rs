//! Reading on after a syntax error, so one `wuye check` shows every slip.
//!
//! The parser cannot continue past an error. When it stops, the record it
//! was in is skipped (not guessed): parsing starts again at the next line
//! that begins a record (`- ` at the records' indentation) or a top-level
//! key (`payments:` in fees.yaml), with positions mapped back to the file.
//! Records between the last one delivered and the broken one are read again
//! on their own, so a slip on a record's first line loses only that record.

use std::borrow::Cow;

use super::slips::{Layout, SlipKind};
use super::{ErrorKind, Item, Kind, Node, YamlError, stream};
use crate::diag::Pos;

/// Most syntax errors reported for one file; past this the rest is not read.
pub const MAX_SYNTAX_ERRORS: usize = 100;

/// Like [`stream`], but after a syntax error skips the broken record and
/// goes on. Returns whether the file held a document and every error found.
pub fn stream_all<'a>(src: &'a str, f: impl FnMut(Item<'a>)) -> (bool, Vec<YamlError>) {
    let mut out = Held { f, held: None, last: 0 };
    let first = stream(src, |it| out.push(it));
    let mut e = match first {
        Ok(b) => {
            out.flush();
            return (b, Vec::new());
        }
        Err(e) => e,
    };
    let layout = Layout::of(src);
    let mut errors = Vec::new();
    loop {
        if !matches!(e.kind, ErrorKind::Syntax(_) | ErrorKind::Tab(_)) {
            errors.push(e);
            break;
        }
        let (explained, skip_from, after) = explain_at(src, &layout, e);
        errors.push(explained);
        // A record the parser closed early (at a dedent) belongs to the broken one.
        out.settle(skip_from);
        if errors.len() >= MAX_SYNTAX_ERRORS {
            break;
        }
        // Records read fine but not yet handed over (the parser stopped at their end).
        if let Some(u) = (out.last + 1..skip_from).find(|&n| layout.is_boundary(src, n))
            && let Err(e2) = reparse(src, &layout, u, skip_from, &mut out)
        {
            let (explained, _, _) = explain_at(src, &layout, e2);
            errors.push(explained);
            out.settle(usize::MAX);
        }
        out.flush();
        // A broken section header skips its whole section.
        let section = layout.is_top_key(src, skip_from);
        let resume = (after + 1..=layout.lines())
            .find(|&n| layout.is_top_key(src, n) || (!section && layout.is_boundary(src, n)));
        let Some(r) = resume else { break };
        // Everything before `r` has been read or skipped.
        out.last = out.last.max(r - 1);
        match reparse(src, &layout, r, layout.lines() + 1, &mut out) {
            Ok(()) => break,
            Err(e2) => e = e2,
        }
    }
    out.flush();
    (true, errors)
}

/// Hands items over one step late, so a record the parser finished just
/// before failing (it ends a map at a dedent such as a full-width space) can
/// still be dropped as part of the broken record.
struct Held<'a, F: FnMut(Item<'a>)> {
    f: F,
    held: Option<Item<'a>>,
    /// The last file line an item was handed over (or skipped) at.
    last: usize,
}

impl<'a, F: FnMut(Item<'a>)> Held<'a, F> {
    fn push(&mut self, it: Item<'a>) {
        self.last = self.last.max(item_line(&it));
        if let Some(h) = self.held.replace(it) {
            (self.f)(h)
        }
    }
    fn flush(&mut self) {
        if let Some(h) = self.held.take() {
            (self.f)(h)
        }
    }
    /// Drops the held record if it starts at or after `broken` (the broken record's first line).
    fn settle(&mut self, broken: usize) {
        let drop =
            matches!(&self.held, Some(Item::SeqItem(_, n) | Item::SeqEntryItem(_, n)) if n.pos.line as usize >= broken);
        if drop {
            self.held = None;
        } else {
            self.flush();
        }
    }
}

/// A parser error made plain: a recognised slip replaces the parser's words.
pub fn explain(src: &str, e: YamlError) -> YamlError {
    if !matches!(e.kind, ErrorKind::Syntax(_) | ErrorKind::Tab(_)) {
        return e;
    }
    explain_at(src, &Layout::of(src), e).0
}

/// The explained error, the first line of the record to skip, and the last
/// line known to be broken.
fn explain_at(src: &str, layout: &Layout, e: YamlError) -> (YamlError, usize, usize) {
    let err_line = (e.pos.line as usize).clamp(1, layout.lines());
    let rec_start = (1..=err_line).rev().find(|&n| layout.is_boundary(src, n)).unwrap_or(1);
    let Some(slip) = layout.find_slip(src, rec_start, err_line) else {
        return (e, rec_start, err_line);
    };
    let line = slip.pos.line as usize;
    let skip_from = match slip.kind {
        SlipKind::NotAListItem if line > rec_start => line,
        // The line belongs to the record above it: skip that record whole.
        SlipKind::UnderIndented => (1..line).rev().find(|&n| layout.is_boundary(src, n)).unwrap_or(1),
        _ => rec_start,
    };
    let e = YamlError { pos: slip.pos, kind: ErrorKind::Slip(slip.kind, slip.fixed) };
    (e, skip_from.min(line), err_line.max(line))
}

fn item_line(it: &Item) -> usize {
    let p = match it {
        Item::TopScalar(n) | Item::SeqItem(_, n) | Item::SeqEntryItem(_, n) => n.pos,
        Item::Entry(k, _) | Item::SeqEntry(k, _) => k.pos,
    };
    p.line as usize
}

/// Parses lines `from..to` (1-based, `to` excluded) on their own, under the
/// top-level key they belong to, handing items over with file positions.
fn reparse<'a, F: FnMut(Item<'a>)>(
    src: &'a str,
    layout: &Layout,
    from: usize,
    to: usize,
    out: &mut Held<'a, F>,
) -> Result<(), YamlError> {
    let start = layout.starts[from - 1];
    let end = layout.starts.get(to - 1).copied().unwrap_or(src.len());
    let header = if layout.top_keys && !layout.is_top_key(src, from) {
        (1..from).rev().find(|&n| layout.is_top_key(src, n))
    } else {
        None
    };
    let text: Cow<str> = match header {
        Some(k) => Cow::Owned(format!("{}\n{}", layout.line(src, k), &src[start..end])),
        None => Cow::Borrowed(&src[start..end]),
    };
    let map = |l: u32| -> u32 {
        match header {
            Some(k) if l == 1 => k as u32,
            Some(_) => from as u32 + l - 2,
            None => from as u32 + l - 1,
        }
    };
    let header_seen = header.is_some_and(|k| k <= out.last);
    let res = stream(&text, |it| {
        let it = match it {
            Item::TopScalar(n) => Item::TopScalar(owned(n, &map)),
            Item::SeqItem(i, n) => Item::SeqItem(i, owned(n, &map)),
            Item::SeqEntryItem(i, n) => Item::SeqEntryItem(i, owned(n, &map)),
            Item::Entry(k, v) => Item::Entry(owned(k, &map), owned(v, &map)),
            Item::SeqEntry(k, p) => {
                if header_seen && Some(map(k.pos.line) as usize) == header {
                    return; // announced before the error
                }
                Item::SeqEntry(owned(k, &map), Pos { line: map(p.line), col: p.col })
            }
        };
        out.push(it)
    });
    res.map(|_| ()).map_err(|e| YamlError { pos: Pos { line: map(e.pos.line.max(1)), col: e.pos.col }, kind: e.kind })
}

/// A node copied out of the re-parsed text, its lines mapped back to the file.
fn owned<'b>(n: Node<'_>, map: &impl Fn(u32) -> u32) -> Node<'b> {
    let pos = Pos { line: map(n.pos.line), col: n.pos.col };
    let kind = match n.kind {
        Kind::Scalar(s, st) => Kind::Scalar(Cow::Owned(s.into_owned()), st),
        Kind::Seq(v) => Kind::Seq(v.into_iter().map(|x| owned(x, map)).collect()),
        Kind::Map(v) => Kind::Map(v.into_iter().map(|(k, x)| (owned(k, map), owned(x, map))).collect()),
    };
    Node { pos, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Got = (Vec<(u32, String)>, Vec<(Pos, ErrorKind)>);

    fn run(src: &str) -> Got {
        let mut got = Vec::new();
        let (_, errs) = stream_all(src, |it| {
            if let Item::SeqItem(_, n) | Item::SeqEntryItem(_, n) = it
                && let Kind::Map(e) = &n.kind
            {
                got.push((n.pos.line, e[0].1.scalar().unwrap_or("").to_string()));
            }
        });
        (got, errs.into_iter().map(|e| (e.pos, e.kind)).collect())
    }

    #[test]
    fn two_slips_are_both_reported_and_good_records_kept() {
        let src = "- id: a\n  x: 1\n- id: b\n  channel： 微信\n- id: c\n  x: 1\n- id: d\n  channel:电话\n- id: e\n";
        let (got, errs) = run(src);
        assert_eq!(got, vec![(1, "a".into()), (5, "c".into()), (9, "e".into())]);
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].0, Pos::new(4, 10));
        assert!(matches!(errs[0].1, ErrorKind::Slip(SlipKind::FullWidthColon, ref f) if f == "  channel: 微信"));
        assert_eq!(errs[1].0, Pos::new(8, 10));
        assert!(matches!(errs[1].1, ErrorKind::Slip(SlipKind::NoSpaceAfterColon, _)));
    }

    #[test]
    fn a_record_line_without_dash_loses_only_that_record() {
        let src = "- id: a\n  x: 1\n-id: b\n  y: 2\n- id: c\n";
        let (got, errs) = run(src);
        assert_eq!(got, vec![(1, "a".into()), (5, "c".into())]);
        assert_eq!(errs.len(), 1);
        assert!(matches!(errs[0].1, ErrorKind::Slip(SlipKind::NotAListItem, ref f) if f == "- id: b"));
    }

    #[test]
    fn fees_sections_resume_under_their_key() {
        let src = "bills:\n  - unit: a\n  - unit: b\n    item:物业费\n  - unit: c\npayments:\n  - unit: d\n";
        let mut got = Vec::new();
        let (_, errs) = stream_all(src, |it| match it {
            Item::SeqEntry(k, _) => got.push(format!("{}@{}", k.scalar().unwrap(), k.pos.line)),
            Item::SeqEntryItem(_, n) => got.push(format!("item@{}", n.pos.line)),
            _ => {}
        });
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(got, vec!["bills@1", "item@2", "item@5", "payments@6", "item@7"]);
    }
}
