//! The command line: one small function per command.
//!
//! Exit codes: 0 success, 1 content errors (or warnings under `--strict`),
//! 2 a refused command line.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::diag::{Diagnostic, Severity};
use crate::records::load::{self, Source};

/// wuye: builds an estate's public and internal sites from its records.
#[derive(Parser, Debug)]
#[command(name = "wuye", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command that reads content shares.
#[derive(Args, Debug, Clone)]
pub struct ContentArgs {
    /// The content directory.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The day the site describes (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today.
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every content file and report every problem.
    ///
    /// Example: wuye check --content content --strict
    Check {
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
        /// Treat warnings as errors (for CI of a records repo).
        #[arg(long)]
        strict: bool,
    },
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::scalars::parse_date(s).ok_or_else(|| format!("`{s}` is not a date: use YYYY-MM-DD, e.g. 2026-10-03"))
}

/// The day the site describes: `--date`, else `SOURCE_DATE_EPOCH` (local time), else today.
pub fn today(arg: Option<NaiveDate>) -> NaiveDate {
    if let Some(d) = arg {
        return d;
    }
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()) {
        if let Some(t) = chrono::DateTime::from_timestamp(secs, 0) {
            return t.with_timezone(&chrono::Local).date_naive();
        }
    }
    chrono::Local::now().date_naive()
}

/// Prints diagnostics to stderr; returns (errors, warnings).
pub fn print_diags(list: &[Diagnostic]) -> (usize, usize) {
    let mut errors = 0;
    let mut warnings = 0;
    for d in list {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        eprintln!("{d}");
        if let Some(h) = &d.help {
            eprintln!("  = help: {h}");
        }
    }
    (errors, warnings)
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check { content, strict } => check(&content, strict),
    }
}

fn check(args: &ContentArgs, strict: bool) -> i32 {
    let _today = today(args.date);
    let loaded = load::load(&Source::new(&args.content));
    let (errors, warnings) = print_diags(&loaded.diags);
    if errors > 0 || (strict && warnings > 0) {
        eprintln!("check failed: {errors} error(s), {warnings} warning(s)");
        return 1;
    }
    if let Some(e) = &loaded.estate {
        let r = &e.records;
        eprintln!(
            "ok: {} units, {} month folders, {} tickets, {} complaints, {} bills, {} payments ({} warning(s))",
            e.households.len(),
            r.months.len(),
            r.tickets.len(),
            r.complaints.len(),
            r.bills.len(),
            r.payments.len(),
            warnings
        );
    }
    0
}
