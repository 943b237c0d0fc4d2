//! The command line: one small function per command.
//!
//! Exit codes: 0 success, 1 content errors (or warnings under `--strict`),
//! 2 a refused command line.

use crate::i18n::tr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

mod head_office;
mod help;
mod slips;

use crate::diag::{Diagnostic, Severity};
use crate::i18n::{Lang, say};
use crate::records::load;

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

/// The one global (as ripgrep's `messages.rs`): set once in [`main`] from the
/// flags, private, read through [`ui`]. It lives in the binary, so the
/// library has no global state.
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
    /// The day the site describes (YYYY-MM-DD): what is published and which periods are still running;
    /// default `as_of` in site.yaml, else SOURCE_DATE_EPOCH, else today.
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
    /// The language of this content's messages (site.yaml's `language`).
    pub fn lang(&self) -> Lang {
        crate::config::content_lang(&self.content)
    }

    /// Refuses a missing content directory as a command-line problem (exit 2),
    /// without a file position: there is no file. When the current folder is
    /// itself a content folder, says to run one level up or pass `--content .`.
    pub fn require(&self) -> Result<(), i32> {
        if self.content.is_dir() {
            return Ok(());
        }
        let lang = crate::config::content_lang(std::path::Path::new("."));
        let cwd = std::env::current_dir().map(|p| p.display().to_string()).unwrap_or_else(|_| ".".into());
        eprintln!("{}", say::no_content(lang, &self.content.display().to_string(), &cwd));
        if std::path::Path::new("site.yaml").is_file() {
            eprintln!("{}", say::run_one_level_up(lang));
        }
        Err(2)
    }

    /// The parse cache's folder: none with `--no-cache`, or when it would be
    /// inside the content directory (e.g. run from inside it), which must hold
    /// only what the office commits.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        use crate::output::absolute;
        (!self.no_cache && !absolute(&self.cache_dir).starts_with(absolute(&self.content)))
            .then(|| self.cache_dir.clone())
    }

    /// Loads and validates the content, using the parse cache unless `--no-cache`.
    pub fn load(&self) -> load::Loaded {
        let loaded = self.pipeline().load(crate::build::Change::Everything, &mut crate::build::Kept::one_off());
        print_timings(&loaded.timings);
        loaded
    }

    /// The build pipeline over this content (the public root named as `wuye build` names it).
    pub fn pipeline(&self) -> crate::build::Build {
        crate::build::Build {
            content: self.content.clone(),
            date: self.date,
            cache_dir: self.cache_dir(),
            drafts: false,
            public_root: "output/public".into(),
        }
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
    /// Generate a deterministic demo estate (for trying wuye and for benchmarks).
    ///
    /// Example: wuye demo --out /tmp/big/content --units 5000 --months 60 --notices 1000
    Demo {
        /// The content directory to write.
        #[arg(long)]
        out: PathBuf,
        /// Number of units.
        #[arg(long, default_value_t = 600)]
        units: u32,
        /// Number of months of records, ending at --last-month.
        #[arg(long, default_value_t = 15)]
        months: u32,
        /// Random seed (same seed, same files).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The last month with records (YYYY-MM).
        #[arg(long, default_value = "2026-11", value_parser = parse_last_month_arg)]
        last_month: crate::scalars::Month,
        /// Extra synthetic notices to write.
        #[arg(long, default_value_t = 0)]
        notices: u32,
    },
    /// Import a spreadsheet export (xlsx or CSV) into a month's records.
    ///
    /// Rows are checked like `wuye check`; a bad row is reported as
    /// FILE:ROW:COL and nothing is written. Records already present are
    /// skipped when identical and reported as conflicts when they differ
    /// (with --update, changed fields are written into them).
    ///
    /// Example: wuye import tickets 报事台账.xlsx --month 2026-10 --map 映射.yaml --update
    Import {
        /// What the sheet holds: tickets (报事), complaints (投诉) or fees (应收/实收).
        #[arg(value_enum)]
        kind: crate::import::ImportKind,
        /// The spreadsheet: .xlsx (also .xls, .ods) or .csv in UTF-8 or GB18030.
        file: PathBuf,
        /// The month folder the records go into (YYYY-MM); every row must belong to it.
        #[arg(long, value_parser = parse_month_arg)]
        month: crate::scalars::Month,
        /// A column mapping file (YAML `columns: {报事单号: id, …}`) for other header names.
        #[arg(long)]
        map: Option<PathBuf>,
        /// The workbook sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Apply a later export: records already in the month's file whose fields changed are
        /// updated in place (only their changed lines), and each change is printed.
        #[arg(long)]
        update: bool,
        /// Import rows Excel hides (skipped with a warning by default: often 作废 rows).
        #[arg(long)]
        include_hidden: bool,
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
    },
    /// Preview the site with live reload; builds in memory, never touches output/.
    ///
    /// Public site at http://127.0.0.1:8686/, internal site under /_internal/.
    /// Example: wuye serve --content content --port 8686 --drafts
    Serve {
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = crate::serve::DEFAULT_PORT)]
        port: u16,
        /// Address to listen on. Anything but loopback exposes the internal site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show draft notices as if published.
        #[arg(long)]
        drafts: bool,
    },
    /// Print shell completions.
    ///
    /// Example: wuye completions bash > /etc/bash_completion.d/wuye
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Build the public site (OUTPUT/public) and the internal site (OUTPUT/internal).
    ///
    /// A failed build (bad record, template error, personal data on a public
    /// page) prints every problem, exits 1 and leaves the previous output untouched.
    ///
    /// Example: wuye build --content content --output output --date 2026-11-30
    Build {
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
        /// The output directory; public/ and internal/ inside it are replaced.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// Adopt an existing non-empty output directory wuye did not create.
        #[arg(long)]
        force: bool,
    },
    /// Write JSON Schemas (draft 2020-12) of every content file, with the site's categories.
    ///
    /// For editors: VS Code with the YAML extension completes field names and
    /// flags unknown categories (`wuye new` maps the files in .vscode/settings.json).
    /// Run it again after changing the categories in site.yaml.
    ///
    /// Example: wuye schema --content content --out schemas
    Schema {
        /// The content directory (its site.yaml gives the category lists).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where the schema files go.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Print a month's meeting pack or a quarter's bulletin to PDF with Chrome, Edge or Chromium.
    ///
    /// A month (2026-10): the internal month analysis and that year's work-standard
    /// grid (内部资料). A quarter (2026-Q3): the public bulletin. A4, page numbers,
    /// bookmarks. The browser: --browser, else WUYE_BROWSER, else found on PATH or
    /// where Edge/Chrome are usually installed.
    ///
    /// Example: wuye pdf 2026-10 --out 十月会议材料.pdf
    Pdf {
        /// The period: YYYY-MM (meeting pack) or YYYY-Qn (bulletin).
        period: String,
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
        /// The PDF to write (default output/pdf/<estate>-<period>.pdf).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The browser's executable (Chrome, Edge or Chromium).
        #[arg(long)]
        browser: Option<PathBuf>,
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
        /// `table` for a person (labels in the site's language, targets), `json` as in the KPI contract.
        #[arg(long, value_enum, default_value = "table")]
        format: KpiFormat,
    },
    /// Write every month and quarter begun by --date as one JSON file for head office (schema wuye.figures/1).
    ///
    /// Each period is exactly what `wuye kpi --period P --format json` prints.
    /// Example: wuye figures --content content --out figures.json
    Figures {
        /// Content and date.
        #[command(flatten)]
        content: ContentArgs,
        /// The file to write (replaced atomically); default: standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build the company site over many estates (content folders or figures files).
    ///
    /// Example: wuye portfolio portfolio.yaml --output output/portfolio --date 2026-11-30
    Portfolio {
        /// The portfolio file (name, estates: - content: DIR | - figures: FILE, region).
        file: PathBuf,
        /// The output directory; replaced as a whole.
        #[arg(long, default_value = "output/portfolio")]
        output: PathBuf,
        /// The day the site describes (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today.
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
        /// Adopt an existing non-empty output directory wuye did not create.
        #[arg(long)]
        force: bool,
    },
}

/// How `wuye kpi` prints the figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum KpiFormat {
    /// The pages' labels in the site's language, rounded percentages, targets and a mark where one is missed.
    #[default]
    Table,
    /// One JSON object exactly as in the KPI contract (unrounded rates).
    Json,
}

