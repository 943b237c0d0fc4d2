//! The YAML text of every demo file. Free text goes through the crate's one
//! quoter ([`crate::yaml::emit`]), and so do phone numbers; the rest is
//! fixed vocabulary, plain by construction.

use std::fmt::Write as _;

use crate::yaml::emit::{Scalar, Style};

use super::estate::Estate;
use super::fees::{Bill, ITEMS, Payment, Yuan};
use super::records::{CS_STAFF, Complaint, Inspection, Lost, Meeting, RESULTS, Survey, Ticket, Visit, department};
use super::routines::Worklog;
use super::time::{Hm, Ymd};
use super::words::{Name, Phone, Polite};

impl Estate {
    pub(super) fn households_yaml(&self) -> String {
        let mut s = String::with_capacity(self.units.len() * 80);
        out!(s, "# 翠湖花园 房屋登记表（演示数据，由 wuye demo 生成；不含业主姓名和电话）");
        for u in &self.units {
            out!(s, "- unit: {}", u.key);
            out!(s, "  building: {}栋", u.building);
            out!(s, "  area_m2: {}.{}", u.area / 10, u.area % 10);
            out!(s, "  status: {}", u.status.zh());
        }
        s
    }

    pub(super) fn fees_yaml(&self, bills: &[Bill], payments: &[Payment]) -> String {
        let mut s = String::with_capacity(bills.len() * 80 + payments.len() * 110);
        if bills.is_empty() {
            out!(s, "bills: []");
        } else {
            out!(s, "bills:");
        }
        for b in bills {
            out!(s, "  - unit: {}", self.units[b.unit as usize].key);
            out!(s, "    item: {}", ITEMS[b.item as usize]);
            out!(s, "    period: {}", self.period_label(b.period));
            out!(s, "    amount: {}", Yuan(b.amount));
            if b.waived > 0 {
                out!(s, "    waived: {}", Yuan(b.waived));
            }
        }
        if payments.is_empty() {
            out!(s, "payments: []");
        } else {
            out!(s, "payments:");
        }
        for p in payments {
            let unit = &self.units[p.unit as usize];
            out!(s, "  - unit: {}", unit.key);
            out!(s, "    item: {}", ITEMS[p.item as usize]);
            out!(s, "    period: {}", self.period_label(p.period));
            out!(s, "    amount: {}", Yuan(p.amount));
            out!(s, "    date: {}", Ymd(p.day));
            out!(s, "    method: {}", unit.method);
        }
        s
    }

    pub(super) fn tickets_yaml(&self, tickets: &[Ticket]) -> String {
        let mut s = String::with_capacity(tickets.len() * 420);
        if tickets.is_empty() {
            out!(s, "[]");
        }
        for t in tickets {
            out!(s, "- id: {}", t.id);
            out!(s, "  reported_at: {}", Hm(t.at));
            if let Some(e) = t.entered {
                out!(s, "  entered_at: {}", Hm(e));
            }
            out!(s, "  channel: {}", t.channel);
            out!(s, "  area: {}", if t.tpl.indoor { "户内" } else { "公区" });
            out!(s, "  category: {}", t.tpl.cat);
            if let Some(u) = t.unit {
                out!(s, "  unit: {}", self.units[u as usize].key);
            }
            if let Some(p) = t.reporter {
                out!(s, "  reporter: {}", Name(p));
                if t.phone {
                    out!(s, "  phone: {}", Phone(p));
                }
            }
            out!(s, "  description: {}", text(&t.desc));
            out!(s, "  department: {}", department(t.tpl.cat));
            if let Some(d) = t.done {
                out!(s, "  completed_at: {}", Hm(d));
            }
            if let Some(c) = t.cost {
                out!(s, "  cost: {}", Yuan(c));
                if t.approved {
                    out!(s, "  approved_by: 工程部经理");
                }
            }
            if let Some(f) = t.followup {
                out!(s, "  followup:");
                out!(s, "    at: {}", Hm(f.at));
                out!(s, "    by: {}", CS_STAFF[f.by]);
                out!(s, "    result: {}", RESULTS[f.result]);
            }
        }
        s
    }

    pub(super) fn complaints_yaml(&self, complaints: &[Complaint]) -> String {
        let mut s = String::with_capacity(complaints.len() * 400);
        if complaints.is_empty() {
            out!(s, "[]");
        }
        for c in complaints {
            out!(s, "- id: {}", c.id);
            out!(s, "  received_at: {}", Hm(c.at));
            out!(s, "  channel: {}", c.channel);
            out!(s, "  category: {}", c.cat);
            if let Some(u) = c.unit {
                out!(s, "  unit: {}", self.units[u as usize].key);
            }
            if let Some(p) = c.complainant {
                out!(s, "  complainant: {}", Name(p));
                if c.phone {
                    out!(s, "  phone: {}", Phone(p));
                }
            }
            out!(s, "  description: {}", text(c.text));
            out!(s, "  valid: {}", c.valid);
            out!(s, "  department: {}", c.dept);
            if let Some(d) = c.done {
                out!(s, "  resolved_at: {}", Hm(d));
            }
            if let Some(f) = c.followup {
                out!(s, "  followup:");
                out!(s, "    at: {}", Hm(f.at));
                out!(s, "    by: {}", CS_STAFF[f.by]);
                out!(s, "    result: {}", RESULTS[f.result]);
            }
        }
        s
    }

