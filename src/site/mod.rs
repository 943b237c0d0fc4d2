//! Rendering both sites in memory: the public site for owners and the
//! internal site for the office.
//!
//! Phases, each a named function: compile the theme → compute what pages
//! need once (KPIs per period, charts, published notices) → build one
//! [`Job`] per page (template + view model) → render every job in parallel →
//! copy assets and static files. Nothing touches the disk here except reading
//! `content/static/`; writing is [`crate::output::write_site`]'s job.
//!
//! Invariants:
//! - Templates see purpose-built view models (`Serialize` structs whose
//!   strings are already formatted), never the domain records, so a theme
//!   cannot print a field the view model does not carry. The public view
//!   models carry aggregates only.
//! - Templates never iterate maps (Tera's maps are hash maps): every list a
//!   template loops over is a `Vec`, sorted here.
//! - Every link is relative (`page.root` + site path); only the feed, the
//!   sitemap and canonical links use `base_url`.
//! - Output is sorted by path and depends only on the content and `--date`.
//! - Every UI string comes from [`strings`] in the site's language
//!   (`site.yaml`'s `language`): templates read it as `t`, view-model code
//!   through [`Ctx::lang`]. Content values are never translated.

pub mod brief;
pub mod bulletins;
pub mod chrome;
pub mod format;
pub mod grid;
pub mod home;
pub mod internal;
pub mod kpis;
pub mod markdown;
pub mod meeting;
pub mod meta;
pub mod notices;
pub mod pack;
pub mod page;
pub mod roles;
pub mod search;
pub mod share;
pub mod strings;
pub mod theme;

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use chrome::Templates;

use crate::diag::Code;
use crate::diag::{Diagnostic, Pos};
use crate::i18n::Lang;
use crate::incremental::{Changed, Fingerprint, Stamps};
use crate::records::Estate;
use crate::scalars::Month;
pub use page::{Page, Rendered, Sink};
use theme::Theme;

/// Which of the two sites a page belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Which {
    /// For owners, deployed.
    Public,
    /// For managers, kept in the office.
    Internal,
}

/// What every template knows about the page it renders.
#[derive(Clone, Debug, Serialize)]
pub struct PageMeta {
    /// Path within its site, `/`-separated (`notices/index.html`).
    pub path: String,
    /// Relative prefix to the site root (`../`), for every link and asset.
    pub root: String,
    /// The page's title (without the site name).
    pub title: String,
    /// Absolute canonical URL (public HTML pages only).
    pub canonical: Option<String>,
    /// Which navigation entry is current (`home`, `notices`, …).
    pub section: &'static str,
    /// Internal pages are marked 内部资料 (Internal) and `noindex`.
    pub internal: bool,
    /// A one-line description for `<meta name="description">`.
    pub description: String,
    /// Open Graph type: `article` for a notice or a bulletin, else `website`.
    pub og_type: &'static str,
    /// An article's date, ISO (`article:published_time`; the search index's date).
    pub published: String,
    /// An article's type (`article:section`; the search result's type).
    pub kind: String,
}

/// One page to render: where it goes, which template, and its context.
pub struct Job {
    /// Public or internal site.
    pub which: Which,
    /// Path within its site.
    pub path: String,
    /// Template name (path under `templates/`).
    pub template: &'static str,
    /// The full template context.
    pub context: Context,
    /// The last month whose records the page reads (`None`: it may read any).
    /// `serve` keeps a page whose month is before the first month an edit touched.
    pub upto: Option<Month>,
}

impl Job {
    /// Marks the page as reading no records after month `m` (`None`: any).
    pub fn upto(mut self, m: Option<Month>) -> Job {
        self.upto = m;
        self
    }
}

/// Whether a record-derived page reading up to `upto` must be built when
/// only records of month `from` onwards may have changed (`None`: all changed).
pub fn needed(upto: Option<Month>, from: Option<Month>) -> bool {
    crate::incremental::needed(upto, from)
}

/// Everything page builders share: the estate, the build date and the base URL.
pub struct Ctx<'a> {
    /// The loaded content.
    pub estate: &'a Estate,
    /// The day the site describes (`--date`).
    pub today: NaiveDate,
    /// Previewing drafts (`serve --drafts`).
    pub drafts: bool,
}