/// The language command-line slips are worded in: they come before
/// `--content` is read, so that of the usual `content/` beside us (Chinese
/// when there is none).
fn slip_lang() -> Lang {
    crate::config::content_lang(std::path::Path::new("content"))
}

fn parse_month_arg(s: &str) -> Result<crate::scalars::Month, slips::Worded> {
    month_of("--month", s)
}

fn parse_last_month_arg(s: &str) -> Result<crate::scalars::Month, slips::Worded> {
    month_of("--last-month", s)
}

/// `s` as the month option `flag` takes, or the slip with the text to paste.
fn month_of(flag: &str, s: &str) -> Result<crate::scalars::Month, slips::Worded> {
    let fixed = || crate::scalars::fix::month(s);
    let slip = || slips::Worded(say::bad_month(slip_lang(), flag, s, fixed().as_deref()));
    crate::scalars::Month::parse(s).ok_or_else(slip)
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, slips::Worded> {
    let fixed = || crate::scalars::fix::date(s);
    crate::scalars::parse_date(s).ok_or_else(|| slips::Worded(say::bad_date(slip_lang(), s, fixed().as_deref())))
}

/// The day the site describes: `--date`, else `SOURCE_DATE_EPOCH` (local time), else today.
pub fn today(arg: Option<NaiveDate>) -> NaiveDate {
    crate::config::as_of_day(arg, None)
}

/// The day a site describes: `--date`, else `as_of` in site.yaml, else
/// `SOURCE_DATE_EPOCH`, else today ([docs/records.md](../docs/records.md), "The date a site describes").
pub fn as_of(arg: Option<NaiveDate>, site: &crate::config::Site) -> NaiveDate {
    crate::config::as_of_day(arg, site.as_of)
}

/// Prints diagnostics to stderr in the run's `--message-format`; returns (errors, warnings).
pub fn print_diags(list: &[Diagnostic]) -> (usize, usize) {
    print_diags_with(list, ui().format)
}

/// Prints errors in full and warnings as one line counting them (for
/// read-only commands such as `kpi`), or everything under `--verbose`.
pub fn print_diags_folded(list: &[Diagnostic], lang: Lang) -> (usize, usize) {
    if ui().verbose {
        return print_diags(list);
    }
    let (errs, warns): (Vec<Diagnostic>, Vec<Diagnostic>) =
        list.iter().cloned().partition(|d| d.severity == Severity::Error);
    let (errors, _) = print_diags(&errs);
    if !warns.is_empty() && !ui().quiet {
        eprintln!("{}", say::warnings_folded(lang, warns.len()));
    }
    (errors, warns.len())
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// First line, source snippet with a caret, help.
    #[default]
    Human,
    /// One line each with the stable code (`PATH:LINE:COL: error[E-…]: …`), for editors and CI.
    Short,
}

/// Prints diagnostics in the given format; colours only when stderr is a terminal.
pub fn print_diags_with(list: &[Diagnostic], format: MessageFormat) -> (usize, usize) {
    crate::diag::eprint(list, format == MessageFormat::Short)
}

/// A command line clap did not run: the slip in the clerk's words (exit 2),
/// or clap's own text (help and version, exit 0; rare kinds, exit 2).
fn refused(e: &clap::Error, lang: Lang) -> i32 {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    if let Some(message) = e.use_stderr().then(|| slips::usage_slip(e, &args, lang)).flatten() {
        eprintln!("{message}");
        return 2;
    }
    let _ = e.print();
    if e.use_stderr() { 2 } else { 0 }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let lang = slip_lang();
    let mut cmd = help::in_language(Cli::command(), lang);
    let matches = match cmd.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        // A help in Chinese: parsed again with the usage lines worded too (see `usages_in_chinese`).
        Err(e)
            if lang != Lang::En
                && matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) =>
        {
            let mut cmd = help::usages_in_chinese(cmd);
            let e = cmd.try_get_matches_from_mut(std::env::args_os()).err().unwrap_or(e);
            return refused(&e, lang);
        }
        Err(e) => return refused(&e, lang),
    };
    // The Chinese tree's own `help` command (clap's cannot be worded).
    if let Some(("help", sub)) = matches.subcommand() {
        // Every command's usage names the program (`wuye pdf …`), not the command alone.
        let mut cmd = help::usages_in_chinese(cmd);
        let named = sub.get_one::<String>("command").and_then(|n| cmd.find_subcommand_mut(n));
        let _ = match named {
            Some(s) => s.print_long_help(),
            None => cmd.print_long_help(),
        };
        return 0;
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return refused(&e, lang),
    };
    let _ = UI.set(Ui { format: cli.message_format, quiet: cli.quiet, verbose: cli.verbose });
    // A command that reads content needs the content directory (exit 2 without it).
    let needs = match &cli.command {
        Command::Check { content, .. }
        | Command::Kpi { content, .. }
        | Command::Build { content, .. }
        | Command::Import { content, .. }
        | Command::Figures { content, .. }
        | Command::Pdf { content, .. }
        | Command::Serve { content, .. } => Some(content),
        _ => None,
    };
    if let Some(Err(code)) = needs.map(ContentArgs::require) {
        return code;
    }
    match cli.command {
        Command::Check { content, strict } => check(&content, strict),
        Command::New { dir, date } => new(&dir, date),
        Command::Kpi { content, period, format } => kpi(&content, &period, format),
        Command::Build { content, output, force } => build(&content, &output, force),
        Command::Figures { content, out } => head_office::figures(&content, out.as_deref()),
        Command::Portfolio { file, output, date, force } => head_office::portfolio(&file, &output, today(date), force),
        Command::Pdf { period, content, out, browser } => pdf(&content, &period, out, browser),
        Command::Demo { out, units, months, seed, last_month: m, notices } => {
            if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
                eprintln!("{}", say::demo_not_empty(Lang::Zh, &out.display().to_string()));
                return 2;
            }
            let opts = crate::demo::DemoOptions { units, months, seed, last_month: (m.year, m.month), notices };
            match crate::demo::generate(&opts, &out) {
                Ok(n) => {
                    if !ui().quiet {
                        eprintln!("{}", say::demo_written(Lang::Zh, n, &out.display().to_string()));
                    }
                    0
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", out.display());
                    1
                }
            }
        }
        Command::Import { kind, file, month, map, sheet, update, include_hidden, content } => {
            let loaded = content.load();
            let opts = crate::import::Options {
                kind,
                file,
                month,
                map,
                sheet,
                include_hidden,
                content: content.content,
                update,
            };
            import(opts, loaded)
        }
        Command::Serve { content, port, bind, drafts } => {
            if !bind.is_loopback() {
                eprintln!("{}", say::exposed(content.lang(), &bind.to_string()));
            }
            let cache_dir = content.cache_dir();
            crate::serve::run(crate::serve::Options {
                content: content.content.clone(),
                date: content.date,
                bind,
                port,
                drafts,
                cache_dir,
                short_messages: ui().format == MessageFormat::Short,
            })
        }
        Command::Schema { content, out } => schema(&content, &out),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "wuye", &mut std::io::stdout());
            0
        }
    }
}

