//! Checks that span files: unique ids, units, bills, ticket and role references.
//!
//! A reference into a file that did not parse, or to a record that had its own
//! error, is not reported as dangling: the first error already says what to fix.

use crate::i18n::tr;
use std::collections::BTreeSet;

// FxHash: these maps hold every bill and unit of a large estate; SipHash was the top cost.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::*;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::i18n::Lang;

/// What the parse phase tells validation about files that failed.
#[derive(Default)]
pub struct Parsed {
    /// Record kinds (file names) with at least one file that did not parse.
    pub unparsed: BTreeSet<RecordKind>,
    /// Whether households.yaml parsed.
    pub households: bool,
    /// Units of households.yaml records that had errors.
    pub broken_units: Vec<String>,
    /// Stems of every file in roles/, read or not: a role whose file had an
    /// error is not reported again as a dangling `reports_to`.
    pub role_files: BTreeSet<String>,
    /// Ids of tickets that had errors (file index, id).
    pub broken_tickets: Vec<(u32, crate::yaml::Spanned<String>)>,
    /// Ids of complaints that had errors (file index, id).
    pub broken_complaints: Vec<(u32, crate::yaml::Spanned<String>)>,
    /// Ids of lost items that had errors (file index, id).
    pub broken_lost: Vec<(u32, crate::yaml::Spanned<String>)>,
    /// Keys (unit, item, period) of bills that had errors.
    pub broken_bills: Vec<BillKey>,
    /// Units of tickets, complaints, visits, surveys, bills and payments that had errors
    /// (file index, unit): checked like the units of the others.
    pub broken_record_units: Vec<(u32, crate::yaml::Spanned<String>)>,
}

fn bill_key(unit: &str, item: &str, period: Month) -> BillKey {
    BillKey { unit: unit.to_string(), item: item.to_string(), period: period.to_string() }
}

/// The fee checks of the last load (units of bills and payments, then bills
/// and payments themselves): the biggest checks of a large estate, kept by
/// `serve` and reused while no fee file, the register, the record file list
/// or what failed to parse changed (a save of tickets keeps them).
#[derive(Clone, Default)]
pub struct FeeChecks {
    key: Option<crate::incremental::Fingerprint>,
    units: Vec<Diagnostic>,
    fees: Vec<Diagnostic>,
}

impl FeeChecks {
    /// What the fee checks read besides the records of `fee_files` (each fee
    /// file's path and content hash): the file list (diagnostics name files
    /// by index), the register and what failed to parse.
    fn key(e: &Estate, parsed: &Parsed, fee_files: crate::incremental::Fingerprint) -> crate::incremental::Fingerprint {
        use std::hash::Hash;
        let mut h = crate::incremental::FingerprintHasher::default();
        (fee_files, e.site.lang as u8, &e.records.files).hash(&mut h);
        e.households.iter().for_each(|u| u.unit.hash(&mut h));
        (parsed.households, &parsed.broken_units, parsed.unparsed.contains(&RecordKind::Fees)).hash(&mut h);
        for b in &parsed.broken_bills {
            (&b.unit, &b.item, &b.period).hash(&mut h);
        }
        h.finish128()
    }
}

