//! Writing YAML scalars: the one quoter of the crate.
//!
//! `wuye import` (through [`Val`]) and `wuye demo` (through [`Scalar`]) write
//! every value with these rules, so a value reads back as the same string
//! by any YAML 1.1 or 1.2 reader, and the two writers cannot drift apart.
//! Quoting is always the double-quoted form with escapes; the styles differ
//! only in when a text may stay plain.

use std::fmt::{self, Display};

/// How a value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// As is: dates, datetimes, months, money, booleans.
    Plain,
    /// Text: plain when YAML reads it back as the same string, else double-quoted.
    Str,
    /// Always double-quoted (phone numbers).
    Quoted,
    /// Text that stays plain only when it is words: it starts with a
    /// non-ASCII letter and holds nothing but non-ASCII text, ASCII letters,
    /// digits and `-` (no ASCII space or punctuation, no U+3000), and
    /// [`plain_ok`] agrees. Stricter than [`Style::Str`]: the demo writes
    /// free text this way, so `3栋大堂` is quoted there (its files have been
    /// written so since the first release, and benchmarks and docs compare
    /// them byte for byte).
    Words,
}

/// One field's value in the contract's text form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Val {
    /// The value's text (unquoted).
    pub text: String,
    /// How to write it.
    pub style: Style,
}

impl Val {
    /// A value written as is.
    pub fn plain(text: impl Into<String>) -> Val {
        Val { text: text.into(), style: Style::Plain }
    }
    /// A text value.
    pub fn string(text: impl Into<String>) -> Val {
        Val { text: text.into(), style: Style::Str }
    }
    /// A text value that is always quoted.
    pub fn quoted(text: impl Into<String>) -> Val {
        Val { text: text.into(), style: Style::Quoted }
    }
    /// The value as YAML.
    pub fn yaml(&self) -> String {
        Scalar(&self.text, self.style).to_string()
    }
}

/// A borrowed text written in a [`Style`]: `format!("{}", Scalar(s, style))`
/// writes what [`Val::yaml`] writes, without an owned `Val` per field.
#[derive(Clone, Copy, Debug)]
pub struct Scalar<'a>(pub &'a str, pub Style);

impl Display for Scalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Scalar(s, style) = *self;
        let plain = match style {
            Style::Plain => true,
            Style::Str => plain_ok(s),
            Style::Quoted => false,
            Style::Words => words_only(s) && plain_ok(s),
        };
        if plain { f.write_str(s) } else { double_quoted(f, s) }
    }
}

/// Whether `s` can be written unquoted and read back, by any YAML 1.1 or 1.2
/// reader, as the same string.
pub fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s.trim() != s || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.chars().any(|c| c.is_control() || c == '\u{FEFF}' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    !looks_typed(s)
}

/// [`Style::Words`]' extra condition.
fn words_only(s: &str) -> bool {
    s.chars().next().is_some_and(|c| !c.is_ascii())
        && s.chars().all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-')
        && !s.contains('\u{3000}')
}

/// Words and numbers a YAML reader would turn into something other than a string.
fn looks_typed(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    if matches!(l.as_str(), "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n") {
        return true;
    }
    if matches!(l.trim_start_matches(['+', '-']), ".inf" | ".nan") {
        return true;
    }
    let body = l.trim_start_matches(['+', '-']);
    if body.starts_with("0x") || body.starts_with("0o") || body.starts_with("0b") {
        return body.len() > 2 && body[2..].bytes().all(|b| b.is_ascii_hexdigit() || b == b'_');
    }
    // Decimal numbers, exponents and 1.1's sexagesimal `21:14`.
    let numeric = !body.is_empty()
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'e' | b':' | b'+' | b'-'))
        && !body.contains('-')
        && body.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.');
    // Timestamps: `2026-10-03…`.
    let date = s.len() >= 8 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-';
    numeric || date
}

fn double_quoted(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\t' => out.write_str("\\t")?,
            '\r' => out.write_str("\\r")?,
            c if c.is_control() || matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}') => {
                write!(out, "\\u{:04X}", c as u32)?
            }
            c => out.write_char(c)?,
        }
    }
    out.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words stay plain; anything with ASCII punctuation, a space, a leading
    /// ASCII character or an ideographic space is quoted.
    #[test]
    fn words_style() {
        let w = |s: &str| Scalar(s, Style::Words).to_string();
        assert_eq!(w("厨房漏水"), "厨房漏水");
        assert_eq!(w("门禁卡-A1"), "门禁卡-A1");
        assert_eq!(w("3栋大堂"), "\"3栋大堂\"");
        assert_eq!(w("a: b"), "\"a: b\"");
        assert_eq!(w("大堂 门口"), "\"大堂 门口\"");
        assert_eq!(w("大堂\u{3000}门口"), "\"大堂\u{3000}门口\"");
        assert_eq!(w(""), "\"\"");
        assert_eq!(w("说\"好\"\n的"), "\"说\\\"好\\\"\\n的\"");
        // Stricter than `Str`, never looser: a word a reader would misread is quoted.
        assert_eq!(w("否\u{2028}"), "\"否\\u2028\"");
    }

    /// `Val::yaml` and `Scalar` are one writer.
    #[test]
    fn val_and_scalar_agree() {
        for s in ["3-2-1502", "0571", "a: b", "厨房", "说\"好\"\t的", ""] {
            for style in [Style::Plain, Style::Str, Style::Quoted, Style::Words] {
                assert_eq!(Val { text: s.into(), style }.yaml(), Scalar(s, style).to_string());
            }
        }
    }
}
