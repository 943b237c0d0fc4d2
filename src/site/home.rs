//! The public home page: pinned and latest notices, the last ended
//! quarter's headline tiles, recent bulletins.

use serde::Serialize;

use super::bulletins::bulletin_path;
use super::kpis::{PeriodFigures, Tile, tiles};
use super::notices::{NoticeCard, Published, card};
use super::strings::tr;
use super::{Ctx, Job, Which, format};

/// A link to a bulletin.
#[derive(Clone, Debug, Serialize)]
pub struct BulletinLink {
    /// `2026年第三季度`.
    pub label: String,
    /// Site path.
    pub path: String,
}

/// The home page.
#[derive(Clone, Debug, Serialize)]
pub struct HomeView<'a> {
    /// Pinned current notices.
    pub pinned: Vec<NoticeCard<'a>>,
    /// Other current notices, newest first (a few).
    pub latest: Vec<NoticeCard<'a>>,
    /// Current notices not shown.
    pub more: usize,
    /// The quarter the tiles describe.
    pub quarter: Option<BulletinLink>,
    /// Headline KPIs.
    pub tiles: Vec<Tile>,
    /// Recent bulletins.
    pub bulletins: Vec<BulletinLink>,
}

/// Notices on the home page besides the pinned ones.
const HOME_LATEST: usize = 6;

/// The home page.
/// What the home page needs from the KPIs. Small and owned, so `serve` can
/// keep it between rebuilds that did not touch the records.
#[derive(Clone, Debug)]
pub struct HomeKpis {
    quarter: Option<BulletinLink>,
    tiles: Vec<Tile>,
    bulletins: Vec<BulletinLink>,
}

impl HomeKpis {
    /// The latest finished quarter's tiles and the four latest bulletins.
    pub fn new(cx: &Ctx, kpis: &PeriodFigures) -> HomeKpis {
        let lang = cx.lang();
        let (quarter, tiles) = match kpis.latest_finished_quarter(cx.today) {
            Some(q) => {
                let k = kpis.quarter(q);
                let p = kpis.previous(&k);
                (
                    Some(BulletinLink { label: format::quarter(lang, q), path: bulletin_path(q) }),
                    tiles(&k, p.as_deref(), &cx.estate.site),
                )
            }
            None => (None, Vec::new()),
        };
        let bulletins = kpis
            .finished_quarters()
            .iter()
            .rev()
            .take(4)
            .map(|q| BulletinLink { label: format::quarter(lang, *q), path: bulletin_path(*q) })
            .collect();
        HomeKpis { quarter, tiles, bulletins }
    }
}

/// The home page.
pub fn jobs(cx: &Ctx, published: &Published, home: &HomeKpis) -> Vec<Job> {
    let current = published.current();
    let lang = cx.lang();
    let pinned: Vec<NoticeCard> = current.iter().filter(|n| n.pinned).map(|n| card(n)).collect();
    // Cards only for the notices shown: a site of 10,000 made 10,000 to keep six.
    let others = current.iter().filter(|n| !n.pinned);
    let more = others.clone().count().saturating_sub(HOME_LATEST);
    let latest = others.take(HOME_LATEST).map(|n| card(n)).collect();
    let HomeKpis { quarter, tiles, bulletins } = home.clone();
    let view = HomeView { pinned, latest, more, quarter, tiles, bulletins };
    let site = &cx.estate.site;
    let mut meta = cx.meta(Which::Public, "index.html", site.name.clone(), "home");
    let (name, phone) = (&site.name, &site.service_phone);
    meta.description = tr!(
        lang,
        "{name}：公告、服务简报、岗位职责。服务电话 {phone}",
        "{name}: notices, service bulletins, job descriptions. Service phone {phone}"
    );
    vec![cx.job(Which::Public, meta, "home.html", &view)]
}
