//! The files around the pages: the Atom feed of notices, `sitemap.xml`,
//! `robots.txt` (the internal site's disallows everything), the 404 page
//! and `.nojekyll` (so GitHub Pages serves the site as built).
//!
//! These are the only places, with canonical links, that use absolute
//! `base_url` URLs: feed readers and crawlers need them.

use rayon::prelude::*;
use serde::Serialize;

use super::notices::Published;
use super::theme::Theme;
use super::{Ctx, Job, Which, format};
use crate::diag::Diagnostic;
use crate::site::{Page, Rendered};

/// Entries in the feed: the newest published notices.
pub const FEED_ENTRIES: usize = 50;

/// One Atom entry.
#[derive(Clone, Debug, Serialize)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Absolute URL (also the entry's id).
    pub url: String,
    /// RFC 3339 timestamp of the publication date (local midnight, +08:00).
    pub updated: String,
    /// Type, as the Atom category.
    pub kind: String,
    /// Plain-text summary.
    pub summary: String,
    /// Body HTML (escaped again by the XML template).
    pub content_html: String,
}

/// The feed.
#[derive(Clone, Debug, Serialize)]
pub struct FeedView {
    /// Absolute URL of the feed itself.
    pub self_url: String,
    /// Absolute URL of the notices list.
    pub alternate: String,
    /// Newest entry's timestamp (the feed's `updated`; not the build time,
    /// so an unchanged site gives an unchanged feed).
    pub updated: String,
    /// Entries, newest first.
    pub entries: Vec<FeedEntry>,
}

fn rfc3339(d: chrono::NaiveDate) -> String {
    // Estates keep local wall time; Chinese estates are on UTC+8.
    format!("{d}T00:00:00+08:00")
}

/// The feed and the 404 page.
pub fn jobs(cx: &Ctx, published: &Published) -> Vec<Job> {
    let base = &cx.estate.site.base_url;
    let entries: Vec<FeedEntry> = published
        .all
        .iter()
        .take(FEED_ENTRIES)
        .map(|n| FeedEntry {
            title: n.title.clone(),
            url: format::absolute_url(base, &n.path()),
            updated: rfc3339(n.date),
            kind: n.kind.clone(),
            summary: n.summary.clone(),
            content_html: n.html(cx),
        })
        .collect();
    let updated = published.all.first().map(|n| rfc3339(n.date)).unwrap_or_else(|| rfc3339(cx.today));
    let feed = FeedView {
        self_url: format::absolute_url(base, "atom.xml"),
        alternate: format::absolute_url(base, "notices/index.html"),
        updated,
        entries,
    };
    let meta = cx.meta(Which::Public, "atom.xml", format!("{} · {}", cx.estate.site.name, cx.s().notices), "notices");
    let mut nf = cx.meta(Which::Public, "404.html", cx.s().not_found, "");
    // The 404 page is served at any depth: absolute links from base_url work there, relative ones would not.
    nf.root = base.clone();
    vec![cx.job(Which::Public, meta, "atom.xml", &feed), cx.job(Which::Public, nf, "404.html", &())]
}

/// `robots.txt` for both sites and `.nojekyll`.
pub fn add_fixed_files(cx: &Ctx, out: &mut Rendered) {
    let sitemap = format::absolute_url(&cx.estate.site.base_url, "sitemap.xml");
    out.public.push(Page {
        path: "robots.txt".into(),
        bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n").into_bytes(),
    });
    out.public.push(Page { path: ".nojekyll".into(), bytes: Vec::new() });
    let mark = match cx.lang() {
        crate::i18n::Lang::Zh => " (内部资料)",
        crate::i18n::Lang::En => "",
    };
    out.internal.push(Page {
        path: "robots.txt".into(),
        bytes: format!("# Internal material{mark}: not for search engines.\nUser-agent: *\nDisallow: /\n").into_bytes(),
    });
}

#[derive(Serialize)]
struct SitemapView {
    /// The absolute URLs, as one template value made on both cores (a
    /// `Vec<String>` would be copied into one on the main thread).
    urls: tera::Value,
}

/// `sitemap.xml`: every public HTML page except the 404 page, sorted.
pub fn add_sitemap(
    cx: &Ctx,
    templates: &super::chrome::Templates,
    theme: &Theme,
    out: &mut Rendered,
) -> Result<(), Vec<Diagnostic>> {
    let base = &cx.estate.site.base_url;
    let mut paths: Vec<&str> = out.public_paths().filter(|p| p.ends_with(".html") && *p != "404.html").collect();
    paths.sort();
    // 11,000 URLs at 10,000 notices, made while no other work is left: side by side.
    let urls: Vec<tera::Value> = paths.par_iter().map(|p| tera::Value::from(format::absolute_url(base, p))).collect();
    // Room for the whole file at once: grown by doubling, its megabyte is
    // fresh memory touched twice more, on one core, with nothing else left to do.
    let room = urls.iter().filter_map(tera::Value::as_str).map(|u| u.len() + 24).sum::<usize>() + 256;
    let view = SitemapView { urls: tera::Value::from(urls) };
    let meta = cx.meta(Which::Public, "sitemap.xml", "sitemap", "");
    let mut job = cx.job(Which::Public, meta, "sitemap.xml", &view);
    let mut s = Vec::with_capacity(room);
    templates
        .render_to(job.template, &mut job.context, &mut s)
        .map_err(|e| vec![theme.template_error_in(cx.lang(), &e)])?;
    out.public.push(Page { path: "sitemap.xml".into(), bytes: s });
    Ok(())
}
