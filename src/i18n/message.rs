//! One bilingual message type: a text in Chinese and English, formatted only
//! in the language it is shown in.
//!
//! Before this there were several ways to write a message in two languages
//! (`Lang::t` with two eager `format!`s, pairs of strings, `[&str; 2]`, a
//! struct per module). Now a message is written once, where it arises, as
//! [`msg!`](crate::i18n::msg) (a [`Msg`] value to pass on) or
//! [`tr!`](crate::i18n::tr) (rendered at once for a known language); neither
//! formats the language that is not shown.

use std::borrow::Cow;
use std::fmt;

use super::Lang;

/// A message in both languages, rendered for one with [`Msg::render`].
///
/// Built by [`msg!`](crate::i18n::msg) from two format strings, the
/// arguments are captured unformatted ([`fmt::Arguments`]) and only the
/// rendered language is formatted. Such a value lives for the statement
/// that builds it (pass it straight to the function that reports it);
/// [`Msg::new`] holds texts that are already strings, and [`Msg::owned`]
/// two built strings, for a layer that reports before the language is
/// known (a file decoder, a spreadsheet reader).
#[derive(Clone)]
pub struct Msg<'a> {
    zh: Text<'a>,
    en: Text<'a>,
}

#[derive(Clone)]
enum Text<'a> {
    Args(fmt::Arguments<'a>),
    Str(&'a str),
    Owned(String),
}

impl<'a> Msg<'a> {
    /// Two format strings captured unformatted (what [`msg!`](crate::i18n::msg) expands to).
    pub fn lazy(zh: fmt::Arguments<'a>, en: fmt::Arguments<'a>) -> Msg<'a> {
        Msg { zh: Text::Args(zh), en: Text::Args(en) }
    }

    /// Two texts already at hand (from a table or another layer).
    pub const fn new(zh: &'a str, en: &'a str) -> Msg<'a> {
        Msg { zh: Text::Str(zh), en: Text::Str(en) }
    }

    /// Two strings already built (both languages formatted: only for a layer
    /// that cannot know the language; prefer [`msg!`](crate::i18n::msg)).
    pub fn owned(zh: impl Into<String>, en: impl Into<String>) -> Msg<'static> {
        Msg { zh: Text::Owned(zh.into()), en: Text::Owned(en.into()) }
    }

    fn text(&self, lang: Lang) -> &Text<'a> {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The text in `lang`; only that language is formatted.
    pub fn render(&self, lang: Lang) -> String {
        match self.text(lang) {
            Text::Args(a) => match a.as_str() {
                Some(s) => s.to_string(),
                None => a.to_string(),
            },
            Text::Str(s) => s.to_string(),
            Text::Owned(s) => s.clone(),
        }
    }

    /// The text in `lang`, taking an owned one without copying it.
    pub fn into_text(self, lang: Lang) -> String {
        let t = match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        };
        match t {
            Text::Owned(s) => s,
            other => Msg { zh: other.clone(), en: other }.render(Lang::Zh),
        }
    }

    /// The text in `lang`, borrowed when it needs no formatting.
    pub fn render_cow(&self, lang: Lang) -> Cow<'_, str> {
        match self.text(lang) {
            Text::Str(s) => Cow::Borrowed(s),
            Text::Owned(s) => Cow::Borrowed(s.as_str()),
            Text::Args(_) => Cow::Owned(self.render(lang)),
        }
    }
}

/// Two messages are equal when they read the same in both languages.
impl PartialEq for Msg<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.render(Lang::Zh) == other.render(Lang::Zh) && self.render(Lang::En) == other.render(Lang::En)
    }
}

impl fmt::Debug for Msg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Msg").field(&self.render(Lang::Zh)).field(&self.render(Lang::En)).finish()
    }
}

/// A bilingual [`Msg`]: `msg!("缺少 `{key}`", "missing `{key}`")`. Arguments are
/// captured from the surrounding code, as `format!` does, and formatted
/// only for the language the message is rendered in.
///
/// Positional arguments go in brackets, one pair per language:
/// `msg!(["{} 元", a.plain()], ["{} yuan", a.plain()])`.
#[macro_export]
macro_rules! msg {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::i18n::Msg::lazy(format_args!($zh), format_args!($en))
    };
    ([$zh:literal $(, $za:expr)* $(,)?], [$en:literal $(, $ea:expr)* $(,)?] $(,)?) => {
        $crate::i18n::Msg::lazy(format_args!($zh $(, $za)*), format_args!($en $(, $ea)*))
    };
}
pub use msg;

/// A text in `lang` at once: `tr!(lang, "第 {n} 项", "entry {n}")` formats
/// only the language asked for. Two expressions instead of two format
/// strings (`tr!(l, format!("{}", a), name)`) are likewise evaluated only for
/// the language asked for, and turned into a `String`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Zh => format!($zh),
            $crate::i18n::Lang::En => format!($en),
        }
    };
    ($lang:expr, $zh:expr, $en:expr $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Zh => ::std::convert::Into::<::std::string::String>::into($zh),
            $crate::i18n::Lang::En => ::std::convert::Into::<::std::string::String>::into($en),
        }
    };
}
pub use tr;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_only_the_language_asked_for() {
        struct Panics;
        impl fmt::Display for Panics {
            fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
                panic!("formatted the other language")
            }
        }
        let n = 3;
        let p = Panics;
        assert_eq!(msg!("{n} 条", "{n} items {p}").render(Lang::Zh), "3 条");
        assert_eq!(msg!("{p}", "{n} items").render(Lang::En), "3 items");
        assert_eq!(Msg::new("甲", "A").render_cow(Lang::En), "A");
        assert_eq!(tr!(Lang::En, "{n} 条", "{n} items"), "3 items");
    }
}
