//! YAML reading: the parser's events turned into small positioned trees.
//!
//! We use `granit-parser`, the pure-Rust, safe event parser under
//! serde-saphyr, rather than a serde deserializer, because a clerk needs
//! *every* problem with its exact line and column: unknown keys, repeated
//! keys, bad values, missing fields. Owning the event-to-tree step lets one
//! record be checked field by field and keeps positions for checks that run
//! after parsing (dangling units, wrong month folder).
//!
//! Guarantees, whatever the input:
//! - memory is bounded: every node an alias copies, and every node kept
//!   for an anchor, counts against [`MAX_ALIAS_NODES`], so a "billion
//!   laughs" file is refused after a few megabytes of work, whatever its size;
//! - nesting deeper than [`MAX_DEPTH`] is refused without recursion;
//! - the top-level sequence (or a sequence under a top-level key) is handed
//!   over one item at a time, so a 100 MB file never exists as one tree.

use crate::i18n::Msg;
use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle};

use crate::diag::Pos;

pub mod emit;
pub mod fields;
mod resume;
pub mod slips;

/// A value with the position of its first character in its file (the name
/// `toml` and `serde_spanned` give it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

pub use resume::{MAX_SYNTAX_ERRORS, explain, stream_all};

/// Deepest nesting accepted. Records are at most four levels deep.
pub const MAX_DEPTH: usize = 64;

/// Most nodes one file may copy through aliases or keep for anchors (about
/// 80 MB at worst). Records have no use for aliases, so a real file stays far
/// below this; a "billion laughs" file hits it at once.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// How a scalar was written; quoted scalars are always strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: may be a number, bool or null.
    Plain,
    /// Quoted or block: always a string.
    Quoted,
}

/// One YAML node with the position of its first character.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    /// Where the node starts (a quote included).
    pub pos: Pos,
    /// What it holds.
    pub kind: Kind<'a>,
}

/// The shape of a node.
#[derive(Clone, Debug)]
pub enum Kind<'a> {
    /// A scalar's text after escapes, and how it was written.
    Scalar(Cow<'a, str>, Style),
    /// A sequence.
    Seq(Vec<Node<'a>>),
    /// A mapping, keys in file order (repeats kept, so they can be reported).
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// Whether this is a plain `null`, `~` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar(s, Style::Plain) if is_null_text(s))
    }
    /// The scalar text, if this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }
    /// A short word for the node's shape, for messages.
    pub fn shape(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar(..) => "scalar",
            Kind::Seq(_) => "list",
            Kind::Map(_) => "map",
        }
    }
}

