//! Notices (公告): the current list, per-type lists, the archive, one page
//! per notice, and the 失物招领 notices generated from `lost-found.yaml`.
//!
//! A notice is published when it is not a draft and its `date` is on or
//! before `--date`; it is current while `--date` is on or before `expires`,
//! and archived after. Generated notices follow the same rules:
//! - the quarterly 失物招领 notice of each quarter with records is dated the
//!   quarter's last day and lists items found by then and not claimed by
//!   then; it expires at the end of the next quarter, when the next one
//!   replaces it;
//! - each valuable item (贵重物品) has its own notice from `found_on`, current
//!   until `claimed_on`.
//!
//! Generated notices carry the item, place and dates only: never who claimed it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::strings::tr;
use super::{Ctx, Job, Which, format, markdown};
use crate::i18n::Lang;
use crate::records::{LostItem, Quarter};

/// Notices per list page.
pub const PER_PAGE: usize = 20;

/// A row of the 失物招领 table.
#[derive(Clone, Debug, Serialize)]
pub struct LostRow {
    /// Registration id (SW-…), which the owner quotes at the desk.
    pub id: String,
    /// What was found.
    pub item: String,
    /// Where.
    pub place: String,
    /// When, in the site's language.
    pub found_on: String,
}

/// A published notice, from a file or generated, ready for pages.
#[derive(Clone, Debug)]
pub struct PubNotice {
    /// URL stem: the page is `notices/<stem>.html`.
    pub stem: String,
    /// Title.
    pub title: String,
    /// Type (one of `categories.notice`, or 失物招领 for generated ones).
    pub kind: String,
    /// Publication date.
    pub date: NaiveDate,
    /// Last day it is current.
    pub expires: Option<NaiveDate>,
    /// Shown on top while current.
    pub pinned: bool,
    /// Buildings affected.
    pub affects: Vec<String>,
    /// Time window, formatted (`2026年11月5日 08:00 至 18:00`, `5 Nov 2026 08:00 to 18:00`).
    pub window: Option<String>,
    /// Issuer (default: the site's name).
    pub issuer: String,
    /// Body as safe HTML, for generated notices; empty for file notices,
    /// whose Markdown is rendered when their page is (see [`PubNotice::html`]).
    pub body_html: String,
    /// Index of the source file in `estate.notices`, for file notices.
    pub source: Option<usize>,
    /// Plain-text summary for lists and the feed.
    pub summary: String,
    /// Items listed by a 失物招领 notice.
    pub lost_items: Vec<LostRow>,
    /// Still current on `--date`.
    pub current: bool,
    /// Its card's formatted text, made once [`Published::new`] has every notice.
    pub text: CardText,
}

/// The text of a notice's card that takes formatting (links, dates, the
/// buildings joined), made once per notice: a card is shown up to three
/// times (its page and two lists), and formatting it for each use was 3% of
/// a 2,000-notice build's instructions (13.7 M of 513 M).
///
/// The card itself is made for each use, right before its page is rendered
/// (see [`card`]). Made once as a template value and shared, 10,000 cards
/// were 16 MB of maps that had left the cache by the time a list page read
/// them: Tera's key comparison was 4.9% of a build's samples, 0.6% with
/// each card made where it is used, and the build's user time fell 5%.
#[derive(Clone, Debug, Default)]
pub struct CardText {
    path: String,
    kind_path: String,
    date: String,
    date_iso: String,
    expires: Option<String>,
    affects: String,
}

impl CardText {
    fn new(lang: Lang, n: &PubNotice) -> CardText {
        CardText {
            path: format::encode_path(&n.path()),
            kind_path: format!("notices/type/{}/index.html", type_slug(&n.kind)),
            date: format::date(lang, n.date),
            date_iso: n.date.to_string(),
            expires: n.expires.map(|d| format::date(lang, d)),
            affects: n.affects.join(super::strings::strings(lang).list_sep),
        }
    }
}

impl PubNotice {
    /// The body as safe HTML. A file notice's Markdown is rendered here, on
    /// demand, so ten thousand rendered bodies are never held at once.
    pub fn html(&self, cx: &Ctx) -> String {
        match self.source.and_then(|i| cx.estate.notices.get(i)) {
            Some(n) => markdown::to_html(&n.body),
            None => self.body_html.clone(),
        }
    }

