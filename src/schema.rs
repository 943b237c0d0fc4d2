//! JSON Schemas (draft 2020-12) of the content files, for editors.
//!
//! VS Code's YAML extension reads these (mapped in `.vscode/settings.json`)
//! and completes field names and flags an unknown category as the clerk
//! types, before `wuye check` runs. They follow docs/records.md: the site's own
//! category lists become enums, descriptions are Chinese. They are a typing
//! aid: `wuye check` stays the judge (cross-file rules, dates in the right
//! month folder, exact money) — a file the schemas accept may still fail it.

use serde_json::{Map, Value, json};

use crate::config::{Categories, Site};
use crate::yaml::{Kind, Node, Style};

/// The schema files and the content paths each applies to (VS Code globs).
pub const FILES: &[(&str, &[&str])] = &[
    ("site.schema.json", &["content/site.yaml"]),
    ("households.schema.json", &["content/households.yaml"]),
    ("tickets.schema.json", &["content/records/*/tickets.yaml"]),
    ("complaints.schema.json", &["content/records/*/complaints.yaml"]),
    ("visits.schema.json", &["content/records/*/visits.yaml"]),
    ("surveys.schema.json", &["content/records/*/surveys.yaml"]),
    ("fees.schema.json", &["content/records/*/fees.yaml"]),
    ("inspections.schema.json", &["content/records/*/inspections.yaml"]),
    ("lost-found.schema.json", &["content/records/*/lost-found.yaml"]),
    ("meetings.schema.json", &["content/records/*/meetings.yaml"]),
    ("worklog.schema.json", &["content/records/*/worklog.yaml"]),
    ("notice.schema.json", &[]),
    ("role.schema.json", &[]),
];

fn s(desc: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "description": desc })
}
fn text(desc: &str) -> Value {
    json!({ "type": ["string", "number"], "description": desc })
}
fn key(desc: &str) -> Value {
    json!({ "type": ["string", "integer"], "description": desc })
}
fn date(desc: &str) -> Value {
    json!({ "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": format!("{desc}（写作 2026-10-03）") })
}
fn datetime(desc: &str) -> Value {
    json!({
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
        "description": format!("{desc}（写作 2026-10-03 21:14）")
    })
}
fn month(desc: &str) -> Value {
    json!({ "type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "description": format!("{desc}（写作 2026-10）") })
}
fn money(desc: &str) -> Value {
    json!({
        "anyOf": [
            { "type": "number", "minimum": 0, "maximum": 100000000 },
            { "type": "string", "pattern": r"^\d+(\.\d{1,2})?$" }
        ],
        "description": format!("{desc}（元，如 286 或 286.50，不带 ¥ 和“元”）")
    })
}
fn yes_no(desc: &str) -> Value {
    json!({ "anyOf": [{ "type": "boolean" }, { "enum": ["是", "否"] }], "description": format!("{desc}（true/false 或 是/否）") })
}
fn one_of(list: &[String], desc: &str) -> Value {
    json!({ "enum": list, "description": desc })
}
fn fixed(list: &[&str], desc: &str) -> Value {
    json!({ "enum": list, "description": desc })
}
fn list_of(item: Value, desc: &str) -> Value {
    json!({ "type": "array", "items": item, "description": desc })
}
fn rate(desc: &str) -> Value {
    json!({ "type": "number", "minimum": 0, "maximum": 1, "description": desc })
}

/// A closed mapping: `props` in order, `required` keys, nothing else.
fn object(desc: &str, props: &[(&str, Value)], required: &[&str]) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert(k.to_string(), v.clone());
    }
    json!({ "type": "object", "description": desc, "properties": p, "required": required, "additionalProperties": false })
}

/// A file that is a list of records (an empty file is null: no records).
fn records(title: &str, item: Value) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": format!("{title}：每条记录以 - 开头"),
        "type": ["array", "null"],
        "items": item
    })
}

fn doc(title: &str, mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
        m.insert("title".into(), json!(title));
    }
    v
}

