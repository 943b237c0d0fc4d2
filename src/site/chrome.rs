//! The compiled theme, and the chrome every page shares: `head.html` (the
//! stylesheets and the feed link), `header.html` (the body tag, the skip
//! link, the site header) and `footer.html`, rendered once per site, depth
//! and section instead of once per page (Hugo's `partialCached`).
//!
//! They read only `page.root`, `page.section` and `page.internal` (and the
//! globals `site` and `t`), so on a site of 10,000 notices they are the same
//! few hundred bytes on nearly every page; their 70-odd variable lookups
//! were a tenth of each page's template time. [`Templates::render_to`]
//! gives a page's context `chrome.head`, `chrome.header` and
//! `chrome.footer` (what base.html prints), rendered from those three
//! values alone, so a memo key (root, section, internal) is exact.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;
use tera::{Context, Tera, TeraResult, Value};

/// The theme's templates with the site's globals, and the chrome rendered so far.
pub struct Templates {
    /// The compiled templates.
    pub tera: Tera,
    /// (root, section, internal) → `{header, footer}`. A handful per site,
    /// so a list, searched under a lock taken for a moment per page.
    chrome: Mutex<Vec<(Key, Value)>>,
}

/// What the chrome reads of a page: `page.root`, `page.section`, `page.internal`.
#[derive(Serialize)]
struct Key {
    root: String,
    section: String,
    internal: bool,
}

impl Templates {
    /// The compiled theme, with no chrome rendered yet.
    pub fn new(tera: Tera) -> Templates {
        Templates { tera, chrome: Mutex::new(Vec::new()) }
    }

    /// Renders `template` with `context` into `out`, with the page's chrome
    /// added to the context first (when it has a `page`).
    pub fn render_to(&self, template: &str, context: &mut Context, out: &mut Vec<u8>) -> TeraResult<()> {
        if let Some(chrome) = self.chrome_of(context)? {
            context.insert_value("chrome", chrome);
        }
        self.tera.render_to(template, context, out)
    }

    /// [`Templates::render_to`] into a new buffer (Tera writes `str`s only: UTF-8).
    pub fn render(&self, template: &str, context: &mut Context) -> TeraResult<Vec<u8>> {
        let mut out = Vec::new();
        self.render_to(template, context, &mut out)?;
        Ok(out)
    }

    /// The chrome of the page in `context`, rendered on first use. The key
    /// is compared borrowed: a page that finds its chrome allocates nothing.
    fn chrome_of(&self, context: &Context) -> TeraResult<Option<Value>> {
        let Some(page) = context.get("page") else { return Ok(None) };
        let text = |k: &'static str| page.get_from_path(k).and_then(Value::as_str).unwrap_or_default();
        let (root, section) = (text("root"), text("section"));
        let internal = page.get_from_path("internal").and_then(Value::as_bool).unwrap_or(false);
        let known = |list: &Vec<(Key, Value)>| {
            list.iter()
                .find(|(k, _)| k.root == root && k.section == section && k.internal == internal)
                .map(|(_, v)| v.clone())
        };
        if let Some(v) = known(&self.chrome.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(Some(v));
        }
        // Rendered outside the lock: two threads may both render a new key, to the same bytes.
        let key = Key { root: root.to_string(), section: section.to_string(), internal };
        let mut cx = Context::new();
        cx.insert("page", &key);
        // Safe strings: base.html prints them as they are, with no `safe` filter copying them per page.
        let piece = |name| self.tera.render(name, &cx).map(|html| Value::safe_string(&html));
        let value = Value::from(BTreeMap::from([
            ("head", piece("head.html")?),
            ("header", piece("header.html")?),
            ("footer", piece("footer.html")?),
        ]));
        let mut list = self.chrome.lock().unwrap_or_else(|e| e.into_inner());
        if known(&list).is_none() {
            list.push((key, value.clone()));
        }
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> Templates {
        let mut tera = Tera::new();
        tera.add_raw_templates([
            ("head.html", "[{{ page.root }}]"),
            ("header.html", "<{{ page.root }}{{ page.section }}{% if page.internal %}!{% endif %}>"),
            ("footer.html", "<{{ page.section }}/>"),
            ("page.html", "{{ chrome.header }}{{ page.title }}{{ chrome.footer }}"),
        ])
        .unwrap();
        Templates::new(tera)
    }

    fn page(root: &str, section: &str, title: &str) -> Context {
        let mut cx = Context::new();
        cx.insert("page", &serde_json::json!({"root": root, "section": section, "internal": false, "title": title}));
        cx
    }

    /// Each page gets the chrome of its own root and section, rendered once per pair.
    #[test]
    fn chrome_is_per_root_and_section_and_made_once() {
        let t = templates();
        let render = |root, section, title| {
            String::from_utf8(t.render("page.html", &mut page(root, section, title)).unwrap()).unwrap()
        };
        let a = render("../", "notices", "一");
        let b = render("../", "notices", "二");
        let c = render("", "home", "三");
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("<../notices>一<notices/>", "<../notices>二<notices/>", "<home>三<home/>")
        );
        assert_eq!(t.chrome.lock().unwrap().len(), 2);
    }

    /// A context without `page` (the sitemap) gets no chrome and needs none.
    #[test]
    fn no_page_no_chrome() {
        let t = templates();
        let mut cx = Context::new();
        cx.insert("urls", &["a"]);
        assert!(t.chrome_of(&cx).unwrap().is_none());
    }
}
