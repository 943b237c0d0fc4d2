//! The theme: Tera templates and assets, built into the binary and
//! overridable file by file.
//!
//! The default theme lives in the repository's `themes/default/` and is
//! embedded with `include_bytes!`, so an installed `wuye` works anywhere.
//! A site overrides any file by putting its own copy at the same path in
//! `themes/default/` beside its `content/` directory; extra files there are
//! added too (a new template to include, a logo under `static/`).
//!
//! Layout of a theme directory:
//! - `templates/**.html|xml|txt`: Tera templates, named by their path under
//!   `templates/` (`notices/list.html`);
//! - `static/**`: copied to both sites under `assets/`.
//!
//! Every template sees `site` (name, estate, phone and `service_tel` for `tel:` links, language, build date),
//! `page` (path, root, title, section, …), `data` (the page's view model) and
//! `t`, the UI strings of the site's language ([`super::strings`]): write
//! `{{ t.notices }}`, not 公告, and an override works in both languages. A
//! component that prints strings declares `@t: map` to receive `t`.

use crate::i18n::tr;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diag::Code;
use crate::diag::{Diagnostic, Pos};
use crate::i18n::Lang;

macro_rules! embed {
    ($($p:literal),* $(,)?) => {
        &[$(($p, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $p)) as &[u8])),*]
    };
}

/// Every file of the default theme, embedded at compile time. A unit test
/// checks this list against the `themes/default/` directory.
pub const EMBEDDED: &[(&str, &[u8])] = embed![
    "static/style.css",
    "static/print.css",
    "static/search.js",
    "templates/base.html",
    "templates/header.html",
    "templates/footer.html",
    "templates/components.html",
    "templates/qr.html",
    "templates/home.html",
    "templates/notices/card.html",
    "templates/notices/list.html",
    "templates/notices/page.html",
    "templates/bulletins/index.html",
    "templates/bulletins/page.html",
    "templates/roles/index.html",
    "templates/roles/page.html",
    "templates/404.html",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "templates/favicon.svg",
    "templates/search/index.html",
    "templates/internal/index.html",
    "templates/internal/month.html",
    "templates/internal/grid.html",
    "templates/internal/routines.html",
    "templates/portfolio/base.html",
    "templates/portfolio/components.html",
    "templates/portfolio/home.html",
    "templates/portfolio/estate.html",
    "templates/portfolio/kpi.html",
    "templates/portfolio/portfolio.css",
    "templates/internal/grid_body.html",
    "templates/internal/lists.html",
    "templates/internal/pack.html",
];

/// One theme file: its bytes and where it came from (for messages).
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// Contents.
    pub bytes: Vec<u8>,
    /// Display path: the override's path, or `themes/default/… (built in)`.
    pub origin: String,
}

