//! `site.yaml`: the estate's settings, KPI targets and category lists.

use crate::i18n::msg;
use serde::{Deserialize, Serialize};

use crate::diag::Code;
use crate::i18n::Lang;
use crate::scalars::Money;
use crate::yaml::fields::{self, Ctx, Rec};
use crate::yaml::{Kind, Node};

/// KPI targets shown beside each figure (defaults from the contract).
/// Read back from a figures file (`wuye portfolio`); a missing key takes its default.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    /// 收缴率
    pub fee_collection_rate: f64,
    /// 清欠率
    pub arrears_recovery_rate: f64,
    /// 满意率
    pub satisfaction_rate: f64,
    /// 报事完成率
    pub ticket_completion_rate: f64,
    /// 24 小时回访率
    pub ticket_followup_24h_rate: f64,
    /// 3 个工作日投诉回访率
    pub complaint_followup_3wd_rate: f64,
    /// 访谈覆盖率
    pub visit_coverage: f64,
    /// 面访占比
    pub visit_face_to_face_share: f64,
    /// 巡查达标率
    pub inspection_compliance: f64,
    /// 报事日清: days with a 报事日清 worklog ÷ days.
    pub daily_clearing_rate: f64,
    /// 夜间报事: night tickets entered by the next day ÷ those with `entered_at`.
    pub night_entry_rate: f64,
    /// 未完报事跟踪: weeks tracked ÷ weeks that began with open tickets.
    pub open_tracking_rate: f64,
    /// 网络平台: online tickets entered the same day ÷ those with `entered_at`.
    pub online_entry_rate: f64,
    /// 房屋信息更新: weeks with an update ÷ weeks.
    pub unit_info_rate: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            fee_collection_rate: 0.95,
            arrears_recovery_rate: 0.30,
            satisfaction_rate: 0.90,
            ticket_completion_rate: 0.98,
            ticket_followup_24h_rate: 1.0,
            complaint_followup_3wd_rate: 1.0,
            visit_coverage: 1.0,
            visit_face_to_face_share: 0.20,
            inspection_compliance: 1.0,
            daily_clearing_rate: 1.0,
            night_entry_rate: 1.0,
            open_tracking_rate: 1.0,
            online_entry_rate: 1.0,
            unit_info_rate: 1.0,
        }
    }
}

/// The category lists values are checked against.
#[derive(Clone, Debug, Serialize)]
pub struct Categories {
    /// Ticket categories.
    pub ticket: Vec<String>,
    /// Complaint categories.
    pub complaint: Vec<String>,
    /// Channels for tickets and complaints.
    pub channel: Vec<String>,
    /// Notice types.
    pub notice: Vec<String>,
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for Categories {
    fn default() -> Self {
        Categories {
            ticket: strings(&["水电", "电梯", "门窗", "墙面", "公共设施", "绿化", "保洁", "安防", "停车", "其他"]),
            complaint: strings(&[
                "服务态度",
                "维修质量",
                "环境卫生",
                "安全管理",
                "收费",
                "噪音",
                "停车",
                "邻里",
                "其他",
            ]),
            channel: strings(&[
                "电话",
                "前台",
                "微信",
                "APP",
                "夜间监控中心",
                "网络平台",
                "巡查",
                "来访",
                "12345热线",
                "业委会",
            ]),
            notice: strings(&[
                "停水停电",
                "电梯维保",
                "消防安全",
                "施工",
                "装修公示",
                "收费公示",
                "失物招领",
                "社区活动",
                "温馨提示",
                "其他",
            ]),
        }
    }
}

/// Estate settings.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    /// 物业服务中心 name, shown in headers.
    pub name: String,
    /// Estate name.
    pub estate: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// Language tag (`zh-CN` by default).
    pub language: String,
    /// Message and UI language derived from `language`.
    #[serde(skip)]
    pub lang: Lang,
    /// The office's public number.
    pub service_phone: String,
    /// KPI targets.
    pub targets: Targets,
    /// Survey score counted as satisfied.
    pub satisfied_min_score: u8,
    /// Repairs at or above this need `approved_by`.
    pub approval_threshold: Money,
    /// Category lists.
    pub categories: Categories,
    /// The day the site describes when pinned (a demo or archived estate); `--date` overrides it.
    pub as_of: Option<chrono::NaiveDate>,
    /// Whether the public site has search (`search: false` turns it off).
    pub search: bool,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            name: "物业服务中心".into(),
            estate: String::new(),
            base_url: "/".into(),
            language: "zh-CN".into(),
            lang: Lang::Zh,
            service_phone: String::new(),
            targets: Targets::default(),
            satisfied_min_score: 4,
            approval_threshold: Money(20000),
            categories: Categories::default(),
            as_of: None,
            search: true,
        }
    }
}

const SITE_FIELDS: &[&str] = &[
    "name",
    "estate",
    "base_url",
    "language",
    "service_phone",
    "targets",
    "satisfied_min_score",
    "approval_threshold",
    "categories",
    "as_of",
    "search",
];
const TARGET_FIELDS: &[&str] = &[
    "fee_collection_rate",
    "arrears_recovery_rate",
    "satisfaction_rate",
    "ticket_completion_rate",
    "ticket_followup_24h_rate",
    "complaint_followup_3wd_rate",
    "visit_coverage",
    "visit_face_to_face_share",
    "inspection_compliance",
    "daily_clearing_rate",
    "night_entry_rate",
    "open_tracking_rate",
    "online_entry_rate",
    "unit_info_rate",
];
const CATEGORY_FIELDS: &[&str] = &["ticket", "complaint", "channel", "notice"];