impl<'a> Ctx<'a> {
    /// The language of the site's UI strings.
    pub fn lang(&self) -> Lang {
        self.estate.site.lang
    }

    /// The UI strings of the site's language.
    pub fn s(&self) -> &'static strings::Strings {
        strings::strings(self.lang())
    }

    /// The page metadata for a page at `path`.
    pub fn meta(&self, which: Which, path: &str, title: impl Into<String>, section: &'static str) -> PageMeta {
        let internal = which == Which::Internal;
        let canonical = (!internal && path.ends_with(".html") && path != "404.html")
            .then(|| format::absolute_url(&self.estate.site.base_url, path));
        PageMeta {
            path: path.to_string(),
            root: format::root_of(path),
            title: title.into(),
            canonical,
            section,
            internal,
            description: String::new(),
            og_type: "website",
            published: String::new(),
            kind: String::new(),
        }
    }

    /// A job for `template` with `page` and `data` in its context.
    pub fn job(&self, which: Which, page: PageMeta, template: &'static str, data: &impl Serialize) -> Job {
        let mut context = Context::new();
        context.insert("page", &page);
        context.insert("data", data);
        Job { which, path: page.path, template, context, upto: None }
    }
}

/// The site-wide values every template sees as `site` and `build`.
#[derive(Serialize)]
struct Globals<'a> {
    name: &'a str,
    estate: &'a str,
    service_phone: &'a str,
    /// The phone without its spaces, for `tel:` links: made once here, not
    /// by a `replace` filter on each of 10,000 notice pages.
    service_tel: String,
    language: &'a str,
    base_url: &'a str,
    /// The build date in the site's language (`2026年11月30日`, `30 Nov 2026`).
    date: String,
    /// The build date, ISO (`2026-11-30`).
    date_iso: String,
    /// Whether the public site has search (the header's box).
    search: bool,
    /// The site icon's path from the site root.
    favicon: String,
    /// Its media type.
    favicon_type: &'static str,
    /// Absolute URL of the share image (`static/share.png`), if the estate has one.
    share_image: Option<String>,
}

/// What `serve` keeps between rebuilds: the pages that depend on the
/// records (bulletins, internal pages), each with the last month it reads,
/// and the home page's figures, with what they were computed from. After a
/// notice edit they are all reused; after an edit to one month's records,
/// the pages of earlier months are reused and only the rest is rebuilt.
#[derive(Default)]
pub struct RenderMemo {
    /// Each record file's month and content hash when the pages were made.
    stamps: Stamps,
    /// Everything else they depend on: date, settings, units, bulletins, theme.
    key: Fingerprint,
    /// Every page rendered last time, by what it was rendered from.
    rendered: crate::incremental::Pages,
    home: Option<home::HomeKpis>,
    /// The KPIs of every period, for the next build to take those an edit cannot change.
    periods: kpis::Periods,
    /// The bills and payments as the meeting lists read them, with the fee files they came from.
    fee_lists: Option<(Fingerprint, std::sync::Arc<meeting::FeeLists>)>,
    /// The KPI index's fee facts, kept by the same key as `fee_lists`.
    fee_facts: Option<(Fingerprint, crate::kpi::FeeFacts)>,
    pages: Vec<Made>,
    /// How many record-derived pages the last render reused.
    pub reused: usize,
    /// How many record-derived pages the last render built.
    pub rebuilt: usize,
    /// Set by [`render`]: a one-off build keeps nothing, so copies nothing.
    throwaway: bool,
    /// `serve --drafts`: preview what is not published yet (the running
    /// quarter's bulletin when staff have written its narrative).
    pub drafts: bool,
}

/// A rendered page: its site, the page, and the last month of records it reads.
type Made = (Which, Page, Option<Month>);

/// What a render can take from the memo.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reuse {
    /// Nothing: settings, units or the theme changed (or there is no memo).
    Nothing,
    /// The pages reading only records before this month.
    Before(Month),
    /// Every page: no record file changed.
    All,
}

