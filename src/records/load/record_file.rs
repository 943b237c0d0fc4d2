//! One record file: parse (or take from the cache) a month's `tickets.yaml`, …
//! into records and diagnostics, one record at a time.

use super::*;

pub(super) fn yaml_error(cx: &mut Ctx, e: yaml::YamlError) {
    let (m, help) = e.describe();
    let help = help.map(|h| h.render(cx.lang));
    cx.err_help(e.code(), e.pos, m, help);
}

/// Parses a file whose top level is a list of records.
pub(super) fn seq_file<T>(
    src: &str,
    cx: &mut Ctx,
    mut f: impl FnMut(&Node, &mut Ctx) -> Option<T>,
    what: &str,
) -> (Vec<T>, bool) {
    let mut out = Vec::new();
    let mut shape_reported = false;
    let (_, errors) = yaml::stream_all(src, |it| match it {
        Item::SeqItem(_, n) => {
            if let Some(v) = f(&n, cx) {
                out.push(v);
            }
        }
        Item::TopScalar(n) if n.is_null() => {}
        Item::TopScalar(n) | Item::Entry(n, _) | Item::SeqEntry(n, _) => {
            if !shape_reported {
                cx.err(
                    Code::ShapeList,
                    n.pos,
                    msg!(
                        "{what}应为记录列表（每条以 - 开头）",
                        "{what} must be a list of records (each starting with -)"
                    ),
                );
                shape_reported = true;
            }
        }
        Item::SeqEntryItem(..) => {}
    });
    // A file of the wrong shape, or with a syntax error, counts as unread:
    // references into it are not dangling.
    let clean = errors.is_empty();
    for e in errors {
        yaml_error(cx, e);
    }
    (out, clean && !shape_reported)
}

/// The parsed contents of one record file (what the parse cache stores).
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(super) struct FileOut {
    pub(super) records: Records,
    pub(super) parsed: bool,
    /// Keys of records that failed, so references to them are not "dangling".
    pub(super) broken_keys: BrokenKeys,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) first_record: Option<Pos>,
}

impl FileOut {
    /// The records, and the rest of what the parse gave (with the file's size and key).
    pub(super) fn split(self, bytes: u64, key: Key) -> (Records, FileMeta) {
        let meta = FileMeta {
            key,
            bytes,
            parsed: self.parsed,
            broken_keys: self.broken_keys,
            diags: self.diags,
            first_record: self.first_record,
        };
        (self.records, meta)
    }
}

pub(super) fn peek(n: &Node, key: &str) -> Option<String> {
    if let yaml::Kind::Map(e) = &n.kind {
        return e.iter().find(|(k, _)| k.scalar() == Some(key)).and_then(|(_, v)| v.scalar()).map(str::to_string);
    }
    None
}

