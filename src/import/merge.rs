//! What is already recorded: records keyed (id; bill: unit, item, period;
//! payment: also date and amount) in their canonical field form, so a row
//! is skipped when identical and a conflict when it differs.

use super::*;

/// New records to write.
#[derive(Default)]
pub(super) struct Merged {
    pub(super) items: Vec<Fields>,
    pub(super) bills: Vec<Fields>,
    pub(super) payments: Vec<Fields>,
    pub(super) present: usize,
    /// Records `--update` rewrites, and a line per record saying what changed.
    pub(super) updates: Vec<update::Change>,
    pub(super) changed: Vec<String>,
}

/// What the records already hold.
pub(super) struct Existing {
    /// id → (file index, canonical fields, line) for tickets or complaints.
    pub(super) ids: HashMap<String, (u32, Fields, u32)>,
    /// Bill key → (file index, canonical fields, line).
    pub(super) bills: HashMap<Key, (u32, Fields, u32)>,
    /// Payment key → (canonical fields, line), in the target file.
    pub(super) payments: HashMap<Key, (Fields, u32)>,
    /// Keys written in the target file by records that have errors.
    pub(super) broken: HashSet<Key>,
    pub(super) target: Option<u32>,
}

/// What identifies a record already in the file: its id (tickets,
/// complaints), a bill's unit, item and period, or a payment's unit, item,
/// period, date and amount. Typed, so two fields can never run together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Key {
    /// A ticket's or complaint's id.
    Id(String),
    /// A bill: unit, item, period.
    Bill(String, String, String),
    /// A payment: unit, item, period, date, amount.
    Payment(String, String, String, String, String),
}

pub(super) fn bill_key(unit: &str, item: &str, period: &str) -> Key {
    Key::Bill(unit.into(), item.into(), period.into())
}

pub(super) fn pay_key(unit: &str, item: &str, period: &str, date: &str, amount: &str) -> Key {
    Key::Payment(unit.into(), item.into(), period.into(), date.into(), amount.into())
}

impl Existing {
    pub(super) fn new(
        e: &crate::records::Estate,
        target: Option<u32>,
        text: Option<&str>,
        kind: ImportKind,
    ) -> Existing {
        let r = &e.records;
        let mut ids = HashMap::new();
        match kind {
            ImportKind::Tickets => {
                for t in &r.tickets {
                    ids.entry(t.id.value.clone()).or_insert((t.src.file, canon_ticket(t), t.src.pos.line));
                }
            }
            ImportKind::Complaints => {
                for c in &r.complaints {
                    ids.entry(c.id.value.clone()).or_insert((c.src.file, canon_complaint(c), c.src.pos.line));
                }
            }
            ImportKind::Fees => {}
        }
        let mut bills = HashMap::new();
        for b in &r.bills {
            let key = bill_key(&b.unit.value, &b.item, &b.period.to_string());
            bills.entry(key).or_insert((b.src.file, canon_bill(b), b.src.pos.line));
        }
        let mut payments = HashMap::new();
        for p in r.payments.iter().filter(|p| Some(p.src.file) == target) {
            let key = pay_key(&p.unit.value, &p.item, &p.period.to_string(), &p.date.to_string(), &p.amount.plain());
            payments.entry(key).or_insert((canon_payment(p), p.src.pos.line));
        }
        // Records of the target file that did not load still own their keys.
        let mut broken = HashSet::new();
        if let Some(text) = text {
            let peek = |n: &Node, k: &str| -> String {
                match &n.kind {
                    Kind::Map(e) => e
                        .iter()
                        .find(|(kk, _)| kk.scalar() == Some(k))
                        .and_then(|(_, v)| v.scalar())
                        .map(|s| s.trim().to_string())
                        .unwrap_or_default(),
                    _ => String::new(),
                }
            };
            let norm_money = |s: String| Money::parse(&s).map(Money::plain).unwrap_or(s);
            let mut section = String::new();
            let _ = yaml::stream(text, |it| match it {
                yaml::Item::SeqItem(_, n) => {
                    let id = peek(&n, "id");
                    if !id.is_empty() && !ids.contains_key(&id) {
                        broken.insert(Key::Id(id));
                    }
                }
                yaml::Item::SeqEntry(k, _) => section = k.scalar().unwrap_or("").to_string(),
                yaml::Item::SeqEntryItem(_, n) => {
                    let (u, i, p) = (peek(&n, "unit"), peek(&n, "item"), peek(&n, "period"));
                    if section == "bills" {
                        let key = bill_key(&u, &i, &p);
                        if !bills.contains_key(&key) {
                            broken.insert(key);
                        }
                    } else if section == "payments" {
                        let key = pay_key(&u, &i, &p, &peek(&n, "date"), &norm_money(peek(&n, "amount")));
                        if !payments.contains_key(&key) {
                            broken.insert(key);
                        }
                    }
                }
                _ => {}
            });
        }
        Existing { ids, bills, payments, broken, target }
    }
}