fn check(args: &ContentArgs, strict: bool) -> i32 {
    let mut loaded = args.load();
    if let Some(e) = &loaded.estate {
        loaded.diags.extend(args.pipeline().dated_checks(e));
    }
    let (errors, warnings) = print_diags(&loaded.diags);
    let lang = loaded.estate.as_ref().map_or_else(|| args.lang(), |e| e.site.lang);
    if errors > 0 || (strict && warnings > 0) {
        eprintln!("{}", say::check_failed(lang, errors, warnings));
        return 1;
    }
    if let Some(e) = &loaded.estate {
        let r = &e.records;
        let (units, months) = (e.households.len(), r.months.len());
        let (t, c, b, p) = (r.tickets.len(), r.complaints.len(), r.bills.len(), r.payments.len());
        eprintln!("{}", say::check_ok(lang, units, months, t, c, b, p, warnings));
    }
    0
}

/// `wuye schema`: site.yaml's categories into the schemas; a bad site.yaml is 1, no content 2.
fn schema(content: &std::path::Path, out: &std::path::Path) -> i32 {
    let args =
        ContentArgs { content: content.to_path_buf(), date: None, cache_dir: ".wuye-cache".into(), no_cache: true };
    if let Err(code) = args.require() {
        return code;
    }
    let lang = args.lang();
    let site = match crate::schema::site_of(content) {
        Ok(s) => s,
        Err(diags) => {
            let (errors, warnings) = print_diags(&diags);
            eprintln!("{}", say::check_failed(lang, errors, warnings));
            return 1;
        }
    };
    match crate::schema::write(&site, out) {
        Ok(files) => {
            if !ui().quiet {
                eprintln!("{}", say::schemas_written(lang, files.len(), &out.display().to_string()));
            }
            0
        }
        Err(e) => {
            eprintln!("{}", say::cannot_write(lang, &out.display().to_string(), &e.to_string()));
            1
        }
    }
}

