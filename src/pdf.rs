//! `wuye pdf`: prints a month's meeting pack or a quarter's bulletin with a
//! Chromium-family browser the user already has (Edge ships with Windows).
//!
//! Why a plain subprocess (`--headless --print-to-pdf`) and no DevTools
//! crate: everything the PDF needs is available from the command line of
//! Chrome/Edge ≥ 131 — A4 and page numbers from the print stylesheet's
//! `@page` size and margin boxes, the document title from `<title>`, the
//! outline from `--generate-pdf-document-outline`, fonts embedded by Skia —
//! so a DevTools client (websocket, async runtime, version drift of the
//! protocol crates) would add risk without adding anything to the document.
//! Measured on the demo: one run is about 2 s, most of it browser start.
//!
//! Discovery ([`discover`]) is a pure function of the command line, the
//! environment and a file test, so its order is tested with fake executables.
//! The run ([`print()`]) gets a private temporary folder holding the pages and
//! a throwaway browser profile; a browser that hangs is killed (its whole
//! process group on Unix) after a timeout, and the folder is removed whatever
//! happens.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::site::{Page, Rendered};

/// Executable names looked up on `PATH`, in this order.
pub const PATH_NAMES: [&str; 6] =
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "msedge"];

/// The environment variable naming the browser.
pub const ENV_VAR: &str = "WUYE_BROWSER";

/// How long one print may take before the browser is killed (seconds;
/// `WUYE_PDF_TIMEOUT` overrides it).
pub const TIMEOUT_SECS: u64 = 120;

/// The operating system whose install locations are searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    /// Windows: `.exe` names, Program Files.
    Windows,
    /// macOS: `/Applications/*.app`.
    MacOs,
    /// Linux and the rest: `PATH` only.
    Other,
}

impl Os {
    /// The system this program runs on.
    pub fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Other
        }
    }
}

/// Where a browser was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--browser`.
    Arg,
    /// `WUYE_BROWSER`.
    Env,
    /// A name on `PATH`.
    Path,
    /// A usual install location.
    Installed,
}

/// Why no browser can be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotFound {
    /// `--browser` or `WUYE_BROWSER` names something that is not an executable file.
    Named(Source, PathBuf),
    /// Nothing on `PATH` nor in the usual locations.
    Nowhere,
}

/// What discovery looks at: the `--browser` argument, an environment lookup
/// (`WUYE_BROWSER`, `PATH`, `ProgramFiles`, …), the system, and a test for
/// an executable file.
pub struct Lookup<'a> {
    /// `--browser`.
    pub arg: Option<&'a Path>,
    /// Reads an environment variable.
    pub var: &'a dyn Fn(&str) -> Option<OsString>,
    /// Whose install locations to try.
    pub os: Os,
    /// Whether a path is an executable file.
    pub is_exe: &'a dyn Fn(&Path) -> bool,
}

/// Finds the browser: `--browser`, then `WUYE_BROWSER`, then [`PATH_NAMES`]
/// on `PATH`, then the usual install locations of Windows and macOS. A name
/// given by the user that does not resolve is an error, not a reason to fall
/// back to another browser.
pub fn discover(l: &Lookup) -> Result<(PathBuf, Source), NotFound> {
    let named = |p: &Path, src: Source| -> Result<(PathBuf, Source), NotFound> {
        if (l.is_exe)(p) {
            return Ok((p.to_path_buf(), src));
        }
        // A bare name (`msedge`) is looked up on PATH.
        let bare = p.components().count() == 1 && !p.is_absolute();
        match on_path(l, &p.to_string_lossy()).filter(|_| bare) {
            Some(found) => Ok((found, src)),
            None => Err(NotFound::Named(src, p.to_path_buf())),
        }
    };
    if let Some(p) = l.arg {
        return named(p, Source::Arg);
    }
    if let Some(v) = (l.var)(ENV_VAR).filter(|v| !v.is_empty()) {
        return named(Path::new(&v), Source::Env);
    }
    for name in PATH_NAMES {
        if let Some(p) = on_path(l, name) {
            return Ok((p, Source::Path));
        }
    }
    installed(l.os, l.var).into_iter().find(|p| (l.is_exe)(p)).map(|p| (p, Source::Installed)).ok_or(NotFound::Nowhere)
}

fn on_path(l: &Lookup, name: &str) -> Option<PathBuf> {
    let path = (l.var)("PATH")?;
    let file = if l.os == Os::Windows && !name.to_ascii_lowercase().ends_with(".exe") {
        format!("{name}.exe")
    } else {
        name.to_string()
    };
    std::env::split_paths(&path).filter(|d| !d.as_os_str().is_empty()).map(|d| d.join(&file)).find(|p| (l.is_exe)(p))
}