/// The first month whose record files differ (edited, added or removed).
fn reuse_for(memo: &RenderMemo, key: Fingerprint, estate: &Estate) -> Reuse {
    let Some(now) = estate.file_stamps().map(Stamps::of) else { return Reuse::Nothing };
    if memo.home.is_none() || memo.key != key {
        return Reuse::Nothing;
    }
    match memo.stamps.changed(&now) {
        Changed::Nothing => Reuse::All,
        Changed::From(m) => Reuse::Before(m),
    }
}

/// The bills and payments as the meeting lists read them: the memo's when
/// no fee file changed (keyed by every fee file's path and content hash),
/// else indexed again (with the key to keep them by, when the files are known).
fn fee_lists(
    memo: &RenderMemo,
    key: Option<Fingerprint>,
    estate: &Estate,
) -> (Option<Fingerprint>, std::sync::Arc<meeting::FeeLists>) {
    match (&memo.fee_lists, key) {
        (Some((k, fees)), Some(key)) if *k == key => (Some(key), fees.clone()),
        _ => (key, std::sync::Arc::new(meeting::FeeLists::new(estate))),
    }
}

/// Every fee file's path and content hash, in load order (so the order of
/// `records.bills` too): what [`meeting::FeeLists`] and the KPI index's
/// [`crate::kpi::FeeFacts`] are kept by. `None` when the files are not known.
fn fee_key(estate: &Estate) -> Option<Fingerprint> {
    estate.file_stamps().map(|files| {
        let fee_files: Vec<_> = files.filter(|(path, _)| path.ends_with("fees.yaml")).collect();
        Fingerprint::of_hash(&fee_files)
    })
}

/// The memo's fee facts when they were built from the same fee files.
fn kept_fee_facts(memo: &RenderMemo, key: Option<Fingerprint>) -> Option<crate::kpi::FeeFacts> {
    match (&memo.fee_facts, key) {
        (Some((k, facts)), Some(key)) if *k == key => Some(facts.clone()),
        _ => None,
    }
}

/// Hashes what record-derived pages depend on besides the records themselves.
fn memo_key(estate: &Estate, today: NaiveDate, theme: &Theme) -> Fingerprint {
    use std::hash::Hash;
    let mut h = crate::incremental::FingerprintHasher::default();
    today.hash(&mut h);
    serde_json::to_string(&estate.site).unwrap_or_default().hash(&mut h);
    for u in &estate.households {
        (&u.unit, &u.building, &u.area_m2, u.status as u8).hash(&mut h);
    }
    for b in &estate.bulletins {
        (b.quarter, &b.title, &b.body).hash(&mut h);
    }
    estate.calendar.hash_into(&mut h);
    for (p, f) in &theme.files {
        (p, &f.bytes).hash(&mut h);
    }
    h.finish128()
}

/// Compiles the theme with the values every template sees (`site`, `t`);
/// also gives the fingerprint of those values and the theme, which every page depends on.
fn compile(estate: &Estate, today: NaiveDate, theme: &Theme) -> Result<(Templates, Fingerprint), Vec<Diagnostic>> {
    let site = &estate.site;
    let lang = site.lang;
    let globals = Globals {
        name: &site.name,
        estate: &site.estate,
        service_phone: &site.service_phone,
        service_tel: site.service_phone.replace(' ', ""),
        language: &site.language,
        base_url: &site.base_url,
        date: format::date(lang, today),
        date_iso: today.to_string(),
        search: site.search,
        favicon: share::favicon_path(estate),
        favicon_type: share::favicon_type(estate),
        share_image: share::share_image(estate),
    };
    let tera = theme.compile_site(lang, &globals)?;
    let theme_files: Vec<(&String, &Vec<u8>)> = theme.files.iter().map(|(p, f)| (p, &f.bytes)).collect();
    let inputs = Fingerprint::of(&[
        Fingerprint::of_serialized(&globals).0.to_le_bytes().as_slice(),
        Fingerprint::of_hash(&theme_files).0.to_le_bytes().as_slice(),
        site.language.as_bytes(),
        format!("{lang:?}").as_bytes(),
    ]);
    Ok((Templates::new(tera), inputs))
}