fn followup() -> Value {
    object(
        "回访（完工/处理完毕后）",
        &[
            ("at", datetime("回访时间")),
            ("by", s("回访人")),
            ("result", fixed(&["满意", "基本满意", "不满意"], "回访结果：满意、基本满意、不满意（记录格式规定）")),
        ],
        &["at", "result"],
    )
}

/// Every schema, named as in [`FILES`], with `site`'s category lists.
pub fn all(site: &Site) -> Vec<(&'static str, Value)> {
    let c = &site.categories;
    vec![
        ("site.schema.json", site_schema()),
        ("households.schema.json", households()),
        ("tickets.schema.json", tickets(c)),
        ("complaints.schema.json", complaints(c)),
        ("visits.schema.json", visits()),
        ("surveys.schema.json", surveys()),
        ("fees.schema.json", fees()),
        ("inspections.schema.json", inspections()),
        ("lost-found.schema.json", lost()),
        ("meetings.schema.json", meetings()),
        ("worklog.schema.json", worklog()),
        ("notice.schema.json", notice(c)),
        ("role.schema.json", role()),
    ]
}

fn channel(c: &Categories) -> Value {
    one_of(&c.channel, "来源渠道（site.yaml 的 categories.channel）")
}

fn target(d: &str) -> Value {
    rate(&format!("{d}目标（0.95 表示 95%）"))
}

/// `site.yaml`: the site settings and targets.
fn site_schema() -> Value {
    doc(
        "site.yaml（站点设置）",
        object(
            "物业服务中心站点设置",
            &[
                ("name", s("服务中心名称，显示在页面顶部")),
                ("estate", s("小区名称")),
                ("base_url", s("公开站点的网址，以 / 结尾")),
                ("language", fixed(&["zh-CN", "en"], "界面和提示语言")),
                ("service_phone", text("服务中心对外电话")),
                ("as_of", date("固定的统计日期（可选）")),
                ("search", yes_no("公开站点是否提供搜索（默认提供）")),
                (
                    "targets",
                    object(
                        "各项指标的目标值",
                        &[
                            ("fee_collection_rate", target("物业费收缴率")),
                            ("arrears_recovery_rate", target("清欠率")),
                            ("satisfaction_rate", target("业主满意率")),
                            ("ticket_completion_rate", target("报事完成率")),
                            ("ticket_followup_24h_rate", target("报事 24 小时回访率")),
                            ("complaint_followup_3wd_rate", target("投诉 3 个工作日回访率")),
                            ("visit_coverage", target("业主访谈覆盖率")),
                            ("visit_face_to_face_share", target("面访占比")),
                            ("inspection_compliance", target("每日巡查达标率")),
                            ("daily_clearing_rate", target("报事每日清理")),
                            ("night_entry_rate", target("夜间报事次日内录入")),
                            ("open_tracking_rate", target("未完报事每周跟踪")),
                            ("online_entry_rate", target("网络平台报事当日录入")),
                            ("unit_info_rate", target("房屋车位信息每周更新")),
                        ],
                        &[],
                    ),
                ),
                (
                    "satisfied_min_score",
                    json!({ "type": "integer", "minimum": 1, "maximum": 5, "description": "满意度评分达到几分算满意" }),
                ),
                ("approval_threshold", money("维修费用达到多少元需要审批人")),
                (
                    "categories",
                    object(
                        "类别列表（写出的列表替换默认列表）",
                        &[
                            ("ticket", list_of(json!({"type": "string"}), "报事类别")),
                            ("complaint", list_of(json!({"type": "string"}), "投诉类别")),
                            ("channel", list_of(json!({"type": "string"}), "来源渠道")),
                            ("notice", list_of(json!({"type": "string"}), "公告类型")),
                        ],
                        &[],
                    ),
                ),
            ],
            &["name", "estate", "base_url", "service_phone"],
        ),
    )
}

/// `households.yaml`: one item per unit.
fn households() -> Value {
    records(
        "households.yaml（房屋清单）",
        object(
            "一户（不写业主姓名和电话）",
            &[
                ("unit", key("房号，如 3-2-1502，不能重复")),
                ("building", text("楼栋")),
                ("area_m2", json!({ "type": "number", "minimum": 0, "description": "建筑面积（平方米）" })),
                ("status", fixed(&["已入住", "空置", "装修"], "入住状态（记录格式规定）")),
            ],
            &["unit", "status"],
        ),
    )
}