pub(super) fn parse_record_file(kind: RecordKind, src: &str, display: &str, ru: &Rules) -> FileOut {
    let mut diags = Diags::default();
    let mut cx = Ctx { path: display, lang: ru.site.lang, diags: &mut diags };
    let mut out = FileOut::default();
    let mut broken = BrokenKeys::default();
    let mut first: Option<Pos> = None;
    macro_rules! seq {
        ($f:path, $field:ident, $what:expr, $id:expr, $unit:expr) => {{
            let (v, ok) = seq_file(
                src,
                &mut cx,
                |n, cx| {
                    first.get_or_insert(n.pos);
                    let r = $f(n, cx, ru);
                    if r.is_none() {
                        broken.ids.extend($id.and_then(|key| broken_key(key, n, cx.lang)));
                        broken.units.extend($unit.then(|| broken_key("unit", n, cx.lang)).flatten());
                    }
                    r
                },
                $what,
            );
            out.records.$field = v;
            out.parsed = ok;
        }};
    }
    let (id, none) = (Some("id"), None::<&str>);
    match kind {
        // The last two arguments: the kind's id field, and whether it has a
        // `unit` field checked against households.yaml.
        RecordKind::Tickets => seq!(parse::ticket, tickets, "tickets.yaml", id, true),
        RecordKind::Complaints => seq!(parse::complaint, complaints, "complaints.yaml", id, true),
        RecordKind::Visits => seq!(parse::visit, visits, "visits.yaml", none, true),
        RecordKind::Surveys => seq!(parse::survey, surveys, "surveys.yaml", none, true),
        RecordKind::Inspections => seq!(parse::inspection, inspections, "inspections.yaml", none, false),
        RecordKind::LostFound => seq!(parse::lost_item, lost_found, "lost-found.yaml", id, false),
        RecordKind::Meetings => seq!(parse::meeting, meetings, "meetings.yaml", none, false),
        RecordKind::Worklog => seq!(parse::worklog, worklogs, "worklog.yaml", none, false),
        RecordKind::Fees => {
            let mut section: Option<String> = None;
            let mut bad_shape = false;
            let mut seen: Vec<String> = Vec::new();
            let (_, errors) = yaml::stream_all(src, |it| match it {
                Item::SeqEntry(k, _) => {
                    let ks = k.scalar().unwrap_or("").to_string();
                    if repeated_key(&mut cx, &k, &mut seen) {
                        // The repeat's records are not read (as with any repeated key).
                        bad_shape = true;
                        section = None;
                        return;
                    }
                    if ks != "bills" && ks != "payments" {
                        unknown_fees_key(&mut cx, &k);
                        bad_shape = true;
                    }
                    section = Some(ks);
                }
                Item::SeqEntryItem(_, n) => {
                    fee_record(section.as_deref(), &n, &mut cx, ru, &mut out.records, &mut broken, &mut first)
                }
                Item::Entry(k, v) => {
                    let ks = k.scalar().unwrap_or("");
                    if repeated_key(&mut cx, &k, &mut seen) {
                        bad_shape = true;
                    } else if ks != "bills" && ks != "payments" {
                        unknown_fees_key(&mut cx, &k);
                        bad_shape = true;
                    } else if let yaml::Kind::Seq(items) = &v.kind {
                        // A list the streamer kept whole (anchored, or an alias).
                        for n in items {
                            fee_record(Some(ks), n, &mut cx, ru, &mut out.records, &mut broken, &mut first);
                        }
                    } else if !v.is_null() {
                        cx.err(Code::ShapeList, v.pos, msg!("`{ks}` 应为记录列表", "`{ks}` must be a list of records"));
                        bad_shape = true;
                    }
                }
                Item::SeqItem(_, n) | Item::TopScalar(n) => {
                    if !n.is_null() && !bad_shape && !matches!(n.kind, yaml::Kind::Map(ref e) if e.is_empty()) {
                        bad_shape = true;
                        cx.err(
                            Code::ShapeFile,
                            n.pos,
                            msg!(
                                "fees.yaml 应包含 bills: 和 payments: 两个列表",
                                "fees.yaml must hold `bills:` and `payments:` lists"
                            ),
                        );
                    }
                }
            });
            // Like a syntax error, a wrong shape hides "payment names no bill" elsewhere.
            out.parsed = errors.is_empty() && !bad_shape;
            for e in errors {
                yaml_error(&mut cx, e);
            }
        }
    }
    out.broken_keys = broken;
    out.first_record = first;
    out.diags = diags.list;
    out
}

/// Field `key` (`unit`, `id`) of record `n`, which had errors, read as its
/// parser reads such a field (`fields::key_text`), if it reads without error
/// (an error there was reported already).
fn broken_key(key: &str, n: &Node, lang: Lang) -> Option<crate::yaml::Spanned<String>> {
    let yaml::Kind::Map(entries) = &n.kind else { return None };
    let (_, v) = entries.iter().find(|(k, _)| k.scalar() == Some(key))?;
    let mut diags = Diags::default();
    let unit = crate::yaml::fields::key_text(v, &mut Ctx { path: "", lang, diags: &mut diags });
    unit.filter(|_| diags.list.is_empty())
}

/// Reports a top-level key of fees.yaml seen before (at the repeat); true if it was.
pub(super) fn repeated_key(cx: &mut Ctx, k: &Node, seen: &mut Vec<String>) -> bool {
    let ks = k.scalar().unwrap_or("");
    if seen.iter().any(|s| s == ks) {
        cx.err(Code::KeyRepeated, k.pos, msg!("键 `{ks}` 重复出现", "key `{ks}` is repeated in this map"));
        return true;
    }
    seen.push(ks.to_string());
    false
}

