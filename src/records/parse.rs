//! One record kind at a time: YAML node → typed record, every problem reported.
//!
//! Checks that need only the record itself (types, required fields, category
//! lists, date order, the month folder) run here; checks across files run in
//! [`super::validate`].

use crate::i18n::{Msg, msg, tr};
use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::*;
use crate::config::Site;
use crate::diag::Code;
use crate::scalars::datetime_text;
use crate::yaml::fields::{self, Ctx, Rec};
use crate::yaml::{Kind, Node};

/// What every record parser needs besides the node.
pub struct Rules<'s> {
    /// Settings (categories, approval threshold).
    pub site: &'s Site,
    /// The month of the folder the file is in.
    pub folder: Month,
    /// Index of this file in [`Records::files`].
    pub file: u32,
}

impl Rules<'_> {
    fn src(&self, pos: Pos) -> Src {
        Src { file: self.file, pos }
    }

    /// A value repeated across records, stored once (see [`super::text`]).
    fn shared(&self, s: &str) -> super::text::Text {
        super::text::shared(s)
    }

    fn shared_unit(&self, unit: Spanned<String>) -> Spanned<super::text::Text> {
        Spanned { value: self.shared(&unit.value), pos: unit.pos }
    }

    /// Reports a record whose date is not in the folder's month, at the value.
    fn in_folder(&self, cx: &mut Ctx, r: &Rec, key: &str, m: Month) -> bool {
        if m == self.folder {
            return true;
        }
        let pos = r.key_pos(key).map(|_| value_pos(r, key)).unwrap_or(r.first);
        cx.err_help(
            Code::RecordFolder,
            pos,
            msg!(
                ["这条记录属于 {m}，却放在了 {} 文件夹里", self.folder],
                ["this record belongs to {m} but is in the {} folder", self.folder]
            ),
            Some(tr!(cx.lang, "把它移到 records/{m}/ 中", "move it to records/{m}/")),
        );
        false
    }
}

fn value_pos(r: &Rec, key: &str) -> Pos {
    r.value_pos(key).unwrap_or(r.first)
}

/// Reports the value of `(key, later)` as before that of `(earlier_key,
/// earlier)`: which of the two was mistyped only the clerk knows, so the
/// help names both and the bound.
fn out_of_order(cx: &mut Ctx, r: &Rec, later: (&str, &str), earlier: (&str, &str), m: Msg) {
    out_of_order_at(cx, value_pos(r, later.0), later, earlier, m);
}

/// [`out_of_order`] at `pos` (a followup's `at`, read once the followup's own reader is done).
fn out_of_order_at(cx: &mut Ctx, pos: Pos, (key, later): (&str, &str), (earlier_key, earlier): (&str, &str), m: Msg) {
    let help = tr!(
        cx.lang,
        "`{key}`（现在是 {later}）不能早于 `{earlier_key}`（{earlier}）：看这两个哪个写错了，改正它",
        "`{key}` (now {later}) cannot be before `{earlier_key}` ({earlier}): correct whichever of the two was mistyped"
    );
    cx.err_help(Code::TimeOrder, pos, m, Some(help));
}

impl Rec<'_, '_> {
    /// Position of the value under `key`.
    pub fn value_pos(&self, key: &str) -> Option<Pos> {
        self.peek(key).map(|n| n.pos)
    }
}

const TICKET_FIELDS: &[&str] = &[
    "id",
    "reported_at",
    "entered_at",
    "channel",
    "area",
    "category",
    "unit",
    "reporter",
    "phone",
    "description",
    "department",
    "completed_at",
    "cost",
    "approved_by",
    "followup",
];
const FOLLOWUP_FIELDS: &[&str] = &["at", "by", "result"];

fn area(n: &Node, cx: &mut Ctx) -> Option<Area> {
    match fields::one_of(n, cx, &["户内".into(), "公区".into()], "area")?.as_str() {
        "户内" => Some(Area::Indoor),
        _ => Some(Area::Public),
    }
}