/// The usual install locations, most likely first: Edge (on every Windows
/// office PC), then Chrome; per-machine, then per-user.
pub fn installed(os: Os, var: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    match os {
        Os::Windows => {
            let base =
                |name: &str, default: &str| var(name).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default));
            let x86 = base("ProgramFiles(x86)", r"C:\Program Files (x86)");
            let pf = base("ProgramFiles", r"C:\Program Files");
            let mut v = vec![
                x86.join(r"Microsoft\Edge\Application\msedge.exe"),
                pf.join(r"Microsoft\Edge\Application\msedge.exe"),
                pf.join(r"Google\Chrome\Application\chrome.exe"),
                x86.join(r"Google\Chrome\Application\chrome.exe"),
            ];
            if let Some(local) = var("LOCALAPPDATA").map(PathBuf::from) {
                v.push(local.join(r"Microsoft\Edge\Application\msedge.exe"));
                v.push(local.join(r"Google\Chrome\Application\chrome.exe"));
                v.push(local.join(r"Chromium\Application\chrome.exe"));
            }
            v
        }
        Os::MacOs => {
            let apps = [
                "Google Chrome.app/Contents/MacOS/Google Chrome",
                "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
                "Chromium.app/Contents/MacOS/Chromium",
            ];
            let mut v: Vec<PathBuf> = apps.iter().map(|a| Path::new("/Applications").join(a)).collect();
            if let Some(home) = var("HOME").map(PathBuf::from) {
                v.extend(apps.iter().map(|a| home.join("Applications").join(a)));
            }
            v
        }
        Os::Other => Vec::new(),
    }
}

/// Whether `p` is a file this process may execute.
pub fn is_executable(p: &Path) -> bool {
    let Ok(m) = std::fs::metadata(p) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        m.is_file() && m.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        m.is_file()
    }
}

/// [`discover`] with this process's command line, environment and files.
pub fn discover_here(arg: Option<&Path>) -> Result<(PathBuf, Source), NotFound> {
    let var = |k: &str| std::env::var_os(k);
    discover(&Lookup { arg, var: &var, os: Os::current(), is_exe: &is_executable })
}

/// Why a print failed.
#[derive(Debug)]
pub enum PrintError {
    /// The temporary folder or the output could not be written.
    Io(io::Error),
    /// The browser could not be started.
    Spawn(io::Error),
    /// It ran longer than the timeout and was killed.
    Timeout(Duration),
    /// It exited without writing a complete PDF; the last lines it printed.
    Failed(String),
}

impl From<io::Error> for PrintError {
    fn from(e: io::Error) -> Self {
        PrintError::Io(e)
    }
}

/// The timeout of one print: `WUYE_PDF_TIMEOUT` seconds, else [`TIMEOUT_SECS`].
pub fn timeout() -> Duration {
    let secs = std::env::var("WUYE_PDF_TIMEOUT").ok().and_then(|s| s.trim().parse::<u64>().ok()).filter(|s| *s > 0);
    Duration::from_secs(secs.unwrap_or(TIMEOUT_SECS))
}

/// Prints `entry` of `files` (site-relative pages and their stylesheets)
/// with `browser` and writes the PDF to `out` atomically (a temporary file
/// beside it, then a rename): `out` is either the previous file or the new
/// one, never a half-written one.
pub fn print(browser: &Path, files: &[Page], entry: &str, out: &Path, limit: Duration) -> Result<(), PrintError> {
    let work = tempfile::Builder::new().prefix("wuye-pdf-").tempdir()?;
    let site = work.path().join("site");
    for f in files {
        let p = site.join(&f.path);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&p, &f.bytes)?;
    }
    let pdf = work.path().join("out.pdf");
    let result = run_browser(browser, work.path(), &site.join(entry), &pdf, limit).and_then(|()| {
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        if !is_complete_pdf(&bytes) {
            return Err(PrintError::Failed(String::new()));
        }
        let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new().prefix(".wuye-pdf-").suffix(".tmp").tempfile_in(dir)?;
        io::Write::write_all(&mut tmp, &bytes)?;
        #[cfg(unix)]
        {
            // Readable like the site's pages (a temporary file starts private).
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.as_file().sync_all()?;
        tmp.persist(out).map_err(|e| PrintError::Io(e.error))?;
        Ok(())
    });
    remove_dir_patiently(work);
    result
}

