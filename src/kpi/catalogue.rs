//! The one catalogue of KPIs and the figures around them: for each, its id,
//! its label in both languages, where its value comes from in a period's
//! figures, how it is shown, which target of `site.yaml` applies and its
//! basis (口径) in one line.
//!
//! The terminal table (`wuye kpi --format table`) and the pages (the KPI
//! groups of bulletins and monthly pages, the home page's tiles) render from
//! this list, so a KPI is named the same everywhere and adding one means
//! adding one entry here. The figures themselves are computed by
//! [`crate::kpi`] exactly as docs/ and docs/kpi.md define them; nothing here
//! divides except through [`Ratio`].

use chrono::Datelike;

use super::{PeriodKpi, Ratio};
use crate::config::{Site, Targets};
use crate::i18n::{Lang, Msg, tr};
use crate::scalars::Money;

/// The headings KPIs are grouped under, in page order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// 报事.
    Tickets,
    /// 投诉.
    Complaints,
    /// 物业费.
    Fees,
    /// 满意度.
    Satisfaction,
    /// 业主访谈 (year to date).
    Visits,
    /// 园区巡查.
    Inspections,
}

impl Group {
    /// Every group, in page order.
    pub const ALL: [Group; 6] =
        [Group::Tickets, Group::Complaints, Group::Fees, Group::Satisfaction, Group::Visits, Group::Inspections];

    /// The heading.
    pub fn title(self) -> Msg<'static> {
        match self {
            Group::Tickets => Msg::new("报事", "Service requests"),
            Group::Complaints => Msg::new("投诉", "Complaints"),
            Group::Fees => Msg::new("物业费", "Property fees"),
            Group::Satisfaction => Msg::new("满意度", "Satisfaction"),
            Group::Visits => Msg::new("业主访谈（年初至今）", "Owner visits (year to date)"),
            Group::Inspections => Msg::new("园区巡查", "Site inspections"),
        }
    }
}

/// How a figure is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A whole number (`151`).
    Count,
    /// A share of counts: the percentage and the integers behind it.
    Rate,
    /// A share of money: the percentage only (the integers are fen).
    MoneyRate,
    /// A share of units: the integers are named as units (`2/11 户`).
    UnitsRate,
    /// A ratio with two decimals (complaints per 100 households, the mean score).
    Decimal,
    /// Hours, one decimal.
    Hours,
    /// An amount of money.
    Money,
}

/// Where a figure comes from in a period's [`PeriodKpi`].
#[derive(Clone, Copy)]
pub enum Value {
    /// A count.
    Count(fn(&PeriodKpi) -> u64),
    /// A ratio (rates and per-100 figures).
    Ratio(fn(&PeriodKpi) -> Ratio),
    /// An amount.
    Money(fn(&PeriodKpi) -> Money),
    /// Hours, `None` when there is nothing to measure.
    Hours(fn(&PeriodKpi) -> Option<Ratio>),
}

/// Which target of `site.yaml` a KPI is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `fee_collection_rate`.
    FeeCollection,
    /// `arrears_recovery_rate`.
    ArrearsRecovery,
    /// `satisfaction_rate`.
    Satisfaction,
    /// `ticket_completion_rate`.
    TicketCompletion,
    /// `ticket_followup_24h_rate`.
    TicketFollowup24h,
    /// `complaint_followup_3wd_rate`.
    ComplaintFollowup3wd,
    /// `visit_coverage`, for the whole year (accrues month by month).
    VisitCoverage,
    /// `visit_face_to_face_share`, for the whole year (accrues).
    VisitFaceToFace,
    /// Every unoccupied unit visited twice in the year (100%, accrues).
    UnoccupiedVisits,
    /// `inspection_compliance`.
    Inspection,
}