impl RenderMemo {
    /// How many pages the last render took from the page memo instead of rendering them.
    pub fn pages_reused(&self) -> usize {
        self.rendered.last_reused
    }

    /// A memo for a one-off build: it keeps nothing, so copies nothing.
    pub fn one_off() -> RenderMemo {
        RenderMemo { throwaway: true, ..RenderMemo::default() }
    }
}

/// Renders both sites in memory. `content` is the content directory (for
/// `static/`); errors are template errors or unreadable static files.
pub fn render(estate: &Estate, content: &Path, today: NaiveDate, theme: &Theme) -> Result<Rendered, Vec<Diagnostic>> {
    render_with(estate, content, today, theme, &mut RenderMemo::one_off(), None)
}

/// [`render`], reusing (and refreshing) `memo` when the records and what
/// else their pages depend on are unchanged. With a `sink` (a one-off
/// build), each notice page goes to it as soon as it is rendered and only
/// its path (and its search text) is kept.
///
/// Long (about 130 lines) on purpose: it is the render phase's one timeline
/// (compile → page models side by side → render → reuse → index → assets),
/// and each step hands the next its values; the steps themselves live in
/// the page modules.
pub fn render_with(
    estate: &Estate,
    content: &Path,
    today: NaiveDate,
    theme: &Theme,
    memo: &mut RenderMemo,
    sink: Option<Sink>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let t0 = Instant::now();
    let lang = estate.site.lang;
    let (templates, globals) = compile(estate, today, theme)?;
    memo.rendered.enabled = !memo.throwaway;
    let reuse_pages = &memo.rendered;
    let render_job = |j: Job| render_job_with(&templates, theme, lang, j, reuse_pages, globals);
    let mut timings = crate::timings::Timings::default();
    timings.since("render: compile templates", t0);

    let cx = Ctx { estate, today, drafts: memo.drafts };
    let key = memo_key(estate, today, theme);
    let reuse = reuse_for(memo, key, estate);
    let fee_key = fee_key(estate);
    // Record-derived pages to build: those reading records of `from` onwards (all if `None`).
    let from = match reuse {
        Reuse::Before(m) => Some(m),
        _ => None,
    };
    // The KPI index (one pass over every record) and the notice pages (one
    // per notice) are the two big independent pieces: build them side by side.
    let t1 = Instant::now();
    let ((published, lists, mut jobs, t_notices), (kpis, t_kpis)) = rayon::join(
        || {
            let published = notices::Published::new(&cx);
            let lists = notices::Lists::new(&cx, &published);
            let mut jobs = roles::jobs(&cx);
            jobs.extend(meta::jobs(&cx, &published));
            jobs.extend(share::jobs(&cx));
            (published, lists, jobs, t1.elapsed())
        },
        || {
            if reuse == Reuse::All {
                return (None, t1.elapsed());
            }
            let earlier = from.filter(|_| reuse != Reuse::Nothing).map(|m| (&memo.periods, m));
            let facts = kept_fee_facts(memo, fee_key);
            let (kpis, fees) =
                rayon::join(|| kpis::PeriodFigures::reusing(&cx, earlier, facts), || fee_lists(memo, fee_key, estate));
            (Some((kpis, fees)), t1.elapsed())
        },
    );
    // Side by side: each one's own time, as it ended.
    timings.push("render: notice and role page models", t_notices);
    timings.push("render: KPIs (index and periods)", t_kpis);
    let t2 = Instant::now();
    let mut record_jobs = Vec::new();
    if let Some((kpis, (fee_key, fees))) = &kpis {
        if !memo.throwaway {
            memo.periods = kpis.periods();
            memo.fee_lists = fee_key.map(|k| (k, fees.clone()));
            memo.fee_facts = fee_key.map(|k| (k, kpis.index.fee_facts()));
        }
        memo.home = Some(home::HomeKpis::new(&cx, kpis));
        record_jobs.extend(bulletins::jobs(&cx, kpis, from));
        record_jobs.extend(internal::jobs(&cx, kpis, from, fees.clone()));
    }
    // Home figures are in the memo whenever KPIs were skipped; computing them is only a fallback.
    let home = memo.home.clone().unwrap_or_else(|| home::HomeKpis::new(&cx, &kpis::PeriodFigures::new(&cx)));
    jobs.extend(home::jobs(&cx, &published, &home));
    timings.since("render: bulletin and internal page models", t2);

    let t3 = Instant::now();
    let n_other = jobs.len();
    jobs.extend(record_jobs);
    let mut results: Vec<Result<Made, Diagnostic>> = jobs.into_par_iter().map(render_job).collect();
    // Notice pages and list pages: each context is built and rendered in one
    // step (bounded memory). In `serve`, a notice whose inputs did not change
    // is not even built (its QR code and Markdown cost more than its template).
    let unkeyed = crate::incremental::Pages::default();
    let search_on = estate.site.search;
    let lazy_page = |page: Lazy| -> Result<Notice, Diagnostic> {
        let (job, inputs) = match page {
            Lazy::Notice(n) => {
                let inputs = reuse_pages.enabled.then(|| notice_inputs(&cx, n, key, globals));
                let path = n.path();
                if let Some(bytes) = inputs.and_then(|f| reuse_pages.get(false, &path, f)) {
                    return Ok(Notice::Held((Which::Public, Page { path, bytes }, None)));
                }
                (notices::page_job(&cx, n), inputs)
            }
            Lazy::List(p) => (lists.job(&cx, &published, p), None),
        };
        if let Some(sink) = sink {
            // Straight from this thread's page buffer to the sink: no copy to hold.
            let mut text = None;
            let mut job = job;
            let path = render_in_place(&templates, job.template, &mut job.context, job.path, |page| {
                text = if search_on { search::extract(page, lang) } else { None };
                sink(page);
            })
            .map_err(|e| theme.template_error_in(lang, &e))?;
            return Ok(Notice::Streamed(path, text));
        }
        let Some(f) = inputs else {
            // A list page: kept by its context, like every other job.
            return render_job_with(&templates, theme, lang, job, reuse_pages, globals).map(Notice::Held);
        };
        let made = render_job_with(&templates, theme, lang, job, &unkeyed, globals)?;
        reuse_pages.put(false, &made.1.path, f, &made.1.bytes);
        Ok(Notice::Held(made))
    };
    let lazy: Vec<Lazy> =
        lists.pages().into_iter().map(Lazy::List).chain(published.all.iter().map(Lazy::Notice)).collect();
    let n_lazy = lazy.len();
    let notice_pages: Vec<Result<Notice, Diagnostic>> = lazy.into_par_iter().map(lazy_page).collect();
    // Room for every streamed path at once (a one-off build streams them
    // all): this runs on one core after the pages.
    let mut streamed = (Vec::with_capacity(if sink.is_some() { n_lazy } else { 0 }), Vec::new());
    let notice_pages = notice_pages.into_iter().filter_map(|r| match r {
        Ok(Notice::Held(made)) => Some(Ok(made)),
        Ok(Notice::Streamed(path, text)) => {
            streamed.0.push(path);
            streamed.1.extend(text);
            None
        }
        Err(e) => Some(Err(e)),
    });
    let before = results.len();
    results.splice(n_other..n_other, notice_pages);
    // The notices are no longer needed: freed on a pool thread while this one
    // goes on (freeing 10,000 notices here held up the rest by ~10 ms).
    rayon::spawn(move || drop(published));
    let n_other = n_other + (results.len() - before);
    let (streamed, search_texts) = streamed;
    let mut out = Rendered { streamed, ..Rendered::default() };
    let mut errors = Vec::new();
    let mut fresh_record_pages = Vec::new();
    let push = |out: &mut Rendered, which: Which, p: Page| match which {
        Which::Public => out.public.push(p),
        Which::Internal => out.internal.push(p),
    };
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok((which, p, upto)) => {
                if i >= n_other && !memo.throwaway {
                    fresh_record_pages.push((which, p.clone(), upto));
                }
                push(&mut out, which, p);
            }
            Err(e) => errors.push(e),
        }
    }
    memo.rebuilt = fresh_record_pages.len();
    // Pages kept from the last render: all of them, or those of months before the edit.
    let kept: Vec<Made> = match reuse {
        Reuse::Nothing => Vec::new(),
        Reuse::All => std::mem::take(&mut memo.pages),
        // A kept page and a rebuilt one never share a path: a page's `upto` can
        // only change when a month up to it changed, which rebuilds it.
        Reuse::Before(m) => {
            std::mem::take(&mut memo.pages).into_iter().filter(|(_, _, upto)| !needed(*upto, Some(m))).collect()
        }
    };
    memo.reused = kept.len();
    for (which, p, _) in &kept {
        push(&mut out, *which, p.clone());
    }
    memo.rendered.finish(errors.is_empty());
    if errors.is_empty() && !memo.throwaway {
        memo.pages = kept;
        memo.pages.extend(fresh_record_pages);
        memo.key = key;
        memo.stamps = estate.file_stamps().map(Stamps::of).unwrap_or_default();
    } else {
        *memo = RenderMemo::default();
    }
    timings.since("render: pages (templates)", t3);
    if !errors.is_empty() {
        // One broken template fails every page using it: report each distinct problem once.
        errors.sort_by(|a, b| (&a.path, a.pos, &a.message).cmp(&(&b.path, b.pos, &b.message)));
        errors.dedup_by(|a, b| a.path == b.path && a.pos == b.pos && a.message == b.message);
        return Err(errors);
    }

    if estate.site.search {
        let t4 = Instant::now();
        search::add_index(&cx, &templates, theme, &mut out, search_texts)?;
        timings.since("render: search index", t4);
    }
    meta::add_fixed_files(&cx, &mut out);
    add_assets(theme, &mut out);
    add_static(estate, content, &mut out)?;
    meta::add_sitemap(&cx, &templates, theme, &mut out)?;
    out.public.sort_by(|a, b| a.path.cmp(&b.path));
    out.internal.sort_by(|a, b| a.path.cmp(&b.path));
    timings.since("render: both sites (total)", t0);
    out.timings = timings;
    Ok(out)
}