/// Reports a top-level key of fees.yaml other than `bills` and `payments`.
pub(super) fn unknown_fees_key(cx: &mut Ctx, k: &Node) {
    let ks = k.scalar().unwrap_or("");
    let hint =
        did_you_mean(ks, ["bills", "payments"]).map(|h| tr!(cx.lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
    cx.err_help(
        Code::FieldUnknown,
        k.pos,
        msg!("未知字段 `{ks}`（可用：bills, payments）", "unknown field `{ks}` (expected bills or payments)"),
        hint,
    );
}

/// Reads one bill or payment of fees.yaml; a failed bill's key is kept so
/// payments naming it are not reported as naming no bill.
pub(super) fn fee_record(
    section: Option<&str>,
    n: &Node,
    cx: &mut Ctx,
    ru: &Rules,
    records: &mut Records,
    broken: &mut BrokenKeys,
    first: &mut Option<Pos>,
) {
    if !matches!(section, Some("bills" | "payments")) {
        return;
    }
    first.get_or_insert(n.pos);
    match section {
        Some("bills") => match parse::bill(n, cx, ru) {
            Some(b) => records.bills.push(b),
            None => {
                if let (Some(u), Some(i), Some(p)) = (peek(n, "unit"), peek(n, "item"), peek(n, "period")) {
                    broken.bills.push(BillKey { unit: u, item: i, period: p });
                }
                broken.units.extend(broken_key("unit", n, cx.lang));
            }
        },
        Some("payments") => match parse::payment(n, cx, ru) {
            Some(p) => records.payments.push(p),
            None => broken.units.extend(broken_key("unit", n, cx.lang)),
        },
        _ => {}
    }
}

#[derive(Clone)]
pub(super) struct RecordFile {
    pub(super) rel: String,
    pub(super) path: PathBuf,
    pub(super) folder: Month,
    pub(super) kind: RecordKind,
}

/// Reads one record file and parses it, or takes its records from `cache`.
/// Returns what it found, how many bytes of text it read, and its key.
pub(super) fn load_record_file(
    f: &RecordFile,
    i: usize,
    source: &Source,
    site: &Site,
    site_text: &str,
    cache: &Cache,
) -> (FileOut, u64, Key) {
    let lang = site.lang;
    let display = source.show(&f.rel);
    match read_bytes(&f.path, &display, lang) {
        Err(d) => (FileOut { diags: vec![d], ..FileOut::default() }, 0, Key(0)),
        Ok(raw) => {
            // Keyed by the file's raw bytes: a hit needs no encoding check.
            let key = Key::of(&[
                display.as_bytes(),
                site_text.as_bytes(),
                f.kind.file_name().as_bytes(),
                f.rel.as_bytes(),
                &raw,
            ]);
            if cache.has(&display, key) {
                let n = raw.len() as u64 - if raw.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
                // The cached records replace the bytes: free them before decoding, so
                // a 100 MB file is not held as bytes and as records at once.
                drop(raw);
                if let Some(mut out) = cache.get::<FileOut>(&display, key) {
                    out.records.set_file(i as u32);
                    return (out, n, key);
                }
                // An entry that does not decode: read the file again and parse it.
                return parse_uncached(f, i, &display, site, read_bytes(&f.path, &display, lang), lang, cache, key);
            }
            parse_uncached(f, i, &display, site, Ok(raw), lang, cache, key)
        }
    }
}

/// Parses one record file that the cache did not have, and stores the result.
/// Returns what it found, how many bytes of text it read, and the key.
#[allow(clippy::too_many_arguments)]
pub(super) fn parse_uncached(
    f: &RecordFile,
    i: usize,
    display: &str,
    site: &Site,
    raw: Result<Vec<u8>, Diagnostic>,
    lang: Lang,
    cache: &Cache,
    key: Key,
) -> (FileOut, u64, Key) {
    let text = match raw
        .and_then(|b| decode(b).map_err(|m| Diagnostic::new(Code::FileEncoding, display, Pos::START, m.render(lang))))
    {
        Ok(t) => t,
        Err(d) => return (FileOut { diags: vec![d], ..FileOut::default() }, 0, key),
    };
    let ru = Rules { site, folder: f.folder, file: i as u32 };
    let out = parse_record_file(f.kind, &text, display, &ru);
    cache.put(display, key, &out);
    (out, text.len() as u64, key)
}

/// Parses one file's bytes the way `check` does and returns its diagnostics.
///
/// `kind` is a record file name (`tickets.yaml`, …), `calendar.yaml`,
/// `site.yaml`, `notice.md`, `role.md` or `bulletin.md`. Records are read as
/// if in `records/2026-10/` of a site with default settings. This is the
/// entry point of the fuzz targets (fuzz/) and of parser regression tests.
pub fn parse_bytes(kind: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let site = Site::default();
    let text = match decode(bytes.to_vec()) {
        Ok(t) => t,
        Err(m) => return vec![Diagnostic::new(Code::FileEncoding, kind, Pos::START, m.render(Lang::Zh))],
    };
    let mut diags = Diags::default();
    match kind {
        "calendar.yaml" | "site.yaml" => {
            let mut cx = Ctx { path: kind, lang: Lang::Zh, diags: &mut diags };
            match yaml::parse_tree(&text) {
                Err(e) => yaml_error(&mut cx, e),
                Ok(None) => {}
                Ok(Some(n)) if kind == "site.yaml" => {
                    config::from_node(&n, &mut cx);
                }
                Ok(Some(n)) => {
                    calendar::from_node(&n, &mut cx);
                }
            }
            diags.list
        }
        "notice.md" | "role.md" | "bulletin.md" => {
            let dir = match kind {
                "notice.md" => "notices",
                "role.md" => "roles",
                _ => "bulletins",
            };
            let stem = if dir == "bulletins" { "2026-Q3" } else { "page" };
            let mut cx = Ctx { path: kind, lang: Lang::Zh, diags: &mut diags };
            let _ = md_inner(dir, &text, stem, &site, &mut cx);
            diags.list
        }
        _ => match RecordKind::from_file_name(kind) {
            Some(k) => {
                let ru = Rules { site: &site, folder: Month { year: 2026, month: 10 }, file: 0 };
                parse_record_file(k, &text, kind, &ru).diags
            }
            None => Vec::new(),
        },
    }
}