    /// The page's path within the public site.
    pub fn path(&self) -> String {
        format!("notices/{}.html", self.stem)
    }
}

/// Every published notice, newest first, computed once per build.
pub struct Published {
    /// Newest first (date descending, then stem).
    pub all: Vec<PubNotice>,
}

impl Published {
    /// Collects file notices and generated 失物招领 notices published by `--date`.
    pub fn new(cx: &Ctx) -> Published {
        let e = cx.estate;
        let today = cx.today;
        let lang = cx.lang();
        let site_name = &e.site.name;
        // The published ones' indices first, so that the parallel map below
        // knows its length and writes straight into the one vector (a
        // filter there collects through a list of vectors, each grown by
        // doubling: 6 MB more to touch at 10,000 notices).
        let published: Vec<usize> =
            (0..e.notices.len()).filter(|&i| !e.notices[i].draft && e.notices[i].date <= today).collect();
        let mut all: Vec<PubNotice> = published
            .par_iter()
            .map(|&i| {
                let n = &e.notices[i];
                PubNotice {
                    stem: n.stem.clone(),
                    title: n.title.clone(),
                    kind: n.kind.clone(),
                    date: n.date,
                    expires: n.expires,
                    pinned: n.pinned,
                    affects: n.affects.clone(),
                    window: window(lang, n.starts_at, n.ends_at),
                    issuer: n.issuer.clone().unwrap_or_else(|| site_name.clone()),
                    body_html: String::new(),
                    source: Some(i),
                    summary: markdown::summary(&n.body, 80),
                    lost_items: Vec::new(),
                    current: n.expires.is_none_or(|x| today <= x),
                    text: CardText::default(),
                }
            })
            .collect();
        let generated = lost_found_notices(cx);
        if !generated.is_empty() {
            let taken: BTreeSet<String> = all.iter().map(|n| n.stem.clone()).collect();
            all.extend(generated.into_iter().filter(|g| g.date <= today && !taken.contains(&g.stem)));
        }
        // On both cores (the rest of the site waits for this order), in
        // place: stems are unique, so no two notices compare equal and an
        // unstable sort gives the one order without a buffer as big as `all`.
        all.par_sort_unstable_by(|a, b| b.date.cmp(&a.date).then_with(|| a.stem.cmp(&b.stem)));
        all.par_iter_mut().for_each(|n| n.text = CardText::new(lang, n));
        Published { all }
    }

    /// Current notices: pinned first, then newest first.
    pub fn current(&self) -> Vec<&PubNotice> {
        self.current_indices().into_iter().map(|i| &self.all[i]).collect()
    }

    /// [`Published::current`], as indices into `all`.
    pub fn current_indices(&self) -> Vec<usize> {
        let all = &self.all;
        let mut v: Vec<usize> = (0..all.len()).filter(|&i| all[i].current).collect();
        // On both cores: the lists wait for it, with nothing else to do.
        v.par_sort_by(|&a, &b| {
            let (a, b) = (&all[a], &all[b]);
            b.pinned.cmp(&a.pinned).then(b.date.cmp(&a.date)).then_with(|| a.stem.cmp(&b.stem))
        });
        v
    }
}

fn window(l: Lang, start: Option<chrono::NaiveDateTime>, end: Option<chrono::NaiveDateTime>) -> Option<String> {
    let dt = |t| format::datetime(l, t);
    match (start, end) {
        (Some(s), Some(e)) if s.date() == e.date() => {
            let (s, e) = (dt(s), e.format("%H:%M"));
            Some(tr!(l, "{s} 至 {e}", "{s} to {e}"))
        }
        (Some(s), Some(e)) => {
            let (s, e) = (dt(s), dt(e));
            Some(tr!(l, "{s} 至 {e}", "{s} to {e}"))
        }
        (Some(s), None) => {
            let s = dt(s);
            Some(tr!(l, "{s} 起", "from {s}"))
        }
        (None, Some(e)) => {
            let e = dt(e);
            Some(tr!(l, "至 {e}", "until {e}"))
        }
        (None, None) => None,
    }
}

fn lost_row(lang: Lang, l: &LostItem) -> LostRow {
    LostRow {
        id: l.id.value.clone(),
        item: l.item.clone(),
        place: l.place.clone(),
        found_on: format::date(lang, l.found_on),
    }
}