/// `tickets.yaml`.
fn tickets(c: &Categories) -> Value {
    records(
        "tickets.yaml（报事）",
        object(
            "一条报事",
            &[
                ("id", key("报事单号，所有月份中唯一")),
                ("reported_at", datetime("报事时间")),
                ("entered_at", datetime("录入系统的时间")),
                ("channel", channel(c)),
                ("area", fixed(&["户内", "公区"], "户内或公区（记录格式规定）")),
                ("category", one_of(&c.ticket, "报事类别（site.yaml 的 categories.ticket）")),
                ("unit", key("房号（户内必填，须在 households.yaml 中）")),
                ("reporter", text("报事人（个人信息）")),
                ("phone", text("联系电话（个人信息，加引号）")),
                ("description", text("报事内容")),
                ("department", s("责任部门")),
                ("completed_at", datetime("完工时间（未完工不写）")),
                ("cost", money("维修费用")),
                ("approved_by", s("审批人（费用达到审批金额时）")),
                ("followup", followup()),
            ],
            &["id", "reported_at", "channel", "area", "category", "description", "department"],
        ),
    )
}

/// `complaints.yaml`.
fn complaints(c: &Categories) -> Value {
    records(
        "complaints.yaml（投诉）",
        object(
            "一条投诉",
            &[
                ("id", key("投诉编号，所有月份中唯一")),
                ("received_at", datetime("受理时间")),
                ("channel", channel(c)),
                ("category", one_of(&c.complaint, "投诉类别（site.yaml 的 categories.complaint）")),
                ("unit", key("房号")),
                ("complainant", text("投诉人（个人信息）")),
                ("phone", text("联系电话（个人信息，加引号）")),
                ("description", text("投诉内容")),
                ("valid", yes_no("是否有效投诉，默认是")),
                ("department", s("责任部门")),
                ("resolved_at", datetime("处理完毕时间（未处理完不写）")),
                ("followup", followup()),
            ],
            &["id", "received_at", "channel", "category", "description", "department"],
        ),
    )
}

/// `visits.yaml`.
fn visits() -> Value {
    records(
        "visits.yaml（业主访谈）",
        object(
            "一次访谈",
            &[
                ("unit", key("房号")),
                ("date", date("访谈日期")),
                ("mode", fixed(&["面访", "电访"], "面访或电访（记录格式规定）")),
                ("by", s("访谈人")),
                ("notes", text("访谈记录（内部）")),
            ],
            &["unit", "date", "mode", "by"],
        ),
    )
}

/// `surveys.yaml`.
fn surveys() -> Value {
    let score = |d: &str| json!({ "type": "integer", "minimum": 1, "maximum": 5, "description": d });
    records(
        "surveys.yaml（满意度调查）",
        object(
            "一份问卷",
            &[
                ("unit", key("房号")),
                ("date", date("调查日期")),
                ("overall", score("总体评分 1-5")),
                (
                    "scores",
                    json!({ "type": "object", "additionalProperties": score("分项评分 1-5"), "description": "分项评分，如 客服: 5" }),
                ),
                ("comment", text("意见（个人信息）")),
            ],
            &["date", "overall"],
        ),
    )
}

/// `fees.yaml`: bills (应收) and payments (实收).
fn fees() -> Value {
    let bill = object(
        "一笔应收",
        &[
            ("unit", key("房号")),
            ("item", s("收费项目，如 物业费")),
            ("period", month("所属月份（本文件夹的月份）")),
            ("amount", money("应收金额")),
            ("waived", money("减免金额")),
        ],
        &["unit", "item", "period", "amount"],
    );
    let payment = object(
        "一笔实收",
        &[
            ("unit", key("房号")),
            ("item", s("收费项目")),
            ("period", month("所缴的那笔应收的月份")),
            ("amount", money("实收金额")),
            ("date", date("缴费日期（本文件夹的月份内）")),
            ("method", s("缴费方式")),
        ],
        &["unit", "item", "period", "amount", "date"],
    );
    doc(
        "fees.yaml（物业费）",
        json!({
            "type": ["object", "array", "null"],
            "maxItems": 0,
            "description": "物业费：bills 应收、payments 实收",
            "properties": {
                "bills": { "type": ["array", "null"], "items": bill, "description": "应收" },
                "payments": { "type": ["array", "null"], "items": payment, "description": "实收" }
            },
            "additionalProperties": false
        }),
    )
}