/// The theme in effect for one build: embedded files merged with overrides.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Files by path relative to the theme root (`templates/base.html`).
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The built-in theme alone.
    pub fn builtin() -> Theme {
        let files = EMBEDDED
            .iter()
            .map(|(p, b)| {
                (p.to_string(), ThemeFile { bytes: b.to_vec(), origin: format!("themes/default/{p} (built in)") })
            })
            .collect();
        Theme { files }
    }

    /// The directory whose files override the built-in theme for a content
    /// directory: `<content's parent>/themes/default`.
    pub fn override_dir(content: &Path) -> PathBuf {
        let parent = match content.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => {
                // `content` given as a bare name: its parent is the working directory,
                // or, for `.`, the directory above it.
                let abs = std::fs::canonicalize(content).map_or_else(|_| content.to_path_buf(), without_verbatim);
                abs.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        };
        parent.join("themes").join("default")
    }

    /// The built-in theme with every file found under `dir` laid over it.
    pub fn load(dir: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::builtin();
        if !dir.is_dir() {
            return Ok(theme);
        }
        let mut errors = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            let p = entry.path();
            let Ok(rel) = p.strip_prefix(dir) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.split('/').any(|c| c.starts_with('.')) || !p.is_file() {
                continue;
            }
            match std::fs::read(p) {
                Ok(bytes) => {
                    // '/'-joined below the theme folder, as content paths are (same text on Linux).
                    let origin = format!("{}/{rel}", dir.display());
                    theme.files.insert(rel, ThemeFile { bytes, origin });
                }
                Err(e) => errors.push(Diagnostic::new(
                    Code::FileRead,
                    p.display().to_string(),
                    Pos::START,
                    format!("无法读取主题文件：{e}"),
                )),
            }
        }
        if errors.is_empty() { Ok(theme) } else { Err(errors) }
    }

    /// Files under `static/`, keyed by their path below it.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(p, f)| p.strip_prefix("static/").map(|r| (r, f.bytes.as_slice())))
    }

    /// Compiles every template once. Autoescaping is on for `.html` and
    /// `.xml`; a template error names the template file and its position.
    /// Messages are in Chinese; see [`Theme::compile_in`].
    pub fn compile(&self) -> Result<Tera, Vec<Diagnostic>> {
        self.compile_in(Lang::Zh)
    }

    /// [`Theme::compile`] with messages in `lang`.
    pub fn compile_in(&self, lang: Lang) -> Result<Tera, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (p, f) in &self.files {
            let Some(name) = p.strip_prefix("templates/") else { continue };
            match std::str::from_utf8(&f.bytes) {
                Ok(s) => sources.push((name.to_string(), s.to_string())),
                Err(_) => errors.push(Diagnostic::new(
                    Code::FileEncoding,
                    &f.origin,
                    Pos::START,
                    tr!(lang, "模板文件不是 UTF-8 编码：请另存为 UTF-8", "the template is not UTF-8: save it as UTF-8"),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| vec![self.template_error_in(lang, &e)])?;
        Ok(tera)
    }

    /// Turns a Tera error into a diagnostic pointing into the template file
    /// (message in Chinese; see [`Theme::template_error_in`]).
    pub fn template_error(&self, e: &tera::Error) -> Diagnostic {
        self.template_error_in(Lang::Zh, e)
    }

    /// [`Theme::template_error`] with the message in `lang`.
    pub fn template_error_in(&self, lang: Lang, e: &tera::Error) -> Diagnostic {
        let (name, pos, message) = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
                r.filename().to_string(),
                Pos::new(r.span().start_line.max(1), r.span().start_col + 1),
                r.message().to_string(),
            ),
            _ => (String::new(), Pos::START, e.to_string()),
        };
        let origin = self
            .files
            .get(&format!("templates/{name}"))
            .map(|f| f.origin.clone())
            .unwrap_or_else(|| if name.is_empty() { "themes/default/templates".into() } else { name.clone() });
        let mut full = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            full.push_str(&format!("\n{s}"));
            src = s.source();
        }
        let message = crate::site::strings::tr!(lang, "模板错误：{message}", "template error: {message}");
        Diagnostic::new(Code::Template, origin, pos, message).with_help(full)
    }
}

/// `canonicalize`'s result without Windows' verbatim prefix (`\\?\C:\x` →
/// `C:\x`): paths in messages are read by clerks. Elsewhere unchanged.
fn without_verbatim(p: PathBuf) -> PathBuf {
    #[cfg(windows)]
    if let Some(rest) = p.to_str().and_then(|s| s.strip_prefix(r"\\?\"))
        && rest.as_bytes().get(1) == Some(&b':')
    {
        return PathBuf::from(rest);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_matches_the_theme_directory() {
        // A file added to themes/default/ but not to EMBEDDED would work in
        // the repo (as an override) and vanish from an installed binary.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .filter(|p| !p.split('/').any(|c| c.starts_with('.')))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn builtin_templates_compile() {
        Theme::builtin().compile().unwrap_or_else(|e| panic!("{e:?}"));
    }

    #[test]
    fn overrides_replace_one_file() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("templates")).unwrap();
        std::fs::write(t.path().join("templates/404.html"), "mine").unwrap();
        let theme = Theme::load(t.path()).unwrap();
        assert_eq!(theme.files["templates/404.html"].bytes, b"mine");
        assert!(theme.files["templates/base.html"].origin.contains("built in"));
    }

    #[test]
    fn a_broken_template_names_its_file() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("templates")).unwrap();
        std::fs::write(t.path().join("templates/404.html"), "line\n{{ oops }").unwrap();
        let errs = Theme::load(t.path()).unwrap().compile().unwrap_err();
        assert!(errs[0].path.ends_with("templates/404.html"), "{:?}", errs[0]);
        assert_eq!(errs[0].pos.line, 2);
    }
}