/// A stem safe in a file name and a URL: ASCII letters, digits, `-`, `_`.
fn stem_part(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// The quarterly and per-item 失物招领 notices (dated; the caller filters by
/// `--date`), written in the site's language. Their type stays 失物招领: it
/// is one of the notice categories (a content value).
pub fn lost_found_notices(cx: &Ctx) -> Vec<PubNotice> {
    let e = cx.estate;
    let today = cx.today;
    let lang = cx.lang();
    let phone = &e.site.service_phone;
    let mut out = Vec::new();
    let quarters: BTreeSet<Quarter> = e.records.months.iter().map(|m| Quarter::of(*m)).collect();
    let mut items: Vec<&LostItem> = e.records.lost_found.iter().collect();
    items.sort_by(|a, b| a.found_on.cmp(&b.found_on).then_with(|| a.id.value.cmp(&b.id.value)));
    for q in quarters {
        let last = q.last_month().last_day();
        let unclaimed: Vec<LostRow> = items
            .iter()
            .filter(|l| l.found_on <= last && l.claimed_on.is_none_or(|c| c > last))
            .map(|l| lost_row(lang, l))
            .collect();
        let next_end = Quarter::of(q.last_month().next()).last_month().last_day();
        let (day, n, quarter) = (format::date(lang, last), unclaimed.len(), format::quarter(lang, q));
        let intro = if unclaimed.is_empty() {
            tr!(
                lang,
                "截至{day}，物业服务中心无待认领的拾得物品。",
                "As of {day}, the service centre holds no found items awaiting their owners."
            )
        } else {
            let items =
                if n == 1 { "the found item below has".to_string() } else { format!("the {n} found items below have") };
            tr!(
                lang,
                "截至{day}，以下 {n} 件拾得物品尚无人认领。请失主携带有效证件及能说明物品特征的凭据，到物业服务中心前台认领（认领时请报登记编号）。",
                "As of {day}, {items} not been claimed. Owners are asked to bring valid ID and something that describes the item to the service centre front desk (please quote the registration number)."
            )
        };
        let contact = lost_contact(lang, &intro, phone);
        out.push(PubNotice {
            stem: format!("lost-found-{q}"),
            title: tr!(lang, "{quarter}失物招领公告", "Lost and found, {quarter}"),
            kind: "失物招领".into(),
            date: last,
            expires: Some(next_end),
            pinned: false,
            affects: Vec::new(),
            window: None,
            issuer: e.site.name.clone(),
            body_html: contact,
            source: None,
            summary: intro,
            lost_items: unclaimed,
            current: today <= next_end,
            text: CardText::default(),
        });
    }
    for l in items.iter().filter(|l| l.valuable) {
        let (day, place, item) = (format::date(lang, l.found_on), &l.place, &l.item);
        let intro = tr!(
            lang,
            "物业服务中心于{day}在{place}拾得{item}一件。请失主携带有效证件及能说明物品特征的凭据，尽快到物业服务中心前台认领。",
            "On {day} the service centre found this item at {place}: {item}. The owner is asked to bring valid ID and something that describes the item to the service centre front desk as soon as possible."
        );
        let contact = lost_contact(lang, &intro, phone);
        out.push(PubNotice {
            stem: format!("lost-found-{}", stem_part(&l.id.value)),
            title: tr!(lang, "失物招领：{item}", "Lost and found: {item}"),
            kind: "失物招领".into(),
            date: l.found_on,
            expires: l.claimed_on,
            pinned: false,
            affects: Vec::new(),
            window: None,
            issuer: e.site.name.clone(),
            body_html: contact,
            source: None,
            summary: intro,
            lost_items: vec![lost_row(lang, l)],
            current: l.claimed_on.is_none_or(|c| today <= c),
            text: CardText::default(),
        });
    }
    out
}

/// The body of a generated 失物招领 notice: the intro and the phone number.
fn lost_contact(lang: Lang, intro: &str, phone: &str) -> String {
    let (intro, phone) = (format::html(intro), format::html(phone));
    tr!(lang, "<p>{intro}</p><p>联系电话：{phone}</p>", "<p>{intro}</p><p>Phone: {phone}</p>")
}

/// The URL slug of a notice type: ASCII names for the default types, a
/// stable hash for custom ones (so links never depend on list order).
pub fn type_slug(kind: &str) -> String {
    let known = [
        ("停水停电", "water-power"),
        ("电梯维保", "elevator"),
        ("消防安全", "fire-safety"),
        ("施工", "works"),
        ("装修公示", "renovation"),
        ("收费公示", "fees"),
        ("失物招领", "lost-found"),
        ("社区活动", "events"),
        ("温馨提示", "tips"),
        ("其他", "other"),
    ];
    if let Some((_, s)) = known.iter().find(|(k, _)| *k == kind) {
        return s.to_string();
    }
    if kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') && !kind.is_empty() {
        return kind.to_ascii_lowercase();
    }
    // FNV-1a: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in kind.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("t{:08x}", h as u32)
}