/// What a notice's page is made from: the notice as published, its source
/// file, and what every record-derived page depends on besides records.
fn notice_inputs(cx: &Ctx, n: &notices::PubNotice, key: Fingerprint, globals: Fingerprint) -> Fingerprint {
    // The source as JSON into the hash: `Debug` escapes every character of a long body one by one.
    let source = n.source.and_then(|i| cx.estate.notices.get(i)).map(Fingerprint::of_serialized).unwrap_or_default();
    Fingerprint::of(&[
        key.0.to_le_bytes().as_slice(),
        globals.0.to_le_bytes().as_slice(),
        b"notices/page.html",
        format!("{n:?}").as_bytes(),
        source.0.to_le_bytes().as_slice(),
        &[cx.drafts as u8],
    ])
}

/// A page whose context is made right before it is rendered.
#[derive(Clone, Copy)]
enum Lazy<'a> {
    /// A notice's own page.
    Notice(&'a notices::PubNotice),
    /// A page of a notice list.
    List(notices::ListPage),
}

/// A notice or list page: held in memory, or already given to the build's sink
/// (its path, and its search text when the site has search).
enum Notice {
    Held(Made),
    Streamed(String, Option<search::Extract>),
}

/// Renders one page, or takes its bytes from `pages` when it was last
/// rendered from the same template, context and `globals` (`serve` only).
fn render_job_with(
    templates: &Templates,
    theme: &Theme,
    lang: Lang,
    mut job: Job,
    pages: &crate::incremental::Pages,
    globals: Fingerprint,
) -> Result<Made, Diagnostic> {
    let internal = job.which == Which::Internal;
    let inputs = pages.enabled.then(|| {
        // A job's context holds `page` and `data` (`grid` for the printable pack).
        use std::hash::{Hash, Hasher};
        let mut h = crate::incremental::FingerprintHasher::default();
        (globals, job.template).hash(&mut h);
        for key in ["page", "data", "grid"] {
            key.hash(&mut h);
            match job.context.get(key) {
                Some(v) => crate::incremental::hash_template_value(v, &mut h),
                None => h.write(b"-"),
            }
        }
        h.finish128()
    });
    if let Some(bytes) = inputs.and_then(|f| pages.get(internal, &job.path, f)) {
        return Ok((job.which, Page { path: job.path, bytes }, job.upto));
    }
    match render_exact(templates, job.template, &mut job.context) {
        Ok(bytes) => {
            if let Some(f) = inputs {
                pages.put(internal, &job.path, f, &bytes);
            }
            Ok((job.which, Page { path: job.path, bytes }, job.upto))
        }
        Err(e) => Err(theme.template_error_in(lang, &e)),
    }
}