/// Runs every cross-file check and returns the problems found. `fees` holds
/// the fee checks of the last load and `fee_files` identifies the fee files
/// read: when they are the same, the fee checks are not run again.
pub fn validate(
    e: &mut Estate,
    household_pos: &[Pos],
    parsed: &Parsed,
    hh_display: &str,
    fees: &mut FeeChecks,
    fee_files: crate::incremental::Fingerprint,
) -> Vec<Diagnostic> {
    let fee_key = FeeChecks::key(e, parsed, fee_files);
    let lang = e.site.lang;
    let mut out = Vec::new();
    let files = &e.records.files;
    let at = |src: Src| files.get(src.file as usize).cloned().unwrap_or_default();

    // Unique units in the register.
    let mut units: HashMap<&str, Pos> = HashMap::default();
    for (h, pos) in e.households.iter().zip(household_pos) {
        if let Some(first) = units.get(h.unit.as_str()) {
            out.push(Diagnostic::new(
                Code::UnitDuplicate,
                hh_display,
                *pos,
                tr!(
                    lang,
                    format!("房号 `{}` 重复（第一次出现在第 {} 行）", h.unit, first.line),
                    format!("unit `{}` is listed twice (first on line {})", h.unit, first.line)
                ),
            ));
        } else {
            units.insert(&h.unit, *pos);
        }
    }
    let check_units = parsed.households;
    let broken_units: HashSet<&str> = parsed.broken_units.iter().map(String::as_str).collect();
    // Sorted, so the "did you mean" is the same on every run.
    let unit_names: BTreeSet<&str> = units.keys().copied().collect();
    // (Units of bills and payments are shared text, of other records strings.)
    let unit_ref = |v: &str, pos: Pos, src: Src, out: &mut Vec<Diagnostic>| {
        if check_units && !units.contains_key(v) && !broken_units.contains(v) {
            let hint = crate::diag::did_you_mean(v, unit_names.iter().copied());
            let mut d = Diagnostic::new(
                Code::UnitUnknown,
                at(src),
                pos,
                tr!(
                    lang,
                    format!("房号 `{v}` 不在 households.yaml 中"),
                    format!("unit `{v}` is not in households.yaml")
                ),
            );
            d.help = Some(match hint {
                Some(h) => tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"),
                None => tr!(
                    lang,
                    "检查房号，或先在 households.yaml 中登记这户",
                    "check the unit, or add it to households.yaml"
                ),
            });
            out.push(d);
        }
    };
    let r = &e.records;
    let kept = (fees.key == Some(fee_key)).then(|| (fees.units.clone(), fees.fees.clone()));
    // Fees (the biggest check) beside everything else, unless kept.
    let ((mut out, rest), (fee_units, fee_checks)) = rayon::join(
        move || {
            for t in &r.tickets {
                if let Some(u) = &t.unit {
                    unit_ref(&u.value, u.pos, t.src, &mut out);
                }
            }
            for c in &r.complaints {
                if let Some(u) = &c.unit {
                    unit_ref(&u.value, u.pos, c.src, &mut out);
                }
            }
            for v in &r.visits {
                unit_ref(&v.unit.value, v.unit.pos, v.src, &mut out);
            }
            for s in &r.surveys {
                if let Some(u) = &s.unit {
                    unit_ref(&u.value, u.pos, s.src, &mut out);
                }
            }
            for (file, u) in &parsed.broken_record_units {
                unit_ref(&u.value, u.pos, Src { file: *file, pos: u.pos }, &mut out);
            }
            let mut rest = Vec::new();
            duplicate_ids(r, parsed, lang, &at, &mut rest);
            ticket_refs(r, parsed, lang, &at, &mut rest);
            (out, rest)
        },
        || {
            kept.unwrap_or_else(|| {
                let mut units = Vec::new();
                for b in &r.bills {
                    unit_ref(&b.unit.value, b.unit.pos, b.src, &mut units);
                }
                for p in &r.payments {
                    unit_ref(&p.unit.value, p.unit.pos, p.src, &mut units);
                }
                (units, check_fees(r, parsed, lang, &at))
            })
        },
    );
    // The same order as when every check ran in one list.
    out.extend(fee_units.iter().cloned());
    out.extend(rest);
    out.extend(fee_checks.iter().cloned());
    *fees = FeeChecks { key: Some(fee_key), units: fee_units, fees: fee_checks };
    out.extend(validate_roles(e, parsed));
    out
}

/// Ids are unique per kind (tickets, complaints, lost items), across months,
/// counting the ids of records that had other errors.
fn duplicate_ids(
    r: &Records,
    parsed: &Parsed,
    lang: Lang,
    at: &(dyn Fn(Src) -> String + Sync),
    out: &mut Vec<Diagnostic>,
) {
    let dup_ids = |items: &mut dyn Iterator<Item = (&Spanned<String>, Src)>, out: &mut Vec<Diagnostic>| {
        let mut seen: HashMap<&str, (Src, Pos)> = HashMap::default();
        for (id, src) in items {
            if let Some((fs, fp)) = seen.get(id.value.as_str()) {
                out.push(Diagnostic::new(
                    Code::IdDuplicate,
                    at(src),
                    id.pos,
                    tr!(
                        lang,
                        format!("编号 `{}` 重复（第一次出现在 {}:{}）", id.value, at(*fs), fp.line),
                        format!("duplicate id `{}` (first in {}:{})", id.value, at(*fs), fp.line)
                    ),
                ));
            } else {
                seen.insert(&id.value, (src, id.pos));
            }
        }
    };
    // Records come in file order; a broken record's id joins them in its
    // place (file, then line), so "first in" names the earlier one. Without
    // broken ids (the usual case) the records are checked as they come.
    type Ids<'a> = Box<dyn Iterator<Item = (&'a Spanned<String>, Src)> + 'a>;
    fn with_broken<'a>(kept: Ids<'a>, broken: &'a [(u32, Spanned<String>)]) -> Ids<'a> {
        if broken.is_empty() {
            return kept;
        }
        let mut all: Vec<_> =
            kept.chain(broken.iter().map(|(file, id)| (id, Src { file: *file, pos: id.pos }))).collect();
        all.sort_by_key(|(id, src)| (src.file, id.pos.line, id.pos.col));
        Box::new(all.into_iter())
    }
    dup_ids(&mut with_broken(Box::new(r.tickets.iter().map(|t| (&t.id, t.src))), &parsed.broken_tickets), out);
    dup_ids(&mut with_broken(Box::new(r.complaints.iter().map(|t| (&t.id, t.src))), &parsed.broken_complaints), out);
    dup_ids(&mut with_broken(Box::new(r.lost_found.iter().map(|t| (&t.id, t.src))), &parsed.broken_lost), out);
}