impl Target {
    /// The target as a fraction (0.95), for the whole year when it accrues.
    pub fn of(self, t: &Targets) -> f64 {
        match self {
            Target::FeeCollection => t.fee_collection_rate,
            Target::ArrearsRecovery => t.arrears_recovery_rate,
            Target::Satisfaction => t.satisfaction_rate,
            Target::TicketCompletion => t.ticket_completion_rate,
            Target::TicketFollowup24h => t.ticket_followup_24h_rate,
            Target::ComplaintFollowup3wd => t.complaint_followup_3wd_rate,
            Target::VisitCoverage => t.visit_coverage,
            Target::VisitFaceToFace => t.visit_face_to_face_share,
            Target::UnoccupiedVisits => 1.0,
            Target::Inspection => t.inspection_compliance,
        }
    }

    /// Whether the target is for the year and is reached month by month
    /// (pro-rated to the part of the year a period covers, docs/kpi.md).
    pub fn accrues(self) -> bool {
        matches!(self, Target::VisitCoverage | Target::VisitFaceToFace | Target::UnoccupiedVisits)
    }
}

/// What a basis may name besides the figures: the period kind and the site.
pub struct BasisArgs<'a> {
    /// The period's figures.
    pub k: &'a PeriodKpi,
    /// The site (targets, the satisfied score).
    pub site: &'a Site,
    /// The period noun in the language: 月 / 季度 / month / quarter.
    pub unit: &'a str,
}

impl BasisArgs<'_> {
    /// Months of the year an accruing target covers: `10` for a whole
    /// October, `10.5` for a period cut in mid-October.
    fn months_covered(&self) -> String {
        let last = self.k.span.last_day();
        if self.k.in_progress { format!("{:.1}", super::accrued_share(last) * 12.0) } else { last.month().to_string() }
    }
}

/// A basis (口径) in one line, in the language asked for.
pub type Basis = fn(Lang, &BasisArgs) -> String;

/// One KPI or figure.
pub struct Def {
    /// Stable id (the JSON key or figure name it reads).
    pub id: &'static str,
    /// The heading it is listed under.
    pub group: Group,
    /// Its name, the same in the terminal and on pages.
    pub label: Msg<'static>,
    /// Where its value comes from.
    pub value: Value,
    /// How it is shown.
    pub format: Format,
    /// The target it is held to, if any.
    pub target: Option<Target>,
    /// Its basis on pages; `None` for a figure only the terminal lists.
    pub basis: Option<Basis>,
}

impl Def {
    /// The ratio of a rate, `None` for counts, amounts and hours.
    pub fn ratio(&self, k: &PeriodKpi) -> Option<Ratio> {
        match self.value {
            Value::Ratio(f) => Some(f(k)),
            _ => None,
        }
    }
}

/// A headline KPI of the home page: a short label and basis of its own.
pub struct Headline {
    /// The [`Def::id`] it shows.
    pub id: &'static str,
    /// The tile's label.
    pub label: Msg<'static>,
    /// The tile's basis.
    pub basis: Basis,
}

macro_rules! def {
    ($id:literal, $group:ident, $zh:literal, $en:literal, $value:expr, $format:ident, $target:expr, $basis:expr) => {
        Def {
            id: $id,
            group: Group::$group,
            label: Msg::new($zh, $en),
            value: $value,
            format: Format::$format,
            target: $target,
            basis: $basis,
        }
    };
}