fn follow_result(n: &Node, cx: &mut Ctx) -> Option<FollowResult> {
    match fields::one_of(n, cx, &["满意".into(), "基本满意".into(), "不满意".into()], "result")?.as_str() {
        "满意" => Some(FollowResult::Satisfied),
        "基本满意" => Some(FollowResult::Fair),
        _ => Some(FollowResult::Unsatisfied),
    }
}

/// Keys of `followup` written at the record's column instead of under it
/// (`  result: 满意` after `    at: …`): YAML reads them as keys of the
/// record, which would be one "unknown field" there and one "missing field"
/// in the followup. Each is one slip instead, at the key, with the line to
/// paste (indented like the followup's own keys, or two spaces deeper than
/// `followup:` when it has none left); they are marked read. Only for a
/// followup written as an indented block (or left empty), and keys right
/// after it (no other key of the record in between).
fn dedented_followup_keys(r: &mut Rec, f: Option<&Rec>, followup_at: Pos, cx: &mut Ctx) -> Vec<&'static str> {
    use crate::yaml::slips::{Slip, SlipKind};
    let (after, child_col, kind) = match f {
        Some(f) if f.first.line <= followup_at.line => return Vec::new(),
        Some(f) => (f.first.line, f.first.col as usize, SlipKind::NestedUnderIndented),
        None => (followup_at.line, followup_at.col as usize + 2, SlipKind::OutsideItsMap),
    };
    // Where the record's next key of its own is: dedented keys come before it.
    let next_own = r
        .keys()
        .filter(|(k, p)| p.line > followup_at.line && !FOLLOWUP_FIELDS.contains(k))
        .map(|(_, p)| p.line)
        .min()
        .unwrap_or(u32::MAX);
    let mut found = Vec::new();
    for &key in FOLLOWUP_FIELDS {
        let Some(pos) = r.key_pos(key).filter(|p| p.line > after && p.line < next_own) else { continue };
        if f.is_some_and(|f| f.peek(key).is_some()) {
            continue;
        }
        let Some(value) = r.node(key) else { continue };
        let text = match &value.kind {
            Kind::Scalar(t, crate::yaml::Style::Plain) => t.to_string(),
            _ => "…".to_string(),
        };
        let fixed = format!("{}{key}: {text}", " ".repeat(child_col.max(1) - 1));
        cx.slip(&Slip { pos, kind, fixed });
        found.push(key);
    }
    found
}

/// Reads a `followup` map and checks it against the closing time.
fn followup(r: &mut Rec, cx: &mut Ctx, closed: Option<NaiveDateTime>, closed_key: &str) -> Option<Followup> {
    let n = r.node("followup")?;
    let key_pos = r.key_pos("followup").unwrap_or(r.first);
    if n.is_null() {
        // An empty `followup:` whose keys all lost their indentation.
        if !dedented_followup_keys(r, None, key_pos, cx).is_empty() {
            r.ok = false;
        }
        return None;
    }
    let mut f = Rec::new(n, "followup", cx)?;
    let dedented = dedented_followup_keys(r, Some(&f), key_pos, cx);
    let at = if dedented.contains(&"at") { None } else { f.req(cx, "at", fields::datetime) };
    let at_pos = value_pos(&f, "at");
    let by = f.opt(cx, "by", fields::any_text);
    let result = if dedented.contains(&"result") { None } else { f.req(cx, "result", follow_result) };
    let ok = f.finish(cx, FOLLOWUP_FIELDS);
    if !dedented.is_empty() {
        r.ok = false;
        return None;
    }
    let Some(closed) = closed else {
        if r.peek(closed_key).is_some_and(|n| !n.is_null()) {
            // The closing time is there but invalid: that error already says what to fix.
            r.ok = false;
            return None;
        }
        cx.err_help(
            Code::FollowupOpen,
            key_pos,
            msg!(
                "没有 `{closed_key}` 的记录不能有回访 `followup`",
                "`followup` needs `{closed_key}`: the record is still open"
            ),
            Some(tr!(cx.lang, "先填写 `{closed_key}`，或删除 followup", "add `{closed_key}` or remove the followup")),
        );
        r.ok = false;
        return None;
    };
    let (at, result) = (at?, result?);
    if !ok {
        r.ok = false;
        return None;
    }
    if at < closed {
        let (at, closed) = (datetime_text(at), datetime_text(closed));
        out_of_order_at(
            cx,
            at_pos,
            ("at", &at),
            (closed_key, &closed),
            msg!("回访时间 {at} 早于 `{closed_key}` {closed}", "followup time {at} is before `{closed_key}` {closed}"),
        );
        r.ok = false;
        return None;
    }
    Some(Followup { at, by: by.map(|b| super::text::shared(&b)), result })
}