/// A PDF header and an end-of-file marker: a browser killed mid-write leaves neither.
fn is_complete_pdf(b: &[u8]) -> bool {
    let tail = &b[b.len().saturating_sub(1024)..];
    b.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// Runs the browser on `html` with its profile inside `work`; kills it (and,
/// on Unix, every process it started) after `limit`.
fn run_browser(browser: &Path, work: &Path, html: &Path, pdf: &Path, limit: Duration) -> Result<(), PrintError> {
    let profile = work.join("profile");
    let log = work.join("browser.log");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(file_url(html))
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(std::fs::File::create(&log)?);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Chromium refuses to run as root with its sandbox (containers, CI).
        if rustix::process::geteuid().is_root() {
            cmd.arg("--no-sandbox");
        }
        // Its own process group, so a hung browser's helpers die with it.
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(PrintError::Spawn)?;
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break Some(s);
        }
        if started.elapsed() >= limit {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    kill_all(&mut child);
    match status {
        None => Err(PrintError::Timeout(limit)),
        Some(s) if s.success() => Ok(()),
        Some(s) => {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(5).collect();
            Err(PrintError::Failed(format!("{s}: {}", tail.into_iter().rev().collect::<Vec<_>>().join(" | "))))
        }
    }
}

/// Kills the browser and whatever it left running, and reaps it.
fn kill_all(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let pid = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Removes the temporary folder; retries for a moment while helper processes
/// that are still exiting hold files in the profile (Windows).
fn remove_dir_patiently(work: tempfile::TempDir) {
    let path = work.keep();
    for _ in 0..40 {
        if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A `file://` URL for an absolute path, percent-encoding what a URL cannot
/// hold (spaces, `#`, `%`, non-ASCII folder names such as 桌面).
pub fn file_url(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    // Kept as they are: ASCII letters and digits, `-._~`, `/` and the drive's `:`.
    const KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/')
        .remove(b':');
    let mut out = String::from(if s.starts_with('/') { "file://" } else { "file:///" });
    out.extend(percent_encoding::utf8_percent_encode(&s, KEEPS));
    out
}

/// A file name for `<estate>-<period>.pdf`: characters Windows or a shell
/// would choke on become `_`.
pub fn file_name(estate: &str, period: &str) -> String {
    let clean: String = estate
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect::<String>()
        .trim()
        .to_string();
    if clean.is_empty() { format!("{period}.pdf") } else { format!("{clean}-{period}.pdf") }
}

/// The same guard as `wuye build` for a page to print from the public site:
/// no personal value on a public page, printed or not.
pub fn guard(estate: &crate::records::Estate, set: &crate::site::pack::PrintSet) -> Vec<crate::diag::Diagnostic> {
    if !set.public {
        return Vec::new();
    }
    let one = Rendered { public: set.files[..1].to_vec(), ..Rendered::default() };
    crate::privacy::guard(estate, &one, "output/public")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::collections::HashMap;

    #[cfg(unix)]
    fn lookup_in<'a>(
        vars: &'a HashMap<&'static str, OsString>,
        os: Os,
    ) -> (impl Fn(&str) -> Option<OsString> + 'a, Os) {
        (move |k: &str| vars.get(k).cloned(), os)
    }

    #[cfg(unix)]
    fn fake(dir: &Path, name: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    /// --browser, then WUYE_BROWSER, then PATH in the order of PATH_NAMES
    /// (earlier PATH folders first for one name), with fake executables.
    #[cfg(unix)]
    #[test]
    fn discovery_order() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        let edge = fake(&a, "msedge");
        let chromium = fake(&b, "chromium");
        let chrome = fake(&a, "google-chrome");
        let mine = fake(&t.path().join("mine"), "my-chrome");
        let env_browser = fake(&t.path().join("env"), "env-chrome");
        // Not executable: skipped.
        std::fs::write(a.join("chromium-browser"), "").unwrap();
        let path = std::env::join_paths([&a, &b]).unwrap();
        let mut vars: HashMap<&'static str, OsString> = HashMap::new();
        vars.insert("PATH", path);
        let find = |vars: &HashMap<&'static str, OsString>, arg: Option<&Path>| {
            let (var, os) = lookup_in(vars, Os::Other);
            discover(&Lookup { arg, var: &var, os, is_exe: &is_executable })
        };
        assert_eq!(find(&vars, None), Ok((chromium.clone(), Source::Path)), "chromium comes first by name");
        std::fs::remove_file(&chromium).unwrap();
        assert_eq!(find(&vars, None), Ok((chrome.clone(), Source::Path)), "then google-chrome");
        std::fs::remove_file(&chrome).unwrap();
        assert_eq!(find(&vars, None), Ok((edge.clone(), Source::Path)), "then msedge");
        vars.insert(ENV_VAR, env_browser.clone().into());
        assert_eq!(find(&vars, None), Ok((env_browser.clone(), Source::Env)), "WUYE_BROWSER beats PATH");
        assert_eq!(find(&vars, Some(&mine)), Ok((mine.clone(), Source::Arg)), "--browser beats everything");
        assert_eq!(
            find(&vars, Some(Path::new("msedge"))),
            Ok((edge.clone(), Source::Arg)),
            "a bare name is found on PATH"
        );
        let missing = t.path().join("nope/chrome");
        assert_eq!(find(&vars, Some(&missing)), Err(NotFound::Named(Source::Arg, missing.clone())), "no fallback");
        vars.insert(ENV_VAR, missing.clone().into());
        assert_eq!(find(&vars, None), Err(NotFound::Named(Source::Env, missing)));
        vars.remove(ENV_VAR);
        std::fs::remove_file(&edge).unwrap();
        assert_eq!(find(&vars, None), Err(NotFound::Nowhere));
    }

    /// Windows: `.exe` names on PATH, then Edge under Program Files (x86)
    /// before Program Files and Chrome; macOS: the .app bundles.
    #[cfg(unix)]
    #[test]
    fn install_locations() {
        let t = tempfile::tempdir().unwrap();
        let x86 = t.path().join("pf86");
        let pf = t.path().join("pf");
        let mut vars: HashMap<&'static str, OsString> = HashMap::new();
        vars.insert("ProgramFiles(x86)", x86.clone().into());
        vars.insert("ProgramFiles", pf.clone().into());
        vars.insert("PATH", t.path().join("bin").into());
        let list = installed(Os::Windows, &|k| vars.get(k).cloned());
        assert_eq!(list[0], x86.join(r"Microsoft\Edge\Application\msedge.exe"));
        assert_eq!(list[1], pf.join(r"Microsoft\Edge\Application\msedge.exe"));
        let defaults = installed(Os::Windows, &|_| None);
        assert_eq!(
            defaults[0],
            PathBuf::from(r"C:\Program Files (x86)").join(r"Microsoft\Edge\Application\msedge.exe")
        );
        // The Windows paths hold backslashes, one file name on Unix: fake the first one.
        let edge = fake(&x86, r"Microsoft\Edge\Application\msedge.exe");
        let chrome = fake(&pf, r"Google\Chrome\Application\chrome.exe");
        let (var, os) = lookup_in(&vars, Os::Windows);
        let got = discover(&Lookup { arg: None, var: &var, os, is_exe: &is_executable });
        assert_eq!(got, Ok((edge.clone(), Source::Installed)));
        let on_path = fake(&t.path().join("bin"), "msedge.exe");
        let got = discover(&Lookup { arg: None, var: &var, os, is_exe: &is_executable });
        assert_eq!(got, Ok((on_path, Source::Path)), "PATH before install locations");
        std::fs::remove_file(&edge).unwrap();
        std::fs::remove_file(t.path().join("bin/msedge.exe")).unwrap();
        let got = discover(&Lookup { arg: None, var: &var, os, is_exe: &is_executable });
        assert_eq!(got, Ok((chrome, Source::Installed)));
        let mac = installed(Os::MacOs, &|_| None);
        assert_eq!(mac[0], PathBuf::from("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"));
        assert!(installed(Os::Other, &|_| None).is_empty());
    }

    #[test]
    fn urls_and_names() {
        assert_eq!(file_url(Path::new("/tmp/a b/桌/x.html")), "file:///tmp/a%20b/%E6%A1%8C/x.html");
        assert_eq!(file_url(Path::new(r"C:\Users\x\a.html")), "file:///C:/Users/x/a.html");
        assert_eq!(file_name("翠湖花园", "2026-10"), "翠湖花园-2026-10.pdf");
        assert_eq!(file_name("A/B:C", "2026-Q3"), "A_B_C-2026-Q3.pdf");
        assert_eq!(file_name(" ", "2026-Q3"), "2026-Q3.pdf");
        assert!(is_complete_pdf(b"%PDF-1.4\n...\n%%EOF\n"));
        assert!(!is_complete_pdf(b"%PDF-1.4\n..."));
    }
}