/// The catalogue, in the order pages and the terminal list it.
pub const CATALOGUE: &[Def] = &[
    // 报事.
    def!(
        "tickets.reported",
        Tickets,
        "报事量",
        "Requests received",
        Value::Count(|k| k.tickets.reported),
        Count,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "本{unit}受理的报事（报修与服务请求）件数，户内与公区合计",
                "Repair and service requests received this {unit}, in homes and common areas together"
            )
        })
    ),
    def!("tickets.completed", Tickets, "已完成", "Completed", Value::Count(|k| k.tickets.completed), Count, None, None),
    def!(
        "tickets.completion_rate",
        Tickets,
        "报事完成率",
        "Request completion rate",
        Value::Ratio(|k| k.tickets.completion_ratio()),
        Rate,
        Some(Target::TicketCompletion),
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "本{unit}受理的报事中，在{unit}末前完成的比例",
                "Share of this {unit}’s requests completed by the end of the {unit}"
            )
        })
    ),
    def!(
        "tickets.followup_24h_rate",
        Tickets,
        "24小时回访率",
        "24-hour follow-up rate",
        Value::Ratio(|k| k.tickets.followup_24h_ratio()),
        Rate,
        Some(Target::TicketFollowup24h),
        Some(|l, _| tr!(
            l,
            "已完成的报事中，完成后24小时内（含24小时）回访的比例",
            "Share of completed requests followed up within 24 hours of completion (24 hours included)"
        ))
    ),
    def!(
        "tickets.p50_hours",
        Tickets,
        "处理时长中位数",
        "Median resolution time",
        Value::Hours(|k| k.tickets.p50_hours),
        Hours,
        None,
        Some(|l, _| tr!(
            l,
            "已完成报事从受理到完成的时长，取中间值（一半报事快于此时长）",
            "Time from receipt to completion of completed requests, middle value (half the requests took less)"
        ))
    ),
    def!(
        "tickets.p90_hours",
        Tickets,
        "处理时长 P90",
        "Resolution time P90",
        Value::Hours(|k| k.tickets.p90_hours),
        Hours,
        None,
        None
    ),
    def!(
        "tickets.open_at_end",
        Tickets,
        "期末未完成报事",
        "Open requests at period end",
        Value::Count(|k| k.tickets.open_at_end),
        Count,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "截至{unit}末仍未完成的报事，含以前受理的",
                "Requests still open at the end of the {unit}, earlier ones included"
            )
        })
    ),
    // 投诉.
    def!(
        "complaints.received",
        Complaints,
        "投诉量",
        "Complaints received",
        Value::Count(|k| k.complaints.received),
        Count,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "本{unit}受理的投诉，含经核实的无效投诉",
                "Complaints received this {unit}, those found not valid included"
            )
        })
    ),
    def!(
        "complaints.valid",
        Complaints,
        "有效投诉",
        "Valid complaints",
        Value::Count(|k| k.complaints.valid),
        Count,
        None,
        Some(|l, _| tr!(
            l,
            "经核实属于物业服务责任的投诉",
            "Complaints found on checking to be the management’s responsibility"
        ))
    ),
    def!(
        "complaints.per_100_units",
        Complaints,
        "每百户有效投诉",
        "Valid complaints per 100 households",
        Value::Ratio(|k| k.complaints.per_100_ratio()),
        Decimal,
        None,
        Some(|l, a| {
            let units = a.k.complaints.units;
            tr!(
                l,
                "有效投诉数 × 100 ÷ 登记户数（{units} 户），按户数折算，便于不同规模小区比较",
                "Valid complaints × 100 ÷ registered households ({units}), so that estates of any size compare"
            )
        })
    ),
    def!(
        "complaints.resolved",
        Complaints,
        "已处理",
        "Resolved",
        Value::Count(|k| k.complaints.resolved),
        Count,
        None,
        None
    ),
    def!(
        "complaints.resolution_rate",
        Complaints,
        "投诉处理完成率",
        "Complaint resolution rate",
        Value::Ratio(|k| k.complaints.resolution_ratio()),
        Rate,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "本{unit}受理的投诉中，在{unit}末前办结的比例",
                "Share of this {unit}’s complaints resolved by the end of the {unit}"
            )
        })
    ),
    def!(
        "complaints.followup_3wd_rate",
        Complaints,
        "3个工作日回访率",
        "3-working-day follow-up rate",
        Value::Ratio(|k| k.complaints.followup_3wd_ratio()),
        Rate,
        Some(Target::ComplaintFollowup3wd),
        Some(|l, _| tr!(
            l,
            "已办结投诉中，办结次日起第3个工作日结束前回访的比例（按国家法定节假日及调休计算）",
            "Share of resolved complaints followed up by the end of the 3rd working day after resolution (statutory holidays and make-up workdays counted)"
        ))
    ),
    // 物业费.
    def!(
        "fees.receivable",
        Fees,
        "应收",
        "Receivable",
        Value::Money(|k| k.fees.receivable),
        Money,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "账期在本{unit}内的账单应收金额，已扣除减免，含各收费项目",
                "Billed for this {unit}, less waivers, every fee item"
            )
        })
    ),
    def!(
        "fees.collected",
        Fees,
        "实收",
        "Collected",
        Value::Money(|k| k.fees.collected),
        Money,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "上述账单在{unit}末前的实收金额，含预缴；超缴部分不计",
                "Paid on those bills by the end of the {unit}, prepayments included; overpayments not counted"
            )
        })
    ),
    def!(
        "fees.collection_rate",
        Fees,
        "收缴率（当期）",
        "Collection rate (current)",
        Value::Ratio(|k| k.fees.collection_ratio()),
        MoneyRate,
        Some(Target::FeeCollection),
        Some(|l, _| tr!(
            l,
            "按金额计：当期实收 ÷ 当期应收；不含往期欠费",
            "By amount: collected ÷ receivable for the period; earlier arrears excluded"
        ))
    ),
    def!(
        "fees.arrears_at_start",
        Fees,
        "期初欠费",
        "Arrears at start",
        Value::Money(|k| k.fees.arrears_at_start),
        Money,
        None,
        None
    ),
    def!(
        "fees.arrears_collected",
        Fees,
        "清欠金额",
        "Arrears recovered",
        Value::Money(|k| k.fees.arrears_collected),
        Money,
        None,
        None
    ),
    def!(
        "fees.arrears_recovery_rate",
        Fees,
        "清欠率",
        "Arrears recovery rate",
        Value::Ratio(|k| k.fees.arrears_recovery_ratio()),
        MoneyRate,
        Some(Target::ArrearsRecovery),
        Some(|l, a| {
            let unit = a.unit;
            let arrears = format!("¥{}", a.k.fees.arrears_at_start.grouped());
            tr!(
                l,
                "{unit}初往期欠费 {arrears} 中，本{unit}收回的比例",
                "Share of the arrears at the start of the {unit} ({arrears}) recovered during it"
            )
        })
    ),
    def!(
        "fees.household_collection_rate",
        Fees,
        "按户收缴率",
        "Collection rate by household",
        Value::Ratio(|k| k.fees.household_collection_ratio()),
        Rate,
        None,
        Some(|l, a| {
            let unit = a.unit;
            tr!(
                l,
                "按户计：本{unit}账单全部缴清的户数 ÷ 有应缴账单的户数",
                "By household: households that paid every bill of this {unit} ÷ households with bills due"
            )
        })
    ),
    // 满意度 (each service line follows on pages and in the terminal).
    def!(
        "satisfaction.responses",
        Satisfaction,
        "答卷数",
        "Responses",
        Value::Count(|k| k.satisfaction.responses),
        Count,
        None,
        None
    ),
    def!(
        "satisfaction.satisfied_rate",
        Satisfaction,
        "业主综合满意率",
        "Overall owner satisfaction",
        Value::Ratio(|k| k.satisfaction.satisfied_ratio()),
        Rate,
        Some(Target::Satisfaction),
        Some(|l, a| {
            let (min, responses) = (a.site.satisfied_min_score, a.k.satisfaction.responses);
            tr!(
                l,
                "满意度问卷总体评分≥{min}分（5分制）的答卷占比，共 {responses} 份答卷",
                "Share of survey responses with an overall score ≥ {min} (of 5); {responses} responses"
            )
        })
    ),
    def!(
        "satisfaction.mean",
        Satisfaction,
        "平均分",
        "Mean score",
        Value::Ratio(|k| k.satisfaction.mean_ratio()),
        Decimal,
        None,
        None
    ),
    // 业主访谈 (year to date).
    def!(
        "visits.occupied_units",
        Visits,
        "已入住户",
        "Occupied units",
        Value::Count(|k| k.visits.occupied_units),
        Count,
        None,
        None
    ),
    def!(
        "visits.visited_units",
        Visits,
        "已访谈户",
        "Units visited",
        Value::Count(|k| k.visits.visited_units),
        Count,
        None,
        None
    ),
    def!(
        "visits.coverage",
        Visits,
        "访谈覆盖率",
        "Visit coverage",
        Value::Ratio(|k| k.visits.coverage_ratio()),
        Rate,
        Some(Target::VisitCoverage),
        Some(|l, a| {
            let unit = a.unit;
            let lm = a.months_covered();
            let cov = format!("{:.0}", a.site.targets.visit_coverage * 100.0);
            tr!(
                l,
                "按户计、不按次：1月1日起至{unit}末访谈过的已入住户 ÷ 已入住户；目标按进度（全年 {cov}% × {lm}/12）",
                "By household, not by visit: occupied units visited from 1 January to the end of the {unit} ÷ occupied units; target pro rata (year {cov}% × {lm}/12)"
            )
        })
    ),
    def!(
        "visits.face_to_face_units",
        Visits,
        "面访户",
        "Units visited face to face",
        Value::Count(|k| k.visits.face_to_face_units),
        Count,
        None,
        None
    ),
    def!(
        "visits.face_to_face_share",
        Visits,
        "面访占比（占已入住户）",
        "Face-to-face share (of occupied units)",
        Value::Ratio(|k| k.visits.face_to_face_ratio()),
        UnitsRate,
        Some(Target::VisitFaceToFace),
        Some(|l, a| {
            let lm = a.months_covered();
            let f2f = format!("{:.0}", a.site.targets.visit_face_to_face_share * 100.0);
            tr!(
                l,
                "按户计、不按次：面访过的已入住户 ÷ 已入住户；目标按进度（全年 {f2f}% × {lm}/12）",
                "By household, not by visit: occupied units visited face to face ÷ occupied units; target pro rata (year {f2f}% × {lm}/12)"
            )
        })
    ),
    def!(
        "visits.unoccupied_units",
        Visits,
        "空置/装修户",
        "Unoccupied or renovating units",
        Value::Count(|k| k.visits.unoccupied_units),
        Count,
        None,
        None
    ),
    def!(
        "visits.unoccupied_twice",
        Visits,
        "访谈两次及以上",
        "Visited twice or more",
        Value::Count(|k| k.visits.unoccupied_twice),
        Count,
        None,
        None
    ),
    def!(
        "visits.unoccupied_rate",
        Visits,
        "空置户访谈完成率",
        "Unoccupied units visited twice",
        Value::Ratio(|k| k.visits.unoccupied_ratio()),
        Rate,
        Some(Target::UnoccupiedVisits),
        Some(|l, a| {
            let lm = a.months_covered();
            tr!(
                l,
                "空置及装修户中，年内访谈满2次的户数占比；目标按进度（全年 100% × {lm}/12）",
                "Share of unoccupied and renovating units visited at least twice this year; target pro rata (year 100% × {lm}/12)"
            )
        })
    ),
    // 园区巡查.
    def!("inspections.days", Inspections, "天数", "Days", Value::Count(|k| k.inspections.days), Count, None, None),
    def!(
        "inspections.days_inspected",
        Inspections,
        "巡查天数",
        "Days inspected",
        Value::Count(|k| k.inspections.days_inspected),
        Count,
        None,
        None
    ),
    def!(
        "inspections.compliance",
        Inspections,
        "巡查达标率",
        "Inspection compliance",
        Value::Ratio(|k| k.inspections.compliance_ratio()),
        Rate,
        Some(Target::Inspection),
        Some(|l, a| {
            let (unit, days) = (a.unit, a.k.inspections.days);
            tr!(
                l,
                "本{unit}有巡查记录的天数 ÷ 本{unit}天数（{days} 天）",
                "Days of this {unit} with an inspection record ÷ days of the {unit} ({days})"
            )
        })
    ),
];

