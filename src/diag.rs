//! Diagnostics: the one error type every layer produces.
//!
//! A clerk reads these, so each carries the file, the 1-based line and
//! column (in Unicode characters) and a message in the site's language.
//! Layers never stop at the first problem: they push into a [`Diags`]
//! collector and the caller decides the exit code from what was collected.

use crate::i18n::tr;
use std::fmt;

pub mod code;
pub use code::Code;

/// Where in a file a problem is: 1-based line and column (Unicode characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    /// 1-based line, counted in the whole file.
    pub line: u32,
    /// 1-based column in Unicode characters.
    pub col: u32,
}

impl Pos {
    /// The start of a file, used for file-level problems.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// Builds a position from 1-based line and column.
    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line: line as u32, col: col as u32 }
    }

    /// Moves a position found inside an embedded block (front matter) down by `lines`.
    pub fn shifted(self, lines: u32) -> Pos {
        Pos { line: self.line + lines, col: self.col }
    }
}

/// How bad a problem is: errors fail a check or build, warnings only under `--strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    /// Fails the command.
    Error,
    /// Printed; fails only under `--strict`.
    Warning,
}

/// One problem in one file, printed as `PATH:LINE:COL: error: MESSAGE`
/// (`PATH:LINE:COL: error[E-CODE]: MESSAGE` in `--message-format short`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Display path: the `--content` argument as given joined with the path inside it.
    pub path: String,
    /// Where the problem is.
    pub pos: Pos,
    /// What kind of problem: the stable id tests and tools match on.
    pub code: Code,
    /// Error or warning (the code's severity).
    pub severity: Severity,
    /// What is wrong, in the site's language.
    pub message: String,
    /// How to fix it, when we can say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic; its severity is the code's.
    pub fn new(code: Code, path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), pos, code, severity: code.severity(), message: message.into(), help: None }
    }

    /// The one-line form for editors and CI: `PATH:LINE:COL: error[E-CODE]: MESSAGE`.
    pub fn short(&self) -> String {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            self.path,
            self.pos.line,
            self.pos.col,
            self.severity.keyword(),
            self.code.id(),
            self.message
        )
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn keyword(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.path, self.pos.line, self.pos.col, self.severity.keyword(), self.message)
    }
}

/// A collector of diagnostics for one file (or one cross-file pass).
#[derive(Debug, Default)]
pub struct Diags {
    /// Everything collected so far, in the order found.
    pub list: Vec<Diagnostic>,
}

impl Diags {
    /// Adds a diagnostic (an error or a warning, as its code says).
    pub fn push(&mut self, code: Code, path: &str, pos: Pos, msg: impl Into<String>) {
        self.list.push(Diagnostic::new(code, path, pos, msg));
    }
    /// Adds a diagnostic with a help line.
    pub fn push_help(&mut self, code: Code, path: &str, pos: Pos, msg: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::new(code, path, pos, msg);
        d.help = help;
        self.list.push(d);
    }
    /// Whether any error (not warning) was collected.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }
    /// Appends another collector's diagnostics.
    pub fn extend(&mut self, other: Vec<Diagnostic>) {
        self.list.extend(other);
    }
}

/// Orders diagnostics by path, then position, so output is stable across runs
/// (files are parsed in parallel).
pub fn sort(list: &mut [Diagnostic]) {
    list.sort_by(|a, b| {
        (a.path.as_str(), a.pos, a.severity, a.message.as_str()).cmp(&(
            b.path.as_str(),
            b.pos,
            b.severity,
            b.message.as_str(),
        ))
    });
}

/// Suggests the closest candidate to a misspelt name ("did you mean").
pub fn did_you_mean<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(got, c);
        let lev = strsim::levenshtein(got, c);
        // Short inputs only get a suggestion one edit away (`x` must not suggest `面访`).
        let close = (score > 0.8 && got.chars().count() > 2) || lev <= (got.chars().count() / 3).max(1);
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// Finds the record an id was meant to name when it differs only in how it
/// was typed: leading zeros in a number (`BS-2026-11-007` for
/// `BS-2026-11-0007`), letter case, full-width characters, spaces.
pub struct IdIndex<'a> {
    by_key: std::collections::HashMap<String, &'a str>,
}

impl<'a> IdIndex<'a> {
    /// Indexes the existing ids.
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> IdIndex<'a> {
        IdIndex { by_key: ids.into_iter().map(|id| (id_key(id), id)).collect() }
    }

    /// The existing id `got` most likely means, if one differs only in typing.
    pub fn near(&self, got: &str) -> Option<&'a str> {
        self.by_key.get(&id_key(got)).copied().filter(|id| *id != got)
    }

    /// The "did you mean" help line for `got`.
    pub fn hint(&self, got: &str, lang: crate::i18n::Lang) -> Option<String> {
        self.near(got).map(|h| tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"))
    }
}

/// An id with digit runs stripped of leading zeros, case folded, full-width made ASCII.
fn id_key(id: &str) -> String {
    let half = crate::scalars::fix::half_width(id);
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            let t = digits.trim_start_matches('0');
            out.push_str(if t.is_empty() { "0" } else { t });
            digits.clear();
        }
    };
    for c in half.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.extend(c.to_uppercase());
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// Formats diagnostics for a terminal: the contract's first line, then the
/// offending source line with a caret under the value and the help line.
///
/// Source files are read once each, only when a diagnostic points into them.
pub struct Printer {
    /// Only the first line of each diagnostic (`--message-format short`).
    pub short: bool,
    /// ANSI colours (only on a terminal).
    pub color: bool,
    cache: std::collections::HashMap<String, Option<(String, Vec<usize>)>>,
}

