//! Markdown bodies (notices, roles, bulletins) to HTML with pulldown-cmark.
//!
//! Staff write these files, but a pasted `<script>` or `<iframe>` must not
//! reach owners' browsers: raw HTML, block or inline, is turned into text
//! (so it shows, escaped, as written), and links or images with a
//! `javascript:`, `vbscript:` or `data:` destination lose their destination.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders a Markdown body to HTML that is safe to insert unescaped.
pub fn to_html(src: &str) -> String {
    // Raw HTML, block or inline, starts with `<`, and every link or image
    // with `[` or `<`: in a body with neither (most notices) the filter of
    // [`filtered_html`] changes nothing, and the parser's events go to the
    // writer as they are. Passing each event through it was 2% of the
    // instructions of a 2,000-notice build.
    if memchr::memchr2(b'<', b'[', src.as_bytes()).is_none() {
        let mut out = String::with_capacity(src.len() * 3 / 2);
        push_unfiltered(&mut out, src);
        return out;
    }
    filtered_html(src)
}

/// The parser's HTML for a body with neither `<` nor `[`, its plain blocks
/// written without the parser: a notice is mostly paragraphs of Chinese
/// text, a list and a table, and the parser spent about 47,000
/// instructions a notice on them (94.6 M of a 2,000-notice build's 501.7 M;
/// see README, Benchmarks).
///
/// The body is cut into runs of non-blank lines. A run is written without
/// the parser when it is a plain paragraph, a plain list or a plain table
/// ([`Kind`]) and a blank line (or the start or end of the body) lies on
/// each side. A blank line before such a run closes any list, quote, table
/// or code block above (a fence would not be closed, so a body with one
/// goes to the parser whole), and nothing in it reaches beyond the blank
/// line after it, except a list, which the runs beside it may join (see
/// [`Runs::run`]). What lies between such runs goes to the parser piece by
/// piece: each piece starts after a blank line and ends with one, as at
/// the top of a body, and without `[` no link definition in one piece can
/// act on another. The tests compare both ways on random bodies.
fn push_unfiltered(out: &mut String, src: &str) {
    let b = src.as_bytes();
    if memchr::memmem::find(b, b"```").is_some() || memchr::memmem::find(b, b"~~~").is_some() {
        html::push_html(out, Parser::new_ext(src, OPTIONS));
        return;
    }
    let mut runs = Runs { out, src, parsed: 0, list: None, list_may_go_on: false };
    // Where the current run of non-blank lines starts.
    let (mut run, mut pos) = (None, 0);
    for line in lines(src) {
        let start = pos;
        pos += line.len();
        if is_blank_line(without_line_end(line)) {
            if let Some(from) = run.take() {
                runs.run(from, start);
            }
        } else if run.is_none() {
            run = Some(start);
        }
    }
    if let Some(from) = run {
        runs.run(from, pos);
    }
    if let Some((from, to)) = runs.list.take() {
        runs.write(from, to, Kind::List);
    }
    let rest = &src[runs.parsed..];
    if !blank(rest) {
        html::push_html(runs.out, Parser::new_ext(rest, OPTIONS));
    }
}

/// The runs of a body in order, and what is written of it so far.
struct Runs<'a> {
    out: &'a mut String,
    src: &'a str,
    /// `src[parsed..]` is not written yet.
    parsed: usize,
    /// A plain list waiting for the next run: it is written without the
    /// parser only if that run cannot join it.
    list: Option<(usize, usize)>,
    /// Whether the last run may leave a list open that a list after a blank
    /// line would join (one of its lines starts with a bullet or white space).
    list_may_go_on: bool,
}