    pub(super) fn visits_yaml(&self, visits: &[Visit]) -> String {
        let mut s = String::with_capacity(visits.len() * 110);
        if visits.is_empty() {
            out!(s, "[]");
        }
        for v in visits {
            out!(s, "- unit: {}", self.units[v.unit as usize].key);
            out!(s, "  date: {}", Ymd(v.day));
            out!(s, "  mode: {}", if v.face { "面访" } else { "电访" });
            out!(s, "  by: {}", CS_STAFF[v.by]);
            if let Some(n) = v.notes {
                out!(s, "  notes: {}", text(n));
            }
        }
        s
    }

    pub(super) fn surveys_yaml(&self, surveys: &[Survey]) -> String {
        let mut s = String::with_capacity(surveys.len() * 120);
        if surveys.is_empty() {
            out!(s, "[]");
        }
        for v in surveys {
            match v.unit {
                Some(u) => {
                    out!(s, "- unit: {}", self.units[u as usize].key);
                    out!(s, "  date: {}", Ymd(v.day));
                }
                None => out!(s, "- date: {}", Ymd(v.day)),
            }
            out!(s, "  overall: {}", v.overall);
            if let Some(sc) = v.scores {
                out!(s, "  scores:");
                for (line_name, score) in ["客服", "工程", "秩序", "环境"].iter().zip(sc) {
                    out!(s, "    {line_name}: {score}");
                }
            }
            if let Some(c) = v.comment {
                out!(s, "  comment: {}", text(c));
            }
        }
        s
    }
}

/// The demo pins `as_of` to its last day with records, so it shows the same
/// lively estate (a running month and quarter) whatever day it is built.
pub(super) fn site_yaml(as_of: &str) -> String {
    "# 站点设置（演示数据，由 wuye demo 生成）
name: 翠湖花园物业服务中心
estate: 翠湖花园
base_url: https://example.org/cuihu/
language: zh-CN
service_phone: 0571-8888 0000
# 数据截至日：演示数据固定为最后一天有记录的日子；wuye build --date 可另选日期
as_of: AS_OF
targets:
  fee_collection_rate: 0.95
  arrears_recovery_rate: 0.30
  satisfaction_rate: 0.90
  ticket_completion_rate: 0.98
  ticket_followup_24h_rate: 1.0
  complaint_followup_3wd_rate: 1.0
  visit_coverage: 1.0
  visit_face_to_face_share: 0.20
  inspection_compliance: 1.0
satisfied_min_score: 4
approval_threshold: 200
"
    .replace("AS_OF", as_of)
}

pub(super) fn inspections_yaml(inspections: &[Inspection]) -> String {
    let mut s = String::with_capacity(inspections.len() * 160);
    if inspections.is_empty() {
        out!(s, "[]");
    }
    for i in inspections {
        out!(s, "- date: {}", Ymd(i.day));
        out!(s, "  by: {}", i.by);
        out!(s, "  areas: [{}]", i.areas.join(", "));
        out!(s, "  findings: {}", i.findings);
        if !i.tickets.is_empty() {
            out!(s, "  tickets: [{}]", i.tickets.join(", "));
        }
    }
    s
}

pub(super) fn lost_found_yaml(lost: &[Lost]) -> String {
    let mut s = String::with_capacity(lost.len() * 160);
    if lost.is_empty() {
        out!(s, "[]");
    }
    for l in lost {
        out!(s, "- id: {}", l.id);
        out!(s, "  found_on: {}", Ymd(l.day));
        out!(s, "  place: {}", text(&l.place));
        out!(s, "  item: {}", text(l.item));
        out!(s, "  valuable: {}", l.valuable);
        if let Some((on, who, polite)) = l.claimed {
            out!(s, "  claimed_on: {}", Ymd(on));
            if polite {
                out!(s, "  claimed_by: {}", Polite(who));
            } else {
                out!(s, "  claimed_by: {}", Name(who));
            }
        }
    }
    s
}

pub(super) fn meetings_yaml(meetings: &[Meeting]) -> String {
    let mut s = String::with_capacity(meetings.len() * 200);
    if meetings.is_empty() {
        out!(s, "[]");
    }
    for m in meetings {
        out!(s, "- date: {}", Ymd(m.day));
        out!(s, "  kind: {}", m.kind);
        if let Some((y, mo)) = m.about {
            out!(s, "  about: {y:04}-{mo:02}");
        }
        out!(s, "  chair: {}", m.chair);
        out!(s, "  notes: {}", text(&m.notes));
    }
    s
}

pub(super) fn worklog_yaml(logs: &[Worklog]) -> String {
    let mut s = String::with_capacity(logs.len() * 120);
    if logs.is_empty() {
        out!(s, "[]");
    }
    for w in logs {
        out!(s, "- date: {}", Ymd(w.day));
        out!(s, "  kind: {}", w.kind);
        out!(s, "  by: {}", w.by);
        if !w.tickets.is_empty() {
            out!(s, "  tickets: [{}]", w.tickets.join(", "));
        }
        out!(s, "  notes: {}", text(&w.notes));
    }
    s
}

/// Free text as YAML, in the demo's quoting style (see [`Style::Words`]).
pub(super) fn text(s: &str) -> Scalar<'_> {
    Scalar(s, Style::Words)
}