/// Whether a plain scalar's text means null in YAML 1.2.
pub fn is_null_text(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// A syntax or resource problem that stops the file from being read.
#[derive(Clone, Debug)]
pub struct YamlError {
    /// Where the parser stopped (for a tab in indentation: the tab).
    pub pos: Pos,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// Why a file could not be read as YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The parser's own message (English), e.g. "did not find expected ',' or ']'".
    Syntax(String),
    /// A tab where YAML needs spaces (indentation); the parser's message.
    Tab(String),
    /// Nested deeper than [`MAX_DEPTH`] (or the parser's own limit).
    TooDeep,
    /// Aliases copy (or anchors keep) more than [`MAX_ALIAS_NODES`] nodes.
    TooManyAliasNodes,
    /// More nodes than the file's size allows (a safety net; not reached by text alone).
    TooManyNodes,
    /// An alias whose anchor was never defined.
    UnknownAnchor,
    /// A second `---` document in one file.
    MultipleDocuments,
    /// A keyboard slip recognised near the parser's stop, with the line to paste.
    Slip(slips::SlipKind, String),
}

impl YamlError {
    /// The diagnostic code of this kind of YAML error.
    pub fn code(&self) -> crate::diag::Code {
        use crate::diag::Code;
        match self.kind {
            ErrorKind::Syntax(_) => Code::YamlSyntax,
            ErrorKind::Tab(_) => Code::YamlTab,
            ErrorKind::TooDeep => Code::YamlDepth,
            ErrorKind::TooManyAliasNodes => Code::YamlAliasBudget,
            ErrorKind::TooManyNodes => Code::YamlSize,
            ErrorKind::UnknownAnchor => Code::YamlAnchor,
            ErrorKind::MultipleDocuments => Code::YamlMultiDoc,
            ErrorKind::Slip(..) => Code::YamlSlip,
        }
    }

    /// The message and an optional help line, in both languages.
    pub fn describe(&self) -> (Msg<'static>, Option<Msg<'static>>) {
        match &self.kind {
            ErrorKind::Slip(kind, fixed) => {
                let (m, h) = slips::Slip { pos: self.pos, kind: *kind, fixed: fixed.clone() }.describe();
                (m, Some(h))
            }
            ErrorKind::Syntax(m) => {
                let (zh, hzh, hen) = syntax_zh(m);
                (
                    Msg::owned(format!("YAML 格式错误：{zh}（解析器：{m}）"), format!("YAML syntax error: {m}")),
                    Some(Msg::new(hzh, hen)),
                )
            }
            ErrorKind::Tab(m) => (
                Msg::owned(
                    format!("YAML 语法错误：缩进里有 Tab（{m}）"),
                    format!("YAML syntax error: a tab in indentation ({m})"),
                ),
                Some(Msg::new("YAML 缩进只能用空格，不能用 Tab", "YAML indentation must use spaces, not tabs")),
            ),
            ErrorKind::TooDeep => (
                Msg::owned(
                    format!("YAML 嵌套超过 {MAX_DEPTH} 层，拒绝读取"),
                    format!("YAML nested deeper than {MAX_DEPTH} levels: refused"),
                ),
                Some(Msg::new(
                    "记录最多嵌套四层：检查括号是否配对",
                    "records nest at most four levels: check the brackets",
                )),
            ),
            ErrorKind::TooManyAliasNodes => (
                Msg::owned(
                    format!("YAML 别名（*名称）展开超过 {MAX_ALIAS_NODES} 个节点，拒绝读取"),
                    format!("YAML aliases (*name) expand to more than {MAX_ALIAS_NODES} nodes: refused"),
                ),
                Some(Msg::new(
                    "内容文件不需要锚点（&）和别名（*）：请直接写出内容",
                    "content files need no anchors (&) or aliases (*): write the values out",
                )),
            ),
            ErrorKind::TooManyNodes => (Msg::new("YAML 节点过多，拒绝读取", "too many YAML nodes: refused"), None),
            ErrorKind::UnknownAnchor => {
                (Msg::new("YAML 别名指向不存在的锚点", "YAML alias to an unknown anchor"), None)
            }
            ErrorKind::MultipleDocuments => (
                Msg::new(
                    "一个文件里只能有一个 YAML 文档（多了一个 ---）",
                    "more than one YAML document in this file (a second ---)",
                ),
                None,
            ),
        }
    }
}

/// The parser's English message in plain Chinese, with a help line (zh, en).
fn syntax_zh(m: &str) -> (&'static str, &'static str, &'static str) {
    let has = |p: &str| m.contains(p);
    if has("simple key expected") || has("could not find expected ':'") {
        (
            "这一行应为 `字段: 值`，没有找到冒号",
            "每个字段写作 `字段名: 值`（半角冒号，冒号后一个空格）",
            "write each field as `name: value` (an ASCII colon and a space)",
        )
    } else if has("expected '-' indicator") {
        (
            "列表里的这一行既不是新记录也没有和上面的字段对齐",
            "新记录以 `- ` 开头；同一条记录的字段和第一个字段左对齐",
            "a new record starts with `- `; a record's fields line up with its first field",
        )
    } else if has("did not find expected key") || has("block mapping") {
        (
            "缩进不对：这一行和同一条记录的其他字段没有对齐",
            "同一条记录的字段要左对齐（用空格缩进）",
            "line the fields of a record up (indent with spaces)",
        )
    } else if has("mapping values are not allowed") {
        ("这里不能有 `: `", "值里含有 `: ` 时，给整个值加上引号", "quote a value that contains `: `")
    } else if has("unclosed quote") || has("unexpected end of stream") {
        ("引号或括号没有闭合", "检查引号和方括号是否成对", "check that quotes and brackets are closed")
    } else {
        (
            "这一行 YAML 读不懂",
            "对照示例文件检查冒号、空格和缩进",
            "compare with the example files: colons, spaces, indentation",
        )
    }
}

/// What the streamer hands to its consumer, in file order.
#[derive(Debug)]
pub enum Item<'a> {
    /// The document's top level is a scalar (often `null` for an empty file with a comment).
    TopScalar(Node<'a>),
    /// One element of a top-level sequence, with its index.
    SeqItem(usize, Node<'a>),
    /// A top-level key and its whole value (value not a sequence).
    Entry(Node<'a>, Node<'a>),
    /// A top-level key whose value is a sequence: announced once, then its items follow.
    SeqEntry(Node<'a>, Pos),
    /// One element of the sequence under the last announced top-level key.
    SeqEntryItem(usize, Node<'a>),
}

/// Parses `src` and hands top-level items to `f` one by one.
///
/// Returns `Ok(false)` when the file holds no document at all (empty or only
/// comments). Nodes copied by aliases or kept for anchors count against
/// [`MAX_ALIAS_NODES`]; that is what stops alias bombs.
pub fn stream<'a>(src: &'a str, mut f: impl FnMut(Item<'a>)) -> Result<bool, YamlError> {
    let budget = src.len() + 10_000;
    let mut b = Builder { nodes: 0, budget, alias_nodes: 0, anchors: HashMap::new(), stack: Vec::new() };
    let mut parser = Parser::new_from_str(src);
    let mut seen_doc = false;
    let mut depth0: Option<Top> = None;
    let mut pending_key: Option<Node<'a>> = None;
    let mut seq_index = 0usize;
    // State of the top-level map entry whose value is a sequence being streamed.
    let mut entry_seq = false;
    loop {
        let (ev, span) = match parser.next() {
            None => break,
            Some(Ok(x)) => x,
            Some(Err(e)) => return Err(parser_error(src, &e)),
        };
        let pos = Pos::new(span.start.line(), span.start.col() + 1);
        match ev {
            Event::StreamStart | Event::StreamEnd | Event::Anchor(..) | Event::UnresolvedAlias(_) => {}
            #[allow(unreachable_patterns)]
            Event::DocumentStart(..) => {
                if seen_doc {
                    return Err(YamlError { pos, kind: ErrorKind::MultipleDocuments });
                }
                seen_doc = true;
            }
            Event::DocumentEnd => {}
            _ if depth0.is_none() => {
                // The document's root.
                match ev {
                    Event::Scalar(text, style, anchor, _) => {
                        let node = Node { pos, kind: Kind::Scalar(text, style_of(style)) };
                        b.count(pos)?;
                        if anchor != 0 {
                            b.keep_anchor(anchor, &node)?;
                        }
                        f(Item::TopScalar(node));
                        depth0 = Some(Top::Done);
                    }
                    Event::SequenceStart(..) => depth0 = Some(Top::Seq),
                    Event::MappingStart(..) => depth0 = Some(Top::Map),
                    Event::Alias(id) => {
                        let node = b.alias(id, pos)?;
                        f(Item::TopScalar(node));
                        depth0 = Some(Top::Done);
                    }
                    _ => {}
                }
            }
            _ => {
                let top = depth0.unwrap_or(Top::Done);
                // Collection ends at the top level.
                if b.stack.is_empty() {
                    match (&ev, top, entry_seq) {
                        (Event::SequenceEnd, Top::Map, true) => {
                            entry_seq = false;
                            continue;
                        }
                        (Event::SequenceEnd, Top::Seq, _) | (Event::MappingEnd, Top::Map, false) => {
                            depth0 = Some(Top::Done);
                            continue;
                        }
                        _ => {}
                    }
                    // A sequence directly under a top-level key is streamed item by item.
                    if top == Top::Map
                        && !entry_seq
                        && pending_key.is_some()
                        && let Event::SequenceStart(_, anchor, _) = ev
                    {
                        if anchor != 0 {
                            // An anchored list must be kept whole to be aliased later.
                            b.push_start(Frame::Seq(pos, Vec::new(), anchor))?;
                            continue;
                        }
                        let key = pending_key.take().expect("checked");
                        f(Item::SeqEntry(key, pos));
                        entry_seq = true;
                        seq_index = 0;
                        continue;
                    }
                }
                let done = b.event(ev, pos)?;
                if let Some(node) = done {
                    match top {
                        Top::Seq => {
                            f(Item::SeqItem(seq_index, node));
                            seq_index += 1;
                        }
                        Top::Map if entry_seq => {
                            f(Item::SeqEntryItem(seq_index, node));
                            seq_index += 1;
                        }
                        Top::Map => match pending_key.take() {
                            None => pending_key = Some(node),
                            Some(k) => f(Item::Entry(k, node)),
                        },
                        Top::Done => {}
                    }
                }
            }
        }
    }
    Ok(seen_doc && depth0.is_some())
}

/// Parses a whole small document (site.yaml, front matter) into one tree.
pub fn parse_tree(src: &str) -> Result<Option<Node<'_>>, YamlError> {
    parse_tree_raw(src).map_err(|e| explain(src, e))
}

fn parse_tree_raw(src: &str) -> Result<Option<Node<'_>>, YamlError> {
    let mut top: Option<Node> = None;
    let mut entries: Vec<(Node, Node)> = Vec::new();
    let mut items: Vec<Node> = Vec::new();
    let mut map_pos: Option<Pos> = None;
    let mut cur_key: Option<(Node, Pos, Vec<Node>)> = None;
    let mut kind_is_seq = false;
    stream(src, |it| match it {
        Item::TopScalar(n) => top = Some(n),
        Item::SeqItem(_, n) => {
            kind_is_seq = true;
            map_pos.get_or_insert(n.pos);
            items.push(n)
        }
        Item::Entry(k, v) => {
            if let Some((ck, p, list)) = cur_key.take() {
                entries.push((ck, Node { pos: p, kind: Kind::Seq(list) }));
            }
            map_pos.get_or_insert(k.pos);
            entries.push((k, v))
        }
        Item::SeqEntry(k, p) => {
            if let Some((ck, p0, list)) = cur_key.take() {
                entries.push((ck, Node { pos: p0, kind: Kind::Seq(list) }));
            }
            map_pos.get_or_insert(k.pos);
            cur_key = Some((k, p, Vec::new()))
        }
        Item::SeqEntryItem(_, n) => {
            if let Some((_, _, list)) = cur_key.as_mut() {
                list.push(n)
            }
        }
    })?;
    if let Some((ck, p, list)) = cur_key.take() {
        entries.push((ck, Node { pos: p, kind: Kind::Seq(list) }));
    }
    if top.is_some() {
        return Ok(top);
    }
    let pos = map_pos.unwrap_or(Pos::START);
    if kind_is_seq {
        return Ok(Some(Node { pos, kind: Kind::Seq(items) }));
    }
    if entries.is_empty() && map_pos.is_none() {
        return Ok(None);
    }
    Ok(Some(Node { pos, kind: Kind::Map(entries) }))
}

/// Turns a parser error into ours. The parser's limit on nesting becomes
/// [`ErrorKind::TooDeep`]; for a tab it often stops at the value before the
/// tab, so the tab itself is looked for in the indentation of the next lines.
fn parser_error(src: &str, e: &granit_parser::ScanError) -> YamlError {
    let m = e.marker();
    let pos = Pos::new(m.line().max(1), m.col() + 1);
    use granit_parser::ErrorKind as K;
    let info = e.info();
    if matches!(e.kind(), K::RecursionLimitExceeded) {
        return YamlError { pos, kind: ErrorKind::TooDeep };
    }
    let tab = matches!(
        e.kind(),
        K::TabNotAllowed
            | K::TabInBlockIndentation
            | K::TabAtBlockScalarStart
            | K::TabInIndentation
            | K::TabInPlainScalar
    );
    if tab || info.contains("tab") {
        let first = m.line().max(1) - 1;
        for (i, line) in src.lines().enumerate().skip(first).take(3) {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            if let Some(c) = line[..indent].find('\t') {
                return YamlError { pos: Pos::new(i + 1, line[..c].chars().count() + 1), kind: ErrorKind::Tab(info) };
            }
        }
        return YamlError { pos, kind: ErrorKind::Tab(info) };
    }
    YamlError { pos, kind: ErrorKind::Syntax(info) }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Top {
    Seq,
    Map,
    Done,
}

enum Frame<'a> {
    Seq(Pos, Vec<Node<'a>>, usize),
    Map(Pos, Vec<(Node<'a>, Node<'a>)>, Option<Node<'a>>, usize),
}

struct Builder<'a> {
    nodes: usize,
    budget: usize,
    /// Nodes copied by aliases or kept for anchors, against [`MAX_ALIAS_NODES`].
    alias_nodes: usize,
    anchors: HashMap<usize, Node<'a>>,
    stack: Vec<Frame<'a>>,
}

fn style_of(s: ScalarStyle) -> Style {
    match s {
        ScalarStyle::Plain => Style::Plain,
        _ => Style::Quoted,
    }
}

impl<'a> Builder<'a> {
    fn count(&mut self, pos: Pos) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.budget {
            return Err(YamlError { pos, kind: ErrorKind::TooManyNodes });
        }
        Ok(())
    }

    /// Charges `n` copied or kept nodes to the alias budget.
    fn charge(&mut self, n: usize, pos: Pos) -> Result<(), YamlError> {
        self.alias_nodes += n;
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(YamlError { pos, kind: ErrorKind::TooManyAliasNodes });
        }
        Ok(())
    }

    /// Keeps a copy of an anchored node for later aliases (charged: it stays in memory).
    fn keep_anchor(&mut self, anchor: usize, n: &Node<'a>) -> Result<(), YamlError> {
        self.charge(node_size(n, MAX_ALIAS_NODES + 1), n.pos)?;
        self.anchors.insert(anchor, n.clone());
        Ok(())
    }

    fn push_start(&mut self, f: Frame<'a>) -> Result<(), YamlError> {
        let pos = match &f {
            Frame::Seq(p, ..) | Frame::Map(p, ..) => *p,
        };
        if self.stack.len() + 2 > MAX_DEPTH {
            return Err(YamlError { pos, kind: ErrorKind::TooDeep });
        }
        self.count(pos)?;
        self.stack.push(f);
        Ok(())
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<Node<'a>, YamlError> {
        let Some(n) = self.anchors.get(&id) else {
            return Err(YamlError { pos, kind: ErrorKind::UnknownAnchor });
        };
        // Counting stops early once over budget, so a huge anchor costs no more than the budget.
        let size = node_size(n, MAX_ALIAS_NODES + 1);
        self.charge(size, pos)?;
        let mut copy = self.anchors[&id].clone();
        copy.pos = pos;
        Ok(copy)
    }

    /// Feeds one event; returns a finished node when a depth-1 node completes.
    fn event(&mut self, ev: Event<'a>, pos: Pos) -> Result<Option<Node<'a>>, YamlError> {
        let finished = match ev {
            Event::Scalar(text, style, anchor, _) => {
                self.count(pos)?;
                let n = Node { pos, kind: Kind::Scalar(text, style_of(style)) };
                if anchor != 0 {
                    self.keep_anchor(anchor, &n)?;
                }
                n
            }
            Event::Alias(id) => self.alias(id, pos)?,
            Event::SequenceStart(_, anchor, _) => {
                self.push_start(Frame::Seq(pos, Vec::new(), anchor))?;
                return Ok(None);
            }
            Event::MappingStart(_, anchor, _) => {
                self.push_start(Frame::Map(pos, Vec::new(), None, anchor))?;
                return Ok(None);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(None);
                };
                let (n, anchor) = match frame {
                    Frame::Seq(p, v, a) => (Node { pos: p, kind: Kind::Seq(v) }, a),
                    Frame::Map(p, v, _, a) => (Node { pos: p, kind: Kind::Map(v) }, a),
                };
                if anchor != 0 {
                    self.keep_anchor(anchor, &n)?;
                }
                n
            }
            _ => return Ok(None),
        };
        match self.stack.last_mut() {
            None => Ok(Some(finished)),
            Some(Frame::Seq(_, v, _)) => {
                v.push(finished);
                Ok(None)
            }
            Some(Frame::Map(_, v, key, _)) => {
                match key.take() {
                    None => *key = Some(finished),
                    Some(k) => v.push((k, finished)),
                }
                Ok(None)
            }
        }
    }
}

/// Number of nodes in a tree, counting no further than `limit`.
fn node_size(n: &Node, limit: usize) -> usize {
    // Iterative to stay safe on any shape.
    let mut count = 0;
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        count += 1;
        if count >= limit {
            return count;
        }
        match &n.kind {
            Kind::Scalar(..) => {}
            Kind::Seq(v) => todo.extend(v.iter()),
            Kind::Map(v) => {
                for (k, val) in v {
                    todo.push(k);
                    todo.push(val);
                }
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_top_level_sequence_items_with_positions() {
        let src = "- id: a\n  x: 1\n- id: b\n";
        let mut got = Vec::new();
        stream(src, |it| {
            if let Item::SeqItem(i, n) = it {
                got.push((i, n.pos));
            }
        })
        .unwrap();
        assert_eq!(got, vec![(0, Pos::new(1, 3)), (1, Pos::new(3, 3))]);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            s.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let e = parse_tree(&s).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooManyAliasNodes);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_tree(&s).is_err());
        let s = "{a: ".repeat(10_000) + "1" + &"}".repeat(10_000);
        assert!(parse_tree(&s).is_err());
    }

    #[test]
    fn fees_like_map_streams_sequences() {
        let src = "bills:\n  - unit: 1\n  - unit: 2\npayments: []\n";
        let mut n = 0;
        let mut keys = Vec::new();
        stream(src, |it| match it {
            Item::SeqEntry(k, _) => keys.push(k.scalar().unwrap().to_string()),
            Item::SeqEntryItem(..) => n += 1,
            _ => {}
        })
        .unwrap();
        assert_eq!(keys, vec!["bills", "payments"]);
        assert_eq!(n, 2);
    }
}
