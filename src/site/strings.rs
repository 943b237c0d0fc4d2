//! Every UI string of both sites, in Chinese and English, in one place.
//!
//! Templates see the table of the site's language as `t` (`{{ t.notices }}`);
//! Rust code that builds labels with figures in them (KPI names and bases,
//! chart titles, generated notices) writes both languages side by side with
//! `tr!` or picks from the same table. Content values (notice titles,
//! categories, channels, 户内/公区, 满意, staff names) are the staff's data
//! and are never translated.
//!
//! A string that surrounds a figure or a link is split around it
//! (`not_found_text` + link + `not_found_or` + link + `not_found_end`), so a
//! template needs no Chinese word order. The Chinese strings are the ones the
//! templates held before English existed, so Chinese pages are unchanged.

use serde::Serialize;

use crate::i18n::Lang;

/// `format!` in the site's language: `tr!(lang, "本{unit}", "this {unit}")`.
/// Each format string may use any of the arguments (inline captures are the
/// easiest: an argument used by only one language is fine that way).
pub use crate::i18n::tr;

macro_rules! strings {
    (weekdays: $wzh:expr, $wen:expr; $( $name:ident: $zh:literal, $en:literal; )*) => {
        /// The UI strings of one language, serialised for templates as `t`.
        #[derive(Debug, Serialize)]
        pub struct Strings {
            $(
                #[doc = concat!("「", $zh, "」 / \"", $en, "\"")]
                pub $name: &'static str,
            )*
            /// Column heads of the inspection calendar, Monday first.
            pub weekdays: [&'static str; 7],
        }

        /// The Chinese table (`zh-CN`, the default).
        pub static ZH: Strings = Strings { $( $name: $zh, )* weekdays: $wzh };

        /// The English table (`language: en`).
        pub static EN: Strings = Strings { $( $name: $en, )* weekdays: $wen };
    };
}

strings! {
    weekdays: ["一", "二", "三", "四", "五", "六", "日"], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    // Site frame (base.html).
    skip_to_content: "跳到正文", "Skip to content";
    internal_mark: "内部资料 · 仅供物业服务中心内部使用 · 请勿外传", "Internal · For the service centre staff only · Do not distribute";
    main_nav: "主导航", "Main navigation";
    home: "首页", "Home";
    notices: "公告", "Notices";
    bulletins: "服务简报", "Service bulletins";
    roles: "岗位职责", "Job descriptions";
    monthly_analysis: "月度分析", "Monthly analysis";
    service_phone: "服务电话", "Service phone";
    internal: "内部资料", "Internal";
    data_as_of: "数据截至", "Data as of";

    // Punctuation and joiners.
    full_stop: "。", ".";
    paren_open: "（", " (";
    paren_close: "）", ")";
    list_sep: "、", ", ";
    colon: "：", ": ";
    n_open: "（", " (";
    n_close: " 件）", ")";
    pieces: " 件", "";
    age_sep: " ", ": ";

    // 404.html.
    not_found: "页面不存在", "Page not found";
    not_found_text: "您要找的页面不存在或已移除。请从", "The page you are looking for does not exist or has been removed. Try the ";
    not_found_home: "首页", "home page";
    not_found_or: "或", " or the ";
    not_found_notices: "公告列表", "list of notices";
    not_found_end: "查找。", ".";
    help_call: "如需帮助，请致电", "For help, call";

    // Home page.
    no_current_notices: "目前没有现行公告。", "There are no current notices.";
    all_notices: "全部公告", "All notices";
    more_before: "（另有 ", " (";
    more_after: " 条）", " more)";
    archive: "历史公告", "Past notices";
    subscribe: "订阅", "Subscribe";
    service_figures: "服务数据", ": service figures";
    home_kpi_lede: "与上一季度相比；目标为本中心的年度服务目标。详见", "Compared with the previous quarter; targets are the centre’s annual service targets. Details in the ";
    bulletin_of: "服务简报", " service bulletin";

    // Search, sharing and the printed notice.
    search: "搜索", "Search";
    search_label: "搜索本站", "Search this site";
    search_placeholder: "搜索公告、简报", "Search notices, bulletins";
    search_needs_js: "搜索需要浏览器启用 JavaScript。您也可以直接浏览", "Search needs JavaScript in your browser. You can also browse the";
    search_hint: "请在上方输入要查找的字词，例如“停水”。", "Type the words to look for above, e.g. “lift”.";
    search_short: "请至少输入两个字。", "Please type at least two characters.";
    search_loading: "正在搜索…", "Searching…";
    search_found: "“{q}”：找到 {n} 条结果。", "“{q}”: {n} results.";
    search_no_exact: "没有完全匹配“{q}”的内容。", "Nothing matches “{q}” exactly.";
    search_loose: "以下 {n} 条结果包含其中的字词，但不相连：", " These {n} results contain its words, but not together:";
    search_none: "也没有同时包含这些字词的内容。请换个说法，或浏览公告列表。", " Nor does any page contain all its words: try other words, or browse the notices.";
    search_error: "搜索索引加载失败，请稍后重试。", "The search index could not be loaded; please try again later.";
    search_more: "显示更多结果", "Show more results";
    search_window_found: "在最新的 {w} 篇中找到 {n} 条完全匹配“{q}”的结果。", "In the newest {w} pages, {n} results match “{q}” exactly.";
    search_window_no_exact: "在最新的 {w} 篇中没有完全匹配“{q}”的内容。", "Nothing in the newest {w} pages matches “{q}” exactly.";
    search_window_none: "其中也没有同时包含这些字词的页面。", " Nor does any of them contain all its words.";
    search_continue: "继续查找更早的", "Search older pages";
    scan_for_latest: "扫码查看最新内容", "Scan for the latest version";
    seal_space: "（盖章）", "(seal)";
    kpi_basis_folded: "目标、较上季度与计算口径", "Targets, change and how each figure is calculated";
    in_brief: "本季度概况", "This quarter in brief";
    show_charts: "查看图表", "Show the charts";

    // Notices.
    notice_types: "公告类型", "Notice types";
    all_current: "全部现行", "All current";
    no_expired_notices: "还没有过期的公告。", "No notice has expired yet.";
    subscribe_feed: "订阅公告（Atom）", "Subscribe to notices (Atom)";
    page_before: "第 ", "Page ";
    page_after: " 页", "";
    pagination: "分页", "Pagination";
    prev_page: "上一页", "Previous";
    next_page: "下一页", "Next";
    pinned: "置顶", "Pinned";
    valid_until: "有效期至", "Valid until";
    expired: "已过期", "Expired";
    notice_expired: "本公告已过有效期，仅供查阅。", "This notice has expired and is kept for reference only.";
    notice_type: "类型", "Type";
    published: "发布日期", "Published";
    affects: "影响范围", "Affects";
    when: "时间", "When";
    issuer: "发布单位", "Issued by";
    enquiries: "咨询电话", "Enquiries";
    unclaimed_items: "待认领物品", "Items awaiting their owners";
    lost_id: "登记编号", "Reg. no.";
    lost_item: "物品", "Item";
    found_at: "拾得地点", "Found at";
    found_on: "拾得日期", "Found on";

    // Bulletins.
    bulletins_lede: "每季度公示的服务数据与工作总结。所有数据均为汇总数，不含任何业主个人信息。", "Service figures and a summary of our work, published every quarter. All figures are totals and hold no owner’s personal information.";
    quarter: "季度", "Quarter";
    col_tickets: "报事量", "Service requests";
    col_fee_collection: "物业费收缴率", "Fee collection rate";
    col_satisfaction: "业主综合满意率", "Owner satisfaction";
    col_ticket_completion: "报事完成率", "Request completion rate";
    col_complaints: "投诉量", "Complaints";
    no_bulletins: "还没有服务简报。", "No service bulletins yet.";
    period: "统计期间：", "Period: ";
    bulletin_lede: "。以下均为汇总数据，各项指标的计算口径列在表中。", ". All figures below are totals; the table says how each one is calculated.";
    this_quarter: "本季度工作", "Our work this quarter";
    service_kpis: "服务指标", "Service indicators";
    kpi_caption: "服务指标与目标", ": service indicators and targets";
    charts: "图表", "Charts";
    other_quarters: "其他季度", "Other quarters";
    prev_quarter: "上一季度", "Previous quarter";
    next_quarter: "下一季度", "Next quarter";

    // KPI tables and charts (components.html).
    kpi: "指标", "Indicator";
    value: "数值", "Value";
    target: "目标", "Target";
    basis: "口径", "Definition";
    met: "达标", "Met";
    missed: "未达标", "Missed";
    vs_prev_period: "较上期", "vs previous period";
    vs_prev_quarter: "较上季度", "vs previous quarter";
    vs_prev_month: "较上月", "vs previous month";
    data_table: "：数据表", ": data table";

    // Roles.
    roles_lede: "的组织架构与各岗位职责", ": organisation chart and job descriptions";
    posts_before: "，共 ", ", ";
    posts_after: " 个岗位编制", " posts in all";
    org_chart: "组织架构", "Organisation chart";
    roles_by_department: "各部门岗位", "Roles by department";
    no_roles: "还没有岗位说明。", "No job descriptions yet.";
    persons_short: "人", " staff";
    persons: "人", "staff";
    role_department: "所属部门", "Department";
    reports_to: "直接上级", "Reports to";
    direct_reports: "直接下级", "Direct reports";
    headcount: "编制", "Headcount";
    duties: "岗位职责", "Duties";

    // Internal index.
    internal_lede: "每月报事分析会、投诉分析会材料，以及项目客服部日常工作标准执行情况。本站为内部资料，含业主信息（已脱敏），请勿对外发布。", ": material for the monthly service-request and complaint analysis meetings, and the customer service department’s daily work standards. This site is internal: it holds owners’ information (masked). Do not publish it.";
    month: "月份", "Month";
    in_progress: "（进行中）", "(in progress)";
    no_months: "还没有月度记录。", "No monthly records yet.";

    // Internal monthly page.
    print_page_counter: "\"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"", "\"Page \" counter(page) \" of \" counter(pages)";
    month_subtitle: "报事分析会 · 投诉分析会材料", "Material for the request and complaint analysis meetings";
    month_in_progress: "（本月尚未结束，数据截至", " (the month is not over; data as of";
    month_lede: "。个人信息已脱敏。", ". Personal information is masked.";
    other_months: "其他月份", "Other months";
    prev_month: "上一月", "Previous month";
    next_month: "下一月", "Next month";
    all_months: "全部月份", "All months";
    sec_overview: "一、指标概览", "1. Indicators";
    sec_tickets: "二、报事分析", "2. Service requests";
    sec_complaints: "三、投诉分析", "3. Complaints";
    sec_fees: "四、物业费收缴", "4. Property fee collection";
    sec_visits: "五、业主访谈与园区巡查", "5. Owner visits and site inspections";
    sec_meetings: "六、会议记录", "6. Meetings";
    sec_quality: "七、数据质量提示", "7. Data quality";
    by_channel: "按渠道", "By channel";
    by_category: "按类别", "By category";
    by_area: "按区域", "By area";
    channel: "渠道", "Channel";
    category: "类别", "Category";
    area: "区域", "Area";
    count: "件数", "Count";
    share: "占比", "Share";
    no_tickets: "本月无报事", "No service requests this month";
    backlog_title: "月末未完成报事", "Open requests at month end";
    no_backlog: "月末没有未完成的报事。", "No request was open at month end.";
    missed_24h_title: "24小时未回访的报事", "Requests not followed up within 24 hours";
    no_missed_24h: "本月完成的报事均在24小时内回访。", "Every request completed this month was followed up within 24 hours.";
    complaints_title: "本月投诉", "Complaints this month";
    no_complaints: "本月没有投诉。", "No complaints this month.";
    missed_3wd_title: "3个工作日未回访的投诉", "Complaints not followed up within 3 working days";
    no_missed_3wd: "本月办结的投诉均在3个工作日内回访。", "Every complaint resolved this month was followed up within 3 working days.";
    id: "编号", "ID";
    received: "受理", "Received";
    location: "位置", "Location";
    description: "内容", "Description";
    department: "部门", "Department";
    waiting: "已等待", "Waiting";
    completed: "完成", "Completed";
    followup_due: "回访期限", "Follow-up due";
    followup: "回访", "Follow-up";
    unit: "房号", "Unit";
    complainant: "投诉人", "Complainant";
    phone: "电话", "Phone";
    valid: "有效", "Valid";
    invalid: "无效", "Not valid";
    resolved: "办结", "Resolved";
    by_fee_item: "按收费项目（本月账单）", "By fee item (this month’s bills)";
    item: "项目", "Item";
    receivable: "应收", "Receivable";
    collected: "实收", "Collected";
    collection_rate: "收缴率", "Collection rate";
    no_bills: "本月没有账单", "No bills this month";
    inspection_calendar: "巡查日历（数字为巡查次数 / 发现问题数）", "Inspection calendar (rounds / problems found)";
    date: "日期", "Date";
    meeting: "会议", "Meeting";
    chair: "主持", "Chair";
    minutes: "纪要", "Notes";
    no_meetings: "本月没有会议记录。", "No meetings recorded this month.";
    no_warnings: "没有发现数据问题。", "No data problems found.";
    unapproved_before: "", "Repairs of ";
    unapproved_after: "以上未审批的维修", " or more without approval";
    cost: "费用", "Cost";

    // Internal work-standard grid.
    grid_lede: "◎ 达标 · ✗ 未达标（数字为表下说明的编号） · 进行中：本月、本季度或本半年尚未结束，暂不判定 · — 无可判断的记录（当月没有可计算的数据） · 空白：尚未到来、尚无记录或该月不要求。目标取本中心 site.yaml 中的设置。", "◎ met · ✗ missed (the number points to the note under the table) · running: the month, quarter or half-year has not ended, not judged yet · — nothing to judge (no figure for the month) · blank: not yet come, no records yet, or not required that month. Targets are those set in the centre’s site.yaml.";
    other_years: "其他年份", "Other years";
    prev_year: "上一年", "Previous year";
    next_year: "下一年", "Next year";
    grid_no: "序号", "No.";
    grid_group: "类别", "Area of work";
    grid_work: "主要工作内容", "Main work";
    grid_frequency: "最低频次", "Minimum frequency";
    grid_rule: "判定方法", "How a month is judged";
    grid_running: "进行中", "running";
    grid_notes: "未达标说明", "Shortfalls";
    sec_routines: "日常工作", "Daily routines";
    routines_lede: "本月客服日常工作（报事日清、夜间与网络平台报事录入、未完报事跟踪、房屋信息更新）的缺漏，供报事分析会逐项核对。", "What this month’s customer-service routines (daily clean-up, night and online request entry, tracking of open requests, unit-register updates) missed, for the request analysis meeting to go through.";
    routines_by: "记录人：", "Logged by: ";
    routines_none: "本月日常工作没有缺漏。", "Nothing missed this month.";

    // Company site (wuye portfolio).
    pf_internal_mark: "内部资料 · 仅供公司内部使用 · 请勿外传", "Internal · For the company's staff only · Do not distribute";
    pf_overview: "总览", "Overview";
    pf_estates: "各小区", "Estates";
    pf_kpis: "各指标", "KPIs";
    pf_latest_quarter: "最近一个已结束的季度", "Latest finished quarter";
    pf_company_totals: "公司合计", "Company totals";
    pf_totals_note: "公司指标由各小区的分子、分母分别相加后相除（如 Σ实收 ÷ Σ应收），不是各小区比率的平均。", "Company figures divide summed numerators by summed denominators (e.g. Σ collected ÷ Σ receivable), never an average of the estates' rates.";
    pf_kpi: "指标", "KPI";
    pf_value: "本季度", "This quarter";
    pf_change: "较上季度", "Change on previous quarter";
    pf_change_note: "比率的变化以百分点计，每百户有效投诉以件计。", "Changes of rates are in percentage points; complaints per 100 households in complaints.";
    pf_met_count: "达标小区", "Estates on target";
    pf_numerator: "分子", "Numerator";
    pf_denominator: "分母", "Denominator";
    pf_median_range: "报事处理时长中位数", "Median ticket resolution time";
    pf_median_note: "中位数不能相加：这里列出各小区中位数的最小值和最大值（小时）。", "Medians cannot be summed: shown are the lowest and highest of the estates' medians (hours).";
    pf_regions: "各区域", "By region";
    pf_region: "区域", "Region";
    pf_no_region: "未分区", "No region";
    pf_estate_count: "小区数", "Estates";
    pf_league: "小区排名", "League table";
    pf_league_note: "默认按收缴率从低到高排列，最需要关注的小区在前。点击表头可重新排序；每项指标的完整排名见指标页。", "Ordered by fee collection rate, lowest first: the estates needing attention come first. Click a heading to re-sort; each KPI's full ranking is on its own page.";
    pf_estate: "小区", "Estate";
    pf_met: "达标", "On target";
    pf_missed: "未达标", "Below target";
    pf_no_target: "无目标", "No target";
    pf_target: "目标", "Target";
    pf_public_site: "公开网站", "Public site";
    pf_as_of: "数据截至", "Figures as of";
    pf_trend: "近八个季度", "Last eight quarters";
    pf_rank: "名次", "Rank";
    pf_distribution: "各小区分布", "Distribution of estates";
    pf_distribution_note: "柱高为落在该区间的小区数；红色虚线为多数小区采用的目标。", "Bar height is the number of estates in each band; the dashed red line is the target most estates use.";
    pf_no_data: "没有数据", "No figures";
    pf_quarter: "季度", "Quarter";
    pf_units: "户数", "Units";
    pf_collection: "收缴率", "Fee collection";
    pf_arrears: "清欠率", "Arrears recovery";
    pf_satisfaction: "满意率", "Satisfaction";
    pf_completion: "报事完成率", "Tickets completed";
    pf_followup_24h: "24小时回访率", "24-hour follow-up";
    pf_followup_3wd: "3个工作日回访率", "3-working-day follow-up";
    pf_per_100: "每百户有效投诉", "Valid complaints per 100 households";
    pf_visit_coverage: "访谈覆盖率", "Visit coverage";
    pf_collected: "实收", "Collected";
    pf_receivable: "应收", "Receivable";
    pf_arrears_collected: "收回欠费", "Arrears collected";
    pf_arrears_at_start: "期初欠费", "Arrears at start";
    pf_satisfied: "满意答卷", "Satisfied";
    pf_responses: "答卷", "Responses";
    pf_completed: "已完成报事", "Completed";
    pf_reported: "报事", "Reported";
    pf_followed_up: "按时回访", "Followed up in time";
    pf_resolved: "已处理投诉", "Resolved";
    pf_valid_x100: "有效投诉 × 100", "Valid complaints × 100";
    pf_visited: "已访户", "Visited";
    pf_occupied: "入住户", "Occupied";
    pf_hours: "小时", "hours";
    pf_stale_note: "以下小区的数据截至日早于本季度末，其本季度数字只计到截至日：", "These estates' figures end before the quarter does, so their quarter counts only up to that day: ";

    // Meeting lists on the internal month page (src/site/meeting.rs).
    label_sep: "：", ": ";
    sec_lists: "附：会议清单", "Appendix: lists for the meeting";
    n_units_close: " 户）", " units)";
    n_answers_close: " 份）", ")";
    lists_lede: "供报事分析会、投诉分析会逐项讨论；每张清单只列最大的若干项，其余合计在表下。", "For the request and complaint analysis meetings to go through; each list shows its largest entries, the rest summed below it.";
    arrears_title: "欠费明细", "Arrears by unit";
    arrears_none: "月末没有欠费的房号。", "No unit owed anything at month end.";
    arrears_amount: "欠费金额", "Owed";
    arrears_oldest: "最早欠费账期", "Oldest unpaid month";
    arrears_bills: "欠费账单", "Unpaid bills";
    arrears_age: "账龄", "Age";
    arrears_total: "合计", "Total";
    arrears_units: "户数", "Units";
    low_title: "低分回访", "Low scores to call back";
    low_none: "本月没有低于满意分的问卷。", "No survey this month scored below satisfied.";
    low_overall: "总体", "Overall";
    low_lines: "各条线评分", "Service-line scores";
    low_comment: "意见", "Comment";
    dept_title: "部门情况", "By department";
    dept_none: "本月没有报事或投诉。", "No requests or complaints this month.";
    dept_tickets: "报事", "Requests";
    dept_complaints: "投诉", "Complaints";
    dept_done: "完成率", "Completed";
    dept_followup_24h: "24小时回访率", "24 h follow-up";
    dept_followup_3wd: "3工作日回访率", "3 wd follow-up";
    dept_median: "处理时长中位数", "Median time";
    watch_title: "重点关注户", "Units to watch";
    watch_none: "近90天没有需要重点关注的房号。", "No unit to watch in the last 90 days.";
    watch_records: "近90天记录", "Records of the last 90 days";
    record_kind: "类型", "Kind";
    rest_before: "其余 ", "And ";
    rest_after: " 项未列出", " more not listed";
}

/// The table of `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
    }

    #[test]
    fn english_table_has_no_chinese() {
        let v = serde_json::to_value(&EN).unwrap();
        for (k, s) in v.as_object().unwrap() {
            assert!(!has_han(&s.to_string()), "EN.{k} = {s}");
        }
    }

    #[test]
    fn every_template_key_exists() {
        // A key a template uses but the table lacks would print nothing.
        let keys: std::collections::BTreeSet<String> =
            serde_json::to_value(&ZH).unwrap().as_object().unwrap().keys().cloned().collect();
        for (path, bytes) in crate::site::theme::EMBEDDED.iter().filter(|(p, _)| p.starts_with("templates/")) {
            let text = std::str::from_utf8(bytes).unwrap();
            for (i, _) in text.match_indices("t.") {
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String =
                    text[i + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                assert!(key.is_empty() || keys.contains(&key), "{path} uses t.{key}, which is not in the table");
            }
        }
    }

    #[test]
    fn the_theme_has_no_chinese() {
        for (path, bytes) in crate::site::theme::EMBEDDED {
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(!has_han(text), "{path} has Chinese text: move it to strings.rs");
        }
    }
}