fn new(dir: &std::path::Path, date: Option<NaiveDate>) -> i32 {
    match crate::scaffold::new_estate(dir, today(date)) {
        Ok(files) => {
            if !ui().quiet {
                eprintln!("{}", say::created(Lang::Zh, files.len(), &dir.display().to_string()));
                eprintln!("{}", say::next_steps(Lang::Zh, &dir.display().to_string()));
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
        let forms = crate::kpi::PERIOD_FORMS;
        let m = tr!(
            args.lang(),
            "error: --period `{period}` 无效：应为 YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）",
            "error: invalid --period `{period}`: use {forms}"
        );
        eprintln!("{m}");
        return 2;
    };
    let loaded = args.load();
    let (errors, _) = print_diags_folded(&loaded.diags, args.lang());
    let Some(estate) = loaded.estate.filter(|_| errors == 0) else {
        return 1;
    };
    let day = as_of(args.date, &estate.site);
    let Some(figures) = crate::kpi::report(&crate::kpi::KpiIndex::new(&estate), period, day) else {
        eprintln!("{}", say::period_not_begun(estate.site.lang, &period.to_string(), &day.to_string()));
        return 2;
    };
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

/// `wuye build`: the pipeline in memory (errors: print, exit 1, output
/// untouched) → atomic write → one summary line.
fn build(args: &ContentArgs, output: &std::path::Path, force: bool) -> i32 {
    use crate::build::{Build, Step};
    let started = std::time::Instant::now();
    let lang = args.lang();
    if let Err(why) = crate::output::check_output_dir(output, &args.content, force) {
        eprintln!("error: {}", why.message(lang, &output.display().to_string()));
        return 2;
    }
    // The build's temporary folder beside the output: notice pages go in as they are rendered.
    let stage = match crate::output::Stage::open(output) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", say::cannot_write(lang, &output.display().to_string(), &e.to_string()));
            return 1;
        }
    };
    let progress = Progress::start(lang);
    let build = Build {
        content: args.content.clone(),
        date: args.date,
        cache_dir: args.cache_dir(),
        drafts: false,
        // '/'-joined like every path in messages (Windows would write `output\public`).
        public_root: format!("{}/public", output.display()),
    };
    let mut outcome = build.run_into(&stage, &mut |step| {
        progress.phase(match step {
            Step::Loading => "loading",
            Step::Rendering => "computing and rendering",
            Step::Guarding => "checking for personal data",
        })
    });
    progress.clear();
    let (errors, warnings) = print_diags(&outcome.diags);
    let Some(rendered) = outcome.rendered.take().filter(|_| errors == 0) else {
        print_timings(&outcome.timings);
        eprintln!("{}", say::build_failed(lang, errors, warnings, &output.display().to_string()));
        return 1;
    };
    progress.phase("writing");
    let written = Build::write_staged(stage, &rendered, &mut outcome.timings);
    progress.clear();
    print_timings(&outcome.timings);
    if let Err(e) = written {
        eprintln!("{}", say::cannot_write(lang, &output.display().to_string(), &e.to_string()));
        return 1;
    }
    if !ui().quiet {
        let pages = |ps: &[crate::site::Page]| ps.iter().filter(|p| p.path.ends_with(".html")).count();
        let streamed = rendered.streamed.iter().filter(|p| p.ends_with(".html")).count();
        let (public, internal) = (pages(&rendered.public) + streamed, pages(&rendered.internal));
        // usize → u128 is lossless on every target.
        let group = |n: usize| crate::scalars::group_digits(n as u128);
        let (total, public, internal) = (group(public + internal), group(public), group(internal));
        let secs = started.elapsed().as_secs_f64();
        eprintln!("{}", say::built(lang, &total, &public, &internal, secs, &output.display().to_string(), warnings));
    }
    // The process ends now: the system takes the estate and the pages back at
    // once, faster than freeing them one by one (10,000 notices: ~5 ms on one core).
    std::mem::forget((outcome, rendered));
    0
}

/// Whether per-phase timings are shown: `--verbose`, or `WUYE_LOG` set (for benchmarks).
fn timings_wanted() -> bool {
    ui().verbose || std::env::var_os("WUYE_LOG").is_some()
}

/// Prints phase timings to stderr when they are wanted.
fn print_timings(t: &crate::timings::Timings) {
    if timings_wanted() {
        t.lines().for_each(|l| eprintln!("{l}"));
    }
}

/// Prints one phase's time when timings are wanted (commands outside the pipeline).
fn phase(name: &'static str, since: std::time::Instant) {
    let mut t = crate::timings::Timings::default();
    t.since(name, since);
    print_timings(&t);
}

/// `wuye pdf`: a bad period, a period not begun or without records, no
/// browser, or an `--out` inside a built site exit 2 with nothing written;
/// invalid content exits 1; a browser that fails or hangs exits 1.
fn pdf(args: &ContentArgs, period: &str, out: Option<PathBuf>, browser: Option<PathBuf>) -> i32 {
    use crate::site::pack::{Printable, Refusal};
    use crate::site::strings::tr;
    let started = std::time::Instant::now();
    let Some(what) = Printable::parse(period) else {
        eprintln!(
            "{}",
            tr!(
                args.lang(),
                "error: 期间 `{period}` 无效：应为 YYYY-MM（月）或 YYYY-Qn（季度），如 2026-10、2026-Q3",
                "error: invalid period `{period}`: use YYYY-MM (month) or YYYY-Qn (quarter), e.g. 2026-10, 2026-Q3"
            )
        );
        return 2;
    };
    let loaded = args.load();
    let errors = loaded.diags.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        print_diags(&loaded.diags);
    }
    let Some(estate) = loaded.estate.filter(|_| errors == 0) else {
        return 1;
    };
    let l = estate.site.lang;
    let today = as_of(args.date, &estate.site);
    // Warnings are `wuye check`'s business: one line here.
    let warnings = loaded.diags.len();
    if warnings > 0 && !ui().quiet {
        eprintln!(
            "{}",
            tr!(
                l,
                "note: 内容有 {warnings} 条警告（用 wuye check 查看）",
                "note: the content has {warnings} warning(s) (see wuye check)"
            )
        );
    }
    let default_out = out.is_none();
    let out = out.unwrap_or_else(|| {
        PathBuf::from("output").join("pdf").join(crate::pdf::file_name(&estate.site.estate, &what.stem()))
    });
    if let Some(site) = inside_built_site(&out) {
        let (shown, site) = (out.display(), site.display());
        eprintln!(
            "{}",
            tr!(
                l,
                "error: {shown} 在生成的网站 {site} 里，下次 build 会删除它：请换一个 --out",
                "error: {shown} is inside the built site {site}, which the next build replaces: choose another --out"
            )
        );
        return 2;
    }
    let browser = match crate::pdf::discover_here(browser.as_deref()) {
        Ok((b, _)) => b,
        Err(e) => {
            eprintln!("{}", no_browser(l, e));
            return 2;
        }
    };
    let theme_dir = crate::site::theme::Theme::override_dir(&args.content);
    let t = std::time::Instant::now();
    let set = crate::site::theme::Theme::load(&theme_dir)
        .map_err(Refusal::Diags)
        .and_then(|theme| crate::site::pack::print_set(&estate, today, &theme, what));
    phase("render: pages to print", t);
    let set = match set {
        Ok(s) => s,
        Err(Refusal::NotBegun(m) | Refusal::Nothing(m)) => {
            eprintln!("error: {m}");
            return 2;
        }
        Err(Refusal::Diags(d)) => {
            print_diags(&d);
            return 1;
        }
    };
    let leaks = crate::pdf::guard(&estate, &set);
    if !leaks.is_empty() {
        print_diags(&leaks);
        return 1;
    }
    // A fresh `output/` made here is wuye's, so a later `wuye build` may use it.
    let output = PathBuf::from("output");
    let mark = default_out && !output.exists();
    let t = std::time::Instant::now();
    let printed = crate::pdf::print(&browser, &set.files, &set.entry, &out, crate::pdf::timeout());
    phase("print: browser", t);
    if let Err(e) = printed {
        eprintln!("error: {}", print_failed(l, &browser, &out, e));
        return 1;
    }
    if mark {
        let _ = std::fs::write(
            output.join(crate::output::MARKER),
            "This directory is written by `wuye build`; public/ and internal/ are replaced on every build.\n",
        );
    }
    if !ui().quiet {
        let (shown, secs) = (out.display(), started.elapsed().as_secs_f64());
        eprintln!("{}", tr!(l, "已生成 {shown}（{secs:.1} 秒）", "wrote {shown} in {secs:.1} s"));
    }
    0
}

