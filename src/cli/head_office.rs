//! The head-office commands: `wuye figures` (an estate's export) and
//! `wuye portfolio` (the company site). Thin: the work is in
//! [`crate::figures`] and [`crate::portfolio`].

use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{ContentArgs, as_of, print_diags, ui};
use crate::i18n::{Lang, say};
use crate::output::MARKER;
use crate::portfolio::{self, pages};
use crate::site::Rendered;

/// `wuye figures`: invalid content prints its diagnostics and writes
/// nothing (1); an implausible --date span is a usage error (2).
pub fn figures(args: &ContentArgs, out: Option<&Path>) -> i32 {
    let lang = args.lang();
    let loaded = args.load();
    let (errors, _) = print_diags(&loaded.diags);
    let Some(estate) = loaded.estate.filter(|_| errors == 0) else {
        eprintln!("{}", say::figures_failed(lang, errors));
        return 1;
    };
    let as_of = as_of(args.date, &estate.site);
    let export = match crate::figures::export(&estate, as_of) {
        Ok(e) => e,
        Err(months) => {
            let max = crate::figures::MAX_MONTHS as usize;
            eprintln!("{}", say::figures_span(lang, &as_of.to_string(), months as usize, max));
            return 2;
        }
    };
    let json = match serde_json::to_string_pretty(&export) {
        Ok(s) => s + "\n",
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let n = export.periods.len();
    match out {
        None => print!("{json}"),
        Some(path) => {
            if let Err(e) = write_atomically(path, json.as_bytes()) {
                eprintln!("{}", say::cannot_write(lang, &path.display().to_string(), &e.to_string()));
                return 1;
            }
            if !ui().quiet {
                let (shown, day) = (path.display().to_string(), as_of.to_string());
                eprintln!("{}", say::figures_written(lang, n, export.estate, &day, &shown));
            }
        }
    }
    0
}

/// Writes a file beside its destination, then renames it over it: a reader
/// (a CI upload, a portfolio run) never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        // A temporary file is private (0600); a figures file is an ordinary one.
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Refuses an output folder that is not ours to replace as a whole: the
/// usual checks, plus a `wuye build` output (its marker says so).
fn check_output(output: &Path, file: &Path, contents: &[&Path], force: bool, lang: Lang) -> Result<(), String> {
    let shown = output.display().to_string();
    let refused = |why: crate::output::Refused| format!("error: {}", why.message(lang, &shown));
    crate::output::check_output_dir(output, file, force).map_err(refused)?;
    for c in contents {
        crate::output::check_output_dir(output, c, force).map_err(refused)?;
    }
    let marker = std::fs::read_to_string(output.join(MARKER)).unwrap_or_default();
    if !marker.is_empty() && !marker.contains("wuye portfolio") {
        return Err(say::holds_estate_site(lang, &shown));
    }
    Ok(())
}

/// `wuye portfolio`: every problem of the file and its estates is printed
/// before exiting 1; the previous company site is left untouched.
pub fn portfolio(file: &Path, output: &Path, as_of: NaiveDate, force: bool) -> i32 {
    let started = std::time::Instant::now();
    let shown = file.display().to_string();
    let failed = |errors: usize, lang: Lang| {
        eprintln!("{}", say::portfolio_failed(lang, errors, &output.display().to_string()));
        1
    };
    let (parsed, diags) = portfolio::parse(file, &shown);
    let (file_errors, _) = print_diags(&diags);
    let Some(p) = parsed else { return failed(file_errors, Lang::Zh) };
    let lang = p.lang;
    let failed = |errors: usize| failed(errors, lang);
    let contents: Vec<&Path> =
        p.entries.iter().filter(|e| e.source == portfolio::Source::Content).map(|e| e.path.as_path()).collect();
    if let Err(e) = check_output(output, file, &contents, force, lang) {
        eprintln!("{e}");
        return 2;
    }
    let t = std::time::Instant::now();
    let (members, diags) = portfolio::load(&p, &shown, as_of);
    super::phase("load estates", t);
    let (errors, _) = print_diags(&diags);
    if errors + file_errors > 0 {
        return failed(errors + file_errors);
    }
    let t = std::time::Instant::now();
    let theme_dir = crate::site::theme::Theme::override_dir(file);
    let rollup = pages::Rollup::new(&p, &members, as_of);
    let rendered = crate::site::theme::Theme::load(&theme_dir).and_then(|theme| pages::render(&rollup, as_of, &theme));
    super::phase("roll-up and render", t);
    let site = match rendered {
        Ok(pages) => Rendered { public: pages, internal: Vec::new(), ..Default::default() },
        Err(diags) => {
            let (e, _) = print_diags(&diags);
            return failed(e);
        }
    };
    // Aggregates only, by construction; checked like a public site anyway.
    let t = std::time::Instant::now();
    let root = output.display().to_string();
    let leaks: Vec<_> = members
        .par_iter()
        .filter_map(|m| m.estate.as_ref())
        .flat_map(|e| crate::privacy::guard(e, &site, &root))
        .collect();
    super::phase("privacy guard", t);
    if !leaks.is_empty() {
        let (e, _) = print_diags(&leaks);
        return failed(e);
    }
    let t = std::time::Instant::now();
    if let Err(e) = crate::output::write_dir(output, &site.public) {
        eprintln!("{}", say::cannot_write(lang, &output.display().to_string(), &e.to_string()));
        return 1;
    }
    super::phase("write: temporary directory and swap", t);
    if !ui().quiet {
        let html = site.public.iter().filter(|p| p.path.ends_with(".html")).count();
        let (period, secs) = (pages::latest_finished(as_of).to_string(), started.elapsed().as_secs_f64());
        eprintln!("{}", say::portfolio_built(lang, members.len(), html, &period, secs, &output.display().to_string()));
    }
    0
}
