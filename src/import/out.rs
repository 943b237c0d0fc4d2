//! Writing records as YAML text: quoting, record layout, and adding new
//! records to an existing file without rewriting what a person wrote there
//! (its comments, order and layout are kept byte for byte).

use crate::i18n::Msg;
use std::io::Write;
use std::path::Path;

use crate::yaml::{self, Kind, Node};

pub use crate::yaml::emit::{Style, Val, plain_ok};

/// Fields in order; `followup.at` and friends are written under `followup:`.
pub type Fields = Vec<(&'static str, Val)>;

/// The lines of one record as a mapping at column 1, and for each line the
/// index of the field it shows (the `followup:` line shows its first field).
pub fn map_lines(fields: &[(&str, Val)]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut in_group: Option<&str> = None;
    for (i, (k, v)) in fields.iter().enumerate() {
        match k.split_once('.') {
            Some((group, sub)) => {
                if in_group != Some(group) {
                    out.push((format!("{group}:"), i));
                    in_group = Some(group);
                }
                out.push((format!("  {sub}: {}", v.yaml()), i));
            }
            None => {
                in_group = None;
                out.push((format!("{k}: {}", v.yaml()), i));
            }
        }
    }
    out
}

/// One record as a sequence item: `- key: value`, its dash at column `indent + 1`.
pub fn render_item(fields: &[(&str, Val)], indent: usize, nl: &str) -> String {
    let pad = " ".repeat(indent);
    let mut s = String::new();
    for (i, (line, _)) in map_lines(fields).iter().enumerate() {
        s.push_str(&pad);
        s.push_str(if i == 0 { "- " } else { "  " });
        s.push_str(line);
        s.push_str(nl);
    }
    s
}

/// Why new records cannot be added to a file (Chinese, English).
pub type EditError = Msg<'static>;

struct Text<'a> {
    src: &'a str,
    nl: &'static str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    edits: Vec<(usize, usize, String)>,
}

impl<'a> Text<'a> {
    fn new(src: &'a str) -> Text<'a> {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        if starts.last() == Some(&src.len()) && !src.is_empty() {
            starts.pop();
        }
        let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
        Text { src, nl, starts, edits: Vec::new() }
    }
    fn lines(&self) -> usize {
        if self.src.is_empty() { 0 } else { self.starts.len() }
    }
    /// Line `n` (1-based) without its line break.
    fn line(&self, n: usize) -> &'a str {
        let Some(&s) = self.starts.get(n.wrapping_sub(1)) else { return "" };
        let e = self.starts.get(n).copied().unwrap_or(self.src.len());
        self.src[s..e].trim_end_matches(['\n', '\r'])
    }
    /// The last line of the document's content: before a document end marker
    /// `...` (and the blank lines and comments next to it), else the last line.
    fn content_end(&self) -> usize {
        let mut n = self.lines();
        while n > 0 {
            let (data, _) = split_comment(self.line(n));
            match data.trim_end() {
                "" => n -= 1,
                "..." => {
                    n -= 1;
                    while n > 0 && split_comment(self.line(n)).0.trim().is_empty() {
                        n -= 1;
                    }
                    return n;
                }
                _ => return self.lines(),
            }
        }
        self.lines()
    }
    /// Inserts text after line `n` (0: at the start).
    fn insert_after(&mut self, n: usize, text: String) {
        if n >= self.lines() {
            let lead = if !self.src.is_empty() && !self.src.ends_with('\n') { self.nl } else { "" };
            self.edits.push((self.src.len(), self.src.len(), format!("{lead}{text}")));
        } else {
            let at = self.starts[n];
            self.edits.push((at, at, text));
        }
    }
    /// Replaces the content of line `n` (its break kept).
    fn replace_line(&mut self, n: usize, text: String) {
        let s = self.starts[n - 1];
        self.edits.push((s, s + self.line(n).len(), text));
    }
    fn finish(self) -> String {
        let mut out = self.src.to_string();
        let mut edits: Vec<(usize, (usize, usize, String))> = self.edits.into_iter().enumerate().collect();
        edits.sort_by_key(|(i, (s, _, _))| (*s, *i));
        for (_, (s, e, t)) in edits.into_iter().rev() {
            out.replace_range(s..e, &t);
        }
        out
    }
    /// Blanks `[]` and `{}` written as a whole document (comments kept).
    fn drop_empty_collections(&mut self) {
        for n in 1..=self.lines() {
            let l = self.line(n);
            let (data, comment) = split_comment(l);
            if matches!(data.trim(), "[]" | "{}") {
                self.replace_line(n, comment.to_string());
            }
        }
    }
}

