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
//! - `static/**`: copied to both sites under `assets/`;
//! - `serve/*.html`: `wuye serve`'s error overlay and bare 404, always the
//!   built-in ones (the site's theme may be what failed to build).
//!
//! Every template sees `site` (name, estate, phone and `service_tel` for `tel:` links, language, build date),
//! `page` (path, root, title, section, …), `data` (the page's view model) and
//! `t`, the UI strings of the site's language ([`super::strings`]): write
//! `{{ t.notices }}`, not 公告, and an override works in both languages. A
//! component that prints strings declares `@t: map` to receive `t`.

use crate::i18n::tr;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Tera, Value};

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
    "templates/head.html",
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
    "serve/overlay.html",
    "serve/404.html",
];

/// One theme file: its bytes and where it came from (for messages).
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// Contents.
    pub bytes: Vec<u8>,
    /// Display path: the override's path, or `themes/default/… (built in)`.
    pub origin: String,
    /// One of the built-in files (not an override): its site-wide prints
    /// are folded in when it is compiled (see [`fold_globals`]).
    pub builtin: bool,
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
                (
                    p.to_string(),
                    ThemeFile { bytes: b.to_vec(), origin: format!("themes/default/{p} (built in)"), builtin: true },
                )
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
                    theme.files.insert(rel, ThemeFile { bytes, origin, builtin: false });
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
    /// Messages are in Chinese, and no globals are set; see [`Theme::compile_with`].
    pub fn compile(&self) -> Result<Tera, Vec<Diagnostic>> {
        self.compile_with(Lang::Zh, &[])
    }

    /// The theme of a site (or portfolio) in `lang`: [`Theme::compile_with`]
    /// its `site` values and `t`, the strings of `lang`.
    pub fn compile_site(&self, lang: Lang, site: &impl serde::Serialize) -> Result<Tera, Vec<Diagnostic>> {
        let t = super::strings::strings(lang);
        self.compile_with(lang, &[("site", Value::from_serializable(site)), ("t", Value::from_serializable(t))])
    }

    /// [`Theme::compile`] with messages in `lang` and `globals` (`site`,
    /// `t`) as the values every template sees, folded into the built-in
    /// templates where they print one of their strings (see [`fold_globals`]).
    pub fn compile_with(&self, lang: Lang, globals: &[(&str, Value)]) -> Result<Tera, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(AUTOESCAPE);
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for (p, f) in &self.files {
            let Some(name) = p.strip_prefix("templates/") else { continue };
            match std::str::from_utf8(&f.bytes) {
                Ok(s) if f.builtin => sources.push((name.to_string(), fold_globals(name, s, globals))),
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
        for (name, value) in globals {
            tera.global_context().insert_value(name.to_string(), value.clone());
        }
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

/// The templates Tera escapes what they print in.
pub(crate) const AUTOESCAPE: [&str; 3] = [".html", ".xml", ".svg"];

/// `src` (the built-in template `name`) with each `{{ g.key }}` that prints a
/// string of a global map `g` (`{{ t.notices }}`, `{{ site.name }}`)
/// replaced by the text Tera would print there: the string, escaped as Tera
/// escapes it in an autoescaped template.
///
/// Why: Tera looks a global up on every page, some 600 instructions each
/// (the context, then the globals, then the key's hash), and a notice page
/// and the two list cards that show it print some twenty of these constant
/// strings; folded, a 10,000-notice build ran 3% less user time (7% with
/// `head.html` moved into the chrome at the same time).
///
/// Only the built-in templates are folded: they never rebind `t` or `site`
/// (a component's `@t` is the caller's `t`, the same global), and an
/// override's error positions stay exact. A string holding `{`, `}` or a
/// line break is left to Tera (it could read as template syntax, or move
/// the lines an error names); so is any other form (`{{- t.x }}`,
/// `{{ t.x | upper }}`). On a line with a folded string, a column in an
/// error message about a built-in template may be off; the line is right.
pub fn fold_globals(name: &str, src: &str, globals: &[(&str, Value)]) -> String {
    let escape = AUTOESCAPE.iter().any(|s| name.ends_with(s));
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(at) = rest.find("{{ ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match folded(after, globals, escape) {
            Some((text, used)) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push_str("{{ ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What `g.key }}` at the start of `s` prints, and its length, if it is a
/// foldable string of a global.
fn folded(s: &str, globals: &[(&str, Value)], escape: bool) -> Option<(String, usize)> {
    let ident = |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    let g = ident(s);
    let rest = s[g..].strip_prefix('.')?;
    let k = ident(rest);
    if g == 0 || k == 0 {
        return None;
    }
    let used = g + 1 + k + rest[k..].strip_prefix(" }}").map(|_| 3)?;
    let (_, value) = globals.iter().find(|(name, _)| *name == &s[..g])?;
    let value = value.get_from_path(&rest[..k])?;
    let text = value.as_str()?;
    if text.contains(['{', '}', '\n', '\r']) {
        return None;
    }
    if !escape || value.is_safe() {
        return Some((text.to_string(), used));
    }
    let mut buf = Vec::with_capacity(text.len());
    tera::escape_html(text, &mut buf).ok()?;
    Some((String::from_utf8(buf).ok()?, used))
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

    /// Only `{{ g.key }}` printing a plain string of a global is folded;
    /// everything else is left for Tera to do at run time.
    #[test]
    fn fold_takes_only_plain_global_strings() {
        let t = Value::from_serializable(&serde_json::json!({"a": "甲 & <乙>", "n": 3, "b": "{{ x }}", "c": "两\n行"}));
        let site = Value::from_serializable(&serde_json::json!({"name": "翠湖"}));
        let globals = [("t", t), ("site", site)];
        let src = "{{ t.a }}|{{ site.name }}|{{ t.n }}|{{ t.b }}|{{ t.c }}|{{ t.zz }}|{{ t.a | upper }}|{{- t.a }}|{{ u.a }}|{{ t.a }}";
        assert_eq!(
            fold_globals("x.html", src, &globals),
            "甲 &amp; &lt;乙&gt;|翠湖|{{ t.n }}|{{ t.b }}|{{ t.c }}|{{ t.zz }}|{{ t.a | upper }}|{{- t.a }}|{{ u.a }}|甲 &amp; &lt;乙&gt;"
        );
        assert_eq!(
            fold_globals("robots.txt", "{{ t.a }}", &globals),
            "甲 & <乙>",
            "not escaped where Tera does not escape"
        );
        assert_eq!(fold_globals("x.html", "{{ t.a", &globals), "{{ t.a", "an unclosed tag is Tera's to report");
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