/// A notice in a list. Text the notice already holds is borrowed: 10,000
/// cards are made per build, and each is copied once more into its template
/// value anyway.
#[derive(Clone, Debug, Serialize)]
pub struct NoticeCard<'a> {
    /// Site path of the notice's page.
    pub path: &'a str,
    /// Title.
    pub title: &'a str,
    /// Type.
    pub kind: &'a str,
    /// Site path of the type's list.
    pub kind_path: &'a str,
    /// Publication date, in the site's language.
    pub date: &'a str,
    /// Publication date, ISO (for `<time datetime>`).
    pub date_iso: &'a str,
    /// Expiry, in the site's language.
    pub expires: Option<&'a str>,
    /// Pinned (and current).
    pub pinned: bool,
    /// Archived.
    pub expired: bool,
    /// First paragraph.
    pub summary: &'a str,
    /// Buildings affected, joined (`3栋、5栋`), or empty.
    pub affects: &'a str,
    /// Time window, or empty.
    pub window: &'a str,
}

/// The list card of a notice (its text made by [`Published::new`]).
pub fn card(n: &PubNotice) -> NoticeCard<'_> {
    let t = &n.text;
    NoticeCard {
        path: &t.path,
        title: &n.title,
        kind: &n.kind,
        kind_path: &t.kind_path,
        date: &t.date,
        date_iso: &t.date_iso,
        expires: t.expires.as_deref(),
        pinned: n.pinned && n.current,
        expired: !n.current,
        summary: &n.summary,
        affects: &t.affects,
        window: n.window.as_deref().unwrap_or_default(),
    }
}

/// A link in the pager.
#[derive(Clone, Debug, Serialize)]
pub struct PageLink {
    /// 1-based page number.
    pub number: usize,
    /// Site path.
    pub path: String,
    /// This page.
    pub current: bool,
    /// Pages are left out before this one (shown as …).
    pub gap_before: bool,
}

/// Pagination of a list.
#[derive(Clone, Debug, Serialize)]
pub struct Pager {
    /// 1-based current page.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page's site path.
    pub prev: Option<String>,
    /// Next page's site path.
    pub next: Option<String>,
    /// The first, the last and the pages near the current one (a site with
    /// thousands of notices would otherwise repeat hundreds of links per page).
    pub pages: Vec<PageLink>,
}

/// A type with its list page, for the type navigation.
#[derive(Clone, Debug, Serialize)]
pub struct TypeLink {
    /// Type name.
    pub name: String,
    /// Site path of its list.
    pub path: String,
    /// Notices of this type, current and archived (what its page lists).
    pub count: usize,
    /// The list being shown.
    pub active: bool,
}

/// The view of a list page.
#[derive(Clone, Debug, Serialize)]
pub struct ListView<'a> {
    /// Heading.
    pub heading: String,
    /// A line under the heading.
    pub intro: String,
    /// The notices of this page.
    pub notices: Vec<NoticeCard<'a>>,
    /// The pager.
    pub pager: Pager,
    /// Type navigation.
    pub types: Vec<TypeLink>,
    /// Whether this is the archive.
    pub archive: bool,
}

/// The view of one notice's page.
#[derive(Clone, Debug, Serialize)]
pub struct NoticeView<'a> {
    /// Card fields (title, type, dates): a [`NoticeCard`].
    pub card: NoticeCard<'a>,
    /// Buildings affected, joined (`3栋、5栋`; `3栋, 5栋` in English).
    pub affects: String,
    /// Time window.
    pub window: Option<String>,
    /// Issuer.
    pub issuer: String,
    /// Body HTML, as a string Tera knows to be safe: printed as it is
    /// without the `safe` filter, which would copy it once more per page.
    pub body_html: tera::Value,
    /// 失物招领 items.
    pub lost_items: Vec<LostRow>,
    /// The QR code of the page's absolute URL, for the printed notice.
    pub qr: Option<super::share::QrView>,
}