/// Peeks at `language` so every later message, this file's included, uses it.
pub fn peek_lang(root: &Node) -> Lang {
    if let Kind::Map(entries) = &root.kind {
        for (k, v) in entries {
            if k.scalar() == Some("language")
                && let Some(s) = v.scalar()
            {
                return Lang::from_tag(s);
            }
        }
    }
    Lang::Zh
}

fn rate(n: &Node, cx: &mut Ctx) -> Option<f64> {
    let s = n.scalar().unwrap_or("");
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
        _ => {
            cx.err(
                Code::TargetRange,
                n.pos,
                msg!(
                    "目标值 `{s}` 应为 0 到 1 之间的小数（0.95 表示 95%）",
                    "target `{s}` must be a number from 0 to 1 (0.95 means 95%)"
                ),
            );
            None
        }
    }
}

fn list(n: &Node, cx: &mut Ctx) -> Option<Vec<String>> {
    let v = fields::text_list(n, cx)?;
    if v.is_empty() {
        cx.err(Code::ValueEmpty, n.pos, msg!("类别列表不能为空", "a category list must not be empty"));
        return None;
    }
    Some(v.into_iter().map(|s| s.value).collect())
}

/// Reads `site.yaml` from its tree; problems go to `cx`.
pub fn from_node(root: &Node, cx: &mut Ctx) -> Site {
    let mut site = Site { lang: cx.lang, ..Site::default() };
    let Some(mut r) = Rec::new(root, "site.yaml", cx) else {
        return site;
    };
    if let Some(v) = r.req(cx, "name", fields::text) {
        site.name = v;
    }
    if let Some(v) = r.req(cx, "estate", fields::text) {
        site.estate = v;
    }
    if let Some(mut v) = r.req(cx, "base_url", fields::text) {
        if !v.ends_with('/') {
            v.push('/');
        }
        site.base_url = v;
    }
    if let Some(v) = r.opt(cx, "language", fields::text) {
        site.language = v;
    }
    if let Some(v) = r.req(cx, "service_phone", fields::text) {
        site.service_phone = v;
    }
    if let Some(v) = r.opt(cx, "satisfied_min_score", fields::score) {
        site.satisfied_min_score = v;
    }
    if let Some(v) = r.opt(cx, "as_of", fields::date) {
        site.as_of = Some(v);
    }
    if let Some(v) = r.opt(cx, "search", fields::boolean) {
        site.search = v;
    }
    if let Some(v) = r.opt(cx, "approval_threshold", fields::money) {
        site.approval_threshold = v;
    }
    if let Some(t) = r.node("targets").filter(|n| !n.is_null())
        && let Some(mut tr) = Rec::new(t, "targets", cx)
    {
        let tg = &mut site.targets;
        let slots: [(&str, &mut f64); 14] = [
            ("fee_collection_rate", &mut tg.fee_collection_rate),
            ("arrears_recovery_rate", &mut tg.arrears_recovery_rate),
            ("satisfaction_rate", &mut tg.satisfaction_rate),
            ("ticket_completion_rate", &mut tg.ticket_completion_rate),
            ("ticket_followup_24h_rate", &mut tg.ticket_followup_24h_rate),
            ("complaint_followup_3wd_rate", &mut tg.complaint_followup_3wd_rate),
            ("visit_coverage", &mut tg.visit_coverage),
            ("visit_face_to_face_share", &mut tg.visit_face_to_face_share),
            ("inspection_compliance", &mut tg.inspection_compliance),
            ("daily_clearing_rate", &mut tg.daily_clearing_rate),
            ("night_entry_rate", &mut tg.night_entry_rate),
            ("open_tracking_rate", &mut tg.open_tracking_rate),
            ("online_entry_rate", &mut tg.online_entry_rate),
            ("unit_info_rate", &mut tg.unit_info_rate),
        ];
        for (k, slot) in slots {
            if let Some(v) = tr.opt(cx, k, rate) {
                *slot = v;
            }
        }
        tr.finish(cx, TARGET_FIELDS);
    }
    if let Some(c) = r.node("categories").filter(|n| !n.is_null())
        && let Some(mut cr) = Rec::new(c, "categories", cx)
    {
        let cs = &mut site.categories;
        let slots: [(&str, &mut Vec<String>); 4] = [
            ("ticket", &mut cs.ticket),
            ("complaint", &mut cs.complaint),
            ("channel", &mut cs.channel),
            ("notice", &mut cs.notice),
        ];
        for (k, slot) in slots {
            if let Some(v) = cr.opt(cx, k, list) {
                *slot = v;
            }
        }
        cr.finish(cx, CATEGORY_FIELDS);
    }
    r.finish(cx, SITE_FIELDS);
    site
}

/// The day a site describes: `--date` (`arg`), else `as_of` in site.yaml
/// (`pinned`), else `SOURCE_DATE_EPOCH` read in local time, else today's
/// local date (docs/records.md, "The date a site describes").
pub fn as_of_day(arg: Option<chrono::NaiveDate>, pinned: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    if let Some(d) = arg.or(pinned) {
        return d;
    }
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
    {
        return t.with_timezone(&chrono::Local).date_naive();
    }
    chrono::Local::now().date_naive()
}

/// The language of the content directory `dir`, from its `site.yaml`
/// (Chinese when there is none or it cannot be read): the CLI's own lines
/// are printed in it before the content is loaded.
pub fn content_lang(dir: &std::path::Path) -> Lang {
    let path = dir.join("site.yaml");
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() < 1 << 20 => {}
        _ => return Lang::Zh,
    }
    let Ok(text) = std::fs::read_to_string(&path) else { return Lang::Zh };
    match crate::yaml::parse_tree(text.trim_start_matches('\u{feff}')) {
        Ok(Some(n)) => peek_lang(&n),
        _ => Lang::Zh,
    }
}