impl Runs<'_> {
    /// Takes the run `src[from..to]`, a blank line (or the body's start) before it.
    fn run(&mut self, from: usize, to: usize) {
        let text = &self.src[from..to];
        let first = text.as_bytes().first().copied().unwrap_or(b' ');
        // A list is loose, or longer, when the next run is an item of it (a
        // bullet after a blank line) or a paragraph in its last item (an
        // indented line): neither is written here.
        if let Some((f, t)) = self.list.take()
            && !starts_list_or_indent(first)
        {
            self.write(f, t, Kind::List);
        }
        // Likewise a list above may take this run's items. A plain
        // paragraph's or table's lines start with neither, a list's with a
        // bullet: only a run the parser writes is looked at line by line.
        let may_join = self.list_may_go_on;
        let kind = kind(text);
        self.list_may_go_on = match kind {
            Some(Kind::Paragraph | Kind::Table) => false,
            Some(Kind::List) => true,
            None => lines(text).any(|l| l.as_bytes().first().is_some_and(|&c| starts_list_or_indent(c))),
        };
        match kind {
            Some(Kind::List) if !may_join => self.list = Some((from, to)),
            Some(Kind::List) | None => {}
            Some(k) => self.write(from, to, k),
        }
    }

    /// Writes what lies before the run `src[from..to]` through the parser,
    /// then the run itself, of kind `k`.
    fn write(&mut self, from: usize, to: usize, k: Kind) {
        // Blank lines alone (between two plain runs) print nothing.
        let before = &self.src[self.parsed..from];
        if !blank(before) {
            html::push_html(self.out, Parser::new_ext(before, OPTIONS));
        }
        let out = &mut *self.out;
        let mut rows = lines(&self.src[from..to]).map(without_line_end);
        match k {
            Kind::Paragraph => {
                out.push_str("<p>");
                for (i, line) in rows.enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(line);
                }
                out.push_str("</p>\n");
            }
            Kind::List => {
                out.push_str("<ul>\n");
                for line in rows {
                    out.push_str("<li>");
                    out.push_str(&line[2..]);
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
            Kind::Table => {
                let head = rows.next().unwrap_or_default();
                let columns: Vec<&str> =
                    rows.next().and_then(cells).into_iter().flatten().map(|d| align(d).unwrap_or_default()).collect();
                out.push_str("<table><thead>");
                push_row(out, head, &columns, "th");
                out.push_str("</thead><tbody>\n");
                for row in rows {
                    push_row(out, row, &columns, "td");
                    out.push('\n');
                }
                out.push_str("</tbody></table>\n");
            }
        }
        self.parsed = to;
    }
}

/// What a run of lines is written as without the parser, when every line
/// holds nothing Markdown or HTML acts on ([`plain_line`], [`has_special`]):
#[derive(Clone, Copy)]
enum Kind {
    /// Plain lines: `<p>`, the lines joined by line breaks, `</p>`.
    Paragraph,
    /// Lines `- text` (or all `* text`, or all `+ text`), one space after the
    /// bullet and plain text: a tight list, one `<li>` a line.
    List,
    /// `| a | b |` lines, the second `|---|:--:|` (one of `---`, `:--`,
    /// `--:`, `:-:` a column), every row as many cells as the head.
    Table,
}

/// The run's [`Kind`], or `None` when the parser writes it.
fn kind(run: &str) -> Option<Kind> {
    let mut rows = lines(run).map(without_line_end);
    let first = rows.next()?;
    if plain_line(first) {
        return rows.all(plain_line).then_some(Kind::Paragraph);
    }
    if let Some(bullet) = list_item(first) {
        return rows.all(|l| list_item(l) == Some(bullet)).then_some(Kind::List);
    }
    let cells = table_row(first)?;
    (delimiter_row(rows.next()?) == Some(cells) && rows.all(|l| table_row(l) == Some(cells))).then_some(Kind::Table)
}

/// Whether a line starting with `first` may start a list item or continue
/// one above it: a bullet, white space or a control character.
fn starts_list_or_indent(first: u8) -> bool {
    matches!(first, b'-' | b'*' | b'+') || first.is_ascii_whitespace() || first.is_ascii_control()
}

/// The bullet of `- text` (`*`, `+`) whose text is a [`plain_line`].
fn list_item(line: &str) -> Option<u8> {
    match line.as_bytes() {
        [bullet @ (b'-' | b'*' | b'+'), b' ', ..] if plain_line(&line[2..]) => Some(*bullet),
        _ => None,
    }
}

/// The cells between a table line's first and last `|` (rows are short:
/// a byte loop, not `str::split`'s searcher, which was 3% of a build).
fn cells(line: &str) -> Option<impl Iterator<Item = &str>> {
    let mut rest = Some(line.strip_prefix('|')?.strip_suffix('|')?);
    Some(std::iter::from_fn(move || {
        let r = rest?;
        // `|` is ASCII: the cut is a character boundary.
        match r.bytes().position(|c| c == b'|') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    }))
}