/// Splits a line into its data and its `# comment` (a `#` at the start or after a space).
fn split_comment(l: &str) -> (&str, &str) {
    let b = l.as_bytes();
    for (i, c) in b.iter().enumerate() {
        if *c == b'#' && (i == 0 || b[i - 1] == b' ' || b[i - 1] == b'\t') {
            return (&l[..i], &l[i..]);
        }
    }
    (l, "")
}

fn leading_dash_indent(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    (t.starts_with("- ") || t == "-").then(|| line.len() - t.len())
}

fn parse(src: &str) -> Result<Option<Node<'_>>, EditError> {
    yaml::parse_tree(src).map_err(|e| {
        let (m, _) = e.describe();
        let (zh, en) = (m.render(crate::i18n::Lang::Zh), m.render(crate::i18n::Lang::En));
        Msg::owned(
            format!("现有文件第 {} 行：{zh}", e.pos.line),
            format!("the existing file, line {}: {en}", e.pos.line),
        )
    })
}

/// Appends records to a file whose top level is a list (tickets, complaints).
pub fn append_seq(src: &str, items: &[Fields]) -> Result<String, EditError> {
    let mut t = Text::new(src);
    let root = parse(src)?;
    let mut indent = 0;
    match root.as_ref().map(|n| &n.kind) {
        None => t.drop_empty_collections(),
        Some(Kind::Seq(list)) => {
            let first = list.first().map(|n| n.pos.line as usize).unwrap_or(1);
            match leading_dash_indent(t.line(first)) {
                Some(i) => indent = i,
                None => return Err(flow_list()),
            }
        }
        Some(_) => {
            return Err(Msg::new(
                "现有文件不是记录列表（每条以 - 开头），无法追加；先运行 wuye check 修正",
                "the existing file is not a list of records (each starting with -): run wuye check and fix it first",
            ));
        }
    }
    let text: String = items.iter().map(|f| render_item(f, indent, t.nl)).collect();
    if !text.is_empty() {
        let n = t.content_end();
        t.insert_after(n, text);
    }
    Ok(t.finish())
}

fn flow_list() -> EditError {
    Msg::new(
        "现有文件用 [ … ] 写法列出记录，无法追加：请改为每条以 - 开头",
        "the existing file lists records in [ … ] flow style: rewrite it with one `- ` item per record",
    )
}

/// Adds bills and payments to a `fees.yaml`, under its `bills:` and `payments:` keys.
pub fn insert_fees(src: &str, bills: &[Fields], payments: &[Fields]) -> Result<String, EditError> {
    let mut t = Text::new(src);
    let root = parse(src)?;
    let entries: &[(Node, Node)] = match root.as_ref().map(|n| &n.kind) {
        None => {
            t.drop_empty_collections();
            &[]
        }
        Some(Kind::Map(e)) => e,
        Some(_) => {
            return Err(Msg::new(
                "现有 fees.yaml 的顶层不是 bills:/payments:，无法追加；先运行 wuye check 修正",
                "the existing fees.yaml does not hold `bills:`/`payments:`: run wuye check and fix it first",
            ));
        }
    };
    let key_lines: Vec<usize> = entries.iter().map(|(k, _)| k.pos.line as usize).collect();
    for (section, items) in [("bills", bills), ("payments", payments)] {
        if items.is_empty() {
            continue;
        }
        let Some(i) = entries.iter().position(|(k, _)| k.scalar() == Some(section)) else {
            let body: String = items.iter().map(|f| render_item(f, 2, t.nl)).collect();
            let n = t.content_end();
            t.insert_after(n, format!("{section}:{}{body}", t.nl));
            continue;
        };
        let (k, v) = &entries[i];
        let kl = k.pos.line as usize;
        let (data, comment) = split_comment(t.line(kl));
        let after_key = data.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
        match &v.kind {
            Kind::Seq(list) if !list.is_empty() => {
                if after_key.starts_with('[') {
                    return Err(flow_list());
                }
                let first = list[0].pos.line as usize;
                let indent = leading_dash_indent(t.line(first)).ok_or_else(flow_list)?;
                // The list ends before the next top-level key; trailing blank
                // lines and comments there belong to what follows.
                let next = key_lines.iter().copied().filter(|&l| l > kl).min().unwrap_or(t.content_end() + 1);
                let mut last = next - 1;
                while last > first && {
                    let l = t.line(last).trim();
                    l.is_empty() || l.starts_with('#')
                } {
                    last -= 1;
                }
                let body: String = items.iter().map(|f| render_item(f, indent, t.nl)).collect();
                t.insert_after(last, body);
            }
            Kind::Seq(_) => {
                t.replace_line(kl, format!("{section}:{}{comment}", if comment.is_empty() { "" } else { " " }));
                let body: String = items.iter().map(|f| render_item(f, 2, t.nl)).collect();
                t.insert_after(kl, body);
            }
            Kind::Scalar(..) if v.is_null() => {
                if !after_key.is_empty() {
                    t.replace_line(kl, format!("{section}:{}{comment}", if comment.is_empty() { "" } else { " " }));
                }
                let body: String = items.iter().map(|f| render_item(f, 2, t.nl)).collect();
                t.insert_after(kl, body);
            }
            _ => {
                return Err(Msg::owned(
                    format!("现有 fees.yaml 的 `{section}` 不是列表，无法追加"),
                    format!("`{section}` in the existing fees.yaml is not a list"),
                ));
            }
        }
    }
    Ok(t.finish())
}