pub(super) fn dt(t: chrono::NaiveDateTime) -> Val {
    Val::plain(datetime_text(t))
}

pub(super) fn push_followup(v: &mut Fields, f: &Option<Followup>) {
    if let Some(f) = f {
        v.push(("followup.at", dt(f.at)));
        if let Some(by) = &f.by {
            v.push(("followup.by", Val::string(by.clone())));
        }
        v.push(("followup.result", Val::string(f.result.label())));
    }
}

/// A ticket as the fields import writes, in the contract's order.
pub(super) fn canon_ticket(t: &Ticket) -> Fields {
    let mut v: Fields = vec![("id", Val::string(t.id.value.clone())), ("reported_at", dt(t.reported_at))];
    if let Some(e) = t.entered_at {
        v.push(("entered_at", dt(e)));
    }
    v.push(("channel", Val::string(t.channel.clone())));
    v.push(("area", Val::string(t.area.label())));
    v.push(("category", Val::string(t.category.clone())));
    if let Some(u) = &t.unit {
        v.push(("unit", Val::string(u.value.clone())));
    }
    if let Some(r) = &t.reporter {
        v.push(("reporter", Val::string(r.clone())));
    }
    if let Some(p) = &t.phone {
        v.push(("phone", Val::quoted(p.clone())));
    }
    v.push(("description", Val::string(t.description.clone())));
    v.push(("department", Val::string(t.department.clone())));
    if let Some(c) = t.completed_at {
        v.push(("completed_at", dt(c)));
    }
    if let Some(c) = t.cost {
        v.push(("cost", Val::plain(c.plain())));
    }
    if let Some(a) = &t.approved_by {
        v.push(("approved_by", Val::string(a.clone())));
    }
    push_followup(&mut v, &t.followup);
    v
}

/// A complaint as the fields import writes (`valid` only when false).
pub(super) fn canon_complaint(c: &Complaint) -> Fields {
    let mut v: Fields = vec![
        ("id", Val::string(c.id.value.clone())),
        ("received_at", dt(c.received_at)),
        ("channel", Val::string(c.channel.clone())),
        ("category", Val::string(c.category.clone())),
    ];
    if let Some(u) = &c.unit {
        v.push(("unit", Val::string(u.value.clone())));
    }
    if let Some(r) = &c.complainant {
        v.push(("complainant", Val::string(r.clone())));
    }
    if let Some(p) = &c.phone {
        v.push(("phone", Val::quoted(p.clone())));
    }
    v.push(("description", Val::string(c.description.clone())));
    if !c.valid {
        v.push(("valid", Val::plain("false")));
    }
    v.push(("department", Val::string(c.department.clone())));
    if let Some(r) = c.resolved_at {
        v.push(("resolved_at", dt(r)));
    }
    push_followup(&mut v, &c.followup);
    v
}

pub(super) fn canon_bill(b: &Bill) -> Fields {
    let mut v: Fields = vec![
        ("unit", Val::string(b.unit.value.to_string())),
        ("item", Val::string(b.item.to_string())),
        ("period", Val::plain(b.period.to_string())),
        ("amount", Val::plain(b.amount.plain())),
    ];
    if b.waived != crate::scalars::Amount::default() {
        v.push(("waived", Val::plain(b.waived.plain())));
    }
    v
}

pub(super) fn canon_payment(p: &Payment) -> Fields {
    let mut v: Fields = vec![
        ("unit", Val::string(p.unit.value.to_string())),
        ("item", Val::string(p.item.to_string())),
        ("period", Val::plain(p.period.to_string())),
        ("amount", Val::plain(p.amount.plain())),
        ("date", Val::plain(p.date.to_string())),
    ];
    if let Some(m) = &p.method {
        v.push(("method", Val::string(m.to_string())));
    }
    v
}

pub(super) fn value_of<'v>(f: &'v Fields, k: &str) -> Option<&'v str> {
    f.iter().find(|(n, _)| *n == k).map(|(_, v)| v.text.as_str())
}