/// The home page's headline tiles, in order.
pub const HEADLINES: &[Headline] = &[
    Headline {
        id: "fees.collection_rate",
        label: Msg::new("物业费收缴率", "Fee collection rate"),
        basis: |l, _| tr!(l, "当期实收 ÷ 当期应收（按金额）", "Collected ÷ receivable for the period (by amount)"),
    },
    Headline {
        id: "satisfaction.satisfied_rate",
        label: Msg::new("业主综合满意率", "Owner satisfaction"),
        basis: |l, a| {
            let min = a.site.satisfied_min_score;
            tr!(l, "问卷评分≥{min}分的答卷占比", "Share of survey responses scoring ≥ {min} of 5")
        },
    },
    Headline {
        id: "tickets.completion_rate",
        label: Msg::new("报事完成率", "Request completion rate"),
        basis: |l, _| tr!(l, "季度内受理并完成的报事占比", "Share of the quarter’s requests completed within it"),
    },
    Headline {
        id: "tickets.followup_24h_rate",
        label: Msg::new("报事24小时回访率", "Request follow-up in 24 hours"),
        basis: |l, _| tr!(l, "完成后24小时内回访的占比", "Share followed up within 24 hours of completion"),
    },
    Headline {
        id: "complaints.followup_3wd_rate",
        label: Msg::new("投诉3个工作日回访率", "Complaint follow-up in 3 working days"),
        basis: |l, _| tr!(l, "办结后3个工作日内回访的占比", "Share followed up within 3 working days of resolution"),
    },
    Headline {
        id: "visits.coverage",
        label: Msg::new("业主访谈覆盖率", "Owner visit coverage"),
        basis: |l, _| {
            tr!(
                l,
                "年内访谈过的已入住户占比（按户计）；目标按进度",
                "Share of occupied units visited this year (by household); target pro rata"
            )
        },
    },
    Headline {
        id: "inspections.compliance",
        label: Msg::new("园区巡查达标率", "Site inspection compliance"),
        basis: |l, _| tr!(l, "有巡查记录的天数占比", "Share of days with an inspection record"),
    },
];