/// A record's content as one string, for comparing records across two texts.
fn fingerprint(n: &Node) -> String {
    match &n.kind {
        Kind::Scalar(s, _) => s.to_string(),
        Kind::Seq(v) => format!("[{}]", v.iter().map(fingerprint).collect::<Vec<_>>().join(",")),
        Kind::Map(v) => {
            format!(
                "{{{}}}",
                v.iter().map(|(k, x)| format!("{}:{}", fingerprint(k), fingerprint(x))).collect::<Vec<_>>().join(",")
            )
        }
    }
}

/// The fingerprint a record's YAML reads back as (see [`fingerprint`]):
/// `followup.at` and friends nest under `followup`, as [`map_lines`] writes them.
fn fields_fingerprint(fields: &[(&str, Val)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut group: Option<(&str, Vec<String>)> = None;
    let close = |g: Option<(&str, Vec<String>)>, parts: &mut Vec<String>| {
        if let Some((name, inner)) = g {
            parts.push(format!("{name}:{{{}}}", inner.join(",")));
        }
    };
    for (k, v) in fields {
        match k.split_once('.') {
            Some((g, sub)) => {
                if group.as_ref().map(|x| x.0) != Some(g) {
                    close(group.take(), &mut parts);
                    group = Some((g, Vec::new()));
                }
                if let Some((_, inner)) = group.as_mut() {
                    inner.push(format!("{sub}:{}", v.text));
                }
            }
            None => {
                close(group.take(), &mut parts);
                parts.push(format!("{k}:{}", v.text));
            }
        }
    }
    close(group.take(), &mut parts);
    format!("{{{}}}", parts.join(","))
}

/// The records of a file: the top-level list, or (fees) the `bills` and
/// `payments` lists, each record as its fingerprint.
fn lists(src: &str, fees: bool) -> Result<Vec<Vec<String>>, EditError> {
    let items = |n: Option<&Node>| -> Vec<String> {
        match n.map(|n| &n.kind) {
            Some(Kind::Seq(v)) => v.iter().map(fingerprint).collect(),
            _ => Vec::new(),
        }
    };
    let root = parse(src)?;
    Ok(match (&root, fees) {
        (None, _) => vec![Vec::new(), Vec::new()],
        (Some(r), false) => vec![items(Some(r))],
        (Some(r), true) => {
            let get = |k: &str| match &r.kind {
                Kind::Map(e) => e.iter().find(|(kk, _)| kk.scalar() == Some(k)).map(|(_, v)| v),
                _ => None,
            };
            vec![items(get("bills")), items(get("payments"))]
        }
    })
}

/// Checks that an edited file reads back as the old records followed by the
/// new ones, so a file of an unusual shape is refused instead of broken.
pub fn verify(old: &str, new: &str, fees: bool, added: &[&[Fields]]) -> Result<(), EditError> {
    let refuse = |why: &str, en: &str| {
        Msg::owned(
            format!("追加后的文件{why}，已放弃写入：请先把现有文件整理为每条记录以 - 开头的写法，再导入"),
            format!(
                "the file would {en} after appending, so nothing was written: rewrite the existing file with one `- ` item per record, then import"
            ),
        )
    };
    let before = lists(old, fees)?;
    let after = lists(new, fees).map_err(|_| refuse("无法解析", "not parse"))?;
    for (i, add) in added.iter().enumerate() {
        let want: Vec<String> = add.iter().map(|f| fields_fingerprint(f)).collect();
        let (b, a) = (before.get(i).cloned().unwrap_or_default(), after.get(i).cloned().unwrap_or_default());
        if a.len() != b.len() + want.len() || a[..b.len()] != b[..] || a[b.len()..] != want[..] {
            return Err(refuse("中的记录与预期不符", "not hold the expected records"));
        }
    }
    Ok(())
}

/// Writes a file atomically: a temporary file in the same folder, then a rename.
/// An existing file's permissions are kept; a new file gets the usual 0644.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".wuye-import").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::Permissions::from_mode(0o644)
            }
            #[cfg(not(unix))]
            {
                tmp.as_file().metadata()?.permissions()
            }
        }
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        for ok in ["BS-2026-10-0001", "3-2-1502", "厨房水管接头漏水", "客服 李敏", "12345热线", "APP"] {
            assert!(plain_ok(ok), "{ok}");
        }
        for q in ["13812345678", "0571", "1.5", "21:14", "2026-10-03", "true", "否", "- x", "a: b", "x #y", "#1", ""] {
            if q == "否" {
                assert!(plain_ok(q));
                continue;
            }
            assert!(!plain_ok(q), "{q}");
        }
        assert_eq!(Val::string("说\"好\"\n的").yaml(), "\"说\\\"好\\\"\\n的\"");
        assert_eq!(Val::quoted("13812345678").yaml(), "\"13812345678\"");
    }

    fn f(id: &str) -> Fields {
        vec![
            ("id", Val::string(id)),
            ("followup.at", Val::plain("2026-10-04 16:00")),
            ("followup.result", Val::string("满意")),
        ]
    }

    #[test]
    fn appends_keep_the_file() {
        let src = "# 十月报事\n- id: A  # 第一条\n  x: 1\n";
        let out = append_seq(src, &[f("B")]).unwrap();
        assert_eq!(out, format!("{src}- id: B\n  followup:\n    at: 2026-10-04 16:00\n    result: 满意\n"));
        assert_eq!(append_seq("[]  # 空\n", &[vec![("id", Val::string("B"))]]).unwrap(), "# 空\n- id: B\n");
        assert_eq!(append_seq("", &[vec![("id", Val::string("B"))]]).unwrap(), "- id: B\n");
        assert!(append_seq("[{id: A}]\n", &[f("B")]).is_err());
        let crlf = append_seq("- id: A\r\n", &[vec![("id", Val::string("B"))]]).unwrap();
        assert_eq!(crlf, "- id: A\r\n- id: B\r\n");
    }

    #[test]
    fn a_records_fingerprint_is_what_its_yaml_reads_back_as() {
        let mut rec = f("B");
        rec.insert(1, ("phone", Val::quoted("13812345678")));
        rec.push(("note", Val::string("说\"好\"\n的")));
        let text = render_item(&rec, 0, "\n");
        let node = parse(&text).unwrap().unwrap();
        let Kind::Seq(items) = &node.kind else { panic!("{text}") };
        assert_eq!(fingerprint(&items[0]), fields_fingerprint(&rec));
        assert!(verify("", &text, false, &[&[rec]]).is_ok());
    }

    #[test]
    fn fees_go_under_their_keys() {
        let b = vec![vec![("unit", Val::string("1-1-102"))]];
        let p = vec![vec![("unit", Val::string("1-1-103"))]];
        let src = "bills:\n  - unit: 1-1-101\n    item: x\n\n# 实收\npayments: []\n";
        let out = insert_fees(src, &b, &p).unwrap();
        assert_eq!(
            out,
            "bills:\n  - unit: 1-1-101\n    item: x\n  - unit: 1-1-102\n\n# 实收\npayments:\n  - unit: 1-1-103\n"
        );
        assert_eq!(insert_fees("{}\n", &b, &p).unwrap(), "\nbills:\n  - unit: 1-1-102\npayments:\n  - unit: 1-1-103\n");
        assert_eq!(insert_fees("payments:\n", &b, &[]).unwrap(), "payments:\nbills:\n  - unit: 1-1-102\n");
    }
}