/// Why no browser was found, and how to name one.
fn no_browser(l: Lang, e: crate::pdf::NotFound) -> String {
    use crate::site::strings::tr;
    match e {
        crate::pdf::NotFound::Named(src, p) => {
            let (p, from) =
                (p.display(), if src == crate::pdf::Source::Arg { "--browser" } else { crate::pdf::ENV_VAR });
            tr!(
                l,
                "error: {from} 指定的浏览器 {p} 不存在或不可执行：请写浏览器程序的完整路径，如 \"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\"",
                "error: the browser {p} given by {from} does not exist or is not executable: give the full path of the browser program"
            )
        }
        crate::pdf::NotFound::Nowhere => tr!(
            l,
            "error: 找不到 Chrome、Edge 或 Chromium 浏览器，未生成 PDF：请安装 Microsoft Edge 或 Google Chrome（Linux 可安装 chromium），或用 --browser 路径 / 环境变量 WUYE_BROWSER 指定浏览器程序",
            "error: no Chrome, Edge or Chromium found, no PDF written: install Microsoft Edge or Google Chrome (chromium on Linux), or name the browser program with --browser PATH or the WUYE_BROWSER environment variable"
        ),
    }
}

/// Why printing failed, in the site's language.
fn print_failed(l: Lang, browser: &std::path::Path, out: &std::path::Path, e: crate::pdf::PrintError) -> String {
    use crate::pdf::PrintError;
    use crate::site::strings::tr;
    let b = browser.display();
    match e {
        PrintError::Io(e) => {
            let o = out.display();
            tr!(l, "无法写入 {o}：{e}", "cannot write {o}: {e}")
        }
        PrintError::Spawn(e) => tr!(l, "无法启动浏览器 {b}：{e}", "cannot start the browser {b}: {e}"),
        PrintError::Timeout(t) => {
            let s = t.as_secs();
            tr!(
                l,
                "浏览器 {b} 在 {s} 秒内没有完成打印，已终止（可用环境变量 WUYE_PDF_TIMEOUT 调整秒数）",
                "the browser {b} did not finish printing within {s} s and was stopped (WUYE_PDF_TIMEOUT sets the seconds)"
            )
        }
        PrintError::Failed(log) => tr!(l, "浏览器 {b} 没有生成 PDF：{log}", "the browser {b} wrote no PDF: {log}"),
    }
}