fn page_path(dir: &str, n: usize) -> String {
    if n == 1 { format!("{dir}index.html") } else { format!("{dir}page/{n}/index.html") }
}

/// Page numbers to link from page `n` of `total`: 1, n−2..=n+2 and total,
/// each with whether pages were skipped before it.
fn pager_window(n: usize, total: usize) -> Vec<(usize, bool)> {
    let mut out: Vec<(usize, bool)> = Vec::new();
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(n) <= 2 {
            let gap = out.last().is_some_and(|(p, _)| k > p + 1);
            out.push((k, gap));
        }
    }
    out
}

/// One paginated list (current, archive or one type): where it goes, what
/// it says and the notices it shows, in order.
struct List {
    /// Directory of the list (`notices/archive/`), ending in `/`.
    dir: String,
    /// Heading.
    title: String,
    /// Line under the heading.
    intro: String,
    /// Whether this is the archive.
    archive: bool,
    /// Its notices, in list order: indices into [`Published::all`].
    notices: Vec<usize>,
}

impl List {
    /// Pages of this list (an empty list still has its first page).
    fn pages(&self) -> usize {
        self.notices.len().div_ceil(PER_PAGE).max(1)
    }
}

/// One page of one of [`Lists`]: what [`Lists::job`] builds.
#[derive(Clone, Copy, Debug)]
pub struct ListPage {
    /// Which list.
    list: usize,
    /// 1-based page number.
    n: usize,
}

/// Every notice list, paginated. A page's context (its cards, pager and type
/// links) is made right before the page is rendered, as a notice's page is:
/// made up front, 1,000 list pages of 10,000 notices held 30 MB of contexts
/// and cards, and on a 2-core office PC every fresh megabyte costs about as
/// much as rendering 20 pages.
pub struct Lists {
    lists: Vec<List>,
    types: Vec<TypeLink>,
}

impl Lists {
    /// The current list, the archive, then one list per type.
    pub fn new(cx: &Ctx, published: &Published) -> Lists {
        let lang = cx.lang();
        // Types: the site's list order, then any other type seen.
        let listed = &cx.estate.site.categories.notice;
        let mut kinds: Vec<String> = listed.clone();
        let mut seen: std::collections::HashSet<&str> = listed.iter().map(String::as_str).collect();
        for n in &published.all {
            if seen.insert(n.kind.as_str()) {
                kinds.push(n.kind.clone());
            }
        }
        let all = &published.all;
        let mut by_kind: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, n) in all.iter().enumerate() {
            by_kind.entry(n.kind.as_str()).or_default().push(i);
        }
        let types: Vec<TypeLink> = kinds
            .iter()
            .filter(|k| by_kind.contains_key(k.as_str()))
            .map(|k| TypeLink {
                name: k.clone(),
                path: format!("notices/type/{}/index.html", type_slug(k)),
                // The type's page lists its current and archived notices: the chip counts the same.
                count: by_kind.get(k.as_str()).map_or(0, Vec::len),
                active: false,
            })
            .collect();
        let name = &cx.estate.site.name;
        let mut lists = vec![
            List {
                dir: "notices/".into(),
                title: cx.s().notices.to_string(),
                intro: tr!(
                    lang,
                    "{name}的现行公告，置顶公告在前，其余按发布日期从新到旧排列。",
                    "Current notices of {name}: pinned ones first, then the newest first."
                ),
                archive: false,
                notices: published.current_indices(),
            },
            List {
                dir: "notices/archive/".into(),
                title: cx.s().archive.to_string(),
                intro: tr!(
                    lang,
                    "已过有效期的公告，按发布日期从新到旧排列。",
                    "Notices past their expiry date, newest first."
                ),
                archive: true,
                notices: (0..all.len()).filter(|&i| !all[i].current).collect(),
            },
        ];
        for k in &kinds {
            let Some(mut list) = by_kind.get(k.as_str()).cloned() else { continue };
            // Current first (pinned on top), then archived; each newest first.
            list.sort_by(|&a, &b| {
                let (a, b) = (&all[a], &all[b]);
                b.current
                    .cmp(&a.current)
                    .then((b.pinned && b.current).cmp(&(a.pinned && a.current)))
                    .then(b.date.cmp(&a.date))
                    .then_with(|| a.stem.cmp(&b.stem))
            });
            lists.push(List {
                dir: format!("notices/type/{}/", type_slug(k)),
                title: tr!(lang, "{k}公告", "Notices: {k}"),
                intro: tr!(
                    lang,
                    "类型为「{k}」的全部公告，现行公告在前。",
                    "Every notice of the type “{k}”, current ones first."
                ),
                archive: false,
                notices: list,
            });
        }
        Lists { lists, types }
    }

    /// Every page of every list, in order.
    pub fn pages(&self) -> Vec<ListPage> {
        self.lists.iter().enumerate().flat_map(|(list, l)| (1..=l.pages()).map(move |n| ListPage { list, n })).collect()
    }

    /// The job of one list page.
    pub fn job(&self, cx: &Ctx, published: &Published, page: ListPage) -> Job {
        let ListPage { list, n } = page;
        let List { dir, title, intro, archive, notices } = &self.lists[list];
        let total = self.lists[list].pages();
        let path = page_path(dir, n);
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| page_path(dir, n - 1)),
            next: (n < total).then(|| page_path(dir, n + 1)),
            pages: pager_window(n, total)
                .into_iter()
                .map(|(k, gap_before)| PageLink { number: k, path: page_path(dir, k), current: k == n, gap_before })
                .collect(),
        };
        let page_title =
            if n > 1 { tr!(cx.lang(), "{title}（第{n}页）", "{title} (page {n})") } else { title.to_string() };
        let first = format!("{dir}index.html");
        let types = self.types.iter().map(|t| TypeLink { active: t.path == first, ..t.clone() }).collect();
        let shown = notices.iter().skip((n - 1) * PER_PAGE).take(PER_PAGE).map(|&i| card(&published.all[i])).collect();
        let view = ListView {
            heading: title.to_string(),
            intro: intro.to_string(),
            notices: shown,
            pager,
            types,
            archive: *archive,
        };
        let mut meta = cx.meta(Which::Public, &path, page_title, "notices");
        meta.description = intro.to_string();
        cx.job(Which::Public, meta, "notices/list.html", &view)
    }
}