/// A cell without the spaces around it, as the parser trims it (other white
/// space is not plain).
fn trim_spaces(cell: &str) -> &str {
    let b = cell.as_bytes();
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    let end = b.iter().rposition(|&c| c != b' ').map_or(start, |i| i + 1);
    // Spaces are ASCII: both cuts are character boundaries.
    &cell[start..end.max(start)]
}

/// How many cells a `| a | b |` line has, when each is plain text (or empty).
fn table_row(line: &str) -> Option<usize> {
    let mut n = 0;
    for cell in cells(line)? {
        if has_special(cell.as_bytes()) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// How many columns a `|---|:--|` line has, when each is one of the four forms.
fn delimiter_row(line: &str) -> Option<usize> {
    let mut n = 0;
    for cell in cells(line)? {
        align(cell)?;
        n += 1;
    }
    Some(n)
}

/// A column's alignment as the parser writes it in each cell, from its
/// delimiter (`---`, `:--`, `--:` or `:-:`, spaces around).
fn align(delimiter: &str) -> Option<&'static str> {
    let d = trim_spaces(delimiter);
    let (left, d) = d.strip_prefix(':').map_or((false, d), |d| (true, d));
    let (right, d) = d.strip_suffix(':').map_or((false, d), |d| (true, d));
    if d.is_empty() || d.bytes().any(|c| c != b'-') {
        return None;
    }
    Some(match (left, right) {
        (true, true) => " style=\"text-align: center\"",
        (true, false) => " style=\"text-align: left\"",
        (false, true) => " style=\"text-align: right\"",
        (false, false) => "",
    })
}

/// A table row's `<tr>`: its cells trimmed of spaces, each with its column's alignment.
fn push_row(out: &mut String, row: &str, columns: &[&str], tag: &str) {
    out.push_str("<tr>");
    for (cell, column) in cells(row).into_iter().flatten().zip(columns) {
        out.push('<');
        out.push_str(tag);
        out.push_str(column);
        out.push('>');
        out.push_str(trim_spaces(cell));
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
    out.push_str("</tr>");
}

/// Whether `s` is blank lines only (spaces, tabs and line ends), which the parser prints as nothing.
fn blank(s: &str) -> bool {
    s.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
}

/// A line without its `\n` or `\r\n`.
fn without_line_end(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// A line the parser would print as it is, inside a paragraph or as one:
/// no character Markdown or HTML acts on, no control character, no
/// space before or after it, and no start of a list, heading, quote, rule,
/// table or code block.
fn plain_line(text: &str) -> bool {
    let b = text.as_bytes();
    !b.is_empty() && !b.ends_with(b" ") && !opens_block(b) && !has_special(b)
}

/// CommonMark's blank line: spaces and tabs only (a full-width space is text).
fn is_blank_line(text: &str) -> bool {
    text.bytes().all(|c| c == b' ' || c == b'\t')
}

/// Whether a (non-blank) line may start a block other than a paragraph, or
/// continue one above it: it starts with white space or a control
/// character, with a character that opens a heading, quote, list, rule,
/// table, code block or HTML, or with `1.` or `1)` (an ordered list of up to
/// nine digits). It may say yes where the parser would not (`:`, `-x`).
fn opens_block(b: &[u8]) -> bool {
    let Some(&first) = b.first() else { return false };
    if first.is_ascii_whitespace() || first.is_ascii_control() || b"#>-+*=_`~|:<".contains(&first) {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=9).contains(&digits) && matches!(b.get(digits), Some(b'.' | b')'))
}

/// Whether `b` holds a [`SPECIAL`] byte. Every one is ASCII, and Chinese
/// text is bytes of 0x80 and up: eight bytes at a time, only a word with an
/// ASCII byte in it is looked at byte by byte (looked up byte by byte, the
/// 35 MB of 10,000 notices cost 6% of the build's user time, as much as
/// the parser's work it saved).
fn has_special(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let special = |w: &[u8]| w.iter().any(|&c| SPECIAL[c as usize]);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if word & HIGH != HIGH && special(w) {
            return true;
        }
    }
    special(words.remainder())
}

/// The bytes that keep a line from being [`plain_line`] wherever they are:
/// ASCII controls (tab, lone carriage return, NUL), the characters inline
/// Markdown acts on, and those HTML escapes.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[0x7f] = true;
    let marks = b"\\`*_[]!<>&~|\"'";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// The Markdown extensions bodies are written with: tables, ~~strikethrough~~, `- [ ]` task lists.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_TASKLISTS);

/// [`to_html`] with raw HTML turned into text and dangerous link and image destinations dropped.
fn filtered_html(src: &str) -> String {
    let events = Parser::new_ext(src, OPTIONS).map(|ev| match ev {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    if ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s)) { CowStr::from("#") } else { url }
}

/// The first paragraph as plain text, at most `max` characters: a summary
/// for lists and the feed.
pub fn summary(src: &str, max: usize) -> String {
    // The parser reads the whole body before the first event: when the
    // opening paragraphs are plain, read only them (about a tenth of a notice).
    if let Some(head) = plain_head(src) {
        if let Some(summary) = plain_summary(head, max) {
            return summary;
        }
        if let (text, true) = first_paragraph(head) {
            return clip(&text, max);
        }
    }
    clip(&first_paragraph(src).0, max)
}

/// [`summary`] of a [`plain_head`] without the parser, when the lines it
/// reads hold no character inline Markdown acts on, no tab, carriage return
/// or NUL and no trailing space: a paragraph's text is then its lines joined
/// by spaces (each line break a soft break). It reads only until the first
/// paragraph that is not a salutation has more than `max` characters, as
/// the rest of it cannot change them. `None` (the parser decides) for
/// anything else. Ten thousand notices spent 4% of a build's instructions
/// parsing their opening lines.
fn plain_summary(head: &str, max: usize) -> Option<String> {
    let (mut text, mut chars) = (String::new(), 0);
    for line in lines(head) {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.bytes().all(|b| b == b' ') {
            // A blank line ends a paragraph: a salutation (各位业主、住户：) says nothing, take the next.
            let t = text.trim();
            if t.is_empty() || ((t.ends_with('：') || t.ends_with(':')) && chars <= 20) {
                (text, chars) = (String::new(), 0);
                continue;
            }
            return Some(clip(&text, max));
        }
        if has_special(line.as_bytes()) || line.ends_with(' ') {
            return None;
        }
        if !text.is_empty() {
            text.push(' ');
            chars += 1;
        }
        text.push_str(line);
        chars += line.chars().count();
        if chars > max.max(20) {
            return Some(clip(&text, max));
        }
    }
    None
}

/// The start of `src` up to its second blank line, when every line before it
/// is a plain paragraph line and no link reference definition (`[x]: url`)
/// exists anywhere. Then its paragraphs, each closed by a blank line, parse
/// to the same events as in the whole body: no container or code block is
/// open, no later line can turn them into a heading, and no later
/// definition can turn their brackets into links.
fn plain_head(src: &str) -> Option<&str> {
    // memchr's vector search: `str::contains` over every body was 1% of a 10,000-notice build.
    if memchr::memmem::find(src.as_bytes(), b"]:").is_some() {
        return None;
    }
    let (mut end, mut blanks) = (0, 0);
    for line in lines(src) {
        end += line.len();
        let t = line.trim_end_matches(['\n', '\r']);
        if is_blank_line(t) {
            blanks += 1;
            if blanks == 2 {
                return Some(&src[..end]);
            }
            continue;
        }
        if opens_block(t.as_bytes()) {
            return None;
        }
    }
    None
}

/// `s.split_inclusive('\n')` with the `memchr` crate's vector search: std's
/// finds a `char` a word at a time, and a notice's lines are hundreds of
/// bytes long.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // After a `\n`, an ASCII byte: a character boundary.
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// The text of the first paragraph or list item that is not a salutation,
/// headings left out, and whether it ended (else `src` ended first: the
/// whole body's answer, but not a head's).
fn first_paragraph(src: &str) -> (String, bool) {
    use pulldown_cmark::TagEnd;
    let mut text = String::new();
    let mut in_heading = false;
    for ev in Parser::new(src) {
        match ev {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) if !in_heading => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if !text.is_empty() => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) if !text.is_empty() => {
                // A salutation (各位业主、住户：), or white space alone (a
                // full-width space is text to the parser), says nothing: take the next paragraph.
                let t = text.trim();
                if t.is_empty() || ((t.ends_with('：') || t.ends_with(':')) && t.chars().count() <= 20) {
                    text.clear();
                } else {
                    return (text, true);
                }
            }
            _ => {}
        }
    }
    (text, false)
}