/// The built site (`…/public` or `…/internal` of a folder `wuye build`
/// wrote) that `path` would be inside: the next build would delete it.
fn inside_built_site(path: &std::path::Path) -> Option<PathBuf> {
    let abs = crate::output::absolute(path);
    let mut dir = abs.parent();
    while let Some(d) = dir {
        let parent = d.parent()?;
        let name = d.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if (name == "public" || name == "internal") && parent.join(crate::output::MARKER).exists() {
            return Some(d.to_path_buf());
        }
        dir = Some(parent);
    }
    None
}

/// A spinner naming the build phase: only on a terminal, never with `--quiet`,
/// and only once the build has run for about a second (fast builds stay silent).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lang: Lang,
}

impl Progress {
    fn start(lang: Lang) -> Progress {
        use std::io::IsTerminal;
        if ui().quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None, lang };
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(900));
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Progress { bar: Some(bar), lang }
    }
    fn phase(&self, name: &'static str) {
        if let Some(b) = &self.bar {
            b.set_message(say::phase(self.lang, name));
        }
    }
    fn clear(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn import(opts: crate::import::Options, loaded: load::Loaded) -> i32 {
    let outcome = crate::import::run_with(&opts, loaded);
    let sheet = opts.file.to_string_lossy();
    // Rows of a sheet have no source line to show: print them without a snippet.
    let (in_sheet, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
        outcome.diags.iter().cloned().partition(|d| d.path == sheet);
    let (mut errors, mut warnings) = print_diags(&others);
    for d in &in_sheet {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        match ui().format {
            MessageFormat::Short => eprintln!("{}", d.short()),
            MessageFormat::Human => eprintln!("{d}"),
        }
        if let (Some(h), MessageFormat::Human) = (&d.help, ui().format) {
            eprintln!("  = help: {h}");
        }
    }
    if errors > 0 {
        eprintln!("{}", say::import_failed(outcome.lang, errors, warnings));
        return 1;
    }
    if let Some(s) = outcome.summary.as_ref().filter(|_| !ui().quiet) {
        eprintln!("{s}");
    }
    0
}
