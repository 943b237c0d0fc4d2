//! Fee sheets: a row is a bill, a payment of a bill, or both.

use super::*;

/// What a fee sheet has gathered so far: bills and payments by key (with
/// their rows), payments waiting for every bill, and the result.
#[derive(Default)]
struct FeeState {
    m: Merged,
    bill_cmp: Vec<(&'static str, &'static str)>,
    pay_cmp: Vec<(&'static str, &'static str)>,
    new_bills: HashMap<Key, (u32, Fields)>,
    new_pays: HashMap<Key, u32>,
    pending_pays: Vec<(u32, Key, Fields, usize)>,
}

impl Job<'_> {
    /// Fees: a bill and/or a payment per row.
    pub(super) fn import_fees(&mut self, rows: &[&Row], ex: &Existing, units: &HashSet<&str>) -> Merged {
        let mut st = FeeState {
            bill_cmp: self.compared(&["unit", "item", "period", "amount", "waived"]),
            pay_cmp: self.compared(&["unit", "item", "period", "paid", "date", "method"]),
            ..FeeState::default()
        };
        for (row, cells) in rows.iter().map(|r| (&r.0, &r.1)) {
            let mut rc = RowCx { row: *row, ..RowCx::default() };
            let mut got: BTreeMap<&'static str, Got> = BTreeMap::new();
            for f in self.fields {
                match self.get(cells, f.name, &mut rc) {
                    Ok(Some(g)) => {
                        got.insert(f.name, g);
                    }
                    Ok(None) if f.required => self.required(&mut rc, f.name),
                    _ => {}
                }
            }
            let is_zero = |g: Option<&Got>| g.is_none_or(|g| Money::parse(&g.val.text) == Some(Money::ZERO));
            let has_bill = got.contains_key("amount") || rc.bad.contains(&self.col("amount"));
            let has_pay = !is_zero(got.get("paid")) || rc.bad.contains(&self.col("paid"));
            if !has_bill && !has_pay && rc.errors == 0 {
                let col = self.cols.by_field.get("amount").or(self.cols.by_field.get("paid")).copied().unwrap_or(0);
                self.cell_err(
                    Code::ImportNoAmount,
                    &mut rc,
                    col,
                    msg!("这一行既没有应收金额，也没有实收金额", "this row has neither a billed nor a paid amount"),
                    None,
                );
                continue;
            }
            let base: Vec<Got> = ["unit", "item", "period"].iter().filter_map(|k| got.get(k).cloned()).collect();
            let period = got.get("period").and_then(|g| Month::parse(&g.val.text));
            // The bill.
            let mut bill: Option<Fields> = None;
            if has_bill {
                let mut vals = base.clone();
                vals.extend(["amount", "waived"].iter().filter_map(|k| got.get(k).cloned()));
                let folder = period.unwrap_or(self.month);
                bill = self.check(&mut rc, &vals, folder, parse::bill).map(|b| canon_bill(&b));
            }
            // The payment.
            let mut pay: Option<Fields> = None;
            if has_pay {
                let ok = match got.get("date").cloned() {
                    Some(g) => {
                        let d = parse_date(&g.val.text).expect("converted");
                        self.in_month(&mut rc, &g, Month::of(d))
                    }
                    None if rc.bad.contains(&self.col("date")) => false,
                    None => {
                        self.required(&mut rc, "date");
                        false
                    }
                };
                if ok {
                    let mut vals = base.clone();
                    vals.extend(["paid", "date", "method"].iter().filter_map(|k| got.get(k).cloned()));
                    pay = self.check(&mut rc, &vals, self.month, parse::payment).map(|p| canon_payment(&p));
                }
            }
            let unit_vals: Vec<Got> = got.get("unit").cloned().into_iter().collect();
            self.check_unit(&mut rc, &unit_vals, units);
            if rc.errors > 0 {
                continue;
            }
            if let Some(b) = bill {
                self.merge_bill(&mut st, &mut rc, *row, b, period, ex);
            }
            if let Some(p) = pay {
                self.gather_payment(&mut st, &mut rc, *row, p);
            }
        }
        self.settle_payments(&mut st, ex);
        st.m
    }

    /// A row's bill against the sheet's earlier rows and the existing file.
    fn merge_bill(
        &mut self,
        st: &mut FeeState,
        rc: &mut RowCx,
        row: u32,
        b: Fields,
        period: Option<Month>,
        ex: &Existing,
    ) {
        let (u, i, p) = (
            value_of(&b, "unit").unwrap_or(""),
            value_of(&b, "item").unwrap_or(""),
            value_of(&b, "period").unwrap_or(""),
        );
        let key = bill_key(u, i, p);
        let in_month = period == Some(self.month);
        let amount_col = self.col("amount");
        if let Some((r0, f0)) = st.new_bills.get(&key) {
            // A bill repeated on each of its payment rows is one bill.
            if *f0 != b {
                let r0 = *r0;
                let (f0, b) = (f0.clone(), b.clone());
                self.bill_differs(rc, (u, i, p), r0, &f0, &b);
            }
        } else if ex.broken.contains(&key) {
            self.cell_err(
                Code::ImportExistingBroken,
                rc,
                amount_col,
                msg!(
                    "现有文件中账单 {u} {i} {p} 有错误，无法比较",
                    "the existing bill {u} {i} {p} has errors and cannot be compared"
                ),
                Some(tr!(self.lang, "先运行 wuye check 修正它，再导入", "fix it first (wuye check), then import")),
            );
        } else if let Some((file, old, line)) = ex.bills.get(&key) {
            let path = self.files_path(*file);
            let desc = (format!("账单 {u} {i} {p}"), format!("bill {u} {i} {p}"));
            if !self.conflict(rc, (&desc.0, &desc.1), old, &b, &st.bill_cmp, &path, *line) && in_month {
                st.m.present += 1;
            }
            st.new_bills.insert(key, (row, b));
        } else if !in_month {
            let p = p.to_string();
            let col = self.col("period");
            let month = self.month;
            self.cell_err(Code::ImportMonth, rc, col, msg!("账单期间 {p} 不在 --month {month} 之内，且 records/{p}/fees.yaml 中没有这张账单", "bill period {p} is outside --month {month} and records/{p}/fees.yaml has no such bill"), Some(tr!(self.lang, "先用 --month {p} 导入这张账单；或清空这一行的应收金额，只导入缴费", "import the bill with --month {p} first, or clear this row's billed amount to import only the payment")));
        } else {
            st.new_bills.insert(key, (row, b.clone()));
            st.m.bills.push(b);
        }
    }

    /// A row's payment, kept until every bill of the sheet is known; the
    /// same payment twice in the sheet is an error.
    fn gather_payment(&mut self, st: &mut FeeState, rc: &mut RowCx, row: u32, p: Fields) {
        let g = |k| value_of(&p, k).unwrap_or("").to_string();
        let key = pay_key(&g("unit"), &g("item"), &g("period"), &g("date"), &g("amount"));
        let paid_col = self.col("paid");
        if let Some(r0) = st.new_pays.get(&key) {
            let r0 = *r0;
            self.cell_err(
                Code::ImportDuplicateRow,
                rc,
                paid_col,
                msg!(
                    "与第 {r0} 行是同一笔缴费（房号、项目、期间、日期、金额都相同）",
                    "the same payment as row {r0} (same unit, item, period, date and amount)"
                ),
                Some(tr!(
                    self.lang,
                    "同一天同额的两笔缴费请合并为一行",
                    "merge two equal payments on one day into one row"
                )),
            );
            return;
        }
        st.new_pays.insert(key.clone(), row);
        st.pending_pays.push((row, key, p, paid_col));
    }

    /// Payments, once every bill of the sheet is known: each must name a
    /// bill, and one already recorded must be identical.
    fn settle_payments(&mut self, st: &mut FeeState, ex: &Existing) {
        for (row, key, p, col) in std::mem::take(&mut st.pending_pays) {
            let mut rc = RowCx { row, ..RowCx::default() };
            let g = |k| value_of(&p, k).unwrap_or("").to_string();
            let bkey = bill_key(&g("unit"), &g("item"), &g("period"));
            if ex.broken.contains(&key) {
                self.cell_err(
                    Code::ImportExistingBroken,
                    &mut rc,
                    col,
                    msg!(
                        "现有文件中同一笔缴费的记录有错误，无法比较",
                        "the existing record of this payment has errors and cannot be compared"
                    ),
                    Some(tr!(self.lang, "先运行 wuye check 修正它，再导入", "fix it first (wuye check), then import")),
                );
                continue;
            }
            if !st.new_bills.contains_key(&bkey) && !ex.bills.contains_key(&bkey) && !ex.broken.contains(&bkey) {
                let pc = self.col("period");
                self.cell_err(
                    Code::PaymentNoBill,
                    &mut rc,
                    pc,
                    msg!(
                        ["缴费对应的账单不存在：{} {} {}", g("unit"), g("item"), g("period")],
                        ["the payment names no bill: {} {} {}", g("unit"), g("item"), g("period")]
                    ),
                    Some(tr!(
                        self.lang,
                        "在同一表格中填上应收金额，或先导入该期间的账单",
                        "give the billed amount in the same sheet, or import that period's bills first"
                    )),
                );
                continue;
            }
            match ex.payments.get(&key) {
                Some((old, line)) => {
                    let path = self.files_path(ex.target.unwrap_or(0));
                    let desc = format!("{} {} {} {} {}", g("unit"), g("item"), g("period"), g("date"), g("amount"));
                    if !self.conflict(
                        &mut rc,
                        (&format!("缴费 {desc}"), &format!("payment {desc}")),
                        old,
                        &p,
                        &st.pay_cmp,
                        &path,
                        *line,
                    ) {
                        st.m.present += 1;
                    }
                }
                None => st.m.payments.push(p),
            }
        }
    }

    /// Two rows give one bill with different amounts: names the column that differs.
    pub(super) fn bill_differs(
        &mut self,
        rc: &mut RowCx,
        (u, i, p): (&str, &str, &str),
        r0: u32,
        f0: &Fields,
        b: &Fields,
    ) {
        let zero = Money::ZERO.plain();
        let mut diffs = Vec::new();
        let mut first = None;
        for name in ["amount", "waived"] {
            let (x, y) = (value_of(f0, name).unwrap_or(&zero), value_of(b, name).unwrap_or(&zero));
            if x == y {
                continue;
            }
            let col = self.cols.by_field.get(name).copied();
            first = first.or(col);
            let label = col.map(|c| self.cols.headers[c].clone()).unwrap_or_else(|| name.to_string());
            diffs.push((label, x.to_string(), y.to_string()));
        }
        let col = first.unwrap_or_else(|| self.col("amount"));
        let zh: Vec<String> = diffs.iter().map(|(l, x, y)| format!("{l}（第 {r0} 行 {x}，这一行 {y}）")).collect();
        let en: Vec<String> = diffs.iter().map(|(l, x, y)| format!("{l} (row {r0}: {x}, this row: {y})")).collect();
        self.cell_err(
            Code::ImportConflict,
            rc,
            col,
            msg!(
                ["账单 {u} {i} {p} 与第 {r0} 行不同：{}", zh.join("；")],
                ["bill {u} {i} {p} differs from row {r0}: {}", en.join("; ")]
            ),
            Some(tr!(
                self.lang,
                "同一账单的每一行应收金额和减免金额应相同",
                "each row of one bill must give the same billed and waived amounts"
            )),
        );
    }
}
