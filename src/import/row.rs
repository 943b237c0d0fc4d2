//! One import job and its rows: reading each cell into a field value, with
//! `FILE:ROW:COL` diagnostics in the sheet's own coordinates.

use super::*;

/// Everything a run needs, once the inputs are read.
pub(super) struct Job<'a> {
    pub(super) kind: ImportKind,
    pub(super) fields: &'static [Field],
    pub(super) lang: Lang,
    pub(super) file: String,
    pub(super) month: Month,
    pub(super) site: &'a Site,
    pub(super) map: Mapping,
    pub(super) cols: Columns,
    pub(super) diags: Vec<Diagnostic>,
    /// Display paths of the record files, as in `Records::files`.
    pub(super) files: Vec<String>,
    /// `--update` was given.
    pub(super) update: bool,
    /// The units of households.yaml, by their formatting-free form.
    pub(super) units: Units,
}

/// Problems of one row.
#[derive(Default)]
pub(super) struct RowCx {
    pub(super) row: u32,
    pub(super) errors: usize,
    pub(super) bad: BTreeSet<usize>,
}

impl Job<'_> {
    pub(super) fn col_label(&self, col: usize) -> String {
        let h = self.cols.headers.get(col).map(String::as_str).unwrap_or("");
        tr!(
            self.lang,
            format!("列 {}「{h}」", column_letter(col + 1)),
            format!("column {} ({h})", column_letter(col + 1))
        )
    }

    pub(super) fn sheet_diag(&mut self, code: Code, row: u32, col: usize, msg: String, help: Option<String>) {
        let mut d = Diagnostic::new(code, &self.file, Pos { line: row, col: col as u32 + 1 }, msg);
        d.help = help;
        self.diags.push(d);
    }

    /// An error in one cell: `FILE:ROW:COL: error: 列 E「完成时间」：…`.
    pub(super) fn cell_err(&mut self, code: Code, rc: &mut RowCx, col: usize, text: Msg, help: Option<String>) {
        let label = self.col_label(col);
        let t = text.render(self.lang);
        let m = tr!(self.lang, "{label}：{t}", "{label}: {t}");
        self.sheet_diag(code, rc.row, col, m, help);
        rc.errors += 1;
        rc.bad.insert(col);
    }

    pub(super) fn msg_err(&mut self, rc: &mut RowCx, from: From, m: cell::Problem) {
        let help = m.help.map(|h| h.render(self.lang));
        match from {
            From::Col(c) => self.cell_err(Code::ImportCell, rc, c, m.text, help),
            From::Default(pos) => {
                let mut d = Diagnostic::new(Code::ImportCell, &self.map.display, pos, m.text.render(self.lang));
                d.help = help;
                self.diags.push(d);
                rc.errors += 1;
            }
        }
    }

    pub(super) fn field(&self, name: &str) -> &'static Field {
        self.fields.iter().find(|f| f.name == name).expect("known field")
    }

    /// Reads one field of a row: `Ok(None)` when empty, `Err(())` when reported.
    pub(super) fn get(&mut self, cells: &[Cell], name: &'static str, rc: &mut RowCx) -> Result<Option<Got>, ()> {
        let got = self.get_cell(cells, name, rc)?;
        match got {
            Some(mut g) if name == "unit" => {
                if let Some(u) = self.units.canonical(&g.val.text) {
                    g.val.text = u.to_string();
                }
                Ok(Some(g))
            }
            other => Ok(other),
        }
    }

    /// A date-and-time field given as a date column and a time column.
    pub(super) fn get_parts(&mut self, cells: &[Cell], name: &'static str, rc: &mut RowCx) -> Result<Option<Got>, ()> {
        let Some(&(dc, tc)) = self.cols.parts.get(name) else { return Ok(None) };
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).cloned().unwrap_or(Cell::Empty);
        let (d, t) = (cell(dc), cell(tc));
        match (dc, d.is_empty(), tc, t.is_empty()) {
            (_, true, _, true) => Ok(None),
            (Some(c), false, _, true) => {
                let m = cell::date_only(&d.display());
                self.msg_err(rc, From::Col(c), m);
                Err(())
            }
            (_, true, Some(c), false) | (None, _, Some(c), false) => {
                let m = cell::time_only(&t.display());
                self.msg_err(rc, From::Col(c), m);
                Err(())
            }
            (Some(c), false, Some(tcol), false) => {
                let date = match cell::date_part(&d) {
                    Ok(x) => x,
                    Err(m) => {
                        self.msg_err(rc, From::Col(c), m);
                        return Err(());
                    }
                };
                let Some(time) = cell::time_of_day(&t) else {
                    let m = cell::Problem {
                        text: Msg::owned(
                            format!("「{}」不是有效的时间", t.display()),
                            format!("`{}` is not a valid time of day", t.display()),
                        ),
                        help: Some(Msg::new("写作 21:14 或 21:14:05", "write 21:14 or 21:14:05")),
                    };
                    self.msg_err(rc, From::Col(tcol), m);
                    return Err(());
                };
                Ok(Some(Got { name, val: Val::plain(datetime_text(date.and_time(time))), from: From::Col(c) }))
            }
            _ => Ok(None),
        }
    }

    pub(super) fn get_cell(&mut self, cells: &[Cell], name: &'static str, rc: &mut RowCx) -> Result<Option<Got>, ()> {
        let f = self.field(name);
        if !self.cols.by_field.contains_key(name)
            && self.cols.parts.contains_key(name)
            && let Some(g) = self.get_parts(cells, name, rc)?
        {
            return Ok(Some(g));
        }
        if let Some(&col) = self.cols.by_field.get(name) {
            let mut c = cells.get(col).cloned().unwrap_or(Cell::Empty);
            if !c.is_empty() {
                let text = c.display();
                if let Some(to) = self.map.values.get(name).and_then(|m| m.get(&text)) {
                    c = Cell::Text(to.clone());
                } else if let Some(s) = synonym(name, &text) {
                    c = Cell::Text(s.to_string());
                }
            }
            match convert(&c, f.ty) {
                Ok(Some(val)) => return Ok(Some(Got { name, val, from: From::Col(col) })),
                Ok(None) => {}
                Err(m) => {
                    self.msg_err(rc, From::Col(col), m);
                    return Err(());
                }
            }
        }
        Ok(self.map.defaults.get(name).map(|(v, p)| Got { name, val: v.clone(), from: From::Default(*p) }))
    }

    /// Reports a required field left empty.
    pub(super) fn required(&mut self, rc: &mut RowCx, name: &str) {
        if let Some(&col) = self.cols.by_field.get(name) {
            self.cell_err(Code::ImportRequired, rc, col, msg!("必填，不能为空", "required: must not be empty"), None);
        } else {
            rc.errors += 1;
        }
    }

    /// Checks a value's month against `--month`.
    pub(super) fn in_month(&mut self, rc: &mut RowCx, g: &Got, m: Month) -> bool {
        if m == self.month {
            return true;
        }
        let help = Some(tr!(
            self.lang,
            "这一行属于 {m}：从表格中删去，或用 --month {m} 另行导入",
            "this row belongs to {m}: remove it, or import it with --month {m}"
        ));
        let (text, month) = (g.val.text.clone(), self.month);
        match g.from {
            From::Col(c) => self.cell_err(
                Code::ImportMonth,
                rc,
                c,
                msg!(
                    "{text} 不在 --month {month} 之内（属于 {m}）",
                    "{text} is outside --month {month} (it belongs to {m})"
                ),
                help,
            ),
            From::Default(p) => {
                let d = Diagnostic::new(
                    Code::ImportMonth,
                    &self.map.display,
                    p,
                    tr!(
                        self.lang,
                        "{text} 不在 --month {month} 之内（属于 {m}）",
                        "{text} is outside --month {month} (it belongs to {m})"
                    ),
                );
                self.diags.push(d);
                rc.errors += 1;
            }
        }
        false
    }

    /// Runs a record parser of `wuye check` on the row's values and maps its
    /// diagnostics back to the row's columns.
    pub(super) fn check<T>(
        &mut self,
        rc: &mut RowCx,
        vals: &[Got],
        folder: Month,
        parse_fn: impl Fn(&Node, &mut Ctx, &Rules) -> Option<T>,
    ) -> Option<T> {
        let pairs: Vec<(&str, Val)> = vals.iter().map(|g| (yaml_key(g.name), g.val.clone())).collect();
        let lines = out::map_lines(&pairs);
        let src: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
        let node = match yaml::parse_tree(&src) {
            Ok(Some(n)) => n,
            // Nothing to check: every field of the row was empty or already reported.
            Ok(None) if rc.errors > 0 => return None,
            _ => {
                // Not reachable with the quoting in `out`; reported rather than lost.
                let col = vals.iter().find_map(|g| if let From::Col(c) = g.from { Some(c) } else { None });
                self.cell_err(
                    Code::ImportInternal,
                    rc,
                    col.unwrap_or(0),
                    msg!("内部错误：无法生成记录 {src:?}", "internal error: cannot build the record {src:?}"),
                    None,
                );
                return None;
            }
        };
        let mut diags = Diags::default();
        let rules = Rules { site: self.site, folder, file: 0 };
        let had_errors = rc.errors > 0;
        let rec = {
            let mut cx = Ctx { path: "", lang: self.lang, diags: &mut diags };
            parse_fn(&node, &mut cx, &rules)
        };
        for d in diags.list {
            let i = lines.get((d.pos.line as usize).saturating_sub(1)).map(|(_, i)| *i).unwrap_or(0);
            // A record-level problem (a missing field) after our own report of that field.
            if d.pos == Pos::START && had_errors {
                continue;
            }
            match vals.get(i).map(|g| g.from) {
                Some(From::Col(c)) => {
                    if rc.bad.contains(&c) {
                        continue;
                    }
                    let label = self.col_label(c);
                    let m = tr!(self.lang, format!("{label}：{}", d.message), format!("{label}: {}", d.message));
                    if d.severity == Severity::Error {
                        rc.errors += 1;
                        rc.bad.insert(c);
                    }
                    let key = vals.get(i).map_or("", |g| yaml_key(g.name));
                    let help = d.help.map(|h| crate::yaml::fields::import_list_help(&h, key, self.lang));
                    self.sheet_diag(d.code, rc.row, c, m, help);
                }
                Some(From::Default(p)) => {
                    if d.severity == Severity::Error {
                        rc.errors += 1;
                    }
                    let dd = Diagnostic { path: self.map.display.clone(), pos: p, ..d };
                    if !self.diags.contains(&dd) {
                        self.diags.push(dd);
                    }
                }
                None => {}
            }
        }
        rec.filter(|_| rc.errors == 0)
    }
}