/// `inspections.yaml`.
fn inspections() -> Value {
    records(
        "inspections.yaml（园区巡查）",
        object(
            "一次巡查",
            &[
                ("date", date("巡查日期")),
                ("by", s("巡查人")),
                ("areas", list_of(json!({"type": "string"}), "巡查范围")),
                ("findings", json!({ "type": "integer", "minimum": 0, "description": "发现问题数" })),
                ("tickets", list_of(json!({"type": ["string", "integer"]}), "因此报事的单号（必须存在）")),
            ],
            &["date", "by", "areas", "findings"],
        ),
    )
}

/// `lost-found.yaml`.
fn lost() -> Value {
    records(
        "lost-found.yaml（失物招领）",
        object(
            "一件失物",
            &[
                ("id", key("编号")),
                ("found_on", date("拾到日期")),
                ("place", s("拾到地点")),
                ("item", s("物品")),
                ("valuable", yes_no("是否贵重物品")),
                ("claimed_on", date("认领日期")),
                ("claimed_by", text("认领人（个人信息）")),
            ],
            &["id", "found_on", "place", "item", "valuable"],
        ),
    )
}

/// `meetings.yaml`.
fn meetings() -> Value {
    records(
        "meetings.yaml（会议）",
        object(
            "一次会议",
            &[
                ("date", date("会议日期")),
                (
                    "kind",
                    fixed(
                        &["报事分析会", "投诉分析会", "客户细分评估会", "部门例会", "其他"],
                        "会议类型（记录格式规定）",
                    ),
                ),
                ("about", month("分析的月份（默认会议当月）")),
                ("chair", s("主持人")),
                ("notes", text("会议记录（内部）")),
            ],
            &["date", "kind", "chair"],
        ),
    )
}

/// `worklog.yaml`.
fn worklog() -> Value {
    records(
        "worklog.yaml（客服工作记录）",
        object(
            "一次例行工作",
            &[
                ("date", date("日期")),
                ("kind", fixed(&["报事日清", "未完报事跟踪", "房屋信息更新"], "工作类型（记录格式规定）")),
                ("by", s("完成人")),
                ("tickets", list_of(json!({"type": ["string", "integer"]}), "涉及的报事单号（必须存在）")),
                ("notes", text("备注（内部）")),
            ],
            &["date", "kind", "by"],
        ),
    )
}

/// A notice's front matter.
fn notice(c: &Categories) -> Value {
    doc(
        "公告 front matter（notices/*.md 开头 --- 之间）",
        object(
            "公告",
            &[
                ("title", s("标题")),
                ("type", one_of(&c.notice, "公告类型（site.yaml 的 categories.notice）")),
                ("date", date("发布日期")),
                ("expires", date("到期日，之后移入归档")),
                ("pinned", yes_no("置顶")),
                ("affects", list_of(json!({"type": "string"}), "影响范围，如 [3栋]")),
                ("starts_at", datetime("开始时间")),
                ("ends_at", datetime("结束时间")),
                ("issuer", s("落款，默认服务中心名称")),
                ("draft", yes_no("草稿，不发布")),
            ],
            &["title", "type", "date"],
        ),
    )
}

/// A role page's front matter.
fn role() -> Value {
    doc(
        "岗位职责 front matter（roles/*.md 开头 --- 之间）",
        object(
            "岗位",
            &[
                ("title", s("岗位名称")),
                ("department", s("部门")),
                (
                    "reports_to",
                    json!({ "type": ["string", "null"], "description": "上级岗位的文件名（不含 .md），最高岗位写 null" }),
                ),
                ("order", json!({ "type": "integer", "description": "部门内排序" })),
                ("headcount", json!({ "type": "integer", "minimum": 0, "description": "人数" })),
            ],
            &["title", "department", "reports_to", "order"],
        ),
    )
}