/// The page of one notice. Built right before it is rendered (not with the
/// list pages), so ten thousand notices never hold ten thousand contexts at once.
pub fn page_job(cx: &Ctx, n: &PubNotice) -> Job {
    let view = NoticeView {
        card: card(n),
        affects: n.text.affects.clone(),
        window: n.window.clone(),
        issuer: n.issuer.clone(),
        body_html: tera::Value::safe_string(&n.html(cx)),
        lost_items: n.lost_items.clone(),
        qr: super::share::qr(&format::absolute_url(&cx.estate.site.base_url, &n.path())),
    };
    let mut meta = cx.meta(Which::Public, &n.path(), n.title.clone(), "notices");
    meta.description = first_sentence(&n.summary);
    meta.og_type = "article";
    meta.published = n.date.to_string();
    meta.kind = n.kind.clone();
    cx.job(Which::Public, meta, "notices/page.html", &view)
}

/// The first sentence of a summary (up to 。！？ or a full stop), for
/// `meta description` and share cards; the whole summary if it has none.
pub fn first_sentence(summary: &str) -> String {
    let end = summary
        .char_indices()
        .find(|(i, c)| matches!(c, '。' | '！' | '？') || (*c == '.' && summary[i + 1..].starts_with(' ')));
    match end {
        Some((i, c)) => summary[..i + c.len_utf8()].to_string(),
        None => summary.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_ends_at_a_full_stop() {
        assert_eq!(first_sentence("明天停水。请储水。"), "明天停水。");
        assert_eq!(first_sentence("Water off. Store some."), "Water off.");
        assert_eq!(first_sentence("没有句号"), "没有句号");
    }

    #[test]
    fn pager_links_a_window() {
        assert_eq!(pager_window(1, 1), vec![(1, false)]);
        assert_eq!(
            pager_window(5, 10),
            vec![(1, false), (3, true), (4, false), (5, false), (6, false), (7, false), (10, true)]
        );
    }

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(type_slug("停水停电"), "water-power");
        let s = type_slug("业委会公告");
        assert!(s.starts_with('t') && s.len() == 9 && s.is_ascii());
        assert_eq!(s, type_slug("业委会公告"));
    }
}
