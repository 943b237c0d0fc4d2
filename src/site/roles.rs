//! Job descriptions (岗位职责): an index grouped by department with the
//! organisation chart drawn from `reports_to`, and one page per role.
//!
//! The chart is a nested list (not a picture): it reads on a 375 px phone,
//! prints, and works with a screen reader. The loader refuses cycles, but
//! the walk here still visits each role once, so bad data cannot loop.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::strings::tr;
use super::{Ctx, Job, Which, format, markdown};
use crate::records::Role;

/// A role in a list.
#[derive(Clone, Debug, Serialize)]
pub struct RoleLink {
    /// Title.
    pub title: String,
    /// Site path of its page.
    pub path: String,
    /// Number of posts, when given.
    pub headcount: Option<u32>,
}

/// One department and its roles, in `order`.
#[derive(Clone, Debug, Serialize)]
pub struct Department {
    /// Name.
    pub name: String,
    /// Roles.
    pub roles: Vec<RoleLink>,
}

/// One node of the flattened organisation chart. The template opens a
/// nested list after a node with children and closes `close` lists after it.
#[derive(Clone, Debug, Serialize)]
pub struct OrgNode {
    /// The role.
    pub role: RoleLink,
    /// Department (shown small).
    pub department: String,
    /// Whether a nested list of reports follows.
    pub has_children: bool,
    /// How many nested lists end after this node.
    pub close: usize,
}

/// The roles index.
#[derive(Clone, Debug, Serialize)]
pub struct IndexView {
    /// Departments in chart order.
    pub departments: Vec<Department>,
    /// The chart, depth-first.
    pub org: Vec<OrgNode>,
    /// Total posts (sum of headcounts, roles without one count once).
    pub total_posts: u32,
}

/// One role's page.
#[derive(Clone, Debug, Serialize)]
pub struct RoleView {
    /// Title.
    pub title: String,
    /// Department.
    pub department: String,
    /// The role above.
    pub reports_to: Option<RoleLink>,
    /// Roles reporting to this one.
    pub reports: Vec<RoleLink>,
    /// Posts.
    pub headcount: Option<u32>,
    /// Duties as safe HTML.
    pub body_html: String,
}

fn link(r: &Role) -> RoleLink {
    RoleLink {
        title: r.title.clone(),
        path: format::encode_path(&format!("roles/{}.html", r.stem)),
        headcount: r.headcount,
    }
}

fn sort_key(r: &Role) -> (i64, &str) {
    (r.order, r.stem.as_str())
}

/// The index and one page per role.
pub fn jobs(cx: &Ctx) -> Vec<Job> {
    let roles = &cx.estate.roles;
    let by_stem: BTreeMap<&str, &Role> = roles.iter().map(|r| (r.stem.as_str(), r)).collect();
    let mut children: BTreeMap<&str, Vec<&Role>> = BTreeMap::new();
    let mut tops: Vec<&Role> = Vec::new();
    for r in roles {
        match r.reports_to.as_ref().map(|s| s.value.as_str()).filter(|s| by_stem.contains_key(s)) {
            Some(p) => children.entry(p).or_default().push(r),
            None => tops.push(r),
        }
    }
    for v in children.values_mut() {
        v.sort_by(|a, b| (a.department.as_str(), sort_key(a)).cmp(&(b.department.as_str(), sort_key(b))));
    }
    tops.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));

    // Depth-first walk; the depth of a department is that of its shallowest role.
    let mut org = Vec::new();
    let mut seen = HashSet::new();
    let mut dept_rank: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    fn walk<'a>(
        r: &'a Role,
        depth: usize,
        children: &BTreeMap<&str, Vec<&'a Role>>,
        seen: &mut HashSet<&'a str>,
        org: &mut Vec<OrgNode>,
        rank: &mut BTreeMap<&'a str, (usize, usize)>,
    ) {
        if !seen.insert(r.stem.as_str()) {
            return;
        }
        let n = org.len();
        rank.entry(r.department.as_str()).or_insert((depth, n));
        let kids: Vec<&Role> = children
            .get(r.stem.as_str())
            .map(|v| v.iter().copied().filter(|k| !seen.contains(k.stem.as_str())).collect())
            .unwrap_or_default();
        org.push(OrgNode { role: link(r), department: r.department.clone(), has_children: !kids.is_empty(), close: 0 });
        let before = org.len();
        for k in &kids {
            walk(k, depth + 1, children, seen, org, rank);
        }
        if org.len() > before {
            if let Some(last) = org.last_mut() {
                last.close += 1;
            }
        } else if let Some(me) = org.get_mut(n) {
            me.has_children = false;
        }
    }
    for t in &tops {
        walk(t, 0, &children, &mut seen, &mut org, &mut dept_rank);
    }
    // Anything unreachable (only with invalid data) still gets listed.
    let mut rest: Vec<&Role> = roles.iter().filter(|r| !seen.contains(r.stem.as_str())).collect();
    rest.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    for r in rest {
        walk(r, 0, &children, &mut seen, &mut org, &mut dept_rank);
    }

    let mut depts: BTreeMap<&str, Vec<&Role>> = BTreeMap::new();
    for r in roles {
        depts.entry(r.department.as_str()).or_default().push(r);
    }
    let mut departments: Vec<(&str, Vec<&Role>)> = depts.into_iter().collect();
    departments.sort_by_key(|(d, _)| (dept_rank.get(d).copied().unwrap_or((usize::MAX, usize::MAX)), d.to_string()));
    let departments: Vec<Department> = departments
        .into_iter()
        .map(|(name, mut rs)| {
            rs.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
            Department { name: name.to_string(), roles: rs.into_iter().map(link).collect() }
        })
        .collect();
    let total_posts = roles.iter().map(|r| r.headcount.unwrap_or(1)).sum();

    let mut jobs = Vec::new();
    let l = cx.lang();
    let mut meta = cx.meta(Which::Public, "roles/index.html", cx.s().roles, "roles");
    let name = &cx.estate.site.name;
    meta.description =
        tr!(l, "{name}各部门岗位设置与岗位职责。", "{name}: the roles of each department and their duties.");
    jobs.push(cx.job(Which::Public, meta, "roles/index.html", &IndexView { departments, org, total_posts }));
    for r in roles {
        let view = RoleView {
            title: r.title.clone(),
            department: r.department.clone(),
            reports_to: r.reports_to.as_ref().and_then(|s| by_stem.get(s.value.as_str())).map(|p| link(p)),
            reports: children.get(r.stem.as_str()).map(|v| v.iter().map(|c| link(c)).collect()).unwrap_or_default(),
            headcount: r.headcount,
            body_html: markdown::to_html(&r.body),
        };
        let mut meta = cx.meta(Which::Public, &format!("roles/{}.html", r.stem), r.title.clone(), "roles");
        meta.kind = cx.s().roles.to_string();
        let (department, title) = (&r.department, &r.title);
        meta.description = tr!(l, "{department}{title}岗位职责。", "{title} ({department}): duties.");
        jobs.push(cx.job(Which::Public, meta, "roles/page.html", &view));
    }
    jobs
}
