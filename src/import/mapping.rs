//! The mapping file (`--map`): headers to fields, value rewrites, defaults.

use super::*;

/// Which half of a date-and-time field a column gives (`报事日期: reported_at.date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Date,
    Time,
}

/// A column mapping file.
#[derive(Default)]
pub(super) struct Mapping {
    /// Normalised header → field (None: ignore the column).
    pub(super) columns: HashMap<String, Option<&'static str>>,
    /// Normalised header → the date or time part of a date-and-time field.
    pub(super) parts: HashMap<String, (&'static str, Part)>,
    /// Field → (cell text → replacement).
    pub(super) values: HashMap<&'static str, HashMap<String, String>>,
    /// Field → value and where the mapping file wrote it.
    pub(super) defaults: HashMap<&'static str, (Val, Pos)>,
    pub(super) display: String,
}

pub(super) fn field_name(n: &Node, fields: &'static [Field], cx: &mut Ctx) -> Option<&'static str> {
    let s = n.scalar().unwrap_or("").trim();
    if let Some(f) = fields.iter().find(|f| f.name == s) {
        return Some(f.name);
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let hint = did_you_mean(s, names.iter().copied());
    let help = hint.map(|h| tr!(cx.lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
    cx.err_help(
        Code::FieldUnknown,
        n.pos,
        msg!(
            ["未知字段 `{s}`（可用字段：{}）", names.join(", ")],
            ["unknown field `{s}` (expected one of: {})", names.join(", ")]
        ),
        help,
    );
    None
}

pub(super) fn read_map(path: &Path, kind: ImportKind, lang: Lang, diags: &mut Diags) -> Mapping {
    let display = path.to_string_lossy().to_string();
    let mut m = Mapping { display: display.clone(), ..Mapping::default() };
    let text = match load::read_text(path, &display, lang) {
        Ok(t) => t,
        Err(d) => {
            diags.list.push(d);
            return m;
        }
    };
    let fields = fields(kind);
    let mut cx = Ctx { path: &display, lang, diags };
    let root = match yaml::parse_tree(&text) {
        Ok(Some(r)) => r,
        Ok(None) => return m,
        Err(e) => {
            let (text, help) = e.describe();
            cx.err_help(e.code(), e.pos, text, help.map(|h| h.render(lang)));
            return m;
        }
    };
    let Kind::Map(entries) = &root.kind else {
        cx.err(
            Code::ShapeFile,
            root.pos,
            msg!(
                "映射文件应包含 columns:（以及可选的 values:、defaults:）",
                "a mapping file holds `columns:` (and optionally `values:`, `defaults:`)"
            ),
        );
        return m;
    };
    let pairs = |n: &'_ Node<'_>, what: &str, cx: &mut Ctx| -> Vec<(Node<'static>, Node<'static>)> {
        match &n.kind {
            Kind::Map(e) => e.iter().map(|(k, v)| (owned(k), owned(v))).collect(),
            _ if n.is_null() => Vec::new(),
            _ => {
                cx.err(
                    Code::ShapeMap,
                    n.pos,
                    msg!("`{what}` 应为 键: 值 的映射", "`{what}` must be a mapping (key: value)"),
                );
                Vec::new()
            }
        }
    };
    for (k, v) in entries {
        match k.scalar().unwrap_or("") {
            "columns" => {
                for (h, fv) in pairs(v, "columns", &mut cx) {
                    let header = norm_header(h.scalar().unwrap_or(""));
                    let target = fv.scalar().unwrap_or("").trim();
                    let split = [(".date", Part::Date), (".time", Part::Time)]
                        .into_iter()
                        .find_map(|(suf, p)| target.strip_suffix(suf).map(|b| (b, p)));
                    if let Some((base, part)) = split
                        && let Some(f) = fields.iter().find(|f| f.name == base && f.ty == Ty::DateTime)
                    {
                        m.parts.insert(header, (f.name, part));
                        continue;
                    }
                    let target = if fv.is_null() { None } else { field_name(&fv, fields, &mut cx) };
                    if target.is_some() || fv.is_null() {
                        m.columns.insert(header, target);
                    }
                }
            }
            "values" => {
                for (fk, table) in pairs(v, "values", &mut cx) {
                    let Some(name) = field_name(&fk, fields, &mut cx) else { continue };
                    let mut map = HashMap::new();
                    for (from, to) in pairs(&table, name, &mut cx) {
                        map.insert(
                            from.scalar().unwrap_or("").trim().to_string(),
                            to.scalar().unwrap_or("").trim().to_string(),
                        );
                    }
                    m.values.insert(name, map);
                }
            }
            "defaults" => {
                for (fk, dv) in pairs(v, "defaults", &mut cx) {
                    let Some(name) = field_name(&fk, fields, &mut cx) else { continue };
                    let ty = fields.iter().find(|f| f.name == name).map(|f| f.ty).unwrap_or(Ty::Text);
                    let text = dv.scalar().unwrap_or("").to_string();
                    match convert(&Cell::Text(text), ty) {
                        Ok(Some(val)) => {
                            m.defaults.insert(name, (val, dv.pos));
                        }
                        Ok(None) => {}
                        Err(msg) => {
                            let help = msg.help.map(|h| h.render(lang));
                            cx.err_help(Code::ImportCell, dv.pos, msg.text, help);
                        }
                    }
                }
            }
            other => {
                let hint = did_you_mean(other, ["columns", "values", "defaults"])
                    .map(|h| tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
                cx.err_help(
                    Code::FieldUnknown,
                    k.pos,
                    msg!(
                        "未知字段 `{other}`（可用：columns, values, defaults）",
                        "unknown field `{other}` (expected columns, values or defaults)"
                    ),
                    hint,
                );
            }
        }
    }
    m
}

/// A copy of a node that no longer borrows the file's text.
pub(super) fn owned(n: &Node) -> Node<'static> {
    let kind = match &n.kind {
        Kind::Scalar(s, st) => Kind::Scalar(std::borrow::Cow::Owned(s.to_string()), *st),
        Kind::Seq(v) => Kind::Seq(v.iter().map(owned).collect()),
        Kind::Map(v) => Kind::Map(v.iter().map(|(k, x)| (owned(k), owned(x))).collect()),
    };
    Node { pos: n.pos, kind }
}
