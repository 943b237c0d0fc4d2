//! Each kind's fields: their YAML keys, types, whether required, and the
//! sheet headers that name them by default.

use super::*;

/// One field a sheet column can fill.
#[derive(Debug)]
pub struct Field {
    /// The record's field name; `followup.at` and friends nest under `followup`.
    pub name: &'static str,
    /// What kind of value it holds.
    pub ty: Ty,
    /// Whether every row must give it.
    pub required: bool,
    /// Headers recognised without a mapping file, best first.
    pub headers: &'static [&'static str],
}

pub(super) const fn f(name: &'static str, ty: Ty, required: bool, headers: &'static [&'static str]) -> Field {
    Field { name, ty, required, headers }
}

pub(super) const UNIT: &[&str] = &["房号", "房间号", "房屋编号", "房屋", "房号/位置"];

pub(super) const PHONE: &[&str] = &["联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"];

pub(super) const DEPT: &[&str] = &["责任部门", "处理部门", "部门"];

pub(super) const TICKET_FIELDS: &[Field] = &[
    f("id", Ty::Key, true, &["报事编号", "报事单号", "工单编号", "工单号", "编号", "单号"]),
    f("reported_at", Ty::DateTime, true, &["报事时间", "报修时间", "报事日期"]),
    f("entered_at", Ty::DateTime, false, &["录入时间", "登记时间"]),
    f("channel", Ty::Text, true, &["报事渠道", "渠道", "报事来源", "来源"]),
    f("area", Ty::Text, true, &["区域", "报事区域", "户内/公区"]),
    f("category", Ty::Text, true, &["类别", "报事类别", "报事类型", "类型"]),
    f("unit", Ty::Key, false, UNIT),
    f("reporter", Ty::Text, false, &["报事人", "报修人", "联系人", "业主"]),
    f("phone", Ty::Phone, false, PHONE),
    f("description", Ty::Text, true, &["报事内容", "描述", "内容", "报事描述", "问题描述"]),
    f("department", Ty::Text, true, DEPT),
    f("completed_at", Ty::DateTime, false, &["完成时间", "完工时间", "处理完成时间"]),
    f("cost", Ty::Money, false, &["费用", "维修费用", "维修费", "金额"]),
    f("approved_by", Ty::Text, false, &["审批人"]),
    f("followup.at", Ty::DateTime, false, &["回访时间"]),
    f("followup.by", Ty::Text, false, &["回访人"]),
    f("followup.result", Ty::Text, false, &["回访结果", "回访评价"]),
];

pub(super) const COMPLAINT_FIELDS: &[Field] = &[
    f("id", Ty::Key, true, &["投诉编号", "投诉单号", "编号", "单号"]),
    f("received_at", Ty::DateTime, true, &["投诉时间", "受理时间"]),
    f("channel", Ty::Text, true, &["渠道", "投诉渠道", "来源"]),
    f("category", Ty::Text, true, &["类别", "投诉类别", "投诉类型", "类型"]),
    f("unit", Ty::Key, false, UNIT),
    f("complainant", Ty::Text, false, &["投诉人", "联系人", "业主"]),
    f("phone", Ty::Phone, false, PHONE),
    f("description", Ty::Text, true, &["投诉内容", "内容", "描述"]),
    f("valid", Ty::Bool, false, &["是否有效", "有效投诉", "有效"]),
    f("department", Ty::Text, true, DEPT),
    f("resolved_at", Ty::DateTime, false, &["解决时间", "处理完成时间", "完成时间"]),
    f("followup.at", Ty::DateTime, false, &["回访时间"]),
    f("followup.by", Ty::Text, false, &["回访人"]),
    f("followup.result", Ty::Text, false, &["回访结果", "回访评价"]),
];

pub(super) const FEE_FIELDS: &[Field] = &[
    f("unit", Ty::Key, true, UNIT),
    f("item", Ty::Text, true, &["收费项目", "费用项目", "项目"]),
    f("period", Ty::Month, true, &["所属期间", "账期", "所属月份", "计费月份", "费用期间"]),
    f("amount", Ty::Money, false, &["应收金额", "应收", "应缴金额", "应收款", "应缴"]),
    f("waived", Ty::Money, false, &["减免金额", "减免", "优惠金额", "折扣金额", "优惠", "折扣", "减免额", "优惠减免"]),
    f(
        "paid",
        Ty::Money,
        false,
        &[
            "实收金额",
            "实收",
            "缴费金额",
            "已缴金额",
            "实缴金额",
            "收款金额",
            "已收金额",
            "实缴",
            "已缴",
            "已收",
            "实收款",
        ],
    ),
    f("date", Ty::Date, false, &["缴费日期", "收款日期", "缴费时间", "收款时间", "付款日期", "缴款日期", "收费日期"]),
    f("method", Ty::Text, false, &["缴费方式", "支付方式", "收款方式"]),
];

/// Headers ignored without a warning (row numbers).
pub(super) const QUIET: &[&str] = &["序号", "行号"];

/// The fields a kind's sheet can fill, with their default headers.
///
/// Fees use `amount` for 应收金额 (the bill), `paid` for 实收金额 and `date`
/// for 缴费日期 (the payment).
pub fn fields(kind: ImportKind) -> &'static [Field] {
    match kind {
        ImportKind::Tickets => TICKET_FIELDS,
        ImportKind::Complaints => COMPLAINT_FIELDS,
        ImportKind::Fees => FEE_FIELDS,
    }
}

/// A field's key in a record snippet (`paid` and `date` are a payment's `amount` and `date`).
pub(super) fn yaml_key(name: &'static str) -> &'static str {
    match name {
        "paid" => "amount",
        n => n,
    }
}

/// Built-in spellings of fixed values.
pub(super) fn synonym(field: &str, text: &str) -> Option<&'static str> {
    match (field, text.trim()) {
        ("area", "室内" | "户内报事" | "业主户内" | "家庭") => Some("户内"),
        ("area", "公共区域" | "公共部位" | "公共" | "公区报事") => Some("公区"),
        _ => None,
    }
}