impl Job<'_> {
    /// Tickets or complaints: one record per row, keyed by id.
    pub(super) fn import_keyed(&mut self, rows: &[&Row], ex: &Existing, units: &HashSet<&str>) -> Merged {
        let mut m = Merged::default();
        let mut seen: HashMap<String, (u32, Fields)> = HashMap::new();
        let names: Vec<&'static str> = self.fields.iter().map(|f| f.name).collect();
        let cmp = self.compared(&names);
        let when = if self.kind == ImportKind::Tickets { "reported_at" } else { "received_at" };
        for (row, cells) in rows.iter().map(|r| (&r.0, &r.1)) {
            let mut rc = RowCx { row: *row, ..RowCx::default() };
            let mut vals: Vec<Got> = Vec::new();
            for f in self.fields {
                match self.get(cells, f.name, &mut rc) {
                    Ok(Some(g)) => {
                        if f.name == when {
                            let t = parse_datetime(&g.val.text).expect("converted");
                            if !self.in_month(&mut rc, &g, Month::of(t.date())) {
                                continue;
                            }
                        }
                        vals.push(g)
                    }
                    Ok(None) if f.required => self.required(&mut rc, f.name),
                    _ => {}
                }
            }
            let canon = match self.kind {
                ImportKind::Tickets => self.check(&mut rc, &vals, self.month, parse::ticket).map(|t| canon_ticket(&t)),
                _ => self.check(&mut rc, &vals, self.month, parse::complaint).map(|c| canon_complaint(&c)),
            };
            self.check_unit(&mut rc, &vals, units);
            let Some(canon) = canon.filter(|_| rc.errors == 0) else { continue };
            let id = value_of(&canon, "id").unwrap_or_default().to_string();
            let id_col = self.cols.by_field.get("id").copied().unwrap_or(0);
            if let Some((r0, f0)) = seen.get(&id) {
                if *f0 != canon {
                    let r0 = *r0;
                    self.cell_err(
                        Code::ImportDuplicateRow,
                        &mut rc,
                        id_col,
                        msg!(
                            "编号 {id} 与第 {r0} 行重复，但内容不同",
                            "id {id} repeats row {r0} with different content"
                        ),
                        None,
                    );
                }
                continue;
            }
            seen.insert(id.clone(), (*row, canon.clone()));
            if ex.broken.contains(&Key::Id(id.clone())) {
                self.cell_err(
                    Code::ImportExistingBroken,
                    &mut rc,
                    id_col,
                    msg!(
                        "现有文件中编号 {id} 的记录有错误，无法比较",
                        "the existing record with id {id} has errors and cannot be compared"
                    ),
                    Some(tr!(self.lang, "先运行 wuye check 修正它，再导入", "fix it first (wuye check), then import")),
                );
                continue;
            }
            match ex.ids.get(&id) {
                Some((file, old, line)) if Some(*file) == ex.target => {
                    let path = self.files_path(*file);
                    if self.update {
                        self.update_record(&mut rc, &mut m, (&id, *line), old, &canon, &cmp);
                        continue;
                    }
                    if self.conflict(
                        &mut rc,
                        (&format!("编号 {id}"), &format!("id {id}")),
                        old,
                        &canon,
                        &cmp,
                        &path,
                        *line,
                    ) {
                        continue;
                    }
                    m.present += 1;
                }
                Some((file, _, line)) => {
                    let path = self.files_path(*file);
                    self.cell_err(
                        Code::IdDuplicate,
                        &mut rc,
                        id_col,
                        msg!(
                            "编号 {id} 已在 {path} 第 {line} 行使用（编号在所有月份中必须唯一）",
                            "id {id} is already used in {path} line {line} (ids are unique across all months)"
                        ),
                        None,
                    );
                }
                None => m.items.push(canon),
            }
        }
        m
    }

    /// `--update`: merges a changed row into the record already in the file,
    /// checks the result and queues the in-place rewrite (see [`update`]).
    pub(super) fn update_record(
        &mut self,
        rc: &mut RowCx,
        m: &mut Merged,
        (id, line): (&str, u32),
        old: &Fields,
        sheet: &Fields,
        cmp: &[(&'static str, &'static str)],
    ) {
        let (new, diffs) = update::merge(old, sheet, cmp);
        if diffs.is_empty() {
            m.present += 1;
            return;
        }
        let id_col = self.cols.by_field.get("id").copied().unwrap_or(0);
        let problems = update::problems(&new, self.kind == ImportKind::Complaints, self.site, self.month, self.lang);
        if !problems.is_empty() {
            let p = problems.join(&tr!(self.lang, "；", "; "));
            self.cell_err(
                Code::ImportUpdateInvalid,
                rc,
                id_col,
                msg!("用这一行更新编号 {id} 后记录无效：{p}", "updating {id} from this row would make it invalid: {p}"),
                None,
            );
            return;
        }
        let none = tr!(self.lang, "空", "empty");
        let parts: Vec<String> = diffs
            .iter()
            .map(|(name, _, a, b)| {
                let label =
                    self.cols.by_field.get(name).map(|c| self.cols.headers[*c].clone()).unwrap_or(name.to_string());
                format!("{label} {} → {}", a.as_deref().unwrap_or(&none), b.as_deref().unwrap_or(&none))
            })
            .collect();
        m.changed.push(format!("{id}: {}", parts.join(&tr!(self.lang, "；", "; "))));
        m.updates.push(update::Change { id: id.to_string(), line, old: old.clone(), new });
    }
}