/// A 报事 record.
pub fn ticket(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Ticket> {
    let mut r = Rec::new(n, "报事记录", cx)?;
    let cats = &ru.site.categories;
    let id = r.req(cx, "id", fields::key_text);
    let reported_at = r.req(cx, "reported_at", fields::datetime);
    if let Some(t) = reported_at {
        r.ok &= ru.in_folder(cx, &r, "reported_at", Month::of(t.date()));
    }
    let entered_at = r.opt(cx, "entered_at", fields::datetime);
    let channel = r.node("channel").map(|c| (c, fields::one_of(c, cx, &cats.channel, "channel")));
    let channel = req_checked(&mut r, cx, "channel", channel);
    let area_v = r.req(cx, "area", area);
    let category = r
        .node("category")
        .map(|c| (c, fields::one_of_from(c, cx, &cats.ticket, "category", fields::ListSource::Site("ticket"))));
    let category = req_checked(&mut r, cx, "category", category);
    let unit = r.opt(cx, "unit", fields::key_text);
    let reporter = r.opt(cx, "reporter", fields::any_text);
    let phone = r.opt(cx, "phone", fields::any_text);
    let description = r.req(cx, "description", fields::text);
    let department = r.req(cx, "department", fields::text);
    let completed_at = r.opt(cx, "completed_at", fields::datetime);
    let cost = r.opt(cx, "cost", fields::money);
    let approved_by = r.opt(cx, "approved_by", fields::text);
    if let (Some(rep), Some(done)) = (reported_at, completed_at)
        && done < rep
    {
        let (done, rep) = (datetime_text(done), datetime_text(rep));
        out_of_order(
            cx,
            &r,
            ("completed_at", &done),
            ("reported_at", &rep),
            msg!("完成时间 {done} 早于报事时间 {rep}", "completed_at {done} is before reported_at {rep}"),
        );
        r.ok = false;
    }
    if let (Some(rep), Some(ent)) = (reported_at, entered_at)
        && ent < rep
    {
        let (ent, rep) = (datetime_text(ent), datetime_text(rep));
        out_of_order(
            cx,
            &r,
            ("entered_at", &ent),
            ("reported_at", &rep),
            msg!("录入时间 {ent} 早于报事时间 {rep}", "entered_at {ent} is before reported_at {rep}"),
        );
        r.ok = false;
    }
    // A `unit` that is present but invalid has its own error.
    if area_v == Some(Area::Indoor) && r.peek("unit").is_none_or(|n| n.is_null()) {
        cx.err_help(
            Code::UnitRequired,
            r.key_pos("area").unwrap_or(r.first),
            msg!("户内报事必须填写 `unit`（房号）", "an indoor (户内) ticket needs `unit`"),
            Some(tr!(cx.lang, "加上 `unit: 3-2-1502`，或把 area 改为 公区", "add `unit: …` or set area to 公区")),
        );
        r.ok = false;
    }
    let followup = followup(&mut r, cx, completed_at, "completed_at");
    if let Some(c) = cost
        && c >= ru.site.approval_threshold
        && approved_by.is_none()
    {
        cx.warn(
            Code::ApprovalMissing,
            value_pos(&r, "cost"),
            msg!(
                ["维修费用 {} 元达到审批线 {} 元，但没有 `approved_by`", c.plain(), ru.site.approval_threshold.plain()],
                [
                    "cost {} reaches the approval threshold {} but has no `approved_by`",
                    c.plain(),
                    ru.site.approval_threshold.plain()
                ]
            ),
        );
    }
    let first = r.first;
    if !r.finish(cx, TICKET_FIELDS) {
        return None;
    }
    Some(Ticket {
        id: id?,
        reported_at: reported_at?,
        entered_at,
        channel: ru.shared(&channel?),
        area: area_v?,
        category: ru.shared(&category?),
        unit,
        reporter,
        phone,
        description: description?,
        department: ru.shared(&department?),
        completed_at,
        cost: cost.map(Amount::from),
        approved_by: approved_by.map(|a| ru.shared(&a)),
        followup,
        src: ru.src(first),
    })
}

/// A required field already converted (used where the converter needs extra arguments).
fn req_checked<T>(r: &mut Rec, cx: &mut Ctx, key: &str, got: Option<(&Node, Option<T>)>) -> Option<T> {
    match got {
        Some((n, v)) if !n.is_null() => {
            r.ok &= v.is_some();
            v
        }
        _ => {
            // Re-use the reader's missing-field message.
            r.req::<()>(cx, key, |_, _| Some(()));
            None
        }
    }
}

const COMPLAINT_FIELDS: &[&str] = &[
    "id",
    "received_at",
    "channel",
    "category",
    "unit",
    "complainant",
    "phone",
    "description",
    "valid",
    "department",
    "resolved_at",
    "followup",
];

/// A 投诉 record.
pub fn complaint(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Complaint> {
    let mut r = Rec::new(n, "投诉记录", cx)?;
    let cats = &ru.site.categories;
    let id = r.req(cx, "id", fields::key_text);
    let received_at = r.req(cx, "received_at", fields::datetime);
    if let Some(t) = received_at {
        r.ok &= ru.in_folder(cx, &r, "received_at", Month::of(t.date()));
    }
    let channel = r.node("channel").map(|c| (c, fields::one_of(c, cx, &cats.channel, "channel")));
    let channel = req_checked(&mut r, cx, "channel", channel);
    let category = r
        .node("category")
        .map(|c| (c, fields::one_of_from(c, cx, &cats.complaint, "category", fields::ListSource::Site("complaint"))));
    let category = req_checked(&mut r, cx, "category", category);
    let unit = r.opt(cx, "unit", fields::key_text);
    let complainant = r.opt(cx, "complainant", fields::any_text);
    let phone = r.opt(cx, "phone", fields::any_text);
    let description = r.req(cx, "description", fields::text);
    let valid = r.opt(cx, "valid", fields::boolean).unwrap_or(true);
    let department = r.req(cx, "department", fields::text);
    let resolved_at = r.opt(cx, "resolved_at", fields::datetime);
    if let (Some(rec), Some(done)) = (received_at, resolved_at)
        && done < rec
    {
        let (done, rec) = (datetime_text(done), datetime_text(rec));
        out_of_order(
            cx,
            &r,
            ("resolved_at", &done),
            ("received_at", &rec),
            msg!("解决时间 {done} 早于受理时间 {rec}", "resolved_at {done} is before received_at {rec}"),
        );
        r.ok = false;
    }
    let followup = followup(&mut r, cx, resolved_at, "resolved_at");
    let first = r.first;
    if !r.finish(cx, COMPLAINT_FIELDS) {
        return None;
    }
    Some(Complaint {
        id: id?,
        received_at: received_at?,
        channel: ru.shared(&channel?),
        category: ru.shared(&category?),
        unit,
        complainant,
        phone,
        description: description?,
        valid,
        department: ru.shared(&department?),
        resolved_at,
        followup,
        src: ru.src(first),
    })
}

fn visit_mode(n: &Node, cx: &mut Ctx) -> Option<VisitMode> {
    match fields::one_of(n, cx, &["面访".into(), "电访".into()], "mode")?.as_str() {
        "面访" => Some(VisitMode::FaceToFace),
        _ => Some(VisitMode::Phone),
    }
}

/// A 业主访谈 record.
pub fn visit(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Visit> {
    let mut r = Rec::new(n, "访谈记录", cx)?;
    let unit = r.req(cx, "unit", fields::key_text);
    let date = r.req(cx, "date", fields::date);
    if let Some(d) = date {
        r.ok &= ru.in_folder(cx, &r, "date", Month::of(d));
    }
    let mode = r.req(cx, "mode", visit_mode);
    let by = r.req(cx, "by", fields::text);
    let notes = r.opt(cx, "notes", fields::any_text);
    let first = r.first;
    if !r.finish(cx, &["unit", "date", "mode", "by", "notes"]) {
        return None;
    }
    Some(Visit { unit: unit?, date: date?, mode: mode?, by: ru.shared(&by?), notes, src: ru.src(first) })
}

fn scores(n: &Node, cx: &mut Ctx) -> Option<BTreeMap<String, u8>> {
    let Kind::Map(entries) = &n.kind else {
        cx.err(
            Code::ShapeMap,
            n.pos,
            msg!(
                "`scores` 应为 服务线: 分数 的映射，例如 客服: 5",
                "`scores` must map service lines to scores, e.g. 客服: 5"
            ),
        );
        return None;
    };
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (k, v) in entries {
        let Some(line) = k.scalar().filter(|s| !s.trim().is_empty()) else {
            cx.err(Code::ValueEmpty, k.pos, msg!("服务线名称不能为空", "service line name must not be empty"));
            ok = false;
            continue;
        };
        if out.contains_key(line) {
            cx.err(Code::KeyRepeated, k.pos, msg!("键 `{line}` 重复出现", "key `{line}` is repeated in this map"));
            ok = false;
            continue;
        }
        match fields::score(v, cx) {
            Some(s) => {
                out.insert(line.to_string(), s);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A 满意度调查 response.
pub fn survey(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Survey> {
    let mut r = Rec::new(n, "调查记录", cx)?;
    let unit = r.opt(cx, "unit", fields::key_text);
    let date = r.req(cx, "date", fields::date);
    if let Some(d) = date {
        r.ok &= ru.in_folder(cx, &r, "date", Month::of(d));
    }
    let overall = r.req(cx, "overall", fields::score);
    let scores = r.opt(cx, "scores", scores).unwrap_or_default();
    let comment = r.opt(cx, "comment", fields::any_text);
    let first = r.first;
    if !r.finish(cx, &["unit", "date", "overall", "scores", "comment"]) {
        return None;
    }
    Some(Survey { unit, date: date?, overall: overall?, scores, comment, src: ru.src(first) })
}

/// A bill (应收).
pub fn bill(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Bill> {
    let mut r = Rec::new(n, "账单", cx)?;
    let unit = r.req(cx, "unit", fields::key_text);
    let item = r.req(cx, "item", fields::text);
    let period = r.req(cx, "period", fields::month);
    if let Some(p) = period {
        r.ok &= ru.in_folder(cx, &r, "period", p);
    }
    let amount = r.req(cx, "amount", fields::positive_money);
    let waived = r.opt(cx, "waived", fields::money).unwrap_or(Money::ZERO);
    if let Some(a) = amount
        && waived > a
    {
        cx.err(
            Code::WaiverExceeds,
            value_pos(&r, "waived"),
            msg!(
                ["减免 {} 元超过账单金额 {} 元", waived.plain(), a.plain()],
                ["waived {} exceeds the amount {}", waived.plain(), a.plain()]
            ),
        );
        r.ok = false;
    }
    let first = r.first;
    if !r.finish(cx, &["unit", "item", "period", "amount", "waived"]) {
        return None;
    }
    Some(Bill {
        unit: ru.shared_unit(unit?),
        item: ru.shared(&item?),
        period: period?,
        amount: amount?.into(),
        waived: waived.into(),
        src: ru.src(first),
    })
}

/// A payment (实收).
pub fn payment(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Payment> {
    let mut r = Rec::new(n, "缴费记录", cx)?;
    let unit = r.req(cx, "unit", fields::key_text);
    let item = r.req(cx, "item", fields::text);
    let period = r.req(cx, "period", fields::month);
    let amount = r.req(cx, "amount", fields::positive_money);
    let date = r.req(cx, "date", fields::date);
    if let Some(d) = date {
        r.ok &= ru.in_folder(cx, &r, "date", Month::of(d));
    }
    let method = r.opt(cx, "method", fields::any_text);
    let first = r.first;
    if !r.finish(cx, &["unit", "item", "period", "amount", "date", "method"]) {
        return None;
    }
    Some(Payment {
        unit: ru.shared_unit(unit?),
        item: ru.shared(&item?),
        period: period?,
        amount: amount?.into(),
        date: date?,
        method: method.map(|m| ru.shared(&m)),
        src: ru.src(first),
    })
}

/// A 园区巡查 round.
pub fn inspection(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Inspection> {
    let mut r = Rec::new(n, "巡查记录", cx)?;
    let date = r.req(cx, "date", fields::date);
    if let Some(d) = date {
        r.ok &= ru.in_folder(cx, &r, "date", Month::of(d));
    }
    let by = r.req(cx, "by", fields::text);
    let areas = r.req(cx, "areas", fields::text_list);
    let findings = r.req(cx, "findings", fields::count);
    let tickets = r.opt(cx, "tickets", fields::text_list).unwrap_or_default();
    let first = r.first;
    if !r.finish(cx, &["date", "by", "areas", "findings", "tickets"]) {
        return None;
    }
    Some(Inspection {
        date: date?,
        by: by?,
        areas: areas?.into_iter().map(|s| s.value).collect(),
        findings: findings?,
        tickets,
        src: ru.src(first),
    })
}

/// A 失物登记 record.
pub fn lost_item(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<LostItem> {
    let mut r = Rec::new(n, "失物记录", cx)?;
    let id = r.req(cx, "id", fields::key_text);
    let found_on = r.req(cx, "found_on", fields::date);
    if let Some(d) = found_on {
        r.ok &= ru.in_folder(cx, &r, "found_on", Month::of(d));
    }
    let place = r.req(cx, "place", fields::text);
    let item = r.req(cx, "item", fields::text);
    let valuable = r.opt(cx, "valuable", fields::boolean).unwrap_or(false);
    let claimed_on = r.opt(cx, "claimed_on", fields::date);
    let claimed_by = r.opt(cx, "claimed_by", fields::any_text);
    if let (Some(f), Some(c)) = (found_on, claimed_on)
        && c < f
    {
        let (c, f) = (c.to_string(), f.to_string());
        out_of_order(
            cx,
            &r,
            ("claimed_on", &c),
            ("found_on", &f),
            msg!("认领日期 {c} 早于拾得日期 {f}", "claimed_on {c} is before found_on {f}"),
        );
        r.ok = false;
    }
    let first = r.first;
    if !r.finish(cx, &["id", "found_on", "place", "item", "valuable", "claimed_on", "claimed_by"]) {
        return None;
    }
    Some(LostItem {
        id: id?,
        found_on: found_on?,
        place: place?,
        item: item?,
        valuable,
        claimed_on,
        claimed_by,
        src: ru.src(first),
    })
}

fn meeting_kind(n: &Node, cx: &mut Ctx) -> Option<MeetingKind> {
    let all = ["报事分析会", "投诉分析会", "客户细分评估会", "部门例会", "其他"].map(String::from);
    match fields::one_of(n, cx, &all, "kind")?.as_str() {
        "报事分析会" => Some(MeetingKind::TicketAnalysis),
        "投诉分析会" => Some(MeetingKind::ComplaintAnalysis),
        "客户细分评估会" => Some(MeetingKind::Segmentation),
        "部门例会" => Some(MeetingKind::Department),
        _ => Some(MeetingKind::Other),
    }
}

/// A meeting record.
pub fn meeting(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Meeting> {
    let mut r = Rec::new(n, "会议记录", cx)?;
    let date = r.req(cx, "date", fields::date);
    if let Some(d) = date {
        r.ok &= ru.in_folder(cx, &r, "date", Month::of(d));
    }
    let kind = r.req(cx, "kind", meeting_kind);
    let about = r.opt(cx, "about", fields::month);
    if let (Some(a), Some(d)) = (about, date)
        && a > Month::of(d)
    {
        let dm = Month::of(d);
        cx.err_help(
            Code::MeetingAbout,
            value_pos(&r, "about"),
            msg!(
                "`about` {a} 晚于会议日期所在的月份 {dm}：会议只能分析已经开始的月份",
                "`about` {a} is after the month of the meeting's date ({dm}): a meeting analyses a month that has begun"
            ),
            Some(tr!(cx.lang, "改为 `about: {dm}` 或更早的月份", "use `about: {dm}` or an earlier month")),
        );
        r.ok = false;
    }
    let chair = r.req(cx, "chair", fields::text);
    let notes = r.opt(cx, "notes", fields::any_text);
    let first = r.first;
    if !r.finish(cx, &["date", "kind", "about", "chair", "notes"]) {
        return None;
    }
    let date = date?;
    Some(Meeting {
        date,
        kind: kind?,
        about: about.unwrap_or(Month::of(date)),
        chair: chair?,
        notes,
        src: ru.src(first),
    })
}

fn worklog_kind(n: &Node, cx: &mut Ctx) -> Option<WorklogKind> {
    let all = ["报事日清", "未完报事跟踪", "房屋信息更新"].map(String::from);
    match fields::one_of(n, cx, &all, "kind")?.as_str() {
        "报事日清" => Some(WorklogKind::DailyClearing),
        "未完报事跟踪" => Some(WorklogKind::OpenTracking),
        _ => Some(WorklogKind::UnitInfo),
    }
}

/// A 客服工作记录 line.
pub fn worklog(n: &Node, cx: &mut Ctx, ru: &Rules) -> Option<Worklog> {
    let mut r = Rec::new(n, "工作记录", cx)?;
    let date = r.req(cx, "date", fields::date);
    if let Some(d) = date {
        r.ok &= ru.in_folder(cx, &r, "date", Month::of(d));
    }
    let kind = r.req(cx, "kind", worklog_kind);
    let by = r.req(cx, "by", fields::text);
    let tickets = r.opt(cx, "tickets", fields::text_list).unwrap_or_default();
    let notes = r.opt(cx, "notes", fields::any_text);
    let first = r.first;
    if !r.finish(cx, &["date", "kind", "by", "tickets", "notes"]) {
        return None;
    }
    Some(Worklog { date: date?, kind: kind?, by: by?, tickets, notes, src: ru.src(first) })
}

fn status(n: &Node, cx: &mut Ctx) -> Option<UnitStatus> {
    match fields::one_of(n, cx, &["已入住".into(), "空置".into(), "装修".into()], "status")?.as_str() {
        "已入住" => Some(UnitStatus::Occupied),
        "空置" => Some(UnitStatus::Vacant),
        _ => Some(UnitStatus::Renovating),
    }
}

fn area_text(n: &Node, cx: &mut Ctx) -> Option<String> {
    let s = n.scalar().unwrap_or("");
    if s.trim().parse::<f64>().is_ok_and(|v| v > 0.0 && v.is_finite()) {
        return Some(s.trim().to_string());
    }
    cx.err(
        Code::AreaInvalid,
        n.pos,
        msg!("面积 `{s}` 应为正数，例如 89.5", "area `{s}` must be a positive number, e.g. 89.5"),
    );
    None
}

/// One unit of `households.yaml`.
pub fn household(n: &Node, cx: &mut Ctx) -> Option<(Household, Pos)> {
    let mut r = Rec::new(n, "房屋记录", cx)?;
    let unit = r.req(cx, "unit", fields::key_text);
    let building = r.opt(cx, "building", fields::text);
    let area_m2 = r.opt(cx, "area_m2", area_text);
    let status = r.req(cx, "status", status);
    if !r.finish(cx, &["unit", "building", "area_m2", "status"]) {
        return None;
    }
    let unit = unit?;
    Some((Household { unit: unit.value, building, area_m2, status: status? }, unit.pos))
}

const ROLE_FIELDS: &[&str] = &["title", "department", "reports_to", "order", "headcount"];

/// A role's front matter.
pub fn role(n: &Node, cx: &mut Ctx, stem: &str, body: String) -> Option<Role> {
    let mut r = Rec::new(n, "front matter", cx)?;
    let title = r.req(cx, "title", fields::text);
    let department = r.req(cx, "department", fields::text);
    let reports_to = match r.node("reports_to") {
        None => {
            r.req::<()>(cx, "reports_to", |_, _| Some(()));
            None
        }
        Some(n) if n.is_null() => None,
        Some(n) => {
            let v = fields::key_text(n, cx);
            r.ok &= v.is_some();
            v
        }
    };
    let order = r.req(cx, "order", fields::integer);
    let headcount = r.opt(cx, "headcount", fields::count);
    if !r.finish(cx, ROLE_FIELDS) {
        return None;
    }
    Some(Role {
        stem: stem.to_string(),
        title: title?,
        department: department?,
        reports_to,
        order: order?,
        headcount,
        body,
        path: cx.path.to_string(),
    })
}

const NOTICE_FIELDS: &[&str] =
    &["title", "type", "date", "expires", "pinned", "affects", "starts_at", "ends_at", "issuer", "draft"];

/// A notice's front matter.
pub fn notice(n: &Node, cx: &mut Ctx, site: &Site, stem: &str, body: String) -> Option<Notice> {
    let mut r = Rec::new(n, "front matter", cx)?;
    let title = r.req(cx, "title", fields::text);
    let kind = r.node("type").map(|c| (c, fields::one_of(c, cx, &site.categories.notice, "type")));
    let kind = req_checked(&mut r, cx, "type", kind);
    let date = r.req(cx, "date", fields::date);
    let expires = r.opt(cx, "expires", fields::date);
    if let (Some(d), Some(e)) = (date, expires)
        && e < d
    {
        let (e, d) = (e.to_string(), d.to_string());
        out_of_order(
            cx,
            &r,
            ("expires", &e),
            ("date", &d),
            msg!("过期日期 {e} 早于发布日期 {d}", "expires {e} is before date {d}"),
        );
        r.ok = false;
    }
    let pinned = r.opt(cx, "pinned", fields::boolean).unwrap_or(false);
    let affects = r.opt(cx, "affects", fields::text_list).unwrap_or_default().into_iter().map(|s| s.value).collect();
    let starts_at = r.opt(cx, "starts_at", fields::datetime);
    let ends_at = r.opt(cx, "ends_at", fields::datetime);
    if let (Some(s), Some(e)) = (starts_at, ends_at)
        && e < s
    {
        let (e, s) = (datetime_text(e), datetime_text(s));
        out_of_order(
            cx,
            &r,
            ("ends_at", &e),
            ("starts_at", &s),
            msg!("结束时间 {e} 早于开始时间 {s}", "ends_at {e} is before starts_at {s}"),
        );
        r.ok = false;
    }
    let issuer = r.opt(cx, "issuer", fields::text);
    let draft = r.opt(cx, "draft", fields::boolean).unwrap_or(false);
    if !r.finish(cx, NOTICE_FIELDS) {
        return None;
    }
    Some(Notice {
        stem: stem.to_string(),
        title: title?,
        kind: kind?,
        date: date?,
        expires,
        pinned,
        affects,
        starts_at,
        ends_at,
        issuer,
        draft,
        body,
        path: cx.path.to_string(),
    })
}

/// A bulletin's front matter (only `title`, optional).
pub fn bulletin(n: Option<&Node>, cx: &mut Ctx, quarter: Quarter, body: String) -> Option<Bulletin> {
    let mut title = None;
    if let Some(n) = n.filter(|n| !n.is_null()) {
        let mut r = Rec::new(n, "front matter", cx)?;
        title = r.opt(cx, "title", fields::text);
        if !r.finish(cx, &["title"]) {
            return None;
        }
    }
    Some(Bulletin { quarter, title, body })
}
