//! The head-office commands: `wuye figures` (an estate's export) and
//! `wuye portfolio` (the company site). Thin: the work is in
//! [`crate::figures`] and [`crate::portfolio`].

use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{ContentArgs, as_of, print_diags, ui};
use crate::output::{MARKER, Rendered};
use crate::portfolio::{self, pages};

/// `wuye figures`: invalid content prints its diagnostics and writes
/// nothing (1); an implausible --date span is a usage error (2).
pub fn figures(args: &ContentArgs, out: Option<&Path>) -> i32 {
    let loaded = args.load();
    let (errors, _) = print_diags(&loaded.diags);
    let Some(estate) = loaded.estate.filter(|_| errors == 0) else {
        eprintln!("figures failed: {errors} error(s); nothing written");
        return 1;
    };
    let as_of = as_of(args.date, &estate.site);
    let export = match crate::figures::export(&estate, as_of) {
        Ok(e) => e,
        Err(months) => {
            eprintln!(
                "error: --date {as_of} is {months} months after the first records (at most {}): check the date / 日期与最早的记录相隔 {months} 个月，请检查 --date",
                crate::figures::MAX_MONTHS
            );
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
                eprintln!("error: cannot write {}: {e}", path.display());
                return 1;
            }
            if !ui().quiet {
                eprintln!("wrote {n} periods of {} as of {as_of} into {}", export.estate, path.display());
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
fn check_output(output: &Path, file: &Path, contents: &[&Path], force: bool) -> Result<(), String> {
    crate::output::check_output_dir(output, file, force)?;
    for c in contents {
        crate::output::check_output_dir(output, c, force)?;
    }
    let marker = std::fs::read_to_string(output.join(MARKER)).unwrap_or_default();
    if !marker.is_empty() && !marker.contains("wuye portfolio") {
        return Err(format!(
            "{} holds an estate site built by `wuye build`: choose another --output (e.g. output/portfolio)",
            output.display()
        ));
    }
    Ok(())
}

/// `wuye portfolio`: every problem of the file and its estates is printed
/// before exiting 1; the previous company site is left untouched.
pub fn portfolio(file: &Path, output: &Path, as_of: NaiveDate, force: bool) -> i32 {
    let started = std::time::Instant::now();
    let shown = file.display().to_string();
    let failed = |errors: usize| {
        eprintln!("portfolio failed: {errors} error(s); {} was not changed", output.display());
        1
    };
    let (parsed, diags) = portfolio::parse(file, &shown);
    let (file_errors, _) = print_diags(&diags);
    let Some(p) = parsed else { return failed(file_errors) };
    let contents: Vec<&Path> =
        p.entries.iter().filter(|e| e.source == portfolio::Source::Content).map(|e| e.path.as_path()).collect();
    if let Err(e) = check_output(output, file, &contents, force) {
        eprintln!("error: {e}");
        return 2;
    }
    let t = std::time::Instant::now();
    let (members, diags) = portfolio::load(&p, &shown, as_of);
    crate::diag::phase("load estates", t);
    let (errors, _) = print_diags(&diags);
    if errors + file_errors > 0 {
        return failed(errors + file_errors);
    }
    let t = std::time::Instant::now();
    let theme_dir = crate::site::theme::Theme::override_dir(file);
    let rollup = pages::Rollup::new(&p, &members, as_of);
    let rendered = crate::site::theme::Theme::load(&theme_dir).and_then(|theme| pages::render(&rollup, as_of, &theme));
    crate::diag::phase("roll-up and render", t);
    let site = match rendered {
        Ok(pages) => Rendered { public: pages, internal: Vec::new() },
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
    crate::diag::phase("privacy guard", t);
    if !leaks.is_empty() {
        let (e, _) = print_diags(&leaks);
        return failed(e);
    }
    let t = std::time::Instant::now();
    if let Err(e) = crate::output::write_dir(output, &site.public) {
        eprintln!("error: cannot write {}: {e}", output.display());
        return 1;
    }
    crate::diag::phase("write: temporary directory and swap", t);
    if !ui().quiet {
        let html = site.public.iter().filter(|p| p.path.ends_with(".html")).count();
        eprintln!(
            "built the company site: {} estates, {html} pages ({}) in {:.2} s into {}",
            members.len(),
            pages::latest_finished(as_of),
            started.elapsed().as_secs_f64(),
            output.display()
        );
    }
    0
}