/// Writes every schema into `out` (created if missing); returns the files written.
pub fn write(site: &Site, out: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    for (name, v) in all(site) {
        let path = out.join(name);
        let text = serde_json::to_string_pretty(&v).map_err(std::io::Error::other)? + "\n";
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The site settings of a content directory, for its category lists.
/// Problems in site.yaml come back as diagnostics (exit 1 for the caller).
pub fn site_of(content: &std::path::Path) -> Result<Site, Vec<crate::diag::Diagnostic>> {
    use crate::records::load::{Source, read_text};
    let source = Source::new(content);
    let display = source.show("site.yaml");
    let mut diags = crate::diag::Diags::default();
    let text = read_text(&content.join("site.yaml"), &display, crate::i18n::Lang::Zh).map_err(|d| vec![d])?;
    let node = match crate::yaml::parse_tree(&text) {
        Ok(Some(n)) => n,
        Ok(None) => return Ok(Site::default()),
        Err(e) => {
            let (m, help) = e.describe();
            let zh = crate::i18n::Lang::Zh;
            let d = crate::diag::Diagnostic {
                help: help.map(|h| h.render(zh)),
                ..crate::diag::Diagnostic::new(e.code(), &display, e.pos, m.render(zh))
            };
            return Err(vec![d]);
        }
    };
    let lang = crate::config::peek_lang(&node);
    let mut cx = crate::yaml::fields::Ctx { path: &display, lang, diags: &mut diags };
    let site = crate::config::from_node(&node, &mut cx);
    if diags.has_errors() { Err(diags.list) } else { Ok(site) }
}

/// `.vscode/settings.json` mapping each content file to its schema
/// (`yaml.schemas`, read by the Red Hat YAML extension), `schemas` being the
/// schema folder relative to the estate.
pub fn vscode_settings(schemas: &str) -> Value {
    let mut m = Map::new();
    for (file, globs) in FILES.iter().filter(|(_, g)| !g.is_empty()) {
        m.insert(format!("./{schemas}/{file}"), json!(globs));
    }
    json!({ "yaml.schemas": m, "files.encoding": "utf8", "editor.insertSpaces": true, "[yaml]": { "editor.tabSize": 2 } })
}

/// A YAML tree as JSON, read the way an editor's YAML 1.2 reader does:
/// plain `true`/`false`, `null`, integers and decimals become JSON values;
/// everything else (dates included) is a string.
pub fn to_json(n: &Node) -> Value {
    match &n.kind {
        Kind::Scalar(t, Style::Quoted) => Value::String(t.to_string()),
        Kind::Scalar(t, Style::Plain) => plain(t),
        Kind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Kind::Map(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                m.insert(k.scalar().unwrap_or("").to_string(), to_json(v));
            }
            Value::Object(m)
        }
    }
}

fn plain(t: &str) -> Value {
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = t.parse::<i64>()
    {
        return json!(i);
    }
    let (a, b) = digits.split_once('.').unwrap_or((digits, "x"));
    let num = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if !a.is_empty()
        && num(a)
        && !b.is_empty()
        && num(b)
        && let Some(f) = t.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
    {
        return Value::Number(f);
    }
    Value::String(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_categories_become_enums() {
        let mut site = Site::default();
        site.categories.ticket = vec!["水电".into(), "门禁".into()];
        let all = all(&site);
        let t = &all.iter().find(|(n, _)| *n == "tickets.schema.json").unwrap().1;
        assert_eq!(t["items"]["properties"]["category"]["enum"], json!(["水电", "门禁"]));
        assert_eq!(all.len(), FILES.len());
    }

    #[test]
    fn yaml_scalars_read_like_an_editor() {
        let n =
            crate::yaml::parse_tree("a: 2026-10-03\nb: 80\nc: \"80\"\nd: 286.50\ne: 是\nf: true\n").unwrap().unwrap();
        assert_eq!(to_json(&n), json!({"a": "2026-10-03", "b": 80, "c": "80", "d": 286.5, "e": "是", "f": true}));
    }
}