impl Job<'_> {
    pub(super) fn check_required_columns(&mut self) {
        let row = self.cols.header_row;
        let has = |j: &Job, name: &str| {
            j.cols.by_field.contains_key(name)
                || j.map.defaults.contains_key(name)
                || j.cols.parts.get(name).is_some_and(|p| p.0.is_some())
        };
        let mut missing: Vec<&'static Field> =
            self.fields.iter().filter(|f| f.required && !has(self, f.name)).collect();
        if self.kind == ImportKind::Fees {
            if !has(self, "amount") && !has(self, "paid") {
                missing.push(self.field("amount"));
            }
            if has(self, "paid") && !has(self, "date") {
                missing.push(self.field("date"));
            }
        }
        // Where the header was read, when it takes two rows.
        let (a, b) = (self.cols.first_header_row, row);
        let (pre_zh, pre_en) = if a < b {
            (format!("表头在第 {a}–{b} 行，"), format!("header in rows {a}–{b}: "))
        } else {
            (String::new(), String::new())
        };
        for f in missing {
            let names = f.headers.join("、");
            let m = tr!(
                self.lang,
                format!("{pre_zh}缺少必填列「{}」（字段 `{}`）", f.headers[0], f.name),
                format!("{pre_en}missing required column {} (field `{}`)", f.headers[0], f.name)
            );
            let help = tr!(
                self.lang,
                format!("可识别的列名：{names}；列名不同时，在 --map 映射文件的 columns 中写 `你的列名: {}`", f.name),
                format!(
                    "recognised headers: {names}; for another name add `YOUR HEADER: {}` to the --map file's columns",
                    f.name
                )
            );
            self.sheet_diag(Code::ImportColumnMissing, row, 0, m, Some(help));
        }
        // A date column mapped as `FIELD.date` needs its time column, and the other way round.
        let parts: Vec<(&'static str, DateTimeCols)> = self.cols.parts.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (d, t)) in parts {
            if self.cols.by_field.contains_key(name) {
                let c = self.cols.by_field[name];
                let m = tr!(
                    self.lang,
                    format!(
                        "{}：字段 `{name}` 已由这一列给出，又映射了 `{name}.date`/`{name}.time`",
                        self.col_label(c)
                    ),
                    format!(
                        "{}: `{name}` comes from this column and also from `{name}.date`/`{name}.time`",
                        self.col_label(c)
                    )
                );
                self.sheet_diag(Code::ImportDateTimeMap, row, c, m, None);
                continue;
            }
            let (have, lack, col) = match (d, t) {
                (Some(c), None) => ("date", "time", c),
                (None, Some(c)) => ("time", "date", c),
                _ => continue,
            };
            let m = tr!(
                self.lang,
                "{pre_zh}映射了 `{name}.{have}`，但表格中没有映射为 `{name}.{lack}` 的列（不会按 00:00 猜测）",
                "{pre_en}`{name}.{have}` is mapped but no column is mapped as `{name}.{lack}` (never guessed as midnight)"
            );
            self.sheet_diag(Code::ImportDateTimeMap, row, col, m, None);
        }
    }

    /// Reports a unit not in households.yaml.
    pub(super) fn check_unit(&mut self, rc: &mut RowCx, vals: &[Got], units: &HashSet<&str>) {
        let Some(g) = vals.iter().find(|g| g.name == "unit") else { return };
        if units.is_empty() || units.contains(g.val.text.as_str()) {
            return;
        }
        // A unit equal but for formatting to several households is never
        // matched to one of them; nor is another family's unit proposed.
        let same = self.units.equal(&g.val.text);
        let hint = if same.is_empty() {
            did_you_mean(&g.val.text, units.iter().copied())
                .map(|h| tr!(self.lang, "是不是想写 `{h}`？", "did you mean `{h}`?"))
        } else {
            let list = same.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(" / ");
            Some(tr!(
                self.lang,
                "households.yaml 中有写法不同的 {list}，无法确定是哪一户：在表格中写出准确的房号",
                "households.yaml has {list}, written differently; write the exact unit in the sheet"
            ))
        };
        let unit = g.val.text.clone();
        match g.from {
            From::Col(c) => self.cell_err(
                Code::UnitUnknown,
                rc,
                c,
                msg!("房号 `{unit}` 不在 households.yaml 中", "unit `{unit}` is not in households.yaml"),
                hint,
            ),
            From::Default(p) => {
                let m =
                    tr!(self.lang, "房号 `{unit}` 不在 households.yaml 中", "unit `{unit}` is not in households.yaml");
                let d = Diagnostic::new(Code::UnitUnknown, &self.map.display, p, m);
                if !self.diags.contains(&d) {
                    self.diags.push(d);
                }
                rc.errors += 1;
            }
        }
    }

    /// Compares a row with the record already in the file; reports a conflict.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn conflict(
        &mut self,
        rc: &mut RowCx,
        key: (&str, &str),
        old: &Fields,
        new: &Fields,
        cmp: &[(&'static str, &'static str)],
        path: &str,
        line: u32,
    ) -> bool {
        let mut diffs = Vec::new();
        let mut first_col = None;
        for &(name, k) in cmp {
            let (a, b) = (value_of(old, k), value_of(new, k));
            if a == b {
                continue;
            }
            let col = self.cols.by_field.get(name).copied();
            first_col = first_col.or(col);
            let label = col.map(|c| self.cols.headers[c].clone()).unwrap_or_else(|| name.to_string());
            let none = tr!(self.lang, "空", "empty");
            diffs.push(tr!(
                self.lang,
                format!("{label}（现有 {}，表格 {}）", a.unwrap_or(&none), b.unwrap_or(&none)),
                format!("{label} (existing {}, sheet {})", a.unwrap_or(&none), b.unwrap_or(&none))
            ));
        }
        if diffs.is_empty() {
            return false;
        }
        let col = first_col.unwrap_or(0);
        let sep = tr!(self.lang, "；", "; ");
        self.cell_err(Code::ImportConflict, rc, col, msg!(["{} 已在 {path} 第 {line} 行，内容不同：{}", key.0, diffs.join(&sep)], ["{} is already in {path} line {line} with different content: {}", key.1, diffs.join(&sep)]), // `--update` rewrites tickets and complaints only: for fees it would be advice that fails.
            Some(if self.kind == ImportKind::Fees {
                tr!(self.lang, "核对后手工修改现有记录，或从表格中删去这一行（缴费与账单不能用 --update 更新）", "fix the existing record by hand or remove this row (--update does not apply to bills and payments)")
            } else {
                tr!(self.lang, "这是系统后来导出的新内容时，加上 --update 用表格更新这条记录（只改变化的字段）；否则核对后手工修改，或从表格中删去这一行", "if the sheet is a later export, add --update to update the record from it (only the changed fields); otherwise fix the record by hand or remove this row")
            }));
        true
    }

    pub(super) fn col(&self, name: &str) -> usize {
        self.cols.by_field.get(name).copied().unwrap_or(usize::MAX)
    }

    pub(super) fn files_path(&self, file: u32) -> String {
        self.files.get(file as usize).cloned().unwrap_or_default()
    }

    /// The (field, record key) pairs a sheet gives, for comparing with an existing record.
    pub(super) fn compared(&self, names: &[&'static str]) -> Vec<(&'static str, &'static str)> {
        names
            .iter()
            .filter(|n| self.cols.by_field.contains_key(*n) || self.map.defaults.contains_key(*n))
            .map(|n| (*n, yaml_key(n)))
            .collect()
    }
}