impl Printer {
    /// A printer; `short` for editors and CI, `color` only when stderr is a TTY.
    pub fn new(short: bool, color: bool) -> Printer {
        Printer { short, color, cache: Default::default() }
    }

    fn line<'s>(&'s mut self, path: &str, line: u32) -> Option<&'s str> {
        let entry = self.cache.entry(path.to_string()).or_insert_with(|| {
            // Never follow a symlink: one pointing out of the content directory
            // is refused, and its target must not leak into a snippet.
            let meta = std::fs::symlink_metadata(path).ok()?;
            if meta.file_type().is_symlink() {
                return None;
            }
            if meta.len() > 256 * 1024 * 1024 {
                return None;
            }
            let mut bytes = std::fs::read(path).ok()?;
            if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes.drain(..3);
            }
            let text = String::from_utf8(bytes).ok()?;
            let mut starts = vec![0];
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            Some((text, starts))
        });
        let (text, starts) = entry.as_ref()?;
        let i = (line as usize).checked_sub(1)?;
        let start = *starts.get(i)?;
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        Some(text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// Renders one diagnostic (no trailing newline).
    pub fn render(&mut self, d: &Diagnostic) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        if self.short {
            return d.short();
        }
        let first = d.to_string();
        let color = self.color;
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let help = d.help.clone();
        let snippet = self.line(&d.path, d.pos.line).map(str::to_string);
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let mut group = Group::with_level(level.clone());
        let mut has = false;
        if let Some(src) = snippet.as_deref().filter(|s| s.chars().count() < 400) {
            let col = (d.pos.col as usize).saturating_sub(1);
            let start = src.char_indices().nth(col).map(|(i, _)| i).unwrap_or(src.len());
            let rest = &src[start..];
            let len = token_len(rest);
            group = group.element(
                Snippet::source(src)
                    .line_start(d.pos.line as usize)
                    .annotation(AnnotationKind::Primary.span(start..start + len)),
            );
            has = true;
        }
        if let Some(h) = &help {
            group = group.element(Level::HELP.message(h.as_str()));
            has = true;
        }
        if !has {
            return first;
        }
        format!("{first}\n{}", renderer.render(&[group]))
    }
}

/// Length in bytes of the value starting a line remainder, for the caret.
fn token_len(rest: &str) -> usize {
    // A slip points at one character: a full-width colon or space, a tab, a
    // bare `:`, an unclosed quote, a `-` stuck to its key.
    let mut chars = rest.chars();
    if let Some(c) = chars.next() {
        let next = chars.next();
        let one = match c {
            '：' | '\t' | '\u{3000}' | ':' => true,
            '-' => next.is_some_and(|n| !n.is_ascii_digit() && n != ' '),
            '"' | '\'' => !rest[1..].contains(c),
            _ => false,
        };
        if one {
            return c.len_utf8();
        }
    }
    let mut in_quote: Option<char> = None;
    let mut len = 0;
    for (i, c) in rest.char_indices() {
        if i == 0 && (c == '"' || c == '\'') {
            in_quote = Some(c);
            len = c.len_utf8();
            continue;
        }
        if let Some(q) = in_quote {
            len = i + c.len_utf8();
            if c == q {
                return len;
            }
            continue;
        }
        if matches!(c, ',' | ']' | '}' | '#')
            || (c == ':' && rest[i + 1..].starts_with(' '))
            || c == ':' && i + 1 == rest.len()
        {
            break;
        }
        len = i + c.len_utf8();
    }
    // A value of nothing but white space (a no-break space, U+2028) trims to
    // nothing: point at its first character, whole, never inside it (the
    // snippet renderer panics on a span that splits a character).
    match rest[..len].trim_end().len() {
        0 => rest.chars().next().map_or(1, char::len_utf8),
        n => n,
    }
}

/// Prints diagnostics to stderr (`short`: first lines only); colours only
/// when stderr is a terminal and `NO_COLOR` is unset. Returns (errors, warnings).
pub fn eprint(list: &[Diagnostic], short: bool) -> (usize, usize) {
    use std::io::{IsTerminal, Write};
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut printer = Printer::new(short, color);
    let (mut errors, mut warnings) = (0, 0);
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in list {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        let _ = writeln!(err, "{}", printer.render(d));
    }
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every caret lands on whole characters, whatever white space or
    /// multi-byte text the line holds at the column (a fuzzed file with
    /// `[] ` and U+2028 once made the snippet renderer panic).
    #[test]
    fn snippets_never_split_a_character() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("surveys.yaml");
        let lines =
            ["[] \u{2028}", "a: [\u{a0}", "b:\u{3000}\u{2028}x", "c: 值\u{2029}", "\u{85}", "d: \"\u{2028}", ""];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let shown = path.to_string_lossy().to_string();
        let mut printer = Printer::new(false, false);
        for (i, line) in lines.iter().enumerate() {
            for col in 1..=line.chars().count() + 2 {
                let d = Diagnostic::new(Code::YamlSyntax, shown.clone(), Pos::new(i + 1, col), "x");
                assert!(printer.render(&d).contains("x"), "line {} col {col}", i + 1);
            }
        }
        for rest in ["\u{2028}", "\u{a0}\u{a0}", "\u{3000}", "值 ", ""] {
            let n = token_len(rest);
            assert!(n >= 1 && (rest.is_empty() || rest.is_char_boundary(n)), "{rest:?} -> {n}");
        }
    }
}