/// Inspections and worklog lines name tickets that exist (or that had their
/// own error); skipped when a tickets file did not parse.
fn ticket_refs(
    r: &Records,
    parsed: &Parsed,
    lang: Lang,
    at: &(dyn Fn(Src) -> String + Sync),
    out: &mut Vec<Diagnostic>,
) {
    // Inspection → tickets.
    if !parsed.unparsed.contains(&RecordKind::Tickets) {
        let ids: HashSet<&str> = r
            .tickets
            .iter()
            .map(|t| t.id.value.as_str())
            .chain(parsed.broken_tickets.iter().map(|(_, id)| id.value.as_str()))
            .collect();
        // The "did you mean" indexes are built only when an id is missing (a large estate has ~100k ids).
        let near_cell = std::cell::OnceCell::new();
        let near = || near_cell.get_or_init(|| crate::diag::IdIndex::new(ids.iter().copied()));
        for i in &r.inspections {
            for t in &i.tickets {
                if !ids.contains(t.value.as_str()) {
                    let mut d = Diagnostic::new(
                        Code::TicketUnknown,
                        at(i.src),
                        t.pos,
                        tr!(
                            lang,
                            format!("巡查引用的报事 `{}` 不存在", t.value),
                            format!("inspection names ticket `{}`, which does not exist", t.value)
                        ),
                    );
                    d.help = near().hint(&t.value, lang);
                    out.push(d);
                }
            }
        }
        // Worklog → tickets, with a "did you mean" (a mistyped id is the usual cause).
        let sorted_cell = std::cell::OnceCell::new();
        let sorted = || sorted_cell.get_or_init(|| ids.iter().copied().collect::<BTreeSet<&str>>());
        for w in &r.worklogs {
            for t in w.tickets.iter().filter(|t| !ids.contains(t.value.as_str())) {
                let mut d = Diagnostic::new(
                    Code::TicketUnknown,
                    at(w.src),
                    t.pos,
                    tr!(
                        lang,
                        format!("工作记录引用的报事 `{}` 不存在", t.value),
                        format!("worklog names ticket `{}`, which does not exist", t.value)
                    ),
                );
                // Typed differently (leading zeros, case, full width) first, then a near spelling.
                d.help = near().hint(&t.value, lang).or_else(|| {
                    crate::diag::did_you_mean(&t.value, sorted().iter().copied())
                        .map(|h| tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"))
                });
                out.push(d);
            }
        }
    }
}

/// Bills are unique; each payment names a bill; overpayment is a warning.
fn check_fees(r: &Records, parsed: &Parsed, lang: Lang, at: &(dyn Fn(Src) -> String + Sync)) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Units and items numbered first (small maps that stay in cache), then
    // bills keyed by plain integers: no string is built or hashed twice.
    let mut units: HashMap<&str, u32> = HashMap::default();
    let mut items: HashMap<&str, u32> = HashMap::default();
    let mut bills: HashMap<(u32, u32, i32), usize> =
        HashMap::with_capacity_and_hasher(r.bills.len(), Default::default());
    for (i, b) in r.bills.iter().enumerate() {
        let n = units.len() as u32;
        let u = *units.entry(b.unit.value.as_str()).or_insert(n);
        let n = items.len() as u32;
        let it = *items.entry(b.item.as_str()).or_insert(n);
        if let Some(&first) = bills.get(&(u, it, b.period.index())) {
            let fs = r.bills[first].src;
            out.push(Diagnostic::new(
                Code::BillDuplicate,
                at(b.src),
                b.src.pos,
                tr!(
                    lang,
                    format!("账单重复：{} {} {} 已在 {}:{} 出现", b.unit.value, b.item, b.period, at(fs), fs.pos.line),
                    format!(
                        "duplicate bill {} {} {} (first in {}:{})",
                        b.unit.value,
                        b.item,
                        b.period,
                        at(fs),
                        fs.pos.line
                    )
                ),
            ));
        } else {
            bills.insert((u, it, b.period.index()), i);
        }
    }
    let bill_of = |p: &Payment| -> Option<usize> {
        let u = *units.get(p.unit.value.as_str())?;
        let it = *items.get(p.item.as_str())?;
        bills.get(&(u, it, p.period.index())).copied()
    };
    let broken_bills: HashSet<&BillKey> = parsed.broken_bills.iter().collect();
    let fees_ok = !parsed.unparsed.contains(&RecordKind::Fees);
    let mut paid: Vec<Money> = vec![Money::default(); r.bills.len()];
    for p in &r.payments {
        match bill_of(p) {
            Some(bi) => {
                let sum = &mut paid[bi];
                *sum += p.amount.money();
                let owed = r.bills[bi].owed();
                if *sum > owed && *sum - p.amount.money() <= owed {
                    out.push(Diagnostic::new(
                        Code::Overpaid,
                        at(p.src),
                        p.src.pos,
                        tr!(
                            lang,
                            format!(
                                "{} {} {} 的缴费合计 {} 元超过应缴 {} 元（多出部分记为预存，不计入收缴）",
                                p.unit.value,
                                p.item,
                                p.period,
                                sum.plain(),
                                owed.plain()
                            ),
                            format!(
                                "payments to {} {} {} total {} but it owes {} (the excess is credit, not collection)",
                                p.unit.value,
                                p.item,
                                p.period,
                                sum.plain(),
                                owed.plain()
                            )
                        ),
                    ));
                }
            }
            None if fees_ok && !broken_bills.contains(&bill_key(&p.unit.value, &p.item, p.period)) => out.push(
                Diagnostic::new(
                    Code::PaymentNoBill,
                    at(p.src),
                    p.src.pos,
                    tr!(
                        lang,
                        format!("缴费对应的账单不存在：{} {} {}", p.unit.value, p.item, p.period),
                        format!("payment names no bill: {} {} {}", p.unit.value, p.item, p.period)
                    ),
                )
                .with_help(tr!(
                    lang,
                    format!("在 records/{}/fees.yaml 的 bills 中登记这笔账单，或更正 unit/item/period", p.period),
                    format!("add the bill to records/{}/fees.yaml, or correct unit/item/period", p.period)
                )),
            ),
            None => {}
        }
    }

    out
}

