//! The bulletin in brief: three to five plain sentences written from the
//! quarter's figures, for the owner who reads only the top of the page.
//!
//! Neutral words only: a figure "reaches" or "does not reach" its target;
//! nothing is praised or excused. The figures are the same ones the KPI
//! table shows (same engine, same rounding), and the last sentence counts
//! the table's own verdicts, so sentences and table cannot disagree.

use super::kpis::{KpiGroup, Status};
use super::strings::tr;
use crate::i18n::Lang;
use crate::kpi::{DASH, PeriodKpi, Ratio};

/// `95%`, `97.5%`: a target as owners write it.
fn target(t: f64) -> String {
    let s = format!("{:.1}", t * 100.0);
    format!("{}%", s.strip_suffix(".0").unwrap_or(&s))
}

/// The rate and, when it has a target, whether it reaches it:
/// `95.4%，达到 95% 的目标`.
fn judged(l: Lang, r: Ratio, t: Option<f64>) -> String {
    let v = r.percent().unwrap_or_else(|| DASH.to_string());
    match (t, t.and_then(|t| r.meets(t))) {
        (Some(t), Some(true)) => {
            let t = target(t);
            tr!(l, "{v}，达到 {t} 的目标", "{v}, reaching the {t} target")
        }
        (Some(t), Some(false)) => {
            let t = target(t);
            tr!(l, "{v}，未达到 {t} 的目标", "{v}, short of the {t} target")
        }
        _ => v,
    }
}

/// The sentences, in the site's language. `groups` are the bulletin's KPI
/// rows (their verdicts are counted in the last sentence).
pub fn sentences(l: Lang, k: &PeriodKpi, groups: &[KpiGroup], site: &crate::config::Site) -> Vec<String> {
    let tg = &site.targets;
    let mut out = Vec::new();
    let t = &k.tickets;
    let n = t.reported;
    if n == 0 {
        out.push(tr!(l, "本季度没有受理报事。", "No service requests were received this quarter."));
    } else {
        let (done, follow) = (
            judged(l, t.completion_ratio(), Some(tg.ticket_completion_rate)),
            judged(l, t.followup_24h_ratio(), Some(tg.ticket_followup_24h_rate)),
        );
        out.push(tr!(
            l,
            "本季度共受理报事 {n} 件，完成率 {done}；完成后24小时内回访率 {follow}。",
            "This quarter we received {n} service requests; completion rate {done}; follow-up within 24 hours {follow}."
        ));
    }
    let c = &k.complaints;
    let (r, v) = (c.received, c.valid);
    if r == 0 {
        out.push(tr!(l, "本季度没有收到投诉。", "No complaints were received this quarter."));
    } else {
        let follow = judged(l, c.followup_3wd_ratio(), Some(tg.complaint_followup_3wd_rate));
        out.push(tr!(
            l,
            "受理投诉 {r} 件，其中经核实属于物业服务责任的 {v} 件；办结后3个工作日内回访率 {follow}。",
            "We received {r} complaints, {v} of them found on checking to be our responsibility; follow-up within 3 working days {follow}."
        ));
    }
    let f = &k.fees;
    let (coll, rec) = (
        judged(l, f.collection_ratio(), Some(tg.fee_collection_rate)),
        judged(l, f.arrears_recovery_ratio(), Some(tg.arrears_recovery_rate)),
    );
    out.push(tr!(
        l,
        "物业费当期收缴率 {coll}；往期欠费清欠率 {rec}。",
        "Property fees: collection rate {coll}; arrears recovery {rec}."
    ));
    let s = &k.satisfaction;
    let answers = s.responses;
    if answers == 0 {
        out.push(tr!(
            l,
            "本季度没有收到满意度问卷答卷。",
            "No satisfaction survey responses were received this quarter."
        ));
    } else {
        let sat = judged(l, s.satisfied_ratio(), Some(tg.satisfaction_rate));
        out.push(tr!(
            l,
            "业主综合满意率 {sat}（共 {answers} 份答卷）。",
            "Overall owner satisfaction {sat} ({answers} responses)."
        ));
    }
    let rows = groups.iter().flat_map(|g| &g.rows);
    let judged_rows: Vec<_> = rows.filter(|r| r.status != Status::None).collect();
    let met = judged_rows.iter().filter(|r| r.status == Status::Met).count();
    let all = judged_rows.len();
    let missed: Vec<&str> =
        judged_rows.iter().filter(|r| r.status == Status::Missed).map(|r| r.name.as_str()).collect();
    if all > 0 {
        let list = missed.join(tr!(l, "、", ", ").as_str());
        out.push(if missed.is_empty() {
            tr!(l, "下表 {all} 项有目标的指标全部达到目标。", "All {all} indicators with a target below reach it.")
        } else {
            tr!(
                l,
                "下表 {all} 项有目标的指标中，{met} 项达到目标；未达到的是：{list}。",
                "Of the {all} indicators with a target below, {met} reach it; not reached: {list}."
            )
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_as_owners_write_them() {
        assert_eq!(target(0.95), "95%");
        assert_eq!(target(0.975), "97.5%");
        assert_eq!(judged(Lang::Zh, Ratio { num: 954, den: 1000 }, Some(0.95)), "95.4%，达到 95% 的目标");
        assert_eq!(judged(Lang::Zh, Ratio { num: 0, den: 0 }, Some(0.95)), "—");
    }
}