/// `text` trimmed, at most `max` characters (then ending in `…`).
fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    // One pass that stops at character `max`, not a count of the whole paragraph and a copy char by char.
    match text.char_indices().nth(max) {
        Some((end, _)) => {
            // Exactly its size: `format!` grew it for the `…` to twice the
            // text (2.4 MB of the 10,000 summaries held until the pages).
            let mut clipped = String::with_capacity(end + '…'.len_utf8());
            clipped.push_str(&text[..end]);
            clipped.push('…');
            clipped
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let h = to_html("请注意<script>alert(1)</script>\n\n<div onclick=x>块</div>\n");
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(!h.contains("<div"), "{h}");
    }

    /// A body with neither `<` nor `[` renders the same without the filter:
    /// every construct the filter changes needs one of them.
    #[test]
    fn the_unfiltered_way_renders_alike() {
        let bodies = [
            "各位业主：\n\n明天 8:00 至 18:00 停水。\n\n- 一\n- 二\n\n| 时间 | 区域 |\n|---|---|\n| 8:00 | 1栋 |\n",
            "# 标题\n\n*强调* **加粗** ~~删除~~ `代码` &amp; &#106;avascript: https://example.org/\n\n> 引用\n\n1. 一\n\n```\n代码 b\n```\n",
            "javascript:alert(1)\n\n    缩进代码\n\n***\n\n尾随  \n换行 \\\n",
        ];
        for b in bodies {
            assert!(!b.contains(['<', '[']), "{b:?}");
            assert_eq!(to_html(b), filtered_html(b), "{b:?}");
        }
        // The filtered way is still taken where the filter acts.
        assert!(!to_html("<script>x</script>").contains("<script>"));
        assert!(!to_html("[a](javascript:x)").contains("javascript:"));
    }

    /// The next of a xorshift sequence: random bodies, the same on every run.
    fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    /// The parser's own HTML of `src`, for the tests of the ways around it.
    fn parsers(src: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(src, OPTIONS));
        out
    }

    /// Plain paragraphs written without the parser read as the parser
    /// writes them, wherever they stand: random bodies of plain lines,
    /// blank lines, and lines that start or continue every other block.
    #[test]
    fn plain_paragraphs_without_the_parser_are_the_parsers() {
        const LINES: [&str; 71] = [
            "停水通知，请储水。",
            "2026年11月5日 8:00 至 18:00 停水。",
            "明天",
            "a b c",
            "https://example.org/x",
            "1.5米",
            "10) 不",
            "1234567890. 十位",
            "1. 第一条",
            "2) 第二条",
            "- 列表",
            "* 星号",
            "+ 加号",
            "# 标题",
            "## 二级",
            "> 引用",
            ">",
            "    缩进代码",
            "  两个空格",
            "   三个空格",
            "| 时间 | 区域 |",
            "|---|---|",
            "| 8:00 | 1栋 |",
            "---",
            "===",
            "***",
            "___",
            "尾随空格  ",
            "尾随一个 ",
            "反斜杠\\",
            "*强调*",
            "_下划_",
            "`代码`",
            "~~删~~",
            "&amp;",
            "a&b",
            "\"引号\"",
            "'单引'",
            "制表\t符",
            "a\rb",
            "\u{3000}全角空格",
            "全角尾\u{3000}",
            "\u{a0}不换行空格",
            "\u{feff}BOM",
            "：冒号开头",
            ":冒号",
            "!感叹",
            "a\u{0}b",
            "",
            "",
            " ",
            "\t",
            "1.",
            "-",
            "#标题",
            "  续行",
            "1、第一",
            "(1) 括号",
            "①圆圈",
            "    ",
            "ａ全角字母",
            "www.example.org",
            "a@b.cn",
            "$5",
            "%",
            "^上标",
            "=等于",
            "a=b",
            "a-b",
            "a:b",
            "1.5.",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || xorshift(&mut seed);
        for _ in 0..20000 {
            let mut src = String::new();
            let crlf = next() % 4 == 0;
            for _ in 0..next() % 14 {
                src.push_str(LINES[(next() % LINES.len() as u64) as usize]);
                src.push_str(if crlf { "\r\n" } else { "\n" });
            }
            if next() % 3 == 0 {
                src.pop();
            }
            assert_eq!(to_html(&src), parsers(&src), "{src:?}");
        }
    }

    /// Lists and tables written without the parser read as the parser
    /// writes them, wherever they stand: random bodies of whole blocks
    /// (lists, tables, paragraphs, and what resembles them), one or more
    /// blank lines apart or none, so that lists meet lists, indented lines
    /// and lazy lines, and tables meet rows that do not fit.
    #[test]
    fn lists_and_tables_without_the_parser_are_the_parsers() {
        const BLOCKS: [&str; 64] = [
            "- 请勿在楼道内堆放杂物；\n- 施工期间请看管好儿童；",
            "- 一",
            "* 星号一\n* 星号二",
            "+ 加号",
            "- 一\n* 二",
            "- 一\n  续行",
            "- 一\n懒续行",
            "-  两个空格",
            "- 尾随空格 ",
            " - 缩进一格",
            "   - 缩进三格",
            "  - 缩进两格",
            "- - 嵌套",
            "- 1. 有序",
            "- # 标题",
            "- 2025年1月",
            "-\t制表",
            "\u{feff}- BOM",
            "- \u{3000}全角空格",
            "- ",
            "1. 有序\n2. 第二",
            "3) 三",
            "  两格缩进的段落",
            "    缩进代码",
            "| 时间 | 区域 | 内容 |\n|---|---|---|\n| 2025-01-22 8:00 | 1栋 | 园区绿化修剪 |",
            "| a | b |\n|:-|-:|\n| c | d |\n| e | f |",
            "| 甲 |\n|:-:|\n| 乙 |",
            "| a | b |\n|---|---|",
            "| a | b |\n|---|\n| c | d |",
            "| a | b |\n|---|---|\n| c |",
            "| a | b |\n|---|---|\n| c | d | e |",
            "| a | b |\n| --- | :---: |\n|  | x |",
            "||\n|-|\n||",
            "| a |b|\n|- -|-|\n|x|y|",
            "| \u{3000}a | b\u{a0} |\n|---|---|\n| 1. x | # y |",
            "a | b\n---|---\nc | d",
            "| a | b |\n|---|---|\nc | d",
            "| a | b |\n|---|---|\n| *x* | y |",
            "| a | b |\n|---|---|\n| c | d |\n懒行",
            "| a | b |\n|::|--|\n| c | d |",
            "| a | b |\n|---|---|\n- 列表",
            "|a|\n|---|\n|x|\n|---|",
            "| a | b |\n|---|---|\n|c|d|\n| e | f |",
            "| a |\n|---|\n|",
            "|\n|-|",
            "| - | + |\n|---|---|\n| * | 1. |",
            "停水通知，请储水。",
            "明天\n后天",
            "注意事项：",
            "# 标题",
            "> 引用\n> 第二行",
            "> - 引用里的列表",
            "---",
            "***",
            "===",
            "段落\n---",
            "段落\n===",
            "尾随两个空格  ",
            "a&b",
            "*强调*",
            "- 一\n\n  续段",
            "- 一\n\n- 二",
            "  ",
            "1234567890. 十位",
        ];
        const GAPS: [&str; 6] = ["\n\n", "\n\n", "\n\n\n", "\n \n", "\n\t\n", "\n"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || xorshift(&mut seed);
        for _ in 0..20000 {
            let mut src = String::new();
            for i in 0..next() % 7 {
                if i > 0 {
                    src.push_str(GAPS[(next() % GAPS.len() as u64) as usize]);
                }
                src.push_str(BLOCKS[(next() % BLOCKS.len() as u64) as usize]);
            }
            if next() % 2 == 0 {
                src.push('\n');
            }
            if next() % 4 == 0 {
                src = src.replace('\n', "\r\n");
            }
            assert_eq!(to_html(&src), parsers(&src), "{src:?}");
        }
    }

    /// The demo's notices and roles, and the benchmark's notice (paragraphs, a list, a table), read alike both ways.
    #[test]
    fn real_bodies_read_alike_both_ways() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut bodies = Vec::new();
        for dir in ["notices", "roles"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
                bodies.push(text.splitn(3, "---\n").nth(2).unwrap_or_default().to_string());
            }
        }
        assert!(bodies.len() > 5);
        bodies.push("各位业主：\n\n物业服务中心将于近期组织专业人员，对相关设备进行全面检查。\n\n- 请勿堆放杂物\n- 请看管好儿童\n\n| 时间 | 区域 |\n|---|---|\n| 8:00 | 1栋 |\n\n感谢您的理解与支持。\n".into());
        for b in &bodies {
            assert_eq!(to_html(b), parsers(b), "{b:?}");
        }
    }

    #[test]
    fn lines_are_split_inclusive() {
        for s in ["", "a", "a\n", "\n", "\n\n", "停水\n通知", "a\r\nb\n\nc", "各位：\n\n"] {
            assert_eq!(lines(s).collect::<Vec<_>>(), s.split_inclusive('\n').collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        let h = to_html("[点我](javascript:alert(1)) [ok](https://example.org/)");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("https://example.org/"));
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        assert_eq!(summary("# 标题\n\n第一段\n文字。\n\n第二段", 50), "第一段 文字。");
        assert_eq!(summary("第一段文字。\n\n第二段", 3), "第一段…");
        assert_eq!(summary("各位业主、住户：\n\n明天停水。", 50), "明天停水。");
        // A paragraph of full-width spaces says nothing, by either way.
        assert_eq!(summary("\u{3000}\n\n停水\n\n", 50), "停水");
        assert_eq!(summary("\u{3000}\n\n- 停水\n", 50), "停水");
        // The usual notice opening takes the way without the parser.
        assert_eq!(plain_summary("各位业主：\n\n明天停水。\n请储水。\n\n", 80).as_deref(), Some("明天停水。 请储水。"));
        assert_eq!(plain_summary("明天*停水*。\n\n", 80), None);
    }

    /// Any text the two ways to a summary read alike: random lines of
    /// Chinese, spaces, line ends and every character Markdown acts on.
    #[test]
    fn summary_without_the_parser_is_the_parsers() {
        const PARTS: [&str; 24] = [
            "停水", "通知", "a", "1", " ", "  ", "\n", "\n\n", "\r\n", "\t", "*", "_", "\\", "&amp;", "!", "[x]", "`",
            "<b>", "：", ":", "　", "#", "- ", "> ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            let mut src = String::new();
            for _ in 0..(seed % 24) {
                src.push_str(PARTS[(xorshift(&mut seed) % PARTS.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            for max in [3, 25, 80] {
                assert_eq!(summary(&src, max), clip(&first_paragraph(&src).0, max), "{src:?}");
            }
        }
    }

    /// Reading only the plain opening paragraphs gives what reading the
    /// whole body gives, including where a later line would change them.
    #[test]
    fn summary_of_the_head_is_the_summary_of_the_whole() {
        let heads = ["各位业主：\n\n", "", "\n", "各位业主：\r\n\r\n", "致全体住户:\n  \n", "标题\n\n"];
        let firsts = [
            "明天停水。\n请储水。\n",
            "停水 [通知](https://x.org/) *重要* `代码`\n",
            "见 [说明]\n",
            "　\n全角空格行也是正文\n",
            "尾随两个空格  \n换行\n",
            "短\n",
            "各位：\n",
            "1. 第一条\n",
            "- 列表\n",
            "    缩进\n",
            "```\n代码\n\n仍是代码\n```\n",
            "<div>块</div>\n",
            "> 引用\n\n",
            "全角空格结尾　\n下一行\n",
            "制表符\t在中间\n",
            "尾随一个空格 \n换行\n",
            "强调 *一* 下_二_\n",
            "实体 &amp; 与 \\* 转义\n",
            "各位业主、住户：\n请注意：\n",
            "中文，标点。（括号）“引号”——破折号……\n第二行\n",
            "a\0b\n",
        ];
        let tails = [
            "\n第二段。\n",
            "\n[说明]: https://example.org/\n",
            "===\n",
            "- 列表项\n\n- 另一项\n",
            "\n```\n代码\n```\n",
            "",
            "\n\n第三段\n\n第四段",
        ];
        for h in heads {
            for f in firsts {
                for t in tails {
                    let src = format!("{h}{f}{t}");
                    assert_eq!(summary(&src, 80), clip(&first_paragraph(&src).0, 80), "{src:?}");
                    assert_eq!(summary(&src, 5), clip(&first_paragraph(&src).0, 5), "{src:?}");
                }
            }
        }
    }
}
