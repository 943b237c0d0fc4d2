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
    /// How diagnostics are printed: `human` (with source snippets) or `short` (first lines only).
    #[arg(long, global = true, value_enum, default_value = "human")]
    pub message_format: MessageFormat,
    /// Print nothing but diagnostics.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print per-phase timings.
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// Output settings chosen on the command line, read by every command.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ui {
    /// Diagnostic format.
    pub format: MessageFormat,
    /// `--quiet`.
    pub quiet: bool,
    /// `--verbose`.
    pub verbose: bool,
}

static UI: std::sync::OnceLock<Ui> = std::sync::OnceLock::new();

/// The output settings of this run.
pub fn ui() -> Ui {
    UI.get().copied().unwrap_or_default()
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
    /// Where the parse cache lives (beside content/, never inside it).
    #[arg(long, default_value = ".wuye-cache")]
    pub cache_dir: PathBuf,
    /// Parse every file again, ignoring the cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl ContentArgs {
    /// Loads and validates the content, using the parse cache unless `--no-cache`.
    pub fn load(&self) -> load::Loaded {
        let cache = if self.no_cache || self.cache_dir.starts_with(&self.content) {
            crate::records::cache::Cache::none()
        } else {
            crate::records::cache::Cache::at(&self.cache_dir)
        };
        load::load_with(&Source::new(&self.content), &cache)
    }
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
    /// Create a new estate: content/ with one example of every file, .gitignore and a README for office staff.
    ///
    /// Example: wuye new cuihu && cd cuihu && wuye check && wuye build
    New {
        /// The directory to create (or an empty one).
        dir: PathBuf,
        /// The day used to date the example records (YYYY-MM-DD); default today.
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
    },
    /// Print shell completions.
    ///
    /// Example: wuye completions bash > /etc/bash_completion.d/wuye
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the KPIs of one period (every record of the period counts, whatever --date says).
    ///
    /// Example: wuye kpi --period 2026-Q3 --format json
    Kpi {
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
        /// The period: YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year).
        #[arg(long)]
        period: String,
        /// `table` for a person (Chinese labels, targets), `json` as in the KPI contract.
        #[arg(long, value_enum, default_value = "table")]
        format: KpiFormat,
    },
}

/// How `wuye kpi` prints the figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum KpiFormat {
    /// Chinese labels, rounded percentages, targets and a mark where one is missed.
    #[default]
    Table,
    /// One JSON object exactly as in the KPI contract (unrounded rates).
    Json,
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

/// Prints diagnostics to stderr in the run's `--message-format`; returns (errors, warnings).
pub fn print_diags(list: &[Diagnostic]) -> (usize, usize) {
    print_diags_with(list, ui().format)
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// First line, source snippet with a caret, help.
    #[default]
    Human,
    /// First line only (`PATH:LINE:COL: error: …`), for editors and CI.
    Short,
}

/// Prints diagnostics in the given format; colours only when stderr is a terminal.
pub fn print_diags_with(list: &[Diagnostic], format: MessageFormat) -> (usize, usize) {
    use std::io::{IsTerminal, Write};
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut printer = crate::diag::Printer::new(format == MessageFormat::Short, color);
    let mut errors = 0;
    let mut warnings = 0;
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
    let _ = UI.set(Ui { format: cli.message_format, quiet: cli.quiet, verbose: cli.verbose });
    match cli.command {
        Command::Check { content, strict } => check(&content, strict),
        Command::New { dir, date } => new(&dir, date),
        Command::Kpi { content, period, format } => kpi(&content, &period, format),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "wuye", &mut std::io::stdout());
            0
        }
    }
}

fn check(args: &ContentArgs, strict: bool) -> i32 {
    let _today = today(args.date);
    let loaded = args.load();
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

fn new(dir: &std::path::Path, date: Option<NaiveDate>) -> i32 {
    match crate::scaffold::new_estate(dir, today(date)) {
        Ok(files) => {
            if !ui().quiet {
                eprintln!("created {} files in {}", files.len(), dir.display());
                eprintln!("next: cd {} && wuye check && wuye build", dir.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// `wuye kpi`: a bad period is a usage error (2); invalid content prints its
/// diagnostics and nothing on stdout (1); a period without records is fine.
fn kpi(args: &ContentArgs, period: &str, format: KpiFormat) -> i32 {
    let Some(period) = crate::kpi::Period::parse(period) else {
        eprintln!(
            "error: invalid --period `{period}`: use {} / --period 应为 YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）",
            crate::kpi::PERIOD_FORMS
        );
        return 2;
    };
    let loaded = args.load();
    let (errors, _) = print_diags(&loaded.diags);
    let Some(estate) = loaded.estate.filter(|_| errors == 0) else {
        return 1;
    };
    let figures = crate::kpi::compute(&estate, period);
    match format {
        KpiFormat::Json => match serde_json::to_string_pretty(&figures) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
        KpiFormat::Table => print!("{}", crate::kpi::table::render(&figures, &estate.site)),
    }
    0
}