thread_local! {
    /// Each render thread's page buffer, kept from page to page at its largest size.
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Renders `template` into this thread's buffer and copies it out at its
/// exact size. Pages wait in memory for the privacy guard: a buffer grown by
/// doubling per page left up to half of each one spare (shrinking rarely
/// gives memory back), and every fresh page of memory costs a fault. Tera
/// writes `str`s only, so the bytes are UTF-8 without checking them again.
fn render_exact(templates: &Templates, template: &str, context: &mut Context) -> tera::TeraResult<Vec<u8>> {
    PAGE_BUFFER.with(|b| {
        let mut buf = b.borrow_mut();
        buf.clear();
        templates.render_to(template, context, &mut buf)?;
        Ok(buf.to_vec())
    })
}

/// Renders `template` into this thread's buffer and hands it to `use_page`
/// as the page at `path` without copying it out (a streamed page is
/// written and forgotten); gives the path back.
fn render_in_place(
    templates: &Templates,
    template: &str,
    context: &mut Context,
    path: String,
    use_page: impl FnOnce(&Page),
) -> tera::TeraResult<String> {
    PAGE_BUFFER.with(|b| {
        let mut bytes = std::mem::take(&mut *b.borrow_mut());
        bytes.clear();
        let rendered = templates.render_to(template, context, &mut bytes);
        let page = Page { path, bytes };
        if rendered.is_ok() {
            use_page(&page);
        }
        *b.borrow_mut() = page.bytes;
        rendered.map(|()| page.path)
    })
}

/// The theme's `static/` files go to `assets/` of both sites.
fn add_assets(theme: &Theme, out: &mut Rendered) {
    for (p, bytes) in theme.assets() {
        let page = Page { path: format!("assets/{p}"), bytes: bytes.to_vec() };
        out.public.push(page.clone());
        out.internal.push(page);
    }
}

/// `content/static/` is copied as-is to the public site's root. A generated
/// page wins over a static file at the same path (with an error, so the
/// clerk renames the file rather than wondering which one is live).
fn add_static(estate: &Estate, content: &Path, out: &mut Rendered) -> Result<(), Vec<Diagnostic>> {
    let taken: std::collections::HashSet<String> = out.public_paths().map(str::to_string).collect();
    let lang = estate.site.lang;
    let mut errors = Vec::new();
    let read: Vec<(String, std::io::Result<Vec<u8>>)> = estate
        .static_files
        .par_iter()
        .map(|rel| {
            let rel = rel.replace('\\', "/");
            let bytes = std::fs::read(content.join("static").join(&rel));
            (rel, bytes)
        })
        .collect();
    for (rel, bytes) in read {
        let shown = content.join("static").join(&rel).display().to_string();
        match bytes {
            Ok(_) if taken.contains(&rel) => errors.push(Diagnostic::new(
                Code::StaticClash,
                shown,
                Pos::START,
                strings::tr!(
                    lang,
                    "静态文件与生成的页面 `{rel}` 同名：请改名或移到子文件夹",
                    "static file has the same path as the generated page `{rel}`: rename it or move it to a subfolder"
                ),
            )),
            Ok(b) => out.public.push(Page { path: rel, bytes: b }),
            Err(e) => errors.push(Diagnostic::new(
                Code::FileRead,
                shown,
                Pos::START,
                strings::tr!(lang, "无法读取静态文件：{e}", "cannot read the static file: {e}"),
            )),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}
