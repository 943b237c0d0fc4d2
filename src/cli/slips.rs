//! Command-line slips in the clerk's words: a mistyped command, option or
//! value, said in the estate's language with the whole corrected command to
//! paste.
//!
//! Why not clap's own text: it is English ("unrecognized subcommand 'chek'
//! … For more information, try '--help'"), and a clerk who typed
//! `wuye chek` needs `wuye check` back, not a tip to rebuild it from. clap's
//! error context (what was typed, what it suggests, what is accepted) is
//! read here and worded through [`say`]. Help and version are not slips
//! (their language is [`super::help`]'s); the rare kinds without such
//! context keep clap's text.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::{Lang, say};

/// A value reader's slip already worded for the clerk (the date and month
/// readers', with the text to paste): printed as it is, not framed again.
#[derive(Debug)]
pub struct Worded(pub String);

impl std::fmt::Display for Worded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Worded {}

/// The slip `e` made on command line `args` (the program name first), worded
/// in `lang`; `None` where clap's own text stands (help, version, rare kinds).
pub fn usage_slip(e: &clap::Error, args: &[String], lang: Lang) -> Option<String> {
    let typed: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let string = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let strings = |k| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let sub = subcommand(&typed);
    // The command whose help lists what the line could have said.
    let help = sub.map_or_else(|| "wuye --help".to_string(), |s| format!("wuye {s} --help"));
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let bad = string(ContextKind::InvalidSubcommand)?;
            // clap lists its guesses from the least to the most likely.
            let fixed = strings(ContextKind::SuggestedSubcommand).pop().map(|s| corrected(&typed, bad, &s));
            Some(say::no_such_command(lang, bad, fixed.as_deref()))
        }
        ErrorKind::UnknownArgument => {
            let bad = string(ContextKind::InvalidArg)?;
            let fixed = string(ContextKind::SuggestedArg).map(|s| corrected(&typed, bad, s));
            if !bad.starts_with('-') && fixed.is_none() {
                // A word past the arguments the command takes: the line without it.
                return Some(say::word_extra(lang, bad, &help, &without(&typed, bad)));
            }
            Some(say::no_such_option(lang, bad, &help, fixed.as_deref()))
        }
        ErrorKind::TooManyValues => {
            // A switch given a value (`--strict=yes`): clap names the switch in its usage only.
            let bad = string(ContextKind::InvalidValue)?;
            let word = typed.iter().find(|w| w.starts_with("--") && w.ends_with(&format!("={bad}")))?;
            let switch = word.split('=').next()?;
            Some(say::switch_value(lang, switch, &corrected(&typed, word, switch)))
        }
        ErrorKind::InvalidValue => {
            let arg = name_of(string(ContextKind::InvalidArg)?);
            let bad = string(ContextKind::InvalidValue).unwrap_or_default();
            let valid = strings(ContextKind::ValidValue).join(list_sep(lang));
            if bad.is_empty() {
                return Some(say::value_missing(lang, arg, &valid));
            }
            let fixed = string(ContextKind::SuggestedValue).map(|s| corrected(&typed, bad, s));
            Some(say::value_not_accepted(lang, bad, arg, &valid, fixed.as_deref()))
        }
        ErrorKind::ValueValidation => {
            let arg = name_of(string(ContextKind::InvalidArg)?);
            let source = std::error::Error::source(e)?;
            // A reader of ours worded the slip already, with the text to paste.
            if let Some(Worded(message)) = source.downcast_ref::<Worded>() {
                return Some(format!("error: {message}"));
            }
            let text = source.to_string();
            // clap's range check says `99999 is not in 0..=65535`.
            let range = text.split_once(" is not in ").and_then(|(_, r)| r.split_once("..="));
            let why = if source.is::<std::num::ParseIntError>() {
                say::whole_number_needed(lang)
            } else if source.is::<std::net::AddrParseError>() {
                say::ip_address_needed(lang)
            } else if let Some((low, high)) = range {
                say::number_between(lang, low, high)
            } else {
                text
            };
            let bad = string(ContextKind::InvalidValue).unwrap_or_default();
            Some(say::value_invalid(lang, bad, arg, &why, &help))
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(ContextKind::InvalidArg).join(list_sep(lang));
            let usage = match e.get(ContextKind::Usage) {
                Some(ContextValue::StyledStr(u)) => u.to_string(),
                _ => String::new(),
            };
            let usage = usage.trim().trim_start_matches("Usage:").trim();
            Some(say::arguments_missing(lang, &missing, usage, example(sub).as_deref()))
        }
        ErrorKind::ArgumentConflict => {
            let a = name_of(string(ContextKind::InvalidArg)?);
            let b = strings(ContextKind::PriorArg).into_iter().next()?;
            // clap reports an option given twice as in conflict with itself.
            if name_of(&b) == a {
                return Some(say::option_twice(lang, a));
            }
            Some(say::options_conflict(lang, a, name_of(&b)))
        }
        _ => None,
    }
}