/// Role checks alone (reports_to exists, no cycles): `serve` runs them after
/// a Markdown-only change without re-checking the records.
pub fn validate_roles(e: &Estate, parsed: &Parsed) -> Vec<Diagnostic> {
    let lang = e.site.lang;
    let mut out = Vec::new();
    // Roles: reports_to exists; no cycles.
    let stems: HashMap<&str, usize> = e.roles.iter().enumerate().map(|(i, r)| (r.stem.as_str(), i)).collect();
    let stem_names: BTreeSet<&str> = stems.keys().copied().collect();
    for role in &e.roles {
        if let Some(up) = &role.reports_to
            && !stems.contains_key(up.value.as_str())
            && !parsed.role_files.contains(&up.value)
        {
            let hint = crate::diag::did_you_mean(&up.value, stem_names.iter().copied());
            let mut d = Diagnostic::new(
                Code::RoleUnknown,
                &role.path,
                up.pos,
                tr!(
                    lang,
                    format!("`reports_to` 指向的岗位 `{}` 不存在（应为 roles/ 下的文件名，不含 .md）", up.value),
                    format!(
                        "`reports_to` names role `{}`, which does not exist (use a file name in roles/ without .md)",
                        up.value
                    )
                ),
            );
            d.help = hint.map(|h| tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
            out.push(d);
        }
    }
    let mut reported: HashSet<usize> = HashSet::default();
    for start in 0..e.roles.len() {
        let mut path = vec![start];
        let mut cur = start;
        while let Some(up) = e.roles[cur].reports_to.as_ref().and_then(|u| stems.get(u.value.as_str())) {
            if let Some(k) = path.iter().position(|x| x == up) {
                let cycle: Vec<usize> = path[k..].to_vec();
                if cycle.iter().all(|c| !reported.contains(c)) {
                    reported.extend(cycle.iter().copied());
                    let first = *cycle.iter().min_by_key(|c| &e.roles[**c].path).expect("non-empty");
                    let i0 = cycle.iter().position(|c| *c == first).expect("present");
                    let mut names: Vec<&str> =
                        cycle[i0..].iter().chain(cycle[..i0].iter()).map(|c| e.roles[*c].stem.as_str()).collect();
                    names.push(e.roles[first].stem.as_str());
                    let chain = names.join(" → ");
                    let role = &e.roles[first];
                    let pos = role.reports_to.as_ref().map(|u| u.pos).unwrap_or(Pos::START);
                    out.push(Diagnostic::new(
                        Code::RoleCycle,
                        &role.path,
                        pos,
                        tr!(lang, "`reports_to` 形成循环：{chain}", "`reports_to` forms a cycle: {chain}"),
                    ));
                }
                break;
            }
            if path.len() > e.roles.len() {
                break;
            }
            path.push(*up);
            cur = *up;
        }
    }
    out
}