/// The entry with id `id`.
///
/// # Panics
/// On an id not in [`CATALOGUE`]: ids are written in this crate, and a test
/// checks every id the renderers ask for.
pub fn get(id: &str) -> &'static Def {
    CATALOGUE.iter().find(|d| d.id == id).unwrap_or_else(|| panic!("KPI `{id}` is not in the catalogue"))
}

/// The entries of `group` shown on pages (those with a basis), in order.
pub fn on_pages(group: Group) -> impl Iterator<Item = &'static Def> {
    CATALOGUE.iter().filter(move |d| d.group == group && d.basis.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_headlines_name_rates_with_targets() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|d| d.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate KPI id");
        for h in HEADLINES {
            let d = get(h.id);
            assert!(d.target.is_some() && matches!(d.value, Value::Ratio(_)), "{}", h.id);
        }
    }

    #[test]
    fn every_group_has_a_page_row_and_rates_have_ratios() {
        for g in Group::ALL {
            assert!(on_pages(g).next().is_some(), "{g:?}");
        }
        for d in CATALOGUE {
            let rate = matches!(d.format, Format::Rate | Format::MoneyRate | Format::UnitsRate | Format::Decimal);
            assert_eq!(rate, matches!(d.value, Value::Ratio(_)), "{}", d.id);
        }
    }
}