/// `--period <PERIOD>` → `--period`; a positional `<KIND>` stays as it is.
fn name_of(arg: &str) -> &str {
    if arg.starts_with('-') { arg.split([' ', '=']).next().unwrap_or(arg) } else { arg }
}

fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// The subcommand the line names, if any (the first word that is one).
fn subcommand<'a>(typed: &[&'a str]) -> Option<&'a str> {
    use clap::CommandFactory;
    let cmd = super::Cli::command();
    typed.iter().copied().find(|t| cmd.get_subcommands().any(|s| s.get_name() == *t))
}

/// The `Example:` line of a subcommand's help (each command has one).
fn example(sub: Option<&str>) -> Option<String> {
    use clap::CommandFactory;
    let cmd = super::Cli::command();
    super::help::example(&cmd.find_subcommand(sub?)?.get_long_about()?.to_string())
}

/// The command line again without the word `bad` (its first time).
fn without(typed: &[&str], bad: &str) -> String {
    let at = typed.iter().position(|w| *w == bad);
    pasted(typed.iter().enumerate().filter(|(i, _)| Some(*i) != at).map(|(_, w)| (*w).to_string()))
}

/// The command line again with the slip `bad` replaced by `good` (also in
/// `--opt=value`): the text to paste. Words with spaces are quoted.
fn corrected(typed: &[&str], bad: &str, good: &str) -> String {
    let mut done = false;
    let words = typed.iter().map(|w| {
        if done {
            (*w).to_string()
        } else if *w == bad {
            done = true;
            good.to_string()
        } else if let Some(value) = w.strip_prefix(bad).and_then(|r| r.strip_prefix('=')) {
            done = true;
            format!("{good}={value}")
        } else {
            (*w).to_string()
        }
    });
    pasted(words)
}

/// `wuye` and `words`, as a line to paste: words with spaces are quoted.
fn pasted(words: impl Iterator<Item = String>) -> String {
    let quoted = words.map(|w| if w.is_empty() || w.contains(char::is_whitespace) { format!("\"{w}\"") } else { w });
    std::iter::once("wuye".to_string()).chain(quoted).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn slip(line: &str, lang: Lang) -> String {
        let args: Vec<String> = line.split(' ').map(str::to_string).collect();
        let e = super::super::Cli::try_parse_from(&args).unwrap_err();
        usage_slip(&e, &args, lang).unwrap_or_else(|| panic!("no slip for {line}: {e}"))
    }

    #[test]
    fn each_slip_gives_the_command_to_paste() {
        let s = slip("wuye chek --content content", Lang::Zh);
        assert!(s.contains("没有 `chek` 这个命令") && s.ends_with("wuye check --content content"), "{s}");
        let s = slip("wuye build --ouput=out --content content", Lang::Zh);
        assert!(s.contains("`--ouput`") && s.ends_with("wuye build --output=out --content content"), "{s}");
        let s = slip("wuye import ticket 报事台账.xlsx --month 2026-10", Lang::Zh);
        assert!(s.contains("tickets、complaints、fees"), "{s}");
        assert!(s.ends_with("wuye import tickets 报事台账.xlsx --month 2026-10"), "{s}");
        let s = slip("wuye import tickets", Lang::Zh);
        assert!(s.contains("--month <MONTH>、<FILE>") && s.contains("wuye import tickets 报事台账.xlsx"), "{s}");
        let s = slip("wuye kpi --period", Lang::Zh);
        assert!(s.contains("`--period` 后面"), "{s}");
        let s = slip("wuye demo --units abc", Lang::Zh);
        assert!(s.contains("`abc`") && s.contains("wuye demo --help"), "{s}");
        let s = slip("wuye serve --port 99999", Lang::Zh);
        assert!(s.contains("要写 0 到 65535 之间的整数") && !s.contains("is not in"), "{s}");
        let s = slip("wuye serve --bind localhost", Lang::Zh);
        assert!(s.contains("要写一个 IP 地址"), "{s}");
        let s = slip("wuye build --output a --output b", Lang::Zh);
        assert!(s.contains("`--output` 只能写一次"), "{s}");
        let s = slip("wuye kpi --period 2026-10 extra", Lang::Zh);
        assert!(s.contains("多了 `extra`") && s.ends_with("\n  wuye kpi --period 2026-10"), "{s}");
        let s = slip("wuye check --strict=yes --content content", Lang::Zh);
        assert!(s.contains("`--strict` 是开关") && s.ends_with("\n  wuye check --strict --content content"), "{s}");
        let s = slip("wuye chek", Lang::En);
        assert!(s.contains("no command `chek`") && s.ends_with("wuye check"), "{s}");
    }

    #[test]
    fn help_and_version_keep_clap_text() {
        for line in ["wuye --help", "wuye --version", "wuye build --help"] {
            let args: Vec<String> = line.split(' ').map(str::to_string).collect();
            let e = super::super::Cli::try_parse_from(&args).unwrap_err();
            assert!(usage_slip(&e, &args, Lang::Zh).is_none(), "{line}");
        }
    }
}
